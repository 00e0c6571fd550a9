"""What a figure counts: its measure frame and head noun, read from the frames lexicon.

"nine people were killed", "the death toll reached 9", "the nine who lost their lives" and
"9 dead" all count `deaths`; "212 homes destroyed" counts `destroyed/home`. A frame comes from
(in this order) a noun that names the measure, a state word ("dead", "without power"), the
verb after the figure, or the verb before it. The knowledge is in `lexicon/frames.yaml`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from consistency.claims import lexicon
from consistency.extract import phrases

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*|[,;:()—–]")
_STOP = frozenset(",;:()—–")


@dataclass(frozen=True)
class Frame:
    name: str
    nouns: frozenset[str]
    predicates: tuple[tuple[str, ...], ...]
    states: tuple[tuple[str, ...], ...]
    heads: frozenset[str]
    any_head: bool
    cumulative: bool
    exhaustive: bool
    money: bool
    fixed: bool = False
    durations: bool = False  # counts a length of time ("jailed for eight years")
    measures: bool = False  # counts a physical measure ("peaked at 5.2 metres")
    cumulative_days: int | None = None  # how long one running total lasts (a vote count: days)
    percent: bool = False  # counts a percentage ("54 per cent of the vote")
    of_nouns: frozenset[str] = frozenset()  # the nouns after "of" that name a percentage frame
    needs_subject: bool = False  # compared only when both figures say whom they are about
    per: frozenset[str] = frozenset()  # when given, the frame counts only rates per these ('a share')
    except_heads: frozenset[str] = frozenset()  # head nouns the frame never counts ('28 firefighters attended')
    results: bool = False  # a reported result: told twice it is one figure; after expectation words, a forecast
    instances: tuple[tuple[str, re.Pattern[str]], ...] = ()  # (class, words): 'a raised offer', 'rejected'
    within: frozenset[str] = frozenset()  # frames whose total for one event holds this one's ('rescued' of 'aboard')


@dataclass(frozen=True)
class Measure:
    """A figure's measure: frame (or None), head-noun class, distinguishing modifiers, key."""

    frame: Frame | None
    head: str | None
    modifiers: tuple[str, ...]
    key: str | None
    predicate: str | None
    source: str | None = None  # noun | state | predicate: what gave the frame


def _phrase(text: str, lemmatize) -> tuple[str, ...]:
    return tuple(lemmatize(w) for w in text.lower().split())


