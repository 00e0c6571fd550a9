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
from collections.abc import Iterator
from dataclasses import dataclass, field

from consistency.claims import lexicon as lexicons
from consistency.claims.lexicon import alternation as _alt
from consistency.extract.lexicon import MONTHS, UNITS_WORDS, WEEKDAYS, folded, matches_at


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

_ABBREVIATED = {str(k).lower(): int(v) for k, v in (lexicons.load("time").get("weekday_abbreviations") or {}).items()}
_FULL_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_ABBR_DAYS = "|".join(sorted((k.title() for k in _ABBREVIATED), key=len, reverse=True)) or "Mon"
_ANY_WEEKDAY = rf"(?:{_FULL_DAYS}|(?:{_ABBR_DAYS})\.?)"
_WEEKDAY_BEFORE = re.compile(rf"\b(?P<wd>{_FULL_DAYS}|(?:{_ABBR_DAYS})\.?)(?:\s*,\s*|\s+)(?:the\s+)?\(?\s*$")
_WEEKDAY_AFTER = re.compile(
    rf"^(?:\s*\(\s*(?P<wd>{_ANY_WEEKDAY})\s*\)|,?\s+(?:a|which\s+(?:is|was|will\s+be)(?:\s+a)?|which\s+falls\s+on\s+a|"
    rf"which\s+fell\s+on\s+a)\s+(?P<wd2>{_FULL_DAYS})\b)"
)
"""A weekday written beside a date: 'Fri, 10/31', 'Friday (2026-10-31)', '31 October, a Friday'."""
_RANGE_DASH = r"\s?[–—-]\s?"
_NOT_RANGE_AFTER = (
    r"(?!\s*(?:win|victory|defeat|loss|lead|vote|decision|margin|majority|scoreline|score|thrashing|drubbing)\b)"
)


