"""Cues and speakers read off the dependency parse: small functions over spaCy tokens.

A cue is a verb of the lexicon (or a speech noun such as "claim"); its speaker is its
subject, found through the parse's usual detours: conjuncts and participles inherit the
subject of their head ("..., adding that", "published it by announcing that"), "cited
officials as saying" gives the object and "X was quoted as saying" the passive subject, a
passive gives its "by" agent, a relative "who" its antecedent, a common noun with a named
appositive gives the name ("a spokeswoman for the Alliance, Oana Lungescu"), a dateline is
skipped ("London — Foreign Secretary X said"), and a verb the parser left without subject
takes the name right before it. What a cue reports is a clause (`reported_clauses`,
`noun_clauses`) or, for verbs of judging and asking, its complement (`complement_range`,
`request_range`).
"""

from __future__ import annotations

from spacy.tokens import Token

from detente.quotes.lexicon import QuoteLexicon

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
# dependency labels that start a new clause: a quote under one is reported, not governed
CLAUSE_BOUNDARIES = frozenset({"ccomp", "advcl", "relcl", "csubj", "parataxis"})
# children left out of a speaker's words: the clause about them, asides, punctuation
SPEAKER_DROPPED = frozenset({"relcl", "acl", "appos", "punct", "advcl", "parataxis", "prep"})
PRONOUN_TAGS = frozenset({"PRP", "WP"})
# what a verb of judging or asking says about its object: "accused X of Y", "called X Y"
COMPLEMENTS = frozenset({"dobj", "dative", "oprd", "xcomp", "ccomp", "acomp", "attr"})
CONTENT_PREPOSITIONS = frozenset({"for", "of", "as", "against", "about", "over", "to", "on", "into", "with"})
# labels a misparsed "that" complement can carry instead of ccomp
LOOSE_CLAUSES = frozenset({"advcl", "dep", "parataxis", "conj", "xcomp", "acl", "relcl"})
# entity types of a preposition's object that tell where or when something was said ("in Ohio")
SETTING_ENTITIES = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME"})
NOUN_CLAUSES = frozenset({"acl", "ccomp", "relcl", "appos"})
DASHES = frozenset({"—", "–", "―", "--", "-"})  # em, en dash, horizontal bar (U+2015), ASCII


def verb_key(token: Token, lexicon: QuoteLexicon) -> str:
    """The token's lemma with its particle ("point out"): a phrasal verb the lexicon does not
    list is another verb ("called off the events", "found out"), no cue. Particles that keep
    the verb's sense ("speak up", "say so") are in the lexicon's `neutral_particles`."""
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ == "prt" and child.lower_ not in lexicon.neutral_particles:
            return f"{lemma} {child.lower_}"
    return lemma


def is_verb(token: Token) -> bool:
    """Verbs, including participles the small model mislabels as adjectives ("added Lavrov")."""
    return token.pos_ == "VERB" or token.tag_.startswith("VB") and token.pos_ != "AUX"


def in_capitals(token: Token) -> bool:
    """A word of a headline or subheading in capitals ("EVEN HIS BOSS THINKS HE'S WRONG"):
    the writer's words, which report nobody."""
    return token.is_alpha and len(token.text) > 1 and token.text.isupper()


def is_cue(token: Token, lexicon: QuoteLexicon, framing: bool = True) -> bool:
    """A speech verb (or, with `framing`, a framing verb or a speech noun with a named owner);
    never a word in capitals (`in_capitals`)."""
    if in_capitals(token):
        return False
    if is_verb(token) and not is_attributive(token):
        key = verb_key(token, lexicon)
        return key in lexicon.reporting_verbs or framing and key in lexicon.framing_verbs
    if framing and token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.speech_nouns:
        return noun_owner(token) is not None
    return False


def is_attributive(token: Token) -> bool:
    """A participle used as an adjective after a determiner ("that promising opening period",
    "the reported attack", "his stated aim"): it describes a noun, nobody speaks."""
    if token.tag_ not in ("VBG", "VBN") or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    if before.dep_ in SUBJECTS and before.head.i == token.i:
        return False  # "each touting their own experience": the determiner is the participle's subject
    return before.tag_ in ("DT", "PRP$", "WP$") or token.dep_ == "amod" and token.head.pos_ == "NOUN"


def never_speaks(token: Token, lexicon: QuoteLexicon) -> bool:
    """A speaker head that is a thing, not an actor ("Photo", "signs", "the car bomb", "the
    law": the lexicon's `not_speakers`); a name the parser tagged as a person or organisation
    ("Bill") is never one."""
    if token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return False
    if token.lower_ in lexicon.not_speakers or token.lemma_.lower() in lexicon.not_speakers:
        return True
    return _thing_antecedent(token, lexicon)


