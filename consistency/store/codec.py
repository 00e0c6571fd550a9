"""An Extraction as JSON and back, exactly: what the claim store keeps so that corpus rules
can run on an archived article without reading or extracting it again.

JSON, not pickle: a store may come from elsewhere, and loading it must never run code. The
encoding is tagged so every value comes back with its type: a date stays a date, a tuple a
tuple, an infinite bound infinite. Dataclasses are written as positional lists; the header
carries a hash of every class's field list, so a blob written before a field was added or
renamed is refused (CodecError) rather than misread, and its row is re-extracted.

Derived caches (`Document._line_starts`, `Extraction._sentence_starts` and whatever the
claims layer keeps in an Extraction's `__dict__`) are not written: they are rebuilt on use.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import operator
from typing import Any

from consistency.claims.model import Claim
from consistency.document.model import Document
from consistency.document.segment import Sentence
from consistency.extract.dates import DateExpr
from consistency.extract.pipeline import Extraction
from consistency.extract.quantities import Quantity

FORMAT = 1
"""Version of this encoding; a blob of another version is not read (the row is re-extracted)."""

_CLASSES: dict[str, type] = {
    cls.__name__: cls for cls in (Extraction, Document, Sentence, DateExpr, Quantity, Claim)
}


class CodecError(ValueError):
    """A blob that is not an encoded Extraction of this format."""


def _fields(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")]


_FIELDS = {name: _fields(cls) for name, cls in _CLASSES.items()}
SCHEMA = hashlib.sha256(json.dumps(_FIELDS, sort_keys=True).encode()).hexdigest()[:16]
"""Hash of the field lists the positional records follow."""


_PLAIN = frozenset((str, int, bool, type(None)))

_GETTERS: dict[type, Any] = {cls: operator.attrgetter(*_FIELDS[name]) for name, cls in _CLASSES.items()}
"""Each record class's fields read in one C call, in `_FIELDS` order (every class has more
than one field, so the getter gives a tuple)."""
assert all(len(f) > 1 for f in _FIELDS.values())


def _encode(value: Any) -> Any:
    # Plain values are tested inline before a call: about 500 values an article, most plain
    # (this encoding is the biggest part of building an article's store rows).
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [v if type(v) in _PLAIN else _encode(v) for v in value]
    getter = _GETTERS.get(kind)
    if getter is not None:
        return {"$c": kind.__name__, "v": [v if type(v) in _PLAIN else _encode(v) for v in getter(value)]}
    if kind is float and math.isfinite(value):  # exact types next, as the general cases below read them
        return value
    if kind is tuple:
        return {"$t": [v if type(v) in _PLAIN else _encode(v) for v in value]}
    if kind is dt.date:
        return {"$d": value.isoformat()}
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return {"$f": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")}
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, tuple):
        return {"$t": [_encode(v) for v in value]}
    if isinstance(value, frozenset):
        return {"$s": sorted((_encode(v) for v in value), key=repr)}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {"$m": [[_encode(k), _encode(v)] for k, v in value.items()]}
    name = type(value).__name__
    if name in _CLASSES and type(value) is _CLASSES[name]:
        return {"$c": name, "v": [_encode(getattr(value, f)) for f in _FIELDS[name]]}
    raise CodecError(f"cannot encode a {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "$f":
            return float(inner)
        if tag == "$d":
            return dt.date.fromisoformat(inner)
        if tag == "$dt":
            return dt.datetime.fromisoformat(inner)
        if tag == "$t":
            return tuple(_decode(v) for v in inner)
        if tag == "$s":
            return frozenset(_decode(v) for v in inner)
        if tag == "$m":
            return {_decode(k): _decode(v) for k, v in inner}
    if "$c" in value:
        name = value["$c"]
        cls = _CLASSES.get(name)
        if cls is None or len(value["v"]) != len(_FIELDS[name]):
            raise CodecError(f"unknown or malformed record {name!r}")
        return cls(**{f: _decode(v) for f, v in zip(_FIELDS[name], value["v"], strict=True)})
    return {k: _decode(v) for k, v in value.items()}


def encode(ex: Extraction) -> dict:
    """The Extraction as a JSON-able mapping: {"format", "schema", "extraction"}."""
    return {"format": FORMAT, "schema": SCHEMA, "extraction": _encode(ex)}


def decode(data: Any) -> Extraction:
    """The Extraction `encode` wrote; CodecError for anything else."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("schema") != SCHEMA:
        raise CodecError("not an encoded extraction of this format and schema")
    try:
        ex = _decode(data["extraction"])
    except (KeyError, TypeError, ValueError) as err:
        raise CodecError(f"malformed extraction: {err}") from None
    if not isinstance(ex, Extraction):
        raise CodecError("not an encoded extraction")
    return ex


