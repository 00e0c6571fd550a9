"""Pass rates on public regression suites: quantulum3's own English cases and the
Recognizers-Text English Number / NumberWithUnit specs (copies in ../shared/benchmarks).

A case passes when the set of values we extract equals the set the suite expects (and, for
quantulum3, the unit names too; for Recognizers' unit models, the right kind of unit), so a
spurious extra reading fails a case as surely as a missed one.

    python benchmarks/regression.py [--shared ../shared] [--failures N]
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from pathlib import Path

from consistency.document.markup import markdown_document
from consistency.extract import extract_document

ROOT = Path(__file__).resolve().parent.parent
ENTITY_FOR_MODEL = {
    "CurrencyModel": "currency",
    "DimensionModel": None,
    "AgeModel": "age",
    "TemperatureModel": "temperature",
}


def _quantities(text: str) -> list:
    return extract_document(markdown_document("case", text)).quantities


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _same_values(ours: list[float], expected: list[float]) -> bool:
    left = list(expected)
    for value in ours:
        for i, want in enumerate(left):
            if _close(value, want):
                del left[i]
                break
        else:
            return False
    return not left


def quantulum_cases(shared: Path) -> tuple[int, int, list[str]]:
    cases = json.loads((shared / "benchmarks/quantulum3-cases/quantities.json").read_text("utf-8"))
    passed, failures = 0, []
    for case in cases:
        ours = Counter((round(q.value, 6), q.unit) for q in _quantities(case["req"]))
        want = Counter((round(float(r["value"]), 6), r["unit"]) for r in case["res"])
        if ours == want:
            passed += 1
        else:
            failures.append(f"{case['req']!r}: want {dict(want)} got {dict(ours)}")
    return passed, len(cases), failures


def recognizers_cases(shared: Path) -> dict[str, tuple[int, int, list[str]]]:
    base = shared / "benchmarks/recognizers-specs"
    results: dict[str, tuple[int, int, list[str]]] = {}
    for path in sorted(base.glob("*/English/*.json")):
        model = path.stem
        if model not in ENTITY_FOR_MODEL and model not in ("NumberModel", "PercentModel"):
            continue
        cases = json.loads(path.read_text("utf-8-sig"))
        passed, failures = 0, []
        for case in cases:
            if case.get("NotSupported") or case.get("NotSupportedByDesign"):
                continue
            try:
                want = [
                    float(r["Resolution"]["value"].rstrip("%").replace(",", ""))
                    for r in case["Results"]
                    if r.get("Resolution", {}).get("value") not in (None, "")
                ]
            except (ValueError, KeyError, AttributeError):
                continue
            quantities = _quantities(case["Input"])
            kind = ENTITY_FOR_MODEL.get(model)
            if model == "PercentModel":
                quantities = [q for q in quantities if q.kind == "percent"]
            elif model in ENTITY_FOR_MODEL:
                quantities = [
                    q
                    for q in quantities
                    if (
                        q.kind == "age"
                        if kind == "age"
                        else q.entity == kind
                        if kind
                        else q.entity not in ("dimensionless", "currency", "time")
                    )
                ]
            ours = [q.value for q in quantities]
            if _same_values(ours, want):
                passed += 1
            else:
                failures.append(f"{case['Input']!r}: want {want} got {ours}")
        results[f"{path.parent.parent.name}/{model}"] = (passed, len(cases), failures)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--failures", type=int, default=0, help="print up to N failures per suite")
    args = parser.parse_args()
    rows = [("quantulum3 quantities.json", *quantulum_cases(args.shared))]
    rows += [(f"Recognizers {name}", *r) for name, r in recognizers_cases(args.shared).items()]
    print(f"{'suite':<46} {'passed':>7} {'cases':>6} {'rate':>7}")
    for name, passed, total, failures in rows:
        print(f"{name:<46} {passed:>7} {total:>6} {passed / total:>7.1%}")
        for failure in failures[: args.failures]:
            print(f"    {failure}")


if __name__ == "__main__":
    main()
