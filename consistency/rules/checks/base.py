"""What every check kind shares: the contexts it reads, the hits it returns, blocking keys
and the exemptions (quoted speech, correction notices, explicit updates)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from consistency.claims.cache import may_contain_words, per_document
from consistency.claims.model import Claim
from consistency.document.segment import Sentence
from consistency.extract.dates import DateExpr
from consistency.extract.pipeline import Extraction
from consistency.rules.model import Rule, Selection

if TYPE_CHECKING:
    from consistency.explain.trace import Trace


@dataclass(frozen=True)
class Mark:
    """A span in one document that a finding points at."""

    ex: Extraction
    start: int
    end: int
    note: str = ""


@dataclass
class Hit:
    """What a check found: the primary span, related spans, and fields for the message."""

    primary: Mark
    related: list[Mark] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    a: Claim | None = None
    b: Claim | None = None


@dataclass(frozen=True)
class Item:
    """A claim together with the document it came from."""

    ex: Extraction
    claim: Claim

    @property
    def sentence(self) -> Sentence:
        return self.ex.sentences[self.claim.sentence]

    def mark(self, note: str = "") -> Mark:
        return Mark(self.ex, self.claim.start, self.claim.end, note)


@dataclass
class ArticleContext:
    rule: Rule
    ex: Extraction
    items: list[Item]  # the selected claims, in text order
    trace: Trace | None = None  # set by `consistency explain`: checks report their gates to it

    @property
    def params(self) -> dict[str, Any]:
        return self.rule.params


@dataclass
class CorpusContext:
    rule: Rule
    documents: list[Extraction]  # one story, in date order
    items: list[Item]
    trace: Trace | None = None

    @property
    def params(self) -> dict[str, Any]:
        return self.rule.params


Params = dict[str, tuple[dict, Any]]


class CheckKind:
    """A built-in check kind (Vale's `existence`, `consistency`… for figures). Subclasses set
    `name`, `scopes`, `parameters` (name -> (JSON Schema, default)) and implement run_*."""

    name: ClassVar[str]
    summary: ClassVar[str]
    scopes: ClassVar[tuple[str, ...]] = ("article",)
    parameters: ClassVar[Params] = {}

    @classmethod
    def params_schema(cls) -> dict:
        return {
            "type": "object",
            "additionalProperties": False,
            "properties": {name: schema for name, (schema, _) in cls.parameters.items()},
        }

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        return {name: default for name, (_, default) in cls.parameters.items()}

    def run_article(self, ctx: ArticleContext) -> Iterable[Hit]:
        return ()

    def run_corpus(self, ctx: CorpusContext) -> Iterable[Hit]:
        return ()


NUMBER = {"type": "number", "minimum": 0}
INTEGER = {"type": "integer", "minimum": 0}
STRINGS = {"type": "array", "items": {"type": "string"}}
BOOLEAN = {"type": "boolean"}
SYNONYMS = {"type": "array", "items": {"type": "array", "items": {"type": "string"}, "minItems": 2}}


def alias_map(groups: list[list[str]]) -> dict[str, str]:
    """Synonym groups ([take, capture, seize]) as word -> the group's first word."""
    return {word: group[0] for group in groups for word in group}


# --- exemptions -------------------------------------------------------------------------

_CORRECTION = re.compile(
    r"\b(?:an?\s+)?(?:earlier|previous|prior)\s+version\s+of\s+this\b|^\s*(?:correction|clarification|update)s?\b\s*[:\-—]"
    r"|\bthis\s+(?:article|story|report)\s+(?:has\s+been|was)\s+(?:corrected|updated|amended)\b"
    r"|\b(?:incorrectly|mistakenly|erroneously|wrongly)\s+(?:said|stated|reported|gave|put)\b",
    re.I,
)
_UPDATE = re.compile(
    r"\b(?:up|down)\s+from\b|\b(?:rose|risen|rising|rises|increased?|decreased?|grew|grown|climbed?|jumped?|surged?|"
    r"fell|fallen|dropped?|declined?|soared|plunged|swelled|doubled|tripled|halved)\s+(?:to|from|by)\b"
    r"|\b(?:revised|updated|now|initially|originally|previously|first\s+reported|more\s+than\s+before)\b"
    # "later said", "an earlier estimate" revise a figure; "earlier this month" only dates it
    r"|\b(?:later|earlier)\s+(?:said|reported|put|gave|estimated|revised|raised|lowered|figures?|estimates?|"
    r"counts?|tally|tallies|reports?)\b",
    re.I,
)
_RATE_AFTER = re.compile(
    r"^\W{0,3}(?:[\w\-]+\s+){0,3}?(?:each|per|apiece|a\s+(?:day|week|month|year|head|piece)|annually|daily|"
    r"weekly|monthly|respectively|in\s+all|in\s+total|altogether|combined|overall)\b",
    re.I,
)
_SUBSET_BEFORE = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|of\s+which|of\s+those|average|averaging|"
    r"total|overall|combined|another|an\s+additional|a\s+further|at\s+least)\W+(?:\w+\W+){0,2}$",
    re.I,
)


