"""The shipped pre-commit hook, run by pre-commit itself in a temporary content repository:
a baseline written on existing copy makes the next run pass, and a new contradiction
committed afterwards fails it.

Offline: the hook definition is the shipped one (entry, file types, serial) read from
`.pre-commit-hooks.yaml`, as a `repo: local` hook with `language: system`, so pre-commit
runs the `consistency` installed here instead of building a virtualenv from the network
(`language: python` pip-installs the repository and its dependencies; see docs/ci.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

BIN = Path(sys.executable).parent

OLD = "---\ndate: 2025-03-02\n---\nOf the 30 crew on board, 34 were rescued on Sunday.\n"
CLEAN = "---\ndate: 2025-03-03\n---\nThe bridge opened on Monday after four years of work.\n"
NEW = "---\ndate: 2025-03-04\n---\nThe ferry carried 20 passengers, and 25 of the passengers were rescued.\n"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)


@pytest.fixture
def content_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    if shutil.which("git") is None or not (BIN / "pre-commit").exists():
        pytest.fail("the test extras (pre-commit) and git are needed: pip install -e '.[test]'")
    repo = tmp_path / "newsroom"
    (repo / "content").mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "desk@example.org")
    _git(repo, "config", "user.name", "Desk")
    _git(repo, "config", "commit.gpgsign", "false")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = dict(next(h for h in hooks if h["id"] == "consistency"))
    assert hook["entry"] == "consistency check" and hook["language"] == "python"
    hook["language"] = "system"  # offline: the consistency on PATH, no virtualenv built
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (repo / ".consistency.yaml").write_text("baseline: .consistency-baseline.json\n", encoding="utf-8")
    (repo / "content" / "old.md").write_text(OLD, encoding="utf-8")
    (repo / "content" / "clean.md").write_text(CLEAN, encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
        "SKIP": "",
    }
    return repo, env


def _pre_commit(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "pre-commit"), "run", *args], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=300)


def test_pre_commit_hook_with_a_baseline(content_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = content_repo
    # The archive as it is: the existing contradiction is accepted into a baseline.
    wrote = subprocess.run([str(BIN / "consistency"), "check", "--write-baseline", ".consistency-baseline.json",
                            "content"], cwd=repo, env=env, capture_output=True, text=True)
    assert wrote.returncode == 0, wrote.stdout + wrote.stderr
    assert "1 suppressed (1 baseline)" in wrote.stdout  # the old contradiction is there, accepted
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "archive and baseline")

    passing = _pre_commit(repo, env, "--all-files")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "consistency" in passing.stdout and "Passed" in passing.stdout

    # A new contradiction, staged: the hook (given the staged files) fails on it alone.
    (repo / "content" / "new.md").write_text(NEW, encoding="utf-8")
    _git(repo, "add", "content/new.md")
    failed = _pre_commit(repo, env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "content/new.md:4:" in failed.stdout and "part-exceeds-whole" in failed.stdout
    assert "content/old.md:4:" not in failed.stdout
