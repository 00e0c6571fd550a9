"""Which documents tell the same story, so corpus rules never compare unrelated articles.

Front-matter `story` decides when both documents have one: all articles with one key are one
group. Otherwise event linking (`consistency.claims.events`) decides pair by pair, so weak
links never chain unrelated articles into one "story". Undated articles without a `story`
are never linked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from consistency.claims.events import linked_pairs
from consistency.extract.pipeline import Extraction


def _order(group: list[Extraction]) -> list[Extraction]:
    return sorted(group, key=lambda ex: (ex.reference_date.isoformat() if ex.reference_date else "", ex.document.path))


def stories(extractions: Sequence[Extraction]) -> list[list[Extraction]]:
    """Groups of two or more documents compared by corpus rules, each in (date, path) order."""
    by_story: dict[str, list[Extraction]] = defaultdict(list)
    for ex in extractions:
        if ex.document.story:
            by_story[ex.document.story].append(ex)
    groups = [_order(g) for g in by_story.values() if len(g) > 1]
    if len(extractions) < 2 or all(ex.document.story for ex in extractions):
        return sorted(groups, key=lambda g: tuple(ex.document.path for ex in g))  # no pair left to link
    for i, j in linked_pairs(extractions):
        a, b = extractions[i], extractions[j]
        if a.document.story and b.document.story:
            continue  # both labelled: the labels have decided
        groups.append(_order([a, b]))
    return sorted(groups, key=lambda g: tuple(ex.document.path for ex in g))
