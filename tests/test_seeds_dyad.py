"""Golden test on the seeds: the Russia–NATO view tells the story in order, dated where the text allows.

Issue 5: the 2016 offer of cooperation on equal footing (004, undated in the text), Peskov's 2018
"modest contacts" (001, 2018-07-10), the October 2021 suspension of missions (003, dated by an
interval the text gives), Stoltenberg's "minimal contact" (002, undated) and Peskov's "actual war"
(000, undated). Dated entries come first, in date order; the rest say "date unknown".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detente import pipeline
from detente.analysis import ActorCatalog, dyad_view
from detente.store import Store


@pytest.fixture(scope="module")
def seeds_view(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("seeds")
    pipeline.run([seeds_dir], out)
    with Store(out / "detente.duckdb") as store:
        return dyad_view(
            list(store.iter_events()), store.merged_events(), store.all_quotes(), store.article_headers(),
            "RUS", "NATO", catalog=ActorCatalog.load(),
        )  # fmt: skip


def _first(view, *words: str):  # noqa: ANN001, ANN202
    for index, entry in enumerate(view.timeline):
        text = f"{entry.title} {entry.text or ''}".lower()
        if all(word in text for word in words):
            return index, entry
    raise AssertionError(f"no timeline entry with {words}: {[entry.title for entry in view.timeline]}")


def test_russia_nato_timeline_tells_the_story_in_order(seeds_view) -> None:  # noqa: ANN001
    modest = _first(seeds_view, "modest contacts")
    suspension = _first(seeds_view, "suspend", "mission")
    minimal = _first(seeds_view, "minimal contact")
    war = _first(seeds_view, "actual war")
    offer = _first(seeds_view, "cooperation", "equity")
    assert modest[1].date and modest[1].date.startswith("2018")
    assert suspension[1].label.startswith("2021-10")
    assert modest[0] < suspension[0] < minimal[0] and suspension[0] < war[0]
    for index, entry in (minimal, war, offer):  # the texts do not date these: no invented dates
        assert entry.date is None or entry.by_publication, entry
        assert entry.label == "date unknown"


def test_russia_nato_series_counts_conflict_and_cooperation(seeds_view) -> None:  # noqa: ANN001
    total = seeds_view.total
    assert total.events >= 10
    assert total.quad3 + total.quad4 > 0 and total.quad1 > 0
