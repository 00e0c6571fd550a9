"""Prefilters and rewritten patterns of the extraction pass give what the plain patterns give
(speed work: the output must not move). Each cheap test is a necessary condition for the
pattern it guards, or its exact answer."""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.extract import dates
from consistency.extract import lexicon as lx
from consistency.extract import quantities as q

_ODD = ["İ", "ı", "ſ", "\u212a", "\u00a0", "\u2009", "\n", "\t", "é", "Σ"]
"""Characters re.I folds onto ASCII letters, spaces other than " ", and other non-ASCII."""


def _pieces(words: list[str]) -> st.SearchStrategy[str]:
    """Text made of the words a pattern is about, in any case, with odd characters between."""
    word = st.sampled_from(words).flatmap(lambda w: st.sampled_from([w, w.upper(), w.title(), w.lower()]))
    glue = st.sampled_from(["", " ", "  ", "-", ".", ",", ", ", "5", "x", "(", *_ODD])
    return st.lists(st.tuples(word, glue), min_size=1, max_size=8).map(lambda p: "".join(a + b for a, b in p))


# --- quantities --------------------------------------------------------------------------


_UNIT_WORDS = sorted({*lx.UNIT_SURFACES, *lx.UNIT_SYMBOLS, *lx.CURRENCY_WORDS})
_FLAT_UNITS = q._flat_unit_pattern()


@settings(max_examples=500, deadline=None)
@given(_pieces([*_UNIT_WORDS, "k", "m", "in", "s", "pounds", "per", "-", " -", "\t"]))
def test_unit_trie_and_walk_match_the_flat_alternation(text: str) -> None:
    """The trie pattern and the Python walk (ASCII text) both read like the flat alternation."""
    for i in range(len(text) + 1):
        old = _FLAT_UNITS.match(text, i)
        expected = old and (old.span(), old.groupdict())
        for new in (q.UNIT_AFTER.pattern.match(text, i), q.UNIT_AFTER.walk(text, i), q.UNIT_AFTER.match(text, i)):
            assert expected == (new and (new.span(), new.groupdict())), (text, i)


def test_unit_trie_takes_the_longest_word_that_fits() -> None:
    pattern = re.compile(rf"(?:{q._trie(['kmh', 'km', 'k', 'kg'])})(?![a-z])")
    assert [pattern.match(t).group(0) if pattern.match(t) else None for t in ("kmh", "km ", "kmx", "kg", "kx")] == [
        "kmh", "km", None, "kg", None,
    ]  # fmt: skip
    assert q._trie([]) == "(?!)"


@settings(max_examples=400, deadline=None)
@given(_pieces(["minus", "-", "−", "(", "x", "5"]))
def test_sign_prefilter_is_the_search(window: str) -> None:
    old = q._SIGN_BEFORE.search(window)
    new = q._sign_before(window)
    assert (old and old.span()) == (new and new.span())


@settings(max_examples=400, deadline=None)
@given(_pieces(["aged", "age", "at the age of", "at age", "ag", "page", "sage"]))
def test_age_prefilter_is_the_search(window: str) -> None:
    assert q._age_before(window) == (q._AGE_BEFORE.search(window) is not None)


@settings(max_examples=400, deadline=None)
@given(_pieces(["Smith", "Anne Lee", "of Orsk", ",", ", ", ",\n", ", \n", "Ms"]))
def test_comma_space_is_needed_by_the_appositives(window: str) -> None:
    for pattern in (q._AGE_APPOSITIVE, q._PLACE_APPOSITIVE):
        if pattern.search(window):
            assert q._ends_comma_space(window), window


@settings(max_examples=400, deadline=None)
@given(_pieces(["between", "from", "about", "nearly", "some", "$", "£", "fro", "betwee"]))
def test_between_and_from_are_in_every_match(before: str) -> None:
    lowered = before.lower()
    if q._BETWEEN_BEFORE.search(before):
        assert "between" in lowered
    if q._FROM_BEFORE.search(before) or q._CHANGE_BEFORE.search(before):
        assert "from" in lowered


