"""The person layer: mentions, coreference, ages and birth dates bound to the right person,
and the age checks built on it (arithmetic only)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.claims import lexicon
from consistency.claims.people import People, people
from consistency.document.model import Document
from consistency.extract import extract_document
from consistency.rules.checks.people import born_window
from consistency.rules.engine import run_rules
from consistency.rules.loader import load_rules
from tests.conftest import ROOT, extract_text


def _people(text: str, date: str | None = "2025-12-01") -> People:
    return people(extract_text(text, date))


def _names(text: str) -> list[str]:
    return [p.name for p in _people(text).persons if p.strong]


def _ages(text: str, date: str | None = "2025-12-01") -> set[tuple[str, int]]:
    found = _people(text, date)
    return {(found.persons[a.person].name, a.value) for a in found.ages}


# --- lexicon ----------------------------------------------------------------------------


def test_people_lexicon_has_the_expected_structure() -> None:
    data = lexicon.load("people")
    lists = [
        "titles", "female_titles", "male_titles", "official_titles", "descriptors", "particles", "suffixes",
        "not_names", "place_heads", "place_prepositions", "anaphor_followers", "death_verbs", "speech_verbs",
        "male_nouns", "female_nouns",
    ]  # fmt: skip
    for key in lists:
        words = data[key]
        assert isinstance(words, list) and words, key
        assert all(isinstance(w, str) and w.strip() for w in words), key
        assert len({w.lower() for w in words}) == len(words), f"{key} repeats a word"
    assert set(data["pronouns"]) == {"male", "female"}
    assert {"mr", "mrs", "dr", "judge", "det", "constable"} <= lexicon.words("people", "titles")
    assert {"monday", "march", "police", "officers", "the"} <= lexicon.words("people", "not_names")
    assert {"de", "van", "von", "bin"} <= lexicon.words("people", "particles")
    assert lexicon.words("people", "female_titles") <= lexicon.words("people", "titles")
    assert lexicon.words("people", "official_titles") <= lexicon.words("people", "titles")


# --- mentions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mary-Jane Smith-Jones, 34, was charged.", "Mary-Jane Smith-Jones"),
        ("The novelist Gabriel García Márquez, 86, died.", "Gabriel García Márquez"),
        ("Ludwig van Beethoven, 56, wrote it.", "Ludwig van Beethoven"),
        ("Police named Sean McDonald, 40, and Niamh O'Brien, 38.", "Sean McDonald"),
        ("Police named Sean McDonald, 40, and Niamh O'Brien, 38.", "Niamh O'Brien"),
        ("Det Constable Ann Lee, 41, gave evidence.", "Ann Lee"),
        ("Deputy Chief Constable Priya Nandakumar, 52, was appointed.", "Priya Nandakumar"),
        ("U.S. District Judge Carla Whitman, 61, ruled.", "Carla Whitman"),
        ("Police arrested A. Dodd, 18, on Friday.", "A. Dodd"),
        ("Flanker Mateo Ortega, 29, was named captain.", "Mateo Ortega"),
    ],
)
def test_names_with_titles_stripped(text: str, name: str) -> None:
    assert name in _names(text)


def test_places_and_organisations_are_not_people() -> None:
    text = (
        "Raymond Okonjo, 52, of Fenwick, appeared at Westmere Crown Court on Monday. "
        "Officers from Marrowby Police said he lived in Paris. The Velo Rapid team signed him."
    )
    assert _names(text) == ["Raymond Okonjo"]
    assert _ages(text) == {("Raymond Okonjo", 52)}


def test_a_place_before_a_number_is_not_a_surname() -> None:
    assert _ages("The flight from Paris, 24 hours late, landed.") == set()


def test_weekdays_months_and_sentence_openers_are_not_names() -> None:
    assert _names("Monday was quiet. Police said March would be busy. Officers agreed.") == []


# --- coreference --------------------------------------------------------------------------


def test_surname_title_and_year_old_mentions_resolve_to_the_person() -> None:
    text = (
        "Maria Lopez, 52, was elected. Lopez thanked voters. Mrs Lopez said the 52-year-old Lopez "
        "had worked hard. She is 52."
    )
    found = _people(text)
    assert [p.name for p in found.persons] == ["Maria Lopez"]
    assert {m.person for m in found.mentions} == {0}
    assert [a.form for a in found.ages] == ["appositive", "prenominal", "pronoun"]


def test_bare_year_old_resolves_to_the_only_candidate_not_the_judge() -> None:
    text = "Raymond Okonjo, 52, pleaded guilty. Judge Miriam Sato said the 54-year-old had lied."
    assert _ages(text) == {("Raymond Okonjo", 52), ("Raymond Okonjo", 54)}


def test_bare_year_old_with_two_candidates_is_left_alone() -> None:
    text = "John Smith, 45, was charged with attacking Tom Jones. The 23-year-old was taken to hospital."
    assert _ages(text) == {("John Smith", 45)}


def test_bare_year_old_after_an_unnamed_person_is_theirs() -> None:
    text = "A 23-year-old man was stabbed. John Smith, 45, was charged. The 23-year-old was treated in hospital."
    assert _ages(text) == {("John Smith", 45)}


def test_year_old_followed_by_a_noun_may_be_someone_new() -> None:
    text = "John Smith, 45, was charged. The 23-year-old victim was treated in hospital."
    assert _ages(text) == {("John Smith", 45)}


def test_pronoun_takes_the_subject_not_a_name_after_a_preposition() -> None:
    text = "While the rest of Upper Hasby sleeps, Tomasz Wierzbicki unlocks the bakery. He is 45."
    assert _ages(text) == {("Tomasz Wierzbicki", 45)}


def test_pronoun_of_the_other_sex_is_not_bound() -> None:
    text = "Her husband, Frank Drury, was a councillor. She is 81."
    assert _ages(text) == set()


# --- ages in every form --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("Jane Smith, 45, was charged.", "appositive"),
        ("Jane Smith, aged 45, was charged.", "appositive"),
        ("Jane Smith (45) was charged.", "parenthesis"),
        ("45-year-old Jane Smith was charged.", "prenominal"),
        ("Police said the 45-year-old Jane Smith was charged.", "prenominal"),
        ("Police charged Jane Smith, who is 45, on Friday.", "relative"),
        ("Police named Jane Smith. She was 45.", "pronoun"),
        ("Police named Jane Smith. She is 45.", "pronoun"),
        ("The driver, Jane Smith, is 45.", "predicate"),
        ("Jane Smith died on Saturday, aged 45.", "death"),
    ],
)
def test_age_forms(text: str, form: str) -> None:
    found = _people(text)
    assert [(found.persons[a.person].name, a.value, a.form) for a in found.ages] == [("Jane Smith", 45, form)]


def test_age_before_a_name_goes_to_the_following_name() -> None:
    text = "18-year-old A. Dodd and 23-year-old B. Dodd were arrested."
    assert _ages(text) == {("A. Dodd", 18), ("B. Dodd", 23)}


def test_an_age_far_from_the_name_is_not_bound() -> None:
    text = "Bernadette Foley, who took up sea kayaking aged 60 after retiring, landed at 2.40pm."
    assert _ages(text) == set()


def test_past_age_with_when_is_true_at_the_date_of_its_clause() -> None:
    found = _people("Ella Hallworth was 15 when she won the junior title in 2022.", "2026-06-29")
    (age,) = found.ages
    assert not age.present and age.when == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))


def test_past_age_without_a_date_has_no_time() -> None:
    (age,) = _people("Genarlow Wilson was 17 at the time of the party.").ages
    assert age.when is None


def test_obituary_age_is_true_on_the_day_of_death() -> None:
    text = "Joe Castellano died on Saturday at a hospice. He was 81."
    (age,) = _people(text, "2025-12-15").ages
    assert age.when == (dt.date(2025, 12, 13), dt.date(2025, 12, 13))


def test_death_in_a_relative_clause_is_someone_elses() -> None:
    assert _ages("Tom Billington, like his partner (who died at age 39 in 2002), took painkillers.") == set()


# --- shared surnames ----------------------------------------------------------------------


def test_people_sharing_a_surname_stay_apart() -> None:
    text = (
        "Drew Peterson, 53, spoke to Stacy Peterson, 23, that night. Peterson, 54, denied it. "
        "Stacy Peterson, 23, has not been seen since."
    )
    assert _ages(text) == {("Drew Peterson", 53), ("Stacy Peterson", 23)}


def test_father_and_son_by_first_name_and_matching_age() -> None:
    text = (
        "Terence Boyle, 58, and his son Liam Boyle, 31, were jailed. The older Boyle got four years and "
        "the 31-year-old to three."
    )
    found = _people(text)
    assert [p.name for p in found.persons if p.strong] == ["Terence Boyle", "Liam Boyle"]
    assert sorted((found.persons[a.person].name, a.value) for a in found.ages) == [
        ("Liam Boyle", 31),
        ("Liam Boyle", 31),
        ("Terence Boyle", 58),
    ]


# --- births -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Maria Lopez was born in 1979 in Seville.", "1979-01-01", "1979-12-31"),
        ("Maria Lopez took office. Born in 1979 in Leicester, she joined in 2001.", "1979-01-01", "1979-12-31"),
        ("Born in November 1981 in Coventry, Maria Lopez trained as a surgeon.", "1981-11-01", "1981-11-30"),
        ("Maria Lopez, who was born in Vikholm in 1964, won.", "1964-01-01", "1964-12-31"),
        ("Maria Lopez was born on 9 May 1947 in the city.", "1947-05-09", "1947-05-09"),
        ("Maria Lopez, born in 1952, joined the firm in 1975.", "1952-01-01", "1952-12-31"),
        ("Dr Maria Lopez, born in Seville in March 1961, leads the team.", "1961-03-01", "1961-03-31"),
        ("The chairman is Maria Lopez, born 1958.", "1958-01-01", "1958-12-31"),
    ],
)
def test_birth_dates_bound_to_people(text: str, low: str, high: str) -> None:
    found = _people(text)
    assert [(found.persons[b.person].name, b.low.isoformat(), b.high.isoformat()) for b in found.births] == [
        ("Maria Lopez", low, high)
    ]


def test_a_later_date_in_the_birth_clause_is_not_the_birth() -> None:
    assert _people("Maria Lopez was born in Leeds and moved to London in 1990.").births == []


@pytest.mark.parametrize(
    "text",
    [
        "Maria Lopez's son, born in 1990, joined the firm.",  # someone else's birth
        "Maria Lopez, born in 1952 to a farming family in Galicia, joined the firm.",  # not set off
        "Maria Lopez and her brother, born in 1950, joined the firm.",
    ],
)
def test_an_appositive_birth_binds_only_to_the_name_it_follows(text: str) -> None:
    found = _people(text)
    assert [found.persons[b.person].name for b in found.births if found.persons[b.person].surname == "Lopez"] == []


def test_an_appositive_birth_year_against_a_stated_age() -> None:
    wrong = "TOKYO (Reuters) - Kenji Arai, born in 1952, joined the company in 1975. Arai, 58, will stay on."
    assert [f.location.line for f in _findings("age-mismatch", ("2024-06-01", wrong))] == [1]
    right = "TOKYO (Reuters) - Kenji Arai, born in 1952, joined the company in 1975. Arai, 72, will stay on."
    assert _findings("age-mismatch", ("2024-06-01", right)) == []


# --- properties ---------------------------------------------------------------------------

FIRST = st.sampled_from(["Anna", "Kofi", "Mei", "Lars", "Priya", "Tomasz", "Aoife", "Diego"])
SURNAME = st.sampled_from(["Okafor", "Lindqvist", "Nakamura", "Brennan", "Castellano", "Wierzbicki", "McAllister"])
FILLER = [
    "The hearing lasted two days.",
    "Prosecutors said the scheme ran for years.",
    "Officers searched a house in Fenwick.",
    "The council will meet again in May.",
]


@settings(max_examples=60, deadline=None)
@given(first=FIRST, surname=SURNAME, age=st.integers(min_value=18, max_value=90), order=st.permutations(FILLER))
def test_age_binding_is_invariant_under_renaming_and_unrelated_sentences(
    first: str, surname: str, age: int, order: list[str]
) -> None:
    text = f"{first} {surname}, {age}, was charged. " + " ".join(order) + f" {surname} denied the charge."
    found = _people(text)
    assert [(found.persons[a.person].name, a.value) for a in found.ages] == [(f"{first} {surname}", age)]
    assert {m.person for m in found.mentions if m.kind != "pronoun"} == {found.ages[0].person}


@settings(max_examples=60, deadline=None)
@given(
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2010, 12, 31)),
    later=st.integers(min_value=0, max_value=20_000),
)
def test_born_window_holds_the_true_birth_date(born: dt.date, later: int) -> None:
    when = born + dt.timedelta(days=later)
    age = when.year - born.year - ((when.month, when.day) < (born.month, born.day))
    low, high = born_window(age, (when, when))
    assert low <= born <= high
    assert (high - low).days <= 366


# --- the checks, end to end -----------------------------------------------------------------


def _findings(rule_id: str, *docs: tuple[str, str]) -> list:
    rules = [r for r in load_rules([ROOT / "rules"])[0] if r.id == rule_id]
    extractions = [
        extract_document(Document(path=f"d{i}.md", text=t, date=dt.date.fromisoformat(d), story="s"))
        for i, (d, t) in enumerate(docs)
    ]
    return run_rules(extractions, rules)


def test_age_check_fires_on_disagreeing_ages_and_stays_silent_on_a_birthday_gap() -> None:
    text = "Raymond Okonjo, 52, pleaded guilty. Judge Miriam Sato said the 54-year-old had lied."
    assert [f.location.line for f in _findings("age-mismatch", ("2025-05-16", text))] == [1]
    fine = "Ella Hallworth was 15 when she won the junior title in 2022. Hallworth, 19, won on Sunday."
    assert _findings("age-mismatch", ("2026-06-29", fine)) == []


def test_age_drift_allows_a_birthday_but_not_two_years_in_seven_weeks() -> None:
    a = ("2025-01-21", "Dean Cartwright, 34, was remanded in custody.")
    assert len(_findings("age-drift", a, ("2025-03-14", "Dean Cartwright, 36, was jailed."))) == 1
    assert _findings("age-drift", a, ("2025-03-14", "Dean Cartwright, 35, was jailed.")) == []
    other = ("2025-03-14", "Margaret Cartwright, 61, was jailed.")
    assert _findings("age-drift", a, other) == []


def test_a_number_token_does_not_swallow_the_comma_after_it() -> None:
    from consistency.claims.people import _TOKEN

    text = "Liam Prest, aged 27, of Ferndale Close, paid 1,200.50 pounds."
    assert [m.group() for m in _TOKEN.finditer(text)][4:7] == ["27", ",", "of"]
    assert "1,200.50" in [m.group() for m in _TOKEN.finditer(text)]
