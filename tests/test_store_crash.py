"""The claim store under `kill -9` and concurrent use: committed batches survive, the store
stays usable, and two writers or a writer and a reader all finish with the right rows."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from consistency.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
N = 160


def _write_articles(folder: Path, n: int) -> None:
    """n short articles with fresh dates and figures of their own; every tenth is the seeds'
    Putin piece (re-dated), the story a draft is checked against."""
    folder.mkdir(parents=True, exist_ok=True)
    putin = (SEEDS / "putin-safety-zone.md").read_text()
    for i in range(n):
        day = f"2025-{11 + i % 2:02d}-{1 + i % 28:02d}"
        if i % 10 == 0:
            text = re.sub(r"^date: .*$", f"date: {day}", putin, count=1, flags=re.M)
        else:
            text = (f"---\ndate: {day}\ntitle: Clean-up number {i + 1}\n---\n"
                    f"In all, {i + 3} volunteers from Ward {i} took part in clean-up number {i + 1} on Saturday. "
                    f"They filled {2 * i + 5} bags, the council said.\n")
        (folder / f"a{i:04d}.md").write_text(text)


def _rows(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    docs = con.execute("SELECT key, content_hash, fingerprint, claims, extraction FROM documents "
                       "ORDER BY key").fetchall()
    claims = con.execute('SELECT d.key, c.* FROM claims c JOIN documents d ON d.id = c.doc_id '
                         'ORDER BY d.key, c."index"').fetchall()
    features = con.execute("SELECT d.key, f.feature, f.lede FROM features f JOIN documents d ON d.id = f.doc_id "
                           "ORDER BY 1, 2").fetchall()
    con.close()
    return [*docs, *[(r[0], *r[2:]) for r in claims], *features]


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(db, timeout=5)
        try:
            return int(con.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            con.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


def _index_process(folder: Path, db: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "consistency", "index", str(folder), "--store", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple]]:
    """The generated archive and the rows of a clean, uninterrupted index of it."""
    root = tmp_path_factory.mktemp("store-crash")
    _write_articles(root / "archive", N)
    # In this process; the runs under test use every core (worker processes): the same rows either way.
    assert main(["index", str(root / "archive"), "--store", str(root / "clean.db"), "--quiet", "--jobs", "1"]) == 0
    return root / "archive", _rows(root / "clean.db")


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie waiting for its new parent to reap it does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(predicate: object, proc: subprocess.Popen, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not predicate():  # type: ignore[operator]
        assert proc.poll() is None, f"index ended early: {proc.communicate()}"
        assert time.monotonic() < deadline, "index made no progress"
        time.sleep(0.01)


def test_kill_9_mid_index_loses_nothing_committed(corpus: tuple[Path, list[tuple]], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    archive, clean = corpus
    db = tmp_path / "killed.db"
    proc = _index_process(archive, db)
    _wait_for(lambda: _count(db) > 0, proc)
    workers = _children(proc.pid)
    assert workers, "the run under test extracts in worker processes"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if _alive(w)], "workers outlived their killed caller"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    committed = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert 0 < committed < N, "the kill should land mid-way"
    # Every committed article is whole: its claims came with it.
    assert con.execute("SELECT SUM(claims) FROM documents").fetchone()[0] == \
        con.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    con.close()
    assert main(["index", str(archive), "--store", str(db)]) == 0
    assert f"{N - committed:,} new, 0 changed, {committed:,} unchanged" in capsys.readouterr().out
    assert _rows(db) == clean


def test_two_concurrent_index_runs(corpus: tuple[Path, list[tuple]], tmp_path: Path) -> None:
    archive, clean = corpus
    db = tmp_path / "shared.db"
    first, second = _index_process(archive, db), _index_process(archive, db)
    for proc in (first, second):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert f"indexed {N} articles" in out
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert _rows(db) == clean


def test_check_during_index(corpus: tuple[Path, list[tuple]], tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    archive, clean = corpus
    db = tmp_path / "busy.db"
    draft = tmp_path / "draft.md"
    draft.write_text((SEEDS / "safety-zone-follow-up.md").read_text())
    proc = _index_process(archive, db)
    _wait_for(lambda: _count(db) > 0, proc)
    checks = 0
    while (proc.poll() is None and checks < 3) or checks == 0:
        code = main(["check", str(draft), "--store", str(db), "--format", "json", "--no-config"])
        assert code in (0, 1)
        report = json.loads(capsys.readouterr().out)
        assert not report.get("errors")
        checks += 1
    assert proc.wait() == 0
    assert _rows(db) == clean
    # Once the archive is in, the draft meets its story's earlier article (the seeds' Putin piece).
    main(["check", str(draft), "--store", str(db), "--format", "json", "--no-config"])
    report = json.loads(capsys.readouterr().out)
    assert any(f["rule"] == "story-conflict" and f["related"][0]["path"] != str(draft) for f in report["findings"])
