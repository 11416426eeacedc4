"""Place and date mentions of whole articles, with offsets into the text as the input gave it.

    articles --parse (once)--> sentences --geoparse_sentences--> [PlaceMention]
                                         --find_dates----------> [DateMention]
             --OffsetMap.span_to_original--> start/end in the original text

What ``eventwire places`` and ``eventwire dates`` print, and what ``eventwire.places`` /
``eventwire.dates`` return. Inside the extractor the same two functions run over the
sentences it has already parsed (see :mod:`eventwire.extract`); nothing is parsed twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import TypeVar

from eventwire.parse import parse_articles
from eventwire.records import Article, DateMention, OffsetMap, PlaceMention
from eventwire.resolve.dates import find_dates
from eventwire.resolve.geoparse import geoparse_sentences

__all__ = ["article_mentions", "to_original"]

M = TypeVar("M", DateMention, PlaceMention)


def to_original(mentions: list[M], offsets: OffsetMap | None) -> list[M]:
    """``mentions`` with offsets mapped from the cleaned text back to the original."""
    if offsets is None:
        return mentions
    out = []
    for mention in mentions:
        start, end = offsets.span_to_original(mention.start, mention.end)
        out.append(replace(mention, start=start, end=end))
    return out


def article_mentions(
    articles: Iterable[Article],
    *,
    places: bool = True,
    dates: bool = True,
    published: date | datetime | None = None,
) -> Iterator[tuple[Article, list[PlaceMention], list[DateMention]]]:
    """Each article with its place and date mentions, lazily and in order.

    Dates resolve against ``published`` when given, else against each article's own
    publication date (a JSONL ``published`` field, a parsed dateline); an article with
    neither gets values only for expressions that need no anchor ("2015", "the 1990s").
    """
    for article, sentences in parse_articles(articles):
        found_places = geoparse_sentences(sentences, text=article.text) if places else []
        found_dates = (
            find_dates(sentences, published=published or article.published) if dates else []
        )
        yield (
            article,
            to_original(found_places, article.offsets),
            to_original(found_dates, article.offsets),
        )
