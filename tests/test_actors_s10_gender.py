"""Actors, session 10 (issue 11 item 0): "she" never refers back to a man, nor "he" to a woman
(genders.yaml: honorifics, title words, given names). Sentences written for these tests."""

from __future__ import annotations

from detente.actors import find_mentions
from tests.test_events_coder import article, stages  # noqa: F401 - the session fixture


def _pronouns(nlp, stages, text: str) -> dict[str, str | None]:  # noqa: ANN001, F811 - spaCy Language, fixture
    """Each pronoun's text -> the name of the person it was resolved to."""
    knowledge = stages[0]
    mentions = find_mentions(nlp(text), article(text, "2016-10-01"), knowledge)
    return {m.text.lower(): m.name for m in mentions if m.text.lower() in ("he", "she")}


def test_actors_s10_she_skips_the_man_who_is_the_main_subject(nlp, stages) -> None:  # noqa: F811
    """The previous sentence's main subject is a man: "She" is the woman of its clause."""
    found = _pronouns(nlp, stages, "Donald Trump said on Monday that Hillary Clinton would lose the election. "
                                   "She said he was wrong.")
    assert found == {"she": "Hillary Clinton", "he": "Donald Trump"}, found


def test_actors_s10_honorifics_give_the_gender(nlp, stages) -> None:  # noqa: F811
    """"Mr. Trump" is a man, whoever the knowledge base says "Clinton" is: "he" is Trump, not Clinton."""
    found = _pronouns(nlp, stages, "Mrs. Clinton met Mr. Trump in New York. She said he was wrong.")
    assert found.get("he") != found.get("she"), found


def test_actors_s10_he_is_left_unresolved_rather_than_given_a_woman(nlp, stages) -> None:  # noqa: F811
    """The only person before "He" is a woman: the pronoun is no mention of her."""
    found = _pronouns(nlp, stages, "Senator Elizabeth Warren criticised the bank. He resigned on Friday.")
    assert found.get("he") != "Elizabeth Warren", found


def test_actors_s10_a_pronoun_fixes_the_gender_of_an_unknown_given_name(nlp, stages) -> None:  # noqa: F811
    """"Zorbanu Tallis" is no known name; once "she" referred to her, a later "he" is not her."""
    found = _pronouns(nlp, stages, "Zorbanu Tallis spoke to reporters on Monday. She said the plan would fail. "
                                   "Then he left.")
    assert found.get("she") == "Zorbanu Tallis" and found.get("he") != "Zorbanu Tallis", found


def test_actors_s10_an_honorific_picks_the_namesake_of_its_gender(nlp, stages) -> None:  # noqa: F811
    """"Mrs. Clinton" after "Bill Clinton" (named last) is Hillary Clinton, named before him."""
    text = "Hillary Clinton spoke in Ohio on Monday. Bill Clinton spoke in Iowa. Mrs. Clinton said the plan would work."
    names = {m.text: m.name for m in find_mentions(nlp(text), article(text, "2016-10-01"), stages[0])}
    assert names.get("Clinton") == "Hillary Clinton", names
