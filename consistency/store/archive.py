"""Check drafts against an indexed archive: `consistency check DRAFT... --store PATH`.

The archive is never loaded. For each draft, the archived articles that event linking could
tie to it are fetched through indexed queries on its blocking keys:

- names: the draft's lede names (`events.profile`) that are rare in the archive (in no more
  than a tenth of it, the threshold `linked_pairs` uses), stored as lede names of articles
  published within the linking window (`max_days_apart` in the linking lexicon, 60 days) of
  the draft; ranked by how rare the shared names are, with a bonus for a shared measure
  (the claims table's measure frames), the best `MAX_CANDIDATES` kept;
- story labels: archived articles with the draft's front-matter `story`, nearest in date
  first (at most `MAX_STORY`), within the window when the draft is dated.

Those articles are rehydrated from their stored Extraction JSON and the corpus rules run
on each (draft, candidate) pair — the default story grouping decides whether the two are
one story, exactly as it would in a corpus of two — and on each story label's drafts and
archived articles together. Only findings that involve a draft are kept; a related
location in an archived article names its stored path (a file, or FEED#ID) with line and
column. A draft that is in the store (same file) stands in for its stored version.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections.abc import Sequence
from typing import Any

from consistency.extract.pipeline import Extraction
from consistency.findings import Finding

MAX_CANDIDATES = 20
"""Most archived articles compared with one draft on shared names."""
MAX_STORY = 200
"""Most archived articles of one story label compared with that label's drafts."""


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _window(ex: Extraction, days: int) -> tuple[str, str] | None:
    ref = ex.reference_date
    if ref is None:
        return None
    return (ref - dt.timedelta(days=days)).isoformat(), (ref + dt.timedelta(days=days)).isoformat()


def _common(n_docs: int) -> int:
    """How many articles may carry a name before it is no evidence (as `linked_pairs`)."""
    return n_docs if n_docs < 6 else n_docs // 2 if n_docs < 40 else max(8, n_docs // 10)


class _Plan:
    """Which archived articles each draft meets, found by indexed queries."""

    def __init__(self, store: Any, drafts: Sequence[Extraction]) -> None:
        from consistency.claims import lexicon
        from consistency.store.sqlite import document_key

        self.db = store.db
        self.days = int(lexicon.load("linking").get("max_days_apart", 60))
        self.n = store.count()
        self.draft_keys = {document_key(ex.document.path, ex.document.kind)[0] for ex in drafts}
        self.by_name: dict[int, list[int]] = {}  # draft position -> candidate ids
        self.by_story: dict[str, list[int]] = {}  # story label -> candidate ids
        for i, ex in enumerate(drafts):
            self.by_name[i] = self._named(ex)
        for label in sorted({ex.document.story for ex in drafts if ex.document.story}):
            self.by_story[label] = self._labelled(label, [ex for ex in drafts if ex.document.story == label])

    def _keep(self, ids: list[int]) -> list[int]:
        if not ids or not self.draft_keys:
            return ids
        keys = sorted(self.draft_keys)
        gone = {r[0] for r in self.db.execute(f"SELECT id FROM documents WHERE key IN ({_marks(len(keys))})", keys)}
        return [i for i in ids if i not in gone]

    def _named(self, ex: Extraction) -> list[int]:
        from consistency.claims.events import profile

        window = _window(ex, self.days)
        if window is None:
            return []  # undated articles are never linked by names
        prof = profile(ex)
        lede = sorted(f for f in prof.lede if not f.startswith("~"))
        if not lede:
            return []
        df = dict(self.db.execute(
            f"SELECT feature, COUNT(*) FROM features WHERE feature IN ({_marks(len(lede))}) GROUP BY feature", lede
        ).fetchall())
        common = _common(self.n + 1)
        rare = [f for f in lede if df.get(f, 0) + 1 <= common and df.get(f, 0)]
        if not rare:
            return []
        score: dict[int, float] = {}
        for doc_id, feature in self.db.execute(
            f"SELECT f.doc_id, f.feature FROM features f JOIN documents d ON d.id = f.doc_id "
            f"WHERE f.feature IN ({_marks(len(rare))}) AND f.lede = 1 AND d.reference_date BETWEEN ? AND ?",
            [*rare, *window],
        ):
            score[doc_id] = score.get(doc_id, 0.0) + math.log((self.n + 1) / (df[feature] + 1)) + 1.0
        ids = self._keep(sorted(score))
        if prof.types and ids:
            ok = []
            for doc_id, types in self.db.execute(
                f"SELECT id, event_types FROM documents WHERE id IN ({_marks(len(ids))})", ids
            ):
                theirs = set(json.loads(types or "[]"))
                if not theirs or theirs & prof.types:
                    ok.append(doc_id)
            ids = sorted(ok)
        measures = sorted({c.measure for c in ex.claims if c.measure})
        if measures and len(ids) > MAX_CANDIDATES:
            for (doc_id,) in self.db.execute(
                f"SELECT DISTINCT doc_id FROM claims WHERE measure IN ({_marks(len(measures))}) "
                f"AND doc_id IN ({_marks(len(ids))})",
                [*measures, *ids],
            ):
                score[doc_id] += 1.0
        return sorted(sorted(ids, key=lambda i: (-score[i], i))[:MAX_CANDIDATES])

    def _labelled(self, label: str, drafts: list[Extraction]) -> list[int]:
        dated = [ex.reference_date for ex in drafts if ex.reference_date]
        if dated:
            lo = (min(dated) - dt.timedelta(days=self.days)).isoformat()
            hi = (max(dated) + dt.timedelta(days=self.days)).isoformat()
            mid = min(dated).isoformat()
            rows = self.db.execute(
                "SELECT id FROM documents WHERE story = ? AND reference_date BETWEEN ? AND ? "
                "ORDER BY abs(julianday(reference_date) - julianday(?)), id LIMIT ?",
                (label, lo, hi, mid, MAX_STORY),
            )
        else:
            rows = self.db.execute("SELECT id FROM documents WHERE story = ? ORDER BY id LIMIT ?", (label, MAX_STORY))
        return self._keep(sorted(r[0] for r in rows))

    def ids(self) -> set[int]:
        return {i for ids in (*self.by_name.values(), *self.by_story.values()) for i in ids}