def by_sentence(items: list[Item]) -> dict[int, list[Item]]:
    """The selected claims grouped by sentence index, so per-sentence checks stay linear."""
    out: dict[int, list[Item]] = {}
    for it in items:
        out.setdefault(it.claim.sentence, []).append(it)
    return out


def as_of_expr(item: Item) -> DateExpr | None:
    """The date expression the claim's as-of time came from, if it is written in its sentence."""
    sent, text = item.sentence, item.claim.as_of_text
    if not text:
        return None
    for d in item.ex.dates:
        if sent.start <= d.start < sent.end and d.text == text:
            return d
    return None


# Every match of _CORRECTION contains one of these words, in any case.
_CORRECTION_WORDS = (
    "version", "correction", "clarification", "update", "corrected", "amended",
    "incorrectly", "mistakenly", "erroneously", "wrongly",
)


@per_document
def correction_sentences(ex: Extraction) -> frozenset[int]:
    """Sentences of a correction notice ('An earlier version of this article said …'); kept
    per document, as the engine and the weekday check both ask. A document without one of
    the notice words needs no scan of its sentences."""
    if not may_contain_words(ex.document.text, _CORRECTION_WORDS):
        return frozenset()
    return frozenset(s.index for s in ex.sentences if _CORRECTION.search(s.text))


def clause_claims(ex: Extraction, clause: int) -> list[Claim]:
    """The claims of one clause, indexed once per document (checks ask per pair)."""
    index = ex.__dict__.get("_claims_by_clause")
    if index is None:
        index = {}
        for c in ex.claims:
            index.setdefault(c.clause, []).append(c)
        ex.__dict__["_claims_by_clause"] = index
    return index.get(clause, [])


def is_update(item: Item) -> bool:
    """The figure is framed as a change or an update, or its clause compares figures ('another
    39 detained overnight' marks that figure an increment, not the whole sentence an update)."""
    c = item.claim
    if c.role in ("change-from", "change-to"):
        return True
    cache = item.ex.__dict__.setdefault("_update_by_clause", {})
    if c.clause not in cache:  # once per clause, not once per pair
        text = item.ex.document.text[c.clause_start : c.clause_end] if c.clause_end > c.clause_start else None
        cache[c.clause] = bool(_UPDATE.search(text if text is not None else item.sentence.text))
    return cache[c.clause]


def is_distributive(item: Item) -> bool:
    """A rate, average, total or subset ('5 per household', '12 in all', 'of whom 3'): a
    different measure from a bare count with the same noun."""
    sent, c = item.sentence, item.claim
    cache = item.ex.__dict__.setdefault("_distributive_by_claim", {})
    if c.index not in cache:  # once per claim, not once per pair and rule
        before = sent.text[max(0, c.start - sent.start - 40) : c.start - sent.start]
        after = sent.text[c.end - sent.start : c.end - sent.start + 60]
        cache[c.index] = bool(_SUBSET_BEFORE.search(before) or _RATE_AFTER.match(after))
    return cache[c.index]


def rejection(c: Claim, selection: Selection, corrections: frozenset[int]) -> str | None:
    """Why a rule's `select` leaves the claim out (the select key, 'quoted' or 'correction'),
    or None when it takes part: one answer for the engine and for `consistency explain`."""
    if selection.kinds and c.kind not in selection.kinds:
        return "kinds"
    if selection.entities and c.entity not in selection.entities:
        return "entities"
    if selection.units and c.unit not in selection.units:
        return "units"
    if selection.lemmas and c.lemma not in selection.lemmas:
        return "lemmas"
    if selection.predicates and c.predicate not in selection.predicates:
        return "predicates"
    if c.lemma in selection.exclude_lemmas:
        return "exclude_lemmas"
    if c.quoted and not selection.include_quoted:
        return "quoted"
    if c.sentence in corrections and not selection.include_corrections:
        return "correction"
    return None


