"""eventwire.evaluate.stories: the stories predictors over eventwire's story clusterer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from eventwire.evaluate.predictors import StoryClusterer, StorySimilarity
from eventwire.evaluate.registry import get_task, run_dataset
from eventwire.evaluate.stories import clusterer, similarity

CASPIAN = (
    "Russian warships in the Caspian Sea fired cruise missiles at targets in Syria, Defence "
    "Minister Sergei Shoigu said. The missiles hit eleven targets in Raqqa and Aleppo."
)
CASPIAN_2 = (
    "Shoigu said the Caspian Sea flotilla's cruise missiles destroyed all eleven targets in "
    "Raqqa and Aleppo, and Washington said four missiles crashed in Iran."
)
QUAKE = (
    "A magnitude 7.8 earthquake struck Nepal on Saturday, killing hundreds in Kathmandu and "
    "setting off avalanches on Everest."
)
QUAKE_2 = "Rescuers in Kathmandu pulled survivors from the rubble after the Nepal earthquake."


@pytest.mark.parametrize(
    ("factory", "protocol"),
    [(clusterer, StoryClusterer), (similarity, StorySimilarity)],
    ids=["clusterer", "similarity"],
)
def test_stories_factories_implement_their_protocols(
    factory: Callable[[], object], protocol: type
) -> None:
    assert isinstance(factory(), protocol)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        ([], []),
        ([CASPIAN], [0]),
        ([CASPIAN, QUAKE, CASPIAN_2, QUAKE_2], [0, 1, 0, 1]),
        (["", ""], [0, 1]),
    ],
    ids=["none", "one", "two-stories", "empty-texts"],
)
def test_stories_clusterer_labels_each_text(texts: list[str], expected: list[int]) -> None:
    labels = clusterer().cluster(texts)

    # Labels are arbitrary: compare the partition, not the numbers.
    def partition(values: list[int]) -> set[frozenset[int]]:
        return {frozenset(i for i, v in enumerate(values) if v == label) for label in set(values)}

    assert partition(labels) == partition(expected)


def test_stories_similarity_ranks_same_story_pairs_above_others() -> None:
    same, other, empty = similarity().similarity(
        [(CASPIAN, CASPIAN_2), (CASPIAN, QUAKE), ("", QUAKE)]
    )
    assert same > 0.2 > other >= 0.0 and empty == 0.0
    assert similarity().similarity([]) == []


@pytest.mark.parametrize(
    ("dataset", "predictor", "metric", "aim"),
    [
        ("ecbplus", "eventwire.evaluate.stories:clusterer", "bcubed_f1", 0.85),
        ("semeval2022", "eventwire.evaluate.stories:similarity", "pearson", 0.6),
    ],
)
def test_stories_predictors_meet_their_aims(
    shared_data: Path, dataset: str, predictor: str, metric: str, aim: float
) -> None:
    task = get_task("stories")
    report = run_dataset(task, task.dataset(dataset), data_dir=shared_data, predictor=predictor)
    value = report.score.metrics[metric]
    assert value is not None and value >= aim
