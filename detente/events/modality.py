"""How a sentence presents an event: negated, hypothetical, future, reported.

Each function reads the dependency parse around one token (the trigger, or the frame word that
governs it) using the word lists of rules.yaml (`event_modality`):

- negated: the word has a negation dependent ("has not contacted", "never agreed", "no contact",
  "no longer cooperates").
- hypothetical: a modal of possibility on the word or on the verbs its clause hangs from ("could
  impose", "might withdraw"), or its clause is a condition ("if NATO deploys", "unless Moscow
  withdraws"). "would" in reported speech is the future seen from the past ("said it would
  allow"), not a hypothetical, unless the clause is conditional. "should"/"must" outside reported
  speech are the writer's advice for the verb they govern ("Mexico should sue"; a noun in its
  object is no advice), "must have" an inference (not hypothetical); an infinitive of purpose
  shares the modality of the act it is the aim of.
- future: "will"/"shall", "be going to", "be to", a planning verb governing it ("plans to impose",
  "is expected to sign"), an adjective like "upcoming" on a noun trigger, or "from <date>".
- reported: decided by the coder (inside a quote, or a clause governed by a speech verb).
"""

from __future__ import annotations

from spacy.tokens import Token

from detente.events.lexicon import EventLexicon

CLAUSE_LINKS = frozenset({"xcomp", "ccomp", "conj", "pcomp", "acomp", "relcl", "advcl", "acl", "dobj", "pobj", "prep", "attr", "oprd"})
STOP_LINKS = frozenset({"advcl", "relcl"})


def is_negated(token: Token, lexicon: EventLexicon) -> bool:
    """The word itself is negated by a dependent ("not", "n't", "never", "no contact", "no longer"),
    or it is what a stopping verb stops ("halt attacks", "prevent escalation", "failed to reach a
    deal", "denied that it had sent troops"), or what it keeps someone from ("prevented protesters
    from attacking": `stop_verbs` entries "<verb> <preposition>")."""
    return is_stopped(token, lexicon) or _negated_itself(token, lexicon)


def _negated_itself(token: Token, lexicon: EventLexicon) -> bool:
    """`is_negated` less a governing stopping verb: the negation the word's own clause carries."""
    if _negated_subject(token, lexicon):
        return True
    if _negated_plan(token, lexicon):
        return True
    if token.pos_ in {"VERB", "NOUN"} and _opened_by_phrase(token, lexicon.negation):
        return True  # "chose diplomacy instead of attacking Iran", "negotiate rather than fight"
    for child in token.children:
        lower = child.lower_
        if child.dep_ == "neg" or (child.dep_ in {"advmod", "det", "preconj"} and lower in lexicon.negation):
            return True
        if child.dep_ == "advmod" and lower == "longer" and any(c.lower_ == "no" for c in child.children):
            return True
    # "is not ready to talk": the copula carries the negation of its predicate
    if token.dep_ in {"acomp", "attr"} and token.head.i != token.i:
        return any(child.dep_ == "neg" for child in token.head.children)
    return False


def is_stopped(token: Token, lexicon: EventLexicon) -> bool:
    """The word is negated by a governing stopping verb (`stop_verbs`: "prevented them from signing",
    "denied that it had accepted aid", "failed to recognize"), not by a negation of its own. Why
    apart: such an act did not happen, but its subject did not refuse it (issue 11, s9: coded 12x).
    A stopping verb negated in turn stops nothing ("the bombings would not prevent him from visiting
    Jordan": he will visit; s9 real-news audit, coded as a refusal)."""
    stopper = _stopper(token, lexicon)
    return stopper is not None and not any(
        child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ in lexicon.negation) for child in stopper.children)


def _stopper(token: Token, lexicon: EventLexicon) -> Token | None:
    """The stopping verb (`stop_verbs`) that governs the word, if any."""
    if token.dep_ in {"dobj", "xcomp", "pcomp", "ccomp", "nsubjpass"} and token.head.lemma_.lower() in lexicon.stop_verbs:
        return token.head
    if _kept_from(token, lexicon):
        return token.head.head
    if _stopped_object_clause(token, lexicon):
        return token.head.head
    return None


