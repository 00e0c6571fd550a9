"""The measure and linking lexicons: their structure, what they decide, and a rule author
extending them from their own pack without touching Python."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consistency.claims import frames, lexicon
from consistency.cli import main
from consistency.document.model import Document
from consistency.extract import extract_document
from consistency.pack import default_pack

FRAME_KEYS = {"nouns", "predicates", "states", "heads", "any_head", "cumulative", "exhaustive", "money", "measures",
              "fixed", "durations", "cumulative_days", "percent", "of_nouns", "needs_subject", "per", "except_heads",
              "results", "instances", "within"}


def test_frames_lexicon_structure() -> None:
    data = lexicon.load("frames")
    assert set(data) >= {"frames", "people_nouns", "head_classes", "neutral_modifiers", "distinguishing_modifiers"}
    for name, spec in data["frames"].items():
        assert set(spec) <= FRAME_KEYS, f"{name}: unknown keys {set(spec) - FRAME_KEYS}"
        assert spec.get("nouns") or spec.get("predicates") or spec.get("states") or spec.get("of_nouns"), name
        for key in ("nouns", "predicates", "states", "heads"):
            assert all(isinstance(w, str) and w == w.lower() for w in spec.get(key) or []), (name, key)
    assert not set(data["neutral_modifiers"]) & set(data["distinguishing_modifiers"])
    for name, spec in data["frames"].items():  # a subset names frames that exist, never itself
        assert set(spec.get("within") or []) <= set(data["frames"]) - {name}, name


def test_linking_lexicon_structure() -> None:
    data = lexicon.load("linking")
    assert data["min_score"] > 0 and data["min_shared"] >= 1 and data["max_days_apart"] > 0
    assert set(data["incident_types"]) <= set(data["event_types"])
    assert all(isinstance(w, str) for w in data["not_names"])


def _claims(text: str, date: str = "2026-03-04"):
    import datetime as dt

    return extract_document(Document("t.md", text, dt.date.fromisoformat(date))).claims


@pytest.mark.parametrize(
    "text",
    [
        "Nine people were killed when the coach overturned.",
        "The death toll reached 9 on Monday.",
        "Police said the nine people who lost their lives were from the town.",
        "The crash left nine men dead.",
        "Nine were shot dead.",
        "The number of confirmed deaths stood at 9.",
    ],
)
def test_one_measure_many_wordings(text: str) -> None:
    nine = [c for c in _claims(text) if c.value == 9]
    assert nine and nine[0].measure == "deaths"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The fire destroyed 212 homes.", "destroyed/home"),
        ("Crews evacuated 410 residents on Friday.", "evacuations"),
        ("About 52,000 homes and businesses were left without power.", "outages"),
        ("25,000 customers had lost electricity.", "outages"),
        ("Five others were critically wounded.", "injuries"),
        ("The commission fined the company 48 mln euros.", "fine"),
        ("Paramedics took 52 of the passengers to hospitals.", "hospitalised"),
        ("Rebels took 14 villages in the north.", "captured/locality"),
    ],
)
def test_frames_from_verbs_states_and_nouns(text: str, key: str) -> None:
    assert key in {c.measure for c in _claims(text)}


def test_modifier_and_increment_reading() -> None:
    (new,) = [c for c in _claims("Officials reported 40 new cases.") if c.value == 40]
    assert "new" in new.modifiers
    more = [c for c in _claims("The bodies of three more children were recovered.") if c.value == 3]
    assert more[0].increment


PACK_RULE = """\
id: stranding-count-conflict
summary: Two counts of the stranded animals of one stranding disagree.
severity: warning
scope: article
check: conflict
select: {kinds: [count]}
match_on: [measure, unit, subject, as_of]
when: 'a.frame == "strandings"'
message: '"{a.text}" stranded here, but "{b.text}" at {b.where}'
examples:
  - expect: fire
    date: 2026-03-04
    text: "Forty pilot whales washed ashore on Tuesday. Volunteers refloated some of the 14 whales that had stranded."
  - expect: silent
    date: 2026-03-04
    text: "Forty pilot whales washed ashore on Tuesday. Volunteers refloated some of the 40 whales that had stranded."
"""
PACK_FRAME = """\
frames:
  strandings:
    predicates: ["wash ashore", "wash up", strand, beach]
    states: [stranded, beached]
    exhaustive: true
