"""The HTML report without a browser: escaping, safe JSON, date precision, no external URLs, determinism."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from detente.records import Article, Event, EventActor, Modality, Quote, Reject, Span, Speaker
from detente.report import (
    DyadSection,
    Network,
    ReportData,
    SeriesRow,
    Side,
    StoryItem,
    TimelineEntry,
    referenced_article_ids,
    render_report,
    safe_json,
    write_report,
)
from detente.report.build import (
    article_view,
    corpus_summary,
    event_entry,
    key_event,
    network_from_events,
    quote_item,
    quotes_by_speaker,
    statement_entry,
)
from detente.report.dates import bucket_index, format_date, precision_note
from detente.report.network import spring_layout

SCRIPT = "<script>window.__pwned = true</script>"
IMG = '<img src=x onerror="window.__pwned=true">'


def _article(identifier: str, title: str, text: str, published: str | None, outlet: str | None = "Example Wire") -> Article:
    return Article(
        id=identifier, source=f"{identifier}.txt", url=None, format="text", title=title, outlet=outlet, credited=[],
        author=None, dateline=None, language="en", published=published,
        published_precision="day" if published else None, published_interval=None, text=text,
        word_count=len(text.split()), removed=[],
    )  # fmt: skip


def _actor(code: str, name: str) -> EventActor:
    return EventActor(text=name, name=name, code=code, country=code[:3] if code != "NATO" else "NATO", role=None)


def _event(number: int, article: Article, sentence: str, source: EventActor, target: EventActor, cameo: str,
           quad: int, goldstein: float, date: str | None, precision: str | None) -> Event:  # fmt: skip
    start = article.text.index(sentence)
    return Event(
        id=f"e{number}", article_id=article.id, sentence=Span(sentence, start, start + len(sentence)),
        trigger=Span(sentence.split()[1], start, start + 5), source=source, target=target, cameo=cameo,
        cameo_root=cameo[:2], plover="REDUCE" if quad > 2 else "COOPERATE", quad_class=quad, goldstein=goldstein,
        modality=Modality(), date=date, date_precision=precision, location=None, confidence=0.9,
    )  # fmt: skip


def _quote(number: int, article: Article, content: str, name: str, code: str) -> Quote:
    start = article.text.index(content)
    return Quote(
        id=f"q{number}", article_id=article.id, start=start, end=start + len(content), content=content,
        kind="direct", cue="said", speaker=Speaker(text=name, name=name, code=code, start=None, end=None),
        confidence=0.9,
    )  # fmt: skip


def sample_report(generated: str | None = None) -> ReportData:
    """A small report built from synthetic records, one article of which carries injected markup."""
    russia, nato, usa = _actor("RUSGOV", "Russia"), _actor("NATO", "NATO"), _actor("USAGOV", "United States")
    calm = _article(
        "a1", "Russia suspends its mission to NATO",
        "Russia said on Monday it would suspend its mission to NATO.\n\n"
        "\"We see no point in pretending,\" Sergei Lavrov said.\n"
        "NATO regretted the decision and called for dialogue.",
        "2021-10-18",
    )  # fmt: skip
    hostile = _article(
        "b2", f"Talks in Moscow {SCRIPT}",
        f"NATO expelled eight members of the Russian mission. {IMG}\n\n"
        f"\"Our door stays open {SCRIPT}\u2028\" Jens Stoltenberg said.\n"
        "The United States praised NATO for the decision.",
        "2021-10-06", outlet=f"Wire {IMG}",
    )  # fmt: skip
    undated = _article("c3", "Old ties", "Russia and NATO signed a founding act long ago.", None, outlet=None)
    events = [
        _event(1, calm, "Russia said on Monday it would suspend its mission to NATO.", russia, nato, "161", 4, -4.0, "2021-10-18", "day"),
        _event(2, hostile, f"NATO expelled eight members of the Russian mission. {IMG}", nato, russia, "1246", 4, -7.0, "2021-10", "month"),
        _event(3, calm, "NATO regretted the decision and called for dialogue.", nato, russia, "036", 1, 4.0, "2021", "year"),
        _event(4, undated, "Russia and NATO signed a founding act long ago.", russia, nato, "057", 1, 8.0, None, None),
        _event(5, hostile, "The United States praised NATO for the decision.", usa, nato, "051", 1, 3.4, "2021-10-07", "day"),
    ]  # fmt: skip
    descriptions = {
        "161": "Reduce or break diplomatic relations",
        "1246": "Expel",
        "036": "Express intent to meet",
        "057": "Sign formal agreement",
        "051": "Praise",
    }
    lavrov = _quote(1, calm, "We see no point in pretending,", "Sergei Lavrov", "RUSGOV")
    stoltenberg = _quote(2, hostile, f"Our door stays open {SCRIPT}\u2028", f"Jens Stoltenberg {IMG}", "NATO")
    quotes = [quote_item(lavrov, "2021-10-18", "day"), quote_item(stoltenberg, "2021-10", "month")]
    timeline = [event_entry(event, descriptions[event.cameo]) for event in events[:4]]
    timeline += [statement_entry(lavrov, "2021-10-18", "day"), statement_entry(stoltenberg, None, None)]
    series = [
        SeriesRow("Sep 2021", "2021-09-01", (1, 0, 0, 0), 3.0, 3.0, 1.0),
        SeriesRow("Oct 2021", "2021-10-01", (0, 0, 1, 2), -15.0, -5.0, -3.0),
        SeriesRow("Nov 2021", "2021-11-01", (0, 0, 0, 0), 0.0, None, 0.0),
        SeriesRow("Dec 2021", "2021-12-01", (1, 1, 0, 0), 9.0, 4.5, 2.0),
    ]
    dyad = DyadSection(
        side_a=Side("RUS", "Russia"), side_b=Side("NATO", "NATO"), series=series,
        key_events=[key_event(event, descriptions[event.cameo], mentions=2, articles=2, sources=1) for event in events[:4]],
        timeline=timeline, top_quotes_a=quotes[:1], top_quotes_b=quotes[1:], period="month",
    )  # fmt: skip
    stories = [
        StoryItem(
            terms=["mission", "suspend", SCRIPT],
            actors=["Russia", "NATO"],
            date_from="2021-10-06",
            date_to="2021-10-18",
            article_ids=["a1", "b2"],
        )
    ]
    articles = [calm, hostile, undated]
    return ReportData(
        corpus=corpus_summary(articles, [Reject("x.txt", "not in a kept language (detected 'es')")], events=len(events)),
        dyads=[dyad],
        quotes_by_speaker=quotes_by_speaker(quotes),
        network=network_from_events(events, names={"RUS": "Russia", "USA": "United States"}),
        stories=stories,
        articles=[article_view(article) for article in articles],
        title="Russia and NATO, autumn 2021",
        generated=generated,
    )


@pytest.fixture(scope="module")
def html() -> str:
    return render_report(sample_report())


def _without_plotly(html: str) -> str:
    """The document with plotly's bundled JavaScript cut out (the part we write ourselves)."""
    return re.sub(r"<script>/\*\*\s*\n\* plotly\.js.*?</script>", "<script>PLOTLY</script>", html, count=1, flags=re.DOTALL)


