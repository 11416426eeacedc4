"""The eval gate: the pinned floors in eval/floors.json hold on the shared gold data.

``test_gate_floors_hold`` re-runs the fast data sets (a few seconds with the baselines) and
fails when a score falls below its floor minus the margin or a gold file changed. To move a
floor, run ``eventwire eval pin`` (``--reason`` when one falls) and commit eval/floors.json.
The other tests check the gate's own rules on made-up scoreboards.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from eventwire.errors import EvaluationError
from eventwire.evaluate import gate
from eventwire.evaluate.scoreboard import Row, Scoreboard


@pytest.mark.shared
def test_gate_floors_hold(shared_data: Path) -> None:
    floors = gate.default_floors_path()
    assert floors.is_file(), f"{floors} is missing: create it with `eventwire eval pin`"
    result = gate.check(floors, data_dir=shared_data)
    assert result.ok, "eval gate failed:\n" + "\n".join(result.failures)
    assert result.checked > 0, "no floor was checked: " + "; ".join(result.skipped)


def _row(
    ours: float | None, *, sha: str = "abc", status: str = "ok", predictor: str = "base"
) -> Row:
    return Row(
        task="cameo-penta",
        dataset="conflibert",
        metric="macro_f1",
        ours=ours,
        published=0.895,
        published_by="someone",
        gap=None,
        higher_is_better=True,
        gated=True,
        predictor=predictor,
        status=status,
        gold="conflibert_cameo/cameo_class_train.tsv",
        gold_sha256=sha,
        n=10,
    )


def _board(row: Row) -> Scoreboard:
    return Scoreboard(rows=(row,), reports=(), data_dir="x", seconds=0.0)


@pytest.fixture
def floors(tmp_path: Path) -> Path:
    path = tmp_path / "floors.json"
    gate.pin(path, scoreboard=_board(_row(0.50)))
    return path


def test_pin_rounds_down_and_records_digest(floors: Path) -> None:
    gate.pin(floors, scoreboard=_board(_row(0.123456)), reason="test")
    (floor,) = gate.load_floors(floors)
    assert (floor.floor, floor.margin, floor.gold_sha256) == (0.1234, gate.DEFAULT_MARGIN, "abc")
    assert (floor.lowered_from, floor.reason) == (0.5, "test")


@pytest.mark.parametrize(
    ("row", "ok", "says"),
    [
        pytest.param(_row(0.50), True, "", id="same score"),
        pytest.param(_row(0.495), True, "", id="within the margin"),
        pytest.param(_row(0.48), False, "below the floor 0.5000", id="regression"),
        pytest.param(_row(None), False, "undefined is below", id="now undefined"),
        pytest.param(_row(0.50, sha="def"), False, "changed (sha256 def", id="gold changed"),
        pytest.param(_row(None, status="error: bad file"), False, "error: bad file", id="error"),
    ],
)
def test_check_compares_scores_with_floors(floors: Path, row: Row, ok: bool, says: str) -> None:
    result = gate.check(floors, scoreboard=_board(row))
    assert result.ok is ok
    assert says in " ".join(result.failures)


def test_check_skips_missing_gold_and_notes_improvements(floors: Path) -> None:
    skipped = gate.check(floors, scoreboard=_board(_row(None, status="skipped: x not found")))
    assert skipped.ok and skipped.checked == 0 and skipped.skipped
    better = gate.check(floors, scoreboard=_board(_row(0.7, predictor="real")))
    assert better.ok
    assert any("predictor is now real" in n for n in better.notes)
    assert any("beats the floor" in n for n in better.notes)


def test_pin_refuses_to_lower_a_floor_without_reason(floors: Path) -> None:
    before = floors.read_text()
    with pytest.raises(
        EvaluationError, match=r"would fall from 0\.5 to 0\.4; say why with --reason"
    ):
        gate.pin(floors, scoreboard=_board(_row(0.4)))
    assert floors.read_text() == before  # nothing written
    gate.pin(floors, scoreboard=_board(_row(0.4)), reason="new tokeniser splits hyphens")
    (floor,) = gate.load_floors(floors)
    assert (floor.floor, floor.lowered_from) == (0.4, 0.5)
    assert floor.reason == "new tokeniser splits hyphens"
    gate.pin(floors, scoreboard=_board(_row(0.4)))  # unchanged: the record stays
    assert gate.load_floors(floors)[0].reason == "new tokeniser splits hyphens"
    gate.pin(floors, scoreboard=_board(_row(0.6)))  # raised: the record goes
    assert gate.load_floors(floors)[0].reason is None


def test_check_fails_a_lowered_floor_without_reason(floors: Path) -> None:
    (floor,) = gate.load_floors(floors)
    gate.write_floors(floors, [replace(floor, lowered_from=0.9, reason="  ")])
    result = gate.check(floors, scoreboard=_board(_row(0.5)))
    assert not result.ok and "without a reason" in result.failures[0]


def test_pin_keeps_floors_of_data_sets_it_cannot_run(floors: Path) -> None:
    gate.pin(floors, scoreboard=_board(_row(None, status="skipped: gone")))
    assert gate.load_floors(floors)[0].floor == 0.5
