"""Rule authoring: message placeholders checked at load, `rules test` with case files and
coverage, the pytest plugin, the generated rule reference, and the tutorial's commands."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml

from consistency.cli import main
from consistency.document.model import Document
from consistency.extract import extract_document
from consistency.rules.casefiles import Expected, matches
from consistency.rules.checks import KINDS
from consistency.rules.checks.base import ArticleContext, CorpusContext, correction_sentences, selected
from consistency.rules.loader import DEFAULT_RULES, load_rules
from consistency.rules.placeholders import PROVIDED
from consistency.rules.stories import stories
from tests.conftest import ROOT
from tests.test_rule_files import GOOD

pytest_plugins = ["pytester"]

TUTORIAL = ROOT / "docs" / "writing-rules.md"
EXAMPLE = ROOT / "docs" / "examples" / "newsroom"

RULE = GOOD  # the one-rule pack the rule-file tests load

CASES = """\
rule: tiny
cases:
  - name: more rescued than aboard
    input: |
      The boat sank at dawn.
      Of the 12 climbers, 15 were airlifted to safety.
    expect:
      - {rule: tiny, line: 2, column: 21, message: "more than 12"}
  - name: fewer rescued
    input: {text: "Of the 12 climbers, 10 were airlifted to safety.", date: 2026-01-05}
    expect: []
"""


@pytest.fixture(autouse=True)
def _default_lexicons():
    """Commands and plugin runs here configure user packs' lexicons; leave the defaults."""
    yield
    from consistency.claims import lexicon

    lexicon.configure([])


def pack(tmp_path: Path, rule: str = RULE, cases: str | None = CASES) -> Path:
    """A newsroom layout: my-pack/tiny.yaml and tests/rules/tiny.yaml beside it."""
    folder = tmp_path / "my-pack"
    folder.mkdir(exist_ok=True)
    (folder / "tiny.yaml").write_text(rule, encoding="utf-8")
    if cases is not None:
        (tmp_path / "tests" / "rules").mkdir(parents=True, exist_ok=True)
        (tmp_path / "tests" / "rules" / "tiny.yaml").write_text(cases, encoding="utf-8")
    return folder


def rules_test(folder: Path, *extra: str) -> list[str]:
    return ["rules", "test", "--no-default-rules", "--rules", str(folder), *extra]


