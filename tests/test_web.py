"""The workbench through FastAPI's TestClient, over a real store built by the pipeline.

Every page and API route is requested; injected markup in titles, texts, outlets and URLs
stays text; hostile filter values are data, not SQL; cursor pagination walks every result;
exports carry the query; corrections need --allow-edits, the token and the CSRF value.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from detente.web import ServeConfig, create_app
from tests.test_web_fixtures import IMG, JS_URL, SCRIPT, web_store  # noqa: F401 - the fixture

TOKEN = "test-token-123"


@pytest.fixture(scope="module")
def client(web_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:  # noqa: F811
    corrections = tmp_path_factory.mktemp("corrections") / "corrections.sqlite"
    app = create_app(ServeConfig(db=web_store, allow_edits=True, token=TOKEN, corrections=corrections))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def readonly(web_store: Path) -> Iterator[TestClient]:  # noqa: F811
    with TestClient(create_app(ServeConfig(db=web_store))) as test_client:
        yield test_client


def _ids(web_store: Path, query: str) -> list[str]:  # noqa: F811
    with duckdb.connect(str(web_store), read_only=True) as con:
        return [row[0] for row in con.execute(query).fetchall()]


def hostile_article(web_store: Path) -> str:  # noqa: F811
    return _ids(web_store, "SELECT id FROM articles WHERE title LIKE '%<script>%'")[0]


# ------------------------------------------------------------------ every page answers


@pytest.mark.parametrize("url", ["/", "/search", "/search?kind=quotes", "/search?kind=articles", "/stories", "/corrections",
                                 "/unlock", "/dyad/RUS/NATO", "/dyad/RUS/NATO?freq=year&directed=true",
                                 "/dyad/RUS/NATO?freq=week&a2=USA&b2=CHN", "/actor/RUS", "/actor/NATO", "/actor/IGOWSTNAT",
                                 "/actor/person/Dmitry%20Peskov", "/actor/person/Jens%20Stoltenberg?code=IGOWSTNAT"])
def test_pages_answer_with_security_headers(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "'unsafe-eval'" not in csp and "default-src 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert not re.search(r"<script>(?!\s*$)", response.text), "no inline script"
    assert "cdn" not in response.text.lower()


def test_start_up_says_what_it_prepares_and_when_it_is_ready(web_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:  # noqa: F811
    """The port opens only after the first snapshot's warm-up (seconds on a large store): start-up
    says so on stderr, then how long it took."""
    with TestClient(create_app(ServeConfig(db=web_store, corrections=tmp_path / "c.sqlite"))) as started:
        err = capsys.readouterr().err
        assert "detente serve: preparing the store's snapshot" in err and re.search(r"detente serve: ready after \d+\.\d s", err)
        assert started.get("/api/v1/overview").status_code == 200


def test_overview_counts_match_the_store(client: TestClient, web_store: Path) -> None:  # noqa: F811
    data = client.get("/api/v1/overview").json()
    with duckdb.connect(str(web_store), read_only=True) as con:
        assert data["counts"]["events"] == con.execute("SELECT count(*) FROM events").fetchone()[0]
        assert data["counts"]["articles"] == con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert data["rejects"] == [{"reason": "not in a kept language", "count": 2}]
    top = {(row["a"], row["b"]) for row in data["top_dyads"]}
    assert ("NATO", "RUS") in top
    page = client.get("/").text
    assert "/dyad/NATO/RUS" in page and "<svg class=\"spark\"" in page
    # each pair's events counted once next to the mentions they merge, both labelled
    with duckdb.connect(str(web_store), read_only=True) as con:
        merged = [json.loads(record) for (record,) in con.execute("SELECT record FROM merged_events").fetchall()]
    pair = [item for item in merged if {item["source_key"], item["target_key"]} == {"NATO", "RUS"}]
    row = next(row for row in data["top_dyads"] if (row["a"], row["b"]) == ("NATO", "RUS"))
    assert (row["events"], row["mentions"]) == (len(pair), sum(item["mentions"] for item in pair))
    assert row["mentions"] >= row["events"]
    assert '<th class="num" title="events counted once">events</th>' in page and ">mentions</th>" in page
    assert f'<td class="num mentions">{row["mentions"]:,}</td>' in page


def test_plotly_is_served_locally(client: TestClient) -> None:
    response = client.get("/static/plotly.min.js")
    assert response.status_code == 200 and b"plotly" in response.content[:2000].lower()
    assert len(response.content) > 1_000_000
    assert '<script src="/static/plotly.min.js">' in client.get("/dyad/RUS/NATO").text


# ------------------------------------------------------------------ escaping


def test_article_page_keeps_injected_markup_as_text(client: TestClient, web_store: Path) -> None:  # noqa: F811
    article_id = hostile_article(web_store)
    body = client.get(f"/article/{article_id}").text
    assert SCRIPT not in body and IMG not in body
    assert "&lt;script&gt;window.__pwned=true&lt;/script&gt;" in body
    assert "onerror=&#34;window.__pwned=true&#34;" in body or "onerror=&quot;window.__pwned=true&quot;" in body
    assert 'href="javascript:' not in body.lower()
    assert "Evil &lt;b&gt;Gazette&lt;/b&gt;" in body
    # the JSON of the highlights is escaped for a <script> element
    block = re.search(r'<script type="application/json" id="article-records">(.*?)</script>', body, re.S).group(1)
    assert "<" not in block and json.loads(block)["mention"]


@pytest.mark.parametrize("url", ["/search?q=pwned", "/search?kind=articles&q=pwned", "/search?kind=quotes&q=provocation",
                                 "/search?kind=articles&outlet=Evil+%3Cb%3EGazette%3C%2Fb%3E"])
def test_search_results_escape_text(client: TestClient, url: str) -> None:
    body = client.get(url).text
    assert "<script>window" not in body and "<img src=x" not in body and 'href="javascript:' not in body.lower()


def test_search_form_echoes_query_escaped(client: TestClient) -> None:
    body = client.get("/search", params={"q": '"><script>alert(1)</script>', "actor": "<img src=x onerror=alert(1)>"}).text
    assert "<script>alert(1)" not in body and "<img src=x onerror" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_error_pages_escape_the_id(client: TestClient) -> None:
    response = client.get("/article/<script>alert(1)</script>")
    assert response.status_code == 404 and "<script>alert(1)" not in response.text


def test_api_returns_text_verbatim(client: TestClient, web_store: Path) -> None:  # noqa: F811
    article_id = hostile_article(web_store)
    data = client.get(f"/api/v1/articles/{article_id}").json()
    assert data["article"]["title"].startswith(SCRIPT)
    assert data["article"]["url"] == JS_URL


# ------------------------------------------------------------------ SQL stays data


@pytest.mark.parametrize("name", ["q", "actor", "outlet", "plover", "cameo_root", "a"])
@pytest.mark.parametrize("value", ["' OR 1=1 --", "'); DROP TABLE events; --", "%", "_", "\\", '" OR ""="', "NEAR(a b)", "*", "\x00x"])
def test_hostile_filter_values_are_data(client: TestClient, name: str, value: str) -> None:
    params = {name: value, "limit": 5}
    if name == "a":
        params["b"] = value
    response = client.get("/api/v1/search/events", params=params)
    assert response.status_code in (200, 400, 422), response.text
    if response.status_code == 200 and name != "q":  # a text query searches its words ("OR" is a word there)
        assert response.json()["total"] == 0
    assert client.get("/api/v1/overview").json()["counts"]["events"] > 0  # nothing was dropped


def test_outlet_with_sql_is_matched_literally(client: TestClient) -> None:
    data = client.get("/api/v1/search/articles", params={"outlet": "Wire ' OR 1=1 --"}).json()
    assert data["total"] == 1 and "DROP TABLE" in data["items"][0]["title"]


def test_bad_values_are_400_not_500(client: TestClient) -> None:
    assert client.get("/api/v1/search/events", params={"date_from": "2021-1x-4"}).status_code == 400
    assert client.get("/api/v1/search/events", params={"cursor": "not-a-cursor"}).status_code == 400
    assert client.get("/api/v1/search/events", params={"a": "RUS"}).status_code == 400
    assert client.get("/api/v1/search/nothing").status_code == 404
    assert client.get("/search", params={"quad_class": "9"}).status_code == 400
    assert client.get("/dyad/RUS/NATO", params={"freq": "decade"}).status_code == 400
    assert client.get("/dyad/R%27S/NATO").status_code == 400


# ------------------------------------------------------------------ search, filters, pagination


def walk(client: TestClient, path: str, params: dict) -> tuple[list[dict], int]:
    rows, cursor, total = [], None, None
    while True:
        data = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})}).json()
        total = data["total"] if total is None else total
        assert data["total"] == total
        rows += data["items"]
        cursor = data["next_cursor"]
        if cursor is None:
            return rows, total


@pytest.mark.parametrize("kind", ["events", "quotes", "articles"])
def test_pagination_walks_every_result_once(client: TestClient, web_store: Path, kind: str) -> None:  # noqa: F811
    rows, total = walk(client, f"/api/v1/search/{kind}", {"limit": 7})
    ids = [row["id"] for row in rows]
    assert len(ids) == total == len(set(ids)) == len(_ids(web_store, f"SELECT id FROM {kind}"))


def test_ranked_pagination_walks_every_match(client: TestClient) -> None:
    rows, total = walk(client, "/api/v1/search/events", {"q": "NATO", "limit": 3})
    assert total > 6 and len(rows) == total == len({row["id"] for row in rows})
    one_page = client.get("/api/v1/search/events", params={"q": "NATO", "limit": 1000}).json()["items"]
    assert [row["id"] for row in rows] == [row["id"] for row in one_page]


def test_full_text_ranks_and_treats_syntax_as_words(client: TestClient) -> None:
    data = client.get("/api/v1/search/articles", params={"q": "espionage"}).json()
    assert data["ranked"] and data["total"] >= 1
    assert any("espionage" in (row["title"] or "").lower() for row in data["items"])
    phrase = client.get("/api/v1/search/events", params={"q": '"written security guarantees"'}).json()
    assert phrase["total"] >= 1 and all("written security guarantees" in row["sentence"] for row in phrase["items"])
    for query in ['"', "OR", "NEAR(", "a AND", "col:x", "*"]:
        assert client.get("/api/v1/search/events", params={"q": query}).status_code == 200


def test_filters(client: TestClient) -> None:
    def total(**params: object) -> int:
        return client.get("/api/v1/search/events", params={**params, "limit": 1}).json()["total"]

    undirected, forward, backward = total(a="RUS", b="NATO"), total(a="RUS", b="NATO", directed=True), total(a="NATO", b="RUS", directed=True)
    assert undirected == forward + backward and forward > 0 and backward > 0
    assert total(a="NATO", b="IGOWSTNAT") == 0 or total(a="NATO", b="IGOWSTNAT") == total(a="NATO", b="NATO")
    assert total(actor="NATO") == total(actor="IGOWSTNAT") > 0
    everything = total()
    assert total(exclude_negated=True) < everything
    assert total(exclude_negated=True, exclude_hypothetical=True) < total(exclude_negated=True)
    assert total(quad_class=1) + total(quad_class=2) + total(quad_class=3) + total(quad_class=4) <= everything
    rows = client.get("/api/v1/search/events", params={"cameo_root": "11", "limit": 100}).json()["items"]
    assert rows and all(row["cameo_root"] == "11" for row in rows)
    october = client.get("/api/v1/search/events", params={"date_from": "2021-10", "date_to": "2021-10", "limit": 200}).json()["items"]
    assert october and all((row["date"] or row["published"][:10]).startswith("2021-10") for row in october)
    assert total(date_from="2021-10", date_to="2021-10", precision="day") < len(october)
    assert client.get("/api/v1/search/articles", params={"outlet": "nordic monitor"}).json()["total"] == 1


def test_search_page_paginates(client: TestClient) -> None:
    first = client.get("/search", params={"kind": "events"}).text
    assert "next page" in first
    next_url = re.search(r'href="([^"]+)" id="next-page"', first).group(1).replace("&amp;", "&")
    second = client.get(next_url).text
    assert "first page" in second
    first_ids = set(re.findall(r'href="/event/([0-9a-f]+)"', first))
    second_ids = set(re.findall(r'href="/event/([0-9a-f]+)"', second))
    assert first_ids and second_ids and not first_ids & second_ids


def test_search_page_links_every_export_of_its_query(client: TestClient) -> None:
    import pyarrow.parquet as pq

    page = client.get("/search", params={"kind": "events", "a": "RUS", "b": "NATO", "exclude_negated": "true"}).text
    total = int(re.search(r'id="result-count"><strong>([\d,]+)</strong>', page).group(1).replace(",", ""))
    links = {fmt: url.replace("&amp;", "&") for url, fmt in re.findall(r'href="(/api/v1/search/events\?[^"]*format=(\w+)[^"]*)"', page)}
    assert set(links) == {"csv", "jsonl", "parquet", "json"}
    table = pq.read_table(io.BytesIO(client.get(links["parquet"]).content))
    assert table.num_rows == total and json.loads(table.schema.metadata[b"detente.export"])["query"] == \
        {"a": "RUS", "b": "NATO", "exclude_negated": True}


# ------------------------------------------------------------------ exports


def test_csv_export_streams_everything_with_the_query(client: TestClient) -> None:
    response = client.get("/api/v1/search/events", params={"a": "RUS", "b": "NATO", "format": "csv"})
    lines = response.text.splitlines()
    assert lines[0].startswith("# detente export ") and json.loads(lines[0][len("# detente export "):])["query"] == {"a": "RUS", "b": "NATO"}
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[1:]))))
    assert len(rows) == client.get("/api/v1/search/events", params={"a": "RUS", "b": "NATO"}).json()["total"]
    assert json.loads(rows[0]["source"])["code"]


def test_jsonl_and_parquet_exports(client: TestClient, tmp_path: Path) -> None:
    lines = client.get("/api/v1/quotes", params={"format": "jsonl"}).text.splitlines()
    assert json.loads(lines[0])["_export"]["kind"] == "quotes"
    assert len(lines) - 1 == client.get("/api/v1/quotes").json()["total"]
    import pyarrow.parquet as pq

    path = tmp_path / "articles.parquet"
    path.write_bytes(client.get("/api/v1/articles", params={"format": "parquet", "q": "NATO"}).content)
    table = pq.read_table(path)
    assert table.num_rows == client.get("/api/v1/articles", params={"q": "NATO"}).json()["total"]
    assert json.loads(table.schema.metadata[b"detente.export"])["query"] == {"q": "NATO"}
    response = client.get("/api/v1/events", params={"format": "parquet", "a": "RUS", "b": "NATO"})
    assert response.headers["content-type"] == "application/vnd.apache.parquet"
    events = pq.read_table(io.BytesIO(response.content))
    listed = client.get("/api/v1/events", params={"a": "RUS", "b": "NATO", "limit": 1000}).json()["items"]
    assert events.column("id").to_pylist() == [row["id"] for row in listed]
    assert {"corrected", "correction", "coded"} <= set(events.column_names)


def test_parquet_export_is_written_row_group_by_row_group() -> None:
    """The Parquet export streams: a row group per batch, bytes handed out before the last row
    is read; a column first empty is text, a correction's columns appear even when the first
    batch had none, and an empty result is still a file with the query."""
    import pyarrow.parquet as pq

    from detente.web.app import parquet_stream

    read: list[int] = []

    def rows():
        for number in range(7):
            read.append(number)
            row = {"id": f"e{number}", "note": None if number < 3 else {"n": number}, "corrected": None}
            if number == 5:
                row.update(corrected="fix", correction={"id": 1}, coded={"cameo": "042"})
            yield row

    stream = parquet_stream(rows(), {"kind": "events", "query": {"q": "x"}}, batch_rows=3)
    first = next(stream)
    assert first.startswith(b"PAR1") and len(read) == 3  # the first row group went out after three rows
    data = first + b"".join(stream)
    parquet = pq.ParquetFile(io.BytesIO(data))
    assert parquet.num_row_groups == 3
    table = parquet.read()
    assert table.column("id").to_pylist() == [f"e{n}" for n in range(7)]
    assert table.column("note").to_pylist()[3] == '{"n": 3}' and table.column("coded").to_pylist()[5] == '{"cameo": "042"}'
    assert json.loads(table.schema.metadata[b"detente.export"])["query"] == {"q": "x"}
    empty = pq.read_table(io.BytesIO(b"".join(parquet_stream(iter([]), {"kind": "events", "query": {}}))))
    assert empty.num_rows == 0 and b"detente.export" in empty.schema.metadata


# ------------------------------------------------------------------ article, event, dyad, actor, story


def test_article_highlights_at_offsets(client: TestClient, web_store: Path) -> None:  # noqa: F811
    article_id = _ids(web_store, "SELECT article_id FROM events GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")[0]
    data = client.get(f"/api/v1/articles/{article_id}").json()
    text = data["article"]["text"]
    for event in data["events"]:
        trigger = event["trigger"]
        assert text[trigger["start"]:trigger["end"]] == trigger["text"]
    body = client.get(f"/article/{article_id}").text
    assert body.count('class="hl hl-trigger"') >= len({e["trigger"]["start"] for e in data["events"]})
    assert "Removed lines" in body


def test_duplicates_are_linked(client: TestClient, web_store: Path) -> None:  # noqa: F811
    duplicate = _ids(web_store, "SELECT id FROM articles WHERE duplicate_of IS NOT NULL ORDER BY id LIMIT 1")[0]
    data = client.get(f"/api/v1/articles/{duplicate}").json()
    assert data["article"]["duplicate_of"] in [row["id"] for row in data["duplicates"]]


def test_event_page_explains_the_merge(client: TestClient, web_store: Path) -> None:  # noqa: F811
    with duckdb.connect(str(web_store), read_only=True) as con:
        record = json.loads(con.execute("SELECT record FROM merged_events WHERE json_array_length(record->'event_ids') > 1 LIMIT 1").fetchone()[0])
    data = client.get(f"/api/v1/events/{record['event_ids'][-1]}").json()
    assert data["merged"]["id"] == record["id"]
    assert data["explain"][0].startswith(f"Event {record['id']}")
    assert len(data["mentions"]) == len(record["event_ids"])
    assert "Why these mentions are one event" in client.get(f"/event/{record['id']}").text


def test_negated_event_says_why_not_counted(client: TestClient, web_store: Path) -> None:  # noqa: F811
    negated = _ids(web_store, "SELECT id FROM events WHERE modality.negated OR modality.hypothetical ORDER BY id LIMIT 1")[0]
    data = client.get(f"/api/v1/events/{negated}").json()
    assert data["merged"] is None and "not counted" in data["explain"][0]


def test_dyad_matches_the_cli_view(client: TestClient, web_store: Path) -> None:  # noqa: F811
    from detente.analysis import ActorCatalog, dyad_view
    from detente.store import Store

    with Store(web_store, read_only=True) as store:
        expected = dyad_view(list(store.iter_events()), store.merged_events(), store.all_quotes(), store.article_headers(),
                             "RUS", "NATO", freq="month", catalog=ActorCatalog.load())
    data = client.get("/api/v1/dyads/RUS/NATO").json()
    assert data["total"] == expected.total.to_dict()
    assert [row["period"] for row in data["series"]] == [row.period for row in expected.series]
    assert [item["quote_id"] for item in data["quotes_a"]] == [item.quote_id for item in expected.quotes_a]
    assert [item["merged_id"] for item in data["key_events"]] == [item.merged_id for item in expected.key_events]
    assert "rolling z-score" in data["turning_method"]
    page = client.get("/dyad/RUS/NATO").text
    assert 'id="chart-dyad"' in page and 'class="chart-data"' in page and "Turning points" in page


def test_daily_chart_sends_a_start_and_a_step() -> None:
    """A daily series' chart gives each trace its first day and a one-day step on a date axis (not
    every day's label in every trace); other frequencies keep their labels on a category axis."""
    from detente.web.app import dyad_chart

    def data(periods: list[str], freq: str) -> dict:
        series = [{"period": p, "start": p if freq == "day" else p + "-01", "imprecise": False, "quad1": 1, "quad2": 0, "quad3": 0,
                   "quad4": i, "net_cooperation": 1 - i} for i, p in enumerate(periods)]
        return {"series": series, "turning_points": [], "a_key": "RUS", "b_key": "NATO", "freq": freq}

    days = dyad_chart(data(["2021-12-30", "2021-12-31", "2022-01-01"], "day"), None)
    assert days["layout"]["xaxis"]["type"] == "date"
    assert all(trace["x0"] == "2021-12-30" and trace["dx"] == 86_400_000 and "x" not in trace for trace in days["data"])
    assert days["data"][3]["y"] == [0, 1, 2] and days["data"][4]["y"] == [1, 0, -1]
    gap = dyad_chart(data(["2021-12-30", "2022-01-01"], "day"), None)  # not consecutive: labels kept
    assert gap["layout"]["xaxis"]["type"] == "category" and gap["data"][0]["x"] == ["2021-12-30", "2022-01-01"]
    months = dyad_chart(data(["2021-11", "2021-12"], "month"), None)
    assert months["layout"]["xaxis"]["type"] == "category" and months["data"][0]["x"] == ["2021-11", "2021-12"]
    # an overlaid pair: both pairs' periods in date order, each trace's values at its own periods, the
    # imprecise and undated rows left out
    first = data(["2021-12", "2021-10"], "month")
    first["series"].append({"period": "2021", "start": "2021-01-01", "imprecise": True, "quad1": 9, "quad2": 9, "quad3": 9, "quad4": 9,
                            "net_cooperation": 9})
    both = dyad_chart(first, data(["2021-11", "2021-10"], "month"))
    assert both["data"][0]["x"] == ["2021-10", "2021-11", "2021-12"]
    assert both["data"][3]["y"] == [1, 0, 0] and both["data"][4]["y"] == [0, None, 1] and both["data"][5]["y"] == [0, 1, None]


