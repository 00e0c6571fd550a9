"""The index path's speed mechanisms (session 9), each held to the behaviour it must keep:
the same rows, the same commits a crash relies on. No timings here (benchmarks/store.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from consistency.cli.common import Run
from consistency.store import index as store_index
from consistency.store.sqlite import Store
from tests.conftest import fail_write


def _articles(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        body = f"Crews cleared {i + 4} streets in Ward {i} on Monday, the council said.\n"
        (folder / f"n{i:03d}.md").write_text(f"---\ndate: 2025-04-{i % 28 + 1:02d}\n---\n{body}")


def _dump(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    out: list[tuple] = []
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall():
        out.extend(sorted(((name, *r) for r in con.execute(f"SELECT * FROM {name}")), key=repr))
    con.close()
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_batches_grow_from_the_first_to_the_largest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    jobs: int) -> None:
    """Each transaction is twice the one before, from `batch` up to `max_batch`, in input
    order, and the store holds what one article per transaction would give."""
    _articles(tmp_path / "archive", 37)
    sizes: list[int] = []
    real = Store.write_rows

    def spy(self: Store, batch: list) -> None:
        sizes.append(len(batch))
        real(self, batch)

    monkeypatch.setattr(Store, "write_rows", spy)
    summary = store_index.index([str(tmp_path / "archive")], str(tmp_path / "grown.db"), None, False, Run(False),
                                batch=2, max_batch=8, jobs=jobs)
    assert summary.added == 37
    assert sizes == [2, 4, 8, 8, 8, 7]
    sizes.clear()
    store_index.index([str(tmp_path / "archive")], str(tmp_path / "single.db"), None, False, Run(False),
                      batch=1, max_batch=1, jobs=jobs)
    assert sizes == [1] * 37
    assert _dump(tmp_path / "grown.db") == _dump(tmp_path / "single.db")
    with Store(str(tmp_path / "grown.db")) as store:  # ids in input order, whatever the batches
        keys = [k for (k,) in store.db.execute("SELECT key FROM documents ORDER BY id")]
    assert keys == sorted(keys)


def test_a_failing_later_batch_keeps_the_grown_ones_before_it(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _articles(tmp_path / "archive", 20)
    real = Store.write_rows
    fail_write(monkeypatch, 3)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        store_index.index([str(tmp_path / "archive")], str(tmp_path / "s.db"), None, False, Run(False),
                          batch=3, max_batch=100, jobs=1)
    monkeypatch.setattr(Store, "write_rows", real)
    with Store(str(tmp_path / "s.db")) as store:
        assert store.count() == 3 + 6  # the first two batches
