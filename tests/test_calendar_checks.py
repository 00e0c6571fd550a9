"""Calendar, clock, duration and conversion checks: each form that must fire, its correct
twin that must stay silent, and properties over random times, durations and dates."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.rules.engine import run_rules
from consistency.rules.loader import load_rule_file
from consistency.rules.model import Rule
from tests.conftest import ROOT, extract_text


@functools.cache
def rule(rule_id: str) -> Rule:
    return load_rule_file(ROOT / "rules" / "article" / f"{rule_id}.yaml")


def fired(rule_id: str, text: str, date: str | None = "2025-12-01") -> list[str]:
    """Messages of one rule's findings on a text dated `date`."""
    return [f.message for f in run_rules([extract_text(text, date)], [rule(rule_id)]) if f.rule == rule_id]


# --- durations against the dates they span -------------------------------------------------

DURATIONS = [
    (
        "2026-03-18",
        "The Lantern Theatre Company, which was founded in a disused fish warehouse on Quay Street in 2001, "
        "will close in June. Over its {n}-year history the company staged 140 productions.",
        25,
        30,
    ),
    (
        "2025-04-03",
        "Albert Dorsey, who served as mayor of Fenmoor from 2009 to 2021, died on Tuesday. "
        "During his {n} years in office, Dorsey rebuilt the riverfront.",
        12,
        16,
    ),
    (
        "2026-03-14",
        "The jury returned its verdicts on Friday after a trial that began on 2 February. "
        "Both were convicted at the end of the {n}-week trial.",
        6,
        3,
    ),
    (
        "2025-11-22",
        "Bus services returned to normal on Saturday after drivers accepted a pay offer, ending a strike "
        "that began on 4 November. The {n}-day walkout cost shops £2m.",
        18,
        12,
    ),
    (
        "2025-11-29",
        "Collections will resume on Monday, ending a strike that began on 10 November. "
        "The {n}-day walkout ended on Thursday.",
        18,
        25,
    ),
]


@pytest.mark.parametrize(("date", "text", "right", "wrong"), DURATIONS)
def test_duration_against_its_dates(date: str, text: str, right: int, wrong: int) -> None:
    assert fired("duration-mismatch", text.format(n=right), date) == []
    assert len(fired("duration-mismatch", text.format(n=wrong), date)) == 1


def test_duration_of_another_thing_is_not_compared() -> None:
    text = "The bakery was founded in 2001 by a baker with a 30-year career. The 12-day festival began on 4 May."
    assert fired("duration-mismatch", text, "2026-04-01") == []


def test_duration_qualifier_is_an_interval() -> None:
    base = "Services returned to normal on Saturday, ending a strike that began on 4 November. {q} walkout."
    assert fired("duration-mismatch", base.format(q="The more than two-week"), "2025-11-22") == []
    assert fired("duration-mismatch", base.format(q="The nearly three-week"), "2025-11-22") == []
    assert len(fired("duration-mismatch", base.format(q="The more than five-week"), "2025-11-22")) == 1


# --- clock arithmetic -----------------------------------------------------------------------

CLOCKS = [
    "She crossed the line at 11:05 a.m., {d} after the 8:30 a.m. start.",
    "The power went off at 10.40pm on Wednesday and was restored at 2.15am, an outage of {d}.",
    "The flight was scheduled to leave at 06:15 but did not take off until 13:40, a delay of {d}.",
    "Officers were called at 1:15 p.m. after reports of a shot. He walked out at 6:45 p.m., ending {d} of talks.",
]
CLOCK_RIGHT = ["2 hours and 35 minutes", "almost four hours", "more than seven hours", "more than five hours"]
CLOCK_WRONG = ["2 hours and 45 minutes", "almost five hours", "more than nine hours", "more than seven hours"]


@pytest.mark.parametrize(("text", "right", "wrong"), list(zip(CLOCKS, CLOCK_RIGHT, CLOCK_WRONG, strict=True)))
def test_clock(text: str, right: str, wrong: str) -> None:
    assert fired("clock-mismatch", text.format(d=right)) == []
    assert len(fired("clock-mismatch", text.format(d=wrong))) == 1


@pytest.mark.parametrize(
    "written", ["2h 35m", "two and a half hours", "2 hours, 35 minutes", "about two and a half hours"]
)
def test_clock_duration_forms(written: str) -> None:
    assert fired("clock-mismatch", f"She finished at 11:05 a.m., {written} after the 8:30 a.m. start.") == []


def test_clock_needs_times_in_one_paragraph() -> None:
    text = "Fog closed the runway for seven hours.\n\nDepartures stopped at 06:20 and resumed at 15:20."
    assert fired("clock-mismatch", text) == []