class FrameLexicon:
    """The frames lexicon, indexed for lookups by noun n-gram and by phrase start."""

    def __init__(self, data: dict) -> None:
        self._lemmas: dict[str, str] = {}  # lemma() answers: a claims pass asks for ~10 a figure
        self.overrides = {str(k).lower(): str(v).lower() for k, v in (data.get("lemmas") or {}).items()}
        self.people = frozenset(self.lemma(w) for w in data.get("people_nouns") or [])
        self.head_class: dict[str, str] = {}
        for group in data.get("head_classes") or []:
            lemmas = [" ".join(_phrase(str(w), self.lemma)) for w in group]
            for w in lemmas:
                self.head_class.setdefault(w, lemmas[0])
        self.neutral = frozenset(str(w).lower() for w in data.get("neutral_modifiers") or [])
        self.degree = frozenset(str(w).lower() for w in data.get("degree_adverbs") or [])
        self.market_nouns = frozenset(str(w).lower() for w in data.get("market_price_nouns") or [])
        distinguishing = frozenset(str(w).lower() for w in data.get("distinguishing_modifiers") or [])
        self.distinguishing = distinguishing | self.degree
        self.increments = frozenset(str(w).lower() for w in data.get("increment_words") or [])
        self.skip_after = frozenset(str(w).lower() for w in data.get("skip_after") or [])
        self.expectation_words = tuple(str(w).lower() for w in data.get("expectation_words") or [])
        self.report_words = tuple(str(w).lower() for w in data.get("report_words") or [])
        self.peak_words = tuple(str(w).lower() for w in data.get("peak_words") or [])
        self.periods = frozenset(str(w).lower() for w in data.get("period_modifiers") or [])
        self.period_class = {
            str(w).lower(): str(k) for k, ws in sorted((data.get("period_classes") or {}).items()) for w in ws or []
        }
        self.subject_links = tuple(str(w).lower() for w in data.get("subject_links") or [])
        self.object_owner_verbs = tuple(str(w).lower() for w in data.get("object_owner_verbs") or [])
        self.payment_kinds = tuple(str(w).lower() for w in data.get("payment_kinds") or [])
        self.money_modifiers = tuple(str(w).lower() for w in data.get("money_modifiers") or [])
        self.negations = frozenset(self.lemma(str(w).lower()) for w in data.get("negations") or [])
        self.skip_before = frozenset(str(w).lower() for w in data.get("skip_before") or [])
        self.progress = tuple(str(w).lower() for w in data.get("progress_phrases") or [])
        self.skip_pairs = frozenset(tuple(str(w).lower().split()) for w in data.get("skip_before_pairs") or [])
        self.frames: dict[str, Frame] = {}
        self.of_nouns: dict[str, Frame] = {}
        self.nouns: dict[tuple[str, ...], Frame] = {}
        self.phrases: dict[str, list[tuple[tuple[str, ...], Frame, str]]] = {}
        for name, spec in sorted((data.get("frames") or {}).items()):
            spec = spec or {}
            frame = Frame(
                name=str(name),
                nouns=frozenset(" ".join(_phrase(str(n), self.lemma)) for n in spec.get("nouns") or []),
                predicates=tuple(_phrase(str(p), self.lemma) for p in spec.get("predicates") or []),
                states=tuple(_phrase(str(s), self.lemma) for s in spec.get("states") or []),
                heads=frozenset(self.klass(" ".join(_phrase(str(h), self.lemma))) for h in spec.get("heads") or []),
                any_head=bool(spec.get("any_head")),
                cumulative=bool(spec.get("cumulative")),
                exhaustive=bool(spec.get("exhaustive")),
                money=bool(spec.get("money")),
                fixed=bool(spec.get("fixed")),
                durations=bool(spec.get("durations")),
                measures=bool(spec.get("measures")),
                cumulative_days=int(spec["cumulative_days"]) if spec.get("cumulative_days") else None,
                percent=bool(spec.get("percent")),
                of_nouns=frozenset(" ".join(_phrase(str(n), self.lemma)) for n in spec.get("of_nouns") or []),
                needs_subject=bool(spec.get("needs_subject")),
                per=frozenset(str(w).lower() for w in spec.get("per") or []),
                except_heads=frozenset(self.lemma(str(w).lower()) for w in spec.get("except_heads") or []),
                results=bool(spec.get("results")),
                instances=tuple(
                    (str(k).lower(), re.compile(rf"(?<![\w-])(?:{lexicon.alternation(v)})(?![\w-])", re.I))
                    for k, v in sorted((spec.get("instances") or {}).items())
                ),
                within=frozenset(str(w) for w in spec.get("within") or []),
            )
            self.frames[frame.name] = frame
            for noun in frame.nouns:
                self.nouns.setdefault(tuple(noun.split()), frame)
            for noun in frame.of_nouns:
                self.of_nouns.setdefault(noun, frame)
            for kind, seqs in (("predicate", frame.predicates), ("state", frame.states)):
                for seq in seqs:
                    self.phrases.setdefault(seq[0], []).append((seq, frame, kind))
        for entries in self.phrases.values():
            entries.sort(key=lambda e: -len(e[0]))
        self.longest = max((len(e[0]) for entries in self.phrases.values() for e in entries), default=0)

    @functools.cached_property
    def period_words(self) -> re.Pattern[str]:
        """The reporting periods an article names ('the fourth quarter', 'For the full year');
        a bare 'year' is left out: every article has 'a year earlier'."""
        words = [w for w in self.period_class if w != "year"]
        return re.compile(rf"(?<![\w-])(?:{lexicon.alternation(words)})(?![\w-])", re.I)

    @functools.cached_property
    def reported(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w-])(?:{lexicon.alternation(self.report_words)})(?![\w-])", re.I)

    @functools.cached_property
    def expectation(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w-])(?:{lexicon.alternation(self.expectation_words)})(?![\w-])", re.I)

    @functools.cached_property
    def peak(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w-])(?:{lexicon.alternation(self.peak_words)})(?![\w-])", re.I)

    @functools.cached_property
    def object_owner(self) -> re.Pattern[str]:
        """Before a name that owns the sum after it: 'The authority fined (cement maker) '."""
        verbs = lexicon.alternation(self.object_owner_verbs or ("fined",))
        return re.compile(rf"\b(?:{verbs})\s+(?:the\s+)?(?:[a-z][\w-]*\s+){{0,3}}$")

    @functools.cached_property
    def payment_kind(self) -> re.Pattern[str]:
        """After a sum told as a kind of payment: '£7,000 in costs'. Used with .match(text, pos)."""
        kinds = lexicon.alternation(self.payment_kinds or ("costs",))
        return re.compile(rf"\s+in\s+(?:legal\s+|court\s+|prosecution\s+)?({kinds})\b", re.I)

    @functools.cached_property
    def subject_money(self) -> re.Pattern[str]:
        """'Net profit rose 14 pct to ', 'Revenue for the half came to ': a money frame's noun
        before the figure, its modifiers and period, and the link to the figure."""
        nouns = sorted({n for f in self.frames.values() if f.money for n in f.nouns}, key=lambda n: (-len(n), n))
        noun_forms = {form for n in nouns for form in (n, n + "s")}
        mods = lexicon.alternation(self.money_modifiers)
        return re.compile(
            rf"(?<![\w-])(?P<mods>(?:(?:{mods})[\s-]+){{0,2}})(?P<noun>{lexicon.alternation(noun_forms)})"
            r"(?P<period>\s+(?:for|in)\s+the\s+(?:(?:first|second|third|fourth|final|latest)\s+)?"
            r"(?P<p>half|quarter|year|period|nine\s+months|six\s+months|three\s+months)"
            r"(?:\s+to\s+[A-Z][a-z]+(?:\s+\d{1,2})?)?)?"
            rf"\s+(?:{lexicon.alternation(self.subject_links)})"
            r"(?:\s+(?:by\s+)?(?:about\s+|some\s+|nearly\s+|almost\s+)?\d[\d.,]*\s*(?:pct|%|per\s*cent|percent))?"
            r"(?:\s+(?:to|at|of))?\s+(?:(?:a\s+record|about|some|nearly|almost|around|roughly|just\s+over|"
            r"just\s+under|more\s+than|over)\s+)?(?:US\$|C\$|A\$|[$£€¥₹])?\s?$",
            re.I,
        )

    def lemma(self, word: str) -> str:
        found = self._lemmas.get(word)
        if found is None:
            if len(self._lemmas) > 100_000:
                self._lemmas.clear()
            found = self._lemmas[word] = self._lemma(word)
        return found

    def _lemma(self, word: str) -> str:
        low = word.lower().strip("'’")
        if low in self.overrides:
            return self.overrides[low]
        return phrases.lemma(low) if low.isalpha() else low

    def klass(self, head: str) -> str:
        if head in self.people:
            return "people"
        return self.head_class.get(head, head)

    def phrase_at(
        self, lemmas: Sequence[str], i: int, kinds: tuple[str, ...], end: int | None = None
    ) -> tuple[Frame, int] | None:
        """The longest predicate/state phrase starting at lemmas[i] (and ending at lemmas[end]
        when given): (frame, its length)."""
        for seq, frame, kind in self.phrases.get(lemmas[i], ()):
            n = len(seq)
            if end is not None and i + n - 1 != end:
                continue
            if kind not in kinds or i + n > len(lemmas):
                continue
            # tuple(lemmas[i : i + n]) == seq, word by word: the first is the key, and a lazy
            # lemma list need not work out the rest once one differs
            k = 1
            while k < n and lemmas[i + k] == seq[k]:
                k += 1
            if k == n:
                return frame, n
        return None

    def noun_frame(self, lemmas: list[str]) -> Frame | None:
        """A frame named by the noun phrase itself: its longest suffix in the nouns index."""
        for n in range(min(3, len(lemmas)), 0, -1):
            frame = self.nouns.get(tuple(lemmas[-n:]))
            if frame is not None:
                return frame
        return None


