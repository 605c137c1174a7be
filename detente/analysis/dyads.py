"""How a relationship evolved: series, key events, statements and a timeline for a pair of actors.

`dyad_view(...)` answers "how did Russia–NATO relations change, and what moved them?" with plain
records the terminal (`detente dyad RUS NATO`) and the HTML report both render. Everything is
counted over merged events (`detente.analysis.merge`): one real event reported by ten outlets is
one event, with `mentions` saying how widely it was reported; negated, hypothetical and background mentions
are never counted.

**Sides.** "RUS" is everything whose country is Russia (RUS, RUSGOV, RUSMIL ...), "NATO" the
organisation (key or code "IGOWSTNAT"), "RUSGOV" only Russia's government (see
`detente.analysis.sides`). Undirected views count both directions (and say how many each way in
`forward`/`backward`); directed views count only a -> b.

**Series.** One row per period (day, ISO week, month or year; periods without events are filled
with zeros between the first and the last unless `DyadSettings.fill_gaps` is off): event counts per quad class (1 verbal cooperation,
2 material cooperation, 3 verbal conflict, 4 material conflict), total and mean Goldstein, and
`net_cooperation` = events in quad classes 1-2 minus events in 3-4 (a count, so one war and one
handshake cancel out; `goldstein_total` is the intensity-weighted counterpart).

**Imprecise dates are never spread onto days.** An event dated only to a month is counted in
that month (and year); in a day or week series it goes into a separate row for the month itself,
`imprecise=True`, period "2021-10", placed before the month's first week; likewise a year-only
date. An event with no event date is placed at its first report's publication date
(`by_publication` counts them; `DyadSettings.undated="unknown"` puts them instead into a final
row with period None, "date unknown").

**Timeline.** Key events and statements by date, each with its date's precision ("2021-10
(month)"); an entry at a span (a month) sorts at the span's first day, before that day's precise
entries; statements are dated by publication; undated entries come last.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from detente.analysis.dates import PRECISION_RANK, DateSpan, fits_period, parse_date, period_of
from detente.analysis.merge import MergeResult, article_published, merge_events, outlet_of
from detente.analysis.settings import FREQUENCIES, DyadSettings
from detente.analysis.sides import ActorCatalog, Side
from detente.records import Article, Event, EventActor, MergedEvent, Quote, Story

if TYPE_CHECKING:
    from detente.events.cameo import CameoTable

_KIND_RANK = {"direct": 0, "partial": 1, "indirect": 2}


@dataclass(frozen=True)
class SeriesRow:
    """One period of a dyad's series.

    `period` is "2021-10-18", "2021-W42", "2021-10" or "2021" (None: date unknown) and `start`
    its first day; `precision` the period's length ("day", "week", "month", "year", "unknown");
    `imprecise` marks a row of events dated only to a period coarser than the series'.
    `quad1`..`quad4` count events per quad class; `events` all of them (some may have no quad
    class); `mentions` their summed mentions; `forward`/`backward` the events a -> b and b -> a;
    `by_publication` the events placed by publication date for want of an event date.
    """

    period: str | None
    start: str | None
    precision: str
    imprecise: bool
    events: int = 0
    mentions: int = 0
    quad1: int = 0
    quad2: int = 0
    quad3: int = 0
    quad4: int = 0
    goldstein_total: float = 0.0
    goldstein_mean: float | None = None
    net_cooperation: int = 0
    forward: int = 0
    backward: int = 0
    by_publication: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class KeyEvent:
    """A merged event that moved the relationship, with its evidence sentence.

    `salience` = (1 + |Goldstein|) x (1 + log2(outlets)): the strongest and most widely reported
    come first. `direction` is "forward" (a -> b) or "backward" (b -> a).
    """

    merged_id: str
    date: str | None
    date_precision: str | None
    date_label: str
    by_publication: bool
    source: str | None
    source_code: str | None
    target: str | None
    target_code: str | None
    direction: str
    cameo: str
    cameo_root: str
    quad_class: int | None
    goldstein: float | None
    mentions: int
    sources: int
    outlets: list[str]
    evidence: str | None
    article_id: str | None
    salience: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class QuoteItem:
    """A statement by one side. `mentions_other`: the quote names the other side (or an event
    coded inside it targets it); `reported_by`: how many articles carry the same words."""

    quote_id: str
    article_id: str
    side: str
    speaker: str | None
    speaker_code: str | None
    content: str
    kind: str
    cue: str | None
    date: str | None
    date_label: str
    outlet: str | None
    mentions_other: bool
    reported_by: int
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TimelineEntry:
    """One dated line of a timeline: a key event or a statement.

    `date` at `precision` ("day", "month", "year", None: unknown); `label` shows it as read
    ("2021-10 (month)", "2021-10-18 (published)", "date unknown"); `by_publication` when the
    date is the article's publication date, not the event's. `ref` is the merged event id
    (kind "event") or the quote id (kind "statement").
    """

    date: str | None
    precision: str | None
    label: str
    by_publication: bool
    kind: str
    title: str
    text: str | None
    ref: str
    article_id: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DyadView:
    """Everything about one relationship, as plain records (see the module docstring)."""

    a: str
    b: str
    a_key: str
    b_key: str
    freq: str
    directed: bool
    total: SeriesRow
    series: list[SeriesRow]
    key_events: list[KeyEvent]
    timeline: list[TimelineEntry]
    quotes_a: list[QuoteItem]
    quotes_b: list[QuoteItem]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Edge:
    """Who acts towards whom: events source -> target (country or organisation keys), their
    mentions, cooperation (quad 1-2) and conflict (quad 3-4) counts and Goldstein sums."""

    source: str
    target: str
    events: int
    mentions: int
    cooperation: int
    conflict: int
    goldstein_total: float
    goldstein_mean: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _Placed:
    merged: MergedEvent
    span: DateSpan | None
    by_publication: bool
    direction: str


def dyad_view(
    events: Iterable[Event],
    merged: Sequence[MergedEvent] | MergeResult | None,
    quotes: Iterable[Quote],
    articles: Iterable[Article] | Mapping[str, Article],
    a: str,
    b: str,
    freq: str = "month",
    directed: bool = False,
    settings: DyadSettings | None = None,
    catalog: ActorCatalog | None = None,
    cameo: CameoTable | None = None,
) -> DyadView:
    """The relationship between `a` and `b`: series, key events, timeline, each side's quotes.

    Args:
        events: the event mentions (for evidence sentences; merged with default settings when
            `merged` is None).
        merged: the merged events (`merge_events(...)` or its `.merged`).
        quotes: quotes of the corpus; those whose speaker is on either side are ranked.
        articles: for publication dates and outlets (a list or an id -> Article mapping).
        a, b: the sides: country code, organisation key or code, or a full actor code.
        freq: "day", "week", "month" or "year".
        directed: only a -> b when True; both directions otherwise.
        settings: list lengths and undated handling; `DyadSettings()` by default.
        catalog: actor catalog; loaded from the packaged data when not given.
        cameo: the CAMEO table the timeline's actions are named from; loaded once for the
            view when not given (a caller building many views passes its own).
    """
    if freq not in FREQUENCIES:
        raise ValueError(f"unknown frequency {freq!r}: use one of {', '.join(FREQUENCIES)}")
    settings = settings or DyadSettings()
    catalog = catalog or ActorCatalog.load()
    by_article = dict(articles) if isinstance(articles, Mapping) else {article.id: article for article in articles}
    events = list(events)
    events_by_id = {event.id: event for event in events}
    if merged is None:
        merged = merge_events(events, by_article, catalog=catalog)
    merged_list = merged.merged if isinstance(merged, MergeResult) else list(merged)
    side_a, side_b = Side.parse(a, catalog), Side.parse(b, catalog)

    placed = []
    for item in merged_list:
        direction = _direction(item, side_a, side_b, directed, catalog)
        if direction is not None:
            span, by_publication = _event_span(item, settings)
            placed.append(_Placed(item, span, by_publication, direction))

    series = _series(placed, freq, settings.fill_gaps)
    key = _key_events(placed, events_by_id)
    quotes_a, quotes_b = _side_quotes(list(quotes), events, side_a, side_b, by_article, settings, catalog)
    timeline = _timeline(key[: settings.timeline_events], quotes_a[: settings.timeline_quotes] + quotes_b[: settings.timeline_quotes],
                         by_article, cameo or _load_cameo())
    return DyadView(a, b, side_a.key, side_b.key, freq, directed, _row(None, None, "all", False, placed), series,
                    key[: settings.key_events], timeline, quotes_a, quotes_b)


def _direction(item: MergedEvent, a: Side, b: Side, directed: bool, catalog: ActorCatalog) -> str | None:
    def on(side: Side, actor: EventActor | None, key: str | None) -> bool:
        if side.level == "unit":
            return key == side.key or (key is None and side.matches(actor, catalog))
        return side.matches(actor, catalog)

    if on(a, item.source, item.source_key) and on(b, item.target, item.target_key):
        return "forward"
    if not directed and on(b, item.source, item.source_key) and on(a, item.target, item.target_key):
        return "backward"
    return None


def _event_span(item: MergedEvent, settings: DyadSettings) -> tuple[DateSpan | None, bool]:
    span = parse_date(item.date, item.date_precision)
    if span is None and settings.undated == "published" and item.first_reported:
        return parse_date(item.first_reported), True
    return span, False


def _series(placed: list[_Placed], freq: str, fill_gaps: bool) -> list[SeriesRow]:
    buckets: dict[tuple, list[_Placed]] = defaultdict(list)
    for item in placed:
        span = item.span
        if span is None:
            buckets[(10**7, 1, None, None, "unknown")].append(item)
        elif fits_period(span, freq):
            period, start = period_of(span.start, freq)
            buckets[(start.toordinal(), 0, period, start, freq)].append(item)
        else:
            buckets[(span.start.toordinal(), -1, span.iso, span.start, span.precision)].append(item)
    regular = sorted(key[3] for key in buckets if key[1] == 0)
    if regular and fill_gaps:
        day = regular[0]
        while day <= regular[-1]:
            period, start = period_of(day, freq)
            buckets.setdefault((start.toordinal(), 0, period, start, freq), [])
            day = _next_period(start, freq)
    rows = []
    for key in sorted(buckets, key=lambda k: (k[0], k[1], -PRECISION_RANK.get(k[4], 0))):
        _, flag, period, start, precision = key
        rows.append(_row(period, start.isoformat() if start else None, precision, flag == -1, buckets[key]))
    return rows


def _next_period(start: date, freq: str) -> date:
    if freq == "day":
        return start + timedelta(days=1)
    if freq == "week":
        return start + timedelta(days=7)
    if freq == "month":
        return date(start.year + 1, 1, 1) if start.month == 12 else date(start.year, start.month + 1, 1)
    return date(start.year + 1, 1, 1)


def _row(period: str | None, start: str | None, precision: str, imprecise: bool, items: list[_Placed]) -> SeriesRow:
    quads = [0, 0, 0, 0, 0]
    goldstein = [item.merged.goldstein for item in items if item.merged.goldstein is not None]
    for item in items:
        if item.merged.quad_class in (1, 2, 3, 4):
            quads[item.merged.quad_class] += 1  # type: ignore[index]
    return SeriesRow(
        period=period, start=start, precision=precision, imprecise=imprecise,
        events=len(items), mentions=sum(item.merged.mentions for item in items),
        quad1=quads[1], quad2=quads[2], quad3=quads[3], quad4=quads[4],
        goldstein_total=round(sum(goldstein), 3),
        goldstein_mean=round(sum(goldstein) / len(goldstein), 3) if goldstein else None,
        net_cooperation=quads[1] + quads[2] - quads[3] - quads[4],
        forward=sum(item.direction == "forward" for item in items),
        backward=sum(item.direction == "backward" for item in items),
        by_publication=sum(item.by_publication for item in items),
    )


def salience(item: MergedEvent) -> float:
    """(1 + |Goldstein|) x (1 + log2(outlets)): strong and widely reported events first."""
    return (1.0 + abs(item.goldstein or 0.0)) * (1.0 + math.log2(max(item.sources, 1)))


def _actor_label(actor: EventActor | None, key: str | None) -> str | None:
    if actor is None:
        return key
    return actor.name or actor.code or key or actor.text


def _key_events(placed: list[_Placed], events_by_id: Mapping[str, Event]) -> list[KeyEvent]:
    ranked = sorted(placed, key=lambda p: (-salience(p.merged), -p.merged.mentions, _span_order(p.span), p.merged.id))
    result = []
    for item in ranked:
        merged = item.merged
        representative = events_by_id.get(merged.representative_id)
        result.append(KeyEvent(
            merged_id=merged.id, date=item.span.iso if item.span else None,
            date_precision=item.span.precision if item.span else None,
            date_label=_label(item.span, item.by_publication), by_publication=item.by_publication,
            source=_actor_label(merged.source, merged.source_key), source_code=merged.source.code if merged.source else None,
            target=_actor_label(merged.target, merged.target_key), target_code=merged.target.code if merged.target else None,
            direction=item.direction, cameo=merged.cameo, cameo_root=merged.cameo_root, quad_class=merged.quad_class,
            goldstein=merged.goldstein, mentions=merged.mentions, sources=merged.sources, outlets=list(merged.outlets),
            evidence=representative.sentence.text.strip() if representative else None,
            article_id=representative.article_id if representative else merged.first_article_id,
            salience=round(salience(merged), 3),
        ))
    return result


def _label(span: DateSpan | None, by_publication: bool) -> str:
    if span is None:
        return "date unknown"
    return f"{span.iso} (published)" if by_publication and span.precision == "day" else (
        f"{span.label}, published" if by_publication else span.label)


def _span_order(span: DateSpan | None) -> tuple[int, int]:
    if span is None:
        return (10**7, 0)
    return (span.start.toordinal(), -PRECISION_RANK.get(span.precision, 3))


def _side_quotes(quotes: list[Quote], events: list[Event], a: Side, b: Side, articles: Mapping[str, Article],
                 settings: DyadSettings, catalog: ActorCatalog) -> tuple[list[QuoteItem], list[QuoteItem]]:
    names = {a.key: _side_names(a, events, catalog), b.key: _side_names(b, events, catalog)}
    targets: dict[str, set[str]] = defaultdict(set)  # quote id -> keys of the targets of events inside it
    for event in events:
        if event.quote_id and event.target is not None:
            key = catalog.unit_of(event.target)
            if key:
                targets[event.quote_id].add(key)
            if b.level == "code" and b.matches(event.target, catalog):
                targets[event.quote_id].add(b.key)
            if a.level == "code" and a.matches(event.target, catalog):
                targets[event.quote_id].add(a.key)
    result = []
    for side, other in ((a, b), (b, a)):
        pattern = names[other.key]
        best: dict[str, tuple[tuple, QuoteItem]] = {}
        counts: dict[str, int] = defaultdict(int)
        for quote in quotes:
            speaker = quote.speaker
            if speaker is None or not speaker.code or not _speaker_on(side, speaker.code, catalog):
                continue
            content = quote.content.strip()
            mentions_other = other.key in targets.get(quote.id, ()) or bool(pattern and pattern.search(content))
            article = articles.get(quote.article_id)
            published = article_published(article) if article else None
            key = _quote_key(content)
            counts[key] += 1
            rank = (not mentions_other, _KIND_RANK.get(quote.kind, 3), -quote.confidence,
                    _span_order(published), quote.id)
            if key not in best or rank < best[key][0]:
                item = QuoteItem(quote.id, quote.article_id, side.spec, speaker.name or speaker.text, speaker.code,
                                 content, quote.kind, quote.cue, published.iso if published else None,
                                 _label(published, True), outlet_of(article) if article else None, mentions_other, 0,
                                 quote.confidence)
                best[key] = (rank, item)
        ranked = sorted(best.items(), key=lambda entry: (entry[1][0][0], -counts[entry[0]], entry[1][0][1:]))
        result.append([_with_count(item, counts[key]) for key, (_, item) in ranked[: settings.quotes_per_side]])
    return result[0], result[1]


def _with_count(item: QuoteItem, count: int) -> QuoteItem:
    return QuoteItem(**{**asdict(item), "reported_by": count})


def _speaker_on(side: Side, code: str, catalog: ActorCatalog) -> bool:
    if side.level == "unit":
        return catalog.unit(code) == side.key
    return side.matches(EventActor(code, None, code, None, None), catalog)


def _quote_key(content: str) -> str:
    return " ".join(re.findall(r"\w+", content.lower()))[:160]


def _side_names(side: Side, events: list[Event], catalog: ActorCatalog) -> re.Pattern[str] | None:
    """A pattern for the names of a side: the catalog's, and the proper names the events used
    for actors on that side ("Moscow", "the Kremlin", "Russia")."""
    names = set(side.names(catalog))
    for event in events:
        for actor in (event.source, event.target):
            if actor is not None and side.matches(actor, catalog):
                for name in (actor.name, actor.text):
                    if name and name[:1].isupper() and len(name) > 2:
                        names.add(name)
    names = {name.strip() for name in names if name and name.strip()}
    if not names:
        return None
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=lambda n: (-len(n), n)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _load_cameo() -> CameoTable:
    """The packaged CAMEO table, for a view whose caller gave none (once per view)."""
    from detente.events.cameo import load_cameo_table

    return load_cameo_table()


def _action(cameo: str, table: CameoTable) -> str:
    """ "reduce or break diplomatic relations (CAMEO 16)": the codebook's words, then the code."""
    entry = table.lookup(cameo)
    if entry is None:
        return f"CAMEO {cameo}"
    return f"{entry.description.replace(', not specified below', '').lower()} (CAMEO {cameo})"


