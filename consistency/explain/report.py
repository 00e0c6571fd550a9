"""`consistency explain` output. One model (`explain_json`) serves both formats: the JSON
contract of docs/explain.md, and the text an editor scans, rendered from that same model so
the two never disagree."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from typing import Any, TextIO

from consistency.claims.model import Claim
from consistency.errors import ConsistencyError
from consistency.explain.trace import GATES, Decision, Trace
from consistency.extract.numbers import format_number
from consistency.extract.pipeline import Extraction
from consistency.findings import Notice
from consistency.report.extraction import _located
from consistency.report.findings import error_json, safe
from consistency.rules.checks.base import Mark
from consistency.rules.model import Rule

VERSION = 1

_QUIET = frozenset({"repeat", "same-article", "not-selected", "not-comparable", "missing-key", "missing"})
"""Gates the text counts but does not list unless --line asks: figures the rule never paired
(every figure of another kind would be listed for every rule)."""


def explain_json(
    extractions: Sequence[Extraction],
    checked: Sequence[Extraction],
    rules: Sequence[Rule],
    trace: Trace,
    errors: Sequence[ConsistencyError] = (),
    notices: Sequence[Notice] = (),
    line: int | None = None,
) -> dict[str, Any]:
    """The claims of every document and every decision of every rule, in a stable order.
    `extractions` are the documents as read, `checked` the same after the work budget (a
    claim past the budget is listed with `checked: false`); `line` keeps only the claims and
    decisions that touch that line."""
    kept = {(ex.document.path, c.start, c.end) for ex in checked for c in ex.claims}
    documents = []
    for ex in sorted(extractions, key=lambda e: e.document.path):
        claims = []
        for c in ex.claims:
            d = _located(ex, c.as_dict())
            if line is not None and not d["line"] <= line <= d["end_line"]:
                continue
            d["progress"] = c.progress
            d["checked"] = (ex.document.path, c.start, c.end) in kept
            claims.append(d)
        doc = ex.document
        documents.append({
            "path": doc.path,
            "date": ex.reference_date.isoformat() if ex.reference_date else None,
            "title": doc.title,
            "story": doc.story,
            "claims": claims,
        })
    claim_index = {(ex.document.path, c.start, c.end): c for ex in extractions for c in ex.claims}
    by_rule: dict[str, list[dict]] = {}
    for d in trace.decisions:
        out = _decision(d, claim_index)
        if line is None or any(f["line"] <= line <= f["end_line"] for f in out["figures"]):
            by_rule.setdefault(d.rule, []).append(out)
    out_rules = []
    for rule in sorted(rules, key=lambda r: r.id):
        decisions = _unique(by_rule.get(rule.id, []))
        gates = Counter(d["gate"] for d in decisions)
        out_rules.append({
            "id": rule.id,
            "check": rule.check,
            "scope": rule.scope,
            "severity": rule.severity,
            "match_on": list(rule.match_on),
            "when": rule.when.source if rule.when is not None else None,
            "summary": {
                "fired": gates.get("fired", 0),
                "stopped": sum(n for g, n in gates.items() if g != "fired"),
                "gates": dict(sorted(gates.items())),
            },
            "omitted_blocked_pairs": trace.omitted.get(rule.id, 0) if line is None else 0,
            "decisions": decisions,
        })
    return {
        "version": VERSION,
        "line": line,
        "documents": documents,
        "rules": out_rules,
        "gates": dict(GATES),
        "errors": [error_json(e) for e in errors],
        "notices": [{"path": n.path, "reason": n.reason, "message": n.message} for n in notices],
    }


def _figure(mark: Mark, claim_index: dict[tuple, Claim]) -> dict[str, Any]:
    doc = mark.ex.document
    line, column = doc.position(mark.start)
    end_line, end_column = doc.position(mark.end)
    return {
        "path": doc.path,
        "start": mark.start,
        "end": mark.end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "text": doc.text[mark.start : mark.end],
        "claim": claim.index if (claim := claim_index.get((doc.path, mark.start, mark.end))) else None,
        "note": mark.note,
    }


def _decision(d: Decision, claim_index: dict[tuple, Claim]) -> dict[str, Any]:
    claims = [claim_index.get((m.ex.document.path, m.start, m.end)) for m in d.figures]
    near = (
        d.gate == "blocking-key"
        and len(claims) == 2
        and None not in claims
        and any(getattr(claims[0], k) is not None and getattr(claims[0], k) == getattr(claims[1], k)
                for k in ("lemma", "frame"))
    )
    return {
        "outcome": "fired" if d.fired else "stopped",
        "gate": d.gate,
        "reason": GATES[d.gate],
        "detail": d.detail,
        "message": d.message,
        "near_miss": near,
        "figures": [_figure(m, claim_index) for m in d.figures],
    }


def _unique(decisions: list[dict]) -> list[dict]:
    """Fired first, then by where the figures are; one copy of each (a story's figures can
    be reported by more than one pass)."""

    def key(d: dict) -> tuple:
        where = tuple((f["path"], f["start"], f["end"]) for f in d["figures"])
        return (d["outcome"] != "fired", where, d["gate"], d["detail"], d["message"])

    out: dict[tuple, dict] = {}
    for d in decisions:
        out.setdefault(key(d), d)
    return [out[k] for k in sorted(out)]


def write_json(out: TextIO, model: dict[str, Any]) -> None:
    out.write(json.dumps(model, ensure_ascii=False, indent=2, allow_nan=False, sort_keys=False) + "\n")


# --- text ---------------------------------------------------------------------------------


def write_text(out: TextIO, model: dict[str, Any]) -> None:
    """Per document its claims and its article rules' decisions, then the corpus rules'."""
    line = model["line"]
    single = len(model["documents"]) == 1
    corpus = {r["id"] for r in model["rules"] if r["scope"] == "corpus"}
    for doc in model["documents"]:
        out.write(f"{safe(doc['path'])}  ({doc['date'] or 'no reference date'})\n")
        out.write(f"  claims{f' on line {line}' if line is not None else ''}\n")
        for c in doc["claims"]:
            out.write(_claim_block(c))
        if not doc["claims"]:
            out.write("    (none)\n")
        rules = [
            (r, [d for d in r["decisions"] if d["figures"] and d["figures"][0]["path"] == doc["path"]])
            for r in model["rules"]
            if r["id"] not in corpus
        ]
        _write_rules(out, rules, line, False)
    if corpus and (line is None or any(r["decisions"] for r in model["rules"] if r["id"] in corpus)):
        rules = [(r, r["decisions"]) for r in model["rules"] if r["id"] in corpus]
        out.write("across articles (corpus rules)\n")
        _write_rules(out, rules, line, not single)
    for e in model["errors"]:
        out.write(f"{safe(e.get('path') or '')}: error: {safe(e.get('message') or '')}\n")
    for n in model["notices"]:
        out.write(f"{safe(n['path'])}: note[{n['reason']}] {safe(n['message'])}\n")


def _write_rules(out: TextIO, rules: list[tuple[dict, list[dict]]], line: int | None, paths: bool) -> None:
    out.write("  rules\n")
    idle = []
    for rule, decisions in rules:
        if not decisions:
            idle.append(rule["id"])
            continue
        shown = [d for d in decisions if line is not None or _shown(d)]
        hidden = Counter(d["gate"] for d in decisions if not (line is not None or _shown(d)))
        keys = f" · match_on {', '.join(rule['match_on'])}" if rule["match_on"] else ""
        fired = sum(d["outcome"] == "fired" for d in decisions)
        counts = ", ".join(f"{GATES[g]} {n}" for g, n in sorted(hidden.items()))
        if not shown:
            out.write(f"    {rule['id']}  ({rule['check']}): nothing compared; left out: {counts}\n")
            continue
        out.write(f"    {rule['id']}  ({rule['check']}{keys}): {fired} fired, {len(shown) - fired} not\n")
        for d in shown:
            out.write(_decision_line(d, paths))
        if hidden:
            out.write(f"      + {sum(hidden.values())} left out: {counts} (--line N lists them)\n")
    if idle and line is None:
        out.write(f"    nothing to compare: {', '.join(idle)}\n")


def _shown(d: dict) -> bool:
    """Without --line the text shows the findings and the comparisons an editor asks about:
    pairs that got past blocking, and blocked pairs about the same noun or frame."""
    if d["outcome"] == "fired":
        return True
    if d["gate"] in _QUIET:
        return False
    if d["gate"] == "blocking-key":
        return d["near_miss"]
    return True


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _where(f: dict, path: bool) -> str:
    prefix = f"{f['path']}:" if path else ""
    return f"{prefix}{f['line']}:{f['column']} {_quote(f['text'])}"


def _decision_line(d: dict, paths: bool) -> str:
    figures = " vs ".join(_where(f, paths) for f in d["figures"][:3])
    if len(d["figures"]) > 3:
        figures += f" (+{len(d['figures']) - 3})"
    if d["outcome"] == "fired":
        return safe(f"      FIRED  {figures}\n             {d['message']}") + "\n"
    detail = f" — {d['detail']}" if d["detail"] else ""
    return safe(f"      no     {figures}: {d['reason']}{detail}") + "\n"


def _number(x: float | None) -> str:
    if x is None:
        return "∞"
    return format_number(x) if math.isfinite(x) else "∞"


def _claim_block(c: dict) -> str:
    """Three short lines: the figure, what it counts, when and how it is framed."""
    exact = c["low"] == c["high"] == c["value"]
    value = _number(c["value"]) if exact else f"[{_number(c['low'])}, {_number(c['high'])}]"
    unit = "" if c["unit"] == "dimensionless" else f" {c['unit']}"
    where = f"{c['line']}:{c['column']}"
    head = f"    {where:<8}{_quote(c['text'])}  = {value}{unit}  {c['kind']}"
    if c["qualifier"]:
        head += f" ({c['qualifier']})"
    if not c["checked"]:
        head += "  NOT CHECKED (past the work budget)"
    what = _fields(
        ("noun", c["noun"]), ("lemma", c["lemma"]), ("verb", c["predicate"]), ("frame", c["frame"]),
        ("measure", c["measure"]), ("head", c["head"]), ("modifiers", " ".join(c["modifiers"])),
        ("subject", c["subject"]),
    )
    as_of = c["as_of"]
    when = as_of["low"] if as_of["low"] == as_of["high"] else f"{as_of['low']}/{as_of['high']}"
    if as_of["text"]:
        when += f" ({_quote(as_of['text'])})"
    flags = [
        name
        for name, on in (
            ("headline", c["title"]), ("status", c["status"]), ("definite", c["definite"]),
            ("increment", c["increment"]), ("exhaustive", c["exhaustive"]), ("fixed", c["fixed"]),
        )
        if on
    ]
    if c["cumulative"]:
        flags.append("cumulative" + (f" ({c['cumulative_days']} days)" if c["cumulative_days"] else ""))
    if c["quoted"]:
        flags.append(f"quoted ({c['attribution']})" if c["attribution"] else "quoted")
    elif c["attribution"]:
        flags.append(f"attributed to {c['attribution']}")
    if c["role"]:
        flags.append(c["role"] + (f" of claim {c['link']}" if c["link"] is not None else ""))
    places = ", ".join(c["places"] or c["event_places"])
    time = _fields(
        ("as of", when if as_of["low"] else None), ("event", c["event_day"]), ("places", places),
        ("clause", c["clause"]),
    )
    pad = " " * 12
    lines = [head, f"{pad}{what}" if what else "", pad + " · ".join(x for x in (time, *flags) if x)]
    return "".join(f"{safe(x)}\n" for x in lines if x)


def _fields(*pairs: tuple[str, Any]) -> str:
    return " · ".join(f"{k} {v}" for k, v in pairs if v not in (None, "", ()))
