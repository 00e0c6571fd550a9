"""Checks that compare figures for the same thing: conflicting values, a cumulative count
that falls, one amount at two scales, a fixed fact that changes, an as-of date that lags."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

from consistency.claims.model import Claim
from consistency.claims.names import place_containers

# isort: split
# names first: importing claims.cache first would start the extraction package mid-cycle
from consistency.claims import lexicon
from consistency.claims.arithmetic_links import changed_to, linked_parts
from consistency.claims.cache import per_document, title_sentences
from consistency.claims.frames import frame_lexicon
from consistency.claims.tallies import in_tally
from consistency.extract.pipeline import Extraction
from consistency.rules.checks.base import (
    BOOLEAN,
    INTEGER,
    NUMBER,
    STRINGS,
    SYNONYMS,
    ArticleContext,
    CheckKind,
    CorpusContext,
    Hit,
    Item,
    Params,
    alias_map,
    as_of_expr,
    as_of_overlap,
    clause_claims,
    distinct_names,
    is_distributive,
    is_update,
    pairs,
    same_name,
    subject,
    subjects_differ,
)

if TYPE_CHECKING:
    from consistency.explain.trace import Trace

_PAIR_ROLES = ("part", "change-from", "change-to")
_REVISION = re.compile(
    r"\b(?:revised|corrected|lowered|adjusted|recount(?:ed)?|reclassified|downgraded|not\s+\w+\s+as\s+"
    r"(?:first|initially|earlier|previously)\s+reported)\b",
    re.I,
)


def _revised(item: Item) -> bool:
    """The figure's sentence revises a figure ('revised', 'not five as first reported'),
    read once per sentence (pair checks ask once per pair)."""
    cache = item.ex.__dict__.setdefault("_revised_sentences", {})
    index = item.claim.sentence
    if index not in cache:
        cache[index] = bool(_REVISION.search(item.sentence.text))
    return cache[index]


def _comparable(item: Item) -> bool:
    """A figure that states a measure's value outright: not a part, a change's end, a range,
    an increment, a rate or a subset."""
    c = item.claim
    return (
        (c.role not in _PAIR_ROLES or _result_now(c))
        and c.qualifier != "range"
        and not c.increment
        and not is_distributive(item)
        and c.index not in linked_parts(item.ex)
    )


def _result_now(c: Claim) -> bool:
    """A company result a change ends at ('its third-quarter net profit rose 14 pct to 1.42 bln
    dlrs'): the result as reported, so it is compared like any statement of it."""
    if c.role != "change-to" or c.kind != "money" or not c.modifiers:
        return False
    frame = frame_lexicon().frames.get(c.frame or "")
    return frame is not None and frame.results


def _running_total(item: Item) -> bool:
    """A figure that can be a running total's value: 'the total stood at 12,910' is one
    (unlike for `conflict`, where a total of several groups is another measure)."""
    c = item.claim
    return (
        c.role not in _PAIR_ROLES
        and c.qualifier != "range"
        and not c.increment
        and (c.status or not is_distributive(item))
        and c.index not in linked_parts(item.ex)
    )


def _when(c: Claim) -> tuple[dt.date, int] | None:
    return (c.as_of_low, c.as_of_part) if c.as_of_low is not None and c.as_of_low == c.as_of_high else None


def _order(a: Item, b: Item) -> tuple[Item, Item] | None:
    """(earlier, later) when the two figures' as-of times are ordered (day, then part of day).
    Within an article a figure with no time of its own is about the article's event: its
    time is unknown and compatible with any. Across articles it is the article's own date."""
    ca, cb = a.claim, b.claim
    if None in (ca.as_of_low, ca.as_of_high, cb.as_of_low, cb.as_of_high):
        return None
    if a.ex is b.ex and (not ca.as_of_text or not cb.as_of_text):
        return _by_progress(a, b)
    if ca.as_of_high < cb.as_of_low:
        return a, b
    if cb.as_of_high < ca.as_of_low:
        return b, a
    wa, wb = _when(ca), _when(cb)
    if wa and wb and wa[0] == wb[0] and wa[1] and wb[1] and wa[1] != wb[1]:
        return (a, b) if wa[1] < wb[1] else (b, a)
    return _by_progress(a, b)


def _by_progress(a: Item, b: Item) -> tuple[Item, Item] | None:
    """'With 60 percent of precincts reporting' comes before 'with 85 percent' in one article."""
    pa, pb = a.claim.progress, b.claim.progress
    if a.ex is not b.ex or pa is None or pb is None or pa == pb:
        return None
    return (a, b) if pa < pb else (b, a)


def _modifiers_agree(a: Claim, b: Claim, distinguishing: frozenset[str]) -> bool:
    """'confirmed deaths' are the deaths; 'new cases' are not the cases. A reporting period
    ('full-year', 'third-quarter') written on one side only is the article's period."""
    if a.modifiers == b.modifiers:
        return True
    periods = frame_lexicon().periods
    pa, pb = set(a.modifiers) & periods, set(b.modifiers) & periods
    if pa and pb and pa != pb:
        return False
    if (pa and not pb and b.as_of_text) or (pb and not pa and a.as_of_text):
        return False  # 'in the six months to December' against 'in 2025': the other names its own time
    rest_a = tuple(m for m in a.modifiers if m not in periods)
    rest_b = tuple(m for m in b.modifiers if m not in periods)
    if (pa or pb) and rest_a == rest_b:
        return True
    extra = set(a.modifiers) ^ set(b.modifiers)
    if a.modifiers and b.modifiers:
        return False
    return not (extra & distinguishing)


@per_document
def _periods_named(ex: Extraction) -> frozenset[str]:
    """The lengths of the reporting periods an article names ('quarter', 'year', 'half')."""
    lex = frame_lexicon()
    return frozenset(lex.period_class[m.group(0).lower()] for m in lex.period_words.finditer(ex.document.text))


def _periods_apart(ex: Extraction, a: Claim, b: Claim) -> bool:
    """One result written with a period ('net profit of 1.52 bln dlrs' for the full year) and
    one written with none, in an article that names periods of two lengths: the bare one may
    be of the other period ('Net profit was 412 mln dlrs' for the fourth quarter)."""
    pa, pb = _period_of(ex, a), _period_of(ex, b)
    if pa and pb:
        return pa.isdisjoint(pb)  # 'In the first 10 months of the year, … 31.8 mln' and '3.42 mln … in October'
    if bool(pa) == bool(pb):
        return False
    return bool(_periods_named(ex) - (pa or pb))


_PERIOD_AFTER = re.compile(r"\s+(?:in|for|during|over)\s+the\s+(?:(?:first|second|third|fourth|latest|same)\s+)?", re.I)


def _period_of(ex: Extraction, c: Claim) -> set[str]:
    """A result's period lengths: its modifiers', else a period written right after it ('£421m in the quarter')."""
    lex = frame_lexicon()
    own = {lex.period_class[m] for m in c.modifiers if m in lex.period_class}
    if own:
        return own
    text = ex.document.text
    m = _PERIOD_AFTER.match(text, c.end, min(len(text), c.end + 40))
    word = lex.period_words.match(text, m.end()) if m else None
    if word:
        return {lex.period_class[word.group(0).lower()]}
    sent = ex.sentences[c.sentence]
    months = _FIRST_MONTHS.match(text, sent.start, c.start) or _FIRST_MONTHS.match(text, c.end, c.end + 60)
    if months:  # 'In the first 10 months of the year, Aeralis carried 31.8 mln passengers'
        return {f"{months.group('n').lower()} months"}
    if c.as_of_text and c.as_of_low and c.as_of_high and 27 <= (c.as_of_high - c.as_of_low).days <= 30:
        return {"month"}  # '3.42 mln passengers in October'
    return set()


_FIRST_MONTHS = re.compile(
    r"\s*,?\s*(?:in|for|during|over)\s+the\s+(?:first|past|last|latest)\s+(?P<n>\d{1,2}|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve)\s+months\b",
    re.I,
)
"""A count of months fronted in a sentence or right after a figure: 'In the first 10 months of the year,'."""


def _pointed_whole(it: Item) -> bool:
    """'about 400 of the 2,400 evacuees' at a shelter: a definite whole of a part points back to
    a total told before, and the places of its clause before it are the part's; a place after
    it ('of the 120 evacuees in Brinton') is its own."""
    c = it.claim
    if not (c.definite and c.role == "whole" and c.places):
        return False
    after = it.ex.document.text[c.end : c.clause_end]
    return not any(p in after for p in c.places)


def _needs_subject(c: Claim) -> bool:
    frame = frame_lexicon().frames.get(c.frame or "")
    return bool(frame and frame.needs_subject)


def _places_agree(a: Claim, b: Claim, across: bool) -> bool:
    """Two figures can be one only if their places do not tell two events apart: Ardley's
    flood and Vessen's, or 'in Orsk' and 'in Durnovo' (each side naming a place the other
    lacks). Within an article only the figures' own clauses count."""
    pa, pb = (a.event_places, b.event_places) if across else (a.places, b.places)
    if not pa or not pb:
        return True
    sa, sb = set(pa), set(pb)
    return sa <= sb or sb <= sa


def _places_nested(a: Item, b: Item) -> bool:
    """Two articles' event places agree when one side names a place the other side's places
    lie in, as either article says ('Besk valley' and 'near Orsk', where one article says
    Orsk is in the Besk valley): the same event seen at two scales, not two events."""
    ka, kb = place_containers(a.ex), place_containers(b.ex)
    sa, sb = set(a.claim.event_places), set(b.claim.event_places)
    if not (ka or kb) or not sa or not sb:
        return False
    within = dict(ka)
    for inner, outers in kb.items():
        within[inner] = within.get(inner, frozenset()) | outers

    def up(places: set[str]) -> set[str]:
        return places | {o for p in places for o in within.get(p, ())}

    return sa <= up(sb) or sb <= up(sa)


def _within_run(earlier: Claim, later: Claim) -> bool:
    """Both figures fall inside one running total's life (an election count lasts days; no
    running total lasts from one year's written figure to another's: 'in 2007, killed 31' and
    'last year's season killed 2' are two seasons)."""
    if earlier.as_of_high is None or later.as_of_low is None:
        return True
    gap = (later.as_of_low - earlier.as_of_high).days
    if earlier.as_of_text and later.as_of_text and gap > 366:
        return False
    days = earlier.cumulative_days
    return days is None or gap <= days


def _by_publication(a: Item, b: Item) -> tuple[Item, Item] | None:
    da, db = a.ex.reference_date, b.ex.reference_date
    if da is None or db is None or da == db:
        return None
    return (a, b) if da < db else (b, a)


def _year_count_and_day(a: Claim, b: Claim) -> bool:
    """One figure is written for a whole year ('last year', 'in 2024') and the other for a day
    or a few: a year's count and a running total's point are two measures."""
    def span(c: Claim) -> int | None:
        if not c.as_of_text or c.as_of_low is None or c.as_of_high is None:
            return None
        return (c.as_of_high - c.as_of_low).days
    sa, sb = span(a), span(b)
    long_a, long_b = sa is not None and sa >= 300, sb is not None and sb >= 300
    return long_a != long_b and (long_a or long_b) and (sa is None or sa <= 31 or sb is None or sb <= 31)


@lexicon.derived
def _money_nouns() -> tuple[dict[str, int], re.Pattern[str], re.Pattern[str]]:
    """Nouns that name a sum, by group (frames lexicon `money_noun_groups`), and the patterns
    that find one right before a sum ('a cost of about ') or right after it ('£14.6m budget')."""
    groups = lexicon.load("frames").get("money_noun_groups") or []
    group_of = {str(w).lower(): i for i, g in enumerate(groups) for w in g}
    alt = lexicon.alternation(sorted(group_of, key=lambda w: (-len(w), w)))
    before = re.compile(
        rf"\b(?P<n>{alt})s?\s+(?:of|at|was|is|stood\s+at|totalling|totaling|worth)\s+"
        r"(?:(?:about|some|nearly|almost|around|roughly|just\s+over|just\s+under|more\s+than)\s+)?$",
        re.I,
    )
    after = re.compile(rf"(?:\s+[a-z][\w-]*){{0,2}}?\s+(?P<n>{alt})s?\b", re.I)  # used with .match(text, pos)
    return group_of, before, after


def _money_kinds_differ(a: Item, b: Item) -> bool:
    """Two sums named by nouns of different groups: what is allocated ('budget', 'grant') and
    what something costs ('cost', 'bill') are two measures, whatever the frame."""
    group_of, before, after = _money_nouns()

    def group(it: Item) -> int | None:
        c, text = it.claim, it.ex.document.text
        m = before.search(text, max(c.clause_start, c.start - 40), c.start)
        if m is None:
            m = after.match(text, c.end, min(c.clause_end, c.end + 30))
        return group_of.get(m.group("n").lower()) if m else None

    ga, gb = group(a), group(b)
    if ga is not None and gb is not None and ga != gb:
        return True
    kind = frame_lexicon().payment_kind
    ka, kb = (kind.match(it.ex.document.text, it.claim.end) for it in (a, b))
    # 'ordered to pay £45,000' … 'fined £38,000 and ordered to pay £7,000 in costs': a kind of the total
    return (ka is None) != (kb is None) or (ka is not None and kb is not None and ka.group(1) != kb.group(1))


_TO_DATE = re.compile(r"\b(?:have|has)\s+(?:[a-z]+\s+){0,4}?[a-z]+\b[^.;]{0,80}?\bsince\b", re.I)


def _to_date(item: Item) -> bool:
    """A count told to date ('have swum the strait one way since 1958'): a present perfect with
    'since' in the figure's clause."""
    c = item.claim
    return _TO_DATE.search(item.ex.document.text, c.clause_start, c.clause_end) is not None


def _periods_of_two_lengths(a: Claim, b: Claim) -> bool:
    """Both figures are written for periods of a month or more, one at least twice the other
    ('in March' and 'for the first quarter', 'the first half' and 'the year'): a part of a
    period's total and the total, never one figure restated."""
    if not (a.as_of_text and b.as_of_text) or None in (a.as_of_low, a.as_of_high, b.as_of_low, b.as_of_high):
        return False
    sa = (a.as_of_high - a.as_of_low).days + 1  # type: ignore[operator]
    sb = (b.as_of_high - b.as_of_low).days + 1  # type: ignore[operator]
    return min(sa, sb) >= 28 and max(sa, sb) >= 2 * min(sa, sb)


def _beside_change(item: Item) -> bool:
    """A figure that is not itself the total, in a clause that states the total or a change
    ('the toll rose to nine after two injured people died': the two is a component)."""
    c = item.claim
    if c.role is not None or c.status:
        return False
    return any(
        o is not c
        and (o.role in ("change-from", "change-to") or (o.status and o.measure == c.measure))
        and not _written_apart(o, c)  # '214 on Friday, 488 on Sunday': a dated series, not a component
        for o in clause_claims(item.ex, c.clause)
    )


def _same_stated_day(a: Item, b: Item) -> bool:
    """Both figures state their own time, and it is the same day ('by the night of November 1')."""
    ca, cb = a.claim, b.claim
    return bool(ca.as_of_text and cb.as_of_text and _when(ca) and _when(ca) == _when(cb))


def _written_apart(a: Claim, b: Claim, days: int = 0) -> bool:
    """The figures' times do not meet (by more than `days`), and both are written, or one is
    written and lies more than a year from the other ('when 870 properties were flooded' in
    2019, against this week's undated '612 properties were flooded')."""
    if not (a.as_of_text or b.as_of_text) or None in (a.as_of_low, a.as_of_high, b.as_of_low, b.as_of_high):
        return False
    gap = max((b.as_of_low - a.as_of_high).days, (a.as_of_low - b.as_of_high).days)  # type: ignore[operator]
    return gap > (days if a.as_of_text and b.as_of_text else 366)


def _restated(a: Claim, b: Claim) -> bool:
    """The same words around both figures, and no different words on either side: one fact
    written twice ('his fourth haul in 14 tests' … 'in 17 tests'), not one template filled
    twice ('a tournament of 32 teams requires log' … 'of 6 teams requires 3')."""
    (ab, aa), (bb, ba) = a.context, b.context
    same = (ab and ab == bb) or (aa and aa == ba)
    clash = (ab and bb and ab != bb) or (aa and ba and aa != ba)
    return bool(same and not clash)


def _one_day(a: Item, b: Item) -> bool:
    """Across articles: at least one figure states its day, and both come to the same day
    (a figure with no time of its own is as of its article's date)."""
    ca, cb = a.claim, b.claim
    if not (ca.as_of_text or cb.as_of_text):
        return False
    if ca.as_of_text and cb.as_of_text:  # "on Sunday" and "earlier this month": both say when, and agree
        return as_of_overlap(ca, cb)
    wa, wb = _when(ca), _when(cb)
    return bool(wa and wb and wa[0] == wb[0])


def _same_incident(a: Claim, b: Claim) -> bool:
    """'One man was killed … early Thursday' and 'two people were killed … late Sunday' tell
    of two incidents: figures of the event's own verb dated to different days. A running
    total dated to a later day ('the death toll stood at 38 on Wednesday') is the same event."""
    if a.status or b.status or a.event_day is None or b.event_day is None:
        return True
    return abs((a.event_day - b.event_day).days) <= 1


def _headline_rounding(c: Claim) -> tuple[float, float]:
    """A headline's round figure is rounded at its last non-zero digit ('190,000 homes
    without power' over a body's 190,400): its interval widens by half that place, at most 1%."""
    if not c.title or c.low != c.high or c.value != int(c.value) or abs(c.value) < 1000:
        return c.low, c.high
    digits = str(int(abs(c.value)))
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros < 3 or len(digits) - zeros > 2:
        return c.low, c.high  # '190,000' and '2,000' are round; '2,350' is not
    half = min(10**zeros / 2, abs(c.value) / 100)  # at most 1%: '2,000 jobs' over '2,400' still disagrees
    return c.low - half, c.high + half


def _disjoint(a: Claim, b: Claim, tolerance: float) -> bool:
    spread = tolerance * max(abs(a.value), abs(b.value))
    (a_low, a_high), (b_low, b_high) = _headline_rounding(a), _headline_rounding(b)
    return a_low - spread > b_high or b_low - spread > a_high


def _candidates(
    items: list[Item],
    keys: tuple[str, ...],
    params: dict,
    across: bool,
    comparable=None,
    trace: Trace | None = None,
) -> Iterator[tuple[Item, Item]]:
    """Pairs of comparable figures of one measure, in different sentences (or articles),
    with compatible modifiers and subjects and values that do not overlap."""
    distinguishing = frame_lexicon().distinguishing
    keep = comparable or _comparable
    chosen = []
    for it in items:
        if keep(it):
            chosen.append(it)
        elif trace is not None:
            trace.stop("not-comparable", _not_comparable(it), it.mark())
    for a, b in pairs(chosen, keys, alias_map(params["synonyms"]), trace, headline_apart=not across):
        gate = _candidate_gate(a, b, params, across, distinguishing)
        if gate is None:
            yield a, b
        elif trace is not None:
            trace.stop(gate, _detail(gate, a, b, params), a.mark(), b.mark())


_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]+")


