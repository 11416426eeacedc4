"""The ``eventwire`` command, run in-process with click's CliRunner."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import eventwire
from eventwire.cli import cli
from eventwire.config import SETTINGS

pytestmark = pytest.mark.usefixtures("hermetic")

ARTICLE_FIELDS = {
    "id",
    "source",
    "url",
    "title",
    "published",
    "language",
    "path",
    "text",
    "duplicate_of",
}
STORY = (
    "Syrian troops advance near Latamneh\n\n"
    "Syrian government troops backed by Russian air strikes advanced on rebel-held towns in "
    "northern Hama province on Thursday, a monitoring group said.\n"
)


def run(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def db(hermetic: Path) -> str:
    return str(hermetic / "eventwire.duckdb")


@pytest.fixture
def ingested(db: str, corpus_dir: Path) -> str:
    result = run("ingest", str(corpus_dir), "--db", db)
    assert result.exit_code == 0, result.output
    return db


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in [
        *("ingest", "articles", "article", "problems", "pipeline", "settings"),
        *("extract", "events", "places", "dates", "eval"),
        *("event", "stories", "story", "export", "serve"),
    ]:
        assert re.search(rf"^\s+{command}\s", result.output, re.MULTILINE), command


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and eventwire.__version__ in result.output


def test_ingest_prints_a_summary_with_counts(db: str, corpus_dir: Path) -> None:
    result = run("ingest", str(corpus_dir), "--db", db)
    assert result.exit_code == 0, result.output
    assert re.search(
        r"10 files read: 13 new, 0 updated, 0 unchanged \(0 duplicates, 1 near-duplicates\), "
        r"[1-9]\d* event mentions \([1-9]\d* events after merging\), 0 failed in [\d.]+ s -> "
        + re.escape(db),
        result.stdout,
    )
    again = run("ingest", str(corpus_dir), "--db", db)
    assert "0 new, 0 updated, 13 unchanged" in again.stdout


def test_ingest_reports_each_problem_and_goes_on(db: str, hermetic: Path) -> None:
    (hermetic / "story.txt").write_text(STORY, encoding="utf-8")
    (hermetic / "empty.txt").write_bytes(b"")
    result = run("ingest", str(hermetic / "story.txt"), str(hermetic / "empty.txt"), "--db", db)
    assert result.exit_code == 3  # some inputs failed
    assert f"error: {hermetic / 'empty.txt'}: empty: no text to read" in result.stderr
    assert "1 new" in result.stdout and "1 failed" in result.stdout
    quiet = run("ingest", "-q", str(hermetic / "empty.txt"), "--db", db)
    assert quiet.stderr == ""


@pytest.mark.parametrize(
    "data",
    [STORY.encode(), gzip.compress(STORY.encode())],
    ids=["text", "gzipped"],
)
def test_ingest_dash_reads_standard_input(db: str, data: bytes) -> None:
    result = run("ingest", "-", "--db", db, input=data)
    assert result.exit_code == 0, result.output
    assert "1 files read: 1 new" in result.stdout
    (row,) = map(json.loads, run("articles", "--db", db, "--format", "jsonl").stdout.splitlines())
    assert (row["path"], row["title"]) == ("<stdin>", "Syrian troops advance near Latamneh")


def test_ingest_batch_size_flag_is_used(db: str, corpus_dir: Path) -> None:
    result = run("ingest", str(corpus_dir / "wires.jsonl"), "--db", db, "--batch-size", "1")
    assert result.exit_code == 0 and "4 new" in result.stdout


def test_ingest_interrupted_says_how_to_resume(
    db: str, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import eventwire.pipeline.ingest as pipeline_ingest

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline_ingest, "ingest", interrupted)
    result = run("ingest", str(corpus_dir), "--db", db)
    assert result.exit_code == 130
    assert "run the same command again" in result.stderr


def test_articles_jsonl_has_every_field(ingested: str) -> None:
    result = run("articles", "--db", ingested, "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 13
    assert all(set(row) >= ARTICLE_FIELDS for row in rows)
    by_id = {row["id"]: row for row in rows}
    assert by_id["wire-0003"]["published"] == "2015-10-07T11:30:00"
    reprint = next(r for r in rows if r["path"].endswith("caspian-missiles-reprint.txt"))
    assert reprint["duplicate_of"] == "wire-0003"
    assert all(row["text"] for row in rows)


def test_articles_csv_has_a_header(ingested: str) -> None:
    result = run("articles", "--db", ingested, "--format", "csv")
    assert result.exit_code == 0
    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    assert header == ["id", "published", "source", "language", "title", "duplicate_of"]
    assert len(rows) == 13
    assert rows[[r[0] for r in rows].index("wire-0003")][:4] == [
        "wire-0003",
        "2015-10-07T11:30:00",
        "Levant Wire",
        "en",
    ]


def test_articles_table_and_limit(ingested: str) -> None:
    result = run("articles", "--db", ingested, "--limit", "2")
    assert result.exit_code == 0
    header, rule, *rows = result.stdout.splitlines()
    assert header.split()[:2] == ["id", "published"]
    assert set(rule) <= {"-", " "}
    assert len(rows) == 2


def test_article_prints_metadata_and_text(ingested: str) -> None:
    result = run("article", "wire-0003", "--db", ingested)
    assert result.exit_code == 0
    assert "Russian warships in Caspian Sea fire 26 cruise missiles" in result.stdout
    assert "Four Russian warships in the Caspian Sea fired 26 cruise missiles" in result.stdout


def test_article_json(ingested: str) -> None:
    result = run("article", "wire-0001", "--db", ingested, "--json")
    row = json.loads(result.stdout)
    assert set(row) >= ARTICLE_FIELDS
    assert (row["id"], row["source"]) == ("wire-0001", "Levant Wire")


def test_article_unknown_id_fails_with_a_message(ingested: str) -> None:
    result = run("article", "wire-9999", "--db", ingested)
    assert result.exit_code != 0
    assert "no article 'wire-9999'" in result.stderr
    assert "eventwire articles" in result.stderr


@pytest.mark.parametrize("command", [["articles"], ["problems"], ["article", "wire-0001"]])
def test_reading_a_store_that_does_not_exist_fails_with_a_remedy(
    hermetic: Path, command: list[str]
) -> None:
    missing = str(hermetic / "missing.duckdb")
    result = run(*command, "--db", missing)
    assert result.exit_code != 0
    assert f"no store at {missing}" in result.stderr and "eventwire ingest" in result.stderr
    assert not Path(missing).exists()


def test_problems_lists_dead_letters(db: str, hermetic: Path) -> None:
    (hermetic / "w.jsonl").write_text('{"id": "a", "text": "Russian jets hit Raqqa."}\n[1]\n')
    run("ingest", "-q", str(hermetic / "w.jsonl"), "--db", db)
    result = run("problems", "--db", db, "--format", "jsonl")
    assert result.exit_code == 0
    (row,) = map(json.loads, result.stdout.splitlines())
    assert row == {
        "path": str(hermetic / "w.jsonl"),
        "line": 2,
        "kind": "input",
        "reason": "expected a JSON object, got list",
    }


def test_pipeline_check_succeeds() -> None:
    result = run("pipeline", "--check")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("reader: provides")
    assert "clean: requires" in result.stdout
    assert result.stdout.rstrip().endswith("ok: every step's requirements are provided")


def test_settings_lists_every_setting() -> None:
    result = run("settings")
    assert result.exit_code == 0
    for name, help_text in SETTINGS.items():
        assert re.search(rf"^{name} = ", result.stdout, re.MULTILINE), name
        assert f"env: EVENTWIRE_{name.upper()}" in result.stdout
        assert help_text in result.stdout


def test_config_file_with_unknown_setting_fails_naming_it(hermetic: Path) -> None:
    config = hermetic / "mine.toml"
    config.write_text("[eventwire]\nbatchsize = 3\n", encoding="utf-8")
    result = run("--config", str(config), "articles")
    assert result.exit_code != 0
    assert "unknown setting(s) batchsize" in result.stderr


def test_db_comes_from_environment_when_no_flag(
    hermetic: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVENTWIRE_DB", str(hermetic / "from-env.duckdb"))
    result = run("ingest", str(corpus_dir / "wires.jsonl"))
    assert result.exit_code == 0
    assert (hermetic / "from-env.duckdb").exists()


def test_places_prints_resolved_mentions_with_offsets_into_the_input(hermetic: Path) -> None:
    line = {
        "id": "hama-1",
        "published": "2015-10-09",
        "text": "Menu | Home | World\n\n" + STORY,
    }
    path = hermetic / "one.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = run("places", str(path))
    assert result.exit_code == 0, result.output
    rows = [json.loads(r) for r in result.output.splitlines()]
    hama = next(r for r in rows if r["text"] == "Hama")
    assert hama["article_id"] == "hama-1"
    assert (hama["country"], hama["feature"]) == ("SYR", "admin1")
    assert line["text"][hama["start"] : hama["end"]] == "Hama"


def test_dates_resolve_against_the_article_date_or_the_flag(hermetic: Path) -> None:
    line = {"id": "d1", "published": "2015-10-09", "text": STORY}
    path = hermetic / "one.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    own = [json.loads(r) for r in run("dates", str(path)).output.splitlines()]
    assert [(r["text"], r["value"], r["precision"]) for r in own] == [
        ("Thursday", "2015-10-08", "day")
    ]
    assert line["text"][own[0]["start"] : own[0]["end"]] == "Thursday"
    flagged = run("dates", str(path), "--published", "2015-10-20", "--format", "csv")
    assert flagged.exit_code == 0, flagged.output
    assert "2015-10-15" in flagged.output  # the Thursday before 2015-10-20


def test_events_filters_combine(ingested: str) -> None:
    every = [
        json.loads(r)
        for r in run("events", "--db", ingested, "--format", "jsonl").stdout.splitlines()
    ]
    strikes = run("events", "--db", ingested, "--actor", "RUS", "--root", "19", "--format", "jsonl")
    rows = [json.loads(r) for r in strikes.stdout.splitlines()]
    assert rows and len(rows) < len(every)
    assert all(r["source"]["code"].startswith("RUS") and r["cameo"]["root"] == "19" for r in rows)
    dated = run("events", "--db", ingested, "--since", "2015-10-05", "--format", "jsonl")
    assert all(json.loads(r)["date"] >= "2015-10-05" for r in dated.stdout.splitlines())


@pytest.mark.parametrize(
    ("flag", "value", "named"),
    [("--root", "99", "root"), ("--actor", "russia", "actor"), ("--quad", "7", "quad")],
)
def test_events_rejects_a_bad_filter_naming_it(
    ingested: str, flag: str, value: str, named: str
) -> None:
    result = CliRunner().invoke(cli, ["events", "--db", ingested, flag, value])
    assert result.exit_code == 2
    assert named in result.output


def test_event_shows_mentions_and_claims(ingested: str) -> None:
    rows = [
        json.loads(r)
        for r in run("events", "--db", ingested, "--format", "jsonl").stdout.splitlines()
    ]
    busiest = max(rows, key=lambda r: r["num_mentions"])
    shown = run("event", busiest["id"], "--db", ingested)
    assert shown.exit_code == 0, shown.output
    assert f"{busiest['num_mentions']} mentions" in shown.output
    assert "[" in shown.output  # the trigger marked in an evidence sentence
    as_json = json.loads(run("event", busiest["id"], "--db", ingested, "--json").stdout)
    assert as_json["id"] == busiest["id"] and len(as_json["evidence"]) == busiest["num_mentions"]
    missing = CliRunner().invoke(cli, ["event", "nope", "--db", ingested])
    assert missing.exit_code == 1 and "no event 'nope'" in missing.output


def test_stories_and_story_list_articles_and_events(ingested: str) -> None:
    listed = [
        json.loads(r)
        for r in run("stories", "--db", ingested, "--format", "jsonl").stdout.splitlines()
    ]
    assert listed and sum(s["num_articles"] for s in listed) == 13
    biggest = max(listed, key=lambda s: s["num_articles"])
    shown = json.loads(run("story", biggest["id"], "--db", ingested, "--json").stdout)
    assert len(shown["articles"]) == biggest["num_articles"]
    assert all(e["story_id"] == biggest["id"] for e in shown["events"])
    text = run("story", biggest["id"], "--db", ingested)
    assert "articles:" in text.output and "events:" in text.output


def test_export_writes_each_format_with_the_events_filters(ingested: str, tmp_path: Path) -> None:
    strikes = run("events", "--db", ingested, "--root", "19", "--format", "jsonl")
    expected = {json.loads(r)["id"] for r in strikes.stdout.splitlines()}
    listed = run("export", "--db", ingested, "--root", "19", "--format", "jsonl")
    assert {json.loads(r)["id"] for r in listed.stdout.splitlines()} == expected
    out = tmp_path / "events.tsv"
    result = run("export", "--db", ingested, "--root", "19", "--format", "gdelt", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(expected) and all(len(r.split("\t")) == 61 for r in rows)
    assert (tmp_path / "events.mentions.tsv").exists()
    parquet = CliRunner().invoke(cli, ["export", "--db", ingested, "--format", "parquet"])
    assert parquet.exit_code == 1 and "parquet" in parquet.output


@pytest.mark.parametrize(
    "outputs",
    [
        ["--out", "{db}"],
        ["--out", "{db}.wal"],
        ["--format", "gdelt", "--out", "{tmp}/events.tsv", "--mentions", "{db}"],
    ],
    ids=["out", "out-wal", "mentions"],
)
def test_export_refuses_to_overwrite_the_store(
    ingested: str, tmp_path: Path, outputs: list[str]
) -> None:
    before = Path(ingested).read_bytes()
    args = [a.format(db=ingested, tmp=tmp_path) for a in outputs]
    result = CliRunner().invoke(cli, ["export", "--db", ingested, *args])
    assert result.exit_code == 1
    assert f"refusing to write {ingested}" in result.stderr and "another output" in result.stderr
    assert Path(ingested).read_bytes() == before
    assert not (tmp_path / "events.tsv").exists()
    assert run("events", "--db", ingested, "--format", "jsonl").stdout.count("\n") > 50


# -- exit status: 0 all read, 1 error, 2 usage, 3 some failed, 4 nothing read, 130 interrupt


def _inputs(names: list[str], folder: Path) -> list[str]:
    """Paths of the named inputs, written into ``folder``: a good story, an empty file,
    a binary one, one that does not exist."""
    contents = {"story.txt": STORY.encode(), "empty.txt": b"", "binary.txt": b"\x00\x01\xff" * 9}
    for name in names:
        if name in contents:
            (folder / name).write_bytes(contents[name])
    return [str(folder / name) for name in names]


EXIT_CASES = [
    (["story.txt"], 0),
    (["story.txt", "empty.txt"], 3),
    (["missing.txt", "story.txt"], 3),
    (["empty.txt", "binary.txt"], 4),
    (["missing.txt"], 4),
]


@pytest.mark.parametrize(("names", "status"), EXIT_CASES)
def test_ingest_exit_status_says_how_much_was_read(
    hermetic: Path, names: list[str], status: int
) -> None:
    db = hermetic / "store" / "events.duckdb"
    result = run("ingest", *_inputs(names, hermetic), "--db", str(db))
    assert result.exit_code == status, result.output
    # a run that read nothing leaves no store behind (nor its folder's files)
    assert db.exists() == (status != 4)
    assert list(db.parent.glob("*")) == ([db] if status != 4 else [])


def test_ingest_that_reads_nothing_into_an_existing_store_keeps_it_and_its_problems(
    db: str, hermetic: Path
) -> None:
    assert run("ingest", *_inputs(["story.txt"], hermetic), "--db", db).exit_code == 0
    result = run("ingest", *_inputs(["missing.txt"], hermetic), "--db", db)
    assert result.exit_code == 4 and result.stdout.endswith(f"-> {db}\n")
    problems = run("problems", "--db", db, "--format", "jsonl").stdout
    assert "missing.txt" in problems and "no such file" in problems
    assert len(run("articles", "--db", db, "--format", "jsonl").stdout.splitlines()) == 1


def test_ingest_sharded_that_reads_nothing_leaves_no_store_nor_shards_folder(
    hermetic: Path,
) -> None:
    db = hermetic / "events.duckdb"
    args = ["ingest", str(hermetic / "missing.txt"), "--db", str(db), "--executor", "local"]
    result = run(*args, "--workers", "1")
    assert result.exit_code == 4 and "no store written" in result.stdout
    assert list(hermetic.iterdir()) == []


@pytest.mark.parametrize(("names", "status"), EXIT_CASES)
def test_extract_exit_status_is_ingest_s(hermetic: Path, names: list[str], status: int) -> None:
    result = run("extract", *_inputs(names, hermetic))
    assert result.exit_code == status, result.output
    assert ('"code": "RUS' in result.stdout) == ("story.txt" in names)


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["ingest", "{story}", "--batch-size", "many"], 2),  # click's usage error
        (["ingest", "{db}", "--db", "{db}"], 2),  # the store as its own input
        (["ingest", "{db}.wal", "--db", "{db}"], 2),
        (["ingest", "{story}", "--db", "{folder}"], 1),  # the store cannot be opened
    ],
    ids=["bad-option", "store-as-input", "wal-as-input", "store-unopenable"],
)
def test_ingest_usage_errors_exit_2_and_errors_exit_1(
    db: str, hermetic: Path, args: list[str], status: int
) -> None:
    (story,) = _inputs(["story.txt"], hermetic)
    assert run("ingest", story, "--db", db).exit_code == 0
    before = Path(db).read_bytes()
    result = run(*(a.format(story=story, db=db, folder=hermetic) for a in args))
    assert result.exit_code == status, result.output
    assert Path(db).read_bytes() == before


def test_help_documents_the_exit_codes() -> None:
    text = run("--help").output
    for code in ("0", "1", "2", "3", "4", "130"):
        assert re.search(rf"^\s+{code}\s+\w", text, re.MULTILINE), code


def test_stop_signals_count_a_library_error_raised_by_the_interrupt_as_the_interrupt() -> None:
    """DuckDB answers an interrupt inside a query with RuntimeError('Query interrupted'):
    after SIGTERM that error is the interrupt (exit 130 and the resume message), while
    the same error with no signal stays an error."""
    import os
    import signal
    import time

    from eventwire.cli import stop_signals

    def query_interrupted_by_the_signal() -> None:
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the signal's KeyboardInterrupt lands here, as inside a query
        except KeyboardInterrupt:
            raise RuntimeError("Query interrupted") from None

    with pytest.raises(KeyboardInterrupt), stop_signals():
        query_interrupted_by_the_signal()
    with pytest.raises(RuntimeError), stop_signals():
        raise RuntimeError("Query interrupted")
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
