"""Actors by identity (issue 11 item 0): one rule per test, sentences written for these tests.

A person's sector comes from the article's own title when it names one; an envoy's country is
the one that sends him, not the one he is posted to; an organisation's envoy is that
organisation, for every later mention; "police" without "the" is the article's own police, and
so is a role noun coordinated after a definite one; a news outlet the dictionary lacks is its
country's media or named with no code; a people's word inside a party's name is no actor.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from detente.actors import find_mentions, load_actor_knowledge
from detente.actors.knowledge import ActorKnowledge, build_knowledge
from detente.records import Article, Mention

OFFICE_HOLDER = """
people:
  - name: Tomas Wexley-Arandu
    aliases: [Wexley-Arandu]
    offices:
      - {code: PNGELI, title: former prime minister, start: "1990-01-01"}
"""


def _article(text: str, published: str | None = "2007-05-02") -> Article:
    return Article(id="rules", source="<test>", url=None, format="text", title=None, outlet=None, credited=[],
                   author=None, dateline=None, language="en", published=published, published_precision="day",
                   published_interval=None, text=text, word_count=len(text.split()), removed=[])


@pytest.fixture(scope="module")
def knowledge() -> ActorKnowledge:
    return load_actor_knowledge()


@pytest.fixture(scope="module")
def knowledge_with_holder(tmp_path_factory: pytest.TempPathFactory) -> ActorKnowledge:
    path = Path(tmp_path_factory.mktemp("holders")) / "holders.yaml"
    path.write_text(OFFICE_HOLDER, encoding="utf-8")
    return build_knowledge((path,), phoenix=False)


def _mentions(nlp: Language, knowledge: ActorKnowledge, text: str) -> list[Mention]:
    return find_mentions(nlp(text), _article(text), knowledge)


def _codes(mentions: list[Mention]) -> dict[str, str | None]:
    return {mention.text: mention.code for mention in mentions}


@pytest.mark.parametrize(("text", "mention", "code"), [
    ("Prime Minister Tomas Wexley-Arandu said the mercenaries would leave.", "Prime Minister Tomas Wexley-Arandu",
     "PNGGOV"),
    ("Opposition leader Tomas Wexley-Arandu said the mercenaries would leave.", "Opposition leader Tomas Wexley-Arandu",
     "PNGOPP"),
    ("Tomas Wexley-Arandu said the mercenaries would leave.", "Tomas Wexley-Arandu", "PNGELI"),
])
def test_actors_identity_the_articles_title_sets_a_known_persons_sector(
        nlp: Language, knowledge_with_holder: ActorKnowledge, text: str, mention: str, code: str) -> None:
    assert _codes(_mentions(nlp, knowledge_with_holder, text)).get(mention) == code


@pytest.mark.parametrize(("text", "person", "code"), [
    ("Italy's envoy to Somalia, Mario Fantolli, met the Somali president in Baidoa.", "Mario Fantolli", "ITAGOV"),
    ("The Norwegian ambassador in Sudan, Erik Lundvall, criticized the government.", "Erik Lundvall", "NORGOV"),
    ("U.N. special envoy for Kosovo Pekka Valtonen presented his plan to Serbia. Valtonen then flew to Albania.",
     "Valtonen", "IGOUNO"),
    ("U.N. special envoy for Kosovo Pekka Valtonen presented his plan to Serbia. He then flew to Albania.",
     "He", "IGOUNO"),
])
def test_actors_identity_an_envoy_is_who_sends_him_for_every_mention(
        nlp: Language, knowledge: ActorKnowledge, text: str, person: str, code: str) -> None:
    assert _codes(_mentions(nlp, knowledge, text)).get(person) == code


@pytest.mark.parametrize(("text", "mention", "code"), [
    ("Kenyan troops fired on the crowd in Nairobi. Police said three men were arrested.", "Police", "KENCOP"),
    ("Kenyan troops fired on the crowd, according to police.", "police", "KENCOP"),
    ("The Somali Islamists and the Council of Islamic Courts and transitional government refused to meet.",
     "government", "SOMGOV"),
])
def test_actors_identity_bare_home_bodies_take_the_articles_country(
        nlp: Language, knowledge: ActorKnowledge, text: str, mention: str, code: str) -> None:
    assert _codes(_mentions(nlp, knowledge, text)).get(mention) == code


def test_actors_identity_bare_police_in_an_article_naming_no_country_keeps_none(
        nlp: Language, knowledge: ActorKnowledge) -> None:
    codes = _codes(_mentions(nlp, knowledge, "Police said three men were arrested on Monday."))
    assert codes.get("Police") in (None, "COP")


@pytest.mark.parametrize(("text", "outlet", "code"), [
    ("The Dallas Evening Ledger News criticized the governor on Sunday.", "The Dallas Evening Ledger News", None),
    ("The Kenya Times reported that three students were arrested.", "The Kenya Times", "KENMED"),
    ("India agreed to build a dam, the local daily Kathmandu Post reported.", "Kathmandu Post", "NPLMED"),
])
def test_actors_identity_a_news_outlet_is_media_and_named(
        nlp: Language, knowledge: ActorKnowledge, text: str, outlet: str, code: str | None) -> None:
    found = {mention.text: mention for mention in _mentions(nlp, knowledge, text)}
    assert outlet in found, list(found)
    assert (found[outlet].code, found[outlet].role) == (code, "MED")


def test_actors_identity_a_country_inside_an_outlets_name_is_not_the_country(
        nlp: Language, knowledge: ActorKnowledge) -> None:
    found = _mentions(nlp, knowledge, "The Kenya Times reported that three students were arrested.")
    assert not [mention for mention in found if mention.code == "KEN"]


@pytest.mark.parametrize("text", [
    "A delegation arrived at the invitation of the Cambodian People's Party on Saturday.",
    "The vice president was expelled from the ruling People's Democratic Party on Friday.",
])
def test_actors_identity_a_peoples_word_inside_a_partys_name_is_no_actor(
        nlp: Language, knowledge: ActorKnowledge, text: str) -> None:
    assert not [mention for mention in _mentions(nlp, knowledge, text) if (mention.code or "").endswith("CVL")]


def test_actors_identity_a_former_title_keeps_the_knowledge_bases_sector(
        nlp: Language, knowledge_with_holder: ActorKnowledge) -> None:
    text = "Former Prime Minister Tomas Wexley-Arandu said the mercenaries would leave."
    codes = {m.name: m.code for m in _mentions(nlp, knowledge_with_holder, text)}
    assert codes.get("Tomas Wexley-Arandu") == "PNGELI"


@pytest.mark.parametrize(("text", "absent"), [
    ("The court rejected his claim against Inter China Network Software (Beijing) Co., Ltd on Friday.",
     ["China", "Beijing"]),
    ("Workers of the Kenya Sugar Holdings Ltd went on strike.", ["Kenya"]),
])
def test_actors_identity_places_inside_company_names_are_no_actors(
        nlp: Language, knowledge: ActorKnowledge, text: str, absent: list[str]) -> None:
    found = [mention.text for mention in _mentions(nlp, knowledge, text)]
    assert not set(absent) & set(found), found


def test_actors_identity_a_pronoun_prefers_a_named_person_to_a_rule_about_an_office(
        nlp: Language, knowledge: ActorKnowledge) -> None:
    text = ("Nigerian Vice President Atiku Abubakar joined the Action Congress on Friday. The rules say the "
            "vice-president must belong to the same party as the president. The party had suspended Abubakar "
            "after he was charged with fraud.")
    pronouns = [m for m in _mentions(nlp, knowledge, text) if m.text == "he"]
    assert [m.code for m in pronouns] == ["NGAGOV"]


def test_actors_identity_a_name_before_a_facility_word_is_no_person(nlp: Language, knowledge: ActorKnowledge) -> None:
    found = _mentions(nlp, knowledge, "The smuggler was arrested at Hong Kong's Kai Tak airport on July 15.")
    assert not [m for m in found if m.kind == "person" and "Kai Tak" in m.text], [(m.text, m.kind) for m in found]


@pytest.mark.parametrize("text", [
    "The FBI arrested two men in New Jersey, and the Justice Department charged them with fraud.",
    "In Washington, the Department of Justice charged two men with fraud.",
])
def test_actors_identity_a_justice_ministry_is_its_countrys_government(
        nlp: Language, knowledge: ActorKnowledge, text: str) -> None:
    codes = [m.code for m in _mentions(nlp, knowledge, text) if "Justice" in m.text]
    assert codes == ["USAGOV"]


MEXICO_STORY = ("Mexico's economy minister flew to Washington on Monday. Mexico wants to keep the trade deal, "
                "and Mexican exporters sent gifts to sway {who}.")


@pytest.mark.parametrize(("who", "mention"), [
    ("Senator Pat Merriwether", "Senator Pat Merriwether"),
    ("the activist Dana Kowalczyk", "the activist Dana Kowalczyk"),
    ("Tom Ridley, the chief executive of Orbis Media", "Tom Ridley"),
    ("Tom Ridley, a senior official with the Broadcasting Board of Governors", "Tom Ridley"),
])
def test_actors_identity_an_unplaced_person_takes_no_country_from_the_story(
        nlp: Language, knowledge: ActorKnowledge, who: str, mention: str) -> None:
    found = {m.text: m for m in _mentions(nlp, knowledge, MEXICO_STORY.format(who=who))}
    assert mention in found, list(found)
    assert found[mention].country is None, found[mention].code


@pytest.mark.parametrize(("text", "mention", "code"), [
    ("Somali troops shelled the town on Monday. Information Minister Abdi Warsame said Somalia would win.",
     "Minister Abdi Warsame", "SOMGOV"),
    ("Somali troops shelled the town on Monday, said Hassan Dhuule, a resident of Goof village near Baidoa.",
     "Hassan Dhuule", "SOMCVL"),
])
def test_actors_identity_a_state_officials_or_residents_title_takes_the_storys_country(
        nlp: Language, knowledge: ActorKnowledge, text: str, mention: str, code: str) -> None:
    assert _codes(_mentions(nlp, knowledge, text)).get(mention) == code


@pytest.mark.parametrize(("text", "mention", "code"), [
    ("Nigerian President Olumide Adeyemi met the governors on Monday. Olumide told them to pay the teachers.",
     "Olumide", "NGAGOV"),
    ("President Olumide Adeyemi of Nigeria spoke on Monday. Opposition leader Olumide Bakare rejected the plan. "
     "Olumide said no.", "Olumide", None),
    ("Nigerian President John Adeyemi spoke on Monday. Opposition leader John Bakare rejected the plan. John said no.",
     "John", None),
])
def test_actors_identity_a_given_name_alone_is_the_one_person_of_that_name(
        nlp: Language, knowledge: ActorKnowledge, text: str, mention: str, code: str | None) -> None:
    found = [m.code for m in _mentions(nlp, knowledge, text) if m.text == mention]
    assert found == [code] if code else not any(found), found


def test_actors_identity_a_given_name_inside_another_name_is_not_that_person(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = "Former President Bill Clinton signed the 1994 Crime Bill, which critics still attack."
    assert not [m for m in _mentions(nlp, knowledge, text) if m.text == "Bill" and m.code]


FORMER_HOLDER = """
people:
  - name: Hal Brenton
    aliases: [Brenton]
    offices:
      - {code: USAGOV, title: president, start: "1990-01-20", end: "1998-01-20"}
