"""Dated events: one fixed event of one entity, with the date the text gives it.

'since it was founded in 1923', 'Augustus Pellham opened the store in 1932', 'The Eastline
tram, which opened on 14 March 2019', 'Since its first passengers boarded in September 2019',
'burst into Sterling & Dunne … on 3 June 2024', 'the 5 June raid', 'his 2018 Northern National
winner', 'Born in 1961 …, Halvorsen'. Each becomes a DatedFact: the event frame (founding,
birth, raid, win …, from `rules/lexicon/events.yaml`), which entity it is about, and the date.

The entity is `main` (a pronoun, a bare 'the store', 'the raid': the article's own entity),
`named` (a proper name) or `other` ('its second branch', 'the big-box store that opened',
'another raid'), which is never compared. A main entity resolves to the article's principal
name for its frame ('the Cedar Flats fire', else the lede's first name), so articles of one
story can be compared and a dense week of similar events kept apart.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from consistency.claims import lexicon
from consistency.claims.cache import per_document, title_sentences
from consistency.claims.mentions import names
from consistency.claims.ordinals import parse_ordinal
from consistency.document.segment import document_quotes
from consistency.extract.dates import DateExpr
from consistency.extract.lexicon import RE_I_EXTRA
from consistency.extract.pipeline import Extraction

_KINDS = ("date", "month", "year", "weekday")
_CLAUSE_BREAK = re.compile(r";|\s(?:who|when|while|but|until|after|before|because|although)\s|,\s+(?:and|but)\s", re.I)
_DETERMINER = re.compile(r"(?:^|\s)(?P<d>the|its|their|his|her|a|an|this|that)\s*$", re.I)
_RELATIVE = re.compile(r"(?P<ante>[^,]{1,60}?)\s*,?\s+(?:which|that)\s+(?P<agent>(?:[A-Z][\w'’-]*\s+){0,3})", re.S)
_AUX = re.compile(r"(?:\s+(?:was|were|is|are|has|have|had|been|being|first|originally|officially|later))+\s*$", re.I)
_PREP = re.compile(r"^\s*(?:in|on|at|of|from|with|for|near|by|during)\b", re.I)
_PREP_INSIDE = re.compile(r"\s+(?:in|on|at|of|from|with|for|near|by|during)\s", re.I)
_HAPPENED = re.compile(  # 'the robbery at the Quayside branch of Mercer Bank happened at about 10.15am on'
    r"^\s+(?:(?:at|in|on|near|outside|inside)\s[^,]{0,50}?\s)?(?:happened|occurred|took\s+place|struck|broke\s+out)\b"
    r"[^,]{0,40}$",
    re.I,
)
_POSSESSOR = re.compile(
    r"(?:\b(?:its|their)|((?:the\s+)?[a-z][\w-]*|(?:(?:[A-Z][\w'’-]*|&)\s+){0,3}[A-Z][\w'’-]*)['’]s?)\s*$"
)
_AND_DATE = re.compile(r"^\s*(?:,|,?\s*(?:and|&|or))\s+(?:again\s+)?(?:in\s+|on\s+)?$", re.I)
_NOUN_GAP = re.compile(
    r"^\s+(?:(?:early|late)\s+)?(?:(?:on|in|at|during|of)\s(?![^,]{0,50}\bsince\b)[^,]{0,50})?$", re.I
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_POSSESSIVE_END = re.compile(r"['’]s?\s*$")


@dataclass(frozen=True)
class DatedFact:
    """One event of one entity on one date: 'founded' 'Pellham's Hardware' 1923."""

    frame: str
    entity: str  # thing | person | event | race
    ref: str  # main | named | other
    key: frozenset[str] | None  # the entity's distinctive name words, once resolved
    date: DateExpr
    sentence: int
    trigger: str
    names: frozenset[str] = field(default_factory=frozenset)  # every name word of the sentence (for race winners)
    recurring: bool = False  # 'won in 2016 and 2018', 'again': the event happens more than once


def _lowered(alternations: Any) -> re.Pattern[str] | None:
    """The words of these alternations (lower-cased lexicon words) with no lookaround and no
    re.I, for lower-cased text; None when a word is not ASCII (re.I would fold it in ways
    `str.lower` does not) or there are none."""
    alts = [a for a in alternations if a]
    if not alts or not all(a.isascii() for a in alts):
        return None
    return re.compile("|".join(alts))


