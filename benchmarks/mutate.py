"""Mutation benchmark: plant one numeric contradiction in real texts and see if `check` finds it.

The texts are the 442 ContraDoc documents labelled free of contradictions
(../shared/benchmarks/contradoc-clean/: 154 CNN/DailyMail news, 145 Wikipedia, 143 book and
film summaries; news first in every list and table). Each mutation kind plants ONE
contradiction per mutated text:

  restated    a figure stated twice (same number, same following noun: "212 homes" ...
              "212 homes"); one occurrence is changed by about 20%, to a value that cannot
              agree within the rounding either is written with.
  conversion  "N unit (M unit2)" ("20 miles (32 km)", "82 °F (28 °C)"), checked to hold as
              written; the bracketed value is changed by 15-30% so that it no longer holds.
  weekday     a weekday written with a date ("Monday, June 6", "Friday 3 May 2024",
              "June 6 (Friday)") gets another weekday. Texts written with such a date are
              given a front-matter date that makes the original weekday right. ContraDoc has
              none, so a bare "on Wednesday" first gets a date written beside it that makes
              it right, in one of four forms (row "weekday+"); the twin keeps it right.
  cross       the article is split at a sentence boundary into two documents one or two days
              apart (front-matter `date`, no `story`), and a figure restated across the halves
              is changed in the second half. Found only by a finding that links both halves.

Every mutated document has an unmutated twin (same dates, same insertion), checked in a
separate call. A mutation is *found* when an error/warning finding's primary or related
location falls in the sentence of the changed figure (the texts are one-paragraph prose, so
the sentence stands in for "the line") and the twin has no finding of that rule there. For
within-article kinds the finding must stay inside the document; one that links to another
document of the same call is counted as a false link.

The checker is run as a user runs it: Markdown files with front matter `date:` and `title:`
in a temp folder, `consistency check --format json` one call per folder (within kinds: one
call for all mutated texts of a kind, one for the twins; cross: one call per pair, plus one
call over all pairs together as a false-link test, scored per pair). The unmutated texts are
also checked as given (no dates) and with every article forced to one `--date`.

    nice -n 10 python benchmarks/mutate.py [--limit N] [--kinds restated,conversion,weekday,cross]
        [--seed 7] [--jobs 2] [--at COMMIT | --cmd "..."] [--detok] [-v] [--keep DIR] [--json FILE]

--at COMMIT checks with the checker as it was at that commit (exported with git archive), so
a baseline can be re-measured while the working tree changes; --detok writes the Wikipedia
texts' Wikitext spacing ("4. 2 - mile ( 6. 8 km )") as prose first; -v prints the misses with
the claims `consistency extract` saw and a first guess at the cause. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import calendar
import concurrent.futures
import datetime as dt
import io
import json
import random
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "contradoc-clean" / "articles.jsonl"
KINDS = ("restated", "conversion", "weekday", "cross")
SOURCES = ("news", "wiki", "story")  # the order of every table: news first
COUNTED = ("error", "warning")
FORCED_DATE = dt.date(2024, 6, 1)

# --------------------------------------------------------------------------- texts


@dataclass(frozen=True)
class Article:
    id: str
    kind: str  # news | wiki | story
    text: str


def load_articles(path: Path = CORPUS) -> list[Article]:
    """All texts, news first, then wiki, then story; file order inside each."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    arts = [Article(str(r["id"]), str(r.get("kind") or "other"), r["text"]) for r in rows]
    rank = {k: i for i, k in enumerate(SOURCES)}
    return sorted(arts, key=lambda a: rank.get(a.kind, len(rank)))


_WIKITEXT = [
    (re.compile(r" @([-,.])@ "), r"\1"),  # WikiText-103 markers: 1 @,@ 000, 4 @.@ 2, well @-@ known
    (re.compile(r"(?<=\d) , (?=\d{3}\b)"), ","),  # 2 , 460
    (re.compile(r"(?<=\d)\. (?=\d)"), "."),  # 0. 8
    (re.compile(r"(?<=\w) - (?=\w)"), "-"),  # 4.2 - mile, co - founded
    (re.compile(r"(?<=\w) / (?=\w)"), "/"),  # km / h
    (re.compile(r"\( "), "("),
    (re.compile(r" \)"), ")"),
    (re.compile(r" ([,;:.!?])(?=\s|$)"), r"\1"),  # word , word
    (re.compile(r" (['’]s)\b"), r"\1"),  # Moore 's
]


def detokenize(text: str) -> str:
    """Wikitext as ContraDoc ships it ("4. 2 - mile ( 6. 8 km )", "2 , 460") written as
    ordinary prose ("4.2-mile (6.8 km)", "2,460"); for --detok only."""
    for pattern, repl in _WIKITEXT:
        text = pattern.sub(repl, text)
    return text


def unique_texts(articles: Iterable[Article]) -> list[Article]:
    """Drops texts whose first 200 characters repeat an earlier one (ContraDoc holds a few
    copies and edited variants of one source text; two copies in one batch are one story)."""
    seen: set[str] = set()
    out = []
    for a in articles:
        key = " ".join(a.text[:200].split())
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


