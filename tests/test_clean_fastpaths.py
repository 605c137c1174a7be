"""The cleaner's fast paths give exactly what the plain code they replace gives.

Each one exists for speed alone (`benchmarks/bench_clean.py`); a difference in output would
be a bug, so every one is checked against its reference on untrusted-looking text.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.clean.lines import _DIGIT, _TYPOGRAPHIC, _WORD, _digits, _tokens
from detente.clean.metadata import _FOLDS_TO_ASCII, find_credits
from detente.resources import _required_literals

# Text with what news pages hold: letters, digits, accents, typographic punctuation, other
# scripts, and the characters IGNORECASE folds onto ASCII letters.
_NEWSY = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=0x2FF),
        st.sampled_from(list(_TYPOGRAPHIC) + ["中", "١", "²", "Ⅻ", "\u0130", "\u0131", "\u017f", "\u212a", "\n", "\t"]),
        st.characters(),
    ),
    max_size=60,
)


@given(_NEWSY)
@settings(max_examples=400, deadline=None)
def test_tokens_are_the_regex_words(text: str) -> None:
    assert _tokens(text) == _WORD.findall(text)


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("It’s the “best” deal—ever…", ["It", "s", "the", "best", "deal", "ever"]),
        ("snake_case 42nd e-mail", ["snake", "case", "nd", "e", "mail"]),
        ("Café in Zürich", ["Café", "in", "Zürich"]),
    ],
)
def test_tokens_split_at_every_non_letter(line: str, words: list[str]) -> None:
    assert _tokens(line) == words


@given(_NEWSY)
@settings(max_examples=300, deadline=None)
def test_digits_counts_what_the_regex_counts(text: str) -> None:
    assert _digits(text) == len(_DIGIT.findall(text))


def test_typographic_marks_are_no_letters() -> None:
    assert not any(_WORD.fullmatch(mark) for mark in _TYPOGRAPHIC)


@pytest.mark.parametrize(
    ("pattern", "required"),
    [
        (r"\b(?i:citing) (?:the )?(?P<name>[A-Z]\w+)", (("citing ", True),)),
        (r"\b(?i:(?:as )?quoted by) (?P<name>[A-Z]\w+)", (("quoted by ", True),)),
        (r"\b(?:told|said to) (?P<name>[A-Z]\w+)", (("told", False), ("said to", False))),
        (r"\b[Ii]n a report,? (?P<name>[A-Z]\w+)", (("n a report", False),)),
        (r"(?i)according to (?P<name>\w+)", (("according to ", True),)),
        (r"\((?P<name>[A-Z]\w+)\)", ()),  # "(" alone: too short to be worth a screen
        (r"(?:ab|x)yz", ()),  # an alternative shorter than MIN_REQUIRED_CHARS: no screen
        (r"\w+ said", ((" said", False),)),
    ],
)
def test_required_literals(pattern: str, required: tuple[tuple[str, bool], ...]) -> None:
    assert _required_literals(re.compile(pattern)) == required


def test_fold_screen_lists_every_character_ignorecase_maps_to_ascii() -> None:
    """Outside ASCII, exactly these characters match an ASCII letter under IGNORECASE."""
    letter = re.compile("(?i)[a-z]")
    folding = {chr(c) for c in range(128, 0x110000) if letter.fullmatch(chr(c))}
    assert folding == set(_FOLDS_TO_ASCII.pattern.strip("[]"))


_CREDIT_WORDS = st.sampled_from(
    ["citing", "CITING", "C\u0130TING", "according to", "According To", "quoted by", "as quoted by", "told", "said to",
     "in a report", "In a report,", "the", "TASS", "Reuters", "Xinhua", "news agency", "(AFP) -", "/RIA/", "Kyodo",
     "cIting", "\u212aYODO", "reporters", "\u2019", ",", "."]
)  # fmt: skip


@given(st.lists(_CREDIT_WORDS, max_size=14).map(" ".join))
@settings(max_examples=400, deadline=None)
def test_screened_credits_equal_unscreened(resources, text: str) -> None:  # noqa: ANN001
    patterns = resources.metadata
    unscreened = dataclasses.replace(patterns, credits=tuple(dataclasses.replace(c, required=()) for c in patterns.credits))
    assert find_credits(text, patterns) == find_credits(text, unscreened)