def _timeline(key_events: list[KeyEvent], quotes: list[QuoteItem], articles: Mapping[str, Article],
              cameo: CameoTable) -> list[TimelineEntry]:
    entries: list[tuple[tuple, TimelineEntry]] = []
    for item in key_events:
        span = parse_date(item.date, item.date_precision)
        arrow = f"{item.source or '?'} -> {item.target or '?'}"
        entries.append(((_span_order(span), 0, item.merged_id), TimelineEntry(
            item.date, item.date_precision, item.date_label, item.by_publication, "event",
            f"{arrow}: {_action(item.cameo, cameo)}" + (f", Goldstein {item.goldstein:+g}" if item.goldstein is not None else "")
            + (f", {item.sources} outlets" if item.sources > 1 else ""),
            item.evidence, item.merged_id, item.article_id)))
    for quote in quotes:
        article = articles.get(quote.article_id)
        span = article_published(article) if article else None
        entries.append(((_span_order(span), 1, quote.quote_id), TimelineEntry(
            span.iso if span else None, span.precision if span else None, quote.date_label, span is not None,
            "statement", f"{quote.speaker or quote.speaker_code} ({quote.speaker_code})", quote.content, quote.quote_id,
            quote.article_id)))
    entries.sort(key=lambda entry: entry[0])
    return [entry for _, entry in entries]


