"""People in an article: person mentions, surname and pronoun coreference, and the ages and
birth dates bound to each person.

A light entity layer, not a parser. A capitalised run of words ("Det Constable Ann Lee",
"Raymond Okonjo", "A. Dodd", "Mary-Jane O'Neill") is a name once its titles and role words
are stripped, unless it is a place or an organisation (it follows "in", "of", "from", or ends
in "Court", "Police", "Street"). Later surnames, "Mrs Lopez", "he"/"she" and "the
54-year-old" are tied back to the person they stand for; an age is bound only where its form
says whose it is ("Name, 45,", "45-year-old Name", "Name (45)", "Name, who is 45", "He was
81.", "died ..., aged 81"), with the time it is true at. Two people who share a surname stay
two people, and a mention that could be either is left unresolved: a check that meets no
person finds nothing, which is better than a finding about the wrong one.

The words (titles, pronouns, particles, place heads ...) are in `lexicon/people.yaml`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from consistency.claims import lexicon
from consistency.claims.cache import per_document
from consistency.extract.dates import DateExpr
from consistency.extract.lexicon import LIFE_EVENT_VERBS
from consistency.extract.pipeline import Extraction

# --- lexicon ------------------------------------------------------------------------------


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower().rstrip(".") for w in data.get(key) or [])


_PAST_VERB = re.compile(r"[a-z]{3,}ed")
"""A regular past tense after 'the 34-year-old' ('promised', 'vowed', 'carried'): the age is its subject's."""


@dataclass(frozen=True)
class PeopleLexicon:
    """The people lexicon, as lower-cased word sets."""

    titles: frozenset[str]
    female_titles: frozenset[str]
    male_titles: frozenset[str]
    official_titles: frozenset[str]
    descriptors: frozenset[str]
    particles: frozenset[str]
    suffixes: frozenset[str]
    male_nouns: frozenset[str]
    female_nouns: frozenset[str]
    male_pronouns: frozenset[str]
    female_pronouns: frozenset[str]
    not_names: frozenset[str]
    place_heads: frozenset[str]
    place_prepositions: frozenset[str]
    anaphor_followers: frozenset[str]
    death: re.Pattern[str]
    speech_verbs: frozenset[str]
    aside: re.Pattern[str] = re.compile(r"(?!)")  # a relative clause in commas: '…, the architect whose … in 1997,'
    pronouns: frozenset[str] = frozenset()  # male and female, for the one test per token
    company_suffixes: frozenset[str] = frozenset()  # 'Ltd', 'NV': as written, not lower-cased
    company_anaphors: frozenset[str] = frozenset()  # 'the company', 'the group': the article's own
    cap_words: dict[str, bool] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> PeopleLexicon:
        pronouns = data.get("pronouns") or {}
        deaths = sorted(_words(data, "death_verbs"), key=lambda w: (-len(w), w)) or ["died"]
        return cls(
            titles=_words(data, "titles"),
            female_titles=_words(data, "female_titles"),
            male_titles=_words(data, "male_titles"),
            official_titles=_words(data, "official_titles"),
            descriptors=_words(data, "descriptors"),
            particles=_words(data, "particles"),
            suffixes=_words(data, "suffixes"),
            male_nouns=_words(data, "male_nouns"),
            female_nouns=_words(data, "female_nouns"),
            male_pronouns=frozenset(str(w).lower() for w in pronouns.get("male") or []),
            female_pronouns=frozenset(str(w).lower() for w in pronouns.get("female") or []),
            not_names=_words(data, "not_names"),
            place_heads=_words(data, "place_heads"),
            company_suffixes=frozenset(str(w) for w in data.get("company_suffixes") or []),
            company_anaphors=_words(data, "company_anaphors"),
            place_prepositions=_words(data, "place_prepositions"),
            anaphor_followers=_words(data, "anaphor_followers"),
            death=re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in deaths) + r")\b", re.I),
            speech_verbs=_words(data, "speech_verbs"),
            aside=_aside(_words(data, "relative_pronouns")),
            pronouns=frozenset(str(w).lower() for key in ("male", "female") for w in pronouns.get(key) or []),
        )


_AT_AN_EVENT = re.compile(r"\s*,?\s*(?:when|as|after|before|by\s+the\s+time)\b", re.I)
"""After a past age: the age was true at that event's time, not at a death ('He was 25 when
he was first picked', in an obituary of a man who died at 81)."""


def _aside(pronouns: frozenset[str]) -> re.Pattern[str]:
    """A relative clause set off by commas, maybe after an appositive head ('…, the architect
    whose library won the prize in 1997,')."""
    if not pronouns:
        return re.compile(r"(?!)")
    alt = lexicon.alternation(pronouns)
    return re.compile(rf",\s*(?:[^,;:()]{{0,40}}?\s)?(?:{alt})\b[^,;:()]{{0,200}}(?:,|$)", re.I)


_lexicon_cache: list[tuple[dict[str, Any], PeopleLexicon]] = []


def people_lexicon() -> PeopleLexicon:
    """The people lexicon of the configured packs (rebuilt when `lexicon.configure` changes them)."""
    data = lexicon.load("people")
    if not _lexicon_cache or _lexicon_cache[0][0] is not data:
        _lexicon_cache[:] = [(data, PeopleLexicon.from_data(data))]
    return _lexicon_cache[0][1]


# --- results ------------------------------------------------------------------------------


