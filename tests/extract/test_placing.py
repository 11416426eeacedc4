"""Where an event happened, on sentences we wrote."""

from __future__ import annotations

import pytest

import eventwire
from eventwire.records import Event


def _main(text: str) -> Event:
    events = eventwire.extract(text)
    assert events, text
    return max(events, key=lambda e: e.confidence)


@pytest.mark.parametrize(
    ("text", "name", "feature", "places"),
    [
        # one place phrase of the trigger
        ("Syrian jets bombed rebel positions near Aleppo.", "Aleppo", "city", ("Aleppo",)),
        # several places: the smallest unit they share, each name kept as written
        (
            "Russian warplanes struck rebels in the provinces of Homs, Hama and Idlib.",
            "Syria",
            "country",
            ("Homs", "Hama", "Idlib"),
        ),
        # the target's place phrase: where the target was hit
        (
            "Jordanian jets bombed Islamic State fighters in Raqqa.",
            "Ar Raqqah",
            "city",
            ("Raqqa",),
        ),
    ],
)
def test_event_is_placed_where_the_sentence_puts_it(
    text: str, name: str, feature: str, places: tuple[str, ...]
) -> None:
    location = _main(text).location
    assert location is not None
    assert (location.name, location.feature, location.places) == (name, feature, places)


def test_an_actor_named_by_its_capital_is_not_the_location() -> None:
    event = _main("Moscow condemned the air strikes in Idlib.")
    assert event.location is not None and event.location.places == ("Idlib",)


def test_without_a_place_in_the_sentence_the_article_setting_is_used() -> None:
    text = (
        "Fighting flared again in northern Syria, near Aleppo and Idlib. "
        "Turkish troops shelled Kurdish fighters on Tuesday."
    )
    shelling = next(e for e in eventwire.extract(text) if e.source.code == "TURMIL")
    assert shelling.location is not None
    assert (shelling.location.country, shelling.location.feature) == ("SYR", "country")


def test_no_place_anywhere_gives_no_location() -> None:
    assert _main("The rebels attacked the convoy.").location is None
