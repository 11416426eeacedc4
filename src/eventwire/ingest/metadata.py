"""Article metadata from the lines around a plain-text article: publisher and date.

Only absolute dates are read here (a year must be present): a publication date is never
guessed from a weekday or from "yesterday". Patterns, in the order they are tried on a
header line:

1. ``Source:Agencies Published: 2015-10-9 0:33:01``   -> source "Agencies", the stamp
2. ``Published: 9 October 2015`` / ``Updated: ...`` / ``Posted on ...``   -> the stamp
3. a line that is only a date: ``October 8, 2015``, ``Thursday, October 1, 2015 | 07:48 GMT``
4. ``Xinhua, October 1, 2015`` (a dateline: short outlet name, comma, a full date)

Each pattern is anchored to the whole line, so a date inside a sentence ("the talks of
October 1, 2015 ended") never becomes the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = [
    "WIRE_DATELINE",
    "HeaderInfo",
    "parse_header_line",
    "parse_published",
    "published_warning",
    "read_published",
]

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:\s*[|,T]?\s*\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,4}|GMT|UTC|Z|[+-]\d{2}:?\d{2}))?)?"
# A full date with a year in one of the common news forms.
_DATE = (
    rf"(?:{_WEEKDAY}{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # October 1, 2015
    rf"|{_WEEKDAY}\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"  # 1 October 2015
    r"|\d{4}-\d{1,2}-\d{1,2}"  # 2015-10-9
    r"|\d{4}/\d{1,2}/\d{1,2})"  # 2015/10/09
    rf"{_TIME}"
)

_SOURCE_PUBLISHED = re.compile(
    rf"^Source\s*:\s*(?P<source>[^:]{{2,60}}?)\s+(?:Published|Posted|Updated)\s*:?\s*(?P<date>{_DATE})\s*$",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    rf"^(?:Published|Posted|Updated|Last updated|Date)(?:\s+on)?\s*:?\s*(?P<date>{_DATE})\s*(?:\|.*)?$",
    re.IGNORECASE,
)
# "Xinhua, October 1, 2015" possibly followed by a widget label the cleaner strips.
_DATELINE = re.compile(
    rf"^(?P<source>[A-Z][\w.&' -]{{1,40}}?),\s+(?P<date>{_DATE})\s*$",
)
_DATE_ONLY = re.compile(rf"^(?P<date>{_DATE})\s*$", re.IGNORECASE)
# A wire dateline opening a story's first paragraph: "MOSCOW, Oct 1 (Global Desk News) - ",
# "ANKARA, Oct. 5 -- ". It may name the outlet; it never holds a year.
WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z.'/ -]{1,40}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*"
    r"(?:\((?P<source>[^()\n]{2,40})\))?\s*(?:--|[-–—])\s"
)
_SOURCE_ONLY = re.compile(r"^Source\s*:\s*(?P<source>[^:]{2,60})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HeaderInfo:
    source: str | None = None
    published: datetime | None = None
    date_problem: str | None = None  # a stated date that cannot be used, and why


def _header(source: str | None, value: str | None) -> HeaderInfo:
    if value is None:
        return HeaderInfo(source)
    published, problem = read_published(value)
    warning = published_warning(value, problem, where="header date") if problem else None
    return HeaderInfo(source, published, warning)


# Offsets (hours from UTC) of the zone names news sites print; dateutil knows only UTC/GMT.
_TZ_HOURS = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip
_TZINFOS = {name: hours * 3600 for name, hours in _TZ_HOURS.items()}
# Fills the fields a value leaves out: January, the 1st, midnight.
_DEFAULT = datetime(2000, 1, 1)


def read_published(value: str) -> tuple[datetime | None, str | None]:
    """An absolute date/time from a metadata value, and why not when a stated date is bad.

    ``(date, None)`` for a usable date; ``(None, None)`` when the value holds no year (no
    date was stated); ``(None, reason)`` when a date was stated but cannot be used: not a
    date, a year outside 1900-2100, or a UTC offset no clock has (``+25:00``, ``-24:00``,
    ``+9999``; real offsets lie strictly between -24 and +24 hours). Never raises: a bad
    date is one problem of one record, the caller keeps the record and reports the reason.

    Times with a zone are converted to UTC; all results are naive UTC datetimes, so that
    stored dates compare. A date without a time is midnight of that day; a month without
    a day ("October 2015") is its first day, never the day the code happens to run.
    """
    from dateutil import parser as dateparser

    value = value.strip()
    if not value or not re.search(r"\d{4}", value):
        return None, None
    parsed: datetime | None = None
    for fuzzy in (False, True):
        try:
            # dateutil fills missing fields from ``default`` (today, if not given).
            parsed = dateparser.parse(value, fuzzy=fuzzy, tzinfos=_TZINFOS, default=_DEFAULT)
            break
        except (ValueError, OverflowError):
            continue
    if parsed is None:
        return None, "not a date"
    if not 1900 <= parsed.year <= 2100:
        return None, f"year {parsed.year} is outside 1900-2100"
    if parsed.tzinfo is not None:
        try:
            # dateutil builds any offset it reads; datetime refuses one of +-24 h or more
            # only when asked for it, here.
            offset = parsed.utcoffset()
        except ValueError:
            return None, "impossible UTC offset (24 hours or more)"
        parsed = parsed.replace(tzinfo=None) - (offset if offset is not None else timedelta(0))
    return parsed, None


def parse_published(value: str) -> datetime | None:
    """The date of :func:`read_published`, or ``None`` (no date, or a bad one)."""
    return read_published(value)[0]


def published_warning(value: str, reason: str, *, where: str) -> str:
    """The message for a stated date that cannot be used; the record is kept without it."""
    return f"{where} {value.strip()!r}: {reason}; stored with no publication date"


def parse_header_line(line: str) -> HeaderInfo | None:
    """Publisher and/or publication date if ``line`` is a metadata line, else ``None``."""
    line = line.strip()
    if len(line) > 120:  # metadata lines are short; a long line is a sentence
        return None
    if m := _SOURCE_PUBLISHED.match(line):
        return _header(m["source"].strip(), m["date"])
    if m := _PUBLISHED.match(line):
        return _header(None, m["date"])
    if m := _DATE_ONLY.match(line):  # before datelines: "Thursday, October 1, 2015"
        return _header(None, m["date"])
    if m := _DATELINE.match(line):
        return _header(m["source"].strip(), m["date"])
    if m := _SOURCE_ONLY.match(line):
        return HeaderInfo(m["source"].strip(), None)
    return None
