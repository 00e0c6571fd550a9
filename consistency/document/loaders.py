"""Read paths (files, directories, `-`) into Documents; every failure becomes an InputError.

One bad file never stops the others: `load_paths` yields a Document, an InputError (a
document that cannot be used, with `path:line:col` when the problem has a place), an
InternalError (a bug of ours while reading one file, caught) or a Notice (an empty article
in a feed: counted and listed, not an error) for each input, in a stable (sorted) order.
JSONL feeds are read a line at a time, so a feed is never held in memory as a whole.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from consistency import safeyaml, suppress
from consistency.document import markup
from consistency.document.model import Document
from consistency.errors import ConsistencyError, InputError, InternalError
from consistency.findings import Notice

MAX_BYTES = 5_000_000
"""Largest article read (5 MB, about 800,000 words), in a file or on one line of a feed.
News articles are a few KB; a bigger one is almost certainly not an article, and reading it
would stall a CI run."""

MAX_FEED_BYTES = 200_000_000
"""JSONL feeds hold many articles, so they get a larger cap; each article still has MAX_BYTES."""

MAX_JSON_DEPTH = 64
"""Deepest nesting accepted in a feed line (an article record is one level deep)."""

ARTICLE_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".html", ".htm", ".jsonl"}

Loaded = Document | ConsistencyError | Notice


def load_paths(paths: Iterable[str], stdin_text: str | None = None) -> Iterator[Loaded]:
    for path in expand_paths(paths):
        if path == "-":
            text = stdin_text if stdin_text is not None else _read_stdin()
            if isinstance(text, InputError):
                yield text
            else:
                yield _guarded(path, lambda text=text: _document_from_text("-", text))
            continue
        try:
            yield from _load_file(path)
        except ConsistencyError as err:
            yield err
        except Exception as exc:  # a bug of ours on this one file: report it, go on
            yield InternalError(path, exc, step="reading")


def _guarded(path: str, make: object) -> Loaded:
    try:
        return make()  # type: ignore[operator]
    except ConsistencyError as err:
        return err
    except Exception as exc:
        return InternalError(path, exc, step="reading")


def _read_stdin() -> str | InputError:
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    return _decode("-", data)


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Every article file a command reads for `paths`: a folder is walked in sorted order
    (hidden files and folders skipped, article suffixes only); files, feeds and "-" pass."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    # splitext, not pathlib: a stat-only re-index walks every file (the two differ
                    # only on hidden names and names ending in a dot, neither of which is read)
                    if not name.startswith(".") and os.path.splitext(name)[1].lower() in ARTICLE_SUFFIXES:
                        found.append(os.path.join(root, name))
            yield from sorted(found)
        else:
            yield path


def _open(path: str, limit: int) -> BinaryIO:
    try:
        size = os.path.getsize(path)
        if size > limit:
            raise InputError(
                path, f"file is {size:,} bytes, over the {limit:,}-byte limit; split it or check that it is an article"
            )
        return open(path, "rb")  # the caller closes it
    except FileNotFoundError:
        raise InputError(path, "no such file or directory") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror or err}") from None


def _is_feed(path: str) -> bool:
    """`Path(path).suffix.lower() == ".jsonl"`, without pathlib's parse for the usual path (one
    that does not end with ".jsonl" in any case, nor with a separator or a dot, after which
    pathlib's last part is not the string's end): only a path that may be a feed is parsed."""
    if path.lower().endswith(".jsonl") or path.endswith(("/", ".", os.sep)):
        return Path(path).suffix.lower() == ".jsonl"
    return False


def _open_article(path: str) -> tuple[BinaryIO, int]:
    """`_open(path, MAX_BYTES)` and the file's size, with one `fstat` of the open file instead
    of a `stat` of the path before opening and an `fstat` after. A file that cannot be opened
    goes the old way (stat, then open), so every error is worded as before, in the same order."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (the caller closes it)
    except OSError:
        handle = _open(path, MAX_BYTES)  # the same error as before, or (a race) the file now
        size = os.fstat(handle.fileno()).st_size
        return handle, size
    try:
        size = os.fstat(handle.fileno()).st_size
    except OSError as err:
        handle.close()
        raise InputError(path, f"cannot read: {err.strerror or err}") from None
    if size > MAX_BYTES:
        handle.close()
        raise InputError(
            path, f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit; split it or check that it is an article"
        )
    return handle, size


def _load_file(path: str) -> Iterator[Loaded]:
    if _is_feed(path):
        with _open(path, MAX_FEED_BYTES) as handle:
            yield from _feed_documents(path, handle)
        return
    handle, size = _open_article(path)
    with handle:
        try:  # what the file holds: asking for MAX_BYTES + 1 at once would cost a 5 MB buffer per file
            want = min(size, MAX_BYTES) + 1
            data = handle.read(want)
            if len(data) == want <= MAX_BYTES:  # it grew since (or is no regular file): the rest, to the cap
                data += handle.read(MAX_BYTES + 1 - want)
        except OSError as err:
            raise InputError(path, f"cannot read: {err.strerror or err}") from None
    text = _decode(path, data)
    if isinstance(text, InputError):
        raise text
    yield _document_from_text(path, text)


