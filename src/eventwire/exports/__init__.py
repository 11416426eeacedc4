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

Errors: :class:`ExportError` (an :class:`eventwire.errors.EventwireError`) for an unknown
format, a parquet export to a stream, or a file that cannot be written.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from eventwire.errors import EventwireError
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
    events = store.query_events(query)
    if fmt == "parquet":
        if not isinstance(out, str | os.PathLike):
            raise ExportError(
                "parquet is a binary file format: give a path to write to, not a text stream"
            )
        from eventwire.exports.flat import write_parquet

        return write_parquet(events, Path(out))
    if fmt == "gdelt":
        from eventwire.exports.gdelt import write_gdelt

        if mentions_out is None and isinstance(out, str | os.PathLike):
            mentions_out = mentions_path(out)
        with _text(out) as stream:
            if mentions_out is None:
                return write_gdelt(events, stream, mentions=None, articles=store.article)
            with _text(mentions_out) as mentions:
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
def _text(out: Output) -> Iterator[TextIO]:
    """A text stream for ``out``: the stream itself, or the file at the path (UTF-8,
    newlines written as given), created with its folder and closed afterwards."""
    if not isinstance(out, str | os.PathLike):
        yield out
        return
    path = Path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        stream = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc}") from exc
    with stream:
        yield stream
