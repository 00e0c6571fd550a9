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
