"""Golden tests on the five real page dumps in ../shared/seeds (skipped when absent).

Each test checks one point the clean-corpus issue lists for a seed. Only short
fragments of the seeds appear here, as needles to look for.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.clean import clean_document
from detente.clean.normalize import normalize_text
from detente.records import Article, RawDoc
from detente.resources import CleaningResources
from tests.conftest import seed_path


@pytest.fixture(scope="module")
def articles(seeds_dir: Path, resources: CleaningResources) -> dict[str, Article]:
    cleaned = {}
    for prefix in ("000", "001", "002", "003", "004"):
        path = seed_path(seeds_dir, prefix)
        result = clean_document(RawDoc(source=str(path), format="text", text=path.read_text(encoding="utf-8")), resources)
        assert isinstance(result, Article), result
        cleaned[prefix] = result
    return cleaned


def _removed_reasons(article: Article) -> dict[str, str]:
    return {item.line: item.reason for item in article.removed}


def test_seeds_clean_text_is_made_of_input_lines(articles: dict[str, Article], seeds_dir: Path) -> None:
    for prefix, article in articles.items():
        source_lines = set(normalize_text(seed_path(seeds_dir, prefix).read_text(encoding="utf-8")).split("\n"))
        assert all(line in source_lines for line in article.text.split("\n")), prefix


def test_seed_000_repeated_body_kept_once(articles: dict[str, Article]) -> None:
    text = articles["000"].text
    assert text.count("It is difficult to talk about resuming") == 1
    assert text.count("Security officials who previously worked") == 1
    assert text.count("The report noted that") == 1
    assert "repeated" in _removed_reasons(articles["000"]).values()


def test_seed_000_dateline_outlet_and_credits(articles: dict[str, Article]) -> None:
    article = articles["000"]
    assert (article.dateline, article.outlet) == ("Moscow", "Saba")
    assert {"Russia Today", "Politico"} <= set(article.credited)
    assert article.published is None and article.published_interval is None  # never invent a date
    assert not article.text.startswith("Moscow - Saba")


@pytest.mark.parametrize("needle", ["Home page Politics", "12 Punto 14 Punto", "See also", "Bayramov conveys", "Latest", "Bağla"])
def test_seed_001_navigation_and_lists_removed(articles: dict[str, Article], needle: str) -> None:
    assert needle not in articles["001"].text


def test_seed_001_date_and_author_are_metadata(articles: dict[str, Article]) -> None:
    article = articles["001"]
    assert article.published == "2018-07-10T15:52" and article.published_precision == "day"
    # "Author: Axar.az" names the site: the outlet, not an author (an author is a person's name)
    assert article.author is None and article.outlet == "Axar.az"
    assert "TASS" in article.credited
    reasons = _removed_reasons(article)
    assert reasons["Date"].startswith("metadata:") and reasons["Author"].startswith("metadata:")
    assert "2018.07.10" not in article.text


def test_seed_001_title_once_and_body_kept(articles: dict[str, Article]) -> None:
    article = articles["001"]
    assert article.title == "Russia retains modest contacts with NATO"
    assert "Russia retains modest contacts with NATO" not in article.text
    assert "product of the Cold War era" in article.text
    assert "The next NATO summit will be held in Brussels" in article.text


def test_seed_002_promo_and_related_headline_removed(articles: dict[str, Article]) -> None:
    text = articles["002"].text
    assert "Telegram channel" not in text
    assert "Lavrov believes the situation may prompt" not in text
    assert "We need minimal contact with Russia" in text
    assert "According to Stoltenberg" in text


def test_seed_002_headline_kept_once_as_title(articles: dict[str, Article]) -> None:
    article = articles["002"]
    assert article.title is not None and "no longer exists" in article.title
    assert "secretary-general says" not in article.text


@pytest.mark.parametrize(
    "needle",
    ["Home World", "No Comments", "Leave A Reply", "Please enter your comment", "Please enter your name", "Exit mobile version"],
)
def test_seed_003_comment_form_and_breadcrumb_removed(articles: dict[str, Article], needle: str) -> None:
    assert needle not in articles["003"].text


def test_seed_003_interval_from_past_and_future_dates(articles: dict[str, Article]) -> None:
    article = articles["003"]
    assert article.published is None
    assert article.published_interval is not None
    assert (article.published_interval.earliest, article.published_interval.latest) == ("2021-10-07", "2021-11-01")
    assert any("October 7, 2021" in evidence for evidence in article.published_interval.evidence)
    assert article.title == "Russia cuts ties with NATO, with spy affairs as backdrop"
    assert "In September 2021, Guerasimov had a meeting" in article.text


@pytest.mark.parametrize(
    "needle",
    ["Share This", "Submit a Comment", "Your email address will not be published", "Pin It on Pinterest", "Share this post with your friends"],
)
def test_seed_004_share_and_comment_lines_removed(articles: dict[str, Article], needle: str) -> None:
    assert needle not in articles["004"].text


def test_seed_004_source_and_author_are_metadata(articles: dict[str, Article]) -> None:
    article = articles["004"]
    assert (article.outlet, article.author) == ("Prensa Latina", "Hassan Khazaal")
    assert "RIA Novosti" in article.credited
    assert "Source: Prensa Latina" not in article.text and "Author: Hassan Khazaal" not in article.text
    assert article.title == "Russia Maintains Proposals of Security Cooperation with NATO"
    assert "Meshkov reiterated that his country is open" in article.text


def test_seeds_all_english_and_distinct(articles: dict[str, Article]) -> None:
    assert {article.language for article in articles.values()} == {"en"}
    assert len({article.id for article in articles.values()}) == 5
