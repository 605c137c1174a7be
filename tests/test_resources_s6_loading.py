"""The NLP resources build each shared piece once per process (issue 13, session 6).

`load_nlp_resources` builds the places gazetteer once, with the run's data files, and gives
the same object to the actor knowledge and the event lexicon (each built its own before, the
actors' without the run's data files); the event lexicon takes the quote lexicon's speech
verbs instead of loading the quote lexicon a second time. The loaders run with the garbage
collector paused (`resources.paused_gc`).
"""

from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from detente.resources import paused_gc

pytestmark = pytest.mark.fresh_resources  # these tests count loads


def test_paused_gc_restores_the_collectors_state() -> None:
    """Paused inside, restored after (also after an error and when nested)."""
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    with pytest.raises(KeyError), paused_gc():
        raise KeyError("boom")
    assert gc.isenabled()


def test_paused_gc_overlapping_in_two_threads_leaves_the_collector_on() -> None:
    """Pauses that end out of order in two threads (the web app's background warm-up and a
    request) restore the collector once, when the last ends: it was left off for good before."""
    import threading

    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with paused_gc():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with paused_gc():
            second_in.set()
            first_out.wait(5)
            assert not gc.isenabled()  # still paused: the second pause holds after the first ended

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert gc.isenabled()
    assert gc.get_threshold()[0] > 0


def test_nlp_resources_share_one_gazetteer_with_the_runs_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One gazetteer (with the user's places file) for actors and events, one quote lexicon."""
    import detente.annotate
    import detente.places
    import detente.quotes
    from detente.annotate import load_nlp_resources
    from detente.records import Location

    calls: Counter[str] = Counter()

    def counted(module: Any, name: str) -> None:
        original = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counted(detente.places, "load_gazetteer")
    counted(detente.quotes, "load_quote_lexicon")
    monkeypatch.setattr(detente.annotate, "load_pipeline", lambda model: f"pipeline {model}")  # no spaCy model needed
    extra = tmp_path / "places.yaml"
    extra.write_text("locations:\n  regions:\n    Zapad range: {country: BLR, lat: 53.9, lon: 27.6}\n", encoding="utf-8")

    loaded = load_nlp_resources("some-model", (extra,), parse_prefilter=False)
    assert loaded.nlp == "pipeline some-model"
    assert loaded.actors.gazetteer is loaded.events.gazetteer
    assert loaded.actors.gazetteer.lookup("Zapad range")[0].location == Location("Zapad range", "BLR", 53.9, 27.6)
    assert loaded.quotes.speech_verbs <= loaded.events.speech_verbs
    assert calls == Counter({"load_gazetteer": 1, "load_quote_lexicon": 1})
    assert gc.isenabled()
