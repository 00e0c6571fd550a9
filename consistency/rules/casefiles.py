"""Rule test case files (`tests/rules/<rule-id>.yaml`), SQLFluff's YAML rule cases for our
rules: named cases, each one article (`input`) or several (`inputs`, for corpus rules), and
the findings expected (`expect`: rule, line, optionally column, a part of the message, and
for `inputs` which input). An empty `expect` means the case must stay silent.

A case runs its file's rule and every rule its `expect` names, and compares the findings of
exactly those rules with `expect` (findings of other rules are not its business). Case files
are untrusted input like rule files: bounded YAML, a JSON Schema (`data/case.schema.json`),
and every problem is a RuleError at `path:line:col`.

Where case files are found: `<pack>/../tests/rules/` beside each rule pack (the default
pack's `rules/` finds the repository's `tests/rules/`; a newsroom's `my-pack/` finds
`tests/rules/` next to it), and any folder or file given on the command line.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from consistency.document.model import Document
from consistency.errors import RuleError
from consistency.extract import extract_document
from consistency.findings import Finding
from consistency.rules.engine import run_rules
from consistency.rules.loader import _Errors, _schema_errors, read_yaml
from consistency.rules.model import Rule

CASE_DIR = Path("tests") / "rules"
"""Where case files sit relative to the folder holding a pack: `<pack>/../tests/rules/`."""


@functools.cache
def case_schema() -> dict[str, Any]:
    return json.loads(resources.files("consistency").joinpath("data/case.schema.json").read_text("utf-8"))


@dataclass(frozen=True)
class CaseInput:
    text: str
    date: dt.date | None = None
    title: str | None = None
    story: str | None = None


@dataclass(frozen=True)
class Expected:
    """One expected finding; None fields match anything."""

    rule: str
    line: int
    column: int | None = None
    message: str | None = None
    input: int | None = None

    def matches(self, got: Mapping[str, Any]) -> bool:
        return (
            self.rule == got["rule"]
            and self.line == got["line"]
            and (self.column is None or self.column == got["column"])
            and (self.message is None or self.message in got["message"])
            and (self.input is None or self.input == got.get("input", 1))
        )

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"rule": self.rule}
        if self.input is not None:
            d["input"] = self.input
        d["line"] = self.line
        for key in ("column", "message"):
            if getattr(self, key) is not None:
                d[key] = getattr(self, key)
        return d


@dataclass(frozen=True)
class Case:
    rule: str  # the rule the file is for (its name)
    name: str
    path: str
    line: int
    inputs: tuple[CaseInput, ...]
    expect: tuple[Expected, ...]
    several: bool  # written as `inputs` (findings then say which input)

    @property
    def fires(self) -> bool:
        """The case expects its own rule to fire: it counts for `rules test --coverage`."""
        return any(e.rule == self.rule for e in self.expect)

    @property
    def rules(self) -> tuple[str, ...]:
        """The rules the case runs and compares: its own and every rule `expect` names."""
        return tuple(sorted({self.rule, *(e.rule for e in self.expect)}))


def case_dirs(packs: Iterable[Path]) -> list[Path]:
    """The `tests/rules/` folders beside the given rule packs (folders or rule files) that exist."""
    out: list[Path] = []
    for pack in packs:
        root = pack if pack.is_dir() else pack.parent
        if not pack.is_dir() and root.name in ("article", "corpus"):
            root = root.parent
        folder = root.parent / CASE_DIR
        if folder.is_dir() and folder.resolve() not in [o.resolve() for o in out]:
            out.append(folder)
    return out


def case_files(paths: Iterable[Path]) -> list[Path]:
    """Every case file under the given folders (or the files themselves), each once, sorted."""
    found: dict[Path, Path] = {}
    for p in paths:
        if p.is_file():
            found.setdefault(p.resolve(), p)
        elif p.is_dir():
            for f in sorted(p.glob("*.y*ml")):
                if f.is_file() and f.suffix in (".yaml", ".yml"):
                    found.setdefault(f.resolve(), f)
        else:
            raise RuleError(str(p), 1, 1, "no such case file or folder")
    return sorted(found.values(), key=lambda f: (f.stem, str(f)))


def _iso_dates(data: Any) -> None:
    """YAML reads 2025-06-09 as a date; the schema wants the ISO string."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dt.date):
                data[key] = value.isoformat()
            else:
                _iso_dates(value)
    elif isinstance(data, list):
        for item in data:
            _iso_dates(item)


def _date(value: Any) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(str(value))


