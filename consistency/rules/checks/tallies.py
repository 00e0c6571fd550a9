"""One vote told with two tallies: 'voted 7-2 on Tuesday' … 'approved on a 6-3 vote on Feb. 10'.

The claims layer (`consistency.claims.tallies`) reads each tally with its day, body and
motion; these checks decide when two tallies are one vote's, which is when every number of
them must agree. `tally-article` compares within one article, `tally-story` across the
articles of one story; `tally-body` holds a tally to its body's size and to how many voted,
`tally-share` to the share of the vote the article gives a side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

from consistency.claims.tallies import BodySize, Tally, body_sizes, tallies, tally_shares, voter_counts
from consistency.extract.pipeline import Extraction
from consistency.rules.checks.base import NUMBER, ArticleContext, CheckKind, CorpusContext, Hit, Mark, Params

if TYPE_CHECKING:
    from consistency.explain.trace import Trace


def _why_apart(a: Tally, b: Tally, across: bool) -> str | None:
    """Why two tallies may be two votes (None when they are one vote's)."""
    if a.other or b.other:
        return "one is framed as another vote ('also', 'a separate vote', 'the first vote')"
    if a.body and b.body and a.body != b.body:
        return f"two bodies voted: {a.body} and {b.body}"
    if a.motion and b.motion and a.motion != b.motion:
        return f"two motions: to {a.motion} and to {b.motion}"
    if a.day is not None and b.day is not None:
        return None if a.day == b.day else f"two days: {a.day.isoformat()} and {b.day.isoformat()}"
    if across:
        return "a tally without its day: across articles only one day's vote is known to be one vote"
    if not (a.definite or b.definite):
        return "no 'the 6-3 vote' pointing back, and no day for both"
    return None


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else "the same day"


def _conflicts(found: list[tuple[Extraction, Tally]], across: bool, trace: Trace | None = None) -> Iterator[Hit]:
    for i, (ex_a, a) in enumerate(found):
        for ex_b, b in found[i + 1 :]:
            if (ex_a is ex_b) == across or (not across and a.sentence == b.sentence):
                continue  # two tallies of one sentence are two motions ('7-2 to approve and 5-4 to delay')
            marks = (Mark(ex_a, a.start, a.end), Mark(ex_b, b.start, b.end))
            why = _why_apart(a, b, across)
            if why is not None:
                if trace is not None:
                    trace.stop("different-vote", why, *marks)
                continue
            if (a.high, a.low) == (b.high, b.low):
                if trace is not None:
                    trace.stop("agrees", f"{a.text} and {b.text} are one tally", *marks)
                continue
            yield Hit(
                Mark(ex_b, b.start, b.end),
                [Mark(ex_a, a.start, a.end, "the other tally")],
                fields={"tally": b.text, "other": a.text, "day": _day(b.day or a.day)},
            )


class TallyArticle(CheckKind):
    name = "tally-article"
    summary = "one vote given two different tallies in one article"

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        return _conflicts([(ctx.ex, t) for t in tallies(ctx.ex)], False, ctx.trace)


class TallyStory(CheckKind):
    name = "tally-story"
    summary = "one vote given different tallies in two articles of one story"
    scopes = ("corpus",)

    def run_corpus(self, ctx: CorpusContext) -> Iterable[Hit]:
        return _conflicts([(ex, t) for ex in ctx.documents for t in tallies(ex)], True, ctx.trace)


def _voters_of(ex: Extraction, t: Tally, voted: list[BodySize]) -> BodySize | None:
    """The count of those who voted that tells of this tally's vote: the nearest one within two
    sentences, of the tally's body (or of none), when no other tally is nearer to it."""
    at = ex.sentence_at(t.start).index
    near = []
    for v in voted:
        vs = ex.sentence_at(v.start).index
        if abs(vs - at) > 2 or (v.body and t.body and v.body != t.body):
            continue
        others = [o for o in tallies(ex) if o is not t and abs(ex.sentence_at(o.start).index - vs) < abs(vs - at)]
        if not others:
            near.append((abs(vs - at), v.start, v))
    return min(near, key=lambda x: x[:2])[2] if near else None


class TallyBody(CheckKind):
    name = "tally-body"
    summary = "a vote's tally that adds up to more votes than its body has members"

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        sizes, voted = body_sizes(ctx.ex), voter_counts(ctx.ex)
        for t in tallies(ctx.ex) if sizes or voted else ():
            total = t.high + t.low
            size = next((b for b in sizes if b.body == t.body or b.body in t.bodies), None)  # 'Board of Supervisors'
            if size is None and t.body is None:  # 'The 40-seat assembly passed it, 31 votes to 12': in its sentence
                size = next((b for b in sizes if ctx.ex.sentence_at(b.start) is ctx.ex.sentence_at(t.start)), None)
            if size is None:  # 'carried by 2,314 votes to 187' … 'of the 2,403 members who voted'
                size = _voters_of(ctx.ex, t, voted)
            if size is None or t.other:
                continue
            marks = (Mark(ctx.ex, t.start, t.end), Mark(ctx.ex, size.start, size.end))
            if total <= size.size:
                if ctx.trace is not None:
                    ctx.trace.stop("agrees", f"{t.text} is {total} votes of {size.size}", *marks)
                continue
            yield Hit(
                Mark(ctx.ex, t.start, t.end),
                [Mark(ctx.ex, size.start, size.end, "how many voted" if size.voted else "the body's size")],
                fields={"tally": t.text, "sum": f"{total:,}", "size": size.text},
            )


class TallyShareCheck(CheckKind):
    name = "tally-share"
    summary = "a percentage given as one side's share of a tallied vote that the tally does not give"
    parameters: ClassVar[Params] = {"tolerance_points": (NUMBER, 1.0)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        tol = ctx.params["tolerance_points"]
        voted = voter_counts(ctx.ex)
        for ts in tally_shares(ctx.ex):
            t, pct = ts.tally, ts.pct
            sides = {"for": [t.favour or t.high], "against": [t.low if t.favour is None else t.high + t.low - t.favour]}
            counts = sides[ts.side] if ts.side else [t.high, t.low]
            totals = [t.high + t.low] + [v.size for v in voted if v.size >= t.high + t.low and _near(ctx.ex, t, v)]
            shares = sorted({round(100 * n / total, 1) for n in counts for total in totals})
            marks = (Mark(ctx.ex, pct.start, pct.end), Mark(ctx.ex, t.start, t.end))
            if any(pct.low - tol <= share <= pct.high + tol for share in shares):
                if ctx.trace is not None:
                    ctx.trace.stop("agrees", f"{t.text} gives {shares[0]:g}%, which {pct.text} fits", *marks)
                continue
            share = " or ".join(_pct(n, t.high + t.low) for n in counts)
            yield Hit(marks[0], [Mark(ctx.ex, t.start, t.end, "the tally")],
                      fields={"pct": pct.text, "tally": t.text, "share": share})


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}%"


def _near(ex: Extraction, t: Tally, v: BodySize) -> bool:
    return abs(ex.sentence_at(v.start).index - t.sentence) <= 2
