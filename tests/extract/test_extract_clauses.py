"""Factuality, attribution, figures and dates around a trigger, on sentences we wrote."""

from __future__ import annotations

from datetime import datetime

import pytest

from eventwire.extract.attribution import find_frame
from eventwire.extract.factuality import factuality
from eventwire.extract.quantities import figures_near, parse_number
from eventwire.extract.timing import resolve_event_date
from eventwire.parse import Sentence, parse

PUBLISHED = datetime(2015, 10, 8, 14, 0)  # a Thursday


def _sentence(text: str) -> Sentence:
    return parse(text)[0]


def _token(sent: Sentence, word: str) -> int:
    return next(t.i for t in sent.tokens if t.text == word)


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Syrian jets bombed rebel positions near Hama on Tuesday.", "bombed", "asserted"),
        ("The ministry said its jets did not target civilians in Homs.", "target", "negated"),
        ("Russian aircraft never struck the town, the general insisted.", "struck", "negated"),
        (
            "We would have grave concerns should Russia strike areas held by moderate rebels.",
            "strike",
            "hypothetical",
        ),
        ("If Turkey shoots down another jet, Moscow will respond.", "shoots", "hypothetical"),
        (
            "Ankara threatened to shoot down any aircraft that enters its airspace.",
            "shoot",
            "threatened",
        ),
        (
            "Baghdad is considering asking Moscow to carry out strikes in Iraq.",
            "asking",
            "intended",
        ),
        ("The two ministers plan to meet in Vienna next week.", "meet", "intended"),
        (
            "Government troops reportedly captured the village after heavy fighting.",
            "captured",
            "reported",
        ),
    ],
)
def test_factuality_reads_markers_and_governors(text: str, trigger: str, expected: str) -> None:
    sent = _sentence(text)
    i = _token(sent, trigger)
    frame = find_frame(sent, i)
    assert factuality(sent, i, hedged=bool(frame and frame.hedged)) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "claimant", "via", "hedged"),
    [
        (
            "Russian jets hit 12 targets near Idlib, the defence ministry said on Friday.",
            "hit",
            "ministry",
            None,
            False,
        ),
        (
            "The army said its units recaptured two villages in Latakia province.",
            "recaptured",
            "army",
            None,
            False,
        ),
        (
            "Warplanes hit a bakery in Aleppo, according to the monitoring group.",
            "hit",
            "group",
            None,
            False,
        ),
        (
            "Russian planes bombed a hospital in Idlib, media reports said.",
            "bombed",
            "reports",
            None,
            True,
        ),
        (
            "Russian warplanes struck 20 targets overnight, the Tass agency quoted the defence ministry as saying.",
            "struck",
            "ministry",
            "agency",
            False,
        ),
    ],
)
def test_attribution_finds_who_claims_the_event(
    text: str, trigger: str, claimant: str, via: str | None, hedged: bool
) -> None:
    sent = _sentence(text)
    frame = find_frame(sent, _token(sent, trigger))
    assert frame is not None
    assert frame.claimant is not None and sent.tokens[frame.claimant].text == claimant
    assert (sent.tokens[frame.via].text if frame.via is not None else None) == via
    assert frame.hedged is hedged


def test_attribution_is_absent_when_the_article_states_the_event() -> None:
    sent = _sentence("Syrian government forces shelled the town of Talbiseh on Monday.")
    assert find_frame(sent, _token(sent, "shelled")) is None


@pytest.mark.parametrize(
    ("text", "trigger", "figures"),
    [
        ("Russian jets hit 27 targets overnight.", "hit", [(27.0, "target", True)]),
        ("The aircraft flew 64 sorties and hit 55 targets.", "flew", [(64.0, "sortie", True)]),
        ("The ships fired 26 cruise missiles.", "fired", [(26.0, "missile", True)]),
        (
            "The missiles flew 500 thousand kilometers before striking.",
            "flew",
            [(500000.0, "kilometer", False)],
        ),
        ("Clashes killed twelve civilians.", "killed", [(12.0, "civilian", True)]),
    ],
)
def test_figures_near_a_trigger_are_kept_and_implausible_ones_flagged(
    text: str, trigger: str, figures: list[tuple[float, str, bool]]
) -> None:
    sent = _sentence(text)
    i = _token(sent, trigger)
    found = figures_near(sent, [i, *sent.children(i)])
    assert [(q.value, q.unit, q.plausible) for q in found] == figures


@pytest.mark.parametrize(
    ("text", "value"), [("27", 27.0), ("1,200", 1200.0), ("twelve", 12.0), ("many", None)]
)
def test_parse_number_reads_digits_and_words(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "trigger", "date", "precision"),
    [
        ("Russian jets struck Talbiseh on Wednesday.", "struck", "2015-10-07", "day"),
        ("Russian jets struck Talbiseh on Thursday.", "struck", "2015-10-08", "day"),
        ("Russian jets struck Talbiseh overnight.", "struck", "2015-10-07", "day"),
        ("Russia began its air campaign on September 30.", "began", "2015-09-30", "day"),
        ("Russian jets struck Talbiseh, the ministry said.", "struck", "2015-10-08", "published"),
        ("The war has killed 250,000 people since 2011.", "killed", "2015-10-08", "published"),
    ],
)
def test_event_date_resolves_against_publication(
    text: str, trigger: str, date: str, precision: str
) -> None:
    sent = _sentence(text)
    assert resolve_event_date(sent, _token(sent, trigger), PUBLISHED) == (date, precision)


def test_event_date_is_never_invented_without_a_publication_date() -> None:
    sent = _sentence("Russian jets struck Talbiseh on Wednesday.")
    assert resolve_event_date(sent, _token(sent, "struck"), None) == (None, None)
