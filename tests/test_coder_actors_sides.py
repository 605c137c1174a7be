"""Right actors on real news (issue 11 item 0; sentences written for these tests, after errors seen in the fold-0 audit).

Rules (events/coder.py, events/arguments.py, data/events/actor_sides.yaml):
- an active verb coordinated with a passive one is done by the passive's subject, not by its agent
  ("X was indicted by the court and will resign");
- a domestic act of a country named as such gets no word-less target of its own country
  (`home_target_needs_words`); an organ of the country ("the government") still acts at home.
"""

from __future__ import annotations

from detente.records import Event
from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _by_trigger(events: list[Event], word: str) -> Event:
    found = [event for event in events if event.trigger.text.split()[0] == word]
    assert found, [(event.cameo, event.trigger.text) for event in events]
    return found[0]


def test_coder_actors_an_active_verb_after_a_passive_is_the_subjects_act(nlp, stages) -> None:  # noqa: F811
    text = "Montenegro's prime minister has been indicted by the U.N. war crimes court and will resign."
    resign = _by_trigger(code(nlp, stages, text), "resign")
    assert resign.source is not None and resign.source.code == "MNEGOV", resign.source
    assert resign.target is None or resign.target.code != "MNEGOV"


def test_coder_actors_the_indictment_keeps_the_court_as_source(nlp, stages) -> None:  # noqa: F811
    text = "Montenegro's prime minister has been indicted by the U.N. war crimes court and will resign."
    indicted = _by_trigger(code(nlp, stages, text), "indicted")
    assert indicted.source is not None and indicted.source.code.startswith("IGO")
    assert indicted.target is not None and indicted.target.code == "MNEGOV"


def test_coder_actors_a_country_acting_alone_gets_no_wordless_home_target(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Russia has put in place restrictions on foreign media ownership.")
    restrictions = [event for event in events if event.cameo_root == "17"]
    assert restrictions, [(event.cameo, event.trigger.text) for event in events]
    assert restrictions[0].target is None, restrictions[0].target


def test_coder_actors_a_government_acting_at_home_keeps_its_country(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Sudan's government on Sunday lifted a state of emergency.")
    lifted = [event for event in events if event.cameo_root == "08"]
    assert lifted and lifted[0].target is not None and lifted[0].target.country == "SDN"


def test_coder_actors_a_country_naming_a_venue_is_no_target(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Stuchiner was arrested at Hong Kong's Kai Tak airport on Friday.")
    assert all(event.target is None or event.target.text != "Hong Kong" for event in events), \
        [(event.cameo, event.target) for event in events]


def test_coder_actors_a_person_naming_a_venue_is_still_the_target(nlp, stages) -> None:  # noqa: F811
    text = "A suicide bomber blew himself up at a governor's house in southern Afghanistan Tuesday."
    bombing = _by_trigger(code(nlp, stages, text), "blew")
    assert bombing.target is not None and bombing.target.code == "AFGGOV", bombing.target


def test_coder_actors_a_meeting_place_is_no_side_of_the_meeting(nlp, stages) -> None:  # noqa: F811
    text = "The cartel's chief said on Saturday that ministers would talk ahead of a one-day meeting in Kuwait."
    sides = [(event.cameo, event.target.text if event.target else None) for event in code(nlp, stages, text)]
    assert all(target != "Kuwait" for _, target in sides), sides


def test_coder_actors_a_name_inside_an_occasion_is_no_target(nlp, stages) -> None:  # noqa: F811
    text = "Iran's foreign minister criticised the plan on the sidelines of an Arab League summit."
    events = code(nlp, stages, text)
    assert all(event.target is None or event.target.code != "IGOMEAARL" for event in events), \
        [(event.cameo, event.target) for event in events]
