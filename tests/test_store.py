"""The claim store: `consistency index` (incremental, prune, versions) and `check --store`."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from consistency.cli import main
from consistency.document import Document, load_paths
from consistency.extract import extract_document
from consistency.store import archive
from consistency.store.sqlite import SCHEMA_VERSION, Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An archive folder of the seeds but the follow-up, which is the draft."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "archive").mkdir()
    for p in SEEDS.glob("*.md"):
        if p.name != "safety-zone-follow-up.md":
            shutil.copy(p, tmp_path / "archive" / p.name)
    shutil.copy(SEEDS / "safety-zone-follow-up.md", tmp_path / "draft.md")
    return tmp_path


def _index(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["index", *args])
    return code, capsys.readouterr().out


def _json_check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(["check", "--format", "json", "--no-config", *args])
    return code, json.loads(capsys.readouterr().out)


def _rows(db: str) -> list[tuple]:
    con = sqlite3.connect(db)
    docs = con.execute("SELECT key, content_hash, fingerprint, extraction FROM documents ORDER BY key").fetchall()
    claims = con.execute('SELECT d.key, c.* FROM claims c JOIN documents d ON d.id = c.doc_id '
                         'ORDER BY d.key, c."index"').fetchall()
    features = con.execute("SELECT d.key, f.feature, f.lede FROM features f JOIN documents d ON d.id = f.doc_id "
                           "ORDER BY 1, 2").fetchall()
    con.close()
    return [*docs, *[(r[0], *r[2:]) for r in claims], *features]


def test_index_is_incremental_and_prunes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _index(capsys, "archive")
    assert code == 0 and "4 new, 0 changed, 0 unchanged, 0 removed" in out
    assert Path(".consistency/claims.db").is_file()  # the default store, in the current folder
    code, out = _index(capsys, "archive")
    assert code == 0 and "0 new, 0 changed, 4 unchanged" in out
    vote = site / "archive" / "council-vote.md"
    vote.write_text(vote.read_text().replace("That meant 30", "That meant 31"))
    (site / "archive" / "bridge-opening.md").unlink()
    code, out = _index(capsys, "archive")
    assert "0 new, 1 changed, 2 unchanged, 0 removed" in out  # a deleted article stays without --prune
    with Store(".consistency/claims.db") as store:
        assert store.count() == 4
    code, out = _index(capsys, "archive", "--prune")
    assert "0 new, 0 changed, 3 unchanged, 1 removed" in out
    with Store(".consistency/claims.db") as store:
        keys = sorted(store.known())
        assert [Path(k).name for k in keys] == ["council-vote.md", "flood-evacuation.md", "putin-safety-zone.md"]
        (n_claims,) = store.db.execute("SELECT COUNT(*) FROM claims").fetchone()
        assert n_claims == store.db.execute("SELECT SUM(claims) FROM documents").fetchone()[0]
        vote_claims = store.db.execute("SELECT c.text FROM claims c JOIN documents d ON d.id = c.doc_id "
                                       "WHERE d.key LIKE '%council-vote.md'").fetchall()
        assert vote_claims.count(("31",)) == 1 and vote_claims.count(("30",)) == 1  # its rows replaced


def test_prune_is_limited_to_the_given_paths(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _index(capsys, "archive", "draft.md", "--store", "s.db")
    (site / "other").mkdir()
    code, out = _index(capsys, "other", "--store", "s.db", "--prune")  # an empty folder: nothing of it stored
    assert code == 0 and "0 removed" in out
    with Store("s.db") as store:
        assert store.count() == 5


def test_a_changed_extractor_reextracts_stale_rows(site: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from consistency.store import sqlite as store_sqlite

    _index(capsys, "archive", "--store", "s.db")
    clean = _rows("s.db")
    with monkeypatch.context() as patch:
        patch.setattr(store_sqlite, "extractor_version", lambda: "a-newer-extractor")
        code, out = _index(capsys, "archive", "--store", "s.db")
    assert code == 0 and "0 new, 4 changed, 0 unchanged" in out
    assert [r[:2] + r[3:] for r in _rows("s.db")[:4]] == [r[:2] + r[3:] for r in clean[:4]]  # same but the version
    code, out = _index(capsys, "archive", "--store", "s.db")
    assert "0 new, 4 changed" in out and _rows("s.db") == clean
    con = sqlite3.connect("s.db")  # one row left over from an interrupted run of an older extractor
    con.execute("UPDATE documents SET fingerprint = 'an-older-extractor' WHERE key LIKE '%flood%'")
    con.execute("DELETE FROM sources WHERE source LIKE '%flood%'")
    con.commit()
    con.close()
    code, out = _index(capsys, "archive", "--store", "s.db")
    assert "0 new, 1 changed, 3 unchanged" in out and _rows("s.db") == clean
    code, out = _index(capsys, "archive", "--store", "s.db", "--date", "2025-12-01")  # another reference date
    assert code == 0 and "0 new, 4 changed" in out


def test_unchanged_files_are_not_read_again(site: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from consistency.store import index as store_index

    monkeypatch.setattr(store_index, "RACY_SECONDS", -1.0)  # trust the stats of files written just now
    _index(capsys, "archive", "--store", "s.db")
    with Store("s.db") as store:
        assert len(store.sources()) == 4
    read: list[str] = []
    import consistency.document as document  # index() imports the loader from here when it runs

    original = document.load_paths
    monkeypatch.setattr(document, "load_paths", lambda paths: (read.extend(paths), original(paths))[1])
    code, out = _index(capsys, "archive", "--store", "s.db")
    assert "4 unchanged" in out and read == []
    flood = site / "archive" / "flood-evacuation.md"
    os.utime(flood, ns=(flood.stat().st_atime_ns, flood.stat().st_mtime_ns + 10**9))  # touched, not changed
    code, out = _index(capsys, "archive", "--store", "s.db")
    assert "0 changed, 4 unchanged" in out and [Path(p).name for p in read] == ["flood-evacuation.md"]
    vote = site / "archive" / "council-vote.md"
    vote.write_text(vote.read_text().replace("That meant 30", "That meant 31"))
    code, out = _index(capsys, "archive", "--store", "s.db")
    assert code == 0
    assert "1 changed, 3 unchanged" in out


def test_store_records_versions_and_refuses_bad_stores(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _index(capsys, "archive", "--store", "s.db")
    with Store("s.db") as store:
        meta = store.meta()
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    assert {"extractor_version", "lexicon_version", "rule_pack_version"} <= set(meta)
    con = sqlite3.connect("s.db")  # a schema 1 store: check reads it, index migrates it
    con.execute("DROP TABLE sources")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    assert main(["check", "draft.md", "--no-config", "--store", "s.db"]) == 1  # the story conflict
    assert "story-conflict" in capsys.readouterr().out
    assert main(["index", "archive", "--store", "s.db", "--quiet"]) == 0
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    assert con.execute("SELECT COUNT(*) FROM sources").fetchone()[0] >= 0
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    assert main(["index", "archive", "--store", "s.db"]) == 2
    assert "newer consistency (schema 999" in capsys.readouterr().err
    Path("junk.db").write_bytes(b"this is not sqlite" * 100)
    assert main(["index", "archive", "--store", "junk.db"]) == 2
    assert "not a usable claim store" in capsys.readouterr().err
    assert main(["check", "draft.md", "--no-config", "--store", "missing.db"]) == 2
    assert "no claim store here" in capsys.readouterr().err
    assert main(["index", "-", "--store", "s.db"]) == 2


def test_an_empty_sqlite_file_is_migrated(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sqlite3.connect("empty.db").close()
    code, out = _index(capsys, "archive", "--store", "empty.db")
    assert code == 0 and "4 new" in out
    con = sqlite3.connect("empty.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_check_against_the_store_names_the_archived_article(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _index(capsys, "archive", "--store", "s.db")
    code, with_store = _json_check(capsys, "draft.md", "--store", "s.db")
    conflicts = [f for f in with_store["findings"] if f["rule"] == "story-conflict"]
    assert code == 1 and len(conflicts) == 1
    related = conflicts[0]["related"][0]
    assert related["path"] == "archive/putin-safety-zone.md" and related["line"] == 22 and related["column"] > 1
    assert conflicts[0]["path"] == "draft.md"
    # The same findings as checking the draft together with the whole archive, less those
    # that do not involve the draft.
    code, together = _json_check(capsys, "draft.md", "archive")
    involving = [f for f in together["findings"]
                 if f["path"] == "draft.md" or any(r["path"] == "draft.md" for r in f["related"])]
    assert with_store["findings"] == involving
    code, alone = _json_check(capsys, "draft.md")
    assert not [f for f in alone["findings"] if f["rule"] == "story-conflict"]


def test_archived_conflicts_are_not_reported_and_a_draft_replaces_its_stored_version(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _index(capsys, "archive", "draft.md", "--store", "s.db")  # the follow-up is archived too
    code, report = _json_check(capsys, "archive/council-vote.md", "--store", "s.db")
    assert not [f for f in report["findings"] if f["rule"] == "story-conflict"]  # not this draft's story
    draft = site / "draft.md"
    draft.write_text(draft.read_text().replace("taken 78 inhabited", "taken 87 inhabited"))
    code, report = _json_check(capsys, "draft.md", "--store", "s.db")
    assert code == 0 and not [f for f in report["findings"] if f["rule"] == "story-conflict"]  # 78 replaced


def test_candidates_come_back_as_they_were_extracted(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _index(capsys, "archive", "--store", "s.db")
    (draft,) = [extract_document(d) for d in load_paths(["draft.md"]) if isinstance(d, Document)]
    found = archive.candidates("s.db", [draft])
    assert [ex.document.path for ex in found] == ["archive/putin-safety-zone.md"]
    (fresh,) = [extract_document(d) for d in load_paths(["archive/putin-safety-zone.md"]) if isinstance(d, Document)]
    fresh.document._line_starts = []
    found[0].document._line_starts = []
    assert found[0] == fresh


def test_stored_profiles_are_the_computed_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`check --store` links a draft with archived articles by their event profiles, read
    from the store instead of being computed again: they must be what `profile` computes."""
    from consistency.claims.events import profile

    cases = ROOT.parent / "shared" / "benchmarks" / "cases" / "cross"
    archive_dir = tmp_path / "archive"
    shutil.copytree(SEEDS, archive_dir / "seeds")
    if cases.is_dir():
        shutil.copytree(cases, archive_dir / "cross")
    db = str(tmp_path / "claims.db")
    code, _ = _index(capsys, str(archive_dir), "--store", db)
    assert code == 0
    with Store(db, readonly=True) as store:
        ids = [r[0] for r in store.db.execute("SELECT id FROM documents ORDER BY id")]
        stored = store.profiles(ids)
        assert len(stored) == len(ids) > 4
        for doc_id, _key, ex in store.extractions(ids):
            assert stored[doc_id] == profile(ex)
    con = sqlite3.connect(db)
    con.execute("UPDATE documents SET fingerprint = 'another:extractor:-' WHERE id = ?", (ids[0],))
    con.commit()
    con.close()
    with Store(db, readonly=True) as store:
        assert ids[0] not in store.profiles(ids)  # a stale row's profile is computed afresh
