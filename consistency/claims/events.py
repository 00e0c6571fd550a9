"""Event linking: which articles are about one event, so corpus rules compare only those.

Two articles are linked when they share rare names (weighted by how few articles of the
corpus carry them, title and lede counting double), name the same kind of event when both
name one, and were published close enough for a follow-up. Links are pairs, never chains: a
roundup that mentions two quakes is linked to each quake's story, and the two stories are
not linked through it. Front-matter `story` keys, when both articles have one, decide alone.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from consistency.claims import lexicon, names
from consistency.claims.cache import per_document
from consistency.extract import phrases
from consistency.extract.lexicon import matches_at
from consistency.extract.pipeline import Extraction

_LEDE_SENTENCES = 3


@dataclass(frozen=True)
class Profile:
    """What an article is about: its names (lede names separately) and event types."""

    lede: frozenset[str]
    body: frozenset[str]
    types: frozenset[str]
    event_day: dt.date | None  # the day the lede dates the article's own event to
    days: frozenset[dt.date]  # every day the article names


@lexicon.derived
def _settings() -> dict:
    data = lexicon.load("linking")
    types = {}
    for kind, words in (data.get("event_types") or {}).items():
        for w in words or []:
            types[str(w).lower()] = str(kind)
    return {
        "max_days": int(data.get("max_days_apart", 60)),
        "strong_days": int(data.get("strong_days_apart", data.get("max_days_apart", 60))),
        "strong_names": int(data.get("strong_shared_names", 2)),
        "min_score": float(data.get("min_score", 6.0)),
        "min_shared": int(data.get("min_shared", 2)),
        "prior": int(data.get("prior_documents", 60)),
        "types": types,
        "incidents": frozenset(str(t) for t in data.get("incident_types") or []),
        "roles": frozenset(str(w) for w in data.get("official_roles") or []),
        "incident_days": int(data.get("incident_days_apart", 1)),
        "road_codes": _road_pattern(data.get("road_prefixes") or [], data.get("route_words") or []),
        "road_gates": _road_gates(data.get("road_prefixes") or [], data.get("route_words") or []),
    }


def _road_pattern(prefixes: list, words: list) -> re.Pattern[str] | None:
    """'M9', 'A614', 'I-95' (a prefix glued or hyphened to digits) and 'Route 66' (a word and digits)."""
    parts = []
    if prefixes:
        parts.append(rf"(?:{lexicon.alternation(prefixes)})-?\d{{1,4}}(?![\w-])")
    if words:
        parts.append(rf"(?:{lexicon.alternation(words)})\s+\d{{1,4}}(?![\w-])")
    return re.compile("|".join(parts)) if parts else None



def _road_gates(prefixes: list, words: list) -> tuple[tuple[str, bool], ...] | None:
    """Where a road code can start, for `_road_starts`: each lexicon entry's text up to its
    first space (the pattern writes a space as any run of spaces), and whether a dash or a
    digit must follow it right away (a prefix with no space: 'M9', 'I-95'). None when an
    entry is empty or opens with a space (no literal text to find)."""
    gates = []
    for entries, glued in ((prefixes, True), (words, False)):
        for entry in {str(w) for w in entries}:
            first = entry.split(" ")[0]
            if not first:
                return None
            gates.append((first, glued and " " not in entry))
    return tuple(sorted(gates))


def _road_starts(text: str, gates: tuple[tuple[str, bool], ...]) -> list[int]:
    """Every offset where the road pattern can match: each occurrence of an entry's literal
    first part (found by `str.find`), after a prefix only where a dash or a digit (re's digit
    class is `str.isdecimal`) follows it."""
    starts = set()
    for first, glued in gates:
        size = len(first)
        at = text.find(first)
        while at >= 0:
            nxt = text[at + size : at + size + 1]
            if not glued or nxt == "-" or nxt.isdecimal():
                starts.add(at)
            at = text.find(first, at + 1)
    return sorted(starts)


def _lede_text(ex: Extraction) -> str:
    sents = [s for s in ex.sentences if not (ex.document.title_span and s.start < ex.document.title_span[1])]
    title = ex.document.title or ""
    # Joined as sentences: 'Rescue teams reached …' after the headline still opens a sentence,
    # so its capital is no name's.
    return "\n".join([title, *(s.text for s in sents[:_LEDE_SENTENCES])])


@per_document
def profile(ex: Extraction) -> Profile:
    """What event linking reads of an article (its lede and body names, event types and days),
    kept on the extraction: a `check --jobs N` worker reads it where it extracted the article,
    and story grouping in the calling process finds it made."""
    lede_text = _lede_text(ex)
    seen = names.capitalised_in(ex.document)
    lede = _name_features(_evidence(lede_text, seen)) | _road_codes(lede_text)
    lede |= _exact_figures(lede_text)
    lede |= {f"~{w}" for w in _title_terms(ex.document.title or "")}
    body = _name_features(_evidence(ex.document.text, seen)) | lede
    body |= _road_codes(ex.document.text) | _exact_figures(ex.document.text)
    kinds = _settings()["types"]
    # `{w.strip(".,;:'\"()").lower() for w in lede_text.split()}` with one `lower` for the text:
    # lower-casing makes no whitespace and none of those marks, nor takes any away
    words = {w.strip(".,;:'\"()") for w in lede_text.lower().split()}
    types = frozenset(kinds[w] for w in words if w in kinds)
    day_kinds = ("date", "weekday", "relative")
    days = [d.low for d in ex.dates if d.low is not None and d.low == d.high and d.kind in day_kinds]
    first_sentence_end = _lede_end(ex, 1)
    first = next(
        (
            d.low
            for d in ex.dates
            if d.start < first_sentence_end and d.low is not None and d.low == d.high and d.kind in ("date", "weekday")
        ),
        None,
    )
    return Profile(frozenset(lede), frozenset(body), types, first, frozenset(days))


def _name_features(found: list[str]) -> set[str]:
    """`{f for n in found for f in names.features(n)}`, each distinct name asked once (an
    article names its people and places again and again): the same features added in the
    same order, so the same set."""
    features = names.features
    return {f for n in dict.fromkeys(found) for f in features(n)}


_FIGURE_PLAIN = r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)|(?<![\d.,])\d{5,}(?![\d,]|\.\d)"
"""What `_FIGURE` matches, as first written (the tests hold them to the same matches)."""
# `_FIGURE_PLAIN` opened with a lookbehind, so the engine tried it at every character; this
# opens with the first digit (the engine skips to digits) and checks the character before it
# behind that digit. Both branches go on from the first digit as before, in the same order.
_FIGURE = re.compile(r"\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+(?![\d,]|\.\d)|\d{4,}(?![\d,]|\.\d))")


def _exact_figures(text: str) -> set[str]:
    """Figures exact to four or more significant digits ('8,412 votes to 6,930' → #8412): two
    articles that both give one are telling of one count; round figures ('1,200', '412 mln')
    and years are too common to tell anything."""
    out = set()
    for m in _FIGURE.finditer(text):
        digits = m.group(0).replace(",", "")
        if len(digits.rstrip("0")) >= 4:
            out.add(f"#{digits}")
    return out


def _road_codes(text: str) -> set[str]:
    """Road and route numbers ('the M9 near Kelbrook', 'the A614', 'I-95', 'Route 66'): names
    the name reader skips for their digits, and as telling as a place's."""
    cfg = _settings()
    rx = cfg["road_codes"]
    if rx is None:
        return set()
    # The pattern opens with its literal words, but a one-letter prefix ('A', 'I') stands at
    # most capitals of a text: it is tried only where `_road_starts` finds an entry's text. A
    # word character or dash right before a match makes it part of a longer token ('GA1',
    # 'COVID-19').
    gates = cfg["road_gates"]
    found = rx.finditer(text) if gates is None else matches_at(rx, text, _road_starts(text, gates))
    return {
        re.sub(r"[\s-]+", " ", m.group(0))
        for m in found
        if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] in "-_")
    }