def _decode(path: str, data: bytes) -> str | InputError:
    if len(data) > MAX_BYTES:
        return InputError(path, f"input is over the {MAX_BYTES:,}-byte limit")
    if data.find(b"\x00", 0, 8192) != -1:  # `b"\x00" in data[:8192]`, without the copy
        return InputError(path, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return InputError(
            path, f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); convert it to UTF-8"
        )
    if not text or text.isspace():  # `not text.strip()` (the same whitespace), without the copy
        return InputError(path, "empty file: nothing to check")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _document_from_text(path: str, text: str) -> Document:
    if path.lower().endswith((".html", ".htm")) or (text.find("<", 0, 2000) != -1 and _html_head(text)):
        return markup.html_document(path, text)
    return markup.markdown_document(path, text)


def _html_head(text: str) -> bool:
    """Whether the first 2,000 characters name HTML (lower-casing never makes a "<", so a text
    with none there is not asked)."""
    lowered = text[:2000].lower()
    return "<html" in lowered or "<!doctype html" in lowered


def _lines(handle: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) a line at a time; None for a line over MAX_BYTES, whose rest is
    skipped without being held in memory."""
    number = 0
    while True:
        line = handle.readline(MAX_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(1 << 20)
            yield number, None
            continue
        yield number, line


def _feed_documents(path: str, handle: BinaryIO) -> Iterator[Loaded]:
    """A JSONL feed: one article a line, named FEED#ID. A bad line is an InputError at
    FEED:LINE (the other lines are still read); an empty article is a Notice."""
    seen: set[str] = set()
    articles = 0
    for number, raw in _lines(handle):
        if raw is None:
            yield InputError(path, f"article is over the {MAX_BYTES:,}-byte limit; not read", number)
            continue
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as err:
            yield InputError(path, f"not valid UTF-8 (byte 0x{raw[err.start]:02x})", number, err.start + 1)
            continue
        if not line.strip():
            continue
        articles += 1
        item = _guarded(path, lambda line=line, number=number: _feed_record(path, line, number, seen))
        yield item
    if not articles:
        yield InputError(path, "empty feed: no articles")


def _feed_record(path: str, line: str, number: int, seen: set[str]) -> Loaded:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return InputError(path, f"not JSON ({err.msg})", number, err.colno)
    except RecursionError:
        return InputError(path, "JSON nested too deeply", number)
    if _too_deep(record):
        return InputError(path, f"JSON nested more than {MAX_JSON_DEPTH} levels deep", number)
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return InputError(path, "needs an object with a string 'text'", number)
    record = {k: _no_surrogates(v) if isinstance(v, str) else v for k, v in record.items()}
    raw_id = record.get("id", number)
    if not isinstance(raw_id, str | int) or isinstance(raw_id, bool):
        return InputError(path, f"'id' must be a string or a number, not {_kind(raw_id)}", number)
    ident = str(raw_id)
    if ident in seen:
        ident = f"{ident}@{number}"
    seen.add(ident)
    name = f"{path}#{ident}"
    problems = []
    story = record.get("story")
    if story is not None and not isinstance(story, str):
        problems.append(f"'story' must be a string, not {_kind(story)}")
    title = record.get("title")
    if title is not None and not isinstance(title, str | int | float):
        problems.append(f"'title' must be a string, not {_kind(title)}")
    try:
        date = metadata_date(record.get("date"))
    except ValueError as err:
        problems.append(str(err))
        date = None
    if problems:
        return InputError(path, f"id {ident}: " + "; ".join(problems), number)
    body = record["text"].replace("\r\n", "\n").replace("\r", "\n")
    if not body.strip():
        return Notice(name, "empty", "empty article: not checked")
    return Document(
        path=name,
        text=markup.mask_markdown(body),
        date=date,
        title=None if title is None else str(title),
        story=story,
        kind="jsonl",
        directives=suppress.scan(body),
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(text: str) -> str:
    """JSON escapes can spell lone surrogates ("\\ud800"), which no output can encode;
    each becomes U+FFFD, one character for one, so offsets stay right."""
    return _SURROGATE.sub("\ufffd", text)


def _too_deep(value: object) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def _kind(value: object) -> str:
    return {dict: "a mapping", list: "a list", bool: "true/false", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def parse_date_value(value: object) -> dt.date | None:
    """A metadata date read leniently (HTML meta tags): a date, a datetime, or an ISO
    string (time and zone ignored); anything else is no date."""
    try:
        return metadata_date(value)
    except ValueError:
        return None


def metadata_date(value: object) -> dt.date | None:
    """A metadata date read strictly (front matter, feeds): a date, a datetime or an ISO
    date string (time and zone ignored); None when absent; ValueError when it is not a date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError as err:
            raise ValueError(f"'date' {text[:40]!r} is not a date ({err}; want YYYY-MM-DD)") from None
    raise ValueError(f"'date' must be a date (YYYY-MM-DD), not {_kind(value)}")


