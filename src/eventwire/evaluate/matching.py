"""One-to-one pairing of gold and predicted items (events, overlapping spans).

Greedy by score: the best-scoring pair is taken first, then the best among the items
left, and so on; ties go to the earlier gold item, then the earlier prediction, so
results do not depend on set ordering. Greedy is not an optimal assignment, but with the
few items per sentence or article we pair it almost always is, and it is easy to explain
in an error report.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["greedy_pairs"]


def greedy_pairs(
    n_gold: int, n_pred: int, score: Callable[[int, int], float | None]
) -> list[tuple[int, int]]:
    """Pairs ``(gold_index, pred_index)``, each index used at most once.

    ``score(i, j)`` rates gold ``i`` against prediction ``j``; ``None`` means they may not
    be paired at all. Pairs come back sorted by gold index.
    """
    candidates = []
    for i in range(n_gold):
        for j in range(n_pred):
            value = score(i, j)
            if value is not None:
                candidates.append((-value, i, j))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return sorted(pairs)
