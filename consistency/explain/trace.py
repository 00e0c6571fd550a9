"""The decisions a rule made, recorded while it runs: which figures it compared and which gate
stopped each comparison that did not fire.

Check kinds receive the trace on their context (`ctx.trace`) and report with `stop(...)` at
the gates that matter; the engine reports every hit itself (fired, `when` false, duplicate).
Without a trace every hook is one `is not None` test, so `consistency check` pays nothing and
its findings stay the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from consistency.rules.checks.base import Hit, Mark
    from consistency.rules.model import Rule

GATES: dict[str, str] = {
    # id: what an editor reads. The ids are the stable part of the JSON output (docs/explain.md).
    "fired": "fired",
    "not-selected": "not taken by the rule",
    "not-comparable": "not a figure the rule compares",
    "missing-key": "missing a blocking key",
    "blocking-key": "different blocking key",
    "repeat": "the same figure repeated",
    "same-article": "same article (a corpus rule compares figures of different articles)",
    "same-sentence": "same sentence",
    "whole-part": "one is a whole, the other a part",
    "subject": "different subjects",
    "modifiers": "different modifiers",
    "place": "different places",
    "no-subject": "no subject on both sides",
    "event": "different events",
    "same-figure": "the same figure twice",
    "tolerance": "within tolerance",
    "agrees": "they agree",
    "no-frame": "no measure frame",
    "exemption": "exemption word",
    "headline": "headline against a later figure",
    "no-reference": "nothing points from one figure to the other",
    "time": "different times",
    "rose": "a running total that rose",
    "component": "a component of a change, not the total",
    "missing": "nothing to compare it with",
    "unbounded": "an open-ended or zero figure",
    "other-year": "another year's date",
    "not-past": "not told in the past tense",
    "history": "a history, not one fact",
    "different-entity": "about different people or things",
    "different-vote": "two different votes",
    "tally-side": "one side of a vote tally",
    "when": "the rule's `when` condition is false",
    "duplicate": "the same finding again",
    "error": "the rule failed on this",
}

MAX_BLOCKED = 2000
"""Most 'different blocking key' pairs kept per rule and document (or story): they grow with
the square of the figures, and past this they only count."""


@dataclass
class Decision:
    """One comparison (or one figure left out) and what came of it."""

    rule: str
    gate: str  # a GATES id; "fired" when the rule reported it
    detail: str  # the particulars, in words ("as of 2025-06-06 and 2025-06-08")
    figures: tuple[Mark, ...]
    message: str = ""  # the finding's message, when it fired

    @property
    def fired(self) -> bool:
        return self.gate == "fired"


@dataclass
class Trace:
    """Collects Decisions for `consistency explain`; one per run of the rules."""

    decisions: list[Decision] = field(default_factory=list)
    omitted: dict[str, int] = field(default_factory=dict)  # rule id -> blocked pairs past MAX_BLOCKED
    rule: str = ""
    _blocked: int = 0

    def begin(self, rule: Rule) -> None:
        """The rule whose decisions follow, on one document or story."""
        self.rule = rule.id
        self._blocked = 0

    def stop(self, gate: str, detail: str, *figures: Mark) -> None:
        """A comparison (or a single figure) that did not fire, and the gate that stopped it."""
        if gate not in GATES:
            raise ValueError(f"unknown gate {gate!r}")
        self.decisions.append(Decision(self.rule, gate, detail, figures))

    def blocked(self, detail: str, *figures: Mark) -> None:
        """Two figures of one dimension that blocking kept apart: kept up to MAX_BLOCKED, then counted."""
        self._blocked += 1
        if self._blocked > MAX_BLOCKED:
            self.omitted[self.rule] = self.omitted.get(self.rule, 0) + 1
            return
        self.stop("blocking-key", detail, *figures)

    def hit(self, hit: Hit, gate: str = "fired", detail: str = "", message: str = "") -> None:
        """What the engine made of a check's hit: a finding, or stopped by `when`."""
        self.decisions.append(Decision(self.rule, gate, detail, (hit.primary, *hit.related), message))

