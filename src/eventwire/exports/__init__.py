"""Standard exports: merged events out of a store as files other tools read.

    export_events(store, EventQuery(actor="RUS"), "gdelt", "out/events.tsv")  # -> count

One function, five formats; the events are those ``store.query_events(query)`` yields
(the one read layer, :mod:`eventwire.query`), in the query's order:

    csv      one row per event, flat columns (:data:`eventwire.exports.flat.COLUMNS`),
             a header line, the first evidence sentence as the last column; text that
             starts like a spreadsheet formula gets a leading ``'``
    jsonl    one full event record per line, as :func:`eventwire.serialize.event_to_dict`
    parquet  the csv columns, typed, plus ``record`` (the full record as JSON); written
             by DuckDB's own ``COPY ... (FORMAT PARQUET)``, so it needs a path
    plover   one PLOVER/POLECAT record per line (:mod:`eventwire.exports.plover`); events
             with no PLOVER event type (CAMEO 01 statements) are left out and counted
             in ``left_out``
    gdelt    the GDELT 2.0 event table, 61 tab-separated columns, no header line, and
             the GDELT 2.0 mentions table (:mod:`eventwire.exports.gdelt`)

``out`` is a path or, for every format but parquet, an open text stream (the caller
keeps it open). The gdelt mentions table goes to ``mentions_out`` when given, else,
when ``out`` is a path, next to it: ``out`` with its last suffix replaced by
``.mentions.tsv`` (``events.tsv`` -> ``events.mentions.tsv``; ``events`` ->
``events.mentions.tsv``), as GDELT pairs ``*.export.CSV`` with ``*.mentions.CSV``. When
``out`` is a stream and no ``mentions_out`` is given, no mentions table is written.

The count returned is the number of event records written (mentions not counted).

Files are never half written and never overwrite the store: each output path is written
to a temporary file beside it, renamed into place once complete (a failed or interrupted
export leaves the previous file as it was), and a path that is the store's database or
its ``.wal`` file (also through a symlink or a hard link) is refused before anything is
opened, as is one path for both the events and the mentions.

Errors: :class:`ExportError` (an :class:`eventwire.errors.EventwireError`) for an unknown
format, a parquet export to a stream, an output that is the store, or a file that cannot
be written.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from eventwire.errors import EventwireError
from eventwire.files import clash, replacing, same_file, store_files
from eventwire.serialize import event_to_dict

if TYPE_CHECKING:
    from eventwire.query import EventQuery
    from eventwire.records import Article, Event

__all__ = ["FORMATS", "EventSource", "ExportError", "export_events", "mentions_path"]

FORMATS = ("csv", "jsonl", "parquet", "plover", "gdelt")


class ExportError(EventwireError):
    """An export cannot be made: unknown format, parquet to a stream, unwritable file."""


class EventSource(Protocol):
    """What an export reads from a store (:class:`eventwire.store.DuckDBStore` is one)."""

    def query_events(self, query: EventQuery) -> Iterator[Event]: ...

    def article(self, article_id: str) -> Article | None: ...


Output = str | os.PathLike[str] | TextIO


def mentions_path(out: str | os.PathLike[str]) -> Path:
    """Where the gdelt mentions table goes when ``out`` is a path and none is given."""
    path = Path(out)
    return (
        path.with_name(path.stem + ".mentions.tsv") if path.suffix else Path(f"{path}.mentions.tsv")
    )


def _refuse_overwrites(
    db: str | os.PathLike[str] | None, out: Output, mentions_out: Output | None
) -> None:
    """Raise :class:`ExportError` if an output path is the store at ``db`` (its database
    or its ``.wal``, however spelt) or if the events and the mentions share one path."""
    paths = [p for p in (out, mentions_out) if isinstance(p, str | os.PathLike)]
    protected = store_files(db) if db is not None else []
    for path in paths:
        hit = clash(path, protected)
        if hit is not None:
            what = "the store" if hit == protected[0] else "the write-ahead log of the store"
            raise ExportError(
                f"refusing to write {path}: it is {what} {db}; an export never overwrites "
                "a store: give another output file"
            )
    if len(paths) == 2 and same_file(*paths):
        raise ExportError(
            f"the events and the mentions table would both go to {paths[0]}: "
            "give the mentions another file"
        )


def export_events(
    store: EventSource,
    query: EventQuery,
    fmt: str,
    out: Output,
    *,
    mentions_out: Output | None = None,
    left_out: Counter[str] | None = None,
) -> int:
    """Write the events ``query`` selects from ``store`` to ``out`` in ``fmt``; return
    how many event records were written. See the module docstring for the formats.
    Events a format cannot hold (plover: no PLOVER type) are counted in ``left_out``
    by reason, when it is given."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if mentions_out is not None and fmt != "gdelt":
        raise ExportError(f"mentions_out is for the gdelt format only, not {fmt!r}")
    if fmt == "parquet" and not isinstance(out, str | os.PathLike):
        raise ExportError(
            "parquet is a binary file format: give a path to write to, not a text stream"
        )
    if fmt == "gdelt" and mentions_out is None and isinstance(out, str | os.PathLike):
        mentions_out = mentions_path(out)
    # before any output is opened: opening one truncates it
    _refuse_overwrites(getattr(store, "path", None), out, mentions_out)
    events = store.query_events(query)
    if fmt == "parquet":
        from eventwire.exports.flat import write_parquet

        assert isinstance(out, str | os.PathLike)
        with _replacing(out) as part:
            return write_parquet(events, part)
    if fmt == "gdelt":
        from eventwire.exports.gdelt import write_gdelt

        with ExitStack() as outputs:
            stream = outputs.enter_context(_text(out))
            mentions = None if mentions_out is None else outputs.enter_context(_text(mentions_out))
            return write_gdelt(events, stream, mentions=mentions, articles=store.article)
    with _text(out) as stream:
        if fmt == "csv":
            from eventwire.exports.flat import write_csv

            return write_csv(events, stream)
        if fmt == "plover":
            from eventwire.exports.plover import write_plover

            return write_plover(events, stream, articles=store.article, left_out=left_out)
        return _write_jsonl(events, stream)


def _write_jsonl(events: Iterable[Event], out: TextIO) -> int:
    count = 0
    for event in events:
        out.write(json.dumps(event_to_dict(event), ensure_ascii=False) + "\n")
        count += 1
    return count


@contextmanager
def _replacing(out: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary file beside ``out``, renamed onto it when the block ends (see
    :func:`eventwire.files.replacing`); an OS error names ``out``."""
    try:
        with replacing(out) as part:
            yield part
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc}") from exc


@contextmanager
def _text(out: Output) -> Iterator[TextIO]:
    """A text stream for ``out``: the stream itself, or for a path a temporary file
    beside it (UTF-8, newlines written as given; its folder created), closed and renamed
    onto the path when the block ends, removed if it raises."""
    if not isinstance(out, str | os.PathLike):
        yield out
        return
    with _replacing(out) as part, part.open("w", encoding="utf-8", newline="") as stream:
        yield stream
