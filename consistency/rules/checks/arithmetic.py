"""Checks that do the sums a reader would: part against whole, share against its counts,
a stated change or multiplier against its two ends, parts against a total, shares of one
whole against 100%. Every comparison uses value intervals, so rounding never fires."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from consistency.rules.checks.base import NUMBER, STRINGS, ArticleContext, CheckKind, Hit, Item, Params, by_sentence

_COUNT_KINDS = ("count", "money", "measure", "vague")


def _between(a: Item, b: Item) -> str:
    sent = a.sentence
    return sent.text[a.claim.end - sent.start : b.claim.start - sent.start]


def _before(a: Item) -> str:
    sent = a.sentence
    return sent.text[: a.claim.start - sent.start]


def _after(a: Item) -> str:
    sent = a.sentence
    return sent.text[a.claim.end - sent.start :]


_OF_HEAD = re.compile(r"(?:^|[,;:]\s*|\b(?:and|but)\s+)of\s+(?:the|its|their|these|those|all|some)?\s*$", re.I)
_AFTER_WHOLE = re.compile(r"^\s+[\w'’\- ]{1,40}?,\s*$")


def part_whole_pairs(items: list[Item]) -> Iterator[tuple[Item, Item]]:
    """(part, whole): '34 of the 30 crew' (linked by the extractor) and 'of the 30 crew, 34 …'."""
    index = {it.claim.index: it for it in items}
    for it in items:
        c = it.claim
        if c.role == "part" and c.link is not None and c.link in index and c.kind in _COUNT_KINDS:
            whole = index[c.link]
            if whole.claim.unit == c.unit:
                yield it, whole
    for sentence_items in by_sentence(items).values():
        for whole in sentence_items:
            if whole.claim.kind not in _COUNT_KINDS or not _OF_HEAD.search(_before(whole)):
                continue
            later = [p for p in sentence_items if p.claim.start > whole.claim.end]
            if later and _AFTER_WHOLE.match(_between(whole, later[0])) and later[0].claim.unit == whole.claim.unit:
                yield later[0], whole


class PartWhole(CheckKind):
    name = "part-whole"
    summary = "a part larger than its whole"

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        for part, whole in part_whole_pairs(ctx.items):
            if part.claim.kind in _COUNT_KINDS and part.claim.low > whole.claim.high:
                yield Hit(part.mark(), [whole.mark("the whole")], a=part.claim, b=whole.claim)


_SHARE_GAP = re.compile(
    r"^[\s\w'’\-]{0,30}?(?:,|\(|—|–|-)?\s*(?:or|about|roughly|nearly|almost|some|just\s+over|"
    r"just\s+under|more\s+than|less\s+than)?\s*$",
    re.I,
)


def _ratio(part: Item, whole: Item) -> tuple[float, float] | None:
    lo, hi = part.claim.low, part.claim.high
    wlo, whi = whole.claim.low, whole.claim.high
    if wlo <= 0 or whi == float("inf") or hi == float("inf"):
        return None
    return 100 * lo / whi, 100 * hi / wlo


class Share(CheckKind):
    name = "share"
    summary = "a percentage that does not match the counts it summarises ('120 of 600, or 30%')"
    parameters: ClassVar[Params] = {"tolerance_points": (NUMBER, 0.5)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        tol = ctx.params["tolerance_points"]
        local = by_sentence(ctx.items)
        for part, whole in part_whole_pairs(ctx.items):
            items = local[whole.claim.sentence]
            if part.claim.kind == "percent" or whole.claim.kind == "percent":
                continue
            last = whole if whole.claim.end > part.claim.end else part
            pct = next(
                (
                    p
                    for p in items
                    if p.claim.sentence == whole.claim.sentence
                    and p.claim.kind == "percent"
                    and p.claim.start > last.claim.end
                    and _SHARE_GAP.match(_between(last, p))
                    and p.claim.role is None
                    and p.claim.lemma is None
                ),
                None,
            )
            if pct is None:
                continue
            span = _ratio(part, whole)
            if span is None:
                continue
            lo, hi = span
            if pct.claim.high + tol < lo or pct.claim.low - tol > hi:
                yield Hit(
                    pct.mark(),
                    [part.mark("the part"), whole.mark("the whole")],
                    a=pct.claim,
                    b=part.claim,
                    fields={"actual": round((lo + hi) / 2, 1), "part": part.claim.text, "whole": whole.claim.text},
                )


_RISE = frozenset("rise increase jump gain growth hike surge boost climb uptick spike".split())
_FALL = frozenset("fall drop decline decrease cut reduction slump plunge dip loss contraction".split())
_CHANGE_WORDS = _RISE | _FALL | frozenset("grow shrink slide lose soar plummet tumble".split())
_DIRECTION_BEFORE = re.compile(
    r"\b(?:up|rose|risen|rises|increased?|grew|grown|climbed|jumped|gained|surged|"
    r"down|fell|fallen|dropped|declined|decreased|shrank|slid|cut|lost)\s+(?:by\s+)?(?:about\s+)?$",
    re.I,
)


def change_pairs(items: list[Item]) -> Iterator[tuple[Item, Item]]:
    """(from, to) pairs the extractor linked: 'from 80 to 100', 'rose to 19 from 12'."""
    index = {it.claim.index: it for it in items}
    for it in items:
        c = it.claim
        if c.role == "change-from" and c.link is not None and c.link in index:
            to = index[c.link]
            if to.claim.role == "change-to" and to.claim.unit == c.unit:
                yield it, to


class Change(CheckKind):
    name = "change"
    summary = "a stated percentage change that does not follow from its two ends"
    parameters: ClassVar[Params] = {"tolerance_points": (NUMBER, 0.5)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        tol = ctx.params["tolerance_points"]
        local = by_sentence(ctx.items)
        for start, end in change_pairs(ctx.items):
            pct = self._stated(local[start.claim.sentence], start, end)
            if pct is None or start.claim.low <= 0 or start.claim.high == float("inf"):
                continue
            s, e = start.claim, end.claim
            signed = (100 * (e.low - s.high) / s.high, 100 * (e.high - s.low) / s.low)
            lo, hi = sorted(abs(x) for x in signed)
            if signed[0] <= 0 <= signed[1]:
                lo = 0.0
            stated = pct.claim
            fits = not (stated.high + tol < lo or stated.low - tol > hi)
            if s.unit == "percentage" and not fits:  # "from 10% to 12%, a 2-point rise" said as "2%"
                diff_lo, diff_hi = abs(e.low - s.high), abs(e.high - s.low)
                fits = not (stated.high + tol < min(diff_lo, diff_hi) or stated.low - tol > max(diff_lo, diff_hi))
            if not fits:
                yield Hit(
                    pct.mark(),
                    [start.mark("from"), end.mark("to")],
                    a=pct.claim,
                    b=start.claim,
                    fields={"actual": round(100 * (e.value - s.value) / s.value, 1), "start": s.text, "end": e.text},
                )

    @staticmethod
    def _stated(items: list[Item], start: Item, end: Item) -> Item | None:
        for p in items:
            c = p.claim
            if c.sentence != start.claim.sentence or c.kind != "percent" or c.unit != "percentage" or c.role:
                continue
            if p is start or p is end:
                continue
            if c.lemma in _CHANGE_WORDS or c.predicate in _CHANGE_WORDS or _DIRECTION_BEFORE.search(_before(p)):
                return p
        return None


_MULTIPLIER = re.compile(
    r"\b(?P<q>more\s+than\s+|over\s+|nearly\s+|almost\s+|roughly\s+|about\s+|around\s+|close\s+to\s+)?"
    r"(?P<word>doubled|doubling|doubles|double|tripled|tripling|triples|triple|quadrupled|quadruples|quadruple|"
    r"halved|halving|halves|(?:two|three|four|five|ten)fold)\b",
    re.I,
)
_FACTOR = {
    "doub": 2.0,
    "trip": 3.0,
    "quad": 4.0,
    "halv": 0.5,
    "twof": 2.0,
    "thre": 3.0,
    "four": 4.0,
    "five": 5.0,
    "tenf": 10.0,
}


class Multiplier(CheckKind):
    name = "multiplier"
    summary = "'doubled', 'tripled', 'halved' against the two figures they join"
    parameters: ClassVar[Params] = {"tolerance": (NUMBER, 0.1)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        tol = ctx.params["tolerance"]
        for start, end in change_pairs(ctx.items):
            m = _MULTIPLIER.search(start.sentence.text)
            if not m or start.claim.high <= 0 or start.claim.low <= 0:
                continue
            factor = _FACTOR[m.group("word").lower()[:4]]
            lo = end.claim.low / start.claim.high
            hi = end.claim.high / start.claim.low
            q = (m.group("q") or "").strip().lower()
            want_lo, want_hi = factor * (1 - tol), factor * (1 + tol)
            if q.startswith(("more", "over")):
                want_lo, want_hi = factor * (1 - tol / 2), float("inf")
            elif q.startswith(("nearly", "almost")):
                want_lo, want_hi = factor * (1 - 2 * tol), factor * (1 + tol / 2)
            if factor < 1 and q.startswith(("more", "over")):
                want_lo, want_hi = 0.0, factor * (1 + tol / 2)
            if hi < want_lo or lo > want_hi:
                yield Hit(
                    end.mark(),
                    [start.mark("from")],
                    a=end.claim,
                    b=start.claim,
                    fields={
                        "word": m.group("word"),
                        "ratio": round(end.claim.value / start.claim.value, 2),
                        "factor": factor,
                    },
                )


_TOTAL_AFTER = re.compile(r"^\s*(?:[\w\-]+\s+){0,2}?(?:in\s+all|in\s+total|altogether|combined|total)\b", re.I)
_TOTAL_BEFORE = re.compile(r"\b(?:a\s+total\s+of|total(?:ling|ing)?|in\s+all|altogether|overall)\s*:?\s*$", re.I)
_LIST_GAP = re.compile(r"^[\s\w'’\-]{0,40}?(?:,\s*(?:and\s+|with\s+)?|\s+and\s+|\s+with\s+|;\s*)$", re.I)
_INCLUDING = re.compile(r"\b(?:including|among\s+them|of\s+whom|of\s+which|such\s+as)\b", re.I)


class Sum(CheckKind):
    name = "sum"
    summary = "parts that do not add up to the total they are given with"
    parameters: ClassVar[Params] = {"total_lemmas": (STRINGS, ["casualty", "victim", "total"])}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        total_lemmas = set(ctx.params["total_lemmas"])
        for sentence_items in by_sentence(ctx.items).values():
            counts = [it for it in sentence_items if it.claim.kind in ("count",) and it.claim.qualifier != "range"]
            for t_i, total in enumerate(counts):
                c = total.claim
                is_total = (
                    c.lemma in total_lemmas or _TOTAL_AFTER.match(_after(total)) or _TOTAL_BEFORE.search(_before(total))
                )
                if not is_total or t_i < 2:
                    continue
                parts = counts[:t_i]
                if any(not _LIST_GAP.match(_between(a, b)) for a, b in itertools.pairwise(parts)):
                    continue
                if _INCLUDING.search(_between(parts[-1], total)) or any(p.claim.role == "part" for p in parts):
                    continue
                lo, hi = sum(p.claim.low for p in parts), sum(p.claim.high for p in parts)
                if hi < c.low or lo > c.high:
                    yield Hit(
                        total.mark(),
                        [p.mark("a part") for p in parts],
                        a=c,
                        b=parts[0].claim,
                        fields={
                            "sum": lo if lo == hi else f"{lo:g}-{hi:g}",
                            "parts": " + ".join(p.claim.text for p in parts),
                        },
                    )
            # 'Of the 45 councillors, 30 voted for, 12 against and five abstained': parts over the whole.
            for part, whole in part_whole_pairs(sentence_items):
                if part.claim.role == "part":
                    continue
                parts = [p for p in counts if p.claim.start >= part.claim.start]
                chain = [parts[0]] if parts else []
                for a, b in itertools.pairwise(parts):
                    if not _LIST_GAP.match(_between(a, b)):
                        break
                    chain.append(b)
                if len(chain) >= 2 and sum(p.claim.low for p in chain) > whole.claim.high:
                    yield Hit(
                        whole.mark(),
                        [p.mark("a part") for p in chain],
                        a=whole.claim,
                        b=chain[0].claim,
                        fields={
                            "sum": sum(p.claim.low for p in chain),
                            "parts": " + ".join(p.claim.text for p in chain),
                        },
                    )


_PCT_OF = re.compile(r"^\s*(?:of\s+(?:the\s+|all\s+)?(?P<whole>[\w\-]+(?:\s+[\w\-]+)?))?", re.I)
_NOT_SHARES = re.compile(
    r"\b(?:rose|rise|fell|fall|up|down|increase|decrease|grew|growth|drop|from|compared|"
    r"versus|vs|than|respectively|each|turnout|among|of\s+them|of\s+those|of\s+whom|"
    r"while|whereas|but|per\s+cent\s+of\s+gdp|year|annual|rate|margin)\b",
    re.I,
)
_SHARE_WHOLES = frozenset("vote votes ballots respondents voters seats market budget total".split())


class ShareTotal(CheckKind):
    name = "share-total"
    summary = "shares of one whole that add up to more than 100%"
    parameters: ClassVar[Params] = {"tolerance_points": (NUMBER, 0.0)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        for sentence_items in by_sentence(ctx.items).values():
            pcts = [it for it in sentence_items if it.claim.unit == "percentage" and it.claim.role is None]
            if len(pcts) < 2 or len(pcts) != len([it for it in sentence_items if it.claim.kind != "age"]):
                continue
            if _NOT_SHARES.search(pcts[0].sentence.text):
                continue
            wholes = set()
            for p in pcts:
                m = _PCT_OF.match(_after(p))
                if m and m.group("whole"):
                    wholes.add(m.group("whole").lower().split()[-1])
            if len(wholes) != 1 or not (wholes & _SHARE_WHOLES):
                continue
            low = sum(p.claim.low for p in pcts)
            if low > 100 + ctx.params["tolerance_points"]:
                yield Hit(
                    pcts[-1].mark(),
                    [p.mark("a share") for p in pcts[:-1]],
                    a=pcts[-1].claim,
                    b=pcts[0].claim,
                    fields={
                        "sum": round(sum(p.claim.value for p in pcts), 1),
                        "shares": " + ".join(p.claim.text for p in pcts),
                    },
                )
