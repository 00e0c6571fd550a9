"""Checks against the calendar and the clock: weekday and date, ages and birth years, a
duration and its dates, clock arithmetic, a past-tense figure dated after the article."""

from __future__ import annotations

import calendar as cal
import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from consistency.claims import lexicon
from consistency.claims.frames import frame_lexicon
from consistency.claims.model import Claim
from consistency.document.segment import Sentence, document_quotes
from consistency.extract.dates import (
    DateExpr,
    ends_period,
    frame_before,
    frame_dates,
    frame_of,
    frame_runs_to_article,
    past_event_clause,
)
from consistency.extract.pipeline import Extraction
from consistency.rules.checks.base import (
    INTEGER,
    NUMBER,
    ArticleContext,
    CheckKind,
    Hit,
    Item,
    Mark,
    Params,
    by_sentence,
    correction_sentences,
)


def _date_mark(ex: Extraction, d: DateExpr, note: str = "") -> Mark:
    return Mark(ex, d.start, d.end, note)


class Weekday(CheckKind):
    name = "weekday"
    summary = "a weekday that does not fall on the date written with it"

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        for d in ctx.ex.dates:
            if d.weekday is None or d.low is None or d.low != d.high:
                continue
            # '5/6/2026' is 5 June or May 6; a far yearless date may be of the next or last year
            readings = [d.low, *d.extra.get("alternatives", []), *_other_years(d, ctx.ex.document.date)]
            if ctx.trace is not None and not all(r.weekday() != d.weekday for r in readings):
                detail = f"{d.low.isoformat()} is a {cal.day_name[d.weekday]}"
                ctx.trace.stop("agrees", detail, _date_mark(ctx.ex, d))
            if all(r.weekday() != d.weekday for r in readings):
                yield Hit(
                    _date_mark(ctx.ex, d),
                    fields={
                        "written": cal.day_name[d.weekday],
                        "actual": cal.day_name[d.low.weekday()],
                        "date": d.low.isoformat(),
                        "text": d.text,
                    },
                )


def _other_years(d: DateExpr, ref: dt.date | None) -> list[dt.date]:
    """A date written without its year and resolved more than three months from the article's
    date may be of the year on the other side ('a trial date of Monday 12 October', set in
    March): that reading, when it is within nine months. A date near the article's is read as
    resolved: that is where a wrong weekday is an error ('Tuesday 14 March' in a March story)."""
    if d.year_given or ref is None or d.low is None or abs((d.low - ref).days) <= 92:
        return []
    out = []
    for year in (d.low.year - 1, d.low.year + 1):
        try:
            other = d.low.replace(year=year)
        except ValueError:  # 29 February
            continue
        if abs((other - ref).days) <= 274:
            out.append(other)
    return out


class ImpossibleDate(CheckKind):
    name = "impossible-date"
    summary = "a date no calendar has ('November 31', 'Feb 30') or a day range that runs backwards"

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        for d in ctx.ex.dates:
            if d.extra.get("impossible"):
                yield Hit(_date_mark(ctx.ex, d), fields={"text": d.text, "why": d.extra["impossible"]})


_DAYS_PER = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}
_UNIT_SLACK = {"day": 0.0, "week": 6.0, "month": 15.0, "year": 183.0}
"""Days of rounding a unit carries: 'three weeks' is 15-27 days, '30 years' 29.5-30.5."""


def _claim_days(c: Claim) -> tuple[float, float]:
    """The days a written duration allows, qualifiers in ('more than N' stops at 1.5 N + 1)."""
    per, slack = _DAYS_PER[c.unit], _UNIT_SLACK[c.unit]
    high = c.high if math.isfinite(c.high) else c.value * 1.5 + 1
    return c.low * per - slack, high * per + slack


def _span_days(start: DateExpr, end: DateExpr) -> tuple[int, int]:
    """Fewest and most days from start to end, counted exclusively and inclusively."""
    return (end.low - start.high).days, (end.high - start.low).days + 1


def _frame_spans(ex: Extraction, frame: str) -> list[tuple[DateExpr, DateExpr]]:
    """(start, end) pairs of one frame; a frame that runs to the article date ('its 30-year
    history') takes the article date as its end when it has one start and no written end."""
    by_sent: dict[int, list[DateExpr]] = {}
    for d in ex.dates:
        sent = ex.sentence_at(d.start)
        if sent is not None:
            by_sent.setdefault(sent.index, []).append(d)
    marks = [m for i, ds in by_sent.items() for m in frame_dates(ex.sentences[i].text, ex.sentences[i].start, ds)]
    marks = [m for m in marks if m.frame == frame]
    spans = [(m.expr, m.until) for m in marks if m.role == "range" and m.until is not None]
    starts = [m.expr for m in marks if m.role == "start"]
    ends = [m.expr for m in marks if m.role == "end"]
    spans += [(s, e) for s in starts for e in ends if e.high >= s.low]
    ref = ex.reference_date
    if not ends and ref and len({s.value for s in starts}) == 1 and frame_runs_to_article(frame):
        spans.append((starts[0], DateExpr("the article date", 0, 0, "date", ref.isoformat(), ref, ref)))
    return spans


