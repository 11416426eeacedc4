"""Sources: paths become files to read (directories walked, gzip undone, stdin sniffed)."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

import eventwire
from eventwire.config import Settings
from eventwire.errors import InputError
from eventwire.ingest import read_paths
from eventwire.ingest.sources import Source, decode_text, expand, read_bounded, sniff
from eventwire.records import Article, Problem

STORY = (
    "Syrian troops advance near Latamneh\n\n"
    "Syrian government troops backed by Russian air strikes advanced on rebel-held towns in "
    "northern Hama province on Thursday, a monitoring group said.\n"
)
RECORD = json.dumps({"id": "lw-7", "text": "Russian jets hit 27 targets overnight, Moscow said."})


def _sources(*paths: Path | str) -> list[Source | InputError]:
    return list(expand([str(p) for p in paths]))


def test_expand_walks_directories_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.jsonl.gz", "a/c.html", "sub/d.rss", "sub/deeper/e.warc"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [s.path for s in _sources(tmp_path) if isinstance(s, Source)]
    # Files of a directory (sorted) come before its subdirectories (sorted).
    assert found == [
        str(tmp_path / "b.txt"),
        str(tmp_path / "a/c.html"),
        str(tmp_path / "a/z.jsonl.gz"),
        str(tmp_path / "sub/d.rss"),
        str(tmp_path / "sub/deeper/e.warc"),
    ]
    assert found == [s.path for s in _sources(tmp_path) if isinstance(s, Source)]


@pytest.mark.parametrize(
    "skipped",
    [".hidden.txt", ".git/story.txt", ".cache/deep/story.jsonl", "README.md", "data.csv", "x.pdf"],
)
def test_expand_skips_hidden_entries_and_unknown_extensions(tmp_path: Path, skipped: str) -> None:
    (tmp_path / "kept.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / skipped).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / skipped).write_text(STORY, encoding="utf-8")
    assert [s.path for s in _sources(tmp_path)] == [str(tmp_path / "kept.txt")]


@pytest.mark.parametrize(
    ("name", "fmt", "gzipped"),
    [
        ("story.txt", "text", False),
        ("story.TXT", "text", False),
        ("page.htm", "html", False),
        ("page.xhtml", "html", False),
        ("wires.jsonl.gz", "jsonl", True),
        ("wires.ndjson", "jsonl", False),
        ("crawl.warc.gz", "warc", True),
        ("world.atom", "feed", False),
        ("world.xml", "feed", False),
    ],
)
def test_expand_decides_format_from_the_name(
    tmp_path: Path, name: str, fmt: str, gzipped: bool
) -> None:
    (tmp_path / name).write_bytes(gzip.compress(b"x") if gzipped else b"x")
    (source,) = _sources(tmp_path)
    assert isinstance(source, Source)
    assert (source.format, source.gzipped) == (fmt, gzipped)


@pytest.mark.parametrize(
    ("content", "fmt"),
    [
        (RECORD.encode(), "jsonl"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        (b"<?xml version='1.0'?><rss version='2.0'>", "feed"),
        (b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        (b"<!DOCTYPE html><html><body>", "html"),
        (STORY.encode(), "text"),
    ],
    ids=["jsonl", "warc", "rss", "atom", "html", "text"],
)
def test_file_named_without_known_extension_is_sniffed(
    tmp_path: Path, content: bytes, fmt: str
) -> None:
    path = tmp_path / "download.dat"
    path.write_bytes(content)
    (source,) = _sources(path)
    assert isinstance(source, Source) and source.format == fmt


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"\xef\xbb\xbf" + RECORD.encode(), "jsonl"),
        (b"\n\n  " + RECORD.encode(), "jsonl"),
        (b"<html><head>", "html"),
        (b"<rdf:RDF xmlns:rdf='x'>", "feed"),
        (b"Plain text", "text"),
        (b"", "text"),
    ],
)
def test_sniff(head: bytes, fmt: str) -> None:
    assert sniff(head) == fmt


@pytest.mark.parametrize("name", ["story.txt.gz", "story.txt"])
def test_gzipped_file_is_read_transparently(tmp_path: Path, name: str) -> None:
    # A .gz name, or gzip bytes under a plain name: both are un-gzipped.
    path = tmp_path / name
    path.write_bytes(gzip.compress(STORY.encode()))
    (article,) = eventwire.read([str(path)])
    assert isinstance(article, Article)
    assert article.title == "Syrian troops advance near Latamneh"
    assert article.path == str(path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (gzip.compress(STORY.encode())[:-12], "cannot read"),
        (b"plain text under a gzip name", "cannot read"),
    ],
    ids=["truncated", "not-gzip"],
)
def test_broken_gzip_is_one_problem(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(content)
    (problem,) = eventwire.read([str(path)])
    assert isinstance(problem, Problem)
    assert problem.path == str(path) and reason in problem.reason


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    (error,) = _sources(tmp_path / "nowhere.txt")
    assert isinstance(error, InputError)
    assert error.reason == "no such file or directory"


class _Stdin:
    """What ``sys.stdin`` offers a reader: a text stream with a ``buffer`` of bytes."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (STORY.encode(), "text"),
        (RECORD.encode() + b"\n", "jsonl"),
        (gzip.compress(RECORD.encode() + b"\n"), "jsonl"),
    ],
    ids=["text", "jsonl", "gzipped-jsonl"],
)
def test_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch, data: bytes, fmt: str) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    (article,) = eventwire.read(["-"])
    assert isinstance(article, Article)
    assert (article.path, article.format) == ("<stdin>", fmt)


def test_read_paths_counts_files(tmp_path: Path) -> None:
    from eventwire.ingest import ReadStats

    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(RECORD + "\n" + RECORD.replace("lw-7", "lw-8") + "\n")
    stats = ReadStats()
    items = list(read_paths([str(tmp_path), str(tmp_path / "missing.txt")], Settings(), stats))
    assert stats.files == 2
    assert [type(i).__name__ for i in items] == ["Article", "Article", "Article", "Problem"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty: no text to read"),
        (b" \n\t\n", "empty: no text to read"),
        (b"Hama\x00\x00\x01", "binary data (NUL bytes), not text"),
        (b"Caf\xe9 in Damascus", "not valid UTF-8 (byte 0xe9 at offset 3); re-encode it as UTF-8"),
        (b"\x01\x02\x03\x04\x05\x06 Hama", "binary data (control characters), not text"),
    ],
    ids=["empty", "blank", "nul", "latin-1", "controls"],
)
def test_decode_text_rejects_what_is_not_utf8_text(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_text(data, path="story.txt", line=3)
    assert (caught.value.path, caught.value.line, caught.value.reason) == ("story.txt", 3, reason)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"\xef\xbb\xbfRussian jets", "Russian jets"),
        (
            "Damaskus \u2013 Aleppo \u2022 Hom\u015f".encode(),
            "Damaskus \u2013 Aleppo \u2022 Hom\u015f",
        ),
        (b"Tabs\tand\r\nbreaks\f", "Tabs\tand\r\nbreaks\f"),
    ],
)
def test_decode_text_accepts_utf8(data: bytes, text: str) -> None:
    assert decode_text(data, path="story.txt") == text


def test_read_bounded_reads_up_to_the_limit_and_refuses_more() -> None:
    assert read_bounded(io.BytesIO(b"x" * 100), 100, path="a.txt") == b"x" * 100
    with pytest.raises(InputError, match="max_article_bytes") as caught:
        read_bounded(io.BytesIO(b"x" * 101), 100, path="a.txt", line=2)
    assert caught.value.line == 2
