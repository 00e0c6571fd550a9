"""Per-rule precision and recall of the default pack, on text the rules were not written from.

    python benchmarks/rule_quality.py [--cases ../shared/benchmarks/cases] [--real FILE.jsonl]
                                      [--mutations mutate.json] [--markdown]

Sources, each optional when absent:
- the hand-written public cases (`manifest.yaml` + articles): a finding that touches the
  planted lines of a contradiction case is a true positive for its rule; a finding on a clean
  article or clean folder, or one in a contradiction case touching neither planted figure, is
  a false positive;
- real published texts (JSONL, every one taken as free of contradictions): every
  error/warning is a false positive, checked with dates as given and with every article forced
  to one date;
- a mutation run's JSON (`benchmarks/mutate.py --json`): findings on the planted figure are
  true positives, other findings in mutated texts are false positives.

Precision = TP / (TP + FP) per rule; "real FP" is the count on real text alone. A rule whose
precision on real text (mutations plus unmutated texts) is under 90% should be marked
`experimental: true` (off unless selected). Recall is reported per kind of planted error.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consistency import cli  # noqa: E402

COUNTED = {"error", "warning"}


def check(paths: list[Path], *extra: str) -> list[dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        cli.main(["check", "--format", "json", *extra, *map(str, paths)])
    return [f for f in json.loads(out.getvalue())["findings"] if f["severity"] in COUNTED]


def _places(f: dict) -> set[tuple[str, int]]:
    out = {(Path(f["path"]).name, f["line"])}
    out |= {(Path(r.get("path", f["path"])).name, r["line"]) for r in f.get("related") or []}
    return out


def cases(root: Path, tp: Counter, fp: Counter, recall: dict[str, list[int]]) -> None:
    import yaml

    man = yaml.safe_load((root / "manifest.yaml").read_text())
    for case in man["within"]:
        path = root / case["file"]
        want = {(path.name, line) for line in case["lines"]}
        found = check([path])
        hit = False
        for f in found:
            if _places(f) & want:
                tp[f["rule"]] += 1
                hit = True
            else:
                fp[f["rule"]] += 1
        recall[case["kind"]].append(int(hit))
    for case in man["clean"]:
        for f in check([root / case["file"]]):
            fp[f["rule"]] += 1
    for case in man.get("cross", []) + man.get("crowd", []):
        files = sorted((root / case["dir"]).glob("*.md"))
        found = check(files)
        if case["kind"] == "clean":
            for f in found:
                fp[f["rule"]] += 1
            continue
        want = {(name, line) for name, lines in case["lines"].items() for line in lines}
        hit = False
        for f in found:
            touched = _places(f) & want
            if len({name for name, _ in touched}) >= 2:
                tp[f["rule"]] += 1
                hit = True
            elif not touched:
                fp[f["rule"]] += 1
        recall["cross: " + case["kind"]].append(int(hit))


def real(feed: Path, fp: Counter) -> None:
    for extra in ((), ("--date", "2024-06-01")):
        for f in check([feed], *extra):
            fp[f["rule"]] += 1


def mutations(report: Path, tp: Counter, fp: Counter, recall: dict[str, list[int]]) -> None:
    data = json.loads(report.read_text())
    for m in data.get("mutations", data if isinstance(data, list) else []):
        rules_hit = m.get("rules_found") or []
        for rule in rules_hit:
            tp[rule] += 1
        for rule in m.get("rules_stray") or []:
            fp[rule] += 1
        recall["mutation: " + m.get("kind", "?")].append(int(bool(m.get("found"))))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "cases")
    ap.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "contradoc-clean"
                    / "articles.jsonl")
    ap.add_argument("--mutations", type=Path)
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args()
    tp, fp, real_fp = Counter(), Counter(), Counter()
    recall: dict[str, list[int]] = defaultdict(list)
    if (a.cases / "manifest.yaml").exists():
        cases(a.cases, tp, fp, recall)
    if a.real.exists():
        real(a.real, real_fp)
    if a.mutations and a.mutations.exists():
        mutations(a.mutations, tp, fp, recall)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli.main(["rules", "list"])
    rules = [line.split()[0] for line in out.getvalue().splitlines() if line.strip()]
    print("| rule | true positives | false positives (cases) | false positives (real text) | precision |")
    print("|---|---:|---:|---:|---:|")
    for rule in rules:
        t, f, r = tp[rule], fp[rule], real_fp[rule]
        precision = f"{100 * t / (t + f + r):.0f}%" if t + f + r else "–"
        print(f"| `{rule}` | {t} | {f} | {r} | {precision} |")
    print()
    print("| kind of planted error | found | of | recall |")
    print("|---|---:|---:|---:|")
    for kind in sorted(recall):
        got = recall[kind]
        print(f"| {kind} | {sum(got)} | {len(got)} | {100 * sum(got) / len(got):.0f}% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
