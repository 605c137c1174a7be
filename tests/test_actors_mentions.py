"""One test per construction the actors stage resolves, on sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from detente.actors import ActorKnowledge, find_mentions, load_actor_knowledge
from detente.records import Article, Mention, PublishedInterval



@pytest.fixture(scope="session")
def knowledge() -> ActorKnowledge:
    return load_actor_knowledge()


def article(text: str, published: str | None = None, interval: PublishedInterval | None = None) -> Article:
    return Article(id="t1", source="<test>", url=None, format="text", title=None, outlet=None, credited=[],
                   author=None, dateline=None, language="en", published=published, published_precision=None,
                   published_interval=interval, text=text, word_count=len(text.split()), removed=[])


def mentions(nlp: Language, knowledge: ActorKnowledge, text: str, published: str | None = None,
             interval: PublishedInterval | None = None) -> list[Mention]:
    return find_mentions(nlp(text), article(text, published, interval), knowledge)


def triples(found: list[Mention]) -> list[tuple[str, str | None, str]]:
    return [(m.text, m.code, m.resolved_by) for m in found]


def assert_has(nlp: Language, knowledge: ActorKnowledge, text: str, expected: list[tuple[str, str | None, str]],
               published: str | None = None) -> None:
    found = triples(mentions(nlp, knowledge, text, published))
    for item in expected:
        assert item in found, f"{item} not in {found}"


@pytest.mark.parametrize("text, expected", [
    ("Belgium rejected the proposal on Tuesday.", [("Belgium", "BEL", "dictionary")]),
    ("Greek troops crossed the border overnight.", [("Greek troops", "GRCMIL", "dictionary")]),
    ("The Indian Foreign Ministry issued a statement.", [("The Indian Foreign Ministry", "INDGOV", "dictionary")]),
    ("Officials said the Pakistani side had not replied.", [("the Pakistani side", "PAK", "dictionary")]),
    ("The United Kingdom and Germany signed the treaty.",
     [("The United Kingdom", "GBR", "dictionary"), ("Germany", "DEU", "dictionary")]),
])
def test_actors_country_and_role_words(nlp: Language, knowledge: ActorKnowledge, text: str,
                                       expected: list[tuple[str, str, str]]) -> None:
    assert_has(nlp, knowledge, text, expected)


@pytest.mark.parametrize("text, expected", [
    ("The Kremlin declined to comment, and the Pentagon said nothing.",
     [("The Kremlin", "RUSGOV", "dictionary"), ("the Pentagon", "USAMIL", "dictionary")]),
    ("Beijing protested after Washington announced the sanctions.",
     [("Beijing", "CHNGOV", "dictionary"), ("Washington", "USAGOV", "dictionary")]),
    ("Downing Street and the Elysee issued a joint note.",
     [("Downing Street", "GBRGOV", "dictionary"), ("the Elysee", "FRAGOV", "dictionary")]),
])
def test_actors_capitals_and_seats(nlp: Language, knowledge: ActorKnowledge, text: str,
                                   expected: list[tuple[str, str, str]]) -> None:
    assert_has(nlp, knowledge, text, expected)


def test_actors_capital_as_location_is_not_an_actor(nlp: Language, knowledge: ActorKnowledge) -> None:
    found = triples(mentions(nlp, knowledge, "The ministers met in Ankara on Monday."))
    assert not [m for m in found if m[0] == "Ankara"]


@pytest.mark.parametrize("text, code", [
    ("NATO defence ministers gathered on Monday. Brussels wants members to spend more.", "IGOWSTNAT"),
    ("Brussels imposed new tariffs on steel imports.", "IGOEUREEC"),
])
def test_actors_brussels_follows_the_nearest_organisation(nlp: Language, knowledge: ActorKnowledge, text: str,
                                                          code: str) -> None:
    (brussels,) = [m for m in mentions(nlp, knowledge, text) if m.text == "Brussels"]
    assert brussels.code == code and brussels.kind == "organisation"


@pytest.mark.parametrize("text, expected", [
    ("The United Nations and the European Union condemned the attack.",
     [("The United Nations", "IGOUNO", "dictionary"), ("the European Union", "IGOEUREEC", "dictionary")]),
    ("The OSCE sent monitors while the IAEA inspected the plant.",
     [("The OSCE", "IGOEURSCE", "dictionary"), ("the IAEA", "IGOUNOIAE", "dictionary")]),
])
def test_actors_organisations(nlp: Language, knowledge: ActorKnowledge, text: str,
                              expected: list[tuple[str, str, str]]) -> None:
    assert_has(nlp, knowledge, text, expected)


def test_actors_organisation_fields(nlp: Language, knowledge: ActorKnowledge) -> None:
    (nato,) = mentions(nlp, knowledge, "NATO rejected the demand.")
    assert (nato.name, nato.country, nato.kind) == ("NATO", "NATO", "organisation")


@pytest.mark.parametrize("text, expected", [
    ("Chinese Foreign Minister Lin Hao arrived in Paris on Sunday.",
     ("Chinese Foreign Minister Lin Hao", "CHNGOV", "title")),
    ("U.S. President Thomas Reed spoke by phone with his counterpart.",
     ("U.S. President Thomas Reed", "USAGOV", "title")),
    ("Iranian Defence Minister Hamid Karimi inspected the new missiles.",
     ("Iranian Defence Minister Hamid Karimi", "IRNMIL", "title")),
])
def test_actors_person_with_title(nlp: Language, knowledge: ActorKnowledge, text: str,
                                  expected: tuple[str, str, str]) -> None:
    assert_has(nlp, knowledge, text, [expected])


def test_actors_organisation_title_takes_the_organisation_in_context(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = "NATO held emergency talks on Friday. Secretary General Piet Janssen said the allies were united."
    assert_has(nlp, knowledge, text, [("Secretary General Piet Janssen", "IGOWSTNAT", "title")])


def test_actors_title_without_country_takes_the_dominant_country(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = ("The Deputy Foreign Minister Reza Tavakoli said Iran would not sign. "
            "Iran has rejected every draft so far, and Iran will keep its position.")
    assert_has(nlp, knowledge, text, [("The Deputy Foreign Minister Reza Tavakoli", "IRNGOV", "title")])


@pytest.mark.parametrize("text, expected", [
    ("Anna Petrova, the spokeswoman for the Russian embassy, denied the report.",
     [("Anna Petrova", "RUSGOV", "apposition"), ("the spokeswoman for the Russian embassy", "RUSGOV", "apposition")]),
    ("NATO rejected the claim. \"We see no threat,\" said a spokesman for the Alliance, Lars Holm.",
     [("a spokesman for the Alliance", "IGOWSTNAT", "apposition"), ("Lars Holm", "IGOWSTNAT", "apposition")]),
])
def test_actors_apposition(nlp: Language, knowledge: ActorKnowledge, text: str,
                           expected: list[tuple[str, str, str]]) -> None:
    assert_has(nlp, knowledge, text, expected)


def test_actors_surname_refers_back(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = "Turkish Defence Minister Ali Demir met his counterparts. Later, Demir said the talks went well."
    found = mentions(nlp, knowledge, text)
    demir = [m for m in found if m.text == "Demir"]
    assert [(m.name, m.code, m.resolved_by) for m in demir] == [("Ali Demir", "TURMIL", "coreference")]


@pytest.mark.parametrize("text, expected", [
    ("Greek Foreign Minister Nikos Andreou flew to Cairo. The Greek minister said the deal was close.",
     ("The Greek minister", "GRCGOV", "coreference")),
    ("Greek Foreign Minister Nikos Andreou flew to Cairo. The diplomat said the deal was close.",
     ("The diplomat", "GRCGOV", "coreference")),
    ("Greek Foreign Minister Nikos Andreou flew to Cairo. The head of Greek diplomacy said the deal was close.",
     ("The head of Greek diplomacy", "GRCGOV", "coreference")),
])
def test_actors_role_noun_refers_back(nlp: Language, knowledge: ActorKnowledge, text: str,
                                      expected: tuple[str, str, str]) -> None:
    found = mentions(nlp, knowledge, text)
    assert expected in triples(found)
    assert next(m for m in found if m.text == expected[0]).name == "Nikos Andreou"


def test_actors_role_noun_needs_a_matching_title(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = "Greek Foreign Minister Nikos Andreou flew to Cairo. He will meet the Greek ambassador there."
    (ambassador,) = [m for m in mentions(nlp, knowledge, text) if "ambassador" in m.text]
    assert ambassador.name != "Nikos Andreou" and ambassador.code == "GRCGOV"


def test_actors_alliance_refers_to_the_last_alliance(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = "The EU and NATO will meet in July. The alliance is divided over spending."
    assert_has(nlp, knowledge, text, [("The alliance", "IGOWSTNAT", "coreference")])


def test_actors_pronoun_refers_to_the_last_subject(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = "Pakistani Prime Minister Imran Qadir visited the capital. He said talks would resume."
    found = mentions(nlp, knowledge, text)
    (he,) = [m for m in found if m.text == "He"]
    assert (he.name, he.code, he.resolved_by, he.kind) == ("Imran Qadir", "PAKGOV", "coreference", "person")


def test_actors_pronoun_without_antecedent_is_not_returned(nlp: Language, knowledge: ActorKnowledge) -> None:
    assert not [m for m in mentions(nlp, knowledge, "He said it would rain.") if m.text == "He"]


@pytest.mark.parametrize("text, published, expected", [
    ("Putin said the talks had failed.", "2019-03-02", ("Putin", "RUSGOV", "knowledge base")),
    ("Stoltenberg said the budget would grow.", "2012-06-01", ("Stoltenberg", "NORGOV", "knowledge base")),
    ("Stoltenberg said the budget would grow.", "2016-06-01", ("Stoltenberg", "IGOWSTNAT", "knowledge base")),
    ("Zelensky said the vote was fair.", "2010-01-05", ("Zelensky", None, "unresolved")),
])
def test_actors_knowledge_base_checks_the_date(nlp: Language, knowledge: ActorKnowledge, text: str,
                                               published: str, expected: tuple[str, str | None, str]) -> None:
    assert expected in triples(mentions(nlp, knowledge, text, published))


def test_actors_knowledge_base_undated_uses_article_context(nlp: Language, knowledge: ActorKnowledge) -> None:
    found = mentions(nlp, knowledge, "NATO allies met again. Stoltenberg said NATO was ready.")
    (person,) = [m for m in found if m.kind == "person"]
    assert (person.name, person.code) == ("Jens Stoltenberg", "IGOWSTNAT")


def test_actors_knowledge_base_uses_the_published_interval(nlp: Language, knowledge: ActorKnowledge) -> None:
    interval = PublishedInterval(earliest="2013-01-01", latest="2013-02-01", evidence=[])
    found = mentions(nlp, knowledge, "Kerry said the plan was ready.", interval=interval)
    assert [(m.name, m.code) for m in found] == [("John Kerry", "USAGOV")]


def test_actors_definite_title_finds_the_office_holder(nlp: Language, knowledge: ActorKnowledge) -> None:
    found = mentions(nlp, knowledge, "The Russian president said the talks had failed.", "2019-03-02")
    assert ("The Russian president", "RUSGOV", "knowledge base") in triples(found)
    assert found[0].name == "Vladimir Putin"


def test_actors_mentions_carry_their_sentence(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = "Rain fell all day. Belgium and Chile signed the accord."
    found = mentions(nlp, knowledge, text)
    assert [m.text for m in found] == ["Belgium", "Chile"]
    for m in found:
        assert text[m.start:m.end] == m.text
        assert (m.sentence_start, m.sentence_end) == (19, len(text))


def test_actors_user_files_extend_the_knowledge(nlp: Language, tmp_path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("people:\n  - name: Marta Vilar\n    aliases: [Vilar]\n"
                     "    offices: [{code: PRTGOV, title: Minister, start: 2020-01-01}]\n"
                     "organisations:\n  NORDEFCO:\n    name: NORDEFCO\n    code: IGOEURNDF\n"
                     "    acronyms: [NORDEFCO]\n", encoding="utf-8")
    knowledge = load_actor_knowledge((extra,))
    found = mentions(nlp, knowledge, "Vilar praised NORDEFCO on Monday.", "2021-05-01")
    assert triples(found) == [("Vilar", "PRTGOV", "knowledge base"), ("NORDEFCO", "IGOEURNDF", "dictionary")]
