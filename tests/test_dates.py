"""Date expressions resolved against the reference date."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import extract_text

# sentence, expression text, value, reference date
CASES = [
    ("He spoke on the evening of November 30.", "evening of November 30", "2025-11-30", "2025-12-01"),
    ("It ended on Nov. 30.", "Nov. 30", "2025-11-30", "2025-12-01"),
    ("It began on 30 November 2024.", "30 November 2024", "2024-11-30", "2025-12-01"),
    ("It began in November 2024.", "November 2024", "2024-11", "2025-12-01"),
    ("The vote is on January 5.", "January 5", "2026-01-05", "2025-12-01"),
    ("It was founded in 2001.", "2001", "2001", "2025-12-01"),
    ("Troops arrived on Friday.", "Friday", "2025-11-28", "2025-12-01"),
    ("Troops will arrive on Friday.", "Friday", "2025-12-05", "2025-12-01"),
    ("Results came out last week.", "last week", "2025-11-24/2025-11-30", "2025-12-01"),
    ("Talks stalled earlier this month.", "earlier this month", "2025-12-01", "2025-12-01"),
    ("Sales fell in the third quarter of 2024.", "third quarter of 2024", "2024-07-01/2024-09-30", "2025-12-01"),
    ("It peaked in mid-2024.", "mid-2024", "2024-05-01/2024-09-01", "2025-12-01"),
    ("It has grown since 2018.", "2018", "2018", "2025-12-01"),
    ("It happened two weeks ago.", "two weeks ago", "2025-11-17", "2025-12-01"),
    ("Friday's vote was close.", "Friday's", "2025-11-28", "2025-12-01"),
    ("It was the 1990s.", "the 1990s", "1990-01-01/1999-12-31", "2025-12-01"),
    ("Talks resume by Monday.", "Monday", "2025-12-01", "2025-12-01"),
    ("It opened on 2025-03-04.", "2025-03-04", "2025-03-04", "2025-12-01"),
    # a sentence's first word is capitalised: the time words still count
    ("Last year the fires killed two people.", "Last year", "2024", "2025-12-01"),
    ("Last week's storm cut power.", "Last week", "2025-11-24/2025-11-30", "2025-12-01"),
    ("Yesterday the river peaked.", "Yesterday", "2025-11-30", "2025-12-01"),
    ("Two weeks ago, the plant closed.", "Two weeks ago", "2025-11-17", "2025-12-01"),
    ("Early this month the plant closed.", "Early this month", "2025-12-01", "2025-12-01"),
]


@pytest.mark.parametrize(("sentence", "surface", "value", "ref"), CASES)
def test_date(sentence: str, surface: str, value: str, ref: str) -> None:
    ex = extract_text(sentence, ref)
    found = {d.text: d.value for d in ex.dates}
    assert surface in found, found
    assert found[surface] == value


def test_weekday_next_to_date_is_kept() -> None:
    ex = extract_text("The match is on Friday, June 5, 2026.", "2026-05-01")
    (d,) = [d for d in ex.dates if d.kind == "date"]
    assert d.weekday == 4 and d.value == "2026-06-05"


def test_clock_times_are_times() -> None:
    ex = extract_text("Polls opened at 7 a.m. and closed at 7.30 p.m.")
    assert [(d.kind, d.value) for d in ex.dates] == [("time", "07:00"), ("time", "19:30")]
    assert ex.quantities == []


@pytest.mark.parametrize(
    "sentence", ["We may go.", "The Sun said so.", "He came second.", "It was 5% in May 2020 and 40 dollars."]
)
def test_false_dates(sentence: str) -> None:
    ex = extract_text(sentence)
    assert not [d for d in ex.dates if d.text.lower() in ("may", "we", "sun", "second", "5%", "40")]


def test_no_reference_date_leaves_relative_unresolved() -> None:
    ex = extract_text("It happened last week.", None)
    (d,) = ex.dates
    assert d.value is None and d.note
    assert ex.notes


def test_yearless_date_takes_nearest_year_not_past() -> None:
    ex = extract_text("The summit is on January 3.", "2025-12-20")
    assert ex.dates[0].value == "2026-01-03"


@pytest.mark.parametrize(
    ("text", "value", "weekday"),
    [
        ("It is on Fri, 10/31.", "2026-10-31", 4),
        ("It is on Friday 31/10/2026.", "2026-10-31", 4),
        ("It is on Friday (2026-10-31).", "2026-10-31", 4),
        ("It is on 31 October, a Friday.", "2026-10-31", 4),
        ("It is on Thurs. Oct. 29.", "2026-10-29", 3),
        ("It is on Weds 28 October.", "2026-10-28", 2),
    ],
)
def test_weekday_beside_numeric_and_abbreviated_dates(text: str, value: str, weekday: int) -> None:
    ex = extract_text(text, "2026-10-20")
    (d,) = [d for d in ex.dates if d.kind == "date"]
    assert (d.value, d.weekday) == (value, weekday)
    assert [d for d in ex.dates if d.kind == "weekday"] == []


@pytest.mark.parametrize("text", ["on November 31", "on Feb 30", "on 30 February 2025", "from January 10–1"])
def test_impossible_dates_are_kept_and_marked(text: str) -> None:
    (d,) = extract_text(f"It happened {text}.").dates
    assert d.value is None and d.extra["impossible"]


def test_both_readings_of_a_numeric_date() -> None:
    (d,) = extract_text("It opened on 5/6/2026.").dates
    assert d.value == "2026-05-06" and d.extra["alternatives"] == [dt.date(2026, 6, 5)]


def test_race_times_and_old_years() -> None:
    ex = extract_text("She won in 2:35:52 on 16 March 1322.")
    assert [(d.kind, d.value) for d in ex.dates] == [("date", "1322-03-16")]
