"""Line classification for plain-text page dumps: which lines are the article body.

A page dump is the visible text of a whole web page, one line per block: menus, share buttons,
lists of other headlines, comment forms and footers around the article.

First, a text with no boilerplate signal at all (`boilerplate_signals`: no pattern line, no
repeated or corpus-common line, no link list) is not a page dump: a one-sentence brief, a
paragraph, an extractor's output. It is kept whole (`_keep_whole`), as is any text the caller
says is clean; its first line is the title only with evidence. Judging such lines one by one
would only lose real text. So is a text whose only signals are one or two pattern lines (a
copyright notice, a share row: `_widget_lines`): those lines are dropped, the rest kept whole.

Page dumps go to the learned classifier when one is given (`classifier.py`, the shipped
`detente/data/cleaner/model.json`; `detente.clean` always passes it): gradient-boosted trees
over shape features of each line and its neighbours, cross-validated on the dev dumps, where
they beat the hand-tuned rules below on pages nobody tuned on. Around the model: metadata
lines, later copies and pattern groups of HARD_REASONS stay dropped whatever it says, a
stray short kept line goes, prose after a short box of links inside the article is kept,
and the headline is found as in step 5.

Without a model, the rules (jusText, adapted to lines without HTML):

1. Lines with a known boilerplate role are dropped outright: empty lines, lines the metadata
   extractor claimed (`preassigned`), lines common to many documents of the corpus, lines
   matching a pattern group of `data/boilerplate.yaml` (share, comments, related, ...), later
   copies of a line seen before (a body printed twice), short lines printed twice (menus), and
   headlines of other stories dropped into the body ("X believes Y", no full stop).
2. Every other line gets a class from its shape: `short` (under ~70 characters, or without
   final punctuation), `good` (long, with the share of stop words running prose has), `near`
   (prose-like but fewer stop words) or `bad` (not prose: lists, Title Case link text,
   teasers that glue a Title Case headline to its summary).
3. `short` and `near` lines take the class of their neighbours, so a one-sentence paragraph
   or a crosshead inside the article stays and a lone word in a menu goes; a prose line right
   after the body stays even when the dump cut it off mid-word.
4. Good lines form blocks. The article is the first big block after an anchor (a line that
   repeats the page's HTML title, or a preassigned metadata line), else the biggest block
   before a section header ("Comments", "See also"); other blocks stay only if big and not
   cut off from it by such a header.
5. The headline is found before the body (repeated, or echoed by the page title, or right
   above it) and every copy of it is dropped with reason `title`.

Everything language-specific (stop words, patterns) lives in `data/boilerplate.yaml`; the
thresholds below describe text shape and hold across sites.
"""

from __future__ import annotations

import heapq
import re
import re._constants as _sre  # (the parsed form of a pattern: `_required`)
import re._parser as _sre_parser
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import NamedTuple

import numpy as np

from detente.clean.classifier import TreeModel, feature_matrix, page_row, text_row
from detente.resources import load_data

DATA_FILE = "boilerplate.yaml"  # under detente/data/

SHORT_CHARS = 70  # below this a line is too short to judge alone (jusText length_low)
LONG_CHARS = 200  # at or above this a prose-like line is good on its own (jusText length_high)
STOP_LOW = 0.30  # stop-word share of near-good lines (jusText stopwords_low)
STOP_HIGH = 0.32  # stop-word share of good lines (jusText stopwords_high)
MIN_PAGE_STOP = 0.15  # below this stop-word share over the page, no stop-word list fits it
LANGUAGE_SAMPLE_LINES = 10  # the page's language is judged on this many of its longest lines
TITLE_CASE_PREFIX = 6  # this many capitalised words, one a stop word, open a Title Case line
TITLE_CASE_SHARE = 0.7  # capitalised-word share above which an unpunctuated line is link text
MAX_GAP = 3  # non-body lines that may separate two parts of one block
MIN_BLOCK_SHARE = 0.25  # a secondary block needs this share of the main block's text
MIN_ARTICLE_CHARS = 400  # a block this big before a "Comments"/"Related" header is the article
TITLE_MAX_WORDS = 30
EDGE_SENTENCE_WORDS = 10  # a full sentence this long next to the body is body...
EDGE_SENTENCE_STOP = 0.15  # ...if it has at least some stop words (not a list of names)
TITLE_EXTRA_WORDS = 6  # a line holding the title plus this many words is a title copy ("Home World <title>")

# Reasons that only say "looks like boilerplate"; a section header gives them a better name.
_GENERIC_REASONS = frozenset({"short", "menu", "menu-bar", "link-list", "non-prose", "teaser", "headline", "outside-main-block"})

