"""Records: content ids, origins, the offset map back to the original text, problems."""

from __future__ import annotations

import dataclasses
import re

import pytest

from eventwire.records import Article, OffsetMap, Origin, Problem, content_id


def test_content_id_is_stable_hex_of_the_requested_length() -> None:
    first = content_id("text", "Russian jets struck targets near Hama.")
    assert first == content_id("text", "Russian jets struck targets near Hama.")
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    assert len(content_id("x", length=8)) == 8


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (("ab", "c"), ("a", "bc")),
        (("text", "Hama"), ("html", "Hama")),
        (("Hama",), ("Homs",)),
    ],
)
def test_content_id_differs_when_parts_differ(
    left: tuple[str, ...], right: tuple[str, ...]
) -> None:
    assert content_id(*left) != content_id(*right)


@pytest.mark.parametrize(
    ("origin", "shown"),
    [
        (Origin("story.txt"), "story.txt"),
        (Origin("wires.jsonl", line=3), "wires.jsonl:3"),
        (Origin("crawl.warc.gz", offset=1405, member="https://wire.test/a"), "crawl.warc.gz@1405"),
    ],
)
def test_origin_str_names_file_and_place(origin: Origin, shown: str) -> None:
    assert str(origin) == shown


# Two kept spans: clean [0, 5) came from original [10, 15); clean [7, 11) from [20, 24).
# Clean offsets 5 and 6 are the inserted "\n\n" between them.
TWO_SEGMENTS = OffsetMap(((0, 10, 5), (7, 20, 4)))


@pytest.mark.parametrize(
    ("clean", "original"),
    [
        (0, 10),
        (4, 14),
        (5, 15),  # an inserted joiner maps to the end of the preceding segment
        (6, 15),
        (7, 20),
        (10, 23),
        (11, 24),  # one past the end
    ],
)
def test_offset_map_to_original(clean: int, original: int) -> None:
    assert TWO_SEGMENTS.to_original(clean) == original


@pytest.mark.parametrize(
    ("span", "original"),
    [
        ((0, 5), (10, 15)),
        ((7, 11), (20, 24)),
        ((1, 3), (11, 13)),
        ((0, 11), (10, 24)),
        ((3, 3), (13, 13)),  # empty span
    ],
)
def test_offset_map_span_to_original(span: tuple[int, int], original: tuple[int, int]) -> None:
    assert TWO_SEGMENTS.span_to_original(*span) == original


def test_offset_map_without_segments_is_the_identity() -> None:
    assert OffsetMap().to_original(42) == 42
    assert OffsetMap.identity(0).segments == ()
    assert OffsetMap.identity(30).span_to_original(4, 9) == (4, 9)


@pytest.mark.parametrize(
    "offsets", [OffsetMap(), OffsetMap.identity(12), TWO_SEGMENTS], ids=["empty", "identity", "two"]
)
def test_offset_map_json_round_trip(offsets: OffsetMap) -> None:
    assert OffsetMap.from_json(offsets.to_json()) == offsets


def test_offset_map_from_missing_json_is_empty() -> None:
    assert OffsetMap.from_json(None) == OffsetMap()


def test_article_evidence_span_points_into_original() -> None:
    original = "Advertisement\nTurkey summoned the Russian ambassador.\nShare this\nNATO met."
    first, second = "Turkey summoned the Russian ambassador.", "NATO met."
    article = Article(
        id="a1",
        text=f"{first}\n\n{second}",
        original=original,
        origin=Origin("turkey.txt"),
        offsets=OffsetMap(
            ((0, original.index(first), len(first)), (len(first) + 2, original.index(second), 9))
        ),
    )
    start = article.text.index("NATO")
    begin, end = article.evidence_span(start, start + len("NATO met"))
    assert original[begin:end] == "NATO met"
    assert article.path == "turkey.txt"


def test_article_is_frozen() -> None:
    article = Article(id="a1", text="Russian jets struck Hama.", origin=Origin("a.txt"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("problem", "shown"),
    [
        (Problem("empty.txt", "empty: no text to read"), "empty.txt: empty: no text to read"),
        (Problem("wires.jsonl", "malformed JSON", line=7), "wires.jsonl:7: malformed JSON"),
    ],
)
def test_problem_str_names_file_line_and_reason(problem: Problem, shown: str) -> None:
    assert str(problem) == shown


def test_problem_id_comes_from_path_line_and_reason() -> None:
    problem = Problem("wires.jsonl", "malformed JSON", line=7)
    assert problem.id == Problem("wires.jsonl", "malformed JSON", line=7, kind="other").id
    assert problem.id != Problem("wires.jsonl", "malformed JSON", line=8).id
    assert problem.id != Problem("other.jsonl", "malformed JSON", line=7).id
