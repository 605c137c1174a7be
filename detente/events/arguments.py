"""Who did it and to whom: the source and target actors of a trigger, read from the parse.

Actors come from the actors stage's mentions: a parse token maps to the mention covering it.
The rules, in order of preference:

- A noun phrase names the actor it is (a mention covering its head), or the actor named in its
  modifiers ("Israeli troops", "Russia's mission", "the U.N. Security Council resolution"), or in
  an "of"/"from"/"by" phrase ("members of the Russian mission", "calls by Belarus's rulers");
  coordinated phrases ("Washington and Moscow") give one actor each.
- Pronouns and possessives: "we", "our mission" inside a quote are the speaker; "it", "they",
  "his country" in reported speech are the speaker ("Syria says it is willing"); otherwise the
  most recent country or organisation mentioned before them.
- A generic group ("rebels in the Ivory Coast", "refugees fleeing the war in Liberia") takes
  the country its phrase names; an unnamed one ("prisoners", "demonstrators") is kept without a
  code for the coder's fallbacks (the place's country, the source's own).
- A possessive pronoun is the subject of its clause ("the Kremlin maintains its attitude").
- A name only modifying a topic noun ("praised French cuisine"; arguments.yaml topic_heads) is
  no side; a person's name before his body ("the Trump foundation") gives the body his country,
  not his office; a possessor's own body comes before the names inside it ("the George W. Bush
  administration's request": the administration); an uncoded apposition never replaces the
  named person it describes.
- Source of a verb: its subject; a passive's "by" agent, else the other side of the fight it
  happened in ("killed in a firefight with insurgents"; fight_nouns) or the named subject of a
  "when" clause ("were killed when the suicide bomber ..."); an infinitive's controller ("urged X
  to"; under a passive its subject: "Liu is scheduled to meet"), otherwise the subject of the verb
  it depends on; a coordinated verb's shared subject; a relative clause's antecedent.
- Target of a verb: indirect and direct objects (looking through "part of", "some of"), a
  passive's subject, prepositional objects ("to", "with", "against", ...), phrases inside the
  object ("sanctions on X"), then a locative country ("lifted the curfew in X").
- Source of a noun trigger: its possessor, its "by" phrase, a demonym or name modifying it
  ("Israeli air raids", "US mediation"), "between X and Y", else the subject of the verb it is
  the object of ("Russia announced the suspension of ...", "X staged protests").
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from detente.events.lexicon import ArgumentWords, EventLexicon, SideWords
from detente.records import Mention, Quote

SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
SECTORS = frozenset({"GOV", "MIL", "OPP", "REB", "LEG", "JUD", "COP", "SPY", "MED", "BUS", "CVL", "NGO", "ELI", "IGO", "PTY", "LAB", "EDU"})
OBJECT_DEPS = frozenset({"dobj", "obj", "oprd"})
MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod", "nummod"})
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})  # Penn Treebank tags of relative pronouns ("who", "which", "that")
ACTOR_ENTITIES = frozenset({"GPE", "NORP", "ORG"})
COMPANION_ADVERBS = frozenset({"together"})  # "together with Canada, Mexico should sue": a partner, not a target


@dataclass(frozen=True)
class Actor:
    """A candidate source or target: the words naming it and the resolved actor.

    `how` says how it was found: parse (a mention linked by the parse), speaker (the speaker of
    the quote or reported clause), context (the nearest earlier mention), location (the
    sentence's place), entity (a named entity the actors stage did not resolve).
    """

    text: str
    name: str | None
    code: str | None
    country: str | None
    role: str | None
    start: int | None
    end: int | None
    how: str = "parse"
    possessed: bool = False  # named with a possessive pronoun: "its ambassador", "their forces"

    @property
    def key(self) -> str:
        """What makes two actors the same for collapsing coordinated actors (their country)."""
        return (self.country or self.code or self.text).lower()

    @property
    def identity(self) -> str:
        """What makes two actors the same actor (their full code: RWAREB is not RWAGOV)."""
        return (self.code or self.text).lower()

    @classmethod
    def of_mention(cls, mention: Mention, how: str = "parse") -> Actor:
        return cls(mention.text, mention.name, mention.code, mention.country, mention.role, mention.start, mention.end, how)

    def moved(self, how: str) -> Actor:
        return replace(self, how=how)


@dataclass
class DocContext:
    """One article's parse with the lookups the coder needs; built once per document."""

    doc: Doc
    text: str
    lexicon: EventLexicon
    mentions: Sequence[Mention]
    quotes: Sequence[Quote]
    token_mention: dict[int, Mention] = field(default_factory=dict)
    codes_country: dict[str, str] = field(default_factory=dict)
    sentence_starts: list[int] = field(default_factory=list)  # character offsets, in order
    placed_roles: dict[str, str] = field(default_factory=dict)  # group role -> the country a place last gave it

    @property
    def words(self) -> ArgumentWords:
        """The argument reader's words (arguments.yaml with the user's files), read with the lexicon."""
        return self.lexicon.argument_words

    @property
    def sides(self) -> SideWords:
        """Which words may fill a side (actor_sides.yaml with the user's files), read with the lexicon."""
        return self.lexicon.side_words

    @classmethod
    def of(cls, doc: Doc, lexicon: EventLexicon, mentions: Sequence[Mention], quotes: Sequence[Quote]) -> DocContext:
        context = cls(doc, doc.text, lexicon, sorted(mentions, key=lambda m: m.start), sorted(quotes, key=lambda q: (q.start, -q.end)))
        starts = [token.idx for token in doc]
        kept = []
        for mention in context.mentions:
            first = max(0, bisect_right(starts, mention.start) - 1)
            covered = []
            for index in range(first, len(doc)):
                token = doc[index]
                if token.idx >= mention.end:
                    break
                if token.idx + len(token) > mention.start:
                    covered.append(index)
            named = [index for index in covered if doc[index].dep_ not in {"det", "punct", "case"}]
            if named and all(sponsor_modifier(doc[index], lexicon) for index in named):
                continue  # "Ethiopian-backed forces": the sponsor, never a side through this phrase
            if named and all(participle_modifier(doc[index], context.sides.origin_participles) for index in named):
                continue  # "the Iraqi-born cleric": where he comes from, not whose he is (actor_sides.yaml)
            if covered and mention.kind != "person" and any(
                    _modified_head(context, doc[index], mention) is not None for index in covered):
                continue  # "praised French cuisine": a topic's modifier, never a side (not even from context)
            kept.append(mention)
            for index in covered:
                context.token_mention.setdefault(index, mention)
            if mention.code and mention.country:
                context.codes_country.setdefault(mention.code, mention.country)
        context.mentions = kept
        if doc.has_annotation("SENT_START"):
            context.sentence_starts = [sentence.start_char for sentence in doc.sents]
        return context

    def previous_sentence_start(self, offset: int) -> int:
        """Where the sentence before the one holding `offset` starts (0 at the start)."""
        index = bisect_right(self.sentence_starts, offset) - 1
        return self.sentence_starts[max(0, index - 1)] if self.sentence_starts else 0

    def quote_at(self, offset: int) -> Quote | None:
        """The innermost quote whose content contains `offset`."""
        best = None
        for quote in self.quotes:
            if quote.start > offset:
                break
            if quote.start <= offset < quote.end and (best is None or quote.end - quote.start < best.end - best.start):
                best = quote
        return best

    def speaker_actor(self, quote: Quote) -> Actor | None:
        """The actor a quote's speaker stands for (the mention under the speaker's words if any)."""
        speaker = quote.speaker
        if speaker is None:
            return None
        if speaker.start is not None and speaker.end is not None:
            for mention in self.mentions:
                if mention.start < speaker.end and speaker.start < mention.end and (mention.code or mention.country):
                    return Actor(speaker.text, mention.name, mention.code, mention.country, mention.role, speaker.start, speaker.end, "speaker")
        if not speaker.code:
            return None
        country = self.codes_country.get(speaker.code) or (speaker.code[:3] if speaker.code[:3].isalpha() else None)
        role = speaker.code[3:6] or None if country and speaker.code.startswith(country) else None
        return Actor(speaker.text, speaker.name, speaker.code, country, role, speaker.start, speaker.end, "speaker")


@dataclass(frozen=True)
class Clause:
    """What the coder knows about the speech situation of one trigger: the speaker, the quote,
    whether the words are reported, and where the reported words start (a character offset)."""

    speaker: Actor | None
    quote_id: str | None
    reported: bool
    start: int | None = None


def speech_situation(context: DocContext, token: Token) -> Clause:
    """The quote a token sits in, or the speech verb whose reported clause holds it."""
    quote = context.quote_at(token.idx)
    held = _holder_clause(context, token)
    if held is not None:
        return Clause(held[0], quote.id if quote is not None else None, True, held[1])
    governed = _speech_verb_clause(context, token)
    if quote is not None:
        speaker = context.speaker_actor(quote)
        if speaker is None and governed is not None:
            speaker = governed[0]
        return Clause(speaker, quote.id, True, quote.start)
    if governed is not None:
        return Clause(governed[0], None, True, governed[1])
    return Clause(None, None, False)


def _speech_verb_clause(context: DocContext, token: Token) -> tuple[Actor | None, int] | None:
    """(speaker, clause start) when the token sits in a clause a speech verb governs ("X said that ...")."""
    current = token
    for _ in range(8):
        head = current.head
        if head.i == current.i:
            return None
        if current.dep_ in {"ccomp", "parataxis"} and head.lemma_.lower() in context.lexicon.speech_verbs:
            subjects = [child for child in head.children if child.dep_ in SUBJECT_DEPS]
            speaker = _first(actor_of(context, subjects[0], Clause(None, None, False))) if subjects else None
            return (speaker.moved("speaker") if speaker else None), current.left_edge.idx
        current = head
    return None


def _holder_clause(context: DocContext, token: Token) -> tuple[Actor, int] | None:
    """(holder, clause start) when the token sits in the content clause of a noun a named actor
    holds, below any speech verb ("he was skeptical of US officials' confidence that Russia was
    involved in hacking ..."): the content is the holder's claim or belief, not the words of
    whoever speaks of it (real-news audit, issue 11: the skeptic was made to accuse Russia)."""
    current = token
    for _ in range(8):
        head = current.head
        if head.i == current.i or (current.dep_ in {"ccomp", "parataxis"} and head.lemma_.lower() in context.lexicon.speech_verbs):
            return None
        if current.dep_ in {"acl", "ccomp"} and head.pos_ == "NOUN" and current.i > head.i:
            holder = next((_first(actor_of(context, child, Clause(None, None, False))) for child in head.children
                           if child.dep_ == "poss" and child.tag_ not in {"PRP$", "WP$"}), None)
            if holder is not None and (holder.code or holder.country):
                return holder.moved("speaker"), current.left_edge.idx
            return None
        current = head
    return None


def sponsor_modifier(token: Token, lexicon: EventLexicon) -> bool:
    """A word inside a sponsoring participle modifier: "Ethiopian" in "Ethiopian-backed forces",
    "US" in "a US-brokered truce" (the participle's lemma in `event_sides.sponsor_participles`)."""
    return participle_modifier(token, lexicon.sponsor_participles)


def participle_modifier(token: Token, participles: frozenset[str]) -> bool:
    """A word inside a participle modifier of a noun whose lemma is listed: "Ethiopian" in
    "Ethiopian-backed forces" (sponsors), "Iraqi" in "the Iraqi-born cleric" (origins)."""
    if not participles:
        return False
    current = token
    for _ in range(3):
        head = current.head
        if head.i == current.i or current.dep_ not in {"npadvmod", "compound", "amod", "nmod", "advmod", "punct", "nsubj"}:
            return False
        if head.lemma_.lower() in participles and head.tag_ in {"VBN", "VBD", "JJ"} \
                and head.dep_ in {"amod", "compound", "acl", "nmod"} and head.i > token.i and head.head.pos_ in {"NOUN", "PROPN"}:
            return True
        current = head
    return False


# ---- noun phrases


def actors_of_phrase(context: DocContext, head: Token, clause: Clause, exclude: frozenset[int] = frozenset()) -> list[Actor]:
    """The actors a noun phrase names, one per coordinated member ("Washington and Moscow")."""
    found = []
    for member in [head, *conjuncts(head)]:
        if member.i in exclude:
            continue
        actor = _first(actor_of(context, member, clause))
        if actor is not None:
            found.append(actor)
            # "U.S. and Russian negotiators", "French and Egyptian warships": coordinated modifiers
            for child in member.lefts:
                others = conjuncts(child) if child.dep_ in {"amod", "compound", "nmod"} else []
                for other in (child, *others) if others else ():
                    mention = context.token_mention.get(other.i)
                    if mention is not None and mention.country:
                        found.append(Actor.of_mention(mention))
    return found


def nominal_from_sides(context: DocContext, token: Token, clause: Clause) -> tuple[list[Actor], list[Actor]] | None:
    """(sources, targets) of a noun whose "from" phrase names its doer ("threats from Beijing",
    "praise from Putin"; arguments.yaml from_source_nouns), else None. The target is the subject
    of the verb the noun hangs from ("Taiwan faced criticism from Beijing", "Denmark filed the
    resolution despite threats from China"): who receives the threat or the praise. A possessor
    or a "by" phrase names the doer itself ("China's threats"), so the noun is left to the
    general rules. "from" is read on the noun or, for a receiving verb ("drew praise from X"),
    on the verb the noun is the object of."""
    words = context.words
    if token.lemma_.lower() not in words.from_source_nouns or token.pos_ != "NOUN":
        return None
    if any(child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ == "by") for child in token.children):
        return None
    verb = _holding_verb(token)
    holders = [token]
    if verb is not None and token.dep_ in OBJECT_DEPS and verb.lemma_.lower() in words.receiving_verbs:
        holders.append(verb)
    sources = [actor for holder in holders for child in holder.children if child.dep_ == "prep" and child.lower_ == "from"
               for pobj in child.children if pobj.dep_ == "pobj" for actor in actors_of_phrase(context, pobj, clause)
               if actor.code or actor.country]
    if not sources:
        return None
    targets: list[Actor] = []
    if verb is not None:
        for head in subject_heads(verb, context.lexicon.object_control_verbs, fight_nouns=context.words.fight_nouns)[0]:
            targets.extend(actors_of_phrase(context, head, clause))
    taken = {(actor.start, actor.end) for actor in sources} | {actor.key for actor in sources}
    targets = [actor for actor in targets if (actor.start, actor.end) not in taken and actor.key not in taken]
    return sources, targets