@settings(max_examples=600, deadline=None)
@given(_pieces([*q._QUALIFIER_LAST_WORDS, "more than", "at least", "up to", "nearly all", "~", "c.", "x"]))
def test_leading_prefilter_keeps_every_qualifier(lead: str) -> None:
    """When `_LEADING` names a qualifier, the stripped, lower-cased lead ends with its last word."""
    m = q._LEADING.search(lead)
    if m is None:
        return
    candidate = m.group("q").lower().strip()
    if candidate.rpartition(" ")[2] in q._QUALIFIERS_BY_LAST_WORD:
        assert lead.rstrip().lower().endswith(q._QUALIFIER_LAST_WORDS), lead


@settings(max_examples=400, deadline=None)
@given(_pieces(["#", "No", "No.", "Nos.", "Nos", "F-", "COVID-", "-", "Section", "x"]))
def test_label_prefilters_hold_every_match(prev: str) -> None:
    if q._NUMBER_SIGN_BEFORE.search(prev):
        assert prev.rstrip().endswith(q._NUMBER_SIGN_ENDS), prev
    if q._LETTER_DASH_BEFORE.search(prev):
        assert prev.endswith(("-", "-\n")), prev


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_ascii_words_are_the_lowered_word_runs(sentence: str) -> None:
    assert q._ascii_words(sentence) == [w.lower().encode() for w in q._WORD_RUN.findall(sentence)]


# --- dates -------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(_pieces(["noon", "midnight", "midday", "mid", "day", "night", "mİdday", "mıdnight", "n", "oon", "Mid"]))
def test_folded_words_give_the_pattern(text: str) -> None:
    needs = dates.NEEDS["time"].patterns[1]
    assert (needs.search(text) is not None) == (needs.pattern.search(text) is not None), text


@settings(max_examples=400, deadline=None)
@given(_pieces(["quarter", "Q1", "Q5", "spring", "fall", "days ago", "year earlier", "week before", "ago", "Q"]))
def test_gated_needs_give_the_pattern(text: str) -> None:
    for kind in ("quarter", "season", "ago"):
        needs = dates.NEEDS[kind]
        assert (needs.search(text) is not None) == (needs.pattern.search(text) is not None), (kind, text)


@settings(max_examples=300, deadline=None)
@given(_pieces(["the", "past", "previous", "following", "week", "year", "the past", "the\nprevious"]))
def test_relative_starts_after_the_hold_every_match(text: str) -> None:
    pattern = dict(dates._PATTERNS)["relative"]
    starts = set(dates._Starts(text).of("relative"))
    assert {m.start() for m in pattern.compiled.finditer(text)} <= starts


def test_month_range_is_the_calendar() -> None:
    for year in [*range(1, 30), *range(1890, 2110), 2400, 9999]:
        for month in range(1, 13):
            last = calendar.monthrange(year, month)[1]
            assert dates._month_range(year, month) == (dt.date(year, month, 1), dt.date(year, month, last))
    for year, month in ((0, 1), (10000, 1), (2024, 0), (2024, 13)):
        try:
            dates._month_range(year, month)
        except ValueError:
            continue
        raise AssertionError((year, month))


# --- names and frames --------------------------------------------------------------------

from consistency.claims import frames, names  # noqa: E402


@settings(max_examples=500, deadline=None)
@given(_pieces(["said", ".", "!", "?", ":", '"', "“", "x", " ", "\n", "  ", "\u00a0", "A", "-", "–", "—", ")"]))
def test_opens_is_the_opener_search(window: str) -> None:
    assert names._opens(window) == (names._OPENER.search(window) is not None), window


@settings(max_examples=500, deadline=None)
@given(_pieces(["BROOKFIELD", "NEW YORK", "O'NEIL", "A", "Ab", "É", "St.", "Talvora's", "Orsk’s", "-", "'"]))
def test_names_shortcuts_keep_the_patterns(part: str) -> None:
    """The dateline test needs two capitals first; the possessive split needs an apostrophe."""
    if names._DATELINE.fullmatch(part):
        assert part[:2].isupper()
    if "'" not in part and "’" not in part:
        assert names._AFTER_POSSESSIVE.split(part) == [part]


