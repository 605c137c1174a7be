"""Find the quotes of one parsed article: direct and partial (in marks) and indirect (reported).

One quote per act of reporting, found in passes over one Doc, each a pure function of the
parse and the lexicon:

1. Quotes in marks (`marks.find_quoted_spans`), each tied to the cue that governs it in the
   parse, a cue next to it, or a cue found in the text (a glued mark, a "― Name" signature);
   short scare quotes and titles of shows and books are dropped.
2. Reports: the clause of a speech or thought verb ("Peskov added that ...", "X, he said,
   Y", a "that" clause the parser hung elsewhere), of a speech noun ("Trump's claim that
   ..."), of "according to X" and "as X put it"; the object and complement of a verb of
   judging, asking or promising ("accused Moscow of ...", "called for talks", "told his
   advisers to ..."). A report inside another that repeats it is dropped.
3. A report whose words are partly quoted absorbs its quotes in marks and becomes one
   partial quote; a report that is wholly one quote in marks is left to that quote.
4. Quotes in marks with no cue in their sentence take the speaker of the sentence that
   introduces them ("Caddell continued:"), of the quote next to them in the paragraph, or
   the subject of the previous sentence, with lower confidence; “A,” he said. “B.” is one
   quote; transcripts ("WALLACE: ...") give one quote per turn.

Speakers are then named from the actors stage's mentions (the mention covering the
speaker's head), so "he" and "the Kremlin spokesman" carry the name coreference gave them;
"he" tied to no named person takes the last person quoted, "the minister" with no named
mention the last person mentioned with that title; "her account" is named as "her" would be,
"the IAEA chief" is the person of the agency's code named before, not the agency; a plural
"they" never takes a single person quoted before.

What is not a quote (issue 11; word lists in data/quotes.yaml): an act done to someone
("condemned the attacks", "rejected the proposal", "asked him to empty his pockets", "urged
Congress to keep the program", "demanded explanations": `act_verbs`, `request_needs_marks`)
unless its object holds words in marks; words nobody is found to say (`require_speaker`); a
speaker that is a thing, a figure or nobody in particular ("Photo", "signs", "the law", "an
AFP tally", "anyone": `not_speakers`; "an illness, which confirmed ...": `speaker_nouns`);
a headline's cue in capitals; a conditional stance ("would hope"); short quoted words inside a noun
phrase ("the trade in “blood diamonds”"); appeals and threats ("called on people to ...",
"appealed to donors to ...", "threatened to ..."); a refused or negated speech act ("would not
say whether", "declined to say"); a free relative ("what they describe as"). A verb of judging
whose object comes with a reason or a characterisation ("attacked X for Y", "praised X as Y")
does report it. Reported words never leave the cue's paragraph, so a headline, byline or
dateline line is never swallowed; an attribution that closes the sentence ("A, but B, the
source added") reports all of the sentence before it.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from detente.quotes import parse
from detente.quotes.lexicon import QuoteLexicon
from detente.quotes.marks import QuotedSpan, find_quoted_spans
from detente.records import Article, Mention, Quote, Speaker

WORD = re.compile(r"\w+")
SENTENCE_INSIDE = re.compile(r"[.!?…][\"”’»]?\s+[\"“«]?[A-Z]")
SPEAKER_BASES = ("cue", "according", "text_cue", "colon", "adjacent")
KIND_ORDER = {"direct": 0, "partial": 1, "indirect": 2}
LABELLED = re.compile(r"^[\"“]?(?P<name>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}): (?P<content>[^\n]*\w[^\n]{8,}?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Draft:
    """A quote before its speaker is named: `speaker` is (start, end, head offset) in the text."""

    start: int
    end: int
    kind: str
    cue: str | None
    speaker: tuple[int, int, int] | None
    basis: str
    balanced: bool = True
    open_at: int | None = None
    cue_at: int | None = None  # offset of the cue word: two pieces with different cues are two quotes


@dataclass(frozen=True)
class Context:
    """One article's parse with the lookups every pass needs."""

    doc: Doc
    text: str
    lexicon: QuoteLexicon
    starts: tuple[int, ...]  # token start offsets, for offset -> token
    parsed: bool
    sentences: tuple[Span, ...]  # computed once: `token.sent` walks the document on every call
    sentence_starts: tuple[int, ...]

    @classmethod
    def of(cls, doc: Doc, lexicon: QuoteLexicon, text: str | None = None) -> Context:
        """`text` is the parsed text when the caller has it (`Doc.text` rebuilds it token by token)."""
        parsed = doc.has_annotation("DEP")
        sentences = tuple(doc.sents) if parsed else (doc[:],)
        starts = tuple(sentence.start for sentence in sentences)
        if text is None or len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) != len(text):
            text = doc.text
        offsets = tuple(doc.to_array("IDX").tolist()) if len(doc) else ()
        return cls(doc, text, lexicon, offsets, parsed, sentences, starts)

    def sentence(self, token: Token) -> Span:
        """The sentence of a token (the whole document when there is no parse)."""
        index = bisect_right(self.sentence_starts, token.i) - 1
        return self.sentences[max(0, index)]

    def token_at(self, offset: int) -> Token | None:
        index = bisect_right(self.starts, offset) - 1
        return self.doc[index] if 0 <= index < len(self.doc) else None

    def sentence_start(self, offset: int) -> int:
        token = self.token_at(offset)
        if self.parsed and token is not None:
            return self.sentence(token).start_char
        return self.text.rfind("\n", 0, offset) + 1


def find_drafts(context: Context) -> list[Draft]:
    """All quotes of the document, speakers as text ranges (the passes of the module docstring)."""
    spans = find_quoted_spans(context.text, context.lexicon)
    quoted = sorted((span.start, span.end) for span in spans)
    marked = [draft for span in spans if (draft := _from_marks(context, span, quoted)) is not None]
    reported = _drop_self_reports(context, _reported(context, spans))
    marked = _attribute_from_context(context, [_inherit(draft, reported) for draft in marked], quoted)
    marked, reported = _absorb(context.text, marked, reported)
    return _with_transcript(context, _merge_interrupted(context.text, marked)) + reported


def find_quotes(doc: Doc, article: Article, mentions: Sequence[Mention], lexicon: QuoteLexicon) -> list[Quote]:
    """Quotes of `article` (parsed as `doc`), speakers named from `mentions`; sorted by start."""
    context = Context.of(doc, lexicon, article.text)
    drafts = _deduplicate(find_drafts(context))
    ordered = sorted(mentions, key=lambda mention: mention.start)
    # a name in words in marks is who a speaker talks about, never who speaks next: "he said"
    # after them is named from the mentions outside the marks only
    quoted = sorted((span.start, span.end) for span in find_quoted_spans(context.text, lexicon))
    outside = [mention for mention in ordered if not _inside(mention.start, quoted)]
    named_persons = frozenset(mention.name for mention in outside if mention.kind == "person" and mention.resolved_by != "coreference")
    quotes, last_named, last_person = [], None, None
    for draft in drafts:
        last_is_person = last_named is not None and last_named is last_person
        speaker, factor = _speaker(context, draft, ordered, last_named, last_is_person, quoted)
        speaker = _not_the_one_talked_about(speaker, draft, outside, quotes, last_person)
        speaker = _across_sentences(context, draft, speaker, outside, named_persons, last_person)
        if speaker is not None and not _is_pronoun_at(context, draft.speaker[2]):
            last_named = speaker
            if _is_person(context, draft, ordered):
                last_person = speaker
        if speaker is not None or not lexicon.require_speaker:
            quotes.append(_quote(article, context.text, draft, speaker, factor, lexicon))
    return quotes


# --- pass 1: quotes in marks ---------------------------------------------------------------


def _from_marks(context: Context, span: QuotedSpan, quoted: list[tuple[int, int]]) -> Draft | None:
    """A draft for one quoted span, or None for an empty span or a scare quote."""
    words = len(WORD.findall(context.text[span.start : span.end]))
    if words == 0:
        return None
    if _is_title(context, span):
        return None
    cue, speaker, relation, basis, cue_at = _cue_for(context, span, quoted)
    if basis == "none" and _set_off_title(context, span):
        return None
    if words <= context.lexicon.scare_max_words and _is_scare(context, span, relation):
        return None
    if words <= context.lexicon.scare_phrase_max_words and relation != "adjacent" and _in_noun_phrase(context, span):
        return None  # "the market of “blood diamonds”": words about a thing, not said by anyone
    if speaker is not None and _never_speaks(context, Draft(span.start, span.end, "direct", cue, speaker, basis)):
        return None  # the words on a sign or under a photo: nobody said them
    return Draft(span.start, span.end, _kind(context, span), cue, speaker, basis, span.balanced, span.open_at, cue_at)


def _cue_for(context: Context, span: QuotedSpan, quoted: list[tuple[int, int]]) -> tuple[str | None, tuple[int, int, int] | None, str | None, str, int | None]:
    """(cue, speaker range, relation, basis, cue offset) for a quote; relation is adjacent,
    clause, reported or None. A cue inside another quote is the quoted person's own verb
    (“I thought ...,” said X. “His ...”), never this quote's cue."""
    tokens = list(context.doc.char_span(span.start, span.end, alignment_mode="expand") or []) if context.parsed else []
    glued = span.close_at is not None and context.text[span.close_at + 1 : span.close_at + 2].isalpha()
    if tokens and not glued:
        found = parse.governing_cue(tokens, context.lexicon)
        relation = None
        if found is not None and (_inside(found[0].idx, quoted) or _across_paragraphs(context.text, found[0].idx, span)):
            found = None
        if found is not None:
            cue, crossed = found
            relation = "adjacent" if _is_adjacent(tokens, cue) else "reported" if crossed else "clause"
        else:
            cue = _cue_beside(context, tokens, quoted)
            relation = "adjacent" if cue is not None else None
        if cue is not None:
            speaker = parse.issuer(parse.speaker_of(cue), context.lexicon)
            speaker_range = _range_of(context, parse.named(speaker), span) if speaker is not None else None
            if speaker_range is not None or _text_cue(context, span) is None:
                return parse.cue_text(cue), speaker_range, relation, "cue", cue.idx
    text_cue = _text_cue(context, span)
    if text_cue is not None:
        return text_cue[0], text_cue[1], "adjacent", "text_cue", text_cue[2]
    return None, None, None, "none", None


def _across_paragraphs(text: str, cue_at: int, span: QuotedSpan) -> bool:
    """The parser hung the quote on a cue in another paragraph (a subheading with no full stop:
    "EVEN OZ'S BOSS THINKS HE'S FULL OF IT" over a quote); only a colon carries a cue over a
    line break ("Caddell continued:"), and that is read by `_from_colon`."""
    opening = span.open_at if span.open_at is not None else span.start
    if cue_at < opening:
        between = text[cue_at:opening]
        return "\n" in between and not between.rstrip().endswith(":")
    closing = span.close_at if span.close_at is not None else span.end
    return "\n" in text[closing:cue_at]


