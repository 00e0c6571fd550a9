"""A fixed event of one entity dated two ways: 'founded in 1923' … 'opened the store in 1932'.

The claims layer (`consistency.claims.facts`) finds the dated events and resolves which entity
each is about; these checks compare dates. `fixed-fact-article` compares within one article,
`fixed-fact-story` across the articles of one story.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from consistency.claims.facts import DatedFact, dated_facts, same_date
from consistency.extract.pipeline import Extraction
from consistency.rules.checks.base import ArticleContext, CheckKind, CorpusContext, Hit, Mark

if TYPE_CHECKING:
    from consistency.explain.trace import Trace


def _same_name(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    """One name is the other or part of it ('Blow' ~ 'Jennifer Blow'; not 'Clyde Winger' ~ 'Clare Winger')."""
    return bool(a and b and (a <= b or b <= a))


def _same_entity(a: DatedFact, b: DatedFact, across: bool) -> bool:
    """One frame, one entity: both the article's own (within one article), or one name; a race
    also needs a shared name beyond the race (the winner)."""
    if a.frame != b.frame or "other" in (a.ref, b.ref) or a.recurring or b.recurring:
        return False
    if a.entity == "race":
        return _same_name(a.key, b.key) and bool((a.names & b.names) - (a.key or set()) - (b.key or set()))
    if a.ref == b.ref == "main" and not across:
        return True
    return _same_name(a.key, b.key)


def _conflicts(
    facts: list[tuple[Extraction, DatedFact]], across: bool, trace: Trace | None = None
) -> Iterator[Hit]:
    for i, (ex_a, a) in enumerate(facts):
        for ex_b, b in facts[i + 1 :]:
            if (ex_a is ex_b) == across or (not across and a.sentence == b.sentence):
                continue
            marks = (Mark(ex_a, a.date.start, a.date.end), Mark(ex_b, b.date.start, b.date.end))
            if across and {a.date.kind, b.date.kind} & {"weekday", "relative"}:
                if trace is not None:
                    trace.stop("not-comparable", "a weekday or relative date: no fixed date to compare", *marks)
                continue  # "the Saturday raid" resolves from each article's own date: no fixed date to compare
            if trace is not None and a.frame == b.frame and not _same_entity(a, b, across):
                trace.stop("different-entity", f"{a.frame}: not shown to be of one entity", *marks)
            elif trace is not None and a.frame == b.frame and same_date(a.date, b.date):
                trace.stop("agrees", f"{a.frame}: {a.date.text} and {b.date.text} are one date", *marks)
            if _same_entity(a, b, across) and not same_date(a.date, b.date):
                yield Hit(
                    Mark(ex_b, b.date.start, b.date.end),
                    [Mark(ex_a, a.date.start, a.date.end, "the other date")],
                    fields={"event": b.frame, "date": b.date.text, "other_date": a.date.text},
                )


class FactArticle(CheckKind):
    name = "fixed-fact-article"
    summary = "one fixed event (a founding, a birth, a raid, a win) of one entity dated two ways in one article"

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        return _conflicts([(ctx.ex, f) for f in dated_facts(ctx.ex)], False, ctx.trace)


class FactStory(CheckKind):
    name = "fixed-fact-story"
    summary = "one fixed event of one entity dated differently in two articles of one story"
    scopes = ("corpus",)

    def run_corpus(self, ctx: CorpusContext) -> Iterable[Hit]:
        return _conflicts([(ex, f) for ex in ctx.documents for f in dated_facts(ex)], True, ctx.trace)