def _holding_verb(token: Token) -> Token | None:
    """The verb a noun is the object of ("faced threats"), or whose prepositional phrase holds it
    ("despite threats", "under pressure"); None when the noun is a subject."""
    current = token
    for _ in range(3):
        head = current.head
        if head.i == current.i:
            return None
        if current.dep_ in {"dobj", "obj", "nsubjpass"} and head.pos_ in {"VERB", "AUX"}:
            return head
        if current.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in {"VERB", "AUX"}:
            return head.head
        if current.dep_ != "conj":
            return None
        current = head
    return None


def conjuncts(token: Token) -> list[Token]:
    """The members coordinated with `token` ("Iran and Turkey", "Iran, Libya and Cuba")."""
    found = []
    stack = [child for child in token.children if child.dep_ == "conj"]
    while stack and len(found) < 12:
        member = stack.pop(0)
        found.append(member)
        stack.extend(child for child in member.children if child.dep_ == "conj")
    return found


def actor_of(context: DocContext, token: Token, clause: Clause, depth: int = 0) -> list[Actor]:
    """The actor one noun phrase head names (a list of at most one; empty when none).

    A place or occasion in a locative phrase names no country ("arrested at Hong Kong's airport":
    where, not who); a person or body named in it still is one ("blew himself up at the governor's
    house": the governor)."""
    found = _actor_of(context, token, clause, depth)
    if found and token.i not in context.token_mention and is_venue(context, token):
        return [actor for actor in found if actor.code != actor.country and actor.role not in {None, "IGO", "NGO"}]
    return found


