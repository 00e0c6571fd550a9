"""Quantities in news wordings: value interval, unit, kind, counted noun."""

from __future__ import annotations

import math

import pytest

from tests.conftest import extract_text

INF = math.inf

# sentence, figure text, (low, high), unit
CASES = [
    ("Officials said 1,234 people died.", "1,234", (1234, 1234), "dimensionless"),
    ("The fire destroyed eighty-seven homes.", "eighty-seven", (87, 87), "dimensionless"),
    ("A dozen people were hurt.", "A dozen", (12, 12), "dimensionless"),
    ("About 1.2 million people voted.", "About 1.2 million", (1.14e6, 1.26e6), "dimensionless"),
    ("Some 1.2 million people voted.", "Some 1.2 million", (1.14e6, 1.26e6), "dimensionless"),
    ("It has 3.5 million residents.", "3.5 million", (3.45e6, 3.55e6), "dimensionless"),
    ("The firm lost 2.3bn last year.", "2.3bn", (2.25e9, 2.35e9), "dimensionless"),
    ("It paid $5.4m for the site.", "$5.4m", (5.35e6, 5.45e6), "dollar"),
    ("Views passed 25k overnight.", "25k", (24500, 25500), "dimensionless"),
    ("The fund holds £300 million.", "£300 million", (299.5e6, 300.5e6), "pound sterling"),
    ("It cost €12.50 a ticket.", "€12.50 a ticket", (12.495, 12.505), "euro"),  # a rate is one quantity
    ("They paid 500 roubles.", "500 roubles", (500, 500), "russian ruble"),
    ("Turnout was 64%.", "64%", (63.5, 64.5), "percentage"),
    ("Turnout was 64.2 per cent.", "64.2 per cent", (64.15, 64.25), "percentage"),
    ("Rates rose 0.25 percentage points.", "0.25 percentage points", (0.245, 0.255), "percentage point"),
    ("More than 150,000 people fled.", "More than 150,000", (150000, INF), "dimensionless"),
    ("At least 300 troops arrived.", "At least 300", (300, INF), "dimensionless"),
    ("Fewer than 20 remained.", "Fewer than 20", (0, 20), "dimensionless"),
    ("Up to 30 people were trapped.", "Up to 30", (0, 30), "dimensionless"),
    ("Nearly 100 homes burned.", "Nearly 100", (90, 100), "dimensionless"),
    ("About 4,000 people marched.", "About 4,000", (3600, 4400), "dimensionless"),
    ("Between 10 and 20 people were hurt.", "10 and 20", (10, 20), "dimensionless"),
    ("It rose 8% to 12% a year.", "8% to 12%", (7.5, 12.5), "percentage"),
    ("Sales reached 3-4 million units.", "3-4 million", (3e6, 4e6), "dimensionless"),
    ("The road is 50 miles long.", "50 miles", (50, 50), "mile"),
    # rates per share in wire and City wordings, pence glued to the figure beside money words
    ("Arden's 9.40 dlrs-a-share cash offer lapsed.", "9.40 dlrs-a-share", (9.395, 9.405), "dollar"),
    ("It is offering 615p in cash for each Pellham share.", "615p in cash for each Pellham share", (615, 615),
     "penny"),
    ("Shares closed at 446p on Friday.", "446p", (446, 446), "penny"),
    ("The offer of 651p a share was agreed.", "651p a share", (651, 651), "penny"),
    ("It fell 40 km away.", "40 km", (40, 40), "kilometre"),
    ("It was 40C in the shade.", "40C", (40, 40), "degree Celsius"),
    ("It was 104F in the shade.", "104F", (104, 104), "degree fahrenheit"),
    ("A 120 km/h wind hit.", "120 km/h", (120, 120), "kilometre per hour"),
    ("The 45-year-old driver was held.", "45-year-old", (45, 45), "year"),
    ("The driver, John Smith, 45, was held.", "45", (45, 45), "year"),
    ("She was aged 72 when she died.", "72", (72, 72), "year"),
    ("Two-thirds of members agreed.", "Two-thirds", (2 / 3, 2 / 3), "dimensionless"),
    ("Polls stayed open for 14 hours.", "14 hours", (14, 14), "hour"),
    ("It spans 4,000 hectares.", "4,000 hectares", (4000, 4000), "hectare"),
]


@pytest.mark.parametrize(("sentence", "surface", "interval", "unit"), CASES)
def test_quantity(sentence: str, surface: str, interval: tuple[float, float], unit: str) -> None:
    ex = extract_text(sentence)
    matches = [q for q in ex.quantities if q.text == surface]
    assert matches, f"{surface!r} not found in {[q.text for q in ex.quantities]}"
    q = matches[0]
    assert q.low == pytest.approx(interval[0]) and q.high == pytest.approx(interval[1])
    assert q.unit == unit


NOT_QUANTITIES = [
    ("The team won 2-0 on Saturday.", "2"),
    ("Call 555-123-4567 for details.", "555"),
    ("He lives at 10 Downing Street.", "10"),
    ("Section 5 of the act applies.", "5"),
    ("COVID-19 spread quickly.", "19"),
    ("Flight 17 was shot down.", "17"),
    ("She came 1st in the race.", "1"),
    ("The polls opened at 7 a.m.", "7"),
    ("It was founded in 2001.", "2001"),
    ("We met on November 30.", "30"),
    ("One of them left.", "One"),
    ("No one knows.", "one"),
]


