"""Per-article NLP stages over one shared parse: actors, then quotes, then events.

`annotate` is a pure function of the articles and the loaded resources, so it runs in
the main process, in a process pool, or on Dask workers over partitions of a corpus. The
spaCy model and the lexicons are loaded once per worker (`load_nlp_resources`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from detente.nlp import Prefilter, load_pipeline, parse, parse_prefiltered
from detente.records import Article, Event, Mention, Quote


@dataclass(frozen=True)
class Annotations:
    """What the NLP stages found in one article."""

    article_id: str
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


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


@lru_cache(maxsize=2)
def load_nlp_resources(model: str, extra_data: tuple[Path, ...] = (), parse_prefilter: bool = True) -> NlpResources:
    """Load the spaCy pipeline and the lexicons; `parse_prefilter` (Settings.parse_prefilter,
    on by default as in `detente run`) also builds the sentence prefilter, so that only the
    sentences that may hold an event or a quote are parsed."""
    from detente.actors import load_actor_knowledge
    from detente.events import load_event_lexicon
    from detente.quotes import load_quote_lexicon

    actors, quotes, events = load_actor_knowledge(extra_data), load_quote_lexicon(extra_data), load_event_lexicon(extra_data)
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
