"""Scorers for coded sentences: PLOVER GSR and PETRARCH-2 GSR.

PLOVER GSR (one gold event per sentence). Each sentence's predictions are lined up with
the gold event by taking the prediction that agrees best (type first, then source, then
target). Over gold sentences:

- ``event_type_accuracy``: some prediction has the gold PLOVER type (older names mapped,
  see ``loaders.gsr.PLOVER_RENAMES``; predicted ``plover_type`` is mapped the same way);
- ``source_country`` / ``target_country``: the aligned prediction's actor code starts with
  one of the gold actors' countries (over sentences whose gold has that side);
- ``source_actor`` / ``target_actor``: country and sector (code characters 4-6) agree;
  a gold actor without a sector accepts any sector;
- ``correct``: type, source actor and (when coded) target actor all agree;
- ``extra_event_rate``: predicted events beyond the one gold event, over gold events
  (UniversalPetrarch's "315% extra events" is this figure as a percentage).

PETRARCH-2 GSR (zero or more codings per sentence). Gold codings and predictions are
paired one-to-one within a sentence (greedy; exact code 4, same root 2, same source 1, same
target 1; only pairs sharing something). Over gold codings:

- ``code_exact``: the paired prediction has the same CAMEO code; ``root_accuracy``: the
  same root (first two digits); ``source_agreement`` / ``target_agreement``: the same full
  actor code;
- ``event_precision/recall/f1``: an event is right when code, source and target all match;
- ``noevent_accuracy``: sentences coded "no events" for which nothing was predicted;
- ``extra_event_rate``: predictions beyond the sentence's gold count, over gold codings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from eventwire.evaluate.loaders.gsr import (
    GoldActor,
    GoldCoding,
    PetrarchSentence,
    PloverSentence,
    normalise_plover,
)
from eventwire.evaluate.matching import greedy_pairs
from eventwire.evaluate.metrics import PRF, ratio
from eventwire.evaluate.predictors import PredictedEvent
from eventwire.evaluate.report import ErrorCase, Score

__all__ = ["score_petrarch", "score_plover"]


def _check_length(gold: Sequence[object], predicted: Sequence[object]) -> None:
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold items but {len(predicted)} predictions")


def _country_agrees(actors: Sequence[GoldActor], code: str | None) -> bool:
    return code is not None and any(code[:3].upper() == a.country for a in actors)


def _actor_agrees(actors: Sequence[GoldActor], code: str | None) -> bool:
    if code is None:
        return False
    country, sector = code[:3].upper(), code[3:6].upper()
    return any(country == a.country and a.sector in {None, sector} for a in actors)


def _plover_type(event: PredictedEvent) -> str | None:
    return normalise_plover(event.plover_type) if event.plover_type else None


def _show_actors(actors: Sequence[GoldActor]) -> str:
    return "+".join(a.country + (a.sector or "") for a in actors) or "-"


def _show_event(event: PredictedEvent | None) -> str:
    if event is None:
        return "(no event)"
    return f"{_plover_type(event) or '?'} {event.source_code or '-'} -> {event.target_code or '-'}"


def score_plover(
    gold: Sequence[PloverSentence], predicted: Sequence[Sequence[PredictedEvent]]
) -> Score:
    """Event type accuracy, actor agreement and extra events on PLOVER GSR sentences."""
    _check_length(gold, predicted)
    type_ok = correct = extra = 0
    sides = {name: [0, 0, 0] for name in ("source", "target")}  # [country, actor, coded]
    per_type: dict[str, list[int]] = {}
    errors = []
    for sentence, events in zip(gold, predicted, strict=True):

        def agreement(e: PredictedEvent, s: PloverSentence = sentence) -> tuple[bool, ...]:
            return (
                _plover_type(e) == s.event,
                _actor_agrees(s.sources, e.source_code),
                _actor_agrees(s.targets, e.target_code),
                _country_agrees(s.sources, e.source_code),
                _country_agrees(s.targets, e.target_code),
            )

        best = max(events, key=agreement, default=None)
        extra += max(0, len(events) - 1)
        got_type = best is not None and _plover_type(best) == sentence.event
        type_ok += got_type
        counts = per_type.setdefault(sentence.event, [0, 0])
        counts[0] += got_type
        counts[1] += 1
        all_ok = got_type
        for name, actors, code in (
            ("source", sentence.sources, best.source_code if best else None),
            ("target", sentence.targets, best.target_code if best else None),
        ):
            if not actors:
                continue
            sides[name][0] += _country_agrees(actors, code)
            sides[name][1] += _actor_agrees(actors, code)
            sides[name][2] += 1
            all_ok = all_ok and _actor_agrees(actors, code)
        correct += all_ok
        if not all_ok:
            gold_text = (
                f"{sentence.event} {_show_actors(sentence.sources)} -> "
                f"{_show_actors(sentence.targets)}"
            )
            errors.append(
                ErrorCase(
                    sentence.id,
                    sentence.text,
                    gold_text,
                    _show_event(best),
                    weight=2.0 - got_type,  # a wrong event type outranks a wrong actor
                )
            )
    n = len(gold)
    metrics: dict[str, float | None] = {
        "event_type_accuracy": ratio(type_ok, n),
        "correct": ratio(correct, n),
        "extra_event_rate": ratio(extra, n),
    }
    for name, (country, actor, coded) in sides.items():
        metrics[f"{name}_country"] = ratio(country, coded)
        metrics[f"{name}_actor"] = ratio(actor, coded)
    breakdown = {
        event: {"event_type_accuracy": ratio(ok, total), "n": float(total)}
        for event, (ok, total) in sorted(per_type.items())
    }
    return Score(metrics=metrics, n=n, breakdown=breakdown, errors=tuple(errors))


def _pair_score(g: GoldCoding, e: PredictedEvent) -> float | None:
    code = e.cameo_code or ""
    value = (
        4.0 * (code == g.event_code)
        + 2.0 * (code[:2] == g.event_code[:2])
        + (e.source_code == g.source_code)
        + (e.target_code == g.target_code)
    )
    return value or None


def _pair_scorer(
    codings: Sequence[GoldCoding], events: Sequence[PredictedEvent]
) -> Callable[[int, int], float | None]:
    return lambda i, j: _pair_score(codings[i], events[j])


def _show_coding(g: GoldCoding) -> str:
    return f"{g.event_code} {g.source_code} -> {g.target_code}"


def score_petrarch(
    gold: Sequence[PetrarchSentence], predicted: Sequence[Sequence[PredictedEvent]]
) -> Score:
    """CAMEO code, root and actor agreement on PETRARCH-2 GSR sentences."""
    _check_length(gold, predicted)
    n_codings = code_ok = root_ok = source_ok = target_ok = extra = 0
    no_event_sentences = no_event_ok = 0
    events_prf = PRF()
    per_category: dict[str, list[int]] = {}
    errors = []
    for sentence, events in zip(gold, predicted, strict=True):
        codings = sentence.codings
        extra += max(0, len(events) - len(codings))
        if not codings:
            no_event_sentences += 1
            no_event_ok += not events
        pairs = dict(greedy_pairs(len(codings), len(events), _pair_scorer(codings, events)))
        full = 0
        category = per_category.setdefault(sentence.category, [0, 0])
        for i, coding in enumerate(codings):
            event = events[pairs[i]] if i in pairs else None
            code = (event.cameo_code or "") if event else ""
            exact = code == coding.event_code
            same_source = event is not None and event.source_code == coding.source_code
            same_target = event is not None and event.target_code == coding.target_code
            code_ok += exact
            root_ok += code[:2] == coding.event_code[:2]
            source_ok += same_source
            target_ok += same_target
            full += exact and same_source and same_target
            category[0] += exact
            category[1] += 1
        n_codings += len(codings)
        events_prf += PRF(tp=full, fp=len(events) - full, fn=len(codings) - full)
        if full != len(codings) or len(events) != len(codings):
            shown = [
                f"{e.cameo_code or '?'} {e.source_code or '-'} -> {e.target_code or '-'}"
                for e in events
            ]
            errors.append(
                ErrorCase(
                    sentence.id,
                    sentence.text,
                    "; ".join(_show_coding(c) for c in codings) or "(no events)",
                    "; ".join(shown) or "(no events)",
                    weight=float(len(codings) - full + len(events) - full),
                )
            )
    metrics = {
        "code_exact": ratio(code_ok, n_codings),
        "root_accuracy": ratio(root_ok, n_codings),
        "source_agreement": ratio(source_ok, n_codings),
        "target_agreement": ratio(target_ok, n_codings),
        **events_prf.to_dict("event_"),
        "noevent_accuracy": ratio(no_event_ok, no_event_sentences),
        "extra_event_rate": ratio(extra, n_codings),
    }
    breakdown = {
        category: {"code_exact": ratio(ok, total), "n": float(total)}
        for category, (ok, total) in sorted(per_category.items())
    }
    return Score(metrics=metrics, n=len(gold), breakdown=breakdown, errors=tuple(errors))
