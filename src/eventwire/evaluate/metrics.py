"""The numbers every scorer shares: P/R/F1 from counts, macro-F1, B-cubed, Pearson, distances.

Undefined values are ``None``, never a silent 0 or a division by a tiny epsilon:

- precision is ``None`` when nothing was predicted (``tp + fp == 0``),
- recall is ``None`` when there was nothing to find (``tp + fn == 0``),
- F1 is ``None`` only when both are undefined (nothing predicted, nothing to find); when one
  side is undefined and there is no true positive, F1 is ``0.0`` (an empty run scores 0).

So an empty run against a non-empty gold set reads ``precision=None, recall=0.0, f1=0.0``.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = [
    "EARTH_RADIUS_KM",
    "MAX_ERROR_KM",
    "PRF",
    "accuracy",
    "b_cubed",
    "haversine_km",
    "macro_prf",
    "median",
    "pearson",
    "ratio",
]

# Mean Earth radius (IUGG), the usual constant for haversine distances.
Label = TypeVar("Label", bound=Hashable)
Item = TypeVar("Item", bound=Hashable)

EARTH_RADIUS_KM = 6371.0088
# Half a great circle (pi * R, ~20,015 km): the largest possible error. Geoparsing papers
# (Gritta et al. 2018, "What's missing in geographical parsing?") give unresolved toponyms
# the largest error.
MAX_ERROR_KM = math.pi * EARTH_RADIUS_KM


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or ``None`` when the denominator is 0."""
    return numerator / denominator if denominator else None


@dataclass(slots=True)
class PRF:
    """True positive, false positive and false negative counts, and the scores from them.

    Counts add up across items (``a += b``), so a micro-average is the scores of the sum.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None and r is None:
            return None
        if self.tp == 0:
            return 0.0
        assert p is not None and r is not None  # tp > 0 makes both defined
        return 2 * p * r / (p + r)

    def __iadd__(self, other: PRF) -> PRF:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    def score_sets(self, gold: Iterable[Hashable], predicted: Iterable[Hashable]) -> None:
        """Count one item whose gold and predicted answers are sets (spans, links)."""
        gold_set, pred_set = set(gold), set(predicted)
        self.tp += len(gold_set & pred_set)
        self.fp += len(pred_set - gold_set)
        self.fn += len(gold_set - pred_set)

    def to_dict(self, prefix: str = "") -> dict[str, float | None]:
        return {
            f"{prefix}precision": self.precision,
            f"{prefix}recall": self.recall,
            f"{prefix}f1": self.f1,
        }


def macro_prf(
    gold: Sequence[Label], predicted: Sequence[Label]
) -> tuple[float | None, dict[Label, PRF]]:
    """Macro-F1 over the labels seen in gold or predictions, and the per-label counts.

    A label that occurs in the gold set but is never predicted has F1 0 and counts in the
    average (as in scikit-learn's ``average="macro"``).
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    per_label: dict[Label, PRF] = {label: PRF() for label in (*gold, *predicted)}
    for g, p in zip(gold, predicted, strict=True):
        if g == p:
            per_label[g].tp += 1
        else:
            per_label[g].fn += 1
            per_label[p].fp += 1
    f1s = [s.f1 for s in per_label.values() if s.f1 is not None]
    return (sum(f1s) / len(f1s) if f1s else None), per_label


def accuracy(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float | None:
    """Share of items whose prediction equals the gold answer; ``None`` for no items."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    return ratio(sum(g == p for g, p in zip(gold, predicted, strict=True)), len(gold))


def b_cubed(
    gold: Mapping[Item, Hashable], predicted: Mapping[Item, Hashable]
) -> tuple[float | None, float | None, float | None]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998) of a clustering.

    ``gold`` and ``predicted`` map each item to its cluster label and must cover the same
    items. Per item: precision = |own predicted cluster ∩ own gold cluster| / |predicted
    cluster|, recall the same over the gold cluster; both are averaged over items.
    """
    if set(gold) != set(predicted):
        raise ValueError("gold and predicted clusterings must cover the same items")
    if not gold:
        return None, None, None
    gold_size: dict[Hashable, int] = {}
    pred_size: dict[Hashable, int] = {}
    both_size: dict[tuple[Hashable, Hashable], int] = {}
    for item, g in gold.items():
        p = predicted[item]
        gold_size[g] = gold_size.get(g, 0) + 1
        pred_size[p] = pred_size.get(p, 0) + 1
        both_size[g, p] = both_size.get((g, p), 0) + 1
    precision = recall = 0.0
    for item, g in gold.items():
        p = predicted[item]
        shared = both_size[g, p]
        precision += shared / pred_size[p]
        recall += shared / gold_size[g]
    precision /= len(gold)
    recall /= len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; ``None`` with fewer than two pairs or when either side is constant."""
    if len(xs) != len(ys):
        raise ValueError(f"{len(xs)} values against {len(ys)}")
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in decimal degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def median(values: Sequence[float]) -> float | None:
    """The median, or ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2