def _actor_of(context: DocContext, token: Token, clause: Clause, depth: int = 0) -> list[Actor]:
    mention = context.token_mention.get(token.i)
    lexicon = context.lexicon
    if mention is not None and (body := _modified_head(context, token, mention)) is not None:
        return _body_of(context, body, mention)
    if mention is not None and (mention.code or mention.country):
        possessed = any(child.dep_ == "poss" and child.tag_ == "PRP$" for child in token.children)
        actor = replace(Actor.of_mention(mention), possessed=possessed)
        if mention.country is None and mention.code in SECTORS and depth < 3:  # "the judiciary", "the rebels": whose?
            if _outsider(context, token):
                return [replace(actor, how="outsider")]
            owner = _country_near(context, token, clause, depth)
            if owner is not None:
                actor = _owned_by(actor, owner, mention.code)
        return [actor]
    if mention is not None and mention.resolved_by == "outlet":  # "the Dallas Morning News": named, no code
        return [Actor.of_mention(mention, "entity")]
    if mention is not None and mention.kind == "person" and token.pos_ == "PROPN":
        return [Actor.of_mention(mention, "entity")]  # "Ruggiero met Li Lanqing": a person no one placed, no country
    if token.pos_ == "PRON" and token.tag_ not in {"PRP", "PRP$"} and depth < 3:
        inner = _of_object(token)  # "some of the participants", "each of them": the group they are part of
        if inner is not None:
            return actor_of(context, inner, clause, depth + 1)
    if token.pos_ == "PRON" or token.tag_ in {"PRP", "PRP$"}:
        return _pronoun(context, token, clause)
    if token.tag_ in RELATIVE_TAGS and token.head.dep_ == "relcl":
        return actor_of(context, token.head.head, clause, depth + 1) if depth < 3 else []
    for child in reversed(list(token.lefts)):  # the closest modifier first: "Washington's NATO partners"
        if child.dep_ not in MODIFIER_DEPS:
            continue
        if child.dep_ == "poss" and child.tag_ in {"PRP", "PRP$"}:
            if token.lemma_.lower() in lexicon.own_words | lexicon.group_nouns:  # "his country", "their forces"
                return _pronoun(context, child, clause)
            continue
        own = context.token_mention.get(child.i)  # the modifier's own head before the names inside it:
        if own is not None and (own.code or own.country) and own.kind != "person":  # "the Bush administration's"
            return [Actor.of_mention(own)]
        for sub in child.subtree:
            found = context.token_mention.get(sub.i)
            if found is not None and (found.code or found.country):
                if found.kind == "person" and token.lemma_.lower() in context.words.person_bodies:
                    if child.dep_ == "poss":
                        break  # "Atiku Abubakar's new party": the body acts, not the man (its name follows)
                    return _body_of(context, token, found)  # "the Trump foundation": the body, his country
                if child.dep_ != "poss" and token.lemma_.lower() in context.words.topic_heads:
                    break  # "praised French cuisine": what is dealt with, not who
                return [Actor.of_mention(found)]
    if depth < 3:
        for child in token.rights:
            if child.dep_ == "appos":  # "Salaheddine Sidhoum, Algeria's leading activist"
                found = actor_of(context, child, clause, depth + 1)
                if found and mention is not None and not (found[0].code or found[0].country):
                    return [Actor.of_mention(mention, "entity")]  # "X, a Democrat who ...": the man named, not "Democrat"
                if found:
                    return found
        for pobj in _doers(context, token) + [pobj for child in token.rights
                                             if child.dep_ == "prep" and child.lower_ in lexicon.actor_of_prepositions
                                             for pobj in child.children if pobj.dep_ == "pobj"]:
            found = actor_of(context, pobj, clause, depth + 1)
            if found:
                return found
        if token.lemma_.lower() in lexicon.group_nouns:
            for child in token.rights:
                if child.dep_ == "prep" and child.lower_ in lexicon.locative_prepositions:
                    for pobj in (c for c in child.children if c.dep_ == "pobj"):
                        found = context.token_mention.get(pobj.i)
                        if found is not None and found.country:
                            return [Actor.of_mention(found)]
    if token.ent_type_ in ACTOR_ENTITIES and token.pos_ == "PROPN":
        return [_entity(context, token)]
    if token.lemma_.lower() in lexicon.group_nouns and token.pos_ == "NOUN" and _outsider(context, token):
        return [Actor(_phrase_text(context, token), None, None, None, None, token.left_edge.idx, token.idx + len(token),
                      "outsider")]  # "foreign forces": no country, not even the source's own
    if token.lemma_.lower() in lexicon.group_nouns and token.pos_ == "NOUN":  # "prisoners", "demonstrators": unnamed
        for sub in token.subtree:  # "refugees fleeing the war in Liberia", "parties to the conflict in Iraq"
            found = context.token_mention.get(sub.i)
            if found is not None and found.kind == "country" and found.country and sub.i != token.i \
                    and not _under_agent(sub, token):
                return [Actor(_phrase_text(context, token), None, found.country, found.country, None, token.left_edge.idx,
                              token.idx + len(token), "parse")]
        return [Actor(_phrase_text(context, token), None, None, None, None, token.left_edge.idx, token.idx + len(token), "group")]
    return []


