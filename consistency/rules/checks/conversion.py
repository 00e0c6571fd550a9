"""A conversion in brackets must hold: '50 miles (80 km)', '25C (77F)'. Both sides carry the
rounding their digits allow, so a sensible rounded conversion never fires."""

from __future__ import annotations

import re
from collections.abc import Iterable

from consistency.extract.lexicon import UNITS
from consistency.rules.checks.base import NUMBER, ArticleContext, CheckKind, Hit, Item

_OPEN = re.compile(r"^\s*[(\[]\s*(?:about|around|roughly|approximately|approx\.?|some|nearly|almost|or|c\.|ca\.|~)?\s*$",
                   re.I)
_OR = re.compile(r"^\s*(?:,\s*)?(?:or|,)\s*(?:about|around|roughly|approximately|some|nearly|almost)?\s*$", re.I)
_DIGITS = re.compile(r"-?\d[\d,]*(?:\.(\d+))?")
_LOOSE = re.compile(r"\b(?:about|around|roughly|approximately|approx|some|nearly|almost|more\s+than|over|under|"
                    r"less\s+than|up\s+to|at\s+least)\b|~", re.I)


def rounding(item: Item) -> float:
    """Half a unit of the last written digit; 5% when the number ends in zeros ('50', '100')."""
    c = item.claim
    m = _DIGITS.search(c.text)
    if not m:
        return 0.0
    if m.group(1):
        return 0.5 * 10 ** -len(m.group(1)) * (c.value / float(m.group(0).replace(",", "")) if float(
            m.group(0).replace(",", "")) else 1)
    digits = m.group(0).replace(",", "").lstrip("-")
    if digits.endswith("0") and len(digits) > 1:
        return 0.05 * abs(c.value)
    return 0.5 * (c.value / float(digits) if float(digits) else 1)


def to_base(value: float, unit: str) -> float:
    u = UNITS[unit]
    return value * u.factor + u.offset


class Conversion(CheckKind):
    name = "conversion"
    summary = "a conversion in brackets that does not hold"
    parameters = {"tolerance": (NUMBER, 0.02), "loose_tolerance": (NUMBER, 0.1)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        items = [it for it in ctx.items if it.claim.unit in UNITS and it.claim.entity not in ("dimensionless",
                                                                                             "currency", "time")]
        for a, b in zip(items, items[1:], strict=False):
            ca, cb = a.claim, b.claim
            if ca.sentence != cb.sentence or ca.entity != cb.entity or ca.unit == cb.unit:
                continue
            sent = a.sentence
            gap = sent.text[ca.end - sent.start : cb.start - sent.start]
            if not (_OPEN.match(gap) or _OR.match(gap)):
                continue
            loose = bool(_LOOSE.search(gap)) or ca.qualifier == "approx" or cb.qualifier == "approx"
            tol = ctx.params["loose_tolerance" if loose else "tolerance"]
            ra, rb = rounding(a), rounding(b)
            lo = to_base(ca.low - ra, ca.unit)
            hi = to_base(ca.high + ra, ca.unit)
            b_lo = to_base(cb.low - rb, cb.unit)
            b_hi = to_base(cb.high + rb, cb.unit)
            lo, hi = min(lo, hi), max(lo, hi)
            slack = tol * max(abs(lo), abs(hi), abs(b_lo), abs(b_hi)) if ca.entity != "temperature" else tol * 10
            if b_hi + slack < lo or b_lo - slack > hi:
                expected = (to_base(ca.value, ca.unit) - UNITS[cb.unit].offset) / UNITS[cb.unit].factor
                yield Hit(b.mark(), [a.mark("the figure converted")], a=cb, b=ca,
                          fields={"expected": f"{expected:,.3g}" if abs(expected) < 1000 else f"{expected:,.0f}",
                                  "unit": cb.unit})