@lexicon.derived
def frame_lexicon() -> FrameLexicon:
    return FrameLexicon(lexicon.load("frames"))



class _Lemmas(Sequence[str]):
    """The lemmas of a token list, each worked out when first read: a frame lookup reads a
    few of the ten words after a figure or the eight before it, and a word the process has
    not lemmatised yet costs simplemma tens of microseconds."""

    def __init__(self, lex: FrameLexicon, words: Sequence[str], done: list[str | None] | None = None) -> None:
        self._lex = lex
        self._words = words
        self._done = done if done is not None else [None] * len(words)

    def __len__(self) -> int:
        return len(self._words)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return _Lemmas(self._lex, self._words[i], self._done[i])
        found = self._done[i]
        if found is None:
            found = self._done[i] = self._lex.lemma(self._words[i])
        return found

    def __iter__(self) -> Iterator[str]:
        for i in range(len(self._words)):
            yield self[i]


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text)  # no groups: the whole matches


_WINDOW = 160


def _first_tokens(text: str, start: int, end: int, n: int) -> list[str]:
    """`_tokens(text[start:end])[:n]`, reading a window first: when it holds more than n
    tokens, the first n ended before the next one began inside it, so they are whole and
    the same; a clause can run on for hundreds of characters after the few words read."""
    if end - start > _WINDOW:
        found = _WORD.findall(text, start, start + _WINDOW)
        if len(found) > n:
            return found[:n]
    return _WORD.findall(text, start, end)[:n]


