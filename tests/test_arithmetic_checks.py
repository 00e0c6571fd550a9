"""Arithmetic checks: each form that must fire and its correct twin that must stay silent,
properties over generated shares, changes and breakdowns, and the arithmetic lexicon's shape."""

from __future__ import annotations

import functools

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.rules.engine import run_rules
from consistency.rules.loader import load_rule_file
from consistency.rules.model import Rule
from tests.conftest import ROOT, extract_text

RULES = (
    "part-exceeds-whole",
    "share-mismatch",
    "change-mismatch",
    "multiplier-mismatch",
    "parts-total-mismatch",
    "shares-exceed-whole",
    "ratio-mismatch",
)


@functools.cache
def rule(rule_id: str) -> Rule:
    return load_rule_file(ROOT / "rules" / "article" / f"{rule_id}.yaml")


def fired(text: str, only: str | None = None) -> list[str]:
    """Ids of the arithmetic rules that fire on a text."""
    rules = [rule(r) for r in RULES if only in (None, r)]
    return sorted(f.rule for f in run_rules([extract_text(text, "2025-12-01")], rules))


CASES = [
    # (rule, text that must fire, its correct twin)
    (
        "part-exceeds-whole",
        "The district closed all 12 of its schools on Tuesday. Officials said 15 of the district's schools "
        "had suffered damage.",
        "The district closed all 12 of its schools on Tuesday. Officials said 9 of the district's schools "
        "had suffered damage.",
    ),
    (
        "part-exceeds-whole",
        "A survey of 860 nurses found widespread exhaustion. More than 900 of those questioned said they "
        "had considered leaving.",
        "A survey of 860 nurses found widespread exhaustion. More than 500 of those questioned said they "
        "had considered leaving.",
    ),
    (
        "part-exceeds-whole",
        "The college was awarded a $3.8 million federal grant. About $4.1 million of the grant will pay for a lab.",
        "The college was awarded a $3.8 million federal grant. About $2.1 million of the grant will pay for a lab.",
    ),
    (
        "parts-total-mismatch",
        "Delaney scored a hat-trick as Greystone Rovers beat Ardmore United 2-1 on Saturday.",
        "Delaney scored a hat-trick as Greystone Rovers beat Ardmore United 4-1 on Saturday.",
    ),
    (
        "share-mismatch",
        "Of the 2,480 entries, 1,860 were awarded a pass. That gives a pass rate of 68 per cent.",
        "Of the 2,480 entries, 1,860 were awarded a pass. That gives a pass rate of 75 per cent.",
    ),
    (
        "share-mismatch",
        "Of 3,200 children who turned two last year, 2,720 had received a first dose, a rate of 91 per cent.",
        "Of 3,200 children who turned two last year, 2,720 had received a first dose, a rate of 85 per cent.",
    ),
    (
        "share-mismatch",
        "Votes in favour totalled 912 mln, or 81 pct of the 1.02 bln votes cast.",
        "Votes in favour totalled 912 mln, or 89 pct of the 1.02 bln votes cast.",
    ),
    (
        "share-mismatch",
        "The team struggled at the line, making 9 of 15 free throws, a 75 percent clip.",
        "The team struggled at the line, making 9 of 15 free throws, a 60 percent clip.",
    ),
    (
        "change-mismatch",
        "The park welcomed 1.35 million visitors last year, up from 1.1 million in 2024. "
        "That represents an increase of 9 per cent.",
        "The park welcomed 1.35 million visitors last year, up from 1.1 million in 2024. "
        "That represents an increase of 23 per cent.",
    ),
    (
        "change-mismatch",
        "Pelarian exports rose 5.1 pct in June from a year earlier. Shipments abroad totalled 22.4 bln dlrs, "
        "compared with 19.8 bln dlrs in June last year.",
        "Pelarian exports rose 13.1 pct in June from a year earlier. Shipments abroad totalled 22.4 bln dlrs, "
        "compared with 19.8 bln dlrs in June last year.",
    ),
    (
        "change-mismatch",
        "Tenants pay £1,150 a month, up from £1,050 a year ago. The 15 per cent rise is the steepest in the region.",
        "Tenants pay £1,150 a month, up from £1,050 a year ago. The 10 per cent rise is the steepest in the region.",
    ),
    (
        "change-mismatch",
        "Acme's sales fell 5 pct to 95 mln dlrs from 100 mln dlrs, while Brill's rose 3 pct to 40 mln dlrs "
        "from 30 mln dlrs.",
        "Acme's sales fell 5 pct to 95 mln dlrs from 100 mln dlrs, while Brill's rose 33 pct to 40 mln dlrs "
        "from 30 mln dlrs.",
    ),
    (
        "multiplier-mismatch",
        "The waiting list has halved since January. The figure fell from 2,900 at the start of the year to 1,900.",
        "The waiting list has halved since January. The figure fell from 2,900 at the start of the year to 1,450.",
    ),
    (
        "multiplier-mismatch",
        "Solar capacity has quadrupled in three years, from 1.2 megawatts in 2023 to 3 megawatts today.",
        "Solar capacity has quadrupled in three years, from 1.2 megawatts in 2023 to 4.8 megawatts today.",
    ),
    (
        "multiplier-mismatch",
        "Net profit doubled to $4.3m, or 95 cts a share, from $3.1m.",
        "Net profit doubled to $6.3m, or 95 cts a share, from $3.1m.",
    ),
    (
        "parts-total-mismatch",
        "The election left the 60-seat chamber without overall control. Labour had 27 seats, the Conservatives "
        "19, the Liberal Democrats 9 and independents 3.",
        "The election left the 60-seat chamber without overall control. Labour had 27 seats, the Conservatives "
        "21, the Liberal Democrats 9 and independents 3.",
    ),
    (
        "parts-total-mismatch",
        "Forty-two people were taken to hospital after the crash. The casualties were taken to three hospitals: "
        "18 to Pellow General, 15 to the Royal Infirmary and 12 to St Bride's.",
        "Forty-five people were taken to hospital after the crash. The casualties were taken to three hospitals: "
        "18 to Pellow General, 15 to the Royal Infirmary and 12 to St Bride's.",
    ),
    (
        "parts-total-mismatch",
        "The government unveiled a 4.5 bln dlr infrastructure package. The plan earmarks 2.1 bln dlrs for roads, "
        "1.6 bln dlrs for rail and 1.2 bln dlrs for ports.",
        "The government unveiled a 4.9 bln dlr infrastructure package. The plan earmarks 2.1 bln dlrs for roads, "
        "1.6 bln dlrs for rail and 1.2 bln dlrs for ports.",
    ),
    (
        "parts-total-mismatch",
        "The team returned with 14 medals. The haul of six gold, five silver and four bronze was a record.",
        "The team returned with 15 medals. The haul of six gold, five silver and four bronze was a record.",
    ),
    (
        "parts-total-mismatch",
        "Okafor received 43,260 votes to Deverell's 21,400. A total of 39,850 ballots were cast.",
        "Okafor received 23,260 votes to Deverell's 15,400. A total of 39,850 ballots were cast.",
    ),
    (
        "shares-exceed-whole",
        "Among likely voters, 46 percent backed Mendes and 41 percent Alvarez, while 17 percent said they "
        "were undecided.",
        "Among likely voters, 46 percent backed Mendes and 41 percent Alvarez, while 13 percent said they "
        "were undecided.",
    ),
    (
        "shares-exceed-whole",
        "Wind supplied 38 pct of electricity in 2025, ahead of gas on 31 pct. Nuclear provided 19 pct, solar "
        "9 pct and imports the remaining 8 pct.",
        "Wind supplied 38 pct of electricity in 2025, ahead of gas on 31 pct. Nuclear provided 14 pct, solar "
        "9 pct and imports the remaining 8 pct.",
    ),
    (
        "shares-exceed-whole",
        "The combined company will have 58 per cent of subscribers. Nexa alone has 34 per cent and Volte "
        "24 per cent. The third operator holds the remaining 49 per cent of the market.",
        "The combined company will have 58 per cent of subscribers. Nexa alone has 34 per cent and Volte "
        "24 per cent. The third operator holds the remaining 42 per cent of the market.",
    ),
    (
        "ratio-mismatch",
        "One in five adults say they have skipped meals. Overall, 35 per cent of the 2,000 adults surveyed "
        "said they had skipped meals.",
        "One in five adults say they have skipped meals. Overall, 21 per cent of the 2,000 adults surveyed "
        "said they had skipped meals, rising to almost half among single parents.",
    ),
    (
        "ratio-mismatch",
        "Microplastics were found in three out of four fish sampled. The team caught 480 fish. "
        "Microplastics were present in 60 per cent of the fish examined.",
        "Microplastics were found in three out of four fish sampled. The team caught 480 fish. "
        "Microplastics were present in 74 per cent of the fish examined.",
    ),
]


