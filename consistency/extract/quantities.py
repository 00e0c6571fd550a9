"""Find quantities in a sentence: the figure, its unit, its qualifier and its rounding.

A cheap pattern finds figures (digits or number words); the context around each one decides
what it is (a scale word, a currency, a unit, a range, a change, an age) or that it is not a
quantity at all (a label such as "Section 5", a score "2-0", an address, a phone number).
Units outside our table go to quantulum3 (see `unit_fallback`).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from consistency.extract import lexicon as lx
from consistency.extract import unit_fallback
from consistency.extract.numbers import (
    NUMBER_WORD_ALTERNATION,
    ParsedNumber,
    approx_margin,
    parse_digits,
    parse_words,
    scale_half_unit,
)


@dataclass
class Quantity:
    text: str
    start: int
    end: int
    value: float
    low: float
    high: float
    unit: str = "dimensionless"
    entity: str = "dimensionless"
    kind: str = "count"  # count | money | percent | measure | age | fraction | duration | vague
    qualifier: str | None = None  # approx | lower | upper | range
    noun: str | None = None
    lemma: str | None = None
    predicate: str | None = None
    role: str | None = None  # change-from | change-to | part | whole
    link: int | None = None  # index of the other end of a change, or the whole of a part
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        out = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": _num(self.value),
            "low": _num(self.low),
            "high": _num(self.high),
            "unit": self.unit,
            "entity": self.entity,
            "kind": self.kind,
        }
        for key in ("qualifier", "noun", "lemma", "predicate", "role", "link"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


def _num(value: float) -> float | int | None:
    if math.isinf(value) or math.isnan(value):
        return None
    if value == int(value) and abs(value) < 2**53:
        return int(value)
    return round(value, 10)


_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_WORDS = rf"(?:{NUMBER_WORD_ALTERNATION})(?:(?:[\s\-]+)(?:{NUMBER_WORD_ALTERNATION}))*"
FIGURE = re.compile(
    r"(?<![\w.,/:#@-])(?P<frac>(?:\d{1,3}\s+)?\d{1,2}/\d{1,2})(?![\d/])"
    rf"|(?<![\w.,/:#@])(?<!\w-)(?P<digits>{_DIGITS})(?![\d]|\.\d|,\d{{3}})"
    rf"|(?<![\w-])(?P<words>{_WORDS})(?!\w)"
    r"|(?<![\w-])(?P<vague>dozens|scores|hundreds|thousands|millions|billions)(?=\s+of\b)",
    re.I,
)
_GATE_PLURALS = "dozens|hundreds|thousands|millions|billions"
CANDIDATE = rf"\d|\b(?:{NUMBER_WORD_ALTERNATION}|{_GATE_PLURALS})\b"
"""The gate (re.I) a sentence passes before FIGURE is tried, which `_figure_starts` applies
without a regex pass. It lacks "scores", which FIGURE reads: kept, since output must not move."""


@functools.cache
def _word_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A gate word and a figure word, case-insensitively: for the rare runs with non-ASCII
    letters, so compiled on first use, not at import."""
    return (
        re.compile(rf"(?:{NUMBER_WORD_ALTERNATION}|{_GATE_PLURALS})", re.I),
        re.compile(rf"(?:{NUMBER_WORD_ALTERNATION}|{_GATE_PLURALS}|scores)", re.I),
    )


_GATE_WORDS = frozenset([*NUMBER_WORD_ALTERNATION.split("|"), *_GATE_PLURALS.split("|")])
_FIGURE_WORDS = _GATE_WORDS | {"scores"}
_FIGURE_WORDS_ALONE = _FIGURE_WORDS - {"a", "an", "and"}  # those three alone are never a figure
_WORD_RUN = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"\d+")


def _candidates(sentence: str, has_digit: bool) -> list[int] | None:
    """Where a FIGURE match can start (a superset), or None when no quantity can be found.

    A sentence whose only number words are "a", "an" and "and" (most of them) needs only its
    digits: a match of those words alone is rejected by `_read` and covers no digit, so
    leaving it untried changes nothing; with no digit either, there is nothing to find."""
    if sentence.isascii() and _FIGURE_WORDS_ALONE_BYTES.isdisjoint(_ascii_words(sentence)):
        return _digit_starts(sentence) if has_digit else None
    return _figure_starts(sentence, has_digit)


_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_NOT_WORD = bytes(c for c in range(128) if c not in _WORD_BYTES)
_FOLD_ASCII = bytes.maketrans(
    _NOT_WORD + b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b" " * len(_NOT_WORD) + b"abcdefghijklmnopqrstuvwxyz"
)
_FIGURE_WORDS_ALONE_BYTES = frozenset(w.encode() for w in _FIGURE_WORDS_ALONE if w.isascii())


def _ascii_words(sentence: str) -> list[bytes]:
    """The \\w+ runs of an ASCII sentence, lower-cased, as bytes: every other character becomes a
    space in one C pass (three times faster than `_WORD_RUN.findall` and a `str.lower` a word)."""
    return sentence.encode("ascii").translate(_FOLD_ASCII).split()


def _digit_starts(sentence: str) -> list[int]:
    """The digits branches' starts: each digit run, and the "." of ".5" (a run inside a word,
    "x5", is tried too and fails on FIGURE's lookbehind)."""
    out = []
    for m in _DIGIT_RUN.finditer(sentence):
        at = m.start()
        if at and sentence[at - 1] == ".":
            out.append(at - 1)
        out.append(at)
    return out


def _figure_starts(sentence: str, has_digit: bool) -> list[int] | None:
    """Where a FIGURE match can start, or None when the sentence fails the CANDIDATE gate.

    Every FIGURE branch starts a run of word characters (its lookbehinds forbid a word
    character before it), or at the "." of ".5": a digit run, or a run that is one number
    word ("a", "hundred", "dozens" ...), since the words branch needs a space, hyphen or
    non-word character after each word. So one pass over the word runs (a set lookup each)
    replaces FIGURE's search at every character, which tried a long case-insensitive
    alternation at each. Runs with non-ASCII letters are judged by the patterns themselves
    (re.I folds some, such as the long s, onto ASCII letters)."""
    if sentence.isascii():
        return _ascii_figure_starts(sentence, has_digit)
    return _run_figure_starts(sentence, has_digit)


def _run_figure_starts(sentence: str, has_digit: bool) -> list[int] | None:
    """`_figure_starts` word run by word run (any text)."""
    gate = has_digit
    starts: list[int] = []
    for run in _WORD_RUN.finditer(sentence):
        word = run.group()
        at = run.start()
        if word[0].isdecimal():  # \d is exactly the Unicode decimal digits
            if at and sentence[at - 1] == ".":
                starts.append(at - 1)
            starts.append(at)
        elif word.isascii():
            lowered = word.lower()
            if lowered in _FIGURE_WORDS:
                starts.append(at)
                gate = gate or lowered in _GATE_WORDS
        elif _word_patterns()[1].fullmatch(word):
            starts.append(at)
            gate = gate or _word_patterns()[0].fullmatch(word) is not None
    return starts if gate else None


@functools.cache
def _ascii_run_start() -> re.Pattern[str]:
    """A word run that opens with a digit, or is one figure word, in lower-cased ASCII text
    (the figure words as a trie; compiled on first use)."""
    return re.compile(rf"(?<!\w)(?:(?P<d>\d)|(?:{_trie(sorted(_FIGURE_WORDS))})(?!\w))")


