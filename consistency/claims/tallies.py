"""Vote tallies: 'voted 7-2', 'on a 6-3 vote', 'by 8,412 votes to 6,930', 'passed 8,412 to 7,930'.

A tally is two counts of one vote, so it is no single figure the measure rules compare: a
council that 'voted 7-2' in one article and 'approved the deal on a 6-3 vote' in the next
contradicts itself though every number differs. Each Tally keeps the pair, the day of the
vote, who voted (the body's class) and what was decided (the motion's verb), read with the
words in `rules/lexicon/tallies.yaml`; `consistency.rules.checks.tallies` compares them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from consistency.claims import lexicon
from consistency.claims.cache import per_document
from consistency.document.segment import document_quotes
from consistency.extract.lexicon import RE_I_EXTRA, TENS_WORDS, UNITS_WORDS
from consistency.extract.pipeline import Extraction

_SMALL = {w: int(v) for w, v in {**UNITS_WORDS, **TENS_WORDS}.items() if float(v).is_integer() and v < 100}
_WORDS = lexicon.alternation(w for w in _SMALL if w.isalpha())
_N = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,6}}|{_WORDS})"
_TALLY = re.compile(
    rf"(?<![\w.,-])(?P<a>{_N})"
    rf"(?:\s*[-–—]\s*|\s+votes?\s+to\s+|\s+to\s+)"
    rf"(?P<b>{_N})(?![\w%]|[.,]\d|\s*(?:%|per\s*cent|percent|pct|years?|months?|days?|hours?|minutes?)\b)",
    re.I,
)
_DIGIT_PAIR = re.compile(r"\d\s*[-–—]\s*\d|\d\s+(?:votes?\s+)?to\s+\d")
_NUMBER_WORDS = tuple(w for w in _SMALL if w.isalpha())


def _maybe(sentence: str) -> bool:
    """A cheap test a sentence must pass to hold a tally: two figures joined by a dash or 'to'
    (a pattern that opens with a digit, and plain substring tests for number words)."""
    if _DIGIT_PAIR.search(sentence):
        return True
    low = sentence.lower()
    joined = " to" in low or any(dash in low for dash in "-–—")
    return joined and any(w in low for w in _NUMBER_WORDS)


_CLAUSE_END = re.compile(r"[;:]|,\s+(?:but|while|although|with|and\s+(?:it|the|a)\b)|\.\s", re.I)
_WORD = re.compile(r"[A-Za-z][a-z'’-]*")


_FROM = re.compile(r"\b(?:from|between|aged|ages|rose|fell|up|down|increased|decreased)\s+(?:\w+\s+){0,2}$", re.I)


def _year(m: re.Match[str]) -> bool:
    """'2019-20', '2016 to 2019': a span of years (written without a thousands comma)."""
    a = m.group("a")
    return a.isdigit() and len(a) == 4 and 1800 <= int(a) <= 2100


@dataclass(frozen=True)
class Tally:
    """One vote's two counts, as written: 'voted 7-2' (7, 2)."""

    high: int
    low: int
    start: int  # document offsets of the whole tally ('7-2', '8,412 votes to 6,930')
    end: int
    text: str
    sentence: int
    day: dt.date | None  # the vote's day, when the sentence gives one
    body: str | None  # who voted, by class ('council', 'voters')
    motion: str | None  # what was decided ('approve', 'delay')
    other: bool  # framed as another vote ('in a separate vote', 'also voted')
    definite: bool  # points back: 'the 6-3 vote'


