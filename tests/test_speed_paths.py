"""The shortcuts taken for speed (issue 9) give the answers of the slow paths they replace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.claims import names
from consistency.extract import dates, lemmas
from consistency.extract.dates import NEEDS, find_dates

# Fragments that build date-like text: every pattern gets material to match, and near misses.
_FRAGMENTS = [
    "March 5",
    "5 March 2024",
    "Mar. 3–4",
    "the end of June",
    "mid-May",
    "Friday",
    "last Tuesday",
    "on Sunday's",
    "2024-06-01",
    "6/7/2024",
    "Fri, 10/31",
    "Q3 2024",
    "the second quarter of 2023",
    "first half of 2022",
    "the 1990s",
    "last summer",
    "winter 2021",
    "two weeks ago",
    "3 days earlier",
    "a year before",
    "today",
    "this morning",
    "next month",
    "late 2019",
    "3:30 p.m.",
    "10am",
    "noon",
    "midnight",
    "7 o'clock",
    "14:05",
    "in 1998",
    "since 2004",
    "May",
    "may",
    "June?",
    "Dec",
    " ",
    ", ",
    ". ",
    "\n",
    "-",
    "–",
    "/",
    "the",
    "of",
    "5",
    "30",
    "2024",
    "quarter",
    "half",
    "spring",
    "ago",
    "Monday",
    "pm",
    ":",
    "Q4",
]
_texts = st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=14).map("".join)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_every_match_holds_what_its_pattern_needs(text: str) -> None:
    """The prefilter may skip a pattern only on text where that pattern cannot match."""
    for kind, pattern in [*dates._PATTERNS, ("time", dates._TIME)]:
        needs = NEEDS.get(kind)
        for m in pattern.finditer(text):
            if needs is not None:
                assert needs.search(m.group(0)), (kind, m.group(0))


@settings(max_examples=150, deadline=None)
@given(_texts)
def test_prefilter_changes_no_date(text: str) -> None:
    ref = dt.date(2024, 6, 1)
    saved = dict(NEEDS)
    try:
        fast = [d.as_dict() for d in find_dates(text, ref, lambda _: text)]
        NEEDS.clear()
        slow = [d.as_dict() for d in find_dates(text, ref, lambda _: text)]
    finally:
        NEEDS.update(saved)
    assert fast == slow


@pytest.mark.parametrize(
    ("span", "ref"),
    [
        ("3 days ago", dt.date(2024, 3, 1)),
        ("a week ago", dt.date(2024, 1, 3)),
        ("1 month ago", dt.date(2024, 3, 31)),  # month end: relativedelta clips to Feb 29
        ("13 months ago", dt.date(2023, 1, 31)),
        ("an year ago", dt.date(2024, 2, 29)),
        ("4 years ago", dt.date(2024, 2, 29)),
        ("0 weeks ago", dt.date(2025, 12, 1)),
    ],
)
def test_plain_ago_is_what_dateparser_says(span: str, ref: dt.date) -> None:
    import dateparser

    want = dateparser.parse(
        span,
        languages=["en"],
        settings={"RELATIVE_BASE": dt.datetime(ref.year, ref.month, ref.day), "PREFER_DATES_FROM": "past"},
    )
    assert dates._plain_ago(span, ref) == want.date()


def test_plain_ago_leaves_other_spans_to_dateparser() -> None:
    assert dates._plain_ago("a couple of weeks ago", dt.date(2024, 1, 1)) is None
    assert dates._plain_ago("07 days ago", dt.date(2024, 1, 1)) is None
    assert dates._plain_ago("900 years ago", dt.date(1500, 1, 1)) is None  # before year 1000: dateparser decides


_WORDS = ["localities", "were", "children", "evacuated", "mice", "Talvora", "running", "x-rays", "can't", "naïve"]


def test_lemmas_match_simplemma_and_survive_a_damaged_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import simplemma

    monkeypatch.setenv("CONSISTENCY_CACHE_DIR", str(tmp_path))
    lemmas.forget()
    try:
        first = [(lemmas.lemmatize(w), lemmas.is_known(w)) for w in _WORDS]  # decodes, writes the cache
        cached = list(tmp_path.glob("simplemma-*-en.tsv"))
        assert len(cached) == 1
        lemmas.forget()
        second = [(lemmas.lemmatize(w), lemmas.is_known(w)) for w in _WORDS]  # reads it back
        cached[0].write_bytes(cached[0].read_bytes()[:5000])  # truncated: must decode afresh
        lemmas.forget()
        third = [(lemmas.lemmatize(w), lemmas.is_known(w)) for w in _WORDS]
    finally:
        lemmas.forget()
    want = [(simplemma.lemmatize(w, lang="en"), simplemma.is_known(w, lang="en")) for w in _WORDS]
    assert first == second == third == want


def test_lemma_cache_rejects_another_header(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    lemmas._write_cache(path, b"consistency-lemmas 1 v 1 2", {b"mice": b"mouse", b"were": b"be"})
    assert lemmas._read_cache(path, b"consistency-lemmas 1 v 1 2") == {b"mice": b"mouse", b"were": b"be"}
    assert lemmas._read_cache(path, b"consistency-lemmas 1 v 1 3") is None


_NAME_WORDS = ["Ann", "Lee", "of", "the", "in", "Ardley", ".", ",", "said", "Talvora's", "Court"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_NAME_WORDS), max_size=12).map(" ".join))
def test_remembered_names_are_the_computed_ones(text: str) -> None:
    seen = frozenset({"Lee"})
    first = names.names(text, seen)
    first.append((0, 0, "changed by a caller"))  # a caller's list is its own
    assert names.names(text, seen) == names._names(text, seen) == first[:-1]


_SENTENCES = [
    "The fire destroyed 231 homes and damaged 40 more on Friday.",
    "Officials said 12 people died, up from nine on Thursday.",
    "Of the 45 members, 30, or 75%, backed the plan.",
    "The budget rises from $80 million to $100 million, a 25% increase.",
    "The line will run 12 miles (19 km) to the airport.",
    "Another 40 were evacuated by 5 p.m. on March 3, 2024.",
    "Nobody was hurt.",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=6), st.sampled_from(["", "Update: ", "NEW YORK — "]))
def test_a_remembered_sentence_reads_as_a_fresh_one(picked: list[str], lead: str) -> None:
    from consistency.document.model import Document
    from consistency.extract import pipeline

    ref = dt.date(2024, 6, 1)
    text = lead + " ".join(picked)
    pipeline._seen.clear()
    fresh = pipeline.extract_document(Document("a.md", text, ref), ref)
    pipeline.extract_document(Document("b.md", " ".join(reversed(_SENTENCES)), ref), ref)  # same sentences elsewhere
    again = pipeline.extract_document(Document("a.md", text, ref), ref)
    assert [q.as_dict() for q in again.quantities] == [q.as_dict() for q in fresh.quantities]
    assert [q.extra for q in again.quantities] == [q.extra for q in fresh.quantities]
    assert repr(again.claims) == repr(fresh.claims)
    if again.quantities:
        again.quantities[0].extra["x"] = "a caller's copy"  # must not reach the remembered reading
    third = pipeline.extract_document(Document("a.md", text, ref), ref)
    assert [q.extra for q in third.quantities] == [q.extra for q in fresh.quantities]
