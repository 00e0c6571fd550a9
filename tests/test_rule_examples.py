"""Every rule of the default pack runs its own examples (SQLFluff-style YAML cases), and a
rule without a firing and a silent example cannot load (proselint's rule)."""

from __future__ import annotations

import pytest

from consistency.rules.examples import run_example
from consistency.rules.loader import DEFAULT_RULES, load_rules

RULES, ERRORS = load_rules([DEFAULT_RULES])
CASES = [(rule, n, ex) for rule in RULES for n, ex in enumerate(rule.examples, 1)]


def test_default_pack_loads_without_errors() -> None:
    assert ERRORS == []
    assert len(RULES) >= 21


def test_every_kind_of_error_in_the_issue_has_a_rule() -> None:
    kinds = {r.check for r in RULES if r.scope == "article"}
    assert kinds >= {
        "conflict",
        "part-whole",
        "share",
        "change",
        "multiplier",
        "conversion",
        "weekday",
        "age",
        "sum",
        "share-total",
        "duration",
        "clock",
        "list-count",
        "monotonic",
        "future-past",
        "scale",
        "as-of-lag",
    }
    corpus = {r.check for r in RULES if r.scope == "corpus"}
    assert corpus >= {"conflict", "monotonic", "fixed-fact-story", "age-drift"}


@pytest.mark.parametrize(("rule", "number", "example"), CASES, ids=[f"{r.id}-{n}-{e.expect}" for r, n, e in CASES])
def test_rule_example(rule, number, example) -> None:
    result = run_example(rule, number, example)
    assert result.passed, result.describe()