def _evidence(text: str, seen: frozenset[str]) -> list[str]:
    """The names of a text that can tie it to one event: not the officials who turn up in
    every story of a beat ('Judge Ellen Marsh', 'Police Chief Renée Gaudet')."""
    roles = _settings()["roles"]
    out = []
    for start, _, name in names.names(text, seen):
        before = text[max(0, start - 30) : start].rsplit(None, 1)  # its last word, as split()[-1]
        if before and before[-1].strip(",") in roles:
            continue
        out.append(name)
    return out


def _title_terms(title: str) -> set[str]:
    """Content words of the headline ('library', 'stadium'), as weak evidence."""
    out = set()
    for w in title.lower().replace("’", "'").split():
        w = w.strip(".,;:'\"()!?")
        if len(w) > 4 and w.isalpha() and names.is_common_noun(w):
            out.add(phrases.lemma(w))
    return out


@per_document
def headline_names(ex: Extraction) -> frozenset[str]:
    """The distinctive name words of the headline ('Thornbury' in 'Greens become largest group
    on Thornbury council'): what the story is about, by the article's own account."""
    title = ex.document.title or ""
    if not title:
        return frozenset()
    seen = names.capitalised_in(ex.document)
    return _name_words(frozenset(_evidence(title, seen)))


@functools.lru_cache(maxsize=8192)
def _name_words(found: frozenset[str]) -> frozenset[str]:
    """The distinctive words of names ('Kelham Greens' -> Kelham, Greens; not 'District'),
    kept per name set: a profile's body is met by every candidate pair it is in."""
    return frozenset(w for n in found if not n.startswith("~") for w in n.split() if not names.generic(w))


