"""eventwire.extract.timing: the date of an event, from the date attached to its trigger."""

from __future__ import annotations

from datetime import datetime

import pytest

from eventwire.extract.timing import resolve_event_date
from eventwire.parse import parse

PUBLISHED = datetime(2015, 10, 9, 0, 33)  # a Friday

# sentence, trigger word, expected (date, precision)
CASES = [
    ("Russian jets struck 12 targets on Wednesday.", "struck", ("2015-10-07", "day")),
    (
        "The coalition said on Thursday that it launched 18 strikes on Wednesday.",
        "launched",
        ("2015-10-07", "day"),
    ),
    (
        "The coalition said on Thursday that it launched 18 strikes on Wednesday.",
        "said",
        ("2015-10-08", "day"),
    ),
    ("The coalition launched airstrikes on Wednesday.", "airstrikes", ("2015-10-07", "day")),
    ("Russia's air force hit 27 targets overnight.", "hit", ("2015-10-08", "day")),
    (
        "Russia's weekend incursions into Turkish airspace alarmed NATO.",
        "incursions",
        ("2015-10-03", "weekend"),
    ),
    (
        "Syria has been at war since 2011 and rebels attacked Hama.",
        "attacked",
        ("2015-10-09", "published"),
    ),
    (
        "Erdogan apologised to Putin, the Kremlin said on Monday.",
        "apologised",
        ("2015-10-09", "published"),
    ),
    (
        "Rebels, who were shelled overnight, withdrew from two villages.",
        "withdrew",
        ("2015-10-09", "published"),
    ),
    ("Lavrov will meet Kerry in Geneva on Friday.", "meet", ("2015-10-09", "day")),
    ("Lavrov will meet Kerry in Geneva on Monday.", "meet", ("2015-10-12", "day")),
    ("Talks broke down last week.", "broke", ("2015-09-28", "week")),
    ("Rebels attacked a checkpoint near Hama.", "attacked", ("2015-10-09", "published")),
]


@pytest.mark.parametrize(("sentence", "trigger", "expected"), CASES)
def test_resolve_event_date_uses_the_date_attached_to_the_trigger(
    sentence: str, trigger: str, expected: tuple[str, str]
) -> None:
    [sent] = parse(sentence)
    index = next(t.i for t in sent.tokens if t.text == trigger)
    assert resolve_event_date(sent, index, PUBLISHED) == expected


def test_resolve_event_date_invents_nothing_without_publication_date() -> None:
    [sent] = parse("Russian jets struck 12 targets on Wednesday.")
    assert resolve_event_date(sent, 2, None) == (None, None)
