"""Actors, session 8 (issue 11 item 0): a demonym inside a treaty's name, or on a vote, is no side.
Sentences written for these tests.

A country's adjective opening the proper name of a treaty ("the North American Free Trade
Agreement", "the Warsaw Pact"; places.yaml facility_heads) names no actor; a country's adjective on
an election ("the French elections"; arguments.yaml topic_heads) says what is talked about, not who.
"""

from __future__ import annotations

import pytest

from detente.actors import find_mentions
from tests.test_events_coder import article, code, stages  # noqa: F401 - the session fixture


@pytest.mark.parametrize(("text", "country"), [
    ("Canada and Mexico renegotiated the North American Free Trade Agreement last year.", "USA"),
    ("Officials said the Mexican Security Accord signed in 2019 stays in force.", "MEX"),
])
def test_actors_s8_a_demonym_in_a_treatys_name_is_no_actor(nlp, stages, text: str, country: str) -> None:  # noqa: F811
    mentions = find_mentions(nlp(text), article(text), stages[0])
    assert country not in {mention.country for mention in mentions}, [(m.text, m.code) for m in mentions]


def test_actors_s8_an_election_is_a_topic(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "The Kenyan minister came to Nairobi to talk about trade and the French elections.")
    assert all(e.target is None or e.target.country != "FRA" for e in events), \
        [(e.cameo, e.source and e.source.code, e.target and e.target.code) for e in events]
