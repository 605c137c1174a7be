"""The pattern groups' substring screen never skips a line a pattern matches.

Why: `_Matcher.matches` skips the search of the floating (unanchored) patterns on a line
that holds none of the strings every match of them contains (`_required`, `_screen`); a
long prose line then costs a few substring tests instead of a regex search. The screen
must be a necessary condition: the verdicts stay the same on every line.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from detente.clean.lines import SCREEN_CHARS, _Matcher, _required, _screen, load_config
from detente.resources import load_data

_GROUPS = load_data("boilerplate.yaml", ()).get("groups") or {}
_FLOATING = [p for spec in _GROUPS.values() for p in spec.get("patterns") or () if not p.startswith("^")]
_CONFIG = load_config()
_TIERS = [
    (matcher, [re.compile(p) for spec in _GROUPS.values() if int(spec.get("max_words", 12)) >= limit for p in spec.get("patterns") or ()])
    for limit, matcher in _CONFIG.by_length
]
_FLOATING_SCREENS = [(re.compile(p), _screen([p])) for p in _FLOATING]


def _required_of(pattern: str) -> frozenset[str] | None:
    import re._parser as parser

    return _required(list(parser.parse(pattern)))


def test_required_strings_of_patterns() -> None:
    assert _required_of(r"\b(we|this (web)?site|site) uses? cookies\b") == {" cookies"}
    assert _required_of(r"\b(getty images|shutterstock|ap photo)\b") == {"getty images", "shutterstock", "ap photo"}
    assert _required_of(r"(a|)bc") == {"bc"}  # an empty branch has no string, the run after it does
    assert _required_of(r"(a|)") is None
    assert _required_of(r"[a-z]+\d*") is None
    assert _required_of(r"(?i:cookie) policy") == {" policy"}  # the folded group is skipped, the run kept
    assert _required_of(r"x(?i:cookie)") == {"x"}


def test_no_screen_when_a_pattern_has_no_required_string_or_folds_case() -> None:
    assert _screen([r"cookies? policy", r"[a-z]+ reserved"]) == (" policy", " reserved")  # the longer run of each
    assert _screen([r"cookie", r"\w+\d"]) is None
    assert _screen([r"(?i)cookie"]) is None
    assert _screen([r"cookies", r"cookie"]) == ("cookie",)  # a string holding another adds nothing


words = st.sampled_from(
    ["cookie", "cookies", "we", "use", "uses", "site", "all", "rights", "reserved", "getty", "images", "photo", "(", ")",
     ":", "subscribe", "to", "our", "newsletter", "share", "on", "facebook", "the", "talks", "ended", "in", "geneva", "|"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(words, min_size=1, max_size=40))
def test_screen_is_necessary_for_every_floating_pattern(tokens: list[str]) -> None:
    text = " ".join(tokens)
    for pattern, screen in _FLOATING_SCREENS:
        if screen is not None and pattern.search(text):
            assert any(s in text for s in screen), (pattern, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(words, min_size=1, max_size=40))
def test_tier_matchers_give_the_plain_search(tokens: list[str]) -> None:
    text = " ".join(tokens)
    for matcher, patterns in _TIERS:
        assert matcher.matches(text) == any(p.search(text) for p in patterns)


def test_a_long_line_without_the_strings_is_not_searched() -> None:
    matcher = _Matcher.compile([r"\bcookies? (to|help)\b", r"^accept$"])
    assert matcher.screen == ("cookie",)
    prose = "The ministers met in Geneva on Tuesday and agreed to resume the talks next month, officials said."
    assert len(prose) > SCREEN_CHARS and not matcher.matches(prose)
    assert matcher.matches(prose + " This site uses cookies to help you.")
    assert matcher.matches("accept")
