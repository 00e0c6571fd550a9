"""Properties of the engine: agreement is symmetric, restating a figure adds no finding,
the order documents come in changes nothing."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.claims.model import Claim
from consistency.document import load_paths
from consistency.document.model import Document
from consistency.extract import extract_document
from consistency.rules.engine import run_rules
from consistency.rules.loader import DEFAULT_RULES, load_rules
from tests.conftest import ROOT

RULES, _ = load_rules([DEFAULT_RULES])
SEED_EXTRACTIONS = [extract_document(d) for d in load_paths([str(ROOT / "seeds")]) if isinstance(d, Document)]


def claim(low: float, high: float) -> Claim:
    return Claim(
        0,
        "x",
        0,
        1,
        (low + high) / 2,
        low,
        high,
        "dimensionless",
        "dimensionless",
        "count",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        0,
        False,
        None,
    )


bounds = st.tuples(st.floats(-1e9, 1e9, allow_nan=False), st.floats(0, 1e6, allow_nan=False))


@given(bounds, bounds)
def test_agreement_is_symmetric(a: tuple[float, float], b: tuple[float, float]) -> None:
    ca, cb = claim(a[0], a[0] + a[1]), claim(b[0], b[0] + b[1])
    assert ca.agrees_with(cb) == cb.agrees_with(ca)
    assert ca.agrees_with(ca)


def findings(extractions) -> list[tuple]:
    return [(f.rule, f.location.path, f.location.start, f.message) for f in run_rules(extractions, RULES)]


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(len(SEED_EXTRACTIONS))))
def test_document_order_changes_no_finding(order: list[int]) -> None:
    assert findings([SEED_EXTRACTIONS[i] for i in order]) == findings(SEED_EXTRACTIONS)


ARTICLE = (
    "Crews evacuated {evacuated} residents on Friday. Of the {crew} crew, {rescued} were rescued. "
    "Sales rose from {start} to {end}, a {pct}% rise. The trail runs {miles} miles ({km} km)."
)
RESTATEMENTS = [
    "Officials confirmed that {evacuated} residents were evacuated.",
    "In all, {rescued} of the {crew} crew were rescued.",
    "The trail, {miles} miles long, is popular.",
]


@settings(max_examples=40, deadline=None)
@given(
    evacuated=st.integers(20, 5000),
    crew=st.integers(10, 200),
    rescued_share=st.floats(0.1, 1.0),
    start=st.integers(10, 1000),
    growth=st.integers(1, 300),
    miles=st.integers(2, 400),
    which=st.sampled_from(RESTATEMENTS),
)
def test_restating_a_figure_adds_no_finding(evacuated, crew, rescued_share, start, growth, miles, which) -> None:
    values = {
        "evacuated": evacuated,
        "crew": crew,
        "rescued": max(1, int(crew * rescued_share)),
        "start": start,
        "end": start + start * growth // 100,
        "pct": round(100 * (start * growth // 100) / start),
        "miles": miles,
        "km": round(miles * 1.609344),
    }
    base = ARTICLE.format(**values)
    date = dt.date(2026, 3, 6)

    def run(text: str) -> list[tuple]:
        ex = extract_document(Document(path="a.md", text=text, date=date))
        return [(f.rule, f.location.start) for f in run_rules([ex], RULES)]

    before = run(base)
    after = run(base + " " + which.format(**values))
    assert after == before
