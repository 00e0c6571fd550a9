"""Load rule files: safe YAML with positions, JSON Schema validation, then the check kind's
own parameter schema and the `when` expression. Every problem becomes a RuleError at
`path:line:col` (the way Semgrep's --validate reports), and all of a file's problems are
collected before the command stops.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from consistency import diskcache, safeyaml
from consistency.errors import RuleError
from consistency.pack import default_pack, package_file
from consistency.rules import expressions, placeholders
from consistency.rules.checks import KINDS
from consistency.rules.expressions import compile_condition
from consistency.rules.model import Example, ExampleDocument, Rule, Selection
from consistency.rules.placeholders import check_message

if TYPE_CHECKING:
    import jsonschema  # imported where a file is validated: a cold check of valid files never needs it
    import yaml  # imported where a file is parsed: a cold check reads the disk cache instead

DEFAULT_RULES = default_pack()
MAX_RULE_BYTES = 256 * 1024

Pointer = tuple[str | int, ...]


@functools.cache
def rule_schema() -> dict[str, Any]:
    return json.loads(package_file("data/rule.schema.json").read_text("utf-8"))


def rule_files(dirs: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for d in dirs:
        if d.is_file():
            files.append(d)
            continue
        if not d.is_dir():
            raise RuleError(str(d), 1, 1, "no such rule folder")
        files.extend(
            sorted(
                p
                for p in d.rglob("*")
                if p.suffix in (".yaml", ".yml") and p.is_file() and "lexicon" not in p.relative_to(d).parts
            )
        )
    return files


def load_rules(dirs: Sequence[Path]) -> tuple[list[Rule], list[RuleError]]:
    """All rules of the given folders (or files), sorted by id, and every error found."""
    rules: list[Rule] = []
    errors: list[RuleError] = []
    seen: dict[str, str] = {}
    try:
        files = rule_files(dirs)
    except RuleError as err:
        return [], [err]
    for path in files:
        try:
            rule = load_rule_file(path)
        except RuleError as err:
            errors.append(err)
            continue
        except _Errors as many:
            errors.extend(many.errors)
            continue
        if rule.id in seen:
            errors.append(RuleError(str(path), 1, 1, f"rule id {rule.id!r} is already defined in {seen[rule.id]}"))
            continue
        seen[rule.id] = str(path)
        rules.append(rule)
    return sorted(rules, key=lambda r: r.id), errors


class _Errors(Exception):
    def __init__(self, errors: list[RuleError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


class _Positions:
    """Where each key and value of a YAML document sits (1-based line and column)."""

    def __init__(self) -> None:
        self.values: dict[Pointer, tuple[int, int]] = {}
        self.content: dict[Pointer, tuple[int, int]] = {}
        self.keys: dict[Pointer, tuple[int, int]] = {}
        self.spans: dict[Pointer, tuple[int, int]] = {}  # character offsets of each value's source
        self.text = ""

    def at(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset into the file."""
        line = self.text.count("\n", 0, offset) + 1
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1

    def value(self, pointer: Pointer) -> tuple[int, int]:
        while pointer not in self.values and pointer:
            pointer = pointer[:-1]
        return self.values.get(pointer, (1, 1))

    def key(self, pointer: Pointer) -> tuple[int, int]:
        return self.keys.get(pointer) or self.value(pointer)


