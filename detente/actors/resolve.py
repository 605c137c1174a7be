"""Third pass: resolve each phrase to an actor code, left to right, carrying what was resolved.

A person's code comes from who they are, never from the countries named around them. Order of
evidence for a named person: a complete title in front of the name ("Russian Foreign Minister
Sergey Lavrov", "King Abdullah of Jordan"), then an apposition ("Dmitry Peskov, the spokesperson
for the Russian presidency"), then an earlier mention of the same name in the article, then the
office-holder knowledge base at the article's date (ours, then PETRARCH2's Phoenix office
holders; a title-plus-name spelling such as "King Abdullah" after that title; namesakes only
where they share a code or a country; a lone surname when exactly one known person of that
surname is in office; out of office at that date, the one country of all his past offices with
the sector ELI; the sector of the article's own title over the knowledge base's unless the title
is a past one, "former President"), then a lone given name naming the one person of the article
with that first name ("Hillary"), then an incomplete title completed from context, for state
offices and residents only (roles.yaml context_sectors; never a title held in a body we do not
know). A person none of these places keeps no code: no nearest country. An envoy's title with a
posting ("Italy's envoy to Somalia, X") or an organisation's title ending in a complement ("UN
special envoy for Kosovo X") is the person's, for every later mention of him.

News outlets the dictionary lacks ("the Dallas Morning News", "the Kenya Times": units.py) are
media (their country's MED when a country is named inside, else named with no code); bare
"police" ("according to police") and a body's noun after a placed person ("the Bush
administration") take the country of the article or of that person.

Places are actors only where the construction makes them one: not a dateline ("BAGHDAD, Jan 5
(AFP) -"), not a city in a location phrase ("in Algiers") or modifying an ordinary noun ("a
Baghdad car bombing"), not a country or city word opening a longer proper name ("the Turkish
Friendship Hospital"), not a name hyphened to a participle of birth, base or backing ("Kenyan-born
Obama", "US-backed forces"; places.yaml hyphen_participles). Nor is a person's name opening such a
proper name ("Trump University", "the Reeves Report"). A people found across borders is the people of the
country it is placed in ("the Albanians of southern Serbia"); "ethnic Albanians" placed nowhere
are a minority of the other country a place phrase of their clause names, else of their own where
such a phrase names it ("in Tirana"), else of the first other country the article names that is
not in a subject above them (not the condemner) nor the owner of an embassy they act on. A party
the knowledge base gives one country is of another country named on it ("Malawi's Democratic
Progressive Party").

Roles by date: the office held at the article's date (a 2016 candidate is his party's, PTY, not
government); between two offices a former official (ELI); an undated article, or one dated only
to a span of more than a month in which the person held several roles in one country, gives the
country alone (which role is unknown), unless he holds one code still (officeholders.yaml).

Context rules (deterministic):
- A definite state-sector phrase with no country ("the government", "the police", "the
  court") takes the country the article names first (its lead's country); police and courts
  (roles.yaml territorial_sectors) take the first country it names as a place (a country's or a
  capital's name, a dateline), not a demonym: "Police charged the Iranian diplomat".
- A person the rules above leave unplaced, whose apposition names the body he belongs to with
  one country in its name or a known national body ("vice-director of the China Society for
  Human Rights Studies", "member of the Political Bureau of the CPC"), is of that country (body).
- A place joined by "on"/"for" to the capitalised name before it ends an organisation's name
  ("the International Quartet on the Middle East", "the Special Tribunal for Lebanon") and is
  no actor.
- A title with a sector but no country ("The Deputy Foreign Minister Alexei Meshkov") takes the
  country the article names first, provided the article has a dominant country (the country
  named most often: names, demonyms, capitals, institutions); when two countries tie for most
  named there is none, and the title keeps no country. (In war news the most named country is
  as often the foreign party: "Information Minister Ali Jama" in a Somali story full of
  Ethiopian troops.)
- An organisation title with no organisation ("Secretary General Jens Stoltenberg") takes the
  organisation nearest to it in its sentence, else the one the article names most.
- "the alliance" / "the bloc" refer to the alliance the article named last; "the organisation"
  to any organisation named last.
- A group of a placed sector (roles.yaml placed_sectors: rebels, insurgents, "Maoist rebels",
  "the Islamists") that names no country takes one only where the text places it: "in X" after it,
  a possessor shared through a coordination ("Nepal's government and Maoist rebels"), else the
  group of that sector the article placed last ("the Maoists"), unless words say it comes from
  elsewhere ("foreign fighters"); otherwise it keeps no country. An overriding modifier sets a
  title's sector ("Maoist negotiator X" -> REB).
- "the group" refers to the named non-state group (Hamas, the Taliban) the article named last;
  "the company" (a definite firm's noun with no country) to the firm it named last.
- "the leaders of A and B": B shares the role phrase's sector; "officials in Washington" take the
  capital's government (roles.yaml seated_roles).
- A region's name modifying an ordinary noun is a place ("the Horn of Africa nation").
- A definite role noun ("the Kremlin spokesman", "The diplomat") refers to the most recent named
  person whose country and sector do not contradict it.
- "he"/"she" refer to the most recent person mention that is a grammatical subject in the same
  sentence (before the pronoun), else the subject of the previous sentence's main verb when the
  text placed that person (a code: "The president instructed that Chiluba surrender his
  passport. He noted ...": the president, not the subordinate clause's Chiluba; an unplaced
  main subject, a name we know nothing of, outranks no one: measured on the identity folds),
  else the last subject of the previous sentence; failing a subject, to the most
  recent person mention in those two sentences; failing any, to the most recent named person of
  the two sentences before those (a subject first: a quote or a background sentence between
  "Aso said" and "he added"); else the pronoun is not returned. Named people
  (and mentions resolved to them) come before unnamed role nouns ("the vice-president must belong
  to the president's party. The PDP suspended Abubakar after he ...": he is Abubakar).
  A pronoun never refers to a person of the other gender (genders.yaml: an honorific or title word
  written with a mention, else the given name, else a pronoun that referred to him or her):
  "Donald Trump said that Hillary Clinton would lose. She said ...": she is Clinton.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from detente.actors.knowledge import Actor, ActorKnowledge, Anaphor, Office, Person, Role, Seat
from detente.actors.phrases import Phrase, build_phrases
from detente.actors.units import POSSESSIVES, Sentence, Unit, find_units, sentences, span_text
from detente.records import Article, Mention

LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "into", "throughout"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
APPOSITION_GAPS = (",", "(")


@dataclass(frozen=True)
class Reading:
    """What a title or role phrase says: who (country or organisation) and the sector."""

    who: Actor | None
    sector: str | None
    organisation_title: bool = False

    @property
    def code(self) -> str | None:
        if self.who is None:
            return self.sector
        if self.who.is_organisation:
            return self.who.code
        return self.who.country + (self.sector or "")

    @property
    def complete(self) -> bool:
        return self.who is not None and (self.who.is_organisation or self.sector is not None)


@dataclass(frozen=True)
class Referent:
    """A person mention later mentions may refer back to."""

    name: str
    code: str | None
    country: str | None
    role: str | None
    named: bool
    keys: frozenset[str]
    sentence: int
    token: int
    subject: bool
    organisation: bool
    titles: frozenset[str]  # words of the titles it was given ("deputy", "foreign", "minister")
    main: bool = False  # the subject of its sentence's main verb, not of a subordinate clause
    gender: str | None = None  # "male", "female" or unknown (`_gender`): "she" never refers to a man


@dataclass(frozen=True)
class Context:
    """Article-level facts computed before resolution (see the module docstring)."""

    dominant_country: Actor | None
    organisations: tuple[tuple[int, Actor], ...]  # (token, organisation) in text order
    mentioned: tuple[Actor, ...]  # every named country and organisation, in text order
    organisation_counts: dict[str, int]
    earliest: str | None
    latest: str | None
    dated: bool
    lead_country: Actor | None = None  # the first country the article names (its lead's country)
    lead_place: Actor | None = None  # the first country it names as a place, not a demonym ("Berlin", "Germany")


@dataclass
class _State:
    """Per-document working state; created by `resolve_document` and dropped after it."""

    doc: Doc
    text: str  # doc.text, read once: spaCy rebuilds it on every access
    article: Article
    knowledge: ActorKnowledge
    context: Context
    unit_starts: frozenset[int] = frozenset()  # tokens where a unit other than a modifier begins
    mentions: list[Mention] = field(default_factory=list)
    referents: list[Referent] = field(default_factory=list)
    named_organisations: list[Actor] = field(default_factory=list)
    named_groups: list[Actor] = field(default_factory=list)  # named non-state groups, for "the group"
    named_companies: list[Actor] = field(default_factory=list)  # named firms (sector BUS), for "the company"
    placed: list[tuple[str, str, str]] = field(default_factory=list)  # (sector, code, country) of groups placed so far
    unit_at: dict[int, Unit] = field(default_factory=dict)  # unit by its first token
    possessor: tuple[int, Actor] | None = None  # (end token, country) of the last "Nepal's government" phrase
    coordinated: dict[int, tuple[str, str]] = field(default_factory=dict)  # token -> (sector, kind): "leaders of A and B"


def resolve_document(doc: Doc, article: Article, knowledge: ActorKnowledge) -> list[Mention]:
    """All mentions of the document, sorted by start and non-overlapping."""
    text = doc.text
    sents = sentences(doc, text)
    units = _parties_of_named_countries(doc, find_units(doc, text, sents, knowledge))
    starts = [unit.start for unit in units]
    named = frozenset(unit.start for unit in units if not unit.is_modifier)
    state = _State(doc, text, article, knowledge, _context(units, article, knowledge), named)
    state.unit_at = {unit.start: unit for unit in units}
    for sentence in sents:
        own = units[bisect_left(starts, sentence.start):bisect_left(starts, sentence.end)]
        _resolve_sentence(state, sentence, build_phrases(doc, own))
    return sorted(state.mentions, key=lambda mention: mention.start)


PARTY_SECTOR = "PTY"  # CAMEO's (PETRARCH2's) sector of political parties


def _parties_of_named_countries(doc: Doc, units: list[Unit]) -> list[Unit]:
    """A party the knowledge base gives one country (organisations.yaml `groups`, sector PTY) is
    of another country the text names right on it: its possessor, a country name or demonym
    modifying it, or an "of" phrase ("Malawi's Democratic Progressive Party", "the Moroccan
    Justice and Development Party", "the Liberal Democratic Party of Britain"). Why: full party
    names are shared across countries and the entry holds only the usual one (review of session
    7: Malawi's party was Taiwan's). Done on the units, so the article's context (which country
    "the government" is) counts the named country, not the entry's."""
    covering = {i: unit for unit in units for i in range(unit.start, unit.end)}
    result = []
    for unit in units:
        actor = unit.entry
        if isinstance(actor, Actor) and actor.source == "institution" and actor.role == PARTY_SECTOR:
            children = [child for k in range(unit.start, unit.end) for child in doc[k].children
                        if not unit.start <= child.i < unit.end]  # "Bhutan's People's Democratic Party"
            words = [child for child in children if child.dep_ in ("poss", "amod", "compound", "nmod")]
            words += [pobj for of in children if of.dep_ == "prep" and of.lower_ == "of"
                      for pobj in of.children if pobj.dep_ == "pobj"]
            homes = [home for home in (_other_country(covering.get(word.i), actor) for word in words)
                     if home is not None and home.source == "country"]
            if homes:
                country = homes[0].country
                unit = replace(unit, entry=replace(actor, code=country + PARTY_SECTOR, country=country))
        result.append(unit)
    return result


