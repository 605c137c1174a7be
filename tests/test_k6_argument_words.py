"""The argument reader's words (actors/arguments.yaml) and the side words (events/actor_sides.yaml)
are read with the event lexicon, merged with the user's files (`Settings.extra_data`), as
arguments.yaml's header promises; they were module-cached loaders that ignored those files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from detente.events.lexicon import build_event_lexicon, load_argument_words, load_side_words
from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture

USER_FILE = """\
fight_nouns: [standoff]
venue_nouns: [embassy compound]
"""
SENTENCE = "A soldier was killed in a standoff with Taliban insurgents in Helmand on Tuesday."


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(USER_FILE, encoding="utf-8")
    return path


def test_a_users_file_extends_the_packaged_lists(user_file: Path) -> None:
    words, sides = load_argument_words((user_file,)), load_side_words((user_file,))
    assert {"standoff", "firefight"} <= words.fight_nouns
    assert {"embassy compound", "airport"} <= sides.venue_nouns
    assert "standoff" not in load_argument_words().fight_nouns


def test_the_lexicon_reads_them_with_its_extra_data(user_file: Path) -> None:
    lexicon = build_event_lexicon({}, {}, extra_data=(user_file,))
    assert "standoff" in lexicon.argument_words.fight_nouns
    assert "embassy compound" in lexicon.side_words.venue_nouns
    assert "standoff" not in build_event_lexicon({}, {}).argument_words.fight_nouns


def test_the_coder_uses_the_lexicons_words(nlp, stages, user_file: Path) -> None:  # noqa: F811
    """A fight noun from the user's file gives a passive with no "by" phrase its doer."""
    knowledge, quotes, lexicon = stages

    def killer(lexicon_used) -> tuple[str, str | None] | None:  # noqa: ANN001 - an EventLexicon
        events = [e for e in code(nlp, (knowledge, quotes, lexicon_used), SENTENCE) if e.trigger.text == "killed"]
        assert events
        return (events[0].source.text, events[0].source.code) if events[0].source else None

    assert killer(lexicon) != ("Taliban insurgents", "AFGREB")
    extended = replace(lexicon, argument_words=load_argument_words((user_file,)))
    assert killer(extended) == ("Taliban insurgents", "AFGREB")
