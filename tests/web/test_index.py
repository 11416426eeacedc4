"""The in-memory index behind /api/events pages, as a specification: it serves exactly
what the SQL of eventwire.query.EventQuery serves (same events, same order, same totals,
same cursors), for every filter alone and combined, every sort, page after page.

The store here is made row by row (seeded random), with what SQL is particular about:
NULL dates, codes and places, ties on every sort key, codes that are prefixes of each
other, place names in several cases and lists of places, ids of several lengths.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from eventwire.query import PLACES_FROM_RECORD, SORTS, EventQuery
from eventwire.store import DuckDBStore
from eventwire.store import duckdb as duckdb_store
from eventwire.store.schema import MIGRATIONS
from eventwire.web import index as index_module
from eventwire.web import reads
from eventwire.web.index import EventIndex, index_for
from eventwire.web.snapshot import Reader

SOURCES = ["RUS", "RUSMIL", "RUSGOV", "RUSGOVMIL", "SYR", "SYRREB", "USA", "---MIL", None]
TARGETS = ["IMGMUSISI", "IMG", "RUS", "SYRGOV", "SYRREB", None, None, None]
CAMEO = ["010", "01", "190", "19", "195", "1951", "193", "042", "200", "20", "15"]
PLACES = [
    # (location name, country, the places it stands for)
    ("Hama", "SYR", ["Hama"]),
    ("HAMA", "SYR", []),
    ("hama", None, ["Homs", "Hama"]),
    ("Syria", "SYR", ["Homs", "Hama", "Raqqa"]),
    ("Moscow", "RUS", ["Moscow"]),
    ("İstanbul", "TUR", ["Istanbul"]),
    (None, None, None),
    (None, None, ["Hama"]),
]
STORIES = ["story-a", "story-b", None, None]
FACTUALITIES = ["asserted", "negated", "reported"]
EVENTS = 420


def _fill(path: Path, *, seed: int = 13, places_column: bool = True) -> None:
    """A store of EVENTS varied events, with mentions tying them to articles."""
    rng = random.Random(seed)
    with DuckDBStore(path) as store:
        con = store._con
        events, mentions = [], []
        for k in range(EVENTS):
            event_id = rng.choice(["%016x", "%08x", "e-%d", "E%05d"]) % rng.randrange(10**6)
            if any(row[0] == event_id for row in events):
                continue
            name, country, places = rng.choice(PLACES)
            cameo = rng.choice(CAMEO)
            record = {
                "id": event_id,
                "location": None if places is None else {"name": name, "places": places},
                "note": f"event {k}",
            }
            day = None if rng.random() < 0.15 else date(2015, 1, 1) + timedelta(rng.randrange(40))
            events.append(
                [
                    event_id, "block", day,
                    rng.choice(SOURCES), rng.choice(TARGETS), cameo, cameo[:2],
                    rng.randint(1, 4), rng.choice([-10.0, -2.0, 0.0, 1.5, 7.0]),
                    rng.choice(FACTUALITIES), rng.choice([0.3, 0.5, 0.9, 0.55]),
                    name, country, rng.randint(1, 3), rng.choice(STORIES),
                    json.dumps(record),
                ]
            )  # fmt: skip
            for _ in range(rng.randint(0, 2)):
                mentions.append(
                    [f"m{len(mentions)}", rng.choice(["art-1", "art-2", "art-3"]), event_id]
                )
        con.executemany(
            "INSERT INTO events (id, block, date, source_code, target_code, cameo_code, "
            "cameo_root, quad_class, goldstein, factuality, confidence, location_name, "
            "location_country, num_mentions, story_id, record, num_articles, num_sources) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)",
            events,
        )
        # a mention of an event that is not in the store (merged away) names nothing
        mentions.append(["m-gone", "art-1", "no-such-event"])
        con.executemany(
            "INSERT INTO mentions (id, article_id, event_id, cameo_code, cameo_root, "
            "quad_class, goldstein, factuality, confidence, record, extracted_at) "
            "VALUES (?, ?, ?, '010', '01', 1, 0.0, 'asserted', 0.5, '{}', now())",
            mentions,
        )
        if places_column:  # as the merge does (eventwire.store.duckdb)
            con.execute(f"UPDATE events SET location_places = {PLACES_FROM_RECORD}")
        con.execute("CHECKPOINT")


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("index") / "varied.duckdb"
    _fill(path)
    return path


@pytest.fixture
def reader(varied: Path) -> Iterator[Reader]:
    con = duckdb.connect(str(varied), read_only=True)
    try:
        yield Reader(DuckDBStore.over(con, path=str(varied)), con)
    finally:
        con.close()


FILTERS: list[dict[str, Any]] = [
    {},
    {"actor": "RUS"},
    {"actor": "RUSGOV"},
    {"actor": "---"},
    {"actor": "GBR"},
    {"target": "IMG"},
    {"target": "SYRREB"},
    {"root": "19"},
    {"root": "195"},
    {"root": "01"},
    {"root": "20"},
    {"quad": 4},
    {"since": date(2015, 1, 10)},
    {"until": date(2015, 1, 10)},
    {"since": date(2015, 1, 5), "until": date(2015, 1, 5)},
    {"place": "SYR"},
    {"place": "Hama"},
    {"place": "hAmA"},
    {"place": "Homs"},
    {"place": "Istanbul"},
    {"place": "istanbul"},
    {"place": "nowhere"},
    {"story": "story-a"},
    {"story": "story-z"},
    {"factuality": "negated"},
    {"article": "art-1"},
    {"article": "art-9"},
    {"actor": "RUS", "root": "19"},
    {"actor": "SYR", "target": "RUS", "quad": 1},
    {"place": "Hama", "since": date(2015, 1, 3), "until": date(2015, 2, 1)},
    {"story": "story-b", "factuality": "asserted", "article": "art-2"},
]


def _pages(reader: Reader, query: EventQuery, *, limit: int, sql: bool) -> list[reads.EventPage]:
    pages: list[reads.EventPage] = []
    cursor = None
    while True:
        if sql:
            after = reads.decode_cursor(cursor, query.sort) if cursor else None
            page = reads.events_page_sql(reader, query, limit=limit, after=after)
        else:
            page = reads.events_page(reader, query, limit=limit, cursor=cursor)
        pages.append(page)
        cursor = page.next
        if cursor is None:
            return pages


def test_index_is_built_for_the_varied_store(reader: Reader) -> None:
    built = index_for(reader.con, reader.store.path, keyset=reads.KEYSET)
    assert built is not None
    assert built.size == reader.con.execute("SELECT count(*) FROM events").fetchone()[0]
    assert set(built.sorts) == set(SORTS)  # no NaN here: every sort is indexed


@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize(
    "filters", FILTERS, ids=lambda f: "&".join(f"{k}={v}" for k, v in f.items()) or "none"
)
def test_index_pages_are_the_sql_pages(reader: Reader, filters: dict[str, Any], sort: str) -> None:
    query = EventQuery(**filters, sort=sort)
    by_index = _pages(reader, query, limit=7, sql=False)
    by_sql = _pages(reader, query, limit=7, sql=True)
    assert [p.records for p in by_index] == [p.records for p in by_sql]
    assert [p.next for p in by_index] == [p.next for p in by_sql]
    assert [p.count for p in by_index] == [p.count for p in by_sql]
    served = [e["id"] for p in by_index for e in p.events]
    assert len(served) == len(set(served)) == by_index[0].count


@pytest.mark.parametrize("sort", list(SORTS))
def test_index_starts_after_any_cursor_as_sql_does(reader: Reader, sort: str) -> None:
    """Cursors whose key or id is in no event (the store changed, say) start where SQL
    starts: after every event before (key, id) in the sort's order."""
    rng = random.Random(sort)
    column, _ = reads.KEYSET[sort]
    keys = [
        row[0] for row in reader.con.execute(f"SELECT DISTINCT {column} FROM events").fetchall()
    ]
    ids = [row[0] for row in reader.con.execute("SELECT id FROM events").fetchall()]
    for _ in range(60):
        key = rng.choice([*keys, None])
        if key is not None and rng.random() < 0.3:  # a key between the stored ones
            key = key + timedelta(days=1) if isinstance(key, date) else key + 0.25
        event_id = rng.choice(ids) + rng.choice(["", "0", "~"]) if rng.random() < 0.7 else ""
        cursor = reads.encode_cursor(sort, key, event_id)
        query = EventQuery(sort=sort, quad=rng.choice([None, 2]))
        by_index = reads.events_page(reader, query, limit=5, cursor=cursor)
        after = reads.decode_cursor(cursor, sort)
        by_sql = reads.events_page_sql(reader, query, limit=5, after=after)
        assert (by_index.records, by_index.next, by_index.count) == (
            by_sql.records,
            by_sql.next,
            by_sql.count,
        ), cursor


