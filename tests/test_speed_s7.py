"""Session 7 speed work: each shortcut gives what the long way gives (output must not move).

Every test here compares a fast path with a plain statement of what it replaces, on text or
values hypothesis makes up around the cases the shortcut is about."""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

import consistency.extract  # noqa: F401  (claims.build imports back into extraction)
from consistency.claims import build, clauses, names
from consistency.document import load_paths, segment
from consistency.document.model import Document
from consistency.document.segment import Sentence
from consistency.extract import dates, extract_document, phrases, quantities
from consistency.extract.dates import DateExpr
from consistency.store import codec

ROOT = Path(__file__).resolve().parents[1]
_ODD = ["İ", "ı", "ſ", "\u212a", "\u00a0", "\u2009", "\n", "\t", "é", "Σ"]


# --- names ----------------------------------------------------------------------------------

_OPENER = re.compile(r"(?:^|[.!?:\"“—]|(?<=[\s)])[-–]|\n)\s*$")


def _names_long_way(text: str, seen: frozenset[str]) -> list[tuple[int, int, str]]:
    """`names._names` as session 6 wrote it (with the regex subs)."""
    out = []
    for m in names._RUN.finditer(text):
        offset = m.start()
        run = m.group(0)
        if _OPENER.search(text[max(0, offset - 12) : offset]):
            first, _, rest = run.partition(" ")
            ordinary = (names._is_word(first) and names._POSSESSIVE.sub("", first) not in seen
                        and not names._org_named(run))  # session 8: 'Castor Industrial' keeps its first word
            if ordinary and (not rest or rest.startswith(("of ", "de ")) or names._is_word(rest.split()[0])):
                rest = rest[3:] if rest.startswith(("of ", "de ")) else rest
                if not rest:
                    continue
                offset += len(run) - len(rest)
                run = rest
        for part in names._AFTER_POSSESSIVE.split(run) if "'" in run or "’" in run else (run,):
            dateline = part[:2].isupper() and names._DATELINE.fullmatch(part) is not None
            name = names._clean_uncached(part) if not dateline else None
            if name is not None:
                start = offset + part.replace("’", "'").find(name.split()[0])
                out.append((start, start + len(name), name))
            offset += len(part) + 1
    return out


_NAME_WORDS = [
    "Flash", "Floods", "Opponents", "Bramhall", "Talvora's", "Talvora’s", "Orsk", "Police", "Chief", "The",
    "BROOKFIELD", "NEW", "YORK", "J.", "St.", "of", "de", "and", "the", "Mr", "Smith", "Church", "Christmas",
    "Monday", "US", "UK", "A", "I", "O'Neil", "Moreau", "who", "said", "in", "Kelham", "Greens", "District",
]  # fmt: skip


def _name_text() -> st.SearchStrategy[str]:
    glue = st.sampled_from([" ", " ", "  ", "\t", ". ", ", ", ": ", '"', "“", "\n", "\n\n", "-", *_ODD])
    return st.lists(st.tuples(st.sampled_from(_NAME_WORDS), glue), min_size=1, max_size=14).map(
        lambda p: "".join(a + b for a, b in p)
    )


@settings(max_examples=600, deadline=None)
@given(_name_text(), st.sets(st.sampled_from([*_NAME_WORDS, "Talvora"]), max_size=6))
def test_names_are_the_long_way(text: str, seen: set[str]) -> None:
    """With the possessive cuts done by string tests, every name at its offsets is the same."""
    seen_words = frozenset(seen)
    assert names._names(text, seen_words) == _names_long_way(text, seen_words)


# --- codec: the extraction JSON written as text ------------------------------------------


class _Flag(enum.IntEnum):
    ON = 1


class _Text(str):
    pass


_plain = st.one_of(
    st.text(alphabet=st.sampled_from(["a", "é", '"', "\\", "\n", "\x00", "\ud800", "💡", "$", " "]), max_size=6),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.just(_Flag.ON),
    st.builds(_Text, st.text(max_size=3)),
)


