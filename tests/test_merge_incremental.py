"""The incremental merge (detente.analysis.merge.merge_incrementally): a run re-merges only the
components its new or removed events touch, and the stored result equals one merge of everything.

Events are written to a real store by hand (no parsing); sentences are written for the test.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from detente.analysis.merge import MergeKey, merge_events, merge_incrementally, merge_scope
from detente.annotate import Annotations
from detente.records import Location
from detente.store import Store
from tests.test_analysis_merge import CATALOG, NATO, RUSSIA, actor, make_article, make_event

UKRAINE, USA = actor("UKR", "UKR", "Ukraine"), actor("USAGOV", "USA", "United States")


def corpus() -> tuple[list, list]:
    """Sixty articles of six outlets: several dyads and roots, partial mentions, places, counts."""
    rng = random.Random(7)
    articles = [make_article(f"a{i:02d}", f"Outlet{i % 6}", f"2021-10-{10 + i % 15:02d}") for i in range(60)]
    events = []
    templates = [
        ("Russia suspended its mission to NATO in Brussels, the ministry said.", "161", RUSSIA, NATO, None),
        ("Russian forces shelled {place} overnight, killing {n} people.", "195", RUSSIA, UKRAINE, "place"),
        ("Washington criticised Moscow over the shelling of {place}.", "111", USA, RUSSIA, "place"),
        ("The talks with NATO in Brussels ended without agreement.", "036", RUSSIA, NATO, None),
        ("The mission was suspended, officials said.", "161", RUSSIA, None, None),
        ("Kyiv was shelled again overnight, killing {n} people.", "195", None, UKRAINE, None),
    ]
    for i, article in enumerate(articles):
        for j in range(rng.randint(1, 4)):
            text, cameo, source, target, placed = rng.choice(templates)
            place = rng.choice(["Kharkiv", "Odesa", "Kyiv"])
            sentence = text.format(place=place, n=rng.choice([3, 4, 12]))
            event = make_event(f"e{i:02d}_{j}", article.id, sentence, cameo=cameo, source=source, target=target,
                               date=article.published if rng.random() < 0.7 else None, start=200 * j,
                               negated=rng.random() < 0.05)
            events.append(replace(event, location=Location(place, "UKR")) if placed else event)
    return articles, events


def write(store: Store, events: list) -> None:
    by_article: dict[str, list] = {}
    for event in events:
        by_article.setdefault(event.article_id, []).append(event)
    store.write_annotations([Annotations(article_id, events=found) for article_id, found in sorted(by_article.items())])


def stored(store: Store) -> list[tuple]:
    return sorted((m.id, tuple(m.event_ids), m.mentions, m.sources, tuple(m.members)) for m in store.merged_events())


def expected(articles, events) -> list[tuple]:
    merged = merge_events(events, articles, catalog=CATALOG).merged
    return sorted((m.id, tuple(m.event_ids), m.mentions, m.sources, tuple(m.members)) for m in merged)


def test_two_runs_adding_articles_equal_one_run_over_all(tmp_path):
    articles, events = corpus()
    first = {article.id for article in articles[:35]}
    with Store(tmp_path / "a.duckdb") as store:
        write(store, [e for e in events if e.article_id in first])
        merge_incrementally(store, articles, CATALOG)
        write(store, [e for e in events if e.article_id not in first])
        touched = merge_incrementally(store, articles, CATALOG)
        assert 0 < touched <= len(events)
        assert stored(store) == expected(articles, events)
        assert merge_incrementally(store, articles, CATALOG) == 0  # nothing new: nothing re-merged
    with Store(tmp_path / "b.duckdb") as store:
        write(store, events)
        merge_incrementally(store, articles, CATALOG)
        assert stored(store) == expected(articles, events)


def test_a_run_re_merges_only_the_components_it_touches(tmp_path):
    articles, events = corpus()
    late = make_article("z1", "Outlet9", "2021-10-20")
    other = actor("FRAGOV", "FRA", "France")
    new = make_event("z1_0", "z1", "France expelled a German diplomat on Wednesday.", cameo="1662", source=other,
                     target=actor("DEUGOV", "DEU", "Germany"), date="2021-10-20")
    with Store(tmp_path / "a.duckdb") as store:
        write(store, events)
        merge_incrementally(store, articles, CATALOG)
        assert merge_incrementally(store, [*articles, late], CATALOG) == 0
        write(store, [new])
        assert merge_incrementally(store, [*articles, late], CATALOG) == 1  # a dyad and root of its own
        assert stored(store) == expected([*articles, late], [*events, new])


def test_removed_events_are_re_merged_like_a_full_recompute(tmp_path):
    articles, events = corpus()
    with Store(tmp_path / "a.duckdb") as store:
        write(store, events)
        merge_incrementally(store, articles, CATALOG)
        store.forget_annotations(["a03", "a17"])
        merge_incrementally(store, articles, CATALOG)
        assert stored(store) == expected(articles, [e for e in events if e.article_id not in ("a03", "a17")])


def test_new_copies_of_an_article_are_counted(tmp_path):
    articles, events = corpus()
    with Store(tmp_path / "a.duckdb") as store:
        write(store, events)
        merge_incrementally(store, articles, CATALOG)
        copy = replace(make_article("c1", "Outlet8", "2021-10-12"), duplicate_of="a02")
        store._con.execute("INSERT INTO articles (id, source, format, language, text, word_count, duplicate_of, input_file) "
                           "VALUES ('c1', 'c1.txt', 'txt', 'en', '', 0, 'a02', 'c1.txt')")
        assert store.changed_copies() == {"a02": 1}
        assert merge_incrementally(store, [*articles, copy], CATALOG) > 0
        from detente.analysis.merge import count_copies

        want = count_copies(merge_events(events, articles, catalog=CATALOG).merged, [*articles, copy])
        assert stored(store) == sorted((m.id, tuple(m.event_ids), m.mentions, m.sources, tuple(m.members)) for m in want)
        assert any("Outlet8" in m.outlets for m in store.merged_events())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scope_is_the_whole_component(seed):
    """A chain a-b (full), b-c (full), a partial on c: all reached from a."""
    keys = [MergeKey("k1", "x", "16", "RUS", "NATO", True), MergeKey("k2", "x", "16", "USA", "NATO", True),
            MergeKey("k3", "x", "16", "USA", None, True), MergeKey("k4", "x", "17", "RUS", "NATO", True),
            MergeKey("k5", "x", "16", "CHN", "JPN", True), MergeKey("k6", "x", "16", "RUS", "NATO", False)]
    random.Random(seed).shuffle(keys)
    scope = merge_scope([("16", "src", "RUS")], lambda nodes: [k for k in keys if set(k.nodes()) & nodes])
    assert sorted(scope) == ["k1", "k2", "k3"]


def test_other_merge_settings_merge_the_store_whole(tmp_path):
    from detente.analysis import MergeSettings

    articles, events = corpus()
    with Store(tmp_path / "a.duckdb") as store:
        write(store, events)
        merge_incrementally(store, articles, CATALOG)
        assert merge_incrementally(store, articles, CATALOG) == 0
        wide = MergeSettings(date_window_days=9)
        assert merge_incrementally(store, articles, CATALOG, settings=wide) == len(events)
        want = merge_events(events, articles, wide, CATALOG).merged
        assert stored(store) == sorted((m.id, tuple(m.event_ids), m.mentions, m.sources, tuple(m.members)) for m in want)
        assert merge_incrementally(store, articles, CATALOG, settings=wide) == 0
