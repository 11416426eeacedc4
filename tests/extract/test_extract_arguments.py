"""Who acts and on whom: argument choice and argument spans, on sentences we wrote."""

from __future__ import annotations

import pytest

import eventwire
from eventwire.records import Event


def _main(text: str) -> Event:
    events = eventwire.extract(text)
    assert events, f"no event in {text!r}"
    return max(events, key=lambda e: e.confidence)


def _span(text: str, start: int | None, end: int | None) -> str | None:
    return None if start is None or end is None else text[start:end]


@pytest.mark.parametrize(
    ("text", "source", "code", "target"),
    [
        # the members of a group act, not the group noun
        (
            "A group of Jordanian diplomats met Lebanese officials in Amman.",
            "JORGOV",
            "040",
            "LBNGOV",
        ),
        (
            "Thousands of Iraqi students protested against the Turkish army.",
            "IRQEDU",
            "141",
            "TURMIL",
        ),
        # the direct object is what is given; the indirect object receives it
        ("Norway gave Jordan a grant of 40 million dollars.", "NOR", "071", "JOR"),
        (
            "The EU will send 2,000 tons of food aid to Lebanese refugees.",
            "IGOEUREEC",
            "073",
            "LBNREF",
        ),
        # whom the act is aimed at, found beyond its frame
        ("Hezbollah threatened to shell Haifa.", "LBNREB", "138", "ISR"),
        ("Egypt opened investigations against Libyan smugglers.", "EGY", "090", "LBYCRM"),
    ],
)
def test_extract_finds_source_code_and_target(
    text: str, source: str, code: str, target: str | None
) -> None:
    event = _main(text)
    found = (event.source.code, event.cameo.code, event.target.code if event.target else None)
    assert found[1] == code, found
    assert found[0] == source, found
    assert (found[2] or "")[:3] == (target or "")[:3], found


@pytest.mark.parametrize(
    ("text", "code", "factuality"),
    [
        # an actor announcing its own act has expressed an intent (03x) ...
        ("Jordan said it will provide tents to the refugees.", "033", "asserted"),
        ("The rebels said they would release the captured soldiers.", "034", "asserted"),
        # ... or made a threat (13x) when the act is violent
        ("The militants said they will attack the airport.", "138", "asserted"),
        # a plan another actor reports keeps the act's own code
        ("Officials said the army will attack the airport.", "190", "intended"),
    ],
)
def test_extract_reads_announced_acts_as_intents_or_threats(
    text: str, code: str, factuality: str
) -> None:
    event = _main(text)
    assert (event.cameo.code, event.factuality) == (code, factuality)


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        # clauses and phrases that say what the argument wants are not part of it
        (
            "Turkey rejected the Syrian government's offer of a ceasefire.",
            "Turkey",
            "the Syrian government's offer",
        ),
        (
            "Jordan welcomed Russia's decision to withdraw its jets from Syria.",
            "Jordan",
            "Russia's decision",
        ),
        # phrases that say which one it is stay
        (
            "Lebanon expelled the ambassador of Syria in Beirut.",
            "Lebanon",
            "the ambassador of Syria in Beirut",
        ),
    ],
)
def test_extract_argument_spans_cover_the_actor_phrase(text: str, source: str, target: str) -> None:
    ev = _main(text).evidence[0]
    assert _span(text, ev.source_start, ev.source_end) == source
    assert _span(text, ev.target_start, ev.target_end) == target


def test_extract_pronoun_takes_the_subject_named_before_it_in_the_sentence() -> None:
    text = (
        "Jordanian rebels attacked a checkpoint. Egypt has long favoured a negotiated "
        "settlement, and it calls for talks between the parties."
    )
    appeals = [e for e in eventwire.extract(text) if e.cameo.root == "02"]
    assert appeals and appeals[0].source.code is not None
    assert appeals[0].source.code.startswith("EGY")


def test_extract_pronoun_and_group_noun_pointing_at_each_other_end() -> None:
    # "some of them" and "they": resolving one leads to the other; it must stop
    text = "Thousands of them said they would march on the capital."
    assert isinstance(eventwire.extract(text), list)
