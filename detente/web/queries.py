"""Search and list queries over a snapshot: filters, keyset (cursor) pagination, counts.

Every value a user gives is a bound parameter; the SQL text is put together only from the
fixed fragments in this module. Pagination is by cursor, not by offset: the cursor holds the
sort key and id of the last row shown, so walking a result set of any size costs the same per
page and nothing caps the total. Text queries are answered by the FTS5 index
(`detente.web.fts`), whose matches are joined to the store as a registered Arrow table and
ranked by BM25; without text, results are in date order (event date, else the article's
publication date; undated last), then id.

Dates are compared as spans: an event dated "2021-10" (month) overlaps a range
2021-10-20..2021-12-31, and is left out by `precision=day`. Spans are built on the ISO
strings: "2021-10" starts at "2021-10-00" and ends at "2021-10-99", which sort before and
after every day of that month.
"""

from __future__ import annotations

import base64
import bisect
import binascii
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import duckdb
import pyarrow as pa

from detente.analysis.sides import ActorCatalog, Side
from detente.web.fts import SearchIndex

KINDS = ("events", "quotes", "articles")
PRECISIONS = {"day": 10, "month": 7, "year": 4}
CORRECTED = ("include_wrong", "only", "wrong")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class BadQuery(ValueError):
    """A filter value or cursor that cannot be used (answered with 400, never 500)."""


@dataclass(frozen=True)
class Filters:
    """What a search asks for. Sides are "RUS", "NATO", "IGOWSTNAT" or a full code "RUSGOV"."""

    q: str | None = None
    actor: str | None = None
    a: str | None = None
    b: str | None = None
    directed: bool = False
    cameo_root: str | None = None
    plover: str | None = None
    quad_class: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    precision: str | None = None
    outlet: str | None = None
    exclude_negated: bool = False
    exclude_hypothetical: bool = False
    exclude_background: bool = False  # a past or habitual act the article recalls as context (Modality.background)
    duplicates: bool = True
    corrected: str | None = None  # events: None leaves out those marked wrong; include_wrong, only (corrected), wrong

    def as_query(self) -> dict[str, Any]:
        """The filters that are set, as a plain dict (recorded in exports, kept in links)."""
        default = Filters()
        return {item.name: getattr(self, item.name) for item in fields(self) if getattr(self, item.name) != getattr(default, item.name)}


@dataclass(frozen=True)
class Page:
    """One page of results: rows, the cursor of the next page (None at the end), the total."""

    kind: str
    rows: list[dict[str, Any]]
    next_cursor: str | None
    total: int
    ranked: bool
    filters: dict[str, Any] = field(default_factory=dict)