def _thing_antecedent(token: Token, lexicon: QuoteLexicon) -> bool:
    """ "brain cancer, which confirmed what I knew": a common noun that speaks only through a
    relative "which"/"that" is a thing unless it is a speech noun or one of the lexicon's
    `speaker_nouns` (organisations, groups, studies: "the ministry, which said ...")."""
    if token.pos_ != "NOUN":
        return False
    relatives = [child for child in token.children if child.dep_ == "relcl"
                 and any(grand.dep_ in SUBJECTS and grand.tag_ == "WDT" for grand in child.children)]
    if not relatives:
        return False
    lemma = token.lemma_.lower()
    return lemma not in lexicon.speaker_nouns and lemma not in lexicon.speech_nouns and token.lower_ not in lexicon.speaker_nouns


def cue_text(token: Token) -> str:
    """The cue words as written: the verb with its particle ("pointed out")."""
    particles = [child for child in token.children if child.dep_ == "prt" and child.i == token.i + 1]
    return token.text if not particles else f"{token.text} {particles[0].text}"


def noun_owner(noun: Token) -> Token | None:
    """Who a speech noun belongs to: "Trump's claim", "a statement by the ministry"."""
    for child in noun.children:
        if child.dep_ == "poss" or child.dep_ == "nsubj" and any(grand.dep_ == "case" for grand in child.children):
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            objects = [grand for grand in child.children if grand.dep_ == "pobj" and grand.pos_ in ("PROPN", "PRON")]
            if objects:
                return objects[0]
    return None


def speaker_of(cue: Token, depth: int = 0) -> Token | None:
    """The speaker token of a cue (see the module docstring for the detours), or None."""
    if cue.pos_ == "NOUN":
        return noun_owner(cue)
    agent = _agent(cue)
    subjects = sorted((child for child in cue.children if child.dep_ in SUBJECTS), key=lambda child: abs(child.i - cue.i))
    if subjects:
        if subjects[0].dep_ == "nsubjpass" and _as_saying(cue):
            return _past_dateline(subjects[0])  # "X was quoted by Reuters as saying": X speaks
        quoted = next((child for child in cue.children if child.dep_ == "dobj" and child.i > cue.i), None)
        if quoted is not None and _as_saying(cue):
            return quoted  # "the newspaper quoted K.P. Sharma Oli, deputy prime minister, as saying": Oli speaks
        if subjects[0].dep_ == "nsubjpass" and agent is None:
            return None  # "it was said that": nobody is named
        subject = agent or subjects[0]
        if subject.tag_ in ("WP", "WDT") and cue.dep_ == "relcl":
            return _described_subject(cue.head)
        return _past_dateline(subject)
    if agent is not None:
        return agent
    return _inherited_speaker(cue, depth)


def _described_subject(antecedent: Token) -> Token:
    """The antecedent of a relative "who": "Trump is a serial liar and birther who has pledged
    to ...": a noun that describes the subject of a copula (its attribute, or a conjunct of it)
    is that subject, who speaks; any other antecedent speaks itself."""
    noun = antecedent
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
    copula = noun.head
    if noun.dep_ != "attr" or copula.lemma_.lower() != "be":
        return antecedent
    subject = speaker_of(copula, 1)  # "Trump incites violence and is a liar who ...": the copula's subject may be inherited
    return subject if subject is not None and subject.tag_ not in ("WP", "WDT") and subject.i < noun.i else antecedent


def mistagged_closing_cue(token: Token, lexicon: QuoteLexicon) -> Token | None:
    """ "Secrecy is not new, the candidate's former doctor maintains.": the small model takes a
    speech verb that closes the sentence right after its subject's nouns for a plural noun
    (NNS, the sentence's root) with the speaker's words as its compound and possessive. With
    a clause before it as its complement, it is the attribution closing the sentence. Returns
    the speaker's head (the compound or possessive right before it), or None."""
    if token.pos_ != "NOUN" or token.dep_ != "ROOT" or token.tag_ != "NNS" or token.lemma_.lower() not in lexicon.speech_verbs:
        return None
    following = [t for t in token.doc[token.i + 1 : token.sent.end] if not t.is_space]
    if any(not t.is_punct for t in following):
        return None
    if not any(child.dep_ == "ccomp" and child.i < token.i for child in token.children):
        return None
    before = token.doc[token.i - 1] if token.i > 0 else None
    if before is None or before.head.i != token.i or before.dep_ not in ("compound", "poss", "nmod") or before.pos_ not in ("NOUN", "PROPN"):
        return None
    return before


