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
from consistency.claims.model import Claim
from consistency.document.segment import document_quotes
from consistency.extract.lexicon import (
    RE_I_EXTRA,
    SCALE_ABBREVIATIONS,
    SCALE_WORDS,
    TENS_WORDS,
    UNITS_WORDS,
    matches_at,
)
from consistency.extract.pipeline import Extraction

_SMALL = {w: int(v) for w, v in {**UNITS_WORDS, **TENS_WORDS}.items() if float(v).is_integer() and v < 100}
_WORDS = lexicon.alternation(w for w in _SMALL if w.isalpha())
_SCALES = {w: SCALE_WORDS.get(w) or SCALE_ABBREVIATIONS[w] for w in ("mln", "million", "m", "bln", "billion", "bn")}
"""The scale words a tally side may carry ('412 mln votes'), valued by the extract lexicon."""
_N = rf"(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,6}})(?:(?:\.\d{{1,3}})?\s*(?:mln|million|bln|billion|bn|m)\b)?|{_WORDS})"
_TALLY = re.compile(
    rf"(?<![\w.,-])(?P<a>{_N})"
    rf"(?:\s*[-–—]\s*|\s+votes?\s+to\s+|\s+to\s+)"
    rf"(?P<b>{_N})(?![\w%]|[.,]\d|\s*(?:%|per\s*cent|percent|pct|years?|months?|days?|hours?|minutes?)\b)",
    re.I,
)
_FAVOUR = r"(?:in\s+favou?r|for|in\s+support|yes)"
_SIDES = (  # '412 votes in favour and 109 against'; 'votes in favour totalled 412 mln and votes against 109 mln'
    re.compile(
        rf"(?<![\w.,-])(?P<a>{_N})\s+(?:votes?\s+|ballots?\s+)?(?:were\s+)?{_FAVOUR}"
        rf"\s*(?:,|,?\s+and|,?\s+with|,?\s+while|,?\s+to)\s+(?P<b>{_N})\s+(?:votes?\s+|ballots?\s+)?(?:were\s+)?against\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:votes?|ballots?)\s+{_FAVOUR}\s+(?:totalled|totaled|numbered|were|was|reached|came\s+to)\s+(?P<a>{_N})"
        rf"\s*(?:,|,?\s+and|,?\s+with|,?\s+while)\s+(?:the\s+)?(?:votes?\s+|ballots?\s+)?against\s+"
        rf"(?:totalled\s+|totaled\s+|numbered\s+|were\s+|was\s+|at\s+)?(?P<b>{_N})(?![\w%]|[.,]\d)",
        re.I,
    ),
)
_DIGIT_PAIR = re.compile(r"\d\s*[-–—]\s*\d|\d(?:\s*(?:mln|million|bln|billion|bn|m))?\s+(?:votes?\s+)?to\s+\d", re.I)
_NUMBER_WORDS = tuple(w for w in _SMALL if w.isalpha())
_TENS_ALT = lexicon.alternation(w for w in TENS_WORDS if w.isalpha())
_UNITS_ALT = lexicon.alternation(w for w in UNITS_WORDS if w.isalpha())
_COMPOUND_NUMBER = re.compile(rf"(?:{_TENS_ALT})-(?:{_UNITS_ALT})", re.I)
"""A tens word and a units word joined by a hyphen: 'Seventy-five', 'twenty-one'."""


def _maybe(sentence: str) -> bool:
    """A cheap test a sentence must pass to hold a tally: two figures joined by a dash or 'to'
    (a pattern that opens with a digit, and plain substring tests for number words)."""
    if _DIGIT_PAIR.search(sentence):
        return True
    low = sentence.lower()
    if "against" in low and any(ch.isdigit() for ch in sentence):
        return True  # '412 votes in favour and 109 against'
    joined = " to" in low or any(dash in low for dash in "-–—")
    return joined and any(w in low for w in _NUMBER_WORDS)


