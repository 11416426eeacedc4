"""RSS and Atom feed files: each item is one article (its content, else its summary).

Items carry HTML fragments; their text is taken with lxml (paragraph breaks kept).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

from eventwire.config import Settings
from eventwire.errors import InputError
from eventwire.ingest.sources import read_bounded
from eventwire.records import Article, Origin, Problem, content_id

__all__ = ["fragment_text", "read_feed"]

# A feed file holds many items; allow it this many times the one-article limit.
FEED_ITEMS_FACTOR = 20
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr")


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types on broken fragments
        return fragment.strip()
    for el in root.iter(*_BLOCKS):
        el.tail = "\n\n" + (el.tail or "")
    text = root.text_content()
    paragraphs = (" ".join(p.split()) for p in text.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _entry_time(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).replace(tzinfo=None)


def read_feed(path: str, stream: BinaryIO, settings: Settings) -> Iterator[Article | Problem]:
    import feedparser

    try:
        data = read_bounded(stream, settings.max_article_bytes * FEED_ITEMS_FACTOR, path=path)
    except InputError as err:
        yield Problem(err.path, err.reason)
        return
    feed = feedparser.parse(data)
    if feed.get("bozo") and not feed.entries:
        yield Problem(path, f"not a readable RSS/Atom feed: {feed.get('bozo_exception')}")
        return
    outlet = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, start=1):
        contents = entry.get("content") or []
        html = contents[0].get("value", "") if contents else entry.get("summary", "")
        text = fragment_text(html or "")
        link = entry.get("link") or None
        if not text:
            yield Problem(
                path, f"item {number} ({link or entry.get('title', '?')}) has no text", line=None
            )
            continue
        yield Article(
            id=content_id("feed", entry.get("id") or link, text),
            text=text,
            original=text,
            origin=Origin(path, member=link or f"item {number}"),
            title=entry.get("title") or None,
            source=outlet,
            url=link,
            published=_entry_time(entry),
            format="feed",
        )
