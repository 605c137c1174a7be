"""QUOTES stage: everything actors are quoted as saying, with offsets into the clean text.

Public API:
    load_quote_lexicon(extra_files=()) -> QuoteLexicon        (data/quotes.yaml + user files)
    find_quotes(doc, article, mentions, lexicon) -> list[Quote]

`find_quotes` is a pure function of the parse, the actors stage's mentions and the lexicon:
deterministic, and it never raises — a document it cannot handle yields no quotes and a
logged warning, so one odd page never stops a batch.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from detente.quotes.lexicon import QuoteLexicon, load_quote_lexicon
from detente.records import Article, Mention, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["QuoteLexicon", "find_quotes", "load_quote_lexicon"]

logger = logging.getLogger(__name__)


def find_quotes(doc: Doc, article: Article, mentions: Sequence[Mention], lexicon: QuoteLexicon) -> list[Quote]:
    """Direct, partial and indirect quotes of `article`, sorted by start (see `extract`)."""
    from detente.quotes.extract import find_quotes as extract

    try:
        return extract(doc, article, mentions, lexicon)
    except Exception:  # a bug on one odd document must not stop the batch
        logger.warning("quotes: article %s skipped after an internal error", article.id, exc_info=True)
        return []
