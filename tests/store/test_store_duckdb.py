"""The DuckDB store: migrations, batch upserts in one transaction, dead letters, round trips."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pytest

from eventwire.errors import StoreError
from eventwire.merge.near_duplicates import NearDuplicateIndex, Repoint
from eventwire.records import Article, OffsetMap, Origin, Problem
from eventwire.store import Batch, DuckDBStore, MemoryStore, RunSummary, open_store
from eventwire.store.schema import MIGRATIONS

ORIGINAL = "Advertisement\nRussia fired 26 cruise missiles at Syria.\nShare this\nShoigu said."
ARTICLE = Article(
    id="wire-0003",
    text="Russia fired 26 cruise missiles at Syria.\n\nShoigu said.",
    original=ORIGINAL,
    origin=Origin("wires.jsonl", line=3),
    title="Russian warships fire cruise missiles at Syria",
    source="Levant Wire",
    url="https://levant-wire.test/2015/10/07/caspian",
    published=datetime(2015, 10, 7, 11, 30),
    language="en",
    offsets=OffsetMap(((0, 14, 41), (43, 67, 12))),
    format="jsonl",
    id_given=True,
)


def _article(article_id: str, text: str | None, **changes: object) -> Article:
    plain = Article(id=article_id, text=text, origin=Origin(f"{article_id}.txt"))  # type: ignore[arg-type]
    return replace(plain, **changes)  # type: ignore[arg-type]


def test_memory_store_starts_empty_and_stores_articles(store: DuckDBStore) -> None:
    assert store.count_articles() == 0
    assert list(store.articles()) == []
    assert store.dead_letters() == []
    store.write(Batch([(ARTICLE, None)]))
    assert store.count_articles() == 1


def test_article_round_trips_with_every_field(store: DuckDBStore) -> None:
    marked = replace(ARTICLE, duplicate_of="wire-0001", similarity=0.75)
    store.write(Batch([(marked, None)]))
    assert store.article("wire-0003") == marked
    assert store.article("no-such-id") is None


def test_offset_map_round_trips_and_still_points_into_original(store: DuckDBStore) -> None:
    store.write(Batch([(ARTICLE, None)]))
    stored = store.article(ARTICLE.id)
    assert stored is not None
    assert stored.offsets == ARTICLE.offsets
    start = stored.text.index("Shoigu")
    begin, end = stored.evidence_span(start, start + len("Shoigu said."))
    assert ORIGINAL[begin:end] == "Shoigu said."


def test_signature_round_trips_for_the_near_duplicate_index(store: DuckDBStore) -> None:
    signature = NearDuplicateIndex().signature(ARTICLE.text)
    store.write(Batch([(ARTICLE, signature)]))
    (entry,) = store.dedup_entries()
    assert (entry.id, entry.published, entry.duplicate_of) == (ARTICLE.id, ARTICLE.published, None)
    assert np.array_equal(entry.signature, signature)


@pytest.mark.parametrize(
    ("second", "outcome"),
    [
        (ARTICLE, "unchanged"),
        (_article("wire-0003", ARTICLE.text, title="A corrected headline"), "updated"),
        (_article("wire-0009", "Turkey summoned the Russian ambassador."), "new"),
    ],
)
def test_write_is_an_upsert_by_id(store: DuckDBStore, second: Article, outcome: str) -> None:
    store.write(Batch([(ARTICLE, None)]))
    result = store.write(Batch([(second, None)]))
    assert {"new": result.new, "updated": result.updated, "unchanged": result.unchanged}[
        outcome
    ] == [second.id]
    assert store.count_articles() == (2 if outcome == "new" else 1)
    stored = store.article(second.id)
    assert stored is not None and stored.title == second.title


def test_write_applies_repoints(store: DuckDBStore) -> None:
    store.write(Batch([(ARTICLE, None), (_article("copy", ARTICLE.text), None)]))
    store.write(Batch(repoints=[Repoint("copy", "wire-0003", 0.9, newly_marked=True)]))
    copy = store.article("copy")
    assert copy is not None and (copy.duplicate_of, copy.similarity) == ("wire-0003", 0.9)


def test_batch_that_fails_half_way_leaves_nothing_of_itself(store: DuckDBStore) -> None:
    good = _article("good", "Russian jets flew 22 sorties overnight.")
    broken = _article("broken", None)  # text is NOT NULL in the schema
    with pytest.raises(duckdb.Error):
        store.write(Batch([(good, None), (broken, None)], problems=[Problem("x.txt", "empty")]))
    assert store.count_articles() == 0
    assert store.dead_letters() == []
    store.write(Batch([(good, None)]))  # the connection is usable afterwards
    assert store.count_articles() == 1


def test_dead_letters_are_kept_once_per_path_line_and_reason(store: DuckDBStore) -> None:
    problem = Problem("wires.jsonl", "malformed JSON: Expecting value at column 5", line=2)
    store.write(Batch(problems=[problem]))
    store.write(Batch(problems=[problem]))
    store.write(Batch(problems=[Problem("wires.jsonl", problem.reason, line=9)]))
    assert store.dead_letters() == [problem, Problem("wires.jsonl", problem.reason, line=9)]


def test_articles_are_listed_by_date_unknown_last_then_id(store: DuckDBStore) -> None:
    rows = [
        _article("c", "Undated story about Hama."),
        _article("b", "Later story about Homs.", published=datetime(2015, 10, 9)),
        _article("a", "Earlier story about Idlib.", published=datetime(2015, 10, 1)),
        _article("d", "Another undated story about Raqqa."),
    ]
    store.write(Batch([(a, None) for a in rows]))
    assert [a.id for a in store.articles()] == ["a", "b", "c", "d"]
    assert [a.id for a in store.articles(limit=2, offset=1)] == ["b", "c"]


def test_runs_are_recorded_with_their_status(store: DuckDBStore) -> None:
    run_id = store.begin_run("ingest", {"paths": ["examples/corpus"]})
    (running,) = store.runs()
    assert (running["id"], running["status"]) == (run_id, "running")
    store.finish_run(run_id, RunSummary(files=3, new=2, failed=1, status="interrupted"))
    (finished,) = store.runs()
    assert (finished["status"], finished["files"], finished["new"], finished["failed"]) == (
        "interrupted",
        3,
        2,
        1,
    )
    assert store.begin_run("ingest", {}) == run_id + 1


def test_migrations_are_recorded_in_order(store: DuckDBStore) -> None:
    assert store.migrations() == [(version, name) for version, name, _ in MIGRATIONS]
    versions = [version for version, _, _ in MIGRATIONS]
    assert versions == sorted(versions) == list(range(1, len(versions) + 1))


def _applied_at(path: Path) -> list[tuple[int, datetime]]:
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute("SELECT version, applied_at FROM schema_migrations ORDER BY version")
        return [(int(v), at) for v, at in rows.fetchall()]


def test_reopening_a_file_store_does_not_rerun_migrations(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "eventwire.duckdb"
    with open_store(str(path)) as first:
        first.write(Batch([(ARTICLE, None)]))
    applied = _applied_at(path)
    with open_store(str(path)) as again:
        assert again.migrations() == [(v, n) for v, n, _ in MIGRATIONS]
        assert again.count_articles() == 1
    assert _applied_at(path) == applied


def test_read_only_store_reads_what_was_written(tmp_path: Path) -> None:
    path = tmp_path / "eventwire.duckdb"
    with DuckDBStore(path) as writer:
        writer.write(Batch([(ARTICLE, None)]))
    with open_store(str(path), read_only=True) as reader:
        assert reader.article(ARTICLE.id) == ARTICLE


def test_missing_store_opened_read_only_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(str(tmp_path / "nowhere.duckdb"), read_only=True)


def test_memory_store_is_a_duckdb_store_in_memory() -> None:
    with MemoryStore() as memory:
        assert isinstance(memory, DuckDBStore)
        assert memory.path == ":memory:"


def test_story_placements_since_the_last_saved_state_are_kept_for_a_replay(
    store: DuckDBStore,
) -> None:
    from eventwire.merge.stories import StoryAssignment

    store.write(Batch([(_article(i, f"text {i}"), None) for i in ("a", "b", "c", "d")]))
    assert store.story_replay() == [["a", "b", "c", "d"]]  # never placed
    store.write_stories([StoryAssignment("b", "s1", True), StoryAssignment("a", "s1", False)], None)
    store.write_stories([StoryAssignment("c", "s2", True)], None)
    assert store.story_replay() == [["a", "b"], ["c"], ["d"]]  # batch by batch, then unplaced
    store.write_stories([StoryAssignment("d", "s2", False)], {"format": 1})
    assert store.story_replay() == []  # the saved state has seen them all
    assert store.story_state() == {"format": 1}


def test_loaded_shards_are_recorded_once(store: DuckDBStore) -> None:
    marker = {"id": "s1", "paths": ["a.jsonl"], "bytes": 10, "articles": 2, "events": 3}
    store.mark_shards_loaded([marker], run_id=1)
    store.mark_shards_loaded([marker], run_id=2)  # a re-load after a crash: still one row
    assert store.loaded_shards(["s1", "s2"]) == {"s1"}
    assert store.loaded_shards([]) == set()
    rows = store._con.execute("SELECT id, paths, articles, run_id FROM shards").fetchall()
    assert rows == [("s1", '["a.jsonl"]', 2, 2)]
