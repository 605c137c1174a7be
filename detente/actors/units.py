"""First pass over a parsed document: the known names, people and pronouns it contains.

A *unit* is a token span the later passes reason about: a name from the knowledge base (country,
organisation, role word, office holder, ...), a person found by spaCy's NER, or the pronoun
"he"/"she". Units never overlap and never cross a sentence boundary.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc

from detente.actors.knowledge import Actor, ActorKnowledge, Anaphor, Entry, Pattern, Person, Role, Seat

PRONOUNS = frozenset({"he", "she"})
CURRENCY = frozenset({"$", "dollar", "dollars", "cents"})  # "US $50 million", "Hong Kong dollars"
STANCE_PREFIXES = frozenset({"anti", "pro"})  # "an anti-Syria journalist" is not Syrian
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})


@dataclass(frozen=True)
class Unit:
    """A span of tokens [start, end) and what it is.

    `what` is one of actor, seat, anaphor, role, person, pronoun; `entry` the knowledge-base
    entry (None for people and pronouns); `people` the office holders a person's name may be.
    """

    start: int
    end: int
    what: str
    entry: Entry | None = None
    people: tuple[Person, ...] = field(default=())

    @property
    def role(self) -> Role | None:
        return self.entry if isinstance(self.entry, Role) else None

    @property
    def is_modifier(self) -> bool:
        return isinstance(self.entry, Role) and self.entry.kind == "modifier"


def span_text(doc: Doc, text: str, start: int, end: int) -> str:
    """Text of tokens [start, end) of `doc` whose text is `text`, without building a Span
    (`doc.text` and slices are rebuilt on every access, which the hot path cannot afford)."""
    if start >= end:
        return ""
    last = doc[end - 1]
    return text[doc[start].idx:last.idx + len(last.text)]


@dataclass(frozen=True)
class Sentence:
    """A sentence as token and character bounds."""

    index: int
    start: int
    end: int
    start_char: int
    end_char: int


def sentences(doc: Doc, text: str) -> list[Sentence]:
    """The document's sentences; a document without sentence boundaries is one sentence."""
    if len(doc) == 0:
        return []
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return [Sentence(0, 0, len(doc), 0, len(text))]
    return [Sentence(i, s.start, s.end, s.start_char, s.end_char) for i, s in enumerate(doc.sents)]


def lower_forms(doc: Doc) -> list[str]:
    """Each token's lowercase form, read through the string store: no Token objects (this runs
    on every token of every article)."""
    strings = doc.vocab.strings
    return [strings[key] for key in doc.to_array("LOWER").tolist()]


def find_units(doc: Doc, text: str, sents: list[Sentence], knowledge: ActorKnowledge) -> list[Unit]:
    """All units of the document (whose text is `text`), sorted by position."""
    lower = lower_forms(doc)
    units: list[Unit] = []
    for sentence in sents:
        units.extend(known_names(doc, lower, sentence, knowledge))
    units = _add_people(doc, text, units, knowledge)
    units = _add_outlets(doc, lower, units, sents, knowledge)
    units = _add_surnames(doc, lower, units, sents, knowledge)
    covered = _covered(units)
    units.extend(Unit(i, i + 1, "pronoun") for i, word in enumerate(lower) if word in PRONOUNS and i not in covered)
    return sorted(units, key=lambda unit: unit.start)


def known_names(doc: Doc, lower: list[str], sentence: Sentence, knowledge: ActorKnowledge) -> Iterator[Unit]:
    """Longest knowledge-base names, left to right, within one sentence. Reads token texts only
    (no tags, no entities), so the parse prefilter (`detente.nlp.Prefilter`) uses it too."""
    i = sentence.start
    while i < sentence.end:
        match = _match_at(doc, lower, i, sentence.end, knowledge)
        if match is None:
            i += 1
            continue
        pattern, entry = match
        end = i + len(pattern.words)
        if not (isinstance(entry, Actor) and _attribute_only(lower, i, end)):
            yield _unit(i, end, pattern, entry)
        i = end