def _resolve_sentence(state: _State, sentence: Sentence, phrases: list[Phrase]) -> None:
    appositives = _appositions(state.doc, state.text, phrases, state.knowledge.honorifics)
    skip = {id(appositive) for appositive in appositives.values()}
    for phrase, following in zip(phrases, [*phrases[1:], None]):
        if id(phrase) in skip:
            continue
        if following is not None and _people_of(state, phrase, following):
            _emit_people_of(state, sentence, phrase, following)
            skip.add(id(following))
            continue
        what = phrase.head.what
        if what == "pronoun":
            _pronoun(state, sentence, phrase)
        elif what == "person":
            _person(state, sentence, phrase, appositives.get(id(phrase)), following)
        elif what == "role":
            _role_phrase(state, sentence, phrase)
        elif what == "anaphor":
            _anaphor(state, sentence, phrase)
        else:
            _named(state, sentence, phrase, following)


def _people_of(state: _State, place: Phrase, people: Phrase) -> bool:
    """"Bosnian Serbs", "Kosovo Albanians": a country name right before a people living across
    borders names that country's people."""
    entry, group = place.head.entry, people.head.entry
    return (people.start == place.end and not place.titles and not place.complement and not people.titles
            and isinstance(entry, Actor) and entry.source == "country" and isinstance(group, Actor)
            and span_text(state.doc, state.text, people.head.start, people.head.end).lower()
            in state.knowledge.ethnic_groups and entry.country != group.country)


def _emit_people_of(state: _State, sentence: Sentence, place: Phrase, people: Phrase) -> None:
    actor = place.head.entry
    assert isinstance(actor, Actor)
    merged = Phrase(place.start, people.end, (place.head,), people.head, (), place.determiner, place.definite)
    name = f"{actor.name} {span_text(state.doc, state.text, people.head.start, people.head.end)}"
    _emit(state, sentence, merged, name, actor.country, actor.country, None, "group", "dictionary")


# ---- context


def _context(units: list[Unit], article: Article, knowledge: ActorKnowledge) -> Context:
    countries: Counter[str] = Counter()
    first: dict[str, Actor] = {}
    place: Actor | None = None
    organisations = []
    mentioned = [unit.entry for unit in units if isinstance(unit.entry, Actor) and unit.entry.country]
    for unit in units:
        actor = unit.entry if isinstance(unit.entry, Actor) else None
        if actor is None or not actor.country:  # an outlet of no known country
            continue
        if actor.is_organisation:
            organisations.append((unit.start, actor))
        elif actor.source != "region":
            countries[actor.country] += 1
            first.setdefault(actor.country, actor)
            if place is None and not actor.adjective and actor.source in ("country", "capital"):
                place = actor
    dominant = None
    ranked = countries.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):  # a tie names no dominant country
        code = ranked[0][0]
        dominant = Actor(knowledge.countries.get(code, code), code, code, None, "country", "country")
    earliest, latest = _date_range(article)
    lead = next(iter(first.values()), None)
    lead_country = Actor(knowledge.countries.get(lead.country, lead.country), lead.country, lead.country, None,
                         "country", "country") if lead is not None else None
    lead_place = Actor(knowledge.countries.get(place.country, place.country), place.country, place.country, None,
                       "country", "country") if place is not None else None
    return Context(dominant, tuple(organisations), tuple(mentioned), Counter(a.country for _, a in organisations),
                   earliest, latest, earliest is not None or latest is not None, lead_country, lead_place)


def _date_range(article: Article) -> tuple[str | None, str | None]:
    """The article's date as an inclusive ISO interval; (None, None) when undated."""
    if article.published:
        day = article.published[:10]
        return _pad(day, "01"), _pad(day, "31")
    interval = article.published_interval
    if interval is not None:
        return (interval.earliest and _pad(interval.earliest[:10], "01"),
                interval.latest and _pad(interval.latest[:10], "31"))
    return None, None


def _pad(date: str, fill: str) -> str:
    """'2021' -> '2021-01-01' (or '2021-12-31'); string order is then date order."""
    parts = date.split("-")
    while len(parts) < 3:
        parts.append(fill if len(parts) == 2 else ("01" if fill == "01" else "12"))
    return "-".join(parts)


# ---- named actors, organisations, anaphors


def _named(state: _State, sentence: Sentence, phrase: Phrase, following: Phrase | None = None) -> None:
    doc = state.doc
    unit = phrase.head
    entry = unit.entry
    if isinstance(entry, Seat):
        if _is_location(doc, phrase) or _is_dateline(state, phrase):
            return
        actor = _seat_organisation(state, entry, unit.start)
    elif isinstance(entry, Actor) and entry.source == "outlet":
        _emit(state, sentence, phrase, entry.name, entry.code or None, entry.country or None, "MED", "organisation",
              "outlet")  # a news outlet: its country's MED, or named with no code
        return
    elif isinstance(entry, Actor):
        actor = entry
        if actor.source in ("capital", "country") and (_is_dateline(state, phrase) or _after_location_noun(state, phrase)):
            return
        if actor.source == "capital" and (_is_location(doc, phrase) or _place_modifier(doc, phrase)):
            return
        if actor.source == "region" and _inside_proper_name(doc, phrase):
            return
        if (actor.source in ("capital", "country") and phrase.start == unit.start and phrase.end == unit.end
                and (_opens_proper_name(state, phrase) or _inside_place_name(state, phrase))):
            return  # "the Turkish Friendship Hospital", "Moscow State University", "Hang Seng China Enterprises Index"
        if actor.source in ("capital", "country") and _bracketed_in_name(state, phrase):
            return  # "Inter Network Software (Beijing) Co.": where the company is registered
        if actor.source in ("capital", "country", "region") and _ends_organisation_name(state, phrase):
            return  # "the International Quartet on the Middle East": the Quartet acts, not the region
        if actor.source == "region" and _region_modifier(state, phrase):
            return  # "the Horn of Africa nation", "an Africa summit"
    else:
        return
    if _hyphen_modifier(state, phrase):
        return  # "Kenyan-born Obama", "the Ethiopian-backed government forces": where from, or who backs, not who acts
    if _ethnic(state, phrase):
        home = _people_placed(state, phrase)
        minority = home is None and state.doc[phrase.head.start].lower_ == "ethnic"
        if minority:
            home = _minority_home(state, phrase, actor)
        if home is not None or minority:  # "the Albanians of southern Serbia", "ethnic Albanians" near Macedonia
            country = home.country if home is not None else None
            _emit(state, sentence, phrase, actor.name, country, country, None, "group", "placed")
            return
    if actor.is_organisation:
        state.named_organisations.append(actor)
    if actor.source == "institution" and actor.role in state.knowledge.group_sectors:
        state.named_groups.append(actor)
    if actor.source == "institution" and actor.role == "BUS":
        state.named_companies.append(actor)
    if ((actor.adjective or actor.source == "region") and following is not None and phrase.start == unit.start
            and phrase.end == unit.end):
        head_role = _shared_head(state, phrase, following)
        if head_role is not None:  # "Russian and Chinese troops": Russian troops too
            sector = head_role.sector
            code = actor.code if actor.is_organisation else actor.country + (sector or "")
            _emit(state, sentence, phrase, actor.name, code, actor.country, sector, head_role.kind, "coordination")
            return
    shared = state.coordinated.get(phrase.start)
    if shared is not None and actor.source == "country" and not phrase.titles:
        sector, kind = shared  # "the leaders of South Africa and Niger": Niger's leaders too
        _emit(state, sentence, phrase, actor.name, actor.country + sector, actor.country, sector or None, kind,
              "coordination")
        return
    _emit(state, sentence, phrase, actor.name, actor.code, actor.country, actor.role, actor.kind, "dictionary")


def _ethnic(state: _State, phrase: Phrase) -> bool:
    """A people found across borders (places.yaml ethnic_groups: "Albanians", "ethnic Serbs")
    standing alone, not after a country's name ("Kosovo Albanians": `_people_of`)."""
    unit = phrase.head
    return (not phrase.titles and not phrase.complement
            and span_text(state.doc, state.text, unit.start, unit.end).lower() in state.knowledge.ethnic_groups)


PLACING_WORDS = frozenset({"in", "of"})


def _people_placed(state: _State, phrase: Phrase) -> Actor | None:
    """The country a people found across borders is placed in right after its name: "the
    Albanians of southern Serbia", "Serbs in Bosnia" are that country's people, as "Bosnian
    Serbs" are (a compass adjective may stand between: "in eastern Ukraine")."""
    doc = state.doc
    at = phrase.end
    if at + 1 >= len(doc) or doc[at].lower_ not in PLACING_WORDS:
        return None
    at += 1 + (doc[at + 1].lower_ == "the")
    if at < len(doc) and doc[at].is_lower and doc[at].pos_ == "ADJ":
        at += 1
    unit = state.unit_at.get(at)
    entry = unit.entry if unit is not None else None
    return entry if isinstance(entry, Actor) and entry.source == "country" and not entry.adjective else None


# Prepositions of a place phrase that may say where a minority lives ("in Macedonia", "near
# Macedonia's border"); "of" only inside such a phrase ("in the north of Macedonia").
PLACE_PREPOSITIONS = frozenset({"in", "near", "inside", "along", "across", "around"})


def _minority_home(state: _State, phrase: Phrase, people: Actor) -> Actor | None:
    """"ethnic Albanians" with no place right after them: "ethnic" says a minority living outside
    the people's own state, so they are of the other country a place phrase of their own clause
    names ("Ethnic Albanians ... gain control of villages near Macedonia's border": Macedonia's),
    else of their own country when a place phrase names it ("Ethnic Georgians attacked the
    Russian embassy in Tbilisi": at home), else of the first other country the article names that
    does not act on them from outside (`_article_country`); none, none (no code). Without
    "ethnic" the people stands for its own country ("Serbs protested")."""
    minority = state.doc[phrase.head.end - 1]
    clause = minority
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    places = [token for token in clause.subtree if token.dep_ == "prep" and token.lower_ in PLACE_PREPOSITIONS]
    for token in places:
        home = _place_country(state, token, people)
        if home is not None:
            return home
    for token in places:  # "Ethnic Georgians attacked the Russian embassy in Tbilisi": at home
        for place in (child for child in token.children if child.dep_ == "pobj"):
            home = _own_country(state.unit_at.get(place.i), people)
            if home is not None:
                return home
    own = {word.i for word in minority.subtree}
    abroad = {word.i for body in clause.subtree if body.i not in own and body.lower_ in state.knowledge.abroad_bodies
              for word in _owner_words(body)}
    return _article_country(state, minority, people, abroad)