class _LazyPattern:
    """A pattern compiled when first used: a text tries only the date patterns whose needs it
    holds, and compiling all of them at import cost a cold start ~15 ms."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    @functools.cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern, self.flags)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.match(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)


_PATTERNS: list[tuple[str, _LazyPattern]] = [
    (
        "dayrange",
        _LazyPattern(
            rf"(?<![Aa]\s)(?<![Aa]n\s)\b{_MONTH}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?{_RANGE_DASH}(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b(?![\d/:%-]|\.\d)"
            rf"{_NOT_RANGE_AFTER}(?:,?\s+{_YEAR}\b)?"
            rf"|\b(?P<d3>[0-3]?\d)(?:st|nd|rd|th)?{_RANGE_DASH}(?P<d4>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<month2>Jan(?:uary)?|Feb(?:ruary)?|"
            r"Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b"
        ),
    ),
    ("iso", _LazyPattern(r"\b(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    (
        "md",
        _LazyPattern(
            rf"{_ANCHOR}(?:{_WEEKDAY},?\s+)?{_PART}?(?:the\s+)?\b{_MONTH}\s+{_DAY}\b(?!\s*(?:%|per\s*cent|million|billion))(?:(?:\s?,|\s)\s*{_YEAR}\b)?"
        ),
    ),
    (
        "dm",
        _LazyPattern(
            rf"{_ANCHOR}(?:{_WEEKDAY},?\s+)?{_PART}?(?:the\s+)?\b{_DAY}(?:\s+of)?\s+{_MONTH}\b(?:(?:\s?,|\s)\s*{_YEAR}\b)?"
        ),
    ),
    ("my", _LazyPattern(rf"(?:(?P<pos>early|mid|late|end)[-\s](?:of\s+)?)?\b{_MONTH}(?:\s+of)?,?\s+{_YEAR}\b")),
    (
        "wslash",
        _LazyPattern(rf"\b(?P<weekday>{_ANY_WEEKDAY}),?\s+\(?(?P<m>[0-3]?\d)/(?P<d>[0-3]?\d)\b(?![/\d])"),
    ),
    ("slash", _LazyPattern(r"\b(?P<m>[0-3]?\d)/(?P<d>[0-3]?\d)/(?P<year>\d{4}|\d{2})\b")),
    (
        "quarter",
        _LazyPattern(
            r"\b(?:the\s+)?(?P<q>first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+"
            r"quarter(?![\s-]+(?:hour|mile|century|final))(?:\s+of\s+(?P<year>\d{4})|\s+(?P<this>this|last|next)\s+year)?\b"
            r"|\bQ(?P<qn>[1-4])\s+(?P<year2>\d{4})\b"
        ),
    ),
    ("half", _LazyPattern(r"\b(?:the\s+)?(?P<h>first|second)\s+half\s+of\s+(?P<year>\d{4})\b")),
    (
        "midyear",
        _LazyPattern(r"\b(?P<pos>[Ee]arly|[Mm]id|[Ll]ate|[Ee]nd)[-\s](?:of\s+)?(?P<year>1[89]\d\d|20\d\d)\b"),
    ),
    ("midmonth", _LazyPattern(rf"\b(?P<pos>[Ee]arly|[Mm]id|[Ll]ate)[-\s]{_MONTH}(?!\s*,?\s*\d)")),
    ("decade", _LazyPattern(r"\b(?:the\s+)?(?P<dec>1[89]\d0|20\d0)s\b")),
    (
        "season",
        _LazyPattern(
            rf"\b(?P<rel>[Tt]his|[Ll]ast|[Nn]ext|[Tt]he\s+coming|[Tt]he\s+past)\s+{_SEASON}\b"
            r"|\b(?P<season2>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<year>\d{4})\b"
        ),
    ),
    (
        "relative",
        _LazyPattern(
            r"\b(?P<word>[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight|[Tt]his\s+(?:morning|afternoon|evening))\b"
            r"|\b(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast|[Cc]oming|[Ee]arlier\s+this|[Ll]ater\s+this|[Ee]arly\s+this|"
            r"[Ll]ate\s+last|[Ee]arlier\s+in\s+the|[Tt]he\s+past|[Tt]he\s+previous|[Tt]he\s+following)\s+"
            r"(?P<unit>week|weekend|month|year)\b"
        ),
    ),
    (
        "ago",
        _LazyPattern(
            r"\b(?P<n>\d+|[Aa]|[Aa]n|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|"
            r"[Ee]leven|[Tt]welve|[Ss]everal|[Aa]\s+few|[Aa]\s+couple\s+of)\s+(?P<unit>day|week|month|year)s?\s+"
            r"(?:ago|earlier|before)\b"
        ),
    ),
    (
        "weekday",
        _LazyPattern(
            rf"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Oo]n|[Bb]y|[Uu]ntil|[Ss]ince|[Ff]rom|[Bb]efore|[Aa]fter|"
            rf"[Ll]ate|[Ee]arly|[Cc]oming)?\s*{_WEEKDAY}(?:['’]s)?\b"
        ),
    ),
    (
        "month",
        _LazyPattern(
            rf"\b(?P<prep>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|of|[Ll]ast|[Tt]his|[Nn]ext|[Ee]arly|"
            rf"[Ll]ate|[Tt]hrough|[Bb]efore|[Aa]fter|to)\s+{_MONTH}\b(?!\s+\d)"
        ),
    ),
    (
        "year",
        _LazyPattern(
            r"(?<![\d$£€¥.,:/#])\b(?P<year>1[89]\d\d|20\d\d)(?:['’]s)?\b(?![\d:%/-]|,\d|\.\d|\s*"
            r"(?:per\s*cent|percent|million|billion|thousand|bn|m\b|k\b))"
        ),
    ),
]

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class _Literals:
    """Needs one of some literal strings: `str` containment for the alternation of them (the
    engine tries an alternation at every character; `in` skips through the text in C)."""

    def __init__(self, *words: str) -> None:
        self.words = words

    def search(self, text: str) -> bool | None:
        return True if any(word in text for word in self.words) else None


class _DigitDashDigit:
    """`re.compile(r"\\d-\\d").search`, tried at each "-" (\\d is str.isdecimal: the Unicode
    decimal digits)."""

    def search(self, text: str) -> bool | None:
        at = text.find("-", 1)
        while at >= 0:
            if text[at - 1].isdecimal() and text[at + 1 : at + 2].isdecimal():
                return True
            at = text.find("-", at + 1)
        return None


_ANY_MONTH = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")  # faster than 12 `in` tests


class _AnyOf:
    """Needs one of several patterns: each can then open with what the engine scans fast
    (a digit, a set of letters), where one alternation of them could not."""

    def __init__(self, *patterns: re.Pattern[str]) -> None:
        self.patterns = patterns

    def search(self, text: str) -> re.Match[str] | None:
        for pattern in self.patterns:
            found = pattern.search(text)
            if found is not None:
                return found
        return None


class _AllOf:
    """Needs every one of several patterns: a cheap common one first (a month name) spares
    the sharper one on the texts without it; `find_dates` asks each part once per text."""

    def __init__(self, *patterns: re.Pattern[str] | _AnyOf) -> None:
        self.patterns = patterns

    def search(self, text: str) -> re.Match[str] | None:
        found = None
        for pattern in self.patterns:
            found = pattern.search(text)
            if found is None:
                return None
        return found


class _Gated:
    """A pattern searched only in text holding one of some literal strings that every match of
    it holds: `str.find` skips most texts in a fraction of the pattern's scan. With `whole`,
    the pattern is the alternation of those strings, so one of them is a match; with `opens`,
    every match opens with one of those words as written (the pattern has no flags), so it is
    tried only where one is, not at every character."""

    def __init__(
        self, literals: tuple[str, ...], pattern: re.Pattern[str], whole: bool = False,
        opens: tuple[str, ...] | None = None,
    ) -> None:
        self.literals = literals
        self.pattern = pattern
        self.whole = whole
        self.opens = opens

    def search(self, text: str) -> re.Match[str] | bool | None:
        if not any(literal in text for literal in self.literals):
            return None
        if self.whole:
            return True
        if self.opens is not None:
            for at in sorted(_occurrences(text, self.opens)):
                found = self.pattern.match(text, at)
                if found is not None:
                    return found
            return None
        return self.pattern.search(text)


class _FoldedWords:
    """`pattern` finds one of `words` (lower-case ASCII), any letter in either case. In ASCII
    text that is the lower-cased text holding the word (the only other characters re.I folds
    onto ASCII letters, ı, İ, ſ and the Kelvin sign, are not ASCII); other text is left to the
    pattern."""

    def __init__(self, words: tuple[str, ...], pattern: re.Pattern[str]) -> None:
        self.words = words
        self.pattern = pattern

    def search(self, text: str) -> re.Match[str] | bool | None:
        if not text.isascii():
            return self.pattern.search(text)
        lowered = text.lower()
        return True if any(word in lowered for word in self.words) else None


class _DashAfterDay:
    """A dash after a day ('10-', '3rd –'), as both day-range shapes hold one: a digit or an
    ordinal's last letter before the dash, one space between at most. Tested at each dash
    (`str.find`), before the two range patterns' scans of the whole text."""

    def search(self, text: str) -> bool | None:
        for dash in "-–—":
            at = text.find(dash)
            while at >= 0:
                before = at - 1 if at and not text[at - 1].isspace() else at - 2
                if before >= 0 and (text[before].isdecimal() or text[before] in "tdh"):
                    return True
                at = text.find(dash, at + 1)
        return None


class _DayBeforeMonth:
    """`re.compile(r"\\d(?:st|nd|rd|th)?(?:\\s+of)?\\s+(?:Jan|…|Dec)").search(text) is not None`,
    read back from each month abbreviation (the pattern opens with \\d, so the engine tried it
    at every character): the spaces before the month are all the \\s+ (a day, a suffix or
    "of" ends in no space), and before them a day, maybe with its suffix, or "of" after
    spaces after one."""

    def search(self, text: str) -> bool | None:
        for m in _ANY_MONTH.finditer(text):
            at = _spaces_before(text, m.start())
            if at < 0:
                continue
            if _day_ends(text, at):
                return True
            if text[at - 2 : at] == "of" and (before := _spaces_before(text, at - 2)) >= 0 and _day_ends(text, before):
                return True
        return None


