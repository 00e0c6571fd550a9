"""Suppressions written in the copy: inline comments and a front-matter list.

Inline, in Markdown, HTML or plain text (the extractors blank every HTML comment, so none
is ever read as copy):

- `<!-- consistency: ignore RULE[,RULE…] -- reason -->` on a line of its own silences the
  named rules in the next paragraph; written after text on the same line, it silences them
  in the sentences of that line.
- `<!-- consistency: disable RULE[,RULE…] -->` … `<!-- consistency: enable RULE[,RULE…] -->`
  silences them in between (to the end of the file without an `enable`).

RULE is a rule id or a glob (`*-mismatch`, `*`); without any, a directive covers every rule.
In front matter, `consistency: {ignore: [RULE, …]}` silences rules in the whole file.

The loaders scan each document once (`scan`, `front_matter`) and keep the directives on the
Document, so they survive the trip through worker processes; `Suppressor` matches findings
against them after the rules ran and remembers which directives were used.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from consistency.findings import Finding, Notice

VERBS = ("ignore", "disable", "enable")

_DIRECTIVE = re.compile(r"<!--\s*consistency\s*:(?P<body>.*?)-->", re.S | re.I)
_FENCE = re.compile(r"```.*?```|~~~.*?~~~", re.S)
_PATTERN = re.compile(r"^[A-Za-z0-9_.*?\[\]-]+$")
_PARAGRAPH_END = re.compile(
    r"\n[ \t]*\n|</(?:p|li|h[1-6]|div|blockquote|td|th|figcaption|section|article)\s*>", re.I
)


class Directive(NamedTuple):
    """One suppression written in a document, with the span of text it covers. A NamedTuple
    of plain values, so an extraction that carries it still encodes as JSON (the claim
    store's codec keeps tuples; `of` turns them back into Directives)."""

    kind: str  # ignore | disable | enable | front-matter
    patterns: tuple[str, ...]  # rule ids or globs; () means every rule
    start: int  # where the comment stands (offsets into the document text)
    end: int
    line: int
    column: int
    reason: str = ""
    span: tuple[int, int] = (0, 0)  # the text it covers
    trailing: bool = False  # an `ignore` after text on its line covers that line's sentences
    problem: str = ""  # a directive that cannot be read: reported as an error

    def covers_rule(self, rule: str) -> bool:
        return not self.patterns or any(fnmatch.fnmatchcase(rule, p) for p in self.patterns)

    def describe(self) -> str:
        what = ",".join(self.patterns) or "*"
        return f"`{self.kind} {what}`" if self.kind != "front-matter" else f"front-matter `ignore: {what}`"


def of(document: Any) -> tuple[Directive, ...]:
    """A document's directives, as Directives even after a round trip through plain tuples."""
    return tuple(d if isinstance(d, Directive) else Directive(*d) for d in getattr(document, "directives", ()))


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _parse_body(body: str) -> tuple[str, tuple[str, ...], str, str]:
    """(verb, patterns, reason, problem) of a directive's text after `consistency:`."""
    head, _, reason = body.partition("--")
    words = head.strip().split(None, 1)
    if not words:
        return "", (), "", f"empty consistency directive (want one of: {', '.join(VERBS)})"
    verb = words[0].lower()
    if verb not in VERBS:
        return verb, (), "", f"unknown consistency directive {words[0]!r} (want one of: {', '.join(VERBS)})"
    patterns = tuple(p.strip() for p in (words[1] if len(words) > 1 else "").split(",") if p.strip())
    bad = [p for p in patterns if not _PATTERN.match(p)]
    if bad:
        return verb, (), "", (
            f"not a rule id or glob in `{verb}`: {bad[0]!r} (separate ids with commas; a reason goes after ' -- ')"
        )
    return verb, patterns, " ".join(reason.split()), ""


def _next_paragraph(text: str, after: int) -> tuple[int, int]:
    """The paragraph after a comment: from the next non-blank character to a blank line or
    the end of a block element."""
    m = re.compile(r"\S").search(text, after)
    if m is None:
        return after, after
    start = m.start()
    end = _PARAGRAPH_END.search(text, start)
    return start, end.start() if end else len(text)


def scan(source: str, start: int = 0) -> tuple[Directive, ...]:
    """Every `<!-- consistency: … -->` directive in `source` (the raw text, before markup is
    blanked) from offset `start` on (after the front matter); offsets, lines and columns
    count in the whole of `source`."""
    if "consistency" not in source:
        return ()
    found: list[Directive] = []
    fences = [m.span() for m in _FENCE.finditer(source, start)] if "```" in source or "~~~" in source else []
    raw = [
        (m, *_parse_body(m.group("body")))
        for m in _DIRECTIVE.finditer(source, start)
        if not any(a <= m.start() < b for a, b in fences)  # an example in a code block
    ]
    for i, (m, verb, patterns, reason, problem) in enumerate(raw):
        begin, end = m.span()
        line, column = _position(source, begin)
        line_start = source.rfind("\n", 0, begin) + 1
        trailing = bool(source[line_start:begin].strip())
        if problem:
            found.append(Directive(verb or "?", (), begin, end, line, column, problem=problem))
            continue
        if verb == "ignore":
            span = (line_start, begin) if trailing else _next_paragraph(source, end)
        elif verb == "disable":  # one range per rule: `enable a` ends a's range, not b's
            for pattern in patterns or ("",):
                stop = len(source)
                for later, v2, p2, _, prob2 in raw[i + 1 :]:
                    if not prob2 and v2 == "enable" and (not p2 or pattern in p2):
                        stop = later.start()
                        break
                one = (pattern,) if pattern else ()
                found.append(Directive(verb, one, begin, end, line, column, reason, (end, stop)))
            continue
        else:  # enable: only ends a range
            span = (begin, begin)
        found.append(Directive(verb, patterns, begin, end, line, column, reason, span, trailing))
    return tuple(found)


def front_matter(meta: dict, line: int, column: int) -> tuple[Directive, ...]:
    """The `consistency:` entry of a document's front matter: `{ignore: [RULE, …]}` (or a
    single string). Anything else is a directive with a problem, reported at its place."""
    value = meta.get("consistency")
    if value is None:
        return ()

    def bad(message: str) -> tuple[Directive, ...]:
        return (Directive("front-matter", (), 0, 0, line, column, problem=f"front matter: {message}"),)

    if not isinstance(value, dict):
        return bad("'consistency' must be a mapping such as {ignore: [rule-id, ...]}")
    unknown = sorted(str(k) for k in value if k not in ("ignore", "reason"))
    if unknown:
        return bad(f"unknown key {unknown[0]!r} under 'consistency' (want: ignore, reason)")
    ignore = value.get("ignore", [])
    if isinstance(ignore, str):
        ignore = [p.strip() for p in ignore.split(",")]
    if not isinstance(ignore, list) or not all(isinstance(p, str) and _PATTERN.match(p.strip()) for p in ignore):
        return bad("'consistency: ignore' must be a list of rule ids or globs")
    reason = value.get("reason", "")
    if not isinstance(reason, str):
        return bad("'consistency: reason' must be a string")
    patterns = tuple(p.strip() for p in ignore if p.strip())
    if not patterns:
        return ()
    return (Directive("front-matter", patterns, 0, 0, line, column, reason.strip(), (0, 1 << 62)),)


@dataclass
class Suppressed:
    """A finding that was not reported, and what silenced it."""

    finding: Finding
    by: str  # inline | front-matter | baseline
    reason: str = ""
    where: str = ""  # path:line of the directive, or the baseline file
    fingerprint: str = ""


@dataclass
class Suppressor:
    """Matches findings against the directives of the documents they stand in."""

    directives: dict[str, tuple[Directive, ...]]
    used: set[tuple[str, int, tuple[str, ...]]] = field(default_factory=set)

    def match(self, finding: Finding) -> Directive | None:
        loc = finding.location
        for d in self.directives.get(loc.path, ()):
            if d.problem or d.kind == "enable" or not d.covers_rule(finding.rule):
                continue
            lo, hi = d.span
            inside = lo <= loc.start < hi
            if d.trailing:  # the sentences of its line: any that reaches into [lo, hi)
                inside = inside or (loc.sentence_start < hi and loc.sentence_start + len(loc.sentence) > lo)
            if inside:
                self.used.add((loc.path, d.start, d.patterns))
                return d
        return None

    def split(self, findings: Iterable[Finding]) -> tuple[list[Finding], list[Suppressed]]:
        kept: list[Finding] = []
        gone: list[Suppressed] = []
        for f in findings:
            d = self.match(f)
            if d is None:
                kept.append(f)
            else:
                by = "front-matter" if d.kind == "front-matter" else "inline"
                gone.append(Suppressed(f, by, d.reason, f"{f.location.path}:{d.line}"))
        return kept, gone

    def problems(self) -> list[tuple[str, Directive]]:
        return [(path, d) for path, ds in sorted(self.directives.items()) for d in ds if d.problem]

    def unused(self, ran: Sequence[str], known: Sequence[str]) -> list[Notice]:
        """Directives that silenced nothing. One that names only rules that exist but did not
        run (left out by --select, experimental) is not counted: it may be needed another
        time. An id that names no rule at all is always reported (a typo)."""
        ran_set, known_set = set(ran), set(known)
        out = []
        for path, ds in sorted(self.directives.items()):
            for d in ds:
                if d.problem or d.kind == "enable" or (path, d.start, d.patterns) in self.used:
                    continue
                plain = [p for p in d.patterns if not any(ch in p for ch in "*?[")]
                if d.patterns and len(plain) == len(d.patterns) and not set(plain) & ran_set \
                        and set(plain) <= known_set:
                    continue
                message = f"line {d.line}: suppression {d.describe()} matched no finding"
                out.append(Notice(path, "unused-suppression", message))
        return out