def own_negation(token: Token, lexicon: EventLexicon) -> bool:
    """A negation the word's own clause carries ("did not sign", "will never accept", "is not ready
    to talk"), which may make a cooperative act a refusal; a stopped act (`is_stopped`) is not one."""
    return not is_stopped(token, lexicon) and _negated_itself(token, lexicon)


def _kept_from(token: Token, lexicon: EventLexicon) -> bool:
    """A gerund in the phrase a stopping verb keeps someone from ("prevented protesters from
    attacking the embassy", "barred the envoy from entering"): the act did not happen. Why a
    preposition of the entry: "halted the offensive after bombing Gaza" did bomb."""
    if token.dep_ != "pcomp" or token.head.dep_ != "prep" or token.head.head.i == token.head.i:
        return False
    preposition = token.head
    return f"{preposition.head.lemma_.lower()} {preposition.lower_}" in lexicon.stop_verbs


def _stopped_object_clause(token: Token, lexicon: EventLexicon) -> bool:
    """An infinitive or participle describing the object of a stopping verb: "scrapped plans to
    attack the stronghold", "thwarted an attempt to kill the president", "blocked a resolution
    condemning Israel": what the plan, attempt or resolution was to do is not done."""
    if token.dep_ != "acl" or token.tag_ not in {"VB", "VBG"} or token.head.i == token.i:
        return False
    noun = token.head
    return noun.dep_ == "dobj" and noun.head.i != noun.i and noun.head.lemma_.lower() in lexicon.stop_verbs


def _negated_subject(token: Token, lexicon: EventLexicon) -> bool:
    """A verb whose subject is negated: "no Israeli soldier was killed", "no one was hurt",
    "nobody was arrested" (a negation word as the subject's determiner, or the subject itself)."""
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    for subject in token.children:
        if subject.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        if subject.lower_ in lexicon.negation or any(
                child.dep_ in {"det", "preconj"} and child.lower_ in lexicon.negation for child in subject.children):
            return True
    return False


def _negated_plan(token: Token, lexicon: EventLexicon) -> bool:
    """The infinitive of a negated verb of the future: "was not going to attack Georgia", "is not
    expected to sign", "is not due to meet": announced as not to happen (`future_verbs`)."""
    head = token.head
    if token.dep_ != "xcomp" or head.i == token.i or not _infinitive(token):
        return False
    lemma = head.lemma_.lower()
    if lemma not in lexicon.future_verbs and f"{lemma} to" not in lexicon.future_verbs:
        return False
    return any(child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ in lexicon.negation) for child in head.children)


def _clause_chain(token: Token, limit: int = 6) -> list[Token]:
    """The word and the words its clause hangs from, up to the first adverbial or relative clause."""
    chain = [token]
    current = token
    while current.head.i != current.i and len(chain) < limit:
        if current.dep_ in STOP_LINKS or current.dep_ not in CLAUSE_LINKS or _own_clause(current):
            break
        current = current.head
        chain.append(current)
    return chain


def _own_clause(token: Token) -> bool:
    """A coordinated verb with a subject or an auxiliary of its own ("he would challenge it in court
    and I have begun consultations", "will not attend but has sent a delegation"): its tense and
    modality are its own, not the first verb's ("will meet and sign" shares them)."""
    return token.dep_ == "conj" and token.pos_ in {"VERB", "AUX"} and any(
        child.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for child in token.children)


def is_conditional(token: Token, lexicon: EventLexicon) -> bool:
    """The word's clause is introduced by "if", "unless", "whether" and the like, or by "only
    after/when/once" ("only after Washington recognises the North": a condition, not a fact)."""
    current = token
    for _ in range(6):
        if any(child.dep_ == "mark" and child.lower_ in lexicon.hypothetical_marks for child in current.children):
            return True
        if (current.dep_ in {"advcl", "acl", "relcl"} or current.pos_ == "VERB") and _opened_by_phrase(current, lexicon.hypothetical_marks):
            return True  # "in case the US lifts sanctions", "talks aimed at ending the war"
        if (current.dep_ == "advcl" and _inverted(current)) or (current.head.i == current.i and _yes_no_question(current)):
            return True
        if _restricted(current, lexicon):
            return True
        if _pending(current, lexicon):
            return True
        if current.dep_ in STOP_LINKS or current.head.i == current.i or current.dep_ not in CLAUSE_LINKS:
            return False
        current = current.head
    return False