def test_race_times_are_not_clock_times() -> None:
    text = "She won in 2:35:52, finishing at 10:36 a.m., 2 hours and 36 minutes after the 8 a.m. start."
    assert fired("clock-mismatch", text) == []


def _clock(minutes: int) -> str:
    h, m = divmod(minutes % 1440, 60)
    return f"{(h % 12) or 12}:{m:02d} {'a.m.' if h < 12 else 'p.m.'}"


def _span(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} hours and {m} minutes" if m else f"{h} hours"


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 1439), st.integers(30, 11 * 60), st.integers(20, 180), st.booleans())
def test_clock_property(start: int, length: int, error: int, later: bool) -> None:
    """A start time plus a duration that gives the end time is silent; the same sentence with
    the duration off by 20 minutes or more fires."""
    end = start + length
    text = "The runners crossed the line at {end}, {span} after the {start} start."
    right = text.format(end=_clock(end), start=_clock(start), span=_span(length))
    assert fired("clock-mismatch", right) == []
    wrong_length = length + error if later else length - error
    if wrong_length > 0 and abs(wrong_length - (1440 - length)) >= 20:
        wrong = text.format(end=_clock(end), start=_clock(start), span=_span(wrong_length))
        assert len(fired("clock-mismatch", wrong)) == 1


# --- weekdays ---------------------------------------------------------------------------------

FORMATS = [
    "{wd}, {d.month}/{d.day}",
    "{wd} {d.day}/{d.month}/{d.year}",
    "{wd} ({iso})",
    "{wd}, {d.day} {month}",
    "{d.day} {month}, a {wd}",
    "{abbr}. {month} {d.day}",
    "{abbr}, {month} {d.day}, {d.year}",
]


def _render(form: str, d: dt.date, weekday: int) -> str:
    names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    abbr = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][weekday]
    month = d.strftime("%B")
    return form.format(wd=names[weekday], abbr=abbr, d=d, iso=d.isoformat(), month=month)


@settings(max_examples=60, deadline=None)
@given(st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)), st.sampled_from(FORMATS), st.integers(1, 6))
def test_weekday_property(day: dt.date, form: str, shift: int) -> None:
    """A weekday written beside its date, in any common format, is silent; shifted, it fires.
    Yearless forms are dated around an article date a few days before."""
    if "/" in form and "{d.year}" not in form and day.day <= 12:
        return  # '5/6' read both ways: a shifted weekday may fit the other reading
    if "{wd} {d.day}/{d.month}" in form and day.day <= 12:
        return
    article = (day - dt.timedelta(days=5)).isoformat()
    right = f"The final is on {_render(form, day, day.weekday())} in Rome."
    wrong = f"The final is on {_render(form, day, (day.weekday() + shift) % 7)} in Rome."
    assert fired("weekday-mismatch", right, article) == []
    assert len(fired("weekday-mismatch", wrong, article)) == 1


@pytest.mark.parametrize("abbr", ["Mon", "Tue.", "Tues", "Weds", "Thurs", "Thu."])
def test_weekday_abbreviations(abbr: str) -> None:
    # 2026-06-05 is a Friday: none of these abbreviations fits it.
    assert len(fired("weekday-mismatch", f"It opens {abbr} June 5, 2026.", "2026-05-20")) == 1


def test_lone_abbreviations_are_not_weekdays() -> None:
    ex = extract_text("The Sun reported on Sat night that Wed was a name.")
    assert [d for d in ex.dates if d.kind == "weekday"] == []


# --- impossible dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["on November 31", "on Feb 30", "on 30 February 2025", "from January 10–1", "on 2025-04-31"]
)
def test_impossible_dates(text: str) -> None:
    assert len(fired("impossible-date", f"The fair was held {text} in the square.")) == 1


@pytest.mark.parametrize(
    "text", ["on November 30", "on 29 February 2024", "from January 10–12", "in a March 3-1 win", "on Feb 28"]
)
def test_possible_dates(text: str) -> None:
    assert fired("impossible-date", f"The fair was held {text} in the square.") == []


# --- past events after the article's date -------------------------------------------------------

