"""Suppressions in the copy (inline comments, disable/enable ranges, front matter) and the
baseline file: what they silence, what they leave, how they are counted and reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.baseline import claim_hash
from consistency.cli import main
from consistency.findings import Finding, Location
from tests.conftest import extract_text

HEAD = "---\ndate: 2025-03-02\n---\n"
CREW = "Of the 30 crew, 34 were rescued."
BOATS = "Of the 12 boats, 15 were recovered."
SHARE = "That meant 30 of the 45 members, or 75%, backed the plan."


def check_json(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, dict]:
    code = main(["check", "--jobs", "1", "--no-config", "--format", "json", *args, str(path)])
    return code, json.loads(capsys.readouterr().out)


def lines_of(payload: dict, key: str = "findings") -> list[tuple[str, int]]:
    return [(f["rule"], f["line"]) for f in payload.get(key, [])]


def test_comments_are_not_read_as_copy() -> None:
    text = HEAD + "<!-- consistency: ignore * -- Of the 30 crew, 34 were rescued. -->\nThe port reopened.\n"
    assert extract_text(text).claims == []


def test_inline_ignore_covers_the_next_paragraph_or_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        HEAD
        + "<!-- consistency: ignore part-exceeds-whole -- agency figures -->\n"  # line 4
        + f"{CREW}\n{BOATS}\n\n"  # 5-6: one paragraph, both silenced
        + f"{CREW}\n\n"  # 8: reported
        + f"{BOATS} <!-- consistency: ignore part-*, share-mismatch -->\n\n"  # 10: trailing, glob
        + f"{SHARE} <!-- consistency: ignore part-exceeds-whole -->\n",  # 12: names another rule
        encoding="utf-8",
    )
    code, payload = check_json(capsys, article, "--report-unused-suppressions")
    assert code == 1
    assert lines_of(payload) == [("part-exceeds-whole", 8), ("share-mismatch", 12)]
    assert [(s["rule"], s["line"], s["suppressed_by"]) for s in payload["suppressed"]] == [
        ("part-exceeds-whole", 5, "inline"), ("part-exceeds-whole", 6, "inline"), ("part-exceeds-whole", 10, "inline"),
    ]
    assert payload["suppressed"][0]["reason"] == "agency figures"
    assert payload["summary"] == {"documents": 1, "findings": 2, "suppressed": 3}
    assert [n["message"] for n in payload["notices"]] == [
        "line 12: suppression `ignore part-exceeds-whole` matched no finding"
    ]


def test_disable_enable_ranges_and_front_matter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        "---\ndate: 2025-03-02\nconsistency: {ignore: [share-mismatch], reason: house style}\n---\n"
        + f"{CREW}\n\n"  # 5: reported
        + "<!-- consistency: disable part-exceeds-whole, no-such-rule -->\n"  # 7
        + f"{CREW}\n\n{BOATS}\n\n"  # 8, 10: silenced
        + "<!-- consistency: enable part-exceeds-whole -->\n"  # 12
        + f"{BOATS}\n\n{SHARE}\n",  # 13 reported, 15 silenced by the front matter
        encoding="utf-8",
    )
    code, payload = check_json(capsys, article, "--report-unused-suppressions")
    assert code == 1
    assert lines_of(payload) == [("part-exceeds-whole", 5), ("part-exceeds-whole", 13)]
    assert [(s["line"], s["suppressed_by"]) for s in payload["suppressed"]] == [
        (8, "inline"), (10, "inline"), (15, "front-matter")
    ]
    assert [n["message"] for n in payload["notices"]] == [
        "line 7: suppression `disable no-such-rule` matched no finding"
    ]
    main(["check", "--jobs", "1", "--no-config", str(article)])
    assert capsys.readouterr().out.splitlines()[-1] == (
        "1 document checked: 2 errors; 3 suppressed (2 inline, 1 front-matter)"
    )


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("<!-- consistency: ignroe part-exceeds-whole -->", "unknown consistency directive 'ignroe'"),
        ("<!-- consistency: ignore part exceeds -->", "not a rule id or glob in `ignore`: 'part exceeds'"),
    ],
)
def test_a_malformed_directive_is_an_error_at_its_place(
    comment: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.md"
    article.write_text(f"{HEAD}The port reopened.\n\n  {comment}\n{CREW}\n", encoding="utf-8")
    code, payload = check_json(capsys, article)
    assert code == 2
    (error,) = payload["errors"]
    assert (error["line"], error["column"]) == (6, 3) and message in error["message"]
    assert lines_of(payload) == [("part-exceeds-whole", 7)]  # the document is still checked


def test_a_bad_front_matter_entry_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.md"
    article.write_text(f"---\ndate: 2025-03-02\nconsistency: {{ignore: 3}}\n---\n{CREW}\n", encoding="utf-8")
    code, payload = check_json(capsys, article)
    assert code == 2 and payload["errors"][0]["line"] == 3
    assert "'consistency: ignore' must be a list" in payload["errors"][0]["message"]


def test_baseline_survives_unrelated_edits_and_catches_new_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "content" / "a.md"
    article.parent.mkdir()
    article.write_text(f"{HEAD}{CREW}\n\n{SHARE}\n", encoding="utf-8")
    base = tmp_path / "baseline.json"
    code, payload = check_json(capsys, article, "--write-baseline", str(base))
    assert code == 0 and payload["findings"] == [] and payload["summary"]["suppressed"] == 2
    written = json.loads(base.read_text(encoding="utf-8"))
    assert written["version"] == 1
    assert {(e["path"], e["rule"]) for e in written["findings"]} == {
        ("content/a.md", "part-exceeds-whole"), ("content/a.md", "share-mismatch")
    }
    # Unrelated edits: a new lede, a title, a wrapped line; the findings move, the baseline holds.
    article.write_text(f"---\ndate: 2025-03-02\ntitle: Rescue at sea\n---\nA storm hit the coast.\n\n"
                       f"{CREW.replace(' crew,', chr(10) + 'crew,')}\n\n{SHARE}\n", encoding="utf-8")
    code, payload = check_json(capsys, article, "--baseline", str(base))
    assert code == 0 and payload["findings"] == []
    assert [s["suppressed_by"] for s in payload["suppressed"]] == ["baseline", "baseline"]
    # The same contradiction once more, and a new one: both are new (the baseline counts).
    article.write_text(article.read_text(encoding="utf-8") + f"\n{CREW}\n\n{BOATS}\n", encoding="utf-8")
    code, payload = check_json(capsys, article, "--baseline", str(base))
    assert code == 1
    assert lines_of(payload) == [("part-exceeds-whole", 12), ("part-exceeds-whole", 14)]
    # Fixing one baselined finding leaves a stale entry, reported when asked.
    article.write_text(f"{HEAD}{SHARE}\n", encoding="utf-8")
    code, payload = check_json(capsys, article, "--baseline", str(base), "--report-unused-suppressions")
    assert code == 0
    assert [n["message"] for n in payload["notices"]] == [
        "1 baseline entries matched no finding (fixed, or their sentence was edited); --write-baseline rewrites it"
    ]


def test_a_bad_baseline_is_exit_2_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.md"
    article.write_text(f"{HEAD}{CREW}\n", encoding="utf-8")
    base = tmp_path / "b.json"
    base.write_text('{"version": 1,\n "findings": [1, }', encoding="utf-8")
    code, payload = check_json(capsys, article, "--baseline", str(base))
    assert code == 2
    assert payload["errors"][0]["kind"] == "baseline" and payload["errors"][0]["line"] == 2


_WORDS = st.text(alphabet="abc XYZ,.", min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(before=_WORDS, after=_WORDS, shift=st.integers(0, 10_000), lines=st.integers(0, 500),
       spaces=st.sampled_from([" ", "  ", "\n", " \t"]))
def test_claim_hash_ignores_place_and_spacing_but_not_figures(before: str, after: str, shift: int, lines: int,
                                                              spaces: str) -> None:
    def finding(sentence: str, figure: str, offset: int, line: int) -> Finding:
        at = sentence.index(figure)
        loc = Location("a.md", offset + at, offset + at + len(figure), line, at + 1, line, at + 3, sentence, offset)
        return Finding("part-exceeds-whole", "error", f"at line {line}", loc)

    sentence = f"{before} 34 {after}"
    moved = sentence.replace(" ", spaces).upper()
    assert claim_hash(finding(sentence, "34", 0, 1)) == claim_hash(finding(moved, "34", shift, 1 + lines))
    assert claim_hash(finding(sentence, "34", 0, 1)) != claim_hash(finding(f"{before} 35 {after}", "35", 0, 1))


def test_directives_survive_the_claim_store_codec() -> None:
    from consistency import suppress
    from consistency.store import codec

    ex = extract_text(f"{HEAD}{CREW} <!-- consistency: ignore part-* -- ok -->\n")
    back = codec.decode(json.loads(json.dumps(codec.encode(ex))))
    assert suppress.of(back.document) == suppress.of(ex.document) != ()
    assert suppress.of(back.document)[0].covers_rule("part-exceeds-whole")