def _of_object(token: Token) -> Token | None:
    """The object of a word's "of" phrase ("some of the delegates" -> "delegates"), if any."""
    return next((pobj for child in token.children if child.dep_ == "prep" and child.lower_ == "of"
                 for pobj in child.children if pobj.dep_ == "pobj"), None)


def _doers(context: DocContext, token: Token) -> list[Token]:
    """Who does what a noun names, by its "by" phrase, own or of a participle modifying it: "the
    interference in Lebanon's affairs by Syria", "the demonstration staged by students"
    (arguments.yaml doer_prepositions). It is the phrase's actor before its "of" or "from"
    phrases (the affairs are Lebanon's; Syria interferes). Not for a group noun or a body: "a
    group branded by the United States" is no American group."""
    if token.lemma_.lower() in context.lexicon.group_nouns or token.pos_ != "NOUN":
        return []
    found = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in context.words.doer_prepositions:
            found.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ == "acl" and child.tag_ == "VBN":
            found.extend(pobj for agent in child.children if agent.dep_ == "agent"
                         for pobj in agent.children if pobj.dep_ == "pobj")
    return found


def is_venue(context: DocContext, token: Token) -> bool:
    """A place or occasion noun in a locative phrase ("at Hong Kong's airport", "on the sidelines of
    the summit", "in UN Security Council resolutions"; actor_sides.yaml venue_nouns): the names
    inside it say where, so it names no side."""
    if token.lemma_.lower() not in context.sides.venue_nouns or token.pos_ != "NOUN":
        return False
    current = token
    for _ in range(4):  # "at the sidelines of the summit": up through "of" phrases of venues
        if current.dep_ in {"conj", "appos"} and current.head.i != current.i:
            current = current.head
            continue
        if current.dep_ != "pobj" or current.head.dep_ != "prep":
            return False
        preposition = current.head
        if preposition.lower_ in context.lexicon.locative_prepositions or preposition.lower_ in {"on", "during"}:
            return True
        if preposition.lower_ != "of" or preposition.head.lemma_.lower() not in context.sides.venue_nouns:
            return False
        current = preposition.head
    return False


