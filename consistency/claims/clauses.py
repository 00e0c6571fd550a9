"""Clauses: the part of a sentence a figure belongs to.

Arithmetic pairs the figures of one clause ("X's sales fell 5 pct to A from B, while Y's rose
3 pct to C from D" is two clauses), and a figure's time and verb are read inside its clause.
Boundaries are coordination and contrast markers after a comma, semicolons, colons and dashes;
a bare "and" is not a boundary ("27 injured and 9 killed" is one event).
"""

from __future__ import annotations

import re

from consistency.extract.lexicon import matches_at

_BOUNDARY = re.compile(
    r"\s*;\s*|\s+[—–]\s+|\s+--\s+|:\s+"
    r"|,\s+(?=(?:while|whereas|but|although|though|compared\s+with|compared\s+to|against|versus|"
    r"with|bringing|leaving|taking|after|before|when|which|and\s+(?:that|the|a|an|its|his|her|their))\b"
    r"|and\s+[A-Z])"
    r"|\s+(?=(?:while|whereas|compared\s+with|compared\s+to)\b)",
)


_MARKS = (";", "—", "–", "--", ":", ",")
"""What every _BOUNDARY match holds at its first character after its leading spaces (or
its first): a mark, or one of _WORDS after spaces."""
_WORDS = ("while", "whereas", "compared")


def _starts(sentence: str) -> list[int]:
    """Where a _BOUNDARY match can start (a superset): at a mark, or at the first space of the
    spaces just before a mark or word. A match never starts inside a run of spaces, since one
    from its first space reads the same rest, and never ends inside one (each branch takes the
    spaces after it), so trying only these positions gives `finditer`'s matches. Each branch
    opens with spaces (\\s, which is str.isspace), a mark or a comma or colon; the pattern
    has no re.I, so the words are matched as written."""
    found: set[int] = set()
    for needle in _MARKS + _WORDS:
        at = sentence.find(needle)
        while at >= 0:
            first = at
            while first and sentence[first - 1].isspace():
                first -= 1
            found.add(first)
            found.add(at)
            at = sentence.find(needle, at + 1)
    return sorted(found)


def boundaries(sentence: str) -> list[re.Match[str]]:
    """`_BOUNDARY.finditer(sentence)`, the pattern tried only where a match can start: it opens
    with optional or required spaces, so the engine tried it at every character."""
    return matches_at(_BOUNDARY, sentence, _starts(sentence))


def clause_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each clause, relative to the sentence; together they cover it."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in boundaries(sentence):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(sentence) or not spans:
        spans.append((start, len(sentence)))
    return spans


def clause_of(spans: list[tuple[int, int]], offset: int) -> int:
    """Index of the clause holding a sentence-relative offset (the nearest before it)."""
    best = 0
    for i, (s, _) in enumerate(spans):
        if s <= offset:
            best = i
    return best
