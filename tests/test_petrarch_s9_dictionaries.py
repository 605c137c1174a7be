"""A test suite's own verb dictionary, loaded as the lexicon of record (issue 11, item 3)."""

from __future__ import annotations

from pathlib import Path

from detente.events.lexicon import load_event_lexicon

SUITE_VERBS = """dictionary_triggers:
  '064':
    verbs:
    - restore +tie|ties
"""
RECORD_POLICY = """dictionary_merge:
  coded_entries: true
  bare_verbs: true
  prefer_imported: true
  packaged: false
"""


def _codes(lexicon, lemma: str) -> list[str]:
    return [rule.code or "" for rule in lexicon.rules_for("verb", lemma) if rule.objects and "ties" in rule.objects]


def test_packaged_false_leaves_the_packaged_dictionary_out(tmp_path: Path) -> None:
    """With `packaged: false` a suite's "restore +ties" is the only entry of that shape: the packaged
    CAMEO 2.0 "restore +tie|ties ~diplomatic" (more specific, another code) would outrank it."""
    verbs, policy = tmp_path / "verbs.yaml", tmp_path / "policy.yaml"
    verbs.write_text(SUITE_VERBS, encoding="utf-8")
    policy.write_text(RECORD_POLICY, encoding="utf-8")
    lexicon = load_event_lexicon((verbs, policy))
    assert _codes(lexicon, "restore")[0] == "064"
    assert not any(rule.context for rule in lexicon.rules_for("verb", "restore") if rule.tier != 0)


def test_packaged_dictionary_stays_by_default(tmp_path: Path) -> None:
    """Without the setting the packaged dictionary is merged as before (real news keeps CAMEO 2.0)."""
    policy = tmp_path / "policy.yaml"
    policy.write_text("dictionary_merge:\n  coded_entries: true\n", encoding="utf-8")
    lexicon = load_event_lexicon((policy,))
    assert any(rule.tier == 1 and rule.context for rule in lexicon.rules_for("verb", "restore"))


CONVERTER_SAMPLE = """\
&MONEY
# a comment line inside the set does not end it
+DOLLARS
+SWISS FRANCS

&TIES_KIND
+TRADE

--- DROP  [345]  ---
DROP
- * NEW_&TIES_KIND_RELATIONS [903]   # DROP
- * FOR_TRUCE [014]   # DROP
- * &MONEY [071]   # DROP
- NOT * RELATIONS [112]   # DROP
- * THE_FINAL_OFFER [102]   # DROP
"""


def _converted(tmp_path: Path) -> dict[str, list[str]]:
    from detente.events.petrarch import import_verbs

    path = tmp_path / "verbs.txt"
    path.write_text(CONVERTER_SAMPLE, encoding="utf-8")
    return import_verbs(path).triggers


def test_comment_line_inside_a_synonym_set_keeps_the_set(tmp_path: Path) -> None:
    """A comment line inside a set (CAMEO 2.0's &CURRENCY) used to end it: the set was empty and
    every pattern using it was skipped. A member with a space is one multi-word member."""
    assert "drop +dollar|dollars" in _converted(tmp_path)["071"]


def test_connected_words_after_the_verb_become_a_phrase(tmp_path: Path) -> None:
    """`NEW_&SET_RELATIONS` is a noun phrase (head last), `FOR_TRUCE` a preposition and its noun,
    an article inside a phrase is dropped."""
    triggers = _converted(tmp_path)
    assert triggers["903"] == ["drop +relation|relations ~new ~trade"]
    assert triggers["014"] == ["drop for +truce"]
    assert triggers["102"] == ["drop +offer ~final"]


def test_negation_before_the_verb_is_no_subject(tmp_path: Path) -> None:
    """`NOT * RELATIONS` must not become an entry whose subject is the word "not"."""
    assert "112" not in _converted(tmp_path)


def test_own_codes_keeps_a_dictionary_code_the_cameo_table_lacks(tmp_path: Path) -> None:
    """With `own_codes` a suite's "903" stays "903" (normalising gave "90"); without it, as before."""
    verbs, policy = tmp_path / "verbs.yaml", tmp_path / "policy.yaml"
    verbs.write_text("dictionary_triggers:\n  '903':\n    verbs:\n    - abandon +relations\n", encoding="utf-8")
    policy.write_text(RECORD_POLICY + "  own_codes: true\n", encoding="utf-8")
    assert load_event_lexicon((verbs, policy)).cameo.normalise("903") == "903"
    policy.write_text(RECORD_POLICY, encoding="utf-8")
    assert load_event_lexicon((verbs, policy)).cameo.normalise("903") == "90"


def test_a_frame_word_takes_a_specific_pattern_of_the_record_dictionary(tmp_path: Path) -> None:
    """With `prefer_imported`, "appeal for +peace" joins our frame word "appeal" (it is more specific
    than the frame reading); a bare imported "appeal" still does not replace the frame."""
    verbs, policy = tmp_path / "verbs.yaml", tmp_path / "policy.yaml"
    verbs.write_text("dictionary_triggers:\n  '095':\n    verbs:\n    - appeal for +peace\n    - appeal\n", encoding="utf-8")
    policy.write_text(RECORD_POLICY, encoding="utf-8")
    entries = {(rule.entry, rule.code) for rule in load_event_lexicon((verbs, policy)).rules_for("verb", "appeal") if rule.tier == -1}
    assert entries == {("appeal for +peace", "095")}


def test_own_triggers_false_leaves_our_trigger_entries_out(tmp_path: Path) -> None:
    """With `own_triggers: false` only the record dictionary and our frames code: our noun
    "attack" (triggers.yaml) is gone, our frame word "urge" stays."""
    verbs, policy = tmp_path / "verbs.yaml", tmp_path / "policy.yaml"
    verbs.write_text(SUITE_VERBS, encoding="utf-8")
    policy.write_text(RECORD_POLICY + "  own_triggers: false\n", encoding="utf-8")
    lexicon = load_event_lexicon((verbs, policy))
    assert not lexicon.rules_for("noun", "attack")
    assert any(rule.frame for rule in lexicon.rules_for("verb", "urge"))
    policy.write_text(RECORD_POLICY, encoding="utf-8")
    assert load_event_lexicon((verbs, policy)).rules_for("noun", "attack")
