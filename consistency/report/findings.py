"""Write findings: text for people, JSON (the DESIGN.md contract), SARIF 2.1.0 for code hosts,
GitHub workflow annotations, JUnit XML for test dashboards.

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
from consistency.baseline import FINGERPRINT_KEY, BaselineError
from consistency.config import ConfigError
from consistency.errors import ConsistencyError, InternalError, RuleError, UsageError
from consistency.findings import Finding, Location, Notice
from consistency.rules.model import Rule, severity_rank
from consistency.suppress import Suppressed

_MARK_OPEN, _MARK_CLOSE = "»", "«"


@dataclass
class Report:
    findings: Sequence[Finding] = ()
    errors: Sequence[ConsistencyError] = ()
    notices: Sequence[Notice] = ()
    documents: int = 0
    rules: Sequence[Rule] = field(default_factory=list)
    suppressed: Sequence[Suppressed] = ()  # findings silenced by a comment, front matter or the baseline
    fingerprints: Sequence[str] = ()  # one per finding (consistency.baseline); computed when empty
    paths: Sequence[str] = ()  # the documents checked, in order (junit: one testcase each)
    fail_level: str = "warning"  # junit: findings below it are output, not failures

    def prints(self) -> list[str]:
        if len(self.fingerprints) == len(self.findings):
            return list(self.fingerprints)
        from consistency.baseline import fingerprints

        return fingerprints(self.findings)


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
    if isinstance(err, ConfigError):
        return "config"
    if isinstance(err, BaselineError):
        return "baseline"
    if isinstance(err, UsageError):
        return "usage"
    return "input"


def _message(err: ConsistencyError) -> str:
    """An error's message; a usage error carries it only as its text."""
    return err.message or str(err)


def _configuration(err: ConsistencyError) -> bool:
    """Errors in what the run was told to do (rules, configuration, baseline, options) rather
    than in what it read: SARIF's toolConfigurationNotifications."""
    return isinstance(err, RuleError | ConfigError | BaselineError | UsageError)


def _where(err: ConsistencyError) -> str:
    return err.where() or "consistency"


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
        lines.append(f"{safe(_where(err))}: error[{_error_label(err)}] {safe(_message(err))}")
    for n in report.notices:
        lines.append(f"{safe(n.path)}: note[{n.reason}] {safe(n.message)}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def summary_line(report: Report) -> str:
    """`5 documents checked: 2 errors, 1 warning; 3 suppressed; …` — the text report's last
    line, and all that stdout gets when the report goes to --output."""
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in ("error", "warning", "info")}
    summary = ", ".join(_plural(n, s) for s, n in counts.items() if n) or "no findings"
    extra = []
    if report.suppressed:
        by = {k: sum(1 for s in report.suppressed if s.by == k) for k in ("inline", "front-matter", "baseline")}
        parts = ", ".join(f"{n:,} {k}" for k, n in by.items() if n)
        extra.append(f"{len(report.suppressed):,} suppressed ({parts})")
    if report.errors:
        extra.append(_plural(len(report.errors), "input or processing error"))
    empty = sum(1 for n in report.notices if n.reason == "empty")
    partial = sum(1 for n in report.notices if n.reason == "budget")
    unused = sum(1 for n in report.notices if n.reason == "unused-suppression")
    if empty:
        extra.append(f"{empty:,} not checked (empty)")
    if partial:
        extra.append(f"{partial:,} not fully checked")
    if unused:
        extra.append(_plural(unused, "unused suppression"))
    tail = f"; {'; '.join(extra)}" if extra else ""
    return f"{_plural(report.documents, 'document')} checked: {summary}{tail}"


def error_json(err: ConsistencyError) -> dict:
    out: dict = {"path": err.path, "message": _message(err), "kind": _error_label(err).split(":")[0]}
    if err.line is not None:
        out["line"] = err.line
        if err.column is not None:
            out["column"] = err.column
    if err.rule:
        out["rule"] = err.rule
    if err.exception:
        out["exception"] = err.exception
    return out


def _finding_json(f: Finding, fingerprint: str) -> dict:
    return {
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
        "fingerprint": fingerprint,
    }


