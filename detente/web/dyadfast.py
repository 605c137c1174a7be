"""The dyad page's data without loading every record of the pair: the same output as `dyad_view`.

Building full records for every merged event of a pair, every member mention, every quote of
either side and every article involved, then running `dyad_view` on them, takes seconds for a
busy pair of a store of 100,000 events. This module gives what `dyad_view`
over the whole store gives (`tests/test_web.py::test_fast_dyad_equals_dyad_view` compares them
field for field on the sample store: every frequency, both direction settings, unit and code
sides) from much less:

- merged events are read from `web_merged` (written into each snapshot by `prepare_snapshot`:
  the merged records as typed columns, without their member lists) and go through `dyad_view`'s
  own helpers (`_direction`, `_event_span`, `_series`, `_row`, `_key_events`; `_timeline` mirrored with the
  CAMEO table held in the snapshot's cache, since `dyads._action` reads it per call),
  with directions and date spans computed once per distinct value instead of once per event;
- evidence sentences are read only for the key events the page shows (the top ten, the
  timeline's and the turning points' drivers), not for every event of the pair;
- the quotes of each side are read as plain rows with their article's dates and outlet
  (`web_dquotes`) and ranked by the same rules as `dyad_view` (`_side_quotes`), with the
  speaker's side, the publication span and the deduplication key computed once per distinct
  value; the names of each side come from the distinct actors of all events (`web_actors`,
  `_side_names` on them), as `dyad_view` over the whole store takes them; the targets of the
  events coded inside the quotes from `web_qevents`.
- what does not depend on the frequency (placed events, ranked key events, quotes) is kept per
  snapshot, so another frequency of a pair only redoes the series and turning points.

Nothing here changes what `dyad_view` means; `detente.analysis.dyads` stays the reference.
"""

from __future__ import annotations

from bisect import bisect_right
from operator import itemgetter
from dataclasses import fields, replace
from datetime import date
from types import SimpleNamespace
from typing import Any

import duckdb

from detente.analysis import dyads as D
from detente.analysis.dates import PRECISION_RANK, fits_period, parse_date, period_of
from detente.analysis.merge import article_published, outlet_of
from detente.analysis.settings import DyadSettings
from detente.analysis.sides import ActorCatalog, Side
from detente.events.cameo import CameoTable, load_cameo_table
from detente.records import EventActor, MergedEvent, PublishedInterval
from detente.web.turning import plain_dict as _flat
from detente.web.turning import turning_points

# the merged records as typed columns, without their member lists (the dyad view never reads
# them): written into each snapshot by `queries.prepare_snapshot`
_ACTOR = '{"text": "VARCHAR", "name": "VARCHAR", "code": "VARCHAR", "country": "VARCHAR", "role": "VARCHAR", "start": "INTEGER", "end": "INTEGER"}'
MERGED_SELECT = f"""
SELECT id, from_json(record->'$.event_ids', '["VARCHAR"]') AS event_ids, record->>'$.representative_id' AS representative_id,
       json_transform(record->'$.source', '{_ACTOR}') AS source, json_transform(record->'$.target', '{_ACTOR}') AS target,
       source_key, target_key, record->>'$.cameo' AS cameo, record->>'$.cameo_root' AS cameo_root, record->>'$.plover' AS plover,
       (record->>'$.quad_class')::INTEGER AS quad_class, (record->>'$.goldstein')::DOUBLE AS goldstein, date,
       record->>'$.date_precision' AS date_precision, record->>'$.first_reported' AS first_reported,
       record->>'$.first_article_id' AS first_article_id, (record->>'$.mentions')::INTEGER AS mentions,
       (record->>'$.articles')::INTEGER AS articles, (record->>'$.sources')::INTEGER AS sources,
       from_json(record->'$.outlets', '["VARCHAR"]') AS outlets, (record->>'$.future')::BOOLEAN AS future
FROM merged_events"""
PREPARE_SQL = f"""
CREATE TABLE web_merged AS {MERGED_SELECT};
CREATE TABLE web_actors AS
SELECT DISTINCT text, name, code, country, role FROM (
    SELECT source.text, source.name, source.code, source.country, source.role FROM events WHERE source IS NOT NULL
    UNION ALL SELECT target.text, target.name, target.code, target.country, target.role FROM events WHERE target IS NOT NULL);
CREATE TABLE web_dquotes AS
SELECT q.id, q.article_id, q.content, q.kind, q.cue, q.confidence, q.speaker.code AS code, q.speaker.name AS name,
       q.speaker.text AS text, r.url, r.outlet, r.published, r.published_precision, r.published_interval, r.id AS found,
       upper(q.speaker.code) AS sp_code
FROM quotes q LEFT JOIN articles r ON r.id = q.article_id WHERE q.speaker.code IS NOT NULL AND q.speaker.code <> '';
CREATE TABLE web_qevents AS
SELECT DISTINCT quote_id, target IS NULL AS no_target, target.text, target.name, target.code, target.country, target.role
FROM events WHERE quote_id IS NOT NULL;
"""
_SIDE = ("{0}.text, {0}.name, {0}.code, {0}.country, {0}.role, {0}.start, {0}.\"end\", {0} IS NULL")
# the sides' fields as plain columns: DuckDB hands a struct to Python as a dict, ~3x slower to read
_MERGED_COLUMNS = (f"id, event_ids, representative_id, {_SIDE.format('source')}, {_SIDE.format('target')}, source_key, target_key, "
                   "cameo, cameo_root, plover, quad_class, goldstein, date, date_precision, first_reported, first_article_id, mentions, "
                   "articles, sources, outlets, future")


