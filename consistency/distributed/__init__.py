"""Beyond one machine: extraction on an existing distributed engine (Dask distributed),
writing the claim store's tables as Parquet (docs/scale.md, "Beyond one machine").

Optional: `pip install 'consistency[scale]'` (dask, distributed, pyarrow). Nothing here is
imported by `check` or `extract`.
"""

from __future__ import annotations

import argparse
import sys

ENGINES = ("dask",)


def engine_options(parser: argparse.ArgumentParser) -> None:
    """`index` options for the cluster path and for loading its tables into the store."""
    group = parser.add_argument_group("cluster (optional: pip install 'consistency[scale]')")
    group.add_argument("--engine", choices=ENGINES, default=None,
                       help="extract on a Dask cluster and write Parquet tables to --parquet (not the store)")
    group.add_argument("--scheduler", metavar="ADDRESS",
                       help="the Dask scheduler (tcp://host:8786); default: a local cluster of --jobs workers")
    group.add_argument("--parquet", metavar="OUT", help="the folder the Parquet tables go to (OUT.parquet/)")
    group.add_argument("--partition", type=_positive, default=None, metavar="N",
                       help="documents per cluster task and part file (default 64; thousands for millions of "
                            "articles, so the tables are not split into too many small files)")
    group.add_argument("--from-parquet", action="store_true",
                       help="the PATHs are Parquet tables written by --engine: load them into --store")


def run_engine(args: argparse.Namespace, run: object) -> int | None:
    """The cluster and Parquet paths of `index`, or None when neither is asked for."""
    from consistency.cli.common import EXIT_ERROR, EXIT_OK, jobs_of
    from consistency.errors import UsageError

    if getattr(args, "from_parquet", False):
        from consistency.store.parquet import load_parquet
        from consistency.store.sqlite import Store

        _need_pyarrow()
        with Store(args.store) as store:
            for path in args.paths:
                loaded = load_parquet(store, path)
                if not args.quiet:
                    print(loaded.describe(path, args.store))
        return EXIT_OK
    if not getattr(args, "engine", None):
        if getattr(args, "scheduler", None) or getattr(args, "parquet", None):
            raise UsageError("--scheduler and --parquet go with --engine dask")
        return None
    if not args.parquet:
        raise UsageError("--engine dask needs --parquet OUT (the folder the tables go to)")
    try:
        from consistency.distributed.dask_engine import index_parquet
    except ImportError as err:
        raise UsageError(f"--engine dask needs dask, distributed and pyarrow ({err.name} is missing): "
                         "pip install 'consistency[scale]'") from None
    summary = index_parquet(args.paths, args.parquet, args.date, args.rules, run, scheduler=args.scheduler,
                            workers=jobs_of(args), partition=args.partition)
    if not args.quiet:
        print(summary.describe(args.parquet))
    for notice in sorted(run.notices, key=lambda n: (n.path, n.reason)):  # type: ignore[attr-defined]
        print(f"consistency: {notice.path}: {notice.message}", file=sys.stderr)
    for err in run.errors:  # type: ignore[attr-defined]
        print(f"consistency: {err}", file=sys.stderr)
    return EXIT_ERROR if run.errors else EXIT_OK  # type: ignore[attr-defined]


def _positive(value: str) -> int:
    from consistency.cli.common import positive_int

    return positive_int(value)


def _need_pyarrow() -> None:
    from consistency.errors import UsageError

    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise UsageError("--from-parquet needs pyarrow: pip install 'consistency[scale]'") from None
