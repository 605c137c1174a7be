"""Event locations: locative constructions, regions, ambiguity, common words, the data file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.places import Gazetteer, load_gazetteer, find_location, lookup_location, normalise
from detente.records import Location

pytest.importorskip("spacy")



@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def locate(nlp, gazetteer: Gazetteer, text: str) -> Location | None:  # noqa: ANN001
    sentence = next(iter(nlp(text).sents))
    return find_location(sentence, gazetteer)


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("NATO foreign ministers met in Brussels on Thursday.", "Brussels", "BEL"),
        ("The talks were held in Helsinki.", "Helsinki", "FIN"),
        ("Lavrov spoke to reporters in Moscow.", "Moscow", "RUS"),
        ("Leaders gathered at a summit in Madrid.", "Madrid", "ESP"),
        ("Shelling was reported in the Ukrainian capital Kyiv.", "Kyiv", "UKR"),
        ("Troops massed near the port in the city of Mariupol.", "Mariupol", "UKR"),
        ("Most of the fighting was in eastern Ukraine.", "Ukraine", "UKR"),
        ("Diplomats met in the United States.", "United States", "USA"),
        ("The vote took place in São Paulo.", "São Paulo", "BRA"),
        ("Troops were deployed in Russian-occupied Crimea.", "Crimea", "UKR"),
        ("Explosions were heard in Kyiv's Podil district.", "Kyiv", "UKR"),
        ("Shelling hit the outskirts of Kharkiv.", None, None),
        ("Residents fled in the north of Syria.", "Syria", "SYR"),
        ("He was interviewed at a Moscow-based think tank in Berlin.", "Berlin", "DEU"),
        ("Exercises were held in NATO member Estonia.", "Estonia", "EST"),
    ],
)
def test_places_city_or_country_in_a_locative(nlp, gazetteer: Gazetteer, text: str, name: str,  # noqa: ANN001
                                              country: str) -> None:
    location = locate(nlp, gazetteer, text)
    if name is None:
        assert location is None  # "of" is not a locative preposition
    else:
        assert location is not None and (location.name, location.country) == (name, country)


def test_places_city_has_coordinates(nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    location = locate(nlp, gazetteer, "The talks were held in Helsinki.")
    assert location is not None and location.lat == pytest.approx(60.17, abs=0.1)
    assert location.lon == pytest.approx(24.94, abs=0.1)


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Russia has increased its military activity in the Baltic region.", "Baltic region", None),
        ("The warship sailed into the Black Sea.", "Black Sea", None),
        ("The conflict in the Middle East escalated.", "Middle East", None),
        ("Fighting continued in Donbas.", "Donbas", "UKR"),
        ("Fighting continued in the Donbass region.", "Donbas", "UKR"),
        ("Clashes in Nagorno-Karabakh left dozens dead.", "Nagorno-Karabakh", "AZE"),
        ("Reporters waited at the Kremlin.", "Kremlin", "RUS"),
    ],
)
def test_places_regions_from_the_data_file(nlp, gazetteer: Gazetteer, text: str, name: str,  # noqa: ANN001
                                           country: str | None) -> None:
    location = locate(nlp, gazetteer, text)
    assert location is not None and (location.name, location.country) == (name, country)
    assert location.lat is not None


@pytest.mark.parametrize(
    "text",
    [
        "Russia criticised NATO.",
        "Moscow rejected the proposal.",
        "Sweden and Finland applied to join NATO in 2022.",
        "He spoke in Russia's defence.",
        "The deal was reported in the New York Times.",
        "The minister was born in May.",
        "Diplomats from Russia were expelled.",
        "He sent a letter to Moscow.",
        "Nice weather helped the parade.",
        "He told us that it was over.",
        "They met in the region.",
        "In response, Russia expelled ten diplomats.",
        "He visited at the invitation of Finland.",
        "Ukraine received aid in support of Kyiv.",
        "The sanctions were imposed in Russia's view unfairly.",
        "He works for a Moscow-based think tank.",
    ],
)
def test_places_names_outside_a_locative_are_not_locations(nlp, gazetteer: Gazetteer, text: str) -> None:  # noqa: ANN001
    assert locate(nlp, gazetteer, text) is None


def test_places_spellings_and_acronyms(nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    assert locate(nlp, gazetteer, "Missiles were fired at Kiev overnight.").name == "Kyiv"
    assert locate(nlp, gazetteer, "They met in the US last week.").country == "USA"
    assert locate(nlp, gazetteer, "Officials met in Washington.").lat == pytest.approx(38.9, abs=0.1)
    assert locate(nlp, gazetteer, "Protests spread in Britain.").country == "GBR"
    assert gazetteer.lookup("us")[0].exact_case  # "us" the pronoun is never the country


def test_places_ambiguous_city_prefers_country_in_sentence(nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    assert locate(nlp, gazetteer, "Protests erupted in Tripoli.").country == "LBY"  # most populous
    assert locate(nlp, gazetteer, "Protests erupted in Tripoli, Lebanon.").country == "LBN"
    assert locate(nlp, gazetteer, "He lives in Moscow, Idaho.").country == "USA"


def test_places_common_word_city_needs_a_proper_noun(nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    assert locate(nlp, gazetteer, "The festival in Nice drew crowds.").country == "FRA"
    assert locate(nlp, gazetteer, "It looked nice in the evening.") is None
    assert gazetteer.lookup("Nice")[0].common_word


def test_places_most_specific_place_wins(nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    location = locate(nlp, gazetteer, "In Ukraine, officials met in Kharkiv to discuss the attack.")
    assert location is not None and location.name == "Kharkiv"


def test_places_trigger_picks_the_nearest_place(nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    sentence = next(iter(nlp("Ministers who met in Brussels later flew to a summit held in Madrid.").sents))
    trigger = next(token for token in sentence if token.text == "held")
    assert find_location(sentence, gazetteer, trigger=trigger).name == "Madrid"
    assert find_location(sentence, gazetteer).name == "Brussels"


def test_places_extra_data_adds_regions_and_ignores(tmp_path: Path, nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    extra = tmp_path / "places.yaml"
    extra.write_text(
        "locations:\n"
        "  regions:\n"
        "    Zapad range: {country: BLR, lat: 53.9, lon: 27.6, aliases: [Zapad training ground]}\n"
        "  ignore: [Helsinki]\n",
        encoding="utf-8",
    )
    custom = load_gazetteer((extra,))
    assert locate(nlp, custom, "Drills were held at the Zapad training ground.") == Location(
        "Zapad range", "BLR", 53.9, 27.6)
    assert locate(nlp, custom, "The talks were held in Helsinki.") is None
    assert locate(nlp, gazetteer, "The talks were held in Helsinki.") is not None


def test_places_gazetteer_is_normalised(gazetteer: Gazetteer) -> None:
    assert normalise("The  São Paulo") == "sao paulo"
    assert gazetteer.lookup("Brussels")[0].location.country == "BEL"
    assert gazetteer.lookup("Kosovo")[0].location.country == "KSV"  # CAMEO code, not XKX
    assert gazetteer.lookup("Mobile")[0].common_word


_WORDS = st.sampled_from(["in", "at", "near", "the", "Brussels", "Nice", "of", "US", "us", "Baltic", "region",
                          "Russia", "'s", ",", ".", "city", "Moscow", "Idaho", "Black", "Sea", "eastern", "said"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_WORDS, min_size=1, max_size=12))
def test_places_never_crashes_and_returns_known_places(nlp, gazetteer: Gazetteer, words: list[str]) -> None:  # noqa: ANN001
    doc = nlp(" ".join(words))
    for sentence in doc.sents:
        location = find_location(sentence, gazetteer)
        if location is not None:
            assert any(place.location == location for place in gazetteer.lookup(location.name))
            assert location.country is None or len(location.country) == 3


def test_places_lookup_location_for_datelines(gazetteer: Gazetteer) -> None:
    assert lookup_location("BRUSSELS", gazetteer).country == "BEL"
    assert lookup_location("Moscow", gazetteer).country == "RUS"
    assert lookup_location("US", gazetteer).country == "USA"
    assert lookup_location("us", gazetteer) is None
    assert lookup_location("Narnia", gazetteer) is None


def test_places_owner_country_then_its_city(nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    assert locate(nlp, gazetteer, "Prisoners rioted in East Timor's capital Dili.").name == "Dili"
    assert locate(nlp, gazetteer, "Drones struck in Russia's Belgorod region.").country == "RUS"


def test_places_demonyms_are_not_cities(nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    assert gazetteer.lookup("Thai") == ()
    assert locate(nlp, gazetteer, "Shells fell near the eastern Thai border.") is None
