"""A correction updates the served snapshot incrementally (`detente.web.incremental`): the pages
and API answers afterwards equal those of a server that takes a full snapshot of the store with
the same corrections; so do the stored dyad views of the busy pairs, and undoing gives back the
answers from before."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from detente.web import ServeConfig, create_app
from tests.test_web_fixtures import web_store  # noqa: F401 - the fixture

TOKEN = "incremental-token"
BUSY = 3  # the sample's pairs are small: store the views of those with 3 merged events or more
HEADERS = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture()
def served(web_store: Path, tmp_path: Path) -> Iterator[tuple[TestClient, ServeConfig]]:  # noqa: F811
    db = tmp_path / "detente.duckdb"
    shutil.copyfile(web_store, db)
    config = ServeConfig(db=db, allow_edits=True, token=TOKEN, corrections=tmp_path / "corrections.sqlite", refresh_seconds=0,
                         busy_pair_events=BUSY)
    with TestClient(create_app(config)) as client:
        yield client, config


def _events(db: Path) -> dict[str, str]:
    """Event mentions to correct: a counted USA->RUS one, a RUS<->NATO one, one of another pair."""
    with duckdb.connect(str(db), read_only=True) as con:
        def first(condition: str) -> str:
            return con.execute(f"SELECT e.id FROM events e WHERE NOT coalesce(e.modality.negated, FALSE) "
                               f"AND NOT coalesce(e.modality.hypothetical, FALSE) AND {condition} ORDER BY e.id LIMIT 1").fetchone()[0]
        return {"usa_rus": first("e.source.country = 'USA' AND e.target.country = 'RUS'"),
                "rus_nato": first("((e.source.country = 'RUS' AND e.target.country = 'NATO') OR (e.source.country = 'NATO' AND e.target.country = 'RUS'))"),
                "other": first("e.source.country IS NOT NULL AND e.target.country IS NOT NULL AND e.source.country NOT IN ('RUS', 'NATO', 'USA', 'UKR') "
                               "AND e.target.country NOT IN ('RUS', 'NATO', 'USA', 'UKR') AND e.source.country <> e.target.country")}


URLS = ["/api/v1/overview", "/api/v1/events?limit=1000", "/api/v1/events?limit=1000&corrected=include_wrong",
        "/api/v1/events?limit=1000&corrected=only", "/api/v1/events?limit=1000&corrected=wrong", "/api/v1/events?limit=1000&cameo_root=17",
        "/api/v1/events?a=USA&b=UKR&directed=true&limit=1000", "/api/v1/search/events?q=Russia&limit=1000",
        "/api/v1/merged-events?limit=1000", "/api/v1/actors/RUS", "/api/v1/actors/UKR", "/api/v1/actors/NATO", "/api/v1/stories",
        "/search?kind=events&cameo_root=17", "/search?kind=events&corrected=only", "/", "/actor/UKR"]
PAIRS = [("USA", "RUS"), ("RUS", "USA"), ("USA", "UKR"), ("RUS", "NATO"), ("NATO", "RUS"), ("RUS", "UKR"), ("IGOWSTNAT", "RUS"), ("RUSGOV", "USA")]


def _answers(client: TestClient, ids: dict[str, str]) -> dict[str, Any]:
    urls = URLS + [f"/api/v1/events/{event_id}" for event_id in ids.values()] + [f"/event/{event_id}" for event_id in ids.values()]
    urls += [f"/api/v1/dyads/{a}/{b}?freq={freq}&directed={directed}" for a, b in PAIRS
             for freq in ("day", "week", "month", "year") for directed in ("false", "true")]
    urls += [f"/dyad/{a}/{b}?freq={freq}" for a, b in PAIRS[:4] for freq in ("day", "month")]
    answers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        answers[url] = response.json() if url.startswith("/api/") else _page(response.text)
    return answers


def _page(text: str) -> str:
    text = re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC", "", text)  # when the snapshot was taken
    return re.sub(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", "", text)  # when a correction was made


def _stored(client: TestClient) -> dict[tuple, Any]:
    """Every stored dyad view, once the warm-up thread has written them."""
    for thread in threading.enumerate():
        if thread.name == "detente-warm-up":
            thread.join(timeout=120)
    stored = client.app.state.bench.snapshot().extras["dyad_views"]
    return {(a, b, freq, directed): stored.get(a, b, freq, directed) for a, b in sorted(stored.pairs())
            for freq in ("day", "week", "month", "year") for directed in (False, True)}


def _full(config: ServeConfig) -> tuple[dict[str, Any], dict[tuple, Any]]:
    """The answers of a new server over the same store and corrections (one full snapshot)."""
    with TestClient(create_app(config)) as fresh:
        assert fresh.app.state.bench.source.updates == 0
        return _answers(fresh, IDS), _stored(fresh)


IDS: dict[str, str] = {}


def test_incremental_update_equals_a_full_snapshot(served: tuple[TestClient, ServeConfig]) -> None:
    client, config = served
    IDS.update(_events(config.db))
    source = client.app.state.bench.source
    before = _answers(client, IDS)  # (fills the in-memory caches the update keeps or drops)
    stored_before = _stored(client)
    assert len({pair[:2] for pair in stored_before}) >= 4

    made = [client.post("/api/v1/corrections", headers=HEADERS, json=body).json() for body in (
        {"event_id": IDS["usa_rus"], "action": "fix", "cameo": "173", "target_code": "UKR"},
        {"event_id": IDS["rus_nato"], "action": "wrong"},
        {"event_id": IDS["other"], "action": "fix", "cameo": "042"})]
    corrected = _answers(client, IDS)
    assert source.updates == 1  # the three corrections: one incremental update, no full snapshot
    assert corrected != before
    full_answers, full_stored = _full(config)
    for url, answer in full_answers.items():
        assert corrected[url] == answer, url
    assert _stored(client) == full_stored

    assert client.post(f"/api/v1/corrections/{made[1]['id']}/undo", headers=HEADERS).status_code == 200
    assert client.post("/api/v1/corrections", headers=HEADERS,
                       json={"event_id": IDS["other"], "action": "fix", "source_code": "USA"}).status_code == 201  # replaces the fix
    changed = _answers(client, IDS)
    assert source.updates == 2
    full_answers, full_stored = _full(config)
    for url, answer in full_answers.items():
        assert changed[url] == answer, url
    assert _stored(client) == full_stored

    for item in client.get("/api/v1/corrections").json():
        if item["undone_at"] is None:
            assert client.post(f"/api/v1/corrections/{item['id']}/undo", headers=HEADERS).status_code == 200
    after = _answers(client, IDS)
    for url, answer in before.items():
        if "corrected=" not in url and "/event/" not in url and "/api/v1/events/" not in url:  # (those list the undone corrections)
            assert after[url] == answer, url
    assert _stored(client) == stored_before


def test_store_change_takes_a_full_snapshot(served: tuple[TestClient, ServeConfig]) -> None:
    client, config = served
    source = client.app.state.bench.source
    first = source.current()
    with duckdb.connect(str(config.db)) as con:  # as a new run would: the store itself changed
        con.execute("UPDATE articles SET title = title || ' (updated)' WHERE id = (SELECT min(id) FROM articles)")
    assert client.get("/api/v1/overview").status_code == 200
    assert source.current() is not first and source.updates == 0