def _owner_words(body: Token) -> list[Token]:
    """A body kept abroad and the words naming its owner: its possessor, modifiers and "of" phrase
    ("the Russian embassy", "Russia's embassy", "the embassy of Russia"), not its place phrase
    ("in Tbilisi": where the embassy stands may be the minority's home)."""
    owners = [child for child in body.children if child.dep_ in ("poss", "amod", "compound", "nmod")
              or (child.dep_ == "prep" and child.lower_ == "of")]
    return [body, *(word for owner in owners for word in owner.subtree)]


def _own_country(unit: Unit | None, people: Actor) -> Actor | None:
    """The unit's country or capital when it is the people's own ("in Tbilisi" for Georgians)."""
    entry = unit.entry if unit is not None else None
    return entry if (isinstance(entry, Actor) and entry.source in ("country", "capital") and entry.kind != "group"
                     and not entry.is_organisation and not entry.adjective and entry.country == people.country) else None


def _article_country(state: _State, minority: Token, people: Actor, abroad: set[int]) -> Actor | None:
    """The first other country the article names (a story about a minority names the state it lives
    in), but not one in the subject of a verb above the minority's mention: the condemner or the
    speaker ("The United States condemned the attacks by ethnic Albanians in the region", "...,
    the United States said") acts on the minority from outside and is no home. Nor the owner of
    a body a country keeps abroad in the minority's own clause (`abroad`; roles.yaml abroad_bodies):
    "ethnic Albanians attacked the embassy of the United States" live where the embassy stands, not
    in the United States. (Other countries of the clause stay candidates: "ethnic Albanians fought
    Macedonian police" are Macedonia's.)"""
    above = {head.i for head in minority.ancestors} | {minority.i}
    outside = {word.i for head in minority.ancestors for child in head.children
               if child.dep_ in ("nsubj", "nsubjpass") and child.i not in above for word in child.subtree}
    outside |= abroad
    for start, unit in sorted(state.unit_at.items()):
        home = _other_country(unit, people) if start not in outside else None
        if home is not None:
            return home
    return None


def _other_country(unit: Unit | None, people: Actor) -> Actor | None:
    """The unit's country or capital (not a people, not an organisation) when it is not the people's own."""
    entry = unit.entry if unit is not None else None
    return entry if (isinstance(entry, Actor) and entry.source in ("country", "capital") and entry.kind != "group"
                     and not entry.is_organisation and entry.country != people.country
                     and len(entry.country) == 3) else None


def _place_country(state: _State, preposition: Token, people: Actor, depth: int = 0) -> Actor | None:
    """The other country (or its capital) a place phrase names: its object, the object's possessor
    or modifier ("near Macedonia's border", "in the Macedonian town"), or an "of" phrase of it ("in
    the north of Macedonia")."""
    for place in (child for child in preposition.children if child.dep_ == "pobj"):
        for word in (place, *(child for child in place.children if child.dep_ in ("poss", "amod", "compound"))):
            home = _other_country(state.unit_at.get(word.i), people)
            if home is not None:
                return home
        for of in (child for child in place.children if child.dep_ == "prep" and child.lower_ == "of"):
            home = _place_country(state, of, people, depth + 1) if depth < 3 else None
            if home is not None:
                return home
    return None


def _shared_head(state: _State, phrase: Phrase, following: Phrase) -> Role | None:
    """The role noun a demonym shares with the demonym-headed role phrase coordinated right after
    it ("African and French leaders", "Russian and Chinese troops"), else None."""
    doc = state.doc
    at = phrase.end
    role = following.head.role
    first = following.titles[0] if following.titles else None
    return role if (role is not None and role.kind in ("group", "person", "organisation") and at < len(doc)
                    and doc[at].lower_ in COORDINATORS and following.start == at + 1 and first is not None
                    and first.start == following.start and isinstance(first.entry, Actor)
                    and (first.entry.adjective or first.entry.source == "region")) else None


def _inside_proper_name(doc: Doc, phrase: Phrase) -> bool:
    """A region word that begins a longer proper name is part of that name, not the region:
    "West Darfur", "Western Cambodia", "the Europe Bridge" (but "the West Monday" is the West)."""
    if phrase.end >= len(doc):
        return False
    following = doc[phrase.end]
    return (following.pos_ == "PROPN" and following.text[:1].isupper() and following.is_alpha
            and following.ent_type_ not in ("DATE", "TIME") and not following.is_sent_start)


def _hyphen_modifier(state: _State, phrase: Phrase) -> bool:
    """A name hyphened to a participle of birth, base or backing ("Kenyan-born", "US-backed";
    places.yaml hyphen_participles): where someone is from, or who backs something, not who acts."""
    doc, at = state.doc, phrase.end
    return at + 1 < len(doc) and doc[at].text == "-" and doc[at + 1].lower_ in state.knowledge.hyphen_participles


DATELINE_FOLLOWERS = frozenset({",", "(", "-", "--", "—", "–", ":"})


def _is_dateline(state: _State, phrase: Phrase) -> bool:
    """"BAGHDAD, Jan 5 (AFP) -", "Moscow (Reuters) -": a place opening a line and followed by a
    date or an agency in brackets is where the story was filed, not an actor."""
    doc, text = state.doc, state.text
    start = doc[phrase.start].idx
    if start > 0 and text[start - 1] != "\n":
        return False
    after = phrase.end
    if after >= len(doc) or doc[after].text not in DATELINE_FOLLOWERS:
        return False
    written = span_text(doc, text, phrase.start, phrase.end)
    if written.isupper() and len(written) > 3:
        return True
    nxt = doc[after + 1] if after + 1 < len(doc) else None
    return nxt is not None and (nxt.ent_type_ == "DATE" or doc[after].text == "(" and nxt.text.isupper())


def _region_modifier(state: _State, phrase: Phrase) -> bool:
    """A region's name (a noun, not its adjective) right before an ordinary noun that no role word
    starts names a place: "the Horn of Africa region", "the Horn of Africa nation", "an Asia
    tour" (but "African nations", "Asian leaders" are actors)."""
    doc = state.doc
    after = phrase.end
    return (after < len(doc) and doc[phrase.end - 1].pos_ == "PROPN" and doc[after].pos_ == "NOUN"
            and doc[after].text.islower() and after not in state.unit_at)


def _place_modifier(doc: Doc, phrase: Phrase) -> bool:
    """A city modifying an ordinary noun names a place: "a Baghdad car bombing", "the Algiers
    attack" (but "Moscow's decision" and "Beijing officials", whose role word joins the phrase,
    are actors)."""
    token = doc[phrase.end - 1]
    head = token.head
    return (token.dep_ == "compound" and head.i >= phrase.end and head.pos_ == "NOUN" and head.text.islower())


MAX_NAME_WORDS = 4  # how far a title is looked for after a demonym ("Algerian Energy Minister")


def _opens_proper_name(state: _State, phrase: Phrase) -> bool:
    """A demonym or a city opening the proper name of a place, building or event names no actor
    ("the Turkish Friendship Hospital", "Dhaka Central Jail", "the Italian Cup": the name's last
    word is one of places.yaml's facility_heads). It still does before a known name or title
    ("Algerian Energy Minister"), a person ("Lithuanian Marius Stankevicius"), and in an
    organisation's name ("the Nigerian Union of Teachers", "Iraqi Kurds")."""
    doc = state.doc
    if not _inside_proper_name(doc, phrase):
        return False
    last = before = None
    for at in range(phrase.end, min(len(doc), phrase.end + MAX_NAME_WORDS)):
        token = doc[at]
        known = state.unit_at.get(at) if at in state.unit_starts else None
        if (known is not None and not isinstance(known.entry, Anaphor)) or token.ent_type_ == "PERSON":
            return False  # (an anaphor's word ends names: "Study Group")
        if not (token.text[:1].isupper() and token.is_alpha):
            break
        before, last = last, token
    heads = state.knowledge.facility_heads
    return last is not None and (last.lower_ in heads  # two-word heads: "the Iraq Study Group" (a US panel)
                                 or (before is not None and f"{before.lower_} {last.lower_}" in heads))


def _inside_place_name(state: _State, phrase: Phrase) -> bool:
    """A country or capital inside a longer capitalised name that ends as a place's or an event's
    name does ("Hang Seng China Enterprises Index"): the word before it is part of the name."""
    doc = state.doc
    if phrase.start == 0:
        return False
    before = doc[phrase.start - 1]
    return (before.text[:1].isupper() and before.is_alpha and not before.is_sent_start and before.pos_ == "PROPN"
            and (phrase.start - 1) not in state.unit_starts and _opens_proper_name(state, phrase))


def _bracketed_in_name(state: _State, phrase: Phrase) -> bool:
    """A place in brackets between a capitalised name and the last word of a company's or
    place's name ("Inter Network Software (Beijing) Co., Ltd": places.yaml facility_heads)."""
    doc = state.doc
    start, end = phrase.start, phrase.end
    return (start >= 2 and end + 1 < len(doc) and doc[start - 1].text == "(" and doc[end].text == ")"
            and doc[start - 2].text[:1].isupper() and doc[end + 1].lower_.rstrip(".") in state.knowledge.facility_heads)


NAME_JOINERS = frozenset({"on", "for"})
NAMED_ENTITIES = frozenset({"ORG", "FAC", "NORP"})


def _ends_organisation_name(state: _State, phrase: Phrase) -> bool:
    """A place joined by "on" or "for" to the capitalised name before it ends that organisation's
    name: "the International Quartet on the Middle East", "the Special Tribunal for Lebanon",
    "the UN Commission on Human Rights": the body, not the place, is the actor (the place is its
    topic). The word before the preposition must be a capitalised name word that no title or
    known name covers ("Special Envoy for Kosovo X" is a title: the resolver reads it), or the
    place must lie inside an organisation entity the parser found opening before it. "of" is
    left alone: "the Bank of China" is China's."""
    doc = state.doc
    at = phrase.head.start
    joiner = at - 1 if at >= 1 and doc[at - 1].lower_ != "the" else at - 2
    if joiner < 1 or doc[joiner].lower_ not in NAME_JOINERS:
        return False
    before = doc[joiner - 1]
    token = doc[at]
    if token.ent_type_ in NAMED_ENTITIES and token.ent_iob_ == "I" and before.ent_type_ == token.ent_type_:
        return True
    covered = {k for unit in state.unit_at.values() for k in range(unit.start, unit.end)}
    return (before.pos_ == "PROPN" and before.is_alpha and before.text[:1].isupper() and not before.is_sent_start
            and before.ent_type_ != "PERSON" and (joiner - 1) not in covered)


def _after_location_noun(state: _State, phrase: Phrase) -> bool:
    """"northwest of Baghdad", "the outskirts of Kabul": a place (places.yaml location_nouns)."""
    doc = state.doc
    at = phrase.start
    if at >= 1 and doc[at - 1].lower_ == "the":
        at -= 1
    return at >= 2 and doc[at - 1].lower_ == "of" and doc[at - 2].lower_ in state.knowledge.location_nouns


def _is_location(doc: Doc, phrase: Phrase) -> bool:
    return phrase.start > 0 and doc[phrase.start - 1].lower_ in LOCATIVE