def _may_hold(low: re.Pattern[str] | None, text: str, start: int) -> bool:
    """False only when the re.I search of `low`'s words (opening with a lookbehind, so tried
    at every character) from `start` can find nothing: the lower-cased window holds none of
    them. Sound because the words are lower-case ASCII: re.I matches an ASCII letter only to
    itself in either case or to one of RE_I_EXTRA, and a window with one of those is searched."""
    if low is None:
        return True
    window = text[start:]
    return low.search(window.lower()) is not None or any(ch in window for ch in RE_I_EXTRA)


@lexicon.derived
def _lexicon() -> dict[str, Any]:
    lex = lexicon.load("events")
    frames = lex.get("frames") or {}

    def alt(words: list[str]) -> str:
        return lexicon.alternation(str(w).lower() for w in words)

    verbs = {f: alt(s.get("verbs") or []) for f, s in frames.items() if s.get("verbs")}
    nouns = {f: alt(s.get("nouns") or []) for f, s in frames.items() if s.get("nouns")}
    named = {  # nouns read after a date as well: 'the 12 August fire'
        f: alt([*(s.get("nouns") or []), *(s.get("named_after") or [])])
        for f, s in frames.items() if s.get("nouns") or s.get("named_after")
    }
    return {
        "frames": frames,
        # One pattern for all frames' verbs (nouns): it matches where any frame's does, so a
        # window it finds nothing in needs no pass per frame.
        "any_verb": re.compile(rf"(?<![\w-])(?:{'|'.join(verbs.values())})(?![\w-])", re.I) if verbs else None,
        "any_noun": re.compile(rf"(?<![\w-])(?:{'|'.join(nouns.values())})(?![\w-])", re.I) if nouns else None,
        # The same alternations, case-sensitive, for a lower-cased window (`_may_hold`).
        "any_verb_low": _lowered(verbs.values()),
        "any_noun_low": _lowered(nouns.values()),
        "verb_re": {f: re.compile(rf"(?<![\w-])(?:{v})(?![\w-])", re.I) for f, v in verbs.items()},
        "noun_before": {f: re.compile(rf"(?<![\w-])(?:{n})(?![\w-])", re.I) for f, n in nouns.items()},
        "noun_after": {  # 'the 5 June raid', 'the June 6 gas explosion', 'the Cedar Flats fire'
            f: re.compile(rf"^\s*(?:[A-Z][\w'’&-]*\s+){{0,3}}(?:[a-z][\w-]*\s+)?(?:{n})(?![\w-])")
            for f, n in named.items()
        },
        "things": {str(w).lower() for s in frames.values() for w in s.get("things") or []},
        "subjects": {f: {str(w).lower() for w in s.get("subjects") or []} for f, s in frames.items()},
        "other": {str(w).lower() for w in lex.get("other") or []},
        "origin": {str(w).lower() for w in lex.get("origin") or []},
        "recurring": alt(lex.get("recurring") or []),
    }


def _last_words(text: str, n: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)][-n:]


_NP_DETERMINERS = frozenset(("the", "its", "their", "a", "an", "his", "her"))


def _np_ref(np: str, lede: bool, lex: dict[str, Any]) -> tuple[str, frozenset[str] | None] | None:
    """A noun phrase naming a thing: a proper name, a bare 'the store' (main), a modified or
    indefinite one ('the big-box store', 'its second branch': other)."""
    np = np.strip(" ,")
    found = names(np, sentence_start=False)
    words = [w.lower() for w in _WORD.findall(np)]
    if not words:
        return None
    if words[-1] in ("it", "its"):
        return "main", None
    if found and found[-1].end >= len(np) - 2:
        return "named", found[-1].key
    head = words[-1]
    if head not in lex["things"]:
        return None
    if any(w in lex["origin"] for w in words[:-1]) and words[0] in ("the", "its", "their"):
        return "main", None  # 'The original Castlebury shop, which Samuel Rowe opened': the founding
    if found and not any(w in lex["other"] for w in words):
        return "named", found[-1].key  # 'the Eastline tram', 'the Tollan Bridge'
    dets = [i for i, w in enumerate(words[:-1]) if w in _NP_DETERMINERS]
    # 'said the club, founded in 1889': the noun phrase starts at its determiner
    mods = words[dets[-1] + 1 : -1] if dets else words[:-1]
    if any(w in lex["other"] for w in words):
        return "other", None
    if (words[dets[-1]] if dets else words[0]) in ("a", "an"):  # 'ending a family business founded in 1952'
        return ("main", None) if lede else ("other", None)
    m = re.search(r"((?:[A-Z][\w'’&-]*\s+){0,4}[A-Z][\w'’&-]*)\s*,\s*(?:the|a|an)\s+[^,]*$", np)
    if m:
        return "named", names(m.group(1), sentence_start=False)[-1].key if names(m.group(1), False) else None
    return ("main", None) if not mods else ("other", None)


