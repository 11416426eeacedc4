"""The one way loaders read JSON Lines: skip blank lines, name file and line on errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from eventwire.errors import EvaluationError

__all__ = ["read_jsonl"]

T = TypeVar("T")


def read_jsonl(path: Path, build: Callable[[Any], T], *, what: str) -> list[T]:
    """``build`` applied to each record of ``path``; a bad line raises
    :class:`EvaluationError` as ``path:line: not <what> (<error>)``."""
    out: list[T] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                out.append(build(json.loads(line)))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise EvaluationError(f"{path}:{number}: not {what} ({exc})") from exc
    return out