def story_timeline(
    story: Story,
    events: Iterable[Event],
    merged: Sequence[MergedEvent] | MergeResult,
    quotes: Iterable[Quote],
    articles: Iterable[Article] | Mapping[str, Article],
    settings: DyadSettings | None = None,
    cameo: CameoTable | None = None,
) -> list[TimelineEntry]:
    """A story's timeline: its key merged events (any member in the story's articles, by
    salience) and its statements (quotes with a resolved speaker, direct ones first), by date;
    actions named from `cameo` (loaded once when not given)."""
    settings = settings or DyadSettings()
    by_article = dict(articles) if isinstance(articles, Mapping) else {article.id: article for article in articles}
    members = set(story.article_ids)
    events_by_id = {event.id: event for event in events}
    merged_list = merged.merged if isinstance(merged, MergeResult) else list(merged)
    placed = []
    for item in merged_list:
        if any(member.article_id in members for member in item.members):
            span, by_publication = _event_span(item, settings)
            placed.append(_Placed(item, span, by_publication, "forward"))
    key = _key_events(placed, events_by_id)[: settings.timeline_events]
    chosen = sorted((q for q in quotes if q.article_id in members and q.speaker is not None and q.speaker.code),
                    key=lambda q: (_KIND_RANK.get(q.kind, 3), -q.confidence, q.id))[: settings.timeline_quotes * 2]
    items = []
    for quote in chosen:
        article = by_article.get(quote.article_id)
        published = article_published(article) if article else None
        assert quote.speaker is not None
        items.append(QuoteItem(quote.id, quote.article_id, quote.speaker.code or "", quote.speaker.name or quote.speaker.text,
                               quote.speaker.code, quote.content.strip(), quote.kind, quote.cue,
                               published.iso if published else None, _label(published, True),
                               outlet_of(article) if article else None, False, 1, quote.confidence))
    return _timeline(key, items, by_article, cameo or _load_cameo())