def _attribute_only(lower: list[str], start: int, end: int) -> bool:
    """A country or group name that names no actor: a currency ("US $50 million", "U.S. dollars")
    or a stance ("anti-Syria", "pro-Western")."""
    if end < len(lower) and lower[end] in CURRENCY:
        return True
    return start >= 2 and lower[start - 1] == "-" and lower[start - 2] in STANCE_PREFIXES


def _match_at(doc: Doc, lower: list[str], i: int, end: int, knowledge: ActorKnowledge) -> tuple[Pattern, Entry] | None:
    """The longest name starting at token i: one lookup per name length starting with that token."""
    lengths = knowledge.lengths.get(lower[i])
    if not lengths:
        return None
    for n in lengths:
        if i + n > end:
            continue
        for pattern in knowledge.by_words.get(tuple(lower[i:i + n]), ()):
            if pattern.case == "exact" and tuple(doc[k].text for k in range(i, i + n)) != pattern.texts:
                continue
            if pattern.case == "capitalised" and not doc[i].text[:1].isupper():
                continue
            return pattern, pattern.entries[0]
    return None


def _unit(start: int, end: int, pattern: Pattern, entry: Entry) -> Unit:
    if isinstance(entry, Person):
        return Unit(start, end, "person", None, tuple(e for e in pattern.entries if isinstance(e, Person)))
    if isinstance(entry, Actor):
        return Unit(start, end, "actor", entry)
    if isinstance(entry, Seat):
        return Unit(start, end, "seat", entry)
    if isinstance(entry, Anaphor):
        return Unit(start, end, "anaphor", entry)
    return Unit(start, end, "role", entry)


def _covered(units: list[Unit]) -> set[int]:
    return {i for unit in units for i in range(unit.start, unit.end)}


def _add_people(doc: Doc, text: str, units: list[Unit], knowledge: ActorKnowledge) -> list[Unit]:
    """Add spaCy's PERSON entities, without the titles and honorifics NER sometimes includes.

    A known name inside a longer person name ("Washington" in "George Washington") yields to the
    person; a person entity that is all known name ("Politico") yields to the name.
    """
    starts = {unit.start: unit for unit in units}
    by_token = {i: unit for unit in units for i in range(unit.start, unit.end)}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        start, end = ent.start, ent.end
        while start < end and (start in starts and starts[start].what in ("role", "actor", "anaphor")
                               or not doc[start].text[:1].isupper() or doc[start].lower_ in knowledge.honorifics):
            start = starts[start].end if start in starts else start + 1
        while end > start and (doc[end - 1].text in POSSESSIVES or doc[end - 1].is_punct):
            end -= 1
        if start >= end or not doc[start].text[:1].isupper() or not doc[start].is_alpha:
            continue
        if end < len(doc) and doc[end].is_lower and doc[end].lower_ in knowledge.facility_heads:
            continue  # "Kai Tak airport", "Evin prison": a place named after no one here
        inside = {by_token[i] for i in range(start, end) if i in by_token}
        if any(u.start < start or u.end > end for u in inside):
            continue
        if any(u.start == start and u.end == end and u.what != "person" for u in inside):
            continue
        people = knowledge.people.get(span_text(doc, text, start, end).lower(), ())  # "Gary Johnson" is not "Johnson"
        if inside:
            units = [u for u in units if not any(u is other for other in inside)]
        units.append(Unit(start, end, "person", None, people))
        by_token.update({i: units[-1] for i in range(start, end)})
    return units


MAX_OUTLET_WORDS = 6  # "the Sunday Punch", "the Dallas Morning News", "Yonhap News Agency"