def _own_subject(c: Claim) -> str | None:
    """Whom a figure is about: its clause's subject, else a proper name among the words it
    counts ('the 1,940 Ostrand residents who were evacuated')."""
    if c.subject:
        return c.subject
    m = _CAPITALISED.search(c.noun or "")
    return m.group(0) if m else None


@per_document
def _measure_subjects(ex: Extraction) -> dict[str, frozenset[str]]:
    """The subjects and single places each measure of an article is given for, worked out
    once per document."""
    out: dict[str, set[str]] = defaultdict(set)
    ref = ex.reference_date
    for c in ex.claims:
        if ref is not None and c.as_of_text and c.as_of_high is not None and (ref - c.as_of_high).days > 366:
            continue  # 'since 2011, when 31 people died in Ostrena': history, not this story's places
        who = _own_subject(c)
        if c.measure and who:
            out[c.measure].add(who)
        if c.measure and len(c.places) == 1:
            out[f"place:{c.measure}"].add(c.places[0])  # 'In Osk province, where 87 people died'
    return {k: frozenset(v) for k, v in out.items()}


def _place_unclear(a: Item, b: Item, across: bool) -> bool:
    """Within an article that gives one measure for several places (Taverna's dead, Osk's,
    Melin's), a figure with no place of its own may be any of them or the total, so it is not
    held against one place's figure."""
    if across or a.ex is not b.ex or bool(a.claim.places) == bool(b.claim.places):
        return False
    return len(_measure_subjects(a.ex).get(f"place:{a.claim.measure}", ())) >= 2


