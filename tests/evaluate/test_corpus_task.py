"""The `corpus` eval task: a coder scored on the test slice of our training corpus only.

The corpus here is made up (sentences we wrote: two test-slice articles, one train
article); a scripted annotator gives known annotations, so every figure is worked out by
hand below.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.codebook import to_plover
from eventwire.errors import EvaluationError
from eventwire.evaluate import registry
from eventwire.evaluate.corpus import ActorSpan, Annotation, check, split
from eventwire.evaluate.extractor import CorpusCoder
from eventwire.evaluate.predictors import ArticleInput, CorpusAnnotator

WriteFile = Callable[[str, str], Path]  # the `write` fixture (conftest.py)

# Ids chosen for their side of the split (sha1 first byte < 26 is "test").
TEST_IDS = ("tiny-002", "tiny-008")
TRAIN_ID = "tiny-000"

SHELLING = (
    "Ruritanian troops shelled Oldtown on Monday. "
    "The foreign minister of Borduria condemned the attack."
)
ARREST = "Police arrested three protesters in Newtown on Tuesday."
MEETING = "Leaders of both countries met in Vienna on Wednesday."


def _span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return (start, start + len(quote))


def _actor(text: str, quote: str | None, code: str) -> dict[str, Any] | None:
    return None if quote is None else {"span": list(_span(text, quote)), "code": code}


def _event(
    text: str,
    trigger: str,
    cameo: str,
    source: tuple[str, str],
    target: tuple[str, str] | None,
    when: tuple[str | None, str],
) -> dict[str, Any]:
    event_type, mode = to_plover(cameo)
    return {
        "trigger": list(_span(text, trigger)),
        "cameo": cameo,
        "plover": None if event_type is None else {"event_type": event_type, "mode": mode},
        "factuality": "asserted",
        "source": _actor(text, *source),
        "target": None if target is None else _actor(text, *target),
        "date": when[0],
        "date_precision": when[1],
        "place": None,
    }


def _article(article_id: str, text: str, events: list[dict[str, Any]]) -> str:
    record = {"id": article_id, "genre": "wire", "published": "2024-03-06", "text": text}
    return json.dumps(record | {"events": events}) + "\n"


@pytest.fixture
def corpus(write: WriteFile) -> Path:
    """Two test-slice articles (three gold events) and one train article."""
    assert [split(i) for i in TEST_IDS] == ["test", "test"] and split(TRAIN_ID) == "train"
    lines = [
        _article(
            TEST_IDS[0],
            SHELLING,
            [
                _event(
                    SHELLING,
                    "shelled",
                    "190",
                    ("Ruritanian troops", "AUTMIL"),
                    ("Oldtown", "AUTCVL"),
                    ("2024-03-04", "day"),
                ),
                _event(
                    SHELLING,
                    "condemned",
                    "111",
                    ("foreign minister", "BELGOV"),
                    None,
                    ("2024-03-06", "published"),
                ),
            ],
        ),
        _article(
            TRAIN_ID,
            MEETING,
            [_event(MEETING, "met", "040", ("Leaders", "AUTGOV"), None, ("2024-03-06", "day"))],
        ),
        _article(
            TEST_IDS[1],
            ARREST,
            [
                _event(
                    ARREST,
                    "arrested",
                    "173",
                    ("Police", "AUTCOP"),
                    ("protesters", "AUTCVL"),
                    ("2024-03-05", "day"),
                )
            ],
        ),
    ]
    folder = write("training/corpus/batch-000.jsonl", "".join(lines)).parent
    assert check(folder) == [], "the made-up corpus must be a valid corpus"
    return folder


def _predicted(
    text: str,
    trigger: str,
    cameo: str,
    source: str | None,
    target: str | None,
    *,
    factuality: str = "asserted",
) -> Annotation:
    def actor(quote: str | None) -> ActorSpan | None:
        return None if quote is None else ActorSpan(_span(text, quote), "AUT")

    return Annotation(
        trigger=_span(text, trigger),
        cameo=cameo,
        plover=None,
        factuality=factuality,
        source=actor(source),
        target=actor(target),
        date=None,
        date_precision="unknown",
        place=None,
    )


# What the scripted annotator says for each article it may be given:
# - shelling: "shelled" with the wrong root (12 for 19), no target where the gold has
#   "Oldtown"; "condemned" right, no target on either side (a both-null role); a spurious
#   event at "Monday";
# - arrest: "arrested", right root, factuality wrong, target "three protesters" for the
#   gold's "protesters";
# - the train article: a perfect answer, which must never be asked for.
SCRIPT = {
    TEST_IDS[0]: [
        _predicted(SHELLING, "shelled", "120", "Ruritanian troops", None),
        _predicted(SHELLING, "condemned", "111", "foreign minister", None),
        _predicted(SHELLING, "Monday", "010", "Ruritanian troops", None),
    ],
    TEST_IDS[1]: [
        _predicted(ARREST, "arrested", "173", "Police", "three protesters", factuality="negated")
    ],
    TRAIN_ID: [_predicted(MEETING, "met", "040", "Leaders", None)],
}


class Scripted:
    """A made-up annotator: the annotations of ``SCRIPT``; remembers what it was given."""

    name = "scripted"

    def __init__(self) -> None:
        self.seen: list[ArticleInput] = []

    def annotate(self, articles: Sequence[ArticleInput]) -> list[list[Annotation]]:
        self.seen += articles
        return [list(SCRIPT[a.ref]) for a in articles]


def test_corpus_task_is_registered_on_the_in_repo_corpus_and_not_gated() -> None:
    task = registry.get_task("corpus")
    (dataset,) = task.datasets
    assert (dataset.name, dataset.gold, dataset.in_repo) == ("test-slice", "training/corpus", True)
    assert dataset.protocol is CorpusAnnotator
    assert [m.name for m in dataset.metrics] == [
        "event_f1",
        "event_precision",
        "event_recall",
        "root_accuracy",
        "span_f1",
        "factuality_accuracy",
    ]
    # The corpus grows batch by batch, so its figures move: shown, not pinned.
    assert not any(m.gated for m in dataset.metrics)
    assert isinstance(registry.make_predictor(task), CorpusCoder)


def test_run_corpus_gives_the_hand_worked_figures(corpus: Path) -> None:
    (report,) = registry.run("corpus", gold=corpus, predictor=Scripted())
    metrics = report.metrics
    # 3 gold events, 4 predicted, 3 paired by overlap.
    assert metrics["event_precision"] == pytest.approx(3 / 4)
    assert metrics["event_recall"] == pytest.approx(1.0)
    assert metrics["event_f1"] == pytest.approx(6 / 7)
    assert metrics["root_accuracy"] == pytest.approx(2 / 3)  # "shelled": 12 for 19
    assert metrics["factuality_accuracy"] == pytest.approx(2 / 3)  # "arrested": negated
    assert metrics["code_accuracy"] == pytest.approx(2 / 3)
    # Spans, source and target together, the both-null target of "condemned" left out:
    # sources 3 right; targets: "Oldtown" missed, "protesters" missed and "three
    # protesters" spurious -> tp 3, fp 1, fn 2: P 3/4, R 3/5, F1 2/3 (counting the
    # both-null role as a hit would give 8/11).
    assert metrics["span_f1"] == pytest.approx(2 / 3)
    assert metrics["source_span_f1"] == pytest.approx(1.0)
    assert metrics["target_span_f1"] == pytest.approx(0.0)
    assert report.score.n == 2
    assert report.predictor == "scripted"
    assert "2 test-slice articles scored of 3 in the corpus" in report.score.notes
    # Every paired trigger differs somewhere (the script gives no dates, and actor code
    # "AUT" only), and "Monday" is a trigger of the prediction alone: 4 error cases.
    items = sorted(e.item for e in report.score.errors)
    assert len(items) == 4
    assert f"{TEST_IDS[0]}: only second" in items
    assert f"{TEST_IDS[1]}: factuality, source, target, date, date_precision" in items


def test_run_corpus_never_gives_train_articles_to_the_predictor(corpus: Path) -> None:
    predictor = Scripted()
    registry.run("corpus", gold=corpus, predictor=predictor)
    assert [a.ref for a in predictor.seen] == list(TEST_IDS)
    assert all(split(a.ref) == "test" for a in predictor.seen)
    assert predictor.seen[1] == ArticleInput(TEST_IDS[1], ARREST, date(2024, 3, 6))


def test_run_corpus_limit_keeps_the_first_test_articles(corpus: Path) -> None:
    predictor = Scripted()
    (report,) = registry.run("corpus", gold=corpus, predictor=predictor, limit=1)
    assert [a.ref for a in predictor.seen] == [TEST_IDS[0]]
    assert report.metrics["event_recall"] == pytest.approx(1.0)
    assert report.metrics["event_precision"] == pytest.approx(2 / 3)


def test_run_corpus_refuses_a_corpus_without_test_articles(write: WriteFile) -> None:
    gold = write(
        "corpus/batch-000.jsonl",
        _article(
            TRAIN_ID,
            MEETING,
            [_event(MEETING, "met", "040", ("Leaders", "AUTGOV"), None, ("2024-03-06", "day"))],
        ),
    )
    with pytest.raises(EvaluationError, match=r"none of the 1 articles .* is in the test slice"):
        registry.run("corpus", gold=gold.parent, predictor=Scripted())


def test_corpus_coder_annotates_with_offsets_into_the_text_and_the_corpus_date_forms() -> None:
    text = "Ruritanian troops shelled rebel positions near Oldtown in March 2023."
    (annotations,) = CorpusCoder().annotate([ArticleInput("x", text, date(2024, 3, 6))])
    assert annotations, "the coder finds the shelling"
    shelling = annotations[0]
    assert text[slice(*shelling.trigger)] == "shelled"
    assert shelling.cameo.startswith("19")
    assert shelling.source is not None and text[slice(*shelling.source.span)].endswith("troops")
    # A month's date is YYYY-MM in the corpus (GUIDE.md §6), not the coder's YYYY-MM-DD.
    assert (shelling.date, shelling.date_precision) == ("2023-03", "month")
