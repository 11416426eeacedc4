"""A regular-expression date tagger for explicit dates, resolved against the document date.

It finds only what needs no reasoning, in this order (earlier patterns win overlaps):

1. ISO dates ``1998-01-08``;
2. month-day-year ``Jan. 8, 1998`` / day-month-year ``8 January 1998`` -> ``1998-01-08``;
3. month-year ``January 1998`` -> ``1998-01``;
4. month-day without a year ``Jan. 8`` -> that day in the year that puts it nearest the
   document date (``Nov. 25`` in a January 2000 story is 1999-11-25);
5. ``today`` / ``yesterday`` / ``tomorrow`` -> the document date, one day before, after;
6. a bare year ``1998`` (1900-2099, not money, not followed by a digit or %) -> ``1998``.

Weekdays ("on Thursday"), "last week" and the like are left to the real resolver.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from eventwire.evaluate.predictors import PredictedDate

__all__ = ["RegexDateTagger"]

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
# "May" alone is too often the verb; it is matched only with a day or a year next to it.
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_DAY}\s+{_MONTH}\s+{_YEAR}\b"),
    re.compile(rf"\b{_MONTH}\s+{_YEAR}\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*%)"),
    re.compile(r"\b(?P<rel>today|yesterday|tomorrow)\b", re.IGNORECASE),
    re.compile(rf"(?<![$\d.,]){_YEAR}\b(?![\d%]|\.\d|,\d)"),
)
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}


def _month_number(token: str) -> int:
    key = token.lower().rstrip(".")
    for name, number in _MONTHS.items():
        if name.startswith(key):
            return number
    raise ValueError(token)


def _value(match: re.Match[str], dct: date) -> str | None:
    parts = match.groupdict()
    if parts.get("rel"):
        return (dct + timedelta(days=_RELATIVE[parts["rel"].lower()])).isoformat()
    month = int(parts["mnum"]) if parts.get("mnum") else None
    if parts.get("month"):
        month = _month_number(parts["month"])
    year = int(parts["year"]) if parts.get("year") else None
    day = int(parts["day"]) if parts.get("day") else None
    if month is None:
        return f"{year:04d}" if year is not None else None
    if day is None:
        return f"{year or dct.year:04d}-{month:02d}"
    years = [year] if year is not None else [dct.year - 1, dct.year, dct.year + 1]
    try:
        candidates = [date(y, month, day) for y in years]
    except ValueError:
        return None  # "February 30": not a date
    return min(candidates, key=lambda d: abs((d - dct).days)).isoformat()


class RegexDateTagger:
    """Explicit dates by regular expression; relative ones only for today/yesterday/tomorrow."""

    name = "regex-explicit-dates"

    def tag(self, texts: Sequence[str], *, dcts: Sequence[date]) -> list[list[PredictedDate]]:
        if len(texts) != len(dcts):
            raise ValueError(f"{len(texts)} texts but {len(dcts)} creation dates")
        return [self._tag_one(text, dct) for text, dct in zip(texts, dcts, strict=True)]

    @staticmethod
    def _tag_one(text: str, dct: date) -> list[PredictedDate]:
        taken: list[tuple[int, int]] = []
        found = []
        for pattern in _PATTERNS:
            for match in pattern.finditer(text):
                start, end = match.span()
                if any(start < e and s < end for s, e in taken):
                    continue
                value = _value(match, dct)
                if value is None:
                    continue
                taken.append((start, end))
                found.append(PredictedDate(start, end, value))
        return sorted(found, key=lambda d: d.start)
