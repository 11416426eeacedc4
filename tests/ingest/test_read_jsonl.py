"""JSON Lines reader: one article per line, a given id kept, bad lines reported by number."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import eventwire
from eventwire.config import Settings
from eventwire.ingest.jsonl import read_jsonl
from eventwire.records import Article, Problem

TEXT = (
    "Russia's defence ministry said on Tuesday it was ready to discuss U.S. proposals on "
    "flight safety over Syria.\n\nNATO said two incursions into Turkish airspace did not "
    "look like an accident."
)


def _jsonl(path: Path, *lines: Any) -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def _read(path: Path) -> list[Article | Problem]:
    return list(eventwire.read([str(path)]))


def test_jsonl_given_id_becomes_the_article_id(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "wires.jsonl",
        {"id": "lw-101", "text": TEXT},
        {"id": 102, "text": "Turkey summoned the Russian ambassador in Ankara on Monday."},
    )
    first, second = _read(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.id, first.id_given, first.origin.line) == ("lw-101", True, 1)
    assert (second.id, second.origin.line) == ("102", 2)


def test_jsonl_without_id_gets_a_stable_content_id(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "wires.jsonl", {"text": TEXT})
    (article,) = _read(path)
    assert isinstance(article, Article)
    assert article.id_given is False
    (again,) = _read(path)
    assert isinstance(again, Article) and again.id == article.id


def test_jsonl_optional_fields_are_kept(tmp_path: Path) -> None:
    record = {
        "id": "lw-103",
        "title": "Russia ready to discuss U.S. air safety proposals",
        "published": "2015-10-06T15:20:00Z",
        "source": "Levant Wire",
        "url": "https://levant-wire.test/2015/10/06/air-safety",
        "text": TEXT,
    }
    (article,) = _read(_jsonl(tmp_path / "wires.jsonl", record))
    assert isinstance(article, Article)
    assert (article.title, article.source, article.url) == (
        record["title"],
        record["source"],
        record["url"],
    )
    assert article.published == datetime(2015, 10, 6, 15, 20)
    assert article.format == "jsonl"


def test_jsonl_missing_optional_fields_are_none(tmp_path: Path) -> None:
    text = "Russian jets flew 22 sorties over Syria overnight, the defence ministry said."
    (article,) = _read(_jsonl(tmp_path / "wires.jsonl", {"text": text, "title": ""}))
    assert isinstance(article, Article)
    assert (article.title, article.source, article.url, article.published) == (None,) * 4
    assert article.text == text  # a JSONL article's title is never taken from its text


def test_jsonl_first_line_repeating_the_title_is_dropped(tmp_path: Path) -> None:
    title = "Russia ready to discuss U.S. air safety proposals"
    (article,) = _read(_jsonl(tmp_path / "w.jsonl", {"title": title, "text": f"{title}\n\n{TEXT}"}))
    assert isinstance(article, Article)
    assert article.text == TEXT


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2015-10-07T11:30:00Z", datetime(2015, 10, 7, 11, 30)),
        ("2015-10-07T14:30:00+03:00", datetime(2015, 10, 7, 11, 30)),
        ("2015-10-07", datetime(2015, 10, 7)),
        ("October 7, 2015", datetime(2015, 10, 7)),
        ("Wed, 07 Oct 2015 11:30:00 GMT", datetime(2015, 10, 7, 11, 30)),
        ("2015-10", datetime(2015, 10, 1)),  # a month: its first day, whatever day it is today
    ],
)
def test_jsonl_published_is_parsed_to_naive_utc(
    tmp_path: Path, published: str, expected: datetime
) -> None:
    (article,) = _read(_jsonl(tmp_path / "w.jsonl", {"text": TEXT, "published": published}))
    assert isinstance(article, Article)
    assert article.published == expected


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ('{"id": "x", "text": ', "malformed JSON: Expecting value at column 21"),
        ({"id": "x", "title": "No body"}, "missing or empty required field 'text'"),
        ({"id": "x", "text": "   "}, "missing or empty required field 'text'"),
        ({"id": "x", "text": 42}, "missing or empty required field 'text'"),
        (["Hama", "Homs"], "expected a JSON object, got list"),
        ({"text": TEXT, "title": ["a", "b"]}, "field 'title' must be a string, not list"),
    ],
    ids=[
        "malformed",
        "no-text",
        "blank-text",
        "text-not-string",
        "not-object",
        "title-list",
    ],
)
def test_jsonl_bad_line_is_one_problem_with_its_line_number(
    tmp_path: Path, bad_line: Any, reason: str
) -> None:
    path = _jsonl(
        tmp_path / "wires.jsonl",
        {"id": "good-1", "text": TEXT},
        bad_line,
        {
            "id": "good-3",
            "text": "Iran said a Revolutionary Guards general was killed near Aleppo.",
        },
    )
    items = _read(path)
    problems = [i for i in items if isinstance(i, Problem)]
    assert [i.id for i in items if isinstance(i, Article)] == ["good-1", "good-3"]
    assert len(problems) == 1
    assert (problems[0].path, problems[0].line) == (str(path), 2)
    assert reason in problems[0].reason
    assert str(problems[0]).startswith(f"{path}:2: ")


def test_jsonl_blank_lines_are_skipped_but_counted(tmp_path: Path) -> None:
    path = tmp_path / "w.jsonl"
    path.write_text(f"\n{json.dumps({'id': 'a', 'text': TEXT})}\n\n", encoding="utf-8")
    (article,) = _read(path)
    assert isinstance(article, Article) and article.origin.line == 2


class _ReadRecorder(io.BytesIO):
    """A byte stream that remembers the size of every chunk it hands out."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.chunks: list[int] = []

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.chunks.append(len(line))
        return line

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.chunks.append(len(data))
        return data


@pytest.mark.parametrize("long_bytes", [50_000, 300_000])
def test_jsonl_line_over_the_limit_is_skipped_without_reading_it_whole(long_bytes: int) -> None:
    filler = "x" * long_bytes
    long_line = json.dumps({"id": "huge", "text": filler}).encode()
    stream = _ReadRecorder(
        b'{"id": "before", "text": "Russian jets hit Raqqa."}\n'
        + long_line
        + b'\n{"id": "after", "text": "Turkey summoned the ambassador."}\n'
    )
    items = list(read_jsonl("big.jsonl", stream, Settings(max_article_bytes=1000)))
    assert [type(i).__name__ for i in items] == ["Article", "Problem", "Article"]
    assert [i.id for i in items if isinstance(i, Article)] == ["before", "after"]
    problem = items[1]
    assert isinstance(problem, Problem)
    assert problem.line == 2 and "max_article_bytes" in problem.reason
    assert max(stream.chunks) < len(long_line)


def test_jsonl_empty_file_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"\n\n")
    (item,) = _read(path)
    assert isinstance(item, Problem)
    assert (item.path, item.line) == (str(path), None)
    assert item.reason.startswith("empty")