def _ascii_figure_starts(sentence: str, has_digit: bool) -> list[int] | None:
    """`_figure_starts` of an ASCII sentence: one scan of the lower-cased text for the runs
    that count (ASCII lower-casing keeps every offset and every word run), not a Python step
    for every word."""
    lowered = sentence.lower()
    gate = has_digit
    starts: list[int] = []
    for run in _ascii_run_start().finditer(lowered):
        at = run.start()
        if run.group("d") is not None:
            if at and lowered[at - 1] == ".":
                starts.append(at - 1)
            starts.append(at)
        else:
            starts.append(at)
            gate = gate or run.group() in _GATE_WORDS
    return starts if gate else None


_SCALE_AFTER = re.compile(
    r"(?P<sp>[\s\u00a0]?|-(?=(?:lakh|crore)))(?P<scale>million|billion|trillion|thousand|hundred|dozens?|lakhs?|crores?|"
    r"mln|bln|bn|mn|tn|trn|[kKmMbBT])"
    r"(?![\w])",
    re.I,
)
_WORD_SCALE = {"million", "billion", "trillion", "thousand", "hundred", "dozen", "dozens", "lakh", "lakhs", "crore",
               "crores"}  # 'Rs 450 crore', '1.2 lakh vehicles': the Indian scale words
_SCALE_VALUES = {
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "thousand": 1e3,
    "hundred": 100,
    "dozen": 12,
    "dozens": 12,
    "lakh": 1e5,
    "lakhs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
}
_PERCENT = re.compile(
    r"\s?(?:%|per\s?cent\b|percent\b|pct\b|pc\b)(?P<points>\s+points?\b)?"
    r"|\s(?P<pp>percentage[\s-]points?|pp\b|ppt\b)",
    re.I,
)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|and|or)\s*(?=[$£€¥₹]?\s?(?:\d|" + NUMBER_WORD_ALTERNATION + r"))", re.I)
_AGE_AFTER = re.compile(
    r"[\s-](?P<u>years?|yrs?|months?|weeks?|days?)[\s-]old\b|\s+(?P<u2>years?|months?|weeks?)\s+of\s+age\b", re.I
)
_AGE_BEFORE = re.compile(r"(?:\baged|\bage|\bat\s+the\s+age\s+of|\bat\s+age)\s+$", re.I)
_AGE_APPOSITIVE = re.compile(r"(?:[A-Z][a-z'’-]+\s?){1,3},\s$")
_AGE_BRACKET = re.compile(r"\d{1,3}(?:\s+(?:or|and)\s+(?P<side>older|younger)\b|s\b)", re.I)
"""An age bracket's figure: '60 or older', '18 and younger', '70s' (after `_DECADE_BEFORE`)."""
_DECADE_BEFORE = re.compile(
    r"\bin\s+(?:their|his|her|its|our|my|your)\s+(?:(?:early|mid|late)[\s-]+)?$", re.I
)
_AGE_JOINED = re.compile(r"\s*(?:,|and|or|to|,\s*and)\s*")
"""Between an age and a bare figure that is another age: 'aged 88 and 92'."""
_BARE_AFTER = re.compile(r"\s*(?:[,.;:)]|$|(?:and|or)\b)")
_AGE_OF_PERSON = re.compile(
    r"\b(?:a|an|the)\s+(?:man|woman|boy|girl|pensioner|widow|widower|mother|father|grandmother|grandfather)"
    r"\s+of\s+$",
    re.I,
)
"""'a man of 84': a person's age after 'of'."""
_AGE_BRACKETED = re.compile(r"(?<![\w'’-])(?:[A-Z][a-z'’-]+\s){1,2}[A-Z][a-z'’-]+\s\($")
"""'Sinead Rooney (41)': a full name (or a title and surname) with a bare figure in brackets."""
_PREFIX_CURRENCY = re.compile(
    r"(?:(?P<sym>US\s?\$|[ACS]U?\$|NZ\$|HK\$|MX\$|CA\$|R\$|[$£€¥₹₽₴₩₺₪₦₿])|\b(?P<code>USD|EUR|GBP|JPY|CNY|RMB|INR|RUB|UAH|CHF|"
    r"AUD|CAD|NZD|HKD|SGD|BRL|ZAR|KRW|TRY|ILS|NGN|SEK|BTC|Rs\.?))\s?$"
)
_LEADING = re.compile(r"(?:^|[\s(\[\"“'‘])(?P<q>[a-z~][a-z.\s]{0,22}?)\s*$", re.I)
_TOKEN_AFTER = re.compile(r"[\s\u00a0]*(?P<word>[A-Za-z°º%²³/$.'’-]+(?:\s+[A-Za-z]+){0,2})")


