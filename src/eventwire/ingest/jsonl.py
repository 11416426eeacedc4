"""JSON Lines: one article per line.

Fields: ``text`` (required), ``id``, ``title``, ``published``, ``source``, ``url``
(optional). A given ``id`` is the article's id, so outputs join back to inputs. Lines are
streamed with a size bound: a 100 MB file costs one line of memory, and a bad line is
reported with its number while the rest of the file is read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO

from eventwire.config import Settings
from eventwire.errors import InputError
from eventwire.ingest.metadata import published_warning, read_published
from eventwire.ingest.sources import decode_text
from eventwire.records import Article, Origin, Problem, content_id

__all__ = ["iter_lines", "read_jsonl", "record_to_article"]

_CHUNK = 1 << 16


def iter_lines(
    stream: BinaryIO, limit: int, *, first_line: int = 1
) -> Iterator[tuple[int, bytes | None]]:
    """``(line_number, bytes)`` for each line; ``bytes`` is ``None`` for a line over ``limit``.

    An over-long line is skipped in chunks, never held whole in memory. Lines are
    numbered from ``first_line`` (a part of a file that begins further down).
    """
    number = first_line - 1
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip to the end of this line
                rest = stream.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line


def _str_field(record: dict[str, Any], name: str, path: str, line: int) -> str | None:
    value = record.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str | int):
        raise InputError(
            path, f"field {name!r} must be a string, not {type(value).__name__}", line=line
        )
    return str(value)


def record_to_article(record: Any, origin: Origin) -> Article:
    """One article from a decoded JSON object. Raises :class:`InputError`."""
    path, line = origin.path, origin.line or 0
    if not isinstance(record, dict):
        raise InputError(path, f"expected a JSON object, got {type(record).__name__}", line=line)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(path, "missing or empty required field 'text'", line=line)
    given_id = _str_field(record, "id", path, line)
    title = _str_field(record, "title", path, line)
    source = _str_field(record, "source", path, line)
    url = _str_field(record, "url", path, line)
    published_raw = _str_field(record, "published", path, line)
    published: datetime | None = None
    warnings: tuple[str, ...] = ()
    if published_raw:
        # A bad date is one problem of this record: it is kept, undated, with a warning.
        published, problem = read_published(published_raw)
        if published is None:
            reason = problem or "not a date with a year"
            warnings = (published_warning(published_raw, reason, where="field 'published'"),)
    return Article(
        id=given_id or content_id("jsonl", source, url, title, text),
        id_given=given_id is not None,
        text=text,
        original=text,
        origin=origin,
        title=title,
        source=source,
        url=url,
        published=published,
        format="jsonl",
        warnings=warnings,
    )


def read_jsonl(
    path: str, stream: BinaryIO, settings: Settings, *, first_line: int = 1, part: bool = False
) -> Iterator[Article | Problem]:
    """Articles of a JSONL file, or of the ``part`` of one that starts at ``first_line``."""
    limit = settings.max_article_bytes
    records = 0  # non-blank lines
    for number, raw in iter_lines(stream, limit, first_line=first_line):
        if raw is not None and not raw.strip():
            continue
        records += 1
        if raw is None:
            yield Problem(
                path,
                f"line longer than the {limit / 1e6:g} MB limit (setting max_article_bytes)",
                line=number,
            )
            continue
        try:
            # The line ending goes, so that a JSON error's column is on this line.
            text = decode_text(raw, path=path, line=number).rstrip("\r\n")
            try:
                record = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(
                    path, f"malformed JSON: {exc.msg} at column {exc.colno}", line=number
                ) from exc
            yield record_to_article(record, Origin(path, line=number))
        except InputError as err:
            yield Problem(err.path, err.reason, line=err.line)
    if records == 0 and not part:
        yield Problem(path, "empty: no JSON lines to read")
