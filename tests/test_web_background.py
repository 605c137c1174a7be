"""Background events in the workbench: a badge, an "exclude background" filter (API and form),
left out of a story's events, and stores written before the flag existed served as they are.

The pipeline decides what is background (`Modality.background`, the merge leaves such events
out of merged events and so out of every dyad series, key event and turning point); here one
event mention of the sample store is marked background afterwards, so the web's own handling is
tested whatever the coder finds in the sample corpus.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from detente.web import ServeConfig, create_app
from tests.test_web import walk
from tests.test_web_fixtures import web_store  # noqa: F401 - the fixture


def mark_background(db: Path) -> str:
    """Mark the first counted RUS-NATO event mention (by id) background; its id."""
    with duckdb.connect(str(db)) as con:
        event_id = con.execute(
            "SELECT id FROM events WHERE NOT coalesce(modality.negated, FALSE) AND NOT coalesce(modality.hypothetical, FALSE) "
            "AND ((source.country = 'RUS' AND target.country = 'NATO') OR (source.country = 'NATO' AND target.country = 'RUS')) "
            "ORDER BY id LIMIT 1").fetchone()[0]
        con.execute("UPDATE events SET modality = struct_update(modality, background := TRUE) WHERE id = ?", [event_id])
    return event_id


@pytest.fixture(scope="module")
def marked(web_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:  # noqa: F811
    db = tmp_path_factory.mktemp("background") / "detente.duckdb"
    shutil.copyfile(web_store, db)
    event_id = mark_background(db)
    with TestClient(create_app(ServeConfig(db=db))) as client:
        yield client, event_id


def _rows(client: TestClient, **params: str) -> list[dict]:
    rows, cursor = [], None
    while True:
        page = client.get("/api/v1/search/events", params={**params, "limit": 100, **({"cursor": cursor} if cursor else {})}).json()
        rows += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return rows


def background_ids(rows: list[dict]) -> set[str]:
    return {row["id"] for row in rows if (row.get("modality") or {}).get("background")}


def test_exclude_background_filter_in_the_api(marked: tuple[TestClient, str]) -> None:
    client, event_id = marked
    every = _rows(client, a="RUS", b="NATO")
    background = background_ids(every)  # the marked one, and any the coder found background itself
    assert event_id in background
    kept = [row["id"] for row in _rows(client, a="RUS", b="NATO", exclude_background="true")]
    assert kept == [row["id"] for row in every if row["id"] not in background]
    total = client.get("/api/v1/search/events", params={"a": "RUS", "b": "NATO", "exclude_background": "true"}).json()["total"]
    assert total == len(kept) == len(every) - len(background)
    assert client.get("/api/v1/search/events", params={"exclude_background": "maybe"}).status_code in (400, 422)
    schema = client.get("/openapi.json").json()
    names = {item["name"] for item in schema["paths"]["/api/v1/search/{kind}"]["get"]["parameters"]}
    assert "exclude_background" in names


def _count(page: str) -> int:
    return int(re.search(r'id="result-count"><strong>([\d,]+)</strong>', page).group(1).replace(",", ""))


def test_background_badge_and_form_filter(marked: tuple[TestClient, str]) -> None:
    client, event_id = marked
    badge = 'class="badge neg" title="a past or habitual act'
    assert badge in client.get(f"/event/{event_id}").text
    mention = client.get(f"/api/v1/events/{event_id}").json()["mentions"]
    assert [row["modality"]["background"] for row in mention if row["id"] == event_id] == [True]
    article_id = mention[0]["article_id"]
    article = client.get(f"/article/{article_id}").text
    listed = client.get(f"/api/v1/articles/{article_id}").json()["events"]
    background = [row["id"] for row in listed if (row.get("modality") or {}).get("background")]
    assert event_id in background  # the marked one, and any the coder found background itself ("..., when X did Y in 2014")
    assert article.count(badge) == len(background)
    page = client.get("/search", params={"kind": "events", "a": "RUS", "b": "NATO"}).text
    assert 'name="exclude_background" value="true" >' in page
    filtered = client.get("/search", params={"kind": "events", "a": "RUS", "b": "NATO", "exclude_background": "true"}).text
    assert 'name="exclude_background" value="true" checked' in filtered
    assert _count(filtered) == _count(page) - len(background_ids(_rows(client, a="RUS", b="NATO")))


def test_story_leaves_background_events_out(marked: tuple[TestClient, str]) -> None:
    client, event_id = marked
    article_id = client.get(f"/api/v1/events/{event_id}").json()["mentions"][0]["article_id"]
    for story in walk(client, "/api/v1/stories", {"limit": 1000})[0]:
        if article_id in story["article_ids"]:
            events = client.get(f"/api/v1/stories/{story['id']}").json()["events"]
            assert event_id not in {row["id"] for row in events}
            break
    else:
        pytest.skip("the marked event's article is in no story")


def test_store_without_the_background_field_is_served(web_store: Path, tmp_path: Path) -> None:  # noqa: F811
    db = tmp_path / "detente.duckdb"
    shutil.copyfile(web_store, db)
    with duckdb.connect(str(db)) as con:
        con.execute("ALTER TABLE events DROP COLUMN modality.background")  # as a store written before the flag
        total = con.execute("SELECT count(*) FROM events").fetchone()[0]
    with TestClient(create_app(ServeConfig(db=db))) as client:
        page = client.get("/api/v1/search/events", params={"exclude_background": "true", "corrected": "include_wrong"}).json()
        assert page["total"] == total
        assert client.get("/search", params={"kind": "events", "exclude_background": "true"}).status_code == 200
