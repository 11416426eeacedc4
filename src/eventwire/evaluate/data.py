"""Where the gold data lives, and the digests that pin it.

The shared data folder (``shared/data``: external gold sets, research use only, never copied
into the repository) is found in this order, first hit wins:

1. an explicit directory (``--data-dir``),
2. the ``EVENTWIRE_SHARED_DATA`` environment variable,
3. ``<repo root>/../shared/data``, the repo root being the nearest folder holding
   ``pyproject.toml`` above this package, else above the current directory.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

__all__ = ["DATA_ENV", "find_data_dir", "gold_digest", "repo_root"]

DATA_ENV = "EVENTWIRE_SHARED_DATA"


def repo_root() -> Path | None:
    """The nearest folder with a ``pyproject.toml`` above this package, else above cwd."""
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for folder in (start, *start.parents):
            if (folder / "pyproject.toml").is_file():
                return folder
    return None


def find_data_dir(explicit: str | Path | None = None) -> Path:
    """The shared data folder (see the module docstring).

    Returns the chosen path even when it does not exist, so a caller can say which path
    was missing; callers check ``exists()``.
    """
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env)
    root = repo_root()
    return (root if root is not None else Path.cwd()).parent / "shared" / "data"


def gold_digest(path: Path) -> str:
    """SHA-256 of a gold file; for a folder, of its files' relative paths and digests."""
    if path.is_dir():
        outer = hashlib.sha256()
        for member in sorted(p for p in path.rglob("*") if p.is_file()):
            outer.update(member.relative_to(path).as_posix().encode("utf-8") + b"\0")
            outer.update(gold_digest(member).encode("ascii") + b"\n")
        return outer.hexdigest()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
