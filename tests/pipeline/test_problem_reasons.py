"""A problem's reason is one short line, whatever the library that failed had to say: it is
a row of the dead-letter table and one line of `eventwire problems`."""

from __future__ import annotations

import pytest

from eventwire.parse import load_nlp
from eventwire.pipeline.base import Pipeline, Step
from eventwire.pipeline.steps import REASON_CHARS, extract_events, prepare, short_reason
from eventwire.records import Article, OffsetMap, Origin, Problem

# spaCy's error E088 as it words it (one line of 430 characters).
E088 = (
    "[E088] Text of length 1200000 exceeds maximum of 1000000. The parser and NER models "
    "require roughly 1GB of temporary memory per 100,000 characters in the input. This "
    "means long texts may cause memory allocation errors. If you're not using the parser "
    "or NER, it's probably safe to increase the `nlp.max_length` limit. The limit is in "
    "number of characters, so you can check whether your inputs are too long by checking "
    "`len(text)`."
)


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (ValueError("cannot code this one"), "ValueError: cannot code this one"),
        (KeyError(), "KeyError"),
        # several lines: the first that says something
        (RuntimeError("\n  bad markup near <p>\n  at line 3\n  (more context)"), "RuntimeError: bad markup near <p>"),
        # a long line: its sentences up to the limit
        (ValueError(E088), "ValueError: [E088] Text of length 1200000 exceeds maximum of 1000000. The parser and NER models require roughly 1GB of temporary memory per 100,000 characters in the input."),
        # a long line without a sentence end: cut, and marked as cut
        (ValueError("x" * 500), "ValueError: " + "x" * (REASON_CHARS - len("ValueError: ") - 1) + "\u2026"),
    ],
)  # fmt: skip
def test_short_reason_is_one_line_of_at_most_reason_chars(exc: Exception, reason: str) -> None:
    assert short_reason(exc) == reason
    assert len(short_reason(exc, prefix="extraction failed: ")) <= REASON_CHARS


class Explode(Step):
    """A step that fails the way a library does: a message over several lines."""

    name = "explode"
    requires = frozenset({"original"})
    provides = frozenset({"text"})

    def apply(self, article: Article) -> Article:
        raise ValueError("cannot read this markup\nTraceback (most recent call last):\n  ...")


def _article(text: str) -> Article:
    return Article(
        id=text[:8], text=text, original=text, origin=Origin("wire.txt", line=1),
        offsets=OffsetMap.identity(len(text)),
    )  # fmt: skip


def test_prepare_gives_a_failing_step_s_first_line_only() -> None:
    problem = prepare(_article("Talks ended."), Pipeline([Explode()]))
    assert isinstance(problem, Problem)
    assert problem.reason == "ValueError: cannot read this markup"


def test_extract_events_gives_spacy_s_refusal_as_one_short_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the model's limit lowered under one article, as a text over 1,000,000 characters was
    monkeypatch.setattr(load_nlp(), "max_length", 60)
    short = _article("Talks ended on Monday.")
    long = _article(
        "Russian warplanes struck rebel positions near Hama on Tuesday, officials said."
    )
    problems: list[Problem] = []
    events = extract_events([short, long], problems)
    assert events[long.id] == []  # and the other article is coded
    (problem,) = problems
    assert problem.kind == "extract" and "\n" not in problem.reason
    assert problem.reason.startswith("extraction failed: ValueError: [E088] Text of length 78")
    assert len(problem.reason) <= REASON_CHARS