def _actor(values: tuple, memo: dict) -> EventActor | None:
    """An event side from its seven fields and whether it is NULL, one object per distinct side."""
    if values[7]:
        return None
    key = values[:7]
    actor = memo.get(key)
    if actor is None:
        actor = memo[key] = EventActor(*key)
    return actor


def _merged(row: tuple, actors: dict) -> MergedEvent:
    return MergedEvent(row[0], list(row[1] or []), row[2], _actor(row[3:11], actors), _actor(row[11:19], actors), *row[19:33],
                       list(row[33] or []), row[34], [])


def _candidates(con: duckdb.DuckDBPyConnection, units: list[str]) -> list[MergedEvent]:
    """The merged events between two countries/organisations, or with one side unknown (the same
    rows in the same order for either order of the two and either direction setting)."""
    actors: dict = {}
    marks = ", ".join("?" * len(units))  # one mark per unit (one or two): a plain IN list, ~2x faster than IN (SELECT unnest(?))
    return [_merged(row, actors) for row in con.execute(
        f"SELECT {_MERGED_COLUMNS} FROM web_merged WHERE (source_key IN ({marks}) OR source_key IS NULL) "
        f"AND (target_key IN ({marks}) OR target_key IS NULL) AND NOT (source_key IS NULL AND target_key IS NULL) AND NOT wrong "
        "ORDER BY date NULLS LAST, id", [*units, *units]).fetchall()]


def _oriented(merged: list[MergedEvent], side_a: Side, side_b: Side, settings: DyadSettings, catalog: ActorCatalog,
              spans: dict | None = None) -> list[tuple]:
    """The merged events between the two sides in either direction, each as (event, span,
    by publication, a -> b, b -> a): `dyads._direction` and `_event_span`, computed once per
    distinct value. Either order of the sides and either direction setting place from these.
    `spans` (per snapshot, optional) memoises the date spans across pairs."""
    directions: dict = {}
    spans = {} if spans is None else spans
    result = []
    for item in merged:
        key = (item.source, item.source_key, item.target, item.target_key)
        if key not in directions:
            directions[key] = (D._direction(item, side_a, side_b, True, catalog) == "forward",
                               D._direction(item, side_b, side_a, True, catalog) == "forward")
        forward, backward = directions[key]
        if not (forward or backward):
            continue
        when = (item.date, item.date_precision, item.first_reported, settings.undated)
        if when not in spans:
            spans[when] = D._event_span(item, settings)
        span, by_publication = spans[when]
        result.append((item, span, by_publication, forward, backward))
    return result


