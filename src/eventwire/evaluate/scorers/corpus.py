"""Our training corpus's test slice (``training/corpus``): a coder's annotations against the
gold, compared as two annotators are (``evaluate.agreement``, the gold as FIRST).

Matching is :func:`~eventwire.evaluate.agreement.agreement`'s: within an article, a gold
and a predicted trigger pair when their spans overlap, one to one, most shared characters
first (ties: the pair whose source and target spans agree). ``training/README.md``
("Agreement") defines every figure; the headline metrics are

- ``event_precision`` / ``event_recall`` / ``event_f1``: trigger pairs over predicted /
  gold events, and their harmonic mean;
- ``root_accuracy``: share of the pairs with the same CAMEO root (first two digits);
- ``factuality_accuracy``: share of the pairs with the same factuality;
- ``span_f1``: source and target spans of the pairs together (counts summed over both
  roles), identical spans only, **both-null roles left out**: a role that neither side
  gives is no span to find, and counting it as a hit would reward a coder for finding no
  target where the gold has none. A role given on one side only is a miss or a spurious
  span; two different spans are one of each.

Also reported: ``code_accuracy`` (the same full CAMEO code), ``plover_accuracy`` (the same
PLOVER type, 01x as a value), ``actor_code_accuracy`` (where both sides give the actor),
``date_accuracy``, ``source_span_f1`` and ``target_span_f1`` (each role alone, both-null
left out), and ``exact_trigger_f1`` (identical trigger spans). The breakdown gives P/R/F1
of triggers and of each role's spans. Every trigger found on one side only, or
paired and differing in a compared field, is an error case, gold against predicted. The
notes give the counts behind the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from eventwire.errors import EvaluationError
from eventwire.evaluate.agreement import Agreement, Disagreement, agreement, describe
from eventwire.evaluate.corpus import Annotation, CorpusArticle
from eventwire.evaluate.metrics import PRF
from eventwire.evaluate.report import ErrorCase, Score

__all__ = ["score_corpus"]


def _prf(prf: PRF) -> dict[str, float | None]:
    return {"precision": prf.precision, "recall": prf.recall, "f1": prf.f1}


def _counted(name: str, prf: PRF) -> str:
    return f"{name}: {prf.tp} matched, {prf.fp} spurious, {prf.fn} missed"


def _metrics(result: Agreement) -> dict[str, float | None]:
    spans = PRF()
    spans += result.source_spans_only
    spans += result.target_spans_only
    return {
        "event_precision": result.triggers.precision,
        "event_recall": result.triggers.recall,
        "event_f1": result.triggers.f1,
        "root_accuracy": result.root.share,
        "factuality_accuracy": result.factuality.share,
        "span_f1": spans.f1,
        "code_accuracy": result.code.share,
        "plover_accuracy": result.plover.share,
        "actor_code_accuracy": result.actor_code.share,
        "date_accuracy": result.date.share,
        "source_span_f1": result.source_spans_only.f1,
        "target_span_f1": result.target_spans_only.f1,
        "exact_trigger_f1": result.exact_triggers.f1,
    }


def _error(case: Disagreement) -> ErrorCase:
    return ErrorCase(
        item=f"{case.article_id}: {', '.join(case.fields)}",
        text=case.sentence,
        gold="-" if case.first is None else describe(case.first, case.text),
        predicted="-" if case.second is None else describe(case.second, case.text),
    )


def score_corpus(gold: Sequence[CorpusArticle], predicted: Sequence[Sequence[Annotation]]) -> Score:
    """Score ``predicted[i]``, the annotations of ``gold[i]``'s text, against its events."""
    if len(gold) != len(predicted):
        raise EvaluationError(f"{len(predicted)} annotations for {len(gold)} gold articles")
    if not gold:
        raise EvaluationError("no gold article to score")
    coded = [
        replace(article, events=tuple(events))
        for article, events in zip(gold, predicted, strict=True)
    ]
    result = agreement(gold, coded)
    parts = {
        "triggers": result.triggers,
        "source spans": result.source_spans_only,
        "target spans": result.target_spans_only,
    }
    return Score(
        metrics=_metrics(result),
        n=len(gold),
        breakdown={name: _prf(prf) for name, prf in parts.items()},
        errors=tuple(_error(case) for case in result.disagreements),
        notes=(
            f"{result.events_first} gold events, {result.events_second} predicted",
            *(_counted(name, prf) for name, prf in parts.items()),
            f"both-null roles left out of span_f1: {result.source_both_null} source, "
            f"{result.target_both_null} target",
        ),
    )
