"""ACTORS stage: find the political actors an article mentions and resolve each to a CAMEO code.

Public API:
    load_actor_knowledge(extra_files=()) -> ActorKnowledge   (a plain loader: the caller holds it)
    find_mentions(doc, article, knowledge) -> list[Mention]

`doc` is the spaCy parse of `article.text`, so token offsets are article offsets. The stage runs
three passes over it: known names and people (`units`), phrases of adjacent units (`phrases`),
and left-to-right resolution with coreference (`resolve`, whose docstring states the rules).
Knowledge lives in `detente/data/actors/*.yaml` (formats in their headers) plus the countryinfo
package; `dictimport` converts PETRARCH/TABARI dictionaries to those formats.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.actors.knowledge import ActorKnowledge, build_knowledge
from detente.records import Article, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["ActorKnowledge", "find_mentions", "load_actor_knowledge"]


def load_actor_knowledge(extra_files: tuple[Path, ...] = (), gazetteer: Any = None) -> ActorKnowledge:
    """Load and compile all actor knowledge (a few seconds). A plain loader, no module cache
    (issue 13): the runners load it once per process inside `annotate.NlpResources` (kept by
    `stages.ResourceCache`); other callers load it once and pass it on. The result is never
    mutated, so every document of a process shares it. `gazetteer`: a places gazetteer the
    caller already loaded with the same `extra_files` (None: one is built here)."""
    return build_knowledge(tuple(extra_files), gazetteer=gazetteer)


def find_mentions(doc: Doc, article: Article, knowledge: ActorKnowledge) -> list[Mention]:
    """Actor mentions in `doc`, sorted by start and non-overlapping, each with its sentence span."""
    from detente.actors.resolve import resolve_document

    return resolve_document(doc, article, knowledge)
