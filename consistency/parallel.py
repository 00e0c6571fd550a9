"""Documents extracted in worker processes (`--jobs N`), with the output of one process.

Extraction and the article rules are per document, so they spread over processes; what needs
every document (story grouping, corpus rules, the report) stays in the calling process.

- Same output as one process: results come back in input order (an ordered window of
  chunks), each document goes through the same guarded function (`process`) whichever
  process runs it, and its errors and notices travel back with it, so `--jobs 1` and
  `--jobs 8` write the same bytes.
- Set-up once per worker, not per article: the initializer builds the work's context (the
  rules, the lexicons with the user's packs) once per process. Where processes are forked
  (Linux) the workers inherit the caller's context, already built, and its imports.
- Bounded memory: documents are read lazily and at most `2 × jobs` chunks of at most
  `CHUNK_DOCUMENTS` documents (or `CHUNK_CHARS` characters) are in flight at once.
- Guards stay per document: an exception costs that document and becomes the same `errors`
  entry as in one process. A worker that dies (killed, out of memory, a crash in a C
  extension) breaks the pool; the documents then in flight are retried one at a time in a
  fresh pool, so only the document the worker died on is lost, reported as an error.
- Small inputs stay in the calling process: a pool (forking, then each worker's first use of
  quantulum3) costs more than it saves on a draft. Processes are used only for at least
  `MIN_DOCUMENTS` documents, or at least two documents of `MIN_CHARS` characters together.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import gc
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import consistency.extract
from consistency.document.model import Document
from consistency.errors import ConsistencyError, InternalError
from consistency.findings import Notice

if TYPE_CHECKING:  # the pool's modules are imported when a pool starts: a draft never needs them
    from concurrent.futures import Future, ProcessPoolExecutor

MIN_DOCUMENTS = 8
"""Fewest documents worth a pool: fewer go through the calling process (unless they are long)."""
MIN_CHARS = 64_000
"""...or this many characters of text over at least two documents."""
CHUNK_DOCUMENTS = 16
"""Most documents sent to a worker at once: few enough for an even spread at the end of a
run, many enough that the cost of a round trip (well under a millisecond) is lost in the
extraction (about 10 ms per news article)."""
CHUNK_CHARS = 200_000
"""...and at most this much text per chunk (a chunk of long documents is cut shorter)."""
IN_FLIGHT_PER_WORKER = 2
"""Chunks queued per worker: one running, one waiting, so no worker idles on a round trip."""


def default_jobs() -> int:
    """The cores this process may use (its CPU affinity where the platform tells)."""
    count = getattr(os, "process_cpu_count", None)
    if count is not None:
        return count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


Step = Callable[[Any, Any, Any], Any]
"""(context, extraction, run) -> the result handed back for one document."""


@dataclasses.dataclass(frozen=True)
class Load:
    """A document still to be read, by whichever process extracts it (`Work.read`): the
    calling process then sends a path, not the text, and reads, decodes and parses no
    front matter itself — its per-article cost bounds the whole run's speed."""

    path: str
    size: int = 0
    """Bytes, for cutting chunks and the progress line (the text is not known yet)."""
    data: Any = None
    """Whatever `Work.read` needs besides the path (picklable)."""


@dataclasses.dataclass(frozen=True)
class Failed:
    """The result of a `Load` item that gave no other: `loaded` is False when reading it
    failed, True when its document was read but extraction or the step failed (the reason
    is in the run's errors either way). A caller that counts articles needs to know."""

    item: Load
    loaded: bool


def size_of(item: Document | Load) -> int:
    """Characters of a document's text, or a `Load`'s bytes: what chunks are cut by."""
    return item.size if isinstance(item, Load) else len(item.text)