def _seat_organisation(state: _State, seat: Seat, token: int) -> Actor:
    """The seat's organisation mentioned nearest in the article, else its default (the first)."""
    organisations = state.knowledge.organisations
    candidates = [(abs(at - token), at, actor) for at, actor in state.context.organisations
                  if actor.country in seat.organisations]
    if candidates:
        return min(candidates, key=lambda c: (c[0], c[1]))[2]
    return organisations.get(seat.organisations[0]) or Actor(seat.city, seat.organisations[0], seat.organisations[0],
                                                              None, "organisation", "organisation")


def _anaphor(state: _State, sentence: Sentence, phrase: Phrase) -> None:
    if not phrase.definite and not state.doc[phrase.head.start].text[:1].isupper():
        if any(c.dep_ == "det" for c in state.doc[phrase.head.end - 1].children):
            return  # "a new alliance"
    anaphor = phrase.head.entry
    assert isinstance(anaphor, Anaphor)
    if anaphor.groups_only and phrase.titles:
        return  # "the Palestinian group", "the UN group": the words before it say who, not an earlier group
    actor = _refer_to_organisation(state, phrase.head)
    if actor is not None:
        kind = "group" if anaphor.groups_only else "organisation"
        _emit(state, sentence, phrase, actor.name, actor.code, actor.country, actor.role if anaphor.groups_only else None,
              kind, "coreference")


def _refer_to_organisation(state: _State, unit: Unit) -> Actor | None:
    anaphor = unit.entry
    assert isinstance(anaphor, Anaphor)
    if anaphor.groups_only:
        return state.named_groups[-1] if state.named_groups else None
    for actor in reversed(state.named_organisations):
        if actor.alliance or not anaphor.alliance_only:
            return actor
    return None


# ---- titles and role nouns


def _read(state: _State, units: tuple[Unit, ...], head: Unit | None, token: int, sentence: Sentence) -> Reading:
    """Who and which sector a sequence of title units names (see Reading)."""
    after = units.index(head) if head in units else len(units)
    actors = []  # (in complement, source order, position, actor): the smallest names the actor
    for at, unit in enumerate(units):
        actor = None
        if isinstance(unit.entry, Actor):
            actor = unit.entry
        elif isinstance(unit.entry, Seat):
            actor = _seat_organisation(state, unit.entry, unit.start)
        elif isinstance(unit.entry, Anaphor):
            actor = _refer_to_organisation(state, unit)
        if actor is not None:
            actors.append((at > after, _WHO_ORDER[actor.source], at, actor))
    roles = [unit.role for unit in units if unit.role is not None]
    organisation_title = any(role.organisation_title for role in roles)
    sector = _sector(units, head, state.knowledge.overriding_sectors)
    if sector is None:
        sector = next((a.role for *_, a in actors if a.source == "institution" and a.role), None)
    if organisation_title:
        organisations = [a for *_, a in actors if a.is_organisation]
        if organisations:
            who = organisations[0]
        else:  # "European Commissioner X" is no official of the Red Cross named elsewhere
            who = _nearest_organisation(state, token, sentence, same_sentence_only=bool(actors))
    else:
        who = min(actors, key=lambda found: found[:3])[3] if actors else None
    return Reading(who, sector, organisation_title)


# Which named actor a title belongs to when it names several ("US NATO envoy" -> USA).
_WHO_ORDER = {"country": 0, "capital": 0, "institution": 0, "outlet": 0, "organisation": 1, "region": 2}


def _sector(units: tuple[Unit, ...], head: Unit | None, overriding_sectors: frozenset[str] = frozenset()) -> str | None:
    """An overriding modifier's sector ("Maoist negotiator"), else the head's sector, else the
    nearest one after it (complement), else before it (titles)."""
    overriding = _overriding_sector(units, overriding_sectors)
    if overriding is not None:
        return overriding
    if head is None or head.role is None:
        ordered = list(reversed(units))
    else:
        at = units.index(head)
        ordered = [head, *units[at + 1:], *reversed(units[:at])]
    return next((unit.role.sector for unit in ordered if unit.role is not None and unit.role.sector), None)


def _overriding_sector(units: tuple[Unit, ...], overriding: frozenset[str]) -> str | None:
    """A modifier of an overriding sector (roles.yaml overriding_sectors: "Maoist", "Islamist")
    sets the title's sector."""
    return next((unit.role.sector for unit in units if unit.role is not None and unit.role.kind == "modifier"
                 and unit.role.sector in overriding), None)


def _nearest_organisation(state: _State, token: int, sentence: Sentence,
                          same_sentence_only: bool = False) -> Actor | None:
    """The organisation nearest in the sentence, else (unless `same_sentence_only`: the title
    names some other place, "European Commissioner") the one the article names most."""
    same = [(abs(at - token), actor) for at, actor in state.context.organisations if sentence.start <= at < sentence.end]
    if same:
        return min(same, key=lambda pair: pair[0])[1]
    if same_sentence_only:
        return None
    counts = state.context.organisation_counts
    if not counts:
        return None
    best = max(counts.values())
    return next(actor for _, actor in state.context.organisations if counts[actor.country] == best)


def _with_context(state: _State, reading: Reading, phrase: Phrase | None = None) -> Reading:
    """Complete a person's title that names a sector but no country with the article's country,
    for a state office only (roles.yaml context_sectors: "Information Minister Ali Jama" in a
    Somali story). An activist, an executive or a senator the text does not place keeps no
    country (in a story about Mexico, "Senator Patty Murray" is no Mexican), and so does a title
    held in a body we do not know ("a senior official with the Broadcasting Board of Governors")."""
    home = (state.context.lead_country or state.context.dominant_country) if state.context.dominant_country else None
    if reading.sector not in state.knowledge.context_sectors:
        return reading
    if phrase is not None and reading.sector != "CVL" and _unknown_body_after(state, phrase):
        return reading  # (a resident "of Goof Gaduud village" is of a place, not a body)
    if reading.who is None and reading.sector and not reading.organisation_title and home:
        return Reading(_home_of(state, reading.sector, home), reading.sector)  # the lead's country: the most
    return reading                                                             # named one is as often foreign


def _home_of(state: _State, sector: str, home: Actor) -> Actor:
    """The article's own country for a body of `sector` with no country named: `home` (the lead's
    country), or for police and courts (roles.yaml territorial_sectors) the first country the
    article names as a place."""
    place = state.context.lead_place
    return place if sector in state.knowledge.territorial_sectors and place is not None else home


BODY_WORDS = frozenset({"of", "with", "at", "for"})


def _unknown_body_after(state: _State, phrase: Phrase) -> bool:
    """"the chief executive of Ora Media", "an official with the Broadcasting Board of
    Governors": the title is held in a capitalised body no unit names."""
    doc = state.doc
    at = phrase.end
    if at + 1 >= len(doc) or doc[at].lower_ not in BODY_WORDS:
        return False
    at += 1 + (doc[at + 1].lower_ == "the")
    return (at < len(doc) and doc[at].text[:1].isupper() and doc[at].is_alpha and at not in state.unit_at)


def _role_phrase(state: _State, sentence: Sentence, phrase: Phrase) -> None:
    role = phrase.head.role
    assert role is not None
    reading = _read(state, phrase.units, phrase.head, phrase.head.start, sentence)
    name = _text(state, phrase, without_determiner=True)
    if _looks_like_surname(state.doc, phrase) or (role.kind == "group" and _names_owner(state.doc, phrase)):
        return
    titles = _title_words(phrase.units)
    if (role.kind == "person" and phrase.complement and _ends_inside_name(state.doc, phrase) and reading.who is not None
            and not reading.who.is_organisation):  # "a spokesman for the Cambodian People's Party": the party's
        reading = Reading(reading.who, None)  # country, not the people's sector (the party's name goes on)
    if not phrase.definite and _definite_in_effect(state, phrase):
        phrase = replace(phrase, definite=True)
    if role.kind == "person" and phrase.definite:
        antecedent = _antecedent(state, reading, role)
        if antecedent is not None:
            _emit_referent(state, sentence, phrase, antecedent, "coreference", titles)
            return
        holder = _holder_by_title(state, reading, titles)
        if holder is not None:
            _emit_person(state, sentence, phrase, holder[0], holder[1], "knowledge base", True, titles)
            return
        earlier = _unnamed_antecedent(state, sentence, reading, role) if reading.who is None else None
        if earlier is not None:
            _emit_referent(state, sentence, phrase, earlier, "coreference", titles)
            return
    if role.kind == "person":
        if phrase.definite:
            reading = _with_context(state, reading, phrase)
        _emit_person(state, sentence, phrase, name, _as_former(state, reading.code, phrase),
                     "title" if reading.code else "unresolved", False, titles)
        return
    if (reading.who is None and reading.sector == "BUS" and role.kind == "organisation" and phrase.definite
            and not phrase.complement and state.named_companies):  # "Gazprom cut supplies. The company said"
        company = state.named_companies[-1]
        _emit(state, sentence, phrase, company.name, company.code, company.country, "BUS", "organisation", "coreference")
        return
    if reading.who is None and (organisation := _unowned_organisation(state, phrase)) is not None:
        state.named_organisations.append(organisation)
        _emit(state, sentence, phrase, organisation.name, organisation.code, organisation.country, reading.sector,
              "organisation", "dictionary")
        return
    if reading.who is None and role.word in state.knowledge.seated_roles:
        seat = _seat_after(state, phrase)
        if seat is not None:  # "officials in Washington": the capital's government
            reading = Reading(seat, reading.sector or seat.role)
    if reading.who is None and reading.sector in state.knowledge.placed_sectors:
        placed = _placed_group(state, phrase, reading.sector)
        if placed is not None:
            code, country, how = placed
            _emit(state, sentence, phrase, name, code, country, reading.sector, role.kind, how)
            return
    if reading.code is None or (reading.who is None and not phrase.definite):
        return  # "people", "investors": a sector with no one behind it
    if reading.who is None and (leader := _leader_before(state, sentence, phrase)) is not None:
        reading = Reading(leader, reading.sector)  # "the George W. Bush administration": his country's
    elif reading.who is None and reading.sector in _HOME_SECTORS and state.context.lead_country is not None:
        reading = Reading(_home_of(state, reading.sector, state.context.lead_country), reading.sector)  # its lead's
    who = reading.who
    _emit(state, sentence, phrase, name, reading.code, (who.country or None) if who else None, reading.sector, role.kind,
          "dictionary")
    _note_shared(state, phrase, reading)


def _leader_before(state: _State, sentence: Sentence, phrase: Phrase, at: int | None = None) -> Actor | None:
    """The country of a placed person named right before a body's noun ("the George W. Bush
    administration", "the Putin government") or, with `at` the title's first token, before a
    person's title ("Putin spokesman X", "Obama adviser X"): the body, or the man who works
    for him, is his country's, not the story's."""
    at = phrase.head.start if at is None else at
    unit = next((state.unit_at[start] for start in range(max(sentence.start, at - 5), at)
                 if start in state.unit_at and state.unit_at[start].end == at
                 and state.unit_at[start].what == "person"), None)
    if unit is None:
        return None
    referent = next((r for r in reversed(state.referents) if r.sentence == sentence.index and r.token <= unit.start), None)
    if referent is None or not referent.country or referent.organisation or len(referent.country) != 3:
        return None
    return Actor(state.knowledge.countries.get(referent.country, referent.country), referent.country, referent.country,
                 None, "country", "country")


