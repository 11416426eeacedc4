"""Same-story scorers: B-cubed for a clustering (ECB+), Pearson's r for pair similarity.

``score_clusters``: B-cubed precision/recall/F1 of predicted cluster labels against the gold
story (ECB+ sub-topic), plus the number of clusters; the breakdown reports B-cubed per gold
topic (each topic holds two confusable stories).

``score_similarity``: Pearson's r between predicted similarities and the gold similarity
``(4 - Overall) / 3`` (so higher = more alike on both sides and a good predictor scores a
positive r; the raw SemEval ratings run the other way, 1 = same story).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from eventwire.evaluate.loaders.stories import StoryDocument, StoryPair
from eventwire.evaluate.metrics import b_cubed, pearson
from eventwire.evaluate.report import ErrorCase, Score

__all__ = ["score_clusters", "score_similarity"]


def score_clusters(gold: Sequence[StoryDocument], predicted: Sequence[int]) -> Score:
    """B-cubed P/R/F1 of a clustering of ECB+ documents."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold documents but {len(predicted)} cluster labels")
    gold_map = {doc.id: doc.cluster for doc in gold}
    pred_map = {doc.id: label for doc, label in zip(gold, predicted, strict=True)}
    precision, recall, f1 = b_cubed(gold_map, pred_map)
    breakdown = {}
    for topic in sorted({doc.topic for doc in gold}, key=lambda t: (len(t), t)):
        ids = [doc.id for doc in gold if doc.topic == topic]
        p, r, f = b_cubed({i: gold_map[i] for i in ids}, {i: pred_map[i] for i in ids})
        breakdown[f"topic {topic}"] = {"bcubed_precision": p, "bcubed_recall": r, "bcubed_f1": f}
    # One error per gold story the prediction splits, or whose main predicted cluster
    # also holds other stories' documents.
    errors = []
    members_of: dict[str, list[int]] = {}
    for doc, label in zip(gold, predicted, strict=True):
        members_of.setdefault(doc.cluster, []).append(label)
    size_of = Counter(predicted)
    for cluster, labels in sorted(members_of.items()):
        spread = len(set(labels))
        main, own = Counter(labels).most_common(1)[0]
        intruders = size_of[main] - own
        if spread > 1 or intruders > 0:
            errors.append(
                ErrorCase(
                    cluster,
                    f"gold story {cluster}: {len(labels)} documents",
                    "one cluster of its own",
                    f"split over {spread} cluster(s); the main one also holds "
                    f"{intruders} other document(s)",
                    weight=float(spread - 1 + intruders),
                )
            )
    metrics = {
        "bcubed_precision": precision,
        "bcubed_recall": recall,
        "bcubed_f1": f1,
        "n_clusters": float(len(set(predicted))),
        "n_gold_clusters": float(len(set(gold_map.values()))),
    }
    return Score(metrics=metrics, n=len(gold), breakdown=breakdown, errors=tuple(errors))


def score_similarity(gold: Sequence[StoryPair], predicted: Sequence[float]) -> Score:
    """Pearson's r between predicted similarity and the gold same-story similarity."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold pairs but {len(predicted)} similarities")
    truth = [pair.similarity for pair in gold]
    r = pearson(list(predicted), truth)
    errors = tuple(
        ErrorCase(
            pair.id,
            f"{pair.text_1[:100]!r} / {pair.text_2[:100]!r}",
            f"Overall {pair.overall:.2f} (similarity {pair.similarity:.2f})",
            f"similarity {score:.2f}",
            weight=abs(score - pair.similarity),  # meaningful for scores on a 0-1 scale
        )
        for pair, score in zip(gold, predicted, strict=True)
    )
    return Score(metrics={"pearson": r}, n=len(gold), errors=errors)