def _trie(words: list[str]) -> str:
    """One alternation of literal words as a trie: 'km|kg|k' -> 'k(?:m|g)?'. The engine tries
    one branch per character instead of every word in turn, and at a position the words that
    fit lie on one path, which it walks deepest first: the longest word that fits (and lets the
    rest of the pattern match) wins, as in the flat alternation sorted longest first."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        chars = sorted(ch for ch in node if ch)
        if not chars:
            return ""
        leaves = [ch for ch in chars if set(node[ch]) == {""}]  # words that end with this character
        others = [re.escape(ch) + emit(node[ch]) for ch in chars if ch not in leaves]
        if len(leaves) > 1:  # one class for the characters that end a word: fewer nodes to parse
            others.append("[" + "".join(re.escape(ch) for ch in leaves) + "]")
        else:
            others += [re.escape(ch) for ch in leaves]
        body = others[0] if len(others) == 1 else "(?:" + "|".join(others) + ")"
        if "" in node:
            single = len(others) == 1 and (len(body) == 1 or (body.startswith("[") and body.endswith("]")))
            return f"{body}?" if single and "|" not in body else f"(?:{body})?"
        return body

    return emit(root) or "(?!)"


def _unit_words() -> tuple[list[str], list[str], list[str], list[str]]:
    """Glued symbols, surfaces, spaced symbols and currency words, longest first."""
    surfaces = sorted(lx.UNIT_SURFACES, key=len, reverse=True)
    spaced_symbols = sorted((s for s in lx.UNIT_SYMBOLS if s not in lx.GLUE_ONLY_SYMBOLS), key=len, reverse=True)
    glued = sorted(lx.UNIT_SYMBOLS, key=len, reverse=True)
    cur_words = sorted(lx.CURRENCY_WORDS, key=len, reverse=True)
    return glued, surfaces, spaced_symbols, cur_words


def _unit_pattern_source(alt: Callable[[list[str]], str], alt_folded: Callable[[list[str]], str]) -> str:
    """The unit pattern, its literal words joined by `alt` (`alt_folded` for the re.I groups)."""
    glued, surfaces, spaced_symbols, cur_words = _unit_words()
    return (
        rf"(?P<glued>{alt(glued)})(?![A-Za-z0-9])"
        rf"|[\s\u00a0]?-?(?P<surface>(?i:{alt_folded(surfaces)}))(?![A-Za-z])"
        rf"|[\s\u00a0](?P<symbol>{alt(spaced_symbols)})(?![A-Za-z0-9])"
        rf"|[\s\u00a0](?P<currency>(?i:{alt_folded(cur_words)}))(?![A-Za-z])"
    )


def _flat_unit_pattern() -> re.Pattern[str]:
    """The unit pattern as one flat alternation per group, longest word first: what the trie
    pattern must match like (kept for the tests)."""
    def flat(items: list[str]) -> str:
        return "|".join(re.escape(i) for i in items)

    return re.compile(_unit_pattern_source(flat, flat))


def _build_unit_pattern() -> re.Pattern[str]:
    """The unit pattern with trie alternations: a figure's next word was tried against some 400
    unit words in turn. The re.I groups' words are lower-cased first: under re.I a letter and
    its other case match the same characters, so the trie matches what the flat pattern does."""
    return re.compile(_unit_pattern_source(_trie, lambda items: _trie([i.lower() for i in items])))


class _UnitMatch:
    """What `_UnitScanner.match` found in ASCII text: one named group, as re.Match gives it."""

    __slots__ = ("_end", "_name", "_start", "_value")

    def __init__(self, name: str, value: str, start: int, end: int) -> None:
        self._name, self._value, self._start, self._end = name, value, start, end

    def group(self, name: str) -> str | None:
        return self._value if name == self._name else None

    def groupdict(self) -> dict[str, str | None]:
        return {g: self.group(g) for g in ("glued", "surface", "symbol", "currency")}

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end


_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _by_first(words: list[str]) -> dict[str, tuple[str, ...]]:
    """Words by their first two characters (a one-character word by its character), longest
    first, each once: a word at a position is one of those under the text's next two
    characters, or a one-character word under its next one, and all of the first are longer."""
    out: dict[str, list[str]] = {}
    for word in sorted(dict.fromkeys(words), key=len, reverse=True):
        out.setdefault(word[:2], []).append(word)
    return {k: tuple(v) for k, v in out.items()}


class _UnitScanner:
    """`UNIT_AFTER.match(text, pos)`: the unit pattern (the flat alternation of `_unit_words`,
    in its branch order and its backtracking order, longest word first), read in Python where
    the text after the figure is ASCII, and by the compiled pattern elsewhere. In ASCII, re.I
    is ASCII case folding and \\s is str.isspace, so the answers are the pattern's (a test holds
    them to it); the pattern, some 400 words, is compiled only for text that needs it, or once
    enough figures were read for it to pay (its compile was about half the module's import).
    `walk` is the Python reading alone (for the tests)."""

    def __init__(self) -> None:
        glued, surfaces, spaced, currency = _unit_words()
        ascii_only = lambda words: [w for w in words if w.isascii()]  # noqa: E731  (others need non-ASCII text)
        self._glued = _by_first(ascii_only(glued))
        self._surfaces = _by_first([w.lower() for w in surfaces])
        self._spaced = _by_first(ascii_only(spaced))
        self._currency = _by_first([w.lower() for w in currency])
        self._reach = 2 + max(map(len, [*glued, *surfaces, *spaced, *currency]), default=0)
        self._calls = 0

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        return _build_unit_pattern()

    _PAYS_AFTER = 300
    """Calls after which compiling the pattern (a trie, about twice as fast as this walk) pays:
    a long run switches to it, a cold start on one article never compiles it."""

    def match(self, text: str, pos: int) -> re.Match[str] | _UnitMatch | None:
        if self._calls > self._PAYS_AFTER:
            return self.pattern.match(text, pos)
        self._calls += 1
        return self.walk(text, pos)

    def walk(self, text: str, pos: int) -> re.Match[str] | _UnitMatch | None:
        window = text[pos : pos + self._reach]
        if not window.isascii():
            return self.pattern.match(text, pos)
        # (?P<glued>…)(?![A-Za-z0-9])
        word = _first_word(self._glued, window, 0, _ALNUM, text, pos)
        if word is not None:
            return _UnitMatch("glued", word, pos, pos + len(word))
        # [\s\u00a0]?-?(?P<surface>(?i:…))(?![A-Za-z]): the space and the dash taken first
        lowered = window.lower()
        spaced = window[:1].isspace()
        at = 1 if spaced else 0
        if window[at : at + 1] == "-":
            word = _first_word(self._surfaces, lowered, at + 1, _LETTERS, text, pos)
            if word is not None:
                start = pos + at + 1
                return _UnitMatch("surface", text[start : start + len(word)], pos, start + len(word))
        word = _first_word(self._surfaces, lowered, at, _LETTERS, text, pos)
        if word is not None:
            return _UnitMatch("surface", text[pos + at : pos + at + len(word)], pos, pos + at + len(word))
        if not spaced:
            return None
        # (a surface at the space itself: none opens with one)
        word = _first_word(self._surfaces, lowered, 0, _LETTERS, text, pos)
        if word is not None:
            return _UnitMatch("surface", text[pos : pos + len(word)], pos, pos + len(word))
        # [\s\u00a0](?P<symbol>…)(?![A-Za-z0-9]), then [\s\u00a0](?P<currency>(?i:…))(?![A-Za-z])
        word = _first_word(self._spaced, window, 1, _ALNUM, text, pos)
        if word is not None:
            return _UnitMatch("symbol", word, pos, pos + 1 + len(word))
        word = _first_word(self._currency, lowered, 1, _LETTERS, text, pos)
        if word is not None:
            return _UnitMatch("currency", text[pos + 1 : pos + 1 + len(word)], pos, pos + 1 + len(word))
        return None


def _first_word(
    table: dict[str, tuple[str, ...]], hay: str, at: int, stop: frozenset[str], text: str, pos: int
) -> str | None:
    """The longest word of `table` written at hay[at:] (hay being text[pos:], maybe lower-cased)
    that the character after it, in `text`, does not continue (a `stop` character)."""
    for key in (hay[at : at + 2], hay[at : at + 1]):
        for word in table.get(key, ()):
            if hay.startswith(word, at):
                after = pos + at + len(word)
                if after >= len(text) or text[after] not in stop:
                    return word
    return None


UNIT_AFTER = _UnitScanner()
_QUALIFIERS = sorted(
    [(q, "approx") for q in lx.APPROX_BEFORE]
    + [(q, "lower") for q in lx.LOWER_BOUND_BEFORE]
    + [(q, "upper") for q in lx.UPPER_BOUND_BEFORE],
    key=lambda x: len(x[0]),
    reverse=True,
)


def _by_last_word(qualifiers: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Qualifier phrases by their last word, in their order (longest first): the words
    before a figure can only end with a phrase that ends with their own last word."""
    out: dict[str, list[tuple[str, str]]] = {}
    for phrase, kind in qualifiers:
        out.setdefault(phrase.rpartition(" ")[2], []).append((phrase, kind))
    return out


_QUALIFIERS_BY_LAST_WORD = _by_last_word(_QUALIFIERS)
_QUALIFIER_LAST_WORDS = tuple(_QUALIFIERS_BY_LAST_WORD)
"""What the words before a figure must end with for `_LEADING`'s match to name a qualifier:
the phrase's last word is a suffix of the match, which ends at the last non-space character
(so `_read` skips the search when it cannot)."""
# Every form the "or so" / "or more" loops below accept: none of them, no loop.
_APPROX_AFTER_STARTS = tuple(f for p in lx.APPROX_AFTER for f in (p, " " + p.strip()))
_LOWER_AFTER_STARTS = tuple(f for p in lx.LOWER_AFTER for f in (p, " " + p.strip()))
_NEARLY = {"nearly", "almost", "just under", "just shy of", "just below", "close to"}
_JUST_OVER = {"just over", "just above"}
_SHAPED_NEEDS = re.compile(r"\d\)?[\s.\-]\d")  # in every _NUMBER_SHAPED match (a test checks)
_NUMBER_SHAPED = re.compile(r"\+?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}\b|\b\d{1,3}(?:\.\d{1,3}){2,}\b")

_LEADING_ZERO = re.compile(r"0\d")
_EDGE_FILLERS = re.compile(r"^(?:(?:a|an|and)[\s-]+)+|(?:[\s-]+(?:a|an|and))+$", re.I)
_ARTICLE = re.compile(r"(?:a|an)[\s-]", re.I)
_COUNTED_BY_ARTICLE = re.compile(r"(?:hundred|thousand|million|billion|dozen|half|third|quarter|fifth|tenth)", re.I)
_SIGN_BEFORE = re.compile(r"(?:\bminus\s+|(?:^|(?<=[\s(]))[-−])$", re.I)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:[$£€]\s?)?$", re.I)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:[$£€¥₹]\s?)?$", re.I)
_FROM_JUST_BEFORE = re.compile(r"\bfrom\s+$", re.I)
_COMMA_OR_CLOSE = re.compile(r"\s*[,)]")
_PLACE_APPOSITIVE = re.compile(r"\b(?:of|in|on|by)\s+(?:[A-Z]\w+\s?)+,\s$")


