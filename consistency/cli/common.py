"""What every command shares: exit codes, rule loading, the run's errors and notices, and the
guarded stream of extractions.

Exit codes (DESIGN.md): 0 nothing at or above the fail level, 1 findings at or above it,
2 usage, configuration, rule or input error, or a bug of ours caught on one document.
Errors are messages, never tracebacks (`--debug` or CONSISTENCY_DEBUG=1 adds them).

One failure costs one document, never the run: reading and extracting each document, and
each rule on each document or story, run inside a guard; an unexpected exception becomes an
entry in the report's errors (document, rule, exception type, one-line message) and the rest
still runs and is reported. A last guard around each command turns anything that still
escapes into the same kind of report, so json and sarif output is always a whole document
and an uncaught exception never exits 1 (which means "findings").
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

from consistency.errors import ConsistencyError, InternalError, RuleError, UsageError
from consistency.findings import Notice

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

MAX_CLAIMS_PER_DOCUMENT = 50_000
"""Most figures of one document handed to the rules (a 5 MB article of wire copy has about
15,000)."""
MAX_SAME_MEASURE_PAIRS = 20_000
"""Most pairs of figures about the same thing (same measure or noun) in one document: the
checks that compare such figures cost up to 1 ms a pair today (docs/hardening.md), so this
bounds them at a few seconds. Past either budget the rest of the document is not checked, and the report
says from which line and why."""


def load_rule_set(args: argparse.Namespace) -> list:
    """The rules asked for, or a RuleErrors listing every problem found."""
    from pathlib import Path

    from consistency.rules.loader import DEFAULT_RULES, load_rules

    dirs = ([] if args.no_default_rules else [DEFAULT_RULES]) + [Path(d) for d in args.rules]
    if not dirs:
        raise UsageError("no rules: give --rules DIR or drop --no-default-rules")
    from consistency.claims import lexicon

    lexicon.configure([Path(d) for d in args.rules])  # a user pack's lexicon/ extends the default lexicons
    rules, errors = load_rules(dirs)
    errors = [*errors, *lexicon.validate()]
    if errors:
        raise RuleErrors(errors)
    known = {r.id for r in rules}
    wanted = set(args.select)
    unknown = sorted((wanted | set(getattr(args, "ignore", []))) - known)
    if unknown:
        _unknown_ids(args, unknown)
    ignored = set(getattr(args, "ignore", []))
    if args.command == "rules":  # listing, validating and testing cover every rule
        return [r for r in rules if (not wanted or r.id in wanted) and r.id not in ignored]
    # An experimental rule (under 90% precision on real text) runs only when asked for by id.
    return [r for r in rules if (r.id in wanted if wanted or r.experimental else True) and r.id not in ignored]


def _unknown_ids(args: argparse.Namespace, unknown: list[str]) -> None:
    """Unknown rule ids: a configuration error at the key's place when a config file gave
    them (so the report names file:line:col), else a usage error."""
    from consistency.config import ConfigError, ConfigErrors

    origins = getattr(args, "config_origins", {})
    errors = []
    for key in ("select", "ignore"):
        origin = origins.get(key, "command line")
        ids = [i for i in unknown if i in set(getattr(args, key, []) or [])]
        if ids and origin not in ("command line", "default"):
            path, line, column = origin.rsplit(":", 2)
            errors.append(ConfigError(path, f"{key!r}: unknown rule id(s): {', '.join(ids)}", int(line), int(column)))
    if errors:
        raise ConfigErrors(errors)
    raise UsageError(f"unknown rule id(s): {', '.join(unknown)}")


class RuleErrors(ConsistencyError):
    def __init__(self, errors: list[RuleError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


class Run:
    """What one command collects besides findings: errors (deduplicated) and notices."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug
        self._errors: dict[tuple, ConsistencyError] = {}
        self.notices: list[Notice] = []

    def error(self, err: ConsistencyError) -> None:
        key = (err.path, err.line or 0, err.column or 0, err.rule or "", err.message)
        if key in self._errors:
            return
        self._errors[key] = err
        if self.debug and isinstance(err, InternalError):
            print(f"consistency: {err}\n{err.traceback}", file=sys.stderr, end="")

    def rule_failed(self, rule: Any, path: str, exc: Exception) -> None:
        """The engine's on_error: a rule error (a `when` that fails) is reported once, at
        the rule's place; anything else is an internal error on this document."""
        if isinstance(exc, RuleError):
            exc.rule = exc.rule or (rule.id if rule else None)
            self.error(exc)
            return
        rule_id = rule.id if rule is not None else None
        self.error(InternalError(path, exc, rule=rule_id, step=f"rule {rule_id}" if rule_id else "story grouping"))

    @property
    def errors(self) -> list[ConsistencyError]:
        return sorted(self._errors.values(), key=lambda e: (e.path, e.line or 0, e.column or 0, e.rule or "",
                                                            e.message))


