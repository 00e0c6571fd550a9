"""Session 9, second round (speed branch `speed11`): each fast path against the slow way it
replaces (hypothesis properties), and the errors of the one-`fstat` article read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.document import loaders, markup
from consistency.errors import InputError

_TEXT = st.text(st.sampled_from("ab \n\t\r-é\u2028\x00<>"), max_size=40)


@given(_TEXT)
def test_blanked_is_the_character_loop(text: str) -> None:
    assert markup.blanked(text) == "".join("\n" if ch == "\n" else " " for ch in text)


_PATHS = st.lists(st.sampled_from(["a", "b.jsonl", ".jsonl", "..jsonl", "x.JSONL", "c.md", ".", "..", "", "d.",
                                   "e.jsonl.", "f.jsonl/"]), max_size=4).map("/".join)


@given(_PATHS)
def test_is_feed_is_pathlibs_suffix(path: str) -> None:
    assert loaders._is_feed(path) == (Path(path).suffix.lower() == ".jsonl")


@given(st.binary(max_size=64), st.integers(0, 70))
def test_nul_test_without_the_slice(data: bytes, cut: int) -> None:
    assert (data.find(b"\x00", 0, cut) != -1) == (b"\x00" in data[:cut])


@given(st.text(st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000\u200ba"), max_size=8))
def test_empty_test_without_the_copy(text: str) -> None:
    assert (not text or text.isspace()) == (not text.strip())


@given(st.text(st.sampled_from("<html!DOCTYPEİı a"), max_size=30), st.integers(0, 40))
def test_html_sniff_is_the_lowered_search(text: str, pad: int) -> None:
    text = "x" * pad + text
    lowered = text[:2000].lower()
    want = "<html" in lowered or "<!doctype html" in lowered
    assert (text.find("<", 0, 2000) != -1 and loaders._html_head(text)) == want


@given(st.sampled_from(["title", "date", "story", "yes", "No", "on", "OFF", "null", "Null", "y", "n", "true",
                        "x-y", "a_b", "TRUE", "inf", "nan", "e", "on_air"]))
def test_plain_key_is_the_resolvers_answer(key: str) -> None:
    resolver, scalar, _ = loaders._yaml_tools()
    assert loaders._plain_key(key) == (resolver.resolve(scalar, key, (True, False)) == "tag:yaml.org,2002:str")


def _old_read(path: str) -> str:
    """The read before the one-fstat path: `_open` (stat, then open), then an fstat."""
    try:
        with loaders._open(path, loaders.MAX_BYTES) as handle:
            handle.read(min(os.fstat(handle.fileno()).st_size, loaders.MAX_BYTES) + 1)
    except InputError as err:
        return err.message
    return "read"


def _new_read(path: str) -> str:
    try:
        handle, _ = loaders._open_article(path)
        handle.close()
    except InputError as err:
        return err.message
    return "read"


def test_open_article_words_every_error_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = tmp_path / "a.md"
    small.write_text("Ten people.\n")
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 200)
    folder = tmp_path / "folder.md"
    folder.mkdir()
    cases = [str(small), str(tmp_path / "missing.md"), str(folder), str(big)]
    for path in cases:
        assert _new_read(path) == _old_read(path), path
    monkeypatch.setattr(loaders, "MAX_BYTES", 100)
    assert _new_read(str(big)) == _old_read(str(big))
    assert "over the 100-byte limit" in _new_read(str(big))
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.md"
        locked.write_text("x")
        locked.chmod(0)
        assert _new_read(str(locked)) == _old_read(str(locked)) == "permission denied"


@settings(max_examples=60, deadline=None)
@given(st.text(st.sampled_from("ab\n\r\t -<>#:é"), min_size=1, max_size=60))
def test_a_file_reads_as_before(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    """The whole read of a file (decode, line ends, front matter, masking) gives the Document
    the text path gives."""
    path = tmp_path_factory.mktemp("r") / "a.md"
    path.write_bytes(text.encode())
    got = list(loaders.load_paths([str(path)]))
    decoded = loaders._decode(str(path), text.encode())
    if isinstance(decoded, InputError):
        assert [type(g) for g in got] == [InputError] and got[0].message == decoded.message
        return
    try:
        want = loaders._document_from_text(str(path), decoded)
    except InputError as err:
        assert [type(g) for g in got] == [InputError] and got[0].message == err.message
        return
    assert got == [want]


# --- names: the usual place of a run marked by the pattern ---------------------------------

_NAME_PARTS = st.lists(st.sampled_from(["Ann", "Bo", " ", "  ", "\t", "\n", ".", ",", '"', "“", "—", "-", "–", ")",
                                        "of", "the", "St.", "J.", "'s", "\xa0", "\u2028", "x", "Said", "Flash",
                                        "Opponents", "Harrow Foods"]), max_size=24).map("".join)


def _old_names(text: str, seen: frozenset[str]) -> list[tuple[int, int, str]]:
    """`names._names` as session 9 wrote it (the usual place tested in Python)."""
    from consistency.claims import names as n

    out = []
    marks, dashes = n._OPENER_MARKS, n._SPACED_DASHES
    for m in n._RUN.finditer(text):
        offset = m.start()
        run = m.group(0)
        before = text[offset - 2 : offset] if offset >= 2 else ""
        usual = before[1:] == " " and not before[0].isspace() and before[0] not in marks and before[0] not in dashes
        if not usual and n._opens(text[max(0, offset - 12) : offset]):
            first, _, rest = run.partition(" ")
            ordinary = n._is_word(first) and n._unpossessive(first) not in seen and not n._org_named(run)
            if ordinary and (not rest or rest.startswith(("of ", "de ")) or n._is_word(rest.split()[0])):
                rest = rest[3:] if rest.startswith(("of ", "de ")) else rest
                if not rest:
                    continue
                offset += len(run) - len(rest)
                run = rest
        for start, end, name in n._run_parts(run):
            out.append((offset + start, offset + end, name))
    return out


@settings(max_examples=400, deadline=None)
@given(_NAME_PARTS)
def test_usual_group_is_the_python_test(text: str) -> None:
    from consistency.claims import names as n

    old = list(n._RUN.finditer(text))
    new = list(n._RUN_USUAL.finditer(text))
    assert [m.span() for m in old] == [m.span() for m in new]
    for m in new:
        offset = m.start()
        before = text[offset - 2 : offset] if offset >= 2 else ""
        usual = (before[1:] == " " and not before[0].isspace() and before[0] not in n._OPENER_MARKS
                 and before[0] not in n._SPACED_DASHES)
        assert (m.group(1) is not None) == usual


@settings(max_examples=300, deadline=None)  # the first word test loads the dictionary
@given(_NAME_PARTS, st.sets(st.sampled_from(["Ann", "Flash", "Said", "Bo"])))
def test_names_are_the_old_ones(text: str, seen: set[str]) -> None:
    from consistency.claims import names as n

    assert n._names(text, frozenset(seen)) == _old_names(text, frozenset(seen))


# --- event profile -----------------------------------------------------------------------

@given(st.text(st.sampled_from("Ab .,;:'\"()\nİıẞßK\u212a\u0130 \t"), max_size=30))
def test_lede_words_lowered_once(text: str) -> None:
    assert {w.strip(".,;:'\"()") for w in text.lower().split()} == {w.strip(".,;:'\"()").lower() for w in text.split()}


@given(st.text(st.sampled_from("ab ,\n\t\xa0\u2028"), max_size=40))
def test_last_word_by_rsplit(text: str) -> None:
    old = text.split()
    new = text.rsplit(None, 1)
    assert bool(old) == bool(new) and (not old or old[-1] == new[-1])


# --- the garbage collector ---------------------------------------------------------------

def test_tune_gc_raises_only_a_lower_young_threshold() -> None:
    import gc

    from consistency import cli

    saved = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        cli._tune_gc()
        assert gc.get_threshold() == (cli.GC_YOUNG_THRESHOLD, 10, 10)
        gc.set_threshold(50_000, 5, 5)
        cli._tune_gc()
        assert gc.get_threshold() == (50_000, 5, 5)
        gc.set_threshold(0, 10, 10)  # collection off by threshold: left off
        cli._tune_gc()
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*saved)


def test_a_forking_pool_freezes_until_it_closes() -> None:
    import gc
    import multiprocessing

    from consistency import parallel
    from consistency.document.model import Document

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here")
    seen: list[int] = []
    docs = [Document(f"d{i}.md", f"On 3 May {2000 + i} the road cost $5.{i} million.")
            for i in range(parallel.MIN_DOCUMENTS)]
    run = parallel.DocumentRun()
    for _ in parallel.map_documents(docs, parallel.Work(), run, jobs=2, start_method="fork"):
        seen.append(gc.get_freeze_count())
    assert len(seen) == len(docs) and all(n > 0 for n in seen)
    assert gc.get_freeze_count() == 0 and not run.errors
