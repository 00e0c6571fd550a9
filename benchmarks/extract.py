"""Throughput and peak memory of `consistency extract` on real articles, side by side with raw
quantulum3 (sentence by sentence) and raw dateparser `search_dates` on the same text.

    python benchmarks/extract.py [--corpus ../shared/benchmarks/contradoc-clean/articles.jsonl]
                                 [--baseline-articles N] [--no-baselines]

Each measurement runs in its own subprocess so that peak memory (ru_maxrss) and the one-off
costs (imports, table loading) are those of that tool alone. Also reports a cold
`consistency extract` of one article as a user runs it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared/benchmarks/contradoc-clean/articles.jsonl"

_WORKER = r"""
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
tool, corpus, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
texts = [json.loads(line)["text"] for line in open(corpus, encoding="utf-8") if line.strip()][:limit]
size = sum(len(t.encode("utf-8")) for t in texts)
t0 = time.perf_counter()
if tool == "consistency":
    from consistency.document.markup import markdown_document
    from consistency.extract import extract_document
    setup = time.perf_counter() - t0
    t1 = time.perf_counter()
    items = sum(len(extract_document(markdown_document("a", t)).claims) for t in texts)
elif tool == "quantulum3":
    from consistency.extract.unit_fallback import _parser  # same import fix, so setup is fair
    from consistency.document.segment import sentences
    parser = _parser(); parser.parse("warm up 5 km")
    setup = time.perf_counter() - t0
    t1 = time.perf_counter()
    items = sum(len(parser.parse(s.text)) for t in texts for s in sentences(t))
else:
    from dateparser.search import search_dates
    search_dates("warm up on May 5", languages=["en"])
    setup = time.perf_counter() - t0
    t1 = time.perf_counter()
    items = sum(len(search_dates(t, languages=["en"]) or []) for t in texts)
elapsed = time.perf_counter() - t1
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"tool": tool, "articles": len(texts), "bytes": size, "seconds": elapsed,
                  "setup": setup, "items": items, "peak_mb": peak}))
"""


def _run(tool: str, corpus: Path, limit: int) -> dict:
    out = subprocess.run([sys.executable, "-c", _WORKER, tool, str(corpus), str(limit)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _cold(corpus: Path) -> float:
    seed = ROOT / "seeds" / "putin-safety-zone.md"
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "consistency", "extract", str(seed)], capture_output=True, check=True)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--baseline-articles", type=int, default=442,
                        help="articles given to the raw baselines (they are slow)")
    parser.add_argument("--no-baselines", action="store_true")
    args = parser.parse_args()
    if not args.corpus.is_file():
        sys.exit(f"corpus not found: {args.corpus}")
    rows = [_run("consistency", args.corpus, 10**9)]
    if not args.no_baselines:
        rows += [_run("quantulum3", args.corpus, args.baseline_articles),
                 _run("dateparser", args.corpus, args.baseline_articles)]
    print(f"{'tool':<34} {'articles':>8} {'KB':>7} {'seconds':>8} {'KB/s':>8} {'setup s':>8} {'peak MB':>8}")
    for r in rows:
        label = {"consistency": "consistency extract (end to end)", "quantulum3": "raw quantulum3, per sentence",
                 "dateparser": "raw dateparser search_dates"}[r["tool"]]
        kb = r["bytes"] / 1000
        print(f"{label:<34} {r['articles']:>8} {kb:>7.0f} {r['seconds']:>8.2f} {kb / r['seconds']:>8.0f} "
              f"{r['setup']:>8.2f} {r['peak_mb']:>8.0f}")
    print(f"cold `consistency extract` of the seed article (best of 5): {_cold(args.corpus):.3f} s")


if __name__ == "__main__":
    main()
