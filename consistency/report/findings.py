"""Write findings: text for people, JSON (the DESIGN.md contract), SARIF 2.1.0 for code hosts,
GitHub workflow annotations.

Errors (a document that cannot be read, a rule that cannot be used, a bug of ours caught on
one document) and notices (a document not checked or not fully checked) appear in every
format. Each writer renders the whole report to one string before anything is written, so
the output is a complete document or nothing, never half of one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO
from urllib.parse import quote

from consistency import __version__
from consistency.errors import ConsistencyError, InternalError, RuleError
from consistency.findings import Finding, Location, Notice
from consistency.rules.model import Rule

_MARK_OPEN, _MARK_CLOSE = "»", "«"


@dataclass
class Report:
    findings: Sequence[Finding] = ()
    errors: Sequence[ConsistencyError] = ()
    notices: Sequence[Notice] = ()
    documents: int = 0
    rules: Sequence[Rule] = field(default_factory=list)


# Control characters (C0, DEL, C1) and the invisible bidirectional controls: an article's
# ANSI escape must not drive the reader's terminal, and "Trojan Source" reordering must not
# hide what a message says.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text for a terminal: control characters shown as escapes (`\\x1b`, `\\u202e`)."""
    return _UNSAFE.sub(_escape_char, text)


def _escape_char(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _marked(loc: Location) -> str:
    """The sentence with the figure between » and «, trimmed to one line."""
    s, a, b = loc.sentence, loc.start - loc.sentence_start, loc.end - loc.sentence_start
    if not 0 <= a <= b <= len(s):
        return " ".join(s.split())
    text = s[:a] + _MARK_OPEN + s[a:b] + _MARK_CLOSE + s[b:]
    return " ".join(text.split())


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


def _error_label(err: ConsistencyError) -> str:
    if isinstance(err, InternalError):
        return f"internal{':' + err.rule if err.rule else ''}"
    if isinstance(err, RuleError):
        return "rule"
    return "input"


def render_text(report: Report) -> str:
    lines: list[str] = []
    for f in report.findings:
        loc = f.location
        lines.append(f"{safe(loc.path)}:{loc.line}:{loc.column}: {f.severity}[{f.rule}] {safe(f.message)}")
        lines.append(f"    {safe(_marked(loc))}")
        for rel in f.related:
            label = safe(rel.message or "related")
            if rel.path == loc.path and rel.sentence_start == loc.sentence_start:
                figure = loc.sentence[rel.start - rel.sentence_start : rel.end - rel.sentence_start]
                lines.append(f"    {label}, same sentence: {_MARK_OPEN}{safe(figure)}{_MARK_CLOSE}")
                continue
            where = f"line {rel.line}" if rel.path == loc.path else f"{safe(rel.path)}:{rel.line}:{rel.column}"
            lines.append(f"    {label}, {where}: {safe(_marked(rel))}")
    for err in report.errors:
        lines.append(f"{safe(err.where())}: error[{_error_label(err)}] {safe(err.message)}")
    for n in report.notices:
        lines.append(f"{safe(n.path)}: note[{n.reason}] {safe(n.message)}")
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in ("error", "warning", "info")}
    summary = ", ".join(_plural(n, s) for s, n in counts.items() if n) or "no findings"
    extra = []
    if report.errors:
        extra.append(_plural(len(report.errors), "input or processing error"))
    empty = sum(1 for n in report.notices if n.reason == "empty")
    partial = len(report.notices) - empty
    if empty:
        extra.append(f"{empty:,} not checked (empty)")
    if partial:
        extra.append(f"{partial:,} not fully checked")
    tail = f"; {'; '.join(extra)}" if extra else ""
    lines.append(f"{_plural(report.documents, 'document')} checked: {summary}{tail}")
    return "\n".join(lines) + "\n"


def error_json(err: ConsistencyError) -> dict:
    out: dict = {"path": err.path, "message": err.message}
    if err.line is not None:
        out["line"] = err.line
        if err.column is not None:
            out["column"] = err.column
    if err.rule:
        out["rule"] = err.rule
    if err.exception:
        out["exception"] = err.exception
    return out


