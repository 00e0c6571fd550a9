"""Write findings: text for people, JSON (the DESIGN.md contract), SARIF 2.1.0 for code hosts,
GitHub workflow annotations. Errors (unreadable documents) appear in every format."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from consistency import __version__
from consistency.errors import InputError, RuleError
from consistency.findings import Finding, Location
from consistency.rules.model import Rule

_MARK_OPEN, _MARK_CLOSE = "»", "«"


def _marked(loc: Location) -> str:
    """The sentence with the figure between » and «, trimmed to one line."""
    s, a, b = loc.sentence, loc.start - loc.sentence_start, loc.end - loc.sentence_start
    if not 0 <= a <= b <= len(s):
        return " ".join(s.split())
    text = s[:a] + _MARK_OPEN + s[a:b] + _MARK_CLOSE + s[b:]
    return " ".join(text.split())


def write_text(out: TextIO, findings: Sequence[Finding], errors: Sequence[InputError], documents: int) -> None:
    for f in findings:
        loc = f.location
        out.write(f"{loc.path}:{loc.line}:{loc.column}: {f.severity}[{f.rule}] {f.message}\n")
        out.write(f"    {_marked(loc)}\n")
        for rel in f.related:
            label = rel.message or "related"
            if rel.path == loc.path and rel.sentence_start == loc.sentence_start:
                figure = loc.sentence[rel.start - rel.sentence_start : rel.end - rel.sentence_start]
                out.write(f"    {label}, same sentence: {_MARK_OPEN}{figure}{_MARK_CLOSE}\n")
                continue
            where = f"line {rel.line}" if rel.path == loc.path else f"{rel.path}:{rel.line}:{rel.column}"
            out.write(f"    {label}, {where}: {_marked(rel)}\n")
    for err in errors:
        out.write(f"{err.path}: error[unreadable] {err.message}\n")
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n) or "no findings"
    unread = f"; {len(errors)} file{'s' if len(errors) != 1 else ''} could not be checked" if errors else ""
    out.write(f"{documents} document{'s' if documents != 1 else ''} checked: {summary}{unread}\n")


def as_json(findings: Sequence[Finding], errors: Sequence[InputError], documents: int) -> dict:
    payload: dict = {
        "version": 1,
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "path": f.location.path,
                "line": f.location.line,
                "column": f.location.column,
                "end_line": f.location.end_line,
                "end_column": f.location.end_column,
                "related": [
                    {"path": r.path, "line": r.line, "column": r.column, "message": r.message or "related"}
                    for r in f.related
                ],
            }
            for f in findings
        ],
        "summary": {"documents": documents, "findings": len(findings)},
    }
    if errors:
        payload["errors"] = [{"path": e.path, "message": e.message} for e in errors]
    return payload


def write_json(out: TextIO, findings: Sequence[Finding], errors: Sequence[InputError], documents: int) -> None:
    json.dump(as_json(findings, errors, documents), out, indent=2, ensure_ascii=False)
    out.write("\n")


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _sarif_location(loc: Location, message: str | None = None, ident: int | None = None) -> dict:
    path = loc.path.split("#", 1)[0]
    out: dict = {
        "physicalLocation": {
            "artifactLocation": {"uri": path},
            "region": {
                "startLine": loc.line,
                "startColumn": loc.column,
                "endLine": loc.end_line,
                "endColumn": loc.end_column,
            },
        }
    }
    if "#" in loc.path:  # a document inside a JSONL feed: lines count within its text
        out["logicalLocations"] = [{"name": loc.path.split("#", 1)[1], "kind": "module"}]
    if message:
        out["message"] = {"text": message}
    if ident is not None:
        out["id"] = ident
    return out


def as_sarif(findings: Sequence[Finding], errors: Sequence[InputError], rules: Sequence[Rule]) -> dict:
    rule_ids = [r.id for r in rules]
    results = []
    for f in findings:
        result: dict = {
            "ruleId": f.rule,
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [_sarif_location(f.location)],
        }
        if f.rule in rule_ids:
            result["ruleIndex"] = rule_ids.index(f.rule)
        if f.related:
            result["relatedLocations"] = [
                _sarif_location(r, r.message or "related", i) for i, r in enumerate(f.related)
            ]
        results.append(result)
    run: dict = {
        "tool": {
            "driver": {
                "name": "consistency",
                "version": __version__,
                "informationUri": "https://github.com/consistency-checker/consistency",
                "rules": [
                    {
                        "id": r.id,
                        "shortDescription": {"text": r.summary},
                        "fullDescription": {"text": r.description or r.summary},
                        "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
                        "properties": {"check": r.check, "scope": r.scope},
                    }
                    for r in rules
                ],
            }
        },
        "results": results,
        "invocations": [
            {
                "executionSuccessful": not errors,
                "toolExecutionNotifications": [
                    {
                        "level": "error",
                        "message": {"text": e.message},
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": e.path.split("#", 1)[0]}}}],
                    }
                    for e in errors
                ],
            }
        ],
    }
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}


def write_sarif(out: TextIO, findings: Sequence[Finding], errors: Sequence[InputError], rules: Sequence[Rule]) -> None:
    json.dump(as_sarif(findings, errors, rules), out, indent=2, ensure_ascii=False)
    out.write("\n")


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def write_github(out: TextIO, findings: Sequence[Finding], errors: Sequence[InputError]) -> None:
    """GitHub Actions workflow commands: one annotation a finding, on the changed lines."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    for f in findings:
        loc = f.location
        props = (
            f"file={_escape(loc.path, True)},line={loc.line},col={loc.column},endLine={loc.end_line},"
            f"endColumn={loc.end_column},title={_escape(f.rule, True)}"
        )
        out.write(f"::{level[f.severity]} {props}::{_escape(f.message)}\n")
    for e in errors:
        out.write(f"::error file={_escape(e.path, True)},title=unreadable::{_escape(e.message)}\n")


def write_rule_errors(out: TextIO, fmt: str, errors: Sequence[RuleError]) -> None:
    """Rule-file errors stop the run; they still come out in the format asked for."""
    if fmt == "json":
        payload = {
            "version": 1,
            "findings": [],
            "summary": {"documents": 0, "findings": 0},
            "errors": [{"path": e.path, "line": e.line, "column": e.column, "message": e.message} for e in errors],
        }
        json.dump(payload, out, indent=2, ensure_ascii=False)
    elif fmt == "sarif":
        sarif = as_sarif([], [], [])
        sarif["runs"][0]["invocations"] = [
            {
                "executionSuccessful": False,
                "toolConfigurationNotifications": [
                    {
                        "level": "error",
                        "message": {"text": e.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": e.path},
                                    "region": {"startLine": e.line, "startColumn": e.column},
                                }
                            }
                        ],
                    }
                    for e in errors
                ],
            }
        ]
        json.dump(sarif, out, indent=2, ensure_ascii=False)
    else:
        for e in errors:
            out.write(
                f"::error file={_escape(e.path, True)},line={e.line},col={e.column},title=rule::{_escape(e.message)}\n"
            )
        return
    out.write("\n")
