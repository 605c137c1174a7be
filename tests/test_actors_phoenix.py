"""The Phoenix dictionary converter (`make dicts`) and how its output joins our own knowledge.

The dictionary lines below are written for these tests in PETRARCH's syntax (invented people,
groups and places); the shipped files are checked for their notice and for loading under ours.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.actors import load_actor_knowledge
from detente.actors.knowledge import _words
from detente.actors.phoenix import GROUPS_FILE, PEOPLE_FILE, convert, generate, load_rules, read_entries, read_groups, read_people
from detente.resources import DATA_DIR

COUNTRIES = """\
# A comment line, then a country with its cities: neither is imported.
FREEDONIA_  [FRD]
+FREEDONIAN_
+FREEDONIA_CITY_
+SYLVANIA_PROVINCE # a province, reported often
MARTA_KOVALENKO_  # CountryInfo.txt
+PRESIDENT_KOVALENKO
+MARTA_IVANIVNA_KOVALENKO_
+MARTA_KOVALENKO_ADMINISTRATION
\t[FRDELI 700101-990630]
\t[FRDGOV 990701-070630]
\t[FRDELI]
FREEDONIAN_PRIME_MINISTER
\t[FRDGOV]
RUFUS_T._FIREFLY_ [FRDGOV >080101] [---]
LONELYNAME_ [FRDGOV]
BROKEN_DATES_PERSON_
\t[FRDGOV 2004017-20061201]
\t[FRDELI]
ACME_HOLDINGS_INC_ [MNCFRD]
---STOP---
IGNORED_AFTER_STOP_ [FRDGOV]
"""

NONSTATE = """\
SYLVANIAN_LIBERATION_FRONT_(SLF)_ [FRDREB] # invented
+FRONT_FOR_THE_LIBERATION_OF_SYLVANIA_
GREATER_SYLVANIA_TERRITORY_ [FRDSYL]
MIDNIGHT_RIVER_RIDERS_ [FRDREB]
+FOUNDATION_
+MOONRIVERS_
"""


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("phoenix")
    (folder / "countries.txt").write_text(COUNTRIES, encoding="utf-8")
    (folder / "Phoenix.MilNonState.actors.txt").write_text(NONSTATE, encoding="utf-8")
    return convert([folder / "countries.txt", folder / "Phoenix.MilNonState.actors.txt"], load_rules())


def _person(converted: dict, name: str) -> dict:
    return next(p for p in converted["people"] if p["name"] == name)


def test_phoenix_person_offices_keep_petrarch_date_restrictions(converted: dict) -> None:
    person = _person(converted, "Marta Kovalenko")
    assert person["offices"] == [
        {"code": "FRDELI", "start": "1970-01-01", "end": "1999-06-30"},
        {"code": "FRDGOV", "start": "1999-07-01", "end": "2007-06-30"},
        {"code": "FRDELI"},
    ]
    assert person["aliases"] == ["Marta Ivanivna Kovalenko"]  # the administration is no alias of her
    assert person["titled"] == ["President Kovalenko"]
    firefly = _person(converted, "Rufus T. Firefly")
    assert firefly["offices"] == [{"code": "FRDGOV", "start": "2008-01-01"}]  # [---] is no code


def test_phoenix_skips_countries_titles_single_words_and_companies(converted: dict) -> None:
    names = {p["name"] for p in converted["people"]} | set(converted["groups"])
    for left_out in ("Freedonia", "Freedonia City", "Sylvania Province", "Freedonian Prime Minister", "Lonelyname",
                     "Acme Holdings Inc", "Ignored After Stop", "Greater Sylvania Territory"):
        assert left_out not in names


def test_phoenix_reports_a_broken_date_and_keeps_the_rest(converted: dict) -> None:
    assert any("2004017" in problem for problem in converted["problems"])
    assert _person(converted, "Broken Dates Person")["offices"] == [{"code": "FRDELI"}]


def test_phoenix_groups_with_aliases_and_acronyms(converted: dict) -> None:
    assert converted["groups"]["Sylvanian Liberation Front"] == {
        "code": "FRDREB", "aliases": ["Front For The Liberation Of Sylvania"], "acronyms": ["SLF"]}


def test_phoenix_nonstate_file_holds_groups_only(converted: dict) -> None:
    assert converted["groups"]["Midnight River Riders"] == {"code": "FRDREB", "aliases": ["Moonrivers"]}
    assert "Midnight River Riders" not in {p["name"] for p in converted["people"]}


def test_phoenix_generate_writes_notice_provenance_and_rows_that_read_back(tmp_path: Path) -> None:
    source = tmp_path / "petrarch2"
    source.mkdir()
    (source / "Phoenix.Countries.actors.txt").write_text(COUNTRIES, encoding="utf-8")
    (source / "Phoenix.International.actors.txt").write_text("", encoding="utf-8")
    (source / "Phoenix.MilNonState.actors.txt").write_text(NONSTATE, encoding="utf-8")
    (source / "LICENSE").write_text("The MIT License (MIT)\n\nCopyright (c) 2014 Somebody\n", encoding="utf-8")
    counts = generate(source, tmp_path)
    assert counts["people"] == 3 and counts["groups"] == 2
    header = (tmp_path / PEOPLE_FILE).read_text(encoding="utf-8")
    assert "# The MIT License (MIT)" in header and "Phoenix.Countries.actors.txt  sha256 " in header
    people = {row[0]: row for row in read_people(tmp_path / PEOPLE_FILE)}
    assert people["Marta Kovalenko"] == ("Marta Kovalenko", ["Marta Ivanivna Kovalenko"], ["President Kovalenko"],
                                         [("FRDELI", "1970-01-01", "1999-06-30"), ("FRDGOV", "1999-07-01", "2007-06-30"),
                                          ("FRDELI", None, None)])
    assert read_groups(tmp_path / GROUPS_FILE)["Sylvanian Liberation Front"]["acronyms"] == ["SLF"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="AB_[]+#<> \t-0123456789>", max_size=30), max_size=20))
def test_phoenix_reader_never_raises_on_any_lines(lines: list[str]) -> None:
    problems: list[str] = []
    for entry in read_entries(lines, problems):
        assert isinstance(entry.name, str)


def test_phoenix_shipped_files_carry_the_notice() -> None:
    for name in (PEOPLE_FILE, GROUPS_FILE):
        text = (DATA_DIR / "actors" / name).read_text(encoding="utf-8")
        assert text.startswith("# GENERATED by `make dicts`")
        assert "# The MIT License (MIT)" in text and "Open Event Data Alliance" in text


def test_phoenix_names_split_as_spacy_splits_them() -> None:
    """The loader's tokenizer-free split of plain and hyphenated names gives spaCy's tokens."""
    tokenizer = spacy.blank("en").tokenizer
    names = [n for row in read_people(DATA_DIR / "actors" / PEOPLE_FILE) for n in [row[0], *row[1]]]
    names += [n for name, spec in read_groups(DATA_DIR / "actors" / GROUPS_FILE).items() for n in [name, *spec["aliases"]]]
    assert len(names) > 10_000
    for name in names:
        assert _words(name, tokenizer) == tuple(t.text for t in tokenizer(name)), name


def test_phoenix_people_load_under_ours() -> None:
    """A person our officeholders.yaml knows comes from there only (ours win, offices unmixed);
    a person only Phoenix knows is there with its dated offices."""
    knowledge = load_actor_knowledge()
    (putin,) = knowledge.people["vladimir putin"]
    assert all(office.title for office in putin.offices)  # our entries have titles, Phoenix's none
    (aso,) = knowledge.people["taro aso"]
    assert {office.code for office in aso.offices} >= {"JPNGOV"}
    assert knowledge.people["king abdullah"]  # a titled spelling, looked up after its title only
    assert "king abdullah" not in {" ".join(p.words) for found in knowledge.patterns.values() for p in found}


def test_phoenix_cli_converts_one_file_for_run_data(tmp_path: Path) -> None:
    """`detente dict import FILE --kind phoenix` writes people and groups a run loads with --data."""
    from typer.testing import CliRunner

    from detente.cli import app
    from detente.resources import load_data

    source = tmp_path / "Phoenix.Countries.actors.txt"
    source.write_text(COUNTRIES, encoding="utf-8")
    out = tmp_path / "phoenix.yaml"
    result = CliRunner().invoke(app, ["dict", "import", str(source), "--out", str(out), "--kind", "phoenix"])
    assert result.exit_code == 0, result.output
    people = load_data("actors/officeholders.yaml", (out,))["people"]
    assert any(p["name"] == "Marta Kovalenko" and p["titled"] == ["President Kovalenko"] for p in people)


def test_phoenix_a_bare_collective_noun_is_no_groups_name(converted: dict) -> None:
    """"FOUNDATION_" as a gang's synonym would make every "the X Foundation" that gang."""
    names = {name for spec in converted["groups"].values() for name in spec.get("aliases", [])} | set(converted["groups"])
    assert "Foundation" not in names


