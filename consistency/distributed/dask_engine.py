"""Extraction on a Dask cluster: the input in partitions, each extracted in a worker and
written there as Parquet part files (`consistency.distributed.tables`).

- The client reads the input (files, folders, JSONL feeds: reading runs at disk speed, some
  hundred times faster than extraction) and sends documents in partitions of at most
  `PARTITION_DOCUMENTS` documents (or `PARTITION_CHARS` characters), at most
  `IN_FLIGHT_PER_WORKER` per worker at a time, so neither the client nor the scheduler
  ever holds the whole input.
- Each worker sets itself up once (`Setup`, a WorkerPlugin: the lexicons with the user's
  packs, the extractor's warm-up, the fingerprint), then extracts each document of a
  partition inside the same guard as `consistency index` (an exception costs that
  document and comes back as an error), computes the rows with the store's own row
  functions and writes its partition's part files itself: rows never travel through the
  client. Workers must see the output folder (one machine, or a shared file system).
- Only counts, errors and notices come back; partition numbers follow the input order,
  so the table read in part order is the same whatever the number of workers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from consistency.errors import InternalError, UsageError

PARTITION_DOCUMENTS = 64
"""Documents per task: the scheduler's cost per task (a few milliseconds) is then under 1%
of the task's extraction (about 10 ms per news article)."""
PARTITION_CHARS = 1_000_000
IN_FLIGHT_PER_WORKER = 2

_STATE: dict[str, Any] = {}
"""This worker process's set-up: {"key": (rule dirs, date), "fingerprint": str}."""


def _set_up(rule_dirs: tuple[str, ...], date: dt.date | None) -> str:
    """Configure this process for extraction once (per process cache) and return its
    extractor fingerprint."""
    key = (rule_dirs, date)
    if _STATE.get("key") != key:
        from pathlib import Path

        from consistency.claims import lexicon
        from consistency.parallel import Work, warm_up
        from consistency.store.sqlite import fingerprint

        lexicon.configure([Path(d) for d in rule_dirs])
        problems = lexicon.validate()
        if problems:
            raise UsageError("; ".join(str(p) for p in problems))
        warm_up(Work(date), None)
        _STATE.update(key=key, fingerprint=fingerprint(date))
    return _STATE["fingerprint"]


class Setup(WorkerPlugin):
    """Registered once with the client: every worker (and every worker that joins later)
    sets itself up when it starts, not on its first partition."""

    name = "consistency-setup"

    def __init__(self, rule_dirs: Sequence[str], date: dt.date | None) -> None:
        self.rule_dirs = tuple(rule_dirs)
        self.date = date

    def setup(self, worker: Any) -> None:
        _set_up(self.rule_dirs, self.date)


def _fingerprint(rule_dirs: tuple[str, ...], date: dt.date | None) -> str:
    return _set_up(rule_dirs, date)


@dataclass
class PartitionResult:
    number: int
    documents: int
    claims: int
    errors: list  # frozen errors (consistency.parallel)
    notices: list


def _partition(number: int, docs: list, out: str, rule_dirs: tuple[str, ...],
               date: dt.date | None) -> PartitionResult:
    """One partition in a worker: extract, make rows, write the part files."""
    from consistency.distributed.tables import table_rows, write_part
    from consistency.parallel import DocumentRun, Work, _freeze, process

    fp = _set_up(rule_dirs, date)
    run = DocumentRun()
    work = Work(date)
    made = []
    for doc in docs:
        ex = process(doc, work, None, run)
        if ex is None:
            continue
        try:
            made.append(table_rows(ex))
        except Exception as exc:
            run.error(InternalError(doc.path, exc, step="indexing"))
    write_part(out, number, made, fp)
    return PartitionResult(number, len(made), sum(len(c) for _, c, _ in made), [_freeze(e) for e in run.errors],
                           run.notices)


