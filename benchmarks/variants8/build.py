#!/usr/bin/env python3
"""Build benchmarks/variants8 from the marked-up sources in _src/.

_src/within/SLUG.md   front matter has `kind:`; `[[clean->planted]]` marks the planted span,
                      `{{figure}}` the other figure of the pair. Gives within/w-SLUG.md
                      (planted) and clean/c-twin-SLUG.md (clean): the twins differ only on
                      the lines that hold a [[...]] marker.
_src/traps/SLUG.md    a correct article full of traps -> clean/c-trap-SLUG.md (no markers).
_src/cross/DIR/*.md   one story; `{{figure}}` marks the conflicting figures; DIR/_kind holds
_src/crowd/DIR/*.md   the manifest kind (absent: clean).
Prints checks: word and figure counts, weekday-date pairs, leftover markers, banned names.
"""
import datetime as dt
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "_src"
PLANT = re.compile(r"\[\[(.*?)->(.*?)\]\]")
PART = re.compile(r"\{\{(.*?)\}\}")
BANNED = ["Corvania", "Korvik", "Navpur", "Westshire", "Wexley", "Marlin News"]
MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"], 1)}
MON_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
            "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = {"monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2,
            "wed": 2, "weds": 2, "thursday": 3, "thu": 3, "thurs": 3, "friday": 4, "fri": 4,
            "saturday": 5, "sat": 5, "sunday": 6, "sun": 6}
WD = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues?|Weds?|Thu(?:rs)?|Fri|Sat|Sun)\.?,?"
MN = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
PAIR1 = re.compile(WD + r"\s+" + MN + r"\s+(\d{1,2})\b(?:,?\s+(\d{4}))?")
PAIR2 = re.compile(WD + r"\s+(\d{1,2})\s+" + MN + r"(?:\s+(\d{4}))?")
NUMWORDS = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                      r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
                      r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen|half|third|"
                      r"quarter|doubled|tripled|halved)\b", re.I)
DIGITS = re.compile(r"\d[\d,.:]*")


def month(s):
    s = s.lower().rstrip(".")
    return MONTHS.get(s) or MON_ABBR.get(s[:4]) or MON_ABBR.get(s[:3])


def split_front(text):
    lines = text.split("\n")
    assert lines[0] == "---", "no front matter"
    end = lines.index("---", 1)
    return lines[:end + 1], lines[end + 1:]


def meta(front):
    out = {}
    for ln in front[1:-1]:
        k, _, v = ln.partition(":")
        out[k.strip()] = v.strip()
    return out


def render(text, planted):
    text = PLANT.sub(lambda m: m.group(2) if planted else m.group(1), text)
    return PART.sub(lambda m: m.group(1), text)


def marker_lines(text, pattern_list):
    return [i for i, ln in enumerate(text.split("\n"), 1) if any(p.search(ln) for p in pattern_list)]


def strip_kind(text):
    front, body = split_front(text)
    kind = meta(front).get("kind")
    front = [ln for ln in front if not ln.startswith("kind:")]
    return kind, "\n".join(front + body)


def checks(name, text, problems, expect_weekday_error=False):
    front, body = split_front(text)
    m = meta(front)
    assert set(m) == {"title", "date"}, (name, m)
    date = dt.date.fromisoformat(m["date"])
    body_text = "\n".join(body)
    words = len(body_text.split())
    figs = len(DIGITS.findall(body_text)) + len(NUMWORDS.findall(body_text))
    if not 180 <= words <= 350:
        problems.append(f"{name}: {words} words")
    if not 15 <= figs <= 40:
        problems.append(f"{name}: {figs} figures")
    if "[[" in text or "{{" in text or "]]" in text or "}}" in text:
        problems.append(f"{name}: leftover marker")
    for b in BANNED:
        if b.lower() in text.lower():
            problems.append(f"{name}: banned name {b}")
    # paragraphs: one per line, blank line between
    bl = body
    if bl and bl[0] != "":
        problems.append(f"{name}: no blank line after front matter")
    for i in range(1, len(bl)):
        if bl[i] and bl[i - 1]:
            problems.append(f"{name}: two text lines in a row at body line {i}")
    bad = []
    for pat, order in ((PAIR1, "wmd"), (PAIR2, "wdm")):
        for mt in pat.finditer(text):
            wd = mt.group(1)
            if order == "wmd":
                mo, day, yr = month(mt.group(2)), int(mt.group(3)), mt.group(4)
            else:
                day, mo, yr = int(mt.group(2)), month(mt.group(3)), mt.group(4)
            year = int(yr) if yr else date.year
            try:
                d = dt.date(year, mo, day)
            except ValueError:
                bad.append(f"impossible {mt.group(0)!r}")
                continue
            if d.weekday() != WEEKDAYS[wd.lower().rstrip(".")]:
                bad.append(f"{mt.group(0)!r} is a {d:%A}")
    if bad and not expect_weekday_error:
        problems.append(f"{name}: weekday/date {bad}")
    if expect_weekday_error and not bad:
        problems.append(f"{name}: planted weekday not detected by build check")
    return words, figs