def encode_cursor(key: Any, row_id: str) -> str:
    raw = json.dumps([key, row_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, ranked: bool) -> tuple[Any, str] | None:
    """The (sort key, id) in a cursor; BadQuery when it is not one this module wrote."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key, row_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as error:
        raise BadQuery("invalid cursor") from error
    expected = (int, float) if ranked else str
    if not isinstance(row_id, str) or not isinstance(key, expected) or isinstance(key, bool):
        raise BadQuery("invalid cursor")
    return key, row_id


def check_filters(filters: Filters) -> Filters:
    """Validate the values SQL cannot judge (dates, precision); BadQuery with the reason."""
    for name in ("date_from", "date_to"):
        value = getattr(filters, name)
        if value and not _DATE.match(value):
            raise BadQuery(f"{name}: expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    if filters.precision and filters.precision not in PRECISIONS:
        raise BadQuery(f"precision: expected day, month or year, got {filters.precision!r}")
    if filters.corrected and filters.corrected not in CORRECTED:
        raise BadQuery(f"corrected: expected one of {', '.join(CORRECTED)}, got {filters.corrected!r}")
    if (filters.a is None) != (filters.b is None):
        raise BadQuery("a dyad needs both sides: a and b")
    return filters


def side_sql(actor: str, side: str, catalog: ActorCatalog) -> tuple[str, list[Any]]:
    """SQL true when the struct column `actor` (e.g. "e.source") is on `side`, and its parameters.

    A quote's speaker has a code but no country: it is matched on the code alone."""
    parsed = Side.parse(side, catalog)
    if parsed.level == "code":
        return f"starts_with(upper(coalesce({actor}.code, '')), ?)", [parsed.key]
    code = catalog.codes.get(parsed.key, parsed.key)
    if actor.endswith("speaker"):
        return (f"(starts_with(upper(coalesce({actor}.code, '')), ?) OR starts_with(upper(coalesce({actor}.code, '')), ?))",
                [parsed.key.upper(), code.upper()])
    return (f"(upper(coalesce({actor}.country, '')) = ? OR starts_with(upper(coalesce({actor}.code, '')), ?))",
            [parsed.key.upper(), code.upper()])


# Flat search tables written into each private snapshot before it is opened read-only
# (`prepare_snapshot`): the article fields a filter or a list needs are copied beside each
# event and quote, sides are upper-cased once, date spans and sort keys computed once, and rows
# are stored in sort order. A search is then one scan of one table, without joins or struct
# access per row (on 100,000 events: ~4x faster than the same SQL over the store's tables).
EVENTS_SELECT = """
SELECT e.id, e.article_id, e.sentence.text AS sentence, e.sentence.start AS sentence_start, e.trigger, e.source, e.target,
       e.cameo, e.cameo_root, e.plover, e.quad_class, e.goldstein, e.modality, e.date, e.date_precision, e.location,
       e.confidence, e.quote_id, a.published, a.outlet, a.title,
       coalesce(e.date, left(a.published, 10)) AS day,
       coalesce(e.date, left(a.published, 10), '~') AS sort_key,
       lower(coalesce(a.outlet, '')) AS outlet_l,
       upper(coalesce(e.source.country, '')) AS s_country, upper(coalesce(e.source.code, '')) AS s_code,
       upper(coalesce(e.target.country, '')) AS t_country, upper(coalesce(e.target.code, '')) AS t_code,
       upper(coalesce(e.plover, '')) AS plover_u,
       coalesce(e.modality.negated, FALSE) AS negated, coalesce(e.modality.hypothetical, FALSE) AS hypothetical,
       {background} AS background
FROM events e LEFT JOIN articles a ON a.id = e.article_id"""
PREPARE_SQL = """
CREATE TABLE web_events AS {events} ORDER BY sort_key, e.id;
CREATE TABLE web_quotes AS
SELECT q.id, q.article_id, q.start, q."end", q.content, q.kind, q.cue, q.speaker, q.confidence, a.published, a.outlet, a.title,
       left(a.published, 10) AS day, coalesce(left(a.published, 10), '~') AS sort_key, lower(coalesce(a.outlet, '')) AS outlet_l,
       upper(coalesce(q.speaker.code, '')) AS sp_code
FROM quotes q LEFT JOIN articles a ON a.id = q.article_id ORDER BY sort_key, q.id;
CREATE TABLE web_articles AS
SELECT a.id, a.title, a.outlet, a.url, a.source, a.published, a.published_precision, a.word_count, a.duplicate_of, a.similarity,
       left(a.text, 280) AS snippet, left(a.published, 10) AS day, coalesce(left(a.published, 10), '~') AS sort_key,
       lower(coalesce(a.outlet, '')) AS outlet_l
FROM articles a ORDER BY sort_key, a.id;
CREATE TABLE web_mentions AS
SELECT DISTINCT article_id, upper(coalesce(country, '')) AS m_country, upper(coalesce(code, '')) AS m_code FROM mentions;
"""


def prepare_snapshot(connection: duckdb.DuckDBPyConnection, active: Mapping[str, Any] | None = None,
                     catalog: ActorCatalog | None = None, cameo: Any = None) -> None:
    """Write the flat search tables into a snapshot (a private, writable copy of the store), with
    the analysts' active corrections (`active`: event mention id -> Correction) applied to them
    (`catalog`, `cameo`: the app's, loaded once per process; loaded here when not given)."""
    from detente.web.corrections import materialise
    from detente.web.dyadfast import PREPARE_SQL as DYAD_SQL

    connection.execute(PREPARE_SQL.format(events=EVENTS_SELECT.format(background=background_sql(connection))))
    connection.execute(DYAD_SQL)
    # event mentions read by id (a dyad view's evidence sentences, a handful per first view): without an index each
    # such read scanned every row (~40 ms of a small pair's first view on a 100,000-event store), with it a few ms
    connection.execute("CREATE INDEX web_events_id ON web_events (id)")
    materialise(connection, dict(active or {}), catalog or ActorCatalog.load(), cameo)


def background_sql(connection: duckdb.DuckDBPyConnection, alias: str = "e") -> str:
    """SQL for an event's `modality.background` flag (False when unset). A store written before
    `Modality.background` existed has no such field in its `modality` struct (the store adds it
    only when opened for writing, and a snapshot of an old store is served as it is): there
    every event is not background, as `Modality` reads such a record."""
    kind = connection.execute("SELECT data_type FROM information_schema.columns WHERE table_name = 'events' "
                              "AND column_name = 'modality'").fetchone()
    if kind is None or "background" not in str(kind[0]).lower():
        return "FALSE"
    return f"coalesce({alias}.modality.background, FALSE)"


def flat_side_sql(prefix: str, side: str, catalog: ActorCatalog) -> tuple[str, list[Any]]:
    """`side_sql` over the flat columns `{prefix}_country` / `{prefix}_code` of the search tables
    (`sp_code` alone for a speaker)."""
    parsed = Side.parse(side, catalog)
    code = f"{prefix}_code"
    if parsed.level == "code":
        return f"starts_with({code}, ?)", [parsed.key]
    org = catalog.codes.get(parsed.key, parsed.key).upper()
    if prefix.endswith("sp"):
        return f"(starts_with({code}, ?) OR starts_with({code}, ?))", [parsed.key.upper(), org]
    return f"({prefix}_country = ? OR starts_with({code}, ?))", [parsed.key.upper(), org]


def _span_sql(expr: str, end: bool) -> str:
    pad = ("'-99-99'", "'-99'") if end else ("'-00-00'", "'-00'")
    return f"({expr} || CASE length({expr}) WHEN 4 THEN {pad[0]} WHEN 7 THEN {pad[1]} ELSE '' END)"


def _pad(value: str, end: bool) -> str:
    pad = "-99" if end else "-00"
    return value + pad * ((10 - len(value)) // 3)


_COLUMNS = {
    "events": ("id, article_id, sentence, sentence_start, trigger, source, target, cameo, cameo_root, plover, quad_class, goldstein, "
               "modality, date, date_precision, location, confidence, quote_id, published, outlet, title, coded"),
    "quotes": 'id, article_id, start, "end", content, kind, cue, speaker, confidence, published, outlet, title',
    "articles": "id, title, outlet, url, source, published, published_precision, word_count, duplicate_of, similarity, snippet",
}
_SELECT = {kind: "SELECT " + ", ".join(f"t.{column.strip()}" for column in columns.split(",")) for kind, columns in _COLUMNS.items()}
_FROM = {"events": "FROM web_events t", "quotes": "FROM web_quotes t", "articles": "FROM web_articles t"}
_ID = {kind: "t.id" for kind in _COLUMNS}


def _where(kind: str, filters: Filters, catalog: ActorCatalog) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if filters.date_from:
        where.append(f"{_span_sql('t.day', True)} >= ?")
        params.append(_pad(filters.date_from, False))
    if filters.date_to:
        where.append(f"{_span_sql('t.day', False)} <= ?")
        params.append(_pad(filters.date_to, True))
    if filters.precision:
        where.append("length(t.day) >= ?")
        params.append(PRECISIONS[filters.precision])
    if filters.outlet:
        where.append("t.outlet_l = lower(?)")
        params.append(filters.outlet)
    if kind == "events":
        _event_where(filters, catalog, where, params)
    elif kind == "quotes" and filters.actor:
        sql, values = flat_side_sql("t.sp", filters.actor, catalog)
        where.append(sql)
        params += values
    elif kind == "articles":
        if filters.actor:
            sql, values = flat_side_sql("m.m", filters.actor, catalog)
            where.append(f"t.id IN (SELECT m.article_id FROM web_mentions m WHERE {sql})")
            params += values
        if not filters.duplicates:
            where.append("t.duplicate_of IS NULL")
    return where, params


def _event_where(filters: Filters, catalog: ActorCatalog, where: list[str], params: list[Any]) -> None:
    if filters.actor:
        source, first = flat_side_sql("t.s", filters.actor, catalog)
        target, second = flat_side_sql("t.t", filters.actor, catalog)
        where.append(f"({source} OR {target})")
        params += first + second
    if filters.a and filters.b:
        a_source, p1 = flat_side_sql("t.s", filters.a, catalog)
        b_target, p2 = flat_side_sql("t.t", filters.b, catalog)
        pair = f"({a_source} AND {b_target})"
        if filters.directed:
            where.append(pair)
            params += p1 + p2
        else:
            b_source, p3 = flat_side_sql("t.s", filters.b, catalog)
            a_target, p4 = flat_side_sql("t.t", filters.a, catalog)
            where.append(f"({pair} OR ({b_source} AND {a_target}))")
            params += p1 + p2 + p3 + p4
    if filters.cameo_root:
        where.append("t.cameo_root = ?")
        params.append(filters.cameo_root.zfill(2) if filters.cameo_root.isdigit() else filters.cameo_root)
    if filters.plover:
        where.append("t.plover_u = upper(?)")
        params.append(filters.plover)
    if filters.quad_class is not None:
        where.append("t.quad_class = ?")
        params.append(filters.quad_class)
    if filters.corrected is None:
        where.append("NOT t.wrong")
    elif filters.corrected == "only":
        where.append("t.corrected IS NOT NULL AND NOT t.wrong")
    elif filters.corrected == "wrong":
        where.append("t.wrong")
    if filters.exclude_negated:
        where.append("NOT t.negated")
    if filters.exclude_hypothetical:
        where.append("NOT t.hypothetical")
    if filters.exclude_background:
        where.append("NOT t.background")


def search(con: duckdb.DuckDBPyConnection, index: SearchIndex | None, kind: str, filters: Filters, catalog: ActorCatalog,
           cursor: str | None = None, limit: int = 25) -> Page:
    """One page of `kind` matching `filters`, after `cursor`; with the total count."""
    if kind not in KINDS:
        raise BadQuery(f"kind: expected one of {', '.join(KINDS)}")
    filters = check_filters(filters)
    ranked = bool(filters.q and filters.q.strip())
    where, params = _where(kind, filters, catalog)
    source = _FROM[kind]
    if ranked:
        hits = index.search(kind, filters.q or "") if index else []
        if not where:  # text alone: the index gives the order and the count; read only the page's rows
            return _text_page(con, kind, hits, decode_cursor(cursor, True), limit, filters)
        con.register("hits", pa.table({"id": pa.array([h[0] for h in hits], pa.string()),
                                       "rank": pa.array([h[1] for h in hits], pa.float64())}))
        source += " JOIN hits h ON h.id = t.id"
        sort = "h.rank"
    else:
        sort = "t.sort_key"
    condition = " AND ".join(where) or "TRUE"
    after = decode_cursor(cursor, ranked)
    page_where, page_params = condition, list(params)
    total = None
    if after is not None:  # a later page: the total is counted apart (the page's own rows start after the cursor)
        total = con.execute(f"SELECT count(*) {source} WHERE {condition}", params).fetchone()[0]
        page_where += f" AND ({sort} > ? OR ({sort} = ? AND {_ID[kind]} > ?))"
        page_params += [after[0], after[0], after[1]]
    # the first page counts its total in the same scan (a window over every matching row)
    counted = ", count(*) OVER () AS page_total" if total is None else ""
    query = f"{_SELECT[kind]}, {sort} AS page_key{counted} {source} WHERE {page_where} ORDER BY page_key, {_ID[kind]} LIMIT ?"
    result = con.execute(query, page_params + [limit + 1])
    columns = [column[0] for column in result.description]
    rows = [dict(zip(columns, row)) for row in result.fetchall()]
    if total is None:
        total = rows[0]["page_total"] if rows else 0
        for row in rows:
            del row["page_total"]
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1]["page_key"], rows[-1]["id"]) if more and rows else None
    for row in rows:
        row.pop("page_key", None)
    return Page(kind, rows, next_cursor, int(total), ranked, filters.as_query())


