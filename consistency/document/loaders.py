"""Read paths (files, directories, `-`) into Documents; every failure becomes an InputError.

One bad file never stops the others: `load_paths` yields either a Document or an
InputError for each input, in a stable (sorted) order.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from consistency.document import markup
from consistency.document.model import Document
from consistency.errors import InputError

MAX_BYTES = 5_000_000
"""Largest file read (5 MB, about 800,000 words). News articles are a few KB; a bigger file
is almost certainly not an article, and reading it would stall a CI run."""

MAX_FEED_BYTES = 200_000_000
"""JSONL feeds hold many articles, so they get a larger cap; each article still has MAX_BYTES."""

ARTICLE_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".html", ".htm", ".jsonl"}


def load_paths(paths: Iterable[str], stdin_text: str | None = None) -> Iterator[Document | InputError]:
    for path in _expand(paths):
        if path == "-":
            text = stdin_text if stdin_text is not None else _read_stdin()
            if isinstance(text, InputError):
                yield text
            else:
                yield from _documents_from_text("-", text)
            continue
        try:
            yield from _load_file(path)
        except InputError as err:
            yield err


def _read_stdin() -> str | InputError:
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    return _decode("-", data)


def _expand(paths: Iterable[str]) -> Iterator[str]:
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                        found.append(os.path.join(root, name))
            yield from sorted(found)
        else:
            yield path


def _load_file(path: str) -> Iterator[Document]:
    suffix = Path(path).suffix.lower()
    limit = MAX_FEED_BYTES if suffix == ".jsonl" else MAX_BYTES
    try:
        size = os.path.getsize(path)
        if size > limit:
            raise InputError(
                path, f"file is {size:,} bytes, over the {limit:,}-byte limit; split it or check that it is an article"
            )
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(path, "no such file or directory") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror or err}") from None
    text = _decode(path, data)
    if isinstance(text, InputError):
        raise text
    if suffix == ".jsonl":
        yield from _feed_documents(path, text)
    else:
        yield from _documents_from_text(path, text)


def _decode(path: str, data: bytes) -> str | InputError:
    if len(data) > MAX_BYTES and path == "-":
        return InputError(path, f"input is over the {MAX_BYTES:,}-byte limit")
    if b"\x00" in data[:8192]:
        return InputError(path, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return InputError(
            path, f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); convert it to UTF-8"
        )
    if not text.strip():
        return InputError(path, "empty file: nothing to check")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _documents_from_text(path: str, text: str) -> Iterator[Document]:
    lowered = text[:2000].lower()
    if path.lower().endswith((".html", ".htm")) or "<html" in lowered or "<!doctype html" in lowered:
        yield markup.html_document(path, text)
    else:
        yield markup.markdown_document(path, text)


def _feed_documents(path: str, text: str) -> Iterator[Document]:
    """A JSONL feed: one article a line, named FEED#ID; a bad line is reported, not fatal."""
    seen: set[str] = set()
    bad: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            bad.append(f"line {number}: not JSON ({err.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            bad.append(f"line {number}: needs an object with a string 'text'")
            continue
        ident = str(record.get("id", number))
        if ident in seen:
            ident = f"{ident}@{number}"
        seen.add(ident)
        body = record["text"].replace("\r\n", "\n")
        if not body.strip():
            bad.append(f"line {number} (id {ident}): empty text")
            continue
        yield Document(
            path=f"{path}#{ident}",
            text=markup.mask_markdown(body),
            date=parse_date_value(record.get("date")),
            title=record.get("title"),
            story=record.get("story"),
            kind="jsonl",
        )
    if bad:
        raise InputError(path, "; ".join(bad[:5]) + (f" (and {len(bad) - 5} more)" if len(bad) > 5 else ""))


def parse_date_value(value: object) -> dt.date | None:
    """A metadata date: a date, a datetime, or an ISO string (time and zone ignored)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def front_matter(text: str) -> tuple[dict, int]:
    """YAML front matter between `---` lines: (metadata, length of the block)."""
    if not text.startswith("---\n"):
        return {}, 0
    end = text.find("\n---", 4)
    if end == -1:
        return {}, 0
    close = text.find("\n", end + 4)
    close = len(text) if close == -1 else close + 1
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError:
        return {}, 0
    return (meta if isinstance(meta, dict) else {}), close