def _as_saying(verb: Token) -> bool:
    """ "quoted ... as saying", "cited ... as warning": an "as" with a verb under it."""
    return any(child.dep_ == "prep" and child.lower_ == "as" and any(grand.dep_ == "pcomp" and is_verb(grand) for grand in child.children) for child in verb.children)


def is_refused(verb: Token, lexicon: QuoteLexicon) -> bool:
    """ "would not say whether", "never said", "declined to say", "refused to confirm that":
    nobody said the words that follow (the lexicon's `refusal_verbs`)."""
    if any(child.dep_ == "neg" for child in verb.children):
        return True
    while verb.dep_ == "conj" and verb.head.i != verb.i:  # "refuses to release his records or explain how"
        verb = verb.head
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lexicon.refusal_verbs


def in_question(verb: Token, lexicon: QuoteLexicon) -> bool:
    """ "it was unclear whether the judges would rule that ...", "if the minister says that ...":
    a cue whose own clause opens with one of the lexicon's `question_marks` is an act in question
    or in a condition, which has not happened; nobody said its words."""
    return any(child.dep_ == "mark" and child.lower_ in lexicon.question_marks for child in verb.children)


def requested_of_object(verb: Token, lexicon: QuoteLexicon) -> bool:
    """ "encouraged his supporters to ask why ...", "urged voters to tell him that ...": a cue in
    the infinitive of a verb of requesting (`requesting_verbs`) that has an object is asked of
    that object; nobody has said anything yet."""
    head = verb.head
    if head.i == verb.i or verb.dep_ not in ("xcomp", "advcl", "ccomp") or not any(child.dep_ == "aux" and child.lower_ == "to" for child in verb.children):
        return False
    key = head.lemma_.lower()
    particle = next((child.lower_ for child in head.children if child.dep_ == "prt"), None)
    requesting = key in lexicon.requesting_verbs or (particle is not None and f"{key} {particle}" in lexicon.requesting_verbs)
    return requesting and any(child.dep_ in ("dobj", "dative") or child.dep_ == "prep" and child.lower_ == "on" for child in head.children)


def inferred_thought(verb: Token, lexicon: QuoteLexicon) -> bool:
    """ "Trump seems to think he is exempt", "the story suggests the government understands that
    ...": a verb of thinking completing a verb of seeming or evidence (`inference_verbs`) is the
    writer's (or the evidence's) inference about someone's mind, not words anyone said."""
    return verb.dep_ in ("xcomp", "ccomp") and verb.head.i != verb.i and verb.head.lemma_.lower() in lexicon.inference_verbs


def issuer(speaker: Token | None, lexicon: QuoteLexicon) -> Token | None:
    """Who issued the words a speech noun carries: "the ministry issued a statement saying ...",
    "the rebels released a video saying ...", "prompted Clinton to make a comment that described
    ..." speak through the statement; other speakers stay."""
    if speaker is None or speaker.pos_ != "NOUN" or speaker.lemma_.lower() not in lexicon.speech_nouns or speaker.dep_ != "dobj":
        return speaker
    subject = _doer(speaker.head)
    return subject if subject is not None and subject.pos_ in ("NOUN", "PROPN", "PRON") else speaker


def _doer(verb: Token) -> Token | None:
    """Who does `verb`: its subject; for an infinitive with none ("decided to issue a statement",
    "prompted Berg to make a statement"), the object of the verb above it, else that verb's subject."""
    subject = next((child for child in verb.children if child.dep_ == "nsubj"), None)
    if subject is not None or verb.dep_ != "xcomp" or verb.head.i == verb.i:
        return subject
    above = verb.head
    objects = [child for child in above.children if child.dep_ == "dobj" and child.i < verb.i]
    return objects[0] if objects else next((child for child in above.children if child.dep_ == "nsubj"), None)


def reported_clauses(cue: Token) -> list[Token]:
    """Heads of the clauses a speech verb reports: its clausal complements, and a "that" clause
    the parser hung on it under another label ("tweeted in the morning that ..." as advcl)."""
    return [
        child
        for child in cue.children
        if (child.dep_ == "ccomp" and (not _relative(child) or relative_subject(cue, child) is not None)
            or child.dep_ in LOOSE_CLAUSES and child.i > cue.i and is_predicate(child) and _that_complement(child))
        and not _subjectless_verb_phrase(child) and not _participle_after_object(cue, child)
    ] + _clauses_under_setting(cue)