_ABBREV = frozenset(
    "mr mrs ms dr st jr sr gen sen rep gov lt col capt sgt prof inc co corp ltd vs no mt ft "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s a.m p.m e.g i.e".split()
)
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|[A-Z\"“]|$)|\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Naive sentence spans (start, end) covering the text; a newline always ends one.
    Handles ContraDoc's missing spaces ("France.While"), Wikitext decimals ("0. 2") and
    common abbreviations. Only used to place windows and split points, never to score text."""
    cuts = []
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group(0) != "\n":
            word = re.search(r"([\w.]+)$", text[max(0, m.start() - 24) : m.start()])
            prev = word.group(1).lower() if word else ""
            nxt = text[end:].lstrip()[:1]
            if prev.rstrip(".") in _ABBREV or re.fullmatch(r"[a-z]", prev):
                continue
            if nxt and (nxt.islower() or (nxt.isdigit() and prev[-1:].isdigit())):
                continue
        cuts.append(end)
    spans, start = [], 0
    for c in [*cuts, len(text)]:
        if c > start and text[start:c].strip():
            spans.append((start, c))
            start = c
    if spans and spans[-1][1] < len(text):
        spans[-1] = (spans[-1][0], len(text))
    return spans or [(0, len(text))]


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    for s, e in sentence_spans(text):
        if s <= offset < e:
            return s, e
    return 0, len(text)


_NOT_IN_TITLE = re.compile(
    r"\d|^(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|thousand|"
    r"million|billion|dozen|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december)\W*$",
    re.I,
)


def headline(text: str, words: int = 10) -> str:
    """A title from the first words of the text, without figures, weekdays or months: the
    checker reads titles too, and a copy of the lede's figure there would be a second
    statement of it."""
    s, e = sentence_spans(text)[0]
    kept = [w for w in text[s:e].split() if not _NOT_IN_TITLE.search(w)]
    return " ".join(kept[:words]).rstrip(".,;:-—") or "Untitled"


# --------------------------------------------------------------------------- numbers

# digits with thousands separators ("1,763", Wikitext "2 , 460") and decimals ("6.8", "0. 2")
NUM = r"\d{1,3}(?:(?:,| , )\d{3})+(?:(?:\.|\. )\d+)?|\d+(?:(?:\.|\. )\d+)?"


@dataclass(frozen=True)
class NumberFormat:
    thousands: str | None  # "," or " , " or None
    decimal: str  # "." or ". "
    decimals: int


def parse_number(token: str) -> tuple[float, NumberFormat]:
    thousands = " , " if " , " in token else ("," if "," in token else None)
    plain = token.replace(" , ", "").replace(",", "")
    decimal = ". " if ". " in plain else "."
    plain = plain.replace(". ", ".")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    return float(plain), NumberFormat(thousands, decimal, decimals)


def format_number(value: float, fmt: NumberFormat) -> str:
    text = f"{value:.{fmt.decimals}f}"
    whole, _, frac = text.partition(".")
    sep = fmt.thousands or ("," if fmt.decimal == "." else " , ")
    if fmt.thousands or (value >= 10000 and len(whole) > 4):
        whole = f"{int(whole):,}".replace(",", sep)
    return whole + (fmt.decimal + frac if frac else "")


def half_unit(fmt: NumberFormat) -> float:
    """The rounding a figure written this way carries (12 -> 0.5, 1.2 -> 0.05)."""
    return 0.5 * 10 ** (-fmt.decimals)


def shifted(value: float, fmt: NumberFormat, factor: float) -> float:
    """value * factor at the written precision, moved on until it cannot agree within the
    rounding of either figure (and stays positive)."""
    step = 10 ** (-fmt.decimals)
    direction = 1 if factor >= 1 else -1
    new = round(value * factor, fmt.decimals)
    if direction < 0 and new <= 0:
        direction, new = 1, round(value * (2 - factor), fmt.decimals)
    while abs(new - value) <= 2 * half_unit(fmt) + 1e-9 or abs(new - value) < 0.1 * value - 1e-9:
        new = round(new + direction * step, fmt.decimals)
        if new <= 0:
            direction, new = 1, value
    return new


WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
TENS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}


def number_word(n: int, like: str) -> str:
    """n (up to 20, or a multiple of ten to 90) written the way `like` is ("Two" -> "Three")."""
    word = TENS.get(n) or next(w for w, i in WORD_NUMBERS.items() if i == n)
    return word.capitalize() if like[:1].isupper() else word


def changed_count_word(n: int, factor: float) -> int:
    """A count word's value moved by about `factor`, to a value still written as one word."""
    new = max(1, round(n * factor))
    if new > 20:
        new = min(90, round(new / 10) * 10)
    if new == n:
        step = (1 if n < 20 else 10) * (1 if factor > 1 or n <= 2 else -1)
        new = n + step
    return new


# --------------------------------------------------------------------------- mutations


@dataclass
class Doc:
    name: str  # file stem, unique within a run
    text: str
    date: dt.date
    title: str
    story: str | None = None  # only for the diagnostic re-run of missed cross pairs

    @property
    def front(self) -> str:
        story = f"story: {self.story}\n" if self.story else ""
        return f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\ndate: {self.date.isoformat()}\n{story}---\n"

    def markdown(self) -> str:
        return self.front + self.text


@dataclass
class Mutation:
    kind: str  # restated | conversion | weekday | weekday+ | cross
    article: Article
    docs: list[Doc]  # the mutated document(s)
    twins: list[Doc]  # the same without the mutation
    target: int  # index into docs of the document holding the changed figure
    start: int  # span of the new text in docs[target].text
    end: int
    before: str
    after: str
    other: tuple[int, int, int] | None = None  # (doc index, start, end) of the figure it contradicts
    note: str = ""
    result: dict = field(default_factory=dict)

    @property
    def source(self) -> str:
        return self.article.kind

    def window(self) -> tuple[int, int]:
        """The sentence of the changed figure, in the target document's text."""
        return sentence_at(self.docs[self.target].text, self.start)


_YEAR = r"(?:199\d|20[0-2]\d)"
_MONTH_NAME = "|".join(calendar.month_name[1:])
_DATED = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})\s)?(?P<m1>{_MONTH_NAME})\s(?P<y1>{_YEAR})\b"
    rf"|\b(?P<m2>{_MONTH_NAME})\s(?P<d2>\d{{1,2}})\s?,\s(?P<y2>{_YEAR})\b"
    rf"|(?<![\d,.])(?P<y3>{_YEAR})(?!\d|\s?,\s?\d{{3}})"
)


def doc_date(rng: random.Random, text: str = "") -> dt.date:
    """A publication date after every date 1990-2024 the text mentions ("24 August 2008",
    "March 2006", "2014"), so what it reports is in the past: up to 59 days after the latest
    such day (a bare year counts from its 1 January). Texts without one get a day in 2005-2014,
    the years of the CNN/DailyMail texts."""
    latest = None
    for m in _DATED.finditer(text):
        if m.group("y3"):
            day = dt.date(int(m.group("y3")), 1, 1)
        else:
            i = 1 if m.group("m1") else 2
            year, month = int(m.group(f"y{i}")), list(calendar.month_name).index(m.group(f"m{i}"))
            last = calendar.monthrange(year, month)[1]
            day = dt.date(year, month, min(int(m.group(f"d{i}") or last), last)) + dt.timedelta(days=1)
        latest = day if latest is None else max(latest, day)
    if latest is None:
        return dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(10 * 365))
    return latest + dt.timedelta(days=rng.randrange(60))


def _name(kind: str, article: Article) -> str:
    return f"{kind.replace('+', 'plus')}-{re.sub(r'[^A-Za-z0-9_-]', '_', article.id)}"


def _single(kind, article, rng, text, start, end, before, after, other=None, date=None, twin_text=None, note=""):
    """A one-document mutation: text[start:end] (== before, in twin_text or the article) becomes after."""
    base = article.text if twin_text is None else twin_text
    date = date or doc_date(rng, base)
    new = base[:start] + after + base[end:]
    name = _name(kind, article)
    title = headline(base)
    return Mutation(
        kind,
        article,
        [Doc(name, new, date, title)],
        [Doc(name, base, date, title)],
        0,
        start,
        start + len(after),
        before,
        after,
        None if other is None else (0, *_moved(other, start, end, len(after))),
        note,
    )


def _moved(span: tuple[int, int], start: int, end: int, length: int) -> tuple[int, int]:
    """span after text[start:end] was replaced by `length` characters."""
    s, e = span
    if s >= end:
        return s + length - (end - start), e + length - (end - start)
    return s, e


# ---- restated figures

_STOP_NOUNS = frozenset(
    "of and or the a an to in on at for from by with as than is are was were be been has have had "
    "that which who whom per more less over under about after before into out up down off but not "
    "percent cent said says while when where times a.m p.m am pm o'clock".split()
)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_FIGURE = re.compile(
    rf"(?<![\w$£€.,/:#-])(?P<cur>[$£€] ?)?(?P<num>{NUM})"
    r"(?P<scale> ?(?:million|billion|trillion|bn|mn|m)\b)?"
    r"(?P<pct> ?%| per ?cent\b| percent\b)?"
    r"(?![\w/:-]|[.,]\d)"
    r"(?: (?P<noun>[a-z][a-z'-]*[a-z]))?"
)
_WORD_FIGURE = re.compile(
    r"(?<![\w-])(?P<num>"
    + "|".join(w for w, i in WORD_NUMBERS.items() if i >= 2)
    + r")(?![\w-]) (?P<noun>[a-z][a-z'-]*[a-z])",
    re.I,
)


@dataclass(frozen=True)
class Figure:
    start: int  # the number's span (what a mutation rewrites)
    end: int
    text: str
    value: float
    fmt: NumberFormat | None  # None: a number word
    key: tuple


