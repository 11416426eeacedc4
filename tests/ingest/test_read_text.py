"""Plain-text reader: one file is one article; the header gives title, outlet and date."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

import eventwire
from eventwire.records import Article

BODY = (
    "Russian warplanes struck rebel positions in northern Hama province on Tuesday, "
    "the defence ministry in Moscow said in a statement.\n\n"
    "The ministry said its jets flew 20 sorties overnight and destroyed a command post "
    "and two ammunition depots near the town of Latamneh."
)


def _read_one(path: Path) -> Article:
    (item,) = eventwire.read([str(path)])
    assert isinstance(item, Article), item
    return item


@pytest.mark.parametrize(
    ("header", "title", "source", "published"),
    [
        (
            "Russia widens air campaign in Syria\n\nSource:Agencies Published: 2015-10-9 0:33:01",
            "Russia widens air campaign in Syria",
            "Agencies",
            datetime(2015, 10, 9, 0, 33, 1),
        ),
        (
            "Spotlight: Lavrov says strikes hit only militants\n\n"
            "Xinhua, October 1, 2015 Adjust font size:",
            "Spotlight: Lavrov says strikes hit only militants",
            "Xinhua",
            datetime(2015, 10, 1),
        ),
        (
            "Russian jets pound Hama countryside\nThursday, October 1, 2015 | 07:48 GMT",
            "Russian jets pound Hama countryside",
            None,
            datetime(2015, 10, 1, 7, 48),
        ),
        (
            "Moscow says strikes hit training camps\nPublished: 8 October 2015",
            "Moscow says strikes hit training camps",
            None,
            datetime(2015, 10, 8),
        ),
        (
            "Syrian army pushes north under Russian air cover",
            "Syrian army pushes north under Russian air cover",
            None,
            None,
        ),
    ],
    ids=["source-published", "dateline", "date-line", "published-label", "no-date"],
)
def test_text_reader_takes_title_source_and_date_from_header(
    tmp_path: Path,
    header: str,
    title: str,
    source: str | None,
    published: datetime | None,
) -> None:
    path = tmp_path / "story.txt"
    path.write_text(f"{header}\n\n{BODY}\n", encoding="utf-8")
    article = _read_one(path)
    assert (article.title, article.source, article.published) == (title, source, published)
    assert article.text == BODY


def test_text_reader_takes_outlet_from_wire_dateline(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "Russia says jets hit 12 targets\n\n"
        "MOSCOW, Oct 3 (Test Wire) - Russia said on Saturday its jets had hit 12 targets in "
        "Syria over the past day, including a command post near Raqqa.\n",
        encoding="utf-8",
    )
    assert _read_one(path).source == "Test Wire"


def test_text_reader_keeps_the_file_as_original(tmp_path: Path) -> None:
    raw = f"Russian jets strike Hama\n\nAdvertisement\n\n{BODY}\n"
    path = tmp_path / "story.txt"
    path.write_text(raw, encoding="utf-8")
    article = _read_one(path)
    assert article.original == raw
    assert (article.format, article.id_given, article.path) == ("text", False, str(path))
    assert article.origin.line is None


def test_text_reader_ids_come_from_content(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "c.txt").write_text(BODY + " More to follow.", encoding="utf-8")
    first = _read_one(tmp_path / "a.txt").id
    assert first == _read_one(tmp_path / "a.txt").id  # re-reading gives the same id
    assert first == _read_one(tmp_path / "b.txt").id
    assert first != _read_one(tmp_path / "c.txt").id


@pytest.mark.parametrize(
    ("encoded", "note"),
    [
        (("\ufeff" + BODY).encode("utf-8"), "byte order mark"),
        (BODY.replace("\n", "\r\n").encode("utf-8"), "CRLF line ends"),
    ],
    ids=["bom", "crlf"],
)
def test_text_reader_decodes_utf8_variants(tmp_path: Path, encoded: bytes, note: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(encoded)
    article = _read_one(path)
    assert article.text == BODY, note
    for clean_start, original_start, length in article.offsets.segments:
        assert (
            article.text[clean_start : clean_start + length]
            == (article.original or "")[original_start : original_start + length]
        )
