"""The workbench in a real browser: `detente run` builds a store from the sample corpus (plus
our injected articles), `detente serve` runs as a subprocess under uvicorn on a free loopback
port, and Debian's chromium (Playwright) clicks through overview, dyad, search (filter,
paginate), article (click a highlight), event, and makes and undoes a correction. No console
error (a CSP violation is one), nothing fetched from elsewhere, injected markup stays inert.
Screenshots are left in test-artifacts/web-*.png.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.test_web_background import mark_background
from tests.test_web_fixtures import HOSTILE, REPO, SCRIPT

ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium executable on PATH (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, url: str, token: str, background: str) -> None:
        self.url, self.token, self.background = url, token, background


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("browser")
    corpus = folder / "corpus"
    shutil.copytree(REPO / "examples" / "corpus", corpus)
    (corpus / "90_hostile.jsonl").write_text("".join(json.dumps(record) + "\n" for record in HOSTILE), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "detente.cli", "run", str(corpus), "--out", str(folder / "out"), "--quiet"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode in (0, 1), run.stderr[-2000:]
    assert "events" in run.stdout and not re.search(r"\b0 events\b", run.stdout), run.stdout[-3000:]
    background = mark_background(folder / "out" / "detente.duckdb")  # one mention the filter test leaves out
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "detente.cli", "serve", "--out", str(folder / "out"), "--port", str(port), "--allow-edits"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        token = None
        assert process.stdout is not None
        for line in process.stdout:
            found = re.search(r"edit token .*: (\S+)$", line.strip())
            if found:
                token = found.group(1)
                break
        assert token, "serve printed no token"
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/api/v1/overview", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail("detente serve did not answer")
        yield Server(url, token, background)
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser(server: Server) -> Iterator:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


class Watched:
    """A page and everything the browser reported: console messages, errors, requests."""

    def __init__(self, browser, server: Server) -> None:  # noqa: ANN001
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda message: self.console.append((message.type, message.text)))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.server = server

    def check_clean(self) -> None:
        assert self.errors == []
        assert [text for kind, text in self.console if kind == "error"] == []
        outside = [url for url in self.requests if not url.startswith((self.server.url, "data:", "about:", "blob:"))]
        assert outside == []
        assert self.page.evaluate("typeof window.__pwned") == "undefined"

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=False)


def test_click_through_overview_dyad_search_article_event(browser, server: Server) -> None:  # noqa: ANN001
    watched = Watched(browser, server)
    page = watched.page
    page.goto(server.url + "/", wait_until="load")
    assert page.locator("h1").inner_text() == "Overview"
    assert page.locator("svg.spark").count() >= 1
    assert page.locator("td.mentions").count() == page.locator("td.events").count() >= 1  # events counted once beside mentions
    watched.shot("overview")
    page.click("a[href='/dyad/NATO/RUS']")
    page.wait_for_selector("#chart-dyad svg.main-svg", timeout=20_000)
    assert "NATO" in page.locator("h1").inner_text() and "Russia" in page.locator("h1").inner_text()
    assert page.locator("#chart-dyad .barlayer .trace").count() == 4
    assert page.locator("#key-events tbody tr").count() >= 3
    watched.shot("dyad")
    page.goto(server.url + "/dyad/NATO/RUS?freq=day", wait_until="load")  # a daily chart: days as a start and a step on a date axis
    page.wait_for_selector("#chart-dyad svg.main-svg", timeout=20_000)
    assert page.locator("#chart-dyad .barlayer .trace").count() == 4
    assert page.locator("#chart-dyad .barlayer .point").count() >= 1
    watched.shot("dyad-day")

    page.click("text=Search")
    page.fill("input[name=q]", "NATO")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#results")
    total = int(page.locator("#result-count strong").inner_text().replace(",", ""))
    assert total > 25
    page.check("input[name=exclude_negated]")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#results")
    filtered = int(page.locator("#result-count strong").inner_text().replace(",", ""))
    assert 0 < filtered <= total
    first_page = page.locator("#results a[href^='/event/']").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    page.click("#next-page")
    page.wait_for_selector("#results")
    second_page = page.locator("#results a[href^='/event/']").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert second_page and not set(first_page) & set(second_page)
    watched.shot("search")
    page.click(".tabs a[data-kind=quotes]")
    page.wait_for_selector("#results")
    assert "quotes match" in page.locator("#result-count").inner_text()

    page.goto(server.url + "/search?kind=events&a=RUS&b=NATO", wait_until="load")
    page.locator("#results .meta a[href^='/article/']").first.click()
    page.wait_for_selector("#article-text")
    page.locator("#article-text .hl-trigger").first.click()
    assert '"cameo"' in page.locator("#record-body").inner_text()
    watched.shot("article")
    page.click("#record-link")
    page.wait_for_selector("#explain")
    assert "Merged when" in page.locator("#explain").inner_text() or "not counted" in page.locator("#explain").inner_text()
    watched.shot("event")

    page.click("nav a[href='/docs']")  # the API's documentation, rendered on the server from the schema
    page.wait_for_selector("#openapi-link")
    assert page.locator("section.endpoint").count() >= 10
    page.click("a[href='#get-api-v1-search-kind']")
    assert "exclude_negated" in page.locator("#get-api-v1-search-kind").inner_text()
    watched.shot("docs")

    page.goto(server.url + "/actor/RUS", wait_until="load")
    page.wait_for_selector("#chart-actor svg.main-svg", timeout=20_000)
    assert page.locator("#partners a[href='/actor/NATO']").count() == 1
    assert page.locator("#actor-quotes figure.quote").count() >= 1  # its latest quotes on its own page
    page.goto(server.url + "/search?kind=quotes&actor=RUS", wait_until="load")
    page.locator("#results a.person").first.click()  # a speaker's name opens the person page
    page.wait_for_selector("#person-name")
    page.wait_for_selector("#chart-actor svg.main-svg", timeout=20_000)
    assert page.locator("#person-events tbody tr").count() >= 1 or page.locator("figure.quote").count() >= 1
    watched.shot("person")
    page.click("text=Stories")
    assert int(page.locator("#story-count strong").inner_text().replace(",", "")) >= page.locator("table a[href^='/story/']").count() >= 1
    page.locator("table a[href^='/story/']").first.click()
    page.wait_for_selector("ul.timeline li")
    watched.shot("story")
    page.click("text=Corrections")
    assert page.locator("h1").inner_text() == "Corrections"
    watched.check_clean()


def test_injected_markup_stays_inert(browser, server: Server) -> None:  # noqa: ANN001
    watched = Watched(browser, server)
    page = watched.page
    article_id = httpx.get(server.url + "/api/v1/search/articles", params={"q": "pwned"}).json()["items"][0]["id"]
    page.goto(f"{server.url}/article/{article_id}", wait_until="load")
    assert SCRIPT in page.locator("#article-title").inner_text()
    assert 'onerror="window.__pwned=true"' in page.locator("#article-text").inner_text()
    assert page.locator("#article-text img, #article-text script").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    page.goto(f"{server.url}/search?kind=articles&q=pwned", wait_until="load")
    assert page.locator("#results img").count() == 0
    watched.shot("hostile")
    watched.check_clean()


def test_make_and_undo_a_correction(browser, server: Server) -> None:  # noqa: ANN001
    watched = Watched(browser, server)
    page = watched.page
    event_id = httpx.get(server.url + "/api/v1/search/events", params={"a": "RUS", "b": "NATO", "cameo_root": "11"}).json()["items"][0]["id"]
    def count() -> int:  # the search page's count of the pair's events of that root: the correction moves the event out of it
        page.goto(f"{server.url}/search?kind=events&a=RUS&b=NATO&cameo_root=11", wait_until="load")
        return int(page.locator("#result-count strong").inner_text().replace(",", ""))

    before = count()
    page.goto(f"{server.url}/event/{event_id}", wait_until="load")
    assert page.locator("form.correct-form").count() == 0  # no token yet
    page.goto(server.url + "/unlock", wait_until="load")
    page.fill("#unlock-form input[name=token]", server.token)
    page.click("#unlock-form button")
    page.wait_for_url("**/corrections")
    page.goto(f"{server.url}/event/{event_id}", wait_until="load")
    row = page.locator(f"#mention-{event_id}")
    row.locator("select[name=action]").select_option("fix")
    row.locator("input[name=cameo]").fill("173")
    row.locator("input[name=note]").fill("<b>a raid</b>, not an accusation")
    row.locator("input[name=author]").fill("analyst")
    row.locator("button[type=submit]").click()
    page.wait_for_selector(f"#mention-{event_id} .badge.corrected")
    assert "CAMEO 173" in page.locator(f"#mention-{event_id}").inner_text()
    assert "<b>a raid</b>" in page.locator(f"#mention-{event_id}").inner_text()
    watched.shot("correction")
    assert httpx.get(server.url + "/api/v1/corrections/test-set").json()[0]["gold"]["cameo"] == "173"
    assert count() == before - 1
    page.goto(f"{server.url}/event/{event_id}", wait_until="load")
    page.locator(f"#mention-{event_id} button.undo").click()
    page.wait_for_selector(f"#mention-{event_id} form.correct-form")
    assert page.locator(f"#mention-{event_id} .badge.corrected").count() == 0
    assert httpx.get(server.url + "/api/v1/corrections/test-set").json() == []
    assert count() == before
    watched.check_clean()


def test_exclude_background_filter(browser, server: Server) -> None:  # noqa: ANN001
    watched = Watched(browser, server)
    page = watched.page
    page.goto(f"{server.url}/event/{server.background}", wait_until="load")
    assert page.locator(f"#mention-{server.background} .badge", has_text="background").count() == 1
    page.goto(f"{server.url}/search?kind=events&a=RUS&b=NATO", wait_until="load")
    before = int(page.locator("#result-count strong").inner_text().replace(",", ""))
    box = page.locator("#search-form input[name=exclude_background]")
    assert not box.is_checked()
    box.check()
    page.locator("#search-form button[type=submit]").click()
    page.wait_for_url("**exclude_background=true**")
    assert page.locator("#search-form input[name=exclude_background]").is_checked()
    listed = httpx.get(server.url + "/api/v1/search/events", params={"a": "RUS", "b": "NATO", "limit": 1000}).json()["items"]
    background = [row["id"] for row in listed if row["modality"].get("background")]  # the marked one, and any the coder found
    assert server.background in background
    assert int(page.locator("#result-count strong").inner_text().replace(",", "")) == before - len(background)
    assert page.locator("#results .badge", has_text="background").count() == 0
    watched.shot("background-filter")
    watched.check_clean()