def _last_tokens(text: str, n: int) -> list[str]:
    """`_tokens(text)[-n:]` (n > 0), reading a tail from a space first: no token holds a
    space, so the tokens after one are the text's own, and when there are n of them they are
    its last n. The words before a figure are read from the clause's start."""
    if len(text) > _WINDOW:
        space = text.find(" ", len(text) - _WINDOW)
        if space >= 0:
            found = _WORD.findall(text, space)
            if len(found) >= n:
                return found[-n:]
    return _WORD.findall(text)[-n:]


def read_measure(
    sentence: str,
    start: int,
    end: int,
    noun: str | None,
    noun_end: int,
    clause: tuple[int, int],
    kind: str,
    old_predicate: str | None,
) -> Measure:
    """The measure of the figure at sentence[start:end] whose counted noun phrase (if any)
    ends at noun_end, reading only inside its clause."""
    lex = frame_lexicon()
    c_start, c_end = clause
    np_words = noun.split() if noun else []
    np_lemmas = [lex.lemma(w) for w in np_words]
    frame: Frame | None = None
    prenominal = False
    # A state word inside the noun phrase: "9 men dead", "the seven people injured".
    for i in range(len(np_lemmas)):
        hit = lex.phrase_at(np_lemmas, i, ("state",))
        if hit:  # "12 hurt", "the seven people injured", "the 45 hospitalised guests"
            frame = hit[0]
            if i > 0 or len(np_lemmas) == 1:
                np_words, np_lemmas = np_words[:i], np_lemmas[:i]
            else:  # a state before the noun describes them; a verb after still says what is counted
                np_words, np_lemmas = np_words[hit[1] :], np_lemmas[hit[1] :]
                prenominal = True
            break
    after = _first_tokens(sentence, noun_end, c_end, 10)
    after_lemmas = _Lemmas(lex, after)
    head_extra: list[str] = []
    # "passengers and crew", "homes and businesses": one head.
    if len(after_lemmas) >= 2 and after_lemmas[0] == "and" and after[1].isalpha() and after[1].islower():
        nxt = after_lemmas[1]
        if lex.klass(nxt) in ("people",) or nxt in lex.head_class or nxt in ("crew", "business"):
            head_extra = ["and", nxt]
            after, after_lemmas = after[2:], after_lemmas[2:]
    head = " ".join([*np_lemmas[-1:], *head_extra]) if np_lemmas else None
    source = "state" if frame is not None else None
    if prenominal:  # "two injured people died": the verb decides
        frame = _after(lex, after, after_lemmas) or frame
    if frame is None and np_lemmas and (head_extra or lex.klass(np_lemmas[-1]) != "people"):
        frame, source = lex.noun_frame([*np_lemmas, *head_extra]), "noun"
    if frame is None and kind == "measure" and len(after) > 1 and after[0].lower() == "of":
        named = lex.of_nouns.get(after_lemmas[1])  # '142mm of rain': the measure its noun names
        if named is not None and named.measures:
            frame, source = named, "noun"
    if frame is None:
        frame, source = _after(lex, after, after_lemmas), "predicate"
    if frame is None:  # the longer phrase first: 'took 52 of the passengers to hospitals' is no capture
        frame = _split_predicate(lex, sentence[c_start:start], after_lemmas) or _before(lex, sentence[c_start:start])
    if frame is None and kind == "money":
        frame = _verb_of_sum(lex, sentence[c_start:start])
    if frame is None and old_predicate:
        hit = lex.phrase_at([old_predicate], 0, ("predicate",))
        frame = hit[0] if hit and hit[1] == 1 else None
    if frame is not None and _negated(lex, after_lemmas):
        frame = None  # 'the nine who escaped unharmed' are not the hurt, whatever the verb before
    if frame is not None and not frame_fits(frame, kind):
        frame = None  # "fined 48 mln euros" is a fine; "fined 12 drivers" is not a sum of money
    if frame is not None and frame.heads and (head is None or lex.klass(head) not in frame.heads):
        frame = None
    if frame is not None and head is not None and head in frame.except_heads:
        frame = None  # 'Five engines and 28 firefighters attended': responders, not a crowd
    head_class = lex.klass(head) if head else None
    modifiers = tuple(
        w.lower() for w in np_words[:-1] if w.lower() not in lex.neutral and not w[0].isupper()
    )
    degree = next((w.lower() for w in after[:3] if w.lower() in lex.degree), None)
    if degree is not None:  # 'The three seriously injured', '27 were critically hurt': a part of the hurt
        modifiers = (*modifiers, degree)
    if frame is not None:
        if frame.any_head or head_class in (None, "people") or head in frame.nouns or frame.heads:
            key = frame.name
        else:
            key = f"{frame.name}/{head_class}"
    elif head_class:
        key = f"{old_predicate}/{head_class}" if old_predicate else head_class
    else:
        key = None
    return Measure(frame, head_class, modifiers, key, old_predicate, source if frame else None)


