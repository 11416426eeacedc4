"""Predictors for the ``stories`` eval task over :mod:`eventwire.merge.stories`.

    eventwire eval stories --dataset ecbplus --predictor eventwire.evaluate.stories:clusterer
    eventwire eval stories --dataset semeval2022 --predictor eventwire.evaluate.stories:similarity

``clusterer``: the texts go through one :class:`~eventwire.merge.stories.StoryClusterer`,
as the pipeline's articles do. ECB+ documents carry no dates, so every article is undated
(the time window never applies) and the processing order is the id order; ids come from
each text's content hash, so that order is arbitrary but does not follow the gold file,
which lists documents topic by topic.

``similarity``: the cosine of two articles' story vectors (the clusterer's terms and
weights), with document frequencies counted over every text of the batch, as the
clusterer's would be once it had seen them all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from eventwire.merge.stories import (
    DocumentFrequencies,
    StoryArticle,
    StoryClusterer,
    cosine,
    story_terms,
)

__all__ = ["EventwireStories", "clusterer", "similarity"]


def _content_id(index: int, text: str) -> str:
    return f"{hashlib.blake2b(text.encode(), digest_size=8).hexdigest()}-{index}"


class EventwireStories:
    """Story clusters and pair similarities from eventwire's story clusterer."""

    name = "eventwire-stories"

    def cluster(self, texts: Sequence[str]) -> list[int]:
        articles = [StoryArticle(_content_id(i, text), text) for i, text in enumerate(texts)]
        labels: dict[str, int] = {}
        return [
            labels.setdefault(assignment.story_id, len(labels))
            for assignment in StoryClusterer().add(articles)
        ]

    def similarity(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        frequencies = DocumentFrequencies()
        terms = [[story_terms(text) for text in pair] for pair in pairs]
        for pair_terms in terms:
            for counts in pair_terms:
                frequencies.add(counts)
        return [
            cosine(frequencies.vector(left), frequencies.vector(right)) for left, right in terms
        ]


def clusterer() -> EventwireStories:
    """The factory ``eventwire eval stories --dataset ecbplus --predictor`` calls."""
    return EventwireStories()


def similarity() -> EventwireStories:
    """The factory ``eventwire eval stories --dataset semeval2022 --predictor`` calls."""
    return EventwireStories()
