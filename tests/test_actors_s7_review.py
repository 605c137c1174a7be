"""Actors, review of session 7 (commit 1d9df95). Sentences written for these tests.

- a party's full name other countries' parties share ("Democratic Progressive Party", "Liberal
  Democratic Party") is of the country named right on it (possessor, modifier, "of" phrase), and
  the article's context follows it ("the government" after "the Liberal Democratic Party of
  Britain" is Britain's); unmarked, the knowledge base's country stays;
- an "ethnic" minority acting on an embassy abroad in a place of its own country is of that
  country: only the words naming the embassy's owner are left out, not where it stands.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from detente.actors import find_mentions
from detente.actors.knowledge import ActorKnowledge
from tests.test_actors_s5_coreference import _article, knowledge  # noqa: F401 - the module's fixture


def _codes(nlp: Language, knowledge: ActorKnowledge, text: str) -> dict[str, str | None]:  # noqa: F811
    return {mention.text: mention.code for mention in find_mentions(nlp(text), _article(text), knowledge)}


@pytest.mark.parametrize(("text", "mention", "code"), [
    # another country's party of the same name
    ("Bhutan's People's Democratic Party won two seats in the vote.", "People's Democratic Party", "BTNPTY"),
    ("The Moroccan Justice and Development Party formed a coalition on Sunday.", "Justice and Development Party",
     "MARPTY"),
    ("The Liberal Democratic Party of Britain voted against the government on Tuesday.",
     "The Liberal Democratic Party", "GBRPTY"),
    ("The Liberal Democratic Party of Britain voted against the government on Tuesday.", "the government", "GBRGOV"),
    # the entry's own country, named or not
    ("Japan's Liberal Democratic Party chose a new leader.", "Liberal Democratic Party", "JPNPTY"),
    ("The Liberal Democratic Party of Russia backed the bill.", "The Liberal Democratic Party of Russia", "RUSPTY"),
    ("The People's Democratic Party expelled the senator on Friday.", "The People's Democratic Party", "NGAPTY"),
])
def test_actors_s7_review_a_party_is_of_the_country_named_on_it(nlp: Language, knowledge: ActorKnowledge,  # noqa: F811
                                                                text: str, mention: str, code: str) -> None:
    assert _codes(nlp, knowledge, text).get(mention) == code


@pytest.mark.parametrize(("text", "mention", "code"), [
    # the embassy stands in the minority's own country: at home
    ("Ethnic Armenians stormed the Azerbaijani consulate in Yerevan.", "Ethnic Armenians", "ARM"),
    # another country's place phrase still places them; the embassy's owner never does
    ("Ethnic Uzbeks attacked the Russian embassy in Kyrgyzstan.", "Ethnic Uzbeks", "KGZ"),
    ("Ethnic Albanians attacked the embassy of the United States on Monday.", "Ethnic Albanians", None),
])
def test_actors_s7_review_an_embassys_place_is_not_its_owner(nlp: Language, knowledge: ActorKnowledge,  # noqa: F811
                                                             text: str, mention: str, code: str | None) -> None:
    codes = _codes(nlp, knowledge, text)
    assert mention in codes and codes[mention] == code, codes
