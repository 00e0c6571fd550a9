"""Proper names in a stretch of text, and who a pronoun or a bare 'the store' points at.

Shared by the list, ordinal and dated-event readers: all three need 'which named thing is this
about' without a parser. A name is a run of capitalised words (with '&', 'of', 'de' and "'s"
inside); a sentence-initial capitalised word followed by a lower-case one ('Garden tool maker')
is an ordinary word, not a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consistency.claims import lexicon

_TOKEN = r"(?:[A-Z][\w'’.\-]*|[A-Z0-9][A-Z0-9]{0,5}\b)"
NAME = re.compile(
    rf"(?<![\w'’-]){_TOKEN}(?:(?:\s+(?:&|and|of|de|van|von|du|la|le|al|the)\s+|\s+|-){_TOKEN}){{0,5}}"
)
_POSSESSIVE = re.compile(r"['’]s?$")
_GENERIC = frozenset({"&", "and", "of", "the", "de", "sons", "co", "ltd", "inc", "plc", "group", "st"})


@dataclass(frozen=True)
class Name:
    text: str
    start: int  # offset in the text it was found in
    end: int

    @property
    def key(self) -> frozenset[str]:
        """The distinctive words of the name, lower case, without possessives."""
        words = [_POSSESSIVE.sub("", w.rstrip(".")).lower() for w in re.split(r"[\s-]+", self.text)]
        return frozenset(w for w in words if w and w not in _GENERIC)

    @property
    def last(self) -> str:
        return _POSSESSIVE.sub("", re.split(r"[\s-]+", self.text)[-1]).lower()


def _stop() -> frozenset[str]:
    return frozenset(lexicon.load("lists").get("name_stop") or [])


def names(text: str, sentence_start: bool = True) -> list[Name]:
    """The proper names of a stretch of text. With `sentence_start`, the text begins a sentence,
    so its first word is a name only when the next word is capitalised too."""
    stop = _stop()
    out = []
    for m in NAME.finditer(text):
        words = m.group(0).split()
        start = m.start()
        while words and (words[0] in stop or _POSSESSIVE.sub("", words[0]) in stop):
            start += len(words[0]) + 1
            words = words[1:]
        if not words:
            continue
        at_start = sentence_start and not text[: m.start()].strip(" \"'“‘(")
        if at_start and len(words) == 1 and start == m.start():
            continue  # 'Firefighters made progress': a capitalised first word
        name_text = " ".join(words)
        if name_text.isdigit():
            continue
        out.append(Name(name_text, start, start + len(name_text)))
    return out


def same_entity(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two name keys for one entity: they share a distinctive word ('Tollan Bridge' ~ 'Tollan')."""
    return bool(a & b)
