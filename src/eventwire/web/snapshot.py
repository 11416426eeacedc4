"""Serve a store that ``eventwire ingest`` may be writing: read from a private snapshot.

DuckDB lets one process write a database file, and while it does no other process can
open the file at all, not even read-only ("Could not set lock on file"). A server that
kept a connection to the live file would, in turn, stop ``eventwire ingest`` from
starting. So the server never holds a connection to the live file:

1. **Copy.** The file and its write-ahead log (``<db>.wal``, where committed but not yet
   checkpointed transactions live) are copied into the snapshot folder (below). Copying
   takes no lock, so a running ingest is never blocked and never blocks us.
2. **Check the copy is whole.** The files' size and modification time are read before and
   after the copy; if either changed, a write landed mid-copy and the copy is thrown away.
   The copy is then opened (DuckDB replays the copied log and checks its block
   checksums) and checkpointed; if that fails it is thrown away too.
3. **Check the copy is at rest.** A whole copy can still be a store part-way through a
   run: ingest commits batch by batch and then merges dirty blocks one transaction each,
   so the event count climbs during a run (320 -> 396 -> 503 -> 557). A copy is *in a
   run* when its ``runs`` table has a run not finished whose writer is alive (the run row
   names its process id and host; a process of this host is looked up, one of another
   host counts as alive since we cannot tell). Such a copy is discarded and the current
   snapshot kept, so readers only ever see the store between runs. A run whose process
   died (killed, crashed), or that a later run followed (one writer at a time), is not
   in progress: its store is at rest, and is served.
4. **Swap.** A good copy is reopened read-only and becomes the current snapshot; the one
   it replaces is closed (after the request reading it, if any, finishes) and deleted.

A snapshot is *partial* (``Snapshots.partial`` says why; ``/api`` shows it) when it is
served although it is not the end of a completed run: the very first snapshot, when the
server starts while a run is in progress (there is no earlier one to serve instead); a
store whose last run stopped before merging (dirty blocks left: the next ingest merges
them); a store on which no run ever finished.

The live file is looked at (one ``stat`` of each file) at most every ``refresh_interval``
seconds, on the next request; a new snapshot is made only when it changed (and, after a
copy was discarded as in a run, only when the file changed again or that run's process
is gone). Only if there has never been a good snapshot does a request fail, with
:class:`SnapshotError` (the API answers 503: try again).

**Where snapshots live.** In ``<db>.snapshots/`` beside the store (a snapshot is as big
as the store: it goes where the store's disk space is, not into a small ``/tmp``), one
folder per server process holding an ``owner.json`` (pid, host); when the store's folder
cannot be written, in ``<tempdir>/eventwire-snapshots/<name>-<hash of its path>/``. A
server deletes its folder on close, and at start the folders of servers of this host
whose process is gone (a killed ``serve`` leaves its copy behind).

Every request reads through its own cursor of the snapshot (DuckDB connections are not to
be shared between threads), so requests run in parallel; a swapped-out snapshot is closed
and deleted when its last reader is done.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import socket
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

__all__ = [
    "Reader",
    "RunWriter",
    "SnapshotError",
    "Snapshots",
    "StoreState",
    "snapshot_root",
    "store_state",
]

# The live database file's state: (size, mtime in ns) of the file and of its log, or None
# for a file that does not exist.
Signature = tuple[tuple[int, int] | None, tuple[int, int] | None]
# Bytes 8-11 of every DuckDB database file (after an 8-byte checksum of the header block).
DUCKDB_MAGIC = b"DUCK"
# The tables that make a DuckDB file an eventwire store (eventwire.store.schema).
STORE_TABLES = ("schema_migrations", "runs", "events", "mentions", "articles")
# A snapshot folder without its owner.json yet is being made by a server starting now;
# one older than this was left by a server killed while starting.
UNOWNED_GRACE_S = 60.0


class SnapshotError(StoreError):
    """No snapshot of the store could be made (it is being written, or it is not a store)."""


class _NotAStore(Exception):
    """The copy opened but is not an eventwire store."""


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns


@dataclass(frozen=True)
class RunWriter:
    """A run the store records as not finished, and the process that wrote it."""

    run: int
    pid: int | None
    host: str | None

    def alive(self) -> bool:
        """Is the writer still running? A process of another host cannot be looked up
        and counts as running; a run recorded before writers were (no pid) as gone."""
        if self.pid is None:
            return False
        if self.host != socket.gethostname():
            return True
        return _pid_alive(self.pid)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    return True


@dataclass(frozen=True)
class StoreState:
    """What a copy says about where the store stands: runs not finished, blocks not merged."""

    unfinished: tuple[RunWriter, ...]
    dirty_blocks: int
    finished_runs: int

    def writers(self) -> tuple[RunWriter, ...]:
        """The unfinished runs whose writer is alive: the store is mid-run."""
        return tuple(w for w in self.unfinished if w.alive())

    def partial(self) -> str | None:
        """Why this state is not the end of a completed run (None when it is)."""
        live = self.writers()
        if live:
            run = live[0]
            return (
                f"an ingest is running (run {run.run}, process {run.pid} on {run.host}): "
                "this is the store part-way through it; the snapshot is replaced when it ends"
            )
        if self.dirty_blocks:
            return (
                f"{self.dirty_blocks} merge blocks are not merged (a run stopped before its "
                "end): events are missing or stale until `eventwire ingest` runs again"
            )
        if not self.finished_runs and self.unfinished:
            return "no run has finished on this store: it holds what a stopped run wrote"
        return None


def store_state(con: Any) -> StoreState:
    """Where the store open on ``con`` stands (runs not finished, blocks not merged)."""
    columns = {row[1] for row in con.execute("PRAGMA table_info('runs')").fetchall()}
    who = "pid, host" if {"pid", "host"} <= columns else "NULL, NULL"
    # Only the newest run can be in progress: DuckDB lets one process write the file, so
    # a run that a later one followed is over, whatever its row says (its process died,
    # maybe on another host, where we could not tell).
    rows = con.execute(
        f"SELECT id, {who} FROM runs WHERE finished_at IS NULL AND id = (SELECT max(id) FROM runs)"
    ).fetchall()
    unfinished = tuple(RunWriter(int(r[0]), r[1], r[2]) for r in rows)
    dirty = con.execute("SELECT count(*) FROM dirty_blocks").fetchone()
    done = con.execute("SELECT count(*) FROM runs WHERE finished_at IS NOT NULL").fetchone()
    return StoreState(unfinished, int(dirty[0]) if dirty else 0, int(done[0]) if done else 0)


def snapshot_root(db: str | Path) -> Path:
    """The folder the snapshots of the store ``db`` go in: ``<db>.snapshots`` beside it,
    or (the store's folder cannot be written) one under the system's temporary folder."""
    path = Path(db).absolute()
    if os.access(path.parent, os.W_OK | os.X_OK):
        return path.with_name(path.name + ".snapshots")
    digest = hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / "eventwire-snapshots" / f"{path.name}-{digest}"


def _remove_stale(root: Path) -> int:
    """Delete the snapshot folders of dead servers of this host; return how many."""
    removed = 0
    host = socket.gethostname()
    for folder in root.iterdir() if root.is_dir() else ():
        if not folder.is_dir():
            continue
        try:
            owner = json.loads((folder / "owner.json").read_text(encoding="utf-8"))
            stale = owner.get("host") == host and not _pid_alive(int(owner["pid"]))
        except FileNotFoundError:
            with contextlib.suppress(OSError):
                stale = time.time() - folder.stat().st_mtime > UNOWNED_GRACE_S
        except (OSError, ValueError, KeyError, TypeError):
            stale = False  # not ours to judge
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _check_magic(db: Path) -> None:
    try:
        with db.open("rb") as handle:
            head = handle.read(12)
    except OSError as exc:
        raise StoreError(f"cannot read {db}: {exc}") from exc
    if head[8:12] != DUCKDB_MAGIC:
        raise StoreError(
            f"{db} is not an eventwire store (not a DuckDB database): "
            "give the file `eventwire ingest --db` wrote"
        )


def _remove_folder(folder: Path, root: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        root.rmdir()  # only when no other server's folder is left in it


@dataclass
class Reader:
    """What one request reads through: the store API and a connection for our own SQL,
    both over the same read-only snapshot."""

    store: DuckDBStore
    con: Any  # duckdb.DuckDBPyConnection


class _Snapshot:
    def __init__(self, folder: Path, path: Path, signature: Signature, state: StoreState) -> None:
        import duckdb

        self.folder = folder
        self.signature = signature
        self.state = state
        self.partial = state.partial()
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

    Raises :class:`StoreError` up front when ``db`` does not exist or is not an eventwire
    store; takes the first snapshot at once (unless the store is being written just then:
    the first request tries again).

    >>> snapshots = Snapshots("eventwire.duckdb")            # doctest: +SKIP
    >>> with snapshots.reader() as reader:                   # doctest: +SKIP
    ...     reader.store.count_events()
    """

    def __init__(self, db: str | Path, *, refresh_interval: float = 2.0) -> None:
        self.db = Path(db)
        if str(db) == ":memory:" or not self.db.is_file():
            raise StoreError(f"no store at {db}: run `eventwire ingest` first")
        _check_magic(self.db)
        self.wal = self.db.with_name(self.db.name + ".wal")
        self.refresh_interval = refresh_interval
        self.root = snapshot_root(self.db)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self.stale_removed = _remove_stale(self.root)
            self._dir = Path(tempfile.mkdtemp(prefix="serve-", dir=self.root))
            owner = {"pid": os.getpid(), "host": socket.gethostname(), "store": str(self.db)}
            (self._dir / "owner.json").write_text(json.dumps(owner), encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"cannot make the snapshot folder in {self.root}: {exc}") from exc
        self._cleanup = weakref.finalize(self, _remove_folder, self._dir, self.root)
        self._current: _Snapshot | None = None
        self._checked = float("-inf")
        self._swap = threading.Lock()  # guards _current, _checked and _waiting
        self._build = threading.Lock()  # one copy at a time
        self._made = 0
        # The live file's state when a copy was discarded as taken mid-run, and that
        # run's writers: no new copy while the file is unchanged and one of them is alive.
        self._waiting: tuple[Signature, tuple[RunWriter, ...]] | None = None
        self.failures = 0  # copies thrown away (a write landed mid-copy, or it did not open)
        self.deferred = 0  # whole copies not served because a run was in progress
        try:
            self.refresh()
        except _NotAStore as exc:
            self.close()
            raise StoreError(
                f"{self.db} is not an eventwire store ({exc}): "
                "give the file `eventwire ingest --db` wrote"
            ) from None

    def signature(self) -> Signature:
        return _stat(self.db), _stat(self.wal)

    @property
    def current_signature(self) -> Signature | None:
        """The live file's state the current snapshot was copied from."""
        current = self._current
        return current.signature if current else None

    @property
    def partial(self) -> str | None:
        """Why the current snapshot is not the end of a completed run (None when it is)."""
        current = self._current
        return current.partial if current else None

    @property
    def folder(self) -> Path:
        """This server's folder of snapshots (deleted on close)."""
        return self._dir

    def age(self) -> float:
        """Seconds since the current snapshot was copied (0 when there is none)."""
        current = self._current
        return time.monotonic() - current.made_at if current else 0.0

    def refresh(self, *, force: bool = False) -> bool:
        """Make a new snapshot if the live file changed; True when one was made.

        A failed copy keeps the current snapshot (if any) and is retried on a later call;
        so does a copy taken while a run is in progress (see the module docstring).
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
            waiting = self._waiting
            if waiting is not None and waiting[0] == before and any(w.alive() for w in waiting[1]):
                return False  # the run we waited for is still going and wrote nothing since
        if not self._build.acquire(blocking=self._current is None):
            return False  # another request is copying; serve the current snapshot
        try:
            fresh = self._copy(before)
        finally:
            self._build.release()
        if fresh is None:
            return False
        writers = fresh.state.writers()
        old: _Snapshot | None
        with self._swap:
            if writers and self._current is not None:
                # Mid-run: keep serving the last snapshot taken at rest.
                self._waiting = (before, writers)
                self.deferred += 1
                old = fresh
            else:
                self._waiting = None
                old, self._current = self._current, fresh
        if old is not None:
            old.close()  # now, or when the last request reading it is done
        return old is not fresh

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
                tables = {
                    str(row[0])
                    for row in con.execute(
                        "SELECT table_name FROM information_schema.tables"
                    ).fetchall()
                }
                missing = [t for t in STORE_TABLES if t not in tables]
                if missing:
                    raise _NotAStore(f"a DuckDB database without the tables {', '.join(missing)}")
                state = store_state(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            return _Snapshot(folder, path, before, state)
        except _NotAStore:
            shutil.rmtree(folder, ignore_errors=True)
            if self._current is None and not self.failures:
                raise
            self.failures += 1
            return None
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
