"""Readers: files in, :class:`~eventwire.records.Article` records (or :class:`Problem`) out.

    paths ──expand──▶ Source(path, format, gzipped) ──reader──▶ Article | Problem

Formats: plain text (``.txt``), HTML, JSON Lines, WARC, RSS/Atom; any of them gzipped;
directories (recursive) and ``-`` for standard input. A reader never raises for bad
input: it yields a :class:`Problem` naming the file (and line) and goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from eventwire.config import Settings
from eventwire.errors import InputError
from eventwire.ingest.feeds import read_feed
from eventwire.ingest.html import read_html
from eventwire.ingest.jsonl import read_jsonl
from eventwire.ingest.sources import GZIP_MAGIC, Source, expand, peekable, sniff
from eventwire.ingest.text import read_text
from eventwire.ingest.warc import read_warc
from eventwire.records import Article, Problem

__all__ = ["READERS", "ReadStats", "read_paths", "read_source"]

Reader = Callable[[str, BinaryIO, Settings], Iterator[Article | Problem]]
READERS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "jsonl": read_jsonl,
    "warc": read_warc,
    "feed": read_feed,
}


@dataclass(slots=True)
class ReadStats:
    files: int = 0
    bytes: int = 0


def read_source(source: Source, settings: Settings) -> Iterator[Article | Problem]:
    """Every article in one source; problems are yielded, never raised."""
    try:
        stream = source.open()
    except InputError as err:
        yield Problem(err.path, err.reason)
        return
    try:
        fmt = source.format
        if fmt == "sniff":  # stdin: look at the first bytes
            buffered = peekable(stream)
            head = buffered.peek(4096)[:4096]
            if head.startswith(GZIP_MAGIC):
                import gzip

                buffered = peekable(gzip.GzipFile(fileobj=buffered, mode="rb"))  # type: ignore[arg-type]
                head = buffered.peek(4096)[:4096]
            stream, fmt = buffered, sniff(head)
        if source.part:
            if fmt != "jsonl":
                raise ValueError(f"{source.path}: only JSONL files are read in parts, not {fmt}")
            yield from read_jsonl(
                source.path, stream, settings, first_line=source.first_line, part=True
            )
        else:
            yield from READERS[fmt](source.path, stream, settings)
    except (OSError, EOFError) as exc:  # truncated gzip, I/O errors mid-file
        yield Problem(source.path, f"cannot read: {exc}")
    finally:
        if not source.stdin:
            stream.close()


def read_paths(
    paths: Iterable[str], settings: Settings, stats: ReadStats | None = None
) -> Iterator[Article | Problem]:
    """Every article under ``paths``, in a reproducible order."""
    stats = stats if stats is not None else ReadStats()
    for item in expand(list(paths)):
        if isinstance(item, InputError):
            yield Problem(item.path, item.reason, line=item.line)
            continue
        stats.files += 1
        yield from read_source(item, settings)
