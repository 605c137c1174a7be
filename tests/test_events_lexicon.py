"""CAMEO / PLOVER / Goldstein lookups, the trigger lexicon's format and extension, the prefilter."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.events import EventLexicon, load_cameo_table, load_event_lexicon, sentence_may_hold_event
from detente.events.lexicon import build_event_lexicon, inflections, parse_entry
from detente.resources import load_data


def test_events_cameo_lookup_gives_quad_class_goldstein_and_plover() -> None:
    table = load_cameo_table()
    entry = table.lookup("161")
    assert entry is not None
    assert (entry.quad_class, entry.goldstein, entry.plover) == (4, -4.0, "SANCTION")
    assert "diplomatic relations" in entry.description
    assert table.lookup("036").plover == "AGREE" and table.lookup("036").quad_class == 1
    assert table.lookup("0874").plover == "RETREAT" and table.lookup("0874").goldstein == 10.0
    assert table.lookup("163").plover == "COERCE"  # PLOVER 2021 moved sanctions to COERCE
    assert table.lookup("195").goldstein == -10.0 and table.lookup("195").quad_class == 4


def test_events_cameo_lookup_falls_back_to_the_nearest_parent() -> None:
    table = load_cameo_table()
    judicial = table.lookup("1213")  # only the PLOVER table lists it: CAMEO facts of "121"
    assert judicial is not None and (judicial.quad_class, judicial.goldstein, judicial.plover) == (3, -4.0, "REJECT")
    unknown = table.lookup("1999")  # not a CAMEO code: "19"'s facts under its own name
    assert unknown is not None and unknown.code == "1999" and unknown.quad_class == 4
    assert table.normalise("1999") == "19"
    assert table.lookup("99") is None


def test_events_plover_supplement_covers_appeals(event_lexicon: EventLexicon) -> None:
    lexicon = event_lexicon
    assert lexicon.cameo.lookup("020").plover == "REQUEST"
    assert lexicon.cameo.lookup("010").plover is None  # PLOVER has no public-statement type


def test_events_every_root_has_triggers(event_lexicon: EventLexicon) -> None:
    lexicon = event_lexicon
    roots = {rule.code[:2] for rules in lexicon.rules.values() for rule in rules if rule.code and rule.frame is None}
    assert roots >= {f"{n:02d}" for n in range(1, 21)}
    counts = {root: sum(1 for rules in lexicon.rules.values() for rule in rules if (rule.code or "")[:2] == root) for root in roots}
    assert min(counts.values()) >= 5, counts


def test_events_every_trigger_code_is_a_known_cameo_code(event_lexicon: EventLexicon) -> None:
    lexicon = event_lexicon
    table = lexicon.cameo
    for rules in lexicon.rules.values():
        for rule in rules:
            assert rule.code is None or rule.code == "" or rule.code in table, rule.entry  # "": an imported "no event" entry
    for name, entries in lexicon.tables.items():
        for key, value in entries.items():
            assert value in {"same", "threat"} or value in table, (name, key, value)


def test_events_entry_syntax() -> None:
    rule = parse_entry("withdraw from +treaty|pact ~military", "160", "verb")
    assert (rule.lemma, rule.words, rule.objects, rule.context) == ("withdraw", ("from",), frozenset({"treaty", "pact"}),
                                                                     (frozenset({"military"}),))
    noun = parse_entry("hunger strike", "142", "noun")
    assert (noun.lemma, noun.words) == ("strike", ("hunger",))
    adjective = parse_entry("be willing", None, "verb", frame="intent")
    assert (adjective.pos, adjective.lemma) == ("adj", "willing")
    assert parse_entry("kill ^troop|army", "190", "verb").subjects == frozenset({"troop", "army"})
    assert parse_entry("demonstrate !obj", "141", "verb").no_object
    with pytest.raises(ValueError):
        parse_entry("+sanction", "163", "verb")


def test_events_tables_map_complements(event_lexicon: EventLexicon) -> None:
    lexicon = event_lexicon
    assert lexicon.apply_table("threat", "162") == "1311"
    assert lexicon.apply_table("intent", "07") == "033"
    assert lexicon.apply_table("intent", "190") == "1384"  # intent to attack is a threat
    assert lexicon.apply_table("refusal", "046") == "125"
    assert lexicon.apply_table("demand", "0871") == "107"
    assert lexicon.apply_table("appeal", "073") == "0233"
    assert lexicon.apply_table("command", "1721") == "1721"


def test_events_inflections_cover_irregular_and_doubled_forms() -> None:
    assert {"withdrew", "withdrawn", "withdraws"} <= inflections("withdraw", "verb")
    assert {"banned", "banning"} <= inflections("ban", "verb")
    assert {"sanctions", "sanctioned"} <= inflections("sanction", "verb")


def test_events_prefilter_needs_an_actor_and_a_trigger_form(event_lexicon: EventLexicon) -> None:
    lexicon = event_lexicon
    assert sentence_may_hold_event("Moscow expelled two diplomats.", True, lexicon)
    assert not sentence_may_hold_event("Moscow expelled two diplomats.", False, lexicon)
    assert not sentence_may_hold_event("The weather in Moscow was mild on Sunday.", True, lexicon)


def test_events_user_file_extends_the_lexicon(tmp_path: Path, event_lexicon: EventLexicon) -> None:
    extra = tmp_path / "my_events.yaml"
    extra.write_text('event_triggers:\n  "111":\n    verbs: [pillory]\n', encoding="utf-8")
    base = event_lexicon
    extended = load_event_lexicon((extra,))  # a plain loader: built afresh with the extra file
    assert not base.rules_for("verb", "pillory")
    assert [rule.code for rule in extended.rules_for("verb", "pillory")] == ["111"]
    assert "pilloried" in extended.forms
    assert len(extended.rules) == len(base.rules) + 1


def test_events_boolean_words_in_yaml_are_refused() -> None:
    rules = load_data("events/rules.yaml")
    rules["event_settings"]["target_prepositions"] = ["to", True]  # a bare `on` in YAML 1.1
    with pytest.raises(ValueError, match="quote"):
        build_event_lexicon(load_data("events/triggers.yaml"), rules)


def test_events_lexicon_is_immutable(event_lexicon: EventLexicon) -> None:
    lexicon = event_lexicon
    with pytest.raises(TypeError):
        lexicon.rules[("verb", "zz")] = ()  # type: ignore[index]