_STOPWORDS = frozenset("the a an its their his her our of in at on for and to by from with as this that".split())


def _changed_subject(item: Item) -> frozenset[str] | None:
    """The words of what changed, for a figure that ends a stated change ('Recorded crime in
    Harbury fell 4 per cent to 118,400 offences' -> recorded, crime, harbury)."""
    c = item.claim
    text = item.ex.document.text
    verb = changed_to(text[c.clause_start : c.start])
    if verb is None:
        return None
    words = {w.lower() for w in re.findall(r"[A-Za-z][\w'’-]+", text[c.clause_start : c.clause_start + verb])}
    return frozenset(words - _STOPWORDS) or None


def _subject_unclear(a: Item, b: Item, across: bool) -> bool:
    """Within an article that gives one measure for several subjects (Ostrand's evacuees,
    Harrowby's, Lenton's), a figure with no subject of its own may be any of them or their
    total, so it is not held against one subject's figure; with their subjects read from the
    counted words, two named ones must match; two ends of changes of different things
    ('crime fell to …', 'burglary fell to …') are two measures."""
    sa, sb = _own_subject(a.claim), _own_subject(b.claim)
    if sa and sb:
        return not same_name(sa, sb)
    if across or a.ex is not b.ex:
        if not (sa or sb):
            return False
        # 'Of the 118,400 votes counted, Noor had 48,540, Whitby 39,070 …' against a follow-up's
        # 'beating Whitby by 98,210 votes': one side names whose votes, the other article counts several
        subjects = _measure_subjects(a.ex).get(a.claim.measure or "", frozenset()) | _measure_subjects(b.ex).get(
            b.claim.measure or "", frozenset()
        )
        return distinct_names(subjects) >= 2
    wa, wb = _changed_subject(a), _changed_subject(b)
    if wa and wb and not wa & wb:
        return True  # 'Recorded crime … fell 4 per cent to 118,400 offences' and 'Burglary fell 11 per cent, to 6,230'
    if not (sa or sb) or distinct_names(_measure_subjects(a.ex).get(a.claim.measure or "", ())) < 2:
        return False  # two figures with no subject: both the article's (its total, say)
    named, other = (sa, b.claim) if sa else (sb, a.claim)
    # 'In Ostrand, 1,940 residents were moved out' is Ostrand's: its one place names it
    return not (named and len(other.places) == 1 and same_name(other.places[0], named))


