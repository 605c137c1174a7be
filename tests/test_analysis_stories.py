"""Stories: incremental grouping of articles, labels, serialisable state (detente.analysis.stories)."""

from __future__ import annotations

import json
import random
from datetime import date

from detente.analysis import StorySettings, StoryState, article_actors, assign_stories, stories
from tests.test_analysis_merge import NATO, RUSSIA, make_article, make_event

MISSION = [
    ("m1", "2021-10-18", "Russia suspends its mission to NATO",
     "Russia will suspend its permanent mission to NATO in Brussels and close the alliance's information office "
     "in Moscow, the foreign minister said, after the alliance expelled eight Russian diplomats it accused of spying."),
    ("m2", "2021-10-19", "Moscow shuts NATO office after expulsions",
     "Moscow is closing the NATO military liaison mission and information office and suspending its own mission "
     "to the alliance, a response to the expulsion of eight Russian diplomats from the Brussels headquarters."),
    ("m3", "2021-10-20", "NATO regrets Russian decision to suspend mission",
     "NATO said it regretted the Russian decision to suspend its mission and close the alliance's Moscow "
     "information office, adding that its policy towards Russia remained consistent after the expulsions."),
]
GAS = [
    ("g1", "2021-10-19", "Gas prices soar as pipeline flows drop",
     "European gas prices soared to record highs on Tuesday as flows through the pipeline dropped and storage "
     "levels remained low ahead of winter, traders said, blaming supply constraints and cold weather forecasts."),
    ("g2", "2021-10-21", "Pipeline flows recover, gas prices ease",
     "Gas prices eased on Thursday after flows through the pipeline recovered, although storage levels across "
     "Europe stayed low before winter and traders warned of further supply constraints."),
]


def articles(rows, outlet="Wire"):
    return [make_article(aid, outlet, day, text=text, title=title) for aid, day, title, text in rows]


def test_stories_group_by_topic_and_label_them():
    assignments, state = assign_stories(articles(MISSION + GAS))
    by_article = {a.article_id: a.story_id for a in assignments}
    assert by_article["m1"] == by_article["m2"] == by_article["m3"]
    assert by_article["g1"] == by_article["g2"] != by_article["m1"]
    assert sum(a.new_story for a in assignments) == 2
    labelled = {story.id: story for story in stories(state)}
    mission = labelled[by_article["m1"]]
    assert mission.article_ids == ["m1", "m2", "m3"]
    assert (mission.start, mission.end) == ("2021-10-18", "2021-10-20")
    assert {"mission", "suspend"} & set(mission.key_terms) and "the" not in mission.key_terms
    assert {"gas", "pipeline", "prices"} & set(labelled[by_article["g1"]].key_terms)


def test_stories_incremental_batch_joins_existing_story_or_starts_one():
    first, state = assign_stories(articles(MISSION[:2] + GAS[:1]))
    later = MISSION[2:] + GAS[1:] + [
        ("o1", "2021-10-21", "Olympic committee picks host city",
         "The olympic committee picked a host city for the winter games after a secret ballot of its members."),
    ]
    second, state2 = assign_stories(articles(later), state)
    stories_before = {a.article_id: a.story_id for a in first}
    after = {a.article_id: a for a in second}
    assert after["m3"].story_id == stories_before["m1"] and not after["m3"].new_story
    assert after["m3"].similarity is not None and after["m3"].similarity >= StorySettings().threshold
    assert after["g2"].story_id == stories_before["g1"]
    assert after["o1"].new_story
    assert len(state2.stories) == 3 and state2.documents == 6
    assert len(state.stories) == 2 and state.documents == 3  # the old state is not modified


def test_stories_same_topic_after_the_window_is_a_new_story():
    late = [("m9", "2022-02-10", "Russia suspends its mission to NATO, again", MISSION[0][3])]
    _, state = assign_stories(articles(MISSION))
    assignments, _ = assign_stories(articles(late), state)
    assert assignments[0].new_story
    wide, _ = assign_stories(articles(late), state, StorySettings(window_days=200, max_span_days=200))
    assert not wide[0].new_story


def test_stories_a_daily_topic_continues_in_chapters():
    days = [f"2021-{month:02d}-{day:02d}" for month in (1, 2, 3, 4) for day in range(1, 29, 3)]
    daily = [make_article(f"d{i}", "Wire", day, text=MISSION[i % 3][3], title=MISSION[i % 3][2])
             for i, day in enumerate(days)]
    assignments, state = assign_stories(daily)
    spans = [(story.start, story.end) for story in stories(state)]
    assert len(spans) >= 2
    assert all((date.fromisoformat(end) - date.fromisoformat(start)).days <= StorySettings().max_span_days
               for start, end in spans)


def test_stories_state_round_trips_through_json_and_gives_the_same_result():
    _, state = assign_stories(articles(MISSION[:2] + GAS[:1]))
    restored = StoryState.from_dict(json.loads(json.dumps(state.to_dict())))
    assert restored == state
    rest = articles(MISSION[2:] + GAS[1:])
    assert assign_stories(rest, state) == assign_stories(rest, restored)


def test_stories_batch_order_does_not_matter_and_reruns_are_idempotent():
    batch = articles(MISSION + GAS)
    shuffled = batch[:]
    random.Random(5).shuffle(shuffled)
    first, state = assign_stories(batch)
    second, _ = assign_stories(shuffled)
    assert first == second
    again, state2 = assign_stories(batch[:2], state)
    story_of = {a.article_id: a.story_id for a in first}
    assert {a.article_id: a.story_id for a in again} == {"m1": story_of["m1"], "m2": story_of["m2"]}
    assert state2 == state


def test_stories_main_actors_from_events():
    events = [make_event("e1", "m1", "Russia suspends its mission to NATO.", source=RUSSIA, target=NATO),
              make_event("e2", "m2", "Moscow shuts NATO office.", source=RUSSIA, target=NATO)]
    actors = article_actors(events)
    assert actors["m1"] == ["RUS", "NATO"]
    _, state = assign_stories(articles(MISSION), actors=actors)
    (story,) = stories(state)
    assert set(story.actors) == {"RUS", "NATO"}


def test_stories_undated_article_joins_an_open_story():
    undated = [make_article("u1", "Wire", None, text=MISSION[1][3], title=MISSION[1][2])]
    _, state = assign_stories(articles(MISSION[:1]))
    (assignment,), state2 = assign_stories(undated, state)
    assert not assignment.new_story
    (story,) = stories(state2)
    assert (story.start, story.end) == ("2021-10-18", "2021-10-18")


def test_stories_many_articles_stay_fast():
    """2,000 articles over a year in 40 rotating topics: bounded work per article."""
    rng = random.Random(1)
    topics = [[f"topic{t}word{w}" for w in range(12)] for t in range(40)]
    batch = []
    for i in range(2000):
        words = rng.sample(topics[i % 40], 8) + [f"filler{rng.randrange(500)}" for _ in range(30)]
        day = f"2021-{1 + (i * 12) // 2000:02d}-{1 + i % 28:02d}"
        batch.append(make_article(f"x{i}", "Wire", day, text=" ".join(words), title=" ".join(words[:4])))
    assignments, state = assign_stories(batch)
    assert len(assignments) == 2000
    assert len(state.stories) < 600