def _spaces_before(text: str, at: int) -> int:
    """Where the run of spaces (str.isspace, which is \\s) that ends at `at` starts; -1 when
    there is none."""
    start = at
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return start if start < at else -1


def _day_ends(text: str, at: int) -> bool:
    """`\\d(?:st|nd|rd|th)?` ends at `at`."""
    if at > 0 and text[at - 1].isdecimal():
        return True
    return at > 2 and text[at - 2 : at] in ("st", "nd", "rd", "th") and text[at - 3].isdecimal()


_Needs = (
    re.Pattern[str] | _AnyOf | _AllOf | _Gated | _FoldedWords | _DashAfterDay | _Literals | _DigitDashDigit
    | _DayBeforeMonth
)
NEEDS: dict[str, _Needs] = {
    "dayrange": _AllOf(
        _ANY_MONTH,
        _DashAfterDay(),
        _AnyOf(  # a month and its day, then a dash; or a day, a dash, a day and the month
            re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d+(?:st|nd|rd|th)?\s?[–—-]"),
            re.compile(r"\d(?:st|nd|rd|th)?\s?[–—-]\s?\d+(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"),
        ),
    ),
    "iso": _DigitDashDigit(),
    "md": _AllOf(_ANY_MONTH, re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d")),
    "dm": _AllOf(_ANY_MONTH, _DayBeforeMonth()),
    "my": _ANY_MONTH,
    "wslash": re.compile("/"),
    "slash": re.compile("/"),
    "quarter": _Gated(("quarter", "Q"), re.compile(r"quarter|Q[1-4]")),
    "half": re.compile("half"),
    "midmonth": _ANY_MONTH,
    "decade": re.compile("0s"),
    "season": _Gated(
        ("spring", "summer", "autumn", "fall", "winter"), re.compile("spring|summer|autumn|fall|winter"), whole=True
    ),
    "ago": _Gated(
        ("ago", "earlier", "before"),
        re.compile(r"(?:day|week|month|year)s?\s+(?:ago|earlier|before)"),
        opens=("day", "week", "month", "year"),
    ),
    "weekday": _Literals(*_DAY_NAMES),
    "month": _ANY_MONTH,
    "time": _AnyOf(
        re.compile(r"\d(?:[:.][0-5]\d)?\s*(?:[ap]\.?\s?m|o['’]clock)|\d:[0-5]\d", re.I),
        # noon|midnight|midday under re.I: no other character folds to n or m (a test checks)
        _FoldedWords(
            ("noon", "midnight", "midday"), re.compile(r"[nNmM](?:(?<=[nN])(?i:oon)|(?<=[mM])(?i:id(?:night|day)))")
        ),
    ),
}
"""What every match of a pattern contains. A text without it cannot match, so the pattern's
full pass is skipped: most articles name no weekday, season or clock time, and a fifth no
month, and the passes were a third of extraction. (A pattern that is not skipped still finds
every match, so matches are the same; tests/test_speed_paths.py and test_speed_extract_dates.py
check that every match holds what its pattern needs.)"""
_TIME = _LazyPattern(
    r"\b(?P<h>[012]?\d)(?:[:.](?P<min>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\.?(?![a-z])|(?:o['’]clock))"
    r"|(?<![:\d])\b(?P<h24>[012]?\d):(?P<min24>[0-5]\d)\b(?!\s*(?:%|per)|:\d)"
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


_STARTS: dict[str, tuple[str, ...]] = {
    "dayrange": ("month", "digit"),
    "iso": ("digit",),
    "slash": ("digit",),
    "year": ("year",),
    "md": ("month", "md-month"),
    "season": ("season", "rel-season"),
    "ago": ("ago-ago_units",),
    "my": ("month", "early", "mid", "late", "end"),
    "midyear": ("early", "mid", "late", "end"),
    "midmonth": ("early", "mid", "late"),
    "month": ("prep-month",),
    "weekday": ("rel-weekday",),
    "relative": ("relword", "rel-unit", "this-daypart"),
}
"""Where these patterns' matches can start: each opens with a word boundary before a digit
(a year-like one for "year"), a month name or one of the words ("my" opens with "early",
"mid", "late" or "end" without one, so a word counts wherever it is written, even inside
another). "month" and "weekday" start just before a month or day name (`_WORD_BEFORE`).
The other patterns open with very common words and are searched in full, most only on the
few texts that hold what they need (NEEDS)."""
_CLASSES = {
    "digit": re.compile(r"\d+"),  # a digit that starts a word starts one of these runs
    "year": re.compile(r"(?:1[89]|20)\d\d"),  # "year" reads 1800-2099 only
    "month": re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"),  # faster than 12 finds
}
_LITERALS = {
    # a day name, where "(?:Mon|Tues|…)day" matched (no two of them overlap: each opens with
    # its only capital), found by `str.find` (measured faster than the alternation's scan)
    "weekday": _DAY_NAMES,
    "relword": ("today", "Today", "yesterday", "Yesterday", "tomorrow", "Tomorrow", "tonight", "Tonight"),
    # what a relative phrase of one to three words comes before ("last week", "earlier in the
    # year", "this morning"), as written: far rarer than the phrase's own words ("this",
    # "last", "the" …), and found by `str.find` (an alternation of them scans far slower)
    "unit": ("week", "month", "year"),
    "daypart": ("morning", "afternoon", "evening"),
    "season": ("spring", "summer", "autumn", "fall", "winter"),  # as _SEASON writes them (no re.I)
    "ago_units": ("day", "week", "month", "year"),  # as the "ago" pattern writes them (no re.I)
}


def _prep_before(text: str, names: list[int]) -> list[int]:
    """Where a "month" match ("in March", "since Jan.", "In March") can start: at the letters
    (lower case, the first maybe capitalised) right before the spaces right before a month
    name. Its preposition is lower-case letters after a word boundary (so the whole run of
    them) and \\s+ takes every space (str.isspace is \\s), so no other position can start one."""
    out = []
    for at in names:
        p = at
        while p > 0 and text[p - 1].isspace():
            p -= 1
        if p == at:
            continue
        q = p
        while q > 0 and "a" <= text[q - 1] <= "z":
            q -= 1
        if q > 0 and q < p and "A" <= text[q - 1] <= "Z":
            q -= 1  # a capitalised first word ('In March', 'On Friday')
        if q < p:
            out.append(q)
    return out


def _rel_before(text: str, days: list[int]) -> list[int]:
    """Where a "weekday" match (r"\\b(?:last|on|…)?\\s*Friday") can start: at the day, at the
    start of the spaces before it (the boundary after a word), or at the lower-case letters
    before those (its optional word, a whole run after a word boundary)."""
    out = []
    for at in days:
        p = at
        while p > 0 and text[p - 1].isspace():
            p -= 1
        q = p
        while q > 0 and "a" <= text[q - 1] <= "z":
            q -= 1
        if q > 0 and q < p and "A" <= text[q - 1] <= "Z":
            q -= 1  # a capitalised first word ('In March', 'On Friday')
        out.extend(sorted({q, p, at}))
    return out


def _words_before(text: str, at: int, count: int, digits: bool = False, comma: bool = False) -> list[int]:
    """The starts of the (at most `count`) runs of ASCII letters (and decimal digits, with
    `digits`) before `at`, each followed by spaces (a comma and spaces, with `comma`), the last
    of them just before `at`. A pattern whose words are such runs apart by \\s+ (str.isspace)
    and that opens at a \\b can only open at one of these starts: a run that went on before
    it would leave no word boundary there."""
    out = []
    for _ in range(count):
        p = at
        while p > 0 and text[p - 1].isspace():
            p -= 1
        if p == at:
            break
        if comma and text[p - 1] == ",":
            p -= 1
        q = p
        while q > 0 and ((text[q - 1].isascii() and text[q - 1].isalpha()) or (digits and text[q - 1].isdecimal())):
            q -= 1
        if q == p:
            break
        out.append(q)
        at = q
    return out


def _md_month(text: str, months: list[int]) -> list[int]:
    """Where an "md" match can open before its month: at one of the (at most seven) words
    before it that its optional openings can take, a weekday with its comma ("Friday, the
    night of the 5th"), "the", "early"/"late", a part of the day or week ("first week") and
    "of"."""
    return [q for at in months for q in _words_before(text, at, 7, comma=True)]


def _rel_season(text: str, seasons: list[int]) -> list[int]:
    """Where "(this|last|next|the coming|the past) <season>" can open: one or two words back."""
    return [q for at in seasons for q in _words_before(text, at, 2)]


def _ago_unit(text: str, units: list[int]) -> list[int]:
    """Where an "ago" match can open: its count ("3", "a", "a couple of": digits or ASCII
    letters, at most three words) ends in the spaces just before its unit."""
    return [q for at in units for q in _words_before(text, at, 3, digits=True)]




def _rel_unit(text: str, units: list[int]) -> list[int]:
    """Where the second "relative" branch can start: a phrase of one to three words of ASCII
    letters ("last", "earlier in the"), its words and the unit after it ("week", "month",
    "year", as written: the pattern has no re.I) each apart by \\s+ (str.isspace), so the
    phrase opens at the start of one of the three letter runs just before the unit. A run
    that goes on before that start (a letter, or any word character) leaves no \\b there."""
    return [q for at in units for q in _words_before(text, at, 3)]


def _this_daypart(text: str, parts: list[int]) -> list[int]:
    """Where "[Tt]his\\s+(?:morning|afternoon|evening)" can start: at the word before the day part."""
    return [q for at in parts for q in _words_before(text, at, 1)]


_WORD_BEFORE = {
    "prep-month": _prep_before, "rel-weekday": _rel_before, "rel-unit": _rel_unit, "this-daypart": _this_daypart,
    "md-month": _md_month, "rel-season": _rel_season, "ago-ago_units": _ago_unit,
}


class _Starts:
    """Candidate starts of the patterns in one text, each kind found once (by a pattern
    the engine scans fast, or `str.find`) and shared. A pattern tried only there, with
    `pattern.match`, gives what `finditer` gives: its leftmost match at or after the end of
    the previous one starts at one of them. The candidates may include more positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._found: dict[str, list[int]] = {}

    def of(self, kind: str) -> list[int] | None:
        """Sorted candidate starts of a pattern, or None when it must be searched in full."""
        parts = _STARTS.get(kind)
        if parts is None:
            return None
        return sorted({at for part in parts for at in self._where(part)})

    def _where(self, part: str) -> list[int]:
        found = self._found.get(part)
        if found is None:
            if part in _CLASSES:
                found = [m.start() for m in _CLASSES[part].finditer(self.text)]
            elif part in _LITERALS:
                found = sorted(_occurrences(self.text, _LITERALS[part]))
            elif part in _WORD_BEFORE:  # the words and spaces a pattern can open with before its anchor
                found = _WORD_BEFORE[part](self.text, self._where(part.partition("-")[2]))
            else:  # a word: every place it is written, in lower case or capitalised (a sentence's first word)
                found = sorted(_occurrences(self.text, (part, part.capitalize())))
            self._found[part] = found
        return found


def _occurrences(text: str, words: tuple[str, ...]) -> list[int]:
    """Every place one of `words` is written in `text` (overlapping ones too)."""
    found = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            found.append(at)
            at = text.find(word, at + 1)
    return found


def _matches(pattern: re.Pattern[str], text: str, starts: list[int] | None) -> Iterator[re.Match[str]]:
    """pattern.finditer(text), trying only `starts` when given (no pattern matches empty)."""
    yield from pattern.finditer(text) if starts is None else matches_at(pattern, text, starts)


def find_dates(text: str, ref: dt.date | None, sentence_of: callable) -> list[DateExpr]:
    """All date and time expressions in `text`, longest match first, no overlaps."""
    taken: list[tuple[int, int]] = []
    found: list[DateExpr] = []

    def free(s: int, e: int) -> bool:  # `taken` is kept sorted and never overlaps
        i = bisect.bisect_left(taken, (s, e))
        return (i == 0 or taken[i - 1][1] <= s) and (i == len(taken) or e <= taken[i][0])

    index: _Starts | None = None
    held: dict[int, bool] = {}  # NEEDS answers for this text (patterns share some)

    def holds(needs: _Needs | None) -> bool:
        if needs is None:
            return True
        key = id(needs)
        answer = held.get(key)
        if answer is None:
            if isinstance(needs, _AllOf):
                answer = True
                for part in needs.patterns:  # in order, stopping at the first missing one
                    if not holds(part):
                        answer = False
                        break
            else:
                answer = needs.search(text) is not None
            held[key] = answer
        return answer

    for kind, pattern in _PATTERNS:
        if not holds(NEEDS.get(kind)):
            continue
        index = index or _Starts(text)
        for match in _matches(pattern.compiled, text, index.of(kind)):
            s, e = match.span()
            if s == e or not free(s, e):
                continue
            s_text = match.group(0).lstrip()
            s += len(match.group(0)) - len(s_text)
            lead_the = _LEAD_THE.match(s_text)
            if lead_the and kind not in ("decade",):
                s += lead_the.end()
            try:
                expr = _resolve(kind, match, text[s:e], s, e, ref, sentence_of)
            except (OverflowError, ValueError):  # date arithmetic past year 1 or 9999
                expr = DateExpr(text[s:e], s, e, "date", None, note="date out of range (years 1 to 9999)")
            if expr is not None:
                bisect.insort(taken, (s, e))
                found.append(expr)
                if kind in _WEEKDAY_HOSTS and expr.weekday is None:
                    span = _attach_weekday(text, expr)
                    if span is not None and free(*span):
                        bisect.insort(taken, span)
    for match in _TIME.compiled.finditer(text) if holds(NEEDS.get("time")) else ():
        s, e = match.span()
        if free(s, e):
            expr = _time(match, s, e)
            if expr is not None:
                bisect.insort(taken, (s, e))
                found.append(expr)
    found.sort(key=lambda d: d.start)
    return found


_WEEKDAY_HOSTS = frozenset({"iso", "md", "dm", "slash"})
_LEAD_THE = re.compile(r"the\s+", re.I)
_FOLLOWING_WORD = re.compile(r"\s+([a-z]+)")
_PRECEDING_WORD = re.compile(r"([a-z]+)\s+$")


def _weekday_number(word: str) -> int:
    key = word.lower().rstrip(".")
    return WEEKDAYS[key] if key in WEEKDAYS else _ABBREVIATED[key]


def _attach_weekday(text: str, expr: DateExpr) -> tuple[int, int] | None:
    """Keep a weekday written just before or after a date ('Fri, 10/31', '31 October, a
    Friday'), so the weekday check can hold it against the date; returns its span."""
    before = _WEEKDAY_BEFORE.search(text[max(0, expr.start - 24) : expr.start])
    if before:
        expr.weekday = _weekday_number(before.group("wd"))
        start = expr.start - (len(text[max(0, expr.start - 24) : expr.start]) - before.start("wd"))
        return start, start + len(before.group("wd"))
    after = _WEEKDAY_AFTER.match(text[expr.end : expr.end + 40])
    if after:
        group = "wd" if after.group("wd") else "wd2"
        expr.weekday = _weekday_number(after.group(group))
        return expr.end + after.start(group), expr.end + after.end(group)
    return None


def _impossible(span: str, s: int, e: int, why: str, weekday: int | None = None) -> DateExpr:
    """A date no calendar has ('November 31', 'January 10–1'): kept, unresolved, and marked."""
    note = f"impossible date: {why}"
    return DateExpr(span, s, e, "date", None, weekday=weekday, note=note, extra={"impossible": why})


_MAX_DAYS = {2: 29, 4: 30, 6: 30, 9: 30, 11: 30}


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS[key] if key in MONTHS else MONTHS[key[:3]]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a month (`calendar.monthrange` also works out the weekday)."""
    first = dt.date(year, month, 1)  # raises ValueError for a month or year no date has
    return first, dt.date(year, month, 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month])


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
    if kind == "dayrange":
        return _day_range(g, span, s, e)
    if kind == "iso":
        year, month, day = int(g["year"]), int(g["m"]), int(g["d"])
        d = _safe_date(year, month, day)
        if d is None and 1 <= month <= 12 and 1 <= day <= 31:
            days = calendar.monthrange(year, month)[1]
            return _impossible(span, s, e, f"{calendar.month_name[month]} {year} has {days} days")
        return _expr(span, s, e, "date", d, d) if d else None
    if kind in ("md", "dm"):
        month = _month_number(g["month"])
        day = int(g["day"])
        if g["month"] == "May" and kind == "md" and not g.get("year") and day > 31:
            return None
        if not 1 <= day <= 31:
            return None
        weekday = WEEKDAYS[folded(g["weekday"])] if g.get("weekday") else None
        if day > _MAX_DAYS.get(month, 31):
            most = "at most 29" if month == 2 else str(_MAX_DAYS[month])
            return _impossible(span, s, e, f"{calendar.month_name[month]} has {most} days", weekday)
        if g.get("year"):
            d = _safe_date(int(g["year"]), month, day)
            if d is None:
                return _impossible(span, s, e, f"February {g['year']} has 28 days", weekday)
            return _expr(span, s, e, "date", d, d, weekday=weekday)
        old_year = re.match(r"\s(1[0-5]\d\d)\b(?![\d,%]|\.\d)", m.string[e : e + 8])
        if old_year:  # '16 March 1322': a year _YEAR does not read
            d = _safe_date(int(old_year.group(1)), month, day)
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
    if kind in ("slash", "wslash"):
        return _numeric(g, span, s, e, ref)
    if kind == "quarter":
        q = int(g["qn"]) if g.get("qn") else _QUARTERS[folded(g["q"])]
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
        elif prep == "since":  # 'the first since March' is the March before the article
            year = ref.year if month <= ref.month else ref.year - 1
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
        following = _FOLLOWING_WORD.match(m.string[e : e + 20])
        preceding = _PRECEDING_WORD.search(m.string[max(0, s - 12) : s])
        if (
            following
            and following.group(1).endswith("s")
            and following.group(1) not in ("was", "is", "has", "its", "this", "as")
            and not (preceding and preceding.group(1) in _YEAR_PREPOSITIONS)
        ):
            return None  # "2000 troops": a count, not a year
        return _expr(span, s, e, "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    return None


def _day_range(g: dict, span: str, s: int, e: int) -> DateExpr | None:
    """'January 10–12' stays with the other patterns; a range that runs backwards
    ('January 10–1', '12–3 May') is kept as an impossible date."""
    first, last = (int(g["d1"]), int(g["d2"])) if g.get("d1") else (int(g["d3"]), int(g["d4"]))
    if not (1 <= last < first <= 31):
        return None
    return _impossible(span, s, e, f"the day range runs backwards ({first} to {last})")


def _numeric(g: dict, span: str, s: int, e: int, ref: dt.date | None) -> DateExpr | None:
    """'10/31/2026', '31/10/2026', 'Fri, 10/31': month first when it can be, else day first;
    when both readings are dates the other is kept in `extra['alternatives']`."""
    a, b = int(g["m"]), int(g["d"])
    weekday = _weekday_number(g["weekday"]) if g.get("weekday") else None
    year_given = g.get("year") is not None
    readings = []
    for month, day in ((a, b), (b, a)):
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if year_given:
            year = int(g["year"])
            year = year + 2000 if year < 100 else year
        elif ref is not None:
            year = _nearest_year(month, day, ref)
        else:
            return None
        d = _safe_date(year, month, day)
        if d is not None and d not in readings:
            readings.append(d)
    if not readings:
        return None
    d = readings[0]
    return _expr(span, s, e, "date", d, d, weekday=weekday, year_given=year_given, extra={"alternatives": readings[1:]})


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


_PLAIN_AGO = re.compile(r"(?P<n>[1-9]\d{0,2}|0|an?) (?P<unit>day|week|month|year)s? ago", re.I)


def _plain_ago(span: str, ref: dt.date) -> dt.date | None:
    """'3 weeks ago', 'a month ago' without dateparser, which costs a second or more on its
    first call (its timezone tables): the same calendar arithmetic dateparser does (checked
    against it for every count up to 999 of every unit, on month ends and leap days)."""
    m = _PLAIN_AGO.fullmatch(span)
    if m is None:
        return None
    word, unit = m.group("n").lower(), m.group("unit").lower()
    n = 1 if word in ("a", "an") else int(word)
    try:
        if unit in ("day", "week"):
            day = ref - dt.timedelta(days=n * (7 if unit == "week" else 1))
        else:
            from dateutil.relativedelta import relativedelta

            day = ref - (relativedelta(months=n) if unit == "month" else relativedelta(years=n))
    except (OverflowError, ValueError):
        return None
    return day if day.year >= 1000 else None  # far back: leave it to dateparser


@functools.lru_cache(maxsize=4096)
def _dateparser(span: str, ref: dt.date) -> dt.date | None:
    """dateparser for the long tail; imported only when a span needs it (1 s or more cold)."""
    for word, digit in UNITS_WORDS.items():
        span = re.sub(rf"\b{word}\b", str(digit), span, flags=re.I)
    plain = _plain_ago(span, ref)
    if plain is not None:
        return plain
    import dateparser

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
    target = WEEKDAYS[folded(g["weekday"])]
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


# --- what a date is for: lexicon-driven readings the calendar checks use -----------------


@lexicons.derived  # rebuilt when `lexicon.configure` changes the packs (a user's time.yaml)
def _time_lexicon() -> dict:
    return lexicons.load("time")


@lexicons.derived  # rebuilt when `lexicon.configure` changes the packs (a user's time.yaml)
def _tense_patterns() -> dict[str, re.Pattern[str]]:
    lex = _time_lexicon()
    irregular = _alt(lex.get("irregular_past"))
    instruments = _alt(lex.get("instrument_nouns"))
    return {
        "past": re.compile(rf"\b(?:{irregular}|[a-z]{{2,}}ed)\b", re.I),
        "not_past": re.compile(rf"^(?:{_alt(lex.get('not_past'))})$", re.I),
        "future": re.compile(rf"(?<![\w'’])(?:{_alt(lex.get('future_words'))})(?![\w'’])", re.I),
        "deadline": re.compile(rf"\b(?:{_alt(lex.get('deadline_before'))})\s+(?:the\s+)?(?:on\s+)?$", re.I),
        "instrument": re.compile(rf"^['’]?s?\s*(?:[a-z]+\s+){{0,2}}?(?:{instruments})\b", re.I),
        "fiscal": re.compile(rf"\b(?:{_alt(lex.get('fiscal_words'))})\s+(?:of\s+|year\s+)?$", re.I),
        "infinitive": re.compile(r"\bto\s+[a-z]+\s+(?:[a-z]+\s+){0,4}?(?:on|in)\s+$", re.I),
        "present": re.compile(rf"\b(?:{_alt(lex.get('present_markers'))})\s+(?:[a-z]+\s+)?$", re.I),
        "period": re.compile(
            rf"(?:\b(?:in|for|over|during)|,)\s+the\s+(?:[\w-]+\s+){{0,2}}?(?:{_alt(lex.get('period_nouns'))})"
            rf"\s+(?:{_alt(lex.get('period_ends'))})\s+$",
            re.I,
        ),
    }


_CLAUSE_BREAK = re.compile(
    r"[;:()\u2014]|,(?!\d{3})|\s[\u2013-]\s|\b(?:when|while|after|before|as|and|but|which|who|where)\b"
)


_DETERMINER = re.compile(r"\b(?:a|an|the|its|his|her|their|our|this|that|next|last)\s+$", re.I)
_ATTRIBUTIVE = re.compile(
    r"\b(?:to|the|a|an|their|its|his|her|our|my|your|this|that|these|those|only|first|same|newly|recently|"
    r"long|much|well|fully|partly|so|rarely|often)\s+$",
    re.I,
)
"""Before a '-ed' word these make it an infinitive's verb or an adjective: 'to cut', 'their
only televised debate', 'the planned opening'; not a past event."""


def ends_period(before: str) -> bool:
    """The date after `before` ends a reporting period ('in the four weeks to', ', the three
    months to'): a date a copy gives for a period that is done, so it may be further ahead."""
    return bool(_tense_patterns()["period"].search(before[-80:]))


_WEEKDAY_COMMA = re.compile(rf"(?<![\w'’-]){_ANY_WEEKDAY},\s*$")


def _weekday_comma(sentence: str, at: int) -> bool:
    """A comma right after a weekday ('Mon., Nov. 10', 'Friday, 7 March'): part of the date."""
    return sentence[at - 1 : at] == "," and _WEEKDAY_COMMA.search(sentence, max(0, at - 12), at) is not None


_SAME_MOMENT = re.compile(r"\s*(?:on\s+)?(?:[A-Za-z]{3,9}\.?,?\s+)?")
"""Between a time and the date of its day: ' on Mon., ', ' on '."""
_PRESENT_PASSIVE = re.compile(r"\b(?:is|are|am|gets|get)\s+(?:[a-z]+ly\s+)?$", re.I)
"""A participle after a present auxiliary is a present passive, not a past tense."""


def past_event_clause(sentence: str, start: int, end: int, others: list[tuple[int, int]]) -> bool:
    """Is the date at sentence[start:end] the time of something told as done ('the minister
    visited the plant on 7 October', 'On February 21, 2,300 visitors passed through')?
    Not when its clause is a forecast, a schedule, a deadline or a term ('until', 'by',
    'extended to', 'will', 'is due'), or when the year names an instrument ('the 2029 notes');
    the end of a reporting period ('in the four weeks to Nov 28') is not a deadline.
    `others` are the sentence's other date spans: a verb belongs to the nearest date."""
    p = _tense_patterns()
    before_all = sentence[:start]
    period_end = bool(p["period"].search(before_all[-80:]))
    if period_end:
        pass  # 'sales in the four weeks to Nov 28 rose': the end of a reporting period, told as past or not
    elif p["deadline"].search(before_all) or p["fiscal"].search(before_all):
        return False
    if p["instrument"].match(sentence[end : end + 30]) or p["infinitive"].search(before_all[-60:]):
        return False
    if _DETERMINER.search(before_all[-12:]):
        return False  # 'an April 7 trial', 'the 2029 notes': the date names a thing
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)]
    # a break inside another date, or after the weekday of this one ('on Mon., Nov. 10'), ends no clause
    lo = max([b for b in breaks if not any(s <= b <= e for s, e in others) and not _weekday_comma(sentence, b)],
             default=0)
    nxt = _CLAUSE_BREAK.search(sentence, end)
    hi = nxt.start() if nxt else len(sentence)
    clause = sentence[lo:start] + " 0 " + sentence[end:hi]  # the date stays a word: "to Nov 28 rose" is no "to rose"
    if not re.search(r"[a-z]{3,}", sentence[lo:start].replace("on", "").replace("On", "")) and nxt:
        # A fronted date ('On February 21, a record 2,300 visitors passed'): its verb follows.
        after = _CLAUSE_BREAK.search(sentence, nxt.end())
        clause += " " + sentence[nxt.end() : after.start() if after else len(sentence)]
    if period_end and nxt and sentence[nxt.start() : nxt.end()].strip() == "," and not p["past"].search(clause):
        # 'revenue in the first quarter, the three months to September 30, rose 6%': a period set
        # off in commas takes the verb after it
        after = _CLAUSE_BREAK.search(sentence, nxt.end())
        clause += " " + sentence[nxt.end() : after.start() if after else len(sentence)]
    # another date in the clause takes the verbs beside it; not a time of the same moment right
    # before it ('reopened at 5:30 a.m. on Mon., Nov. 10')
    apart = [(s2, e2) for s2, e2 in others if not _SAME_MOMENT.fullmatch(sentence, e2, start)]
    if any(lo <= s < hi and s != start for s, _ in apart):
        nearer = max([e2 for s2, e2 in apart if lo <= s2 and e2 <= start], default=lo)
        clause = sentence[nearer:start]
    if p["future"].search(clause) or p["future"].search(sentence[:lo][-40:]):
        return False
    verbs = [
        m.group(0)
        for m in p["past"].finditer(clause)
        if not _ATTRIBUTIVE.search(clause[: m.start()])
        and not _PRESENT_PASSIVE.search(clause[: m.start()])  # 'when the rankings are published on April 1'
        and not (m.group(0).lower() in _ambiguous_past() and (
            p["present"].search(clause[: m.start()])
            or (
                _NOUN_BEFORE.search(clause[max(0, m.start() - 40) : m.start()])
                and not _OBJECT_AFTER.match(clause, m.end())
            )
        ))
    ]
    return any(not p["not_past"].match(v) for v in verbs)


_NOUN_BEFORE = re.compile(r"\b(?:a|an|the|this|that|its|their|his|her|any|no|another)\s+(?:[a-z-]+\s+){0,2}$", re.I)
"""A determiner up to two words before a word such as 'cut' makes it a noun ('an interest rate
cut', 'the cut'), not a verb."""


_OBJECT_AFTER = re.compile(r"\s+(?:\d|(?:a|an|the|its|their|his|her|our|some|all|up|off|down|back|out)\b)", re.I)
"""An object after such a word makes it the verb again ('The company cut 200 jobs')."""


@lexicons.derived  # rebuilt when `lexicon.configure` changes the packs (a user's time.yaml)
def _ambiguous_past() -> frozenset[str]:
    """Past forms that are also present ones ('put', 'set', 'cut'): past only without a
    present marker before them ('Traders now put the chance of a cut on 18 June at 22%')."""
    return frozenset(str(w).lower() for w in _time_lexicon().get("ambiguous_past") or [])


@dataclass(frozen=True)
class FrameDate:
    """A date that starts or ends a lasting thing of one frame ('a strike that began on
    4 November' -> strike, start; 'returned its verdicts on Friday' -> trial, end)."""

    frame: str
    role: str  # start | end | range
    expr: DateExpr
    until: DateExpr | None = None  # the end of a written range ('from 2009 to 2021')


@lexicons.derived  # rebuilt when `lexicon.configure` changes the packs (a user's time.yaml)
def _frame_patterns() -> dict[str, tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], dict]]:
    out = {}
    for name, spec in (_time_lexicon().get("span_frames") or {}).items():
        nouns = re.compile(rf"\b(?:{_alt([*spec.get('nouns', []), *spec.get('titles', [])])})\b", re.I)
        start = re.compile(rf"\b(?:{_alt(spec.get('start'))})\b", re.I)
        end = re.compile(rf"\b(?:{_alt(spec.get('end'))})\b", re.I)
        out[name] = (nouns, start, end, spec)
    return out


