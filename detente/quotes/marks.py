"""Find quoted spans in text by their quotation marks, recovering from marks that do not balance.

This works on characters, not tokens: quote marks glued to words (`exist"Russian`) are one
spaCy token, and a mark's direction is best judged from the characters around it. Each
paragraph (line) is scanned once, only at mark characters. The rules, in order:

- Outside a quote, an opening mark opens one. A closing-only mark (” ») that looks like an
  opener (space before, word after) opens too, since some sites use ” both ways; one that
  looks like a closer with no quote open recovers a quote from the paragraph start.
- Inside a quote, only that pair's closer (or a mark of its `also_close`, at a word end:
  `"... behind him,” said X` mixes marks) closes it; other marks are nested quotes.
- Apostrophe pairs (‘’, '') open only at a word start and close only at a word end.
- A quote still open at the end of its paragraph continues into the next paragraph when
  that one opens with the same mark (multi-paragraph quotes); otherwise it ends with its
  paragraph and is flagged `balanced=False`.
- Two-character marks (`''` in some newspapers' archives) are read as the one-character
  mark the lexicon maps them to, on a copy of the text with the same offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from detente.quotes.lexicon import QuoteLexicon, QuotePair

_OPEN_BEFORE = frozenset(" \t\n([{—–-/:;,\u00a0")
_FILLER = "\u2060"  # stands for the other half of a two-character mark in the scanned copy


@dataclass(frozen=True)
class QuotedSpan:
    """The content of one quote (marks excluded) and where its marks were."""

    start: int
    end: int
    open_at: int
    close_at: int | None  # None: recovered, the closing mark was missing
    balanced: bool = True


def find_quoted_spans(text: str, lexicon: QuoteLexicon) -> list[QuotedSpan]:
    """All quoted spans of `text`, in order, contents stripped of spaces and a trailing comma."""
    chars = "".join(sorted(lexicon.mark_chars))
    if not chars:
        return []
    text = _fold_digraphs(text, lexicon.mark_digraphs)
    marks = re.compile("[" + re.escape(chars) + "]")
    spans: list[QuotedSpan | None] = []
    carried: tuple[QuotePair, int] | None = None
    for start, end in _paragraphs(text):
        if carried is not None and not _opens_with(text, start, end, carried[0].open):
            spans.append(_recovered(text, carried, _previous_paragraph_end(text, start), lexicon))
            carried = None
        carried = _scan_paragraph(text, start, end, marks, lexicon, carried, spans)
    if carried is not None:
        spans.append(_recovered(text, carried, len(text), lexicon))
    return [span for span in spans if span is not None and span.end > span.start]


def _scan_paragraph(
    text: str,
    start: int,
    end: int,
    marks: re.Pattern[str],
    lexicon: QuoteLexicon,
    carried: tuple[QuotePair, int] | None,
    spans: list[QuotedSpan | None],
) -> tuple[QuotePair, int] | None:
    """Scan one paragraph; returns the quote still open at its end (pair, opening mark offset)."""
    current = carried
    skip_first = carried is not None  # the continuation mark that opens this paragraph
    for match in marks.finditer(text, start, end):
        at, mark = match.start(), match.group()
        if skip_first:
            skip_first = False
            continue
        if current is None:
            current = _try_open(text, at, mark, lexicon, spans, start)
        elif _closes(text, at, mark, current[0]):
            spans.append(_span(text, current[1], at))
            current = None
    return current


def _try_open(text: str, at: int, mark: str, lexicon: QuoteLexicon, spans: list[QuotedSpan | None], paragraph_start: int) -> tuple[QuotePair, int] | None:
    """Open a quote at `at` if `mark` can open one here; recover a quote whose opener is missing."""
    if any(mark == pair.open and _stray_closer(text, at, pair) for pair in lexicon.pairs):
        return None
    for pair in lexicon.pairs:
        if mark == pair.open and (not pair.apostrophe or _word_start(text, at)):
            return pair, at
    for pair in lexicon.pairs:
        if mark == pair.close and not pair.apostrophe:
            if _word_start(text, at):
                return pair, at
            if not any(span is not None and span.end > paragraph_start for span in spans) and _word_end(text, at):
                spans.append(_span(text, paragraph_start - 1, at, balanced=False))
            return None
    return None


def _stray_closer(text: str, at: int, pair: QuotePair) -> bool:
    """A straight mark glued to the end of a word and followed by a space (`review of his
    systems" including`) closes a quote whose opening mark the writer left out: it never opens
    one (that would pair it with the next quote's opening mark and quote the narration between),
    and, a straight mark telling nothing of where the lost opener stood, it is skipped."""
    return pair.open == pair.close and _word_end(text, at) and not _word_start(text, at)


def _closes(text: str, at: int, mark: str, pair: QuotePair) -> bool:
    if pair.apostrophe:
        return mark == pair.close and _word_end(text, at)
    if mark == pair.close:
        return True
    if mark in pair.also_close and _word_end(text, at):
        return True  # mixed marks from an edited copy: "... behind him,” said X
    # “ used as a closer too ("like this“): a second opener that ends a word closes the quote
    return mark == pair.open and _word_end(text, at) and not _word_start(text, at)


def _word_start(text: str, at: int) -> bool:
    """A mark that can open: start of text or after a space/bracket, and followed by a non-space."""
    before_ok = at == 0 or text[at - 1] in _OPEN_BEFORE
    return before_ok and at + 1 < len(text) and not text[at + 1].isspace()


def _word_end(text: str, at: int) -> bool:
    """A mark that can close: after a non-space, and followed by a non-letter (or the end)."""
    after = text[at + 1] if at + 1 < len(text) else " "
    return at > 0 and not text[at - 1].isspace() and not after.isalnum()


def _fold_digraphs(text: str, digraphs: dict[str, str]) -> str:
    """`''Yes,''` -> `"⁠Yes,⁠"`: the mark where the quote opens or closes, a filler beside it."""
    if not digraphs or not any(pair in text for pair in digraphs):
        return text
    chars = list(text)
    for pair, mark in digraphs.items():
        at = text.find(pair)
        while at >= 0:
            end = at + len(pair)
            opens = (at == 0 or text[at - 1] in _OPEN_BEFORE) and end < len(text) and not text[end].isspace()
            chars[at:end] = [mark, *_FILLER * (len(pair) - 1)] if opens else [*_FILLER * (len(pair) - 1), mark]
            at = text.find(pair, end)
    return "".join(chars)


def _span(text: str, open_at: int, close_at: int, balanced: bool = True) -> QuotedSpan:
    start, end = open_at + 1, close_at
    while start < end and (text[start].isspace() or text[start] == _FILLER):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in (",", _FILLER)):
        end -= 1
    return QuotedSpan(start, end, open_at, close_at if balanced else None, balanced)


def _recovered(text: str, carried: tuple[QuotePair, int], end: int, lexicon: QuoteLexicon) -> QuotedSpan | None:
    """A quote whose closing mark is missing: it ends where its attribution starts
    (`"Our soldiers are ready, said General Novak.`), else at the end of its paragraph.
    Apostrophe pairs are dropped instead: an unclosed ‘ is more likely an elision."""
    pair, open_at = carried
    if pair.apostrophe:
        return None
    interruption = lexicon.text_cues.interruption.search(text, open_at + 1, end)
    return _span(text, open_at, interruption.start() if interruption else end, balanced=False)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line."""
    result, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            result.append((start, end))
        start = end + 1
    return result


def _opens_with(text: str, start: int, end: int, mark: str) -> bool:
    return text[start:end].lstrip().startswith(mark)


def _previous_paragraph_end(text: str, start: int) -> int:
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
