"""Arithmetic recall: links the checks used to miss, each in several wordings, each with a
correct twin (or a trap) that must stay silent. Our own articles, not benchmark text."""

from __future__ import annotations

import pytest

from tests.test_arithmetic_checks import fired

_OUTBREAK = (
    "The outbreak has reached 1,962 cases. Lakeshore has recorded 1,104 of the cases. Upper Kasora has 512 cases. "
    "Tembo has 287 cases. Mbeli has 59 cases. "
)

FIRE = [
    # an appositive rate after a short clause is the part's share
    (
        "share-mismatch",
        "Of the 250 applicants for this autumn's intake, 75 were offered places, an acceptance rate of 40 per cent.",
    ),
    (
        "share-mismatch",
        "Of the 1,200 fish sampled in the estuary, 300 carried the parasite, an infestation rate of 35%.",
    ),
    (
        "share-mismatch",
        "Of 80 candidates who sat the exam in June, 60 passed, a pass rate of 60 percent.",
    ),
    (
        "share-mismatch",
        "Of the 250 applicants, just 75 were offered places for the autumn term, giving the school an "
        "acceptance rate of 40 per cent.",
    ),
    (
        "share-mismatch",
        "Only 75 of the 250 applicants were offered places this autumn, an acceptance rate of 40 per cent.",
    ),
    # a subordinate 'as' clause between the change and a lead-in leaves the ends the change's
    ("change-mismatch", "Home sales rose 25% last year as mortgage rates eased, to 1.5 million from 1 million."),
    ("change-mismatch", "Revenue rose 3%, as expected, to $1.5 billion from $1 billion."),
    # 'Of them' / 'Of those' point back at the figure of the sentence before
    ("share-mismatch", "The council has 45 members. Of them, 30, or 75%, backed the plan."),
    ("share-mismatch", "Inspectors visited 120 restaurants in March. Of those, 30, or 40 percent, failed."),
    ("part-exceeds-whole", "The bus was carrying 38 passengers. Of them, 41 were taken to hospital."),
    ("share-mismatch", "The council has 45 members. Thirty of them, or 75%, backed the plan."),
    ("share-mismatch", "The council has 45 members, and 30 of them, or 75%, backed the plan."),
    ("part-exceeds-whole", "Police arrested 12 people at the march, and 15 of them were later charged."),
    # 'Of the <noun>' points back at an earlier figure with that head noun
    (
        "part-exceeds-whole",
        "Storms forced airlines to cancel 1,200 flights on Monday. Of the cancelled flights, 1,390 were domestic.",
    ),
    (
        "part-exceeds-whole",
        "Police made 64 arrests over the weekend. Of the arrests, 71 were for drink-driving.",
    ),
    (
        "share-mismatch",
        "The charity received 400 applications this year. Of the applications, 100, or 40%, came from schools.",
    ),
    # a total split N ways into parts
    (
        "parts-total-mismatch",
        "The $14 million package is split three ways: $5 million for roads, $4 million for schools and "
        "$2 million for parks.",
    ),
    (
        "parts-total-mismatch",
        "The £9.5m fund will be divided between £4m for housing, £2m for transport and £1.5m for parks.",
    ),
    (
        "parts-total-mismatch",
        "The government announced a $14 million package on Monday. The money is split three ways: "
        "$5 million for roads, $4 million for schools and $2 million for parks.",
    ),
    (
        "parts-total-mismatch",
        "The $14 million budget breaks down as $5 million for roads, $4 million for schools and $2 million for parks.",
    ),
    # a compound whole and its make-up
    (
        "parts-total-mismatch",
        "The 48-seat council now has 22 Liberal Democrats, 15 Conservatives, 8 Labour councillors and 5 independents.",
    ),
    (
        "parts-total-mismatch",
        "The 12-member board is made up of 5 employees, 4 shareholders and 2 independents.",
    ),
    (
        "parts-total-mismatch",
        "The $15 million grant will be shared among three charities: $6 million for the food bank, "
        "$4 million for the shelter and $3 million for the clinic.",
    ),
    # a fronted whole with a named holder before its first part, and a whole split between parts
    (
        "parts-total-mismatch",
        "Of the council's 48 seats, the Liberal Democrats hold 22, the Conservatives 15, Labour 8 and independents 5.",
    ),
    (
        "parts-total-mismatch",
        "The council's 48 seats are now split between 22 Liberal Democrats, 15 Conservatives, 8 Labour "
        "and 5 independents.",
    ),
    (
        "share-mismatch",
        "Of the 90 students who sat the test, 45 passed, giving a pass rate of 60 per cent.",
    ),
    ("share-mismatch", "Of the 90 students who sat the test, 30 passed, giving a failure rate of 50 per cent."),
    # a stated change in another clause of the sentence than its two ends
    (
        "change-mismatch",
        "Ticket sales jumped 25% last season, the club said on Monday, reaching 1.5 million in the year to June, "
        "from 1 million in 2024.",
    ),
    # a run whose first figure is the total of the kinds after 'with' (or a colon)
    ("parts-total-mismatch", "Britain won 14 medals: five golds, four silvers and four bronzes."),
    ("parts-total-mismatch", "The team won 14 medals, with five golds, four silvers and four bronzes."),
    ("parts-total-mismatch", "Norway finished with 22 medals, with 9 gold, 8 silver and 7 bronze."),
    # a majority is an appositive share of the counts before it
    ("share-mismatch", "Of the 4,812 members who voted, 3,127 backed strike action, a majority of 71 per cent."),
    ("share-mismatch", "Of 900 residents polled, 510 backed the plan, a majority of 70%."),
    # a percentage right after a ratio, joined by 'or' or 'that is', restates it
    ("ratio-mismatch", "One in four adults in the borough is now obese, or 40 per cent of the adult population."),
    ("ratio-mismatch", "Two in five homes cannot get fast broadband. That is 60 per cent of the households surveyed."),
    ("ratio-mismatch", "One in three pupils walks to school, that is 45% of all pupils in the district."),
    # 'by' names a change's size only right before the figure
    (
        "shares-exceed-whole",
        "The survey of 1,020 adults by Northstar Research put Harrow on 44 per cent, Lindqvist on 38 per cent "
        "and Ahmadi on 25 per cent, with 9 per cent undecided.",
    ),
    # a base alone in its sentence, whose subject points back at the figure before
    ("change-mismatch",
     "The trust set a £96 million budget. The budget is up 12% from the £90 million agreed last year."),
    # 'M of whom' counts part of the figure right before it
    ("part-exceeds-whole", "The jury heard from 27 prosecution witnesses, 31 of whom were former scheme members."),
    ("share-mismatch", "The council employs 400 staff, 120 of whom, or 40 per cent, work part-time."),
    # an 'including …' tail names a subgroup of the last part, not a partial list
    ("parts-total-mismatch", "A coach overturned on the A39, injuring 20 people. The injured were 12 pupils and nine "
     "adults, including the driver and two teachers."),
    # a verb of make-up after a long whole; an 'and' inside a part's own phrase does not end the list
    ("parts-total-mismatch", "Councillors approved a £42 million package for the town centre, made up of £25 million "
     "for road and junction improvements, £11 million for bus lanes and £9 million for cycle routes."),
    ("parts-total-mismatch", "The 120-strong squad is made up of 60 officers and 50 staff."),
    # a denominator ('out of 1,000') is never an end: the change is the score's
    ("change-mismatch", "Ravensworth scored 741 points out of 1,000, up from 702 last year, a rise of 9.6 per cent."),
    # 'of the cases' points back at the largest earlier figure of that noun, however far back
    ("share-mismatch", _OUTBREAK + "Children under five account for 392 of the cases, about 40 per cent."),
    # a breakdown of one frame adds up to a total of that frame
    ("parts-total-mismatch", "The quake injured 480 people, officials said. Osk reported 377 injured and Melin 139."),
    # a percentage set off by commas right after the ratio restates it, before any other sentence's
    ("ratio-mismatch", "61 per cent of adults exercised weekly. One in five adults, 26 per cent, drank too much."),
    # a share's earlier value beside it ('down from 61 per cent') is a change's base, not another share
    ("shares-exceed-whole", "Labour held Castle ward with 52 per cent, down from 61 per cent in 2024, with the Greens "
     "second on 29 per cent, the Conservatives on 19 per cent and the Liberal Democrats on 7 per cent."),
    # a part may be the whole 'those' points back at
    ("part-exceeds-whole",
     "The team tested cholesterol in 6,200 of the participants. Of those, 6,480 had a raised level."),
]

