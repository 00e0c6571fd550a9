"""`consistency check` end to end: the seed corpus, the output formats, exit codes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ROOT

SEEDS = ROOT / "seeds"


def check(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "consistency", "check", *args], capture_output=True, text=True, input=stdin, cwd=ROOT
    )


def test_seeds_show_article_and_corpus_findings() -> None:
    proc = check("--format", "json", "seeds/")
    assert proc.returncode == 1, proc.stderr
    payload = json.loads(proc.stdout)
    assert payload["version"] == 1
    assert payload["summary"] == {"documents": 5, "findings": len(payload["findings"])}
    rules = {(f["rule"], Path(f["path"]).name) for f in payload["findings"]}
    assert ("share-mismatch", "council-vote.md") in rules
    assert ("change-mismatch", "council-vote.md") in rules
    assert ("same-measure-conflict", "flood-evacuation.md") in rules
    assert ("story-conflict", "safety-zone-follow-up.md") in rules
    assert ("stale-as-of", "putin-safety-zone.md") in rules
    assert not any(Path(f["path"]).name == "bridge-opening.md" for f in payload["findings"])
    keys = {"rule", "severity", "message", "path", "line", "column", "end_line", "end_column", "related", "fingerprint"}
    for f in payload["findings"]:
        assert set(f) == keys
        for r in f["related"]:
            assert set(r) == {"path", "line", "column", "message"}
    corpus = next(f for f in payload["findings"] if f["rule"] == "story-conflict")
    assert Path(corpus["related"][0]["path"]).name == "putin-safety-zone.md"
    assert (corpus["line"], corpus["column"]) == (9, 61)


def test_text_format_quotes_both_sentences() -> None:
    proc = check("seeds/flood-evacuation.md")
    assert proc.returncode == 1
    first = proc.stdout.splitlines()[0]
    assert (
        first
        == 'seeds/flood-evacuation.md:9:24: warning[same-measure-conflict] "140 residents" here, but "410" at line 6'
    )
    assert "»140«" in proc.stdout and "»410«" in proc.stdout


def test_fail_level_and_select_ignore() -> None:
    assert check("--fail-level", "none", "seeds/").returncode == 0
    assert check("--fail-level", "error", "seeds/flood-evacuation.md").returncode == 0
    assert check("--fail-level", "info", "seeds/putin-safety-zone.md").returncode == 1
    proc = check("--format", "json", "--select", "share-mismatch", "seeds/")
    assert {f["rule"] for f in json.loads(proc.stdout)["findings"]} == {"share-mismatch"}
    proc = check("--format", "json", "--ignore", "share-mismatch,change-mismatch", "seeds/council-vote.md")
    assert json.loads(proc.stdout)["findings"] == [] and proc.returncode == 0
    proc = check("--select", "no-such-rule", "seeds/")
    assert proc.returncode == 2 and "unknown rule id(s): no-such-rule" in proc.stderr


def test_clean_article_exits_zero() -> None:
    proc = check("seeds/bridge-opening.md")
    assert proc.returncode == 0
    assert proc.stdout.strip().endswith("1 document checked: no findings")


def test_sarif_output_is_valid(shared: Path) -> None:
    proc = check("--format", "sarif", "seeds/")
    sarif = json.loads(proc.stdout)
    schema = json.loads((shared / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema)
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"share-mismatch", "story-conflict"}
    assert all(r["level"] in ("error", "warning", "note") for r in results)


def test_github_annotations() -> None:
    proc = check("--format", "github", "seeds/council-vote.md")
    assert proc.stdout.startswith("::error file=seeds/council-vote.md,line=10,col=23,")


def test_unreadable_article_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("---\ndate: 2025-01-01\n---\nOf the 30 crew, 34 were rescued.\n", "utf-8")
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe not utf-8 \x00")
    (tmp_path / "empty.txt").write_text("", "utf-8")
    for fmt in ("json", "text", "sarif"):
        proc = check("--format", fmt, str(tmp_path))
        assert proc.returncode == 2
        assert "Traceback" not in proc.stderr
        assert "bad.md" in proc.stdout and "empty.txt" in proc.stdout
        assert "part-exceeds-whole" in proc.stdout
    payload = json.loads(check("--format", "json", str(tmp_path)).stdout)
    assert {Path(e["path"]).name for e in payload["errors"]} == {"bad.md", "empty.txt"}
    assert payload["summary"]["documents"] == 1


def test_stdin_with_date() -> None:
    proc = check("--date", "2025-11-14", "-", stdin="The vote was on Wednesday, November 13, 2025.\n")
    assert proc.returncode == 1
    assert "weekday-mismatch" in proc.stdout and "2025-11-13 is a Thursday, not a Wednesday" in proc.stdout


@pytest.mark.parametrize("args", [["--format", "xml", "seeds/"], ["--date", "yesterday", "seeds/"], []])
def test_usage_errors_exit_2(args: list[str]) -> None:
    proc = check(*args)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_rules_commands() -> None:
    proc = subprocess.run([sys.executable, "-m", "consistency", "rules", "list"], capture_output=True, text=True)
    assert proc.returncode == 0 and "story-conflict" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "consistency", "rules", "test"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