def _sign_before(window: str) -> re.Match[str] | None:
    """`_SIGN_BEFORE.search(window)`, skipped when the window does not end in a dash or a space
    (every match ends there, or before a final newline, itself a space)."""
    if not window or not (window[-1] in "-−" or window[-1].isspace()):
        return None
    return _SIGN_BEFORE.search(window)


def _age_before(window: str) -> bool:
    """`_AGE_BEFORE` (re.I) finds a match: every match holds "age", and under re.I only ASCII
    letters fold onto a, g and e, so the lower-cased window holds it too."""
    return "age" in window.lower() and _AGE_BEFORE.search(window) is not None


_AGE_AT_VERB = re.compile(rf"\b(?:{'|'.join((*lx.LIFE_EVENT_VERBS, *lx.DEATH_AT_VERBS))})\s+at\s+$", re.I)
"""'becoming at 41 the youngest', 'retired at 65', 'died at 81': an age after the verb of a life event."""


def _age_at_verb(window: str) -> bool:
    return " at" in window.lower() and _AGE_AT_VERB.search(window) is not None


def _ends_comma_space(window: str) -> bool:
    """A match of `,\\s$` can end the window: a comma and a space, then the end or a final newline."""
    return (window[-2:-1] == "," and window[-1:].isspace()) or (
        window[-1:] == "\n" and window[-3:-2] == "," and window[-2:-1].isspace()
    )


def find_quantities(sentence: str, offset: int, excluded: list[tuple[int, int]]) -> list[Quantity]:
    """All quantities in one sentence; `offset` is the sentence's start in the document and
    `excluded` holds document spans already taken (dates, times)."""
    digit = _DIGIT.search(sentence)
    starts = _candidates(sentence, digit is not None)
    if starts is None:
        return []
    blocked = [(s - offset, e - offset) for s, e in excluded if e > offset and s < offset + len(sentence)]
    # A number-shaped match starts at most two characters ("+(") before a digit, and holds a
    # digit, maybe ")", a space, dot or dash, then a digit: few sentences do.
    if digit is not None and _SHAPED_NEEDS.search(sentence, digit.start()):
        blocked += [m.span() for m in _NUMBER_SHAPED.finditer(sentence, max(0, digit.start() - 2))]
    out: list[Quantity] = []
    pos = 0
    for at in starts:  # FIGURE.search(sentence, pos), tried only where a figure can start
        if at < pos:
            continue
        match = FIGURE.match(sentence, at)
        if match is None:
            continue
        pos = match.end()
        s, e = match.span()
        if blocked and any(s < b and e > a for a, b in blocked):
            continue
        quantity = _read(sentence, match, out)
        if quantity is None:
            continue
        pos = max(pos, quantity.end)
        out.append(quantity)
    for q in out:
        q.start += offset
        q.end += offset
    return out


