"""Session 10 speed work: each shortcut gives what the long way gives (output must not move).

Every test here compares a fast path with a plain statement of what it replaces, on text or
values hypothesis makes up around the cases the shortcut is about."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

import consistency.extract  # noqa: F401  (claims.build imports back into extraction)
from consistency.claims import names
from tests.test_speed_s7 import _NAME_WORDS, _name_text, _names_long_way

_ODD = ["İ", "ı", "ſ", "\u212a", "\u00a0", "\u2009", "\n", "\t", "é", "٣", "²"]


# --- names: the opener test's usual case, and each run's names remembered ---------------------


@settings(max_examples=600, deadline=None)
@given(_name_text(), st.sets(st.sampled_from([*_NAME_WORDS, "Talvora"]), max_size=6), st.booleans())
@example("BROOKFIELD - Talvora’s Orsk province. Flash floods hit Orsk", frozenset({"Orsk"}), True)
@example("said Mr Smith\u00a0Church and\tThe US, Kelham Greens", frozenset(), False)
def test_names_with_run_memo_are_the_long_way(text: str, seen: set[str], cold: bool) -> None:
    """With the usual opener case answered at once and each run's names read from the memo
    (empty or already filled), every name at its offsets is the same."""
    if cold:
        names._run_parts_memo().clear()
    seen_words = frozenset(seen)
    assert names._names(text, seen_words) == _names_long_way(text, seen_words)
    assert names._names(text, seen_words) == _names_long_way(text, seen_words)  # the memo filled


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "A", " ", "  ", ".", ":", '"', "“", "—", "-", "–", ")", "\n", *_ODD]),
                max_size=5).map("".join))
def test_usual_opener_case_is_opens(before: str) -> None:
    """One space after a character that is no opening mark, dash or space: `_opens` says no."""
    text = before + "Kelham"
    offset = len(before)
    pair = text[offset - 2 : offset] if offset >= 2 else ""
    usual = pair[1:] == " " and not pair[0].isspace() and pair[0] not in names._OPENER_MARKS \
        and pair[0] not in names._SPACED_DASHES
    if usual:
        assert not names._opens(text[max(0, offset - 12) : offset])
