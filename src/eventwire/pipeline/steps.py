"""The steps of the ingest pipeline."""

from __future__ import annotations

from eventwire.clean import clean_article
from eventwire.pipeline.base import Step
from eventwire.records import Article, Event

__all__ = ["Clean", "Extract"]


class Clean(Step):
    """Boilerplate out; title, publisher, publication date and language in."""

    name = "clean"
    requires = frozenset({"original", "format"})
    provides = frozenset({"text", "offsets", "title", "source", "published", "language"})

    def apply(self, article: Article) -> Article:
        return clean_article(article)


class Extract(Step):
    """Events from the article's text (run on batches: see ``pipeline.ingest``)."""

    name = "extract"
    requires = frozenset({"id", "text", "offsets", "published", "source", "language"})
    provides = frozenset({"events"})

    def apply(self, article: Article) -> Article:
        return article  # events are not part of the article record; see extract_batch

    @staticmethod
    def extract_batch(articles: list[Article]) -> list[list[Event]]:
        from eventwire.extract import default_extractor

        return default_extractor().extract_articles(articles)
