"""Per-document memory for what the claims layer derives from an Extraction, and the cheap
whole-text test the readers use to skip a document that cannot hold what they look for.

The engine runs rule by rule over every document, so a reading several check kinds share
(the arithmetic links, the people of an article, its dated facts and ordinals) would be
rebuilt once per rule. It is kept on the Extraction itself, so it lives exactly as long as
the document and needs no eviction policy.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from consistency.extract.lexicon import RE_I_EXTRA

T = TypeVar("T")


def per_document(build: Callable[[Any], T]) -> Callable[[Any], T]:
    """Cache `build(ex)` on `ex` (an Extraction) under the function's qualified name."""
    key = f"_claims_cache:{build.__module__}.{build.__qualname__}"

    @functools.wraps(build)
    def get(ex: Any) -> T:
        store = ex.__dict__
        if key not in store:
            store[key] = build(ex)
        return store[key]

    get.cache_key = key  # type: ignore[attr-defined]
    return get


def prime(getter: Callable[[Any], T], ex: Any, value: T) -> None:
    """Give `ex` the value a `per_document` getter would build (one the claim store kept)."""
    ex.__dict__[getter.cache_key] = value  # type: ignore[attr-defined]




def may_contain_words(text: str, words: Iterable[str]) -> bool:
    """False only when no pattern for one of these words, even a case-insensitive one, can
    match in `text`: a `lower()` and a substring search per word, far cheaper than an re.I
    scan of a whole document. Sound for lower-case ASCII words; a word that is not one, or a
    text holding one of RE_I_EXTRA, always answers True."""
    words = tuple(words)
    if not all(w.isascii() and w == w.lower() for w in words):
        return True
    low = text.lower()
    return any(w in low for w in words) or any(ch in text for ch in RE_I_EXTRA)


def first_words(*groups: Iterable[str]) -> tuple[str, ...] | None:
    """The first word of every lexicon entry of each group: a pattern built as an alternation
    of a group's entries matches only where one of them stands. None (no such shortcut) when a
    group is empty or holds an empty entry: its alternation would match the empty string."""
    out: list[str] = []
    for group in groups:
        entries = [str(w).split() for w in group]
        if not entries or not all(entries):
            return None
        out.extend(words[0] for words in entries)
    return tuple(out)


@functools.lru_cache(maxsize=64)
def _plain(words: tuple[str, ...]) -> bool:
    """Every word is non-empty lower-case ASCII (the readers ask with the same few tuples)."""
    return all(w and w.isascii() and w == w.lower() for w in words)


def _aligned_lower(ex: Any) -> str | None:
    """The document text lower-cased, when that keeps every offset and re.I folds no character
    of it to an ASCII letter that `lower` does not give (else None). Not kept on the
    extraction: it is cheap, and an extraction travels back from a worker process."""
    text = ex.document.text
    low = text.lower()
    if len(low) != len(text) or any(ch in text for ch in RE_I_EXTRA):
        return None
    return low


def sentences_with(
    ex: Any, words: Iterable[str] | None, pattern: re.Pattern[str] | None = None
) -> set[int] | None:
    """The indices of the sentences whose lower-cased text holds one of `words` (every
    occurrence is found, overlapping ones too) or a match of `pattern` (run on the lower-cased
    text): a superset of the sentences a case-insensitive pattern needing one of them can match
    in. None, meaning every sentence, when that cannot be shown cheaply: a word that is not
    lower-case ASCII (or `words` None), a text holding one of RE_I_EXTRA, or one whose `lower`
    changes its length (offsets would not line up)."""
    if words is None:
        return None
    words = tuple(words)
    if not _plain(words):
        return None
    low = _aligned_lower(ex)
    if low is None:
        return None
    at: list[int] = [m.start() for m in pattern.finditer(low)] if pattern is not None else []
    for w in words:
        i = low.find(w)
        while i >= 0:
            at.append(i)
            i = low.find(w, i + 1)
    out = set()
    for i in at:
        sent = ex.sentence_at(i)
        if sent is not None:
            out.add(sent.index)
    return out


@per_document
def title_sentences(ex: Any) -> int:
    """How many of the document's sentences the headline holds: the body's first sentence has
    this index (the lede rules of facts, headlines and breakdowns all count from it)."""
    span = ex.document.title_span
    return sum(1 for s in ex.sentences if span and s.start < span[1])