@settings(max_examples=300, deadline=None)
@given(_pieces(["in", "near", "the town of", "western", "Ardley", "Vessen", "Court", "a", "the", "north", "of"]))
def test_places_endswith_shortcut_keeps_every_place(text: str) -> None:
    """`places` with the one-call `endswith` skip lists what the word-by-word test lists."""
    by_end, venues = names._place_words_by_end(), names._venues()
    anywhere = by_end.get("", ())
    slow = []
    for start, end, name in names.names(text):
        following = text[end : end + 14].split()
        if following and following[0].strip(".,;:'’s") in venues:
            continue
        head = text[max(0, start - 24) : start].lower().rstrip()
        if head.endswith(("the", "a")):
            head = names._ARTICLE_AT_END.sub("", head).rstrip()
        if head.endswith(names._DIRECTION_ENDS):
            head = names._DIRECTION.sub("", head).rstrip()
        before = by_end.get(head[-1:], ()) + anywhere if head else anywhere
        if any(head.endswith(w) and (len(head) == len(w) or not head[-len(w) - 1].isalpha()) for w in before):
            slow.append(name)
    assert names.places(text) == slow


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab1,.;:()—–-'’ \n"), max_size=400),
    st.integers(0, 400),
    st.integers(0, 400),
    st.integers(0, 12),
)
def test_first_tokens_read_like_all_tokens(text: str, start: int, end: int, n: int) -> None:
    assert frames._first_tokens(text, start, end, n) == frames._tokens(text[start:end])[:n]


_RUN_PLAIN = re.compile(names._RUN_PLAIN)


@settings(max_examples=500, deadline=None)
@given(_pieces(["St.", "St", "A.", "J. R.", "Ardley", "of", "de", "van", "O'Neil", "Orsk’s", "x", "É", "_", "\t", "2"]))
def test_name_runs_are_the_plain_pattern(text: str) -> None:
    assert [m.span() for m in names._RUN.finditer(text)] == [m.span() for m in _RUN_PLAIN.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(_pieces(["said", "the", "Moreau", "Moreau's", "Orsk’s", "it's", "Ardley", ";", ",", "a"]))
def test_capitalised_inside_is_the_possessive_cut_of_every_match(text: str) -> None:
    expected = frozenset(names._POSSESSIVE.sub("", m.group(0)) for m in names._INSIDE.finditer(text))
    assert names.capitalised_inside(text) == expected


def test_phrase_at_reads_like_the_tuple_compare() -> None:
    lex = frames.frame_lexicon()
    seqs = [seq for entries in lex.phrases.values() for seq, _, _ in entries]
    words = [*sorted({w for seq in seqs for w in seq})[:60], "the", "their", "x"]
    rnd = random.Random(7)

    def slow(lemmas: list[str], i: int, kinds: tuple[str, ...], end: int | None) -> tuple | None:
        for seq, frame, kind in lex.phrases.get(lemmas[i], ()):
            if end is not None and i + len(seq) - 1 != end:
                continue
            if kind in kinds and tuple(lemmas[i : i + len(seq)]) == seq:
                return frame, len(seq)
        return None

    for _ in range(3000):
        seq = list(rnd.choice(seqs))
        lemmas = [rnd.choice(words) for _ in range(rnd.randint(0, 3))] + seq[: rnd.randint(1, len(seq))]
        lemmas += [rnd.choice(words) for _ in range(rnd.randint(0, 2))]
        i = rnd.randrange(len(lemmas))
        kinds = rnd.choice([("state",), ("predicate",), ("state", "predicate")])
        end = rnd.choice([None, i, len(lemmas) - 1])
        assert lex.phrase_at(lemmas, i, kinds, end) == slow(lemmas, i, kinds, end)
        lazy = frames._Lemmas(lex, lemmas)  # the lazy list lemmatises what it is given
        assert lex.phrase_at(lazy, i, kinds, end) == slow([lex.lemma(w) for w in lemmas], i, kinds, end)


@settings(max_examples=800, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([*sorted(q._FIGURE_WORDS), "x", "_", "5", ".5", "a1", "1a", "onex", "Twenty", "HALF"]),
            st.sampled_from(["", " ", "-", ".", ",", "_", "\n"]),
        ),
        max_size=10,
    ).map(lambda p: "".join(a + b for a, b in p)),
    st.booleans(),
)
def test_ascii_figure_starts_are_the_run_walk(sentence: str, has_digit: bool) -> None:
    assert q._ascii_figure_starts(sentence, has_digit) == q._run_figure_starts(sentence, has_digit)


