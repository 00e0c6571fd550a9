"""Arithmetic links: which figures a reader would do sums with.

A part and its whole ("15 of the district's schools" back to "all 12 of its schools"), the
percentage that summarises them ("412, or 52 percent"; "That gives a pass rate of 68 per
cent" in the next sentence), a change and its two ends in its own clause (so "X fell 5 pct
to A from B, while Y rose 3 pct to C from D" pairs each percentage with its own clause), a
multiplier word and its ends, a breakdown and its total, the shares of one whole, and a ratio
phrase ("one in five") and the percentage of the same group. The knowledge is in
`lexicon/arithmetic.yaml`; the check kinds in `rules/checks/arithmetic.py` only do the sums.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from consistency.claims import frames, lexicon
from consistency.claims.cache import first_words, per_document, sentences_with, title_sentences
from consistency.claims.model import Claim
from consistency.extract.pipeline import Extraction

_MAX_BACK = 3  # sentences a part, a breakdown or a stated change may look back for its whole
_MONEYISH = ("money",)


@dataclass(frozen=True)
class Span:
    """A figure that is not a claim of its own (a team's score)."""

    text: str
    start: int
    end: int
    low: float
    high: float


@dataclass(frozen=True)
class PartWhole:
    part: Claim
    whole: Claim


@dataclass(frozen=True)
class ShareLink:
    pct: Claim
    part: Claim
    whole: Claim
    either: bool = False  # a named rate ('a failure rate of') may be of the part or of the rest


@dataclass(frozen=True)
class ChangeLink:
    start: Claim
    end: Claim
    pct: Claim | None = None
    word: str | None = None  # a multiplier word ("doubled") and the factors it allows
    factor: float = 0.0
    allowed: tuple[float, float] = (0.0, 0.0)
    word_span: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Breakdown:
    total: Claim | Span
    parts: tuple[Claim | Span, ...]
    exact: bool = False
    whole_list: tuple[Claim | Span, ...] = ()  # every part, when `parts` leaves out a subtotal


@dataclass(frozen=True)
class RatioLink:
    ratio: Claim
    pct: Claim
    low: float  # the ratio as a percentage interval, its looseness included
    high: float


@dataclass
class Links:
    part_whole: list[PartWhole] = field(default_factory=list)
    shares: list[ShareLink] = field(default_factory=list)
    changes: list[ChangeLink] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    share_groups: list[tuple[Claim, ...]] = field(default_factory=list)
    ratios: list[RatioLink] = field(default_factory=list)
    subsets: list[PartWhole] = field(default_factory=list)  # a frame's figure within another's ('rescued' of 'aboard')


# --- lexicon ------------------------------------------------------------------------------


_alt = lexicon.alternation


def _breaks(items: list[str]) -> re.Pattern[str]:
    """Words (as whole words) and punctuation marks (as characters) that end a clause."""
    words = [w for w in items if w.isalpha()]
    marks = "".join(re.escape(w) for w in items if not w.isalpha())
    alts = ([rf"\b(?:{_alt(words)})\b"] if words else []) + ([f"[{marks}]"] if marks else [])
    return re.compile("|".join(alts) or "(?!)", re.I)


def _fraction_changes(spec: dict) -> dict[str, float]:
    """'down a fifth' 0.8, 'rose by a third' 1.33, 'cut by half' 0.5, 'up by two-thirds' 1.67:
    the multiplier phrases the lexicon's directions and fractions make."""
    out: dict[str, float] = {}
    for d, sign in (spec.get("directions") or {}).items():
        for f, v in (spec.get("fractions") or {}).items():
            factor = 1 + float(sign) * float(v)
            if factor <= 0:
                continue
            if f == "half":
                forms = [f"by {f}", f"by a {f}"]
            else:  # 'a fifth', 'by a fifth'; a plural 'two-thirds', 'by two-thirds'
                forms = [f"a {f}", f"by a {f}"] if "-" not in f else [f"by {f}", str(f)]
            for form in forms:
                out[f"{str(d).lower()} {form}"] = factor
    for comp, sign in (spec.get("comparatives") or {}).items():  # 'a third lower', 'two-thirds higher'
        for f, v in (spec.get("fractions") or {}).items():
            factor = 1 + float(sign) * float(v)
            if factor > 0 and f != "half":
                out[f"{'a ' if '-' not in f else ''}{f} {str(comp).lower()}"] = factor
    return out


class _Lex:
    """The arithmetic lexicon with its word lists compiled into bounded patterns."""

    def __init__(self, data: dict) -> None:
        def words(key: str) -> list[str]:
            return [str(w).lower() for w in data.get(key) or []]

        self.data = data
        self.share_gap = re.compile(rf"^\s*[,(—–-]?\s*(?:(?:{_alt(words('share_gap_words'))})\s+){{0,4}}$", re.I)
        pronouns = [w for w in words("back_pointers") if " " not in w]
        phrases = [w for w in words("back_pointers") if " " in w]
        self.back = re.compile(  # 'That is …', 'The increase takes …'; not 'It said', 'The number of homes'
            rf"^\W{{0,3}}(?:(?:{_alt(pronouns)})\s+(?:(?:also|still|now)\s+)?(?:{_alt(words('back_pointer_verbs'))})\b"
            rf"|(?:{_alt(phrases)})\b(?!\s+of\b))",
            re.I,
        )
        self.rate_nouns = re.compile(rf"\b(?:{_alt(words('rate_nouns'))})\b", re.I)
        self.change = re.compile(rf"\b(?:{_alt(words('change_words'))})\b", re.I)
        self.compared = re.compile(rf"(?:^|[\s,;(])(?:{_alt(words('compared_words'))})\s+$", re.I)
        self.mult = {str(k).lower(): float(v) for k, v in (data.get("multipliers") or {}).items()}
        self.mult.update(_fraction_changes(data.get("fraction_changes") or {}))
        self.mult_re = re.compile(
            rf"\b(?:(?P<q>{_alt(data.get('multiplier_qualifiers') or {'x': 0})})\s+)?(?P<w>{_alt(self.mult)})\b", re.I
        )
        self.mult_q = {
            str(k).lower(): tuple(float(x) for x in v) for k, v in (data.get("multiplier_qualifiers") or {}).items()
        }
        self.mult_tol = float(data.get("multiplier_tolerance", 0.1))
        self.synonyms = [frozenset(str(w).lower() for w in g) for g in data.get("measure_synonyms") or []]
        self.measure_kinds = re.compile(rf"\b(?:{_alt(words('measure_kinds'))})\b", re.I)
        self.part_nouns = {str(w).lower(): str(k) for k, v in (data.get("part_nouns") or {}).items() for w in v or []}
        lemma = frames.frame_lexicon().lemma
        self.total_anaphors = {lemma(str(k)): str(v) for k, v in (data.get("total_anaphors") or {}).items()}
        self.part_nouns = {lemma(w): k for w, k in self.part_nouns.items()}
        self.compound = re.compile(rf"^-(?P<n>{_alt(words('compound_wholes'))})\b", re.I)
        self.catch_all = re.compile(rf"\b(?:{_alt(words('catch_alls'))})\b", re.I)
        self.partial = re.compile(rf"\b(?:{_alt(words('partial_words'))})\b", re.I)
        any_word = re.escape("…")  # a lexicon phrase's '…' stands for one word ('the number of … to')
        total_before = _alt(words("total_before")).replace(any_word, r"[\w'’-]+")
        self.total_before = re.compile(rf"\b(?:{total_before})\s*:?\s*$", re.I)
        self.total_after = re.compile(rf"^\s*(?:[\w\-]+\s+){{0,2}}?(?:{_alt(words('total_after'))})\b", re.I)
        self.cast = re.compile(
            rf"^\s*(?:[\w\-]+\s+){{0,2}}?(?:were|was|had\s+been)\s+(?:{_alt(words('cast_words'))})\b", re.I
        )
        self.share_cues = re.compile(rf"\b(?:{_alt(words('share_cues'))})\b", re.I)
        self.continuation = re.compile(rf"\b(?:{_alt(words('continuation_cues'))})\b", re.I)
        self.multi = re.compile(rf"\b(?:{_alt(words('multi_answer_cues'))})\b", re.I)
        self.not_share = re.compile(rf"\b(?:{_alt(words('not_share_words'))})\b", re.I)
        self.not_change = re.compile(rf"\b(?:{_alt(words('not_change_phrases'))})\b", re.I)
        self.restating = re.compile(  # '…, or 40 per cent' or 'One in five adults, 26 per cent,' restates the ratio
            rf"^(?:[^.;:,()]{{0,80}}(?:,\s*(?:{_alt(words('restating_links'))})|\s*[(—–])\s+"
            rf"|\s*(?:[A-Za-z'’-]+\s+){{0,2}}[A-Za-z'’-]*\s*,\s*)(?:about\s+|some\s+|nearly\s+|roughly\s+)?$",
            re.I,
        )
        self.restating_next = re.compile(  # 'Two in five homes … . That is 60 per cent of …'
            rf"^\W{{0,3}}(?:{_alt(words('restating_openers'))})\s+(?:about\s+|some\s+|nearly\s+|roughly\s+)?$", re.I
        )
        self.target = re.compile(rf"\b(?:{_alt(words('target_words'))})\b", re.I)
        self.vote_share_not = re.compile(rf"\b(?:{_alt(words('vote_share_not'))})\b", re.I)
        self.margin = re.compile(
            rf"\b(?:{_alt(words('margin_before'))})\s+(?:about\s+|some\s+|just\s+|nearly\s+|almost\s+|more\s+than\s+)?$",
            re.I,
        )
        self.not_total = re.compile(rf"\s+(?:{_alt(words('not_total_modifiers'))})\b", re.I)
        self.conditional = re.compile(rf"\b(?:{_alt(words('conditional_words'))})\b", re.I)
        self.vote_sides = [
            (str(side), re.compile(rf"(?<![\w-])(?:{_alt([str(w).lower() for w in ws or []])})(?![\w-])", re.I))
            for side, ws in sorted((data.get("vote_sides") or {}).items())
        ]
        self.own_end = re.compile(  # 'rises 10 per cent to 8.8p', 'a 23 per cent rise in annual revenue, to £684m'
            rf"^\s*(?:(?:{_alt(words('change_words'))})\s+(?:in\s+[^,.;\d]{{1,40}})?)?"
            r",?\s*(?:to|from)\s+(?:about\s+|some\s+)?(?:[$£€¥₹]\s?)?\d",
            re.I,
        )
        self.denominator = re.compile(rf"\b(?:{_alt(words('denominator_before'))})\s+$", re.I)
        self.not_share_before = re.compile(rf"\b(?:{_alt(words('not_share_before'))})\s+(?:about\s+|some\s+)?$", re.I)
        self.generic_wholes = frozenset(words("generic_wholes"))
        self.ratio_tol = float(data.get("ratio_tolerance", 0.1))
        self.ratio_points = float(data.get("ratio_tolerance_points", 1.0))
        self.subgroup = re.compile(rf"\b(?:{_alt(words('subgroup_words'))})\b", re.I)
        self.group_anaphors = frozenset(words("group_anaphors"))
        self.goals = {str(k).lower(): float(v) for k, v in (data.get("goal_words") or {}).items()}
        self.goal_re = re.compile(rf"\b(?:{_alt(self.goals)})\b(?!\s+of\b)", re.I)
        self.goal_cues = first_words(self.goals)  # a goal_re match holds one
        qual = r"(?:(?:about|some|nearly|almost|roughly|around|just\s+over|just\s+under)\s+)?"
        rates = _alt(words("rate_nouns"))
        self.rate_gap = re.compile(  # ', an acceptance rate of' after a short clause
            rf"^\s*,\s*(?:(?:{_alt(words('rate_links'))})\s+(?:(?:it|them|(?:the|its|their)\s+[^\W\d][\w'’\-]*)\s+)?)?"
            rf"(?:a|an|the)\s+(?:[^\W\d][\w'’\-]*\s+){{0,2}}?"
            rf"(?:{rates})\s+of\s+{qual}$",
            re.I,
        )
        self.clause_break = _breaks(words("change_clause_breaks"))
        self.contrast_break = _breaks(words("change_contrast_breaks"))
        self.subordinate_break = _breaks(words("change_subordinate_breaks"))
        self.new_subject = re.compile(rf"\b(?:{_alt(words('change_new_subjects'))})\b", re.I)
        self.lead_in = re.compile(rf"^\s*(?:(?:{_alt(words('change_lead_ins'))})\b|[^\W\d]+ing\b)", re.I)
        not_after = _alt(words("not_share_after") + words("change_words"))
        self.not_share_next = re.compile(rf"^\s*(?:[^\W\d][\w\-]*\s+)?(?:{not_after})\b", re.I)
        self.not_share_rate = re.compile(rf"\b(?:{_alt(words('not_share_rates'))})\b", re.I)
        self.group_back = frozenset(words("group_back_pointers"))
        containers = _alt(words("containers"))
        qual = r"(?:about\s+|some\s+|nearly\s+|almost\s+|roughly\s+)?"
        self.container_whole = re.compile(  # 'a village of 120 homes', 'The district, which runs 96 schools'
            rf"\b(?:a|an|the)\s+(?P<c>{containers})(?:\s+of|\s*,\s+which\s+(?:{_alt(words('container_verbs'))}))"
            rf"\s+{qual}$",
            re.I,
        )
        self.container_part = re.compile(  # '135 homes in the village', '112 schools in the Pell … District'
            rf"^\s+(?:[\w'’-]+\s+){{0,3}}?in\s+(?:the|this|that)\s+(?:(?-i:[A-Z])[\w'’-]*\s+){{0,4}}?"
            rf"(?P<c>{containers})\b(?!\s+(?-i:[A-Z]))",
            re.I,
        )
        self.split = re.compile(rf"\b(?:{_alt(words('split_words'))})\b", re.I)
        made_of, has = _alt(words("composition_verbs")), _alt(words("compound_verbs"))
        self.composition = re.compile(  # '-seat council now has ', ' seats are split between '
            rf"^(?:-(?:{_alt(words('compound_wholes'))})\s+(?:[^\W\d][\w'’\-]*\s+){{1,3}}?(?:{made_of}|{has})"
            rf"|\s+(?:[^\W\d][\w'’\-]*\s+){{1,3}}?(?:{made_of}))\s+(?:(?:a|an|the)\s+)?$",
            re.I,
        )
        self.made_of = re.compile(  # '£42 million package for the town centre, made up of £25 million …'
            rf"^[^\d.;:]{{0,70}}?\b(?:{made_of})\s+(?:(?:a|an|the)\s+)?$", re.I
        )
        self.made_of_dated = re.compile(  # 'to 3.4 bln dlrs in the three months to December 31, made up of'
            rf"^[^;:]{{0,70}}?\b(?:{made_of})\s+(?:(?:a|an|the)\s+)?$", re.I
        )
        self.holder = re.compile(
            rf"^\s*(?:the\s+)?(?:[A-Z][\w'’\-]*\s+){{1,3}}(?:{_alt(words('holder_verbs'))})\s+(?:[$£€]\s?)?$"
        )
        self.complete_sets = {
            str(k).lower(): frozenset(lemma(str(w).lower()) for w in v or [])
            for k, v in (data.get("complete_part_sets") or {}).items()
        }
        self.score_re = re.compile(
            rf"\b(?:{_alt(words('score_verbs'))})\b[^.;]{{0,60}}?(?<![\w.-])(\d{{1,2}})\s?[-–]\s?(\d{{1,2}})(?![\w.-])",
            re.I,
        )


@lexicon.derived
def _lex() -> _Lex:
    return _Lex(lexicon.load("arithmetic"))



# --- small readers ------------------------------------------------------------------------

_OF_NP = re.compile(
    r"^\s+of\s+(?:(?P<det>the|its|their|those|these|his|her|our|all|a|an)\s+)?(?P<np>[A-Za-z][\w'’\- ]{0,60})", re.I
)
_CUT = frozenset(
    "in at on for from with across by under over since to who which that whose had have has were was are is will "
    "would said say could can did and or but than as".split()
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def _head(np: str) -> tuple[str | None, bool]:
    """The head noun of a short noun phrase ('the district's schools' -> school) and whether it
    ends in a participle ('those questioned', 'the fish examined')."""
    words = _WORD.findall(np)
    kept: list[str] = []
    participle = False
    if words and words[0].lower().endswith(("ed", "ing")) and (len(words) == 1 or words[1].lower() in _CUT):
        return None, True
    for i, w in enumerate(words):
        low = w.lower()
        if low in _CUT or (i and (low.endswith("ing") or low.endswith("ed"))):
            participle = participle or (low.endswith(("ing", "ed")) and low not in _CUT)
            break
        if low.endswith(("'s", "’s")):
            continue
        kept.append(low)
    if not kept:
        return None, participle
    return frames.frame_lexicon().lemma(kept[-1]), participle


def _noun_head(c: Claim) -> str | None:
    if not c.noun:
        return None
    head, _ = _head(c.noun)
    return head


class _Doc:
    """One extraction with the per-sentence views every reader needs."""

    def __init__(self, ex: Extraction) -> None:
        self.ex = ex
        self.text = ex.document.text
        self.by_sent: dict[int, list[Claim]] = {}
        for c in ex.claims:
            self.by_sent.setdefault(c.sentence, []).append(c)
        self.index = {c.index: c for c in ex.claims}

    def sent_text(self, i: int) -> str:
        return self.ex.sentences[i].text

    def before(self, c: Claim, n: int = 60, clause: bool = False) -> str:
        lo = c.clause_start if clause else self.ex.sentences[c.sentence].start
        return self.text[max(lo, c.start - n) : c.start]

    def after(self, c: Claim, n: int = 80) -> str:
        return self.text[c.end : min(self.ex.sentences[c.sentence].end, c.end + n)]

    def between(self, a: Claim | Span, b: Claim | Span) -> str:
        return self.text[a.end : b.start]

    def of_phrase(self, c: Claim) -> tuple[str | None, str | None, bool]:
        """(determiner, head, participle) of a figure-less 'of the N' phrase after the claim."""
        m = _OF_NP.match(self.after(c))
        if not m or any(ch.isdigit() for ch in m.group("np")[:12]):
            return None, None, False
        head, participle = _head(m.group("np"))
        return (m.group("det") or "").lower() or None, head, participle


def _same_unit(a: Claim, b: Claim) -> bool:
    return a.unit == b.unit and a.kind == b.kind


def _countish(c: Claim) -> bool:
    return c.kind in ("count", "money", "measure") and c.qualifier != "range"


# --- part and whole -----------------------------------------------------------------------

_OF_HEAD = re.compile(  # 'Of the 45 councillors, 30 ...', 'Of the council's 48 seats, ...'
    r"(?:^|[,;:]\s*|\b(?:and|but)\s+)of\s+(?:the|its|their|these|those|all|some)?\s*(?:[\w\-]+['’]s\s+)?$", re.I
)


def _of_head_parts(d: _Doc, items: list[Claim]) -> list[tuple[Claim, list[Claim]]]:
    """'Of the 45 councillors, 30 voted for, 12 against ...': the whole and the parts after it."""
    out = []
    for k, whole in enumerate(items):
        if not _countish(whole) or not _OF_HEAD.search(d.before(whole, 40)):
            continue
        comma = d.text.find(",", whole.end, d.ex.sentences[whole.sentence].end)
        later = [c for c in items[k + 1 :] if _same_unit(c, whole) and c.start > comma]
        if (
            not later
            or comma < 0
            or comma - whole.end > 90
            or not (
                re.fullmatch(
                    r"\s*(?:about|some|nearly|almost|just\s+over|just\s+under|more\s+than|only|just)?\s*(?:[$£€]\s?)?",
                    d.text[comma + 1 : later[0].start],
                )
                or _lex().holder.match(d.text[comma + 1 : later[0].start])
            )
        ):
            continue
        parts = [later[0]]
        for c in later[1:]:
            if (
                c.noun
                and _noun_head(c) not in (None, _noun_head(whole))
                and not d.text[c.end : c.end + 3].startswith((" (", ","))
            ):
                break
            parts.append(c)
        out.append((whole, parts))
    return out


_LEDE = 2  # body sentences that state an article's main figures


def _state_frame(np: str) -> str | None:
    """The frame a state word used as a noun names ('the injured', 'the dead', 'the missing')."""
    lex = frames.frame_lexicon()
    words = [lex.lemma(w) for w in _WORD.findall(np)]
    if not words or len(words) > 2:
        return None
    hit = lex.phrase_at(words, 0, ("state",))
    return hit[0].name if hit and hit[1] == len(words) else None


def _earlier_wholes(d: _Doc, part: Claim, lede: bool) -> Iterator[Claim]:
    """The figures a part may point back at: earlier ones of its unit, within a few sentences
    (and, when `lede`, in the lede), neither parts nor increments themselves."""
    window = range(max(0, part.sentence - _MAX_BACK), part.sentence + 1)
    ledes = [s.index for s in d.ex.sentences[: _LEDE + title_sentences(d.ex)]] if lede else []
    for si in sorted(set(window) | {i for i in ledes if i < part.sentence}):
        for c in d.by_sent.get(si, []):
            if c.start < part.start and _same_unit(c, part) and c.role != "part" and not c.increment:
                if _rate(c) is not None and _rate(part) is None:
                    continue  # '23.6 deaths per 100,000 residents' is a rate, never the whole of '139 of the deaths'
                yield c


def _largest(found: Iterable[Claim]) -> Claim | None:
    """The first of the largest (by upper bound) of `found`."""
    best = None
    for c in found:
        if best is None or c.high > best.high:
            best = c
    return best


def _frame_antecedent(d: _Doc, part: Claim, frame: str) -> Claim | None:
    """The largest earlier whole figure of a frame, within a few sentences or in the lede."""
    return _largest(c for c in _earlier_wholes(d, part, lede=True) if c.frame == frame)


def _antecedent(d: _Doc, part: Claim, head: str | None, respondents: bool, verb: str | None = None) -> Claim | None:
    """The largest earlier figure that the part's 'of the X' points back at: within a few
    sentences, or for a head noun also in the lede ('392 of the cases' is of the outbreak's
    1,962 in the first sentence, not of one district's 512 in the paragraph before)."""
    def points_back(c: Claim) -> bool:
        if respondents and verb is not None and c.predicate == verb:
            return True  # 'The study enrolled 640 children. Of those enrolled, 710 …'
        if respondents:
            return bool(
                re.search(r"\b(?:survey|poll|questionnaire|study|sample)\w*\s+of\s+(?:some\s+|about\s+)?$",
                          d.before(c, 40), re.I)
                or re.match(r"^\s+(?:[\w\-]+\s+){0,3}?(?:surveyed|polled|questioned|interviewed|asked|respondents)\b",
                            d.after(c, 60), re.I)
            )
        own = _noun_head(c) or d.of_phrase(c)[1]
        if head is None or own is None:
            return False
        classes = frames.frame_lexicon().head_class  # 'received 1,150 replies' … 'Of the respondents, 748'
        return own == head or classes.get(own, own) == classes.get(head, head)

    return _largest(c for c in _earlier_wholes(d, part, lede=not respondents) if points_back(c))


def _part_whole(d: _Doc, links: Links) -> None:
    seen: set[tuple[int, int]] = set()

    def add(p: Claim, w: Claim) -> None:
        if (p.index, w.index) not in seen and p.index != w.index:
            seen.add((p.index, w.index))
            links.part_whole.append(PartWhole(p, w))

    for c in d.ex.claims:
        if c.role == "part" and c.link is not None and c.link in d.index and c.kind != "percent":
            w = d.index[c.link]
            if _same_unit(c, w):
                add(c, w)
    for items in d.by_sent.values():
        for whole, parts in _of_head_parts(d, items):
            add(parts[0], whole)
    for c in d.ex.claims:  # '15 of the district's schools' back to 'all 12 of its schools'
        if not _countish(c) or c.role == "part" or re.search(r"\ball\s+$", d.before(c, 8), re.I):
            continue
        det, head, participle = d.of_phrase(c)
        if det is None:
            continue
        respondents = det in ("those", "these") and participle
        if not respondents and det not in ("the", "its", "their", "those", "these"):
            continue
        w = _antecedent(d, c, head, respondents)
        if w is not None:
            add(c, w)
    for c in d.ex.claims:  # 'Of them, 30 ...', 'Of the cancelled flights, 390 were domestic'
        w = _fronted_whole(d, c)
        if w is not None:
            add(c, w)
            for x in d.by_sent[c.sentence]:  # '…, 748 reported damp …, and 1,320 said …': each is of them
                if x.start > c.end and x.noun is None and _countish(x) and _same_unit(x, c) and x.role is None \
                        and _AND_PART.search(d.between(c, x)):
                    add(x, w)
    for c in d.ex.claims:  # '27 prosecution witnesses, 31 of whom were former members'
        w = _relative_whole(d, c)
        if w is not None:
            add(c, w)
    for p, w in _container_parts(d):  # 'Marrowby, a village of 120 homes' … '135 homes in the village'
        add(p, w)
    for p, w in _included_parts(d):  # 'to cut 450 jobs across Britain, including 520 at its Dunmore bakery'
        add(p, w)


def _frame_subsets(d: _Doc, links: Links) -> None:
    """A figure of a frame `within` another ('291 people had been rescued') against the
    article's first figure of that other frame ('a ferry carrying 286 passengers and crew'):
    what was on board holds everyone rescued. Only a first figure told without a lower bound
    holds: a later one may be a capacity ('licensed to carry 350') or another vessel's."""
    fl = frames.frame_lexicon()
    firsts: dict[str, Claim] = {}
    for c in d.ex.claims:
        if c.frame and c.frame not in firsts and c.kind == "count" and c.role is None:
            firsts[c.frame] = c
    for c in d.ex.claims:
        frame = fl.frames.get(c.frame or "")
        if frame is None or not frame.within or c.kind != "count" or c.increment or c.role is not None:
            continue
        for name in sorted(frame.within):
            w = firsts.get(name)
            if w is None or w.qualifier in ("lower", "range") or w.increment:
                continue
            heads = fl.frames[name].heads | fl.people
            if not (c.head is None or c.head in heads) or w.head not in heads:
                continue  # 'three rescue helicopters' count no people
            if any(_coordinated(d, w, o) for o in d.by_sent[w.sentence] if o is not w and o.kind == "count"):
                continue  # '44 passengers and two drivers on board': the whole is their sum
            if _told_of_another_time(d, c, w):
                continue  # another time's rescue ('more than 900 people since 1990')
            links.subsets.append(PartWhole(c, w))


def _told_of_another_time(d: _Doc, c: Claim, w: Claim) -> bool:
    """The figure's sentence, or its as-of date, tells of a time a month or more away from the
    whole's ('since 1990', 'in 2016')."""
    s = d.ex.sentences[c.sentence]
    told = [m for m in d.ex.dates if s.start <= m.start < s.end and m.low]
    if not w.as_of_low:  # an undated whole: a year written beside the figure is another time
        return any(m.year_given for m in told)
    days = [m.low for m in told] + ([c.as_of_low] if c.as_of_low else [])
    return any(abs((day - w.as_of_low).days) > 31 for day in days if day)


_COORDINATED = re.compile(r"\s+(?:[\w'’\-]+\s+){0,3}(?:and|plus|as well as)\s+(?:[\w'’\-]+\s+)?", re.I)


def _coordinated(d: _Doc, a: Claim, b: Claim) -> bool:
    """'44 passengers and two crew': two counts joined into one group."""
    first, second = (a, b) if a.start < b.start else (b, a)
    return bool(_COORDINATED.fullmatch(d.between(first, second)))


_INCLUDING = re.compile(
    r"[^.;:\d]{0,50}?,\s+(?:including|among\s+them|of\s+which|of\s+whom)\s+(?:about\s+|some\s+|around\s+|nearly\s+)?$",
    re.I,
)


_AND_PART = re.compile(r"^[^;:.]{0,120}?,\s*(?:and|while|but)\s+$")
"""Between two parts of one fronted group: 'Of the respondents, 748 reported damp …, and '."""


def _included_parts(d: _Doc) -> Iterator[tuple[Claim, Claim]]:
    """'450 jobs across Britain, including 520 at its Dunmore bakery': a count told as included
    in the count just before it, of the same unit and with no noun of another kind."""
    klass = frames.frame_lexicon().klass
    for items in d.by_sent.values():
        for w, p in itertools.pairwise(items):
            if not (_countish(w) and _countish(p) and _same_unit(w, p)) or w.role == "part":
                continue
            if p.head and w.head and klass(p.head) != klass(w.head):
                continue  # '200 homes, including three schools': another kind of thing
            if w.qualifier in ("lower", "upper") or p.qualifier in ("lower", "upper"):
                continue
            if _INCLUDING.fullmatch(d.between(w, p)):
                if p.head is None and p.high > w.high and any(
                    x.end <= w.start and _countish(x) and _same_unit(x, p) and x.head and x.head != w.head
                    and x.high >= p.low for x in items
                ):
                    continue  # '487 offences … at six sites, including 312 on the stretch': the offences'
                yield p, w


def _container_parts(d: _Doc) -> Iterator[tuple[Claim, Claim]]:
    """A place described as holding a count ('Marrowby, a village of 120 homes', 'The district,
    which runs 96 schools') is the whole of a count of the same things 'in the village' (or 'in
    the Pell County School District'), told before it or after."""
    lex = _lex()
    wholes: list[tuple[str, Claim]] = []
    parts: list[tuple[str, Claim]] = []
    for c in d.ex.claims:
        if not _countish(c) or c.role == "part":
            continue
        m = lex.container_whole.search(d.before(c, 60))
        if m:
            wholes.append((m.group("c").lower(), c))
            continue
        m = lex.container_part.match(d.after(c, 80))
        if m:
            parts.append((m.group("c").lower(), c))
    for noun, c in parts:  # the whole told before the part, else the one told after it
        earlier = [w for n, w in wholes if w.start < c.start and n == noun]
        later = [w for n, w in wholes if w.start > c.start and n == noun]
        for w in [*reversed(earlier), *later]:
            if _noun_head(w) == _noun_head(c) and _same_unit(w, c):
                yield c, w
                break


_OF_RELATIVE = re.compile(r"^\s+of\s+(?:whom|which|them|those|these)\b", re.I)


def _relative_whole(d: _Doc, c: Claim) -> Claim | None:
    """The whole a 'M of whom' part counts: the nearest count before it in its sentence, with
    only that whole's own noun phrase and a comma between ('heard from 27 witnesses, 31 of
    whom …'; not '27 witnesses and 3 experts, 31 of whom')."""
    if not _countish(c) or c.role == "part" or not _OF_RELATIVE.match(d.after(c, 16)):
        return None
    earlier = [x for x in d.by_sent.get(c.sentence, []) if x.end <= c.start and _countish(x)]
    if not earlier:
        return None
    w = earlier[-1]
    part_of_w = [x for x in earlier[:-1] if x.role == "part" and x.link == w.index]
    if part_of_w:  # '16 of the 38 passengers … were injured, two of whom': of the 16
        w = part_of_w[-1]
    elif len(earlier) > 1 and re.fullmatch(r"[^,;.]{0,40}?(?:\band|\bor|,)\s*", d.between(earlier[-2], w)):
        return None  # '27 witnesses and 12 experts, 31 of whom': the whole is both
    gap = d.between(earlier[-1], c)
    if not re.fullmatch(r"\s+(?:[a-z][\w'’-]*\s+){0,4}?[a-z][\w'’-]*\s*,\s*(?:and\s+)?", gap, re.I) and not (
        part_of_w and re.fullmatch(r"[^,;.]{1,90},\s*(?:and\s+)?", gap)
    ):
        return None
    return w


_FRONTED_OF = re.compile(
    r"(?:^|;\s*|\b(?:and|but)\s+)of\s+(?P<np>[^\W\d][^\d,;:.()]{0,50}?)\s*,\s*"
    r"(?:(?:about|some|nearly|almost|only|just|roughly|around)\s+)?(?:[$£€]\s?)?$",
    re.I,
)
_GROUP_AFTER = re.compile(r"^\s+of\s+(\w+)\b(?!\s+\w+(?:ed|ing)\b)", re.I)


def _group_whole(d: _Doc, c: Claim, back: bool = True, last: bool = False) -> Claim | None:
    """The whole 'them' or 'those' stands for: the one counted figure before the part in its
    sentence, else (when the part opens its sentence: 'Of them, 30 ...', 'Thirty of them ...')
    the one of the sentence before; never a guess between several, never a compound ('four-storey')."""

    def counted(x: Claim) -> bool:  # '6,200 of the participants. Of those, …': a part may be the next whole
        return (
            _countish(x)
            and _same_unit(x, c)
            and (bool(x.noun) or d.of_phrase(x)[1] is not None)
            and x.role in (None, "part")
            and not x.increment
            and not d.text.startswith("-", x.end)
        )

    here = [x for x in d.by_sent.get(c.sentence, []) if x.end <= c.start]
    if here:
        return here[0] if len(here) == 1 and counted(here[0]) and here[0].high > 1 else None
    if not back:
        return None
    prev = [x for x in d.by_sent.get(c.sentence - 1, []) if _countish(x) and _same_unit(x, c)]
    if last and len(prev) > 1 and prev[-1] is d.by_sent[c.sentence - 1][-1]:
        # '… forced the evacuation of about 900 people and sent 38 people to hospitals. Of those,
        # 17 were taken to A, 12 to B and 11 to C': a list that splits a group splits the one
        # named last, when no other figure comes after it (a single part stays unguessed: 'The
        # council has 45 members and 12 committees. Of them, 30 backed the plan.')
        prev = prev[-1:]
    return prev[0] if len(prev) == 1 and counted(prev[0]) and prev[0].high > 1 else None


_FRONT_DET = re.compile(r"^(?:the|its|their|these|those)\s+", re.I)


def _fronted_whole(d: _Doc, c: Claim, last: bool = False) -> Claim | None:
    """The whole a figure-less fronted 'of' phrase points back at: 'The council has 45 members.
    Of them, 30 ...' (the one counted figure of the sentence before), 'Of the cancelled flights,
    390 ...' (an earlier figure with the phrase's head noun). Only the first figure after the
    phrase is the part; 'of those questioned' keeps its survey reading."""
    if not _countish(c) or c.role == "part":
        return None
    lex = _lex()
    s = d.ex.sentences[c.sentence]
    after = _GROUP_AFTER.match(d.after(c, 20))
    if after and after.group(1).lower() in lex.group_back:  # 'and 30 of them backed the plan'
        opens = re.fullmatch(r"\W*(?:(?:about|some|nearly|almost|only|just|roughly|around)\s+)?", d.before(c, 90))
        return _group_whole(d, c, back=bool(opens) and c.start - s.start < 90)

    if c.start - s.start > 90:
        return None
    m = _FRONTED_OF.search(d.text[s.start : c.start])
    if not m:
        return None
    np = re.sub(r"\s+", " ", m.group("np").strip()).lower()
    if np in lex.group_back:
        return _group_whole(d, c, last=last)
    det = _FRONT_DET.match(np)
    if not det:
        return None
    state = _state_frame(np[det.end() :])
    if state is not None:  # 'Of the injured, six were critical': a part of the injured counted before
        return _frame_antecedent(d, c, state)
    head, participle = _head(np[det.end() :])
    respondents = det.group(0).strip() in ("those", "these") and participle
    if head is None and not respondents:
        return None
    last = _WORD.findall(np)[-1]
    if not respondents and frames.frame_lexicon().lemma(last) != head:
        return None  # 'Of the flights cancelled this week': a subset the earlier figure may not hold
    verb = frames.frame_lexicon().lemma(last.lower()) if respondents else None
    return _antecedent(d, c, head, respondents, verb)


# --- shares: a percentage of a part and its whole --------------------------------------------


def _shares(d: _Doc, links: Links) -> None:
    lex = _lex()
    done: set[int] = set()
    for pw in links.part_whole:
        part, whole = pw.part, pw.whole
        if part.sentence < whole.sentence:
            continue
        last = whole if whole.end > part.end else part
        pct = next((c for c in d.by_sent[last.sentence] if c.start >= last.end and c.unit == "percentage"), None)
        if (
            pct is not None
            and pct.role in (None, "change-to")  # '— 76 per cent, down from 73 per cent': still the share
            and pct.index not in done
            and (gap := _share_gap(d, last, pct))
            and (part.sentence == whole.sentence or not _own_whole(d, pct))
        ):
            done.add(pct.index)
            links.shares.append(ShareLink(pct, part, whole, gap == "rate"))
            continue
        if part.sentence != whole.sentence:
            continue
        nxt = d.by_sent.get(last.sentence + 1, [])
        pct = next((c for c in nxt if c.unit == "percentage"), None)
        if pct is None or pct.index in done:
            continue
        s = d.ex.sentences[pct.sentence]
        points_back = lex.back.match(s.text) and lex.rate_nouns.search(d.before(pct, 40, clause=True))
        if points_back and not any(c.kind in ("count", "money") and c.start < pct.start for c in nxt):
            done.add(pct.index)
            links.shares.append(ShareLink(pct, part, whole))
    for c in d.ex.claims:  # '912 mln, or 81 pct of the 1.02 bln votes cast'
        if c.unit != "percentage" or c.role != "part" or c.link not in d.index or c.index in done:
            continue
        whole = d.index[c.link]
        prev = [p for p in d.by_sent[c.sentence] if p.end <= c.start and _same_unit(p, whole)]
        if prev and lex.share_gap.match(d.between(prev[-1], c)):
            links.shares.append(ShareLink(c, prev[-1], whole))


def _share_gap(d: _Doc, last: Claim, pct: Claim) -> str | None:
    """How the words between a part (or whole) and a percentage make it their share: 'plain'
    ('412, or 52 percent'; '9 of 15 free throws, a 75 percent clip') or 'rate' ('75 were offered
    places, an acceptance rate of 40 per cent': a short clause, then an appositive rate that is
    not a rate of something else, such as interest or growth). A named rate may count the part
    or the rest ('45 passed, a failure rate of 50 per cent'), so the check allows either."""
    lex = _lex()
    if lex.not_share_next.match(d.after(pct, 30)):
        return None  # 'a 50% increase on last year'
    gap = d.between(last, pct)
    rest = re.sub(r"^\s+[\w'’\- ]{0,70}?(?=,|\()", "", gap, count=1)  # '15 free throws, a 75 percent'
    if lex.share_gap.match(rest):
        return "plain"
    if lex.rate_gap.match(rest) and not (lex.not_share_rate.search(gap) or lex.change.search(gap)):
        return "rate"
    if _DASH_SHARE.search(gap) and len(gap) <= 90 and not any(
        last.end <= c.start < pct.start and (_same_unit(c, last) or c.unit == "percentage")
        for c in d.by_sent[pct.sentence]
    ):
        return "plain"  # '2,394 were admitted, transferred or discharged within four hours — 76 per cent'
    return None


_DASH_SHARE = re.compile(r"^[^;:.]*\s[—–]\s*(?:(?:about|some|nearly|almost|roughly|just\s+over|just\s+under)\s+)?$")
"""A percentage set off by a dash at the end of its part's clause restates the part as a share."""


def _own_whole(d: _Doc, pct: Claim) -> bool:
    """'..., or 20% of all schools in the state': a percentage with its own 'of' whole."""
    return bool(re.match(r"\s+of\b", d.after(pct, 6), re.I))


# --- changes and multipliers --------------------------------------------------------------


def _rate(c: Claim) -> str | None:
    """What a rate is per ('1.12 dlrs a share' -> share), None for an amount: a change's two
    ends are both amounts or both rates per one thing."""
    key = c.measure or ""
    return key.rpartition("/per ")[2] if "/per " in key else None


def _pairs(d: _Doc) -> list[tuple[Claim, Claim]]:
    """(from, to) pairs: the extractor's links, 'to A, or X a share, from B', 'A, up from B',
    'A, compared with B'."""
    lex = _lex()
    out: list[tuple[Claim, Claim]] = []
    used = {c.index for c in d.ex.claims if lex.denominator.search(d.before(c, 16))}  # 'per 1,000', 'out of 1,000'
    for c in d.ex.claims:
        if c.role == "change-from" and c.link in d.index and _same_unit(c, d.index[c.link]):
            end = d.index[c.link]
            if _rate(end) != _rate(c) and end.start < c.start:
                # 'to 96 mln dlrs, or 1.12 dlrs a share, from 86.5 mln': the end is the 96 mln; in 'from £48
                # to £55 a year' the rate written on the end is the start's too
                end = next((x for x in reversed(d.by_sent[c.sentence]) if x.end <= end.start and x.index not in used
                            and _same_unit(x, c) and _rate(x) == _rate(c) and x.role is None), None)
                if end is None:
                    continue
            if end.index in used:  # '741 points out of 1,000, up from 702': the end is the 741
                end = next((x for x in reversed(d.by_sent[c.sentence]) if x.end <= end.start and x.index not in used
                            and _same_unit(x, c) and x.role is None), None)
                if end is None:
                    continue
            out.append((c, end))
            used.update((c.index, end.index))
    for items in d.by_sent.values():
        for k, c in enumerate(items):
            if c.index in used:
                continue
            if c.role == "change-from":
                later = [x for x in items[k + 1 :] if _same_unit(x, c) and x.index not in used]
                if later and re.fullmatch(
                    r"[^,;.]{0,40}?\bto\s+(?:about\s+|around\s+)?(?:[$£€]\s?)?", d.between(c, later[0])
                ):
                    out.append((c, later[0]))
                    used.update((c.index, later[0].index))
                    continue
            if c.role == "change-from" or lex.compared.search(d.before(c, 20)):
                earlier = [x for x in items[:k] if _same_unit(x, c) and x.index not in used]
                if earlier and len(d.between(earlier[-1], c)) <= 70:
                    out.append((c, earlier[-1]))
                    used.update((c.index, earlier[-1].index))
                elif c.role == "change-from" and not earlier and (end := _pointed_end(d, c, used)) is not None:
                    out.append((c, end))
                    used.update((c.index, end.index))
    return out


_SUBJECT_NOUN = re.compile(
    r"^\s*(?:the|its|their|this\s+year['’]s|the\s+new)\s+(?P<np>(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)"
    r"\s+(?:is|was|has\s+been|had\s+been|are|were|stands|stood|now\s+stands)\s",
    re.I,
)


def _pointed_end(d: _Doc, c: Claim, used: set[int]) -> Claim | None:
    """The end of a change whose base alone is in its sentence and whose subject points back:
    'Commissioners approved a $612 million budget. The budget is up 3.8% from the $589.6
    million approved last year' -> $612 million, the nearest earlier figure of that noun."""
    m = _SUBJECT_NOUN.match(d.sent_text(c.sentence))
    if not m:
        return None
    head, _ = _head(m.group("np"))
    if head is None:
        return None
    for si in range(c.sentence - 1, max(-1, c.sentence - 1 - _MAX_BACK), -1):
        for x in reversed(d.by_sent.get(si, [])):
            if x.index in used or x.role is not None or not _same_unit(x, c):
                continue
            if _noun_head(x) == head or (x.measure is not None and x.measure == c.measure and x.head == head):
                return x
    return None


def _other_time(pct: Claim, end: Claim) -> bool:
    """A percentage that writes its own time, which the change's end's written time does not
    meet: the change of another period."""
    bounds = (pct.as_of_low, pct.as_of_high, end.as_of_low, end.as_of_high)
    if not (pct.as_of_text and end.as_of_text) or None in bounds:
        return False
    return pct.as_of_low > end.as_of_high or end.as_of_low > pct.as_of_high  # type: ignore[operator]


def _change_pct(
    d: _Doc, items: list[Claim], start: Claim, end: Claim, ends: frozenset[int] = frozenset()
) -> Claim | None:
    """The percentage change of one pair: in the clause of its end (else its start), with a change
    word; never a figure that is itself an end of a change ('fell to 2.94 per cent from 3.02')."""
    lex = _lex()
    for clause in (end.clause, start.clause):
        for c in items:
            if c.clause != clause or c.unit != "percentage" or c in (start, end) or c.role is not None:
                continue
            if c.qualifier == "range":
                continue  # 'expects revenue to grow 10-12%': an estimate's range, no stated change of a pair
            if c.index in ends or _other_time(c, end):
                continue  # 'forecast for 2026 revenue to 4.62 bln … growth of about 15 pct in 2027'
            if _SHARE_OF.match(d.text, c.end):
                continue  # 'up from 5.80 crowns, equal to about 55 pct of earnings': a share, not the change
            if lex.own_end.match(d.after(c, 60)):  # 'rises 10 per cent to 8.8p': the change of the pair it names
                nxt = next((x for x in items if x.start > c.end), None)
                if nxt is not None and nxt not in (start, end):
                    continue
            if (
                lex.change.search(d.before(c, 30, clause=True))
                or lex.change.search(c.noun or "")
                or (c.predicate and lex.change.search(c.predicate))
            ) and not _across(d, c, start, end, lex.contrast_break) and not _subordinate_subject(d, c, start, end):
                if c.end <= start.start and _across(d, c, start, end, lex.new_subject):
                    continue  # 'up 11% in two years and the number of children rising from 612 to 705'
                return c
    return None


_SHARE_OF = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?(?!(?:about|some|nearly|around)\b)[a-z]")
"""After a percentage that is a share of something ('55 pct of earnings'), not a rate of change."""


def _subordinate_subject(d: _Doc, c: Claim, start: Claim, end: Claim) -> bool:
    """Whether a subordinate clause with its own subject stands between a stated change and a
    pair's ends: 'Shares rose 3% on Tuesday, as revenue reached $1.5bn from $1bn' (the 3% is
    the shares'), not 'rose 25% as mortgage rates eased, to 1.5 million from 1 million' (the
    last stretch opens with a lead-in, so the ends are the rise's)."""
    lex = _lex()
    lo, hi = _gap(c, start, end)
    gap = d.text[lo:hi]
    if hi <= lo or not lex.subordinate_break.search(gap):
        return False
    return not lex.lead_in.match(gap.rsplit(",", 1)[-1])


def _sentence_change_pct(d: _Doc, items: list[Claim], start: Claim, end: Claim) -> Claim | None:
    """The one stated change of a sentence with one pair whose ends another clause holds ('rose
    25%, the company said on Tuesday, to 1.5 million from 1 million'): taken only when no other
    percentage of the sentence could be it."""
    lex = _lex()
    cands = [c for c in items if c.unit == "percentage" and c not in (start, end) and c.role is None]
    if len(cands) != 1:
        return None
    c = cands[0]
    said_change = lex.change.search(d.before(c, 30, clause=True)) or lex.change.search(c.noun or "")
    if c.qualifier == "range" or not said_change or _SHARE_OF.match(d.text, c.end):
        return None
    lo, hi = _gap(c, start, end)
    if hi - lo > 120 or _across(d, c, start, end, lex.clause_break) or _subordinate_subject(d, c, start, end):
        return None
    last = d.text[lo:hi].rsplit(",", 1)[-1] if "," in d.text[lo:hi] else ""
    if last and not lex.lead_in.match(last):
        return None  # the other side opens with a subject of its own
    return c


def _gap(c: Claim, start: Claim, end: Claim) -> tuple[int, int]:
    """The text between a percentage and the nearer end of its pair."""
    if c.start < min(start.start, end.start):
        return c.end, min(start.start, end.start)
    if c.start > max(start.end, end.end):
        return max(start.end, end.end), c.start
    return 0, 0  # between the two ends


def _across(d: _Doc, c: Claim, start: Claim, end: Claim, breaks: re.Pattern[str]) -> bool:
    lo, hi = _gap(c, start, end)
    return hi > lo and bool(breaks.search(d.text[lo:hi]))


def _kinds_agree(lex: _Lex, a: str, b: str) -> bool:
    """Two namings of a measure that do not name two kinds of it ('operating profit' and 'net
    profit'); a bare 'profit' agrees with either."""
    ka = {m.group(0).lower() for m in lex.measure_kinds.finditer(a)}
    kb = {m.group(0).lower() for m in lex.measure_kinds.finditer(b)}
    return not (ka and kb) or bool(ka & kb)


def _subject_group(lex: _Lex, text: str) -> frozenset[str] | None:
    low = text.lower()
    for group in lex.synonyms:
        if any(re.search(rf"\b{re.escape(w)}\b", low) for w in group):
            return group
    return None


@lexicon.derived
def _changed_to_pattern() -> re.Pattern[str]:
    verbs = _alt(_lex().data.get("change_words") or [])
    return re.compile(rf"\b(?:{verbs})\b[^.;:]{{0,40}}?\bto\s+(?:about\s+|some\s+|nearly\s+)?(?:[$£€¥₹]\s?)?$", re.I)


def changed_to(before: str) -> int | None:
    """Where the change verb starts in the text before a figure that ends a stated change
    ('… fell 4 per cent to '), or None."""
    m = _changed_to_pattern().search(before)
    return m.start() if m else None


def _agree(a: Claim, b: Claim) -> bool:
    """Could two figures be the same value (their intervals meet)?"""
    return a.low <= b.high and b.low <= a.high


def _changes(d: _Doc, links: Links) -> None:
    lex = _lex()
    pairs = _pairs(d)
    by_sent: dict[int, list[tuple[Claim, Claim]]] = {}
    for s, e in pairs:
        by_sent.setdefault(e.sentence, []).append((s, e))
    stated: set[int] = set()
    ends = frozenset(x.index for pair in pairs for x in pair)
    for s, e in pairs:
        items = d.by_sent[e.sentence] if s.sentence == e.sentence else d.by_sent[e.sentence] + d.by_sent[s.sentence]
        pct = _change_pct(d, items, s, e, ends)
        if pct is None and len(by_sent[e.sentence]) == 1 and s.sentence == e.sentence:
            pct = _sentence_change_pct(d, d.by_sent[e.sentence], s, e)
        base = min(s.clause_start, e.clause_start)
        clause_text = d.text[base : max(s.clause_end, e.clause_end)]
        mult = lex.mult_re.search(clause_text)
        if mult is None and s.sentence == e.sentence and pct is None:
            # 'is still two-thirds lower than before the pandemic, with 42,000 trips … against 63,000':
            # the multiplier of the clause the pair's 'with' clause elaborates
            found = list(lex.mult_re.finditer(d.text, d.ex.sentences[e.sentence].start, base))
            if found and _WITH_CLAUSE.fullmatch(d.text, found[-1].end(), min(s.start, e.start)):
                mult, base = found[-1], 0
        if mult is not None and _nearer_pair(base + mult.end(), (s, e), by_sent.get(e.sentence, [])):
            mult = None  # 'fell by a fifth, from 48,500 to 38,800, … up from about 4 per cent': the first pair's
        if pct is not None:
            stated.add(pct.index)
        links.changes.append(_link(s, e, pct, mult, min(s.clause_start, e.clause_start)))
    # A change stated in one sentence and its ends in the next, or the other way round.
    for si, sent in enumerate(d.ex.sentences):
        own = by_sent.get(si, [])
        nxt = by_sent.get(si + 1, [])
        if not own and not nxt:
            continue  # neither branch below applies
        if len(own) == 1 and si + 1 < len(d.ex.sentences):
            later = d.ex.sentences[si + 1]
            lp = [
                c
                for c in d.by_sent.get(si + 1, [])
                if c.unit == "percentage" and c.role is None and c.index not in stated and c.index not in ends
                and not lex.own_end.match(d.after(c, 60))  # 'The dividend rises 10 per cent to 8.8p': its own
            ]
            own_pct = _change_pct(d, d.by_sent[own[0][1].sentence], *own[0])
            first_clause = lp and lp[0].clause == min(c.clause for c in d.by_sent[si + 1])
            if lp and first_clause and not nxt and not own_pct and (lex.back.match(later.text) or lp[0].definite):
                first = lp[0]
                if lex.change.search(d.before(first, 30, clause=True)) or lex.change.search(first.noun or ""):
                    stated.add(first.index)
                    links.changes.append(_link(own[0][0], own[0][1], first, None, 0))
        if not own and len(nxt) == 1 and si + 1 < len(d.ex.sentences):
            later = d.ex.sentences[si + 1]
            s, e = nxt[0]
            points_back = bool(lex.back.match(later.text))
            later_group = _subject_group(lex, later.text[:40])
            same_measure = (
                later_group is not None
                and _subject_group(lex, sent.text[:80]) == later_group
                and _kinds_agree(lex, sent.text[:80], later.text[:40])
            )

            def named(at: int, sent: Span = sent, later: Span = later, group: frozenset | None = later_group) -> bool:
                """The stated change names the measure the next sentence opens on ('its operating
                profit fell 24 pct' … 'Operating profit for the quarter was …'), with no other kind."""
                told = d.text[max(sent.start, at - 60) : at]
                return group is not None and _subject_group(lex, told) == group and _kinds_agree(
                    lex, told, later.text[:40]
                )

            if not (points_back or later_group is not None):
                continue
            pcts = [  # the sentence's stated changes (the branch above did not run: `stated` is as it was)
                c
                for c in d.by_sent.get(si, [])
                if c.unit == "percentage"
                and c.role is None
                and c.index not in stated
                and (lex.change.search(d.before(c, 30, clause=True)) or lex.change.search(c.noun or ""))
                # 'sold 1.08 mln vehicles in the quarter, up 2 pct': the change of its own figure, not
                # of the next sentence's yen
                and not any(x.end <= c.start and _countish(x) and not _same_unit(x, e)
                            and _OWN_CHANGE.fullmatch(d.between(x, c)) for x in d.by_sent[si])
            ]
            # 'rose 10 pct to 5.20 bln' names its own end: the next sentence's pair is another measure's
            # (a sum the change does not reach, 'as it tries to close a £14.6m gap', is no such end)
            if any(_same_unit(x, e) and not _agree(x, s) and not _agree(x, e) and (not pcts or _own_end(d, x, pcts))
                   for x in d.by_sent.get(si, [])):
                continue
            told = points_back or same_measure
            if len(pcts) == 1 and (told or named(pcts[0].start)) and not _change_pct(d, d.by_sent[e.sentence], s, e):
                stated.add(pcts[0].index)
                links.changes.append(_link(s, e, pcts[0], None, 0))
            m = lex.mult_re.search(sent.text)
            clause_has = lex.mult_re.search(
                d.text[min(s.clause_start, e.clause_start) : max(s.clause_end, e.clause_end)]
            )
            if m and not clause_has and (points_back or (not pcts and named(sent.start + m.start()))):
                links.changes.append(_link(s, e, None, m, sent.start))


_WITH_CLAUSE = re.compile(r"[^,;.\d]{0,60},\s*with\s+(?:about\s+|some\s+|nearly\s+)?")
"""From a multiplier to the first end of a pair its 'with' clause gives: ' than before the
pandemic, with '."""


def _own_end(d: _Doc, x: Claim, pcts: list[Claim]) -> bool:
    """A stated change's own end: a figure that ends a change, or one 'to' joins right after
    the percentage ('rose 10 pct to 5.20 bln')."""
    return x.role in ("change-to", "change-from") or any(
        p.end <= x.start and re.fullmatch(r"\s+to\s+(?:about\s+|around\s+)?(?:[$£€¥₹]\s?)?", d.between(p, x))
        for p in pcts
    )


def _nearer_pair(at: int, pair: tuple[Claim, Claim], pairs: list[tuple[Claim, Claim]]) -> bool:
    """Another pair of the sentence comes between a multiplier word (ending at `at`) and this
    pair: the word is that nearer pair's."""
    first = min(x.start for x in pair)
    return any(at <= min(x.start for x in other) < first for other in pairs if other != pair)


_OWN_CHANGE = re.compile(
    r"[^.;\d]{0,60}?,\s*(?:up|down|rising|falling|an?\s+(?:increase|rise|fall|drop)\s+of)\s+", re.I
)
"""Between a figure and the change told right after it: 'sold 1.08 mln vehicles in the quarter, up '."""


def _link(s: Claim, e: Claim, pct: Claim | None, m: re.Match | None, base: int) -> ChangeLink:
    if m is None:
        return ChangeLink(s, e, pct)
    lex = _lex()
    word = re.sub(r"\s+", " ", m.group("w").lower())
    factor = lex.mult[word]
    q = re.sub(r"\s+", " ", (m.group("q") or "").lower())
    tol = lex.mult_tol
    lo, hi = lex.mult_q.get(q, (1 - tol, 1 + tol))
    if factor < 1 and q in ("more than", "over"):
        lo, hi = 0.0, 1 + tol / 2  # 'more than halved': at most half
    if q in ("nearly", "almost", "close to"):  # the qualifier's own range, and half the tolerance for rounding
        lo, hi = max(0.0, lo - tol / 2), hi + tol / 2
    if q in ("more than", "over") and factor >= 1:
        lo = 1 - tol / 2
    return ChangeLink(s, e, pct, m.group("w"), factor, (factor * lo, factor * hi), (base + m.start(), base + m.end()))


# --- breakdowns ---------------------------------------------------------------------------

_LIST_GAP = re.compile(
    r"^(?:[^.;:\d]|(?<=\bSt)\.|(?<=\bMt)\.|(?<=\bDr)\.|(?<=\bFt)\.){0,45}?"  # 'taken to St. Luke's, 12 to …'
    r"(?:,\s*(?:and\s+|with\s+|while\s+)?|\s+and\s+|\s+with\s+|;\s*|\s+to\s+)"
    r"(?:[\w'’\-]+\s+){0,5}?(?:with\s+|on\s+)?$",
    re.I,
)


def _runs(d: _Doc, items: list[Claim]) -> list[list[Claim]]:
    """Runs of same-unit figures joined as a list ('27 seats, the Conservatives 19, ... and independents 3')."""
    runs: list[list[Claim]] = []
    cur: list[Claim] = []
    for c in items:
        if (
            not _countish(c)
            or c.role in ("change-from", "change-to")
            or c.kind == "age"
            or re.search(r"[-–]\s*$", d.before(c, 4))
        ):
            if cur:
                runs.append(cur)
            cur = []
            continue
        if cur and _same_unit(cur[-1], c) and _LIST_GAP.match(d.between(cur[-1], c)):
            cur.append(c)
        else:
            if cur:
                runs.append(cur)
            cur = [c]
    if cur:
        runs.append(cur)
    # A list ends at its conjunction: 'and independents 3', 'to Deverell's 21,400'.
    out = []
    for r in runs:
        while len(r) >= 2:
            j = next((j for j in range(1, len(r)) if _CONJ.search(d.between(r[j - 1], r[j]))), None)
            if j is None:
                break
            out.append(r[: j + 1])
            r = r[j + 1 :]
    return out


_CONJ = re.compile(r"\band\s+(?:[\w'’\-]+\s+){0,4}$|\bto\s+[\w\-]+['’]s\s+$", re.I)
"""The conjunction before a list's last item ('…, 17 and independents 3'); an 'and' inside a
part's own phrase ('£25 million for road and junction improvements, £11 million …') is not."""


def _drop_subtotals(parts: list, exact: bool = False) -> list:
    """'19 were taken to hospital, 12 to A and 7 to B': a figure that is the sum of the next
    ones is their subtotal, not another part. Shares are held to their written values
    (`exact`): 'Rhee on 34 per cent, Amadi on 21 and Boone on 14' is no subtotal, though 21
    and 14 rounded could make 34."""
    out = list(parts)
    i = 0
    while i < len(out) - 2:
        lo = hi = 0.0
        for j in range(i + 1, len(out)):
            lo, hi = (lo + out[j].value, hi + out[j].value) if exact else (lo + out[j].low, hi + out[j].high)
            if exact and j > i + 1 and abs(lo - out[i].value) < 0.15:
                del out[i]
                break
            if not exact and j > i + 1 and lo <= out[i].high and out[i].low <= hi:
                del out[i]
                break
        else:
            i += 1
    return out


def _kind_of(d: _Doc, run: list[Claim]) -> str | None:
    """The head class a breakdown counts: its own nouns, the kinds they name, or the sentence's subject."""
    lex = _lex()
    klass = frames.frame_lexicon().klass
    heads = {_noun_head(c) for c in run} - {None}
    mapped = {lex.part_nouns.get(h) or klass(h) for h in heads}
    if len(mapped) == 1:
        return mapped.pop()
    if mapped:
        return None
    if run[0].kind == "money":
        return "money"
    words = [frames.frame_lexicon().lemma(w) for w in _WORD.findall(d.sent_text(run[0].sentence)[:60].lower())[:4]]
    for w in words:
        if w in lex.total_anaphors:
            return lex.total_anaphors[w]
    return None


def _total_head(d: _Doc, c: Claim) -> str | None:
    lex = _lex()
    m = lex.compound.match(d.after(c, 12))
    if m:
        return frames.frame_lexicon().lemma(m.group("n").lower())
    if c.kind == "money":
        return "money" if c.frame == "budget" or _noun_head(c) in lex.total_anaphors else None
    h = _noun_head(c)
    if h is None:
        return None
    return lex.total_anaphors.get(h) or c.head or frames.frame_lexicon().klass(h)


def _breakdowns(d: _Doc, links: Links, scores: list[Breakdown]) -> None:
    lex = _lex()
    links.breakdowns.extend(scores)
    for items in d.by_sent.values():
        for whole, parts in _of_head_parts(d, items):
            if len(parts) >= 2:
                exact = bool(lex.catch_all.search(d.text[parts[0].start : parts[-1].end + 20]))
                links.breakdowns.append(Breakdown(whole, tuple(_drop_subtotals(parts)), exact, tuple(parts)))
        counts = [c for c in items if c.kind == "count" and c.qualifier != "range"]
        for t_i, total in enumerate(counts):  # 'two died and four were hurt, seven casualties in all'
            sent_before = d.before(total, 40)
            if t_i < 2 or not (lex.total_after.match(d.after(total, 40)) or lex.total_before.search(sent_before)):
                continue
            parts = counts[:t_i]
            kind, head = _kind_of(d, parts), _total_head(d, total)
            if (
                all(_LIST_GAP.match(d.between(a, b)) for a, b in itertools.pairwise(parts))
                and not (
                    lex.partial.search(d.text[parts[0].start : total.start]) or any(p.role == "part" for p in parts)
                )
                and (kind is None or head is None or kind == head)
            ):
                links.breakdowns.append(Breakdown(total, tuple(parts), True))
    # A list sentence and the total a nearby sentence gives.
    of_parts = {p.index for b in links.breakdowns for p in b.parts if isinstance(p, Claim)}
    for si, items in sorted(d.by_sent.items()):
        for run in _runs(d, items):
            if any(c.index in of_parts for c in run):
                continue
            lead = d.text[max(d.ex.sentences[si].start, run[0].start - 25) : run[0].start]
            span_text = lead + d.text[run[0].start : run[-1].end + 25]
            tail = d.text[run[-1].end : run[-1].end + 25]
            if (
                lex.partial.search(d.text[run[0].start : run[-1].end])
                or any(c.qualifier for c in run)
                or re.search(r"\b(?:including|among\s+them|such\s+as|other)\b", lead, re.I)
                or re.search(r"\b(?:among\s+them|such\s+as|other)\b", tail, re.I)
                # '14 medals including …' is partial; 'nine adults, including the driver' a subgroup of the last part
                or re.match(r"\s+including\b", tail, re.I)
            ):
                continue
            head_total = _head_total(d, run)
            if head_total is not None:  # '14 medals, with five golds, four silvers and four bronzes'
                rest = run[1:]
                exact = (
                    bool(lex.catch_all.search(span_text))
                    or _covers_set(rest, _total_head(d, head_total))
                    or bool(lex.made_of.match(d.between(run[0], run[1])))  # 'made up of' names all the parts
                )
                links.breakdowns.append(Breakdown(head_total, tuple(_drop_subtotals(rest)), exact, tuple(rest)))
                continue
            made = _made_of_before(d, run)
            if made is not None:  # 'rose 12 pct to 3.4 bln dlrs in the quarter, made up of 2.1 bln … and 1.1 bln'
                links.breakdowns.append(Breakdown(made, tuple(_drop_subtotals(run)), True, tuple(run)))
                continue
            total = _composed_whole(d, run)  # 'The 48-seat council now has 22 Liberal Democrats, ...'
            if total is None and _gapped_run(d, run):
                # 'Of those, 17 were taken to St. Luke's, 12 to Mercy General and 11 to Valley':
                # parts that share the first's verb split the group the fronted phrase points at
                fronted = _fronted_whole(d, run[0], last=True)
                if fronted is not None and fronted.sentence < run[0].sentence:
                    links.breakdowns.append(Breakdown(fronted, tuple(_drop_subtotals(run)), False, tuple(run)))
                    continue
            if total is None:
                kind = _kind_of(d, run)
                if kind is None:
                    continue
                total = _nearby_total(d, run, kind)
                if total is None or not _points_at(d, run, total, kind):
                    continue
            exact = (
                (bool(lex.compound.match(d.after(total, 12))) and bool(lex.catch_all.search(span_text)))
                or (total.sentence == run[0].sentence and bool(lex.made_of.match(d.between(total, run[0]))))
                or _split_into(d, total, run)
                or _covers_set(run, _total_head(d, total))
            )
            links.breakdowns.append(Breakdown(total, tuple(_drop_subtotals(run)), exact, tuple(run)))


_GAPPED_PREP = re.compile(r"\s+(to|at|in|into|from|for|with|on|by)\b", re.I)


def _gapped_run(d: _Doc, run: list[Claim]) -> bool:
    """A list whose later parts leave out the first part's verb and keep its preposition ('17
    were taken to St. Luke's, 12 to Mercy General and 11 to Valley'): one way of splitting a
    group, not two ways of counting it ('14 were children and 12 were over 60')."""
    if len(run) < 2 or any(c.noun is not None or c.predicate is not None for c in run[1:]):
        return False
    preps = [_GAPPED_PREP.match(d.text, c.end) for c in run[1:]]
    if any(m is None for m in preps):
        return False
    first = d.text[run[0].end : run[1].start]
    return all(re.search(rf"\b{m.group(1)}\b", first, re.I) for m in preps if m is not None)


def _made_of_before(d: _Doc, run: list[Claim]) -> Claim | None:
    """The figure right before a run, in its sentence and unit, that a verb of make-up names
    the run's total ('to 3.4 bln dlrs in the three months to December 31, made up of 2.1 bln
    dlrs from hardware and 1.1 bln dlrs from services'): the end of a change may be one."""
    first = run[0]
    earlier = [c for c in d.by_sent[first.sentence] if c.end <= first.start and _same_unit(c, first)]
    if len(run) < 2 or not earlier:
        return None
    prev = earlier[-1]  # the nearest of the unit: a period ('the three months to') may stand between
    if prev.role not in (None, "change-to") or prev.qualifier == "range":
        return None
    return prev if _lex().made_of_dated.match(d.between(prev, first)) else None


def _head_total(d: _Doc, run: list[Claim]) -> Claim | None:
    """A run whose first figure is the total of the rest: a verb of make-up joins them ('a £42
    million package, made up of £25 million for …'), or its head is the kind the others name
    ('14 medals, with five golds, four silvers ...') and 'with' or a colon joins them."""
    lex = _lex()
    if len(run) >= 3 and lex.made_of.match(d.between(run[0], run[1])):
        return run[0]  # a verb of make-up names the rest as the first figure's parts
    if len(run) < 3 or not re.match(r"^[^\d]{0,30}?(?:,\s*with\s|\s+with\s|:\s*)", d.between(run[0], run[1]), re.I):
        return None
    rest = run[1:]
    kinds = {lex.part_nouns.get(_noun_head(c) or "") for c in rest}
    kind = _total_head(d, run[0])
    return run[0] if kind is not None and kinds == {kind} else None


def _covers_set(parts: list[Claim], kind: str | None) -> bool:
    """Parts that name every kind of their total (gold, silver and bronze medals) cover it."""
    full = _lex().complete_sets.get(kind or "")
    return bool(full) and {_noun_head(c) for c in parts} >= full


def _composed_whole(d: _Doc, run: list[Claim]) -> Claim | None:
    """A compound whole that a verb of make-up joins to the list right after it: 'the 48-seat
    council now has 22 ...', 'the 12-member board is made up of 7 ...'."""
    first = run[0]
    before = [c for c in d.by_sent.get(first.sentence, []) if c.end <= first.start]
    if not before or not _same_unit(before[-1], first) or before[-1].role is not None:
        return None
    total = before[-1]
    return total if _lex().composition.match(d.between(total, first)) else None


def _split_into(d: _Doc, total: Claim, run: list[Claim]) -> bool:
    """'The $12 million package is split three ways: ...' (or 'a $12 million package. The money is
    split three ways: ...'): the parts are the whole of the total, unless a stated number of ways
    is not the number of parts (the list-count rule's business) or a figure-less remainder ends
    the list ('..., £6m for drainage and the rest for repairs')."""
    lex = _lex()
    if total.sentence == run[0].sentence:
        lo = total.end
    elif total.sentence == run[0].sentence - 1:
        lo = d.ex.sentences[run[0].sentence].start
    else:
        return False
    if not lex.split.search(d.text[lo : run[0].start]) or lex.catch_all.search(d.after(run[-1], 80)):
        return False
    ways = [c for c in d.by_sent[run[0].sentence] if lo <= c.start < run[0].start and c.kind == "count"]
    return all(c.value == len(run) for c in ways)


def _points_at(d: _Doc, run: list[Claim], total: Claim, kind: str) -> bool:
    """A breakdown in another sentence belongs to a total marked as a whole ('the 60-seat
    chamber', 'a total of 39,850 ballots'), or its sentence points back at the total ('The
    casualties were taken to ...', 'The plan earmarks ...'), or its parts name kinds of it
    ('six gold, five silver and four bronze')."""
    lex = _lex()
    if total.sentence == run[0].sentence or lex.compound.match(d.after(total, 12)):
        return True
    if lex.total_before.search(d.before(total, 30)) or lex.cast.match(d.after(total, 40)):
        return True
    opening = [frames.frame_lexicon().lemma(w.lower()) for w in _WORD.findall(d.sent_text(run[0].sentence)[:50])[:4]]
    if any(lex.total_anaphors.get(w) == kind for w in opening):
        return True
    if _noun_head(total) in opening:
        return True
    return any(lex.part_nouns.get(_noun_head(c) or "") == kind for c in run)


def _nearby_total(d: _Doc, run: list[Claim], kind: str) -> Claim | None:
    """The figure a few sentences back (or the next one) that a breakdown adds up to."""
    lex = _lex()
    si = run[0].sentence
    ids = {c.index for c in run}
    frames_of_run = {c.frame for c in run}
    frame = frames_of_run.pop() if len(frames_of_run) == 1 else None
    for sj in [*range(si, max(-1, si - _MAX_BACK - 1), -1), si + 1]:
        found = d.by_sent.get(sj, [])
        for c in (found if sj > si else reversed(found)):  # the next sentence's first figure opens it
            if c.index in ids or not _same_unit(c, run[0]) or c.qualifier in ("range", "lower", "upper"):
                continue
            if lex.margin.search(d.before(c, 20)) or lex.not_total.match(d.after(c, 30)):
                continue  # 'beating Doyle by 2,140 votes' is a margin; '211 informal votes' are no total
            if frame is not None and c.frame != frame:
                continue  # '377 injured and 139' add up to injuries, not to '66 patients' flown out
            if sj == si and c.start > run[0].start:
                continue
            if sj > si and not (lex.total_before.search(d.before(c, 30)) or lex.cast.match(d.after(c, 40))):
                continue
            if c.increment or c.role in ("part", "change-from", "change-to"):
                continue
            if _total_head(d, c) == kind:
                return c
    return None


def _scores(d: _Doc) -> list[Breakdown]:
    """'scored a hat-trick as X beat Y 2-1': one player's goals are part of the higher score."""
    lex = _lex()
    out: list[Breakdown] = []
    cued = sentences_with(d.ex, lex.goal_cues)
    for s in d.ex.sentences:
        if cued is not None and s.index not in cued:
            continue  # no goal word ('hat-trick'): goal_re cannot match
        g = lex.goal_re.search(s.text)
        m = lex.score_re.search(s.text) if g else None
        if not g or not m:
            continue
        goals = lex.goals.get(re.sub(r"\s+", " ", g.group(0).lower()), 0.0)
        top = max(int(m.group(1)), int(m.group(2)))
        a, b = s.start + m.start(1), s.start + m.end(2)
        part = Span(g.group(0), s.start + g.start(), s.start + g.end(), goals, goals)
        out.append(Breakdown(Span(d.text[a:b], a, b, top, top), (part,), False))
    return out


# --- shares of one whole ------------------------------------------------------------------


_SHARE_BASE = re.compile(
    r",?\s*(?:up|down)\s+from\s+(?:about\s+)?\d[\d.,]*\s*(?:per\s*cent|percent|%|pct)(?:\s+(?:in|at)\s+[^,;.]{1,20})?",
    re.I,
)
"""A share's earlier value told beside it ('52 per cent, down from 61 per cent in 2024'): the
base of a change, not another share of the whole."""


_COUNTING_BEFORE = re.compile(r"\b(?:counting|counted|tallying|tallied)\s+(?:about\s+|nearly\s+)?$", re.I)
_OF_WHAT = re.compile(r"^\s+of\s+(?:the\s+|all\s+)?([a-z]+(?:\s+[a-z]+){0,2})", re.I)


def _count_progress(d: _Doc, c: Claim) -> bool:
    """A percentage that tells how far a count got ('after counting 99.8 pct of ballots', 'with
    85 percent of precincts reporting'), never a share of the vote."""
    m = _OF_WHAT.match(d.after(c, 50))
    if m is None:
        return False
    said = m.group(1).lower()
    # 'with 85 percent of precincts reporting' (frames lexicon: progress_phrases), or what such a
    # phrase counts after a counting verb ('after counting 99.8 pct of ballots')
    phrases = frames.frame_lexicon().progress
    if any(said.startswith(p) for p in phrases):
        return True
    return bool(_COUNTING_BEFORE.search(d.before(c, 24))) and any(said.startswith(p.split()[0]) for p in phrases)




def _share_pcts(d: _Doc, si: int) -> list[Claim]:
    """The percentages of a sentence that can be shares of one whole (the sentence's own
    words are read only when it has one: most sentences have none)."""
    text = d.sent_text(si)
    base = d.ex.sentences[si].start
    bases = [(base + m.start(), base + m.end()) for m in _SHARE_BASE.finditer(text)] if "from" in text else []
    pcts = [
        c
        for c in d.by_sent.get(si, [])
        if c.unit == "percentage"
        and (
            c.role is None
            or (c.role == "change-to" and any(a == c.end for a, _ in bases))
            or _share_of_sum(d, c) is not None
        )
        and c.qualifier != "range"
        and not c.increment
        and not _count_progress(d, c)  # 'after counting 99.8 pct of ballots': how far the count got
    ]
    if not pcts:
        return pcts
    lex = _lex()
    if bases:  # 'Labour held Castle ward with 52 per cent, down from 61 per cent in 2024, …': 61 is a base
        pcts = [c for c in pcts if not any(a <= c.start < b for a, b in bases)]
        for a, b in bases:
            text = text[: a - base] + " " * (b - a) + text[b - base :]
    for c in pcts:  # the words of a share's whole tell of the whole, not of the share: '58% of its annual revenue'
        if (span := _share_of_sum(d, c)) is not None:
            a, b = span
            text = text[: a - base] + " " * (b - a) + text[b - base :]
    text = lex.not_change.sub(" ", text)  # 'fell short of a majority' is no change of a share
    text = lex.share_cues.sub(" ", text)  # 'made up 61 pct': a share word is no change word
    if lex.not_share.search(text) or lex.multi.search(text):
        return []
    if any(lex.not_share_before.search(d.before(c, 20)) for c in pcts):
        return []
    return pcts


def _share_of_sum(d: _Doc, c: Claim) -> tuple[int, int] | None:
    """The span of the sum a percentage is a share of, told right after it with its noun ('58% of
    its £2.3bn annual revenue'), or None: such a percentage is the first of a breakdown's shares."""
    if c.role != "part" or c.link not in d.index:
        return None
    whole = d.index[c.link]
    if whole.sentence != c.sentence or whole.unit == "percentage" or not whole.noun:
        return None
    if not re.fullmatch(r"\s+of\s+(?:the|its|their|his|her)?\s*", d.between(c, whole), re.I):
        return None
    at = d.text.find(whole.noun, whole.end, whole.end + 4 + len(whole.noun))
    return (c.end, at + len(whole.noun)) if at >= 0 else None


def _share_end(d: _Doc, c: Claim) -> int:
    """Where a share's own words end: after the sum it is a share of, when it names one."""
    span = _share_of_sum(d, c)
    return span[1] if span else c.end


def _whole_of(d: _Doc, c: Claim) -> str | None:
    _det, head, _ = d.of_phrase(c)
    return head


def _share_groups(d: _Doc, links: Links) -> None:
    lex = _lex()
    n = len(d.ex.sentences)
    si = 0
    while si < n:
        pcts = _share_pcts(d, si)
        if not pcts:
            si += 1
            continue
        group, cued = list(pcts), bool(lex.share_cues.search(d.sent_text(si)))
        sj = si + 1
        while sj < n:
            nxt = _share_pcts(d, sj)
            if not nxt or _share_of_sum(d, nxt[0]) is not None or (  # a sentence naming its own sum starts anew
                not lex.continuation.search(d.sent_text(sj))
                and not (len(nxt) >= 2 and _gapped(d, nxt))
                and not (_held(d, group) and _held(d, nxt))
            ):
                break
            group.extend(nxt)
            cued = cued or bool(lex.share_cues.search(d.sent_text(sj)))
            sj += 1
        si = sj
        if len(group) < 2 or not cued:
            continue
        if any(
            len(_WORD.findall(_SHARE_BASE.sub(" ", d.text[_share_end(d, a) : b.start]))) > 9
            for a, b in itertools.pairwise(group)
            if a.sentence == b.sentence
        ):
            continue  # words between two shares, leaving out a share's earlier value ('down from 61 per cent')
        wholes = {_whole_of(d, c) for c in group} - {None} - lex.generic_wholes
        if len(wholes) > 1:
            continue
        links.share_groups.append(tuple(_drop_subtotals(group, exact=True)))


_HELD = re.compile(r"\b(?:won|took|secured|got|received|polled|gained|with)\s+(?:about\s+|nearly\s+|just\s+)?$", re.I)


def _held(d: _Doc, pcts: list[Claim]) -> bool:
    """Every share is what a party or candidate won ('took 38.5 pct', 'won 19.1 pct'): results
    of one vote, however many sentences tell them."""
    return all(_HELD.search(d.before(c, 24)) for c in pcts)


def _gapped(d: _Doc, pcts: list[Claim]) -> bool:
    """'Gas provided 28 per cent, nuclear 15 per cent': a list whose later items drop the verb."""
    return any(
        re.fullmatch(
            r"\s*(?:,|,?\s+and)\s+(?:the\s+)?[\w'’\-]+(?:\s+[\w'’\-]+){0,2}\s+(?:on\s+)?", d.between(a, b), re.I
        )
        for a, b in itertools.pairwise(pcts)
    )


# --- ratios and percentages ---------------------------------------------------------------

_STOP = frozenset(
    "the a an of in on at to for and or but that this with from by was were is are be been have has had they their "
    "said says say per cent percent pct who which what than more less about some region".split()
)


def _group(d: _Doc, c: Claim) -> tuple[str | None, bool]:
    """The group a ratio or a percentage is of: (head noun, points back with 'those ...')."""
    if c.role == "part" and c.link in d.index:
        w = d.index[c.link]
        return _noun_head(w) or d.of_phrase(w)[1], False
    det, head, participle = d.of_phrase(c)
    if (det in ("those", "these") and (participle or head is None)) or head in _lex().group_anaphors:
        return None, True
    if head:
        return head, False
    return (_noun_head(c) if c.noun else None), False


def _content(d: _Doc, c: Claim, skip: str | None) -> set[str]:
    lemma = frames.frame_lexicon().lemma
    words = {lemma(w.lower()) for w in _WORD.findall(d.text[c.clause_start : c.clause_end]) if len(w) > 3}
    return {w for w in words if w not in _STOP and w != skip}


def _ratios(d: _Doc, links: Links) -> None:
    lex = _lex()
    fl = frames.frame_lexicon()
    ratios = [c for c in d.ex.claims if c.kind == "fraction" and 0 < c.value < 1]
    pcts = [c for c in d.ex.claims if c.unit == "percentage" and c.role in (None, "part") and c.qualifier != "range"]
    for r in ratios:
        rg, _ = _group(d, r)
        if rg is None or lex.subgroup.search(d.before(r, 80, clause=True)):
            continue
        if lex.conditional.search(d.before(r, 80, clause=True)):
            continue  # 'if no candidate wins more than half': a condition, not a claim
        aims = [p for p in pcts if not lex.target.search(d.text[p.clause_start : p.clause_end])]
        # 'The national target is for 99 per cent of homes': an aim, not the ratio
        restating = next(
            (
                p for p in aims
                if (p.sentence == r.sentence and p.start > r.end and lex.restating.search(d.between(r, p)))
                or (p.sentence == r.sentence + 1
                    and lex.restating_next.match(d.text[d.ex.sentences[p.sentence].start : p.start]))
            ),
            None,
        )
        if restating is not None:  # 'One in four adults …, or 40 per cent', 'One in five adults, 26 per cent,'
            links.ratios.append(RatioLink(r, restating, *_ratio_interval(d, r)))
            continue
        voted = _vote_side(d, r)
        if voted is not None:  # 'Two-thirds of nurses balloted have voted for …' … '45% … had voted in favour'
            p = next((p for p in aims if p.sentence != r.sentence and 0 < abs(p.sentence - r.sentence) <= 3
                      and _vote_side(d, p) == voted), None)
            if p is not None:
                links.ratios.append(RatioLink(r, p, *_ratio_interval(d, r)))
                continue
        for p in aims:
            if abs(p.sentence - r.sentence) > 2 or p.sentence == r.sentence:
                continue
            if lex.subgroup.search(d.before(p, 80, clause=True)) or lex.change.search(d.before(p, 30, clause=True)):
                continue
            pg, anaphor = _group(d, p)
            if pg != rg and not (anaphor and p.sentence == r.sentence + 1 and fl.klass(rg) == "people"):
                continue
            if abs(p.sentence - r.sentence) > 1 and not (_content(d, r, rg) & _content(d, p, rg)):
                continue
            if _another_year(p, r):
                continue  # 'He won in 2022 with 44 per cent': another time's share
            lo, hi = _ratio_interval(d, r)
            links.ratios.append(RatioLink(r, p, lo, hi))
            break


def _vote_side(d: _Doc, c: Claim) -> str | None:
    """The side of a vote a ratio or a percentage counts, told after it in its clause ('have
    voted for industrial action', 'vote in favour'), unless the clause is a bar or a turnout."""
    lex = _lex()
    after = d.text[c.end : c.clause_end]
    for side, rx in lex.vote_sides:
        m = rx.search(after)
        if m and m.start() <= 80 and not lex.vote_share_not.search(d.before(c, 30, clause=True) + after[: m.start()]):
            return side
    return None


def _another_year(p: Claim, r: Claim) -> bool:
    """A percentage dated by a year it names ('won in 2022 with 44 per cent') that does not hold
    the ratio's own time (or the ratio has none)."""
    if not (p.as_of_text and re.search(r"\b(?:1[89]|20)\d\d\b", p.as_of_text)) or p.as_of_text == r.as_of_text:
        return False
    if r.as_of_low is None or p.as_of_low is None or p.as_of_high is None:
        return True
    return not p.as_of_low <= r.as_of_low <= p.as_of_high


def _ratio_interval(d: _Doc, r: Claim) -> tuple[float, float]:
    """The ratio as a percentage interval: its qualifier's looseness, else the idiom's own."""
    lex = _lex()
    q = re.match(rf"(?P<q>{_alt(lex.mult_q)})\s", r.text, re.I)
    if q:
        lo, hi = lex.mult_q[re.sub(r"\s+", " ", q.group("q").lower())]
        return 100 * r.value * lo, min(100.0, 100 * r.value * hi)
    if r.low < r.high:
        return 100 * r.low, 100 * r.high
    return 100 * r.value * (1 - lex.ratio_tol), 100 * r.value * (1 + lex.ratio_tol)


# --- entry point --------------------------------------------------------------------------

@per_document
def links(ex: Extraction) -> Links:
    """Every arithmetic link of one document (computed once per extraction)."""
    d = _Doc(ex)
    out = Links()
    _part_whole(d, out)
    _frame_subsets(d, out)
    _shares(d, out)
    _changes(d, out)
    _breakdowns(d, out, _scores(d))
    _share_groups(d, out)
    _ratios(d, out)
    return out


@per_document
def linked_parts(ex: Extraction) -> frozenset[int]:
    """The claims (by index) that the arithmetic links read as a part of an earlier whole ('Of
    the injured, six …', '31 of whom'): a subgroup, never the measure's own total."""
    return frozenset(pw.part.index for pw in links(ex).part_whole if pw.part.index != pw.whole.index)
