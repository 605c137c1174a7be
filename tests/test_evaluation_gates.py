"""Tests of the quality gates (detente.evaluation.gates) and of `make eval`'s gate options."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.evaluation import gates
from detente.evaluation.__main__ import main

HIGHER = {"cleaning.f1": True, "cleaning.rejected": False}
FILES = {"cleaning": ("pagedumps_dev",)}


def _pinned() -> gates.Gates:
    return gates.Gates(floors={"cleaning.f1": 0.890}, ceilings={"cleaning.rejected": 0.010}, digests={"pagedumps_dev": "abc"})


def test_scores_above_their_floors_pass() -> None:
    verdict = gates.check(_pinned(), {"cleaning.f1": 0.9, "cleaning.rejected": 0.0}, HIGHER, FILES, {"pagedumps_dev": "abc"})
    assert verdict.passed and verdict.failures == ()


def test_a_score_under_its_floor_fails_naming_it() -> None:
    verdict = gates.check(_pinned(), {"cleaning.f1": 0.85, "cleaning.rejected": 0.0}, HIGHER, FILES, {"pagedumps_dev": "abc"})
    assert not verdict.passed
    assert verdict.failures == ("cleaning.f1: 0.850 is under its floor 0.890",)


def test_a_score_over_its_ceiling_fails() -> None:
    verdict = gates.check(_pinned(), {"cleaning.f1": 0.95, "cleaning.rejected": 0.2}, HIGHER, FILES, {"pagedumps_dev": "abc"})
    assert verdict.failures == ("cleaning.rejected: 0.200 is over its ceiling 0.010",)


def test_changed_eval_data_is_reported_and_not_compared() -> None:
    verdict = gates.check(_pinned(), {"cleaning.f1": 0.1, "cleaning.rejected": 0.0}, HIGHER, FILES, {"pagedumps_dev": "other"})
    assert len(verdict.failures) == 1
    assert "eval data changed (pagedumps_dev)" in verdict.failures[0] and "NOT compared" in verdict.failures[0]


def test_a_score_without_a_gate_is_a_note_not_a_failure() -> None:
    verdict = gates.check(gates.Gates(digests={"pagedumps_dev": "abc"}), {"cleaning.f1": 0.5}, HIGHER, FILES,
                          {"pagedumps_dev": "abc"})
    assert verdict.passed and "no gate pinned" in verdict.notes[0]


def test_raise_floors_only_tightens() -> None:
    pinned = _pinned()
    changes = gates.repin(pinned, {"cleaning.f1": 0.85, "cleaning.rejected": 0.0}, HIGHER, FILES, {"pagedumps_dev": "abc"},
                          lower=False, slack=0.0)
    assert pinned.floors["cleaning.f1"] == 0.890  # not lowered
    assert pinned.ceilings["cleaning.rejected"] == 0.0  # tightened
    assert changes == ["cleaning.rejected: ceiling 0.010 -> 0.000 (measured 0.000)"]


def test_accept_lower_lowers_and_pins_new_digests() -> None:
    pinned = _pinned()
    changes = gates.repin(pinned, {"cleaning.f1": 0.8567, "cleaning.rejected": 0.0}, HIGHER, FILES, {"pagedumps_dev": "new"},
                          lower=True, slack=0.005)
    assert pinned.floors["cleaning.f1"] == 0.851
    assert pinned.digests["pagedumps_dev"] == "new"
    assert any("LOWERED" in line for line in changes)


@pytest.mark.parametrize(("value", "higher", "slack", "pinned"), [
    (0.8999, True, 0.0, 0.899), (0.9, True, 0.005, 0.895), (0.3012, False, 0.0, 0.302), (0.3, False, 0.01, 0.31),
])
def test_pinned_value_is_on_a_thousandth_grid_on_the_safe_side(value: float, higher: bool, slack: float, pinned: float) -> None:
    assert gates.pinned_value(value, higher, slack) == pytest.approx(pinned)


def test_gate_file_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "gates.toml"
    _pinned().save(path)
    loaded = gates.Gates.load(path)
    assert loaded == _pinned()
    assert path.read_text(encoding="utf-8").startswith("# Quality gates")


def test_digest_changes_with_content_and_covers_folders(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.txt").write_text("one", encoding="utf-8")
    before = gates.digest(folder)
    assert before == gates.digest(folder)
    (folder / "a.txt").write_text("two", encoding="utf-8")
    assert gates.digest(folder) != before
    assert gates.digest(folder / "a.txt") == "3fc4ccfe745870e2c0d99f71f30ff0656c8dedd41cc1d7d3d376b0dbe685e2f3"


def test_the_repo_gate_file_pins_every_group() -> None:
    pinned = gates.Gates.load()
    groups = {name.split(".", 1)[0] for name in {*pinned.floors, *pinned.ceilings}}
    from detente.evaluation.__main__ import GROUPS

    assert groups == set(GROUPS) == {"cleaning", "quotes", "events", "dates", "petrarch", "identity"}
    assert set(pinned.digests) >= {"pagedumps_dev", "plover_gsr_dev.json", "polnear_dev.jsonl", "timebank_dev.jsonl",
                                   "wire_dev.jsonl", "petrarch_unit"}


def test_gate_without_shared_is_skipped_not_failed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--shared", str(tmp_path / "nowhere"), "--only", "cleaning", "--gate"]) == 0
    assert "skipped: " in capsys.readouterr().out


def test_gate_and_raise_floors_in_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from detente.evaluation import __main__ as entry
    from detente.evaluation.scoring import Item

    eval_dir = tmp_path / "shared" / "eval" / "pagedumps_dev"
    eval_dir.mkdir(parents=True)
    (eval_dir / "x.dump.txt").write_text("text", encoding="utf-8")
    gate_path = tmp_path / "gates.toml"
    gates.Gates(floors={"cleaning.f1": 0.99}, digests={"pagedumps_dev": gates.digest(eval_dir)}).save(gate_path)
    item = Item("x", {"pages": 1, "rejected": 0, "p": 0.9, "p_n": 1, "r": 0.9, "r_n": 1})
    monkeypatch.setattr("detente.evaluation.pagedumps.evaluate", lambda shared: ([item], []))
    argv = ["--shared", str(tmp_path / "shared"), "--only", "cleaning", "--gate", "--gate-file", str(gate_path)]
    assert entry.main(argv) == 1
    assert "cleaning.f1: 0.900 is under its floor 0.990" in capsys.readouterr().err
    assert entry.main([*argv, "--raise-floors"]) == 1  # still failing: raising never lowers
    assert gates.Gates.load(gate_path).floors["cleaning.f1"] == 0.99
    assert entry.main([*argv, "--accept-lower"]) == 0
    assert gates.Gates.load(gate_path).floors["cleaning.f1"] == 0.89
    assert "LOWERED" in capsys.readouterr().out
    assert entry.main(argv) == 0


def test_exact_scores_are_pinned_without_slack() -> None:
    pinned = gates.Gates(digests={"pagedumps_dev": "abc"})
    gates.repin(pinned, {"cleaning.internal_errors": 0.0, "cleaning.rejected": 0.0}, {"cleaning.internal_errors": False,
                "cleaning.rejected": False}, FILES, {"pagedumps_dev": "abc"}, lower=False, slack=0.01, exact={"cleaning.internal_errors"})
    assert pinned.ceilings == {"cleaning.internal_errors": 0.0, "cleaning.rejected": 0.01}
