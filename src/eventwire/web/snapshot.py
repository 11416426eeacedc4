"""Serve a store that ``eventwire ingest`` may be writing: read from a private snapshot.

DuckDB lets one process write a database file, and while it does no other process can
open the file at all, not even read-only ("Could not set lock on file"). A server that
kept a connection to the live file would, in turn, stop ``eventwire ingest`` from
starting. So the server never holds a connection to the live file:

1. **Copy.** The file and its write-ahead log (``<db>.wal``, where committed but not yet
   checkpointed transactions live) are copied into a private temporary directory. Copying
   takes no lock, so a running ingest is never blocked and never blocks us.
2. **Check the copy is whole.** The files' size and modification time are read before and
   after the copy; if either changed, a write landed mid-copy and the copy is thrown away.
   The copy is then opened (DuckDB replays the copied log and checks its block
   checksums) and checkpointed; if that fails it is thrown away too.
3. **Swap.** A good copy is reopened read-only and becomes the current snapshot; the one
   it replaces is closed (after the request reading it, if any, finishes) and deleted.

The live file is looked at (one ``stat`` of each file) at most every ``refresh_interval``
seconds, on the next request; a new snapshot is made only when it changed. While an
ingest keeps writing, requests are answered from the last whole snapshot: readers see
the store as it was at its last quiet moment, never a half-written batch (ingest writes
each batch in one transaction, and a copy is only kept when no write touched the files
while it was taken). Only if there has never been a good snapshot does a request fail,
with :class:`SnapshotError` (the API answers 503: try again).

Every request reads through its own cursor of the snapshot (DuckDB connections are not to
be shared between threads), so requests run in parallel; a swapped-out snapshot is closed
and deleted when its last reader is done.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import StoreError
from eventwire.store import DuckDBStore

__all__ = ["Reader", "SnapshotError", "Snapshots"]

# The live database file's state: (size, mtime in ns) of the file and of its log, or None
# for a file that does not exist.
Signature = tuple[tuple[int, int] | None, tuple[int, int] | None]


class SnapshotError(StoreError):
    """No snapshot of the store could be made (it is being written, or it is not a store)."""


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns


@dataclass
class Reader:
    """What one request reads through: the store API and a connection for our own SQL,
    both over the same read-only snapshot."""

    store: DuckDBStore
    con: Any  # duckdb.DuckDBPyConnection


class _Snapshot:
    def __init__(self, folder: Path, path: Path, signature: Signature) -> None:
        import duckdb

        self.folder = folder
        self.signature = signature
        self.lock = threading.Lock()
        self.closed = False
        self.readers = 0  # requests reading it now, each through its own cursor
        self.retired = False  # swapped out: closed when its last reader is done
        self.made_at = time.monotonic()
        self.store = DuckDBStore(path, read_only=True)
        self.con = duckdb.connect(str(path), read_only=True)

    def close(self) -> None:
        """Close now, or (while requests read it) when the last of them is done."""
        with self.lock:
            if self.closed:
                return
            if self.readers:
                self.retired = True
                return
            self._close()

    def _close(self) -> None:  # with self.lock held
        self.closed = True
        self.con.close()
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @contextlib.contextmanager
    def cursor(self) -> Iterator[Any]:
        """A cursor of this snapshot for one request: requests read in parallel, each
        through its own cursor (a DuckDB connection is not shared between threads)."""
        with self.lock:
            if self.closed or self.retired:
                raise _Gone
            self.readers += 1
            cur = self.con.cursor()
        try:
            yield cur
        finally:
            cur.close()
            with self.lock:
                self.readers -= 1
                if self.retired and not self.readers and not self.closed:
                    self._close()


class _Gone(Exception):
    """The snapshot was swapped out between picking it and starting to read."""


class Snapshots:
    """Read-only snapshots of the DuckDB file ``db``, refreshed when it changes.

    >>> snapshots = Snapshots("eventwire.duckdb")            # doctest: +SKIP
    >>> with snapshots.reader() as reader:                   # doctest: +SKIP
    ...     reader.store.count_events()
    """

    def __init__(self, db: str | Path, *, refresh_interval: float = 2.0) -> None:
        self.db = Path(db)
        if str(db) == ":memory:" or not self.db.is_file():
            raise StoreError(f"no store at {db}: run `eventwire ingest` first")
        self.wal = self.db.with_name(self.db.name + ".wal")
        self.refresh_interval = refresh_interval
        self._dir = Path(tempfile.mkdtemp(prefix="eventwire-serve-"))
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._dir, True)
        self._current: _Snapshot | None = None
        self._checked = float("-inf")
        self._swap = threading.Lock()  # guards _current and _checked
        self._build = threading.Lock()  # one copy at a time
        self._made = 0
        self.failures = 0  # copies thrown away (a write landed mid-copy, or it did not open)

    def signature(self) -> Signature:
        return _stat(self.db), _stat(self.wal)

    @property
    def current_signature(self) -> Signature | None:
        """The live file's state the current snapshot was copied from."""
        current = self._current
        return current.signature if current else None

    def age(self) -> float:
        """Seconds since the current snapshot was copied (0 when there is none)."""
        current = self._current
        return time.monotonic() - current.made_at if current else 0.0

    def refresh(self, *, force: bool = False) -> bool:
        """Make a new snapshot if the live file changed; True when one was made.

        A failed copy keeps the current snapshot (if any) and is retried on a later call.
        """
        now = time.monotonic()
        with self._swap:
            due = force or self._current is None or now - self._checked >= self.refresh_interval
            if not due:
                return False
            self._checked = now
            before = self.signature()
            if self._current is not None and self._current.signature == before:
                return False
        if not self._build.acquire(blocking=self._current is None):
            return False  # another request is copying; serve the current snapshot
        try:
            fresh = self._copy(before)
        finally:
            self._build.release()
        if fresh is None:
            return False
        with self._swap:
            old, self._current = self._current, fresh
        if old is not None:
            old.close()  # now, or when the last request reading it is done
        return True

    def _copy(self, before: Signature) -> _Snapshot | None:
        import duckdb

        self._made += 1
        folder = self._dir / f"snapshot-{self._made}"
        folder.mkdir()
        path = folder / self.db.name
        try:
            if before[0] is None:
                raise OSError(f"{self.db} is gone")
            shutil.copyfile(self.db, path)
            if before[1] is not None:
                shutil.copyfile(self.wal, path.with_name(path.name + ".wal"))
            if self.signature() != before:
                raise OSError("the store was written while it was copied")
            # Replay the copied log and fold it in, so the copy opens read-only; a torn
            # copy fails here (DuckDB checks block checksums as it reads).
            con = duckdb.connect(str(path))
            try:
                con.execute("SELECT count(*) FROM events").fetchone()
                con.execute("CHECKPOINT")
            finally:
                con.close()
            return _Snapshot(folder, path, before)
        except (OSError, duckdb.Error, StoreError):
            self.failures += 1
            shutil.rmtree(folder, ignore_errors=True)
            return None

    @contextlib.contextmanager
    def reader(self) -> Iterator[Reader]:
        """The current snapshot (refreshed first when due), held for one request."""
        self.refresh()
        for _ in range(3):  # a snapshot swapped out between picking and opening it
            current = self._current
            if current is None:
                break
            try:
                with current.cursor() as cur:
                    yield Reader(DuckDBStore.over(cur, path=current.store.path), cur)
                    return
            except _Gone:
                continue
        raise SnapshotError(
            f"cannot read {self.db}: it is being written and no snapshot of it could be "
            "made yet; try again in a moment"
        )

    def close(self) -> None:
        with self._swap:
            old, self._current = self._current, None
        if old is not None:
            old.close()
        self._cleanup()
