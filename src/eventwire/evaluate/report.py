"""What a scorer returns (:class:`Score`) and what a task run returns (:class:`Report`).

A scorer is a pure function of gold records and predictions; it knows nothing of files,
predictors or timing. The runner (``registry.run``) wraps its :class:`Score` in a
:class:`Report` that says which task, data set, gold file and predictor produced it.
Both have a JSON twin (``to_json``) with the same field names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ErrorCase", "Report", "Score"]

Metrics = Mapping[str, float | None]


@dataclass(frozen=True, slots=True)
class ErrorCase:
    """One wrong answer, for ``--errors N``: what was asked, expected and given.

    ``weight`` orders errors (largest first): a count of missed and spurious items, a
    distance in km, 1 for a plain wrong label.
    """

    item: str
    text: str
    gold: str
    predicted: str
    weight: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "text": self.text,
            "gold": self.gold,
            "predicted": self.predicted,
            "weight": self.weight,
        }


@dataclass(frozen=True, slots=True)
class Score:
    """Metrics of one scored run.

    ``metrics``: the figures by name (``None`` = undefined, see ``metrics``' docstring);
    ``breakdown``: the same per category (a label, a role, a root code);
    ``errors``: every wrong answer, unordered; ``n``: gold items scored;
    ``notes``: what the loader or scorer had to skip, and why.
    """

    metrics: Metrics
    n: int
    breakdown: Mapping[str, Metrics] = field(default_factory=dict)
    errors: tuple[ErrorCase, ...] = ()
    notes: tuple[str, ...] = ()

    def worst_errors(self, count: int) -> list[ErrorCase]:
        """The ``count`` errors with the largest weight (stable among equals)."""
        return sorted(self.errors, key=lambda e: -e.weight)[:count]


@dataclass(frozen=True, slots=True)
class Report:
    """A :class:`Score` with its provenance: task, data set, gold file and digest, predictor."""

    task: str
    dataset: str
    gold: str
    gold_sha256: str
    predictor: str
    score: Score
    seconds: float

    @property
    def metrics(self) -> Metrics:
        return self.score.metrics

    def to_json(self, *, errors: int = 0) -> dict[str, Any]:
        """The report as JSON-ready data; ``errors`` worst errors are included."""
        return {
            "task": self.task,
            "dataset": self.dataset,
            "gold": self.gold,
            "gold_sha256": self.gold_sha256,
            "predictor": self.predictor,
            "n": self.score.n,
            "metrics": dict(self.score.metrics),
            "breakdown": {k: dict(v) for k, v in self.score.breakdown.items()},
            "notes": list(self.score.notes),
            "errors": [e.to_json() for e in self.score.worst_errors(errors)],
            "seconds": round(self.seconds, 3),
        }
