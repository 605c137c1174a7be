"""One test per event-dating rule (`detente.events.dating`), on sentences written for these tests.

Every article here is published on Monday 2021-10-18; the trigger is named by its word.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from detente.events.dating import event_date_of, load_dating_words, tense_of
from detente.records import Article

PUBLISHED = "2021-10-18"  # a Monday
LEAD = "Lavrov spoke to reporters in Moscow. The talks ended without a statement. "
WORDS = load_dating_words()  # loaded once, as callers do


def article(text: str, published: str | None = PUBLISHED) -> Article:
    return Article(id="d1", source="<test>", url=None, format="text", title=None, outlet=None, credited=[],
                   author=None, dateline=None, language="en", published=published, published_precision="day",
                   published_interval=None, text=text, word_count=len(text.split()), removed=[])


def date_of(nlp: Language, text: str, word: str, future: bool = False, published: str | None = PUBLISHED) -> tuple[str | None, str | None]:
    """The date of the event whose trigger is the last token `word` of `text`."""
    doc = nlp(text)
    trigger = [token for token in doc if token.text == word][-1]
    return event_date_of(trigger.sent, trigger, article(text, published), future, WORDS)


@pytest.mark.parametrize(
    ("text", "word", "future", "expected"),
    [
        # a relative day is anchored on the publication date
        ("Russia said on Sunday that it would respond.", "said", False, ("2021-10-17", "day")),
        ("Lithuania protested on Monday against the blockade.", "protested", False, ("2021-10-18", "day")),
        ("Estonia expelled two diplomats yesterday.", "expelled", False, ("2021-10-17", "day")),
        # a future day: the next one (wire copy names the publication day itself, not "today")
        ("The ministers will meet on Thursday in Vienna.", "meet", True, ("2021-10-21", "day")),
        ("The ministers will meet on Monday in Vienna.", "meet", True, ("2021-10-18", "day")),
        ("The ministers will meet next Monday in Vienna.", "meet", True, ("2021-10-25", "day")),
        # background years and months at their own precision
        ("The two countries fought a border war in 1994.", "fought", False, ("1994", "year")),
        ("Turkey closed the border last month.", "closed", False, ("2021-09", "month")),
        ("Poland recalled its ambassador in early September.", "recalled", False, ("2021-09", "month")),
        ("The army withdrew from the town last week.", "withdrew", False, ("2021-10", "month")),
        # a clause describing a noun does not date the event
        ("The alliance, founded in 1949, refused the request on Friday.", "refused", False, ("2021-10-15", "day")),
        # an act still to come is not dated by the day it was planned on
        ("The president issued on Monday a letter for him to travel to Paris.", "travel", False, (None, None)),
        ("The minister spoke on Saturday ahead of a meeting with Iran.", "meeting", False, (None, None)),
        ("The minister spoke on Saturday ahead of a meeting with Iran.", "meeting", True, (None, None)),
        ("The court ruled on Friday that he may travel to Paris on November 2.", "travel", False, ("2021-11-02", "day")),
        # a year naming a noun dates that noun and what it holds, nothing else
        ("The senator opposed the 1994 clinic access act.", "opposed", False, (PUBLISHED, "day")),
        ("The trial over a 1975 coup in which the president was killed opened on Monday.", "killed", False,
         ("1975", "year")),
        # an expression hanging from the trigger's verbs beats one naming a noun in its phrase
        ("On October 2, Bern demanded explanations about overflights by US planes in 2019.", "demanded", False,
         ("2021-10-02", "day")),
        ("Last year, a show of street power after the February killing of the premier led to Syria withdrawing its "
         "troops.", "withdrawing",
         False, ("2020", "year")),
        # a month before a noun names that noun ("the March revolt"), like a year does; "five months
        # before" it is counted from that event, so the act has no date (not the publication day)
        ("Chan expressed his dismay at the army five months before the March revolt.", "expressed", False,
         (None, None)),
        ("Chan expressed his dismay at the army after the March revolt.", "expressed", False, (PUBLISHED, "day")),
        ("Stocks fell sharply in the October 2008 crash.", "fell", False, ("2008-10", "month")),
        # a past act is not dated by a day still to come
        ("The government promised to repair the roads for the summit in November next year.", "promised", False,
         (PUBLISHED, "day")),
        # ... nor is a current one by a deadline still to come
        ("The senator is proposing to install solar panels on schools by 2030.", "proposing", False, (PUBLISHED, "day")),
        ("The ministers will meet by November 2.", "meet", True, ("2021-11-02", "day")),
        # an act in a clause describing a noun is dated only by that clause or that noun
        (LEAD + "Fighting erupted on Friday, after the deadline for the troops Addis Ababa has deployed.", "deployed", False,
         (None, None)),
        (LEAD + "Fighting erupted on Friday near the camps of the troops that the rebels say Ethiopia has deployed.",
         "deployed", False, (None, None)),
        (LEAD + "Clashes broke out early Friday, hours after the expiry of a deadline for Chad to withdraw the soldiers "
         "the rebels say Sudan has deployed in the region.", "deployed", False, (None, None)),
        ("The raid on Friday in which the troops killed two men angered the town.", "killed", False,
         ("2021-10-15", "day")),
        # an act that is only expected is dated by its own day, not the day it was expected on
        ("Sources said on Sunday the parties are likely to issue an ultimatum at the rally on Wednesday.", "issue",
         False, ("2021-10-20", "day")),
        ("He told reporters on Sunday during a meeting being held in Paris.", "held", False, ("2021-10-17", "day")),
        # "recently" dates the event to no precision at all
        ("The agency held a workshop on bird flu recently.", "held", False, (None, None)),
    ],
)
def test_event_dating_from_the_sentence(nlp, text: str, word: str, future: bool, expected: tuple[str | None, str | None]) -> None:
    assert date_of(nlp, text, word, future) == expected



@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # today's news: a past act in the lead takes the publication date
        ("Police arrested two protesters in Minsk.", "arrested", (PUBLISHED, "day")),
        # ... or the day the lead names ("said on Sunday ... he also said")
        ("Lavrov said on Sunday that the talks were over. He also criticised NATO.", "criticised", ("2021-10-17", "day")),
        # a present perfect in the first sentence is the news itself
        ("Germany has expelled two Russian diplomats.", "expelled", (PUBLISHED, "day")),
        # later in the story a perfect is a state, not today's act
        (LEAD + "Germany has backed the plan for years.", "backed", (None, None)),
        # background told in the past perfect
        (LEAD + "He had been sentenced to ten years in prison.", "sentenced", (None, None)),
        # planned, possible or owed acts have no date of their own
        ("China will continue to support the plan.", "support", (None, None)),
        (LEAD + "Iran must release the sailors.", "release", (None, None)),
        # a past act deep in the story that a reporting verb governs is today's news
        (LEAD + "Police said militants attacked a checkpoint.", "attacked", (PUBLISHED, "day")),
        # ... unless the passage around it is dated older
        (LEAD + "The war began in 2014. Troops shelled the town.", "shelled", (None, None)),
        (LEAD + "Rain fell in the capital. Troops shelled the town.", "shelled", (PUBLISHED, "day")),
        # an act expected to come has no date of its own
        (LEAD + "Sources said the parties are likely to issue an ultimatum.", "issue", (None, None)),
        # a clause describing a noun past the lead recalls what is known, not today's act
        (LEAD + "They lost the case the group was planning to kill two politicians.", "planning", (None, None)),
        (LEAD + "Moussa spoke on breaking the siege imposed on the Palestinians.", "imposed", (None, None)),
        # ... but one telling when the noun happened, or who acted, is the news itself
        (LEAD + "He said the state was blocking his trip, an accusation denied by the government.", "denied",
         (PUBLISHED, "day")),
        (LEAD + "A girl was killed in the incident, when the soldiers raided a house, police said.", "raided",
         (PUBLISHED, "day")),
        # a statement made in a quote is dated when it is said, a past deed it tells is not
        (LEAD + "\"We reject the plan,\" he said.", "reject", (PUBLISHED, "day")),
        (LEAD + "\"They shot my brother,\" she told the court.", "shot", (None, None)),
        (LEAD + "\"Our fighters have taken control of the town,\" he told reporters.", "taken", (PUBLISHED, "day")),
    ],
)
def test_event_dating_without_a_date_expression(nlp, text: str, word: str, expected: tuple[str | None, str | None]) -> None:
    assert date_of(nlp, text, word) == expected


def test_event_dating_an_intent_is_not_dated_by_the_noun_it_prepares(nlp) -> None:
    # a promise (coded as intent: future) is dated when made, not by the date of the summit it prepares
    text = "The government promised to repair the roads for the November summit."
    assert date_of(nlp, text, "promised", future=True) == (PUBLISHED, "day")
    assert date_of(nlp, "The government promised to repair the roads for the summit in November next year.", "promised",
                   future=True) == (PUBLISHED, "day")
    assert date_of(nlp, "The ministers will meet in November.", "meet", future=True) == ("2021-11", "month")


def test_event_dating_counts_from_the_datelines_day(nlp) -> None:
    # filed on November 13, stamped the 14th: "yesterday" and undated news count from the 13th
    text = "BEIJING, Nov. 13 (Xinhua) -- China yesterday urged Japan to stop the drills.\n\nJapan rejected the demand."
    assert date_of(nlp, text, "urged", published="2006-11-14") == ("2006-11-12", "day")
    assert date_of(nlp, text, "rejected", published="2006-11-14") == ("2006-11-12", "day")  # the day the lead names
    plain = "BEIJING, Nov. 13 (Xinhua) -- China urged Japan to stop the drills.\n\nJapan rejected the demand."
    assert date_of(nlp, plain, "rejected", published="2006-11-14") == ("2006-11-13", "day")
    # a dateline day long before the publication date is not taken
    assert date_of(nlp, plain, "rejected", published="2006-12-14") == ("2006-12-14", "day")


def test_event_dating_without_a_publication_date_invents_nothing(nlp) -> None:
    assert date_of(nlp, "Police arrested two protesters on Monday.", "arrested", published=None) == (None, None)
    assert date_of(nlp, "Police arrested two protesters in 2019.", "arrested", published=None) == ("2019", "year")


@pytest.mark.parametrize(
    ("text", "word", "tense"),
    [
        ("Russia will suspend its mission.", "suspend", "future"),
        ("Russia could suspend its mission.", "suspend", "modal"),
        ("Russia had suspended its mission.", "suspended", "past_perfect"),
        ("Russia has suspended its mission.", "suspended", "perfect"),
        ("Russia suspended its mission.", "suspended", "past"),
        ("The mission was suspended.", "suspended", "past"),
        ("Russia is suspending its mission.", "suspending", "progressive"),
        ("Russia suspends its mission.", "suspends", "present"),
        ("Russia tried to suspend its mission.", "suspend", "past"),  # the clause it hangs from
        # an infinitive a word of intent or expectation governs is still to come
        ("Russia threatened to suspend its mission.", "suspend", "future"),
        ("The parties are likely to issue an ultimatum.", "issue", "future"),
    ],
)
def test_event_dating_tense_of_the_trigger_clause(nlp, text: str, word: str, tense: str) -> None:
    doc = nlp(text)
    trigger = [token for token in doc if token.text == word][-1]
    assert tense_of(trigger, WORDS) == tense


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcdeMonday Sunday 2014 May 5 \"“”.,;:'-\n")), min_size=1, max_size=80))
def test_event_dating_never_fails_on_odd_text(nlp, text: str) -> None:
    doc = nlp(text)
    for token in doc:
        date, precision = event_date_of(token.sent, token, article(text), False, WORDS)
        assert (date is None) == (precision is None)
        assert precision in (None, "day", "month", "year")


def test_event_dating_words_are_loaded_by_the_caller(nlp) -> None:
    # a plain loader (issue 13): the caller loads the words and the dateline patterns once and passes them
    words = load_dating_words()
    assert words.dateline_patterns and "likely" in words.prospective_verbs
    text = "BEIJING, Nov. 13 (Xinhua) -- China yesterday urged Japan to stop the drills."
    doc = nlp(text)
    trigger = [token for token in doc if token.text == "urged"][-1]
    dated = event_date_of(trigger.sent, trigger, article(text, "2006-11-14"), False, words)
    assert dated == ("2006-11-12", "day")


def test_a_time_restated_in_apposition_dates_the_event(nlp: Language) -> None:
    """"at 9:05 a.m. (0305 GMT) Tuesday": the day in apposition to the hour is when it happened,
    not a side clause about a noun (it was blanked, and the event fell to an earlier sentence's day)."""
    text = ("A strike was called for Thursday to protest against the bombings. A suicide bomber attacked a police post "
            "at about 9:05 a.m. (0305 GMT) Tuesday, killing two policemen.")
    assert date_of(nlp, text, "attacked") == ("2021-10-12", "day")
    assert date_of(nlp, text, "killing") == ("2021-10-12", "day")