@dataclass
class Person:
    """One person of an article. `given` may be empty (known by surname or title only)."""

    id: int
    surname: str
    given: tuple[str, ...] = ()
    sex: str | None = None  # "m" | "f" when a title or a pronoun says so
    official: bool = False  # a judge, officer, prosecutor: acts in someone else's story
    strong: bool = False  # introduced with a given name, a title or an age of their own
    particle: str = ""  # "van" in Ludwig van Beethoven

    @property
    def name(self) -> str:
        return " ".join(w for w in (*self.given, self.particle, self.surname) if w)


@dataclass(frozen=True)
class Mention:
    """A stretch of text that names (or stands for) a person; person is None when ambiguous."""

    start: int
    end: int
    sentence: int
    kind: str  # "name" | "surname" | "pronoun"
    person: int | None
    possessive: bool = False
    speaker: bool = False  # the subject of a speech verb: "Judge Sato said ...", "..., said Foley."
    oblique: bool = False  # after a preposition ("the rest of Upper Hasby"): not a clause subject


@dataclass(frozen=True)
class Age:
    """An age bound to a person: the claim it comes from and the time it is true at."""

    person: int
    value: int
    claim: int
    start: int
    end: int
    sentence: int
    form: str  # appositive | parenthesis | prenominal | anaphor | relative | predicate | pronoun | death | participle
    when: tuple[dt.date, dt.date] | None  # None: unknown (or the article's own, undated, time)
    present: bool  # true at the article's own time


@dataclass(frozen=True)
class Birth:
    """'born in 1979', 'was born on 9 May 1947': the span the birth date lies in."""

    person: int
    low: dt.date
    high: dt.date
    start: int
    end: int
    text: str
    sentence: int


@dataclass
class People:
    persons: list[Person] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    ages: list[Age] = field(default_factory=list)
    births: list[Birth] = field(default_factory=list)
    deaths: dict[int, tuple[dt.date, dt.date]] = field(default_factory=dict)

    def person_of(self, offset: int) -> Person | None:
        """The person a mention starting at `offset` resolves to."""
        for m in self.mentions:
            if m.start == offset and m.person is not None:
                return self.persons[m.person]
        return None


# --- tokens and name runs -------------------------------------------------------------------

# a number keeps only inner commas and points: "27," is a number and a comma
_TOKEN = re.compile(r"[A-Z]\.(?=\s)|[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+(?:[.,]\d+)*|[^\w\s]")
_AGE_WORD = re.compile(r"-(?:years?|months?|weeks?|days?)-old$", re.I)
_CAMEL_OK = re.compile(r"^(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Fitz|St)[A-Z][a-z]")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(slots=True)
class _Tok:
    """A token in or next to a capitalised run, or a pronoun (slots, not frozen: it must be cheap)."""

    start: int
    end: int
    text: str

    @property
    def bare(self) -> str:
        return self.text.rstrip(".").lower()


def _is_cap(t: str, lex: PeopleLexicon) -> bool:
    """A token that can be part of a name: capitalised, not an acronym, not 'Nineteen-year-old',
    not a brand ('WorldTour', 'iPhone'); 'McDonald', 'O'Brien', 'DeShawn' are names. The answer
    depends on the word alone, so it is remembered per lexicon (the same words recur)."""
    if not t[0].isupper():
        return False
    known = lex.cap_words.get(t)
    if known is None:
        if len(lex.cap_words) > 200_000:
            lex.cap_words.clear()
        known = lex.cap_words[t] = _cap_word(t, lex)
    return known


def _cap_word(t: str, lex: PeopleLexicon) -> bool:
    if not t[0].isupper():
        return False
    if len(t) == 2 and t[1] == ".":
        return True  # an initial
    if not any(ch.islower() for ch in t) or _AGE_WORD.search(t):
        return False
    core = _POSSESSIVE.sub("", t)
    for part in re.split(r"[-'’]", core):
        if any(ch.isupper() for ch in part[1:]) and not _CAMEL_OK.match(part):
            return False
    return core.lower() not in lex.not_names


