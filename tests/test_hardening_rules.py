"""Rule packs are untrusted input: bounded CEL conditions, bounded YAML, every problem a
`path:line:col` rule error (exit 2 in every format), never a traceback or a hang."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consistency import cli
from consistency.errors import RuleError
from consistency.rules.expressions import compile_condition, plain_message
from consistency.rules.loader import load_rules

RULE = """id: {id}
summary: A part is larger than the whole it is taken from.
severity: error
scope: article
check: part-whole
select:
  kinds: [count]
when: '{when}'
message: '{{a.text}} cannot be part of {{b.text}}'
examples:
  - {{expect: fire, text: "Of the 30 crew, 34 were rescued."}}
  - {{expect: silent, text: "Of the 30 crew, 24 were rescued."}}
"""

LIST60 = "[" + ",".join(str(i) for i in range(60)) + "]"


def rule_file(tmp_path: Path, when: str, rule_id: str = "part-check") -> Path:
    path = tmp_path / f"{rule_id}.yaml"
    path.write_text(RULE.format(id=rule_id, when=when), "utf-8")
    return path


def errors_for(path: Path) -> list[RuleError]:
    rules, errors = load_rules([path])
    assert not rules
    return errors


@pytest.mark.parametrize(
    ("when", "words"),
    [
        (f"{LIST60}.all(a, {LIST60}.all(b, {LIST60}.all(c, {LIST60}.all(d, {LIST60}.all(e, true)))))",
         "comprehensions nested 3 deep"),
        ("[" + ",".join(["1"] * 400) + "].all(x, [" + ",".join(["1"] * 400) + "].exists(y, x == y))",
         "more than 50,000 steps"),
        ("(" * 40 + "true" + ")" * 40, "brackets nested more than 24 deep"),
        ("a.value > 1.0 || " * 200 + "true", "over the limit of 2,000"),
        ("1 / 0 == 1", "division by zero"),
        ("int(a.value * 1e300) > 0", "integer overflow"),
        ("duration(a.text) > duration(\"1s\")", "(details omitted)"),
        ("a.value >", "Syntax error"),
    ],
)
def test_bad_conditions_are_rule_errors_at_their_place(tmp_path: Path, when: str, words: str) -> None:
    path = rule_file(tmp_path, when)
    (err,) = errors_for(path)
    assert err.path == str(path) and err.line == 8 and err.column >= 8
    assert words in err.message, err.message
    assert "{" not in err.message.replace("{a.", "")  # no Rust debug structs


def test_plain_message_drops_library_internals() -> None:
    raw = RuntimeError("Function 'duration' error: Parsing Error: Error { input: \"x\", code: Float }. Check it.")
    assert plain_message(raw) == "Function 'duration' error: Parsing Error: (details omitted). Check it."


def test_two_nested_comprehensions_over_small_lists_are_fine(tmp_path: Path) -> None:
    condition = compile_condition(f"{LIST60}.all(x, {LIST60}.exists(y, x == y))", "r.yaml", 1, 1)
    assert condition({"value": 1.0}, {}, {}) is True


def test_arithmetic_error_at_evaluation_is_reported_once(tmp_path: Path, capsys) -> None:
    # at load (a.value = 87 in the dry run) this divides by 53; on "34 of 30" by zero
    rules = tmp_path / "pack"
    rules.mkdir()
    rule_file(rules, "a.value < 10.0 || 1 / (int(a.value) - 34) >= 0")
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a.md", "b.md"):
        (docs / name).write_text("Of the 30 crew, 34 were rescued.\n", "utf-8")
    code = cli.main(["check", "--format", "json", "--no-default-rules", "--rules", str(rules), str(docs)])
    payload = json.loads(capsys.readouterr().out)
    assert code == 2
    (err,) = payload["errors"]
    assert err["path"] == str(rules / "part-check.yaml") and (err["line"], err["column"]) == (8, 8)
    assert err["message"] == "`when` expression failed: division by zero in CEL expression"
    assert err["rule"] == "part-check"


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (BOMB, 6, "alias bomb"),
        ("id: x\nsummary: &a [*a]\n", 2, "recursive alias"),
        ("id: x\nsummary: " + "[" * 500 + "\n", 2, "nested more than 64 levels"),
        ("id: x\nsummary: a\x00b\n", 2, "NUL character"),
        ("id: x\nsummary: \x1b[31m red\n", 2, "control character U+001B"),
        ("id: x\nsummary: [unclosed\nseverity: error\n", 3, "expected ',' or ']'"),
        ("id: x\nn: " + "9" * 5000 + "\n", 2, "cannot read"),
    ],
)
def test_hostile_yaml_is_a_rule_error_at_its_place(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, "utf-8")
    (err,) = errors_for(path)
    assert err.line == line and err.column >= 1
    assert words in err.message, err.message


def test_rule_errors_come_out_in_every_format(tmp_path: Path, capsys) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(BOMB, "utf-8")
    for fmt in ("json", "sarif", "github"):
        code = cli.main(["check", "--format", fmt, "--rules", str(path), "seeds/"])
        out = capsys.readouterr().out
        assert code == 2
        assert "alias bomb" in out
        if fmt != "github":
            json.loads(out)