def as_json(report: Report) -> dict:
    """Version 1 (DESIGN.md), grown only by adding keys: each finding's `fingerprint`;
    `errors[].kind`; `suppressed` (findings silenced, with `suppressed_by` and `reason`) and
    `summary.suppressed` when there are any; `notices` with reason `unused-suppression`."""
    payload: dict = {
        "version": 1,
        "findings": [_finding_json(f, fp) for f, fp in zip(report.findings, report.prints(), strict=True)],
        "summary": {"documents": report.documents, "findings": len(report.findings)},
    }
    if report.suppressed:
        payload["summary"]["suppressed"] = len(report.suppressed)
        payload["suppressed"] = [
            {**_finding_json(s.finding, s.fingerprint), "suppressed_by": s.by, "reason": s.reason, "where": s.where}
            for s in report.suppressed
        ]
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
    text = f"{err.where()}: {_message(err)}" if err.line is not None else _message(err)
    out = _notification(err.path, text, "error", err.line, err.column)
    if err.rule:
        out["associatedRule"] = {"id": err.rule}
    if err.exception:
        out["exception"] = {"kind": err.exception, "message": err.message}
    return out


def _sarif_result(f: Finding, fingerprint: str, rule_index: dict[str, int]) -> dict:
    result: dict = {
        "ruleId": f.rule,
        "level": _SARIF_LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [_sarif_location(f.location)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if f.rule in rule_index:
        result["ruleIndex"] = rule_index[f.rule]
    if f.related:
        result["relatedLocations"] = [_sarif_location(r, r.message or "related", i) for i, r in enumerate(f.related)]
    return result


def _sarif_rule(r: Rule) -> dict:
    return {
        "id": r.id,
        "name": "".join(part.capitalize() for part in r.id.split("-")),
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.description or r.summary},
        "help": {"text": r.description or r.summary},
        "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
        "properties": {"check": r.check, "scope": r.scope, "tags": ["consistency", r.scope, r.check]},
    }


def as_sarif(report: Report) -> dict:
    """SARIF 2.1.0: one run, the rules in `tool.driver.rules`, each result with its rule's
    index, related locations and a claim fingerprint (`partialFingerprints`, stable under
    edits elsewhere in the file). Suppressed findings are results with `suppressions`
    (inSource for a comment or front matter, external for the baseline), as code hosts
    expect; errors are notifications of the invocation."""
    rules = list(report.rules)
    rule_index = {r.id: i for i, r in enumerate(rules)}
    results = [_sarif_result(f, fp, rule_index) for f, fp in zip(report.findings, report.prints(), strict=True)]
    for s in report.suppressed:
        result = _sarif_result(s.finding, s.fingerprint, rule_index)
        suppression: dict = {"kind": "external" if s.by == "baseline" else "inSource", "status": "accepted"}
        why = s.reason or (f"in the baseline {s.where}" if s.by == "baseline" else f"{s.by} at {s.where}")
        suppression["justification"] = why
        result["suppressions"] = [suppression]
        results.append(result)
    config = [_error_notification(e) for e in report.errors if _configuration(e)]
    execution = [_error_notification(e) for e in report.errors if not _configuration(e)]
    execution += [
        _notification(n.path, n.message, "warning" if n.reason == "budget" else "note") for n in report.notices
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
                "rules": [_sarif_rule(r) for r in rules],
            }
        },
        "results": results,
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}


