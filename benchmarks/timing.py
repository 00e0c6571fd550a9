"""How extraction and the default rule pack scale on pathological input (issue 8): the
time of each at doubling sizes, so linear growth shows as a constant ratio near 2.

    python benchmarks/timing.py [--quick] [--markdown]

Inputs: "1 and " repeated (one sentence of figures), "$5 " repeated, "The storm killed N
people." with N all different (many figures about the same thing, in many sentences), an
unclosed-quote run (“ with no ”), and real news copy (the ContraDoc articles, concatenated)
up to a 5 MB article. Times are CPU seconds of this process (time.process_time), so other
load on the machine counts less; peak memory is the process's maximum resident size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from consistency import cli
from consistency.document.markup import markdown_document
from consistency.extract import extract_document
from consistency.rules.engine import run_rules
from consistency.rules.loader import DEFAULT_RULES, load_rules

ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "contradoc-clean" / "articles.jsonl"
REF = dt.date(2025, 12, 1)


def news(size: int) -> str:
    texts = [json.loads(line)["text"] for line in ARTICLES.read_text("utf-8").splitlines() if line.strip()]
    parts, total, i = [], 0, 0
    while total < size:
        parts.append(texts[i % len(texts)])
        total += len(parts[-1]) + 2
        i += 1
    return "\n\n".join(parts)[:size]


INPUTS: dict[str, tuple[Callable[[int], str], list[int], str]] = {
    "1 and ": (lambda n: "1 and " * n, [12_500, 25_000, 50_000, 100_000], "repetitions"),
    "$5 ": (lambda n: "$5 " * n, [6_250, 12_500, 25_000, 50_000], "repetitions"),
    "killed N people.": (
        lambda n: "".join(f"The storm killed {i * 3 + 2200:,} people. " for i in range(n)),
        [500, 1_000, 2_000, 4_000],
        "sentences",
    ),
    "unclosed quotes": (lambda n: "“Seven people " * n, [25_000, 50_000, 100_000, 200_000], "repetitions"),
    "news copy": (news, [625_000, 1_250_000, 2_500_000, 5_000_000], "bytes"),
}


def measure(text: str, rules: list) -> dict:
    doc = markdown_document("t.md", text)
    t0 = time.process_time()
    ex = extract_document(doc, REF)
    t1 = time.process_time()
    run = cli.Run(debug=False)
    checked = cli.within_budget(ex, run)
    found = run_rules([checked], rules, on_error=run.rule_failed)
    t2 = time.process_time()
    return {
        "bytes": len(text.encode("utf-8")),
        "figures": len(ex.quantities),
        "checked": len(checked.claims),
        "extract_s": round(t1 - t0, 2),
        "rules_s": round(t2 - t1, 2),
        "findings": len(found),
        "notices": [n.message for n in run.notices],
        "errors": [str(e) for e in run.errors],
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the two smallest sizes only")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--only", help="one input by name")
    args = parser.parse_args(argv)
    rules, errors = load_rules([DEFAULT_RULES])
    if errors:
        raise SystemExit("\n".join(map(str, errors)))
    rows = []
    for name, (make, sizes, unit) in INPUTS.items():
        if args.only and args.only != name:
            continue
        previous = None
        for n in sizes[:2] if args.quick else sizes:
            m = measure(make(n), rules)
            total = m["extract_s"] + m["rules_s"]
            ratio = f"{total / previous:.1f}" if previous else ""
            previous = total or None
            rows.append((name, f"{n:,} {unit}", m, ratio))
            print(json.dumps({"input": name, "n": n, **m, "ratio": ratio}), file=sys.stderr, flush=True)
    if args.markdown:
        print("| input | size | MB | figures | checked | extract s | rules s | x previous | notes |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---|")
        for name, size, m, ratio in rows:
            notes = "; ".join(m["notices"] + m["errors"])[:160]
            print(f"| {name} | {size} | {m['bytes'] / 1e6:.2f} | {m['figures']:,} | {m['checked']:,} | "
                  f"{m['extract_s']} | {m['rules_s']} | {ratio} | {notes} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
