"""Enumerations: a count word and the list of items it introduces.

'three new members at its annual dinner in May: A, B, C and D', 'The five victims — A, 44,
his partner B, 39, and their children C, 12, and D, 7 — were found', 'Four ministers resigned,
including A, B, C, D and E', a list in the next sentence ('Six students … The finalists are
A, for …; B, for …'), 'both A, B and C', 'the pair — A, B and C'. The reader returns the count,
the items and how the list relates to the count: `exact` (the list is the whole), `subset`
('including': never more items than the count) or nothing when the list is an open sample
('among them', 'such as'). Lists of places ('from Leeds, York and Hull') are not items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consistency.claims import lexicon
from consistency.claims.cache import first_words, sentences_with
from consistency.extract import phrases
from consistency.extract.lexicon import folded
from consistency.extract.pipeline import Extraction

_DASH = r"(?:—|–|--|\s-\s)"
_DASH_AT = re.compile(rf"^\s*{_DASH}\s*")
_AGE = re.compile(r"^(?:aged\s+)?\d{1,3}(?:\s*(?:years?\s+old|yrs?))?$", re.I)
_CAPITAL = re.compile(r"(?<![\w'’-])[A-Z][\w'’.\-]*")
_WORDS = re.compile(r"[\w'’.&\-]+")
_MAX_ITEMS = 30
_COUNT_WORD = re.compile(
    r"(?<![\w'’-])(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen)(?![\w'’-])", re.I
)


@dataclass(frozen=True)
class Enumeration:
    """A count and the list it introduces, with offsets into the document text."""

    count: int
    count_start: int
    count_end: int
    count_text: str
    items: tuple[str, ...]
    mode: str  # exact | subset
    list_start: int
    list_end: int
    sentence: int
    claim: int | None = None  # index of the count claim, when the count is a figure


def _words(key: str) -> list[str]:
    return [str(w).lower() for w in lexicon.load("lists").get(key) or []]


_alternation = lexicon.alternation


@dataclass(frozen=True)
class _Lex:
    """The lists lexicon as sets and compiled patterns, built once per configuration of packs
    (the readers ask per segment and per count word)."""

    not_items: frozenset[str]
    clause_words: frozenset[str]
    name_stop: frozenset[object]
    partial_at: re.Pattern[str]  # the partial words right at the start (after a dash)
    subset_intro: re.Pattern[str]
    partial_intro: re.Pattern[str]
    exact_intro: re.Pattern[str]
    collectives: dict[str, int]
    collective: re.Pattern[str]
    both_before_name: re.Pattern[str]
    both_noun: re.Pattern[str]
    cue_words: tuple[str, ...] | None  # a word every match of the last three patterns holds


@lexicon.derived
def _lex() -> _Lex:
    partial, subset, exact = (_alternation(_words(k)) for k in ("partial", "subset", "exhaustive"))
    coll = {str(k).lower(): int(v) for k, v in (lexicon.load("lists").get("collectives") or {}).items()}
    both = _words("both")
    return _Lex(
        not_items=frozenset(_words("not_items")),
        clause_words=frozenset(_words("clause_words")),
        name_stop=frozenset(lexicon.load("lists").get("name_stop") or []),
        partial_at=re.compile(rf"(?:{partial})\b", re.I),
        subset_intro=re.compile(rf"^[^.;:—–()]{{0,100}}?,?\s+(?:{subset})\s+", re.I),
        partial_intro=re.compile(rf"^[^.;:—–()]{{0,100}}?(?:,\s*|\s+)(?:{partial})\s", re.I),
        exact_intro=re.compile(rf"^\s+(?:{exact})\s+(?=(?:the\s+)?[A-Z])"),
        collectives=coll,
        collective=re.compile(rf"\b(?:the|The)\s+(?P<w>{_alternation(list(coll))})(?:\s+[a-z]+)?\b"),
        both_before_name=re.compile(rf"(?<![\w'’-])(?P<w>{_alternation(both)})\s+(?=(?:the\s+)?[A-Z])", re.I),
        both_noun=re.compile(  # 'Both schools', 'Both non-executive directors'
            rf"(?<![\w'’-])(?P<w>{_alternation(both)})\s+(?:of\s+(?:the|its|their|[A-Z][\w'’-]*['’]s)\s+)?"
            r"(?:[a-z][\w-]*\s+){0,2}"
            r"(?!(?:of|for|at|from|in|on|with)\b)[a-z][\w-]*\b(?!-)",
            re.I,
        ),
        cue_words=first_words(coll, both),
    )


_FIGURE = re.compile(r"(?<![\w.])\d[\d,.]*(?![\w])")  # a standalone number ('287'), not part of a name ('A14')


_BY_AUTHOR = re.compile(
    r"^(?:(?i:the|a|an)\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+by\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*$"
)
"""A list item that is a work and its maker ('The Lighthouse Year by Kwame Boateng')."""


def _item_like(seg: str) -> bool:
    """A list item: a short stretch holding a proper name, not a clause or a place phrase."""
    words = _WORDS.findall(seg)
    if not words or len(words) > 9 or ":" in seg or _FIGURE.search(seg):
        return False  # 'Tembo 287 cases and 5 deaths', 'the Greens 6': a figure of its own, not a name
    lex = _lex()
    low = [w.lower() for w in words]
    if _BY_AUTHOR.search(seg):  # 'Salt Roads by Imogen Tate': a work and its maker, one item
        low = [w for w in low if w != "by"]
    if low[0] in lex.not_items or any(w in lex.clause_words for w in low):
        return False
    return any(m.group(0).rstrip(".") not in lex.name_stop for m in _CAPITAL.finditer(seg))


def _name_part(item: str) -> str:
    """An item up to the end of its last capitalised word ('Cy Young voted against' -> 'Cy Young')."""
    caps = list(_CAPITAL.finditer(item))
    return item[: caps[-1].end()].rstrip(".") if caps else item


def _split_last(seg: str) -> list[str] | None:
    """The last segment of a list holds the conjunction: 'and D' or 'C and D' (first 'and',
    so 'the Royal Oak and the Fox and Hounds' keeps its pub name whole)."""
    m = re.match(r"^(?:and|or|&)\s+(.+)$", seg)
    if m:
        return [m.group(1)] if _item_like(m.group(1)) else None
    for m in re.finditer(r"\s+(?:and|or|&)\s+", seg):
        left, right = seg[: m.start()], seg[m.end() :]
        if _item_like(left) and _item_like(right):
            return [left, right]
    return None


def split_items(region: str, bounded: bool = False) -> list[str] | None:
    """The items of a list, or None when the stretch is not a list of names. Ages and
    appositions between commas ('A, 44, his partner B, 39, and C') belong to their item;
    the list ends at the segment with the final conjunction."""
    if ";" in region:
        parts = [p.strip() for p in region.split(";") if p.strip()]
        parts = [re.sub(r"^(?:and|or)\s+", "", p) for p in parts]
        if len(parts) >= 2 and all(_item_like(p.split(",")[0]) for p in parts):
            return [name for p in parts for name in _semicolon_item(p)]
    segs = [s.strip() for s in region.split(",")]
    segs = [s for s in segs if s and not _AGE.match(s)]
    prefix: list[str] = []
    for s in segs[:_MAX_ITEMS]:
        if not _item_like(s) and _split_last(s) is None:
            break
        prefix.append(s)
    if bounded and len(prefix) == len(segs) >= 2 and all(_item_like(p) and _split_last(p) is None for p in prefix):
        return [_name_part(p) for p in prefix]  # '— Tom Reid, Sam Cole —': a dashed list needs no 'and'
    for j in range(len(prefix) - 1, -1, -1):
        last = _split_last(prefix[j])
        if last is not None:
            items = [re.sub(r"^(?:and|or|&)\s+", "", i) for i in prefix[:j]] + last
            return [_name_part(i) for i in items] if len(items) >= 2 else None
    return None


def _semicolon_item(part: str) -> list[str]:
    """The names of one semicolon-set part: its first, and one joined by 'and' after a comma
    ('Priya Anand, 34, and her mother, Sunita Anand, 61' is two)."""
    names = [part.split(",")[0]]
    m = re.search(r",\s*(?:and|&)\s+(.*)$", part)
    if m:
        for seg in (x.strip() for x in m.group(1).split(",")):
            if seg[:1].isupper() and _item_like(seg):
                names.append(seg)
                break
    return names


def _region_end(text: str, start: int, dashed: bool) -> int:
    """Where a list that starts at `start` ends: a closing dash or bracket, else the sentence end."""
    m = re.compile(rf"{_DASH}|\)|\.\s|\.$" if dashed else r"\(|\.\s|\.$").search(text, start)
    return m.start() if m else len(text)


def _intro(rest: str) -> tuple[str, int, bool] | None:
    """How the stretch after a counted noun introduces a list: (mode, list offset, dashed)."""
    lex = _lex()
    m = _DASH_AT.match(rest)
    if m is None and (r := _RELATIVE_LEAD.match(rest) or _POSTMODIFIER_LEAD.match(rest)):
        # 'The four councillors who voted against – A, B and C –', 'the four finalists for its
        # annual … award — A, B and C —'
        m = _DASH_AT.match(rest[r.end() :])
        if m is not None:
            offset = r.end() + m.end()
            return ("partial" if lex.partial_at.match(rest[offset:]) else "exact", offset, True)
    if m:
        return ("partial" if lex.partial_at.match(rest[m.end() :]) else "exact", m.end(), True)
    m = lex.subset_intro.match(rest)
    if m and not re.search(r"[,]\s*(?:and|but|while)\s", rest[: m.start()]):
        return "subset", m.end(), False
    m = lex.partial_intro.match(rest)
    if m:
        return "partial", m.end(), False
    m = re.match(r"^[^.;:—–()\"“]{0,100}?:\s*", rest)
    if m and not _COUNT_WORD.search(rest[: m.start()]):
        return "exact", m.end(), False
    m = re.match(r"^\s*,\s*(?=(?:the\s+)?[A-Z])", rest)
    if m:
        return "exact", m.end(), False
    m = _PARTICIPLE_THEN_LIST.match(rest)  # 'the four charities chosen by the mayor, the Harbour Trust, …'
    if m:
        return "exact", m.end(), False
    m = lex.exact_intro.match(rest)
    if m:
        return "exact", m.end(), False
    return None


_RELATIVE_LEAD = re.compile(r"\s+(?:who|that|which)\s+(?:[a-z]+\s+){0,5}?[a-z]+(?=\s*(?:—|–|--|\s-\s))")
"""A short relative clause between a counted noun and the dash that opens its list."""
_POSTMODIFIER_LEAD = re.compile(
    r"\s+(?:of|for|at|from|in|on|with)\s+(?:[\w'’&-]+\s+){0,7}?[\w'’&-]+(?=\s*(?:—|–|--|\s-\s))"
)
"""A short prepositional phrase between a counted noun and the dash ('directors of Harcastle Homes —')."""
_PARTICIPLE_THEN_LIST = re.compile(r"^\s+[a-z]+(?:ed|en)\s+(?:[a-z]+\s+){0,5}?[a-z]+\s*,\s*(?=(?:the\s+)?[A-Z])")


_NEXT = re.compile(
    r"^(?:They|These|Those|The\s+[a-z]+(?:\s+[a-z]+)?)\s+(?P<verb>are|were|include|included)\s*:?\s+"
    r"(?=(?:the\s+|an?\s+)?[A-Z])"
)


def _from(ex: Extraction, sent_index: int, count: int, span: tuple[int, int, str], noun_end: int, claim: int | None):
    sent = ex.sentences[sent_index]
    rest = sent.text[noun_end:]
    intro = _intro(rest)
    base = sent.start + noun_end
    text = rest
    if intro is None:
        if sent_index + 1 >= len(ex.sentences):
            return None
        nxt = ex.sentences[sent_index + 1]
        m = _NEXT.match(nxt.text)
        if not m:
            return None
        intro = ("subset" if m.group("verb").startswith("includ") else "exact", m.end(), False)
        base, text = nxt.start, nxt.text
    mode, offset, dashed = intro
    if mode == "partial":
        return None
    end = _region_end(text, offset, dashed)
    items = split_items(text[offset:end], bounded=dashed and bool(re.match(_DASH, text[end:end + 3])))
    if not items:
        return None
    start, stop = base + offset, base + end
    return Enumeration(count, span[0], span[1], span[2], tuple(items), mode, start, stop, sent_index, claim)


_PARTITIVE = re.compile(
    rf"(?:{_COUNT_WORD.pattern}|\bone)\s+of\s+(?:the|its|their|his|her|our)\s+$", re.I
)


def enumerations(ex: Extraction) -> list[Enumeration]:
    """Every count word in the document that introduces a list of names."""
    out: list[Enumeration] = []
    for c in ex.claims:
        if c.kind != "count" or c.qualifier or c.value != int(c.value) or not 2 <= c.value <= _MAX_ITEMS:
            continue
        sent = ex.sentences[c.sentence]
        if _in_name(sent.text, c.start - sent.start, c.text):
            continue  # 'World War Two', 'Big Four'
        if re.match(r"-[A-Za-z]", ex.document.text[c.end : c.end + 2]):
            continue  # 'the 14-vehicle pile-up': a compound modifier, not the count of a list
        if _PARTITIVE.search(sent.text[max(0, c.start - sent.start - 30) : c.start - sent.start]):
            continue  # 'three of the five forces, Calder, Westshire and the Vale': the list is the three's
        if c.noun:
            _, noun_end = phrases.counted_noun(sent.text, c.end - sent.start)
        else:
            noun_end = c.end - sent.start
            if not re.match(rf"^\s*(?:{_DASH}|:)", sent.text[noun_end:]):
                continue  # 'The three' without a noun: only a dash or colon makes it a list
        e = _from(ex, c.sentence, int(c.value), (c.start, c.end, c.text), noun_end, c.index)
        if e:
            out.append(e)
    out.extend(_collectives(ex))
    return out


def _in_name(text: str, start: int, word: str) -> bool:
    """A capitalised number word inside a name: 'World War Two: A, B and C'."""
    before = text[:start].rstrip()
    return word[:1].isupper() and bool(before) and bool(re.search(r"(?<![\w'’-])[A-Z][\w'’-]*$", before))


def _collectives(ex: Extraction) -> list[Enumeration]:
    """'the pair — A, B and C', 'both A, B and C': counts carried by a word, not a figure."""
    lex = _lex()
    coll, pattern, both_re, both_noun = lex.collectives, lex.collective, lex.both_before_name, lex.both_noun
    out: list[Enumeration] = []
    cued = sentences_with(ex, lex.cue_words)  # each of the three patterns needs 'both', 'pair' ...
    for sent in ex.sentences:
        if cued is not None and sent.index not in cued:
            continue
        for m in both_noun.finditer(sent.text):  # "Both schools — A, B and C": two, whatever follows
            span = (sent.start + m.start("w"), sent.start + m.end("w"), m.group("w"))
            e = _from(ex, sent.index, 2, span, m.end(), None)
            if e:
                out.append(e)
        for m in pattern.finditer(sent.text):
            n = coll[folded(m.group("w"))]
            span = (sent.start + m.start("w"), sent.start + m.end("w"), m.group("w"))
            e = _from(ex, sent.index, n, span, m.end(), None)
            if e:
                out.append(e)
        for m in both_re.finditer(sent.text):
            end = _region_end(sent.text, m.end(), False)
            items = split_items(sent.text[m.end() : end])
            if items and all(len(_WORDS.findall(i)) <= 4 for i in items):
                s = sent.start + m.start("w")
                out.append(
                    Enumeration(2, s, s + len(m.group("w")), m.group("w"), tuple(items), "exact",
                                sent.start + m.end(), sent.start + end, sent.index)
                )
    return out