def _candidate_gate(a: Item, b: Item, params: dict, across: bool, distinguishing: frozenset[str]) -> str | None:
    """The first gate that keeps two figures of one block from being one figure stated twice
    with values that disagree, or None when they are a candidate pair."""
    if across and a.ex is b.ex:
        return "same-article"
    ca, cb = a.claim, b.claim
    if not across and ca.sentence == cb.sentence and not params["same_sentence"] and not (
        params.get("dated_series") and _written_apart(ca, cb)
    ):
        return "same-sentence"  # … unless a running total is told day by day ('214 on Friday, 488 on Sunday')
    if (ca.role == "whole") != (cb.role == "whole") and not (ca.exhaustive and cb.exhaustive):
        return "whole-part"  # "the 40 seats" of the council against "14 seats" won; "the 32 dead" is the toll
    if subjects_differ(a, b) or _subject_unclear(a, b, across):
        return "subject"
    if (in_tally(a.ex, ca.start) or in_tally(b.ex, cb.start)) and not (_own_subject(ca) and _own_subject(cb)):
        return "tally-side"  # 'beating Whitby by 98,210 votes to 72,940' is Noor's count, not the total
    if not _modifiers_agree(ca, cb, distinguishing) or (a.ex is b.ex and _periods_apart(a.ex, ca, cb)):
        return "modifiers"
    if ca.kind == "money" and _money_kinds_differ(a, b):
        return "modifiers"  # 'at a cost of about £410,000' is no restatement of 'the waste budget of £14.6m'
    pointed_whole = not across and any(_pointed_whole(x) for x in (a, b))
    if (not pointed_whole and (not _places_agree(ca, cb, across and not _restated(ca, cb)) and not (
        across and _places_nested(a, b)
    ))) or _place_unclear(a, b, across):
        # a figure restated in the same words needs only its own clause's places to agree; 'about 400
        # of the 2,400 evacuees' at a shelter points back to the evacuees, whose places are the first's
        return "place"
    if _needs_subject(ca) and not (ca.subject and cb.subject):
        return "no-subject"  # "49 per cent of the vote" of whom?
    if across and not _same_incident(ca, cb):
        return "event"
    if ca.text == cb.text and ca.value == cb.value:
        return "same-figure"
    if not _disjoint(ca, cb, params["tolerance"]):
        return "tolerance"
    return None


