from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from consistency.document.markup import markdown_document
from consistency.extract import Extraction, extract_document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def extract_text(text: str, date: str | None = "2025-12-01") -> Extraction:
    ref = dt.date.fromisoformat(date) if date else None
    return extract_document(markdown_document("t.md", text), ref)


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the project (benchmarks and seed live there)")
    return SHARED


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A disk cache folder of the test's own, with caching on."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CONSISTENCY_CACHE_DIR", str(folder))
    monkeypatch.delenv("CONSISTENCY_NO_CACHE", raising=False)
    return folder


def fail_write(monkeypatch: pytest.MonkeyPatch, nth: int) -> list[int]:
    """Make the store's `nth` batch write raise a disk error (the batches before it are
    written); returns the sizes of the batches asked to be written."""
    import sqlite3

    from consistency.store.sqlite import Store

    calls: list[int] = []
    real = Store.write_rows

    def failing(self: Store, batch: list) -> None:
        calls.append(len(batch))
        if len(calls) == nth:
            raise sqlite3.OperationalError("disk I/O error")
        real(self, batch)

    monkeypatch.setattr(Store, "write_rows", failing)
    return calls
