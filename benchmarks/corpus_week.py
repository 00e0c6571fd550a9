"""False links: all 442 ContraDoc texts checked as ONE corpus, dated within one week.

The texts (../shared/benchmarks/contradoc-clean/: CNN/DailyMail news, Wikipedia, book and
film summaries) are unrelated, so every corpus-scope finding (a rule from rules/corpus/,
listed by `consistency rules list`) is a false link between different events: the target
is 0. ContraDoc holds a few copies and edited variants of one source text; a finding between
two of those (same first 200 characters) is reported apart, since they are one story.

Each text becomes a Markdown file with front matter `title:` (its first words) and `date:`
(a seeded day of one week, no `story`), and the folder is checked in one call of
`consistency check --format json`, as a user would.

    nice -n 10 python benchmarks/corpus_week.py [--start 2024-06-03] [--days 7] [--seed 7] [-v]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mutate import (
    CORPUS,
    COUNTED,
    Doc,
    checker_command,
    headline,
    load_articles,
    locations,
    run_check,
    write_docs,
)


def corpus_rule_ids(cmd: list[str]) -> set[str]:
    """Ids of the corpus-scope rules, read from `consistency rules list`."""
    args = [*cmd[: cmd.index("check")], "rules", "list"] if "check" in cmd else ["consistency", "rules", "list"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return {cols[0] for line in out.splitlines() if len(cols := line.split()) >= 3 and cols[2] == "corpus"}


def week_docs(start: dt.date, days: int, seed: int, corpus: Path = CORPUS) -> tuple[list[Doc], dict[str, str]]:
    """One document per text, each on a seeded day of the week; and each name's copy group
    (texts sharing their first 200 characters share a group)."""
    docs, group, first = [], {}, {}
    for a in load_articles(corpus):
        rng = random.Random(f"{seed}:week:{a.id}")
        name = "week-" + "".join(ch if ch.isalnum() or ch in "_-" else "_" for ch in a.id)
        docs.append(Doc(name, a.text, start + dt.timedelta(days=rng.randrange(days)), headline(a.text)))
        key = " ".join(a.text[:200].split())
        group[name] = first.setdefault(key, name)
    return docs, group


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2024, 6, 3))
    parser.add_argument("--days", type=int, default=7, help="dates spread over this many days (default 7)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cmd", help="checker command (default: consistency check --format json)")
    parser.add_argument("--at", metavar="COMMIT", help="check with the checker as of this commit (git archive)")
    parser.add_argument("--keep", type=Path, help="write the documents here and keep them")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every corpus finding")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        sys.exit(f"no corpus at {args.corpus}")
    cmd = checker_command(args.cmd, args.at)
    corpus_rules = corpus_rule_ids(cmd)
    docs, group = week_docs(args.start, args.days, args.seed, args.corpus)
    root = args.keep or Path(tempfile.mkdtemp(prefix="corpus-week-"))
    if args.keep and root.exists():
        shutil.rmtree(root)
    try:
        write_docs(root, docs)
        started = time.perf_counter()
        result = run_check(cmd, [root])
        seconds = time.perf_counter() - started
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    findings = result["findings"]
    corpus = [f for f in findings if f["rule"] in corpus_rules]
    crossing = [f for f in findings if f["rule"] not in corpus_rules and len({loc[0] for loc in locations(f)}) > 1]
    copies = [f for f in corpus if len({group.get(loc[0], loc[0]) for loc in locations(f)}) == 1]
    linked = {loc[0] for f in corpus for loc in locations(f)}
    article = [f for f in findings if f["rule"] not in corpus_rules and f["severity"] in COUNTED]
    last = args.start + dt.timedelta(days=args.days - 1)
    if args.at:
        print(f"checker as of commit {args.at}")
    print(
        f"{len(docs)} texts as one corpus, dated {args.start}..{last}, corpus rules: {', '.join(sorted(corpus_rules))}"
    )
    print(f"corpus-scope findings: {len(corpus)} (target 0), touching {len(linked)} documents")
    for (rule, severity), n in sorted(Counter((f["rule"], f["severity"]) for f in corpus).items()):
        print(f"  {n:4d} {severity}[{rule}]")
    print(
        f"  of them between copies of one source text: {len(copies)}; between other texts: {len(corpus) - len(copies)}"
    )
    if crossing:
        print(f"other findings that point into another document: {len(crossing)}")
    print(f"article-scope error/warning findings in the same run: {len(article)}")
    print(f"seconds: {seconds:.1f}")
    if args.verbose:
        text_of = {d.name: d for d in docs}
        for f in corpus:
            print(f"- {f['severity']}[{f['rule']}] {Path(f['path']).stem}:{f['line']}:{f['column']} {f['message']}")
            for stem, line, col, _, _ in locations(f):
                d = text_of.get(stem)
                if d:
                    body_line = d.markdown().splitlines()[line - 1] if line - 1 < len(d.markdown().splitlines()) else ""
                    print(f"    {stem}:{line}:{col} {' '.join(body_line[max(0, col - 120) : col + 80].split())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