def figures(text: str) -> list[Figure]:
    """Figures with a unit or a following noun, keyed by value and unit/noun."""
    out = []
    for m in _FIGURE.finditer(text):
        cur, scale, pct, noun = m.group("cur"), m.group("scale"), m.group("pct"), m.group("noun")
        if noun and (noun in _STOP_NOUNS or len(noun) < 3):
            noun = None
        end_of_match = m.end("noun") if noun else m.end()
        if end_of_match >= len(text.rstrip()) - 1:
            continue  # at the cut end of the text: the noun may be truncated
        value, fmt = parse_number(m.group("num"))
        is_year = not (cur or scale or pct or fmt.thousands) and fmt.decimals == 0 and 1000 <= value <= 2100
        after_month = re.search(rf"\b(?:{_MONTHS})\.? $", text[max(0, m.start() - 12) : m.start()])
        code = re.search(
            r"(?:\b[A-Z]{1,4}|\bCategory|\bRoute|\bHighway|\bNo\.?|-)\s?$", text[max(0, m.start() - 12) : m.start()]
        )
        if is_year or after_month or code or not (noun or cur or pct):
            continue  # a year, a day of the month, a road or a category number, a bare number
        if not noun and ((cur and not scale and value < 1000) or (pct and value < 10 and not fmt.decimals)):
            continue  # a small price or percentage without a noun is seldom the same fact twice
        scale = (scale or "").strip()
        if scale in ("m", "mn", "bn") and not cur:
            continue  # "5 m" without a currency is metres
        scale = {"m": "million", "mn": "million", "bn": "billion"}.get(scale, scale)
        key = (value, (cur or "").strip(), scale, "%" if pct else "", noun or "")
        out.append(Figure(m.start("num"), m.end("num"), m.group("num"), value, fmt, key))
    for m in _WORD_FIGURE.finditer(text):
        noun = m.group("noun")
        if noun.lower() in _STOP_NOUNS or m.end() >= len(text.rstrip()) - 1:
            continue
        value = WORD_NUMBERS[m.group("num").lower()]
        out.append(
            Figure(m.start("num"), m.end("num"), m.group("num"), float(value), None, (float(value), "", "", "", noun))
        )
    return sorted(out, key=lambda f: f.start)


def restated_pairs(text: str) -> list[tuple[Figure, Figure]]:
    """Pairs of figures with one key, first occurrence first."""
    by_key: dict[tuple, list[Figure]] = defaultdict(list)
    for f in figures(text):
        by_key[f.key].append(f)
    return [(a, b) for fs in by_key.values() for i, a in enumerate(fs) for b in fs[i + 1 :]]


def changed_figure(fig: Figure, rng: random.Random) -> str:
    factor = rng.choice((0.8, 1.2))
    if fig.fmt is None:
        return number_word(changed_count_word(int(fig.value), factor), fig.text)
    return format_number(shifted(fig.value, fig.fmt, factor), fig.fmt)


def mutate_restated(article: Article, rng: random.Random) -> Mutation | None:
    pairs = restated_pairs(article.text)
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    fig, other = (a, b) if rng.random() < 0.5 else (b, a)
    after = changed_figure(fig, rng)
    return _single(
        "restated", article, rng, article.text, fig.start, fig.end, fig.text, after, (other.start, other.end)
    )


# ---- bracketed conversions

_UNITS: dict[str, tuple[str, float]] = {}  # lower-cased spelling -> (dimension, factor to SI)


def _unit(dimension: str, factor: float, *names: str) -> None:
    for n in names:
        _UNITS[n] = (dimension, factor)


_unit("length", 0.001, "mm", "millimetre", "millimetres", "millimeter", "millimeters")
_unit("length", 0.01, "cm", "centimetre", "centimetres", "centimeter", "centimeters")
_unit("length", 1.0, "m", "metre", "metres", "meter", "meters")
_unit("length", 1000.0, "km", "kilometre", "kilometres", "kilometer", "kilometers")
_unit("length", 0.0254, "in", "inch", "inches")
_unit("length", 0.3048, "ft", "foot", "feet")
_unit("length", 0.9144, "yd", "yard", "yards")
_unit("length", 1609.344, "mi", "mile", "miles")
_unit("length", 1852.0, "nautical mile", "nautical miles", "nmi")
_unit("mass", 0.001, "g", "gram", "grams")
_unit("mass", 1.0, "kg", "kilogram", "kilograms", "kilo", "kilos")
_unit("mass", 0.45359237, "lb", "lbs", "pound", "pounds")
_unit("mass", 0.0283495, "oz", "ounce", "ounces")
_unit("mass", 1000.0, "tonne", "tonnes", "metric ton", "metric tons", "t")
_unit("mass", 1016.047, "long ton", "long tons")
_unit("mass", 907.185, "short ton", "short tons")
_unit("speed", 0.44704, "mph")
_unit("speed", 1 / 3.6, "km/h", "km / h", "kph", "kmh")
_unit("speed", 0.514444, "knots", "knot", "kn")
_unit("speed", 1.0, "m/s")
_unit("area", 1e6, "sq km", "square kilometres", "square kilometers", "km2", "km²")
_unit("area", 2589988.0, "sq mi", "square miles", "square mile")
_unit("area", 10000.0, "hectares", "hectare", "ha")
_unit("area", 4046.856, "acres", "acre")
_unit("area", 0.092903, "sq ft", "square feet")
_unit("area", 1.0, "square metres", "square meters", "m2", "m²")
_unit("volume", 1.0, "litres", "liters", "litre", "liter")
_unit("volume", 1000.0, "cubic metres", "cubic meters", "m3", "m³")
_unit("volume", 28.3168, "cubic feet", "cu ft")
_unit("pressure", 100.0, "mbar", "hpa", "millibars")
_unit("pressure", 3386.39, "inhg")
_unit("pressure", 6894.76, "psi")
_unit("power", 1000.0, "kw")
_unit("power", 745.7, "hp", "horsepower")
_unit("power", 735.5, "metric horsepower")
_TEMPERATURE = {
    "c": "C",
    "°c": "C",
    "° c": "C",
    "degrees celsius": "C",
    "degrees c": "C",
    "celsius": "C",
    "f": "F",
    "°f": "F",
    "° f": "F",
    "degrees fahrenheit": "F",
    "degrees f": "F",
    "fahrenheit": "F",
}
for _t in _TEMPERATURE:
    _UNITS[_t] = ("temperature", 1.0)

_UNIT_RE = "|".join(re.escape(u).replace(r"\ ", r"\s?") for u in sorted(_UNITS, key=len, reverse=True))
_QUANTITY = rf"(?:{NUM})\s?-?\s?(?:{_UNIT_RE})(?![\w/])"
_CONVERSION = re.compile(
    rf"(?<![\w.,])(?P<lead>{_QUANTITY}(?:\s(?:{NUM})\s?(?:{_UNIT_RE})(?![\w/]))?)"
    r"(?:\s?-\s?(?:long|tall|high|wide|deep|thick))?"
    r"\s?\(\s?(?:(?:about|around|roughly|approximately|nearly|some|almost|over|more than)\s)?"
    rf"(?P<bracket>(?P<first>{NUM})\s?-?\s?(?:{_UNIT_RE})(?![\w/])(?:\s(?:{NUM})\s?(?:{_UNIT_RE})(?![\w/]))?)",
    re.I,
)
_PART = re.compile(rf"(?P<num>{NUM})\s?-?\s?(?P<unit>{_UNIT_RE})(?![\w/])", re.I)


@dataclass(frozen=True)
class Measure:
    dimension: str
    low: float  # SI (temperatures: degrees of `scale`)
    high: float
    units: frozenset[str]
    scale: str = ""  # "C" or "F" for temperatures


def _unit_name(written: str) -> str:
    unit = " ".join(written.lower().split())
    return unit if unit in _UNITS else unit.replace(" ", "")


