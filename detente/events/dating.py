"""Event dates: which date an event takes from its sentence, its story and its article.

An analyst reads an event's date as *when it happened*. So:

1. A date expression in the event's own sentence dates it (`detente.timex` finds and resolves
   them against the publication date). Which one, by the parse: one inside the trigger's own
   phrase or hanging from its verb, then one hanging from the verbs whose clauses hold it ("said
   on Monday that ..."), then the nearest in its clause ("On November 27, Bern demanded
   explanations about overflights in 2003" is November 27). Clauses that describe a noun and do
   not hold the trigger are blanked first ("the alliance, founded in 1949, refused ..." is not
   dated 1949); a year or a month before a noun the event follows names that noun ("after the
   February assassination"); a done act is never dated by a day still to come, but a day its own
   verb names whose year only the weak "-ed" of that verb placed ahead is read backwards ("attacked
   the town on Dec. 3" in an October story is last December); an act in the
   perfect that no expression hangs from ("the troops X has deployed") is not dated by them; a
   time another clause joined by "and"/"but" names more than a month away is that clause's when
   the event's clause tells today's news ("the rebels seized the town in 2019, and the
   government said it expelled the envoy"); an act told in a
   clause opened by "after"/"before" is not dated by a day the clause above names ("expelled
   him on Friday after he defected"); an expression the parser hung on a complement without
   "that" but that stands before its subject is the verb above's ("said on Monday it had
   signed the deal in 2019" is 2019). An act still to come that the sentence only
   plans or awaits ("issued on Monday a letter allowing him to travel", "said on Saturday
   ahead of a meeting") is dated only by an expression inside its own phrase: the sentence's
   day is when it was planned, not when it happens.
2. A sentence with no date expression dates its event only when the event is reported as
   today's news: a past-tense act in the story's lead (also one in the past perfect that a
   reporting verb governs there: "police said they had arrested two suspects"), an act a
   reporting verb in the past governs ("Chirac said, during talks with ..."), an ongoing one ("is hosting"), or a
   statement in a quote made in the present or future tense (dated when it was said). That
   date is the nearest day named in the few sentences before (a story that says "said on
   Sunday" in its lead and "he also said" later means Sunday), else the publication date.
3. Anything else with no date expression has no date rather than the publication day:
   background ("had been sentenced", a past-tense act deep in the story that no reporting verb
   governs, past deeds told in a quote, a clause describing a noun past the lead: "the siege
   imposed on", "the charges the group was planning"), ongoing states ("has backed",
   "supports"), and acts that are only planned, expected, possible or owed ("will continue",
   "are likely to issue", "must receive").

An act dated "since" a day runs from it to the publication date and takes the precision holding
that span ("have killed 500 since Wednesday" is that month, or no date when the span crosses a
year); an expression in a clause under the trigger whose modal puts it at another time ("pledged
that in 2000 it would lift ...") does not date the trigger.

Relative expressions count from the publication date, or from the dateline's day when the
dateline names one up to a week before it ("BEIJING, Nov. 13 (Xinhua) --" on a story stamped
the 14th; the patterns are the cleaner's, in `data/metadata.yaml`); "a year earlier" or "two
days later" count from the date the few sentences before name, when their own sentence names none. An undated article's
estimated publication interval resolves relative expressions when that
gives a month or a day; a mere year from the interval is left out (the analysis shows the
interval itself, which says more). The words these rules read are in
`data/lang/en/dating.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from spacy.tokens import Span, Token

from detente.clean.metadata import opening_datelines
from detente.records import Article
from detente.resources import load_data
from detente.timex import (ANCHORED_KINDS, TimeExpression, best_expression, find_time_expressions, parse_published,
                           since_value)

__all__ = ["DatingWords", "event_date_of", "load_dating_words", "publication_reference", "tense_of", "without_side_clauses"]

DATA_FILE = "lang/en/dating.yaml"
_SIDE_CLAUSES = frozenset({"acl", "relcl", "appos"})
_AUX_DEPS = frozenset({"aux", "auxpass"})
_RELATIVE_DAY_KINDS = frozenset({"weekday", "relative_day"})
_DONE_TENSES = frozenset({"past", "past_perfect", "perfect"})
_PERFECT_AUXILIARIES = frozenset({"has", "have", "had", "'ve", "'d"})
_DEADLINES = frozenset({"by", "until", "till"})
_SINCE_MARKS = frozenset({"since"})  # the word of timex's "since" relation, opening a clause
# Prepositions that put an event before or after the noun they introduce ("after the February
# assassination"): that noun's date is not the event's.
_SEQUENCE_WORDS = frozenset({"after", "before", "since", "until", "till", "following"})
# Links from an event noun up to the verb it is an argument of ("held talks on Monday").
_NOUN_LINKS = frozenset({"dobj", "nsubj", "nsubjpass", "pobj", "prep", "attr", "conj", "compound", "appos", "npadvmod"})
# Links from a verb up to the verb whose clause holds it ("said on Monday that it killed").
_CLAUSE_LINKS = frozenset({"ccomp", "xcomp", "advcl", "conj", "parataxis", "acomp"})
Dated = tuple[str | None, str | None]
NO_DATE: Dated = (None, None)


@dataclass(frozen=True)
class DatingWords:
    """The word lists and counts of `data/lang/en/dating.yaml` (see its header)."""

    future_auxiliaries: frozenset[str]
    modal_auxiliaries: frozenset[str]
    perfect_auxiliaries: frozenset[str]
    past_perfect_auxiliaries: frozenset[str]
    reporting_verbs: frozenset[str]
    prospective_heads: frozenset[str]
    prospective_verbs: frozenset[str] = frozenset()
    sequence_marks: frozenset[str] = frozenset()
    recency_words: frozenset[str] = frozenset()
    standing_verbs: frozenset[str] = frozenset()
    lead_sentences: int = 2
    inherit_sentences: int = 2
    # The cleaner's dateline patterns (`data/metadata.yaml`) that name a day: "BEIJING, Nov. 13 (Xinhua) --".
    dateline_patterns: tuple[re.Pattern[str], ...] = ()


def load_dating_words(extra_files: tuple[Path, ...] = ()) -> DatingWords:
    """Read the dating words and the dateline patterns (optionally extended by user YAML files of
    the same shape). A plain loader: the caller loads them once per process and passes them to
    `event_date_of` (issue 13: no hidden per-process state)."""
    data = load_data(DATA_FILE, extra_files)
    datelines = load_data("metadata.yaml").get("dateline_patterns") or []

    def words(key: str) -> frozenset[str]:
        return frozenset(str(word).lower() for word in data.get(key) or ())

    return DatingWords(
        future_auxiliaries=words("future_auxiliaries"), modal_auxiliaries=words("modal_auxiliaries"),
        perfect_auxiliaries=words("perfect_auxiliaries"), past_perfect_auxiliaries=words("past_perfect_auxiliaries"),
        reporting_verbs=words("reporting_verbs"), prospective_heads=words("prospective_heads"),
        prospective_verbs=words("prospective_verbs"), sequence_marks=words("sequence_marks"),
        recency_words=words("recency_words"), standing_verbs=words("standing_verbs"),
        lead_sentences=int(data.get("lead_sentences", 2)), inherit_sentences=int(data.get("inherit_sentences", 2)),
        dateline_patterns=tuple(re.compile(pattern) for pattern in datelines if "?P<date>" in pattern))


def event_date_of(sentence: Span, trigger: Token, article: Article, future: bool,
                  words: DatingWords | None = None) -> Dated:
    """The (ISO date, precision) of the event whose trigger is `trigger`, or (None, None).

    `words` are `load_dating_words()`, loaded once by the caller; without them they are read
    from disk on every call (a millisecond each: only for callers that do not pass them yet)."""
    words = words if words is not None else load_dating_words()
    article = _anchored(article, sentence.doc[:30].text, words)  # Doc.text would join the whole article
    stated = _sentence_date(sentence, trigger, article, future, words)
    if stated is not None:
        return stated
    if not _current(sentence, trigger, publication_reference(article), words):
        return NO_DATE
    return _story_day(sentence, article, words)


def _sentence_date(sentence: Span, trigger: Token, article: Article, future: bool, words: DatingWords) -> Dated | None:
    """The date the sentence's expressions give the event, (None, None) when they date it to
    nothing, None when none of them governs it."""
    text = without_side_clauses(sentence, trigger)
    anchor = trigger.idx - sentence.start_char
    found = _expressions(text, article, future)
    if not found:
        return None
    # "ruled on Friday that he may travel on November 2": a clause still to come looks forward.
    ahead = future or tense_of(trigger, words) in ("future", "modal")
    told = _narrative(sentence, article, words) if any(item.kind in ANCHORED_KINDS for item in found) else None
    return _stated(text, sentence, trigger, article, ahead, anchor, words, told)


def _narrative(sentence: Span, article: Article, words: DatingWords) -> str | None:
    """The date the story named last in the few sentences before ("The ceasefire was signed in
    2004. A year earlier, ..."): what "a year earlier" or "two days later" count from when their
    own sentence names none; None when those sentences name no past date."""
    published = publication_reference(article)
    for other in _previous(sentence, max(0, words.inherit_sentences)):
        found = [item for item in find_time_expressions(other.text, published) if item.value and not item.forward]
        if found:
            return found[-1].value
    return None


def publication_reference(article: Article) -> str | None:
    """What dates the article: its publication date, else the interval the text bounds it by."""
    interval = article.published_interval
    if article.published or interval is None or not (interval.earliest and interval.latest):
        return article.published
    return f"{interval.earliest}/{interval.latest}"


def _anchored(article: Article, text: str, words: DatingWords) -> Article:
    """The article dated by its dateline's day ("BEIJING, Nov. 13 (Xinhua) --") when that day is
    the publication day or up to a week before it: "yesterday" and undated news are then counted
    from the day the story was filed, not from a later time stamp."""
    if not article.published:
        return article
    reference = parse_published(article.published)
    if reference is None or reference[2] != "day":
        return article
    for match in opening_datelines(text, words.dateline_patterns):
        if not match.group("date"):
            continue
        found = [item for item in find_time_expressions(match.group("date"), article.published) if item.precision == "day"]
        if found and found[0].value and 0 < (reference[0] - parse_published(found[0].value)[0]).days <= 7:
            return replace(article, published=found[0].value, published_precision="day")
        return article
    return article


def without_side_clauses(sentence: Span, trigger: Token) -> str:
    """The sentence with clauses that describe a noun and do not hold the trigger blanked out
    (same length, so offsets hold): "the alliance, founded in 1949, refused ..." is not dated
    by 1949. An apposition of a time to a time ("at 9:05 a.m. (3:05 GMT) Tuesday") restates
    when, and stays."""
    text = sentence.text
    blanks: list[tuple[int, int]] = []
    for token in sentence:
        if token.dep_ == "appos" and _time_word(token) and _time_word(token.head):
            continue
        if token.dep_ in _SIDE_CLAUSES and not (token.left_edge.i <= trigger.i <= token.right_edge.i):
            blanks.append((token.left_edge.idx - sentence.start_char, token.right_edge.idx + len(token.right_edge) - sentence.start_char))
    for begin, end in blanks:
        text = text[:begin] + " " * (end - begin) + text[end:]
    return text


def _time_word(token: Token) -> bool:
    """The parser's named-entity reading puts the token in a date or a time of day."""
    return token.ent_type_ in ("DATE", "TIME")


# ---- a date expression in the sentence


def _expressions(text: str, article: Article, future: bool) -> list[TimeExpression]:
    """The sentence's time expressions, resolved against what dates the article."""
    return find_time_expressions(text, publication_reference(article), future=future)


def _stated(text: str, sentence: Span, trigger: Token, article: Article, future: bool, anchor: int,
            words: DatingWords, narrative: str | None = None) -> Dated | None:
    """The date the sentence's own expressions give the event (see the module's rule 1), or None
    when none of them governs it."""
    own = _own_phrase(trigger, words)
    done = tense_of(trigger, words) in _DONE_TENSES  # "promised to repair ...": the promise is done
    published = publication_reference(article)
    if article.published or published is None:
        return _chosen(text, article.published, future, anchor, own, sentence, trigger, done, narrative, words)
    stated = _chosen(text, None, future, anchor, own, sentence, trigger, done, narrative, words)
    if stated is None or stated[0] is not None:
        return stated
    relative = _chosen(text, published, future, anchor, own, sentence, trigger, done, narrative, words)
    return relative if relative is None or relative[1] in ("day", "month") else NO_DATE


def _chosen(text: str, published: str | None, future: bool, anchor: int, own: tuple[int, int] | None,
            sentence: Span, trigger: Token, done: bool = False, narrative: str | None = None,
            words: DatingWords | None = None) -> Dated | None:
    """The date the expressions give, (None, None) when they date it to nothing, None when none
    of them governs the trigger; `narrative`: the story's last named date (`_narrative`)."""
    expressions = find_time_expressions(text, published, future=future, narrative=narrative)
    # "voted against the 1994 act", and for an intent "promised to repair roads for the November
    # summit": the year or day names another noun, not when the event happened.
    expressions = [item for item in expressions if not _dates_other_noun(item, sentence, trigger, future)]
    if done:
        # "promised to repair roads for the summit in November next year": a past act is not
        # dated by a day still to come.
        expressions = _read_back(expressions, text, published, future, narrative, sentence, trigger)
    elif not future:
        # "is proposing to install solar panels by 2030": a deadline to come dates the goal, not
        # an act that is not itself still to come.
        expressions = [item for item in expressions if not (item.relation in _DEADLINES and _after(item, published))]
    side = _side_clause(trigger)
    if side is not None and _perfect_within(trigger, side):
        # "the troops Addis Ababa has deployed": a clause in the perfect describing a noun tells a
        # state reached before; it is dated only by what it says itself or by the noun's own date,
        # not by the day of the clause around it.
        low, high = side.left_edge.idx - sentence.start_char, side.right_edge.idx + len(side.right_edge) - sentence.start_char
        expressions = [item for item in expressions if low <= item.start and item.end <= high
                       or _attachment(item, sentence) == side.head.i or _holds_trigger(item, sentence, trigger)]
    if not expressions:
        return None
    if own is not None:
        low, high = own[0] - sentence.start_char, own[1] - sentence.start_char
        expressions = [item for item in expressions if low <= item.start and item.end <= high]
    else:
        # An expression inside the trigger's own phrase governs it before one of the clause above
        # ("ruled on Friday that he may travel on November 2"); then one attached to the verbs
        # the trigger hangs from ("On November 27, the government demanded explanations about
        # overflights in 2003": the day, not the year of the overflights).
        low, high = trigger.left_edge.idx - sentence.start_char, trigger.right_edge.idx + len(trigger.right_edge) - sentence.start_char
        # "the rebels seized the town in 2019, and the government expelled the envoy": a time of
        # another act's clause is not the trigger's
        others = {id(item) for item in expressions if _other_act(item, sentence, trigger, published, words)}
        attached = [(item, _attachment(item, sentence)) for item in expressions if item.value and id(item) not in others]
        inside = [item for item, head in attached
                  if low <= item.start and item.end <= high and not _in_clause_below(head, trigger)
                  or _holds_trigger(item, sentence, trigger)]
        near, above = _spine(trigger)
        own_verb = [item for item, head in attached if head in near]
        governing = [item for item, head in attached if head in above]
        # else any expression of the sentence (parses misplace some), but not one in a clause of
        # its own under the trigger
        rest = [] if _perfect_clause(trigger) else [
            item for item in expressions
            if not _in_clause_below(_attachment(item, sentence), trigger) and id(item) not in others]
        expressions = own_verb or inside or governing or rest
        if not expressions:
            # "the troops the Islamists say Addis Ababa has deployed": a state reached before, in
            # a clause no expression of the sentence hangs from.
            return None
        expressions = _outside_sequence(expressions, sentence, trigger, words)
        if not expressions:
            return NO_DATE
    best = best_expression(text, expressions, future=future, anchor=anchor)
    if best is None:
        return NO_DATE
    if (best.relation == "since" or _in_since_clause(best, sentence, trigger)) and not _names_time_of(best, sentence, trigger):
        return _since(best, published)
    return best.value, best.precision


def _read_back(expressions: list[TimeExpression], text: str, published: str | None, future: bool,
               narrative: str | None, sentence: Span, trigger: Token) -> list[TimeExpression]:
    """The expressions that may date a done act: none still to come, except that a day hanging
    from the act itself whose tense only a weak cue gave is read backwards instead ("attacked
    the town on Dec. 3" in an October story: the cues took the nearer, coming December; the
    parse says the attack is past, so it is last December). A day hanging elsewhere ("announced
    a dividend payable Dec. 7") keeps its reading, and is left out."""
    if not any(_after(item, published) for item in expressions):
        return expressions
    backwards = {(item.start, item.end): item
                 for item in find_time_expressions(text, published, future=future, narrative=narrative, past=True)}
    near, _ = _spine(trigger)
    kept: list[TimeExpression] = []
    for item in expressions:
        if not _after(item, published):
            kept.append(item)
            continue
        other = backwards.get((item.start, item.end))
        if other is not None and other.value and not _after(other, published) and _attachment(item, sentence) in near:
            kept.append(other)
    return kept


def _names_time_of(item: TimeExpression, sentence: Span, trigger: Token) -> bool:
    """The trigger sits in a clause describing the expression's own words ("had not met since
    June 2014, when NATO suspended cooperation"): the day is when the trigger happened; "since"
    spans the days of the verb above ("met"), not of the clause that names the day."""
    low, high = sentence.start_char + item.start, sentence.start_char + item.end
    return any(low <= ancestor.idx < high for ancestor in trigger.ancestors)


def _since(item: TimeExpression, published: str | None) -> Dated:
    """"have killed 500 fighters since Wednesday": the act spans the days from that one to the
    publication date, so it is dated at the precision holding them all (the month, the year, or
    nothing), not as Wednesday; without a publication date it has no end, and no date."""
    spanned = since_value(item.value, published)
    return spanned if spanned is not None else NO_DATE


_CLAUSE_BELOW = frozenset({"ccomp", "advcl", "parataxis"})


_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


def _other_act(item: TimeExpression, sentence: Span, trigger: Token, published: str | None,
               words: DatingWords | None) -> bool:
    """The expression belongs to another act than the trigger's, by the token it hangs from: a
    clause of its own joined by "and"/"but" that names a time more than a month before the
    article or after it, when the trigger's clause tells today's news ("the rebels seized the
    town in 2019, but the government says it has expelled the envoy": 2019 is the seizure's; a
    recent day may be the news day of both), on either side (but a verb above both still dates
    both: "said on Sunday that troops withdrew and rebels seized")."""
    head = _attachment(item, sentence)
    if head is None:
        return False
    expression_side = _path_up(trigger.doc[head])
    trigger_side = _path_up(trigger)
    common = next((token for token in expression_side if token in trigger_side), None)
    if common is None:
        return False
    if not _outside_news_month(item, published) or not _todays_clause(trigger, trigger_side[: trigger_side.index(common) + 1], words):
        return False
    if any(_own_clause_conjunct(token) for token in expression_side[: expression_side.index(common)]):
        return True
    # on the trigger's side only the conjunct joined to the expression's own clause: a verb above
    # both dates both ("said on Sunday that troops withdrew and rebels seized"), and so does an expression
    # fronted before the first clause's subject ("In June, the leaders fell out and X was arrested")
    return any(_own_clause_conjunct(token) and token.head.i == common.i and not _fronted(sentence.start_char + item.start, common)
               for token in trigger_side[: trigger_side.index(common)])


def _todays_clause(trigger: Token, clause: list[Token], words: DatingWords | None) -> bool:
    """The trigger's clause tells today's news, not a narrative that a sibling clause's time may
    carry on ("police raided the house in May, and the suspect fled"): a reporting verb in it
    ("the navy said it blocked"), or a present, perfect or progressive tense ("has expelled")."""
    if words is None:
        return False
    if tense_of(trigger, words) in ("present", "perfect", "progressive"):
        return True
    return any(token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in words.reporting_verbs for token in clause)


def _outside_news_month(item: TimeExpression, published: str | None) -> bool:
    """The expression names a time wholly more than a month before the publication date, or after
    it: not the news of the day."""
    reference = parse_published(published)
    if reference is None or item.span is None:
        return False
    return item.span[1] < reference[0] - timedelta(days=31) or item.span[0] > reference[1]


def _fronted(offset: int, verb: Token) -> bool:
    """The text at character `offset` comes before the verb's subject: it opens the clause and so
    scopes over all its conjuncts ("In June, the leaders fell out, and Pol Pot was arrested")."""
    subjects = [child for child in verb.children if child.dep_ in _SUBJECTS]
    return bool(subjects) and offset < subjects[0].left_edge.idx


def _outside_sequence(expressions: list[TimeExpression], sentence: Span, trigger: Token,
                      words: DatingWords | None) -> list[TimeExpression]:
    """The expressions that may date an act told in a clause or phrase opened by a word of
    sequence ("expelled him on Friday after he defected", "before rebels attacked"): a day named
    outside that clause is the other act's, and the act before or after it may fall on any day;
    a month or a year still holds it, and an expression inside the clause is its own."""
    marks = words.sequence_marks if words is not None else frozenset()
    clause = next((token for token in _path_up(trigger) if _opened_by(token, marks)), None)
    if clause is None:
        return expressions
    low = clause.left_edge.idx - sentence.start_char
    high = clause.right_edge.idx + len(clause.right_edge) - sentence.start_char
    return [item for item in expressions if item.precision != "day" or low <= item.start and item.end <= high]


def _path_up(token: Token) -> list[Token]:
    """The token and its ancestors, nearest first."""
    return [token, *token.ancestors]


def _own_clause_conjunct(token: Token) -> bool:
    """A verb joined by a conjunction that has a subject of its own: another clause, another act
    ("..., and the government expelled"), not a shared one ("seized the town and held it")."""
    return token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") and any(child.dep_ in _SUBJECTS for child in token.children)


def _opened_by(token: Token, marks: frozenset[str]) -> bool:
    """A clause or phrase opened by one of `marks` ("after rebels attacked", "before the vote"):
    the token is that clause's verb or that preposition."""
    if token.dep_ == "prep" and token.lower_ in marks:
        return True
    return token.dep_ == "advcl" and any(child.dep_ == "mark" and child.lower_ in marks for child in token.children)


def _in_clause_below(head: int | None, trigger: Token) -> bool:
    """The token `head` sits in a clause of its own under the trigger whose modal puts it at
    another time ("pledged that in the year 2000 it would lift the limits": 2000 dates the
    lifting, not the pledge), or in an adverbial clause of a lower act ("criticized him for
    closing the office when he took power in 2015"). A past clause below may share the trigger's
    time ("under a deal agreed last month, the government agreed to ...", which the parse may
    hang below)."""
    if head is None:
        return False
    current = trigger.doc[head]
    lower_when = False
    for _ in range(12):
        if current.i == trigger.i:
            return lower_when
        if current.head.i == current.i:
            return False
        if current.dep_ in _CLAUSE_BELOW and current.pos_ in ("VERB", "AUX") and any(
                child.dep_ in _AUX_DEPS and child.tag_ == "MD" for child in current.children):
            return True
        # "criticized the governor for closing the office when he took power in 2015": a clause
        # telling when a lower act happened dates that act, not the trigger above it
        lower_when = lower_when or (current.dep_ == "advcl" and current.head.i != trigger.i)
        current = current.head
    return False


def _in_since_clause(item: TimeExpression, sentence: Span, trigger: Token) -> bool:
    """The expression sits in a clause opened by "since" that hangs from the trigger's own verbs
    ("has opposed the alliance since it bombed Serbia in 1999"): it begins the act, as "since
    1999" would."""
    head = _attachment(item, sentence)
    if head is None:
        return False
    near, _ = _spine(trigger)
    for token in _path_up(trigger.doc[head]):
        if token.i in near:
            return False
        if token.dep_ == "advcl" and token.head.i in near and any(
                child.dep_ == "mark" and child.lower_ in _SINCE_MARKS for child in token.children):
            return True
    return False


def _after(item: TimeExpression, published: str | None) -> bool:
    """The expression names a time wholly after the publication date."""
    span, reference = parse_published(item.value), parse_published(published)
    return item.forward if span is None or reference is None else span[0] > reference[1]


def _modified_noun(item: TimeExpression, sentence: Span) -> Token | None:
    """The noun the expression modifies ("the summit in November", "the 1994 act"), if it does."""
    span = sentence.char_span(item.start, item.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    if token.dep_ == "pobj" and token.head.dep_ == "prep":
        noun = token.head.head
    elif token.dep_ in ("compound", "nummod", "amod", "nmod", "poss"):
        noun = token.head
    else:
        return None
    return noun if noun.pos_ in ("NOUN", "PROPN") else None


def _dates_other_noun(item: TimeExpression, sentence: Span, trigger: Token, future: bool) -> bool:
    """The expression names another noun than the event: a year before a noun ("voted against
    the 1994 act"), a month before one ("after the February assassination", "five months before
    the March revolt"), and, for an intent, any noun it modifies ("promised to repair roads for
    the November summit")."""
    if future or item.kind == "year_of":
        return _describes_other_noun(item, sentence, trigger)
    if item.kind == "month" and not item.relation:
        noun = _modified_noun(item, sentence)
        span = sentence.char_span(item.start, item.end, alignment_mode="expand")
        if noun is None or span is None or span.root.i > noun.i or span.root.dep_ == "pobj":
            return False
        # only a noun the event follows or precedes: "fell in the October 1987 crash" is dated by it
        preposition = noun.head if noun.dep_ == "pobj" else None
        sequence = preposition is not None and preposition.lower_ in _SEQUENCE_WORDS
        return sequence and not noun.left_edge.i <= trigger.i <= noun.right_edge.i
    return False


def _describes_other_noun(item: TimeExpression, sentence: Span, trigger: Token) -> bool:
    """The expression modifies a noun that is not the trigger and does not hold it, so it dates
    that noun."""
    noun = _modified_noun(item, sentence)
    return noun is not None and not noun.left_edge.i <= trigger.i <= noun.right_edge.i


def _attachment(item: TimeExpression, sentence: Span) -> int | None:
    """The token an expression hangs from ("On Monday" -> the verb it modifies, "the summit in
    November" -> "summit"), as a token index, or None."""
    span = sentence.char_span(item.start, item.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    if root.head.i == root.i:
        return None
    return _matrix_verb(span, root.head).i


def _matrix_verb(span: Span, head: Token) -> Token:
    """The verb an expression really hangs from when the parser gave it to a complement clause
    without "that" ("Iran said on Monday it had signed ...": Monday is the saying's): an
    expression after the verb above and before the complement's subject, with no "that" before
    it, modifies the verb above."""
    if head.dep_ != "ccomp" or head.head.i > span.start:
        return head
    subjects = [child for child in head.children if child.dep_ in _SUBJECTS]
    marks = [child for child in head.children if child.dep_ == "mark" and child.i < span.start]
    if subjects and span.end <= subjects[0].left_edge.i and not marks:
        return head.head
    return head


def _spine(trigger: Token) -> tuple[set[int], set[int]]:
    """The tokens whose expressions date the event: the trigger and, for an event noun, the verb
    it is an argument of ("held talks on Monday"); then the verbs above whose clauses hold it
    (complements, not clauses describing a noun: "said on Monday that it killed")."""
    near = {trigger.i}
    current = trigger
    for _ in range(5):
        if current.pos_ in ("VERB", "AUX") or current.dep_ not in _NOUN_LINKS or current.head.i == current.i:
            break
        current = current.head
        near.add(current.i)
    above: set[int] = set()
    for _ in range(8):
        if current.head.i == current.i:
            break
        if current.dep_ == "pcomp" and current.head.dep_ == "prep":  # "led to Syria withdrawing"
            current = current.head
        elif current.dep_ not in _CLAUSE_LINKS:
            break
        sibling = _own_clause_conjunct(current)  # "..., and the government expelled": not the other act's day
        current = current.head
        if not sibling:
            above.add(current.i)
    return near, above


def _side_clause(trigger: Token) -> Token | None:
    """The verb of the clause describing a noun that holds the trigger ("the troops Addis Ababa
    has deployed"), or None when the trigger is in the sentence's main line."""
    current = trigger
    for _ in range(12):
        if current.dep_ in ("relcl", "acl") and current.pos_ in ("VERB", "AUX"):
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _ongoing(verb: Token) -> bool:
    """A progressive verb ("who were patrolling", "a meeting being held here"): it shares the
    time of the clause around it."""
    return verb.tag_ == "VBG" or any(child.dep_ in _AUX_DEPS and child.tag_ == "VBG" for child in verb.children)


def _perfect(verb: Token | None) -> bool:
    """A verb in the perfect ("has deployed", "had been imposed")."""
    return verb is not None and any(child.dep_ in _AUX_DEPS and child.lower_ in _PERFECT_AUXILIARIES
                                    for child in verb.children)


def _perfect_clause(trigger: Token) -> bool:
    """The trigger's own verb is in the perfect ("has deployed", "had been sentenced"); an event
    noun takes the verb it is an argument of."""
    current = trigger
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX"):
            return _perfect(current)
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _perfect_within(trigger: Token, side: Token) -> bool:
    """A verb in the perfect from the trigger up to the clause describing a noun ("the troops the
    rebels say Addis Ababa has deployed")."""
    current = trigger
    for _ in range(12):
        if _perfect(current):
            return True
        if current.i == side.i or current.head.i == current.i:
            return False
        current = current.head
    return False


def _recalled(side: Token | None) -> bool:
    """A clause describing a noun that recalls a known fact: a participle ("the siege imposed
    on", "troops deployed in") or a relative clause ("the charges the group was planning"), but
    not one that tells when or where the noun happened ("the incident, when soldiers raided a
    house": that is the news itself) nor an ongoing one."""
    if side is None or (_ongoing(side) and not any(child.dep_ in _AUX_DEPS and child.tag_ == "VBD" for child in side.children)):
        return False  # "a meeting being held here" is going on now; "was planning" was not
    if side.dep_ == "acl":  # "an accusation denied by the government": an act with its actor is news
        return side.tag_ == "VBN" and not any(child.dep_ == "agent" for child in side.children)
    return not any(child.dep_ == "advmod" and child.lower_ in ("when", "where", "as", "while") for child in side.children)


def _holds_trigger(item: TimeExpression, sentence: Span, trigger: Token) -> bool:
    """A year naming a noun whose phrase holds the trigger ("a 1975 coup in which he was killed")."""
    noun = _modified_noun(item, sentence) if item.kind == "year_of" else None
    return noun is not None and noun.left_edge.i <= trigger.i <= noun.right_edge.i


def _own_phrase(trigger: Token, words: DatingWords) -> tuple[int, int] | None:
    """The character range that alone may date an act still to come, or None for any other act:
    "for him to travel", "an ultimatum for Ethiopia to withdraw" (an infinitive with its own
    subject: a permission, demand or deadline, not a purpose like "attended a conference to
    urge ..."), an infinitive completing a noun ("a chance to fight in court", "the decision to
    send troops": a possibility or a plan), and a noun "ahead of"/"before" something."""
    infinitive = _infinitive(trigger) and any(child.dep_ == "mark" and child.lower_ == "for" for child in trigger.children)
    infinitive = infinitive or _noun_infinitive(trigger)
    head = trigger.head
    prospective = trigger.pos_ in ("NOUN", "PROPN") and head.dep_ == "prep" and (
        head.lower_ in words.prospective_heads or (head.lower_ in ("of", "to") and head.head.lower_ in words.prospective_heads))
    if not (infinitive or prospective):
        return None
    return trigger.left_edge.idx, trigger.right_edge.idx + len(trigger.right_edge)


# ---- no date expression: current news or not


def tense_of(token: Token, words: DatingWords) -> str:
    """The tense of the clause a trigger sits in: future, modal, infinitive, past_perfect,
    perfect, past, progressive, present, or none (no finite verb found)."""
    if _prospective(token, words):
        return "future"
    verb = _clause_verb(token)
    if verb is None:
        return "none"
    auxiliaries = [child for child in verb.children if child.dep_ in _AUX_DEPS]
    lowered = {child.lower_ for child in auxiliaries}
    if lowered & words.future_auxiliaries:
        return "future"
    if lowered & words.modal_auxiliaries or any(child.tag_ == "MD" for child in auxiliaries):
        return "modal"
    if _infinitive(verb):
        return "infinitive"
    if lowered & words.past_perfect_auxiliaries:
        return "past_perfect"
    if lowered & words.perfect_auxiliaries:
        return "perfect"
    if verb.tag_ == "VBD" or any(child.tag_ == "VBD" for child in auxiliaries):
        return "past"
    if verb.tag_ == "VBG" and auxiliaries:
        return "progressive"
    if verb.tag_ in ("VBZ", "VBP") or any(child.tag_ in ("VBZ", "VBP") for child in auxiliaries):
        return "present"
    return "none"


def _prospective(token: Token, words: DatingWords) -> bool:
    """An act in an infinitive that a word of intent or expectation governs ("are likely to
    issue an ultimatum", "plans to try to hold"): still to come, whatever that word's tense."""
    current = token
    for _ in range(4):
        if not _infinitive(current) or current.head.i == current.i:
            return False
        if current.head.lemma_.lower() in words.prospective_verbs or current.head.lower_ in words.prospective_verbs:
            return True
        current = current.head
    return False


def _clause_verb(token: Token) -> Token | None:
    """The finite verb of the trigger's clause: the trigger, or the first verb above a noun,
    a gerund or a bare participle ("after meeting with", "the troops deployed in")."""
    current = token
    for _ in range(10):
        if current.pos_ in ("VERB", "AUX") and not _infinitive(current) and (
                current.tag_ not in ("VBG", "VBN") or any(child.dep_ in _AUX_DEPS for child in current.children)):
            return current
        if _infinitive(current) and any(child.dep_ == "mark" and child.lower_ == "for" for child in current.children):
            return current  # "for him to travel": its own clause, still to come
        if _noun_infinitive(current):
            return current  # "a chance to fight in court": a possibility, still to come
        if current.head.i == current.i:
            return current if current.pos_ in ("VERB", "AUX") else None
        current = current.head
    return None


def _noun_infinitive(token: Token) -> bool:
    """An infinitive completing a noun ("a chance to fight", "the decision to send troops"): the
    act is a possibility or a plan, not one that happened when the noun did."""
    return token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN") and _infinitive(token)


def _infinitive(token: Token) -> bool:
    """A verb with "to" ("to travel", "to have captured")."""
    return any(child.dep_ == "aux" and child.tag_ == "TO" for child in token.children)


def _current(sentence: Span, trigger: Token, published: str | None, words: DatingWords) -> bool:
    """Whether an event whose sentence names no date is reported as today's news (rule 2)."""
    tense = tense_of(trigger, words)
    if _quoted(sentence, trigger):
        # A statement made in the quote is dated when it was said, and so is what "has" just
        # happened; a past deed it tells is not.
        return tense not in ("past", "past_perfect")
    if tense == "past_perfect" and _reporting(trigger, words):
        # "Police said they had arrested two suspects": the backshifted news of a report, told in
        # the lead; deeper in the story the past perfect tells background ("he said he had met him")
        return _sentence_index(sentence, words.lead_sentences) < words.lead_sentences
    if tense in ("future", "modal", "infinitive", "past_perfect", "present"):
        return tense == "present" and _reporting(trigger, words)
    if tense == "progressive":
        return True
    lead = _sentence_index(sentence, words.lead_sentences) < words.lead_sentences
    if not lead and tense != "present" and _recalled(_side_clause(trigger)):
        # "the siege imposed on the Palestinians", "charges the group was planning to kill":
        # a clause describing a noun past the lead recalls what is known, not today's act.
        return False
    if tense == "perfect":
        # The present perfect tells news with a bearing on today ("Ethiopia has sent troops"): in
        # the lead, under a reporting verb ("said he has asked the embassy") or marked recent ("have
        # recently been vocal"); elsewhere too, unless its verb is one of standing ("has backed": a state
        # that holds) or the passage around it is dated older (s10 real-news audit: "have been put on
        # high alert" deep in a dated story was left undated).
        return (sentence.start == 0 or _sentence_index(sentence, 1) == 0 or _reporting(trigger, words)
                or _marked_recent(trigger, words)
                or not (_standing_perfect(trigger, words) or _older_passage(sentence, published, words)))
    if tense == "none":
        return lead
    # A past act deep in the story is today's news unless the passage around it is dated older.
    return lead or _reporting(trigger, words) or not _older_passage(sentence, published, words)


def _standing_perfect(trigger: Token, words: DatingWords) -> bool:
    """The perfect of a verb of standing (`standing_verbs`: "has backed the rebels", "has been the
    scene of attacks", "has witnessed attacks"): a state that holds, not an act of a day."""
    verb = _clause_verb(trigger)
    return verb is not None and verb.lemma_.lower() in words.standing_verbs


def _marked_recent(trigger: Token, words: DatingWords) -> bool:
    """The trigger's clause carries a word of recency ("has just signed", "have recently been")."""
    verb = _clause_verb(trigger)
    return verb is not None and any(child.dep_ == "advmod" and child.lower_ in words.recency_words
                                    for child in verb.children)


def _older_passage(sentence: Span, published: str | None, words: DatingWords) -> bool:
    """The sentence names a time more than a month before the article's date ("Chiluba, who ruled
    between 1992 and 2001, ..."), or the one before it is told at such a time (the expression its
    main verb takes): the passage is background. A sentence before that is told on a recent day
    and only mentions an old time ("The court on Friday rejected objections to a case over a
    bombing in 1988. Libya hailed the ruling") leaves the story in the news."""
    reference = parse_published(published)
    if reference is None:
        return False
    limit = reference[0] - timedelta(days=31)

    def old(item: TimeExpression) -> bool:
        # the days it may mean, also a span no precision holds ("who ruled between 1992 and 2001")
        return item.span is not None and not item.forward and item.span[1] < limit

    if any(old(item) for item in find_time_expressions(sentence.text, published)):
        return True
    for other in _previous(sentence, 1):
        found = [item for item in find_time_expressions(other.text, published) if item.span is not None]
        told = best_expression(other.text, found, anchor=other.root.idx - other.start_char)
        return old(told) if told is not None else any(old(item) for item in found)
    return False


def _reporting(trigger: Token, words: DatingWords) -> bool:
    """The trigger is, or hangs from, a reporting verb ("said", "told the court")."""
    current = trigger
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX") and current.lemma_.lower() in words.reporting_verbs:
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _quoted(sentence: Span, trigger: Token) -> bool:
    """The trigger sits inside quotation marks: opened earlier in its sentence, or closed later in
    it with none opened before the trigger (a quote that began in an earlier sentence)."""
    text = sentence.text
    cut = trigger.idx - sentence.start_char
    before, after = text[:cut], text[cut:]
    if "“" in before or "”" in before:
        return before.count("“") > before.count("”")
    straight = before.count('"') + before.count("``")
    if straight:
        return straight % 2 == 1
    if "”" in after:
        return after.find("“") < 0 or after.find("”") < after.find("“")
    return (after.count('"') + after.count("''")) % 2 == 1


def _sentence_index(sentence: Span, limit: int) -> int:
    """How many sentences of the article come before this one, counted up to `limit`."""
    count = 0
    for other in sentence.doc.sents:
        if other.start >= sentence.start or count >= limit:
            return count
        count += 1
    return count


def _previous(sentence: Span, count: int) -> list[Span]:
    """Up to `count` sentences before this one, the nearest first (walked back token by token,
    so that a long article is not scanned once per event)."""
    found: list[Span] = []
    start = sentence.start
    while start > 0 and len(found) < count:
        previous = sentence.doc[start - 1].sent
        found.append(previous)
        start = previous.start
    return found


def _story_day(sentence: Span, article: Article, words: DatingWords) -> Dated:
    """Today's news: the nearest day a recent sentence (or the lead) names, else the publication date."""
    published = article.published
    if published is None:
        reference = publication_reference(article)
        if reference is None:
            return NO_DATE
        span = parse_published(reference)
        if span is None or span[0] != span[1]:
            return NO_DATE
        return span[0].isoformat(), "day"
    candidates = _previous(sentence, max(0, words.inherit_sentences))
    if sentence.start > 0:
        lead = sentence.doc[0].sent
        if all(other.start != lead.start for other in candidates):
            candidates.append(lead)
    for other in candidates:
        named = _named_day(other, published)
        if named is not None:
            return named
    reference = parse_published(published)
    if reference is None:
        return NO_DATE
    low, high, precision = reference
    return (low.isoformat(), "day") if low == high else (published[: 7 if precision == "month" else 4], precision)


def _past_week(item: TimeExpression, published: str) -> bool:
    """"last week", "earlier this week", "last weekend": a week that ended before the publication day."""
    reference = parse_published(published)
    return (item.kind in ("period", "weekend") and "week" in item.text.lower() and item.span is not None
            and reference is not None and item.span[0] < reference[0] and item.span[1] <= reference[0])


def _named_day(sentence: Span, published: str) -> Dated | None:
    """A past day a sentence names relative to the story ("on Sunday", "yesterday"), or a past week
    ("last week", "earlier this week": a story about last week's events is not today's), if any."""
    found = [item for item in find_time_expressions(sentence.text, published)
             if not item.forward and item.value is not None and (
                 item.kind in _RELATIVE_DAY_KINDS and item.precision == "day" or _past_week(item, published))]
    if not found:
        return None
    root = sentence.root.idx - sentence.start_char
    best = best_expression(sentence.text, found, anchor=root)
    return (best.value, best.precision) if best is not None else None