def _opened_by_phrase(clause: Token, phrases: frozenset[str]) -> bool:
    """The clause opens with (or right after) a phrase of several words of `phrases`: "in case the
    US lifts sanctions", "in the event that talks fail", "as long as Israel returns the Golan".
    Why the words before the clause: the parser hangs such a clause on the phrase's noun ("case",
    "event") or adverb ("long"), so no one word of it is the clause's mark."""
    start = min(word.i for word in clause.subtree)
    before = " " + " ".join(word.lower_ for word in clause.doc[max(0, start - 4) : start + 1])
    opening = before.rsplit(" ", 1)[0]
    lead = " ".join(word.lower_ for word in clause.doc[start : clause.i])  # "Rather than negotiate, Israel attacked"
    return any(" " in phrase and (before.endswith(f" {phrase}") or opening.endswith(f" {phrase}") or lead == phrase)
               for phrase in phrases)


def _inverted(verb: Token) -> bool:
    """An auxiliary before the clause's subject: in an adverbial clause, a condition with no "if"
    ("Had Israel attacked Iran, prices would have soared", "Were Iran to attack ...")."""
    subjects = [child.i for child in verb.children if child.dep_ in {"nsubj", "nsubjpass"}]
    return bool(subjects) and any(child.dep_ in {"aux", "auxpass"} and child.i < subjects[0] for child in verb.children) \
        and not any(child.dep_ == "mark" for child in verb.children)


def _yes_no_question(root: Token) -> bool:
    """The sentence's main verb is asked about, not told: an auxiliary before its subject, a question
    mark at the end and no question word ("Did Russia invade Georgia?"). "Why did Russia invade
    Georgia?" takes the invasion as given, so a question word (WDT, WP, WRB) leaves it told."""
    sentence = root.sent
    if not any(word.text == "?" for word in sentence[-2:]) or any(word.tag_ in {"WDT", "WP", "WP$", "WRB"} for word in sentence):
        return False
    return _inverted(root)


def _restricted(token: Token, lexicon: EventLexicon) -> bool:
    """An "only" on a temporal mark of the word's clause: "only after X recognises", "only when"."""
    for child in token.children:
        if child.dep_ in {"mark", "advmod"} and child.lower_ in lexicon.restricted_marks:
            restrictive = lexicon.restrictive_adverbs
            if any(grand.lower_ in restrictive for grand in child.children) or any(
                    other.lower_ in restrictive and other.i < child.i for other in token.children if other.dep_ == "advmod"):
                return True
            if child.i > 0 and token.doc[child.i - 1].lower_ in restrictive:
                return True
    return False


def _pending(token: Token, lexicon: EventLexicon) -> bool:
    """A time clause ("until", "before", `pending_marks`; "before allowing") under a verb that is negated, has a modal or
    future auxiliary, or is (or is the complement of) one of `pending_verbs`: "refused to negotiate
    until Ethiopia withdrew", "will not talk before Israel withdraws": a condition, not a fact."""
    if token.head.i == token.i:
        return False
    if token.dep_ == "pcomp" and token.head.dep_ == "prep" and token.head.lower_ in lexicon.pending_marks:
        head = token.head.head  # "demanded a truce before allowing aid convoys"
    elif token.dep_ == "advcl" and any(child.dep_ in {"mark", "prep", "advmod"} and child.lower_ in lexicon.pending_marks
                                       and child.i < token.i for child in token.children):
        head = token.head
    else:
        return False
    if head.i == token.i:
        return False
    for word in (head, head.head) if head.dep_ in {"xcomp", "ccomp"} else (head,):
        if word.lemma_.lower() in lexicon.pending_verbs or is_negated(word, lexicon):
            return True
        if any(child.dep_ == "aux" and child.lower_ in lexicon.future_modals | lexicon.hypothetical_modals
               for child in word.children):
            return True
    return False


