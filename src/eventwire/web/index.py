"""An in-memory index of a snapshot's events, so that a page costs microseconds, not a scan.

A page of ``/api/events`` over a million events in SQL is a filtered top-50 plus a count
over every row (~50 ms of CPU each, and 20 connections queue behind each other on two
cores). A snapshot never changes (:mod:`eventwire.web.snapshot`), so its events are read
once into compact numpy arrays, in id order (row ``i`` is the event with the ``i``-th
smallest id):

* each filter column dictionary-encoded (``int32`` codes, 0 for NULL, the dictionary in
  DuckDB's own order), so a filter is a vectorised comparison or table look-up per row;
* the permutation of the rows for each sort of ``reads.KEYSET``, made by a stable sort
  of the key over rows already in id order, so ties fall in id order as ``ORDER BY
  key, id`` puts them;
* each row's id (fixed-width bytes), to fetch the page's 50 records and nothing else.

A page is then: a boolean mask per filter, ANDed -> its count (the total) -> the first
``limit + 1`` matching rows of the sort's permutation after the cursor (found by binary
search) -> their records by id. Every filter of :class:`eventwire.query.EventQuery`
is answered here with exactly its SQL meaning (``tests/web/test_index.py`` pages through
a varied store both ways and compares); a sort whose key holds a NaN (which the index
does not order as DuckDB does) is left to SQL.

One snapshot's index is built by the first request that finds none (3.3-3.8 s for a
million events on the 2-core development machine; the place lists come from the
``events.location_places`` column, as parsing every record's JSON would add ~7 s), while
other requests are answered in SQL; the last two snapshots' indexes are kept. Memory:
~100 bytes an event (the ``nbytes`` of an index: 100 MB for a million), plus the
selections and records kept (:data:`SELECTIONS_KEPT`, :data:`RECORD_CHARS_KEPT`).
"""

from __future__ import annotations

import bisect
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from eventwire.query import PLACES_FROM_RECORD, EventQuery

__all__ = ["RECORD_CHARS_KEPT", "SELECTIONS_KEPT", "EventIndex", "index_for"]

# What an index keeps of what it served. A selection is a byte a row (1 MB at a million
# events), so 32 of them are 32 MB at most; records are ~2 KB of JSON each, so 32M
# characters keep the last ~16,000 events served (~320 pages of 50).
SELECTIONS_KEPT = 32
RECORD_CHARS_KEPT = 32_000_000

Mask = npt.NDArray[np.bool_]
Rows = npt.NDArray[np.int32]
_EPOCH = date(1970, 1, 1)

# The coded filter columns: name -> SQL expression over events (``e``). The place filter
# compares lower(location_name) with lower(?), so the lowered name is what is coded.
_CODED = {
    "source_code": "e.source_code",
    "target_code": "e.target_code",
    "cameo_code": "e.cameo_code",
    "location_country": "e.location_country",
    "location_name": "lower(e.location_name)",
    "story_id": "e.story_id",
    "factuality": "e.factuality",
}


@dataclass(frozen=True, slots=True)
class _Coded:
    """A string column as codes: ``codes[i]`` is 0 for NULL, else ``k`` for
    ``values[k - 1]``; ``values`` is sorted as DuckDB sorts them."""

    values: list[str]
    codes: Rows

    def prefix(self, prefix: str) -> Mask:
        """``column LIKE prefix || '%'`` (prefixes hold no LIKE wildcards: EventQuery
        checks them)."""
        hits = [k for k, value in enumerate(self.values, start=1) if value.startswith(prefix)]
        if not hits:
            return np.zeros(len(self.codes), dtype=np.bool_)
        if hits[-1] - hits[0] + 1 == len(hits):  # sorted values: the codes form a range
            result: Mask = (self.codes >= hits[0]) & (self.codes <= hits[-1])
            return result
        table = np.zeros(len(self.values) + 1, dtype=np.bool_)
        table[hits] = True
        looked_up: Mask = table[self.codes]
        return looked_up

    def equal(self, value: str) -> Mask:
        """``column = value``."""
        try:
            code = self.values.index(value) + 1
        except ValueError:
            return np.zeros(len(self.codes), dtype=np.bool_)
        result: Mask = self.codes == code
        return result


@dataclass(frozen=True, slots=True)
class _Sort:
    """One sort: the rows in its order, and each row's key as ordered (negated when the
    sort descends, 0 when NULL) with its NULL flag, for finding a cursor's place."""

    order: Rows
    key: npt.NDArray[Any]
    null: Mask
    descending: bool
    dates: bool  # keys are days since 1970-01-01

    def start_after(self, key: Any, rank: int) -> int:
        """How many rows of ``order`` come at or before the cursor ``(key, id)``, where
        ``rank`` is the number of ids <= the cursor's id (the cursor's id need not exist).

        A row comes after the cursor when (null, key) is beyond the cursor's, or equal
        and its id is beyond the cursor's id: the row number (= id rank) >= ``rank``.
        """
        target = (key is None, 0 if key is None else key, rank)
        keys, nulls = self.key, self.null
        return bisect.bisect_left(
            self.order, target, key=lambda i: (bool(nulls[i]), keys[i].item(), int(i))
        )


