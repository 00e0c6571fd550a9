"""Ordinal facts: which ordinal fact an ordinal states, of whom, and when.

'The 57th Ridgeway Folk Festival' (edition, owner Ridgeway Folk), "this year's 58th edition"
(edition, this year), 'won a third term' (term, owner: the sentence's subject), 'finished
second' and 'her third-place finish' (finish), 'lifts her to ninth in the standings'
(standings: another measure). An ordinal with no frame ('the second half', 'the first time')
or framed as another instance ('her previous', 'seek a third term', 'during her second term')
is not an ordinal fact. Frames and their nouns are data: `rules/lexicon/ordinals.yaml`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from consistency.claims import lexicon
from consistency.claims.cache import per_document, sentences_with
from consistency.claims.mentions import names
from consistency.document.segment import document_quotes
from consistency.extract.lexicon import folded
from consistency.extract.pipeline import Extraction

_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
          "eighteenth", "nineteenth"]
_TENS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
         "eightieth": 80, "ninetieth": 90, "hundredth": 100}
_TENS_PREFIX = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                "ninety": 90}
WORD_VALUES: dict[str, int] = {
    **{w: i + 1 for i, w in enumerate(_UNITS)},
    **{w: i + 10 for i, w in enumerate(_TEENS)},
    **_TENS,
    **{f"{t}-{u}": tv + i + 1 for t, tv in _TENS_PREFIX.items() for i, u in enumerate(_UNITS)},
}
_FIRST_CHARS = "".join(sorted({w[0] for w in WORD_VALUES} | {w[0].upper() for w in WORD_VALUES}))
# The lookahead `(?=[\d<first letters>])` holds wherever an ordinal starts, so it never changes a
# match; it only lets the engine skip, in one character test, the positions where none of the
# hundred alternatives below could begin (scanning every sentence was most of the layer's cost).
ORDINAL = re.compile(
    rf"(?<![\w'’.-])(?=[\d{_FIRST_CHARS}])(?:(?P<digits>\d{{1,3}})(?:st|nd|rd|th)|(?P<word>"
    + "|".join(sorted(WORD_VALUES, key=len, reverse=True))
    + r"))(?P<place>-plac(?:e|ed))?(?![\w'’])",
    re.I,
)
# Every ordinal word holds one of these (tests check it): the teens and tens share an ending.
_CUES = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
         "twelfth", "teenth", "tieth", "hundredth")
_DIGIT_CUE = re.compile(r"\d(?:st|nd|rd|th)")
_TOKEN = re.compile(r"[A-Za-z][\w'’]*(?:-[\w'’]+)*|\S")
_YEAR = re.compile(r"\b(?:in\s+|the\s+)?(?P<y>1[89]\d\d|20\d\d)(?:['’]s)?\b")
_YEAR_AFTER_NOUN = re.compile(r"^(?:\s+[a-z][\w'’-]*){1,3}\s+in\s+(?P<y>1[89]\d\d|20\d\d)\b")
"""A year after the ordinal's noun: 'her first world title in 2019' is 2019's title."""
_AGO_AFTER_NOUN = re.compile(r"^(?:\s+[a-z][\w'’-]*){1,3}\s+(?:\w+\s+){1,2}(?:years?|months?|seasons?)\s+ago\b")
_COMPOUND = re.compile(r"^[a-z0-9]+-(?:year|month|week|day|season)$")
_BARE = re.compile(r"^\s*(?:$|[,.;:)—–]|(?:in|at|on|for|behind|with|after|and|overall|place)\b)", re.I)
_NAME_AFTER = re.compile(r"^\s+((?:[A-Z][\w'’-]*\s?){1,3})\b")
_PRONOUN = re.compile(r"\b(?:her|his|their|she|he|they)\b", re.I)


@dataclass(frozen=True)
class OrdinalFact:
    """One ordinal stated about one thing: 'the 57th Ridgeway Folk Festival'."""

    value: int
    text: str
    start: int
    end: int
    sentence: int
    frame: str
    owner: frozenset[str] | None  # distinctive name words of whom or what it is about
    time: str | None  # 'this', 'last', 'next' or a year
    event: str | None  # 'in the women's downhill': which contest a finish is in
    other: bool  # framed as another instance, a hope or a period reference
    person: bool = False  # the owner is a person (terms, finishes): it must be known to compare


def parse_ordinal(text: str) -> int | None:
    """The value of an ordinal written in digits or words ('57th', 'twenty-first')."""
    m = ORDINAL.fullmatch(text.strip())
    if not m:
        return None
    return int(m.group("digits")) if m.group("digits") else WORD_VALUES[folded(m.group("word"))]


@lexicon.derived
def _lexicon() -> dict[str, Any]:
    lex = lexicon.load("ordinals")
    nouns, verbs = {}, {}
    for frame, spec in (lex.get("frames") or {}).items():
        for n in spec.get("nouns") or []:
            nouns[str(n).lower()] = frame
        for v in spec.get("verbs") or []:
            verbs[str(v).lower()] = frame
    times = {str(w).lower(): key for key, ws in (lex.get("time") or {}).items() for w in ws}
    return {
        "nouns": nouns,
        "verbs": verbs,
        "owners": {f: (s.get("owner") or "name") for f, s in (lex.get("frames") or {}).items()},
        "first": {f for f, s in (lex.get("frames") or {}).items() if s.get("compare_first", True)},
        "skip": {str(w).lower() for w in lex.get("skip") or []},
        "not_heads": {str(w).lower() for w in lex.get("not_heads") or []},
        "other": {str(w).lower() for w in lex.get("other") or []},
        "times": times,
    }


def _head(after: str) -> tuple[str | None, list[str], int]:
    """The frame of the noun an ordinal qualifies, the capitalised words in between, and where
    the head ends in `after`."""
    lex = _lexicon()
    caps: list[str] = []
    for m in _TOKEN.finditer(after):
        word = m.group(0)
        low = word.lower()
        if low in lex["nouns"]:
            head = _compound_head(after, m, lex["nouns"])
            nxt = _TOKEN.match(after, m.end() + 1) if after[m.end() : m.end() + 1] == " " else None
            if nxt and nxt.group(0).lower() in lex["not_heads"]:
                return None, caps, m.start()  # 'her fourth title attempt', 'a third term bid': not a title
            return head, caps, m.end()
        if word[0].isupper():
            caps.append(word)
        elif low in lex["skip"] or _COMPOUND.match(low):
            continue  # 'third consecutive term', 'second four-year term'
        else:
            return None, caps, m.start()
        if len(caps) > 5:
            break
    return None, caps, 0


def _compound_head(after: str, m: re.Match[str], nouns: dict[str, str]) -> str:
    """A noun compound's last frame noun is its head: 'her fifth world championship medal' is
    a medal, not a championship; 'the 57th festival show' a show."""
    frame = nouns[m.group(0).lower()]
    for nxt in _TOKEN.finditer(after, m.end()):
        low = nxt.group(0).lower()
        if low not in nouns:
            break
        frame = nouns[low]
    return frame


_STANDINGS_AFTER = re.compile(r"^\s+(?:in|on|of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?P<n>[a-z]+)\b")
_EVENT_AFTER = re.compile(r"^\s+(?:in|at)\s+(?:the\s+|\w+['’]s\s+)?(?P<e>(?:[\w'’-]+\s+){0,3}?[\w'’-]+)")


def _verb_frame(before: str, after: str) -> tuple[str | None, str | None]:
    """A bare ordinal after a verb ('finished second in the downhill') or before 'in the
    standings' ('ninth in the standings'): its frame and the contest it is in."""
    lex = _lexicon()
    m = _STANDINGS_AFTER.match(after)
    if m and lex["nouns"].get(m.group("n")) == "standings":
        return "standings", None
    words = re.findall(r"[A-Za-z']+", before[-40:].lower())
    for n in (3, 2, 1):
        phrase = " ".join(words[-n:]) if len(words) >= n else None
        if phrase and phrase in lex["verbs"]:
            frame = lex["verbs"][phrase]
            ev = _EVENT_AFTER.match(after)
            return frame, (ev.group("e").lower() if ev else None)
    return None, None


