"""Split prose into sentences and find quoted speech, keeping offsets.

Our own splitter, not pysbd: pysbd runs at ~43 KB/s here, two orders of magnitude under the
throughput budget, and news copy needs only a few rules (abbreviations, initials, decimals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "st",
        "mt",
        "ft",
        "jr",
        "sr",
        "co",
        "corp",
        "inc",
        "ltd",
        "no",
        "nos",
        "vs",
        "etc",
        "approx",
        "est",
        "dept",
        "univ",
        "ave",
        "rd",
        "blvd",
        "fig",
        "vol",
        "pp",
        "ch",
        "sec",
        "art",
        "al",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "a.m",
        "p.m",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
    ]
)

MAX_SENTENCE_CHARS = 2000
"""Longest stretch read as one sentence. News sentences are under 500 characters; a longer
one is a table, a list or junk, and every per-sentence step (figure pairs, the words around
a figure) costs more than linearly in sentence size. A longer sentence is read in pieces,
and the report says so (Sentence.cut)."""

MAX_SENTENCE_FIGURES = 64
"""Most figures in one piece: pairs of figures inside a sentence are compared, so this caps
that work at 64 x 64 a piece however the figures are packed."""

_FIGURE = re.compile(
    r"\d+(?:[.,]\d+)*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen)\b",
    re.I,
)
_PIECE_BREAKS = ("\n", "; ", ", ", " ")

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")
# Its two branches apart: each opens with what the engine skips to fast (a stop, a line
# break), which the alternation did not; their matches never overlap (stops and closing
# marks against spaces), so merged in order they are the alternation's (a test checks).
_STOP = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"\n\s*\n")
# An opening mark ends a candidate (“[^”“]*”): a run of unclosed quotes must not make the
# scan quadratic.
_QUOTE = re.compile(r"“[^”“]*”|\"[^\"\n]*\"|‘[^’‘\n]{8,}’(?!\w)")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    cut: bool = False  # a piece of an over-long sentence (MAX_SENTENCE_CHARS, MAX_SENTENCE_FIGURES)


def boundaries(text: str) -> list[re.Match[str]]:
    """`_BOUNDARY.finditer(text)`, from its two branches' scans (paragraph breaks are few)."""
    stops = list(_STOP.finditer(text))
    if "\n" not in text:
        return stops
    breaks = list(_PARAGRAPH.finditer(text))
    if not breaks:
        return stops
    return sorted(stops + breaks, key=re.Match.start)


def sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    for match in boundaries(text):
        if match.group(0)[0] == "." and _is_abbreviation(text, match.start()):
            continue
        end = match.end()
        _emit(text, start, end, out)
        start = end
    _emit(text, start, len(text), out)
    return out


_LONGEST_ABBREVIATION = max(6, *map(len, ABBREVIATIONS))  # dotted acronyms count up to 6


def _is_abbreviation(text: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
        if dot - word_start > _LONGEST_ABBREVIATION:
            return False  # longer than any abbreviation, initial or dotted acronym
    word = text[word_start:dot].lower()
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    if word_start > 0 and text[word_start - 1].isdigit() and "." not in word:
        return False  # a unit glued to its figure ('to 573p.', 'reached 40C.'), not an initial
    # Single initials ("John F. Kennedy") and dotted acronyms ("U.S.").
    return len(word) == 1 or ("." in word and len(word) <= 6)


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = chunk.find(stripped[0])  # only spaces come before the first character that is none
    s = start + lead
    e = s + len(stripped)
    if e - s <= MAX_SENTENCE_FIGURES * 2 or (e - s <= MAX_SENTENCE_CHARS and not _crowded(text, s, e)):
        out.append(Sentence(len(out), s, e, stripped))  # text[s:e]
        return
    for ps, pe in _pieces(text, s, e):
        out.append(Sentence(len(out), ps, pe, text[ps:pe], cut=(ps, pe) != (s, e)))


_DIGIT_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")  # _FIGURE's first branch
_FIGURE_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion trillion dozen".split()
)  # _FIGURE's second branch
_WORD_RUN = re.compile(r"\w+")


def _ascii_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _crowded(text: str, start: int, end: int) -> bool:
    """More than MAX_SENTENCE_FIGURES _FIGURE matches in [start, end)?

    Counted as digit figures plus number words: the two branches never overlap (digits and
    letters), so _FIGURE finds exactly their union; and a number word between word
    boundaries is a whole run of word characters, so a set lookup per run replaces the
    case-insensitive alternation _FIGURE tries at every character. Text with non-ASCII
    letters (which re.I may fold onto ASCII ones) is left to _FIGURE itself."""
    digits = len(_DIGIT_FIGURE.findall(text, start, end))
    if digits + (end - start + 1) // 4 <= MAX_SENTENCE_FIGURES:
        return False  # number words are 3+ letters with a break between: not enough room for more
    if not text[max(0, start - 1) : end].isascii():
        return any(i >= MAX_SENTENCE_FIGURES for i, _ in enumerate(_FIGURE.finditer(text, start, end)))
    runs = _WORD_RUN.findall(text, start, end)
    if runs and start and _ascii_word_char(text[start - 1]) and _ascii_word_char(text[start]):
        runs = runs[1:]  # the tail of a word begun before `start`: no boundary, no match there
    words = sum(map(_FIGURE_WORDS.__contains__, map(str.lower, runs)))
    return digits + words > MAX_SENTENCE_FIGURES


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut [start, end) into pieces of at most MAX_SENTENCE_CHARS characters and
    MAX_SENTENCE_FIGURES figures, at a line break, semicolon, comma or space when there is
    one (never inside a word). Linear in the length."""
    out: list[tuple[int, int]] = []
    s = start
    while s < end:
        limit = min(end, s + MAX_SENTENCE_CHARS)
        for i, m in enumerate(_FIGURE.finditer(text, s, limit)):
            if i == MAX_SENTENCE_FIGURES:
                limit = m.start()
                break
        if limit >= end:
            out.append((s, end))
            break
        cut = -1
        for mark in _PIECE_BREAKS:
            found = text.rfind(mark, s, limit)
            if found > s:
                cut = found + len(mark)
                break
        if cut <= s:
            cut = limit
        piece = text[s:cut]
        pe = s + len(piece.rstrip())
        if pe > s:
            out.append((s, pe))
        s = cut
        while s < end and text[s].isspace():
            s += 1
    return out


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted speech: curly or straight double quotes, long single-quoted runs."""
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text)]


def document_quotes(doc: object) -> list[tuple[int, int]]:
    """`quote_spans(doc.text)`, scanned once per document: the claims builder and four
    readers of the rules ask for it. Kept on the document with the text it was read from
    (a document whose text is replaced is scanned again); each caller gets its own list."""
    store = doc.__dict__
    text = doc.text  # type: ignore[attr-defined]
    kept = store.get("_quote_spans")
    if kept is None or kept[0] is not text:
        kept = store["_quote_spans"] = (text, tuple(quote_spans(text)))
    return list(kept[1])