def measure(text: str) -> Measure | None:
    """The value interval of "20 miles", "231 ft 3. 5 in", "82 ° F" (each part's rounding kept)."""
    parts = list(_PART.finditer(text))
    if not parts:
        return None
    dims, units, low, high, scale = set(), set(), 0.0, 0.0, ""
    for p in parts:
        unit = _unit_name(p.group("unit"))
        dim, factor = _UNITS.get(unit, ("?", 0.0))
        value, fmt = parse_number(p.group("num"))
        dims.add(dim)
        units.add(unit)
        if dim == "temperature":
            scale = _TEMPERATURE[unit]
        low += (value - half_unit(fmt)) * factor
        high += (value + half_unit(fmt)) * factor
    if len(dims) != 1 or "?" in dims or (scale and len(parts) > 1):
        return None
    return Measure(dims.pop(), low, high, frozenset(units), scale)


def _to_celsius(value: float, scale: str) -> float:
    return (value - 32) * 5 / 9 if scale == "F" else value


def conversion_holds(lead: str, bracket: str, slack: float = 0.03) -> bool | None:
    """Whether the bracketed figure fits the lead one (within both roundings, plus 3% or one
    degree of slack); None when the two are not a conversion between units of one dimension."""
    a, b = measure(lead), measure(bracket)
    if not a or not b or a.dimension != b.dimension:
        return None
    if a.dimension == "temperature":
        if a.scale == b.scale:
            return None
        lo_a, hi_a = _to_celsius(a.low, a.scale), _to_celsius(a.high, a.scale)
        lo_b, hi_b = _to_celsius(b.low, b.scale), _to_celsius(b.high, b.scale)
        return lo_a - 1.0 <= hi_b and lo_b - 1.0 <= hi_a
    if {_UNITS[u][1] for u in a.units} == {_UNITS[u][1] for u in b.units}:
        return None  # "5 km (3 km)" is not a conversion
    return a.low * (1 - slack) <= b.high and b.low <= a.high * (1 + slack)


def conversions(text: str) -> list[re.Match[str]]:
    """Bracketed conversions that hold as written."""
    out = []
    for m in _CONVERSION.finditer(text):
        if conversion_holds(m.group("lead"), m.group("bracket")):
            out.append(m)
    return out


def mutate_conversion(article: Article, rng: random.Random) -> Mutation | None:
    found = conversions(article.text)
    rng.shuffle(found)
    for m in found:
        value, fmt = parse_number(m.group("first"))
        sign = rng.choice((-1, 1))
        for _ in range(3):
            factor = 1 + sign * rng.uniform(0.15, 0.30)
            new = shifted(value, fmt, factor)
            if not 0.12 <= abs(new - value) / value <= 0.45:
                fmt = NumberFormat(fmt.thousands, fmt.decimal, fmt.decimals + 1)
                new = shifted(value, fmt, factor)
            after = format_number(new, fmt)
            bracket = m.group("bracket")
            offset = m.start("first") - m.start("bracket")
            changed = bracket[:offset] + after + bracket[offset + len(m.group("first")) :]
            if conversion_holds(m.group("lead"), changed) is False:
                return _single(
                    "conversion",
                    article,
                    rng,
                    article.text,
                    m.start("first"),
                    m.end("first"),
                    m.group("first"),
                    after,
                    (m.start("lead"), m.end("lead")),
                )
            sign = -sign
    return None


# ---- weekdays with dates

WEEKDAYS = list(calendar.day_name)  # Monday .. Sunday
MONTH_NAMES = list(calendar.month_name)[1:]
_WD = "|".join(WEEKDAYS)
_MONTH_NO = (
    {m.lower(): i + 1 for i, m in enumerate(MONTH_NAMES)}
    | {m.lower()[:3]: i + 1 for i, m in enumerate(MONTH_NAMES)}
    | {"sept": 9}
)
_MO = _MONTHS
_ORD = r"(?:st|nd|rd|th)?"
_WEEKDAY_DATE = re.compile(
    rf"(?P<a>(?P<wd1>{_WD}),?\s(?:the\s)?(?P<d1>\d{{1,2}}){_ORD}\s(?:of\s)?(?P<m1>{_MO})\.?(?:,?\s(?P<y1>\d{{4}}))?)"
    rf"|(?P<b>(?P<wd2>{_WD}),?\s\(?(?P<m2>{_MO})\.?\s(?P<d2>\d{{1,2}}){_ORD}\)?(?:,?\s(?P<y2>\d{{4}}))?)"
    rf"|(?P<c>(?P<m3>{_MO})\.?\s(?P<d3>\d{{1,2}}){_ORD}(?:,?\s(?P<y3>\d{{4}}))?\s\((?P<wd3>{_WD})\))"
    rf"|(?P<e>(?P<d4>\d{{1,2}}){_ORD}\s(?P<m4>{_MO})\.?(?:\s(?P<y4>\d{{4}}))?\s\((?P<wd4>{_WD})\))"
)
_BARE_WEEKDAY = re.compile(
    rf"\b[Oo]n (?P<wd>{_WD})\b(?![’'-]|,?\s(?:night|morning|afternoon|evening|{_MO}|\d|the\s\d))"
)


@dataclass(frozen=True)
class WeekdayDate:
    start: int  # the weekday's span
    end: int
    weekday: str
    month: int
    day: int
    year: int | None


def weekday_dates(text: str) -> list[WeekdayDate]:
    out = []
    for m in _WEEKDAY_DATE.finditer(text):
        i = next(i for i in (1, 2, 3, 4) if m.group(f"wd{i}"))
        month = _MONTH_NO.get(m.group(f"m{i}").lower().rstrip("."))
        day, year = int(m.group(f"d{i}")), m.group(f"y{i}")
        if month and 1 <= day <= calendar.monthrange(2000, month)[1]:
            out.append(
                WeekdayDate(
                    m.start(f"wd{i}"), m.end(f"wd{i}"), m.group(f"wd{i}"), month, day, int(year) if year else None
                )
            )
    return out


def _other_weekday(weekday: str, rng: random.Random) -> str:
    return rng.choice([w for w in WEEKDAYS if w != weekday])


def mutate_weekday(article: Article, rng: random.Random) -> Mutation | None:
    """A weekday written with a date gets another weekday; else a bare "on Wednesday" gets
    the right date written beside it first (kind "weekday+")."""
    text = article.text
    for wd in weekday_dates(text):
        base = doc_date(rng, text)
        if wd.year:
            event = dt.date(wd.year, wd.month, wd.day)
            if WEEKDAYS[event.weekday()] != wd.weekday:
                continue  # wrong as published: not a clean text to mutate
        else:
            event = _year_for(wd.month, wd.day, wd.weekday, base.year)
            if event is None:
                continue
        date = event + dt.timedelta(days=rng.randrange(0, 4))
        after = _other_weekday(wd.weekday, rng)
        return _single("weekday", article, rng, text, wd.start, wd.end, wd.weekday, after, date=date)
    bare = list(_BARE_WEEKDAY.finditer(text))
    if not bare:
        return None
    m = rng.choice(bare)
    weekday = m.group("wd")
    date = doc_date(rng, text)
    back = (date.weekday() - WEEKDAYS.index(weekday) - 1) % 7 + 1  # the last such day before the date
    event = date - dt.timedelta(days=back)
    form = rng.randrange(4)
    month, day, year = MONTH_NAMES[event.month - 1], event.day, event.year
    closing = "," if form in (0, 2) and re.match(r" [A-Za-z]", text[m.end("wd") :]) else ""
    written = [
        f"{weekday}, {month} {day}{closing}",  # Wednesday, July 16
        f"{weekday} {day} {month} {year}",  # Wednesday 16 July 2014
        f"{weekday}, {month} {day}, {year}{closing}",  # Wednesday, July 16, 2014
        f"{month} {day} ({weekday})",  # July 16 (Wednesday)
    ][form]
    twin = text[: m.start("wd")] + written + text[m.end("wd") :]
    at = m.start("wd") + written.index(weekday)
    after = _other_weekday(weekday, rng)
    return _single(
        "weekday+",
        article,
        rng,
        twin,
        at,
        at + len(weekday),
        weekday,
        after,
        date=date,
        twin_text=twin,
        note=f"date written in: {written!r}",
    )


