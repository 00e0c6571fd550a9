"""Run rules over extracted documents: article rules per document, corpus rules per story.

Findings are deduplicated and sorted, so the same input always gives the same report in the
same order, whatever order the documents came in.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from consistency.claims.model import Claim
from consistency.extract.pipeline import Extraction
from consistency.findings import Finding, Location
from consistency.rules.checks import KINDS
from consistency.rules.checks.base import (
    ArticleContext,
    CorpusContext,
    Hit,
    Item,
    Mark,
    correction_sentences,
    rejection,
    selected,
)
from consistency.rules.model import Rule, Selection
from consistency.rules.stories import stories

if TYPE_CHECKING:
    from consistency.explain.trace import Trace

OnError = Callable[[Rule | None, str, Exception], None]


def run_rules(
    extractions: Sequence[Extraction],
    rules: Sequence[Rule],
    on_error: OnError | None = None,
    trace: Trace | None = None,
    groups: Sequence[Sequence[Extraction]] | None = None,
) -> list[Finding]:
    """With `on_error`, each rule on each document (or story) and each hit runs in a guard: an
    exception is handed to on_error(rule, path, exception) and the rest still runs. Without
    it, exceptions propagate (rule examples and tests want them). With `trace`, every
    decision is recorded there too (`consistency explain`); the findings are the same.
    `groups` are the stories corpus rules compare, when the caller has decided them (a draft
    and each archived article it is linked with); otherwise `stories` groups the documents."""

    def guard(rule: Rule | None, path: str, exc: Exception) -> None:
        if on_error is None:
            raise exc
        on_error(rule, path, exc)

    corrections = {id(ex): correction_sentences(ex) for ex in extractions}
    # Rules share a few selections: each document's selected claims are found once per
    # selection. Items are immutable, so rules may share them (each gets its own list).
    # Equal selections share a number, so the per-document key hashes no Selection.
    same: dict[Selection, int] = {}
    numbers = {id(rule): same.setdefault(rule.select, len(same)) for rule in rules}
    picked: dict[tuple[int, int], tuple[Item, ...]] = {}
    pools: dict[int, list[Item]] = {}  # one Item per claim of each document, for all its rules

    def pick(ex: Extraction, rule: Rule) -> list[Item]:
        key = (id(ex), numbers[id(rule)])
        if key not in picked:
            pool = pools.get(id(ex))
            if pool is None:
                pool = pools[id(ex)] = [Item(ex, c) for c in ex.claims]
            picked[key] = tuple(selected(ex, rule.select, corrections[id(ex)], pool))
        return list(picked[key])

    ordered = sorted(extractions, key=lambda ex: ex.document.path)
    if groups is None:
        groups = []
        try:
            groups = stories(ordered) if any(r.scope == "corpus" for r in rules) else []
        except Exception as exc:
            guard(None, "(story grouping)", exc)
    findings: dict[tuple, Finding] = {}
    for rule in rules:
        kind = KINDS[rule.check]
        hits: list[Hit] = []
        if trace is not None:
            trace.begin(rule)
            for ex in ordered:
                _trace_rejected(trace, rule, ex, corrections[id(ex)])
        if rule.scope == "article":
            for ex in ordered:
                try:
                    if trace is not None:
                        trace.begin(rule)
                    items = pick(ex, rule)
                    hits.extend(list(kind.run_article(ArticleContext(rule, ex, items, trace))))
                except Exception as exc:
                    guard(rule, ex.document.path, exc)
        else:
            for group in groups:
                try:
                    if trace is not None:
                        trace.begin(rule)
                    items = [it for ex in group for it in pick(ex, rule)]
                    hits.extend(list(kind.run_corpus(CorpusContext(rule, group, items, trace))))
                except Exception as exc:
                    guard(rule, min(ex.document.path for ex in group), exc)
        for hit in hits:
            try:
                a, b = _hit_claims(hit)
                if rule.when is not None and not rule.when(a, b, _doc_fields(hit.primary.ex)):
                    if trace is not None:
                        trace.hit(hit, "when", f"when: {rule.when.source}")
                    continue
                finding = _finding(rule, hit, a, b)
            except Exception as exc:
                if trace is not None:
                    trace.hit(hit, "error", f"{type(exc).__name__}: {exc}")
                guard(rule, hit.primary.ex.document.path, exc)
                continue
            if trace is not None:
                seen = finding.sort_key() in findings
                trace.hit(hit, "duplicate" if seen else "fired", "", finding.message)
            findings.setdefault(finding.sort_key(), finding)
    return [findings[k] for k in sorted(findings)]


def _trace_rejected(trace: Trace, rule: Rule, ex: Extraction, corrections: frozenset[int]) -> None:
    """The claims a rule's `select` leaves out, and why (quoted speech, a correction, a kind)."""
    for c in ex.claims:
        why = rejection(c, rule.select, corrections)
        if why is None:
            continue
        if why == "quoted":
            said = f" ({c.attribution})" if c.attribution else ""
            detail = f"quoted speech{said}: exempt unless include_quoted"
        elif why == "correction":
            detail = "in a correction notice: exempt unless include_corrections"
        else:
            wanted = sorted(getattr(rule.select, why))
            field = {"kinds": "kind", "entities": "entity", "units": "unit", "lemmas": "lemma",
                     "predicates": "predicate", "exclude_lemmas": "lemma"}[why]
            value = getattr(c, field)
            verb = "is excluded by" if why == "exclude_lemmas" else "not in"
            detail = f"{field} {value} {verb} select.{why} ({', '.join(wanted)})"
        trace.stop("not-selected", detail, Mark(ex, c.start, c.end))


