"""Checks that do the sums a reader would: part against whole, share against its counts,
a stated change or multiplier against its two ends, parts against a total, shares of one
whole against 100%, a ratio phrase against a percentage. Which figures go together is the
claims layer's business (`consistency.claims.arithmetic_links`); these only compare value
intervals, so rounding never fires."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from consistency.claims.arithmetic_links import Span, links
from consistency.claims.model import Claim
from consistency.rules.checks.base import NUMBER, ArticleContext, CheckKind, Hit, Mark, Params

_INF = float("inf")


def _chosen(ctx: ArticleContext) -> set[int]:
    """Indexes of the claims the rule selected (quoted speech and corrections left out)."""
    return {it.claim.index for it in ctx.items}


def _ok(chosen: set[int], *figures: Claim | Span | None) -> bool:
    return all(f is None or isinstance(f, Span) or f.index in chosen for f in figures)


def _mark(ctx: ArticleContext, f: Claim | Span, note: str = "") -> Mark:
    return Mark(ctx.ex, f.start, f.end, note)


def _stop(ctx: ArticleContext, gate: str, detail: str, *figures: Claim | Span) -> None:
    """Report a link that did not fire to `consistency explain` (only called when tracing)."""
    assert ctx.trace is not None
    ctx.trace.stop(gate, detail, *(_mark(ctx, f) for f in figures))


_LEFT_OUT = "one of its figures is left out by the rule (quoted, a correction, or not selected)"
_OPEN = "a figure is open-ended ('more than 300') or zero, so the sum cannot be checked"


def _fmt(x: float) -> str:
    return f"{x:,.1f}".rstrip("0").rstrip(".") if abs(x) < 1e6 else f"{x:,.0f}"


class PartWhole(CheckKind):
    name = "part-whole"
    summary = "a part larger than its whole"

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        chosen, found = _chosen(ctx), links(ctx.ex)
        for pw in (*found.part_whole, *found.subsets):
            if not _ok(chosen, pw.part, pw.whole):
                if ctx.trace is not None:
                    _stop(ctx, "not-selected", _LEFT_OUT, pw.part, pw.whole)
                continue
            if pw.part.low <= pw.whole.high:
                if ctx.trace is not None:
                    detail = f"the part {pw.part.text} fits in the whole {pw.whole.text}"
                    _stop(ctx, "tolerance", detail, pw.part, pw.whole)
                continue
            yield Hit(
                _mark(ctx, pw.part),
                [_mark(ctx, pw.whole, "the whole")],
                a=pw.part,
                b=pw.whole,
                fields={"part": pw.part.text, "whole": pw.whole.text},
            )


class Share(CheckKind):
    name = "share"
    summary = "a percentage that does not match the counts it summarises ('120 of 600, or 30%')"
    parameters: ClassVar[Params] = {"tolerance_points": (NUMBER, 0.5)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        tol, chosen = ctx.params["tolerance_points"], _chosen(ctx)
        for s in links(ctx.ex).shares:
            p, w = s.part, s.whole
            if not _ok(chosen, s.pct, p, w) or w.low <= 0 or w.high == _INF or p.high == _INF:
                if ctx.trace is not None:
                    gate = "unbounded" if _ok(chosen, s.pct, p, w) else "not-selected"
                    _stop(ctx, gate, _OPEN if gate == "unbounded" else _LEFT_OUT, s.pct, p, w)
                continue
            lo, hi = 100 * p.low / w.high, 100 * p.high / w.low
            if s.either and (s.pct.high + tol >= 100 - hi and s.pct.low - tol <= 100 - lo):
                if ctx.trace is not None:
                    detail = f"{s.pct.text} fits the rest of {w.text} after {p.text} (a rate of the others)"
                    _stop(ctx, "tolerance", detail, s.pct, p, w)
                continue  # 'a failure rate of' the rest of the whole
            if ctx.trace is not None and not (s.pct.high + tol < lo or s.pct.low - tol > hi):
                span = f"{lo:.1f}%" if round(lo, 1) == round(hi, 1) else f"{lo:.1f}-{hi:.1f}%"
                detail = f"{p.text} of {w.text} is {span}; {s.pct.text} is within {tol:g} points"
                _stop(ctx, "tolerance", detail, s.pct, p, w)
            if s.pct.high + tol < lo or s.pct.low - tol > hi:
                yield Hit(
                    _mark(ctx, s.pct),
                    [_mark(ctx, p, "the part"), _mark(ctx, w, "the whole")],
                    a=s.pct,
                    b=p,
                    fields={"actual": round(100 * p.value / w.value, 1), "part": p.text, "whole": w.text},
                )


def _change_span(s: Claim, e: Claim) -> tuple[float, float]:
    """The absolute percentage change from s to e, as an interval."""
    signed = (100 * (e.low - s.high) / s.high, 100 * (e.high - s.low) / s.low)
    lo, hi = sorted(abs(x) for x in signed)
    return (0.0 if signed[0] <= 0 <= signed[1] else lo), hi


class Change(CheckKind):
    name = "change"
    summary = "a stated percentage change that does not follow from its two ends"
    parameters: ClassVar[Params] = {"tolerance_points": (NUMBER, 0.5)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        tol, chosen = ctx.params["tolerance_points"], _chosen(ctx)
        for ch in links(ctx.ex).changes:
            s, e, pct = ch.start, ch.end, ch.pct
            if pct is None or not _ok(chosen, s, e, pct) or s.low <= 0 or s.high == _INF or e.high == _INF:
                if ctx.trace is not None and pct is not None:
                    gate = "unbounded" if _ok(chosen, s, e, pct) else "not-selected"
                    _stop(ctx, gate, _OPEN if gate == "unbounded" else _LEFT_OUT, pct, s, e)
                continue
            lo, hi = _change_span(s, e)
            fits = not (pct.high + tol < lo or pct.low - tol > hi)
            if s.unit == "percentage" and not fits:  # "from 10% to 12%, a 2-point rise" said as "2%"
                fits = abs(e.low - s.high) - tol <= pct.high and pct.low <= abs(e.high - s.low) + tol
            if fits and ctx.trace is not None:
                detail = f"{s.text} to {e.text} is a {lo:.1f}-{hi:.1f}% change; {pct.text} is within {tol:g} points"
                _stop(ctx, "tolerance", detail, pct, s, e)
            if not fits:
                yield Hit(
                    _mark(ctx, pct),
                    [_mark(ctx, s, "from"), _mark(ctx, e, "to")],
                    a=pct,
                    b=s,
                    fields={"actual": round(100 * (e.value - s.value) / s.value, 1), "start": s.text, "end": e.text},
                )


class Multiplier(CheckKind):
    name = "multiplier"
    summary = "'doubled', 'tripled', 'halved' against the two figures they join"

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        chosen = _chosen(ctx)
        for ch in links(ctx.ex).changes:
            s, e = ch.start, ch.end
            if ch.word is None or not _ok(chosen, s, e) or s.low <= 0 or s.high == _INF or e.high == _INF:
                if ctx.trace is not None and ch.word is not None:
                    gate = "unbounded" if _ok(chosen, s, e) else "not-selected"
                    _stop(ctx, gate, _OPEN if gate == "unbounded" else _LEFT_OUT, e, s)
                continue
            lo, hi = e.low / s.high, e.high / s.low
            if ctx.trace is not None and not (hi < ch.allowed[0] or lo > ch.allowed[1]):
                allowed = f"x{ch.allowed[0]:g}-{ch.allowed[1]:g}"
                detail = f"{s.text} to {e.text} is x{lo:.2g}-{hi:.2g}; {ch.word!r} allows {allowed}"
                _stop(ctx, "tolerance", detail, e, s)
            if hi < ch.allowed[0] or lo > ch.allowed[1]:
                word = Mark(ctx.ex, ch.word_span[0], ch.word_span[1], "the multiplier")
                yield Hit(
                    _mark(ctx, e),
                    [_mark(ctx, s, "from"), word],
                    a=e,
                    b=s,
                    fields={"word": ch.word, "ratio": round(e.value / s.value, 2), "factor": ch.factor},
                )


def _as_written_misses(total: object, parts: Sequence[object]) -> bool:
    """A complete breakdown whose figures are all rounded to a scale ('The $12 million package
    is split three ways: $5 million …, $4 million … and $2 million …') is read as written: a
    writer who splits a total into round parts states them exactly, so parts that miss the
    total by a whole unit of that rounding disagree with it, though each figure's rounding
    alone could absorb the gap. A qualifier ('about', 'nearly') keeps the rounding reading."""
    figures = [total, *parts]
    if not all(isinstance(c, Claim) and c.qualifier is None and c.high > c.low for c in figures):
        return False
    unit = max(c.high - c.low for c in figures)  # type: ignore[union-attr]
    gap = abs(sum(p.value for p in parts) - total.value)  # type: ignore[union-attr]
    return gap >= unit * 0.999


class Sum(CheckKind):
    name = "sum"
    summary = "parts that do not add up to (or exceed) the total they are given with"

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        chosen = _chosen(ctx)
        for b in links(ctx.ex).breakdowns:
            if not _ok(chosen, b.total, *b.parts):
                if ctx.trace is not None:
                    _stop(ctx, "not-selected", _LEFT_OUT, b.total, *b.parts)
                continue
            lo, hi = sum(p.low for p in b.parts), sum(p.high for p in b.parts)
            t = b.total
            full = b.whole_list or b.parts  # the reading that counts a subtotal as a part
            full_misses = sum(p.high for p in full) < t.low or sum(p.low for p in full) > t.high
            if b.exact and _as_written_misses(t, full):
                full_misses, lo, hi = True, sum(p.value for p in b.parts), sum(p.value for p in b.parts)
            if ctx.trace is not None and not (lo > t.high or (b.exact and hi < t.low and full_misses)):
                total = _fmt(lo) if lo == hi else f"{_fmt(lo)}-{_fmt(hi)}"
                how = "fit the total" if b.exact else "stay within the total (a partial breakdown)"
                _stop(ctx, "tolerance", f"the parts add up to {total} and {how} {t.text}", t, *b.parts)
            if lo > t.high or (b.exact and hi < t.low and full_misses):
                yield Hit(
                    _mark(ctx, t),
                    [_mark(ctx, p, "a part") for p in b.parts],
                    a=t if isinstance(t, Claim) else None,
                    b=b.parts[0] if isinstance(b.parts[0], Claim) else None,
                    fields={
                        "sum": _fmt(lo) if lo == hi else f"{_fmt(lo)}-{_fmt(hi)}",
                        "total": t.text,
                        "parts": " + ".join(p.text for p in b.parts),
                    },
                )


class ShareTotal(CheckKind):
    name = "share-total"
    summary = "shares of one whole that add up to more than 100%"
    parameters: ClassVar[Params] = {"tolerance_points": (NUMBER, 0.0)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        chosen = _chosen(ctx)
        for group in links(ctx.ex).share_groups:
            if not _ok(chosen, *group):
                if ctx.trace is not None:
                    _stop(ctx, "not-selected", _LEFT_OUT, *group)
                continue
            if ctx.trace is not None and sum(p.low for p in group) <= 100 + ctx.params["tolerance_points"]:
                _stop(ctx, "tolerance", f"the shares add up to {_fmt(sum(p.low for p in group))}% at least", *group)
            if sum(p.low for p in group) > 100 + ctx.params["tolerance_points"]:
                yield Hit(
                    _mark(ctx, group[-1]),
                    [_mark(ctx, p, "a share") for p in group[:-1]],
                    a=group[-1],
                    b=group[0],
                    fields={"sum": round(sum(p.value for p in group), 1), "shares": " + ".join(p.text for p in group)},
                )


class Ratio(CheckKind):
    name = "ratio"
    summary = "a ratio phrase ('one in five', 'nearly half') against a percentage of the same group"
    parameters: ClassVar[Params] = {"tolerance_points": (NUMBER, 1.0)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        tol, chosen = ctx.params["tolerance_points"], _chosen(ctx)
        for r in links(ctx.ex).ratios:
            if ctx.trace is not None and not (
                _ok(chosen, r.ratio, r.pct) and (r.pct.high + tol < r.low or r.pct.low - tol > r.high)
            ):
                if _ok(chosen, r.ratio, r.pct):
                    detail = f"{r.ratio.text!r} is {r.low:g}-{r.high:g}%; {r.pct.text} is within {tol:g} points"
                    _stop(ctx, "tolerance", detail, r.pct, r.ratio)
                else:
                    _stop(ctx, "not-selected", _LEFT_OUT, r.pct, r.ratio)
            if _ok(chosen, r.ratio, r.pct) and (r.pct.high + tol < r.low or r.pct.low - tol > r.high):
                yield Hit(
                    _mark(ctx, r.pct),
                    [_mark(ctx, r.ratio, "the ratio")],
                    a=r.pct,
                    b=r.ratio,
                    fields={"low": round(r.low), "high": round(r.high), "ratio": r.ratio.text},
                )