def fit_rate(measure: Measure, per: str | None, unit: str = "") -> Measure:
    """A frame of rates ('offer_price': per share) holds only for a rate per its unit: '615p a
    share' offered is the offer price, the '£2.1 billion' offered is not. Its key names the rate.
    A sum in pence or cents ('the 651p offer') is a price per share by the copy's own convention."""
    frame = measure.frame
    if frame is None or not frame.per:
        return measure
    if per is None and unit in _SUB_UNITS and "share" in frame.per:
        per = "share"
    if per in frame.per:
        return Measure(frame, measure.head, measure.modifiers, f"{frame.name}/per {per}", measure.predicate,
                       measure.source)
    head = measure.head
    key = (f"{measure.predicate}/{head}" if measure.predicate else head) if head else None
    return Measure(None, head, measure.modifiers, key, measure.predicate, None)


def subject_money_frame(head: str) -> tuple[Frame, tuple[str, ...]] | None:
    """The money frame named before a figure as its clause's subject ('Net profit rose 14 pct
    to 1.42 bln dlrs'), with its distinguishing words ('net', 'half' of 'for the half')."""
    lex = frame_lexicon()
    m = lex.subject_money.search(head[-160:])
    if m is None:
        return None
    noun = " ".join(lex.lemma(w) for w in m.group("noun").lower().split())
    frame = lex.nouns.get(tuple(noun.split()))
    if frame is None and noun.endswith("s"):  # the pattern's own plural ('sales' of 'sale'), which a lemma may keep
        frame = lex.nouns.get(tuple(noun[:-1].split()))
    if frame is None or not frame.money:
        return None
    mods = [w.lower() for w in re.split(r"[\s]+", m.group("mods").strip()) if w]
    mods += [w for w in noun.split()[:-1] if w in lex.distinguishing]  # 'net profit': net
    fronted = _FRONTED_PERIOD.match(head)
    if m.group("p"):
        mods.append(re.sub(r"\s+", " ", m.group("p").lower()))
    elif fronted:  # 'For the full year, net profit rose 6% to $148m'
        mods.append(re.sub(r"[\s-]+", "-", fronted.group("p").lower()).replace("-months", " months"))
    return frame, tuple(mods)


