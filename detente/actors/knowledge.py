"""What the actors stage knows, loaded once per worker: countries, organisations, roles, people.

Countries (names, spellings, demonyms, capitals) come from the countryinfo package, whose data
ships inside it; everything else from the YAML files in `detente/data/actors/` (their headers
document the formats), merged with users' files. All names become token patterns in one index
keyed by the first token, so matching a document costs one dict lookup per token whatever the
size of the knowledge base.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Union

from detente.resources import load_data, paused_gc

MIN_CAPITAL_POPULATION = 200_000  # a country's capital is matched only above this population
SECTORLESS = "none"  # roles.yaml key for words with no sector of their own
ORGANISATION_TITLES = "from_organisation"  # roles.yaml key for titles held in an organisation


@dataclass(frozen=True)
class Actor:
    """A named actor: a country, capital, institution, region or international organisation.

    `country` is the country code or the organisation key ("RUS", "NATO"); `role` the sector the
    name itself carries (the Kremlin: GOV); `source` which table it came from.
    """

    name: str
    code: str
    country: str
    role: str | None
    kind: str
    source: str
    alliance: bool = False
    adjective: bool = False  # a demonym ("Turkish"): names an actor only before a noun it qualifies

    @property
    def is_organisation(self) -> bool:
        return self.source == "organisation"


@dataclass(frozen=True)
class Role:
    """A role (agent) word: its CAMEO sector, or None, and what kind of actor it names."""

    word: str
    sector: str | None
    kind: str  # person, group, organisation, modifier
    organisation_title: bool = False


class Office(NamedTuple):
    """One office of a person: CAMEO code, title ("" when unknown), ISO start and end (None: open).
    A named tuple: start-up builds some 50,000 of them."""

    code: str
    title: str
    start: str | None
    end: str | None


@dataclass(frozen=True, eq=False)
class Person:
    """A known office holder (officeholders.yaml, phoenix_people.tsv). Compared by identity: each
    entry is one person, and hashing 20,000 of them field by field would slow start-up."""

    name: str
    offices: tuple[Office, ...]


@dataclass(frozen=True)
class Anaphor:
    """A common noun that refers back to an organisation ("the alliance")."""

    word: str
    alliance_only: bool
    groups_only: bool = False  # "the group": only a named non-state group (organisations.yaml `groups`)


@dataclass(frozen=True)
class Seat:
    """A city standing for organisations ("Brussels"): their keys, the default first."""

    city: str
    organisations: tuple[str, ...]


Entry = Union[Actor, Role, Person, Anaphor, Seat]

# When one name has entries of several kinds, the most specific wins (lowest rank).
_RANK = {Seat: 0, Actor: 1, Person: 2, Anaphor: 3, Role: 4}
_SOURCE_RANK = {"institution": 0, "organisation": 1, "region": 2, "country": 3, "capital": 4}


@dataclass(frozen=True)
class Pattern:
    """One name as tokens. `case`: 'exact' (acronyms), 'capitalised' (proper names) or 'any'."""

    words: tuple[str, ...]  # lowercased token texts
    texts: tuple[str, ...]  # token texts as written in the data
    case: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class ActorKnowledge:
    """All the actors stage's knowledge, immutable; build it with `load_actor_knowledge`.

    `patterns` maps a lowercased first token to the patterns starting with it, longest first.
    """

    patterns: dict[str, tuple[Pattern, ...]]
    organisations: dict[str, Actor]
    people: dict[str, tuple[Person, ...]]  # lowercased name or alias -> people
    countries: dict[str, str]  # country code -> readable name
    generic_roles: frozenset[str]  # role nouns that may refer back to anyone of their sector
    ethnic_groups: frozenset[str] = frozenset()  # lowercased names of peoples found across borders ("serbs")
    unowned: tuple[tuple[str, str], ...] = ()  # (role word, organisation key): "security council" alone -> UN
    # The same patterns for matching: the lengths of the names starting with a token (longest
    # first), and the patterns by their whole word tuple, so that a token costs one lookup per
    # length and not one comparison per name (20,000 people share first names).
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    titled_holders: dict[str, tuple[Person, ...]] = field(default_factory=dict)  # code -> people with titled offices of it
    surnames: dict[str, tuple[Person, ...]] = field(default_factory=dict)  # lowercased surname -> people
    own_surnames: dict[str, tuple[Person, ...]] = field(default_factory=dict)  # the same, officeholders.yaml's only
    surname_first: frozenset[str] = frozenset()  # countries whose names put the surname first ("Wen Jiabao")
    facility_heads: frozenset[str] = frozenset()  # last words of place and event names ("hospital", "cup")
    media_heads: frozenset[str] = frozenset()  # last words of news outlets' names ("News", "Times")
    media_tails: frozenset[str] = frozenset()  # words that may follow them in the name ("Agency")
    location_nouns: frozenset[str] = frozenset()  # "northwest" in "northwest of Baghdad": a place follows
    hyphen_participles: frozenset[str] = frozenset()  # "born" in "Kenyan-born": the place is no actor (places.yaml)
    by_words: dict[tuple[str, ...], tuple[Pattern, ...]] = field(default_factory=dict)
    overriding_sectors: frozenset[str] = frozenset()  # a modifier of these sectors sets the title's ("Maoist negotiator")
    placed_sectors: frozenset[str] = frozenset()  # unnamed groups of these sectors take a country only as placed ("rebels")
    group_sectors: frozenset[str] = frozenset()  # named groups of these sectors are what "the group" refers to
    seated_roles: frozenset[str] = frozenset()  # role words a following "in <capital>" places ("officials in Washington")
    outsider_phrases: tuple[tuple[str, ...], ...] = ()  # the same after the group ("fighters from abroad")
    creed_words: frozenset[str] = frozenset()  # "Islamic" before "fighters" says no origin
    outsider_words: frozenset[str] = frozenset()  # adjectives that keep a group from an earlier one's country ("foreign")
    bare_definite: frozenset[str] = frozenset()  # role words news writes without "the" for the home one ("police said")
    past_words: frozenset[str] = frozenset()  # "former", "ex": a title held before, not now
    former_words: frozenset[str] = frozenset()  # past words of a title no longer held ("former", not "then")
    former_sectors: frozenset[str] = frozenset()  # state sectors such a title turns into `former_sector`
    former_sector: str = "ELI"  # what a former state official is (CAMEO elite, as Phoenix codes them)
    abroad_bodies: frozenset[str] = frozenset()  # "embassy": a country's body that stands in another country
    context_sectors: frozenset[str] = frozenset()  # a person's title of these sectors may take the article's country
    territorial_sectors: frozenset[str] = frozenset()  # bodies of the place a story happens in ("police", "the court")
    honorifics: frozenset[str] = frozenset()  # "Sheikh", "Mr": before a given name, no part of a name
    genders: dict[str, dict[str, str]] = field(default_factory=dict)  # "words"/"names" -> word -> male/female (genders.yaml)
    gazetteer: Any = None  # detente.places.Gazetteer: states, provinces, cities -> country ("Texas Governor")


def build_knowledge(extra_files: tuple[Path, ...] = (), phoenix: bool = True, gazetteer: Any = None) -> ActorKnowledge:
    """Read every source and compile the pattern index (see the module docstring). `phoenix`:
    also the people and groups converted from PETRARCH2's Phoenix dictionaries (`make dicts`),
    under ours: a name our files or a user's file hold is never taken from them. `gazetteer`:
    the places gazetteer the caller loaded with the same `extra_files` (`annotate.load_nlp_resources`
    gives the event lexicon the same one, so it is built once per process); None builds one.

    The cyclic garbage collector is paused meanwhile (`resources.paused_gc`): the build allocates
    some 200,000 objects that live as long as the process and are never garbage, yet each
    collection during the build would walk them all (twice the build's time)."""
    with paused_gc():
        return _build(extra_files, phoenix, gazetteer)


def _build(extra_files: tuple[Path, ...], phoenix: bool, gazetteer: Any) -> ActorKnowledge:
    import spacy

    from detente.places import load_gazetteer

    tokenizer = spacy.blank("en").tokenizer
    places = load_data("actors/places.yaml", extra_files)
    orgs = load_data("actors/organisations.yaml", extra_files)
    roles = load_data("actors/roles.yaml", extra_files)
    holders = load_data("actors/officeholders.yaml", extra_files)
    genders = load_data("actors/genders.yaml", extra_files)

    collected: dict[tuple[str, ...], list[tuple[str, tuple[str, ...], Entry]]] = defaultdict(list)

    def add(name: str, entry: Entry, case: str | None = None) -> None:
        texts = tuple(token.text for token in tokenizer(name.strip()))
        if texts:
            collected[tuple(t.lower() for t in texts)].append((case or _case_of(name), texts, entry))

    countries = _add_countries(places, add, orgs.get("groups") or {})
    ethnic: set[str] = set()
    for code, aliases in (places.get("ethnic_groups") or {}).items():
        code = (places.get("cameo_codes") or {}).get(code, code)
        for alias in aliases:
            add(alias, Actor(countries.get(code, code), code, code, None, "group", "country"))
            ethnic.add(alias.lower())
    organisations = _add_organisations(orgs, add)
    for city, keys in (places.get("seats") or {}).items():
        add(city, Seat(city, tuple(keys)))
    for word, spec in (orgs.get("anaphors") or {}).items():
        add(word, Anaphor(word, bool((spec or {}).get("alliance_only")), bool((spec or {}).get("groups_only"))), "any")
    for role in _roles(roles.get("roles") or {}):
        add(role.word, role, "any")
        if role.word.endswith("."):  # "Sen.", "Rep.": spaCy keeps the capitalised abbreviation one token
            add(role.word.capitalize(), role, "any")
    people_index: dict[str, list[Person]] = defaultdict(list)
    own_titled = _titled(holders.get("people") or [])
    for person, aliases in _people(holders.get("people") or []):
        for alias in aliases:
            add(alias, person)
            people_index[alias.lower()].append(person)
        for titled in own_titled.get(person.name, ()):
            people_index[titled.lower()].append(person)
    own = {id(person) for found in people_index.values() for person in found}
    if phoenix:
        _add_phoenix(collected, people_index, tokenizer)
    patterns = _index(collected)
    everyone = list({id(person): person for found in people_index.values() for person in found}.values())
    titled_holders: dict[str, list[Person]] = defaultdict(list)
    surnames: dict[str, list[Person]] = defaultdict(list)
    own_surnames: dict[str, list[Person]] = defaultdict(list)
    for person in everyone:
        for code in {office.code for office in person.offices if office.title}:
            titled_holders[code].append(person)
        words = person.name.lower().split(" ")
        if len(words) > 1:
            surnames[words[-1]].append(person)
            if id(person) in own:
                own_surnames[words[-1]].append(person)
    return ActorKnowledge(
        titled_holders={code: tuple(found) for code, found in titled_holders.items()},
        surnames={name: tuple(found) for name, found in surnames.items()},
        own_surnames={name: tuple(found) for name, found in own_surnames.items()},
        surname_first=frozenset(str(code) for code in holders.get("surname_first") or []),
        facility_heads=frozenset(str(word).lower() for word in places.get("facility_heads") or []),
        media_heads=frozenset(str(word).lower() for word in places.get("media_heads") or []),
        media_tails=frozenset(str(word).lower() for word in places.get("media_tails") or []),
        location_nouns=frozenset(str(word).lower() for word in places.get("location_nouns") or []),
        hyphen_participles=frozenset(str(word).lower() for word in places.get("hyphen_participles") or []),
        gazetteer=load_gazetteer(extra_files) if gazetteer is None else gazetteer,
        patterns=patterns,
        lengths={first: tuple(sorted({len(p.words) for p in found}, reverse=True)) for first, found in patterns.items()},
        by_words=_by_words(patterns),
        organisations=organisations,
        people={name: tuple(dict.fromkeys(found)) for name, found in people_index.items()},
        countries=countries,
        generic_roles=frozenset(word.lower() for word in roles.get("generic") or []),
        ethnic_groups=frozenset(ethnic),
        unowned=tuple((str(word).lower(), str(key)) for word, key in (roles.get("unowned") or {}).items()),
        overriding_sectors=frozenset(str(code) for code in roles.get("overriding_sectors") or []),
        placed_sectors=frozenset(str(code) for code in roles.get("placed_sectors") or []),
        group_sectors=frozenset(str(code) for code in roles.get("group_sectors") or []),
        seated_roles=frozenset(str(word).lower() for word in roles.get("seated_roles") or []),
        outsider_phrases=tuple(tuple(str(phrase).lower().split(" ")) for phrase in roles.get("outsider_phrases") or []),
        creed_words=frozenset(str(word).lower() for word in roles.get("creed_words") or []),
        outsider_words=frozenset(str(word).lower() for word in roles.get("outsider_words") or []),
        bare_definite=frozenset(str(word).lower() for word in roles.get("bare_definite") or []),
        past_words=frozenset(str(word).lower() for word in roles.get("past_words") or []),
        former_words=frozenset(str(word).lower() for word in roles.get("former_words") or []),
        former_sectors=frozenset(str(code) for code in roles.get("former_sectors") or []),
        former_sector=str(roles.get("former_sector") or "ELI"),
        abroad_bodies=frozenset(str(word).lower() for word in roles.get("abroad_bodies") or []),
        context_sectors=frozenset(str(code) for code in roles.get("context_sectors") or []),
        territorial_sectors=frozenset(str(code) for code in roles.get("territorial_sectors") or []),
        honorifics=frozenset(str(word).lower() for word in roles.get("honorifics") or []),
        genders=_genders(genders),
    )


def _genders(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """genders.yaml as {"words": {word: gender}, "names": {given name: gender}}; a word listed
    under both genders says nothing and is dropped."""
    result: dict[str, dict[str, str]] = {}
    for kind in ("words", "names"):
        found: dict[str, str] = {}
        for gender in ("female", "male"):
            for word in data.get(f"{gender}_{kind}") or []:
                key = str(word).lower()
                found[key] = gender if found.get(key, gender) == gender else ""
        result[kind] = {key: gender for key, gender in found.items() if gender}
    return result


def _case_of(name: str) -> str:
    """Acronyms must match exactly ("US" is not "us"); other names must be capitalised."""
    if name.isupper() and sum(c.isalpha() for c in name) <= 6:
        return "exact"
    return "capitalised" if name[:1].isupper() else "any"


def _add_countries(places: dict[str, Any], add: Any, groups: dict[str, Any]) -> dict[str, str]:
    """Countries from countryinfo (names, spellings, demonyms, capitals) plus places.yaml, and the
    country-rooted groups of organisations.yaml (coded like institutions: "Hamas" -> PSEREBHMS)."""
    from countryinfo._cache import load_countries

    ignore = {name.lower() for name in places.get("ignore_names") or []}
    cameo = places.get("cameo_codes") or {}
    names: dict[str, str] = {}
    claimed: dict[str, tuple[int, Actor, str]] = {}  # lowercased name -> (population, actor, source name)

    def claim(name: str, population: int, actor: Actor) -> None:
        name = name.strip()
        if name.lower().startswith("the "):  # the determiner is read from the text, not the name
            name = name[4:]
        key = name.lower()
        if not name[:1].isupper() or key in ignore or "," in key or "(" in key:
            return
        if key not in claimed or population > claimed[key][0]:
            claimed[key] = (population, actor, name)

    for info in load_countries()["countries"].values():
        iso3 = (info.get("ISO") or {}).get("alpha3")
        if not iso3:
            continue
        code = cameo.get(iso3, iso3)
        name = info["name"]
        names[code] = name
        population = int(info.get("population") or 0)
        country = Actor(name, code, code, None, "country", "country")
        demonyms = [d.strip() for d in (info.get("demonym") or "").replace("/", ",").split(",") if d.strip()]
        spellings = [name, *(info.get("altSpellings") or []), *demonyms]
        adjective = Actor(name, code, code, None, "country", "country", adjective=True)
        if len(demonyms) > 1:  # "Serbian,Montenegrin": each is first another country's own demonym
            for demonym in demonyms:
                claim(demonym, 0, adjective)
            spellings = spellings[:-len(demonyms)]
        for spelling in spellings:
            if spelling and not _is_code(spelling, info):
                claim(spelling, population, adjective if spelling in demonyms else country)
        for demonym in demonyms:  # the people: "Bosnians", "Iraqis", "Pakistanis"
            if demonym.endswith(("n", "i")):
                claim(demonym + "s", population if len(demonyms) == 1 else 0,
                      Actor(name, code, code, None, "group", "country"))
        # Capitals of small territories ("Stanley", "The Valley") are mostly other words in news.
        capitals = info.get("capital") or [] if population >= MIN_CAPITAL_POPULATION else []
        for capital in [capitals] if isinstance(capitals, str) else capitals:
            claim(capital, population, Actor(name, code + "GOV", code, "GOV", "country", "capital"))
    for code, aliases in (places.get("country_aliases") or {}).items():
        code = cameo.get(code, code)
        for alias in aliases:
            claim(alias, 10**10, Actor(names.get(code, code), code, code, None, "country", "country"))
    for code, spec in (places.get("extra_countries") or {}).items():
        names[code] = spec["name"]
        for alias in spec.get("aliases") or []:
            claim(alias, 10**10, Actor(spec["name"], code, code, None, "country", "country"))
    for capital, code in (places.get("capital_aliases") or {}).items():
        code = cameo.get(code, code)
        claim(capital, 10**10, Actor(names.get(code, code), code + "GOV", code, "GOV", "country", "capital"))
    for name, spec in [*(places.get("institutions") or {}).items(), *groups.items()]:
        actor = _coded_actor(name, spec["code"], spec.get("kind", "organisation"), "institution")
        for alias in [name, *(spec.get("aliases") or []), *(spec.get("acronyms") or [])]:
            claim(alias, 10**11, actor)
    for name, spec in (places.get("regions") or {}).items():
        actor = Actor(name, spec["code"], spec["code"], None, "country", "region")
        for alias in [name, *(spec.get("aliases") or [])]:
            claim(alias, 10**11, actor)
    for _, actor, spelled in claimed.values():
        add(spelled, actor)
    return names


def _is_code(spelling: str, info: dict[str, Any]) -> bool:
    """ISO codes among the alternative spellings ("RU", "RUS") are not names in running text."""
    return spelling.upper() in {str(v).upper() for v in (info.get("ISO") or {}).values()}


# CAMEO primary and secondary role (sector) codes.
SECTOR_CODES = frozenset({"GOV", "MIL", "OPP", "REB", "LEG", "JUD", "COP", "SPY", "MED", "BUS", "CVL", "NGO",
                          "ELI", "PTY", "UAF", "CRM", "EDU", "HLH", "HRI", "LAB", "REF", "DEV", "ENV", "AGR",
                          "RAD", "MOD"})


def _coded_actor(name: str, code: str, kind: str, source: str) -> Actor:
    """Split a country+sector code ("RUSGOV", "PSEREBHMS") into its parts; a group code with no
    sector ("PSEPLO") has none."""
    country, role = code[:3], code[3:6] if code[3:6] in SECTOR_CODES else None
    return Actor(name, code, country, role, kind, source)


def _add_organisations(data: dict[str, Any], add: Any) -> dict[str, Actor]:
    organisations = {}
    for key, spec in (data.get("organisations") or {}).items():
        actor = Actor(spec.get("name", key), spec["code"], key, None, "organisation", "organisation",
                      bool(spec.get("alliance")))
        organisations[key] = actor
        for alias in spec.get("aliases") or []:
            add(alias, actor)
        for acronym in spec.get("acronyms") or []:
            add(acronym, actor, "exact")
    return organisations


def _roles(data: dict[str, Any]) -> Iterator[Role]:
    """Every role word, with the plural of each person word as a group word."""
    for sector, lists in data.items():
        lists = lists or {}
        code = None if sector in (SECTORLESS, ORGANISATION_TITLES) else sector
        titles = sector == ORGANISATION_TITLES
        for kind in ("modifier", "organisation", "group", "person"):
            for word in lists.get(kind) or []:
                yield Role(word.lower(), code, kind, titles)
                if kind == "person":
                    yield Role(plural(word.lower()), code, "group", titles)


def plural(phrase: str) -> str:
    """Regular English plural of a role phrase's head ("chief of staff" -> "chiefs of staff")."""
    words = phrase.split(" ")
    at = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    word = words[at]
    if word.endswith("man"):
        word = word[:-3] + "men"
    elif word.endswith("y") and word[-2:-1] not in "aeiou":
        word = word[:-1] + "ies"
    elif word.endswith(("s", "sh", "ch", "x")):
        word += "es"
    else:
        word += "s"
    words[at] = word
    return " ".join(words)


def _people(entries: Iterable[dict[str, Any]]) -> Iterator[tuple[Person, list[str]]]:
    """Each office holder with the names it is matched by (canonical name first)."""
    for entry in entries:
        offices = tuple(
            Office(str(o["code"]), str(o.get("title") or ""), _date(o.get("start")), _date(o.get("end")))
            for o in entry.get("offices") or []
        )
        name = str(entry["name"])
        yield Person(name, offices), [name, *(str(alias) for alias in entry.get("aliases") or [])]


def _titled(entries: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """Canonical name -> its title-plus-name spellings ("King Abdullah"): looked up only with the
    title written before the name, never matched alone (the title word may belong to another
    person: "Saudi King Abdullah")."""
    return {str(entry["name"]): [str(t) for t in entry.get("titled") or []] for entry in entries if entry.get("titled")}


def _add_phoenix(collected: dict[tuple[str, ...], list[tuple[str, tuple[str, ...], Entry]]],
                 people_index: dict[str, list[Person]], tokenizer: Any) -> None:
    """People and groups of the Phoenix dictionaries (phoenix_*.tsv), where ours are silent: a
    person or group any of whose names one of our files already holds is left out whole (ours
    win), so that a conflict never mixes two sources' offices."""
    from detente.actors.phoenix import GROUPS_FILE, PEOPLE_FILE, read_groups, read_people
    from detente.resources import DATA_DIR

    people_path, groups_path = DATA_DIR / "actors" / PEOPLE_FILE, DATA_DIR / "actors" / GROUPS_FILE
    ours = set(collected) | {tuple(name.split(" ")) for name in people_index}
    if people_path.is_file():
        for name, aliases, titled, offices in read_people(people_path):
            names = [name, *aliases]
            words = [_words(alias, tokenizer) for alias in names]
            keys = [tuple(t.lower() for t in w) for w in words]
            if any(key in ours for key in keys):
                continue
            person = Person(name, tuple(Office(code, "", start, end) for code, start, end in offices))
            for alias, texts, key in zip(names, words, keys):
                collected[key].append((_case_of(alias), texts, person))
                people_index[alias.lower()].append(person)
            for spelling in titled:
                if spelling.lower() not in people_index:
                    people_index[spelling.lower()].append(person)
    if groups_path.is_file():
        for name, spec in read_groups(groups_path).items():
            names = [name, *spec["aliases"]]
            words = [_words(n, tokenizer) for n in names]
            if any(tuple(t.lower() for t in w) in ours for w in words):
                continue
            actor = _coded_actor(name, spec["code"], "organisation", "institution")
            for alias, texts in zip(names, words):
                collected[tuple(t.lower() for t in texts)].append((_case_of(alias), texts, actor))
            for acronym in spec["acronyms"]:
                texts = _words(acronym, tokenizer)
                if tuple(t.lower() for t in texts) not in ours:
                    collected[tuple(t.lower() for t in texts)].append(("exact", texts, actor))


def _words(name: str, tokenizer: Any) -> tuple[str, ...]:
    """A name's tokens as spaCy splits them. Plain and hyphenated words are split without the
    tokenizer (spaCy splits a hyphen between letters off as its own token): the same tokens for
    every Phoenix name (checked in tests), and 20,000 names load in a fraction of the time."""
    words: list[str] = []
    special = tokenizer.rules or {}
    for part in name.split(" "):
        pieces = part.split("-")
        if not all(piece.isalpha() and piece not in special for piece in pieces):  # "Im" is "I" "m"
            return tuple(token.text for token in tokenizer(name.strip()))
        for k, piece in enumerate(pieces):
            if k:
                words.append("-")
            words.append(piece)
    return tuple(words)


def _by_words(patterns: dict[str, tuple[Pattern, ...]]) -> dict[tuple[str, ...], tuple[Pattern, ...]]:
    found: dict[tuple[str, ...], list[Pattern]] = defaultdict(list)
    for group in patterns.values():
        for pattern in group:
            found[pattern.words].append(pattern)
    return {words: tuple(group) for words, group in found.items()}


def _date(value: Any) -> str | None:
    """YAML reads 2012-05-07 as a date and 2012-05 as a string: both become ISO strings."""
    return None if value is None else str(value)


def _index(collected: dict[tuple[str, ...], list[tuple[str, tuple[str, ...], Entry]]]) -> dict[str, tuple[Pattern, ...]]:
    """Group patterns by first token; for each name keep the most specific kind of entry."""
    by_first: dict[str, list[Pattern]] = defaultdict(list)
    for words, found in collected.items():
        if len(found) == 1:  # most names: one entry, nothing to rank
            case, texts, entry = found[0]
            by_first[words[0]].append(Pattern(words, texts if case == "exact" else words, case, (entry,)))
            continue
        groups: dict[tuple[str, tuple[str, ...]], list[Entry]] = defaultdict(list)
        for case, texts, entry in found:
            groups[case, texts if case == "exact" else words].append(entry)
        for (case, texts), entries in groups.items():
            best = min(_rank(entry) for entry in entries)
            kept = tuple(dict.fromkeys(entry for entry in entries if _rank(entry) == best))
            by_first[words[0]].append(Pattern(words, texts, case, kept))
    return {first: tuple(sorted(patterns, key=lambda p: (-len(p.words), _CASE_ORDER[p.case])))
            for first, patterns in by_first.items()}


_CASE_ORDER = {"exact": 0, "capitalised": 1, "any": 2}


def _rank(entry: Entry) -> tuple[int, int]:
    source = _SOURCE_RANK.get(entry.source, 9) if isinstance(entry, Actor) else 0
    return _RANK[type(entry)], source
