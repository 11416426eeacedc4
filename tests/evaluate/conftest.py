"""Fixtures for the evaluation tests: the shared gold data (or a clean skip), file writers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from eventwire.evaluate.data import find_data_dir

WriteFile = Callable[[str, str], Path]


@pytest.fixture
def shared_data() -> Path:
    """The shared gold folder; the test is skipped when it is absent (e.g. in a fresh clone)."""
    folder = find_data_dir()
    if not folder.is_dir():
        pytest.skip(f"shared gold data not found at {folder} (set EVENTWIRE_SHARED_DATA)")
    return folder


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """Write a made-up fixture file under tmp_path (folders created) and return its path."""

    def _write(relative: str, content: str) -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="")
        return path

    return _write