def _placed(oriented: list[tuple], directed: bool, reverse: bool) -> list:
    """The merged events `dyad_view` places for the pair (`dyads._direction`: "forward" when
    the first side is the source, else "backward" when undirected); `reverse`: the sides of
    `oriented` swapped."""
    placed = []
    for item, span, by_publication, forward, backward in oriented:
        if reverse:
            forward, backward = backward, forward
        if forward:
            placed.append(D._Placed(item, span, by_publication, "forward"))
        elif backward and not directed:
            placed.append(D._Placed(item, span, by_publication, "backward"))
    return placed


def dyad_data(con: duckdb.DuckDBPyConnection, a: str, b: str, freq: str, directed: bool, catalog: ActorCatalog,
              shown: int, settings: DyadSettings | None = None, cache: dict | None = None) -> dict[str, Any]:
    """What `views.dyad` answers (the view, key events cut to `shown`, turning points), computed
    as described in the module docstring.

    `cache` (a dict kept per snapshot) keeps what does not depend on the frequency: the pair's
    placed events and ranked key events (per direction setting) and each side's quotes, so
    another frequency of the same pair only redoes the series and turning points."""
    from detente.web.views import side_unit

    a, b = a.upper(), b.upper()
    settings = settings or DyadSettings(key_events=10**9)
    cache = {} if cache is None else cache
    _trim(cache)
    side_a, side_b = Side.parse(a, catalog), Side.parse(b, catalog)

    # (read into locals: another request may clear the cache meanwhile)
    parts = cache.get(("pair", a, b, directed, settings))
    if parts is None:
        units = tuple(sorted({side_unit(a, catalog), side_unit(b, catalog)}))
        merged = cache.get(("merged", units))
        if merged is None:
            merged = cache[("merged", units)] = _candidates(con, list(units))
        oriented = cache.get(("oriented", a, b, settings))
        reverse = False
        if oriented is None:
            oriented = cache.get(("oriented", b, a, settings))
            reverse = oriented is not None
        if oriented is None:
            oriented = cache[("oriented", a, b, settings)] = _oriented(merged, side_a, side_b, settings, catalog,
                                                                       cache.setdefault("event_spans", {}))
        placed = _placed(oriented, directed, reverse)
        parts = cache[("pair", a, b, directed, settings)] = (placed, D._key_events(placed, {}),  # evidence: below, for those shown
                                                             _span_groups(placed), {item.merged.id: item for item in placed})
    placed, key_events, groups, by_id = parts
    total = cache.get(("total", a, b, directed, settings))
    if total is None:
        total = cache[("total", a, b, directed, settings)] = _flat(_row(None, None, "all", False, placed))
    quotes = cache.get(("quotes", a, b, settings))
    if quotes is None:
        reverse = cache.get(("quotes", b, a, settings))  # each side's quotes do not depend on the order of the sides
        quotes = cache[("quotes", a, b, settings)] = (reverse[1], reverse[0]) if reverse is not None else _side_quotes(
            con, side_a, side_b, a, b, settings, catalog, cache.setdefault("shared", {}))
    quotes_a, quotes_b = quotes

    memo = cache.setdefault("spans", {})  # per snapshot: each date span's period per frequency
    periods: dict[str, list] = {}  # each regular period's span groups, filled by _series
    series = _series(placed, freq, settings.fill_gaps, groups, memo, periods)
    ranked = cache.get(("ranked", a, b, directed, settings))
    if ranked is None:
        ranked = cache[("ranked", a, b, directed, settings)] = {item.merged_id: item for item in key_events}
    points = turning_points(series, key_events, freq, grouped=lambda: _PeriodEvents(periods, placed, ranked),
                            as_dict=lambda event: event)  # drivers: KeyEvents until their evidence is read below

    # ---- evidence of the key events shown (top, timeline, turning-point drivers)
    wanted = {item.merged_id for item in key_events[:max(shown, settings.timeline_events)]}
    wanted |= {driver.merged_id for point in points for driver in point.drivers}
    chosen = [by_id[merged_id] for merged_id in sorted(wanted)]  # (`_key_events` ranks them by a total order)
    rep_ids = sorted({item.merged.representative_id for item in chosen})
    reps = {row[0]: SimpleNamespace(sentence=SimpleNamespace(text=row[1]), article_id=row[2]) for row in con.execute(
        "SELECT id, sentence, article_id FROM web_events WHERE id IN (SELECT unnest(?))", [rep_ids]).fetchall()}  # flat: sentence.text
    fixed = {item.merged_id: item for item in D._key_events(chosen, reps)} if reps else {}
    if fixed:
        key_events = [fixed.get(item.merged_id, item) for item in key_events]
    points = [replace(point, drivers=[_flat(fixed.get(driver.merged_id, driver)) for driver in point.drivers]) for point in points]

    timeline_quotes = quotes_a[: settings.timeline_quotes] + quotes_b[: settings.timeline_quotes]
    articles = _article_headers(con, sorted({quote.article_id for quote in timeline_quotes}))
    cameo = cache.get("cameo")
    if cameo is None:
        cameo = cache["cameo"] = load_cameo_table()
    timeline = _timeline(key_events[: settings.timeline_events], timeline_quotes, articles, cameo)
    data = {"a": a, "b": b, "a_key": side_a.key, "b_key": side_b.key, "freq": freq, "directed": directed,
            "total": dict(total), "series": [dict(row.__dict__) for row in series],  # plain values only
            "key_events": [_flat(item) for item in key_events[:shown]], "timeline": [_flat(item) for item in timeline],
            "quotes_a": [_flat(item) for item in quotes_a], "quotes_b": [_flat(item) for item in quotes_b]}
    data["turning_points"] = [_flat(point) for point in points]
    corrected = cache.get("corrected")  # merged events an analyst's fix changed (those marked wrong are left out above)
    if corrected is None:
        corrected = cache["corrected"] = frozenset(row[0] for row in con.execute(
            "SELECT id FROM web_merged WHERE corrected = 'fix'").fetchall())
    count = sum(1 for item in placed if item.merged.id in corrected) if corrected else 0
    if count:  # flagged, so a page says which numbers rest on a correction (no key at all without a corrected event of
        # the pair: a pair's view depends only on its own events, so a correction elsewhere leaves it as it was)
        for item in (*data["key_events"], *data["timeline"], *(d for point in data["turning_points"] for d in point["drivers"])):
            if isinstance(item, dict) and item.get("merged_id") in corrected:
                item["corrected"] = True
        data["corrected_events"] = count
    return data


