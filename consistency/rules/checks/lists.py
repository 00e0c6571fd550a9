"""A count word against the list it introduces: 'the three founders — A, B, C and D'."""

from __future__ import annotations

import re
from collections.abc import Iterable

from consistency.extract import phrases
from consistency.rules.checks.base import ArticleContext, CheckKind, Hit

_INTRO = re.compile(r"^\s*(?:[:—–]|--|,)\s*|^(?:\s+[a-z]+){1,3}\s*:\s*", re.U)
_ITEM = (
    r"(?:(?:the\s+)?[A-Z][\w'’.\-]*(?:\s+"
    r"(?:de|van|von|al|bin|of|the|la|le|and\s+(?=[A-Z][\w'’.\-]*\s*[,;]))?\s*[A-Z][\w'’.\-]*){0,3})"
)
_LIST = re.compile(
    rf"(?P<items>{_ITEM}(?:\s*[,;]\s*{_ITEM})*(?:\s*,?\s+(?:and|&)\s+{_ITEM}))"
    r"(?P<end>\s*(?:[—–.;:)]|--|,\s+(?:[a-z]|\d)|$))"
)
_SPLIT = re.compile(r"\s*[,;]\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+")
_SUBSET = re.compile(r"^\s*(?:[:—–]|--|,)\s*(?:including|among\s+them|such\s+as|like|notably|e\.g\.)", re.I)


class ListCount(CheckKind):
    name = "list-count"
    summary = "a count word that does not match the number of names listed after it"

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        for it in ctx.items:
            c = it.claim
            if c.kind != "count" or c.qualifier or not c.noun or c.value != int(c.value) or not 2 <= c.value <= 12:
                continue
            sent = it.sentence
            _, noun_end = phrases.counted_noun(sent.text, c.end - sent.start)
            rest = sent.text[noun_end:]
            intro = _INTRO.match(rest)
            if not intro or _SUBSET.match(rest):
                continue
            m = _LIST.match(rest, intro.end())
            if not m:
                continue
            names = [n for n in _SPLIT.split(m.group("items")) if n]
            if len(names) >= 2 and len(names) != int(c.value):
                yield Hit(it.mark(), fields={"listed": len(names), "names": ", ".join(names)}, a=c)
