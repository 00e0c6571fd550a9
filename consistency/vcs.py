"""Pull-request mode: which files, and which lines, changed since a git ref.

"Changed since REF" means changed between the merge base of REF and HEAD and the working
tree — the commits of a branch plus whatever is not committed yet — and new files git does
not ignore. In CI (a clean checkout) that is exactly the pull request's diff; on a desk it
also covers the draft being written. Deleted files are not changed files (nothing to check).
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from consistency.errors import UsageError

GIT_TIMEOUT = 60.0
"""Seconds one git command may take (a diff of a big archive takes well under one)."""

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)


@dataclass
class Changes:
    """The changed files (absolute, resolved) and, per file, its changed lines (None: all
    lines count as changed, as for a new file)."""

    root: Path
    files: dict[str, set[int] | None] = field(default_factory=dict)

    @staticmethod
    def key(path: str) -> str:
        return os.path.realpath(path.split("#", 1)[0])

    def has_file(self, path: str) -> bool:
        return self.key(path) in self.files

    def has_line(self, path: str, first: int, last: int) -> bool:
        """Whether any of lines first..last of `path` changed. A document inside a JSONL feed
        counts lines within its own text, not the feed's: any change to the feed counts."""
        key = self.key(path)
        if key not in self.files:
            return False
        lines = self.files[key]
        if lines is None or "#" in path:
            return True
        return any(n in lines for n in range(first, last + 1))


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT,
            encoding="utf-8", errors="surrogateescape",
        )
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, which is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"--changed-since: `git {' '.join(args[:2])}` took over {GIT_TIMEOUT:.0f} s") from None
    if proc.returncode != 0:
        raise _GitFailed(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}")
    return proc.stdout


class _GitFailed(Exception):
    pass


def changed(ref: str, paths: list[str], lines: bool) -> Changes:
    """The changes since `ref` in the git repository holding the first of `paths`."""
    if ref.startswith("-"):
        raise UsageError(f"--changed-since: {ref!r} is not a git ref")
    start = next((p for p in paths if p != "-"), ".")
    where = Path(start).resolve()
    where = where if where.is_dir() else where.parent
    if not where.exists():
        raise UsageError(f"--changed-since: {start} does not exist")
    try:
        root = Path(_git(["rev-parse", "--show-toplevel"], where).strip())
    except _GitFailed:
        raise UsageError(f"--changed-since needs a git repository: {start} is not inside one") from None
    try:
        base = _git(["merge-base", ref, "HEAD"], root).strip()
    except _GitFailed:
        try:
            _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
        except _GitFailed:
            raise UsageError(f"--changed-since: unknown git ref {ref!r} in {root}") from None
        raise UsageError(f"--changed-since: {ref!r} and HEAD have no common ancestor") from None
    out = Changes(root)
    names = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", base, "--"], root)
    for name in filter(None, names.split("\0")):
        out.files[os.path.realpath(root / name)] = set() if lines else None
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], root)
    for name in filter(None, untracked.split("\0")):
        out.files[os.path.realpath(root / name)] = None
    if lines:
        diff = _git(["diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames", "--diff-filter=d", base, "--"],
                    root)
        current: set[int] | None = None
        for row in diff.split("\n"):
            if row.startswith("+++ "):
                target = row[4:]
                current = None
                if target.startswith("b/"):
                    key = os.path.realpath(root / _unquote(target[2:]))
                    current = out.files.get(key)
            elif row.startswith("@@") and current is not None:
                m = _HUNK.match(row)
                if m:
                    first, count = int(m.group(1)), int(m.group(2) or "1")
                    current.update(range(first, first + count))
    return out


def _unquote(name: str) -> str:
    """git quotes unusual file names ("a\\303\\251.md"); decode the octal escapes."""
    if not (name.startswith('"') and name.endswith('"')):
        return name
    body = name[1:-1]
    raw = bytearray()
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567":
                raw.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            raw.extend({"n": b"\n", "t": b"\t", '"': b'"', "\\": b"\\"}.get(nxt, nxt.encode()))
            i += 2
            continue
        raw.extend(ch.encode("utf-8", "surrogateescape"))
        i += 1
    return raw.decode("utf-8", "surrogateescape")
