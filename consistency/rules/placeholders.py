"""Which `{…}` placeholders a rule's message may use, so a misspelt one is a rule error at
`path:line:col` when the pack loads, not a literal `{detial}` in a copy editor's report.

A message is filled by the engine (`engine.render`) from three sources: the fields the check
kind puts on its hit (`{person}`, `{actual}` …), the two claims `a` and `b` when the kind
compares claims (`{a.text}`, `{b.where}` …: every field a `when` condition sees, plus `where`),
and `{where}` (where the related span is). The check kinds do not declare their hit fields, so
this table does; `tests/test_rule_authoring.py` runs every kind on the default pack's examples
and fails when a kind gives a field the table does not name, or the table names one no
example gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from consistency.rules.expressions import SAMPLE_CLAIM

CLAIM_FIELDS: frozenset[str] = frozenset({*SAMPLE_CLAIM, "where"})
"""What `{a.X}` and `{b.X}` may name: the claim fields a `when` sees, and `where`."""

ALWAYS: frozenset[str] = frozenset({"where"})
"""Top-level names every finding has."""


@dataclass(frozen=True)
class Provides:
    """What one check kind hands the message: its hit fields, and which claims it sets."""

    fields: tuple[str, ...] = ()
    claims: tuple[str, ...] = ("a", "b")


PROVIDED: dict[str, Provides] = {
    "conflict": Provides(),
    "monotonic": Provides(),
    "scale": Provides(),
    "as-of-lag": Provides(("lag_days", "event_date", "as_of"), ("a",)),
    "part-whole": Provides(("part", "whole")),
    "share": Provides(("actual", "part", "whole")),
    "change": Provides(("actual", "start", "end")),
    "multiplier": Provides(("word", "ratio", "factor")),
    "sum": Provides(("sum", "total", "parts")),
    "share-total": Provides(("sum", "shares")),
    "ratio": Provides(("low", "high", "ratio")),
    "weekday": Provides(("written", "actual", "date", "text"), ()),
    "impossible-date": Provides(("text", "why"), ()),
    "duration": Provides(("start", "end", "actual"), ("a",)),
    "clock": Provides(("start", "end", "written", "actual"), ("a",)),
    "future-past": Provides(("text", "date", "article_date"), ()),
    "conversion": Provides(("expected", "unit")),
    "fixed-fact-article": Provides(("event", "date", "other_date"), ()),
    "fixed-fact-story": Provides(("event", "date", "other_date"), ()),
    "tally-article": Provides(("tally", "other", "day"), ()),
    "tally-story": Provides(("tally", "other", "day"), ()),
    "tally-body": Provides(("tally", "sum", "size"), ()),
    "tally-share": Provides(("pct", "tally", "share"), ()),
    "list-count": Provides(("listed", "names", "count", "word"), ("a",)),
    "ordinal": Provides(("frame", "ordinal", "other"), ()),
    "age": Provides(("person", "detail")),
    "age-drift": Provides(("person", "detail", "moved", "days")),
}

_BRACED = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"[a-z_]+")


@dataclass(frozen=True)
class BadPlaceholder:
    """A placeholder that names nothing the kind provides, at its offset in the message."""

    text: str
    offset: int
    problem: str


def names(kind: str) -> list[str]:
    """Every placeholder a message of this kind may use, sorted (for error messages and docs)."""
    p = PROVIDED.get(kind, Provides())
    return sorted({*p.fields, *ALWAYS}) + [f"{c}.FIELD" for c in p.claims]


def check_message(message: str, kind: str) -> Iterator[BadPlaceholder]:
    """The placeholders of `message` that a rule of check `kind` cannot fill."""
    provides = PROVIDED.get(kind)
    if provides is None:  # an unknown kind is reported by the loader already
        return
    top = {*provides.fields, *ALWAYS}
    for m in _BRACED.finditer(message):
        problem = _problem(m.group(1), kind, provides, top)
        if problem:
            yield BadPlaceholder(m.group(0), m.start(), problem)


def _problem(inner: str, kind: str, provides: Provides, top: set[str]) -> str | None:
    head, dot, field = inner.partition(".")
    if not _NAME.fullmatch(head) or (dot and not _NAME.fullmatch(field)):
        return "is not a placeholder: write {name} or {a.field}, lower-case letters and _"
    if dot:
        if head not in provides.claims:
            has = f"only {' and '.join(provides.claims)}" if provides.claims else "no claims"
            return f"names claim {head!r}, but check {kind!r} gives {has}"
        if field not in CLAIM_FIELDS:
            hint = _suggest(field, CLAIM_FIELDS, head + ".").strip() or "fields: " + ", ".join(sorted(CLAIM_FIELDS))
            return f"names no claim field {field!r} ({hint})"
        return None
    if head in provides.claims:
        return f"is a whole claim: name one of its fields, e.g. {{{head}.text}}"
    if head not in top:
        return f"names no field check {kind!r} provides ({_suggest(head, top, '')}fields: {', '.join(names(kind))})"
    return None


def _suggest(name: str, known: frozenset[str] | set[str], prefix: str) -> str:
    """'did you mean {whole}? ' for a near miss, else ''."""
    import difflib  # only for a message with an unknown placeholder

    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f"did you mean {{{prefix}{close[0]}}}? " if close else ""