def documents(
    paths: Sequence[str],
    date: dt.date | None,
    run: Run,
    jobs: int = 1,
    step: Callable[[Any, Any, Any], Any] | None = None,
    prepare: Callable[[], Any] | None = None,
    context: Any = None,
    progress: bool = False,
) -> Iterator[Any]:
    """Extractions of every readable document, one at a time and in input order; every
    problem goes to `run`.

    With `jobs` > 1 the documents are extracted in that many worker processes (when there are
    enough of them: see `consistency.parallel`); the output is the same as with one. `step`
    (a module-level function: context, extraction, document run -> result) runs on each
    extraction in the same process, and its result is yielded instead; `context` is what it
    needs (the rules), `prepare` builds that context in a worker that did not inherit it.
    `progress` shows a progress bar on stderr."""
    from consistency.document import load_paths
    from consistency.parallel import Work, map_documents

    work = Work(date, step, prepare)
    with progress_bar(progress) as tick:
        yield from map_documents(load_paths(paths), work, run, jobs=max(1, jobs), context=context, tick=tick)


@contextlib.contextmanager
def progress_bar(show: bool) -> Iterator[Callable[[Any], None] | None]:
    """A tick per document done, drawn as a transient progress line on stderr (rich), or None.
    Redrawn at most ten times a second and from this thread only (no refresh thread: worker
    processes are forked from this one)."""
    if not show:
        yield None
        return
    import time

    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,.0f} documents, {task.fields[kb]:,.0f} KB"),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
        auto_refresh=False,
        transient=True,
    )
    task = bar.add_task("extracting", total=None, kb=0.0)
    last = [0.0]

    from consistency.parallel import size_of

    def tick(doc: Any) -> None:  # a Document, or a parallel.Load (its bytes: its text is not read here)
        bar.update(task, advance=1, kb=bar.tasks[0].fields["kb"] + size_of(doc) / 1024)
        now = time.monotonic()
        if now - last[0] >= 0.1:
            last[0] = now
            bar.refresh()

    bar.start()
    try:
        yield tick
    finally:
        bar.stop()


def jobs_option(parser: argparse.ArgumentParser, quiet: bool = True) -> None:
    """`--jobs N` (worker processes; default: every core) and, unless the command has its
    own, `--quiet` (no progress bar)."""
    parser.add_argument("--jobs", "-j", type=positive_int, default=None, metavar="N",
                        help="extract in N worker processes (default: the number of cores; 1: in this process)")
    if quiet:
        parser.add_argument("--quiet", "-q", action="store_true",
                            help="no progress bar (there is one on stderr only when stderr is a terminal)")


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return number


def jobs_of(args: argparse.Namespace) -> int:
    """The worker processes asked for, else one per core."""
    from consistency.parallel import default_jobs

    jobs = getattr(args, "jobs", None)
    return jobs if jobs is not None else default_jobs()


def progress_wanted(args: argparse.Namespace) -> bool:
    """A progress bar only for a person watching: stderr is a terminal and no --quiet."""
    if getattr(args, "quiet", False):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def checked_documents(args: argparse.Namespace, rules: Sequence[Any], run: Run) -> tuple[list[Any], list[Any]]:
    """Every document of `args.paths` extracted, cut to its work budget and through the
    article rules — in worker processes with `--jobs` — in input order. Returns the
    extractions (for the corpus rules, which need them all) and the article findings."""
    import functools

    article = ArticleWork([r for r in rules if r.scope == "article"], any(r.scope == "corpus" for r in rules))
    out = list(
        documents(
            args.paths,
            args.date,
            run,
            jobs=jobs_of(args),
            step=_article_step,
            prepare=functools.partial(_worker_rules, _rule_arguments(args)),
            context=article,
            progress=progress_wanted(args),
        )
    )
    return [ex for ex, _ in out], [f for _, found in out for f in found]


