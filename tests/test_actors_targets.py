"""Which phrase is a side, and whose (issue 11 item 0), one rule per test; sentences written for
these tests. A place that ends an organisation's name ("the Quartet on the Middle East") is no
actor; police and courts with no country named are of the place the story names, not of a
foreigner's demonym; a country's word before a topic ("French cuisine") is no side; a person's
name before his body ("the Vantrevic foundation") gives the body his country, not his office.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from detente.actors import find_mentions
from detente.events import find_events
from detente.quotes import find_quotes
from detente.records import Event, Mention
from tests.test_events_coder import article, stages  # noqa: F401 - the session fixture


def _mentions(nlp: Language, stages, text: str, published: str = "2006-11-20") -> list[Mention]:  # noqa: ANN001, F811
    return find_mentions(nlp(text), article(text, published), stages[0])


def _events(nlp: Language, stages, text: str, published: str = "2006-11-20") -> list[Event]:  # noqa: ANN001, F811
    knowledge, quote_lexicon, lexicon = stages
    item, doc = article(text, published), nlp(text)
    mentions = find_mentions(doc, item, knowledge)
    return find_events(doc, item, mentions, find_quotes(doc, item, mentions, quote_lexicon), lexicon)


def _sides(events: list[Event]) -> set[tuple[str | None, str | None]]:
    return {(e.source.code if e.source else None, e.target.code if e.target else None) for e in events}


@pytest.mark.parametrize(("text", "place"), [
    ("The minister urged the Permanent Commission on the Middle East to act.", "the Middle East"),
    ("Donors pledged money to the Special Tribunal for Lebanon on Monday.", "Lebanon"),
    ("The Joint Council for Sudan met in Geneva on Tuesday.", "Sudan"),
])
def test_targets_a_place_ending_an_organisations_name_is_no_actor(nlp, stages, text: str, place: str) -> None:  # noqa: F811
    assert place not in {m.text for m in _mentions(nlp, stages, text)}


def test_targets_a_place_after_of_in_a_name_still_owns_it(nlp, stages) -> None:  # noqa: F811
    codes = {m.text: m.code for m in _mentions(nlp, stages, "The Bank of China raised its rates.")}
    assert codes.get("The Bank of China") == "CHNBUS", codes


def test_targets_the_quartet_is_an_organisation(nlp, stages) -> None:  # noqa: F811
    events = _events(nlp, stages, "Jordan urged the International Quartet on the Middle East to do more.")
    assert ("JOR", "IGOMEAQRT") in _sides(events), _sides(events)


@pytest.mark.parametrize(("text", "code"), [
    ("Police charged the Iranian diplomat with spying in Berlin.", "DEUCOP"),
    ("Police charged a Russian tourist with theft in Vienna on Monday.", "AUTCOP"),
    ("A Libyan national was sentenced to life in London; the court said he planned the attack.", "GBRJUD"),
])
def test_targets_police_and_courts_are_of_the_place_not_of_a_foreigner(nlp, stages, text: str, code: str) -> None:  # noqa: F811
    codes = {m.code for m in _mentions(nlp, stages, text) if m.role in {"COP", "JUD"}}
    assert codes == {code}, codes


@pytest.mark.parametrize("text", [
    "The minister praised French cuisine at the dinner.",
    "The ambassador praised Italian films on Monday.",
])
def test_targets_a_countrys_word_before_a_topic_is_no_side(nlp, stages, text: str) -> None:  # noqa: F811
    events = _events(nlp, stages, text)
    assert all(e.target is None or e.target.country not in {"FRA", "ITA"} for e in events), _sides(events)


def test_targets_a_countrys_word_before_an_event_noun_is_its_doer(nlp, stages) -> None:  # noqa: F811
    events = _events(nlp, stages, "A judge dismissed a US lawsuit against the Chinese firm.")
    assert ("USA", "CHNBUS") in _sides(events), _sides(events)


def test_targets_goods_keep_their_country_as_the_target_of_a_ban(nlp, stages) -> None:  # noqa: F811
    events = _events(nlp, stages, "The United States banned Chinese goods on Monday.")
    assert ("USA", "CHN") in _sides(events), _sides(events)


@pytest.mark.parametrize(("text", "side"), [
    ("Prosecutors have been investigating the Obama foundation.", "target"),
    ("The Obama campaign attacked the senator on Monday.", "source"),
])
def test_targets_a_persons_body_has_his_country_not_his_office(nlp, stages, text: str, side: str) -> None:  # noqa: F811
    events = _events(nlp, stages, text, "2012-05-02")
    actors = [getattr(e, side) for e in events if getattr(e, side) is not None]
    assert actors and all(actor.code == "USA" for actor in actors), _sides(events)
