"""A count word against the list it introduces: 'the three founders — A, B, C and D'.

The claims layer (`consistency.claims.lists`) reads the list; this check only compares: an
exact list must have as many items as the count, a subset ('including') never more.
"""

from __future__ import annotations

from collections.abc import Iterable

from consistency.claims.lists import enumerations
from consistency.rules.checks.base import ArticleContext, CheckKind, Hit, Mark


class ListCount(CheckKind):
    name = "list-count"
    summary = "a count word that does not match the number of names listed after it"

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        claims = {it.claim.index: it.claim for it in ctx.items}
        for e in enumerations(ctx.ex):
            marks = (Mark(ctx.ex, e.count_start, e.count_end), Mark(ctx.ex, e.list_start, e.list_end, "the list"))
            if e.claim is not None and e.claim not in claims:
                if ctx.trace is not None:
                    ctx.trace.stop("not-selected", "the count is quoted, in a correction, or not selected", *marks)
                continue  # the count is quoted, in a correction, or not selected
            listed = len(e.items)
            if listed == e.count or (e.mode == "subset" and listed < e.count):
                if ctx.trace is not None:
                    how = "a subset ('including')" if e.mode == "subset" else "the whole list"
                    ctx.trace.stop("agrees", f"{e.count_text!r} and {listed} names listed ({how})", *marks)
                continue
            yield Hit(
                Mark(ctx.ex, e.count_start, e.count_end),
                [Mark(ctx.ex, e.list_start, e.list_end, "the list")],
                fields={"listed": listed, "names": ", ".join(e.items), "count": e.count, "word": e.count_text},
                a=claims.get(e.claim) if e.claim is not None else None,
            )
