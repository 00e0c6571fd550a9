"""What a cold start no longer redoes (issue 9): rule files, lexicons and lemma answers read
in an earlier run come from the disk cache, and give exactly what reading afresh gives."""

from __future__ import annotations

import dataclasses
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency import diskcache
from consistency.claims import lexicon
from consistency.errors import RuleError
from consistency.extract import lemmas
from consistency.rules import loader
from consistency.rules.loader import DEFAULT_RULES, load_rule_file, load_rules

_plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(_plain)
def test_a_remembered_value_comes_back_identical(value: object) -> None:
    with pytest.MonkeyPatch.context() as mp, tempfile.TemporaryDirectory() as tmp:
        mp.setenv("CONSISTENCY_CACHE_DIR", tmp)
        k = diskcache.key(["test", json.dumps(value)])
        diskcache.remember("t", k, value)
        back = diskcache.recall("t", k)
        assert back == value
        assert type(back) is type(value)


def test_values_json_would_change_are_not_stored(cache: Path) -> None:
    for value in ({1: "int key"}, ("a", "tuple"), {"s": {1, 2}}, float("nan")):
        k = diskcache.key(["odd", repr(value)])
        diskcache.remember("t", k, value)
        assert diskcache.recall("t", k) is None


def test_keys_keep_parts_apart() -> None:
    assert diskcache.key(["ab", "c"]) != diskcache.key(["a", "bc"])
    assert diskcache.key([b"x"]) == diskcache.key(["x"])


def test_caching_can_be_turned_off_and_damage_is_ignored(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    k = diskcache.key(["x"])
    diskcache.remember("t", k, {"a": 1})
    entry = next((cache / "files" / "t").glob("*.json"))
    monkeypatch.setenv("CONSISTENCY_NO_CACHE", "1")
    assert diskcache.recall("t", k) is None
    monkeypatch.delenv("CONSISTENCY_NO_CACHE")
    assert diskcache.recall("t", k) == {"a": 1}
    entry.write_text("{not json")
    assert diskcache.recall("t", k) is None
    entry.write_text(json.dumps({"key": "another", "value": 1}))
    assert diskcache.recall("t", k) is None


def test_the_cache_stays_bounded(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(diskcache, "LIMIT", 10)
    for i in range(25):
        diskcache.remember("t", diskcache.key([str(i)]), i)
    assert len(list((cache / "files" / "t").glob("*.json"))) <= 10


def test_a_cached_rule_file_is_the_rule_read_afresh(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh, errors = load_rules([DEFAULT_RULES])
    assert not errors and list((cache / "files" / "rules").glob("*.json"))

    def no_validation(*_args: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(loader, "_validate_rule_file", no_validation)
    again, errors = load_rules([DEFAULT_RULES])
    assert not errors
    assert again == fresh  # every field: message, params, compiled `when`, examples and their lines


def test_a_cached_condition_compiles_at_its_place(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path(__file__).parents[1] / "docs/examples/newsroom/newsroom-rules/article/rehoming-count-conflict.yaml"
    fresh = load_rule_file(path)
    assert fresh.when is not None
    monkeypatch.setattr(loader, "_validate_rule_file", lambda *_a: pytest.fail("validated again"))
    again = load_rule_file(path)
    assert again.when is not None
    assert dataclasses.replace(again, when=None) == dataclasses.replace(fresh, when=None)
    where = [(c.source, c.path, c.line, c.column) for c in (again.when, fresh.when)]
    assert where[0] == where[1]  # the same source, and the same file:line:col for runtime errors


def test_an_edited_rule_file_is_validated_again(cache: Path, tmp_path: Path) -> None:
    source = next(p for p in sorted(DEFAULT_RULES.rglob("*.yaml")) if "lexicon" not in p.parts)
    path = tmp_path / source.name
    shutil.copy(source, path)
    good = load_rule_file(path)
    assert good.id == path.stem
    path.write_text(path.read_text().replace("severity:", "severity: [", 1))  # broken YAML
    with pytest.raises(RuleError):
        load_rule_file(path)
    renamed = tmp_path / "another-name.yaml"
    shutil.copy(source, renamed)  # same bytes, another path: the id no longer matches the name
    with pytest.raises(loader._Errors) as caught:
        load_rule_file(renamed)
    assert "does not match the file name" in str(caught.value)


def test_a_cached_lexicon_is_the_lexicon_parsed_afresh(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = DEFAULT_RULES / "lexicon" / "people.yaml"
    fresh = lexicon._read(path)
    monkeypatch.setattr(lexicon, "_parse", lambda *_a: pytest.fail("parsed again"))
    assert lexicon._read(path) == fresh


def test_an_invalid_lexicon_is_never_remembered(cache: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- just\n- a list\n")
    for _ in range(2):
        with pytest.raises(RuleError):
            lexicon._read(bad)


_WORDS = ["homes", "were", "children", "evacuated", "mice", "Talvora", "running", "x-rays", "can't", "naïve", "geese"]


def test_lemma_answers_are_remembered_across_runs(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import simplemma

    lemmas.forget()
    try:
        first = [(lemmas.lemmatize(w), lemmas.is_known(w)) for w in _WORDS]
        lemmas._answers.save()  # what a run does at exit
        assert list(cache.glob("simplemma-en-answers-*.tsv"))
        lemmas.forget()  # a new run
        monkeypatch.setattr(lemmas, "_backend", lambda: pytest.fail("simplemma asked again"))
        second = [(lemmas.lemmatize(w), lemmas.is_known(w)) for w in _WORDS]
    finally:
        monkeypatch.undo()
        lemmas.forget()
    want = [(simplemma.lemmatize(w, lang="en"), simplemma.is_known(w, lang="en")) for w in _WORDS]
    assert first == second == want


def test_a_damaged_answers_file_is_ignored(cache: Path) -> None:
    lemmas.forget()
    try:
        lemmas.lemmatize("homes")
        lemmas._answers.save()
        answers = next(cache.glob("simplemma-en-answers-*.tsv"))
        answers.write_text("something else\nL\thomes\twrong")
        lemmas.forget()
        assert lemmas.lemmatize("homes") == "home"
    finally:
        lemmas.forget()


def test_a_large_answers_file_is_cut_to_what_the_run_asked(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A corpus run leaves thousands of answers that every later cold start would read: past
    PRUNE_ENTRIES, a save keeps this run's answers only, and they still come back right."""
    monkeypatch.setattr(lemmas._Answers, "PRUNE_ENTRIES", 5)
    lemmas.forget()
    try:
        for w in ("homes", "votes", "councils", "fires", "ferries", "injuries", "deaths"):
            lemmas.lemmatize(w)
        lemmas._answers.save()
        lemmas.forget()  # a new run, asking two words
        assert lemmas.lemmatize("homes") == "home" and lemmas.lemmatize("votes") == "vote"
        lemmas._answers.save()
        text = next(cache.glob("simplemma-en-answers-*.tsv")).read_text("utf-8")
        assert "\thomes\t" in text and "\tvotes\t" in text and "\tferries\t" not in text
    finally:
        lemmas.forget()