def is_possibility(token: Token, lexicon: EventLexicon) -> bool:
    """The word names what a possibility noun is about: "the chance of armed conflict", "the risk
    that fighting resumes", "the possibility of military action"."""
    if _noun_infinitive(token, lexicon.possibility_nouns):
        return True
    if token.pos_ == "NOUN" and any(child.dep_ == "amod" and child.lemma_.lower() in lexicon.possibility_adjectives
                                    for child in token.children):
        return True  # "a possible US attack on Iran", "potential sanctions"
    current = token
    for _ in range(3):
        head = current.head
        if head.i == current.i:
            return False
        if current.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in lexicon.possibility_prepositions and head.head.i != head.i:
            if head.head.lemma_.lower() in lexicon.possibility_nouns:
                return True
            current = head.head
            continue
        if current.dep_ in {"acl", "ccomp", "compound"} and head.lemma_.lower() in lexicon.possibility_nouns:
            return True
        if _considered(current, lexicon):
            return True
        if current.dep_ not in {"amod", "compound", "conj"}:
            return False
        current = head
    return False


def _noun_infinitive(token: Token, nouns: frozenset[str]) -> bool:
    """An infinitive the parser hung on the verb though it follows that verb's object noun: "foiled
    a plot to bomb the consulate" (parsed as "foiled ... in order to bomb"). Why: right after a
    noun of `nouns` the infinitive says what the noun is about, as in "a plot to bomb"."""
    if token.dep_ != "advcl" or not _infinitive(token) or token.head.i == token.i:
        return False
    to = min(child.i for child in token.children if child.dep_ == "aux" and child.lower_ == "to")
    if to == 0 or to > token.i:
        return False
    noun = token.doc[to - 1]
    return noun.dep_ == "dobj" and noun.head.i == token.head.i and noun.lemma_.lower() in nouns


def _considered(token: Token, lexicon: EventLexicon) -> bool:
    """The word is what a verb of weighing or hinting governs ("hinted at canceling the talks",
    "is considering sending troops", "mulled sanctions"): an option, not a deed
    (`event_modality.possibility_verbs`)."""
    head = token.head
    if head.i == token.i:
        return False
    if _gerund_object(token) and head.lemma_.lower() in lexicon.idea_verbs:
        return True  # "mentioned refinancing loans and forcing universities to ...", parsed as two verbs
    preposition = None
    if token.dep_ in {"pobj", "pcomp"} and head.dep_ == "prep" and head.head.i != head.i:
        preposition = head.lower_
        head = head.head
    elif token.dep_ not in {"xcomp", "dobj", "ccomp"}:
        return False
    if token.dep_ == "xcomp" and head.pos_ == "ADJ" and head.lower_ in lexicon.possibility_adjectives:
        return True  # "Syria is unlikely to accept the offer"
    if token.tag_ == "VBG" and head.pos_ in {"VERB", "AUX"} and head.lemma_.lower() in lexicon.idea_verbs and (
            preposition is None or preposition in lexicon.idea_prepositions):
        return True  # "has mentioned forcing universities to spend more": an idea; "opposed it by vetoing it": a deed
    return head.pos_ in {"VERB", "AUX"} and head.lemma_.lower() in lexicon.possibility_verbs


def _gerund_object(token: Token) -> bool:
    """A gerund the parser coordinated with the finite verb it is the object of: "has mentioned
    refinancing loans and forcing universities to spend more" gives "forcing" as a second verb
    beside "mentioned", with no subject or auxiliary of its own; read as that verb's object."""
    head = token.head
    return token.tag_ == "VBG" and token.dep_ == "conj" and head.pos_ in {"VERB", "AUX"} and head.tag_ != "VBG" \
        and not any(child.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for child in token.children)


