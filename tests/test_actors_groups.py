"""Group, organisation and collective actors by general rules (issue 11): sector nouns placed by
their construction, named groups, regional collectives, coordination and group coreference."""

from __future__ import annotations

import pytest
from spacy.language import Language

from detente.actors import ActorKnowledge, find_mentions, load_actor_knowledge
from detente.records import Article, Mention


def _article(text: str) -> Article:
    return Article(id="groups", source="<test>", url=None, format="text", title=None, outlet=None, credited=[],
                   author=None, dateline=None, language="en", published="2006-12-01", published_precision="day",
                   published_interval=None, text=text, word_count=len(text.split()), removed=[])


@pytest.fixture(scope="module")
def knowledge() -> ActorKnowledge:
    return load_actor_knowledge()


def _mentions(nlp: Language, knowledge: ActorKnowledge, text: str) -> dict[str, Mention]:
    return {m.text: m for m in find_mentions(nlp(text), _article(text), knowledge)}


def _check(nlp: Language, knowledge: ActorKnowledge, text: str, expected: dict[str, str | None]) -> None:
    found = _mentions(nlp, knowledge, text)
    got = {name: (found[name].code if name in found else "<no mention>") for name in expected}
    assert got == expected


# Rebels, insurgents, militants: REB with the country the construction gives, else none.
PLACED = [
    ("Maoist rebels in Nepal attacked a police post.", {"Maoist rebels": "NPLREB"}),
    ("Nepal's government and Maoist rebels have agreed to a deal.",
     {"Nepal's government": "NPLGOV", "Maoist rebels": "NPLREB"}),
    ("Somali Islamists claimed a victory on Monday.", {"Somali Islamists": "SOMREB"}),
    ("The FN rebels have denied the UN accusations.", {"The FN rebels": "CIVREB"}),
    ("The rebels have denied the accusations.", {"The rebels": "REB"}),  # nothing places them: no country
    ("Rebels in the Ivory Coast continue to export diamonds.", {"Rebels": "CIVREB"}),
]


@pytest.mark.parametrize(("text", "expected"), PLACED)
def test_actors_groups_sector_nouns_take_the_country_their_construction_gives(
        nlp: Language, knowledge: ActorKnowledge, text: str, expected: dict[str, str | None]) -> None:
    _check(nlp, knowledge, text, expected)


# "the rebels", "the Maoists", "the group" refer back to the group the article placed or named last.
COREFERENCE = [
    ("Nepal's government and Maoist rebels have agreed to a deal. The Maoists said they would disarm.",
     {"The Maoists": "NPLREB"}),
    ("Somali Islamists claimed a victory. The Islamist forces were pushing back.",
     {"The Islamist forces": "SOMREB"}),
    ("Nepal's government and Maoist rebels agreed. Maoist negotiator Dinanath Sharma told AFP.",
     {"Maoist negotiator Dinanath Sharma": "NPLREB"}),
    ("Hamas fired rockets on Monday. The group said it would continue.", {"The group": "PSEREBHMS"}),
    ("The experts wrote a report on Monday. The group said it found evidence.", {"The group": "<no mention>"}),
    ("Somali Islamists claimed a victory. Some 4,000 foreign fighters had come.", {"fighters": "<no mention>"}),
    ("Somali Islamists claimed a victory. Islamic fighters all over the world should join.",
     {"fighters": "<no mention>"}),
    ("Boko Haram attacked a convoy. The Darfur rebels denied it.", {"rebels": "REB"}),  # unknown qualifier
    ("Somali Islamists claimed a victory. Islamic fighters took Idale.", {"fighters": "SOMREB"}),  # a creed
]


@pytest.mark.parametrize(("text", "expected"), COREFERENCE)
def test_actors_groups_refer_back_to_the_last_placed_or_named_group(
        nlp: Language, knowledge: ActorKnowledge, text: str, expected: dict[str, str | None]) -> None:
    _check(nlp, knowledge, text, expected)


# Named groups from our groups list (which wins over Phoenix's) and Phoenix's.
NAMED = [
    ("The Taliban attacked a convoy.", {"The Taliban": "AFGREBTAL"}),
    ("Hezbollah fired rockets.", {"Hezbollah": "LBNREBHEZ"}),
    ("The LTTE denied the charge.", {"The LTTE": "LKAREBLTT"}),
    ("The Communist Party of Nepal-Maoist said it would join.", {"The Communist Party of Nepal-Maoist": "NPLREBMAO"}),
    ("The Sudan Liberation Army attacked a convoy.", {"The Sudan Liberation Army": "SDNREBSLM"}),
    ("The ELN freed two hostages.", {"The ELN": "COLREBELN"}),
    ("Chechen rebels attacked a convoy.", {"Chechen rebels": "RUSREB"}),
]


