"""The most complete copy is canonical, whatever the order files are read in."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from detente.clean import content_hash
from detente.config import Settings
from detente.dedup import completeness, resolve_cluster, signature
from detente.records import Article

PARAGRAPHS = [
    "The foreign ministers of the two countries met in the capital on Tuesday to discuss a new border agreement, "
    "officials said after the talks, which lasted for more than six hours behind closed doors.",
    "Both sides described the meeting as constructive and agreed to continue negotiations next month, when experts "
    "will draft the text of a treaty on trade, transit and the management of shared rivers.",
    "Diplomats from both delegations said they expected the treaty to be signed before the end of the year, although "
    "several questions about customs duties and the status of two disputed islands remain open.",
]
TITLE = "Ministers agree to draft border treaty"


def _article(source: str, fmt: str, text: str, published: str | None = None, title: str | None = None) -> Article:
    return Article(
        id=content_hash(text), source=source, url=None, format=fmt, title=title, outlet=None, credited=[], author=None,
        dateline=None, language="en", published=published, published_precision="day" if published else None,
        published_interval=None, text=text, word_count=len(text.split()), removed=[],
    )  # fmt: skip


def test_completeness_prefers_dated_then_metadata_format_then_longer() -> None:
    text = "\n".join(PARAGRAPHS)
    dated_dump = _article("a.txt", "text", text, published="2019-10-09")
    undated_html = _article("b.html", "html", text, title=TITLE)
    longer_dump = _article("c.txt", "text", text + "\nOne more line of the same story for the record.")
    ranked = sorted([longer_dump, undated_html, dated_dump], key=completeness)
    assert [article.source for article in ranked] == ["a.txt", "b.html", "c.txt"]
    bare_jsonl = _article("d.jsonl:1", "jsonl", text)
    titled_dump = _article("e.txt", "text", text, title=TITLE)
    assert sorted([bare_jsonl, titled_dump], key=completeness)[0] is titled_dump  # a format without its metadata counts for nothing


def test_resolve_cluster_same_result_in_every_order() -> None:
    settings = Settings()
    text = "\n".join(PARAGRAPHS)
    near = text.replace("six hours", "seven hours")
    members = [
        _article("dump.txt", "text", text),
        _article("page.html", "html", text, published="2019-10-09", title=TITLE),
        _article("feed.jsonl:3", "jsonl", near, title="Border treaty talks"),
        _article("mirror.txt", "text", text),
    ]
    pairs = [(article, signature(article.text, settings)) for article in members]
    results = {tuple(map(repr, resolve_cluster(list(order)))) for order in itertools.permutations(pairs)}
    assert len(results) == 1
    canonical, *copies = resolve_cluster(pairs)
    assert (canonical.source, canonical.id, canonical.duplicate_of) == ("page.html", content_hash(text), None)
    assert all(copy.duplicate_of == canonical.id for copy in copies)
    assert len({article.id for article in (canonical, *copies)}) == 4  # exact copies get ids of their own
    assert {copy.source: copy.similarity for copy in copies}["dump.txt"] == 1.0


def test_resolve_cluster_fills_missing_fields_with_their_source() -> None:
    settings = Settings()
    text = "\n".join(PARAGRAPHS)
    dated = _article("dated.txt", "text", text, published="2019-10-09")
    titled = _article("titled.txt", "text", text + "\nA closing line that makes this copy longer.", title=TITLE)
    canonical, _ = resolve_cluster([(titled, signature(titled.text, settings)), (dated, signature(dated.text, settings))])
    assert (canonical.source, canonical.published, canonical.title) == ("dated.txt", "2019-10-09", TITLE)
    assert [(item.field, item.source, item.evidence) for item in canonical.metadata_sources] == [("title", "duplicate:titled.txt", TITLE)]


def _html(published: str | None) -> str:
    head = f"<title>{TITLE}</title>"
    if published:
        head += f'<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "{published}"}}</script>'
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    return f"<html><head>{head}</head><body><article><h1>{TITLE}</h1>{body}</article></body></html>"


def _articles(out: Path) -> list[dict]:
    rows = [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    return sorted(rows, key=lambda row: row["source"])


@pytest.mark.parametrize("dated_format", ["html", "jsonl"])
def test_run_canonical_does_not_depend_on_input_order(tmp_path: Path, dated_format: str) -> None:
    from detente.pipeline import run

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    dump = inputs / "story.txt"
    dump.write_text("Home | World | Business\n" + "\n\n".join(PARAGRAPHS) + "\nShare this article\n", encoding="utf-8")
    if dated_format == "html":
        dated = inputs / "story.html"
        dated.write_text(_html("2019-10-09T09:31:00Z"), encoding="utf-8")
    else:
        dated = inputs / "story.jsonl"
        dated.write_text(json.dumps({"text": "\n\n".join(PARAGRAPHS), "published": "2019-10-09", "title": TITLE}) + "\n", encoding="utf-8")
    settings = Settings(annotate=False, report=False)
    run([dump, dated], tmp_path / "one", settings=settings)
    run([dated, dump], tmp_path / "two", settings=settings)
    one, two = _articles(tmp_path / "one"), _articles(tmp_path / "two")
    assert one == two
    (canonical,) = [row for row in one if row["duplicate_of"] is None]
    assert canonical["format"] == dated_format and canonical["published"].startswith("2019-10-09")
    (copy,) = [row for row in one if row["duplicate_of"]]
    assert copy["duplicate_of"] == canonical["id"] and copy["format"] == "text"


def test_run_fills_canonical_title_from_a_copy(tmp_path: Path) -> None:
    from detente.pipeline import run

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "dated.txt").write_text("Published: Oct 9, 2019\n" + "\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    (inputs / "titled.html").write_text(_html(None), encoding="utf-8")
    run([inputs], tmp_path / "out", settings=Settings(annotate=False, report=False))
    (canonical,) = [row for row in _articles(tmp_path / "out") if row["duplicate_of"] is None]
    assert canonical["source"].endswith("dated.txt") and canonical["published"] == "2019-10-09"
    assert canonical["title"] == TITLE
    assert {"field": "title", "source": f"duplicate:{inputs / 'titled.html'}", "evidence": TITLE} in canonical["metadata_sources"]


def test_rerun_after_canonical_input_removed_promotes_the_most_complete_copy(tmp_path: Path) -> None:
    from detente.pipeline import run

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    best = inputs / "c_page.html"
    best.write_text(_html("2019-10-09T09:31:00Z"), encoding="utf-8")
    (inputs / "a_dump.txt").write_text("\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    (inputs / "b_feed.jsonl").write_text(json.dumps({"text": "\n\n".join(PARAGRAPHS), "published": "2019-10-09"}) + "\n", encoding="utf-8")
    settings = Settings(annotate=False, report=False)
    run([inputs], tmp_path / "out", settings=settings)
    (canonical,) = [row for row in _articles(tmp_path / "out") if row["duplicate_of"] is None]
    assert canonical["source"] == str(best)
    best.unlink()
    run([inputs], tmp_path / "out", settings=settings)
    rows = _articles(tmp_path / "out")
    (canonical,) = [row for row in rows if row["duplicate_of"] is None]
    assert canonical["format"] == "jsonl" and canonical["published"] == "2019-10-09"
    assert [row["duplicate_of"] for row in rows if row["format"] == "text"] == [canonical["id"]]


def test_run_two_stories_rewritten_together(tmp_path: Path) -> None:
    from detente.pipeline import run

    other = [
        "Negotiators from the trade bloc and the island republic resumed talks on fishing quotas on Thursday after a "
        "pause of several months, the commerce ministry said in a statement issued in the evening.",
        "Both delegations are to meet again in the coastal city before the end of the season, when a draft of the new "
        "agreement on licences, inspections and the protection of spawning grounds is due.",
    ]
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name, paragraphs in (("border", PARAGRAPHS), ("fish", other)):
        (inputs / f"{name}_a.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        (inputs / f"{name}_b.jsonl").write_text(json.dumps({"text": "\n\n".join(paragraphs), "published": "2019-10-09"}) + "\n", encoding="utf-8")
    run([inputs], tmp_path / "out", settings=Settings(annotate=False, report=False))
    rows = _articles(tmp_path / "out")
    canonical = [row for row in rows if row["duplicate_of"] is None]
    assert sorted(row["format"] for row in canonical) == ["jsonl", "jsonl"]
    assert {row["duplicate_of"] for row in rows if row["duplicate_of"]} == {row["id"] for row in canonical}


def test_later_run_fills_an_earlier_canonical_and_redates_its_annotations(tmp_path: Path) -> None:
    from detente.pipeline import run
    from detente.store import Store

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "story.txt").write_text("\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    (second / "feed.jsonl").write_text(json.dumps({"text": "\n\n".join(PARAGRAPHS), "published": "2019-10-09", "title": TITLE}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run([first], out, settings=Settings(report=False))  # annotated
    with Store(out / "detente.duckdb") as store:
        assert store.pending_annotation() == []
    run([first, second], out, settings=Settings(annotate=False, report=False))
    rows = _articles(out)
    (canonical,) = [row for row in rows if row["duplicate_of"] is None]
    assert canonical["format"] == "text"  # an earlier run's canonical stays (its annotations and story hold)
    assert (canonical["published"], canonical["title"]) == ("2019-10-09", TITLE)
    assert {item["field"] for item in canonical["metadata_sources"] if item["source"].startswith("duplicate:")} == {"published", "title"}
    with Store(out / "detente.duckdb") as store:
        assert store.pending_annotation() == [canonical["id"]]  # to be dated again


def test_unannotated_earlier_run_ends_as_one_run(tmp_path: Path) -> None:
    """Run A then A+B without annotation (or a run killed before annotating) gives the
    articles one run over A+B gives: nothing used the first canonical yet."""
    from detente.pipeline import run

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "story.txt").write_text("Home | World\n" + "\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    (second / "page.html").write_text(_html("2019-10-09T09:31:00Z"), encoding="utf-8")
    settings = Settings(annotate=False, report=False)
    run([first], tmp_path / "twice", settings=settings)
    run([first, second], tmp_path / "twice", settings=settings)
    run([first, second], tmp_path / "once", settings=settings)
    twice, once = _articles(tmp_path / "twice"), _articles(tmp_path / "once")
    assert twice == once
    (canonical,) = [row for row in once if row["duplicate_of"] is None]
    assert canonical["format"] == "html"
    from detente.store import Store

    with Store(tmp_path / "twice" / "detente.duckdb") as store:  # the dedup index of the next run
        assert [article_id for article_id, _ in store.canonical_signatures()] == [canonical["id"]]
