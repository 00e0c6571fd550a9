"""Command line: `consistency extract` (the rule engine's `check` is the next milestone).

Exit codes (DESIGN.md): 0 nothing at or above the fail level, 1 findings at or above it,
2 usage, configuration, rule or input error. Errors are messages, never tracebacks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

from consistency import __version__
from consistency.document import load_paths
from consistency.errors import ConsistencyError, InputError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (want YYYY-MM-DD): {value!r}") from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with a one-line message, as argparse does
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"consistency: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="consistency", description="Find numbers in news copy that cannot all be true.")
    parser.add_argument("--version", action="version", version=f"consistency {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ex = sub.add_parser("extract", help="show the dates, quantities and claims the extractors see")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    ex.add_argument("--date", type=_date, help="reference date (YYYY-MM-DD), overrides metadata")
    ex.add_argument("--format", choices=("table", "json"), default="table")
    return parser


def load(paths: Sequence[str]) -> tuple[list, list[InputError]]:
    documents, errors = [], []
    for item in load_paths(paths):
        (errors if isinstance(item, InputError) else documents).append(item)
    return documents, errors


def run_extract(args: argparse.Namespace) -> int:
    from consistency.extract import extract_document
    from consistency.report.extraction import write_json, write_table

    documents, errors = load(args.paths)
    extractions = [extract_document(doc, args.date) for doc in documents]
    (write_json if args.format == "json" else write_table)(sys.stdout, extractions, errors)
    for err in errors:
        print(f"consistency: {err}", file=sys.stderr)
    return EXIT_ERROR if errors else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run_extract(args)
    except ConsistencyError as err:
        print(f"consistency: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