def _clauses_under_setting(cue: Token) -> list[Token]:
    """ "reported at the time that the editor had told her ...": the parser hung the "that"
    clause on the noun of a phrase of the verb, as a relative clause. When "that" is not the
    clause's subject or object (a conjunction, or the adverb of "the time that") and the clause
    has a subject of its own, it is the verb's reported clause: after a reporting verb, news
    writes "said at the time that X" for what was said then."""
    found = []
    for prep in cue.children:
        if prep.dep_ != "prep" or prep.i < cue.i:
            continue
        for noun in prep.children:
            for clause in noun.children:
                first = clause.left_edge
                if (clause.dep_ == "relcl" and clause.i > noun.i and first.lower_ == "that" and first.dep_ in ("mark", "advmod")
                        and first.head.i == clause.i and any(child.dep_ in SUBJECTS for child in clause.children)):
                    found.append(clause)
    return found


def _participle_after_object(cue: Token, head: Token) -> bool:
    """ "found 31 incidents out of a billion ballots cast": a participle with no subject of its
    own after the verb's object modifies a noun of the object; the parser hung it on the verb
    as a clause, but what the verb reports is its object (`complement_range`)."""
    if head.tag_ not in ("VBN", "VBG") or any(child.dep_ in (*SUBJECTS, "expl", "aux", "auxpass", "mark") for child in head.children):
        return False
    return any(child.dep_ == "dobj" and child.i < head.i for child in cue.children)


def _subjectless_verb_phrase(head: Token) -> bool:
    """ "Everything the minister says is a lie": a finite verb phrase with no subject of its own
    right after the cue is the rest of the reporter's sentence, which the parser hung on the
    cue; a reported clause has its own subject ("says it is a lie")."""
    finite = head.tag_ in ("VBZ", "VBP", "VBD") or head.pos_ == "AUX" and head.tag_ in ("VBZ", "VBP", "VBD")
    has_subject = any(child.dep_ in (*SUBJECTS, "expl", "nsubjpass") for child in head.children)
    return finite and not has_subject and head.left_edge.i == head.i and head.i == head.head.i + 1


def noun_clauses(noun: Token) -> list[Token]:
    """Heads of "that" clauses completing a speech noun: "Trump's claim that there were ..."."""
    return [
        child for child in noun.children if child.i > noun.i and child.dep_ in NOUN_CLAUSES and is_predicate(child) and _that_complement(child)
    ]


def _relative(head: Token) -> bool:
    """A relative clause the parser took for a complement: ", which the authors dispute"."""
    first = head.left_edge
    return first.tag_ in ("WDT", "WP") and first.lower_ in ("which", "who", "whom") and first.i < head.i


def relative_subject(cue: Token, clause: Token) -> Token | None:
    """ "his donations, which he said were accompanied by return favors": the relative pronoun
    opening a speech verb's relative clause is the subject of the reported clause, moved out
    over the cue; the clause after the cue is what was said. Returns that pronoun (which is
    not part of the words said), or None."""
    first = clause.left_edge
    relative = first.tag_ in ("WDT", "WP") or first.lower_ == "that"  # "a problem that doctors said was ...": tagged IN too
    if cue.dep_ != "relcl" or not (first.i < cue.i < clause.i) or not relative:
        return None
    return first if first.dep_ in ("nsubj", "nsubjpass") and first.head.i == clause.i else None


def reports_its_antecedent(verb: Token) -> bool:
    """ "the guarantees that Kyiv had asked for": a relative clause whose object is the
    relative pronoun says what was asked about the noun, not a new content."""
    if any(child.dep_ == "dobj" and child.tag_ == "WP" and child.i < verb.i for child in verb.children):
        return True  # "what they describe as overly aggressive measures": a free relative
    if verb.dep_ != "relcl":
        return False
    pronouns = [token for token in verb.subtree if token.tag_ in ("WDT", "WP") and token.i < verb.i]
    if not pronouns and not any(token.lower_ == "that" and token.i < verb.i for token in verb.subtree):
        # "the passports he planned to sell": a relative clause with no pronoun leaves out an
        # object (a subject relative needs "who" or "that"), which is the noun it modifies
        return any(child.dep_ in SUBJECTS and child.i < verb.i for child in verb.children)
    return any(pronoun.dep_ in ("dobj", "pobj") for pronoun in pronouns)


def _that_complement(head: Token) -> bool:
    """The clause opens with the conjunction "that" (not the relative pronoun or determiner)."""
    first = head.left_edge
    return first.lower_ == "that" and first.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "det", "attr")


def complement_range(verb: Token, lexicon: QuoteLexicon) -> tuple[Token, Token] | None:
    """First and last token of what a verb of judging or asking reports about its object
    ("accused Moscow of increasing its activities", "called the plan a disgrace", "called
    for new talks", "vowed to veto the bill"): its objects, predicates and content
    prepositions to its right, without times ("on Monday") or asides."""
    parts = []
    for child in verb.children:
        if child.i < verb.i:
            continue
        if child.dep_ in COMPLEMENTS or child.dep_ == "prep" and child.lower_ in CONTENT_PREPOSITIONS and not is_time(child):
            parts.append(child)
    if not parts:
        return None
    first = min(part.left_edge.i for part in parts)
    parts += [child for child in verb.children if child.i > first and _continues_complement(child, lexicon)]
    return _extent(parts)


