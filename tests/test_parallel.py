"""`--jobs N`: worker processes give the same bytes as one process, guards stay per document,
a dying worker is reported, small inputs stay in the calling process, memory stays bounded,
and the progress bar only shows for a terminal."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consistency import parallel
from consistency.cli import main
from consistency.cli.common import Run
from consistency.document.model import Document
from consistency.errors import InputError
from consistency.findings import Notice
from tests.conftest import ROOT

SEEDS = ROOT / "seeds"


def _body(path: Path) -> tuple[str, str]:
    """A seed's title and text without its front matter."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    title = next(line.split(":", 1)[1].strip().strip('"') for line in front.splitlines() if line.startswith("title:"))
    return title, body


def write_feed(path: Path, copies: int = 3) -> Path:
    """A feed of the seeds, each several times with fresh ids and dates and a changed figure
    (so corpus rules have stories to compare), an empty article (a notice) and a bad line
    (an error) in the middle."""
    lines = []
    for n in range(copies):
        for seed in sorted(SEEDS.glob("*.md")):
            title, body = _body(seed)
            if n:
                body = body.replace("410", str(410 + 7 * n)).replace("12 people", f"{12 + n} people")
            lines.append(json.dumps({"id": f"{seed.stem}-{n}", "date": f"2025-06-{9 + n:02d}", "title": title,
                                     "text": body}))
        if n == 1:
            lines.append(json.dumps({"id": "empty", "date": "2025-06-10", "title": "Nothing", "text": " "}))
            lines.append('{"id": "broken", "text": ')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    return write_feed(tmp_path / "feed.jsonl")


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Small chunks and a low threshold, so a small corpus spreads over many chunks; the list
    counts the pools started."""
    started: list[int] = []
    start = parallel._Pool.start

    def counting(self: parallel._Pool) -> None:
        started.append(self.jobs)
        start(self)

    monkeypatch.setattr(parallel._Pool, "start", counting)
    monkeypatch.setattr(parallel, "CHUNK_DOCUMENTS", 3)
    monkeypatch.setattr(parallel, "MIN_DOCUMENTS", 4)
    return started


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("command", "jobs"),
    [
        (("check", "--no-config", "--format", "json"), (1, 2, 3)),
        (("check", "--no-config", "--format", "text"), (1, 3)),
        (("extract", "--format", "json"), (1, 2, 3)),
        (("extract", "--format", "table"), (1, 2)),
    ],
)
def test_same_bytes_with_any_number_of_jobs(
    command: tuple[str, ...], jobs: tuple[int, ...], feed: Path, pools: list[int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    runs = [_cli(capsys, *command, "--jobs", str(j), str(SEEDS), str(feed)) for j in jobs]
    assert pools == list(jobs[1:]), "the runs with more than one job ran in worker processes"
    assert all(r == runs[0] for r in runs)
    code, out, err = runs[0]
    assert code == 2  # the bad feed line is an error (the findings alone would make it 1)
    assert "not JSON" in out + err and "empty article" in out  # the error and the notice are reported
    if command == ("check", "--format", "json"):
        report = json.loads(out)
        assert report["summary"]["documents"] == 20
        rules = {f["rule"] for f in report["findings"]}
        paths = {f["path"] for f in report["findings"]}
        assert len(paths) > 3 and any(f["related"] and f["related"][0]["path"] != f["path"]
                                      for f in report["findings"]), rules  # article and corpus findings


def test_same_bytes_under_other_hash_seeds(tmp_path: Path) -> None:
    """Worker processes under another PYTHONHASHSEED: the same report, byte for byte."""
    feed = write_feed(tmp_path / "feed.jsonl", copies=2)
    outs = []
    for jobs, seed in (("1", "1"), ("2", "4242")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-m", "consistency", "check", "--no-config", "--format", "json", "--jobs", jobs,
             str(feed)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
        )
        assert proc.returncode == 2, proc.stderr  # findings, and the feed's bad line
        outs.append(proc.stdout)
    assert outs[0] == outs[1]
    assert json.loads(outs[0])["findings"]


def _docs(n: int, size: int = 40) -> list[Document]:
    return [Document(f"doc{i:03d}.md", f"Doc {i}: {i} people were hurt. " + "x" * size) for i in range(n)]


def _stub_extract(doc: Document, date: object) -> str:
    """A stand-in for extraction that is instant (the tests here are about the plumbing)."""
    if "boom" in doc.path:
        raise ValueError(f"cannot read {doc.path}")
    if "die" in doc.path:
        os._exit(3)  # the worker process dies, as when it is killed or runs out of memory
    return f"extracted {doc.path}"


def _results(items: list, jobs: int) -> tuple[list, list, list]:
    run = Run(debug=False)
    out = list(parallel.map_documents(items, parallel.Work(), run, jobs=jobs))
    return out, [str(e) for e in run.errors], run.notices


def test_an_exception_in_a_worker_costs_one_document(monkeypatch: pytest.MonkeyPatch, pools: list[int]) -> None:
    monkeypatch.setattr(parallel, "extract_document", _stub_extract)
    items = [*_docs(5), Document("boom.md", "x"), *_docs(7)[5:]]
    serial = _results(items, 1)
    assert _results(items, 2) == serial and pools == [2]
    out, errors, _ = serial
    assert len(out) == 7 and errors == ["boom.md: internal error in extraction: ValueError: cannot read boom.md"]


def test_a_worker_that_dies_is_reported_not_a_hang(monkeypatch: pytest.MonkeyPatch, pools: list[int]) -> None:
    monkeypatch.setattr(parallel, "extract_document", _stub_extract)
    signal.alarm(120)  # a hang fails the test instead of stalling the suite
    try:
        items = [*_docs(6), Document("die.md", "x"), *_docs(14)[6:]]
        out, errors, _ = _results(items, 2)
    finally:
        signal.alarm(0)
    assert out == [f"extracted doc{i:03d}.md" for i in range(14)], "only the document the worker died on is lost"
    assert len(errors) == 1 and errors[0].startswith("die.md: internal error in extraction: WorkerDied:")
    assert len(pools) >= 2, "a fresh pool took over"


def test_small_inputs_stay_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    pooled: list[int] = []

    def pool(items: Iterator, work: object, run: object, jobs: int, *rest: object) -> Iterator[str]:
        pooled.append(len(list(items)))
        return iter([])

    monkeypatch.setattr(parallel, "_parallel", pool)
    monkeypatch.setattr(parallel, "extract_document", _stub_extract)
    few = parallel.MIN_DOCUMENTS - 1
    assert _results(_docs(few), 4)[0] == [f"extracted doc{i:03d}.md" for i in range(few)]
    assert _results([Document("long.md", "y" * 2 * parallel.MIN_CHARS)], 4)[0] == ["extracted long.md"]
    assert _results(_docs(parallel.MIN_DOCUMENTS), 1)[0] == [f"extracted doc{i:03d}.md" for i in range(8)]
    assert not pooled
    _results(_docs(parallel.MIN_DOCUMENTS), 2)  # enough documents
    _results(_docs(2, size=parallel.MIN_CHARS // 2), 2)  # two long ones
    assert pooled == [parallel.MIN_DOCUMENTS, 2]


item_lists = st.lists(
    st.one_of(
        st.integers(0, 999).map(lambda i: Document(f"d{i}.md", "x" * (i % 7))),
        st.integers(0, 99).map(lambda i: Notice(f"feed.jsonl#n{i}", "empty", "empty article: not checked")),
        st.integers(0, 99).map(lambda i: InputError(f"feed.jsonl:{i}", "not JSON")),
        st.just(Document("boom.md", "x")),
    ),
    max_size=30,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=item_lists, jobs=st.integers(2, 3), chunk=st.integers(1, 4))
def test_results_errors_and_notices_keep_input_order(
    monkeypatch: pytest.MonkeyPatch, items: list, jobs: int, chunk: int
) -> None:
    monkeypatch.setattr(parallel, "extract_document", _stub_extract)
    monkeypatch.setattr(parallel, "CHUNK_DOCUMENTS", chunk)
    monkeypatch.setattr(parallel, "MIN_DOCUMENTS", 1)
    assert _results(items, jobs) == _results(items, 1)


def test_documents_in_flight_are_bounded(monkeypatch: pytest.MonkeyPatch, pools: list[int]) -> None:
    """A long feed is read as the results are taken, never ahead by more than the window."""
    monkeypatch.setattr(parallel, "extract_document", _stub_extract)
    read = [0]

    def feed() -> Iterator[Document]:
        for doc in _docs(400):
            read[0] += 1
            yield doc

    ahead = []
    for n, _ in enumerate(parallel.map_documents(feed(), parallel.Work(), Run(False), jobs=2), start=1):
        ahead.append(read[0] - n)
    window = parallel.IN_FLIGHT_PER_WORKER * 2 * parallel.CHUNK_DOCUMENTS
    assert len(ahead) == 400 and max(ahead) <= window + parallel.CHUNK_DOCUMENTS


def _needs_context(context: dict, ex: object, run: object) -> str:
    return f"{context['label']}: {len(ex.claims)} claims"  # type: ignore[attr-defined]


def _prepare() -> dict:
    return {"label": "prepared"}


def test_spawned_workers_build_their_own_context() -> None:
    """Where workers are spawned (macOS, Windows), nothing is inherited: `prepare` builds the
    context once per worker, and the real extraction runs there."""
    import functools

    work = parallel.Work(step=_needs_context, prepare=functools.partial(_prepare))
    docs = [Document(f"d{i}.md", f"About {i + 2} people and 3 dogs were hurt.") for i in range(parallel.MIN_DOCUMENTS)]
    out = list(parallel.map_documents(docs, work, Run(False), jobs=2, start_method="spawn"))
    assert out == [f"prepared: {len(parallel.extract_document(d).claims)} claims" for d in docs]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch, feed: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    _, out, err = _cli(capsys, "extract", "--format", "json", "--jobs", "1", str(feed))
    assert err == "" and out.startswith('{"documents"')  # stderr is not a terminal: no progress
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    main(["extract", "--format", "json", "--jobs", "1", str(feed)])
    assert "documents" in terminal.getvalue()
    quiet = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    main(["extract", "--format", "json", "--jobs", "1", "--quiet", str(feed)])
    assert quiet.getvalue() == ""