@lexicon.derived
def _lexicon() -> dict[str, Any]:
    lex = lexicon.load("tallies")
    bodies: dict[str, str] = {}
    for group in lex.get("bodies") or []:
        words = [str(w).lower() for w in group]
        for w in words:
            bodies.setdefault(w, words[0])
    return {
        "vote": re.compile(rf"(?<![\w-])(?:{lexicon.alternation(lex.get('vote_words'))})(?![\w-])", re.I),
        "vote_stems": tuple(sorted({str(w).lower() for w in lex.get("vote_words") or []})),
        "other": frozenset(str(w).lower() for w in lex.get("other_vote") or []),
        "score": frozenset(str(w).lower() for w in lex.get("score_words") or []),
        "vote_nouns": frozenset(str(w).lower() for w in lex.get("vote_nouns") or []),
        "bodies": bodies,
        "body_re": re.compile(rf"(?<![\w-])(?:{lexicon.alternation(bodies)})(?![\w-])", re.I),
        # 'the nine-member Carverton City Council', 'the 40-seat assembly'
        "size": re.compile(
            rf"(?<![\w-])(?P<n>\d{{1,4}}|{_WORDS})[-\s](?:member|seat|strong|person)\s+(?:[\w'’-]+\s+){{0,4}}?"
            rf"(?P<body>{lexicon.alternation(bodies)})(?![\w-])",
            re.I,
        ),
        "motions": frozenset(str(w).lower() for w in lex.get("motions") or []),
    }


def _value(text: str) -> int | None:
    low = text.lower()
    if low in _SMALL:
        return _SMALL[low]
    digits = text.replace(",", "")
    return int(digits) if digits.isdigit() else None


def _stem(word: str, motions: frozenset[str]) -> str | None:
    """A motion verb in any form: 'approved', 'approves', 'approving' -> 'approve'."""
    w = word.lower()
    for cut in ("", "d", "s", "ed", "ing", "es"):
        if cut and not w.endswith(cut):
            continue
        base = w[: len(w) - len(cut)] if cut else w
        for cand in (base, base + "e"):
            if cand in motions:
                return cand
    return None


def _motion(before: str, after: str, motions: frozenset[str]) -> str | None:
    """What the vote decided: the infinitive after the tally ('voted 7-2 to delay') or after
    the vote verb before it ('voted to approve the plan 7-2'). An outcome verb ('approved …
    on a 6-3 vote') says only that it passed, which any motion's tally may."""
    m = re.match(r"[^.;]{0,40}?\bto\s+([a-z]+)", after) or re.search(r"\bvot\w*\s+to\s+([a-z]+)[^.;]{0,60}$", before)
    return _stem(m.group(1), motions) if m else None


def _body(before: str, lex: dict[str, Any]) -> str | None:
    """Who voted: the last body noun before the tally in its clause ('the City Council voted')."""
    found = list(lex["body_re"].finditer(before))
    return lex["bodies"][found[-1].group(0).lower()] if found else None


def _clause(sent: str, m: re.Match[str]) -> tuple[int, int]:
    """The tally's clause: up to 90 characters before it and 60 after, inside clause breaks."""
    lo = max(0, m.start() - 90)
    ends = [e.end() for e in _CLAUSE_END.finditer(sent, lo, m.start())]
    lo = ends[-1] if ends else lo
    stop = _CLAUSE_END.search(sent, m.end())
    return lo, min(stop.start() if stop else len(sent), m.end() + 60)