def _not_comparable(item: Item) -> str:
    """Why a figure does not state its measure's value outright, in words (explain only)."""
    c = item.claim
    role = {"part": "a part of a whole", "change-from": "the start of a change", "change-to": "the end of a change"}
    if c.role in role:
        return role[c.role]
    if c.qualifier == "range":
        return "a range"
    if c.index in linked_parts(item.ex):
        return "a part of an earlier whole ('Of the injured, six …', '31 of whom')"
    if c.increment:
        return "an increment ('another 40'), not the total"
    if not c.cumulative and not c.status and is_distributive(item):
        return "a rate, average, total of groups or subset ('per household', 'of whom')"
    return "not a running total (death toll, cases, arrests)"


def _as_of(c: Claim) -> str:
    if c.as_of_low is None:
        return "unknown"
    day = c.as_of_low.isoformat() if c.as_of_low == c.as_of_high else f"{c.as_of_low}/{c.as_of_high}"
    return f"{day} ({c.as_of_text!r})" if c.as_of_text else f"{day} (not written)"


def _interval(c: Claim) -> str:
    if c.low == c.high:
        return f"{c.low:g}"
    return f"{c.low:g}-{c.high:g}" if math.isfinite(c.high) else f"at least {c.low:g}"


def _detail(gate: str, a: Item, b: Item, params: dict) -> str:
    """The particulars of a gate for two figures, in an editor's words (explain only)."""
    ca, cb = a.claim, b.claim
    if gate == "same-sentence":
        return "the rule compares figures in different sentences"
    if gate == "same-article":
        return "the article rule compares figures within one article"
    if gate == "whole-part":
        return f"{'the first' if ca.role == 'whole' else 'the second'} is the whole of a breakdown"
    if gate == "subject":
        sa, sb = _own_subject(ca), _own_subject(cb)
        if sa and sb:
            return f"{sa} vs {sb}"
        return f"{sa or sb} vs a figure with no subject, where the article gives this measure for several"
    if gate == "modifiers":
        return f"{' '.join(ca.modifiers) or '-'} vs {' '.join(cb.modifiers) or '-'}"
    if gate == "place":
        return f"{', '.join(ca.event_places or ca.places)} vs {', '.join(cb.event_places or cb.places)}"
    if gate == "tally-side":
        return "one side of a vote tally is one side's count: compared only with a figure of the same named side"
    if gate == "no-subject":
        return f"a {ca.frame} figure needs whose it is on both sides"
    if gate == "event":
        return f"their events are dated {ca.event_day} and {cb.event_day}"
    if gate == "same-figure":
        return "the same words and value"
    if gate == "tolerance":
        tol = params.get("tolerance", 0.0)
        return f"{_interval(ca)} and {_interval(cb)} overlap" + (f" (tolerance {tol:g})" if tol else "")
    if gate == "time":
        return f"as of {_as_of(ca)} and {_as_of(cb)}, and nothing points from one to the other"
    if gate == "rose":
        return f"{_interval(ca)} as of {_as_of(ca)}, then {_interval(cb)} as of {_as_of(cb)}: growth is an update"
    if gate == "no-reference":
        return "no 'the …' pointing back, no headline, no restatement, no shared subject"
    return ""


class Conflict(CheckKind):
    name = "conflict"
    summary = "the same measure at the same time with values that do not overlap"
    scopes = ("article", "corpus")
    parameters: ClassVar[Params] = {
        "tolerance": (NUMBER, 0.0),
        "same_sentence": (BOOLEAN, False),
        "synonyms": (SYNONYMS, []),
        "require_reference": (BOOLEAN, False),
        "exhaustive": (BOOLEAN, True),
    }

    def _pairs(
        self, items: list[Item], keys: tuple[str, ...], params: dict, across: bool, trace: Trace | None = None
    ) -> Iterator[tuple[Item, Item]]:
        # Framed figures, or figures restated in the same words ("his fourth haul in 14 tests"):
        # "the 56 laps" against "25 laps to go" says nothing about one measure.
        for a, b in _candidates(items, keys, params, across, trace=trace):
            gate, first, second = self._gate(a, b, params, across)
            if gate is None:
                yield first, second
            elif trace is not None:
                detail = _exemption(second) if gate == "exemption" else _detail(gate, first, second, params)
                trace.stop(gate, detail, first.mark(), second.mark())

    @staticmethod
    def _gate(a: Item, b: Item, params: dict, across: bool) -> tuple[str | None, Item, Item]:
        """The gate that stops a candidate pair, or None when it fires, with the pair in text order."""
        restated = _restated(a.claim, b.claim)
        if a.claim.frame is None and not restated:
            return "no-frame", a, b
        first, second = _text_order(a, b)
        if _revised(second) or is_update(second):
            return "exemption", first, second
        if first.claim.title and not _lede(first, second):
            return "headline", first, second
        # Words written alike around two figures point from one to the other, unless each
        # states its own time and the times differ ('Last year's season … killed 2' and 'in 2007,
        # … killed 31': one template filled twice).
        written_apart = _written_apart(first.claim, second.claim)
        # 'the …' points back across days ('the 140 residents who were evacuated', by Sunday),
        # not across years: 'all 27 seats' on 3 March does not restate the '7 seats in 2022'
        pointed = ((second.claim.definite or first.claim.title) and not _written_apart(
            first.claim, second.claim, 366
        )) or (restated and not written_apart) or _same_reported_result(first, second) or (
            _at_peak(first) and _at_peak(second) and not written_apart
        )
        if params["require_reference"] and not (pointed or _same_subject(a, b)):
            return "no-reference", first, second
        return _two_figures(first, second, pointed, params["exhaustive"], across), first, second

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        for first, second in self._pairs(ctx.items, ctx.rule.match_on, ctx.params, False, ctx.trace):
            yield Hit(second.mark(), [first.mark("the other figure")], a=second.claim, b=first.claim)

    def run_corpus(self, ctx: CorpusContext) -> Iterable[Hit]:
        order = {id(ex): i for i, ex in enumerate(ctx.documents)}
        for a, b in self._pairs(ctx.items, ctx.rule.match_on, ctx.params, True, ctx.trace):
            first, second = sorted((a, b), key=lambda it: (order[id(it.ex)], it.claim.start))
            yield Hit(second.mark(), [first.mark("the other article's figure")], a=second.claim, b=first.claim)


def _exemption(item: Item) -> str:
    """The words that frame a figure as an update or a revision (explain only)."""
    text = item.ex.document.text
    c = item.claim
    clause = text[c.clause_start : c.clause_end] if c.clause_end > c.clause_start else item.sentence.text
    from consistency.rules.checks.base import _UPDATE

    m = _REVISION.search(item.sentence.text) or _UPDATE.search(clause)
    if c.role in ("change-from", "change-to"):
        return "the later figure is one end of a stated change"
    return f"the later figure is framed as an update or revision ({m.group(0)!r})" if m else "an update"