def _text_page(con: duckdb.DuckDBPyConnection, kind: str, hits: list[tuple[str, float]], after: tuple[Any, str] | None,
               limit: int, filters: Filters) -> Page:
    start = 0 if after is None else bisect.bisect_right([(rank, row_id) for row_id, rank in hits], (after[0], after[1]))
    chunk = hits[start:start + limit + 1]
    found = {row["id"]: row for row in rows_by_ids(con, kind, [row_id for row_id, _ in chunk])}
    rows = [found[row_id] for row_id, _ in chunk if row_id in found]
    more = len(chunk) > limit
    rows = rows[:limit]
    last = chunk[limit - 1] if more else None
    return Page(kind, rows, encode_cursor(last[1], last[0]) if last else None, len(hits), True, filters.as_query())


def iter_all(con: duckdb.DuckDBPyConnection, index: SearchIndex | None, kind: str, filters: Filters, catalog: ActorCatalog,
             page_size: int = 2000):
    """Every row of a query, page by page (streamed exports walk the same cursor as the API)."""
    cursor = None
    while True:
        page = search(con, index, kind, filters, catalog, cursor=cursor, limit=page_size)
        yield from page.rows
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def with_filters(filters: Filters, **changes: Any) -> Filters:
    return replace(filters, **changes)


def distinct_values(con: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    """Values offered in the search form (outlets, PLOVER types); `column` is one of ours."""
    queries = {
        "outlet": "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY 1",
        "plover": "SELECT DISTINCT plover FROM events WHERE plover IS NOT NULL ORDER BY 1",
        "cameo_root": "SELECT DISTINCT cameo_root FROM events ORDER BY 1",
    }
    return [row[0] for row in con.execute(queries[column]).fetchall()]


def rows_by_ids(con: duckdb.DuckDBPyConnection, kind: str, ids: Sequence[str]) -> list[dict[str, Any]]:
    """Rows of `kind` with these ids (in the search-result shape)."""
    result = con.execute(f"{_SELECT[kind]} {_FROM[kind]} WHERE {_ID[kind]} IN (SELECT unnest(?))", [list(ids)])
    columns = [column[0] for column in result.description]
    return [dict(zip(columns, row)) for row in result.fetchall()]
