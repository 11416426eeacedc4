"""The learned coder's readings become events: actors coded from the spans it marks, the
rules' readers for attribution, date and place (the model itself is tested in
tests/model). A stand-in model gives fixed readings, so these tests say what the
extractor does with them, whatever a trained model would read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pytest

from eventwire.extract import Extractor
from eventwire.model.coder import SentenceEvent
from eventwire.records import Article, Event, OffsetMap, Origin


class Readings:
    """A model that reads, per sentence, what the test says (spans as quoted words)."""

    def __init__(
        self, **by_start: list[tuple[str, str, str, str | None, str | None, float]]
    ) -> None:
        self.by_start = by_start

    def code(self, sentences: Sequence[str]) -> list[list[SentenceEvent]]:
        out = []
        for text in sentences:
            events = []
            for key, readings in self.by_start.items():
                if not text.startswith(key.replace("_", " ")):
                    continue
                for trigger, code, fact, source, target, confidence in readings:
                    events.append(
                        SentenceEvent(
                            trigger=_span(text, trigger),
                            cameo=code,
                            factuality=fact,
                            source=_span(text, source) if source else None,
                            target=_span(text, target) if target else None,
                            confidence=confidence,
                        )
                    )
            out.append(events)
        return out


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _extract(model: Readings, text: str) -> list[Event]:
    article = Article(
        id="a",
        text=text,
        origin=Origin("-"),
        published=datetime(2015, 10, 7),
        offsets=OffsetMap.identity(len(text)),
    )
    return Extractor(model=model).extract_articles([article])[0]  # type: ignore[arg-type]


def test_learned_extractor_codes_the_actors_the_model_marks() -> None:
    text = (
        "Russian warplanes bombed rebel positions near Hama on Tuesday, the defence ministry said."
    )
    model = Readings(
        Russian=[("bombed", "195", "asserted", "Russian warplanes", "rebel positions", 0.9)]
    )
    [event] = _extract(model, text)
    assert (event.source.code, event.target and event.target.code) == ("RUSMIL", "SYRREB")
    assert (event.cameo.code, event.plover.event_type, event.factuality) == (
        "195",
        "ASSAULT",
        "asserted",
    )
    assert (event.date, event.date_precision) == ("2015-10-06", "day")
    assert event.confidence == 0.9
    evidence = event.evidence[0]
    assert text[evidence.source_start : evidence.source_end] == "Russian warplanes"
    assert text[evidence.trigger_start : evidence.trigger_end] == "bombed"


def test_learned_extractor_resolves_a_pronoun_through_the_articles_memory() -> None:
    text = "Turkey summoned the Russian ambassador. It said the jets had violated its airspace."
    model = Readings(
        Turkey=[("summoned", "114", "asserted", "Turkey", "the Russian ambassador", 0.8)],
        It=[("violated", "1382", "reported", "the jets", "its airspace", 0.7)],
    )
    first, second = _extract(model, text)
    assert (
        first.source.code == "TUR"
        and first.target is not None
        and first.target.code.startswith("RUS")
    )
    assert second.attribution is not None and second.attribution.claimant.code == "TUR"


@pytest.mark.parametrize(
    ("confidence", "source", "found"),
    [
        (0.9, "Kenyan police", 1),
        (0.3, "Kenyan police", 0),  # the model thinks it more likely no event
        (0.9, None, 0),  # no source: not a record an analyst can use
    ],
)
def test_learned_extractor_keeps_only_sure_events_with_a_source(
    confidence: float, source: str | None, found: int
) -> None:
    text = "Kenyan police arrested two men in Mombasa."
    model = Readings(Kenyan=[("arrested", "173", "asserted", source, "two men", confidence)])
    assert len(_extract(model, text)) == found


def test_make_extractor_chooses_the_coder(monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.errors import ConfigError
    from eventwire.extract import make_extractor

    assert make_extractor("rules").model is None
    monkeypatch.setenv("EVENTWIRE_CODER", "rules")
    assert make_extractor().model is None
    with pytest.raises(ConfigError, match="'neural': expected one of learned, rules"):
        make_extractor("neural")