def _time(before: str, after: str, ref: dt.date | None) -> str | None:
    lex = _lexicon()
    tail = before[-25:].lower()
    for phrase, key in sorted(lex["times"].items(), key=lambda kv: -len(kv[0])):
        word = re.escape(phrase)
        if re.search(rf"\b{word}\s*$", tail) or re.match(rf"^\s*{word}\b", after[:25].lower()):
            return key
    if _AGO_AFTER_NOUN.match(after):
        return "past"  # 'won her first world title seven years ago'
    own = re.split(r"[,;:]", tail)[-1]  # 'who won her first title in 2019, said her fifth': 2019 is the first's
    m = _YEAR.search(own) or _YEAR.match(after[:15]) or _YEAR_AFTER_NOUN.match(after)
    if m:
        year = int(m.group("y"))
        if ref is not None and year == ref.year:
            return "this"
        return str(year)
    return None


_RELATIVE_PAST = re.compile(
    r"\b(?:who|which|that)\s+(?:had\s+|have\s+|has\s+)?(?:also\s+)?[a-z]+(?:ed|ew|ang|ame|ook|ent)\s+"
    r"(?:at|in|on|for)\s+(?:the|its|their|that|those)\s+$",
    re.I,
)
"""A past relative clause right before an ordinal ('the Tallow Brothers, who played at the
first festival'): an earlier instance of the series, not the one the article reports."""