def _modified_head(context: DocContext, token: Token, mention: Mention) -> Token | None:
    """The noun a name only modifies when that noun, not the name, is the argument: a topic
    ("praised French cuisine"; arguments.yaml topic_heads) or a person's body ("the Trump foundation", "the
    Clinton campaign": person_bodies); else None. A possessive names an owner and is not read here."""
    if token.dep_ not in {"amod", "compound", "nmod"}:
        return None
    head = token.head
    while head.dep_ in {"amod", "compound", "nmod"} and head.head.i != head.i and head.pos_ in {"PROPN", "ADJ"}:
        head = head.head  # "the New York-based group": the word the whole name modifies
    if mention.start <= head.idx < mention.end or head.pos_ != "NOUN":
        return None
    lemma = head.lemma_.lower()
    if mention.kind == "person":
        return head if lemma in context.words.person_bodies else None
    if lemma not in context.words.topic_heads or context.lexicon.rules_for("noun", lemma):
        return None  # an event noun's modifier is its doer ("a US lawsuit against X"): the coder's to read
    return head


def _body_of(context: DocContext, head: Token, mention: Mention) -> list[Actor]:
    """The actor a noun a name modifies stands for: a person's body is of his country with no
    role of his ("the Trump foundation" is no government even when Trump governs); a topic is
    no actor."""
    if mention.kind != "person" or head.lemma_.lower() not in context.words.person_bodies or not mention.country:
        return []
    return [Actor(_phrase_text(context, head), None, mention.country, mention.country, None, head.left_edge.idx,
                  head.idx + len(head), "parse")]