_WORD = re.compile(r"[^\W\d_]+")
# `_tokens`: every ASCII character that is no letter becomes a space (so splitting on spaces
# finds what `_WORD` finds), and typographic punctuation common in news text (no letter
# either) is replaced first, so that most lines take the fast ASCII path. The mapping is a
# byte table for the encoded line (`bytes.translate`: one C lookup per byte; `str.translate`
# with a mapping was several times slower); `_features` uses the same tables to lowercase
# ("l"/"U" below: the case of each letter, for counting capitalised words).
_LETTER_BYTES = bytes(c if chr(c).isalpha() else 32 for c in range(128)) + bytes(range(128, 256))
_LOWER_LETTER_BYTES = bytes(ord(chr(c).lower()) if chr(c).isalpha() else 32 for c in range(128)) + bytes(range(128, 256))
_CASE_BYTES = bytes((85 if chr(c).isupper() else 108) if chr(c).isalpha() else 32 for c in range(128)) + bytes(range(128, 256))
_TYPOGRAPHIC = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u00b7\u2022\u00a9\u00a0"
_WIDE = re.compile(r"[\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
_TERMINAL_CHARS = frozenset(".!?…:;。！？\"'”’»)]")  # a line ending in one of these ends like a sentence or quotation
_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z.' -]{2,30}(?:,[^\u2014\u2013(-]{0,25})?\s*(?:\([^)]{1,25}\))?\s*[\u2014\u2013-]+\s+")


@dataclass(frozen=True)
class LineVerdict:
    """Whether one input line belongs to the article body, and if not, why."""

    keep: bool
    reason: str | None = None  # None when kept; a short slug such as "menu", "share", "repeated"


@dataclass(frozen=True)
class Segmentation:
    verdicts: list[LineVerdict]  # one per input line, same order
    title_index: int | None  # index of the line chosen as the title, if any


@dataclass(frozen=True)
class _Matcher:
    """A list of regular expressions as two compiled ones: those anchored at the start (tried
    once, at position 0) and the others (searched). One big alternation searched at every
    position of every line costs several times more.

    `screen`: strings one of which every match of a floating pattern contains (`_screen`);
    a line holding none of them is not searched at all (a long prose line, tested only by
    the cookie-banner patterns, holds no "cookie"). None: no such strings are known.

    `by_opener`: for each character an anchored pattern can open with, the alternation of
    the anchored patterns that can open with it (and of those whose opening character is not
    known); `rest`: of the latter alone, for a line opening with any other character. A
    pattern can match at position 0 only if the line opens with one of its opening
    characters, so a line is tried against a few anchored patterns instead of dozens."""

    anchored: re.Pattern[str]
    floating: re.Pattern[str]
    screen: tuple[str, ...] | None = None
    by_opener: Mapping[str, re.Pattern[str]] = field(default_factory=dict, compare=False)
    rest: re.Pattern[str] | None = field(default=None, compare=False)

    @classmethod
    def compile(cls, patterns: Iterable[str]) -> _Matcher:
        anchored = [p[1:] for p in patterns if p.startswith("^")]
        floating = [p for p in patterns if not p.startswith("^")]
        screen = _screen(floating)
        # A word boundary shared by most floating patterns is tested once per position, not
        # once per pattern: the same matches, several times faster.
        at_word = [p[2:] for p in floating if p.startswith(r"\b")]
        others = [p for p in floating if not p.startswith(r"\b")]
        by_opener, rest = _by_opener(anchored)
        if not at_word:
            return cls(_alternation(anchored), _alternation(others), screen, by_opener, rest)
        word_branch = r"\b(?:" + _alternation(at_word).pattern + ")"
        return cls(_alternation(anchored), _alternation([word_branch, *others]), screen, by_opener, rest)

    def matches(self, text: str) -> bool:
        anchored = self.by_opener.get(text[0], self.rest) if text and self.rest is not None else self.anchored
        if anchored.match(text):
            return True
        if self.screen is not None and len(text) > SCREEN_CHARS and not any(map(text.__contains__, self.screen)):
            return False  # no floating pattern can match: each needs one of these strings
        return bool(self.floating.search(text))


def _by_opener(patterns: Sequence[str]) -> tuple[dict[str, re.Pattern[str]], re.Pattern[str] | None]:
    """`_Matcher.by_opener` and `rest` for these anchored patterns (`_openers` of each);
    ({}, None) when there are none (then the one alternation is tried)."""
    if not patterns:
        return {}, None
    openers = [_openers(pattern) for pattern in patterns]
    unknown = [pattern for pattern, found in zip(patterns, openers) if found is None]
    characters = sorted(set().union(*(found for found in openers if found is not None)))
    by_opener = {
        character: _alternation([p for p, found in zip(patterns, openers) if found is None or character in found])
        for character in characters
    }  # fmt: skip
    return by_opener, _alternation(unknown)


def _openers(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` (at position 0) must open with, read from the
    stdlib's parse of it; None when not sure (case folding, classes, optional openings, a
    pattern that may match nothing)."""
    try:
        parsed = _sre_parser.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
        return None
    return _opening(list(parsed))


def _opening(items: list) -> frozenset[str] | None:
    while items:
        op, value = items[0]
        if op is _sre.AT:  # ^, \b: match no character
            items = items[1:]
        elif op is _sre.SUBPATTERN:
            if value[1] & (re.IGNORECASE | re.LOCALE):
                return None
            items = list(value[3]) + items[1:]  # a group is matched once, in place
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and value[0] >= 1:
            items = list(value[2]) + items[1:]  # its first repetition comes first
        elif op is _sre.LITERAL:
            return frozenset(chr(value))
        elif op is _sre.BRANCH:
            branches = [_opening(list(branch) + items[1:]) for branch in value[1]]
            if any(found is None for found in branches):
                return None
            return frozenset().union(*branches)  # type: ignore[arg-type]
        elif op is _sre.IN and all(kind is _sre.LITERAL for kind, _ in value):
            return frozenset(chr(code) for _, code in value)
        else:
            return None
    return None


SCREEN_CHARS = 40  # shorter lines are searched at once: there a few dozen substring tests cost more than the search


def _screen(patterns: Sequence[str]) -> tuple[str, ...] | None:
    """Strings one of which any match of any of `patterns` contains (`_required`, per
    pattern), or None when a pattern has none (then every line must be searched)."""
    found: set[str] = set()
    for pattern in patterns:
        parsed = _sre_parser.parse(pattern)
        required = None if parsed.state.flags & (re.IGNORECASE | re.LOCALE) else _required(list(parsed))
        if required is None:
            return None
        found |= required
    # a string holding another of them adds nothing: " cookies" is found only where "cookie" is
    return tuple(sorted(text for text in found if not any(other != text and other in text for other in found)))


def _required(items: list) -> frozenset[str] | None:
    """Strings one of which any match of the parsed pattern `items` must contain, or None.

    Every item of a sequence is matched, so each run of plain characters in it is a
    candidate (a set of one), and so is a group, or an alternation whose every branch has
    a candidate (the set of all theirs: one branch matches). The most selective candidate
    is kept: the one whose shortest string is longest. Anything else (classes, repeats,
    anchors) only ends a run of characters. A group that turns on case folding has none.
    """
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, value in [*items, (None, None)]:  # (a sentinel that ends the last run)
        if op is _sre.LITERAL:
            run.append(chr(value))
            continue
        if run:
            candidates.append(frozenset({"".join(run)}))
            run = []
        if op is _sre.SUBPATTERN:
            _, add_flags, _, sub = value
            inner = None if add_flags & (re.IGNORECASE | re.LOCALE) else _required(list(sub))
            if inner is not None:
                candidates.append(inner)
        elif op is _sre.BRANCH:
            branches = [_required(list(branch)) for branch in value[1]]
            if all(branch is not None for branch in branches):
                candidates.append(frozenset().union(*branches))  # type: ignore[arg-type]
    if not candidates:
        return None
    return max(candidates, key=lambda strings: (min(map(len, strings)), -len(strings)))


def _alternation(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) if patterns else r"(?!)")


@dataclass(frozen=True)
class BoilerplateConfig:
    """The word lists and compiled patterns of `boilerplate.yaml` (immutable, load once)."""

    stop_words: tuple[tuple[str, frozenset[str]], ...]  # (language code, words)
    # Every stop word -> bit r set for each list r of `stop_words` holding it (`_stop_index`; read
    # only, derived from `stop_words`, so left out of equality and the hash).
    stop_index: Mapping[str, int] = field(compare=False)
    headline_verbs: frozenset[str]
    groups: tuple[tuple[str, int, _Matcher], ...]  # (reason, max_words, patterns)
    any_group: _Matcher  # all patterns at once: most lines match none, one test rules them out
    max_words: int  # no group looks at longer lines
    by_length: tuple[tuple[int, _Matcher], ...]  # (max words, patterns of the groups that look that far), ascending
    section_headers: frozenset[str]
    closing_headers: frozenset[str]


class _Line(NamedTuple):
    """Shape features of one non-empty line (a named tuple: built for every line of every
    page, it must be cheap to make)."""

    norm: str
    chars: int  # length, East Asian characters counted triple (they carry a word each)
    words: int
    stop_share: float
    capital_share: float
    terminal: bool  # ends like a sentence (or a quotation)
    title_case_start: bool  # opens with Title Case Stop Words: a headline glued to its teaser
    copyright_mark: bool = False  # opens with ©, ⓒ or (c): the patterns see it (`_pattern_text`)


def normalise_line(line: str) -> str:
    """The form two copies of a boilerplate line share, whatever their case or decoration.

    Lowercase, curly double quotes and apostrophes (’) made straight, whitespace runs collapsed
    to one space, and anything but letters (punctuation, digits, symbols) stripped from both
    ends: "  Share this! " -> "share this", "© 2019 Acme." -> "acme".
    Used for repeats within a page and for CCNet-style `common_lines` across a corpus.
    """
    text = " ".join(line.lower().replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').split())
    start, end = 0, len(text)
    while start < end and not text[start].isalpha():
        start += 1
    while end > start and not text[end - 1].isalpha():
        end -= 1
    return text[start:end]


def load_config(extra_files: tuple[Path, ...] = ()) -> BoilerplateConfig:
    """Load `boilerplate.yaml`, with users' extra files merged in (lists append, scalars replace).

    A plain loader (tens of milliseconds: the patterns are compiled): load it once and pass
    it, as `resources.load_cleaning_resources` does (`CleaningResources.boilerplate`)."""
    data = load_data(DATA_FILE, extra_files)
    groups = tuple(
        (name, int(spec.get("max_words", 12)), _Matcher.compile(spec["patterns"]))
        for name, spec in (data.get("groups") or {}).items()
        if spec.get("patterns")
    )
    all_patterns = [p for spec in (data.get("groups") or {}).values() for p in spec.get("patterns") or ()]
    stop_words = tuple(
        (lang, frozenset(str(w).lower() for w in words)) for lang, words in (data.get("stop_words") or {}).items()
    )
    return BoilerplateConfig(
        stop_words=stop_words,
        stop_index=_stop_index(stop_words),
        headline_verbs=frozenset(w.lower() for w in data.get("headline_verbs") or ()),
        groups=groups,
        any_group=_Matcher.compile(all_patterns),
        max_words=max((m for _, m, _ in groups), default=0),
        by_length=_length_tiers(data.get("groups") or {}),
        section_headers=frozenset(data.get("section_headers") or ()),
        closing_headers=frozenset(data.get("closing_headers") or ()),
    )


def _length_tiers(groups: Mapping[str, dict]) -> tuple[tuple[int, _Matcher], ...]:
    """For each distinct `max_words`, one matcher of the groups that test lines that long: a
    long line is tried against the few groups that look at long lines (cookie banners,
    comment forms), not against every menu word."""
    limits = sorted({int(spec.get("max_words", 12)) for spec in groups.values() if spec.get("patterns")})
    return tuple(
        (
            limit,
            _Matcher.compile(
                [p for spec in groups.values() if int(spec.get("max_words", 12)) >= limit for p in spec.get("patterns") or ()]
            ),
        )
        for limit in limits
    )


def segment_lines(
    lines: list[str],
    preassigned: dict[int, str] | None = None,
    common_lines: frozenset[str] = frozenset(),
    config: BoilerplateConfig | None = None,
    model: TreeModel | None = None,
    clean: bool = False,
    given_title: str | None = None,
    memo: LineMemo | None = None,
) -> Segmentation:
    """Classify each line of a page dump as body or boilerplate.

    Args:
        lines: the page dump, one block per line.
        preassigned: line index -> reason for lines already claimed (metadata); dropped as such.
        common_lines: normalised lines frequent in the corpus (`normalise_line`); dropped.
        config: word lists and patterns (`load_config`); None: the packaged
            `boilerplate.yaml`, loaded for this call (pass it when cleaning many pages).
        model: the learned line classifier (`classifier.load_model()`); None: the rules.
        clean: the text is known to be an article already (JSONL `"clean": true`,
            `--text-is-clean`): every line is kept but metadata lines and a headline.
        given_title: the title the input states (JSONL, HTML); a line echoing it is the title.
        memo: what earlier pages' lines gave (`LineMemo`; the same results, faster when
            pages repeat lines); None: every line worked out afresh.

    A text with no boilerplate signal (see `boilerplate_signals`) is kept whole, as if clean:
    a one-sentence brief or a paragraph has nothing to remove, and judging its lines as if
    they were a page's would lose them.

    Returns:
        One verdict per line, and the index of the headline (dropped as `title`) if found.
    """
    config = config or load_config()
    preassigned = preassigned or {}
    stop_words, infos = _line_infos(lines, config, memo, shape=model is not None)
    features = [info.features if info else None for info in infos]
    counts = _norm_counts(features)  # (read by the repeat tests, the model's inputs and the title search)
    reasons, patterns = _fixed_reasons(features, preassigned, common_lines, config, infos, counts)
    signals = [] if clean else boilerplate_signals(features, reasons, preassigned)
    if not signals:
        return _keep_whole(lines, features, preassigned, given_title)
    widgets = _widget_lines(features, reasons, patterns, preassigned, config.section_headers)
    if widgets:
        return _keep_whole(lines, features, {**preassigned, **widgets}, given_title)
    if model is not None:
        return _segment_with_model(
            lines, features, reasons, patterns, preassigned, config, model, given_title, infos, stop_words is not None, counts
        )  # fmt: skip
    headers = [i for i, r in enumerate(reasons) if r in config.section_headers]
    classes = [
        "empty" if f is None else "bad" if reasons[i] else _shape_class(f, stop_words is not None) for i, f in enumerate(features)
    ]
    classes = _resolve_by_neighbours(classes)
    _keep_cut_off_paragraphs(classes, features, reasons)
    anchors = _anchors(features, preassigned)
    closers = frozenset(i for i, r in enumerate(reasons) if r in config.closing_headers)
    keep = _select_blocks(classes, features, reasons, headers, closers, anchors)
    title_index = _take_title(lines, features, keep, reasons, given_title, counts)
    final = _name_reasons(features, classes, keep, reasons, config.section_headers)
    return Segmentation(_verdicts(final), title_index)


def _norm_counts(features: Sequence[_Line | None]) -> Counter[str]:
    """How often each normalised form occurs on the page (read only; made once per page)."""
    return Counter(f.norm for f in features if f and f.norm)


def _tokens(line: str) -> list[str]:
    """The words of a line: `_WORD.findall(line)` (runs of letters), found faster.

    Why: the regex walks a Unicode character class per character; on ASCII text mapping
    every non-letter to a space and splitting is several times faster and finds the same
    runs. Typographic punctuation (curly quotes, dashes) is no letter, so it becomes a space
    first; a line with other non-ASCII characters goes through the regex."""
    if not line.isascii():
        for mark in _TYPOGRAPHIC:
            if mark in line:
                line = line.replace(mark, " ")
        if not line.isascii():
            return _WORD.findall(line)
    return line.encode().translate(_LETTER_BYTES).decode().split()


_KEPT = LineVerdict(True)


def _verdicts(reasons: Sequence[str | None]) -> list[LineVerdict]:
    """One verdict per line (None: kept). Verdicts are immutable, so lines with the same
    reason share one: making a frozen dataclass per line of every page was a noticeable
    share of the cleaning time."""
    shared: dict[str, LineVerdict] = {}
    return [_KEPT if r is None else shared.get(r) or shared.setdefault(r, LineVerdict(False, r)) for r in reasons]


def _title_case_start(tokens: Sequence[str], lowered: Sequence[str], stop_words: frozenset[str]) -> bool:
    """Whether the line opens with a Title Case headline ("Police In Custody After ...").

    In running text a capitalised stop word is rare after the first word (proper names keep
    theirs lowercase: "Department of State"); in an English headline every word is capitalised.
    """
    head = tokens[:TITLE_CASE_PREFIX]
    # (the second word first: in running text it is lowercase, and one test is cheaper than a generator)
    if len(head) < TITLE_CASE_PREFIX or not head[1][0].isupper() or not all(t[0].isupper() for t in head):
        return False
    # (a stop word just after the first may open a sentence: "(Reuters) - The ...")
    return any(w in stop_words for w in lowered[2:TITLE_CASE_PREFIX])


def _after_dateline(text: str, tokens: list[str], lowered: list[str]) -> tuple[list[str], list[str]]:
    """Tokens after a dateline ("MOSCOW, August 2 —", "BEIJING, Dec 3 (AFP) -"): its capitals
    say nothing about whether the sentence after it is a Title Case headline."""
    match = _DATELINE_PREFIX.match(text)
    if not match:
        return tokens, lowered
    rest = text[match.end() :]
    return _tokens(rest), _tokens(rest.lower())


def _page_stop_words(
    tokens: Sequence[list[str]], stop_lists: Sequence[tuple[str, frozenset[str]]], stop_index: Mapping[str, int]
) -> frozenset[str] | None:
    """The stop-word list of the page's language, judged on its longest lines; None if none fits.
    `stop_index`: `_stop_index(stop_lists)`, built once with the config (`BoilerplateConfig.stop_index`).

    A page whose words are not at least MIN_PAGE_STOP stop words in any list (Chinese, or a
    language we have no list for) is judged without stop words.
    """
    longest = heapq.nlargest(LANGUAGE_SAMPLE_LINES, tokens, key=len)  # = sorted(...)[:n], without sorting all lines
    # Lowercasing the joined tokens is lowercasing each: the space between them is neither
    # cased nor case-ignorable, so no letter's context changes.
    sample = " ".join(chain.from_iterable(longest)).lower().split()
    if not stop_lists or not sample:
        return None
    # Each word looked up once, in one index of all the lists (`_stop_index`), instead of once
    # per list: the same counts, a third of the time.
    counts = [0] * len(stop_lists)
    for lists, found in Counter(filter(None, map(stop_index.get, sample))).items():
        for rank in range(len(stop_lists)):
            if lists >> rank & 1:
                counts[rank] += found
    count, rank = max((found, -rank) for rank, found in enumerate(counts))  # the first list wins a tie
    return stop_lists[-rank][1] if count >= MIN_PAGE_STOP * len(sample) else None


def _stop_index(stop_lists: Sequence[tuple[str, frozenset[str]]]) -> dict[str, int]:
    """Every stop word of the lists, with bit r set for each list r that holds it."""
    index: dict[str, int] = {}
    for rank, (_, words) in enumerate(stop_lists):
        for word in words:
            index[word] = index.get(word, 0) | 1 << rank
    return index


def _features(line: str, tokens: list[str], stop_words: frozenset[str] | None) -> _Line | None:
    """Shape features of a line, or None for a blank one."""
    text = line.strip()
    if not text:
        return None
    n = len(tokens) or 1
    ascii_text = text.isascii()
    if not stop_words:
        lowered = []
    else:  # in ASCII, lowercasing moves no token boundary: no second regex pass
        lowered = text.encode().translate(_LOWER_LETTER_BYTES).decode().split() if ascii_text else _tokens(text.lower())
    stops = sum(map(stop_words.__contains__, lowered)) if stop_words else 0
    if ascii_text:  # a word opens with a capital where a space is followed by an upper-case letter
        capitals = (b" " + text.encode().translate(_CASE_BYTES)).count(b" U")
    else:
        capitals = sum([t[0].isupper() for t in tokens])
    return _Line(
        norm=normalise_line(text),
        chars=len(text) if ascii_text else len(text) + 2 * len(_WIDE.findall(text)),
        words=len(tokens),
        stop_share=stops / n,
        capital_share=capitals / n,
        terminal=text[-1] in _TERMINAL_CHARS,
        title_case_start=bool(stop_words) and _title_case_start(*_after_dateline(text, tokens, lowered), stop_words),  # type: ignore[arg-type]
        copyright_mark=text[0] in _COPYRIGHT_OPENERS and _COPYRIGHT_MARK.match(text) is not None,
    )


# A copyright mark opening a line ("© 2019 Acme", "(c) 2008 Example News", "ⓒ Acme"): the
# normalised form drops it with the other symbols and digits at the line's ends, leaving
# "acme", so the patterns are shown it as "© " before that form (`_pattern_text`).
_COPYRIGHT_MARK = re.compile(r"©|ⓒ|\([cCсС]\)")
_COPYRIGHT_OPENERS = "©ⓒ("


def _pattern_text(f: _Line) -> str:
    """What the patterns of `boilerplate.yaml` are matched against: the normalised line,
    after "© " when the line opens with a copyright mark."""
    return "© " + f.norm if f.copyright_mark else f.norm


def _fixed_reasons(
    features: Sequence[_Line | None],
    preassigned: Mapping[int, str],
    common_lines: frozenset[str],
    config: BoilerplateConfig,
    infos: Sequence[_LineInfo | None] | None = None,
    counts: Counter[str] | None = None,
) -> tuple[list[str | None], list[str | None]]:
    """Reasons known from a line alone or its repeats, before any neighbour is considered;
    and, apart, the pattern group each line matches (the classifier reads both). `infos`
    (from `_line_infos`) carry each line's pattern group and headline test already made;
    `counts`, `_norm_counts(features)` when the caller has it."""
    counts = _norm_counts(features) if counts is None else counts
    seen: set[str] = set()
    reasons: list[str | None] = []
    patterns: list[str | None] = []
    for i, f in enumerate(features):
        if f is None:
            reasons.append("empty")
            patterns.append(None)
            continue
        info = infos[i] if infos is not None else None
        pattern = info.pattern if info else _pattern_reason(f, config)
        patterns.append(pattern)
        reason = preassigned.get(i)
        if reason is None and f.norm in common_lines:
            reason = "corpus-common"
        if reason is None:
            reason = pattern
        if reason is None and f.norm in seen:
            reason = "repeated"
        if reason is None and counts[f.norm] > 1 and f.chars < SHORT_CHARS:
            reason = "repeated"  # a short line printed twice is navigation or a headline
        if reason is None and (info.inline_headline if info else _is_inline_headline(f, config.headline_verbs)):
            reason = "headline"
        seen.add(f.norm)
        reasons.append(reason)
    return reasons, patterns


def _first_line(features: Sequence[_Line | None]) -> int | None:
    """Index of the first non-empty line. Lines are compared by index, never by identity: a
    line printed twice may share one `_Line` (`LineMemo`)."""
    return next((i for i, f in enumerate(features) if f), None)


def _text_shape(line: str, f: _Line) -> tuple[float, float, float, bool, int]:
    """The classifier's inputs that depend on a line's text alone: digit share, commas per
    word, mean word length (of the normalised form), lowercase start, separators."""
    text = line.strip()
    # The normalised form's words are separated by single spaces, with none at its ends
    # (`normalise_line`): counting spaces gives the words and their letters without a split.
    spaces = f.norm.count(" ")
    return (
        _digits(text) / len(text), text.count(",") / (f.words or 1),
        (len(f.norm) - spaces) / (spaces + 1) if f.norm else 0.0, text[0].islower(), _separators(text),
    )  # fmt: skip


def _separators(text: str) -> int:
    """How many `_SEPARATOR_CHARS` the text holds (in ASCII text only "|" and ">" can be there)."""
    return text.count("|") + text.count(">") if text.isascii() else sum(map(text.count, _SEPARATOR_CHARS))


def _text_row(line: str, f: _Line, pattern: str | None, section_headers: frozenset[str]) -> tuple[float, ...]:
    """The classifier's per-line features that the line's text decides (`classifier.text_row`)."""
    digit_share, comma_rate, mean_word_len, lower_start, separators = _text_shape(line, f)
    return text_row(
        f.chars, f.words, f.stop_share, f.capital_share, f.terminal, f.title_case_start, pattern is not None,
        pattern in section_headers, digit_share, comma_rate, mean_word_len, lower_start, separators,
    )  # fmt: skip


class _LineInfo(NamedTuple):
    """Everything a line's own text (with the page's stop-word list) decides."""

    features: _Line
    pattern: str | None  # the pattern group it matches (`_pattern_reason`)
    inline_headline: bool  # `_is_inline_headline`
    shape: tuple[float, ...] | None  # `_text_row`, when the classifier is to read the line


MEMO_CHARS = 80  # lines this short are memoised: menus, share rows, footers, headlines repeat; prose rarely does


class LineMemo:
    """What each short line's text decided on earlier pages (tokens, shape features, pattern
    group, headline test, the classifier's text-only inputs), for the pages one worker cleans.

    Why: a site prints the same menus, share rows, related-links boxes and footers on every
    page, so most short lines of a crawl were seen before; their regexes and features need
    not be computed again. Every value is a function of the line's text (and the page's
    stop-word list and the boilerplate config), so a memo changes no result, only the time.
    Bounded: two generations of at most `limit` entries (when the newer fills up, the older
    is dropped and entries found there move up), so memory stays flat however many pages go
    through while a site's boilerplate stays in. Not shared between processes (pickled
    empty); one config at a time (another config empties it).
    """

    def __init__(self, limit: int = 10_000) -> None:
        self.limit = limit
        self._config: BoilerplateConfig | None = None
        self._new: dict[object, object] = {}  # line -> [tokens, stop words, _LineInfo | None] (`entry`)
        self._old: dict[object, object] = {}

    def __reduce__(self) -> tuple[type, tuple[int]]:
        return (LineMemo, (self.limit,))

    def use(self, config: BoilerplateConfig) -> None:
        """Start over if the entries were made under another config."""
        if self._config is not config:
            self._new, self._old, self._config = {}, {}, config

    def _get(self, key: object) -> object:
        found = self._new.get(key, _MISSING)
        if found is _MISSING:
            found = self._old.get(key, _MISSING)
            if found is not _MISSING:
                self._put(key, found)
        return found

    def _put(self, key: object, value: object) -> None:
        if len(self._new) >= self.limit:
            self._old, self._new = self._new, {}
        self._new[key] = value

    def entry(self, line: str) -> list:
        """The line's entry: [its tokens (`_tokens`; shared, never modify them), the stop
        words its info was made under, that `_LineInfo`]. One lookup serves both: the
        tokens are needed first (they choose the page's stop words), the info after."""
        found = self._get(line)
        if found is _MISSING:
            found = [_tokens(line), _MISSING, None]
            self._put(line, found)
        return found  # type: ignore[return-value]

    @staticmethod
    def info(
        entry: list, line: str, stop_words: frozenset[str] | None, config: BoilerplateConfig, shape: bool
    ) -> _LineInfo | None:
        """The line's `_LineInfo` under this page's stop words (None for a blank line), kept
        in its `entry`; made again under other stop words, or when `shape` asks for the
        classifier's inputs that an entry made without them lacks."""
        info = entry[2]
        if entry[1] is not stop_words or (shape and info is not None and info.shape is None):
            info = _line_info(line, entry[0], stop_words, config, shape)
            entry[1], entry[2] = stop_words, info
        return info


_MISSING = object()


def _line_info(line: str, tokens: list[str], stop_words: frozenset[str] | None, config: BoilerplateConfig, shape: bool) -> _LineInfo | None:
    f = _features(line, tokens, stop_words)
    if f is None:
        return None
    pattern = _pattern_reason(f, config)
    row = _text_row(line, f, pattern, config.section_headers) if shape else None
    return _LineInfo(f, pattern, _is_inline_headline(f, config.headline_verbs), row)


def _line_infos(
    lines: Sequence[str], config: BoilerplateConfig, memo: LineMemo | None, shape: bool = True
) -> tuple[frozenset[str] | None, list[_LineInfo | None]]:
    """The page's stop-word list and each line's `_LineInfo` (None for blank lines; `shape`:
    with the classifier's text-only inputs); short lines through `memo` when there is one."""
    if memo is None:
        tokens = [_tokens(line) for line in lines]
        stop_words = _page_stop_words(tokens, config.stop_words, config.stop_index)
        return stop_words, [_line_info(line, toks, stop_words, config, shape) for line, toks in zip(lines, tokens)]
    memo.use(config)
    entries = [memo.entry(line) if len(line) <= MEMO_CHARS else None for line in lines]
    tokens = [_tokens(line) if entry is None else entry[0] for line, entry in zip(lines, entries)]
    stop_words = _page_stop_words(tokens, config.stop_words, config.stop_index)
    infos = [
        _line_info(line, toks, stop_words, config, shape) if entry is None else memo.info(entry, line, stop_words, config, shape)
        for line, toks, entry in zip(lines, tokens, entries)
    ]
    return stop_words, infos


def _pattern_reason(f: _Line, config: BoilerplateConfig) -> str | None:
    """The first pattern group that matches this (short enough) line."""
    if f.words > config.max_words:
        return None
    tier = next(matcher for limit, matcher in config.by_length if f.words <= limit)
    text = _pattern_text(f)
    if not tier.matches(text):
        return None
    for name, max_words, matcher in config.groups:
        if f.words <= max_words and matcher.matches(text):
            return name
    return None


def _is_inline_headline(f: _Line, headline_verbs: frozenset[str]) -> bool:
    """A short unpunctuated clause in headline grammar ("X believes Y"): a link to another story."""
    if f.terminal or f.chars >= LONG_CHARS or not 5 <= f.words <= 16:
        return False
    return any(w in headline_verbs for w in f.norm.split())


def _shape_class(f: _Line, has_stop_words: bool) -> str:
    """jusText's context-free class, with title-case link text marked bad and unpunctuated or
    name-heavy lines left to their neighbours. Without a stop-word list (Chinese, Japanese...)
    a long line ending like a sentence counts as prose."""
    if f.capital_share >= TITLE_CASE_SHARE and not f.terminal and f.words >= 3:
        return "bad"
    if f.title_case_start:
        return "bad"
    if f.chars < SHORT_CHARS or (not f.terminal and f.chars < LONG_CHARS):
        return "short"
    prose = f.stop_share if has_stop_words else (STOP_HIGH if f.terminal else 0.0)
    if prose >= STOP_HIGH and (f.chars >= LONG_CHARS or f.terminal):
        return "good"
    if prose >= STOP_LOW:
        return "near"
    return "short" if f.terminal else "bad"  # a sentence full of names is still a sentence


def _resolve_by_neighbours(classes: list[str]) -> list[str]:
    """Give short and near-good lines the class of their surroundings (jusText's second pass)."""
    prev, nxt = _neighbours(classes, {"empty", "short", "near"})
    prev_near, nxt_near = _neighbours(classes, {"empty", "short"})
    resolved = list(classes)
    for i, c in enumerate(classes):
        if c != "short":
            continue
        if prev[i] == nxt[i]:
            resolved[i] = prev[i]
        else:  # one good, one bad: a near-good line on the bad side tips it to good
            near_bad_side = (prev[i] == "bad" and prev_near[i] == "near") or (nxt[i] == "bad" and nxt_near[i] == "near")
            resolved[i] = "good" if near_bad_side else "bad"
    prev, nxt = _neighbours(resolved, {"empty", "short", "near"})
    return ["bad" if c == "near" and prev[i] == nxt[i] == "bad" else "good" if c == "near" else c for i, c in enumerate(resolved)]


def _keep_cut_off_paragraphs(
    classes: list[str], features: Sequence[_Line | None], reasons: Sequence[str | None]
) -> None:
    """Prose lines at the edges of the body are body, even when their shape alone is unsure.

    Dumps often cut a paragraph off mid-sentence ("... can be finished befor"), first or
    last; and a body's closing sentence may be light on stop words. A line next to good text
    stays good if it is a cut-off prose line (long, stop words, no final punctuation) or a
    complete sentence (capitalised, final punctuation, enough words, not Title Case).
    Headlines and link text lack stop words or final punctuation; both passes skip lines
    with a fixed reason (patterns, repeats).
    """
    forward, backward = range(len(features)), range(len(features) - 1, -1, -1)
    for order, cut_off_chars in ((forward, SHORT_CHARS), (backward, LONG_CHARS)):
        previous = "bad"
        for i in order:
            f = features[i]
            if f is None:
                continue
            if classes[i] != "good" and reasons[i] is None and previous == "good" and _edge_prose(f, cut_off_chars):
                classes[i] = "good"
            previous = classes[i]


def _edge_prose(f: _Line, cut_off_chars: int) -> bool:
    """Whether a line next to the body reads as part of it (see `_keep_cut_off_paragraphs`).

    Before the body an unpunctuated line must be long to count as a cut-off paragraph: a
    headline variant full of stop words sits there too.
    """
    if f.title_case_start or f.capital_share >= 0.5:
        return False
    if not f.terminal:
        return f.chars >= cut_off_chars and f.stop_share >= STOP_HIGH
    return f.words >= EDGE_SENTENCE_WORDS and f.stop_share >= EDGE_SENTENCE_STOP


def _neighbours(classes: Sequence[str], skip: set[str]) -> tuple[list[str], list[str]]:
    """For every line, the class of the nearest line before and after it whose class is not in
    `skip` (page edges count as bad); one pass each way, so long menus cost linear time."""
    before, after = [], []
    last = "bad"
    for c in classes:
        before.append(last)
        last = last if c in skip else c
    last = "bad"
    for c in reversed(classes):
        after.append(last)
        last = last if c in skip else c
    return before, after[::-1]


def _anchors(features: Sequence[_Line | None], preassigned: Mapping[int, str]) -> list[int]:
    """Lines the article follows: the headline echoed from the page title, metadata lines.

    A page dump usually opens with the HTML title ("Headline | Site"); a later line holding
    that headline marks where the story starts, whatever teasers around it weigh.
    """
    first = next((i for i, f in enumerate(features) if f), None)
    if first is None:
        return list(preassigned)
    page_title = features[first].norm  # type: ignore[union-attr]
    echoes = [
        i
        for i, f in enumerate(features)
        if i > first and f and f.words >= 3 and len(f.norm) >= 10 and f.norm in page_title
    ]
    return echoes + list(preassigned)


def _select_blocks(
    classes: Sequence[str],
    features: Sequence[_Line | None],
    reasons: list[str | None],
    headers: Sequence[int],
    closers: frozenset[int],
    anchors: Sequence[int],
) -> list[bool]:
    """Keep the main block of good lines and the blocks joined to it; name the others.

    `headers` are the lines that open a section (comments, related links, footer): a block on
    the far side of one is not part of the article, however long. `closers` (a comment form)
    end a block even when the text goes on right after them.
    """
    blocks = _blocks(classes, closers)
    keep = [False] * len(classes)
    if not blocks:
        return keep
    sizes = [sum(features[i].chars for i in block) for block in blocks]  # type: ignore[union-attr]
    main = _main_block(blocks, sizes, headers, anchors)
    for b, block in enumerate(blocks):
        cut_off = _header_between(headers, *sorted((block[0], blocks[main][0])))
        joined = b == main or (sizes[b] >= MIN_BLOCK_SHARE * sizes[main] and not cut_off)
        for i in block:
            keep[i] = joined
            if not joined:
                reasons[i] = "outside-main-block"
    return keep


def _main_block(blocks: Sequence[list[int]], sizes: Sequence[int], headers: Sequence[int], anchors: Sequence[int]) -> int:
    """The article: the first substantial block reached from an anchor, else the biggest block
    before the article's end (see `_before_article_end`)."""
    biggest = max(sizes)
    for a in sorted(anchors):
        b = next((b for b, block in enumerate(blocks) if block[-1] > a), None)
        if b is not None and sizes[b] >= MIN_BLOCK_SHARE * biggest:
            return b
    return max(_before_article_end(blocks, sizes, headers), key=lambda b: (sizes[b], -b))


def _before_article_end(blocks: Sequence[list[int]], sizes: Sequence[int], headers: Sequence[int]) -> range:
    """Blocks that can be the article: those before the first section header that follows a
    substantial block (after "Comments" or "Related" come teasers and comments, not the story)."""
    for b in range(1, len(blocks)):
        earlier = max(sizes[:b])
        if earlier >= MIN_ARTICLE_CHARS and _header_between(headers, blocks[b - 1][-1], blocks[b][0]):
            return range(b)
    return range(len(blocks))


def _header_between(headers: Sequence[int], lo: int, hi: int) -> bool:
    """Whether a header line lies strictly between lines `lo` and `hi` (headers sorted)."""
    return bisect_right(headers, lo) < bisect_left(headers, hi)


def _blocks(classes: Sequence[str], closers: frozenset[int]) -> list[list[int]]:
    """Runs of good lines separated by at most MAX_GAP other non-empty lines and no closer."""
    blocks: list[list[int]] = []
    gap = 0
    for i, c in enumerate(classes):
        if c == "good":
            if blocks and gap <= MAX_GAP:
                blocks[-1].append(i)
            else:
                blocks.append([i])
            gap = 0
        elif i in closers:
            gap = MAX_GAP + 1
        elif c != "empty":
            gap += 1
    return blocks


def _find_title(
    lines: Sequence[str],
    features: Sequence[_Line | None],
    keep: Sequence[bool],
    reasons: Sequence[str | None],
    given_title: str | None = None,
    counts: Counter[str] | None = None,
) -> int | None:
    """The headline: a title-like line before the body, taken only with evidence.

    Evidence is a repeat (printed twice or thrice), an echo of the page's first line (the
    HTML title) or of the stated title, or its place: right above the body, with at most
    metadata or widget lines between. A part of the HTML title that is not its headline
    (" | WIRED") is a site name, never a title.
    """
    start = next((i for i, k in enumerate(keep) if k and not _title_like(lines[i], features[i], None)), len(keep))  # type: ignore[arg-type]
    first_index = _first_line(features)  # (lines are told apart by index: repeats may share one _Line)
    first = features[first_index] if first_index is not None else None
    site_parts = _site_parts(lines[first_index]) if first_index is not None else frozenset()
    stated = normalise_line(given_title) if given_title else ""
    counts = _norm_counts(features) if counts is None else counts
    best: tuple[float, int] | None = None
    distance = 0
    for i in range(start - 1, -1, -1):
        f = features[i]
        if f is None:
            continue
        if reasons[i] is None or not (reasons[i].startswith("metadata") or reasons[i] in _BESIDE_TITLE):  # type: ignore[union-attr]
            distance += 1
        echoed = (first is not None and i != first_index and f.norm in first.norm) or (stated and (f.norm == stated or stated in f.norm))
        # a headline common across the corpus (linked from other pages) is still this page's own when echoed
        reason = None if reasons[i] == "corpus-common" and echoed else reasons[i]
        if not _title_like(lines[i], f, reason) or counts[f.norm] > 3 or f.norm in site_parts:
            continue
        score = 2.0 * (counts[f.norm] > 1) + 2.0 * bool(echoed) - distance / 10
        if best is None or score > best[0]:
            best = (score, i)
    if best is None or best[0] < -TITLE_MAX_DISTANCE / 10:  # nothing repeated or echoed, and not right above
        return None
    return best[1]


TITLE_MAX_DISTANCE = 2  # without other evidence, a title is one of the two lines above the body
_BESIDE_TITLE = frozenset({"share", "byline", "caption", "promo", "corpus-common"})  # widgets between a headline and its text
_TITLE_SEPARATOR = re.compile(r"\s+[|–—»:-]\s+")


def _site_parts(page_title: str) -> frozenset[str]:
    """The parts of an HTML title line beside its headline ("Headline | Site" -> {"site"})."""
    parts = [normalise_line(part) for part in _TITLE_SEPARATOR.split(page_title)]
    if len(parts) < 2:
        return frozenset()
    headline = max(parts, key=len)
    return frozenset(part for part in parts if part and part != headline)


def _title_like(line: str, f: _Line, reason: str | None) -> bool:
    """A headline has a few words, no sentence-final period and no other role."""
    if reason not in (None, "repeated", "headline"):
        return False
    return 3 <= f.words <= TITLE_MAX_WORDS and len(f.norm) >= 10 and not _SENTENCE_END.search(line.rstrip())


def _take_title(
    lines: Sequence[str], features: Sequence[_Line | None], keep: list[bool], reasons: list[str | None], given_title: str | None,
    counts: Counter[str] | None = None,
) -> int | None:
    """Find the headline and drop its copies, unless that would leave no body at all."""
    title_index = _find_title(lines, features, keep, reasons, given_title, counts)
    if title_index is None:
        return None
    trial_keep, trial_reasons = list(keep), list(reasons)
    _drop_title_copies(features, features[title_index].norm, trial_keep, trial_reasons)  # type: ignore[union-attr]
    if any(keep) and not any(trial_keep):
        return None
    keep[:], reasons[:] = trial_keep, trial_reasons
    return title_index


def _drop_title_copies(features: Sequence[_Line | None], title: str, keep: list[bool], reasons: list[str | None]) -> None:
    """Drop every copy of the headline, including copies framed by a breadcrumb or site name."""
    title_words = len(title.split())
    for i, f in enumerate(features):
        if f and title in f.norm and len(f.norm.split()) - title_words <= TITLE_EXTRA_WORDS:
            keep[i] = False
            reasons[i] = "title"


def _name_reasons(
    features: Sequence[_Line | None],
    classes: Sequence[str],
    keep: Sequence[bool],
    reasons: Sequence[str | None],
    section_headers: frozenset[str],
) -> list[str | None]:
    """Final reason per line: None when kept; lines under a section header take its name."""
    final: list[str | None] = []
    section: str | None = None
    for i, f in enumerate(features):
        if keep[i]:
            final.append(None)
            section = None
            continue
        reason = reasons[i] or _shape_reason(f, classes[i])
        if reason in section_headers:
            section = reason
        elif section and reason in _GENERIC_REASONS:
            reason = section
        final.append(reason)
    return final


def _shape_reason(f: _Line | None, cls: str) -> str:
    """Why a line with no specific role was dropped, from its shape."""
    if f is None:
        return "empty"
    if cls == "good":
        return "outside-main-block"
    if not f.terminal and f.words <= 3:
        return "menu"
    if not f.terminal and f.capital_share >= TITLE_CASE_SHARE:
        return "link-list"
    if f.title_case_start:
        return "teaser"
    return "short" if f.chars < SHORT_CHARS else "non-prose"



_DIGIT = re.compile(r"\d")
_ASCII_DIGITS = b"0123456789"
_SEPARATOR_CHARS = "|>»•·"  # breadcrumb and menu separators (the `separators` feature)


def _digits(text: str) -> int:
    """How many characters of `text` are digits (`\\d`: any Unicode decimal digit).

    Why not always the regex: deleting the ten ASCII digits from the encoded text (one C
    pass) and comparing lengths is many times faster, and in ASCII text they are the only digits."""
    return len(text) - len(text.encode().translate(None, _ASCII_DIGITS)) if text.isascii() else len(_DIGIT.findall(text))


def _segment_with_model(
    lines: Sequence[str],
    features: Sequence[_Line | None],
    reasons: list[str | None],
    patterns: Sequence[str | None],
    preassigned: Mapping[int, str],
    config: BoilerplateConfig,
    model: TreeModel,
    given_title: str | None = None,
    infos: Sequence[_LineInfo | None] | None = None,
    has_stop_words: bool = True,
    counts: Counter[str] | None = None,
) -> Segmentation:
    """Keep the lines the classifier calls body. Metadata lines and later copies of a line
    stay dropped whatever it says (metadata has its own field; a body printed twice is kept
    once); a dropped line keeps the reason its pattern or repeat gave, else its shape's.
    A short page whose prose the classifier drops entirely keeps it (`_keep_prose`)."""
    counts = _norm_counts(features) if counts is None else counts
    indices, texts, flags = _classifier_inputs(lines, features, reasons, patterns, preassigned, config, infos, counts)
    seen: set[str] = set()
    hard = []
    for i in indices:
        norm = features[i].norm  # type: ignore[union-attr]
        hard.append(i in preassigned or bool(norm and norm in seen) or _hard_pattern(features[i], reasons[i]))  # type: ignore[arg-type]
        seen.add(norm)
    soft = np.flatnonzero(~np.asarray(hard, dtype=bool))
    scores = np.zeros(len(indices))  # lines dropped whatever the model says are not scored
    scores[soft] = model.probability(feature_matrix(texts, flags)[soft])
    probability = scores.tolist()  # Python floats: the rules below compare them one by one
    keep = [False] * len(lines)
    classes = ["empty" if f is None else "bad" for f in features]
    for i, p, dropped in zip(indices, probability, hard):
        if p >= model.threshold_probability and not dropped:
            keep[i] = True
            classes[i] = "good"
            reasons[i] = None
    _drop_isolated(features, keep, classes)
    _resume_after_box(features, keep, classes, reasons, indices, probability, config)
    _keep_prose(features, keep, classes, reasons, hard, indices, has_stop_words, config.closing_headers, probability)
    title_index = _take_title(lines, features, keep, reasons, given_title, counts)
    _keep_lead(features, keep, classes, reasons, indices, probability, preassigned)
    final = _name_reasons(features, classes, keep, reasons, config.section_headers)
    return Segmentation(_verdicts(final), title_index)


BRIEF_PARAGRAPHS = 2  # an emptied long page keeps its prose only when it has at most this many paragraphs (a brief)
SHORT_PAGE_LINES = 20  # a page of fewer non-empty lines is shorter than any the line model learnt from (but one)


def _keep_prose(
    features: Sequence[_Line | None],
    keep: list[bool],
    classes: list[str],
    reasons: list[str | None],
    hard: Sequence[bool],
    indices: Sequence[int],
    has_stop_words: bool,
    closing_headers: frozenset[str],
    probability: Sequence[float] = (),
) -> None:
    """On a short page where the classifier keeps no paragraph of running text, the prose
    lines are kept.

    Why: the model learnt from whole page dumps (31 to hundreds of lines), and its context
    features (position, page length, distance to the densest prose, prose after a footer
    or a header) mean little on a text of a few lines with some widget lines in it; there
    it can drop every paragraph, and a real article is lost. Prose that passes the quality
    signals (`_shape_class` "good": long, final punctuation, the stop-word share of running
    text, not Title Case link text) is then kept, unless a fixed rule drops it (metadata, a
    later copy, a hard pattern group, a corpus-common line) or it follows a closing header
    (a comment form) that follows prose. On longer pages the model's verdicts stand: there,
    rescuing emptied pages' prose cost more precision than it gained recall on the dev
    folds (cross-validated precision 0.903 -> 0.887, recall 0.913 -> 0.925), except where
    they keep no line at all: a page dump emptied whole is an article lost (scored 0 for
    precision and recall alike), and its prose is then the best guess at the story (a page
    whose one paragraph sits among hundreds of list or link lines, the model's context
    features all say "not the densest run of prose" of an ordinary page).
    """
    long_page = len(indices) >= SHORT_PAGE_LINES
    if long_page and any(keep):
        return
    support = dict(zip(indices, probability)) if long_page else {}
    closed = False
    prose = []
    for i, dropped in zip(indices, hard):
        closed = closed or (reasons[i] in closing_headers and bool(prose))  # a comment form after the story
        if closed or dropped or reasons[i] == "corpus-common":
            continue
        if _shape_class(features[i], has_stop_words) == "good" and support.get(i, 1.0) >= RESUME_PROBABILITY:  # type: ignore[arg-type]
            prose.append(i)
    if any(keep[i] for i in prose) or (long_page and len(prose) > BRIEF_PARAGRAPHS):
        return
    for i in prose:
        keep[i], classes[i], reasons[i] = True, "good", None


def _keep_lead(
    features: Sequence[_Line | None],
    keep: list[bool],
    classes: list[str],
    reasons: list[str | None],
    indices: Sequence[int],
    probability: Sequence[float],
    preassigned: Mapping[int, str],
) -> None:
    """The standfirst or lead sentence printed just above the headline is the article's first
    paragraph: prose before the body, with only the headline, metadata or widget lines
    between, is kept (as `_resume_after_box` keeps prose after a box of links)."""
    start = next((n for n, i in enumerate(indices) if keep[i]), None)
    if start is None:
        return
    p_of = dict(zip(indices, probability))
    for n in range(start - 1, -1, -1):
        i = indices[n]
        reason = reasons[i]
        if reason == "title" or i in preassigned or reason in _BESIDE_TITLE:
            continue
        f = features[i]
        if reason is None and _resumes(f, p_of[i]) and f.words >= EDGE_SENTENCE_WORDS:  # type: ignore[union-attr]
            keep[i], classes[i] = True, "good"
            continue
        return


# Pattern groups whose lines the classifier may not keep: what they name is never body...
HARD_REASONS = frozenset(
    {"share", "comments", "related", "read-more", "footer", "cookie", "promo", "menu", "menu-bar", "byline", "credits", "caption", "headline", "subscribe"}
)
# ...but a full sentence matching one of the others may be news ("Voters must register to vote by
# Friday, the commission said."): the classifier, which sees the pattern, decides.
STRONG_REASONS = frozenset({"comments", "footer", "cookie", "subscribe"})


def _full_sentence(f: _Line) -> bool:
    """A line that reads as a sentence of running text: final punctuation and EDGE_SENTENCE_WORDS words."""
    return f.terminal and f.words >= EDGE_SENTENCE_WORDS and f.stop_share >= EDGE_SENTENCE_STOP


def _hard_pattern(f: _Line, reason: str | None) -> bool:
    """Whether a pattern reason drops the line whatever the classifier says."""
    return reason in HARD_REASONS and (reason in STRONG_REASONS or not _full_sentence(f))


BOX_LINES = 5  # a box of links inside an article is at most this many lines...
RESUME_PROBABILITY = 0.1  # ...and prose after it with at least this body probability is the article going on


def _resume_after_box(
    features: Sequence[_Line | None],
    keep: list[bool],
    classes: list[str],
    reasons: list[str | None],
    indices: Sequence[int],
    probability: Sequence[float],
    config: BoilerplateConfig,
) -> None:
    """Prose right after a short box of links inside the article ("Don't miss", "Read more",
    captions) is the article going on: such a box cuts a story in two, it does not end it.
    So is prose right after a kept run: the model is least sure of a story's last paragraphs
    (they sit just above "Related Stories" and the like), and a paragraph that follows kept
    body with no line between is the story going on.

    After each kept run, up to BOX_LINES dropped lines may be skipped; the prose lines
    (sentence-final punctuation, stop words, not Title Case) that follow the box, or the run
    itself, are kept while the classifier gives them at least RESUME_PROBABILITY, unless a
    fixed reason dropped them (a later copy, a pattern, metadata). A comment form or footer
    line ends the search: what follows those is not the story.
    """
    p_of = dict(zip(indices, probability))
    n, k = len(indices), 0
    while k < n:
        if not keep[indices[k]]:
            k += 1
            continue
        j = k + 1
        while j < n and keep[indices[j]]:
            j += 1
        gap_start, boxed = j, False
        while j < n and not keep[indices[j]] and j - gap_start <= BOX_LINES:
            line = indices[j]
            if reasons[line] in config.closing_headers or reasons[line] == "footer":
                break
            if (boxed or j == gap_start) and reasons[line] is None and _resumes(features[line], p_of[line]):
                while j < n and not keep[indices[j]] and reasons[indices[j]] is None and _resumes(features[indices[j]], p_of[indices[j]]):
                    keep[indices[j]], classes[indices[j]], reasons[indices[j]] = True, "good", None
                    j += 1
                break
            boxed = boxed or not _resumes(features[line], 1.0)  # a line of the box: not a paragraph
            j += 1
        k = max(j, k + 1)


def _resumes(f: _Line | None, probability: float) -> bool:
    """A line that reads as a paragraph of running text, with some support from the model."""
    return (
        f is not None and probability >= RESUME_PROBABILITY and f.terminal and f.chars >= SHORT_CHARS
        and f.stop_share >= STOP_LOW and not f.title_case_start
    )  # fmt: skip


def _drop_isolated(features: Sequence[_Line | None], keep: list[bool], classes: list[str]) -> None:
    """A short unpunctuated kept line with no kept line on either side is a stray menu item
    or link (jusText: a short line takes its neighbours' class)."""
    present = [i for i, f in enumerate(features) if f is not None]
    for n, i in enumerate(present):
        f = features[i]
        if not keep[i] or f.terminal or f.chars >= LONG_CHARS:  # type: ignore[union-attr]
            continue
        before = n > 0 and keep[present[n - 1]]
        after = n + 1 < len(present) and keep[present[n + 1]]
        if not before and not after:
            keep[i] = False
            classes[i] = "bad"


def boilerplate_signals(features: Sequence[_Line | None], reasons: Sequence[str | None], preassigned: Mapping[int, str]) -> list[str]:
    """What makes a text look like a page dump rather than an article (empty: nothing).

    A pattern line (menu, share, comments, related, footer...; a full sentence only for the
    STRONG_REASONS groups: "Voters must register to vote by Friday." is news), a corpus-common line, a
    short line printed twice, a later copy of a line, a headline of another story inside the
    text, a line the first line repeats (a page dump opens with the HTML title: "Headline |
    Site"), a run of LINK_RUN short unpunctuated lines (a menu or link list) or two Title
    Case link lines. Metadata lines (byline, date) are no signal: clean articles carry them.
    """
    signals: list[str] = []
    run = links = 0
    first_index = _first_line(features)
    first = features[first_index] if first_index is not None else None
    for i, f in enumerate(features):
        if f is None:
            continue
        reason = reasons[i]
        sentence = reason in HARD_REASONS and reason not in STRONG_REASONS and _full_sentence(f)
        if reason is not None and i not in preassigned and not (i == first_index and reason == "headline") and not sentence:
            signals.append(f"{reason}: {f.norm[:40]}")
        if i != first_index and first is not None and f.words >= 3 and f.norm in first.norm:
            signals.append("echo of the page title")
        short_unpunctuated = not f.terminal and f.words <= LINK_WORDS
        run = run + 1 if short_unpunctuated and i not in preassigned else 0
        if run == LINK_RUN:
            signals.append("link list")
        if not f.terminal and f.words >= 3 and f.capital_share >= TITLE_CASE_SHARE:
            links += 1
            if links == 2:
                signals.append("title-case links")
    return signals


LINK_RUN = 3  # this many short unpunctuated lines in a row are a menu or a list of links
MAX_WIDGET_LINES = 2  # an article text with at most this many pattern lines and no other signal is no page dump


def _widget_lines(
    features: Sequence[_Line | None],
    reasons: Sequence[str | None],
    patterns: Sequence[str | None],
    preassigned: Mapping[int, str],
    section_headers: frozenset[str],
) -> dict[int, str] | None:
    """The few pattern lines (copyright, share row, a menu line) that alone make an article
    text look like a page dump, with their group; None when the text is a page dump anyway.

    Why: one such line does not make an article text a page dump. An extractor's output or a
    pasted story often keeps a "Copyright (c) 2008 Example News" or "Share this article"
    line; judged as a dump, the text is out of the line model's world (its context features
    describe pages dozens of lines long) and may lose every paragraph. So when at most
    MAX_WIDGET_LINES pattern lines are the only signals (without them, `boilerplate_signals`
    finds nothing: no repeat, link list, echo of the title, corpus-common line), they are
    dropped under their group's name and the rest is kept whole, as a text with no signal
    is. A line of a section-header group ("Comments", "Related stories", a footer) between
    sentences is a real signal: what follows it is likely not the article.
    """
    widgets = {
        i: reason
        for i, (f, reason) in enumerate(zip(features, reasons))
        if f is not None and reason is not None and reason == patterns[i] and i not in preassigned
        and not (reason in HARD_REASONS and reason not in STRONG_REASONS and _full_sentence(f))  # no signal: news
    }  # fmt: skip
    if not widgets or len(widgets) > MAX_WIDGET_LINES:
        return None
    text = [i for i, f in enumerate(features) if f is not None and i not in widgets and i not in preassigned]
    for i, reason in widgets.items():
        sentence_before = any(j < i and features[j].terminal for j in text)  # type: ignore[union-attr]
        if reason in section_headers and sentence_before and any(j > i for j in text):
            return None
    rest = [None if i in widgets else f for i, f in enumerate(features)]
    return None if boilerplate_signals(rest, reasons, preassigned) else widgets
LINK_WORDS = 8


def _keep_whole(
    lines: Sequence[str], features: Sequence[_Line | None], preassigned: Mapping[int, str], given_title: str | None
) -> Segmentation:
    """Every line but metadata lines and, with evidence, the headline (see `_clean_title`)."""
    keep = [f is not None and i not in preassigned for i, f in enumerate(features)]
    title_index = _clean_title(lines, features, keep, given_title)
    if title_index is not None:
        keep[title_index] = False
    reasons = [
        None if keep[i] else "empty" if f is None else "title" if i == title_index else preassigned.get(i, "dropped")
        for i, f in enumerate(features)
    ]
    return Segmentation(_verdicts(reasons), title_index)


def _clean_title(lines: Sequence[str], features: Sequence[_Line | None], keep: Sequence[bool], given_title: str | None) -> int | None:
    """The first kept line as the headline of an article text, only with evidence: it echoes
    the stated title, or it is a short line without sentence-final punctuation above more
    text than itself; never when it is the only text (a one-line brief is body)."""
    kept = [i for i, k in enumerate(keep) if k]
    if len(kept) < 2:
        return None
    first = features[kept[0]]
    assert first is not None
    if given_title and normalise_line(given_title) == first.norm:
        return kept[0]
    if not 3 <= first.words <= TITLE_MAX_WORDS or _SENTENCE_END.search(lines[kept[0]].rstrip()):
        return None
    rest = sum(f.words for i in kept[1:] if (f := features[i]))
    return kept[0] if rest > first.words else None


# A sentence ends with a full stop, colon, semicolon or comma, maybe inside quotes or brackets;
# a headline has none (a question or exclamation mark may end either).
_SENTENCE_END = re.compile(r"[.;:,…][\"'”’»)\]]*$")


def classifier_rows(
    lines: Sequence[str],
    features: Sequence[_Line | None],
    reasons: Sequence[str | None],
    patterns: Sequence[str | None],
    preassigned: Mapping[int, str],
    config: BoilerplateConfig,
    infos: Sequence[_LineInfo | None] | None = None,
) -> tuple[list[int], list[tuple[float, ...]]]:
    """The indices of the non-empty lines and the classifier's per-line features of each
    (`infos`, from `_line_infos`, carry the parts that depend on the line's text alone)."""
    indices, texts, flags = _classifier_inputs(lines, features, reasons, patterns, preassigned, config, infos)
    return indices, [page_row(text, *page) for text, page in zip(texts, flags)]


def _classifier_inputs(
    lines: Sequence[str],
    features: Sequence[_Line | None],
    reasons: Sequence[str | None],
    patterns: Sequence[str | None],
    preassigned: Mapping[int, str],
    config: BoilerplateConfig,
    infos: Sequence[_LineInfo | None] | None = None,
    counts: Counter[str] | None = None,
) -> tuple[list[int], list[tuple[float, ...]], list[tuple[bool, ...]]]:
    """`classifier_rows` in two parts: each non-empty line's `text_row` (shared with the
    memo, never copied) and its page-dependent inputs (`page_row`'s flags), which
    `feature_matrix(texts, flags)` combines into the same matrix."""
    counts = _norm_counts(features) if counts is None else counts
    first_index = _first_line(features)
    page_title = features[first_index].norm if first_index is not None else ""  # type: ignore[union-attr]
    seen: set[str] = set()
    indices: list[int] = []
    texts: list[tuple[float, ...]] = []
    flags: list[tuple[bool, ...]] = []
    for i, f in enumerate(features):
        if f is None:
            continue
        info = infos[i] if infos is not None else None
        texts.append((info and info.shape) or _text_row(lines[i], f, patterns[i], config.section_headers))
        reason = reasons[i]
        flags.append((
            counts[f.norm] > 1, f.norm in seen, reason == "corpus-common", i in preassigned, reason == "headline",
            i != first_index and f.words >= 3 and len(f.norm) >= 10 and f.norm in page_title,
        ))  # fmt: skip
        seen.add(f.norm)
        indices.append(i)
    return indices, texts, flags


def page_features(
    lines: list[str],
    preassigned: dict[int, str] | None = None,
    common_lines: frozenset[str] = frozenset(),
    config: BoilerplateConfig | None = None,
) -> tuple[list[int], list[list[float]]]:
    """The classifier's inputs for a page (what `make train-cleaner` learns from)."""
    config = config or load_config()
    preassigned = preassigned or {}
    _, infos = _line_infos(lines, config, None)
    features = [info.features if info else None for info in infos]
    reasons, patterns = _fixed_reasons(features, preassigned, common_lines, config, infos)
    return classifier_rows(lines, features, reasons, patterns, preassigned, config, infos)