def main():
    out_within, out_clean = HERE / "within", HERE / "clean"
    for d in (out_within, out_clean, HERE / "cross", HERE / "crowd"):
        d.mkdir(exist_ok=True)
        for p in d.rglob("*.md"):
            p.unlink()
    problems, stats = [], []
    man = {"within": [], "clean": [], "cross": [], "crowd": []}
    for src in sorted((SRC / "within").glob("*.md")):
        kind, text = strip_kind(src.read_text())
        assert kind, src
        lines = marker_lines(text, [PLANT, PART])
        plant_lines = marker_lines(text, [PLANT])
        assert plant_lines, src
        w, c = render(text, True), render(text, False)
        wl, cl = w.split("\n"), c.split("\n")
        assert len(wl) == len(cl)
        diff = [i for i, (a, b) in enumerate(zip(wl, cl), 1) if a != b]
        assert diff and set(diff) <= set(lines), (src, diff, lines)
        wn, cn = f"within/w-{src.stem}.md", f"clean/c-twin-{src.stem}.md"
        (HERE / wn).write_text(w)
        (HERE / cn).write_text(c)
        stats.append((wn, *checks(wn, w, problems, expect_weekday_error=kind == "weekday-vs-date")))
        checks(cn, c, problems)
        man["within"].append({"file": wn, "kind": kind, "lines": lines})
        man["clean"].append({"file": cn, "twin_of": wn})
    for src in sorted((SRC / "traps").glob("*.md")):
        text = src.read_text()
        assert not PLANT.search(text) and not PART.search(text), src
        cn = f"clean/c-trap-{src.stem}.md"
        (HERE / cn).write_text(text)
        stats.append((cn, *checks(cn, text, problems)))
        man["clean"].append({"file": cn, "trap": True})
    for section in ("cross", "crowd"):
        for d in sorted(p for p in (SRC / section).iterdir() if p.is_dir()):
            kf = d / "_kind"
            kind = kf.read_text().strip() if kf.exists() else "clean"
            (HERE / section / d.name).mkdir(exist_ok=True)
            lines = {}
            for src in sorted(d.glob("*.md")):
                text = src.read_text()
                assert not PLANT.search(text), src
                ls = marker_lines(text, [PART])
                if ls:
                    lines[src.name] = ls
                out = render(text, True)
                name = f"{section}/{d.name}/{src.name}"
                (HERE / name).write_text(out)
                stats.append((name, *checks(name, out, problems)))
            assert (kind == "clean") == (not lines), (d, kind, lines)
            if kind != "clean":
                assert len(lines) == 2, (d, lines)
            man[section].append({"dir": f"{section}/{d.name}", "kind": kind, "lines": lines})
    with open(HERE / "manifest.yaml", "w") as f:
        for section in ("within", "clean", "cross", "crowd"):
            f.write(f"{section}:\n")
            for case in man[section]:
                parts = []
                for k, v in case.items():
                    if isinstance(v, dict):
                        v = "{" + ", ".join(f"{kk}: {vv}" for kk, vv in v.items()) + "}"
                    elif isinstance(v, bool):
                        v = "true" if v else "false"
                    parts.append(f"{k}: {v}")
                f.write("- {" + ", ".join(parts) + "}\n")
    if "-v" in sys.argv:
        for s in stats:
            print(f"{s[1]:4d} words {s[2]:3d} figures  {s[0]}")
    print(f"within {len(man['within'])}, clean {len(man['clean'])}, cross {len(man['cross'])}, "
          f"crowd {len(man['crowd'])}; {len(problems)} problems")
    for p in problems:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
