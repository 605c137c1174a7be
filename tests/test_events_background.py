"""Background is not the news (issue 11 item 1): an act dated well before the article, an act that
only sets a state or feeling in time, a habit, a standing reproach are kept as evidence with
modality.background (flagged); a habit someone is known for codes no event (dropped).
Sentences written for these tests; the rules are `background_days`, `background_clause_marks`,
`state_heads` and `attribute_heads` under `event_figurative`, and `event_background` (which rule
flags, which drops; habitual adverbs, generic passives) in detente/data/events/rules.yaml.
The articles are published on 2021-10-18 (tests.test_events_coder.article)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.evaluation.events import primary_event
from detente.events.coder import _stale
from detente.events.lexicon import _background_action
from detente.records import Modality, PublishedInterval
from tests.test_events_coder import article, code, stages  # noqa: F401 - the session fixture


def _triggers(events) -> list[str]:  # noqa: ANN001
    return [event.trigger.text for event in events]


def _background(events, word: str) -> list[bool]:  # noqa: ANN001
    """The background flag of each event whose trigger starts with `word`."""
    return [event.modality.background for event in events if event.trigger.text.startswith(word)]


@pytest.mark.parametrize(
    ("date", "days", "expected"),
    [
        ("2020-12", 240, True),       # ends Dec 31, 291 days before
        ("2019", 240, True),
        ("2021-03", 240, False),      # ends Mar 31, 201 days before
        ("2021-03", 30, True),
        ("2021-10-11", 30, False),
        ("2021-09-18", 30, True),     # exactly 30 days
        ("2021-09-19", 30, False),
        ("2020-12", 0, False),        # 0 disables
        (None, 30, False),            # undated events never count
    ],
)
def test_background_days_threshold(stages, date: str | None, days: int, expected: bool) -> None:  # noqa: F811
    lexicon = replace(stages[2], background_days=days)
    assert _stale(date, article("x"), lexicon) is expected


def test_background_days_needs_a_publication_date(stages) -> None:  # noqa: F811
    lexicon = replace(stages[2], background_days=30)
    assert _stale("2019", article("x", published=None), lexicon) is False


@pytest.mark.parametrize(
    ("earliest", "date", "expected"),
    [
        ("2016-03-01", "2011-07-06", True),    # published no earlier than March 2016: 2011 is long before
        ("2016-03-01", "2016-03", False),      # ends after the earliest day: may be the news
        ("2016-03-01", "2016-02-20", False),   # 10 days before the earliest day: too close to tell
        (None, "2011-07-06", False),           # an interval with no lower bound says nothing
    ],
)
def test_an_undated_article_counts_from_the_earliest_day_its_text_allows(stages, earliest, date, expected) -> None:  # noqa: F811
    item = replace(article("x", published=None), published_interval=PublishedInterval(earliest, None, ["a March 2016 meeting"]))
    assert _stale(date, item, replace(stages[2], background_days=14)) is expected


def test_the_date_gap_flags_by_default(stages) -> None:  # noqa: F811
    """On, and flagging (not dropping): dropping cost the dev floors (see rules.yaml)."""
    assert stages[2].background_days > 0
    assert stages[2].background_action("date_gap") == "flag"


@pytest.mark.parametrize(
    ("rule", "action"),
    [
        ("date_gap", "flag"), ("state_clause", "flag"), ("habitual", "flag"), ("generic_passive", "flag"), ("past_noun", "flag"), ("undated_past", "flag"),
        ("historical", "drop"), ("relative_clause", "drop"), ("known_for", "drop"), ("background_noun", "drop"),
        ("a rule nobody listed", "drop"),
    ],
)
def test_each_background_rule_flags_or_drops_as_the_data_says(stages, rule: str, action: str) -> None:  # noqa: F811
    assert stages[2].background_action(rule) == action


@pytest.mark.parametrize("value", ["keep", "", "hide"])
def test_an_unknown_background_action_is_an_error(value: str) -> None:
    with pytest.raises(ValueError, match="flag"):
        _background_action(value)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Russian troops attacked Georgian forces near Gori in December 2019, officials said on Monday.", "attacked"),
        ("Israel had expelled two Egyptian diplomats in 2018.", "expelled"),
    ],
)
def test_an_act_dated_long_before_the_article_is_background(nlp, stages, text: str, word: str) -> None:  # noqa: F811
    events = code(nlp, (*stages[:2], replace(stages[2], background_days=30)), text)
    assert _background(events, word) == [True], _triggers(events)


@pytest.mark.parametrize(
    ("text", "word", "background"),
    [
        ("Israel expelled two Egyptian diplomats on September 2.", "expelled", True),   # 46 days before
        ("Israel expelled two Egyptian diplomats on October 12.", "expelled", False),   # 6 days before
        ("Israel has expelled two Egyptian diplomats.", "expelled", False),             # no date of its own
    ],
)
def test_the_default_date_gap(nlp, stages, text: str, word: str, background: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert _background(events, word) == [background], _triggers(events)


def test_an_accusation_derived_from_a_past_act_is_today_s(nlp, stages) -> None:  # noqa: F811
    """Egypt's accusation is made now, though the expulsion it reports was last year."""
    events = code(nlp, stages, "Egypt said Israel had expelled two Egyptian diplomats last year.")
    by_code = {event.cameo: event.modality.background for event in events}
    assert by_code == {"161": True, "112": False}, by_code


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Russian troops attacked Georgian forces near Gori on Monday.", "attacked"),
        ("Israel expelled two Egyptian diplomats on October 12.", "expelled"),
    ],
)
def test_a_recent_act_is_kept(nlp, stages, text: str, word: str) -> None:  # noqa: F811
    events = code(nlp, (*stages[:2], replace(stages[2], background_days=30)), text)
    assert _background(events, word) == [False], _triggers(events)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Many Poles felt betrayed when Germany criticised Warsaw.", "criticised"),
        ("Many Chileans felt humiliated after Argentina accused Santiago of spying.", "accused"),
    ],
)
def test_an_act_that_sets_a_feeling_in_time_is_background(nlp, stages, text: str, word: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert _background(events, word) == [True], _triggers(events)


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("Many Georgians felt betrayed when Russia recognized Abkhazia.", True),
        ("Many Georgians felt betrayed when Russia recognized Abkhazia on Monday.", False),   # dated: may be the news
    ],
)
def test_a_dated_act_that_sets_a_feeling_is_left_to_the_date_gap(nlp, stages, text: str, background: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert _background(events, "recognized") == [background], _triggers(events)


def test_an_act_that_sets_a_feeling_is_dropped_when_the_data_says_so(nlp, stages) -> None:  # noqa: F811
    lexicon = replace(stages[2], background_actions={**stages[2].background_actions, "state_clause": "drop"})
    assert "criticised" not in _triggers(code(nlp, (*stages[:2], lexicon), "Many Poles felt betrayed when Germany criticised Warsaw."))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Germany criticised Warsaw when Poland expelled the German ambassador.", "criticised"),
        ("France condemned Iran after Tehran arrested two French citizens.", "condemned"),
    ],
)
def test_an_act_in_the_main_clause_is_kept(nlp, stages, text: str, word: str) -> None:  # noqa: F811
    assert _background(code(nlp, stages, text), word) == [False]


