"""A headline's running total is the story's latest: a body figure told as reached earlier in
the day ('At midday … had reported 19 deaths') is an update, while one told in reported speech
('said 19 people had died') restates it."""

from __future__ import annotations

from consistency.rules.engine import run_rules
from consistency.rules.loader import load_rule_file
from tests.conftest import ROOT, extract_text

_RULE = load_rule_file(ROOT / "rules" / "article" / "same-measure-conflict.yaml")


def _fired(title: str, body: str) -> list[str]:
    text = f"---\ntitle: \"{title}\"\ndate: 2026-02-03\n---\n\n{body}\n"
    return [f.rule for f in run_rules([extract_text(text, "2026-02-03")], [_RULE])]


def test_a_figure_reached_earlier_in_the_day_comes_before_the_headline() -> None:
    body = ("The death toll from an earthquake that struck Sarrow province before dawn on Tuesday rose to 46 "
            "by evening, officials said.\n\nAt midday the provincial disaster office had reported 19 deaths.")
    assert _fired("Quake toll in Sarrow province climbs to 46 as night falls", body) == []


def test_a_figure_in_reported_speech_restates_the_headline() -> None:
    body = ("An earthquake struck Sarrow province before dawn on Tuesday, officials said.\n\n"
            "The provincial disaster office said 19 people had died.")
    assert _fired("Quake kills 46 in Sarrow province", body) == ["same-measure-conflict"]


def test_a_headline_figure_repeated_in_the_lede_leaves_the_lede_comparable() -> None:
    """The headline and the lede give one value: the lede's mention is still compared with the
    rest of the body (the headline itself only with its lede)."""
    body = ("BRESSAC, June 11 - The competition authority fined cement maker Haldane Group 4.2 mln euros "
            "on Thursday.\n\nHaldane said it would not appeal the 2.4 mln euro penalty.")
    assert _fired("Valdora fines Haldane Group 4.2 mln euros", body) == ["same-measure-conflict"]
    fixed = body.replace("2.4 mln", "4.2 mln")
    assert _fired("Valdora fines Haldane Group 4.2 mln euros", fixed) == []


def test_a_headline_figure_the_lede_gives_for_a_part_restates_that_part() -> None:
    """'Suvarna district worst hit with 23 deaths' in the headline is the lede's '23 of the
    deaths', not a second count of the state's 64."""
    body = ("BHAVANPUR: Floods have killed 64 people across the state since July 28, officials said on Monday, "
            "with Suvarna district accounting for 23 of the deaths.")
    assert _fired("Floods kill 64 across state; Suvarna district worst hit with 23 deaths", body) == []
    assert _fired("Floods kill 46 across the state", body) == ["same-measure-conflict"]
