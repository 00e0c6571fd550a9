"""`consistency explain`: the claims block, the decision of each rule on each pair (fired, or
the gate that stopped it), the JSON contract, and that tracing never changes the findings."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from consistency.cli import main
from consistency.cli.common import Run, documents, within_budget
from consistency.explain.report import write_text
from consistency.explain.trace import GATES, Trace
from consistency.rules.engine import run_rules
from consistency.rules.loader import DEFAULT_RULES, load_rules

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CASES = ROOT.parent / "shared" / "benchmarks" / "cases"


def _doc(tmp_path: Path, name: str, body: str, date: str = "2025-03-04", story: str | None = None) -> Path:
    path = tmp_path / name
    meta = f"date: {date}\n" + (f"story: {story}\n" if story else "")
    path.write_text(f"---\n{meta}---\n# Headline\n\n{body}\n", encoding="utf-8")
    return path


def _explain(capsys, *argv: str) -> tuple[int, str]:
    code = main(["explain", *argv])
    return code, capsys.readouterr().out


def _json(capsys, *argv: str) -> dict:
    code, out = _explain(capsys, *argv, "--format", "json")
    assert code == 0
    return json.loads(out)


def _text(model: dict) -> str:
    """The text output of a model (the CLI renders text from the same model as JSON)."""
    out = io.StringIO()
    write_text(out, model)
    return out.getvalue()


def _decisions(model: dict, rule: str) -> list[dict]:
    return next(r for r in model["rules"] if r["id"] == rule)["decisions"]


def _pair(decisions: list[dict], *texts: str) -> list[dict]:
    return [d for d in decisions if sorted(f["text"] for f in d["figures"]) == sorted(texts)]


def test_claims_block_shows_frame_interval_and_time(capsys) -> None:
    model = _json(capsys, str(SEEDS / "flood-evacuation.md"), "--line", "6")
    (doc,) = model["documents"]
    claim = next(c for c in doc["claims"] if c["text"] == "410")
    assert (claim["low"], claim["high"], claim["frame"], claim["measure"]) == (410, 410, "evacuations", "evacuations")
    assert claim["as_of"] == {"low": "2025-06-06", "high": "2025-06-06", "text": "Friday, June 6"}
    assert all(c["line"] == 6 for c in doc["claims"]) and claim["checked"]
    _, text = _explain(capsys, str(SEEDS / "flood-evacuation.md"), "--line", "6")
    assert '6:27    "410"  = 410  count' in text
    assert "frame evacuations" in text and 'as of 2025-06-06 ("Friday, June 6")' in text


def test_a_rounded_figure_shows_its_interval(tmp_path: Path, capsys) -> None:
    path = _doc(tmp_path, "a.md", "About 1,200 people were evacuated from the town on Monday.")
    model = _json(capsys, str(path))
    claim = next(c for c in model["documents"][0]["claims"] if "1,200" in c["text"])
    assert claim["low"] < 1200 < claim["high"]
    assert f"[{claim['low']:,}, {claim['high']:,}]" in _text(model)


def test_a_known_contradiction_is_listed_as_fired_with_its_finding(capsys) -> None:
    path = str(SEEDS / "flood-evacuation.md")
    model = _json(capsys, path, "--rule", "same-measure-conflict")
    (fired,) = [d for d in _decisions(model, "same-measure-conflict") if d["outcome"] == "fired"]
    assert [(f["line"], f["column"], f["text"]) for f in fired["figures"]] == [(9, 24, "140"), (6, 27, "410")]
    assert fired["message"] == '"140 residents" here, but "410" at line 6'
    assert 'FIRED  9:24 "140" vs 6:27 "410"' in _text(model)


def test_killed_and_injured_are_kept_apart_by_the_blocking_key(tmp_path: Path, capsys) -> None:
    path = _doc(tmp_path, "crash.md", "Nine people were killed when a bus overturned on Monday.\n\n"
                "Police said 12 people were injured in the crash.")
    model = _json(capsys, str(path), "--rule", "same-measure-conflict")
    (d,) = _pair(_decisions(model, "same-measure-conflict"), "Nine", "12")
    assert (d["outcome"], d["gate"], d["near_miss"]) == ("stopped", "blocking-key", True)
    assert d["detail"] == "measure deaths vs injuries"
    assert '"Nine" vs 8:13 "12": different blocking key — measure deaths vs injuries' in _text(model)
    # the keys are named in the order of the figures
    swapped = _doc(tmp_path, "swapped.md", "Police said 12 people were injured when a bus overturned.\n\n"
                   "Nine people were killed in the crash on Monday.")
    (d,) = _pair(_decisions(_json(capsys, str(swapped), "--rule", "same-measure-conflict"), "same-measure-conflict"),
                 "Nine", "12")
    assert [f["text"] for f in d["figures"]] == ["12", "Nine"] and d["detail"] == "measure injuries vs deaths"


def test_two_tolls_at_two_times_are_a_rise_not_a_contradiction(tmp_path: Path, capsys) -> None:
    a = _doc(tmp_path, "a.md", "The death toll from the floods in Arlen stood at 9 on Monday, officials said.",
             "2025-03-03", "floods")
    _doc(tmp_path, "b.md", "The death toll from the floods in Arlen stood at 14 on Wednesday, officials said.",
         "2025-03-06", "floods")
    model = _json(capsys, str(tmp_path))
    for rule in ("story-conflict", "story-cumulative-falls"):
        (d,) = _pair(_decisions(model, rule), "9", "14")
        assert (d["outcome"], d["gate"]) == ("stopped", "rose"), rule
        assert "2025-03-03" in d["detail"] and "2025-03-05" in d["detail"]
        assert {f["path"] for f in d["figures"]} == {str(a), str(tmp_path / "b.md")}
    # within one article, with nothing pointing back, the same two figures are not compared as one
    one = _doc(tmp_path, "one.md", "The death toll stood at 9 on Monday, officials said.\n\n"
               "On Wednesday officials said 14 people had died in the floods.")
    (d,) = _pair(_decisions(_json(capsys, str(one), "--rule", "same-measure-conflict"), "same-measure-conflict"),
                 "9", "14")
    assert d["gate"] == "no-reference"


def test_an_update_is_stopped_by_its_exemption_word(tmp_path: Path, capsys) -> None:
    path = _doc(tmp_path, "u.md", "The storm destroyed 62 homes on Monday.\n\n"
                "Insurers later said the number of homes destroyed rose to 80 from 62.")
    decisions = _decisions(_json(capsys, str(path), "--rule", "same-measure-conflict"), "same-measure-conflict")
    assert not [d for d in decisions if d["outcome"] == "fired"]
    assert any(d["gate"] in ("exemption", "not-comparable") and any(f["text"] == "80" for f in d["figures"])
               for d in decisions)


def test_a_false_when_condition_is_the_gate(tmp_path: Path, capsys) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    source = (DEFAULT_RULES / "article" / "same-measure-conflict.yaml").read_text(encoding="utf-8")
    source = source.replace("id: same-measure-conflict", "id: big-conflict").replace(
        "check: conflict", "check: conflict\nwhen: 'a.value > 1000.0'")
    (rules / "big-conflict.yaml").write_text(source, encoding="utf-8")
    model = _json(capsys, str(SEEDS / "flood-evacuation.md"), "--rules", str(rules), "--no-default-rules")
    (d,) = _pair(_decisions(model, "big-conflict"), "140", "410")
    assert (d["outcome"], d["gate"], d["detail"]) == ("stopped", "when", "when: a.value > 1000.0")
    assert model["rules"][0]["when"] == "a.value > 1000.0"


def test_line_keeps_only_what_touches_that_line(capsys) -> None:
    model = _json(capsys, str(SEEDS / "flood-evacuation.md"), "--line", "9")
    assert {c["line"] for c in model["documents"][0]["claims"]} == {9}
    for rule in model["rules"]:
        for d in rule["decisions"]:
            assert any(f["line"] <= 9 <= f["end_line"] for f in d["figures"])


def test_unknown_rule_and_bad_line_exit_2_with_a_message(capsys) -> None:
    assert main(["explain", str(SEEDS / "flood-evacuation.md"), "--rule", "no-such-rule"]) == 2
    assert "unknown rule id(s): no-such-rule" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["explain", str(SEEDS), "--line", "zero"])
    assert exc.value.code == 2
    assert "not a line number" in capsys.readouterr().err


def test_json_is_stable_and_names_only_known_gates(capsys) -> None:
    first = _explain(capsys, str(SEEDS), "--format", "json")[1]
    second = _explain(capsys, str(SEEDS), "--format", "json")[1]
    assert first == second
    model = json.loads(first)
    assert model["version"] == 1 and model["gates"] == GATES
    assert [r["id"] for r in model["rules"]] == sorted(r["id"] for r in model["rules"])
    for rule in model["rules"]:
        assert rule["summary"]["fired"] + rule["summary"]["stopped"] == len(rule["decisions"])
        for d in rule["decisions"]:
            assert d["gate"] in GATES and d["reason"] == GATES[d["gate"]]
            assert (d["outcome"] == "fired") == (d["gate"] == "fired") and d["figures"]


def _findings(paths: list[Path], traced: bool) -> tuple[list, int]:
    rules, errors = load_rules([DEFAULT_RULES])
    assert not errors
    run = Run(False)
    exs = [within_budget(ex, run) for ex in documents([str(p) for p in paths], None, run)]
    trace = Trace() if traced else None
    found = run_rules(exs, rules, on_error=run.rule_failed, trace=trace)
    return found, len(trace.decisions) if trace else 0


def test_tracing_never_changes_the_findings(capsys) -> None:
    paths = [SEEDS]
    for folder in ("within", "clean"):
        if (CASES / folder).is_dir():
            paths += sorted((CASES / folder).glob("*.md"))[::15]
    plain, _ = _findings(paths, traced=False)
    traced, decisions = _findings(paths, traced=True)
    assert plain == traced and plain and decisions > len(plain)
    # every finding of `check` is a fired decision of `explain`
    model = _json(capsys, *[str(p) for p in paths])
    fired = {(d["figures"][0]["path"], d["figures"][0]["start"], r["id"]) for r in model["rules"]
             for d in r["decisions"] if d["outcome"] == "fired"}
    assert {(f.location.path, f.location.start, f.rule) for f in plain} == fired


def test_every_finding_of_check_is_fired_in_the_text(capsys) -> None:
    path = str(SEEDS / "council-vote.md")
    assert main(["check", path, "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    code, text = _explain(capsys, path)
    assert code == 0
    for f in findings:
        assert f"FIRED  {f['line']}:{f['column']} " in text
        assert f["message"] in text
