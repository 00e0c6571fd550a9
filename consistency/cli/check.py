"""`consistency check`: the linter: extract every document, run the rules, write the report."""

from __future__ import annotations

import argparse
import sys

from consistency.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    Run,
    date_argument,
    debug_option,
    documents,
    id_list,
    load_rule_set,
    rule_options,
    within_budget,
)


def add_parser(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser("check", help="flag figures that cannot all be true")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    check.add_argument("--date", type=date_argument, help="reference date (YYYY-MM-DD), overrides metadata")
    rule_options(check)
    check.add_argument("--select", type=id_list, action="extend", default=[], metavar="ID[,ID…]",
                       help="run only these rules (repeatable, comma-separated)")
    check.add_argument("--ignore", type=id_list, action="extend", default=[], metavar="ID[,ID…]",
                       help="skip these rules (repeatable, comma-separated)")
    check.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text")
    check.add_argument("--fail-level", choices=("error", "warning", "info", "none"), default="warning",
                       help="lowest severity that makes the exit code 1 (default: warning)")
    debug_option(check)


def run(args: argparse.Namespace) -> int:
    from consistency.report.findings import Report, write
    from consistency.rules.engine import run_rules
    from consistency.rules.model import severity_rank

    rules = load_rule_set(args)
    run = Run(args.debug)
    extractions = [within_budget(ex, run) for ex in documents(args.paths, args.date, run)]
    found = run_rules(extractions, rules, on_error=run.rule_failed)
    report = Report(found, run.errors, sorted(run.notices, key=lambda n: (n.path, n.reason)), len(extractions), rules)
    write(sys.stdout, report, args.format)
    if args.format != "text":
        for err in report.errors:
            print(f"consistency: {err}", file=sys.stderr)
    if report.errors:
        return EXIT_ERROR
    if args.fail_level != "none" and any(
        severity_rank(f.severity) >= severity_rank(args.fail_level) for f in found
    ):
        return EXIT_FINDINGS
    return EXIT_OK
