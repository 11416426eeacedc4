"""Pipelines: each step declares what it requires and provides; check() proves they line up."""

from __future__ import annotations

from dataclasses import replace

import pytest

from eventwire.errors import PipelineError
from eventwire.pipeline.base import READER_PROVIDES, Pipeline, Step
from eventwire.pipeline.ingest import default_pipeline
from eventwire.records import Article, Origin


class Upper(Step):
    name = "upper"
    requires = frozenset({"text"})
    provides = frozenset({"text"})

    def apply(self, article: Article) -> Article:
        return replace(article, text=article.text.upper())


class Title(Step):
    name = "title"
    requires = frozenset({"original"})
    provides = frozenset({"title", "text"})

    def apply(self, article: Article) -> Article:
        first, _, rest = (article.original or "").partition("\n")
        return replace(article, title=first, text=rest)


def test_default_pipeline_lines_up() -> None:
    lines = default_pipeline().check()
    assert lines[0].startswith("reader: provides ")
    assert any(line.startswith("clean: requires ") for line in lines)


def test_check_describes_each_step_in_order() -> None:
    lines = Pipeline([Title(), Upper()]).check()
    assert lines == [
        f"reader: provides {', '.join(sorted(READER_PROVIDES))}",
        "title: requires original; provides text, title",
        "upper: requires text; provides text",
    ]


def test_check_names_the_step_and_the_missing_field() -> None:
    with pytest.raises(PipelineError) as caught:
        Pipeline([Upper(), Title()], available=frozenset({"original"})).check()
    message = str(caught.value)
    assert "'upper'" in message and "requires text" in message
    assert "add a step that provides it" in message


def test_apply_runs_steps_in_order() -> None:
    article = Article(
        id="a", text="", original="Moscow says\nRussian jets hit Raqqa.", origin=Origin("a.txt")
    )
    done = Pipeline([Title(), Upper()]).apply(article)
    assert (done.title, done.text) == ("Moscow says", "RUSSIAN JETS HIT RAQQA.")
