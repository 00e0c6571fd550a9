"""A finding: one rule's verdict on a figure, with the figures it conflicts with."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    path: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    sentence: str  # the sentence holding the figure, for the text report
    sentence_start: int  # offset of that sentence, to mark the figure inside it
    message: str = ""


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    location: Location
    related: tuple[Location, ...] = field(default_factory=tuple)

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.path, loc.start, loc.end, self.rule, self.message, tuple((r.path, r.start) for r in self.related))


@dataclass(frozen=True)
class Notice:
    """A document that was not (fully) checked, and why. Not an error: the exit code does not
    change, but every format lists it, so nothing is ever cut silently.

    `reason` is a stable key: `empty` (an empty article in a feed) or `budget` (a limit on
    the work spent on one document was reached; `message` says which)."""

    path: str
    reason: str
    message: str
