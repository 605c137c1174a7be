"""Which phrase is an event's side (detente/events/coder.py), session 7: one rule per test.

Sentences written for these tests, after the constructions of the real-news audit (issue 11,
fold 0): a refused or demanded act's own doer is whom the refusal or demand is towards ("rejected
a farmer's lawsuit", "rejects the interference by Syria"); a passive participle modifying an
object ("the blockade imposed on Gaza") was not done by the subject of the verb above it.
"""

from __future__ import annotations

import pytest

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _sides(events) -> set[tuple[str, str, str | None, str | None]]:  # noqa: ANN001 - detente Events
    return {(e.trigger.text, e.cameo, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in events}


@pytest.mark.parametrize(("text", "trigger", "target"), [
    ("A Nairobi court rejected a Kenyan farmer's lawsuit against a company.", "rejected", "KEN"),
    ("The United States said it rejects the interference in Lebanon's affairs by Syria.", "rejects", "SYR"),
    ("The Egyptian minister called for an end to the Israeli blockade of Gaza.", "called", "ISR"),
])
def test_sides_s7_a_refused_or_demanded_acts_doer_is_the_target(nlp, stages, text: str, trigger: str,  # noqa: F811
                                                                target: str) -> None:
    events = [e for e in code(nlp, stages, text) if e.trigger.text.startswith(trigger)]
    assert events and all(e.target is not None and e.target.country == target for e in events), _sides(events)


@pytest.mark.parametrize(("text", "trigger", "target"), [
    # an intent's complement is the source's own act: whom that act is towards stays the target
    ("Hamas agreed to the Egyptian proposal for a truce with Israel.", "agreed", "ISR"),
    ("Syria demanded Israel's withdrawal from the Golan Heights.", "demanded", "ISR"),
])
def test_sides_s7_complement_targets_unchanged(nlp, stages, text: str, trigger: str, target: str) -> None:  # noqa: F811
    events = [e for e in code(nlp, stages, text) if e.trigger.text.startswith(trigger)]
    assert events and events[0].target is not None and events[0].target.country == target, _sides(events)


def test_sides_s7_the_source_is_never_its_own_complements_doer(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Egypt refused its own proposal.")
    assert all(e.target is None or e.target.country != "EGY" for e in events), _sides(events)


@pytest.mark.parametrize(("text", "trigger", "subject"), [
    ("Egypt eased the blockade imposed on Gaza.", "imposed", "EGY"),
    ("Kenya rejected the sanctions imposed on Somalia.", "imposed", "KEN"),
])
def test_sides_s7_a_passive_participle_is_not_the_subjects_act(nlp, stages, text: str, trigger: str,  # noqa: F811
                                                               subject: str) -> None:
    events = code(nlp, stages, text)
    imposed = [e for e in events if e.trigger.text == trigger]
    assert all(e.source is None or e.source.country != subject for e in imposed), _sides(events)


def test_sides_s7_an_active_participle_keeps_the_issuers_source(nlp, stages) -> None:  # noqa: F811
    events = [e for e in code(nlp, stages, "The rebels issued a statement demanding the withdrawal of Ugandan troops.")
              if e.trigger.text == "demanding"]
    assert events and events[0].source is not None and events[0].source.code == "REB", _sides(events)


@pytest.mark.parametrize(("text", "trigger", "speaker"), [
    ("Abbas said the talks had failed and called on the United Nations to intervene.", "called", "Abbas"),
    ("Putin told reporters the sanctions were illegal and warned Washington against new measures.", "warned", "Putin"),
    ("Mubarak said Egypt would not take sides and urged Israel to halt the raids.", "urged", "Mubarak"),
])
def test_sides_s7_a_verbal_act_joined_to_the_reported_clause_is_the_speakers(nlp, stages, text: str,  # noqa: F811
                                                                             trigger: str, speaker: str) -> None:
    events = [e for e in code(nlp, stages, text) if e.trigger.text.startswith(trigger)]
    assert events and events[0].source is not None and events[0].source.text == speaker, _sides(events)


@pytest.mark.parametrize(("text", "trigger", "source"), [
    # a material act joined to the reported clause stays its subject's, with or without a shared "had"
    ("Abbas said Israel had attacked Gaza and killed ten people.", "killed", "ISR"),
    ("Kenya's foreign minister told the BBC that Somali militias had crossed the border and attacked a police post.",
     "attacked", "SOMREB"),
])
def test_sides_s7_a_material_act_joined_to_the_reported_clause_stays_its_subjects(nlp, stages, text: str,  # noqa: F811
                                                                                  trigger: str, source: str) -> None:
    events = [e for e in code(nlp, stages, text) if e.trigger.text == trigger and e.cameo_root in {"18", "19"}]
    assert events and events[0].source is not None and events[0].source.code == source, _sides(events)


@pytest.mark.parametrize(("text", "trigger", "named"), [
    ("Iran arrested two men accused of spying for Israel.", "arrested", "ISR"),
    ("Egypt arrested three men suspected of smuggling weapons to Hamas.", "arrested", "PSE"),
    ("A Chinese court sentenced a man to death for spying for Taiwan.", "sentenced", "TWN"),
])
def test_sides_s7_a_name_in_a_gerunds_phrase_is_that_acts_side(nlp, stages, text: str, trigger: str,  # noqa: F811
                                                               named: str) -> None:
    events = [e for e in code(nlp, stages, text) if e.trigger.text.startswith(trigger)]
    assert all(e.target is None or e.target.country != named for e in events), _sides(events)


@pytest.mark.parametrize(("text", "trigger", "target"), [
    ("Kenya restored the mechanisms of cooperation with Uganda.", "restored", "UGA"),
    ("Police detained activists protesting against the Kenyan government.", "detained", "KEN"),
])
def test_sides_s7_names_in_the_objects_own_phrase_stay_targets(nlp, stages, text: str, trigger: str,  # noqa: F811
                                                               target: str) -> None:
    events = [e for e in code(nlp, stages, text) if e.trigger.text.startswith(trigger)]
    assert events and events[0].target is not None and events[0].target.country == target, _sides(events)


@pytest.mark.parametrize(("text", "trigger", "parties"), [
    ("A summit of Kenyan and Ugandan leaders opened in Nairobi on Monday.", "summit", {"KEN", "UGA"}),
    ("Trade topped the agenda at a meeting of Chinese and Japanese ministers.", "meeting", {"CHN", "JPN"}),
])
def test_sides_s7_a_meetings_of_parties_are_each_others_sides(nlp, stages, text: str, trigger: str,  # noqa: F811
                                                              parties: set[str]) -> None:
    events = [e for e in code(nlp, stages, text) if e.trigger.text == trigger]
    pairs = {(e.source.country if e.source else None, e.target.country if e.target else None) for e in events}
    a, b = sorted(parties)
    assert pairs == {(a, b), (b, a)}, _sides(events)


def test_sides_s7_an_of_phrase_of_another_act_is_not_its_parties(nlp, stages) -> None:  # noqa: F811
    # a topic ("talks on X and Y") is not a meeting of X and Y
    events = [e for e in code(nlp, stages, "The talks on Iran and Syria ended.") if e.trigger.text == "talks"]
    assert all(e.source is None for e in events), _sides(events)


@pytest.mark.parametrize(("text", "holder", "speaker"), [
    ("Putin said he was skeptical of American officials' strong belief that Iran was involved in attacking the tanker.",
     "USA", "RUS"),
    ("The minister said he doubted the Pentagon's confidence that Iran had sabotaged the tanker.", "USA", None),
])
def test_sides_s7_a_named_holders_claim_is_the_holders(nlp, stages, text: str, holder: str,  # noqa: F811
                                                       speaker: str | None) -> None:
    # the reported act is the claim of whoever holds the belief, not of the one who doubts it
    accusations = [e for e in code(nlp, stages, text) if e.cameo.startswith("112")]
    assert accusations and all(e.source is not None and e.source.country == holder for e in accusations), \
        _sides(accusations)
    assert all(e.source.country != speaker for e in accusations if e.source is not None)
