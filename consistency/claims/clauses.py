"""Clauses: the part of a sentence a figure belongs to.

Arithmetic pairs the figures of one clause ("X's sales fell 5 pct to A from B, while Y's rose
3 pct to C from D" is two clauses), and a figure's time and verb are read inside its clause.
Boundaries are coordination and contrast markers after a comma, semicolons, colons and dashes;
a bare "and" is not a boundary ("27 injured and 9 killed" is one event).
"""

from __future__ import annotations

import re

_BOUNDARY = re.compile(
    r"\s*;\s*|\s+[—–]\s+|\s+--\s+|:\s+"
    r"|,\s+(?=(?:while|whereas|but|although|though|compared\s+with|compared\s+to|against|versus|"
    r"with|bringing|leaving|taking|after|before|when|which|and\s+(?:that|the|a|an|its|his|her|their))\b"
    r"|and\s+[A-Z])"
    r"|\s+(?=(?:while|whereas|compared\s+with|compared\s+to)\b)",
)


def clause_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each clause, relative to the sentence; together they cover it."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(sentence):
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