COORDINATORS = frozenset({"and", "or"})


def _definite_in_effect(state: _State, phrase: Phrase) -> bool:
    """A role phrase with no determiner that reads as definite: a bare home body ("Police said";
    roles.yaml bare_definite) or a noun coordinated after a definite one, which shares its
    determiner ("the Council of Islamic Courts and transitional government")."""
    if phrase.determiner is not None or phrase.titles or phrase.complement:
        return False
    role = phrase.head.role
    if role is not None and role.word in state.knowledge.bare_definite:
        return True
    head = state.doc[phrase.head.end - 1]
    if head.dep_ != "conj" or head.tag_ not in ("NN", "NNP"):
        return False
    first = head.head
    return any(child.dep_ == "det" and child.lower_ == "the" for child in first.children)


def _note_shared(state: _State, phrase: Phrase, reading: Reading) -> None:
    """Remember what a country-owned role phrase shares with the phrase coordinated after it: the
    possessor ("Nepal's government and Maoist rebels") and, after an of-complement, the role
    ("the leaders of South Africa and Niger")."""
    doc = state.doc
    who = reading.who
    if who is None or who.is_organisation:
        return
    first = phrase.titles[0] if phrase.titles else None
    if (first is not None and isinstance(first.entry, Actor) and first.entry.source == "country"
            and first.end < len(doc) and doc[first.end].text in POSSESSIVES):
        state.possessor = (phrase.end, first.entry)
    if phrase.complement and phrase.end + 1 < len(doc) and doc[phrase.end].lower_ in COORDINATORS:
        at = phrase.end + 1 + (doc[phrase.end + 1].lower_ == "the")
        role = phrase.head.role
        state.coordinated[at] = (reading.sector or "", role.kind if role is not None else "group")


def _outsiders(state: _State, phrase: Phrase) -> bool:
    """Whether the words around a group say it comes from elsewhere ("foreign fighters", "fighters
    from abroad"; roles.yaml outsider_words and outsider_phrases) or a name we do not know qualifies
    it ("Tuareg rebels")."""
    doc = state.doc
    head = doc[phrase.head.end - 1]
    if any(child.dep_ == "amod" and child.lower_ in state.knowledge.outsider_words for child in head.children):
        return True
    before = doc[phrase.start - 1] if phrase.start > 0 else None
    if (before is not None and before.text[:1].isupper() and before.is_alpha
            and (not before.is_sent_start or before.pos_ == "PROPN") and not _ends_unit(state, phrase.start)
            and before.lower_ not in state.knowledge.creed_words):
        return True  # a name we do not know qualifies it: "Tuareg rebels", "Darfur rebels"
    after = [doc[k].lower_ for k in range(phrase.end, min(len(doc), phrase.end + 4))]
    return any(tuple(after[:len(words)]) == words for words in state.knowledge.outsider_phrases)


def _ends_unit(state: _State, token: int) -> bool:
    """Whether a known name (not a person NER found) ends right before `token`."""
    return any(state.unit_at[start].end == token and state.unit_at[start].what != "person"
               for start in range(max(0, token - 6), token) if start in state.unit_at)


def _seat_after(state: _State, phrase: Phrase) -> Actor | None:
    """The capital right after "in" following the phrase ("officials in Washington"), if any."""
    doc = state.doc
    at = phrase.end
    if at + 1 >= len(doc) or doc[at].lower_ != "in":
        return None
    unit = state.unit_at.get(at + 1)
    entry = unit.entry if unit is not None else None
    return entry if isinstance(entry, Actor) and entry.source == "capital" else None


def _placed_group(state: _State, phrase: Phrase, sector: str) -> tuple[str, str, str] | None:
    """(code, country, how) of a group of a placed sector (roles.yaml placed_sectors) that names
    no country itself: a country after "in" ("Maoist rebels in Nepal"), the possessor shared
    through a coordination ("Nepal's government and Maoist rebels"), else, for a definite or bare
    plural, the group of that sector the article placed last ("the Maoists"). None: unplaced."""
    doc = state.doc
    at = phrase.end
    if at + 1 < len(doc) and doc[at].lower_ == "in":
        at += 1 + (doc[at + 1].lower_ == "the")
        unit = state.unit_at.get(at)
        if unit is not None and isinstance(unit.entry, Actor) and unit.entry.source == "country":
            return unit.entry.country + sector, unit.entry.country, "placed"
    clause = _clause_place(state, phrase)
    if clause is not None:  # "Rebels attacked a village in Nepal's west": where they act
        return clause.country + sector, clause.country, "placed"
    possessor = state.possessor
    if (possessor is not None and phrase.start >= 2 and possessor[0] == phrase.start - 1
            and doc[phrase.start - 1].lower_ in COORDINATORS):
        return possessor[1].country + sector, possessor[1].country, "coordination"
    if phrase.determiner in (None, "the") and not _outsiders(state, phrase):
        earlier = next((found for found in reversed(state.placed) if found[0] == sector), None)
        if earlier is not None:
            return earlier[1], earlier[2], "coreference"
    return None


_NOWHERE = Actor("", "", "", None, "country", "country")  # a people of no country: every country is "other"


def _clause_place(state: _State, phrase: Phrase) -> Actor | None:
    """The one country a place phrase of the group's own verb names when the group is its subject
    ("Rebels attacked a village in Nepal's west", "Insurgents ambushed a convoy near Kabul"): a
    group that acts there is of there, as "rebels in Nepal" is. Only the place phrases
    (in/near/inside/along/across/around) of the subject's own verb and of its object; two
    countries there give nothing, and "foreign fighters" (roles.yaml outsider_words) are not placed."""
    head = state.doc[phrase.head.end - 1]
    if head.dep_ not in ("nsubj", "nsubjpass") or _outsiders(state, phrase):
        return None
    verb = head.head
    objects = [child for child in verb.children if child.dep_ in ("dobj", "attr")]  # "a village in Nepal"
    found: dict[str, Actor] = {}
    for owner in (verb, *objects):
        for child in owner.children:
            if child.dep_ != "prep" or child.lower_ not in PLACE_PREPOSITIONS or child.i < head.i:
                continue
            if any(word.dep_ == "conj" for place in child.children for word in place.children):
                return None  # "in Pakistan and Afghanistan": which one is theirs is unsaid
            home = _place_country(state, child, _NOWHERE)
            if home is not None:
                found[home.country] = home
    return next(iter(found.values())) if len(found) == 1 else None


# Sectors a definite phrase with no country ("the government", "the police", "the court") takes
# from the country the article names first (a wire story's lead names its country; the country
# named most often is as often a foreign party): measured on wire_dev fold 0. Soldiers, forces,
# rebels, parties and groups keep none (in war news they are as often foreign).
_HOME_SECTORS = frozenset({"GOV", "COP", "JUD", "LEG"})


def _unowned_organisation(state: _State, phrase: Phrase) -> Actor | None:
    """"The Security Council" with no country in the phrase: the organisation roles.yaml names."""
    role = phrase.head.role
    if role is None or not state.doc[phrase.head.start].text[:1].isupper() or phrase.complement:
        return None
    key = next((key for word, key in state.knowledge.unowned if word == role.word), None)
    return state.knowledge.organisations.get(key) if key else None


def _title_words(units: tuple[Unit, ...]) -> frozenset[str]:
    return frozenset(word for unit in units if unit.role is not None for word in unit.role.word.split(" "))


def _names_owner(doc: Doc, phrase: Phrase) -> bool:
    """A group word written as the possessor inside a proper name ("the Cambodian People's Party",
    "the People's Democratic Party"): the name is a party's, not the people's."""
    at = phrase.end
    return (at + 1 < len(doc) and doc[at].text in POSSESSIVES and doc[at + 1].text[:1].isupper()
            and doc[at + 1].is_alpha and doc[phrase.head.start].text[:1].isupper())


def _ends_inside_name(doc: Doc, phrase: Phrase) -> bool:
    """A phrase whose last, capitalised word is the possessor inside a longer proper name
    ("... the Cambodian People" before "'s Party")."""
    at = phrase.end
    return (at + 1 < len(doc) and doc[at].text in POSSESSIVES and doc[at + 1].text[:1].isupper()
            and doc[at + 1].is_alpha and doc[at - 1].text[:1].isupper())


def _looks_like_surname(doc: Doc, phrase: Phrase) -> bool:
    """A lone capitalised role word inside a sentence ("Mr. King", "Larry Bishop") is a name."""
    token = doc[phrase.head.start]
    return (phrase.start == phrase.head.start and phrase.end == phrase.head.end and token.text[:1].isupper()
            and not token.is_sent_start)


def _antecedent(state: _State, reading: Reading, role: Role) -> Referent | None:
    """The most recent named person a definite role noun can refer to."""
    generic = role.sector is None or role.word in state.knowledge.generic_roles
    own = frozenset(role.word.split(" "))
    for referent in reversed(state.referents):
        if not referent.named or not (generic or own <= referent.titles):
            continue
        if reading.who is not None and referent.country != reading.who.country:
            continue
        if _contradicts(reading, referent):
            continue
        return referent
    return None


def _contradicts(reading: Reading, referent: Referent) -> bool:
    """A referent the role noun's own reading rules out: another sector, or no organisation
    for an organisation's title."""
    if reading.sector and referent.role and referent.role != reading.sector:
        return True
    return bool(reading.organisation_title and not referent.organisation)


UNNAMED_REACH = 3  # sentences back an unnamed titled person stays "the official"


def _unnamed_antecedent(state: _State, sentence: Sentence, reading: Reading, role: Role) -> Referent | None:
    """"A senior State Department official said ... The official added": a definite role noun
    with no country and no named person to refer to is the most recent unnamed person given the
    same role word and a country (or organisation) in the last few sentences, whose sector does
    not contradict it."""
    own = frozenset(role.word.split(" "))
    for referent in reversed(state.referents):
        if referent.sentence < sentence.index - UNNAMED_REACH:
            return None
        if referent.named or not referent.country or not own <= referent.titles:
            continue  # (one the text left without a country says no more than the article's context does)
        if _contradicts(reading, referent):
            continue
        return referent
    return None


def _holder_by_title(state: _State, reading: Reading, titles: frozenset[str]) -> tuple[str, str] | None:
    """"the Russian president" in a dated article: the one office holder with that code and title."""
    if not state.context.dated or not reading.complete or reading.code is None:
        return None
    found = {
        person.name
        for person in state.knowledge.titled_holders.get(reading.code, ())
        for office in _offices_at(state, person)
        if office.code == reading.code and titles == frozenset(office.title.lower().split(" "))
    }
    return (found.pop(), reading.code) if len(found) == 1 else None


# ---- people