def _add_outlets(doc: Doc, lower: list[str], units: list[Unit], sents: list[Sentence],
                 knowledge: ActorKnowledge) -> list[Unit]:
    """News outlets the dictionary lacks: a capitalised name ending in a media word (places.yaml
    media_heads, "the Dallas Morning News", "the Kenya Times"). Its country is the country,
    demonym or capital inside the name (KENMED); none inside, it is named with no code. A name
    the dictionary knows ("the Washington Post") or a person's name keeps its own unit."""
    if not knowledge.media_heads:
        return units
    by_token = {i: unit for unit in units for i in range(unit.start, unit.end)}
    found: list[Unit] = []
    for sentence in sents:
        for i in range(sentence.start + 1, sentence.end):
            if lower[i] not in knowledge.media_heads or not doc[i].text[:1].isupper() or i in by_token:
                continue
            span = _outlet_span(doc, lower, i, sentence, by_token, knowledge)
            if span is None:
                continue
            start, end = span
            inside = [by_token[k] for k in range(start, end) if k in by_token]
            if any(unit.start < start or unit.end > end or unit.what == "person"
                   or isinstance(unit.entry, Actor) and unit.entry.source == "outlet" for unit in inside):
                continue  # (an outlet found already ends here: "the Kenya Times Post" is one name, taken once)
            country = next((unit.entry.country for unit in inside if isinstance(unit.entry, Actor)
                            and unit.entry.source in ("country", "capital")), "")
            name = doc[start:end].text
            actor = Actor(name, country + "MED" if country else "", country, "MED", "organisation", "outlet")
            found.append(Unit(start, end, "actor", actor))
            by_token.update({k: found[-1] for k in range(start, end)})
    if not found:
        return units
    taken = {k for unit in found for k in range(unit.start, unit.end)}
    return [unit for unit in units if unit.start not in taken] + found


def _outlet_span(doc: Doc, lower: list[str], head: int, sentence: Sentence, by_token: dict[int, Unit],
                 knowledge: ActorKnowledge) -> tuple[int, int] | None:
    """[start, end) of the outlet name ending at the media word `head`, or None (no name before it)."""
    end = head + 1
    if end < sentence.end and lower[end] in knowledge.media_tails and doc[end].text[:1].isupper():
        end += 1
    start = head
    while (start - 1 >= sentence.start and head - (start - 1) < MAX_OUTLET_WORDS and doc[start - 1].is_alpha
           and doc[start - 1].text[:1].isupper() and (doc[start - 1].pos_ == "PROPN" or start - 1 in by_token)):
        start -= 1
    return (start, end) if start < head else None


def _name_goes_on(doc: Doc, i: int, honorifics: frozenset[str] = frozenset()) -> bool:
    """A capitalised word follows or precedes: the given name is part of another name ("Olumide
    Kamau", "the 1994 Crime Bill"); an honorific before it is no name ("Sheikh Ahmad")."""
    after = i + 1 < len(doc) and doc[i + 1].text[:1].isupper() and doc[i + 1].is_alpha
    before = (i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha and not doc[i - 1].is_sent_start
              and doc[i - 1].lower_ not in honorifics)
    return after or before


def _add_surnames(doc: Doc, lower: list[str], units: list[Unit], sents: list[Sentence],
                  knowledge: ActorKnowledge) -> list[Unit]:
    """A surname already seen in a full name ("Alexei Meshkov") is a person wherever it recurs,
    even where NER missed it or called it a place; so is a given name ("Hillary" of "Hillary
    Clinton", resolved only when one person of the article bears it) and, for a known person of a
    country that writes the family name first, the first word ("Hu" of "Hu Jintao")."""
    surnames = {lower[u.end - 1] for u in units if u.what == "person" and u.end - u.start > 1}
    given = {lower[u.start] for u in units if u.what == "person" and u.end - u.start > 1  # "Hillary" after
             and doc[u.start].is_alpha and len(doc[u.start]) > 2} - surnames  # "Hillary Clinton": resolve decides
    surnames |= {lower[u.start] for u in units if u.what == "person" and u.end - u.start > 1
                 and any(office.code[:3] in knowledge.surname_first for person in u.people for office in person.offices)}
    if not surnames and not given:
        return units
    covered = _covered(units)
    extra = [Unit(i, i + 1, "person") for i, word in enumerate(lower)
             if (word in surnames or word in given and not _name_goes_on(doc, i, knowledge.honorifics)) and i not in covered
             and doc[i].text[:1].isupper()]
    return units + extra
