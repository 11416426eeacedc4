"""Errors eventwire raises. Library code raises these; only the CLI prints and exits.

    EventwireError
    ├── ConfigError        a setting has a bad value or an unknown name
    ├── InputError         a file or record cannot be read (carries path and line)
    ├── StoreError         the database cannot be opened, migrated or written
    ├── PipelineError      steps do not line up (a step requires what nothing provides)
    └── EvaluationError    a gold file is missing or not in the expected format

Messages name the thing at fault and, where there is one, the remedy.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "EvaluationError",
    "EventwireError",
    "InputError",
    "PipelineError",
    "StoreError",
    "shown_path",
]


def shown_path(path: str) -> str:
    """A path as a message shows it: as is, or quoted like a Python string literal when it
    holds control characters, so that a file named "x\nerror: y" cannot forge a line."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
        return repr(path)
    return path


class EventwireError(Exception):
    """Base class of every error eventwire raises on purpose."""


class ConfigError(EventwireError):
    """A setting is unknown or its value cannot be used."""


class InputError(EventwireError):
    """An input file, or one record in it, cannot be read."""

    def __init__(self, path: str, reason: str, *, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        shown = shown_path(path)
        where = shown if line is None else f"{shown}:{line}"
        super().__init__(f"{where}: {reason}")


class StoreError(EventwireError):
    """The store cannot be opened, migrated or written."""


class PipelineError(EventwireError):
    """The pipeline's steps do not line up."""


class EvaluationError(EventwireError):
    """A gold set is missing or malformed."""


class ModelError(EventwireError):
    """A trained model's files are missing, damaged, or not the ones its card names."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{shown_path(path)}: {reason}")