def _read(text: str, m: re.Match[str], earlier: list[Quantity]) -> Quantity | None:
    start, end = m.span()
    if m.group("vague"):
        low, high = lx.VAGUE_PLURALS[lx.folded(m.group("vague"))]
        return Quantity(m.group(0), start, end, float(low), float(low), float(high), kind="vague", qualifier="approx")
    if m.group("frac"):
        whole, _, fraction = " ".join(m.group("frac").split()).rpartition(" ")  # any space, NBSP too
        numerator, denominator = (int(x) for x in fraction.split("/"))
        if denominator == 0 or numerator >= denominator:
            return None
        value = (int(whole) if whole.strip() else 0) + numerator / denominator
        parsed = ParsedNumber(value, 0.0, significant_half_unit=0.0)
    elif m.group("digits"):
        parsed = parse_digits(m.group("digits"))
        if parsed is None or _is_label(text, start, end) or _LEADING_ZERO.match(m.group("digits")):
            return None
    else:
        words = m.group("words")
        if words.lower() in ("a", "an", "and"):  # most word matches: the article alone is no figure
            return None
        stripped = _EDGE_FILLERS.sub("", words)
        if not stripped or stripped.lower() in ("a", "an", "and"):
            return None
        lead = words.lower().find(stripped.lower())
        words_start = start
        start = start + lead
        end = start + len(stripped)
        if (
            lead
            and _ARTICLE.match(words)
            and _COUNTED_BY_ARTICLE.match(stripped)
        ):
            start = words_start  # keep "a" in "a dozen", "a third"
        parsed = parse_words(text[start:end])
        if parsed is None or not _words_are_figure(text, start, end, parsed):
            return None
    value = parsed.value
    half = parsed.half_unit
    sig_half = parsed.significant_half_unit
    kind = "fraction" if parsed.is_fraction else "count"
    unit, entity = "dimensionless", "dimensionless"

    # Scale words: "3.5 million", "2.3bn", "$5.4m", "25k".
    near = _neighbour_unit(text, start, end, earlier)
    sm = None if near else _SCALE_AFTER.match(text, end)
    currency = _currency_before(text, start)
    if sm and not parsed.is_fraction:
        scale_word = sm.group("scale")
        lowered = scale_word.lower()
        glued = not sm.group("sp")
        ok = (
            lowered in _WORD_SCALE
            or lowered in ("bn", "mn", "tn", "trn", "mln", "bln")
            or (
                glued
                and scale_word in lx.SCALE_ABBREVIATIONS
                and _abbrev_is_scale(text, sm.end(), scale_word, currency)
            )
        )
        if ok:
            scale = (
                lx.SCALE_ABBREVIATIONS.get(scale_word) or lx.SCALE_ABBREVIATIONS.get(lowered) or _SCALE_VALUES[lowered]
            )
            value *= scale
            half = scale_half_unit(parsed, scale)
            sig_half = sig_half * scale if m.group("digits") else max(half, sig_half * scale)
            end = sm.end()
    # Sign: "minus five", "-5 degrees" (a dash after a space, not a range's dash).
    sign = _sign_before(text[max(0, start - 7) : start])
    if sign:
        value = -value
        start -= len(sign.group(0))
    rounded = "." in (m.group("digits") or "") or half > 0.5
    low, high = (value - half, value + half) if rounded else (value, value)

    # Range: "10 to 20", "10-20", "between 10 and 20", "8% to 12%", "3-4 million".
    before = text[max(0, start - 40) : start]
    range_end = None
    rj = _RANGE_JOIN.match(text, end)
    joiner = rj.group(0).strip().lower() if rj else ""
    before_lowered = before.lower()
    is_between = "between" in before_lowered and _BETWEEN_BEFORE.search(before) is not None
    is_from = "from" in before_lowered and _FROM_BEFORE.search(before) is not None
    second = _percent_or_plain(text, rj.end()) if rj else None
    dash = joiner in ("-", "–", "—")
    is_score = second is not None and dash and _is_score(text, start, second, value)
    if is_score:
        return None
    joins_range = dash or joiner == "to" or (joiner == "and" and is_between) or joiner == "or"
    if second is not None and joins_range and not is_from and (second[0] >= value or joiner == "or"):
        range_end = second
    elif second is not None and dash and m.group("digits") and second[0] < value and value <= 30:
        return None  # "12-3": a descending pair of small figures is a tally, not a range
    if range_end is not None:
        s_value, s_end, s_half = range_end
        # "3-4 million": the scale written after the second figure applies to the first.
        scale = _scale_of(text, s_end)
        if scale and sm is None:
            factor, s_end = scale
            value *= factor
            low, high = value, value
            s_value *= factor
            s_half *= factor
        low, high = min(low, value), s_value + s_half
        end = s_end
        qualifier = "range"
    else:
        qualifier = None

    # Percent, unit, currency.
    pm = _PERCENT.match(text, end)
    um = None
    if pm and not parsed.is_fraction:
        unit = "percentage point" if (pm.group("pp") or pm.group("points")) else "percentage"
        entity, kind = "dimensionless", "percent"
        end = pm.end()
        if qualifier is None and half <= 0.5:
            pct_half = 0.5 if "." not in (m.group("digits") or "") else half
            low, high = value - pct_half, value + pct_half
            # "8% to 12%", "8%-12%": a range of percentages (not "from 8% to 12%", a change).
            rj2 = _RANGE_JOIN.match(text, end)
            if rj2 and not _FROM_JUST_BEFORE.search(text[max(0, start - 10) : start]):
                second = _percent_or_plain(text, rj2.end())
                pm2 = _PERCENT.match(text, second[1]) if second else None
                if second is not None and pm2 is not None and second[0] > value:
                    s_half = 0.5 if second[2] == 0 else second[2]
                    low, high, end, qualifier = value - pct_half, second[0] + s_half, pm2.end(), "range"
    elif currency is not None:
        unit, entity, kind = currency[0], "currency", "money"
        start = currency[1]
    elif near is not None:
        unit, entity, kind, end = near[0], lx.UNITS[near[0]].entity, "measure", near[1]
    else:
        um = UNIT_AFTER.match(text, end)
        if um is not None and not parsed.is_fraction:
            name = _unit_name(um, text, end, value)
            if name is not None:
                unit = name
                entity = lx.UNITS[name].entity
                kind = "money" if entity == "currency" else "measure"
                end = um.end()
            else:
                um = None
        if um is None and not parsed.is_fraction:
            unit, entity, kind, end = _quantulum_unit(text, start, end, unit, entity, kind)
    if kind == "count" and unit == "dimensionless" and not parsed.is_fraction and value < 11 and _has_magnitude_word(
        text[max(0, start - 14) : end + 24]
    ):
        mag = _MAGNITUDE_AFTER.match(text, end)
        if mag or _MAGNITUDE_BEFORE.search(text, max(0, start - 14), start):
            unit, entity, kind = "magnitude", "magnitude", "measure"  # 'magnitude 6.4', '6.9-magnitude'
            end = mag.end() if mag else end
    if kind == "measure" and entity == "time":
        kind = "duration"

    # Ages: "45-year-old", "aged 45", "Smith, 45,".
    am = _AGE_AFTER.match(text, m.end() if kind == "duration" else end)
    if kind in ("count", "duration") and not parsed.is_fraction:
        if am and (kind == "count" or unit in ("year", "month", "week", "day")):
            age_unit = (am.group("u") or am.group("u2")).lower().rstrip("s")
            unit, entity, kind = {"yr": "year"}.get(age_unit, age_unit), "time", "age"
            end = am.end()
        elif ((_age_before(text[max(0, start - 25) : start]) or _age_at_verb(text[max(0, start - 25) : start]))
              and value < 130) or (
            kind == "count"
            and value < 120
            and value == int(value)
            and _ends_comma_space(text[max(0, start - 40) : start])
            and _AGE_APPOSITIVE.search(text[max(0, start - 40) : start])
            and _COMMA_OR_CLOSE.match(text[end : end + 2])
            and not _PLACE_APPOSITIVE.search(text[max(0, start - 40) : start])
        ) or (
            kind == "count"
            and 0 < value < 120
            and value == int(value)
            and text.startswith(")", end)
            and text.endswith("(", 0, start)
            and _AGE_BRACKETED.search(text[max(0, start - 50) : start])
        ) or (
            kind == "count"
            and 0 < value < 120
            and value == int(value)
            and (
                (earlier and earlier[-1].kind == "age" and _AGE_JOINED.fullmatch(text, earlier[-1].end, start)
                 and _BARE_AFTER.match(text, end) is not None)
                or ("of" in text[max(0, start - 6) : start].lower()
                    and _AGE_OF_PERSON.search(text, max(0, start - 30), start))
            )
        ):
            unit, entity, kind = "year", "time", "age"  # 'aged 88 and 92', 'a man of 84'
    if kind in ("count", "duration") and 0 < value < 120 and value == int(value) and not parsed.is_fraction:
        bracket = _AGE_BRACKET.match(text, start)
        if bracket is not None and (bracket.group("side") or _DECADE_BEFORE.search(text, max(0, start - 25), start)):
            # 'were 60 or older', 'a couple in their 70s': an age bracket, never a count or 70 seconds
            unit, entity, kind, end = "year", "time", "age", bracket.end()
            if bracket.group("side"):
                older = bracket.group("side").lower() == "older"
                low, high, qualifier = (value, 130.0, "lower") if older else (0.0, value, "upper")
            else:
                low, high, qualifier = value, value + 9, "range"

    # Qualifiers.
    lead = text[max(0, start - 30) : start]
    lm = _LEADING.search(lead) if lead.rstrip().lower().endswith(_QUALIFIER_LAST_WORDS) else None
    q_text = None
    if lm:
        candidate = lm.group("q").lower().strip()
        for phrase, q_kind in _QUALIFIERS_BY_LAST_WORD.get(candidate.rpartition(" ")[2], ()):
            if candidate == phrase or candidate.endswith(" " + phrase):
                q_text, qualifier = phrase, qualifier or q_kind
                start = start - len(lead) + lm.start("q") + len(lm.group("q").rstrip()) - len(phrase)
                break
    if qualifier == "approx":
        margin = approx_margin(value, sig_half)
        if q_text in _NEARLY:
            low, high = value - max(margin, value * 0.1), value
        elif q_text in _JUST_OVER:
            low, high = value, value + max(margin, value * 0.1)
        else:
            low, high = value - margin, value + margin
    elif qualifier == "lower":
        low, high = value, math.inf
    elif qualifier == "upper":
        low, high = (0.0 if entity != "temperature" else -math.inf), value
    after = text[end : end + 20].lower()
    for phrase in lx.APPROX_AFTER if after.startswith(_APPROX_AFTER_STARTS) else ():
        if after.startswith(phrase) or after.startswith(" " + phrase.strip()):
            margin = approx_margin(value, sig_half)
            low, high, qualifier = value - margin, value + margin, "approx"
            end += after.find(phrase.strip()) + len(phrase.strip())
            break
    for phrase in lx.LOWER_AFTER if after.startswith(_LOWER_AFTER_STARTS) else ():
        if after.startswith(phrase) or after.startswith(" " + phrase.strip()):
            low, high, qualifier = value, math.inf, "lower"
            end += after.find(phrase.strip()) + len(phrase.strip())
            break

    if not math.isfinite(value) or abs(value) > 1e300 or math.isnan(low) or math.isnan(high):
        return None  # a scale word took it past the float range: not a comparable figure
    # A year written alone is a date's business, not a quantity's.
    if (
        m.group("digits")
        and kind == "count"
        and qualifier is None
        and value == int(value)
        and 1000 <= value <= 2100
        and "," not in m.group("digits")
        and sm is None
    ):
        return None
    ratio = _ratio_phrase(text, end, value, kind, unit, sm is None and range_end is None)
    if ratio is not None:  # "one in five", "three out of four": a proportion, loose as an idiom
        frac, end = ratio
        q_lo, q_hi = {"approx": (0.85, 1.15), "lower": (1.0, 1.5), "upper": (0.0, 1.0)}.get(qualifier or "", (0.9, 1.1))
        if q_text in _NEARLY:
            q_lo, q_hi = 0.85, 1.0
        value, low, high, kind = frac, frac * q_lo, min(1.0, frac * q_hi), "fraction"
    per = _PER_UNIT.match(text, end) if kind in ("money", "measure") else None
    if per:  # "$58.24 per barrel", "$3,500 a month": one quantity, a rate
        end = per.end()
    q = Quantity(text[start:end], start, end, value, low, high, unit, entity, kind, qualifier)
    if per:
        q.extra["per"] = re.sub(r"\s+", " ", per.group("per").lower())
    _link_change(text, q, earlier)
    return q


