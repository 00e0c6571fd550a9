"""Turn quantities into claims: measure key, as-of time, quote and attribution context."""

from __future__ import annotations

import bisect
import datetime as dt

from consistency.claims.model import Claim
from consistency.document.model import Document
from consistency.document.segment import Sentence
from consistency.extract import phrases
from consistency.extract.dates import DateExpr
from consistency.extract.quantities import Quantity

_AS_OF_KINDS = {"date", "month", "period", "relative", "weekday", "year"}


def build_claims(
    doc: Document,
    ref: dt.date | None,
    sents: list[Sentence],
    dates: list[DateExpr],
    quantities: list[Quantity],
    quotes: list[tuple[int, int]],
) -> list[Claim]:
    starts = [s.start for s in sents]
    claims: list[Claim] = []
    attributions: dict[int, str | None] = {}
    local_dates = _per_sentence(dates, starts)
    local_quantities = _per_sentence(quantities, starts)
    for i, q in enumerate(quantities):
        si = max(0, bisect.bisect_right(starts, q.start) - 1)
        sent = sents[si]
        if si not in attributions:
            attributions[si] = phrases.attribution(sent.text)
        governing = _governing_date(q, sent, local_dates.get(si, []), local_quantities.get(si, []))
        if governing is not None:
            as_low, as_high, as_text = governing.low, governing.high, governing.text
        else:
            as_low = as_high = ref
            as_text = None
        measure = q.lemma
        claims.append(
            Claim(
                index=i,
                text=q.text,
                start=q.start,
                end=q.end,
                value=q.value,
                low=q.low,
                high=q.high,
                unit=q.unit,
                entity=q.entity,
                kind=q.kind,
                noun=q.noun,
                lemma=q.lemma,
                predicate=q.predicate,
                measure=measure,
                as_of_low=as_low,
                as_of_high=as_high,
                as_of_text=as_text,
                sentence=si,
                quoted=any(a <= q.start < b for a, b in quotes),
                attribution=attributions[si],
                qualifier=q.qualifier,
                role=q.role,
                link=q.link,
            )
        )
    return claims


def _per_sentence(spans: list, starts: list[int]) -> dict[int, list]:
    """Dates or quantities grouped by the index of the sentence they start in."""
    out: dict[int, list] = {}
    for span in spans:
        out.setdefault(max(0, bisect.bisect_right(starts, span.start) - 1), []).append(span)
    return out


def _governing_date(q: Quantity, sent: Sentence, dates: list[DateExpr], quantities: list[Quantity]) -> DateExpr | None:
    """The date expression of the figure's sentence that its as-of time comes from: the
    nearest resolved date, preferring one after the figure ('87 localities by November 1'),
    and never one with another figure in between ('25k, up from 19,000 in March')."""
    best: tuple[int, DateExpr] | None = None
    for d in dates:
        if d.start >= sent.end or d.end <= sent.start or d.kind not in _AS_OF_KINDS or d.low is None:
            continue
        if d.start <= q.start < d.end:
            continue
        lo, hi = (q.end, d.start) if d.start >= q.end else (d.end, q.start)
        if any(lo <= other.start and other.end <= hi for other in quantities):
            continue
        distance = d.start - q.end if d.start >= q.end else (q.start - d.end) + 15
        if best is None or distance < best[0]:
            best = (distance, d)
    return best[1] if best else None
