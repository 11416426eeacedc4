"""WARC and WARC.gz web archives: each HTML response record is one article.

The record's byte offset is kept in the article's origin, so a problem names it. The
crawl date (WARC-Date) is when the page was fetched, not published, and is not used as
the publication date.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import Any, BinaryIO

from eventwire.config import Settings
from eventwire.errors import InputError
from eventwire.ingest.html import html_to_article
from eventwire.ingest.sources import decode_document, header_charset, read_bounded
from eventwire.records import Article, Origin, Problem

__all__ = ["read_warc"]


def _bad_length(path: str, end: int) -> Problem:
    # A warning, not an error: the page before it was stored (the summary counts it among
    # the articles "stored with a warning", not among the inputs that failed).
    return Problem(
        path,
        f"the record that ends at byte {end} is not followed by a blank line (a wrong "
        "Content-Length?); its page, stored, may be cut or carry the next record's bytes",
        kind="warning",
    )


class _Watched(io.RawIOBase):
    """A stream that remembers an ``EOFError`` (a gzip member cut off) instead of raising.

    warcio takes an ``EOFError`` for the end of the archive, so a ``.warc.gz`` cut off
    mid-record used to end the file silently; here the cut is seen and reported.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.cut: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            read = getattr(self._raw, "read1", self._raw.read)  # read1: a cut loses no data
            data = read(len(buffer))
        except EOFError as exc:
            self.cut = str(exc) or "the compressed stream ends early"
            return 0
        buffer[: len(data)] = data
        return len(data)


def _quiet_iterator(stream: BinaryIO) -> Any:
    """warcio's iterator, with its stderr warning (a record not followed by a blank line:
    a wrong Content-Length) kept off the terminal; ``err_count`` still counts it, and
    :func:`read_warc` turns it into a problem that names the file."""
    from warcio.archiveiterator import ArchiveIterator

    class Quiet(ArchiveIterator):  # type: ignore[misc]
        def _consume_blanklines(self) -> Any:  # where warcio writes to sys.stderr
            with contextlib.redirect_stderr(io.StringIO()):
                return super()._consume_blanklines()

    return Quiet(stream)


def read_warc(path: str, stream: BinaryIO, settings: Settings) -> Iterator[Article | Problem]:
    from warcio.exceptions import ArchiveLoadFailed

    watched = _Watched(stream)
    iterator = _quiet_iterator(io.BufferedReader(watched))
    records = 0
    errors = 0
    cut_reported = False
    last_end = 0  # where the last whole record ended
    try:
        for record in iterator:
            records += 1
            if iterator.err_count > errors:
                errors = iterator.err_count
                yield _bad_length(path, last_end)
            if records == 1 and record.format != "warc":
                # warcio falls back to the old ARC format, which takes any first line for
                # a record header: a file that does not open with a WARC record is not one.
                yield Problem(path, "not a readable WARC file: it does not start with 'WARC/'")
                return
            if record.rec_type is None or record.rec_headers.get_header("Content-Length") is None:
                iterator.read_to_end()
                yield Problem(
                    path,
                    f"record at byte {iterator.get_record_offset()}: garbage WARC header (no "
                    "WARC-Type or Content-Length); its bytes, to the end of the file, are skipped",
                )
                last_end = iterator.get_record_offset() + iterator.get_record_length()
                continue
            if record.rec_type != "response":
                iterator.read_to_end()
                last_end = iterator.get_record_offset() + iterator.get_record_length()
                continue
            content_type = (
                record.http_headers.get_header("Content-Type") if record.http_headers else ""
            ) or ""
            if "html" not in content_type.lower():
                iterator.read_to_end()
                last_end = iterator.get_record_offset() + iterator.get_record_length()
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
            missing = getattr(record.raw_stream, "limit", 0)
            last_end = origin.offset + iterator.get_record_length()
            try:
                if error is not None:
                    raise error
                if missing > 0:
                    # A record cut off mid-way is a partial page: never an article.
                    cut_reported = True
                    raise InputError(
                        path,
                        "truncated: the file ends inside this record"
                        + (f" ({missing} bytes of its Content-Length missing)" if missing else ""),
                    )
                html, note = decode_document(
                    body or b"", path=str(origin), html=True, declared=header_charset(content_type)
                )
                yield html_to_article(
                    html, origin, url=url, fmt="warc", warnings=(note,) if note else ()
                )
            except InputError as err:
                yield Problem(path, f"record at byte {origin.offset} ({url}): {err.reason}")
    except ArchiveLoadFailed as exc:
        first = " ".join(str(exc).split())  # warcio's message carries the raw line
        yield Problem(path, f"not a readable WARC record after byte {last_end}: {first[:200]}")
        return
    except (ValueError, OSError, EOFError) as exc:
        yield Problem(path, f"not a readable WARC file: {exc}")
        return
    if iterator.err_count > errors:
        yield _bad_length(path, last_end)
    if watched.cut and not cut_reported:
        yield Problem(path, f"truncated after byte {last_end} of the records: {watched.cut}")
        return
    if records == 0:
        yield Problem(path, "empty: no WARC records to read")
