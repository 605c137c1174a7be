"""The pre-screens of `detente.clean.metadata` skip only lines no pattern can match: the
metadata read with them is the metadata read without them."""

from __future__ import annotations

import dataclasses
import re

import pytest

from detente.clean import metadata
from detente.clean.metadata import _digit_lines, _Screen, extract_metadata
from detente.resources import CleaningResources, MetadataPatterns, _first_characters

PAGE = """TODAY'S PAPER
Wednesday, 20th November 2019
Home | World | Politics
By Jana Novak | Updated: Oct 9, 2019, 11:05 IST
Date
2019.03.04 / 08:15
Author: Balkan Wire
Source
Reuters
Axar.az reports citing TASS.
by John Smith
MOSCOW, Oct 18 (Reuters) - Russia said on Friday it would hold talks with Ukraine next week in Minsk.
the 12 ministers met on 5 May 2019 in Geneva to discuss the ceasefire and the exchange of prisoners.
Posted: Jan 5, 2008
See also: 3 ways to travel"""
PAGES = [PAGE, "by John Smith\nThe talks ended.", "BY JOHN SMITH\nbY Ann Lee\nBy: Ann Lee", "Published\n5 May 2019 | 10:00\nAuthor\nAnn Lee",
         "WASHINGTON (AP) _ The talks ended.", "Moscow - Saba: talks", "moscow - Saba: talks", " BRUSSELS, Oct 6 (AFP) - talks",
         "Source | Balkan Wire\nHome | World | Politics | By Jana Novak | Updated: Oct 9, 2019, 11:05 IST"]


def _unscreened(monkeypatch: pytest.MonkeyPatch, patterns: MetadataPatterns) -> MetadataPatterns:
    """Turn every pre-screen off: each line is tried against each pattern, as before them."""
    monkeypatch.setattr(metadata, "_BY_LINE_START", "")
    monkeypatch.setattr(metadata, "_digit_lines", lambda lines, words: frozenset(range(len(lines))))
    return dataclasses.replace(patterns, outlet_openers=None, dateline_openers=None)


def test_screened_metadata_equals_unscreened(resources: CleaningResources, monkeypatch: pytest.MonkeyPatch) -> None:
    screened = [extract_metadata(page.split("\n"), resources.metadata) for page in PAGES]
    assert screened[0].dateline == "Moscow" and screened[0].published and screened[1].author == "John Smith"
    assert screened[-1].outlet == "Balkan Wire" and screened[-1].published == "2019-10-09T11:05"  # the screens are crossed
    patterns = _unscreened(monkeypatch, resources.metadata)
    unscreened = [extract_metadata(page.split("\n"), patterns) for page in PAGES]
    assert [dataclasses.asdict(meta) for meta in unscreened] == [dataclasses.asdict(meta) for meta in screened]


def test_first_characters_of_shipped_patterns(resources: CleaningResources) -> None:
    """Worked out once, with the patterns (no module cache keyed by the pattern tuples)."""
    openers = resources.metadata.dateline_openers
    assert openers is not None and "M" in openers and "t" not in openers and "(" not in openers
    assert openers == _first_characters(resources.metadata.datelines)
    assert resources.metadata.outlet_openers is not None
    assert resources.metadata.outlet_openers == _first_characters(resources.metadata.outlets)


@pytest.mark.parametrize("pattern", [r"(?i)^moscow", r"^\w+ -", r"^a*B", r"^(?:ab|cd)", r"^[^a]", r"^(?=A)A", r"^"])
def test_first_characters_unknown_means_no_screen(pattern: str) -> None:
    assert _first_characters((re.compile(r"^[A-Z]+:"), re.compile(pattern))) is None


@pytest.mark.parametrize(("pattern", "opening"), [(r"^(?P<p>[A-C])x", "ABC"), (r"\b(?:ab)+c", "a"), (r"^[xy]+?z", "xy"), (r"^(?P<p>Q)", "Q")])
def test_first_characters_follow_groups_and_repeats(pattern: str, opening: str) -> None:
    assert _first_characters((re.compile(pattern),)) == frozenset(opening)


def test_digit_lines_are_short_lines_with_a_digit() -> None:
    lines = ["Oct 9, 2019", "no digit here", "", " ".join(["word"] * 17) + " 2019", "٣ يناير"]
    assert _digit_lines(lines, [len(line.split()) for line in lines]) == frozenset({0, 4})  # any Unicode digit, as find_dates


@pytest.mark.parametrize(("prose_words", "published"), [(24, "2019-05-06"), (25, "2019-05-05"), (400, "2019-05-05")])
def test_word_counts_capped_above_every_limit(resources: CleaningResources, prose_words: int, published: str) -> None:
    """A date line before the first line of running text (25 words or more) is the page's
    date; word counts capped for speed still tell running text apart."""
    lines = ["5 May 2019", " ".join(["word"] * prose_words), "6 May 2019"]
    assert extract_metadata(lines, resources.metadata).published == published


@pytest.mark.parametrize(("text", "exact"), [("citing TASS", False), ("café, citing TASS", False), ("C\u0130TING TASS", True), ("\u212aYODO", True)])
def test_credit_screen_exact_only_for_characters_that_fold_to_ascii(text: str, exact: bool) -> None:
    """An ASCII text is screened without searching it for folding characters; one holding
    such a character is never screened (IGNORECASE would match it to an ASCII letter)."""
    assert _Screen(text).exact is exact
