"""Patterns of boilerplate.yaml are matched against the normalised line, which has no symbol,
digit or bracket at either end (issue 10, session 10): alternatives that needed one there
("^(©", "^\\(c\\)", "^\\d+ comments", "comments (3)") never matched. A line opening with a
copyright mark is now shown to the patterns as "© " before its normalised form, and the
other alternatives were rewritten to match what the normalised form holds.
"""

from __future__ import annotations

import pytest

from detente.clean.lines import _features, _pattern_reason, _tokens, load_config, normalise_line


def _group(line: str) -> str | None:
    features = _features(line, _tokens(line), None)
    assert features is not None
    return _pattern_reason(features, load_config())


@pytest.mark.parametrize("line", ["© 2021 Harbour Daily", "©2021 Harbour Daily Group", "(c) 2008 Example News", "ⓒ Harbour Daily", "© Harbour Photo Agency"])
def test_a_line_opening_with_a_copyright_mark_is_footer(line: str) -> None:
    assert not normalise_line(line).startswith(("©", "ⓒ", "("))  # the normalised form has lost the mark
    assert _group(line) == "footer"


@pytest.mark.parametrize("line", ["Comments (3)", "12 Comments", "12 Responses", "4 replies"])
def test_comment_counts_are_comment_headers(line: str) -> None:
    assert _group(line) == "comments"


@pytest.mark.parametrize("line", ["Harbour Daily", "The council met on Tuesday (c) to vote.", "2021 was a hard year for the harbour.", "Responses to the flood were slow."])
def test_lines_without_a_leading_mark_are_not_footer_or_comments(line: str) -> None:
    assert _group(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Reporting by Ana Ferreira; additional reporting by Tom Hale; Editing by Mia Lund",
        "(Reporting by Ana Ferreira and Tom Hale, with reporting by Joe Park; editing by Mia Lund.)",
        "Editing by Mia Lund",
    ],
)
def test_a_wire_staff_credit_is_credits(line: str) -> None:
    assert _group(line) == "credits"


@pytest.mark.parametrize(
    "line",
    [
        "Photo by Lena Marsh",
        "A ferry leaves the harbour at dawn on March 3, 2021. (AP)",
        "The harbour master (AFP)",
        "Above: The old pier in winter.",
    ],
)
def test_photo_credits_and_caption_labels_are_captions(line: str) -> None:
    assert _group(line) == "caption"


@pytest.mark.parametrize(
    "line",
    [
        "The council's report, edited by the mayor's office, was published on Monday.",
        "Reporting by local papers was sparse, the minister said.",
        "The Associated Press (AP) reported the vote on Tuesday.",
    ],
)
def test_sentences_that_mention_credits_are_no_pattern_line(line: str) -> None:
    assert _group(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Subscribe to the Harbour Daily and stay ahead with more of your favourite writers.",
        "Want more? Sign up for the Harbour Brief today to get the free newsletter delivered daily.",
        "In each episode of her weekly show, the editor looks at the week's votes. Click to subscribe!",
    ],
)
def test_an_invitation_to_subscribe_is_subscribe_even_as_a_full_sentence(line: str) -> None:
    assert _group(line) == "subscribe"


def test_a_subscribe_sentence_is_dropped_whatever_the_model_says() -> None:
    from detente.clean.lines import HARD_REASONS, STRONG_REASONS

    assert "subscribe" in HARD_REASONS and "subscribe" in STRONG_REASONS


@pytest.mark.parametrize("line", ["Voters must register to vote by Friday, the commission said.", "Readers who subscribe to the paper pay more this year, the publisher said."])
def test_news_about_registering_or_subscribing_is_not_subscribe(line: str) -> None:
    assert _group(line) != "subscribe"
