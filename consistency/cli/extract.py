"""`consistency extract`: the dates, quantities and claims the extractors see."""

from __future__ import annotations

import argparse
import sys

from consistency.cli.common import EXIT_ERROR, EXIT_OK, Run, date_argument, debug_option, documents
from consistency.errors import InternalError


def add_parser(sub: argparse._SubParsersAction) -> None:
    ex = sub.add_parser("extract", help="show the dates, quantities and claims the extractors see")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    ex.add_argument("--date", type=date_argument, help="reference date (YYYY-MM-DD), overrides metadata")
    ex.add_argument("--format", choices=("table", "json"), default="table")
    debug_option(ex)


def run(args: argparse.Namespace) -> int:
    """Streams: one document is read, extracted and written at a time, so a big feed never
    sits in memory as a whole."""
    from consistency.report.extraction import DocumentStream

    run = Run(args.debug)
    stream = DocumentStream(sys.stdout, args.format)
    for ex in documents(args.paths, args.date, run):
        try:
            stream.add(ex)
        except Exception as exc:
            run.error(InternalError(ex.document.path, exc, step="writing"))
    stream.close(run.errors, run.notices)
    if args.format != "json":
        for err in run.errors:
            print(f"consistency: {err}", file=sys.stderr)
    return EXIT_ERROR if run.errors else EXIT_OK