def _year_for(month: int, day: int, weekday: str, near: int) -> dt.date | None:
    """The date month/day nearest to year `near` that falls on `weekday`."""
    for k in range(0, 30):
        for y in (near - k, near + k):
            try:
                d = dt.date(y, month, day)
            except ValueError:
                continue
            if WEEKDAYS[d.weekday()] == weekday:
                return d
    return None


# ---- cross-article split


def split_points(text: str) -> list[int]:
    return [s for s, _ in sentence_spans(text)[1:]]


def mutate_cross(article: Article, rng: random.Random, min_half: int = 200) -> Mutation | None:
    """Splits between two occurrences of a restated figure and changes the one in the second half."""
    text = article.text
    cuts = split_points(text)
    options = []
    for a, b in restated_pairs(text):
        between = [c for c in cuts if a.end <= c <= b.start and min_half <= c <= len(text) - min_half]
        if between:
            options.append((a, b, min(between, key=lambda c: abs(c - len(text) / 2))))
    if not options:
        return None
    a, b, cut = rng.choice(options)
    first = text[:cut].rstrip()
    lead = len(text[cut:]) - len(text[cut:].lstrip())
    second = text[cut + lead :]
    start, end = b.start - cut - lead, b.end - cut - lead
    after = changed_figure(b, rng)
    d1 = dt.date(2024, 6, 3) + dt.timedelta(days=rng.randrange(5))  # every pair in one week: a dense crowd
    d2 = d1 + dt.timedelta(days=rng.choice((1, 2)))
    name = _name("cross", article)
    mutated_second = second[:start] + after + second[end:]
    docs = [Doc(f"{name}-a", first, d1, headline(first)), Doc(f"{name}-b", mutated_second, d2, headline(second))]
    twins = [Doc(f"{name}-a", first, d1, headline(first)), Doc(f"{name}-b", second, d2, headline(second))]
    return Mutation("cross", article, docs, twins, 1, start, start + len(after), b.text, after, (0, a.start, a.end))


MUTATORS = {
    "restated": mutate_restated,
    "conversion": mutate_conversion,
    "weekday": mutate_weekday,
    "cross": mutate_cross,
}


def mutations(
    articles: Sequence[Article], kind: str, seed: int, limit: int | None = None
) -> tuple[Counter, list[Mutation]]:
    """(candidate texts per (kind, source), the mutations) for one kind, at most `limit` in
    article order (news first). Each text's draw depends only on the seed, the kind and the
    text's id, so --limit and --kinds do not change it."""
    every = [m for a in articles if (m := MUTATORS[kind](a, random.Random(f"{seed}:{kind}:{a.id}")))]
    candidates = Counter((m.kind, m.source) for m in every)
    return candidates, every if limit is None else every[:limit]


# --------------------------------------------------------------------------- running the checker


def checker_command(cmd: str | None = None, at: str | None = None) -> list[str]:
    """The `check --format json` command: --cmd as given; or the checker of commit `at` (its
    tree exported to a temp folder, run by this Python with -P so the working tree's package
    is not imported instead); or the installed `consistency`."""
    if cmd:
        return shlex.split(cmd)
    if at:
        tree = export_commit(at)
        return ["env", f"PYTHONPATH={tree}", sys.executable, "-P", "-m", "consistency", "check", "--format", "json"]
    exe = Path(sys.executable).with_name("consistency")
    return [str(exe) if exe.exists() else "consistency", "check", "--format", "json"]


def export_commit(commit: str) -> Path:
    """The project's tree at `commit` (package and rule pack), exported once to a temp folder."""
    repo = Path(__file__).resolve().parents[1]
    full = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", f"{commit}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    tree = Path(tempfile.gettempdir()) / f"consistency-{full[:12]}"
    if not (tree / "consistency" / "__init__.py").exists():
        data = subprocess.run(
            ["git", "-C", str(repo), "archive", "--format=tar", full, "consistency", "rules"],
            capture_output=True,
            check=True,
        ).stdout
        partial = Path(tempfile.mkdtemp(prefix=f"consistency-{full[:12]}-"))
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(partial, filter="data")
        if not tree.exists():
            partial.rename(tree)
        else:
            shutil.rmtree(partial, ignore_errors=True)
    return tree


def run_check(cmd: list[str], paths: Sequence[Path | str], date: dt.date | None = None) -> dict:
    args = [*cmd, "--fail-level", "none"] + (["--date", date.isoformat()] if date else []) + [str(p) for p in paths]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=1800)
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"{' '.join(args[:6])} ...: rc={proc.returncode}, {proc.stderr[-400:]}") from None


def run_extract(cmd: list[str], paths: Sequence[Path]) -> dict[str, dict]:
    """`consistency extract --format json` per file stem (for reading misses): the check
    command with `check ...` replaced by `extract --format json`."""
    if "check" not in cmd or not paths:
        return {}
    args = [*cmd[: cmd.index("check")], "extract", "--format", "json", *map(str, paths)]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=1800)
    try:
        return {Path(d["path"]).stem: d for d in json.loads(proc.stdout)["documents"]}
    except (json.JSONDecodeError, KeyError):
        return {}


