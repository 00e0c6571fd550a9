"""The claim store: an archive's extractions in one SQLite file (stdlib sqlite3, WAL mode).

Tables (`consistency.store.rows` defines the columns):
- `meta`: schema version, extractor version, lexicon (rule-pack) version.
- `documents`: one row per article, keyed by `key` (the absolute path; `FEED#ID` for an
  article of a JSONL feed), with its content hash, the fingerprint of the extractor that
  read it, its dates, title, story label, event-linking fields and the zlib-compressed
  Extraction JSON (`extraction`).
- `claims`: every figure with every Claim field (indexed by measure, frame and lemma).
- `features`: the names event linking reads, one row per (name, article) — the blocking
  keys a draft's candidates are fetched by.
- `sources`: size and modification time of each file whose articles are all stored, with
  the fingerprint they were extracted with (schema 2), so `index` skips reading it while
  neither changes.

Crash safety and concurrency: WAL journal, `synchronous=NORMAL`, one transaction per batch
of articles (an article's document, claims and features rows are written together or not
at all), a busy timeout plus retries for writers, so a killed `index` loses only the batch
in flight and two writers or a writer and readers never see a half-written article.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import re
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import consistency
from consistency.errors import ConsistencyError
from consistency.store import codec
from consistency.store.rows import CLAIM_COLUMNS, DOCUMENT_COLUMNS

DEFAULT_STORE = Path(".consistency") / "claims.db"
"""Where `index` and `check --store` look when no path is given (relative to the current folder)."""

BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another writer's transaction before retrying."""

INDEX_CHECKPOINT_PAGES = 10_000
"""WAL pages (4 KB each) between automatic checkpoints while indexing: a WAL of up to 40 MB."""
INDEX_CACHE_KB = 8_192
"""Page cache of the indexing connection, in KB (SQLite's default is 2 MB; 8 MB and 32 MB measured alike)."""

T = TypeVar("T")


def pack_extraction(blob: str | bytes) -> bytes:
    """The stored form of an encoded extraction: zlib-compressed UTF-8. Bytes are taken as
    packed already (the indexer packs in its workers, so the writing process does not)."""
    if isinstance(blob, bytes):
        return blob
    return zlib.compress(blob.encode("utf-8", "surrogatepass"), 6)


class StoreError(ConsistencyError):
    """A store that cannot be opened or used (not SQLite, a newer schema, locked too long)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def _q(name: str) -> str:
    return f'"{name}"'


_CLAIM_TYPES = {
    "index": "INTEGER", "start": "INTEGER", "end": "INTEGER", "value": "REAL", "low": "REAL", "high": "REAL",
    "sentence": "INTEGER", "quoted": "INTEGER", "link": "INTEGER", "cumulative": "INTEGER",
    "cumulative_days": "INTEGER", "exhaustive": "INTEGER", "fixed": "INTEGER", "definite": "INTEGER",
    "increment": "INTEGER", "clause": "INTEGER", "clause_start": "INTEGER", "clause_end": "INTEGER",
    "title": "INTEGER", "status": "INTEGER", "as_of_part": "INTEGER", "progress": "REAL",
}
_STORED_CLAIM_COLUMNS = tuple(c for c in CLAIM_COLUMNS if c != "path")  # the document is doc_id here
_DOC_TYPES = {"claims": "INTEGER", "extraction": "BLOB"}
_STORED_DOC_COLUMNS = tuple(c for c in DOCUMENT_COLUMNS)

_WRITTEN_DOC_COLUMNS = ("key", "source", "fingerprint", *_STORED_DOC_COLUMNS)
_UPSERT = (
    f"INSERT INTO documents ({', '.join(map(_q, _WRITTEN_DOC_COLUMNS))}) "
    f"VALUES ({', '.join('?' * len(_WRITTEN_DOC_COLUMNS))}) ON CONFLICT (key) DO UPDATE SET "
    + ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in _WRITTEN_DOC_COLUMNS[1:])
    + " RETURNING id"
)
_INSERT_CLAIM = (f"INSERT INTO claims (doc_id, {', '.join(map(_q, _STORED_CLAIM_COLUMNS))}) "
                 f"VALUES (?, {', '.join('?' * len(_STORED_CLAIM_COLUMNS))})")

Prepared = tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[str, int]]]
"""One article as `Store.write_rows` inserts it: the documents row's values (key, source,
fingerprint, then `DOCUMENT_COLUMNS` with the extraction packed), its claims' values
(`CLAIM_COLUMNS` less path, in claim order) and its (feature, lede) pairs, sorted."""


def prepare(key: str, source: str, fp: str, doc: dict, claims: Sequence[dict], features: Sequence[dict]) -> Prepared:
    """An article's rows (`consistency.store.rows` dicts) as `Store.write_rows` takes them."""
    values = dict(doc)
    values["extraction"] = pack_extraction(values["extraction"])
    return (
        (key, source, fp, *(values[c] for c in _STORED_DOC_COLUMNS)),
        [tuple(r[c] for c in _STORED_CLAIM_COLUMNS) for r in claims],
        sorted({(f["feature"], f["lede"]) for f in features}),
    )


