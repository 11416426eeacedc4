"""The trivial baselines: a constant answer, or no answer at all.

They set the floor any real component must clear, and they let the harness run end to end
before the component exists.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.evaluate.predictors import ArticleInput, PredictedEvent, PredictedSpan

__all__ = ["MostFrequentClass", "NoEvents", "NoSpans"]


class MostFrequentClass:
    """Predicts one class for every sentence.

    The default, 3 (verbal conflict), is the most frequent penta class of the ConfliBERT
    training half: 337 of 1,349 sentences (its README's counts).
    """

    name = "most-frequent-class"

    def __init__(self, label: int = 3) -> None:
        self.label = label

    def predict(self, sentences: Sequence[str]) -> list[int]:
        return [self.label] * len(sentences)


class NoSpans:
    """Tags no actor spans."""

    name = "no-spans"

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[PredictedSpan]]:
        return [[] for _ in sentences]


class NoEvents:
    """Codes no events, for sentences (``EventCoder``) and articles (``ArticleCoder``)."""

    name = "no-events"

    def code(self, sentences: Sequence[str]) -> list[list[PredictedEvent]]:
        return [[] for _ in sentences]

    def code_articles(self, articles: Sequence[ArticleInput]) -> list[list[PredictedEvent]]:
        return [[] for _ in articles]