def is_hypothetical(token: Token, lexicon: EventLexicon, reported: bool = False) -> bool:
    """A condition or a modal of possibility on the word's clause, or a possibility it names."""
    if is_conditional(token, lexicon) or is_possibility(token, lexicon) or _supposed_subject(token, lexicon):
        return True
    chain = _clause_chain(token, limit=3)
    for position, word in enumerate(chain):
        for child in word.children:
            if child.dep_ == "aux" and child.lower_ in lexicon.hypothetical_modals:
                if child.lower_ == "would" and reported:
                    continue
                if child.lower_ in lexicon.advice_modals and (reported or not _advised(chain[:position + 1])):
                    continue  # "must not ignore the invasion", "X said Y should ...": only the advised verb, the writer's
                if child.lower_ in lexicon.ability_modals and is_negated(word, lexicon):
                    continue  # "we cannot accept", "could not agree": an inability stated, not a possibility
                if child.lower_ in lexicon.inference_modals and any(
                        aux.dep_ == "aux" and aux.lemma_.lower() == "have" for aux in word.children):
                    continue  # "must have known about the attack": an inference about what happened
                return True
        if word.dep_ in {"ccomp", "advcl", "relcl"}:
            break
    if _purpose_of(token) is not None:
        return is_hypothetical(_purpose_of(token), lexicon, reported)  # "should sue ... to resist the agenda"
    return False


def _supposed_subject(token: Token, lexicon: EventLexicon) -> bool:
    """An event noun with an indefinite determiner ("a", "an", "any", "every") that is the subject
    of a verb with a modal of possibility: "a war between India and Pakistan would devastate the
    region", "any attack on Iran would be a disaster": a supposed act, not one that happened.
    Not with a perfect ("a bomb may have killed five": the bombing happened) nor with a definite
    or possessive subject ("the sanctions could hurt the economy": they exist)."""
    head = token.head
    if token.pos_ != "NOUN" or token.dep_ not in {"nsubj", "nsubjpass"} or head.i == token.i:
        return False
    determiners = [child for child in token.children if child.dep_ in {"det", "poss"}]
    if len(determiners) != 1 or determiners[0].dep_ != "det" or determiners[0].tag_ != "DT":
        return False
    if "Def" in determiners[0].morph.get("Definite") or determiners[0].morph.get("PronType") == ["Dem"]:
        return False
    auxiliaries = [child for child in head.children if child.dep_ in {"aux", "auxpass"}]
    return any(aux.lower_ in lexicon.hypothetical_modals for aux in auxiliaries) and not any(
        aux.lemma_.lower() == "have" for aux in auxiliaries)


def _advised(path: list[Token]) -> bool:
    """Whether an advice modal ("should", "must") on the last word of `path` makes its first word
    hypothetical: only a verb or predicate it governs, directly or through an infinitive or a
    coordinated verb ("should agree to suspend", "must stop and accept"). Why: a noun in the
    advised verb's object names a deed of its own ("must not ignore the invasion of Georgia")."""
    if path[0].pos_ not in {"VERB", "AUX", "ADJ"}:
        return False
    return all(word.dep_ in {"xcomp", "conj", "acomp"} for word in path[:-1])


def _purpose_of(token: Token) -> Token | None:
    """The verb an infinitive of purpose (an adverbial "to" clause with no subject of its own) hangs
    from: "Mexico should sue in every court to resist the agenda". Why: the aim of an act that is
    only advised or possible is no more done than the act itself."""
    if token.dep_ != "advcl" or token.head.i == token.i or token.head.pos_ not in {"VERB", "AUX"}:
        return None
    if not _infinitive(token) or any(child.dep_ in {"nsubj", "nsubjpass", "mark"} for child in token.children):
        return None
    return token.head


