"""The analyst's workbench: a FastAPI app serving pages and a JSON API over a run's store.

`create_app(ServeConfig(db=...))` builds the app; `detente serve` runs it under uvicorn.

Security, in short (details beside each piece):
- the store is read from a private snapshot (`detente.web.source`): no request can write to it,
  and no request parameter reaches the file system;
- pages are Jinja2 templates with autoescaping; article text is cut into highlighted pieces that
  are escaped one by one; JSON for scripts is escaped for `<script>` (`safe_json`); URLs become
  links only when they are plain http(s);
- every response carries a strict Content-Security-Policy: scripts only from this app
  (`/static/app.js`, `/static/plotly.min.js`, both served from the Python packages: no CDN), no
  inline scripts, no eval, no frames, forms only to this app;
- corrections are the only writes; they need `--allow-edits` and the token printed at start-up:
  pages keep it in an HttpOnly, SameSite=Strict cookie and every form carries a CSRF value
  derived from it; the API takes it as `Authorization: Bearer <token>` (no cookie, so no CSRF).
"""

from __future__ import annotations

import csv
import gc
import hashlib
import hmac
import html
import io
import json
import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

import jinja2
from fastapi import FastAPI, Path as PathParam, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse
from markupsafe import Markup

from detente.analysis import ActorCatalog
from detente.events.cameo import CameoTable, load_cameo_table
from detente.report.dates import format_date, precision_note
from detente.report.render import QUAD_COLOURS, _web_url, safe_json
from detente.report.model import QUAD_CLASSES
# Python's cyclic collector is off while a dyad view is built: a busy pair's first view makes tens
# of thousands of objects the snapshot keeps, and the collections their allocation triggered were
# about a third of a cold view's time in the profile; afterwards they are collected as usual.
from detente.resources import paused_gc as _collector_paused
from detente.web import dyadviews, incremental, queries, views
from detente.web.corrections import CorrectionError, Corrections, apply_all, test_set
from detente.web.fts import SearchIndex
from detente.web.queries import BadQuery, Filters
from detente.web.source import Snapshot, StoreBusy, StoreSource

API = "/api/v1"
COOKIE = "detente_token"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
# plotly adds <style> elements and style attributes as it draws: styles need 'unsafe-inline';
# scripts do not (no inline script, no eval).
EXPORT_FORMATS = ("json", "csv", "jsonl", "parquet")
MAX_PAGE = 1000
CORRECTION_ID = PathParam(ge=1, le=2**63 - 1, description="A correction's id (SQLite INTEGER: a larger one is refused, not a server error).")
SERIES_ROWS = 120  # periods per page of a dyad's series table


@dataclass(frozen=True)
class ServeConfig:
    """How to serve: the store file, whether corrections may be written, and their file."""

    db: Path
    allow_edits: bool = False
    token: str | None = None
    corrections: Path | None = None
    refresh_seconds: float = 2.0
    busy_pair_events: int = dyadviews.MIN_EVENTS  # pairs this busy have their dyad views computed with each snapshot

    @property
    def corrections_path(self) -> Path:
        return self.corrections or Path(self.db).with_name(Path(self.db).stem + ".corrections.sqlite")