PAIR_ENTRIES = 96  # a pair's parts are ~7 entries: those of the last ~14 pairs are kept


def _trim(cache: dict) -> None:
    """Drop every pair's parts (tuple keys) once there are more than `PAIR_ENTRIES`, keeping what
    holds for the whole snapshot (string keys: each side's quotes and names that the warm-up
    computed for every side, the memoised date spans, the corrected events). Clearing it all
    threw those away every ~14 pairs: each later pair read every quote of both sides and every
    actor of the store again (a first view's cost grew with the corpus, not with the pair)."""
    if len(cache) <= PAIR_ENTRIES:
        return
    for key in [key for key in list(cache) if isinstance(key, tuple)]:  # list(): another request may add meanwhile
        cache.pop(key, None)


def _span_groups(placed: list) -> dict:
    """The pair's placed events grouped by date span: {span: (indices into `placed` in order,
    the group's sums)}. Computed once per pair and direction setting (kept with its parts), so
    each frequency's series adds up distinct spans (~3,600 for a busy pair) instead of events."""
    groups: dict = {}
    for index, item in enumerate(placed):
        groups.setdefault(item.span, []).append(index)
    return {span: (indices, _sums([placed[i] for i in indices])) for span, indices in groups.items()}


def _sums(items: list) -> tuple:
    """What `_row` adds up over `items`: (events, mentions, quad 1-4 counts, Goldstein sum in
    the items' order, Goldstein count, forward, backward, by publication)."""
    quads = [0, 0, 0, 0, 0]
    goldstein = []
    mentions = forward = backward = by_publication = 0
    for item in items:
        merged = item.merged
        if merged.quad_class in (1, 2, 3, 4):
            quads[merged.quad_class] += 1
        if merged.goldstein is not None:
            goldstein.append(merged.goldstein)
        mentions += merged.mentions
        if item.direction == "forward":
            forward += 1
        elif item.direction == "backward":
            backward += 1
        by_publication += item.by_publication
    return (len(items), mentions, quads[1], quads[2], quads[3], quads[4], sum(goldstein), len(goldstein), forward, backward,
            by_publication)