@dataclasses.dataclass(frozen=True)
class Work:
    """What every document goes through, in whichever process extracts it.

    `step` and `prepare` must be picklable (module-level functions, or functools.partial of
    them with picklable arguments) where processes are spawned rather than forked."""

    date: dt.date | None = None
    step: Step | None = None
    """Run on each extraction with the context and the document's run (errors, notices);
    its return value is what the caller gets. Without it, the extraction itself."""
    prepare: Callable[[], Any] | None = None
    """Builds the context once per process (rules, lexicons). Without it, the context is None."""
    read: Callable[[Any, Load, Any], Any] | None = None
    """(context, item, run) for a `Load` item: its Document, which is then extracted and
    stepped as any other, or anything else, which is its result as it is (an article
    unchanged since it was stored need not be extracted). Needed for `Load` items."""
    token: str = dataclasses.field(default_factory=lambda: os.urandom(16).hex())
    """Names this work, so a forked worker knows the context it inherited is this work's."""


class WorkerDied(Exception):
    """The worker process extracting a document died (killed, out of memory, a crash)."""


class DocumentRun:
    """The part of a command's Run a worker fills for one document: its errors and notices,
    handed back with its result and replayed into the command's Run in input order."""

    debug = False

    def __init__(self) -> None:
        self.errors: list[ConsistencyError] = []
        self.notices: list[Notice] = []

    def error(self, err: ConsistencyError) -> None:
        self.errors.append(err)

    def rule_failed(self, rule: Any, path: str, exc: Exception) -> None:
        from consistency.cli.common import Run

        Run.rule_failed(self, rule, path, exc)  # type: ignore[arg-type]  # the same wording


def extract_document(doc: Document, date: dt.date | None = None) -> Any:
    """`consistency.extract.extract_document`, looked up at each call (so a test, or a tool,
    that replaces it there is heard here too)."""
    return consistency.extract.extract_document(doc, date)


def process(doc: Document | Load, work: Work, context: Any, run: Any) -> Any | None:
    """One document, guarded: its extraction and the work's step, or None when either failed
    (the failure is in `run`). The same function in one process and in a worker. A `Load`
    is read first (`Work.read`); it gives `Failed` rather than None."""
    if isinstance(doc, Load):
        return _load_and_process(doc, work, context, run)
    try:
        ex = extract_document(doc, work.date)
    except Exception as exc:
        run.error(InternalError(doc.path, exc, step="extraction"))
        return None
    if work.step is None:
        return ex
    try:
        return work.step(context, ex, run)
    except Exception as exc:
        run.error(InternalError(doc.path, exc, step="checking"))
        return None


def _load_and_process(item: Load, work: Work, context: Any, run: Any) -> Any:
    assert work.read is not None, "a Load item needs Work.read"
    try:
        loaded = work.read(context, item, run)
    except Exception as exc:
        run.error(InternalError(item.path, exc, step="reading"))
        return Failed(item, False)
    if not isinstance(loaded, Document):
        return loaded
    result = process(loaded, work, context, run)
    return Failed(item, True) if result is None else result


# --- errors across processes ------------------------------------------------------------
# Our errors take their parts as constructor arguments, which pickle's default for
# exceptions (cls(*args)) cannot replay; they travel as (class, attributes, message).


def _freeze(err: ConsistencyError) -> tuple[type, dict, tuple]:
    return type(err), dict(err.__dict__), err.args


def _thaw(frozen: tuple[type, dict, tuple]) -> ConsistencyError:
    cls, attrs, args = frozen
    err = cls.__new__(cls)
    err.args = args
    err.__dict__.update(attrs)
    return err


# --- the worker side ----------------------------------------------------------------------

_INHERITED: tuple[str, Any] | None = None
"""(work token, context) set by the caller just before forking: a forked worker uses it."""
_WORKER: tuple[Work, Any] | None = None


def in_worker() -> bool:
    """Whether this process is one of a pool's workers (work done here runs in parallel)."""
    return _WORKER is not None


WATCH_SECONDS = 0.5
"""How often a worker checks that the process it works for is still there."""


def _exit_with(caller: int) -> None:
    """End this worker when `caller` is gone. A caller killed with SIGKILL (a CI job timing
    out, an operator's `kill -9`) cannot shut its pool down, and a worker left behind would
    block for ever writing a result nobody reads: a daemon thread sees the new parent and
    exits the process."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == caller:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="consistency-caller-watch", daemon=True).start()


def _initialize(work: Work, caller: int | None = None) -> None:
    """Once per worker process: the work's context, built (or inherited when forked), and a
    watch on the calling process."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the calling process's to handle
    if caller is not None:
        _exit_with(caller)
    if _INHERITED is not None and _INHERITED[0] == work.token:
        context = _INHERITED[1]
    else:
        context = work.prepare() if work.prepare is not None else None
        warm_up(work, context)
    _WORKER = (work, context)