def _is_other(before: str, value: int, frame: str) -> bool:
    lex = _lexicon()
    words = re.findall(r"[A-Za-z]+", before[-40:].lower())[-3:]
    if _RELATIVE_PAST.search(before[-60:]):
        return True
    return any(w in lex["other"] for w in words) or (value == 1 and frame not in lex["first"])


def _known_names(ex: Extraction) -> frozenset[str]:
    """Words the document capitalises inside sentences: names, not sentence-initial words."""
    out = set()
    for s in ex.sentences:
        for m in re.finditer(r"(?<=[\w,;] )[A-Z][\w'’-]+", s.text):
            out.add(m.group(0).rstrip("'’s"))
    return frozenset(out)


def _subject(ex: Extraction, sent_index: int, before: str, known: frozenset[str]) -> frozenset[str] | None:
    """Whom a person-frame ordinal is about: the first name before it in its sentence, or, after
    a pronoun, the first name of the nearest sentence before that has one."""
    found = [k for k, oblique in _names_placed(before, known) if not oblique]
    if found:
        return found[0]
    if not _PRONOUN.search(before):
        return None
    for i in range(sent_index - 1, max(-1, sent_index - 4), -1):
        found = _names(ex.sentences[i].text, known)
        if found:
            return found[0]
    return None


_OBLIQUE = re.compile(r"\b(?:on|at|in|to|from|near|outside|inside|by|into|across|of)\s+(?:the\s+)?$", re.I)


def _names_placed(text: str, known: frozenset[str]) -> list[tuple[frozenset[str], bool]]:
    """The names of `text` with whether each follows a preposition ('on the City Hall
    plaza'): a place or an object, never whose term an ordinal after 'her' is."""
    out = []
    for n in names(text, sentence_start=False):
        at_start = not text[: n.start].strip(" \"'“‘(")
        if at_start and " " not in n.text and n.text.rstrip("'’s") not in known:
            continue
        if n.key:
            out.append((n.key, bool(_OBLIQUE.search(text[max(0, n.start - 20) : n.start]))))
    return out


def _names(text: str, known: frozenset[str]) -> list[frozenset[str]]:
    return [k for k, _ in _names_placed(text, known)]


def _cue_sentences(ex: Extraction) -> set[int] | None:
    """The sentences ORDINAL can match in, or a superset (None: all): every ordinal word ends
    in one of _CUES, and a figure ordinal is a digit before st/nd/rd/th; ORDINAL matches
    letters case-insensitively, which `sentences_with` allows for."""
    return sentences_with(ex, _CUES, _DIGIT_CUE)


@per_document
def ordinal_facts(ex: Extraction) -> list[OrdinalFact]:
    """Every ordinal of the document that states an ordinal fact (quoted speech left out)."""
    lex = _lexicon()
    quotes: list[tuple[int, int]] | None = None  # both read only once an ordinal turns up
    known: frozenset[str] | None = None
    out: list[OrdinalFact] = []
    cued = _cue_sentences(ex)
    for sent in ex.sentences:
        if cued is not None and sent.index not in cued:
            continue
        for m in ORDINAL.finditer(sent.text):
            start = sent.start + m.start()
            if quotes is None:
                quotes = document_quotes(ex.document)
            if any(a <= start < b for a, b in quotes):
                continue
            value = int(m.group("digits")) if m.group("digits") else WORD_VALUES[folded(m.group("word"))]
            before, after = sent.text[: m.start()], sent.text[m.end() :]
            event = None
            caps: list[str] = []
            if m.group("place"):
                head, caps, end = _head(after)
                frame = "finish" if head == "finish" or (head is None and _BARE.match(after)) else None
                ev = _EVENT_AFTER.match(after[end:])
                event = ev.group("e").lower() if ev else None
            else:
                frame, caps, end = _head(after)
                if frame is None and not caps and _BARE.match(after):
                    frame, event = _verb_frame(before, after)
            if frame is None:
                continue
            if lex["owners"].get(frame) == "person":
                right = _NAME_AFTER.match(after[end:]) if end and not m.group("place") else None
                if right:
                    owner = frozenset(right.group(1).lower().split())
                else:
                    if known is None:
                        known = _known_names(ex)
                    owner = _subject(ex, sent.index, before, known)
            else:
                poss = re.search(r"((?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*)['’]s?\s+$", before)
                words = caps or (poss.group(1).split() if poss else [])
                owner = frozenset(w.lower().rstrip("'’s") for w in words) or None
            out.append(
                OrdinalFact(
                    value=value,
                    text=m.group(0),
                    start=start,
                    end=sent.start + m.end(),
                    sentence=sent.index,
                    frame=frame,
                    owner=owner,
                    time=_time(before, after, ex.reference_date),
                    event=event,
                    other=_is_other(before, value, frame),
                    person=lex["owners"].get(frame) == "person",
                )
            )
    return out