def _thing(
    before: str, gap: str, lede: bool, lex: dict[str, Any], after: str = ""
) -> tuple[str, frozenset[str] | None] | None:
    """Which thing an opening or founding is of: the object ('opened the store in 1932'), the
    antecedent of 'which' ('The crossing, which opened'), or the subject ('it was founded')."""
    obj = "" if _PREP.match(gap) else _PREP_INSIDE.split(gap, maxsplit=1)[0]
    if obj.strip():
        return _np_ref(obj, lede, lex)
    subject = _AUX.sub("", before)
    if not subject.strip():  # 'Founded in 1925 by Edwin Trevenna, the bakery has …'
        m = re.search(r",\s+((?:the|its|it)\b[^,]{0,40}?)(?=\s+(?:has|had|is|was|will|have)\b|,|$)", after)
        return _np_ref(m.group(1), lede, lex) if m else None
    rel = re.search(r"(?:,\s*|\s+)(?:which|that)\s+(?P<agent>(?:[A-Z][\w'’-]*\s*){0,3})$", subject)
    if rel:
        ante = subject[: rel.start()]
        apposition = re.search(
            r"((?:(?:[A-Z][\w'’-]*|&)\s+){0,4}[A-Z][\w'’-]*),\s+(?:the|a|an)\s+[^,]{1,50}$", ante
        )
        if apposition:
            found = names(apposition.group(1), sentence_start=False)
            return ("named", found[-1].key) if found else None
        return _np_ref(re.split(r"[,;:]\s*", ante)[-1][-60:], lede, lex)
    if _last_words(subject, 1) in (["it"], ["its"]):
        return "main", None
    apposition = re.search(r"((?:(?:[A-Z][\w'’-]*|&)\s+){0,4}[A-Z][\w'’-]*),\s+(?:the|a|an)\s+[^,]{1,50}$", subject)
    if apposition:
        found = names(apposition.group(1), sentence_start=False)
        return ("named", found[-1].key) if found else None
    parts = [p for p in re.split(r"[,;:]\s*|\s(?:since|and|as|when|after)\s", subject) if p.strip()]
    return _np_ref(parts[-1][-60:], lede, lex) if parts else None  # 'Miller's Bakery, founded in


def _person(before: str, after: str, lex: dict[str, Any]) -> tuple[str, frozenset[str] | None] | None:
    """Whose birth or death: 'Halvorsen, who was born', 'She was born', 'Born in 1961 …, Halvorsen'."""
    subject = _AUX.sub("", before)
    if not subject.strip():  # 'Born in 1961 in Vikholm, Halvorsen served …'
        m = re.search(r",\s+((?:[A-Z][\w'’-]*\s*){1,3}|she\b|he\b)", after)
        if m and m.group(1) in ("she", "he"):
            return "main", None
        found = names(m.group(1), sentence_start=False) if m else []
        return ("named", found[0].key) if found else None
    subject = re.sub(r"(?:,\s*|\s+)who\s*$", "", subject)
    if _last_words(subject, 1) in (["she"], ["he"], ["they"]):
        return "main", None
    found = names(subject, sentence_start=False)
    return ("named", found[-1].key) if found and found[-1].end >= len(subject.rstrip(" ,")) - 2 else None


def _event(frame: str, before: str, after_lede: bool, lex: dict[str, Any]) -> tuple[str, frozenset[str] | None]:
    """An incident: the article's own unless framed as another one ('another raid', 'a raid'
    after the lede), named when a name qualifies it ('the Cedar Flats fire')."""
    last = _last_words(before, 3)
    indefinite = any(w in ("a", "an") for w in last[-2:]) and after_lede  # 'A smaller leak in 2019'
    if indefinite or any(w in lex["other"] or (parse_ordinal(w) or 0) > 1 for w in last):
        return "other", None
    m = re.search(r"((?:[A-Z][\w'’-]*\s+){1,3})$", before)
    found = names(m.group(1), sentence_start=False) if m else []
    return ("named", found[-1].key) if found else ("main", None)


_PLACE_ASIDE = re.compile(
    r",\s*(?:near|in|outside|just\s+outside|(?:north|south|east|west)(?:-?(?:east|west))?\s+of)\s+"
    r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3},"
)
"""A place set off by commas between an event word and its date ('collapsed at Gadd Bottom,
near Skipton, on Saturday'): it does not end the event's clause."""


