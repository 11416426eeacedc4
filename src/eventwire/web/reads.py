"""What the HTTP API reads: pages of events and the aggregates the dashboard draws.

Filters come from :class:`eventwire.query.EventQuery` (the same object the CLI and the
Python API build), so ``?actor=RUS&root=19`` selects exactly what ``eventwire events
--actor RUS --root 19`` does. Everything here is ``SELECT`` with bound parameters over a
read-only snapshot (:mod:`eventwire.web.snapshot`).

Pages are keyset pages: a cursor holds the sort, and the sort key and id of the last
event served, and the next page starts after it. The order is the query's own
(``EventQuery.order_by()``: the sort key, then id), so paging through a store that does
not change serves every matching event exactly once; one that changes between pages
never repeats an event already served on the same sort key.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventwire.query import EventQuery, QueryError
from eventwire.web.index import index_for
from eventwire.web.snapshot import Reader

__all__ = [
    "KEYSET",
    "TIMELINE_GROUPS",
    "EventPage",
    "actors",
    "article_spans",
    "decode_cursor",
    "encode_cursor",
    "event_mentions",
    "events_page",
    "events_page_sql",
    "places",
    "timeline",
]

# Each sort of eventwire.query.SORTS as (column, descending). Every sort puts NULL keys
# last and breaks ties by id ascending; a test checks this table against SORTS.
KEYSET: dict[str, tuple[str, bool]] = {
    "date": ("date", False),
    "-date": ("date", True),
    "confidence": ("confidence", True),
    "mentions": ("num_mentions", True),
    "goldstein": ("goldstein", False),
}
_DATE_COLUMNS = {"date"}
# Cursors are short: three values; anything longer was not made here.
_MAX_CURSOR = 512


def encode_cursor(sort: str, key: Any, event_id: str) -> str:
    """An opaque cursor: URL-safe base64 of ``[sort, key, id]``."""
    if isinstance(key, date):
        key = key.isoformat()
    raw = json.dumps([sort, key, event_id], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    """The (key, id) a cursor holds; :class:`QueryError` on ``cursor`` when it was not
    made by :func:`encode_cursor` for this ``sort``."""
    bad = QueryError("cursor", "not a cursor this API gave (use the `next` of a page)")
    if len(cursor) > _MAX_CURSOR:
        raise bad
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, key, event_id = json.loads(raw)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise bad from exc
    if made_for != sort:
        raise QueryError("cursor", f"this cursor pages sort={made_for}, not sort={sort}")
    if not isinstance(event_id, str):
        raise bad
    column, _ = KEYSET[sort]
    if key is None:
        return None, event_id
    if column in _DATE_COLUMNS:
        try:
            return date.fromisoformat(key), event_id
        except (TypeError, ValueError) as exc:
            raise bad from exc
    if isinstance(key, bool) or not isinstance(key, int | float):
        raise bad
    return key, event_id


def _after(sort: str, key: Any, event_id: str) -> tuple[str, list[Any]]:
    """SQL for "comes after (key, id)" in the order of ``sort`` (NULL keys last)."""
    column, descending = KEYSET[sort]
    if key is None:
        return f"({column} IS NULL AND id > ?)", [event_id]
    beyond = "<" if descending else ">"
    return (
        f"({column} {beyond} ? OR ({column} = ? AND id > ?) OR {column} IS NULL)",
        [key, key, event_id],
    )


def _and(where: str, clause: str) -> str:
    return f"{where} AND ({clause})" if where else f"WHERE ({clause})"


@dataclass(frozen=True, slots=True)
class EventPage:
    """A page: its events as the store holds their records (JSON text), the cursor of
    the next page (None on the last) and how many events match in all."""

    records: list[str]
    next: str | None
    count: int

    @property
    def events(self) -> list[dict[str, Any]]:
        return [json.loads(record) for record in self.records]

    def json(self) -> bytes:
        """The page as the API's JSON body, ``{"events": [...], "next": ..., "count":
        ...}``, with each record spliced in as stored: parsing and re-encoding 50 records
        would cost more than finding them."""
        return (
            '{"events":['
            + ",".join(self.records)
            + f'],"next":{json.dumps(self.next)},"count":{self.count}}}'
        ).encode("utf-8")


def events_page(
    reader: Reader, query: EventQuery, *, limit: int, cursor: str | None = None
) -> EventPage:
    """One page of the events matching ``query``, in its order, after ``cursor``: from
    the snapshot's in-memory index (:mod:`eventwire.web.index`) when it has one, in SQL
    otherwise (same events, same order, same cursors)."""
    after = decode_cursor(cursor, query.sort) if cursor is not None else None
    index = index_for(reader.con, reader.store.path, keyset=KEYSET)
    if index is None or query.sort not in index.sorts:
        return events_page_sql(reader, query, limit=limit, after=after)
    mask, total = index.select(reader.con, query)
    rows = index.page(query.sort, mask, limit=limit + 1, after=after)
    page = rows[:limit]
    following = None
    if len(rows) > limit:
        last = int(page[-1])
        following = encode_cursor(
            query.sort, index.sort_key(query.sort, last), index.ids[last].decode("utf-8")
        )
    return EventPage(records=index.records(reader.con, page), next=following, count=total)


def events_page_sql(
    reader: Reader, query: EventQuery, *, limit: int, after: tuple[Any, str] | None = None
) -> EventPage:
    """:func:`events_page` in SQL alone, after the cursor's ``(key, id)``."""
    where, params = query.where()
    total = _count(reader, where, params)
    paged, paged_params = where, list(params)
    if after is not None:
        clause, more = _after(query.sort, *after)
        paged, paged_params = _and(where, clause), paged_params + more
    column, _ = KEYSET[query.sort]
    # The page's keys first, over narrow columns only (sorting a million rows with their
    # JSON records costs ~100x more), then the records of those ids.
    rows = reader.con.execute(
        f"SELECT {column}, id FROM events {paged} ORDER BY {query.order_by()} LIMIT ?",
        [*paged_params, limit + 1],
    ).fetchall()
    page = rows[:limit]
    records = dict(
        reader.con.execute(
            "SELECT id, record FROM events WHERE id IN (SELECT unnest(?))",
            [[event_id for _, event_id in page]],
        ).fetchall()
    )
    following = None
    if len(rows) > limit:
        key, last_id = page[-1]
        following = encode_cursor(query.sort, key, last_id)
    return EventPage(
        records=[records[event_id] for _, event_id in page],
        next=following,
        count=total,
    )


