"""Run each rule's embedded examples, the way SQLFluff runs its YAML rule cases: a `fire`
example must give a finding of that rule (exactly `findings` of them when given), a
`silent` example none. Shipped in the package so pack authors test their own rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from consistency.document.model import Document
from consistency.extract import extract_document
from consistency.findings import Finding
from consistency.rules.engine import run_rules
from consistency.rules.model import Example, Rule


@dataclass(frozen=True)
class ExampleResult:
    rule: Rule
    number: int
    example: Example
    findings: tuple[Finding, ...]

    @property
    def passed(self) -> bool:
        n = len(self.findings)
        if self.example.expect == "silent":
            return n == 0
        return n == self.example.findings if self.example.findings else n >= 1

    def describe(self) -> str:
        ex = self.example
        label = ex.name or f"example {self.number}"
        want = "no finding" if ex.expect == "silent" else (f"{ex.findings} finding(s)" if ex.findings else "a finding")
        got = "; ".join(f"{f.location.path}:{f.location.line}:{f.location.column} {f.message}" for f in self.findings)
        return f"{self.rule.path}:{ex.line}: {self.rule.id}: {label}: wanted {want}, got {len(self.findings)}" + (
            f" ({got})" if got else ""
        )


def run_example(rule: Rule, number: int, example: Example) -> ExampleResult:
    extractions = []
    for i, d in enumerate(example.documents):
        doc = Document(
            path=f"{rule.id}.example-{number}.{i + 1}",
            text=d.text,
            date=d.date,
            title=d.title,
            story=d.story,
            kind="text",
        )
        extractions.append(extract_document(doc))
    findings = [f for f in run_rules(extractions, [rule]) if f.rule == rule.id]
    return ExampleResult(rule, number, example, tuple(findings))


def run_examples(rules: Sequence[Rule]) -> list[ExampleResult]:
    return [run_example(rule, n, ex) for rule in rules for n, ex in enumerate(rule.examples, 1)]
