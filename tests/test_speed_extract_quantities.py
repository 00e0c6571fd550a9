"""The quantity scanner's shortcuts find what the full patterns find (issue 9's speed work:
the output must not move)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.extract import quantities as q

_ATOMS = [
    "one", "a", "an", "and", "A", "AN", "ONE", "ſix", "ſcores", "Scores", "scores", "of", "hundred", "half",
    "dozen", "dozens", "Dozens", ".5", "3", "3.5", "1,200", "12/3", "1 1/2", "x5", "5km", "٣", "²", "_",
    "two-thirds", "twenty", "-one", "K", "million", "bn", "$", "£", "%", "é", "Zürich", "people", "to", "from",
    "+(", "(020) 7946 0958", "192.168.0.1", "-", "(", ")", ",", ".", "/", "#", "@", ":", "\u00a0",
]  # fmt: skip


_GATE = re.compile(q.CANDIDATE, re.I)


_TEXTS = st.lists(
    st.tuples(st.sampled_from(_ATOMS), st.sampled_from(["", " ", " ", "-"])), min_size=1, max_size=10
).map(lambda parts: "".join(piece + sep for piece, sep in parts))
"""Text made of the pieces the patterns are about, in any order and spacing."""


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
def test_figure_starts_cover_every_figure_and_keep_the_gate(text: str) -> None:
    has_digit = q._DIGIT.search(text) is not None
    starts = q._figure_starts(text, has_digit)
    assert (starts is not None) == (_GATE.search(text) is not None)
    if starts is not None:
        every = [i for i in range(len(text)) if q.FIGURE.match(text, i)]
        assert set(every) <= set(starts)


def test_scores_alone_stays_outside_the_gate() -> None:
    """'scores' is a figure word but not a gate word: the old behaviour, kept."""
    assert q.find_quantities("Scores of people fled.", 0, []) == []
    assert [x.kind for x in q.find_quantities("Scores of people fled and hid.", 0, [])] == ["vague"]


def test_number_shaped_spans_found_from_the_first_digit() -> None:
    assert q.find_quantities("Call +(020) 7946 0958 now, or 12 times.", 0, [])[0].text == "12"


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
def test_candidates_leave_out_only_lone_articles(text: str) -> None:
    """What `_candidates` leaves untried is a match of "a", "an" or "and" alone (rejected)."""
    starts = q._candidates(text, q._DIGIT.search(text) is not None)
    if starts is None and not _GATE.search(text):
        return  # the gate's answer, kept
    for i in range(len(text)):
        m = q.FIGURE.match(text, i)
        if m and i not in (starts or ()):
            words = m.group("words")
            assert words and set(re.split(r"[\s-]+", words.lower())) <= {"a", "an", "and"}, m.group(0)
