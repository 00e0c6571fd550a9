"""The cold-start shortcuts give what the long way gives: compiled patterns read from the
program cache (`consistency.diskcache.install_pattern_cache`), and a whole check run with
every cache filled against one with caching off."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import consistency
from consistency import diskcache

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "council-vote.md"


def _package_patterns() -> list[re.Pattern[str]]:
    """Every module-level pattern of the package's loaded modules (hundreds)."""
    for name in ("consistency.cli", "consistency.rules.engine"):  # the extraction, claims and rules layers
        importlib.import_module(name)

    seen: dict[tuple[str, int], re.Pattern[str]] = {}
    for name, module in list(sys.modules.items()):
        if name.startswith("consistency") and module is not None:
            for value in vars(module).values():
                if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                    seen.setdefault((value.pattern, value.flags), value)
    return list(seen.values())


def _as_ours(p: str, flags: int) -> re.Pattern[str]:
    """diskcache._compile as called from this package's code (it keeps only ours)."""
    return diskcache._compile(p, flags)


@pytest.fixture
def fresh_patterns(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if diskcache._original_compile is None:
        pytest.skip("the pattern cache is not installed on this Python")
    monkeypatch.setattr(diskcache, "_patterns", diskcache._Patterns())
    monkeypatch.setattr(diskcache, "_ours", lambda _frame: True)


def test_the_pattern_cache_is_installed_by_importing_the_package() -> None:
    assert consistency.__version__
    if diskcache._original_compile is not None:
        assert re._compiler.compile is diskcache._compile  # type: ignore[attr-defined]


def test_a_cached_program_is_the_pattern_re_compiles(fresh_patterns: None, monkeypatch: pytest.MonkeyPatch) -> None:
    patterns = _package_patterns()
    assert len(patterns) > 100
    learned = [_as_ours(p.pattern, p.flags) for p in patterns]
    assert all(f"{p.flags}:{p.pattern}" in diskcache._patterns.new for p in patterns)
    diskcache._patterns.save()
    monkeypatch.setattr(diskcache, "_patterns", diskcache._Patterns())  # a new run
    sample = SEED.read_text(encoding="utf-8") + " 3 May 2024, 45%, $1.2bn, 12 miles (19 km), three of the five."
    for p, first in zip(patterns, learned, strict=True):
        again = _as_ours(p.pattern, p.flags)
        fresh = diskcache._original_compile(p.pattern, p.flags)
        assert again == fresh == first == p  # equal Patterns: same pattern, flags and program
        assert again.groupindex == fresh.groupindex and again.groups == fresh.groups
        assert [m.span() for m in again.finditer(sample)] == [m.span() for m in fresh.finditer(sample)]
    assert not diskcache._patterns.new  # every one came from the cache
    assert all(f"{p.flags}:{p.pattern}" in diskcache._patterns.used for p in patterns)


def test_a_damaged_program_is_compiled_afresh(fresh_patterns: None, monkeypatch: pytest.MonkeyPatch) -> None:
    pattern = r"(?P<n>\d+)\s*(?:per\s*cent|%)"
    _as_ours(pattern, 0)
    diskcache._patterns.save()
    path = diskcache._Patterns.path()
    header, _, code = path.read_bytes().partition(b"\n")
    (key,) = json.loads(header)["patterns"]
    path.write_bytes(header + b"\n" + b"\xff" * len(code))  # a program _sre refuses
    monkeypatch.setattr(diskcache, "_patterns", diskcache._Patterns())
    assert _as_ours(pattern, 0) == diskcache._original_compile(pattern, 0)
    assert key in diskcache._patterns.new  # learned again
    path.write_bytes(header + b"\n" + code[:-3])  # not whole uint32s
    monkeypatch.setattr(diskcache, "_patterns", diskcache._Patterns())
    assert _as_ours(pattern, 0) == diskcache._original_compile(pattern, 0)
    entry = json.loads(header)["patterns"][key]
    entry[1] = 10**6  # out of bounds
    path.write_bytes(json.dumps({"stamp": diskcache._Patterns.stamp(), "patterns": {key: entry}}).encode()
                     + b"\n" + code)
    monkeypatch.setattr(diskcache, "_patterns", diskcache._Patterns())
    assert _as_ours(pattern, 0) == diskcache._original_compile(pattern, 0)
    assert key in diskcache._patterns.new
    path.write_text("{not json")
    monkeypatch.setattr(diskcache, "_patterns", diskcache._Patterns())
    assert _as_ours(pattern, 0).match("45 per cent").group("n") == "45"


def test_another_python_does_not_read_the_programs(fresh_patterns: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _as_ours(r"\bfoo\b", 0)
    diskcache._patterns.save()
    monkeypatch.setattr(diskcache._Patterns, "stamp", staticmethod(lambda: ["another python", 0, "little"]))
    patterns = diskcache._Patterns()
    assert patterns.load() == {}


def test_a_pattern_re_warns_about_is_never_kept(fresh_patterns: None) -> None:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        compiled = _as_ours("[[a-z]", 0)
    assert compiled.match("[")
    assert [w.category for w in seen] == [FutureWarning]
    assert not diskcache._patterns.new
    _as_ours(r"\s--\s", 0)  # '--' outside a set: no warning, kept
    assert len(diskcache._patterns.new) == 1


def test_only_the_package_patterns_are_kept(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if diskcache._original_compile is None:
        pytest.skip("the pattern cache is not installed on this Python")
    monkeypatch.setattr(diskcache, "_patterns", diskcache._Patterns())
    re.purge()
    assert re.compile(r"only-in-(?P<t>tests)\d{3}").match("only-in-tests123")  # this module is not ours
    assert not diskcache._patterns.new
    assert diskcache._ours(sys._getframe()) is False


def test_the_pattern_table_stays_bounded(fresh_patterns: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(diskcache, "PATTERN_LIMIT", 10)
    for i in range(8):
        _as_ours(f"old{i}", 0)
    diskcache._patterns.save()
    monkeypatch.setattr(diskcache, "_patterns", diskcache._Patterns())
    for i in range(6):
        _as_ours(f"new{i}", 0)
    _as_ours("old0", 0)
    diskcache._patterns.save()
    kept = json.loads(diskcache._Patterns.path().read_bytes().partition(b"\n")[0])["patterns"]
    assert sorted(kept) == sorted(["0:old0", *(f"0:new{i}" for i in range(6))])
    monkeypatch.setattr(diskcache, "_patterns", diskcache._Patterns())  # the kept programs still compile
    for k in kept:
        assert _as_ours(k[2:], 0) == diskcache._original_compile(k[2:], 0)
    assert not diskcache._patterns.new


def _check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "consistency", "check", *args], capture_output=True, text=True, cwd=ROOT, env=env,
        check=False,
    )


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_run_from_filled_caches_reports_what_a_run_without_caches_does(tmp_path: Path, fmt: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSISTENCY_")}
    env["CONSISTENCY_CACHE_DIR"] = str(tmp_path / "cache")
    paths = ["--format", fmt, "seeds"]
    first = _check(env, *paths)  # fills every cache
    assert (tmp_path / "cache" / f"regex-{sys.implementation.cache_tag}.bin").is_file()
    second = _check(env, *paths)  # reads them
    plain = _check({**env, "CONSISTENCY_NO_CACHE": "1"}, *paths)
    assert first.returncode == second.returncode == plain.returncode == 1
    assert first.stdout == second.stdout == plain.stdout
    assert first.stderr == second.stderr == plain.stderr == ""


def test_a_lexicon_with_an_infinite_bound_is_remembered(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from consistency.claims import lexicon
    from consistency.rules.loader import DEFAULT_RULES

    path = DEFAULT_RULES / "lexicon" / "arithmetic.yaml"
    fresh = lexicon._read(path)
    assert float("inf") in json.loads(json.dumps(fresh))["multiplier_qualifiers"]["over"]
    monkeypatch.setattr(lexicon, "_parse", lambda *_a: pytest.fail("parsed again"))
    assert lexicon._read(path) == fresh
    assert diskcache.plain([float("inf"), -float("inf")]) and not diskcache.plain(float("nan"))


# YAML documents (front matter) and pyproject.toml tables remembered across runs -------------

_ZONES = [dt.UTC, dt.timezone(dt.timedelta(hours=1)), dt.timezone(-dt.timedelta(hours=5, minutes=30))]
_yaml_scalars = (
    st.none() | st.booleans() | st.integers(-10**9, 10**9) | st.text(max_size=12)
    | st.floats(allow_nan=False, allow_infinity=True) | st.dates()
    | st.datetimes(timezones=st.none() | st.sampled_from(_ZONES))
)
_yaml_values = st.recursive(
    _yaml_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), _yaml_values, min_size=1, max_size=5))
def test_a_remembered_yaml_document_is_the_document_parsed_afresh(data: dict) -> None:
    import tempfile

    import yaml

    from consistency import safeyaml

    text = yaml.safe_dump(data, allow_unicode=True)
    fresh = yaml.safe_load(text)
    with pytest.MonkeyPatch.context() as mp, tempfile.TemporaryDirectory() as tmp:
        mp.setenv("CONSISTENCY_CACHE_DIR", tmp)
        mp.delenv("CONSISTENCY_NO_CACHE", raising=False)
        first = safeyaml.load(text)
        mp.setattr(safeyaml, "_load", lambda _text: pytest.fail("parsed again"))
        stored = any(Path(tmp).rglob("*.json"))
        if stored:
            second = safeyaml.load(text)
            assert safeyaml._same(second, first)
        else:  # only what cannot be stored: a datetime whose zone JSON cannot carry
            mp.undo()
            assert any(isinstance(v, dt.datetime) for v in _leaves(first))
    assert safeyaml._same(first, fresh) or first == fresh


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _leaves(v)]
    if isinstance(value, list):
        return [x for v in value for x in _leaves(v)]
    return [value]


def test_yaml_that_json_cannot_carry_or_that_fails_is_never_remembered(cache: Path) -> None:
    from consistency import safeyaml

    for text in ("a: !!binary aGVsbG8=\n", "2025-01-01: x\n", "1: one\n", "s: !!set {a, b}\n", "n: .nan\n"):
        first = safeyaml.load(text)
        assert not list(cache.rglob("*.json")), text
        assert safeyaml.load(text) == first or text.startswith("n:")
    for _ in range(2):
        with pytest.raises(safeyaml.YamlProblem) as caught:
            safeyaml.load("date: 2025-13-45\n")
        assert (caught.value.line, caught.value.column) == (1, 7)
    assert not list(cache.rglob("*.json"))


def test_front_matter_comes_back_with_its_types(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from consistency import safeyaml

    text = ('title: "Council backs budget"\ndate: 2025-11-14\nstory: riverton-budget\ntags: [a, 2]\n'
            "at: 2025-11-14 10:30:00+01:00\n")
    first = safeyaml.load(text)
    monkeypatch.setattr(safeyaml, "_load", lambda _text: pytest.fail("parsed again"))
    second = safeyaml.load(text)
    assert second == first and type(second["date"]) is dt.date and second["at"].utcoffset() == dt.timedelta(hours=1)
    assert safeyaml._same(second, first)


def test_a_remembered_pyproject_table_is_the_table_read_afresh(cache: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from consistency import config

    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n\n[tool.consistency]\nfail-level = "error"\nselect = ["a", "b"]\n'
                    '\n[tool.consistency.severity]\nshare-mismatch = "info"\n', encoding="utf-8")
    fresh = config.load(path)
    monkeypatch.setattr(config, "_parse_toml", lambda *_a: pytest.fail("parsed again"))
    again = config.load(path)
    assert again == fresh
    assert {k: s.origin for k, s in again.values.items()} == {k: s.origin for k, s in fresh.values.items()}
    monkeypatch.undo()
    path.write_text('[tool.consistency]\nfail-level = "error\n', encoding="utf-8")  # broken: read each time
    for _ in range(2):
        with pytest.raises(config.ConfigErrors):
            config.load(path)


def test_a_check_from_filled_caches_imports_no_yaml_toml_or_schema_reader(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSISTENCY_")}
    env["CONSISTENCY_CACHE_DIR"] = str(tmp_path / "cache")
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['consistency', 'check', 'seeds/council-vote.md']\n"
        "try:\n    runpy.run_module('consistency', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('yaml', 'tomllib', 'jsonschema', 'difflib') if m in sys.modules))\n"
    )
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env,
                           check=False) for _ in range(2)]
    assert runs[1].stdout.splitlines()[-1] == "[]", runs[1].stderr