def write_docs(folder: Path, docs: Iterable[Doc]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for d in docs:
        p = folder / f"{d.name}.md"
        p.write_text(d.markdown(), encoding="utf-8")
        paths.append(p)
    return paths


def _offset(doc: Doc, line: int, column: int) -> int:
    """Body offset of a 1-based line/column in the written file."""
    full = doc.markdown()
    pos = 0
    for _ in range(line - 1):
        nl = full.find("\n", pos)
        if nl < 0:
            break
        pos = nl + 1
    return pos + column - 1 - len(doc.front)


def locations(f: dict) -> list[tuple[str, int, int, int, int]]:
    """(file stem, line, column, end_line, end_column) of a finding's primary and related spans."""
    out = [
        (Path(f["path"]).stem, f["line"], f["column"], f.get("end_line", f["line"]), f.get("end_column", f["column"]))
    ]
    for r in f.get("related") or []:
        p = Path(r.get("path") or f["path"]).stem
        out.append((p, r["line"], r["column"], r["line"], r["column"]))
    return out


def touches(f: dict, doc: Doc, window: tuple[int, int]) -> bool:
    for stem, line, col, end_line, end_col in locations(f):
        if stem != doc.name:
            continue
        s, e = _offset(doc, line, col), _offset(doc, end_line, end_col)
        if s < window[1] and max(e, s + 1) > window[0]:
            return True
    return False


def score(m: Mutation, findings: list[dict], twin_findings: list[dict]) -> dict:
    """Whether the mutation was found; for cross, a finding must link both halves."""
    names = {d.name for d in m.docs}
    target = m.docs[m.target]
    window = m.window()
    twin_window = sentence_at(m.twins[m.target].text, m.start)

    def relevant(fs: list[dict], docs: list[Doc], win: tuple[int, int]) -> list[dict]:
        out = []
        for f in fs:
            if f["severity"] not in COUNTED:
                continue
            stems = {loc[0] for loc in locations(f)}
            if m.kind == "cross":
                if not names <= stems:
                    continue
            elif stems != {docs[m.target].name}:
                continue
            if touches(f, docs[m.target], win):
                out.append(f)
        return out

    hits = relevant(findings, m.docs, window)
    twin_hits = relevant(twin_findings, m.twins, twin_window)
    twin_rules = {f["rule"] for f in twin_hits}
    found = [f for f in hits if f["rule"] not in twin_rules]
    mine = [f for f in findings if names & {loc[0] for loc in locations(f)}]
    return {
        "found": bool(found),
        "rules": sorted({f["rule"] for f in found}),
        "twin_fires": bool(twin_hits),
        "findings": mine,
        "window": target.text[window[0] : window[1]],
    }


def false_links(findings: list[dict], group_of: dict[str, str]) -> list[dict]:
    """Findings whose locations span documents of different texts."""
    out = []
    for f in findings:
        groups = {group_of.get(loc[0], loc[0]) for loc in locations(f)}
        if len(groups) > 1:
            out.append(f)
    return out


def _pool(jobs: int) -> concurrent.futures.ThreadPoolExecutor:
    return concurrent.futures.ThreadPoolExecutor(max(1, jobs))


def evaluate(kind: str, muts: list[Mutation], cmd: list[str], root: Path, jobs: int) -> dict:
    """Runs the checker on a kind's mutated and twin documents and scores each mutation."""
    group_of = {d.name: m.article.id for m in muts for d in m.docs}
    out: dict = {"false_links": [], "batch_found": None, "twin_alarms": 0, "twin_docs": 0}
    if kind != "cross":
        mutated = write_docs(root / kind / "mutated", [d for m in muts for d in m.docs])
        twins = write_docs(root / kind / "twins", [d for m in muts for d in m.twins])
        with _pool(jobs) as pool:
            res, twin_res = pool.map(lambda ps: run_check(cmd, ps) if ps else {"findings": []}, [mutated, twins])
        for m in muts:
            m.result = score(m, res["findings"], twin_res["findings"])
        out["false_links"] = false_links(res["findings"], group_of)
        out["twin_findings"] = [f for f in twin_res["findings"] if f["severity"] in COUNTED]
        out["twin_alarms"] = len(out["twin_findings"])
        out["twin_docs"] = len(twins)
        return out
    tasks = []
    for m in muts:
        stem = m.docs[0].name[:-2]
        tasks.append(write_docs(root / kind / "pairs" / stem, m.docs))
        tasks.append(write_docs(root / kind / "twins" / stem, m.twins))
    all_pairs = write_docs(root / kind / "all", [d for m in muts for d in m.docs])
    with _pool(jobs) as pool:
        results = list(pool.map(lambda ps: run_check(cmd, ps), [*tasks, all_pairs]))
    batch = results.pop()["findings"]
    for i, m in enumerate(muts):
        m.result = score(m, results[2 * i]["findings"], results[2 * i + 1]["findings"])
        m.result["batch_found"] = score(m, batch, results[2 * i + 1]["findings"])["found"]
    out["twin_findings"] = [f for r in results[1::2] for f in r["findings"] if f["severity"] in COUNTED]
    out["twin_alarms"] = len(out["twin_findings"])
    out["twin_docs"] = 2 * len(muts)
    out["false_links"] = false_links(batch, group_of)
    out["batch_found"] = sum(m.result["batch_found"] for m in muts)
    return out


def baseline(cmd: list[str], corpus: Path, articles: Sequence[Article], jobs: int) -> list[tuple[str, dict]]:
    """Error/warning findings on the unmutated texts: as given (no dates) and all on one --date."""
    kind_of = {a.id: a.kind for a in articles}
    with _pool(jobs) as pool:
        runs = list(pool.map(lambda d: run_check(cmd, [corpus], d), [None, FORCED_DATE]))
    rows = []
    for label, res in zip(("dates as given (none)", f"--date {FORCED_DATE}"), runs, strict=True):
        counted = [f for f in res["findings"] if f["severity"] in COUNTED]
        per = Counter(kind_of.get(f["path"].rsplit("#", 1)[-1], "?") for f in counted)
        rows.append((label, {"findings": counted, "per_source": per, "rules": Counter(f["rule"] for f in counted)}))
    return rows


# --------------------------------------------------------------------------- report


def _mark(text: str, start: int, end: int, width: int = 240) -> str:
    """The sentence around text[start:end], the span marked »so«, cut to about `width`."""
    s, e = sentence_at(text, start)
    left = " ".join(text[s:start].split())
    right = " ".join(text[end:e].split())
    room = max(20, (width - (end - start)) // 2)
    if len(left) > room:
        left = "…" + left[-room:]
    if len(right) > room:
        right = right[:room] + "…"
    gap_left = " " if text[start - 1 : start].isspace() and left else ""
    gap_right = " " if text[end : end + 1].isspace() and right else ""
    return f"{left}{gap_left}»{text[start:end]}«{gap_right}{right}"


def print_table(rows: list[tuple], headers: tuple[str, ...]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=True)]
    for r in [headers, tuple("-" * w for w in widths), *rows]:
        print(
            "  ".join(
                str(x).ljust(w) if i < 2 else str(x).rjust(w) for i, (x, w) in enumerate(zip(r, widths, strict=True))
            )
        )


def _claims_near(extracted: dict, doc: Doc, window: tuple[int, int]) -> list[str]:
    d = extracted.get(doc.name)
    if not d:
        return []
    body = len(doc.front)
    lines = []
    for c in d.get("claims", []):
        if window[0] <= c["start"] - body < window[1]:
            as_of = c.get("as_of") or {}
            lines.append(
                f"claim {c['text']!r} {c.get('unit')} noun={c.get('noun')!r} measure={c.get('measure')!r} "
                f"as_of={as_of.get('low')}..{as_of.get('high')} quoted={c.get('quoted')} verb={c.get('predicate')}"
            )
    for q in d.get("dates", []):
        if window[0] <= q["start"] - body < window[1]:
            lines.append(f"date {q['text']!r} -> {q.get('value')} weekday={q.get('weekday')}")
    return lines


def _claims(extracted: dict, doc: Doc) -> list[dict]:
    """The document's claims with offsets into doc.text."""
    body = len(doc.front)
    return [
        dict(c, start=c["start"] - body, end=c["end"] - body) for c in extracted.get(doc.name, {}).get("claims", [])
    ]


def _dates(extracted: dict, doc: Doc) -> list[dict]:
    body = len(doc.front)
    return [dict(q, start=q["start"] - body, end=q["end"] - body) for q in extracted.get(doc.name, {}).get("dates", [])]


def _covering(items: list[dict], start: int, end: int) -> dict | None:
    return next((c for c in items if c["start"] < end and start < c["end"]), None)


def _value_of(text: str) -> float | None:
    if text.lower() in WORD_NUMBERS:
        return float(WORD_NUMBERS[text.lower()])
    if text.lower() in TENS.values():
        return float(next(k for k, v in TENS.items() if v == text.lower()))
    try:
        return parse_number(text)[0]
    except ValueError:
        return None


def _same_value(claim_value: object, written: float | None) -> bool:
    if not isinstance(claim_value, int | float) or written is None:
        return False
    return any(abs(claim_value - written * k) <= 1e-6 * max(1.0, abs(written * k)) for k in (1, 1e3, 1e6, 1e9, 1e12))


def diagnose(m: Mutation, extracted: dict) -> str:
    """A first guess at why a mutation was missed, from what `consistency extract` saw: an
    extraction failure, or every blocking key and gate that keeps the two figures apart (the
    first is counted in the summary). Reading the case decides."""
    t = m.docs[m.target]
    if m.kind.startswith("weekday"):
        d = _covering(_dates(extracted, t), m.start, m.end)
        if d is None:
            return "extraction: the date written with the weekday is not read"
        if not d.get("weekday"):
            return f"extraction: weekday not paired with the date ({d['text']!r})"
        return f"check: date {d['value']} and weekday {d['weekday']} read, weekday-mismatch silent"
    changed = _covering(_claims(extracted, t), m.start, m.end)
    if changed is None:
        return "extraction: the changed figure is not a claim"
    if not _same_value(changed.get("value"), _value_of(m.after)):
        return f"extraction: the changed figure is misread ({changed['text']!r} = {changed.get('value')})"
    i, s, e = m.other
    other = _covering(_claims(extracted, m.docs[i]), s, e)
    if m.kind == "conversion":
        if other is None:
            return "extraction: the converted figure is not a claim"
        if other.get("unit") == "dimensionless":
            return f"extraction: the converted figure has no unit ({other['text']!r})"
        if changed.get("unit") == "dimensionless":
            return f"extraction: the bracketed figure has no unit ({changed['text']!r})"
        if other.get("quoted") or changed.get("quoted"):
            return "exemption: quoted speech"
        if (
            other.get("qualifier")
            or changed.get("qualifier")
            or re.match(r"(about|around|approximately|some|nearly)\b", other["text"], re.I)
        ):
            return f"tolerance: a qualifier widens the interval ({other['text']!r} / {changed['text']!r})"
        return "check: both figures read with units, conversion-mismatch silent"
    if other is None:
        return "extraction: the restated figure it contradicts is not a claim"
    blockers = []  # every blocking key or gate that keeps the pair apart, most basic first
    if changed.get("quoted") or other.get("quoted"):
        blockers.append("exemption: quoted speech")
    if changed.get("unit") != other.get("unit"):
        blockers.append(f"measure: units differ ({changed.get('unit')} / {other.get('unit')})")
    if not changed.get("measure") or not other.get("measure"):
        keys = f"{changed.get('measure')!r} / {other.get('measure')!r}"
        blockers.append(f"measure: no measure key ({keys}, unit {changed.get('unit')})")
    elif changed.get("measure") != other.get("measure"):
        blockers.append(f"measure: keys differ ({changed.get('measure')!r} / {other.get('measure')!r})")
    if not changed.get("predicate") or not other.get("predicate"):
        verbs = f"{changed.get('predicate')!r} / {other.get('predicate')!r}"
        blockers.append(f"measure: no verb read, and a claim without one is never compared ({verbs})")
    elif changed.get("predicate") != other.get("predicate"):
        blockers.append(f"measure: verbs differ ({changed.get('predicate')!r} / {other.get('predicate')!r})")
    if (changed.get("as_of") or {}) != (other.get("as_of") or {}):
        x, y = changed.get("as_of") or {}, other.get("as_of") or {}
        blockers.append(f"time: as-of differs ({x.get('low')}..{x.get('high')} / {y.get('low')}..{y.get('high')})")
    if m.kind != "cross":
        later = max((m.start, t.text), (m.other[1], m.docs[i].text), key=lambda x: x[0])
        head = later[1][max(0, later[0] - 30) : later[0]]
        if not re.search(r"\b(?:the|those|these|all|its|their|of the)\s+(?:\w+\s+)?$", head, re.I):
            blockers.append("check: no pointer back ('the', 'all' ...) before the later figure, no shared subject")
    if blockers:
        return "; ".join(blockers)
    if m.kind == "cross":
        return "linking: same measure, verb and time, pair not compared"
    return "check: same measure, verb and time, same-measure-conflict silent"


def story_probe(missed: list[Mutation], cmd: list[str], root: Path, jobs: int) -> dict[str, str]:
    """Missed cross pairs checked again (1) with one front-matter `story` for both halves and
    (2) with that story and one date for both: found at (1) means story grouping failed, found
    only at (2) means the figures' times (taken from the publication dates) kept them apart."""
    tasks = []
    for m in missed:
        stem = m.docs[0].name[:-2]
        for variant in ("story", "story+date"):
            date = m.docs[0].date if variant == "story+date" else None
            docs, twins = (
                [Doc(d.name, d.text, date or d.date, d.title, story=f"probe-{stem}") for d in ds]
                for ds in (m.docs, m.twins)
            )
            tasks.append(
                (
                    m,
                    variant,
                    docs,
                    twins,
                    write_docs(root / "cross" / variant / stem, docs),
                    write_docs(root / "cross" / f"{variant}-twins" / stem, twins),
                )
            )
    with _pool(jobs) as pool:
        runs = list(pool.map(lambda t: (run_check(cmd, t[4]), run_check(cmd, t[5])), tasks))
    found: dict[tuple[str, str], bool] = {}
    for (m, variant, docs, twins, _, _), (res, twin_res) in zip(tasks, runs, strict=True):
        probe = Mutation(m.kind, m.article, docs, twins, m.target, m.start, m.end, m.before, m.after, m.other)
        found[m.article.id, variant] = score(probe, res["findings"], twin_res["findings"])["found"]
    out = {}
    for m in missed:
        if found[m.article.id, "story"]:
            out[m.article.id] = "found with a shared `story` key (story grouping failed)"
        elif found[m.article.id, "story+date"]:
            out[m.article.id] = "found only with a shared story and one date (the figures' times differ)"
        else:
            out[m.article.id] = "missed even with a shared story and one date"
    return out


def print_misses(muts: list[Mutation], cmd: list[str], root: Path, per_kind: int, jobs: int = 2) -> None:
    by_kind: dict[str, list[Mutation]] = defaultdict(list)
    for m in muts:
        if not m.result.get("found"):
            by_kind[m.kind].append(m)
    summary: dict[str, Counter] = {}
    for kind, missed in by_kind.items():
        missed = missed[:per_kind]
        if kind == "cross":
            paths = [root / "cross" / "pairs" / m.docs[0].name[:-2] / f"{d.name}.md" for m in missed for d in m.docs]
        else:
            folder = root / kind.replace("weekday+", "weekday") / "mutated"
            paths = [folder / f"{d.name}.md" for m in missed for d in m.docs]
        extracted = run_extract(cmd, [p for p in paths if p.exists()])
        probe = story_probe(missed, cmd, root, jobs) if kind == "cross" else {}
        causes: Counter = Counter()
        print(f"\n== misses: {kind} ({len(missed)} shown)")
        for m in missed:
            t = m.docs[m.target]
            cause = diagnose(m, extracted)
            causes[re.sub(r" \(.*", "", cause.split("; ")[0])] += 1
            if m.article.id in probe:
                cause += "; probe: " + probe[m.article.id]
                causes["probe: " + probe[m.article.id]] += 1
            print(f"- {m.article.id} [{m.source}] {m.before!r} -> {m.after!r} {m.note}")
            print(f"    cause? {cause}")
            print(f"    changed: {_mark(t.text, m.start, m.end)}")
            if m.other:
                i, s, e = m.other
                same = i == m.target and sentence_at(t.text, s) == m.window()
                if not same:
                    print(f"    {'other half' if i != m.target else 'other'}: {_mark(m.docs[i].text, s, e)}")
                else:
                    print(f"    converted: »{m.docs[i].text[s:e]}«")
            for line in _claims_near(extracted, t, m.window()):
                print(f"    {line}")
            if m.other and not (m.other[0] == m.target and sentence_at(t.text, m.other[1]) == m.window()):
                i, s, e = m.other
                for line in _claims_near(extracted, m.docs[i], sentence_at(m.docs[i].text, s)):
                    print(f"    (other) {line}")
            for f in m.result.get("findings", []):
                print(
                    f"    finding {f['severity']}[{f['rule']}] {Path(f['path']).stem}:{f['line']}:{f['column']}",
                    f["message"],
                )
            if m.result.get("twin_fires"):
                print("    (the twin also has an error/warning in this sentence)")
        summary[kind] = causes
    print("\n== first-guess causes of the misses shown (read the cases to confirm)")
    for kind, causes in summary.items():
        print(f"{kind}:")
        for cause, n in causes.most_common():
            print(f"  {n:3d} {cause}")


def weekday_forms(muts: Sequence[Mutation]) -> str | None:
    """Recall of the weekday+ mutations per written form ("Weekday, Month D" ...)."""
    counts: Counter = Counter()
    for m in muts:
        if m.kind == "weekday+" and "'" in m.note:
            shape = re.sub(rf"\b(?:{_WD})\b", "Weekday", m.note.split("'")[1])
            shape = re.sub(rf"\b(?:{'|'.join(MONTH_NAMES)})\b", "Month", shape)
            shape = re.sub(r"\b\d{1,2}\b", "D", re.sub(r"\b\d{4}\b", "YYYY", shape)).rstrip(",")
            counts[shape, bool(m.result.get("found"))] += 1
    shapes = sorted({shape for shape, _ in counts})
    if not shapes:
        return None
    return "weekday+ by written form: " + "; ".join(
        f"{sh!r} {counts[sh, True]}/{counts[sh, True] + counts[sh, False]}" for sh in shapes
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, help="at most N mutated texts per kind (news first)")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma list of " + ", ".join(KINDS))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2, help="checker processes at once (default 2)")
    parser.add_argument("--cmd", help="checker command (default: consistency check --format json)")
    parser.add_argument("--at", metavar="COMMIT", help="check with the checker as of this commit (git archive)")
    parser.add_argument("--keep", type=Path, help="write the documents here and keep them")
    parser.add_argument("--no-baseline", action="store_true", help="skip the runs on the unmutated texts")
    parser.add_argument("--json", type=Path, help="write every mutation and its result here")
    parser.add_argument(
        "--detok", action="store_true", help="write the Wikipedia texts' Wikitext spacing as prose before mutating"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print misses with context")
    parser.add_argument("--misses", type=int, default=30, help="misses printed per kind with -v (default 30)")
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if unknown := set(kinds) - set(KINDS):
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    if not args.corpus.exists():
        sys.exit(f"no corpus at {args.corpus}")
    cmd = checker_command(args.cmd, args.at)
    started = time.perf_counter()
    articles = load_articles(args.corpus)
    if args.detok:
        articles = [Article(a.id, a.kind, detokenize(a.text)) if a.kind == "wiki" else a for a in articles]
    texts = unique_texts(articles)
    root = args.keep or Path(tempfile.mkdtemp(prefix="mutate-"))
    if args.keep and root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    print(f"{len(articles)} texts ({len(texts)} distinct), seed {args.seed}, checker: {' '.join(cmd)}")
    if args.at:
        print(f"checker as of commit {args.at}")
    if args.detok:
        print("Wikipedia texts detokenized (--detok); the runs on the unmutated texts still use the corpus as given")
    everything: list[Mutation] = []
    alarms: list[tuple[str, dict]] = []  # findings on twins and false links, printed with -v
    rows = []
    extra = []
    try:
        for kind in kinds:
            candidates, muts = mutations(texts, kind, args.seed, args.limit)
            info = (
                evaluate(kind, muts, cmd, root, args.jobs)
                if muts
                else {"false_links": [], "batch_found": None, "twin_alarms": 0, "twin_docs": 0}
            )
            everything += muts
            for sub, source in sorted(candidates, key=lambda k: (k[0], SOURCES.index(k[1]))):
                ms = [m for m in muts if m.kind == sub and m.source == source]
                found = sum(m.result["found"] for m in ms)
                rows.append(
                    (
                        sub,
                        source,
                        candidates[sub, source],
                        len(ms),
                        found,
                        f"{100 * found / len(ms):.0f}%" if ms else "-",
                        sum(m.result["twin_fires"] for m in ms),
                    )
                )
            if not candidates:
                rows.append((kind, "-", 0, 0, 0, "-", 0))
            if line := weekday_forms(muts):
                extra.append(line)
            if args.verbose:
                alarms += [(kind, f) for f in info.get("twin_findings", []) + info["false_links"]]
            extra.append(
                f"{kind}: {info['twin_alarms']} error/warning findings on {info['twin_docs']} unmutated twins; "
                f"{len(info['false_links'])} findings linking different texts in the batched call"
                + (
                    f"; found with all pairs in one call: {info['batch_found']}/{len(muts)}"
                    if info["batch_found"] is not None
                    else ""
                )
            )
        print()
        print_table(rows, ("kind", "source", "candidates", "mutated", "found", "recall", "twin fires"))
        total_m = len(everything)
        total_f = sum(m.result["found"] for m in everything)
        if total_m:
            print(f"all kinds: {total_f}/{total_m} found ({100 * total_f / total_m:.0f}%)")
        for line in extra:
            print(line)
        print("(twin fires: the unmutated twin has an error/warning in that sentence; its rules do not count as found)")
        if not args.no_baseline:
            print("\nfalse alarms on the unmutated texts (error/warning findings per 100 articles)")
            brows = []
            for label, b in baseline(cmd, args.corpus, articles, args.jobs):
                n = len(b["findings"])
                per = b["per_source"]
                sizes = Counter(a.kind for a in articles)
                brows.append(
                    (
                        label,
                        "",
                        n,
                        f"{100 * n / len(articles):.1f}",
                        *(f"{100 * per[s] / sizes[s]:.1f}" if sizes[s] else "-" for s in SOURCES),
                        ", ".join(f"{r} {c}" for r, c in b["rules"].most_common()) or "-",
                    )
                )
            print_table(brows, ("run", "", "findings", "/100", *(f"{s}/100" for s in SOURCES), "rules"))
        if args.verbose:
            if alarms:
                print("\n== findings on the unmutated twins and links between different texts")
            for kind, f in alarms:
                where = ", ".join(f"{stem}:{line}" for stem, line, *_ in locations(f))
                print(f"- {kind}: {f['severity']}[{f['rule']}] {where} {f['message']}")
            print_misses(everything, cmd, root, args.misses, args.jobs)
        if args.json:
            args.json.write_text(
                json.dumps(
                    [
                        {
                            "kind": m.kind,
                            "id": m.article.id,
                            "source": m.source,
                            "before": m.before,
                            "after": m.after,
                            "note": m.note,
                            "found": m.result.get("found"),
                            "rules": m.result.get("rules"),
                            "twin_fires": m.result.get("twin_fires"),
                            "batch_found": m.result.get("batch_found"),
                            "changed": _mark(m.docs[m.target].text, m.start, m.end),
                            "other": _mark(m.docs[m.other[0]].text, m.other[1], m.other[2]) if m.other else None,
                            "docs": [d.name for d in m.docs],
                        }
                        for m in everything
                    ],
                    indent=1,
                    ensure_ascii=False,
                )
            )
        print(f"\n{time.perf_counter() - started:.1f} s" + (f"; documents kept in {root}" if args.keep else ""))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