def _two_figures(first: Item, second: Item, pointed: bool, exhaustive: bool, across: bool) -> str | None:
    """Whether two disagreeing figures of one measure are stated for one time, so one of
    them is wrong: their times, the measure's kind (running total, fixed fact, one total per
    event) and what points from one to the other decide. None when they are; else the gate
    that lets both be true."""
    a, b = first.claim, second.claim
    if a.cumulative and _year_count_and_day(a, b):
        return "time"  # 'in 2011, when about 230 people died' is that year's toll, not this one's
    if _periods_of_two_lengths(a, b):
        return "time"  # 'carried 3.1 mln passengers in March' … 'For the first quarter, … 8.4 mln'
    stated = _same_stated_day(first, second)
    order = _order(first, second)
    if order is None and across and a.cumulative and not stated:
        order = _by_publication(first, second)  # a later article's running total can only have grown
    if across and not a.cumulative and not stated and (_to_date(first) or _to_date(second)):
        # 'Only 23 people have swum the strait since 1958' … five months later '24 people have swum':
        # a count to date, which a later article may tell grown
        later_first = order or _by_publication(first, second)
        if later_first is not None and later_first[1].claim.low > later_first[0].claim.high:
            return "rose"
    if order is None and not across and a.cumulative:
        order = _undated_is_latest(first, second) or _headline_is_latest(first, second)
    if order is not None and a.fixed and b.fixed and not (a.as_of_text and b.as_of_text) and _within_months(a, b):
        order = None  # a fine is the fine: a follow-up weeks later restates it (not 'a five-year sentence in 2023')
    if order is not None:
        earlier, later = order[0].claim, order[1].claim
        if earlier.cumulative and later.low > earlier.high:
            return "rose"  # a running total that rose: an update, not a contradiction
        falls = earlier.cumulative and later.high < earlier.low and _within_run(earlier, later)
        return None if pointed or falls else "time"  # two times, two values: only a pointer or a fall makes them one
    if (a.as_of_text or b.as_of_text) and not _within_months(a, b) and not stated:
        return "time"  # 'released from a five-year sentence in 2023' is no restatement of this year's 'nine years'
    if pointed or stated:
        return None
    if not (a.exhaustive and exhaustive):
        return "no-reference"
    # Two articles' event verbs with no time of their own may tell two moments.
    return None if not across or a.status or b.status or a.fixed or _one_day(first, second) else "time"


def _within_months(a: Claim, b: Claim, days: int = 183) -> bool:
    """Two figures' times lie within about six months of each other (or one has none)."""
    if None in (a.as_of_low, a.as_of_high, b.as_of_low, b.as_of_high):
        return True
    gap = max((a.as_of_low - b.as_of_high).days, (b.as_of_low - a.as_of_high).days)  # type: ignore[operator]
    return gap <= days


def _undated_is_latest(a: Item, b: Item) -> tuple[Item, Item] | None:
    """In one article, a running total told with no time of its own ('the government said
    330 people had been killed') is as of the article, after one the article dates earlier
    in a dated series ('put the toll at 96 on Monday evening, 214 on Tuesday …'): the order a
    running total is read in."""
    ref = a.ex.reference_date
    dated = [it for it in (a, b) if it.claim.as_of_text]
    if ref is None or len(dated) != 1 or dated[0].claim.as_of_high is None or dated[0].claim.as_of_high >= ref:
        return None
    c = dated[0].claim
    undated = b if dated[0] is a else a
    if _by_then(dated[0]):
        return dated[0], undated  # 'By Friday afternoon the force had arrested 47': the total so far, then
    days = {  # the series is of this measure's figures (or bare ones, '214 on Tuesday'), not 'three days of rain'
        x.as_of_low for x in a.ex.claims
        if x.sentence == c.sentence and x.as_of_text and x.kind == c.kind and x.measure in (c.measure, None)
    }
    if len(days) < 2:
        return None  # not a dated series: 'killed five' and 'on Monday, four had died' are one toll told twice
    return dated[0], undated


def _by_then(it: Item) -> bool:
    """A running total told as reached 'by' its written time ('By Friday afternoon the force had
    arrested 47 people'): how far it had got then, which a later total may pass."""
    c = it.claim
    text = it.ex.document.text
    at = text.find(c.as_of_text or "\0", c.clause_start, c.clause_end)
    return at > 0 and re.search(r"\b[Bb]y\s+(?:late\s+|early\s+|mid-?)?$", text[max(0, at - 12) : at]) is not None


_PAST_PERFECT = re.compile(r"\bhad\s+(?:already\s+|earlier\s+)?(?:been\s+)?[a-z]+(?:ed|en|t)\b")


@lexicon.derived
def _earlier_in_the_day() -> re.Pattern[str]:
    """A sentence opening on an earlier time of the day ('At midday …', 'By 4 p.m. …', 'Earlier, …'):
    time lexicon `earlier_in_day_openers`, or 'At'/'By' and a clock time."""
    alt = lexicon.alternation(lexicon.load("time").get("earlier_in_day_openers"))
    return re.compile(rf"\s*(?:(?:{alt})(?![\w-])|(?:At|By)\s+\d{{1,2}}(?:[:.]\d\d)?\s*[ap]\.?m\b)", re.I)


def _headline_is_latest(a: Item, b: Item) -> tuple[Item, Item] | None:
    """A headline's running total ('Ferry disaster toll rises to 23') is the story's latest,
    so a body figure the article dates before its own day ('On Tuesday the coast guard had put
    the toll at 17') comes first: an update, not a restatement."""
    ref = a.ex.reference_date
    title = [it for it in (a, b) if it.claim.title]
    if ref is None or len(title) != 1 or title[0].claim.as_of_text:
        return None
    body = b if title[0] is a else a
    c = body.claim
    text = body.ex.document.text
    sent_start = body.ex.sentences[c.sentence].start
    if _earlier_in_the_day().match(text, sent_start) and _PAST_PERFECT.search(text, sent_start, c.start):
        return body, title[0]  # 'At midday the disaster office had reported 19 deaths': a state before the latest
    if not c.as_of_text or c.as_of_high is None or c.as_of_high >= ref or _in_lede(body):
        return None  # the lede's own figure ('Four people were injured … on Monday') is what the headline restates
    return body, title[0]


_LEDE_SENTENCES = 3


