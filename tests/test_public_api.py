"""The public surface: a small, sorted ``__all__``; ``read`` and ``ingest`` as functions."""

from __future__ import annotations

import inspect
from importlib.metadata import version
from pathlib import Path

import pytest

import eventwire
from eventwire.errors import (
    ConfigError,
    EvaluationError,
    EventwireError,
    InputError,
    PipelineError,
    StoreError,
)


def test_all_is_sorted() -> None:
    assert eventwire.__all__ == sorted(eventwire.__all__)


def test_every_name_in_all_exists() -> None:
    missing = [name for name in eventwire.__all__ if not hasattr(eventwire, name)]
    assert missing == []


@pytest.mark.parametrize("name", ["ingest", "read"])
def test_read_and_ingest_are_functions_not_subpackages(name: str) -> None:
    assert inspect.isfunction(getattr(eventwire, name))


def test_version_matches_the_installed_distribution() -> None:
    assert eventwire.__version__ == version("eventwire")


@pytest.mark.parametrize(
    "error", [ConfigError, EvaluationError, InputError, PipelineError, StoreError]
)
def test_every_error_derives_from_eventwire_error(error: type[Exception]) -> None:
    assert issubclass(error, EventwireError)


def test_input_error_names_file_and_line() -> None:
    err = InputError("wires.jsonl", "malformed JSON", line=4)
    assert (err.path, err.line, err.reason) == ("wires.jsonl", 4, "malformed JSON")
    assert str(err) == "wires.jsonl:4: malformed JSON"


def test_read_yields_cleaned_articles_without_a_store(corpus_dir: Path) -> None:
    items = list(eventwire.read([str(corpus_dir)]))
    assert all(isinstance(item, eventwire.Article) for item in items)
    assert len(items) == 13
    assert all(item.text and item.language == "en" for item in items)


def test_ingest_into_a_given_store_returns_the_run_summary(
    corpus_dir: Path, store: eventwire.DuckDBStore
) -> None:
    summary = eventwire.ingest([str(corpus_dir)], store=store)
    assert isinstance(summary, eventwire.RunSummary)
    assert (summary.files, summary.new, summary.failed, summary.status) == (10, 13, 0, "done")
    assert store.count_articles() == 13


@pytest.mark.usefixtures("hermetic")
def test_ingest_into_a_duckdb_file(hermetic: Path, corpus_dir: Path) -> None:
    db = hermetic / "wires.duckdb"
    summary = eventwire.ingest([str(corpus_dir / "wires.jsonl")], db=str(db))
    assert summary.new == 4
    with eventwire.open_store(str(db), read_only=True) as stored:
        assert {a.id for a in stored.articles()} == {f"wire-000{n}" for n in range(1, 5)}