SILENT = [
    # the correct twins
    "Of the 250 applicants for this autumn's intake, 75 were offered places, an acceptance rate of 30 per cent.",
    "Of the 1,200 fish sampled in the estuary, 300 carried the parasite, an infestation rate of 25%.",
    "Of 80 candidates who sat the exam in June, 60 passed, a pass rate of 75 percent.",
    "The council has 45 members. Of them, 30, or 67%, backed the plan.",
    "Inspectors visited 120 restaurants in March. Of those, 30, or 25 percent, failed.",
    "The bus was carrying 38 passengers. Of them, 11 were taken to hospital.",
    "Storms forced airlines to cancel 1,200 flights on Monday. Of the cancelled flights, 390 were domestic.",
    "Police made 64 arrests over the weekend. Of the arrests, 41 were for drink-driving.",
    "The charity received 400 applications this year. Of the applications, 100, or 25%, came from schools.",
    "The $11 million package is split three ways: $5 million for roads, $4 million for schools and "
    "$2 million for parks.",
    "The £7.5m fund will be divided between £4m for housing, £2m for transport and £1.5m for parks.",
    "The 48-seat council now has 22 Liberal Democrats, 15 Conservatives, 6 Labour councillors and 5 independents.",
    "The 12-member board is made up of 5 employees, 4 shareholders and 3 independents.",
    "The team won 14 medals, with five golds, four silvers and five bronzes.",
    "Norway finished with 24 medals, with 9 gold, 8 silver and 7 bronze.",
    "The $13 million grant will be shared among three charities: $6 million for the food bank, "
    "$4 million for the shelter and $3 million for the clinic.",
    "Of the council's 48 seats, the Liberal Democrats hold 22, the Conservatives 15, Labour 6 and independents 5.",
    "Of the council's 48 seats, the Liberal Democrats hold 22 and the Conservatives 15.",
    "The council's 48 seats are now split between 22 Liberal Democrats, 15 Conservatives, 6 Labour "
    "and 5 independents.",
    "Ticket sales jumped 50% last season, the club said on Monday, reaching 1.5 million in the year to June, "
    "from 1 million in 2024.",
    "Britain won 13 medals: five golds, four silvers and four bronzes.",
    "Of the 90 students who sat the test, 45 passed, giving a pass rate of 50 per cent.",
    # a named rate of the rest of the whole ('failure' after 'passed') is not the part's share
    "Of the 90 students who sat the test, 30 passed, giving a failure rate of 67 per cent.",
    "The government announced an $11 million package on Monday. The money is split three ways: "
    "$5 million for roads, $4 million for schools and $2 million for parks.",
    "The government announced a $14 million package on Monday. Some of the money is earmarked: "
    "$5 million for roads, $4 million for schools and $2 million for parks.",
    "Of the 250 applicants, just 75 were offered places for the autumn term, giving the school an "
    "acceptance rate of 30 per cent.",
    "Only 75 of the 250 applicants were offered places this autumn, an acceptance rate of 30 per cent.",
    # a percentage change after the counts is not their share
    "The council has 45 members. Of them, 30 backed the plan, a 50% increase on last year.",
    "Of the 45 members, 30 backed the plan, a 50% increase on last year.",
    "Of the 45 members, 30 backed the plan, or 20 per cent more than last year.",
    # traps: a change of another subject across 'while' or a semicolon
    "Shares rose 3% on Tuesday while revenue reached $1.5 billion from $1 billion.",
    "Ticket sales jumped 25% when the stadium reopened; merchandise reached $1.5 million, from $1 million.",
    "Revenue rose 4% in the quarter, with profit reaching $1.5 billion from $1 billion.",
    "Revenue rose 4%, the company said, with profit reaching $1.5 billion from $1 billion.",
    "The £20m fund is split three ways: £9m for flood defences, £6m for drainage and the rest for repairs.",
    "The £20m fund is split between £9m for flood defences, £6m for drainage and the remainder for repairs.",
    # a fronted whole with words after its noun may be another set than the earlier figure
    "Police made 64 arrests on Saturday. Of the arrests made since Friday, 71 were for drink-driving.",
    # traps: other rates, subgroups, partial lists, other wholes, no stated split
    "Of the 250 applicants, 75 took out loans, at an interest rate of 6 per cent.",
    "Of the 250 applicants, 75 were offered places, a growth rate of 12 per cent on last year.",
    "The council has 45 members and 12 committees. Of them, 30 backed the plan.",
    "The bus was carrying 38 passengers. Of them, five were children.",
    "The council has 45 members. Thirty of them, or 67%, backed the plan.",
    "Police arrested 12 people at the march, and 9 of them were later charged.",
    # 'them' could be either group, or a group without a figure: never a guess
    "Fourteen people were hurt. The four-storey building came down. Paramedics took nine of them to hospital.",
    "The ward has 12 beds. Nurses treated the injured there and sent 15 of them home.",
    "The bus carried 40 passengers, 12 of them children. Three of them, or 25%, were hurt.",
    "The fund paid 30 grants in 2023 and 45 in 2024. Of them, 40, or 53%, went to schools.",
    "Inspectors visited 120 restaurants in March. Of those, 30, or 4 percent of all restaurants in the city, failed.",
    "The $14 million package includes $5 million for roads, $4 million for schools and $2 million for parks.",
    "The $14 million package is split four ways: $5 million for roads, $4 million for schools and "
    "$2 million for parks.",
    "The 48-seat council has 22 Liberal Democrats and 15 Conservatives.",
    "The team won 14 medals, with five golds and four silvers.",
    "The team won 14 medals, including five golds, four silvers and four bronzes.",
    # a subordinate clause with its own subject holds the ends: the change is another subject's
    "Shares rose 3% on Tuesday, the exchange said, as revenue reached $1.5 billion from $1 billion.",
    "Shares fell 4% because quarterly profit slipped to $200 million from $260 million.",
    "Revenue reached $1.5 billion from $1 billion, as shares rose 3%.",
    # ... while a lead-in after it keeps the ends the change's own (correct twins)
    "Home sales rose 50% last year as mortgage rates eased, to 1.5 million from 1 million.",
    "Revenue rose 50%, as expected, to $1.5 billion from $1 billion.",
    ("Of the 4,812 members who voted, 3,127 backed strike action, a majority of 65 per cent."),
    ("One in four adults in the borough is now obese, or 25 per cent of the adult population."),
    ("Two in five homes cannot get fast broadband. That is 40 per cent of the households surveyed."),
    ("Two in five homes cannot get fast broadband. The national target is for 99 per cent of homes to have it "
     "by 2030."),
    ("The survey of 1,020 adults by Northstar Research put Harrow on 44 per cent, Lindqvist on 38 per cent "
     "and Ahmadi on 9 per cent, with 9 per cent undecided."),
    ("Support for the plan fell by 40 per cent to 35 per cent, and opposition rose by 30 per cent to 60 per cent."),
    ("The trust set a £96 million budget. The budget is up 6.7% from the £90 million agreed last year."),
    ("Net profit for the year to March rose 10 pct to 5.20 bln rupees. Net profit in the January-March quarter "
     "was 1.31 bln rupees, against 1.22 bln rupees a year earlier."),
    "The jury heard from 27 prosecution witnesses, 21 of whom were former scheme members.",
    "The jury heard from 27 witnesses and 12 experts, 31 of whom were paid expenses.",
    "The council employs 400 staff, 120 of whom, or 30 per cent, work part-time.",
    "A coach overturned on the A39, injuring 21 people. The injured were 12 pupils and nine adults, including the "
    "driver and two teachers.",
    "A coach overturned on the A39, injuring 25 people. The injured included 12 pupils and nine adults.",
    "A coach overturned on the A39, injuring 25 people, including 12 pupils and nine adults.",
    "Councillors approved a £45 million package for the town centre, made up of £25 million for road and junction "
    "improvements, £11 million for bus lanes and £9 million for cycle routes.",
    "The 110-strong squad is made up of 60 officers and 50 staff.",
    "Ravensworth scored 741 points out of 1,000, up from 702 last year, a rise of 39 points, or 5.6 per cent.",
    "Recorded crime fell 4 per cent to 118,400 offences, a rate of 82.8 crimes per 1,000 residents, against 87.1 "
    "for the region.",
    "The net interest margin fell to 2.94 per cent in the fourth quarter from 3.02 per cent in the third, and was "
    "3.01 per cent for the year as a whole, against 2.97 per cent in 2024.",
    "Earnings per share were 21.8p, up from 19.1p. The full-year dividend rises 10 per cent to 8.8p, from 8p.",
    _OUTBREAK + "Children under five account for 392 of the cases, about 20 per cent.",
    "Hospitals in Taverna treated 904 of the injured and flew 66 patients to the capital. Osk reported 377 injured "
    "and Melin 139.",
    "61 per cent of adults exercised weekly. One in five adults, 20 per cent, drank too much.",
    "Among the young, nearly one in three, 31 per cent, vape.",
    "Pennant shares jumped 14.6 per cent to 1,102p after it reported a 23 per cent rise in annual revenue, to £684m, "
    "and raised its dividend by a quarter, to 10p from 8p.",
    "Labour held Castle ward with 45 per cent, down from 61 per cent in 2024, with the Greens second on 29 per cent, "
    "the Conservatives on 19 per cent and the Liberal Democrats on 7 per cent.",
    "The team tested cholesterol in 6,200 of the participants. Of those, 2,480 had a raised level.",
]


@pytest.mark.parametrize(("rule_id", "text"), FIRE)
def test_fires(rule_id: str, text: str) -> None:
    assert rule_id in fired(text)


@pytest.mark.parametrize("text", SILENT)
def test_stays_silent(text: str) -> None:
    assert fired(text) == []
