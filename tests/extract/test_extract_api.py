"""The extraction API end to end: eventwire.extract, the event record, the store, the CLI."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import eventwire
from eventwire.cli import cli
from eventwire.config import Settings
from eventwire.extract import extract
from eventwire.pipeline.ingest import ingest
from eventwire.serialize import event_from_dict, event_to_dict
from eventwire.store import MemoryStore

STORY = (
    "Russian warplanes struck 12 targets near Palmyra on Wednesday, the Russian defence "
    "ministry said.\n\n"
    "Turkish Prime Minister Ahmet Davutoglu met NATO Secretary-General Jens Stoltenberg in "
    "Brussels on Thursday.\n\n"
    "The weather in the capital stayed mild."
)
CONTRACT = [
    "id", "date", "date_precision", "source", "target", "cameo", "plover", "factuality",
    "location", "quantities", "attribution", "confidence", "evidence", "num_mentions",
    "num_sources", "num_articles",
]  # fmt: skip


@pytest.fixture(scope="module")
def events() -> list[eventwire.Event]:
    return extract(
        STORY, published=datetime(2015, 10, 8, 12, 0), source="Test Wire", article_id="story-1"
    )


def test_extract_codes_who_did_what_to_whom(events: list[eventwire.Event]) -> None:
    assert any(e.source.code == "RUSMIL" and e.cameo.root == "19" for e in events)
    assert any(
        e.source.code == "TURGOV"
        and e.cameo.root == "04"
        and e.target
        and e.target.code == "IGOWSTNAT"
        for e in events
    )
    assert not any("weather" in e.evidence[0].sentence for e in events)  # nothing invented


def test_extract_fills_date_figures_attribution_and_evidence(events: list[eventwire.Event]) -> None:
    strike = next(e for e in events if e.source.code == "RUSMIL")
    assert strike.date == "2015-10-07" and strike.date_precision == "day"
    assert [(q.value, q.unit) for q in strike.quantities] == [(12.0, "target")]
    assert strike.attribution is not None and strike.attribution.claimant.code == "RUSMIL"
    ev = strike.evidence[0]
    assert ev.article_id == "story-1" and ev.source == "Test Wire"
    assert STORY[ev.start : ev.end] == ev.sentence
    assert ev.trigger_start is not None and STORY[ev.trigger_start : ev.trigger_end] == "struck"
    assert strike.cameo.quad_class == 4 and strike.plover.event_type == "ASSAULT"


def test_event_record_has_the_public_fields_and_round_trips(events: list[eventwire.Event]) -> None:
    for event in events:
        data = event_to_dict(event)
        assert list(data)[: len(CONTRACT)] == CONTRACT
        assert isinstance(data["cameo"]["code"], str) and isinstance(data["cameo"]["root"], str)
        assert event_from_dict(json.loads(json.dumps(data))) == event


def test_events_are_dated_only_from_a_known_publication_date() -> None:
    undated = extract("Russian warplanes struck 12 targets near Palmyra on Wednesday.")
    assert undated and all(e.date is None for e in undated)


def test_ingest_stores_events_and_reingest_adds_nothing(corpus_dir: Path) -> None:
    store = MemoryStore()
    first = ingest([str(corpus_dir)], store, settings=Settings(db=":memory:"))
    mentions, stored = store.count_mentions(), store.count_events()
    assert first.events == mentions > stored > 20  # mentions merged into fewer events
    again = ingest([str(corpus_dir)], store, settings=Settings(db=":memory:"))
    assert again.events == 0
    assert (store.count_mentions(), store.count_events()) == (mentions, stored)
    article_ids = {a.id for a in store.articles()}
    assert all(e.evidence[0].article_id in article_ids for e in store.events())


def test_ingest_without_extraction_stores_no_events(corpus_dir: Path) -> None:
    store = MemoryStore()
    summary = ingest([str(corpus_dir)], store, settings=Settings(db=":memory:", extract=False))
    assert summary.new == 13 and store.count_events() == 0


def test_jsonl_ids_are_the_evidence_article_ids(corpus_dir: Path) -> None:
    store = MemoryStore()
    ingest([str(corpus_dir / "wires.jsonl")], store, settings=Settings(db=":memory:"))
    assert {e.evidence[0].article_id for e in store.events()} <= {
        "wire-0001",
        "wire-0002",
        "wire-0003",
        "wire-0004",
    }


def test_cli_extract_writes_event_records(tmp_path: Path) -> None:
    path = tmp_path / "story.jsonl"
    path.write_text(
        json.dumps({"id": "s1", "text": STORY, "published": "2015-10-08T12:00:00"}) + "\n"
    )
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records and all(r["evidence"][0]["article_id"] == "s1" for r in records)
    table = CliRunner().invoke(cli, ["extract", str(path), "--format", "table"])
    assert table.exit_code == 0 and "RUSMIL" in table.output


def test_cli_events_lists_stored_events(tmp_path: Path, corpus_dir: Path) -> None:
    db = str(tmp_path / "e.duckdb")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(corpus_dir), "--db", db]).exit_code == 0
    result = runner.invoke(cli, ["events", "--db", db, "--format", "csv", "--limit", "5"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "date,source,cameo,target,factuality,location,evidence"
    assert len(result.output.splitlines()) == 6


def test_ingest_with_two_workers_stores_the_same_events(corpus_dir: Path) -> None:
    one, two = MemoryStore(), MemoryStore()
    ingest([str(corpus_dir)], one, settings=Settings(db=":memory:"))
    ingest([str(corpus_dir)], two, settings=Settings(db=":memory:", workers=2))
    assert [event_to_dict(e) for e in one.events()] == [event_to_dict(e) for e in two.events()]
