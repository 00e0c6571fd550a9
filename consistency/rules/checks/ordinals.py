"""One ordinal fact given two ordinals in one article: 'the 57th festival' … 'its 58th edition'.

The claims layer (`consistency.claims.ordinals`) decides what each ordinal qualifies, of whom
and when; this check compares values. Three or more different values of one frame
and one owner are a history ('its 5th, 6th and 7th editions'), not a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable

from consistency.claims.ordinals import OrdinalFact, ordinal_facts
from consistency.rules.checks.base import ArticleContext, CheckKind, Hit, Mark


def _compatible(a: OrdinalFact, b: OrdinalFact, owners: int) -> bool:
    """Same owner (a person must be named or resolved on both sides; a festival may be unnamed
    on one side while the frame has a single owner), same time and contest."""
    if a.person and not (a.owner and b.owner):
        return False
    if a.owner and b.owner:
        if not a.owner & b.owner:
            return False
    elif (a.owner or b.owner) and owners > 1:
        return False
    return _same_time(a.time, b.time) and not (a.event and b.event and a.event != b.event)


def _same_time(a: str | None, b: str | None) -> bool:
    """An ordinal with no time of its own is the article's ('her fourth world title'); one
    dated to another year ('her first world title in 2019') is that year's."""
    if a and b:
        return a == b
    dated = a or b
    return dated in (None, "this")


def _history(a: OrdinalFact, b: OrdinalFact, group: list[OrdinalFact], owners: int) -> bool:
    """Do the facts that could be about the same thing as both a and b tell three or more
    values ('her third, fourth and fifth titles')? Another owner's ordinals ('Moser took
    silver for the second championship') are not part of a's and b's history."""
    kin = [f for f in group if f is a or f is b or (_compatible(f, a, owners) and _compatible(f, b, owners))]
    return len({f.value for f in kin}) > 2


class Ordinal(CheckKind):
    name = "ordinal"
    summary = "the same ordinal fact (edition, term, anniversary, finish) given two different ordinals"

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        facts = [f for f in ordinal_facts(ctx.ex) if not f.other]
        for frame in sorted({f.frame for f in facts}):
            group = [f for f in facts if f.frame == frame]
            values = len({f.value for f in group})
            if values < 2:
                if ctx.trace is not None and len(group) > 1:
                    marks = [Mark(ctx.ex, f.start, f.end) for f in group]
                    ctx.trace.stop("agrees", f"{frame}: the same ordinal", *marks)
                continue
            owners = len({f.owner for f in group if f.owner})
            pairs = [(a, b) for i, a in enumerate(group) for b in group[i + 1 :] if a.value != b.value]
            hit = next(
                ((a, b) for a, b in pairs
                 if a.sentence != b.sentence and _compatible(a, b, owners) and not _history(a, b, group, owners)),
                None,
            )
            if ctx.trace is not None and not hit:
                for a, b in pairs:
                    marks = (Mark(ctx.ex, a.start, a.end), Mark(ctx.ex, b.start, b.end))
                    if a.sentence == b.sentence:
                        ctx.trace.stop("same-sentence", "", *marks)
                    elif not _compatible(a, b, owners):
                        ctx.trace.stop("different-entity", f"{frame}: another owner, time or contest", *marks)
                    else:
                        ctx.trace.stop("history", f"{frame}: three or more different values tell a history", *marks)
            if hit:
                a, b = hit
                yield Hit(
                    Mark(ctx.ex, b.start, b.end),
                    [Mark(ctx.ex, a.start, a.end, "the other ordinal")],
                    fields={"frame": frame, "ordinal": b.text, "other": a.text},
                )
