"""Damaged WARC files: a record cut off, a garbage header, a wrong Content-Length. Each is
a problem naming the file (and the record's byte offset), never a partial page stored as
an article, and never a raw library warning on stderr. The archives are built here."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import eventwire
from eventwire.records import Article, Problem

PARAGRAPHS = [
    "Russian warplanes struck rebel positions in northern Hama province on Tuesday, the "
    "defence ministry in Moscow said in a statement.",
    "The ministry said the aircraft flew 20 sorties overnight and destroyed a command post, "
    "two ammunition depots and a fuel store.",
    "Turkey said a Russian jet had again crossed into its airspace near the Syrian border, "
    "and summoned the Russian ambassador in Ankara.",
]
URLS = ["https://wire.test/hama", "https://wire.test/ankara"]


def _page(n: int) -> bytes:
    body = "".join(f"<p>{p} (report {n})</p>" for p in PARAGRAPHS)
    return (
        f"<html><head><title>Report {n}</title></head><body><article>{body}</article></body></html>"
    ).encode()


def _warc(*, gz: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for n, url in enumerate(URLS):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(_page(n)), http_headers=headers
            )
        )
    return buffer.getvalue()


def _read(path: Path) -> tuple[list[Article], list[Problem]]:
    items = list(eventwire.read([str(path)]))
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, Problem)],
    )


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_warc_cut_off_mid_record_stores_only_whole_records(tmp_path: Path, gz: bool) -> None:
    data = _warc(gz=gz)
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(data[: len(data) * 4 // 5])  # inside the second record's page
    articles, problems = _read(path)
    assert [a.url for a in articles] == URLS[:1]
    (problem,) = problems
    assert problem.path == str(path) and "truncated" in problem.reason


def test_warc_whole_file_has_no_problem(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(_warc(gz=False))
    articles, problems = _read(path)
    assert ([a.url for a in articles], problems) == (URLS, [])


def _second_record(data: bytes) -> int:
    return data.index(b"WARC/1.0", 10)


@pytest.mark.parametrize(
    ("garbage", "reason"),
    [
        (b"GARBAGE HEADER LINE\r\nfoo: bar\r\n\r\n", "not a readable WARC record after byte"),
        (b"WARC/1.0\r\nthis is not a header\r\n\r\n", "garbage WARC header"),
    ],
    ids=["no-warc-line", "no-fields"],
)
def test_warc_garbage_header_is_a_problem_naming_the_file(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], garbage: bytes, reason: str
) -> None:
    data = _warc(gz=False)
    at = _second_record(data)
    path = tmp_path / "crawl.warc"
    path.write_bytes(data[:at] + garbage + data[at:])
    articles, problems = _read(path)
    assert [a.url for a in articles] == URLS[:1]
    (problem,) = problems
    assert problem.path == str(path) and reason in problem.reason
    assert "\n" not in problem.reason
    assert capfd.readouterr().err == ""


def test_warc_wrong_content_length_is_a_problem_not_a_stderr_warning(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    data = _warc(gz=False)
    # The first record says it is 40 bytes shorter than it is: warcio lands mid-page.
    head_end = data.index(b"\r\n\r\n")
    header = data[:head_end]
    length = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    fixed = header.replace(
        f"Content-Length: {length}".encode(), f"Content-Length: {length - 40}".encode()
    )
    path = tmp_path / "crawl.warc"
    path.write_bytes(fixed + data[head_end:])
    _, problems = _read(path)
    assert problems, "a wrong Content-Length must be reported"
    assert all(p.path == str(path) for p in problems)
    # the page before the bad boundary was stored: its report is a warning, not a failure
    assert [p.kind for p in problems if "not followed by a blank line" in p.reason] == ["warning"]
    assert "WARNING" not in capfd.readouterr().err


def test_gzip_warc_truncated_in_its_first_member_is_a_problem(tmp_path: Path) -> None:
    data = gzip.compress(_warc(gz=False))
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data[: len(data) // 2])
    articles, problems = _read(path)
    assert articles == [] or all(a.url in URLS for a in articles)
    assert problems and "truncated" in problems[-1].reason