@pytest.mark.parametrize(("sentence", "figure"), NOT_QUANTITIES)
def test_not_a_quantity(sentence: str, figure: str) -> None:
    ex = extract_text(sentence)
    assert not any(q.text.split()[-1] == figure or q.text == figure for q in ex.quantities), [
        q.text for q in ex.quantities
    ]


def test_counted_noun_and_lemma() -> None:
    ex = extract_text("Forces reclaimed 87 inhabited localities by the night of November 1st.")
    (claim,) = ex.claims
    assert claim.noun == "inhabited localities"
    assert claim.lemma == "inhabited locality"
    assert claim.predicate == "reclaim"


def test_predicate_after_noun() -> None:
    ex = extract_text("Later, the 140 residents who were evacuated returned.")
    (claim,) = ex.claims
    assert (claim.lemma, claim.predicate) == ("resident", "evacuate")


def test_change_is_linked_not_a_range() -> None:
    ex = extract_text("Prices rose from $40 to $60 in a year.")
    first, second = ex.claims
    assert (first.role, second.role) == ("change-from", "change-to")
    assert first.link == 1 and second.link == 0
    assert first.high == 40 and second.low == 60


def test_up_from_is_a_change() -> None:
    ex = extract_text("Cases reached 25,000, up from 19,000 in March.")
    assert [c.role for c in ex.claims] == ["change-to", "change-from"]


def test_part_of_whole_borrows_noun() -> None:
    ex = extract_text("Some 120 of the 600 members voted.")
    part, whole = ex.claims
    assert part.role == "part" and part.link == 1
    assert part.lemma == whole.lemma == "member"


def test_quoted_and_attributed() -> None:
    ex = extract_text('"We lost 40 homes," the mayor said. According to the Red Cross, 12 died.')
    first, second = ex.claims
    assert first.quoted and not second.quoted
    assert second.attribution == "the Red Cross"


def test_offsets_point_at_the_figure() -> None:
    text = "Intro line.\n\nThe storm killed 1,234 people."
    ex = extract_text(text)
    (q,) = ex.quantities
    assert text[q.start : q.end] == "1,234"
    assert ex.document.position(q.start) == (3, 18)


@pytest.mark.parametrize("text", ["The 1080p screen costs more than the old share of the budget.",
                                  "The match is on channel 4 at 9p.", "Turn to page 12p in the annex."])
def test_a_glued_p_is_pence_only_beside_money_words(text: str) -> None:
    """'615p a share' and 'closed at 446p' are pence; a screen's '1080p' and a bare '9p' are not."""
    assert all(c.unit != "penny" for c in extract_text(text).claims)


def test_a_bare_change_end_takes_the_start_unit() -> None:
    from consistency.extract.quantities import find_quantities

    qs = find_quantities("The wait fell from 14 weeks to nine, since the hub opened.", 0, [])
    got = [(q.text, q.unit, q.role) for q in qs]
    assert got == [("14 weeks", "week", "change-from"), ("nine", "week", "change-to")]
    qs = find_quantities("The wait fell from 14 weeks to nine patients.", 0, [])
    assert qs[-1].unit == "dimensionless"


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("A magnitude 6.4 earthquake struck the mountains.", "6.4"),
        ("The 6.9-magnitude quake was felt far away.", "6.9-magnitude"),
        ("an earthquake measuring 6.2 on the Richter scale", "6.2 on the Richter scale"),
        ("a quake of magnitude 7.1 hit the coast", "7.1"),
    ],
)
def test_a_quake_magnitude_is_a_measure(text: str, figure: str) -> None:
    from consistency.extract.quantities import find_quantities

    (q,) = find_quantities(text, 0, [])
    assert (q.text, q.unit, q.kind) == (figure, "magnitude", "measure")


def test_a_figure_near_the_word_magnitude_that_is_no_quake_size() -> None:
    from consistency.extract.quantities import find_quantities

    assert find_quantities("The magnitude of 40 deaths shocked the town.", 0, [])[0].unit == "dimensionless"


def test_a_rate_a_share_keeps_its_unit_before_a_day() -> None:
    from consistency.extract.quantities import find_quantities

    (q,) = find_quantities("The company declared an interim dividend of 0.24 dlrs a share on Monday.", 0, [])
    assert q.text == "0.24 dlrs a share"
    assert [q.text for q in find_quantities("Sales rose to 1.4 bln, from 1.25 bln a year earlier.", 0, [])] == [
        "1.4 bln", "1.25 bln"]


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("The victims, two women now aged 88 and 92 and a man of 84, had been in her care.", ["88", "92", "84"]),
        ("The pair, aged 23 and 25, were arrested along with 30 others.", ["23", "25"]),
        ("Smith, aged 45, and 12 others were hurt.", ["45"]),
    ],
)
def test_ages_joined_to_an_age_and_after_a_person_of(text: str, ages: list[str]) -> None:
    from consistency.extract.quantities import find_quantities

    assert [q.text for q in find_quantities(text, 0, []) if q.kind == "age"] == ages


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The flyover will cost Rs 450 crore, officials said.", 4.5e9),
        ("the Rs 450-lakh project", 4.5e7),
        ("About 1.2 lakh vehicles use the route every day.", 1.2e5),
        ("a ₹3,200-crore project", 3.2e10),
    ],
)
def test_indian_scale_words(text: str, value: float) -> None:
    from consistency.extract.quantities import find_quantities

    assert find_quantities(text, 0, [])[0].value == value