def frame_of(after: str, lemma: str | None) -> str | None:
    """The frame a duration names: its counted noun ('the 12-day walkout') or the words
    right after it ('his 16 years in office')."""
    for name, (nouns, _, _, _) in _frame_patterns().items():
        if lemma and nouns.fullmatch(lemma):
            return name
        m = nouns.search(after[:30])
        if m and re.fullmatch(r"[\s,-]*(?:[a-z]+\s+){0,1}", after[: m.start()], re.I):
            return name
    return None


@lexicons.derived  # rebuilt when `lexicon.configure` changes the packs (a user's time.yaml)
def _lasting_before() -> list[tuple[str, re.Pattern[str]]]:
    verbs = _alt(_time_lexicon().get("lasting_verbs"))
    out = []
    for name, (nouns, _, _, spec) in _frame_patterns().items():
        out.append((name, re.compile(
            rf"{nouns.pattern}[\w\s'’-]{{0,30}}?(?:,[^,;.]{{1,90}},)?[\s,]+(?:(?:that|which)\s+)?(?:(?:had|has|have)\s+)?"
            rf"(?:{verbs})\s+(?:for\s+)?(?:[a-z]+\s+){{0,2}}?$",
            re.I,
        )))
        if spec.get("titles") and spec.get("holding_verbs"):  # 'served as the club's treasurer for 11 years'
            out.append((name, re.compile(
                rf"\b(?:{_alt(spec['holding_verbs'])})\s+as\s+(?:(?:the|its|their|his|her)\s+)?(?:[\w'’-]+['’]s?\s+)?"
                rf"(?:[a-z-]+\s+)?(?:{_alt(spec['titles'])})\s+(?:for\s+)?"
                r"(?:(?:about|nearly|almost|more\s+than|over|some|just\s+over|just\s+under)\s+)?$",
                re.I,
            )))
    return out


