"""Writing files without destroying any: outputs never land on a store or an input, and
an output appears whole or not at all.

    same_file(out, db)              the same file, however spelt (symlink, hard link, ../)
    store_files("events.duckdb")    the store and its write-ahead log: never to be written
    with replacing(out) as part:    write to ``part`` (beside ``out``); renamed onto ``out``
        ...                         when the block ends, deleted when it raises

Why a temporary file: opening ``out`` for writing truncates it at once, before a single
event has been read. If ``out`` was the store, the store is gone; if the export then
fails or is interrupted, the previous output is gone and a half one is left. A file
written beside it and renamed into place (an atomic step on POSIX and Windows) leaves
either the old file or the new one. A process killed outright (``kill -9``) can leave
its hidden ``.NAME.*.part`` file behind, never a half ``NAME``.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["clash", "replacing", "same_file", "store_files"]

PathLike = str | os.PathLike[str]


def same_file(a: PathLike, b: PathLike) -> bool:
    """Whether ``a`` and ``b`` name one file: the same device and inode when both exist
    (which sees through symlinks and hard links), else the same resolved path."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where each would be
        return os.path.realpath(a) == os.path.realpath(b)


def store_files(db: PathLike) -> list[Path]:
    """The files a DuckDB store at ``db`` consists of: the database and its write-ahead
    log (DuckDB names it ``<db>.wal``). None for an in-memory store."""
    if str(db) == ":memory:":
        return []
    return [Path(db), Path(f"{db}.wal")]


def clash(out: PathLike, protected: Iterable[PathLike]) -> Path | None:
    """The first of ``protected`` that writing ``out`` would overwrite, or ``None``."""
    for path in protected:
        if same_file(out, path):
            return Path(path)
    return None


def _new_file_mode(target: Path) -> int:
    """The permissions ``open(target, "w")`` would give: the old file's, or 0666 less
    the umask (``mkstemp`` makes its files 0600)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)  # the only way to read it is to set it; set it straight back
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def replacing(out: PathLike) -> Iterator[Path]:
    """A fresh temporary path in ``out``'s folder, renamed onto ``out`` when the block
    ends and removed when it raises (an error, Ctrl-C). Through a symlink, the file it
    points to is replaced and the link stays. The folder is created if missing."""
    target = Path(os.path.realpath(out))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    part = Path(name)
    try:
        yield part
        os.chmod(part, _new_file_mode(target))
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
