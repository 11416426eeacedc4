"""The task table and the runner: predictors plug in by object or by "module:factory"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

import eventwire.evaluate as evaluate
from eventwire.errors import EvaluationError
from eventwire.evaluate import registry
from eventwire.evaluate.predictors import PredictedEvent
from eventwire.evaluate.registry import TASKS, make_predictor, run

WriteFile = Callable[[str, str], Path]  # the `write` fixture (conftest.py)


PENTA_TSV = "Jets bombed the depot.\t4\nThe envoy thanked the host.\t1\nLeaders met.\t1\n"


class KeywordPenta:
    """A made-up classifier: 4 for bombing, else 1."""

    name = "keyword-penta"

    def predict(self, sentences: Sequence[str]) -> list[int]:
        return [4 if "bomb" in s else 1 for s in sentences]


class ShortAnswers:
    def predict(self, sentences: Sequence[str]) -> list[int]:
        return [1]


class Unrelated:
    def code(self, sentences: Sequence[str]) -> list[list[PredictedEvent]]:
        return [[] for _ in sentences]


def _isort_key(name: str) -> tuple[int, str]:
    # ruff's RUF022 order: CONSTANTS, then Classes, then functions
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_public_names_are_sorted_and_importable() -> None:
    assert evaluate.__all__ == sorted(evaluate.__all__, key=_isort_key)
    assert all(hasattr(evaluate, name) for name in evaluate.__all__)


@pytest.mark.parametrize("task", list(TASKS.values()), ids=list(TASKS))
def test_default_predictor_fits_every_data_set(task: registry.Task) -> None:
    predictor = make_predictor(task)
    for dataset in task.datasets:
        assert isinstance(predictor, dataset.protocol), (task.name, dataset.name)
        assert dataset.metrics, "every data set needs a headline metric"


def test_run_with_gold_and_predictor_object(write: WriteFile) -> None:
    gold = write("penta.tsv", PENTA_TSV)
    (report,) = run("cameo-penta", gold=gold, predictor=KeywordPenta())
    assert report.predictor == "keyword-penta"
    assert report.metrics["accuracy"] == 1.0
    assert report.gold == str(gold) and len(report.gold_sha256) == 64
    assert report.to_json()["metrics"]["macro_f1"] == 1.0


def test_run_with_predictor_factory_string_and_limit(write: WriteFile) -> None:
    gold = write("penta.tsv", PENTA_TSV)
    (report,) = run("cameo-penta", gold=gold, predictor=f"{__name__}:KeywordPenta", limit=2)
    assert report.score.n == 2


def test_run_uses_the_default_predictor(write: WriteFile) -> None:
    (report,) = run("cameo-penta", gold=write("penta.tsv", PENTA_TSV))
    assert report.predictor == "eventwire (penta of first event)"  # the real extractor
    assert set(report.metrics) >= {"accuracy", "macro_f1"}


@pytest.mark.parametrize(
    ("predictor", "message"),
    [
        ("no.such.module:Thing", "cannot load predictor"),
        (f"{__name__}:NoSuchClass", "cannot load predictor"),
        (Unrelated(), "must implement SentenceClassifier"),
        (ShortAnswers(), "returned 1 answers for 3 inputs"),
    ],
)
def test_run_explains_unusable_predictors(
    write: WriteFile, predictor: object, message: str
) -> None:
    with pytest.raises(EvaluationError, match=message):
        run("cameo-penta", gold=write("penta.tsv", PENTA_TSV), predictor=predictor)


def test_run_explains_missing_gold_and_unknown_names(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="not found"):
        run("cameo-penta", data_dir=tmp_path)
    with pytest.raises(EvaluationError, match="unknown task 'penta'; tasks: cameo-penta"):
        run("penta")
    with pytest.raises(EvaluationError, match=r"several data sets .*--dataset"):
        run("geoparse", gold=tmp_path)
    with pytest.raises(EvaluationError, match="has data sets lgl, geowebnews"):
        run("geoparse", dataset="nope", data_dir=tmp_path)
