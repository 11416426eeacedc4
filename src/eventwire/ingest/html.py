"""HTML pages: trafilatura finds the main text and the metadata.

The article's ``original`` is the text trafilatura extracted (evidence spans point into
it, not into the markup). Dates come only from the page's own metadata and markup
(``extensive_search=False``): a date guessed from a sidebar is worse than none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from eventwire.config import Settings
from eventwire.errors import InputError
from eventwire.ingest.metadata import published_warning, read_published
from eventwire.ingest.sources import decode_document, read_bounded
from eventwire.records import Article, Origin, Problem, content_id

__all__ = ["html_to_article", "read_html"]


# htmldate's words for a date whose UTC offset is 24 hours or more (datetime's message).
_BAD_OFFSET = "offset must be a timedelta"


def _extract(html: Any, url: str | None, *, with_metadata: bool) -> Any:
    import trafilatura  # lazy: ~0.3 s import, not needed for other formats

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=with_metadata,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _text(doc: Any) -> str:
    """The main text trafilatura found (empty when it found none)."""
    return (getattr(doc, "text", None) or "").strip() if doc is not None else ""


def _deep_tree(html: str) -> Any:
    """The page parsed without libxml2's depth limit, or ``None`` if it is not deeper.

    libxml2 drops every element nested more than 255 levels deep unless asked for a
    "huge tree"; trafilatura parses with the limit, so a page whose story sits under 256
    wrappers came out empty. The page's size is already bounded (max_article_bytes).
    """
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except Exception:  # lxml raises several types on broken markup
        return None
    deepest = max((sum(1 for _ in el.iterancestors()) for el in tree.iter()), default=0)
    return tree if deepest >= _LIBXML2_DEPTH else None


# libxml2's default limit on element nesting (xmlParserMaxDepth, 256 levels).
_LIBXML2_DEPTH = 255


def _metadata_failure(html: str, url: str | None) -> str:
    """Why trafilatura's metadata step failed on a page whose text it can read."""
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    try:
        extract_metadata(load_html(html), url, {"extensive_search": False, "original_date": True})
    except Exception as exc:  # the date and metadata parsers raise several types
        if _BAD_OFFSET in str(exc):
            return "its date has an impossible UTC offset (24 hours or more)"
        return f"{type(exc).__name__}: {exc}"
    return "unknown reason"


def _page_meta(html: str) -> tuple[str | None, str | None]:
    """Title (og:title, else <title>) and outlet (og:site_name), read without trafilatura."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # lxml raises several types on broken markup
        return None, None

    def first(xpath: str) -> str | None:
        values = (" ".join(str(v).split()) for v in root.xpath(xpath))
        return next((v for v in values if v), None)

    title = first('//meta[@property="og:title"]/@content') or first("//title/text()")
    return title, first('//meta[@property="og:site_name"]/@content')


def html_to_article(
    html: str,
    origin: Origin,
    *,
    url: str | None = None,
    fmt: str = "html",
    warnings: tuple[str, ...] = (),
) -> Article:
    """One article from an HTML page. Raises :class:`InputError` when no text is found.

    Stages: 1. text and metadata; 2. if that finds nothing, text alone -- trafilatura
    drops a whole page when its metadata step fails (a date with the UTC offset +25:00),
    and a bad date must not cost the article: it is kept, undated, with a warning;
    3. if still nothing, the page parsed past libxml2's depth limit (see ``_deep_tree``).
    """
    notes = list(warnings)  # the decoder's, then ours
    try:
        doc = _extract(html, url, with_metadata=True)
        if not _text(doc):
            bare = _extract(html, url, with_metadata=False)
            if _text(bare):
                reason = _metadata_failure(html, url)
                notes.append(
                    f"page metadata could not be read: {reason}; stored with no publication date"
                )
                doc = bare
                doc.title, doc.sitename = _page_meta(html)
        if not _text(doc):
            deep = _deep_tree(html)
            if deep is not None:
                doc = _extract(deep, url, with_metadata=True)
    except Exception as exc:  # trafilatura raises many lxml types on broken markup
        raise InputError(origin.path, f"HTML could not be parsed: {exc}", line=origin.line) from exc
    text = _text(doc)
    if not text:
        raise InputError(origin.path, "HTML page has no main text", line=origin.line)
    title = getattr(doc, "title", None) or None
    raw_date = getattr(doc, "date", None) or ""
    published, date_problem = read_published(raw_date)
    if date_problem:
        notes.append(published_warning(raw_date, date_problem, where="page date"))
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
        warnings=tuple(notes),
    )


def read_html(path: str, stream: BinaryIO, settings: Settings) -> Iterator[Article | Problem]:
    try:
        data = read_bounded(stream, settings.max_article_bytes, path=path)
        html, note = decode_document(data, path=path, html=True)
        yield html_to_article(html, Origin(path), warnings=(note,) if note else ())
    except InputError as err:
        yield Problem(err.path, err.reason, line=err.line)
