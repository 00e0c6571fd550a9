"""Errors the command line turns into clear messages and exit codes, never tracebacks."""


class ConsistencyError(Exception):
    """Base class: anything the user can fix (input, rules, configuration)."""


class InputError(ConsistencyError):
    """A document that cannot be read; the others are still checked."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class RuleError(ConsistencyError):
    """A rule file that cannot be used; reported as path:line:col and exit code 2."""

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path = path
        self.line = line
        self.column = column
        self.message = message


class UsageError(ConsistencyError):
    """Bad command-line arguments or configuration."""
