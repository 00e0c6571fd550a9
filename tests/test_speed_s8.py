"""Session 8 speed work: each shortcut gives what the long way gives (output must not move).

Every test here compares a fast path with a plain statement of what it replaces, on text or
values hypothesis makes up around the cases the shortcut is about."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

import consistency.extract  # noqa: F401  (claims.build imports back into extraction)
from consistency.claims import events

_ODD = ["İ", "ı", "ſ", "\u212a", "\u00a0", "\u2009", "\n", "\t", "é", "٣", "²"]


# --- event profiles ---------------------------------------------------------------------------


def _figure_text() -> st.SearchStrategy[str]:
    parts = st.sampled_from(
        ["1", "12", "123", "1234", "12345", "8412", "8,412", ",", ".", ",000", ",00", "-", " ", "a", "x1", *_ODD]
    )
    return st.lists(parts, max_size=16).map("".join)


@settings(max_examples=800, deadline=None)
@given(_figure_text())
@example("8,412 votes to 6,930; 123,456,789 and 1.23456 and 0.5,000 then 12345 9,99,999")
@example("1,234.5 and 12345.6 and 1,234,5 ,123,456")
def test_exact_figures_pattern_is_the_plain_one(text: str) -> None:
    """The figure pattern that opens with a digit finds what the lookbehind-first one found."""
    plain = re.compile(events._FIGURE_PLAIN)
    assert [m.span() for m in events._FIGURE.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _surname_clash_long_way(pa: events.Profile, pb: events.Profile) -> set[str]:
    """`events._surname_clash` as first written: each shared surname reads both bodies whole."""
    out = set()
    for surname in pa.body & pb.body:
        if " " in surname or surname.startswith("~"):
            continue
        first_a = events._first_names(pa.body, surname)
        first_b = events._first_names(pb.body, surname)
        if first_a and first_b and not (first_a & first_b):
            out.add(surname)
    return out


_PERSON_WORDS = ["Walsh", "Dean", "Karen", "Nowak", "Kasia", "Teenager", "Church", "Mary", "St", "Jean-Luc",
                 "~walsh", "van", "Adil", "Rahimov", "Police", "Chief", "Smith", "Ann", "Lee"]  # fmt: skip
_BODY_NAMES = st.frozensets(
    st.lists(st.sampled_from(_PERSON_WORDS), min_size=1, max_size=3).map(" ".join), max_size=10
)


def _profile(body: frozenset[str]) -> events.Profile:
    return events.Profile(frozenset(), body, frozenset(), None, frozenset())


@settings(max_examples=500, deadline=None)
@given(_BODY_NAMES, _BODY_NAMES)
@example(frozenset({"Dean Walsh", "Walsh"}), frozenset({"Karen Walsh", "Walsh"}))
@example(frozenset({"Dean Walsh", "Walsh"}), frozenset({"Dean Walsh", "Karen Walsh", "Walsh"}))
@example(frozenset({"Jean-Luc Walsh", "Walsh"}), frozenset({"Kasia Walsh", "Walsh"}))
@example(frozenset({"Church Walsh", "Walsh"}), frozenset({"Kasia Walsh", "Walsh"}))
def test_surname_clash_is_the_long_way(a: frozenset[str], b: frozenset[str]) -> None:
    """The first names by surname, read once per body, give the clashes each surname's own
    reading of both bodies gave."""
    pa, pb = _profile(a), _profile(b)
    assert events._surname_clash(pa, pb) == _surname_clash_long_way(pa, pb)



_ROAD_ENTRIES = ["M", "A", "B", "I", "US", "SR", "Route", "Highway", "Interstate", "State Route", "Road", "N.", "A1"]
_ROAD_PIECES = [*_ROAD_ENTRIES, "9", "614", "95", "12345", "٣", "-", "--", " ", "  ", "\n", "GA", "COVID", "a", "_",
                *_ODD]


@settings(max_examples=800, deadline=None)
@given(
    st.lists(st.sampled_from(_ROAD_PIECES), max_size=16).map("".join),
    st.lists(st.sampled_from(_ROAD_ENTRIES), max_size=6),
    st.lists(st.sampled_from(_ROAD_ENTRIES), max_size=4),
)
@example("the M9 near Kelbrook, the A614, I-95, Route 66, State  Route 1, GA1, COVID-19, M-5", ["M", "A", "I"],
         ["Route", "State Route"])
@example("A1 9 and A19 and N.4", ["A1", "N."], ["A1"])
def test_road_codes_at_their_starts_are_the_scan(text: str, prefixes: list[str], words: list[str]) -> None:
    """The road pattern tried only where an entry's text stands finds what a scan finds."""
    rx = events._road_pattern(prefixes, words)
    gates = events._road_gates(prefixes, words)
    if rx is None or gates is None:
        return
    fast = [(m.span(), m.group(0)) for m in events.matches_at(rx, text, events._road_starts(text, gates))]
    assert fast == [(m.span(), m.group(0)) for m in rx.finditer(text)]


def test_road_codes_of_the_default_pack_use_the_gates() -> None:
    """The default lexicon has literal entries, so the shortcut is taken there."""
    assert events._settings()["road_gates"]

# --- tallies ----------------------------------------------------------------------------------


def _size_text() -> st.SearchStrategy[str]:
    parts = st.sampled_from(
        ["nine", "Nine", "NINE", "seventeen", "40", "1234", "12345", "-", " ", "  ", "\n", "member", "Member",
         "MEMBER", "seat", "strong", "person", "perſon", "ſeat", "council", "City Council", "assembly", "board",
         "the", "x", "a-", ",", *_ODD]
    )  # fmt: skip
    return st.lists(parts, max_size=18).map("".join)


@settings(max_examples=800, deadline=None)
@given(_size_text())
@example("the nine-member Carverton City Council and the 40-seat assembly, a 12-strong board")
@example("a seventeen member council; x9-seat council; 12345-seat council; 1234-member board")
def test_body_size_candidates_give_the_scan(text: str) -> None:
    """The size pattern tried only before its size words finds what a scan of the text finds."""
    from consistency.claims import tallies

    rx = tallies._lexicon()["size"]
    fast = [(m.span(), m.group(0)) for m in tallies._size_matches(rx, text, text.lower())]
    assert fast == [(m.span(), m.group(0)) for m in rx.finditer(text)]


def test_body_size_words_are_the_patterns() -> None:
    """The words the candidates are found by are the size pattern's own."""
    from consistency.claims import tallies

    assert "(?:" + "|".join(tallies._SIZE_WORDS) + ")" in tallies._lexicon()["size"].pattern


# --- quotes -----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["“", "”", '"', "‘", "’", "said", " ", "\n", "a long quote", "x", *_ODD]), max_size=20))
def test_document_quotes_are_the_scan(parts: list[str]) -> None:
    """A document's quote spans, kept on it, are `quote_spans` of its text, also after its text
    is replaced, and a caller's list is its own."""
    from consistency.document.model import Document
    from consistency.document.segment import document_quotes, quote_spans

    doc = Document("q.md", "".join(parts))
    first = document_quotes(doc)
    assert first == quote_spans(doc.text)
    first.append((-1, -1))
    assert document_quotes(doc) == quote_spans(doc.text)
    doc.text = doc.text + " “and more”"
    assert document_quotes(doc) == quote_spans(doc.text)