def test_dyad_series_table_is_paged(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import detente.web.app as web_app

    monkeypatch.setattr(web_app, "SERIES_ROWS", 2)
    data = client.get("/api/v1/dyads/RUS/NATO", params={"freq": "day", "directed": "true"}).json()
    periods = [row["period"] or "date unknown" for row in data["series"] if row["events"]]
    assert len(periods) > 2
    seen, url = [], "/dyad/RUS/NATO?freq=day&directed=true"
    while url:
        page = client.get(url).text
        table = page.split('id="series"', 1)[1].split("</table>", 1)[0]
        seen += [cell.split("<", 1)[0].strip() for cell in re.findall(r"<tr><td>(.*?)</td>", table)]
        assert page.count("chart-data") == 1  # the chart keeps every period
        found = re.search(r'href="([^"]+)" id="series-next"', page)
        url = found.group(1).replace("&amp;", "&") if found else None
    assert seen == periods


def test_actor_and_story(client: TestClient, web_store: Path) -> None:  # noqa: F811
    actor = client.get("/api/v1/actors/RUS").json()
    assert actor["name"] == "Russia" and actor["partners"][0]["other"] == "NATO"
    assert client.get("/api/v1/actors/XYZQ").status_code == 404
    searched = client.get("/api/v1/quotes", params={"actor": "RUS", "limit": 1000}).json()  # its quotes: the latest of those the search finds
    assert actor["quotes_total"] == searched["total"] > len(actor["quotes"]) > 0
    latest = sorted(searched["items"], key=lambda row: ((row["published"] or "~")[:10], row["id"]), reverse=True)[:len(actor["quotes"])]
    assert [row["id"] for row in actor["quotes"]] == [row["id"] for row in latest]
    page = client.get("/actor/RUS").text
    assert page.count('<figure class="quote">') == len(actor["quotes"]) and f"of {searched['total']}" in page
    story_id = client.get("/api/v1/stories").json()["items"][0]["id"]
    story = client.get(f"/api/v1/stories/{story_id}").json()
    assert story["articles"] and client.get(f"/story/{story_id}").status_code == 200


def test_person_page_and_api(client: TestClient, web_store: Path) -> None:  # noqa: F811
    data = client.get("/api/v1/actors/person/Dmitry%20Peskov").json()
    assert data["person"] == "Dmitry Peskov" and data["code"] == "RUSGOV" and data["unit"] == "RUS"
    assert data["events_total"] == data["as_source"] + data["as_target"] - sum(e["as_source"] and e["as_target"] for e in data["events"]) > 0
    for row in data["events"]:  # evidence: the name on a side, or a mention of the person inside that side's span
        sides = [row[side] for side, flag in (("source", row["as_source"]), ("target", row["as_target"])) if flag]
        spans = _ids(web_store, f"SELECT start || ':' || \"end\" FROM mentions WHERE kind = 'person' AND name = 'Dmitry Peskov' "
                                f"AND article_id = '{row['article_id']}'")
        assert all(side["name"] == "Dmitry Peskov" or any(side["start"] <= int(span.split(":")[0]) and int(span.split(":")[1]) <= side["end"]
                                                           for span in spans) for side in sides)
    expected = _ids(web_store, "SELECT id FROM quotes WHERE speaker.name = 'Dmitry Peskov'")
    assert sorted(q["id"] for q in data["quotes"]) == sorted(expected) and data["quotes_total"] == len(expected)
    assert data["partners"] and all(p["events"] >= p["cooperation"] + p["conflict"] for p in data["partners"])
    assert sum(row["as_source"] + row["as_target"] for row in data["series"]) <= data["as_source"] + data["as_target"]
    assert client.get("/api/v1/actors/person/Dmitry%20Peskov", params={"code": "USAGOV"}).status_code == 404
    assert client.get("/api/v1/actors/person/Nobody%20At%20All").status_code == 404
    assert client.get("/api/v1/actors/person/Dmitry%20Peskov", params={"limit": 1}).json()["events"] == data["events"][:1]
    page = client.get("/actor/person/Dmitry%20Peskov").text
    assert 'id="person-events"' in page and 'href="/actor/RUS"' in page


def test_person_names_link_to_their_page(client: TestClient, web_store: Path) -> None:  # noqa: F811
    link = 'href="/actor/person/Dmitry%20Peskov"'
    assert link in client.get("/search", params={"kind": "quotes", "actor": "RUS"}).text  # quote speakers
    assert link in client.get("/search", params={"kind": "events", "actor": "RUS"}).text  # event rows
    article_id = _ids(web_store, "SELECT article_id FROM mentions WHERE name = 'Dmitry Peskov' ORDER BY 1 LIMIT 1")[0]
    assert link in client.get(f"/article/{article_id}").text  # the article's people beside its highlights
    assert "/actor/person/" in client.get("/static/app.js").text  # a clicked highlight links there too


def test_hostile_person_names_are_text(web_store: Path, tmp_path: Path) -> None:  # noqa: F811
    hostile = 'Dr <script>alert(1)</script> "Evil" / ../x'
    store = tmp_path / "hostile.duckdb"
    store.write_bytes(web_store.read_bytes())
    with duckdb.connect(str(store)) as con:
        con.execute("UPDATE mentions SET name = ? WHERE name = 'Dmitry Peskov'", [hostile])
        con.execute("UPDATE quotes SET speaker = struct_pack(text := speaker.text, name := ?, code := speaker.code, start := speaker.start, "
                    "\"end\" := speaker.\"end\") WHERE speaker.name = 'Dmitry Peskov'", [hostile])
    from urllib.parse import quote

    with TestClient(create_app(ServeConfig(db=store, corrections=tmp_path / "c.sqlite"))) as hostile_client:
        url = "/actor/person/" + quote(hostile, safe="")
        search = hostile_client.get("/search", params={"kind": "quotes", "actor": "RUS"}).text
        assert f'href="{url}"' in search and "<script>alert(1)" not in search
        page = hostile_client.get(url)
        assert page.status_code == 200 and "<script>alert(1)" not in page.text and "&lt;script&gt;alert(1)" in page.text
        assert hostile_client.get("/api/v1" + url.replace("/actor/", "/actors/")).json()["person"] == hostile
        missing = hostile_client.get("/actor/person/" + quote("<img src=x onerror=alert(1)>", safe=""))
        assert missing.status_code == 404 and "<img src=x" not in missing.text


def test_merged_events_pagination(client: TestClient, web_store: Path) -> None:  # noqa: F811
    rows, total = walk(client, "/api/v1/merged-events", {"limit": 9})
    assert len(rows) == total == len(_ids(web_store, "SELECT id FROM merged_events"))


def test_stories_pagination_walks_every_story_largest_first(client: TestClient, web_store: Path) -> None:  # noqa: F811
    rows, total = walk(client, "/api/v1/stories", {"limit": 3})
    assert total == len(rows) == len({row["id"] for row in rows}) == len(_ids(web_store, "SELECT id FROM stories")) > 3
    keys = [(-len(row["article_ids"]), row.get("start") or "9999", row["id"]) for row in rows]
    assert keys == sorted(keys)
    assert client.get("/api/v1/stories", params={"cursor": "bad"}).status_code == 400
    page = client.get("/stories").text
    assert f"<strong>{total:,}</strong> stories" in page and page.count('href="/story/') == min(total, 200)


def test_merged_events_export_every_row_with_the_query(client: TestClient) -> None:
    """format=csv|jsonl|parquet on the merged events: every row the cursor walk gives, in its
    order, the query recorded in the file."""
    import pyarrow.parquet as pq

    params = {"source_key": "RUS"}
    rows, total = walk(client, "/api/v1/merged-events", {**params, "limit": 7})
    assert total == len(rows) > 7
    lines = client.get("/api/v1/merged-events", params={**params, "format": "jsonl"}).text.splitlines()
    assert json.loads(lines[0])["_export"]["query"] == params and json.loads(lines[0])["_export"]["kind"] == "merged_events"
    assert [json.loads(line)["id"] for line in lines[1:]] == [row["id"] for row in rows]
    text = client.get("/api/v1/merged-events", params={**params, "format": "csv"}).text
    assert json.loads(text.splitlines()[0].removeprefix("# detente export "))["query"] == params
    assert [row["id"] for row in csv.DictReader(io.StringIO(text.split("\n", 1)[1]))] == [row["id"] for row in rows]
    table = pq.read_table(io.BytesIO(client.get("/api/v1/merged-events", params={**params, "format": "parquet"}).content))
    assert table.column("id").to_pylist() == [row["id"] for row in rows]
    assert json.loads(table.schema.metadata[b"detente.export"])["query"] == params
    assert client.get("/api/v1/merged-events", params={"format": "csv", "cursor": "x"}).status_code == 400
    assert client.get("/api/v1/merged-events", params={"corrected": "nonsense"}).status_code == 400
    # an empty field (a form submitted blank) is no filter, not a 500 (found by the API fuzz test)
    blank = client.get("/api/v1/merged-events", params={"corrected": "", "limit": 1})
    assert blank.status_code == 200 and blank.json()["total"] == client.get("/api/v1/merged-events", params={"limit": 1}).json()["total"]


def test_openapi_lists_every_api_route(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert client.get("/openapi.json").json()["paths"] == paths  # its old address still answers
    for path in ("/api/v1/search/{kind}", "/api/v1/events", "/api/v1/quotes", "/api/v1/articles", "/api/v1/merged-events",
                 "/api/v1/dyads/{a}/{b}", "/api/v1/actors/{spec}", "/api/v1/actors/person/{name}", "/api/v1/stories", "/api/v1/corrections"):
        assert path in paths
    names = {p["name"] for p in paths["/api/v1/search/{kind}"]["get"]["parameters"]}
    assert {"q", "actor", "a", "b", "directed", "cameo_root", "plover", "quad_class", "date_from", "date_to", "outlet",
            "exclude_negated", "cursor", "limit", "format"} <= names


def test_docs_page_lists_the_schema_without_scripts(client: TestClient) -> None:
    """/docs is the API's documentation rendered on the server from the schema: every operation and
    its parameters, no script of its own and nothing fetched from elsewhere (it works offline, under the CSP)."""
    response = client.get("/docs")
    assert response.status_code == 200 and "script-src 'self'" in response.headers["content-security-policy"]
    page = response.text
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method in operations:
            assert f"<code>{method.upper()} {path}</code>" in page, (method, path)
    assert "<code>exclude_negated</code>" in page and 'href="/api/v1/openapi.json"' in page
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/app.js">'] and "cdn" not in page.lower()  # the app's own only
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from another host


# ------------------------------------------------------------------ corrections


def test_corrections_need_edits_token_and_csrf(client: TestClient, readonly: TestClient, web_store: Path) -> None:  # noqa: F811
    event_id = _ids(web_store, "SELECT id FROM events ORDER BY id LIMIT 1")[0]
    form = {"event_id": event_id, "action": "wrong", "note": "n"}
    assert readonly.post("/api/v1/corrections", json=form, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 403
    assert readonly.post("/corrections", data=form).status_code == 403
    assert client.post("/api/v1/corrections", json=form).status_code == 403
    assert client.post("/api/v1/corrections", json=form, headers={"Authorization": "Bearer wrong"}).status_code == 403
    client.cookies.clear()
    assert client.post("/corrections", data=form).status_code == 403  # no cookie
    assert client.post("/unlock", data={"token": "nope"}).status_code == 403
    assert client.post("/unlock", data={"token": TOKEN}, follow_redirects=False).status_code == 303
    assert client.post("/corrections", data=form).status_code == 403  # cookie but no CSRF value
    assert client.post("/corrections", data={**form, "csrf": "x"}).status_code == 403
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get(f"/event/{event_id}").text).group(1)
    assert client.post("/corrections", data={**form, "csrf": csrf}, headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.get("/api/v1/corrections").json() == []
    client.cookies.clear()


def test_correction_applied_exported_and_undone(client: TestClient, web_store: Path) -> None:  # noqa: F811
    event_id = _ids(web_store, "SELECT id FROM events WHERE cameo_root = '11' ORDER BY id LIMIT 1")[0]
    headers = {"Authorization": f"Bearer {TOKEN}"}
    bad = client.post("/api/v1/corrections", json={"event_id": event_id, "action": "fix", "cameo": "999"}, headers=headers)
    assert bad.status_code == 400
    made = client.post("/api/v1/corrections", headers=headers,
                       json={"event_id": event_id, "action": "fix", "cameo": "173", "target_code": "UKRGOV", "note": "it was a <b>raid</b>",
                             "author": "ana"})
    assert made.status_code == 201
    correction = made.json()
    event = next(row for row in client.get(f"/api/v1/events/{event_id}").json()["mentions"] if row["id"] == event_id)
    assert event["corrected"] == "fix" and event["cameo"] == "173" and event["cameo_root"] == "17" and event["quad_class"] == 4
    assert event["coded"]["cameo_root"] == "11" and event["target"]["code"] == "UKRGOV"
    page = client.get(f"/event/{event_id}").text
    assert "corrected" in page and "it was a &lt;b&gt;raid&lt;/b&gt;" in page
    exported = client.get("/api/v1/events", params={"format": "jsonl"}).text.splitlines()[1:]
    row = next(json.loads(line) for line in exported if json.loads(line)["id"] == event_id)
    assert row["corrected"] == "fix" and row["cameo"] == "173"
    gold = client.get("/api/v1/corrections/test-set").json()
    assert gold == [{**gold[0], "event_id": event_id, "gold": {"cameo": "173", "source": gold[0]["coded"]["source"], "target": "UKRGOV"},
                     "wrong": False}]
    assert client.post(f"/api/v1/corrections/{correction['id']}/undo", headers=headers).status_code == 200
    assert client.post(f"/api/v1/corrections/{correction['id']}/undo", headers=headers).status_code == 404
    event = next(row for row in client.get(f"/api/v1/events/{event_id}").json()["mentions"] if row["id"] == event_id)
    assert event["corrected"] is None and event["cameo_root"] == "11"
    history = client.get("/api/v1/corrections").json()
    assert history[-1]["undone_at"] and history[-1]["author"] == "ana"


def test_corrections_survive_a_new_server(web_store: Path, tmp_path: Path) -> None:  # noqa: F811
    event_id = _ids(web_store, "SELECT id FROM events ORDER BY id LIMIT 1")[0]
    path = tmp_path / "c.sqlite"
    with TestClient(create_app(ServeConfig(db=web_store, allow_edits=True, token="t", corrections=path))) as first:
        assert first.post("/api/v1/corrections", json={"event_id": event_id, "action": "wrong"},
                          headers={"Authorization": "Bearer t"}).status_code == 201
    with TestClient(create_app(ServeConfig(db=web_store, corrections=path))) as second:
        rows = second.get("/api/v1/events", params={"limit": 1000, "corrected": "include_wrong"}).json()["items"]
        assert [row["corrected"] for row in rows if row["id"] == event_id] == ["wrong"]
        rows = second.get("/api/v1/events", params={"limit": 1000}).json()["items"]  # marked wrong: left out by default
        assert event_id not in {row["id"] for row in rows}


def test_corrections_survive_a_re_run(tmp_path: Path) -> None:
    """A correction is keyed by the event mention's content id: after `detente run` builds the
    store again from the same corpus (a fresh store: the old one deleted, every article cleaned
    and coded anew), a new server on it with the same corrections file (the default one, beside
    the store, which `detente run` never opens) shows it applied."""
    from tests.test_web_fixtures import build_store

    db = build_store(tmp_path)
    event_id = _ids(db, "SELECT id FROM events WHERE cameo_root = '11' ORDER BY id LIMIT 1")[0]
    config = ServeConfig(db=db, allow_edits=True, token="t")
    with TestClient(create_app(config)) as first:
        assert first.post("/api/v1/corrections", json={"event_id": event_id, "action": "fix", "cameo": "173"},
                          headers={"Authorization": "Bearer t"}).status_code == 201
    from detente.pipeline import run

    assert config.corrections_path.parent == db.parent
    db.unlink()
    db.with_name(db.name + ".wal").unlink(missing_ok=True)
    run([tmp_path / "corpus"], out=tmp_path / "out")
    assert event_id in _ids(db, "SELECT id FROM events") and config.corrections_path.exists()
    with TestClient(create_app(ServeConfig(db=db))) as second:
        row = next(row for row in second.get(f"/api/v1/events/{event_id}").json()["mentions"] if row["id"] == event_id)
        assert row["corrected"] == "fix" and row["cameo"] == "173" and row["coded"]["cameo_root"] == "11"
        assert [item["id"] for item in second.get("/api/v1/events", params={"corrected": "only"}).json()["items"]] == [event_id]


def test_corrections_use_the_tables_the_app_loaded(web_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """Writing corrections and showing corrected events (search, export, article, event pages, the
    snapshot update) read the CAMEO table and actor catalog the app loaded at start-up: neither is
    read again per write or per corrected row (issue 13: plain loaders, no process cache)."""
    from detente.analysis import ActorCatalog
    from detente.web import corrections as corrections_module

    with duckdb.connect(str(web_store), read_only=True) as con:
        event_id, article_id = con.execute("SELECT id, article_id FROM events WHERE cameo_root = '11' ORDER BY id LIMIT 1").fetchone()
    with TestClient(create_app(ServeConfig(db=web_store, allow_edits=True, token="t", corrections=tmp_path / "c.sqlite"))) as client:
        loads: list[str] = []
        real_cameo, real_catalog = corrections_module.load_cameo_table, ActorCatalog.load
        monkeypatch.setattr(corrections_module, "load_cameo_table", lambda: loads.append("cameo") or real_cameo())
        monkeypatch.setattr(ActorCatalog, "load", classmethod(lambda cls, *args: loads.append("catalog") or real_catalog(*args)))
        made = client.post("/api/v1/corrections", headers={"Authorization": "Bearer t"},
                           json={"event_id": event_id, "action": "fix", "cameo": "173", "source_code": "UKRGOV"})
        assert made.status_code == 201
        listed = client.get("/api/v1/events", params={"corrected": "only"}).json()["items"]
        assert [(row["id"], row["cameo"], row["source"]["country"]) for row in listed] == [(event_id, "173", "UKR")]
        assert event_id in client.get("/api/v1/events", params={"corrected": "only", "format": "csv"}).text
        assert "CAMEO 173" in client.get(f"/article/{article_id}").text
        assert "CAMEO 173" in client.get(f"/event/{event_id}").text
        assert loads == []


def _snapshot_connection(web_store: Path, folder: Path) -> duckdb.DuckDBPyConnection:  # noqa: F811
    """A private copy of the store with the app's search tables, opened read-only (as served)."""
    import shutil

    from detente.web.queries import prepare_snapshot

    copy = folder / "snapshot.duckdb"
    shutil.copyfile(web_store, copy)
    with duckdb.connect(str(copy)) as writable:
        prepare_snapshot(writable)
    return duckdb.connect(str(copy), read_only=True)


DYAD_CASES = [("RUS", "NATO"), ("NATO", "RUS"), ("USA", "RUS"), ("RUS", "UKR"), ("RUSGOV", "NATO"), ("RUS", "IGOWSTNAT"),
              ("UKR", "USA"), ("CHN", "USA"), ("ISR", "IRN"), ("XYZ", "RUS")]


def test_fast_dyad_equals_dyad_view(web_store: Path, tmp_path: Path) -> None:  # noqa: F811
    """The app serves `views.dyad_fast`; it must give exactly what `dyad_view` over every record
    of the store gives (as `detente dyad` and the report compute it), for every frequency, both direction settings, unit and code sides, a reversed pair
    and a pair with no events; the per-snapshot cache must not change any answer."""
    from dataclasses import replace

    from detente.analysis import ActorCatalog, DyadSettings, dyad_view
    from detente.store import Store
    from detente.web import views
    from detente.web.turning import turning_points

    catalog = ActorCatalog.load()
    con = _snapshot_connection(web_store, tmp_path)
    with Store(web_store, read_only=True) as store:
        events, merged, quotes, headers = list(store.iter_events()), store.merged_events(), store.all_quotes(), store.article_headers()
    cache: dict = {}
    seen_points = 0
    for a, b in DYAD_CASES:
        for directed in (False, True):
            for freq in ("day", "week", "month", "year"):
                fast = views.dyad_fast(con, a, b, freq, directed, catalog, cache=cache)
                assert fast == views.dyad_fast(con, a, b, freq, directed, catalog), (a, b, freq, directed)  # no cache
                reference = dyad_view(events, merged, quotes, headers, a, b, freq=freq, directed=directed,
                                      settings=DyadSettings(key_events=10**9), catalog=catalog)
                expected = replace(reference, key_events=reference.key_events[:views.KEY_EVENTS_SHOWN]).to_dict()
                assert {key: fast[key] for key in expected} == expected, (a, b, freq, directed)
                points = [point.to_dict() for point in turning_points(reference.series, reference.key_events, freq)]
                assert fast["turning_points"] == points, (a, b, freq, directed)
                seen_points += len(points)
    assert seen_points > 0  # the sample has turning points, so their drivers' evidence was compared too


def test_corrections_apply_to_filters_counts_dyads_and_actors(client: TestClient, web_store: Path) -> None:  # noqa: F811
    """A fix of an event's target (RUS -> UKR) and code moves it from the USA-RUS pair to USA-UKR in
    search filters, counts, dyad series and actor pages; marking it wrong removes it from them (unless
    `corrected=include_wrong`); undoing both restores every number."""
    con = duckdb.connect(str(web_store), read_only=True)
    event_id, cameo_root, merged_id = con.execute(  # an event USA -> RUS that is a merged event of its own
        "SELECT e.id, e.cameo_root, m.id FROM events e JOIN merged_events m ON m.record->>'$.representative_id' = e.id "
        "WHERE e.source.country = 'USA' AND e.target.country = 'RUS' AND e.cameo_root <> '17' "
        "AND json_array_length(m.record->'$.event_ids') = 1 AND NOT coalesce(e.modality.negated, FALSE) ORDER BY e.id LIMIT 1").fetchone()
    con.close()
    headers = {"Authorization": f"Bearer {TOKEN}"}

    def numbers() -> dict[str, Any]:
        def total(**params: Any) -> int:
            return client.get("/api/v1/events", params={"limit": 1, **params}).json()["total"]

        def ids(**params: Any) -> set[str]:
            return {row["id"] for row in client.get("/api/v1/events", params={"limit": 1000, **params}).json()["items"]}

        rus = client.get("/api/v1/dyads/USA/RUS", params={"freq": "year", "directed": True}).json()
        ukr = client.get("/api/v1/dyads/USA/UKR", params={"freq": "year", "directed": True}).json()
        actor = client.get("/api/v1/actors/UKR").json()

        def merged(**params: Any) -> dict[str, Any]:
            page = client.get("/api/v1/merged-events", params={"source_key": "USA", "limit": 1000, **params}).json()
            return {item["id"]: item for item in page["items"]}

        return {"merged_rus": merged_id in merged(target_key="RUS"), "merged_ukr": merged(target_key="UKR").get(merged_id),
                "merged_wrong": list(merged(corrected="wrong")),"all": total(), "with_wrong": total(corrected="include_wrong"), "rus": total(a="USA", b="RUS", directed=True),
                "ukr": total(a="USA", b="UKR", directed=True), "root17": total(cameo_root="17"), "old_root": total(cameo_root=cameo_root),
                "in_rus": event_id in ids(a="USA", b="RUS", directed=True), "in_ukr": event_id in ids(a="USA", b="UKR", directed=True),
                "in_17": event_id in ids(cameo_root="17"),
                "dyad_rus": rus["total"]["events"], "dyad_ukr": ukr["total"]["events"],
                "series_rus": sum(row["events"] for row in rus["series"]), "series_ukr": sum(row["events"] for row in ukr["series"]),
                "ukr_as_target": sum(row["as_target"] for row in actor["series"])}

    before = numbers()
    assert before["in_rus"] and not before["in_ukr"] and not before["in_17"] and before["all"] == before["with_wrong"]
    assert before["merged_rus"] and before["merged_ukr"] is None and before["merged_wrong"] == []
    fix = client.post("/api/v1/corrections", headers=headers,
                      json={"event_id": event_id, "action": "fix", "cameo": "173", "target_code": "UKR"}).json()
    moved = numbers()
    assert not moved["in_rus"] and moved["in_ukr"] and moved["in_17"]
    assert (moved["rus"], moved["ukr"]) == (before["rus"] - 1, before["ukr"] + 1)
    assert (moved["root17"], moved["old_root"], moved["all"]) == (before["root17"] + 1, before["old_root"] - 1, before["all"])
    assert (moved["dyad_rus"], moved["dyad_ukr"]) == (before["dyad_rus"] - 1, before["dyad_ukr"] + 1)
    assert (moved["series_rus"], moved["series_ukr"]) == (before["series_rus"] - 1, before["series_ukr"] + 1)
    assert moved["ukr_as_target"] == before["ukr_as_target"] + 1
    assert not moved["merged_rus"]  # the merged events' list reads the corrected sides and codes, flagged
    item = moved["merged_ukr"]
    assert (item["corrected"], item["target_key"], item["cameo"], item["coded"]["target_key"], item["coded"]["cameo_root"]) == \
        ("fix", "UKR", "173", "RUS", cameo_root)
    row = next(row for row in client.get("/api/v1/events", params={"a": "USA", "b": "UKR", "directed": True, "limit": 1000}).json()["items"]
               if row["id"] == event_id)
    assert row["corrected"] == "fix" and row["target"]["code"] == "UKR" and row["coded"]["target"]["country"] == "RUS"
    assert row["coded"]["cameo_root"] == cameo_root and row["cameo_root"] == "17"
    page = client.get("/search", params={"kind": "events", "a": "USA", "b": "UKR", "directed": "on"}).text
    assert f"{moved['ukr']:,}" in page
    assert "badge corrected" in client.get("/dyad/USA/UKR", params={"directed": "true"}).text  # the page says a number rests on a fix

    wrong = client.post("/api/v1/corrections", headers=headers, json={"event_id": event_id, "action": "wrong"}).json()
    gone = numbers()
    assert not gone["in_rus"] and not gone["in_ukr"] and not gone["in_17"]
    assert not gone["merged_rus"] and gone["merged_ukr"] is None and gone["merged_wrong"] == [merged_id]
    assert (gone["all"], gone["with_wrong"]) == (before["all"] - 1, before["all"])
    assert (gone["rus"], gone["ukr"], gone["dyad_rus"], gone["dyad_ukr"]) == (before["rus"] - 1, before["ukr"], before["dyad_rus"] - 1,
                                                                              before["dyad_ukr"])
    assert (gone["series_rus"], gone["series_ukr"], gone["ukr_as_target"]) == (before["series_rus"] - 1, before["series_ukr"],
                                                                               before["ukr_as_target"])
    listed = client.get("/api/v1/events", params={"corrected": "wrong", "limit": 1000}).json()["items"]
    assert [item["id"] for item in listed] == [event_id] and listed[0]["corrected"] == "wrong"

    for item in (wrong, fix):
        assert client.post(f"/api/v1/corrections/{item['id']}/undo", headers=headers).status_code == 200
    assert numbers() == before