_RATIO_AFTER = re.compile(
    rf"\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<d>\d{{1,3}}(?:,\d{{3}})*|{NUMBER_WORD_ALTERNATION})(?![\w,.]\d|[\w-])"
    r"(?!\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b)",
    re.I,
)


def _ratio_phrase(text: str, end: int, value: float, kind: str, unit: str, plain: bool) -> tuple[float, int] | None:
    """'one in five', 'three out of four', '9 in 10': (the proportion, where the phrase ends)."""
    if kind != "count" or unit != "dimensionless" or not plain or value != int(value) or value < 1:
        return None
    m = _RATIO_AFTER.match(text, end)
    if m is None:
        return None
    d = m.group("d")
    parsed = parse_digits(d) if d[0].isdigit() else parse_words(d)
    if parsed is None or parsed.value <= value or parsed.value != int(parsed.value):
        return None
    return value / parsed.value, m.end()


_NEXT_WORD = re.compile(r"[\s\u00a0-]?([A-Za-z]+)")


def _quantulum_unit(text: str, start: int, end: int, unit: str, entity: str, kind: str) -> tuple[str, str, str, int]:
    """Ask quantulum3 only when the next word is a unit it knows and our table does not."""
    nm = _NEXT_WORD.match(text, end)
    if nm is None or not unit_fallback.might_be_unit(nm.group(1)):
        return unit, entity, kind, end
    found = unit_fallback.unit_at(text, start)
    if found is None:
        return unit, entity, kind, end
    name, found_entity, found_end = found
    return name, found_entity, "measure", max(end, found_end)


@functools.cache
def _second_figure() -> re.Pattern[str]:
    """The figure after a range's joiner (compiled on first use: few sentences hold a range)."""
    return re.compile(rf"[$£€¥₹]?\s?(?P<d>{_DIGITS})|(?P<w>{_WORDS})", re.I)


def _percent_or_plain(text: str, pos: int) -> tuple[float, int, float] | None:
    """The second figure of a range: value, end offset, rounding."""
    m = _second_figure().match(text, pos)
    if not m:
        return None
    parsed = parse_digits(m.group("d")) if m.group("d") else parse_words(m.group("w"))
    if parsed is None:
        return None
    half = parsed.half_unit if m.group("d") and "." in m.group("d") else 0.0
    return parsed.value, m.end(), half


def _scale_of(text: str, pos: int) -> tuple[float, int] | None:
    sm = _SCALE_AFTER.match(text, pos)
    if not sm:
        return None
    word = sm.group("scale")
    if word.lower() in _WORD_SCALE or word.lower() in ("bn", "mn", "tn", "mln", "bln", "trn"):
        # the second figure's scale word, also for the first: '3-4 million', '37-38 mln'
        return lx.SCALE_ABBREVIATIONS.get(word.lower()) or _SCALE_VALUES[lx.folded(word)], sm.end()
    return None


def _is_score(text: str, start: int, second: tuple[float, int, float], first: float) -> bool:
    """'2-0', 'a 3-1 win', 'a 5-4 ruling': small integers joined by a dash, in game or vote talk."""
    s_value, s_end, _ = second
    if first != int(first) or s_value != int(s_value) or max(first, s_value) > 200:
        return False
    after = re.findall(r"[a-z]+", text[s_end : s_end + 30].lower())[:2]
    before = re.findall(r"[a-z]+", text[max(0, start - 30) : start].lower())[-2:]
    return bool(set(after) & lx.SCORE_CONTEXT or set(before) & lx.SCORE_CONTEXT) or (
        first >= s_value and first < 20 and after[:1] != ["per"]
    )


def _currency_before(text: str, start: int) -> tuple[str, int] | None:
    window = text[max(0, start - 6) : start]
    m = _PREFIX_CURRENCY.search(window)
    if not m:
        return None
    symbol = (m.group("sym") or m.group("code")).replace(" ", "")
    name = lx.CURRENCY_PREFIXES.get(symbol) or lx.CURRENCY_PREFIXES.get(symbol.rstrip("."))
    if name is None:
        return None
    return name, start - len(window) + m.start()


def _abbrev_is_scale(text: str, pos: int, abbrev: str, currency: tuple[str, int] | None) -> bool:
    """'$5.4m' and '25k' are scales; '5.4m' alone before a noun that is not a count is metres."""
    if abbrev in ("k", "K", "bn", "tn"):
        return True
    if currency is not None:
        return True
    following = re.match(r"\s+([a-z]+)", text[pos : pos + 20])
    if abbrev in ("m", "M") and following:
        word = following.group(1)
        return (
            word.endswith("s") and word not in lx.NOT_COUNTED and word not in ("tall", "long", "high", "deep", "wide")
        )
    return False


_PENCE_CONTEXT = re.compile(
    r"£|\b(?:shares?|price[sd]?|offer|bid|pence|penny|stock|FTSE|clos(?:ed|ing)|trad(?:ed|ing)|dividend)\b", re.I
)
"""Words that make a glued 'p' pence when no '£' comes right before the figure."""


def _has_magnitude_word(window: str) -> bool:
    """A cheap test both magnitude patterns need ('magnitude', 'Richter'), before either runs."""
    low = window.lower()  # both patterns are re.I: a lower-case test covers their ASCII words,
    # and a letter re.I folds onto ASCII ('ı', 'ſ', the Kelvin sign) sends the window to them
    return "magnitude" in low or "richter" in low or any(ch in window for ch in lx.RE_I_EXTRA)


_MAGNITUDE_BEFORE = re.compile(r"\bmagnitude[\s-]+(?:of\s+)?$", re.I)
_MAGNITUDE_AFTER = re.compile(r"[\s-]magnitude\b|\s+on\s+the\s+Richter\s+scale\b", re.I)
_SCREEN_LINES = frozenset({240, 360, 480, 576, 720, 1080, 1440, 2160, 4320})  # "1080p": video lines
_SCREEN_CONTEXT = re.compile(
    r"\b(?:video|videos|resolution|screens?|displays?|stream(?:s|ing|ed)?|cameras?|HD|TVs?|television|pixels?|"
    r"footage|monitors?|phones?|laptops?|tablets?)\b|\d{3,4}p\b.{0,20}\b(?:or|and)\s+\d{3,4}p\b",
    re.I,
)
"""Words near a glued 'p' that make a screen's line count ('1080p video') rather than pence."""


