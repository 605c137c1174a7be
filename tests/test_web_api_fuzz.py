"""Hypothesis over the API's OpenAPI schema: no generated request gets a 5xx.

schemathesis is not installed; this reads `/api/v1/openapi.json`, and for every GET route draws
values for each declared parameter from a strategy of its schema type (with hostile strings
mixed in: markup, SQL, FTS5 syntax, NUL, very long, non-ASCII), and for path parameters
arbitrary text. Every answer must be below 500, and JSON where JSON is promised.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings, strategies as st

from detente.web import ServeConfig, create_app
from tests.test_web_fixtures import web_store  # noqa: F401 - the fixture

HOSTILE = st.sampled_from(["' OR 1=1 --", "<script>x</script>", '"', "NEAR(", "*", "RUS", "NATO", "IGOWSTNAT", "2021", "2021-10",
                           "2021-10-18", "day", "month", "\x00", "ü", "%", "_", "x" * 600, "", " ", "true", "-1", "99999999999"])
TEXT = st.one_of(HOSTILE, st.text(max_size=40))


def _strategy(schema: dict) -> st.SearchStrategy:
    options = schema.get("anyOf") or [schema]
    kinds = {option.get("type") for option in options}
    strategies = [TEXT]
    if "integer" in kinds:
        strategies.append(st.integers(-10, 2_000).map(str))
    if "boolean" in kinds:
        strategies.append(st.sampled_from(["true", "false", "1", "0", "yes", "maybe"]))
    if any("enum" in option or "pattern" in option for option in options):
        strategies.append(st.sampled_from(["json", "csv", "jsonl", "parquet", "day", "week", "month", "year"]))
    return st.one_of(strategies)


@pytest.fixture(scope="module")
def client(web_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:  # noqa: F811
    app = create_app(ServeConfig(db=web_store, corrections=tmp_path_factory.mktemp("fuzz") / "c.sqlite"))
    with TestClient(app) as test_client:
        yield test_client


def _routes(client: TestClient) -> list[tuple[str, list[dict]]]:
    spec = client.get("/api/v1/openapi.json").json()
    return [(path, item["get"].get("parameters", [])) for path, item in sorted(spec["paths"].items()) if "get" in item]


@st.composite
def requests(draw: st.DrawFn, routes: list[tuple[str, list[dict]]]) -> tuple[str, dict[str, str]]:
    path, parameters = draw(st.sampled_from(routes))
    query = {}
    for parameter in parameters:
        if parameter["in"] == "path":
            value = draw(st.one_of(st.sampled_from(["RUS", "NATO", "events", "quotes", "articles", "x"]), st.text(min_size=1, max_size=20)))
            path = path.replace("{" + parameter["name"] + "}", quote(value, safe=""))
        elif draw(st.booleans()):
            query[parameter["name"]] = draw(_strategy(parameter.get("schema", {})))
    return path, query


def test_api_never_answers_5xx(client: TestClient) -> None:
    routes = _routes(client)
    assert len(routes) >= 12

    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(requests(routes))
    def check(request: tuple[str, dict[str, str]]) -> None:
        path, query = request
        response = client.get(path, params=query)
        assert response.status_code < 500, (path, query, response.text[:300])
        if response.headers.get("content-type", "").startswith("application/json"):
            response.json()

    check()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["kind", "q", "actor", "a", "b", "directed", "cameo_root", "plover", "quad_class", "date_from",
                                        "date_to", "precision", "outlet", "exclude_negated", "cursor"]), TEXT, max_size=6))
def test_search_page_never_answers_5xx(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/search", params=params)
    assert response.status_code in (200, 400), (params, response.text[:300])
    assert "<script>x</script>" not in response.text


JSON_VALUE = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=True), TEXT,
                       st.lists(TEXT, max_size=3), st.dictionaries(TEXT, TEXT, max_size=3))
CORRECTION_FIELDS = ["event_id", "action", "cameo", "source_code", "target_code", "note", "author"]
CORRECTION = st.fixed_dictionaries({}, optional={
    "event_id": st.one_of(st.sampled_from(["x", "e1", "a" * 81]), JSON_VALUE), "action": st.one_of(st.sampled_from(["wrong", "fix"]), JSON_VALUE),
    "cameo": st.one_of(st.sampled_from(["173", "01", "999", "0", ""]), JSON_VALUE), "source_code": JSON_VALUE,
    "target_code": st.one_of(st.sampled_from(["UKR", "RUSGOV", "NATO", "RUS GOV"]), JSON_VALUE), "note": JSON_VALUE, "author": JSON_VALUE})
CORRECTION_ID = st.one_of(st.integers(-2**70, 2**70).map(str), TEXT)


@pytest.fixture(scope="module")
def editable(web_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:  # noqa: F811
    app = create_app(ServeConfig(db=web_store, allow_edits=True, token="fuzz", corrections=tmp_path_factory.mktemp("fuzz") / "w.sqlite"))
    with TestClient(app) as test_client:
        yield test_client


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(CORRECTION, JSON_VALUE, st.binary(max_size=40)), correction_id=CORRECTION_ID, bearer=st.booleans())
def test_correction_writes_never_answer_5xx(editable: TestClient, body: object, correction_id: str, bearer: bool) -> None:
    """The write endpoints (API with or without the Bearer token; forms with the token cookie and
    the CSRF value) answer any body and any correction id without a 5xx."""
    headers = {"Authorization": "Bearer fuzz"} if bearer else {}
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    made = editable.post("/api/v1/corrections", content=content, headers={**headers, "Content-Type": "application/json"})
    assert made.status_code < 500, (body, made.text[:300])
    assert made.status_code in (201, 400, 403, 404), (body, made.status_code)
    undo = editable.post(f"/api/v1/corrections/{quote(correction_id, safe='')}/undo", headers=headers)
    assert undo.status_code < 500, (correction_id, undo.text[:300])
    form = {key: str(value) for key, value in body.items()} if isinstance(body, dict) else {"event_id": str(body)}
    editable.cookies.set("detente_token", "fuzz")
    form["csrf"] = editable.app.state.bench.csrf
    posted = editable.post("/corrections", data=form, follow_redirects=False)
    assert posted.status_code in (303, 400, 404), (form, posted.status_code, posted.text[:300])
    undone = editable.post(f"/corrections/{quote(correction_id, safe='')}/undo", data={"csrf": form["csrf"], "back": str(body)[:50]},
                           follow_redirects=False)
    assert undone.status_code < 500, (correction_id, undone.text[:300])
    editable.cookies.clear()
