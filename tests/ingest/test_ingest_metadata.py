"""Header metadata: publisher and absolute publication date from one line, never guessed."""

from __future__ import annotations

from datetime import datetime

import pytest

from eventwire.ingest.metadata import HeaderInfo, parse_header_line, parse_published


@pytest.mark.parametrize(
    ("line", "info"),
    [
        (
            "Source:Agencies Published: 2015-10-9 0:33:01",
            HeaderInfo("Agencies", datetime(2015, 10, 9, 0, 33, 1)),
        ),
        ("Source: Levant Wire", HeaderInfo("Levant Wire", None)),
        ("Published: 9 October 2015", HeaderInfo(None, datetime(2015, 10, 9))),
        ("Updated: October 8, 2015 14:05 GMT", HeaderInfo(None, datetime(2015, 10, 8, 14, 5))),
        ("Posted on 2015/10/07", HeaderInfo(None, datetime(2015, 10, 7))),
        (
            "Published: Thursday, 08 October 2015 09:12",
            HeaderInfo(None, datetime(2015, 10, 8, 9, 12)),
        ),
        ("October 8, 2015", HeaderInfo(None, datetime(2015, 10, 8))),
        (
            "Thursday, October 1, 2015 | 07:48 GMT",
            HeaderInfo(None, datetime(2015, 10, 1, 7, 48)),
        ),
        ("Friday 9 October 2015 19:05 BST", HeaderInfo(None, datetime(2015, 10, 9, 18, 5))),
        ("Xinhua, October 1, 2015", HeaderInfo("Xinhua", datetime(2015, 10, 1))),
        ("Levant Wire, Oct. 7, 2015", HeaderInfo("Levant Wire", datetime(2015, 10, 7))),
    ],
)
def test_parse_header_line_reads_metadata_lines(line: str, info: HeaderInfo) -> None:
    assert parse_header_line(line) == info


@pytest.mark.parametrize(
    "line",
    [
        "Russian jets strike rebel positions near Hama",
        "The talks of October 1, 2015 ended without agreement",
        "Published: yesterday",
        "Thursday",
        "Moscow, 2015 " + "and a great deal more text in a long sentence " * 3,
        "",
    ],
    ids=["headline", "date-in-sentence", "relative", "weekday", "long-line", "empty"],
)
def test_parse_header_line_ignores_other_lines(line: str) -> None:
    assert parse_header_line(line) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-10-02T19:05:00Z", datetime(2015, 10, 2, 19, 5)),
        ("2015-10-02T21:05:00+02:00", datetime(2015, 10, 2, 19, 5)),
        ("Sat, 03 Oct 2015 14:20:00 GMT", datetime(2015, 10, 3, 14, 20)),
        ("Oct 7, 2015 3:30 p.m. EDT", datetime(2015, 10, 7, 19, 30)),
        ("2015-10-07", datetime(2015, 10, 7)),
        ("October 2015", datetime(2015, 10, 1)),
        ("yesterday", None),
        ("Monday", None),
        ("", None),
        ("1850-01-01", None),
        ("not a date", None),
    ],
)
def test_parse_published_gives_naive_utc_or_none(value: str, expected: datetime | None) -> None:
    assert parse_published(value) == expected


def test_parse_published_does_not_depend_on_today() -> None:
    # Missing fields are never filled from the clock.
    assert parse_published("2015") == datetime(2015, 1, 1)
