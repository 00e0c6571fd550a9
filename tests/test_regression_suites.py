"""Public regression suites must not slip below the pass rates recorded in docs/extraction.md."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _module():
    spec = importlib.util.spec_from_file_location("regression", ROOT / "benchmarks" / "regression.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FLOORS = {  # passed cases recorded on 2026-11-24; raise them as extraction improves
    "Number/NumberModel": 68, "Number/PercentModel": 7, "NumberWithUnit/AgeModel": 16,
    "NumberWithUnit/CurrencyModel": 108, "NumberWithUnit/DimensionModel": 52,
    "NumberWithUnit/TemperatureModel": 23,
}


def test_quantulum3_cases_floor(shared: Path) -> None:
    passed, total, _ = _module().quantulum_cases(shared)
    assert total == 101 and passed >= 41


def test_recognizers_floors(shared: Path) -> None:
    results = _module().recognizers_cases(shared)
    for name, floor in FLOORS.items():
        passed, _, _ = results[name]
        assert passed >= floor, (name, passed, floor)