def _walk(node: yaml.Node, pointer: Pointer, pos: _Positions, path: str, errors: list[RuleError]) -> None:
    import yaml  # a rule file is parsed only when the disk cache does not know it

    mark = node.start_mark
    pos.values[pointer] = (mark.line + 1, mark.column + 1)
    pos.spans[pointer] = (mark.index, node.end_mark.index)
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("'", '"'):
            pos.content[pointer] = (mark.line + 1, mark.column + 2)
        elif node.style in ("|", ">"):
            pos.content[pointer] = (mark.line + 2, node.end_mark.column + 1 if node.end_mark.column else 1)
        else:
            pos.content[pointer] = (mark.line + 1, mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _walk(child, (*pointer, i), pos, path, errors)
    elif isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in seen:
                errors.append(RuleError(path, line, col, f"duplicate key {key!r}"))
            seen.add(key)
            pos.keys[(*pointer, key)] = (line, col)
            _walk(value_node, (*pointer, key), pos, path, errors)


def read_yaml(path: Path, what: str = "rule file") -> tuple[Any, _Positions]:
    """Safe-load one YAML document and remember every node's position (rule files and the
    rule test case files; `what` names the kind of file in errors)."""
    return parse_yaml(path, read_bytes(path, what), what)


def read_bytes(path: Path, what: str = "rule file") -> bytes:
    """A rule or case file's bytes, within the size bound."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise RuleError(name, 1, 1, f"cannot read {what}: {err.strerror or err}") from None
    if len(raw) > MAX_RULE_BYTES:
        raise RuleError(name, 1, 1, f"{what} is larger than {MAX_RULE_BYTES // 1024} KB")
    return raw


def parse_yaml(path: Path, raw: bytes, what: str = "rule file") -> tuple[Any, _Positions]:
    """`read_yaml` on bytes already read."""
    import yaml  # only here, not at import: most runs read every rule file from the disk cache

    name = str(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise RuleError(name, 1, 1, f"{what} is not UTF-8 (byte {err.start})") from None
    try:
        node, loader = safeyaml.compose(text)
        if node is None:
            loader.dispose()
            raise RuleError(name, 1, 1, f"empty {what}")
        errors: list[RuleError] = []
        pos = _Positions()
        pos.text = text
        _walk(node, (), pos, name, errors)
        if errors:
            loader.dispose()
            raise _Errors(errors)
        data = safeyaml.construct(loader, node)
    except yaml.YAMLError as err:
        problem = safeyaml.as_problem(err, text)
        raise RuleError(name, problem.line, problem.column, f"invalid YAML: {problem.message}") from None
    except safeyaml.YamlProblem as problem:
        raise RuleError(name, problem.line, problem.column, f"invalid YAML: {problem.message}") from None
    except RecursionError:
        raise RuleError(name, 1, 1, "invalid YAML: nested too deeply") from None
    return data, pos


def _schema_errors(data: Any, pos: _Positions, path: str, schema: dict[str, Any] | None = None) -> list[RuleError]:
    """Every JSON Schema error of `data` (the rule schema unless another is given) at its place."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema or rule_schema(), format_checker=jsonschema.FormatChecker())
    errors: list[RuleError] = []
    found = [e for err in validator.iter_errors(data) for e in _branch_errors(err)]
    for err in sorted(found, key=lambda e: [str(p) for p in e.absolute_path]):
        pointer = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set(err.schema.get("properties", {}))
            for key in sorted(k for k in err.instance if k not in allowed):
                line, col = pos.key((*pointer, key))
                errors.append(
                    RuleError(path, line, col, f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")
                )
            continue
        line, col = pos.value(pointer)
        where = "/".join(str(p) for p in pointer) or ("rule" if schema is None else "top level")
        errors.append(RuleError(path, line, col, f"{where}: {_plain(err)}"))
    return errors


def _branch_errors(err: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """An `anyOf`/`oneOf` error (`input` is a string or a mapping) stands for the errors of
    the alternative the value's type chose, so a mapping with a misspelt key says so instead
    of "is not of type 'string'"."""
    if err.validator not in ("oneOf", "anyOf") or not err.context:
        return [err]
    branches: dict[int, list[jsonschema.ValidationError]] = {}
    for sub in err.context:
        branches.setdefault(sub.schema_path[0], []).append(sub)
    typed = [b for b in branches.values() if not any(e.validator == "type" and not e.relative_path for e in b)]
    if len(typed) == 1:
        return [e for sub in typed[0] for e in _branch_errors(sub)]
    return [err]


def _plain(err: jsonschema.ValidationError) -> str:
    """jsonschema's message, except for `oneOf`/`anyOf`, whose own message quotes the whole
    instance: say which keys to choose from."""
    if err.validator in ("oneOf", "anyOf") and isinstance(err.validator_value, list):
        keys = [sub["required"][0] for sub in err.validator_value if list(sub) == ["required"]]
        if len(keys) == len(err.validator_value):
            return f"give exactly one of: {', '.join(keys)}"
    return err.message


def _placeholder_errors(message: str, kind: str, pos: _Positions, path: str) -> list[RuleError]:
    """A `{…}` in the message that the check cannot fill, at the placeholder itself."""
    errors = []
    start, end = pos.spans.get(("message",), (0, 0))
    source = pos.text[start:end]
    searched = 0
    for bad in check_message(message, kind):
        found = source.find(bad.text, searched)
        if found < 0:  # written with escapes the source does not show verbatim
            line, col = pos.content.get(("message",), pos.value(("message",)))
        else:
            searched = found + len(bad.text)
            line, col = pos.at(start + found)
        errors.append(RuleError(path, line, col, f"message placeholder {bad.text} {bad.problem}"))
    return errors


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@functools.cache
def _validator_version() -> str:
    """What a rule file's validity depends on besides its bytes and path: the package
    version, the rule schema, every check kind's scopes and parameter schema, and the code of
    the checks this module runs (by modification time, so an edited checkout re-validates)."""
    from consistency import __version__

    kinds = {name: [kind.params_schema(), sorted(kind.scopes)] for name, kind in sorted(KINDS.items())}
    code = [Path(m.__file__ or "").stat().st_mtime_ns for m in (expressions, placeholders)]
    code.append(Path(__file__).stat().st_mtime_ns)
    return json.dumps([__version__, rule_schema(), kinds, code], sort_keys=True, default=str)


def load_rule_file(path: Path) -> Rule:
    """One rule. A file that validated before (same bytes, path and validator) is not
    validated again: its checked data comes from the disk cache (`consistency.diskcache`)."""
    name = str(path)
    raw = read_bytes(path)
    hexkey = diskcache.key(["rule file 1", _validator_version(), name, raw])
    checked = diskcache.recall("rules", hexkey)
    if not (isinstance(checked, dict) and isinstance(checked.get("data"), dict)):
        checked = _validate_rule_file(path, raw)
        diskcache.remember("rules", hexkey, checked)
    return _rule(name, checked["data"], checked["when"], checked["example_lines"])


def _validate_rule_file(path: Path, raw: bytes) -> dict[str, Any]:
    """Every check of one rule file; the checked data, the `when` expression's position and
    each example's line (all the build step needs), or every error found."""
    import jsonschema

    name = str(path)
    data, pos = parse_yaml(path, raw)
    if not isinstance(data, dict):
        raise RuleError(name, 1, 1, "a rule file must be a mapping of keys (id, summary, check, …)")
    # YAML reads 2025-06-09 as a date; the schema wants the ISO string.
    for ex in data.get("examples") or []:
        if isinstance(ex, dict):
            for holder in [ex, *(d for d in ex.get("documents") or [] if isinstance(d, dict))]:
                if isinstance(holder.get("date"), dt.date):
                    holder["date"] = holder["date"].isoformat()
    errors = _schema_errors(data, pos, name)
    if errors:
        raise _Errors(errors)

    if data["id"] != path.stem:
        line, col = pos.value(("id",))
        errors.append(RuleError(name, line, col, f"id {data['id']!r} does not match the file name {path.stem!r}"))
    kind = KINDS.get(data["check"])
    if kind is None:
        line, col = pos.value(("check",))
        errors.append(
            RuleError(name, line, col, f"unknown check kind {data['check']!r} (known: {', '.join(sorted(KINDS))})")
        )
    else:
        if data["scope"] not in kind.scopes:
            line, col = pos.value(("scope",))
            errors.append(RuleError(name, line, col, f"check {kind.name!r} does not run at {data['scope']!r} scope"))
        params = data.get("params") or {}
        validator = jsonschema.Draft202012Validator(kind.params_schema())
        for err in sorted(validator.iter_errors(params), key=lambda e: [str(p) for p in e.absolute_path]):
            pointer = ("params", *err.absolute_path)
            if err.validator == "additionalProperties" and isinstance(err.instance, dict):
                allowed = set(err.schema.get("properties", {}))
                for key in sorted(k for k in err.instance if k not in allowed):
                    line, col = pos.key((*pointer, key))
                    errors.append(
                        RuleError(
                            name,
                            line,
                            col,
                            f"unknown parameter {key!r} for check {kind.name!r} "
                            f"(allowed: {', '.join(sorted(allowed)) or 'none'})",
                        )
                    )
                continue
            line, col = pos.value(pointer)
            errors.append(RuleError(name, line, col, f"params/{'/'.join(map(str, err.absolute_path))}: {err.message}"))
    if data.get("when"):
        line, col = pos.content[("when",)]
        try:
            compile_condition(data["when"], name, line, col)  # compiled again for the Rule: it is cheap
        except RuleError as err:
            errors.append(err)
    if kind is not None:
        errors.extend(_placeholder_errors(data["message"], kind.name, pos, name))
    expects = {ex["expect"] for ex in data["examples"]}
    if expects != {"fire", "silent"}:
        line, col = pos.key(("examples",))
        errors.append(RuleError(name, line, col, "examples need at least one that fires and one that stays silent"))
    if errors:
        raise _Errors(errors)
    return {
        "data": data,
        "when": list(pos.content[("when",)]) if data.get("when") else None,
        "example_lines": [pos.value(("examples", i))[0] for i in range(len(data["examples"]))],
    }


def _rule(name: str, data: dict[str, Any], when: list[int] | None, example_lines: list[int]) -> Rule:
    """The Rule of a validated file's data."""
    kind = KINDS[data["check"]]
    condition = compile_condition(data["when"], name, when[0], when[1]) if data.get("when") and when else None
    sel = data.get("select") or {}
    selection = Selection(
        kinds=frozenset(sel.get("kinds", ())),
        entities=frozenset(sel.get("entities", ())),
        units=frozenset(sel.get("units", ())),
        lemmas=frozenset(sel.get("lemmas", ())),
        predicates=frozenset(sel.get("predicates", ())),
        exclude_lemmas=frozenset(sel.get("exclude_lemmas", ())),
        include_quoted=bool(sel.get("include_quoted", False)),
        include_corrections=bool(sel.get("include_corrections", False)),
    )
    examples = []
    for i, ex in enumerate(data["examples"]):
        docs = ex.get("documents") or [{"text": ex["text"], "date": ex.get("date")}]
        examples.append(
            Example(
                expect=ex["expect"],
                documents=tuple(
                    ExampleDocument(d["text"], _date(d.get("date") or ex.get("date")), d.get("story"), d.get("title"))
                    for d in docs
                ),
                name=ex.get("name"),
                findings=ex.get("findings"),
                line=example_lines[i],
            )
        )
    return Rule(
        id=data["id"],
        summary=data["summary"],
        severity=data["severity"],
        scope=data["scope"],
        check=data["check"],
        message=data["message"],
        path=name,
        select=selection,
        match_on=tuple(data.get("match_on") or ()),
        params={**kind.defaults(), **(data.get("params") or {})},
        when=condition,
        examples=tuple(examples),
        description=data.get("description"),
        experimental=bool(data.get("experimental", False)),
    )