# --- message placeholders -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "col", "says"),
    [
        ("'{a.text} is more than {b.txt}'", 33, "no claim field 'txt' (did you mean {b.text}?)"),
        ("'{a.text} of {wholes}'", 23, "names no field check 'part-whole' provides (did you mean {whole}?"),
        ("'{c.text} here'", 11, "names claim 'c'"),
        ("'{a} here'", 11, "is a whole claim"),
        ("'{A.Text} here'", 11, "is not a placeholder"),
    ],
)
def test_a_placeholder_no_field_fills_is_an_error_at_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], message: str, col: int, says: str
) -> None:
    folder = pack(tmp_path, RULE.replace("'{a.text} is more than {b.text}'", message), cases=None)
    assert main(["rules", "validate", "--no-default-rules", "--rules", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"tiny.yaml:6:{col}: message placeholder" in err, err
    assert says in err


def test_a_placeholder_in_a_folded_message_points_at_its_line(tmp_path: Path) -> None:
    text = RULE.replace("message: '{a.text} is more than {b.text}'", "message: >-\n  {a.text} is more\n  than {wholes}")
    _, errors = load_rules([pack(tmp_path, text, cases=None)])
    assert [f"{e.line}:{e.column}" for e in errors] == ["8:8"], errors


def test_a_kind_without_claims_rejects_claim_placeholders(tmp_path: Path) -> None:
    text = RULE.replace("check: part-whole", "check: weekday").replace("{b.text}", "{actual}")
    _, errors = load_rules([pack(tmp_path, text, cases=None)])
    assert any("names claim 'a', but check 'weekday' gives no claims" in str(e) for e in errors), errors


def _hits(rule, example) -> list:
    kind = KINDS[rule.check]
    exs = [extract_document(Document(path=f"d{i}", text=d.text, date=d.date, title=d.title, story=d.story))
           for i, d in enumerate(example.documents)]
    if rule.scope == "article":
        return [h for ex in exs for h in kind.run_article(ArticleContext(rule, ex, selected(
            ex, rule.select, correction_sentences(ex))))]
    return [h for group in stories(exs) for h in kind.run_corpus(CorpusContext(rule, group, [
        it for ex in group for it in selected(ex, rule.select, correction_sentences(ex))]))]


def test_the_placeholder_table_is_what_the_kinds_give() -> None:
    """Every kind of the default pack, run on its rules' examples: the fields and claims its
    hits carry are exactly the ones the placeholder table declares."""
    rules, errors = load_rules([DEFAULT_RULES])
    assert errors == []
    seen: dict[str, tuple[set, set]] = {}
    for rule in rules:
        fields, claims = seen.setdefault(rule.check, (set(), set()))
        for example in rule.examples:
            for hit in _hits(rule, example):
                fields |= set(hit.fields)
                claims |= {name for name, c in (("a", hit.a), ("b", hit.b)) if c is not None}
    assert set(seen) == set(KINDS) == set(PROVIDED)
    for kind, (fields, claims) in seen.items():
        assert (fields, claims) == (set(PROVIDED[kind].fields), set(PROVIDED[kind].claims)), kind


# --- rules test and case files ------------------------------------------------------------


def test_the_default_pack_passes_rules_test_with_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    """The must-show: every rule's examples and every case in tests/rules/, each rule fires."""
    assert main(["rules", "test", "--coverage"]) == 0
    out = capsys.readouterr().out
    rules, _ = load_rules([DEFAULT_RULES])
    files = sorted((ROOT / "tests" / "rules").glob("*.yaml"))
    assert {f.stem for f in files} == {r.id for r in rules}  # a case file for every rule
    assert f"({len(files)} case files) passed in {len(rules)} rules; every rule fires" in out
    assert "FAIL" not in out
    for f in files:  # each file has a firing and a silent case
        cases = yaml.safe_load(f.read_text(encoding="utf-8"))["cases"]
        assert any(c["expect"] for c in cases) and any(not c["expect"] for c in cases), f.name


def test_case_files_beside_a_pack_run_and_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = pack(tmp_path)
    assert main(rules_test(folder, "--coverage")) == 0
    out = capsys.readouterr().out
    assert re.search(r"^tiny\s+2/2\s+2/2\s+ok$", out, re.M), out
    assert "2 of 2 examples and 2 of 2 cases (1 case file) passed in 1 rule" in out


def test_a_failing_case_prints_expected_and_actual_yaml_ready_to_paste(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = pack(tmp_path, cases=CASES.replace("line: 2, column: 21", "line: 1").replace(
        "Of the 12 climbers, 10", "Of the 9 climbers, 10"))
    assert main(rules_test(folder)) == 1
    out = capsys.readouterr().out
    assert out.count("FAIL ") == 2  # it kept going after the first failure
    assert re.search(r"^tiny\s+2/2\s+0/2\s+FAIL$", out, re.M), out
    first = out.split("FAIL ")[1]
    actual = first.split("  actual:\n")[1]
    pasted = yaml.safe_load(actual)["expect"]
    assert pasted == [{"rule": "tiny", "line": 2, "column": 21, "message": "15 is more than 12"}]
    # pasted back into the case file, the case passes
    fixed = CASES.replace('{rule: tiny, line: 2, column: 21, message: "more than 12"}',
                          json.dumps(pasted[0]))
    pack(tmp_path, cases=fixed)
    assert main(rules_test(folder)) == 0


def test_coverage_counts_firing_cases_not_only_examples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = "cases:\n  - {name: quiet, input: 'Of the 12 climbers, 10 were airlifted.', expect: []}\n"
    folder = pack(tmp_path, cases=cases)
    # make the rule's fire example not count: select a rule whose only firing case is missing
    from consistency.testing.runner import run_tests

    rules, _ = load_rules([folder])
    rule = rules[0]
    no_fire = [type(rule)(**{**rule.__dict__, "examples": tuple(e for e in rule.examples if e.expect == "silent")})]
    outcome = run_tests(no_fire, no_fire, [tmp_path / "tests" / "rules" / "tiny.yaml"], coverage=True)
    assert not outcome.failed and outcome.uncovered == ["tiny"] and not outcome.ok
    assert "FAIL: no firing case" in outcome.report()
    outcome = run_tests(no_fire, no_fire, [tmp_path / "tests" / "rules" / "tiny.yaml"], coverage=False)
    assert outcome.ok and "ok (no firing case)" in outcome.report()


@pytest.mark.parametrize(
    ("cases", "where", "says"),
    [
        ("cases:\n  - name: a\n    input: {text: hi, colour: red}\n    expect: []\n", ":3:23:", "unknown key 'colour'"),
        ("cases:\n  - name: a\n    expect: []\n", ":2:5:", "give exactly one of: input, inputs"),
        ("cases:\n  - name: a\n    input: x\n    expect: [{rule: tiny}]\n", ":4:14:", "'line' is a required"),
        ("cases:\n  - name: a\n    input: x\n    expect: [{rule: nosuch, line: 1}]\n", ":4:21:",
         "no rule 'nosuch' is loaded"),
        ("cases:\n  - {name: a, input: x, expect: []}\n  - {name: a, input: y, expect: []}\n", ":3:12:",
         "case name 'a' is already used"),
        ("rule: other\ncases:\n  - {name: a, input: x, expect: []}\n", ":1:7:", "does not match the file name"),
        ("cases: [\n", ":2:1:", "invalid YAML"),
        ("cases:\n  - name: a\n    inputs: [x]\n    expect: [{rule: tiny, line: 1, input: 2}]\n", ":4:43:",
         "input 2 but the case has 1"),
    ],
)
def test_a_bad_case_file_is_an_error_at_path_line_col(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cases: str, where: str, says: str
) -> None:
    folder = pack(tmp_path, cases=cases)
    assert main(rules_test(folder)) == 2
    err = capsys.readouterr().err
    assert f"tests/rules/tiny.yaml{where}" in err and says in err, err
    assert "Traceback" not in err


def test_case_files_given_as_dirs_and_for_unloaded_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = pack(tmp_path, cases=None)
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "tiny.yaml").write_text(CASES, encoding="utf-8")
    assert main(rules_test(folder, str(other))) == 0
    assert "(1 case file)" in capsys.readouterr().out
    (other / "nosuch.yaml").write_text(CASES, encoding="utf-8")
    assert main(rules_test(folder, str(other))) == 2
    assert "nosuch.yaml:1:1: no rule 'nosuch' is loaded" in capsys.readouterr().err
    assert main(rules_test(folder, str(tmp_path / "missing"))) == 2
    assert "no such case file or folder" in capsys.readouterr().err


def test_inputs_for_corpus_rules_name_the_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = """\
cases:
  - name: restated lower in a second article
    inputs:
      - {date: 2025-12-01, story: zone, text: "Russian forces took 87 inhabited localities by November 1, aides said."}
      - {date: 2025-12-03, story: zone, text: "Russian forces took 78 inhabited localities by November 1, army said."}
    expect:
      - {rule: story-conflict, input: 1, line: 1}
"""
    d = tmp_path / "cases"
    d.mkdir()
    (d / "story-conflict.yaml").write_text(cases, encoding="utf-8")
    assert main(["rules", "test", "--select", "story-conflict", str(d)]) == 1
    out = capsys.readouterr().out
    assert yaml.safe_load(out.split("  actual:\n")[1].split("\n\n")[0])["expect"][0]["input"] == 2


def test_matching_is_one_to_one() -> None:
    got = [{"rule": "r", "line": 1, "column": 5, "message": "x"}, {"rule": "r", "line": 1, "column": 9, "message": "y"}]
    loose, exact = Expected("r", 1), Expected("r", 1, column=5)
    assert matches([loose, exact], got)  # the loose entry must not take the finding at column 5
    assert not matches([exact, exact], got)
    assert not matches([loose], got)
    assert matches([], [])
    assert not matches([Expected("r", 1, message="z"), loose], got)


# --- rules list, schema, docs -------------------------------------------------------------


def test_rules_list_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "list", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rules, _ = load_rules([DEFAULT_RULES])
    assert [r["id"] for r in data["rules"]] == [r.id for r in rules]
    assert main(["rules", "list", "--format", "markdown"]) == 0
    md = capsys.readouterr().out.splitlines()
    assert md[0].startswith("| rule |") and len(md) == len(rules) + 2


def test_rules_schema_prints_the_shipped_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "schema", "--path"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.name == "rule.schema.json" and path.is_file()
    assert main(["rules", "schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(path.read_text(encoding="utf-8"))
    assert main(["rules", "schema", "--cases"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "consistency rule test cases"


def test_the_tutorials_schema_copies_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    for flag, name in (([], "rule.schema.json"), (["--cases"], "case.schema.json")):
        assert main(["rules", "schema", *flag]) == 0
        assert capsys.readouterr().out == (EXAMPLE / "schemas" / name).read_text(encoding="utf-8"), (
            f"docs/examples/newsroom/schemas/{name} is stale: run `consistency rules schema "
            f"{' '.join(flag)} > docs/examples/newsroom/schemas/{name}`")


def test_docs_rules_md_is_generated_and_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "docs"]) == 0
    generated = capsys.readouterr().out
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert generated == committed, "docs/rules.md is stale: run `consistency rules docs > docs/rules.md`"
    rules, _ = load_rules([DEFAULT_RULES])
    for r in rules:
        assert f"### `{r.id}`" in generated and r.summary in generated
    for kind in KINDS:
        assert f'<a id="check-{kind}"></a>' in generated
    assert str(ROOT) not in generated  # no machine-specific paths


def test_links_into_docs_resolve() -> None:
    """Every relative link in README and docs/ into the rule docs (rules.md, rule-quality.md,
    writing-rules.md), and every link inside them, names a file that exists, and each
    #anchor a heading or anchor there (the rule reference moved: old links must not dangle)."""
    ours = {"rules.md", "rule-quality.md", "writing-rules.md"}
    def anchors(md: Path) -> set[str]:
        text = md.read_text(encoding="utf-8")
        slugs = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
                 for h in re.findall(r"^#+ (.*)$", text, re.M)}
        return slugs | set(re.findall(r'<a id="([^"]+)"', text))

    for md in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)\s]+)\)", md.read_text(encoding="utf-8")):
            if re.match(r"https?:", target):
                continue
            file, _, anchor = target.partition("#")
            path = (md.parent / file) if file else md
            if md.name not in ours and path.name not in ours:
                continue
            assert path.exists(), f"{md.name}: broken link {target}"
            if anchor and path.suffix == ".md":
                assert anchor in anchors(path), f"{md.name}: no anchor #{anchor} in {path.name}"


