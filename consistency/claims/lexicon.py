"""Linguistic knowledge as data: YAML lexicons in the rule pack's `lexicon/` folder.

The default pack's `rules/lexicon/NAME.yaml` is read first; a user pack given with `--rules`
may hold its own `lexicon/NAME.yaml`, whose entries extend (and, for the same key, replace)
the default ones. The claims layer reads lexicons; check kinds never do.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from consistency import diskcache, safeyaml
from consistency.errors import RuleError
from consistency.pack import default_pack

_extra_packs: list[Path] = []
_generation = 0
T = TypeVar("T")


MAX_LEXICON_BYTES = 1024 * 1024


def configure(packs: list[Path]) -> None:
    """Rule packs (beyond the default) whose `lexicon/` folders extend the default lexicons.
    A pack given as a rule file counts from the file's folder, or its parent when the file
    sits in a pack's `article/` or `corpus/` folder."""
    global _extra_packs, _generation
    new = [_pack_root(Path(p)) for p in packs]
    if new != _extra_packs:
        _extra_packs = new
        _generation += 1
        load.cache_clear()


def generation() -> int:
    """A number that changes whenever the configured packs (and so the lexicons) change."""
    return _generation


def alternation(words: Any) -> str:
    """Lexicon words as one regex alternation: longest first (so 'set up' is tried before
    'set'), then by text (one pattern text, and one compiled-pattern cache entry, whatever the
    hash seed), a space standing for any run of spaces; no words match nothing."""
    items = sorted({str(w) for w in words or ()}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) or "(?!)"


def derived(build: Callable[[], T]) -> Callable[[], T]:
    """Cache what a module builds from lexicons (indexes, compiled patterns) until the
    configured packs change, so a user pack's lexicon is seen by every module."""
    cache: dict[int, T] = {}

    @functools.wraps(build)
    def get() -> T:
        if _generation not in cache:
            cache.clear()
            cache[_generation] = build()
        return cache[_generation]

    get.cache_clear = cache.clear  # type: ignore[attr-defined]
    return get


def _pack_root(path: Path) -> Path:
    folder = path if path.is_dir() else path.parent
    if not (folder / "lexicon").is_dir() and folder.name in ("article", "corpus"):
        return folder.parent
    return folder


def pack_dirs() -> list[Path]:
    return [default_pack(), *_extra_packs]


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The merged lexicon NAME from every configured pack (an empty mapping when none has it)."""
    merged: dict[str, Any] = {}
    for pack in pack_dirs():
        path = pack / "lexicon" / f"{name}.yaml"
        if path.is_file():
            merged = _merge(merged, _read(path))
    return merged


def _read(path: Path) -> dict[str, Any]:
    """One lexicon file: bounded YAML (lexicons in user packs are untrusted), a mapping. A
    file read before with the same bytes comes from the disk cache (`consistency.diskcache`)
    instead of the YAML parser; each call returns its own copy."""
    raw = path.read_bytes()
    if len(raw) > MAX_LEXICON_BYTES:
        raise RuleError(str(path), 1, 1, f"lexicon is over {MAX_LEXICON_BYTES:,} bytes")
    hexkey = diskcache.key(["lexicon 1", _reader_version(), raw])
    known = diskcache.recall("lexicons", hexkey)
    if isinstance(known, dict):
        return known
    data = _parse(path, raw)
    diskcache.remember("lexicons", hexkey, data)
    return data


@functools.cache
def _reader_version() -> str:
    """What a parsed lexicon depends on besides its bytes: the YAML reader's code."""
    return str(Path(safeyaml.__file__).stat().st_mtime_ns)


def _parse(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        data = safeyaml.load(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise RuleError(str(path), 1, 1, "lexicon is not UTF-8 text") from None
    except safeyaml.YamlProblem as err:
        raise RuleError(str(path), err.line, err.column, err.message) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RuleError(str(path), 1, 1, "a lexicon must be a mapping of names to word lists")
    return data


def validate() -> list[RuleError]:
    """Every problem in the configured packs' lexicon files, read eagerly so that a bad user
    lexicon is a rule-pack error (path:line:col, exit 2) before any article is read."""
    errors = []
    for pack in pack_dirs():
        folder = pack / "lexicon"
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.y*ml")):
            try:
                _read(path)
            except RuleError as err:
                errors.append(err)
    return errors


def words(name: str, key: str) -> frozenset[str]:
    """A flat word list from a lexicon (`key: [a, b, c]`), lower-cased."""
    value = load(name).get(key) or []
    return frozenset(str(v).lower() for v in value)
