"""eventwire.evaluate.dates: the timex predictor over eventwire's date resolver."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.evaluate.dates import date_tagger
from eventwire.evaluate.predictors import DateTagger, PredictedDate
from eventwire.evaluate.runners import run_timex


def test_date_tagger_implements_the_protocol() -> None:
    assert isinstance(date_tagger(), DateTagger)


def test_date_tagger_answers_each_text_with_spans_and_values() -> None:
    texts = ["Rebels attacked on Thursday.", "No date here.", "Talks resume next week."]
    dcts = [date(2015, 10, 9)] * 3
    answers = date_tagger().tag(texts, dcts=dcts)
    assert answers == [
        [PredictedDate(19, 27, "2015-10-08")],
        [],
        [PredictedDate(13, 22, "2015-W42")],
    ]


def test_date_tagger_leaves_out_what_timeml_does_not_call_a_date() -> None:
    [found] = date_tagger().tag(["Jets struck overnight."], dcts=[date(2015, 10, 9)])
    assert found == []


def test_date_tagger_refuses_mismatched_inputs() -> None:
    with pytest.raises(ValueError, match="creation dates"):
        date_tagger().tag(["one", "two"], dcts=[date(2015, 10, 9)])


def test_date_tagger_beats_the_regex_baseline_on_tempeval3(shared_dir: Path) -> None:
    gold = shared_dir / "data" / "timebank_aquaint_tempeval3"
    if not gold.is_dir():
        pytest.skip(f"{gold} is absent")
    score = run_timex(gold, date_tagger(), limit=20)
    assert score.metrics["relaxed_f1"] > 0.8 and score.metrics["value_accuracy"] > 0.8
