"""eventwire's own date tagger for the ``timex`` task: :func:`eventwire.resolve.dates.find_dates`
over spaCy-parsed text, each document resolved against its creation date.

    eventwire eval timex --predictor eventwire.evaluate.dates:date_tagger

The task scores TimeML DATE expressions only, so this tagger leaves out what eventwire
finds for its own use but TimeML does not call a DATE: "overnight" and "the past 24
hours" (a TIME and a DURATION there).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from eventwire.evaluate.predictors import PredictedDate
from eventwire.parse import parse_texts
from eventwire.resolve.dates import find_dates

__all__ = ["EventwireDateTagger", "date_tagger"]

# Expressions eventwire dates events with that TimeML does not annotate as DATE.
_NOT_TIMEML_DATES = ("overnight", "hours")


class EventwireDateTagger:
    """Dates found by eventwire's resolver, in the shape the timex scorer reads."""

    name = "eventwire-dates"

    def tag(self, texts: Sequence[str], *, dcts: Sequence[date]) -> list[list[PredictedDate]]:
        if len(texts) != len(dcts):
            raise ValueError(f"{len(texts)} texts but {len(dcts)} creation dates")
        out = []
        for sentences, dct in zip(parse_texts(texts), dcts, strict=True):
            out.append(
                [
                    PredictedDate(m.start, m.end, m.value)
                    for m in find_dates(sentences, published=dct)
                    if not m.text.lower().endswith(_NOT_TIMEML_DATES)
                ]
            )
        return out


def date_tagger() -> EventwireDateTagger:
    """The factory ``eventwire eval timex --predictor`` calls."""
    return EventwireDateTagger()
