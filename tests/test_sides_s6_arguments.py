"""Which phrase is an event's side (detente/events/arguments.py), session 6: one rule per test.

Sentences written for these tests, after the constructions of the real-news audit (issue 11):
a partitive pronoun's group is the side ("some of the delegates"); a birthplace modifier is no
side ("the Iraqi-born cleric"); an office sought is a topic ("a bid for a U.S. Senate seat"); a
noun's "by" phrase names its doer before its "of" phrase; a plural pronoun in one person's words
is not that person.
"""

from __future__ import annotations

import pytest

from detente.events.arguments import Clause, DocContext, actor_of
from tests.test_events_coder import article, code, stages  # noqa: F401 - the session fixture
from detente.actors import find_mentions
from detente.quotes import find_quotes


def _sides(events) -> set[tuple[str, str | None, str | None]]:  # noqa: ANN001 - detente Events
    return {(e.cameo_root, e.source.code if e.source else None, e.target.code if e.target else None) for e in events}


@pytest.mark.parametrize(("text", "source"), [
    ("Some of the Palestinian delegates criticised Israel.", "PSE"),
    ("Each of the Iraqi delegations condemned the United States.", "IRQ"),
])
def test_sides_s6_a_partitive_pronoun_is_its_group(nlp, stages, text: str, source: str) -> None:  # noqa: F811
    events = [e for e in code(nlp, stages, text) if e.cameo_root == "11"]
    assert events and events[0].source is not None and events[0].source.country == source, _sides(events)


@pytest.mark.parametrize("text", [
    "The Iraqi-born cleric condemned the attack on the US embassy.",
    "The US-educated economist criticised the Iraqi government.",
])
def test_sides_s6_a_birthplace_modifier_is_no_side(nlp, stages, text: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert events and all(e.source is None for e in events), _sides(events)


@pytest.mark.parametrize(("text", "root"), [
    ("Italy rejected the bid for a U.N. Security Council seat.", "12"),
    ("Italy refused to give up its U.N. Security Council seat.", "12"),
])
def test_sides_s6_a_seat_sought_is_no_target(nlp, stages, text: str, root: str) -> None:  # noqa: F811
    # the act stays Italy's; the body whose seat it is was its target ("rejected the U.N.")
    events = [e for e in code(nlp, stages, text) if e.cameo_root == root]
    assert events and events[0].source is not None and events[0].source.country == "ITA", _sides(events)
    assert all(e.target is None or e.target.code != "IGOUNO" for e in events), _sides(events)


def test_sides_s6_a_nouns_by_phrase_names_its_doer(nlp, stages) -> None:  # noqa: F811
    knowledge, quote_lexicon, lexicon = stages
    text = "The United States said it rejects the interference of Lebanon by Syria."
    doc = nlp(text)
    item = article(text)
    mentions = find_mentions(doc, item, knowledge)
    context = DocContext.of(doc, lexicon, mentions, find_quotes(doc, item, mentions, quote_lexicon))
    noun = next(token for token in doc if token.lower_ == "interference")
    actors = actor_of(context, noun, Clause(None, None, False))
    assert [actor.country for actor in actors] == ["SYR"]


def test_sides_s6_they_in_a_persons_words_is_not_the_person(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, '"Four thousand foreign fighters have joined the fighting and some of them have been '
                               'killed by Ethiopian troops," Somali Prime Minister Ali Mohamed Gedi told reporters.')
    killings = [e for e in events if e.cameo_root == "19"]
    assert killings and killings[0].source is not None and killings[0].source.code == "ETHMIL", _sides(events)
    assert all(e.target is None or e.target.code != "SOMGOV" for e in killings), _sides(events)


def test_sides_s6_a_preposition_left_empty_by_the_parser_takes_the_clause_subject(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Peru has granted diplomatic asylum to five Panamanian army officers holed up in a "
                               "diplomatic residence, the Peruvian embassy said on Tuesday.")
    granted = [e for e in events if e.trigger.text == "granted"]
    assert granted and granted[0].target is not None and granted[0].target.country == "PAN", _sides(events)
