"""Proper names in copy: people, places and organisations, as plain strings.

A light, lexicon-driven layer (no statistical model): capitalised word runs, minus words that
are capitalised for other reasons (sentence openers, weekdays, titles, page boilerplate),
with possessives cut ("Talvora's" -> "Talvora"). Places are names after a locative
preposition ("in Ardley", "the town of Vessen").
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from consistency.claims import lexicon
from consistency.claims.cache import per_document

if TYPE_CHECKING:
    from consistency.extract.pipeline import Extraction

_NAME_WORD = r"(?:[A-Z]\.|St\.|[A-Z][\w’'&-]*)"  # an initial, "St.", or a capitalised word
# The first word opens with its capital, the word boundary checked behind it ("\b" first left
# the engine no character to skip to: it tried the whole pattern at every position). The three
# ways a name word goes on after its capital are _NAME_WORD's, in its order.
_NAME_WORD_REST = r"(?:\.|(?<=S)t\.|[\w’'&-]*)"
_RUN = re.compile(
    rf"[A-Z](?<=\b[A-Z]){_NAME_WORD_REST}"
    rf"(?:[ \t]+(?:(?:of|de|del|da|van|von|der|la|le|al|bin|upon)[ \t]+)?{_NAME_WORD}){{0,4}}"
)
_RUN_USUAL = re.compile(
    rf"[A-Z](?<=\b[A-Z])(?:(?<=[^\s.!?:\"“—\-–] [A-Z])())?{_NAME_WORD_REST}"
    rf"(?:[ \t]+(?:(?:of|de|del|da|van|von|der|la|le|al|bin|upon)[ \t]+)?{_NAME_WORD}){{0,4}}"
)
"""`_RUN`, and group 1 (empty) where the run stands in `_names`'s usual place: one space after a
character that is no space, opening mark or dash (`_OPENER_MARKS`, `_SPACED_DASHES`), so it
opens no sentence. The test is a lookbehind behind the capital, as `_RUN`'s word boundary is:
the same runs, and no slicing and comparing in Python for each (tests hold both to the old way)."""
_RUN_PLAIN = rf"\b{_NAME_WORD}(?:[ \t]+(?:(?:of|de|del|da|van|von|der|la|le|al|bin|upon)[ \t]+)?{_NAME_WORD}){{0,4}}"
"""The pattern `_RUN` is written from (the tests hold them to the same matches)."""
_OPENER = re.compile(r"(?:^|[.!?:\"“—]|(?<=[\s)])[-–]|\n)\s*$")
_APOSTROPHE_S = re.compile(r"'s$")
_APOSTROPHE = re.compile(r"'$")
_POSSESSIVE = re.compile(r"['’]s$")
_AFTER_POSSESSIVE = re.compile(r"(?<=['’]s)\s+")


def _cut_end(word: str, ends: tuple[str, ...], size: int) -> str:
    """`re.sub(END + "$", "", word)` for an END that is one of `ends` (each `size` long):
    taken off the end, or off before a final newline, where `$` also matches."""
    if word.endswith(ends):
        return word[:-size]
    if word.endswith("\n") and word[:-1].endswith(ends):
        return word[: -size - 1] + "\n"
    return word


def _unpossessive(word: str) -> str:
    """`_POSSESSIVE.sub("", word)` without a regex call (a run's words, once each)."""
    return _cut_end(word, ("'s", "’s"), 2)
_ARTICLE_AT_END = re.compile(r"\b(?:the|a)\s*$")


_DIRECTION = re.compile(r"\b(?:north|south|east|west|central|north-?(?:east|west)|south-?(?:east|west))(?:ern)?\s*$")
_DIRECTION_ENDS = ("north", "south", "east", "west", "central", "ern")  # how a _DIRECTION match ends


@lexicon.derived
def _data() -> tuple[frozenset[str], tuple[str, ...]]:
    data = lexicon.load("linking")
    not_names = frozenset(str(w) for w in data.get("not_names") or [])
    before = tuple(sorted((str(w).lower() for w in data.get("place_before") or []), key=len, reverse=True))
    return not_names, before


@lexicon.derived
def _place_words_by_end() -> dict[str, tuple[str, ...]]:
    """The place_before words indexed by their last character: a head can only end with a
    word that ends in its own last character, so `places` tests a few words, not all."""
    index: dict[str, list[str]] = {}
    for word in _data()[1]:
        index.setdefault(word[-1:], []).append(word)
    return {end: tuple(words) for end, words in index.items()}


@lexicon.derived
def _memo() -> dict[tuple[str, frozenset[str]], list[tuple[int, int, str]]]:
    """names() answers for the configured packs: a claims builder asks for the names of one
    clause once per figure in it, and `_clean` sees the same runs in every article."""
    return {}


@lexicon.derived
def _clean_memo() -> dict[str, str | None]:
    return {}


def _clean(run: str) -> str | None:
    memo = _clean_memo()
    if run not in memo:
        if len(memo) > 100_000:
            memo.clear()
        memo[run] = _clean_uncached(run)
    return memo[run]


def _clean_uncached(run: str) -> str | None:
    not_names, _ = _data()
    words = [_cut_end(w, ("'s",), 2) for w in run.replace("’", "'").split()]  # _APOSTROPHE_S.sub("", w)
    while words and words[0].rstrip(".,") in not_names:
        words = words[1:]
    while words and (words[-1].rstrip(".,") in not_names or words[-1].lower() in ("of", "and", "de", "the")):
        words = words[:-1]
    if not words:
        return None
    name = " ".join(words).rstrip(".,")
    name = _cut_end(name, ("'",), 1)  # _APOSTROPHE.sub("", name)
    if len(name) < 2 or (name.isupper() and len(name) <= 2):
        return None
    return name


_DATELINE = re.compile(r"[A-Z][A-Z .'-]{3,}")  # "BROOKFIELD", "NEW YORK": a dateline, not a name in copy
# "(?<=[a-z,;] )[A-Z]…" opening with the capital, so the engine skips fast to each capital
_INSIDE = re.compile(r"[A-Z](?<=[a-z,;] [A-Z])[\w’'-]+")


def capitalised_in(doc: object) -> frozenset[str]:
    """`capitalised_inside` of a document's text, computed once per document (the claims
    builder and event linking both need it)."""
    store = doc.__dict__
    if "_capitalised_inside" not in store:
        store["_capitalised_inside"] = capitalised_inside(doc.text)  # type: ignore[attr-defined]
    return store["_capitalised_inside"]


def capitalised_inside(text: str) -> frozenset[str]:
    """Words a text capitalises in mid-sentence: those are names even when they open one
    ('Moreau, who won …' after 'Sylvie Moreau')."""
    # each distinct word once; a match is word characters and apostrophes, never a newline
    return frozenset(w[:-2] if w.endswith(("'s", "’s")) else w for w in set(_INSIDE.findall(text)))


def names(text: str, seen: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """(start, end, name) of every proper name in text; `seen` holds the words the whole
    document capitalises mid-sentence (see `capitalised_inside`)."""
    if len(text) > 2000 or "\n\n" in text:
        # a whole article (paragraphs): asked once, not worth keeping, and a memo keyed by a
        # whole text would serve only a corpus that repeats its articles word for word
        return _names(text, seen)
    memo = _memo()
    key = (text, seen)
    found = memo.get(key)
    if found is None:
        if len(memo) > 4096:
            memo.clear()
        found = memo[key] = _names(text, seen)
    return list(found)


_OPENER_MARKS = frozenset('.!?:"“—')
_SPACED_DASHES = frozenset("-–")  # after a space or a bracket: a dateline's 'SANTA LUZ, May 4 (Wire) - Floods …'


def _opens(window: str) -> bool:
    """`_OPENER.search(window)`: only spaces after an opening mark, a line break or the window's
    start (re's \\s and str.isspace are the same characters, so rstrip takes what \\s* takes)."""
    kept = window.rstrip()
    if not kept or kept[-1] in _OPENER_MARKS or "\n" in window[len(kept) :]:
        return True
    return kept[-1] in _SPACED_DASHES and len(kept) > 1 and (kept[-2].isspace() or kept[-2] == ")")


def _names(text: str, seen: frozenset[str]) -> list[tuple[int, int, str]]:
    out = []
    parts_of = _run_parts_memo()
    for m in _RUN_USUAL.finditer(text):
        offset = m.start()
        run = m.group(0)
        # `_opens` of the 12 characters before the run, answered at once in the usual case: one
        # space after a character that is no opening mark, dash or space (so no line break),
        # which the pattern's group 1 marks
        if m.group(1) is None and _opens(text[max(0, offset - 12) : offset]):
            # A sentence opener is capitalised anyway: "Opponents of Bramhall", "Flash floods".
            first, _, rest = run.partition(" ")
            ordinary = _is_word(first) and _unpossessive(first) not in seen and not _org_named(run)
            if ordinary and (not rest or rest.startswith(("of ", "de ")) or _is_word(rest.split()[0])):
                rest = rest[3:] if rest.startswith(("of ", "de ")) else rest
                if not rest:
                    continue
                offset += len(run) - len(rest)
                run = rest
        found = parts_of.get(run)
        if found is None:
            if len(parts_of) > 100_000:
                parts_of.clear()
            found = parts_of[run] = _run_parts(run)
        for start, end, name in found:
            out.append((offset + start, offset + end, name))
    return out


@lexicon.derived
def _run_parts_memo() -> dict[str, tuple[tuple[int, int, str], ...]]:
    """`_run_parts` answers: the same runs come back in every article."""
    return {}


def _run_parts(run: str) -> tuple[tuple[int, int, str], ...]:
    """The names in one capitalised run (its opener already cut), at offsets in the run."""
    out = []
    offset = 0
    # "Talvora's Orsk province": a possessive ends one name and starts another.
    for part in _AFTER_POSSESSIVE.split(run) if "'" in run or "’" in run else (run,):
        dateline = part[:2].isupper() and _DATELINE.fullmatch(part) is not None  # it opens with 2 capitals
        name = _clean(part) if not dateline else None
        if name is not None:
            start = offset + part.replace("’", "'").find(name.split()[0])
            out.append((start, start + len(name), name))
        offset += len(part) + 1
    return tuple(out)


@lexicon.derived
def _org_heads() -> frozenset[str]:
    """Head words of organisations and places (people lexicon `place_heads`)."""
    return frozenset(str(w).lower() for w in lexicon.load("people").get("place_heads") or [])


def _org_named(run: str) -> bool:
    """'Castor Industrial', 'Harrow Foods': a run of two or more words ending in an organisation's
    head word names that organisation even when it opens a sentence and its words are English."""
    words = run.split()
    return len(words) >= 2 and _unpossessive(words[-1]).rstrip(".,").lower() in _org_heads()


@lexicon.derived
def _venues() -> frozenset[str]:
    return frozenset(str(w) for w in lexicon.load("linking").get("venue_words") or [])


@functools.lru_cache(maxsize=8192)
def _is_word(word: str) -> bool:
    """An ordinary English word (in the lemmatiser's dictionary), not a name."""
    from consistency.extract.lemmas import is_known

    low = _unpossessive(word).lower()
    return low.isalpha() and is_known(low)


def is_common_noun(word: str) -> bool:
    """A dictionary word that is not a function word (for headline terms)."""
    return _is_word(word) and word.lower() not in _FUNCTION_WORDS


_FUNCTION_WORDS = frozenset(
    "about above after again against among around because before behind below between could during "
    "every first from have into itself later might never other over since still their there these "
    "those through under until where which while within without would years after amid".split()
)


def generic(name: str) -> bool:
    """A one-word name that is also an ordinary word ('Christmas', 'Church'): weak evidence."""
    return " " not in name and _is_word(name)


def places(text: str, seen: frozenset[str] = frozenset()) -> list[str]:
    """Names that follow a locative word: 'in Ardley', 'the town of Vessen', 'near Berel';
    not venues ('at Radford Crown Court', 'to St Mary's Hospital')."""
    by_end = _place_words_by_end()
    anywhere = by_end.get("", ())  # an empty word (a pack's slip) ends every head
    venues = _venues()
    out = []
    for start, end, name in names(text, seen):
        following = text[end : end + 14].split()
        if following and following[0].strip(".,;:'’s") in venues:
            continue
        head = text[max(0, start - 24) : start].lower().rstrip()
        if head.endswith(("the", "a")):  # what _ARTICLE_AT_END can take off a stripped head
            head = _ARTICLE_AT_END.sub("", head).rstrip()
        if head.endswith(_DIRECTION_ENDS):
            head = _DIRECTION.sub("", head).rstrip()  # "in western Talvora"
        before = by_end.get(head[-1:], ()) + anywhere if head else anywhere
        if not head.endswith(before):  # one C call; most heads end with no place word at all
            continue
        if any(head.endswith(w) and (len(head) == len(w) or not head[-len(w) - 1].isalpha()) for w in before):
            out.append(name)
    return out


def features(name: str) -> list[str]:
    """A name and, for a multi-word name, its last word ('Adil Rahimov' -> + 'Rahimov')."""
    words = [w for w in name.split() if w[:1].isupper()]
    if len(words) > 1 and len(words[-1]) > 2 and not _is_word(words[-1]):
        return [name, words[-1]]
    return [name]


_IN_PLACE = re.compile(
    r"(?<![\w'’-])(?P<inner>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})\s+in\s+(?:the\s+)?"
    r"(?P<outer>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"
)


@per_document
def place_containers(ex: Extraction) -> dict[str, frozenset[str]]:
    """Which of an article's places it says lie in which ('the village of Orsk in the Besk
    valley': Orsk in Besk). Only names the article itself uses as places count."""
    known = sorted({p for c in ex.claims for p in (*c.places, *c.event_places)}, key=lambda p: (-len(p), p))
    if len(known) < 2:
        return {}  # the longest name that fits is taken, in a fixed order (no set order, no hash seed)
    out: dict[str, set[str]] = {}
    for m in _IN_PLACE.finditer(ex.document.text):
        inner = next((p for p in known if m.group("inner").endswith(p)), None)
        outer = next((p for p in known if m.group("outer").startswith(p)), None)
        if inner and outer and inner != outer:
            out.setdefault(inner, set()).add(outer)
    return {k: frozenset(v) for k, v in out.items()}