@pytest.mark.parametrize(("text", "expected"), NAMED)
def test_actors_groups_named_groups_from_the_dictionaries(
        nlp: Language, knowledge: ActorKnowledge, text: str, expected: dict[str, str | None]) -> None:
    _check(nlp, knowledge, text, expected)


# Regional collectives and members of organisations; a region modifying a noun is a place.
COLLECTIVES = [
    ("Meshaal said Arab countries are committed to paying.", {"Arab countries": "MEA"}),
    ("OPEC members look set to maintain their quota.", {"OPEC members": "IGOBUSOPC"}),
    ("EU members agreed on Monday.", {"EU members": "IGOEUREEC"}),
    ("The clashes threaten the entire Horn of Africa region.", {"Horn of Africa": "<no mention>",
                                                                  "Africa": "<no mention>"}),
]


@pytest.mark.parametrize(("text", "expected"), COLLECTIVES)
def test_actors_groups_collectives_take_their_region_or_organisation(
        nlp: Language, knowledge: ActorKnowledge, text: str, expected: dict[str, str | None]) -> None:
    _check(nlp, knowledge, text, expected)


# "the leaders of A and B": the role is shared by both countries.
COORDINATION = [
    ("Chirac said, during talks with the leaders of South Africa and Niger here, that France would help.",
     {"the leaders of South Africa": "ZAF", "Niger": "NER"}),
    ("Lavrov met the foreign ministers of France and Germany on Monday.",
     {"the foreign ministers of France": "FRAGOV", "Germany": "DEUGOV"}),
]


@pytest.mark.parametrize(("text", "expected"), COORDINATION)
def test_actors_groups_coordination_shares_the_role(
        nlp: Language, knowledge: ActorKnowledge, text: str, expected: dict[str, str | None]) -> None:
    _check(nlp, knowledge, text, expected)


# Capitals stand for governments wherever they are an actor.
CAPITALS = [
    ("Washington said it would respond.", {"Washington": "USAGOV"}),
    ("The Swiss government demanded explanations from Washington about the flights.", {"Washington": "USAGOV"}),
    ("Washington's decision angered Beijing.", {"Washington": "USAGOV", "Beijing": "CHNGOV"}),
    ("Officials in Washington said the talks failed.", {"Officials": "USAGOV"}),
    ("Troops in Baghdad opened fire.", {"Troops": "<no mention>"}),  # troops are as often foreign
]


@pytest.mark.parametrize(("text", "expected"), CAPITALS)
def test_actors_groups_capitals_stand_for_governments(
        nlp: Language, knowledge: ActorKnowledge, text: str, expected: dict[str, str | None]) -> None:
    _check(nlp, knowledge, text, expected)


# A country inside a place's, an index's or a newspaper's name, or after "northwest of", is no actor.
PLACES = [
    ("The jet crashed 32 km northwest of Baghdad on Monday.", {"Baghdad": "<no mention>"}),
    ("Rebels have controlled the north of Ivory Coast since 2002.", {"Ivory Coast": "<no mention>"}),
    ("Hang Seng China Enterprises Index went up 37.94 points.", {"China": "<no mention>"}),
    ("The firms are listed on the Hong Kong Stock Exchange.", {"Hong Kong": "<no mention>"}),
    ("Tergat was quoted by newspaper Kenya Times as saying.", {"Kenya": "<no mention>"}),
    ("The Swiss government demanded explanations from Washington.", {"Washington": "USAGOV"}),
]


@pytest.mark.parametrize(("text", "expected"), PLACES)
def test_actors_groups_countries_inside_place_names_are_no_actors(
        nlp: Language, knowledge: ActorKnowledge, text: str, expected: dict[str, str | None]) -> None:
    _check(nlp, knowledge, text, expected)


# Demonyms coordinated before one role noun share it.
SHARED_HEAD = [
    ("Russian and Chinese troops held drills.", {"Russian": "RUSMIL", "Chinese troops": "CHNMIL"}),
    ("A summit of African and French leaders opened on Sunday.", {"African": "AFR", "French leaders": "FRA"}),
    ("Trade between Russia and China grew.", {"Russia": "RUS", "China": "CHN"}),
]


@pytest.mark.parametrize(("text", "expected"), SHARED_HEAD)
def test_actors_groups_coordinated_demonyms_share_the_role_noun(
        nlp: Language, knowledge: ActorKnowledge, text: str, expected: dict[str, str | None]) -> None:
    found = _mentions(nlp, knowledge, text)
    _check(nlp, knowledge, text, expected)
    if "Russian" in expected:
        assert found["Russian"].kind == "group"
