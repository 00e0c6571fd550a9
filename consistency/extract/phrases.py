"""The words around a figure that say what it counts: the counted noun phrase, the predicate
it belongs to, and who said it. Lemmas come from simplemma (dictionary-based, no model
download), loaded on first use."""

from __future__ import annotations

import functools
import re

from consistency.extract.lexicon import NOT_COUNTED, UNIT_SURFACES

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NOUN_STOP = NOT_COUNTED | frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        # verbs of impact a counted noun's event takes: "a magnitude 6.4 earthquake struck"
        "struck",
        "shook",
        "rocked",
        "jolted",
        "hit",
        "according",
        "reported",
        "including",
        "include",
        "includes",
        "included",
        "who",
        "whom",
        "whose",
        "what",
        "why",
        "how",
        "here",
        "there",
        "now",
        "ago",
        "later",
        "earlier",
        "today",
        "yesterday",
        "tomorrow",
        "last",
        "next",
        "percent",
        "cent",
        "per",
        "p.m",
        "a.m",
        "am",
        "pm",
        "year-old",
        "years-old",
        "old",
        "away",
        "apart",
        "long",
        "high",
        "wide",
        "deep",
        "tall",
        "first",
        "second",
        "third",
        "last",
        "next",
        "previous",
        # prepositions end a counted noun phrase: "three people outside a bar"
        "outside",
        "inside",
        "near",
        "across",
        "behind",
        "beside",
        "along",
        "during",
        "without",
        "within",
    ]
)
_AUX = frozenset(
    ["is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "having", "get", "got", "gets"]
)
_COMMON_VERBS = frozenset(
    [
        "kill",
        "die",
        "injure",
        "wound",
        "hurt",
        "evacuate",
        "rescue",
        "arrest",
        "detain",
        "destroy",
        "damage",
        "displace",
        "reclaim",
        "liberate",
        "capture",
        "take",
        "seize",
        "lose",
        "gain",
        "hire",
        "cut",
        "raise",
        "sell",
        "buy",
        "earn",
        "pay",
        "spend",
        "vote",
        "win",
        "elect",
        "infect",
        "test",
        "vaccinate",
        "hospitalize",
        "hospitalise",
        "recover",
        "build",
        "close",
        "open",
        "report",
        "confirm",
        "count",
        "record",
        "register",
        "reach",
        "rise",
        "fall",
        "drop",
        "climb",
        "jump",
        "grow",
        "increase",
        "decrease",
        "decline",
        "double",
        "triple",
        "halve",
        "surge",
        "plunge",
        "slump",
        "soar",
        "sign",
        "employ",
        "fire",
        "sack",
        "lay",
        "strike",
        "hit",
        "attack",
        "shell",
        "bomb",
        "flee",
        "leave",
        "return",
        "free",
        "release",
        "charge",
        "convict",
        "sentence",
        "fine",
        "donate",
        "raise",
        "collect",
        "receive",
        "contain",
        "include",
        "comprise",
        "house",
        "host",
        "attend",
        "visit",
        "occupy",
        "control",
        "hold",
        "retake",
        "recapture",
        "produce",
        "export",
        "import",
        "ship",
        "deliver",
        "fly",
        "launch",
        "shoot",
        "down",
        "intercept",
    ]
)
_ATTRIBUTION = re.compile(
    r"\b(?i:according)\s+to\s+(?P<a>(?:the\s+)?(?:[A-Z][\w.'’-]*\s?){1,5})"
    r"|(?P<b>(?:[A-Z][\w.'’-]*\s?){1,4}),?\s+(?:said|says|told|reported|announced|estimated|claimed)\b"
    r"|\b(?:said|says|told|reported)\s+(?P<c>(?:the\s+)?(?:[A-Z][\w.'’-]*\s?){1,4})"
    r"|\bas\s+reported\s+by\s+(?P<d>(?:[A-Z][\w.'’-]*\s?){1,4})"
)


@functools.lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    from consistency.extract.lemmas import lemmatize

    return lemmatize(word.lower()).lower()


@functools.lru_cache(maxsize=4096)
def counted_noun(text: str, end: int) -> tuple[str | None, int]:
    """The noun phrase right after a figure: '87 inhabited localities by ...' ->
    'inhabited localities'. Returns (phrase, end offset). Cached: the quantity pass and the
    claims builder both ask it of the same sentence and figure."""
    words: list[tuple[str, int, int]] = []
    pos = end
    for m in _WORD.finditer(text, end):
        gap = text[pos : m.start()]
        if gap.strip(" \u00a0-") or len(words) >= 4:
            break
        word = m.group(0).rstrip("'’-")
        low = word.lower()
        if low in _NOUN_STOP or low.endswith("ly"):
            break
        if words and low in _AUX:
            break
        if words and (low.endswith("ed") and words[-1][0].lower().endswith("s")):
            break
        words.append((word, m.start(), m.start() + len(word)))
        pos = m.end()
        if low.endswith("s") and not low.endswith("ss") and len(words) >= 1 and low not in ("us",):
            break
    while words and len(words) > 1 and (words[-1][0].lower().endswith(("ing", "ed")) or words[-1][0][0].isupper()):
        words.pop()
    if words and words[-1][0][0].isupper():
        return None, end  # "three Novak Djokovic", "One Direction": a name, not a counted noun
    if not words:
        return None, end
    if len(words) == 1 and (words[0][0].lower().endswith("ed") or words[0][0].lower().endswith("ing")):
        return None, end
    phrase = " ".join(w for w, _, _ in words)
    if phrase.lower() in UNIT_SURFACES:
        return None, end
    return phrase, words[-1][2]


def noun_lemma(phrase: str) -> str:
    parts = phrase.lower().split()
    return " ".join([*parts[:-1], lemma(parts[-1])])


_VERB_AFTER = re.compile(
    r"\s*(?:(?:who|that|which)\s+)?(?:have\s+|has\s+|had\s+)?(?:been\s+|were\s+|was\s+|are\s+|is\s+)?"
    r"(?:reportedly\s+|already\s+|now\s+|also\s+)?(?P<v>[a-z]+(?:ed|en)|[a-z]+)\b"
)


def predicate(text: str, start: int, end: int) -> str | None:
    """The verb a figure belongs to, lemmatised: 'were killed' -> 'kill',
    'reclaim 87 localities' -> 'reclaim', 'the 140 residents who were evacuated' -> 'evacuate'."""
    after = text[end : end + 60]
    m = _VERB_AFTER.match(after)
    if m:
        verb = m.group("v")
        base = lemma(verb)
        if base in _COMMON_VERBS or (verb.endswith("ed") and len(verb) > 4 and verb not in NOT_COUNTED):
            return base
    before = text[max(0, start - 50) : start]
    words = _WORD.findall(before)
    for word in reversed(words[-4:]):
        low = word.lower()
        base = lemma(low)
        if base in _COMMON_VERBS or (low.endswith("ed") and len(low) > 4 and low not in NOT_COUNTED):
            return base
        if low in (".", ";") or low in ("and", "but"):
            break
    return None


_SPEECH_VERB = re.compile(r"said|says|told|reported|announced|estimated|claimed")
_ACCORDING = re.compile(r"[aA](?i:ccording)")  # "according" under re.I: only a and A fold to a (a test checks)


_SPEECH_WORDS = ("said", "says", "told", "reported", "announced", "estimated", "claimed")
"""_SPEECH_VERB's words (it has no flags): `in` tests instead of the alternation's scan."""


def attribution(sentence: str) -> str | None:
    if not any(word in sentence for word in _SPEECH_WORDS) and _ACCORDING.search(sentence) is None:
        return None  # every _ATTRIBUTION branch holds one of these words: no full search needed
    m = _ATTRIBUTION.search(sentence)
    if not m:
        return None
    who = next(g for g in m.groups() if g)
    who = who.strip().rstrip(",.")
    return who or None