PAST_FIRE = [
    ("2026-10-01", "The minister visited the plant on 7 October and met workers."),
    ("2026-02-10", "On February 21, a record 2,300 visitors passed through the doors in a single day, he said."),
    ("2025-05-06", "Her best win came in the semi-finals on May 17, when she beat the world No 1 in straight sets."),
    ("2026-03-05", "The storm, which struck on 9 March, dumped up to 40cm of snow."),
    ("2025-07-24", "Net profit for the full year ended Dec. 31, 2025, rose 14 pct to 402 mln euros."),
    ("2025-06-09", "Police arrested 40 people outside the stadium on June 12."),
]
PAST_SILENT = [
    ("2026-10-01", "The minister will visit the plant on 7 October."),
    ("2026-10-01", "The minister is due to visit the plant on 7 October, officials said."),
    ("2026-10-01", "The deadline was extended to Oct 30 after complaints."),
    ("2026-10-01", "The consultation, ending October 9, drew 900 replies."),
    ("2026-10-01", "He was remanded in custody until 9 October."),
    ("2026-10-01", "The council approved a plan on Tuesday to open the bridge on 7 October."),
    ("2026-03-25", "The yield on the 2034 bond fell 18 basis points, while the 2029 notes gained a point."),
    ("2025-10-24", "The council has pledged to build 400 homes for social rent by 2029."),
    ("2025-09-17", "Revenue for the full fiscal year, which ends May 31, 2026, rose."),
    ("2026-01-05", "Police arrested 40 people on February 20 after a protest."),
    (
        "2025-10-15",
        "Economists expect the bank to cut rates at its meeting on Nov 6, after inflation fell in September.",
    ),
    ("2026-09-24", "The two candidates meet for their only televised debate on Oct. 8."),
    ("2020-03-01", "The judge doubled his bail to ensure his appearance at an April 7 trial."),
    ("2026-02-24", "On Saturday 21 February, a record 1,870 people passed through the doors."),
    ("2024-06-01", "The storm formed in 2005. A tropical wave entered the Atlantic from Africa on July 10."),
    ("2024-06-01", 'He said: "We beat them on June 20."'),
    ("2026-10-10", "The fair took place on 20 October last year."),
    ("2026-10-01", "Tickets went on sale on Monday for the concert on 20 October."),
]


@pytest.mark.parametrize(("date", "text"), PAST_FIRE)
def test_past_event_after_article_date(date: str, text: str) -> None:
    assert len(fired("past-figure-after-date", text, date)) == 1


@pytest.mark.parametrize(("date", "text"), PAST_SILENT)
def test_deadlines_forecasts_names_stay_silent(date: str, text: str) -> None:
    assert fired("past-figure-after-date", text, date) == []


# --- conversions ---------------------------------------------------------------------------------

CONVERSIONS_FIRE = [
    "He landed a 31-pound (22-kilogram) pike.",
    "The wall stands 6 feet (2.02 m) high.",
    "The route climbs 8,500 metres (18,000 feet).",
    "Temperatures will reach 38C (90F).",
    "The estate covers 1,200 hectares (1,500 acres).",
    "The 180-mile (420-kilometre) line.",
    "The line runs 100 km (68 miles).",
    "He weighs 15 stone (110kg).",
    "He is 6ft 2in (1.98m) tall.",
]
CONVERSIONS_SILENT = [
    "At 6 feet 7 inches (2.01 metres) tall and 108 kilograms (238 pounds), he towers over his partner.",
    "At 6 feet 5 inches, he plays a 5ft 10in Spaniard; his father stands 6 feet 8.",
    "The 54-hectare (133-acre) site will be planted with trees.",
    "Temperatures reached 37C (99F), and overnight did not fall below 24C (75F).",
    "The 100-mile (161-kilometre) course includes 6,100 metres (20,000 feet) of climbing at 2C (36F).",
    "The 640-kilometre (400-mile) journey takes nine and a half hours.",
    "The wall stands 6 feet (1.83 m) high.",
    "He weighs 15 stone 4lb (97kg).",
    "He is 6 ft 2 in (1.88 m) tall.",
    "A 2.4-kilometre (1.5-mile) bridge opened.",
]


@pytest.mark.parametrize("text", CONVERSIONS_FIRE)
def test_conversion_fires(text: str) -> None:
    assert len(fired("conversion-mismatch", text)) == 1


@pytest.mark.parametrize("text", CONVERSIONS_SILENT)
def test_conversion_silent(text: str) -> None:
    assert fired("conversion-mismatch", text) == []


@settings(max_examples=40, deadline=None)
@given(
    st.integers(5, 400),
    st.sampled_from([("miles", "km", 1.609344), ("kg", "lb", 2.20462262), ("feet", "metres", 0.3048)]),
)
def test_conversion_property(value: int, units: tuple[str, str, float]) -> None:
    """A conversion rounded to one decimal is silent; off by 10% it fires."""
    a, b, factor = units
    right = value * factor
    assert fired("conversion-mismatch", f"It measured {value} {a} ({right:.1f} {b}).") == []
    assert len(fired("conversion-mismatch", f"It measured {value} {a} ({right * 1.1:.1f} {b}).")) == 1
