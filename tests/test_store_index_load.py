"""`index` reads archive files in its workers (`parallel.Load`): the same store, summary and
errors as reading them in the calling process, with one process or several."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from consistency import parallel
from consistency.cli import main
from consistency.document import Document
from consistency.errors import InputError
from consistency.store.sqlite import Store, document_key, fingerprint, prepare
from tests.conftest import fail_write

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _archive(folder: Path) -> None:
    """The seeds, twelve short articles, a file that is no UTF-8 and a bad front matter."""
    folder.mkdir()
    for p in SEEDS.glob("*.md"):
        shutil.copy(p, folder / p.name)
    for i in range(12):
        body = f"Crews cleared {i + 4} streets in Ward {i} on Monday, the council said.\n"
        (folder / f"n{i:02d}.md").write_text(f"---\ndate: 2025-04-{i + 1:02d}\n---\n{body}")
    (folder / "bad-bytes.md").write_bytes(b"---\ndate: 2025-01-01\n---\n\xff\xfe 12 people\n")
    (folder / "bad-date.md").write_text("---\ndate: 2025-13-45\n---\nTwelve people were hurt.\n")


def _dump(db: Path) -> list[tuple]:
    """Every row of every table, sorted: the whole store."""
    con = sqlite3.connect(db)
    out: list[tuple] = []
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall():
        out.extend(sorted(((name, *r) for r in con.execute(f"SELECT * FROM {name}")), key=repr))
    con.close()
    return out


def _index(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["index", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_reading_in_workers_gives_the_store_of_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    _archive(tmp_path / "archive")
    one = _index(capsys, "archive", "archive/n00.md", "--store", "one.db", "--jobs", "1")
    two = _index(capsys, "archive", "archive/n00.md", "--store", "two.db", "--jobs", "2")
    assert one == (two[0], two[1].replace("two.db", "one.db"), two[2])
    code, out, err = one
    assert code == 2 and "17 new, 0 changed, 0 unchanged, 0 removed, 2 not indexed (errors)" in out
    assert err.count("bad-bytes.md") == 1 and err.count("bad-date.md:2") == 1  # in input order, once each
    assert _dump(tmp_path / "one.db") == _dump(tmp_path / "two.db")
    again = _index(capsys, "archive", "--store", "two.db", "--jobs", "2", "--prune")
    assert "0 new, 0 changed, 17 unchanged, 0 removed, 2 not indexed" in again[1]
    (tmp_path / "archive" / "n03.md").write_text("---\ndate: 2025-04-04\n---\nCrews cleared 9 streets.\n")
    (tmp_path / "archive" / "n04.md").unlink()
    code, out, _ = _index(capsys, "archive", "--store", "two.db", "--jobs", "2", "--prune")
    assert "0 new, 1 changed, 15 unchanged, 1 removed, 2 not indexed" in out


def test_an_unreadable_file_is_not_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    _archive(tmp_path / "archive")
    _index(capsys, "archive", "--store", "s.db", "--jobs", "2")
    vote = tmp_path / "archive" / "council-vote.md"
    vote.write_bytes(b"\xff\xfe not text any more")
    code, out, err = _index(capsys, "archive", "--store", "s.db", "--jobs", "2", "--prune")
    assert code == 2 and "0 removed" in out and "council-vote.md" in err
    with Store(str(tmp_path / "s.db")) as store:
        assert any(k.endswith("council-vote.md") for k in store.known())


def test_an_extraction_failure_in_a_worker_costs_its_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    import consistency.extract

    monkeypatch.chdir(tmp_path)
    _archive(tmp_path / "archive")
    real = consistency.extract.extract_document

    def flaky(doc: Document, date: object = None) -> object:
        if doc.path.endswith("n05.md"):
            raise RuntimeError("boom")
        return real(doc, date)

    monkeypatch.setattr(consistency.extract, "extract_document", flaky)  # forked workers inherit it
    code, out, err = _index(capsys, "archive", "--store", "s.db", "--jobs", "2")
    assert code == 2 and "16 new" in out and "3 not indexed" in out and "n05.md" in err and "boom" in err
    monkeypatch.setattr(consistency.extract, "extract_document", real)
    code, out, _ = _index(capsys, "archive", "--store", "s.db", "--jobs", "2")
    assert "1 new, 0 changed, 16 unchanged" in out  # its file was not recorded as done


def _read(context: object, item: parallel.Load, run: parallel.DocumentRun) -> object:
    if item.data == "bad":
        run.error(InputError(item.path, "unreadable"))
        return parallel.Failed(item, False)
    if item.data == "same":
        return ("unchanged", item.path)
    return Document(item.path, f"On Monday {item.size} people were hurt.")


@pytest.mark.parametrize("jobs", [1, 2])
def test_load_items_come_back_in_input_order(jobs: int) -> None:
    kinds = ["new", "bad", "same", "new", "new", "bad", "new", "same", "new", "new", "new"]
    items = [parallel.Load(f"a{i}.md", i + 1, kind) for i, kind in enumerate(kinds)]
    items.insert(4, InputError("loose.md", "a loader's error between them"))
    run = parallel.DocumentRun()  # keeps errors in the order they come (a command's Run sorts them)
    work = parallel.Work(step=lambda context, ex, run: ("extracted", ex.document.path), read=_read)
    out = list(parallel.map_documents(items, work, run, jobs=jobs))
    assert [o if isinstance(o, tuple) else ("failed", o.item.path) for o in out] == [
        ("extracted", "a0.md"), ("failed", "a1.md"), ("unchanged", "a2.md"), ("extracted", "a3.md"),
        ("extracted", "a4.md"), ("failed", "a5.md"), ("extracted", "a6.md"), ("unchanged", "a7.md"),
        ("extracted", "a8.md"), ("extracted", "a9.md"), ("extracted", "a10.md")]
    assert [e.path for e in run.errors] == ["a1.md", "loose.md", "a5.md"]


def test_write_rows_stores_what_write_batch_stores(tmp_path: Path) -> None:
    from consistency.extract import extract_document
    from consistency.store.index import _rows_step
    from consistency.store.rows import claim_rows, document_row, feature_rows

    fp = fingerprint(None)
    docs = [d for d in parallel.consistency.document.load_paths([str(SEEDS)]) if isinstance(d, Document)]
    exs = [extract_document(d) for d in docs]
    dicts = []
    for ex in exs:
        key, source = document_key(ex.document.path, ex.document.kind)
        dicts.append((key, source, fp, document_row(ex), claim_rows(ex), feature_rows(ex)))
    with Store(tmp_path / "a.db") as a, Store(tmp_path / "b.db") as b:
        a.write_batch(dicts)
        b.write_rows([_rows_step(fp, None, ex, None) for ex in exs])
        assert [_rows_step(fp, None, ex, None) for ex in exs] == [prepare(*d) for d in dicts]
        b.write_rows([_rows_step(fp, None, ex, None) for ex in exs[:2]] * 2)  # rewritten, and twice in a batch
    assert _dump(tmp_path / "a.db") == _dump(tmp_path / "b.db")


def test_spawned_workers_read_and_build_rows_as_one_process(tmp_path: Path) -> None:
    """Where workers are spawned (macOS, Windows) the index's read and row steps travel by
    pickle and run in fresh interpreters: the same results as in one process."""
    import functools

    from consistency.store.index import _prepare, _read, _rows_step

    _archive(tmp_path / "archive")
    fp = fingerprint(None)
    paths = sorted((tmp_path / "archive").glob("n*.md"))
    items = [parallel.Load(str(p), p.stat().st_size, None) for p in paths]
    work = parallel.Work(None, functools.partial(_rows_step, fp), functools.partial(_prepare, ()), read=_read)
    one = list(parallel.map_documents(items, work, parallel.DocumentRun(), jobs=1))
    spawned = list(parallel.map_documents(items, work, parallel.DocumentRun(), jobs=2, start_method="spawn"))
    assert spawned == one and len(one) == len(paths)


def test_the_progress_line_counts_a_file_by_its_bytes() -> None:
    """A `Load` has no text yet: the progress line adds its size instead (no error)."""
    from consistency.cli.common import progress_bar

    with progress_bar(True) as tick:
        assert tick is not None
        tick(parallel.Load("a.md", 2048))
        tick(Document("b.md", "Twelve people were hurt."))
    assert parallel.size_of(parallel.Load("a.md", 2048)) == 2048


def test_a_failing_write_stops_the_index_with_its_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches are written in a thread of their own; what writing raises still ends the
    run, from `index` itself, and the batches committed before it stay."""
    from consistency.cli.common import Run
    from consistency.store import index as store_index

    _archive(tmp_path / "archive")
    real = Store.write_rows
    fail_write(monkeypatch, 2)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        store_index.index([str(tmp_path / "archive")], str(tmp_path / "s.db"), None, False, Run(False), batch=4,
                          jobs=2)
    monkeypatch.setattr(Store, "write_rows", real)
    with Store(str(tmp_path / "s.db")) as store:
        assert store.count() == 4  # the first batch
