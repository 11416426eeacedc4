"""The eval gate: pinned floors that a change may raise but never silently lower.

``eval/floors.json`` holds one entry per gated headline metric of the fast data sets::

    {"task": "cameo-penta", "dataset": "conflibert", "metric": "macro_f1",
     "floor": 0.0801, "margin": 0.01,
     "gold": "conflibert_cameo/cameo_class_train.tsv", "gold_sha256": "9f2c...",
     "predictor": "most-frequent-class", "reason": null}

:func:`check` re-runs those data sets and fails an entry when

- the score fell below ``floor - margin`` (or became undefined),
- the gold file's SHA-256 is not the pinned one (the numbers would not be comparable:
  look at what changed in the data, then re-pin),
- the entry records a lowered floor (``lowered_from``) without a ``reason``,
- the data set could not be scored (an error; a *missing* gold file only skips).

:func:`pin` rewrites the floors from a fresh run. It refuses to lower a floor unless given a
reason, which it stores in the entry with the old value (``lowered_from``). Floors are the
score rounded *down* to 4 decimals, so re-pinning an unchanged run changes nothing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from eventwire.errors import EvaluationError
from eventwire.evaluate.data import repo_root
from eventwire.evaluate.registry import TASKS
from eventwire.evaluate.scoreboard import Row, Scoreboard, run_all

__all__ = [
    "DEFAULT_MARGIN",
    "Floor",
    "GateResult",
    "check",
    "default_floors_path",
    "gated_tasks",
    "load_floors",
    "pin",
    "write_floors",
]

# One point. Our predictors are deterministic, so the margin only absorbs numeric noise
# (library upgrades, summation order); one lost sentence of the 39-sentence PETRARCH set
# (2.6 points) still fails the gate, which is the point.
DEFAULT_MARGIN = 0.01
_ABOUT = (
    "Floors of the eval gate (tests/evaluate/test_gate.py). A score below floor - margin, or "
    "a changed gold digest, fails. Rewrite with `eventwire eval pin`; lowering a floor needs "
    "--reason. See eval/README.md."
)


@dataclass(frozen=True, slots=True)
class Floor:
    task: str
    dataset: str
    metric: str
    floor: float | None
    margin: float
    gold: str
    gold_sha256: str | None
    predictor: str
    reason: str | None = None
    lowered_from: float | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.task, self.dataset, self.metric)


@dataclass(slots=True)
class GateResult:
    """What :func:`check` found: ``failures`` fail the gate; the rest is information."""

    failures: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures


def default_floors_path() -> Path:
    return (repo_root() or Path.cwd()) / "eval" / "floors.json"


def gated_tasks() -> list[str]:
    """Tasks with at least one fast data set: those the gate re-runs."""
    return [name for name, task in TASKS.items() if any(d.fast for d in task.datasets)]


def load_floors(path: Path) -> list[Floor]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Floor(**entry) for entry in data["floors"]]
    except FileNotFoundError as exc:
        raise EvaluationError(f"{path} not found; create it with `eventwire eval pin`") from exc
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise EvaluationError(f"{path}: not a floors file ({exc!r})") from exc


def write_floors(path: Path, floors: Sequence[Floor]) -> None:
    data: dict[str, Any] = {"about": _ABOUT, "floors": [asdict(f) for f in floors]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _fresh(data_dir: str | Path | None) -> Scoreboard:
    return run_all(data_dir=data_dir, tasks=gated_tasks(), fast_only=True)


def check(
    floors_path: Path | None = None,
    *,
    data_dir: str | Path | None = None,
    scoreboard: Scoreboard | None = None,
) -> GateResult:
    """Compare a fresh run (or ``scoreboard``) of the fast data sets with the pinned floors."""
    floors = load_floors(floors_path or default_floors_path())
    board = scoreboard if scoreboard is not None else _fresh(data_dir)
    rows = {(r.task, r.dataset, r.metric): r for r in board.rows}
    result = GateResult()
    for floor in floors:
        name = "/".join(floor.key)
        if floor.lowered_from is not None and not (floor.reason or "").strip():
            result.failures.append(
                f"{name}: floor lowered from {floor.lowered_from} to {floor.floor} without a "
                "reason; re-pin with `eventwire eval pin --reason ...`"
            )
        row = rows.get(floor.key)
        if row is None:
            result.notes.append(f"{name}: pinned but no longer a headline metric; re-pin")
            continue
        if row.status.startswith("skipped"):
            result.skipped.append(f"{name}: {row.status}")
            continue
        if row.status != "ok":
            result.failures.append(f"{name}: {row.status}")
            continue
        result.checked += 1
        if floor.gold_sha256 is not None and row.gold_sha256 != floor.gold_sha256:
            result.failures.append(
                f"{name}: gold file {floor.gold} changed (sha256 {row.gold_sha256} is not the "
                f"pinned {floor.gold_sha256}); check the change, then re-pin with "
                "`eventwire eval pin`"
            )
            continue
        if row.predictor != floor.predictor:
            result.notes.append(
                f"{name}: predictor is now {row.predictor} (pinned with {floor.predictor}); "
                "re-pin to raise the floor"
            )
        if floor.floor is None:
            if row.ours is not None:
                result.notes.append(f"{name}: now {row.ours:.4f}, no floor yet; re-pin")
            continue
        if row.ours is None or row.ours < floor.floor - floor.margin:
            shown = "undefined" if row.ours is None else f"{row.ours:.4f}"
            result.failures.append(
                f"{name}: {shown} is below the floor {floor.floor:.4f} - margin "
                f"{floor.margin} (predictor {row.predictor}); fix the regression, or lower "
                "the floor with `eventwire eval pin --reason ...`"
            )
        elif row.ours > floor.floor + floor.margin:
            result.notes.append(f"{name}: {row.ours:.4f} beats the floor {floor.floor:.4f}; re-pin")
    pinned = {f.key for f in floors}
    for row in board.rows:
        if row.gated and row.status == "ok" and (row.task, row.dataset, row.metric) not in pinned:
            result.notes.append(f"{row.task}/{row.dataset}/{row.metric}: not pinned; re-pin")
    return result


def _round_down(value: float | None) -> float | None:
    return None if value is None else math.floor(value * 10_000 + 1e-9) / 10_000


def _new_floor(row: Row, old: Floor | None, margin: float | None, reason: str | None) -> Floor:
    value = _round_down(row.ours)
    entry = Floor(
        task=row.task,
        dataset=row.dataset,
        metric=row.metric,
        floor=value,
        margin=margin if margin is not None else (old.margin if old else DEFAULT_MARGIN),
        gold=row.gold,
        gold_sha256=row.gold_sha256,
        predictor=row.predictor,
    )
    if old is None or old.floor is None:
        return entry
    if value is None or value < old.floor:
        if not (reason or "").strip():
            raise EvaluationError(
                f"{'/'.join(old.key)}: the floor would fall from {old.floor} to {value}; "
                "say why with --reason (it is stored in eval/floors.json)"
            )
        return replace(entry, reason=reason, lowered_from=old.floor)
    if value == old.floor:  # unchanged: keep the record of an earlier lowering
        return replace(entry, reason=old.reason, lowered_from=old.lowered_from)
    return entry


def pin(
    floors_path: Path | None = None,
    *,
    data_dir: str | Path | None = None,
    margin: float | None = None,
    reason: str | None = None,
    scoreboard: Scoreboard | None = None,
) -> list[Floor]:
    """Rewrite the floors from a fresh run; lowering one needs ``reason``.

    Entries whose gold file is missing now are kept as they were. Nothing is written when a
    floor would fall without a reason (:class:`EvaluationError` names it).
    """
    path = floors_path or default_floors_path()
    old = {f.key: f for f in load_floors(path)} if path.exists() else {}
    board = scoreboard if scoreboard is not None else _fresh(data_dir)
    floors = []
    problems = []
    for row in board.rows:
        key = (row.task, row.dataset, row.metric)
        if not row.gated:
            continue
        if row.status != "ok":
            if key in old:
                floors.append(old[key])
            continue
        try:
            floors.append(_new_floor(row, old.get(key), margin, reason))
        except EvaluationError as exc:
            problems.append(str(exc))
    if problems:
        raise EvaluationError("; ".join(problems))
    write_floors(path, floors)
    return floors
