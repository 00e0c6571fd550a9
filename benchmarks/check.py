"""False alarms and speed of `consistency check` on real articles.

Runs the default rule pack over the 442 ContraDoc articles (real news and Wikipedia text
with no planted errors), prints every error and warning finding so a person can read them,
the count per 100 articles, and throughput and peak memory. The articles carry no dates, so
it runs twice: as given (date rules stay silent) and with `--date` set, which wakes the
date rules up (and is harsher than real use: every article is read as if written that day).

    python benchmarks/check.py [--corpus PATH] [--date 2024-06-01]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
from collections import Counter
from pathlib import Path

from consistency.document import load_paths
from consistency.document.model import Document
from consistency.extract import extract_document
from consistency.rules.engine import run_rules
from consistency.rules.loader import DEFAULT_RULES, load_rules

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "contradoc-clean" / "articles.jsonl"


def run(documents: list[Document], date: dt.date | None, show: bool) -> None:
    rules, errors = load_rules([DEFAULT_RULES])
    if errors:
        sys.exit("\n".join(map(str, errors)))
    start = time.perf_counter()
    extractions = [extract_document(d, date) for d in documents]
    extracted = time.perf_counter()
    findings = run_rules(extractions, rules)
    done = time.perf_counter()
    size = sum(len(d.text.encode()) for d in documents)
    alarms = [f for f in findings if f.severity in ("error", "warning")]
    label = f"--date {date}" if date else "dates as given"
    print(f"\n== {label}: {len(documents)} articles, {size / 1024:.0f} KB")
    print(
        f"extract {extracted - start:.2f} s, rules {done - extracted:.2f} s, "
        f"{size / 1024 / (done - start):.0f} KB/s end to end"
    )
    per_rule = Counter(f"{f.severity}[{f.rule}]" for f in findings)
    print(
        f"errors+warnings: {len(alarms)} ({100 * len(alarms) / len(documents):.2f} per 100 articles); "
        f"info: {len(findings) - len(alarms)}"
    )
    for key, n in sorted(per_rule.items()):
        print(f"  {n:4d} {key}")
    if show:
        for f in alarms:
            print(f"- {f.location.path}:{f.location.line}:{f.location.column} {f.severity}[{f.rule}] {f.message}")
            print(f"    {' '.join(f.location.sentence.split())[:300]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2024, 6, 1))
    parser.add_argument("--quiet", action="store_true", help="counts only, not every finding")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"no corpus at {args.corpus}")
    documents = [d for d in load_paths([str(args.corpus)]) if isinstance(d, Document)]
    run(documents, None, not args.quiet)
    run(documents, args.date, not args.quiet)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