def expletive_it(verb: Token) -> bool:
    """ "found it difficult to", "consider it important that": "it" right after the verb, then
    an adjective."""
    doc = verb.doc
    if verb.i + 2 >= len(doc) or doc[verb.i + 1].lower_ != "it":
        return False
    return doc[verb.i + 2].pos_ == "ADJ" and doc[verb.i + 1].head.i in (verb.i, verb.i + 2)


def _continues_complement(child: Token, lexicon: QuoteLexicon) -> bool:
    """A later part of what a verb of judging says ("revealed a gulf in the way ...", "mentioned
    refinancing loans and forcing universities to ..."): a preposition that is no time, or a
    verb joined to the verb with no subject of its own, that is no new report."""
    if child.dep_ == "prep":
        return child.lower_ not in lexicon.setting_prepositions and not is_time(child) and not _is_setting(child, lexicon)
    if child.dep_ == "conj" and child.tag_ == "VBG":
        return not any(grand.dep_ in SUBJECTS for grand in child.children)
    return False


def _is_setting(prep: Token, lexicon: QuoteLexicon) -> bool:
    """ "in Ohio", "in an interview": where or how it was said, not what (`setting_nouns`)."""
    return any(child.dep_ == "pobj" and (child.ent_type_ in SETTING_ENTITIES or child.lemma_.lower() in lexicon.setting_nouns) for child in prep.children)


def request_range(verb: Token) -> tuple[Token, Token] | None:
    """What a speech verb asks or orders: "told his advisers to find a way", "warned Pyongyang
    to refrain from ...": the object and the infinitive, when it has both."""
    infinitives = [child for child in verb.children if child.i > verb.i and child.dep_ == "xcomp" and _has_child(child, "aux", "to")]
    objects = [child for child in verb.children if child.i > verb.i and child.dep_ in ("dobj", "dative")]
    if not infinitives or not objects:
        return None  # "continued to talk": no one is asked anything
    return _extent(objects + infinitives)


def _has_child(token: Token, dep: str, word: str) -> bool:
    return any(child.dep_ == dep and child.lower_ == word for child in token.children)


def _extent(parts: list[Token]) -> tuple[Token, Token]:
    tokens = [token for part in parts for token in part.subtree]
    return min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)


def is_time(prep: Token) -> bool:
    """ "on Monday", "for two weeks": the preposition's object is a date or time."""
    return any(child.dep_ == "pobj" and child.ent_type_ in ("DATE", "TIME") for child in prep.children)


def is_passive(verb: Token) -> bool:
    """ "was asked", "Asked about the cost, he ...": the subject is who was spoken to or about;
    a participle with "have" ("has called for") is active. "cited X as saying" is passed to
    the speech verb."""
    if any(child.dep_ in ("auxpass", "nsubjpass", "agent") for child in verb.children):
        return True  # "the militant wanted by the United States": a "by" agent makes a passive
    if _as_saying(verb):
        return True  # "cited X as saying": the speech verb reports
    if verb.tag_ == "VBN" and verb.dep_ == "acl" and _subject_of_misparsed_verb(verb) is not None:
        return False  # "One of the docs who sent the letter called Oz a quack": the sentence's verb
    return verb.tag_ == "VBN" and not any(child.dep_ == "aux" and child.lemma_ == "have" for child in verb.children)


def is_predicate(token: Token) -> bool:
    return is_verb(token) or token.pos_ == "AUX"


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((grand for grand in child.children if grand.dep_ == "pobj"), None)
    return None


def written_source(verb: Token, lexicon: QuoteLexicon) -> Token | None:
    """ "as stated in Davis' commentary", "as noted in the report", "as reported by Reuters": a
    passive reporting aside names where the words were said or written, its "by" agent or the
    object of its "in" when that is a name, a speech noun or a work (`speech_nouns`,
    `speaker_nouns`). None for an active verb, which has a subject of its own."""
    if not is_passive(verb) or any(child.dep_ in ("nsubj", "csubj") for child in verb.children):
        return None
    agent = _agent(verb)
    if agent is not None:
        return agent
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            for grand in child.children:
                lemma = grand.lemma_.lower()
                if grand.dep_ == "pobj" and (grand.pos_ == "PROPN" or lemma in lexicon.speech_nouns or lemma in lexicon.speaker_nouns):
                    return grand
    return None


