"""Event extraction: who did what to whom, coded in CAMEO and PLOVER.

    Article(text) --parse (spaCy, batched)--> Sentence --SentenceCoder--> Event

``extract(text, published=..., source=...)`` codes one text; :class:`Extractor` codes
articles in batches (one ``nlp.pipe`` over the batch) and is what the ingest pipeline and
the evaluation predictors use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from eventwire.extract.coder import ArticleContext, SentenceCoder
from eventwire.parse import Sentence, parse_stream, parse_texts
from eventwire.records import Article, Event, OffsetMap, Origin, content_id

__all__ = ["Extractor", "extract"]


class Extractor:
    """Codes the events of many articles; holds the model and dictionaries once."""

    def __init__(self, coder: SentenceCoder | None = None) -> None:
        self.coder = coder or SentenceCoder()

    def focus_country(self, sentences: Sequence[Sentence]) -> str | None:
        """The country the article is set in: where its places are (a place counts twice),
        else the country its adjectives and names point to most."""
        counts: Counter[str] = Counter()
        for sent in sentences:
            for country, weight in self.coder.countries_of(sent):
                counts[country] += weight
        return counts.most_common(1)[0][0] if counts else None

    def code_parsed(self, sentences: Sequence[Sentence], ctx: ArticleContext) -> list[Event]:
        ctx.focus_country = ctx.focus_country or self.focus_country(sentences)
        events: list[Event] = []
        for sent in sentences:
            events.extend(self.coder.code(sent, ctx))
        return events

    def extract_articles(self, articles: Sequence[Article]) -> list[list[Event]]:
        """Events of each article, in order (one spaCy pass over the batch)."""
        parsed = parse_texts([a.text for a in articles])
        out = []
        for article, sentences in zip(articles, parsed, strict=True):
            ctx = ArticleContext(
                article_id=article.id,
                source=article.source,
                published=article.published,
                offsets=article.offsets,
            )
            out.append(self.code_parsed(sentences, ctx))
        return out

    def extract_stream(
        self, articles: Iterable[Article], *, n_process: int = 1
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Each article with its events, lazily and in order; spaCy parses with
        ``n_process`` processes (for long streams: each process loads the model)."""
        queue: list[Article] = []

        def texts() -> Iterator[str]:
            for article in articles:
                queue.append(article)
                yield article.text

        for sentences in parse_stream(texts(), n_process=n_process):
            article = queue.pop(0)
            ctx = ArticleContext(
                article_id=article.id,
                source=article.source,
                published=article.published,
                offsets=article.offsets,
            )
            yield article, self.code_parsed(sentences, ctx)


_DEFAULT: Extractor | None = None


def extract(
    text: str,
    *,
    published: datetime | None = None,
    source: str | None = None,
    article_id: str | None = None,
) -> list[Event]:
    """The events of one text. Dates resolve against ``published`` when given."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    article = Article(
        id=article_id or content_id("text", text),
        text=text,
        origin=Origin("<text>"),
        source=source,
        published=published,
        offsets=OffsetMap.identity(len(text)),
    )
    return _DEFAULT.extract_articles([article])[0]
