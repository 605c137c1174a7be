"""Dyad series, key events, quotes, timelines and the network (detente.analysis.dyads)."""

from __future__ import annotations

import json

import pytest

from detente.analysis import ActorCatalog, DyadSettings, Side, dyad_view, merge_events, network, story_timeline
from detente.records import Quote, Speaker, Story
from tests.test_analysis_merge import RUSSIA, actor, make_article, make_event

CATALOG = ActorCatalog.load()
USA = actor("USAGOV", "USA", "United States")
RUSMIL = actor("RUSMIL", "RUS", "Russian military")
NATO_BY_CODE = actor("IGOWSTNAT", None, "NATO")

ARTICLES = [make_article(f"a{i}", f"Outlet{i}", f"2021-{m:02d}-{d:02d}")
            for i, (m, d) in enumerate([(9, 2), (10, 4), (10, 12), (10, 20), (10, 28), (11, 3), (11, 9), (12, 1)])]


def corpus():
    """Distinct events (different roots/dates, so nothing merges) in Sep-Dec 2021."""
    return [
        make_event("e0", "a0", "Russia praised talks with NATO.", cameo="051", quad=1, goldstein=3.4, date="2021-09-02"),
        make_event("e1", "a1", "Russia accused NATO of provocations.", cameo="112", quad=3, goldstein=-2.0, date="2021-10-04"),
        make_event("e2", "a2", "The Russian military seized a NATO drone.", cameo="181", quad=4, goldstein=-9.0,
                   date="2021-10-12", source=RUSMIL),
        make_event("e3", "a3", "NATO expelled eight Russian diplomats.", cameo="166", quad=4, goldstein=-7.0,
                   date="2021-10-20", source=NATO_BY_CODE, target=RUSSIA),
        make_event("e4", "a4", "Russia and NATO signed a deal on hotlines at some point in October.", cameo="057",
                   quad=1, goldstein=8.0, date="2021-10", precision="month"),
        make_event("e5", "a5", "Russia sent aid supplies to NATO members.", cameo="070", quad=2, goldstein=7.0,
                   date="2021-11-03"),
        make_event("e6", "a6", "Russia criticised NATO again.", cameo="111", quad=3, goldstein=-2.0, date=None),
        make_event("e7", "a7", "The United States demanded that Russia withdraw.", cameo="102", quad=3, goldstein=-5.0,
                   date="2021-12-01", source=USA, target=RUSSIA),
        make_event("e8", "a7", "Russia did not attack NATO.", cameo="190", quad=4, goldstein=-10.0, negated=True),
    ]


def view(a="RUS", b="NATO", freq="month", directed=False, quotes=(), settings=None, events=None):
    events = corpus() if events is None else events
    merged = merge_events(events, ARTICLES, catalog=CATALOG)
    return dyad_view(events, merged, quotes, ARTICLES, a, b, freq=freq, directed=directed, settings=settings,
                     catalog=CATALOG)


def rows(result):
    return {(row.period, row.imprecise): row for row in result.series}


def test_sides_match_countries_organisations_and_codes():
    rus, nato, rusgov = Side.parse("RUS", CATALOG), Side.parse("nato", CATALOG), Side.parse("RUSGOV", CATALOG)
    assert nato.key == "NATO" and Side.parse("IGOWSTNAT", CATALOG).key == "NATO"
    assert rus.matches(RUSSIA, CATALOG) and rus.matches(RUSMIL, CATALOG) and rus.matches(actor("RUS", None), CATALOG)
    assert nato.matches(NATO_BY_CODE, CATALOG) and nato.matches(actor(None, "NATO"), CATALOG)
    assert not nato.matches(actor("IGOUNO", None), CATALOG)
    assert rusgov.matches(RUSSIA, CATALOG) and not rusgov.matches(RUSMIL, CATALOG)
    assert CATALOG.unit("IGOUNOIAE") == "IAEA" and CATALOG.unit("GOV") is None


