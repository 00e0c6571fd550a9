"""The libyaml path of `safeyaml` reads every document exactly as the pure-Python loader
does: the same values, the same node positions, and (through the fallback) the same errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency import safeyaml
from consistency.pack import default_pack

pytestmark = pytest.mark.skipif(safeyaml.CParser is None, reason="PyYAML without libyaml has one path only")


def _nodes(node: yaml.Node, out: list) -> list:
    value = node.value if isinstance(node, yaml.ScalarNode) else None
    out.append((type(node).__name__, node.tag, node.start_mark.line, node.start_mark.column,
                node.end_mark.line, node.end_mark.column, value))
    children = node.value if isinstance(node, yaml.SequenceNode) else []
    if isinstance(node, yaml.MappingNode):
        children = [n for pair in node.value for n in pair]
    for child in children:
        _nodes(child, out)
    return out


def _pure(text: str) -> tuple[list, object]:
    loader = safeyaml._BoundedLoader(text)
    node = loader.get_single_node()
    return _nodes(node, []), loader.construct_document(node)


def _fast(text: str) -> tuple[list, object]:
    node, loader = safeyaml.compose(text)
    assert isinstance(loader, safeyaml._FastLoader)
    return _nodes(node, []), safeyaml.construct(loader, node)


PACK_FILES = sorted(p for p in Path(default_pack()).rglob("*.yaml"))


def test_the_default_pack_is_read_the_same_by_both_paths() -> None:
    assert len(PACK_FILES) >= 25
    for path in PACK_FILES:
        text = path.read_text(encoding="utf-8")
        assert _fast(text) == _pure(text), path


@pytest.mark.parametrize(
    "text",
    [
        "a: [1, 2\n",  # unclosed flow sequence
        "a: 1\n  b: 2\n",  # bad indentation
        "date: 2025-13-45\n",  # not a date
        "a: &x [*x]\n",  # recursive alias
        "a: \u00e9t\u00e9 \x07\n",  # a control character after non-ASCII text
        "k: " + "[" * 80 + "]" * 80 + "\n",  # too deep
    ],
)
def test_errors_are_the_pure_loaders_errors(text: str, monkeypatch) -> None:
    with pytest.raises(safeyaml.YamlProblem) as fast:
        safeyaml.load(text)
    monkeypatch.setattr(safeyaml, "CParser", None)
    with pytest.raises(safeyaml.YamlProblem) as pure:
        safeyaml.load(text)
    assert (fast.value.message, fast.value.line, fast.value.column) == (
        pure.value.message, pure.value.line, pure.value.column)


_scalars = st.one_of(st.integers(-10**6, 10**6), st.text(max_size=12), st.booleans(), st.none(),
                     st.dates().map(str))
_docs = st.recursive(_scalars, lambda kids: st.lists(kids, max_size=4)
                     | st.dictionaries(st.text(min_size=1, max_size=8), kids, max_size=4), max_leaves=20)


@settings(max_examples=150, deadline=None)
@given(_docs)
def test_any_document_reads_the_same_both_ways(data: object) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        pure = _pure(text)
    except yaml.YAMLError:
        return  # the dumper can write what the reader refuses (rare control characters)
    assert _fast(text) == pure