def _is_adjacent(tokens: list[Token], cue: Token, gap: int = 8) -> bool:
    """The cue is next to the quote: only a few tokens, none a verb, between them."""
    if cue.i > tokens[-1].i:
        between = tokens[-1].doc[tokens[-1].i + 1 : cue.i]
    elif cue.i < tokens[0].i:
        between = tokens[0].doc[cue.i + 1 : tokens[0].i]
    else:
        return False
    return len(between) <= gap and not any(parse.is_verb(token) or "\n" in token.text for token in between)


def _cue_beside(context: Context, tokens: list[Token], quoted: list[tuple[int, int]]) -> Token | None:
    """A cue outside the quote whose head chain enters it ("..., he said" as a parataxis),
    or one right next to it; the nearest wins. A relative clause after the marks ("... “trade in
    stolen copper” where the inspectors observed the sales") tells about a word of the quote: its
    verb is no cue of the quote."""
    inside = {token.i for token in tokens}
    doc = context.doc
    first, last = context.sentence(tokens[0]), context.sentence(tokens[-1])
    window = range(max(first.start, tokens[0].i - 8), min(last.end, tokens[-1].i + 9))
    candidates = [doc[i] for i in window if i not in inside and parse.is_cue(doc[i], context.lexicon) and parse.is_verb(doc[i])
                  and not _inside(doc[i].idx, quoted) and not parse.relative_clause(doc[i])]
    linked = [cue for cue in candidates if any(ancestor.i in inside for ancestor in cue.ancestors) or _is_adjacent(tokens, cue)]
    return min(linked, key=lambda cue: min(abs(cue.i - tokens[0].i), abs(cue.i - tokens[-1].i)), default=None)


def _range_of(context: Context, token: Token, span: QuotedSpan) -> tuple[int, int, int] | None:
    """The speaker's character range, cut where a token straddles the quote (`exist"Russian`)."""
    if span.start <= token.idx < span.end:
        return None  # the parse took a word of the quote itself for its speaker
    start, end = parse.speaker_range(token)
    after = span.close_at + 1 if span.close_at is not None else span.end
    if start < after <= end:  # a token straddles the closing mark: `exist"Russian Foreign Minister`
        start = after
    if end <= start:
        return None
    head = max(token.idx, start)
    return start, end, head


def _text_cue(context: Context, span: QuotedSpan) -> tuple[str, tuple[int, int, int], int] | None:
    """Cue, speaker and cue offset read from the text around the marks, for glued marks and
    missing parses."""
    text, cues = context.text, context.lexicon.text_cues
    after_at = span.close_at + 1 if span.close_at is not None else span.end
    after = text[after_at : after_at + 160]
    inverted = cues.inverted.match(after)
    if inverted:
        start, end = _named_tail(after, inverted.start("speaker"), inverted.end("speaker"))
        cue = (after_at + start, after_at + end, after_at + _last_word(after, start, end))
        return inverted.group("cue"), cue, after_at + inverted.start("cue")
    signature = cues.signature.match(after)
    if signature:
        start, end = signature.span("speaker")
        if after[end - 1] == "." and not _own_stop(after[_last_word(after, start, end) : end - 1], context.lexicon):
            end -= 1  # `” ― Kim Lee.`: the sentence's full stop, not an initial's or "Corp."'s
        dash = after_at + after.index(next(char for char in after if char in "―—–"))
        return after[dash - after_at], (after_at + start, after_at + end, after_at + _last_word(after, start, end)), dash
    subject = cues.subject_first.match(after)
    if subject:
        start, end = subject.span("speaker")
        speaker = (after_at + start, after_at + end, after_at + _last_word(after, start, end))
        return subject.group("cue"), speaker, after_at + subject.start("cue")
    line_start = text.rfind("\n", 0, span.open_at) + 1
    before = cues.before.search(text, max(line_start, span.open_at - 160), span.open_at)
    if before:
        start, end = before.span("speaker")
        return before.group("cue"), (start, end, _last_word(text, start, end)), before.start("cue")
    return None


def _own_stop(word: str, lexicon: QuoteLexicon) -> bool:
    """Whether a signature's last word (its stop cut off) keeps the stop after it: initials
    ("K.", "J.R.R.") or one of the lexicon's `signature_abbreviations` ("Corp.", "Jr.")."""
    initials = all(len(part) == 1 and part.isalpha() for part in word.split("."))
    return initials or word.lower() in lexicon.signature_abbreviations


def _named_tail(text: str, start: int, end: int) -> tuple[int, int]:
    """In `a spokeswoman for the Alliance, Oana Lungescu` prefer the name after the last comma;
    otherwise cut the phrase at its first comma, clause word or participle (`said Karimi
    referring to the alliance`: the reporter's gloss, not the speaker)."""
    comma = text.rfind(", ", start, end)
    if comma >= 0 and re.fullmatch(r"(?:[A-Z][\w.'’-]*\s?){1,4}", text[comma + 2 : end]):
        return comma + 2, end
    cut = re.search(r",| who | when | on | in | after | as | while | during | [a-z]+ing\b", text[start:end])
    return start, start + cut.start() if cut else end


def _last_word(text: str, start: int, end: int) -> int:
    space = text.rfind(" ", start, end)
    return space + 1 if space >= 0 else start


def _is_scare(context: Context, span: QuotedSpan, relation: str | None) -> bool:
    """A short quoted span is a scare quote, title or name unless a cue is next to it or governs
    it in its clause (the rule is documented in data/quotes.yaml)."""
    if relation is None:
        return True
    words = WORD.findall(context.text[span.start : span.end])
    before = context.text[max(0, span.open_at - 20) : span.open_at].split()
    if before and before[-1].lower() in context.lexicon.scare_determiners:
        return True
    return relation != "adjacent" and all(word[0].isupper() for word in words)


def _in_noun_phrase(context: Context, span: QuotedSpan) -> bool:
    """The quoted words modify or complete a noun ("the market of “blood diamonds”",
    "Washington's “war on terror”", "the “rogue state” label"): no verb governs them."""
    if not context.parsed:
        return False
    tokens = context.doc.char_span(span.start, span.end, alignment_mode="expand")
    if tokens is None or not len(tokens):
        return False
    inside = {token.i for token in tokens}
    roots = [token for token in tokens if token.head.i not in inside or token.head.i == token.i]
    root = next((token for token in roots if not token.is_punct), None)
    if root is None or root.head.i == root.i:
        return False
    head = root.head
    if head.pos_ == "ADP" and head.head.i != head.i:
        head = head.head
    return root.dep_ in ("pobj", "compound", "nmod", "appos", "amod", "poss") and head.pos_ in ("NOUN", "PROPN")


def _is_title(context: Context, span: QuotedSpan) -> bool:
    """The name of a show, book or program (rule and word lists in data/quotes.yaml)."""
    lexicon = context.lexicon
    words = WORD.findall(context.text, span.start, span.end)
    if not words or len(words) > lexicon.title_max_words or not words[0][0].isupper():
        return False
    if not all(word[0].isupper() or word[0].isdigit() or word.lower() in lexicon.title_small_words for word in words):
        return False
    before = context.text[max(0, span.open_at - 30) : span.open_at].split()
    last = before[-1].lower().rstrip(",") if before else ""
    if last in ("and", "or", "&") and len(before) > 1 and before[-2][-1:] in lexicon.mark_chars:
        return True  # `licenses “Politicking” and “Larry King Now”`: the second of two quoted names
    return last in lexicon.title_before or last.endswith(("'s", "’s"))


def _set_off_title(context: Context, span: QuotedSpan) -> bool:
    """Words in marks set off by commas right after a noun of a work (`titles.before`: "Ray's
    column, “Tell us your story,” is moving"): the work's title in any case, not words to
    take a speaker from the sentences around (the caller asks only when no cue governs them)."""
    before = context.text[max(0, span.open_at - 30) : span.open_at].split()
    if not before or not before[-1].endswith(",") or before[-1].rstrip(",").lower() not in context.lexicon.title_before:
        return False
    after = context.text[span.end : (span.close_at or span.end) + 3]
    return "," in after


def _kind(context: Context, span: QuotedSpan) -> str:
    """Direct when the quote is a sentence (or more) of its own, partial when it is words
    woven into the reporter's sentence."""
    content = context.text[span.start : span.end]
    if SENTENCE_INSIDE.search(content):
        return "direct"
    first = next((char for char in content if char.isalnum()), "")
    before = context.text[context.sentence_start(span.open_at) : span.open_at].rstrip()
    opens_sentence = not before or before[-1] in ":,;—–-(" or bool(context.lexicon.cue_forms.search(before[-15:]))
    return "direct" if (first.isupper() or first.isdigit()) and opens_sentence else "partial"


# --- pass 4: speakers from the context ---------------------------------------------------


def _attribute_from_context(context: Context, drafts: list[Draft], quoted: list[tuple[int, int]]) -> list[Draft]:
    """Give quotes with no cue the speaker of an introducing colon, a neighbouring quote or the
    previous sentence's subject; in text order, so a run of quotes passes its speaker on."""
    result: list[Draft] = []
    for index, draft in enumerate(drafts):
        if draft.speaker is None and draft.basis == "none":
            draft = _from_colon(context, draft) or _from_neighbour(context, draft, result, drafts[index + 1 :]) or _from_previous_sentence(context, draft, quoted) or draft
        result.append(draft)
    return result


def _from_colon(context: Context, draft: Draft) -> Draft | None:
    """ "Caddell continued:" (or "He said:") right before the quote, in an earlier sentence."""
    before = context.text[: draft.open_at].rstrip()
    if not before.endswith(":") or not context.parsed:
        return None
    colon = context.token_at(len(before) - 1)
    cues = [token for token in context.sentence(colon) if token.i < colon.i and parse.is_cue(token, context.lexicon, framing=False)]
    speaker = parse.speaker_of(cues[-1]) if cues else None
    if speaker is None:
        return None
    start, end = parse.speaker_range(parse.named(speaker))
    return replace(draft, cue=parse.cue_text(cues[-1]), speaker=(start, end, parse.named(speaker).idx), basis="colon", cue_at=cues[-1].idx)


def _from_neighbour(context: Context, draft: Draft, before: list[Draft], after: list[Draft]) -> Draft | None:
    """The speaker of the previous quote (same or previous paragraph) or the next one (same paragraph)."""
    paragraph = _paragraph_start(context.text, draft.start)
    previous_paragraph = _paragraph_start(context.text, max(0, paragraph - 1))
    for other in reversed(before):
        if other.speaker is not None and other.basis in SPEAKER_BASES and other.end >= previous_paragraph:
            return replace(draft, speaker=other.speaker, basis="adjacent", cue=other.cue, cue_at=other.cue_at)
        if other.end < previous_paragraph:
            break
    for other in after:
        if _paragraph_start(context.text, other.start) != paragraph:
            break
        if other.speaker is not None and other.basis in SPEAKER_BASES:
            return replace(draft, speaker=other.speaker, basis="adjacent", cue=other.cue, cue_at=other.cue_at)
    return None


