"""Merging event mentions into events counted once (detente.analysis.merge).

Records are built here by hand (the events coder is not needed): `make_event`, `make_article`
and `actor` are shared with the other analysis tests.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import replace

import pytest

from detente.analysis import ActorCatalog, MergeSettings, explain, explain_event, merge_events
from detente.records import Article, Event, EventActor, Location, MergedEvent, Modality, Span

CATALOG = ActorCatalog.load()


def actor(code: str | None, country: str | None = None, name: str | None = None, text: str | None = None) -> EventActor:
    role = code[3:6] if code and country and code.startswith(country) and len(code) > 3 else None
    return EventActor(text or name or code or "", name, code, country, role)


RUSSIA = actor("RUSGOV", "RUS", "Russia", "Russia")
NATO = actor("IGOWSTNAT", "NATO", "NATO", "NATO")


def make_event(
    event_id: str,
    article_id: str,
    sentence: str,
    *,
    cameo: str = "161",
    date: str | None = "2021-10-18",
    precision: str | None = "day",
    source: EventActor | None = RUSSIA,
    target: EventActor | None = NATO,
    quad: int | None = 4,
    goldstein: float | None = -4.0,
    negated: bool = False,
    hypothetical: bool = False,
    future: bool = False,
    quote_id: str | None = None,
    start: int = 0,
) -> Event:
    return Event(
        id=event_id, article_id=article_id, sentence=Span(sentence, start, start + len(sentence)),
        trigger=Span(sentence.split()[1] if len(sentence.split()) > 1 else sentence, start, start + 1),
        source=source, target=target, cameo=cameo, cameo_root=cameo[:2], plover=None, quad_class=quad,
        goldstein=goldstein, modality=Modality(negated=negated, hypothetical=hypothetical, future=future),
        date=date, date_precision=precision if date else None, location=None, confidence=0.9, quote_id=quote_id,
    )


def make_article(article_id: str, outlet: str | None = None, published: str | None = "2021-10-18",
                 text: str = "", title: str | None = None, precision: str | None = None) -> Article:
    return Article(
        id=article_id, source=f"{article_id}.txt", url=None, format="txt", title=title, outlet=outlet, credited=[],
        author=None, dateline=None, language="en", published=published,
        published_precision=precision or ("day" if published else None), published_interval=None, text=text,
        word_count=len(text.split()), removed=[],
    )


ARTICLES = [make_article("a1", "Reuters", "2021-10-18"), make_article("a2", "TASS", "2021-10-19"),
            make_article("a3", "BBC", "2021-10-20")]
SUSPEND_1 = "Russia will suspend its permanent mission to NATO in Brussels from November 1, the foreign ministry said."
SUSPEND_2 = "Moscow is suspending the work of its permanent mission to NATO, foreign minister Sergei Lavrov said."
SUSPEND_3 = "Russia said on Monday it would suspend its mission to NATO and shut the alliance's Moscow office."


def merge(events, articles=ARTICLES, **settings):
    return merge_events(events, articles, MergeSettings(**settings), CATALOG)


def test_merge_same_event_in_two_outlets_is_one_event():
    result = merge([make_event("e1", "a1", SUSPEND_1), make_event("e2", "a2", SUSPEND_2, date="2021-10-19")])
    assert len(result.merged) == 1
    merged = result.merged[0]
    assert (merged.mentions, merged.articles, merged.sources) == (2, 2, 2)
    assert merged.outlets == ["Reuters", "TASS"]
    assert merged.first_reported == "2021-10-18" and merged.first_article_id == "a1"
    assert (merged.source_key, merged.target_key, merged.cameo_root) == ("RUS", "NATO", "16")
    assert [member.rule for member in merged.members] == ["first", "text"]
    assert merged.members[1].similarity >= MergeSettings().text_threshold


def test_merge_three_outlets_count_mentions_articles_and_sources():
    events = [make_event("e1", "a1", SUSPEND_1), make_event("e2", "a2", SUSPEND_2),
              make_event("e3", "a3", SUSPEND_3), make_event("e4", "a3", SUSPEND_3.replace("Monday", "Tuesday"), start=200)]
    merged = merge(events).merged
    assert len(merged) == 1
    assert (merged[0].mentions, merged[0].articles, merged[0].sources) == (4, 3, 3)


def test_merge_different_roots_stay_apart():
    result = merge([make_event("e1", "a1", SUSPEND_1, cameo="161"),
                    make_event("e2", "a2", SUSPEND_1, cameo="172", quad=4, goldstein=-5.0)])
    assert len(result.merged) == 2


def test_merge_different_dyads_stay_apart():
    usa = actor("USAGOV", "USA", "United States")
    result = merge([make_event("e1", "a1", SUSPEND_1), make_event("e2", "a2", SUSPEND_1, source=usa)])
    assert len(result.merged) == 2


def test_merge_month_precision_is_compatible_with_a_day_of_that_month():
    month = make_event("e2", "a2", SUSPEND_2, date="2021-10", precision="month")
    result = merge([make_event("e1", "a1", SUSPEND_1, date="2021-10-29"), month])
    assert len(result.merged) == 1
    assert (result.merged[0].date, result.merged[0].date_precision) == ("2021-10-29", "day")


def test_merge_month_precision_not_compatible_with_another_month():
    month = make_event("e2", "a2", SUSPEND_2, date="2021-12", precision="month")
    assert len(merge([make_event("e1", "a1", SUSPEND_1, date="2021-10-18"), month]).merged) == 2


def test_merge_date_window_is_configurable():
    events = [make_event("e1", "a1", SUSPEND_1, date="2021-10-18"), make_event("e2", "a2", SUSPEND_1, date="2021-10-25")]
    assert len(merge(events).merged) == 2
    assert len(merge(events, date_window_days=7).merged) == 1


def test_merge_identical_words_a_year_apart_are_two_events():
    events = [make_event("e1", "a1", SUSPEND_1, date="2021-10-18"), make_event("e2", "a2", SUSPEND_1, date="2022-10-18")]
    assert len(merge(events).merged) == 2


def test_merge_unrelated_sentences_same_block_stay_apart():
    other = "NATO officials rejected the accusations as baseless propaganda at a press briefing in Vilnius."
    result = merge([make_event("e1", "a1", SUSPEND_1), make_event("e2", "a2", other, date="2021-10-19", cameo="160")])
    assert len(result.merged) == 2


def test_merge_same_article_twice_is_one_event_whatever_the_words():
    headline = "Moscow cuts ties with alliance"
    events = [make_event("e1", "a1", headline), make_event("e2", "a1", SUSPEND_1, start=40)]
    merged = merge(events).merged
    assert len(merged) == 1
    assert merged[0].mentions == 2 and merged[0].articles == 1 and merged[0].sources == 1
    assert merged[0].members[1].rule == "same article"


def test_merge_negated_and_hypothetical_are_not_counted():
    events = [make_event("e1", "a1", SUSPEND_1), make_event("e2", "a2", SUSPEND_2, negated=True),
              make_event("e3", "a3", SUSPEND_3, hypothetical=True)]
    result = merge(events)
    assert [m.event_ids for m in result.merged] == [["e1"]]
    assert result.merged[0].mentions == 1
    assert {(item.event_id, item.reason) for item in result.excluded} == {("e2", "negated"), ("e3", "hypothetical")}
    assert "negated" in explain_event("e2", result, {})[0]


def test_merge_organisation_by_code_or_key_is_one_side():
    by_code = actor("IGOWSTNAT", None, "NATO", "the alliance")
    by_key = actor(None, "NATO", "North Atlantic Treaty Organization")
    events = [make_event("e1", "a1", SUSPEND_1, target=by_code), make_event("e2", "a2", SUSPEND_2, target=by_key)]
    merged = merge(events).merged
    assert len(merged) == 1 and merged[0].target_key == "NATO"


def test_merge_roles_of_one_country_merge_unless_separated():
    military = actor("RUSMIL", "RUS", "Russian military")
    events = [make_event("e1", "a1", SUSPEND_1), make_event("e2", "a2", SUSPEND_2, source=military)]
    assert len(merge(events).merged) == 1
    assert len(merge(events, separate_roles=True).merged) == 2


def test_merge_one_side_unknown_joins_the_group_with_that_side():
    events = [make_event("e1", "a1", SUSPEND_1), make_event("e2", "a2", SUSPEND_2),
              make_event("e3", "a3", SUSPEND_3, target=None)]
    merged = merge(events).merged
    assert len(merged) == 1
    assert merged[0].members[-1].rule.startswith("one side unknown")


def test_merge_undated_event_is_placed_by_its_article():
    events = [make_event("e1", "a1", SUSPEND_1), make_event("e2", "a3", SUSPEND_2, date=None)]
    assert len(merge(events).merged) == 1
    late = [make_article("a1", "Reuters", "2021-10-18"), make_article("a3", "BBC", "2022-03-01")]
    assert len(merge(events, articles=late).merged) == 2


def test_merge_ids_deterministic_and_order_independent():
    events = [make_event(f"e{i}", f"a{1 + i % 3}", sentence, date=f"2021-10-{18 + i % 2}")
              for i, sentence in enumerate([SUSPEND_1, SUSPEND_2, SUSPEND_3] * 2)]
    events += [make_event("x1", "a1", SUSPEND_1, cameo="172"), make_event("x2", "a2", SUSPEND_1, date="2022-01-05")]
    first = merge(events).merged
    shuffled = events[:]
    random.Random(3).shuffle(shuffled)
    second = merge(shuffled).merged
    assert [(m.id, sorted(m.event_ids)) for m in first] == [(m.id, sorted(m.event_ids)) for m in second]
    assert sum(m.mentions for m in first) == len(events)


def test_merge_explain_lines_say_why():
    events = [make_event("e1", "a1", SUSPEND_1), make_event("e2", "a2", SUSPEND_2, date="2021-10-19")]
    result = merge(events)
    lines = explain(result.merged[0], {event.id: event for event in events})
    text = "\n".join(lines)
    assert lines[0].startswith(f"Event {result.merged[0].id}: RUS -> NATO, CAMEO 161 (root 16), 2021-10-18")
    assert "2 mention(s) in 2 article(s) from 2 outlet(s)" in text
    assert "first mention of the group" in text
    assert "similarity" in text and "with e1" in text
    assert SUSPEND_2 in text
    assert explain_event("e2", result, {event.id: event for event in events}) == lines


def test_merged_event_round_trips_through_json():
    merged = merge([make_event("e1", "a1", SUSPEND_1), make_event("e2", "a2", SUSPEND_2)]).merged[0]
    again = MergedEvent.from_dict(json.loads(json.dumps(merged.to_dict())))
    assert again == merged


def test_merge_month_precision_not_widened_by_the_window():
    events = [make_event("e1", "a1", SUSPEND_1, date="2021-10", precision="month"),
              make_event("e2", "a2", SUSPEND_1, date="2021-11-01")]
    assert len(merge(events).merged) == 2


def test_merge_different_locations_are_different_events():
    kharkiv, odesa = Location("Kharkiv", "UKR"), Location("Odesa", "UKR")
    ukraine = actor("UKR", "UKR", "Ukraine")
    sentence = "Russian forces shelled {} overnight, regional officials said."
    events = [replace(make_event("e1", "a1", sentence.format("Kharkiv"), cameo="195", target=ukraine), location=kharkiv),
              replace(make_event("e2", "a2", sentence.format("Odesa"), cameo="195", target=ukraine), location=odesa),
              replace(make_event("e3", "a3", sentence.format("Kharkiv"), cameo="195", target=ukraine), location=kharkiv)]
    assert sorted(m.mentions for m in merge(events).merged) == [1, 2]
    assert len(merge(events, separate_locations=False).merged) == 1


def test_merge_one_article_listing_killings_in_several_cities_keeps_them_apart():
    iraq = actor("IRQ", "IRQ", "Iraq")
    events = [replace(make_event(f"e{i}", "a1", f"Gunmen killed a police officer in {city} on Monday.", cameo="1823",
                                 source=None, target=iraq, start=80 * i), location=Location(city, "IRQ"))
              for i, city in enumerate(["Baghdad", "Basra", "Mosul", "Kirkuk"])]
    headline = replace(make_event("e9", "a1", "Police officer shot dead in Basra", cameo="1823", source=None, target=iraq,
                                  start=400), location=Location("Basra", "IRQ"))
    merged = merge([*events, headline]).merged
    assert sorted(m.mentions for m in merged) == [1, 1, 1, 2]
    assert next(m for m in merged if m.mentions == 2).event_ids == ["e1", "e9"]


def test_merge_same_arrest_by_two_outlets_naming_the_actor_differently():
    """One outlet says "Russian police" (RUSCOP), the other "Moscow" (RUSGOV), a day apart: one event."""
    police = actor("RUSCOP", "RUS", "Russian police", "Russian police")
    activist = actor("RUSOPP", "RUS", "opposition", "opposition leader")
    events = [make_event("e1", "a1", "Russian police arrested the opposition leader at a rally in Moscow on Sunday.",
                         cameo="173", source=police, target=activist, date="2021-10-17"),
              make_event("e2", "a2", "Moscow detained the opposition leader as he arrived at the rally, his aides said.",
                         cameo="173", source=RUSSIA, target=activist, date="2021-10-18")]
    merged = merge(events).merged
    assert len(merged) == 1
    assert sorted(merged[0].event_ids) == ["e1", "e2"] and merged[0].sources == 2


def test_merge_different_targets_stay_apart():
    georgia, ukraine = actor("GEO", "GEO", "Georgia"), actor("UKR", "UKR", "Ukraine")
    sentence = "Russia expelled two diplomats of {} on Monday, the foreign ministry said."
    events = [make_event("e1", "a1", sentence.format("Georgia"), cameo="1662", target=georgia),
              make_event("e2", "a2", sentence.format("Ukraine"), cameo="1662", target=ukraine)]
    assert len(merge(events).merged) == 2


def test_merge_big_block_stays_bounded():
    """3,000 distinct events of one dyad and root in one month: none merged, work bounded."""
    ukraine = actor("UKR", "UKR", "Ukraine")
    events = [replace(make_event(f"e{i}", f"a{i}", f"Russian forces shelled settlement {i} overnight.", cameo="195",
                                 target=ukraine, date=f"2022-03-{1 + i % 28:02d}"), location=Location(f"S{i}", "UKR"))
              for i in range(3000)]
    started = time.perf_counter()
    result = merge(events, articles=[])
    assert len(result.merged) == 3000
    assert time.perf_counter() - started < 20


def test_merge_settings_are_validated():
    with pytest.raises(ValueError):
        MergeSettings(text_threshold=1.5)
