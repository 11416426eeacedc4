"""The scoreboard: every task's headline metrics on its default gold, next to published figures.

One :class:`Row` per (task, data set, headline metric). A data set whose gold file is
missing gives rows with status ``skipped: <path> not found``; one whose gold cannot be read
gives ``error: <why>``; neither stops the other tasks. ``gap`` is ours minus published, so
for a higher-is-better metric a negative gap is how far behind we are.

The JSON twin (``Scoreboard.to_json``) leaves out timings so that re-running on the same
data and code writes the same file.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import EvaluationError
from eventwire.evaluate.data import find_data_dir, repo_root
from eventwire.evaluate.predictors import predictor_name
from eventwire.evaluate.registry import TASKS, Dataset, Task, gold_path, make_predictor, run_dataset
from eventwire.evaluate.report import Report

__all__ = ["Row", "Scoreboard", "run_all"]


@dataclass(frozen=True, slots=True)
class Row:
    task: str
    dataset: str
    metric: str
    ours: float | None
    published: float | None
    published_by: str | None
    gap: float | None
    higher_is_better: bool
    gated: bool
    predictor: str
    status: str
    gold: str
    gold_sha256: str | None
    n: int | None


@dataclass(frozen=True, slots=True)
class Scoreboard:
    rows: tuple[Row, ...]
    reports: tuple[Report, ...]
    data_dir: str
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {
            "about": "eventwire eval all: headline metrics per task and data set; see eval/README.md",
            "rows": [asdict(row) for row in self.rows],
        }


def _shown(path: Path) -> str:
    """A path relative to the repository when it is inside it (stable across checkouts)."""
    root = repo_root()
    if root is not None and path.resolve().is_relative_to(root):
        return path.resolve().relative_to(root).as_posix()
    return str(path)


def _rows(
    task: Task, dataset: Dataset, predictor: str, status: str, report: Report | None
) -> list[Row]:
    rows = []
    for metric in dataset.metrics:
        if report is not None and metric.name not in report.metrics:
            raise EvaluationError(
                f"the registry names metric {metric.name!r} for {task.name}/{dataset.name}, "
                f"which its scorer does not report ({', '.join(report.metrics)})"
            )
        ours = report.metrics.get(metric.name) if report is not None else None
        gap = ours - metric.published if ours is not None and metric.published is not None else None
        rows.append(
            Row(
                task=task.name,
                dataset=dataset.name,
                metric=metric.name,
                ours=ours,
                published=metric.published,
                published_by=metric.published_by,
                gap=gap,
                higher_is_better=metric.higher_is_better,
                gated=metric.gated,
                predictor=predictor,
                status=status,
                gold=dataset.gold,
                gold_sha256=report.gold_sha256 if report is not None else None,
                n=report.score.n if report is not None else None,
            )
        )
    return rows


def run_all(
    *,
    data_dir: str | Path | None = None,
    predictors: Mapping[str, object | str] | None = None,
    tasks: list[str] | None = None,
    fast_only: bool = False,
    limit: int | None = None,
) -> Scoreboard:
    """Run every task (or ``tasks``) on its default gold and collect the headline rows.

    ``predictors`` maps a task name to a predictor or ``"module:factory"`` to use instead of
    the task's default.
    """
    started = time.perf_counter()
    chosen = predictors or {}
    rows: list[Row] = []
    reports: list[Report] = []
    for name in tasks or list(TASKS):
        task = TASKS[name]
        datasets = [d for d in task.datasets if d.fast or not fast_only]
        failure = ""
        try:
            predictor: object | None = make_predictor(task, chosen.get(name))
            shown = predictor_name(predictor)
        except EvaluationError as exc:
            predictor, shown = None, str(chosen.get(name, task.predictor))
            failure = f"error: {exc}"
        for dataset in datasets:
            path = gold_path(dataset, data_dir=data_dir)
            report = None
            if predictor is None:
                status = failure
            elif not path.exists():
                status = f"skipped: {_shown(path)} not found"
            else:
                try:
                    report = run_dataset(task, dataset, gold=path, predictor=predictor, limit=limit)
                    reports.append(report)
                    status = "ok"
                except EvaluationError as exc:
                    status = f"error: {exc}"
            rows.extend(_rows(task, dataset, shown, status, report))
    return Scoreboard(
        rows=tuple(rows),
        reports=tuple(reports),
        data_dir=str(find_data_dir(data_dir)),
        seconds=time.perf_counter() - started,
    )
