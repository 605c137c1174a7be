"""One test per construction the event coder handles, on sentences written for these tests.

Each sentence runs through the real actors and quotes stages, so sources and targets are the
actor codes the pipeline would produce.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from detente.actors import ActorKnowledge, find_mentions, load_actor_knowledge
from detente.events import EventLexicon, find_events, load_event_lexicon
from detente.quotes import QuoteLexicon, find_quotes, load_quote_lexicon
from detente.records import Article, Event



@pytest.fixture(scope="session")
def stages() -> tuple[ActorKnowledge, QuoteLexicon, EventLexicon]:
    return load_actor_knowledge(), load_quote_lexicon(), load_event_lexicon()


def article(text: str, published: str | None = "2021-10-18") -> Article:
    return Article(id="e1", source="<test>", url=None, format="text", title=None, outlet=None, credited=[],
                   author=None, dateline=None, language="en", published=published, published_precision="day",
                   published_interval=None, text=text, word_count=len(text.split()), removed=[])


def code(nlp: Language, stages: tuple[ActorKnowledge, QuoteLexicon, EventLexicon], text: str) -> list[Event]:
    knowledge, quote_lexicon, lexicon = stages
    item = article(text)
    doc = nlp(text)
    mentions = find_mentions(doc, item, knowledge)
    return find_events(doc, item, mentions, find_quotes(doc, item, mentions, quote_lexicon), lexicon)


def dyads(events: list[Event]) -> set[tuple[str, str | None, str | None]]:
    """(cameo root, source country, target country) of each event."""
    return {(e.cameo_root, e.source.country if e.source else None, e.target.country if e.target else None) for e in events}


def one(events: list[Event], root: str) -> Event:
    found = [event for event in events if event.cameo_root == root]
    assert found, f"no {root} event in {[(e.cameo, e.trigger.text) for e in events]}"
    return found[0]


def test_events_passive_agent_is_the_source(nlp, stages) -> None:
    events = code(nlp, stages, "The accreditation of eight Russian diplomats was withdrawn by NATO on Friday.")
    event = one(events, "16")
    assert event.cameo == "161"
    assert (event.source.country, event.target.country) == ("NATO", "RUS")
    assert event.trigger.text == "withdrawn"


def test_events_coordinated_sources_give_one_event_each(nlp, stages) -> None:
    events = code(nlp, stages, "France and Germany criticised Iran on Monday.")
    assert {("11", "FRA", "IRN"), ("11", "DEU", "IRN")} <= dyads(events)


def test_events_compound_subject_without_target_is_reciprocal(nlp, stages) -> None:
    events = code(nlp, stages, "Washington and Moscow held talks in Geneva.")
    assert {("04", "USA", "RUS"), ("04", "RUS", "USA")} <= dyads(events)


def test_events_compound_actors_are_capped_and_collapsed(nlp, stages) -> None:
    many = code(nlp, stages, "Britain, France, Italy, Spain and Poland condemned Iran.")
    assert len([e for e in many if e.cameo_root == "11"]) == 3  # max_actors_per_side
    same = code(nlp, stages, "The Kremlin and Moscow criticised NATO.")
    assert [(e.source.country, e.target.country) for e in same if e.cameo_root == "11"] == [("RUS", "NATO")]


def test_events_nominal_event_takes_the_announcing_subject(nlp, stages) -> None:
    event = one(code(nlp, stages, "Russia announced the suspension of its mission to NATO."), "16")
    assert event.cameo == "161"
    assert (event.source.country, event.target.country) == ("RUS", "NATO")
    assert "suspension" in event.trigger.text
    assert event.confidence < 0.9  # a noun trigger scores below a verb with both actors linked


def test_events_speech_act_in_quote_has_speaker_source_and_quote_id(nlp, stages) -> None:
    text = "\"We reject any dialogue with NATO,\" Lavrov said."
    event = one(code(nlp, stages, text), "12")
    assert event.cameo == "125"
    assert event.source.code == "RUSGOV" and event.target.country == "NATO"
    assert event.quote_id is not None and event.modality.reported


def test_events_negated_action_is_kept_and_flagged(nlp, stages) -> None:
    event = one(code(nlp, stages, "Washington has not contacted Moscow since March."), "04")
    assert event.modality.negated
    assert (event.source.country, event.target.country) == ("USA", "RUS")


def test_events_negated_announced_cooperation_is_a_refusal(nlp, stages) -> None:
    events = code(nlp, stages, "Turkey will not allow the inspectors to enter the country.")
    event = one(events, "12")
    assert not event.modality.negated
    assert event.source.country == "TUR"
    assert not [e for e in events if e.cameo_root == "08"]


def test_events_difficulty_is_a_rejection_not_a_consultation(nlp, stages) -> None:
    text = "\"It is difficult to talk about resuming cooperation with NATO,\" Peskov said."
    events = code(nlp, stages, text)
    event = one(events, "12")
    assert event.source.code == "RUSGOV" and event.target.country == "NATO"
    assert event.quote_id is not None
    assert not [e for e in events if e.cameo_root in {"04", "06"}]


def test_events_conditional_is_hypothetical(nlp, stages) -> None:
    events = code(nlp, stages, "Iran could close the strait if the United States attacks.")
    closing = one(events, "19")
    assert closing.source.country == "IRN" and closing.modality.hypothetical
    assert all(event.modality.hypothetical for event in events)


def test_events_announced_action_is_future_and_coded_as_threat(nlp, stages) -> None:
    event = one(code(nlp, stages, "Russia will suspend its mission to NATO from November 1."), "13")
    assert event.modality.future
    assert event.cameo == "1313"  # CAMEO: an announced break of relations (161) is a threat to break them
    assert (event.source.country, event.target.country) == ("RUS", "NATO")
    assert (event.date, event.date_precision) == ("2021-11-01", "day")  # the sentence's date, not the publication's


def test_events_location_is_the_place_near_the_trigger(nlp, stages) -> None:
    event = one(code(nlp, stages, "Israeli troops shelled positions near Rafah on Monday."), "19")
    assert event.source.country == "ISR"
    assert event.location is not None and event.location.country == "PSE"
    assert event.target is not None and event.target.country == "PSE"  # no named target: the place's country


def test_events_announced_cooperation_is_intent(nlp, stages) -> None:
    event = one(code(nlp, stages, "Syria offered to negotiate with Israel."), "03")
    assert event.cameo == "036"
    assert (event.source.country, event.target.country) == ("SYR", "ISR")


def test_events_threat_frame_codes_the_threatened_action(nlp, stages) -> None:
    event = one(code(nlp, stages, "Iran threatened to cut off gas supplies to Armenia."), "13")
    assert event.cameo == "1311"
    assert (event.source.country, event.target.country) == ("IRN", "ARM")


def test_events_one_sentence_holds_several_events(nlp, stages) -> None:
    text = "Russia expelled two Estonian diplomats on Monday, and Estonia summoned the Russian ambassador on Tuesday."
    assert {("16", "RUS", "EST"), ("11", "EST", "RUS")} <= dyads(code(nlp, stages, text))


def test_events_reported_obligation_is_a_demand(nlp, stages) -> None:
    event = one(code(nlp, stages, "Britain said Libya must hand over the suspects."), "10")
    assert (event.source.country, event.target.country) == ("GBR", "LBY")


def test_events_reported_aggression_is_also_an_accusation(nlp, stages) -> None:
    events = code(nlp, stages, "\"NATO is waging a war against Russia,\" Peskov said.")
    war = one(events, "19")
    assert (war.source.country, war.target.country) == ("NATO", "RUS") and war.modality.reported
    accusation = one(events, "11")
    assert accusation.source.code == "RUSGOV" and accusation.target.country == "NATO"
    assert accusation.quote_id == war.quote_id is not None


def test_events_own_possessions_are_not_targets(nlp, stages) -> None:
    events = code(nlp, stages, "Moscow expelled the Estonian consul, and Tallinn recalled its ambassador.")
    recall = [e for e in events if e.trigger.text == "recalled"]
    assert recall and recall[0].target is None


def test_events_records_are_well_formed(nlp, stages) -> None:
    text = "Lithuania condemned the blockade. Russia denied the accusation and threatened to retaliate against Vilnius."
    events = code(nlp, stages, text)
    assert events
    assert events == code(nlp, stages, text)  # deterministic, ids included
    assert len({event.id for event in events}) == len(events)
    for event in events:
        assert text[event.trigger.start:event.trigger.end] == event.trigger.text
        assert text[event.sentence.start:event.sentence.end] == event.sentence.text
        assert event.sentence.start <= event.trigger.start < event.trigger.end <= event.sentence.end
        for actor in (event.source, event.target):
            if actor is not None and actor.start is not None:
                assert text[actor.start:actor.end] == actor.text
        assert event.cameo_root == event.cameo[:2] and 0.0 <= event.confidence <= 1.0
        assert event.quad_class in {1, 2, 3, 4} and event.goldstein is not None
        assert event.date == "2021-10-18" and event.date_precision == "day"
        assert Event.from_dict(event.to_dict()) == event


def test_events_too_early_to_talk_is_a_rejection(nlp, stages) -> None:
    events = code(nlp, stages, "The Kremlin said it was too early to speak of rebuilding any partnership with NATO.")
    assert "12" in {event.cameo_root for event in events}
    assert not {event.cameo_root for event in events} & {"03", "04", "05", "06"}


def test_events_organisation_is_not_its_own_target(nlp, stages) -> None:
    events = code(nlp, stages, "NATO has revoked the accreditation of eight members of Russia's mission to the alliance.")
    assert ("16", "NATO", "RUS") in dyads(events)
    assert all(not (e.source and e.target and e.source.code == e.target.code) for e in events)


def test_events_are_not_dated_by_a_clause_describing_a_noun(nlp, stages) -> None:
    text = "The council, created in 2002, had not met since June 2014, when NATO suspended practical cooperation with Moscow."
    event = one(code(nlp, stages, text), "16")
    assert (event.date, event.date_precision) == ("2014-06", "month")
