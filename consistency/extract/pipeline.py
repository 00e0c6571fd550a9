"""Run the extractors over one document: sentences, then dates, then quantities (which must
not reuse a date's digits), then the words around each quantity, then claims."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from consistency.claims import lexicon
from consistency.claims.build import build_claims
from consistency.claims.model import Claim
from consistency.document.model import Document
from consistency.document.segment import Sentence, document_quotes, sentences
from consistency.extract import phrases
from consistency.extract.dates import DateExpr, find_dates
from consistency.extract.quantities import Quantity, find_quantities


@dataclass
class Extraction:
    document: Document
    reference_date: dt.date | None
    sentences: list[Sentence]
    dates: list[DateExpr]
    quantities: list[Quantity]
    claims: list[Claim]
    notes: list[str] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding a character offset (binary search: documents can be long)."""
        if not self._sentence_starts:
            self._sentence_starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i < 0 or offset >= self.sentences[i].end:
            return None
        return self.sentences[i]


_OF_WHOLE = re.compile(r"\s+of\s+(?:the|these|those|its|their|his|her|our|all|some)?\s*(?:[$£€]\s?)?")


def extract_document(doc: Document, reference_date: dt.date | None = None) -> Extraction:
    ref = reference_date or doc.date
    text = doc.text
    sents = sentences(text)
    starts = [s.start for s in sents]

    def sentence_at(offset: int) -> Sentence:
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        return sents[i]

    dates = find_dates(text, ref, lambda offset: sentence_at(offset).text)
    date_spans = sorted((d.start, d.end) for d in dates)
    span_starts = [s for s, _ in date_spans]
    quantities: list[Quantity] = []
    for sent in sents:
        lo, hi = bisect.bisect_left(span_starts, sent.start - 200), bisect.bisect_left(span_starts, sent.end)
        nearby = date_spans[lo:hi]  # a date is far shorter than 200 characters
        quantities.extend(_sentence_quantities(sent, nearby, len(quantities)))
    notes: list[str] = []
    if ref is None:
        notes.append("no reference date (give --date or a date in the metadata): relative dates are left unresolved")
    claims = build_claims(doc, ref, sents, dates, quantities, document_quotes(doc))
    return Extraction(doc, ref, sents, dates, quantities, claims, notes)


_SUBJECT_NOUN = re.compile(
    r"\b(?:the\s+)?(?:(?P<number>number|tally|count|total)\s+of\s+(?P<of>(?:[a-z\-]+\s+){0,2}?[a-z\-]+)|"
    r"(?P<toll>(?:[a-z\-]+(?:['’]s)?\s+)?(?:toll|tally)))"
    # "since the outbreak began", "from Tuesday's magnitude 6.4 earthquake in the Sarvan highlands"
    r"(?:\s+(?:since|in|at|across|from|among|for)\s+(?:(?:\d+\.\d+|[\w'’\-]+)\s+){0,8}?[\w'’\-]+?)?"
    r"\s+(?:had\s+|has\s+|have\s+)?(?:now\s+)?"
    r"(?:reached|reaches|stood\s+at|stands\s+at|rose\s+to|risen\s+to|rises\s+to|climbed\s+to|increased\s+to|"
    r"jumped\s+to|fell\s+to|dropped\s+to|hit|was|is|were|totalled|totaled|been|to)\s+"
    r"(?:(?:about|around|nearly|almost|at\s+least|more\s+than|over|some)\s+)?$",
    re.I,
)


_SUBJECT_WORDS = ("toll", "tally", "number", "count", "total")


def _subject_noun(head: str) -> str | None:
    """'the death toll stood at 48', 'the number of cases rose to 40': the noun comes first."""
    lowered = head.lower()  # every match holds one of these words; re.I folds no other letter onto theirs
    if not any(word in lowered for word in _SUBJECT_WORDS):
        return None
    m = _SUBJECT_NOUN.search(head)
    if not m:
        return None
    return m.group("of") if m.group("number") else m.group("toll").lower()


def _sentence_quantities(sent: Sentence, nearby: list[tuple[int, int]], base: int) -> list[Quantity]:
    """The described quantities of one sentence, `base` being the number of quantities
    before it in the document. They depend only on the sentence's text and where the dates
    near it lie, so a sentence met before (wire updates and re-filed stories repeat most of
    their paragraphs) is read from `_seen`, at sentence-relative offsets, and copied out."""
    key = (sent.text, tuple((a - sent.start, b - sent.start) for a, b in nearby), lexicon.generation())
    known = _seen.get(key)
    if known is not None:
        return [_shifted(q, sent.start, base) for q in known]
    found = find_quantities(sent.text, sent.start, nearby)
    for q in found:
        _describe(sent, q, found, 0)
    if len(_seen) >= _SEEN_LIMIT:
        _seen.clear()
    _seen[key] = [_shifted(q, -sent.start, 0) for q in found]
    for q in found:
        if q.link is not None:
            q.link += base
    return found


_SEEN_LIMIT = 50_000
_seen: dict[tuple[str, tuple[tuple[int, int], ...], int], list[Quantity]] = {}


def _shifted(q: Quantity, offset: int, base: int) -> Quantity:
    """A copy of `q` moved by `offset` characters, its link (an index among the sentence's
    quantities) moved by `base`; its `extra` is its own."""
    new = Quantity.__new__(Quantity)  # a field-for-field copy: dataclasses.replace re-runs __init__
    new.__dict__.update(q.__dict__)
    new.start += offset
    new.end += offset
    if new.link is not None:
        new.link += base
    new.extra = dict(q.extra)
    return new


_POSSESSOR_BETWEEN = re.compile(r"\s+[\w-]+(?:['’]s?|s['’])\s+")
"""A possessive noun between two figures: 'the two companies' 31 offices' (the whole is the second)."""


def _describe(sent: Sentence, q: Quantity, siblings: list[Quantity], base: int) -> None:
    """Counted noun, lemma and predicate, read within the figure's own sentence."""
    text, offset = sent.text, sent.start
    start, end = q.start - offset, q.end - offset
    noun, noun_end = phrases.counted_noun(text, end)
    if noun is None and q.kind in ("count", "vague", "fraction", "percent"):
        # "120 of the 600 members": the part borrows the whole's noun and verb.
        for i, other in enumerate(siblings):
            if other.start > q.end and _OF_WHOLE.fullmatch(text[end : other.start - offset]):
                if i + 1 < len(siblings) and _POSSESSOR_BETWEEN.fullmatch(
                    text[other.end - offset : siblings[i + 1].start - offset]
                ):
                    i, other = i + 1, siblings[i + 1]  # '5 of the two companies' 31 offices': the 31's
                q.role = q.role or "part"
                q.link = base + i if q.link is None else q.link
                noun, noun_end = phrases.counted_noun(text, other.end - offset)
                break
    if noun is None and q.kind in ("count", "vague"):
        noun = _subject_noun(text[:start])
    if noun is not None:
        q.noun = noun
        q.lemma = phrases.noun_lemma(noun)
    q.predicate = phrases.predicate(text, start, max(end, noun_end))
