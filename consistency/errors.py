"""Errors the command line turns into clear messages and exit codes, never tracebacks.

Every error the report lists has the same attributes, whatever its class: `path`, `message`,
`line` and `column` (None when the error has no place inside the file), `rule` (the rule id
when one rule failed) and `exception` (the exception type when the error is a bug of ours,
caught by a guard). The report writers read only these.
"""

from __future__ import annotations

import traceback


class ConsistencyError(Exception):
    """Base class: anything the user can fix (input, rules, configuration)."""

    path: str = ""
    message: str = ""
    line: int | None = None
    column: int | None = None
    rule: str | None = None
    exception: str | None = None

    def where(self) -> str:
        """`path:line:col`, `path:line` or `path`."""
        if self.line is None:
            return self.path
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


class InputError(ConsistencyError):
    """A document that cannot be read; the others are still checked."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.path = path
        self.message = message
        self.line = line
        self.column = column
        super().__init__(f"{self.where()}: {message}")


class RuleError(ConsistencyError):
    """A rule file that cannot be used; reported as path:line:col and exit code 2."""

    def __init__(self, path: str, line: int, column: int, message: str, rule: str | None = None) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.rule = rule
        super().__init__(f"{path}:{line}:{column}: {message}")


class UsageError(ConsistencyError):
    """Bad command-line arguments or configuration."""


class InternalError(ConsistencyError):
    """An unexpected exception inside one step (extracting one document, one rule on one
    document or story), caught so the rest of the run goes on. It is a bug of ours: the
    report names the document, the rule, the exception type and a one-line message, and
    `--debug` prints the traceback."""

    def __init__(self, path: str, exc: BaseException, rule: str | None = None, step: str = "") -> None:
        self.path = path
        self.rule = rule
        self.step = step
        self.exception = type(exc).__name__
        self.message = f"internal error in {step or 'processing'}: {self.exception}: {one_line(exc)}"
        self.traceback = "".join(traceback.format_exception(exc))
        super().__init__(f"{path}: {self.message}")


def one_line(exc: BaseException, limit: int = 300) -> str:
    """An exception's message on one line, cut to `limit` characters."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
