"""Letters that case-insensitive patterns equate with ASCII ones (İ ı ſ and the Kelvin sign)
reach the word lists as the words they matched: no lookup fails on 'Thouſands' or 'fİrst'."""

from __future__ import annotations

import datetime as dt
import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.document.model import Document
from consistency.extract import extract_document
from consistency.extract.lexicon import RE_I_EXTRA, folded
from consistency.rules.engine import run_rules
from consistency.rules.loader import DEFAULT_RULES, load_rules

_WORDS = [
    "thousands of", "scores of", "dozens of", "millions of", "first", "second", "sixth", "fifth",
    "Tuesday", "Saturday", "last Tuesday", "the second quarter of 2024", "six", "seven", "fifteen",
    "his third title", "the 57th festival", "the six of them: Ann, Bo and Cy", "12 km", "five years old",
]
_SWAPS = {"s": "\u017f", "i": "\u0131", "I": "\u0130", "k": "\u212a"}


def test_folded_spells_what_re_ignorecase_matched() -> None:
    import re

    for ch in RE_I_EXTRA:
        ascii_letter = folded(ch)
        assert len(ascii_letter) == 1 and ascii_letter.isascii()
        assert re.fullmatch(ascii_letter, ch, re.I)
    assert folded("Thou\u017fands") == "thousands"
    assert folded("f\u0130rst") == "first"


@functools.cache
def _rules() -> list:
    rules, errors = load_rules([DEFAULT_RULES])
    assert not errors
    return rules


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5), st.integers(0, 2**16))
def test_folded_letters_never_break_extraction_or_rules(words: list[str], seed: int) -> None:
    text = " and ".join(words) + "."
    chars = list(text)
    for i, ch in enumerate(chars):  # swap roughly every other swappable letter, by the seed's bits
        if ch in _SWAPS and (seed >> (i % 16)) & 1:
            chars[i] = _SWAPS[ch]
    doc = Document("folded.md", "".join(chars), dt.date(2024, 6, 1))
    rules = _rules()
    failures: list[str] = []
    ex = extract_document(doc)
    run_rules([ex], rules, on_error=lambda rule, _path, exc: failures.append(f"{rule.id}: {exc!r}"))
    assert failures == []
