"""Standard exports: every format read back gives the events the store holds.

The store is the example corpus ingested once for the module; each test reads an export
back with an ordinary reader (csv, json, DuckDB's read_parquet, a tab split) and compares
it with ``store.query_events`` for the same query.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

import eventwire
from eventwire.errors import EventwireError
from eventwire.exports import FORMATS, ExportError, export_events, mentions_path
from eventwire.exports._common import countries
from eventwire.exports.flat import COLUMNS, FORMULA_STARTS, csv_text, write_csv
from eventwire.exports.gdelt import (
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    event_row,
    gdelt_event_id,
    geo_type,
)
from eventwire.query import EventQuery
from eventwire.records import Actor, CameoCoding, Event, Evidence, Location, PloverCoding
from eventwire.serialize import event_from_dict
from eventwire.store import DuckDBStore


@pytest.fixture(scope="module")
def corpus_store(
    corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DuckDBStore]:
    db = tmp_path_factory.mktemp("exports") / "corpus.duckdb"
    eventwire.ingest([str(corpus_dir)], db=str(db))
    opened = DuckDBStore(db, read_only=True)
    yield opened
    opened.close()


def _events(store: DuckDBStore, query: EventQuery | None = None) -> list[Event]:
    return list(store.query_events(query or EventQuery()))


def _col(name: str) -> int:
    return EVENT_COLUMNS.index(name)


# -- the formats --------------------------------------------------------------------------


def test_export_formats_are_the_five_documented() -> None:
    assert FORMATS == ("csv", "jsonl", "parquet", "plover", "gdelt")


def test_export_gdelt_columns_are_the_61_of_the_gdelt_2_codebook() -> None:
    assert len(EVENT_COLUMNS) == 61
    assert len(set(EVENT_COLUMNS)) == 61
    assert EVENT_COLUMNS[:7] == (
        "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate", "Actor1Code", "Actor1Name",
    )  # fmt: skip
    assert EVENT_COLUMNS[25:35] == (
        "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
        "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    )  # fmt: skip
    assert EVENT_COLUMNS[51:] == (
        "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
        "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
        "DATEADDED", "SOURCEURL",
    )  # fmt: skip
    assert len(MENTION_COLUMNS) == 16


def _unescaped(cell: str) -> str:
    """A csv cell as the value it stands for: without the ``'`` put before formula-like text."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS else cell


def test_export_csv_round_trips_one_row_per_event(
    corpus_store: DuckDBStore, tmp_path: Path
) -> None:
    out = tmp_path / "events.csv"
    count = export_events(corpus_store, EventQuery(), "csv", out)
    events = _events(corpus_store)
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows = [{k: _unescaped(v) for k, v in row.items()} for row in reader]
    assert count == len(rows) == len(events) > 0
    for row, event in zip(rows, events, strict=True):
        assert row["id"] == event.id
        assert row["date"] == (event.date or "")
        assert row["source_code"] == (event.source.code or "")
        assert row["target_code"] == (event.target.code or "" if event.target else "")
        assert row["cameo_code"] == event.cameo.code
        assert int(row["quad_class"]) == event.cameo.quad_class
        assert float(row["goldstein"]) == event.cameo.goldstein
        assert row["plover_type"] == (event.plover.event_type or "")
        assert int(row["num_mentions"]) == event.num_mentions
        assert row["evidence_sentence"] == event.evidence[0].sentence
        if event.location and event.location.lat is not None:
            assert float(row["location_lat"]) == event.location.lat


