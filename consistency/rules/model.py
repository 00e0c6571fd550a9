"""A rule as loaded from YAML: which check kind, on which claims, with which parameters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Selection:
    """Which claims take part. Quoted speech and correction notices are out unless opted in."""

    kinds: frozenset[str] = frozenset()
    entities: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()
    lemmas: frozenset[str] = frozenset()
    predicates: frozenset[str] = frozenset()
    exclude_lemmas: frozenset[str] = frozenset()
    include_quoted: bool = False
    include_corrections: bool = False


@dataclass(frozen=True)
class ExampleDocument:
    text: str
    date: dt.date | None = None
    story: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Example:
    expect: str  # fire | silent
    documents: tuple[ExampleDocument, ...]
    name: str | None = None
    findings: int | None = None  # exact count when given; else >= 1 for fire
    line: int = 0  # where the example starts in the rule file, for test reports


@dataclass
class Rule:
    id: str
    summary: str
    severity: str
    scope: str
    check: str
    message: str
    path: str
    select: Selection = field(default_factory=Selection)
    match_on: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    when: Any = None  # a compiled expressions.Condition, or None
    examples: tuple[Example, ...] = ()
    description: str | None = None
    experimental: bool = False  # under 90% precision on real text: runs only when selected by id
