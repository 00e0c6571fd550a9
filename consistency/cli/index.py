"""`consistency index`: extract an archive's claims into the claim store, incrementally.

Imports stay inside `run` (every command module is imported to build the parser, and a
cold `check` must not pay for sqlite)."""

from __future__ import annotations

import argparse
import sys

from consistency.cli.common import EXIT_ERROR, EXIT_OK, Run, date_argument, debug_option, jobs_option

DEFAULT_STORE = ".consistency/claims.db"


def store_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """`--store [PATH]`: the claim store (PATH defaults to .consistency/claims.db here)."""
    parser.add_argument("--store", nargs="?", const=DEFAULT_STORE, default=None, metavar="PATH", help=help_text)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("index", help="extract an archive's claims into a claim store (SQLite)")
    p.add_argument("paths", nargs="+", metavar="ARCHIVE", help="files, folders or JSONL feeds of published articles")
    p.add_argument("--store", default=DEFAULT_STORE, metavar="PATH",
                   help=f"the claim store to create or update (default: {DEFAULT_STORE})")
    p.add_argument("--prune", action="store_true",
                   help="remove stored articles of the given files and folders that are no longer there")
    p.add_argument("--date", type=date_argument, help="reference date (YYYY-MM-DD), overrides metadata")
    p.add_argument("--rules", action="append", default=[], metavar="DIR",
                   help="a rule pack whose lexicon/ extends the default lexicons (as in check); repeatable")
    jobs_option(p)  # --jobs N and --quiet (no progress bar, no summary line)
    from consistency.distributed import engine_options  # --engine dask, --parquet, --from-parquet (docs/scale.md)

    engine_options(p)
    debug_option(p)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from consistency.claims import lexicon
    from consistency.cli.common import RuleErrors, jobs_of, progress_wanted
    from consistency.store.index import index

    lexicon.configure([Path(d) for d in args.rules])
    errors = lexicon.validate()
    if errors:
        raise RuleErrors(errors)
    run = Run(args.debug)
    from consistency.distributed import run_engine

    engine = run_engine(args, run)  # the cluster path, or loading its Parquet tables
    if engine is not None:
        return engine
    summary = index(args.paths, args.store, args.date, args.prune, run, jobs=jobs_of(args), packs=args.rules,
                    progress=progress_wanted(args))
    if not args.quiet:
        print(summary.describe(args.store))
    for notice in sorted(run.notices, key=lambda n: (n.path, n.reason)):
        print(f"consistency: {notice.path}: {notice.message}", file=sys.stderr)
    for err in run.errors:
        print(f"consistency: {err}", file=sys.stderr)
    return EXIT_ERROR if run.errors else EXIT_OK