def supposition(verb: Token) -> bool:
    """ "Let's say you think a degree will cost $160,000", "let us suppose that ...": the
    writer's supposition, which nobody said (the clause's own attitude, "you think", stays)."""
    if verb.head.i == verb.i or verb.head.lemma_.lower() != "let":
        return False
    return any(child.lower_ in ("'s", "’s", "us") for child in (*verb.children, *verb.head.children) if child.i < verb.i)


def attitude_adjective(token: Token, lexicon: QuoteLexicon) -> bool:
    """ "we are convinced this is ...", "officials are confident that ...": an adjective of the
    lexicon's `attitude_adjectives` completing a copula or a verb of seeming ("feel", "remain"),
    not negated; its clause is the subject's attitude (`attitude_holder`)."""
    if token.dep_ != "acomp" or token.lower_ not in lexicon.attitude_adjectives or in_capitals(token):
        return False
    head = token.head
    if head.lemma_.lower() not in lexicon.linking_verbs or any(child.dep_ == "neg" for child in (*token.children, *head.children)):
        return False  # "make sure that", "not sure whether": nobody holds the clause
    return True


def attitude_holder(adjective: Token) -> Token | None:
    """Whose attitude an `attitude_adjective` states: the subject of its verb, unless that is an
    expletive ("it is certain that ...": the writer's) or a word of the clause itself."""
    subject = speaker_of(adjective.head)
    if subject is None or subject.dep_ == "expl" or subject.lower_ in ("it", "there", "this", "that") or subject.i > adjective.i:
        return None
    return subject


def _inherited_speaker(cue: Token, depth: int) -> Token | None:
    """Subject of a verb that has none of its own: from its head, or a misparse's noun."""
    head = cue.head
    if depth > 3:
        return None
    if cue.dep_ == "pcomp" and head.lower_ == "as":  # "cited former officials as saying"
        governor = head.head
        objects = [child for child in governor.children if child.dep_ in ("dobj", "nsubjpass")]  # "X was quoted as saying"
        return objects[0] if objects else speaker_of(governor, depth + 1)
    if cue.dep_ == "conj" and _right_after_noun(cue):
        return _noun_before(cue)  # "after a probe by the council concluded that": a misparsed conjunct
    if cue.dep_ == "advcl" and cue.tag_ == "VBG" and head.dep_ == "ccomp" and cue.i > 0 and cue.doc[cue.i - 1].text == ",":
        # "X dismissed reports saying Y had rejected a deal, insisting that ...": a participle
        # after a reported clause is the reporter's sentence going on: X insists, not Y
        main = head
        while main.dep_ in ("ccomp", "acl", "dobj", "pobj", "prep") and main.head.i != main.i:
            main = main.head
        if is_verb(main) and main.i != head.i:
            return speaker_of(main, depth + 1)
    if cue.dep_ in ("conj", "xcomp", "advcl") and (is_verb(head) or head.pos_ == "AUX"):
        # a copula heads its clause too: "The senator is a veteran and said ...", "Clinton
        # was in Ohio, telling voters that ..."
        return speaker_of(head, depth + 1)
    if cue.dep_ == "pcomp" and head.pos_ == "ADP" and head.dep_ in ("prep", "conj") and is_verb(head.head):
        # "published it by announcing that", "After saying X, she was rushed to ...", "appeared
        # at a hearing ... and for saying that ...": who does the main verb, active or passive
        return speaker_of(head.head, depth + 1) or _passive_subject(head.head)
    if cue.dep_ == "acl" and cue.tag_ in ("VBD", "VBN"):
        subject = _subject_of_misparsed_verb(cue)
        if subject is not None:
            return subject
    if cue.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return head
    if cue.dep_ == "amod" and head.pos_ == "PROPN":  # "..., added Lavrov." parsed as an adjective
        return head
    if cue.dep_ == "ROOT" or cue.dep_ == "ccomp":  # inverted "said a spokeswoman" parsed as object
        objects = [child for child in cue.children if child.dep_ in ("dobj", "attr") and child.i > cue.i and child.pos_ in ("PROPN", "NOUN")]
        if objects and not any(child.dep_ == "ccomp" and child.i > cue.i for child in cue.children):
            return objects[0] if _looks_like_person(objects[0]) else None
        return _noun_before(cue)
    return None


