"""Headlines against their body. A headline's round figure is rounded at its last non-zero
digit (at most 1%): it restates the body's exact figure, while a headline figure no rounding
reaches still disagrees; a headline's opening common noun is no subject."""

from __future__ import annotations

from pathlib import Path

import pytest

from consistency.document import load_paths
from consistency.extract import extract_document
from consistency.rules.engine import run_rules
from consistency.rules.loader import DEFAULT_RULES, load_rules

BODY = "The storm left {body} homes without power on Friday, the network operator said."


@pytest.mark.parametrize(
    ("headline", "body", "fires"),
    [
        ("190,000", "190,400", False),
        ("1.2 million", "1,204,000", False),
        ("150,000", "190,400", True),
        ("2,000", "2,400", True),
        ("190,000", "195,600", True),
    ],
)
def test_headline_round_figure(tmp_path: Path, headline: str, body: str, fires: bool) -> None:
    title = f"Storm leaves {headline} homes without power"
    text = f"---\ntitle: \"{title}\"\ndate: 2026-01-10\n---\n\n{BODY.format(body=body)}\n"
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    rules = [r for r in load_rules([DEFAULT_RULES])[0] if r.id == "same-measure-conflict"]
    found = run_rules([extract_document(d) for d in load_paths([tmp_path])], rules)
    assert bool(found) == fires


@pytest.mark.parametrize(("body_cost", "fires"), [("£13 million", True), ("£18 million", False)])
def test_a_headline_opening_common_noun_is_no_subject(tmp_path: Path, body_cost: str, fires: bool) -> None:
    """'Canal lock repairs to cost £18m' over a body that writes 'the canal': 'Canal' is the
    headline's first word, not whom the cost is about, so the body's figure is compared."""
    body = (f"Repairs to Thornbury lock on the Leeds canal will cost {body_cost}, the trust said on Monday. "
            "The canal has been closed since March.")
    text = f'---\ntitle: "Canal lock repairs to cost £18m"\ndate: 2026-04-01\n---\n\n{body}\n'
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    rules = [r for r in load_rules([DEFAULT_RULES])[0] if r.id == "same-measure-conflict"]
    found = run_rules([extract_document(d) for d in load_paths([tmp_path])], rules)
    assert bool(found) == fires


@pytest.mark.parametrize(
    ("fourth", "fires"),
    [("The airport section will cost £590 million.", False), ("The £590 million budget is final.", True)],
)
def test_a_figure_far_below_the_lede_is_no_headline_restatement(tmp_path: Path, fourth: str, fires: bool) -> None:
    """A headline restates the lede; a figure told paragraphs later is part of the story,
    unless it points back ('the £590 million extension')."""
    body = ("Ministers approved the extension of the tram network on Thursday. It adds 18 kilometres of track. "
            f"Work starts in the spring. {fourth}")
    text = f'---\ntitle: "Tram extension approved at £1.42bn"\ndate: 2026-07-30\n---\n\n{body}\n'
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    rules = [r for r in load_rules([DEFAULT_RULES])[0] if r.id == "same-measure-conflict"]
    found = run_rules([extract_document(d) for d in load_paths([tmp_path])], rules)
    assert bool(found) == fires
