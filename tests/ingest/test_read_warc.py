"""WARC reader: each HTML response record is one article; other records are skipped."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import eventwire
from eventwire.records import Article, Problem

URL = "https://wire.test/2015/10/04/palmyra"
PARAGRAPHS = [
    "Russian warplanes struck Islamic State positions near Palmyra on Sunday, the defence "
    "ministry in Moscow said in a statement.",
    "The ministry said the raids destroyed a command post and two ammunition depots near "
    "the ancient city.",
]
HTML = (
    "<html><head><title>Russian jets strike near Palmyra</title>"
    '<meta property="og:title" content="Russian jets strike near Palmyra">'
    '<meta property="article:published_time" content="2015-10-04T09:30:00Z"></head>'
    "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</article></body></html>"
)


def _response(writer: WARCWriter, url: str, content_type: str, body: bytes) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": "2020-11-06T12:00:00Z"},  # crawl date, not publication
    )
    writer.write_record(record)


def write_warc(path: Path, *, gzip: bool, html: bytes = HTML.encode(), url: str = URL) -> Path:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "eventwire-tests"}))
    _response(writer, "https://wire.test/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00")
    _response(writer, url, "text/html; charset=utf-8", html)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_warc_reader_reads_html_responses_and_skips_other_records(
    tmp_path: Path, gzip: bool
) -> None:
    path = write_warc(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), gzip=gzip)
    (article,) = eventwire.read([str(path)])
    assert isinstance(article, Article), article
    assert (article.format, article.url, article.origin.member) == ("warc", URL, URL)
    assert article.title == "Russian jets strike near Palmyra"
    assert article.text.split("\n\n") == PARAGRAPHS
    assert article.origin.offset is not None and article.origin.offset > 0
    assert str(article.origin) == f"{path}@{article.origin.offset}"


def test_warc_crawl_date_never_becomes_the_publication_date(tmp_path: Path) -> None:
    undated = HTML.replace("2015-10-04T09:30:00Z", "").replace("article:published_time", "x")
    # The record is dated 2020 (WARC-Date); neither the page nor its address has a date.
    path = write_warc(
        tmp_path / "crawl.warc", gzip=False, html=undated.encode(), url="https://wire.test/palmyra"
    )
    (article,) = eventwire.read([str(path)])
    assert isinstance(article, Article)
    assert article.published is None


def test_warc_publication_date_comes_from_the_page(tmp_path: Path) -> None:
    (article,) = eventwire.read([str(write_warc(tmp_path / "crawl.warc", gzip=False))])
    assert isinstance(article, Article)
    assert article.published == datetime(2015, 10, 4)


def test_warc_record_without_text_is_a_problem_naming_the_record(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc", gzip=False, html=b"<html><body><p></p></body>")
    (problem,) = eventwire.read([str(path)])
    assert isinstance(problem, Problem)
    assert problem.path == str(path)
    assert problem.reason.startswith("record at byte ")
    assert URL in problem.reason and "no main text" in problem.reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is not a web archive\n", "not a readable WARC file"),
        (b"", "empty"),
    ],
    ids=["not-warc", "empty"],
)
def test_warc_unreadable_file_is_one_problem(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(content)
    (problem,) = eventwire.read([str(path)])
    assert isinstance(problem, Problem)
    assert problem.path == str(path) and reason in problem.reason