_MORE_COUNTS = re.compile(
    r"[^.;\d]{0,60}?(?:,|\band\b|\bwith\b)\s+(?:(?!(?:out|of|from|in|on|at|by)\b)[\w'’-]+\s+){0,3}?"
    r"\d[\d,]*(?:\.\d+)?(?![\d,.]|\s*%|\s*(?:per\s*cent|percent|pct|abstentions?|spoilt|spoiled|blank)\b)"
)
"""After a tally in its clause: a third count of the same list ('… for Ames and 8,020 for Roe'), not
its total ('out of 521 mln votes cast') or a share ('or 85%')."""
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
    favour: int | None = None  # the count in favour, when the wording names the sides ('412 in favour and 109 against')
    partial: bool = False  # more counts follow in its clause ('28,410 votes to 16,230 for Ames and 8,020 for Roe')
    bodies: frozenset[str] = frozenset()  # every body class named before it ('Board of Supervisors': board, council)


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
        # 'The 12 jurors, seven women and five men': a definite count of a body's members
        "definite_size": re.compile(
            rf"(?<![\w-])(?:[Tt]he|[Aa]ll)\s+(?P<n>\d{{1,4}}|{_WORDS})\s+(?P<body>{lexicon.alternation(bodies)})(?![\w-])",
        ),
        # 'the nine-member Carverton City Council', 'the 40-seat assembly'
        "size": re.compile(
            rf"(?<![\w-])(?P<n>\d{{1,4}}|{_WORDS})[-\s](?:member|seat|strong|person)\s+(?:[\w'’-]+\s+){{0,4}}?"
            rf"(?P<body>{lexicon.alternation(bodies)})(?![\w-])",
            re.I,
        ),
        "motions": frozenset(str(w).lower() for w in lex.get("motions") or []),
        "share_after": re.compile(rf"\s+(?:{lexicon.alternation(lex.get('share_after'))})(?![\w-])", re.I),
        "share_before": re.compile(
            rf"(?<![\w-])(?:{lexicon.alternation(lex.get('share_before'))})\s+(?:about\s+|nearly\s+|almost\s+|some\s+|just\s+)?$",
            re.I,
        ),
        "share_against": re.compile(rf"\s+(?:{lexicon.alternation(lex.get('share_against'))})(?![\w-])", re.I),
        "share_not": re.compile(rf"(?<![\w-])(?:{lexicon.alternation(lex.get('share_not'))})(?![\w-])", re.I),
        # '2,403 members who voted', '521 mln votes cast', 'a turnout of 2,403'
        "voters_after": re.compile(
            rf"\s+(?:[\w'’-]+\s+){{0,2}}?(?:{lexicon.alternation(lex.get('voters_after'))})(?![\w-])"
            rf"(?!\s+(?:{lexicon.alternation(lex.get('voters_side'))})(?![\w-]))",
            re.I,
        ),
        "voters_before": re.compile(
            rf"(?<![\w-])(?:{lexicon.alternation(lex.get('voters_before'))})\s+(?:about\s+|some\s+|just\s+)?$", re.I
        ),
    }


def _value(text: str) -> int | None:
    """A tally side's count: '7', 'seven', '8,412', '412 mln' (412,000,000)."""
    low = text.lower()
    if low in _SMALL:
        return _SMALL[low]
    m = re.fullmatch(r"([\d,]+(?:\.\d+)?)\s*([a-z]*)", low)
    if m is None or (m.group(2) and m.group(2) not in _SCALES):
        return None
    number = m.group(1).replace(",", "")
    return round(float(number) * _SCALES.get(m.group(2), 1)) if re.fullmatch(r"\d+(?:\.\d+)?", number) else None


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
        sided = [m for pattern in _SIDES for m in pattern.finditer(sent.text)]
        plain = [m for m in _TALLY.finditer(sent.text) if not any(s.start() <= m.start() < s.end() for s in sided)]
        for m in sorted((*sided, *plain), key=lambda m: m.start()):
            a, b = _value(m.group("a")), _value(m.group("b"))
            start, end = sent.start + m.start(), sent.start + m.end()
            lo, hi = _clause(sent.text, m)
            if a is None or b is None or any(q0 <= start < q1 for q0, q1 in quotes):
                continue
            if _COMPOUND_NUMBER.fullmatch(m.group(0)):
                continue  # 'Seventy-five ballot papers': one number word, not a 70-5 vote
            if not lex["vote"].search(sent.text, lo, hi):
                continue  # a pair of counts in a clause that does not say it is a vote: a score, a range
            said_votes = "vote" in m.group(0).lower()
            if not said_votes and (_FROM.search(sent.text, max(0, m.start() - 30), m.start()) or _year(m)):
                continue  # 'rose from 12,000 to 15,000', 'in 2019-20': a change or a span, not a vote
            if max(a, b) < 2 or max(a, b) > 10_000_000_000:  # shareholder votes run to billions
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
                favour=a if m.re in _SIDES else None,
                partial=bool(_MORE_COUNTS.match(sent.text, m.end(), hi)),
                bodies=frozenset(lex["bodies"][b.group(0).lower()] for b in lex["body_re"].finditer(before)),
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
    """How many can vote in a body ('the nine-member Carverton City Council'), or how many voted
    ('of the 2,403 members who voted'), as the text says."""

    size: int
    body: str | None
    start: int
    end: int
    text: str
    voted: bool = False  # how many voted, not how many may


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
    return matches_at(pattern, text, sorted(starts))