def test_series_counts_per_month_goldstein_and_net_cooperation():
    result = view()
    by_period = rows(result)
    october = by_period[("2021-10", False)]
    assert (october.events, october.quad1, october.quad3, october.quad4) == (4, 1, 1, 2)
    assert october.goldstein_total == pytest.approx(-2.0 - 9.0 - 7.0 + 8.0)
    assert october.goldstein_mean == pytest.approx(-10.0 / 4)
    assert october.net_cooperation == 1 - 3
    assert (october.forward, october.backward) == (3, 1)
    assert by_period[("2021-09", False)].quad1 == 1
    # e6 is undated: placed at its article's publication (2021-11-09), flagged
    november = by_period[("2021-11", False)]
    assert (november.events, november.by_publication) == (2, 1)
    # the US event and the negated attack are never counted
    assert result.total.events == 7 and result.total.quad4 == 2
    assert [row.period for row in result.series] == ["2021-09", "2021-10", "2021-11"]


def test_series_directed_counts_only_a_to_b():
    forward = view(directed=True)
    assert forward.total.events == 6 and forward.total.backward == 0
    backward = view("NATO", "RUS", directed=True)
    assert backward.total.events == 1 and backward.key_events[0].evidence == "NATO expelled eight Russian diplomats."


def test_series_finer_side_by_code():
    result = view("RUSMIL", "NATO")
    assert result.total.events == 1 and result.key_events[0].source_code == "RUSMIL"


def test_series_day_and_week_put_month_precision_in_an_imprecise_row():
    for freq in ("day", "week"):
        result = view(freq=freq)
        imprecise = [row for row in result.series if row.imprecise]
        assert [(row.period, row.precision, row.events) for row in imprecise] == [("2021-10", "month", 1)]
        assert sum(row.events for row in result.series) == result.total.events
        assert all(row.events <= 1 for row in result.series if not row.imprecise)
    weekly = view(freq="week")
    periods = [row.period for row in weekly.series]
    assert periods.index("2021-10") == periods.index("2021-W40") - 1  # before October's first week (Oct 4)
    assert "2021-W41" in periods and rows(weekly)[("2021-W41", False)].events == 1  # Oct 12
    assert rows(weekly)[("2021-W39", False)].events == 0  # gaps are filled
    sparse = view(freq="week", settings=DyadSettings(fill_gaps=False))
    assert all(row.events for row in sparse.series) and len(sparse.series) == 7


def test_series_year_counts_everything_in_its_year():
    result = view(freq="year")
    assert [(row.period, row.events, row.imprecise) for row in result.series] == [("2021", 7, False)]


def test_series_undated_unknown_row_at_the_end():
    result = view(settings=DyadSettings(undated="unknown"))
    assert result.series[-1].period is None and result.series[-1].events == 1
    assert result.series[-1].precision == "unknown"


def test_key_events_strongest_and_most_reported_first():
    events = corpus() + [make_event("e9", "a3", "Russia's forces seized a NATO drone, officials said.", cameo="181",
                                    quad=4, goldstein=-9.0, date="2021-10-12", source=RUSMIL)]
    result = view(events=events)
    first = result.key_events[0]
    assert first.cameo == "181" and first.mentions == 2 and first.sources == 2
    assert first.evidence and "drone" in first.evidence
    assert result.key_events[1].goldstein == 8.0


def test_timeline_orders_dates_with_precision_and_unknown_last():
    result = view(settings=DyadSettings(undated="unknown"))
    labels = [entry.label for entry in result.timeline]
    assert labels == ["2021-09-02", "2021-10 (month)", "2021-10-04", "2021-10-12", "2021-10-20", "2021-11-03", "date unknown"]
    assert {entry.kind for entry in result.timeline} == {"event"}
    published = view()
    assert "2021-11-09 (published)" in [entry.label for entry in published.timeline]
    assert published.timeline[-1].label == "2021-11-09 (published)"


