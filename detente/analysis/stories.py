"""Stories: articles about the same story grouped over time, incrementally.

An article is a TF-IDF vector of its words (title words counted `title_weight` times, spaCy's
English stop words, numbers and short words dropped, its `article_terms` strongest terms kept,
L2-normalised). A story is the sum of its articles' vectors (its centroid, the `centroid_terms`
strongest terms kept) plus its date span and actor counts. `assign_stories` takes a batch of
new articles and the state left by the previous batch; each article joins the story whose
centroid is most similar (cosine >= `threshold`) among the stories in reach of its date (last
article at most `window_days` away, first at most `max_span_days`), or starts a story. The
corpus is never recomputed:
document frequencies are updated with the batch, and an article is scored only against the
open stories sharing one of its terms, through an inverted index from terms to the stories in
reach; a story out of reach leaves the index, so the work per article depends on how many
stories are open at its date, not on the size of the state.

Order: a batch is processed by publication date (undated articles last), then id, so the same
batch gives the same stories whatever order it comes in. Splitting one corpus into other
batches may give slightly different stories (document frequencies grow batch by batch); an
article already in the state keeps its story (re-runs are idempotent).

Undated articles (no publication date nor interval) come last in a batch and are compared with
the stories still open then (every story of the state when the batch has no dated article);
they do not widen a story's date span.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from detente.analysis.dates import DateSpan
from detente.analysis.merge import article_published
from detente.analysis.settings import StorySettings
from detente.analysis.sides import ActorCatalog
from detente.records import Article, Event, Mention, Story, StoryAssignment

_TERM = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")


@dataclass(frozen=True)
class StoryCentroid:
    """A story as the state keeps it: summed article vectors, date span, actors, members.

    `terms` maps a term to the sum of its weights in the story's articles (the centroid times
    the number of articles); `first`/`last` are ISO days; `actors` counts actor keys.
    """

    id: str
    terms: dict[str, float]
    article_ids: list[str]
    first: str | None
    last: str | None
    actors: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class StoryState:
    """Everything `assign_stories` needs from earlier batches; plain data, see `to_dict`.

    `documents` articles seen, `document_frequency` how many of them contain each term.
    """

    documents: int = 0
    document_frequency: dict[str, int] = field(default_factory=dict)
    stories: list[StoryCentroid] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StoryState:
        """The inverse of `to_dict` (for a state read back from JSON or DuckDB)."""
        stories = [StoryCentroid(id=item["id"], terms=dict(item.get("terms") or {}),
                                 article_ids=list(item.get("article_ids") or []), first=item.get("first"),
                                 last=item.get("last"), actors=dict(item.get("actors") or {}))
                   for item in data.get("stories") or []]
        return cls(int(data.get("documents") or 0), dict(data.get("document_frequency") or {}), stories)


def terms_of(article: Article, settings: StorySettings) -> Counter[str]:
    """Term counts of an article: lower-cased words, stop words, numbers and short words out."""
    counts: Counter[str] = Counter()
    for text, weight in ((article.title or "", settings.title_weight), (article.text, 1)):
        found = Counter(_TERM.findall(text.lower()))
        for word, count in found.items():
            word = word.replace("’", "'")
            if word.endswith("'s"):
                word = word[:-2]
            if len(word) >= settings.min_term_chars and word not in STOP_WORDS:
                counts[word] += count * weight
    return counts


def assign_stories(
    articles: Iterable[Article],
    state: StoryState | None = None,
    settings: StorySettings | None = None,
    actors: Mapping[str, Iterable[str]] | None = None,
) -> tuple[list[StoryAssignment], StoryState]:
    """Assign a batch of new articles to stories, continuing from `state`.

    Args:
        articles: the new articles (any order: they are processed by date, then id).
        state: what earlier batches left (None for the first batch); it is not modified.
        settings: thresholds; `StorySettings()` by default.
        actors: article id -> actor keys named in it (see `article_actors`), counted into each
            story's main actors.

    Returns:
        One assignment per article, in processing order, and the new state.
    """
    settings = settings or StorySettings()
    state = state or StoryState()
    actors = actors or {}
    batch = sorted({article.id: article for article in articles}.values(), key=_article_order)
    known = {article_id: story.id for story in state.stories for article_id in story.article_ids}
    fresh = [article for article in batch if article.id not in known]

    counts = {article.id: terms_of(article, settings) for article in fresh}
    frequency = dict(state.document_frequency)
    for terms in counts.values():
        for term in terms:
            frequency[term] = frequency.get(term, 0) + 1
    documents = state.documents + len(fresh)

    stories: list[StoryCentroid | _Working] = list(state.stories)
    position = {story.id: index for index, story in enumerate(stories)}
    spans = {article.id: article_published(article) for article in fresh}
    index = _Index(settings.window_days, settings.max_span_days)
    low = min((span.start.toordinal() for span in spans.values() if span is not None), default=None)
    for story in state.stories:
        working = _Working.of(story)
        if low is None or index.closes(working) >= low:
            index.add(working)

    assignments = []
    for article in batch:
        if article.id in known:
            assignments.append(StoryAssignment(article.id, known[article.id], None, False))
            continue
        vector = _vector(counts[article.id], frequency, documents, settings)
        span = spans[article.id]
        if span is not None:
            index.close_before(span.start.toordinal())
        best = index.best(vector, span, settings)
        article_actors = Counter(actors.get(article.id, ()))
        if best is None:
            story = _Working(story_id(article.id), {}, [], None, None, Counter())
            position[story.id] = len(stories)
            stories.append(story)
            assignments.append(StoryAssignment(article.id, story.id, None, True))
        else:
            story, similarity = best
            if not isinstance(stories[position[story.id]], _Working):
                stories[position[story.id]] = story  # first change to a story of the old state
            assignments.append(StoryAssignment(article.id, story.id, round(similarity, 4), False))
        story.join(vector, article.id, span, article_actors, settings)
        index.add(story)
    final = [story.centroid() if isinstance(story, _Working) else story for story in stories]
    return assignments, StoryState(documents, frequency, final)


def story_id(seed_article_id: str) -> str:
    """Deterministic id of a story: a hash of the article that started it."""
    return hashlib.blake2b(f"story:{seed_article_id}".encode(), digest_size=8).hexdigest()


def _article_order(article: Article) -> tuple:
    span = article_published(article)
    return (span.start.toordinal() if span else 10**7, article.id)


def _vector(counts: Counter[str], frequency: Mapping[str, int], documents: int, settings: StorySettings) -> dict[str, float]:
    weights = {term: (1.0 + math.log(count)) * (math.log((1 + documents) / (1 + frequency.get(term, 0))) + 1.0)
               for term, count in counts.items()}
    top = heapq.nlargest(settings.article_terms, weights.items(), key=lambda item: (item[1], item[0]))
    norm = math.sqrt(sum(weight * weight for _, weight in top)) or 1.0
    return {term: weight / norm for term, weight in top}


def _ordinal(day: str) -> int:
    return date.fromisoformat(day).toordinal()


@dataclass
class _Working:
    """A story being changed by the batch: mutable copies of one `StoryCentroid`'s fields."""

    id: str
    terms: dict[str, float]
    article_ids: list[str]
    first: int | None
    last: int | None
    actors: Counter[str]
    norm: float = 0.0

    @classmethod
    def of(cls, story: StoryCentroid) -> _Working:
        working = cls(story.id, dict(story.terms), list(story.article_ids),
                      _ordinal(story.first) if story.first else None, _ordinal(story.last) if story.last else None,
                      Counter(story.actors))
        working.norm = math.sqrt(sum(w * w for w in working.terms.values()))
        return working

    def join(self, vector: dict[str, float], article_id: str, span: DateSpan | None, actors: Counter[str],
             settings: StorySettings) -> None:
        for term, weight in vector.items():
            self.terms[term] = self.terms.get(term, 0.0) + weight
        if len(self.terms) > settings.centroid_terms:
            self.terms = dict(heapq.nlargest(settings.centroid_terms, self.terms.items(),
                                             key=lambda item: (item[1], item[0])))
        self.norm = math.sqrt(sum(w * w for w in self.terms.values()))
        self.article_ids.append(article_id)
        if span is not None:
            start, end = span.start.toordinal(), span.end.toordinal()
            self.first = start if self.first is None else min(self.first, start)
            self.last = end if self.last is None else max(self.last, end)
        self.actors.update(actors)

    def in_reach(self, span: DateSpan | None, window: int, max_span: int) -> bool:
        if span is None or self.first is None or self.last is None:
            return True
        start, end = span.start.toordinal(), span.end.toordinal()
        return (start - window <= self.last and self.first - window <= end
                and end - self.first <= max_span and self.last - start <= max_span)

    def centroid(self) -> StoryCentroid:
        return StoryCentroid(self.id, dict(self.terms), list(self.article_ids),
                             date.fromordinal(self.first).isoformat() if self.first is not None else None,
                             date.fromordinal(self.last).isoformat() if self.last is not None else None,
                             dict(self.actors))


