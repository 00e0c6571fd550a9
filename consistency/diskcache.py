"""What reading a file produced, remembered across runs, so a cold start does not redo it.

A cold `consistency check` of one draft used to spend a third of its time re-reading the same
rule files and lexicons: YAML composition, JSON Schema validation (and importing jsonschema),
for files that have not changed since the last run. A successful read is a pure function of
the file's bytes and of the code that read it, so its result is written once as JSON and read
back with one `json.loads`.

- The key is a SHA-256 of everything the result depends on (the caller passes the file bytes
  and its own version strings). An edit makes a new key; nothing is ever invalidated in place.
- Only plain JSON values are stored (dict with str keys, list, str, int, float, bool, None;
  the floats include infinity, which Python's json writes as `Infinity` and reads back: a
  lexicon's `.inf` bound must not make its file unstorable), and a value that would not
  come back identical (NaN, a tuple, an int key) is not stored at all. JSON, never pickle:
  the cache is data, read as data.
- Writes are atomic (temporary file, then `os.replace`); any error reading or writing just
  means the caller does the work. At most `LIMIT` entries per kind: past it the oldest half
  goes.
- `$CONSISTENCY_CACHE_DIR`, else `$XDG_CACHE_HOME/consistency`, else `~/.cache/consistency`;
  `CONSISTENCY_NO_CACHE=1` turns every cache off.

Compiled regular expressions are remembered too (`install_pattern_cache`): the patterns of
the extraction and claims layers took a third of a cold start to compile, every run alike.
"""

from __future__ import annotations

import _sre
import contextlib
import json
import os
import sys
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Any

try:  # SHA-256 without importing hashlib, whose OpenSSL start-up is a few ms of every run
    from _sha256 import sha256
except ImportError:  # Python 3.12 renamed the module; other builds may lack it
    try:
        from _sha2 import sha256  # type: ignore[no-redef]
    except ImportError:
        from hashlib import sha256  # type: ignore[no-redef]

LIMIT = 2_000