def _bucket_key(span: Any, freq: str) -> tuple:
    """`dyads._series`' bucket of a date span at `freq`: (ordinal, flag, minus the precision's
    rank, period, start, precision, the start in ISO form). The first three are `dyads._series`'
    sort order, so the buckets sort by `_ORDER` (C speed; a Python key function per bucket was
    most of a daily series' time: a small pair's days span years of gap days)."""
    if span is None:
        return (10**7, 1, -PRECISION_RANK.get("unknown", 0), None, None, "unknown", None)
    if fits_period(span, freq):
        period, start = period_of(span.start, freq)
        return (start.toordinal(), 0, -PRECISION_RANK.get(freq, 0), period, start, freq, start.isoformat())
    return (span.start.toordinal(), -1, -PRECISION_RANK.get(span.precision, 0), span.iso, span.start, span.precision, span.start.isoformat())


_ORDER = itemgetter(0, 1, 2)


class _PeriodEvents:
    """`turning._by_period` of the pair's key events, read on demand: `get(period)` gives the key
    events of one regular period of the series (from the span groups `_series` put there; the
    order within a period does not matter, turning points rank drivers by a total order), so
    only the turning points' periods are looked at."""

    def __init__(self, periods: dict[str, list], placed: list, ranked: dict[str, Any]) -> None:
        self.periods, self.placed, self.ranked = periods, placed, ranked

    def get(self, period: str, default: Any = ()) -> Any:
        members = self.periods.get(period)
        if not members:
            return default
        return [self.ranked[self.placed[index].merged.id] for group in members for index in group[0]]


def _series(placed: list, freq: str, fill_gaps: bool, groups: dict | None = None, keys: dict | None = None,
            periods: dict | None = None) -> list[D.SeriesRow]:
    """`dyads._series` (same rows, same sums in the same order) from the pair's span groups
    (`_span_groups`): a period holding one span takes that span's sums; one holding several
    adds their events up again in the order `dyad_view` adds them. The empty periods that fill
    the gaps are made from one empty row (a busy pair's daily series has ~7,400 days).
    `keys` (per snapshot) memoises each span's bucket per frequency; `periods`, when given, is
    filled with the span groups of each regular period."""
    groups = _span_groups(placed) if groups is None else groups
    keys = {} if keys is None else keys
    buckets: dict[tuple, list] = {}
    for span, group in groups.items():
        key = keys.get((span, freq))
        if key is None:
            key = keys[(span, freq)] = _bucket_key(span, freq)
        buckets.setdefault(key, []).append(group)
        if periods is not None and key[1] == 0:
            periods.setdefault(key[3], []).append(group)
    regular = sorted(key[4] for key in buckets if key[1] == 0)
    if regular and fill_gaps:
        if freq == "day":  # consecutive days by ordinal: no period arithmetic per day
            for ordinal in range(regular[0].toordinal(), regular[-1].toordinal() + 1):
                key = keys.get((ordinal, "gap"))
                if key is None:
                    day = date.fromordinal(ordinal)
                    key = keys[(ordinal, "gap")] = (ordinal, 0, -PRECISION_RANK.get("day", 0), day.isoformat(), day, "day", day.isoformat())
                buckets.setdefault(key, [])
        else:
            day = regular[0]
            while day <= regular[-1]:
                period, start = period_of(day, freq)
                buckets.setdefault((start.toordinal(), 0, -PRECISION_RANK.get(freq, 0), period, start, freq, start.isoformat()), [])
                day = D._next_period(start, freq)
    empty = D._row(None, None, freq, False, [])
    rest = tuple(getattr(empty, item.name) for item in fields(empty))[4:]
    rows = []
    for key in sorted(buckets, key=_ORDER):
        _, flag, _, period, start, precision, iso = key
        members = buckets[key]
        if not members:  # only gaps are empty: regular periods of the series' own length
            rows.append(D.SeriesRow(period, iso, precision, False, *rest))
        elif len(members) == 1:
            rows.append(_row_of(period, iso, precision, flag == -1, members[0][1]))
        else:  # several spans in one period: their events in placed order, as dyad_view adds them
            indices = sorted(index for group in members for index in group[0])
            rows.append(_row(period, iso, precision, flag == -1, [placed[index] for index in indices]))
    return rows


