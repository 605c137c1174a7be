"""Shared fixtures: the packaged resources (loaded once) and the shared/ data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from detente.config import Settings
from detente.resources import CleaningResources, load_cleaning_resources

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DETENTE_SHARED", REPO.parent / "shared"))
EXAMPLES = REPO / "examples" / "corpus"


@pytest.fixture(scope="session")
def resources() -> CleaningResources:
    return load_cleaning_resources(Settings())


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} not found: golden tests need the shared/ folder beside the repository")
    return seeds


def seed_path(seeds_dir: Path, prefix: str) -> Path:
    """The seed file whose name starts with `prefix` ("000", "001", ...)."""
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    return path


@pytest.fixture(scope="session")
def nlp():  # noqa: ANN201 - a spaCy Language
    """The default spaCy pipeline, loaded once for the whole test session."""
    from detente.nlp import ModelNotInstalled, load_pipeline

    try:
        return load_pipeline()
    except ModelNotInstalled as error:
        pytest.skip(str(error))
