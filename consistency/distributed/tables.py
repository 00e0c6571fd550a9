"""The claim store's three tables (`consistency.store.rows`) as Parquet.

A run writes a folder (`OUT.parquet/`) with one sub-folder per table, `documents/`,
`claims/` and `features/`, each holding one part file per input partition
(`part-000042.parquet`): workers write their own parts, so no row travels through the
client, and DuckDB, Spark or pyarrow read a table as `OUT.parquet/claims/*.parquet`. The
columns are exactly `DOCUMENT_COLUMNS`, `CLAIM_COLUMNS` and `FEATURE_COLUMNS`, in order,
with the values `rows` gives (a row read back equals the row written). Each part records
the extractor fingerprint (`consistency.store.sqlite.fingerprint`) in its metadata, so the
SQLite store can tell when a part is stale.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

TABLES = ("documents", "claims", "features")
FINGERPRINT_KEY = b"consistency.fingerprint"

_INTS = {
    "documents": {"claims"},
    "claims": {"index", "start", "end", "sentence", "link", "cumulative_days", "clause", "clause_start",
               "clause_end", "as_of_part"},
    "features": {"lede"},
}
_FLOATS = {"claims": {"value", "low", "high", "progress"}}
_BOOLS = {"claims": {"quoted", "cumulative", "exhaustive", "fixed", "definite", "increment", "title", "status"}}
"""Column types where they are not text (every other column is a string, or None)."""


def columns(table: str) -> tuple[str, ...]:
    from consistency.store import rows

    return {"documents": rows.DOCUMENT_COLUMNS, "claims": rows.CLAIM_COLUMNS,
            "features": rows.FEATURE_COLUMNS}[table]


def schema(table: str) -> Any:
    """The table's Arrow schema: the column types the row functions give (a column that is
    None in a whole part still gets its type, so every part has the same schema)."""
    import pyarrow as pa

    def kind(name: str) -> Any:
        if name in _INTS.get(table, ()):
            return pa.int64()
        if name in _FLOATS.get(table, ()):
            return pa.float64()
        if name in _BOOLS.get(table, ()):
            return pa.bool_()
        return pa.string()

    return pa.schema([(name, kind(name)) for name in columns(table)])


def table_rows(ex: Any) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """One extraction's rows of the three tables (what `consistency index` stores)."""
    from consistency.claims.events import profile
    from consistency.store import rows

    prof = profile(ex)
    return rows.document_row(ex, prof), rows.claim_rows(ex), rows.feature_rows(ex, prof)


def write_part(out: str | os.PathLike[str], number: int, made: Sequence[tuple[dict, list[dict], list[dict]]],
               fingerprint: str) -> None:
    """Partition `number`'s rows as one part file per table (written beside, then renamed:
    a part is there whole or not at all)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    groups: dict[str, list[dict]] = {
        "documents": [d for d, _, _ in made],
        "claims": [c for _, cs, _ in made for c in cs],
        "features": [f for _, _, fs in made for f in fs],
    }
    for table in TABLES:
        folder = Path(out) / table
        folder.mkdir(parents=True, exist_ok=True)
        sch = schema(table).with_metadata({FINGERPRINT_KEY: fingerprint.encode()})
        data = pa.Table.from_pylist(groups[table], schema=sch)
        target = folder / f"part-{number:06d}.parquet"
        tmp = folder / f".part-{number:06d}.{os.getpid()}.tmp"
        pq.write_table(data, tmp, compression="zstd")
        os.replace(tmp, target)


def clear(out: str | os.PathLike[str]) -> None:
    """Remove the part files an earlier run left in `out` (only ours: `TABLE/part-*.parquet`)."""
    for table in TABLES:
        folder = Path(out) / table
        if folder.is_dir():
            for part in folder.glob("part-*.parquet"):
                part.unlink()


def parts(out: str | os.PathLike[str], table: str) -> list[Path]:
    """The table's part files in partition order."""
    return sorted((Path(out) / table).glob("part-*.parquet"))


def read_rows(out: str | os.PathLike[str], table: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(fingerprint, row) for every row of a table, in partition and row order, a row group
    at a time (a table of millions of claims is never read whole)."""
    import pyarrow.parquet as pq

    for part in parts(out, table):
        f = pq.ParquetFile(part)
        meta = f.schema_arrow.metadata or {}
        fingerprint = meta.get(FINGERPRINT_KEY, b"").decode()
        for group in range(f.num_row_groups):
            for row in f.read_row_group(group).to_pylist():
                yield fingerprint, row