def _escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped (GitHub's rules), and control
    characters shown as escapes so none reaches the log raw."""
    return safe(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    """A workflow command's property value: also `:` and `,`, which end a property."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


GITHUB_PER_KIND = 10
"""Annotations GitHub shows per step and kind (error, warning, notice); the rest of a kind is
dropped silently, and a job shows 50 in all. Past the limit findings go to the log as plain
lines, and the summary notice (which takes one notice slot) says how many."""
GITHUB_MESSAGE_LIMIT = 4000
"""Characters of one annotation's message (our bound: GitHub cuts long ones without notice)."""
GITHUB_TITLE_LIMIT = 255


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_github(report: Report) -> str:
    """GitHub Actions workflow commands: one annotation a finding, error and notice, within
    GitHub's per-step limits; the overflow as plain log lines; a summary notice at the end."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    items: list[tuple[str, str, str, str]] = []  # (kind, properties, message, plain log line)
    for f in report.findings:
        loc = f.location
        props = (
            f"file={_escape_property(loc.path)},line={loc.line},col={loc.column},endLine={loc.end_line},"
            f"endColumn={loc.end_column},title={_escape_property(_cut(f.rule, GITHUB_TITLE_LIMIT))}"
        )
        plain = f"{loc.path}:{loc.line}:{loc.column}: {f.severity}[{f.rule}] {f.message}"
        items.append((level[f.severity], props, f.message, plain))
    for e in report.errors:
        props = f"file={_escape_property(e.path or '.')}"
        if e.line is not None:
            props += f",line={e.line}" + (f",col={e.column}" if e.column is not None else "")
        title = f"{_error_label(e)} error"
        items.append(("error", f"{props},title={_escape_property(title)}", _message(e),
                      f"{_where(e)}: error[{_error_label(e)}] {_message(e)}"))
    for n in report.notices:
        kind = "warning" if n.reason == "budget" else "notice"
        title = {"empty": "not checked", "budget": "not fully checked"}.get(n.reason, n.reason.replace("-", " "))
        items.append((kind, f"file={_escape_property(n.path)},title={title}", n.message,
                      f"{n.path}: note[{n.reason}] {n.message}"))
    budget = {"error": GITHUB_PER_KIND, "warning": GITHUB_PER_KIND, "notice": GITHUB_PER_KIND - 1}
    lines, overflow = [], []
    for kind, props, message, plain in items:
        if budget[kind] > 0:
            budget[kind] -= 1
            lines.append(f"::{kind} {props}::{_escape_data(_cut(message, GITHUB_MESSAGE_LIMIT))}")
        else:
            overflow.append(f"  {safe(plain)}")  # indented: never read as a workflow command
    summary = summary_line(report)
    if overflow:
        lines.append(f"{len(overflow):,} more not shown as annotations (GitHub shows {GITHUB_PER_KIND} errors, "
                     f"{GITHUB_PER_KIND} warnings and {GITHUB_PER_KIND} notices per step):")
        lines.extend(overflow)
        summary += f"; {len(overflow):,} not shown as annotations, listed in the log"
    lines.append(f"::notice title=consistency::{_escape_data(summary)}")
    return "".join(line + "\n" for line in lines)


_XML_UNSAFE = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can hold: control characters as escapes (safe), and the code points XML
    forbids outright as U+FFFD."""
    return _XML_UNSAFE.sub("\ufffd", safe(text))


def render_junit(report: Report) -> str:
    """JUnit XML: one testcase a document; a failure a finding at or above the fail level
    (the others, and suppressed counts, in system-out); an error for a document or rule
    that could not be used."""
    import xml.etree.ElementTree as ET

    threshold = severity_rank(report.fail_level) if report.fail_level in ("error", "warning", "info") else 99
    cases: dict[str, ET.Element] = {}

    def case(path: str) -> ET.Element:
        name = path or "consistency"
        if name not in cases:
            cases[name] = ET.Element("testcase", {"classname": "consistency", "name": _xml(name),
                                                  "file": _xml(name.split("#", 1)[0])})
        return cases[name]

    for path in report.paths:
        case(path)
    below: dict[str, list[str]] = {}
    for f in report.findings:
        loc = f.location
        where = f"{loc.path}:{loc.line}:{loc.column}"
        if severity_rank(f.severity) >= threshold:
            related = "".join(f"\n  {r.message or 'related'}: {r.path}:{r.line}:{r.column}" for r in f.related)
            failure = ET.SubElement(case(loc.path), "failure", {"type": _xml(f"{f.severity}[{f.rule}]"),
                                                                 "message": _xml(f"{where}: {f.message}")})
            failure.text = _xml(f"{where}: {f.severity}[{f.rule}] {f.message}\n  {_marked(loc)}{related}")
        else:
            below.setdefault(loc.path, []).append(_xml(f"{where}: {f.severity}[{f.rule}] {f.message}"))
    for e in report.errors:
        error = ET.SubElement(case(e.path), "error", {"type": _error_label(e), "message": _xml(_message(e))})
        error.text = _xml(f"{_where(e)}: {_message(e)}")
    for s in report.suppressed:
        below.setdefault(s.finding.location.path, []).append(
            _xml(f"suppressed ({s.by}): {s.finding.location.path}:{s.finding.location.line}: [{s.finding.rule}]"))
    for n in report.notices:
        below.setdefault(n.path, []).append(_xml(f"note[{n.reason}] {n.message}"))
    for path, texts in below.items():
        ET.SubElement(case(path), "system-out").text = "\n".join(texts)
    failed = sum(1 for c in cases.values() if c.find("failure") is not None)
    errored = sum(1 for c in cases.values() if c.find("error") is not None)
    counts = {"tests": str(len(cases)), "failures": str(failed), "errors": str(errored), "skipped": "0"}
    suites = ET.Element("testsuites", {"name": "consistency", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "consistency", **counts})
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "version", "value": __version__})
    ET.SubElement(props, "property", {"name": "suppressed", "value": str(len(report.suppressed))})
    for c in cases.values():
        suite.append(c)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        return dumps(as_json(report))
    if fmt == "sarif":
        return dumps(as_sarif(report))
    if fmt == "github":
        return render_github(report)
    if fmt == "junit":
        return render_junit(report)
    return render_text(report)


def write(out: TextIO, report: Report, fmt: str) -> None:
    out.write(render(report, fmt))
    out.flush()
