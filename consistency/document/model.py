"""The Document: an article's text plus what we know about it (date, title, story).

`text` has exactly the length of the source it came from: markup, front matter, URLs and
code are blanked with spaces (newlines kept), so an offset into `text` is an offset into the
file and line:column can always be recovered.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Document:
    path: str
    text: str
    date: dt.date | None = None
    title: str | None = None
    story: str | None = None
    kind: str = "text"
    title_span: tuple[int, int] | None = None  # the headline's place in `text`, when it is copy
    directives: tuple = ()  # `consistency:` suppression comments and front matter (consistency.suppress)
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        if not self._line_starts:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1