def test_phoenix_make_dicts_reproduces_the_shipped_files(tmp_path: Path) -> None:
    """`make dicts` regenerates exactly the shipped TSVs: they are the converter's output over
    ../shared/reference/petrarch2 with today's roles.yaml and phoenix_import.yaml, never edited by
    hand (a hand fix is lost at the next regeneration; fix the converter or the word lists)."""
    from tests.conftest import SHARED

    source = SHARED / "reference" / "petrarch2"
    if not (source / "LICENSE").is_file():
        pytest.skip(f"{source} is absent (the shipped files are generated from it by `make dicts`)")
    generate(source, tmp_path)
    for name in (PEOPLE_FILE, GROUPS_FILE):
        assert (tmp_path / name).read_bytes() == (DATA_DIR / "actors" / name).read_bytes(), name


def test_phoenix_the_before_a_collective_noun_keeps_it_bare(tmp_path: Path) -> None:
    """"+THE_FOUNDATION_" is the bare collective noun "Foundation" once "the" is dropped: no name."""
    path = tmp_path / "Phoenix.MilNonState.actors.txt"
    path.write_text("NIGHT_RIVER_RIDERS_ [FRDREB]\n+THE_FOUNDATION_\n+THE_MOONRIVERS_\n", encoding="utf-8")
    groups = convert([path], load_rules())["groups"]
    assert groups["Night River Riders"]["aliases"] == ["Moonrivers"]


def test_phoenix_a_title_with_a_posting_or_a_hyphen_is_no_name(tmp_path: Path) -> None:
    """"FREEDONIAN_AMBASSADOR_TO_THE_UN_" leaves "To The Un" after its title words, and
    "VICE-PRESIDENT_FIREFLY" holds a hyphenated title: neither is a person's name."""
    path = tmp_path / "countries.txt"
    path.write_text("FREEDONIAN_AMBASSADOR_TO_THE_UN_\n\t[FRDGOV]\nRUFUS_FIREFLY_\n+VICE-PRESIDENT_RUFUS_FIREFLY_\n"
                    "\t[FRDGOV]\n", encoding="utf-8")
    people = convert([path], load_rules())["people"]
    assert [(p["name"], p["aliases"]) for p in people] == [("Rufus Firefly", [])]
