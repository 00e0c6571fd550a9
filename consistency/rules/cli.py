"""Sub-commands that need the rule engine: `check` and `rules`."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_rule_commands(sub: argparse._SubParsersAction, date_type: Callable) -> None:
    """Filled in by the rule engine."""