@dataclass(slots=True)
class EventIndex:
    """The events of one snapshot as arrays (see the module docstring)."""

    ids: npt.NDArray[np.bytes_]  # sorted: row i has the i-th smallest id (UTF-8)
    coded: dict[str, _Coded]
    quad: npt.NDArray[np.int8]
    days: npt.NDArray[np.int32]  # days since 1970-01-01; see ``dated``
    dated: Mask
    places: dict[str, Rows]  # place name -> rows whose location.places list holds it
    sorts: dict[str, _Sort]
    build_seconds: float = 0.0
    _lowered: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _selections: OrderedDict[EventQuery, tuple[Mask | None, int]] = field(
        default_factory=OrderedDict
    )
    _records: OrderedDict[int, str] = field(default_factory=OrderedDict)
    _record_chars: int = 0

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        """Bytes held in arrays (the dictionaries of codes are small and not counted)."""
        arrays: list[npt.NDArray[Any]] = [self.ids, self.quad, self.days]
        arrays += [self.dated, *(c.codes for c in self.coded.values())]
        arrays += [*self.places.values()]
        arrays += [a for s in self.sorts.values() for a in (s.order, s.key, s.null)]
        return sum(a.nbytes for a in arrays)

    @classmethod
    def build(cls, con: Any, *, keyset: Mapping[str, tuple[str, bool]]) -> EventIndex:
        """Read the events table of ``con`` (a snapshot that will not change) into an
        index ordering rows for each sort of ``keyset`` (``sort -> (column, desc)``)."""
        started = time.perf_counter()
        dictionaries = {
            name: [
                row[0]
                for row in con.execute(
                    f"SELECT DISTINCT {expr} AS v FROM events e WHERE v IS NOT NULL ORDER BY v"
                ).fetchall()
            ]
            for name, expr in _CODED.items()
        }
        # Codes by joining each column to its dictionary (numbered in the same ORDER BY
        # as above): a hash join per column, ~5x faster than a dense_rank per column.
        ctes = ", ".join(
            f"d_{name} AS (SELECT v, CAST(row_number() OVER (ORDER BY v) AS INTEGER) AS k "
            f"FROM (SELECT DISTINCT {expr} AS v FROM events e WHERE v IS NOT NULL))"
            for name, expr in _CODED.items()
        )
        joins = " ".join(
            f"LEFT JOIN d_{name} ON d_{name}.v = {expr}" for name, expr in _CODED.items()
        )
        codes = ", ".join(f"coalesce(d_{name}.k, 0) AS {name}" for name in _CODED)
        sort_columns = sorted({column for column, _ in keyset.values()})
        keys = ", ".join(
            f"CAST(e.{c} - DATE '1970-01-01' AS INTEGER) AS k_{c}"
            if c == "date"
            else f"e.{c} AS k_{c}"
            for c in sort_columns
        )
        data = con.execute(
            f"WITH {ctes} SELECT e.id, e.rowid AS rid, {codes}, "
            "CAST(e.quad_class AS TINYINT) AS quad, "
            f"CAST(e.date - DATE '1970-01-01' AS INTEGER) AS days, {keys} "
            f"FROM events e {joins} ORDER BY e.id"
        ).fetchnumpy()
        try:  # ids are ASCII (hex digests, or names the input gave): one conversion
            ids = data["id"].astype(np.bytes_)
        except UnicodeEncodeError:
            ids = np.array([i.encode("utf-8") for i in data["id"]], dtype=np.bytes_)
        rowids = np.asarray(data["rid"], dtype=np.int64)
        days_col = data["days"]
        dated = ~np.ma.getmaskarray(days_col)
        days = np.ma.filled(days_col, 0).astype(np.int32)
        coded = {
            name: _Coded(dictionaries[name], np.asarray(data[name], dtype=np.int32))
            for name in _CODED
        }
        rank_of_rowid = np.full(int(rowids.max()) + 1 if len(rowids) else 0, -1, np.int32)
        rank_of_rowid[rowids] = np.arange(len(rowids), dtype=np.int32)
        places: dict[str, Rows] = {}
        columns = {row[0] for row in con.execute("DESCRIBE events").fetchall()}
        # migration 5 keeps the lists in a column; an older store's are read from records
        # a store from before migration 5 has no location_places column: read the records
        listed = "location_places" if "location_places" in columns else PLACES_FROM_RECORD
        for name, found in con.execute(
            f"SELECT p, list(rowid) FROM (SELECT rowid, unnest({listed}) AS p FROM events) "
            "WHERE p IS NOT NULL GROUP BY p"
        ).fetchall():
            places[name] = rank_of_rowid[np.asarray(found, dtype=np.int64)]
        sorts: dict[str, _Sort] = {}
        for sort, (column, descending) in keyset.items():
            made = _sort(data[f"k_{column}"], descending=descending, dates=column == "date")
            if made is not None:
                sorts[sort] = made
        return cls(
            ids=ids,
            coded=coded,
            quad=np.asarray(data["quad"], dtype=np.int8),
            days=days,
            dated=dated,
            places=places,
            sorts=sorts,
            build_seconds=time.perf_counter() - started,
        )

    # -- caches -----------------------------------------------------------------------------
    def forget(self) -> None:
        """Drop the selections and records kept (to time a page from cold)."""
        with self._lock:
            self._selections.clear()
            self._records.clear()
            self._record_chars = 0

    def select(self, con: Any, query: EventQuery) -> tuple[Mask | None, int]:
        """The rows ``query``'s filters select (None: all) and how many, kept for the
        last :data:`SELECTIONS_KEPT` filters: paging through a listing asks for the same
        ones again and again."""
        key = replace(query, sort="date", limit=None)
        with self._lock:
            found = self._selections.get(key)
            if found is not None:
                self._selections.move_to_end(key)
                return found
        mask = self.mask(con, query)
        made = (mask, self.size if mask is None else int(np.count_nonzero(mask)))
        with self._lock:
            self._selections[key] = made
            while len(self._selections) > SELECTIONS_KEPT:
                self._selections.popitem(last=False)
        return made

    def records(self, con: Any, rows: Rows) -> list[str]:
        """The records (JSON text) of ``rows``, the last :data:`RECORD_CHARS_KEPT`
        characters' worth kept: fetching them is most of a page's cost (~4 ms of CPU for
        50 scattered events of a million), and the first pages are asked for most."""
        wanted = [int(row) for row in rows]
        found: dict[int, str] = {}
        with self._lock:
            for row in wanted:
                record = self._records.get(row)
                if record is not None:
                    self._records.move_to_end(row)
                    found[row] = record
        missing = [row for row in wanted if row not in found]
        if missing:
            ids = [self.ids[row].decode("utf-8") for row in missing]
            by_id = dict(
                con.execute(
                    "SELECT id, record FROM events WHERE id IN (SELECT unnest(?))", [ids]
                ).fetchall()
            )
            fetched = {row: by_id[event_id] for row, event_id in zip(missing, ids, strict=True)}
            found.update(fetched)
            with self._lock:
                for row, record in fetched.items():
                    if row not in self._records:
                        self._records[row] = record
                        self._record_chars += len(record)
                while self._record_chars > RECORD_CHARS_KEPT:
                    _, dropped = self._records.popitem(last=False)
                    self._record_chars -= len(dropped)
        return [found[row] for row in wanted]

    # -- filters --------------------------------------------------------------------------
    def mask(self, con: Any, query: EventQuery) -> Mask | None:
        """The rows ``query`` selects (None: all of them), as ``query.where()`` does."""
        masks: list[Mask] = []
        if query.actor is not None:
            masks.append(self.coded["source_code"].prefix(query.actor))
        if query.target is not None:
            masks.append(self.coded["target_code"].prefix(query.target))
        if query.root is not None:
            masks.append(self.coded["cameo_code"].prefix(query.root))
        if query.quad is not None:
            masks.append(self.quad == query.quad)
        if query.since is not None:
            masks.append(self.dated & (self.days >= (query.since - _EPOCH).days))
        if query.until is not None:
            masks.append(self.dated & (self.days <= (query.until - _EPOCH).days))
        if query.place is not None:
            masks.append(self._place(con, query.place))
        if query.story is not None:
            masks.append(self.coded["story_id"].equal(query.story))
        if query.factuality is not None:
            masks.append(self.coded["factuality"].equal(query.factuality))
        if query.article is not None:
            masks.append(self._article(con, query.article))
        if not masks:
            return None
        combined = masks[0]
        for more in masks[1:]:
            combined = combined & more
        return combined

    def _place(self, con: Any, place: str) -> Mask:
        lowered = self._lowered.get(place)
        if lowered is None:  # DuckDB's lower(), not Python's: they differ on a few letters
            row = con.execute("SELECT lower(?)", [place]).fetchone()
            lowered = str(row[0])
            if len(self._lowered) < 10_000:
                self._lowered[place] = lowered
        found = self.coded["location_country"].equal(place)
        found |= self.coded["location_name"].equal(lowered)
        rows = self.places.get(place)
        if rows is not None:
            found[rows] = True
        return found

    def _article(self, con: Any, article: str) -> Mask:
        found = np.zeros(self.size, dtype=np.bool_)
        event_ids = [
            row[0].encode("utf-8")
            for row in con.execute(
                "SELECT DISTINCT event_id FROM mentions WHERE article_id = ? "
                "AND event_id IS NOT NULL",
                [article],
            ).fetchall()
        ]
        if event_ids:
            wanted = np.array(event_ids, dtype=np.bytes_)
            at = np.searchsorted(self.ids, wanted)
            inside = at < self.size
            at, wanted = at[inside], wanted[inside]
            found[at[self.ids[at] == wanted]] = True
        return found

    # -- pages ----------------------------------------------------------------------------
    def rank(self, event_id: str) -> int:
        """How many events have an id <= ``event_id``."""
        return int(np.searchsorted(self.ids, event_id.encode("utf-8"), side="right"))

    def page(
        self, sort: str, mask: Mask | None, *, limit: int, after: tuple[Any, str] | None
    ) -> Rows:
        """The rows of the first ``limit`` matches of ``mask`` in the order of ``sort``,
        after the cursor ``after`` = (key, id) when given."""
        order = self.sorts[sort]
        start = 0
        if after is not None:
            key, event_id = after
            if isinstance(key, date):
                key = (key - _EPOCH).days
            if key is not None and order.descending:
                key = -key
            start = order.start_after(key, self.rank(event_id))
        if mask is None:
            return order.order[start : start + limit]
        found: list[Rows] = []
        wanted, step = limit, max(8 * limit, 4096)
        while wanted > 0 and start < self.size:
            chunk = order.order[start : start + step]
            hits = chunk[mask[chunk]][:wanted]
            found.append(hits)
            wanted -= len(hits)
            start += step
            step *= 4  # a rare filter: look further ahead each time
        return np.concatenate(found) if found else order.order[:0]

    def sort_key(self, sort: str, row: int) -> Any:
        """The key of ``row`` for ``sort`` as the SQL path reads it (a date, a number or
        None), for the next page's cursor."""
        order = self.sorts[sort]
        if order.null[row]:
            return None
        value = order.key[row].item()
        if order.descending:
            value = -value
        if order.dates:
            return date.fromordinal(_EPOCH.toordinal() + int(value))
        return value