def _span_frame(name: str) -> dict:
    """One span frame of the time lexicon (`span_frames`), empty when a pack drops it."""
    return (lexicon.load("time").get("span_frames") or {}).get(name) or {}


@lexicon.derived
def _tenure_words() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(first starts, later starts, end verbs, titles) of an office, from the time lexicon."""
    spec = _span_frame("tenure")
    alt = lexicon.alternation
    return (
        re.compile(
            rf"\b(?:{alt(spec.get('first_start') or ['took office'])})\s+(?P<gap>(?:[\w'’-]+\s+){{0,4}}?)(?:in|on)\s+$",
            re.I,
        ),
        re.compile(rf"\b(?:{alt(spec.get('later_start') or ['re-elected'])})\b", re.I),
        re.compile(rf"\b(?:{alt(spec.get('end_verbs') or spec.get('end') or ['retired'])})\b", re.I),
        re.compile(rf"\b(?:{alt(spec.get('titles') or ['mayor'])})\b", re.I),
    )


_TENURE_REACH = 6  # sentences between an office's length and the start told for it
_TENURE_AFTER = re.compile(r"\s+(?:in|as|at)\s+(?:[\w'’-]+\s+){0,4}?[\w'’-]+", re.I)
"""After an office's length: '15 years in the job', '12 years as mayor', 'seven years at the helm'."""
_TENURE_BEFORE = re.compile(
    r"\bas\s+(?:(?:the|its|their|his|her)\s+)?(?:[\w'’-]+['’]s?\s+)?(?:[a-z-]+\s+)?[a-z-]+\s+(?:for\s+)?"
    r"(?:(?:about|nearly|almost|more\s+than|over|some)\s+)?$",
    re.I,
)
"""Before it: 'served as the club's treasurer for '."""


def _tenure_spans(ex: Extraction, c: Claim, sent: Sentence) -> list[tuple[DateExpr, DateExpr]]:
    """An office's length and its one start told in another sentence ('after 15 years in the
    job' … 'Dorrit, 61, took over in April 2014'): to the end its own sentence gives ('will step
    down … in April 2026'), else to the article date. A titled length ('12 years as mayor')
    takes only a start of that title ('first elected mayor in 2019'); a re-election or a second
    term is no start, and two different starts leave the length unchecked."""
    first, later, end_verbs, titles = _tenure_words()
    text = ex.document.text
    after = _TENURE_AFTER.match(text, c.end, min(sent.end, c.end + 60))
    before = _TENURE_BEFORE.search(_clause_before(text, c.start, 80))
    if after is None and before is None:
        return []  # 'her new four-year term': the length of a term, not of the time in office
    phrase = after.group(0) if after else before.group(0) if before else ""
    own = titles.search(phrase)
    title = own.group(0).lower() if own else None
    starts: list[DateExpr] = []
    for d in ex.dates:
        if d.kind not in ("year", "month", "date") or d.low is None or d.high is None:
            continue
        at = ex.sentence_at(d.start)
        if at is None or at.index == sent.index or abs(at.index - sent.index) > _TENURE_REACH:
            continue
        clause = _clause_before(text, d.start, 90)
        m = first.search(clause)
        if m is None or later.search(clause):
            continue
        said = titles.search(clause)
        if title is not None and not (said and said.group(0).lower() == title):
            continue
        if title is None and said is None and m.group("gap").strip():
            continue  # 'took over the firm in 2015': a thing taken over, not an office
        starts.append(d)
    if len({(d.low, d.high) for d in starts}) != 1:
        return []
    start = starts[0]
    dated = [d for d in ex.dates if sent.start <= d.start < sent.end and d.kind in ("year", "month", "date")
             and d.low is not None]
    ends = [d for d in dated if end_verbs.search(_clause_before(text, d.start, 80))]
    if ends:
        return [(start, ends[0])]
    ref = ex.reference_date
    if dated or ref is None or start.low is None or start.low > ref:
        return []
    return [(start, DateExpr("the article date", 0, 0, "date", ref.isoformat(), ref, ref))]


