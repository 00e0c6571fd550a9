"""Session 9 speed work: each shortcut gives what the long way gives (output must not move).

Every test here holds a fast path to a plain statement of what it replaces, on text
hypothesis makes up around the cases the shortcut is about."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

import consistency.extract  # noqa: F401  (claims.build imports back into extraction)
from consistency.claims import facts

_ODD = ["İ", "ı", "ſ", "\u212a", "\u00a0", "\u2009", "\n", "\t", "é", "٣", "²", "-", "’", "'", ","]


# --- dated facts -------------------------------------------------------------------------------


def _event_words() -> list[str]:
    lex = facts._lexicon()
    words = set()
    for spec in lex["frames"].values():
        for key in ("verbs", "nouns"):
            words.update(str(w) for w in spec.get(key) or [])
    return sorted(words)


def _window_text() -> st.SearchStrategy[str]:
    words = _event_words()
    variants = st.sampled_from(words).flatmap(
        lambda w: st.sampled_from([w, w.upper(), w.title(), w.replace("s", "ſ"), w.replace("i", "İ"),
                                   w.replace("k", "\u212a"), w.replace("i", "ı"), w.replace(" ", "  "),
                                   w[1:], w[:-1]])
    )  # fmt: skip
    parts = st.one_of(variants, st.sampled_from([" ", "  ", "the", "was", "a", "x", "re", *_ODD]))
    return st.lists(parts, max_size=12).map(" ".join)


@settings(max_examples=600, deadline=None)
@given(_window_text(), st.integers(0, 120))
@example("The bridge Opened  its doors on", 0)
@example("the ſtorm hit", 3)
@example("xopened its doors", 1)
def test_may_hold_is_a_necessary_condition_of_the_event_word_searches(text: str, start: int) -> None:
    """Where the lower-cased window holds no event word, the re.I searches find none either."""
    lex = facts._lexicon()
    start = min(start, len(text))
    for full, low in (("any_verb", "any_verb_low"), ("any_noun", "any_noun_low")):
        if lex[full] is not None and lex[full].search(text, start):
            assert facts._may_hold(lex[low], text, start)


def test_may_hold_has_no_shortcut_for_words_re_i_folds_otherwise() -> None:
    """A lexicon word that is not ASCII leaves the re.I search to do all the work."""
    assert facts._lowered(["caf\u00e9", "opened"]) is None
    assert facts._lowered([]) is None
    assert facts._may_hold(None, "anything", 0)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=list("magnitudeRICHTERrichter -ıſK\u212aofMAGNITUDE 64."), max_size=40))
def test_magnitude_prefilter_never_rejects_a_match(window: str) -> None:
    """The cheap word test before the magnitude patterns says no only where neither matches."""
    from consistency.extract import quantities as q

    if q._MAGNITUDE_BEFORE.search(window) or q._MAGNITUDE_AFTER.search(window):
        assert q._has_magnitude_word(window)
