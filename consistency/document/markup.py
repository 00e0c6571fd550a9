"""Turn Markdown and HTML into prose by blanking what is not prose, keeping every offset.

Blanking (replacing characters with spaces, newlines kept) instead of stripping means a
finding's offset is the file's offset: no offset maps to maintain or get wrong.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser

from consistency import suppress
from consistency.document.model import Document
from consistency.errors import InputError

_MD_BLANK = re.compile(
    r"```.*?```|~~~.*?~~~"  # fenced code
    r"|<!--.*?-->"  # comments
    r"|\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"  # link targets: ](url "title")
    r"|https?://\S+|www\.\S+"  # bare URLs
    r"|`[^`\n]*`",  # inline code
    re.S,
)
_HTML_BLANK = re.compile(r"<(script|style|head|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_HTML_BLOCK = re.compile(
    r"</?(p|div|br|h[1-6]|li|ul|ol|tr|td|th|table|section|article|blockquote|"
    r"header|footer|figure|figcaption|main|aside|nav|pre)\b[^>]*>",
    re.I,
)
_HTML_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def blanked(text: str) -> str:
    """Every character of `text` but newlines as a space: `"".join("\n" if ch == "\n" else " "
    for ch in text)`, a line at a time instead of a character at a time."""
    if "\n" not in text:
        return " " * len(text)
    return "\n".join([" " * len(line) for line in text.split("\n")])


def _blank(match: re.Match[str]) -> str:
    return blanked(match.group(0))


def mask_markdown(text: str) -> str:
    return _MD_BLANK.sub(_blank, text)


def markdown_document(path: str, text: str) -> Document:
    """A Markdown (or plain text) document. Front matter that is there but cannot be used
    (bad YAML, bad date, a story that is not a string) is an InputError at path:line:col."""
    from consistency.document.loaders import FrontMatterError, front_matter, metadata_date

    try:
        meta, length = front_matter(text)
    except FrontMatterError as err:
        raise InputError(path, err.message, err.line, err.column) from None
    where = _key_lines(text[:length])

    def bad(key: str, message: str) -> InputError:
        line, column = where.get(key, (1, 1))
        return InputError(path, f"front matter: {message}", line, column)

    try:
        date = metadata_date(meta.get("date"))
    except ValueError as err:
        raise bad("date", str(err)) from None
    story = meta.get("story")
    if story is not None and not isinstance(story, str):
        raise bad("story", f"'story' must be a string (quote it), not {type(story).__name__}")
    title = meta.get("title")
    if title is not None and not isinstance(title, str | int | float | dt.date):
        raise bad("title", f"'title' must be a string, not {type(title).__name__}")
    head = blanked(text[:length])
    title_span = _title_span(text[:length], _str(title))
    if title_span:  # the headline is copy too: "Twelve hurt" against "Fourteen people were injured"
        head = head[: title_span[0]] + text[title_span[0] : title_span[1]] + head[title_span[1] :]
    body = head + mask_markdown(text[length:])
    return Document(
        path=path,
        text=body,
        title_span=title_span,
        date=date,
        title=_str(title),
        story=story,
        kind="markdown" if length else "text",
        directives=suppress.scan(text, length)
        + suppress.front_matter(meta, *where.get("consistency", (1, 1))),
    )


def _key_lines(block: str) -> dict[str, tuple[int, int]]:
    """Where each top-level front-matter key's value starts (1-based line, column)."""
    out: dict[str, tuple[int, int]] = {}
    for number, line in enumerate(block.split("\n"), start=1):
        key, colon, rest = line.partition(":")
        if colon and key and not key[0].isspace() and key.strip() not in out:
            out[key.strip()] = (number, len(key) + 2 + (len(rest) - len(rest.lstrip())))
    return out


_TITLE_LINE = re.compile(r"^title:[ \t]*([\"']?)(?P<value>[^\n]*?)\1[ \t]*$", re.M)


def _title_span(front: str, title: str | None) -> tuple[int, int] | None:
    """Where the front matter's one-line title value stands, so it can be read as a sentence."""
    if not title:
        return None
    m = _TITLE_LINE.search(front)
    if m is None or m.group("value").strip() != title.strip():
        return None
    return m.span("value")


def _str(value: object) -> str | None:
    return None if value is None else str(value)


class _MetaReader(HTMLParser):
    """Collects the publication date and title; the text itself comes from blanking."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.published: str | None = None
        self.time_values: list[str] = []
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key in {"article:published_time", "datepublished", "date", "dc.date", "pubdate"}:
                self.published = self.published or values.get("content")
        elif tag == "time" and values.get("datetime"):
            self.time_values.append(values["datetime"])
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title and data.strip():
            self.title = (self.title or "") + data.strip()


def html_document(path: str, source: str) -> Document:
    from consistency.document.loaders import parse_date_value

    reader = _MetaReader()
    try:
        reader.feed(source)
        reader.close()
    except Exception:  # html.parser is lenient; a failure only costs us the metadata
        pass
    text = _HTML_BLANK.sub(_blank, source)
    text = _HTML_BLOCK.sub(lambda m: "\n\n" + " " * (len(m.group(0)) - 2), text)
    text = _HTML_TAG.sub(_blank, text)
    text = _ENTITY.sub(_entity, text)
    date = parse_date_value(reader.published) or next((d for d in map(parse_date_value, reader.time_values) if d), None)
    return Document(path=path, text=text, date=date, title=reader.title, kind="html", directives=suppress.scan(source))


def _entity(match: re.Match[str]) -> str:
    """Decode an entity in place, padding with spaces so the length is unchanged."""
    decoded = html.unescape(match.group(0))
    if decoded == match.group(0) or len(decoded) > len(match.group(0)):
        return match.group(0)
    if decoded == "\xa0":
        decoded = " "
    return decoded + " " * (len(match.group(0)) - len(decoded))
