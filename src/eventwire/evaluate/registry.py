"""The task table: for each task, its data sets, predictor protocol, default predictor, metrics.

To put a real component on the scoreboard, change one ``predictor=`` string below from the
baseline to the component (``"package.module:factory"``, called with no arguments); or,
without editing, pass ``predictor=`` to :func:`run` / ``--predictor`` to the CLI. The
scoreboard shows each predictor's name.

Gold paths are relative to the shared data folder (see ``evaluate.data``), except those
marked ``in_repo``, which are relative to the repository root.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import EvaluationError
from eventwire.evaluate import predictors as p
from eventwire.evaluate import runners
from eventwire.evaluate.data import find_data_dir, gold_digest, repo_root
from eventwire.evaluate.report import Report, Score

__all__ = [
    "TASKS",
    "Dataset",
    "Metric",
    "Task",
    "get_task",
    "gold_path",
    "make_predictor",
    "run",
    "run_dataset",
]


@dataclass(frozen=True, slots=True)
class Metric:
    """A headline metric: shown on the scoreboard, pinned by the gate when ``gated``.

    ``published`` is the best published figure we know for the task (``published_by`` says
    who, and on what: often the matching *test* half, which we do not have).
    """

    name: str
    published: float | None = None
    published_by: str | None = None
    higher_is_better: bool = True
    gated: bool = True


@dataclass(frozen=True, slots=True)
class Dataset:
    """A gold set of a task: where it is, the protocol its predictor needs, how to run it."""

    name: str
    gold: str
    protocol: type
    run: Callable[[Path, Any, int | None], Score]
    metrics: tuple[Metric, ...]
    in_repo: bool = False
    fast: bool = True


@dataclass(frozen=True, slots=True)
class Task:
    """A task: its data sets and the default predictor (``"module:factory"``)."""

    name: str
    summary: str
    predictor: str
    datasets: tuple[Dataset, ...]

    def dataset(self, name: str | None) -> Dataset:
        if name is None and len(self.datasets) == 1:
            return self.datasets[0]
        for dataset in self.datasets:
            if dataset.name == name:
                return dataset
        names = ", ".join(d.name for d in self.datasets)
        raise EvaluationError(f"task {self.name} has data sets {names}; got {name!r}")


_CONFLIBERT = "ConfliBERT (Hu et al., NAACL 2022), 451-sentence test half"
_MORDECAI = "Mordecai 3 (Halterman 2023), LGL"
_UNIVERSAL_PETRARCH = "UniversalPetrarch, all 322 PLOVER GSR records"

TASKS: dict[str, Task] = {
    task.name: task
    for task in (
        Task(
            "cameo-penta",
            "sentence -> penta class 0-4 of its main CAMEO event",
            predictor="eventwire.evaluate.extractor:penta",
            datasets=(
                Dataset(
                    "conflibert",
                    "conflibert_cameo/cameo_class_train.tsv",
                    p.SentenceClassifier,
                    runners.run_penta,
                    (Metric("macro_f1", 0.895, _CONFLIBERT), Metric("accuracy")),
                ),
            ),
        ),
        Task(
            "cameo-spans",
            "tokens -> source (S) and target (T) actor spans",
            predictor="eventwire.evaluate.extractor:spans",
            datasets=(
                Dataset(
                    "conflibert",
                    "conflibert_cameo/cameo_ner_train.txt",
                    p.SpanTagger,
                    runners.run_spans,
                    (Metric("f1", 0.740, _CONFLIBERT), Metric("source_f1"), Metric("target_f1")),
                ),
            ),
        ),
        Task(
            "plover-gsr",
            "sentence -> PLOVER event type and source/target country + sector",
            predictor="eventwire.evaluate.extractor:plover",
            datasets=(
                Dataset(
                    "plover-gsr",
                    "plover_gsr/plover_gsr_dev.json",
                    p.EventCoder,
                    runners.run_plover,
                    (
                        Metric("event_type_accuracy"),
                        Metric("correct", 0.44, _UNIVERSAL_PETRARCH),
                        Metric(
                            "extra_event_rate",
                            3.15,
                            _UNIVERSAL_PETRARCH,
                            higher_is_better=False,
                            gated=False,
                        ),
                    ),
                ),
            ),
        ),
        Task(
            "petrarch-gsr",
            "sentence -> CAMEO event code and source/target actor codes",
            predictor="eventwire.evaluate.extractor:coder",
            datasets=(
                Dataset(
                    "petrarch2-validation",
                    "petrarch2_gsr_validation/PETR2_GSR_validation_dev.jsonl",
                    p.EventCoder,
                    runners.run_petrarch,
                    (Metric("code_exact"), Metric("root_accuracy"), Metric("event_f1")),
                ),
            ),
        ),
        Task(
            "events",
            "article -> events (root, actors, date, place), eventwire's own gold format",
            predictor="eventwire.evaluate.extractor:articles",
            datasets=(
                Dataset(
                    "example-corpus",
                    "examples/events.gold.jsonl",
                    p.ArticleCoder,
                    runners.run_events,
                    (Metric("f1"),),
                    in_repo=True,
                ),
            ),
        ),
        Task(
            "corpus",
            "article -> events as our training corpus annotates them (its test slice only)",
            predictor="eventwire.evaluate.extractor:corpus",
            datasets=(
                Dataset(
                    "test-slice",
                    "training/corpus",
                    p.CorpusAnnotator,
                    runners.run_corpus,
                    # Not gated yet: the corpus grows batch by batch, and every batch
                    # changes the folder's digest (which fails a pinned floor) and may add
                    # test articles (which moves the figures); with 3 test articles and 13
                    # events one event is 7 points, far beyond the gate's margin. Pin once
                    # the corpus is frozen or its test slice large enough to be stable.
                    tuple(
                        Metric(name, gated=False)
                        for name in (
                            "event_f1",
                            "event_precision",
                            "event_recall",
                            "root_accuracy",
                            "span_f1",
                            "factuality_accuracy",
                        )
                    ),
                    in_repo=True,
                    # Nothing here is gated, so the gate has no reason to re-run it.
                    fast=False,
                ),
            ),
        ),
        Task(
            "geoparse",
            "text -> toponym spans resolved to GeoNames ids and coordinates",
            predictor="eventwire.evaluate.geoparse:geoparser",
            datasets=tuple(
                Dataset(
                    name,
                    gold,
                    p.Geoparser,
                    runners.run_geo,
                    (
                        Metric("f1"),
                        Metric(
                            "geonameid_exact",
                            0.794 if name == "lgl" else None,
                            _MORDECAI if name == "lgl" else None,
                        ),
                        Metric(
                            "acc161",
                            0.827 if name == "lgl" else None,
                            _MORDECAI if name == "lgl" else None,
                        ),
                    ),
                )
                for name, gold in (
                    ("lgl", "geo_lgl/lgl_dev.xml"),
                    ("geowebnews", "geo_geowebnews/GeoWebNews_dev.xml"),
                    ("trnews", "geo_trnews/TR-News_dev.xml"),
                    ("geovirus", "geo_geovirus/GeoVirus_dev.xml"),
                )
            ),
        ),
        Task(
            "timex",
            "text + document date -> DATE expressions and their normalised values",
            predictor="eventwire.evaluate.dates:date_tagger",
            datasets=(
                Dataset(
                    "tempeval3",
                    "timebank_aquaint_tempeval3",
                    p.DateTagger,
                    runners.run_timex,
                    (Metric("relaxed_f1"), Metric("strict_f1"), Metric("value_accuracy")),
                ),
            ),
        ),
        Task(
            "stories",
            "articles -> same-story clusters (ECB+) and pair similarity (SemEval-2022 task 8)",
            predictor="eventwire.evaluate.stories:clusterer",
            datasets=(
                Dataset(
                    "ecbplus",
                    "ecbplus/ecbplus_docs.jsonl",
                    p.StoryClusterer,
                    runners.run_ecbplus,
                    (Metric("bcubed_f1"),),
                ),
                Dataset(
                    "semeval2022",
                    "semeval2022_task8_en_pairs/semeval2022_task8_en_en_pairs.jsonl",
                    p.StorySimilarity,
                    runners.run_story_pairs,
                    (Metric("pearson"),),
                ),
            ),
        ),
    )
}


def get_task(name: str) -> Task:
    if name not in TASKS:
        raise EvaluationError(f"unknown task {name!r}; tasks: {', '.join(TASKS)}")
    return TASKS[name]


def gold_path(dataset: Dataset, *, data_dir: str | Path | None = None) -> Path:
    """The default gold file of a data set (it may not exist)."""
    if dataset.in_repo:
        return (repo_root() or Path.cwd()) / dataset.gold
    return find_data_dir(data_dir) / dataset.gold


def make_predictor(task: Task, predictor: object | str | None = None) -> object:
    """The predictor to score: ``predictor`` itself, one built from a ``"module:factory"``
    string, or (``None``) the task's default."""
    spec = task.predictor if predictor is None else predictor
    if not isinstance(spec, str):
        return spec
    module_name, _, attribute = spec.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as exc:
        raise EvaluationError(
            f"cannot load predictor {spec!r} ({exc}); give it as 'package.module:factory'"
        ) from exc
    try:
        built: object = factory()
    except TypeError as exc:
        raise EvaluationError(
            f"predictor factory {spec!r} must be callable with no arguments ({exc})"
        ) from exc
    return built


