"""Speed on one core (issue 9): `consistency check` throughput on real news, side by side with
raw quantulum3 and raw dateparser on the same sentences, plus the cost of a cold start.

    python benchmarks/throughput.py [--corpus PATH] [--date 2024-06-01] [--sample N]
                                    [--skip-raw] [--grouping] [--markdown]

The texts are the ones `benchmarks/check.py` reads (the 442 ContraDoc articles). Every
figure is CPU seconds of one process (`time.process_time`, or the child's user+system time
for subprocesses), so it is per core and other load on a shared machine counts less; wall
seconds are printed beside it. Measured, each in this one run:

  (a) raw quantulum3: `quantulum3.parser.parse(sentence)` on every sentence (our segmenter);
  (b) raw dateparser: `dateparser.search.search_dates(sentence, languages=["en"])`, the call
      that finds dates in running text (`dateparser.parse` only reads a whole string as one date);
  (c) our extraction alone (`extract_document`, dates resolved against `--date`);
  (d) extraction plus the default pack's rules (`run_rules`), in this process;
  (e) `consistency check --format json` as a subprocess on the whole corpus (imports, loading,
      rules, report: the end-to-end figure);
  cold start: `consistency check` on one seed file, best of 5 wall, and the heaviest imports
  of `python -X importtime`.

`--grouping` times story grouping (`consistency.rules.stories.stories`) on corpora of 1,000
to 20,000 articles made from the extracted texts with fresh ids and dates spread over a year.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))  # the package itself comes from the environment (PYTHONPATH wins)

from check import CORPUS  # noqa: E402  (the same texts as benchmarks/check.py)

from consistency.document import load_paths  # noqa: E402
from consistency.document.model import Document  # noqa: E402
from consistency.document.segment import sentences  # noqa: E402

SEED = ROOT / "seeds" / "council-vote.md"


def gather(corpus: Path, sample: int | None) -> list[Document]:
    """The documents `benchmarks/check.py` checks (optionally only the first `sample`)."""
    docs = [d for d in load_paths([str(corpus)]) if isinstance(d, Document)]
    return docs[:sample] if sample else docs


def timed(work: Callable[[], object]) -> tuple[float, float, object]:
    """(CPU seconds, wall seconds, result) of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = work()
    return time.process_time() - cpu, time.perf_counter() - wall, result


def row(label: str, size: int, cpu: float, wall: float) -> tuple[str, float, float, float]:
    print(f"{label:<44} {cpu:7.2f} s cpu {wall:7.2f} s wall {size / 1024 / cpu:8.0f} KB/s per core")
    return label, cpu, wall, size / 1024 / cpu


def raw_quantulum(sents: list[str]) -> Callable[[], None]:
    from consistency.extract.unit_fallback import _parser  # quantulum3, imported without typeguard's cost

    parser = _parser()
    parser.parse("It weighs 5 pascals.")  # its tables build on first use: not part of the rate

    def work() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for s in sents:
                with contextlib.suppress(Exception):  # quantulum3 raises on some input; a caller goes on
                    parser.parse(s)

    return work


def raw_dateparser(sents: list[str]) -> Callable[[], None]:
    import dateparser.search

    dateparser.search.search_dates("on 5 March 2024", languages=["en"])  # load its language data first

    def work() -> None:
        for s in sents:
            dateparser.search.search_dates(s, languages=["en"])

    return work


