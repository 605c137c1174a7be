"""Which phrase is an event's source or target (detente/events/arguments.py), one rule per test.

Sentences written for these tests: the doer of a noun named in its "from" phrase ("threats from
Beijing") is the source and the one who faces it the target; an unnamed group an adjective calls
foreign keeps no country; a soldier of an organisation's force carries the organisation's code;
a person's party is not the person; a news outlet is named even with no code.
"""

from __future__ import annotations

import pytest

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _sides(events) -> set[tuple[str, str | None, str | None]]:  # noqa: ANN001 - detente Events
    return {(e.cameo_root, e.source.code if e.source else None, e.target.code if e.target else None) for e in events}


@pytest.mark.parametrize(("text", "expected"), [
    ("Taiwan faced criticism from Beijing over the arms purchase.", ("11", "CHNGOV", "TWN")),
    ("Putin's visit drew praise from Beijing.", ("05", "CHNGOV", "RUSGOV")),
    ("Israel received military aid from the United States.", ("07", "USA", "ISR")),
])
def test_arguments_a_from_phrase_names_the_doer_of_the_noun(nlp, stages, text: str, expected: tuple) -> None:  # noqa: F811
    assert expected in _sides(code(nlp, stages, text))


@pytest.mark.parametrize(("text", "trigger", "target"), [
    ("Iraq demanded explanations from Washington about the raid.", "demanded explanations", "USAGOV"),
    ("The United States withdrew support from the rebels in Sudan.", "withdrew", "SDNREB"),
])
def test_arguments_a_verbs_own_from_phrase_stays_its_target(nlp, stages, text: str, trigger: str, target: str) -> None:  # noqa: F811
    events = [e for e in code(nlp, stages, text) if e.trigger.text == trigger]
    assert events and events[0].target is not None and events[0].target.code == target


@pytest.mark.parametrize(("text", "home"), [
    ("President Hamid Karzai urged foreign forces to avoid civilian casualties.", "AFG"),
    ("The Ugandan president urged outside governments to stop their interference.", "UGA"),
])
def test_arguments_a_foreign_group_keeps_no_country(nlp, stages, text: str, home: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert events and all(e.target is None or e.target.country != home for e in events), _sides(events)


def test_arguments_a_soldier_of_an_organisations_force_has_its_code(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "NATO said a soldier from a NATO-led force was killed by insurgents in Helmand.")
    targets = {e.target.code for e in events if e.target is not None and e.target.text == "a soldier"}
    assert targets == {"IGOWSTNAT"}, _sides(events)


def test_arguments_a_persons_party_is_not_the_person(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Nigerian vice president Atiku Abubakar's new party, the Action Congress, "
                               "on Sunday slammed President Olusegun Obasanjo's declaration.")
    slammed = [e for e in events if e.trigger.text == "slammed"]
    assert slammed and all(e.source is None or e.source.code != "NGAGOV" for e in slammed), _sides(events)


def test_arguments_an_outlet_with_no_country_is_a_named_source(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "The Dallas Evening Ledger News criticized President Bush on Sunday.")
    criticized = [e for e in events if e.cameo_root == "11"]
    assert criticized and criticized[0].source is not None
    assert (criticized[0].source.text, criticized[0].source.code) == ("The Dallas Evening Ledger News", None)


def test_arguments_troops_deployed_somewhere_are_not_that_countrys(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Chirac said France, which has 4,000 troops deployed in Ivory Coast, wanted talks.")
    assert all(e.target is None or e.target.text != "4,000 troops" or e.target.country != "CIV" for e in events), \
        _sides(events)


@pytest.mark.parametrize(("text", "target"), [
    ("Mexico rejected the Obama administration's request on Monday.", "USAGOV"),
    ("Canada accepted the Bush administration's offer to cooperate.", "USAGOV"),
])
def test_arguments_a_possessors_own_body_before_the_name_inside_it(nlp, stages, text: str, target: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert any(e.target is not None and e.target.code == target for e in events), _sides(events)


@pytest.mark.parametrize(("text", "words", "source"), [
    ("A soldier was killed in a firefight with Taliban insurgents in Helmand on Tuesday.", "Taliban insurgents", "AFGREB"),
    ("Two students were killed in clashes with police in Dhaka on Monday.", "police", "BGDCOP"),
    ("Four Afghan guards were killed when the suicide bomber entered the compound.", "the suicide bomber", None),
])
def test_arguments_a_passive_with_no_by_phrase_takes_the_doer_the_sentence_names(
        nlp, stages, text: str, words: str, source: str | None) -> None:  # noqa: F811
    events = [e for e in code(nlp, stages, text) if e.trigger.text == "killed"]
    assert events and events[0].source is not None, _sides(events)
    assert (events[0].source.text, events[0].source.code) == (words, source)


def test_arguments_a_pronoun_in_the_when_clause_is_no_doer(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "The activist was arrested in Minsk when he arrived at the border.")
    assert all(e.source is None or e.source.text != "he" for e in events), _sides(events)


@pytest.mark.parametrize(("text", "source"), [
    ("The Chinese foreign minister is scheduled to meet with Japanese officials on Friday.", "CHNGOV"),
    ("Jordan is expected to sign the agreement with Israel next week.", "JOR"),
])
def test_arguments_an_infinitive_under_a_passive_is_done_by_its_subject(nlp, stages, text: str, source: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert any(e.source is not None and e.source.code == source for e in events), _sides(events)


def test_arguments_an_uncoded_apposition_does_not_replace_the_named_person(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Orvin Haskell, a Democrat who supports Clinton, has been investigating the Trump Foundation.")
    investigating = [e for e in events if e.trigger.text == "investigating"]
    assert investigating and investigating[0].source is not None, _sides(events)
    assert investigating[0].source.text == "Orvin Haskell"
    assert investigating[0].target is not None and investigating[0].target.code != "USAREB"