class _Index:
    """Term -> {story id: the term's weight in the story} over the open stories: those whose last
    article is within `window_days` of the article being assigned, and first within
    `max_span_days`. Articles come in date order,
    so a story that goes out of reach is closed for the rest of the batch and leaves the index;
    the work per article is the size of the postings of its terms among open stories, not the
    size of the corpus. An article's dot product with every open story sharing a term is summed
    straight from the postings."""

    def __init__(self, window: int, max_span: int) -> None:
        self.window = window
        self.max_span = max_span
        self.postings: defaultdict[str, dict[str, float]] = defaultdict(dict)
        self.open: dict[str, _Working] = {}
        self.indexed: dict[str, set[str]] = {}  # story id -> the terms it has postings for
        self.closing: list[tuple[int, str]] = []  # (last day it can take an article, story id), a heap

    def add(self, story: _Working) -> None:
        """Index a new or changed story (a join changes weights and may drop terms)."""
        for term in self.indexed.get(story.id, set()) - story.terms.keys():
            self._drop(term, story.id)
        for term, weight in story.terms.items():
            self.postings[term][story.id] = weight
        self.indexed[story.id] = set(story.terms)
        self.open[story.id] = story
        if story.last is not None:
            heapq.heappush(self.closing, (self.closes(story), story.id))

    def closes(self, story: _Working) -> int:
        """The last day an article may start and still join this story (far future if undated)."""
        if story.first is None or story.last is None:
            return 10**9
        return min(story.last + self.window, story.first + self.max_span)

    def _drop(self, term: str, story_id: str) -> None:
        found = self.postings.get(term)
        if found is not None:
            found.pop(story_id, None)
            if not found:
                del self.postings[term]

    def _remove(self, story: _Working) -> None:
        for term in self.indexed.pop(story.id, ()):
            self._drop(term, story.id)
        self.open.pop(story.id, None)

    def close_before(self, day: int) -> None:
        while self.closing and self.closing[0][0] < day:
            _, story_id = heapq.heappop(self.closing)
            story = self.open.get(story_id)
            if story is None or self.closes(story) >= day:
                continue  # already closed, or moved on (a later entry is in the heap)
            self._remove(story)

    def best(self, vector: dict[str, float], span: DateSpan | None, settings: StorySettings) -> tuple[_Working, float] | None:
        dots: defaultdict[str, float] = defaultdict(float)
        for term, weight in vector.items():
            for story_id, story_weight in self.postings.get(term, {}).items():
                dots[story_id] += weight * story_weight
        best: tuple[_Working, float] | None = None
        for story_id, dot in dots.items():
            story = self.open[story_id]
            similarity = dot / (story.norm or 1.0)
            if similarity < settings.threshold or not story.in_reach(span, self.window, self.max_span):
                continue
            if best is None or similarity > best[1] + 1e-12 or (abs(similarity - best[1]) <= 1e-12 and story_id < best[0].id):
                best = (story, similarity)
        return best


