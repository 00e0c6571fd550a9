"""Fuzz `extract` and `check`: news-like sentences mixing every number, unit, date, range,
change and parenthesis form, plus arbitrary Unicode, long digit runs and extreme reference
dates, through extraction, the default rule pack and every report format; and feed lines and
front matter through the loaders.

    python benchmarks/fuzz.py [--inputs 100000] [--seed 1] [--workers 1] [--json]

Input i is generated from random.Random(f"{seed}:{i}") alone, so any failure is reproduced by
its seed and index (`--only I`). Two things are counted apart:

- crashes: an exception that escapes the guards (load_paths, extract_document, run_rules with
  on_error, the report writers) or a broken output (JSON that does not parse, a NaN in it,
  a quantity whose value is not finite, a date outside 1..9999). Must be zero.
- caught: an internal error the guards caught and would report (the document or rule is
  listed in `errors`, exit code 2). Each is a bug in that step, grouped by where it was
  raised; the first input of each class is printed so it can become a regression test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from consistency.document import Document
from consistency.document.loaders import _feed_documents
from consistency.document.markup import markdown_document
from consistency.errors import ConsistencyError, InputError, RuleError
from consistency.extract import extract_document
from consistency.findings import Notice
from consistency.report.extraction import document_json
from consistency.report.findings import Report, render
from consistency.rules.engine import run_rules
from consistency.rules.loader import DEFAULT_RULES, load_rules

# --- the generator ------------------------------------------------------------------------

SUBJECTS = ["The storm", "Officials", "The council", "Police", "The ministry", "Russian forces", "The company",
            "Rescuers", "Exports", "The deficit", "Turnout", "The death toll", "Sales", "The fire", "She", "He"]
VERBS = ["killed", "evacuated", "reported", "fell to", "rose to", "climbed", "dropped", "took", "destroyed",
         "injured", "counted", "was", "stood at", "reached", "cost", "raised", "lost", "approved", "hit"]
NOUNS = ["people", "residents", "homes", "inhabited localities", "votes", "members", "cases", "crew", "passengers",
         "dollars", "tonnes", "km", "miles", "acres", "children", "soldiers", "jobs", "shares", "year-olds"]
SCALES = ["", "", "", " million", " billion", " trillion", "bn", "m", "k", "mn", " thousand", " dozen", "tn"]
CURRENCIES = ["", "", "$", "£", "€", "US$", "¥", "Rs "]
UNITS = ["", "", "", "%", " percent", " percentage points", " km", " kg", " tonnes", "C", "°F", " mph", " ft",
         " dlrs", " yen", " euros", " hours", " days", " years old", "-year-old", " per cent", " sq km"]
QUALIFIERS = ["", "", "", "about ", "more than ", "nearly ", "at least ", "up to ", "some ", "over ", "fewer than ",
              "almost ", "roughly ", "an estimated ", "minus ", "-", "−", "(", "another ", "the "]
WORDS = ["one", "two", "three", "twelve", "eighty-seven", "a hundred", "a dozen", "two-thirds", "half", "a quarter",
         "one and a half", "zero", "nine hundred and ninety-nine", "a million", "trillion trillion",
         "one hundred and twenty", "none", "thousands", "hundreds", "dozens", "a third", "three-fifths"]
MONTHS = ["January", "Feb.", "March", "Apr", "May", "June", "July", "Aug.", "September", "Oct", "November", "Dec"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
RELATIVE = ["last year", "next week", "last month", "next year", "this week", "yesterday", "tomorrow",
            "two weeks ago", "three days later", "earlier this year", "late last year", "the following month",
            "the past week", "next weekend", "a decade ago", "in 100 years", "1,000 years ago"]
PERIODS = ["mid-2024", "the 1990s", "Q3", "the third quarter", "spring", "last winter", "early 2025", "the 2020s",
           "fiscal 2024", "H1 2025", "the 19th century", "10:30 a.m.", "midnight", "noon", "9pm", "23:59"]
JOINS = [" to ", "-", "–", " and ", " or ", " of ", " out of ", " from ", ", up from ", ", down from ", " vs ",
         " in ", " (", ") ", " / ", " x ", " times ", " per ", ", or ", " than "]
PUNCT = [".", ".", ".", "!", "?", ";", ",", "…", ")", "(", "]", "[", '"', "“", "”", "‘", "’", "—", ":", " -- "]
EXTREME_REFERENCE = [dt.date(1, 1, 1), dt.date(1, 1, 6), dt.date(1, 12, 31), dt.date(9999, 12, 31),
                     dt.date(9999, 12, 27), dt.date(9999, 1, 1), dt.date(2000, 2, 29), dt.date(2024, 2, 29)]
UNICODE_POOL = ("\x00\x1b[31m\x07\u202e\u2066\u200b\u00a0\u2009\u202f\ufeff\u0301\u0663\u06f5\u0967\uff15"
                "\U0001f600\u2028\u2029\t\r\x0b\x0c\u00ad\u2212\u2013\u2014\u00bd\u2153\u00b2\u2155")


def _digits(r: random.Random) -> str:
    roll = r.random()
    if roll < 0.02:
        length = r.choice([20, 300, 309, 400, 1000])
        return r.choice("123456789") + "".join(r.choice("0123456789") for _ in range(length))
    if roll < 0.05:
        return r.choice(["0", "0.0", "00", "007", ".5", "1e308", "1e309", "NaN", "inf", "-0", "1,2,3", "1,,000"])
    if roll < 0.25:
        more = f",{r.randint(0, 999):03d}" if r.random() < 0.3 else ""
        return f"{r.randint(1, 999)},{r.randint(0, 999):03d}{more}"
    if roll < 0.45:
        return f"{r.randint(0, 9999)}.{r.randint(0, 99)}"
    if roll < 0.55:
        return f"{r.randint(1, 9)} {r.randint(1, 9)}/{r.randint(1, 12)}"
    return str(r.randint(0, 100000 if r.random() < 0.3 else 500))


def _number(r: random.Random) -> str:
    if r.random() < 0.2:
        return r.choice(WORDS)
    return r.choice(CURRENCIES) + _digits(r) + r.choice(SCALES)


def _figure(r: random.Random) -> str:
    text = r.choice(QUALIFIERS) + _number(r) + r.choice(UNITS)
    if r.random() < 0.25:
        text += r.choice(JOINS) + _number(r) + r.choice(UNITS)
    if r.random() < 0.3:
        text += " " + r.choice(NOUNS)
    if r.random() < 0.1:
        text = f"({text})"
    return text


def _date(r: random.Random) -> str:
    roll = r.random()
    year = r.choice([str(r.randint(1900, 2100)), "0001", "9999", "10000", "0", "2025"])
    if roll < 0.25:
        return f"{r.choice(MONTHS)} {r.randint(0, 40)}" + (f", {year}" if r.random() < 0.5 else "")
    if roll < 0.4:
        return f"{r.randint(0, 40)} {r.choice(MONTHS)} {year}"
    if roll < 0.5:
        return f"{year}-{r.randint(0, 14):02d}-{r.randint(0, 45):02d}"
    if roll < 0.65:
        return (f"{r.choice(WEEKDAYS)}, " if r.random() < 0.5 else "on ") + (
            f"{r.choice(MONTHS)} {r.randint(1, 31)}" if r.random() < 0.5 else r.choice(WEEKDAYS))
    if roll < 0.85:
        return r.choice(RELATIVE)
    return r.choice(PERIODS)


def _noise(r: random.Random) -> str:
    roll = r.random()
    if roll < 0.5:
        return "".join(r.choice(UNICODE_POOL) for _ in range(r.randint(1, 4)))
    if roll < 0.8:
        return "".join(chr(r.randint(0x20, 0x2FFF)) for _ in range(r.randint(1, 6)))
    return "".join(chr(r.choice([r.randint(0x1, 0x7F), r.randint(0x80, 0xD7FF), r.randint(0xE000, 0x10FFFF)]))
                   for _ in range(r.randint(1, 8)))


def sentence(r: random.Random) -> str:
    parts = [r.choice(SUBJECTS), r.choice(VERBS), _figure(r)]
    for _ in range(r.randint(0, 4)):
        roll = r.random()
        if roll < 0.35:
            parts.append(r.choice(["on", "by", "since", "until", "as of", "in", "from", "before", ""]) + " " + _date(r))
        elif roll < 0.7:
            parts.append(r.choice(JOINS).strip() + " " + _figure(r))
        elif roll < 0.8:
            parts.append(r.choice(['said', 'according to officials', '"we counted', 'an earlier version said']))
        else:
            parts.append(_noise(r))
    text = " ".join(p for p in parts if p)
    if r.random() < 0.1:  # glue pieces without spaces
        text = text.replace(" ", r.choice(["", "\u00a0", "\n", "  "]), r.randint(1, 3))
    return text + r.choice(PUNCT)


def document_text(r: random.Random, big: bool = True) -> str:
    text = " ".join(sentence(r) for _ in range(r.randint(1, 4)))
    if not big:
        return text
    if r.random() < 0.05:
        text = (sentence(r) + " ") * r.randint(20, 200)
    if r.random() < 0.03:
        text = "1 and " * r.randint(100, 2000) + text
    return text


def reference(r: random.Random) -> dt.date | None:
    roll = r.random()
    if roll < 0.25:
        return r.choice(EXTREME_REFERENCE)
    if roll < 0.4:
        return None
    return dt.date(2025, 1, 1) + dt.timedelta(days=r.randint(-4000, 4000))


FRONT_MATTER = ["date: {d}", "date: '{d}'", "date: [1, 2", "date: {{a: [", "story: 42", "story: [a, b]",
                "title: {{x: 1}}", "- a\n- b", "just text", "date: 2025-13-45", "date: 2025-02-30",
                "a: &a [*a]", "date: 0001-01-01", "date: 9999-12-31", "x: \x1b[31m", "k: " + "[" * 80,
                "date: 2025-06-09T10:00:00+02:00", "story: riverton", "title: {t}", ""]


def feed_line(r: random.Random, text: str) -> bytes:
    roll = r.random()
    record: object = {"id": r.choice([r.randint(1, 50), "a", "", None, [1], True]), "text": text}
    if roll < 0.1:
        record = {"text": r.choice(["", "   ", "\n", 5, None])}
    elif roll < 0.15:
        return ("[" * r.choice([10, 100, 1000, 5000]) + "]" * 3).encode()
    elif roll < 0.2:
        return r.choice([b"{", b"not json", b"\xff\xfe", b'{"text": "\\ud800 lone"}', b"null", b'"x"', b"[]"])
    elif isinstance(record, dict):
        record["date"] = r.choice(["2025-06-09", "2025-13-45", "0001-01-01", "9999-12-31", "soon", 20250609, None])
        record["story"] = r.choice(["s1", 42, None, {"a": 1}, ["x"]])
        record["title"] = r.choice(["T", 7, None, {"x": 1}])
    return json.dumps(record, ensure_ascii=r.random() < 0.5).encode("utf-8", "surrogatepass")


# --- the harness --------------------------------------------------------------------------


@dataclass
class Outcome:
    inputs: int = 0
    documents: int = 0
    crashes: Counter = field(default_factory=Counter)
    caught: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)

    def merge(self, other: Outcome) -> None:
        self.inputs += other.inputs
        self.documents += other.documents
        self.crashes.update(other.crashes)
        self.caught.update(other.caught)
        for k, v in other.examples.items():
            self.examples.setdefault(k, v)


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "consistency" in f.filename] or frames
    f = ours[-1] if ours else None
    place = f"{Path(f.filename).parent.name}/{Path(f.filename).name}:{f.name}" if f else "?"
    return f"{type(exc).__name__} at {place}"


class Harness:
    def __init__(self, seed: str, big: bool = True) -> None:
        self.big = big
        rules, errors = load_rules([DEFAULT_RULES])
        if errors:
            raise SystemExit("\n".join(map(str, errors)))
        self.rules = rules
        self.seed = seed
        self.out = Outcome()

    def _crash(self, i: int, what: str, detail: str) -> None:
        self.out.crashes[what] += 1
        self.out.examples.setdefault(("crash", what), (i, detail[:2000]))

    def _caught(self, i: int, what: str, detail: str) -> None:
        self.out.caught[what] += 1
        self.out.examples.setdefault(("caught", what), (i, detail[:2000]))

    def one(self, i: int) -> None:
        r = random.Random(f"{self.seed}:{i}")
        self.out.inputs += 1
        text = document_text(r, self.big)
        try:
            items = self._documents(r, i, text)
        except Exception as exc:
            self._crash(i, "loader: " + _where(exc), f"{text!r}\n{traceback.format_exc()}")
            return
        ref = reference(r)
        extractions = []
        for doc in items:
            self.out.documents += 1
            try:
                ex = extract_document(doc, ref)
            except Exception as exc:
                self._caught(i, "extract: " + _where(exc), f"ref={ref} {doc.text[:3000]!r}\n{traceback.format_exc()}")
                continue
            self._check_extraction(i, ex, ref)
            extractions.append(ex)
        caught: list[tuple] = []
        try:
            found = run_rules(extractions, self.rules, on_error=lambda *failure: caught.append(failure))
        except Exception as exc:
            self._crash(i, "run_rules: " + _where(exc), f"{text!r}\n{traceback.format_exc()}")
            return
        for rule, _path, exc in caught:
            if isinstance(exc, RuleError):
                continue  # a `when` error the guard reports at the rule's place: not a bug here
            rid = getattr(rule, "id", "-")
            detail = f"ref={ref} rule={rid} {text[:3000]!r}\n" + "".join(traceback.format_exception(exc))
            self._caught(i, f"rule {rid}: " + _where(exc), detail)
        for fmt in ("json", "sarif", "github", "text"):
            try:  # (no rule descriptors in the SARIF: they are the same every time, and costly)
                out = render(Report(found, [], [], len(extractions), []), fmt)
                if fmt in ("json", "sarif"):
                    json.loads(out, parse_constant=_refuse)
                elif fmt == "text" and "\x1b" in out:
                    raise AssertionError("raw ESC in text output")
            except Exception as exc:
                self._crash(i, f"report {fmt}: " + _where(exc), f"{text!r}\n{traceback.format_exc()}")

    def _documents(self, r: random.Random, i: int, text: str) -> list[Document]:
        roll = r.random()
        if roll < 0.15:  # through a JSONL feed
            lines = [feed_line(r, text) for _ in range(r.randint(1, 3))]
            handle = io.BytesIO(b"\n".join(lines))
            items = list(_feed_documents("feed.jsonl", handle))
            for item in items:
                if isinstance(item, Document):
                    if not item.path.startswith("feed.jsonl#"):
                        raise AssertionError(f"bad feed document name {item.path!r}")
                elif not isinstance(item, ConsistencyError | Notice):
                    raise AssertionError(f"feed gave {type(item).__name__}")
                elif getattr(item, "traceback", None):
                    self._caught(i, "feed: " + item.message[:80], item.traceback)
            return [d for d in items if isinstance(d, Document)]
        if roll < 0.3:  # through front matter
            fm = r.choice(FRONT_MATTER).format(d=_date(r), t=sentence(r))
            source = f"---\n{fm}\n---\n{text}\n"
            try:
                return [markdown_document("fm.md", source)]
            except InputError as err:
                if err.line is None or err.line < 1:
                    raise AssertionError(f"front-matter error without a line: {err}") from None
                return []
        return [markdown_document("t.md", text)]

    def _check_extraction(self, i: int, ex: object, ref: dt.date | None) -> None:
        for q in ex.quantities:  # type: ignore[attr-defined]
            if not math.isfinite(q.value) or math.isnan(q.low) or math.isnan(q.high):
                self._crash(i, "non-finite quantity", f"ref={ref} {q!r}")
        try:
            json.loads(json.dumps(document_json(ex), allow_nan=False))  # type: ignore[arg-type]
        except Exception as exc:
            self._crash(i, "extract json: " + _where(exc), traceback.format_exc())


def _refuse(name: str) -> float:
    raise ValueError(f"{name} in JSON output")


def run(seed: str, start: int, stop: int, progress: Callable[[int], None] | None = None, big: bool = True) -> Outcome:
    harness = Harness(seed, big)
    for i in range(start, stop):
        harness.one(i)
        if progress and (i - start) % 1000 == 999:
            progress(i - start + 1)
    return harness.out


def _worker(args: tuple[str, int, int, bool]) -> Outcome:
    seed, start, stop, big = args
    try:
        return run(seed, start, stop, None, big)
    except BaseException as exc:  # never lose a chunk silently (a lost task hangs the pool)
        out = Outcome(inputs=stop - start)
        out.crashes[f"harness: {type(exc).__name__}: {str(exc)[:200]}"] += 1
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", default="1")
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--only", type=int, help="run one input (by index) and print it")
    parser.add_argument("--small", action="store_true",
                        help="documents of 1-4 sentences only (no long or repeated documents): the long run")
    parser.add_argument("--json", action="store_true", help="print the outcome as JSON")
    args = parser.parse_args(argv)
    if args.only is not None:
        r = random.Random(f"{args.seed}:{args.only}")
        print(repr(document_text(r, not args.small)))
        out = run(args.seed, args.only, args.only + 1, None, not args.small)
        for (kind, what), (i, detail) in out.examples.items():
            print(f"{kind}: {what} (input {i})\n{detail}")
        return 1 if out.crashes else 0
    began = time.perf_counter()
    stop = args.start + args.inputs
    if args.workers > 1:
        import multiprocessing

        step = 2000
        chunks = [(args.seed, s, min(s + step, stop), not args.small) for s in range(args.start, stop, step)]
        out = Outcome()
        with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
            for done, part in enumerate(pool.imap_unordered(_worker, chunks), start=1):
                out.merge(part)
                if done % 10 == 0:
                    rate = out.inputs / (time.perf_counter() - began)
                    print(f"  {out.inputs:,} inputs, {rate:,.0f}/s, crashes {sum(out.crashes.values())}, "
                          f"caught {sum(out.caught.values())}", file=sys.stderr, flush=True)
    else:
        def progress(n: int) -> None:
            if n % 10_000 == 0:
                print(f"  {n:,} inputs", file=sys.stderr, flush=True)

        out = run(args.seed, args.start, stop, progress, not args.small)
    seconds = time.perf_counter() - began
    summary = {
        "inputs": out.inputs,
        "documents": out.documents,
        "seconds": round(seconds, 1),
        "inputs_per_second": round(out.inputs / seconds, 1) if seconds else None,
        "crashes": dict(out.crashes),
        "caught": dict(out.caught),
        "examples": {f"{k[0]}: {k[1]}": {"input": v[0], "detail": v[1]} for k, v in sorted(out.examples.items())},
    }
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        print(f"{out.inputs:,} inputs ({out.documents:,} documents) in {seconds:,.1f} s: "
              f"{out.inputs / seconds:,.0f} inputs/s")
        print(f"crashes: {sum(out.crashes.values())}")
        for what, n in out.crashes.most_common():
            print(f"  {n:>7,}  {what}  (first: input {out.examples[('crash', what)][0]})")
        print(f"caught by the guards (reported as errors, exit 2): {sum(out.caught.values())}")
        for what, n in out.caught.most_common():
            print(f"  {n:>7,}  {what}  (first: input {out.examples[('caught', what)][0]})")
    return 1 if out.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
