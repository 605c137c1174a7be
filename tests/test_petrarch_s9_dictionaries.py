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
