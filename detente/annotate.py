"""Per-article NLP stages over one shared parse: actors, then quotes, then events.

`annotate` is a pure function of the articles and the loaded resources, so it runs in
the main process, in a process pool, or on Dask workers over partitions of a corpus. The
spaCy model and the lexicons are loaded once per worker (`load_nlp_resources`, held by the
runner's `stages.ResourceCache`), never per document and never by a module cache.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from detente.nlp import Prefilter, load_pipeline, parse, parse_prefiltered
from detente.records import Article, Event, Mention, Quote, Reject
from detente.resources import paused_gc


@dataclass(frozen=True)
class Annotations:
    """What the NLP stages found in one article."""

    article_id: str
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


@dataclass(frozen=True)
class AnnotationFailure:
    """An article the NLP stages could not process: the stage that failed and a one-line
    reason. Stored (with the attempts) instead of stopping the run."""

    article_id: str
    stage: str  # "parse", "actors", "quotes" or "events"
    reason: str
    source: str = ""  # the article's source, for the console

    def as_reject(self) -> Reject:
        """The failure as rejects.jsonl and the console show it."""
        return Reject(self.source, f"annotation failed ({self.stage}): {self.reason}")


@dataclass(frozen=True)
class NlpResources:
    """The parser and the knowledge every NLP stage reads; immutable once loaded. `prefilter`
    set (Settings.parse_prefilter): only the sentences it keeps are parsed (see
    `detente.nlp.parse_prefiltered`)."""

    nlp: Any
    actors: Any
    quotes: Any
    events: Any
    prefilter: Prefilter | None = None


def load_nlp_resources(model: str, extra_data: tuple[Path, ...] = (), parse_prefilter: bool = True) -> NlpResources:
    """Load the spaCy pipeline and the lexicons; `parse_prefilter` (Settings.parse_prefilter,
    on by default as in `detente run`) also builds the sentence prefilter, so that only the
    sentences that may hold an event or a quote are parsed. A plain loader over plain loaders
    (issue 13: `nlp.load_pipeline`, `actors.load_actor_knowledge`, `quotes.load_quote_lexicon`,
    `events.load_event_lexicon` and `places.load_gazetteer` keep no module cache): each call
    loads afresh. The runners keep its result in their `stages.ResourceCache`, once per process
    or Dask worker; other callers keep it themselves.

    Each resource is built once: the places gazetteer (a second) is shared by the actor
    knowledge and the event lexicon, and the lexicon takes the quote lexicon's speech verbs.
    The garbage collector is paused meanwhile (`resources.paused_gc`)."""
    from detente.actors import load_actor_knowledge
    from detente.events import load_event_lexicon
    from detente.places import load_gazetteer
    from detente.quotes import load_quote_lexicon

    extra = tuple(extra_data)
    with paused_gc():
        gazetteer = load_gazetteer(extra)
        quotes = load_quote_lexicon(extra)
        actors = load_actor_knowledge(extra, gazetteer=gazetteer)
        events = load_event_lexicon(extra, gazetteer=gazetteer, speech_verbs=quotes.speech_verbs)
        return NlpResources(
            nlp=load_pipeline(model),
            actors=actors,
            quotes=quotes,
            events=events,
            prefilter=Prefilter.of(events, quotes, actors) if parse_prefilter else None,
        )


def annotate(articles: Iterable[Article], resources: NlpResources, batch_size: int = 32) -> Iterator[Annotations]:
    """Parse each article once and run the actor, quote and event stages on the parse."""
    from detente.actors import find_mentions
    from detente.events import find_events
    from detente.quotes import find_quotes

    if resources.prefilter is not None:
        parsed = parse_prefiltered(articles, resources.nlp, resources.prefilter, batch_size=batch_size)
    else:
        parsed = parse(articles, resources.nlp, batch_size=batch_size)
    for article, doc in parsed:
        mentions = find_mentions(doc, article, resources.actors)
        quotes = find_quotes(doc, article, mentions, resources.quotes)
        events = find_events(doc, article, mentions, quotes, resources.events)
        yield Annotations(article.id, mentions, quotes, events)


def annotate_guarded(
    articles: Sequence[Article], resources: NlpResources, max_chars: int, batch_size: int = 32
) -> list[Annotations | AnnotationFailure]:
    """`annotate`, but one article's failure is that article's `AnnotationFailure`, never
    an exception that loses the batch: an article over `max_chars` is parsed in pieces of
    whole paragraphs (`_annotate_in_pieces`; the parser's memory grows with the text), or
    not at all when one paragraph is longer; a batch whose parse raises is parsed again one
    article at a time to find the one at fault; each stage's exception names the stage.
    Returns one outcome per article, in order."""
    outcomes: dict[str, Annotations | AnnotationFailure] = {}
    parseable = []
    for article in articles:
        if len(article.text) > max_chars:
            outcomes[article.id] = _annotate_in_pieces(article, resources, max_chars, batch_size)
        else:
            parseable.append(article)
    for article, doc in _parsed_guarded(parseable, resources, batch_size, outcomes):
        outcomes[article.id] = _stages_guarded(article, doc, resources)
    return [outcomes[article.id] for article in articles]


def too_long(length: int, limit: int) -> str:
    """The one-line reason for an article the parser is not given."""
    return (
        f"article too long for the parser: a paragraph of {length / 1e6:.1f} million characters, limit {limit / 1e6:g} million; "
        "split it into several articles or raise --max-chars"
    )


def paragraph_pieces(text: str, limit: int) -> list[tuple[int, int]] | None:
    """`(start, end)` ranges of whole paragraphs (lines), each at most `limit` characters,
    that cover `text` in order; None when one paragraph alone is longer than `limit`."""
    pieces, start = [], 0
    while len(text) - start > limit:
        cut = text.rfind("\n", start, start + limit + 1)
        if cut < start:
            return None
        pieces.append((start, cut))  # the newline itself stays outside: the blanks around a piece keep it
        start = cut + 1
    pieces.append((start, len(text)))
    return pieces


def _blank(length: int) -> str:
    """What stands for the text before a piece: spaces closed by a full stop and a newline,
    so that the piece's first sentence starts where it does in the whole text (a leading
    whitespace token would otherwise join it)."""
    return " " * (length - 2) + ".\n" if length >= 2 else " " * length


def _blank_after(length: int) -> str:
    """What stands for the text after a piece: a short sentence, then spaces, so that the
    piece's last sentence ends where it does in the whole text (trailing whitespace would
    otherwise join it). Nothing found there is kept."""
    return _NEXT_SENTENCE + " " * (length - len(_NEXT_SENTENCE)) if length >= len(_NEXT_SENTENCE) else " " * length


_NEXT_SENTENCE = "\nThe text goes on."


def _annotate_in_pieces(article: Article, resources: NlpResources, max_chars: int, batch_size: int) -> Annotations | AnnotationFailure:
    """Annotate a long article piece by piece. Each piece is parsed as a copy of the article
    whose text outside the piece is blanked to spaces (one whitespace token), so every offset
    the stages record is an offset into the real text and every id derived from offsets is
    the one a whole parse would give. What crosses a piece boundary (a quote spanning two
    pieces, a surname resolved to a name of an earlier piece) is not found, and the article-level
    context of the actors stage (the lead and dominant country that complete bare titles such as
    "the government") is that of each piece."""
    pieces = paragraph_pieces(article.text, max_chars)
    if pieces is None:
        longest = max(len(line) for line in article.text.split("\n"))
        return AnnotationFailure(article.id, "parse", too_long(longest, max_chars), article.source)
    found = Annotations(article.id)
    nlp = resources.nlp
    previous_limit = nlp.max_length
    nlp.max_length = max(previous_limit, len(article.text) + 1)  # the blanks are one token each, not text to parse
    try:
        for start, end in pieces:
            text = article.text
            piece = replace(article, text=_blank(start) + text[start:end] + _blank_after(len(text) - end))
            outcomes: dict[str, Annotations | AnnotationFailure] = {}
            parsed = _parsed_guarded([piece], resources, batch_size, outcomes)
            if outcomes:
                return outcomes[article.id]
            result = _stages_guarded(piece, parsed[0][1], resources)
            if isinstance(result, AnnotationFailure):
                return result
            found.mentions.extend(item for item in result.mentions if start <= item.start < end)
            found.quotes.extend(item for item in result.quotes if start <= item.start < end)
            found.events.extend(item for item in result.events if start <= item.trigger.start < end)
    finally:
        nlp.max_length = previous_limit
    return found


def _parse_all(articles: list[Article], resources: NlpResources, batch_size: int) -> list[tuple[Article, Any]]:
    if resources.prefilter is not None:
        return list(parse_prefiltered(articles, resources.nlp, resources.prefilter, batch_size=batch_size))
    return list(parse(articles, resources.nlp, batch_size=batch_size))


def _parsed_guarded(
    articles: list[Article], resources: NlpResources, batch_size: int, outcomes: dict[str, Annotations | AnnotationFailure]
) -> list[tuple[Article, Any]]:
    try:
        return _parse_all(articles, resources, batch_size)
    except Exception as error:  # noqa: BLE001 - find the article at fault; the others are parsed alone
        if len(articles) == 1:
            outcomes[articles[0].id] = AnnotationFailure(articles[0].id, "parse", one_line(error), articles[0].source)
            return []
    parsed = []
    for article in articles:
        try:
            parsed += _parse_all([article], resources, batch_size)
        except Exception as error:  # noqa: BLE001 - one article's failure, recorded with its reason
            outcomes[article.id] = AnnotationFailure(article.id, "parse", one_line(error), article.source)
    return parsed


def _stages_guarded(article: Article, doc: Any, resources: NlpResources) -> Annotations | AnnotationFailure:
    from detente.actors import find_mentions
    from detente.events import find_events
    from detente.quotes import find_quotes

    stage = "actors"
    try:
        mentions = find_mentions(doc, article, resources.actors)
        stage = "quotes"
        quotes = find_quotes(doc, article, mentions, resources.quotes)
        stage = "events"
        events = find_events(doc, article, mentions, quotes, resources.events)
    except Exception as error:  # noqa: BLE001 - a bug on one article must not stop the run
        return AnnotationFailure(article.id, stage, one_line(error), article.source)
    return Annotations(article.id, mentions, quotes, events)


def one_line(error: BaseException, limit: int = 300) -> str:
    """An exception as one line a user can report: its type and the first line of its message."""
    message = (str(error).splitlines() or [""])[0]
    text = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
