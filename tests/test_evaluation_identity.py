"""The well-known-person identity check of `make eval` (detente.evaluation.identity)."""

from __future__ import annotations

import pytest

from detente.analysis.sides import ActorCatalog
from detente.evaluation.identity import actor_counts, load_known_people


@pytest.fixture(scope="module")
def people():
    return load_known_people(ActorCatalog.load())


@pytest.mark.parametrize("text, units", [
    ("President Bush", {"USA"}), ("Bush", {"USA"}), ("Mr. Bush's", {"USA"}), ("Sen. Marco Rubio", {"USA"}),
    ("Luis Rubio", None),  # another person who shares the surname
    ("Clinton communication director Jennifer Palmieri", None),  # the name only modifies the head
    ("Bush administration", None), ("the ministry", None), ("", None),
])
def test_a_known_person_is_found_only_where_the_name_heads_the_phrase(people, text, units) -> None:
    found = people.units_in(text)
    assert (set(found) if found else None) == units


def test_an_actor_is_right_only_with_the_persons_country_and_uncoded_counts_as_wrong(people) -> None:
    unit = ActorCatalog.load().unit
    assert actor_counts({"text": "Bush", "code": "USAGOV", "country": "USA"}, people, unit)[:3] == (1, 1, 0)
    assert actor_counts({"text": "Bush", "code": "ISRGOV", "country": "ISR"}, people, unit)[:3] == (1, 0, 0)
    assert actor_counts({"text": "Bush", "code": None, "country": None}, people, unit)[:3] == (1, 0, 1)
    assert actor_counts({"text": "he", "name": "George W. Bush", "code": "USAGOV"}, people, unit)[:3] == (1, 1, 0)
    assert actor_counts({"text": "the police", "code": "ISRCOP"}, people, unit)[:3] == (0, 0, 0)
    assert actor_counts(None, people, unit)[:3] == (0, 0, 0)