_TIME_ASIDE = re.compile(
    r"^,\s*(?:at\s+)?(?:about\s+|around\s+|shortly\s+(?:before|after)\s+)?\d{1,2}(?:[:.]\d{2})?\s*"
    r"(?:a\.?m\.?|p\.?m\.?)?\s+(?=on\s)",
    re.I,
)
"""A clock time set off after an event word ('The blast, at about 10:40 p.m. on June 4'): the
date that follows is still the event's."""


def _after_lede(ex: Extraction, sent_index: int) -> bool:
    """A sentence after the headline and the body's first sentence ('A fire destroyed …' in the
    lede introduces the article's own fire; 'a fire' later is another)."""
    return sent_index > title_sentences(ex)


def _mention(ex: Extraction, d: DateExpr, lede: bool, lex: dict[str, Any]) -> DatedFact | None:
    sent = ex.sentence_at(d.start)
    if sent is None:
        return None
    before = sent.text[: d.start - sent.start]
    after = sent.text[d.end - sent.start :]
    if _DETERMINER.search(before[-12:]) or _POSSESSIVE_END.search(before):
        for frame, rx in lex["noun_after"].items():  # 'died … in the April 5 crash': the crash's date
            m2 = rx.match(after)
            if m2:
                return _build(ex, frame, d, sent.index, before, after, m2.group(0), lede, lex, "after")
    best: tuple[int, str, re.Match[str], str] | None = None
    verb_from, noun_from = max(0, len(before) - 90), max(0, len(before) - 110)
    if (
        lex["any_verb"] is not None
        and _may_hold(lex["any_verb_low"], before, verb_from)
        and lex["any_verb"].search(before, verb_from)
    ):
        for frame, rx in lex["verb_re"].items():
            for m in rx.finditer(before, verb_from):
                if best is None or m.start() >= best[0]:
                    best = (m.start(), frame, m, "verb")
    if (
        lex["any_noun"] is not None
        and _may_hold(lex["any_noun_low"], before, noun_from)
        and lex["any_noun"].search(before, noun_from)
    ):
        for frame, rx in lex["noun_before"].items():
            for m in rx.finditer(before, noun_from):
                if best is None or m.start() > best[0]:
                    best = (m.start(), frame, m, "noun")
    if best is not None:
        _, frame, m, how = best
        gap = _TIME_ASIDE.sub(" ", _PLACE_ASIDE.sub(" ", before[m.end() :]))  # 'The blast, at about 10:40 p.m. on'
        happened = how == "noun" and _HAPPENED.match(gap) is not None
        noun_gap = how == "noun" and not (_NOUN_GAP.match(gap) or happened)
        verb_gap = how == "verb" and "," in gap
        if len(gap) > (110 if happened else 70) or noun_gap or verb_gap or _CLAUSE_BREAK.search(gap) or any(
            sent.start + m.end() <= o.start < d.start for o in ex.dates if o is not d and o.kind != "time"
        ):
            best = None
    if best is None:
        if not (_DETERMINER.search(before[-12:]) or _POSSESSIVE_END.search(before)):
            return None  # a head noun after the date needs 'the', 'its' or a possessive before it
        for frame, rx in lex["noun_after"].items():
            m2 = rx.match(after)
            if m2:
                return _build(ex, frame, d, sent.index, before, after, m2.group(0), lede, lex, "after")
        return None
    _, frame, m, how = best
    return _build(ex, frame, d, sent.index, before[: m.start()], before[m.end() :], m.group(0), lede, lex, how)


