"""Issue 8: no article, feed or rule pack can crash, hang or wipe out the report.

The bad-input matrix: each input gives a clear message at its place, the right exit code,
and the other documents of the run are still checked and reported, in every format.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from consistency import cli
from consistency.cli import common as cli_common
from consistency.document import load_paths
from consistency.document.model import Document
from consistency.errors import InputError
from consistency.findings import Notice
from tests.conftest import ROOT, extract_text

GOOD = "---\ndate: 2025-01-01\n---\nOf the 30 crew, 34 were rescued.\n"
FORMATS = ("json", "sarif", "github", "text")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def corpus(tmp_path: Path, **files: str | bytes) -> Path:
    (tmp_path / "good.md").write_text(GOOD, "utf-8")
    for name, content in files.items():
        path = tmp_path / name.replace("__", ".")
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return tmp_path


def check_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code, out, _ = run(capsys, "check", "--format", "json", *args)
    return code, json.loads(out)


def good_still_reported(payload: dict) -> None:
    assert any(f["rule"] == "part-exceeds-whole" and f["path"].endswith("good.md") for f in payload["findings"])


# --- isolation ----------------------------------------------------------------------------


def test_an_extraction_bug_costs_one_document(tmp_path: Path, monkeypatch, capsys) -> None:
    import consistency.extract as extract

    real = extract.extract_document

    def flaky(doc: Document, date: dt.date | None = None):
        if doc.path.endswith("boom.md"):
            raise RuntimeError("synthetic failure\nsecond line")
        return real(doc, date)

    monkeypatch.setattr(extract, "extract_document", flaky)
    folder = corpus(tmp_path, boom__md="Of the 10 crew, 4 were rescued.\n")
    code, payload = check_json(capsys, str(folder))
    assert code == 2
    good_still_reported(payload)
    (err,) = payload["errors"]
    assert err["path"].endswith("boom.md") and err["exception"] == "RuntimeError"
    assert err["message"] == "internal error in extraction: RuntimeError: synthetic failure second line"
    assert payload["summary"]["documents"] == 1
    for fmt in ("sarif", "github", "text"):
        code, out, stderr = run(capsys, "check", "--format", fmt, str(folder))
        assert code == 2 and "Traceback" not in stderr
        assert "boom.md" in out and "synthetic failure" in out
    sarif = json.loads(run(capsys, "check", "--format", "sarif", str(folder))[1])
    (note,) = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["exception"]["kind"] == "RuntimeError"
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_a_rule_bug_costs_one_rule_on_one_document(tmp_path: Path, monkeypatch, capsys) -> None:
    from consistency.rules.checks import KINDS

    kind = KINDS["share"]
    real = kind.run_article

    def flaky(ctx):
        if ctx.ex.document.path.endswith("boom.md"):
            raise ValueError("math domain error")
        return real(ctx)

    monkeypatch.setattr(kind, "run_article", flaky)
    folder = corpus(tmp_path, boom__md="Of the 10 crew, 14 were rescued.\n")
    code, payload = check_json(capsys, str(folder))
    assert code == 2
    good_still_reported(payload)
    # the other rules still ran on the document whose share rule failed
    assert any(f["rule"] == "part-exceeds-whole" and f["path"].endswith("boom.md") for f in payload["findings"])
    (err,) = payload["errors"]
    assert (err["rule"], err["exception"]) == ("share-mismatch", "ValueError")
    assert err["path"].endswith("boom.md")
    code, out, _ = run(capsys, "check", "--format", "github", str(folder))
    assert "title=internal%3Ashare-mismatch error::internal error in rule share-mismatch" in out


def test_debug_shows_the_traceback(tmp_path: Path, monkeypatch, capsys) -> None:
    import consistency.extract as extract

    def broken(doc, date=None):
        raise KeyError("x")

    monkeypatch.setattr(extract, "extract_document", broken)
    folder = corpus(tmp_path)
    _, _, quiet = run(capsys, "check", str(folder))
    assert "Traceback" not in quiet
    _, _, loud = run(capsys, "check", "--debug", str(folder))
    assert "Traceback (most recent call last)" in loud and "KeyError" in loud
    monkeypatch.setenv("CONSISTENCY_DEBUG", "1")
    _, _, env = run(capsys, "check", str(folder))
    assert "Traceback (most recent call last)" in env


def test_the_last_guard_keeps_json_and_sarif_whole(tmp_path: Path, monkeypatch, capsys) -> None:
    import consistency.rules.engine as engine

    def broken(*args, **kwargs):
        raise ZeroDivisionError("deep inside")

    monkeypatch.setattr(engine, "run_rules", broken)
    folder = corpus(tmp_path)
    code, payload = check_json(capsys, str(folder))
    assert code == 2  # never 1, which means "findings"
    assert payload["errors"][0]["exception"] == "ZeroDivisionError"
    code, out, stderr = run(capsys, "check", "--format", "sarif", str(folder))
    assert code == 2 and json.loads(out)["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert "--debug" in stderr and "Traceback" not in stderr


# --- numbers and dates at their limits ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Exports fell to minus 1.92 billion dlrs in May.", -1.92e9),
        ("The deficit was -73bn last year.", -73e9),
    ],
)
def test_negative_amounts_with_scale_words(text: str, value: float) -> None:
    ex = extract_text(text)
    assert [q.value for q in ex.quantities if q.value < 0] == [value]


def test_negative_scaled_amount_does_not_wipe_out_the_report(tmp_path: Path, capsys) -> None:
    wire = "Exports fell to minus 1.92 billion dlrs, from 2.3 billion dlrs a year earlier.\n"
    folder = corpus(tmp_path, wire__md=wire)
    code, payload = check_json(capsys, str(folder))
    good_still_reported(payload)
    # either the checks read it, or the one rule that cannot is reported, named, on this document
    assert code in (1, 2)
    for err in payload.get("errors", []):
        assert err["path"].endswith("wire.md") and err["rule"]


@pytest.mark.parametrize(
    "text",
    [
        "The figure was " + "9" * 309 + " people.",
        "It cost $" + "9" * 400 + " billion, up from $" + "1" + "0" * 320 + ".",
        "They counted trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion "
        "trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion "
        "trillion trillion trillion trillion trillion trillion trillion people.",
        "nan people, inf dollars, NaN% and 1e309 tonnes, 0 of 0 members, 0% of 0.",
        "Of the 0 crew, 34 were rescued; 1/0 of them, 5 1/0 miles.",
    ],
)
def test_numbers_past_the_float_range(text: str) -> None:
    ex = extract_text(text)
    for q in ex.quantities:
        assert q.value == q.value and abs(q.value) < float("inf")  # finite, not NaN
    from consistency.report.extraction import document_json

    json.dumps(document_json(ex), allow_nan=False)


@pytest.mark.parametrize("ref", ["0001-01-01", "0001-01-03", "9999-12-31", "9999-12-27"])
def test_relative_dates_at_the_ends_of_the_calendar(ref: str) -> None:
    text = "The vote was on Friday, last year, and will be repeated next week, next month, next year and tomorrow."
    ex = extract_text(text, ref)
    assert ex.dates, "the expressions are still found"
    for d in ex.dates:
        assert d.value is not None or d.note  # resolved, or said why not
    out_of_range = [d for d in ex.dates if d.note and "out of range" in d.note]
    assert out_of_range, "at least one expression falls outside 1..9999 and says so"


# --- documents and feeds ------------------------------------------------------------------

FRONT_MATTER_CASES = [
    ("---\ntitle: [unclosed\ndate: 2025-01-01\n---\nText with 5 people.\n", 3, "front matter"),
    ("---\n" + "k: " + "[" * 1000 + "\n---\nText.\n", 2, "nested more than"),
    ("---\n- a list\n- not a mapping\n---\nText.\n", 2, "must be a mapping"),
    ("---\ntitle: T\ndate: 2025-13-45\n---\nText.\n", 3, "date"),
    ("---\ntitle: T\ndate: '2025-02-30'\n---\nText.\n", 3, "not a date"),
    ("---\ntitle: T\nstory: 42\n---\nText.\n", 3, "'story' must be a string"),
    ("---\ntitle: T\ndate: 2025-01-01\nText that never closes the block.\n", 1, "never closed"),
    ("---\nx: \x1b[31m\n---\nText.\n", 2, "control character U+001B"),
]


@pytest.mark.parametrize(("source", "line", "words"), FRONT_MATTER_CASES)
def test_malformed_front_matter_is_an_error_at_its_place(
    tmp_path: Path, capsys, source: str, line: int, words: str
) -> None:
    folder = corpus(tmp_path, bad__md=source)
    code, payload = check_json(capsys, str(folder))
    assert code == 2
    good_still_reported(payload)
    (err,) = payload["errors"]
    assert err["path"].endswith("bad.md") and err["line"] == line and err["column"] >= 1
    assert words in err["message"]
    code, out, _ = run(capsys, "check", str(folder))
    assert f"bad.md:{line}:" in out


def test_front_matter_date_types() -> None:
    ok = [d for d in load_paths(["-"], "---\ndate: 2025-06-09T10:00:00+02:00\n---\nText.\n")]
    assert isinstance(ok[0], Document) and ok[0].date == dt.date(2025, 6, 9)
    (bad,) = load_paths(["-"], "---\ndate: 20250609\n---\nText.\n")
    assert isinstance(bad, InputError) and "must be a date" in bad.message and bad.line == 2


def feed(tmp_path: Path, *lines: str | bytes) -> Path:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\n".join(x if isinstance(x, bytes) else x.encode() for x in lines) + b"\n")
    return path


def line(**record: object) -> str:
    return json.dumps(record)


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


def test_feed_bad_lines_are_errors_at_their_line(tmp_path: Path, capsys) -> None:
    good = line(id="ok", date="2025-01-01", text="Of the 30 crew, 34 were rescued.")
    path = feed(
        tmp_path,
        good,
        "{not json",
        "[" * 1000 + "]" * 1000,
        line(id="s", text="Five people.", story=42),
        line(id="d", text="Five people.", date="2025-13-45"),
        line(id="n", text="Five people.", meta=nested(70)),
        b'{"id": "u", "text": "\\ud800 lone surrogate, 7 people"}',
    )
    code, payload = check_json(capsys, str(path))
    assert code == 2
    assert any(f["path"] == f"{path}#ok" for f in payload["findings"])
    errors = {e["line"]: e["message"] for e in payload["errors"]}
    assert errors[2].startswith("not JSON") and errors[3].startswith("JSON nested")
    assert "'story' must be a string" in errors[4] and "'date'" in errors[5] and "nested more than" in errors[6]
    assert 7 not in errors  # the surrogate is replaced, the article checked
    assert payload["summary"]["documents"] == 2


def test_feed_line_over_the_article_cap(tmp_path: Path, capsys) -> None:
    big = line(id="big", text="Seven people. " * 450_000)  # 6.3 MB
    path = feed(tmp_path, big, line(id="ok", text="Of the 30 crew, 34 were rescued."))
    code, payload = check_json(capsys, str(path))
    assert code == 2
    (err,) = payload["errors"]
    assert err["line"] == 1 and "over the 5,000,000-byte limit" in err["message"]
    assert any(f["path"].endswith("#ok") for f in payload["findings"])


def test_an_empty_article_in_a_feed_is_noted_not_an_error(tmp_path: Path, capsys) -> None:
    path = feed(tmp_path, line(id="a", text="Of the 30 crew, 34 were rescued."), line(id="e", text="  \n "))
    code, payload = check_json(capsys, str(path))
    assert code == 1  # the finding, not an input error
    assert "errors" not in payload
    assert payload["notices"] == [{"path": f"{path}#e", "reason": "empty", "message": "empty article: not checked"}]
    assert payload["summary"]["documents"] == 1
    _, text, _ = run(capsys, "check", str(path))
    assert f"{path}#e: note[empty] empty article: not checked" in text
    assert text.rstrip().endswith("1 not checked (empty)")
    _, gh, _ = run(capsys, "check", "--format", "github", str(path))
    assert f"::notice file={path}#e,title=not checked::empty article: not checked" in gh
    sarif = json.loads(run(capsys, "check", "--format", "sarif", str(path))[1])
    (note,) = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "note" and sarif["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_feeds_are_read_a_line_at_a_time(tmp_path: Path) -> None:
    path = feed(tmp_path, *(line(id=i, text=f"{i} people.") for i in range(3)))
    items = load_paths([str(path)])
    first = next(items)  # a generator: the first article comes before the rest is read
    assert isinstance(first, Document) and first.path.endswith("#0")
    assert [x.path for x in items] == [f"{path}#1", f"{path}#2"]


def test_text_output_escapes_control_characters(tmp_path: Path, capsys) -> None:
    folder = corpus(tmp_path, ansi__md="Of the 30 crew, 34 were rescued \x1b[2J\x1b[31mat sea\u202e today.\n")
    code, out, _ = run(capsys, "check", str(folder))
    assert code == 1
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[31mat sea\\u202e today" in out


def test_github_annotations_escape_workflow_commands(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "a,b:c%d"
    folder.mkdir()
    (folder / "x.md").write_text("Of the 30 crew, 34 were rescued.\n", "utf-8")
    _, out, _ = run(capsys, "check", "--format", "github", str(folder))
    annotation, summary = out.splitlines()
    assert summary == "::notice title=consistency::1 document checked: 1 error"
    assert "file=" + str(folder).replace("%", "%25").replace(":", "%3A").replace(",", "%2C") + "/x.md," in annotation
    assert annotation.count("::") == 2 and "\n" not in annotation


def test_input_errors_carry_their_place_in_every_format(tmp_path: Path, capsys) -> None:
    folder = corpus(tmp_path, bad__md="---\ntitle: T\ndate: 2025-13-45\n---\nText.\n")
    _, gh, _ = run(capsys, "check", "--format", "github", str(folder))
    assert f"::error file={folder}/bad.md,line=3,col=7,title=input error::front matter: " in gh
    sarif = json.loads(run(capsys, "check", "--format", "sarif", str(folder))[1])
    (note,) = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 7}


# --- bounded cost ---------------------------------------------------------------------------


def test_over_long_sentences_are_read_in_pieces_and_reported(tmp_path: Path, capsys) -> None:
    folder = corpus(tmp_path, long__md="Officials said " + "1 and " * 3000 + "2.\n")
    _, payload = check_json(capsys, str(folder))
    (notice,) = payload["notices"]
    assert notice["path"].endswith("long.md") and notice["reason"] == "budget"
    assert "not fully checked" in notice["message"] and "line 1" in notice["message"]
    good_still_reported(payload)
    ex = extract_text("Officials said " + "1 and " * 3000 + "2.")
    assert len(ex.quantities) == 3001  # every figure is still read
    from consistency.document.segment import MAX_SENTENCE_CHARS, MAX_SENTENCE_FIGURES

    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in ex.sentences)
    assert max(sum(1 for q in ex.quantities if s.start <= q.start < s.end) for s in ex.sentences) <= (
        MAX_SENTENCE_FIGURES
    )


def test_work_budget_cuts_at_a_sentence_and_says_where(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(cli_common, "MAX_SAME_MEASURE_PAIRS", 10)
    text = "".join(f"The storm killed {i} people.\n" for i in range(2, 12))
    folder = corpus(tmp_path, many__md=text)
    _, payload = check_json(capsys, str(folder))
    (notice,) = payload["notices"]
    assert notice["reason"] == "budget"
    assert "more than 10 pairs of figures about the same thing" in notice["message"]
    assert "from line 6 on was not checked" in notice["message"]
    assert all(f["line"] < 6 for f in payload["findings"] if f["path"].endswith("many.md"))


# --- determinism ----------------------------------------------------------------------------


def test_same_output_whatever_the_hash_seed_and_document_order(tmp_path: Path) -> None:
    path = feed(
        tmp_path,
        line(id="a", date="2025-06-09", story="s", text="Crews evacuated 410 residents on Friday."),
        line(id="b", date="2025-06-10", story="s", text="Crews evacuated 140 residents on Friday."),
        line(id="c", text=""),
        "{bad",
    )
    outputs = set()
    for seed, order in (("0", ["seeds", str(path)]), ("1", [str(path), "seeds"]), ("12345", [str(path), "seeds"])):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-m", "consistency", "check", "--format", "json", *order],
            capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
        )
        assert proc.returncode == 2, proc.stderr
        outputs.add(proc.stdout)
    assert len(outputs) == 1
    payload = json.loads(outputs.pop())
    assert payload["notices"][0]["reason"] == "empty" and payload["errors"][0]["line"] == 4


def test_notices_and_errors_are_sorted(tmp_path: Path) -> None:
    path = feed(tmp_path, line(id="z", text=""), line(id="a", text=""))
    items = list(load_paths([str(path)]))
    assert all(isinstance(i, Notice) for i in items)