def test_report_is_deterministic() -> None:
    assert render_report(sample_report()) == render_report(sample_report())


def test_report_untrusted_text_is_escaped(html: str) -> None:
    ours = _without_plotly(html)
    assert "<script>window.__pwned" not in ours
    assert "<img src=x" not in ours
    assert "&lt;script&gt;window.__pwned = true&lt;/script&gt;" in ours
    assert "&lt;img src=x onerror=&#34;window.__pwned=true&#34;&gt;" in ours
    # exactly our own script elements: the chart data, plotly, and the page script
    assert ours.count("<script") == 3


def test_report_chart_json_is_script_safe(html: str) -> None:
    match = re.search(r'<script type="application/json" id="detente-charts">(.*?)</script>', html, flags=re.DOTALL)
    assert match
    payload = match.group(1)
    assert not re.search("[<>&\u2028\u2029]", payload)
    charts = json.loads(payload)
    assert set(charts) == {"chart-dyad-1", "chart-network"}


def test_safe_json_round_trips_hostile_strings() -> None:
    value = {"text": "</script><!-- <b>& \u2028\u2029", "n": [1, 2.5, None]}
    text = safe_json(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_report_plotly_text_is_escaped(html: str) -> None:
    charts = json.loads(re.search(r'id="detente-charts">(.*?)</script>', html, flags=re.DOTALL).group(1))
    hover = " ".join(t for trace in charts["chart-dyad-1"]["data"] for t in trace.get("hovertext", []))
    assert "&lt;img" in hover and "<img" not in hover


def test_report_has_no_external_resources(html: str) -> None:
    # plotly's bundle names CDN defaults for map and geo traces, which the report never draws;
    # the browser test checks that opening the report requests nothing but the file itself.
    ours = _without_plotly(html)
    assert "https://cdn" not in ours
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", ours)
    assert "@import" not in ours and "url(" not in ours
    assert "<link" not in ours.replace('<link rel="icon" href="data:,">', "")
    assert "plotly.js v" in html  # the library itself is inline


def test_report_dates_keep_their_precision(html: str) -> None:
    assert format_date("2021-10-18", "day") == "18 October 2021"
    assert format_date("2021-10", "month") == "October 2021"
    assert format_date("2021-10", None) == "October 2021"
    assert format_date("2021", "year") == "2021"
    assert format_date(None, None) == "date unknown"
    assert format_date("someday", "day") == "someday"
    assert precision_note("2021-10", "month") == "month" and precision_note("2021-10-18", "day") is None
    assert '<time datetime="2021-10">October 2021</time> <span class="precision" title="only the month is known">(month)</span>' in html
    assert "date unknown" in html
    assert "1 October 2021" not in html  # a month is never shown as its first day


def test_report_chart_buckets_only_events_it_can_place(html: str) -> None:
    starts = ["2021-09-01", "2021-10-01", "2021-11-01"]
    assert bucket_index("2021-10-18", "day", starts, "month") == 1
    assert bucket_index("2021-10", "month", starts, "month") == 1
    assert bucket_index("2021-10", "month", ["2021-10-04", "2021-10-11"], "week") is None
    assert bucket_index("2021", "year", starts, "month") is None
    assert bucket_index(None, None, starts, "month") is None
    assert bucket_index("2021-10-18", "day", ["2021-10-18"], "day") == 0
    charts = json.loads(re.search(r'id="detente-charts">(.*?)</script>', html, flags=re.DOTALL).group(1))
    (markers,) = [trace for trace in charts["chart-dyad-1"]["data"] if trace["name"] == "Key events"]
    assert markers["x"] == ["Oct 2021", "Oct 2021"]
    assert "October 2021</b> (month)" in markers["hovertext"][1]
    assert "1 key event is dated more coarsely" in html and "1 key event has no date" in html


def test_report_timeline_and_links(html: str) -> None:
    assert html.count('<li class="tl tl-') == 6
    assert html.index("Jens Stoltenberg") > 0
    for identifier in ("a1", "b2", "c3"):
        assert f'id="article-{identifier}"' in html
    assert 'href="#article-a1"' in html
    # undated entries come last
    timeline = html[html.index('<ol class="timeline">') : html.index("</ol>", html.index('<ol class="timeline">'))]
    assert timeline.rindex("date unknown") > timeline.index("18 October 2021")


def test_report_referenced_article_ids() -> None:
    assert referenced_article_ids(sample_report()) == ["a1", "b2", "c3"]


def test_report_network_layout_is_deterministic_and_bounded() -> None:
    edges = [(0, 1, 1.0), (1, 2, 2.0), (2, 3, 0.5), (3, 0, 1.0)]
    first, second = spring_layout(5, edges), spring_layout(5, edges)
    assert (first == second).all()
    assert abs(first).max() <= 1.0 + 1e-9


def test_report_empty_data_renders() -> None:
    data = ReportData(corpus=corpus_summary([]))
    html = render_report(data)
    assert "<h2>Corpus</h2>" in html and "chart-dyad" not in html.split("<script type=")[0]
    empty = render_report(replace(sample_report(), dyads=[DyadSection(Side("A", "A"), Side("B", "B"))], network=Network()))
    assert "No series for this relationship." in empty and "Nothing on the timeline." in empty


def test_report_generated_only_when_passed(html: str) -> None:
    assert "generated" not in _without_plotly(html).split("<main")[0]
    assert "generated 2024-01-01T00:00Z" in render_report(sample_report(generated="2024-01-01T00:00Z"))


def test_report_summary_counts() -> None:
    summary = sample_report().corpus
    assert summary.articles == 3 and summary.undated == 1 and summary.rejects == 1
    assert [(item.label, item.count) for item in summary.reject_reasons] == [("not in a kept language", 1)]
    assert (summary.date_from, summary.date_to) == ("2021-10-06", "2021-10-18")


def test_write_report_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.html"
    written = write_report(sample_report(), target)
    assert written == target and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [path.name for path in target.parent.iterdir()] == ["report.html"]


def test_timeline_entry_unknown_kind_is_safe() -> None:
    entry = TimelineEntry(date=None, precision=None, kind='x" onmouseover="alert(1)', headline="h")
    data = replace(sample_report(), dyads=[DyadSection(Side("A", "A"), Side("B", "B"), timeline=[entry])])
    assert 'onmouseover="alert' not in _without_plotly(render_report(data))
