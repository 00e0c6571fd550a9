"""Dated series: the bare figures after a measured one, each with its own day, take its measure."""

from __future__ import annotations

from tests.conftest import extract_text


def _measures(text: str) -> dict[str, str | None]:
    return {c.text: c.measure for c in extract_text(text, "2026-08-15").claims}


def test_each_dated_item_of_a_series_takes_the_opening_measure() -> None:
    found = _measures("The count of cases was 214 on Friday 7 August, 488 on Sunday and 931 on Tuesday.")
    assert found["214"] == found["488"] == found["931"] == "cases"


def test_an_item_without_its_own_day_ends_the_series() -> None:
    found = _measures("The count of cases was 214 on Friday 7 August, and 12 clinics opened on Sunday.")
    assert found["214"] == "cases" and found.get("12") != "cases"


def test_figures_that_are_no_series_keep_their_own_measure() -> None:
    found = _measures("Police arrested 12 people on Friday, and 40 homes were searched on Sunday.")
    assert found["12"] != found["40"]

