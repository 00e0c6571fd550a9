"""`consistency extract`: the dates, quantities and claims the extractors see."""

from __future__ import annotations

import argparse
import io
import sys
from typing import TYPE_CHECKING

from consistency.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    Run,
    date_argument,
    debug_option,
    documents,
    jobs_of,
    jobs_option,
    progress_wanted,
)
from consistency.errors import InternalError

if TYPE_CHECKING:
    from consistency.extract import Extraction
    from consistency.parallel import DocumentRun


def add_parser(sub: argparse._SubParsersAction) -> None:
    ex = sub.add_parser("extract", help="show the dates, quantities and claims the extractors see")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    ex.add_argument("--date", type=date_argument, help="reference date (YYYY-MM-DD), overrides metadata")
    ex.add_argument("--format", choices=("table", "json"), default="table")
    jobs_option(ex)
    debug_option(ex)


_JSON_FIRST, _JSON_LATER = '{"documents": [\n', ",\n"
"""How DocumentStream opens the first document of its JSON and each one after it."""


def run(args: argparse.Namespace) -> int:
    """Streams: documents are read, extracted and written a few at a time (with --jobs, a
    bounded number of chunks in flight), so a big feed never sits in memory as a whole.
    Each document is rendered where it is extracted (a worker process with --jobs): only
    its text travels back, and this process just writes it."""
    import functools

    from consistency.report.extraction import DocumentStream

    run = Run(args.debug)
    stream = DocumentStream(sys.stdout, args.format)
    step = functools.partial(_rendered, args.format)
    for text in documents(args.paths, args.date, run, jobs=jobs_of(args), step=step, progress=progress_wanted(args)):
        if args.format == "json" and stream.count == 0:
            text = _JSON_FIRST + text.removeprefix(_JSON_LATER)
        sys.stdout.write(text)
        stream.count += 1
    stream.close(run.errors, run.notices)
    if args.format != "json":
        for err in run.errors:
            print(f"consistency: {err}", file=sys.stderr)
    return EXIT_ERROR if run.errors else EXIT_OK


def _rendered(fmt: str, _context: object, ex: Extraction, run: DocumentRun) -> str | None:
    """One document's part of the output, exactly as DocumentStream writes a document after
    the first; None (and an error) when it cannot be written."""
    from consistency.report.extraction import DocumentStream

    buffer = io.StringIO()
    stream = DocumentStream(buffer, fmt)
    stream.count = 1
    try:
        stream.add(ex)
    except Exception as exc:
        run.error(InternalError(ex.document.path, exc, step="writing"))
        return None
    return buffer.getvalue()
