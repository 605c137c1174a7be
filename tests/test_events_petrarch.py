"""The PETRARCH verb-dictionary converter and how its entries join our lexicon."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from detente.events.lexicon import build_event_lexicon, load_event_lexicon
from detente.events.petrarch import convert_pattern, import_discards, import_verbs, load_particles, write_verbs
from detente.resources import load_data

# A made-up dictionary in PETRARCH's syntax (not the real file): two synonym sets, two blocks.
SAMPLE = """\
# a comment
####### SYNONYM SETS #######

&ILL_
+GRAFT
+POVERTY

&ARMY
+SOLDIERS
+SECURITY_FORCES

####### VERB PATTERNS #######

---  COMBAT   [190]  ---
BATTLE
FIGHT {FIGHTS FOUGHT FIGHTING}
+FIGHT_BACK {+FOUGHT_BACK}
+ATTACKED_AND_HIT {}
- * &ILL                                   [---]         # FIGHT
- * (ALONGSIDE &ARMY)                      [062]         # FIGHT
- * {ARMS CONVOY}                          [190]         # BATTLE
- * WILL NOT                               [190]
- POLICE * (DURING PROTEST)                [175:140]     # FIGHT
- * BITTERLY                               [111]         # FIGHT

---  RELEASE   [---]  ---
FREE
SET_LOOSE
- * HOSTAGES                               [0841]        # FREE
######## TRANSFORMATIONS ##########
~ a (a b ATTACK) SAY = a b 015
"""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "verbs.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_events_petrarch_blocks_become_entries(sample: Path) -> None:
    imported = import_verbs(sample)
    assert sorted(imported.triggers["190"]) == ["battle", "battle +convoy ~arm|arms", "fight", "fight back"]
    assert imported.triggers["---"] == ["fight +graft|poverty"]
    assert imported.triggers["062"] == ["fight alongside +soldier|soldiers"]  # the multi-word member is dropped
    assert imported.triggers["175"] == ["fight during ^police +protest"]  # [175:140] keeps the first code
    assert imported.triggers["0841"] == ["free +hostage|hostages"]  # the pattern goes to the verb its comment names
    assert "set loose" not in imported.triggers.get("---", [])  # a [---] block gives its verbs no code
    assert imported.forms == {"fight": ["fighting", "fights", "fought"]}
    assert imported.skipped == {"auxiliary, negation or conjunction": 1, "adverb": 1}
    assert imported.counts["patterns"] == 7 and imported.counts["patterns converted"] == 5


def test_events_petrarch_whole_blocks_apply_patterns_to_every_synonym(sample: Path) -> None:
    imported = import_verbs(sample, whole_blocks=True)
    assert "battle +graft|poverty" in imported.triggers["---"]
    assert "fight back +graft|poverty" in imported.triggers["---"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("* SANCTIONS", "+sanction|sanctions"),
        ("* (TO BORDER)", "to +border"),
        ("* POLICE (TO BORDER)", "to +police ~border"),
        ("* OFF TOUR", "off +tour"),
        ("* {RELIEF ASSISTANCE}", "+assistance ~relief"),
        ("* CLAIM (AGAINST) +", "against +claim"),
        ("$ TROOP * TOWARD +", "toward ^troop"),
        ("* WILL", None),
        ("A B * C", None),
    ],
)
def test_events_petrarch_pattern_conversion(pattern: str, expected: str | None) -> None:
    converted, reason = convert_pattern(pattern, {}, load_particles())
    assert converted == expected
    assert (reason is None) == (expected is not None)


def test_events_petrarch_written_file_keeps_notice_and_loads(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "verbs.yaml"
    write_verbs(import_verbs(sample), out, "sample.txt")
    text = out.read_text(encoding="utf-8")
    assert "The MIT License (MIT)" in text and "Copyright (c) 2015 Open Event Data Alliance" in text
    assert "7 patterns; 5 patterns converted" in text
    data = yaml.safe_load(text)
    assert data["dictionary_triggers"]["---"]["verbs"] == ["fight +graft|poverty"]


def _lexicon(imported: dict, **merge: object):
    rules = dict(load_data("events/rules.yaml"))
    rules["dictionary_merge"] = {**rules["dictionary_merge"], "bare_verbs": True, "coded_entries": True, **merge}
    triggers = {"event_triggers": {"190": {"verbs": ["fight"]}, "0841": {"verbs": ["release"]}}}
    return build_event_lexicon(triggers, rules, imported=imported)


def test_events_dictionary_entries_rank_after_ours_and_block_figurative_uses() -> None:
    imported = {"dictionary_triggers": {"---": {"verbs": ["fight +corruption"]}, "193": {"verbs": ["fight", "fight with +rifle"]},
                                        "111": {"verbs": ["lambaste"]}},
                "verb_forms": {"lambaste": ["lambastes"]}}
    lexicon = _lexicon(imported)
    rules = lexicon.rules_for("verb", "fight")
    assert [(rule.entry, rule.code, rule.tier) for rule in rules] == [
        ("fight with +rifle", "193", 1), ("fight +corruption", "", 1), ("fight", "190", 0)]  # most specific first  # our bare "fight" is kept, theirs dropped
    assert lexicon.rules_for("verb", "lambaste")[0].code == "111"  # a verb we lack: coverage
    assert "lambastes" in lexicon.forms
    assert "corruption" not in lexicon.forms


def test_events_dictionary_merge_policy_is_data() -> None:
    imported = {"dictionary_triggers": {"---": {"verbs": ["fight +corruption"]}, "111": {"verbs": ["lambaste", "slam +policy"]},
                                        "010": {"verbs": ["opine"]}, "020": {"verbs": ["urge +calm"]}}}
    blockers_only = _lexicon(imported, coded_entries=False)
    assert blockers_only.rules_for("verb", "lambaste") == ()
    assert blockers_only.rules_for("verb", "fight")[0].code == ""
    no_bare = _lexicon(imported, bare_verbs=False)
    assert no_bare.rules_for("verb", "lambaste") == () and no_bare.rules_for("verb", "slam")[0].code == "111"
    new_verbs = _lexicon({"dictionary_triggers": {"193": {"verbs": ["fight with +rifle"]}, "111": {"verbs": ["slam +policy"]}}},
                         coded_entries="new_verbs")
    assert all(rule.tier == 0 for rule in new_verbs.rules_for("verb", "fight")) and new_verbs.rules_for("verb", "slam")
    everything = _lexicon(imported)
    assert everything.rules_for("verb", "opine") == ()  # statements (root 01) never come bare
    assert all(rule.tier == 0 for rule in everything.rules_for("verb", "urge"))  # our frame decides


def test_events_shipped_dictionary_blocks_fight_corruption() -> None:
    lexicon = load_event_lexicon()
    blockers = [rule for rule in lexicon.rules_for("verb", "fight") if rule.tier == 1]
    assert blockers and all(rule.code == "" for rule in blockers)


def test_events_petrarch_discards(tmp_path: Path) -> None:
    path = tmp_path / "discards.txt"
    path.write_text("# sports\n+BASKETBALL_\nWORLD_CUP # football\n+ CHAMPIONS LEAGUE ;x\n1914\n<!-- x -->\n", encoding="utf-8")
    assert import_discards(path) == {"discard_phrases": ["1914", "world cup"], "discard_story_phrases": ["basketball", "champions league"]}


def test_events_shipped_dictionary_is_current() -> None:
    source = Path(__file__).resolve().parents[2] / "shared" / "reference" / "petrarch2" / "CAMEO.2.0.txt"
    if not source.is_file():
        pytest.skip("../shared/reference/petrarch2 is absent (the shipped file is generated from it by `make dicts`)")
    shipped = yaml.safe_load((Path(__file__).resolve().parents[1] / "detente/data/events/petrarch_verbs.yaml").read_text(encoding="utf-8"))
    assert shipped == import_verbs(source).data()


def test_events_petrarch_reads_files_without_section_markers(tmp_path: Path) -> None:
    """Older (TABARI/KEDS-era) files have no "VERB PATTERNS" marker and use XML comments."""
    path = tmp_path / "old.txt"
    path.write_text("<!-- an old dictionary -->\n&FOE\n+ENEMY\n\n--- SCOLD  [111] ---\nSCOLD\n- * &FOE [112] # SCOLD\n",
                    encoding="utf-8")
    imported = import_verbs(path)
    assert imported.triggers == {"111": ["scold"], "112": ["scold +enemy"]}


def test_events_preferred_dictionary_is_the_lexicon_of_record() -> None:
    imported = {"dictionary_triggers": {"193": {"verbs": ["fight"]}, "012": {"verbs": ["say"]}}}
    lexicon = _lexicon(imported, prefer_imported=True)
    assert [(rule.code, rule.tier) for rule in lexicon.rules_for("verb", "fight")] == [("193", -1), ("190", 0)]
    assert lexicon.rules_for("verb", "say")[0].code == "012"
