"""Ages against each other and against birth dates, within one article and across a story.

Arithmetic only: which person an age belongs to, and when it is true, comes from
`consistency.claims.people`. An age N true at a time T says the person was born in the year
before T minus N years; two statements about one person disagree when those birth windows
cannot overlap (so a birthday between two articles is always allowed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from consistency.claims.people import Age as AgeFact
from consistency.claims.people import Person, age_candidates, may_have_births, people, same_person
from consistency.extract.pipeline import Extraction
from consistency.rules.checks.base import INTEGER, ArticleContext, CheckKind, CorpusContext, Hit, Item, Mark, Params

if TYPE_CHECKING:
    from consistency.explain.trace import Trace

Window = tuple[dt.date, dt.date]
_UNDATED = dt.date(2000, 1, 1)  # the article's own time when it has no date: same for all its present ages


def _years_before(d: dt.date, years: int) -> dt.date:
    """The same day `years` earlier, kept inside the calendar (years 1 to 9999): a birth
    window that would start before year 1 starts on 1 January of year 1."""
    year = d.year - years
    if year < dt.MINYEAR:
        return dt.date.min
    if year > dt.MAXYEAR:
        return dt.date.max
    try:
        return d.replace(year=year)
    except ValueError:  # 29 February
        return d.replace(year=year, day=28)


def born_window(value: int, when: Window, tolerance: int = 0) -> Window:
    """Birth dates that make someone `value` years old at some time in `when`."""
    start = _years_before(when[0], value + 1 + tolerance)
    low = start + dt.timedelta(days=1) if start < dt.date.max else start
    high = _years_before(when[1], value - tolerance)
    return min(low, high), high  # at the calendar's ends the window shrinks to a day, never inverts


def _overlap(a: Window, b: Window) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _years_between(born: dt.date, when: dt.date) -> int:
    return when.year - born.year - ((when.month, when.day) < (born.month, born.day))


@dataclass(frozen=True)
class _Fact:
    """An age or a birth date of one person in one article, as a birth window."""

    ex: Extraction
    person: Person
    window: Window
    mark: Mark
    item: Item | None
    text: str
    when: Window | None


def _may_have_ages(ex: Extraction, chosen: Iterable[Item]) -> bool:
    candidates = age_candidates(ex)
    return bool(candidates) and any(it.claim.index in candidates for it in chosen)


def _facts(ex: Extraction, chosen: dict[int, Item], tolerance: int, undated: bool) -> Iterator[_Fact]:
    """The person facts of an article whose claims the rule selected: ages, then birth dates.
    The people layer is built only when one can exist: an age needs a selected claim that
    `may_be_age`, a birth date the word 'born'."""
    if not _may_have_ages(ex, chosen.values()) and not may_have_births(ex):
        return
    found = people(ex)
    for age in found.ages:
        item = chosen.get(age.claim)
        when = ((_UNDATED, _UNDATED) if age.present else None) if undated else age.when
        if item is not None and when is not None:
            window = born_window(age.value, when, tolerance)
            yield _Fact(ex, found.persons[age.person], window, item.mark(), item, str(age.value), age.when)
    for b in found.births:
        window = (_years_before(b.low, tolerance), _years_before(b.high, -tolerance))
        yield _Fact(ex, found.persons[b.person], window, Mark(ex, b.start, b.end, "the birth date"), None, b.text, None)


def _expected(age: AgeFact | _Fact, birth: _Fact) -> str:
    when = age.when
    assert when is not None
    born = birth.window
    young, old = _years_between(born[1], when[0]), _years_between(born[0], when[1])
    return f"{young}" if young == old else f"{young} or {old}"


class Age(CheckKind):
    name = "age"
    summary = "ages of one person that disagree, or an age that does not fit a birth date"
    parameters: ClassVar[Params] = {"tolerance_years": (INTEGER, 0)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        if not _may_have_ages(ctx.ex, ctx.items):
            return  # every hit (and every trace stop) here needs an age of a selected claim
        chosen = {it.claim.index: it for it in ctx.items}
        tol = ctx.params["tolerance_years"]
        facts = list(_facts(ctx.ex, chosen, tol, ctx.ex.reference_date is None))
        first: dict[int, _Fact] = {}
        for f in facts:
            if f.item is None:
                continue
            a = first.setdefault(f.person.id, f)
            if a is not f and ctx.trace is not None and _overlap(a.window, f.window):
                detail = f"{f.person.name}: {a.text} and {f.text} fit one birth date"
                ctx.trace.stop("agrees", detail, f.mark, a.mark)
            if a is not f and not _overlap(a.window, f.window):
                line = ctx.ex.document.position(a.mark.start)[0]
                detail = f"{a.text} at line {line}"
                yield Hit(
                    f.mark,
                    [Mark(a.mark.ex, a.mark.start, a.mark.end, "the other age")],
                    a=f.item.claim,
                    b=a.item.claim if a.item else None,
                    fields={"person": f.person.name, "detail": detail},
                )
        for birth in (f for f in facts if f.item is None):
            for f in facts:
                if f.item is None or f.person is not birth.person or f.when is None:
                    continue
                if ctx.trace is not None and _overlap(f.window, birth.window):
                    detail = f"{f.person.name}: {f.text} fits born {birth.text}"
                    ctx.trace.stop("agrees", detail, f.mark, birth.mark)
                if not _overlap(f.window, birth.window):
                    detail = f"born {birth.text} (expected {_expected(f, birth)})"
                    yield Hit(f.mark, [birth.mark], a=f.item.claim, fields={"person": f.person.name, "detail": detail})


class AgeDrift(CheckKind):
    name = "age-drift"
    summary = "a person's age that moves faster (or slower) than the calendar between articles"
    scopes = ("corpus",)
    parameters: ClassVar[Params] = {"tolerance_years": (INTEGER, 0)}

    def run_corpus(self, ctx: CorpusContext) -> Iterable[Hit]:
        chosen: dict[int, dict[int, Item]] = {}
        for it in ctx.items:
            chosen.setdefault(id(it.ex), {})[it.claim.index] = it
        by_surname: dict[str, list[_Fact]] = {}
        for ex in ctx.documents:  # in date order: each fact meets the earlier articles' facts
            for f in _facts(ex, chosen.get(id(ex), {}), ctx.params["tolerance_years"], False):
                peers = people(ex).persons  # built by _facts already: an article with a fact
                earlier = by_surname.setdefault(f.person.surname, [])
                if ctx.trace is not None:
                    self._trace(ctx.trace, earlier, f, peers)
                clash = next(
                    (
                        a
                        for a in earlier
                        if a.ex is not ex and self._same(a, f, peers) and not _overlap(a.window, f.window)
                    ),
                    None,
                )
                if clash is not None:
                    yield self._hit(clash, f)
                earlier.append(f)

    def _trace(self, trace: Trace, earlier: list[_Fact], f: _Fact, peers: list[Person]) -> None:
        """Why each earlier statement with the same surname does not clash (explain only)."""
        for a in earlier:
            if a.ex is f.ex:
                continue
            if not self._same(a, f, peers):
                trace.stop("different-entity", f"{a.person.name} and {f.person.name}: not shown to be one person",
                           f.mark, a.mark)
            elif _overlap(a.window, f.window):
                trace.stop("agrees", f"{f.person.name}: {a.text} and {f.text} fit one birth date", f.mark, a.mark)

    @staticmethod
    def _same(a: _Fact, b: _Fact, b_peers: list[Person]) -> bool:
        return same_person(a.person, b.person, people(a.ex).persons, b_peers)

    @staticmethod
    def _hit(a: _Fact, b: _Fact) -> Hit:
        where = f"{a.ex.document.path}:{a.ex.document.position(a.mark.start)[0]}"
        days = (b.ex.reference_date - a.ex.reference_date).days if b.ex.reference_date and a.ex.reference_date else 0
        if a.item and b.item:
            moved = b.item.claim.value - a.item.claim.value
            detail = f"{b.text} here, {a.text} in {where}: {moved:+g} years in {days} days"
        else:
            moved = 0
            said_b, said_a = ("born " if f.item is None else "" for f in (b, a))
            detail = f"{said_b}{b.text} here does not fit {said_a}{a.text} in {where}"
        return Hit(
            b.mark,
            [Mark(a.ex, a.mark.start, a.mark.end, "the earlier statement")],
            a=b.item.claim if b.item else None,
            b=a.item.claim if a.item else None,
            fields={
                "person": max(b.person.name, a.person.name, key=len),
                "detail": detail,
                "moved": moved,
                "days": days,
            },
        )


__all__ = ["Age", "AgeDrift", "born_window"]
