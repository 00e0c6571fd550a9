"""The age checks skip the people layer when `may_be_age` and `may_have_births` say no fact can
exist; that is only sound if every age and birth the layer finds passes those tests."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.claims.people import may_be_age, may_have_births, people
from consistency.extract import Extraction
from consistency.rules.loader import DEFAULT_RULES
from consistency.safeyaml import load as load_yaml
from tests.conftest import extract_text

_FRAGMENTS = [
    "Maria Lopez",
    "Raymond Okonjo",
    "Judge Miriam Sato",
    "Mrs Lopez",
    "Carter",
    "He",
    "She",
    "the",
    ", 45,",
    ", 52.",
    " (45)",
    " ( aged 45 )",
    ", aged 81",
    " aged 81",
    " at the age of 81",
    " who is 45",
    " who was 17 when",
    ", who turned 30 and",
    " was 81.",
    " is now 64",
    " turns 30 on",
    ", then 45,",
    " 54-year-old",
    "Every morning 45-year-old",
    " retired",
    " Émile",
    " the 54-year-old",
    "a 67-year-old",
    " died on 3 March 2021,",
    " was born in 1975",
    " newborn",
    " in March",
    " born on 9 May 1947",
    "Born in 1979 in Leicester,",
    " said",
    " and",
    " in Paris",
    " 12",
    " 7 people",
    ". ",
    " ",
]


def _assert_sound(ex: Extraction) -> None:
    found = people(ex)
    claims = {c.index: c for c in ex.claims}
    for age in found.ages:
        assert may_be_age(ex, claims[age.claim]), (ex.document.text, age)
    if found.births:
        assert may_have_births(ex)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=2, max_size=14))
def test_every_bound_age_passes_the_prefilter(parts: list[str]) -> None:
    _assert_sound(extract_text("".join(parts) + "."))


def _age_examples() -> list[tuple[str, str | None]]:
    """(text, date) of every example document of the two age rules."""
    out = []
    for name in ("article/age-mismatch.yaml", "corpus/age-drift.yaml"):
        rule = load_yaml((Path(DEFAULT_RULES) / name).read_text())
        for example in rule.get("examples") or []:
            for doc in [example] if "text" in example else example.get("documents") or []:
                date = doc.get("date")
                out.append((doc["text"], str(date) if date else None))
    return out


def test_the_age_rule_examples_pass_the_prefilter() -> None:
    examples = _age_examples()
    assert len(examples) > 5
    for text, date in examples:
        _assert_sound(extract_text(text, date))