def selected(
    ex: Extraction, selection: Selection, corrections: frozenset[int], pool: Sequence[Item] | None = None
) -> list[Item]:
    """The claims a rule's `select` takes, as Items; `pool` (one Item per claim, in order) lets
    the engine make each document's Items once for all its rules."""
    if pool is None:
        return [Item(ex, c) for c in ex.claims if rejection(c, selection, corrections) is None]
    return [it for it in pool if rejection(it.claim, selection, corrections) is None]


# --- blocking ---------------------------------------------------------------------------

def subject(item: Item) -> str | None:
    """Who or what the figure is about (read by the claims layer from its clause)."""
    return item.claim.subject


def subjects_differ(a: Item, b: Item) -> bool:
    """Both figures name whom they are about, and it is not the same one ('Sylvie Moreau'
    and 'Moreau' are the same, and so are 'Corvane Industries' and 'Corvane')."""
    sa, sb = subject(a), subject(b)
    if a.ex is not b.ex:  # 'The company declared an interim dividend': each article's own company
        sa, sb = sa or _own_company(a), sb or _own_company(b)
    if not (sa and sb):
        return False
    if not same_name(sa, sb):
        return True
    # a bare surname ('Pell') against a full name ('Connor Pell'), where the article names two
    # people of that surname, may be the other one
    short, item = (sa, a) if len(sa.split()) == 1 else (sb, b) if len(sb.split()) == 1 else ("", a)
    if not short or len((sb if short == sa else sa).split()) < 2:
        return False
    return len(_full_names(item.ex).get(short, ())) > 1


def _own_company(it: Item) -> str | None:
    """The article's company, for a figure whose clause points back to it ('The company
    declared …', 'The group said its …'): the first subject its lede gives a figure."""
    from consistency.claims.people import people_lexicon

    c = it.claim
    opening = it.ex.document.text[c.clause_start : c.start].lower().split()[:2]
    if len(opening) < 2 or opening[0] not in ("the", "its") or opening[1] not in people_lexicon().company_anaphors:
        return None
    return _lede_subject(it.ex)


@per_document
def _lede_subject(ex: Extraction) -> str | None:
    lede = {s.index for s in ex.sentences[:3]}
    return next((c.subject for c in ex.claims if c.sentence in lede and c.subject), None)


@per_document
def _full_names(ex: Extraction) -> dict[str, frozenset[str]]:
    """Surname -> the given names the article's people have under it ('Pell' -> Gary, Connor),
    read only when a figure's subject is a bare surname of a named subject elsewhere."""
    from consistency.claims.people import people

    out: dict[str, set[str]] = defaultdict(set)
    for p in people(ex).persons:
        if p.given:
            out[p.surname].add(" ".join(p.given))
    return {k: frozenset(v) for k, v in out.items()}


def same_name(a: str, b: str) -> bool:
    """Two names of one subject: the same last word ('Sylvie Moreau', 'Moreau'), or one's
    words all among the other's ('Corvane', 'Corvane Industries')."""
    wa, wb = _without_legal_form(a.split()), _without_legal_form(b.split())
    if not (wa and wb):
        return False
    if set(wa) <= set(wb) or set(wb) <= set(wa):
        return True
    # one surname, two given names ('Gary Pell', 'Connor Pell'): a father and a son
    given = len(wa) > 1 and len(wb) > 1 and wa[0] != wb[0] and not (_title(wa[0]) or _title(wb[0]))
    return wa[-1] == wb[-1] and not given


def _without_legal_form(words: list[str]) -> list[str]:
    """'Kestrel Energy Ltd' -> 'Kestrel Energy': a company's legal form is no part of what tells
    it from another (people lexicon `company_suffixes`)."""
    from consistency.claims.people import people_lexicon

    suffixes = people_lexicon().company_suffixes
    while len(words) > 1 and words[-1].rstrip(".,") in suffixes:
        words = words[:-1]
    return words


def _title(word: str) -> bool:
    """'Mr', 'Dr.', 'Judge': a title from the people lexicon, not a given name."""
    from consistency.claims.people import people_lexicon

    return word.lower().rstrip(".") in people_lexicon().titles


def distinct_names(found: Iterable[str]) -> int:
    """How many subjects a set of names is, one per group of names `same_name` joins."""
    groups: list[list[str]] = []
    for name in sorted(found):
        for group in groups:
            if any(same_name(name, other) for other in group):
                group.append(name)
                break
        else:
            groups.append([name])
    return len(groups)