def stories(state: StoryState, settings: StorySettings | None = None) -> list[Story]:
    """The stories of a state, labelled: key terms (the centroid's weights, per article, times
    the terms' current IDF over the whole corpus seen), main actors, date span. Ordered by
    first date (undated last), then id."""
    settings = settings or StorySettings()
    result = []
    for story in state.stories:
        size = len(story.article_ids)
        scores = {term: weight / size * (math.log((1 + state.documents) / (1 + state.document_frequency.get(term, 0))) + 1.0)
                  for term, weight in story.terms.items()}
        terms = [term for term, _ in heapq.nlargest(settings.key_terms, scores.items(), key=lambda item: (item[1], item[0]))]
        main = [key for key, _ in sorted(story.actors.items(), key=lambda item: (-item[1], item[0]))[: settings.main_actors]]
        result.append(Story(story.id, list(story.article_ids), story.first, story.last, terms, main))
    result.sort(key=lambda s: (s.start or "9999", s.id))
    return result


def article_actors(events: Iterable[Event] = (), mentions: Iterable[Mention] = (),
                   catalog: ActorCatalog | None = None) -> dict[str, list[str]]:
    """Article id -> the country or organisation keys its events' sides and its mentions name,
    one entry per occurrence (so counts say who dominates)."""
    catalog = catalog or ActorCatalog.load()
    found: dict[str, list[str]] = defaultdict(list)
    for event in events:
        for actor in (event.source, event.target):
            key = catalog.unit_of(actor)
            if key:
                found[event.article_id].append(key)
    for mention in mentions:
        key = catalog.unit(mention.code, mention.country)
        if key:
            found[mention.article_id].append(key)
    return dict(found)
