"""Actors, session 10: `detente dict import --kind actors` writes an entry coded only with one bare
country code as that country (places.yaml extra_countries), so role words attach to it as PETRARCH
does ("Zelandian police" -> ZLDCOP). The PETRARCH suite's actors were all persons before.
A dictionary written for these tests (an invented country)."""

from __future__ import annotations

from pathlib import Path

from detente.actors import find_mentions, load_actor_knowledge
from detente.actors.dictimport import import_petrarch_dictionary, write_yaml
from tests.test_events_coder import article

ACTORS = """\
ZELANDIA_ [ZLD]
+ZELANDIAN_
ZELANDIANS_ [ZLD]
ODO_MARSH_ [ZLDGOV]
"""


def _imported(tmp_path: Path) -> dict:
    source = tmp_path / "zelandia.actors.txt"
    source.write_text(ACTORS, encoding="utf-8")
    return import_petrarch_dictionary(source)


def test_actors_s10_dictimport_writes_bare_country_codes_as_countries(tmp_path: Path) -> None:
    result = _imported(tmp_path)
    assert [person["name"] for person in result["people"]] == ["Odo Marsh"]
    assert result["extra_countries"] == {"ZLD": {"name": "Zelandia", "aliases": ["Zelandia", "Zelandian", "Zelandians"]}}


def test_actors_s10_dictimport_countries_take_role_words(nlp, tmp_path: Path) -> None:  # noqa: ANN001 - spaCy Language
    out = tmp_path / "zelandia.yaml"
    write_yaml(_imported(tmp_path), out)
    knowledge = load_actor_knowledge((out,))
    text = "Zelandian police arrested two protesters on Monday."
    codes = {m.text: m.code for m in find_mentions(nlp(text), article(text), knowledge)}
    assert codes.get("Zelandian police") == "ZLDCOP", codes
