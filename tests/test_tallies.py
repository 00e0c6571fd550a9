"""Vote tallies: which pairs of figures are a vote's, and when two tallies are one vote's."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.claims.tallies import in_tally, tallies
from consistency.document.model import Document
from consistency.extract import extract_document
from consistency.rules.checks.tallies import _why_apart


def _tallies(text: str, date: dt.date = dt.date(2026, 2, 11)):
    ex = extract_document(Document("t.md", text, date), date)
    return ex, tallies(ex)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("The council voted 7-2 on Tuesday to approve the plan.", (7, 2)),
        ("It approved the agreement on a 6-3 vote on Feb. 10.", (6, 3)),
        ("The motion was carried by 31 votes to 12.", (31, 12)),
        ("The measure passed 8,412 to 7,930 in the Nov. 3 election.", (8412, 7930)),
        ("Members voted by 412 to 131 on Friday to accept the offer.", (412, 131)),
        ("Councillors voted nineteen to eight for the referendum.", (19, 8)),
        ("The vote was 4–3 after a four-hour meeting.", (4, 3)),
    ],
)
def test_a_vote_tally_in_its_wordings(text: str, pair: tuple[int, int]) -> None:
    _, found = _tallies(text)
    assert [(t.high, t.low) for t in found] == [pair]


@pytest.mark.parametrize(
    "text",
    [
        "Barcelona defeated Atletico Madrid 3-0 to stay top.",
        "The match, which Brayford won 2-0, passed off without incident.",
        "Turnout among voters aged 18-24 rose from 12,000 to 15,000.",
        "The vote share rose 52-48 per cent.",
        "Voters in the 2019-20 season backed the plan.",
        "The plan was approved, with work due to run 9-5 on weekdays.",
    ],
)
def test_scores_ranges_and_changes_are_no_tallies(text: str) -> None:
    assert _tallies(text)[1] == []


def test_a_tally_side_is_not_the_vote_total() -> None:
    ex, found = _tallies("Noor won the mayoralty on Friday, beating Whitby by 98,210 votes to 72,940.")
    assert found and in_tally(ex, ex.document.text.index("98,210")) and in_tally(ex, ex.document.text.index("72,940"))
    assert not in_tally(ex, ex.document.text.index("Friday"))


_PREFIX = "The Bramhall City Council voted"


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 30), st.integers(0, 30), st.integers(2, 30), st.integers(0, 30))
def test_one_day_one_body_one_vote(a: int, b: int, c: int, d: int) -> None:
    """Two tallies of one body on one day are one vote: they must agree, whatever the numbers."""
    first = _tallies(f"{_PREFIX} {a + b}-{b} on Tuesday to approve the deal.")[1]
    second = _tallies(f"The City Council approved the deal on a {c + d}-{d} vote on Feb. 10.")[1]
    assert len(first) == len(second) == 1
    assert _why_apart(first[0], second[0], True) is None


@pytest.mark.parametrize(
    "other",
    [
        "The City Council voted 6-3 on Tuesday to delay the deal.",  # another motion
        "The planning committee approved the deal on a 6-3 vote on Feb. 10.",  # another body
        "The City Council approved the deal on a 6-3 vote on Feb. 3.",  # another day
        "In a separate vote, the City Council approved new fees 6-3 on Feb. 10.",  # framed as another
        "The City Council approved the deal on a 6-3 vote.",  # no day: not known to be that vote
    ],
)
def test_two_votes_are_kept_apart(other: str) -> None:
    first = _tallies(f"{_PREFIX} 7-2 on Tuesday to approve the deal.")[1][0]
    second = _tallies(other, dt.date(2026, 3, 27))[1][0]
    assert _why_apart(first, second, True) is not None


_TOKENS = ["7", "2", "31", "8,412", "-", "–", " to ", " votes to ", "seven", "Two", "voted", "vote", "the", "council",
           "won", ",", " ", "on", "Tuesday", "12", "per cent", "years"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=14))
def test_the_cheap_sentence_test_never_hides_a_tally(tokens: list[str]) -> None:
    """`_maybe` is a prefilter: every sentence the tally pattern finds a pair in passes it."""
    from consistency.claims.tallies import _TALLY, _maybe

    sentence = " ".join(tokens)
    if _TALLY.search(sentence):
        assert _maybe(sentence)


def test_tally_sides_with_a_scale_word_are_read_as_counts() -> None:
    _, found = _tallies("Shareholders approved the takeover by 412 mln votes to 109 mln on Thursday.")
    assert [(t.high, t.low) for t in found] == [(412_000_000, 109_000_000)]


def test_voter_counts_are_totals_not_sides() -> None:
    from consistency.claims.tallies import voter_counts

    ex, _ = _tallies("The plan passed 61 votes to 22. Of the 90 members who voted, most came in person. "
                     "The 40 members who voted against it walked out. Turnout was 95.")
    assert [(v.size, v.voted) for v in voter_counts(ex)] == [(90, True), (95, True)]
