"""Fixtures shared by the suite: the example corpus, ../shared, an in-memory store.

Test data is written by the tests themselves (short wire-style articles about the 2015
Syria events) or read from ``examples/corpus``; text from ``../shared`` is read at test
time and never copied into the repository.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.store import DuckDBStore, MemoryStore

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` next to the repository; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (shared data lives outside the repository)")
    return SHARED


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The example corpus the README describes: 13 articles in 10 files."""
    return REPO / "examples" / "corpus"


@pytest.fixture
def store() -> Iterator[DuckDBStore]:
    """A fresh in-memory DuckDB store."""
    memory = MemoryStore()
    yield memory
    memory.close()


@pytest.fixture
def hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No ``EVENTWIRE_*`` variables and an empty working directory (no eventwire.toml)."""
    for key in list(os.environ):
        if key.startswith("EVENTWIRE_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    return tmp_path
