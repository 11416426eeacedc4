"""eventwire's geoparser as a predictor for the ``geoparse`` eval task."""

from __future__ import annotations

from eventwire.evaluate.geoparse import geoparser
from eventwire.evaluate.predictors import Geoparser, PredictedPlace


def test_geoparser_implements_the_protocol() -> None:
    assert isinstance(geoparser(), Geoparser)


def test_geoparser_answers_one_list_per_text() -> None:
    texts = ["Shelling hit Homs and Latakia.", "", "No places here."]
    answers = geoparser().parse(texts)
    assert len(answers) == len(texts)
    assert answers[1] == [] and answers[2] == []
    first = answers[0]
    assert all(isinstance(p, PredictedPlace) for p in first)
    assert [texts[0][p.start : p.end] for p in first] == ["Homs", "Latakia"]
    assert all(p.lat is not None and p.lon is not None for p in first)
