"""Event dates: which date an event takes from its sentence and its article.

Moved out of `detente.events.coder` so that dating has one module of its own; the coder
calls `event_date_of` once per coded event. The time expressions themselves are found and
resolved by `detente.timex`.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from detente.records import Article

__all__ = ["event_date_of", "publication_reference", "without_side_clauses"]

_SIDE_CLAUSES = frozenset({"acl", "relcl", "appos"})


def event_date_of(sentence: Span, trigger: Token, article: Article, future: bool) -> tuple[str | None, str | None]:
    """The (ISO date, precision) of the event whose trigger is `trigger`, or (None, None)."""
    text = without_side_clauses(sentence, trigger)
    return _date(text, article, future, trigger.idx - sentence.start_char)


def publication_reference(article: Article) -> str | None:
    """What dates the article: its publication date, else the interval the text bounds it by."""
    interval = article.published_interval
    if article.published or interval is None or not (interval.earliest and interval.latest):
        return article.published
    return f"{interval.earliest}/{interval.latest}"


def without_side_clauses(sentence: Span, trigger: Token) -> str:
    """The sentence with clauses that describe a noun and do not hold the trigger blanked out
    (same length, so offsets hold): "the alliance, founded in 1949, refused ..." is not dated
    by 1949."""
    text = sentence.text
    blanks: list[tuple[int, int]] = []
    for token in sentence:
        if token.dep_ in _SIDE_CLAUSES and not (token.left_edge.i <= trigger.i <= token.right_edge.i):
            blanks.append((token.left_edge.idx - sentence.start_char, token.right_edge.idx + len(token.right_edge) - sentence.start_char))
    for begin, end in blanks:
        text = text[:begin] + " " * (end - begin) + text[end:]
    return text


def _date(sentence: str, article: Article, future: bool, anchor: int) -> tuple[str | None, str | None]:
    """The event's date from its sentence (the expression nearest the trigger), else the publication date.

    An undated article's estimated interval resolves relative expressions ("on Monday") when
    that gives a month or a day; a mere year from the interval is left out (None), so that the
    analysis shows the interval itself, which says more."""
    published = publication_reference(article)
    if article.published or published is None:
        return _resolved(sentence, article.published, future, anchor)
    stated = _resolved(sentence, None, future, anchor)
    if stated[0] is not None:
        return stated
    date, precision = _resolved(sentence, published, future, anchor)
    return (date, precision) if precision in ("day", "month") else (None, None)


def _resolved(sentence: str, published: str | None, future: bool, anchor: int) -> tuple[str | None, str | None]:
    from detente.timex import event_date

    return event_date(sentence, published, future=future, anchor=anchor)
