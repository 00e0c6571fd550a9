"""Lemmas worked out on demand give the frame lookups the answers of the full lists (issue 9)."""

from __future__ import annotations

import random

from consistency.claims import frames

_WORDS = ["who", "were", "killed", "lost", "their", "lives", "critically", "wounded", "the", "its", "dead",
          "shot", "fatally", "and", "homes", "destroyed", "without", "power", "evacuated", "fined", ","]  # fmt: skip


def _eager_after(lex: frames.FrameLexicon, words: list[str], lemmas: list[str]) -> frames.Frame | None:
    """frames._after as it was, on a full list of lemmas."""
    i = 0
    while i < len(words) and (lemmas[i] in lex.skip_after or words[i].lower() in lex.skip_after):
        i += 1
    if i >= len(words) or words[i] in frames._STOP:
        return None
    cleaned = [w for j, w in enumerate(lemmas[i:]) if not (j and w in ("their", "his", "her", "its", "the"))]
    for j in (0, 1):
        if j < len(cleaned):
            hit = lex.phrase_at(cleaned, j, ("state", "predicate"))
            if hit:
                return hit[0]
            if not cleaned[j].endswith("ly"):
                break
    return None


def test_lazy_lemmas_read_like_the_list() -> None:
    lex = frames.frame_lexicon()
    rnd = random.Random(6)
    for _ in range(500):
        words = [rnd.choice(_WORDS) for _ in range(rnd.randint(0, 10))]
        eager = [lex.lemma(w) for w in words]
        lazy = frames._Lemmas(lex, words)
        assert list(lazy) == eager and len(lazy) == len(eager)
        cut = rnd.randint(0, len(words))
        assert list(lazy[cut:]) == eager[cut:]
        assert frames._after(lex, words, frames._Lemmas(lex, words)) == _eager_after(lex, words, eager)