def test_index_sort_with_a_nan_key_is_left_to_sql(tmp_path: Path) -> None:
    path = tmp_path / "nan.duckdb"
    _fill(path, seed=5)
    with DuckDBStore(path) as store:
        store._con.execute("UPDATE events SET goldstein = 'NaN'::DOUBLE WHERE rowid % 7 = 0")
        store._con.execute("CHECKPOINT")
    con = duckdb.connect(str(path), read_only=True)
    try:
        built = EventIndex.build(con, keyset=reads.KEYSET)
        assert "goldstein" not in built.sorts and "date" in built.sorts
        reader = Reader(DuckDBStore.over(con, path=str(path)), con)
        query = EventQuery(sort="goldstein")
        assert [p.records for p in _pages(reader, query, limit=9, sql=False)] == [
            p.records for p in _pages(reader, query, limit=9, sql=True)
        ]
    finally:
        con.close()


def test_index_caches_keep_a_bounded_amount(
    reader: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = EventIndex.build(reader.con, keyset=reads.KEYSET)
    monkeypatch.setattr(index_module, "SELECTIONS_KEPT", 3)
    monkeypatch.setattr(index_module, "RECORD_CHARS_KEPT", 2000)
    for quad in (1, 2, 3, 4):
        mask, count = built.select(reader.con, EventQuery(quad=quad))
        assert mask is not None and count == int(mask.sum())
    records = built.records(reader.con, built.sorts["date"].order[:40])
    assert len(records) == 40
    assert len(built._selections) == 3
    assert built._record_chars <= 2000
    assert built._record_chars == sum(len(r) for r in built._records.values())


def test_index_of_a_store_before_migration_5_reads_places_from_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store written before events.location_places (migration 5) is migrated when
    next opened for writing; served as it is, the index reads the records' places."""
    path = tmp_path / "old.duckdb"
    with monkeypatch.context() as patch:  # a store as migrations 1-4 made it
        patch.setattr(duckdb_store, "MIGRATIONS", MIGRATIONS[:4])
        _fill(path, seed=7, places_column=False)
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert "location_places" not in {r[0] for r in con.execute("DESCRIBE events").fetchall()}
        reader = Reader(DuckDBStore.over(con, path=str(path)), con)
        query = EventQuery(place="Homs")
        by_index = _pages(reader, query, limit=4, sql=False)
        assert index_for(con, str(path), keyset=reads.KEYSET) is not None
        assert by_index[0].count > 0
        assert [p.records for p in by_index] == [
            p.records for p in _pages(reader, query, limit=4, sql=True)
        ]
    finally:
        con.close()
    with DuckDBStore(path) as store:  # migration 5 fills the column from the records
        mismatched = store._con.execute(
            "SELECT count(*) FROM events WHERE location_places IS DISTINCT FROM "
            f"{PLACES_FROM_RECORD}"
        ).fetchone()
        assert mismatched == (0,)


def test_merge_keeps_location_places_as_the_records_say(web_db: Path) -> None:
    with DuckDBStore(web_db, read_only=True) as store:
        rows = store._con.execute(
            "SELECT count(*), count(*) FILTER (WHERE location_places IS DISTINCT FROM "
            f"{PLACES_FROM_RECORD}), count(*) FILTER (WHERE len(location_places) > 0) "
            "FROM events"
        ).fetchone()
    assert rows is not None
    total, mismatched, placed = rows
    assert total > 0 and placed > 0 and mismatched == 0


def test_index_is_replaced_with_the_snapshot_file(
    reader: Reader, varied: Path, tmp_path: Path
) -> None:
    """An index answers for one file: a copy elsewhere (a new snapshot) gets its own."""
    first = index_for(reader.con, reader.store.path, keyset=reads.KEYSET)
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(varied.read_bytes())
    con = duckdb.connect(str(copy), read_only=True)
    try:
        second = index_for(con, str(copy), keyset=reads.KEYSET)
    finally:
        con.close()
    assert first is not None and second is not None and first is not second
    assert index_for(reader.con, reader.store.path, keyset=reads.KEYSET) is first


def test_index_is_not_made_for_a_store_in_memory() -> None:
    with DuckDBStore() as store:
        assert index_for(store._con, ":memory:", keyset=reads.KEYSET) is None
        page = reads.events_page(Reader(store, store._con), EventQuery(), limit=5)
        assert page.records == [] and page.count == 0


def test_event_page_json_is_the_page_as_json(reader: Reader) -> None:
    page = reads.events_page(reader, replace(EventQuery(), sort="-date"), limit=3)
    assert json.loads(page.json()) == {
        "events": page.events,
        "next": page.next,
        "count": page.count,
    }