@pytest.mark.parametrize(("rule_id", "wrong", "right"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_fires_and_twin_is_silent(rule_id: str, wrong: str, right: str) -> None:
    assert rule_id in fired(wrong)
    assert fired(right) == []


SILENT = [
    # partial parts, other wholes, subtotals, different groups and measures
    "Eight people, including three children, were killed when a minibus crashed.",
    "Forty-five people were treated. Of those, 19 were taken to hospital, 12 to Abbeyfield General and 7 to the "
    "children's hospital, while the rest were treated at the scene.",
    "Renewable sources generated 53 per cent of the country's electricity. Wind supplied 34 per cent and solar "
    "12 per cent, with hydropower making up the remaining 7 per cent of the renewable share. Gas provided 28 "
    "per cent, nuclear 15 per cent and imports 4 per cent.",
    "Adult social care will take 41 per cent of the budget, up from 36 per cent five years ago, while spending "
    "on transport has risen by 85 per cent.",
    "One in five households are behind on their bills. Among households that use prepayment meters, the "
    "proportion rose to 48 per cent.",
    "The rent rose to £1,240 from £1,130, an increase of about 9.7 per cent. That is almost twice the rate of "
    "growth in earnings, which rose by 5.0 per cent.",
    "The pantry serves about 480 households a week, double the 240 it was helping in April.",
    "Police said the minibus, which was licensed to carry 12 people, had 13 on board. Four passengers were hurt.",
    "Net profit rose 20 pct in the quarter. Revenue was 1.2 bln dlrs, compared with 1.1 bln dlrs a year ago.",
]


@pytest.mark.parametrize("text", SILENT)
def test_silent(text: str) -> None:
    assert fired(text) == []


# --- properties -------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(whole=st.integers(40, 5000), frac=st.floats(0.05, 0.95), off=st.integers(-12, 12))
def test_share_property(whole: int, frac: float, off: int) -> None:
    part = max(1, min(whole - 1, round(whole * frac)))
    true = 100 * part / whole
    stated = round(true) + off
    if not 0 < stated < 100:
        return
    text = f"Of the {whole:,} members, {part:,} voted for the plan, or {stated} percent."
    got = fired(text, "share-mismatch")
    if abs(stated - true) >= 3:
        assert got == ["share-mismatch"]
    elif abs(stated - true) <= 0.5:
        assert got == []


@settings(max_examples=30, deadline=None)
@given(start=st.integers(50, 900), rise=st.integers(1, 60), off=st.integers(-10, 10))
def test_change_property(start: int, rise: int, off: int) -> None:
    end = round(start * (1 + rise / 100))
    true = 100 * (end - start) / start
    stated = round(true) + off
    if stated <= 0:
        return
    text = f"Sales rose {stated} pct to {end} mln dlrs from {start} mln dlrs."
    got = fired(text, "change-mismatch")
    # the ends are rounded to the million, so the true change is an interval
    lo = 100 * ((end - 0.5) - (start + 0.5)) / (start + 0.5)
    hi = 100 * ((end + 0.5) - (start - 0.5)) / (start - 0.5)
    if stated + 0.5 + 0.5 < lo or stated - 0.5 - 0.5 > hi:
        assert got == ["change-mismatch"]
    elif lo <= stated <= hi:
        assert got == []


@settings(max_examples=30, deadline=None)
@given(parts=st.lists(st.integers(2, 40), min_size=3, max_size=5), delta=st.sampled_from([-2, 0, 2]))
def test_breakdown_property(parts: list[int], delta: int) -> None:
    names = ["the Conservatives", "the Greens", "the Liberal Democrats"]
    items = [f"Labour had {parts[0]} seats"] + [f"{names[i]} {p}" for i, p in enumerate(parts[1:-1])]
    listing = ", ".join(items) + f" and independents {parts[-1]}"
    total = sum(parts) + delta
    text = f"The vote left the {total}-seat chamber without overall control. {listing}."
    got = fired(text, "parts-total-mismatch")
    assert got == ([] if delta == 0 else ["parts-total-mismatch"])


# --- lexicon ----------------------------------------------------------------------------


def test_lexicon_shape() -> None:
    data = yaml.safe_load((ROOT / "rules" / "lexicon" / "arithmetic.yaml").read_text("utf-8"))
    for key in ("share_gap_words", "back_pointers", "change_words", "share_cues", "catch_alls", "partial_words"):
        assert isinstance(data[key], list) and all(isinstance(w, str) and w == w.lower() for w in data[key])
    assert all(isinstance(v, int | float) and v > 0 for v in data["multipliers"].values())
    for lo, hi in data["multiplier_qualifiers"].values():
        assert 0 <= lo <= hi
    assert all(isinstance(g, list) and len(g) >= 2 for g in data["measure_synonyms"])
    assert set(data["total_anaphors"].values()) <= {"people", "medal", "money", "seat", "vote"}
