"""Command line. Each command is one module of this package with `add_parser(sub)` and
`run(args) -> exit code`; this module builds the parser from them and holds the last guard.

Exit codes (DESIGN.md): 0 nothing at or above the fail level, 1 findings at or above it,
2 usage, configuration, rule or input error, or a bug of ours caught on one document.
Errors are messages, never tracebacks (`--debug` or CONSISTENCY_DEBUG=1 adds them).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from consistency import __version__
from consistency.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    RuleErrors,
    Run,
    debug_option,
    documents,
    load_rule_set,
    within_budget,
)
from consistency.config import ConfigErrors
from consistency.config import apply as apply_config
from consistency.errors import ConsistencyError, InputError, InternalError

COMMAND_MODULES = ("check", "extract", "rules", "index", "explain", "config")
"""The commands, in the order `--help` lists them: `consistency.cli.<name>`."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with a one-line message, as argparse does
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"consistency: error: {message}\n")


def _commands(names: Sequence[str] = COMMAND_MODULES) -> dict:
    return {name: importlib.import_module(f"consistency.cli.{name}") for name in names}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `command` only that command's parser: when the first
    argument names a command, argparse reads the rest with that command's parser alone, so the
    others (their modules and a few hundred argparse calls) are not needed for parsing."""
    parser = _Parser(prog="consistency", description="Find numbers in news copy that cannot all be true.")
    parser.add_argument("--version", action="version", version=f"consistency {__version__}")
    debug_option(parser, default=False)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module in _commands([command] if command in COMMAND_MODULES else COMMAND_MODULES).values():
        module.add_parser(sub)
    return parser


def _named_command(argv: Sequence[str] | None) -> str | None:
    """The command when it is the first argument (`consistency check ...`), else None: with
    top-level options first, no argument, or a name that is no command, the whole parser is
    built, so help, usage and 'invalid choice' messages list every command."""
    args = sys.argv[1:] if argv is None else list(argv)
    return args[0] if args and args[0] in COMMAND_MODULES else None


def _failure_report(args: argparse.Namespace, errors: Sequence[ConsistencyError]) -> None:
    """The errors that stopped a command, in the format asked for (json and sarif stay whole
    documents; the configuration's format counts when the configuration could be read that
    far); text goes to stderr only, unless --output names a file: then the file gets the
    report in any format."""
    fmt = getattr(args, "format", None) or "text"
    output = getattr(args, "output", None)
    if fmt not in ("json", "sarif", "github", "junit") and not output:
        return
    from consistency.report.findings import Report, render

    with contextlib.suppress(BrokenPipeError):
        if args.command == "extract":
            from consistency.report.extraction import DocumentStream

            DocumentStream(sys.stdout, "json").close(list(errors), [])
        elif output:
            from consistency.cli.check import write_output

            write_output(output, render(Report(errors=list(errors)), fmt if fmt in _FORMATS else "text"))
        else:
            sys.stdout.write(render(Report(errors=list(errors)), fmt))
        sys.stdout.flush()


_FORMATS = ("text", "json", "sarif", "github", "junit")


GC_YOUNG_THRESHOLD = 10_000
"""Allocations between two collections of the youngest generation (Python's default: 700).
A run builds hundreds of thousands of small objects that live as long as their document
(sentences, figures, claims): with the default, young collections come every 700 of them and
push them on to the older generations, whose collections then walk every extraction alive
(60–170 ms each with 442 of them). Measured on `check` of the 442 texts with a fixed cache
folder: 0.18 s of collections in one process become 0.08–0.10 s."""


def _tune_gc() -> None:
    """Fewer collections for a run (`GC_YOUNG_THRESHOLD`), unless the garbage collector is
    off or already set to collect less often."""
    import gc

    young, *older = gc.get_threshold()
    if 0 < young < GC_YOUNG_THRESHOLD:
        gc.set_threshold(GC_YOUNG_THRESHOLD, *older)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(_named_command(argv))
    args = parser.parse_args(argv)
    args.debug = bool(getattr(args, "debug", False)) or os.environ.get("CONSISTENCY_DEBUG", "") not in ("", "0")
    _tune_gc()
    try:
        apply_config(args)  # every command: the configuration file, under the command line
        return _commands([args.command])[args.command].run(args)
    except (RuleErrors, ConfigErrors) as many:
        for err in many.errors:
            print(f"consistency: {err}", file=sys.stderr)
        if args.command == "check":
            _failure_report(args, many.errors)
        return EXIT_ERROR
    except ConsistencyError as err:
        print(f"consistency: error: {err}", file=sys.stderr)
        if args.command == "check":  # a usage or baseline error is in the json and sarif too
            _failure_report(args, [err])
        return EXIT_ERROR
    except BrokenPipeError:
        with contextlib.suppress(Exception):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - no flush error at exit
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last guard: a bug of ours outside every per-document guard
        err = InternalError("consistency", exc, step=args.command)
        print(f"consistency: {err}", file=sys.stderr)
        if args.debug:
            print(err.traceback, file=sys.stderr, end="")
        else:
            print("consistency: run with --debug for the traceback", file=sys.stderr)
        _failure_report(args, [err])
        return EXIT_ERROR


__all__ = [
    "EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "InputError", "Run", "build_parser", "documents", "load_rule_set",
    "main", "within_budget",
]
