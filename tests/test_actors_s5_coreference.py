"""Actors by identity (issue 11 item 0), session 5: placed actors the text names but the resolver
left uncoded. Sentences written for these tests.

- adjectives between a title modifier and the role word keep the possessor's country on the
  title ("Iran's chief nuclear negotiator" is Iran's government);
- a definite role noun with no named person to refer to is the unnamed titled person of the
  last few sentences ("A senior State Department official said ... The official added");
- "he"/"she" with no person in its own or the previous sentence reaches a named person up to
  three sentences back, never further.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from detente.actors import find_mentions, load_actor_knowledge
from detente.actors.knowledge import ActorKnowledge
from detente.records import Article, Mention


def _article(text: str) -> Article:
    return Article(id="s5", source="<test>", url=None, format="text", title=None, outlet=None, credited=[],
                   author=None, dateline=None, language="en", published="2007-05-02", published_precision="day",
                   published_interval=None, text=text, word_count=len(text.split()), removed=[])


@pytest.fixture(scope="module")
def knowledge() -> ActorKnowledge:
    return load_actor_knowledge()


def _codes(nlp: Language, knowledge: ActorKnowledge, text: str) -> dict[str, str | None]:
    mentions: list[Mention] = find_mentions(nlp(text), _article(text), knowledge)
    return {mention.text: mention.code for mention in mentions}


@pytest.mark.parametrize(("text", "mention", "code"), [
    ("Iran's chief nuclear negotiator said talks would resume.", "Iran's chief nuclear negotiator", "IRNGOV"),
    ("Ghana's senior trade negotiator left the talks on Monday.", "Ghana's senior trade negotiator", "GHAGOV"),
])
def test_title_adjectives_after_a_modifier_keep_the_possessor(nlp: Language, knowledge: ActorKnowledge, text: str,
                                                              mention: str, code: str) -> None:
    assert _codes(nlp, knowledge, text).get(mention) == code


def test_the_official_refers_to_the_unnamed_titled_person_before(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = "A senior State Department official said the talks failed. The official added that Iran must comply."
    assert _codes(nlp, knowledge, text).get("The official") == "USAGOV"


def test_the_official_keeps_an_organisation(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = "A UN official said the talks failed. The official added that Iran must comply."
    assert _codes(nlp, knowledge, text).get("The official") == "IGOUNO"


def test_the_official_does_not_reach_an_unnamed_person_far_back(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = ("A senior State Department official said the talks failed. The weather was bad. The rain fell all day. "
            "It was cold. The roads were closed. The official added that Iran must comply.")
    assert _codes(nlp, knowledge, text).get("The official") != "USAGOV"


def test_he_reaches_a_named_person_three_sentences_back(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = ("Japanese Foreign Minister Taro Aso met reporters. The weather was bad. The rain fell all day. "
            "He said Japan would wait.")
    assert _codes(nlp, knowledge, text).get("He") == "JPNGOV"


def test_he_does_not_reach_four_sentences_back(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = ("Japanese Foreign Minister Taro Aso met reporters. The weather was bad. The rain fell all day. "
            "It was cold. He said Japan would wait.")
    assert "He" not in _codes(nlp, knowledge, text)


def test_the_official_after_an_unplaced_official_keeps_the_context(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = ("\"The Internet is important,\" an official with the Central Committee of the Communist Youth League said "
            "Sunday in Beijing. China's netizens totaled 123 million. Meanwhile, the official also pointed out problems.")
    assert _codes(nlp, knowledge, text).get("the official") == "CHNGOV"