_WARM_UP = Document("(warm-up)", "On 3 May 2024 the 12 km road cost $5.4 million, up 7%; 40 people were hurt.")
_warm: set[str] = set()


def warm_up(work: Work, context: Any) -> None:
    """Pay the lazy set-up of extraction and of the work's step (first use of quantulum3,
    dateparser, simplemma's dictionary) once, on a tiny document, in this process."""
    if work.token in _warm:
        return
    _warm.add(work.token)
    process(_WARM_UP, work, context, DocumentRun())


def _process_chunk(docs: list[Document | Load]) -> list[tuple[Any, list, list]]:
    assert _WORKER is not None, "worker not initialised"
    work, context = _WORKER
    out = []
    for doc in docs:
        run = DocumentRun()
        result = process(doc, work, context, run)
        out.append((result, [_freeze(e) for e in run.errors], run.notices))
    return out


# --- the calling side ---------------------------------------------------------------------


@dataclasses.dataclass
class _Slot:
    """One entry of the ordered window: a loader's notice or error, or a chunk of documents."""

    item: Any = None
    docs: list[Document | Load] = dataclasses.field(default_factory=list)
    future: Future | None = None


def map_documents(
    items: Iterable[Any],
    work: Work,
    run: Any,
    jobs: int = 1,
    context: Any = None,
    tick: Callable[[Document | Load], None] | None = None,
    start_method: str | None = None,
) -> Iterator[Any]:
    """The result of every document of `items` (as `load_paths` yields them, or `Load` items
    that `work.read` reads where they are extracted), in input order; the loader's notices
    and errors and each document's go to `run` in the same order.

    `context` is the work's context when the caller has it already (else `work.prepare()` is
    called here when needed); `tick` is called once per document done (progress)."""
    items = iter(items)
    head: list[Any] = []
    docs = chars = 0
    if jobs > 1:
        for item in items:
            head.append(item)
            if isinstance(item, Document | Load):
                docs += 1
                chars += size_of(item)
                if docs >= MIN_DOCUMENTS or (docs >= 2 and chars >= MIN_CHARS):
                    break
    parallel = jobs > 1 and (docs >= MIN_DOCUMENTS or (docs >= 2 and chars >= MIN_CHARS))
    if context is None and work.prepare is not None:
        context = work.prepare()
    if not parallel:
        for item in (*head, *items) if head else items:
            if isinstance(item, Document | Load):
                result = process(item, work, context, run)
                if tick is not None:
                    tick(item)
                if result is not None:
                    yield result
            else:
                _note(item, run)
        return
    yield from _parallel(_chained(head, items), work, run, jobs, context, tick, start_method)


def _chained(head: list[Any], rest: Iterator[Any]) -> Iterator[Any]:
    yield from head
    yield from rest


def _note(item: Any, run: Any) -> None:
    if isinstance(item, Notice):
        run.notices.append(item)
    else:
        run.error(item)


def _chunks(items: Iterator[Any]) -> Iterator[_Slot]:
    chunk: list[Document | Load] = []
    chars = 0
    for item in items:
        if not isinstance(item, Document | Load):
            if chunk:
                yield _Slot(docs=chunk)
                chunk, chars = [], 0
            yield _Slot(item=item)
            continue
        chunk.append(item)
        chars += size_of(item)
        if len(chunk) >= CHUNK_DOCUMENTS or chars >= CHUNK_CHARS:
            yield _Slot(docs=chunk)
            chunk, chars = [], 0
    if chunk:
        yield _Slot(docs=chunk)


