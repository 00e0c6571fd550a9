"""Linguistic knowledge as data: YAML lexicons in the rule pack's `lexicon/` folder.

The default pack's `rules/lexicon/NAME.yaml` is read first; a user pack given with `--rules`
may hold its own `lexicon/NAME.yaml`, whose entries extend (and, for the same key, replace)
the default ones. The claims layer reads lexicons; check kinds never do.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

DEFAULT_PACK = Path(__file__).resolve().parents[2] / "rules"
_extra_packs: list[Path] = []


class LexiconError(ValueError):
    """A lexicon file that is not a mapping of the expected shape."""


def configure(packs: list[Path]) -> None:
    """Rule packs (beyond the default) whose `lexicon/` folders extend the default lexicons."""
    global _extra_packs
    new = [Path(p) if Path(p).is_dir() else Path(p).parent for p in packs]
    if new != _extra_packs:
        _extra_packs = new
        load.cache_clear()


def pack_dirs() -> list[Path]:
    return [DEFAULT_PACK, *_extra_packs]


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
        if not path.is_file():
            continue
        data = yaml.safe_load(path.read_text("utf-8"))
        if data is None:
            continue
        if not isinstance(data, dict):
            raise LexiconError(f"{path}:1:1: a lexicon must be a mapping")
        merged = _merge(merged, data)
    return merged


def words(name: str, key: str) -> frozenset[str]:
    """A flat word list from a lexicon (`key: [a, b, c]`), lower-cased."""
    value = load(name).get(key) or []
    return frozenset(str(v).lower() for v in value)
