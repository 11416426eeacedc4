"""HTML pages: trafilatura finds the main text and the metadata.

The article's ``original`` is the text trafilatura extracted (evidence spans point into
it, not into the markup). Dates come only from the page's own metadata and markup
(``extensive_search=False``): a date guessed from a sidebar is worse than none.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO

from eventwire.config import Settings
from eventwire.errors import InputError
from eventwire.ingest.metadata import parse_published
from eventwire.ingest.sources import decode_text, read_bounded
from eventwire.records import Article, Origin, Problem, content_id

__all__ = ["html_to_article", "read_html"]


def html_to_article(
    html: str,
    origin: Origin,
    *,
    url: str | None = None,
    fmt: str = "html",
) -> Article:
    """One article from an HTML page. Raises :class:`InputError` when no text is found."""
    import trafilatura  # lazy: ~0.3 s import, not needed for other formats

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises many lxml types on broken markup
        raise InputError(origin.path, f"HTML could not be parsed: {exc}", line=origin.line) from exc
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise InputError(origin.path, "HTML page has no main text", line=origin.line)
    title = getattr(doc, "title", None) or None
    published: datetime | None = parse_published(getattr(doc, "date", None) or "")
    page_url = getattr(doc, "url", None) or url
    source = getattr(doc, "sitename", None) or getattr(doc, "hostname", None) or None
    return Article(
        id=content_id("html", page_url, text),
        text=text,
        original=text,
        origin=origin,
        title=title,
        source=source,
        url=page_url,
        published=published,
        language=getattr(doc, "language", None) or None,
        format=fmt,
    )


def read_html(path: str, stream: BinaryIO, settings: Settings) -> Iterator[Article | Problem]:
    try:
        html = decode_text(read_bounded(stream, settings.max_article_bytes, path=path), path=path)
        yield html_to_article(html, Origin(path))
    except InputError as err:
        yield Problem(err.path, err.reason, line=err.line)
