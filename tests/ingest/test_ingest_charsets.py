"""Charsets: text and HTML not in UTF-8 are read by the charset they declare, else by
the one charset-normalizer detects, and the article says which (a warning); binary data
is still refused."""

from __future__ import annotations

import codecs
import io
import random
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import eventwire
from eventwire.config import Settings
from eventwire.pipeline.ingest import ingest
from eventwire.records import Article, Problem
from eventwire.store import DuckDBStore

TITLE = "Protesters gather in Damascus café district"
PARAGRAPHS = [
    "Hundreds of protesters gathered outside a café in the old city of Damascus on Friday, "
    "chanting against the government’s decision to raise fuel prices.",
    "“We cannot afford to heat our homes,” said one protester, a teacher who gave her name "
    "as Hélène, adding that the rally would be repeated next week.",
    "Police said the crowd dispersed peacefully after two hours and that nobody was arrested.",
]
TEXT = "\n\n".join(PARAGRAPHS)


def _html(meta: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<html><head>{meta}<title>{TITLE}</title></head>"
        f"<body><article><h1>{TITLE}</h1>{body}</article></body></html>"
    )


def _one(path: Path) -> Article:
    (item,) = eventwire.read([str(path)])
    assert isinstance(item, Article), item
    return item


@pytest.mark.parametrize("charset", ["cp1252", "latin-1"])
def test_text_file_in_a_legacy_charset_is_decoded_with_a_warning(
    tmp_path: Path, charset: str
) -> None:
    text = TEXT if charset == "cp1252" else TEXT.translate({0x2019: "'", 0x201C: '"', 0x201D: '"'})
    path = tmp_path / "damascus.txt"
    path.write_bytes(f"{TITLE}\n\n{text}\n".encode(charset))
    article = _one(path)
    assert (article.title, article.text) == (TITLE, text)
    (warning,) = article.warnings
    assert warning.startswith("not UTF-8: decoded as cp1252, detected by charset-normalizer")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_text_file_with_a_byte_order_mark_is_decoded_by_it(tmp_path: Path, codec: str) -> None:
    boms = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    path = tmp_path / "damascus.txt"
    path.write_bytes(boms.get(codec, codecs.BOM_UTF32_LE) + f"{TITLE}\n\n{TEXT}\n".encode(codec))
    article = _one(path)
    assert (article.title, article.text) == (TITLE, TEXT)
    assert article.warnings == (f"decoded as {codec[:6]}, by its BOM",)


def test_utf8_text_has_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "damascus.txt"
    path.write_bytes(codecs.BOM_UTF8 + f"{TITLE}\n\n{TEXT}\n".encode())
    assert _one(path).warnings == ()


HTML_DECLARATIONS = {
    "meta-charset": ('<meta charset="windows-1252">', "cp1252"),
    "http-equiv-latin1": (
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
        "cp1252",  # the WHATWG Encoding Standard reads the iso-8859-1 label as windows-1252
    ),
    "meta-charset-quoted-upper": ("<meta charset='WINDOWS-1252'>", "cp1252"),
}


@pytest.mark.parametrize(
    ("meta", "codec"), HTML_DECLARATIONS.values(), ids=HTML_DECLARATIONS.keys()
)
def test_html_page_is_decoded_by_its_declared_charset(
    tmp_path: Path, meta: str, codec: str
) -> None:
    path = tmp_path / "damascus.html"
    path.write_bytes(_html(meta).encode("cp1252"))
    article = _one(path)
    assert article.text.split("\n\n") == PARAGRAPHS
    assert article.warnings == (f"decoded as {codec}, as its <meta> charset declares",)


def test_html_page_with_utf8_bom_and_no_declaration_has_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "damascus.html"
    path.write_bytes(codecs.BOM_UTF8 + _html().encode())
    article = _one(path)
    assert article.text.split("\n\n") == PARAGRAPHS and article.warnings == ()


def _warc(path: Path, body: bytes, content_type: str) -> Path:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://wire.test/damascus", "response", payload=io.BytesIO(body),
            http_headers=headers,
        )
    )  # fmt: skip
    path.write_bytes(buffer.getvalue())
    return path


def test_warc_record_is_decoded_by_its_http_content_type_charset(tmp_path: Path) -> None:
    path = _warc(
        tmp_path / "crawl.warc", _html().encode("cp1252"), "text/html; charset=windows-1252"
    )
    article = _one(path)
    assert article.text.split("\n\n") == PARAGRAPHS
    (warning,) = article.warnings
    assert warning == "decoded as cp1252, as its HTTP Content-Type header declares"


def _random_bytes() -> bytes:
    rng = random.Random(13)
    return bytes(rng.randrange(1, 256) for _ in range(3000))  # no NUL byte


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"GIF89a\x00\x01\x00\x00\xff\x00Hama", "binary data (NUL bytes)"),
        (_random_bytes(), "binary data (control characters)"),
        (b"\x7fELF\x02\x01\x01" + b"\x03\x02\x01" * 500, "binary data"),
    ],
    ids=["gif", "random-no-nul", "elf-like"],
)
@pytest.mark.parametrize("name", ["blob.txt", "blob.html"])
def test_binary_file_is_still_refused_as_binary(
    tmp_path: Path, data: bytes, reason: str, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    (problem,) = eventwire.read([str(path)])
    assert isinstance(problem, Problem) and reason in problem.reason


def test_ingest_records_the_charset_as_a_warning_and_stores_the_article(
    tmp_path: Path, store: DuckDBStore
) -> None:
    (tmp_path / "damascus.txt").write_bytes(f"{TITLE}\n\n{TEXT}\n".encode("cp1252"))
    summary = ingest([str(tmp_path)], store, settings=Settings(extract=False))
    assert (summary.new, summary.failed, summary.warnings) == (1, 0, 1)
    (problem,) = store.dead_letters()
    assert problem.kind == "warning" and "decoded as cp1252" in problem.reason
