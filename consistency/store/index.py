"""Index an archive into the claim store, incrementally.

A file whose size and modification time are those recorded when all its articles were
stored (with the same extractor fingerprint) is not read at all. Every other article is
loaded and hashed (`rows.content_hash`); one whose hash and extractor fingerprint match its
stored row costs only that. New, changed and stale articles are
extracted — in worker processes with `jobs` (`consistency.parallel.map_documents`, the
machinery behind `cli.common.documents`), one guard per article (a failure costs that
article and becomes an error in the run) — and written in batches, one transaction each,
so an interrupted run keeps every batch it committed and the next run picks up where it
stopped. With `prune`, articles
stored from the given files and folders that are no longer there are removed.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from consistency.errors import ConsistencyError, UsageError
from consistency.findings import Notice

RACY_SECONDS = 2.0
"""A file modified this recently is not trusted by its stats next time (another write in the
same clock tick would keep size and time): it is hashed again."""

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


def _rows_step(context: Any, ex: Any, run: Any) -> tuple[str, str, dict, list[dict], list[dict]]:
    """The table rows of one extraction, built where it was extracted (a worker with --jobs):
    the rows, not the Extraction, travel back."""
    from consistency.claims.events import profile
    from consistency.store import rows
    from consistency.store.sqlite import pack_extraction

    prof = profile(ex)
    doc = ex.document
    row = rows.document_row(ex, prof)
    row["extraction"] = pack_extraction(row["extraction"])  # here, in the worker: the writer is one process
    return doc.path, doc.kind, row, rows.claim_rows(ex), rows.feature_rows(ex, prof)


def _prepare(packs: tuple[str, ...]) -> None:
    """A spawned worker's lexicons: the default pack's and the user's `--rules` packs'."""
    from pathlib import Path

    from consistency.claims import lexicon

    lexicon.configure([Path(p) for p in packs])


def index(paths: Sequence[str], store_path: str, date: dt.date | None, prune: bool, run: Any,
          batch: int = BATCH, jobs: int = 1, packs: Sequence[str] = (), progress: bool = False) -> Summary:
    """Bring the store at `store_path` up to date with the articles under `paths`, extracting
    in `jobs` processes (`consistency.parallel`) with the lexicons of `packs`."""
    import functools

    from consistency.cli.common import progress_bar
    from consistency.document import Document, load_paths
    from consistency.document.loaders import expand_paths
    from consistency.parallel import Work, map_documents
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
        sources: dict[str, tuple[str, bool]] = {}  # key -> (source, changed) of what is extracted
        recorded = store.sources()
        by_source = store.keys_by_source()
        stats: dict[str, tuple[str, int, int, str]] = {}  # files read this run, to record at the end
        now = time.time()

        def files() -> Iterator[Any]:
            """What the loader yields, less the files whose stats say they are unchanged."""
            for path in expand_paths(paths):
                try:
                    st = os.stat(path)
                except OSError:
                    yield from load_paths([path])  # the loader words the error
                    continue
                source = os.path.abspath(path)
                if recorded.get(source) == (st.st_size, st.st_mtime_ns, fp) and source in by_source:
                    keys = [k for k in by_source[source] if k not in seen]
                    seen.update(keys)
                    summary.seen += len(keys)
                    summary.unchanged += len(keys)
                    continue
                if now - st.st_mtime > RACY_SECONDS:
                    stats[source] = (source, st.st_size, st.st_mtime_ns, fp)
                yield from load_paths([path])

        def pending() -> Iterator[Any]:
            """The loader's output less the unchanged articles (notices and errors pass on to
            map_documents, which hands them to `run` in order)."""
            for item in files():
                if isinstance(item, Notice):
                    yield item
                    continue
                if not isinstance(item, Document):
                    if isinstance(item, ConsistencyError) and item.path and os.path.exists(item.path.split("#")[0]):
                        failed_sources.add(os.path.abspath(item.path))
                    summary.failed += 1
                    yield item
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
                sources[key] = (source, stored is not None)
                yield item

        out: list[tuple[str, str, str, dict, list[dict], list[dict]]] = []
        work = Work(date, _rows_step, functools.partial(_prepare, tuple(packs)))
        with progress_bar(progress) as tick:
            for path, kind, doc_row, claim_rows, feature_rows in map_documents(
                pending(), work, run, jobs=max(1, jobs), context=True, tick=tick
            ):
                key = document_key(path, kind)[0]
                source, changed = sources.pop(key)
                summary.changed += changed
                summary.added += not changed
                out.append((key, source, fp, doc_row, claim_rows, feature_rows))
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
        bad = failed_sources | {source for source, _ in sources.values()}
        store.record_sources([v for s, v in sorted(stats.items()) if s not in bad], forget=sorted(bad))
    return summary
