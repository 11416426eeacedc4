"""Temporal expressions in parsed sentences -> :class:`DateMention` with TimeML values.

    sentences (eventwire.parse) + publication date --find_dates--> [DateMention]
    "on Thursday" (published 2015-10-09)  -> "Thursday" = 2015-10-08, day
    "last week"                           -> 2015-W40, week
    "since 2011"                          -> 2011, year, background (range 2011-01-01 ..)
    "the 1990s"                           -> 199, decade

Stages, per sentence (no second parse: the spaCy entities come with the sentence):

1. Our own patterns (below, built from ``eventwire/data/dates.toml``) find the
   expressions and resolve them without dateparser: they cover what news text writes
   (explicit dates, weekdays, "last week", "a year ago", quarters, seasons, decades),
   and they give TimeML extents (no preposition, "the" kept: "the third quarter").
   Overlaps go to the longest match ("Thursday, April 6" over "Thursday").
2. A spaCy DATE or TIME entity that no pattern touched, and that looks like a calendar
   date (a month name or digits in date form), is read by dateparser with the
   publication date as its base: only the entity's span, never raw text (dateparser
   reads "We" as Wednesday), and through a cache.
3. Relative expressions point back by default (news reports what happened); a future
   clause ("will meet on Friday") or "next" points forward. Month-day without a year takes
   the past occurrence unless the next one is much nearer.
4. A preceding "since", "until", "for" ... marks the expression as background: a range
   the event sits in, never the event's day.

With no publication date, relative expressions get no value (``None``): nothing is
invented. TimeML values: ``2015-10-08`` day, ``2015-W41`` week, ``2015-W40-WE`` weekend,
``2015-10`` month, ``2015-Q3`` quarter, ``2015-H1`` half, ``2015-SU`` season, ``2015``
year, ``201`` decade, ``20`` century, ``PRESENT_REF`` / ``PAST_REF`` / ``FUTURE_REF``.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from importlib.resources import files

from eventwire.parse import Sentence
from eventwire.records import DateMention

__all__ = ["PRECISIONS", "DateMention", "find_dates", "find_dates_in_text", "value_range"]

# Precision of a value, coarsest last; "ref" is a vague reference with no calendar range.
PRECISIONS = (
    *("day", "weekend", "week", "month", "quarter", "season", "half"),
    *("year", "decade", "century", "ref"),
)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, tuple[str, int]]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    decades: dict[str, int]
    references: dict[str, str]
    background: tuple[str, ...]


@cache
def _lexicon() -> _Lexicon:
    raw = tomllib.loads((files("eventwire") / "data" / "dates.toml").read_text("utf-8"))
    return _Lexicon(
        months=dict(raw["months"]),
        weekdays=dict(raw["weekdays"]),
        seasons={k: (str(v[0]), int(v[1])) for k, v in raw["seasons"].items()},
        numbers=dict(raw["numbers"]),
        ordinals=dict(raw["ordinals"]),
        decades=dict(raw["decades"]),
        references=dict(raw["references"]),
        background=tuple(raw["signals"]["background"]),
    )


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _names(table: dict[str, int]) -> str:
    """Month or day names: full names as written, abbreviations with an optional stop
    (so that "Friday." at a sentence end leaves its full stop out)."""
    longest: dict[int, str] = {}
    for word, number in table.items():
        if len(word) > len(longest.get(number, "")):
            longest[number] = word
    full = set(longest.values())
    short = [w for w in table if w not in full]
    return rf"(?:(?:{_alternation(list(full))})|(?:{_alternation(short)})\.?)"


# --- values and the days they cover -------------------------------------------------------


def _week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month_add(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _quarter(day: date) -> int:
    return (day.month - 1) // 3 + 1


_WEEK_VALUE = re.compile(r"^(\d{4})-W(\d\d)(-WE)?$")
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def value_range(value: str) -> tuple[date, date] | None:
    """The first and last day a TimeML value covers; ``None`` for references."""
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            day = date.fromisoformat(value)
            return day, day
        if m := _WEEK_VALUE.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return monday + timedelta(days=5), monday + timedelta(days=6)
            return monday, monday + timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
            year, month = int(m[1]), int(m[2])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if m := re.fullmatch(r"(\d{4})-([QH])(\d)", value):
            year, months = int(m[1]), 3 if m[2] == "Q" else 6
            first = (int(m[3]) - 1) * months + 1
            last_year, last_month = _month_add(year, first, months - 1)
            last = date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])
            return date(year, first, 1), last
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            year, first = int(m[1]), _SEASON_START[m[2]]
            last_year, last_month = _month_add(year, first, 2)
            last = date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])
            return date(year, first, 1), last
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1), date(int(value), 12, 31)
        if re.fullmatch(r"\d{3}", value):
            return date(int(value) * 10, 1, 1), date(int(value) * 10 + 9, 12, 31)
        if re.fullmatch(r"\d{2}", value):
            return date(int(value) * 100, 1, 1), date(int(value) * 100 + 99, 12, 31)
    except ValueError:
        return None
    return None


# --- the patterns -------------------------------------------------------------------------

# One resolver per pattern: (match, publication date or None, tense) -> (value, precision)
# (tense: 1 the clause is about the future, -1 about the past, 0 not known)
# or None when the expression cannot be resolved (no publication date, not a real date).
_Resolved = tuple[str, str] | None
_Resolver = Callable[[re.Match[str], date | None, int], _Resolved]
# What a resolver returns when the match is no date at all ("march" the verb, "February
# 30"); ``None`` says the expression needs a publication date it does not have.
_NOT_A_DATE = ("", "")


@dataclass(frozen=True, slots=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]
    resolve: _Resolver


def _month_of(word: str) -> int | None:
    """The month a capitalised month word names ("march" the verb is not a month)."""
    if not word[:1].isupper():
        return None
    return _lexicon().months.get(word.lower().rstrip("."))


def _weekday_of(word: str) -> int | None:
    if not word[:1].isupper():
        return None
    return _lexicon().weekdays.get(word.lower().rstrip("."))


def _count(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return _lexicon().numbers.get(word)


def _nearest_day(month: int, day: int, anchor: date, tense: int, *, factor: int) -> date | None:
    """Month-day without a year: the occurrence the tense asks for, else the past one (on
    or before the anchor) unless the next one is over ``factor`` times nearer (a "Feb. 12"
    in a Feb. 10 story is two days ahead, not a year back)."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    past = max((c for c in candidates if c <= anchor), default=None)
    ahead = min((c for c in candidates if c > anchor), default=None)
    if past is None or (ahead is not None and tense > 0):
        return ahead
    if tense < 0 or ahead is None:
        return past
    if (ahead - anchor).days * factor < (anchor - past).days:
        return ahead
    return past


