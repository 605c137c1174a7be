"""Tests of the line cleaner (detente.clean.lines) and its scorer (detente.evaluation.cleaning).

The page dumps here are invented for the tests; the golden tests read the project's seed dumps
from ../shared/seeds at run time and skip when they are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.clean.lines import LineVerdict, Segmentation, load_config, normalise_line, segment_lines
from detente.evaluation.cleaning import score_page, shingles, summarise

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# Invented article paragraphs: long, prose-like, ending in a full stop.
P1 = (
    "The harbour council said on Tuesday that it would delay the new ferry timetable until the spring, "
    "because the repairs to the northern pier have taken longer than the engineers had expected."
)
P2 = (
    "Residents who rely on the early crossing told the council that they had not been asked about the "
    "change, and several of them said that they would have to leave their homes an hour earlier."
)
P3 = (
    "A spokesperson for the operator said that the company was sorry for the trouble and that it was "
    "looking at whether a smaller boat could run from the southern slipway in the meantime."
)
P4 = (
    "The council will meet again next month, when it expects to hear from the engineers about how much "
    "of the work can be finished before the winter storms arrive on the coast."
)
HEADLINE = "Harbour council delays ferry timetable as pier repairs drag on"
BODY = [P1, "", P2, "", P3, "", P4]


def kept(lines: list[str], **kwargs) -> list[str]:
    """The lines segment_lines keeps."""
    result = segment_lines(lines, **kwargs)
    return [line for line, verdict in zip(lines, result.verdicts) if verdict.keep]


def reasons(lines: list[str], **kwargs) -> dict[str, str | None]:
    """Line text -> reason of its last occurrence."""
    result = segment_lines(lines, **kwargs)
    return {line: verdict.reason for line, verdict in zip(lines, result.verdicts)}


def test_lines_body_paragraphs_kept() -> None:
    assert kept([HEADLINE, "", *BODY]) == [P1, P2, P3, P4]


def test_lines_empty_lines_dropped() -> None:
    result = segment_lines(["", "   ", *BODY])
    assert result.verdicts[0] == LineVerdict(False, "empty")
    assert result.verdicts[1] == LineVerdict(False, "empty")


def test_lines_menu_items_dropped() -> None:
    menu = ["Home", "Politics", "Business", "Culture And Arts", "Weather Maps", "Sport"]
    out = reasons([*menu, HEADLINE, *BODY])
    assert all(out[item] is not None for item in menu)
    assert out["Home"] == "menu"


def test_lines_share_buttons_dropped() -> None:
    share = ["Share this article", "Facebook Twitter WhatsApp Email", "Tweet", "Pin it on Pinterest"]
    out = reasons([HEADLINE, *BODY, "", *share])
    assert [out[s] for s in share] == ["share"] * 4


def test_lines_comment_form_dropped() -> None:
    form = [
        "3 Comments",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Please enter your name here",
        "Post Comment",
    ]
    out = reasons([HEADLINE, *BODY, "", *form])
    assert all(out[line] == "comments" for line in form)


def test_lines_related_list_dropped_after_header() -> None:
    teasers = [
        "Lighthouse keepers mark a century of service",
        "",
        "New cycle lane opens along the old railway",
        "",
        "Fishing quotas debated at the regional assembly",
    ]
    out = reasons([HEADLINE, *BODY, "", "See also", "", *teasers])
    assert out["See also"] == "related"
    assert all(out[t] == "related" for t in teasers if t)


def test_lines_footer_dropped() -> None:
    footer = ["About Us", "Privacy Policy", "© 2024 Coastal Gazette. All rights reserved."]
    out = reasons([HEADLINE, *BODY, *footer])
    assert all(out[f] == "footer" for f in footer)


def test_lines_cookie_notice_dropped() -> None:
    notice = (
        "This website uses cookies to improve your experience and to show you content that matters to "
        "you; by continuing to browse the site you agree to our use of cookies."
    )
    assert reasons([HEADLINE, *BODY, notice])[notice] == "cookie"


def test_lines_promo_dropped() -> None:
    promo = "Due to outages on other platforms, stay tuned to our Telegram channel"
    assert reasons([HEADLINE, *BODY, "", promo])[promo] == "promo"


def test_lines_body_printed_twice_kept_once() -> None:
    result = segment_lines([HEADLINE, *BODY, *BODY])
    lines = [HEADLINE, *BODY, *BODY]
    kept_lines = [line for line, v in zip(lines, result.verdicts) if v.keep]
    assert kept_lines == [P1, P2, P3, P4]
    assert result.verdicts[len(BODY) + 1].reason == "repeated"


def test_lines_title_found_and_copies_dropped() -> None:
    lines = [HEADLINE, "", "News", "Regions", "", HEADLINE, "", *BODY]
    result = segment_lines(lines)
    assert result.title_index in (0, 5)
    assert result.verdicts[0].reason == "title"
    assert result.verdicts[5].reason == "title"


def test_lines_title_in_breadcrumb_dropped() -> None:
    lines = [f"Home Local {HEADLINE}", "", HEADLINE, "", *BODY]
    result = segment_lines(lines)
    assert result.title_index == 2
    assert result.verdicts[0] == LineVerdict(False, "title")


def test_lines_title_not_invented_without_candidate() -> None:
    result = segment_lines(BODY)
    assert result.title_index is None
    assert all(v.keep for v, line in zip(result.verdicts, BODY) if line)


def test_lines_short_body_line_kept() -> None:
    short = "Nobody was hurt."
    assert short in kept([HEADLINE, P1, short, P2, P3])


def test_lines_crosshead_kept() -> None:
    crosshead = "A slow winter ahead"
    assert crosshead in kept([HEADLINE, P1, P2, crosshead, P3, P4])


def test_lines_truncated_last_line_kept() -> None:
    cut = P4[:-40]  # cut off mid-word, no final punctuation
    assert kept([HEADLINE, P1, P2, P3, cut]) == [P1, P2, P3, cut]


def test_lines_line_ending_with_quote_or_ellipsis_kept() -> None:
    quoted = "“We will not let the crossing close for good,” the mayor told the meeting."
    trailing = "Asked whether the boats would run at Christmas, she said only: “We hope so…”"
    out = kept([HEADLINE, P1, quoted, P2, trailing, P3])
    assert quoted in out and trailing in out


def test_lines_inline_headline_dropped() -> None:
    teaser = "Mayor warns the ferry company could lose its licence"
    assert reasons([HEADLINE, P1, P2, "", teaser, P3, P4])[teaser] == "headline"


def test_lines_title_case_teasers_dropped() -> None:
    teasers = [
        "Storm Closes The Coast Road For A Day Drivers were told to use the inland route while crews "
        "cleared fallen trees from the carriageway near the bay.",
        "Bakery On The Quay Wins A Regional Prize The family business has baked bread on the quay "
        "for three generations and now has a trophy to show for it.",
    ]
    out = reasons([HEADLINE, *BODY, "", "Latest Stories", *teasers])
    assert all(out[t] is not None for t in teasers)


def test_lines_block_after_comments_header_dropped() -> None:
    comment = (
        "I have taken that early ferry for years and I think that the council should have told us about "
        "this much sooner, because many of us work on the other side of the water."
    )
    lines = [HEADLINE, *BODY, "", "Comments", "", "harbourfan", "", comment, "Reply"]
    out = reasons(lines)
    assert out[comment] is not None
    assert out[P4] is None


def test_lines_preassigned_reason_used() -> None:
    lines = [HEADLINE, "By Ada Lovelace", "12 March 2024", *BODY]
    result = segment_lines(lines, preassigned={1: "metadata:author", 2: "metadata:date"})
    assert result.verdicts[1] == LineVerdict(False, "metadata:author")
    assert result.verdicts[2] == LineVerdict(False, "metadata:date")
    assert result.title_index == 0


def test_lines_preassigned_body_line_dropped() -> None:
    result = segment_lines(BODY, preassigned={0: "metadata:dateline"})
    assert result.verdicts[0] == LineVerdict(False, "metadata:dateline")


def test_lines_common_lines_dropped() -> None:
    signoff = "Our reporters welcome your tips, so please write to the newsroom desk."
    common = frozenset({normalise_line(signoff)})
    out = reasons([HEADLINE, *BODY, signoff], common_lines=common)
    assert out[signoff] == "corpus-common"


def test_lines_normalise_line() -> None:
    assert normalise_line("  Share   THIS!  ") == "share this"
    assert normalise_line("© 2024 Coastal Gazette.") == "coastal gazette"
    assert normalise_line("Don’t miss") == "don't miss"
    assert normalise_line("1234 --") == ""


def test_lines_page_without_stop_word_list() -> None:
    body = [
        "港口委员会周二表示，由于北码头的维修工作比工程师预期的时间更长，新的渡轮时刻表将推迟到明年春天实施。",
        "依赖早班渡轮的居民告诉委员会，他们事先并没有被征求意见，其中几位表示今后不得不提前一个小时出门。",
        "运营公司的发言人表示，公司对此带来的不便深表歉意，并正在研究是否可以暂时从南侧滑道开行一艘小船。",
    ]
    lines = ["首页", "新闻", "地方", "体育", *body, "关于我们", "联系我们"]
    assert kept(lines) == body


def test_lines_extra_config_merged(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("groups:\n  promo:\n    patterns: ['^buy the print edition$']\n", encoding="utf-8")
    line = "Buy the print edition"
    config = load_config((extra,))
    assert reasons([HEADLINE, *BODY, line], config=config)[line] == "promo"
    assert config.stop_words == load_config().stop_words


def test_lines_never_crash_on_odd_input() -> None:
    odd = ["", "\u200b", "x" * 200_000, "🙂" * 50, "\x00\x01", "a\u0301" * 30, "\ud800 lone surrogate", "İstanbul"]
    result = segment_lines(odd)
    assert len(result.verdicts) == len(odd)
    assert segment_lines([]) == Segmentation([], None)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=300), max_size=40), st.data())
def test_lines_property_one_verdict_per_line(lines: list[str], data: st.DataObject) -> None:
    preassigned = data.draw(st.dictionaries(st.integers(0, 50), st.sampled_from(["metadata:date"]), max_size=3))
    first = segment_lines(lines, preassigned=preassigned)
    assert len(first.verdicts) == len(lines)
    assert all(v.keep == (v.reason is None) for v in first.verdicts)
    assert first.title_index is None or not first.verdicts[first.title_index].keep
    assert segment_lines(lines, preassigned=preassigned) == first  # deterministic
    kept_lines = [line for line, v in zip(lines, first.verdicts) if v.keep]
    assert all(line in lines for line in kept_lines)  # verbatim input lines, nothing invented


# --- scorer -------------------------------------------------------------------------------


def test_lines_scorer_counts_shingles() -> None:
    assert shingles("a b c") == {("a", "b", "c"): 1}
    perfect = score_page("p", "one two three four five", "one two three four five")
    assert (perfect.precision, perfect.recall) == (1.0, 1.0)
    half = score_page("p", "one two three four five six seven", "one two three four five")
    assert half.tp == 2 and half.fp == 2 and half.fn == 0
    summary = summarise([perfect, half])
    assert summary["precision"] == pytest.approx(0.75) and summary["recall"] == 1.0


def test_lines_scorer_empty_prediction() -> None:
    empty = score_page("p", "", "one two three four")
    assert empty.precision == 0.0 and empty.recall == 0.0
    assert summarise([empty])["f1"] == 0.0


# --- golden tests on the seed dumps ----------------------------------------------------------


def seed(prefix: str) -> tuple[list[str], Segmentation]:
    """A seed dump and its segmentation; skips when ../shared/seeds is not there."""
    folder = SHARED / "seeds"
    if not folder.is_dir():
        pytest.skip(f"../shared/seeds not found: {folder}")
    matches = sorted(folder.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"../shared/seeds not found: no seed {prefix} in {folder}")
    lines = matches[0].read_text(encoding="utf-8").split("\n")
    return lines, segment_lines(lines)


def verdict_of(lines: list[str], result: Segmentation, start: str) -> list[LineVerdict]:
    """Verdicts of the lines that start with `start` (at least one must)."""
    found = [v for line, v in zip(lines, result.verdicts) if line.strip().startswith(start)]
    assert found, f"no line starts with {start!r}"
    return found


def body_lines(lines: list[str], min_chars: int = 120) -> list[int]:
    return [i for i, line in enumerate(lines) if len(line) >= min_chars]


def test_lines_seed_000_body_twice_kept_once() -> None:
    lines, result = seed("000")
    long_lines = body_lines(lines)
    firsts = {}
    for i in long_lines:
        firsts.setdefault(lines[i], i)
    for i in long_lines:
        expected = LineVerdict(True) if firsts[lines[i]] == i else LineVerdict(False, "repeated")
        assert result.verdicts[i] == expected


def test_lines_seed_001_navigation_and_lists_dropped() -> None:
    lines, result = seed("001")
    for start in ("UP", "Home page", "12 Punto", "See also", "Latest", "Bize"):
        assert not any(v.keep for v in verdict_of(lines, result, start)), start
    see_also = next(i for i, line in enumerate(lines) if line.strip() == "See also")
    assert not any(v.keep for v in result.verdicts[see_also:])
    title = lines[result.title_index].strip() if result.title_index is not None else None
    assert title and all(v.reason == "title" for v in verdict_of(lines, result, title))
    assert all(result.verdicts[i].keep for i in body_lines(lines))


def test_lines_seed_002_promo_inline_headline_and_title_dropped() -> None:
    lines, result = seed("002")
    assert not any(v.keep for v in verdict_of(lines, result, "Due to censorship"))
    assert not any(v.keep for v in verdict_of(lines, result, "Lavrov believes"))
    assert not any(v.keep for v in verdict_of(lines, result, "Stoltenberg: The world"))
    assert result.title_index is not None
    title = lines[result.title_index].strip()
    copies = verdict_of(lines, result, title)
    assert len(copies) >= 2 and all(v.reason == "title" for v in copies)
    assert all(result.verdicts[i].keep for i in body_lines(lines) if "Due to censorship" not in lines[i])
    assert verdict_of(lines, result, "“For many years")[0].keep  # short body paragraph ending in a quote


def test_lines_seed_003_breadcrumb_and_comment_form_dropped() -> None:
    lines, result = seed("003")
    assert result.title_index is not None and result.title_index > 0
    assert not result.verdicts[0].keep
    for start in ("No Comments", "Leave A Reply", "Please enter your comment", "Please enter your name", "Exit mobile"):
        assert not any(v.keep for v in verdict_of(lines, result, start)), start
    assert all(result.verdicts[i].keep for i in body_lines(lines, 80))
    assert verdict_of(lines, result, "These measures follow")[0].keep  # one-sentence paragraph


def test_lines_seed_004_share_and_comment_form_dropped() -> None:
    lines, result = seed("004")
    for start in (
        "Share This Post On",
        "Submit a Comment",
        "Your email address",
        "Pin It on Pinterest",
        "Share This",
        "Share this post",
        "Source:",
        "Author:",
    ):
        assert not any(v.keep for v in verdict_of(lines, result, start)), start
    assert result.title_index == 0
    assert all(result.verdicts[i].keep for i in body_lines(lines))


def test_lines_seed_004_preassigned_metadata_used() -> None:
    lines, _ = seed("004")
    preassigned = {i: "metadata:author" for i, line in enumerate(lines) if line.startswith("Author:")}
    result = segment_lines(lines, preassigned=preassigned)
    assert all(result.verdicts[i].reason == "metadata:author" for i in preassigned)


# Titles from a page dump only with evidence (issue 10): repeated, echoed, or right above the body;
# never a site name or a widget line; never leaving the body empty. Both paths: rules and model.
MENU_LINES = ["Home", "World", "Business", "Sport", "Weather", "Search"]


def _model():
    from detente.clean.classifier import load_model

    return load_model()


@pytest.mark.parametrize("use_model", [False, True])
def test_lines_title_right_above_the_body(use_model: bool) -> None:
    lines = [*MENU_LINES, HEADLINE, P1, P2, P3, P4]
    result = segment_lines(lines, model=_model() if use_model else None)
    assert result.title_index == lines.index(HEADLINE)


@pytest.mark.parametrize("use_model", [False, True])
def test_lines_no_title_far_above_the_body_without_evidence(use_model: bool) -> None:
    lines = [HEADLINE, "Ferry services", "Local news today", *MENU_LINES, P1, P2, P3, P4]
    result = segment_lines(lines, model=_model() if use_model else None)
    assert result.title_index is None


@pytest.mark.parametrize("use_model", [False, True])
def test_lines_site_name_of_the_page_title_is_not_the_title(use_model: bool) -> None:
    site = "The Harbour Gazette Online"
    lines = [f"{HEADLINE} | {site}", *MENU_LINES, site, P1, P2, P3, P4]
    result = segment_lines(lines, model=_model() if use_model else None)
    assert result.title_index is None or lines[result.title_index] != site


@pytest.mark.parametrize("use_model", [False, True])
def test_lines_share_line_is_never_the_title(use_model: bool) -> None:
    lines = [*MENU_LINES, "Share this article on Facebook", P1, P2, P3, P4]
    result = segment_lines(lines, model=_model() if use_model else None)
    assert result.title_index is None


@pytest.mark.parametrize("use_model", [False, True])
def test_lines_echo_of_the_given_title_is_the_title(use_model: bool) -> None:
    lines = [*MENU_LINES, HEADLINE, "By the harbour desk", "Updated on Tuesday", P1, P2, P3, P4]
    result = segment_lines(lines, model=_model() if use_model else None, given_title=HEADLINE)
    assert result.title_index == lines.index(HEADLINE)


def test_lines_title_never_empties_the_body() -> None:
    """When the only kept line is (a copy of) the headline, no title is taken and it stays."""
    from detente.clean.lines import _WORD, _features, _take_title

    lines = ["Harbour news", HEADLINE, f"{HEADLINE} says mayor"]
    features = [_features(line, _WORD.findall(line), load_config().stop_words[0][1]) for line in lines]
    keep, why = [False, False, True], [None, None, None]
    assert _take_title(lines, features, keep, why, None) is None
    assert keep == [False, False, True] and why == [None, None, None]