_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
"""What `json.dumps(..., ensure_ascii=False, separators=(",", ":"), allow_nan=False)` does,
with the encoder built once."""


def dumps(ex: Extraction) -> str:
    """Compact JSON text of `encode(ex)` (deterministic: the same extraction, the same text),
    written as text directly (`_text`) rather than built as nested dicts and lists and then
    walked by the JSON encoder: building the mapping was half the cost of an article's row."""
    return f'{{"format":{FORMAT!r},"schema":{_ESCAPE(SCHEMA)},"extraction":{_text(ex)}}}'


def slow_dumps(ex: Extraction) -> str:
    """`dumps` the long way, `_DUMPS(encode(ex))` (what the tests hold `dumps` to)."""
    return _DUMPS(encode(ex))


_ESCAPE = json.encoder.encode_basestring
"""The string escaping `_DUMPS` applies (ensure_ascii off: the C function it calls itself)."""
_INT = int.__repr__  # how the JSON encoder writes an int (and `float.__repr__` a finite float)
_FLOAT = float.__repr__


def _slow(value: Any) -> str:
    """The JSON text of `_encode(value)` as `_DUMPS` writes it: for every value the fast paths
    below do not take (JSON text is compositional, so a part written alone is the same)."""
    return _DUMPS(_encode(value))


def _float_text(value: float) -> str:
    return _FLOAT(value) if math.isfinite(value) else _slow(value)


def _list_text(value: list) -> str:
    return "[" + _items(value) + "]"


def _tuple_text(value: tuple) -> str:
    return '{"$t":[' + _items(value) + "]}"


def _items(values: Any) -> str:
    """The values' texts joined by commas (the writer bound once for the loop)."""
    get = _TEXT.get
    return ",".join([get(type(v), _slow)(v) for v in values])


def _date_text(value: dt.date) -> str:
    return '{"$d":' + _ESCAPE(value.isoformat()) + "}"


def _dict_text(value: dict) -> str:
    if not all(type(k) is str and not k.startswith("$") for k in value):
        return _slow(value)
    get = _TEXT.get
    return "{" + ",".join([_ESCAPE(k) + ":" + get(type(v), _slow)(v) for k, v in value.items()]) + "}"


def _record_text(value: Any) -> str:
    kind = type(value)
    return _OPEN[kind] + _items(_GETTERS[kind](value)) + "]}"


_OPEN = {cls: '{"$c":' + _ESCAPE(name) + ',"v":[' for name, cls in _CLASSES.items()}
_TEXT: dict[type, Any] = {
    str: _ESCAPE,
    int: _INT,
    bool: {True: "true", False: "false"}.__getitem__,
    type(None): {None: "null"}.__getitem__,
    float: _float_text,
    list: _list_text,
    tuple: _tuple_text,
    dt.date: _date_text,
    dict: _dict_text,
    **{cls: _record_text for cls in _CLASSES.values()},
}
"""How `_text` writes a value of each exact type; any other type goes `_slow`."""


def _text(value: Any) -> str:
    """The JSON text `_DUMPS(_encode(value))` gives."""
    return _TEXT.get(type(value), _slow)(value)


def loads(text: str | bytes) -> Extraction:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise CodecError(f"not JSON: {err}") from None
    return decode(data)