def as_json(report: Report) -> dict:
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
            for f in report.findings
        ],
        "summary": {"documents": report.documents, "findings": len(report.findings)},
    }
    if report.errors:
        payload["errors"] = [error_json(e) for e in report.errors]
    if report.notices:
        payload["notices"] = [{"path": n.path, "reason": n.reason, "message": n.message} for n in report.notices]
    return payload


def dumps(payload: dict) -> str:
    """JSON text; NaN and infinity are refused (they are not JSON) rather than written."""
    return json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    return quote(path.split("#", 1)[0], safe="/:@")


def _sarif_location(loc: Location, message: str | None = None, ident: int | None = None) -> dict:
    out: dict = {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(loc.path)},
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


def _notification(path: str, message: str, level: str, line: int | None = None, column: int | None = None) -> dict:
    physical: dict = {"artifactLocation": {"uri": _uri(path or ".")}}
    if line is not None and line >= 1:
        physical["region"] = {"startLine": line, **({"startColumn": column} if column and column >= 1 else {})}
    location: dict = {"physicalLocation": physical}
    if "#" in path:
        location["logicalLocations"] = [{"name": path.split("#", 1)[1], "kind": "module"}]
    return {"level": level, "message": {"text": message}, "locations": [location]}


def _error_notification(err: ConsistencyError) -> dict:
    out = _notification(err.path, err.message, "error", err.line, err.column)
    if err.rule:
        out["associatedRule"] = {"id": err.rule}
    if err.exception:
        out["exception"] = {"kind": err.exception, "message": err.message}
    return out


def as_sarif(report: Report) -> dict:
    rules = list(report.rules)
    rule_index = {r.id: i for i, r in enumerate(rules)}
    results = []
    for f in report.findings:
        result: dict = {
            "ruleId": f.rule,
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [_sarif_location(f.location)],
        }
        if f.rule in rule_index:
            result["ruleIndex"] = rule_index[f.rule]
        if f.related:
            result["relatedLocations"] = [
                _sarif_location(r, r.message or "related", i) for i, r in enumerate(f.related)
            ]
        results.append(result)
    config = [_error_notification(e) for e in report.errors if isinstance(e, RuleError)]
    execution = [_error_notification(e) for e in report.errors if not isinstance(e, RuleError)]
    execution += [
        _notification(n.path, n.message, "note" if n.reason == "empty" else "warning") for n in report.notices
    ]
    invocation: dict = {"executionSuccessful": not report.errors}
    if execution:
        invocation["toolExecutionNotifications"] = execution
    if config:
        invocation["toolConfigurationNotifications"] = config
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
        "invocations": [invocation],
    }
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}


def _escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped (GitHub's rules), and control
    characters shown as escapes so none reaches the log raw."""
    return safe(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    """A workflow command's property value: also `:` and `,`, which end a property."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    """GitHub Actions workflow commands: one annotation a finding, error and notice."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in report.findings:
        loc = f.location
        props = (
            f"file={_escape_property(loc.path)},line={loc.line},col={loc.column},endLine={loc.end_line},"
            f"endColumn={loc.end_column},title={_escape_property(f.rule)}"
        )
        lines.append(f"::{level[f.severity]} {props}::{_escape_data(f.message)}")
    for e in report.errors:
        props = f"file={_escape_property(e.path)}"
        if e.line is not None:
            props += f",line={e.line}" + (f",col={e.column}" if e.column is not None else "")
        title = f"{_error_label(e)} error"
        lines.append(f"::error {props},title={_escape_property(title)}::{_escape_data(e.message)}")
    for n in report.notices:
        kind = "notice" if n.reason == "empty" else "warning"
        title = "not checked" if n.reason == "empty" else "not fully checked"
        lines.append(f"::{kind} file={_escape_property(n.path)},title={title}::{_escape_data(n.message)}")
    return "".join(line + "\n" for line in lines)


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        return dumps(as_json(report))
    if fmt == "sarif":
        return dumps(as_sarif(report))
    if fmt == "github":
        return render_github(report)
    return render_text(report)


def write(out: TextIO, report: Report, fmt: str) -> None:
    out.write(render(report, fmt))
    out.flush()