def block_key(item: Item, keys: Iterable[str], aliases: dict[str, str] | None = None) -> tuple | None:
    """The claim's values for the rule's `match_on` keys; None when a key is missing (a claim
    without a measure is never compared on measure)."""
    c = item.claim
    out: list[Any] = []
    for key in keys:
        if key == "measure":
            value: Any = c.measure
        elif key == "predicate":
            value = c.predicate
        elif key == "unit":
            value = c.unit
        elif key == "dimension":
            value = c.entity
        elif key == "subject":  # compared pairwise: a claim without a subject matches any
            continue
        elif key == "story":
            value = item.ex.document.story or item.ex.document.path
        else:  # as_of is compared as an interval by the checks, not hashed
            continue
        if value is None:
            return None
        out.append(aliases.get(value, value) if aliases else value)
    return tuple(out)


def blocks(
    items: list[Item], keys: Iterable[str], aliases: dict[str, str] | None = None, trace: Trace | None = None
) -> Iterator[list[Item]]:
    """Groups of claims sharing every blocking key: pair checks compare within a group only."""
    keys = tuple(keys)
    groups: dict[tuple, list[Item]] = defaultdict(list)
    for item in items:
        key = block_key(item, keys, aliases)
        if key is not None:
            groups[key].append(item)
        elif trace is not None:
            trace.stop("missing-key", _missing_key(item, keys), item.mark())
    if trace is not None:
        _trace_blocked(groups, keys, trace)
    for key in sorted(groups, key=repr):
        if len(groups[key]) > 1:
            yield groups[key]


def pairs(
    items: list[Item],
    keys: Iterable[str],
    aliases: dict[str, str] | None = None,
    trace: Trace | None = None,
    headline_apart: bool = False,
) -> Iterator[tuple[Item, Item]]:
    """Every pair within a block: the only pairs a pair check ever looks at. A figure repeated
    with the same value and time is compared once (its first mention), so a long document
    that repeats one figure stays linear. Within an article (`headline_apart`) a headline's
    figure and the body's are kept apart: a headline is compared only with its lede, the
    body's mention with the rest. Across articles the first mention stands for both."""
    for block in blocks(items, keys, aliases, trace):
        seen: dict[tuple, Item] = {}
        group = []
        for it in block:
            c = it.claim
            key = (id(it.ex), c.low, c.high, c.as_of_low, c.as_of_high, headline_apart and bool(c.title))
            if key not in seen:
                seen[key] = it
                group.append(it)
            elif trace is not None:
                trace.stop("repeat", "compared once, at its first mention", it.mark(), seen[key].mark())
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                yield a, b


_KEY_FIELD = {"measure": "measure", "predicate": "predicate", "unit": "unit", "dimension": "entity"}


def _key_value(item: Item, key: str) -> Any:
    if key == "story":
        return item.ex.document.story or item.ex.document.path
    return getattr(item.claim, _KEY_FIELD[key])


def _missing_key(item: Item, keys: tuple[str, ...]) -> str:
    missing = [k for k in keys if k in _KEY_FIELD and _key_value(item, k) is None]
    return f"no {' or '.join(missing)}, so never compared on it"


def _trace_blocked(groups: dict[tuple, list[Item]], keys: tuple[str, ...], trace: Trace) -> None:
    """Pairs of figures of one dimension (two counts, two sums of money) in different blocks:
    what an editor asks about ('why are 9 killed and 12 injured not compared?')."""
    hashed = [k for k in keys if k in _KEY_FIELD or k == "story"]
    ordered = sorted(groups, key=repr)
    for i, ka in enumerate(ordered):
        for kb in ordered[i + 1 :]:
            differ = [(k, _show_key(ka[j]), _show_key(kb[j])) for j, k in enumerate(hashed) if ka[j] != kb[j]]
            forward = "; ".join(f"{k} {x} vs {y}" for k, x, y in differ)
            backward = "; ".join(f"{k} {y} vs {x}" for k, x, y in differ)
            for a in groups[ka]:
                for b in groups[kb]:
                    if a.claim.entity == b.claim.entity:
                        if (a.ex.document.path, a.claim.start) <= (b.ex.document.path, b.claim.start):
                            trace.blocked(forward, a.mark(), b.mark())
                        else:
                            trace.blocked(backward, b.mark(), a.mark())


def _show_key(value: Any) -> str:
    return str(value) if value is not None else "-"


def as_of_overlap(a: Claim, b: Claim) -> bool:
    if a.as_of_low is None or b.as_of_low is None or a.as_of_high is None or b.as_of_high is None:
        return a.as_of_low is None and b.as_of_low is None
    return a.as_of_low <= b.as_of_high and b.as_of_low <= a.as_of_high


def close(x: float, y: float, rel: float, absolute: float = 0.0) -> bool:
    return abs(x - y) <= max(absolute, rel * max(abs(x), abs(y)))
