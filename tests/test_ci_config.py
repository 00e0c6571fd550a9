"""Configuration files: discovery, precedence, `consistency config`, and malformed
configuration and rule files reported at path:line:col with exit 2 in every format."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency import config
from consistency.cli import main
from tests.conftest import ROOT
from tests.test_ci_formats import validate_sarif

CREW = "Of the 30 crew, 34 were rescued.\n"
FORMATS = ("text", "json", "sarif", "github", "junit")


def test_the_nearest_configuration_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.consistency]\nfail-level = "error"\n', encoding="utf-8")
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert config.find(deep / "story.md") == tmp_path / "pyproject.toml"
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")  # no table
    assert config.find(deep) == tmp_path / "pyproject.toml"
    (tmp_path / "a" / ".consistency.yaml").write_text("fail-level: info\n", encoding="utf-8")
    assert config.find(deep) == tmp_path / "a" / ".consistency.yaml"
    (tmp_path / "a" / "b" / "pyproject.toml").write_text("[tool.consistency.severity]\nx = 'info'\n", "utf-8")
    assert config.find(deep) == tmp_path / "a" / "b" / "pyproject.toml"


_KEY_VALUES = {
    "fail-level": '"error"', "format": '"json"', "select": '["a", "b"]', "ignore": "['c']",
    "no-default-rules": "false", "date": "2025-01-02", "baseline": '"base.json"',
}


@settings(max_examples=40, deadline=None)
@given(
    keys=st.lists(st.sampled_from(sorted(_KEY_VALUES)), min_size=1, max_size=7, unique=True),
    noise=st.lists(st.sampled_from(["", "# a comment", "[project]", 'name = "x"', "[tool.ruff]", "line = 1"]),
                   max_size=4),
    severity=st.lists(st.sampled_from(["share-mismatch", "story-conflict", "age-mismatch"]), max_size=3,
                      unique=True),
    inline=st.booleans(),
)
def test_toml_key_positions_are_found_by_the_scan(keys: list[str], noise: list[str], severity: list[str],
                                                  inline: bool) -> None:
    lines = [*noise, "[tool.consistency]"]
    where: dict[str, tuple[int, int]] = {}
    for key in keys:
        lines.append(f"{key} = {_KEY_VALUES[key]}")
        where[key] = (len(lines), len(key) + 4)
    if severity and inline:
        line = "severity = { "
        for i, r in enumerate(severity):
            line += ", " * (i > 0) + f"{r} = "
            where[f"severity.{r}"] = (len(lines) + 1, len(line) + 1)  # the value's column
            line += '"info"'
        lines.append(line + " }")
        where["severity"] = (len(lines), 12)
    elif severity:
        lines += ["", "[tool.consistency.severity]"]
        where["severity"] = (len(lines), 1)
        for r in severity:
            lines.append(f'{r} = "info"')
            where[f"severity.{r}"] = (len(lines), len(r) + 4)
    text = "\n".join([*lines, *noise]) + "\n"
    found = config._toml_positions(text)
    for key, pos in where.items():
        assert found[key] == pos, (key, text)


def test_config_command_shows_values_and_origins(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "newsroom"\n\n[tool.consistency]\nrules = ["packs/house"]\nfail-level = "error"\n'
        'date = "today"\n\n[tool.consistency.severity]\nshare-mismatch = "info"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["config", "--format", "sarif", "--json"]) == 0
    settings_ = json.loads(capsys.readouterr().out)["settings"]
    assert settings_["rules"] == {"value": [str(Path("packs/house"))], "origin": "pyproject.toml:5:9"}
    assert settings_["fail-level"] == {"value": "error", "origin": "pyproject.toml:6:14"}
    assert settings_["date"] == {"value": "today", "origin": "pyproject.toml:7:8"}
    assert settings_["severity"] == {"value": {"share-mismatch": "info"}, "origin": "pyproject.toml:9:1"}
    assert settings_["format"] == {"value": "sarif", "origin": "command line"}
    assert settings_["select"] == {"value": [], "origin": "default"}
    assert main(["config"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("config file: pyproject.toml\n")
    assert re.search(r'^fail-level += "error"  # pyproject.toml:6:14$', text, re.M)


def test_config_sets_rules_severity_and_fail_level_under_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = tmp_path / "house" / "packs" / "mine"
    pack.mkdir(parents=True)
    shutil.copy(ROOT / "rules" / "article" / "part-exceeds-whole.yaml", pack)
    (tmp_path / "house" / ".consistency.yaml").write_text(
        "rules: [packs/mine]\nno-default-rules: true\nseverity: {part-exceeds-whole: warning}\nfail-level: error\n"
        "format: json\n", encoding="utf-8")
    story = tmp_path / "house" / "copy" / "story.md"
    story.parent.mkdir()
    story.write_text(CREW, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # not the config's folder: its paths are relative to itself
    assert main(["check", "--jobs", "1", str(story)]) == 0  # a warning, under the configured fail level
    payload = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["severity"]) for f in payload["findings"]] == [("part-exceeds-whole", "warning")]
    assert main(["check", "--jobs", "1", "--fail-level", "warning", "--format", "text", str(story)]) == 1
    assert "warning[part-exceeds-whole]" in capsys.readouterr().out
    assert main(["check", "--jobs", "1", "--no-config", "--format", "json", "--select", "share-mismatch",
                 str(story)]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


MALFORMED = [
    ("pyproject.toml", '[tool.consistency]\nfail-level = "error"\nselect = [\n', r"pyproject\.toml:3:\d+:",
     "invalid TOML"),
    (".consistency.yaml", "select: [a\nignore: b\n", r"\.consistency\.yaml:2:\d+:", "invalid YAML"),
    (".consistency.yaml", "fail-level: error\nfail_levle: warning\n", r"\.consistency\.yaml:2:1:",
     "unknown key 'fail_levle' (did you mean 'fail-level'?)"),
    ("pyproject.toml", "[tool.consistency]\nno-default-rules = \"yes\"\n", r"pyproject\.toml:2:20:",
     "'no-default-rules' must be true or false"),
]


def _assert_error_in(fmt: str, out: str, err: str, where: str, message: str) -> None:
    assert re.search(rf"consistency: {where} .*{re.escape(message)}", err), err
    if fmt == "text":
        assert out == ""
    elif fmt == "json":
        (error,) = json.loads(out)["errors"]
        assert message in error["message"] and re.match(where.rstrip(":"), f"{error['path']}:{error['line']}:"
                                                                             f"{error['column']}")
    elif fmt == "sarif":
        sarif = json.loads(out)
        validate_sarif(sarif)
        (note,) = sarif["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
        assert message in note["message"]["text"] and note["level"] == "error"
        assert note["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    elif fmt == "github":
        assert re.match(rf"::error file=.*,line=\d+,col=\d+,title=\w+ error::.*{re.escape(message)}", out)
    else:
        (error,) = ET.fromstring(out).iter("error")
        assert message in error.get("message")


@pytest.mark.parametrize("fmt", FORMATS)
def test_malformed_config_is_exit_2_in_every_format(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.md").write_text(CREW, encoding="utf-8")
    for name, text, where, message in MALFORMED:
        for old in (tmp_path / "pyproject.toml", tmp_path / ".consistency.yaml"):
            old.unlink(missing_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert main(["check", "--format", fmt, "story.md"]) == 2, name
        out, err = capsys.readouterr()
        _assert_error_in(fmt, out, err, where, message)


@pytest.mark.parametrize("fmt", FORMATS)
def test_malformed_rule_file_is_exit_2_in_every_format(fmt: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "broken.yaml").write_text("id: broken\nsummary: [unclosed\nseverity: error\n", encoding="utf-8")
    (tmp_path / "story.md").write_text(CREW, encoding="utf-8")
    assert main(["check", "--no-config", "--format", fmt, "--rules", str(pack), str(tmp_path / "story.md")]) == 2
    out, err = capsys.readouterr()
    _assert_error_in(fmt, out, err, r"\S*broken\.yaml:3:\d+:", "expected ',' or ']'")


def test_date_today_dates_only_the_undated(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    day = dt.date.today() - dt.timedelta(days=2)
    wrong = (day + dt.timedelta(days=1)).strftime("%A")  # a yearless date needs a reference year
    sentence = f"The election was held on {wrong}, {day.strftime('%B')} {day.day}.\n"
    (tmp_path / "undated.md").write_text(sentence, encoding="utf-8")
    (tmp_path / "dated.md").write_text(f"---\ndate: 2019-01-01\n---\n{sentence}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def weekday_findings(*args: str) -> list[str]:
        main(["check", "--jobs", "1", "--format", "json", *args, "undated.md", "dated.md"])
        payload = json.loads(capsys.readouterr().out)
        return sorted(f["path"] for f in payload["findings"] if f["rule"] == "weekday-mismatch")

    before = weekday_findings("--no-config")
    assert "undated.md" not in before  # no reference date: the yearless date stays unresolved
    (tmp_path / ".consistency.yaml").write_text("date: today\n", encoding="utf-8")
    assert weekday_findings() == sorted({"undated.md", *before})  # the dated one keeps its own date


def test_unknown_rule_ids_in_a_config_are_errors_at_their_key(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".consistency.yaml").write_text("fail-level: error\nignore: [no-such-rule]\n", encoding="utf-8")
    (tmp_path / "story.md").write_text(CREW, encoding="utf-8")
    assert main(["check", "--format", "json", "story.md"]) == 2
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert [(e["path"], e["line"], e["kind"]) for e in errors] == [(".consistency.yaml", 2, "config")]
    assert "no-such-rule" in errors[0]["message"]
    # The same id on the command line is a usage error, not a config file's.
    (tmp_path / ".consistency.yaml").unlink()
    assert main(["check", "--ignore", "no-such-rule", "story.md"]) == 2
    assert "unknown rule id(s): no-such-rule" in capsys.readouterr().err
