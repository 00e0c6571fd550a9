"""The rule test runner behind `consistency rules test` and the pytest plugin: every rule's
embedded examples and every case file, run one at a time in a guard (a failure or a bug in
one case never stops the others), with per-rule counts and, on request, coverage (a rule
with no passing case that makes it fire fails).

Shipped in the package so a newsroom's own pack tests itself with the same runner.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from consistency.errors import RuleError
from consistency.rules.casefiles import (
    Case,
    as_yaml,
    case_dirs,
    case_files,
    load_case_files,
    matches,
    run_case,
)
from consistency.rules.examples import run_example
from consistency.rules.model import Example, Rule


@dataclass(frozen=True)
class Result:
    """One example or case, run."""

    rule: str
    source: str  # "example" or "case"
    label: str
    where: str  # path:line of the example or case
    fires: bool  # it expects its own rule to fire
    passed: bool
    expected: str  # YAML
    actual: str  # YAML, ready to paste as the case's `expect:`
    error: str | None = None  # an exception raised while running it

    def describe(self) -> str:
        head = f"FAIL {self.where}: {self.rule}: {self.source} {self.label!r}"
        if self.error:
            return f"{head}\n  raised {self.error}\n"
        return f"{head}\n  expected:\n{self.expected}  actual:\n{self.actual}"


@dataclass
class Tally:
    examples: list[int] = field(default_factory=lambda: [0, 0])  # passed, run
    cases: list[int] = field(default_factory=lambda: [0, 0])
    firing: int = 0  # passing cases or examples that make the rule fire


@dataclass
class Outcome:
    results: list[Result]
    tallies: dict[str, Tally]
    coverage: bool
    case_paths: list[Path]

    @property
    def uncovered(self) -> list[str]:
        return [r for r, t in self.tallies.items() if t.firing == 0]

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if not r.passed]

    @property
    def ok(self) -> bool:
        return not self.failed and not (self.coverage and self.uncovered)

    def report(self) -> str:
        """Each failure with expected and actual YAML, then a line per rule, then the totals."""
        out = [r.describe() for r in self.failed]
        width = max([len(r) for r in self.tallies] + [4])
        out.append(f"{'rule':<{width}}  examples  cases    result")
        for rule, t in sorted(self.tallies.items()):
            bad = t.examples[0] < t.examples[1] or t.cases[0] < t.cases[1]
            if bad:
                verdict = "FAIL"
            elif t.firing == 0:
                verdict = "FAIL: no firing case" if self.coverage else "ok (no firing case)"
            else:
                verdict = "ok"
            ex = f"{t.examples[0]}/{t.examples[1]}"
            cs = f"{t.cases[0]}/{t.cases[1]}"
            out.append(f"{rule:<{width}}  {ex:<8}  {cs:<7}  {verdict}")
        ex_pass = sum(t.examples[0] for t in self.tallies.values())
        ex_run = sum(t.examples[1] for t in self.tallies.values())
        cs_pass = sum(t.cases[0] for t in self.tallies.values())
        cs_run = sum(t.cases[1] for t in self.tallies.values())
        files = len(self.case_paths)
        line = (f"{ex_pass} of {ex_run} examples and {cs_pass} of {cs_run} cases ({files} case "
                f"file{'s' if files != 1 else ''}) passed in {_count(len(self.tallies), 'rule')}")
        if self.coverage:
            n = len(self.uncovered)
            line += f"; {n} rule{'s' if n != 1 else ''} without a firing case" if n else "; every rule fires"
        out.append(line)
        return "\n".join(out) + "\n"


def _shown(path: str) -> str:
    """A path under the working directory relative to it, as the user would type it."""
    p = Path(path)
    if p.is_absolute():
        try:
            return p.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return path
    return path


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _example_expected(example: Example) -> str:
    if example.expect == "silent":
        return "    expect: silent\n"
    return "    expect: fire\n" + (f"    findings: {example.findings}\n" if example.findings else "")


def _example_result(rule: Rule, number: int, example: Example) -> Result:
    label = example.name or f"example {number}"
    where = f"{_shown(rule.path)}:{example.line}"
    fires = example.expect == "fire"
    try:
        got = run_example(rule, number, example)
    except Exception as exc:
        return Result(rule.id, "example", label, where, fires, False, _example_expected(example), "",
                      _error(exc))
    several = len(example.documents) > 1
    entries = []
    for f in got.findings:
        entry: dict = {"rule": f.rule}
        if several:
            entry["input"] = int(f.location.path.rsplit(".", 1)[1])
        entry.update(line=f.location.line, column=f.location.column, message=f.message)
        entries.append(entry)
    return Result(rule.id, "example", label, where, fires, got.passed, _example_expected(example), as_yaml(entries))


def case_result(case: Case, rules: Mapping[str, Rule]) -> Result:
    """Run one case file case in a guard."""
    where = f"{_shown(case.path)}:{case.line}"
    expected = as_yaml([e.as_dict() for e in case.expect])
    try:
        actual = run_case(case, rules)
    except Exception as exc:
        return Result(case.rule, "case", case.name, where, case.fires, False, expected, "", _error(exc))
    return Result(case.rule, "case", case.name, where, case.fires, matches(case.expect, actual), expected,
                  as_yaml(actual))


def _error(exc: Exception) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    return f"{type(exc).__name__}: {exc}{at}"


def discover(packs: Iterable[Path], extra: Iterable[Path] = ()) -> list[Path]:
    """Case files beside the packs (`<pack>/../tests/rules/`) and in the given folders or files."""
    return case_files([*case_dirs(packs), *extra])


def run_tests(
    tested: Sequence[Rule],
    every: Sequence[Rule],
    case_paths: Sequence[Path],
    coverage: bool = False,
    skip_unknown: bool = False,
) -> Outcome:
    """Run the examples of `tested` and the cases of the given files that are for `tested`.
    `every` is every loaded rule (a case may name any of them in `expect`). With
    `skip_unknown`, case files for rules outside `tested` are left out (`--select`);
    otherwise a case file named after no loaded rule is an error. Raises CaseFileErrors when
    a case file is malformed, before anything runs."""
    by_id = {r.id: r for r in every}
    ids = {r.id for r in tested}
    paths = [p for p in case_paths if p.stem in ids] if skip_unknown else list(case_paths)
    cases, errors = load_case_files(paths, by_id)
    if errors:
        raise CaseFileErrors(errors)
    tallies = {r.id: Tally() for r in tested}
    results: list[Result] = []
    for rule in tested:
        for n, ex in enumerate(rule.examples, 1):
            results.append(_example_result(rule, n, ex))
    for case in cases:
        if case.rule in ids:
            results.append(case_result(case, by_id))
    for r in results:
        t = tallies[r.rule]
        count = t.examples if r.source == "example" else t.cases
        count[1] += 1
        if r.passed:
            count[0] += 1
            if r.fires:
                t.firing += 1
    return Outcome(results, tallies, coverage, list(paths))


class CaseFileErrors(Exception):
    """Malformed case files: every problem, each a RuleError at path:line:col."""

    def __init__(self, errors: list[RuleError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
