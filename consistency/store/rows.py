"""The canonical claims table: one Extraction as flat rows, the same wherever it is written.

The SQLite claim store (`consistency.store.sqlite`) writes these rows, and so can a
distributed run writing Parquet: both call these pure functions of an Extraction, so a
cluster's table and a laptop's store hold the same rows for the same article.

Three tables, each with a fixed column list (the order is the table's column order; new
columns are only ever appended, with a schema version bump in the store):

- `DOCUMENT_COLUMNS`, one row per article (`document_row`): where it came from, a content
  hash, its dates, title, story label, what event linking reads (event day, event types,
  lede and body names), and the whole Extraction as JSON (`consistency.store.codec`) so
  corpus rules can run on it without extracting again.
- `CLAIM_COLUMNS`, one row per figure (`claim_rows`): every field of
  `consistency.claims.model.Claim`, keyed by (path, index).
- `FEATURE_COLUMNS`, one row per name an article carries (`feature_rows`): the blocking
  keys of event linking; `lede` is 1 for a name in the headline or first sentences.

Values are plain JSON values only (str, int, float, bool, None): dates are ISO strings,
tuples and lists are JSON text, and an unbounded interval end (infinite `low`/`high`) is
None (`low` None means minus infinity, `high` None plus infinity).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from typing import Any

from consistency.claims.events import Profile, profile
from consistency.claims.model import Claim
from consistency.document.model import Document
from consistency.extract.pipeline import Extraction
from consistency.store import codec

DOCUMENT_COLUMNS: tuple[str, ...] = (
    "path", "content_hash", "date", "reference_date", "title", "story", "kind",
    "event_day", "event_types", "days", "lede", "body", "claims", "extraction",
)
"""Columns of the documents table, in order."""

CLAIM_COLUMNS: tuple[str, ...] = (
    "path", "index", "text", "start", "end", "value", "low", "high", "unit", "entity", "kind",
    "noun", "lemma", "predicate", "measure", "as_of_low", "as_of_high", "as_of_text", "sentence",
    "quoted", "attribution", "qualifier", "role", "link", "frame", "head", "modifiers",
    "cumulative", "cumulative_days", "exhaustive", "fixed", "subject", "definite", "increment",
    "clause", "clause_start", "clause_end", "title", "status", "as_of_part", "progress",
    "event_day", "context", "places", "event_places",
)
"""Columns of the claims table, in order: `path` and then every field of Claim."""

FEATURE_COLUMNS: tuple[str, ...] = ("path", "feature", "lede")
"""Columns of the features table (the blocking keys of event linking)."""


_HASHED_JSON = json.JSONEncoder(ensure_ascii=False).encode
"""`json.dumps(value, ensure_ascii=False)` without building an encoder per call: the text
the content hash has always hashed."""


def content_hash(doc: Document) -> str:
    """A hash of everything extraction reads from a Document (not its path): an article
    whose hash is unchanged needs no new extraction."""
    payload = _HASHED_JSON(
        [doc.text, doc.date.isoformat() if doc.date else None, doc.title, doc.story, doc.kind,
         list(doc.title_span) if doc.title_span else None]
    )
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""`json.dumps(value, ensure_ascii=False, separators=(",", ":"))` without building an
encoder per call (a claim row has four JSON fields): the same text."""


def _json(value: Any) -> str:
    return _JSON(value)


def _json_strings(items: tuple[str, ...]) -> str:
    """A tuple of strings as a JSON list (most are empty: no encoder needed then)."""
    return _JSON(list(items)) if items else "[]"


def _bound(value: float) -> float | None:
    return None if math.isinf(value) or math.isnan(value) else float(value)


def document_row(ex: Extraction, prof: Profile | None = None) -> dict[str, Any]:
    """The documents-table row of one Extraction (`prof`: its `events.profile`, when the
    caller has it already)."""
    doc = ex.document
    p = prof if prof is not None else profile(ex)
    row = {
        "path": doc.path,
        "content_hash": content_hash(doc),
        "date": _iso(doc.date),
        "reference_date": _iso(ex.reference_date),
        "title": doc.title,
        "story": doc.story,
        "kind": doc.kind,
        "event_day": _iso(p.event_day),
        "event_types": _json(sorted(p.types)),
        "days": _json(sorted(d.isoformat() for d in p.days)),
        "lede": _json(sorted(p.lede)),
        "body": _json(sorted(p.body - p.lede)),
        "claims": len(ex.claims),
        "extraction": codec.dumps(ex),
    }
    return {c: row[c] for c in DOCUMENT_COLUMNS}


def claim_values(c: Claim) -> tuple[Any, ...]:
    """A claim's values in `CLAIM_COLUMNS` order, less `path` (the claim store's doc_id stands
    there): built as a tuple, as the store inserts it, so no dict is made and read back."""
    return (
        c.index, c.text, c.start, c.end, _bound(c.value), _bound(c.low), _bound(c.high),
        c.unit, c.entity, c.kind, c.noun, c.lemma, c.predicate, c.measure,
        _iso(c.as_of_low), _iso(c.as_of_high), c.as_of_text, c.sentence,
        bool(c.quoted), c.attribution, c.qualifier, c.role, c.link, c.frame, c.head,
        _json_strings(c.modifiers), bool(c.cumulative), c.cumulative_days, bool(c.exhaustive), bool(c.fixed),
        c.subject, bool(c.definite), bool(c.increment), c.clause, c.clause_start, c.clause_end,
        bool(c.title), bool(c.status), c.as_of_part, None if c.progress is None else float(c.progress),
        _iso(c.event_day), _json_strings(c.context), _json_strings(c.places), _json_strings(c.event_places),
    )


def claim_row(path: str, c: Claim) -> dict[str, Any]:
    """The claims-table row of one claim, keyed by column."""
    return dict(zip(CLAIM_COLUMNS, (path, *claim_values(c)), strict=True))


def claim_rows(ex: Extraction) -> list[dict[str, Any]]:
    """The claims-table rows of one Extraction, in claim order."""
    return [claim_row(ex.document.path, c) for c in ex.claims]


def feature_rows(ex: Extraction, prof: Profile | None = None) -> list[dict[str, Any]]:
    """The features-table rows: every name event linking reads, lede names marked."""
    p = prof if prof is not None else profile(ex)
    path = ex.document.path
    return [{"path": path, "feature": f, "lede": 1 if f in p.lede else 0} for f in sorted(p.body | p.lede)]
