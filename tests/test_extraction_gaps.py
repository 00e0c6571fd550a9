"""Extraction gaps that cost checks (issue 7): number words after "the", currencies by name,
product and team names that are not counts."""

from __future__ import annotations

import datetime as dt

import pytest

from consistency.document.model import Document
from consistency.extract import extract_document


def _claims(text: str):
    return extract_document(Document("t.md", text, dt.date(2026, 1, 5))).claims


def test_number_word_after_the_is_a_figure() -> None:
    (seven,) = [c for c in _claims("Of the seven people injured, two remained in hospital.") if c.value == 7]
    assert seven.measure == "injuries"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Sales were 900 mln ringgit.", "malaysian ringgit"),
        ("It raised 120 billion yen.", "japanese yen"),
        ("The deal is worth 4 mln Australian dollars.", "australian dollar"),
        ("Profit rose to 2.1 bln zlotys.", "polish zloty"),
        ("The fund holds 40 bln kroner.", "norwegian krone"),
    ],
)
def test_currencies_by_name(text: str, unit: str) -> None:
    assert unit in {c.unit for c in _claims(text)}


@pytest.mark.parametrize(
    "text",
    ["Apple sold the iPhone 11 to fans.", "Fans of the Big 12 in Texas cheered.", "He flew on a Boeing 737 with them."],
)
def test_product_and_league_names_are_not_counts(text: str) -> None:
    assert [c.text for c in _claims(text)] == []


def test_party_seat_lists_stay_counts() -> None:
    text = "Labour had 27 seats, the Conservatives 19, the Liberal Democrats 9 and independents 3."
    assert [c.value for c in _claims(text)] == [27, 19, 9, 3]


@pytest.mark.parametrize(
    ("text", "quantity", "measure"),
    [
        ("Brent crude rose to $58.24 per barrel.", "$58.24 per barrel", "dollar/per barrel"),
        ("Rents average $3,500 a month.", "$3,500 a month", "dollar/per month"),
    ],
)
def test_compound_units_are_one_rate(text: str, quantity: str, measure: str) -> None:
    (c,) = _claims(text)
    assert (c.text, c.measure) == (quantity, measure)


def test_a_rate_is_never_the_same_measure_as_a_total() -> None:
    rate, total = _claims("Fuel costs $58 per barrel. The refinery spent $58 million.")
    assert rate.measure != total.measure