def test_export_jsonl_round_trips_the_full_records(
    corpus_store: DuckDBStore, tmp_path: Path
) -> None:
    out = tmp_path / "events.jsonl"
    count = export_events(corpus_store, EventQuery(), "jsonl", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    back = [event_from_dict(json.loads(line)) for line in lines]
    assert count == len(back)
    assert back == _events(corpus_store)


def test_export_parquet_round_trips_typed_columns(
    corpus_store: DuckDBStore, tmp_path: Path
) -> None:
    out = tmp_path / "events.parquet"
    count = export_events(corpus_store, EventQuery(), "parquet", out)
    con = duckdb.connect()
    rel = con.sql(f"SELECT * FROM read_parquet('{out}')")
    assert tuple(rel.columns) == (*COLUMNS, "record")
    types = dict(zip(rel.columns, (str(t) for t in rel.types), strict=True))
    assert types["date"] == "DATE"
    assert types["goldstein"] == "DOUBLE"
    assert types["quad_class"] == "INTEGER"
    assert types["first_seen"] == "TIMESTAMP"
    rows = rel.fetchall()
    events = _events(corpus_store)
    assert count == len(rows) == len(events)
    records = [event_from_dict(json.loads(row[-1])) for row in rows]
    assert records == events
    ids = [row[0] for row in rows]
    assert ids == [e.id for e in events]


def test_export_plover_writes_the_manual_field_names(
    corpus_store: DuckDBStore, tmp_path: Path
) -> None:
    out = tmp_path / "events.plover.jsonl"
    count = export_events(corpus_store, EventQuery(), "plover", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    coded = [e for e in _events(corpus_store) if e.plover.event_type is not None]
    assert count == len(records) == len(coded) > 0
    for record, event in zip(records, coded, strict=True):
        assert {"id", "date", "actor", "recipient", "event", "mode", "context", "event_text",
                "text", "text_info", "event_loc"} <= set(record)  # fmt: skip
        assert record["id"] == event.id
        assert record["event"] == event.plover.event_type
        assert record["mode"] == event.plover.mode
        assert record["actor"][0]["entity_text"] == event.source.name
        assert record["actor"][0]["cameo_code"] == event.source.code
        assert len(record["recipient"]) == (1 if event.target else 0)
        assert record["text"] == event.evidence[0].sentence
        assert record["event_text"] in record["text"]
        assert isinstance(record["context"], list)


def test_export_plover_leaves_out_events_plover_has_no_type_for(
    corpus_store: DuckDBStore,
) -> None:
    buffer = io.StringIO()
    export_events(corpus_store, EventQuery(root="01"), "plover", buffer)
    assert buffer.getvalue() == ""


def test_export_plover_counts_the_events_it_leaves_out_by_reason(
    corpus_store: DuckDBStore,
) -> None:
    left_out: Counter[str] = Counter()
    written = export_events(corpus_store, EventQuery(), "plover", io.StringIO(), left_out=left_out)
    untyped = [e for e in _events(corpus_store) if e.plover.event_type is None]
    assert untyped and {e.cameo.root for e in untyped} == {"01"}
    assert left_out == {"CAMEO 01 (make public statement) has no PLOVER event type": len(untyped)}
    assert written + sum(left_out.values()) == corpus_store.count_events()


def test_export_command_says_on_stderr_what_the_plover_export_left_out(
    corpus_store: DuckDBStore,
) -> None:
    from click.testing import CliRunner

    from eventwire.cli import cli

    untyped = sum(1 for e in _events(corpus_store) if e.plover.event_type is None)
    result = CliRunner().invoke(cli, ["export", "--db", corpus_store.path, "--format", "plover"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"{untyped} events left out of the plover export: "
        "CAMEO 01 (make public statement) has no PLOVER event type\n"
    )
    assert len(result.stdout.splitlines()) == corpus_store.count_events() - untyped


def _named(**names: str) -> Event:
    """An event whose text fields read as ``names`` says (source, target, trigger, sentence)."""
    event = _event(Actor(name=names.get("source", "Rebels"), code=names.get("code", "SYRREB")))
    evidence = replace(event.evidence[0], sentence=names.get("sentence", "s"))
    return replace(
        event,
        target=Actor(name=names.get("target", "Troops"), code="SYRMIL"),
        trigger=names.get("trigger", "shelled"),
        evidence=(evidence,),
    )


@pytest.mark.parametrize(
    ("names", "column", "cell"),
    [
        ({"source": "=HYPERLINK(\"http://x.example\",\"go\")"}, "source_name",
         "'=HYPERLINK(\"http://x.example\",\"go\")"),
        ({"target": "+1 234"}, "target_name", "'+1 234"),
        ({"sentence": "-2+3 dead, officials said."}, "evidence_sentence",
         "'-2+3 dead, officials said."),
        ({"trigger": "@SUM(A1)"}, "trigger", "'@SUM(A1)"),
        ({"source": "\t=1+1"}, "source_name", "'\t=1+1"),
        ({"source": "\r=1+1"}, "source_name", "'\r=1+1"),
        ({"code": "---MIL"}, "source_code", "'---MIL"),
        ({"source": "Rebels = fighters"}, "source_name", "Rebels = fighters"),
        ({}, "goldstein", "-10.0"),  # a number: negative, and left a number
        ({}, "location_lat", "35.1"),
    ],
)  # fmt: skip
def test_export_csv_writes_formula_like_text_so_spreadsheets_do_not_run_it(
    names: dict[str, str], column: str, cell: str
) -> None:
    buffer = io.StringIO()
    write_csv([_named(**names)], buffer)
    row = next(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert row[column] == cell


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_csv_text_prefixes_each_formula_start(text: str) -> None:
    assert text[0] in FORMULA_STARTS
    assert csv_text(text) == "'" + text


def test_export_gdelt_rows_have_61_fields_matching_the_store(
    corpus_store: DuckDBStore, tmp_path: Path
) -> None:
    out = tmp_path / "events.tsv"
    count = export_events(corpus_store, EventQuery(), "gdelt", out)
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    events = _events(corpus_store)
    assert count == len(rows) == len(events)
    fips = countries()
    for row, event in zip(rows, events, strict=True):
        assert len(row) == 61
        assert int(row[_col("GlobalEventID")]) == gdelt_event_id(event.id)
        assert row[_col("Day")] == (event.date or "").replace("-", "")
        assert row[_col("EventCode")] == event.cameo.code
        assert row[_col("EventBaseCode")] == event.cameo.code[:3]
        assert row[_col("EventRootCode")] == event.cameo.root
        assert int(row[_col("QuadClass")]) == event.cameo.quad_class
        assert float(row[_col("GoldsteinScale")]) == event.cameo.goldstein
        assert int(row[_col("NumMentions")]) == event.num_mentions
        assert int(row[_col("NumSources")]) == event.num_sources
        assert int(row[_col("NumArticles")]) == event.num_articles
        assert row[_col("IsRootEvent")] in ("0", "1")
        assert row[_col("Actor1Geo_Type")] == row[_col("Actor2Geo_Type")] == "0"
        loc = event.location
        assert int(row[_col("ActionGeo_Type")]) == geo_type(loc)
        if loc is not None and loc.country in fips:
            assert row[_col("ActionGeo_CountryCode")] == fips[loc.country].fips
            assert float(row[_col("ActionGeo_Lat")]) == loc.lat


def test_export_gdelt_has_no_header_line(corpus_store: DuckDBStore) -> None:
    buffer = io.StringIO()
    export_events(corpus_store, EventQuery(limit=1), "gdelt", buffer)
    assert buffer.getvalue().split("\t")[0].isdigit()


def test_export_gdelt_writes_the_mentions_table_next_to_the_events(
    corpus_store: DuckDBStore, tmp_path: Path
) -> None:
    out = tmp_path / "events.tsv"
    export_events(corpus_store, EventQuery(), "gdelt", out)
    mentions = tmp_path / "events.mentions.tsv"
    rows = [line.split("\t") for line in mentions.read_text(encoding="utf-8").splitlines()]
    events = _events(corpus_store)
    assert len(rows) == sum(len(e.evidence) for e in events)
    ids = {gdelt_event_id(e.id) for e in events}
    by_id = {gdelt_event_id(e.id): e for e in events}
    for row in rows:
        assert len(row) == 16
        assert int(row[0]) in ids
        assert row[MENTION_COLUMNS.index("MentionType")] in ("1", "2")
        event = by_id[int(row[0])]
        action = int(row[MENTION_COLUMNS.index("ActionCharOffset")])
        assert action in {-1} | {ev.trigger_start for ev in event.evidence}
        assert 0 <= int(row[MENTION_COLUMNS.index("Confidence")]) <= 100


def test_export_gdelt_mentions_go_where_mentions_out_says(
    corpus_store: DuckDBStore, tmp_path: Path
) -> None:
    events, mentions = io.StringIO(), io.StringIO()
    count = export_events(corpus_store, EventQuery(limit=3), "gdelt", events, mentions_out=mentions)
    assert count == 3
    assert len(mentions.getvalue().splitlines()) >= 3
    # to a stream without mentions_out: the event table only
    assert export_events(corpus_store, EventQuery(limit=3), "gdelt", io.StringIO()) == 3
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("out", "expected"),
    [
        ("events.tsv", "events.mentions.tsv"),
        ("out/20151001.export.CSV", "out/20151001.export.mentions.tsv"),
        ("events", "events.mentions.tsv"),
    ],
)
def test_mentions_path_replaces_the_last_suffix(out: str, expected: str) -> None:
    assert mentions_path(out) == Path(expected)


# -- filters and empty results ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "plover", "gdelt"])
def test_export_applies_the_query_filters(corpus_store: DuckDBStore, fmt: str) -> None:
    query = EventQuery(actor="RUS", root="19")
    expected = _events(corpus_store, query)
    assert 0 < len(expected) < len(_events(corpus_store))
    buffer = io.StringIO()
    count = export_events(corpus_store, query, fmt, buffer)
    lines = buffer.getvalue().splitlines()
    if fmt == "csv":
        rows = list(csv.DictReader(lines))
        assert [r["id"] for r in rows] == [e.id for e in expected]
        assert all(r["source_code"].startswith("RUS") and r["cameo_root"] == "19" for r in rows)
    elif fmt == "gdelt":
        assert [int(line.split("\t")[0]) for line in lines] == [
            gdelt_event_id(e.id) for e in expected
        ]
    else:
        assert [json.loads(line)["id"] for line in lines] == [e.id for e in expected]
    assert count == len(expected)  # every root-19 event is a PLOVER ASSAULT


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_of_no_events_writes_an_empty_but_valid_file(
    corpus_store: DuckDBStore, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"none.{fmt}"
    assert export_events(corpus_store, EventQuery(actor="ZZZ"), fmt, out) == 0
    if fmt == "parquet":
        rel = duckdb.connect().sql(f"SELECT * FROM read_parquet('{out}')")
        assert rel.fetchall() == []
        assert tuple(rel.columns) == (*COLUMNS, "record")
    elif fmt == "csv":
        assert out.read_text(encoding="utf-8").splitlines() == [",".join(COLUMNS)]
    else:
        assert out.read_text(encoding="utf-8") == ""
    if fmt == "gdelt":
        assert mentions_path(out).read_text(encoding="utf-8") == ""


def test_export_from_an_empty_store_writes_nothing(store: DuckDBStore) -> None:
    buffer = io.StringIO()
    assert export_events(store, EventQuery(), "jsonl", buffer) == 0
    assert buffer.getvalue() == ""


# -- errors --------------------------------------------------------------------------------


def test_export_unknown_format_names_the_formats(store: DuckDBStore) -> None:
    with pytest.raises(ExportError, match="unknown export format 'xml'; use one of csv, jsonl"):
        export_events(store, EventQuery(), "xml", io.StringIO())


def test_export_parquet_to_a_stream_asks_for_a_path(store: DuckDBStore) -> None:
    with pytest.raises(ExportError, match="give a path"):
        export_events(store, EventQuery(), "parquet", io.StringIO())


def test_export_mentions_out_is_for_gdelt_only(store: DuckDBStore) -> None:
    with pytest.raises(ExportError, match="gdelt format only"):
        export_events(store, EventQuery(), "csv", io.StringIO(), mentions_out=io.StringIO())


def test_export_error_is_an_eventwire_error() -> None:
    assert issubclass(ExportError, EventwireError)


def test_export_to_an_unwritable_path_raises_export_error(
    store: DuckDBStore, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        export_events(store, EventQuery(), "csv", blocker / "events.csv")


# -- safety: no export overwrites the store, and an output appears whole or not at all ----


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _spell_store(how: str, db: Path, tmp_path: Path) -> Path:
    """The store's file, reached another way."""
    if how == "itself":
        return db
    if how == "dot-dot":
        return db.parent / ".." / db.parent.name / db.name
    if how == "symlink":
        (tmp_path / "link.jsonl").symlink_to(db)
        return tmp_path / "link.jsonl"
    if how == "hard link":
        (tmp_path / "hard.jsonl").hardlink_to(db)
        return tmp_path / "hard.jsonl"
    assert how == "write-ahead log"
    return Path(f"{db}.wal")


@pytest.mark.parametrize("how", ["itself", "dot-dot", "symlink", "hard link", "write-ahead log"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_export_refuses_to_write_over_the_store(
    corpus_store: DuckDBStore, tmp_path: Path, fmt: str, how: str
) -> None:
    db = Path(corpus_store.path)
    before = _digest(db)
    out = _spell_store(how, db, tmp_path)
    with pytest.raises(ExportError, match=r"refusing to write .*: it is .*the store"):
        export_events(corpus_store, EventQuery(), fmt, out)
    assert _digest(db) == before
    assert not Path(f"{db}.wal").exists()
    assert len(_events(corpus_store)) > 50  # still a store, still readable


def test_export_refuses_gdelt_mentions_over_the_store(
    corpus_store: DuckDBStore, tmp_path: Path
) -> None:
    db = Path(corpus_store.path)
    before = _digest(db)
    out = tmp_path / "events.tsv"
    with pytest.raises(ExportError, match="it is the store"):
        export_events(corpus_store, EventQuery(), "gdelt", out, mentions_out=db)
    assert _digest(db) == before and not out.exists()


def test_export_refuses_gdelt_events_and_mentions_in_one_file(
    corpus_store: DuckDBStore, tmp_path: Path
) -> None:
    out = tmp_path / "both.tsv"
    with pytest.raises(ExportError, match="would both go to"):
        export_events(corpus_store, EventQuery(), "gdelt", out, mentions_out=out)
    assert list(tmp_path.iterdir()) == []


class _FailsMidway:
    """A store whose events stop with ``error`` after the first ``after`` of them: a
    disk that fills up, a Ctrl-C in the middle of an export."""

    def __init__(self, store: DuckDBStore, error: BaseException, *, after: int = 5) -> None:
        self.store, self.error, self.after = store, error, after
        self.path = store.path

    def query_events(self, query: EventQuery) -> Iterator[Event]:
        for i, event in enumerate(self.store.query_events(query)):
            if i == self.after:
                raise self.error
            yield event

    def article(self, article_id: str) -> eventwire.Article | None:
        return self.store.article(article_id)


@pytest.mark.parametrize(
    ("error", "raised"),
    [
        (KeyboardInterrupt(), KeyboardInterrupt),
        (OSError(28, "No space left on device"), ExportError),
    ],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_export_that_fails_midway_leaves_the_previous_file_and_no_half_one(
    corpus_store: DuckDBStore, tmp_path: Path, fmt: str, error: BaseException, raised: type
) -> None:
    out = tmp_path / f"events.{fmt}"
    outputs = [out, mentions_path(out)] if fmt == "gdelt" else [out]
    for path in outputs:
        path.write_text("the previous export\n", encoding="utf-8")
    with pytest.raises(raised):
        export_events(_FailsMidway(corpus_store, error), EventQuery(), fmt, out)
    for path in outputs:
        assert path.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(tmp_path.iterdir()) == sorted(outputs)  # no temporary file left


def test_export_replaces_the_previous_file_keeping_its_permissions(
    corpus_store: DuckDBStore, tmp_path: Path
) -> None:
    out = tmp_path / "events.jsonl"
    out.write_text("the previous export\n", encoding="utf-8")
    out.chmod(0o640)
    link = tmp_path / "latest.jsonl"
    link.symlink_to(out)
    count = export_events(corpus_store, EventQuery(), "jsonl", link)
    assert len(out.read_text(encoding="utf-8").splitlines()) == count > 50
    assert link.is_symlink() and (out.stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.jsonl", "latest.jsonl"]


# -- GDELT coding details -------------------------------------------------------------------


def test_gdelt_event_id_is_a_stable_integer_below_2_to_the_60() -> None:
    assert gdelt_event_id("fb470b9b3be8fdfc") == 104843705271473358
    assert gdelt_event_id("fb470b9b3be8fdfc") != gdelt_event_id("fb470b9b3be8fdfd")
    assert 0 <= gdelt_event_id("anything") < 2**60


@pytest.mark.parametrize(
    ("iso3", "fips"),
    [("RUS", "RS"), ("SYR", "SY"), ("USA", "US"), ("GBR", "UK"), ("DEU", "GM"),
     ("IRQ", "IZ"), ("TUR", "TU"), ("CHN", "CH"), ("XKX", "KV")],
)  # fmt: skip
def test_fips_table_maps_iso_alpha3_to_fips_10_4(iso3: str, fips: str) -> None:
    assert countries()[iso3].fips == fips


def test_fips_table_has_one_two_letter_code_per_country() -> None:
    table = countries()
    assert len(table) > 240
    assert all(len(c.fips) == 2 and c.fips.isalpha() and c.name for c in table.values())


@pytest.mark.parametrize(
    ("feature", "country", "expected"),
    [
        ("country", "SYR", 1),
        ("admin1", "USA", 2),
        ("city", "USA", 3),
        ("city", "SYR", 4),
        ("admin2", "SYR", 4),
        ("admin1", "SYR", 5),
        ("water", "", 0),
        ("region", None, 0),
    ],
)
def test_geo_type_is_gdelts(feature: str, country: str | None, expected: int) -> None:
    assert geo_type(Location(name="x", country=country, feature=feature)) == expected


def test_geo_type_of_no_location_is_0() -> None:
    assert geo_type(None) == 0


def _event(source: Actor, *, date: str | None = "2015-10-01") -> Event:
    return Event(
        id="e1",
        source=source,
        target=None,
        cameo=CameoCoding(code="1951", root="19", quad_class=4, goldstein=-10.0),
        plover=PloverCoding("ASSAULT", "aerial"),
        factuality="asserted",
        evidence=(Evidence(article_id="a1", sentence="s", start=0, end=1),),
        date=date,
        location=Location(
            name="Hama", country="SYR", admin1="Hama", lat=35.1, lon=36.7, feature="admin1"
        ),
    )


@pytest.mark.parametrize(
    ("code", "country", "expected"),
    [
        # Code, Name, CountryCode, KnownGroup, Ethnic, Rel1, Rel2, Type1, Type2, Type3
        ("RUSMIL", "RUS", ["RUSMIL", "X", "RUS", "", "", "", "", "MIL", "", ""]),
        ("SYRREBMUS", "SYR", ["SYRREBMUS", "X", "SYR", "", "", "", "", "REB", "MUS", ""]),
        ("---MIL", None, ["MIL", "X", "", "", "", "", "", "MIL", "", ""]),
        ("IGOWSTNAT", None, ["IGOWSTNAT", "X", "", "NAT", "", "", "", "", "", ""]),
        ("IGOUNO", None, ["IGOUNO", "X", "", "UNO", "", "", "", "", "", ""]),
    ],
)
def test_gdelt_actor_fields_split_the_cameo_code(
    code: str, country: str | None, expected: list[str]
) -> None:
    row = event_row(_event(Actor(name="x", code=code, country=country)), lambda _: None)
    assert row[_col("Actor1Code") : _col("Actor1Type3Code") + 1] == expected
    assert row[_col("Actor2Code") : _col("Actor2Type3Code") + 1] == [""] * 10


def test_gdelt_dates_and_action_geo_of_one_event() -> None:
    row = event_row(_event(Actor(name="Russia", code="RUS", country="RUS")), lambda _: None)
    assert row[_col("Day") : _col("FractionDate") + 1] == [
        "20151001",
        "201510",
        "2015",
        "2015.7479",
    ]
    assert row[_col("ActionGeo_Type") :_col("ActionGeo_FeatureID") + 1] == [
        "5", "Hama, Syria", "SY", "SY", "", "35.1", "36.7", "",
    ]  # fmt: skip
    assert row[_col("EventBaseCode")] == "195"
    assert row[_col("SOURCEURL")] == "a1"  # no article: the article id stands in
    assert len(row) == 61


def test_gdelt_event_without_a_date_leaves_the_date_fields_empty() -> None:
    row = event_row(_event(Actor(name="Russia", code="RUS"), date=None), lambda _: None)
    assert row[_col("Day") : _col("FractionDate") + 1] == ["", "", "", ""]