def _lede(title: Item, body: Item) -> bool:
    """A headline figure restates the story's first figure of that measure, not a later
    subgroup ('470 jobs at risk' … 'the Brantham site employs 350 people')."""
    key = body.claim.measure
    wholes = {c.link for c in body.ex.claims if c.role == "part"}
    first = next((c for c in body.ex.claims if c.measure == key and not c.title), None)
    if first is not body.claim or body.claim.index in wholes:
        return False
    t = title.claim
    same = [c for c in body.ex.claims
            if not c.title and c.unit == t.unit and c.low <= t.value <= c.high and _in_lede_claim(body.ex, c)]
    if same and any(c.role == "part" or c.index in linked_parts(body.ex) for c in same):
        return False  # 'Suvarna district worst hit with 23 deaths' restates the lede's '23 of the deaths'
    # The lede is the body's first sentences: a figure told further down ('The airport section
    # will cost £590 million', paragraph four) is a part of the story, not what the headline
    # says, unless it points back ('the nine fatalities').
    return body.claim.definite or _in_lede(body)


def _in_lede(item: Item) -> bool:
    """The figure is in the body's first `_LEDE_SENTENCES` sentences (the headline's own are
    not counted)."""
    return _in_lede_claim(item.ex, item.claim)


def _in_lede_claim(ex: Extraction, c: Claim) -> bool:
    return c.sentence - title_sentences(ex) < _LEDE_SENTENCES

def _text_order(a: Item, b: Item) -> tuple[Item, Item]:
    if a.ex is b.ex:
        return (a, b) if a.claim.start <= b.claim.start else (b, a)
    da, db = a.ex.reference_date or dt.date.min, b.ex.reference_date or dt.date.min
    return (a, b) if (da, a.ex.document.path) <= (db, b.ex.document.path) else (b, a)


def _at_peak(item: Item) -> bool:
    """The figure's clause calls it the measure's peak ('at the height of the storm')."""
    return item.claim.index in _peaks(item.ex)


@per_document
def _peaks(ex: Extraction) -> frozenset[int]:
    """The claims whose clause calls them the measure's peak, read once per document (a pair
    test asks of both figures of every candidate pair)."""
    peak, text = frame_lexicon().peak, ex.document.text
    if not peak.search(text):
        return frozenset()
    def span(c: Claim) -> tuple[int, int]:
        if c.clause_end > c.clause_start:
            return c.clause_start, c.clause_end
        sent = ex.sentences[c.sentence]
        return sent.start, sent.end

    return frozenset(c.index for c in ex.claims if peak.search(text, *span(c)))


def _same_reported_result(a: Item, b: Item) -> bool:
    """One company's result for one named period and kind ('Marlin Bancorp … its third-quarter
    net profit' and 'Marlin … a third-quarter net profit'): a reported figure, told once."""
    ca, cb = a.claim, b.claim
    lex = frame_lexicon()
    frame = lex.frames.get(ca.frame or "")
    if frame is None or not frame.results or ca.frame != cb.frame or _written_apart(ca, cb):
        return False  # results frames only (sales, profit): a budget's sums are of many things
    if not (ca.modifiers or cb.modifiers) or not _modifiers_agree(ca, cb, lex.distinguishing):
        return False  # 'net profit', 'revenue for the half' name a result; a bare 'profit' may be any
    if _same_subject(a, b):
        return True
    # In one article, a result with no company named is the article's company's, when the
    # article gives that measure for no other.
    return a.ex is b.ex and not (ca.subject and cb.subject) and distinct_names(
        _measure_subjects(a.ex).get(ca.measure or "", frozenset())
    ) <= 1


def _same_subject(a: Item, b: Item) -> bool:
    """Both figures have the same named subject. Without that or a pointer back, two counts
    with one noun and verb are as likely two groups ('12 arrested in Leeds … 3 in York')."""
    sa, sb = subject(a), subject(b)
    return bool(sa and sb and same_name(sa, sb))


class Monotonic(CheckKind):
    name = "monotonic"
    summary = "a cumulative count (death toll, cases, arrests) that falls as time goes on"
    scopes = ("article", "corpus")
    parameters: ClassVar[Params] = {"lemmas": (STRINGS, []), "synonyms": (SYNONYMS, [])}

    def _hits(
        self, items: list[Item], params: dict, keys: tuple[str, ...], across: bool, trace: Trace | None = None
    ) -> Iterator[Hit]:
        lemmas = set(params["lemmas"])
        chosen = [
            it for it in items if it.claim.cumulative or (lemmas and (it.claim.lemma in lemmas))
        ]
        if trace is not None:
            for it in items:
                if not (it.claim.cumulative or (lemmas and (it.claim.lemma in lemmas))):
                    trace.stop("not-comparable", "not a running total (death toll, cases, arrests)", it.mark())
        settings = {"synonyms": params["synonyms"], "same_sentence": False, "tolerance": 0.0, "dated_series": True}
        for a, b in _candidates(chosen, keys, settings, across, _running_total, trace):
            gate = None
            if any(_beside_change(it) for it in (a, b)):
                gate = "component"  # "rose to nine after two injured people died": the two is not the total
            elif _year_count_and_day(a.claim, b.claim):
                gate = "time"  # '1,940 road deaths last year' is a year's count, not a point of this toll
            # Across articles an undated running total is as of its article; two figures that
            # state the same day are a conflict (story-conflict), not a fall.
            order = None if gate else (
                _order(a, b) or (_by_publication(a, b) if across and not _same_stated_day(a, b) else None)
            )
            if gate is None and order is None:
                gate = "time"
            if order is not None:
                earlier, later = order
                if not _within_run(earlier.claim, later.claim):
                    gate = "time"
                elif later.claim.high < earlier.claim.low and not _revised(later):
                    related = [earlier.mark("the earlier, higher figure")]
                    yield Hit(later.mark(), related, a=later.claim, b=earlier.claim)
                    continue
                else:
                    gate = "exemption" if later.claim.high < earlier.claim.low else "rose"
            if trace is not None and gate is not None:
                trace.stop(gate, _fall_detail(gate, a, b, order), a.mark(), b.mark())

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        return self._hits(ctx.items, ctx.params, ctx.rule.match_on, across=False, trace=ctx.trace)

    def run_corpus(self, ctx: CorpusContext) -> Iterable[Hit]:
        return self._hits(ctx.items, ctx.params, ctx.rule.match_on, across=True, trace=ctx.trace)


