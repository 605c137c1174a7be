"""The busy pairs' dyad views stored with each snapshot (`detente.web.dyadviews`) are exactly
what `views.dyad_fast` computes on demand: every order, direction setting and frequency."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.analysis import ActorCatalog
from detente.web import ServeConfig, create_app, views
from detente.web.dyadviews import DyadViews, busy_pairs
from tests.test_web_fixtures import web_store  # noqa: F401 - the fixture

BUSY = 3  # merged events: the sample's pairs are small


@pytest.fixture(scope="module")
def busy(web_store: Path) -> Iterator[TestClient]:  # noqa: F811
    with TestClient(create_app(ServeConfig(db=web_store, busy_pair_events=BUSY))) as client:
        yield client


def test_stored_views_equal_views_computed_on_demand(busy: TestClient) -> None:
    snapshot = busy.app.state.bench.snapshot()
    stored: DyadViews = snapshot.extras["dyad_views"]
    catalog = ActorCatalog.load()
    pairs = busy_pairs(snapshot.cursor(), BUSY)
    assert len(pairs) >= 2 and ("NATO", "RUS") in pairs
    assert stored.pairs() == {pair for a, b in pairs for pair in ((a, b), (b, a))}
    for a, b in pairs:
        for first, second in ((a, b), (b, a)):
            for directed in (False, True):
                for freq in views.FREQUENCIES:
                    expected = views.dyad_fast(snapshot.cursor(), first, second, freq, directed, catalog)
                    assert stored.get(first, second, freq, directed) == expected, (first, second, freq, directed)
    assert stored.get("RUS", "XYZ", "month", False) is None


def test_pages_and_api_equal_without_stored_views(busy: TestClient, web_store: Path) -> None:  # noqa: F811
    with TestClient(create_app(ServeConfig(db=web_store, busy_pair_events=10**9))) as plain:
        assert plain.app.state.bench.snapshot().extras["dyad_views"].pairs() == set()
        for url in ("/api/v1/dyads/RUS/NATO?freq=day", "/api/v1/dyads/NATO/RUS?freq=week&directed=true",
                    "/api/v1/dyads/RUS/USA?freq=year", "/api/v1/dyads/IGOWSTNAT/RUS"):
            assert busy.get(url).json() == plain.get(url).json(), url
        pages = busy.app.state.bench.snapshot().extras["dyad_pages"]  # rendered ahead by the warm-up: served as they are
        assert ("NATO", "RUS", "day", False, "", "", False, False, 0) in pages and ("RUS", "NATO", "month", False, "", "", False, False, 0) in pages
        for url in ("/dyad/RUS/NATO", "/dyad/NATO/RUS?freq=day", "/dyad/NATO/RUS?freq=day&directed=true"):
            assert _without_snapshot_time(busy.get(url).text) == _without_snapshot_time(plain.get(url).text), url


def _without_snapshot_time(page: str) -> str:
    import re

    return re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC", "", page)


@pytest.mark.parametrize(("spec", "expected"), [
    ("IGOWSTNAT", "NATO"), ("nato", "NATO"), ("NATO", "NATO"), ("RUS", "RUS"), ("rus", "RUS"),
    ("RUSGOV", "RUSGOV"),  # an actor code: a finer side, not a spelling of RUS
    ("XYZ", "XYZ"),  # a three-letter key the catalog does not know: a unit of its own
])
def test_canonical_side(spec: str, expected: str) -> None:
    assert views.canonical_side(spec, ActorCatalog.load()) == expected


@pytest.mark.parametrize(("a", "b", "canonical"), [
    ("IGOWSTNAT", "RUS", ("NATO", "RUS")), ("RUS", "IGOWSTNAT", ("RUS", "NATO")), ("nato", "rus", ("NATO", "RUS")),
    ("IGOWSTNAT", "NATO", ("NATO", "NATO")),
])
def test_other_spellings_equal_the_view_computed_under_them(busy: TestClient, a: str, b: str, canonical: tuple[str, str]) -> None:
    snapshot = busy.app.state.bench.snapshot()
    catalog = ActorCatalog.load()
    for directed in (False, True):
        for freq in views.FREQUENCIES:
            computed = views.dyad_fast(snapshot.cursor(), a, b, freq, directed, catalog)
            under_canonical = views.dyad_fast(snapshot.cursor(), *canonical, freq, directed, catalog)
            assert views.relabel(under_canonical, a.upper(), b.upper()) == computed, (a, b, freq, directed)
            assert computed["a"] == a.upper() and computed["b"] == b.upper()


def test_other_spelling_of_a_busy_pair_reads_the_stored_view(busy: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from detente.web import app as app_module

    snapshot = busy.app.state.bench.snapshot()
    catalog = ActorCatalog.load()
    expected = views.dyad_fast(snapshot.cursor(), "IGOWSTNAT", "RUS", "week", True, catalog)
    snapshot.extras["dyads"] = {}  # nothing cached: the view must come from the stored views

    def not_computed(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed on demand")

    monkeypatch.setattr(app_module.views, "dyad_fast", not_computed)
    assert app_module.dyad_cached(snapshot, catalog, "IGOWSTNAT", "RUS", "week", True) == expected
    assert app_module.dyad_cached(snapshot, catalog, "igowstnat", "RUS", "week", True) == {**expected, "a": "IGOWSTNAT"}
    assert set(snapshot.extras["dyads"]) == {"NATO:RUS:week:True"}  # one entry for every spelling


def test_trimming_the_parts_cache_keeps_what_holds_for_the_snapshot() -> None:
    from detente.web.dyadfast import PAIR_ENTRIES, _trim

    cache: dict = {"shared": {"side": 1}, "event_spans": {}, "spans": {}, "corrected": frozenset()}
    cache.update({("pair", str(number)): number for number in range(PAIR_ENTRIES)})
    _trim(cache)
    assert set(cache) == {"shared", "event_spans", "spans", "corrected"}
    assert cache["shared"] == {"side": 1}
    cache[("pair", "x")] = 1
    _trim(cache)  # under the bound: nothing dropped
    assert ("pair", "x") in cache


@settings(max_examples=200, deadline=None)
@given(contents=st.lists(st.text(alphabet="Rusia NATO\x00.-'é", max_size=20), max_size=8))
def test_naming_one_pass_equals_a_search_per_quote(contents: list[str]) -> None:
    """`dyadfast._naming` (one pass over the joined contents) finds exactly the quotes a search per
    content finds, names at a content's edges and contents holding NUL characters included."""
    import re

    from detente.web.dyadfast import _naming

    pattern = re.compile(r"(?<!\w)(?:Russia|NATO|Rus)(?!\w)")
    rows = [("q", "a", content) for content in contents]
    expected = [index for index, content in enumerate(contents) if pattern.search(content)]
    assert _naming(rows, pattern, {}, ("naming",)) == expected
    assert _naming(rows, None, {}, ("naming",)) == []


def test_views_know_stored_pairs_in_memory(tmp_path) -> None:
    """A pair never stored is answered without opening the file (the first view of a small
    pair); a stored one is read back; a copy without a side's pairs does not list them."""
    from detente.web.dyadviews import DyadViews

    stored = DyadViews(tmp_path / "views.sqlite")
    stored.put([("RUS", "NATO", "month", False, {"a": "RUS"})])
    assert stored.get("RUS", "NATO", "month", False) == {"a": "RUS"}
    stored.path.unlink()  # a miss must not need the file
    for suffix in ("-wal", "-shm"):
        stored.path.with_name(stored.path.name + suffix).unlink(missing_ok=True)
    assert stored.get("USA", "CHN", "month", False) is None
    again = DyadViews(tmp_path / "again.sqlite")
    again.put([("RUS", "NATO", "month", False, {"a": "RUS"}), ("USA", "CHN", "day", True, {"a": "USA"})])
    copied = again.copy(tmp_path / "copy.sqlite", {"RUS"})
    assert copied.get("USA", "CHN", "day", True) == {"a": "USA"}
    assert ("RUS", "NATO") not in copied._stored and copied.get("RUS", "NATO", "month", False) is None
