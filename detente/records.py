"""Typed records passed between pipeline stages.

Field names follow the record contract in DESIGN.md: JSONL, Parquet and DuckDB all use
these names, so renaming a field is a breaking change for users and later stages.
Every record is a plain dataclass, cheap to pickle, so a stage can run on any worker.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class RawDoc:
    """One document as read from an input, before cleaning.

    `text` is decoded text (a page dump) and `html` raw markup; at most one is the main
    body. `given` holds fields stated by the input itself (a JSONL record's `title`,
    `published`, ...): they win over anything the cleaner extracts.
    """

    source: str
    format: str
    text: str | None = None
    html: str | None = None
    given: dict[str, Any] = field(default_factory=dict)
    encoding: str | None = None
    repaired: int = 0  # characters replaced at ingest to make the text valid (lone surrogates, NULs)
    clean: bool = False  # the text is an article already (JSONL `"clean": true`): no line is judged


@dataclass(frozen=True)
class Reject:
    """An input (or part of one) that could not become an article, and why."""

    source: str
    reason: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RemovedLine:
    """A line of the input the cleaner dropped, kept so that users can audit it."""

    line: str
    reason: str


@dataclass(frozen=True)
class PublishedInterval:
    """Bounds on an undated article's publication date, with the text that gives them."""

    earliest: str | None
    latest: str | None
    evidence: list[str]


@dataclass(frozen=True)
class FieldSource:
    """Where the value of a metadata field came from, so a user can check it.

    `field` is "published", "title", "outlet" or "author"; `source` the kind of statement
    ("given", "html:meta[property=article:published_time]", "dump:label published",
    "dateline", "duplicate:<source of the copy it was filled from>"); `evidence` the value
    or line as written.
    """

    field: str
    source: str
    evidence: str


