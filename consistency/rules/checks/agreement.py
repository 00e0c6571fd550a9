"""Checks that compare figures for the same thing: conflicting values, a cumulative count
that falls, one amount at two scales, a fixed fact that changes, an as-of date that lags."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import ClassVar

from consistency.extract.pipeline import Extraction
from consistency.rules.checks.base import (
    BOOLEAN,
    INTEGER,
    NUMBER,
    STRINGS,
    SYNONYMS,
    ArticleContext,
    CheckKind,
    CorpusContext,
    Hit,
    Item,
    Mark,
    Params,
    alias_map,
    as_of_expr,
    as_of_overlap,
    is_distributive,
    is_update,
    pairs,
    sentence_at,
    subject,
    subjects_differ,
)

_PAIR_ROLES = ("part", "change-from", "change-to")


def _comparable(item: Item) -> bool:
    c = item.claim
    return c.role not in _PAIR_ROLES and c.qualifier != "range" and not is_update(item) and not is_distributive(item)


def _later_lower(a: Item, b: Item, window: int) -> bool:
    """b is dated after a (within the window) and lower: a finished count cannot fall."""
    ca, cb = a.claim, b.claim
    if ca.as_of_high is None or cb.as_of_low is None or cb.as_of_low <= ca.as_of_high:
        return False
    return (cb.as_of_low - ca.as_of_high).days <= window and cb.high < ca.low


_DEFINITE = re.compile(
    r"\b(?:the|those|these|all|its|their|of\s+the)\s+(?:(?:total|entire|full|original|same)\s+)?$", re.I
)


def _points_back(a: Item, b: Item) -> bool:
    """The later figure points back at the earlier one: 'the 140 residents who were
    evacuated' is the same group whatever date its sentence carries."""
    later = b if (b.claim.start > a.claim.start) or (b.ex is not a.ex) else a
    head = later.sentence.text[: later.claim.start - later.sentence.start]
    return bool(_DEFINITE.search(head))


def _same_subject(a: Item, b: Item) -> bool:
    """Both figures have the same named subject. Without that or a pointer back, two counts
    with one noun and verb are as likely two groups ('12 arrested in Leeds … 3 in York')."""
    sa = subject(a)
    return bool(sa and sa == subject(b))


class Conflict(CheckKind):
    name = "conflict"
    summary = "the same measure at the same time with values that do not overlap"
    scopes = ("article", "corpus")
    parameters: ClassVar[Params] = {
        "window_days": (INTEGER, 0),
        "tolerance": (NUMBER, 0.0),
        "same_sentence": (BOOLEAN, False),
        "synonyms": (SYNONYMS, []),
        "require_reference": (BOOLEAN, False),
    }

    def _pairs(
        self, items: list[Item], keys: tuple[str, ...], params: dict, across: bool
    ) -> Iterator[tuple[Item, Item]]:
        tol = params["tolerance"]
        aliases = alias_map(params["synonyms"])
        for a, b in pairs([it for it in items if _comparable(it)], keys, aliases):
            if across and a.ex is b.ex:
                continue
            if "subject" in keys and subjects_differ(a, b):
                continue
            if not across and a.claim.sentence == b.claim.sentence and not params["same_sentence"]:
                continue
            definite = _points_back(a, b)
            if params["require_reference"] and not (definite or _same_subject(a, b)):
                continue
            ca, cb = a.claim, b.claim
            if ca.text == cb.text and ca.value == cb.value:
                continue
            spread = tol * max(abs(ca.value), abs(cb.value))
            if ca.low - spread <= cb.high and cb.low - spread <= ca.high:
                continue
            if "as_of" in keys and not as_of_overlap(ca, cb) and not (definite and params["require_reference"]):
                first, second = (a, b) if (ca.as_of_low or dt.date.min) <= (cb.as_of_low or dt.date.min) else (b, a)
                if not _later_lower(first, second, params["window_days"]):
                    continue
            yield a, b

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        for a, b in self._pairs(ctx.items, ctx.rule.match_on, ctx.params, across=False):
            first, second = sorted((a, b), key=lambda it: it.claim.start)
            yield Hit(second.mark(), [first.mark("the other figure")], a=second.claim, b=first.claim)

    def run_corpus(self, ctx: CorpusContext) -> Iterable[Hit]:
        order = {id(ex): i for i, ex in enumerate(ctx.documents)}
        for a, b in self._pairs(ctx.items, ctx.rule.match_on, ctx.params, across=True):
            first, second = sorted((a, b), key=lambda it: (order[id(it.ex)], it.claim.start))
            yield Hit(second.mark(), [first.mark("the other article's figure")], a=second.claim, b=first.claim)


