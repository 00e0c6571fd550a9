"""What the seed article must show (issue: extraction core)."""

from __future__ import annotations

from pathlib import Path

from consistency.document import load_paths
from consistency.extract import extract_document

SEED = Path(__file__).resolve().parent.parent / "seeds" / "putin-safety-zone.md"


def test_seed_article() -> None:
    (doc,) = list(load_paths([str(SEED)]))
    assert doc.date.isoformat() == "2025-12-01"
    ex = extract_document(doc)
    localities = [c for c in ex.claims if c.lemma == "inhabited locality"]
    assert len(localities) == 1
    claim = localities[0]
    assert (claim.value, claim.low, claim.high) == (87, 87, 87)
    assert claim.noun == "inhabited localities"
    assert claim.as_of_low.isoformat() == claim.as_of_high.isoformat() == "2025-11-01"
    evening = [d for d in ex.dates if "evening of November 30" in d.text]
    assert evening and evening[0].value == "2025-11-30"
    assert not [q for q in ex.quantities if q.value == 30]
    assert not [d for d in ex.dates if d.text.lower() == "may"]