def _unit_name(um: re.Match[str] | _UnitMatch, text: str, end: int, value: float) -> str | None:
    if um.group("glued") is not None:
        symbol = um.group("glued")
        if symbol in ("C", "F") and not re.match(
            r"\s*(?:\(|,|\.|;|\)|$|\s+(?:and|or|on|in|to|at|with|while|as|but|\())", text[um.end() : um.end() + 8]
        ):
            return None
        if symbol == "s" and value >= 100:  # "1990s" are decades, handled by dates
            return None
        if symbol == "p" and (
            (value in _SCREEN_LINES and _SCREEN_CONTEXT.search(text, max(0, end - 60), end + 40))
            or ("£" not in text[max(0, end - 12) : end] and not _PENCE_CONTEXT.search(text, max(0, end - 50), end + 40))
        ):
            return None  # "1080p" video is a screen; "615p a share", "the 360p-a-share offer" are pence
        if symbol in ("in.",):
            return None
        return lx.UNIT_SYMBOLS[symbol]
    if um.group("surface") is not None:
        surface = um.group("surface").lower()
        if surface in ("pound", "pounds"):
            return None  # read as money or weight by _pounds, below
        return lx.UNIT_SURFACES.get(surface)
    if um.group("symbol") is not None:
        return lx.UNIT_SYMBOLS[um.group("symbol")]
    if um.group("currency") is not None:
        word = um.group("currency").lower()
        if word in ("pound", "pounds"):
            return _pounds(text, end)
        return lx.CURRENCY_WORDS[word]
    return None


_GLUED_UNIT = re.compile(r"(?:[kK]m|mm|cm|kg|ft|mi|lb|oz|yd|ha|mph|kph|bn|mn|tn|pp|GW|MW|kW|GB|TB|MB|hp)\b")


_MONEY_CONTEXT = re.compile(
    r"\b(?:pay|paid|cost|costs|worth|spen[dt]|fine[ds]?|price[ds]?|sell|sold|buy|bought|earn|raised?|"
    r"fund|budget|salary|wage|tax|fee|bill|loan|debt|profit|revenue|deal|invest)\w*",
    re.I,
)


_HYPHEN_POUND = re.compile(r"-pounds?\b", re.I)
_LONE_IN = re.compile(r"\s?in\b\.?(?!\s+(?:the|a|an|his|her|their|its|\d))")
_LONE_M = re.compile(r"\s?m(?![\w.])|m\.(?!\w)")
_OPEN_BRACKET = re.compile(r"\s*[(\[]\s*(?:about|around|roughly|approximately|approx\.?|some|or|c\.|~)?\s*", re.I)


def _neighbour_unit(text: str, start: int, end: int, earlier: list[Quantity]) -> tuple[str, int] | None:
    """A unit read from its neighbours: a lone 'm' after a length in brackets is metres, not
    million ('6 feet (2.02 m)'), after hours minutes ('2h 45m'); 'a 31-pound fish' is weight
    unless the sentence is about money. Returns the unit and where it ends."""
    hyphen = _HYPHEN_POUND.match(text, end)
    if hyphen:
        return _pounds(text, end), hyphen.end()
    if not earlier:
        return None
    prev = earlier[-1]
    between = text[prev.end : start]
    inches = _LONE_IN.match(text, end)
    if inches and prev.unit == "foot" and not between.strip():
        return "inch", inches.end()  # "6ft 2in", "6 ft 2 in": inches after feet
    if inches and prev.entity == "length" and prev.unit != "inch" and _OPEN_BRACKET.fullmatch(between):
        return "inch", inches.end()  # "148mm (5.8in)", "30cm (12 in)": a length's conversion in brackets
    m = _LONE_M.match(text, end)
    if m is None:
        return None
    if prev.entity == "length" and prev.unit != "metre" and _OPEN_BRACKET.fullmatch(between):
        return "metre", m.end()
    if prev.unit == "hour" and m.start() == end and re.fullmatch(r"\s*(?:and\s+)?", between):
        return "minute", m.end()
    return None


def _pounds(text: str, end: int) -> str:
    """'paid 25 pounds' is sterling; 'lost 25 pounds', 'weighs 2 pounds' is weight."""
    window = text[max(0, end - 60) : end + 30]
    return "pound sterling" if "£" in text or _MONEY_CONTEXT.search(window) else "pound-mass"


_MODEL_NAME = re.compile(  # "the/a" and a capitalised word (not a month) right before the digits
    r"\b(?:the|a|an|its|his|her|their|new|latest) "
    r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b)"
    r"(?:[A-Z][A-Za-z]*[a-z][A-Za-z]*|[a-z]+[A-Z][A-Za-z]*) $"
)
_FUNCTION_AFTER_NAME = frozenset(
    "in on at to or of for with from by was is are were has had have said which who that as than but "
    "when while after before last this next".split()
)


_PER_UNIT = re.compile(
    # "$58.24 per barrel", "9.40 dlrs-a-share", "615p in cash for each Pellham share"
    r"(?:\s+in\s+cash(?=\s+(?:for|per|a)\s))?"
    r"(?:[\s-]*(?:per|a|an|/)[\s-]*|\s+for\s+(?:each|every)\s+(?:[A-Z][\w'’-]*\s+){0,2})(?P<per>barrel|tonne|ton|month|year|week|day|hour|share|head|person|night|kilo|"
    r"kilogram|kg|pound|lb|litre|liter|gallon|ounce|oz|capita|square\s+(?:metre|meter|foot|feet)|"
    r"sq\s?m|sq\s?ft|mile|kilometre|kilometer|km|acre|hectare|unit|seat|ticket|visit|dose)s?\b"
    r"(?!\s+(?:earlier|ago|before|later|previously|prior)\b)"  # 'from 1.25 bln a year earlier'
    r"(?!(?:(?<=year)|(?<=years)|(?<=month)|(?<=months)|(?<=week)|(?<=weeks)|(?<=day)|(?<=days))\s+(?:on|from)\b)",
    re.I,
)

_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.I)
_LOWER_WORD = re.compile(r"[a-z]{2,}")
_LETTERS_DIGIT = re.compile(r"[A-Za-z]{1,2}\d")
_NUMBER_SIGN_BEFORE = re.compile(r"#\s*$|\bNo\.?\s*$|\bNos?\.\s*$")
_NUMBER_SIGN_ENDS = ("#", "No", "No.", "Nos.")  # what `_NUMBER_SIGN_BEFORE`'s matches end with, spaces aside
_LETTER_DASH_BEFORE = re.compile(r"[A-Za-z]-$")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")


def _word_before(prev: str) -> str | None:
    """`_WORD_BEFORE.search(prev).group(1)` without trying the pattern at every character: the
    spaces at the end (\\s is str.isspace, and a final newline is one), maybe one dot, and
    the whole run of ASCII letters before them (the leftmost match takes all of it)."""
    kept = prev.rstrip()
    if len(kept) == len(prev):
        return None
    if kept.endswith("."):
        kept = kept[:-1]
    start = len(kept)
    while start and kept[start - 1].isascii() and kept[start - 1].isalpha():
        start -= 1
    return kept[start:] or None


def _may_be_model_name(prev: str) -> bool:
    """A `_MODEL_NAME` match (no flags) ends with its name word, a space and the end (or a final
    newline), and that word holds an ASCII capital: anything else cannot match."""
    if not prev.endswith((" ", " \n")):
        return False
    word = prev.rstrip().rpartition(" ")[2]
    return any("A" <= ch <= "Z" for ch in word)
_LIST_MARK = re.compile(r"[.)]\s")
_AFTER_NAME = re.compile(r"\s*([%$£€]|-[a-z]|,|;|[a-z]+)")
_STREET_AFTER = re.compile(r"\s+(?:[A-Z][a-z]+\s+){1,3}([A-Za-z]+)\b")
_NAMES_JOINED_AFTER = re.compile(r"\s+[A-Z][a-z]+\s+(?:and|or)\b")