class Workbench:
    """Everything the routes share: the snapshot source, catalog, corrections, templates."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.token = config.token or (secrets.token_urlsafe(24) if config.allow_edits else None)
        self.csrf = hmac.new(self.token.encode(), b"detente-csrf", hashlib.sha256).hexdigest() if self.token else ""
        self.catalog = ActorCatalog.load()
        self.cameo = load_cameo_table()  # read once: the pages name the CAMEO code of every event they list; corrections check codes
        self.corrections = Corrections(config.corrections_path, self.cameo)
        self.starting = False  # true while the app starts: the first snapshot's warm-up then runs before serving
        self.source = StoreSource(Path(config.db), config.refresh_seconds, on_snapshot=lambda snapshot: _build_index(snapshot, self.catalog, self.starting, config.busy_pair_events, self.prerender),
                                  prepare=self._prepare, also=(self.corrections.path,), update=self._update, on_update=self._carry)
        self.templates = _environment(self.cameo)
        for name in self.templates.list_templates():  # compiled now, not by the first request of each page
            self.templates.get_template(name)
        self._plotly: bytes | None = None

    def _prepare(self, connection: Any) -> None:
        """A new snapshot's search tables, with the corrections applied (and which ones)."""
        active = self.corrections.active()
        queries.prepare_snapshot(connection, active, self.catalog, self.cameo)
        incremental.record_applied(connection, active)

    def _update(self, connection: Any, previous: Snapshot) -> set[str]:
        """A copy of the current snapshot brought up to the corrections now active; the side keys
        whose dyads changed (`incremental.apply_changes`)."""
        return incremental.apply_changes(connection, self.corrections.active(), self.catalog, self.cameo)

    def _carry(self, snapshot: Snapshot, previous: Snapshot, units: set[str]) -> None:
        """What a snapshot made by `_update` keeps from the previous one (see `detente.web.incremental`):
        the full-text index and person names (no text changed), the dyad views and parts of the
        pairs the corrections did not touch; then the warm-up thread computes the touched busy
        pairs' views again."""
        for name in ("index", "people"):
            if name in previous.extras:
                snapshot.extras[name] = previous.extras[name]
        snapshot.extras["choices"] = {column: queries.distinct_values(snapshot.cursor(), column) for column in ("outlet", "plover", "cameo_root")}
        stored = previous.extras.get("dyad_views")
        if stored is not None:
            snapshot.extras["dyad_views"] = stored.copy(snapshot.path.with_suffix(".dyads.sqlite"), units)
        with previous.lock:
            parts, computed = dict(previous.extras.get("dyad_parts", {})), dict(previous.extras.get("dyads", {}))
        snapshot.extras["dyad_parts"] = incremental.carry_parts(parts, units, self.catalog)
        snapshot.extras["dyads"] = incremental.carry_views(computed, units, self.catalog)
        threading.Thread(target=warm_up, args=(snapshot, self.catalog),
                         kwargs={"busy_pair_events": self.config.busy_pair_events, "prerender": self.prerender},
                         daemon=True, name="detente-warm-up").start()

    def prerender(self, snapshot: Snapshot, first: str, second: str) -> None:
        """The undirected pages of a busy pair (both orders, every frequency; as a visitor without
        the edit token sees them while the store is not being written), into the snapshot's page
        cache, so the first visit does not render a daily series of ~7,400 days."""
        pages = snapshot.cached("dyad_pages", dict)
        for a, b in ((first, second), (second, first)):
            for freq in views.FREQUENCIES:
                key = _page_key(a, b, freq, False, "", "", False, False, 0)
                if key not in pages:
                    pages[key] = dyad_page_body(self, snapshot, a, b, freq, "", "", "", 0, False, False)

    def plotly_js(self) -> bytes:
        if self._plotly is None:
            from plotly.offline import get_plotlyjs

            self._plotly = get_plotlyjs().encode("utf-8")
        return self._plotly

    def snapshot(self) -> Snapshot:
        return self.source.current()

    def can_edit(self, request: Request | None) -> bool:
        if request is None:  # a page rendered ahead of any request
            return False
        cookie = request.cookies.get(COOKIE, "")
        return bool(self.token and cookie and hmac.compare_digest(cookie.encode(), self.token.encode()))

    def bearer_ok(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        return bool(self.token and scheme.lower() == "bearer" and value and hmac.compare_digest(value.strip().encode(), self.token.encode()))

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        snapshot = self.source._current
        base = {
            "page": "", "charts": {}, "busy": self.source.busy, "snapshot_at": snapshot.taken_at if snapshot else "not taken yet",
            "allow_edits": self.config.allow_edits, "can_edit": self.config.allow_edits and self.can_edit(request),
            "csrf": self.csrf, "corrections_file": self.corrections.path.name,
            "people": snapshot.cached("people", lambda: views.person_names(snapshot.cursor())) if snapshot else frozenset(),
        }
        body = self.templates.get_template(name).render(**{**base, **context})
        return HTMLResponse(body, status_code=status)


def _say(message: str) -> None:
    """A start-up line for the person who ran `detente serve` (stderr: uvicorn's own log is warnings
    only, and the port opens only when the first snapshot is ready: ~13 s on 100,000 events)."""
    print(f"detente serve: {message}", file=sys.stderr, flush=True)


def _build_index(snapshot: Snapshot, catalog: ActorCatalog, starting: bool = False, busy_pair_events: int = dyadviews.MIN_EVENTS,
                 prerender: Callable[[Snapshot, str, str], None] | None = None) -> None:
    """The search index of a new snapshot, the search form's choices, and the warm-up of the most
    active pairs: before serving when the app starts (a warm-up thread would compete with the
    first requests for the interpreter: their latency doubled in the load test), in a
    background thread for a snapshot taken while serving (the request that took it is not held).
    `catalog`: the app's, loaded once per process (issue 13), not once per snapshot."""
    snapshot.extras["index"] = SearchIndex.build(snapshot.cursor(), snapshot.path.with_suffix(".fts.sqlite"))
    snapshot.extras["choices"] = {column: queries.distinct_values(snapshot.cursor(), column) for column in ("outlet", "plover", "cameo_root")}
    snapshot.extras["people"] = views.person_names(snapshot.cursor())  # the names pages link to person pages
    snapshot.extras["dyad_views"] = dyadviews.DyadViews(snapshot.path.with_suffix(".dyads.sqlite"))  # filled by warm_up
    if starting:
        warm_up(snapshot, catalog, busy_pair_events=busy_pair_events, prerender=prerender)
    else:
        threading.Thread(target=warm_up, args=(snapshot, catalog), kwargs={"busy_pair_events": busy_pair_events, "prerender": prerender},
                         daemon=True, name="detente-warm-up").start()


def _environment(cameo: CameoTable) -> jinja2.Environment:
    """The templates' environment; `cameo` is the app's CAMEO table (the `cameo_name` filter)."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("detente.web", "templates"), autoescape=True, undefined=jinja2.ChainableUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    environment.filters.update(
        fdate=format_date, precision_note=precision_note, web_url=_web_url, signed=_signed,
        json=lambda value: Markup(safe_json(value)), cameo_name=lambda code: _cameo_name(code, cameo), safe_code=_safe_code, person_url=person_url,
    )
    environment.globals.update(sparkline=sparkline, highlight=highlight, quad_names=list(enumerate(QUAD_CLASSES, 1)))
    return environment


def _signed(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:+.{digits}f}".replace("-", "\u2212")


def _cameo_name(code: str | None, table: CameoTable) -> str:
    """A CAMEO code's codebook words in lower case (a root: up to its first comma), from the
    table the app loaded once (`Workbench.cameo`): the filter runs for every event and every
    root of a page, and reading the table per call was most of a small pair's page."""
    if not code:
        return ""
    entry = table.lookup(code)
    if entry is None:
        return ""
    if len(code) == 2:
        return entry.description.split(",")[0].lower()
    return entry.description.replace(", not specified below", "").lower()  # `report.assemble.cameo_description`, lowered


def _safe_code(value: Any) -> str:
    """A value usable in a URL path segment as is (actor codes), else ""."""
    text = str(value or "")
    return text if text.isalnum() and len(text) <= 30 else ""


def person_url(name: Any, code: Any = None) -> str:
    """The page of a person: every character of the name percent-encoded (a "/" too), the code
    only when it is a plain code."""
    url = "/actor/person/" + quote(str(name or ""), safe="")
    code = _safe_code(code)
    return url + (f"?code={code}" if code else "")


def sparkline(series: list[dict[str, Any]], width: int = 160, height: int = 28) -> Markup:
    """A tiny inline SVG line of counts per period (numbers only: nothing from the text)."""
    values = [int(row.get("events") or 0) for row in series]
    if not values:
        return Markup("")
    top = max(values) or 1
    step = width / max(len(values) - 1, 1)
    points = " ".join(f"{i * step:.1f},{height - 2 - (v / top) * (height - 4):.1f}" for i, v in enumerate(values))
    return Markup(f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true">'
                  f'<polyline fill="none" stroke="#1f4e79" stroke-width="1.5" points="{points}"/></svg>')


def highlight(piece: dict[str, Any]) -> Markup:
    """A piece of article text, escaped, inside one <span> per highlight covering it."""
    text = Markup.escape(piece["text"])
    order = {"quote": 0, "mention": 1, "trigger": 2}
    for mark in sorted(piece["marks"], key=lambda m: -order[m["kind"]]):
        text = Markup('<span class="hl hl-{0}" data-kind="{0}" data-index="{1}">{2}</span>').format(mark["kind"], int(mark["index"]), text)
    return text


# ---------------------------------------------------------------- filters from requests

_BOOL = {"true", "1", "on", "yes"}


def filters_from(params: Any) -> Filters:
    """Filters from a query string (pages: empty fields mean "any"); BadQuery on bad values."""
    values: dict[str, Any] = {}
    for item in fields(Filters):
        raw = params.get(item.name)
        if raw is None or str(raw).strip() == "":
            continue
        raw = str(raw).strip()[:500]
        if item.type in ("bool", bool):
            values[item.name] = raw.lower() in _BOOL
        elif item.name == "quad_class":
            if raw not in ("1", "2", "3", "4"):
                raise BadQuery("quad_class: expected 1, 2, 3 or 4")
            values[item.name] = int(raw)
        else:
            values[item.name] = raw
    return queries.check_filters(Filters(**values))


def _read_form(body: bytes) -> dict[str, str]:
    parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=50)
    return {key: value[0] for key, value in parsed.items()}