# --- the pytest plugin --------------------------------------------------------------------


def test_the_plugin_is_installed_as_an_entry_point() -> None:
    from importlib.metadata import entry_points

    assert any(e.value == "consistency.testing.pytest_plugin" for e in entry_points(group="pytest11"))


def test_pytest_collects_one_item_per_case(pytester: pytest.Pytester) -> None:
    (pytester.path / "my-pack").mkdir()
    (pytester.path / "my-pack" / "tiny.yaml").write_text(RULE, encoding="utf-8")
    (pytester.path / "tests" / "rules").mkdir(parents=True)
    bad = CASES.replace("line: 2, column: 21", "line: 1")
    (pytester.path / "tests" / "rules" / "tiny.yaml").write_text(bad, encoding="utf-8")
    pytester.makeini("[pytest]\nconsistency_rules = my-pack\nconsistency_default_rules = false\n")
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*tiny.yaml::more rescued than aboard FAILED*", "*tiny.yaml::fewer rescued PASSED*",
                                 "*actual:*", "*column: 21*"])


def test_pytest_reports_a_bad_case_file_as_a_collection_error(pytester: pytest.Pytester) -> None:
    (pytester.path / "rules").mkdir()
    (pytester.path / "rules" / "tiny.yaml").write_text(RULE, encoding="utf-8")
    (pytester.path / "tests" / "rules").mkdir(parents=True)
    (pytester.path / "tests" / "rules" / "tiny.yaml").write_text("cases:\n  - name: a\n    expect: []\n",
                                                                 encoding="utf-8")
    pytester.makeini("[pytest]\nconsistency_default_rules = false\n")  # the pack is found as rules/
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*tests/rules/tiny.yaml:2:5: cases/0: give exactly one of: input, inputs*"])


