"""The cluster path: a local Dask cluster of two worker processes extracts a small corpus
into Parquet; the rows equal the single-machine rows row for row, the SQLite store loads
them into the same store `consistency index` builds, and DuckDB queries them."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the [scale] extra (dask, distributed, pyarrow) is not installed")
pytest.importorskip("pyarrow")

from consistency.cli.common import Run
from consistency.distributed import dask_engine, tables
from consistency.document import Document, load_paths
from consistency.extract import extract_document
from tests.test_parallel import SEEDS, write_feed


def _same(a: object, b: object) -> bool:
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))


def _rows_equal(got: list[dict], want: list[dict]) -> None:
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert list(g) == list(w)
        assert all(_same(g[k], w[k]) for k in w), {k: (g[k], w[k]) for k in w if not _same(g[k], w[k])}


@pytest.fixture(scope="module")
def cluster_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Run, dask_engine.Summary]:
    """One local cluster run for every test here (a cluster costs seconds to start)."""
    from distributed import Client, LocalCluster

    root = tmp_path_factory.mktemp("cluster")
    feed = write_feed(root / "feed.jsonl", copies=3)  # 15 articles, an empty one, a bad line
    out = root / "out.parquet"
    run = Run(False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        # partitions of 3: several per worker, finishing out of order
        summary = dask_engine.index_parquet([str(SEEDS), str(feed)], str(out), None, [], run, client=client,
                                            partition=3)
    return feed, out, run, summary


def _single_machine(feed: Path) -> list[tuple[dict, list[dict], list[dict]]]:
    docs = [d for d in load_paths([str(SEEDS), str(feed)]) if isinstance(d, Document)]
    return [tables.table_rows(extract_document(d)) for d in docs]


def test_cluster_rows_equal_single_machine_rows(cluster_run: tuple) -> None:
    feed, out, run, summary = cluster_run
    assert summary.workers == 2 and summary.partitions == 7 and summary.documents == 20
    assert [str(e) for e in run.errors] == [f"{feed}:12:1: not JSON (Expecting value)"]
    assert [n.path for n in run.notices] == [f"{feed}#empty"]
    want = _single_machine(feed)
    got = {t: [row for _, row in tables.read_rows(out, t)] for t in tables.TABLES}
    _rows_equal(got["documents"], [d for d, _, _ in want])
    _rows_equal(got["claims"], [c for _, cs, _ in want for c in cs])
    _rows_equal(got["features"], [f for _, _, fs in want for f in fs])
    assert summary.claims == len(got["claims"]) > 50
    for table in tables.TABLES:
        import pyarrow.parquet as pq

        assert tuple(pq.read_schema(tables.parts(out, table)[0]).names) == tables.columns(table)


def test_the_store_loads_the_parquet_as_index_stores_it(cluster_run: tuple, tmp_path: Path) -> None:
    from consistency.store.index import index
    from consistency.store.parquet import load_parquet
    from consistency.store.sqlite import Store

    feed, out, _, summary = cluster_run
    loaded_db, indexed_db = tmp_path / "loaded.db", tmp_path / "indexed.db"
    with Store(loaded_db) as store:
        loaded = load_parquet(store, out)
    assert (loaded.documents, loaded.claims) == (summary.documents, summary.claims)
    index([str(SEEDS), str(feed)], str(indexed_db), None, False, Run(False))

    def dump(db: Path) -> tuple[list, list, list]:
        con = sqlite3.connect(db)
        try:
            docs = con.execute("SELECT * FROM documents ORDER BY key").fetchall()
            names = [c[1] for c in con.execute("PRAGMA table_info(documents)")]
            drop = {names.index("id")}
            docs = [tuple(v for i, v in enumerate(row) if i not in drop) for row in docs]
            claims = con.execute("SELECT d.key, c.* FROM claims c JOIN documents d ON d.id = c.doc_id "
                                 "ORDER BY d.key, c.\"index\"").fetchall()
            claims = [(row[0], *row[2:]) for row in claims]  # without doc_id
            features = con.execute("SELECT d.key, f.feature, f.lede FROM features f JOIN documents d "
                                   "ON d.id = f.doc_id ORDER BY 1, 2").fetchall()
            return docs, claims, features
        finally:
            con.close()

    assert dump(loaded_db) == dump(indexed_db)
    with Store(loaded_db) as store:  # loading again replaces, never duplicates
        load_parquet(store, out)
    assert dump(loaded_db) == dump(indexed_db)


def test_duckdb_runs_the_blocked_join(cluster_run: tuple) -> None:
    """DuckDB reads the tables where they lie, and the corpus rules' blocked join (shared rare
    lede name, same measure, a date window) finds the changed figures of the repeated stories
    and none of the figures repeated unchanged."""
    duckdb = pytest.importorskip("duckdb")
    from consistency.distributed.sql import conflict_candidates, duckdb_tables

    _, out, _, summary = cluster_run
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM read_parquet('{out}/claims/*.parquet')").fetchone()[0] == summary.claims
    duckdb_tables(con, str(out))
    pairs = con.execute(conflict_candidates()).fetchall()
    found = {(a.split("#")[-1], text, b.split("#")[-1], other) for a, _, text, b, _, other, _ in pairs}
    assert ("flood-evacuation-0", "410", "flood-evacuation-1", "417") in found  # a changed figure
    assert ("putin-safety-zone-0", "87", "safety-zone-follow-up-0", "78") in found  # the seeds' own conflict
    assert not any(a.startswith("council-vote") for a, *_ in found)  # repeated unchanged: no pair
    assert all(measure for *_, measure in pairs)
    draft = next(a for a, *_ in pairs if a.endswith("#flood-evacuation-1"))
    one = con.execute(conflict_candidates(draft=True), {"draft": draft}).fetchall()
    assert one == [p for p in pairs if p[0] == draft]  # a draft's pairs alone, as checked against an archive


def test_cli_asks_for_the_output_and_the_extra(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from consistency.cli import main

    assert main(["index", str(SEEDS), "--engine", "dask", "--store", str(tmp_path / "s.db")]) == 2
    assert "--parquet" in capsys.readouterr().err
    assert main(["index", str(tmp_path), "--from-parquet", "--store", str(tmp_path / "s.db")]) == 2
    assert "no Parquet claim tables" in capsys.readouterr().err