def run_dataset(
    task: Task,
    dataset: Dataset,
    *,
    gold: str | Path | None = None,
    data_dir: str | Path | None = None,
    predictor: object | str | None = None,
    limit: int | None = None,
) -> Report:
    """Score one data set of a task; raises :class:`EvaluationError` if the gold is missing."""
    path = Path(gold) if gold is not None else gold_path(dataset, data_dir=data_dir)
    if not path.exists():
        raise EvaluationError(f"{path} not found")
    instance = make_predictor(task, predictor)
    if not isinstance(instance, dataset.protocol):
        raise EvaluationError(
            f"{p.predictor_name(instance)} cannot run {task.name} ({dataset.name}): it must "
            f"implement {dataset.protocol.__name__} (see eventwire.evaluate.predictors)"
        )
    started = time.perf_counter()
    score = dataset.run(path, instance, limit)
    return Report(
        task=task.name,
        dataset=dataset.name,
        gold=str(path),
        gold_sha256=gold_digest(path),
        predictor=p.predictor_name(instance),
        score=score,
        seconds=time.perf_counter() - started,
    )


def run(
    task_name: str,
    *,
    dataset: str | None = None,
    gold: str | Path | None = None,
    data_dir: str | Path | None = None,
    predictor: object | str | None = None,
    limit: int | None = None,
) -> list[Report]:
    """Score a task on one data set (``dataset``) or all of them.

    ``gold`` replaces the default gold path; with several data sets, name one.
    """
    task = get_task(task_name)
    if gold is not None and dataset is None and len(task.datasets) > 1:
        names = ", ".join(d.name for d in task.datasets)
        raise EvaluationError(
            f"{task.name} has several data sets ({names}); name one with --dataset"
        )
    chosen = [task.dataset(dataset)] if dataset is not None or gold is not None else task.datasets
    instance = make_predictor(task, predictor)
    return [
        run_dataset(task, d, gold=gold, data_dir=data_dir, predictor=instance, limit=limit)
        for d in chosen
    ]