# Dataclass methods made on first use (consistency/__init__.py) ---------------------------------


def _package_dataclasses() -> list[type]:
    import dataclasses

    for name in ("consistency.cli", "consistency.rules.engine", "consistency.explain.trace",
                 "consistency.report.findings", "consistency.store.sqlite"):
        importlib.import_module(name)
    found = {}
    for name, module in list(sys.modules.items()):
        if name.startswith("consistency") and module is not None:
            for value in vars(module).values():
                if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == name:
                    found[f"{name}.{value.__qualname__}"] = value
    return [found[k] for k in sorted(found)]


def test_every_dataclass_compares_hashes_shows_and_freezes_as_dataclasses_says() -> None:
    import dataclasses

    classes = _package_dataclasses()
    assert len(classes) > 40
    for cls in classes:
        params = cls.__dataclass_params__  # type: ignore[attr-defined]
        fields = dataclasses.fields(cls)

        def make(bump: int = 0, cls: type = cls, fields: tuple = fields) -> object:
            obj = object.__new__(cls)
            for i, f in enumerate(fields):
                object.__setattr__(obj, f.name, (f.name, i + bump))
            return obj

        a, same, other = make(), make(), make(1)
        shown = ", ".join(f"{f.name}={getattr(a, f.name)!r}" for f in fields if f.repr)
        if "__repr__" in cls.__dict__ and params.repr:
            assert repr(a) == f"{cls.__qualname__}({shown})", cls
        if params.eq:
            compared = [f for f in fields if f.compare]
            assert (a == same) is True, cls
            assert (a == other) is (not compared), cls
            assert a.__eq__(object()) is NotImplemented, cls
            assert cls.__dict__["__eq__"].__qualname__ == f"{cls.__qualname__}.__eq__"  # the real one, in place
        if params.frozen:
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(a, fields[0].name if fields else "x", 1)
            with pytest.raises(dataclasses.FrozenInstanceError):
                delattr(a, fields[0].name if fields else "x")
        if params.eq and params.frozen:
            hashed = tuple(getattr(a, f.name) for f in fields if (f.compare if f.hash is None else f.hash))
            assert hash(a) == hash(hashed), cls
            assert cls.__dict__["__hash__"].__code__.co_name == "__hash__"


