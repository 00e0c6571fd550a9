"""The claim store at archive scale: `consistency index` and `check --store` on a 20,000-article corpus.

The corpus is the 442 real texts `benchmarks/check.py` reads (ContraDoc, real news and
Wikipedia text) repeated with fresh paths and dates spread over 2025, one Markdown file
each in folders of 1,000, plus the five `seeds/`. Every command runs as a fresh process,
timed wall-clock, with its peak resident memory (GNU time's %M: the largest single process,
so with --jobs 2 the biggest of the parent and its workers).

Measured: index time and peak memory at 1,000 / 5,000 / 10,000 / 20,000 articles (a
table, to see the cost is linear), store bytes per article, re-index of the unchanged
archive, and `check` of one changed draft against the indexed 20,000 (best of 3).

    python benchmarks/store.py [--sizes 1000,5000,10000,20000] [--jobs 1,2] [--work DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "benchmarks" / "contradoc-clean" / "articles.jsonl"
BIN = Path(os.path.abspath(sys.executable)).parent / "consistency"
FOLDER = 1000


def build(root: Path, total: int) -> list[Path]:
    """`total` articles in folders of FOLDER, and the seeds; returns the folders in order."""
    texts = [json.loads(line)["text"] for line in CORPUS.read_text().splitlines() if line.strip()]
    folders = []
    start = dt.date(2025, 1, 1)
    for f in range(0, total, FOLDER):
        folder = root / f"part{f // FOLDER:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(f, min(total, f + FOLDER)):
            day = start + dt.timedelta(days=(i * 7919) % 365)  # spread over the year, not in runs
            body = texts[i % len(texts)]
            (folder / f"a{i:05d}.md").write_text(f"---\ndate: {day.isoformat()}\n---\n{body}\n")
        folders.append(folder)
    shutil.copytree(ROOT / "seeds", root / "seeds", dirs_exist_ok=True)
    return folders


def timed(args: list[str], cwd: Path) -> tuple[float, float, str, float]:
    """(wall seconds, peak MB, stdout, CPU seconds) of one command as a fresh process, the CPU
    with its workers': on a shared machine it is the figure to compare."""
    cmd = ["/usr/bin/time", "-f", "%M", *args] if os.path.exists("/usr/bin/time") else args
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    peak = float(proc.stderr.strip().splitlines()[-1]) / 1024 if cmd[0] == "/usr/bin/time" else float("nan")
    return wall, peak, proc.stdout, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000,20000")
    parser.add_argument("--jobs", default="1,2", help="--jobs values to index with (comma-separated)")
    parser.add_argument("--work", type=Path, help="folder for the corpus and stores (default: a temporary one)")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"no corpus at {CORPUS}")
    sizes = sorted(int(s) for s in args.sizes.split(","))
    jobs = [int(j) for j in args.jobs.split(",")]
    work = args.work or Path(tempfile.mkdtemp(prefix="consistency-store-"))
    print(f"building {sizes[-1]:,} articles in {work} ...", flush=True)
    folders = build(work / "corpus", sizes[-1])
    seeds = str(work / "corpus" / "seeds")
    rows = []
    for n in sizes:
        paths = [str(f) for f in folders[: -(-n // FOLDER)]] + [seeds]
        kb = sum(p.stat().st_size for f in folders[: -(-n // FOLDER)] for p in f.iterdir()) / 1024
        for j in jobs:
            store = work / f"store-{n}-j{j}.db"
            store.unlink(missing_ok=True)
            wall, peak, _, cpu = timed([str(BIN), "index", *paths, "--store", str(store), "--jobs", str(j), "--quiet"],
                                    work)
            size = store.stat().st_size
            rows.append((n, j, wall, peak, size, kb))
            print(f"index {n:>6,} articles --jobs {j}: {wall:6.1f} s, CPU {cpu:6.1f} s "
                  f"({cpu / n * 1000:.2f} ms/article), peak {peak:5.0f} MB, "
                  f"{n / wall:5.0f} articles/s, store {size / 1e6:6.1f} MB ({size / (n + 5) / 1024:.1f} KB/article)",
                  flush=True)
    n = sizes[-1]
    paths = [str(f) for f in folders] + [seeds]
    store = work / f"store-{n}-j{jobs[-1]}.db"
    for j in jobs:
        best = min(timed([str(BIN), "index", *paths, "--store", str(store), "--jobs", str(j), "--quiet"], work)[0]
                   for _ in range(2))
        print(f"re-index of the unchanged {n:,} --jobs {j}: {best:.2f} s (best of 2)", flush=True)
    draft = folders[0] / "a00001.md"  # an archived article, edited: it replaces its stored version
    text = draft.read_text()
    draft.write_text(text + "\nBy Friday, 17 people had been questioned, police said.\n")
    checks = [timed([str(BIN), "check", str(draft), "--store", str(store), "--no-config", "--jobs", "1"], work)
              for _ in range(3)]
    alone = [timed([str(BIN), "check", str(draft), "--no-config", "--jobs", "1"], work) for _ in range(3)]
    print(f"check of one changed draft against the {n:,}: {min(c[0] for c in checks):.2f} s "
          f"(peak {min(c[1] for c in checks):.0f} MB); the same check without the store: "
          f"{min(c[0] for c in alone):.2f} s", flush=True)
    draft.write_text(text)
    print("\n| articles | --jobs | index s | articles/s | peak MB | store MB | KB/article |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, j, wall, peak, size, _ in rows:
        print(f"| {n:,} | {j} | {wall:.1f} | {n / wall:.0f} | {peak:.0f} | {size / 1e6:.1f} | {size / n / 1024:.1f} |")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
