"""The steps of the ingest pipeline."""

from __future__ import annotations

from eventwire.clean import clean_article
from eventwire.pipeline.base import Step
from eventwire.records import Article

__all__ = ["Clean"]


class Clean(Step):
    """Boilerplate out; title, publisher, publication date and language in."""

    name = "clean"
    requires = frozenset({"original", "format"})
    provides = frozenset({"text", "offsets", "title", "source", "published", "language"})

    def apply(self, article: Article) -> Article:
        return clean_article(article)
