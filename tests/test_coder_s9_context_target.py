"""A verbal act with no target in its clause takes one from the sentence only where the parse puts
an addressee: the act's object or prepositional phrase, or the subject of its content clause
(issue 11, s9: a name from another clause or a deeper modifier was most of the context targets on
real news, and wrong). Sentences written for these tests.
"""

from __future__ import annotations

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _targets(events, word: str) -> list[str | None]:  # noqa: ANN001
    return [event.target.country if event.target else None for event in events
            if event.trigger.text.split()[0].lower().startswith(word)]


def test_a_name_in_another_clause_or_a_deeper_modifier_is_no_target(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word, wrong in (
            ("The Arab League chief called the situation in the Palestinian territories dangerous and called for an "
             "emergency meeting of ministers.", "called", "PSE"),
            ("Western leaders gathered in Brussels to discuss the crisis after Britain's vote, offering new defence plans.",
             "offering", "GBR"),
            ("The IAEA threatened to take the country before the UN Security Council.", "threatened", "UN"),
            ("Supporters hailed him as Chile's savior from communism.", "hailed", "CHL"),
            ("G20 leaders held a summit in China on Monday, which is close to North Korea.", "held", "CHN"),
            ("European leaders gathered on Friday to discuss the challenges facing the union after Britain's decision "
             "to leave.", "discuss", "GBR"),
            ("Other leaders used blunt language to denounce what the Japanese prime minister called North Korea's "
             "reckless actions.", "denounce", "JPN")):
        found = _targets(code(nlp, stages, text), word)
        assert wrong not in found, (text, found)


def test_the_subject_of_a_demands_content_clause_is_its_target(nlp, stages) -> None:  # noqa: ANN001, F811
    found = _targets(code(nlp, stages, "Beijing on Monday demanded that the US cancel plans to sell missiles to Taipei."),
                     "demanded")
    assert found == ["USA"]


def test_the_object_of_a_warning_is_its_target(nlp, stages) -> None:  # noqa: ANN001, F811
    found = _targets(code(nlp, stages, "China warned North Korea to refrain from further tests."), "warned")
    assert found == ["PRK"]


def test_the_place_a_visit_names_is_its_target(nlp, stages) -> None:  # noqa: ANN001, F811
    found = _targets(code(nlp, stages, "Bush arrived in Vietnam on Friday for a four-day official visit to the country."), "arrived")
    assert found == ["VNM"]
