"""The page's stop-word list is chosen as the plain definition chooses it.

Why: `_page_stop_words` counts each list's words in one index of all the lists
(`_stop_index`, built once by `load_config`: `BoilerplateConfig.stop_index`) instead of testing
the sample against each list in turn; the counts, and so the list (ties to the first), must be
the same.
"""

from __future__ import annotations

import heapq
from collections import Counter
from itertools import chain

from hypothesis import given, settings
from hypothesis import strategies as st

from detente.clean.lines import LANGUAGE_SAMPLE_LINES, MIN_PAGE_STOP, _page_stop_words, _stop_index, _tokens, load_config

_LISTS = (("en", frozenset({"the", "of", "and", "a"})), ("fr", frozenset({"le", "de", "et", "a"})), ("es", frozenset({"el", "de", "y"})))


def _plain(tokens: list[list[str]], stop_lists: tuple[tuple[str, frozenset[str]], ...]) -> frozenset[str] | None:
    """The definition: the list holding most of the sample's words (the first on a tie), if enough."""
    sample = Counter(w.lower() for w in chain.from_iterable(heapq.nlargest(LANGUAGE_SAMPLE_LINES, tokens, key=len)))
    if not stop_lists or not sample:
        return None
    count, rank = max((sum(n for w, n in sample.items() if w in words), -rank) for rank, (_, words) in enumerate(stop_lists))
    return stop_lists[-rank][1] if count >= MIN_PAGE_STOP * sum(sample.values()) else None


words = st.sampled_from(["the", "The", "of", "and", "a", "A", "le", "de", "De", "et", "el", "y", "talks", "Geneva", "ministre"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(words, max_size=12), max_size=14))
def test_the_list_chosen_is_the_plain_definitions(lines: list[list[str]]) -> None:
    assert _page_stop_words(lines, _LISTS, _stop_index(_LISTS)) is _plain(lines, _LISTS)


def test_shipped_lists_on_pages_in_several_languages() -> None:
    config = load_config()
    pages = [
        "The talks in the capital ended on Tuesday, and the ministers said they would meet again in the spring.",
        "Les ministres se sont rencontrés à Genève et ont dit que les négociations de paix reprendraient la semaine prochaine.",
        "Die Minister trafen sich in Genf und sagten, dass die Gespräche in der nächsten Woche fortgesetzt werden sollen.",
        "北京 上海 广州",
    ]
    for page in pages:
        tokens = [_tokens(page)]
        assert _page_stop_words(tokens, config.stop_words, config.stop_index) is _plain(tokens, config.stop_words)


def test_index_marks_every_list_holding_a_word() -> None:
    index = _stop_index(_LISTS)
    assert index["a"] == 0b011 and index["de"] == 0b110 and index["the"] == 0b001 and "talks" not in index


def test_the_config_holds_the_index_of_its_lists() -> None:
    """Built once with the config (no module cache keyed by the lists)."""
    config = load_config()
    assert config.stop_index == _stop_index(config.stop_words) and config.stop_index["the"]
