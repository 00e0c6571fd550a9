"""Loading documents: formats, metadata, offsets, and bad input that must not stop a run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from consistency.document import load_paths
from consistency.document.model import Document
from consistency.errors import InputError
from consistency.extract import extract_document


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "consistency", *args], capture_output=True, text=True, input=stdin, timeout=120
    )


def test_markdown_front_matter_and_offsets(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: T\ndate: 2025-12-01\nstory: s1\n---\nThe storm killed 12 people.\n")
    (doc,) = list(load_paths([str(path)]))
    assert isinstance(doc, Document)
    assert (doc.date.isoformat(), doc.title, doc.story) == ("2025-12-01", "T", "s1")
    ex = extract_document(doc)
    (q,) = ex.quantities
    assert path.read_text()[q.start : q.end] == "12"
    assert doc.position(q.start) == (6, 18)
    assert not ex.dates  # the front-matter date is metadata, not text


def test_html_meta_date_and_offsets_into_source(tmp_path: Path) -> None:
    source = (
        '<html><head><meta property="article:published_time" content="2025-03-02T10:00:00Z">'
        "<title>X</title></head><body><p>The <b>fire</b> destroyed 40&nbsp;homes on Friday.</p>"
        "<script>var x = 99;</script></body></html>"
    )
    path = tmp_path / "a.html"
    path.write_text(source)
    (doc,) = list(load_paths([str(path)]))
    ex = extract_document(doc)
    assert doc.date.isoformat() == "2025-03-02" and doc.title == "X"
    assert [source[q.start : q.end] for q in ex.quantities] == ["40"]
    assert [d.value for d in ex.dates] == ["2025-02-28"]


def test_jsonl_feed_names_documents(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        {"id": "a1", "date": "2025-01-02", "title": "t", "text": "Line one.\n5 people died."},
        {"id": "a2", "date": None, "title": None, "text": "Nothing here."},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    docs = list(load_paths([str(path)]))
    assert [d.path for d in docs] == [f"{path}#a1", f"{path}#a2"]
    ex = extract_document(docs[0])
    assert docs[0].position(ex.quantities[0].start) == (2, 1)


def test_directory_with_bad_files_still_extracts_good_ones(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("---\ndate: 2025-12-01\n---\nThe storm killed 12 people.\n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 served 12 people.".encode("latin-1"))
    (tmp_path / "empty.md").write_text("")
    big = tmp_path / "big.txt"
    big.write_text("The storm killed 12 people. " * 750_000)  # ~21 MB
    result = _cli("extract", "--format", "json", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    out = json.loads(result.stdout)
    assert [Path(d["path"]).name for d in out["documents"]] == ["good.md"]
    assert out["documents"][0]["quantities"][0]["value"] == 12
    messages = {Path(e["path"]).name: e["message"] for e in out["errors"]}
    assert set(messages) == {"binary.txt", "latin1.txt", "empty.md", "big.txt"}
    assert "binary" in messages["binary.txt"]
    assert "UTF-8" in messages["latin1.txt"]
    assert "empty" in messages["empty.md"]
    assert "limit" in messages["big.txt"]


def test_missing_file_is_an_input_error() -> None:
    (err,) = list(load_paths(["/nonexistent/story.md"]))
    assert isinstance(err, InputError) and "no such file" in err.message


def test_stdin_and_date_override() -> None:
    result = _cli(
        "extract", "--format", "json", "--date", "2025-06-10", "-", stdin="Troops arrived on Friday, killing 3 people."
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["path"] == "-" and doc["date"] == "2025-06-10"
    assert doc["dates"][0]["value"] == "2025-06-06"
    quantity = doc["quantities"][0]
    assert {"text", "start", "end", "value", "low", "high", "unit"} <= set(quantity)


def test_bad_date_argument_is_usage_error() -> None:
    result = _cli("extract", "--date", "yesterday", "-", stdin="x")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr and "Traceback" not in result.stderr


def test_a_unit_glued_to_its_figure_ends_a_sentence() -> None:
    """'to 573p.' is pence, not the initial 'p.': the next sentence's figures are another
    sentence's ('Analysts raised their target to 640p from 590p')."""
    from consistency.document.segment import sentences

    text = "Shares rose 38p, or 7.1%, to 573p. Analysts raised their target to 640p from 590p. John F. Kennedy spoke."
    assert [s.text for s in sentences(text)] == [
        "Shares rose 38p, or 7.1%, to 573p.",
        "Analysts raised their target to 640p from 590p.",
        "John F. Kennedy spoke.",
    ]
