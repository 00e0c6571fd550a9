"""Dated series: 'The cumulative count of suspected cases was 214 on Friday 7 August, 488 on
Sunday, 931 on Tuesday …'. Every item after the first is a bare figure with its own day, and
each is the same measure as the first: the series tells one running total day by day.
"""

from __future__ import annotations

import re

from consistency.claims.model import Claim

_ITEM_GAP = re.compile(
    r"\s*(?:,|;)?\s*(?:and\s+|then\s+)?(?:at\s+|to\s+)?(?:(?:about|some|nearly|almost|around)\s+)?$", re.I
)
"""What may stand between one series item's date and the next figure: a comma, 'and', 'then',
and the item's own preposition ('at 47 on Tuesday and at 69 on Wednesday')."""


def inherit_series(claims: list[Claim], text: str) -> None:
    """Give the bare figures of a dated series the measure of the figure that opens it, when
    each figure is followed by its own written day and joined to the last by a comma or 'and'."""
    by_sentence: dict[int, list[Claim]] = {}
    for c in claims:
        by_sentence.setdefault(c.sentence, []).append(c)
    for items in by_sentence.values():
        head: Claim | None = None
        last_day_end = -1
        for c in items:
            dated = bool(c.as_of_text) and text.find(c.as_of_text, c.end, c.end + 40) >= 0
            if head is not None and dated and c.measure is None and c.unit == head.unit and c.kind == head.kind:
                between = text[last_day_end:c.start]
                if last_day_end >= 0 and _ITEM_GAP.fullmatch(between):
                    c.measure, c.frame, c.head = head.measure, head.frame, head.head
                    c.cumulative, c.cumulative_days = head.cumulative, head.cumulative_days
                    c.exhaustive = head.exhaustive
                    c.modifiers = head.modifiers
                    last_day_end = text.find(c.as_of_text, c.end) + len(c.as_of_text)
                    continue
            if c.measure is not None and dated:
                head = c
                last_day_end = text.find(c.as_of_text, c.end) + len(c.as_of_text)
            else:
                head, last_day_end = None, -1