def network(
    events: Iterable[Event | MergedEvent],
    catalog: ActorCatalog | None = None,
    self_loops: bool = False,
) -> list[Edge]:
    """Directed edges between countries and organisations, heaviest (most events) first.

    Pass merged events to count each real event once (`mentions` then sums their mentions);
    raw events count each mention, and negated, hypothetical or background ones are skipped. Events with an
    unknown side are left out; so are a side's acts towards itself unless `self_loops`.
    """
    catalog = catalog or ActorCatalog.load()
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0.0, 0])
    for event in events:
        if isinstance(event, MergedEvent):
            source, target, mentions = event.source_key, event.target_key, event.mentions
        else:
            if not event.modality.counted:
                continue
            source, target, mentions = catalog.unit_of(event.source), catalog.unit_of(event.target), 1
        if source is None or target is None or (source == target and not self_loops):
            continue
        row = totals[(source, target)]
        row[0] += 1
        row[1] += mentions
        row[2] += event.quad_class in (1, 2)
        row[3] += event.quad_class in (3, 4)
        if event.goldstein is not None:
            row[4] += event.goldstein
            row[5] += 1
    edges = [Edge(source, target, int(row[0]), int(row[1]), int(row[2]), int(row[3]), round(row[4], 3),
                  round(row[4] / row[5], 3) if row[5] else None)
             for (source, target), row in totals.items()]
    edges.sort(key=lambda edge: (-edge.events, -edge.mentions, edge.source, edge.target))
    return edges
