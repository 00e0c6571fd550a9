"""quantulum3 for the units our table does not know ("5 pascals", "3 kilojoules").

quantulum3 is loaded only when a figure is followed by a word that is one of its unit names
and not one of ours, so most articles never pay for it. Loading it costs two things we avoid:
inflect's `@typechecked` makes typeguard re-parse inflect's source at import (~2 s here), so
that decorator is made a no-op while quantulum3 imports and makes its first parse (which
imports inflect lazily and builds the unit tables, ~0.25 s once per process). Its answers
are filtered through the corrections that news copy needs (DESIGN.md): "2.3bn" is not
barn-newton, "40C" not coulomb, "25k" not kibibyte.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import re
import warnings
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from consistency.extract import lexicon as lx

_REJECTED_UNITS = frozenset({"coulomb", "barn", "kibibyte", "dollar metre", "barn newton", "year", "ampere"})
_PREFIXES = ("kilo", "mega", "giga", "tera", "milli", "micro", "nano", "centi", "deci", "hecto", "pico")


def _data_dir() -> Traversable:
    """quantulum3's package folder, found without importing the package: its __init__ asks
    importlib.metadata for its version (~35 ms), and most runs never need the parser."""
    spec = importlib.util.find_spec("quantulum3")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if len(locations) == 1 and Path(locations[0], "units.json").is_file():
        return Path(locations[0])
    return resources.files("quantulum3")  # an unusual install (a zip, a namespace package)


@functools.cache
def _trigger_words() -> frozenset[str]:
    """Lower-case unit words quantulum3 knows and we do not: read from its data file, cheap."""
    data = json.loads(_data_dir().joinpath("units.json").read_text("utf-8"))
    words: set[str] = set()
    for name, unit in data.items():
        surfaces = [name, *unit.get("surfaces", [])]
        for surface in surfaces:
            surface = surface.lower()
            words.update({surface, surface + "s", surface + "es"})
            if unit.get("prefixes"):
                words.update(p + surface for p in _PREFIXES)
                words.update(p + surface + "s" for p in _PREFIXES)
    common_path = _data_dir().joinpath("_lang/en_US/common-words.json")
    common = {w for group in json.loads(common_path.read_text("utf-8")).values() for w in group}
    common |= {w + "s" for w in common}
    words -= set(lx.UNIT_SURFACES) | set(lx.CURRENCY_WORDS) | set(lx.NOT_COUNTED) | common | lx.EVERYDAY_NOT_UNITS
    return frozenset(w for w in words if len(w) > 3 and " " not in w)


def might_be_unit(word: str) -> bool:
    return word.lower() in _trigger_words()


@functools.cache
def _parser():
    import typeguard

    original = typeguard.typechecked
    typeguard.typechecked = lambda target=None, **_: target if target is not None else (lambda f: f)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser

            # The first parse imports inflect and builds the unit tables: with typeguard's
            # decorator live that costs seconds, so it happens here, inside the window.
            with contextlib.suppress(Exception):
                parser.parse("It weighs 5 pascals.")
    finally:
        typeguard.typechecked = original
    return parser


@functools.lru_cache(maxsize=2048)
def unit_at(sentence: str, start: int) -> tuple[str, str, int] | None:
    """(unit name, entity, end offset) of the quantity quantulum3 reads at `start`, if any."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = _parser().parse(sentence)
        except Exception:  # quantulum3 raises on odd input; we then keep our own reading
            return None
    for q in found:
        span = q.span
        if span[0] <= start < span[1] or start <= span[0] < start + 12:
            name, entity = q.unit.name, q.unit.entity.name
            if name in _REJECTED_UNITS or entity in ("unknown", "dimensionless", "currency"):
                return None
            if re.search(r"\d\s*$", sentence[span[0] : span[1]]):
                return None
            return name, entity, span[1]
    return None