_REVISION = re.compile(r"\b(?:revised|corrected|lowered|adjusted|recount(?:ed)?|reclassified|downgraded)\b", re.I)


class Monotonic(CheckKind):
    name = "monotonic"
    summary = "a cumulative count (death toll, cases, places taken) that falls as time goes on"
    scopes = ("article", "corpus")
    parameters: ClassVar[Params] = {"lemmas": (STRINGS, []), "synonyms": (SYNONYMS, [])}

    def _hits(self, items: list[Item], params: dict, keys: tuple[str, ...], across: bool) -> Iterator[Hit]:
        lemmas = set(params["lemmas"])
        chosen = [
            it
            for it in items
            if (not lemmas or it.claim.lemma in lemmas) and it.claim.role not in _PAIR_ROLES and not is_distributive(it)
        ]
        for a, b in pairs(chosen, keys, alias_map(params["synonyms"])):
            if across and a.ex is b.ex:
                continue
            ca, cb = a.claim, b.claim
            if None in (ca.as_of_low, ca.as_of_high, cb.as_of_low, cb.as_of_high):
                continue
            earlier, later = (
                (a, b) if ca.as_of_high < cb.as_of_low else (b, a) if cb.as_of_high < ca.as_of_low else (None, None)
            )
            if earlier is None or later is None:
                continue
            if later.claim.high < earlier.claim.low and not _REVISION.search(later.sentence.text):
                yield Hit(later.mark(), [earlier.mark("the earlier, higher figure")], a=later.claim, b=earlier.claim)

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        return self._hits(ctx.items, ctx.params, ctx.rule.match_on, across=False)

    def run_corpus(self, ctx: CorpusContext) -> Iterable[Hit]:
        return self._hits(ctx.items, ctx.params, ctx.rule.match_on, across=True)


_MANTISSA = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*-?\s*(thousand|million|billion|trillion|bn|mn|m|b|k|tn)\b", re.I)
_SCALE_WORD = {
    "thousand": 3,
    "k": 3,
    "million": 6,
    "mn": 6,
    "m": 6,
    "billion": 9,
    "bn": 9,
    "b": 9,
    "trillion": 12,
    "tn": 12,
}