# --- the tutorial -------------------------------------------------------------------------


def _tutorial_commands() -> list[tuple[list[str], int, str | None]]:
    """Each `$ consistency …` line of the tutorial: its arguments, the exit code it says
    (`# exit N`, else 0) and the file its output is redirected to."""
    out = []
    for line in re.findall(r"^\$ (consistency .*)$", TUTORIAL.read_text(encoding="utf-8"), re.M):
        command, _, comment = line.partition("#")
        expect = int(m.group(1)) if (m := re.search(r"exit (\d)", comment)) else 0
        command, _, redirect = command.partition(">")
        out.append((shlex.split(command)[1:], expect, redirect.strip() or None))
    return out


def test_every_tutorial_command_works(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    commands = _tutorial_commands()
    assert len(commands) >= 8
    work = tmp_path / "newsroom"
    shutil.copytree(EXAMPLE, work)
    monkeypatch.chdir(work)
    outputs = {}
    for args, expect, redirect in commands:
        code = main(args)
        out = capsys.readouterr().out
        outputs[" ".join(args)] = out
        assert code == expect, f"consistency {' '.join(args)} exited {code}, the tutorial says {expect}"
        if redirect:
            (work / redirect).write_text(out, encoding="utf-8")
            assert (EXAMPLE / redirect).read_text(encoding="utf-8") == out
    # the outputs the tutorial shows for `check` are the outputs it gives
    text = TUTORIAL.read_text(encoding="utf-8")
    assert outputs["check --rules newsroom-rules stories/"].strip() in text
    assert outputs["check stories/"].strip() in text  # without the pack: no findings


def test_the_tutorials_pack_files_are_the_ones_it_shows() -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    for rel in ("newsroom-rules/lexicon/frames.yaml", "pytest.ini"):
        body = (EXAMPLE / rel).read_text(encoding="utf-8")
        lines = [ln for ln in body.splitlines() if ln and not ln.startswith("#")]
        assert all(ln in text for ln in lines), rel
    rule = (EXAMPLE / "newsroom-rules/article/rehoming-count-conflict.yaml").read_text(encoding="utf-8")
    for key in ("id:", "check:", "when:", "message:"):
        line = next(ln for ln in rule.splitlines() if ln.startswith(key))
        assert line in text, line


def test_the_tutorials_pytest_run_passes(pytester: pytest.Pytester) -> None:
    for item in EXAMPLE.iterdir():
        dest = pytester.path / item.name
        if item.is_dir():
            shutil.copytree(item, dest)
        else:
            shutil.copyfile(item, dest)
    assert "$ pytest -q tests/rules" in TUTORIAL.read_text(encoding="utf-8")
    result = pytester.runpytest("-q", "tests/rules")
    result.assert_outcomes(passed=3)

