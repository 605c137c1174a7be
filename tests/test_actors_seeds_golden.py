"""Golden tests of the actors stage on the five seed page dumps (skipped when shared/ is absent).

Only short needles from the seeds appear here; the texts are read at run time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import detente
from detente.actors import find_mentions, load_actor_knowledge
from detente.nlp import load_pipeline
from detente.records import Mention

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def seed_mentions() -> dict[str, list[Mention]]:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not found: golden tests need the shared/ folder beside the repository")
    nlp, knowledge = load_pipeline(), load_actor_knowledge()
    found = {}
    for prefix in ("000", "001", "002", "003", "004"):
        (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
        article = detente.clean_text(path.read_text(encoding="utf-8"), source=str(path))
        found[prefix] = find_mentions(nlp(article.text), article, knowledge)
    return found


def resolved(found: list[Mention], text: str) -> list[tuple[str, str | None]]:
    return [(m.name, m.code) for m in found if m.text == text]


@pytest.mark.parametrize("seed, text, name, code", [
    ("000", "Dmitry Peskov", "Dmitry Peskov", "RUSGOV"),
    ("000", "Peskov", "Dmitry Peskov", "RUSGOV"),
    ("001", "Russian Presidential Spokesman Dmitry Peskov", "Dmitry Peskov", "RUSGOV"),
    ("001", "the Kremlin spokesman", "Dmitry Peskov", "RUSGOV"),
    ("001", "Peskov", "Dmitry Peskov", "RUSGOV"),
    ("002", "Secretary General Jens Stoltenberg", "Jens Stoltenberg", "IGOWSTNAT"),
    ("002", "Stoltenberg", "Jens Stoltenberg", "IGOWSTNAT"),
    ("002", "the NATO secretary general", "Jens Stoltenberg", "IGOWSTNAT"),
    ("003", "Lavrov", "Sergey Lavrov", "RUSGOV"),
    ("003", "the head of Russian diplomacy", "Sergey Lavrov", "RUSGOV"),
    ("003", "Oana Lungescu", "Oana Lungescu", "IGOWSTNAT"),
    ("004", "The Deputy Foreign Minister Alexei Meshkov", "Alexei Meshkov", "RUSGOV"),
    ("004", "the Russian deputy minister", "Alexei Meshkov", "RUSGOV"),
    ("004", "The diplomat", "Alexei Meshkov", "RUSGOV"),
    ("004", "Meshkov", "Alexei Meshkov", "RUSGOV"),
])
def test_actors_seed_people(seed_mentions: dict[str, list[Mention]], seed: str, text: str, name: str,
                            code: str) -> None:
    found = resolved(seed_mentions[seed], text)
    assert found and all(item == (name, code) for item in found), found


def test_actors_seed_lavrov_with_title(seed_mentions: dict[str, list[Mention]]) -> None:
    titled = [m for m in seed_mentions["003"] if m.text.endswith("Sergey Lavrov")]
    assert [(m.name, m.code) for m in titled] == [("Sergey Lavrov", "RUSGOV")]


def test_actors_seed_alliance_is_nato(seed_mentions: dict[str, list[Mention]]) -> None:
    for found in seed_mentions.values():
        alliance = [m for m in found if m.text.lower().endswith("alliance") and m.resolved_by == "coreference"]
        assert all(m.code == "IGOWSTNAT" for m in alliance)
    assert any(m.text == "the alliance" for m in seed_mentions["000"])


def test_actors_seed_mentions_are_well_formed(seed_mentions: dict[str, list[Mention]]) -> None:
    for found in seed_mentions.values():
        ends = [0] + [m.end for m in found]
        assert all(m.start >= end for m, end in zip(found, ends))
