"""CI output formats: SARIF against the shared schema (offline), claim fingerprints, GitHub
annotation limits and escaping, JUnit XML, versioned JSON, --output."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry

from consistency.cli import main
from consistency.findings import Finding, Location
from consistency.report.findings import GITHUB_PER_KIND, Report, render_github, render_junit
from tests.conftest import SHARED

SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"

TWO = (
    "---\ndate: 2025-03-02\n---\n"
    "Of the 30 crew on board, 34 were rescued on Sunday.\n\n"
    "<!-- consistency: ignore part-exceeds-whole -- the agency's own figures -->\n"
    "Of the 12 boats, 15 were recovered by Monday.\n"
)


def _refuse(uri: str) -> None:
    raise AssertionError(f"the SARIF schema asked for a remote document: {uri}")


def validate_sarif(payload: dict) -> None:
    """Validate against the shared SARIF 2.1.0 schema without the network: every `$ref` in it
    is local, and the registry refuses to fetch anything else."""
    assert SCHEMA.is_file(), f"the shared SARIF schema is missing: {SCHEMA}"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, registry=Registry(retrieve=_refuse))
    errors = sorted(validator.iter_errors(payload), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--jobs", "1", "--no-config", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_sarif_is_valid_with_fingerprints_related_and_suppressions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "rescue.md"
    article.write_text(TWO, encoding="utf-8")
    report = tmp_path / "out" / "report.sarif"
    code, out, _ = cli(capsys, "--format", "sarif", "--output", str(report), str(article))
    assert code == 1
    assert re.fullmatch(r"1 document checked: 1 error; 1 suppressed \(1 inline\); report \(sarif\) in \S+\n", out)
    sarif = json.loads(report.read_text(encoding="utf-8"))
    validate_sarif(sarif)
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules) and len(rules) >= 20
    live = [r for r in run["results"] if "suppressions" not in r]
    gone = [r for r in run["results"] if "suppressions" in r]
    assert [r["ruleId"] for r in live] == ["part-exceeds-whole"] and len(gone) == 1
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert re.fullmatch(r"[0-9a-f]{32}:1", result["partialFingerprints"]["consistencyClaim/v1"])
        assert result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 4 + 3 * (result in gone)
    assert live[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert gone[0]["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "the agency's own figures"}
    ]
    assert live[0]["partialFingerprints"] != gone[0]["partialFingerprints"]


def _fingerprints(capsys: pytest.CaptureFixture[str], path: Path) -> list[tuple[str, str, int]]:
    _, out, _ = cli(capsys, "--format", "json", str(path))
    payload = json.loads(out)
    assert payload["version"] == 1
    return [(f["rule"], f["fingerprint"], f["line"]) for f in payload["findings"]]


def test_fingerprints_survive_edits_elsewhere_but_not_to_the_claim(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.md"
    body = "Of the 30 crew on board, 34 were rescued on Sunday.\n\nThe port  reopened on   Monday.\n"
    article.write_text("---\ndate: 2025-03-02\n---\n" + body, encoding="utf-8")
    before = _fingerprints(capsys, article)
    assert [r for r, _, _ in before] == ["part-exceeds-whole"]
    edited = "---\ndate: 2025-03-02\ntitle: Rescue\n---\nA new lede paragraph was added.\n\n" + body.replace(
        "Of the 30 crew on board,", "Of  the 30 crew\non board,") + "\nMore text at the end.\n"
    article.write_text(edited, encoding="utf-8")
    after = _fingerprints(capsys, article)
    assert [fp for _, fp, _ in after] == [fp for _, fp, _ in before]  # spacing and line breaks fold
    assert after[0][2] != before[0][2]  # the finding moved down, its fingerprint did not change
    article.write_text(edited.replace("34 were rescued", "36 were rescued"), encoding="utf-8")
    changed = _fingerprints(capsys, article)
    assert [r for r, _, _ in changed] == ["part-exceeds-whole"] and changed[0][1] != before[0][1]


def _loc(path: str, line: int, sentence: str = "Of 30, 34 went.", start: int = 7) -> Location:
    return Location(path, start, start + 2, line, 8, line, 10, sentence, 0)


def _finding(i: int, severity: str, path: str = "a,b:c.md", message: str = "") -> Finding:
    return Finding(f"rule-{severity}", severity, message or f"finding {i}", _loc(path, i + 1),
                   (_loc(path, i + 1, start=3),))


def test_github_annotations_stay_within_the_per_step_limits() -> None:
    findings = [_finding(i, "warning") for i in range(15)] + [_finding(i, "error") for i in range(12)]
    findings += [_finding(i, "info") for i in range(GITHUB_PER_KIND + 2)]
    out = render_github(Report(findings=findings, documents=3))
    lines = out.splitlines()
    kinds = [m.group(1) for m in (re.match(r"::(error|warning|notice) ", x) for x in lines) if m]
    assert kinds.count("warning") == GITHUB_PER_KIND and kinds.count("error") == GITHUB_PER_KIND
    assert kinds.count("notice") == GITHUB_PER_KIND  # nine info findings and the summary
    overflow = [x for x in lines if x.startswith("  ")]
    assert len(overflow) == 5 + 2 + 3
    assert all(not x.lstrip().startswith("::") for x in overflow)
    assert f"{len(overflow)} more not shown as annotations" in out
    assert lines[-1].startswith("::notice title=consistency::3 documents checked: 12 errors, 15 warnings, 12 infos")
    assert lines[-1].endswith(f"; {len(overflow)} not shown as annotations, listed in the log")


def test_github_escapes_properties_and_messages() -> None:
    message = "100% of 5\r\nthen ::error::x " + "y" * 5000
    out = render_github(Report(findings=[_finding(0, "error", "dir,x/a:b.md", message)], documents=1))
    first = out.splitlines()[0]
    assert first.startswith("::error file=dir%2Cx/a%3Ab.md,line=1,col=8,endLine=1,endColumn=10,title=rule-error::")
    data = first.split("::", 2)[2]
    assert data.startswith("100%25 of 5%0D%0Athen ::error::x y")
    assert "\n" not in data and len(data) < 4100 and data.endswith("…")


def test_junit_one_testcase_per_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text(TWO.replace("<!-- consistency: ignore part-exceeds-whole -- the agency's own "
                                               "figures -->\n", ""), encoding="utf-8")
    (tmp_path / "b.md").write_text("The bridge opened on Monday.\n", encoding="utf-8")
    (tmp_path / "c.md").write_bytes(b"\xff\xfe\x00 not text")
    code, out, _ = cli(capsys, "--format", "junit", str(tmp_path))
    assert code == 2
    suites = ET.fromstring(out)
    cases = {Path(c.get("name")).name: c for c in suites.iter("testcase")}
    assert set(cases) == {"a.md", "b.md", "c.md"}
    assert [f.get("type") for f in cases["a.md"].findall("failure")] == ["error[part-exceeds-whole]"] * 2
    assert not list(cases["b.md"]) and cases["c.md"].find("error").get("type") == "input"
    assert suites.get("tests") == "3" and suites.get("failures") == "1" and suites.get("errors") == "1"


def test_junit_escapes_and_keeps_findings_below_the_fail_level_as_output() -> None:
    nasty = Finding("r", "info", 'a <b> & "c" \x1b[31m \ufffe', _loc("x&y.md", 1))
    fails = Finding("s", "error", "bad", _loc("x&y.md", 2))
    out = render_junit(Report(findings=[nasty, fails], documents=1, paths=["x&y.md"], fail_level="warning"))
    case = ET.fromstring(out).find("testsuite/testcase")
    assert case.get("name") == "x&y.md"
    assert [f.get("message") for f in case.findall("failure")] == ["x&y.md:2:8: bad"]
    assert 'a <b> & "c" \\x1b[31m \ufffd' in case.find("system-out").text


def test_output_quiet_and_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.md"
    article.write_text("Of the 30 crew, 34 were rescued.\n", encoding="utf-8")
    code, out, _ = cli(capsys, "--output", str(tmp_path / "r.txt"), "--quiet", str(article))
    assert code == 1 and out == ""
    text = (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert "error[part-exceeds-whole]" in text and text.endswith("1 document checked: 1 error\n")
