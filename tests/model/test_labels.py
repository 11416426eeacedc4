"""The learned coder's label scheme: tags to spans, a trigger's arguments to events."""

from __future__ import annotations

import pytest

from eventwire.model.labels import ArgumentSpans, events_of, spans_of_tags


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["O", "B", "I", "O"], [("", (1, 3))]),
        (["B", "B", "O"], [("", (0, 1)), ("", (1, 2))]),
        (["O", "I", "I"], [("", (1, 3))]),  # an I with no B opens a span
        (["B-SRC", "I-SRC", "B-TGT"], [("SRC", (0, 2)), ("TGT", (2, 3))]),
        (["B-SRC", "I-TGT"], [("SRC", (0, 1)), ("TGT", (1, 2))]),  # a role change ends it
        (["O", "O"], []),
    ],
)
def test_spans_of_tags_reads_runs(
    tags: list[str], spans: list[tuple[str, tuple[int, int]]]
) -> None:
    assert spans_of_tags(tags) == spans


@pytest.mark.parametrize(
    ("args", "events"),
    [
        # "Kenya arrested two men": one event
        (ArgumentSpans(sources=((0, 1),), targets=((2, 3),)), [((0, 1), (2, 3))]),
        # "France and Germany condemned the raid": one event per coordinated source
        (ArgumentSpans(sources=((0, 1), (2, 3))), [((0, 1), None), ((2, 3), None)]),
        # "troops and rebels clashed": each side the source of one, the target of the other
        (ArgumentSpans(both=((0, 1), (2, 3))), [((0, 1), (2, 3)), ((2, 3), (0, 1))]),
        # "the meeting was held": no actor named
        (ArgumentSpans(), [(None, None)]),
        # a target alone (the agent is in an earlier sentence)
        (ArgumentSpans(targets=((4, 5),)), [(None, (4, 5))]),
    ],
)
def test_events_of_rebuilds_a_triggers_events(args: ArgumentSpans, events: list[object]) -> None:
    assert events_of(args) == events
