"""Index an archive into the claim store, incrementally.

Every article is loaded and hashed (`rows.content_hash`); one whose hash and extractor
fingerprint match its stored row costs only that. New, changed and stale articles are
extracted, one guard per article (a failure costs that article and becomes an error in
the run), and written in batches, one transaction each, so an interrupted run keeps every
batch it committed and the next run picks up where it stopped. With `prune`, articles
stored from the given files and folders that are no longer there are removed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from consistency.errors import ConsistencyError, InternalError, UsageError
from consistency.findings import Notice

BATCH = 64
"""Articles per transaction: small enough that a crash loses little, large enough that the
commit cost (one WAL sync) is spread over many articles."""


@dataclass
class Summary:
    seen: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0

    def describe(self, store: str) -> str:
        return (f"indexed {self.seen:,} article{'s' if self.seen != 1 else ''} into {store}: {self.added:,} new, "
                f"{self.changed:,} changed, {self.unchanged:,} unchanged, {self.removed:,} removed"
                + (f", {self.failed:,} not indexed (errors)" if self.failed else ""))


def _extract(pending: Iterable[Any], date: dt.date | None, run: Any) -> Iterator[Any]:
    """Extractions of the pending Documents, one guard per document (as `cli.common.documents`)."""
    from consistency.extract import extract_document

    for doc in pending:
        try:
            yield extract_document(doc, date)
        except Exception as exc:
            run.error(InternalError(doc.path, exc, step="extraction"))


def index(paths: Sequence[str], store_path: str, date: dt.date | None, prune: bool, run: Any,
          batch: int = BATCH) -> Summary:
    """Bring the store at `store_path` up to date with the articles under `paths`."""
    from consistency.claims.events import profile
    from consistency.document import Document, load_paths
    from consistency.store import rows
    from consistency.store.sqlite import Store, document_key, fingerprint

    if "-" in paths:
        raise UsageError("index reads files, folders and feeds, not stdin (-): an archived article needs a path")
    summary = Summary()
    with Store(store_path) as store:
        store.set_versions()
        known = store.known()
        fp = fingerprint(date)
        seen: set[str] = set()
        failed_sources: set[str] = set()
        sources: dict[int, tuple[str, str, bool]] = {}  # id(doc) -> (key, source, changed)

        def pending() -> Iterator[Any]:
            for item in load_paths(paths):
                if isinstance(item, Notice):
                    run.notices.append(item)
                    continue
                if not isinstance(item, Document):
                    if isinstance(item, ConsistencyError) and item.path and os.path.exists(item.path.split("#")[0]):
                        failed_sources.add(os.path.abspath(item.path))
                    summary.failed += 1
                    run.error(item)
                    continue
                key, source = document_key(item.path, item.kind)
                if key in seen:
                    continue  # the same file given twice
                seen.add(key)
                summary.seen += 1
                stored = known.get(key)
                if stored == (rows.content_hash(item), fp):
                    summary.unchanged += 1
                    continue
                sources[id(item)] = (key, source, stored is not None)
                yield item

        out: list[tuple[str, str, str, dict, list[dict], list[dict]]] = []
        extracted = 0
        for ex in _extract(pending(), date, run):
            key, source, changed = sources.pop(id(ex.document))
            try:
                prof = profile(ex)
                item = (key, source, fp, rows.document_row(ex, prof), rows.claim_rows(ex), rows.feature_rows(ex, prof))
            except Exception as exc:
                run.error(InternalError(ex.document.path, exc, step="indexing"))
                summary.failed += 1
                continue
            extracted += 1
            summary.changed += changed
            summary.added += not changed
            out.append(item)
            if len(out) >= batch:
                store.write_batch(out)
                out = []
        store.write_batch(out)
        summary.failed += len(sources)  # extraction failed: the guard reported why
        if prune:
            roots = [os.path.abspath(p) for p in paths]
            gone = [k for k in store.keys_under(roots) if k not in seen
                    and not any(k == s or k.startswith(s + "#") for s in failed_sources)]
            summary.removed = store.remove(gone)
    return summary
