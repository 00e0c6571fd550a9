"""`consistency config [PATH...]`: the effective configuration and where each value came from.

It takes the options `check` takes, so `consistency config --fail-level error content/`
shows what that command line would run with. The configuration was applied to the options
by `main` before `run` (consistency.config.apply); this only prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from consistency.cli.common import EXIT_OK, date_argument, debug_option, id_list, rule_options


def add_parser(sub: argparse._SubParsersAction) -> None:
    from consistency.cli.check import report_options

    p = sub.add_parser("config", help="show the effective configuration and where each value came from")
    p.add_argument("paths", nargs="*", metavar="PATH", default=[],
                   help="where the configuration is looked for from (default: the working directory)")
    p.add_argument("--date", type=date_argument, help="reference date (YYYY-MM-DD), overrides metadata")
    rule_options(p)
    p.add_argument("--select", type=id_list, action="extend", default=[], metavar="ID[,ID…]")
    p.add_argument("--ignore", type=id_list, action="extend", default=[], metavar="ID[,ID…]")
    report_options(p)
    p.add_argument("--json", action="store_true", help="print it as JSON")
    debug_option(p)


def _shown(value: object) -> object:
    """Paths relative to the working directory when they are under it (shorter, and the same
    on every machine)."""
    if isinstance(value, str) and os.path.isabs(value):
        rel = os.path.relpath(value)
        return value if rel.startswith("..") else rel
    if isinstance(value, list):
        return [_shown(v) for v in value]
    return value


def effective(args: argparse.Namespace) -> list[tuple[str, object, str]]:
    """(key, value, origin) for every configuration key, in the order of KEYS."""
    from consistency.config import KEYS

    out = []
    for key in KEYS:
        value = getattr(args, key.attr, key.default)
        if key.name == "severity" and isinstance(value, list):
            value = dict(value)
        out.append((key.name, _shown(value), args.config_origins.get(key.name, "default")))
    return out


def run(args: argparse.Namespace) -> int:
    rows = effective(args)
    path = args.config_path
    if args.json:
        payload = {
            "config_file": str(path) if path else None,
            "settings": {name: {"value": value, "origin": origin} for name, value, origin in rows},
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
        return EXIT_OK
    lines = [f"config file: {path}" if path else "config file: none found (defaults and command line only)"]
    width = max(len(name) for name, _, _ in rows)
    for name, value, origin in rows:
        lines.append(f"{name:<{width}} = {json.dumps(value, ensure_ascii=False, default=str)}  # {origin}")
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK
