"""Plain text as scraped from the web: one file is one article.

The reader only decodes (UTF-8, else the charset a BOM names or charset-normalizer
detects, with a warning); the cleaner finds the title, datelines and boilerplate.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from eventwire.config import Settings
from eventwire.errors import InputError
from eventwire.ingest.sources import decode_document, read_bounded
from eventwire.records import Article, Origin, Problem, content_id

__all__ = ["read_text"]


def read_text(path: str, stream: BinaryIO, settings: Settings) -> Iterator[Article | Problem]:
    try:
        data = read_bounded(stream, settings.max_article_bytes, path=path)
        text, note = decode_document(data, path=path)
    except InputError as err:
        yield Problem(err.path, err.reason, line=err.line)
        return
    yield Article(
        id=content_id("text", text),
        text=text,
        original=text,
        origin=Origin(path),
        format="text",
        warnings=(note,) if note else (),
    )
