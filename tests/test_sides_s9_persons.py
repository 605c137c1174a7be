"""Event sides, session 9 (issue 11 item 0, actors by identity): persons. Sentences written for
these tests.

- A person the knowledge base does not know and the text does not place is still a side: his
  words, no code and no country ("Jim Holloway met the executives"), rather than no side at all
  (real-news audit, fold 0: a named subject dropped, the event left with its target only).
- A known person written with a middle initial ("John F. Kerry") is the known "John Kerry", not an
  unknown "Secretary of State" given the article's first-named country.
- A known person named in full before his first office is of the country of his offices.
"""

from __future__ import annotations

from detente.actors import find_mentions
from detente.actors.resolve import without_middle_initials
from detente.events import find_events
from detente.quotes import find_quotes
from tests.test_events_coder import article, code, stages  # noqa: F401 - the session fixture


def _sides(events) -> set[tuple[str, str | None, str | None, str | None, str | None]]:  # noqa: ANN001 - detente Events
    return {(e.trigger.text, e.source.text if e.source else None, e.source.code if e.source else None,
             e.target.text if e.target else None, e.target.code if e.target else None) for e in events}


def _code_dated(nlp, stages, text: str, published: str | None):  # noqa: ANN001, ANN202 - spaCy, fixture, Events
    knowledge, quote_lexicon, lexicon = stages
    item = article(text, published)
    doc = nlp(text)
    mentions = find_mentions(doc, item, knowledge)
    return find_events(doc, item, mentions, find_quotes(doc, item, mentions, quote_lexicon), lexicon)


def test_sides_s9_an_unknown_person_is_a_side_without_a_country(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Jim Holloway met with the executives for hours at the airport.")
    met = [e for e in events if e.trigger.text.startswith("met")]
    assert met and met[0].source is not None, _sides(events)
    assert met[0].source.text == "Jim Holloway" and met[0].source.code is None and met[0].source.country is None


def test_sides_s9_an_unknown_person_in_a_relative_clause_is_the_source(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Maria Garcia, who visited Russia last year, worked to improve children's education.")
    visited = [e for e in events if e.trigger.text == "visited"]
    assert visited and visited[0].source is not None and visited[0].source.text == "Maria Garcia", _sides(events)
    assert visited[0].target is not None and visited[0].target.code == "RUS"


def test_sides_s9_a_person_named_as_object_keeps_his_words(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Ethiopian troops detained Jim Holloway and two aides on Monday.")
    detained = [e for e in events if e.trigger.text == "detained"]
    assert detained and detained[0].target is not None and "Holloway" in detained[0].target.text, _sides(events)


def test_sides_s9_middle_initials_are_dropped_from_a_full_name_only() -> None:
    assert without_middle_initials("John F. Kerry") == "John Kerry"
    assert without_middle_initials("George H.W. Bush") == "George Bush"
    assert without_middle_initials("F. Scott Fitzgerald") == "F. Scott Fitzgerald"  # a first initial is his name
    assert without_middle_initials("Kim Jong Un") == "Kim Jong Un"


def test_sides_s9_a_known_person_with_a_middle_initial_keeps_his_country(nlp, stages) -> None:  # noqa: F811
    for published in ("2014-05-01", None):
        events = _code_dated(nlp, stages, "Secretary of State John F. Kerry urged North Korea to resume talks.", published)
        urged = [e for e in events if e.trigger.text == "urged"]
        assert urged and urged[0].source is not None and urged[0].source.code == "USAGOV", (published, _sides(events))


def test_sides_s9_a_known_person_before_his_first_office_keeps_his_country(nlp, stages) -> None:  # noqa: F811
    """Ariel Sharon (Israel's prime minister from 2001 in officeholders.yaml) in 1995 is Israeli,
    not the nearest country; a lone first name that is also his alias is no one."""
    events = _code_dated(nlp, stages, "A Syrian newspaper called on Arabs to mobilize against Ariel Sharon.", "1995-05-01")
    called = [e for e in events if e.target is not None and e.target.text == "Ariel Sharon"]
    assert called and called[0].target.code == "ISR", _sides(events)
    events = _code_dated(nlp, stages, "Sharon Stone met Egyptian officials in Cairo.", "1995-05-01")
    met = [e for e in events if e.source is not None and "Sharon" in e.source.text]
    assert met and met[0].source.country is None, _sides(events)

