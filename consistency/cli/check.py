"""`consistency check`: the linter: extract every document, run the rules, write the report."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from consistency.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    Run,
    checked_documents,
    date_argument,
    debug_option,
    id_list,
    jobs_option,
    load_rule_set,
    merged_findings,
    rule_options,
)
from consistency.errors import UsageError


def add_parser(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser("check", help="flag figures that cannot all be true")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    check.add_argument("--date", type=date_argument, help="reference date (YYYY-MM-DD), overrides metadata")
    rule_options(check)
    check.add_argument("--select", type=id_list, action="extend", default=[], metavar="ID[,ID…]",
                       help="run only these rules (repeatable, comma-separated)")
    check.add_argument("--ignore", type=id_list, action="extend", default=[], metavar="ID[,ID…]",
                       help="skip these rules (repeatable, comma-separated)")
    report_options(check)
    jobs_option(check)
    from consistency.cli.index import store_option  # the claim store (docs/store.md)

    store_option(check, "also compare the drafts with the archived articles of this claim store "
                        "(built by `consistency index`; PATH defaults to .consistency/claims.db)")
    debug_option(check)


def report_options(parser: argparse.ArgumentParser) -> None:
    """The options a configuration file can also set (`consistency config` takes them too,
    to show what a command line would change). Defaults are None: unset options come from
    the configuration file, then from consistency.config.KEYS."""
    from consistency.config import FAIL_LEVELS, FORMATS

    parser.add_argument("--format", choices=FORMATS, default=None, help="report format (default: text)")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write the report to FILE; stdout gets a one-line summary (none with --quiet)")
    parser.add_argument("--fail-level", choices=FAIL_LEVELS, default=None,
                        help="lowest severity that makes the exit code 1 (default: warning)")
    parser.add_argument("--severity", type=_severity_pair, action="append", default=[], metavar="ID=LEVEL",
                        help="report a rule at another severity (error, warning, info); repeatable")
    parser.add_argument("--baseline", metavar="FILE", help="do not report the findings listed in FILE")
    parser.add_argument("--write-baseline", metavar="FILE",
                        help="write every current finding to FILE as accepted (and report none of them)")
    parser.add_argument("--report-unused-suppressions", action="store_true", default=None,
                        help="list suppression comments and baseline entries that matched no finding")
    parser.add_argument("--changed-since", metavar="REF",
                        help="report findings only in files changed since the git ref REF (the other "
                             "files still count for corpus rules)")
    parser.add_argument("--new-only", action="store_true",
                        help="with --changed-since: report only findings on changed lines")
    parser.add_argument("--config", dest="config_file", metavar="FILE",
                        help="the configuration file (default: the nearest .consistency.yaml or pyproject.toml "
                             "with [tool.consistency], from the first PATH upwards)")
    parser.add_argument("--no-config", action="store_true", help="read no configuration file")
    parser.set_defaults(date_policy=None)


def _severity_pair(value: str) -> tuple[str, str]:
    rule, eq, level = value.partition("=")
    if not eq or not rule.strip() or level.strip() not in ("error", "warning", "info"):
        raise argparse.ArgumentTypeError(f"want RULE-ID=error|warning|info, not {value!r}")
    return rule.strip(), level.strip()


def run(args: argparse.Namespace) -> int:
    from consistency.rules.engine import run_rules

    rules = _with_severities(load_rule_set(args), args)
    changes = _changes(args)  # before the work: a bad ref is a usage error, not a late surprise
    run = Run(args.debug)
    extractions, found = checked_documents(args, rules, run)  # article rules per document, --jobs workers
    extractions, found = _date_fallback(args, extractions, found, rules, run)
    corpus = [r for r in rules if r.scope == "corpus"]
    found = merged_findings(found, run_rules(extractions, corpus, on_error=run.rule_failed))
    if getattr(args, "store", None):  # corpus rules against an indexed archive (consistency.store.archive)
        from consistency.store.archive import check_against

        found = check_against(args.store, extractions, rules, found, on_error=run.rule_failed)
    return _report(args, rules, extractions, found, run, changes)


def _with_severities(rules: list, args: argparse.Namespace) -> list:
    """The rules with the severities the configuration (or --severity) asks for."""
    import dataclasses

    from consistency.config import ConfigError, ConfigErrors

    wanted = _severity_map(args)
    if not wanted:
        return rules
    known = {r.id for r in rules} | _rule_ids(args)
    unknown = sorted(set(wanted) - known)
    if unknown:
        origin = args.config_origins.get("severity", "command line")
        if origin in ("command line", "default"):
            raise UsageError(f"--severity: unknown rule id(s): {', '.join(unknown)}")
        path, line, column = origin.rsplit(":", 2)
        raise ConfigErrors([ConfigError(path, f"'severity': unknown rule id {unknown[0]!r}", int(line), int(column))])
    return [dataclasses.replace(r, severity=wanted[r.id]) if r.id in wanted else r for r in rules]


def _severity_map(args: argparse.Namespace) -> dict[str, str]:
    wanted = args.severity
    return dict(wanted) if isinstance(wanted, list) else dict(wanted or {})  # a list: --severity ID=LEVEL


def _rule_ids(args: argparse.Namespace) -> set[str]:
    """Every rule id of the packs in use, run or not (a rule's file is named after its id)."""
    from pathlib import Path

    from consistency.rules.loader import DEFAULT_RULES, rule_files

    dirs = ([] if args.no_default_rules else [DEFAULT_RULES]) + [Path(d) for d in args.rules]
    try:
        return {p.stem for p in rule_files(dirs)}
    except Exception:  # already reported by load_rule_set, which read the same folders
        return set()


def _changes(args: argparse.Namespace) -> Any:
    if args.new_only and not args.changed_since:
        raise UsageError("--new-only needs --changed-since REF")
    if not args.changed_since:
        return None
    from consistency import vcs  # git (subprocess) only for pull-request runs

    return vcs.changed(args.changed_since, list(args.paths), lines=args.new_only)


def _date_fallback(args: argparse.Namespace, extractions: list, found: list, rules: list, run: Run) -> tuple:
    """`date: today`: a document without a date of its own is read again as of today."""
    from consistency.cli.common import within_budget
    from consistency.extract import extract_document
    from consistency.rules.engine import run_rules

    today = getattr(args, "date_fallback", None)
    undated = [i for i, ex in enumerate(extractions) if ex.reference_date is None]
    if today is None or not undated:
        return extractions, found
    article = [r for r in rules if r.scope == "article"]
    redo = {extractions[i].document.path for i in undated}
    found = [f for f in found if f.location.path not in redo]
    extractions = list(extractions)
    for i in undated:
        ex = within_budget(extract_document(extractions[i].document, today), Run(args.debug))
        extractions[i] = ex
        found.extend(run_rules([ex], article, on_error=run.rule_failed))
    return extractions, merged_findings(found)


def _report(args: argparse.Namespace, rules: list, extractions: list, found: list, run: Run, changes: Any) -> int:
    """Severity, suppressions, baseline and pull-request mode applied; the report written;
    the exit code."""
    import dataclasses

    from consistency import baseline as baselines
    from consistency import suppress
    from consistency.errors import InputError
    from consistency.findings import Notice
    from consistency.report.findings import Report
    from consistency.rules.model import severity_rank
    from consistency.suppress import Suppressed, Suppressor

    overridden = {r.id: r.severity for r in rules if r.id in (_severity_map(args) or {})}
    if overridden:  # also for findings of rules loaded elsewhere (a spawned worker, the store)
        found = [dataclasses.replace(f, severity=overridden[f.rule]) if f.rule in overridden else f for f in found]
    docs = {ex.document.path: suppress.of(ex.document) for ex in extractions if ex.document.directives}
    suppressor = Suppressor(docs)
    for path, d in suppressor.problems():
        run.error(InputError(path, f"suppression: {d.problem}", d.line, d.column))
    prints = dict(zip(map(id, found), baselines.fingerprints(found), strict=True))
    kept, suppressed = suppressor.split(found)
    base = None
    if args.write_baseline:
        base = baselines.write(args.write_baseline, kept, [prints[id(f)] for f in kept])
    elif args.baseline:
        base = baselines.read(args.baseline)
    if base is not None:
        still = []
        for f in kept:
            if base.accepts(f, prints[id(f)]):
                suppressed.append(Suppressed(f, "baseline", "", str(base.path)))
            else:
                still.append(f)
        kept = still
    notices = list(run.notices)
    if args.report_unused_suppressions:
        notices += suppressor.unused([r.id for r in rules], sorted(_rule_ids(args)))
        if base is not None and base.stale():
            notices.append(Notice(str(base.path), "unused-suppression",
                                  f"{base.stale():,} baseline entries matched no finding (fixed, or their "
                                  "sentence was edited); --write-baseline rewrites it"))
    if changes is not None:
        kept = [f for f in kept if _in_changes(f, changes, args.new_only)]
        suppressed = [s for s in suppressed if _in_changes(s.finding, changes, args.new_only)]
        notices = [n for n in notices if changes.has_file(n.path) or n.reason != "unused-suppression"]
    for s in suppressed:
        s.fingerprint = prints[id(s.finding)]
    report = Report(
        kept, run.errors, sorted(set(notices), key=lambda n: (n.path, n.reason, n.message)), len(extractions),
        rules, suppressed=sorted(suppressed, key=lambda s: s.finding.sort_key()),
        fingerprints=[prints[id(f)] for f in kept], paths=[ex.document.path for ex in extractions],
        fail_level=args.fail_level,
    )
    if not _emit(args, report):
        return EXIT_ERROR
    if report.errors:
        return EXIT_ERROR
    if args.fail_level != "none" and any(severity_rank(f.severity) >= severity_rank(args.fail_level) for f in kept):
        return EXIT_FINDINGS
    return EXIT_OK


def _in_changes(finding: Any, changes: Any, lines: bool) -> bool:
    """A finding belongs to a pull request when one of its places (primary or related: a
    corpus finding may stand in the older article) is in a changed file, or with
    --new-only on a changed line."""
    for loc in (finding.location, *finding.related):
        if lines and changes.has_line(loc.path, loc.line, loc.end_line):
            return True
        if not lines and changes.has_file(loc.path):
            return True
    return False


def _emit(args: argparse.Namespace, report: Any) -> bool:
    """Write the report to stdout, or to --output (then stdout gets the summary line)."""
    from consistency.report.findings import render, summary_line

    text = render(report, args.format)
    if args.output:
        if not write_output(args.output, text):
            return False
        if not getattr(args, "quiet", False):
            sys.stdout.write(f"{summary_line(report)}; report ({args.format}) in {args.output}\n")
    else:
        sys.stdout.write(text)
    sys.stdout.flush()
    if args.format != "text" or args.output:
        for err in report.errors:
            print(f"consistency: {err}", file=sys.stderr)
    return True


def write_output(path: str, text: str) -> bool:
    """The report as one whole file (written beside it, then moved into place)."""
    import os
    from pathlib import Path

    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except OSError as err:
        print(f"consistency: error: cannot write the report to {path}: {err.strerror or err}", file=sys.stderr)
        return False
    return True