@dataclass
class _Run:
    tokens: list[_Tok]
    titles: list[_Tok]
    prev: _Tok | None  # the token before the run
    prev2: _Tok | None
    initial: bool  # the run opens its sentence (or a quotation)
    possessive: bool = False

    @property
    def start(self) -> int:
        return (self.titles or self.tokens)[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


_Raw = tuple[int, int, str]
"""A token as (start, end, text): a sentence has dozens, and only the few in or next to a
capitalised run become _Tok objects."""


def _runs(tokens: list[_Raw], lex: PeopleLexicon) -> list[_Run]:
    """Capitalised runs ('Deputy Chief Constable Priya Nandakumar', 'Ludwig van Beethoven')."""
    runs: list[_Run] = []
    i, n = 0, len(tokens)
    while i < n:
        word = tokens[i][2]
        if not word[0].isupper() or not _is_cap(word, lex):  # the first test is _is_cap's own, inlined
            i += 1
            continue
        j = i + 1
        while j < n:
            start, _, text = tokens[j]
            _, last_end, last_text = tokens[j - 1]
            if start - last_end > 1:
                break
            if text == "." and last_text.rstrip(".").lower() in lex.titles and start == last_end:
                j += 1
                continue
            if start == last_end or (last_text.endswith("s") and _POSSESSIVE.search(last_text)):
                break
            if _is_cap(text, lex):
                j += 1
                continue
            if text in lex.particles and j + 1 < n and _is_cap(tokens[j + 1][2], lex):
                j += 1
                continue
            break
        words = [_Tok(*t) for t in tokens[i:j] if t[2] != "."]
        while words and words[-1].text in lex.particles:
            words.pop()
        prev = _Tok(*tokens[i - 1]) if i else None
        initial = prev is None or prev.text in "\"“‘'(:—–-"
        titles: list[_Tok] = []
        inner = [k for k in range(1, len(words) - 1) if words[k].bare in lex.titles]
        if inner:  # "U.S. District Judge Carla Whitman": the name follows the last title
            titles, words = words[: inner[-1] + 1], words[inner[-1] + 1 :]
        while len(words) > 1 and (words[0].bare in lex.titles or words[0].bare in lex.descriptors):
            titles.append(words.pop(0))
        if len(words) == 1 and words[0].bare in lex.titles and titles:
            words = []  # "Chief Constable" alone
        if words:
            runs.append(_Run(words, titles, prev, _Tok(*tokens[i - 2]) if i > 1 else None, initial))
        i = j
    return runs


# --- analysis -------------------------------------------------------------------------------

_STOP_GAP = frozenset(
    "and or but from of in at to with by for the a an was is who whose his her their its has had said "
    "as than then when where while on also".split()
)


class _Builder:
    """One pass over the article in text order: mentions, then ages and births."""

    def __init__(self, ex: Extraction, lex: PeopleLexicon) -> None:
        self.ex, self.lex = ex, lex
        self.text = ex.document.text
        self.out = People()
        self.lower_words = frozenset(re.findall(r"\b[a-z][a-z'’\-]*", self.text))
        self.by_sentence: dict[int, list[Mention]] = {}
        self.dates_by_sentence: dict[int, list[DateExpr]] = {}
        for d in ex.dates:
            sent = ex.sentence_at(d.start)
            if sent is not None and d.low is not None and d.high is not None:
                self.dates_by_sentence.setdefault(sent.index, []).append(d)

    # names ----------------------------------------------------------------------------

    def _new_person(
        self, surname: str, given: tuple[str, ...], titles: list[_Tok], strong: bool, particle: str = ""
    ) -> Person:
        p = Person(len(self.out.persons), surname, given, strong=strong or bool(given) or bool(titles))
        p.particle = particle
        self._learn_titles(p, titles)
        self.out.persons.append(p)
        return p

    def _title_sex(self, titles: list[_Tok]) -> str | None:
        for t in titles:
            if t.bare in self.lex.female_titles:
                return "f"
            if t.bare in self.lex.male_titles:
                return "m"
        return None

    def _learn_titles(self, p: Person, titles: list[_Tok]) -> None:
        p.sex = p.sex or self._title_sex(titles)
        for t in titles:
            if t.bare in self.lex.official_titles:
                p.official = True
            if t.bare in self.lex.titles:
                p.strong = True

    @staticmethod
    def _given_fits(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        """'A.' fits 'Alan'; 'Mateo' fits 'Flanker Mateo'; 'Drew' does not fit 'Stacy'."""
        if not a or not b:
            return True

        def same(x: str, y: str) -> bool:
            if x.endswith(".") or y.endswith("."):
                return x[0] == y[0]
            return x == y

        return any(same(x, y) for x in a for y in b)

    def _resolve_name(
        self, surname: str, given: tuple[str, ...], titles: list[_Tok], particle: str = ""
    ) -> Person | None:
        same = [p for p in self.out.persons if p.surname == surname]
        if given:
            fits = [p for p in same if p.given and self._given_fits(p.given, given)]
            if len(fits) == 1:
                return fits[0]
            if len(fits) > 1:
                exact = [p for p in fits if p.given == given]
                return exact[0] if len(exact) == 1 else None
            bare = [p for p in same if not p.given]
            if len(bare) == 1 and len(same) == 1:
                bare[0].given = given  # "Boyle" first, then "Terence Boyle"
                bare[0].strong = True
                return bare[0]
            first = [p for p in self.out.persons if not p.given and p.surname == given[0] and not p.official]
            named_so = any(p.surname == given[0] and p.given for p in self.out.persons)  # a real surname
            if len(first) == 1 and len(given) == 1 and not named_so:
                first[0].surname, first[0].given = surname, given  # "her son Daniel, 34" … "Daniel Osei"
                first[0].strong = True
                return first[0]
            return self._new_person(surname, given, titles, True, particle)
        sex = self._title_sex(titles)
        if sex and len(same) > 1:
            same = [p for p in same if p.sex == sex] if sum(p.sex == sex for p in same) == 1 else same
        if sex and same and all(p.sex not in (None, sex) for p in same):
            return self._new_person(surname, given, titles, True, particle)  # 'Mr Oakley, 71, … and Mrs Oakley, 68'
        if len(same) == 1:
            return same[0]
        if same:
            return None  # two people share the surname: don't guess
        firsts = [p for p in self.out.persons if surname in p.given]
        if len(firsts) == 1 and not titles:
            return firsts[0]  # "Ella" for Ella Hallworth
        return None

    def _is_place(self, run: _Run, last_place_end: int) -> bool:
        """'of Fenwick', 'in Paris', 'Westmere Crown Court', 'of Quarry Lane, Hedley'."""
        words = run.tokens
        if _POSSESSIVE.sub("", words[-1].text).rstrip(".").lower() in self.lex.place_heads:
            return True
        if run.titles:
            return False
        prev = run.prev
        if prev is None:
            return False
        p = prev.text.lower()
        if p in ("the", "a", "an"):
            return True  # "the Velo Rapid team": people's names take no article
        if prev.text == "," and last_place_end >= 0 and self.text[last_place_end : run.start].strip() == ",":
            known = _POSSESSIVE.sub("", words[-1].text) in {p.surname for p in self.out.persons}
            listed = re.match(r"\s*[,.;]", self.text[run.end : run.end + 3]) is not None
            return listed and not known  # "of Quarry Lane, Hedley,", not "Born in Coventry, Raman trained"
        if p in self.lex.place_prepositions:
            if p in ("of", "to"):
                comma = run.prev2 is not None and run.prev2.text == ","
                return comma or len(words) == 1
            return True
        return False

    def mentions(self) -> None:
        lex = self.lex
        pronouns = lex.pronouns
        skip = self._headlines()
        for sent in self.ex.sentences:
            if sent.index in skip:
                continue
            # The document text bounded to the sentence reads exactly as the sentence's text
            # (the pattern has no anchor or lookbehind), with offsets already absolute.
            tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(self.text, sent.start, sent.end)]
            runs = {r.start: r for r in _runs(tokens, lex)}
            last_place_end = -1
            for start, end, text in tokens:
                if text.lower() in pronouns:
                    self._pronoun(_Tok(start, end, text), sent.index)
                    continue
                run = runs.get(start)
                if run is None:
                    continue
                if self._is_place(run, last_place_end):
                    last_place_end = run.end
                    continue
                self._name(run, sent.index)

    def _name(self, run: _Run, sentence: int) -> None:
        words = [w.text for w in run.tokens]
        possessive = bool(_POSSESSIVE.search(words[-1]))
        words[-1] = _POSSESSIVE.sub("", words[-1])
        while len(words) > 1 and words[-1].rstrip(".").lower() in self.lex.suffixes:
            words.pop()
        initial = run.initial and not run.titles
        if initial and len(words) == 1 and words[0].lower() in self.lower_words:
            return  # a capitalised common word opening a sentence
        if initial and len(words) > 2 and words[0].lower() in self.lower_words:
            words.pop(0)
        surname = words[-1]
        given = tuple(w for w in words[:-1] if w not in self.lex.particles)
        k = len(words) - 1
        while k > 0 and words[k - 1] in self.lex.particles:
            k -= 1
        person = self._resolve_name(surname, given, run.titles, " ".join(words[k:-1]))
        if person is None and not given and not run.titles:
            known = any(p.surname == surname for p in self.out.persons)
            after = self.text[run.end : run.end + 20]
            aged = _INTRODUCED.match(after)
            nxt = _NEXT_WORD.match(after)
            adjective = nxt is not None and nxt.group(1) not in self.lex.anaphor_followers  # "Iraqi boy"
            if not known and (aged or not (initial or adjective)):
                person = self._new_person(surname, (), [], False)
        elif person is None and not given and run.titles and not any(p.surname == surname for p in self.out.persons):
            person = self._new_person(surname, (), run.titles, True)
        if person is not None:
            self._learn_titles(person, run.titles)
            kin = _KIN.search(self.text[max(0, run.start - 20) : run.start]) if person.sex is None else None
            if kin and (kin.group(1) in self.lex.male_nouns or kin.group(1) in self.lex.female_nouns):
                person.sex = "m" if kin.group(1) in self.lex.male_nouns else "f"
        if person is None and not any(p.surname == surname for p in self.out.persons):
            return  # not a person (an unknown capitalised word); only shared surnames stay as blockers
        after_words = _LOWER_WORD.findall(self.text[run.end : run.end + 30].lower())[:2]
        before = run.prev.text.lower() if run.prev else ""
        speaker = bool(set(after_words) & self.lex.speech_verbs) or (
            before in self.lex.speech_verbs and _CLOSES.match(self.text[run.end : run.end + 12]) is not None
        )
        oblique = before in self.lex.place_prepositions or before in _OBLIQUE
        kind = "name" if given else "surname"
        m = Mention(run.start, run.end, sentence, kind, person.id if person else None, possessive, speaker, oblique)
        self.out.mentions.append(m)
        self.by_sentence.setdefault(sentence, []).append(m)

    def _pronoun(self, tok: _Tok, sentence: int) -> None:
        sex = "m" if tok.text.lower() in self.lex.male_pronouns else "f"
        target = self._antecedent(tok.start, sentence, sex)
        if target is not None:
            p = self.out.persons[target]
            p.sex = p.sex or sex
        m = Mention(tok.start, tok.end, sentence, "pronoun", target)
        self.out.mentions.append(m)
        self.by_sentence.setdefault(sentence, []).append(m)

    def _antecedent(self, offset: int, sentence: int, sex: str) -> int | None:
        """The person a subject pronoun stands for: one person before it in its sentence, or
        the subject (first person) of the nearest earlier sentence that names someone."""

        def fits(pid: int | None) -> bool:
            return pid is not None and self.out.persons[pid].sex in (None, sex)

        here = [m for m in self.by_sentence.get(sentence, []) if m.start < offset and not m.possessive]
        if here:
            ids = list(dict.fromkeys(m.person for m in here))
            ok = [pid for pid in ids if fits(pid)]
            if len(ids) == 1:
                return ids[0] if ok else None
            return ok[0] if len(ok) == 1 else None
        for back in range(sentence - 1, max(-1, sentence - 4), -1):
            prior = [m for m in self.by_sentence.get(back, []) if not m.possessive]
            if not prior:
                continue
            subjects = [m for m in prior if not m.oblique] or prior
            first = subjects[0].person
            if fits(first):
                return first
            ok = list(dict.fromkeys(m.person for m in prior if fits(m.person)))
            return ok[0] if len(ok) == 1 else None
        return None

    def _headlines(self) -> set[int]:
        """Headline sentences (the title, or Title Case lines): capitals there are not names."""
        title = (self.ex.document.title or "").strip().strip("\"'“”")
        out = set()
        for s in self.ex.sentences:
            text = s.text.strip()
            words = _LONG_WORD.findall(text)
            title_case = len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
            if (title and text.strip("\"'“”") == title) or (title_case and text[-1:] not in '.!?"”'):
                out.add(s.index)
        return out

    # ages, births, deaths -------------------------------------------------------------------

    def _before(self, sentence: int, offset: int) -> list[Mention]:
        return [m for m in self.by_sentence.get(sentence, []) if m.end <= offset]

    def _subject(self, sentence: int, offset: int) -> int | None:
        """The first person named (or pronoun) in a sentence before an offset that is neither a
        possessive nor after a preposition: the subject of 'X ... died on Saturday'."""
        for m in self._before(sentence, offset):
            if not m.possessive and not m.oblique:
                return m.person
        return None

    def _date_in(self, sentence: int, lo: int, hi: int, asides: bool = True) -> DateExpr | None:
        """The first date in text[lo:hi] of the sentence; with `asides` false, not one inside a
        relative clause set off by commas ('Moreau, whose library won the prize in 1997, has
        died aged 84': 1997 dates the prize, not the death)."""
        skip = [] if asides else [m.span() for m in self.lex.aside.finditer(self.text, lo, hi)]
        for d in self.dates_by_sentence.get(sentence, []):
            kind_ok = d.kind in ("date", "weekday", "month", "year", "relative", "period")
            if lo <= d.start < hi and kind_ok and not any(a <= d.start < b for a, b in skip):
                return d
        return None

    def _dead(self, sentence: int, verb_at: int) -> int | None:
        """Who died: the subject of the sentence, or in 'Name, who died ...' the name before
        'who'; a relative clause about someone unnamed ('his partner (who died ...)') is no one's."""
        head = self.text[max(0, verb_at - 40) : verb_at]
        if re.search(r"\bwho\s+(?:had\s+|later\s+|then\s+)?$", head):
            who_at = verb_at - len(head) + head.rindex("who")
            prior = self._before(sentence, who_at)
            if prior and re.fullmatch(r"\s*,?\s*", self.text[prior[-1].end : who_at]) and not prior[-1].possessive:
                return prior[-1].person
            return None
        return self._subject(sentence, verb_at)

    def deaths(self) -> None:
        for sent in self.ex.sentences:
            for m in self.lex.death.finditer(sent.text):
                who = self._dead(sent.index, sent.start + m.start())
                if who is None or who in self.out.deaths:
                    continue
                d = self._date_in(sent.index, sent.start + m.end(), sent.start + m.end() + 60)
                if d is not None and d.low and d.high:
                    self.out.deaths[who] = (d.low, d.high)

    def births(self) -> None:
        for sent in self.ex.sentences:
            for m in _BORN.finditer(sent.text):
                self._birth(sent, m)

    def _birth(self, sent: Any, m: re.Match[str]) -> None:
        at = sent.start + m.end()
        date = None
        for d in self.dates_by_sentence.get(sent.index, []):
            gap = self.text[at : d.start]
            if d.start >= at and d.kind in ("date", "month", "year") and _BIRTH_GAP.fullmatch(gap):
                date = d
                break
        if date is None or date.low is None or date.high is None:
            return
        if m.start() == len(sent.text) - len(sent.text.lstrip()):  # "Born in 1979 in Leicester, she ..."
            comma = self.text.find(",", date.end, sent.end)
            after = [x for x in self.by_sentence.get(sent.index, []) if x.start > comma > 0]
            if not after or self.text[comma + 1 : after[0].start].strip() or after[0].possessive:
                return
            who = after[0].person
        else:
            prior = self._before(sent.index, sent.start + m.start())
            if not prior:
                return
            last = prior[-1]
            gap = self.text[last.end : sent.start + m.start()]
            appositive = _APPOSITIVE.fullmatch(gap) is not None and _APPOSITIVE_END.match(
                self.text, date.end
            ) is not None  # "Kenji Arai, born in 1952, joined": set off like an appositive age
            if last.possessive or not (appositive or _BORN_SUBJECT.fullmatch(gap)):
                return
            who = last.person
        if who is not None:
            self.out.births.append(Birth(who, date.low, date.high, date.start, date.end, date.text, sent.index))

    def ages(self) -> None:
        ref = self.ex.reference_date
        anaphors = []
        for c in self.ex.claims:
            if c.qualifier is not None or c.value != int(c.value) or not 0 < c.value < 125:
                continue
            if c.kind not in ("age", "count") or c.unit not in ("year", "dimensionless"):
                continue
            sent = self.ex.sentences[c.sentence]
            before = self.text[sent.start : c.start]
            after = self.text[c.end : sent.end]
            bound = self._bind(c, sent, before, after)
            if bound == "anaphor":
                anaphors.append(c)
            elif bound is not None:
                who, form, past = bound
                when = self._when(c, sent.index, who, form, past, after, ref)
                present = not past and form != "death"
                self.out.ages.append(Age(who, int(c.value), c.index, c.start, c.end, c.sentence, form, when, present))
                self.out.persons[who].strong = True
        for c in anaphors:
            who = self._anaphor(c)
            if who is not None:
                when = (ref, ref) if ref else None
                self.out.ages.append(Age(who, int(c.value), c.index, c.start, c.end, c.sentence, "anaphor", when, True))

    def _when(
        self, c: Any, sentence: int, who: int, form: str, past: bool, after: str, ref: dt.date | None
    ) -> tuple[dt.date, dt.date] | None:
        """When the age is true: the article's time for 'Name, 45,'; the death date for 'He was
        81.' in an obituary; the sentence's own date for 'then 45' and 'was 17 when ...'."""
        sent = self.ex.sentences[sentence]
        if form == "death":
            d = self._date_in(sentence, sent.start, c.start, asides=False)
            if d is not None:
                return (d.low, d.high)  # type: ignore[return-value]
            return self.out.deaths.get(who) or ((ref, ref) if ref else None)
        if not past:
            return (ref, ref) if ref else None
        if _AT_AN_EVENT.match(after):
            d = self._date_in(sentence, c.end, sent.end)  # 'was 25 when he was first picked (in 1970)'
            return (d.low, d.high) if d is not None and not self._in_birth(d) else None  # type: ignore[return-value]
        if who in self.out.deaths:
            return self.out.deaths[who]
        d = self._date_in(sentence, sent.start, sent.end)
        if d is not None and not self._in_birth(d):
            return (d.low, d.high)  # type: ignore[return-value]
        return None

    def _in_birth(self, d: DateExpr) -> bool:
        return any(b.start == d.start for b in self.out.births)

    def _bind(self, c: Any, sent: Any, before: str, after: str) -> tuple[int, str, bool] | str | None:
        """Whose age a figure is, by its form; 'anaphor' for a bare 'the 54-year-old'."""
        mentions = self.by_sentence.get(sent.index, [])
        if c.unit == "year" and _YEAR_OLD.search(c.text):
            nxt = next((m for m in mentions if m.start >= c.end), None)
            past = bool(re.search(r"\bthen\s+$", before))
            if nxt is not None and nxt.kind != "pronoun" and nxt.person is not None:
                gap = self.text[c.end : nxt.start]
                words = gap.split()
                if _PRENOMINAL_GAP.fullmatch(gap) and not set(words) & _STOP_GAP:
                    return nxt.person, "prenominal", past
            if _THE_BEFORE.search(before):
                follow = re.match(r"\s*([^\W\d_]+|[^\w\s])", after)
                word = follow.group(1) if follow else "."
                low = word.lower()
                if not word[0].isalpha() or low in self.lex.anaphor_followers or _PAST_VERB.fullmatch(low):
                    return "anaphor"  # 'the 34-year-old promised': a verb follows, no noun the age is of
            return None
        if _DEATH_AGE.search(before):
            verbs = list(self.lex.death.finditer(before))
            if verbs and len(before) - verbs[-1].end() <= 80:
                who = self._dead(sent.index, sent.start + verbs[-1].start())
                return (who, "death", True) if who is not None else None
        prior = [m for m in mentions if m.end <= c.start]
        if not prior:
            return None
        lm = _LIFE_AT.search(before)
        if lm and (_AGE_END.match(after) or _LIFE_AT_END.match(after)):  # '…, becoming at 41 the youngest'
            people = {m.person for m in prior if m.kind != "pronoun" and not m.speaker and m.person is not None}
            first = next((m for m in prior if m.kind != "pronoun" and not m.speaker and not m.oblique), None)
            if first is not None and first.person is not None and len(people) == 1:
                return first.person, "participle", lm.group("v").lower() not in ("becoming", "becomes")
        last = prior[-1]
        gap = self.text[last.end : c.start]
        end_ok = bool(_AGE_END.match(after))
        if last.kind == "pronoun":
            pm = _PRONOUN_AGE.fullmatch(gap)
            if pm and end_ok and last.person is not None:
                return last.person, "pronoun", _past(pm)
            return None
        if last.person is None or last.possessive:
            return None
        am = _APPOSITIVE.fullmatch(gap)
        if am and _APPOSITIVE_END.match(after):
            return last.person, "appositive", bool(am.group("then"))
        if _PAREN.fullmatch(gap) and re.match(r"\s*\)", after):
            return last.person, "parenthesis", False
        rm = _RELATIVE.fullmatch(gap)
        if rm and end_ok:
            return last.person, "relative", _past(rm)
        vm = _PREDICATE.fullmatch(gap)
        if vm and end_ok:
            return last.person, "predicate", _past(vm)
        return None

    def _anaphor(self, c: Any) -> int | None:
        """A bare 'the 54-year-old': the one person it can point back to, or the one whose
        known age it repeats; never an official, nor the speaker of its own sentence."""
        if any(a.value == int(c.value) and a.start < c.start for a in self._unbound_ages(c)):
            return None  # "a 54-year-old man ... the 54-year-old": the unnamed one
        seen: dict[int, None] = {}
        for m in self.out.mentions:
            if m.start >= c.start:
                break
            if m.person is None or m.kind == "pronoun":
                continue
            p = self.out.persons[m.person]
            if not p.strong or p.official or (m.sentence == c.sentence and m.speaker):
                continue
            seen[m.person] = None
        candidates = list(seen)
        if len(candidates) == 1:
            return candidates[0]
        same = [pid for pid in candidates if any(a.person == pid and a.value == int(c.value) for a in self.out.ages)]
        if len(same) == 1:
            return same[0]
        if same:
            return None
        topic = self._topic(c, candidates)
        return topic if topic is not None else self._nearest_aged(c, candidates)

    def _nearest_aged(self, c: Any, candidates: list[int]) -> int | None:
        """When every person 'the 29-year-old' can stand for has an age of their own and none is
        29 ('Liam Prest, aged 27' … 'Alan Greaves, 63' … 'the 29-year-old had sent 14
        messages'), it contradicts whichever it is: the one nearest in age. A person with no age
        yet ('Smith, 45, attacked Tom Jones. The 23-year-old …') may be the one it introduces."""
        known: dict[int, int] = {}
        for pid in candidates:
            own = [a.value for a in self.out.ages if a.person == pid and a.present and a.start < c.start]
            if not own:
                return None
            known[pid] = own[-1]
        if len(known) < 2:
            return None
        return min(known, key=lambda pid: (abs(known[pid] - int(c.value)), candidates.index(pid)))

    def _topic(self, c: Any, candidates: list[int]) -> int | None:
        """Among several people, the one a bare 'the 19-year-old' stands for: the subject of
        its own sentence ('Ines Varga beat the top seed, Amelie Croix, … the biggest win of
        the 19-year-old's career'), else of the sentence before ('Tulley, the court heard, had
        14 previous convictions. … Desai said the 33-year-old')."""
        sents = self.ex.sentences
        own = self.text[sents[c.sentence].start : c.start] if c.sentence < len(sents) else ""
        # the sentence before only when this one points back with a pronoun ('Mitigating for
        # him, Desai said the 33-year-old'); 'Smith, 45, attacked Tom Jones. The 23-year-old was
        # taken to hospital' may be either man
        back = (c.sentence, c.sentence - 1) if _POINTING_PRONOUN.search(own) else (c.sentence,)
        for sentence in back:
            first = next(
                (m for m in self.out.mentions
                 if m.sentence == sentence and m.start < c.start and m.person in candidates
                 and m.kind != "pronoun" and not m.speaker and not m.oblique),
                None,
            )
            if first is not None:
                return first.person
        return None

    def _unbound_ages(self, c: Any) -> list[Any]:
        """'a 54-year-old man', 'A 67-year-old grandmother': ages of people left unnamed."""
        bound = {a.claim for a in self.out.ages}
        out = []
        for x in self.ex.claims:
            if x.kind != "age" or x.index == c.index or x.index in bound or not _YEAR_OLD.search(x.text):
                continue
            if re.search(r"\b[Aa]n?\s+$", self.text[max(0, x.start - 4) : x.start]):
                out.append(x)
        return out


_BORN = re.compile(r"(?<![\w-])[Bb]orn\b")
_NEXT_WORD = re.compile(r"\s([a-z]+)")
_KIN = re.compile(r"([a-z]+)\s*,?\s*$")  # 'his son', 'her mother,' just before a name
_LOWER_WORD = re.compile(r"[a-z]+")
_CLOSES = re.compile(r"\s*(?:,\s*(?:aged\s+)?\d{1,3}\s*)?[,.;]")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_INTRODUCED = re.compile(r"\s*(?:,\s*(?:aged\s+)?\d{1,3}\s*,|\(\s*\d{1,3}\s*\)|,\s*who\s|\s+(?:was|is|has|had)\s)")
"""After a lone unknown capitalised word, what makes it a person: 'Smith, 45,', 'Smith, who', 'Smith was'."""
_OBLIQUE = frozenset("by with for against beat beating over under about like than".split())
_YEAR_OLD = re.compile(r"years?[\s-]old$", re.I)
_PRENOMINAL_GAP = re.compile(r"\s+(?:[a-z][a-z'’\-]*\s+){0,3}")
_PRESENT = frozenset({"is", "turns", "has turned", "is now"})
_APPOSITIVE = re.compile(r"\s*,\s*(?:(?P<then>then\s+)|now\s+|aged\s+)?")
_APPOSITIVE_END = re.compile(r"\s*(?:[,;:.)\]—–]|$)|\s+(?:and|or)\s")
_PAREN = re.compile(r"\s*\(\s*(?:aged\s+)?")
_RELATIVE = re.compile(r"\s*,?\s*who\s+(?P<v>is(?:\s+now)?|was|turns|turned|has\s+turned|had\s+turned)\s+")
_PREDICATE = re.compile(r"\s*,?\s+(?P<v>is(?:\s+now)?|was|turns|turned|has\s+turned)\s+")
_PRONOUN_AGE = re.compile(r"\s+(?P<v>is(?:\s+now)?|was|turns|turned|has\s+turned)\s+")
_AGE_END = re.compile(
    r"\s*(?:[,;:.)\]—–]|$)|\s+(?:years?\s+old|when|at\s+the\s+time|and|but|on|in|last|this|before|after)\b", re.I
)
_POINTING_PRONOUN = re.compile(r"\b(?:him|her|his|he|she)\b", re.I)
_LIFE_AT = re.compile(rf"(?:,\s*|\s+)(?P<v>{'|'.join(LIFE_EVENT_VERBS)})\s+at\s+$", re.I)
"""'…, becoming at 41 the youngest', 'retired at 65': the age of the sentence's one person at that event."""
_LIFE_AT_END = re.compile(r"\s+the\s+(?:youngest|oldest|first|last)\b", re.I)
_DEATH_AGE = re.compile(r"(?:,\s*|\s+)(?:aged\s+|at\s+(?:the\s+)?age\s+(?:of\s+)?)$", re.I)
_BIRTH_GAP = re.compile(
    r"\s+(?:(?:on|in)\s+)?(?:(?!(?:and|but|before|after|moved|then|later|was|is|had|has|that|which|who|where|when)\b)[^\s,;.]+\s+){0,6}?(?:(?:on|in)\s+)?"
)
_BORN_SUBJECT = re.compile(
    r"(?:\s*,\s*(?:aged\s+)?\d{1,3}\s*,|\s*\(\s*\d{1,3}\s*\)|\s*,[^,;]{1,60},)?\s*(?:,\s*)?(?:who\s+)?"
    r"(?:was|is|had\s+been)\s+(?:also\s+)?"
)


# Every gap `_bind` accepts between a person and an age (_PRONOUN_AGE, _APPOSITIVE, _PAREN,
# _RELATIVE, _PREDICATE, all fullmatched) ends in one of these, so the text before the age does too.
_GAP_TAIL = re.compile(r"(?:[,(]\s*|(?:is|now|was|turns|turned|then|aged)\s+)\Z")
_NAME_GAPS = (_APPOSITIVE, _PAREN, _RELATIVE, _PREDICATE)
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
# _PRENOMINAL_GAP with exactly k words: each part is maximal in a gap that ends at a name, so
# the greedy match of the k-word form is that gap.
_PRENOMINAL_K = tuple(re.compile(rf"\s+(?:[a-z][a-z'’\-]*\s+){{{k}}}") for k in range(4))


def _may_precede_name(after: str) -> bool:
    """'45-year-old Tomasz ...': a _PRENOMINAL_GAP of 0 to 3 words, then a capital letter."""
    for rx in _PRENOMINAL_K:
        m = rx.match(after)
        if m is None:
            return False  # k words do not follow, nor do k + 1
        if after[m.end() : m.end() + 1].isupper():
            return True
    return False


def may_be_age(ex: Extraction, c: Any) -> bool:
    """False when claim `c` can be no one's age whatever the people of its article are. A
    necessary condition of `_bind`, so a check that needs ages may skip the people layer when
    no claim passes: the figure `ages` takes, and either 'N-year-old' after 'the' or before a
    capitalised word, a death age after a death verb ('died ..., aged 81'), or one of the gaps
    `_bind` accepts, with an ending it accepts, after a token that can end a mention (a
    capitalised word or a pronoun)."""
    if c.qualifier is not None or c.value != int(c.value) or not 0 < c.value < 125:
        return False
    if c.kind not in ("age", "count") or c.unit not in ("year", "dimensionless"):
        return False
    lex = people_lexicon()
    sent = ex.sentences[c.sentence]
    text = ex.document.text
    before = text[sent.start : c.start]
    if c.unit == "year" and _YEAR_OLD.search(c.text):  # 'the 54-year-old' or '54-year-old Name', else no one's
        return bool(_THE_BEFORE.search(before)) or _may_precede_name(text[c.end : sent.end])
    if _DEATH_AGE.search(before) and lex.death.search(before):
        return True
    if _LIFE_AT.search(before):  # 'becoming at 41 the youngest': `_bind` reads it before any gap
        return True
    if not _GAP_TAIL.search(before, max(0, len(before.rstrip()) - 6)):  # a match starts in the last word
        return False
    after = text[c.end : sent.end]
    if not (_AGE_END.match(after) or _APPOSITIVE_END.match(after)):
        return False
    # A mention ends where a sentence token ends, and the tokens ending before the figure are
    # the same when the sentence is read only up to it (no token reaches across a gap).
    for m in _TOKEN.finditer(text, sent.start, c.start):
        word, gap = m.group(0), text[m.end() : c.start]
        if word[0].isupper() and any(p.fullmatch(gap) for p in _NAME_GAPS):
            return True
        if word.lower() in lex.pronouns and _PRONOUN_AGE.fullmatch(gap):
            return True
    return False


@per_document
def age_candidates(ex: Extraction) -> frozenset[int]:
    """The indexes of the claims that `may_be_age`, once per document (both age checks ask,
    the corpus one once per story an article is in)."""
    return frozenset(c.index for c in ex.claims if may_be_age(ex, c))


@per_document
def may_have_births(ex: Extraction) -> bool:
    """False when the article cannot state a birth date: `births` binds only a date, month or
    year (both ends known) that starts after a 'born' of its own sentence (kept per document)."""
    text = ex.document.text
    if "born" not in text and "Born" not in text:
        return False
    born: dict[int, int] = {}  # sentence -> where its first 'born' ends
    for sent in ex.sentences:
        m = _BORN.search(sent.text)
        if m is not None:
            born[sent.index] = sent.start + m.end()
    for d in ex.dates:
        if d.kind not in ("date", "month", "year") or d.low is None or d.high is None:
            continue
        sent = ex.sentence_at(d.start)
        if sent is not None and sent.index in born and d.start >= born[sent.index]:
            return True
    return False


def _past(m: re.Match[str]) -> bool:
    return " ".join(m.group("v").lower().split()) not in _PRESENT


_cache: list[tuple[Extraction, People]] = []


@per_document
def people(ex: Extraction) -> People:
    """The people of one article (computed once per extraction; the age checks share it)."""
    for seen, result in _cache:
        if seen is ex:
            return result
    b = _Builder(ex, people_lexicon())
    b.mentions()
    b.deaths()
    b.births()
    b.ages()
    b.out.ages.sort(key=lambda a: a.start)
    _cache.append((ex, b.out))
    del _cache[:-8]
    return b.out


def same_person(a: Person, b: Person, a_peers: list[Person], b_peers: list[Person]) -> bool:
    """Two articles' persons are one when their surnames match and their given names fit; a
    surname two people of either article share needs a given name on both sides."""
    if a.surname != b.surname or not _Builder._given_fits(a.given, b.given):
        return False
    shared = sum(p.surname == a.surname for p in a_peers) > 1 or sum(p.surname == b.surname for p in b_peers) > 1
    return not shared or bool(a.given and b.given)


__all__ = [
    "Age",
    "Birth",
    "Mention",
    "People",
    "PeopleLexicon",
    "Person",
    "age_candidates",
    "may_be_age",
    "may_have_births",
    "people",
    "people_lexicon",
    "same_person",
]