@dataclass
class Article:
    """A clean article: the unit every later stage reads."""

    id: str
    source: str
    url: str | None
    format: str
    title: str | None
    outlet: str | None
    credited: list[str]
    author: str | None
    dateline: str | None
    language: str | None
    published: str | None
    published_precision: str | None
    published_interval: PublishedInterval | None
    text: str
    word_count: int
    removed: list[RemovedLine]
    duplicate_of: str | None = None
    similarity: float | None = None
    metadata_sources: list[FieldSource] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from its JSON form (the inverse of `to_dict`)."""
        values = dict(data)
        interval = values.get("published_interval")
        values["published_interval"] = PublishedInterval(**interval) if interval else None
        values["removed"] = [RemovedLine(**item) for item in values.get("removed") or []]
        values["metadata_sources"] = [FieldSource(**item) for item in values.get("metadata_sources") or []]
        names = cls.__dataclass_fields__
        return cls(**{key: value for key, value in values.items() if key in names})


@dataclass(frozen=True)
class Mention:
    """A political actor mentioned in an article, resolved to a CAMEO-style code.

    `start`/`end` are character offsets into `Article.text`. `code` is a CAMEO actor code
    (country or organisation plus role, e.g. "RUSGOV", "IGOWSTNAT", "USAMIL"); `country` the
    country or organisation part ("RUS", "NATO"), `role` the role part ("GOV"), `kind` one of
    person, organisation, country, group. `resolved_by` says how the code was found: title,
    apposition, knowledge base, coreference, dictionary. `name` is the readable canonical
    name ("Dmitry Peskov", "NATO", "Russia").
    """

    article_id: str
    start: int
    end: int
    text: str
    name: str
    code: str | None
    country: str | None
    role: str | None
    kind: str
    resolved_by: str
    sentence_start: int | None = None
    sentence_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to: the words in the text and the resolved actor."""

    text: str
    name: str | None
    code: str | None
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Quote:
    """Something an actor is reported as saying, with its evidence in the clean text.

    `kind` is direct (in quote marks), indirect (reported speech: "said that ..."), or
    partial (a quoted fragment inside the reporter's sentence). `start`/`end` delimit
    `content` in `Article.text`; `cue` is the verb or phrase introducing it ("said",
    "according to").
    """

    id: str
    article_id: str
    start: int
    end: int
    content: str
    kind: str
    cue: str | None
    speaker: Speaker | None
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Span:
    """A piece of the clean text: `text` is `Article.text[start:end]`."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class EventActor:
    """The source or target of an event: the words in the text and the resolved actor.

    `code` is the full CAMEO-style code ("RUSGOV"), `country` its country or organisation
    part ("RUS", "NATO"), `role` the role part ("GOV") or None. `start`/`end` point at the
    words in the clean text that name the actor in this sentence (a pronoun or a role noun
    when the actor was resolved by coreference).
    """

    text: str
    name: str | None
    code: str | None
    country: str | None
    role: str | None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Modality:
    """How the text presents an event; a negated event is never counted as the action.

    negated: "has not contacted"; hypothetical: conditionals, "could", "would", "if";
    future: announced or planned ("will suspend ... from November 1"); reported: the event
    is attributed to a speaker (inside a quote or reported speech) rather than asserted by
    the article itself; background: a past act the article recalls as context ("Georgia freed
    the officers in October" in a December story, "the crisis began when the baht was floated
    in July 1997") or a habitual one ("regularly calls on"), not the news it reports, so
    timelines and counts leave it out while the record keeps it as evidence.
    """

    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    reported: bool = False
    background: bool = False

    @property
    def counted(self) -> bool:
        """Whether the event is an act the article reports as its news: the events that
        series, merges and dyad counts take (negated, hypothetical and background ones are
        kept as records and evidence, never counted as actions)."""
        return not (self.negated or self.hypothetical or self.background)


@dataclass(frozen=True)
class Location:
    """Where an event happened, when the sentence names a place."""

    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Event:
    """One coded event: source -> action -> target, with its evidence sentence.

    `cameo` is the most specific CAMEO code the text supports ("161", "0311" or only the
    root "16"); `cameo_root` its two-digit root; `plover` the PLOVER category; `quad_class`
    1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict;
    `goldstein` the Goldstein value of the code. `date` is an ISO 8601 date at
    `date_precision` (day, month, year) or None when nothing dates it. `quote_id` links an
    event found inside a quote to that quote (its speaker is then the source).
    """

    id: str
    article_id: str
    sentence: Span
    trigger: Span
    source: EventActor | None
    target: EventActor | None
    cameo: str
    cameo_root: str
    plover: str | None
    quad_class: int | None
    goldstein: float | None
    modality: Modality
    date: str | None
    date_precision: str | None
    location: Location | None
    confidence: float
    quote_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Rebuild an event from its JSON form (the inverse of `to_dict`)."""
        values = dict(data)
        values["sentence"] = Span(**values["sentence"])
        values["trigger"] = Span(**values["trigger"])
        for side in ("source", "target"):
            values[side] = EventActor(**values[side]) if values.get(side) else None
        # A flag a store made before it existed holds as NULL reads as False.
        values["modality"] = Modality(**{flag: bool(on) for flag, on in (values.get("modality") or {}).items()})
        values["location"] = Location(**values["location"]) if values.get("location") else None
        names = cls.__dataclass_fields__
        return cls(**{key: value for key, value in values.items() if key in names})


@dataclass(frozen=True)
class MergeMember:
    """One mention (Event row) of a merged event, and why it joined.

    `rule` is "first" (the mention that started the group), "same article" (the article tells the
    event twice with the same CAMEO code), "text" (evidence sentences similar enough),
    "same day and code" (same day-precision date and full CAMEO code, some shared words) or
    "one side unknown: <rule>" (a mention naming only one side, joined by <rule> to a group with
    that side).
    `similarity` is the evidence-sentence similarity with `matched`, the member it was compared
    with (None for the first).
    """

    event_id: str
    article_id: str
    outlet: str | None
    date: str | None
    date_precision: str | None
    rule: str
    similarity: float | None = None
    matched: str | None = None


@dataclass(frozen=True)
class MergedEvent:
    """One real-world event, counted once however many outlets (or sentences) report it.

    `source`/`target`, `cameo`, `quad_class`, `goldstein` and `plover` are those of the
    representative mention (`representative_id`: the most precisely dated, then most confident);
    `source_key`/`target_key` the country or organisation of each side ("RUS", "NATO"), None when
    unknown. `date` is the event date at its best precision among the members; `first_reported`
    the earliest publication date among the member articles (`first_article_id`). `mentions`,
    `articles` and `sources` count member events, distinct articles and distinct outlets.
    `future` is true when every member presents the event as announced or planned. Negated and
    hypothetical mentions are never members (see `detente.analysis.merge`).
    """

    id: str
    event_ids: list[str]
    representative_id: str
    source: EventActor | None
    target: EventActor | None
    source_key: str | None
    target_key: str | None
    cameo: str
    cameo_root: str
    plover: str | None
    quad_class: int | None
    goldstein: float | None
    date: str | None
    date_precision: str | None
    first_reported: str | None
    first_article_id: str
    mentions: int
    articles: int
    sources: int
    outlets: list[str]
    future: bool
    members: list[MergeMember]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MergedEvent:
        """Rebuild a merged event from its JSON form (the inverse of `to_dict`)."""
        values = dict(data)
        for side in ("source", "target"):
            values[side] = EventActor(**values[side]) if values.get(side) else None
        values["members"] = [MergeMember(**member) for member in values.get("members") or []]
        values["event_ids"] = list(values.get("event_ids") or [])
        values["outlets"] = list(values.get("outlets") or [])
        names = cls.__dataclass_fields__
        return cls(**{key: value for key, value in values.items() if key in names})


@dataclass(frozen=True)
class Story:
    """Articles about one story, over time, with a label a reader can scan.

    `start`/`end` are the first and last publication dates (ISO, day) of its dated articles;
    `key_terms` the words most typical of the story against the corpus (TF-IDF); `actors` the
    country or organisation codes its events and mentions name most.
    """

    id: str
    article_ids: list[str]
    start: str | None
    end: str | None
    key_terms: list[str]
    actors: list[str]

    @property
    def label(self) -> str:
        return ", ".join(self.key_terms)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        names = cls.__dataclass_fields__
        return cls(**{key: (list(value) if isinstance(value, (list, tuple)) else value)
                      for key, value in data.items() if key in names})


@dataclass(frozen=True)
class StoryAssignment:
    """Which story an article joined: `similarity` to the story's centroid (None when the
    article started the story, `new_story`)."""

    article_id: str
    story_id: str
    similarity: float | None
    new_story: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