def _records(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.builds(Sentence, inner, inner, inner, inner, inner),
        st.builds(DateExpr, inner, inner, inner, inner, inner, inner),
    )


_values = st.recursive(
    _plain,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(st.sampled_from(["a", "$c", "$x", "k", "é"]), inner, max_size=3),
        st.dictionaries(st.integers(0, 3), inner, max_size=2),
        st.frozensets(st.integers(0, 5), max_size=3),
        _records(inner),
    ),
    max_leaves=20,
)


def _long_way(value: object) -> str:
    return codec._DUMPS(codec._encode(value))


@settings(max_examples=800, deadline=None)
@given(_values)
def test_codec_text_is_the_encoder_output(value: object) -> None:
    """`_text` writes what encoding to nested lists and dicts and then JSON gives, for any
    mix of the types an extraction holds (and subclasses, infinities, odd strings), or fails
    with the same error."""
    try:
        expected = _long_way(value)
    except (codec.CodecError, ValueError) as err:
        try:
            codec._text(value)
        except type(err):
            return
        raise AssertionError("the long way failed, the fast one did not") from None
    assert codec._text(value) == expected


def test_codec_dumps_is_the_long_way_on_real_extractions() -> None:
    folders = [str(ROOT / "seeds"), str(ROOT / "benchmarks" / "variants")]
    docs = [d for d in load_paths(folders) if isinstance(d, Document)]
    assert docs
    for doc in docs:
        for ref in (None, dt.date(2024, 6, 1)):
            ex = extract_document(doc, ref)
            text = codec.dumps(ex)
            assert text == codec.slow_dumps(ex)
            assert codec.dumps(codec.loads(text)) == text


def test_codec_special_floats() -> None:
    for value in (math.inf, -math.inf, math.nan, 0.1, -0.0, 1e300):
        assert codec._text(value) == _long_way(value)
        assert codec._text([value, (value,)]) == _long_way([value, (value,)])
    assert codec._text(dt.date(2024, 2, 29)) == '{"$d":"2024-02-29"}'


# --- clauses: the boundary pattern tried only where a match can start ------------------------

_CLAUSE_WORDS = [
    "while", "whereas", "compared with", "compared to", "but", "and the", "and A", "and", "with", "which",
    "When", "While", "x", "27", "injured",
]  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_CLAUSE_WORDS),
            st.sampled_from([" ", "  ", ", ", ",  ", " ; ", ";", " ;", ": ", ":", " — ", "—", " – ", " -- ", "--",
                             "\t", "\n", " \u00a0", "\u2009", ",", "-", *_ODD]),
        ),
        max_size=10,
    ).map(lambda p: "".join(a + b for a, b in p))
)
def test_clause_boundaries_are_finditer(sentence: str) -> None:
    old = [m.span() for m in clauses._BOUNDARY.finditer(sentence)]
    assert [m.span() for m in clauses.boundaries(sentence)] == old


# --- dates: relative phrases found from the unit after them -----------------------------------

_REL_WORDS = [
    "last", "Last", "this", "This", "next", "past", "coming", "Coming", "earlier", "Earlier", "later", "early",
    "late", "in", "the", "The", "previous", "following", "week", "weekend", "weeks", "month", "year", "midyear",
    "morning", "afternoon", "evening", "today", "Today", "yesterday", "tomorrow", "Tonight", "xlast", "5",
]  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_REL_WORDS), st.sampled_from([" ", "  ", "\n", "\t", "", ", ", ".", "-", *_ODD])),
        max_size=10,
    ).map(lambda p: "".join(a + b for a, b in p))
)
def test_relative_starts_hold_every_match(text: str) -> None:
    pattern = dict(dates._PATTERNS)["relative"].compiled
    index = dates._Starts(text)
    starts = set(index.of("relative"))
    assert {i for i in range(len(text)) if pattern.match(text, i)} <= starts
    assert [m.span() for m in dates._matches(pattern, text, index.of("relative"))] == [
        m.span() for m in pattern.finditer(text)
    ]