@per_document
def voter_counts(ex: Extraction) -> list[BodySize]:
    """How many voted, as the article counts them ('of the 2,403 members who voted', '521 mln
    votes cast', 'a turnout of 2,403'): no tally of that vote adds up to more. The body is the
    counted noun's class when the tallies lexicon names one ('members'), else None."""
    if not tallies(ex):
        return []
    lex = _lexicon()
    text = ex.document.text
    out = []
    for c in ex.claims:
        if c.kind != "count" or c.qualifier in ("lower", "upper", "range") or in_tally(ex, c.start):
            continue
        sent = ex.sentences[c.sentence]
        m = lex["voters_after"].match(text, c.end, sent.end)
        if m is None and not lex["voters_before"].search(text, max(sent.start, c.start - 30), c.start):
            continue
        noun = (c.noun or "").lower().split()
        body = lex["bodies"].get(noun[-1]) if noun else None
        end = m.end() if m else c.end
        out.append(BodySize(int(c.high), body, c.start, end, text[c.start : end], voted=True))
    return out


@dataclass(frozen=True)
class TallyShare:
    """A percentage told as one side's share of a tallied vote ('by 2,314 votes to 187, or 92.5
    per cent'), with the side it gives: 'for', 'against' or None (either)."""

    tally: Tally
    pct: Claim
    side: str | None


@per_document
def tally_shares(ex: Extraction) -> list[TallyShare]:
    """The percentages the article gives as a side's share of one of its tallies: in the
    tally's sentence or the one before or after, when no other tally is nearer, outside quotes,
    and not a bar the vote had to clear ('needed the backing of 75%') or a turnout."""
    found = tallies(ex)
    if not found:
        return []
    lex = _lexicon()
    text = ex.document.text
    out = []
    for c in ex.claims:
        if c.unit != "percentage" or c.quoted or c.qualifier in ("range", "lower", "upper"):
            continue
        sent = ex.sentences[c.sentence]
        after = lex["share_after"].match(text, c.end, sent.end)
        if after is None and not lex["share_before"].search(text, max(sent.start, c.start - 30), c.start):
            continue
        if lex["share_not"].search(text, max(sent.start, c.clause_start), min(sent.end, max(c.clause_end, c.end + 40))):
            continue
        near = sorted((abs(t.sentence - c.sentence), t.start > c.start, t.start, i) for i, t in enumerate(found))
        if not near or near[0][0] > 1 or (len(near) > 1 and near[1][0] == near[0][0]):
            continue  # no tally near, or two as near: which vote it shares is not told
        t = found[near[0][3]]
        if t.other or t.partial:
            continue  # another vote, or a tally of two of several candidates
        ref = ex.reference_date
        if c.as_of_text and c.as_of_high and ref and (ref - c.as_of_high).days > 180 and t.sentence != c.sentence:
            continue  # 'At the last full election, in May 2023, … 46.8 per cent of the vote': another vote's share
        side = "against" if lex["share_against"].match(text, c.end, sent.end) else ("for" if after else None)
        out.append(TallyShare(t, c, side))
    return out


_SIDE_AFTER = re.compile(r"\s+(?:who|that)\s+(?:voted|backed|opposed|supported|were\s+(?:in\s+favou?r|against))", re.I)
"""'the 40 members who voted against': one side, not the body."""


@per_document
def body_sizes(ex: Extraction) -> list[BodySize]:
    """The sizes of voting bodies the article gives ('the nine-member council', 'the 40-seat
    assembly'), each with its body class from the tallies lexicon."""
    text = ex.document.text
    low = text.lower()
    lex = _lexicon()
    out = []
    for m in lex["definite_size"].finditer(text) if tallies(ex) else ():  # 'The 12 jurors', 'all 48 councillors'
        body = lex["bodies"].get(m.group("body").lower())
        n = _value(m.group("n"))
        if body is not None and n is not None and n > 1 and not _SIDE_AFTER.match(text, m.end()):
            out.append(BodySize(n, body, m.start(), m.end(), m.group(0)))
    if not any(w in low for w in _SIZE_WORDS):
        return out  # the size pattern holds one of these words (re.I: a lower-case test covers it)
    for m in _size_matches(lex["size"], text, low):
        body = lex["bodies"].get(m.group("body").lower())
        n = _value(m.group("n"))
        if body is not None and n is not None and n > 1:
            out.append(BodySize(n, body, m.start(), m.end(), m.group(0)))
    return out
