"""One record per real event: merging mentions, on short articles we wrote."""

from __future__ import annotations

import random
from datetime import datetime

import pytest

from eventwire.extract import Extractor
from eventwire.merge.events import ArticleInfo, compatible, merge_block, merge_mentions
from eventwire.records import Article, Event, OffsetMap, Origin

PUBLISHED = datetime(2015, 10, 9, 12)  # a Friday

REPORTS = {
    # two outlets report the same strike, dated by "Thursday" and "overnight"
    "a1": ("Wire One", "Russian jets bombed rebel positions near Hama on Thursday, the army said."),
    "a2": ("Daily Two", "Russian warplanes struck 27 rebel targets in Hama overnight."),
    # a reprint of a1 by a third outlet: a copy, not a new source
    "a3": (
        "Reprint Three",
        "Russian jets bombed rebel positions near Hama on Thursday, the army said.",
    ),
    # a strike on another day in another province: another event
    "a4": ("Daily Two", "Russian jets bombed rebel positions in Idlib on Monday."),
    # a threat to strike is not the strike
    "a5": ("Wire One", "Russia threatened to bomb rebel positions near Hama."),
}


def _articles() -> list[Article]:
    return [
        Article(
            id=aid,
            text=text,
            origin=Origin(f"{aid}.txt"),
            source=outlet,
            published=PUBLISHED,
            offsets=OffsetMap.identity(len(text)),
        )
        for aid, (outlet, text) in REPORTS.items()
    ]


@pytest.fixture(scope="module")
def mentions() -> list[Event]:
    return [e for events in Extractor().extract_articles(_articles()) for e in events]


INFO = {
    "a1": ArticleInfo("Wire One", "a1", PUBLISHED),
    "a2": ArticleInfo("Daily Two", "a2", PUBLISHED),
    "a3": ArticleInfo("Reprint Three", "a1", PUBLISHED),  # a near-duplicate of a1
    "a4": ArticleInfo("Daily Two", "a4", PUBLISHED),
    "a5": ArticleInfo("Wire One", "a5", PUBLISHED),
}


def _strikes(events: list[Event]) -> list[Event]:
    """The strikes that happened (not the threatened one)."""
    return [
        e
        for e in events
        if e.cameo.root in {"19", "18"} and e.source.country == "RUS" and e.factuality == "asserted"
    ]


def _hama_strike(events: list[Event]) -> Event:
    return next(e for e in _strikes(events) if e.location and "Hama" in e.location.places)


def test_merge_makes_one_event_of_the_same_strike_across_outlets(mentions: list[Event]) -> None:
    merged = _strikes(merge_mentions(mentions, INFO))
    hama = [e for e in merged if e.location and "Hama" in e.location.places]
    assert len(hama) == 1, [(e.date, e.location, e.num_mentions) for e in merged]
    strike = hama[0]
    assert strike.num_mentions == 3
    assert strike.num_articles == 3
    assert strike.num_sources == 2  # the reprint is a copy of Wire One's article
    assert strike.date == "2015-10-08"
    assert {ev.article_id for ev in strike.evidence} == {"a1", "a2", "a3"}


def test_merge_keeps_other_days_places_and_factualities_apart(mentions: list[Event]) -> None:
    merged = merge_mentions(mentions, INFO)
    idlib = [e for e in merged if e.location and "Idlib" in e.location.places]
    assert len(idlib) == 1 and idlib[0].num_mentions == 1
    threats = [e for e in merged if e.cameo.root == "13"]
    assert threats and all(e.num_mentions == 1 for e in threats)


def test_merge_keeps_each_figure_with_its_claimant(mentions: list[Event]) -> None:
    strike = _hama_strike(merge_mentions(mentions, INFO))
    claims = [(c.value, c.unit, c.article_id, c.source) for c in strike.claims]
    assert (27.0, "target", "a2", "Daily Two") in claims


def test_merge_does_not_depend_on_the_order_mentions_arrive_in(mentions: list[Event]) -> None:
    expected = sorted((e.id, e.num_mentions) for e in merge_mentions(mentions, INFO))
    for seed in range(5):
        shuffled = list(mentions)
        random.Random(seed).shuffle(shuffled)
        assert sorted((e.id, e.num_mentions) for e in merge_mentions(shuffled, INFO)) == expected


def test_merge_assigns_every_mention_to_one_event(mentions: list[Event]) -> None:
    result = merge_block(mentions, INFO)
    assert set(result.assignment) == {m.id for m in mentions}
    assert set(result.assignment.values()) == {e.id for e in result.events}


def test_merged_confidence_rises_with_independent_sources(mentions: list[Event]) -> None:
    strike = _hama_strike(merge_mentions(mentions, INFO))
    assert strike.confidence > max(m.confidence for m in mentions if m.id in strike.mentions)


@pytest.mark.parametrize(
    ("date_a", "precision_a", "date_b", "precision_b", "same"),
    [
        ("2015-10-08", "day", "2015-10-08", "day", True),
        ("2015-10-07", "day", "2015-10-08", "day", True),  # overnight: either day
        ("2015-10-05", "day", "2015-10-08", "day", False),
        ("2015-10-09", "published", "2015-10-08", "day", True),
        ("2015-10-01", "month", "2015-10-20", "day", True),
        (None, None, "2015-10-08", "day", False),
        (None, None, None, None, True),
    ],
)
def test_compatible_dates_respect_their_precision(
    mentions: list[Event],
    date_a: str | None,
    precision_a: str | None,
    date_b: str | None,
    precision_b: str | None,
    same: bool,
) -> None:
    from dataclasses import replace

    base = _strikes(mentions)[0]
    a = replace(base, id="x", date=date_a, date_precision=precision_a, location=None)
    b = replace(base, id="y", date=date_b, date_precision=precision_b, location=None)
    assert compatible(a, b) is same