from consistency.claims import build  # noqa: E402


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab1,.;:()—–-'’ \nİΣ"), max_size=400), st.integers(1, 10))
def test_last_tokens_read_like_all_tokens(text: str, n: int) -> None:
    assert frames._last_tokens(text, n) == frames._tokens(text)[-n:]


def _slow_context(text: str, start: int, end: int, clause: tuple[int, int]) -> tuple[str, str]:
    before = build._CONTEXT_WORD.findall(text[clause[0] : start].lower())[-3:]
    after = build._CONTEXT_WORD.findall(text[end : clause[1]].lower())[:3]

    def keep(words: list[str]) -> str:
        content = [w for w in words if w not in build._CONTEXT_STOP and not w[0].isdigit() and len(w) > 2]
        return " ".join(words) if len(words) == 3 and content else ""

    return keep(before), keep(after)


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("abcdefghij1,.-'’ \nİΣK"), min_size=1, max_size=400),
    st.data(),
)
def test_context_reads_like_the_whole_clause(text: str, data: st.DataObject) -> None:
    c0 = data.draw(st.integers(0, len(text)))
    c1 = data.draw(st.integers(c0, len(text)))
    start = data.draw(st.integers(c0, c1))
    end = data.draw(st.integers(start, c1))
    assert build._context(text, start, end, (c0, c1)) == _slow_context(text, start, end, (c0, c1))


_BEFORE_NAMES = [
    "in", "since", "by", "of", "last", "next", "on", "until", "early", "late", "to", "xin", "In", "é", "_", "2",
    "March", "Jan.", "May", "Sept", "Friday", "Monday's", "Sunday’s", "Fridays", "day", " ", "  ", "\t", "\n",
    "\u00a0", "(", ",", "-",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_BEFORE_NAMES), min_size=1, max_size=10).map("".join))
def test_month_and_weekday_starts_hold_every_match(text: str) -> None:
    """Every position where "month" or "weekday" matches is a candidate start, and the
    candidate walk gives finditer's matches."""
    patterns = dict(dates._PATTERNS)
    index = dates._Starts(text)
    for kind in ("month", "weekday"):
        starts = set(index.of(kind))
        for i in range(len(text) + 1):
            if patterns[kind].match(text, i):
                assert i in starts, (kind, i, text)
        fast = [m.span() for m in dates._matches(patterns[kind].compiled, text, index.of(kind))]
        assert fast == [m.span() for m in patterns[kind].finditer(text)], kind


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.sampled_from(["March", "Mar.", "Jan", "10", "3rd", "12th", "1st", "2nd", "-", "–", "—", " ", "\t", "x"]),
        min_size=1,
        max_size=10,
    ).map("".join)
)
def test_dash_after_day_is_needed_by_both_range_shapes(text: str) -> None:
    shapes = dates.NEEDS["dayrange"].patterns[-1].patterns
    if any(p.search(text) for p in shapes):
        assert dates._DashAfterDay().search(text), text


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.sampled_from(["+", "(", ")", "020", "7946", "0958", "192", ".", "168", "1", "-", " ", "\t", "x", ","]),
        min_size=1,
        max_size=12,
    ).map("".join)
)
def test_number_shapes_hold_their_need(text: str) -> None:
    for m in q._NUMBER_SHAPED.finditer(text):
        assert q._SHAPED_NEEDS.search(m.group(0)), m.group(0)


from consistency.extract import pipeline  # noqa: E402


@settings(max_examples=500, deadline=None)
@given(
    _pieces(
        ["the death toll", "number of cases", "tally", "count", "total", "rose to", "stood at", "was", "since the",
         "outbreak", "had", "reached", "about", "TOLL", "Number", "people's toll", "x"]
    )
)  # fmt: skip
def test_subject_noun_words_are_in_every_match(head: str) -> None:
    m = pipeline._SUBJECT_NOUN.search(head)
    expected = None if not m else (m.group("of") if m.group("number") else m.group("toll").lower())
    assert pipeline._subject_noun(head) == expected