def merged_findings(*groups: Sequence[Any]) -> list[Any]:
    """Findings of several runs as one run_rules gives them: deduplicated and sorted."""
    merged: dict[tuple, Any] = {}
    for group in groups:
        for finding in group:
            merged.setdefault(finding.sort_key(), finding)
    return [merged[k] for k in sorted(merged)]


class ArticleWork(NamedTuple):
    """What each document goes through in `check`: the article rules, and whether corpus
    rules will read it afterwards (then a worker process also builds its event profile,
    which travels back on the extraction, so story grouping in the calling process does not
    build them all one after another)."""

    rules: Sequence[Any]
    corpus: bool


def _article_step(work: ArticleWork, ex: Any, run: Any) -> tuple[Any, list[Any]]:
    from consistency import parallel
    from consistency.rules.engine import run_rules

    ex = within_budget(ex, run)
    found = run_rules([ex], work.rules, on_error=run.rule_failed) if work.rules else []
    if work.corpus and parallel.in_worker():
        from consistency.claims.events import profile

        with contextlib.suppress(Exception):  # story grouping builds it again, and its guard reports why
            profile(ex)
    return ex, found


def _rule_arguments(args: argparse.Namespace) -> argparse.Namespace:
    """What load_rule_set reads, alone (a worker process gets a copy)."""
    return argparse.Namespace(
        rules=list(args.rules), no_default_rules=args.no_default_rules, select=list(args.select),
        ignore=list(getattr(args, "ignore", [])), command=args.command,
    )


def _worker_rules(args: argparse.Namespace) -> ArticleWork:
    """A spawned worker's article work (a forked one inherits the caller's)."""
    rules = load_rule_set(args)
    return ArticleWork([r for r in rules if r.scope == "article"], any(r.scope == "corpus" for r in rules))


def within_budget(ex: Any, run: Run) -> Any:
    """The extraction the rules may see: every figure, unless a work budget is reached (then
    the figures before the sentence where it was reached), with a notice either way a
    document is not fully checked."""
    cut = [s for s in ex.sentences if getattr(s, "cut", False)]
    if cut:
        line, _ = ex.document.position(cut[0].start)
        run.notices.append(
            Notice(
                ex.document.path,
                "budget",
                f"not fully checked: {len(cut):,} pieces of over-long sentences (first at line {line}); "
                "a sentence over 2,000 characters or 64 figures is checked a piece at a time",
            )
        )
    counts: dict[str, int] = {}
    pairs = 0
    for i, claim in enumerate(ex.claims):
        key = claim.measure or claim.lemma
        if key is not None:
            pairs += counts.get(key, 0)
            counts[key] = counts.get(key, 0) + 1
        over = None
        if i >= MAX_CLAIMS_PER_DOCUMENT:
            over = f"more than {MAX_CLAIMS_PER_DOCUMENT:,} figures"
        elif pairs > MAX_SAME_MEASURE_PAIRS:
            over = (f"more than {MAX_SAME_MEASURE_PAIRS:,} pairs of figures about the same thing "
                    f"({counts[key]:,} about {key!r})")
        if over:
            stop = claim.sentence
            kept = [c for c in ex.claims if c.sentence < stop]
            sentence = next((s for s in ex.sentences if s.index == stop), None)
            line, column = ex.document.position(sentence.start if sentence else claim.start)
            where = f"line {line}" + (f", column {column:,}" if column > 1 else "")
            message = f"not fully checked: {over}; the text from {where} on was not checked"
            run.notices.append(Notice(ex.document.path, "budget", message))
            # Cut every list at the same place: checks that scan dates, figures or sentences
            # must not see the unchecked rest either.
            cut_at = sentence.start if sentence else claim.start
            return dataclasses.replace(
                ex,
                claims=kept,
                sentences=[s for s in ex.sentences if s.start < cut_at],
                dates=[d for d in ex.dates if d.start < cut_at],
                quantities=[q for q in ex.quantities if q.start < cut_at],
                _sentence_starts=[],
            )
    return ex


def date_argument(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (want YYYY-MM-DD): {value!r}") from None


def id_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def debug_option(parser: argparse.ArgumentParser, default: Any = argparse.SUPPRESS) -> None:
    parser.add_argument("--debug", action="store_true", default=default,
                        help="print the traceback of any internal error (also CONSISTENCY_DEBUG=1)")


def rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", action="append", default=[], metavar="DIR",
                        help="a folder (or file) of extra rules; repeatable")
    parser.add_argument("--no-default-rules", action="store_true", help="leave out the default rule pack")
