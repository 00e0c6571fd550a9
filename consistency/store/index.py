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
import stat
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from consistency.document.model import Document
from consistency.errors import ConsistencyError, UsageError
from consistency.findings import Notice
from consistency.parallel import Failed, Load
from consistency.store.sqlite import Prepared

RACY_SECONDS = 2.0
"""A file modified this recently is not trusted by its stats next time (another write in the
same clock tick would keep size and time): it is hashed again."""

BATCH = 64
"""Articles in the first transaction: small enough that a short run (or one killed early)
commits soon. Each later batch is twice the one before, up to MAX_BATCH."""
MAX_BATCH = 512
"""Most articles per transaction. A commit writes every page the batch dirtied to the WAL,
and the claims and features indexes take inserts all over their B-trees, so small batches
write the same index pages again and again: on a 20,000-article store, batches of 64 cost
about 0.58 ms of SQLite CPU an article (1.1–1.6 ms of the writer's wall clock), batches of
256–2,048 about 0.40–0.52 ms (0.55–1.05 ms wall). A crash still loses only the batch in
flight (at most a second or two of extraction); every committed batch stays."""


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


@dataclass(frozen=True)
class _Unchanged:
    """A worker's answer for an article whose content hash is the stored one."""

    key: str


def _rows_step(fp: str, context: Any, ex: Any, run: Any) -> Prepared:
    """The store's rows of one extraction, built where it was extracted (a worker with
    --jobs) as `Store.write_rows` inserts them: tuples, the extraction JSON already
    compressed, so the writing process — one for the whole run — only inserts."""
    from consistency.claims.events import profile
    from consistency.store import rows
    from consistency.store.sqlite import document_key, pack_extraction

    prof = profile(ex)
    doc = ex.document
    key, source = document_key(doc.path, doc.kind)
    row = rows.document_row(ex, prof)
    row["extraction"] = pack_extraction(row["extraction"])
    lede = prof.lede
    return (
        (key, source, fp, *row.values()),  # document_row's keys are DOCUMENT_COLUMNS, in order
        [rows.claim_values(c) for c in ex.claims],
        [(f, 1 if f in lede else 0) for f in sorted(prof.body | lede)],
    )


def _read(context: Any, item: Load, run: Any) -> Any:
    """Read one archive file where it is extracted (`parallel.Load`; `item.data` is the
    content hash stored for it, if any, with this fingerprint): its Document, or
    `_Unchanged` when its hash is the stored one, or `Failed` when it cannot be read."""
    import consistency.document as document  # looked up at each call (a test counts reads)
    from consistency.store import rows
    from consistency.store.sqlite import document_key

    doc = None
    for loaded in document.load_paths([item.path]):  # one item: a file that is no feed is one article
        if isinstance(loaded, Notice):
            run.notices.append(loaded)
        elif isinstance(loaded, Document):
            doc = loaded
        else:
            run.error(loaded)
    if doc is None:
        return Failed(item, False)
    if item.data is not None and rows.content_hash(doc) == item.data:
        return _Unchanged(document_key(doc.path, doc.kind)[0])
    return doc


