"""`consistency explain`: the claims the extractors saw and, per rule, every comparison it
made and the gate that stopped each one that did not fire."""

from __future__ import annotations

import argparse
import sys

from consistency.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    Run,
    date_argument,
    debug_option,
    documents,
    load_rule_set,
    rule_options,
    within_budget,
)


def _line(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"not a line number: {value!r}")
    return n


def add_parser(sub: argparse._SubParsersAction) -> None:
    ex = sub.add_parser("explain", help="show the claims and why each rule fired or did not")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    ex.add_argument("--rule", metavar="ID", help="explain this rule only (experimental rules too)")
    ex.add_argument("--line", type=_line, metavar="N", help="only the claims and comparisons touching line N")
    ex.add_argument("--date", type=date_argument, help="reference date (YYYY-MM-DD), overrides metadata")
    rule_options(ex)
    ex.add_argument("--format", choices=("text", "json"), default="text")
    debug_option(ex)


def run(args: argparse.Namespace) -> int:
    """Runs the rules exactly as `check` does, with a trace; the exit code is 0 whatever the
    rules found (explain is for reading), 2 on an error."""
    from consistency.explain.report import explain_json, write_json, write_text
    from consistency.explain.trace import Trace
    from consistency.rules.engine import run_rules

    args.select = [args.rule] if args.rule else []
    args.ignore = []
    rules = load_rule_set(args)
    run = Run(args.debug)
    read = list(documents(args.paths, args.date, run))
    checked = [within_budget(ex, run) for ex in read]
    trace = Trace()
    run_rules(checked, rules, on_error=run.rule_failed, trace=trace)
    notices = sorted(run.notices, key=lambda n: (n.path, n.reason, n.message))
    model = explain_json(read, checked, rules, trace, run.errors, notices, args.line)
    (write_json if args.format == "json" else write_text)(sys.stdout, model)
    if args.format != "text":
        for err in run.errors:
            print(f"consistency: {err}", file=sys.stderr)
    return EXIT_ERROR if run.errors else EXIT_OK