@dataclass
class Summary:
    documents: int = 0
    claims: int = 0
    partitions: int = 0
    failed: int = 0
    workers: int = 0

    def describe(self, out: str) -> str:
        return (f"extracted {self.documents:,} article{'s' if self.documents != 1 else ''} "
                f"({self.claims:,} claims) on {self.workers} worker{'s' if self.workers != 1 else ''} "
                f"into {out} ({self.partitions:,} partitions)"
                + (f", {self.failed:,} not extracted (errors)" if self.failed else ""))


def _partitions(paths: Sequence[str], run: Any, summary: Summary, size: int) -> Iterator[list]:
    """The input's documents, each once, in partitions; the loader's problems go to `run`."""
    from consistency.document import Document, load_paths
    from consistency.findings import Notice
    from consistency.store.sqlite import document_key

    seen: set[str] = set()
    chunk: list = []
    chars = 0
    for item in load_paths(paths):
        if isinstance(item, Notice):
            run.notices.append(item)
            continue
        if not isinstance(item, Document):
            summary.failed += 1
            run.error(item)
            continue
        key, _ = document_key(item.path, item.kind)
        if key in seen:
            continue  # the same file given twice, as in `consistency index`
        seen.add(key)
        chunk.append(item)
        chars += len(item.text)
        if len(chunk) >= size or chars >= PARTITION_CHARS * max(1, size // PARTITION_DOCUMENTS):
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def cluster_client(scheduler: str | None, workers: int) -> tuple[Client, LocalCluster | None]:
    """A client of the cluster at `scheduler`, or of a local cluster of `workers` processes
    (one thread each: extraction is pure Python, threads would share one core)."""
    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None
        except OSError as err:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster), cluster


def index_parquet(paths: Sequence[str], out: str, date: dt.date | None, rule_dirs: Sequence[str], run: Any,
                  scheduler: str | None = None, workers: int = 2, client: Client | None = None,
                  partition: int | None = None) -> Summary:
    """Extract every document of `paths` on the cluster into the Parquet tables at `out`, in
    tasks of `partition` documents (default PARTITION_DOCUMENTS)."""
    from consistency.distributed.tables import clear
    from consistency.parallel import _thaw

    if "-" in paths:
        raise UsageError("the engine reads files, folders and feeds, not stdin (-)")
    dirs = tuple(str(d) for d in rule_dirs)
    own = client is None
    cluster = None
    if client is None:
        client, cluster = cluster_client(scheduler, workers)
    summary = Summary()
    try:
        client.register_plugin(Setup(dirs, date), name=Setup.name)
        here = _set_up(dirs, date)
        theirs = set(client.run(_fingerprint, dirs, date).values())
        if theirs - {here}:
            raise UsageError("the cluster's workers run another version of consistency or its lexicons "
                             f"({', '.join(sorted(theirs))}; here {here}): install the same version on them")
        summary.workers = len(client.scheduler_info()["workers"])
        clear(out)
        limit = IN_FLIGHT_PER_WORKER * max(1, summary.workers)
        results: dict[int, PartitionResult] = {}
        pending = as_completed()
        in_flight = 0
        chunks = _partitions(paths, run, summary, partition or PARTITION_DOCUMENTS)
        number = 0

        def submit() -> bool:
            nonlocal number, in_flight
            chunk = next(chunks, None)
            if chunk is None:
                return False
            pending.add(client.submit(_partition, number, chunk, out, dirs, date, pure=False,
                                      key=f"consistency-partition-{number}"))
            number += 1
            in_flight += 1
            return True

        while in_flight < limit and submit():
            pass
        for future in pending:
            result = future.result()
            in_flight -= 1
            results[result.number] = result
            while in_flight < limit and submit():
                pass
        for n in sorted(results):
            r = results[n]
            summary.documents += r.documents
            summary.claims += r.claims
            summary.failed += len({e[1].get("path") for e in r.errors})
            for frozen in r.errors:
                run.error(_thaw(frozen))
            run.notices.extend(r.notices)
        summary.partitions = number
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()
    return summary