def test_quotes_of_each_side_prefer_those_naming_the_other_side():
    def quote(qid, article, content, code, name, kind="direct", confidence=0.9):
        return Quote(qid, article, 0, len(content), content, kind, "said", Speaker(name, name, code, 0, 3), confidence)

    quotes = [
        quote("q1", "a1", "We are open to dialogue.", "RUSGOV", "Dmitry Peskov"),
        quote("q2", "a2", "NATO is waging a hybrid war against us.", "RUSGOV", "Dmitry Peskov", kind="indirect"),
        quote("q3", "a3", "The alliance will not be intimidated by Moscow.", "IGOWSTNAT", "Jens Stoltenberg"),
        quote("q4", "a4", "Our budget grows.", "USAGOV", "Official"),
        quote("q5", "a5", "NATO is waging a hybrid war against us!", "RUSGOV", "Dmitry Peskov", kind="indirect"),
    ]
    result = view(quotes=quotes, events=corpus() + [make_event("x", "a3", "Moscow warned NATO.", cameo="130", quad=3,
                                                               goldstein=-4.4, source=actor("RUSGOV", "RUS", "Russia", "Moscow"))])
    assert [q.quote_id for q in result.quotes_a] == ["q2", "q1"]
    assert result.quotes_a[0].mentions_other and result.quotes_a[0].reported_by == 2
    assert [q.quote_id for q in result.quotes_b] == ["q3"] and result.quotes_b[0].mentions_other
    assert result.quotes_b[0].date_label == "2021-10-20 (published)"
    statements = [entry for entry in result.timeline if entry.kind == "statement"]
    assert {entry.ref for entry in statements} == {"q1", "q2", "q3"}


def test_dyad_view_is_plain_json():
    result = view()
    data = json.loads(json.dumps(result.to_dict()))
    assert data["a_key"] == "RUS" and data["b_key"] == "NATO" and data["series"][0]["period"] == "2021-09"


def test_dyad_view_merges_when_not_given_merged_events():
    events = corpus()
    result = dyad_view(events, None, [], ARTICLES, "RUS", "NATO", catalog=CATALOG)
    assert result.total.events == view().total.events


def test_dyad_view_rejects_unknown_frequency():
    with pytest.raises(ValueError):
        view(freq="quarter")


def test_network_edges_weighted_by_counts_and_goldstein():
    events = corpus()
    edges = {(edge.source, edge.target): edge for edge in network(events, CATALOG)}
    rus_nato = edges[("RUS", "NATO")]
    assert rus_nato.events == 6 and rus_nato.cooperation == 3 and rus_nato.conflict == 3
    assert rus_nato.goldstein_total == pytest.approx(3.4 - 2.0 - 9.0 + 8.0 + 7.0 - 2.0)
    assert edges[("NATO", "RUS")].events == 1 and ("USA", "RUS") in edges
    merged_edges = network(merge_events(events, ARTICLES, catalog=CATALOG).merged, CATALOG)
    assert [(e.source, e.target, e.events) for e in merged_edges][:1] == [("RUS", "NATO", 6)]


def test_story_timeline_lists_the_story_events_by_date():
    events = corpus()
    merged = merge_events(events, ARTICLES, catalog=CATALOG)
    story = Story("s1", ["a1", "a2", "a4"], "2021-10-04", "2021-10-28", ["drone"], ["RUS"])
    quotes = [Quote("q1", "a2", 0, 5, "Never.", "direct", "said", Speaker("He", "Peskov", "RUSGOV", 0, 2), 0.9)]
    entries = story_timeline(story, events, merged, quotes, ARTICLES)
    assert [entry.label for entry in entries] == ["2021-10 (month)", "2021-10-04", "2021-10-12", "2021-10-12 (published)"]
    assert entries[-1].kind == "statement"
