"""An analyst's correction without a new snapshot of the whole store: only what it touches.

A correction changes nothing in the store itself, only how the snapshot's derived tables read
it: the event mention's row in `web_events` and the merged event holding it in `web_merged`
(`corrections.materialise`). Taking a whole new snapshot for it (copy the store, write every
search table, build the full-text index, compute the busy pairs' dyad views, drop every cache)
took seconds on 100,000 events. Instead (`StoreSource` calls `update` when only the
corrections file changed):

1. the previous snapshot's file (its derived tables already written) is copied;
2. `apply_changes` finds the event mentions whose active correction changed (added, undone or
   replaced: the snapshot records which correction it applied to each, `web_applied`), and
   every member of the merged events holding them; their rows in `web_events` and
   `web_merged` are written again from the store's tables and the active corrections applied
   to them, exactly as `prepare_snapshot` does;
3. the side keys of those merged events, before and after (`units`), say which dyads can have
   changed: a pair's view reads only merged events whose both keys are its sides or unknown
   (`dyadfast._candidates`), and a pair's view flags only its own corrected events. The new
   snapshot keeps the full-text index (no text changed), the person names, each side's
   quotes and names, the memoised date spans, the dyad views of every pair without a side in
   `units` (stored and in memory); the busy pairs among the touched ones are computed again in
   the warm-up thread; the overview and the search form's choices are read again.

`tests/test_web_incremental.py` checks that the pages and API answers after an incremental
update equal those of a full snapshot taken with the same corrections.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import duckdb

from detente.web.corrections import Correction, apply_to_tables

APPLIED_SQL = "CREATE TABLE IF NOT EXISTS web_applied (event_id VARCHAR PRIMARY KEY, correction_id BIGINT NOT NULL)"


def record_applied(connection: duckdb.DuckDBPyConnection, active: Mapping[str, Correction]) -> None:
    """Write which correction a snapshot applied to each event mention (`web_applied`)."""
    connection.execute(APPLIED_SQL)
    if active:
        connection.executemany("INSERT INTO web_applied VALUES (?, ?)", sorted((key, item.id) for key, item in active.items()))


def changed_ids(connection: duckdb.DuckDBPyConnection, active: Mapping[str, Correction]) -> set[str]:
    """The event mentions whose active correction differs from the one the snapshot applied."""
    applied = dict(connection.execute("SELECT event_id, correction_id FROM web_applied").fetchall())
    now = {key: item.id for key, item in active.items()}
    return {key for key in applied.keys() | now.keys() if applied.get(key) != now.get(key)}


def apply_changes(connection: duckdb.DuckDBPyConnection, active: Mapping[str, Correction], catalog: Any, cameo: Any = None) -> set[str]:
    """Bring a copy of a snapshot (writable) to the active corrections; the side keys of the
    merged events that changed, before and after (empty when nothing changed). `cameo`: the
    app's CAMEO table (`corrections.apply_to_tables` reads it when not given)."""
    from detente.web.dyadfast import MERGED_SELECT
    from detente.web.queries import EVENTS_SELECT, background_sql

    changed = changed_ids(connection, active)
    if not changed:
        return set()
    merged = connection.execute("SELECT id, event_ids, source_key, target_key FROM web_merged WHERE list_has_any(event_ids, ?)",
                                [sorted(changed)]).fetchall()
    merged_ids = sorted(row[0] for row in merged)
    ids = sorted(changed | {member for row in merged for member in row[1]})
    units = {key for row in merged for key in row[2:] if key}
    connection.execute("DELETE FROM web_events WHERE id IN (SELECT unnest(?))", [ids])
    connection.execute(f"INSERT INTO web_events BY NAME {EVENTS_SELECT.format(background=background_sql(connection))} "
                       "WHERE e.id IN (SELECT unnest(?))", [ids])
    connection.execute("DELETE FROM web_merged WHERE id IN (SELECT unnest(?))", [merged_ids])
    connection.execute(f"INSERT INTO web_merged BY NAME {MERGED_SELECT} WHERE id IN (SELECT unnest(?))", [merged_ids])
    apply_to_tables(connection, {key: active[key] for key in ids if key in active}, catalog, cameo)
    units |= {key for row in connection.execute("SELECT source_key, target_key FROM web_merged WHERE id IN (SELECT unnest(?))",
                                                [merged_ids]).fetchall() for key in row if key}
    connection.execute("DELETE FROM web_applied WHERE event_id IN (SELECT unnest(?))", [sorted(changed)])
    rows = [(key, active[key].id) for key in sorted(changed) if key in active]
    if rows:
        connection.executemany("INSERT INTO web_applied VALUES (?, ?)", rows)
    return units


def carry_parts(previous: dict[str, Any], units: set[str], catalog: Any) -> dict[str, Any]:
    """The per-snapshot dyad parts cache (`dyadfast.dyad_data`'s `cache`) a corrected snapshot
    keeps: what depends only on the sides (each side's quotes and names, the quotes of a pair)
    and the memoised date spans; every pair's placed events, key events and totals are made
    again on demand (they read the corrected merged events)."""
    kept = {key: value for key, value in previous.items() if key in ("shared", "event_spans", "spans", "cameo", "countries")}
    kept.update({key: value for key, value in previous.items() if isinstance(key, tuple) and key[0] == "quotes"})
    return kept


def carry_views(previous: dict[str, Any], units: set[str], catalog: Any) -> dict[str, Any]:
    """The computed dyad views (`app.dyad_cached`'s cache, keyed "A:B:freq:directed") of the pairs
    with no side in `units`."""
    from detente.web.views import side_unit

    kept = {}
    for key, value in previous.items():
        a, b = key.split(":")[:2]
        if side_unit(a, catalog) not in units and side_unit(b, catalog) not in units:
            kept[key] = value
    return kept
