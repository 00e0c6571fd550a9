"""Malformed rule files stop the command with path:line:col and exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from consistency.cli import main
from consistency.rules.loader import load_rules

GOOD = """\
id: tiny
summary: A part larger than its whole.
severity: error
scope: article
check: part-whole
message: '{a.text} is more than {b.text}'
examples:
  - expect: fire
    text: Of the 30 crew, 34 were rescued.
  - expect: silent
    text: Of the 30 crew, 24 were rescued.
"""


def write(tmp_path: Path, text: str, name: str = "tiny.yaml") -> Path:
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def errors_for(tmp_path: Path, text: str, name: str = "tiny.yaml") -> list[str]:
    _, errors = load_rules([write(tmp_path, text, name)])
    return [str(e) for e in errors]


def test_a_good_rule_loads_and_its_examples_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write(tmp_path, GOOD)
    assert main(["rules", "test", "--no-default-rules", "--rules", str(folder)]) == 0
    assert "2 of 2 examples and 0 of 0 cases (0 case files) passed in 1 rule" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("edit", "where", "message"),
    [
        (lambda t: t.replace("check: part-whole", "check: part-whole\n  bad: [indent"), ":6:", "invalid YAML"),
        (lambda t: t.replace("severity: error", "severity: error\ncolour: red"), ":4:1:", "unknown key 'colour'"),
        (lambda t: t.replace("check: part-whole", "check: sparkle"), ":5:8:", "unknown check kind 'sparkle'"),
        (lambda t: t.replace("severity: error", "severity: fatal"), ":3:11:", "severity"),
        (lambda t: t + "when: 'a.value >'\n", ":12:", "bad `when` expression"),
        (lambda t: t + "when: 'a.colour == 1'\n", ":12:8:", "no field"),
        (lambda t: t + "params:\n  tolerance: 3\n", ":13:3:", "unknown parameter 'tolerance'"),
        (lambda t: t.replace("id: tiny", "id: other"), ":1:5:", "does not match the file name"),
        (
            lambda t: t.replace("  - expect: silent\n    text: Of the 30 crew, 24 were rescued.\n", ""),
            ":8:3:",
            "examples",
        ),
        (lambda t: t.replace("scope: article", "scope: corpus"), ":4:8:", "does not run at 'corpus' scope"),
        (lambda t: t + "severity: info\n", ":12:1:", "duplicate key 'severity'"),
    ],
)
def test_malformed_rule_reports_path_line_col(tmp_path: Path, edit, where: str, message: str) -> None:
    errors = errors_for(tmp_path, edit(GOOD))
    assert errors, "the malformed rule loaded"
    assert any(where in e and message in e for e in errors), errors
    assert all(e.startswith(str(tmp_path / "pack" / "tiny.yaml") + ":") for e in errors)


def test_bad_expression_column_points_into_the_expression(tmp_path: Path) -> None:
    errors = errors_for(tmp_path, GOOD + "when: 'a.value > '\n")
    # the expression starts at column 8 (after the quote); CEL reports the end of input
    assert any(":12:" in e and "bad `when` expression" in e for e in errors), errors


def test_cli_exits_2_with_location_on_bad_rule(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD.replace("check: part-whole", "check: sparkle"))
    story = tmp_path / "story.md"
    story.write_text("Of the 30 crew, 34 were rescued.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "consistency", "check", "--rules", str(folder), str(story)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert f"{folder / 'tiny.yaml'}:5:8: unknown check kind 'sparkle'" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "consistency", "check", "--format", "json", "--rules", str(folder), str(story)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    payload = json.loads(proc.stdout)
    assert payload["errors"][0]["line"] == 5 and payload["errors"][0]["column"] == 8


def test_non_utf8_and_empty_rule_files(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "a.yaml").write_bytes(b"id: \xff\xfe\n")
    (folder / "b.yaml").write_text("", encoding="utf-8")
    (folder / "c.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    _, errors = load_rules([folder])
    text = "\n".join(str(e) for e in errors)
    assert "a.yaml:1:1: rule file is not UTF-8" in text
    assert "b.yaml:1:1: empty rule file" in text
    assert "c.yaml:1:1: a rule file must be a mapping" in text


def test_a_user_pack_adds_rules_and_ids_must_be_unique(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD.replace("id: tiny", "id: part-exceeds-whole"), "part-exceeds-whole.yaml")
    from consistency.rules.loader import DEFAULT_RULES

    _, errors = load_rules([DEFAULT_RULES, folder])
    assert any("already defined" in str(e) for e in errors)


def test_when_condition_filters_findings(tmp_path: Path) -> None:
    rule = GOOD + "when: 'a.value > 100.0'\n"
    rule = rule.replace("    text: Of the 30 crew, 34 were rescued.", "    text: Of the 300 crew, 340 were rescued.")
    folder = write(tmp_path, rule)
    rules, errors = load_rules([folder])
    assert errors == []
    from consistency.rules.examples import run_examples

    assert all(r.passed for r in run_examples(rules))
    assert rules[0].when({"value": 34.0}, {}, {}) is False


def test_quoted_speech_is_exempt_unless_a_rule_opts_in(tmp_path: Path) -> None:
    from consistency.rules.examples import run_examples
    from consistency.rules.loader import DEFAULT_RULES

    text = (DEFAULT_RULES / "article" / "same-measure-conflict.yaml").read_text(encoding="utf-8")
    opted = text.replace("select:\n", "select:\n  include_quoted: true\n", 1)
    folder = write(tmp_path, opted, "same-measure-conflict.yaml")
    rules, errors = load_rules([folder])
    assert errors == []
    failed = [r.example.name for r in run_examples(rules) if not r.passed]
    assert failed == ["quoted speech is exempt"]


def test_a_message_leaves_out_a_field_the_figure_has_no_value_for() -> None:
    """'"651p a share"', not '"651p a share ?"': an empty field goes with the space before it;
    a name the hit does not provide stays as written, so authors see their typo."""
    from consistency.rules.engine import render

    fields = {"a": {"text": "651p a share", "noun": None}, "where": "b.md:8"}
    assert render('"{a.text} {a.noun}" in {where}', fields) == '"651p a share" in b.md:8'
    assert render('"{a.text} {a.noun}"', {"a": {"text": "9", "noun": "dead"}}) == '"9 dead"'
    assert render("{nosuch} and {where}", fields) == "{nosuch} and b.md:8"
