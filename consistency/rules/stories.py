"""Which documents tell the same story, so corpus rules never compare unrelated articles.

Front-matter `story` decides when both documents have it. Otherwise two dated documents are
the same story when their dates are close and they share enough distinctive names; undated
documents without a `story` are never grouped. Names are indexed, so grouping is near-linear.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from consistency.extract.pipeline import Extraction

MAX_DAYS_APART = 14
MIN_SHARED_NAMES = 3
MIN_OVERLAP = 0.4  # shared names over the smaller document's names

_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]+)*")
_COMMON = frozenset(
    "The This That These Those There Their They Then When Where What While With Without After Before "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Mr Mrs Ms Dr President Minister Government Police".split()
)
_COMMON_DOCUMENT_SHARE = 0.2  # a name in more than this share of the documents is not distinctive


def names(ex: Extraction) -> frozenset[str]:
    found = set()
    for m in _NAME.finditer(ex.document.text):
        name = m.group(0)
        if name.split()[0] not in _COMMON:
            found.add(name)
    return frozenset(found)


def stories(extractions: Sequence[Extraction]) -> list[list[Extraction]]:
    """Groups of two or more documents of one story, each in (date, path) order."""
    parent = list(range(len(extractions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    by_story: dict[str, int] = {}
    unlabelled: list[int] = []
    for i, ex in enumerate(extractions):
        story = ex.document.story
        if story:
            if story in by_story:
                union(by_story[story], i)
            else:
                by_story[story] = i
        elif ex.reference_date is not None:
            unlabelled.append(i)

    if len(unlabelled) > 1:
        doc_names = {i: names(extractions[i]) for i in unlabelled}
        frequency = Counter(n for ns in doc_names.values() for n in ns)
        limit = len(unlabelled) if len(unlabelled) < 20 else int(_COMMON_DOCUMENT_SHARE * len(unlabelled))
        index: dict[str, list[int]] = defaultdict(list)
        for i in unlabelled:
            doc_names[i] = frozenset(n for n in doc_names[i] if frequency[n] <= limit)
            for n in doc_names[i]:
                index[n].append(i)
        for i in unlabelled:
            shared = Counter(j for n in doc_names[i] for j in index[n] if j > i)
            for j, count in shared.items():
                date_i, date_j = extractions[i].reference_date, extractions[j].reference_date
                if date_i is None or date_j is None or abs((date_i - date_j).days) > MAX_DAYS_APART:
                    continue
                smaller = min(len(doc_names[i]), len(doc_names[j])) or 1
                if count >= MIN_SHARED_NAMES and count / smaller >= MIN_OVERLAP:
                    union(i, j)

    groups: dict[int, list[Extraction]] = defaultdict(list)
    for i, ex in enumerate(extractions):
        groups[find(i)].append(ex)
    out = [
        sorted(g, key=lambda ex: (ex.reference_date.isoformat() if ex.reference_date else "", ex.document.path))
        for g in groups.values()
        if len(g) > 1
    ]
    return sorted(out, key=lambda g: g[0].document.path)