@lexicon.derived
def _history_cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the length of a thing's life told before its figure, the length of someone's running
    it), from the time lexicon's history frame."""
    spec = _span_frame("history")
    alt = lexicon.alternation
    qual = r"(?:(?:more\s+than|almost|nearly|about|some|over)\s+)?"
    closing = re.compile(
        rf"(?:\b(?:{alt(spec.get('ending_words') or ['ending'])})\s+{qual}$"
        rf"|\b(?:{alt(spec.get('closing_words') or ['closed'])})\b[^.;]{{0,40}}?\bafter\s+{qual}$)",
        re.I,
    )
    running = re.compile(
        rf"\b(?:{alt(spec.get('running_verbs') or ['has run'])})\b[^.;]{{0,60}}?\bfor\s+{qual}$", re.I
    )
    return closing, running


_AS_A_STATE = re.compile(r"\s+as\s+(?:a|an|the)?\s*[a-z]", re.I)


def _history_length(before: str) -> tuple[str | None, str | None]:
    """A thing's life told by its end ('will stage its final performance on Saturday, ending 45
    years', 'closed on Friday after 45 years') or by someone's running it ('Pauline Grey has
    run the bakery for 30 years'): the history frame, and the runner's name for the second,
    whose own start must be the one compared."""
    closing, running = _history_cues()
    tail = before[-160:]
    if closing.search(tail):
        return "history", None
    m = running.search(tail)
    if m:
        who = re.findall(r"\b[A-Z][a-z][\w'’-]+", tail[: m.start()])
        return ("history", who[-1]) if who else (None, None)
    return None, None


def _start_names(ex: Extraction, start: DateExpr, name: str) -> bool:
    """Whether the clause of a history's start names the person ('Grey, who opened the bakery
    in 2001')."""
    sent = ex.sentence_at(start.start)
    return sent is not None and re.search(rf"\b{re.escape(name)}\b", sent.text[: start.start - sent.start]) is not None


def _told_of_another_time(c: Claim, start: DateExpr) -> bool:
    """A length whose clause is dated a year or more before the frame's start ('the longest
    stoppage since 1989, when a dispute lasted 23 days') is another instance's."""
    return bool(
        c.as_of_text and c.as_of_high and start.low and (start.low - c.as_of_high).days > 365
    )


