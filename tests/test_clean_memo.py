"""LineMemo: what repeated lines gave on earlier pages changes no result, only the time."""

from __future__ import annotations

import pickle

import pytest

from detente.clean.classifier import load_model
from detente.clean.lines import LineMemo, load_config, page_features, segment_lines

# Invented pages of one site: the same menus, share row and footer around different stories.
MENU = ["Harbour Gazette", "Home", "World", "Politics", "Business", "Sport"]
FOOTER = ["Share on Facebook", "Share on Twitter", "Related stories", "Copyright 2021 Harbour Gazette. All rights reserved."]


def _page(headline: str, paragraphs: list[str]) -> list[str]:
    return [f"{headline} | Harbour Gazette", *MENU, headline, "By Mira Holt", *paragraphs, *FOOTER, "Other Town Council Votes Down Ferry Plan"]


PAGES = [
    _page(
        "Port Workers End Strike After Pay Deal",
        [
            "Dock workers at the city's main port returned to work on Monday after union leaders accepted a pay offer that ends a week-long strike.",
            "The agreement raises wages by six percent over two years and was approved by a large majority of members, the union said in a statement.",
            "Shipping companies had warned that the stoppage was delaying deliveries of fuel and grain to the region.",
        ],
    ),
    _page(
        "Ministers Meet To Discuss Border Crossing",
        [
            "Foreign ministers of the two neighbouring countries met on Tuesday to discuss reopening a border crossing that has been closed since the spring.",
            "Officials said the talks were constructive and that a technical team would meet again next month to settle the remaining questions.",
            "Share on Facebook",
            "Traders on both sides of the border have complained that the closure cut their income by half.",
        ],
    ),
    # the page title repeated as the first line of the body: the first line and its copy are
    # told apart by position, not by the (shared) features object
    ["Port Workers End Strike After Pay Deal", "Port Workers End Strike After Pay Deal", *MENU,
     "Dock workers at the city's main port returned to work on Monday after union leaders accepted a pay offer.",
     "The agreement raises wages by six percent over two years, the union said in a statement on its website.", *FOOTER],
]  # fmt: skip


# Loaded once, as the cleaner's resources hold them: a memo starts over under another config.
CONFIG = load_config()
MODEL = load_model()


def _verdicts(lines: list[str], memo: LineMemo | None) -> tuple:
    result = segment_lines(lines, config=CONFIG, model=MODEL, memo=memo)
    return tuple((v.keep, v.reason) for v in result.verdicts), result.title_index


@pytest.mark.parametrize("limit", [20_000, 3])
def test_a_warm_memo_gives_what_a_fresh_page_gives(limit: int) -> None:
    alone = [_verdicts(page, None) for page in PAGES]
    memo = LineMemo(limit=limit)
    for _ in range(2):  # the second round finds every line in the memo (or refilled after emptying)
        assert [_verdicts(page, memo) for page in PAGES] == alone
        assert [_verdicts(page, memo) for page in reversed(PAGES)] == alone[::-1]


def test_the_memo_stays_bounded() -> None:
    memo = LineMemo(limit=5)
    for page in PAGES:
        segment_lines(page, config=CONFIG, model=MODEL, memo=memo)
        assert len(memo._new) <= 5 and len(memo._old) <= 5


def test_the_first_line_and_its_copy_differ_by_position() -> None:
    indices, rows = page_features(PAGES[2])
    from detente.clean.classifier import BASE_NAMES

    echo = BASE_NAMES.index("title_echo")
    assert rows[0][echo] == 0.0  # the page title does not echo itself
    assert rows[1][echo] == 1.0  # its copy below does


def test_pickled_memo_is_empty_and_another_config_starts_over() -> None:
    memo = LineMemo(limit=100)
    segment_lines(PAGES[0], config=CONFIG, model=MODEL, memo=memo)
    assert memo._new
    copy = pickle.loads(pickle.dumps(memo))
    assert copy.limit == 100 and not copy._new and not copy._old
    other = load_config()  # an equal but distinct config object (each load makes one)
    memo.use(other)
    assert not memo._new and not memo._old


def test_a_memo_warmed_by_the_rules_serves_the_classifier() -> None:
    """Entries made for the rules (no classifier inputs) are completed when the classifier needs them."""
    alone = [_verdicts(page, None) for page in PAGES]
    memo = LineMemo()
    rules = [segment_lines(page, config=CONFIG, memo=memo) for page in PAGES]
    assert memo._new  # (the memo kept its entries: one config throughout)
    assert [_verdicts(page, memo) for page in PAGES] == alone
    assert [segment_lines(page, config=CONFIG, memo=memo) for page in PAGES] == rules == [segment_lines(page) for page in PAGES]
