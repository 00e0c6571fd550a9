"""The rules stage's shortcuts (issue 9) give the answers of the slow paths they replace."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.claims.cache import RE_I_EXTRA, first_words, may_contain_words, sentences_with
from consistency.claims.ordinals import ORDINAL, WORD_VALUES, _cue_sentences
from consistency.rules.checks import base
from consistency.rules.checks.base import correction_sentences
from tests.conftest import extract_text


def test_re_i_extra_lists_every_non_ascii_character_matching_an_ascii_letter() -> None:
    letter = re.compile("[a-z]", re.I)
    found = {chr(cp) for cp in range(128, sys.maxunicode + 1) if letter.match(chr(cp))}
    assert found == set(RE_I_EXTRA)


_WORDS = ("version", "update", "wrongly")
_PIECES = ["v", "E", "R", "s", "ſ", "i", "İ", "ı", "O", "n", " ", "UPDATE", "Wrongly", "é", "ersion", "pdate"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_may_contain_words_is_never_wrong_when_it_says_no(text: str) -> None:
    if any(re.search(w, text, re.I) for w in _WORDS):
        assert may_contain_words(text, _WORDS)


_NOTICES = [
    "An earlier version of this article gave the wrong date.",
    "Correction: the council voted 7-2.",
    "CLARIFICATION — the figure was revised.",
    "This story has been updated to add a comment.",
    "The report mistakenly said 40 people died.",
    "An earlier verſion of this article said so.",
    "The council met on Tuesday and approved 12 homes.",
    "Updates follow.",
]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_NOTICES), min_size=1, max_size=5))
def test_correction_sentences_match_the_per_sentence_scan(parts: list[str]) -> None:
    ex = extract_text(" ".join(parts))
    expected = frozenset(s.index for s in ex.sentences if base._CORRECTION.search(s.text))
    assert correction_sentences(ex) == expected


def test_every_ordinal_word_holds_a_cue() -> None:
    from consistency.claims.ordinals import _CUES

    assert all(any(cue in word for cue in _CUES) for word in WORD_VALUES)


def test_the_ordinal_lookahead_admits_every_ordinal_start() -> None:
    """The first-character lookahead of ORDINAL must hold wherever an ordinal can begin."""
    for word in WORD_VALUES:
        for form in (word, word.upper(), word.title()):
            assert ORDINAL.fullmatch(form), form
    for digits in ("1st", "22nd", "103rd", "57th", "3rd-place"):
        assert ORDINAL.fullmatch(digits), digits


_ORDINAL_PIECES = ["Twenty-First", "57TH", "3rd", "ſecond", "fIRST", "İ", "٣rd", "tenth-placed", "ninth", "the", " ",
                   ". ", "Hundredth", "eighteenth", "ĳ", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ORDINAL_PIECES), min_size=1, max_size=12).map("".join))
def test_every_sentence_with_an_ordinal_passes_the_cue_test(text: str) -> None:
    ex = extract_text(text)
    cued = _cue_sentences(ex)
    for sent in ex.sentences:
        if ORDINAL.search(sent.text):
            assert cued is None or sent.index in cued, sent.text


_LIST_PIECES = ["Both", "bOTH", "the pair", "The Trio", "ſ", "İ", "boTh", "couple", "and", "A", ". ", ", ", " ", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LIST_PIECES), min_size=1, max_size=14).map("".join))
def test_sentences_with_holds_every_sentence_a_case_insensitive_word_matches_in(text: str) -> None:
    ex = extract_text(text)
    words = ("both", "pair", "trio")
    cued = sentences_with(ex, words)
    for sent in ex.sentences:
        if any(re.search(w, sent.text, re.I) for w in words):
            assert cued is None or sent.index in cued, sent.text


def test_first_words_gives_up_on_an_empty_group_or_entry() -> None:
    assert first_words({"pair": 2, "the twins": 2}, ["both"]) == ("pair", "the", "both")
    assert first_words({"pair": 2}, []) is None  # an empty alternation matches everywhere
    assert first_words(["both", " "]) is None
    assert sentences_with(extract_text("Both sides agreed."), None) is None
