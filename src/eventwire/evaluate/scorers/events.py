"""Article-level event scorer for eventwire's own gold format (``loaders.events``).

Matching. A predicted event *matches* a gold reading (the main one or an alternative) when

1. its root (first two digits of ``cameo_code``) equals the gold ``root``, and
2. its source agrees with the gold source and its target with the gold target, where two
   actor codes agree when their first three characters (the country, ``IGO`` or ``---``)
   are equal; a gold ``null`` target agrees only with a predicted ``None``.

A gold event matches when any of its readings does. Within an article, gold events and
predictions are paired one to one, greedily, preferring pairs that also agree on the full
actor codes and the full CAMEO code. Date and place never decide a match.

Metrics: ``precision``/``recall``/``f1`` of events (a pair is a true positive), and on the
pairs, against the reading that matched: ``source_exact`` and ``target_exact`` (full actor
codes equal), ``code_exact`` (over pairs whose gold gives a ``code``), ``date_agreement``
(over pairs whose gold gives a ``date``: the same ISO date) and ``place_agreement`` (over
pairs whose gold gives a ``place``: the same name, case and surrounding space ignored).
The breakdown gives P/R/F1 per root.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.evaluate.loaders.events import ArticleGold, GoldEvent
from eventwire.evaluate.matching import greedy_pairs
from eventwire.evaluate.metrics import PRF, ratio
from eventwire.evaluate.predictors import PredictedEvent
from eventwire.evaluate.report import ErrorCase, Score

__all__ = ["actors_agree", "reading_matches", "score_events"]


def actors_agree(gold: str | None, predicted: str | None) -> bool:
    """Two actor codes agree on the country prefix; ``None`` agrees only with ``None``."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return gold[:3].upper() == predicted[:3].upper()


def _root(event: PredictedEvent) -> str:
    return (event.cameo_code or "")[:2]


def reading_matches(reading: GoldEvent, event: PredictedEvent) -> bool:
    """Whether a prediction matches one gold reading (root and both actors)."""
    return (
        _root(event) == reading.root
        and actors_agree(reading.source, event.source_code)
        and actors_agree(reading.target, event.target_code)
    )


def _closeness(reading: GoldEvent, event: PredictedEvent) -> float:
    return (
        1.0
        + (reading.source == event.source_code)
        + (reading.target == event.target_code)
        + (reading.code is not None and reading.code == event.cameo_code)
    )


def _best_reading(gold: GoldEvent, event: PredictedEvent) -> GoldEvent | None:
    matching = [r for r in gold.readings if reading_matches(r, event)]
    return max(matching, key=lambda r: _closeness(r, event), default=None)


def _show_gold(g: GoldEvent) -> str:
    shown = f"{g.code or g.root} {g.source} -> {g.target or '-'}"
    return shown + (f" (+{len(g.alternatives)} alternative(s))" if g.alternatives else "")


def _show_pred(e: PredictedEvent) -> str:
    return f"{e.cameo_code or '?'} {e.source_code or '-'} -> {e.target_code or '-'}"


def _same_place(a: str, pred: PredictedEvent) -> bool:
    names = ([pred.place] if pred.place is not None else []) + list(pred.places)
    return any(a.strip().casefold() == b.strip().casefold() for b in names)


def score_events(
    gold: Sequence[ArticleGold], predicted: Sequence[Sequence[PredictedEvent]]
) -> Score:
    """Event P/R/F1 and per-field agreement on matched pairs."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold articles but {len(predicted)} predictions")
    events = PRF()
    per_root: dict[str, PRF] = {}
    fields = {name: [0, 0] for name in ("source", "target", "code", "date", "place")}
    errors = []
    for article, preds in zip(gold, predicted, strict=True):
        golds = article.events

        def score(
            i: int,
            j: int,
            gs: Sequence[GoldEvent] = golds,
            ps: Sequence[PredictedEvent] = preds,
        ) -> float | None:
            reading = _best_reading(gs[i], ps[j])
            return None if reading is None else _closeness(reading, ps[j])

        pairs = dict(greedy_pairs(len(golds), len(preds), score))
        events += PRF(tp=len(pairs), fp=len(preds) - len(pairs), fn=len(golds) - len(pairs))
        for i, g in enumerate(golds):
            root = per_root.setdefault(g.root, PRF())
            if i not in pairs:
                root.fn += 1
                continue
            root.tp += 1
            pred = preds[pairs[i]]
            reading = _best_reading(g, pred)
            assert reading is not None  # paired, so some reading matched
            checks = {
                "source": reading.source == pred.source_code,
                "target": reading.target == pred.target_code,
                "code": None if reading.code is None else reading.code == pred.cameo_code,
                "date": None if reading.date is None else reading.date == pred.date,
                "place": None if reading.place is None else _same_place(reading.place, pred),
            }
            for name, ok in checks.items():
                if ok is not None:
                    fields[name][0] += ok
                    fields[name][1] += 1
        paired_preds = set(pairs.values())
        for j, pred in enumerate(preds):
            if j not in paired_preds:
                per_root.setdefault(_root(pred) or "??", PRF()).fp += 1
        missed = [g for i, g in enumerate(golds) if i not in pairs]
        spurious = [p for j, p in enumerate(preds) if j not in paired_preds]
        if missed or spurious:
            errors.append(
                ErrorCase(
                    article.article,
                    (article.text or article.article)[:300].replace("\n", " "),
                    "missed: " + ("; ".join(_show_gold(g) for g in missed) or "-"),
                    "spurious: " + ("; ".join(_show_pred(p) for p in spurious) or "-"),
                    weight=float(len(missed) + len(spurious)),
                )
            )
    metrics = {
        **events.to_dict(),
        **{
            f"{name}_{'agreement' if name in {'date', 'place'} else 'exact'}": ratio(ok, total)
            for name, (ok, total) in fields.items()
        },
    }
    breakdown = {f"root {root}": prf.to_dict() for root, prf in sorted(per_root.items())}
    return Score(metrics=metrics, n=len(gold), breakdown=breakdown, errors=tuple(errors))