# Totals of recent filters, by snapshot (each snapshot is a private copy with its own
# path, so a total is never served for another state of the store): every page of a
# listing asks for the same total, and counting a million rows is most of a page's cost.
_COUNTS: dict[tuple[str, str, tuple[str, ...]], int] = {}
_COUNTS_KEPT = 256


def _count(reader: Reader, where: str, params: list[Any]) -> int:
    key = (reader.store.path, where, tuple(str(p) for p in params))
    found = _COUNTS.get(key)
    if found is None:
        row = reader.con.execute(f"SELECT count(*) FROM events {where}", params).fetchone()
        found = int(row[0]) if row else 0
        if len(_COUNTS) >= _COUNTS_KEPT:
            _COUNTS.pop(next(iter(_COUNTS)))
        _COUNTS[key] = found
    return found


def _dicts(cur: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def event_mentions(reader: Reader, event_id: str) -> list[dict[str, Any]]:
    """The mentions merged into an event: each one's article and where in it it was read."""
    rows = reader.con.execute(
        "SELECT m.id, m.article_id, m.record, a.title, a.source, a.published FROM mentions m "
        "LEFT JOIN articles a ON a.id = m.article_id WHERE m.event_id = ? "
        "ORDER BY a.published NULLS LAST, m.article_id, m.id",
        [event_id],
    ).fetchall()
    found = []
    for mention_id, article_id, record, title, source, published in rows:
        data = json.loads(record)
        found.append(
            {
                "id": mention_id,
                "article_id": article_id,
                "title": title,
                "source": source,
                "published": published,
                "trigger": data.get("trigger", ""),
                "cameo": data["cameo"],
                "factuality": data["factuality"],
                "evidence": data["evidence"][0] if data["evidence"] else None,
            }
        )
    return found


def article_spans(reader: Reader, article_id: str) -> list[dict[str, Any]]:
    """Where an article's event mentions sit in it, for highlighting: the sentence, the
    trigger, the source and target phrases (offsets into the article's ``original``)."""
    rows = reader.con.execute(
        "SELECT id, event_id, record FROM mentions WHERE article_id = ? ORDER BY id",
        [article_id],
    ).fetchall()
    spans = []
    for mention_id, event_id, record in rows:
        data = json.loads(record)
        for ev in data["evidence"]:
            if ev["article_id"] != article_id:
                continue
            spans.append(
                {
                    "mention_id": mention_id,
                    "event_id": event_id,
                    "cameo": data["cameo"],
                    "factuality": data["factuality"],
                    "sentence": [ev["start"], ev["end"]],
                    "trigger": _span(ev, "trigger"),
                    "source": _span(ev, "source"),
                    "target": _span(ev, "target"),
                }
            )
    spans.sort(key=lambda s: (s["sentence"][0], s["mention_id"]))
    return spans


def _span(evidence: dict[str, Any], name: str) -> list[int] | None:
    start, end = evidence.get(f"{name}_start"), evidence.get(f"{name}_end")
    return None if start is None or end is None else [start, end]


def actors(reader: Reader, query: EventQuery, *, limit: int) -> dict[str, Any]:
    """The most frequent source and target actor codes among the matching events."""
    where, params = query.where()
    found: dict[str, Any] = {}
    for role in ("source", "target"):
        sql = (
            f"SELECT {role}_code AS code, any_value({role}_country) AS country, "
            f"mode(json_extract_string(record, '$.{role}.name')) AS name, count(*) AS count "
            f"FROM events {_and(where, f'{role}_code IS NOT NULL')} "
            "GROUP BY code ORDER BY count DESC, code LIMIT ?"
        )
        found[role + "s"] = _dicts(reader.con.execute(sql, [*params, limit]))
    return found


# How a timeline groups a day's events: QuadClass (1-4) or CAMEO root ("01"-"20").
TIMELINE_GROUPS = {"quad": "CAST(quad_class AS VARCHAR)", "root": "cameo_root"}


def timeline(reader: Reader, query: EventQuery, *, by: str) -> dict[str, Any]:
    """Events per day, split by QuadClass or CAMEO root, with the day's mean Goldstein."""
    where, params = query.where()
    dated = _and(where, "date IS NOT NULL")
    group = TIMELINE_GROUPS[by]
    days: dict[str, dict[str, Any]] = {}
    totals = reader.con.execute(
        f"SELECT date, count(*), avg(goldstein) FROM events {dated} GROUP BY date ORDER BY date",
        params,
    ).fetchall()
    for day, count, goldstein in totals:
        days[day.isoformat()] = {
            "date": day.isoformat(),
            "count": int(count),
            "goldstein": round(float(goldstein), 3),
            "counts": {},
        }
    split = reader.con.execute(
        f"SELECT date, {group} AS grp, count(*) FROM events {dated} GROUP BY date, grp "
        "ORDER BY date, grp",
        params,
    ).fetchall()
    for day, grp, count in split:
        days[day.isoformat()]["counts"][grp] = int(count)
    undated = reader.con.execute(
        f"SELECT count(*) FROM events {_and(where, 'date IS NULL')}", params
    ).fetchone()
    return {"by": by, "days": list(days.values()), "undated": int(undated[0]) if undated else 0}


def places(reader: Reader, query: EventQuery, *, limit: int) -> dict[str, Any]:
    """Matching events per location (those with coordinates), most events first."""
    where, params = query.where()
    rows = reader.con.execute(
        "SELECT location_name AS name, location_country AS country, lat, lon, "
        "count(*) AS count, round(avg(goldstein), 3) AS goldstein FROM events "
        f"{_and(where, 'lat IS NOT NULL AND lon IS NOT NULL')} "
        "GROUP BY name, country, lat, lon ORDER BY count DESC, name, country LIMIT ?",
        [*params, limit],
    )
    found = _dicts(rows)
    unplaced = reader.con.execute(
        f"SELECT count(*) FROM events {_and(where, 'lat IS NULL OR lon IS NULL')}", params
    ).fetchone()
    return {"places": found, "unplaced": int(unplaced[0]) if unplaced else 0}
