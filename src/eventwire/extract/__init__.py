"""Event extraction: who did what to whom, coded in CAMEO and PLOVER.

    Article(text) --parse (spaCy, batched)--> Sentence --SentenceCoder--> Event

``extract(text, published=..., source=...)`` codes one text; :class:`Extractor` codes
articles in batches (one ``nlp.pipe`` over the batch) and is what the ingest pipeline and
the evaluation predictors use.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from eventwire.errors import ConfigError
from eventwire.extract.coder import ArticleContext, SentenceCoder
from eventwire.extract.learned import LearnedSentenceCoder
from eventwire.extract.placing import article_location
from eventwire.parse import Sentence, parse_articles, parse_zone
from eventwire.records import Article, Event, OffsetMap, Origin, content_id
from eventwire.resolve.geoparse import geoparse_sentences

if TYPE_CHECKING:
    from eventwire.model.coder import LearnedCoder

__all__ = ["CODERS", "Extractor", "default_extractor", "extract", "make_extractor"]

CODERS = ("learned", "rules")
DEFAULT_CODER = "rules"


class Extractor:
    """Codes the events of many articles; holds the model and dictionaries once.

    With ``model`` (a :class:`~eventwire.model.LearnedCoder`), the model finds and types
    the events and marks their arguments, and the rules code the actors and read date,
    place, figures and attribution (:mod:`.learned`); without it, the rule coder does all.
    """

    def __init__(
        self, coder: SentenceCoder | None = None, *, model: LearnedCoder | None = None
    ) -> None:
        if model is not None and coder is not None and not isinstance(coder, LearnedSentenceCoder):
            raise TypeError("a learned model needs a LearnedSentenceCoder")
        self.model = model
        self.coder = coder or (LearnedSentenceCoder() if model is not None else SentenceCoder())

    def code_parsed(self, sentences: Sequence[Sentence], ctx: ArticleContext) -> list[Event]:
        # Each sentence's countries are read once. Summed, they give the country the article
        # is set in (places weigh more than nationalities); each also sets its sentence's.
        countries = [self.coder.countries_of(sent) for sent in sentences]
        if ctx.focus_country is None:
            totals: Counter[str] = Counter()
            for found in countries:
                for country, weight in found:
                    totals[country] += weight
            ctx.focus_country = totals.most_common(1)[0][0] if totals else None
        # Place mentions, read once for the article (no second parse): each sentence's
        # events are located among its own; where the article is set is the fallback.
        mentions = geoparse_sentences(sentences)
        ctx.article_location = article_location(ctx.text, mentions)
        # Mentions come sentence by sentence, in the sentences' order (within a sentence,
        # not by offset): one forward walk hands each sentence its own run of them (a
        # filter per sentence made a long text O(sentences x mentions)).
        at = 0
        events: list[Event] = []
        readings = self.model.code([s.text for s in sentences]) if self.model else None
        for k, (sent, found) in enumerate(zip(sentences, countries, strict=True)):
            while at < len(mentions) and mentions[at].start < sent.start:
                at += 1
            end = at
            while end < len(mentions) and mentions[end].start < sent.end:
                end += 1
            ctx.places, at = mentions[at:end], end
            if readings is not None and isinstance(self.coder, LearnedSentenceCoder):
                events.extend(self.coder.code_predicted(sent, ctx, readings[k], places=found))
            else:
                events.extend(self.coder.code(sent, ctx, places=found))
        return events

    def extract_articles(self, articles: Sequence[Article]) -> list[list[Event]]:
        """Events of each article, in order (one spaCy pass over the batch).

        The batch is parsed inside a spaCy memory zone: the strings and lexemes of its
        new words are freed afterwards (our sentence records hold copies), so a worker
        that codes millions of articles does not grow with its vocabulary.
        """
        with parse_zone():
            return [events for _article, events in self.extract_stream(articles)]

    def extract_stream(
        self, articles: Iterable[Article], *, n_process: int = 1
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Each article with its events, lazily and in order; spaCy parses with
        ``n_process`` processes (for long streams: each process loads the model)."""
        for article, sentences in parse_articles(articles, n_process=n_process):
            ctx = ArticleContext(
                article_id=article.id,
                source=article.source,
                published=article.published,
                offsets=article.offsets,
                text=article.text,
            )
            yield article, self.code_parsed(sentences, ctx)


def make_extractor(coder: str | None = None, *, require_source: bool = True) -> Extractor:
    """An extractor with the coder ``coder`` names (``learned`` or ``rules``; default:
    ``EVENTWIRE_CODER``, else :data:`DEFAULT_CODER`). ``require_source=False`` keeps
    events whose source the actor dictionary cannot code (sentence-level evaluation)."""
    name = (coder or os.environ.get("EVENTWIRE_CODER") or DEFAULT_CODER).strip().lower()
    if name not in CODERS:
        raise ConfigError(f"coder {name!r}: expected one of {', '.join(CODERS)}")
    if name == "rules":
        return Extractor(SentenceCoder(require_source=require_source))
    from eventwire.model.coder import default_coder

    return Extractor(LearnedSentenceCoder(require_source=require_source), model=default_coder())


@cache
def default_extractor() -> Extractor:
    """One extractor per process: it holds the spaCy model, the learned coder and the
    dictionaries; ``EVENTWIRE_CODER`` chooses the coder (:func:`make_extractor`)."""
    return make_extractor()


def extract(
    text: str,
    *,
    published: datetime | None = None,
    source: str | None = None,
    article_id: str | None = None,
) -> list[Event]:
    """The events of one text. Dates resolve against ``published`` when given."""
    article = Article(
        id=article_id or content_id("text", text),
        text=text,
        origin=Origin("<text>"),
        source=source,
        published=published,
        offsets=OffsetMap.identity(len(text)),
    )
    return default_extractor().extract_articles([article])[0]