_FRONTED_PERIOD = re.compile(
    r"\s*(?:for|in|during|over)\s+the\s+(?P<p>full[\s-]year|year|quarter|half|first\s+half|second\s+half|"
    r"three\s+months|six\s+months|nine\s+months|twelve\s+months)\b",
    re.I,
)
"""A reporting period opening the clause, before the money noun."""


def instance_words(frame: Frame, clause: str) -> tuple[str, ...]:
    """The instance classes a figure's clause names ('raised' in 'Tarn agrees raised 560p offer',
    'rejected' in 'has rejected a takeover approach … at 520p a share')."""
    return tuple(name for name, rx in frame.instances if rx.search(clause))


def expected(frame: Frame, head: str) -> bool:
    """The words before a sum of a results frame make it a forecast or an estimate ('analysts
    had expected', 'guidance of', 'a consensus forecast of'), another measure than the result."""
    if not frame.results:
        return False
    lex = frame_lexicon()
    found = list(lex.expectation.finditer(head[-120:]))
    # 'raised its guidance after reporting revenue of': the figure is the result reported
    return bool(found) and not lex.reported.search(head[-120:], found[-1].end())




_SUB_UNITS = frozenset({"penny", "cent"})


def frame_fits(frame: Frame, kind: str) -> bool:
    """A frame counts one kind of figure: money, a duration, a physical measure, or a count."""
    wanted = (kind == "money", kind == "duration", kind == "measure", kind == "percent")
    return (frame.money, frame.durations, frame.measures, frame.percent) == wanted


_OF_NOUN = re.compile(r"\s+of\s+(?:the\s+|all\s+|its\s+|their\s+)?(?:([\w'’-]+)\s+)?([a-z][\w-]*)")


def percent_measure(sentence: str, end: int) -> Measure | None:
    """A percentage of a frame's noun: '54 per cent of the vote' (vote_share)."""
    m = _OF_NOUN.match(sentence, end)
    if m is None:
        return None
    lex = frame_lexicon()
    for words in ((m.group(1), m.group(2)), (m.group(1),), (m.group(2),)):
        if None in words:
            continue
        frame = lex.of_nouns.get(" ".join(lex.lemma(w) for w in words))
        if frame is not None and frame.percent:
            return Measure(frame, None, (), frame.name, None, "noun")
    return None


def _after(lex: FrameLexicon, words: list[str], lemmas: Sequence[str]) -> Frame | None:
    """A verb or state after the counted noun: 'who lost their lives', 'were shot dead',
    'others critically wounded', 'without power'."""
    i = 0
    if len(words) > 2 and words[0].lower() == "of":  # 'Six crew members of the trawler Northern Dawn remained missing'
        k = 2 if words[1].lower() in ("the", "a", "an") else 1
        while k < len(words) and words[k].islower() and k < 4:
            k += 1  # a common noun before the name ('the trawler')
        named = k
        while named < len(words) and words[named][:1].isupper():
            named += 1
        if named > k:
            i = named
    while i < len(words) and (lemmas[i] in lex.skip_after or words[i].lower() in lex.skip_after):
        i += 1
    if i >= len(words) or words[i] in _STOP:
        return None
    # "lost their lives": possessives inside a verb phrase are not part of the lexicon phrase.
    cleaned: list[str] = []
    wanted = 2 + lex.longest  # phrase_at below reads no further than cleaned[1 + longest phrase]
    for k in range(i, len(words)):
        w = lemmas[k]
        if not (k > i and w in ("their", "his", "her", "its", "the")):
            cleaned.append(w)
            if len(cleaned) == wanted:
                break
    for j in (0, 1):  # one adverb may come first: "critically wounded", "fatally shot"
        if j < len(cleaned):
            hit = lex.phrase_at(cleaned, j, ("state", "predicate"))
            if hit:
                return hit[0]
            if not cleaned[j].endswith("ly"):
                break
    return None


