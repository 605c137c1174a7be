"""The HTML report in a real browser (Debian's chromium through Playwright).

Opens the rendered file from disk, as a reader would, and checks that the charts draw,
the timeline is there, injected markup stays text, nothing is fetched from the network
and nothing logs an error. Leaves a screenshot in test-artifacts/report.png.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.report import write_report
from tests.test_report_render import SCRIPT, sample_report

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium executable on PATH (apt-get install chromium)")


class Opened:
    """A loaded report page with everything the browser reported while loading it."""

    def __init__(self, page, console: list, errors: list, requests: list) -> None:
        self.page, self.console, self.errors, self.requests = page, console, errors, requests


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    path = write_report(sample_report(), tmp_path_factory.mktemp("report") / "report.html")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            console, errors, requests = [], [], []
            page.on("console", lambda message: console.append((message.type, message.text)))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_selector("#chart-dyad-1 svg.main-svg", timeout=15_000)
            page.wait_for_selector("#chart-network svg.main-svg", timeout=15_000)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
            yield Opened(page, console, errors, requests)
        finally:
            browser.close()


def test_report_browser_no_errors(opened: Opened) -> None:
    assert opened.errors == []
    assert [text for kind, text in opened.console if kind == "error"] == []


def test_report_browser_fetches_nothing(opened: Opened) -> None:
    assert opened.requests and all(url.startswith(("file:", "data:", "about:", "blob:")) for url in opened.requests), opened.requests


def test_report_browser_charts_are_drawn(opened: Opened) -> None:
    page = opened.page
    assert page.locator("#chart-dyad-1 .plot-container").count() == 1
    assert page.locator("#chart-dyad-1 svg.main-svg").count() >= 1
    # four quad-class bar traces plus the Goldstein line and the key-event markers
    assert page.locator("#chart-dyad-1 .barlayer .trace").count() == 4
    assert page.locator("#chart-dyad-1 .scatterlayer .trace").count() == 2
    assert page.locator("#chart-network .scatterlayer .trace").count() == 2
    assert page.locator("#chart-network .annotation").count() >= 3  # the arrows


def test_report_browser_timeline(opened: Opened) -> None:
    entries = opened.page.locator(".timeline > li")
    assert entries.count() == 6
    dates = [text.split("\n")[0].strip() for text in entries.all_inner_texts()]
    # in date order, a year before its months and a month before its days; undated entries last
    assert dates == ["2021 (year)", "October 2021 (month)", "18 October 2021", "18 October 2021", "date unknown", "date unknown"]
    texts = entries.all_inner_texts()
    assert "Reduce or break diplomatic relations" in texts[2] and "suspend its mission to NATO" in texts[2]
    assert "We see no point in pretending" in texts[3] and "Sergei Lavrov" in texts[3]
    assert opened.page.locator(".timeline a[href='#article-a1']").count() == 3


def test_report_browser_month_precision_is_labelled(opened: Opened) -> None:
    texts = opened.page.locator(".timeline > li").all_inner_texts()
    (month,) = [text for text in texts if "Expel" in text]
    assert "October 2021 (month)" in month
    assert "1 October 2021" not in opened.page.inner_text("body")
    year = [text for text in texts if "Express intent to meet" in text]
    assert year and "2021 (year)" in year[0]


def test_report_browser_injected_markup_stays_text(opened: Opened) -> None:
    page = opened.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 3
    page.click("a[href='#article-b2']")
    view = page.locator("#article-b2")
    assert view.is_visible()
    assert SCRIPT in view.locator("h2").inner_text()
    assert 'onerror="window.__pwned=true"' in view.inner_text()
    page.click("#article-b2 [data-close]")
    assert not view.is_visible()
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_report_browser_hover_shows_escaped_text(opened: Opened) -> None:
    page = opened.page
    page.locator("#chart-dyad-1").scroll_into_view_if_needed()
    points = page.locator("#chart-dyad-1 .scatterlayer .trace").nth(1).locator("path.point")
    assert points.count() == 2
    points.nth(1).hover(force=True)
    page.wait_for_selector("#chart-dyad-1 .hovertext", timeout=5_000)
    hover = page.locator("#chart-dyad-1 .hovertext").first.text_content()
    assert "October 2021 (month)" in hover and "<img" in hover
    assert page.evaluate("typeof window.__pwned") == "undefined"