def _build(
    ex: Extraction,
    frame: str,
    d: DateExpr,
    sent_index: int,
    head: str,
    gap: str,
    trigger: str,
    lede: bool,
    lex: dict[str, Any],
    how: str,
) -> DatedFact | None:
    """The fact a trigger and a date state: `head` is the text before the trigger, `gap` the
    text between trigger and date; `how` says whether the trigger is a verb or a noun before
    the date, or a noun after it."""
    spec = lex["frames"][frame]
    entity = spec.get("entity", "event")
    sent = ex.sentences[sent_index]
    if entity == "race":
        ref: tuple[str, frozenset[str] | None] | None = ("named", None)
    elif how == "after":
        ref = _event(frame, head, _after_lede(ex, sent_index), lex) if entity != "thing" else ("main", None)
        inner = names(trigger, sentence_start=False)
        if ref is not None and ref[0] == "main" and inner:
            ref = ("named", inner[-1].key)  # 'since the 2017 Sawtooth fire': the name after the date is its own
    elif entity == "thing" and how == "noun" and _POSSESSOR.search(head):
        owner = _POSSESSOR.search(head)
        ref = _np_ref(owner.group(1), lede, lex) if owner and owner.group(1) else ("main", None)
    elif entity == "thing":
        ref = ("main", None) if how == "noun" and _last_words(head, 1) in (["its"], ["the"]) else _thing(
            head, gap if how == "verb" else "", lede, lex, sent.text[d.end - sent.start :]
        )
    elif entity == "person":
        ref = ("main", None) if how == "noun" else _person(head, sent.text[d.end - sent.start :], lex)
    else:
        subjects = lex["subjects"].get(frame)
        if how == "verb" and subjects:
            subj = _last_words(_AUX.sub("", re.sub(r"(?:,\s*|\s+)(?:which|that)\s*$", "", head)), 1)
            if not subj or subj[0] not in subjects:
                return None
            head = re.sub(r"\s*(?:,\s*)?(?:which|that)?\s*(?:was|had|has)?\s*\w+\s*$", " ", head)
        ref = _event(frame, _AUX.sub(" ", head) if how == "verb" else head, _after_lede(ex, sent_index), lex)
    if ref is None:
        return None
    key = ref[1]
    line = sent.text
    sent_names = frozenset(w for n in names(line) for w in n.key)
    if entity == "race":
        race = names(trigger if how == "after" else gap, sentence_start=False)
        key = race[0].key if race else None
    near = line[max(0, len(head) - 30) : d.end - sent.start + 30]
    recurring = bool(re.search(rf"(?<![\w-])(?:{lex['recurring']})(?![\w-])", near, re.I)) or any(
        o is not d and o.kind in _KINDS and (_AND_DATE.match(ex.document.text[d.end : o.start])
                                              or _AND_DATE.match(ex.document.text[o.end : d.start]))
        for o in ex.dates if abs(o.start - d.start) < 40
    )
    return DatedFact(frame, entity, ref[0], key, d, sent_index, trigger.lower(), sent_names, recurring)


def _principal(ex: Extraction, frame: str, lex: dict[str, Any]) -> frozenset[str] | None:
    """The article's own entity for a frame: a name before the frame's head noun anywhere
    ('the Cedar Flats fire'), else the first name of the lede."""
    spec = lex["frames"][frame]
    heads = [str(w) for w in (spec.get("nouns") or []) + sorted(lex["subjects"].get(frame, set()) - {"it"})]
    if spec.get("entity") == "event" and heads:
        rx = re.compile(r"((?:[A-Z][\w'’-]*\s+){1,3})(?:" + "|".join(map(re.escape, heads)) + r")\b")
        for s in ex.sentences:
            m = rx.search(s.text)
            if m:  # a sentence's first word is a name only when names() says so ('Chlorine leak at …')
                found = names(m.group(1), sentence_start=not s.text[: m.start()].strip())
                if found:
                    return found[-1].key
    for s in ex.sentences[:2]:
        found = [n for n in names(s.text) if n.key]
        if found:
            return found[0].key
    return None


@per_document
def dated_facts(ex: Extraction) -> list[DatedFact]:
    """Every dated fixed event of the document, its entity resolved where the text allows."""
    lex = _lexicon()
    quotes = document_quotes(ex.document)
    lede = {s.index for s in ex.sentences[: title_sentences(ex) + 1]}  # the headline and the body's first sentence
    out: list[DatedFact] = []
    principals: dict[str, frozenset[str] | None] = {}
    for d in ex.dates:
        if d.kind not in _KINDS or d.low is None or d.high is None or any(a <= d.start < b for a, b in quotes):
            continue
        if d.kind == "weekday" and d.low != d.high:
            continue
        sent = ex.sentence_at(d.start)
        f = _mention(ex, d, sent is not None and sent.index in lede, lex)
        if f is None or f.ref == "other":
            if f is not None:
                out.append(f)
            continue
        if f.ref == "main":
            if f.frame not in principals:
                principals[f.frame] = _principal(ex, f.frame, lex)
            f = DatedFact(f.frame, f.entity, "main", principals[f.frame], f.date, f.sentence, f.trigger, f.names,
                          f.recurring)
        out.append(f)
    return out


def same_date(a: DateExpr, b: DateExpr) -> bool:
    """The two dates can be the same day: their intervals overlap, and a date written without a
    year ('the 5 June raid') is compared by month and day only."""
    if a.low is None or b.low is None or a.high is None or b.high is None:
        return True
    if not (a.year_given and b.year_given) and a.kind in ("date", "weekday") and b.kind in ("date", "weekday"):
        return (a.low.month, a.low.day) == (b.low.month, b.low.day)
    if not (a.year_given and b.year_given):
        return a.low.month <= b.high.month and b.low.month <= a.high.month
    return a.low <= b.high and b.low <= a.high


def year_of(d: DateExpr) -> int | None:
    low: dt.date | None = d.low
    return low.year if low else None
