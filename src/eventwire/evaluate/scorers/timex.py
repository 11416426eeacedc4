"""Date-expression scorer (TempEval-3 style, DATE timexes only).

Gold items are the ``type="DATE"`` TIMEX3s. A prediction that overlaps only a gold timex of
another type (a TIME "Tuesday night", a DURATION "two weeks") is neither right nor wrong:
it is left out, since a date tagger is not asked to find those.

- ``strict_precision/recall/f1``: identical character spans;
- ``relaxed_precision/recall/f1``: overlapping spans, paired one to one (greedy by overlap);
- ``value_accuracy``: the value equals the gold value (ISO-like TIMEX3 values such as
  ``1998-01-08``, ``1998-W02``, ``PRESENT_REF``; compared case-insensitively), over gold
  dates recognised under the relaxed match (TempEval-3's "value accuracy" is the same
  figure over relaxed matches).

The breakdown splits the gold dates by the shape of their value (day, month, year, ...).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eventwire.evaluate.loaders.timex import GoldTimex, TimexDocument
from eventwire.evaluate.matching import greedy_pairs
from eventwire.evaluate.metrics import PRF, ratio
from eventwire.evaluate.predictors import PredictedDate
from eventwire.evaluate.report import ErrorCase, Score

__all__ = ["score_timex", "value_shape"]

_SHAPES = (
    ("day", re.compile(r"^\d{4}-\d{2}-\d{2}$")),
    ("month", re.compile(r"^\d{4}-\d{2}$")),
    ("year", re.compile(r"^\d{2,4}$")),
    ("week", re.compile(r"^\d{4}-W")),
    ("part of year", re.compile(r"^\d{4}-(Q|H|SP|SU|FA|WI)")),
    ("reference", re.compile(r"_REF$")),
)


def value_shape(value: str) -> str:
    """The kind of a TIMEX3 value: day, month, year, week, part of year, reference, other."""
    for name, pattern in _SHAPES:
        if pattern.search(value):
            return name
    return "other"


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return min(a_end, b_end) - max(a_start, b_start)


def _context(text: str, start: int, end: int, width: int = 50) -> str:
    left = max(0, start - width)
    return (text[left:start] + "[[" + text[start:end] + "]]" + text[end : end + width]).replace(
        "\n", " "
    )


def score_timex(
    gold: Sequence[TimexDocument], predicted: Sequence[Sequence[PredictedDate]]
) -> Score:
    """Recognition (strict, relaxed) and value accuracy of DATE expressions."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold documents but {len(predicted)} predictions")
    strict, relaxed = PRF(), PRF()
    value_ok = matched_total = 0
    shapes: dict[str, list[int]] = {}  # shape -> [gold, recognised, right value]
    errors = []
    for doc, preds in zip(gold, predicted, strict=True):
        dates = [t for t in doc.timexes if t.type == "DATE"]
        others = [t for t in doc.timexes if t.type != "DATE"]

        def counts(
            p: PredictedDate, ds: list[GoldTimex] = dates, os: list[GoldTimex] = others
        ) -> bool:
            touches_date = any(_overlap(p.start, p.end, d.start, d.end) > 0 for d in ds)
            touches_other = any(_overlap(p.start, p.end, o.start, o.end) > 0 for o in os)
            return touches_date or not touches_other

        kept = [p for p in preds if counts(p)]
        strict.score_sets({(d.start, d.end) for d in dates}, {(p.start, p.end) for p in kept})

        def shared(
            i: int, j: int, ds: list[GoldTimex] = dates, ps: list[PredictedDate] = kept
        ) -> float | None:
            length = _overlap(ds[i].start, ds[i].end, ps[j].start, ps[j].end)
            return float(length) if length > 0 else None

        pairs = dict(greedy_pairs(len(dates), len(kept), shared))
        relaxed += PRF(tp=len(pairs), fp=len(kept) - len(pairs), fn=len(dates) - len(pairs))
        for i, date in enumerate(dates):
            shape = shapes.setdefault(value_shape(date.value), [0, 0, 0])
            shape[0] += 1
            where = _context(doc.text, date.start, date.end)
            gold_text = f"{date.text!r} = {date.value} (DCT {doc.dct.isoformat()})"
            if i not in pairs:
                errors.append(ErrorCase(doc.id, where, gold_text, "(missed)"))
                continue
            pred = kept[pairs[i]]
            right = (pred.value or "").upper() == date.value.upper()
            matched_total += 1
            value_ok += right
            shape[1] += 1
            shape[2] += right
            if not right:
                shown = f"{doc.text[pred.start : pred.end]!r} = {pred.value}"
                errors.append(ErrorCase(doc.id, where, gold_text, shown, weight=2.0))
        for j, pred in enumerate(kept):
            if j not in pairs.values():
                errors.append(
                    ErrorCase(
                        doc.id,
                        _context(doc.text, pred.start, pred.end),
                        "(not a gold date)",
                        f"{doc.text[pred.start : pred.end]!r} = {pred.value}",
                    )
                )
    metrics = {
        **strict.to_dict("strict_"),
        **relaxed.to_dict("relaxed_"),
        "value_accuracy": ratio(value_ok, matched_total),
    }
    breakdown = {
        name: {
            "n": float(total),
            "relaxed_recall": ratio(found, total),
            "value_accuracy": ratio(right, found),
        }
        for name, (total, found, right) in sorted(shapes.items())
    }
    return Score(metrics=metrics, n=len(gold), breakdown=breakdown, errors=tuple(errors))