"""


@pytest.fixture(scope="module")
def knowledge_with_former(tmp_path_factory: pytest.TempPathFactory) -> ActorKnowledge:
    path = Path(tmp_path_factory.mktemp("former")) / "former.yaml"
    path.write_text(FORMER_HOLDER, encoding="utf-8")
    return build_knowledge((path,), phoenix=False)


@pytest.mark.parametrize(("published", "code"), [("2005-03-01", "USAELI"), ("1995-03-01", "USAGOV")])
def test_actors_identity_a_known_person_out_of_office_is_his_countrys_elite(
        nlp: Language, knowledge_with_former: ActorKnowledge, published: str, code: str) -> None:
    text = "Hal Brenton visited Mexico on Monday."
    found = find_mentions(nlp(text), _article(text, published), knowledge_with_former)
    assert {m.text: m.code for m in found}.get("Hal Brenton") == code


@pytest.mark.parametrize(("text", "mention", "code"), [
    ("In 2007, Mexico accepted the George W. Bush administration's request to cooperate.", "administration", "USAGOV"),
    ("Mexico wants a deal. The Putin government refused it.", "government", "RUSGOV"),
])
def test_actors_identity_a_leaders_body_is_his_countrys(
        nlp: Language, knowledge: ActorKnowledge, text: str, mention: str, code: str) -> None:
    assert _codes(_mentions(nlp, knowledge, text)).get(mention) == code


def test_actors_identity_island_is_no_country(nlp: Language, knowledge: ActorKnowledge) -> None:
    found = _mentions(nlp, knowledge, "He was held for three years at Rikers Island without a trial.")
    assert not [m for m in found if m.country == "ISL"]


def test_actors_identity_a_former_holder_with_a_new_title_is_not_his_old_countrys_elite(
        nlp: Language, knowledge_with_former: ActorKnowledge) -> None:
    text = "European Commissioner Hal Brenton visited Mexico on Monday."
    found = find_mentions(nlp(text), _article(text, "2005-03-01"), knowledge_with_former)
    assert all(m.code != "USAELI" for m in found), [(m.text, m.code) for m in found]


def test_actors_identity_a_given_name_after_an_honorific_is_the_person(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = ("Sheikh Ahmad Fahd al-Sabah, Kuwait's energy minister, opened the meeting. "
            "Asked about the quota, Sheikh Ahmad said it would stay.")
    found = [m.code for m in _mentions(nlp, knowledge, text) if m.text == "Ahmad"]
    assert found == ["KWTGOV"]


CANDIDATE = """
people:
  - name: Orla Vantrevic
    aliases: [Vantrevic]
    offices:
      - {code: PNGPTY, title: presidential candidate, start: "2030-03-01", end: "2031-01-19"}
      - {code: PNGGOV, title: president, start: "2031-01-20"}
  - name: Berend Kallastu
    aliases: [Kallastu]
    offices:
      - {code: PNGGOV, title: president, start: "2010-01-20", end: "2018-01-20"}
      - {code: PNGLEG, title: senator, start: "2022-03-01"}
