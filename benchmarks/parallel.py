"""All cores and beyond: `--jobs 2` against `--jobs 1`, and Dask against Ray, measured.

Speed-up: `check`, `extract` and `index` as fresh processes (GNU time, wall clock) on the
442 real texts (ContraDoc, as `benchmarks/check.py`) and `index` on the 20,000-article
corpus of `benchmarks/store.py` (the 442 texts repeated with fresh paths and dates over
2025, plus the seeds), each with --jobs 1 and --jobs 2, best of --repeat runs (the machine
may be shared: the best run is the one least disturbed). The CPU seconds of each run
(the process and its workers) are printed too: the speed-up is bounded by how much more
CPU the workers spend than one process does.

Engines (--engines): import time, start of a two-worker local cluster, the round trip of
an empty task, and the 442 texts extracted on the cluster in partitions, for Dask
distributed and (when importable in this Python) Ray. Run it once with the project's
Python and once with a Python that has ray and this project installed.

    python benchmarks/parallel.py [--only real,20k] [--repeat 3] [--engines] [--work DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "benchmarks" / "contradoc-clean" / "articles.jsonl"
BIN = Path(os.path.abspath(sys.executable)).parent / "consistency"


def _store_benchmark() -> object:
    spec = importlib.util.spec_from_file_location("store_benchmark", HERE / "store.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its workers) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def speedups(only: set[str], repeat: int, work: Path) -> None:
    cases: list[tuple[str, list[str], Path | None]] = []
    if "real" in only:
        cases += [
            ("check, 442 real texts", ["check", "--no-config", "--format", "json", str(CORPUS)], None),
            ("extract, 442 real texts", ["extract", "--format", "json", str(CORPUS)], None),
            ("index, 442 real texts", ["index", str(CORPUS), "--store", "{store}"], None),
        ]
    if "20k" in only:
        corpus = work / "corpus20k"
        if not corpus.is_dir():
            _store_benchmark().build(corpus, 20_000)  # type: ignore[attr-defined]
        cases.append(("index, 20,005 articles", ["index", str(corpus), "--store", "{store}"], None))
    print(f"{'':28} {'--jobs 1':>16} {'--jobs 2':>16} {'speed-up':>9}   (best of {repeat}; wall s, cpu s)")
    for label, argv, _ in cases:
        best: dict[int, tuple[float, float]] = {}
        for _ in range(repeat):
            for jobs in (1, 2):
                store = work / f"store-{jobs}.db"
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{store}{suffix}").unlink(missing_ok=True)
                args = [str(BIN), *(a.replace("{store}", str(store)) for a in argv), "--jobs", str(jobs)]
                wall, cpu = timed(args, work)
                if jobs not in best or wall < best[jobs][0]:
                    best[jobs] = (wall, cpu)
        (w1, c1), (w2, c2) = best[1], best[2]
        print(f"{label:28} {w1:7.2f} s {c1:5.1f} cpu {w2:7.2f} s {c2:5.1f} cpu {w1 / w2:8.2f}x", flush=True)


def _texts() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]


def _noop(x: int) -> int:
    return x


PARTITION = 32
"""Documents per task in the like-for-like figure (14 tasks for the 442 texts)."""


def _rows_of(records: list[dict]) -> int:
    """The task both engines run: read, extract and make the store's rows of some records."""
    from consistency.distributed.tables import table_rows
    from consistency.document.loaders import _feed_record
    from consistency.extract import extract_document

    n = 0
    for i, rec in enumerate(records):
        doc = _feed_record("articles.jsonl", json.dumps(rec), i + 1, set())
        n += len(table_rows(extract_document(doc))[1])
    return n


def _warm(_: int) -> int:
    return _rows_of(_texts()[:1])


def dask_figures(work: Path) -> None:
    t0 = time.perf_counter()
    from distributed import Client, LocalCluster

    imported = time.perf_counter() - t0
    t0 = time.perf_counter()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    client.submit(_noop, 0).result()
    started = time.perf_counter() - t0
    client.gather(client.map(_noop, range(50), pure=False))  # warm
    t0 = time.perf_counter()
    client.gather(client.map(_noop, range(1000), pure=False))
    per_task = (time.perf_counter() - t0) / 1000
    from consistency.cli.common import Run
    from consistency.distributed import dask_engine

    texts = _texts()
    client.gather(client.map(_warm, range(4), pure=False))  # every worker warm
    t0 = time.perf_counter()
    claims = sum(client.gather(client.map(_rows_of, [texts[i : i + PARTITION] for i in range(0, len(texts), PARTITION)],
                                          pure=False)))
    like = time.perf_counter() - t0
    out = work / "dask.parquet"
    t0 = time.perf_counter()
    summary = dask_engine.index_parquet([str(CORPUS)], str(out), None, [], Run(False), client=client)
    extracted = time.perf_counter() - t0
    client.close()
    cluster.close()
    print(f"dask {_version('distributed')}: import {imported:.2f} s, 2-worker local cluster up {started:.2f} s, "
          f"empty task {per_task * 1000:.2f} ms, 442 texts extracted to rows in {PARTITION}-document tasks "
          f"{like:.2f} s ({claims:,} claims); `index --engine dask` to Parquet {extracted:.2f} s "
          f"({summary.partitions} partitions)")


def ray_figures() -> None:
    t0 = time.perf_counter()
    import ray

    imported = time.perf_counter() - t0
    t0 = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    noop = ray.remote(_noop)
    ray.get(noop.remote(0))
    started = time.perf_counter() - t0
    ray.get([noop.remote(i) for i in range(50)])
    t0 = time.perf_counter()
    ray.get([noop.remote(i) for i in range(1000)])
    per_task = (time.perf_counter() - t0) / 1000

    rows_of, warm = ray.remote(_rows_of), ray.remote(_warm)
    ray.get([warm.remote(i) for i in range(4)])
    texts = _texts()
    t0 = time.perf_counter()
    claims = sum(ray.get([rows_of.remote(texts[i : i + PARTITION]) for i in range(0, len(texts), PARTITION)]))
    extracted = time.perf_counter() - t0
    ray.shutdown()
    print(f"ray {_version('ray')}: import {imported:.2f} s, 2-worker local cluster up {started:.2f} s, "
          f"empty task {per_task * 1000:.2f} ms, 442 texts extracted to rows in {PARTITION}-document tasks "
          f"{extracted:.2f} s ({claims:,} claims)")


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="real,20k", help="which speed-ups: real, 20k (comma-separated)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", action="store_true", help="measure Dask (and Ray, when importable) instead")
    parser.add_argument("--work", type=Path, help="a folder to keep the corpus and stores in (default: a temp one)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="consistency-parallel-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    try:
        if args.engines:
            if importlib.util.find_spec("distributed"):
                dask_figures(work)
            if importlib.util.find_spec("ray"):
                ray_figures()
        else:
            speedups({s.strip() for s in args.only.split(",")}, args.repeat, work)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
