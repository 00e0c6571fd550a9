"""Corpus rules compare articles of one story only: front-matter `story`, or shared names and
nearby dates. An unrelated death toll on the same day is never compared."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from consistency.document import load_paths
from consistency.extract import extract_document
from consistency.rules.stories import stories
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "data" / "storm-corpus"


def test_stories_by_names_and_dates() -> None:
    extractions = [extract_document(d) for d in load_paths([str(CORPUS)])]
    groups = stories(extractions)
    assert [[Path(ex.document.path).name for ex in g] for g in groups] == [["a.md", "b.md"]]


def test_undated_articles_without_story_are_never_grouped() -> None:
    extractions = [extract_document(d) for d in load_paths([str(CORPUS)])]
    for ex in extractions:
        ex.reference_date = None
    assert stories(extractions) == []


def test_corpus_findings_across_articles_of_one_story() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "consistency", "check", "--format", "json", str(CORPUS)], capture_output=True, text=True
    )
    findings = json.loads(proc.stdout)["findings"]
    got = {(f["rule"], Path(f["path"]).name, Path(f["related"][0]["path"]).name) for f in findings}
    assert got == {("story-conflict", "b.md", "a.md"), ("age-drift", "b.md", "a.md")}



def _linked(tmp_path: Path, *docs: tuple[str, str, str]) -> list[tuple[int, int]]:
    from consistency.claims.events import linked_pairs

    for i, (title, body, day) in enumerate(docs):
        (tmp_path / f"{i}.md").write_text(f'---\ntitle: "{title}"\ndate: {day}\n---\n\n{body}\n', encoding="utf-8")
    return linked_pairs([extract_document(d) for d in load_paths([tmp_path])])


_RESULT = ("The {party} kept control of {town} District Council after Thursday's local elections, "
           "gaining three seats from Labour. The Liberal Democrats, the Conservatives and Labour all lost ground.")


def test_two_towns_sharing_only_party_names_are_two_stories(tmp_path: Path) -> None:
    a = ("Greens hold Kelham council", _RESULT.format(party="Greens", town="Kelham"), "2026-05-08")
    b = ("Tories keep control of Dunmore council", _RESULT.format(party="Conservatives", town="Dunmore"),
         "2026-05-08")
    assert _linked(tmp_path, a, b) == []


def test_a_follow_up_whose_headline_the_first_article_names_stays_one_story(tmp_path: Path) -> None:
    a = ("Greens hold Kelham council", _RESULT.format(party="Greens", town="Kelham"), "2026-05-08")
    b = ("Kelham Greens name Asha Reddy as council leader",
         "The Greens, who kept control of Kelham District Council after Thursday's local elections, "
         "named Asha Reddy as leader on Monday. The Liberal Democrats, the Conservatives and Labour all lost ground.",
         "2026-05-11")
    assert _linked(tmp_path, a, b) == [(0, 1)]


def test_a_road_number_is_a_name_for_linking(tmp_path: Path) -> None:
    """'the M9 near Kelbrook' ties a follow-up six weeks later to the pile-up; a crash on
    another road near the same town on another day does not join them."""
    a = ("Three killed in M9 pile-up in thick fog",
         "Three people died and 19 were injured in a pile-up on the M9 near Kelbrook on Sunday morning, police said.",
         "2026-06-16")
    b = ("Fog warning signs for M9 after fatal pile-up",
         "Fog warning signs will be installed on the M9 near Kelbrook, following the pile-up in which three died.",
         "2026-07-29")
    c = ("Cyclist hurt on A614 near Kelbrook",
         "A cyclist was injured in a crash on the A614 near Kelbrook on Tuesday, police said.",
         "2026-06-24")
    assert _linked(tmp_path, a, b) == [(0, 1)]
    assert _linked(tmp_path, a, c) == []


def test_a_follow_up_months_later_is_linked_only_by_a_full_name_and_more(tmp_path: Path) -> None:
    """Past the two-month window, a trial report 11 weeks on is the story's when both ledes name
    the accused in full and more besides; one shared town name is not enough."""
    a = ("Driver charged over Hollinbrook hit-and-run",
         "Kieran Dace, 27, of Mercer Way, Hollinbrook, is accused of failing to stop after the collision on "
         "Station Road on 21 February.", "2026-03-03")
    b = ("Hit-and-run driver jailed",
         "Kieran Dace, 31, of Mercer Way, Hollinbrook, was jailed for the collision on Station Road on 21 February.",
         "2026-05-19")
    c = ("Hollinbrook library to close",
         "The library in Hollinbrook will close in June, the council said on Monday.", "2026-05-19")
    assert _linked(tmp_path, a, b) == [(0, 1)]
    assert _linked(tmp_path, a, c) == []


def test_an_exact_figure_both_articles_give_is_evidence_of_one_story(tmp_path: Path) -> None:
    """'8,412 votes' in both is as telling as a shared name; a round '1,200' is not."""
    a = ("Hallam voters approve stadium tax",
         "Hallam voters on Tuesday approved a sales tax increase for a new ballpark, 8,412 votes to 6,930.",
         "2026-11-04")
    b = ("Ballpark design unveiled after tax vote",
         "Architects unveiled designs for Hallam's new ballpark. The measure passed 8,412 to 7,930 in the election.",
         "2026-11-17")
    c = ("Ballpark design unveiled after tax vote",
         "Architects unveiled designs for Hallam's new ballpark. The measure passed with 1,200 votes to spare.",
         "2026-11-17")
    assert _linked(tmp_path, a, b) == [(0, 1)]
    assert _linked(tmp_path, a, c) == []
