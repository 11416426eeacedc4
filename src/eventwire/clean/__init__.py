"""Cleaning: boilerplate out, metadata in, offsets kept. See :mod:`.boilerplate`."""

from __future__ import annotations

from dataclasses import replace

from eventwire.clean.boilerplate import Cleaned, clean_text
from eventwire.clean.language import detect_language
from eventwire.records import Article

__all__ = ["Cleaned", "clean_article", "clean_text", "detect_language"]


def clean_article(article: Article) -> Article:
    """The article with boilerplate removed and title, source, date and language filled.

    What the input stated (a JSONL ``title``, an HTML page's metadata) wins over what the
    cleaner reads from the text; the cleaner only fills gaps. Plain text has no other
    source of a title, so only there is the first headline-like line taken as the title.
    """
    raw = article.original if article.original is not None else article.text
    cleaned = clean_text(
        raw,
        find_title=article.format == "text",
        known_title=article.title,
    )
    return replace(
        article,
        text=cleaned.text,
        original=raw,
        offsets=cleaned.offsets,
        title=article.title or cleaned.title,
        source=article.source or cleaned.source,
        published=article.published or cleaned.published,
        # the input's date wins: a bad header date under it changes nothing
        warnings=article.warnings + (cleaned.warnings if article.published is None else ()),
        language=article.language or detect_language(cleaned.text),
    )