def _outsider(context: DocContext, token: Token) -> bool:
    """An unnamed group an adjective says is from elsewhere ("foreign forces", "outside
    governments"; arguments.yaml outsider_words)."""
    return any(child.dep_ in {"amod", "compound"} and child.lower_ in context.words.outsider_words
               for child in token.lefts)


def _owned_by(actor: Actor, owner: Actor, sector: str) -> Actor:
    """A sector-only actor given its owner: a country's sector ("RUS" + "MIL"), or an
    organisation's own code with the sector as its role ("a soldier from a NATO-led force":
    IGOWSTNAT, not "NATOMIL")."""
    if owner.code and owner.country and not owner.code.startswith(owner.country):
        return replace(actor, code=owner.code, country=owner.country, role=sector)
    return replace(actor, code=(owner.country or "") + sector, country=owner.country, role=sector)


def _under_agent(token: Token, top: Token) -> bool:
    """Whether `token` sits in a passive's "by" phrase, a relative clause or a past participle's
    phrase below `top`: "a group branded by the United States", "fighters who were trained in
    Iran" name another actor; "troops deployed in Ivory Coast" say where they are, not whose."""
    current = token
    while current.i != top.i and current.head.i != current.i:
        if current.dep_ in {"agent", "relcl"} or (current.dep_ == "acl" and current.tag_ == "VBN"):
            return True
        current = current.head
    return False


def _phrase_text(context: DocContext, token: Token) -> str:
    start = token.left_edge.idx
    return context.text[start : token.idx + len(token)]


def _country_near(context: DocContext, token: Token, clause: Clause, depth: int) -> Actor | None:
    """The country a sector-only phrase belongs to, from its modifiers ("Algeria's activist")."""
    for child in token.children:
        if child.dep_ in MODIFIER_DEPS or (child.dep_ == "prep" and child.lower_ in context.lexicon.actor_of_prepositions):
            for sub in child.subtree:
                found = context.token_mention.get(sub.i)
                if found is not None and found.country and sub.i != token.i:
                    return Actor.of_mention(found)
    return None


def _entity(context: DocContext, token: Token) -> Actor:
    """An unresolved named entity: the words, no code (better than losing the actor)."""
    doc = context.doc
    start = end = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    span = doc[start : end + 1]
    return Actor(span.text, span.text, None, None, None, span.start_char, span.end_char, "entity")


def _pronoun(context: DocContext, token: Token, clause: Clause) -> list[Actor]:
    """A pronoun: "we" and "our" in a quote are the speaker; a possessive is the subject of its
    clause ("the Kremlin maintains its attitude"); in reported speech a third-person pronoun is an
    actor named earlier in the reported words, else the speaker; otherwise the nearest earlier
    country or organisation."""
    lexicon = context.lexicon
    lower = token.lower_
    if token.dep_ == "poss" and lower in {"its", "their", "his", "her"}:
        owner = _clause_subject(context, token, clause)
        if owner:
            return owner
    if lower in lexicon.first_person:
        return [clause.speaker] if clause.speaker is not None and clause.quote_id is not None else []
    if lower in lexicon.expletives and any(child.dep_ in {"xcomp", "ccomp"} for child in token.head.children):
        return [clause.speaker] if clause.speaker is not None else []
    if clause.reported and lower in {"it", "its", "they", "their", "them", "he", "she", "his", "her"}:
        earlier = _nearest_before(context, token, clause.start) if clause.start is not None else []
        if earlier:  # "Albanians have sworn to fight until they gain control": the clause's own actor
            return earlier
        if clause.speaker is not None and (clause.speaker.start is None or not (clause.speaker.start <= token.idx < (clause.speaker.end or 0))) \
                and not (lower in context.words.plural_pronouns and _is_person(context, clause.speaker)):
            return [clause.speaker]  # "they" in a minister's words is not the minister: an earlier group
    if lower in {"it", "its", "they", "their", "them"}:
        return _nearest_before(context, token)
    return []


def _is_person(context: DocContext, actor: Actor) -> bool:
    """Whether an actor's words are a person's mention (a speaker who is one man or woman)."""
    if actor.start is None:
        return False
    return any(mention.kind == "person" and mention.start <= actor.start < mention.end for mention in context.mentions)


def _clause_subject(context: DocContext, token: Token, clause: Clause) -> list[Actor]:
    """The named subject of the verb whose argument a possessive pronoun modifies."""
    current = token.head
    for _ in range(4):
        if current.pos_ in {"VERB", "AUX"}:
            break
        if current.head.i == current.i:
            return []
        current = current.head
    else:
        return []
    heads, _ = subject_heads(current, frozenset(), fight_nouns=context.words.fight_nouns)
    found = []
    for head in heads:
        if head.tag_ in {"PRP", "PRP$"} or head.i == token.i:
            continue
        mention = context.token_mention.get(head.i)
        if mention is not None and (mention.code or mention.country):
            found.append(Actor.of_mention(mention))
    return found


