"""Command line: `check` (the linter), `extract` (what the extractors see), `rules test`
and `rules validate` (for rule authors).

Exit codes (DESIGN.md): 0 nothing at or above the fail level, 1 findings at or above it,
2 usage, configuration, rule or input error. Errors are messages, never tracebacks.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from collections.abc import Sequence

from consistency import __version__
from consistency.document import load_paths
from consistency.errors import ConsistencyError, InputError, RuleError, UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (want YYYY-MM-DD): {value!r}") from None


def _ids(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with a one-line message, as argparse does
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"consistency: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="consistency", description="Find numbers in news copy that cannot all be true.")
    parser.add_argument("--version", action="version", version=f"consistency {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="flag figures that cannot all be true")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    check.add_argument("--date", type=_date, help="reference date (YYYY-MM-DD), overrides metadata")
    _rule_options(check)
    check.add_argument("--select", type=_ids, action="extend", default=[], metavar="ID[,ID…]",
                       help="run only these rules (repeatable, comma-separated)")
    check.add_argument("--ignore", type=_ids, action="extend", default=[], metavar="ID[,ID…]",
                       help="skip these rules (repeatable, comma-separated)")
    check.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text")
    check.add_argument("--fail-level", choices=("error", "warning", "info", "none"), default="warning",
                       help="lowest severity that makes the exit code 1 (default: warning)")

    rules = sub.add_parser("rules", help="list, validate and test rules")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    for name, text in (("list", "list the rules"), ("validate", "load and validate rule files"),
                       ("test", "run every rule's examples")):
        p = rules_sub.add_parser(name, help=text)
        _rule_options(p)
        p.add_argument("--select", type=_ids, action="extend", default=[], metavar="ID[,ID…]")

    ex = sub.add_parser("extract", help="show the dates, quantities and claims the extractors see")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    ex.add_argument("--date", type=_date, help="reference date (YYYY-MM-DD), overrides metadata")
    ex.add_argument("--format", choices=("table", "json"), default="table")
    return parser


def _rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", action="append", default=[], metavar="DIR",
                        help="a folder (or file) of extra rules; repeatable")
    parser.add_argument("--no-default-rules", action="store_true", help="leave out the default rule pack")


def load_rule_set(args: argparse.Namespace) -> list:
    """The rules asked for, or a RuleErrors listing every problem found."""
    from pathlib import Path

    from consistency.rules.loader import DEFAULT_RULES, load_rules

    dirs = ([] if args.no_default_rules else [DEFAULT_RULES]) + [Path(d) for d in args.rules]
    if not dirs:
        raise UsageError("no rules: give --rules DIR or drop --no-default-rules")
    rules, errors = load_rules(dirs)
    if errors:
        raise RuleErrors(errors)
    known = {r.id for r in rules}
    wanted = set(args.select)
    unknown = sorted((wanted | set(getattr(args, "ignore", []))) - known)
    if unknown:
        raise UsageError(f"unknown rule id(s): {', '.join(unknown)}")
    return [r for r in rules if (not wanted or r.id in wanted) and r.id not in set(getattr(args, "ignore", []))]


class RuleErrors(ConsistencyError):
    def __init__(self, errors: list[RuleError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


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


def run_check(args: argparse.Namespace) -> int:
    from consistency.extract import extract_document
    from consistency.report import findings as report
    from consistency.rules.engine import run_rules
    from consistency.rules.model import severity_rank

    rules = load_rule_set(args)
    documents, errors = load(args.paths)
    extractions = [extract_document(doc, args.date) for doc in documents]
    found = run_rules(extractions, rules)
    out = sys.stdout
    if args.format == "json":
        report.write_json(out, found, errors, len(documents))
    elif args.format == "sarif":
        report.write_sarif(out, found, errors, rules)
    elif args.format == "github":
        report.write_github(out, found, errors)
    else:
        report.write_text(out, found, errors, len(documents))
    if args.format != "text":
        for err in errors:
            print(f"consistency: {err}", file=sys.stderr)
    if errors:
        return EXIT_ERROR
    if args.fail_level != "none" and any(
        severity_rank(f.severity) >= severity_rank(args.fail_level) for f in found
    ):
        return EXIT_FINDINGS
    return EXIT_OK


def run_rules_command(args: argparse.Namespace) -> int:
    rules = load_rule_set(args)
    if args.rules_command == "list":
        for r in rules:
            print(f"{r.id:<28} {r.severity:<8} {r.scope:<8} {r.check:<12} {r.summary}")
        return EXIT_OK
    if args.rules_command == "validate":
        print(f"{len(rules)} rule{'s' if len(rules) != 1 else ''} valid")
        return EXIT_OK
    from consistency.rules.examples import run_examples

    results = run_examples(rules)
    failed = [r for r in results if not r.passed]
    for r in failed:
        print(f"FAIL {r.describe()}")
    print(f"{len(results) - len(failed)} of {len(results)} examples passed in {len(rules)} rules")
    return EXIT_FINDINGS if failed else EXIT_OK


COMMANDS = {"check": run_check, "rules": run_rules_command, "extract": run_extract}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except RuleErrors as many:
        for err in many.errors:
            print(f"consistency: {err}", file=sys.stderr)
        if args.command == "check" and args.format in ("json", "sarif", "github"):
            from consistency.report.findings import write_rule_errors

            with contextlib.suppress(BrokenPipeError):
                write_rule_errors(sys.stdout, args.format, many.errors)
        return EXIT_ERROR
    except ConsistencyError as err:
        print(f"consistency: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