def _subject_of_misparsed_verb(cue: Token) -> Token | None:
    """ "One of the nurses who signed the petition called the director a liar": the parser took
    the sentence's verb for a participle on the last noun of a relative clause ("the petition
    called ..."). It is the verb of the sentence, whose subject is the noun phrase the relative
    clause describes ("One of the nurses"), when that phrase heads a sentence with no verb of
    its own, or when the verb is tagged a past tense (VBD): a participle ("a town called X")
    is VBN. None when the noun is not in a relative clause before the verb."""
    relative = cue.head
    while relative.dep_ != "relcl" and relative.head.i != relative.i and relative.dep_ in ("dobj", "pobj", "prep"):
        relative = relative.head
    if relative.dep_ != "relcl" or relative.i > cue.i:
        return None
    phrase = relative.head
    while phrase.dep_ in ("pobj", "prep") and phrase.head.i != phrase.i:
        phrase = phrase.head
    verbless = phrase.dep_ == "ROOT"
    if not (verbless or phrase.dep_ == "nsubj" and cue.tag_ == "VBD") or phrase.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
        return None
    return phrase


def _passive_subject(verb: Token) -> Token | None:
    """The subject of a passive verb with no "by" agent ("she was rushed to the clinic")."""
    if _agent(verb) is not None:
        return None
    return next((child for child in verb.children if child.dep_ == "nsubjpass"), None)


def _right_after_noun(cue: Token) -> bool:
    """The verb follows a noun directly (adverbs and auxiliaries aside), with no "and" or comma
    between: a conjunct of an earlier verb would follow one; this noun is its subject."""
    index = cue.i - 1
    while index >= 0 and cue.doc[index].dep_ in ("advmod", "aux", "neg") and not cue.doc[index].is_punct:
        index -= 1
    return index >= 0 and cue.doc[index].pos_ in ("NOUN", "PROPN") and not cue.doc[index + 1].is_sent_start


def _noun_before(cue: Token, reach: int = 10) -> Token | None:
    """The parse gave the verb no subject ("In the interview, the minister, X, also said that"):
    the name or noun right before it, past commas and adverbs, when it is no object."""
    doc, index = cue.doc, cue.i - 1
    skipped = ("advmod", "aux", "neg")
    while index >= max(0, cue.i - reach) and not doc[index + 1].is_sent_start and (doc[index].is_punct or doc[index].dep_ in skipped):
        index -= 1
    if index < 0 or doc[index + 1].is_sent_start:
        return None
    token = doc[index]
    if doc[index + 1].text == ",":
        named_before = _name_before_aside(doc[index + 1])
        if named_before is not None:
            return _past_dateline(named_before)
    if token.pos_ not in ("PROPN", "NOUN", "PRON") or token.dep_ in ("dobj", "pobj", "poss") and token.head.i > index:
        return None
    if token.ent_type_ in ("DATE", "TIME"):
        return None  # "X, dedicating the museum on Saturday, said": a time is no subject
    return _past_dateline(token)


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _name_before_aside(comma: Token, reach: int = 16) -> Token | None:
    """ "Le Van Tran, also chair of the council, said", "Mayor Holt, opening the bridge on
    Saturday, said": the name before a comma-enclosed aside with no finite verb (an
    apposition or a participle phrase) is the subject the parser missed, not the last noun
    of the aside ("the council", "Saturday")."""
    doc = comma.doc
    sentence_start = comma.sent.start
    for index in range(comma.i - 1, max(sentence_start, comma.i - reach) - 1, -1):
        token = doc[index]
        if token.tag_ in FINITE_TAGS or token.pos_ == "AUX" and token.tag_ != "VBG":
            return None
        if token.text != ",":
            continue
        if index == comma.i - 1 or index == sentence_start:
            return None
        name = doc[index - 1]
        named = name.pos_ == "PROPN" and name.ent_type_ not in ("DATE", "TIME") or name.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        return name if named else None
    return None


def _past_dateline(token: Token) -> Token | None:
    """A place that opens a paragraph ("London — Foreign Secretary X accused", "NEW YORK, May
    2 — ...") is no speaker: the words after its dash are."""
    doc = token.doc
    place = token.ent_type_ in ("GPE", "LOC", "FAC") or token.text.isupper() and len(token.text) > 1
    if token.i + 1 >= len(doc) or not _is_dash(doc[token.i + 1]) or not place:
        return token
    start = token.i
    while start > 0 and token.i - start < 6 and "\n" not in doc[start - 1].text and doc[start - 1].pos_ in ("PROPN", "NUM", "PUNCT"):
        start -= 1
    if start > 0 and "\n" not in doc[start - 1].text:
        return token  # not at the start of its paragraph: "Lavrov — who was in Ankara — said"
    after = [child for child in token.children if child.i > token.i + 1 and child.dep_ in ("appos", "nsubj", "conj")]
    return after[0] if after else None