MIGRATIONS: list[list[str]] = [
    [  # 1: the first schema
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, source TEXT NOT NULL, "
        "fingerprint TEXT NOT NULL, "
        + ", ".join(f"{_q(c)} {_DOC_TYPES.get(c, 'TEXT')}" for c in _STORED_DOC_COLUMNS) + ")",
        "CREATE INDEX documents_reference_date ON documents (reference_date)",
        "CREATE INDEX documents_story ON documents (story, reference_date)",
        "CREATE INDEX documents_source ON documents (source)",
        "CREATE TABLE claims (doc_id INTEGER NOT NULL, "
        + ", ".join(f"{_q(c)} {_CLAIM_TYPES.get(c, 'TEXT')}" for c in _STORED_CLAIM_COLUMNS)
        + ', PRIMARY KEY (doc_id, "index")) WITHOUT ROWID',
        "CREATE INDEX claims_measure ON claims (measure, doc_id)",
        "CREATE INDEX claims_frame ON claims (frame, doc_id)",
        "CREATE INDEX claims_lemma ON claims (lemma, doc_id)",
        "CREATE TABLE features (feature TEXT NOT NULL, doc_id INTEGER NOT NULL, lede INTEGER NOT NULL, "
        "PRIMARY KEY (feature, doc_id)) WITHOUT ROWID",
        "CREATE INDEX features_doc ON features (doc_id)",
    ],
    [  # 2: file stats, so an unchanged archive costs a stat per file, not a read and a hash per article
        "CREATE TABLE sources (source TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, "
        "fingerprint TEXT NOT NULL) WITHOUT ROWID",
    ],
]
"""Schema migrations: step N (1-based) takes a store from version N-1 to N. Append only."""

SCHEMA_VERSION = len(MIGRATIONS)
READABLE_FROM = 1
"""The oldest schema `check` reads as it is (what it queries has not changed since)."""


# --- versions -------------------------------------------------------------------------------

_EXTRACTOR_PACKAGES = ("document", "extract", "claims")


@functools.cache
def extractor_version() -> str:
    """A hash of the code that turns an article into an Extraction (and of the encoding), so
    any change to it marks every stored row stale."""
    root = Path(consistency.__file__).resolve().parent
    h = hashlib.sha256(f"{consistency.__version__}/{codec.FORMAT}/{codec.SCHEMA}".encode())
    for package in _EXTRACTOR_PACKAGES:
        for path in sorted((root / package).glob("*.py")):
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def lexicon_version() -> str:
    """A hash of every lexicon file of the configured packs (the default pack and any
    `--rules` pack): lexicons steer extraction as much as code does."""
    from consistency.claims import lexicon

    h = hashlib.sha256()
    for pack in lexicon.pack_dirs():
        folder = pack / "lexicon"
        for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def rule_pack_version() -> str:
    """A hash of the configured packs' rule files (recorded for the reader; rules do not
    change what is stored)."""
    from consistency.claims import lexicon

    h = hashlib.sha256()
    for pack in lexicon.pack_dirs():
        for sub in ("article", "corpus"):
            for path in sorted((pack / sub).glob("*.y*ml")) if (pack / sub).is_dir() else []:
                h.update(f"{sub}/{path.name}".encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:16]


def fingerprint(reference_date: dt.date | None) -> str:
    """What a stored row was extracted with: extractor, lexicons and any `--date` override.
    A row with another fingerprint is stale and is extracted again."""
    ref = reference_date.isoformat() if reference_date else "-"
    return f"{extractor_version()}:{lexicon_version()}:{ref}"


# --- opening --------------------------------------------------------------------------------


def _retry(action: Callable[[], T], path: str, attempts: int = 20) -> T:
    """Run a write, retrying while another connection holds the lock past the busy timeout
    (SQLite can refuse at once rather than wait, when waiting could deadlock)."""
    delay = 0.05
    for attempt in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as err:
            if ("locked" not in str(err) and "busy" not in str(err)) or attempt == attempts - 1:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    raise AssertionError("unreachable")