def _from_previous_sentence(context: Context, draft: Draft, quoted: list[tuple[int, int]]) -> Draft | None:
    """The named or pronoun subject of the sentence before the quote, unless it is words in
    marks (`The campaign "Finland on the web" ...`: a name, not a speaker)."""
    first = context.token_at(draft.start)
    if not context.parsed or first is None or context.sentence(first).start == 0:
        return None
    previous = context.sentence(context.doc[context.sentence(first).start - 1])
    subject = next((child for child in previous.root.children if child.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ not in ("PROPN", "PRON") or _inside(parse.named(subject).idx, quoted):
        return None
    start, end = parse.speaker_range(parse.named(subject))
    return replace(draft, speaker=(start, end, parse.named(subject).idx), basis="previous_sentence")


def _inherit(draft: Draft, reported: list[Draft]) -> Draft:
    """A quote in marks with no cue of its own, inside a reported clause, is part of what that
    clause's speaker said ("According to X, the conflict has “destroyed the idea ...”")."""
    if draft.basis != "none":
        return draft
    for clause in reported:
        if clause.start <= draft.start and draft.end <= clause.end:
            return replace(draft, cue=clause.cue, speaker=clause.speaker, basis=clause.basis, cue_at=clause.cue_at)
    return draft


def _paragraph_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


# --- pass 2: reports ------------------------------------------------------------------------


def _reported(context: Context, spans: list[QuotedSpan]) -> list[Draft]:
    """Reports (pass 2 of the module docstring), at least `min_indirect_words` long and with a
    speaker, widened to quote marks they cut in half."""
    if not context.parsed:
        return []
    quoted = sorted((span.start, span.end) for span in spans)
    titles = [span for span in spans if _is_title(context, span)]
    drafts: list[Draft] = []
    seen: set[tuple[int, int]] = set()
    lemmas, starts = context.lexicon.report_lemmas, context.lexicon.phrase_starts
    for token in _candidates(context.doc, lemmas, starts):
        if _inside(token.idx, quoted) or parse.in_capitals(token):
            continue  # a cue in quoted words is theirs; one in capitals is a headline's
        for draft in _reported_at(context, token, quoted, titles):
            draft = _with_marks(context.text, draft, spans)
            key = (draft.start, draft.end)
            if key in seen or draft.speaker is None or _never_speaks(context, draft):
                continue
            if len(WORD.findall(context.text[draft.start : draft.end])) >= context.lexicon.min_indirect_words:
                seen.add(key)
                drafts.append(draft)
    return drafts


def _in_title(token: Token, titles: Sequence[QuotedSpan]) -> bool:
    """ "In his book, “Make Your Kid a Millionaire,” McKinley suggested ...": the parser took the
    quoted title for the clause of the verb after it; a clause headed in a title (`_is_title`)
    reports nothing."""
    return any(span.start <= token.idx < span.end for span in titles)


def _candidates(doc: Doc, lemmas: frozenset[str], starts: frozenset[str]) -> Iterator[Token]:
    """The tokens that may introduce a report (a lemma of `lemmas`, a word of `starts`), read
    from the doc's arrays: building a Token for every word costs more than the checks."""
    from spacy.attrs import LEMMA, LOWER

    if not len(doc):
        return
    strings = doc.vocab.strings
    for i, (lemma, lower) in enumerate(doc.to_array([LEMMA, LOWER]).tolist()):
        if strings[lemma].lower() in lemmas or strings[lower] in starts or strings[lower] in lemmas:
            yield doc[i]


def _with_marks(text: str, draft: Draft, spans: list[QuotedSpan]) -> Draft:
    """Widen a reported clause to the quote marks it cut in half (`... “a tax on families”`)."""
    start, end = draft.start, draft.end
    for span in spans:
        if span.close_at is None or span.open_at >= end or span.close_at < start:
            continue
        if start <= span.open_at and span.close_at >= end and not WORD.search(text, end, span.close_at):
            end = span.close_at + 1
        if span.open_at < start and span.close_at < end and not WORD.search(text, span.open_at, start):
            start = span.open_at
    return replace(draft, start=start, end=end) if (start, end) != (draft.start, draft.end) else draft


def _reported_at(context: Context, token: Token, quoted: list[tuple[int, int]], titles: Sequence[QuotedSpan] = ()) -> list[Draft]:
    """The reports a token introduces (none, or one per reported clause); `titles`: quoted
    titles of the document, which hold no reported clause."""
    lexicon, text = context.lexicon, context.text
    aside = parse.is_verb(token) and token.dep_ == "advcl" and token.lemma_.lower() in lexicon.as_verbs and _has_mark(token, "as")
    if aside and not parse.reported_clauses(token):  # "as X warned that ..." (while X warned) reports its own clause
        source = parse.written_source(token, lexicon) or parse.speaker_of(token)  # "as stated in X's commentary"
        return _aside(context, token, token.head, parse.cue_text(token), _speaker_tuple(source, quoted, text))
    if parse.attitude_adjective(token, lexicon):
        return _attitude_report(context, token, quoted)
    if _starts_phrase(token, lexicon):
        source = _phrase_object(token)
        clause = _clause_head(token)
        cue_words = " ".join(t.text for t in token.doc[token.i : token.i + 2])
        return _aside(context, token, clause, cue_words, _speaker_tuple(source, quoted, text)) if clause else []
    closing_speaker = parse.mistagged_closing_cue(token, lexicon)
    if closing_speaker is not None:
        return _mistagged_closing(context, token, closing_speaker, quoted)
    if token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.speech_nouns:
        return _noun_report(context, token, quoted)
    if token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.attitude_nouns:
        return _attitude_noun_report(context, token, quoted)
    key = parse.verb_key(token, lexicon) if parse.is_verb(token) and not parse.is_attributive(token) else ""
    if key not in lexicon.reporting_verbs and key not in lexicon.object_verbs:
        return []
    if key in lexicon.act_verbs and (parse.is_passive(token) or token.dep_ == "advcl" and not any(child.dep_ in parse.SUBJECTS for child in token.children)):
        return []  # "Asked by reporters whether ...", "When asked what ...": what was asked, not said
    if parse.supposition(token):
        return []  # "Let's say you think ...": the writer's supposition
    if parse.inferred_thought(token, lexicon) and key in lexicon.thought_verbs and key not in lexicon.speech_verbs | lexicon.inference_verbs:
        return []  # "seems to think that ...", "suggests X understands that ...": an inference
    if parse.expletive_it(token):
        return []  # "will find it difficult to ...", "considers it important": no words reported
    if parse.in_question(token, lexicon) or parse.requested_of_object(token, lexicon):
        return []  # "unclear whether the judges would rule that ...", "urged voters to tell him that ...": not said
    if key in lexicon.speech_verbs and parse.is_refused(token, lexicon):
        return []  # "He would not say whether ...", "declined to comment on ...": nothing was said
    if key in lexicon.stance_verbs and not _actor_stance(token):
        return []  # "Fireworks planned for the square", "the clashes threaten to ..."
    speaker = _speaker_tuple(parse.issuer(parse.speaker_of(token), lexicon), quoted, text)
    if token.dep_ == "parataxis" and not any(child.dep_ == "ccomp" for child in token.children):
        if key not in lexicon.reporting_verbs:
            return []  # "X, he said, Y" is speech; a verb of judging or wanting there is a misparse
        return _aside(context, token, _interrupted_clause(token.head), parse.cue_text(token), speaker)  # "X, he said, Y"
    drafts = []
    clauses = parse.reported_clauses(token)
    that_after = any(child.i > token.i and _has_mark(child, "that") for child in clauses)
    for child in clauses:
        if _in_title(child, titles):
            continue
        if child.i < token.i and not _set_off(token, child):
            continue  # "the troops the Islamists say Addis Ababa has deployed": a relative clause, no closing attribution
        if child.i < token.i and _attributed_before(context, token, child):
            continue  # '"Are you coming?" she said, but Tom was asleep, Anna said': two attributions joined
        if child.i < token.i and that_after:
            continue  # "Writing for a panel that agreed Pence won, X noted that ...": the "that" clause is what was noted
        pronoun = parse.relative_subject(token, child)  # "which he said were ...": not said
        start, end = _clause_range(context, child, {token.i} | ({pronoun.i} if pronoun is not None else set()), token)
        start = min(start, _trailing_attribution_start(context, token, child, end))
        end = max(end, _misattached_conjunct_end(context, token, child), _continued_end(context, token, child))
        drafts.append(Draft(start, end, "indirect", parse.cue_text(token), speaker, "cue", cue_at=token.idx))
    drafts = _join_split_clauses(text, drafts)
    if not drafts:
        drafts = _object_report(context, token, key, speaker, quoted)
    if not drafts and key in lexicon.speech_verbs and speaker is not None:
        drafts = _closing_attribution(context, token, speaker)
    return drafts


def _join_split_clauses(text: str, drafts: list[Draft]) -> list[Draft]:
    """Two clauses of one cue with nothing but a space between them are one clause the parser
    split ("suggests the city knows it needs a plan in case | the lender were to pull out" hung
    "were" on the cue): one report. Real second clauses come after a comma or a conjunction."""
    joined: list[Draft] = []
    for draft in sorted(drafts, key=lambda item: item.start):
        previous = joined[-1] if joined else None
        if previous is not None and previous.end <= draft.start and not text[previous.end : draft.start].strip():
            joined[-1] = replace(previous, end=max(previous.end, draft.end))
        else:
            joined.append(draft)
    return joined


def _attitude_report(context: Context, adjective: Token, quoted: list[tuple[int, int]]) -> list[Draft]:
    """ "we are convinced this is the only country ...": the clause of an attitude adjective
    (`parse.attitude_adjective`), held by the subject of its verb; an attitude with no clause
    ("worried about the cost") reports nothing."""
    speaker = _speaker_tuple(parse.attitude_holder(adjective), quoted, context.text)
    if speaker is None:
        return []
    drafts = []
    for clause in parse.reported_clauses(adjective):
        start, end = _clause_range(context, clause, {adjective.i}, adjective)
        drafts.append(Draft(start, end, "indirect", adjective.text, speaker, "cue", cue_at=adjective.idx))
    return drafts


def _mistagged_closing(context: Context, cue: Token, head: Token, quoted: list[tuple[int, int]]) -> list[Draft]:
    """The report of a closing speech verb tagged as a noun (`parse.mistagged_closing_cue`):
    its clause before it, said by the words from the comma to the verb."""
    clauses = [child for child in cue.children if child.dep_ == "ccomp" and child.i < cue.i]
    first = max(clause.right_edge.i for clause in clauses) + 1
    while first < cue.i and cue.doc[first].is_punct:
        first += 1
    words = cue.doc[first : cue.i]
    if not len(words) or any(token.is_punct and token.dep_ == "punct" for token in words) or _inside(head.idx, quoted):
        return []  # the speaker's words run from the comma after the clause to the verb
    speaker = (words[0].idx, head.idx + len(head), head.idx)
    drafts = []
    for clause in clauses:
        start, end = _clause_range(context, clause, {cue.i}, cue)
        drafts.append(Draft(start, end, "indirect", cue.text, speaker, "cue", cue_at=cue.idx))
    return drafts


def _closing_attribution(context: Context, cue: Token, speaker: tuple[int, int, int]) -> list[Draft]:
    """ "Secrecy is nothing new in her campaign, the candidate's former doctor maintains.": a
    speech verb that closes the sentence after a comma, with its subject, with no clause the
    parser hung on it (it took the verb for a modifier of the noun before, so the sentence
    before the comma lies outside the verb's subtree), reports the sentence up to that comma."""
    sentence = context.sentence(cue)
    doc = sentence.doc
    after = doc[cue.i + 1 : sentence.end]
    if any(not (token.is_punct or token.is_space) and (token.i not in {t.i for t in cue.subtree} or parse.is_predicate(token)) for token in after):
        return []
    comma = context.token_at(speaker[0] - 1) if speaker[0] > 0 else None
    while comma is not None and comma.is_space and comma.i > sentence.start:
        comma = doc[comma.i - 1]
    if comma is None or comma.text != "," or comma.i <= sentence.start or not speaker[0] < cue.idx:
        return []
    run = _strip_end(_strip_start(_in_paragraph(context, list(doc[sentence.start : comma.i]), cue)))
    run = _without_opening_connective(context, run, cue)
    if not run or not any(parse.is_predicate(token) for token in run):
        return []
    subtree = {token.i for token in cue.subtree}
    if any(token.i in subtree for token in run) or any(child.dep_ in ("dobj", "ccomp", "xcomp") for child in cue.children):
        return []  # "But when Congress cut funding, Mexico said enough": the cue's own clause and object
    return [Draft(run[0].idx, run[-1].idx + len(run[-1]), "indirect", parse.cue_text(cue), speaker, "cue", cue_at=cue.idx)]


def _set_off(cue: Token, clause: Token) -> bool:
    """A clause before its cue is what was said only when a comma, a dash, a colon or a quote
    mark sets it off from the attribution ("A, the Islamists say"; "“A,” he said"). With
    nothing between them ("withdraw the thousands of troops the Islamists say Addis Ababa has
    deployed") the parser took the words before a relative clause without a pronoun for the
    cue's clause."""
    doc = cue.doc
    subject = min((child.left_edge.i for child in cue.children if child.dep_ in parse.SUBJECTS and child.i < cue.i), default=cue.i)
    between = doc[clause.right_edge.i : min(subject, cue.i)]  # the clause's last token may be its comma
    return any(token.is_punct or token.is_quote or token.is_space for token in between)


def _attributed_before(context: Context, cue: Token, clause: Token) -> bool:
    """A clause before its cue, after an earlier attribution of words in marks in the sentence
    ('“Are you coming?” she said, but Tom was asleep, and ..., Anna said yes'): the
    parser joined two attributions, and the clause is the reporter's narration between them,
    not what the later speaker said."""
    sentence = context.sentence(cue)
    doc = sentence.doc
    for token in doc[sentence.start : clause.left_edge.i]:
        if token.i != cue.i and parse.is_cue(token, context.lexicon, framing=False) and parse.is_verb(token):
            subjects = [child for child in token.children if child.dep_ in parse.SUBJECTS and child.i < token.i]
            # the attribution of words in marks: a closing mark right before its subject
            if subjects and any(t.is_quote for t in doc[max(sentence.start, subjects[0].left_edge.i - 2) : subjects[0].left_edge.i]):
                return True
    return False


def _trailing_attribution_start(context: Context, cue: Token, clause: Token, end: int) -> int:
    """Where the reported words start when the attribution closes the sentence ("A, but B,
    the source added."): the reporter's sentence up to the attribution is what was said, not
    only the clause the parser hung on the cue (B). Returns `end` (no change) unless the
    clause comes before the cue, and only the cue's subject, punctuation and the cue's own
    non-verbal words follow the clause to the end of the sentence."""
    if clause.right_edge.i >= cue.i or not parse.speaker_of(cue):
        return end
    sentence = context.sentence(cue)
    attribution = {token.i for token in cue.subtree} - {token.i for token in clause.subtree}
    after = sentence.doc[clause.right_edge.i + 1 : sentence.end]
    if any(not (token.is_punct or token.is_space) and (token.i not in attribution or token.i != cue.i and parse.is_predicate(token)) for token in after):
        return end
    # a dateline opening the sentence is seen whole (to the clause's end) and left out
    piece = parse.after_dateline(_in_paragraph(context, list(sentence.doc[sentence.start : clause.right_edge.i + 1]), cue))
    run = _strip_start([token for token in piece if token.i <= clause.left_edge.i])
    if run and _opening_connective(context, run[0]):  # the words come before the cue here
        run = _strip_start(run[1:])
    return run[0].idx if run else end


def _misattached_conjunct_end(context: Context, cue: Token, clause: Token) -> int:
    """ "Hu added he talked with A, general secretary of X, and President B": a name or noun
    the parser joined to the speech verb after its clause continues the clause (a verb joins
    verbs; "said Y and Z" with Z a noun is a list inside Y). Returns the end of that list, or
    0 when there is none."""
    nouns = [child for child in cue.children if child.dep_ == "conj" and child.i > clause.right_edge.i and child.pos_ in ("PROPN", "NOUN")]
    if not nouns or context.sentence(nouns[-1]).start != context.sentence(cue).start:
        return 0
    last = nouns[-1].right_edge
    run = _in_paragraph(context, [last], cue)
    return last.idx + len(last) if run else 0


def _continued_end(context: Context, cue: Token, clause: Token) -> int:
    """ "X pointed out that A, so B": the parser made B the sentence's root and the cue its
    clause; B, opened by one of `continuing_marks` right after the reported clause, goes on
    with what was said. Returns the end of B, or 0."""
    root = cue.head
    if cue.dep_ != "ccomp" or root.i <= clause.right_edge.i or clause.i < cue.i:
        return 0
    marks = [child for child in root.children if child.dep_ in ("mark", "cc") and child.lower_ in context.lexicon.continuing_marks]
    between = cue.doc[clause.right_edge.i + 1 : marks[0].i] if marks else None
    if not marks or between is None or any(not token.is_punct for token in between):
        return 0
    run = _strip_end(_in_paragraph(context, [t for t in root.subtree if t.i > marks[0].i], cue))
    return run[-1].idx + len(run[-1]) if run else 0


def _actor_stance(verb: Token) -> bool:
    """A stance verb with an actor as its own subject: a pronoun or words the parser tags as a
    person, organisation, nationality or country ("Clinton wants"; "the ministry plans" and
    "Fireworks planned" stay out unless tagged), and no conditional modal ("would hope")."""
    if verb.dep_ in ("nsubj", "nsubjpass", "csubj", "dobj", "pobj", "acl", "amod"):
        return False  # a participle the parser took for a clause: "Fireworks planned for ..."
    if any(child.dep_ == "aux" and child.lower_ in ("would", "could", "might") for child in verb.children):
        return False  # "many Mexicans would hope ...": the writer's supposition, not their stance
    subject = next((child for child in verb.children if child.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ == "conj" and verb.head.i < verb.i:
        subject = next((child for child in verb.head.children if child.dep_ == "nsubj"), None)  # "X is bearish and expects ..."
    if subject is None:
        return False
    subject = parse.named(subject)
    return subject.pos_ == "PRON" or subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")


def _interrupted_clause(token: Token) -> Token:
    """The clause a parenthetical "he said" interrupts: the sentence ("Though X, he said, Y"),
    or the relative clause it sits in ("Schultz, who works for RT and, King said, has seemed
    supportive of Trump": King said the relative clause, not that Schultz was named)."""
    while token.head.i != token.i and token.dep_ != "relcl":
        token = token.head
    return token


def _object_report(context: Context, verb: Token, key: str, speaker: tuple[int, int, int] | None, quoted: list[tuple[int, int]]) -> list[Draft]:
    """What a verb of judging, asking or promising says about its object ("accused Moscow of
    ...", "vowed to veto the bill"), or what a speech verb asks ("told his advisers to ...");
    never for a passive, whose subject was spoken to or about ("was asked about"). An act
    ("condemned the attacks", "rejected the proposal", "asked him to empty his pockets") is
    an event, not a quote, unless the object holds words in marks (lexicon: `act_verbs`,
    `request_needs_marks`)."""
    lexicon = context.lexicon
    if parse.is_passive(verb) and speaker is not None and key in lexicon.object_verbs and key not in lexicon.act_verbs:
        return _passive_judgement(context, verb, speaker)
    if parse.is_passive(verb) or parse.reports_its_antecedent(verb):
        return []
    object_verb = key in lexicon.object_verbs
    found = parse.complement_range(verb, lexicon) if object_verb else parse.request_range(verb)
    if found is None:
        return []
    run = _without_trailing_aside(_strip_end(_before_next_report(context, _strip_start(_in_paragraph(context, list(verb.doc[found[0].i : found[1].i + 1]), verb)))), lexicon.narration_marks)
    run = _strip_end(_before_setting(run, verb, lexicon))
    if not run:
        return []
    start, end = run[0].idx, run[-1].idx + len(run[-1])
    act_key = _act_key(verb, key, lexicon)
    if _act_phrase(verb, act_key, lexicon):
        return []  # "claimed responsibility for the attacks": an act, whatever follows
    if key in lexicon.source_verbs and _names_source(verb, lexicon):
        return []  # "citing UN officials in the area": who spoke, not what was said
    if key in lexicon.person_acts and _is_person_at(context, speaker):
        return []  # "Henry showed Bergkamp how to do it", "they'll need to find $500"
    if key in lexicon.claim_verbs and _person_object(verb):
        return []  # "the keeper denied Bergkamp", "denied him a visa": an act done to a person
    act = act_key in lexicon.act_verbs and not _words_as_object(verb, lexicon) and not _judged_for(verb, act_key, lexicon) or not object_verb and lexicon.request_needs_marks
    if act and not any(quote_start < end and start < quote_end for quote_start, quote_end in quoted):
        return []
    return [Draft(start, end, "indirect", parse.cue_text(verb), speaker, "cue", cue_at=verb.idx)]


def _passive_judgement(context: Context, verb: Token, speaker: tuple[int, int, int]) -> list[Draft]:
    """ "Oz has been called a charlatan by fellow physicians", "the plan was described as a
    disaster by the opposition": a passive verb of calling or describing with a "by" agent
    (the speaker) says of its subject what its complement says; the words run from the
    subject to the complement. With no complement nothing is reported ("was called by X")."""
    subject = next((child for child in verb.children if child.dep_ == "nsubjpass" and child.i < verb.i), None)
    found = parse.complement_range(verb, context.lexicon)
    if subject is None or found is None or found[0].i < verb.i or parse.is_pronoun(subject) and subject.tag_ in ("WDT", "WP"):
        return []
    run = _strip_end(_in_paragraph(context, list(verb.doc[subject.left_edge.i : found[1].i + 1]), verb))
    while run and (run[0].is_punct or run[0].is_space):  # not `_strip_start`: "Oz — a TV star — has been ..." is no dateline
        run = run[1:]
    if not run or not run[0].idx < verb.idx:
        return []
    return [Draft(run[0].idx, run[-1].idx + len(run[-1]), "indirect", parse.cue_text(verb), speaker, "cue", cue_at=verb.idx)]


def _before_setting(run: list[Token], verb: Token, lexicon: QuoteLexicon) -> list[Token]:
    """ "attacked her rival as a liar during the debate on Tuesday, with jabs that ...": what
    a verb of judging says ends where the words tell when or where it was said, even when
    the parser hung that phrase on the object rather than on the verb. A setting of a verb
    inside the content is said ("urged people to stay calm during the storm")."""
    for index, token in enumerate(run[1:], start=1):
        on_noun = token.head.i == verb.i or token.head.pos_ in ("NOUN", "PROPN", "PRON")
        if on_noun and token.dep_ == "prep" and (token.lower_ in lexicon.setting_prepositions or parse.is_time(token)):
            return run[:index]
    return run


def _judged_for(verb: Token, key: str, lexicon: QuoteLexicon) -> bool:
    """ "criticized Clinton for her support of the war", "praised the deal as a step forward":
    a verb of judging with its object and a reason or a characterisation says something about
    the object (a report); with a bare object ("condemned the attacks", "welcomed the
    decision") it is an act. Requests stay acts (`judging_prepositions`, `requests`)."""
    if key in lexicon.requests:
        return False
    objects = [child for child in verb.children if child.dep_ == "dobj" and child.i > verb.i]
    return bool(objects) and any(child.dep_ == "prep" and child.i > objects[0].i and child.lower_ in lexicon.judging_prepositions
                                 for child in verb.children)


def _names_source(verb: Token, lexicon: QuoteLexicon) -> bool:
    """The object of a verb of citing is a person or organisation: a name of one, or one of the
    lexicon's `speaker_nouns` or `source_nouns` ("citing UN officials", "quoting sources")."""
    for child in verb.children:
        if child.dep_ == "dobj" and child.i > verb.i:
            lemma = child.lemma_.lower()
            if child.ent_type_ in ("PERSON", "ORG", "NORP") or lemma in lexicon.speaker_nouns or lemma in lexicon.source_nouns:
                return True
    return False


def _is_person_at(context: Context, speaker: tuple[int, int, int] | None) -> bool:
    """The speaker's head is a person: a personal pronoun or a person's name to the parser."""
    token = context.token_at(speaker[2]) if speaker is not None else None
    if token is None:
        return False
    return token.lower_ in PERSON_PRONOUNS or token.ent_type_ == "PERSON"


PERSON_PRONOUNS = frozenset({"i", "you", "he", "she", "we", "they"})
OBJECT_PRONOUNS = frozenset({"me", "you", "him", "her", "us", "them"})


def _person_object(verb: Token) -> bool:
    """The verb has an indirect object ("denied the protesters access") or its object is a
    person (a name the parser tags as one, a personal pronoun): denying someone is refusing
    them something; one denies claims."""
    return any(child.i > verb.i and (child.dep_ == "dative" or child.dep_ == "dobj" and (child.ent_type_ == "PERSON" or child.lower_ in OBJECT_PRONOUNS))
               for child in verb.children)


def _act_phrase(verb: Token, key: str, lexicon: QuoteLexicon) -> bool:
    """A verb and its object that make an act (`act_phrases`: "claim responsibility", "call a
    meeting"), unless a predicate says what the object is ("called the election a fraud")."""
    if any(child.dep_ in ("oprd", "xcomp", "ccomp", "acomp") and child.i > verb.i for child in verb.children):
        return False
    return any(child.dep_ == "dobj" and f"{key} {child.lemma_.lower()}" in lexicon.act_phrases for child in verb.children)


def _act_key(verb: Token, key: str, lexicon: QuoteLexicon) -> str:
    """The verb's key as an act: "called on citizens to ..." parsed with "on" as a preposition
    is the act "call on" of the lexicon (a particle would already be in `key`)."""
    for child in verb.children:
        if child.dep_ == "prep" and child.i > verb.i and f"{key} {child.lower_}" in lexicon.act_verbs:
            return f"{key} {child.lower_}"
    return key


def _words_as_object(verb: Token, lexicon: QuoteLexicon) -> bool:
    """ "rejected Brenner's claim that ...": the object is words, given by the speech noun's
    "that" clause. A speech noun alone names no words ("welcomed the statement", "the court
    rejected Dong's claim for compensation"): the act verb is an act."""
    return any(child.dep_ == "dobj" and child.lemma_.lower() in lexicon.speech_nouns and parse.noun_clauses(child) for child in verb.children)


def _noun_report(context: Context, noun: Token, quoted: list[tuple[int, int]]) -> list[Draft]:
    """ "Trump's claim that ...", "a statement by the ministry that ...": the clause, by the owner."""
    owner = parse.noun_owner(noun)
    if owner is None:
        return []
    if owner.dep_ == "poss" and parse.is_pronoun(owner) and noun.dep_ == "dobj":
        # "Trump highlighted his message that ...": "his" is the subject of the verb, named there
        subject = next((child for child in noun.head.children if child.dep_ == "nsubj" and not parse.is_pronoun(child)), None)
        owner = subject if subject is not None else owner
    drafts = []
    for child in parse.noun_clauses(noun):
        start, end = _clause_range(context, child, {noun.i}, noun)
        drafts.append(Draft(start, end, "indirect", noun.text, _speaker_tuple(owner, quoted, context.text), "cue", cue_at=noun.idx))
    return drafts


def _attitude_noun_report(context: Context, noun: Token, quoted: list[tuple[int, int]]) -> list[Draft]:
    """ "Republicans expressed concern that the change could lead to fraud": the "that" clause
    of an attitude noun (lexicon `attitude_nouns`) that is the object of a verb is the attitude
    of that verb's subject, who voiced it. Expressing the attitude alone ("expressed deep
    concern about the policy") names no words (`express` is an act verb)."""
    verb = noun.head
    if noun.dep_ != "dobj" or not parse.is_verb(verb):
        return []
    subject = next((child for child in verb.children if child.dep_ == "nsubj" and child.i < verb.i), None)
    speaker = _speaker_tuple(subject, quoted, context.text)
    drafts = []
    for clause in parse.noun_clauses(noun):
        start, end = _clause_range(context, clause, {noun.i}, noun)
        drafts.append(Draft(start, end, "indirect", f"{parse.cue_text(verb)} {noun.text}", speaker, "cue", cue_at=verb.idx))
    return drafts


def _aside(context: Context, cue: Token, clause: Token, cue_words: str, speaker: tuple[int, int, int] | None) -> list[Draft]:
    """The clause an "according to X" / "as X said" aside belongs to, without the aside."""
    dropped = {token.i for token in cue.subtree}
    start, end = _clause_range(context, clause, dropped, cue)
    aside_end = cue.right_edge.idx + len(cue.right_edge)
    if start < cue.left_edge.idx and aside_end < end and not re.search(r"\w{4,}", context.text[start : cue.left_edge.idx]):
        after = re.search(r"\w", context.text[aside_end:end])  # "Yet, as Bown observed, X": X, not "Yet, as ..."
        start = aside_end + after.start() if after else start
    return [Draft(start, end, "indirect", cue_words, speaker, "according", cue_at=cue.idx)]


def _clause_range(context: Context, head: Token, dropped: set[int], cue: Token) -> tuple[int, int]:
    """Characters of `head`'s subtree without `dropped`, reporting asides at either end (an
    aside inside stays: offsets make one span) and a second report joined to it ("said it
    would ... and warned against ..."), within one sentence next to the cue (the parser
    sometimes joins a quote's sentence to the next), trimmed of a leading "that" and of
    punctuation and quote marks at either end."""
    dropped = dropped | _asides(context, head) | _joined_reports(context, head)
    run = _sentence_piece([token for token in head.subtree if token.i not in dropped], cue)
    run = _without_trailing_aside(_strip_end(_strip_start(_in_paragraph(context, run, cue))), context.lexicon.narration_marks)
    run = _without_opening_connective(context, run, cue)
    if not run:
        return head.idx, head.idx
    return run[0].idx, _past_colon(context, run[-1].idx + len(run[-1]), cue)


def _past_colon(context: Context, end: int, cue: Token) -> int:
    """ "notes that three things are happening at once: home values are rising, ...": what
    follows a colon right after the reported words is more of them, up to the end of that
    sentence, within the cue's paragraph."""
    text = context.text
    colon = re.match(r"[ \t]*:[ \t]*(?=\S)", text[end : end + 4])
    if colon is None or text[end + colon.end()] in "\"“«'‘":
        return end  # a quote in marks after the colon is a quote of its own
    paragraph_end = text.find("\n", end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    stop = re.compile(r"[.!?](?=[\"”’»]?\s+[\"“«]?[A-Z]|[\"”’»]?\s*$)")
    found = stop.search(text, end + colon.end(), paragraph_end)
    last = found.start() if found else paragraph_end
    while last > end and not text[last - 1].isalnum() and text[last - 1] not in ")%":
        last -= 1
    return last if last > end + colon.end() else end


def _in_paragraph(context: Context, run: list[Token], cue: Token) -> list[Token]:
    """The part of `run` in the cue's paragraph: the parser joins a headline, a byline or a
    broken line to the next sentence when no full stop ends them, and reported words never
    run across a paragraph (quotes in marks that do are found by their marks)."""
    text = context.text
    start = text.rfind("\n", 0, cue.idx) + 1
    end = text.find("\n", cue.idx)
    end = len(text) if end < 0 else end
    return [token for token in run if start <= token.idx < end]


def _before_next_report(context: Context, run: list[Token]) -> list[Token]:
    """ "called on both sides to return to talks and urged donors to ...", "claimed to have
    captured a position as the prime minister warned that ...": the run up to a reporting verb
    joined to it (the speaker's next report) or in a clause of its own with its own subject
    (someone else's report). A gerund joined to a gerund is one more item of a list the
    speaker named ("suggested checking the costs and asking yourself this"), no new report."""
    for index, token in enumerate(run[1:], start=1):
        reporting = parse.is_cue(token, context.lexicon, framing=False) or parse.verb_key(token, context.lexicon) in context.lexicon.object_verbs
        own_subject = any(child.dep_ in parse.SUBJECTS for child in token.children)
        listed = token.dep_ == "conj" and token.tag_ == "VBG" and token.head.tag_ == "VBG" and token.head in run[:index]  # "suggested checking X and asking Y"
        if reporting and not listed and (token.dep_ == "conj" or token.dep_ == "advcl" and own_subject):
            cut = [t for t in run[:index] if t.i < token.left_edge.i]
            while cut and (cut[-1].dep_ == "cc" or cut[-1].is_punct):
                cut = cut[:-1]
            return cut
    return run


def _strip_start(run: list[Token]) -> list[Token]:
    """Without a dateline, punctuation, quote marks and a leading "that" / "whether" / "if"
    (not the "if" of a condition: "said that if people are offended, they should ...")."""
    run = parse.after_dateline(run)
    while run and (run[0].is_punct or run[0].is_space or run[0].dep_ == "mark" and run[0].lower_ in ("that", "whether", "if") and run[0].head.dep_ != "advcl"
                   or run[0].lower_ == "that" and run[0].dep_ == "advmod" and run[0].head.dep_ == "relcl"):  # "at the time that X" (parse.reported_clauses)
        run = run[1:]
    return run


def _without_opening_connective(context: Context, run: list[Token], cue: Token) -> list[Token]:
    """Without the adverb that opens the sentence and links it to the reporter's previous one
    ("However debates ... are not likely to alter the campaign, noted NBC's Dante Chinni"), when
    the reported words come before their cue (after it, the cue opens the sentence instead)."""
    if len(run) < 2 or run[-1].i > cue.i or not _opening_connective(context, run[0]):
        return run
    return _strip_start(run[1:])


def _opening_connective(context: Context, token: Token) -> bool:
    """`token` is one of the lexicon's `narration_connectives`, as the adverb opening its sentence."""
    return token.lower_ in context.lexicon.narration_connectives and token.dep_ == "advmod" and token.i == context.sentence(token).start


def _strip_end(run: list[Token]) -> list[Token]:
    """Without punctuation and a dangling "and" / "but" at the end; a closing bracket whose
    opening one is in the run stays ("valued at 330 million (232 million US dollars)")."""
    while run and (run[-1].is_punct or run[-1].is_space or run[-1].dep_ == "cc"):
        if run[-1].text in ")]" and any(token.text == ("(" if run[-1].text == ")" else "[") for token in run):
            break
        run = run[:-1]
    return run


# a comma or a dash sets off the reporter's comment after the reported words
SETTING_OFF = frozenset({",", "--", "—", "–", "―"})


def _without_trailing_aside(run: list[Token], narration_marks: frozenset[str] = frozenset()) -> list[Token]:
    """Cut a comment the reporter adds at the end of the reported words: a non-restrictive
    relative clause after a comma or a dash (", which forced her to ...", "-- who cited her
    record"), or after a comma a participle (", contradicting the police's claim") or a
    concessive clause opened by one of `narration_marks` (", although he again refused to ...").
    A ", where" clause stays: PolNeAR counts it as said more often than not."""
    if len(run) < 4:
        return run
    positions = {token.i: index for index, token in enumerate(run)}
    for token in run:
        first = token.left_edge
        at = positions.get(first.i, 0)
        if token.dep_ not in ("relcl", "acl", "advcl", "ccomp") or at < 2 or run[at - 1].text not in SETTING_OFF or token.right_edge.i < run[-1].i:
            continue
        relative = first.lower_ in ("which", "who", "whom", "whose")
        if run[at - 1].text != "," and not relative:
            continue  # after a dash a participle goes on with what was said ("-- igniting old feuds")
        concessive = token.dep_ == "advcl" and any(child.dep_ == "mark" and child.lower_ in narration_marks for child in token.children)
        participle = first.i == token.i and token.tag_ == "VBG" and token.dep_ != "acl"  # "actors, including Iran, interfering in ...": said
        if relative or participle or concessive:
            return _strip_end(run[: at - 1])
    return run


def _joined_reports(context: Context, head: Token) -> set[int]:
    """ "... and warned against X": a reporting verb joined to the clause, with no subject of
    its own, is the speaker's next statement, not part of this one (a verb of judging is not:
    "they should change the laws rather than criticize him" is one statement)."""
    dropped: set[int] = set()
    for child in head.children:
        if child.dep_ == "conj" and parse.is_cue(child, context.lexicon, framing=False) and not any(grand.dep_ in parse.SUBJECTS for grand in child.children):
            dropped |= {token.i for token in child.subtree}
            dropped |= {sibling.i for sibling in head.children if sibling.dep_ in ("cc", "punct") and sibling.i == child.i - 1}
    return dropped


def _sentence_piece(run: list[Token], cue: Token) -> list[Token]:
    """The part of `run` in the cue's sentence, where the run spans a sentence end
    (`... couldn't." Lenox was a juggernaut, Mr. Clarke said,`)."""
    pieces: list[list[Token]] = [[]]
    for index, token in enumerate(run):
        pieces[-1].append(token)
        if token.text in (".", "?", "!") and index + 1 < len(run):
            following = next((t for t in run[index + 1 :] if not (t.is_punct and t.is_quote) and not t.is_space), None)
            if following is not None and following.text[:1].isupper():
                pieces.append([])
    pieces = [piece for piece in pieces if piece]
    if len(pieces) <= 1:
        return run
    if cue.i < pieces[0][0].i:
        return pieces[0]
    if cue.i > pieces[-1][-1].i:
        return pieces[-1]
    return min(pieces, key=lambda piece: 0 if piece[0].i <= cue.i <= piece[-1].i else min(abs(piece[0].i - cue.i), abs(piece[-1].i - cue.i)))


def _asides(context: Context, head: Token) -> set[int]:
    """Tokens of reporting asides under `head` ("as quoted by RIA Novosti", "according to X")."""
    dropped: set[int] = set()
    lexicon = context.lexicon
    for token in head.subtree:
        aside = (token.dep_ == "advcl" and _has_mark(token, "as") and parse.is_cue(token, lexicon)) or _starts_phrase(token, lexicon)
        if aside and token.i != head.i:
            dropped |= {child.i for child in token.subtree}
    return dropped


def _starts_phrase(token: Token, lexicon: QuoteLexicon) -> bool:
    """The first word of an "according to"-style phrase."""
    if not token.is_alpha:
        return False
    for phrase in lexicon.according_phrases:
        if token.lower_ != phrase[0]:
            continue
        words = token.doc[token.i : token.i + len(phrase)]
        if len(words) == len(phrase) and all(word.lower_ == part for word, part in zip(words, phrase, strict=True)):
            return True
    return False


def _phrase_object(token: Token) -> Token | None:
    """X in "according to X": the object of the phrase's preposition."""
    for candidate in token.doc[token.i : token.i + 3]:
        for child in candidate.children:
            if child.dep_ == "pobj":
                return parse.named(child)
    return None


def _clause_head(token: Token) -> Token | None:
    """The verb an aside is attached to (walking up from a noun the parser hung it on)."""
    head = token.head
    for _ in range(4):
        if parse.is_verb(head) or head.pos_ == "AUX" or head.dep_ == "ROOT":
            return head if head.i != token.i else None
        head = head.head
    return None


def _has_mark(token: Token, word: str) -> bool:
    return any(child.dep_ == "mark" and child.lower_ == word for child in token.children)


def _speaker_tuple(token: Token | None, quoted: list[tuple[int, int]], text: str) -> tuple[int, int, int] | None:
    if token is None or _inside(token.idx, quoted):
        return None
    token = parse.named(token)
    start, end = parse.speaker_range(token)
    for quote_start, quote_end in quoted:  # a token straddling a quote mark: `exist"Russian`
        if start < quote_end <= token.idx:
            start = quote_end
    while start < token.idx and not text[start].isalnum():
        start += 1
    return start, end, token.idx


def _inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether an offset is inside one of `ranges` (sorted by start, not nested)."""
    index = bisect_right(ranges, (offset, float("inf"))) - 1
    return index >= 0 and ranges[index][0] <= offset < ranges[index][1]


def _absorb(text: str, marked: list[Draft], reported: list[Draft]) -> tuple[list[Draft], list[Draft]]:
    """One quote per act of reporting. A reported clause that quotes some of its words
    ("He said NATO is “a relic”") is one partial quote, the clause, and the quotes in marks
    inside it that belong to its cue are absorbed; a clause that is wholly one quote in marks
    is left to that quote; a clause half covered by quotes it does not contain is dropped.
    Returns the quotes in marks left and the reported clauses kept."""
    absorbed: set[int] = set()
    kept: list[Draft] = []
    for clause in reported:
        inner = [i for i, draft in enumerate(marked) if _within(text, draft, clause) and _same_report(draft, clause)]
        if not inner:
            if not _mostly_quoted(clause, marked) and not _frames_next_quote(text, clause, marked):
                kept.append(clause)
            continue
        unquoted = _words(text, clause.start, clause.end) - sum(_words(text, marked[i].start, marked[i].end) for i in inner)
        if len(inner) == 1 and unquoted <= 1:
            continue  # the clause is the quote: `said that “...”`
        if len(inner) == 1 and _introduced_by_colon(text, clause, marked[inner[0]]):
            continue  # `X scolded him: “...,” she said`: the words before the colon are the reporter's
        absorbed.update(inner)
        kept.append(replace(clause, kind="partial"))
    return [draft for i, draft in enumerate(marked) if i not in absorbed], kept


def _frames_next_quote(text: str, clause: Draft, marked: list[Draft]) -> bool:
    """ "X scolded him: “...,” she said": the clause before the colon introduces the quote that
    the same cue, after it, reports; the reporter wrote it, nobody said it."""
    colon = re.match(r"[ \t]*:[ \t]*", text[clause.end : clause.end + 8])
    if colon is None:
        return False
    at = clause.end + colon.end()
    return any(draft.cue_at == clause.cue_at and clause.cue_at is not None and clause.cue_at > draft.end
               and at <= (draft.open_at if draft.open_at is not None else draft.start) <= at + 1 for draft in marked)


def _introduced_by_colon(text: str, clause: Draft, quote: Draft) -> bool:
    """The clause is the reporter's words, a colon, then the quote in marks, and nothing after,
    with the cue after the quote (“X scolded him: “...,” she said”; in "X said she has one
    quality: “Steadiness”" the words before the colon are said too)."""
    opening = quote.open_at if quote.open_at is not None else quote.start
    cue_after = clause.cue_at is not None and clause.cue_at > quote.end
    return cue_after and text[clause.start : opening].rstrip().endswith(":") and not WORD.search(text, quote.end, clause.end)


def _drop_self_reports(context: Context, reported: list[Draft]) -> list[Draft]:
    """Reports inside another report's content that repeat it: "Fowler said he expects Clinton
    to recover" (the nested speaker is a pronoun there: the outer speaker's own words), and
    a nested verb report as long as half the outer one ("The FBI decided not to recommend
    charges"). A nested speech noun stays: "Iran rejected Brenner's claim that ..." is two."""
    kept = []
    text = context.text
    reported = [draft for draft in reported if not _double_attribution(context, draft, reported)]
    for draft in reported:
        cue_at = draft.cue_at if draft.cue_at is not None else -1
        outers = [other for other in reported if other is not draft and other.start <= cue_at < other.end and _within(text, draft, other)]
        head = draft.speaker[2] if draft.speaker is not None else -1
        pronoun = any(other.start <= head < other.end for other in outers) and _is_pronoun_at(context, head)
        noun = draft.cue_at is not None and _pos_at(context, draft.cue_at) == "NOUN"  # "rejected X's claim that ...": two reports
        most = not noun and any(2 * _words(text, draft.start, draft.end) >= _words(text, other.start, other.end) for other in outers)
        if not (pronoun or most):
            kept.append(draft)
    return kept


def _double_attribution(context: Context, outer: Draft, reported: list[Draft]) -> bool:
    """ "DiRita said the command has the authority, he said": the reporter attributed the words
    twice; the closing attribution (after the words), by a pronoun and with the same cue word,
    has a content that opens with the first report's speaker and cue, and that report holds the
    rest of it. The first report is the quote: `outer` is dropped. (With a name, "Hale said X,
    the minister said", or another cue, "Hale reported to the president that X, he said", the
    second speaker reports the first one's words: both stay as they were.)"""
    text = context.text
    closing = outer.cue_at is not None and outer.cue_at >= outer.end  # the attribution follows the words
    if not closing or outer.speaker is None or not _is_pronoun_at(context, outer.speaker[2]):
        return False
    for inner in reported:
        if inner is outer or inner.speaker is None or inner.cue_at is None or not outer.start <= inner.cue_at < outer.end:
            continue
        same_cue = (inner.cue or "").lower() == (outer.cue or "").lower()  # "X said ..., he said"; not "X reported ..., he said"
        if same_cue and inner.speaker[0] == outer.start and inner.start > inner.cue_at and not WORD.search(text, inner.end, outer.end):
            return True
    return False


def _within(text: str, inner: Draft, outer: Draft) -> bool:
    """Every word of `inner` lies in `outer` (which may have been trimmed of end punctuation)."""
    if inner.start < outer.start and WORD.search(text, inner.start, outer.start):
        return False
    return inner.end <= outer.end or not WORD.search(text, outer.end, inner.end)


def _same_report(draft: Draft, clause: Draft) -> bool:
    """A quote in marks inside a reported clause belongs to it unless a cue outside the clause
    governs it (a cue inside is a report within the reported words: part of them)."""
    if draft.basis not in ("cue", "text_cue") or draft.cue_at == clause.cue_at:
        return True
    return draft.cue_at is not None and clause.start <= draft.cue_at < clause.end


def _words(text: str, start: int, end: int) -> int:
    return len(WORD.findall(text, start, end))


def _mostly_quoted(draft: Draft, marked: list[Draft]) -> bool:
    """At least half of the clause is a quote in marks, which already stands for it."""
    length = max(1, draft.end - draft.start)
    covered = sum(max(0, min(draft.end, other.end) - max(draft.start, other.start)) for other in marked)
    return covered * 2 >= length


def _with_transcript(context: Context, marked: list[Draft]) -> list[Draft]:
    """Add the labelled turns of a transcript or headline; a transcript in quote marks gives its
    turns, not one long quote with no speaker."""
    labelled = _labelled(context)
    if not labelled:
        return marked
    marked = [draft for draft in marked if draft.basis in SPEAKER_BASES or not any(_within(context.text, turn, draft) for turn in labelled)]
    return marked + [turn for turn in labelled if not _mostly_quoted(turn, marked)]


def _labelled(context: Context) -> list[Draft]:
    """Headlines and transcripts that name their speaker before a colon ("Pence: We will ...",
    "WALLACE: Do you ..."); the name must be a person or organisation to the parser, or in capitals."""
    drafts = []
    for match in LABELLED.finditer(context.text):
        name_start, name_end = match.span("name")
        tokens = context.doc.char_span(name_start, name_end, alignment_mode="expand")
        named = tokens is not None and (any(token.ent_type_ in ("PERSON", "ORG", "NORP") for token in tokens) or match.group("name").isupper())
        start, end = match.span("content")
        draft = Draft(start, end, "direct", ":", (name_start, name_end, _last_word(context.text, name_start, name_end)), "colon")
        if named and not _never_speaks(context, draft):
            drafts.append(draft)
    return drafts


def _merge_interrupted(text: str, drafts: list[Draft]) -> list[Draft]:
    """One quote for “A,” he said. “B.” in one paragraph: the piece that took its speaker from
    its neighbour joins it, and the content spans the attribution between them."""
    merged: list[Draft] = []
    for draft in drafts:
        previous = merged[-1] if merged else None
        if previous is not None and _interrupted(text, previous, draft):
            attributed = draft if previous.basis == "adjacent" else previous
            kind = "direct" if "direct" in (previous.kind, draft.kind) else "partial"
            merged[-1] = replace(attributed, start=previous.start, end=draft.end, kind=kind, balanced=previous.balanced and draft.balanced, open_at=previous.open_at)
        else:
            merged.append(draft)
    return merged


def _interrupted(text: str, first: Draft, second: Draft) -> bool:
    """The two pieces share a speaker, named between them or nothing between them, in one
    paragraph, and not two cues of their own ("“A,” Trump said, adding: “B”" is two quotes).
    The attribution between them must be no longer than the pieces together, or the merged
    span would be mostly the reporter's words."""
    if first.speaker is None or first.speaker != second.speaker:
        return False
    if first.cue_at != second.cue_at and "adjacent" not in (first.basis, second.basis):
        return False
    between = text[first.end : second.start]
    speaker_between = first.end <= first.speaker[0] and first.speaker[1] <= second.start
    words = len(WORD.findall(between))
    quoted = _words(text, first.start, first.end) + _words(text, second.start, second.end)
    return "\n" not in between and (words == 0 or speaker_between and words <= quoted)


# --- naming speakers -----------------------------------------------------------------------------


def _deduplicate(drafts: list[Draft]) -> list[Draft]:
    """One quote per content span (direct over partial over indirect), sorted by start; a
    report inside another report of the same cue is a piece of it (the parser gave the cue
    two clauses, one holding the other), not a second quote."""
    best: dict[tuple[int, int], Draft] = {}
    for draft in drafts:
        key = (draft.start, draft.end)
        if key not in best or KIND_ORDER[draft.kind] < KIND_ORDER[best[key].kind]:
            best[key] = draft
    kept = [draft for draft in best.values() if not any(_piece_of(draft, other) for other in best.values())]
    return sorted(kept, key=lambda draft: (draft.start, draft.end))


def _piece_of(draft: Draft, other: Draft) -> bool:
    """`draft` is a report of the same cue as `other`, strictly inside it (`other` may be the
    partial quote the cue's whole report became with the words in marks it holds: "X told
    reporters there will be “good news”, the paper reported" is one report of the paper's)."""
    same_cue = draft.cue_at is not None and draft.cue_at == other.cue_at and draft.kind == "indirect" and other.kind in ("indirect", "partial")
    return same_cue and other.start <= draft.start and draft.end <= other.end and (draft.start, draft.end) != (other.start, other.end)


def _speaker(context: Context, draft: Draft, mentions: list[Mention], last_named: Speaker | None,
             last_is_person: bool = False, quoted: list[tuple[int, int]] | None = None) -> tuple[Speaker | None, float]:
    """The Speaker of a draft, named from the mention covering its head, and a confidence factor.
    A pronoun no mention covers takes the last speaker named before, but a plural "they" never a
    person ("the fact-checkers ... They found": not the candidate quoted before): it stays
    unnamed; so does an "I" or "we" in the reporter's own words (`quoted`: the spans in marks,
    where "I" is the quoted speaker): the writer, not the last person quoted."""
    if draft.speaker is None:
        return None, 1.0
    start, end, head = draft.speaker
    text = context.text[start:end]
    mention = _covering(mentions, head, start, end)
    pronoun = _is_pronoun_at(context, head)
    if pronoun and context.text[head:end].lower() in context.lexicon.generic_pronouns:
        return Speaker(text, text, None, start, end), context.lexicon.confidence.get("unresolved_factor", 0.7)  # the reader
    if mention is not None:
        role_noun = not pronoun and mention.resolved_by == "coreference" and _pos_at(context, head) == "NOUN"
        resolved = pronoun or role_noun  # "he", "the Kremlin spokesman": named through coreference
        factor = context.lexicon.confidence.get("resolved_factor", 0.9) if resolved else 1.0
        return Speaker(text, mention.name, mention.code, start, end), factor
    if pronoun:
        factor = context.lexicon.confidence.get("unresolved_factor", 0.7)
        if context.text[head:end].lower() in FIRST_PERSON_PRONOUNS and not _inside(head, quoted or []):
            return Speaker(text, text, None, start, end), factor  # the writer ("We asked whether ...")
        plural = context.text[head:end].lower() in PLURAL_PRONOUNS
        if last_named is not None and not (plural and last_is_person):
            return Speaker(text, last_named.name, last_named.code, start, end), factor
        return Speaker(text, text, None, start, end), factor
    return Speaker(text, text, None, start, end), 1.0


PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
PLURAL_PRONOUNS = frozenset({"they", "them"})
FIRST_PERSON_PRONOUNS = frozenset({"i", "we", "me", "us"})
POSSESSIVE_PRONOUNS = frozenset({"his", "her"})


def _not_the_one_talked_about(speaker: Speaker | None, draft: Draft, mentions: list[Mention], quotes: list[Quote],
                              last_person: Speaker | None) -> Speaker | None:
    """ "Palmieri said Trump is reduced to taunts. “You could dismiss this ...,” she said.": the
    actors stage tied "she" to Trump, the last person named, but Trump was named inside the words
    the last person quoted reported, so he is who she talked about: the pronoun is that last
    person quoted (as a name in marks never speaks next). Only a pronoun whose person was last
    named inside a report of the last person quoted."""
    if speaker is None or last_person is None or draft.speaker is None or speaker.name in (None, last_person.name):
        return speaker
    if speaker.text.lower() not in PERSONAL_PRONOUNS:
        return speaker
    antecedent = None
    for mention in mentions:
        if mention.start >= draft.speaker[0]:
            break
        if mention.name == speaker.name and mention.start < draft.start:
            antecedent = mention
    if antecedent is None or not any(quote.start <= antecedent.start < quote.end and quote.speaker is not None
                                     and quote.speaker.name == last_person.name for quote in quotes[-2:]):
        return speaker
    return replace(speaker, name=last_person.name, code=last_person.code)


def _person_named_before(context: Context, pronoun: Token) -> str | None:
    """The last person the parser names earlier in the pronoun's own sentence, for a "he" or
    "she" the actors stage tied to no one ("Aung Sang Suu Kyi urged ... and she called for
    ..." with a spelling no knowledge base holds): the name, never a code."""
    sentence = context.sentence(pronoun)
    names = [entity for entity in context.doc.ents if entity.label_ == "PERSON" and sentence.start <= entity.start and entity.end <= pronoun.i]
    return names[-1].text if names else None


def _across_sentences(context: Context, draft: Draft, speaker: Speaker | None, mentions: list[Mention], named_persons: frozenset[str], last_person: Speaker | None) -> Speaker | None:
    """Name a speaker the sentence does not name: "he" or "she" tied by the actors stage to
    no person the article names (an organisation, a place, a team) is the last person quoted
    before; "the spokesman", "the minister" with no named mention is the last person
    mentioned before with that word in their title ("Foreign Ministry spokesman Qin Gang");
    "her account" is named as its "her"; "the IAEA chief" is the IAEA's person named before.
    Keeps the speaker's own words and offsets."""
    if speaker is None or draft.speaker is None:
        return speaker
    token = context.token_at(draft.speaker[2])
    if token is None:
        return speaker
    if token.lower_ in PERSONAL_PRONOUNS and context.parsed and parse.is_pronoun(token):
        return _name_pronoun(context, draft, speaker, token, mentions, named_persons, last_person)
    mention = _covering(mentions, draft.speaker[2], draft.speaker[0], draft.speaker[1])
    possessor = _possessive_pronoun(context, token)
    if possessor is not None and speaker.name == speaker.text and (mention is None or mention.name == speaker.text):
        return _name_pronoun(context, draft, speaker, possessor, mentions, named_persons, last_person)
    if token.pos_ == "NOUN" and _unnamed(speaker.name or "") and (mention is None or mention.kind == "person"):
        titled = _last_titled(mentions, token, draft.speaker[0])
        if titled is not None:
            return replace(speaker, name=titled.name, code=titled.code)
    if speaker.name == speaker.text and (mention is None or mention.name == speaker.text):
        full = _full_name(context, speaker.text, mentions, draft.speaker[0])
        if full is not None and not (mention is not None and mention.kind == "person" and mention.code and not full.code):
            return replace(speaker, name=full.name, code=full.code)
    if mention is not None and _titled_under(context, token, mention):
        titled = _last_of_code(mentions, mention, draft.speaker[0])
        if titled is not None:
            return replace(speaker, name=titled.name, code=titled.code)
    return speaker


def _full_name(context: Context, words: str, mentions: list[Mention], before: int) -> Mention | None:
    """ "Mr. King", "Zarqawi", "Dong" (one name, after an optional `honorifics` word) that no
    mention names: the person named before in full whose first or last name it is ("Larry
    King", "Abu Musab al-Zarqawi", "Dong Haiping"); a full name of its own is another person.
    Two different full names with it before ("Ted Cruz", "Heidi Cruz") leave it ambiguous: None.
    The caller keeps a person the actors stage coded from the name itself ("Cruz", a senator) when
    the full name has no code (a namesake the knowledge base lacks: "Heidi Cruz")."""
    names = [word for word in words.split() if word.lower().rstrip(".") not in context.lexicon.honorifics]
    if len(names) != 1 or not names[0][:1].isupper():
        return None
    found: dict[str, Mention] = {}
    for mention in mentions:
        if mention.start >= before:
            break
        parts = mention.name.split()
        if mention.kind == "person" and len(parts) > 1 and names[0] in (parts[0], parts[-1]):
            found[mention.name] = mention
    return next(iter(found.values())) if len(found) == 1 else None


def _titled_under(context: Context, token: Token, mention: Mention) -> bool:
    """ "The IAEA chief": the speaker's head is a person's title (`title_nouns`) and the mention
    naming it is an organisation in its modifiers, not the head itself: the speaker is a person
    of that organisation."""
    return (token.pos_ == "NOUN" and token.lemma_.lower() in context.lexicon.title_nouns
            and mention.kind != "person" and not mention.start <= token.idx < mention.end)


def _last_of_code(mentions: list[Mention], organisation: Mention, before: int) -> Mention | None:
    """The last named person mentioned before `before` who has the organisation's own code
    ("IAEA chief Mohamed ElBaradei", IGOUNOIAE, for "the IAEA chief"); a name that ends in a
    title ("OPEC president") is no name."""
    if not organisation.code:
        return None
    found = None
    for mention in mentions:
        if mention.start >= before:
            break
        if mention.kind == "person" and mention.code == organisation.code and mention.name.split()[-1][:1].isupper():
            found = mention
    return found


def _name_pronoun(context: Context, draft: Draft, speaker: Speaker, pronoun: Token, mentions: list[Mention],
                  named_persons: frozenset[str], last_person: Speaker | None) -> Speaker:
    """A "he" or "she" (or the "his"/"her" owning the speaker) tied to no person the article
    names is the last person quoted before, else the last person named before outside the
    quote, else the last person the parser names earlier in the sentence."""
    if speaker.name not in named_persons and last_person is not None:
        return replace(speaker, name=last_person.name, code=last_person.code)
    if speaker.name not in _named_before(mentions, draft):  # tied to no one, or to a name in the quote
        earlier = _last_person(mentions, draft)
        if earlier is not None:
            return replace(speaker, name=earlier.name, code=earlier.code)
    if speaker.name == speaker.text:  # still only "she": a person the knowledge base lacks
        named = _person_named_before(context, pronoun)
        if named is not None:
            return replace(speaker, name=named)
    return speaker


def _possessive_pronoun(context: Context, token: Token) -> Token | None:
    """The "his" or "her" owning a speaker noun for a thing said (`said_nouns`: "According to her
    account", "his best response was to say"): the words are that person's, so the speaker is named
    as the pronoun would be. "His wife", "her lawyer", "his aides" are other people."""
    if not context.parsed or token.pos_ not in ("NOUN", "PROPN") or token.lemma_.lower() not in context.lexicon.said_nouns:
        return None
    return next((child for child in token.children
                 if child.dep_ == "poss" and child.lower_ in POSSESSIVE_PRONOUNS and parse.is_pronoun(child)), None)


def _unnamed(name: str) -> bool:
    """ "The minister", "officials": a role with no name in it (a capital after the first word
    would be a name: "the Kremlin spokesman"). "A spokesman", "an official spokesman" bring in
    someone new: the indefinite article says it is not the person titled before."""
    words = name.split()
    if not words or words[0].lower() in ("a", "an"):
        return False
    return not any(char.isupper() for word in words[1:] for char in word) and (words[0].lower() == "the" or words[0].islower())


def _named_before(mentions: list[Mention], draft: Draft) -> set[str]:
    """Names of the persons mentioned before a draft's speaker, outside the quote itself."""
    assert draft.speaker is not None
    return {mention.name for mention in mentions
            if mention.kind == "person" and mention.start < draft.speaker[0] and not draft.start <= mention.start < draft.end}


def _last_person(mentions: list[Mention], draft: Draft) -> Mention | None:
    """The last person the article names before a "he"/"she" speaker that the actors stage tied
    to no one (its coreference looks back one sentence; a quote often follows a paragraph
    later). A name inside the quote itself is who the speaker talks about, never the speaker."""
    assert draft.speaker is not None
    found = None
    for mention in mentions:
        if mention.start >= draft.speaker[0]:
            break
        inside = draft.start <= mention.start < draft.end
        if (mention.kind == "person" and not inside and mention.text.lower() not in PERSONAL_PRONOUNS
                and any(char.isupper() for char in mention.name)):
            found = mention
    return found


def _last_titled(mentions: list[Mention], noun: Token, before: int) -> Mention | None:
    """The last named person mentioned before `before` whose words hold `noun` ("minister")."""
    words = {noun.lower_, noun.lemma_.lower()}
    found = None
    for mention in mentions:
        if mention.start >= before:
            break
        if mention.kind == "person" and any(char.isupper() for char in mention.name) and words & set(mention.text.lower().split()):
            found = mention
    return found


def _is_person(context: Context, draft: Draft, mentions: list[Mention]) -> bool:
    """The speaker is a person: the actors stage says so, or the parser tags a person's name."""
    if draft.speaker is None:
        return False
    start, end, head = draft.speaker
    mention = _covering(mentions, head, start, end)
    if mention is not None:
        return mention.kind == "person"
    token = context.token_at(head)
    return token is not None and token.ent_type_ == "PERSON"


def _covering(mentions: list[Mention], head: int, start: int, end: int) -> Mention | None:
    """The mention covering the speaker's head, else the last mention inside the speaker's words."""
    inside = None
    for mention in mentions:
        if mention.start > end:
            break
        if mention.start <= head < mention.end:
            return mention
        if start <= mention.start and mention.end <= end:
            inside = mention
    return inside


def _never_speaks(context: Context, draft: Draft) -> bool:
    """The draft's speaker is a thing, not an actor ("Photo:", "signs saying", "the law says")."""
    if draft.speaker is None or not context.parsed:
        return False
    token = context.token_at(draft.speaker[2])
    return token is not None and parse.never_speaks(token, context.lexicon)


def _pos_at(context: Context, offset: int) -> str:
    token = context.token_at(offset)
    return token.pos_ if token is not None else ""


def _is_pronoun_at(context: Context, offset: int) -> bool:
    token = context.token_at(offset)
    return token is not None and context.parsed and parse.is_pronoun(token)


def _quote(article: Article, text: str, draft: Draft, speaker: Speaker | None, factor: float, lexicon: QuoteLexicon) -> Quote:
    confidence = lexicon.confidence.get(draft.basis, 0.5) * factor
    if not draft.balanced:
        confidence *= lexicon.confidence.get("unbalanced_factor", 0.8)
    digest = hashlib.blake2b(f"{article.id}:{draft.start}:{draft.end}".encode(), digest_size=8).hexdigest()
    return Quote(
        id=digest,
        article_id=article.id,
        start=draft.start,
        end=draft.end,
        content=text[draft.start : draft.end],
        kind=draft.kind,
        cue=draft.cue,
        speaker=speaker,
        confidence=round(min(1.0, max(0.0, confidence)), 3),
    )
