"""What the HTML report shows, as frozen dataclasses of plain values.

The report reads nothing but these records, so it does not depend on how the analysis
computes dyads, stories or merged events: the glue that queries the store fills them in,
and a test can build them by hand. Sequences may be lists or tuples; the renderer only
iterates them. Dates are ISO 8601 strings that keep their precision ("2021-10-07",
"2021-10", "2021"), with the precision ("day", "month", "year") beside them, or None when
nothing dates the item. Every string may be untrusted article text: the renderer escapes
all of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

QUAD_CLASSES = ("Verbal cooperation", "Material cooperation", "Verbal conflict", "Material conflict")
"""Readable names of quad classes 1..4 (index 0 is quad class 1)."""


@dataclass(frozen=True)
class Count:
    """A label with how many items carry it (an outlet, a language, a reject reason)."""

    label: str
    count: int


@dataclass(frozen=True)
class CorpusSummary:
    """The header of the report: what the corpus is made of.

    `date_from`/`date_to` bound the publication dates of the dated articles; `undated`
    counts the articles without one. `duplicates` counts articles marked as duplicates of
    another, `rejects` inputs that never became articles, with `reject_reasons` breaking
    them down. `events`, `quotes` and `actors` are left None when not computed.
    """

    articles: int
    outlets: Sequence[Count] = ()
    date_from: str | None = None
    date_to: str | None = None
    undated: int = 0
    duplicates: int = 0
    rejects: int = 0
    reject_reasons: Sequence[Count] = ()
    languages: Sequence[Count] = ()
    events: int | None = None
    quotes: int | None = None
    actors: int | None = None


@dataclass(frozen=True)
class Side:
    """One side of a dyad: its CAMEO-style code ("RUS", "NATO") and a readable name."""

    code: str
    name: str


@dataclass(frozen=True)
class SeriesRow:
    """One period of a dyad's series.

    `quad_counts` holds the event counts for quad classes 1..4 in that order (verbal
    cooperation, material cooperation, verbal conflict, material conflict).
    `goldstein_mean` is None for a period without scored events. `net_cooperation` is
    whatever the analysis defines it as (cooperative minus conflictual events, or a
    Goldstein-weighted balance); the report only shows it.
    """

    label: str
    start: str
    quad_counts: Sequence[int] = (0, 0, 0, 0)
    goldstein_total: float = 0.0
    goldstein_mean: float | None = None
    net_cooperation: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.quad_counts)


@dataclass(frozen=True)
class KeyEvent:
    """A (merged) event worth showing in a dyad's table and chart.

    `mentions` counts the event records merged into it, `articles` the articles they come
    from and `sources` the distinct outlets. `evidence` is the sentence that supports it,
    from the article `article_id`.
    """

    date: str | None
    date_precision: str | None
    source_name: str | None
    source_code: str | None
    target_name: str | None
    target_code: str | None
    cameo: str
    cameo_description: str | None
    plover: str | None
    goldstein: float | None
    evidence: str
    article_id: str | None
    quad_class: int | None = None
    mentions: int = 1
    articles: int = 1
    sources: int = 1
    dated_by: str | None = None  # "publication": the text does not date it; the article's date stands in


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a dyad's timeline: an event or a statement, with its evidence.

    `kind` is "event" or "statement"; `headline` a one-line summary ("Russia suspends
    its mission to NATO"); `actor` the speaker of a statement or the source of an event.
    """

    date: str | None
    precision: str | None
    kind: str
    headline: str
    evidence: str | None = None
    actor: str | None = None
    article_id: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    dated_by: str | None = None  # "publication": the text does not date it; the article's date stands in


@dataclass(frozen=True)
class QuoteItem:
    """A quote as the report shows it: who said what, where, and when."""

    speaker: str | None
    code: str | None
    content: str
    kind: str
    article_id: str | None
    date: str | None = None
    date_precision: str | None = None


@dataclass(frozen=True)
class SpeakerQuotes:
    """All quotes attributed to one speaker."""

    speaker: str
    code: str | None
    quotes: Sequence[QuoteItem] = ()


@dataclass(frozen=True)
class DyadSection:
    """Everything the report shows about one relationship (Russia–NATO, ...).

    `period` names the length of a series row ("day", "week", "month", "quarter",
    "year"): the chart draws a key event in a period only when its date, at its own
    precision, lies wholly inside that period, so an event known only to the month is
    never drawn as if it happened on one day. `top_quotes_a`/`top_quotes_b` are the
    quotes of `side_a`'s and `side_b`'s speakers.
    """

    side_a: Side
    side_b: Side
    series: Sequence[SeriesRow] = ()
    key_events: Sequence[KeyEvent] = ()
    timeline: Sequence[TimelineEntry] = ()
    top_quotes_a: Sequence[QuoteItem] = ()
    top_quotes_b: Sequence[QuoteItem] = ()
    period: str = "month"


@dataclass(frozen=True)
class NetworkNode:
    """An actor in the network: its code and readable name."""

    code: str
    name: str


@dataclass(frozen=True)
class NetworkEdge:
    """Events from `source` towards `target` (actor codes): how many, and their Goldstein sum."""

    source: str
    target: str
    count: int
    goldstein_total: float


@dataclass(frozen=True)
class Network:
    """Who acts towards whom."""

    nodes: Sequence[NetworkNode] = ()
    edges: Sequence[NetworkEdge] = ()


@dataclass(frozen=True)
class StoryItem:
    """A cluster of articles about one story, with the terms that label it."""

    terms: Sequence[str]
    actors: Sequence[str] = ()
    date_from: str | None = None
    date_to: str | None = None
    article_ids: Sequence[str] = ()


@dataclass(frozen=True)
class ArticleView:
    """An article the report links to, shown in full inside the report."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    text: str
    published_precision: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class ReportData:
    """The whole report. `generated` is shown as is (pass a timestamp to show one)."""

    corpus: CorpusSummary
    dyads: Sequence[DyadSection] = ()
    quotes_by_speaker: Sequence[SpeakerQuotes] = ()
    network: Network = field(default_factory=Network)
    stories: Sequence[StoryItem] = ()
    articles: Sequence[ArticleView] = ()
    title: str = "detente report"
    generated: str | None = None