def _sort(values: Any, *, descending: bool, dates: bool) -> _Sort | None:
    """A sort over ``values`` (rows in id order; a masked array marks NULLs), NULLs last
    and ties by row; None when a NaN is among them."""
    null = np.ma.getmaskarray(values).copy()
    raw = np.ma.filled(values, 0) if np.ma.isMaskedArray(values) else np.asarray(values)
    if raw.dtype.kind == "f" and bool(np.isnan(raw[~null]).any()):
        return None
    key = -raw if descending else raw.copy()
    key[null] = 0
    order = np.lexsort((key, null)).astype(np.int32)  # stable: ties keep id order
    return _Sort(order=order, key=key, null=null, descending=descending, dates=dates)


# -- one index per snapshot ---------------------------------------------------------------
# Indexes by snapshot file: its path and the (inode, size, mtime) of it and of its log, so
# that a file made later at the same path is never answered from an old index.
_Key = tuple[str, tuple[int, int, int] | None, tuple[int, int, int] | None]
_KEPT = 2  # the current snapshot's and the one it replaced (requests may still read it)
_lock = threading.Lock()
_built: OrderedDict[_Key, EventIndex] = OrderedDict()
_building: set[_Key] = set()
_failed: set[_Key] = set()


def _stat(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def index_for(con: Any, path: str, *, keyset: Mapping[str, tuple[str, bool]]) -> EventIndex | None:
    """The index of the snapshot file ``path`` (read through ``con``), built now by the
    first caller that finds none; None while another caller builds it, or when ``path``
    is no file (an in-memory store is read in SQL)."""
    own = _stat(path)
    if own is None:
        return None
    key = (path, own, _stat(path + ".wal"))
    with _lock:
        found = _built.get(key)
        if found is not None or key in _building or key in _failed:
            return found
        _building.add(key)
    try:
        import duckdb

        try:
            made = EventIndex.build(con, keyset=keyset)
        except duckdb.Error:  # not our schema, say: SQL answers (or says what is wrong)
            with _lock:
                _failed.add(key)
            return None
        with _lock:
            _built[key] = made
            while len(_built) > _KEPT:
                _built.popitem(last=False)
        return made
    finally:
        with _lock:
            _building.discard(key)