class _Writer:
    """Writes batches in a thread of its own, in order, so the process that feeds the
    workers is not held up while SQLite waits on the disk (a WAL checkpoint's fsync takes far
    longer than its CPU: 2.7 s of wall against 0.9 s of CPU for 3,000 articles) — sqlite3
    lets go of the GIL while a statement runs. At most QUEUED batches wait; each is still one
    transaction. The store's connection is used by this thread alone from the first batch
    until `close`."""

    QUEUED = 2

    def __init__(self, store: Any) -> None:
        import queue

        self.store = store
        self.queue: queue.Queue[list[Prepared] | None] = queue.Queue(maxsize=self.QUEUED)
        self.error: BaseException | None = None
        self.thread: Any = None

    def put(self, batch: list[Prepared]) -> None:
        if self.error is not None:
            raise self.error
        if self.thread is None:
            import threading

            self.thread = threading.Thread(target=self._run, name="consistency-store-writer", daemon=True)
            self.thread.start()
        self.queue.put(batch)

    def _run(self) -> None:
        while (batch := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.store.write_rows(batch)
                except BaseException as exc:  # handed to the feeding thread at its next put or close
                    self.error = exc

    def close(self, check: bool = True) -> None:
        """Wait until every batch put is written; raise what writing raised (unless `check`
        is False: the caller is already failing)."""
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.thread = None
        if check and self.error is not None:
            raise self.error


def _prepare(packs: tuple[str, ...]) -> None:
    """A spawned worker's lexicons: the default pack's and the user's `--rules` packs'."""
    from pathlib import Path

    from consistency.claims import lexicon

    lexicon.configure([Path(p) for p in packs])


def index(paths: Sequence[str], store_path: str, date: dt.date | None, prune: bool, run: Any,
          batch: int = BATCH, jobs: int = 1, packs: Sequence[str] = (), progress: bool = False,
          max_batch: int = MAX_BATCH) -> Summary:
    """Bring the store at `store_path` up to date with the articles under `paths`, extracting
    in `jobs` processes (`consistency.parallel`) with the lexicons of `packs`.

    A file that is no feed is read where it is extracted (a `parallel.Load` with its stored
    hash): this process only walks and stats the archive and inserts rows. A JSONL feed is
    read here, as its articles' names depend on every line before them.

    Rows are committed in batches: the first of `batch` articles, each later one twice the
    size of the one before, up to `max_batch`."""
    import functools

    from consistency.cli.common import progress_bar
    from consistency.document import load_paths
    from consistency.document.loaders import expand_paths
    from consistency.parallel import Work, map_documents
    from consistency.store import rows
    from consistency.store.sqlite import Store, document_key, fingerprint

    if "-" in paths:
        raise UsageError("index reads files, folders and feeds, not stdin (-): an archived article needs a path")
    summary = Summary()
    with Store(store_path) as store:
        store.set_versions()
        store.tune_for_index()
        known: dict[str, tuple[str, str]] = {}
        fp = fingerprint(date)
        seen: set[str] = set()
        failed_sources: set[str] = set()  # files that could not be read
        unextracted: set[str] = set()  # files with an article whose extraction failed
        sources: dict[str, tuple[str, bool]] = {}  # key -> (source, changed) of feed articles sent
        recorded = store.sources()
        by_source = store.keys_by_source()
        stats: dict[str, tuple[str, int, int, str]] = {}  # files read this run, to record at the end
        now = time.time()
        loaded_known = False

        def stored_row(key: str) -> tuple[str, str] | None:
            """(content hash, fingerprint) stored for `key`: the stored rows are read on first
            need, so an archive whose every file is unchanged by its stats never reads them."""
            nonlocal known, loaded_known
            if not loaded_known:
                known, loaded_known = store.known(), True
            return known.get(key)

        def read_failed(path: str) -> None:
            summary.failed += 1
            if path and os.path.exists(path.split("#")[0]):
                failed_sources.add(os.path.abspath(path))

        def pending() -> Iterator[Any]:
            """What the workers are to read or extract: a `Load` for each file that is no
            feed, less those whose stats say they are unchanged; a feed's articles, less the
            unchanged ones (notices and errors pass on to map_documents, which hands them to
            `run` in order)."""
            for path in expand_paths(paths):
                try:
                    st = os.stat(path)
                except OSError:
                    st = None
                if st is not None:
                    source = os.path.abspath(path)
                    if recorded.get(source) == (st.st_size, st.st_mtime_ns, fp) and source in by_source:
                        keys = [k for k in by_source[source] if k not in seen]
                        seen.update(keys)
                        summary.seen += len(keys)
                        summary.unchanged += len(keys)
                        continue
                    if now - st.st_mtime > RACY_SECONDS:
                        stats[source] = (source, st.st_size, st.st_mtime_ns, fp)
                    if not path.lower().endswith(".jsonl") and stat.S_ISREG(st.st_mode):
                        stored = stored_row(source)
                        yield Load(path, st.st_size, stored[0] if stored and stored[1] == fp else None)
                        continue
                for item in load_paths([path]):  # a feed, or what the loader words an error for
                    if isinstance(item, Notice):
                        yield item
                        continue
                    if not isinstance(item, Document):
                        if isinstance(item, ConsistencyError):
                            read_failed(item.path or "")
                        else:
                            summary.failed += 1
                        yield item
                        continue
                    key, source = document_key(item.path, item.kind)
                    if key in seen:
                        continue  # the same feed given twice
                    seen.add(key)
                    summary.seen += 1
                    stored = stored_row(key)
                    if stored == (rows.content_hash(item), fp):
                        summary.unchanged += 1
                        continue
                    sources[key] = (source, stored is not None)
                    yield item

        def first_seen(key: str) -> bool:
            """Count a file's article the first time it comes back (a file given twice is read
            twice, as its errors are reported twice, but stored once)."""
            if key in seen:
                return False
            seen.add(key)
            summary.seen += 1
            return True

        out: list[Prepared] = []
        work = Work(date, functools.partial(_rows_step, fp), functools.partial(_prepare, tuple(packs)), read=_read)
        writer = _Writer(store)
        failing = True
        try:
            with progress_bar(progress) as tick:
                for result in map_documents(pending(), work, run, jobs=max(1, jobs), context=True, tick=tick):
                    if isinstance(result, Failed):
                        if not result.loaded:
                            read_failed(result.item.path)
                        elif first_seen(os.path.abspath(result.item.path)):
                            summary.failed += 1  # extraction failed: the guard reported why
                            unextracted.add(os.path.abspath(result.item.path))
                        continue
                    if isinstance(result, _Unchanged):
                        if first_seen(result.key):
                            summary.unchanged += 1
                        continue
                    key = result[0][0]
                    if key in sources:  # a feed's article
                        changed = sources.pop(key)[1]
                    elif first_seen(key):
                        changed = stored_row(key) is not None
                    else:
                        continue
                    summary.changed += changed
                    summary.added += not changed
                    out.append(result)
                    if len(out) >= batch:
                        writer.put(out)
                        out = []
                        batch = min(2 * batch, max(batch, max_batch))  # 64, 128, 256, 512 …
            if out:
                writer.put(out)
            failing = False
        finally:
            writer.close(check=not failing)
        summary.failed += len(sources)  # a feed article whose extraction failed: the guard reported why
        if prune:
            roots = [os.path.abspath(p) for p in paths]
            gone = [k for k in store.keys_under(roots) if k not in seen
                    and not any(k == s or k.startswith(s + "#") for s in failed_sources)]
            summary.removed = store.remove(gone)
        bad = failed_sources | unextracted | {source for source, _ in sources.values()}
        store.record_sources([v for s, v in sorted(stats.items()) if s not in bad], forget=sorted(bad))
    return summary
