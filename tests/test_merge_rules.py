"""One rule per test: when two event mentions are one real-world event (detente.analysis.merge).

Issue 11 ("merging needs the same event") measured on real news: mentions in different cities or
with different actors were merged, and the same act told by two outlets was not. Every sentence
here is written for the test; records are built by hand with the helpers of test_analysis_merge.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.analysis.merge import MergeKnowledge, compatible_codes
from detente.records import Location
from detente.records import EventActor
from tests.test_analysis_merge import CATALOG, RUSSIA, actor, make_article, make_event, merge

KNOWLEDGE = MergeKnowledge.load(catalog=CATALOG)
SOMALIA_GOV = actor("SOMGOV", "SOM", "Somali government", "government forces")
SOMALIA_REB = actor("SOMREB", "SOM", "Islamists", "the Islamists")
SOMALIA = actor("SOM", "SOM", "Somalia", "Somalia")
TOWN = actor("SOMCVL", "SOM", "residents", "residents")


def merged_sizes(events, **settings) -> list[int]:
    return sorted(m.mentions for m in merge(events, **settings).merged)


# --- actors: one country's bodies are one actor, its rebels are not its government -------------

@pytest.mark.parametrize(("first", "second", "sizes"), [
    (SOMALIA_GOV, actor("SOMMIL", "SOM", "Somali army", "the army"), [2]),   # two state bodies
    (SOMALIA_GOV, SOMALIA, [2]),                                             # less specific
    (SOMALIA_GOV, SOMALIA_REB, [1, 1]),                                      # rebels vs government
    (actor("SOMOPP", "SOM", "opposition"), SOMALIA_REB, [2]),                # one camp: opposition
    (SOMALIA_GOV, TOWN, [1, 1]),                                             # civilians are not the state
    (actor("SOMELI", "SOM", "a clan elder"), SOMALIA_GOV, [2]),              # an elite opposes nobody
])
def test_merge_source_camps(first, second, sizes):
    events = [make_event("e1", "a1", "Forces captured the town of Idale on Saturday after heavy fighting.",
                         cameo="192", source=first, target=SOMALIA, date="2021-10-18"),
              make_event("e2", "a1", "The fighters took control of the frontline position, witnesses said.",
                         cameo="192", source=second, target=SOMALIA, date="2021-10-18", start=120)]
    assert merged_sizes(events) == sizes


def test_merge_target_camps_keep_rebels_apart_from_the_government():
    events = [make_event("e1", "a1", "Troops attacked positions near the border on Monday.", cameo="190",
                         source=RUSSIA, target=SOMALIA_GOV),
              make_event("e2", "a1", "Troops attacked positions near the border on Monday, officials said.", cameo="190",
                         source=RUSSIA, target=SOMALIA_REB, start=100)]
    assert merged_sizes(events) == [1, 1]


def test_merge_camp_is_kept_by_the_group_not_only_the_matched_member():
    """A sectorless mention cannot bridge the government's group to the rebels' mention."""
    events = [make_event("e1", "a1", "Government forces captured the town of Idale on Saturday.", cameo="192",
                         source=SOMALIA_GOV, target=SOMALIA),
              make_event("e2", "a2", "Forces captured the town of Idale on Saturday, residents said.", cameo="192",
                         source=SOMALIA, target=SOMALIA),
              make_event("e3", "a3", "Islamist forces captured the town of Idale on Saturday.", cameo="192",
                         source=SOMALIA_REB, target=SOMALIA)]
    merged = merge(events).merged
    assert sorted(sorted(m.event_ids) for m in merged) == [["e1", "e2"], ["e3"]]


def test_merge_person_and_his_government_reported_by_two_outlets_are_one_event():
    """One outlet names the president (a person coded RUSGOV), the other "Russia"; codes 17 vs 173."""
    putin = actor("RUSGOV", "RUS", "Vladimir Putin", "Putin")
    journalist = actor("UKRMED", "UKR", "journalist", "a Ukrainian journalist")
    events = [make_event("e1", "a1", "Putin ordered the arrest of a Ukrainian journalist in Moscow on Monday.",
                         cameo="173", source=putin, target=journalist),
              make_event("e2", "a2", "Russia detained a reporter from Ukraine, his newspaper said.", cameo="17",
                         source=actor("RUS", "RUS", "Russia"), target=journalist)]
    merged = merge(events).merged
    assert len(merged) == 1
    assert merged[0].sources == 2 and merged[0].outlets == ["Reuters", "TASS"]
    assert merged[0].members[1].rule == "same day, actors and code"


@pytest.mark.parametrize(("name", "key"), [
    ("Madeleine Albright", "albright"), ("George W. Bush", "bush"), ("Osama bin Laden", "laden"),
    ("Ahtisaari", None), ("United States", None), ("White House", None), ("State Department", None),
    ("Singaporean President", None), ("US troops", None), ("Gaza Strip", None), ("European Union", None),
    ("Moro Islamic Liberation Front", None), (None, None),
])
def test_person_names(name, key):
    assert KNOWLEDGE.person(EventActor(name or "", name, "USAGOV", "USA", "GOV")) == key


def test_merge_meetings_with_two_named_persons_are_two_events():
    """One article: the visitor met the president, then the secretary of state (both USAGOV)."""
    visitor = actor("CHNGOV", "CHN", "Wang Yi", "Wang")
    clinton = actor("USAGOV", "USA", "Bill Clinton", "President Bill Clinton")
    albright = actor("USAGOV", "USA", "Madeleine Albright", "Secretary of State Madeleine Albright")
    events = [make_event("e1", "a1", "Wang met President Bill Clinton at the White House on Monday.", cameo="040",
                         source=visitor, target=clinton),
              make_event("e2", "a1", "He also met Secretary of State Madeleine Albright.", cameo="040", source=visitor,
                         target=albright, start=100),
              make_event("e3", "a2", "Wang held talks with Clinton on Monday, officials said.", cameo="040", source=visitor,
                         target=actor("USAGOV", "USA", "United States", "Washington"))]
    merged = merge(events).merged
    assert sorted(sorted(m.event_ids) for m in merged) == [["e1", "e3"], ["e2"]]


# --- codes ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "expected"), [
    ("173", "173", True), ("17", "173", True), ("1731", "17", True), ("172", "173", False), ("0311", "0312", False),
])
def test_compatible_codes(a, b, expected):
    assert compatible_codes(a, b) is expected


def test_merge_same_day_needs_compatible_codes():
    """Same root, dyad and day, two outlets, little shared text: 172 (sanctions) and 173 (arrest)
    are two acts."""
    target = actor("UKRGOV", "UKR", "Ukraine")
    events = [make_event("e1", "a1", "Russia imposed travel restrictions on Kyiv's ministers.", cameo="172", target=target),
              make_event("e2", "a2", "Two officials were detained at a border crossing, TASS said.", cameo="173",
                         target=target)]
    assert merged_sizes(events) == [1, 1]


def test_merge_same_day_two_outlets_needs_both_sides():
    """A mention naming one side only joins on text, not on the day alone."""
    target = actor("UKRMED", "UKR", "journalist")
    events = [make_event("e1", "a1", "Putin ordered the arrest of a Ukrainian journalist in Moscow.", cameo="173",
                         target=target),
              make_event("e2", "a2", "A reporter was detained, his newspaper said.", cameo="173",
                         source=None, target=target)]
    assert merged_sizes(events) == [1, 1]


def test_merge_undated_reports_of_one_day_by_two_outlets_are_one_event():
    target = actor("UKRMED", "UKR", "journalist")
    events = [make_event("e1", "a1", "Putin ordered the arrest of a Ukrainian journalist in Moscow.", cameo="173",
                         target=target, date=None),
              make_event("e2", "a3", "Russia detained a reporter from Ukraine, his newspaper said.", cameo="173",
                         target=target, date=None)]
    articles = [make_article("a1", "Reuters", "2021-10-18"), make_article("a3", "BBC", "2021-10-18")]
    merged = merge(events, articles=articles).merged
    assert [m.mentions for m in merged] == [2] and merged[0].members[1].rule == "same day, actors and code"
    later = [make_article("a1", "Reuters", "2021-10-18"), make_article("a3", "BBC", "2021-10-19")]
    assert sorted(m.mentions for m in merge(events, articles=later).merged) == [1, 1]


# --- counts --------------------------------------------------------------------------------------

AFGHANISTAN = actor("AFG", "AFG", "Afghanistan")


@pytest.mark.parametrize(("first", "second", "sizes"), [
    ("A suicide bomber blew himself up at a governor's house on Tuesday, killing eight people.",
     "Separately, troops killed four suspected militants in the east, a statement said.", [1, 1]),
    ("Troops killed four suspected militants in the east on Tuesday.",
     "The 4 militants were shot dead at a checkpoint, officials said.", [2]),
    ("Troops killed 1,200 fighters during the offensive in 2006.",
     "The army said the offensive had left 1200 insurgents dead.", [2]),
    ("Troops killed four suspected militants in 2006, officials said.",
     "Militants were shot dead at a checkpoint, officials said.", [2]),     # a year is no count
])
def test_merge_same_article_counts(first, second, sizes):
    events = [make_event("e1", "a1", first, cameo="1823", source=AFGHANISTAN, target=AFGHANISTAN),
              make_event("e2", "a1", second, cameo="1823", source=AFGHANISTAN, target=AFGHANISTAN, start=200)]
    assert merged_sizes(events) == sizes


def test_merge_revised_count_across_outlets_still_merges_on_text():
    events = [make_event("e1", "a1", "A car bomb killed eight soldiers at the army base in Kandahar on Tuesday.",
                         cameo="1823", source=AFGHANISTAN, target=AFGHANISTAN),
              make_event("e2", "a2", "A car bomb killed ten soldiers at the army base in Kandahar on Tuesday.",
                         cameo="1823", source=AFGHANISTAN, target=AFGHANISTAN)]
    assert merged_sizes(events) == [2]


@pytest.mark.parametrize(("text", "numbers"), [
    ("killing eight people", {"8"}),
    ("killed 4 and wounded twelve", {"4", "12"}),
    ("1,200 insurgents", {"1200"}),
    ("in 2006, 15 people", {"15"}),
    ("one of the soldiers", set()),
    ("dozens were hurt", {"dozens"}),
    ("a 3.5 magnitude quake", {"3.5"}),
    ("the G8 summit, F-16 jets", set()),
])
def test_numbers(text, numbers):
    assert KNOWLEDGE.numbers(text) == frozenset(numbers)


@given(st.text(max_size=300))
def test_numbers_never_fail_on_any_text(text):
    found = KNOWLEDGE.numbers(text)
    assert all(isinstance(value, str) and value for value in found)


# --- places --------------------------------------------------------------------------------------

UKRAINE = actor("UKR", "UKR", "Ukraine")
SHELLED = "Russian forces shelled {} overnight, regional officials said."


def placed(event_id, article_id, where: str | None, location: Location | None):
    return replace(make_event(event_id, article_id, SHELLED.format(where or "the city"), cameo="195", target=UKRAINE),
                   location=location)


def test_merge_unplaced_mention_does_not_bridge_two_cities():
    events = [placed("e1", "a1", "Kharkiv", Location("Kharkiv", "UKR")),
              placed("e2", "a2", None, None),
              placed("e3", "a3", "Odesa", Location("Odesa", "UKR"))]
    merged = merge(events).merged
    assert sorted(sorted(m.event_ids) for m in merged) == [["e1", "e2"], ["e3"]]


def test_merge_country_name_is_compatible_with_a_city_in_it():
    events = [placed("e1", "a1", "Kharkiv", Location("Kharkiv", "UKR")),
              placed("e2", "a2", "Ukraine", Location("Ukraine", "UKR"))]
    assert merged_sizes(events) == [2]


def test_merge_country_name_is_not_compatible_with_a_city_elsewhere():
    events = [placed("e1", "a1", "Kharkiv", Location("Kharkiv", "UKR")),
              placed("e2", "a2", "Moldova", Location("Moldova", "MDA"))]
    assert merged_sizes(events) == [1, 1]


def test_merge_two_country_level_places_of_one_country_merge():
    events = [placed("e1", "a1", "Ukraine", Location("Ukraine", "UKR")),
              placed("e2", "a2", "Ukraine", Location("Ukraine", "UKR"))]
    assert merged_sizes(events) == [2]


@given(st.text(max_size=80))
def test_person_never_fails_on_any_name(name):
    key = KNOWLEDGE.person(EventActor(name, name, None, None, None))
    assert key is None or (key and key == key.casefold())


def test_explain_says_why_two_outlets_reports_of_one_day_merged():
    from detente.analysis import explain

    target = actor("UKRMED", "UKR", "journalist")
    events = [make_event("e1", "a1", "Putin ordered the arrest of a Ukrainian journalist in Moscow.", cameo="173",
                         target=target),
              make_event("e2", "a2", "Russia detained a reporter, his newspaper said.", cameo="17", target=target)]
    result = merge(events)
    text = "\n".join(explain(result.merged[0], {event.id: event for event in events}))
    assert "another outlet's report of the same day, with the same actors and a compatible CAMEO code as e1" in text