_DASH_PIECES = ["-", "--", "5", "٣", "x", " ", "2024-06-01", "-5", "5-", "Monday", "Sunday", "Mon", "day", "Fri", *_ODD]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_DASH_PIECES), max_size=10).map("".join))
def test_literal_needs_and_starts_are_the_old_patterns(text: str) -> None:
    """`str.find` for the ISO needs and the day names gives the old alternations' answers."""
    assert (dates.NEEDS["iso"].search(text) is not None) == (re.search(r"\d-\d", text) is not None)
    day = re.compile("(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")
    assert (dates.NEEDS["weekday"].search(text) is not None) == (day.search(text) is not None)
    assert dates._Starts(text)._where("weekday") == [m.start() for m in day.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["'", "’", "s", "S", "x", "\n", " ", "'s", "’s"]), max_size=6).map("".join))
def test_possessive_cuts_are_the_subs(word: str) -> None:
    assert names._unpossessive(word) == names._POSSESSIVE.sub("", word)
    assert names._cut_end(word, ("'s",), 2) == names._APOSTROPHE_S.sub("", word)
    assert names._cut_end(word, ("'",), 1) == names._APOSTROPHE.sub("", word)


_DATE_WORDS = [
    "March", "Mar.", "May", "June", "Jan", "5", "5th", "31", "2024", "1999", "1850", "2100", "12019", "Friday",
    "Friday,", "Mon.", "the", "The", "early", "late", "night", "evening", "first", "week", "last", "of", "end",
    "turn", "spring", "fall", "summer", "winter", "this", "This", "next", "the coming", "the past", "day", "days",
    "weeks", "month", "years", "ago", "earlier", "before", "a", "A", "couple", "few", "three", "Several", "٣",
    "noon", "NOON", "Midnight", "mİdnight", "mıdday", "midday", "3pm", "3 p.m.", "10:30", "7 o'clock", "at",
    "x", "_", "é", "'s", "per", "%",
]  # fmt: skip
_DATE_GLUE = [" ", "  ", "", ", ", ",", ".", "-", "\n", "\t", "/", ":", *_ODD]


