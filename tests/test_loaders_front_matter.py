"""The front-matter fast path (`loaders.simple_front_matter`) gives exactly what the bounded
YAML loader gives, or declines: checked on generated blocks made to look like front matter."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from consistency import safeyaml
from consistency.document import loaders

KEYS = st.one_of(
    st.sampled_from(["date", "title", "story", "consistency", "author", "yes", "null", "on", "2024", "a-b", "_x"]),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,8}", fullmatch=True),
)
WORDS = st.sampled_from([
    "2025-03-01", "2025-13-45", "2025-02-30", "2025-3-1", "2025-03-01T10:00:00", "2025-03-01 10:00", "12", "1.5",
    "1_000", "0x1F", "1:20", ".inf", "-3", "+4", "true", "No", "off", "~", "null", "Null", "Orsk", "Ward 4",
    "Café", "l’été", "a: b", "a #b", "#c", "'q'", '"q"', "[1, 2]", "{a: 1}", "&a", "*a", "!tag", "|", ">",
    "%x", "@x", "`x`", "- x", "? x", "x:", "x,y", "it's", "50%", "A & B", "x\ty", "x\u2028y", "\ufeffx", "\x85",
    "\x07", "---", "...", " ", "",
])
VALUES = st.one_of(WORDS, st.lists(WORDS, min_size=1, max_size=3).map(" ".join), st.text(max_size=12))
LINES = st.one_of(
    st.tuples(KEYS, st.sampled_from([": ", ":  ", ":", " : "]), VALUES, st.sampled_from(["", " ", "  "])).map(
        lambda t: "".join(t)),
    st.sampled_from(["# a comment", "", "  indented: x", "- item", "key: |", "  text"]),
)
BLOCKS = st.lists(LINES, min_size=1, max_size=5).map(lambda lines: "\n".join(lines) + "\n")


def _yaml(block: str) -> object:
    try:
        return safeyaml.load(block)
    except safeyaml.YamlProblem as problem:
        return problem


@settings(max_examples=600, deadline=None)
@given(BLOCKS)
@example("date: 2025-01-02\ntitle: Twelve hurt in Orsk\nstory: orsk-fire\n")
@example("date: 2025-02-30\n")
@example("title: Café ‘déjà vu’ — 12 hurt\n")
def test_the_fast_path_reads_what_yaml_reads_or_declines(block: str) -> None:
    fast = loaders.simple_front_matter(block)
    if fast is None:
        return
    slow = _yaml(block)
    assert isinstance(slow, dict), (block, slow)
    assert fast == slow
    assert [(k, type(v)) for k, v in fast.items()] == [(k, type(v)) for k, v in slow.items()]


def test_common_front_matter_takes_the_fast_path() -> None:
    block = "date: 2025-01-02\ntitle: Twelve hurt, police say\nstory: orsk-fire\n"
    assert loaders.simple_front_matter(block) == {
        "date": dt.date(2025, 1, 2), "title": "Twelve hurt, police say", "story": "orsk-fire"}


@pytest.mark.parametrize("text", [
    "---\ndate: 2025-01-02\n---\nBody.\n",
    "---\ndate: 2025-13-45\n---\nBody.\n",
    "---\ntitle: a: b\n---\nBody.\n",
    "---\ndate: 2025-01-02\ndate: 2025-01-03\n---\nBody.\n",
    "---\n\n---\nBody.\n",
])
def test_front_matter_is_the_same_with_and_without_the_fast_path(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def read() -> object:
        try:
            return loaders.front_matter(text)
        except loaders.FrontMatterError as err:
            return (err.message, err.line, err.column)

    fast = read()
    monkeypatch.setattr(loaders, "simple_front_matter", lambda block: None)
    assert read() == fast
