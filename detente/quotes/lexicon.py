"""The quote lexicon: `data/quotes.yaml` (plus user files) loaded once into frozen data.

The YAML file documents its own format. Loading compiles the one regex the text fallback
needs (every inflected form of every cue verb), so `find_quotes` does no setup per document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from detente.english import regular_forms
from detente.resources import load_data


@dataclass(frozen=True)
class QuotePair:
    """One kind of quotation marks; `apostrophe` marks pairs whose closer is also an apostrophe."""

    open: str
    close: str
    apostrophe: bool = False
    also_close: str = ""  # other marks that close this pair at a word end (mixed marks: `"...”`)


@dataclass(frozen=True)
class TextCues:
    """Patterns for cues next to a quote, read from the text when the parse cannot help
    (a quote mark glued to a word makes one token of `raised"said`)."""

    inverted: re.Pattern[str]  # after the quote: `, said a spokeswoman for the Alliance, Oana Lungescu.`
    subject_first: re.Pattern[str]  # after the quote: `Russian Foreign Minister Sergey Lavrov said`
    before: re.Pattern[str]  # before the quote: `Lavrov said on Monday: `
    interruption: re.Pattern[str]  # inside an unclosed quote: `..., said General Novak.`
    signature: re.Pattern[str]  # after the quote, a dash and a name: `” ― Maria Lopez`


@dataclass(frozen=True)
class QuoteLexicon:
    """Everything `find_quotes` knows about English quoting; immutable, shareable between workers."""

    pairs: tuple[QuotePair, ...]
    mark_digraphs: Mapping[str, str]  # two-character marks read as one: {"''": '"'}
    speech_verbs: frozenset[str]
    thought_verbs: frozenset[str]
    attitude_adjectives: frozenset[str]  # "is convinced that", "are confident that": the subject's attitude
    linking_verbs: frozenset[str]  # verbs an attitude adjective completes ("is convinced", "felt confident")
    reporting_verbs: frozenset[str]  # speech and thought verbs: their clause is reported
    framing_verbs: frozenset[str]  # object verbs that are no reporting verbs included
    speech_nouns: frozenset[str]
    object_verbs: frozenset[str]
    act_verbs: frozenset[str]  # their object is an act, not words: a quote only with marks inside
    stance_verbs: frozenset[str]  # wanting and planning: only an actor's, never a participle on a noun
    act_phrases: frozenset[str]  # "claim responsibility": a verb and object that make an act
    judging_prepositions: frozenset[str]  # "criticized X for Y", "praised X as Y": an act verb that reports
    requests: frozenset[str]  # act verbs that stay acts whatever follows ("asked him to ...")
    source_verbs: frozenset[str]  # "citing UN officials": an actor as object is a source, not words
    source_nouns: frozenset[str]  # nouns of such sources beside `speaker_nouns` ("sources", "witnesses")
    person_acts: frozenset[str]  # "showed pinpoint precision": a person's bare object is an act
    setting_prepositions: frozenset[str]  # a later "at a rally" of a verb of judging is no content
    setting_nouns: frozenset[str]  # nor is "in an interview", "on television"
    refusal_verbs: frozenset[str]  # "declined to say whether": a refused or negated report says nothing
    inference_verbs: frozenset[str]  # "seems to think", "suggests X understands": a thought nobody said
    request_needs_marks: bool  # "told X to do Y" is an order (an event) unless words are in marks
    not_speakers: frozenset[str]  # head nouns that never speak ("Photo", "signs", "the law")
    speaker_nouns: frozenset[str]  # common nouns that speak as a relative's antecedent ("the ministry, which said")
    narration_marks: frozenset[str]  # ", although ..." after the reported words is the reporter's
    narration_connectives: frozenset[str]  # "However X, noted Y": the sentence's opening connective is the reporter's
    continuing_marks: frozenset[str]  # "said that A, so B" (B parsed as the root) goes on with what was said
    generic_pronouns: frozenset[str]  # "you" in the reporter's words: the reader, never named from coreference
    require_speaker: bool  # words in marks nobody is found to say are no quote (a theme, a title)
    neutral_particles: frozenset[str]  # particles that leave a cue verb a cue ("speak up", "say so")
    cue_verbs: frozenset[str]  # every verb above, phrasal ones included
    as_verbs: frozenset[str]
    according_phrases: tuple[tuple[str, ...], ...]
    signature_abbreviations: frozenset[str]  # "― Acme Corp.": a signature's last word whose stop is its own
    cue_forms: re.Pattern[str]  # any inflected form of a cue verb, or an attitude adjective, as a whole word
    speech_forms: re.Pattern[str]  # the same without thought verbs: cues of speech proper
    text_cues: TextCues
    scare_max_words: int
    scare_phrase_max_words: int  # quoted words up to this long inside a noun phrase are scare quotes
    scare_determiners: frozenset[str]
    title_max_words: int
    title_small_words: frozenset[str]
    title_before: frozenset[str]
    min_indirect_words: int
    confidence: Mapping[str, float]
    title_nouns: frozenset[str] = frozenset()  # "the IAEA chief": a person's title under an organisation's name
    honorifics: frozenset[str] = frozenset()  # "Mr. King": the word before a surname, without its stop
    said_nouns: frozenset[str] = frozenset()  # "her account": a thing said, whose "her" is the speaker
    attitude_nouns: frozenset[str] = frozenset()  # "expressed concern that ...": the clause is the subject's
    claim_verbs: frozenset[str] = frozenset()  # "denied the report": a person as object makes an act ("denied him a visa")
    question_marks: frozenset[str] = frozenset()  # "unclear whether the judges would rule that ...": nothing said yet
    requesting_verbs: frozenset[str] = frozenset()  # "encouraged supporters to ask why ...": asked of them, not said

    @property
    def mark_chars(self) -> frozenset[str]:
        return frozenset(pair.open for pair in self.pairs) | frozenset(pair.close for pair in self.pairs)

    @cached_property
    def report_lemmas(self) -> frozenset[str]:
        """Lemmas a token needs to introduce a report: a reporting, object or "as" verb (the
        first word of a phrasal one) or a speech noun. Lets the quotes stage skip other tokens."""
        verbs = self.reporting_verbs | self.object_verbs | self.as_verbs
        return frozenset(verb.split()[0] for verb in verbs) | self.speech_nouns | self.attitude_adjectives | self.attitude_nouns

    @cached_property
    def phrase_starts(self) -> frozenset[str]:
        """First words of the "according to"-style phrases."""
        return frozenset(phrase[0] for phrase in self.according_phrases if phrase)


def load_quote_lexicon(extra_files: tuple[Path, ...] = ()) -> QuoteLexicon:
    """Load `quotes.yaml` merged with `extra_files` (about 50 ms). A plain loader, no module
    cache (issue 13): the runners load it once per process with the other resources
    (`annotate.load_nlp_resources`, kept in `stages.ResourceCache`); other callers keep the
    immutable result themselves and pass it on."""
    return build_lexicon(load_data("quotes.yaml", extra_files))


def build_lexicon(data: dict[str, Any]) -> QuoteLexicon:
    """Turn the YAML mapping into a `QuoteLexicon` (separate from loading so tests can pass data)."""
    speech = frozenset(str(verb).lower() for verb in data.get("speech_verbs", []))
    thought = frozenset(str(verb).lower() for verb in data.get("thought_verbs", []))
    objects = frozenset(str(verb).lower() for verb in data.get("object_verbs", []))
    framing = frozenset(str(verb).lower() for verb in data.get("framing_verbs", [])) | (objects - speech - thought)
    irregular = data.get("irregular_forms", {})
    attitudes = frozenset(str(word).lower() for word in data.get("attitude_adjectives", []))
    scare, titles = data.get("scare_quotes", {}), data.get("titles", {})
    return QuoteLexicon(
        pairs=tuple(QuotePair(str(item["open"]), str(item["close"]), bool(item.get("apostrophe", False)), str(item.get("also_close", "")))
                    for item in data.get("quote_marks", [])),
        mark_digraphs=MappingProxyType({str(key): str(value) for key, value in data.get("mark_digraphs", {}).items() if len(str(key)) > 1}),
        speech_verbs=speech,
        thought_verbs=thought,
        attitude_adjectives=attitudes,
        linking_verbs=frozenset(str(verb).lower() for verb in data.get("linking_verbs", [])),
        reporting_verbs=speech | thought,
        framing_verbs=framing,
        speech_nouns=frozenset(str(noun).lower() for noun in data.get("speech_nouns", [])),
        object_verbs=objects,
        act_verbs=frozenset(str(verb).lower() for verb in data.get("act_verbs", [])),
        stance_verbs=frozenset(str(verb).lower() for verb in data.get("stance_verbs", [])),
        act_phrases=frozenset(" ".join(str(phrase).lower().split()) for phrase in data.get("act_phrases", [])),
        judging_prepositions=frozenset(str(word).lower() for word in data.get("judging_prepositions", [])),
        requests=frozenset(str(verb).lower() for verb in data.get("requests", [])),
        source_verbs=frozenset(str(verb).lower() for verb in data.get("source_verbs", [])),
        source_nouns=frozenset(str(noun).lower() for noun in data.get("source_nouns", [])),
        person_acts=frozenset(str(verb).lower() for verb in data.get("person_acts", [])),
        setting_prepositions=frozenset(str(word).lower() for word in data.get("setting_prepositions", [])),
        setting_nouns=frozenset(str(word).lower() for word in data.get("setting_nouns", [])),
        refusal_verbs=frozenset(str(verb).lower() for verb in data.get("refusal_verbs", [])),
        inference_verbs=frozenset(str(verb).lower() for verb in data.get("inference_verbs", [])),
        request_needs_marks=bool(data.get("request_needs_marks", False)),
        not_speakers=frozenset(str(noun).lower() for noun in data.get("not_speakers", [])),
        speaker_nouns=frozenset(str(noun).lower() for noun in data.get("speaker_nouns", [])),
        narration_marks=frozenset(str(word).lower() for word in data.get("narration_marks", [])),
        narration_connectives=frozenset(str(word).lower() for word in data.get("narration_connectives", [])),
        continuing_marks=frozenset(str(word).lower() for word in data.get("continuing_marks", [])),
        generic_pronouns=frozenset(str(word).lower() for word in data.get("generic_pronouns", [])),
        require_speaker=bool(data.get("require_speaker", False)),
        neutral_particles=frozenset(str(word).lower() for word in data.get("neutral_particles", [])),
        cue_verbs=speech | thought | framing,
        as_verbs=frozenset(str(verb).lower() for verb in data.get("as_verbs", [])),
        according_phrases=tuple(tuple(str(phrase).lower().split()) for phrase in data.get("according_phrases", [])),
        signature_abbreviations=frozenset(str(word).lower().rstrip(".") for word in data.get("signature_abbreviations", [])),
        cue_forms=_forms_pattern(speech | thought | framing, irregular, attitudes),
        speech_forms=_forms_pattern((speech | framing) - thought, irregular),
        text_cues=_text_cues(_forms_alternation(speech | thought | framing, irregular)),
        scare_max_words=int(scare.get("max_words", 2)),
        scare_phrase_max_words=int(scare.get("noun_phrase_max_words", 0)),
        scare_determiners=frozenset(str(word).lower() for word in scare.get("determiners", [])),
        title_max_words=int(titles.get("max_words", 0)),
        title_small_words=frozenset(str(word).lower() for word in titles.get("small_words", [])),
        title_before=frozenset(str(word).lower() for word in titles.get("before", [])),
        min_indirect_words=int(data.get("min_indirect_words", 3)),
        confidence=MappingProxyType({key: float(value) for key, value in data.get("confidence", {}).items()}),
        title_nouns=frozenset(str(noun).lower() for noun in data.get("title_nouns", [])),
        honorifics=frozenset(str(word).lower().rstrip(".") for word in data.get("honorifics", [])),
        said_nouns=frozenset(str(noun).lower() for noun in data.get("said_nouns", [])),
        attitude_nouns=frozenset(str(noun).lower() for noun in data.get("attitude_nouns", [])),
        claim_verbs=frozenset(str(verb).lower() for verb in data.get("claim_verbs", [])),
        question_marks=frozenset(str(word).lower() for word in data.get("question_marks", [])),
        requesting_verbs=frozenset(str(verb).lower() for verb in data.get("requesting_verbs", [])),
    )


def inflections(lemma: str, irregular: Mapping[str, list[str]]) -> set[str]:
    """Regular English forms of a verb (say -> says, saying; note -> noted) plus listed irregular ones."""
    head, _, particle = lemma.partition(" ")
    forms = {*irregular.get(head, []), *regular_forms(head)}
    return {f"{form} {particle}" if particle else form for form in forms}


def _forms_pattern(lemmas: frozenset[str], irregular: Mapping[str, list[str]],
                   words: frozenset[str] = frozenset()) -> re.Pattern[str]:
    """Any inflected form of `lemmas`, or one of `words` (attitude adjectives), as a whole word:
    what the parse prefilter looks for in a sentence that may hold a quote."""
    return re.compile(_forms_alternation(lemmas, irregular, words), re.IGNORECASE)


def _forms_alternation(lemmas: frozenset[str], irregular: Mapping[str, list[str]],
                       words: frozenset[str] = frozenset()) -> str:
    """The uncompiled pattern of `_forms_pattern` (case is the caller's flag): the text cues
    embed it in their own patterns."""
    forms = sorted({form for lemma in lemmas for form in inflections(lemma, irregular)} | words, key=len, reverse=True)
    return r"\b(?:" + "|".join(re.escape(form) for form in forms) + r")\b" if forms else r"(?!x)x"


def _text_cues(forms: str) -> TextCues:
    """Compile the text-cue patterns around the alternation of cue forms."""
    words = r"[^\s,.;:!?\"“”«»]+"
    speaker = rf"(?P<speaker>(?:[A-Z]|the |a |an ){words}(?: {words}){{0,7}}?)"
    pronoun = r"(?:he|she|they|we|I)"
    name = r"[A-Z][\w.'’-]*"
    blank = r"[ \t\u00a0]"  # never a line break: a cue in the next paragraph is not this quote's
    return TextCues(
        inverted=re.compile(rf"^{blank}*[,—–-]?{blank}*(?P<cue>{forms}){blank}+(?P<speaker>(?:[A-Z]|(?:the|a|an|his|her|its|their|one) )[^.;!?\n]{{1,120}}?)\s*(?:[.;!?]|\n|$)"),
        subject_first=re.compile(rf"^{blank}*[,—–-]?{blank}*{speaker}{blank}+(?P<cue>{forms})"),
        before=re.compile(rf"{speaker}\s+(?P<cue>{forms})(?:\s+[^.;!?:\"“”«»]{{0,40}})?\s*[:,]\s*$"),
        signature=re.compile(rf"^{blank}*[―—–]{blank}*(?P<speaker>{name}(?:{blank}+{name}){{0,4}}){blank}*(?:[.,;]|\n|$)"),
        interruption=re.compile(
            rf",\s+(?=(?:{forms})\s+(?:[A-Z]|{pronoun}\b)|(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}}|{pronoun})\s+(?:{forms})\b)"
        ),
    )
