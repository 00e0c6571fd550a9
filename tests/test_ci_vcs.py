"""Pull-request mode: --changed-since REF reports findings in changed files only (the other
files still count for corpus rules); --new-only only those on changed lines."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from consistency.cli import main
from tests.conftest import ROOT

HEAD = "---\ndate: 2025-03-02\n---\n"
CREW = "Of the 30 crew, 34 were rescued."
BOATS = "Of the 12 boats, 15 were recovered."


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "content"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "desk@example.org")
    git(root, "config", "user.name", "Desk")
    git(root, "config", "commit.gpgsign", "false")
    (root / "a.md").write_text(f"{HEAD}{CREW}\n\nThe port reopened.\n", encoding="utf-8")
    (root / "b.md").write_text(f"{HEAD}{BOATS}\n", encoding="utf-8")
    for name in ("putin-safety-zone.md", "safety-zone-follow-up.md"):
        shutil.copy(ROOT / "seeds" / name, root / name)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "archive")
    git(root, "checkout", "-q", "-b", "draft")
    monkeypatch.chdir(root)
    return root


def found(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[tuple[str, str, int]]]:
    code = main(["check", "--jobs", "1", "--no-config", "--format", "json", *args, "."])
    payload = json.loads(capsys.readouterr().out)
    return code, sorted((Path(f["path"]).name, f["rule"], f["line"]) for f in payload["findings"])


def test_changed_files_and_changed_lines(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (repo / "a.md").open("a", encoding="utf-8") as handle:
        handle.write(f"\n{BOATS}\n")  # line 8, committed on the branch
    git(repo, "commit", "-q", "-am", "draft")
    (repo / "c.md").write_text(f"{HEAD}{CREW}\n", encoding="utf-8")  # new, not even added yet
    # The older article of the story gets a sentence on the line of its figure: the story
    # conflict stands in the unchanged follow-up but points at the changed line.
    putin = repo / "putin-safety-zone.md"
    lines = putin.read_text(encoding="utf-8").split("\n")
    lines[21] += " The ministry did not comment."
    putin.write_text("\n".join(lines), encoding="utf-8")

    code, everything = found(capsys)
    assert ("b.md", "part-exceeds-whole", 4) in everything and code == 1
    code, changed = found(capsys, "--changed-since", "main")
    assert {name for name, _, _ in changed} == {"a.md", "c.md", "putin-safety-zone.md", "safety-zone-follow-up.md"}
    assert ("a.md", "part-exceeds-whole", 4) in changed and ("a.md", "part-exceeds-whole", 8) in changed
    code, new = found(capsys, "--changed-since", "main", "--new-only")
    assert ("a.md", "part-exceeds-whole", 8) in new and ("c.md", "part-exceeds-whole", 4) in new
    assert ("a.md", "part-exceeds-whole", 4) not in new
    assert ("safety-zone-follow-up.md", "story-conflict", 9) in new  # its other side is on a changed line
    assert all(name != "b.md" for name, _, _ in new)


def test_clean_branch_reports_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, changed = found(capsys, "--changed-since", "main")
    assert (code, changed) == (0, [])


def test_errors_are_usage_errors(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["check", "--no-config", "--changed-since", "no-such-branch", "."]) == 2
    assert "unknown git ref 'no-such-branch'" in capsys.readouterr().err
    assert main(["check", "--no-config", "--new-only", "."]) == 2
    assert "--new-only needs --changed-since" in capsys.readouterr().err
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / "a.md").write_text(f"{HEAD}{CREW}\n", encoding="utf-8")
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert main(["check", "--no-config", "--format", "json", "--changed-since", "main", "a.md"]) == 2
    out, err = capsys.readouterr()
    assert "needs a git repository: a.md is not inside one" in err
    assert "needs a git repository" in json.loads(out)["errors"][0]["message"]