def _row_of(period: str | None, start: str | None, precision: str, imprecise: bool, sums: tuple) -> D.SeriesRow:
    """A series row from a span group's sums (`_sums`): the values `_row` gives for its events."""
    events, mentions, q1, q2, q3, q4, total, counted, forward, backward, by_publication = sums
    return D.SeriesRow(period, start, precision, imprecise, events, mentions, q1, q2, q3, q4, round(total, 3),
                       round(total / counted, 3) if counted else None, q1 + q2 - q3 - q4, forward, backward, by_publication)


def _row(period: str | None, start: str | None, precision: str, imprecise: bool, items: list) -> D.SeriesRow:
    """`dyads._row` in one pass over the items (same sums in the same order: same values)."""
    return _row_of(period, start, precision, imprecise, _sums(items))


def _timeline(key_events: list[D.KeyEvent], quotes: list[D.QuoteItem], articles: dict[str, Any],
              cameo: CameoTable) -> list[D.TimelineEntry]:
    """`dyads._timeline` (same entries, same order) with the CAMEO table held by the caller (the
    snapshot's parts cache): `dyads._action` reads the packaged table on every call, ~2 ms per
    key event, most of a small pair's first view once the table is no longer cached per process."""
    entries: list[tuple[tuple, D.TimelineEntry]] = []
    for item in key_events:
        span = parse_date(item.date, item.date_precision)
        entry = cameo.lookup(item.cameo)
        action = (f"{entry.description.replace(', not specified below', '').lower()} (CAMEO {item.cameo})"
                  if entry is not None else f"CAMEO {item.cameo}")  # `dyads._action`
        entries.append(((D._span_order(span), 0, item.merged_id), D.TimelineEntry(
            item.date, item.date_precision, item.date_label, item.by_publication, "event",
            f"{item.source or '?'} -> {item.target or '?'}: {action}"
            + (f", Goldstein {item.goldstein:+g}" if item.goldstein is not None else "")
            + (f", {item.sources} outlets" if item.sources > 1 else ""),
            item.evidence, item.merged_id, item.article_id)))
    for quote in quotes:
        article = articles.get(quote.article_id)
        span = article_published(article) if article else None
        entries.append(((D._span_order(span), 1, quote.quote_id), D.TimelineEntry(
            span.iso if span else None, span.precision if span else None, quote.date_label, span is not None,
            "statement", f"{quote.speaker or quote.speaker_code} ({quote.speaker_code})", quote.content, quote.quote_id,
            quote.article_id)))
    entries.sort(key=lambda pair: pair[0])
    return [entry for _, entry in entries]