def child_cpu(cmd: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """CPU seconds (user + system of the child) and wall seconds of one subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd="/tmp", check=False)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    return cpu, wall, done


def consistency_cmd() -> list[str]:
    script = Path(os.path.abspath(sys.executable)).parent / "consistency"  # cwd is /tmp for the child
    return [str(script)] if script.exists() else [sys.executable, "-m", "consistency"]


def cold_start(runs: int = 5) -> None:
    """A fresh process checking one draft, three ways: with the disk caches a previous run
    left (`consistency.diskcache`: checked rule files, parsed lexicons, lemma answers), the
    usual case; with an empty cache folder (the first run on a machine, which fills it); and
    with warm caches but a draft of words no run has seen (simplemma must be imported)."""
    import tempfile

    cmd = [*consistency_cmd(), "check", str(SEED)]
    child_cpu(cmd)  # fills the caches
    walls, cpus = [], []
    for _ in range(runs):
        cpu, wall, _done = child_cpu(cmd)
        walls.append(wall)
        cpus.append(cpu)
    print(
        f"\ncold `consistency check {SEED.relative_to(ROOT)}`: best of {runs} {min(walls):.3f} s wall "
        f"(median {sorted(walls)[runs // 2]:.3f} s), {min(cpus):.3f} s cpu"
    )
    first = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as empty:
            os.environ["CONSISTENCY_CACHE_DIR"] = empty
            try:
                first.append(child_cpu(cmd)[1])
            finally:
                del os.environ["CONSISTENCY_CACHE_DIR"]
    print(f"  the same with an empty cache folder (first run on a machine): best of 3 {min(first):.3f} s wall")
    unseen = []
    with tempfile.TemporaryDirectory() as folder:
        for i in range(3):
            draft = Path(folder) / f"draft{i}.md"
            words = " and ".join(f"{n} {w}{i}s" for n, w in ((12, "zorblef"), (40, "quandrix"), (7, "ploverin")))
            draft.write_text(f"On 3 May 2024 the council counted {words}, up 7% from 2023.\n")
            unseen.append(child_cpu([*consistency_cmd(), "check", str(draft)])[1])
    print(f"  a draft of words no run has seen (simplemma imported): best of 3 {min(unseen):.3f} s wall")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "consistency", "check", str(SEED)],
        capture_output=True,
        text=True,
        cwd="/tmp",
        env=env,
        check=False,
    )
    rows = []
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m and not m.group(3).strip(" ") and len(m.group(3)) == 1:  # top-level imports only
            rows.append((int(m.group(2)), int(m.group(1)), m.group(4)))
    total = sum(r[0] for r in rows)
    print(f"imports, -X importtime: {total / 1e6:.3f} s in top-level imports; heaviest (cumulative):")
    for cum, own, name in sorted(rows, reverse=True)[:10]:
        print(f"  {cum / 1e3:7.1f} ms  (own {own / 1e3:6.1f} ms)  {name}")


def grouping(docs: list[Document], sizes: list[int]) -> None:
    """Story grouping time at growing corpus sizes, in two shapes: every size spread over one
    year (denser as it grows: the articles within one window grow with the corpus, and so do
    the true links between the repeated texts), and a steady flow of 55 articles a day (an
    archive that grows by time: linear growth shows as a flat cost per article)."""
    from consistency.extract import extract_document
    from consistency.rules.stories import stories

    base = [extract_document(d) for d in docs]
    start = dt.date(2024, 1, 1)
    for label, span_of in (("dates over one year", lambda n: 366), ("55 articles a day", lambda n: max(1, n // 55))):
        print(f"\n{label}\n{'articles':>9} {'days':>5} {'grouping s cpu':>15} {'ms / 1k articles':>17} {'groups':>8}")
        for n in sizes:
            span = span_of(n)
            corpus = []
            for i in range(n):
                ex = base[i % len(base)]
                day = start + dt.timedelta(days=(i * 7919) % span)
                doc = dataclasses.replace(ex.document, path=f"corpus.jsonl#a{i:05d}", date=day)
                corpus.append(dataclasses.replace(ex, document=doc, reference_date=day))
            cpu, _wall, groups = timed(lambda corpus=corpus: stories(corpus))
            print(f"{n:>9} {span:>5} {cpu:>15.2f} {1000 * cpu / n * 1000:>17.1f} {len(groups):>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2024, 6, 1))
    parser.add_argument("--sample", type=int, help="only the first N articles (for every measurement)")
    parser.add_argument("--skip-raw", action="store_true", help="leave out (a) and (b), the slow baselines")
    parser.add_argument("--grouping", action="store_true", help="only the story-grouping scale table")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"no corpus at {args.corpus}")
    docs = gather(args.corpus, args.sample)
    if args.grouping:
        grouping(docs, [1_000, 2_000, 5_000, 10_000, 20_000])
        return

    from consistency.extract import extract_document
    from consistency.rules.engine import run_rules
    from consistency.rules.loader import DEFAULT_RULES, load_rules

    sents = [s.text for d in docs for s in sentences(d.text)]
    size = sum(len(d.text.encode()) for d in docs)
    print(f"{len(docs)} articles, {len(sents)} sentences, {size / 1024:.0f} KB; reference date {args.date}")
    rows = []
    if not args.skip_raw:
        cpu, wall, _ = timed(raw_quantulum(sents))
        rows.append(row("(a) raw quantulum3 parser.parse / sentence", size, cpu, wall))
        cpu, wall, _ = timed(raw_dateparser(sents))
        rows.append(row("(b) raw dateparser search_dates / sentence", size, cpu, wall))
    rules, errors = load_rules([DEFAULT_RULES])
    if errors:
        sys.exit("\n".join(map(str, errors)))
    extract_document(docs[0], args.date)  # lexicons and patterns load once per process
    cpu, wall, _ = timed(lambda: [extract_document(d, args.date) for d in docs])
    rows.append(row("(c) our extraction", size, cpu, wall))
    fresh = [extract_document(d, args.date) for d in docs]  # rules cache readings on the extraction
    rcpu, rwall, _ = timed(lambda: run_rules(fresh, rules))
    rows.append(row("(d) extraction + default rules, in process", size, cpu + rcpu, wall + rwall))
    print(f"    of which rules {rcpu:.2f} s cpu")
    if shutil.which(consistency_cmd()[0]) or Path(consistency_cmd()[0]).exists():
        cmd = [
            *consistency_cmd(),
            "check",
            "--format",
            "json",
            "--fail-level",
            "none",
            "--date",
            args.date.isoformat(),
            str(args.corpus.resolve()),
        ]
        if args.sample:
            print("(e) skipped with --sample (the subprocess reads the whole corpus)")
        else:
            cpu, wall, _ = child_cpu(cmd)
            rows.append(row("(e) `consistency check --format json`, process", size, cpu, wall))
    cold_start()


if __name__ == "__main__":
    main()