@pytest.mark.parametrize(
    "text",
    [
        "The Dutch politicians, known for their criticism of Turkey, arrived in Ankara.",
        "The senator is famous for his attacks on China.",
    ],
)
def test_a_habit_someone_is_known_for_is_no_event(nlp, stages, text: str) -> None:  # noqa: F811
    triggers = _triggers(code(nlp, stages, text))
    assert not any(word in " ".join(triggers) for word in ("criticism", "attacks")), triggers


def test_an_act_since_which_a_state_holds_is_background(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "The minister has faced protests since taking over the ministry from Germany's envoy.")
    assert all(event.modality.background for event in events if event.trigger.text.startswith("taking")), _triggers(events)


@pytest.mark.parametrize(
    ("text", "word", "background"),
    [
        ("Karzai regularly calls on Taliban fighters to lay down their arms.", "calls", True),
        ("The United States has repeatedly urged Iran to halt enrichment.", "urged", True),
        ("Israel often attacks Hamas positions in Gaza.", "attacks", True),
        ("France sometimes criticizes the United States over trade.", "criticizes", True),
        ("Russia has always rejected the proposal of NATO.", "rejected", True),
        ("Japan has long called for talks with North Korea.", "called", True),            # perfect + "long"
        ("Police repeatedly fired tear gas at protesters in Cairo on Monday.", "fired", False),  # dated: one event
        ("Police repeatedly fired tear gas at protesters in Cairo.", "fired", False),   # simple past: one act, again
        ("Iran repeatedly accuses the United States of spying.", "accuses", True),     # present: a habit
        ("Japan called for talks with North Korea on Monday.", "called", False),
    ],
)
def test_a_habit_is_background(nlp, stages, text: str, word: str, background: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert _background(events, word) == [background], _triggers(events)


def test_long_without_a_perfect_is_no_habit(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Iran tested a long-range missile on Monday.")
    assert _background(events, "tested") == [False], _triggers(events)


@pytest.mark.parametrize(
    ("text", "word", "background"),
    [
        ("Iran's president has been widely condemned for his remarks about Israel.", "condemned", True),
        ("The Syrian government has been criticized for its crackdown on protesters.", "criticized", True),
        ("The minister has been criticized by Germany for his remarks.", "criticized", False),   # an agent: someone's act
        ("Iran's president was condemned by France on Monday for his remarks.", "condemned", False),
        ("Two French journalists have been arrested in Iran.", "arrested", False),   # not a reproach root: news
    ],
)
def test_a_generic_reproach_is_background(nlp, stages, text: str, word: str, background: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert _background(events, word) == [background], _triggers(events)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The opposition parties are likely to issue an ultimatum to the government.", "issue"),
        ("Syria is likely to reject the proposal of France.", "reject"),
        ("Iran plans to expel two British diplomats.", "plans"),
    ],
)
def test_a_likely_or_planned_act_is_future(nlp, stages, text: str, word: str) -> None:  # noqa: F811
    found = [event for event in code(nlp, stages, text) if event.trigger.text.startswith(word)]
    assert found and all(event.modality.future for event in found), _triggers(found)


def test_the_scorer_takes_a_current_act_before_a_background_one(nlp, stages) -> None:  # noqa: F811
    """The PLOVER scorer's main event: current before background, whatever the parse depth."""
    events = code(nlp, stages, "Israel expelled two Egyptian diplomats on Monday after Egypt had arrested an Israeli on Monday.")
    assert len(events) >= 2
    first, second = sorted(events[:2], key=lambda event: event.trigger.start)
    background = replace(first, modality=Modality(background=True), confidence=0.9)
    current = replace(second, modality=Modality(), confidence=0.9)
    assert primary_event([background, current]) is current
    assert primary_event([replace(background, modality=Modality()), current]).trigger == first.trigger  # else: the first


@pytest.mark.parametrize(
    ("text", "word", "background"),
    [
        # (in a phrase of another coded act, "During the ... recent visit" is that act's setting: not coded at all,
        # event_settings.drop_setting_nouns; tested in test_events_precision)
        ("The Dalai Lama's recent visit to Taiwan was criticised by China.", "visit", True),
        ("During the Dalai Lama's recent visit to Taiwan, a Chinese newspaper accused Taipei of provoking Beijing.", "accused", False),
        ("Britain said the previous talks with Iran were useful.", "talks", True),
        ("Iran's recent talks with the EU on Monday were useful, Tehran said.", "talks", False),   # dated: may be today's
        ("Iran's talks with the EU were useful, Tehran said.", "talks", False),
    ],
)
def test_an_event_noun_told_as_past_is_background(nlp, stages, text: str, word: str, background: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert _background(events, word) == [background], _triggers(events)


def _code_undated(nlp, stages, text: str):  # noqa: ANN001, ANN202, F811
    """Events of `text` as an article with no publication date (nor an interval)."""
    from detente.actors import find_mentions
    from detente.events import find_events
    from detente.quotes import find_quotes

    knowledge, quote_lexicon, lexicon = stages
    item, doc = article(text, published=None), nlp(text)
    mentions = find_mentions(doc, item, knowledge)
    return find_events(doc, item, mentions, find_quotes(doc, item, mentions, quote_lexicon), lexicon)


@pytest.mark.parametrize(
    ("text", "word", "background"),
    [
        ("Russia seized Crimea from Ukraine in 2014.", "seized", True),           # a year
        ("Russia seized Crimea from Ukraine in March 2014.", "seized", True),     # a month
        ("Russia seized two Ukrainian ships on March 3, 2014.", "seized", False),  # a day may be the news
        ("Russia will impose sanctions on Ukraine in 2024.", "impose", False),    # still to come
        ("Russia seized two Ukrainian ships on Monday.", "seized", False),
    ],
)
def test_a_past_act_dated_by_year_in_an_undated_article_is_background(nlp, stages, text: str, word: str,  # noqa: F811
                                                                      background: bool) -> None:
    events = _code_undated(nlp, stages, text)
    assert _background(events, word) == [background], _triggers(events)


def test_a_dated_article_leaves_a_year_to_the_date_gap(nlp, stages) -> None:  # noqa: F811
    """Published 2021-10-18: an act 'in 2021' may be this year's news; the date gap does not count it."""
    assert _background(code(nlp, stages, "Russia seized Crimea from Ukraine in 2021."), "seized") == [False]


@pytest.mark.parametrize(
    ("text", "word", "date"),
    [
        ("Karzai regularly calls on Taliban fighters to lay down their arms.", "calls", None),   # a habit has no day
        ("Many Poles felt betrayed when Germany criticised Warsaw.", "criticised", None),      # told today, done before
        ("Israel expelled two Egyptian diplomats on September 2.", "expelled", "2021-09-02"),  # its own date stays
        ("Japan called for talks with North Korea on Monday.", "called", "2021-10-18"),        # current: the day
    ],
)
def test_a_habit_or_recalled_act_is_not_dated_to_the_day_it_was_told(nlp, stages, text: str, word: str,  # noqa: F811
                                                                      date: str | None) -> None:
    events = [event for event in code(nlp, stages, text) if event.trigger.text.startswith(word)]
    assert [event.date for event in events] == [date], _triggers(events)


@pytest.mark.parametrize(
    ("text", "hypothetical"),
    [
        ("Syria is unlikely to accept the proposal of France.", True),
        ("Syria accepted the proposal of France.", False),
    ],
)
def test_an_unlikely_act_is_hypothetical(nlp, stages, text: str, hypothetical: bool) -> None:  # noqa: F811
    found = [event for event in code(nlp, stages, text) if event.trigger.text.startswith("accept")]
    assert found and all(event.modality.hypothetical == hypothetical for event in found), _triggers(found)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(date=st.one_of(st.none(), st.text(max_size=12), st.dates().map(str)),
       published=st.one_of(st.none(), st.text(max_size=12), st.dates().map(str)),
       earliest=st.one_of(st.none(), st.text(max_size=12), st.dates().map(str)))
def test_the_date_gap_never_fails_on_any_date_text(stages, date, published, earliest) -> None:  # noqa: ANN001, F811
    """Publication dates come from users' files and page metadata: whatever they hold, the gap is a yes or a no."""
    item = replace(article("x", published=published), published_interval=PublishedInterval(earliest, None, []))
    assert _stale(date, item, replace(stages[2], background_days=14)) in (True, False)