def _article_headers(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, Any]:
    from detente.web.views import _header

    rows = con.execute("SELECT id, url, outlet, published, published_precision, published_interval FROM articles "
                       "WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
    return {row[0]: _header(*row) for row in rows}


def _side_quotes(con: duckdb.DuckDBPyConnection, a: Side, b: Side, a_spec: str, b_spec: str, settings: DyadSettings,
                 catalog: ActorCatalog, shared: dict) -> tuple[list[D.QuoteItem], list[D.QuoteItem]]:
    """`dyads._side_quotes` over plain rows (same ranking, same fields). `shared` (per snapshot)
    keeps what does not depend on the pair: each side's quotes with their dates, outlets and
    deduplication keys grouped and ranked by key (`_side_groups`), the targets of the events
    coded inside them, each side's names, and which of a side's quotes name another side. A
    pair only looks at the quotes that name the other side and the first of the rest, not at
    every quote of both sides (thousands for a busy side)."""
    sides = {a.spec: _one_side(con, a, catalog, shared), b.spec: _one_side(con, b, catalog, shared)}
    result = []
    for side, other in ((a, b), (b, a)):
        rows, quote_targets = sides[side.spec]
        groups, plain, targeted = _side_groups(rows, quote_targets, shared, ("groups", side.spec, side.key, side.level))
        pattern = _names(con, other, catalog, shared)
        named = _naming(rows, pattern, shared, ("naming", side.spec, side.key, side.level, pattern.pattern if pattern else None))
        mentioned = set(named)
        for index in targeted:
            quote_id = rows[index][0]
            units, targets = quote_targets[quote_id]  # as dyads._side_quotes: the keys of the targets of events inside it
            if other.key in units or any((b.level == "code" and b.key == other.key and b.matches(target, catalog))
                                         or (a.level == "code" and a.key == other.key and a.matches(target, catalog))
                                         for target in targets):
                mentioned.add(index)
        best: dict[str, tuple] = {}  # each key's best quote naming the other side: (tail, index)
        for index in mentioned:
            key, tail = rows[index][9], _tail(rows[index])
            if key not in best or tail < best[key][0]:
                best[key] = (tail, index)
        chosen = [(True, best[key][1], key) for key in sorted(best, key=lambda k: (-len(groups[k]), best[k][0]))]
        for key in plain:
            if len(chosen) >= settings.quotes_per_side:
                break
            if key not in best:
                chosen.append((False, groups[key][0][1], key))
        result.append([_quote_item(rows[index], side.spec, flag, len(groups[key]))
                       for flag, index, key in chosen[: settings.quotes_per_side]])
    return result[0], result[1]


_MISSING_DATES = (None, None, D._label(None, True), D._span_order(None))


def _tail(row: tuple) -> tuple:
    """A quote's rank after whether it names the other side (`dyads._side_quotes`): kind, confidence,
    publication order, id."""
    dates = row[10] or _MISSING_DATES
    return (D._KIND_RANK.get(row[3], 3), -row[5], dates[3], row[0])


def _quote_item(row: tuple, spec: str, mentions_other: bool, reported_by: int) -> D.QuoteItem:
    quote_id, article_id, content, kind, cue, confidence, code, name, text, _, dates, outlet = row
    _, iso, label, _ = dates or _MISSING_DATES
    return D.QuoteItem(quote_id, article_id, spec, name or text, code, content, kind, cue, iso, label, outlet, mentions_other,
                       reported_by, confidence)


def _side_groups(rows: list[tuple], quote_targets: dict, shared: dict, cache_key: tuple) -> tuple[dict[str, list], list[str], list[int]]:
    """A side's quotes by deduplication key, each key's rows in rank order ((tail, index)), the
    keys in the order they rank when none names the other side (most reported first, then the
    best quote's rank), and the indices of the quotes with events coded inside them; once per
    side and snapshot."""
    if cache_key not in shared:
        groups: dict[str, list] = {}
        for index, row in enumerate(rows):
            groups.setdefault(row[9], []).append((_tail(row), index))
        for items in groups.values():
            items.sort()
        shared[cache_key] = (groups, sorted(groups, key=lambda key: (-len(groups[key]), groups[key][0][0])),
                             [index for index, row in enumerate(rows) if row[0] in quote_targets])
    return shared[cache_key]


def _naming(rows: list[tuple], pattern: Any, shared: dict, cache_key: tuple) -> list[int]:
    """The indices of a side's quotes whose content the other side's names pattern finds, once per
    side, pattern and snapshot: one pass of the pattern over the contents joined by NUL
    characters (a name never holds one, and the pattern's edges, (?<!\\w) and (?!\\w), see a
    NUL as they see a content's start or end), not a search per quote."""
    if cache_key in shared:
        return shared[cache_key]
    found: list[int] = []
    if pattern is not None and rows:
        contents = [row[2] for row in rows]
        if any("\x00" in content for content in contents):
            found = [index for index, content in enumerate(contents) if pattern.search(content)]
        else:
            starts, offset = [], 0
            for content in contents:
                starts.append(offset)
                offset += len(content) + 1
            seen: set[int] = set()
            for match in pattern.finditer("\x00".join(contents)):
                seen.add(bisect_right(starts, match.start()) - 1)
            found = sorted(seen)
    shared[cache_key] = found
    return found


def _names(con: duckdb.DuckDBPyConnection, side: Side, catalog: ActorCatalog, shared: dict):  # noqa: ANN202
    """`dyads._side_names` of a side over every actor of the snapshot (web_actors: its distinct
    actors say the same as all its events), once per side and snapshot."""
    key = ("names", side.spec, side.key, side.level)
    if key not in shared:
        everyone = shared.get("everyone")
        if everyone is None:
            memo: dict = {}
            for row in con.execute("SELECT text, name, code, country, role FROM web_actors").fetchall():
                memo.setdefault(row, EventActor(*row))
            everyone = shared["everyone"] = [SimpleNamespace(source=actor, target=None) for actor in memo.values()]
        shared[key] = D._side_names(side, everyone, catalog)
    return shared[key]


def _one_side(con: duckdb.DuckDBPyConnection, side: Side, catalog: ActorCatalog, shared: dict) -> tuple[list[tuple], dict]:
    """The quotes whose speaker is on `side` (`dyads._speaker_on`), each as (id, article id,
    stripped content, kind, cue, confidence, code, name, text, deduplication key, its article's
    (span, iso, label, order) or None, outlet), and for those with events coded inside them
    the units of those events' targets and the targets; once per side and snapshot."""
    from detente.web.queries import flat_side_sql

    cache_key = ("side", side.spec, side.key, side.level)
    if cache_key in shared:
        return shared[cache_key]
    condition, params = flat_side_sql("sp", side.spec, catalog)
    rows = con.execute(  # the quotes whose speaker may be on the side, with their article's dates and outlet
        "SELECT id, article_id, content, kind, cue, confidence, code, name, text, url, outlet, published, published_precision, "
        f"published_interval, found FROM web_dquotes WHERE {condition}", params).fetchall()
    on_side = {code: D._speaker_on(side, code, catalog) for code in {row[6] for row in rows if row[6]}}
    keys: dict[str, str] = shared.setdefault("keys", {})
    published: dict[str, Any] = shared.setdefault("published", {})
    by_dates: dict[tuple, tuple] = shared.setdefault("by_dates", {})
    by_source: dict[tuple, str | None] = shared.setdefault("by_source", {})
    kept = []
    for row in rows:
        quote_id, article_id, content, kind, cue, confidence, code, name, text = row[:9]
        if not code or not on_side[code]:
            continue
        if article_id not in published:
            if row[14] is None:  # no such article: no date, no outlet
                published[article_id] = (None, None)
            else:
                interval = row[13]
                dates = (row[11], row[12], interval["earliest"] if interval else None, interval["latest"] if interval else None,
                         interval is not None)
                if dates not in by_dates:
                    header = SimpleNamespace(published=row[11], published_precision=row[12],
                                             published_interval=PublishedInterval(dates[2], dates[3], []) if interval else None)
                    span = article_published(header)  # type: ignore[arg-type]
                    by_dates[dates] = (span, span.iso if span else None, D._label(span, True), D._span_order(span))
                if (row[9], row[10]) not in by_source:
                    by_source[(row[9], row[10])] = outlet_of(SimpleNamespace(url=row[9], outlet=row[10]))  # type: ignore[arg-type]
                published[article_id] = (by_dates[dates], by_source[(row[9], row[10])])
        content = content.strip()
        key = keys.get(content)
        if key is None:
            key = keys[content] = D._quote_key(content)
        dates_of, outlet = published[article_id]
        kept.append((quote_id, article_id, content, kind, cue, confidence, code, name, text, key, dates_of, outlet))
    memo: dict = {}
    quote_targets: dict[str, tuple[set[str], list[EventActor]]] = {}
    for quote_id, *values in con.execute(
            "SELECT quote_id, text, name, code, country, role FROM web_qevents WHERE NOT no_target AND quote_id IN (SELECT unnest(?))",
            [[row[0] for row in kept]]).fetchall():
        values = tuple(values)
        target = memo.get(values)
        if target is None:
            target = memo[values] = EventActor(*values)
        units, targets = quote_targets.setdefault(quote_id, (set(), []))
        unit = catalog.unit_of(target)
        if unit:
            units.add(unit)
        targets.append(target)
    shared[cache_key] = (kept, quote_targets)
    return shared[cache_key]
