"""Turn quantities into claims: measure (frame, head, key), clause, as-of time, whether the
figure points back at an earlier one, quote and attribution context."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re

from consistency.claims import frames, names, series
from consistency.claims.clauses import clause_of, clause_spans
from consistency.claims.model import Claim
from consistency.document.model import Document
from consistency.document.segment import Sentence
from consistency.extract import phrases
from consistency.extract.dates import DateExpr
from consistency.extract.lexicon import RE_I_EXTRA
from consistency.extract.quantities import Quantity

_FRAMED_KINDS = {"count", "vague", "money", "duration", "measure"}
_AS_OF_KINDS = {"date", "month", "period", "relative", "weekday", "year"}
_QUALIFIER_WORDS = r"(?:(?:roughly|some|about|around|nearly|almost|an\s+estimated|estimated|more\s+than|over|" \
    r"at\s+least|fewer\s+than|less\s+than|just|only|total|entire|full|original|same)\s+)*"
_DEFINITE = re.compile(
    rf"(?:^|\W)(?:the|those|these|all|all\s+of\s+the|its|their|of\s+the|of\s+its|of\s+their)\s+{_QUALIFIER_WORDS}"
    r"(?:[$£€¥₹]\s?)?$",
    re.I,
)
_NOUN_OF = re.compile(
    r"(?:\b(?P<det>the|its|their|a|an)|(?P<owner>\b[A-Z][\w'’-]*['’]s))\s+(?P<mid>(?:[\w'’-]+\s+){0,2}?)"
    r"(?P<noun>[a-z]+)\s+(?:of|was|stood\s+at|at)\s+"
    rf"{_QUALIFIER_WORDS}(?:[$£€¥₹]\s?)?$",
    re.I,
)
_RUNNING_TOTAL = re.compile(  # "bringing the total number of arrests since Friday to 187"
    r"\bthe\s+(?:total\s+)?(?:number|tally|count|toll|total)\s+of\s+[^,;:]{1,50}?\s+(?:to|at|reached|was|is|of)\s+"
    rf"{_QUALIFIER_WORDS}$",
    re.I,
)
_QUALIFIER_LAST = frozenset(
    alt.split("\\s+")[-1] for alt in _QUALIFIER_WORDS[len("(?:(?:") : -len(")\\s+)*")].split("|")
)
"""The last word of each qualifier phrase _QUALIFIER_WORDS allows ("least" of "at least")."""
_POSSESSIVE_DET = re.compile(
    r"\b[A-Z][\w'’&-]*['’]s\s+(?:(?:revised|improved|new|latest|final|original)\s+)?(?:[$£€¥₹]\s?)?$"
)
"""A possessive name before a figure is its determiner: "Halberd Capital's 6.80 dlrs-a-share offer"."""
_DEFINITE_LAST = frozenset({"the", "those", "these", "all", "its", "their"}) | _QUALIFIER_LAST
_NOUN_OF_LAST = frozenset({"of", "was", "at"}) | _QUALIFIER_LAST
_RUNNING_TOTAL_LAST = frozenset({"to", "at", "reached", "was", "is", "of"}) | _QUALIFIER_LAST
_CURRENCY_SIGNS = "$£€¥₹"


def _last_word(head: str) -> str | None:
    """The word a match of _DEFINITE, _NOUN_OF or _RUNNING_TOTAL ends its words with: each
    ends with a word of theirs (their last set words, then qualifiers), then spaces, maybe a
    currency sign and a space, then the end. So the ASCII letters before the trailing spaces
    and sign, lower-cased, are one of that pattern's last words, or it cannot match. None
    (ask the pattern) where re.I may fold a letter that is not ASCII onto one (RE_I_EXTRA)."""
    if any(ch in head for ch in RE_I_EXTRA):
        return None
    tail = head.rstrip()
    if tail[-1:] and tail[-1] in _CURRENCY_SIGNS:
        tail = tail[:-1].rstrip()
    start = len(tail)
    while start and tail[start - 1].isascii() and tail[start - 1].isalpha():
        start -= 1
    return tail[start:].lower()


_START_DATE = re.compile(r"\b(?:since|began|begun|started|from|after|before)\s+(?:on\s+|in\s+)?(?:the\s+)?$", re.I)
_SPAN_BOUND = re.compile(r"\b(?:since|after|before|until|till|following|ahead\s+of)\b", re.I)
_YEAR_ADJECTIVE = re.compile(r"\b(?:a|an|the|its|his|her|their|this|that)\s+\d{4}\s+[a-z]", re.I)
_DAY_PARTS = (("morning", 1), ("afternoon", 2), ("midday", 2), ("noon", 2), ("evening", 3), ("night", 4))


def build_claims(
    doc: Document,
    ref: dt.date | None,
    sents: list[Sentence],
    dates: list[DateExpr],
    quantities: list[Quantity],
    quotes: list[tuple[int, int]],
) -> list[Claim]:
    starts = [s.start for s in sents]
    quote_starts = [a for a, _ in quotes]
    claims: list[Claim] = []
    attributions: dict[int, str | None] = {}
    clause_cache: dict[int, list[tuple[int, int]]] = {}
    clause_base: dict[int, int] = {}
    clause_places: dict[tuple[int, int], tuple[str, ...]] = {}  # figures of one clause share its places
    local_dates = _per_sentence(dates, starts)
    local_quantities = _per_sentence(quantities, starts)
    total_clauses = 0
    seen = names.capitalised_in(doc)
    lede_places: tuple[str, ...] | None = None  # read when a figure names no place of its own
    lede_day = _lede_day(doc, sents, dates)
    for i, q in enumerate(quantities):
        si = max(0, bisect.bisect_right(starts, q.start) - 1)
        sent = sents[si]
        if si not in attributions:
            attributions[si] = phrases.attribution(sent.text)
        if si not in clause_cache:
            clause_cache[si] = clause_spans(sent.text)
            clause_base[si] = total_clauses
            total_clauses += len(clause_cache[si])
        spans = clause_cache[si]
        rel_start, rel_end = q.start - sent.start, q.end - sent.start
        ci = clause_of(spans, rel_start)
        clause = spans[ci]
        governing = _governing_date(q, sent, clause, local_dates.get(si, []), local_quantities.get(si, []))
        if governing is None:
            governing = _opening_date(sent, spans[:ci], local_dates.get(si, []), local_quantities.get(si, []))
        if governing is None and ci and _WHEN_CLAUSE.match(sent.text, clause[0]):
            governing = _date_before(sent, clause[0], local_dates.get(si, []))
        if governing is not None:
            as_low, as_high, as_text = governing.low, governing.high, governing.text
            part = _day_part(doc.text, governing)
        else:
            as_low = as_high = ref
            as_text = None
            part = 0
        measure, definite = _measure(sent.text, q, rel_start, rel_end, clause)
        per = q.extra.get("per") or _count_rate(sent.text, q, rel_end)
        measure = frames.fit_rate(measure, per, q.unit)
        if measure.frame is not None and measure.frame.instances:
            named = frames.instance_words(measure.frame, sent.text[clause[0] : clause[1]])
            if named:  # 'raised its offer to 615p', 'rejected … at 520p a share': one offer of several
                measure = frames.Measure(measure.frame, measure.head, (*measure.modifiers, *named), measure.key,
                                         measure.predicate, measure.source)
        if per and measure.frame is not None and measure.frame.per:
            pass  # a frame of rates ('615p a share' offered) keeps its frame: its key names the rate
        elif per and measure.key:  # a rate is its own measure: "$58.24 per barrel"
            measure = frames.Measure(None, measure.head, measure.modifiers, f"{measure.key}/per {per}",
                                     measure.predicate, measure.source)
        elif per:
            measure = frames.Measure(None, None, (), f"{q.unit}/per {per}", measure.predicate)
        q_index = bisect.bisect_right(quote_starts, q.start) - 1
        quoted = q_index >= 0 and quotes[q_index][0] <= q.start < quotes[q_index][1]
        frame = measure.frame
        clause_text = sent.text[clause[0] : clause[1]]
        own_places = clause_places.get((si, ci))
        if own_places is None:
            own_places = clause_places[si, ci] = tuple(sorted(set(names.places(clause_text, seen))))
        if not own_places and lede_places is None:
            lede_places = _lede_places(doc, sents, seen)
        subject = _subject(
            clause_text, rel_start - clause[0], rel_end - clause[0], own_places, seen, sent.text[: clause[0]]
        )
        if subject is None and q.kind == "money" and attributions[si] and _OWN_POSSESSIVE.search(
            sent.text, 0, rel_start
        ):
            speaker = attributions[si]  # 'Marlin Bancorp said its net profit rose …': the speaker's own
            if speaker[:1].isupper() and speaker in sent.text[:rel_start]:
                subject = speaker
        event_day = _clause_day(sent, clause, local_dates.get(si, []))
        in_title = bool(doc.title_span and doc.title_span[0] <= q.start < doc.title_span[1])
        if in_title and _headline_opener(doc, subject):
            subject = None
        if in_title:
            event_day = lede_day  # a headline tells of the lede's event
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
                measure=measure.key,
                as_of_low=as_low,
                as_of_high=as_high,
                as_of_text=as_text,
                sentence=si,
                quoted=quoted,
                attribution=attributions[si],
                qualifier=q.qualifier,
                role=q.role,
                link=q.link,
                frame=frame.name if frame else None,
                head=measure.head,
                modifiers=measure.modifiers,
                cumulative=bool(frame and frame.cumulative),
                cumulative_days=frame.cumulative_days if frame else None,
                fixed=bool(frame and frame.fixed),
                exhaustive=bool(frame and frame.exhaustive),
                definite=definite,
                increment=frames.is_increment(sent.text, rel_start, rel_end),
                clause=clause_base[si] + ci,
                clause_start=sent.start + clause[0],
                clause_end=sent.start + clause[1],
                status=definite or measure.source == "noun",
                title=in_title,
                as_of_part=part,
                progress=frames.progress(sent.text) if frame and frame.cumulative else None,
                places=own_places,
                subject=subject,
                context=_context(sent.text, rel_start, rel_end, clause),
                event_day=event_day,
                event_places=own_places or lede_places,
            )
        )
    _others_are_more(claims)
    series.inherit_series(claims, doc.text)
    wholes = {c.link for c in claims if c.role == "part" and c.link is not None}
    for c in claims:
        if c.index in wholes and c.role is None:
            c.role = "whole"  # "the 40 seats" in "21 of the 40 seats" is the council, not a count won
    return claims


_SPEAKER = re.compile(r"^,?\s*(?:\w+\s+){0,1}(?:said|says|told|added|noted|explained|argued|warned|estimated)\b")
_SUBJECT_AFTER = re.compile(r"^\s*(?:[\w$£€%.,-]+\s+){0,3}?(?:for|by|to)\s+$")
_OWNER_BEFORE = re.compile(
    r"['’]s?\s+(?:(?:about|some|nearly|almost|revised|improved|new|latest|final|rival)\s+)?(?:[$£€¥₹]\s?)?"
)
"""Between a possessive name and its figure: "Halberd Capital's 6.80 dlrs-a-share offer"."""


_PARTICIPLE = re.compile(r"\s*(?:and\s+)?[a-z]+ing\b")


def _headline_opener(doc: Document, subject: str | None) -> bool:
    """A headline's capitalised first word that the article writes in lower case elsewhere
    ('Canal lock repairs to cost £18m' over '… the canal …'): an ordinary noun, not whom the
    figure is about."""
    title = (doc.title or "").lstrip("\"'“‘ ")
    if not subject or " " in subject or not title.startswith(subject):
        return False
    return re.search(rf"\b{re.escape(subject.lower())}\b", doc.text) is not None


_BRACKETED = re.compile(r"\([A-Z][\w&.'’ -]{0,40}\)")
"""A name in brackets ('VAROSSA, June 3 (Meridian) -', '(Reuters)'): a wire agency's tag or an
aside, never whom the figure is about."""
_OWN_POSSESSIVE = re.compile(
    r"\b(?:(?:said|says)\b[^,;]{0,30}\b(?:its|their)"
    r"|(?:reported|reports|posted|posts|announced|announces)\b[^,;]{0,30}\b(?:its|their|a|an))\s+"
)
_RELATIVE_START = re.compile(r"[\s,]*(?:which|who)\s", re.I)


def _subject(
    clause: str, start: int, end: int, places: tuple[str, ...], seen: frozenset[str], sentence_head: str = ""
) -> str | None:
    """Who or what the figure is about, within its clause: the first name before it that is
    not a place ('Sandoval had 1.42 million votes'), else a name it is given for ('980,000
    for … Ines Barragan'). Enough to keep Smith's votes from Jones's."""
    found = [
        (s, e, n) for s, e, n in names.names(clause, seen)
        if n not in places and not _SPEAKER.match(clause[e:]) and not _BRACKETED.match(clause, max(0, s - 1))
    ]
    if not found and sentence_head and _PARTICIPLE.match(clause):
        # "… won the election outright on Sunday, taking 54 per cent": the main clause's subject
        # ('spread to neighbouring County Kilbarra, bringing the total to 139': a place is no subject)
        head_places = (*places, *names.places(sentence_head, seen))
        return _subject(sentence_head, len(sentence_head), len(sentence_head), head_places, seen)
    if sentence_head and _RELATIVE_START.match(clause) and not any(e <= start for _, e, _ in found):
        # "… its rival Corvane Industries, which is offering 615p a share": the antecedent
        ante = [n for _, e, n in names.names(sentence_head, seen) if n not in places]
        return ante[-1] if ante else None
    before = [(s, e, n) for s, e, n in found if e <= start]
    if before:
        _, e_last, n_last = before[-1]
        if _OWNER_BEFORE.fullmatch(clause, e_last, start):
            return n_last  # "accepted Halberd Capital's 6.80 dlrs-a-share offer": the owner's
        owner = frames.frame_lexicon().object_owner
        owned = next((n for s, e, n in before[1:] if owner.search(clause[max(0, s - 40) : s])), None)
        if owned is not None:
            return owned  # "The authority fined Haldane Group 4.2 mln euros": the fined party's
        return before[0][2]
    for s, _, n in found:
        if s >= end and _SUBJECT_AFTER.match(clause[end:s]):
            return n
    return None


_CONTEXT_WORD = re.compile(r"[a-z][a-z'’-]*|\d[\d,.]*")
_CONTEXT_WINDOW = 80
_CONTEXT_STOP = frozenset("the a an of in on at to and or for by with from as its their his her this that".split())


def _context(text: str, start: int, end: int, clause: tuple[int, int]) -> tuple[str, str]:
    """Three words either side of the figure inside its clause ('fourth five-wicket haul in' /
    'tests'), kept only when they hold a content word: a figure restated in the same words is
    the same fact, whatever its noun."""
    # Only the words near the figure are read: a window of the clause either side, cut at a
    # space (no word holds one) and taken when it holds more than three words.
    lo = clause[0]
    if start - lo > _CONTEXT_WINDOW:
        space = text.find(" ", start - _CONTEXT_WINDOW, start)
        if space >= 0:
            lo = space
    before = _CONTEXT_WORD.findall(text[lo:start].lower())
    if len(before) < 3 and lo != clause[0]:
        before = _CONTEXT_WORD.findall(text[clause[0] : start].lower())
    before = before[-3:]
    after = _CONTEXT_WORD.findall(text[end : min(clause[1], end + _CONTEXT_WINDOW)].lower())
    if len(after) <= 3 and end + _CONTEXT_WINDOW < clause[1]:
        after = _CONTEXT_WORD.findall(text[end : clause[1]].lower())
    after = after[:3]

    def keep(words: list[str]) -> str:
        content = [w for w in words if w not in _CONTEXT_STOP and not w[0].isdigit() and len(w) > 2]
        return " ".join(words) if len(words) == 3 and content else ""

    return keep(before), keep(after)


_WHEN_CLAUSE = re.compile(r"[\s,;]*(?:when|as|while)\b", re.I)


def _date_before(sent: Sentence, at: int, dates: list[DateExpr]) -> DateExpr | None:
    """The last resolved date of the sentence before offset `at`: the time a 'when' clause
    shares with the clause it hangs on ('the last flood, in 2019, cost £31,000, when 870
    properties were flooded')."""
    found = [d for d in dates if d.end <= sent.start + at and d.kind in _AS_OF_KINDS and d.low is not None]
    return found[-1] if found else None


def _opening_date(
    sent: Sentence, before: list[tuple[int, int]], dates: list[DateExpr], quantities: list[Quantity]
) -> DateExpr | None:
    """An opening adverbial clause with no figure of its own dates the whole sentence:
    'By Monday evening, with 95 percent of stations reporting, the tally stood at 1.36 million'."""
    for s, e in before:
        lo, hi = sent.start + s, sent.start + e
        if any(lo <= q.start < hi for q in quantities):
            return None
        found = [d for d in dates if lo <= d.start < hi and d.kind in _AS_OF_KINDS and d.low is not None]
        if found:
            return found[0]
    return None


_POSSESSIVE_DAY = re.compile(r"['’]s?(?![\w'’])")


def _clause_day(sent: Sentence, clause: tuple[int, int], dates: list[DateExpr]) -> dt.date | None:
    """The day the figure's clause dates its event to ('killed … late Sunday'), if one."""
    lo, hi = sent.start + clause[0], sent.start + clause[1]
    for d in dates:
        if lo <= d.start < hi and d.low is not None and d.low == d.high and d.kind in ("date", "weekday"):
            if _POSSESSIVE_DAY.match(sent.text, d.end - sent.start) or d.text.endswith(("'s", "’s")):
                continue  # "a premium to Friday's closing price": that day is the price's, not the clause's
            return d.low
    return None


def _others_are_more(claims: list[Claim]) -> None:
    """'Three elderly people died …, and four others died': 'others' of a frame already counted
    in the sentence are more of it, not its total ('three killed and five others wounded' are
    two frames, so there the five stand alone)."""
    seen: dict[int, set[str]] = {}
    for c in claims:
        frames_here = seen.setdefault(c.sentence, set())
        if c.frame and c.noun and c.noun.lower().split()[-1] in ("others", "other") and c.frame in frames_here:
            c.increment = True
        if c.frame:
            frames_here.add(c.frame)


def _lede_day(doc: Document, sents: list[Sentence], dates: list[DateExpr]) -> dt.date | None:
    """The day the first sentence of the body dates the article's event to, if it does."""
    body = [s for s in sents if not (doc.title_span and s.start < doc.title_span[1])]
    if not body:
        return None
    first = body[0]
    return _clause_day(first, (0, len(first.text)), [d for d in dates if first.start <= d.start < first.end])


def _lede_places(doc: Document, sents: list[Sentence], seen: frozenset[str]) -> tuple[str, ...]:
    """The places of the article's own event: those named in its headline and first sentences."""
    found: set[str] = set(names.places(doc.title or "", seen))
    body = [s for s in sents if not (doc.title_span and s.start < doc.title_span[1])]
    for s in body[:3]:
        found.update(names.places(s.text, seen))
    return tuple(sorted(found))


def _measure(text: str, q: Quantity, start: int, end: int, clause: tuple[int, int]) -> tuple[frames.Measure, bool]:
    """The figure's measure, and whether it points back ('the 231 homes destroyed',
    'the Sunday attendance of 33,000')."""
    noun, noun_end = phrases.counted_noun(text, end)
    if q.noun is not None and noun != q.noun:
        noun, noun_end = q.noun, end  # borrowed from the whole ("120 of the 600 members") or the subject
    head = text[max(clause[0], start - 80) : start]
    last = _last_word(head)  # each search only where its match can end (the prefilter is tested)
    definite = bool(
        ((last is None or last in _DEFINITE_LAST) and _DEFINITE.search(head))
        or ((last is None or last in _RUNNING_TOTAL_LAST) and _RUNNING_TOTAL.search(head))
        or (("'s" in head[-40:] or "’s" in head[-40:]) and _POSSESSIVE_DET.search(head))
    )
    if q.kind == "percent":
        share = frames.percent_measure(text, end)
        if share is not None:
            return share, definite
    if q.kind not in _FRAMED_KINDS:  # a percentage, an age, a length: what it counts is not a frame
        key = phrases.noun_lemma(noun) if noun else None
        return frames.Measure(None, None, (), key, q.predicate), definite
    measure = frames.read_measure(text, start, end, noun, noun_end, clause, q.kind, q.predicate)
    if q.kind == "money" and measure.frame is not None and frames.expected(measure.frame, text[clause[0] : start]):
        # 'Analysts had pencilled in operating profit of £268 million': a forecast, not the result
        measure = frames.Measure(measure.frame, measure.head, (*measure.modifiers, "forecast"), measure.key,
                                 measure.predicate, measure.source)
    if q.kind == "money" and measure.frame is None:
        named = frames.subject_money_frame(text[clause[0] : start])
        if named is not None:  # 'Net profit rose 14 pct to 1.42 bln dlrs'
            frame, mods = named
            if frames.expected(frame, text[clause[0] : start]):
                mods = (*mods, "forecast")
            return frames.Measure(frame, None, mods, frame.name, measure.predicate, "noun"), definite
    m = _NOUN_OF.search(head) if last is None or last in _NOUN_OF_LAST else None
    if m:  # "the Sunday attendance of 33,000", "the death toll stood at 48"
        lex = frames.frame_lexicon()
        named = " ".join([*m.group("mid").lower().split()[-1:], m.group("noun").lower()])
        if q.kind == "money" and named in lex.market_nouns:
            # "a 41% premium to Fairleigh's share price of 436p": the market's price, not the offer
            return frames.Measure(None, None, (), named, measure.predicate), definite
        frame = lex.noun_frame([lex.lemma(m.group("noun"))])
        if frame is not None and frames.frame_fits(frame, q.kind):
            if measure.frame is None or measure.frame is frame:
                # 'Corran's first offer of 580p': the words before the noun that make another measure
                mods = tuple(w.lower() for w in m.group("mid").split() if w.lower() in lex.distinguishing)
                measure = frames.Measure(frame, measure.head, (*measure.modifiers, *mods), frame.name,
                                         measure.predicate, "noun")
            definite = definite or (m.group("det") or "").lower() in ("the", "its", "their")
    return measure, definite


_COUNT_PER = re.compile(r"\s+per\s+(?P<per>(?:\d[\d,]*|one|a|every|each)\s+[a-z][\w'’-]*)", re.I)


def _count_rate(text: str, q: Quantity, end: int) -> str | None:
    """What a count is per when its noun is ('23.6 deaths per 100,000 residents'): a rate,
    never a count of the deaths."""
    if q.kind != "count" or " per " not in text[end : end + 40]:
        return None
    noun, noun_end = phrases.counted_noun(text, end)
    m = _COUNT_PER.match(text, noun_end) if noun else None
    return re.sub(r"\s+", " ", m.group("per").lower()) if m else None


def _per_sentence(spans: list, starts: list[int]) -> dict[int, list]:
    """Dates or quantities grouped by the index of the sentence they start in."""
    out: dict[int, list] = {}
    for span in spans:
        out.setdefault(max(0, bisect.bisect_right(starts, span.start) - 1), []).append(span)
    return out


def _day_part(text: str, d: DateExpr) -> int:
    """'Monday morning' < 'Monday evening': the part of the day written with the date."""
    window = text[max(0, d.start - 12) : d.end + 12].lower()
    return next((rank for word, rank in _DAY_PARTS if word in window), 0)


_ASIDE = re.compile(r",\s+(?:who|whose|which|where)\b[^,;]{0,120},")


def _in_aside(sent: Sentence, at: int, figure: int) -> bool:
    """A comma-set relative clause holds the offset `at` or the figure, not both: a date in it
    is the antecedent's ('Marsk, who visited the site on Sunday, declared …'), and a figure in
    it takes no date from outside ('Okafor, who is serving an eight-year sentence, poured petrol
    … last August')."""
    a, f = at - sent.start, figure - sent.start
    return any((lo <= a < hi) != (lo <= f < hi) for lo, hi in _asides(sent.text))


@functools.lru_cache(maxsize=256)
def _asides(sentence: str) -> tuple[tuple[int, int], ...]:
    """The comma-set relative clauses of a sentence, found once per sentence (every date of
    every figure of it asks)."""
    if "," not in sentence:
        return ()
    return tuple((m.start(), m.end()) for m in _ASIDE.finditer(sentence))


def _governing_date(
    q: Quantity, sent: Sentence, clause: tuple[int, int], dates: list[DateExpr], quantities: list[Quantity]
) -> DateExpr | None:
    """The date expression of the figure's clause that its as-of time comes from: the
    nearest resolved date, preferring one after the figure ('87 localities by November 1'),
    never one with another figure in between ('25k, up from 19,000 in March') unless it is
    fronted ('in 2007, burned 68,000 hectares and killed 31', 'Last year's season burned
    9,200 hectares and killed 2'), and never a start
    date ('arrested since the protests began on Friday')."""
    best: tuple[int, DateExpr] | None = None
    c_start, c_end = sent.start + clause[0], sent.start + clause[1]
    for d in dates:
        if d.start >= c_end or d.end <= c_start or d.kind not in _AS_OF_KINDS or d.low is None:
            continue
        if d.start <= q.start < d.end:
            continue
        if _in_aside(sent, d.start, q.start):
            continue  # 'Marsk, who visited the site on Sunday, declared mourning for the 19 victims'
        if any(o is not q and 0 <= d.start - o.end <= 1 for o in quantities):
            continue  # 'rose to 1.42 bln, from 1.25 bln a year earlier': that date is the 1.25 bln's
        if _START_DATE.search(sent.text[max(0, d.start - sent.start - 20) : d.start - sent.start]):
            continue
        lo, hi = (q.end, d.start) if d.start >= q.end else (d.end, q.start)
        if d.start >= q.end and _SPAN_BOUND.search(sent.text[lo - sent.start : hi - sent.start]):
            continue  # "nine deaths recorded since the first cases were confirmed in early January"
        around = sent.text[max(0, d.start - sent.start - 12) : d.end - sent.start + 15]
        if d.kind == "year" and _YEAR_ADJECTIVE.search(around):
            continue  # "a $2.5 million fine for a 2023 release": the year describes the release
        opens = not sent.text[clause[0] : d.start - sent.start].strip(" ,;:—–-\"“‘'")  # 'Last year's season …'
        comma = sent.text[d.end - sent.start : d.end - sent.start + 2].lstrip().startswith(",")
        fronted = d.end <= q.start and (comma or opens)
        if not fronted and any(lo <= other.start and other.end <= hi for other in quantities):
            continue  # a fronted date ('in 2007, burned 68,000 hectares and killed 31') dates all its clause
        distance = d.start - q.end if d.start >= q.end else (q.start - d.end) + 15
        if best is None or distance < best[0]:
            best = (distance, d)
    return best[1] if best else None
