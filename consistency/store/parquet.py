"""Load the Parquet tables of a cluster run (`consistency index --engine dask --parquet OUT`)
into the SQLite claim store, so `check --store` reads an archive a cluster extracted.

The tables hold exactly the rows `consistency index` writes (`consistency.store.rows`), so
loading is the store's own `write_batch`, one transaction per partition: an interrupted
load keeps the partitions it committed, and loading again replaces them (articles are
keyed by path, as in `index`; relative paths are resolved from the current folder, as
`index` resolves them). Each part's fingerprint (extractor and lexicon versions, `--date`)
is stored with its rows, so a part made by another extractor version is stale for a
later `index`, which extracts those articles again.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from consistency.errors import UsageError


@dataclass
class Loaded:
    documents: int = 0
    claims: int = 0
    partitions: int = 0

    def describe(self, source: str, store: str) -> str:
        return (f"loaded {self.documents:,} article{'s' if self.documents != 1 else ''} ({self.claims:,} claims, "
                f"{self.partitions:,} partitions) from {source} into {store}")


def load_parquet(store: Any, path: str | os.PathLike[str]) -> Loaded:
    """Write every article of the Parquet tables at `path` into `store` (an open
    `consistency.store.sqlite.Store`)."""
    import pyarrow.parquet as pq

    from consistency.distributed.tables import FINGERPRINT_KEY, TABLES, columns, parts
    from consistency.store.sqlite import document_key

    numbered = {table: {p.name: p for p in parts(path, table)} for table in TABLES}
    if not numbered["documents"]:
        raise UsageError(f"{path}: no Parquet claim tables here (want documents/part-*.parquet, written by "
                         "`consistency index --engine dask --parquet`)")
    missing = sorted((set(numbered["documents"]) ^ set(numbered["claims"])) |
                     (set(numbered["documents"]) ^ set(numbered["features"])))
    if missing:
        raise UsageError(f"{path}: incomplete tables: {', '.join(missing[:3])} missing in some table")
    for table in TABLES:
        for part in numbered[table].values():
            names = tuple(pq.read_schema(part).names)
            if names != columns(table):
                raise UsageError(f"{part}: columns {names} are not the {table} table's {columns(table)}")
    store.set_versions()
    store.tune_for_index()  # a long run of writes, as in `index`
    loaded = Loaded()
    for name in sorted(numbered["documents"]):
        docs = pq.read_table(numbered["documents"][name])
        fp = (docs.schema.metadata or {}).get(FINGERPRINT_KEY, b"").decode()
        claims: dict[str, list[dict]] = defaultdict(list)
        for row in pq.read_table(numbered["claims"][name]).to_pylist():
            claims[row["path"]].append(row)
        features: dict[str, list[dict]] = defaultdict(list)
        for row in pq.read_table(numbered["features"][name]).to_pylist():
            features[row["path"]].append(row)
        batch = []
        for doc in docs.to_pylist():
            key, source = document_key(doc["path"], doc["kind"])
            batch.append((key, source, fp, doc, claims.get(doc["path"], []), features.get(doc["path"], [])))
            loaded.claims += len(claims.get(doc["path"], []))
        store.write_batch(batch)
        loaded.documents += len(batch)
        loaded.partitions += 1
    return loaded