@settings(max_examples=1500, deadline=None)
@example("On Friday, the night of March 5, 2024, and Friday, March 6")
@example("the early first week of June 3 and late last week of May 2; Friday, the late last week of the June 4")
@example("this spring, the coming winter, a couple of weeks ago, 3 days earlier, in 2019 and at 10:30 or NOON")
@given(st.lists(st.tuples(st.sampled_from(_DATE_WORDS), st.sampled_from(_DATE_GLUE)), max_size=9).map(
    lambda p: "".join(a + b for a, b in p)
))
def test_new_date_starts_hold_every_match(text: str) -> None:
    """The "md", "season", "ago" (and "relative") patterns, tried only at their candidate
    starts, find what their full scans find."""
    patterns = dict(dates._PATTERNS)
    index = dates._Starts(text)
    for kind in ("md", "season", "ago", "relative"):
        pattern = patterns[kind].compiled
        starts = index.of(kind)
        assert {i for i in range(len(text)) if pattern.match(text, i)} <= set(starts), kind
        assert [m.span() for m in dates._matches(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]


_DM_OLD = re.compile(r"\d(?:st|nd|rd|th)?(?:\s+of)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")


@settings(max_examples=1500, deadline=None)
@example("the 5th of  March, 3 - 4 June, 1st–2nd, 10 -x, of March, 5of May, proof Jan")
@given(st.lists(st.sampled_from(
    ["5", "٣", "1st", "2nd", "th", "st", "of", "proof", "March", "Jan", "May", "Dec", "-", "–", "—", "t", "d", "h",
     "x", " ", "  ", "\n", "\u00a0", ",", *_ODD]
), max_size=10).map("".join))
def test_day_before_month_needs_is_the_old_search(text: str) -> None:
    assert (dates._DayBeforeMonth().search(text) is not None) == (_DM_OLD.search(text) is not None)


# --- segment: the boundary pattern's two branches scanned apart --------------------------------


@settings(max_examples=1500, deadline=None)
@example("He left. She stayed!\n\n  \nThen “Go.” (Yes.) 3.5 \n\n\nEnd…  A")
@given(st.lists(st.sampled_from(
    [".", "!", "?", "…", '"', "'", "”", "’", ")", "]", "“", "‘", "(", "[", " ", "  ", "\n", "\n\n", "\n \n", "\t",
     "A", "Z", "5", "a", "x", "Mr", "\u00a0", "\u2029", *_ODD]
), max_size=14).map("".join))
def test_sentence_boundaries_are_the_alternation(text: str) -> None:
    assert [m.span() for m in segment.boundaries(text)] == [m.span() for m in segment._BOUNDARY.finditer(text)]


def test_speech_words_are_the_speech_verb_pattern() -> None:
    assert "|".join(phrases._SPEECH_WORDS) == phrases._SPEECH_VERB.pattern and phrases._SPEECH_VERB.flags == re.U


@settings(max_examples=800, deadline=None)
@example("3 days ago, a week before, two years earlier, the month before last, Monday ago")
@given(st.lists(st.sampled_from(
    ["day", "days", "week", "weeks", "month", "year", "ago", "earlier", "before", "Day", "today", "3", "a", " ", "  ",
     "\n", "s", "x", *_ODD]
), max_size=10).map("".join))
def test_gated_ago_tried_at_its_units_is_the_search(text: str) -> None:
    needs = dates.NEEDS["ago"]
    assert (needs.search(text) is not None) == (needs.pattern.search(text) is not None)


# --- claims: the head patterns searched only where their match can end ----------------------

_HEAD_WORDS = [
    "the", "The", "THE", "those", "these", "all", "all of the", "its", "their", "of", "of the", "of its", "a", "an",
    "was", "stood at", "at", "to", "reached", "is", "number", "total", "toll", "tally", "count", "death", "roughly",
    "some", "about", "an estimated", "more than", "at least", "fewer than", "just", "same", "attendance", "killed",
    "thoſe", "ſome", "\u212a", "$", "£", "€", "¥", "₹", "5", "x", "-", ",",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@example("the death toll stood at about $")
@example("bringing the total number of arrests since Friday to at least ")
@example("of their estimated ")
@example("the ſome \u212a x")
@given(st.lists(st.tuples(st.sampled_from(_HEAD_WORDS), st.sampled_from([" ", "  ", "\n", "\t", "", " \n"])),
                max_size=8).map(lambda p: "".join(a + b for a, b in p)))
def test_head_patterns_need_their_last_word(head: str) -> None:
    """Every match of the three head patterns ends with one of their last words (so skipping
    the search when the head's last word is none of them changes nothing)."""
    last = build._last_word(head)
    for pattern, words in ((build._DEFINITE, build._DEFINITE_LAST), (build._NOUN_OF, build._NOUN_OF_LAST),
                           (build._RUNNING_TOTAL, build._RUNNING_TOTAL_LAST)):
        if pattern.search(head):
            assert last is None or last in words, (pattern.pattern[:30], head)


# --- quantities: the label tests' words before a figure without a regex scan --------------------


@settings(max_examples=1500, deadline=None)
@example("the iPhone \n")
@example("Section. ")
@example("abc.. ")
@given(st.lists(st.sampled_from(
    ["the", "a", "its", "new", "latest", "iPhone", "Boeing", "Big", "March", "No", "Section", "flight", "x", ".",
     "..", " ", "  ", "\n", "\t", "é", "5", "-", *_ODD]
), max_size=8).map("".join))
def test_label_shortcuts_are_the_patterns(prev: str) -> None:
    old = quantities._WORD_BEFORE.search(prev)
    assert quantities._word_before(prev) == (old.group(1) if old else None)
    if quantities._MODEL_NAME.search(prev):
        assert quantities._may_be_model_name(prev)