class FrontMatterError(Exception):
    """Front matter that cannot be read; line and column count in the whole file."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def _bulk() -> bool:
    """Whether this process reads many documents (a pool worker), where PyYAML's import pays."""
    from consistency.parallel import in_worker

    return in_worker()


def front_matter(text: str) -> tuple[dict, int]:
    """YAML front matter between `---` lines: (metadata, length of the block).

    No front matter gives ({}, 0); front matter that is there but cannot be used (bad YAML,
    not a mapping, never closed) raises FrontMatterError with its place in the file."""
    if not text.startswith("---\n"):
        return {}, 0
    end = _closing_fence(text)
    if end == -1:
        second = text[4 : text.find("\n", 4) if text.find("\n", 4) != -1 else len(text)]
        if _looks_like_key(second):
            raise FrontMatterError("front matter is never closed (no line with --- after it)", 1, 1)
        return {}, 0  # a thematic break, not front matter
    close = text.find("\n", end + 4)
    close = len(text) if close == -1 else close + 1
    block = text[4 : end + 1]
    # The fast path needs PyYAML's resolver; until something has imported PyYAML, the disk
    # cache (`safeyaml.load`) answers a cold draft's front matter without it. Both give the same.
    simple = simple_front_matter(block) if "yaml" in sys.modules or _bulk() else None
    if simple is not None:
        return simple, close
    try:
        meta = safeyaml.load(block)
    except safeyaml.YamlProblem as problem:
        raise FrontMatterError(f"front matter: {problem.message}", problem.line + 1, problem.column) from None
    if meta is None:
        return {}, close
    if not isinstance(meta, dict):
        raise FrontMatterError(
            f"front matter must be a mapping of keys (date, title, story), not {_kind(meta)}", 2, 1
        )
    return meta, close


def _closing_fence(text: str) -> int:
    """Offset of the newline before the closing `---` (or `...`) line, or -1."""
    at = 3
    while True:
        at = text.find("\n", at)
        if at == -1:
            return -1
        nxt = text.find("\n", at + 1)
        line = text[at + 1 : nxt if nxt != -1 else len(text)]
        if line.rstrip() in ("---", "..."):
            return at
        at += 1


def _looks_like_key(line: str) -> bool:
    key, colon, _ = line.partition(":")
    return bool(colon) and key.strip().replace("_", "").replace("-", "").isalnum()



_SIMPLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):[ ]+(\S(?:[^\n]*\S)?)[ ]*")
"""`key: value` alone on its line, the value a single-line plain scalar (checked further)."""
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
"""First characters that make a YAML value something other than a plain scalar."""
_NOT_SIMPLE = re.compile("[\x00\t\r\x85\u2028\u2029\ufeff]|: |:$| #")
"""NUL, tabs, YAML's other line breaks, a BOM, a mapping or a comment inside a value."""
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


@functools.cache
def _yaml_tools() -> tuple[Any, Any, Any]:
    """(resolver, scalar node class, the characters YAML refuses), imported on first use."""
    import yaml
    from yaml.reader import Reader
    from yaml.resolver import Resolver

    return Resolver(), yaml.ScalarNode, Reader.NON_PRINTABLE


@functools.lru_cache(maxsize=1024)
def _plain_key(key: str) -> bool:
    """Whether YAML reads `key` as a string (not a boolean, null or number): the resolver's
    answer, asked once per key (articles use the same few keys)."""
    resolver, scalar, _ = _yaml_tools()
    return resolver.resolve(scalar, key, (True, False)) == "tag:yaml.org,2002:str"


def simple_front_matter(block: str) -> dict[str, Any] | None:
    """The metadata of front matter made of `key: value` lines only (nearly every article's:
    `date: 2025-03-01`, `title: ...`, `story: ...`) read without a YAML parser, or None for
    anything else, which the bounded YAML loader reads as before. It gives exactly what that
    loader gives (a property test compares them): each value is a string or, for a plain
    YYYY-MM-DD, a date; any key or value YAML would read as another type (numbers, booleans,
    null, times), a key twice, a comment, quote, flow or block syntax, or an invalid date
    falls back. A fraction of the cost of the YAML path, paid for every archived article."""
    if not block.endswith("\n"):
        return None
    resolver, scalar, non_printable = _yaml_tools()
    if non_printable.search(block):
        return None
    out: dict[str, Any] = {}
    for line in block[:-1].split("\n"):
        m = _SIMPLE_LINE.fullmatch(line)
        if m is None:
            return None
        key, value = m.group(1), m.group(2)
        if key in out or value[0] in _INDICATORS or _NOT_SIMPLE.search(value):
            return None
        if not _plain_key(key):
            return None
        tag = resolver.resolve(scalar, value, (True, False))
        if tag == "tag:yaml.org,2002:str":
            out[key] = value
        elif tag == "tag:yaml.org,2002:timestamp" and _ISO_DAY.fullmatch(value):
            try:
                out[key] = dt.date(int(value[:4]), int(value[5:7]), int(value[8:10]))
            except ValueError:
                return None  # the YAML loader words it, with its place
        else:
            return None
    return out or None