def _url(path: str, params: dict[str, Any]) -> str:
    clean = {key: ("true" if value is True else value) for key, value in params.items() if value not in (None, "", False)}
    return path + ("?" + urlencode(clean) if clean else "")


# ---------------------------------------------------------------- charts

def dyad_chart(data: dict[str, Any], overlay: dict[str, Any] | None) -> dict[str, Any]:
    """The dyad's plotly figure: stacked quad-class bars, net cooperation line(s), turning points."""
    def regular(series: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {row["period"]: row for row in series if row["period"] is not None and not row["imprecise"]}

    rows = regular(data["series"])
    other = regular(overlay["series"]) if overlay is not None else {}
    # both pairs' periods in date order: (start, period) pairs sorted as plain tuples, no key function per
    # period (a small pair's daily series spans years of days: that call was most of the chart's time)
    labels = [period for _, period in sorted((row["start"] or "", period) for period, row in {**other, **rows}.items())]
    shown = [rows.get(label) for label in labels]  # each label's row once, not looked up again by every trace
    traces: list[dict[str, Any]] = []
    for quad, (name, colour) in enumerate(zip(QUAD_CLASSES, QUAD_COLOURS), 1):
        column = f"quad{quad}"
        traces.append({"type": "bar", "name": name, "x": labels, "y": [row[column] if row is not None else 0 for row in shown],
                       "marker": {"color": colour}, "hovertemplate": f"%{{x}}<br>{html.escape(name)}: %{{y}}<extra></extra>"})
    traces.append({"type": "scatter", "mode": "lines", "name": f"net cooperation {data['a_key']}–{data['b_key']}", "x": labels,
                   "y": [row["net_cooperation"] if row is not None else None for row in shown], "yaxis": "y2",
                   "line": {"color": "#2c3e50", "width": 2}})
    if overlay is not None:
        traces.append({"type": "scatter", "mode": "lines", "name": f"net cooperation {overlay['a_key']}–{overlay['b_key']}",
                       "x": labels, "y": [other[label]["net_cooperation"] if label in other else None for label in labels], "yaxis": "y2",
                       "line": {"color": "#b8860b", "width": 2, "dash": "dot"}})
    shown = set(labels)  # (a daily series: hundreds of turning points against ~7,400 labels)
    points = [p for p in data["turning_points"] if p["period"] in shown]
    axis: dict[str, Any] = {"type": "category", "tickangle": -30}
    if _consecutive_days(labels):  # a daily series (~7,400 days for a busy pair): each trace's days as a start and a step,
        for trace in traces:       # not 7,400 labels repeated in every trace (the page was 0.8 MB, most of it labels)
            del trace["x"]
            trace.update(x0=labels[0], dx=86_400_000)
        axis = {"type": "date", "tickangle": -30}
    if points:
        traces.append({"type": "scatter", "mode": "markers", "name": "turning point", "x": [p["period"] for p in points],
                       "y": [p["value"] for p in points], "yaxis": "y2",
                       "marker": {"symbol": "diamond", "size": 12, "color": ["#1b7837" if p["direction"] == "up" else "#b2182b" for p in points],
                                  "line": {"color": "#222", "width": 1}},
                       "hovertemplate": "%{x}: turning point<extra></extra>"})
    layout = {"barmode": "stack", "height": 380, "margin": {"l": 50, "r": 60, "t": 10, "b": 60}, "paper_bgcolor": "#fff",
              "plot_bgcolor": "#fff", "legend": {"orientation": "h", "y": -0.25},
              "xaxis": axis, "yaxis": {"title": {"text": "events"}, "rangemode": "tozero"},
              "yaxis2": {"title": {"text": "net cooperation"}, "overlaying": "y", "side": "right", "zeroline": True, "showgrid": False}}
    return {"data": traces, "layout": layout}


def _consecutive_days(labels: list[str]) -> bool:
    """Whether the labels are ISO days, each the day after the one before (more than one)."""
    from datetime import date

    if len(labels) < 2 or not all(len(label) == 10 for label in (labels[0], labels[-1])):
        return False
    try:
        first, last = date.fromisoformat(labels[0]), date.fromisoformat(labels[-1])
    except ValueError:
        return False
    return last.toordinal() - first.toordinal() == len(labels) - 1 and len(set(labels)) == len(labels) \
        and all(len(label) == 10 and label[4] == "-" for label in labels)


def actor_chart(data: dict[str, Any]) -> dict[str, Any]:
    labels = [row["period"] for row in data["series"]]
    traces = [{"type": "bar", "name": "as source", "x": labels, "y": [row["as_source"] for row in data["series"]], "marker": {"color": "#1f4e79"}},
              {"type": "bar", "name": "as target", "x": labels, "y": [row["as_target"] for row in data["series"]], "marker": {"color": "#f4a582"}}]
    layout = {"barmode": "group", "height": 320, "margin": {"l": 50, "r": 20, "t": 10, "b": 60}, "paper_bgcolor": "#fff",
              "plot_bgcolor": "#fff", "xaxis": {"type": "category"}, "yaxis": {"title": {"text": "event mentions per month"}},
              "legend": {"orientation": "h", "y": -0.3}}
    return {"data": traces, "layout": layout}


# ---------------------------------------------------------------- exports

def _flat(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def export_stream(rows: Iterator[dict[str, Any]], fmt: str, header: dict[str, Any]) -> Iterator[bytes]:
    """CSV or JSONL, a chunk per batch of rows; the query is the first line."""
    if fmt == "jsonl":
        yield (json.dumps({"_export": header}, ensure_ascii=False, default=str) + "\n").encode()
        batch: list[str] = []
        for row in rows:
            batch.append(json.dumps(row, ensure_ascii=False, default=str))
            if len(batch) >= 500:
                yield ("\n".join(batch) + "\n").encode()
                batch = []
        if batch:
            yield ("\n".join(batch) + "\n").encode()
        return
    buffer = io.StringIO()
    writer = None
    buffer.write("# detente export " + json.dumps(header, ensure_ascii=False, default=str) + "\n")
    count = 0
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(row), extrasaction="ignore")
            writer.writeheader()
        writer.writerow({key: _flat(value) for key, value in row.items()})
        count += 1
        if count % 500 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


class _Chunks:
    """A write-only file for `pyarrow.parquet.ParquetWriter` that hands out what was written so far
    (`take`), so each row group goes to the client as soon as it is encoded."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.written = 0
        self.closed = False

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.parts.append(chunk)
        self.written += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self.written

    def flush(self) -> None:
        return None

    def close(self) -> None:
        self.closed = True

    def take(self) -> Iterator[bytes]:
        parts, self.parts = self.parts, []
        if parts:
            yield b"".join(parts)


# columns a corrected event row has that an uncorrected one lacks (JSON text, like every nested value)
_CORRECTION_COLUMNS = ("corrected", "correction", "coded")


def parquet_stream(rows: Iterator[dict[str, Any]], header: dict[str, Any], batch_rows: int = 2000) -> Iterator[bytes]:
    """The rows as one Parquet file, streamed: one row group per `batch_rows` rows, written and
    sent while the query is still read (memory: one batch, not the result). Nested values are
    JSON text; the query is in the file's metadata (`detente.export`). The schema is the first
    batch's (a column that is empty there is text), with the correction columns for events."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    metadata = {"detente.export": json.dumps(header, default=str)}
    sink = _Chunks()
    writer = None
    schema = None
    for batch in _batches(rows, batch_rows):
        flat = [{key: _flat(value) for key, value in row.items()} for row in batch]
        if writer is None:
            schema = _export_schema(flat, header.get("kind") == "events").with_metadata(metadata)
            writer = pq.ParquetWriter(sink, schema, compression="zstd")
        writer.write_table(pa.Table.from_pylist(flat, schema=schema))
        yield from sink.take()
    if writer is None:  # nothing matched: a file with no columns, the query still in it
        writer = pq.ParquetWriter(sink, pa.schema([], metadata=metadata), compression="zstd")
    writer.close()
    yield from sink.take()


def _export_schema(flat: list[dict[str, Any]], events: bool) -> Any:
    import pyarrow as pa

    inferred = pa.Table.from_pylist(flat).schema
    columns = [pa.field(field.name, pa.string() if pa.types.is_null(field.type) else field.type) for field in inferred]
    names = {field.name for field in columns}
    if events:
        columns += [pa.field(name, pa.string()) for name in _CORRECTION_COLUMNS if name not in names]
    return pa.schema(columns)


# ---------------------------------------------------------------- the app

def create_app(config: ServeConfig) -> FastAPI:
    bench = Workbench(config)

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        from starlette.concurrency import run_in_threadpool

        bench.starting = True
        started = time.perf_counter()
        _say("preparing the store's snapshot (copy, search tables, full-text index, busy pairs' dyad views); "
             "the server answers once it is ready")
        try:  # the first snapshot, its index and warm-up before the first request (a locked store: at the first request)
            await run_in_threadpool(bench.source.current)
            _say(f"ready after {time.perf_counter() - started:.1f} s")
        except StoreBusy:
            _say("the store is being written by another process: pages answer 503 until it is free")
        finally:
            bench.starting = False
        # what start-up built (snapshot caches, templates, modules) lives as long as the process:
        # out of the collector's generations, a full collection during a request no longer walks it
        gc.collect()
        gc.freeze()
        yield
        gc.unfreeze()
        bench.source.close()

    app = FastAPI(title="detente workbench API", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=f"{API}/openapi.json",
                  description="Search, articles, events, dyads, actors, stories and corrections of a detente store. "
                              "Lists are paginated by cursor (`next_cursor`), with no cap on the total; "
                              "`format=csv|jsonl|parquet` streams every matching row with the query recorded in the file.")
    app.state.bench = bench  # FastAPI's interactive docs load scripts from a CDN: off; /docs lists the schema's endpoints itself

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # noqa: ANN001, ANN202
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # "no-referrer" makes chromium send "Origin: null" with forms
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        return response

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith(API) or request.url.path in ("/openapi.json",)  # (the schema's old address)

    def problem(request: Request, status: int, heading: str, message: str, headers: dict[str, str] | None = None) -> Response:
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=status, headers=headers)
        response = bench.render(request, "error.html.j2", status=status, heading=heading, message=message)
        response.headers.update(headers or {})
        return response

    @app.exception_handler(StoreBusy)
    async def busy_handler(request: Request, error: StoreBusy) -> Response:
        return problem(request, 503, "The store is being written", f"{error}. This page will work once `detente run` has "
                       "finished with the store (or between runs).", {"Retry-After": "5"})

    @app.exception_handler(BadQuery)
    async def bad_query_handler(request: Request, error: BadQuery) -> Response:
        return problem(request, 400, "Bad request", str(error))

    @app.exception_handler(ValueError)
    async def value_handler(request: Request, error: ValueError) -> Response:
        return problem(request, 400, "Bad request", str(error))

    @app.exception_handler(views.NotFound)
    async def not_found_handler(request: Request, error: views.NotFound) -> Response:
        return problem(request, 404, "Not found", str(error))

    _static_routes(app, bench)
    _page_routes(app, bench)
    _api_routes(app, bench)
    return app


