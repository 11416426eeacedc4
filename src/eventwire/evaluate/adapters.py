"""Adapters that let one real component serve tasks shaped for another.

The event coder is the component eventwire will have; the penta and PLOVER benchmarks ask
for a sentence class or a PLOVER type. These wrap an :class:`EventCoder` so that it can be
registered for those tasks without a separate model:

    PentaFromEvents(MyCoder())       -> SentenceClassifier for cameo-penta
    PloverFromCameo(MyCoder())       -> EventCoder whose events carry plover_type
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from eventwire.codebook import UnknownCodeError, penta_class, to_plover
from eventwire.evaluate.predictors import EventCoder, PredictedEvent, predictor_name

__all__ = ["PentaFromEvents", "PloverFromCameo"]


class PentaFromEvents:
    """A sentence classifier: the penta class of the first event coded in each sentence.

    The first event stands for the sentence's main event (coders list events in text
    order, and a sentence's main verb usually comes first). A sentence with no event, or
    whose first code is not a CAMEO code, gets ``fallback``: 3 (verbal conflict), the
    most frequent class of the ConfliBERT training half.
    """

    def __init__(self, coder: EventCoder, *, fallback: int = 3) -> None:
        self.coder = coder
        self.fallback = fallback
        self.name = f"{predictor_name(coder)} (penta of first event)"

    def predict(self, sentences: Sequence[str]) -> list[int]:
        return [self._penta(events) for events in self.coder.code(sentences)]

    def _penta(self, events: Sequence[PredictedEvent]) -> int:
        code = events[0].cameo_code if events else None
        if code is None:
            return self.fallback
        try:
            return penta_class(code)
        except UnknownCodeError:
            return self.fallback


class PloverFromCameo:
    """An event coder whose events carry a PLOVER type, read from their CAMEO code when the
    wrapped coder gave none (``eventwire.codebook.to_plover``)."""

    def __init__(self, coder: EventCoder) -> None:
        self.coder = coder
        self.name = f"{predictor_name(coder)} (PLOVER from CAMEO)"

    def code(self, sentences: Sequence[str]) -> list[list[PredictedEvent]]:
        return [[self._typed(e) for e in events] for events in self.coder.code(sentences)]

    @staticmethod
    def _typed(event: PredictedEvent) -> PredictedEvent:
        if event.plover_type is not None or event.cameo_code is None:
            return event
        try:
            plover_type, _mode = to_plover(event.cameo_code)
        except UnknownCodeError:
            return event
        return replace(event, plover_type=plover_type)
