"""Property tests: renderings of numbers and dates round-trip; output is deterministic."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from tests.conftest import extract_text

NOUNS = ["people", "homes", "soldiers", "residents", "votes"]


def _single(sentence: str):
    ex = extract_text(sentence)
    assert len(ex.quantities) == 1, (sentence, [q.text for q in ex.quantities])
    return ex.quantities[0]


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=999_999_999),
    noun=st.sampled_from(NOUNS),
    form=st.sampled_from(["plain", "commas", "words"]),
)
def test_integers_round_trip(n: int, noun: str, form: str) -> None:
    if form == "words" and n > 999_999:
        n = n % 999_999 + 2
    rendered = {"plain": str(n), "commas": f"{n:,}", "words": num2words(n).replace(",", "")}[form]
    if form == "plain" and 1000 <= n <= 2100:
        rendered = f"{n:,}"  # a bare 1000-2100 is read as a year, by design
    q = _single(f"Officials said {rendered} {noun} were counted.")
    assert (q.value, q.low, q.high) == (n, n, n)


@settings(max_examples=150, deadline=None)
@given(
    whole=st.integers(1, 999),
    tenth=st.integers(0, 9),
    scale=st.sampled_from([("million", 1e6), ("billion", 1e9), ("bn", 1e9), ("m", 1e6)]),
    currency=st.sampled_from([("$", "dollar"), ("£", "pound sterling"), ("€", "euro")]),
)
def test_scaled_money_carries_its_rounding(
    whole: int, tenth: int, scale: tuple[str, float], currency: tuple[str, str]
) -> None:
    word, factor = scale
    sep = "" if word in ("bn", "m") else " "
    q = _single(f"The deal was worth {currency[0]}{whole}.{tenth}{sep}{word} in total.")
    value = (whole + tenth / 10) * factor
    assert q.unit == currency[1]
    assert q.value == pytest.approx(value)
    assert q.low == pytest.approx(value - 0.05 * factor) and q.high == pytest.approx(value + 0.05 * factor)


@settings(max_examples=100, deadline=None)
@given(
    n=st.integers(10, 99_999),
    noun=st.sampled_from(NOUNS),
    qualifier=st.sampled_from(
        ["more than", "at least", "over", "fewer than", "up to", "about", "around", "nearly", "almost"]
    ),
)
def test_qualifiers_give_intervals(n: int, noun: str, qualifier: str) -> None:
    q = _single(f"Officials said {qualifier} {n:,} {noun} were counted.")
    assert q.low <= n <= q.high
    if qualifier in ("more than", "at least", "over"):
        assert q.low == n and q.high == float("inf")
    elif qualifier in ("fewer than", "up to"):
        assert q.high == n and q.low == 0
    elif qualifier in ("nearly", "almost"):
        assert q.high == n and n * 0.9 - 1e-9 <= q.low < n
    else:
        assert q.low < n < q.high and q.high - n <= n * 0.1 + 1e-9


@settings(max_examples=100, deadline=None)
@given(
    a=st.integers(1, 5000),
    gap=st.integers(1, 5000),
    noun=st.sampled_from(NOUNS),
    form=st.sampled_from(["between {a} and {b} {n}", "{a} to {b} {n}", "{a}-{b} {n}", "{a}% to {b}%"]),
)
def test_ranges_keep_both_ends(a: int, gap: int, noun: str, form: str) -> None:
    b = a + gap
    q = _single("Officials said " + form.format(a=f"{a:,}", b=f"{b:,}", n=noun) + " were counted.")
    pad = 0.5 if "%" in form else 0
    assert q.qualifier == "range"
    assert q.low == a - pad and q.high == b + pad


@settings(max_examples=150, deadline=None)
@given(
    ref=st.dates(dt.date(1990, 1, 1), dt.date(2080, 12, 31)),
    delta=st.integers(-150, 150),
    form=st.sampled_from(
        ["{B} {d}", "{b}. {d}", "{d} {B}", "{B} {d}, {Y}", "{d} {B} {Y}", "{Y}-{m:02d}-{d:02d}", "{B} {d}th"]
    ),
)
def test_dates_round_trip_around_reference(ref: dt.date, delta: int, form: str) -> None:
    target = ref + dt.timedelta(days=delta)
    b = target.strftime("%b")
    if "th" in form and target.day in (1, 2, 3, 21, 22, 23, 31):
        form = "{B} {d}"
    text = form.format(
        B=target.strftime("%B"), b=b if b != "May" else "May", d=target.day, Y=target.year, m=target.month
    ).replace("May.", "May")
    ex = extract_text(f"The meeting took place on {text}.", ref.isoformat())
    dates = [d for d in ex.dates if d.kind == "date"]
    assert len(dates) == 1, (text, [(d.text, d.value) for d in ex.dates])
    assert dates[0].value == target.isoformat()


@settings(max_examples=60, deadline=None)
@given(
    ref=st.dates(dt.date(2000, 1, 1), dt.date(2060, 12, 31)),
    back=st.integers(1, 6),
    day=st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
)
def test_weekday_by_tense(ref: dt.date, back: int, day: str) -> None:
    past = extract_text(f"Troops arrived on {day}.", ref.isoformat()).dates[0]
    future = extract_text(f"Troops will arrive on {day}.", ref.isoformat()).dates[0]
    past_d, future_d = dt.date.fromisoformat(past.value), dt.date.fromisoformat(future.value)
    assert past_d.strftime("%A") == future_d.strftime("%A") == day
    assert 0 <= (ref - past_d).days < 7
    assert 0 <= (future_d - ref).days < 7 or (future_d - ref).days == 7


def test_output_is_identical_under_different_hash_seeds() -> None:
    root = Path(__file__).resolve().parent.parent
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-m", "consistency", "extract", "--format", "json", str(root / "seeds")],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            cwd=root,
        )
        assert result.returncode == 0, result.stderr
        json.loads(result.stdout)
        outputs.add(result.stdout)
    assert len(outputs) == 1