def _static_routes(app: FastAPI, bench: Workbench) -> None:
    static = resources.files("detente.web") / "static"

    @app.get("/static/app.js", include_in_schema=False)
    def app_js() -> Response:
        return Response(static.joinpath("app.js").read_bytes(), media_type="text/javascript", headers={"Cache-Control": "max-age=300"})

    @app.get("/static/app.css", include_in_schema=False)
    def app_css() -> Response:
        return Response(static.joinpath("app.css").read_bytes(), media_type="text/css", headers={"Cache-Control": "max-age=300"})

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> Response:
        return Response(bench.plotly_js(), media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})


def endpoints(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The schema's operations as plain rows for the docs page: method, path, summary, parameters
    (name, where, type, required, default, description) and response codes, in path order."""
    rows = []
    for path, operations in sorted(schema.get("paths", {}).items()):
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            parameters = []
            for parameter in operation.get("parameters", []):
                spec = parameter.get("schema", {})
                kinds = [spec.get("type")] if spec.get("type") else [item.get("type") for item in spec.get("anyOf", []) if item.get("type")]
                parameters.append({"name": parameter.get("name"), "where": parameter.get("in"), "required": parameter.get("required", False),
                                   "type": " or ".join(kind for kind in kinds if kind != "null") or "any",
                                   "default": spec.get("default"), "description": parameter.get("description") or spec.get("pattern") or ""})
            anchor = method + "-" + "-".join(part for part in "".join(c if c.isalnum() else " " for c in path).split())
            rows.append({"method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                         "description": operation.get("description", ""), "parameters": parameters,
                         "responses": sorted(operation.get("responses", {})), "anchor": anchor})
    return rows


def _search_page_urls(request: Request, kind: str, page: queries.Page) -> dict[str, Any]:
    params = {key: value for key, value in request.query_params.items() if key != "cursor" and value != ""}
    return {
        "tab_urls": {name: _url("/search", {**params, "kind": name}) for name in queries.KINDS},
        "next_url": _url("/search", {**params, "kind": kind, "cursor": page.next_cursor}) if page.next_cursor else None,
        "first_url": _url("/search", {**params, "kind": kind}) if request.query_params.get("cursor") else None,
        "export_urls": {fmt: _url(f"{API}/search/{kind}", {**page.filters, "format": fmt}) for fmt in ("csv", "jsonl", "parquet", "json")},
    }


def _page_routes(app: FastAPI, bench: Workbench) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request) -> Response:
        data = _overview(bench, bench.snapshot())
        return bench.render(request, "overview.html.j2", page="overview", data=data)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request) -> Response:
        snapshot = bench.snapshot()
        con = snapshot.cursor()
        kind = request.query_params.get("kind") or "events"
        if kind not in queries.KINDS:
            kind = "events"
        choices = snapshot.cached("choices", lambda: {c: queries.distinct_values(snapshot.cursor(), c) for c in ("outlet", "plover", "cameo_root")})
        context: dict[str, Any] = {"page": "search", "kind": kind, "kinds": queries.KINDS, "choices": choices, "f": Filters()}
        try:
            filters = filters_from(request.query_params)
            context["f"] = filters
            result = queries.search(con, snapshot.extras.get("index"), kind, filters, bench.catalog,
                                    cursor=request.query_params.get("cursor") or None, limit=25)
        except BadQuery as error:
            params = {key: value for key, value in request.query_params.items() if key != "cursor"}
            context.update(error=str(error), tab_urls={name: _url("/search", {**params, "kind": name}) for name in queries.KINDS})
            return bench.render(request, "search.html.j2", status=400, **context)
        if kind == "events":
            result = queries.Page(result.kind, apply_all(result.rows, bench.corrections.active(), bench.catalog, bench.cameo), result.next_cursor,
                                  result.total, result.ranked, result.filters)
        return bench.render(request, "search.html.j2", **context, res=result, shown_from=None,
                            **_search_page_urls(request, kind, result))

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> Response:
        data = views.article(bench.snapshot().cursor(), article_id, bench.corrections.active(), bench.catalog, bench.cameo)
        records = {"mention": data["mentions"], "quote": data["quotes"],
                   "trigger": [{k: v for k, v in row.items() if k != "sentence"} for row in data["events"]]}
        return bench.render(request, "article.html.j2", data=data, records=records)

    @app.get("/event/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str) -> Response:
        data = views.event(bench.snapshot().cursor(), event_id, bench.corrections.active(), bench.catalog, bench.cameo)
        return bench.render(request, "event.html.j2", data=data)

    @app.get("/dyad/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    def dyad_page(request: Request, a: str, b: str, freq: str = "month", directed: str = "", a2: str = "", b2: str = "",
                  rows: int = Query(0, ge=0, le=10_000_000)) -> Response:
        snapshot = bench.snapshot()
        can_edit = bench.config.allow_edits and bench.can_edit(request)
        # the page of a long daily series is large to render: kept per snapshot, request state and parameters (the busy
        # pairs' default pages are rendered ahead by the warm-up: `Workbench.prerender`)
        pages = snapshot.cached("dyad_pages", dict)
        key = _page_key(a, b, freq, directed.lower() in _BOOL, a2, b2, bench.source.busy, can_edit, rows)
        if key in pages:
            return HTMLResponse(pages[key])
        body = dyad_page_body(bench, snapshot, a, b, freq, directed, a2, b2, rows, bench.source.busy, can_edit)
        if len(pages) > 256:
            pages.clear()
        pages[key] = body
        return HTMLResponse(body)

    @app.get("/actor/person/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def person_page(request: Request, name: str, code: str = "") -> Response:
        data = views.person(bench.snapshot().cursor(), name, code, bench.catalog)
        return bench.render(request, "person.html.j2", data=data, charts={"chart-actor": actor_chart(data)})

    @app.get("/actor/{spec}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, spec: str) -> Response:
        data = views.actor(bench.snapshot().cursor(), spec, bench.catalog)
        return bench.render(request, "actor.html.j2", data=data, charts={"chart-actor": actor_chart(data)})

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page(request: Request) -> Response:
        schema = request.app.openapi()
        return bench.render(request, "docs.html.j2", page="docs", schema=schema, schema_url=f"{API}/openapi.json",
                            endpoints=endpoints(schema))

    @app.get("/openapi.json", include_in_schema=False)
    def old_schema(request: Request) -> JSONResponse:  # where the schema was served before it moved under /api/v1
        return JSONResponse(request.app.openapi())

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, cursor: str = Query("", max_length=400)) -> Response:
        data = views.stories(bench.snapshot().cursor(), 200, cursor or None)
        return bench.render(request, "stories.html.j2", page="stories", data=data,
                            next_url=_url("/stories", {"cursor": data["next_cursor"]}) if data["next_cursor"] else None,
                            first_url="/stories" if cursor else None)

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> Response:
        return bench.render(request, "story.html.j2", page="stories", data=views.story(bench.snapshot().cursor(), story_id))

    @app.get("/corrections", response_class=HTMLResponse, include_in_schema=False)
    def corrections_page(request: Request) -> Response:
        return bench.render(request, "corrections.html.j2", page="corrections", data=bench.corrections.all())

    @app.get("/unlock", response_class=HTMLResponse, include_in_schema=False)
    def unlock_page(request: Request) -> Response:
        return bench.render(request, "unlock.html.j2")

    @app.post("/unlock", include_in_schema=False)
    async def unlock(request: Request) -> Response:
        form = _read_form(await request.body())
        given = form.get("token", "").strip()
        if not (bench.token and given and hmac.compare_digest(given.encode(), bench.token.encode())):
            return bench.render(request, "unlock.html.j2", status=403, error="That is not the token of this server.")
        response = RedirectResponse("/corrections", status_code=303)
        response.set_cookie(COOKIE, bench.token, httponly=True, samesite="strict", path="/")
        return response

    def form_write_allowed(request: Request, form: dict[str, str]) -> str | None:
        """Why a form write is refused (None: allowed)."""
        if not bench.config.allow_edits:
            return "this server is read-only (start it with --allow-edits)"
        if not bench.can_edit(request):
            return "enter the edit token first (/unlock)"
        if not hmac.compare_digest(form.get("csrf", "").encode(), bench.csrf.encode()):
            return "the form is stale or comes from another site (CSRF check failed)"
        origin = request.headers.get("origin")
        if origin and origin.split("://", 1)[-1] != request.headers.get("host", ""):
            return "the form was posted from another site"
        return None

    @app.post("/corrections", include_in_schema=False)
    async def add_correction(request: Request) -> Response:
        form = _read_form(await request.body())
        refused = form_write_allowed(request, form)
        if refused:
            return problem_page(request, 403, refused)
        event_id = views.check_id(form.get("event_id", ""))
        try:
            bench.corrections.add(event_id, form.get("action", ""), form.get("cameo"), form.get("source_code"),
                                  form.get("target_code"), form.get("note", ""), form.get("author", ""))
        except CorrectionError as error:
            return problem_page(request, 400, str(error))
        bench.source.invalidate()  # the next page reads a snapshot with the correction applied to its search tables
        return RedirectResponse(f"/event/{event_id}", status_code=303)

    @app.post("/corrections/{correction_id}/undo", include_in_schema=False)
    async def undo_correction(request: Request, correction_id: int = CORRECTION_ID) -> Response:
        form = _read_form(await request.body())
        refused = form_write_allowed(request, form)
        if refused:
            return problem_page(request, 403, refused)
        bench.corrections.undo(correction_id)
        bench.source.invalidate()
        back = form.get("back", "/corrections")
        if not (back.startswith("/") and not back.startswith("//") and all(c.isalnum() or c in "/-_" for c in back)):
            back = "/corrections"
        return RedirectResponse(back, status_code=303)

    def problem_page(request: Request, status: int, message: str) -> Response:
        return bench.render(request, "error.html.j2", status=status, heading="Not saved", message=message)


def _page_key(a: str, b: str, freq: str, directed: bool, a2: str, b2: str, busy: bool, can_edit: bool, rows: int) -> tuple:
    """What a dyad page's cache entry depends on."""
    return (a.upper(), b.upper(), freq, directed, a2.strip().upper(), b2.strip().upper(), busy, can_edit, rows)


def dyad_page_body(bench: Workbench, snapshot: Snapshot, a: str, b: str, freq: str, directed: str, a2: str, b2: str, rows: int,
                   busy: bool, can_edit: bool) -> bytes:
    """The dyad page of `snapshot` (its data, chart, a page of the series table, an overlaid pair)."""
    data = _dyad(bench, snapshot, a, b, freq, directed.lower() in _BOOL)
    overlay, overlay_error = None, None
    if a2.strip() and b2.strip():
        try:
            overlay = _dyad(bench, snapshot, a2.strip(), b2.strip(), freq, directed.lower() in _BOOL)
        except ValueError as error:
            overlay_error = str(error)
    charts = {"chart-dyad": dyad_chart(data, overlay)}
    # the chart draws every period; the table lists SERIES_ROWS periods with events at a time (a busy pair has
    # ~7,400 days: the whole table was most of a 1.8 MB page and of its rendering time)
    filled = [row for row in data["series"] if row["events"]]
    start = min(rows, max(len(filled) - 1, 0))
    params = {"freq": freq, "directed": directed, "a2": a2, "b2": b2}
    path = f"/dyad/{_safe_code(a)}/{_safe_code(b)}"
    table = {"rows": filled[start:start + SERIES_ROWS], "start": start, "total": len(filled),
             "next_url": _url(path, {**params, "rows": start + SERIES_ROWS}) + "#series" if start + SERIES_ROWS < len(filled) else None,
             "previous_url": _url(path, {**params, "rows": max(start - SERIES_ROWS, 0) or None}) + "#series" if start else None}
    people = snapshot.cached("people", lambda: views.person_names(snapshot.cursor()))
    response = bench.render(None, "dyad.html.j2", data=data, charts=charts, overlay=overlay, overlay_a=a2, overlay_b=b2,
                            overlay_error=overlay_error, table=table, busy=busy, can_edit=can_edit, snapshot_at=snapshot.taken_at,
                            people=people)
    return bytes(response.body)


def _dyad(bench: Workbench, snapshot: Snapshot, a: str, b: str, freq: str, directed: bool) -> dict[str, Any]:
    """A dyad view, computed once per snapshot and parameters (a snapshot never changes); the
    pair's frequency-independent parts are kept too, so another frequency only redoes the series."""
    return dyad_cached(snapshot, bench.catalog, a, b, freq, directed)


def dyad_cached(snapshot: Snapshot, catalog: ActorCatalog, a: str, b: str, freq: str, directed: bool) -> dict[str, Any]:
    """A dyad view: cached per snapshot, read from the stored views of a busy pair, or computed;
    under the sides' canonical spellings ("IGOWSTNAT" finds NATO's views), then labelled with
    the spellings asked for (`views.relabel`)."""
    views.check_sides(a, b, freq)
    a, b = a.upper(), b.upper()
    first, second = views.canonical_side(a, catalog), views.canonical_side(b, catalog)
    views_cache = snapshot.cached("dyads", dict)
    key = f"{first}:{second}:{freq}:{directed}"
    data = views_cache.get(key)
    if data is None:
        with _collector_paused():
            stored = snapshot.extras.get("dyad_views")
            data = stored.get(first, second, freq, directed) if stored is not None else None  # a busy pair: computed with the snapshot
            if data is None:
                data = views.dyad_fast(snapshot.cursor(), first, second, freq, directed, catalog,
                                       cache=snapshot.cached("dyad_parts", dict))
        if len(views_cache) > 256:
            views_cache.clear()
        views_cache[key] = data
    return views.relabel(data, a, b)


def _overview(bench: Workbench, snapshot: Snapshot) -> dict[str, Any]:
    """The overview, computed once per snapshot (also by `warm_up`)."""
    return snapshot.cached("overview", lambda: views.overview(snapshot.cursor(), bench.catalog))


def warm_up(snapshot: Snapshot, catalog: ActorCatalog, pairs: int = 3, busy_pair_events: int = dyadviews.MIN_EVENTS,
            prerender: Callable[[Snapshot, str, str], None] | None = None) -> None:
    """Compute every view of the busy pairs (`dyadviews.fill`), the monthly views of the most
    active pairs (what the overview links to) ahead of the first click, and what does not depend
    on the pair for every side key of the merged events, the overview's first (its quotes with
    their dates and outlets, the names it goes by, the targets of the events inside its quotes:
    most of a small pair's first view; each quote is read for its speaker's side, so all sides
    cost about one pass over the quotes); before serving at start-up, in a background thread
    after each later snapshot."""
    from detente.analysis.sides import Side
    from detente.web.dyadfast import _names, _one_side

    try:
        stored = snapshot.extras.get("dyad_views")
        if stored is not None:
            for first, second in dyadviews.missing_pairs(snapshot.cursor(), stored, busy_pair_events):
                with _collector_paused():  # per pair: the collector is off for the whole process meanwhile
                    stored.put(dyadviews.pair_views(snapshot.cursor(), catalog, first, second))
            if prerender is not None:
                for first, second in dyadviews.busy_pairs(snapshot.cursor(), busy_pair_events):
                    with _collector_paused():
                        prerender(snapshot, first, second)
        overview = snapshot.cached("overview", lambda: views.overview(snapshot.cursor(), catalog))
        for row in overview["top_dyads"][:pairs]:
            dyad_cached(snapshot, catalog, row["a"], row["b"], "month", False)
        shared = snapshot.cached("dyad_parts", dict).setdefault("shared", {})
        keys = [key for row in overview["top_dyads"] for key in (row["a"], row["b"])]
        keys += [row[0] for row in snapshot.cursor().execute(
            "SELECT DISTINCT key FROM (SELECT source_key AS key FROM web_merged UNION ALL SELECT target_key FROM web_merged) "
            "WHERE key IS NOT NULL ORDER BY key").fetchall()]
        for key in dict.fromkeys(keys):
            if _safe_code(key) and len(key) >= 2:
                side = Side.parse(key.upper(), catalog)
                _one_side(snapshot.cursor(), side, catalog, shared)
                _names(snapshot.cursor(), side, catalog, shared)
    except Exception:  # noqa: BLE001 - a warm-up is an optimisation: a failure shows up on the page itself
        return


def _page_json(page: queries.Page) -> dict[str, Any]:
    return {"kind": page.kind, "total": page.total, "ranked": page.ranked, "next_cursor": page.next_cursor,
            "query": page.filters, "items": page.rows}


def _api_routes(app: FastAPI, bench: Workbench) -> None:
    def filters_dependency(
        q: str | None = Query(None, max_length=500, description='Full-text query: words must all occur; "quoted phrases" allowed.'),
        actor: str | None = Query(None, max_length=60, description="An actor on either side: RUS, NATO, IGOWSTNAT, RUSGOV."),
        a: str | None = Query(None, max_length=60, description="Dyad side A (with b)."),
        b: str | None = Query(None, max_length=60, description="Dyad side B (with a)."),
        directed: bool = Query(False, description="Only A -> B."),
        cameo_root: str | None = Query(None, max_length=4),
        plover: str | None = Query(None, max_length=40),
        quad_class: int | None = Query(None, ge=1, le=4),
        date_from: str | None = Query(None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD; date spans that overlap."),
        date_to: str | None = Query(None, max_length=10),
        precision: str | None = Query(None, max_length=5, description="day, month or year: at least this precise."),
        outlet: str | None = Query(None, max_length=200),
        exclude_negated: bool = False,
        exclude_hypothetical: bool = False,
        exclude_background: bool = Query(False, description="Leave out background events: past or habitual acts an article "
                                         "recalls as context, not its news."),
        duplicates: bool = Query(True, description="Articles: include duplicate copies."),
        corrected: str | None = Query(None, max_length=20, description="Events: include_wrong (also those marked wrong), "
                                      "only (corrected ones), wrong (only those marked wrong); default: those marked wrong left out."),
    ) -> Filters:
        return queries.check_filters(Filters(
            q=q, actor=actor, a=a, b=b, directed=directed, cameo_root=cameo_root, plover=plover, quad_class=quad_class,
            date_from=date_from, date_to=date_to, precision=precision, outlet=outlet, exclude_negated=exclude_negated,
            exclude_hypothetical=exclude_hypothetical, exclude_background=exclude_background, duplicates=duplicates,
            corrected=corrected))

    from fastapi import Depends

    def search_response(kind: str, filters: Filters, cursor: str | None, limit: int, format: str) -> Response:
        snapshot = bench.snapshot()
        index = snapshot.extras.get("index")
        active = bench.corrections.active() if kind == "events" else {}
        if format == "json":
            page = queries.search(snapshot.cursor(), index, kind, filters, bench.catalog, cursor=cursor, limit=limit)
            if kind == "events":
                page = queries.Page(page.kind, apply_all(page.rows, active, bench.catalog, bench.cameo), page.next_cursor, page.total, page.ranked, page.filters)
            return JSONResponse(json.loads(json.dumps(_page_json(page), default=str)))
        if cursor:
            raise BadQuery("exports start at the beginning: leave out cursor")
        queries.search(snapshot.cursor(), index, kind, filters, bench.catalog, limit=1)  # validates before streaming starts
        header = {"kind": kind, "query": filters.as_query(), "snapshot": snapshot.taken_at, "store": Path(bench.config.db).name,
                  "corrections_applied": kind == "events"}
        rows = queries.iter_all(snapshot.cursor(), index, kind, filters, bench.catalog)
        if kind == "events":
            rows = (row for batch in _batches(rows, 2000) for row in apply_all(batch, active, bench.catalog, bench.cameo))
        return export_response(kind, format, rows, header)

    @app.get(f"{API}/search/{{kind}}", tags=["search"], summary="Search events, quotes or articles")
    def api_search(kind: str, filters: Filters = Depends(filters_dependency), cursor: str | None = Query(None, max_length=400),
                   limit: int = Query(25, ge=1, le=MAX_PAGE), format: str = Query("json", pattern="^(json|csv|jsonl|parquet)$")) -> Response:
        if kind not in queries.KINDS:
            return JSONResponse({"error": f"kind: expected one of {', '.join(queries.KINDS)}"}, status_code=404)
        return search_response(kind, filters, cursor, limit, format)

    for kind in queries.KINDS:
        def make(kind: str = kind):  # noqa: ANN202
            def api_list(filters: Filters = Depends(filters_dependency), cursor: str | None = Query(None, max_length=400),
                         limit: int = Query(25, ge=1, le=MAX_PAGE), format: str = Query("json", pattern="^(json|csv|jsonl|parquet)$")) -> Response:
                return search_response(kind, filters, cursor, limit, format)
            return api_list
        app.get(f"{API}/{kind}", tags=[kind], summary=f"List {kind} (same filters as search)")(make())

    @app.get(f"{API}/overview", tags=["overview"])
    def api_overview() -> JSONResponse:
        return JSONResponse(json.loads(json.dumps(_overview(bench, bench.snapshot()), default=str)))

    @app.get(f"{API}/articles/{{article_id}}", tags=["articles"])
    def api_article(article_id: str) -> JSONResponse:
        data = views.article(bench.snapshot().cursor(), article_id, bench.corrections.active(), bench.catalog, bench.cameo)
        data.pop("segments")
        return JSONResponse(json.loads(json.dumps(data, default=str)))

    @app.get(f"{API}/events/{{event_id}}", tags=["events"], summary="A merged event, its mentions and why they were merged")
    def api_event(event_id: str) -> JSONResponse:
        return JSONResponse(json.loads(json.dumps(views.event(bench.snapshot().cursor(), event_id, bench.corrections.active(), bench.catalog, bench.cameo), default=str)))

    @app.get(f"{API}/merged-events", tags=["events"], summary="Events counted once, by date (corrections applied)")
    def api_merged(source_key: str | None = Query(None, max_length=60), target_key: str | None = Query(None, max_length=60),
                   cameo_root: str | None = Query(None, max_length=4),
                   corrected: str | None = Query(None, max_length=20, description="include_wrong (also those whose mentions are all "
                                                 "marked wrong), only (corrected ones), wrong (only those); default: marked wrong left out."),
                   cursor: str | None = Query(None, max_length=400), limit: int = Query(25, ge=1, le=MAX_PAGE),
                   format: str = Query("json", pattern="^(json|csv|jsonl|parquet)$")) -> Response:
        snapshot = bench.snapshot()
        page = views.merged_events(snapshot.cursor(), source_key, target_key, cameo_root, cursor, limit if format == "json" else 1, corrected)
        if format == "json":
            return JSONResponse(json.loads(json.dumps(page, default=str)))
        if cursor:
            raise BadQuery("exports start at the beginning: leave out cursor")
        query = {name: value for name, value in (("source_key", source_key), ("target_key", target_key), ("cameo_root", cameo_root),
                                                 ("corrected", corrected)) if value}
        header = {"kind": "merged_events", "query": query, "snapshot": snapshot.taken_at, "store": Path(bench.config.db).name,
                  "corrections_applied": True}

        def rows() -> Iterator[dict[str, Any]]:
            after = None
            while True:
                page = views.merged_events(snapshot.cursor(), source_key, target_key, cameo_root, after, 2000, corrected)
                yield from page["items"]
                if page["next_cursor"] is None:
                    return
                after = page["next_cursor"]

        return export_response("merged_events", format, rows(), header)

    @app.get(f"{API}/dyads/{{a}}/{{b}}", tags=["dyads"], summary="A dyad's series, key events, timeline, quotes, turning points")
    def api_dyad(a: str, b: str, freq: str = Query("month", pattern="^(day|week|month|year)$"), directed: bool = False) -> JSONResponse:
        return JSONResponse(json.loads(json.dumps(_dyad(bench, bench.snapshot(), a, b, freq, directed), default=str)))

    @app.get(f"{API}/actors/person/{{name:path}}", tags=["actors"],
             summary="A person: their events as source and target over time, their quotes, whom they deal with most")
    def api_person(name: str, code: str | None = Query(None, max_length=30, description="Only this actor code (RUSGOV)."),
                   limit: int = Query(views.PERSON_LISTED, ge=1, le=100_000, description="Events and quotes listed (latest first).")) -> JSONResponse:
        return JSONResponse(json.loads(json.dumps(views.person(bench.snapshot().cursor(), name, code, bench.catalog, limit), default=str)))

    @app.get(f"{API}/actors/{{spec}}", tags=["actors"])
    def api_actor(spec: str) -> JSONResponse:
        return JSONResponse(views.actor(bench.snapshot().cursor(), spec, bench.catalog))

    @app.get(f"{API}/stories", tags=["stories"], summary="Stories, the largest first; paginated by cursor")
    def api_stories(cursor: str | None = Query(None, max_length=400), limit: int = Query(200, ge=1, le=MAX_PAGE)) -> JSONResponse:
        return JSONResponse(views.stories(bench.snapshot().cursor(), limit, cursor))

    @app.get(f"{API}/stories/{{story_id}}", tags=["stories"])
    def api_story(story_id: str) -> JSONResponse:
        return JSONResponse(json.loads(json.dumps(views.story(bench.snapshot().cursor(), story_id), default=str)))

    @app.get(f"{API}/corrections", tags=["corrections"])
    def api_corrections() -> JSONResponse:
        return JSONResponse([item.to_dict() for item in bench.corrections.all()])

    @app.get(f"{API}/corrections/test-set", tags=["corrections"], summary="Active corrections as gold records")
    def api_test_set(format: str = Query("json", pattern="^(json|jsonl)$")) -> Response:
        active = bench.corrections.active()
        rows = {row["id"]: row for row in queries.rows_by_ids(bench.snapshot().cursor(), "events", list(active))}
        records = test_set(active, rows)
        if format == "jsonl":
            return PlainTextResponse("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records),
                                     media_type="application/x-ndjson")
        return JSONResponse(records)

    @app.post(f"{API}/corrections", tags=["corrections"], status_code=201,
              summary="Correct an event (needs --allow-edits and `Authorization: Bearer <token>`)")
    async def api_add_correction(request: Request) -> JSONResponse:
        if not (bench.config.allow_edits and bench.bearer_ok(request)):
            return JSONResponse({"error": "writing needs --allow-edits and the start-up token as a Bearer token"}, status_code=403)
        try:
            body = json.loads(await request.body() or b"{}")
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            return JSONResponse({"error": "expected a JSON object"}, status_code=400)
        event_id = views.check_id(str(body.get("event_id", "")))
        try:
            item = bench.corrections.add(event_id, str(body.get("action", "")), _text(body.get("cameo")), _text(body.get("source_code")),
                                         _text(body.get("target_code")), _text(body.get("note")) or "", _text(body.get("author")) or "")
        except CorrectionError as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        bench.source.invalidate()
        return JSONResponse(item.to_dict(), status_code=201)

    @app.post(f"{API}/corrections/{{correction_id}}/undo", tags=["corrections"])
    def api_undo(request: Request, correction_id: int = CORRECTION_ID) -> JSONResponse:
        if not (bench.config.allow_edits and bench.bearer_ok(request)):
            return JSONResponse({"error": "writing needs --allow-edits and the start-up token as a Bearer token"}, status_code=403)
        if not bench.corrections.undo(correction_id):
            return JSONResponse({"error": "no such active correction"}, status_code=404)
        bench.source.invalidate()
        return JSONResponse({"undone": correction_id})


def export_response(kind: str, format: str, rows: Iterator[dict[str, Any]], header: dict[str, Any]) -> StreamingResponse:
    """Every row of a query streamed as CSV, JSONL or Parquet, the query recorded in the file."""
    if format == "parquet":
        return StreamingResponse(parquet_stream(rows, header), media_type="application/vnd.apache.parquet",
                                 headers={"Content-Disposition": f'attachment; filename="{kind}.parquet"'})
    media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson"
    return StreamingResponse(export_stream(rows, format, header), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{kind}.{format}"'})


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _batches(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
