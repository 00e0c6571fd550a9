"""A Claim: one figure as a statement about the world, ready to be compared with others."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass


@dataclass
class Claim:
    index: int
    text: str
    start: int
    end: int
    value: float
    low: float
    high: float
    unit: str
    entity: str
    kind: str
    noun: str | None
    lemma: str | None
    predicate: str | None
    measure: str | None
    as_of_low: dt.date | None
    as_of_high: dt.date | None
    as_of_text: str | None
    sentence: int
    quoted: bool
    attribution: str | None
    qualifier: str | None = None
    role: str | None = None
    link: int | None = None
    frame: str | None = None  # the measure frame ("deaths", "evacuations"), from the frames lexicon
    head: str | None = None  # the counted head noun's class ("people", "home")
    modifiers: tuple[str, ...] = ()  # words before the head that may make it another measure
    cumulative: bool = False  # a running total that cannot fall (death toll, cases)
    cumulative_days: int | None = None  # how long one running total lasts, when limited
    exhaustive: bool = False  # one total per event and time (deaths, evacuations, a fine)
    fixed: bool = False  # once stated it stays true (a fine, a prison sentence)
    subject: str | None = None  # who or what the figure is about, from its clause
    definite: bool = False  # points back at a figure given before ("the 140 residents who ...")
    increment: bool = False  # "another 40", "three more": an addition, not the total
    clause: int = 0  # index of the figure's clause in the document
    clause_start: int = 0  # the clause's span in the document text
    clause_end: int = 0
    title: bool = False  # the figure is in the headline
    status: bool = False  # a state of a total ("the death toll stood at 38"), not the event's own verb
    as_of_part: int = 0  # part of the day the as-of time names (1 morning … 4 night), 0 unknown
    progress: float | None = None  # how far a count had gone ("with 85 percent of precincts reporting")
    event_day: dt.date | None = None  # the day the figure's clause dates its event to
    context: tuple[str, str] = ("", "")  # the words just before the figure and just after it, lower case
    places: tuple[str, ...] = ()  # places named in the figure's own clause ("in Orsk province")
    event_places: tuple[str, ...] = ()  # its own places, else the places of the article's lede

    def agrees_with(self, other: Claim) -> bool:
        """Two claims agree when their value intervals overlap (rounding and qualifiers in)."""
        return self.low <= other.high and other.low <= self.high

    def as_dict(self) -> dict:
        def num(v: float) -> float | int | None:
            if math.isinf(v):
                return None
            return int(v) if v == int(v) else round(v, 10)

        return {
            "index": self.index,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": num(self.value),
            "low": num(self.low),
            "high": num(self.high),
            "unit": self.unit,
            "entity": self.entity,
            "kind": self.kind,
            "noun": self.noun,
            "lemma": self.lemma,
            "predicate": self.predicate,
            "measure": self.measure,
            "as_of": {
                "low": self.as_of_low.isoformat() if self.as_of_low else None,
                "high": self.as_of_high.isoformat() if self.as_of_high else None,
                "text": self.as_of_text,
            },
            "sentence": self.sentence,
            "quoted": self.quoted,
            "attribution": self.attribution,
            "qualifier": self.qualifier,
            "role": self.role,
            "link": self.link,
            "frame": self.frame,
            "head": self.head,
            "modifiers": list(self.modifiers),
            "cumulative": self.cumulative,
            "cumulative_days": self.cumulative_days,
            "exhaustive": self.exhaustive,
            "fixed": self.fixed,
            "subject": self.subject,
            "definite": self.definite,
            "increment": self.increment,
            "clause": self.clause,
            "title": self.title,
            "status": self.status,
            "event_day": self.event_day.isoformat() if self.event_day else None,
            "places": list(self.places),
            "event_places": list(self.event_places),
        }
