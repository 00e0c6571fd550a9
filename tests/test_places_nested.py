"""Across articles, a place and a place an article says lies in it are one event's places at
two scales ('Besk valley' in a headline, 'near Orsk' in a follow-up, where the first article
says Orsk is in the Besk valley); a place nobody puts there stays another event's."""

from __future__ import annotations

import datetime as dt

from consistency.document.model import Document
from consistency.extract import extract_document
from consistency.rules.engine import run_rules
from consistency.rules.loader import DEFAULT_RULES, load_rules

FIRST = (
    "Quarry collapse kills at least 12 in Besk valley\n\n"
    "A wall of rock collapsed at a limestone quarry near the village of Orsk in the Besk valley on "
    "Wednesday, killing at least 12 workers, regional officials said."
)


def _rules_fired(second: str) -> list[str]:
    rules, errors = load_rules([DEFAULT_RULES])
    assert not errors
    corpus = [r for r in rules if r.scope == "corpus"]
    docs = [
        Document("a.md", FIRST, dt.date(2026, 5, 20), story="quarry"),
        Document("b.md", second, dt.date(2026, 5, 23), story="quarry"),
    ]
    return sorted({f.rule for f in run_rules([extract_document(d) for d in docs], corpus)})


def test_a_place_inside_the_other_articles_place_is_the_same_event() -> None:
    second = (
        "Prosecutors opened an inquiry after Wednesday's collapse at the quarry near Orsk.\n\n"
        "The death toll stood at nine on Saturday, the regional governor said."
    )
    assert "story-cumulative-falls" in _rules_fired(second)


def test_a_place_no_article_puts_there_is_another_event() -> None:
    second = (
        "Prosecutors opened an inquiry after Wednesday's collapse at a quarry near Durnovo.\n\n"
        "The death toll stood at nine on Saturday, the regional governor said."
    )
    assert _rules_fired(second) == []
