"""The predictor for the ``geoparse`` eval task: eventwire's own geoparser.

Texts are parsed in one batch (:func:`eventwire.parse.parse_texts`) and each text's
sentences go to :func:`eventwire.resolve.geoparse.geoparse_sentences`, the same function
the extractor uses, so the scoreboard measures what the pipeline does.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.evaluate.predictors import PredictedPlace

__all__ = ["EventwireGeoparser", "geoparser"]


class EventwireGeoparser:
    """Spans and GeoNames ids from eventwire's offline geoparser."""

    name = "eventwire-geoparse"

    def parse(self, texts: Sequence[str]) -> list[list[PredictedPlace]]:
        from eventwire.parse import parse_texts
        from eventwire.resolve.geoparse import geoparse_sentences

        out = []
        for text, sentences in zip(texts, parse_texts(texts), strict=True):
            out.append(
                [
                    PredictedPlace(m.start, m.end, m.name, m.geonameid, m.lat, m.lon)
                    for m in geoparse_sentences(sentences, text=text)
                ]
            )
        return out


def geoparser() -> EventwireGeoparser:
    """The factory the eval registry and ``--predictor`` name."""
    return EventwireGeoparser()
