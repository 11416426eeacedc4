"""Same-story gold sets: ECB+ documents (clusters) and SemEval-2022 task 8 pairs (ratings).

ECB+ (``ecbplus_docs.jsonl``): one document per line with ``doc_name``, ``topic``,
``subtopic`` (``ecb`` or ``ecbplus``), ``cluster_id`` (``<topic>_<subtopic>``) and
``sentences`` (token-joined strings). A topic holds two different real-world events of the
same kind (two celebrity rehab stays, two earthquakes), so the gold story is the
*sub-topic*, ``cluster_id``: 86 clusters, deliberately confusable within a topic.

SemEval-2022 task 8 (``semeval2022_task8_en_en_pairs.jsonl``): ``pair_id``, ``text_1``,
``text_2`` and mean annotator ratings on a 1-4 scale where **1 = very similar, 4 = very
dissimilar** (``Overall`` and per aspect). We turn ``Overall`` into a similarity,
``(4 - Overall) / 3``: 1.0 = same story, 0.0 = unrelated, so a similarity score should
correlate *positively* with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.evaluate.loaders._jsonl import read_jsonl

__all__ = ["StoryDocument", "StoryPair", "load_ecbplus", "load_story_pairs"]


@dataclass(frozen=True, slots=True)
class StoryDocument:
    id: str
    text: str
    cluster: str
    topic: str


@dataclass(frozen=True, slots=True)
class StoryPair:
    """Two articles and the gold similarity ``(4 - Overall) / 3`` in [0, 1]."""

    id: str
    text_1: str
    text_2: str
    overall: float

    @property
    def similarity(self) -> float:
        return (4.0 - self.overall) / 3.0


def load_ecbplus(path: Path) -> list[StoryDocument]:
    """ECB+ documents with their gold story (sub-topic) cluster."""

    def build(item: Any) -> StoryDocument:
        return StoryDocument(
            id=str(item["doc_name"]),
            text="\n".join(item["sentences"]),
            cluster=str(item["cluster_id"]),
            topic=str(item["topic"]),
        )

    return read_jsonl(path, build, what="an ECB+ document")


def load_story_pairs(path: Path) -> list[StoryPair]:
    """SemEval-2022 task 8 pairs with their ``Overall`` rating (1 = same story)."""

    def build(item: Any) -> StoryPair:
        return StoryPair(
            id=str(item["pair_id"]),
            text_1=str(item["text_1"] or ""),
            text_2=str(item["text_2"] or ""),
            overall=float(item["Overall"]),
        )

    return read_jsonl(path, build, what="a SemEval pair")