def _nearest_before(context: DocContext, token: Token, floor: int | None = None) -> list[Actor]:
    """The most recent country, organisation or group mention after `floor` (default: the start
    of the previous sentence)."""
    if floor is None:
        floor = context.previous_sentence_start(token.idx)
    for mention in reversed(context.mentions):
        if mention.start >= token.idx:
            continue
        if mention.start < floor:
            break
        if mention.kind in {"country", "organisation", "group"} and mention.country:
            return [Actor.of_mention(mention, "context")]
    return []


def _first(actors: list[Actor]) -> Actor | None:
    return actors[0] if actors else None


# ---- verbs


def is_passive(token: Token) -> bool:
    """A passive verb, or a past participle modifying a noun or a clause ("representatives
    accused of espionage", "when asked to comment")."""
    children = list(token.children)
    if any(child.dep_ in {"nsubjpass", "auxpass"} for child in children):
        return True
    if token.tag_ != "VBN" or any(child.dep_ in {"aux", "nsubj"} for child in children):
        return False
    return (token.dep_ == "acl" and not misparsed_main_verb(token)) or token.dep_ == "advcl"


def active_after_passive(token: Token) -> bool:
    """An active verb coordinated with a passive one ("X was indicted by the court and will
    resign", "... and has resigned"): its doer is the passive's subject, not its agent. A bare
    past form ("was arrested and jailed") may share the passive and is not taken as one."""
    if token.dep_ != "conj" or not is_passive(token.head) or token.pos_ not in {"VERB", "AUX"}:
        return False
    children = list(token.children)
    if any(child.dep_ in {"nsubj", "nsubjpass", "auxpass"} for child in children):
        return False
    return token.tag_ in {"VB", "VBZ", "VBP"} or any(child.dep_ == "aux" for child in children)


def misparsed_main_verb(token: Token) -> bool:
    """"Doctors from aid groups donated goods": the parser made the main verb a participle of a
    noun that heads the whole sentence; then that noun phrase is its subject."""
    if token.dep_ != "acl" or token.tag_ not in {"VBN", "VBD"}:
        return False
    root = sentence_root(token)
    if root.pos_ not in {"NOUN", "PROPN"}:
        return False
    return not any(child.dep_ in {"auxpass", "agent"} for child in token.children)


def sentence_root(token: Token) -> Token:
    root = token
    for _ in range(60):
        if root.head.i == root.i:
            break
        root = root.head
    return root


def subject_heads(token: Token, object_control: frozenset[str], depth: int = 0, *,
                  fight_nouns: frozenset[str] = frozenset()) -> tuple[list[Token], bool]:
    """The noun phrase heads of the doer of a verb (or adjective) and whether it was found on the
    verb itself. `fight_nouns` (arguments.yaml, `EventLexicon.argument_words`): a passive's doer
    may be the other side of the fight it happened in."""
    if depth > 4:
        return [], False
    children = list(token.children)
    if misparsed_main_verb(token):
        return [sentence_root(token)], True
    if is_passive(token):
        agents = [pobj for child in children if child.dep_ == "agent" for pobj in child.children if pobj.dep_ == "pobj"]
        return agents or _implicit_agents(token, fight_nouns), True
    subjects = [child for child in children if child.dep_ in SUBJECT_DEPS]
    if subjects:
        subject = subjects[0]
        if subject.tag_ in RELATIVE_TAGS and token.dep_ == "relcl":
            return [token.head], True
        return [subject], True
    head = token.head
    if head.i == token.i:
        return [], False
    if token.dep_ in {"acomp", "attr", "oprd"}:  # "X is ready to", "X remained open"
        return subject_heads(head, object_control, depth + 1, fight_nouns=fight_nouns)
    if token.dep_ == "xcomp" and is_passive(head) and head.dep_ != "acl":
        patients = [child for child in head.children if child.dep_ == "nsubjpass"]
        if patients:  # "Liu is scheduled to meet", "Iran was urged by the EU to halt": the passive's subject
            return patients, False
    if token.dep_ == "xcomp":
        objects = [child for child in head.children if child.dep_ in {"dobj", "dative"}]
        if objects and head.lemma_.lower() in object_control:
            return objects, False
        return subject_heads(head, object_control, depth + 1, fight_nouns=fight_nouns)
    if token.dep_ in {"conj", "advcl", "pcomp", "ccomp"} and head.pos_ in {"VERB", "AUX", "ADJ"}:
        if token.dep_ == "ccomp":
            return [], False
        if active_after_passive(token):  # "X was indicted by the court and will resign": X resigns, not the court
            return [child for child in head.children if child.dep_ == "nsubjpass"], False
        if token.dep_ == "advcl" and token.tag_ not in {"VBG", "VB", "VBN"}:
            return [], False
        return subject_heads(head, object_control, depth + 1, fight_nouns=fight_nouns)
    if token.dep_ == "pcomp" and head.head.i != head.i and head.head.pos_ in {"VERB", "AUX"}:
        governor = head.head
        if is_passive(governor):  # "nationals suspected of blowing up": the passive's subject did it
            patients = [child for child in governor.children if child.dep_ == "nsubjpass"]
            return (patients or [governor.head] if governor.dep_ == "acl" else patients), False
        return subject_heads(governor, object_control, depth + 1, fight_nouns=fight_nouns)
    if token.dep_ == "relcl" or (token.dep_ == "acl" and token.tag_ == "VBG"):
        return [head], False
    if token.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in children):  # "Trump's attempts to improve ties"
        owners = [c for c in head.children if c.dep_ == "poss" or any(g.dep_ == "case" for g in c.children)]
        if owners:
            return owners, False
    return [], False


