"""Adapters turn an event coder into a penta classifier or a PLOVER-typed coder."""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.evaluate.adapters import PentaFromEvents, PloverFromCameo
from eventwire.evaluate.predictors import EventCoder, PredictedEvent, SentenceClassifier


class TableCoder:
    """A made-up coder: a fixed list of events per sentence."""

    name = "table"

    def __init__(self, answers: dict[str, list[PredictedEvent]]) -> None:
        self.answers = answers

    def code(self, sentences: Sequence[str]) -> list[list[PredictedEvent]]:
        return [self.answers.get(s, []) for s in sentences]


CODER = TableCoder(
    {
        "Jets bombed the depot.": [PredictedEvent("RURMIL", "BOR", "195")],
        "The envoy met the king.": [
            PredictedEvent("RUR", "BOR", "040"),
            PredictedEvent("BOR", "RUR", "190"),
        ],
        "A typo.": [PredictedEvent("RUR", "BOR", "999")],
        "Talk.": [PredictedEvent("RUR", "BOR", "010", plover_type="CONSULT")],
    }
)


def test_penta_from_events_uses_the_first_event() -> None:
    classifier = PentaFromEvents(CODER)
    assert isinstance(classifier, SentenceClassifier)
    sentences = ["Jets bombed the depot.", "The envoy met the king.", "Nothing.", "A typo."]
    assert classifier.predict(sentences) == [4, 1, 3, 3]  # no event / bad code: fallback
    assert classifier.name == "table (penta of first event)"


def test_plover_from_cameo_fills_missing_types_only() -> None:
    coder = PloverFromCameo(CODER)
    assert isinstance(coder, EventCoder)
    (bombed,), (consult, fight), (typo,), (talk,) = coder.code(
        ["Jets bombed the depot.", "The envoy met the king.", "A typo.", "Talk."]
    )
    assert bombed.plover_type == "ASSAULT"
    assert (consult.plover_type, fight.plover_type) == ("CONSULT", "ASSAULT")
    assert typo.plover_type is None  # unknown CAMEO code: left alone
    assert talk.plover_type == "CONSULT"  # the coder's own type wins