def after_dateline(run: list[Token]) -> list[Token]:
    """`run` without a dateline that opens it ("New York — ", "MOSCOW, May 2 — ")."""
    for index, token in enumerate(run[:8]):
        if _is_dash(token):
            opening = run[:index]
            if opening and all(t.pos_ in ("PROPN", "NUM", "PUNCT") for t in opening) and _opens_paragraph(opening[0]):
                return run[index + 1 :]
            break
        if token.pos_ not in ("PROPN", "NUM", "PUNCT"):
            break
    return run


def _opens_paragraph(token: Token) -> bool:
    return token.i == 0 or "\n" in token.doc[token.i - 1].text or token.doc.text[token.idx - 1 : token.idx] == "\n"


def _is_dash(token: Token) -> bool:
    """A dash between words, not the hyphen inside one ("Holtz-Eakin")."""
    return token.text in DASHES and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)


def _looks_like_person(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")


def named(token: Token) -> Token:
    """Prefer a named appositive over a common noun: "a spokeswoman ..., Oana Lungescu"."""
    if token.pos_ == "PROPN":
        return token
    for child in token.subtree:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.head.i in (token.i, *[t.i for t in token.subtree]):
            return child
    return token


def speaker_range(token: Token) -> tuple[int, int]:
    """Character range of the speaker's words: the head with its modifiers, no clauses or asides."""
    kept = [token]
    stack = [token]
    while stack:
        current = stack.pop()
        for child in current.children:
            partitive = token.pos_ == "NUM" and child.lower_ == "of"  # "One of the nurses"
            if child.dep_ in SPEAKER_DROPPED and not (child.dep_ == "prep" and (token.pos_ == "NOUN" or partitive) or _name_of(current, child)):
                continue
            if child.dep_ == "prep" and is_time(child):
                continue  # "A group of doctors in 2015": when, not who
            kept.append(child)
            stack.append(child)
    first = min(kept, key=lambda t: t.i)
    last = max(kept, key=lambda t: t.i)
    doc = token.doc
    dashes = [t for t in doc[first.i : token.i] if _is_dash(t)]
    if dashes:  # "Helsinki — Finland's president": the dateline is not the speaker's
        first = doc[dashes[-1].i + 1]
    while first.i < last.i and (first.is_punct or first.is_space):
        first = doc[first.i + 1]
    while last.i > first.i and (last.is_punct or last.is_space):
        last = doc[last.i - 1]
    return first.idx, last.idx + len(last.text)


# prepositions inside the name of an organisation ("Bank of England", "Committee for a
# Responsible Federal Budget", "Committee on Foreign Relations")
NAME_PREPOSITIONS = frozenset({"of", "for", "on"})


def _name_of(head: Token, prep: Token) -> bool:
    """ "the Federal Bureau of Prisons", "The Committee for a Responsible Federal Budget": a
    preposition of `NAME_PREPOSITIONS` with a name after a name is part of the name."""
    return (prep.dep_ == "prep" and prep.lower_ in NAME_PREPOSITIONS and head.pos_ == "PROPN"
            and any(child.dep_ == "pobj" and child.pos_ == "PROPN" for child in prep.children))


def is_pronoun(token: Token) -> bool:
    return token.tag_ in PRONOUN_TAGS or token.pos_ == "PRON"


def governing_cue(tokens: list[Token], lexicon: QuoteLexicon, max_steps: int = 12) -> tuple[Token, bool] | None:
    """The nearest cue above the quote's tokens in the parse, and whether a clause boundary
    lies between them (True: the quote sits in a reported clause, "confirmed that the "X" ...")."""
    inside = {token.i for token in tokens}
    best: tuple[int, Token, bool] | None = None
    words = [token for token in tokens if not token.is_punct] or tokens  # a final "." hangs on the main verb
    for token in words:
        if token.head.i in inside and token.head.i != token.i:
            continue
        current, crossed = token, False
        for step in range(max_steps):
            if current.i not in inside and is_cue(current, lexicon) and not _passive_modifier(current):
                if best is None or step < best[0]:
                    best = (step, current, crossed)
                break
            if current.head.i == current.i:
                break
            crossed = crossed or current.dep_ in CLAUSE_BOUNDARIES
            current = current.head
    return (best[1], best[2]) if best else None


RELATIVE_WORDS = frozenset({"where", "which", "who", "whom", "whose", "when", "that"})


def relative_clause(verb: Token) -> bool:
    """ "the trade ... where the inspectors observed the sales": a relative clause opened by a
    relative word, which modifies a noun (an attribution is never one)."""
    return verb.dep_ == "relcl" and any(child.i < verb.i and child.lower_ in RELATIVE_WORDS for child in verb.children)


def _passive_modifier(token: Token) -> bool:
    """ "members accused of being ...": the noun is who was accused, not who spoke."""
    return token.dep_ == "acl" and token.tag_ == "VBN" and _agent(token) is None
