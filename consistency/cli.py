"""Command line: `check` (the linter), `extract` (what the extractors see), `rules test`
and `rules validate` (for rule authors).

Exit codes (DESIGN.md): 0 nothing at or above the fail level, 1 findings at or above it,
2 usage, configuration, rule or input error, or a bug of ours caught on one document.
Errors are messages, never tracebacks (`--debug` or CONSISTENCY_DEBUG=1 adds them).

One failure costs one document, never the run: reading and extracting each document, and
each rule on each document or story, run inside a guard; an unexpected exception becomes an
entry in the report's errors (document, rule, exception type, one-line message) and the rest
still runs and is reported. A last guard around each command turns anything that still
escapes into the same kind of report, so json and sarif output is always a whole document
and an uncaught exception never exits 1 (which means "findings").
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from consistency import __version__
from consistency.errors import ConsistencyError, InputError, InternalError, RuleError, UsageError
from consistency.findings import Notice

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

MAX_CLAIMS_PER_DOCUMENT = 50_000
"""Most figures of one document handed to the rules (a 5 MB article of wire copy has about
15,000)."""
MAX_SAME_MEASURE_PAIRS = 20_000
"""Most pairs of figures about the same thing (same measure or noun) in one document: the
checks that compare such figures cost up to 1 ms a pair today (docs/hardening.md), so this
bounds them at a few seconds. Past either budget the rest of the document is not checked, and the report
says from which line and why."""


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
    _debug_option(parser, default=False)
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
    _debug_option(check)

    rules = sub.add_parser("rules", help="list, validate and test rules")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    for name, text in (("list", "list the rules"), ("validate", "load and validate rule files"),
                       ("test", "run every rule's examples")):
        p = rules_sub.add_parser(name, help=text)
        _rule_options(p)
        p.add_argument("--select", type=_ids, action="extend", default=[], metavar="ID[,ID…]")
        _debug_option(p)

    ex = sub.add_parser("extract", help="show the dates, quantities and claims the extractors see")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    ex.add_argument("--date", type=_date, help="reference date (YYYY-MM-DD), overrides metadata")
    ex.add_argument("--format", choices=("table", "json"), default="table")
    _debug_option(ex)
    return parser


def _debug_option(parser: argparse.ArgumentParser, default: Any = argparse.SUPPRESS) -> None:
    parser.add_argument("--debug", action="store_true", default=default,
                        help="print the traceback of any internal error (also CONSISTENCY_DEBUG=1)")


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
    from consistency.claims import lexicon

    lexicon.configure([Path(d) for d in args.rules])  # a user pack's lexicon/ extends the default lexicons
    rules, errors = load_rules(dirs)
    errors = [*errors, *lexicon.validate()]
    if errors:
        raise RuleErrors(errors)
    known = {r.id for r in rules}
    wanted = set(args.select)
    unknown = sorted((wanted | set(getattr(args, "ignore", []))) - known)
    if unknown:
        raise UsageError(f"unknown rule id(s): {', '.join(unknown)}")
    ignored = set(getattr(args, "ignore", []))
    if args.command == "rules":  # listing, validating and testing cover every rule
        return [r for r in rules if (not wanted or r.id in wanted) and r.id not in ignored]
    # An experimental rule (under 90% precision on real text) runs only when asked for by id.
    return [r for r in rules if (r.id in wanted if wanted or r.experimental else True) and r.id not in ignored]


class RuleErrors(ConsistencyError):
    def __init__(self, errors: list[RuleError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


class Run:
    """What one command collects besides findings: errors (deduplicated) and notices."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug
        self._errors: dict[tuple, ConsistencyError] = {}
        self.notices: list[Notice] = []

    def error(self, err: ConsistencyError) -> None:
        key = (err.path, err.line or 0, err.column or 0, err.rule or "", err.message)
        if key in self._errors:
            return
        self._errors[key] = err
        if self.debug and isinstance(err, InternalError):
            print(f"consistency: {err}\n{err.traceback}", file=sys.stderr, end="")

    def rule_failed(self, rule: Any, path: str, exc: Exception) -> None:
        """The engine's on_error: a rule error (a `when` that fails) is reported once, at
        the rule's place; anything else is an internal error on this document."""
        if isinstance(exc, RuleError):
            exc.rule = exc.rule or (rule.id if rule else None)
            self.error(exc)
            return
        rule_id = rule.id if rule is not None else None
        self.error(InternalError(path, exc, rule=rule_id, step=f"rule {rule_id}" if rule_id else "story grouping"))

    @property
    def errors(self) -> list[ConsistencyError]:
        return sorted(self._errors.values(), key=lambda e: (e.path, e.line or 0, e.column or 0, e.rule or "",
                                                            e.message))