def test_dataclasses_of_other_packages_are_made_as_usual() -> None:
    import dataclasses

    @dataclasses.dataclass(frozen=True)
    class Outside:
        a: int

    assert Outside.__eq__.__code__.co_name == "__eq__"  # dataclasses' own, at once
    assert Outside(1) == Outside(1) and hash(Outside(1)) == hash((1,))


# One command's parser (consistency/cli/__init__.py) ----------------------------------------------


@pytest.mark.parametrize("command", ["check", "extract", "rules", "index", "explain", "config"])
def test_a_command_parser_alone_reads_and_helps_as_the_whole_one(command: str) -> None:
    from consistency.cli import build_parser

    whole, alone = build_parser(), build_parser(command)

    def sub(parser: object) -> object:
        (action,) = [a for a in parser._actions if a.dest == "command"]  # type: ignore[attr-defined]
        return action.choices[command]

    assert sub(alone).format_help() == sub(whole).format_help()
    assert sub(alone).format_usage() == sub(whole).format_usage()
    argv = {"check": ["check", "a.md", "--format", "json", "--select", "x,y"], "extract": ["extract", "a.md"],
            "rules": ["rules", "list"], "index": ["index", "a.md"], "explain": ["explain", "a.md"],
            "config": ["config"]}[command]
    assert vars(alone.parse_args(argv)) == vars(whole.parse_args(argv))