def _resolve_iso(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat(), "day"
    except ValueError:
        return _NOT_A_DATE


def _resolve_slash(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    year = int(m["y"])
    if len(m["y"]) == 2:  # "10/7/15": the century of the publication date, else 20xx
        year += (anchor.year // 100 * 100) if anchor else 2000
    try:
        return date(year, int(m["m"]), int(m["d"])).isoformat(), "day"
    except ValueError:
        return _NOT_A_DATE


def _resolve_month_day(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    month = _month_of(m["month"])
    day = int(m["day"])
    if month is None or not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return _NOT_A_DATE
    if m["year"]:
        try:
            return date(int(m["year"]), month, day).isoformat(), "day"
        except ValueError:
            return _NOT_A_DATE
    if anchor is None:
        return None
    found = _nearest_day(month, day, anchor, tense, factor=3)
    return (found.isoformat(), "day") if found else _NOT_A_DATE


_FULL_MONTHS = frozenset(calendar.month_name[1:]).union(m.lower() for m in calendar.month_name[1:])
_MAY_CUES = [[w] for w in ("in", "since", "until", "by", "from", "during", "of", "through")]


def _resolve_month(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    month = _month_of(m["month"])
    if month is None or (m["month"].lower() not in _FULL_MONTHS and not m["year"]):
        return _NOT_A_DATE  # "Jan Kavan": an abbreviation stands alone only as a name
    if m["year"]:
        return f"{int(m['year']):04d}-{month:02d}", "month"
    before = m.string[: m.start()].lower().split()[-1:]
    if month == 5 and not (m["mod"] or m["rel"] or m["rel2"] or before in _MAY_CUES):
        return _NOT_A_DATE  # "May" alone is the verb far more often than the month
    if anchor is None:
        return None
    rel = (m["rel"] or "").lower()
    year = anchor.year
    if m["rel2"]:  # "June last year", "January this year"
        year += {"last": -1, "this": 0, "next": 1}[m["rel2"].lower()]
    elif rel.startswith("last"):  # "last February" is last year's, as TimeML reads it
        year -= 1
    elif rel.endswith("past"):
        year -= 1 if month >= anchor.month else 0
    elif rel.startswith("next"):
        year += 1 if month <= anchor.month else 0
    elif rel in {"this year", "this"}:
        pass
    else:
        # a month alone: the nearer occurrence ("January" in an October story is ahead)
        found = _nearest_day(month, 1, anchor.replace(day=1), tense, factor=1)
        year = found.year if found else year
    return f"{year:04d}-{month:02d}", "month"


def _resolve_year(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    return m["year"], "year"


def _resolve_decade(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    if m["digits"]:
        return m["digits"][:3], "decade"
    if m["short"]:  # "the '90s": the last century, as the news uses it
        return "19" + m["short"][0], "decade"
    return "19" + str(_lexicon().decades[m["word"].lower()]), "decade"


def _resolve_century(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    number = _count(m["number"]) if m["number"] else _lexicon().ordinals[m["ordinal"].lower()]
    return (f"{number - 1:02d}", "century") if number else None


def _resolve_quarter(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    kind = "H" if m["part"].lower() == "half" else "Q"
    n = _lexicon().ordinals.get((m["ordinal"] or "").lower())
    mods = (m["mods"] or "").lower() + (m["after"] or "").lower()
    if n is None and (kind == "H" or not (m["the"] or mods.strip())):
        return _NOT_A_DATE  # "half" and "a quarter of" are amounts
    if n is None and m["part"].lower() == "period" and not mods.strip():
        return _NOT_A_DATE  # "the period" alone is no quarter
    if m["year"]:
        year = int(m["year"])
    elif anchor is None:
        return None
    else:
        year = anchor.year
        current = _quarter(anchor) if kind == "Q" else (anchor.month - 1) // 6 + 1
        if n is None:  # "the quarter", "the latest quarter": the last one reported
            n = current - 1 if "current" not in mods else current
            if n == 0:
                year, n = year - 1, 4 if kind == "Q" else 2
        elif n > current and "next" not in mods:  # "the fourth quarter" in February
            year -= 1
        if "ago" in mods or "earlier" in mods or "previous" in mods:
            year -= 1
        elif re.search(r"\b(19|20)\d\d\b", mods):
            year = int(re.search(r"(19|20)\d\d", mods)[0])  # type: ignore[index]
    if n is None:
        return _NOT_A_DATE
    return f"{year:04d}-{kind}{n}", "quarter" if kind == "Q" else "half"


def _resolve_season(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    code, first_month = _lexicon().seasons[m["season"].lower()]
    if m["year"]:
        return f"{m['year']}-{code}", "season"
    if not m["mods"]:
        return _NOT_A_DATE  # "fall" and "spring" alone are verbs more often than seasons
    if anchor is None:
        return None
    mods = (m["mods"] or "").lower().split()
    # the occurrence that has started last (winter 2015 runs December 2015 - February 2016)
    year = anchor.year if anchor.month >= first_month else anchor.year - 1
    in_it = anchor < _shift(date(year, first_month, 1), "month", 3)
    if "last" in mods:  # "last spring" in October: last year's, as TimeML reads it
        year = anchor.year - 1
    elif "past" in mods:
        year -= 1 if in_it and "this" not in mods else 0
    elif "next" in mods or "coming" in mods or (tense > 0 and not in_it):
        year += 1
    elif not in_it and year < anchor.year and code != "WI":
        year += 1  # "this summer" said in March: the summer to come
    return f"{year:04d}-{code}", "season"


def _unit_value(unit: str, day: date) -> tuple[str, str]:
    if unit == "day":
        return day.isoformat(), "day"
    if unit == "week":
        return _week_value(day), "week"
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}", "month"
    if unit == "decade":
        return f"{day.year // 10:03d}", "decade"
    return f"{day.year:04d}", "year"


def _shift(anchor: date, unit: str, amount: int) -> date:
    if unit == "day":
        return anchor + timedelta(days=amount)
    if unit == "week":
        return anchor + timedelta(weeks=amount)
    if unit == "month":
        year, month = _month_add(anchor.year, anchor.month, amount)
        return date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))
    years = amount * (10 if unit == "decade" else 1)
    return date(anchor.year + years, anchor.month, 28 if anchor.day > 28 else anchor.day)


def _resolve_ago(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    direction = m["dir"].lower()
    sign = 1 if direction in {"later", "from now", "hence"} else -1
    count = _count(m["count"].split()[-1])
    if count is None:  # "a few years ago", "several weeks ago"
        return ("FUTURE_REF" if sign > 0 else "PAST_REF"), "ref"
    if anchor is None:
        return None
    unit = m["unit"].lower()
    return _unit_value(unit, _shift(anchor, unit, sign * count))


def _resolve_relative_unit(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    if anchor is None:
        return None
    which = (m["which"] or "this").lower().split()[-1]
    unit = m["unit"].lower()
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
    if unit == "weekend":
        return _weekend(anchor, step, tense > 0)
    return _unit_value(unit, _shift(anchor, unit, step))


def _weekend(anchor: date, step: int, future: bool) -> tuple[str, str]:
    """The weekend meant: the last one (the current one on a Saturday or Sunday) unless
    the expression or the clause points forward."""
    saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
    if step > 0 or (future and step == 0 and anchor.weekday() < 5):
        saturday += timedelta(days=7)
    return _week_value(saturday) + "-WE", "weekend"


def _resolve_weekend(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    if anchor is None:
        return None
    mods = (m["mods"] or "").lower()
    step = 1 if ("next" in mods or "coming" in mods) else 0
    return _weekend(anchor, step, tense > 0 and "last" not in mods and "past" not in mods)


def _resolve_weekday(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    target = _weekday_of(m["weekday"])
    if target is None:
        return _NOT_A_DATE
    if anchor is None:
        return None
    mods = (m["mods"] or "").lower()
    back = (anchor.weekday() - target) % 7
    if (
        "next" in mods
        or "coming" in mods
        or "following" in mods
        or (tense > 0 and "last" not in mods)
    ):
        ahead = (target - anchor.weekday()) % 7
        return (anchor + timedelta(days=ahead or (7 if "next" in mods else 0))).isoformat(), "day"
    if ("last" in mods or "previous" in mods) and back == 0:
        back = 7
    return (anchor - timedelta(days=back)).isoformat(), "day"


_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "overnight": -1}


def _resolve_day_word(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    if anchor is None:
        return None
    offset = _DAY_WORDS[m["word"].lower()]
    if m["before"]:
        offset -= 1
    return (anchor + timedelta(days=offset)).isoformat(), "day"


def _resolve_past_hours(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    # "in the past 24 hours": the publication day (the range reaches back a day)
    return (anchor.isoformat(), "day") if anchor else None


def _resolve_reference(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    return _lexicon().references[re.sub(r"\s+", " ", m[0].lower())], "ref"


def _resolve_anaphoric_year(m: re.Match[str], anchor: date | None, tense: int) -> _Resolved:
    # "year-end", "the end of the year", "this fiscal year": the publication year
    return (f"{anchor.year:04d}", "year") if anchor else None


@cache
def _patterns() -> tuple[_Pattern, ...]:
    lex = _lexicon()
    month = rf"(?P<month>{_names(lex.months)})"
    weekday = _names(lex.weekdays)
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:1[89]|20)\d\d)"
    number = rf"(?:\d+|{_alternation(list(lex.numbers))})"
    ordinal = rf"(?P<ordinal>{_alternation(list(lex.ordinals))})"
    modifier = r"(?:early|late|mid|earlier|later|the\s+(?:beginning|start|middle|end)\s+of)"
    daypart = r"(?:\s+(?:morning|afternoon|evening|night))?"
    ref = "|".join(
        r"\s+".join(re.escape(w) for w in phrase.split())
        for phrase in sorted(lex.references, key=len, reverse=True)
    )
    flags = re.IGNORECASE
    b, e = r"(?<![\w$£€-])", r"(?![\w%]|[.,]\d)"  # word edges; no money, no per cent
    specs: list[tuple[str, str, _Resolver]] = [
        (
            "iso",
            r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:[T ]\d\d:\d\d(?::\d\d)?Z?)?",
            _resolve_iso,
        ),
        ("slash", r"(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d{4}|\d\d)", _resolve_slash),
        (
            "month-day",
            rf"(?:{weekday},?\s+)?(?:{modifier}\s+)?{month}\s+{day}(?:,?\s+{year})?",
            _resolve_month_day,
        ),
        (
            "day-month",
            rf"(?:{weekday},?\s+)?(?:the\s+)?{day}\s+(?:of\s+)?{month}(?:,?\s+{year})?",
            _resolve_month_day,
        ),
        (
            "month",
            rf"(?:(?P<mod>{modifier})[\s-]+)?(?:(?P<rel>last|this|next|this\s+past|past)\s+)?"
            rf"{month}(?:(?:,?\s+(?:of\s+)?{year})|\s+(?P<rel2>last|this|next)\s+year)?",
            _resolve_month,
        ),
        (
            "quarter",
            r"(?P<the>the\s+)?(?P<mods>(?:(?:year[\s-](?:ago|earlier)|latest|current|same|last|"
            r"previous|most\s+recent|recent|next|fiscal|calendar|(?:19|20)\d\d)[\s-]+)*)"
            rf"(?:{ordinal}[\s-]+)?(?:fiscal[\s-]+)?(?P<part>quarter|half|period)"
            rf"(?:\s+(?:of\s+)?(?:fiscal\s+)?{year}|(?P<after>\s+a\s+year\s+(?:ago|earlier)))?",
            _resolve_quarter,
        ),
        (
            "season",
            r"(?:(?P<mods>(?:the|last|this|next|coming|past|early|late|mid)(?:[\s-]+(?:this|past"
            r"|early|late))*)[\s-]+)?(?P<season>spring|summer|fall|autumn|winter)"
            rf"(?:\s+(?:of\s+)?{year})?",
            _resolve_season,
        ),
        (
            "decade",
            r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:(?P<digits>(?:1[89]|20)\d0)'?s|"
            rf"'(?P<short>\d0)s|(?:nineteen\s+)?(?P<word>{_alternation(list(lex.decades))}))",
            _resolve_decade,
        ),
        (
            "century",
            rf"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:(?P<number>\d{{1,2}})(?:st|nd|rd|th)|"
            rf"{ordinal})[\s-]+century",
            _resolve_century,
        ),
        (
            "ago",
            rf"(?:(?:about|nearly|almost|some|just|only|more\s+than|less\s+than)\s+)?"
            rf"(?P<count>{number}|a\s+few|several|many|some)\s+(?P<unit>day|week|month|year|decade)s?"
            r"\s+(?P<dir>ago|earlier|later|from\s+now|hence)",
            _resolve_ago,
        ),
        (
            "relative-unit",
            r"(?:(?:early|late|earlier|later)\s+(?:in\s+)?)?(?:the\s+)?"
            r"(?P<which>last|this|next|past|coming|previous|current|same|this\s+past)\s+"
            r"(?:fiscal\s+)?(?P<unit>week|weekend|month|year|decade)",
            _resolve_relative_unit,
        ),
        (
            "weekend",
            r"(?:(?P<mods>(?:the|this|last|next|past|coming)(?:\s+(?:past|coming))?)\s+)?weekend",
            _resolve_weekend,
        ),
        (
            "weekday",
            r"(?:(?P<mods>last|this|next|early|late|this\s+past|the\s+previous|the\s+following|"
            rf"coming)\s+)?(?P<weekday>{weekday}){daypart}",
            _resolve_weekday,
        ),
        (
            "day-word",
            r"(?:(?:early|late|earlier|later)\s+)?(?P<before>the\s+day\s+before\s+)?"
            rf"(?P<word>today|tonight|yesterday|tomorrow|overnight){daypart}",
            _resolve_day_word,
        ),
        (
            "past-hours",
            r"(?:the\s+)?(?:past|last|previous)\s+(?:24|twenty-four)\s+hours",
            _resolve_past_hours,
        ),
        (
            "year-end",
            r"year[\s-]end|year's\s+end|the\s+end\s+of\s+the\s+year|"
            r"(?:this|the\s+current)\s+fiscal\s+year",
            _resolve_anaphoric_year,
        ),
        (
            "year",
            rf"(?:(?:fiscal|calendar|{modifier})[\s-]+)?{year}(?!\s*(?:-|to)\s*\d)",
            _resolve_year,
        ),
        ("reference", rf"(?:{ref})", _resolve_reference),
    ]
    return tuple(
        _Pattern(name, re.compile(b + body + e, flags), resolver) for name, body, resolver in specs
    )


# --- stage 1: our patterns; stage 2: spaCy entities through dateparser -------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int  # offsets within the sentence text
    end: int
    value: str | None
    precision: str | None
    kind: str = ""  # the pattern that found it ("" for a spaCy entity)


def _scan(text: str, anchor: date | None, tense_at: Callable[[int, int], int]) -> list[_Candidate]:
    """Non-overlapping pattern matches, longest first (earlier patterns win ties)."""
    found: list[tuple[int, int, int, re.Match[str], _Pattern]] = []
    for rank, pattern in enumerate(_patterns()):
        for m in pattern.regex.finditer(text):
            found.append((-(m.end() - m.start()), rank, m.start(), m, pattern))
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    taken: list[_Candidate] = []
    for _length, _rank, start, m, pattern in found:
        end = m.end()
        if any(start < c.end and c.start < end for c in taken):
            continue
        resolved = pattern.resolve(m, anchor, tense_at(start, end))
        if resolved == _NOT_A_DATE or (resolved is None and anchor is not None):
            continue
        value, precision = resolved if resolved else (None, None)
        taken.append(_Candidate(start, end, value, precision, pattern.name))
    return taken


_LEADING = re.compile(
    r"^(?:(?:on|in|at|since|until|till|by|from|for|during|over|through|throughout|within|to|"
    r"of|as\s+of|before|after|between|and|or)\s+)+",
    re.IGNORECASE,
)
# A span worth giving to dateparser has a calendar date in it: a month name or digits in a
# date form. Spans like "the day" or "two years" (durations) are not dates to read.
_DATE_LIKE = re.compile(
    r"\b\d{1,4}[./-]\d{1,2}(?:[./-]\d{1,4})?\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec)[a-z]*\.?\s+\d|\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def _dateparser_value(text: str, anchor: date | None) -> _Resolved:
    """dateparser on one expression span, with the publication date as base (cached)."""
    if anchor is None and not re.search(r"\d{4}", text):
        return None  # a date without its year needs the publication date
    import dateparser

    base = datetime.combine(anchor or date(2000, 1, 1), datetime.min.time()).replace(hour=12)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day"]}
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    return (parsed.date().isoformat(), "day") if parsed else None


def _entity_candidates(
    sent: Sentence, taken: list[_Candidate], anchor: date | None
) -> list[_Candidate]:
    out = []
    for first, last, label in sent.ents:
        if label not in {"DATE", "TIME"}:
            continue
        start = sent.tokens[first].start - sent.start
        end = sent.tokens[last - 1].end - sent.start
        text = sent.text[start:end]
        lead = _LEADING.match(text)
        if lead:
            start += lead.end()
            text = text[lead.end() :]
        if not text or any(start < c.end and c.start < end for c in taken):
            continue
        if not _DATE_LIKE.search(text) or len(text) > 60:
            continue
        resolved = _dateparser_value(text, anchor)
        if resolved is not None:
            out.append(_Candidate(start, end, resolved[0], resolved[1]))
    return out


# --- stage 3: which way relative expressions point ---------------------------------------

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "going"})
# Verbs that put what they govern ahead: "has scheduled a news conference Thursday".
_FUTURE_VERBS = frozenset({"schedule", "plan", "slate", "expect", "due", "set", "postpone"})
# Present-tense verbs that report rather than announce ("says Thursday" is today or before).
_PRESENT_REPORTING = frozenset({"say", "be", "have", "tell", "report", "quote", "accord"})
# Dependencies through which a date qualifies a noun, not its clause ("Wednesday's ruling").
_NOMINAL_DEPS = frozenset({"poss", "compound", "amod", "nmod"})


def _tense_at(sent: Sentence) -> Callable[[int, int], int]:
    """Which way the clause governing the characters start..end points: 1 ahead ("will
    meet on Friday", "scheduled for Thursday", headline present "Arafat meet Monday"), -1
    back (a past-tense verb), 0 not known."""

    def tense(start: int, end: int) -> int:
        inside = {
            t.i for t in sent.tokens if t.start - sent.start < end and t.end - sent.start > start
        }
        tops = [i for i in sorted(inside) if sent.tokens[i].head not in inside]
        if not tops or sent.tokens[tops[0]].dep in _NOMINAL_DEPS:
            return 0
        i = sent.tokens[tops[0]].head
        for hop in range(4):  # up to the clause's verb: "meet" in "will meet on Friday"
            tok = sent.tokens[i]
            if tok.lemma in _FUTURE_VERBS:
                return 1
            if tok.pos in {"VERB", "AUX"}:
                aux = [sent.tokens[c] for c in sent.children(i) if sent.tokens[c].dep == "aux"]
                if any(c.lemma in _FUTURE_AUX for c in aux):
                    return 1
                if tok.tag == "VB" and hop == 0 and any(c.lemma == "to" for c in aux):
                    return 1  # "agreed to meet on Friday"
                if any(c.tag == "MD" for c in aux):
                    return 0  # "would be held on April 24": no tense to go by
                if tok.tag == "VBD":
                    return -1
                if tok.tag in {"VBP", "VBZ"} and hop == 0 and tok.lemma not in _PRESENT_REPORTING:
                    return 1
                return 0
            if tok.head == i:
                break
            i = tok.head
        return 0

    return tense


# --- stage 4: background ranges, and the records ------------------------------------------


def _background(before: str) -> bool:
    words = before.lower().split()[-2:]
    signals = _lexicon().background
    return bool(words) and (words[-1] in signals or " ".join(words) in signals)


def _mention(sent: Sentence, cand: _Candidate, anchor: date | None) -> DateMention:
    background = _background(sent.text[: cand.start])
    days = value_range(cand.value) if cand.value else None
    range_start, range_end = days if days else (None, None)
    before = sent.text[: cand.start].lower().split()
    if background and before and before[-1] in {"since", "as"}:
        range_end = anchor  # "since 2011": from then up to publication
    elif background and before and before[-1] in {"until", "till"}:
        range_start = None
    return DateMention(
        text=sent.text[cand.start : cand.end],
        start=sent.start + cand.start,
        end=sent.start + cand.end,
        value=cand.value,
        range_start=range_start,
        range_end=range_end,
        precision=cand.precision,
        background=background,
    )


def _as_date(published: date | datetime | None) -> date | None:
    if isinstance(published, datetime):
        return published.date()
    return published


def find_dates(
    sentences: Sequence[Sentence], *, published: date | datetime | None
) -> list[DateMention]:
    """The temporal expressions of already-parsed sentences, in text order, resolved
    against the publication date (relative ones get no value without it)."""
    anchor = _as_date(published)
    out: list[DateMention] = []
    quarter: tuple[int, str] | None = None  # the last quarter named: (sentence, value)
    for index, sent in enumerate(sentences):
        taken = _scan(sent.text, anchor, _tense_at(sent))
        taken += _entity_candidates(sent, taken, anchor)
        for cand in sorted(taken, key=lambda c: c.start):
            if (
                quarter
                and index - quarter[0] <= _QUARTER_REACH
                and _A_YEAR_BACK.fullmatch(sent.text[cand.start : cand.end])
            ):
                # results news: "profit rose to $5 million from $4 million a year earlier"
                # compares with the quarter just named, a year back
                year, part = quarter[1].split("-")
                cand = _Candidate(cand.start, cand.end, f"{int(year) - 1}-{part}", "quarter")
            if cand.precision == "quarter" and cand.value:
                quarter = (index, cand.value)
            out.append(_mention(sent, cand, anchor))
    return out


# "a year earlier" right after a quarter is named is that quarter a year back; how far
# "right after" reaches, in sentences (results stories name the quarter once, then compare
# for a paragraph or two: read off the TimeBank dev half).
_QUARTER_REACH = 4
_A_YEAR_BACK = re.compile(r"(?:a|one)\s+year\s+(?:earlier|ago|before)", re.IGNORECASE)


def find_dates_in_text(text: str, *, published: date | datetime | None) -> list[DateMention]:
    """Parse ``text`` (spaCy) and find its temporal expressions; offsets are into ``text``."""
    from eventwire.parse import parse

    return find_dates(parse(text), published=published)