def _person(state: _State, sentence: Sentence, phrase: Phrase, appositive: Phrase | None,
            following: Phrase | None = None) -> None:
    doc = state.doc
    head = phrase.head
    if not phrase.titles and phrase.start == head.start and _opens_proper_name(state, phrase):
        return  # "Trump University", "the Reeves Report": a place or a paper named after him, not him
    text = span_text(doc, state.text, head.start, head.end)
    title = _read(state, phrase.titles, None, head.start, sentence) if phrase.titles else Reading(None, None)
    placed = _of_country(state, phrase, following)
    if placed is not None and phrase.titles and title.who is None:
        title = Reading(placed, title.sector)
    apposed = (_read(state, appositive.units, appositive.head, appositive.head.start, sentence)
               if appositive is not None else Reading(None, None))
    holder = _holder(state, head) or _titled_holder(state, phrase, text)
    if holder is not None and holder[2] == "former" and phrase.titles and not _past_title(state, phrase):
        holder = None  # "European Commissioner Louis Michel": a present title the knowledge base does not know
    if (holder is None and head.end - head.start == 1 and not title.complete and _same_name(state, text) is None
            and _stands_alone(doc, head) and not _given_names(state, text)):
        holder = _surname_holder(state, text)  # (not "John" after "John Bakare": that is him, or no one)
    canonical = holder[0] if holder else text
    titles = _title_words(phrase.titles + (appositive.units if appositive is not None else ()))
    if holder is not None:
        titles |= frozenset(holder[2].lower().split(" "))
    placed_title = (_placed_group(state, phrase, title.sector)
                    if title.who is None and title.sector in state.knowledge.placed_sectors else None)
    if title.complete:
        result = (canonical, title.code, "title")
    elif placed_title is not None:  # "Maoist negotiator Dinanath Sharma" after "Nepal's ... Maoist rebels"
        result = (canonical, placed_title[0], "title")
    elif apposed.complete:
        result = (canonical, apposed.code, "apposition")
    elif (earlier := _same_name(state, text, _written_gender(state, phrase))) is not None and earlier.code is not None:
        result = (earlier.name, earlier.code, "coreference")
        titles |= earlier.titles
    elif holder is not None:
        result = (holder[0], _titled_code(state, holder[1], title if not _past_title(state, phrase) else Reading(None, None),
                                          apposed if appositive is None or not _past_title(state, appositive)
                                          else Reading(None, None)), "knowledge base")
    elif phrase.titles and (known := _holder_with_title(state, head, phrase.titles)) is not None:
        result = (known[0], known[1], "knowledge base")
    elif (phrase.titles and title.who is None and placed is None
          and (region := _subnational_before(state, phrase)) is not None):  # "Texas Governor Rick Perry"
        result = (canonical, Reading(region, title.sector).code, "title")
    elif (phrase.titles and title.who is None and not title.organisation_title
          and (leader := _leader_before(state, sentence, phrase, phrase.titles[0].start)) is not None):
        result = (canonical, Reading(leader, title.sector).code, "title")  # "Putin spokesman X": RUSGOV
    elif (phrase.titles and title.who is None and title.sector and not title.organisation_title
          and (namesake := _coded_namesake(state, text)) is not None):  # "Senator Cruz" after "Ted Cruz" (USA)
        result = (namesake.name, namesake.country + title.sector, "coreference")
        titles |= namesake.titles
    elif phrase.titles and (filled := _with_context(state, title, phrase)).code:
        result = (canonical, filled.code, "title")
    elif appositive is not None and (filled := _with_context(state, apposed, appositive)).code:
        result = (canonical, filled.code, "apposition")
    elif placed is not None:  # "Abdullah of Jordan"
        result = (canonical, placed.country, "title")
    elif (holder is None and _stands_alone(doc, head, state.knowledge.honorifics)
          and (named := _first_name_referent(state, text)) is not None):  # "Hillary" after "Hillary Clinton"
        result = (named.name, named.code, "coreference")
        titles |= named.titles
    elif earlier is not None:  # the same, still unidentified, person
        result = (earlier.name, None, "coreference")
    elif (body := _apposed_body_country(state, phrase)) is not None:  # "X, vice-director of the China Society ..."
        result = (canonical, body, "apposition")
    else:
        result = (canonical, None, "unresolved")
    name, code, how = result
    if how == "title" or (how == "apposition" and appositive is not None and _former_title(state, appositive)):
        code = _as_former(state, code, phrase if how == "title" else appositive)
    _emit_person(state, sentence, phrase, name, code, how, True, titles, alias=text)
    if appositive is not None:
        own = _as_former(state, apposed.code, appositive) if apposed.complete else code
        _emit_person(state, sentence, appositive, name, own, "apposition", True, titles, alias=text)


BODY_PREPOSITIONS = frozenset({"of", "at", "with", "from"})


def _apposed_body_country(state: _State, phrase: Phrase) -> str | None:
    """The one country named in the body a person's apposition says he belongs to: "Jin Jian,
    vice-director of the China Society for Human Rights Studies" (CHN), "Wang Li, a professor at
    the Japan Institute of International Affairs" (JPN). Only through "of", "at", "with" or
    "from" ("ambassador to China" is posted there, not from there); two countries named there
    give nothing. The country alone (the body's sector is unknown), or the code of a known
    national body named there ("member of the Political Bureau of the CPC Central Committee")."""
    doc = state.doc
    root = _root(doc, phrase)
    countries = set()
    for appos in (child for child in root.children if child.dep_ == "appos"):
        for prep in (child for child in appos.children if child.dep_ == "prep" and child.lower_ in BODY_PREPOSITIONS):
            for token in prep.subtree:
                unit = state.unit_at.get(token.i)
                entry = unit.entry if unit is not None else None
                if not isinstance(entry, Actor) or not entry.country or entry.is_organisation:
                    continue
                if entry.source in ("country", "capital"):
                    countries.add(entry.country)
                elif entry.source in ("institution", "group") and entry.code:
                    countries.add(entry.code)  # "member of the Political Bureau of the CPC": the party's code
    return countries.pop() if len(countries) == 1 else None


SUBNATIONAL_KINDS = frozenset({"state", "city", "city_alternate"})
MAX_PLACE_WORDS = 3
MIN_CITY_POPULATION = 1_000_000  # "New York Mayor": a big city; not "Ontario" (a Californian town, not the province)


def _subnational_before(state: _State, phrase: Phrase) -> Actor | None:
    """"Connecticut tax commissioner Kevin Sullivan", "New York Mayor Bill de Blasio": a state,
    province or city written right before a person's title places the person in its country
    (the gazetteer's best reading of the proper nouns there; a country reading is left to the
    title rules, a name that is also an English word never counts)."""
    gazetteer = state.knowledge.gazetteer
    if gazetteer is None:
        return None
    doc = state.doc
    left = phrase.start
    covered = {token for unit in state.unit_at.values() for token in range(unit.start, unit.end)}
    while (left > 0 and phrase.start - left < MAX_PLACE_WORDS + 1 and doc[left - 1].pos_ in ("PROPN", "NOUN")
           and doc[left - 1].ent_type_ not in ("PERSON", "ORG", "NORP") and left - 1 not in covered):
        left -= 1
    for start in range(left, phrase.start):
        for end in range(min(phrase.start, start + MAX_PLACE_WORDS), start, -1):
            if not all(token.pos_ == "PROPN" and token.is_title for token in doc[start:end]):
                continue
            readings = gazetteer.lookup(doc[start:end].text)
            best = readings[0] if readings else None
            if len({reading.location.country for reading in readings}) > 1:
                continue  # "Hyderabad": a city of two countries; the text must say which
            if (best is not None and best.kind in SUBNATIONAL_KINDS and not best.common_word and best.location.country
                    and (best.kind == "state" or best.population >= MIN_CITY_POPULATION)):
                country = best.location.country
                return Actor(best.location.name, country, country, None, "country", "country")
    return None


def _past_title(state: _State, phrase: Phrase) -> bool:
    """A title the person held before ("former President X", "the late King"; roles.yaml
    past_words): it says nothing of his sector now."""
    doc = state.doc
    first = max(0, phrase.start - 1)
    return any(doc[k].lower_ in state.knowledge.past_words for k in range(first, phrase.end))


def _former_title(state: _State, phrase: Phrase) -> bool:
    """A title no longer held ("former Foreign Minister", "ex-premier", "the ousted president";
    roles.yaml former_words): narrower than `_past_title`, without "then" and "outgoing"."""
    doc = state.doc
    first = max(0, phrase.start - 1)
    if first > 0 and doc[first].text == "-":  # "Ex-Polish defence minister": spaCy splits the hyphen off
        first -= 1
    return any(doc[k].lower_ in state.knowledge.former_words for k in range(first, phrase.end))


def _as_former(state: _State, code: str | None, phrase: Phrase) -> str | None:
    """A country's state office read from a title no longer held is that country's elite, as the
    knowledge base codes a known person out of office (`_former_holder`; roles.yaml
    former_sectors): "a former US diplomat" is USAELI, not the US government. An organisation's
    former official and a sector of no office (a former rebel) keep their code."""
    if code is None or len(code) != 6 or not _former_title(state, phrase):
        return code
    country, sector, organisation = _split_code(state, code)
    if organisation or country is None or len(country) != 3 or sector not in state.knowledge.former_sectors:
        return code
    return country + state.knowledge.former_sector


def _titled_code(state: _State, code: str, title: Reading, apposed: Reading) -> str:
    """A known person's code with the sector the article's own title gives ("Prime Minister Sir
    Julius Chan" is PNGGOV though the knowledge base lists him in another sector at that date:
    the text says what he is now). The country stays the knowledge base's; an organisation's
    official keeps the organisation's code."""
    reading = title if title.sector else apposed
    if reading.who is not None or not reading.sector or reading.organisation_title:
        return code
    country, sector, organisation = _split_code(state, code)
    if organisation or country is None or len(country) != 3 or sector == reading.sector:
        return code
    return country + reading.sector


def _same_name(state: _State, text: str, gender: str | None = None) -> Referent | None:
    """The latest person named so; with `gender` (an honorific: "Mrs. Clinton"), the latest of
    that gender or of none known ("Bill Clinton" named last is not "Mrs. Clinton")."""
    key = text.lower()
    fitting = _fitting_gender(state.referents, gender) if gender is not None else state.referents
    return next((r for r in reversed(fitting) if r.named and key in r.keys), None)


def _coded_namesake(state: _State, text: str) -> Referent | None:
    """The latest person of the article with this name whose country is known, when the latest
    namesake is not ("Ted Cruz" ... "Heidi Cruz" ... "Senator Cruz": the title with no country is
    the senator's, not the uncoded wife's; before, the title's sector alone was the code, LEG)."""
    key = text.lower()
    return next((r for r in reversed(state.referents) if r.named and key in r.keys and not r.organisation
                 and r.country and len(r.country) == 3 and r.country.isalpha()), None)


def _given_names(state: _State, text: str) -> list[Referent]:
    """The people named so far whose full name starts with the one word `text`."""
    if " " in text:
        return []
    key = text.lower()
    return [r for r in state.referents if r.named and " " in r.name and r.name.split(" ")[0].lower() == key]