def cache_dir() -> Path:
    """Where derived data that is expensive to rebuild lives."""
    explicit = os.environ.get("CONSISTENCY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "consistency"


def enabled() -> bool:
    return os.environ.get("CONSISTENCY_NO_CACHE", "") in ("", "0")


def key(parts: Iterable[bytes | str]) -> str:
    """One hex key for a sequence of parts (length-prefixed, so parts cannot run together)."""
    digest = sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _entry(kind: str, hexkey: str) -> Path:
    return cache_dir() / "files" / kind / f"{hexkey[:40]}.json"


def recall(kind: str, hexkey: str) -> Any | None:
    """The value stored under `hexkey`, or None (never stored, unreadable, or caching off)."""
    if not enabled():
        return None
    try:
        envelope = json.loads(_entry(kind, hexkey).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(envelope, dict) or envelope.get("key") != hexkey:
        return None
    return envelope.get("value")


def plain(value: Any, depth: int = 0) -> bool:
    """Whether JSON gives `value` back unchanged (bool and int stay apart in JSON too)."""
    if depth > 100:
        return False
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return value == value  # NaN is never equal to itself; +-inf round-trips as (-)Infinity
    if isinstance(value, list):
        return all(plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v, depth + 1) for k, v in value.items())
    return False


def remember(kind: str, hexkey: str, value: Any) -> None:
    """Store `value` under `hexkey` when it is plain JSON; errors only mean no cache."""
    if not enabled() or not plain(value):
        return
    path = _entry(kind, hexkey)
    with contextlib.suppress(OSError, ValueError):  # ValueError: text JSON cannot encode
        _write(path, {"key": hexkey, "value": value})
        _bound(path.parent)


def _write(path: Path, envelope: Any) -> None:
    """`envelope` as JSON at `path`, atomically."""
    _write_bytes(path, json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _write_bytes(path: Path, data: bytes) -> None:
    """`data` at `path`, atomically (a temporary file beside it, then a rename)."""
    import tempfile  # only when something is written, not on every run

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _bound(folder: Path) -> None:
    entries = list(folder.glob("*.json"))
    if len(entries) <= LIMIT:
        return
    by_age = sorted(entries, key=lambda p: p.stat().st_mtime_ns)
    for old in by_age[: len(by_age) // 2]:
        with contextlib.suppress(OSError):
            old.unlink()


# Compiled regular expressions ----------------------------------------------------------------
#
# `re` compiles a pattern in two steps: Python code parses it and turns it into a program (a
# list of ints), then `_sre.compile` (C) makes the Pattern from that program. The first step
# is the slow one, and its result depends only on the pattern, the flags and the Python
# version, so the program is remembered: a later run hands the stored program straight to
# `_sre.compile`, which checks it (a damaged program is refused, and then compiled afresh).
# The Pattern is the same object `re.compile` makes (Patterns compare equal exactly when
# pattern, flags and program are equal). Only patterns compiled by this package's own code
# are kept; everything else goes to `re` untouched.

PATTERN_LIMIT = 2_000
"""Most patterns kept; past it a run keeps only what it used."""
PATTERN_BYTES = 1_000_000
"""Largest cache file kept as it is: a bigger one (test runs and rule packs compile many
patterns a check never uses) is cut at exit to what that run used, so a cold start never
reads megabytes of other runs' patterns."""

_NOT_KEPT = 128 | 4  # re.DEBUG prints while compiling; re.LOCALE is for bytes
_WARNS = ("[[", "--", "&&", "~~", "||", "(?(")  # what `re` may warn about while parsing (sets, group names)


class _Patterns:
    """The programs of one run: those read from the cache file and those compiled anew. All
    programs sit end to end in one array of uint32 (`code`); an entry is [final flags, start,
    length, groups, groupindex, indexgroup]. On disk: one line of JSON (ASCII: a pattern may
    hold a lone surrogate), a newline, then the code array's bytes: one read, a small JSON
    parse and a memory copy, where hex in JSON took a few ms to decode."""

    def __init__(self) -> None:
        self.table: dict[str, list[Any]] | None = None
        self.code = array("I")
        self.new: set[str] = set()
        self.used: set[str] = set()
        self.prune = False

    @staticmethod
    def path() -> Path:
        return cache_dir() / f"regex-{sys.implementation.cache_tag}.bin"

    @staticmethod
    def stamp() -> list[Any]:
        """What a stored program depends on besides the pattern and flags."""
        return [sys.version, _sre.MAGIC, sys.byteorder, array("I").itemsize]

    def load(self) -> dict[str, list[Any]]:
        self.table = {}
        with contextlib.suppress(OSError, ValueError):
            data = self.path().read_bytes()
            if len(data) > PATTERN_BYTES and not self.prune:
                import atexit

                self.prune = True  # cut to this run's patterns at exit
                atexit.register(self.save)
            line = data.index(b"\n")
            header = json.loads(data[:line])
            if isinstance(header, dict) and header.get("stamp") == self.stamp():
                table = header.get("patterns")
                code = array("I")
                code.frombytes(memoryview(data)[line + 1 :])  # ValueError unless whole uint32s
                if isinstance(table, dict):
                    self.table, self.code = table, code
        return self.table

    def program(self, entry: list[Any]) -> list[int]:
        start, length = entry[1], entry[2]
        if not (isinstance(start, int) and isinstance(length, int) and start >= 0 and length > 0
                and start + length <= len(self.code)):
            raise ValueError("program out of bounds")
        return self.code[start : start + length].tolist()

    def add(self, key: str, final: int, code: list[int], groups: int, groupindex: dict, indexgroup: list) -> None:
        if self.table is None:
            self.table = {}
        if not self.new and not self.prune:
            import atexit

            atexit.register(self.save)
        self.table[key] = [final, len(self.code), len(code), groups, groupindex, indexgroup]
        self.code.extend(code)
        self.new.add(key)
        self.used.add(key)

    def save(self) -> None:
        """Write the table when this run compiled something new, or cut a file grown too big
        (at exit)."""
        if not (self.new or self.prune) or not enabled() or self.table is None:
            return
        keep = list(self.table)
        if len(keep) > PATTERN_LIMIT or self.prune:
            keep = [k for k in keep if k in self.used or k in self.new]
        table: dict[str, list[Any]] = {}
        code = array("I")
        for k in keep:
            final, start, length, *rest = self.table[k]
            table[k] = [final, len(code), length, *rest]
            code.extend(self.code[start : start + length])
        header = json.dumps({"stamp": self.stamp(), "patterns": table}, ensure_ascii=True, separators=(",", ":"))
        with contextlib.suppress(OSError, ValueError):
            _write_bytes(self.path(), header.encode("ascii") + b"\n" + code.tobytes())
        self.table, self.code, self.new, self.prune = table, code, set(), False


_patterns = _Patterns()
_original_compile: Any = None


def _ours(frame: Any) -> bool:
    """Whether the code asking `re` for a pattern is this package's (skipping `re` itself)."""
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name != "re":
            return name == "consistency" or name.startswith("consistency.")
        frame = frame.f_back
    return False


def _compile(p: Any, flags: int = 0) -> Any:
    """`re._compiler.compile`, with the program of a pattern compiled in an earlier run read
    from the cache. A pattern `re` warns about is never kept (a cached one would not warn)."""
    if type(p) is not str or flags & _NOT_KEPT or not _ours(sys._getframe(1)):
        return _original_compile(p, flags)
    table = _patterns.table if _patterns.table is not None else _patterns.load()
    key = f"{flags}:{p}"
    entry = table.get(key)
    if entry is not None:
        try:
            final, _start, _length, groups, groupindex, indexgroup = entry
            compiled = _sre.compile(p, final, _patterns.program(entry), groups, groupindex, tuple(indexgroup))
        except Exception:  # not a program _sre accepts (a damaged cache): compile afresh
            pass
        else:
            _patterns.used.add(key)
            return compiled
    # What re._compiler.compile does, keeping the program it hands to _sre.compile.
    from re import _compiler, _parser

    if any(w in p for w in _WARNS):  # re may warn while parsing this: keep it only if it does not
        import warnings

        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            tree = _parser.parse(p, flags)
        if seen:
            return _original_compile(p, flags)  # parsed again, so the warnings are given as re gives them
    else:
        tree = _parser.parse(p, flags)
    code = _compiler._code(tree, flags)
    groupindex = tree.state.groupdict
    indexgroup = [None] * tree.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    final = flags | tree.state.flags
    compiled = _sre.compile(p, final, code, tree.state.groups - 1, groupindex, tuple(indexgroup))
    _patterns.add(key, final, code, tree.state.groups - 1, dict(groupindex), indexgroup)
    return compiled


def install_pattern_cache() -> None:
    """Route this package's `re` compiles through the program cache, where it is safe: caching
    on, and the CPython `re` this was written against (3.11 to 3.13: `_parser.parse`,
    `_compiler._code`, `_sre.compile(pattern, flags, code, groups-1, groupindex, indexgroup)`)."""
    global _original_compile
    if _original_compile is not None or not enabled():
        return
    if sys.implementation.name != "cpython" or not (3, 11) <= sys.version_info[:2] <= (3, 13):
        return
    from re import _compiler, _parser

    if array("I").itemsize != 4 or not hasattr(_compiler, "_code") or not hasattr(_parser, "parse"):
        return
    _original_compile = _compiler.compile
    _compiler.compile = _compile
