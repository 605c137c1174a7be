"""detente: raw international news in, a clean, deduplicated, dated corpus out.

Public API:
    run(paths, out=..., db=None, settings=None) -> RunSummary
    clean_text(text, source="<text>", settings=None) -> Article
"""

from __future__ import annotations

from pathlib import Path

from detente.config import Settings
from detente.records import Article, RawDoc, Reject

__version__ = "0.1.0"
__all__ = ["Article", "Rejected", "Settings", "clean_text", "run", "__version__"]


class Rejected(ValueError):
    """Raised by `clean_text` when the text cannot become an article; the message says why."""


def clean_text(text: str, source: str = "<text>", settings: Settings | None = None) -> Article:
    """Clean one page dump (or article text) given as a string.

    Unlike `run`, which applies the corpus policy (kept languages, minimum length), this
    keeps whatever the text is: the article's `language` and `word_count` say what it is,
    and the caller decides. Pass `settings` to apply a policy here too.

    Raises:
        Rejected: when the text holds no article text at all (empty, whitespace, nothing
            left after cleaning), or when `settings` impose a policy the text fails.
    """
    from detente.clean import clean_document
    from detente.ingest.text import valid_text
    from detente.resources import load_cleaning_resources

    settings = settings or Settings(languages=(), min_words=0)
    text, repaired = valid_text(text)  # lone surrogates and NULs, as at ingest: nothing later can fail on them
    raw = RawDoc(source=valid_text(source)[0], format="text", text=text, repaired=repaired)
    result = clean_document(raw, load_cleaning_resources(settings))
    if isinstance(result, Reject):
        raise Rejected(f"{source}: {result.reason}")
    if not result.text.strip():
        raise Rejected(f"{source}: no article text (nothing left after cleaning)")
    return result


def run(paths: list[Path | str] | Path | str, out: Path | str, db: Path | str | None = None, settings: Settings | None = None):  # noqa: ANN201
    """Run the pipeline over files and folders; see `detente.pipeline.run`."""
    from detente.pipeline import run as run_pipeline

    if isinstance(paths, (str, Path)):
        paths = [paths]
    return run_pipeline(paths, out, db=db, settings=settings)