def _first_name_referent(state: _State, text: str) -> Referent | None:
    """A lone given name ("Hillary") naming the one person of the article with a full name that
    starts with it ("Hillary Clinton"); two such people (or none) give nothing."""
    found = _given_names(state, text)
    return found[-1] if found and len({r.name for r in found}) == 1 and found[-1].code else None


def _holder(state: _State, unit: Unit) -> tuple[str, str, str] | None:
    """(canonical name, code, title) from the office-holder knowledge base, checked against the date."""
    text = span_text(state.doc, state.text, unit.start, unit.end)
    people = unit.people or state.knowledge.people.get(text.lower(), ())
    if not people and (plain := without_middle_initials(text)) != text:
        people = state.knowledge.people.get(plain.lower(), ())  # "John F. Kerry" is the known "John Kerry"
    return _holder_of(state, people, text)


_MIDDLE_INITIAL = re.compile(r"(?<=\S) (?:[A-Z]\.){1,2}(?= \S)")


def without_middle_initials(name: str) -> str:
    """A full name without its middle initials ("John F. Kerry" -> "John Kerry", "George H.W. Bush"
    -> "George Bush"). Why: news writes a known person's middle initial where the knowledge base
    lists the name without it; the name then matched no one and took the nearest country instead."""
    return _MIDDLE_INITIAL.sub("", name)


def _holder_of(state: _State, people: tuple[Person, ...], text: str) -> tuple[str, str, str] | None:
    """The office one of `people` held at the article's date (a dated office before a person's
    default code); when several people bear the name, the code or country they all share
    ("Bush": two US presidents), else nothing: a person is never given a guess's country."""
    if not people:
        return None
    if state.context.dated:
        found = [(person, office) for person in people for office in _offices_at(state, person)]
        dated = [(person, office) for person, office in found if office.start or office.end]
        if dated and len({person.name for person, _ in found}) > 1:
            found = dated  # a namesake known only by a default code yields to a holder in office
    else:
        found = [(person, _likely_office(state, person)) for person in people if person.offices]
    if not found:
        return (_former_holder(state, people, text) or _future_holder(state, people, text)) if state.context.dated else None
    if len({person.name for person, _ in found}) == 1:
        person, office = max(found, key=lambda pair: (pair[1].start is not None or pair[1].end is not None,
                                                       pair[1].start or ""))
        country = _uncertain_role(state, [office for _, office in found])
        if country is not None:
            return person.name, country, ""
        return person.name, office.code, office.title
    return _shared_code(found, text)


def _uncertain_role(state: _State, offices: list[Office]) -> str | None:
    """An article dated only to a span longer than a month (published_interval: "2011-2025")
    in which one person held dated offices of several roles in one country (candidate, then
    president): that country alone, as for an undated article (`_likely_office`); else None."""
    earliest, latest = state.context.earliest, state.context.latest
    if earliest is not None and latest is not None and earliest[:7] == latest[:7]:
        return None
    codes = {office.code for office in offices if office.start or office.end}
    if len(codes) < 2:
        return None
    parts = [_split_code(state, code) for code in codes]
    if any(organisation or not key for key, _, organisation in parts):
        return None
    keys = {key for key, _, _ in parts}
    return keys.pop() if len(keys) == 1 else None


def _former_holder(state: _State, people: tuple[Person, ...], text: str) -> tuple[str, str, str] | None:
    """A known person out of office at the article's date whose every past office was in one
    country ("George W. Bush" in 2016): that country's elite (CAMEO ELI, as Phoenix codes former
    officials). Namesakes must share the country; an organisation's former official gets nothing."""
    earliest = state.context.earliest
    if earliest is None:
        return None
    past = [(person, office) for person in people for office in person.offices if office.end and office.end < earliest]
    if not past:  # (between two offices, "Trump" in 2021, he is a former official too)
        return None
    countries = {office.code[:3] for _, office in past}
    if len(countries) != 1 or countries <= {"IGO", "NGO", "IMG"}:
        return None
    country = countries.pop()
    names = {person.name for person, _ in past}
    return (names.pop() if len(names) == 1 else text), country + "ELI", "former"


def _future_holder(state: _State, people: tuple[Person, ...], text: str) -> tuple[str, str, str] | None:
    """A known person named in full before his first office ("Ariel Sharon" in 1995), all of whose
    offices are in one country: that country, with no sector (what he was then the knowledge base
    does not say). Why: he is who he is before his office too; left uncoded, the event took the
    nearest country in the sentence instead. Not a lone surname ("Sharon" may be anyone's name)."""
    latest = state.context.latest
    if latest is None or " " not in text.strip():
        return None
    offices = [office for person in people for office in person.offices]
    if not offices or any(office.start is None or office.start <= latest for office in offices):
        return None
    countries = {office.code[:3] for office in offices}
    if len(countries) != 1 or countries <= {"IGO", "NGO", "IMG"}:
        return None
    names = {person.name for person in people}
    return (names.pop() if len(names) == 1 else text), countries.pop(), "future"


def _shared_code(found: list[tuple[Person, Office]], text: str) -> tuple[str, str, str] | None:
    """The code several namesakes' offices share, else the country they share, else None."""
    best: dict[str, Office] = {}
    for person, office in found:
        if person.name not in best or (office.start or "") > (best[person.name].start or ""):
            best[person.name] = office
    codes = {office.code for office in best.values()}
    if len(codes) == 1:
        return text, codes.pop(), ""
    countries = {code[:3] for code in codes}
    if len(countries) == 1 and not countries <= {"IGO", "NGO", "IMG"}:
        return text, countries.pop(), ""
    return None


def _titled_holder(state: _State, phrase: Phrase, text: str) -> tuple[str, str, str] | None:
    """A person the knowledge base knows by title and name ("King Abdullah"), looked up with the
    title words written right before the name (longest first)."""
    titles = [unit for unit in phrase.titles if unit.role is not None]
    for at in range(len(titles)):
        words = " ".join(span_text(state.doc, state.text, unit.start, unit.end) for unit in titles[at:])
        people = state.knowledge.people.get(f"{words} {text}".lower())
        if people:
            return _holder_of(state, people, text)
    return None


def _surname_holder(state: _State, text: str) -> tuple[str, str, str] | None:
    """A lone surname no earlier mention explains ("Abbas said"): the one known person of that
    surname in a dated office at the article's date (news names a well-known person by surname
    alone): our own list of well-known people first, then the Phoenix office holders. Undated
    articles and namesakes in office together get nothing."""
    if not state.context.dated:
        return None
    for index in (state.knowledge.own_surnames, state.knowledge.surnames):  # the well-known first
        found = [(person, office) for person in index.get(text.lower(), ()) for office in _offices_at(state, person)
                 if office.start or office.end]
        names = {person.name for person, _ in found}
        if len(names) == 1:
            person, office = max(found, key=lambda pair: pair[1].start or "")
            return person.name, office.code, office.title
        if names:
            return None
    return None


def _stands_alone(doc: Doc, unit: Unit, honorifics: frozenset[str] = frozenset()) -> bool:
    """A one-word name that is not the end of a longer capitalised name ("City Hall"); an
    honorific before it ("Sheikh Ahmad") is no part of a name."""
    before = doc[unit.start - 1] if unit.start > 0 else None
    return (before is None or before.lower_ in honorifics
            or not (before.text[:1].isupper() and before.is_alpha and not before.is_sent_start))


def _of_country(state: _State, phrase: Phrase, following: Phrase | None) -> Actor | None:
    """"King Abdullah of Jordan", "Prime Minister Gedi of Somalia": a country right after the
    name, joined by "of", places the person."""
    if following is None or phrase.end >= len(state.doc) or state.doc[phrase.end].lower_ != "of":
        return None
    at = phrase.end + 1
    if at < len(state.doc) and state.doc[at].lower_ == "the":
        at += 1
    entry = following.head.entry
    if (following.start in (at, at - 1) and following.head.start == at and not following.titles
            and isinstance(entry, Actor) and entry.source == "country"):
        return entry
    return None


def _holder_with_title(state: _State, unit: Unit, titles: tuple[Unit, ...]) -> tuple[str, str] | None:
    """A known person whose offices, at any date, fit the incomplete title written before the name
    ("President Laurent Gbagbo" in an article dated outside his term): the office whose title
    holds the title's words, else whose sector is the title's, when all such offices agree.
    Archive dates are often approximate; the title is not."""
    people = unit.people or state.knowledge.people.get(span_text(state.doc, state.text, unit.start, unit.end).lower(), ())
    roles = [t.role for t in titles if t.role is not None and t.role.kind != "modifier"]
    if not people or not roles:
        return None
    words = frozenset(word for role in roles for word in role.word.split(" "))
    sectors = {role.sector for role in roles if role.sector}
    offices = [(person.name, office) for person in people for office in person.offices]
    for fits in (lambda o: words <= frozenset(o.title.lower().replace("-", " ").split(" ")),
                 lambda o: bool(sectors) and o.code[3:6] in sectors):
        found = {(name, office.code) for name, office in offices if fits(office)}
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def _offices_at(state: _State, person: Person) -> list[Office]:
    earliest, latest = state.context.earliest, state.context.latest
    return [office for office in person.offices
            if (latest is None or office.start is None or office.start <= latest)
            and (earliest is None or office.end is None or office.end >= earliest)]


def _likely_office(state: _State, person: Person) -> Office:
    """Undated: a person who holds one code still (every office that code, one of them open-ended)
    has that code. One whose offices share a country but not a role (a 2016 candidate who became
    president) or who has left office ("Bill Clinton") has the country alone: with no date, which
    role he held is unknown, and a wrong role is a wrong code while the country is still right.
    Offices in several countries or organisations: the one whose country or organisation the
    article names most, else the latest."""
    codes = {office.code for office in person.offices}
    countries = {_split_code(state, code)[0] for code in codes}
    current = len(codes) == 1 and any(office.end is None for office in person.offices)
    if (not current and len(countries) == 1 and None not in countries
            and not any(_split_code(state, code)[2] for code in codes)):
        country = countries.pop()
        assert country is not None
        return Office(country, "", None, None)
    counts = Counter(a.country for a in state.context.mentioned)

    def weight(office: Office) -> tuple[int, str]:
        return counts.get(_split_code(state, office.code)[0] or "", 0), office.start or ""

    return max(person.offices, key=weight)


PRONOUN_REACH = 3  # sentences back a "he"/"she" with no person in the last two may reach a named one


def _pronoun(state: _State, sentence: Sentence, phrase: Phrase) -> None:
    token = phrase.head.start
    fitting = _fitting_gender(state.referents, PRONOUN_GENDERS.get(state.doc[token].lower_))
    near = [r for r in fitting
            if r.sentence == sentence.index and r.token < token or r.sentence == sentence.index - 1]
    named = [r for r in near if r.named] or near  # a named person before "the president" of a rule
    same = [r for r in named if r.sentence == sentence.index]
    previous = [r for r in named if r.sentence != sentence.index]
    earlier = [r for r in fitting if r.named and sentence.index - PRONOUN_REACH <= r.sentence < sentence.index - 1]
    for pool in ([r for r in same if r.subject], [r for r in previous if r.main and r.code],
                 [r for r in previous if r.subject], same, previous, [r for r in earlier if r.subject], earlier):
        if pool:
            _emit_referent(state, sentence, phrase, pool[-1], "coreference", frozenset())
            return


