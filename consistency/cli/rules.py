"""`consistency rules list|validate|test|docs|schema`: for rule authors."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from consistency.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    RuleErrors,
    debug_option,
    id_list,
    load_rule_set,
    rule_options,
)
from consistency.errors import RuleError

SCHEMAS = {"rule": "data/rule.schema.json", "cases": "data/case.schema.json"}


def add_parser(sub: argparse._SubParsersAction) -> None:
    rules = sub.add_parser("rules", help="list, validate, test and document rules")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True, parser_class=type(rules))
    for name, text in (("list", "list the rules"), ("validate", "load and validate rule files"),
                       ("test", "run every rule's examples and the case files (tests/rules/<id>.yaml)"),
                       ("docs", "print the rule reference (Markdown) generated from the rule files")):
        p = rules_sub.add_parser(name, help=text, description=text)
        rule_options(p)
        p.add_argument("--select", type=id_list, action="extend", default=[], metavar="ID[,ID…]")
        if name == "list":
            p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
        if name == "test":
            p.add_argument("paths", nargs="*", metavar="DIR",
                           help="folders (or files) of case files, besides <pack>/../tests/rules/ of each pack")
            p.add_argument("--coverage", action="store_true",
                           help="fail every rule that no passing example or case makes fire")
        debug_option(p)
    p = rules_sub.add_parser("schema", help="print the JSON Schema of rule files (or of case files)",
                             description="print the JSON Schema of rule files, for editor completion "
                             "(# yaml-language-server: $schema=PATH)")
    p.add_argument("--cases", action="store_true", help="the schema of rule test case files instead")
    p.add_argument("--path", action="store_true", help="print the installed schema file's path, not its text")
    debug_option(p)


def run(args: argparse.Namespace) -> int:
    if args.rules_command == "schema":
        return _schema(args)
    rules = load_rule_set(args)
    if args.rules_command == "list":
        return _list(rules, args.format)
    if args.rules_command == "validate":
        print(f"{len(rules)} rule{'s' if len(rules) != 1 else ''} valid")
        return EXIT_OK
    if args.rules_command == "docs":
        from consistency.rules.reference import generate

        sys.stdout.write(generate(rules, _packs(args)))
        return EXIT_OK
    return _test(args, rules)


def _packs(args: argparse.Namespace) -> list[tuple[Path, str]]:
    """Each pack folder with the label its files are shown under in the reference."""
    from consistency.rules.loader import DEFAULT_RULES

    packs = [] if args.no_default_rules else [(DEFAULT_RULES, "rules")]
    for d in args.rules:
        p = Path(d)
        packs.append((p if p.is_dir() else p.parent, (p if p.is_dir() else p.parent).as_posix()))
    return packs


def _schema(args: argparse.Namespace) -> int:
    from importlib import resources  # here, not at import: every command builds this module's parser

    resource = resources.files("consistency").joinpath(SCHEMAS["cases" if args.cases else "rule"])
    if args.path:
        with resources.as_file(resource) as path:
            print(path)
    else:
        sys.stdout.write(resource.read_text("utf-8"))
    return EXIT_OK


def _list(rules: list, fmt: str) -> int:
    if fmt == "json":
        out = {"version": 1, "rules": [
            {"id": r.id, "summary": r.summary, "severity": r.severity, "scope": r.scope, "check": r.check,
             "experimental": r.experimental, "path": r.path, "examples": len(r.examples)}
            for r in rules]}
        print(json.dumps(out, indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        print("| rule | severity | scope | check | summary |")
        print("|---|---|---|---|---|")
        for r in rules:
            note = " (experimental)" if r.experimental else ""
            summary = " ".join(r.summary.split()).replace("|", "\\|")
            print(f"| `{r.id}` | {r.severity} | {r.scope} | `{r.check}` | {summary}{note} |")
    else:
        for r in rules:
            note = " (experimental: off unless --select)" if r.experimental else ""
            print(f"{r.id:<28} {r.severity:<8} {r.scope:<8} {r.check:<12} {r.summary}{note}")
    return EXIT_OK


def _test(args: argparse.Namespace, tested: list) -> int:
    from consistency.rules.loader import DEFAULT_RULES
    from consistency.testing.runner import CaseFileErrors, discover, run_tests

    every = load_rule_set(argparse.Namespace(**{**vars(args), "select": []})) if args.select else tested
    packs = ([] if args.no_default_rules else [DEFAULT_RULES]) + [Path(d) for d in args.rules]
    try:
        paths = discover(packs, [Path(p) for p in args.paths])
        outcome = run_tests(tested, every, paths, coverage=args.coverage, skip_unknown=bool(args.select))
    except CaseFileErrors as many:
        raise RuleErrors(many.errors) from None
    except RuleError as err:  # a case folder given that does not exist
        raise RuleErrors([err]) from None
    sys.stdout.write(outcome.report())
    return EXIT_OK if outcome.ok else EXIT_FINDINGS