def is_future(token: Token, lexicon: EventLexicon, reported: bool = False) -> bool:
    """An announced or planned action: "will suspend", "plans to impose", "is to visit", "upcoming summit"."""
    if _subject_of_event_verb(token, lexicon) and is_future(token.head, lexicon, reported):
        return True  # "talks will begin in Moscow tomorrow", "expected the talks to start next year"
    if _scheduled(token, lexicon):
        return True  # "talks between Israel and Syria are scheduled for next week"
    chain = _clause_chain(token, limit=4)
    for position, word in enumerate(chain):
        for child in word.children:
            lower = child.lower_
            if child.dep_ == "aux" and (lower in lexicon.future_modals or (lower == "would" and reported)):
                return True
            if child.dep_ == "amod" and child.lemma_.lower() in lexicon.future_adjectives and word.pos_ in {"NOUN", "PROPN"}:
                return True
        if position > 0 and chain[position - 1].dep_ == "xcomp" and (
                word.lemma_.lower() in lexicon.future_verbs
                or (f"{word.lemma_.lower()} to" in lexicon.future_verbs and _infinitive(chain[position - 1]))):
            return True  # "plans to impose", "is going to", "is due to", "are to meet"
        if word.dep_ in {"ccomp", "advcl", "relcl"}:
            break
    if _future_time(token, lexicon) or _ahead(token, lexicon):
        return True
    # "suspends its mission from November 1": a present-tense verb with a starting date
    if token.tag_ not in {"VB", "VBP", "VBZ", "VBG"}:
        return False
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in lexicon.start_prepositions and any(
            grand.ent_type_ == "DATE" for grand in child.subtree
        ):
            return True
    return False


def _infinitive(token: Token) -> bool:
    return any(child.dep_ == "aux" and child.lower_ == "to" for child in token.children)


def _subject_of_event_verb(token: Token, lexicon: EventLexicon) -> bool:
    """An event noun that is the subject of a verb saying it takes place (`event_modality.
    subject_event_verbs`: "talks will begin", "the summit will be held"). Why: the noun's own phrase
    has no tense; its time is that verb's."""
    head = token.head
    return (token.pos_ in {"NOUN", "PROPN"} and token.dep_ in {"nsubj", "nsubjpass"} and head.i != token.i
            and head.lemma_.lower() in lexicon.subject_event_verbs)


def _scheduled(token: Token, lexicon: EventLexicon) -> bool:
    """An event noun that is the passive subject of a verb of planning (`future_verbs`) dated ahead:
    "talks are scheduled for next week", "a summit is planned for the coming days". Why the time:
    "the attack was planned in Pakistan" tells how a past act was prepared."""
    head = token.head
    return (token.pos_ in {"NOUN", "PROPN"} and token.dep_ == "nsubjpass" and head.i != token.i
            and head.lemma_.lower() in lexicon.future_verbs and _future_time(head, lexicon, any_tense=True))


def _future_time(token: Token, lexicon: EventLexicon, any_tense: bool = False) -> bool:
    """A time expression of the word's own phrase that lies ahead: "meet next week", "talks
    tomorrow", "in the coming days" (`event_modality.future_time_words`, `future_time_modifiers`
    with a time unit). A past-tense verb is left alone ("agreed to meet next week": the agreement
    happened; the meeting is the complement's own word) unless `any_tense` (a verb of planning)."""
    if (token.tag_ in {"VBD", "VBN"} and not any_tense) or not (lexicon.future_time_words or lexicon.future_time_modifiers):
        return False
    for child in token.children:
        if child.dep_ not in {"npadvmod", "prep", "advmod", "tmod", "obl"}:
            continue
        words = [word for word in child.subtree]
        if any(word.lower_ in lexicon.future_time_words for word in words):
            return True
        for word in words:
            if word.lemma_.lower() in lexicon.time_units and any(
                    mod.lower_ in lexicon.future_time_modifiers for mod in word.children if mod.dep_ in {"amod", "det", "compound"}):
                return True
    return False


def _ahead(token: Token, lexicon: EventLexicon) -> bool:
    """A noun after "ahead of", "in the run-up to" (`event_modality.future_prepositions`): "said on
    Saturday ahead of a one-day meeting in Kuwait": the meeting is still to come."""
    if token.dep_ != "pobj" or token.head.i == token.i or not lexicon.future_prepositions:
        return False
    preposition = token.head
    before = " ".join(word.lower_ for word in token.doc[max(0, preposition.i - 3) : preposition.i + 1])
    return any(f" {before}".endswith(f" {phrase}") for phrase in lexicon.future_prepositions)
