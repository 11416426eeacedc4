"""eventwire.resolve.dates: temporal expressions and their TimeML values (sentences we wrote)."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest

from eventwire.parse import parse
from eventwire.resolve.dates import DateMention, find_dates, find_dates_in_text, value_range

FRIDAY = date(2015, 10, 9)  # a Friday

# sentence, publication date, expression as written, value, precision
CASES = [
    ("Russian jets struck on Thursday.", FRIDAY, "Thursday", "2015-10-08", "day"),
    ("Russian jets struck on Friday.", FRIDAY, "Friday", "2015-10-09", "day"),
    ("The ministers will meet on Monday.", FRIDAY, "Monday", "2015-10-12", "day"),
    ("Russian jets hit 27 targets overnight.", FRIDAY, "overnight", "2015-10-08", "day"),
    (
        "Jets entered Turkish airspace on Saturday and Sunday.",
        FRIDAY,
        "Saturday",
        "2015-10-03",
        "day",
    ),
    (
        "Jets entered Turkish airspace on Saturday and Sunday.",
        FRIDAY,
        "Sunday",
        "2015-10-04",
        "day",
    ),
    ("The talks failed last week.", FRIDAY, "last week", "2015-W40", "week"),
    (
        "Jets flew 64 sorties in the past 24 hours.",
        FRIDAY,
        "the past 24 hours",
        "2015-10-09",
        "day",
    ),
    ("Strikes began on September 30.", FRIDAY, "September 30", "2015-09-30", "day"),
    ("The coalition started a year ago.", FRIDAY, "a year ago", "2014", "year"),
    ("Rebels took the town on 7 October.", FRIDAY, "7 October", "2015-10-07", "day"),
    ("The convoy was hit yesterday.", FRIDAY, "yesterday", "2015-10-08", "day"),
    ("The convoy was hit today.", FRIDAY, "today", "2015-10-09", "day"),
    ("Talks broke down earlier this month.", FRIDAY, "earlier this month", "2015-10", "month"),
    ("Talks resume next week.", FRIDAY, "next week", "2015-W42", "week"),
    ("The war of the 1990s shaped the region.", FRIDAY, "the 1990s", "199", "decade"),
    ("Profit rose in the third quarter.", FRIDAY, "the third quarter", "2015-Q3", "quarter"),
    ("The offensive began last spring.", FRIDAY, "last spring", "2014-SP", "season"),
    ("Russia's weekend incursions alarmed NATO.", FRIDAY, "weekend", "2015-W40-WE", "weekend"),
    ("The treaty was signed on Oct. 5, 2014.", FRIDAY, "Oct. 5, 2014", "2014-10-05", "day"),
    ("The file is dated 2015-10-03.", FRIDAY, "2015-10-03", "2015-10-03", "day"),
    ("Elections were held in June last year.", FRIDAY, "June last year", "2014-06", "month"),
    ("The army is now advancing.", FRIDAY, "now", "PRESENT_REF", "ref"),
    ("Fighting has recently intensified.", FRIDAY, "recently", "PAST_REF", "ref"),
    ("The vote was held on Dec. 22.", date(2017, 1, 3), "Dec. 22", "2016-12-22", "day"),
    ("The vote is set for Dec. 22.", date(2016, 12, 20), "Dec. 22", "2016-12-22", "day"),
]


@pytest.mark.parametrize(("sentence", "published", "text", "value", "precision"), CASES)
def test_find_dates_resolves_against_the_publication_date(
    sentence: str, published: date, text: str, value: str, precision: str
) -> None:
    found = {m.text: m for m in find_dates_in_text(sentence, published=published)}
    assert text in found, f"{text!r} not found in {sorted(found)}"
    assert (found[text].value, found[text].precision) == (value, precision)


def test_find_dates_marks_since_as_a_background_range() -> None:
    [since] = find_dates_in_text("Syria has been at war since 2011.", published=FRIDAY)
    assert since.value == "2011" and since.background
    assert (since.range_start, since.range_end) == (date(2011, 1, 1), FRIDAY)


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian jets struck on Thursday.",
        "Talks broke down earlier this month.",
        "Rebels took the town on 7 October.",
        "The convoy was hit yesterday.",
    ],
)
def test_find_dates_without_publication_date_invents_no_value(sentence: str) -> None:
    mentions = find_dates_in_text(sentence, published=None)
    assert mentions and all(m.value is None and m.range_start is None for m in mentions)


def test_find_dates_without_publication_date_keeps_absolute_values() -> None:
    values = [m.value for m in find_dates_in_text("The 1990s ended in 1999.", published=None)]
    assert values == ["199", "1999"]


@pytest.mark.parametrize(
    "sentence",
    [
        "We condemn the attack.",
        "We said we would march on the capital.",
        "Troops may fall back; Jan Kavan and The Sun reported it.",
        "Half the troops and a quarter of the tanks left.",
        "The army has 2,015 tanks and spent $1999 on fuel.",
    ],
)
def test_find_dates_finds_nothing_in_sentences_without_dates(sentence: str) -> None:
    assert find_dates_in_text(sentence, published=FRIDAY) == []


def test_find_dates_works_on_parsed_sentences_with_text_offsets() -> None:
    text = "Headline here.\n\nRussian jets struck on Thursday, the ministry said on Friday."
    mentions = find_dates(parse(text), published=datetime(2015, 10, 9, 12, 30))
    assert [text[m.start : m.end] for m in mentions] == ["Thursday", "Friday"]
    assert all(isinstance(m, DateMention) for m in mentions)


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2015-10-08", date(2015, 10, 8), date(2015, 10, 8)),
        ("2015-W41", date(2015, 10, 5), date(2015, 10, 11)),
        ("2015-10", date(2015, 10, 1), date(2015, 10, 31)),
        ("2015-Q4", date(2015, 10, 1), date(2015, 12, 31)),
        ("2015-WI", date(2015, 12, 1), date(2016, 2, 29)),
        ("2015", date(2015, 1, 1), date(2015, 12, 31)),
        ("199", date(1990, 1, 1), date(1999, 12, 31)),
    ],
)
def test_value_range_gives_first_and_last_day(value: str, first: date, last: date) -> None:
    assert value_range(value) == (first, last)


def test_value_range_has_no_days_for_references() -> None:
    assert value_range("PAST_REF") is None


@pytest.mark.parametrize(
    "text",
    [
        " ".join(str(n) for n in range(20000)),  # a huge text of numbers
        "Москва 2015 年 十月 ٢٠١٥ " * 500 + "on Thursday",  # unknown scripts
        "1999-99-99 13/45/2015 February 30 " * 300,  # dates that are not dates
    ],
)
def test_find_dates_takes_bounded_time_on_bad_input(text: str) -> None:
    sentences = parse(text)
    began = time.perf_counter()
    find_dates(sentences, published=FRIDAY)
    assert time.perf_counter() - began < 5.0
