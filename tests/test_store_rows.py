"""The claims table's rows and the Extraction JSON round trip the claim store relies on."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.claims.model import Claim
from consistency.document import Document, load_paths
from consistency.document.segment import Sentence
from consistency.extract import Extraction, extract_document
from consistency.extract.dates import DateExpr
from consistency.extract.quantities import Quantity
from consistency.store import codec, rows

ROOT = Path(__file__).resolve().parent.parent


def _seed_extractions() -> list[Extraction]:
    docs = [d for d in load_paths([str(ROOT / "seeds")]) if isinstance(d, Document)]
    assert docs
    return [extract_document(d) for d in docs]


def _fresh(ex: Extraction) -> Extraction:
    """The extraction without its lazily built caches (never written)."""
    ex.document._line_starts = []
    return ex


def test_claim_columns_cover_every_claim_field() -> None:
    fields = [f.name for f in dataclasses.fields(Claim)]
    assert list(rows.CLAIM_COLUMNS) == ["path", *fields], "a Claim field was added: append it to CLAIM_COLUMNS"


def test_rows_are_plain_json_in_column_order() -> None:
    for ex in _seed_extractions():
        doc = rows.document_row(ex)
        assert tuple(doc) == rows.DOCUMENT_COLUMNS
        claims = rows.claim_rows(ex)
        assert len(claims) == len(ex.claims) == doc["claims"]
        assert all(tuple(r) == rows.CLAIM_COLUMNS for r in claims)
        json.dumps([doc, claims, rows.feature_rows(ex)], allow_nan=False)  # plain JSON values only
        assert [r["index"] for r in claims] == [c.index for c in ex.claims]
        assert rows.document_row(ex) == doc  # a pure function: the same rows twice


def test_unbounded_interval_ends_are_null() -> None:
    ex = _seed_extractions()[0]
    claim = dataclasses.replace(ex.claims[0], low=-math.inf, high=math.inf)
    row = rows.claim_row("x.md", claim)
    assert row["low"] is None and row["high"] is None and row["value"] == claim.value


def test_content_hash_follows_what_extraction_reads() -> None:
    doc = Document("a.md", "Ten people died.", dt.date(2025, 1, 2), "T", "s")
    same = Document("b.md", "Ten people died.", dt.date(2025, 1, 2), "T", "s")
    assert rows.content_hash(doc) == rows.content_hash(same)  # the path is not content
    for changed in (dataclasses.replace(doc, text="Eleven people died."),
                    dataclasses.replace(doc, date=dt.date(2025, 1, 3)),
                    dataclasses.replace(doc, title="U"), dataclasses.replace(doc, story=None)):
        assert rows.content_hash(changed) != rows.content_hash(doc)


def test_real_extractions_round_trip_exactly() -> None:
    for ex in _seed_extractions():
        back = codec.loads(codec.dumps(ex))
        assert back == _fresh(ex)
        assert codec.dumps(back) == codec.dumps(ex)


def test_corrupt_blobs_are_refused() -> None:
    text = codec.dumps(_seed_extractions()[0])
    for bad in ("", "[1]", text.replace('"format":1', '"format":99'), text.replace(codec.SCHEMA, "0" * 16),
                json.dumps({"format": 1, "schema": codec.SCHEMA, "extraction": {"$c": "Evil", "v": []}})):
        with pytest.raises(codec.CodecError):
            codec.loads(bad)


# --- the round trip on generated values -----------------------------------------------------

_text = st.text(max_size=12)
_opt_text = st.none() | _text
_int = st.integers(-10**6, 10**6)
_float = st.floats(allow_nan=False) | st.sampled_from([math.inf, -math.inf, -0.0])
_date = st.dates(dt.date(1600, 1, 1), dt.date(2200, 12, 31))
_opt_date = st.none() | _date
_scalar = st.none() | st.booleans() | _int | _float | _text | _date
_extra = st.dictionaries(_text, _scalar | st.lists(_scalar, max_size=3) | st.tuples(_scalar, _scalar), max_size=3)

_claims = st.builds(
    Claim, index=_int, text=_text, start=_int, end=_int, value=_float, low=_float, high=_float, unit=_text,
    entity=_text, kind=_text, noun=_opt_text, lemma=_opt_text, predicate=_opt_text, measure=_opt_text,
    as_of_low=_opt_date, as_of_high=_opt_date, as_of_text=_opt_text, sentence=_int, quoted=st.booleans(),
    attribution=_opt_text, qualifier=_opt_text, role=_opt_text, link=st.none() | _int, frame=_opt_text,
    head=_opt_text, modifiers=st.lists(_text, max_size=3).map(tuple), cumulative=st.booleans(),
    cumulative_days=st.none() | _int, exhaustive=st.booleans(), fixed=st.booleans(), subject=_opt_text,
    definite=st.booleans(), increment=st.booleans(), clause=_int, clause_start=_int, clause_end=_int,
    title=st.booleans(), status=st.booleans(), as_of_part=_int, progress=st.none() | _float,
    event_day=_opt_date, context=st.tuples(_text, _text), places=st.lists(_text, max_size=2).map(tuple),
    event_places=st.lists(_text, max_size=2).map(tuple),
)
_dates = st.builds(DateExpr, text=_text, start=_int, end=_int, kind=_text, value=_opt_text, low=_opt_date,
                   high=_opt_date, weekday=st.none() | st.integers(0, 6), year_given=st.booleans(),
                   note=_opt_text, extra=_extra)
_quantities = st.builds(Quantity, text=_text, start=_int, end=_int, value=_float, low=_float, high=_float,
                        unit=_text, entity=_text, kind=_text, qualifier=_opt_text, noun=_opt_text,
                        lemma=_opt_text, predicate=_opt_text, role=_opt_text, link=st.none() | _int,
                        extra=_extra)
_sentences = st.builds(Sentence, index=_int, start=_int, end=_int, text=_text, cut=st.booleans())
_documents = st.builds(Document, path=_text, text=st.text(max_size=60), date=_opt_date, title=_opt_text,
                       story=_opt_text, kind=_text,
                       title_span=st.none() | st.tuples(_int, _int))
_extractions = st.builds(
    Extraction, document=_documents, reference_date=_opt_date, sentences=st.lists(_sentences, max_size=3),
    dates=st.lists(_dates, max_size=3), quantities=st.lists(_quantities, max_size=3),
    claims=st.lists(_claims, max_size=3), notes=st.lists(_text, max_size=2),
)


@settings(max_examples=60, deadline=None)
@given(_extractions)
def test_generated_extractions_round_trip_exactly(ex: Extraction) -> None:
    back = codec.loads(codec.dumps(ex))
    assert back == ex
    # == treats 0.0 and -0.0 alike, and a tuple field never equals a list: compare the text too.
    assert codec.dumps(back) == codec.dumps(ex)
    assert all(type(b.modifiers) is tuple and type(b.context) is tuple for b in back.claims)
