"""`consistency rules list|validate|test`: for rule authors."""

from __future__ import annotations

import argparse

from consistency.cli.common import EXIT_FINDINGS, EXIT_OK, debug_option, id_list, load_rule_set, rule_options


def add_parser(sub: argparse._SubParsersAction) -> None:
    rules = sub.add_parser("rules", help="list, validate and test rules")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True, parser_class=type(rules))
    for name, text in (("list", "list the rules"), ("validate", "load and validate rule files"),
                       ("test", "run every rule's examples")):
        p = rules_sub.add_parser(name, help=text)
        rule_options(p)
        p.add_argument("--select", type=id_list, action="extend", default=[], metavar="ID[,ID…]")
        debug_option(p)


def run(args: argparse.Namespace) -> int:
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
