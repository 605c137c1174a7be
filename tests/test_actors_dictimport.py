"""PETRARCH/TABARI dictionary import, on small dictionaries written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from detente.actors import load_actor_knowledge
from detente.actors.dictimport import import_petrarch_dictionary, write_yaml

ACTORS = """\
# A small PETRARCH-style actor dictionary written for detente's tests (invented people).
ALEXANDRA_NOVAK_ [RUSGOV]  # default code
+NOVAK_
+A._NOVAK_
\t[RUSMIL 100101-151231]
\t[RUSGOV >160101]
JONAS_BERG_ [NORGOV >080508]
+BERG_
; a TABARI comment line
PETER_BROOK_
\t[USAGOV 200101-191231]
\t[USAMIL <050101]
\t[XX 010101-020101]
\tRUSGOV 010101
CAROLINE_WEST_ [GBRGOV 1x0101-200101]
+ [GBRGOV]
ORPHAN_ [FRAGOV
<!-- an XML comment -->
MARIA_LOPEZ_ [ESPGOV 20150101-20191231]
---STOP---
IGNORED_AFTER_STOP_ [USAGOV]
"""

AGENTS = """\
# A small PETRARCH-style agent dictionary written for detente's tests.
MINISTER [~GOV]
SPOKESMAN {SPOKESMEN} [~GOV]
ARMY [~MIL]
RIOT_POLICEMAN {RIOT_POLICEMEN} [~COP]
!minist! = MINISTER, MINISTERS
CHAIRMAN
DEPUTY {DEPUTIES [~LEG]
ENVOY [~GOV] [~MIL]
"""


@pytest.fixture()
def dictionaries(tmp_path: Path) -> Path:
    (tmp_path / "sample.actors.txt").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "sample.agents.txt").write_text(AGENTS, encoding="utf-8")
    return tmp_path


def test_actors_dictimport_reads_actors_with_synonyms_and_dates(dictionaries: Path) -> None:
    result = import_petrarch_dictionary(dictionaries / "sample.actors.txt")
    people = {person["name"]: person for person in result["people"]}
    assert set(people) == {"Alexandra Novak", "Jonas Berg", "Peter Brook", "Maria Lopez"}
    assert people["Alexandra Novak"]["aliases"] == ["Novak", "A. Novak"]
    assert people["Alexandra Novak"]["offices"] == [
        {"code": "RUSGOV"},
        {"code": "RUSMIL", "start": "2010-01-01", "end": "2015-12-31"},
        {"code": "RUSGOV", "start": "2016-01-01"},
    ]
    assert people["Jonas Berg"]["offices"] == [{"code": "NORGOV", "start": "2008-05-08"}]
    assert people["Peter Brook"]["offices"] == [{"code": "USAMIL", "end": "2005-01-01"}]
    assert people["Maria Lopez"]["offices"] == [{"code": "ESPGOV", "start": "2015-01-01", "end": "2019-12-31"}]


def test_actors_dictimport_skips_malformed_lines_with_reasons(dictionaries: Path) -> None:
    skipped = import_petrarch_dictionary(dictionaries / "sample.actors.txt")["skipped"]
    assert [line.split(":")[0] for line in skipped] == ["line 11", "line 13", "line 14", "line 15", "line 16", "line 17"]
    assert "end date 2019-12-31 before start date 2020-01-01" in skipped[0]
    assert all("\n" not in reason for reason in skipped)


def test_actors_dictimport_reads_agents_with_plurals(dictionaries: Path) -> None:
    result = import_petrarch_dictionary(dictionaries / "sample.agents.txt", kind="agents")
    assert result["roles"] == {
        "GOV": {"person": ["minister", "spokesman"], "group": ["spokesmen"]},
        "MIL": {"organisation": ["army"]},
        "COP": {"person": ["riot policeman"], "group": ["riot policemen"]},
    }
    assert [line.split(":")[0] for line in result["skipped"]] == ["line 6", "line 7", "line 8", "line 9"]


def test_actors_dictimport_rejects_unknown_kind(dictionaries: Path) -> None:
    with pytest.raises(ValueError):
        import_petrarch_dictionary(dictionaries / "sample.agents.txt", kind="verbs")


def test_actors_dictimport_output_loads_as_knowledge(dictionaries: Path, tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    write_yaml(import_petrarch_dictionary(dictionaries / "sample.actors.txt"), out)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert "skipped" not in data and len(data["people"]) == 4
    knowledge = load_actor_knowledge((out,))
    assert [p.name for p in knowledge.people["novak"]] == ["Alexandra Novak"]
