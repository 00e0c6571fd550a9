"""The date scanner's shortcuts find what full searches find (issue 9's speed work: the
output must not move)."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.extract import dates

_FRAGMENTS = [
    "March 5", "5 March 2024", "Mar. 3–4", "12–3 May", "January 10–1", "June 10th – 12th", "10th-12th June",
    "three days ago", "2 weeks earlier", "a year before", "days  ago", "last week", "this morning", "today's",
    "earlier this year", "the past month", "the following weekend", "late last year", "coming", "Today", "weekend",
    "mid-May", "early June 2020", "late 2019", "end-2021",
    "weekend March 2020", "amid", "yearly", "spend", "Sept", "Sepember", "2024-06-01", "6/7/2024", "10/31",
    "the 1990s", "in 1998", "1,999", "$2000", "#2020", "x2024", "2024x", "May", "may", "Dec", "Decision",
    "Jan", "JanMar", "٣", "é", "_", "end", "mid", "early", "late", "of", "the", "March", " ", "  ", ", ",
    ". ", "\n", "-", "–", "/", "5", "30", "2024",
]  # fmt: skip


_TEXTS = st.lists(st.tuples(st.sampled_from(_FRAGMENTS), st.sampled_from(["", " ", " "])), min_size=1, max_size=12).map(
    lambda parts: "".join(piece + sep for piece, sep in parts)
)
"""Text made of the pieces the patterns are about, in any order and spacing."""


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_candidate_starts_hold_every_match(text: str) -> None:
    """A pattern tried only at its candidate starts can miss nothing."""
    patterns = dict(dates._PATTERNS)
    index = dates._Starts(text)
    for kind in dates._STARTS:
        starts = set(index.of(kind))
        for i in range(len(text)):
            if patterns[kind].match(text, i):
                assert i in starts, (kind, i)


@settings(max_examples=100, deadline=None)
@given(_TEXTS)
def test_matches_give_finditer(text: str) -> None:
    index = dates._Starts(text)
    for kind, pattern in dates._PATTERNS:
        fast = [m.span() for m in dates._matches(pattern, text, index.of(kind))]
        assert fast == [m.span() for m in pattern.finditer(text)], kind


def test_no_pattern_matches_empty() -> None:
    """`_matches` moves past each match: right only when none is empty."""
    for _, pattern in [*dates._PATTERNS, ("time", dates._TIME)]:
        assert re._parser.parse(pattern.pattern, pattern.flags).getwidth()[0] > 0


def test_time_needs_is_the_old_alternation() -> None:
    old = re.compile(r"\d(?:[:.][0-5]\d)?\s*(?:[ap]\.?\s?m|o['’]clock)|\d:[0-5]\d|noon|midnight|midday", re.I)
    every = "".join(map(chr, range(0x110000))).encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")
    assert sorted(set(re.findall("[nm]", every, re.I))) == ["M", "N", "m", "n"]  # nothing else folds onto them
    words = ["noon", "NOON", "Noon", "midnight", "MidDay", "mİdday", "mıdday", "midday", "mid", "3 pm", "3:30",
             "7 o'clock", "7 O’Clock", "10A.M", "nooon", "x", " "]  # fmt: skip
    rnd = random.Random(4)
    for _ in range(3000):
        text = "".join(rnd.choice(words) for _ in range(rnd.randint(1, 5)))
        assert (dates.NEEDS["time"].search(text) is not None) == (old.search(text) is not None), text


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_every_match_holds_its_needs(text: str) -> None:
    """The prefilter may skip a pattern only on text where that pattern cannot match."""
    for kind, pattern in [*dates._PATTERNS, ("time", dates._TIME)]:
        needs = dates.NEEDS.get(kind)
        for m in pattern.finditer(text):
            assert needs is None or needs.search(m.group(0)), (kind, m.group(0))
