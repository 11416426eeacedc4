"""A publication date that cannot be used is one warning on one record, never a lost run.

UTC offsets lie strictly between -24 and +24 hours; "+25:00" is no clock's. Such a date
(and any stated date that is not one) leaves the article undated and stored, and the
problem -- file, line, value, reason -- is recorded as a warning in the dead-letter table.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import eventwire
from eventwire.cli import cli
from eventwire.config import Settings
from eventwire.ingest.metadata import parse_header_line, parse_published, read_published
from eventwire.pipeline.ingest import ingest
from eventwire.records import Article, Problem
from eventwire.store import DuckDBStore

IMPOSSIBLE = "impossible UTC offset"
BAD_OFFSETS = {
    "iso-plus-25": "2015-10-01T10:00:00+25:00",
    "iso-minus-24": "2015-10-01T10:00:00-24:00",
    "iso-compact-plus-2500": "2015-10-01T10:00:00+2500",
    "rfc822-plus-9999": "Thu, 01 Oct 2015 10:00:00 +9999",
    "prose-plus-2500": "October 1, 2015 10:00 +2500",
}
PARAGRAPHS = [
    "Russian warplanes struck rebel positions in northern Hama province on Tuesday, the "
    "defence ministry in Moscow said in a statement.",
    "The ministry said the aircraft flew 20 sorties overnight and destroyed a command post, "
    "two ammunition depots and a fuel store.",
    "Turkey said a Russian jet had again crossed into its airspace near the Syrian border, "
    "and summoned the Russian ambassador in Ankara.",
]
TEXT = "\n\n".join(PARAGRAPHS)


def _articles(items: list[Article | Problem]) -> list[Article]:
    assert all(isinstance(i, Article) for i in items), items
    return [i for i in items if isinstance(i, Article)]


@pytest.mark.parametrize("value", BAD_OFFSETS.values(), ids=BAD_OFFSETS.keys())
def test_read_published_gives_no_date_and_the_reason_for_an_impossible_offset(
    value: str,
) -> None:
    published, reason = read_published(value)
    assert published is None and reason is not None and IMPOSSIBLE in reason
    assert parse_published(value) is None  # never raises


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-10-01T10:00:00+23:59", datetime(2015, 9, 30, 10, 1)),  # the extreme real one
        ("2015-10-01T10:00:00-23:59", datetime(2015, 10, 2, 9, 59)),
    ],
)
def test_read_published_keeps_the_largest_real_offsets(value: str, expected: datetime) -> None:
    assert read_published(value) == (expected, None)


@pytest.mark.parametrize("value", BAD_OFFSETS.values(), ids=BAD_OFFSETS.keys())
def test_header_line_with_impossible_offset_says_why_it_gives_no_date(value: str) -> None:
    info = parse_header_line(f"Published: {value}")
    assert info is not None and info.published is None
    assert info.date_problem is not None and IMPOSSIBLE in info.date_problem


@pytest.mark.parametrize("value", BAD_OFFSETS.values(), ids=BAD_OFFSETS.keys())
def test_jsonl_record_with_impossible_offset_is_kept_undated_with_a_warning(
    tmp_path: Path, value: str
) -> None:
    path = tmp_path / "wires.jsonl"
    records = [
        {"id": "lw-1", "text": TEXT, "published": value},
        {"id": "lw-2", "text": PARAGRAPHS[2], "published": "2015-10-02T09:00:00Z"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    first, second = _articles(list(eventwire.read([str(path)])))
    assert (first.id, first.published, first.origin.line) == ("lw-1", None, 1)
    (warning,) = first.warnings
    assert value in warning and IMPOSSIBLE in warning
    assert (second.id, second.published) == ("lw-2", datetime(2015, 10, 2, 9))


def test_jsonl_published_that_is_no_date_keeps_the_record_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "wires.jsonl"
    path.write_text(json.dumps({"id": "x", "text": TEXT, "published": "last Tuesday"}) + "\n")
    (article,) = _articles(list(eventwire.read([str(path)])))
    assert article.published is None
    assert article.warnings == (
        "field 'published' 'last Tuesday': not a date with a year; stored with no publication date",
    )


@pytest.mark.parametrize("value", BAD_OFFSETS.values(), ids=BAD_OFFSETS.keys())
def test_text_file_header_with_impossible_offset_is_kept_undated_with_a_warning(
    tmp_path: Path, value: str
) -> None:
    path = tmp_path / "hama.txt"
    path.write_text(f"Russian jets strike Hama\nPublished: {value}\n\n{TEXT}\n", encoding="utf-8")
    (article,) = _articles(list(eventwire.read([str(path)])))
    assert article.title == "Russian jets strike Hama"
    assert article.published is None and article.text == TEXT
    (warning,) = article.warnings
    assert IMPOSSIBLE in warning and value in warning


def _page(published: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        '<html lang="en"><head><title>Jets strike Hama | Test Wire</title>'
        '<meta property="og:title" content="Jets strike Hama">'
        '<meta property="og:site_name" content="Test Wire">'
        f'<meta property="article:published_time" content="{published}">'
        f"</head><body><article><h1>Jets strike Hama</h1>{body}</article></body></html>"
    )


@pytest.mark.parametrize("value", list(BAD_OFFSETS.values())[:3], ids=list(BAD_OFFSETS)[:3])
def test_html_page_with_impossible_offset_is_kept_undated_with_a_warning(
    tmp_path: Path, value: str
) -> None:
    path = tmp_path / "hama.html"
    path.write_text(_page(value), encoding="utf-8")
    (article,) = _articles(list(eventwire.read([str(path)])))
    assert (article.title, article.source, article.published) == (
        "Jets strike Hama",
        "Test Wire",
        None,
    )
    assert article.text.split("\n")[0] == PARAGRAPHS[0]
    (warning,) = article.warnings
    assert IMPOSSIBLE in warning


def test_html_page_with_a_real_offset_has_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "hama.html"
    path.write_text(_page("2015-10-01T10:00:00+02:00"), encoding="utf-8")
    (article,) = _articles(list(eventwire.read([str(path)])))
    assert article.published == datetime(2015, 10, 1) and article.warnings == ()


def _wires(path: Path) -> Path:
    """Four records; the second and third have impossible offsets."""
    records = [
        {"id": "lw-1", "text": PARAGRAPHS[0], "published": "2015-10-01T08:00:00Z"},
        {"id": "lw-2", "text": PARAGRAPHS[1], "published": BAD_OFFSETS["iso-plus-25"]},
        {"id": "lw-3", "text": PARAGRAPHS[2], "published": BAD_OFFSETS["rfc822-plus-9999"]},
        {"id": "lw-4", "text": "NATO ministers met in Brussels on Thursday to discuss Russia.",
         "published": "2015-10-08"},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_ingest_stores_every_record_and_keeps_the_bad_dates_as_warnings(
    tmp_path: Path, store: DuckDBStore
) -> None:
    path = _wires(tmp_path / "wires.jsonl")
    summary = ingest([str(path)], store, settings=Settings(extract=False, batch_size=2))
    assert (summary.new, summary.failed, summary.warnings, summary.status) == (4, 0, 2, "done")
    assert store.count_articles() == 4
    problems = store.dead_letters()
    assert [(p.path, p.line, p.kind) for p in problems] == [
        (str(path), 2, "warning"),
        (str(path), 3, "warning"),
    ]
    assert all(IMPOSSIBLE in p.reason for p in problems)
    stored = store.article("lw-2")
    assert stored is not None and stored.published is None
    again = ingest([str(path)], store, settings=Settings(extract=False, batch_size=2))
    assert (again.new, again.unchanged, len(store.dead_letters())) == (0, 4, 2)


def test_cli_ingest_goes_past_an_impossible_offset_and_says_where_it_was(
    tmp_path: Path, hermetic: Path
) -> None:
    path = _wires(tmp_path / "wires.jsonl")
    db = str(tmp_path / "news.duckdb")
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", db, "--no-extract"])
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert f"warning: {path}:2: field 'published' '{BAD_OFFSETS['iso-plus-25']}'" in result.stderr
    assert f"warning: {path}:3: " in result.stderr
    assert "4 new" in result.stdout and "0 failed, 2 stored with a warning" in result.stdout
    with eventwire.open_store(db, read_only=True) as store:
        assert store.count_articles() == 4


def test_sharded_ingest_keeps_the_shard_of_a_record_with_an_impossible_offset(
    tmp_path: Path, store: DuckDBStore
) -> None:
    from eventwire.pipeline.executors import LocalExecutor
    from eventwire.pipeline.sharded import ingest_sharded

    path = _wires(tmp_path / "wires.jsonl")
    executor = LocalExecutor(1)
    try:
        summary = ingest_sharded(
            [str(path)], store, executor, settings=Settings(extract=False),
            shards_dir=str(tmp_path / "shards"),
        )  # fmt: skip
    finally:
        executor.close()
    assert (summary.shards_failed, summary.new, summary.warnings) == (0, 4, 2)
    assert [(p.line, p.kind) for p in store.dead_letters()] == [(2, "warning"), (3, "warning")]
