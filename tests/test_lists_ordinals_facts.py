"""List counts, ordinal facts and dated fixed facts: each form fires, its correct twin stays silent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.claims import lexicon
from consistency.claims.facts import dated_facts
from consistency.claims.lists import enumerations, split_items
from consistency.claims.ordinals import ordinal_facts, parse_ordinal
from consistency.document.model import Document
from consistency.extract.pipeline import extract_document
from consistency.rules.engine import run_rules
from consistency.rules.loader import load_rules

RULES = {r.id: r for r in load_rules([Path(__file__).resolve().parents[1] / "rules"])[0]}
DATE = dt.date(2025, 10, 10)


def extract(text: str, date: dt.date | None = DATE, path: str = "t.md", story: str | None = None):
    return extract_document(Document(path, text, date, story=story))


def fired(rule: str, *texts: str, date: dt.date | None = DATE) -> int:
    story = "s" if len(texts) > 1 else None
    exs = [extract(t, date, f"d{i}.md", story) for i, t in enumerate(texts)]
    return len([f for f in run_rules(exs, [RULES[rule]]) if f.rule == rule])


# --- count vs list ------------------------------------------------------------------------

LIST_FIRE = [
    "The hall will induct three new members at its dinner in May: former Olympic sprinter Janelle Oduya, "
    "longtime Westfield coach Bob Kasprzak, wrestler Tim Halvorsen and softball pitcher Marisol Ibarra.",
    "The five victims — Darnell Price, 44, his partner Simone Achterberg, 39, and their children Kayla, 12, "
    "and Jordan, 7 — were found upstairs.",
    "Four ministers resigned on Thursday, including Finance Minister Sofie Brekke, Health Minister Ola Rustad, "
    "Education Minister Kari Lindtvedt, Labour Minister Jon Vatne and Transport Minister Elin Myhre, all from "
    "one party.",
    "Six students were shortlisted for the prize. The finalists are Amara Chikwe, for a filter; Jonah Reilly, "
    "for a drone; Priti Sharma, for an app; Euan Fraser, for a bioplastic; Leah Adjei, for a study; "
    "Imran Qadir, for a fridge; and Ffion Hughes, for a hearing test.",
    "Both Ann Lee, Bob Stone and Cy Young voted against.",
    "The pair — Ann Lee, Bob Stone and Cy Young — were charged.",
    "Police arrested three men — Tom Reid, Sam Cole — on Monday.",
]
LIST_SILENT = [
    "The hall will welcome four new members at its dinner in April: Olympic rower Celia Marchetti, former coach "
    "Ray Tompkins, marathon runner Abdi Warsame and hockey goalie Jenna Kowalczyk.",
    "Half a dozen village pubs were protected. They are the Wheatsheaf at Thorpe, the Swan at Cleve, the Green Man "
    "at Hollins, the Fox and Hounds at Coombe, the Royal Oak at Sutton and the Drovers' Rest at Crook End.",
    "Greta Sandberg replaced seven ministers on Friday, including the ministers of finance, health and defence.",
    "Seven ministers were replaced, including Ann Lee, Bob Stone and Cy Young.",
    "Five people were hurt, among them Ann Lee, Bob Stone, Cy Young, Dee Park, Eve Hill and Al Cox.",
    "Six players were picked, such as Ann Lee and Bob Stone.",
    "The three victims — from Leeds, York, Hull and Bath — were named.",
    "Three people were injured in Leeds, York, Hull and Bath.",
    "Both Ann Lee and Bob Stone voted against.",
    "Police arrested two men — Tom Reid, Sam Cole — on Monday.",
    "The story follows three main characters affected by World War Two: Emiko, Anton Boll and Sophie Boll.",
]


@pytest.mark.parametrize("text", LIST_FIRE)
def test_list_count_fires(text: str) -> None:
    assert fired("list-count-mismatch", text) == 1


@pytest.mark.parametrize("text", LIST_SILENT)
def test_list_count_silent(text: str) -> None:
    assert fired("list-count-mismatch", text) == 0


def test_items_keep_ages_and_descriptors_with_their_name() -> None:
    items = split_items("Darnell Price, 44, his partner Simone Achterberg, 39, and their children Kayla, 12, and Jo")
    assert items == ["Darnell Price", "his partner Simone Achterberg", "their children Kayla", "Jo"]


def test_including_is_a_subset() -> None:
    (e,) = enumerations(extract("Three directors left, including Ann Lee and Bob Stone."))
    assert (e.count, e.mode, len(e.items)) == (3, "subset", 2)


NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight"]
GIVEN = ["Ann", "Bob", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jo"]
FAMILY = ["Lee", "Stone", "Young", "Park", "Hill", "Cox", "Reid", "Shaw", "Moss", "Vane"]


@settings(max_examples=40, deadline=None)
@given(k=st.integers(min_value=2, max_value=8), said=st.integers(min_value=2, max_value=8), data=st.data())
def test_list_of_k_names_matches_only_the_word_for_k(k: int, said: int, data: st.DataObject) -> None:
    people = data.draw(
        st.lists(st.tuples(st.sampled_from(GIVEN), st.sampled_from(FAMILY)), min_size=k, max_size=k, unique=True)
    )
    names = [f"{g} {f}" for g, f in people]
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    text = f"The {NUMBER_WORDS[said - 2]} winners — {listed} — were honoured on Friday."
    assert fired("list-count-mismatch", text) == (0 if said == k else 1)


# --- ordinals -----------------------------------------------------------------------------

ORDINAL_FIRE = [
    "The 57th Ridgeway Folk Festival opens on Friday. Festival chairman Hugh Penrose said this year's 58th "
    "edition would feature a new stage.",
    "Mayor Bridget Halloran easily won a third term on Tuesday. Halloran, first elected in 2017, campaigned on "
    "parks. Speaking to supporters, she said her fourth term would focus on housing.",
    "St Brendan's Hospice is celebrating its 25th anniversary this month. Chief executive Maeve Conlon said the "
    "30th anniversary appeal had raised £640,000.",
    "Skier Georgia Hartley finished second in the downhill on Saturday. Hartley, 24, was 0.31 seconds behind. "
    "Her third-place finish lifts her to ninth in the standings.",
    "The twenty-first Harbour Regatta starts today. Organisers say the 22nd regatta is the largest yet.",
]
ORDINAL_SILENT = [
    "The 50th Aldersey Folk Festival ended on Sunday. Organiser Maggie Haworth said the 50th edition had been "
    "the best yet.",
    "Mayor Janet Sorensen was sworn in for a second four-year term on Monday, promising to finish the plan she "
    "began in her first. Her second term ends in January 2030.",
    "Skier Georgia Hartley finished second in the downhill on Saturday. The result lifts her to ninth in the "
    "standings.",
    "United led at the end of the first half. Their third goal came in the second half.",
    "She won her second title on Sunday. It was her third final of the season.",
    "The 57th festival opens this year. Last year's 56th festival drew 9,000 people.",
    "Lee won a second term in 2021. She is barred from seeking a third term.",
    "It was the first time the club had won. The second time came a year later.",
    "Gasser finished first in the slalom. Pichler finished third in the giant slalom.",
]


@pytest.mark.parametrize("text", ORDINAL_FIRE)
def test_ordinal_fires(text: str) -> None:
    assert fired("ordinal-conflict", text) == 1


@pytest.mark.parametrize("text", ORDINAL_SILENT)
def test_ordinal_silent(text: str) -> None:
    assert fired("ordinal-conflict", text) == 0


@pytest.mark.parametrize(
    ("text", "value"), [("57th", 57), ("first", 1), ("Twentieth", 20), ("twenty-first", 21), ("3rd", 3), ("ninth", 9)]
)
def test_parse_ordinal(text: str, value: int) -> None:
    assert parse_ordinal(text) == value


def test_ordinal_frames_and_owners() -> None:
    facts = ordinal_facts(extract("The 57th Ridgeway Folk Festival opens. Her third-place finish was a surprise."))
    assert [(f.value, f.frame) for f in facts] == [(57, "edition"), (3, "finish")]
    assert facts[0].owner == frozenset({"ridgeway", "folk"})


# --- fixed facts --------------------------------------------------------------------------

FACT_FIRE = [
    "Pellham's Hardware, a fixture since it was founded in 1923, will close. Augustus Pellham opened the store in "
    "1932 with a loan.",
    "The Eastline tram, which opened on 14 March 2019, carried a record 9.6 million passengers. Since its first "
    "passengers boarded in September 2019, the line has been extended twice.",
    "Callum Brierley burst into Sterling & Dunne on Market Street on 3 June 2024. Officers identified him from CCTV "
    "taken after the 5 June raid.",
    "Moss rode Silver Ardent to victory in the Northern National in 2016. Silver Ardent, his 2018 Northern National "
    "winner, now lives at his yard.",
    "The museum was established in 1928. It has grown steadily since its founding in 1950.",
    "Ines Halvorsen was born in 1961 in Vikholm. Halvorsen, who was born in Vikholm in 1964, is the UN envoy.",
    "The club was set up in 1901. Members will mark the club's founding in 1910 with a dinner.",
]
FACT_SILENT = [
    "Pellham's Hardware was founded in 1923. It could not compete with the big-box store that opened on the bypass "
    "in 2019.",
    "The bakery was founded in 1925. It opened its second branch in 1950.",
    "The theatre was founded in 1923. It reopened in 1950 after a fire.",
    "Moss won the Northern National in 2016. He won the Northern National again in 2018.",
    "Founded in 1925 by Edwin Trevenna, the bakery is marking its centenary. Customers are invited to mark the "
    "anniversary of the 1925 opening.",
    "The Tidewater Theatre, founded in 2006, celebrates its 20th anniversary this weekend.",
    "Callum Brierley burst into Sterling & Dunne on 3 June 2024. Officers identified him after the 3 June raid.",
    "Clare Winger was born on January 18, 1891. She had a son, Clyde Winger, born 1915.",
    "Ann Lee was shot in the arm on 3 June. Officer Bob Stone was shot early on 5 June.",
    "The club was set up in 1901. Members will mark the club's founding in 1901 with a dinner.",
]


@pytest.mark.parametrize("text", FACT_FIRE)
def test_fixed_fact_fires(text: str) -> None:
    assert fired("fixed-fact-conflict", text) == 1


@pytest.mark.parametrize("text", FACT_SILENT)
def test_fixed_fact_silent(text: str) -> None:
    assert fired("fixed-fact-conflict", text) == 0


def test_fixed_fact_across_a_story() -> None:
    a = "The Tollan Bridge, which has carried traffic since it opened in 1998, will close."
    b = "The Tollan Bridge reopened on Wednesday. The crossing, which opened in 1989, had never closed for long."
    assert fired("fixed-fact-changes", a, b) == 1
    assert fired("fixed-fact-changes", a, b.replace("1989", "1998")) == 0


def test_different_fires_in_one_story_are_not_compared() -> None:
    a = "The Cedar Flats fire had burned 12,000 acres. The fire started on Saturday, Aug. 2, near the campground."
    b = "The Ridge Road fire was fully contained after burning 3,450 acres since it started on Aug. 3."
    assert fired("fixed-fact-changes", a, b, date=dt.date(2025, 8, 9)) == 0


def test_a_yearless_date_is_compared_by_day() -> None:
    facts = dated_facts(extract("Two men burst into the shop on 3 June 2024. CCTV was taken after the 3 June raid."))
    assert [f.frame for f in facts] == ["raid", "raid"]


# --- lexicons -----------------------------------------------------------------------------


def test_lexicon_shapes() -> None:
    ordinals = lexicon.load("ordinals")
    for frame, spec in ordinals["frames"].items():
        assert spec.get("nouns") or spec.get("verbs"), frame
        assert spec.get("owner", "name") in ("name", "person"), frame
    events = lexicon.load("events")
    for frame, spec in events["frames"].items():
        assert spec.get("entity") in ("thing", "person", "event", "race"), frame
        assert spec.get("verbs") or spec.get("nouns"), frame
        assert all(isinstance(w, str) and w == w.lower() for w in spec.get("verbs", []) + spec.get("nouns", []))
    lists = lexicon.load("lists")
    assert all(isinstance(v, int) and v >= 2 for v in lists["collectives"].values())
    for key in ("exhaustive", "subset", "partial", "not_items", "clause_words"):
        assert lists[key] and all(isinstance(w, str) for w in lists[key]), key


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("Both schools — Hillcrest, Oakwood and Marsh Lane — closed early on Monday.", True),
        ("Both schools — Hillcrest and Oakwood — closed early on Monday.", False),
        ("Both teams were fined, and Leeds, York and Hull were warned.", False),
    ],
)
def test_both_with_a_noun_before_its_list(text: str, fires: bool) -> None:
    import datetime as dt

    from consistency.document.model import Document
    from consistency.extract import extract_document
    from consistency.rules.engine import run_rules
    from consistency.rules.loader import DEFAULT_RULES, load_rules

    rules = [r for r in load_rules([DEFAULT_RULES])[0] if r.id == "list-count-mismatch"]
    found = run_rules([extract_document(Document("t.md", text, dt.date(2026, 10, 20)))], rules)
    assert bool(found) == fires


@pytest.mark.parametrize(
    ("text", "rule", "fires"),
    [
        ("Elin Lind won her third world slalom title on Sunday. Lind said her fourth world title was the sweetest.",
         "ordinal-conflict", True),
        ("Elin Lind won her third world slalom title on Sunday. Lind said her third world title was the sweetest.",
         "ordinal-conflict", False),
        ("The Marlow Suspension Bridge, completed in 1931, will close. "
         "Since its completion in 1934, the bridge has closed only twice.", "fixed-fact-conflict", True),
        ("The Marlow Suspension Bridge, completed in 1931, will close. "
         "Since its completion in 1931, the bridge has closed only twice.", "fixed-fact-conflict", False),
    ],
)
def test_title_ordinals_and_completion_dates(text: str, rule: str, fires: bool) -> None:
    import datetime as dt

    from consistency.document.model import Document
    from consistency.extract import extract_document
    from consistency.rules.engine import run_rules
    from consistency.rules.loader import DEFAULT_RULES, load_rules

    rules = [r for r in load_rules([DEFAULT_RULES])[0] if r.id == rule]
    found = run_rules([extract_document(Document("t.md", text, dt.date(2026, 2, 16)))], rules)
    assert bool(found) == fires