def _split_predicate(lex: FrameLexicon, head: str, after: Sequence[str]) -> Frame | None:
    """A predicate whose verb comes before the counted phrase and the rest after it: 'forced
    about 1,800 people from their homes' ('force from home'), possessives aside."""
    words = _last_tokens(head, 1)
    if not words or words[0] in _STOP:
        return None
    tokens = list(after[: 5 + lex.longest])
    if len(tokens) > 2 and tokens[0] == "of":  # a partitive between: '52 of the passengers to hospitals'
        tokens = tokens[3:] if tokens[1] in ("the", "their", "its", "those") else tokens[2:]
    owners = ("their", "his", "her", "its", "the")
    rest = [w for k, w in enumerate(tokens[: 2 + lex.longest]) if not (k and w in owners)]
    for seq, frame, kind in lex.phrases.get(lex.lemma(words[0]), ()):
        if kind == "predicate" and len(seq) > 1 and tuple(rest[: len(seq) - 1]) == seq[1:]:
            return frame
    return None


def _negated(lex: FrameLexicon, lemmas: Sequence[str]) -> bool:
    """The words after the counted noun say the frame does not hold ('who escaped unharmed',
    'were unhurt'): a negation among the first few, past auxiliaries and relatives."""
    i = 0
    while i < len(lemmas) and i < 4 and lemmas[i] in lex.skip_after:
        i += 1
    return any(lemmas[k] in lex.negations for k in range(i, min(i + 2, len(lemmas))))


def _before(lex: FrameLexicon, head: str) -> Frame | None:
    """The verb right before the figure ('destroyed at least 212', 'fined Norvik Shipping 48 mln')."""
    words = _last_tokens(head, 8)
    lemmas = _Lemmas(lex, words)
    i = len(words) - 1
    names = 0
    while i >= 0:
        if i + 1 < len(words) and (words[i].lower(), words[i + 1].lower()) in lex.skip_pairs:
            i -= 1
            continue
        if not (lemmas[i] in lex.skip_before or (words[i][0].isupper() and names < 4 and i > 0)):
            break
        names += words[i][0].isupper()
        i -= 1
    if i < 0 or words[i] in _STOP:
        return None
    for j in range(max(0, i - 2), i + 1):
        hit = lex.phrase_at(lemmas, j, ("predicate", "state"), end=i)
        if hit:
            return hit[0]
    # A verb with its object before the figure: "fined the company 318 mln euros".
    for det in range(i, max(-1, i - 3), -1):
        if words[det].lower() in ("the", "a", "an", "its", "their") and det > 0:
            if all(w.islower() for w in words[det + 1 : i + 1]):
                hit = lex.phrase_at(lemmas, det - 1, ("predicate",), end=det - 1)
                if hit:
                    return hit[0]
            break
    return None


def _verb_of_sum(lex: FrameLexicon, head: str) -> Frame | None:
    """A money frame's verb a few words before the sum, its object between them:
    'fined Dutch freight group Overtoom NV 318 mln euros', 'agreed to buy the toolmaker Fenwick
    Tools for 340p a share'."""
    words = _last_tokens(head, 10)
    lemmas = [lex.lemma(w) for w in words]
    for i in range(len(words) - 1, -1, -1):
        if words[i] in _STOP:
            return None
        for j in range(i, max(-1, i - 3), -1):  # a phrase ending at word i: 'pay', 'agreed to buy'
            hit = lex.phrase_at(lemmas, j, ("predicate",), end=i)
            if hit and hit[0].money:
                return hit[0]
    return None


_PROGRESS = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:%|per\s?cent|percent|pct)\s+of\s+(?:the\s+)?([a-z ]{3,40}?)(?=[,.;]|$)", re.I
)


def progress(sentence: str) -> float | None:
    """'With 85 percent of precincts reporting': how far the count had gone, as a percentage."""
    phrases = frame_lexicon().progress
    for m in _PROGRESS.finditer(sentence):
        if m.group(2).lower().strip() in phrases:
            return float(m.group(1))
    return None


def is_increment(sentence: str, start: int, end: int) -> bool:
    """'another 40', 'three more children', 'a further 12': an increment, not the total."""
    lex = frame_lexicon()
    before = _tokens(sentence[max(0, start - 20) : start])[-1:]
    after = _tokens(sentence[end : end + 20])[:1]
    return bool(
        (before and before[0].lower() in lex.increments) or (after and after[0].lower() in lex.increments)
    )
