"""Analysts' corrections of coded events, in their own SQLite file beside the store.

A correction marks an event mention wrong, or fixes its CAMEO code, source or target code, with
a note, who and when. It is keyed by the event mention's id, a hash of its content, so it
survives re-runs (`detente run` never opens this file; a re-run that codes the same sentence
the same way gives the same id). Corrections are never deleted: undoing one stamps
`undone_at`, so the history stays. Views and exports apply the latest active correction per
event and flag the row `corrected`; `test_set()` gives every active correction with the
evidence sentence, the coder's values and the analyst's, for use as gold data.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from detente.events.cameo import CameoTable, load_cameo_table

ACTIONS = ("wrong", "fix")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('wrong', 'fix')),
    cameo TEXT,
    source_code TEXT,
    target_code TEXT,
    note TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    undone_at TEXT
);
CREATE INDEX IF NOT EXISTS corrections_event ON corrections (event_id);
"""


@dataclass(frozen=True)
class Correction:
    id: int
    event_id: str
    action: str
    cameo: str | None
    source_code: str | None
    target_code: str | None
    note: str
    author: str
    created_at: str
    undone_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class CorrectionError(ValueError):
    """A correction that cannot be stored (unknown action or CAMEO code, nothing to fix)."""


class Corrections:
    """The corrections file. Reading works without it; writing creates it.

    `cameo` is the CAMEO table a fix's code is checked against: the app passes the one it loaded
    at start-up (`Workbench.cameo`); without it the table is read at the first fix and kept, not
    read again per write (a plain loader since issue 13: each call re-reads the packaged file)."""

    def __init__(self, path: Path, cameo: CameoTable | None = None) -> None:
        self.path = Path(path)
        self._cameo = cameo

    @property
    def cameo(self) -> CameoTable:
        if self._cameo is None:
            self._cameo = load_cameo_table()
        return self._cameo

    def _connect(self, write: bool = False) -> sqlite3.Connection | None:
        if not write and not self.path.exists():
            return None
        connection = sqlite3.connect(self.path, timeout=10)
        if write:
            connection.executescript(_SCHEMA)
        return connection

    def add(self, event_id: str, action: str, cameo: str | None = None, source_code: str | None = None,
            target_code: str | None = None, note: str = "", author: str = "") -> Correction:
        """Store a correction (validated) and return it."""
        if action not in ACTIONS:
            raise CorrectionError(f"action must be one of {', '.join(ACTIONS)}")
        cameo, source_code, target_code = (_clean(value) for value in (cameo, source_code, target_code))
        if action == "fix":
            if not (cameo or source_code or target_code):
                raise CorrectionError("a fix needs a CAMEO code, a source or a target")
            if cameo and self.cameo.lookup(cameo) is None:
                raise CorrectionError(f"unknown CAMEO code {cameo!r}")
            for code in (source_code, target_code):
                if code and not (code.isalnum() and len(code) <= 30):
                    raise CorrectionError(f"an actor code is letters and digits, got {code!r}")
        else:
            cameo = source_code = target_code = None
        now = _now()
        connection = self._connect(write=True)
        assert connection is not None
        with connection:
            cursor = connection.execute(
                "INSERT INTO corrections (event_id, action, cameo, source_code, target_code, note, author, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [event_id, action, cameo, source_code, target_code, note[:2000], author[:200], now])
            row_id = cursor.lastrowid
        connection.close()
        return Correction(int(row_id or 0), event_id, action, cameo, source_code, target_code, note[:2000], author[:200], now, None)

    def undo(self, correction_id: int) -> bool:
        """Stamp a correction undone; False when there is no such active correction."""
        connection = self._connect(write=True)
        assert connection is not None
        with connection:
            changed = connection.execute("UPDATE corrections SET undone_at = ? WHERE id = ? AND undone_at IS NULL",
                                         [_now(), correction_id]).rowcount
        connection.close()
        return bool(changed)

    def all(self, include_undone: bool = True) -> list[Correction]:
        connection = self._connect()
        if connection is None:
            return []
        query = "SELECT * FROM corrections" + ("" if include_undone else " WHERE undone_at IS NULL") + " ORDER BY id"
        try:
            rows = connection.execute(query).fetchall()
        except sqlite3.OperationalError:  # the file exists but has no table yet
            rows = []
        connection.close()
        return [Correction(*row) for row in rows]

    def active(self) -> dict[str, Correction]:
        """The latest active correction of each corrected event."""
        return {item.event_id: item for item in self.all(include_undone=False)}

    def for_event(self, event_id: str) -> list[Correction]:
        return [item for item in self.all() if item.event_id == event_id]


def apply(row: dict[str, Any], correction: Correction | None, catalog: Any = None, cameo: CameoTable | None = None) -> dict[str, Any]:
    """An event row (search/API shape) with a correction applied: coded values kept under
    `coded`, the analyst's in place, `corrected` set; `wrong` marks it instead. A row of the
    snapshot's search table already carries the correction of the snapshot (its `coded` JSON
    holds the coder's values): it is not applied twice. A corrected side's country and role come
    from `corrected_actor` (`catalog`: an ActorCatalog) and a fixed code's quad class, Goldstein and
    PLOVER type from `cameo` (a CameoTable). Callers that apply many corrections pass both, loaded
    once (`apply_all`, `materialise`, the app's views); either is loaded here only when needed and
    not given (a single call)."""
    row = dict(row)
    stored = row.pop("coded", None)
    if isinstance(stored, str):
        stored = json.loads(stored)
    if stored:  # materialised by the snapshot: start again from the coder's values (the correction may have changed since)
        row.update(stored)
    if correction is None:
        return {**row, "corrected": None}
    result = {**row, "corrected": correction.action, "correction": correction.to_dict()}
    if correction.action == "fix":
        result["coded"] = {key: row.get(key) for key in ("cameo", "cameo_root", "quad_class", "goldstein", "plover", "source", "target")}
        if correction.cameo:
            entry = (load_cameo_table() if cameo is None else cameo).lookup(correction.cameo)
            result.update(cameo=correction.cameo, cameo_root=correction.cameo[:2])
            if entry is not None:
                result.update(quad_class=entry.quad_class, goldstein=entry.goldstein, plover=entry.plover)
        for side, code in (("source", correction.source_code), ("target", correction.target_code)):
            if code:
                if catalog is None:
                    from detente.analysis import ActorCatalog

                    catalog = ActorCatalog.load()
                actor = dict(row.get(side) or {})
                actor.update(zip(("code", "country", "role"), corrected_actor(code, catalog)))
                result[side] = actor
    return result


def materialise(connection: Any, active: Mapping[str, Correction], catalog: Any, cameo: CameoTable | None = None) -> int:
    """Apply the active corrections to a snapshot's flat tables (writable connection): in
    `web_events` the corrected codes, sides and flat side columns, `corrected` (the action),
    `wrong` and `coded` (the coder's values, JSON); in `web_merged` (the dyad pages' merged
    events) a fix of the representative mention (else the latest fix of a member) and `wrong`
    when every member mention is marked wrong. Returns the number of event rows corrected."""
    connection.execute("ALTER TABLE web_events ADD COLUMN corrected VARCHAR; ALTER TABLE web_events ADD COLUMN wrong BOOLEAN DEFAULT FALSE; "
                       "ALTER TABLE web_events ADD COLUMN coded VARCHAR; ALTER TABLE web_merged ADD COLUMN corrected VARCHAR; "
                       "ALTER TABLE web_merged ADD COLUMN wrong BOOLEAN DEFAULT FALSE")
    return apply_to_tables(connection, active, catalog, cameo)


def apply_to_tables(connection: Any, active: Mapping[str, Correction], catalog: Any, cameo: CameoTable | None = None) -> int:
    """`materialise` on tables that have the correction columns already, their rows as the store
    has them (a snapshot being prepared, or rows the incremental update has just reset); the
    CAMEO table read once here when not given, not once per corrected row."""
    from detente.records import EventActor

    if not active:
        return 0
    cameo = load_cameo_table() if cameo is None else cameo
    types = dict(connection.execute("SELECT column_name, column_type FROM (DESCRIBE web_events)").fetchall())
    result = connection.execute("SELECT id, cameo, cameo_root, quad_class, goldstein, plover, source, target FROM web_events "
                                "WHERE id IN (SELECT unnest(?))", [sorted(active)])
    columns = [column[0] for column in result.description]
    changed = 0
    for values in result.fetchall():
        row = dict(zip(columns, values))
        correction = active[row["id"]]
        fixed = apply(row, correction, catalog, cameo)
        coded = json.dumps(fixed["coded"], default=str) if correction.action == "fix" else None
        connection.execute(
            f"UPDATE web_events SET corrected = ?, wrong = ?, coded = ?, cameo = ?, cameo_root = ?, quad_class = ?, goldstein = ?, "
            f"plover = ?, source = CAST(? AS {types['source']}), target = CAST(? AS {types['target']}) WHERE id = ?",
            [correction.action, correction.action == "wrong", coded, fixed["cameo"], fixed["cameo_root"], fixed["quad_class"],
             fixed["goldstein"], fixed["plover"], fixed["source"], fixed["target"], row["id"]])
        changed += 1
    connection.execute(
        "UPDATE web_events SET s_country = upper(coalesce(source.country, '')), s_code = upper(coalesce(source.code, '')), "
        "t_country = upper(coalesce(target.country, '')), t_code = upper(coalesce(target.code, '')), "
        "plover_u = upper(coalesce(plover, '')) WHERE corrected IS NOT NULL")
    merged_types = dict(connection.execute("SELECT column_name, column_type FROM (DESCRIBE web_merged)").fetchall())
    result = connection.execute("SELECT id, event_ids, representative_id, cameo, cameo_root, quad_class, goldstein, plover, source, target "
                                "FROM web_merged WHERE list_has_any(event_ids, ?)", [sorted(active)])
    columns = [column[0] for column in result.description]
    for values in result.fetchall():
        row = dict(zip(columns, values))
        members = [active[event_id] for event_id in row["event_ids"] if event_id in active]
        if len(members) == len(row["event_ids"]) and all(item.action == "wrong" for item in members):
            connection.execute("UPDATE web_merged SET wrong = TRUE, corrected = 'wrong' WHERE id = ?", [row["id"]])
            continue
        fixes = [item for item in members if item.action == "fix"]
        if not fixes:
            continue
        chosen = active.get(row["representative_id"])
        if chosen is None or chosen.action != "fix":
            chosen = max(fixes, key=lambda item: item.id)
        fixed = apply(row, chosen, catalog, cameo)
        keys = {}
        for side in ("source", "target"):
            actor = fixed[side]
            keys[side] = catalog.unit_of(EventActor(**{k: actor.get(k) for k in ("text", "name", "code", "country", "role", "start", "end")})) \
                if actor else None
        connection.execute(
            f"UPDATE web_merged SET corrected = 'fix', cameo = ?, cameo_root = ?, quad_class = ?, goldstein = ?, plover = ?, "
            f"source = CAST(? AS {merged_types['source']}), target = CAST(? AS {merged_types['target']}), "
            "source_key = coalesce(?, source_key), target_key = coalesce(?, target_key) WHERE id = ?",
            [fixed["cameo"], fixed["cameo_root"], fixed["quad_class"], fixed["goldstein"], fixed["plover"], fixed["source"], fixed["target"],
             keys["source"] if chosen.source_code else None, keys["target"] if chosen.target_code else None, row["id"]])
    return changed


def corrected_actor(code: str, catalog: Any) -> tuple[str, str | None, str | None]:
    """The (CAMEO code, country, role) of a side an analyst typed: an organisation is whole, by its
    key or its CAMEO code ("NATO" and "IGOWSTNAT" -> ("IGOWSTNAT", "NATO", None): never the first
    three letters "NAT" or "IGO"), with a role only for a sector after it; a country code and a
    sector ("RUSGOV") -> ("RUSGOV", "RUS", "GOV"); a bare sector names no country."""
    code = code.strip().upper()
    code = catalog.codes.get(code, code)  # an organisation's key: its CAMEO code
    unit = catalog.unit(code)
    if unit is None:
        return code, None, code[:3] if code[:3] in catalog.sectors else None
    base = catalog.codes.get(unit, unit)  # the part of the code the country or organisation takes
    rest = code[len(base):len(base) + 3] if code.startswith(base) else ""
    return code, unit, rest if rest in catalog.sectors else None


def apply_all(rows: Iterable[dict[str, Any]], active: Mapping[str, Correction], catalog: Any = None,
              cameo: CameoTable | None = None) -> list[dict[str, Any]]:
    """`apply` over rows; the CAMEO table and the actor catalog, when not given, loaded at most
    once for all of them (and only when a correction needs them)."""
    rows = list(rows)
    fixes = [item for item in (active.get(row["id"]) for row in rows) if item is not None and item.action == "fix"]
    if cameo is None and any(item.cameo for item in fixes):
        cameo = load_cameo_table()
    if catalog is None and any(item.source_code or item.target_code for item in fixes):
        from detente.analysis import ActorCatalog

        catalog = ActorCatalog.load()
    return [apply(row, active.get(row["id"]), catalog, cameo) for row in rows]


def test_set(active: Mapping[str, Correction], rows: Mapping[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Gold records from the corrections: sentence, the coder's values, the analyst's."""
    result = []
    for event_id, correction in sorted(active.items()):
        row = rows.get(event_id)
        if row is None:
            continue
        source, target = row.get("source") or {}, row.get("target") or {}
        result.append({
            "event_id": event_id, "article_id": row["article_id"], "sentence": row["sentence"],
            "coded": {"cameo": row["cameo"], "source": source.get("code"), "target": target.get("code")},
            "gold": None if correction.action == "wrong" else {
                "cameo": correction.cameo or row["cameo"], "source": correction.source_code or source.get("code"),
                "target": correction.target_code or target.get("code")},
            "wrong": correction.action == "wrong", "note": correction.note, "author": correction.author,
            "created_at": correction.created_at,
        })
    return result


def _clean(value: str | None) -> str | None:
    value = (value or "").strip().upper()
    return value or None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