def _written_gender(state: _State, phrase: Phrase, titles: frozenset[str] = frozenset()) -> str | None:
    """The gender an honorific or title word written with a mention gives it ("Mrs. Clinton")."""
    doc, words = state.doc, state.knowledge.genders.get("words", {})
    written = [doc[k].lower_ for k in range(max(0, phrase.start - 1), phrase.end)]
    return next((words[word] for word in [*written, *sorted(titles)] if word in words), None)


def _fitting_gender(referents: list[Referent], gender: str | None) -> list[Referent]:
    """The referents a pronoun of `gender` may refer to: those of no contrary gender, a person's
    gender being the first one any of his mentions showed ("Rakeyia Scott", an unknown given
    name, is a woman once "she" referred to her: a later "he" is someone else)."""
    known: dict[str, str] = {}
    for referent in referents:
        if referent.gender is not None:
            known.setdefault(referent.name, referent.gender)
    return [r for r in referents if gender is None or known.get(r.name, gender) == gender]


# ---- output


def _appositions(doc: Doc, text: str, phrases: list[Phrase], honorifics: frozenset[str] = frozenset()) -> dict[int, Phrase]:
    """Person phrase id -> the role phrase in apposition to it ("X, the spokesman ..." or
    "a spokeswoman for the Alliance, X", "the minister of the economy, Mr. X")."""
    pairs: dict[int, Phrase] = {}
    for before, left, right in zip([None, *phrases], phrases, phrases[1:]):
        gap = text[doc[left.end - 1].idx + len(doc[left.end - 1]):doc[right.start].idx].strip()
        if right.head.what == "person" and not right.titles and id(right) not in pairs:
            title = _posted_title(doc, text, before, left, gap)
            if title is None and not gap and _is_person_role(left) and left.complement:
                title = left  # "U.N. special envoy for Kosovo Martti Ahtisaari": the title's complement ends it
            if title is not None:
                pairs[id(right)] = title
                continue
        bare = gap not in APPOSITION_GAPS and _bare_title_gap(doc, left.end, right.start)
        portfolio = _is_person_role(left) and _portfolio_gap(doc, left.end, right.start, honorifics)
        if gap not in APPOSITION_GAPS and not bare and not portfolio:
            continue
        if (left.head.what == "person" and _is_person_role(right) and id(left) not in pairs
                and (right.determiner and not bare or _placed_title(right))):
            pairs[id(left)] = right
        elif (_is_person_role(left) and right.head.what == "person" and not right.titles
              and (gap == "," or portfolio)):
            pairs[id(right)] = left
    return pairs


MAX_PORTFOLIO_WORDS = 3


def _portfolio_gap(doc: Doc, start: int, end: int, honorifics: frozenset[str]) -> bool:
    """"The minister of the economy, Mr. Guajardo": between a title and the name, an "of" and a
    portfolio in at most three lowercase words, a comma and honorifics (no name, no place: a
    known body there makes its own phrase)."""
    if start >= end or doc[start].lower_ != "of":
        return False
    at = start + 1 + (start + 1 < end and doc[start + 1].lower_ == "the")
    words = 0
    while at < end and doc[at].is_lower and doc[at].is_alpha and words < MAX_PORTFOLIO_WORDS:
        at, words = at + 1, words + 1
    if not words or at >= end or doc[at].text != ",":
        return False
    return all(doc[k].lower_.rstrip(".") in honorifics for k in range(at + 1, end))


POSTING_WORDS = frozenset({"to", "in", "at"})


def _posted_title(doc: Doc, text: str, before: Phrase | None, left: Phrase, gap: str) -> Phrase | None:
    """"Italy's envoy to Somalia, Mario Raffaelli": a person title, a posting ("to"/"in"/"at" a
    country or organisation), a comma and the name. The title is the person's; the place he is
    posted to is not his country."""
    if before is None or gap != "," or not _is_person_role(before) or left.head.what not in ("actor", "seat"):
        return None
    between = [doc[k].lower_ for k in range(before.end, left.start)]
    if between[:1] and between[0] in POSTING_WORDS and all(word == "the" for word in between[1:]):
        return before
    return None


MAX_BARE_TITLE_WORDS = 2


def _bare_title_gap(doc: Doc, start: int, end: int) -> bool:
    """", oil minister for Saudi Arabia": a comma and at most two lowercase words before the title."""
    gap = range(start, end)
    return (1 < len(gap) <= 1 + MAX_BARE_TITLE_WORDS and doc[start].text == ","
            and all(doc[k].is_lower and doc[k].is_alpha and doc[k].pos_ in ("NOUN", "ADJ") for k in gap[1:]))


def _placed_title(phrase: Phrase) -> bool:
    """A title naming its country or organisation ("Kuwait's energy minister", "minister for
    Saudi Arabia"): in apposition even without a determiner."""
    return any(isinstance(unit.entry, (Actor, Seat)) for unit in (*phrase.titles, *phrase.complement))


def _is_person_role(phrase: Phrase) -> bool:
    role = phrase.head.role
    return role is not None and role.kind == "person"


def _emit_referent(state: _State, sentence: Sentence, phrase: Phrase, referent: Referent, how: str,
                   titles: frozenset[str]) -> None:
    _emit_person(state, sentence, phrase, referent.name, referent.code, how, referent.named,
                 referent.titles | titles, keys=referent.keys, gender=referent.gender)


def _emit_person(state: _State, sentence: Sentence, phrase: Phrase, name: str, code: str | None, how: str,
                 named: bool, titles: frozenset[str], alias: str | None = None,
                 keys: frozenset[str] = frozenset(), gender: str | None = None) -> None:
    country, role, organisation = _split_code(state, code)
    _emit(state, sentence, phrase, name, code, country, role, "person", how)
    if not keys and named:
        keys = frozenset(k.lower() for k in (name, name.split(" ")[-1], alias or "", (alias or "").split(" ")[-1]) if k)
        keys |= {_without_particle(key) for key in keys} | _with_particle(name)
        keys |= {key for key in _without_given_name(name) if key not in state.knowledge.people}
        if country in state.knowledge.surname_first and " " in name:  # "Wen Jiabao" ... "Wen said"
            keys |= {name.split(" ")[0].lower()}
    subject, main = _subject(_root(state.doc, phrase))
    state.referents.append(Referent(name, code, country, role, named, keys, sentence.index, phrase.start,
                                    subject, organisation, titles, main, _gender(state, phrase, name, titles, gender)))


PRONOUN_GENDERS = {"he": "male", "she": "female"}


def _gender(state: _State, phrase: Phrase, name: str, titles: frozenset[str], earlier: str | None = None) -> str | None:
    """A person mention's gender (genders.yaml): what the text writes with it first (an
    honorific or title word: "Mrs. Clinton", "spokeswoman X"), else the gender of the mention it
    refers back to (`earlier`), else the given name of the full name it resolved to ("Hillary
    Clinton"), else a pronoun's own ("she" names a woman); None: unknown. Why: with no gender
    "she" went to the last subject, a man about one time in five on real news (session 10)."""
    doc = state.doc
    written = _written_gender(state, phrase, titles)
    if written is not None:
        return written
    if earlier is not None:
        return earlier
    given = name.split(" ")[0].lower() if " " in name else ""
    pronoun = PRONOUN_GENDERS.get(doc[phrase.start].lower_) if phrase.end - phrase.start == 1 else None
    return state.knowledge.genders.get("names", {}).get(given) or pronoun


def _subject(root: Token) -> tuple[bool, bool]:
    """(a grammatical subject, the subject of the sentence's main verb) of a phrase's head."""
    subject = root.dep_ in SUBJECT_DEPS
    return subject, subject and root.head.dep_ == "ROOT"


def _without_given_name(name: str) -> set[str]:
    """"Ildefonso Guajardo Villarreal" -> {"guajardo villarreal"}: a name of three words or more
    is also written without its first, given name ("Mr. Guajardo Villarreal", "Peña Nieto":
    a double surname). The caller drops a key that is a known person's own name: "Rip Donald
    Trump" (a headline the parser read as one name) does not make "Donald Trump" that mention."""
    words = name.split(" ")
    return {" ".join(words[1:]).lower()} if len(words) >= 3 else set()


def _with_particle(name: str) -> set[str]:
    """"Bill de Blasio" -> {"de blasio"}: a surname after a lowercase particle ("de", "van der")
    is written with it ("De Blasio said"), capitalised at a sentence start."""
    words = name.split(" ")
    at = len(words) - 1
    while at > 1 and words[at - 1].islower():
        at -= 1
    return {" ".join(words[at:]).lower()} if at < len(words) - 1 else set()


def _without_particle(name: str) -> str:
    """"al-zahar" -> "zahar": a surname with a short particle hyphened to it ("al-", "el-") is
    also written without it, and spaCy splits the hyphen off ("al", "-", "Zahar"), so a later
    "Zahar" names the same person. (Keys are lowercase: a first piece of at most three letters
    counts as the particle; "Jean-Paul" is kept.)"""
    if " " in name or "-" not in name:
        return name
    particle, rest = name.split("-", 1)
    return rest if particle.isalpha() and len(particle) <= 3 and rest else name


def _root(doc: Doc, phrase: Phrase) -> Token:
    """The phrase's syntactic head: its last token whose head lies outside it."""
    inside = range(phrase.start, phrase.end)
    return next((doc[i] for i in reversed(inside) if doc[i].head.i not in inside), doc[phrase.end - 1])


def _split_code(state: _State, code: str | None) -> tuple[str | None, str | None, bool]:
    """(country or organisation key, sector, is organisation) of an actor code."""
    if not code:
        return None, None, False
    for key, actor in state.knowledge.organisations.items():
        if actor.code == code:
            return key, None, True
    if len(code) == 3 and code.isalpha() and code.isupper() and code in _SECTORS:
        return None, code, False
    return code[:3], code[3:6] or None, False


_SECTORS = frozenset({"GOV", "MIL", "OPP", "REB", "LEG", "JUD", "COP", "SPY", "MED", "BUS", "CVL", "NGO", "ELI"})


def _text(state: _State, phrase: Phrase, without_determiner: bool = False) -> str:
    start = phrase.start + (1 if without_determiner and phrase.determiner else 0)
    return span_text(state.doc, state.text, start, phrase.end)


def _emit(state: _State, sentence: Sentence, phrase: Phrase, name: str, code: str | None, country: str | None,
          role: str | None, kind: str, how: str) -> Mention:
    doc = state.doc
    start = doc[phrase.start].idx
    last = doc[phrase.end - 1]
    mention = Mention(
        article_id=state.article.id, start=start, end=last.idx + len(last.text), text=_text(state, phrase),
        name=name, code=code, country=country, role=role, kind=kind, resolved_by=how,
        sentence_start=sentence.start_char, sentence_end=sentence.end_char,
    )
    state.mentions.append(mention)
    if role in state.knowledge.placed_sectors and country:
        state.placed.append((role, code or country + role, country))
    return mention
