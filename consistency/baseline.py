"""Fingerprints of findings, built from the claims, and the baseline file built from them.

A fingerprint names what a finding is about, not where it stands: the rule, the figures'
text (normalised: case, width and spacing folded) and a hash of the primary figure's
sentence (normalised the same way). Line numbers and messages (which quote line numbers)
are left out, so a fingerprint survives edits elsewhere in the file; editing the sentence
itself, or a figure, makes a new finding, which is the point. When one file holds the same
finding twice, the second gets `:2`, the third `:3`, in reading order.

The same strings are SARIF's `partialFingerprints` and the baseline's entries.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from consistency.diskcache import sha256  # hashlib's SHA-256, without importing hashlib
from consistency.errors import InputError
from consistency.findings import Finding, Location

FINGERPRINT_KEY = "consistencyClaim/v1"
"""The SARIF partialFingerprints key; bump the version when the recipe changes."""

BASELINE_VERSION = 1
MAX_BASELINE_BYTES = 50_000_000


class BaselineError(InputError):
    """A baseline file that cannot be read or written: exit 2, in every output format."""


def normalise(text: str) -> str:
    """Case, compatibility forms (full-width digits, non-breaking spaces) and spacing folded."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def figure_text(loc: Location) -> str:
    a, b = loc.start - loc.sentence_start, loc.end - loc.sentence_start
    if 0 <= a <= b <= len(loc.sentence):
        return normalise(loc.sentence[a:b])
    return ""


def claim_hash(finding: Finding) -> str:
    """The occurrence-free part of a fingerprint: 32 hex digits."""
    loc = finding.location
    sentence = sha256(normalise(loc.sentence).encode("utf-8")).hexdigest()[:16]
    related = sorted(figure_text(r) for r in finding.related)
    parts = ["v1", finding.rule, figure_text(loc), sentence, *related]
    return sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """`hash:n` for each finding, n counting repeats of one hash within one file."""
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for f in findings:
        h = claim_hash(f)
        seen[(f.location.path, h)] += 1
        out.append(f"{h}:{seen[(f.location.path, h)]}")
    return out


def _relative(path: str, base: Path) -> str:
    """A finding's path relative to the baseline file's folder, `/`-separated, so a baseline
    works from any working directory. A feed document keeps its `#ID`."""
    file, sep, ident = path.partition("#")
    if file == "-":
        return path
    try:
        rel = os.path.relpath(os.path.abspath(file), base)
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(file)
    return Path(rel).as_posix() + sep + ident


class Baseline:
    """Accepted findings: a multiset of (path, fingerprint) read from a baseline file."""

    def __init__(self, path: Path, entries: Iterable[tuple[str, str]]) -> None:
        self.path = path
        self.base = path.resolve().parent
        self.entries = Counter(entries)
        self.matched: Counter[tuple[str, str]] = Counter()

    def key(self, finding: Finding, fingerprint: str) -> tuple[str, str]:
        return _relative(finding.location.path, self.base), fingerprint

    def accepts(self, finding: Finding, fingerprint: str) -> bool:
        key = self.key(finding, fingerprint)
        if self.matched[key] < self.entries[key]:
            self.matched[key] += 1
            return True
        return False

    def stale(self) -> int:
        """Entries that matched no finding this run (fixed, or their sentence was edited)."""
        return sum((self.entries - self.matched).values())


def read(path: str) -> Baseline:
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_BASELINE_BYTES:
            raise BaselineError(path, f"baseline is {size:,} bytes, over the {MAX_BASELINE_BYTES:,}-byte limit")
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(path, "no such baseline file (write one with --write-baseline)") from None
    except (OSError, UnicodeDecodeError) as err:
        raise BaselineError(path, f"cannot read baseline: {getattr(err, 'strerror', None) or err}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise BaselineError(path, f"not JSON ({err.msg})", err.lineno, err.colno) from None
    except RecursionError:
        raise BaselineError(path, "JSON nested too deeply") from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION or not isinstance(
        data.get("findings"), list
    ):
        raise BaselineError(path, f"not a consistency baseline (want {{\"version\": {BASELINE_VERSION}, "
                                  "\"findings\": [...]}, as --write-baseline writes)")
    entries = []
    for i, item in enumerate(data["findings"]):
        if not (isinstance(item, dict) and isinstance(item.get("path"), str)
                and isinstance(item.get("fingerprint"), str)):
            raise BaselineError(path, f"finding {i + 1}: needs a string 'path' and 'fingerprint'")
        entries.append((item["path"], item["fingerprint"]))
    return Baseline(file, entries)


def write(path: str, findings: Sequence[Finding], prints: Sequence[str]) -> Baseline:
    """Write every finding as accepted and return the baseline (sorted: the file diffs well)."""
    file = Path(path)
    base = file.resolve().parent
    rows = sorted(
        (
            {"path": _relative(f.location.path, base), "fingerprint": fp, "rule": f.rule, "message": f.message}
            for f, fp in zip(findings, prints, strict=True)
        ),
        key=lambda r: (r["path"], r["rule"], r["fingerprint"]),
    )
    payload = {"version": BASELINE_VERSION, "tool": "consistency", "findings": rows}
    text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(file.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, file)
    except OSError as err:
        raise BaselineError(path, f"cannot write baseline: {err.strerror or err}") from None
    return Baseline(file, [(r["path"], r["fingerprint"]) for r in rows])
