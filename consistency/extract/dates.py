"""Find date and time expressions and resolve them against the article's reference date.

Common forms ("November 30", "30 Nov 2025", "Friday", "last week", "mid-2024") are read by
compiled patterns; anything else a candidate pattern catches ("two weeks ago") goes to
dateparser with languages=['en'], cached. Corrections over dateparser's defaults: a yearless
date takes the year nearest the reference date; a weekday is resolved by the tense of its
sentence; "may", "we", "sun", "second" are never dates unless shaped like one.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from consistency.extract.lexicon import MONTHS, UNITS_WORDS, WEEKDAYS


@dataclass
class DateExpr:
    text: str
    start: int
    end: int
    kind: str  # date | month | year | period | weekday | time | relative
    value: str | None  # ISO date, ISO month, year, or "low/high" period; None when unresolved
    low: dt.date | None = None
    high: dt.date | None = None
    weekday: int | None = None  # a weekday written next to a date: "Friday, June 5"
    year_given: bool = True
    note: str | None = None
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        out = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "value": self.value,
            "low": self.low.isoformat() if self.low else None,
            "high": self.high.isoformat() if self.high else None,
        }
        if self.weekday is not None:
            out["weekday"] = calendar.day_name[self.weekday]
        if self.note:
            out["note"] = self.note
        return out


_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[6-9]\d\d|20\d\d|21\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = (
    r"(?:(?:the\s+)?(?:early\s+|late\s+)?(?:night|evening|morning|afternoon|end|start|beginning|"
    r"middle|eve|weekend|week|first\s+week|last\s+week|close|turn)\s+of\s+)"
)
_SEASON = r"(?P<season>spring|summer|autumn|fall|winter)"

_ANCHOR = (
    r"\b(?=[A-Z0-9]|(?:the|early|late|night|evening|morning|afternoon|end|start|beginning|middle|eve|week|"
    r"first|last|close|turn)\b)"
)
"""Lets the engine reject most positions with one test before the optional leading groups."""

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    (
        "md",
        re.compile(
            rf"{_ANCHOR}(?:{_WEEKDAY},?\s+)?{_PART}?(?:the\s+)?\b{_MONTH}\s+{_DAY}\b(?!\s*(?:%|per\s*cent|million|billion))(?:(?:\s?,|\s)\s*{_YEAR}\b)?"
        ),
    ),
    (
        "dm",
        re.compile(
            rf"{_ANCHOR}(?:{_WEEKDAY},?\s+)?{_PART}?(?:the\s+)?\b{_DAY}(?:\s+of)?\s+{_MONTH}\b(?:(?:\s?,|\s)\s*{_YEAR}\b)?"
        ),
    ),
    ("my", re.compile(rf"(?:(?P<pos>early|mid|late|end)[-\s](?:of\s+)?)?\b{_MONTH}(?:\s+of)?,?\s+{_YEAR}\b")),
    ("slash", re.compile(r"\b(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<year>\d{4}|\d{2})\b")),
    (
        "quarter",
        re.compile(
            r"\b(?:the\s+)?(?P<q>first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+"
            r"quarter(?![\s-]+(?:hour|mile|century|final))(?:\s+of\s+(?P<year>\d{4})|\s+(?P<this>this|last|next)\s+year)?\b"
            r"|\bQ(?P<qn>[1-4])\s+(?P<year2>\d{4})\b"
        ),
    ),
    ("half", re.compile(r"\b(?:the\s+)?(?P<h>first|second)\s+half\s+of\s+(?P<year>\d{4})\b")),
    ("midyear", re.compile(r"\b(?P<pos>early|mid|late|end)[-\s](?:of\s+)?(?P<year>1[89]\d\d|20\d\d)\b")),
    ("midmonth", re.compile(rf"\b(?P<pos>early|mid|late)[-\s]{_MONTH}(?!\s*,?\s*\d)")),
    ("decade", re.compile(r"\b(?:the\s+)?(?P<dec>1[89]\d0|20\d0)s\b")),
    (
        "season",
        re.compile(
            rf"\b(?P<rel>this|last|next|the\s+coming|the\s+past)\s+{_SEASON}\b"
            r"|\b(?P<season2>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<year>\d{4})\b"
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<word>today|yesterday|tomorrow|tonight|this\s+(?:morning|afternoon|evening))\b"
            r"|\b(?P<rel>last|this|next|past|coming|earlier\s+this|later\s+this|early\s+this|"
            r"late\s+last|earlier\s+in\s+the|the\s+past|the\s+previous|the\s+following)\s+"
            r"(?P<unit>week|weekend|month|year)\b"
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
            r"twelve|several|a\s+few|a\s+couple\s+of)\s+(?P<unit>day|week|month|year)s?\s+"
            r"(?:ago|earlier|before)\b"
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?P<rel>last|next|this|on|by|until|since|from|before|after|"
            rf"late|early|coming)?\s*{_WEEKDAY}(?:['’]s)?\b"
        ),
    ),
    (
        "month",
        re.compile(
            rf"\b(?P<prep>in|since|by|until|from|during|of|last|this|next|early|"
            rf"late|through|before|after|to)\s+{_MONTH}\b(?!\s+\d)"
        ),
    ),
    (
        "year",
        re.compile(
            r"(?<![\d$£€¥.,:/#])\b(?P<year>1[89]\d\d|20\d\d)(?:['’]s)?\b(?![\d:%/-]|,\d|\.\d|\s*"
            r"(?:per\s*cent|percent|million|billion|thousand|bn|m\b|k\b))"
        ),
    ),
]
_TIME = re.compile(
    r"\b(?P<h>[012]?\d)(?:[:.](?P<min>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\.?(?![a-z])|(?:o['’]clock))"
    r"|\b(?P<h24>[012]?\d):(?P<min24>[0-5]\d)\b(?!\s*(?:%|per))"
    r"|\b(?P<word>noon|midnight|midday)\b",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|'ll|’ll|is\s+due|are\s+due|set\s+to|expected\s+to|"
    r"plans?\s+to|scheduled|next|upcoming|coming|would\s+begin)\b",
    re.I,
)
_YEAR_PREPOSITIONS = {
    "in",
    "since",
    "by",
    "until",
    "from",
    "of",
    "to",
    "before",
    "after",
    "during",
    "through",
    "between",
    "and",
    "year",
    "early",
    "late",
    "mid",
    "till",
    "circa",
}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
_QUARTERS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
    "last": 4,
}


def find_dates(text: str, ref: dt.date | None, sentence_of: callable) -> list[DateExpr]:
    """All date and time expressions in `text`, longest match first, no overlaps."""
    taken: list[tuple[int, int]] = []
    found: list[DateExpr] = []

    def free(s: int, e: int) -> bool:  # `taken` is kept sorted and never overlaps
        i = bisect.bisect_left(taken, (s, e))
        return (i == 0 or taken[i - 1][1] <= s) and (i == len(taken) or e <= taken[i][0])

    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            s, e = match.span()
            if s == e or not free(s, e):
                continue
            s_text = match.group(0).lstrip()
            s += len(match.group(0)) - len(s_text)
            lead_the = re.match(r"the\s+", s_text, re.I)
            if lead_the and kind not in ("decade",):
                s += lead_the.end()
            expr = _resolve(kind, match, text[s:e], s, e, ref, sentence_of)
            if expr is not None:
                bisect.insort(taken, (s, e))
                found.append(expr)
    for match in _TIME.finditer(text):
        s, e = match.span()
        if free(s, e):
            expr = _time(match, s, e)
            if expr is not None:
                bisect.insort(taken, (s, e))
                found.append(expr)
    found.sort(key=lambda d: d.start)
    return found


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS[key] if key in MONTHS else MONTHS[key[:3]]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _nearest_year(month: int, day: int, ref: dt.date) -> int:
    """The year that puts month/day closest to the reference date (not blindly the past)."""
    best = ref.year
    best_gap: int | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        candidate = _safe_date(year, month, min(day, 28) if month == 2 and day == 29 else day)
        if candidate is None:
            continue
        gap = abs((candidate - ref).days)
        if best_gap is None or gap < best_gap:
            best, best_gap = year, gap
    return best


def _is_future(sentence: str) -> bool:
    return bool(_FUTURE.search(sentence))


def _period(low: dt.date, high: dt.date) -> str:
    if low == high:
        return low.isoformat()
    if low.day == 1 and high == _month_range(low.year, low.month)[1]:
        return f"{low.year:04d}-{low.month:02d}"
    if (low.month, low.day, high.month, high.day) == (1, 1, 12, 31) and low.year == high.year:
        return f"{low.year:04d}"
    return f"{low.isoformat()}/{high.isoformat()}"


def _expr(text: str, s: int, e: int, kind: str, low: dt.date | None, high: dt.date | None, **extra: object) -> DateExpr:
    value = _period(low, high) if low and high else None
    return DateExpr(text=text, start=s, end=e, kind=kind, value=value, low=low, high=high, **extra)  # type: ignore[arg-type]


_UNRESOLVED = "relative date left unresolved: no reference date (give --date or a date in metadata)"


def _resolve(
    kind: str, m: re.Match[str], span: str, s: int, e: int, ref: dt.date | None, sentence_of: callable
) -> DateExpr | None:
    g = m.groupdict()
    if kind == "iso":
        d = _safe_date(int(g["year"]), int(g["m"]), int(g["d"]))
        return _expr(span, s, e, "date", d, d) if d else None
    if kind in ("md", "dm"):
        month = _month_number(g["month"])
        day = int(g["day"])
        if g["month"] == "May" and kind == "md" and not g.get("year") and day > 31:
            return None
        if not 1 <= day <= 31:
            return None
        weekday = WEEKDAYS[g["weekday"].lower()] if g.get("weekday") else None
        if g.get("year"):
            d = _safe_date(int(g["year"]), month, day)
            return _expr(span, s, e, "date", d, d, weekday=weekday) if d else None
        if ref is None:
            return DateExpr(span, s, e, "date", None, weekday=weekday, year_given=False, note=_UNRESOLVED)
        d = _safe_date(_nearest_year(month, day, ref), month, day)
        return _expr(span, s, e, "date", d, d, weekday=weekday, year_given=False) if d else None
    if kind == "my":
        month = _month_number(g["month"])
        low, high = _month_range(int(g["year"]), month)
        low, high = _part_of(low, high, g.get("pos"))
        return _expr(span, s, e, "month", low, high)
    if kind == "slash":
        year = int(g["year"])
        year = year + 2000 if year < 100 else year
        d = _safe_date(year, int(g["m"]), int(g["d"]))
        return _expr(span, s, e, "date", d, d) if d else None
    if kind == "quarter":
        q = int(g["qn"]) if g.get("qn") else _QUARTERS[g["q"].lower()]
        year_text = g.get("year") or g.get("year2")
        if year_text:
            year = int(year_text)
        elif ref is not None:
            offset = {"last": -1, "next": 1}.get((g.get("this") or "").lower(), 0)
            year = ref.year + offset
        else:
            return DateExpr(span, s, e, "period", None, note=_UNRESOLVED)
        low = dt.date(year, 3 * q - 2, 1)
        high = _month_range(year, 3 * q)[1]
        return _expr(span, s, e, "period", low, high)
    if kind == "half":
        year = int(g["year"])
        first = g["h"].lower() == "first"
        return _expr(
            span,
            s,
            e,
            "period",
            dt.date(year, 1 if first else 7, 1),
            dt.date(year, 6, 30) if first else dt.date(year, 12, 31),
        )
    if kind == "midyear":
        year = int(g["year"])
        low, high = _part_of(dt.date(year, 1, 1), dt.date(year, 12, 31), g["pos"])
        return _expr(span, s, e, "period", low, high)
    if kind == "midmonth":
        if ref is None:
            return DateExpr(span, s, e, "period", None, note=_UNRESOLVED)
        month = _month_number(g["month"])
        year = _nearest_year(month, 15, ref)
        low, high = _part_of(*_month_range(year, month), g["pos"])
        return _expr(span, s, e, "period", low, high, year_given=False)
    if kind == "decade":
        dec = int(g["dec"])
        return _expr(span, s, e, "period", dt.date(dec, 1, 1), dt.date(dec + 9, 12, 31))
    if kind == "season":
        return _season(m, span, s, e, ref)
    if kind == "relative":
        return _relative(m, span, s, e, ref)
    if kind == "ago":
        return _ago(span, s, e, ref)
    if kind == "weekday":
        return _weekday(m, span, s, e, ref, sentence_of(s))
    if kind == "month":
        month_name = g["month"]
        if month_name in ("May", "March") and g["prep"] in ("to",):
            return None
        if ref is None:
            return DateExpr(span, s, e, "month", None, year_given=False, note=_UNRESOLVED)
        month = _month_number(month_name)
        prep = g["prep"].lower()
        year = ref.year
        if prep == "last":
            year = ref.year - 1 if month >= ref.month else ref.year
        elif prep == "next":
            year = ref.year + 1 if month <= ref.month else ref.year
        elif prep != "this":
            year = _nearest_year(month, 15, ref)
        low, high = _month_range(year, month)
        low, high = _part_of(low, high, prep if prep in ("early", "late") else None)
        keep = s + len(m.group(0)) - len(m.group(0).lstrip())
        if prep in ("in", "since", "by", "until", "from", "during", "of", "through", "before", "after", "to"):
            keep = m.start("month")
        return _expr(span[keep - s :], keep, e, "month", low, high, year_given=False)
    if kind == "year":
        year = int(g["year"])
        following = re.match(r"\s+([a-z]+)", m.string[e : e + 20])
        preceding = re.search(r"([a-z]+)\s+$", m.string[max(0, s - 12) : s])
        if (
            following
            and following.group(1).endswith("s")
            and following.group(1) not in ("was", "is", "has", "its", "this", "as")
            and not (preceding and preceding.group(1) in _YEAR_PREPOSITIONS)
        ):
            return None  # "2000 troops": a count, not a year
        return _expr(span, s, e, "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    return None


def _part_of(low: dt.date, high: dt.date, pos: str | None) -> tuple[dt.date, dt.date]:
    """'early', 'mid', 'late' narrow a period to its first, middle or last third."""
    if not pos:
        return low, high
    days = (high - low).days
    third = days // 3
    pos = pos.lower()
    if pos == "early":
        return low, low + dt.timedelta(days=third)
    if pos == "mid":
        return low + dt.timedelta(days=third), high - dt.timedelta(days=third)
    return high - dt.timedelta(days=third), high


def _season(m: re.Match[str], span: str, s: int, e: int, ref: dt.date | None) -> DateExpr | None:
    g = m.groupdict()
    season = (g.get("season") or g.get("season2") or "").lower()
    first, last = _SEASONS[season]
    if g.get("year"):
        year = int(g["year"])
    elif ref is None:
        return DateExpr(span, s, e, "period", None, note=_UNRESOLVED)
    else:
        rel = (g.get("rel") or "this").split()[-1].lower()
        year = ref.year
        in_season = (first <= ref.month <= last) if first < last else ref.month in (12, 1, 2)
        if rel in ("last", "past"):
            year = ref.year - 1 if (ref.month <= last and not in_season) or ref.month < first else ref.year
            if in_season:
                year = ref.year - 1
        elif rel in ("next", "coming"):
            year = ref.year + 1 if ref.month >= first and first < last else ref.year
        if season == "winter" and ref.month in (1, 2) and rel == "this":
            year = ref.year - 1
    low = dt.date(year, first, 1)
    high = _month_range(year + (1 if first > last else 0), last)[1]
    return _expr(span, s, e, "period", low, high)


def _relative(m: re.Match[str], span: str, s: int, e: int, ref: dt.date | None) -> DateExpr | None:
    g = m.groupdict()
    if ref is None:
        return DateExpr(span, s, e, "relative", None, note=_UNRESOLVED)
    if g.get("word"):
        word = g["word"].lower()
        delta = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        d = ref + dt.timedelta(days=delta)
        return _expr(span, s, e, "relative", d, d)
    rel = " ".join(g["rel"].lower().split())
    unit = g["unit"].lower()
    step = (
        -1
        if rel in ("last", "past", "the past", "the previous", "late last")
        else (1 if rel in ("next", "coming", "the following") else 0)
    )
    if unit in ("week", "weekend"):
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=step)
        low, high = (
            (monday + dt.timedelta(days=5), monday + dt.timedelta(days=6))
            if unit == "weekend"
            else (monday, monday + dt.timedelta(days=6))
        )
        if rel in ("the past",):
            low, high = ref - dt.timedelta(days=7), ref
    elif unit == "month":
        year, month = ref.year, ref.month + step
        if month == 0:
            year, month = year - 1, 12
        elif month == 13:
            year, month = year + 1, 1
        low, high = _month_range(year, month)
        if rel in ("the past",):
            low, high = ref - dt.timedelta(days=30), ref
    else:
        low, high = dt.date(ref.year + step, 1, 1), dt.date(ref.year + step, 12, 31)
        if rel in ("the past",):
            low, high = ref - dt.timedelta(days=365), ref
    if rel.startswith("earlier") or rel.startswith("early"):
        high = min(high, ref)
    elif rel.startswith("later"):
        low = max(low, ref)
    return _expr(span, s, e, "relative", low, high)


def _ago(span: str, s: int, e: int, ref: dt.date | None) -> DateExpr | None:
    if ref is None:
        return DateExpr(span, s, e, "relative", None, note=_UNRESOLVED)
    lowered = span.lower()
    if re.match(r"(several|a\s+few|a\s+couple\s+of)\b", lowered):
        unit = re.search(r"(day|week|month|year)", lowered).group(1)
        n_low, n_high = (2, 3) if "couple" in lowered else (2, 7)
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit]
        return _expr(
            span, s, e, "relative", ref - dt.timedelta(days=n_high * days), ref - dt.timedelta(days=n_low * days)
        )
    parsed = _dateparser(span.replace("earlier", "ago").replace("before", "ago"), ref)
    if parsed is None:
        return None
    if re.search(r"\b(month|year)s?\b", lowered):  # "two months ago" names a month, not a day
        unit = "year" if "year" in lowered else "month"
        low, high = (
            _month_range(parsed.year, parsed.month)
            if unit == "month"
            else (dt.date(parsed.year, 1, 1), dt.date(parsed.year, 12, 31))
        )
        return _expr(span, s, e, "relative", low, high)
    return _expr(span, s, e, "relative", parsed, parsed)


@functools.lru_cache(maxsize=4096)
def _dateparser(span: str, ref: dt.date) -> dt.date | None:
    """dateparser for the long tail; imported only when a span needs it (0.17 s cold)."""
    import dateparser

    for word, digit in UNITS_WORDS.items():
        span = re.sub(rf"\b{word}\b", str(digit), span, flags=re.I)
    result = dateparser.parse(
        span,
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime(ref.year, ref.month, ref.day),
            "PREFER_DATES_FROM": "past",
            "STRICT_PARSING": False,
            "REQUIRE_PARTS": [],
        },
    )
    return result.date() if result else None


def _weekday(m: re.Match[str], span: str, s: int, e: int, ref: dt.date | None, sentence: str) -> DateExpr | None:
    g = m.groupdict()
    target = WEEKDAYS[g["weekday"].lower()]
    rel = (g.get("rel") or "").lower()
    if rel and rel not in ("last", "next", "this", "coming"):
        # Keep the preposition out of the span: "on Friday" -> "Friday".
        s = m.start("weekday")
        span = m.group(0)[s - m.start() :]
    if ref is None:
        return DateExpr(span, s, e, "weekday", None, note=_UNRESOLVED)
    future = rel in ("next", "coming") or (rel != "last" and _is_future(sentence))
    if future:
        ahead = (target - ref.weekday()) % 7
        if ahead == 0 or (rel == "next" and ahead < 2):
            ahead += 7 if rel == "next" or ahead == 0 else 0
        d = ref + dt.timedelta(days=ahead)
    else:
        back = (ref.weekday() - target) % 7
        if rel == "last" and back == 0:
            back = 7
        d = ref - dt.timedelta(days=back)
    return _expr(span, s, e, "weekday", d, d)


def _time(m: re.Match[str], s: int, e: int) -> DateExpr | None:
    g = m.groupdict()
    if g.get("word"):
        word = g["word"].lower()
        value = "00:00" if word == "midnight" else "12:00"
        return DateExpr(m.group(0), s, e, "time", value)
    if g.get("h24") is not None:
        hour, minute = int(g["h24"]), int(g["min24"])
        if hour > 23:
            return None
        return DateExpr(m.group(0), s, e, "time", f"{hour:02d}:{minute:02d}")
    hour = int(g["h"])
    minute = int(g["min"] or 0)
    ampm = g["ampm"].lower().replace(".", "").replace(" ", "")
    if hour > 12 or (hour == 0 and "clock" not in ampm):
        return None
    if ampm.startswith("p") and hour != 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    return DateExpr(m.group(0), s, e, "time", f"{hour:02d}:{minute:02d}")