def _is_label(text: str, start: int, end: int) -> bool:
    """'Section 5', 'Flight 17', 'No. 10', 'COVID-19', '1st', list numbers, street addresses."""
    after = text[end : end + 3]
    if _ORDINAL_SUFFIX.match(after):
        return True
    unit_glued = _GLUED_UNIT.match(text, end)
    word_after = _LOWER_WORD.match(text[end : end + 12])
    identifier = _LETTERS_DIGIT.match(after) or (
        after[:1].isalpha() and after[:1] not in "kKmMbBTcCFgslhWp%" and not word_after
    )
    if identifier and not unit_glued:  # "4G", "21B": identifiers; "5km" goes to the unit table
        return True
    prev = text[max(0, start - 25) : start]
    # Each search only where a match can end: after "#"/"No"/"No."/"Nos." and spaces, or a dash.
    if prev.rstrip().endswith(_NUMBER_SIGN_ENDS) and _NUMBER_SIGN_BEFORE.search(prev):
        return True
    if prev.endswith(("-", "-\n")) and _LETTER_DASH_BEFORE.search(prev):  # COVID-19, F-35, MH-17
        return True
    w = _word_before(prev)
    if w and w.lower() in lx.ID_WORDS and (
        w[0].isupper()
        or w.lower()
        in (
            "section",
            "article",
            "chapter",
            "page",
            "pages",
            "paragraph",
            "clause",
            "flight",
            "route",
            "room",
            "platform",
            "gate",
            "number",
            "no",
            "item",
            "verse",
            "exhibit",
        )
    ):
        return not (w.lower() in ("day", "week", "game", "round", "stage") and not w[0].isupper())
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip() == "" and _LIST_MARK.match(text[end : end + 2]):
        return True
    if _may_be_model_name(prev) and _MODEL_NAME.search(prev):
        # "the Conservatives 19, the Liberal Democrats 9": a list of counts, not a name
        nxt = _AFTER_NAME.match(text[end : end + 16])
        if nxt is None or nxt.group(1) in _FUNCTION_AFTER_NAME:
            return True  # "the iPhone 11 to fans", "the Big 12 in", "Boeing 737 with": a name, not a count
    street = _STREET_AFTER.match(text[end : end + 40])
    return bool(
        street
        and street.group(1).lower() in lx.STREET_WORDS
        and not _NAMES_JOINED_AFTER.match(text[end : end + 20])
    )


_HALF_AFTER = re.compile(r"\s+(?:of|the|a|an)\b")
_HALF_BEFORE = re.compile(r"\b(?:and|the|first|second|in)\s+$")
_FRACTION_AFTER = re.compile(r"\s+(?:of|the)\b")
_PRONOUN_BEFORE = re.compile(r"\b(?:no|any|every|some|each|the|this|that|which|another|someone|no-)\s*$")
_COUNTED_AFTER = re.compile(
    r"\s+(?!of\b|another\b|who\b|that\b|which\b|thing\b|day\b|time\b|way\b|point\b|side\b|hand\b)[a-z]+"
)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|this|that|each|every)\s+$")
_NOUN_AFTER = re.compile(r"\s+(?!of\b)[a-z]+\b|-[a-z]")


def _words_are_figure(text: str, start: int, end: int, parsed: ParsedNumber) -> bool:
    """'one' as a pronoun ('one of them', 'no one'), 'second' as an ordinal, are not figures.
    (Patterns compiled once: `re.search(str)` looked each up in re's cache on every figure.)"""
    word = text[start:end].lower()
    before = text[max(0, start - 12) : start].lower()
    after = text[end : end + 15].lower()
    if parsed.is_fraction:
        if word in ("half", "a half"):
            return bool(_HALF_AFTER.match(after)) and not _HALF_BEFORE.search(before)
        if word.startswith(("a ", "an ", "one ")) and " " in word:
            return bool(_FRACTION_AFTER.match(after))
        return bool("-" in word or " " in word)
    if word in ("one", "a", "an"):
        if _PRONOUN_BEFORE.search(before):
            return False
        return bool(_COUNTED_AFTER.match(after))
    # "the seven people injured", "the five men killed" are figures; "the one", "the nine of us" not.
    # (The determiner is looked for only before a units word: the answer is the same.)
    return not (word in lx.UNITS_WORDS and _DETERMINER_BEFORE.search(before) and not _NOUN_AFTER.match(after))


_CHANGE_BEFORE = re.compile(  # 'from 40', 'from about $12m', 'up 3.8% from the $589.6 million approved'
    r"\bfrom\s+(?:the\s+|its\s+|their\s+|last\s+year['’]s\s+)?(?:about\s+|around\s+|some\s+|nearly\s+|just\s+)?"
    r"(?:[$£€¥₹]\s?)?$",
    re.I,
)
_CHANGE_TO = re.compile(
    r"^\s*(?:%|per\s?cent|percent|million|billion|bn|m|k|[a-z\s]{0,25}?)\s*to\s+(?:about\s+|around\s+|nearly\s+|some\s+|just\s+)?(?:[$£€¥₹]\s?)?$",
    re.I,
)
_UP_FROM = re.compile(
    r"^[\s,;(]*(?:[a-z]+\s+){0,3}?(?:up|down|rising|falling|compared|against|from)\b[^.;]{0,20}$", re.I
)


_BARE_END = re.compile(r"\s+to\s+")
_NO_NOUN_AFTER = re.compile(
    r"\s*(?:[,.;:)]|$|\s(?:since|in|by|after|over|last|this|a|an|the|from|at|on|for|and|but|while|as|when)\b)"
)


def _takes_unit(prev: Quantity, q: Quantity, text: str) -> bool:
    """'from 14 weeks to nine', 'to 472 mln dlrs from 400 mln': a bare end with no noun of its
    own is in the other end's unit."""
    return (
        q.kind == "count" and q.unit == "dimensionless" and q.qualifier is None
        and prev.kind in ("duration", "measure", "money") and prev.unit != "dimensionless"
        and _NO_NOUN_AFTER.match(text, q.end) is not None
    )


def _link_change(text: str, q: Quantity, earlier: list[Quantity]) -> None:
    """'from X to Y' and 'to Y from X', 'up from X': a change, not a range or a conflict."""
    before = text[max(0, q.start - 40) : q.start]
    change_before = "from" in before.lower() and _CHANGE_BEFORE.search(before) is not None
    if not earlier:
        if change_before:
            q.role = "change-from"
        return
    prev = earlier[-1]
    between = text[prev.end : q.start]
    if change_before:
        q.role = "change-from"
        if prev.role is None and _UP_FROM.match(between) and prev.unit == q.unit:
            prev.role, prev.link, q.link = "change-to", len(earlier), len(earlier) - 1
            return
        if (
            prev.role is None
            and re.search(
                r"\bto\s+(?:about\s+|around\s+)?(?:[$£€¥₹]\s?)?\S*\s*[a-z%\s]{0,25}\s*,?\s*(?:up|down)?\s*from\s+",
                text[prev.start - 6 : q.start],
            )
            and len(between) < 45
        ):
            prev.role = "change-to"
            prev.link = len(earlier)
            q.link = len(earlier) - 1
            if prev.kind == "money" and _takes_unit(prev, q, text):  # 'to 472 mln dlrs from 400 mln'
                q.unit, q.entity, q.kind = prev.unit, prev.entity, prev.kind
        return
    if prev.role == "change-from" and prev.link is None and _CHANGE_TO.match(between) and len(between) < 40:
        q.role = "change-to"
        q.link = len(earlier) - 1
        prev.link = len(earlier)
        if _BARE_END.fullmatch(between) and _takes_unit(prev, q, text):  # 'from 14 weeks to nine'
            q.unit, q.entity, q.kind = prev.unit, prev.entity, prev.kind
