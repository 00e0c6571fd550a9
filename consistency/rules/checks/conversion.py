"""A conversion in brackets must hold: '50 miles (80 km)', '25C (77F)'. Both sides carry the
rounding their digits allow, so a sensible rounded conversion never fires."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from consistency.claims.model import Claim
from consistency.extract.lexicon import OTHER_SIZES, UNITS
from consistency.extract.numbers import parse_digits
from consistency.rules.checks.base import NUMBER, ArticleContext, CheckKind, Hit, Item, Params

_OPEN = re.compile(
    r"^\s*[(\[]\s*(?:about|around|roughly|approximately|approx\.?|some|nearly|almost|or|c\.|ca\.|~)?\s*$", re.I
)
_OR = re.compile(r"^\s*(?:,\s*)?(?:or|,)\s*(?:about|around|roughly|approximately|some|nearly|almost)?\s*$", re.I)
_DIGITS = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_LOOSE = re.compile(
    r"\b(?:about|around|roughly|approximately|approx|some|nearly|almost|more\s+than|over|under|"
    r"less\s+than|up\s+to|at\s+least)\b|~",
    re.I,
)


def rounding(item: Item) -> float:
    """Half a unit of the last written digit, scaled like the figure ('1.5-mile' -> 0.05);
    5% when a whole number ends in zeros ('50', '100'), which copy rounds loosely."""
    c = item.claim
    m = _DIGITS.search(c.text)
    parsed = parse_digits(m.group(0).lstrip("-")) if m else None
    if parsed is None or parsed.value == 0:
        return 0.0
    if parsed.value == int(parsed.value) and parsed.value >= 10 and parsed.value % 10 == 0 and "." not in m.group(0):
        return 0.05 * abs(c.value)
    return parsed.half_unit * abs(c.value) / parsed.value


_BROKEN_DECIMAL = re.compile(r"\d\.\s+$")


def _compound(text: str, offset: int, first: Claim, second: Claim) -> bool:
    return (
        first.entity == second.entity
        and re.fullmatch(r"\s*", text[first.end - offset : second.start - offset]) is not None
    )


def _fits_difference(a: Claim, b: Claim, ra: float, rb: float, slack: float) -> bool:
    fa, fb = UNITS[a.unit].factor, UNITS[b.unit].factor
    lo, hi = (a.low - ra) * fa, (a.high + ra) * fa
    return not ((b.high + rb) * fb + slack < lo or (b.low - rb) * fb - slack > hi)


def to_base(value: float, unit: str) -> float:
    u = UNITS[unit]
    return value * u.factor + u.offset


def _extent(items: list[Item], i: int, step: int, relative: float = math.inf) -> tuple[float, float]:
    """Item i's value interval in base units, rounding in (at most `relative` of the value),
    together with the compound partner beside it ('6 feet 7 inches (2.01 m)', '15 stone 4lb')."""
    c = items[i].claim
    low, high = (c.value, c.value) if c.qualifier in ("lower", "upper") else (c.low, c.high)
    # 'More than 148mm (5.8in)': the bracket converts the number written, not the open interval
    r = 0.0 if high > low else min(rounding(items[i]), relative * abs(c.value))  # '1.7' is already 1.65-1.75
    ends = to_base(low - r, c.unit), to_base(high + r, c.unit)
    lo, hi = min(ends), max(ends)
    j = i + step
    if 0 <= j < len(items):
        first, second = sorted((items[i], items[j]), key=lambda it: it.claim.start)
        sent = first.sentence
        same = first.claim.sentence == second.claim.sentence
        if same and _compound(sent.text, sent.start, first.claim, second.claim):
            other = items[j].claim
            extra = to_base(other.value, other.unit) - UNITS[other.unit].offset
            lo, hi = lo + extra, hi + extra
    return lo, hi


def _sizes(a: str, b: str) -> list[tuple[float, float]]:
    """Scale factors for the two figures' base values: 1 for each, and the other size of a unit
    that names two ('2,200 gallons' is imperial in British copy, 10,000 litres)."""
    return [(1.0, 1.0)] + [(f / UNITS[a].factor, 1.0) for f in OTHER_SIZES.get(a, ())] + [
        (1.0, f / UNITS[b].factor) for f in OTHER_SIZES.get(b, ())
    ]


_RANGE_GAP = re.compile(r"\s*(?:to|-|–|and)\s*", re.I)


def _range_end(items: list[Item], i: int, text: str) -> bool:
    """Item i ends a range of its own unit ('minus 8C to minus 12C')."""
    return i >= 1 and _joined(items[i - 1].claim, items[i].claim, text)


def _range_start(items: list[Item], i: int, text: str) -> bool:
    """Item i opens a range of its own unit ('(18F to 10F)')."""
    return i + 1 < len(items) and _joined(items[i].claim, items[i + 1].claim, text)


def _joined(x: Claim, y: Claim, text: str) -> bool:
    return x.sentence == y.sentence and x.unit == y.unit and _RANGE_GAP.fullmatch(text[x.end : y.start]) is not None


def _shown(value: float) -> str:
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"


class Conversion(CheckKind):
    name = "conversion"
    summary = "a conversion in brackets that does not hold"
    parameters: ClassVar[Params] = {"tolerance": (NUMBER, 0.02), "loose_tolerance": (NUMBER, 0.05)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        items = [
            it
            for it in ctx.items
            if it.claim.unit in UNITS and it.claim.entity not in ("dimensionless", "currency", "time")
        ]
        text = ctx.ex.document.text
        trace = ctx.trace
        for i, (a, b) in enumerate(itertools.pairwise(items)):
            ca, cb = a.claim, b.claim
            if ca.sentence != cb.sentence or ca.entity != cb.entity or ca.unit == cb.unit:
                continue
            if _BROKEN_DECIMAL.search(text[max(0, ca.start - 8) : ca.start]):
                if trace is not None:
                    trace.stop("not-comparable", "a decimal split by bad markup ('19. 89')", a.mark(), b.mark())
                continue  # "19. 89 inches": a decimal split by bad markup, not a figure to trust
            gap = text[ca.end : cb.start]
            if not (_OPEN.match(gap) or _OR.match(gap)):
                if trace is not None:
                    trace.stop("missing", "the second is not a conversion in brackets of the first", a.mark(), b.mark())
                continue
            loose = bool(_LOOSE.search(gap)) or ca.qualifier == "approx" or cb.qualifier == "approx"
            tol = ctx.params["loose_tolerance" if loose else "tolerance"]
            # 'minus 8C to minus 12C (18F to 10F)': a range converted as a range, end to end
            ranged = _range_end(items, i, text) and _range_start(items, i + 1, text)
            ends = [(i - 1, i + 1), (i, i + 2)] if ranged else [(i, i + 1)]
            for ia, ib in ends:
                yield from self._compare(ctx, items, ia, ib, tol, loose)

    def _compare(
        self, ctx: ArticleContext, items: list[Item], ia: int, ib: int, tol: float, loose: bool
    ) -> Iterator[Hit]:
        """One figure against its conversion in brackets, in base units, rounding and tolerance in."""
        a, b = items[ia], items[ib]
        ca, cb = a.claim, b.claim
        trace = ctx.trace
        # The bracket converts the figure as written: the figure is held to the precision
        # the conversion shows ('6 feet (2.02 m)' is off by 10%, not within 6 +- 0.5 ft).
        precise = rounding(b) / abs(cb.value) if cb.value and not loose and ca.entity != "temperature" else math.inf
        (lo, hi), (b_lo, b_hi) = _extent(items, ia, -1, precise), _extent(items, ib, 1)
        slack = tol * max(abs(lo), abs(hi), abs(b_lo), abs(b_hi)) if ca.entity != "temperature" else tol * 10
        if any(b_hi * fb + slack >= lo * fa and b_lo * fb - slack <= hi * fa for fa, fb in _sizes(ca.unit, cb.unit)):
            if trace is not None:
                detail = f"{ca.text} is {_shown(lo)}-{_shown(hi)} in base units, {cb.text} is " \
                         f"{_shown(b_lo)}-{_shown(b_hi)}: within {tol:.0%} and the rounding"
                trace.stop("tolerance", detail, b.mark(), a.mark())
            return
        if ca.entity == "temperature" and _fits_difference(ca, cb, rounding(a), rounding(b), slack):
            if trace is not None:
                trace.stop("tolerance", "holds as a change of temperature", b.mark(), a.mark())
            return  # "warmed one degree Fahrenheit (0.6 degrees Celsius)": a change
        expected = (lo + hi) / 2 - UNITS[cb.unit].offset
        expected /= UNITS[cb.unit].factor
        yield Hit(
            b.mark(),
            [a.mark("the figure converted")],
            a=cb,
            b=ca,
            fields={"expected": _shown(expected), "unit": cb.unit},
        )