def _fall_detail(gate: str, a: Item, b: Item, order: tuple[Item, Item] | None) -> str:
    """Why a running total's two figures are not a fall, in words (explain only)."""
    if gate == "component":
        return "one figure sits beside a stated change or total ('rose to nine after two died')"
    if gate == "exemption":
        return "the later figure's sentence revises it"
    if order is None and _same_stated_day(a, b):
        return f"both as of {_as_of(a.claim)}: one time, so not a fall (a conflict rule compares them)"
    if order is None:
        return f"as of {_as_of(a.claim)} and {_as_of(b.claim)}: no order in time between them"
    earlier, later = order[0].claim, order[1].claim
    if gate == "time":
        return f"as of {_as_of(earlier)} and {_as_of(later)}: too far apart for one running total"
    return f"{_interval(earlier)} as of {_as_of(earlier)}, then {_interval(later)} as of {_as_of(later)}"


_MANTISSA = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*-?\s*(?:thousand|million|billion|trillion|lakhs?|crores?|mln|bln|trn|bn|mn|m|b|k|tn)\b",
    re.I,
)


class Scale(CheckKind):
    name = "scale"
    summary = "the same written amount at two scales ($3.1 billion … $3.1 million)"
    parameters: ClassVar[Params] = {"min_digits": (INTEGER, 2)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        found: dict[tuple[str, str], list[tuple[int, Item]]] = defaultdict(list)
        for it in ctx.items:
            m = _MANTISSA.search(it.claim.text)
            if not m:
                continue
            mantissa = m.group(1).replace(",", "")
            if len(mantissa.replace(".", "").strip("0")) < ctx.params["min_digits"]:
                if ctx.trace is not None:
                    ctx.trace.stop("not-comparable", f"fewer than {ctx.params['min_digits']} digits", it.mark())
                continue  # "$1 million" and "$1 billion" are both common and distinct
            ratio = abs(it.claim.value) / float(mantissa) if float(mantissa) else 0.0
            if not ratio or not math.isfinite(ratio):
                continue  # zero, or "minus 1.92 billion": the scale of the size, not of the sign
            scale = round(math.log10(ratio))
            found[(it.claim.unit, mantissa)].append((scale, it))
        for key in sorted(found):
            group = found[key]
            for i, (sa, a) in enumerate(group):
                for sb, b in group[i + 1 :]:
                    ha, hb = _counted(ctx.ex, a.claim), _counted(ctx.ex, b.claim)
                    if sa != sb and not (set(ha.split()) & set(hb.split())) and a.claim.kind == b.claim.kind == "count":
                        # '1.9 mln customers' and 'to 2.3 bln crowns from 1.9 bln': two things counted
                        if ctx.trace is not None:
                            ctx.trace.stop("blocking-key", f"counts of {ha or '-'} vs {hb or '-'}", a.mark(), b.mark())
                        continue
                    if sa != sb and a.claim.sentence != b.claim.sentence:
                        yield Hit(b.mark(), [a.mark("the same figure at another scale")], a=b.claim, b=a.claim)
                    elif ctx.trace is not None:
                        gate, detail = ("agrees", "the same scale") if sa == sb else ("same-sentence", "")
                        ctx.trace.stop(gate, detail, a.mark(), b.mark())


def _counted(ex: Extraction, c: Claim) -> str:
    """What a count counts, as its noun's lemmas ('dinar licence'), else (an end of a change
    told with its unit left out, 'to 2.3 bln crowns from 1.9 bln') the other end's; '-' for none."""
    linked = c.link is not None and 0 <= c.link < len(ex.claims)
    if c.lemma is None and c.role in ("change-from", "change-to") and linked:
        return ex.claims[c.link].lemma or "-"  # type: ignore[index]
    return c.lemma or "-"


_CUMULATIVE_AS_OF = re.compile(r"\b(?:by|as\s+of|as\s+at|up\s+to)\s+(?:the\s+)?(?:\w+\s+)?(?:of\s+)?$", re.I)


def _cumulative(item: Item) -> bool:
    """The figure is a running total up to a given day: 'by November 1', 'as of May 3'."""
    d = as_of_expr(item)
    if d is None or d.kind != "date" or d.low != d.high:
        return False
    text = item.ex.document.text
    return bool(_CUMULATIVE_AS_OF.search(text[max(item.sentence.start, d.start - 30) : d.start]))


class AsOfLag(CheckKind):
    name = "as-of-lag"
    summary = "a running total whose as-of date lags the event the article reports"
    parameters: ClassVar[Params] = {"min_days": (INTEGER, 14), "max_days": (INTEGER, 180)}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        ref = ctx.ex.reference_date
        trace = ctx.trace
        if ref is None:
            if trace is not None:
                for it in ctx.items:
                    trace.stop("missing", "the article has no date to measure the lag from", it.mark())
            return
        for it in ctx.items:
            c = it.claim
            if c.as_of_high is None or not _cumulative(it):
                if trace is not None:
                    trace.stop("not-comparable", "not a running total dated 'by' or 'as of' a day", it.mark())
                continue
            event = _event_date(ctx.ex, it) or ref
            lag = (event - c.as_of_high).days
            if trace is not None and not ctx.params["min_days"] <= lag <= ctx.params["max_days"]:
                span = f"{ctx.params['min_days']}-{ctx.params['max_days']}"
                trace.stop("tolerance", f"{lag} days before the event ({event}), outside {span}", it.mark())
            if ctx.params["min_days"] <= lag <= ctx.params["max_days"]:
                yield Hit(
                    it.mark(),
                    [],
                    fields={"lag_days": lag, "event_date": event.isoformat(), "as_of": c.as_of_high.isoformat()},
                    a=c,
                )


def _event_date(ex: Extraction, item: Item) -> dt.date | None:
    """The event (a briefing, a visit) at which the figure was given: the latest day-resolved
    date in its sentence or the one before, else the first one in the article (the lede)."""
    sent = item.sentence
    lo = ex.sentences[max(0, sent.index - 1)].start
    days = [d.low for d in ex.dates if lo <= d.start < sent.end and d.kind == "date" and d.low == d.high and d.low]
    as_of = item.claim.as_of_high
    days = [d for d in days if (ex.reference_date is None or d <= ex.reference_date) and (as_of is None or d > as_of)]
    if days:
        return max(days)
    lede = [
        d.low
        for d in ex.dates
        if d.kind == "date"
        and d.low == d.high
        and d.low
        and (ex.reference_date is None or d.low <= ex.reference_date)
        and (as_of is None or d.low > as_of)
    ]
    return lede[0] if lede else None


__all__ = ["AsOfLag", "Conflict", "Monotonic", "Scale", "subject"]