def test_without_a_command_first_the_whole_parser_is_built() -> None:
    from consistency.cli import COMMAND_MODULES, _named_command

    assert _named_command(["check", "x.md"]) == "check"
    for argv in ([], ["--debug", "check", "x.md"], ["--help"], ["chek"], ["x.md", "check"]):
        assert _named_command(argv) is None
    assert set(COMMAND_MODULES) == {"check", "extract", "rules", "index", "explain", "config"}


def test_an_oversized_pattern_file_is_cut_to_what_a_run_used(
    fresh_patterns: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Test runs and rule packs compile many patterns a check never uses; a file grown past
    PATTERN_BYTES is cut at exit to the patterns the run used, so a cold start stays cheap."""
    many = [f"zq{i}x(?:a|b)+" for i in range(300)]
    for p in many:
        _as_ours(p, 0)
    diskcache._patterns.save()
    size = diskcache._Patterns.path().stat().st_size
    monkeypatch.setattr(diskcache, "PATTERN_BYTES", size - 1)
    monkeypatch.setattr(diskcache, "_patterns", diskcache._Patterns())  # a new run, using two of them
    for p in many[:2]:
        _as_ours(p, 0)
    assert diskcache._patterns.prune and not diskcache._patterns.new
    diskcache._patterns.save()
    monkeypatch.setattr(diskcache, "_patterns", diskcache._Patterns())
    assert set(diskcache._patterns.load()) == {f"0:{p}" for p in many[:2]}


def test_pattern_texts_do_not_depend_on_the_hash_seed() -> None:
    """Alternations built from sets are sorted by length and then text: one pattern text (and
    one cache entry) whatever PYTHONHASHSEED is."""
    code = ("import consistency.rules.engine, consistency.extract.dates as d, consistency.rules.checks.calendar as c;"
            "print(d._tense_patterns()['deadline'].pattern, c._comparison_base().pattern, c._shift_after().pattern)")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(outs) == 1
