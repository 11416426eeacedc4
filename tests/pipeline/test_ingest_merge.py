"""Ingest merges mentions into events and articles into stories, the same whatever the
order articles arrive in; syndicated copies count as one source. Articles we wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.pipeline.ingest import ingest
from eventwire.query import EventQuery
from eventwire.store import MemoryStore

WIRE = (
    "Russian warplanes struck 27 rebel targets in the central province of Hama on "
    "Thursday, the defence ministry in Moscow said. The ministry said the jets flew 20 "
    "sorties from the Hmeimim air base near Latakia. Syrian troops later advanced on two "
    "villages north of Hama city, a monitoring group said."
)
INDEPENDENT = (
    "Rebel commanders in Hama said Russian jets bombed their positions on Thursday, "
    "hitting an ammunition depot. They said the strikes killed four fighters."
)
OTHER = (
    "Turkish troops shelled Kurdish fighters near the border town of Tal Abyad on "
    "Monday, a Kurdish official said, in the second such clash this month."
)
# One wire story reprinted by two outlets (light edits), one independent report of the
# same strikes, and an unrelated story.
LINES = [
    {"id": "wire", "source": "Wire Agency", "published": "2015-10-09T06:00:00", "text": WIRE},
    {
        "id": "gazette",
        "source": "Gazette A",
        "published": "2015-10-09T09:00:00",
        "text": "GAZETTE A - " + WIRE,
    },
    {
        "id": "herald",
        "source": "Herald B",
        "published": "2015-10-09T11:00:00",
        "text": WIRE + " (Wire Agency)",
    },
    {
        "id": "daily",
        "source": "Daily C",
        "published": "2015-10-09T15:00:00",
        "text": INDEPENDENT,
    },
    {"id": "turkey", "source": "Daily C", "published": "2015-10-13T10:00:00", "text": OTHER},
]


def _write(path: Path, lines: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def _snapshot(store: object) -> list[tuple[object, ...]]:
    events = list(store.events())  # type: ignore[attr-defined]
    return sorted(
        (e.id, e.cameo.code, e.num_mentions, e.num_articles, e.num_sources, e.story_id)
        for e in events
    )


@pytest.fixture
def merged(tmp_path: Path) -> MemoryStore:
    store = MemoryStore()
    ingest([str(_write(tmp_path / "all.jsonl", LINES))], store, settings=Settings(db=":memory:"))
    return store


def test_syndicated_copies_count_as_one_source(merged: MemoryStore) -> None:
    strikes = list(merged.query_events(EventQuery(actor="RUS", root="19", place="SYR")))
    assert strikes, [(e.source.code, e.cameo.code) for e in merged.events()]
    strike = max(strikes, key=lambda e: e.num_articles)
    assert strike.num_articles == 4  # the wire story, its two reprints, the rebels' account
    assert strike.num_sources == 2  # Wire Agency (with its copies) and Daily C
    assert strike.num_mentions >= 4
    assert {c.value for c in strike.claims} >= {27.0}


def test_ingesting_one_by_one_in_any_order_gives_the_same_events(
    merged: MemoryStore, tmp_path: Path
) -> None:
    expected = _snapshot(merged)
    for order in (LINES, list(reversed(LINES))):
        store = MemoryStore()
        for i, line in enumerate(order):
            path = _write(tmp_path / f"one-{i}.jsonl", [line])
            ingest([str(path)], store, settings=Settings(db=":memory:"))
        assert _snapshot(store) == expected


def test_reingesting_adds_nothing(merged: MemoryStore, tmp_path: Path) -> None:
    before = _snapshot(merged), merged.count_mentions(), merged.stories()
    ingest([str(_write(tmp_path / "again.jsonl", LINES))], merged, settings=Settings(db=":memory:"))
    assert (_snapshot(merged), merged.count_mentions(), merged.stories()) == before


def test_related_reports_form_one_story_and_the_unrelated_one_another(
    merged: MemoryStore,
) -> None:
    stories = merged.stories()
    members = [
        {a["id"] for a in story["articles"]}
        for story in (merged.story(s["id"]) for s in stories)
        if story is not None
    ]
    assert {"wire", "gazette", "herald"} <= next(m for m in members if "wire" in m)
    assert "turkey" not in next(m for m in members if "wire" in m)


def test_an_interrupted_merge_is_finished_by_the_next_run(
    merged: MemoryStore, tmp_path: Path
) -> None:
    expected = _snapshot(merged)
    store = MemoryStore()
    path = _write(tmp_path / "all.jsonl", LINES)

    def crash(block: str) -> None:
        raise KeyboardInterrupt  # the first block merged, then the process dies

    original = store.merge_dirty
    store.merge_dirty = lambda **_: original(on_block=crash)  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        ingest([str(path)], store, settings=Settings(db=":memory:"))
    assert store.dirty_blocks()  # left for the next run
    store.merge_dirty = original  # type: ignore[method-assign]
    ingest([str(path)], store, settings=Settings(db=":memory:"))
    assert not store.dirty_blocks()
    assert _snapshot(store) == expected