class Duration(CheckKind):
    name = "duration"
    summary = (
        "a duration that disagrees with the dates it spans ('a strike that began on 4 November' … 'the 12-day walkout')"
    )
    parameters: ClassVar[Params] = {"slack_days": (NUMBER, 1)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        cache: dict[str, list[tuple[DateExpr, DateExpr]]] = {}
        for it in ctx.items:
            c, sent = it.claim, it.sentence
            if c.kind != "duration" or c.unit not in _DAYS_PER:
                continue
            frame = frame_of(sent.text[c.end - sent.start :], c.lemma)
            frame = frame or frame_before(sent.text[: c.start - sent.start])
            held_by = None
            if frame is None and not _AS_A_STATE.match(sent.text, c.end - sent.start):
                # ('ending 38 years as a listed company' is the length of a state, not of a life)
                frame, held_by = _history_length(sent.text[: c.start - sent.start])
            spans = cache.setdefault(frame, _frame_spans(ctx.ex, frame)) if frame else []
            if held_by is not None:  # 'Pauline Grey has run the bakery for 30 years': her own start
                spans = [(s, e) for s, e in spans if _start_names(ctx.ex, s, held_by)]
            if not spans and frame == "tenure":
                spans = _tenure_spans(ctx.ex, c, sent)
            if not spans:
                if ctx.trace is not None:
                    why = f"no start and end dates of the {frame}" if frame else "not the length of a dated event"
                    ctx.trace.stop("missing", why, it.mark())
                continue
            spans = [(s, e) for s, e in spans if not _told_of_another_time(c, s)]
            if not spans:
                if ctx.trace is not None:
                    ctx.trace.stop("different-entity", f"told of another {frame} ('since 1989, when a dispute lasted')",
                                   it.mark())
                continue
            lo, hi = _claim_days(c)
            slack = ctx.params["slack_days"]
            fits = [_span_days(s, e) for s, e in spans]
            if any(a - slack <= hi and lo <= b + slack for a, b in fits):
                if ctx.trace is not None:
                    start, end = spans[0]
                    detail = f"{start.text} to {end.text} is {fits[0][0]}-{fits[0][1]} days; {c.text} allows it"
                    marks = [it.mark(), _date_mark(ctx.ex, start)] + ([_date_mark(ctx.ex, end)] if end.end else [])
                    ctx.trace.stop("tolerance", detail, *marks)
                continue
            start, end = spans[0]
            related = [_date_mark(ctx.ex, start, "the start")]
            if end.end:
                related.append(_date_mark(ctx.ex, end, "the end"))
            days = fits[0][0]
            actual = f"{days} days" if c.unit in ("day", "week") else f"about {days / _DAYS_PER[c.unit]:.0f} {c.unit}s"
            yield Hit(it.mark(), related, a=c, fields={"start": start.text, "end": end.text, "actual": actual})


_MINUTES = {"hour": 60.0, "minute": 1.0}


_ANCHOR = re.compile(r"\s+(?:after|before|since)\s+(?:the|a|an|its|his|her|their|it|he|she|they|we|I)\b", re.I)


_CLAUSE_STOP = re.compile(r"[,;!?\n]|\.(?!m\.)(?<!\ba\.)(?<!\bp\.)|\s+and\s+")
"""The end of a clause: punctuation (not the dots of 'a.m.'), or 'and' before a clause of its own
('closed for nine hours after the crash and reopened at 12:30 a.m.')."""
_ANCHOR_WORD = re.compile(r"[^\W\d][\w'’-]{3,}")


def _anchor(ex: Extraction, end: int, times: list[DateExpr]) -> tuple[bool, DateExpr | None]:
    """The event a duration is measured from ('an hour and 40 minutes after the fault was
    found'): (anchored, its time). A time in the anchor's own clause is the other end; so is
    the time the story gives that event elsewhere ('stopped near Kolberg at 23:50' … '7 hours
    25 minutes after it stopped'), found by the anchor's words before a time in its clause.
    Anchored with no time: no written time is the duration's other end."""
    text = ex.document.text
    m = _ANCHOR.match(text, end)
    if m is None:
        return False, None
    stop = _CLAUSE_STOP.search(text, m.end(), m.end() + 120)
    clause_end = stop.start() if stop else m.end() + 120
    if any(m.end() <= t.start < clause_end for t in times):
        return False, None
    lemma = frame_lexicon().lemma
    words = {lemma(w.lower()) for w in _ANCHOR_WORD.findall(text, m.end(), clause_end)[:4]} - _ANCHOR_STOP
    told = [
        t for t in times
        if t.start < m.start()
        and words & {lemma(w.lower()) for w in _ANCHOR_WORD.findall(_clause_before(text, t.start, 60))}
    ]
    return True, (told[-1] if len(told) == 1 else None)


_ANCHOR_STOP = frozenset("that this with from were was been have has had they them their then when where".split())


def _clause_before(text: str, at: int, n: int) -> str:
    """The text of a clause before a position, at most n characters."""
    lo = max(0, at - n)
    stops = list(_CLAUSE_STOP.finditer(text, lo, at))
    return text[stops[-1].end() if stops else lo : at]


_WORDED_HOUR = re.compile(r"\b(?:an|one)\s+hour\s+(?:and\s+)?$", re.I)


def _spoken(items: list[Item]) -> list[tuple[Item, Item, float, float]]:
    """Written durations in minutes as (first, last, low, high): '2 hours and 45 minutes' and
    '2h 45m' are one; the interval carries the qualifier and the rounding of the wording
    (whole hours 15 min, half hours 10, minutes 3)."""
    spans = [it for it in items if it.claim.kind == "duration" and it.claim.unit in _MINUTES]
    out: list[tuple[Item, Item, float, float]] = []
    i = 0
    while i < len(spans):
        first = last = spans[i]
        total = first.claim.value * _MINUTES[first.claim.unit]
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        sent = first.sentence.text
        if (
            nxt is not None
            and first.claim.unit == "hour"
            and nxt.claim.unit == "minute"
            and nxt.claim.sentence == first.claim.sentence
            and re.fullmatch(
                r"\s*(?:,|and|,\s*and)?\s*",
                sent[first.claim.end - first.sentence.start : nxt.claim.start - first.sentence.start],
            )
        ):
            last, total, i = nxt, total + nxt.claim.value, i + 1
        i += 1
        c = first.claim
        before = sent[: c.start - first.sentence.start]
        if c.unit == "minute" and _WORDED_HOUR.search(before):
            total += 60  # 'an hour and 40 minutes': the hour is written as a word, not a figure
        slack = 3.0 if last is not first or c.unit == "minute" else (10.0 if c.value % 1 else 15.0)
        extra = total - c.value * _MINUTES[c.unit]
        if c.qualifier == "lower":
            low, high = total - 3, total * 1.5 + 60
        elif c.qualifier == "upper":
            low, high = total * 0.5, total + 3
        elif c.qualifier == "approx" and c.high == c.value:  # "almost five hours": a bit under
            low, high = c.low * _MINUTES[c.unit] + extra - slack, total + 3
        else:
            low = c.low * _MINUTES[c.unit] + extra - slack
            high = (c.high if math.isfinite(c.high) else c.value) * _MINUTES[c.unit] + extra + slack
        out.append((first, last, low, high))
    return out


_TWENTY_FOUR = re.compile(r"(?:0\d|1[3-9]|2[0-3])[:.h]?[0-5]\d")


def _clock_values(d: DateExpr, twenty_four: bool = False) -> list[int]:
    """Minutes after midnight; '3:15' written without a.m./p.m. may be either, unless the
    article keeps a 24-hour clock ('06:40', '17:05'), where '11:15' is 11:15."""
    hours, _, minutes = (d.value or "0").partition(":")
    value = int(hours) * 60 + int(minutes or 0)
    ambiguous = not twenty_four and re.fullmatch(r"[1-9]:\d\d|1[0-2]:\d\d", d.text.strip()) is not None
    return [value, value + 720] if ambiguous else [value]


@lexicon.derived
def _shift_after() -> re.Pattern[str]:
    """Words after a duration that make it a shift from a schedule the text does not give
    ('open two hours early, at 7am', 'ran 40 minutes late'), not the gap between two times."""
    alt = lexicon.alternation(lexicon.load("time").get("clock_shift_after"))
    return re.compile(rf"\s*(?:{alt})\b", re.I)  # used with .match(text, pos): anchored at pos


@lexicon.derived
def _frequency_before() -> re.Pattern[str]:
    """Words before a duration that make it a frequency ('every 15 minutes'), not a gap."""
    alt = lexicon.alternation(lexicon.load("time").get("clock_frequency_before"))
    return re.compile(rf"(?<![\w-])(?:{alt})\s+(?:about\s+|some\s+)?$", re.I)


@lexicon.derived
def _other_clause_words() -> re.Pattern[str]:
    """', where …', ', when …' (time lexicon `clock_other_clause`): a clause of its own."""
    alt = lexicon.alternation(lexicon.load("time").get("clock_other_clause"))
    return re.compile(rf",\s+(?:{alt})(?![\w-])", re.I)


def _other_clause(text: str, span: tuple[int, int], a: DateExpr, b: DateExpr) -> bool:
    """A time told in a clause of its own after the duration ('took about two hours to cover
    the route to the square, where speakers addressed the crowd until 2.30pm'): that clause's
    time is of another event than the one the duration measures."""
    words = _other_clause_words()
    return any(t.start > span[1] and words.search(text, span[1], t.start) is not None for t in (a, b))


def _day_of(ex: Extraction, t: DateExpr) -> dt.date | None:
    """The day written just after a time ('6am on Saturday', '9pm on Sunday 4 May')."""
    for d in ex.dates:
        if d.kind in ("weekday", "date") and 0 <= d.start - t.end <= 12 and d.low is not None and d.low == d.high:
            return d.low
    return None


def _a_day_or_more(ex: Extraction, a: DateExpr, b: DateExpr) -> bool:
    """Two times with their days written ('from 6am on Saturday until 9pm on Sunday') that lie
    a day or more apart: no clock reading can check a duration between them. ('9.40pm on
    Monday … 2.10am on Tuesday' is four and a half hours, and is checked.)"""
    da, db = _day_of(ex, a), _day_of(ex, b)
    if da is None or db is None or da == db:
        return False
    first, second = (a, b) if (da, a.start) < (db, b.start) else (b, a)
    days = abs((db - da).days)
    return days >= 2 or _minutes(second) >= _minutes(first)


def _minutes(t: DateExpr) -> int:
    hours, _, minutes = (t.value or "0").partition(":")
    return int(hours) * 60 + int(minutes or 0)


def _same_paragraph(ex: Extraction, a: int, b: int) -> bool:
    lo, hi = sorted((a, b))
    if lo < 0 or hi >= len(ex.sentences):
        return False
    return not re.search(r"\n\s*\n", ex.document.text[ex.sentences[lo].start : ex.sentences[hi].end])


_SPLIT_OR_NAME = re.compile(r"\.\d|\s+(?:from|to|service|train|departure|arrival)\b", re.I)


def _not_a_time_of_day(text: str, d: DateExpr) -> bool:
    """A race split ('2:42.6', '15:02.18') or a service named by its time ('the 6.02am from
    Wexham'): digits that read as a clock but are not a moment of the story."""
    if re.match(r"\.\d", text[d.end : d.end + 2]):
        return True
    return bool(re.search(r"\bthe\s+$", text[max(0, d.start - 5) : d.start], re.I)) and bool(
        _SPLIT_OR_NAME.match(text, d.end)
    )


_COMPARED_DURATION = re.compile(
    r"\b(?:compared\s+(?:with|to)|than|against|versus|vs\.?)\s+(?:[^,;.\d]{0,40}\s)?$", re.I
)
"""Before a duration that is the base of a comparison: 'compared with a fastest time of '."""
_TIME_LIST_GAP = re.compile(r"\s*(?:,|,?\s+and|,?\s+then)\s+(?:at\s+)?")


def _not_timetable(text: str, ts: list[DateExpr]) -> list[DateExpr]:
    """A sentence's times without those of a list of three or more ('will leave at 22:00, 22:40,
    23:20 and 00:05'): a timetable's departures, not the start and end of one event."""
    drop: set[int] = set()
    run = [0] if ts else []
    for k in range(1, len(ts) + 1):
        if k < len(ts) and _TIME_LIST_GAP.fullmatch(text, ts[k - 1].end, ts[k].start):
            run.append(k)
            continue
        if len(run) >= 3:
            drop.update(run)
        run = [k]
    return [t for k, t in enumerate(ts) if k not in drop]


@lexicon.derived
def _delay_words() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(before a delay, after a delay, before a scheduled time), from the time lexicon."""
    data = lexicon.load("time")
    alt = lexicon.alternation
    return (
        re.compile(
            rf"\b(?:{alt(data.get('delay_before') or ['delayed by'])})\s+"
            r"(?:more\s+than\s+|almost\s+|nearly\s+|about\s+)?$",
            re.I,
        ),
        re.compile(rf"\s*(?:{alt(data.get('delay_after') or ['late'])})\b", re.I),
        re.compile(rf"\b(?:{alt(data.get('scheduled_before') or ['due'])})\b[^.;]{{0,30}}$", re.I),
    )


def _delay_pair(ex: Extraction, group: list[Item], times: dict[int, list[DateExpr]], index: int
                ) -> tuple[DateExpr, DateExpr] | None:
    """A delay told in a sentence with no time of its own ('their flight was delayed by more
    than seven hours') and, in one of the next two sentences, the time it was due and the
    time it went ('was due to leave at 9.15pm … but did not depart until 2.40am'): the pair
    the delay is the gap between."""
    before, after, scheduled = _delay_words()
    text = ex.document.text
    if not any(
        it.claim.kind == "duration" and it.claim.unit in _MINUTES
        and (before.search(text, max(0, it.claim.start - 30), it.claim.start)
             or after.match(text, it.claim.end, it.claim.end + 30))
        for it in group
    ):
        return None
    for j in (index + 1, index + 2):
        found = times.get(j, [])
        due = [t for t in found if scheduled.search(text, max(ex.sentences[j].start, t.start - 40), t.start)]
        if len(found) == 2 and len(due) == 1 and due[0] is found[0]:
            return found[0], found[1]
    return None


def _time_before_later(ex: Extraction, group: list[Item], times: dict[int, list[DateExpr]], index: int,
                       own: DateExpr) -> list[DateExpr]:
    """'Services resumed at 14:55, almost eleven hours later': the other end is the last time
    told before, in one of the two sentences before (a paragraph break between them too)."""
    text = ex.document.text
    later = [it for it in group if it.claim.kind == "duration" and re.match(r"\s+later\b", text[it.claim.end :])]
    if not later or own.start > later[0].claim.start:
        return []
    for j in (index - 1, index - 2):
        if times.get(j):
            return [times[j][-1]]
    return []


class Clock(CheckKind):
    name = "clock"
    summary = "a start time plus a duration that does not give the end time stated"
    parameters: ClassVar[Params] = {"tolerance_minutes": (NUMBER, 0)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        times: dict[int, list[DateExpr]] = {}
        text = ctx.ex.document.text
        for d in ctx.ex.dates:
            sent = ctx.ex.sentence_at(d.start)
            if d.kind == "time" and d.value and sent is not None and not _not_a_time_of_day(text, d):
                times.setdefault(sent.index, []).append(d)
        twenty_four = any(_TWENTY_FOUR.fullmatch(t.text.strip()) for ts in times.values() for t in ts)
        times = {i: ts for i, ts in ((i, _not_timetable(text, ts)) for i, ts in times.items()) if ts}
        shifted = _shift_after()
        for index, group in sorted(by_sentence(ctx.items).items()):
            own = times.get(index, [])
            if not own:
                delayed = _delay_pair(ctx.ex, group, times, index)
                if delayed is None:
                    continue
                own = list(delayed)  # 'delayed by more than seven hours' … 'due to leave at 9.15pm … until 2.40am'
            near = [  # a sentence that gives two times of its own measures its own gap
                t for j in (index - 1, index + 1) if j in times and _same_paragraph(ctx.ex, index, j) for t in times[j]
            ] if len(own) < 2 else []
            if len(own) == 1 and not near:
                near = _time_before_later(ctx.ex, group, times, index, own[0])
            pairs = [
                (a, b) for a in own for b in own + near
                if a is not b and a.value != b.value and not _a_day_or_more(ctx.ex, a, b)
            ]
            frequency = _frequency_before()
            for first, last, low, high in _spoken(group) if pairs else []:
                span = (first.claim.start, last.claim.end)
                pairs_here = [(a, b) for a, b in pairs if not _other_clause(ctx.ex.document.text, span, a, b)]
                if not pairs_here:
                    continue
                if shifted.match(ctx.ex.document.text, last.claim.end, last.claim.end + 40):
                    continue  # 'two hours early': a shift from an unwritten schedule
                if frequency.search(ctx.ex.document.text, max(0, first.claim.start - 20), first.claim.start):
                    continue  # 'every 15 minutes': how often, not how long
                if _COMPARED_DURATION.search(ctx.ex.document.text, max(0, first.claim.start - 60), first.claim.start):
                    continue  # 'compared with a fastest time of 3 hours 10 minutes now': another journey's
                if low >= 1440:
                    continue  # a day or more: the clock alone cannot tell it ('36 hours, from 8am on Thursday')
                anchored, anchor = _anchor(ctx.ex, last.claim.end, own + near)
                if anchored and anchor is None:
                    continue  # "40 minutes after the fault was found": the fault's time is unwritten
                if anchor is not None:  # 'after it stopped': from the time the story gives the stop
                    pairs_here = [(a, b) for a, b in pairs_here if anchor in (a, b) and (a in own or b in own)]
                    if not pairs_here:
                        continue
                tol = ctx.params["tolerance_minutes"]
                gaps = [
                    ((y - x) * sign % 1440, a, b)
                    for a, b in pairs_here
                    for x in _clock_values(a, twenty_four)
                    for y in _clock_values(b, twenty_four)
                    for sign in (1, -1)  # '11:05, 2 hours after the 8:30 start' counts back
                ]
                if any(low - tol <= g <= high + tol for g, _, _ in gaps):
                    if ctx.trace is not None:
                        g, a, b = next(g for g in gaps if low - tol <= g[0] <= high + tol)
                        detail = f"{a.text} to {b.text} is {g // 60} h {g % 60:02d} min, within the duration written"
                        marks = (Mark(ctx.ex, first.claim.start, last.claim.end), _date_mark(ctx.ex, a),
                                 _date_mark(ctx.ex, b))
                        ctx.trace.stop("tolerance", detail, *marks)
                    continue
                gap, a, b = min(gaps, key=lambda g: abs(g[0] - (low + high) / 2))
                a, b = sorted((a, b), key=lambda d: d.start)
                gap = min(gap, 1440 - gap)  # the message gives the shorter way round the clock
                yield Hit(
                    Mark(ctx.ex, first.claim.start, last.claim.end),
                    [_date_mark(ctx.ex, a, "one time"), _date_mark(ctx.ex, b, "the other time")],
                    a=first.claim,
                    fields={
                        "start": a.text,
                        "end": b.text,
                        "written": ctx.ex.document.text[first.claim.start : last.claim.end],
                        "actual": f"{gap // 60} h {gap % 60:02d} min" if gap % 60 else f"{gap // 60} hours",
                    },
                )


@lexicon.derived
def _comparison_base() -> re.Pattern[str]:
    """Words before a relative year that make it the base of a comparison ('rose 4.1 pct from
    a year earlier', 'up 3% on a year ago'), not the year the sentence tells of."""
    alt = lexicon.alternation(lexicon.load("time").get("comparison_before"))
    return re.compile(rf"\b(?:{alt})\s+$", re.I)


_ASIDE_BEFORE = re.compile(r",[^,.;:]{1,40}$")


def _aside(x: DateExpr, text: str) -> bool:
    """A year set off by commas inside a sentence ('The show, first held in 1874, featured …'):
    a fact about the thing, not the time the passage tells of."""
    return text[x.end : x.end + 1] == "," and bool(_ASIDE_BEFORE.search(text[max(0, x.start - 40) : x.start]))


def _story_year(dates: list[DateExpr], d: DateExpr, sent: Sentence, reach: int = 1500, text: str = "") -> int:
    """The year the text last named before a yearless date (within `reach` characters), or a
    whole year named in its sentence ('last year on 20 October'), unless that year is the base
    of a comparison ('from a year earlier')."""
    written = ("date", "month", "year", "period")  # not 'four days earlier': that is counted from the article
    base = _comparison_base()
    years = [
        x.low.year
        for x in dates
        if x.low
        and x.high
        and (
            (x.kind in written and x.year_given and d.start - reach <= x.end <= d.start and not _aside(x, text))
            or (
                x.kind == "relative"
                and sent.start <= x.start < sent.end
                and (x.high - x.low).days >= 364
                and not base.search(sent.text[: x.start - sent.start])
            )
        )
    ]
    return years[-1] if years else 9999


def _counts_in(ex: Extraction, sent: Sentence) -> bool:
    """The sentence gives a figure (a count, a sum, a measure or a share), not only dates."""
    return any(c.sentence == sent.index and c.kind in ("count", "money", "measure", "percent") for c in ex.claims)


@lexicon.derived
def _retelling() -> re.Pattern[str]:
    """'the court heard': a sentence that retells earlier events, of any earlier year."""
    alt = lexicon.alternation(lexicon.load("time").get("retelling_phrases"))
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.I)


def _told_dates(ex: Extraction) -> Iterator[tuple[Sentence, DateExpr, tuple[int, int], list[tuple[int, int]]]]:
    """Each date outside quotes and correction notices, with its span and its sentence's
    other date spans (sentence offsets), leaving out the bases of comparisons."""
    skip = correction_sentences(ex)
    quotes = document_quotes(ex.document)
    by_sent: dict[int, list[DateExpr]] = {}
    for d in ex.dates:
        sent = ex.sentence_at(d.start)
        if sent is not None and sent.index not in skip and not any(s <= d.start < e for s, e in quotes):
            by_sent.setdefault(sent.index, []).append(d)
    base = _comparison_base()
    for index, dates in sorted(by_sent.items()):
        sent = ex.sentences[index]
        spans = [(d.start - sent.start, d.end - sent.start) for d in dates]
        told = [  # 'from a year earlier' is a comparison's base: it takes no verb from the date before it
            x
            for d, x in zip(dates, spans, strict=True)
            if not (d.kind == "relative" and base.search(sent.text[: x[0]]))
        ]
        for d, span in zip(dates, spans, strict=True):
            yield sent, d, span, [x for x in told if x != span]


class FuturePast(CheckKind):
    name = "future-past"
    summary = "an event told in the past tense on a date after the article's own date"
    parameters: ClassVar[Params] = {
        "min_days": (INTEGER, 1),
        "yearless_max_days": (INTEGER, 45),
        "yearless_month_max_days": (INTEGER, 31),
        "yearless_period_max_days": (INTEGER, 100),
    }

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        ref = ctx.ex.reference_date
        trace = ctx.trace
        for sent, d, (s, e), others in _told_dates(ctx.ex) if ref else ():
            ahead = (d.low - ref).days if d.low else 0
            if d.kind not in ("date", "month", "year") or ahead < ctx.params["min_days"]:
                continue  # not after the article's date: nothing to say (not traced, it is every date)
            # a yearless date up to six weeks ahead, or next month ('shipped 1.01 mln tons in June' in a
            # May story), is this year's; further ahead it is last year's
            limit = ctx.params["yearless_month_max_days" if d.kind == "month" else "yearless_max_days"]
            if d.kind == "date" and ends_period(sent.text[:s]):  # 'the three months to September 30, rose'
                limit = ctx.params["yearless_period_max_days"]
            far = ahead > limit
            story_year = _story_year(ctx.ex.dates, d, sent, text=ctx.ex.document.text) if not d.year_given else 0
            retold = not d.year_given and _retelling().search(sent.text)  # 'the court heard'
            if d.kind == "month" and not d.year_given and not _counts_in(ctx.ex, sent):
                retold = True  # a bare month is a figure's period ('1.01 mln tons in June'), else a story's past
            if not d.year_given and (d.kind not in ("date", "month") or far or retold or story_year < ref.year):
                if trace is not None:
                    trace.stop("other-year", "a date without a year, far ahead or after a passage about another year",
                               _date_mark(ctx.ex, d))
                continue  # a yearless date far ahead, or after a passage about 2005, is another year's
            if d.kind == "year" and not re.search(r"\b(?:in|during)\s+$", sent.text[:s]):
                if trace is not None:
                    trace.stop("not-past", "a bare year is a name or a target ('by 2029') unless 'in 2029'",
                               _date_mark(ctx.ex, d))
                continue  # a bare year is a name or a target ('the 2029 notes', 'by 2029') unless 'in 2029'
            if past_event_clause(sent.text, s, e, others):
                fields = {"text": d.text, "date": d.value, "article_date": ref.isoformat()}
                yield Hit(_date_mark(ctx.ex, d), fields=fields)
            elif trace is not None:
                trace.stop("not-past", f"{ahead} days after the article, but not told as past", _date_mark(ctx.ex, d))


__all__ = ["Clock", "Duration", "FuturePast", "ImpossibleDate", "Weekday"]
