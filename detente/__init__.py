"""detente: raw international news in, a clean, deduplicated, dated corpus out.

Public API:
    run(paths, out=..., db=None, settings=None, resources=None) -> RunSummary
    clean_text(text, source="<text>", settings=None, resources=None) -> Article
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from detente.config import Settings
from detente.records import Article, RawDoc, Reject

if TYPE_CHECKING:
    from detente.resources import CleaningResources
    from detente.stages import ResourceCache

__version__ = "0.1.0"
__all__ = ["Article", "Rejected", "Settings", "clean_text", "run", "__version__"]


class Rejected(ValueError):
    """Raised by `clean_text` when the text cannot become an article; the message says why."""


class _DefaultCleaning:
    """The cleaning resources of `clean_text` called without `settings` nor `resources`: the
    one module-level holder of loaded resources in detente, kept on purpose. `clean_text` is
    a per-document API that library users call in loops, and loading the resources costs
    most of a second, so the default set is loaded on the first such call and kept for the
    process. It holds only that one immutable default (never a cache keyed by arguments);
    a caller with its own settings passes `resources=load_cleaning_resources(settings)` and
    holds them itself. The pipeline never uses it (its runners hold their resources)."""

    def __init__(self) -> None:
        self._resources: CleaningResources | None = None
        self._lock = threading.Lock()

    def get(self) -> CleaningResources:
        with self._lock:
            if self._resources is None:
                from detente.resources import load_cleaning_resources

                self._resources = load_cleaning_resources(_DEFAULT_SETTINGS)
            return self._resources


_DEFAULT_SETTINGS = Settings(languages=(), min_words=0)  # clean_text's: no corpus policy
_DEFAULT_CLEANING = _DefaultCleaning()


def clean_text(
    text: str, source: str = "<text>", settings: Settings | None = None, resources: CleaningResources | None = None
) -> Article:
    """Clean one page dump (or article text) given as a string.

    Unlike `run`, which applies the corpus policy (kept languages, minimum length), this
    keeps whatever the text is: the article's `language` and `word_count` say what it is,
    and the caller decides. Pass `settings` to apply a policy here too.

    Resources: `resources` (from `detente.resources.load_cleaning_resources(settings)`, held
    by the caller) are used as given, with their own settings. Without them, the default
    settings use the module's one default set (`_DefaultCleaning`, loaded once per process),
    and other `settings` are loaded for this call only: pass `resources` to clean many texts.

    Raises:
        Rejected: when the text holds no article text at all (empty, whitespace, nothing
            left after cleaning), or when the settings impose a policy the text fails.
    """
    from detente.clean import clean_document
    from detente.ingest.text import valid_text

    if resources is None:
        if settings is None or settings == _DEFAULT_SETTINGS:
            resources = _DEFAULT_CLEANING.get()
        else:
            from detente.resources import load_cleaning_resources

            resources = load_cleaning_resources(settings)
    text, repaired = valid_text(text)  # lone surrogates and NULs, as at ingest: nothing later can fail on them
    raw = RawDoc(source=valid_text(source)[0], format="text", text=text, repaired=repaired)
    result = clean_document(raw, resources)
    if isinstance(result, Reject):
        raise Rejected(f"{source}: {result.reason}")
    if not result.text.strip():
        raise Rejected(f"{source}: no article text (nothing left after cleaning)")
    return result


def run(  # noqa: ANN201
    paths: list[Path | str] | Path | str, out: Path | str, db: Path | str | None = None, settings: Settings | None = None,
    resources: ResourceCache | None = None,
):
    """Run the pipeline over files and folders; see `detente.pipeline.run`. To run many
    times in one process, pass one `detente.stages.ResourceCache()` as `resources` to every
    call: the models and lexicons then load once, not once per run."""
    from detente.pipeline import run as run_pipeline

    if isinstance(paths, (str, Path)):
        paths = [paths]
    return run_pipeline(paths, out, db=db, settings=settings, resources=resources)
