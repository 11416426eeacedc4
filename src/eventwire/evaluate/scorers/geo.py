"""Geoparsing scorer: toponym recognition, then resolution of what was recognised.

Recognition (over all gold toponyms and predicted places):

- ``precision/recall/f1``: strict, the character span must be identical;
- ``overlap_precision/recall/f1``: a prediction overlapping a gold toponym counts, one to
  one (greedy by overlap length), so "the Gaza Strip" for "Gaza Strip" is right.

Resolution (over gold toponyms recognised *strictly*, i.e. the same span):

- ``geonameid_exact``: same GeoNames id, over recognised toponyms with a gold id (GeoVirus
  has none, so it reports ``None``);
- ``acc161``: error at most 161 km (100 miles, the customary threshold since Leidner 2008),
  over recognised toponyms with gold coordinates; a prediction without coordinates gets
  :data:`~eventwire.evaluate.metrics.MAX_ERROR_KM`;
- ``median_error_km``: the median of those errors.

Resolution figures are ``None`` when nothing was recognised, so compare them only together
with recall.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.evaluate.loaders.geo import GeoDocument, GoldToponym
from eventwire.evaluate.matching import greedy_pairs
from eventwire.evaluate.metrics import MAX_ERROR_KM, PRF, haversine_km, median, ratio
from eventwire.evaluate.predictors import PredictedPlace
from eventwire.evaluate.report import ErrorCase, Score

__all__ = ["ACC_KM", "score_geo"]

ACC_KM = 161.0  # 100 miles


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    left = max(0, start - width)
    return (
        ("..." if left else "")
        + text[left:start]
        + "[["
        + text[start:end]
        + "]]"
        + text[end : end + width]
        + "..."
    ).replace("\n", " ")


def _error_km(gold: GoldToponym, pred: PredictedPlace) -> float:
    assert gold.lat is not None and gold.lon is not None
    if pred.lat is None or pred.lon is None:
        return MAX_ERROR_KM  # unresolved
    return haversine_km(gold.lat, gold.lon, pred.lat, pred.lon)


def _show_place(p: PredictedPlace) -> str:
    where = f" {p.lat:.2f},{p.lon:.2f}" if p.lat is not None and p.lon is not None else ""
    return f"{p.name} (geonameid {p.geonameid}){where}"


def score_geo(gold: Sequence[GeoDocument], predicted: Sequence[Sequence[PredictedPlace]]) -> Score:
    """Recognition P/R/F1 (strict and overlap) and resolution accuracy of a geoparser."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold documents but {len(predicted)} predictions")
    strict, overlap = PRF(), PRF()
    id_ok = id_total = 0
    errors_km: list[float] = []
    errors: list[ErrorCase] = []
    notes: list[str] = []
    for doc, places in zip(gold, predicted, strict=True):
        notes.extend(doc.dropped)
        tops = doc.toponyms
        by_span = {(p.start, p.end): p for p in places}
        gold_spans = {(t.start, t.end) for t in tops}
        strict.score_sets(gold_spans, by_span)

        def shared(
            i: int, j: int, d: GeoDocument = doc, ps: Sequence[PredictedPlace] = places
        ) -> float | None:
            t, p = d.toponyms[i], ps[j]
            length = min(t.end, p.end) - max(t.start, p.start)
            return float(length) if length > 0 else None

        matched = greedy_pairs(len(tops), len(places), shared)
        overlap += PRF(tp=len(matched), fp=len(places) - len(matched), fn=len(tops) - len(matched))
        for top in tops:
            pred = by_span.get((top.start, top.end))
            if pred is None:
                errors.append(
                    ErrorCase(doc.id, _context(doc.text, top.start, top.end), top.name, "(missed)")
                )
                continue
            if top.geonameid is not None:
                id_total += 1
                id_ok += pred.geonameid == top.geonameid
            if top.lat is not None and top.lon is not None:
                km = _error_km(top, pred)
                errors_km.append(km)
                if km > ACC_KM or (top.geonameid is not None and pred.geonameid != top.geonameid):
                    errors.append(
                        ErrorCase(
                            doc.id,
                            _context(doc.text, top.start, top.end),
                            f"{top.name} (geonameid {top.geonameid}) {top.lat:.2f},{top.lon:.2f}",
                            f"{_show_place(pred)}: "
                            + ("no coordinates" if pred.lat is None else f"{km:.0f} km off"),
                            weight=max(1.0, km / ACC_KM),  # in radii of Acc@161
                        )
                    )
        for span, place in by_span.items():
            if span not in gold_spans:
                errors.append(
                    ErrorCase(
                        doc.id,
                        _context(doc.text, place.start, place.end),
                        "(not a gold toponym)",
                        _show_place(place),
                    )
                )
    metrics: dict[str, float | None] = {
        **strict.to_dict(),
        **overlap.to_dict("overlap_"),
        "geonameid_exact": ratio(id_ok, id_total),
        "acc161": ratio(sum(km <= ACC_KM for km in errors_km), len(errors_km)),
        "median_error_km": median(errors_km),
    }
    breakdown = {
        "counts": {
            "n_gold": float(strict.tp + strict.fn),
            "n_predicted": float(strict.tp + strict.fp),
            "n_recognised": float(strict.tp),
            "n_with_gold_id": float(id_total),
            "n_with_gold_coordinates": float(len(errors_km)),
        }
    }
    if notes:
        notes = [f"{len(notes)} gold annotation(s) dropped: span not in the text", *notes[:5]]
    return Score(
        metrics=metrics, n=len(gold), breakdown=breakdown, errors=tuple(errors), notes=tuple(notes)
    )
