"""Shared fixtures: the packaged resources (loaded once) and the shared/ data folder."""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from detente.config import Settings
from detente.resources import CleaningResources, load_cleaning_resources

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DETENTE_SHARED", REPO.parent / "shared"))
EXAMPLES = REPO / "examples" / "corpus"


_OWN_CACHE: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """Runs in tests write the decompressed language-id model (`resources.CACHE_ENV`) into a
    temporary folder of the session, not into the user's ~/.cache, unless the caller set one."""
    if "DETENTE_CACHE_DIR" not in os.environ:
        _OWN_CACHE.append(tempfile.mkdtemp(prefix="detente-test-cache-"))
        os.environ["DETENTE_CACHE_DIR"] = _OWN_CACHE[0]


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _OWN_CACHE:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _collector_left_on():  # noqa: ANN202 - a generator fixture
    """Every test leaves the garbage collector on: a pause that leaks (`resources.paused_gc`)
    would otherwise fail some later, unrelated test. A background thread still inside a pause
    gets two seconds to finish it."""
    yield
    deadline = time.monotonic() + 2
    while not gc.isenabled() and time.monotonic() < deadline:
        time.sleep(0.05)
    if not gc.isenabled():
        gc.enable()
        pytest.fail("this test left the garbage collector disabled")


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


# A test session is one long-lived process, as a user's notebook or a worker is: it holds the
# resources it loads and passes them on (issue 13: no hidden module caches in detente itself).
# Without this, every in-process run and every hypothesis example reloaded spaCy, the actor
# catalog and the lexicons (a second or more each), which made the suite several times slower.


@pytest.fixture(scope="session")
def run_cache():  # noqa: ANN201 - a detente.stages.ResourceCache
    """One ResourceCache for every in-process run of the session (keyed by each stage's settings)."""
    from detente.stages import ResourceCache

    return ResourceCache()


@pytest.fixture(autouse=True)
def _runs_share_the_sessions_resources(request: pytest.FixtureRequest, run_cache, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """In-process runners made without a cache use the session's (tests that count loads per
    run opt out with `@pytest.mark.fresh_resources`)."""
    if request.node.get_closest_marker("fresh_resources"):
        return
    import detente.runners.local as local

    monkeypatch.setattr(local, "ResourceCache", lambda: run_cache)


@pytest.fixture(scope="session")
def cleaning_for():  # noqa: ANN201 - Callable[[Settings], CleaningResources]
    """Cleaning resources for given settings, loaded once per distinct settings in the session."""
    loaded: dict[Settings, CleaningResources] = {}

    def get(settings: Settings | None = None) -> CleaningResources:
        settings = settings or Settings()
        if settings not in loaded:
            loaded[settings] = load_cleaning_resources(settings)
        return loaded[settings]

    return get


@pytest.fixture(scope="session")
def actor_knowledge():  # noqa: ANN201 - detente.actors.ActorKnowledge
    from detente.actors import load_actor_knowledge

    return load_actor_knowledge()


@pytest.fixture(scope="session")
def event_lexicon():  # noqa: ANN201 - detente.events.EventLexicon
    from detente.events import load_event_lexicon

    return load_event_lexicon()


@pytest.fixture(scope="session")
def quote_lexicon():  # noqa: ANN201 - detente.quotes.QuoteLexicon
    from detente.quotes import load_quote_lexicon

    return load_quote_lexicon()
