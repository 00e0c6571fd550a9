"""What reading a file produced, remembered across runs, so a cold start does not redo it.

A cold `consistency check` of one draft used to spend a third of its time re-reading the same
rule files and lexicons: YAML composition, JSON Schema validation (and importing jsonschema),
for files that have not changed since the last run. A successful read is a pure function of
the file's bytes and of the code that read it, so its result is written once as JSON and read
back with one `json.loads`.

- The key is a SHA-256 of everything the result depends on (the caller passes the file bytes
  and its own version strings). An edit makes a new key; nothing is ever invalidated in place.
- Only plain JSON values are stored (dict with str keys, list, str, int, float, bool, None),
  and a value that would not come back identical is not stored at all. JSON, never pickle:
  the cache is data, read as data.
- Writes are atomic (temporary file, then `os.replace`); any error reading or writing just
  means the caller does the work. At most `LIMIT` entries per kind: past it the oldest half
  goes.
- `$CONSISTENCY_CACHE_DIR`, else `$XDG_CACHE_HOME/consistency`, else `~/.cache/consistency`;
  `CONSISTENCY_NO_CACHE=1` turns every cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

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
    digest = hashlib.sha256()
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
        return value == value and value not in (float("inf"), float("-inf"))
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
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"key": hexkey, "value": value}, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        _bound(path.parent)


def _bound(folder: Path) -> None:
    entries = list(folder.glob("*.json"))
    if len(entries) <= LIMIT:
        return
    by_age = sorted(entries, key=lambda p: p.stat().st_mtime_ns)
    for old in by_age[: len(by_age) // 2]:
        with contextlib.suppress(OSError):
            old.unlink()