class Store:
    """One open claim store. `Store(path)` creates it (and its folder) if needed and brings
    its schema up to date; `readonly=True` never writes and needs an existing store."""

    def __init__(self, path: str | os.PathLike[str], readonly: bool = False) -> None:
        self.path = str(path)
        if readonly and not os.path.isfile(self.path):
            raise StoreError(self.path, "no claim store here (build one with `consistency index ARCHIVE --store PATH`)")
        if not readonly:
            parent = os.path.dirname(os.path.abspath(self.path))
            try:
                os.makedirs(parent, exist_ok=True)
            except OSError as err:
                raise StoreError(self.path, f"cannot create its folder: {err.strerror or err}") from None
        try:
            # check_same_thread off: `index` hands its connection to a writer thread (one
            # thread at a time uses it, consistency.store.index._Writer)
            self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                      check_same_thread=False)
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not readonly:
                mode = _retry(lambda: self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0], self.path)
                if str(mode).lower() != "wal":
                    raise StoreError(self.path, f"cannot switch the store to WAL mode (got {mode})")
            self.db.execute("PRAGMA synchronous = NORMAL")
            if readonly:
                self.db.execute("PRAGMA query_only = ON")
            self._migrate(readonly)
        except sqlite3.DatabaseError as err:
            raise StoreError(self.path, f"not a usable claim store ({err})") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- schema ---

    def schema_version(self) -> int:
        exists = self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        if not exists:
            return 0
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self, readonly: bool) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(self.path, f"written by a newer consistency (schema {version}; this one reads up to "
                                        f"{SCHEMA_VERSION})")
        if version == SCHEMA_VERSION:
            return
        if readonly:
            if version >= READABLE_FROM:
                return
            if version == 0:
                raise StoreError(self.path, "not a claim store (no schema); build one with `consistency index`")
            raise StoreError(self.path, f"schema {version} is older than {SCHEMA_VERSION}: run `consistency index` "
                                        "on it once to migrate")

        def step() -> None:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                current = self.schema_version()  # another process may have migrated meanwhile
                for n in range(current, SCHEMA_VERSION):
                    for sql in MIGRATIONS[n]:
                        self.db.execute(sql)
                    self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(n + 1),))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

        _retry(step, self.path)

    def meta(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, value FROM meta").fetchall())

    def set_versions(self) -> None:
        values = {"extractor_version": extractor_version(), "lexicon_version": lexicon_version(),
                  "rule_pack_version": rule_pack_version(), "consistency_version": consistency.__version__}

        def write() -> None:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(values.items()))
            self.db.execute("COMMIT")

        _retry(write, self.path)

    def tune_for_index(self) -> None:
        """Settings for a long run of writes (`index`), this connection only: a WAL
        checkpoint every INDEX_CHECKPOINT_PAGES rather than SQLite's 1,000 (an index page
        written by many batches is copied to the database once per checkpoint, not once per
        1,000 pages of WAL), and a page cache of INDEX_CACHE_KB (the claims and features
        indexes take inserts all over their B-trees). Durability is unchanged: every batch is
        still its own committed transaction in the WAL."""
        self.db.execute(f"PRAGMA wal_autocheckpoint = {INDEX_CHECKPOINT_PAGES}")
        self.db.execute(f"PRAGMA cache_size = -{INDEX_CACHE_KB}")

    # --- reading ---

    def known(self) -> dict[str, tuple[str, str]]:
        """key -> (content hash, fingerprint) of every stored article: one query, no blobs."""
        return {k: (h, f) for k, h, f in self.db.execute("SELECT key, content_hash, fingerprint FROM documents")}

    def sources(self) -> dict[str, tuple[int, int, str]]:
        """source file -> (size, mtime_ns, fingerprint) recorded when all its articles were stored."""
        return {s: (size, mtime, fp) for s, size, mtime, fp in self.db.execute("SELECT * FROM sources")}

    def keys_by_source(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for source, key in self.db.execute("SELECT source, key FROM documents"):  # any order: read as sets
            out.setdefault(source, []).append(key)
        return out

    def record_sources(self, stats: Sequence[tuple[str, int, int, str]], forget: Sequence[str] = ()) -> None:
        """Remember the stats of files whose articles are all committed, and forget files
        that changed or were pruned, in one transaction."""
        if not stats and not forget:
            return

        def write() -> None:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.executemany("DELETE FROM sources WHERE source = ?", [(s,) for s in forget])
                self.db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)", stats)
                self.db.execute("DELETE FROM sources WHERE source NOT IN (SELECT source FROM documents)")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

        _retry(write, self.path)

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def extractions(self, ids: Iterable[int]) -> Iterator[tuple[int, str, Any]]:
        """(id, key, Extraction or CodecError) of the given documents, in id order."""
        wanted = sorted(set(ids))
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            for doc_id, key, blob in self.db.execute(
                f"SELECT id, key, extraction FROM documents WHERE id IN ({marks}) ORDER BY id", chunk
            ):
                try:
                    yield doc_id, key, codec.loads(zlib.decompress(blob))
                except (codec.CodecError, zlib.error) as err:
                    yield doc_id, key, codec.CodecError(str(err))

    def profiles(self, ids: Iterable[int]) -> dict[int, Any]:
        """The event profiles (`claims.events.Profile`) stored with the given documents, for
        those extracted by this extractor and these lexicons (any other is left out: its
        profile would differ from what this code computes, so the caller computes it)."""
        from consistency.claims.events import Profile

        current = f"{extractor_version()}:{lexicon_version()}:"
        out: dict[int, Any] = {}
        for chunk in _chunks(sorted(set(ids)), 500):
            marks = ",".join("?" * len(chunk))
            for doc_id, fp, day, types, days, lede, body in self.db.execute(
                "SELECT id, fingerprint, event_day, event_types, days, lede, body FROM documents "
                f"WHERE id IN ({marks})",
                chunk,
            ):
                if not str(fp).startswith(current):
                    continue
                try:
                    lede_set = frozenset(json.loads(lede or "[]"))
                    out[doc_id] = Profile(
                        lede_set,
                        frozenset(json.loads(body or "[]")) | lede_set,
                        frozenset(json.loads(types or "[]")),
                        dt.date.fromisoformat(day) if day else None,
                        frozenset(dt.date.fromisoformat(d) for d in json.loads(days or "[]")),
                    )
                except (ValueError, TypeError):
                    continue  # a damaged row: computed afresh
        return out

    # --- writing ---

    def write_batch(self, batch: Sequence[tuple[str, str, str, dict, list[dict], list[dict]]]) -> None:
        """Replace or add articles in one transaction. Each item is (key, source,
        fingerprint, document row, claim rows, feature rows), rows as `consistency.store.rows`
        makes them (a Parquet load); `index` hands `write_rows` tuples made in its workers."""
        self.write_rows([prepare(*item) for item in batch])

    def write_rows(self, batch: Sequence[Prepared]) -> None:
        """Replace or add articles (`prepare`'s tuples) in one transaction: an article's
        document, claims and features rows are written together or not at all. One statement
        run over the whole batch per table, so the writing process, which every article
        passes through, spends its time in SQLite rather than in Python."""
        if not batch:
            return
        latest: dict[str, Prepared] = {}
        for item in batch:  # an article twice in a batch: its last rows, in its first place
            latest[item[0][0]] = item
        items = list(latest.values())

        def write() -> None:
            db = self.db
            db.execute("BEGIN IMMEDIATE")
            try:
                ids = [db.execute(_UPSERT, doc_values).fetchone()[0] for doc_values, _, _ in items]
                gone = [(i,) for i in ids]
                db.executemany("DELETE FROM claims WHERE doc_id = ?", gone)
                db.executemany("DELETE FROM features WHERE doc_id = ?", gone)
                db.executemany(_INSERT_CLAIM, [(doc_id, *v) for doc_id, (_, claims, _) in zip(ids, items, strict=True)
                                               for v in claims])
                db.executemany("INSERT INTO features VALUES (?, ?, ?)",
                               [(f, doc_id, lede) for doc_id, (_, _, features) in zip(ids, items, strict=True)
                                for f, lede in features])
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

        _retry(write, self.path)

    def remove(self, keys: Sequence[str]) -> int:
        """Delete articles (and their claims and features) by key, in one transaction."""
        if not keys:
            return 0

        def delete() -> int:
            removed = 0
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for chunk in _chunks(sorted(keys), 500):
                    marks = ",".join("?" * len(chunk))
                    ids = [r[0] for r in self.db.execute(f"SELECT id FROM documents WHERE key IN ({marks})", chunk)]
                    for table, column in (("claims", "doc_id"), ("features", "doc_id"), ("documents", "id")):
                        self.db.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in ids])
                    removed += len(ids)
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            return removed

        return _retry(delete, self.path)

    def keys_under(self, sources: Sequence[str]) -> list[str]:
        """Keys of the articles read from these files or from files below these folders."""
        out: set[str] = set()
        for source in sources:
            prefix = source.rstrip(os.sep) + os.sep
            out.update(r[0] for r in self.db.execute(
                "SELECT key FROM documents WHERE source = ? OR substr(source, 1, ?) = ?",
                (source, len(prefix), prefix),
            ))
        return sorted(out)


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


_FEED = re.compile(r"(.*?\.jsonl)#(.*)", re.I | re.S)


def document_key(path: str, kind: str) -> tuple[str, str]:
    """(key, source file) of a loaded article: absolute paths, so the same file indexed from
    another folder is the same article; a feed article keeps its `#ID`."""
    m = _FEED.match(path) if kind == "jsonl" else None
    if m:
        source = os.path.abspath(m.group(1))
        return f"{source}#{m.group(2)}", source
    source = os.path.abspath(path)
    return source, source