def _claim_fields(claim: Claim | None, mark: Mark | None) -> dict[str, Any]:
    if claim is None:
        return {}
    d = claim.as_dict()
    as_of = d.pop("as_of")
    d["as_of"] = as_of["low"] if as_of["low"] == as_of["high"] else f"{as_of['low']}/{as_of['high']}"
    d["as_of_text"] = as_of["text"]
    for key in ("low", "high", "value"):
        if d[key] is None:
            d[key] = math.inf if key == "high" else -math.inf
        d[key] = float(d[key])
    if mark is not None:
        d["sentence_text"] = _sentence(mark.ex, mark.start)[0]
        d["path"] = mark.ex.document.path
    return d


def _doc_fields(ex: Extraction) -> dict[str, Any]:
    doc = ex.document
    return {
        "path": doc.path,
        "date": ex.reference_date.isoformat() if ex.reference_date else None,
        "story": doc.story,
        "title": doc.title,
    }


def _sentence(ex: Extraction, offset: int) -> tuple[str, int]:
    sent = ex.sentence_at(offset)
    return (sent.text, sent.start) if sent else ("", offset)


def _location(mark: Mark, message: str = "") -> Location:
    doc = mark.ex.document
    line, column = doc.position(mark.start)
    end_line, end_column = doc.position(mark.end)
    sentence, sentence_start = _sentence(mark.ex, mark.start)
    return Location(
        doc.path, mark.start, mark.end, line, column, end_line, end_column, sentence, sentence_start, message
    )


_FIELD = re.compile(r"\{([a-z_]+)(?:\.([a-z_]+))?\}")


def render(template: str, fields: dict[str, Any]) -> str:
    """Fill `{name}` and `{a.field}` from the hit's fields; an unknown name stays as written.
    Only plain lookups, never Python's str.format (rule files are untrusted)."""

    def one(m: re.Match[str]) -> str:
        value = fields.get(m.group(1))
        if m.group(2):
            value = value.get(m.group(2)) if isinstance(value, dict) else None
        if value is None:
            return m.group(0) if m.group(1) not in fields else _EMPTY
        return _show(value)

    # A field the hit has no value for is left out, with the space before it ('"651p a share"',
    # not '"651p a share ?"').
    return _FIELD.sub(one, template).replace(" " + _EMPTY, "").replace(_EMPTY, "")


_EMPTY = "\x00"


def _show(value: Any) -> str:
    if isinstance(value, float):
        if math.isinf(value):
            return "unbounded"
        if value == int(value) and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.3g}" if abs(value) >= 1000 else f"{value:.3g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _where(mark: Mark, primary: Mark) -> str:
    line, _ = mark.ex.document.position(mark.start)
    if mark.ex is primary.ex:
        return f"line {line}"
    return f"{mark.ex.document.path}:{line}"


def _hit_claims(hit: Hit) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields of a hit's two claims, built once for both the `when` condition and the message."""
    out = []
    for claim, mark in ((hit.a, hit.primary), (hit.b, hit.related[0] if hit.related else None)):
        d = _claim_fields(claim, mark)
        if d and mark is not None:
            d["where"] = _where(mark, hit.primary)
        out.append(d)
    return out[0], out[1]


def _finding(rule: Rule, hit: Hit, a: dict[str, Any], b: dict[str, Any]) -> Finding:
    fields = dict(hit.fields)
    for name, d in (("a", a), ("b", b)):
        if d:
            fields.setdefault(name, d)
    fields.setdefault("where", _where(hit.related[0], hit.primary) if hit.related else "")
    message = render(rule.message, fields)
    related = tuple(_location(m, m.note) for m in hit.related)
    return Finding(rule.id, rule.severity, message, _location(hit.primary, hit.primary.note), related)
