"""The segmenter's figure count gives the answer of the full _FIGURE search (issue 9)."""

from __future__ import annotations

import random

import pytest

from consistency.document import segment

_ATOMS = ["one", "One", "ONE", "ones", "two", "dozen", "million", "1", "12", "1.5", "1,000", "3.", ",", ".", " ",
          "x", "_", "a1", "1a", "oneone", "ſix", "é", "twenty-one", "\n", "hundred"]  # fmt: skip


def _slow(text: str, start: int, end: int) -> bool:
    found = enumerate(segment._FIGURE.finditer(text, start, end))
    return any(i >= segment.MAX_SENTENCE_FIGURES for i, _ in found)


@pytest.mark.parametrize("seed", range(40))
def test_crowded_counts_what_figure_finds(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(100):
        text = "".join(rnd.choice(_ATOMS) + rnd.choice(["", " ", " "]) for _ in range(rnd.randint(1, 160)))
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        assert segment._crowded(text, start, end) == _slow(text, start, end)


def _slow_abbreviation(text: str, dot: int) -> bool:
    """segment._is_abbreviation as it was: the whole word walked back."""
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    if not word:
        return False
    if word in segment.ABBREVIATIONS:
        return True
    return len(word) == 1 or ("." in word and len(word) <= 6)


def test_abbreviation_walk_stops_early_with_the_same_answer() -> None:
    rnd = random.Random(8)
    pieces = ["Mr", "approx", "U.S", "e.g", "Inc", "a", "Washington", "İİİİ", "x", ".", "..", " ", "Sept", "ABCDEFG"]
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 5))) + "."
        dot = len(text) - 1
        assert segment._is_abbreviation(text, dot) == _slow_abbreviation(text, dot), text
