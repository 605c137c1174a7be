"""EVENTS stage: who did and said what to whom, and when, as CAMEO-coded events with evidence.

Public API:
    load_event_lexicon(extra_data=()) -> EventLexicon        (data/events/*.yaml, arguments.yaml + user files;
                                                              a plain loader, about a second: load once, pass it on)
    find_events(doc, article, mentions, quotes, lexicon) -> list[Event]
    sentence_may_hold_event(sentence_text, has_actor, lexicon) -> bool   (the cheap prefilter)
    load_cameo_table() -> CameoTable                          (CAMEO codes, Goldstein, quad class, PLOVER)

`find_events` is a pure function of the parse (`doc` is the spaCy Doc of `article.text`), the
actors stage's mentions, the quotes stage's quotes and the lexicon: deterministic, and it never
raises — a document it cannot handle yields no events and a logged warning, so one odd page
never stops a batch. `coder` states the coding rules, `arguments` how sources and targets are
read from the parse, `modality` how negation, conditions, the future and reported speech are.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from detente.events.cameo import CameoCode, CameoTable, load_cameo_table
from detente.events.lexicon import EventLexicon, load_event_lexicon, sentence_may_hold_event
from detente.records import Article, Event, Mention, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "CameoCode",
    "CameoTable",
    "EventLexicon",
    "find_events",
    "load_cameo_table",
    "load_event_lexicon",
    "sentence_may_hold_event",
]

logger = logging.getLogger(__name__)


def find_events(doc: Doc, article: Article, mentions: Sequence[Mention], quotes: Sequence[Quote], lexicon: EventLexicon) -> list[Event]:
    """Coded events of `article` (parsed as `doc`), sorted by position (see `coder`)."""
    from detente.events.coder import find_events as code

    try:
        return code(doc, article, mentions, quotes, lexicon)
    except Exception:  # a bug on one odd document must not stop the batch
        logger.warning("events: article %s skipped after an internal error", article.id, exc_info=True)
        return []
