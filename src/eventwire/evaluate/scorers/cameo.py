"""Scorers for the ConfliBERT CAMEO sets: penta classification and actor spans.

``score_penta``: macro-F1 over the five classes (headline), accuracy, and P/R/F1 per class.
``score_spans``: exact-span micro P/R/F1 (a span counts only when start, end and label all
match) for sources (``S``), targets (``T``) and overall (every label, ``R`` included, as
seqeval and the ConfliBERT paper count), plus per-label figures in the breakdown.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.evaluate.loaders.cameo import PentaSentence, SpanSentence
from eventwire.evaluate.metrics import PRF, accuracy, macro_prf
from eventwire.evaluate.predictors import PredictedSpan
from eventwire.evaluate.report import ErrorCase, Score

__all__ = ["score_penta", "score_spans"]

PENTA_NAMES = {
    0: "statement/appeal",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def _check_length(gold: Sequence[object], predicted: Sequence[object]) -> None:
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold items but {len(predicted)} predictions")


def score_penta(gold: Sequence[PentaSentence], predicted: Sequence[int]) -> Score:
    """Macro-F1, accuracy and per-class P/R/F1 of penta-class predictions."""
    _check_length(gold, predicted)
    labels = [g.label for g in gold]
    macro, per_label = macro_prf(labels, list(predicted))
    breakdown = {
        f"{label} {PENTA_NAMES.get(label, '?')}": per_label[label].to_dict()
        for label in sorted(per_label)
    }
    errors = tuple(
        ErrorCase(
            item=g.id,
            text=g.text,
            gold=f"{g.label} {PENTA_NAMES.get(g.label, '?')}",
            predicted=f"{p} {PENTA_NAMES.get(p, '?')}",
            # conflict predicted as cooperation (or back) is worse than a near miss
            weight=float(abs(g.label - p)),
        )
        for g, p in zip(gold, predicted, strict=True)
        if g.label != p
    )
    return Score(
        metrics={"macro_f1": macro, "accuracy": accuracy(labels, list(predicted))},
        n=len(gold),
        breakdown=breakdown,
        errors=errors,
    )


def _show(tokens: Sequence[str], spans: Sequence[tuple[int, int, str]]) -> str:
    return "; ".join(f"{label}: {' '.join(tokens[s:e])}" for s, e, label in sorted(spans)) or "-"


def score_spans(
    gold: Sequence[SpanSentence], predicted: Sequence[Sequence[PredictedSpan]]
) -> Score:
    """Exact-span P/R/F1 for source, target and all spans."""
    _check_length(gold, predicted)
    overall = PRF()
    per_label: dict[str, PRF] = {}
    errors = []
    for sentence, spans in zip(gold, predicted, strict=True):
        gold_spans = set(sentence.spans)
        pred_spans = {(s.start, s.end, s.label) for s in spans}
        overall.score_sets(gold_spans, pred_spans)
        for label in {s[2] for s in gold_spans | pred_spans}:
            per_label.setdefault(label, PRF()).score_sets(
                {s for s in gold_spans if s[2] == label},
                {s for s in pred_spans if s[2] == label},
            )
        wrong = len(gold_spans ^ pred_spans)
        if wrong:
            errors.append(
                ErrorCase(
                    item=sentence.id,
                    text=sentence.text,
                    gold=_show(sentence.tokens, sorted(gold_spans)),
                    predicted=_show(sentence.tokens, sorted(pred_spans)),
                    weight=float(wrong),
                )
            )
    source, target = per_label.get("S", PRF()), per_label.get("T", PRF())
    metrics = {
        **overall.to_dict(),
        **source.to_dict("source_"),
        **target.to_dict("target_"),
    }
    return Score(
        metrics=metrics,
        n=len(gold),
        breakdown={label: per_label[label].to_dict() for label in sorted(per_label)},
        errors=tuple(errors),
    )