def frame_before(before: str) -> str | None:
    """The frame a duration names as the length of a thing told before it: 'a trial that
    lasted four weeks', 'the strike, which ran for 12 days', 'the hearing lasted two days',
    'The strike, which began on 3 February and ended on 14 February, lasted 16 days'."""
    tail = before[-180:]
    for name, pattern in _lasting_before():
        if pattern.search(tail):
            return name
    return None


def frame_dates(sentence: str, offset: int, dates: list[DateExpr]) -> list[FrameDate]:
    """Dates of one sentence that start or end a frame. A start or end word counts for the
    nearest date after it (no other date in between, same clause-sized window); frames that
    run to the article date (an organisation's history) need no frame noun in the sentence."""
    window = int(_time_lexicon().get("frame_window", 120))
    out: list[FrameDate] = []
    p = _tense_patterns()
    spans = [(d.start - offset, d.end - offset) for d in dates]
    for i, d in enumerate(dates):
        if d.low is None or d.high is None or d.kind in ("time", "relative"):
            continue
        s, e = spans[i]
        # a clock time before the day ('began at 6am on Wednesday 4 March') does not stand between
        prev_end = max(
            [pe for (_, pe), o in zip(spans, dates, strict=True) if pe <= s and o.kind != "time"], default=0
        )
        head = sentence[max(prev_end, s - window) : s]
        if p["future"].search(head[-50:]):
            continue
        for name, (nouns, start, end, spec) in _frame_patterns().items():
            if not spec.get("to_article") and not nouns.search(sentence):
                continue
            starts = [m.end() for m in start.finditer(head)]
            ends = [m.end() for m in end.finditer(head)]
            last_start, last_end = max(starts, default=-1), max(ends, default=-1)
            if spec.get("range") and re.search(r"\bfrom\s+$", head) and (starts or nouns.search(sentence)):
                nxt = next((k for k in range(i + 1, len(dates)) if dates[k].low), None)
                between = sentence[e : spans[nxt][0]] if nxt is not None else ""
                if nxt is not None and _RANGE_TO.fullmatch(between):
                    out.append(FrameDate(name, "range", d, dates[nxt]))
                continue
            reach = window if spec.get("to_article") else 40
            if max(last_start, last_end) < 0 or len(head) - max(last_start, last_end) > reach:
                continue
            role = "start" if last_start > last_end else "end"
            out.append(FrameDate(name, role, d))
    return out


_RANGE_TO = re.compile(
    r"\s*(?:to|until|till|through|[–-])\s*(?:(?:his|her|their|its|the)\s+[a-z]+\s+(?:in|on)\s+)?", re.I
)
"""Between the two dates of a written range: 'from 2009 to 2021', 'from 2009 until her arrest in 2024'."""


def frame_runs_to_article(frame: str) -> bool:
    """A frame such as an organisation's history runs to the article's date when no end is written."""
    return bool(((_time_lexicon().get("span_frames") or {}).get(frame) or {}).get("to_article"))