@per_document
def tallies(ex: Extraction) -> list[Tally]:
    """Every vote tally of the document outside quotes, with its day, body and motion."""
    text = ex.document.text
    lex = _lexicon()
    low = text.lower()
    if not any(w in low for w in lex["vote_stems"]):
        return []  # no vote word anywhere: no tally
    quotes = document_quotes(ex.document)
    out: list[Tally] = []
    for sent in ex.sentences:
        if not _maybe(sent.text) or not lex["vote"].search(sent.text):
            continue
        for m in _TALLY.finditer(sent.text):
            a, b = _value(m.group("a")), _value(m.group("b"))
            start, end = sent.start + m.start(), sent.start + m.end()
            lo, hi = _clause(sent.text, m)
            if a is None or b is None or any(q0 <= start < q1 for q0, q1 in quotes):
                continue
            if not lex["vote"].search(sent.text, lo, hi):
                continue  # a pair of counts in a clause that does not say it is a vote: a score, a range
            said_votes = "vote" in m.group(0).lower()
            if not said_votes and (_FROM.search(sent.text, max(0, m.start() - 30), m.start()) or _year(m)):
                continue  # 'rose from 12,000 to 15,000', 'in 2019-20': a change or a span, not a vote
            if max(a, b) < 2 or max(a, b) > 10_000_000:
                continue
            before = sent.text[: m.start()]
            words = [w.lower() for w in _WORD.findall(before)[-6:]]
            clause_words = {w.lower() for w in _WORD.findall(sent.text[lo:hi].replace("-", " "))}
            if clause_words & lex["score"] and not clause_words & lex["vote_nouns"]:
                continue  # 'defeated Atletico 3-0', 'which Brayford won 2-0, passed off': a score
            days = [  # the day written nearest the tally ('… sent on Thursday, nine days after the
                # committee approved the scheme by six votes to three on March 11': March 11)
                (min(abs(d.start - end), abs(start - d.end)), d.low) for d in ex.dates
                if sent.start <= d.start < sent.end and d.low is not None and d.low == d.high
                and d.kind in ("date", "weekday") and not d.text.endswith(("'s", "’s"))
            ]
            day = min(days, key=lambda x: x[0])[1] if days else None
            out.append(Tally(
                high=max(a, b), low=min(a, b), start=start, end=end, text=m.group(0), sentence=sent.index,
                day=day, body=_body(before[-80:], lex), motion=_motion(before, sent.text[m.end():], lex["motions"]),
                other=bool(clause_words & lex["other"]),
                definite=bool(words) and words[-1] in ("the", "that", "this", "its"),
            ))
    return out


@per_document
def _spans(ex: Extraction) -> tuple[tuple[int, int], ...]:
    return tuple((t.start, t.end) for t in tallies(ex))


def in_tally(ex: Extraction, offset: int) -> bool:
    """The figure at `offset` is one side of a vote tally: a candidate's or a side's count,
    never the vote's total ('beating Whitby by 98,210 votes to 72,940')."""
    return any(a <= offset < b for a, b in _spans(ex))


@dataclass(frozen=True)
class BodySize:
    """How many can vote in a body, as the text says: 'the nine-member Carverton City Council'."""

    size: int
    body: str
    start: int
    end: int
    text: str


_SIZE_WORDS = ("member", "seat", "strong", "person")


_SIZE_FIGURE = max(4, *(len(w) for w in _SMALL if w.isalpha()))
"""The longest figure the size pattern reads before its size word: four digits or a number word."""


def _size_matches(pattern: re.Pattern[str], text: str, low: str) -> list[re.Match[str]]:
    """`pattern.finditer(text)` for the size pattern, tried only where a match can start: a
    figure of at most _SIZE_FIGURE characters, then one dash or space, ends right before a
    size word. The pattern opens with a lookbehind, so a scan tries it at every character.
    The whole scan where `low` is not `text` lower-cased letter for letter (re.I folds
    RE_I_EXTRA onto ASCII letters; `lower` may change the length)."""
    if len(low) != len(text) or any(ch in text for ch in RE_I_EXTRA):
        return list(pattern.finditer(text))
    starts: set[int] = set()
    for word in _SIZE_WORDS:
        at = low.find(word)
        while at >= 0:
            starts.update(range(max(0, at - 1 - _SIZE_FIGURE), at - 1))
            at = low.find(word, at + 1)
    out = []
    pos = 0
    for at in sorted(starts):
        if at < pos:
            continue
        m = pattern.match(text, at)
        if m is not None:
            out.append(m)
            pos = m.end()
    return out


@per_document
def body_sizes(ex: Extraction) -> list[BodySize]:
    """The sizes of voting bodies the article gives ('the nine-member council', 'the 40-seat
    assembly'), each with its body class from the tallies lexicon."""
    text = ex.document.text
    low = text.lower()
    if not any(w in low for w in _SIZE_WORDS):
        return []  # the size pattern holds one of these words (re.I: a lower-case test covers it)
    lex = _lexicon()
    out = []
    for m in _size_matches(lex["size"], text, low):
        body = lex["bodies"].get(m.group("body").lower())
        n = _value(m.group("n"))
        if body is not None and n is not None and n > 1:
            out.append(BodySize(n, body, m.start(), m.end(), m.group(0)))
    return out