def _implicit_agents(token: Token, fight_nouns: frozenset[str]) -> list[Token]:
    """The doer of a passive with no "by" phrase, where the sentence still says who: the other
    side of the fight it happened in ("a soldier was killed in a firefight with insurgents",
    "killed in clashes with police"; arguments.yaml fight_nouns), or the named subject of a
    "when" clause ("were killed when the suicide bomber sneaked in", "... when police opened
    fire"; not a pronoun, which is as often the victim himself)."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"in", "during"}:
            for fight in (c for c in child.children if c.dep_ == "pobj" and c.lemma_.lower() in fight_nouns):
                return [pobj for prep in fight.children if prep.dep_ == "prep" and prep.lower_ == "with"
                        for pobj in prep.children if pobj.dep_ == "pobj"]
        if child.dep_ == "advcl" and any(c.dep_ == "advmod" and c.lower_ == "when" for c in child.children):
            subjects = [c for c in child.children if c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"}]
            if subjects:
                return subjects[:1]
    return []


def through_partitive(token: Token, lexicon: EventLexicon) -> Token:
    """"part of a military aid program" -> "program"."""
    for _ in range(3):
        if token.lemma_.lower() not in lexicon.partitives and token.pos_ != "NUM":
            return token
        nxt = next((pobj for child in token.children if child.dep_ == "prep" and child.lower_ == "of"
                    for pobj in child.children if pobj.dep_ == "pobj"), None)
        if nxt is None:
            return token
        token = nxt
    return token


def object_heads(token: Token, lexicon: EventLexicon) -> list[Token]:
    """A verb's object heads, in order: indirect object, direct object, passive subject."""
    found = []
    for child in token.children:
        if child.dep_ == "dative":
            found.append(child)
    for child in token.children:
        if child.dep_ in OBJECT_DEPS:
            found.append(through_partitive(child, lexicon))
    if is_passive(token):
        found.extend(child for child in token.children if child.dep_ == "nsubjpass")
        if token.dep_ == "acl" and token.tag_ == "VBN":
            found.append(token.head)
    return found


def preposition_objects(token: Token, prepositions: frozenset[str]) -> list[Token]:
    """Objects of the listed prepositions hanging from `token` ("to Britain", "with Russia"); not
    a companion's ("together with Canada": `companion`)."""
    found = []
    for child in token.children:
        if child.dep_ in {"prep", "dative"} and child.lower_ in prepositions and not companion(child):
            objects = [pobj for pobj in child.children if pobj.dep_ == "pobj"]
            found.extend(objects or _stranded_object(child))
        elif child.dep_ == "prt":  # "pull out of X": the particle's own preposition
            for grand in child.children:
                if grand.dep_ == "prep" and grand.lower_ in prepositions:
                    found.extend(pobj for pobj in grand.children if pobj.dep_ == "pobj")
    return found


def companion(preposition: Token) -> bool:
    """A preposition that names who acts along with the subject ("together with Canada, Mexico
    should sue", "Mexico, together with Canada, filed"): the parser hangs "with" from the verb
    and "together" from "with", so the partner would be read as the one acted on."""
    return any(child.dep_ == "advmod" and child.lower_ in COMPANION_ADVERBS for child in preposition.children)


def _stranded_object(preposition: Token) -> list[Token]:
    """The object of a preposition the parser left empty because a participle followed it:
    "granted asylum to five officers holed up in a residence" parsed as the clause "officers
    holed up ..." hanging from the verb. The subject of that clause, starting right after the
    preposition, is the object."""
    verb = preposition.head
    for clause in verb.children:
        if clause.dep_ not in {"advcl", "ccomp", "conj"} or clause.i <= preposition.i:
            continue
        subjects = [child for child in clause.children if child.dep_ in {"nsubj", "nsubjpass"}]
        if subjects and subjects[0].left_edge.i == preposition.i + 1 and subjects[0].pos_ in {"NOUN", "PROPN"}:
            return subjects[:1]
    return []


def nominal_governor(token: Token, lexicon: EventLexicon) -> Token | None:
    """The verb a noun trigger is the object of ("announced the suspension", "staged 10 days of protests")."""
    current = token
    for _ in range(4):
        head = current.head
        if head.i == current.i:
            return None
        if current.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in lexicon.partitives | lexicon.time_units:
            current = head.head
            continue
        if current.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in lexicon.nominal_climb_prepositions and head.head.pos_ in {"VERB", "AUX"}:
            return head.head
        if current.dep_ in {"dobj", "attr", "oprd", "nsubjpass", "obj"} and head.pos_ in {"VERB", "AUX"}:
            return head
        if current.dep_ == "conj":
            current = head
            continue
        return None
    return None