def load_case_file(path: Path, known: Iterable[str]) -> list[Case]:
    """The cases of one file, or RuleErrors (path:line:col) for every problem found: bad YAML,
    schema errors, a file named after no loaded rule, repeated case names, an `expect` that
    names an unknown rule or an input the case does not have."""
    name = str(path)
    known = set(known)
    data, pos = read_yaml(path, "case file")
    _iso_dates(data)
    errors = _schema_errors(data, pos, name, case_schema()) if isinstance(data, dict) else []
    if not isinstance(data, dict):
        raise RuleError(name, 1, 1, "a case file must be a mapping with `cases:` (and optionally `rule:`)")
    if errors:
        raise _Errors(errors)
    rule = path.stem
    if "rule" in data and data["rule"] != rule:
        line, col = pos.value(("rule",))
        errors.append(RuleError(name, line, col, f"rule {data['rule']!r} does not match the file name {rule!r}"))
    if rule not in known:
        errors.append(RuleError(name, 1, 1, f"no rule {rule!r} is loaded (case files are named <rule-id>.yaml; "
                                            "give the rule's pack with --rules DIR)"))
    cases: list[Case] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(data["cases"]):
        line, col = pos.value(("cases", i, "name"))
        if raw["name"] in seen:
            errors.append(RuleError(name, line, col, f"case name {raw['name']!r} is already used at line "
                                                     f"{seen[raw['name']]}"))
        seen.setdefault(raw["name"], line)
        several = "inputs" in raw
        docs = raw["inputs"] if several else [raw["input"]]
        inputs = tuple(
            CaseInput(d, _date(raw.get("date")))
            if isinstance(d, str)
            else CaseInput(d["text"], _date(d.get("date") or raw.get("date")), d.get("title"), d.get("story"))
            for d in docs
        )
        expect = []
        for j, e in enumerate(raw["expect"]):
            if e["rule"] not in known:
                line_e, col_e = pos.value(("cases", i, "expect", j, "rule"))
                errors.append(RuleError(name, line_e, col_e, f"expect: no rule {e['rule']!r} is loaded"))
            if e.get("input") is not None and e["input"] > len(inputs):
                line_e, col_e = pos.value(("cases", i, "expect", j, "input"))
                errors.append(RuleError(name, line_e, col_e, f"expect: input {e['input']} but the case has "
                                                             f"{len(inputs)}"))
            expect.append(Expected(e["rule"], e["line"], e.get("column"), e.get("message"), e.get("input")))
        cases.append(Case(rule, raw["name"], name, pos.value(("cases", i))[0], inputs, tuple(expect), several))
    if errors:
        raise _Errors(errors)
    return cases


def load_case_files(paths: Sequence[Path], known: Iterable[str]) -> tuple[list[Case], list[RuleError]]:
    """Every case of the given files, and every error found (all files are read)."""
    cases: list[Case] = []
    errors: list[RuleError] = []
    known = set(known)
    for path in paths:
        try:
            cases.extend(load_case_file(path, known))
        except RuleError as err:
            errors.append(err)
        except _Errors as many:
            errors.extend(many.errors)
    return cases, errors


def _input_path(case: Case, number: int) -> str:
    return f"input-{number}" if case.several else "input"


def finding_dict(finding: Finding, case: Case | None = None) -> dict[str, Any]:
    """A finding as an `expect` entry: what a rule author pastes into a case file."""
    loc = finding.location
    d: dict[str, Any] = {"rule": finding.rule}
    if case is not None and case.several:
        d["input"] = int(loc.path.rsplit("-", 1)[1])
    d.update(line=loc.line, column=loc.column, message=finding.message)
    return d


def run_case(case: Case, rules: Mapping[str, Rule]) -> list[dict[str, Any]]:
    """The findings of the case's rules on its inputs, as `expect` entries (in report order)."""
    extractions = [
        extract_document(Document(path=_input_path(case, n), text=d.text, date=d.date, title=d.title,
                                  story=d.story, kind="text"))
        for n, d in enumerate(case.inputs, 1)
    ]
    wanted = [rules[r] for r in case.rules]
    return [finding_dict(f, case) for f in run_rules(extractions, wanted) if f.rule in case.rules]


def matches(expected: Sequence[Expected], actual: Sequence[Mapping[str, Any]]) -> bool:
    """Each expected finding matches its own actual finding, and no actual finding is left:
    a bipartite matching (an entry without a column must not take the finding another entry
    names by column)."""
    if len(expected) != len(actual):
        return False
    owner: dict[int, int] = {}  # actual index -> expected index

    def place(i: int, tried: set[int]) -> bool:
        for j, got in enumerate(actual):
            if j in tried or not expected[i].matches(got):
                continue
            tried.add(j)
            if j not in owner or place(owner[j], tried):
                owner[j] = i
                return True
        return False

    return all(place(i, set()) for i in range(len(expected)))


def as_yaml(entries: Sequence[Mapping[str, Any]], indent: int = 4) -> str:
    """`expect:` with these entries, indented to sit under a case (`  - name: …`)."""
    text = yaml.safe_dump({"expect": [dict(e) for e in entries]}, sort_keys=False, allow_unicode=True, width=1000,
                          default_flow_style=False)
    if not entries:
        text = "expect: []\n"
    pad = " " * indent
    return "".join(pad + line for line in text.splitlines(keepends=True))


__all__ = [
    "CASE_DIR", "Case", "CaseInput", "Expected", "as_yaml", "case_dirs", "case_files", "case_schema",
    "finding_dict", "load_case_file", "load_case_files", "matches", "run_case",
]
