"""Evaluation harness: gold-set loaders, scorers, baseline predictors, scoreboard, eval gate.

    gold file --loaders--> gold records --predictor--> predictions --scorers--> Score
                                                                      |
    registry (task -> data sets, protocol, default predictor, metrics)  +--> Report
    scoreboard (every task, headline metrics vs published)  -->  eval/scoreboard.json
    gate (floors pinned in eval/floors.json; a test re-runs and compares)

Modules: ``metrics`` (P/R/F1, macro-F1, B-cubed, Pearson, haversine), ``matching``
(one-to-one pairing), ``predictors`` (the protocols a component implements),
``adapters`` (an event coder as a penta classifier or PLOVER coder), ``loaders/``,
``scorers/``, ``baselines/``, ``runners`` (load -> predict -> score), ``registry``,
``scoreboard``, ``gate``, ``data`` (where the gold lives), ``report``, ``cli``.

Library code raises :class:`~eventwire.errors.EvaluationError`; only ``cli`` prints.
"""

from eventwire.evaluate.gate import check, pin
from eventwire.evaluate.metrics import PRF
from eventwire.evaluate.predictors import (
    ArticleCoder,
    ArticleInput,
    CorpusAnnotator,
    DateTagger,
    EventCoder,
    Geoparser,
    PredictedDate,
    PredictedEvent,
    PredictedPlace,
    PredictedSpan,
    SentenceClassifier,
    SpanTagger,
    StoryClusterer,
    StorySimilarity,
)
from eventwire.evaluate.registry import TASKS, run
from eventwire.evaluate.report import ErrorCase, Report, Score
from eventwire.evaluate.scoreboard import Scoreboard, run_all

__all__ = [
    "PRF",
    "TASKS",
    "ArticleCoder",
    "ArticleInput",
    "CorpusAnnotator",
    "DateTagger",
    "ErrorCase",
    "EventCoder",
    "Geoparser",
    "PredictedDate",
    "PredictedEvent",
    "PredictedPlace",
    "PredictedSpan",
    "Report",
    "Score",
    "Scoreboard",
    "SentenceClassifier",
    "SpanTagger",
    "StoryClusterer",
    "StorySimilarity",
    "check",
    "pin",
    "run",
    "run_all",
]
