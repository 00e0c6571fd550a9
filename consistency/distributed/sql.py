"""Corpus rules at cluster scale as blocked joins over the claims table (docs/scale.md).

`CONFLICT_CANDIDATES` pairs figures of two articles that can be about the same event and
cannot both be true: the articles share a rare headline or lede name (the event key: the
`features` table with `lede` = 1, a name carried by at most `max_articles` articles), the
figures have the same measure frame, their days (event day, else as-of day) are at most
`window_days` apart, and the first article's figure agrees with no figure of the same
measure in the second one (so a story repeated with the same figures pairs nothing).
It is a candidate generator, run where the table lives (DuckDB over the Parquet, Spark):
the corpus rules still judge each pair (time, running totals, quotes).

`{claims}` and `{features}` are the tables (`{draft}` an optional filter on the first
article). DuckDB reads them from the Parquet once (`duckdb_tables`; a query that names
`read_parquet(...)` five times re-reads the files five times and is some 50 times slower);
at archive scale keep them in a DuckDB database file. The SQL is DuckDB's; Spark SQL needs
only its own date difference and infinity literals.
"""

from __future__ import annotations

from typing import Any

CONFLICT_CANDIDATES = """
WITH rare AS (
    SELECT feature FROM {features} WHERE lede = 1
     GROUP BY feature HAVING count(*) BETWEEN 2 AND {max_articles}),
linked AS (                                   -- the blocking key: a rare lede name in common
    SELECT DISTINCT fa.path AS a, fb.path AS b
      FROM {features} fa JOIN {features} fb USING (feature) JOIN rare USING (feature)
     WHERE fa.lede = 1 AND fb.lede = 1 AND fa.path <> fb.path{draft})
SELECT l.a AS path, ca."index" AS claim, ca.text, l.b AS other_path, cb."index" AS other_claim,
       cb.text AS other_text, ca.measure
  FROM linked l
  JOIN {claims} ca ON ca.path = l.a
  JOIN {claims} cb ON cb.path = l.b AND cb.measure = ca.measure          -- the same measure frame
 WHERE ca.measure IS NOT NULL AND NOT ca.quoted AND NOT cb.quoted
   AND abs(date_diff('day', CAST(coalesce(ca.event_day, ca.as_of_low) AS DATE),
                            CAST(coalesce(cb.event_day, cb.as_of_low) AS DATE))) <= {window_days}
   AND (coalesce(ca.high, 'inf'::DOUBLE) < coalesce(cb.low, '-inf'::DOUBLE)
        OR coalesce(cb.high, 'inf'::DOUBLE) < coalesce(ca.low, '-inf'::DOUBLE))   -- cannot both hold
   AND NOT EXISTS (SELECT 1 FROM {claims} cc                                  -- B says nothing like it
                    WHERE cc.path = l.b AND cc.measure = ca.measure
                      AND coalesce(cc.low, '-inf'::DOUBLE) <= coalesce(ca.high, 'inf'::DOUBLE)
                      AND coalesce(ca.low, '-inf'::DOUBLE) <= coalesce(cc.high, 'inf'::DOUBLE))
 ORDER BY 1, 2, 4, 5
"""


def conflict_candidates(window_days: int = 3, max_articles: int = 50, draft: bool = False,
                        claims: str = "claims", features: str = "features") -> str:
    """The query over the tables `claims` and `features` (DuckDB: `duckdb_tables`); with
    `draft`, only the pairs of one article, named by the query parameter `$draft` (its path)."""
    return CONFLICT_CANDIDATES.format(
        claims=claims, features=features, window_days=int(window_days), max_articles=int(max_articles),
        draft=" AND fa.path = $draft" if draft else "",
    )


def duckdb_tables(con: Any, out: str) -> None:
    """The claims and features tables of the Parquet at `out`, read once into DuckDB (the
    query scans them several times: from memory, not from the files)."""
    quoted = str(out).replace("'", "''")
    for table in ("claims", "features"):
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_parquet('{quoted}/{table}/*.parquet')")
