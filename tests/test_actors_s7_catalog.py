"""The organisation catalog gives each code one entry: an entry's key is the country part of its
code (what dyads, merged events and the workbench's corrections read back from a code), so two
entries with one code made NATO's events read as "SFOR" (session 7, caught by the full suite)."""

from __future__ import annotations

from collections import Counter

from detente.resources import load_data


def test_each_organisation_code_has_one_entry() -> None:
    organisations = load_data("actors/organisations.yaml")["organisations"]
    codes = Counter(entry["code"] for entry in organisations.values() if isinstance(entry, dict) and entry.get("code"))
    assert [code for code, count in codes.items() if count > 1] == []
