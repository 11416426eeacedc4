"""WARC and WARC.gz web archives: each HTML response record is one article.

The record's byte offset is kept in the article's origin, so a problem names it. The
crawl date (WARC-Date) is when the page was fetched, not published, and is not used as
the publication date.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from eventwire.config import Settings
from eventwire.errors import InputError
from eventwire.ingest.html import html_to_article
from eventwire.ingest.sources import decode_document, header_charset, read_bounded
from eventwire.records import Article, Origin, Problem

__all__ = ["read_warc"]


def read_warc(path: str, stream: BinaryIO, settings: Settings) -> Iterator[Article | Problem]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    iterator = ArchiveIterator(stream)
    records = 0
    try:
        for record in iterator:
            records += 1
            if records == 1 and record.format != "warc":
                # warcio falls back to the old ARC format, which takes any first line for
                # a record header: a file that does not open with a WARC record is not one.
                yield Problem(path, "not a readable WARC file: it does not start with 'WARC/'")
                return
            if record.rec_type != "response":
                continue
            content_type = (
                record.http_headers.get_header("Content-Type") if record.http_headers else ""
            ) or ""
            if "html" not in content_type.lower():
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            # Read the body before asking for the record's offset: warcio finds the offset
            # by reading the record to its end, which would leave nothing to read.
            body: bytes | None = None
            error: InputError | None = None
            try:
                body = read_bounded(record.content_stream(), settings.max_article_bytes, path=path)
            except InputError as err:
                error = err
            origin = Origin(path, offset=iterator.get_record_offset(), member=url)
            try:
                if error is not None:
                    raise error
                html, note = decode_document(
                    body or b"", path=str(origin), html=True, declared=header_charset(content_type)
                )
                yield html_to_article(
                    html, origin, url=url, fmt="warc", warnings=(note,) if note else ()
                )
            except InputError as err:
                yield Problem(path, f"record at byte {origin.offset} ({url}): {err.reason}")
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
        yield Problem(path, f"not a readable WARC file: {exc}")
        return
    if records == 0:
        yield Problem(path, "empty: no WARC records to read")