def _rehydrate(store: Any, ids: set[int]) -> dict[int, Extraction]:
    from consistency.claims import events
    from consistency.claims.cache import prime
    from consistency.cli.common import Run, within_budget
    from consistency.store.codec import CodecError

    scratch = Run(False)  # an archived article over a work budget is cut as a draft would be, silently
    stored = store.profiles(ids)  # event linking reads them: computed at index time, not again
    out: dict[int, Extraction] = {}
    for doc_id, key, ex in store.extractions(ids):
        if isinstance(ex, CodecError):
            print(f"consistency: note: {store.path}: archived article {key} cannot be read ({ex}); "
                  "run `consistency index` again", file=sys.stderr)
            continue
        ex = within_budget(ex, scratch)
        if doc_id in stored:
            prime(events.profile, ex, stored[doc_id])
        out[doc_id] = ex
    return out


def candidates(store_path: str, drafts: Sequence[Extraction]) -> list[Extraction]:
    """The archived articles the drafts are compared with, rehydrated, in store order."""
    from consistency.store.sqlite import Store

    with Store(store_path, readonly=True) as store:
        found = _rehydrate(store, _Plan(store, drafts).ids())
    return [found[i] for i in sorted(found)]


def _stale_note(store: Any) -> None:
    from consistency.store.sqlite import extractor_version, lexicon_version

    meta = store.meta()
    if meta.get("extractor_version") != extractor_version() or meta.get("lexicon_version") != lexicon_version():
        print(f"consistency: note: {store.path} was indexed by another extractor or lexicon version; "
              "run `consistency index` again to refresh it", file=sys.stderr)


def check_against(store_path: str, drafts: Sequence[Extraction], rules: Sequence[Any],
                  found: Sequence[Finding], on_error: Any = None) -> list[Finding]:
    """`found` (the drafts' own findings) plus the corpus rules' findings between the
    drafts and the archive, deduplicated and sorted as the engine sorts."""
    from consistency.rules.engine import run_rules
    from consistency.rules.stories import stories
    from consistency.store.sqlite import Store

    corpus = [r for r in rules if r.scope == "corpus"]
    merged = {f.sort_key(): f for f in found}
    if not corpus or not drafts:
        return [merged[k] for k in sorted(merged)]
    paths = {ex.document.path for ex in drafts}

    def keep(findings: list[Finding]) -> None:
        for f in findings:
            if f.location.path in paths or any(r.path in paths for r in f.related):
                merged.setdefault(f.sort_key(), f)

    with Store(store_path, readonly=True) as store:
        _stale_note(store)
        plan = _Plan(store, drafts)
        archived = _rehydrate(store, plan.ids())
    groups: list[list[Extraction]] = []
    for label, ids in plan.by_story.items():
        group = [ex for ex in drafts if ex.document.story == label] + [archived[i] for i in ids if i in archived]
        if len(group) > 1:
            groups.extend(stories(group))
    for i, ids in plan.by_name.items():
        for doc_id in ids:
            if doc_id in archived:
                groups.extend(stories([drafts[i], archived[doc_id]]))  # linked, or not, as a pair alone
    if groups:  # one run over every story found: what a run per story gives, without its set-up each time
        members = list({id(ex): ex for g in groups for ex in g}.values())
        keep(run_rules(members, corpus, on_error=on_error, groups=groups))
    return [merged[k] for k in sorted(merged)]