class _Pool:
    """A process pool that can be replaced when a worker dies."""

    def __init__(self, work: Work, jobs: int, context: Any, start_method: str | None) -> None:
        import multiprocessing

        self.work, self.jobs, self.context = work, jobs, context
        methods = multiprocessing.get_all_start_methods()
        method = start_method or ("fork" if "fork" in methods else None)
        self.mp = multiprocessing.get_context(method)
        self.executor: ProcessPoolExecutor | None = None
        self.frozen = False
        self.start()

    def start(self) -> None:
        from concurrent.futures import ProcessPoolExecutor

        global _INHERITED
        if self.mp.get_start_method() == "fork":
            # Forked workers inherit this process: warm it first (quantulum3's and the
            # rules' lazy set-up on a tiny document) so they all start warm.
            warm_up(self.work, self.context)
            _INHERITED = (self.work.token, self.context)
            # Everything alive now (modules, rules, lexicons, the warm-up's tables) lives as long
            # as the run: out of the collector's sight, no collection in a worker walks it — a walk
            # that writes to every object, and so copies every page the worker shares with this
            # process — nor in this one. Measured on `check --jobs 2` of the 442 texts: collections
            # 0.25–0.29 s of the workers' CPU and 0.14–0.16 s of this process's become 0.13–0.16 s
            # and 0.06–0.08 s, and the workers copy 2,300 pages fewer.
            gc.freeze()
            self.frozen = True
        self.executor = ProcessPoolExecutor(
            max_workers=self.jobs, mp_context=self.mp, initializer=_initialize, initargs=(self.work, os.getpid())
        )

    def submit(self, docs: list[Document | Load]) -> Future:
        """The chunk's future; on a broken pool, an already failed one (handled in its turn)."""
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        assert self.executor is not None
        try:
            return self.executor.submit(_process_chunk, docs)
        except BrokenProcessPool as exc:
            failed: Future = Future()
            failed.set_exception(exc)
            return failed

    def restart(self) -> None:
        self.close()
        self.start()

    def close(self) -> None:
        global _INHERITED
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
        _INHERITED = None
        if self.frozen:  # what was alive at the fork is collectable again
            gc.unfreeze()
            self.frozen = False


def _parallel(
    items: Iterator[Any],
    work: Work,
    run: Any,
    jobs: int,
    context: Any,
    tick: Callable[[Document | Load], None] | None,
    start_method: str | None,
) -> Iterator[Any]:
    from concurrent.futures.process import BrokenProcessPool

    pool = _Pool(work, jobs, context, start_method)
    window: collections.deque[_Slot] = collections.deque()
    in_flight = 0
    limit = IN_FLIGHT_PER_WORKER * jobs
    slots = _chunks(items)
    try:
        while True:
            while in_flight < limit:
                slot = next(slots, None)
                if slot is None:
                    break
                if slot.docs:
                    slot.future = pool.submit(slot.docs)
                    in_flight += 1
                window.append(slot)
            if not window:
                return
            slot = window.popleft()
            if slot.future is None:
                _note(slot.item, run)
                continue
            in_flight -= 1
            try:
                results = slot.future.result()
            except BrokenProcessPool:
                results = _after_death(pool, slot, window)
            except Exception as exc:  # the chunk could not travel (a result that does not pickle)
                results = [(None, [_freeze(InternalError(d.path, exc, step="extraction"))], []) for d in slot.docs]
            for doc, (result, errors, notices) in zip(slot.docs, results, strict=True):
                for frozen in errors:
                    run.error(_thaw(frozen))
                run.notices.extend(notices)
                if tick is not None:
                    tick(doc)
                if result is not None:
                    yield result
    finally:
        pool.close()


def _after_death(pool: _Pool, slot: _Slot, window: collections.deque[_Slot]) -> list[tuple[Any, list, list]]:
    """A worker died, and every chunk in flight with it. Rerun this chunk one document at a
    time, alone in a fresh pool, so the only document lost is one a worker dies on (reported
    as an error); then send the other lost chunks again (a death among them is handled the
    same way when its turn comes)."""
    from concurrent.futures.process import BrokenProcessPool

    results = []
    pool.restart()
    for doc in slot.docs:
        try:
            results.extend(pool.submit([doc]).result())
        except BrokenProcessPool:
            died = WorkerDied("the worker process extracting this document died")
            results.append((None, [_freeze(InternalError(doc.path, died, step="extraction"))], []))
            pool.restart()
    for later in window:
        f = later.future
        if f is not None and (f.cancelled() or f.exception() is not None):
            later.future = pool.submit(later.docs)
    return results