"""


@pytest.fixture()
def pack(tmp_path: Path):
    (tmp_path / "article").mkdir()
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "article" / "stranding-count-conflict.yaml").write_text(PACK_RULE)
    (tmp_path / "lexicon" / "frames.yaml").write_text(PACK_FRAME)
    yield tmp_path
    lexicon.configure([])


def test_rule_author_adds_a_frame_and_a_rule_in_their_own_pack(pack: Path, capsys, tmp_path: Path) -> None:
    assert main(["rules", "test", "--no-default-rules", "--rules", str(pack)]) == 0
    assert "2 of 2 examples and 0 of 0 cases (0 case files) passed in 1 rule" in capsys.readouterr().out
    story = tmp_path / "story.md"
    story.write_text(
        "---\ndate: 2026-03-04\n---\n\nForty pilot whales washed ashore on Tuesday.\n\n"
        "Volunteers refloated some of the 14 whales that had stranded.\n"
    )
    assert main(["check", "--format", "json", "--rules", str(pack), "--select", "stranding-count-conflict",
                 str(story)]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["rule"], f["line"], f["related"][0]["line"]) for f in found] == [("stranding-count-conflict", 7, 5)]


def test_without_the_pack_lexicon_the_frame_is_unknown(pack: Path, capsys) -> None:
    (pack / "lexicon" / "frames.yaml").unlink()
    assert main(["rules", "test", "--no-default-rules", "--rules", str(pack)]) == 1
    out = capsys.readouterr().out
    assert "stranding-count-conflict.yaml:11: stranding-count-conflict: example 'example 1'" in out
    assert "expected:\n    expect: fire\n  actual:\n    expect: []" in out


def test_default_frames_still_apply_beside_a_pack(pack: Path) -> None:
    lexicon.configure([pack])
    assert "strandings" in frames.frame_lexicon().frames and "deaths" in frames.frame_lexicon().frames


def test_a_broken_pack_lexicon_is_a_rule_error(pack: Path, capsys) -> None:
    (pack / "lexicon" / "frames.yaml").write_text("frames: [unclosed\n")
    assert main(["rules", "validate", "--no-default-rules", "--rules", str(pack)]) == 2
    err = capsys.readouterr().err
    assert "lexicon/frames.yaml:" in err and "exit" not in err


def test_default_pack_has_lexicons() -> None:
    assert {p.stem for p in (default_pack() / "lexicon").glob("*.yaml")} >= {"frames", "linking"}


def test_lexicon_doc_lists_every_frame() -> None:
    doc = Path(__file__).resolve().parents[1] / "docs" / "lexicon.md"
    if not doc.exists():
        pytest.fail("docs/lexicon.md is missing")
    text = doc.read_text()
    missing = [name for name in lexicon.load("frames")["frames"] if f"`{name}`" not in text]
    assert not missing, f"frames not documented in docs/lexicon.md: {missing}"


def test_an_experimental_rule_runs_only_when_selected(tmp_path: Path, capsys) -> None:
    rule = PACK_RULE.replace("severity: warning\n", "severity: warning\nexperimental: true\n")
    (tmp_path / "article").mkdir()
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "article" / "stranding-count-conflict.yaml").write_text(rule)
    (tmp_path / "lexicon" / "frames.yaml").write_text(PACK_FRAME)
    story = tmp_path / "story.md"
    story.write_text(
        "---\ndate: 2026-03-04\n---\n\nForty pilot whales washed ashore on Tuesday.\n\n"
        "Volunteers refloated some of the 14 whales that had stranded.\n"
    )
    try:
        assert main(["check", "--format", "json", "--no-default-rules", "--rules", str(tmp_path), str(story)]) == 0
        assert json.loads(capsys.readouterr().out)["findings"] == []
        assert main(["check", "--format", "json", "--no-default-rules", "--rules", str(tmp_path),
                     "--select", "stranding-count-conflict", str(story)]) == 1
        assert len(json.loads(capsys.readouterr().out)["findings"]) == 1
        assert main(["rules", "list", "--no-default-rules", "--rules", str(tmp_path)]) == 0
        assert "experimental" in capsys.readouterr().out
    finally:
        lexicon.configure([])


def test_count_progress_orders_a_running_tally(tmp_path: Path, capsys) -> None:
    """'With 60 percent of precincts reporting' comes before 'with 85 percent': a tally that
    falls between them is a finding; one that rises is not."""
    body = ("With 60 percent of precincts reporting, Harlan had 14,230 votes.\n\n"
            "With 85 percent of precincts reporting, Harlan's total stood at {n} votes.\n")
    for n, want in (("12,910", 1), ("15,020", 0)):
        story = tmp_path / f"tally-{n}.md"
        story.write_text("---\ndate: 2026-06-03\n---\n\n" + body.format(n=n))
        main(["check", "--format", "json", "--select", "cumulative-falls", str(story)])
        assert len(json.loads(capsys.readouterr().out)["findings"]) == want


def test_a_pack_time_lexicon_reaches_the_date_readers(tmp_path: Path) -> None:
    """A user pack's time.yaml words ('lasted' synonyms, ambiguous past forms) reach the
    patterns the date readers build from them, and leave them when the pack goes."""
    from consistency.extract import dates

    pack = tmp_path / "pack"
    (pack / "lexicon").mkdir(parents=True)
    (pack / "lexicon" / "time.yaml").write_text("lasting_verbs: [endured]\nambiguous_past: [wed]\n", encoding="utf-8")
    try:
        assert dates.frame_before("a strike that lasted ") == "strike"
        assert dates.frame_before("a strike that endured ") is None
        lexicon.configure([pack])
        assert dates.frame_before("a strike that endured ") == "strike"
        assert "wed" in dates._ambiguous_past()
    finally:
        lexicon.configure([])
    assert dates.frame_before("a strike that endured ") is None
