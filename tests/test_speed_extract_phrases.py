"""The attribution prefilter answers what the full pattern answers (issue 9)."""

from __future__ import annotations

import random
import re

from consistency.extract import phrases

_PIECES = ["according to", "ACCORDING TO", "Accordİng to", "the police", "Mayor Ann Lee", ",", " said", " says",
           " told", "reported", " announced", "as reported by", "Reuters", "estimated", "claimed", "said.", " ",
           "accord", "It", "officials", "the ministry", "saying"]  # fmt: skip


def _full(sentence: str) -> str | None:
    m = phrases._ATTRIBUTION.search(sentence)
    return (next(g for g in m.groups() if g).strip().rstrip(",.") or None) if m else None


def test_only_a_folds_to_a() -> None:
    every = "".join(map(chr, range(0x110000))).encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")
    assert sorted(set(re.findall("a", every, re.I))) == ["A", "a"]


def test_attribution_prefilter_changes_nothing() -> None:
    rnd = random.Random(2)
    for _ in range(5000):
        sentence = " ".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 8)))
        assert phrases.attribution(sentence) == _full(sentence), sentence