def _headlines_clash(a: Extraction, b: Extraction, pa: Profile, pb: Profile) -> bool:
    """Each headline names what the other article never mentions ('… on Thornbury council'
    and '… of Ashworth council'): two stories, however many party or agency names they share.
    One side's headline named in the other article is enough to stay one story."""
    ha, hb = headline_names(a), headline_names(b)
    return bool(ha and hb) and not (ha & _name_words(pb.body)) and not (hb & _name_words(pa.body))


def _lede_end(ex: Extraction, sentences: int = _LEDE_SENTENCES) -> int:
    """Offset where the lede (headline plus the first sentences of the body) ends."""
    title_end = ex.document.title_span[1] if ex.document.title_span else 0
    body = [s for s in ex.sentences if s.start >= title_end]
    return body[min(sentences, len(body)) - 1].end if body else title_end


def linked_pairs(extractions: Sequence[Extraction]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of articles about one event."""
    cfg = _settings()
    profiles = [profile(ex) for ex in extractions]
    df = Counter(f for p in profiles for f in p.body)
    n = max(len(extractions), cfg["prior"])
    weight = {f: math.log(n / c) * (0.5 if f.startswith("~") or names.generic(f) else 1.0) for f, c in df.items()}
    # A name in most of a small corpus, or a tenth of a large one, is not distinctive.
    n_docs = len(extractions)
    common = n_docs if n_docs < 6 else n_docs // 2 if n_docs < 40 else max(8, n_docs // 10)
    rare = {f: w for f, w in weight.items() if df[f] <= common}  # a common name is no evidence
    # Blocking: a link needs a rare lede name (not a headline word, '~…') in both ledes and
    # publication dates at most max_days apart, so each name's postings are kept in date
    # order and an article meets only the postings inside its own date window. Undated
    # articles are never linked and are left out.
    days = [ex.reference_date.toordinal() if ex.reference_date is not None else None for ex in extractions]
    index: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, p in enumerate(profiles):
        if days[i] is None:
            continue
        for f in p.lede:
            if f in rare and not f.startswith("~"):
                index[f].append((days[i], i))
    for postings in index.values():
        postings.sort()
    keys = {f: [d for d, _ in postings] for f, postings in index.items()}
    span = max(cfg["max_days"], cfg["strong_days"])
    out: list[tuple[int, int]] = []
    for i, p in enumerate(profiles):
        day = days[i]
        if day is None:
            continue
        candidates: set[int] = set()
        for f in p.lede:
            postings = index.get(f)
            if postings is None or len(postings) < 2:
                continue
            lo, hi = bisect.bisect_left(keys[f], day - span), bisect.bisect_right(keys[f], day + span)
            candidates.update(j for _, j in postings[lo:hi] if j > i)
        for j in sorted(candidates):
            if _linked(extractions[i], extractions[j], p, profiles[j], rare, cfg):
                out.append((i, j))
    return out


def _same_day(pa: Profile, pb: Profile, slack: int) -> bool:
    """Incidents dated to different days are different incidents, unless one article names
    the other's day (a follow-up: 'charged over Sunday night's shooting')."""
    if pa.event_day is None or pb.event_day is None:
        return True

    def near(day: dt.date, days: frozenset[dt.date]) -> bool:
        return any(abs((day - d).days) <= slack for d in days)

    return near(pa.event_day, pb.days | {pb.event_day}) or near(pb.event_day, pa.days)


def _surname_clash(pa: Profile, pb: Profile) -> set[str]:
    """Surnames both articles give only with different first names ('Dean Walsh', 'Karen
    Walsh'): two people, so the surname is no evidence of one story."""
    out = set()
    index_a, index_b = _first_names_by_surname(pa.body), _first_names_by_surname(pb.body)
    for surname in (pa.body & pb.body):
        if " " in surname or surname.startswith("~"):
            continue
        first_a = index_a.get(surname)  # _first_names(pa.body, surname), an empty set left out
        first_b = index_b.get(surname)
        if first_a and first_b and not (first_a & first_b):
            out.add(surname)
    return out


@functools.lru_cache(maxsize=8192)
def _first_names_by_surname(found: frozenset[str]) -> dict[str, frozenset[str]]:
    """`_first_names(found, surname)` for every surname at once, kept per name set: a profile's
    body is met by every candidate pair it is in, and each shared surname read it whole."""
    index: dict[str, set[str]] = {}
    for n in found:
        words = n.split()
        if len(words) > 1 and not names.generic(words[-2]) and "-" not in words[-2]:
            index.setdefault(words[-1], set()).add(words[-2])
    return {surname: frozenset(first) for surname, first in index.items()}


def _first_names(found: frozenset[str], surname: str) -> set[str]:
    """The words written just before a surname that are not ordinary words ('Kasia' in
    'Nineteen-year-old Kasia Nowak'; not 'Teenager')."""
    out = set()
    for n in found:
        words = n.split()
        if len(words) > 1 and words[-1] == surname and not names.generic(words[-2]) and "-" not in words[-2]:
            out.add(words[-2])
    return out


def _linked(a: Extraction, b: Extraction, pa: Profile, pb: Profile, weight: dict[str, float], cfg: dict) -> bool:
    if a.reference_date is None or b.reference_date is None:
        return False
    apart = abs((a.reference_date - b.reference_date).days)
    if apart > max(cfg["max_days"], cfg["strong_days"]):
        return False
    if pa.types and pb.types and not (pa.types & pb.types):
        return False
    if _headlines_clash(a, b, pa, pb):
        return False
    clash = _surname_clash(pa, pb)
    shared_lede = {f for f in pa.lede & pb.lede if f in weight} - clash
    shared = {f for f in (pa.lede & pb.body) | (pb.lede & pa.body) if f in weight} - clash
    evidence = sum(2 if " " in f else 1 for f in shared)  # "Tollan Bridge" is two names' worth
    if not any(not f.startswith("~") for f in shared_lede) or evidence < cfg["min_shared"]:
        return False
    score = sum(weight[f] for f in shared) + sum(weight[f] for f in shared_lede)
    if apart > cfg["max_days"]:
        # a follow-up months later (an inquest, a trial, an award): a full name ('Kieran Dace')
        # and `strong_names` more names shared by both ledes, and twice the usual weight
        names_shared = {f for f in shared_lede if not f.startswith("~")}
        full = {f for f in names_shared if " " in f}
        return bool(full) and len(names_shared) > cfg["strong_names"] and score >= 2 * cfg["min_score"]
    if (pa.types | pb.types) & cfg["incidents"] and not _same_day(pa, pb, cfg["incident_days"]):
        return score >= 2 * cfg["min_score"]  # two days, two incidents, unless the names insist
    return score >= cfg["min_score"]
