"""Checks against the calendar and the clock: weekday and date, ages and birth years, a
duration and its dates, clock arithmetic, a past-tense figure dated after the article."""

from __future__ import annotations

import calendar as cal
import datetime as dt
import re
from collections.abc import Iterable
from typing import ClassVar

from consistency.extract.dates import DateExpr
from consistency.extract.pipeline import Extraction
from consistency.rules.checks.base import (
    INTEGER,
    NUMBER,
    STRINGS,
    ArticleContext,
    CheckKind,
    CorpusContext,
    Hit,
    Item,
    Mark,
    Params,
    as_of_expr,
    by_sentence,
    dated_events,
    is_update,
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
            if d.low.weekday() != d.weekday:
                yield Hit(
                    _date_mark(ctx.ex, d),
                    fields={
                        "written": cal.day_name[d.weekday],
                        "actual": cal.day_name[d.low.weekday()],
                        "date": d.low.isoformat(),
                        "text": d.text,
                    },
                )


_NOT_NAME = frozenset("The A An In On At By Of For It Its He She They His Her Born Aged Age When".split())
_TITLES = frozenset(
    "Mr Mrs Ms Miss Dr Prof Sir Dame Lord Lady Judge Justice President Senator Sen Rep Governor Gov "
    "Mayor Minister Chancellor Captain Capt General Gen Colonel Col Officer Detective Sergeant Sgt "
    "Father Sister Brother Rev Coach Chief".split()
)


def person(item: Item) -> str | None:
    """The surname an age belongs to: 'Jane Smith, 45,' or 'Smith, who is 45' -> 'Smith'."""
    head = item.sentence.text[: item.claim.start - item.sentence.start]
    m = re.search(r"([A-Z][a-z]+(?:[\s\-][A-Z][a-z]+)*)\s*,\s*(?:who\s+is\s+|aged\s+)?$", head)
    if m is None:
        m = re.search(r"([A-Z][a-z]+(?:[\s\-][A-Z][a-z]+)*)(?:\s+\(|\s+is\s+|\s+was\s+|\s+turned\s+|\s+aged\s+)$", head)
    if m is None:
        return None
    words = [w for w in re.split(r"[\s\-]", m.group(1)) if w not in _NOT_NAME]
    return words[-1] if words else None


def _ambiguous_surnames(items: list[Item]) -> set[str]:
    """Surnames two people of a document share ('Drew Peterson', 'Stacy Peterson')."""
    firsts: dict[str, set[str]] = {}
    texts = {id(it.ex): it.ex.document.text for it in items}
    for text in texts.values():
        for m in re.finditer(r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+)\b", text):
            if m.group(1) not in _NOT_NAME and m.group(1) not in _TITLES:
                firsts.setdefault(m.group(2), set()).add(m.group(1))
    return {surname for surname, names in firsts.items() if len(names) > 1}


def _ages(items: list[Item]) -> list[tuple[str, Item]]:
    out = []
    ambiguous = _ambiguous_surnames(items)
    for it in items:
        if it.claim.kind == "age" and it.claim.unit == "year" and it.claim.qualifier is None:
            who = person(it)
            if who and who not in ambiguous:
                out.append((who, it))
    return out


def _age_date(it: Item, ref: dt.date | None) -> dt.date | None:
    """When the age was true: the sentence's own date unless that is a birth date."""
    c = it.claim
    if c.as_of_text and c.as_of_low and not re.search(r"\bborn\b", it.sentence.text, re.I):
        return c.as_of_high
    return ref


def _birth_years(ex: Extraction) -> dict[str, DateExpr]:
    """Surname -> 'born in 1975' date for people whose birth is given."""
    out: dict[str, DateExpr] = {}
    for e in dated_events(ex):
        if e.event == "born" and e.name:
            out.setdefault(e.name, e.date)
    return out


class Age(CheckKind):
    name = "age"
    summary = "ages of one person that disagree, or an age that does not fit a birth year"
    parameters: ClassVar[Params] = {"tolerance_years": (INTEGER, 0)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        ref = ctx.ex.reference_date
        ages = _ages(ctx.items)
        tol = ctx.params["tolerance_years"]
        first: dict[str, Item] = {}
        for who, b in ages:  # each later age against the person's first mention: linear
            a = first.setdefault(who, b)
            if a is not b:
                if is_update(b):
                    continue
                da, db = _age_date(a, ref), _age_date(b, ref)
                gap = abs((db - da).days) / 365.25 if da and db else 0.0
                if abs(a.claim.value - b.claim.value) > gap + 1 + tol:
                    line = a.ex.document.position(a.claim.start)[0]
                    yield Hit(
                        b.mark(),
                        [a.mark("the other age")],
                        a=b.claim,
                        b=a.claim,
                        fields={"person": who, "detail": f"{a.claim.text} at line {line}"},
                    )
        births = _birth_years(ctx.ex)
        for who, it in ages:
            if who not in births:
                continue
            born = births[who]
            when = _age_date(it, ref)
            if when is None or born.low is None or born.high is None:
                continue
            oldest = _years_between(born.low, when)
            youngest = _years_between(born.high, when)
            if not youngest - tol <= it.claim.value <= oldest + tol:
                yield Hit(
                    it.mark(),
                    [_date_mark(ctx.ex, born, "the birth date")],
                    a=it.claim,
                    fields={
                        "person": who,
                        "detail": f"born {born.text} (expected "
                        f"{youngest if youngest == oldest else f'{youngest} or {oldest}'})",
                    },
                )


def _years_between(born: dt.date, when: dt.date) -> int:
    years = when.year - born.year
    if (when.month, when.day) < (born.month, born.day):
        years -= 1
    return years


class AgeDrift(CheckKind):
    name = "age-drift"
    summary = "a person's age that moves faster (or slower) than the calendar between articles"
    scopes = ("corpus",)
    parameters: ClassVar[Params] = {"tolerance_years": (INTEGER, 0)}

    def run_corpus(self, ctx: CorpusContext) -> Iterable[Hit]:
        ages = _ages(ctx.items)
        for i, (who, a) in enumerate(ages):
            for who_b, b in ages[i + 1 :]:
                if who != who_b or a.ex is b.ex:
                    continue
                da, db = _age_date(a, a.ex.reference_date), _age_date(b, b.ex.reference_date)
                if da is None or db is None:
                    continue
                if db < da:
                    a, b, da, db = b, a, db, da
                years = (db - da).days / 365.25
                moved = b.claim.value - a.claim.value
                if (
                    moved > years + 1 + ctx.params["tolerance_years"]
                    or moved < years - 1 - ctx.params["tolerance_years"]
                ):
                    yield Hit(
                        b.mark(),
                        [a.mark("the earlier age")],
                        a=b.claim,
                        b=a.claim,
                        fields={"person": who, "moved": round(moved), "days": (db - da).days},
                    )


_START_EVENTS = frozenset({"founded", "opened", "built", "began", "since"})
_SPAN_NOUNS = frozenset("history existence anniversary lifetime life run tenure reign career span".split())


class Duration(CheckKind):
    name = "duration"
    summary = "a duration that disagrees with the dates it spans ('founded in 2001 … its 30-year history')"
    parameters: ClassVar[Params] = {"tolerance_years": (INTEGER, 1), "nouns": (STRINGS, sorted(_SPAN_NOUNS))}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        ref = ctx.ex.reference_date
        if ref is None:
            return
        starts = self._start_years(ctx.ex)
        if len({y for y, _ in starts}) != 1:
            return  # no start year, or several: nothing to hold the duration against
        year, d = starts[0]
        nouns = set(ctx.params["nouns"])
        for it in ctx.items:
            c = it.claim
            if c.kind != "duration" or c.unit != "year" or c.lemma not in nouns or c.qualifier:
                continue
            expected = ref.year - year
            if abs(c.value - expected) > ctx.params["tolerance_years"]:
                yield Hit(
                    it.mark(),
                    [_date_mark(ctx.ex, d, "the start year")],
                    a=c,
                    fields={"expected": expected, "start_year": year},
                )

    @staticmethod
    def _start_years(ex: Extraction) -> list[tuple[int, DateExpr]]:
        return [
            (e.date.low.year, e.date)
            for e in dated_events(ex)
            if e.event in _START_EVENTS and e.date.kind == "year" and e.date.low
        ]


_HOURS = {"hour": 60.0, "minute": 1.0}


class Clock(CheckKind):
    name = "clock"
    summary = "a start time plus a duration that does not give the end time stated"
    parameters: ClassVar[Params] = {"tolerance_minutes": (NUMBER, 0)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        times_by_sentence: dict[int, list[DateExpr]] = {}
        for d in ctx.ex.dates:
            sent = ctx.ex.sentence_at(d.start)
            if d.kind == "time" and d.value and sent is not None:
                times_by_sentence.setdefault(sent.index, []).append(d)
        items_by_sentence = by_sentence(ctx.items)
        for index, times in sorted(times_by_sentence.items()):
            spans = [
                it
                for it in items_by_sentence.get(index, [])
                if it.claim.kind == "duration" and it.claim.unit in _HOURS and it.claim.qualifier is None
            ]
            if len(times) != 2 or len(spans) != 1:
                continue
            first, second = sorted(times, key=lambda d: d.start)
            span = spans[0]
            minutes = span.claim.value * _HOURS[span.claim.unit]
            gap = (_minutes(second.value) - _minutes(first.value)) % (24 * 60)
            if abs(gap - minutes) > ctx.params["tolerance_minutes"]:
                yield Hit(
                    span.mark(),
                    [_date_mark(ctx.ex, first, "start"), _date_mark(ctx.ex, second, "end")],
                    a=span.claim,
                    fields={
                        "start": first.text,
                        "end": second.text,
                        "actual": f"{int(gap // 60)} h {int(gap % 60):02d} min"
                        if gap % 60
                        else f"{int(gap // 60)} hours",
                    },
                )


def _minutes(value: str) -> float:
    hours, _, minutes = value.partition(":")
    return int(hours) * 60 + int(minutes or 0)


_PAST = re.compile(r"\b(?:was|were|had|did|said|\w{3,}ed)\b", re.I)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|expected|expects|plans?|planned|scheduled|due|forecasts?|forecast|"
    r"projected|projects|aims?|target(?:s|ed)?|could|may|might|set\s+to|going\s+to|hopes?|"
    r"estimated|predicted|intends?|next|until|through|upcoming|coming)\b",
    re.I,
)


class FuturePast(CheckKind):
    name = "future-past"
    summary = "a figure in the past tense dated after the article's own date"
    parameters: ClassVar[Params] = {"min_days": (INTEGER, 1), "yearless_max_days": (INTEGER, 31)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        ref = ctx.ex.reference_date
        if ref is None:
            return
        for it in ctx.items:
            c = it.claim
            d = as_of_expr(it)
            if d is None or d.low is None or d.kind not in ("date", "month", "year", "weekday"):
                continue  # "the following year", "the final quarter": relative to the story, not the article
            if (d.low - ref).days < ctx.params["min_days"]:
                continue
            if not d.year_given and (d.kind != "date" or (d.low - ref).days > ctx.params["yearless_max_days"]):
                continue  # a yearless date months ahead in a past-tense sentence is last year's
            text = it.sentence.text
            if _FUTURE.search(text) or not _PAST.search(text):
                continue
            yield Hit(it.mark(), [], a=c, fields={"as_of": c.as_of_low.isoformat(), "article_date": ref.isoformat()})


__all__ = ["Age", "AgeDrift", "Clock", "Duration", "FuturePast", "Weekday"]
