"""The mutation benchmark's own machinery: each mutation plants exactly one contradiction,
and the scorer counts a finding only where the benchmark says it should."""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "benchmarks" / "contradoc-clean" / "articles.jsonl"


def _module():
    spec = importlib.util.spec_from_file_location("mutate", ROOT / "benchmarks" / "mutate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["mutate"] = module
    spec.loader.exec_module(module)
    return module


M = _module()


def article(text: str, kind: str = "news", id: str = "t1"):
    return M.Article(id, kind, text)


def replaced(m, twin: str, new: str) -> str:
    """What the mutation replaced, after checking that nothing else changed."""
    before = twin[m.start : m.start + len(m.before)]
    assert new == twin[: m.start] + m.after + twin[m.start + len(m.before) :]
    assert new[m.start : m.end] == m.after
    return before


def nearest(month: int, day: int, ref: dt.date) -> dt.date:
    return min((dt.date(y, month, day) for y in (ref.year - 1, ref.year, ref.year + 1)), key=lambda d: abs(d - ref))


def test_restated_figure_changes_exactly_one_occurrence_to_a_disagreeing_value() -> None:
    text = (
        "The fire destroyed 212 homes in the valley on Sunday. Crews worked through the night. "
        "Officials said the 212 homes would be rebuilt by the spring, and 40 families moved out."
    )
    for seed in range(20):
        m = M.mutate_restated(article(text), random.Random(seed))
        assert m is not None and m.kind == "restated"
        new = m.docs[0].text
        assert m.twins[0].text == text
        assert new.count("212 homes") == 1 and text.count("212 homes") == 2
        assert replaced(m, text, new) == "212"
        value = float(m.after.replace(",", ""))
        assert abs(value - 212) >= 0.1 * 212 and value != 212
        assert "40 families" in new


def test_restated_figure_keeps_the_written_form() -> None:
    text = "Some 1,250 people fled on Monday. By Tuesday 1,250 people had returned home to the town."
    m = M.mutate_restated(article(text), random.Random(1))
    assert m is not None
    assert "," in m.after and len(m.after.replace(",", "")) == 4
    words = "Three men were arrested after the raid. Police later released the three men without charge."
    w = M.mutate_restated(article(words), random.Random(3))
    assert w is not None and w.after.lower() in {"two", "four"} and w.after[0].isupper() == (w.before[0].isupper())


def test_years_road_numbers_and_unrelated_figures_are_not_restated_figures() -> None:
    assert M.restated_pairs("In 2008 budgets fell. In 2008 budgets rose again, and MS 9 north of here.") == []
    assert M.restated_pairs("The road SR 372 travels east, then SR 372 travels north past the farm.") == []
    assert M.restated_pairs("It cost 12 dollars. Another cost 13 dollars at the shop in town.") == []


def test_conversion_mutation_changes_only_the_bracketed_value_and_breaks_it() -> None:
    text = "The new line will run 20 miles (32 km) from the centre to the airport, officials said on Monday."
    assert M.conversion_holds("20 miles", "32 km") is True
    for seed in range(20):
        m = M.mutate_conversion(article(text), random.Random(seed))
        assert m is not None and m.kind == "conversion"
        new = m.docs[0].text
        assert replaced(m, text, new) == "32"
        after = m.after
        assert new.startswith("The new line will run 20 miles (") and new.endswith(
            " km) from the centre to the airport, officials said on Monday."
        )
        assert 0.12 <= abs(float(after) - 32) / 32 <= 0.45
        assert M.conversion_holds("20 miles", f"{after} km") is False


def test_conversions_are_found_in_many_forms_and_only_when_they_hold() -> None:
    found = {
        m.group(0)
        for m in M.conversions(
            "It stands 29 metres ( 95 ft ) tall. It weighed 800 kg (1,763 pounds). Highs of 82 ° F ( 28 ° C ) "
            "and 60 degrees Fahrenheit (about 16 degrees Celsius). A 4. 2 - mile ( 6. 8 km ) road. "
            "Wrong: 10 miles (10 km). Not one: 5 km (3 km), 9:30 a.m. (3:30 a.m. ET), £20 million ($41.1 million)."
        )
    }
    assert found == {
        "29 metres ( 95 ft",
        "800 kg (1,763 pounds",
        "82 ° F ( 28 ° C",
        "60 degrees Fahrenheit (about 16 degrees Celsius",
        "4. 2 - mile ( 6. 8 km",
    }


def test_weekday_written_with_a_date_becomes_wrong_for_that_date() -> None:
    text = "Emergency crews evacuated 410 residents on Friday, June 6, after the river rose overnight."
    for seed in range(10):
        m = M.mutate_weekday(article(text), random.Random(seed))
        assert m is not None and m.kind == "weekday"
        twin, new = m.twins[0], m.docs[0]
        event = nearest(6, 6, twin.date)
        assert event.strftime("%A") == "Friday"  # the front-matter date makes the original right
        assert twin.text == text and new.text.count("Friday") == 0
        assert m.after != "Friday" and m.after in new.text and event.strftime("%A") != m.after


def test_weekday_with_a_year_is_checked_as_written() -> None:
    m = M.mutate_weekday(article("He was sentenced on Friday 3 May 2024 in Leeds."), random.Random(0))
    assert m is not None and dt.date(2024, 5, 3).strftime("%A") == "Friday" != m.after
    wrong = M.mutate_weekday(article("He was sentenced on Monday 3 May 2024 in Leeds."), random.Random(0))
    assert wrong is None  # already wrong as written: not a clean text to mutate


def test_bare_weekday_gets_a_right_date_then_a_wrong_weekday() -> None:
    text = "Police said on Wednesday that two men had been charged with the robbery in the town."
    forms = set()
    for seed in range(30):
        m = M.mutate_weekday(article(text), random.Random(seed))
        assert m is not None and m.kind == "weekday+"
        (wd,) = [w for w in M.weekday_dates(m.twins[0].text) if w.start == m.start]
        event = dt.date(wd.year, wd.month, wd.day) if wd.year else nearest(wd.month, wd.day, m.twins[0].date)
        assert event.strftime("%A") == "Wednesday" == m.before
        assert 0 < (m.twins[0].date - event).days <= 7
        assert m.docs[0].text[m.start : m.end] == m.after != "Wednesday"
        assert m.docs[0].text.replace(m.after, "Wednesday", 1) == m.twins[0].text
        forms.add(m.note)
    assert len({f.split("'")[1].count(",") for f in forms}) > 1  # more than one written form


def test_split_gives_two_dated_documents_with_the_change_in_the_second() -> None:
    first = "Rescuers pulled 12 people from the flooded river on Sunday after heavy rain swept the valley. " * 3
    second = "Officials later confirmed that 12 people had been rescued and that all were safe in hospital. " * 3
    text = first + second
    m = M.mutate_cross(article(text), random.Random(5))
    assert m is not None and m.kind == "cross" and len(m.docs) == 2 and m.target == 1
    a, b = m.docs
    assert a.text == m.twins[0].text and b.text != m.twins[1].text
    assert 1 <= (b.date - a.date).days <= 2
    assert (m.twins[0].text + " " + m.twins[1].text).split() == text.split()
    assert "story" not in a.front and "date:" in a.front and "title:" in b.front
    assert b.text[m.start : m.end] == m.after and m.after != "12"
    assert "12 people" in a.text


def test_numbers_round_trip_in_wikitext_style() -> None:
    value, fmt = M.parse_number("2 , 460")
    assert value == 2460 and M.format_number(2952, fmt) == "2 , 952"
    value, fmt = M.parse_number("6. 8")
    assert value == 6.8 and M.format_number(8.1, fmt) == "8. 1"
    for v, f in [
        (2.0, M.NumberFormat(None, ".", 0)),
        (0.2, M.NumberFormat(None, ".", 1)),
        (1.0, M.NumberFormat(None, ".", 0)),
    ]:
        for factor in (0.8, 1.2):
            new = M.shifted(v, f, factor)
            assert new > 0 and abs(new - v) > 2 * M.half_unit(f)


def _finding(stem: str, line: int, col: int, rule: str = "r", related: list | None = None) -> dict:
    return {
        "rule": rule,
        "severity": "warning",
        "path": f"x/{stem}.md",
        "line": line,
        "column": col,
        "end_line": line,
        "end_column": col + 3,
        "related": related or [],
    }


def test_score_counts_the_changed_sentence_only_and_cancels_what_the_twin_shows() -> None:
    text = "The fire destroyed 212 homes on Sunday. Crews worked all night. Officials said 212 homes were lost."
    m = M.mutate_restated(article(text), random.Random(0))
    doc = m.docs[0]
    line = len(doc.front.splitlines()) + 1
    col = m.start + 1
    assert M.score(m, [_finding(doc.name, line, col)], [])["found"]
    crews = text.index("Crews") + 1
    assert not M.score(m, [_finding(doc.name, line, crews)], [])["found"]
    assert not M.score(m, [_finding(doc.name, line, col)], [_finding(doc.name, line, col)])["found"]
    other = {"path": "x/elsewhere.md", "line": 5, "column": 1}
    assert not M.score(m, [_finding(doc.name, line, col, related=[other])], [])["found"]  # a false link


def test_score_for_cross_needs_both_halves() -> None:
    first = "Rescuers pulled 12 people from the flooded river on Sunday after heavy rain swept the valley. " * 3
    second = "Officials later confirmed that 12 people had been rescued and that all were safe in hospital. " * 3
    m = M.mutate_cross(article(first + second), random.Random(5))
    a, b = m.docs
    line_b = len(b.front.splitlines()) + 1
    here = _finding(b.name, line_b, m.start + 1)
    assert not M.score(m, [here], [])["found"]
    linked = dict(here, related=[{"path": f"x/{a.name}.md", "line": len(a.front.splitlines()) + 1, "column": 17}])
    assert M.score(m, [linked], [])["found"]


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_file():
        pytest.skip("../shared/benchmarks/contradoc-clean is not beside the project")
    return CORPUS


def test_corpus_mutations_are_deterministic_and_each_plants_one_change(corpus: Path) -> None:
    texts = M.unique_texts(M.load_articles(corpus))
    assert [a.kind for a in texts[:3]] == ["news"] * 3  # news first
    for kind in M.KINDS:
        _, muts = M.mutations(texts, kind, seed=7)
        again = M.mutations(texts, kind, seed=7)[1]
        assert muts, kind
        assert [(m.article.id, m.before, m.after, m.start) for m in muts] == [
            (m.article.id, m.before, m.after, m.start) for m in again
        ]
        for m in muts:
            t, twin = m.docs[m.target].text, m.twins[m.target].text
            assert replaced(m, twin, t) == m.before, m.article.id
            assert m.after != m.before
            if m.kind == "weekday+":
                assert m.before in M.WEEKDAYS and m.after in M.WEEKDAYS
            elif m.kind != "weekday":
                assert m.after[:1].isdigit() == m.before[:1].isdigit()
        limited = M.mutations(texts, kind, seed=7, limit=3)[1]
        assert [m.article.id for m in limited] == [m.article.id for m in muts[:3]]