"""


@pytest.fixture(scope="module")
def knowledge_with_candidate(tmp_path_factory: pytest.TempPathFactory) -> ActorKnowledge:
    path = Path(tmp_path_factory.mktemp("candidates")) / "holders.yaml"
    path.write_text(CANDIDATE, encoding="utf-8")
    return build_knowledge((path,), phoenix=False)


@pytest.mark.parametrize(("published", "name", "code"), [
    ("2030-09-12", "Vantrevic", "PNGPTY"),  # a candidate is no government
    ("2032-05-02", "Vantrevic", "PNGGOV"),  # the office held at the article's date
    (None, "Vantrevic", "PNG"),  # undated: candidate or president, unknown; the country alone
    (None, "Kallastu", "PNG"),  # undated: president, then senator; the country alone
    ("2020-06-01", "Kallastu", "PNGELI"),  # between two offices: a former official
])
def test_identity_a_persons_role_is_the_office_held_at_the_articles_date(
        nlp: Language, knowledge_with_candidate: ActorKnowledge, published: str | None, name: str, code: str) -> None:
    text = f"{name} criticised the electoral commission on Monday."
    article = _article(text, published)
    codes = _codes(find_mentions(nlp(text), article, knowledge_with_candidate))
    assert codes.get(name) == code, codes


@pytest.mark.parametrize(("published", "code"), [("2016-09-20", "USAPTY"), ("2018-03-02", "USAGOV")])
def test_identity_the_2016_candidates_are_not_government(nlp: Language, knowledge: ActorKnowledge,
                                                          published: str, code: str) -> None:
    text = "Donald Trump criticised the moderators on Monday."
    codes = _codes(find_mentions(nlp(text), _article(text, published), knowledge))
    assert codes.get("Donald Trump") == code, codes


@pytest.mark.parametrize(("text", "name", "code"), [
    ("Gao Minren, vice-director of the China Society for Coastal Studies, praised the plan.", "Gao Minren", "CHN"),
    ("Taro Ibuchi, a researcher at the Japan Institute of Maritime Affairs, praised the plan.", "Taro Ibuchi", "JPN"),
    ("Gao Minren, the new envoy to China, praised the plan on Monday in Paris.", "Gao Minren", None),
])
def test_identity_a_person_of_a_body_named_with_a_country_is_of_that_country(
        nlp: Language, knowledge: ActorKnowledge, text: str, name: str, code: str | None) -> None:
    codes = _codes(_mentions(nlp, knowledge, text))
    assert codes.get(name) == code, codes


@pytest.mark.parametrize(("earliest", "latest", "code"), [
    ("2029-01-01", "2035-12-31", "PNG"),  # candidate and president both within the span: the country alone
    ("2032-02-01", "2032-02-29", "PNGGOV"),  # a span inside one office: that office
])
def test_identity_a_span_of_dates_holding_several_roles_gives_the_country(
        nlp: Language, knowledge_with_candidate: ActorKnowledge, earliest: str, latest: str, code: str) -> None:
    from dataclasses import replace

    from detente.records import PublishedInterval

    text = "Vantrevic criticised the electoral commission on Monday."
    article = replace(_article(text, None), published_interval=PublishedInterval(earliest, latest, ["test"]))
    codes = _codes(find_mentions(nlp(text), article, knowledge_with_candidate))
    assert codes.get("Vantrevic") == code, codes


def test_identity_a_member_of_a_known_national_body_has_its_code(nlp: Language, knowledge: ActorKnowledge) -> None:
    text = "The delegation was headed by Wu Tiansheng, member of the Political Bureau of the CPC Central Committee."
    codes = _codes(_mentions(nlp, knowledge, text))
    assert codes.get("Wu Tiansheng") == "CHNGOV", codes


@pytest.mark.parametrize(("text", "code"), [
    # the parties are known since session 7 (organisations.yaml groups): their country's PTY
    ("A spokesman for the Cambodian People's Party criticised the plan.", "KHMPTY"),
    ("The leader of the Nigerian People's Democratic Party said so on Friday.", "NGAPTY"),
    ("A spokesman for the Cambodian people criticised the plan.", "KHMCVL"),  # the people themselves
])
def test_identity_an_official_of_a_peoples_party_is_of_its_country_not_a_civilian(
        nlp: Language, knowledge: ActorKnowledge, text: str, code: str) -> None:
    codes = [mention.code for mention in _mentions(nlp, knowledge, text) if mention.kind == "person"]
    assert codes == [code], codes