class Scale(CheckKind):
    name = "scale"
    summary = "the same written amount at two scales ($3.1 billion … $3.1 million)"
    parameters: ClassVar[Params] = {"min_digits": (INTEGER, 2)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        found: dict[tuple[str, str], list[tuple[int, Item]]] = defaultdict(list)
        for it in ctx.items:
            m = _MANTISSA.search(it.claim.text)
            if not m:
                continue
            mantissa = m.group(1).replace(",", "")
            if len(mantissa.replace(".", "").strip("0")) < ctx.params["min_digits"]:
                continue  # "$1 million" and "$1 billion" are both common and distinct
            found[(it.claim.unit, mantissa)].append((_SCALE_WORD[m.group(2).lower()], it))
        for key in sorted(found):
            group = found[key]
            for i, (sa, a) in enumerate(group):
                for sb, b in group[i + 1 :]:
                    if sa != sb and a.claim.sentence != b.claim.sentence:
                        yield Hit(b.mark(), [a.mark("the same figure at another scale")], a=b.claim, b=a.claim)


_FACT = re.compile(
    r"\b(?P<event>founded|established|set\s+up|formed|incorporated|born|built|opened|launched|created)\s+"
    r"(?:in|on)\s+$",
    re.I,
)
_EVENT_NAMES = {
    "set up": "founded",
    "established": "founded",
    "formed": "founded",
    "incorporated": "founded",
    "created": "founded",
    "launched": "founded",
}


def fixed_facts(ex: Extraction) -> list[tuple[str, str | None, int, Mark]]:
    """(event, subject, year, mark) for 'founded in 2001', 'was born in 1975' and the like."""
    out = []
    for d in ex.dates:
        if d.low is None or d.kind not in ("year", "date", "month"):
            continue
        sent = sentence_at(ex, d.start)
        if sent is None:
            continue
        head = sent.text[: d.start - sent.start]
        m = _FACT.search(head[-40:])
        if not m:
            continue
        event = re.sub(r"\s+", " ", m.group("event").lower())
        event = _EVENT_NAMES.get(event, event)
        name = subject_of(head)
        out.append((event, name, d.low.year, Mark(ex, d.start, d.end)))
    return out


_PROPER = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_NOT_NAME = frozenset("The A An In On At By Of For It Its He She They Founded Born Built Opened Established".split())


def subject_of(head: str) -> str | None:
    names = [m.group(0) for m in _PROPER.finditer(head) if m.group(0).split()[0] not in _NOT_NAME]
    return names[-1].split()[-1] if names else None


class FixedFact(CheckKind):
    name = "fixed-fact"
    summary = "a fixed fact (a founding year, a birth year) that changes"
    scopes = ("article", "corpus")
    parameters: ClassVar[Params] = {"events": (STRINGS, ["founded", "born", "built", "opened"])}

    def _hits(self, documents: list[Extraction], params: dict, across: bool) -> Iterator[Hit]:
        events = set(params["events"])
        facts = [f for ex in documents for f in fixed_facts(ex) if f[0] in events]
        by_event: dict[str, list] = defaultdict(list)
        for f in facts:
            by_event[f[0]].append(f)
        for event in sorted(by_event):
            group = by_event[event]
            subjects = {f[1] for f in group}
            for i, (_, sa, ya, ma) in enumerate(group):
                for _, sb, yb, mb in group[i + 1 :]:
                    if ya == yb or (across and ma.ex is mb.ex):
                        continue
                    same = sa == sb if sa and sb else len(subjects - {None}) <= 1
                    if same:
                        yield Hit(
                            Mark(mb.ex, mb.start, mb.end),
                            [Mark(ma.ex, ma.start, ma.end, "the other year")],
                            fields={"event": event, "year": yb, "other_year": ya, "subject": sb or sa or "it"},
                        )

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        return self._hits([ctx.ex], ctx.params, across=False)

    def run_corpus(self, ctx: CorpusContext) -> Iterable[Hit]:
        return self._hits(ctx.documents, ctx.params, across=True)


_CUMULATIVE_AS_OF = re.compile(r"\b(?:by|as\s+of|as\s+at|up\s+to)\s+(?:the\s+)?(?:\w+\s+)?(?:of\s+)?$", re.I)


def _cumulative(item: Item) -> bool:
    """The figure is a running total up to a given day: 'by November 1', 'as of May 3'."""
    d = as_of_expr(item)
    if d is None or d.kind != "date" or d.low != d.high:
        return False
    text = item.ex.document.text
    return bool(_CUMULATIVE_AS_OF.search(text[max(item.sentence.start, d.start - 30) : d.start]))


class AsOfLag(CheckKind):
    name = "as-of-lag"
    summary = "a running total whose as-of date lags the event the article reports"
    parameters: ClassVar[Params] = {"min_days": (INTEGER, 14), "max_days": (INTEGER, 180)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        ref = ctx.ex.reference_date
        if ref is None:
            return
        for it in ctx.items:
            c = it.claim
            if c.as_of_high is None or not _cumulative(it):
                continue
            event = _event_date(ctx.ex, it) or ref
            lag = (event - c.as_of_high).days
            if ctx.params["min_days"] <= lag <= ctx.params["max_days"]:
                yield Hit(
                    it.mark(),
                    [],
                    fields={"lag_days": lag, "event_date": event.isoformat(), "as_of": c.as_of_high.isoformat()},
                    a=c,
                )


def _event_date(ex: Extraction, item: Item) -> dt.date | None:
    """The event (a briefing, a visit) at which the figure was given: the latest day-resolved
    date in its sentence or the one before, else the first one in the article (the lede)."""
    sent = item.sentence
    lo = ex.sentences[max(0, sent.index - 1)].start
    days = [d.low for d in ex.dates if lo <= d.start < sent.end and d.kind == "date" and d.low == d.high and d.low]
    as_of = item.claim.as_of_high
    days = [d for d in days if (ex.reference_date is None or d <= ex.reference_date) and (as_of is None or d > as_of)]
    if days:
        return max(days)
    lede = [
        d.low
        for d in ex.dates
        if d.kind == "date"
        and d.low == d.high
        and d.low
        and (ex.reference_date is None or d.low <= ex.reference_date)
        and (as_of is None or d.low > as_of)
    ]
    return lede[0] if lede else None


__all__ = ["AsOfLag", "Conflict", "FixedFact", "Monotonic", "Scale", "subject"]