def documents(paths: Sequence[str], date: dt.date | None, run: Run) -> Iterator[Any]:
    """Extractions of every readable document, one at a time; every problem goes to `run`."""
    from consistency.document import Document, load_paths
    from consistency.extract import extract_document

    for item in load_paths(paths):
        if isinstance(item, Notice):
            run.notices.append(item)
            continue
        if not isinstance(item, Document):
            run.error(item)
            continue
        try:
            ex = extract_document(item, date)
        except Exception as exc:
            run.error(InternalError(item.path, exc, step="extraction"))
            continue
        yield ex


def within_budget(ex: Any, run: Run) -> Any:
    """The extraction the rules may see: every figure, unless a work budget is reached (then
    the figures before the sentence where it was reached), with a notice either way a
    document is not fully checked."""
    cut = [s for s in ex.sentences if getattr(s, "cut", False)]
    if cut:
        line, _ = ex.document.position(cut[0].start)
        run.notices.append(
            Notice(
                ex.document.path,
                "budget",
                f"not fully checked: {len(cut):,} pieces of over-long sentences (first at line {line}); "
                "a sentence over 2,000 characters or 64 figures is checked a piece at a time",
            )
        )
    counts: dict[str, int] = {}
    pairs = 0
    for i, claim in enumerate(ex.claims):
        key = claim.measure or claim.lemma
        if key is not None:
            pairs += counts.get(key, 0)
            counts[key] = counts.get(key, 0) + 1
        over = None
        if i >= MAX_CLAIMS_PER_DOCUMENT:
            over = f"more than {MAX_CLAIMS_PER_DOCUMENT:,} figures"
        elif pairs > MAX_SAME_MEASURE_PAIRS:
            over = (f"more than {MAX_SAME_MEASURE_PAIRS:,} pairs of figures about the same thing "
                    f"({counts[key]:,} about {key!r})")
        if over:
            stop = claim.sentence
            kept = [c for c in ex.claims if c.sentence < stop]
            sentence = next((s for s in ex.sentences if s.index == stop), None)
            line, column = ex.document.position(sentence.start if sentence else claim.start)
            where = f"line {line}" + (f", column {column:,}" if column > 1 else "")
            message = f"not fully checked: {over}; the text from {where} on was not checked"
            run.notices.append(Notice(ex.document.path, "budget", message))
            # Cut every list at the same place: checks that scan dates, figures or sentences
            # must not see the unchecked rest either.
            cut_at = sentence.start if sentence else claim.start
            return dataclasses.replace(
                ex,
                claims=kept,
                sentences=[s for s in ex.sentences if s.start < cut_at],
                dates=[d for d in ex.dates if d.start < cut_at],
                quantities=[q for q in ex.quantities if q.start < cut_at],
                _sentence_starts=[],
            )
    return ex


def run_extract(args: argparse.Namespace) -> int:
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


def run_check(args: argparse.Namespace) -> int:
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


def run_rules_command(args: argparse.Namespace) -> int:
    rules = load_rule_set(args)
    if args.rules_command == "list":
        for r in rules:
            note = " (experimental: off unless --select)" if r.experimental else ""
            print(f"{r.id:<28} {r.severity:<8} {r.scope:<8} {r.check:<12} {r.summary}{note}")
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


def _failure_report(args: argparse.Namespace, errors: Sequence[ConsistencyError]) -> None:
    """The errors that stopped a command, in the format asked for (json and sarif stay whole
    documents); text goes to stderr only."""
    fmt = getattr(args, "format", "text")
    if fmt not in ("json", "sarif", "github"):
        return
    from consistency.report.findings import Report, render

    with contextlib.suppress(BrokenPipeError):
        if args.command == "extract":
            from consistency.report.extraction import DocumentStream

            DocumentStream(sys.stdout, "json").close(list(errors), [])
        else:
            sys.stdout.write(render(Report(errors=list(errors)), fmt))
        sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.debug = bool(getattr(args, "debug", False)) or os.environ.get("CONSISTENCY_DEBUG", "") not in ("", "0")
    try:
        return COMMANDS[args.command](args)
    except RuleErrors as many:
        for err in many.errors:
            print(f"consistency: {err}", file=sys.stderr)
        if args.command == "check":
            _failure_report(args, many.errors)
        return EXIT_ERROR
    except ConsistencyError as err:
        print(f"consistency: error: {err}", file=sys.stderr)
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


__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "InputError", "build_parser", "main"]
