"""Snapshots (eventwire.web.snapshot): what is served while ``eventwire ingest`` writes,
and where the copies live.

The writer in these tests is a real ingest in another process (articles only, no
extraction: no model to load), paused after its first batch is committed, as a run is
between its batches; it goes on, or is killed, when the test says.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip(
    "fastapi", reason="the web extra is not installed: pip install 'eventwire[web]'"
)

from fastapi.testclient import TestClient

import eventwire
from eventwire.store import DuckDBStore
from eventwire.store.base import RunSummary
from eventwire.web import create_app
from eventwire.web.snapshot import RunWriter, Snapshots, StoreState, snapshot_root, store_state

LOCAL = "http://127.0.0.1"
SRC = str(Path(eventwire.__file__).resolve().parents[1])

INGEST = """
import sys
from eventwire.config import Settings
from eventwire.pipeline.ingest import ingest
from eventwire.store import DuckDBStore

store = DuckDBStore(sys.argv[1])

def pause(done, failed):
    if done == 1:  # the first batch is committed; the run is not finished
        print("mid-run", flush=True)
        sys.stdin.readline()

ingest(sys.argv[2:], store, settings=Settings(extract=False, batch_size=1), on_progress=pause)
store.close()
print("done", flush=True)
"""


class Ingest:
    """``eventwire ingest`` of two new articles into ``db``, in its own process."""

    def __init__(self, db: Path, inputs: Path) -> None:
        paths = [str(p) for p in sorted(inputs.iterdir())]
        self.process = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(INGEST), str(db), *paths],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": SRC},
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline() == "mid-run\n"

    def finish(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("\n")
        self.process.stdin.close()
        assert self.process.stdout.readline() == "done\n"
        assert self.process.wait(timeout=60) == 0

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=60)  # reaped: its pid is gone, not a zombie


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "2015-11-02-talks.txt").write_text(
        "Envoys meet in Geneva\n\nEnvoys from both sides met in Geneva on Monday.\n"
    )
    (folder / "2015-11-03-border.txt").write_text(
        "Border crossing reopens\n\nThe border crossing reopened on Tuesday, officials said.\n"
    )
    return folder


@pytest.fixture
def live_db(web_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "live.duckdb"
    db.write_bytes(web_db.read_bytes())
    return db


@pytest.fixture
def snapshots(live_db: Path) -> Iterator[Snapshots]:
    snaps = Snapshots(live_db, refresh_interval=0)
    yield snaps
    snaps.close()


def _articles(snapshots: Snapshots) -> int:
    with snapshots.reader() as reader:
        return reader.store.count_articles()


# -- consistency: only the store at rest is served ----------------------------------------
def test_a_copy_taken_mid_run_is_not_served(
    live_db: Path, inputs: Path, snapshots: Snapshots
) -> None:
    before = _articles(snapshots)
    ingest = Ingest(live_db, inputs)
    try:
        assert snapshots.refresh() is False  # the copy is whole, but taken mid-run
        assert snapshots.deferred == 1
        assert _articles(snapshots) == before and snapshots.partial is None
        assert snapshots.refresh() is False  # same file, same live writer: not copied again
        assert snapshots.deferred == 1
    finally:
        ingest.finish()
    assert snapshots.refresh() is True
    assert _articles(snapshots) == before + 2 and snapshots.partial is None


def test_the_api_serves_the_last_completed_run_while_ingest_runs(
    live_db: Path, inputs: Path
) -> None:
    with TestClient(create_app(str(live_db), refresh_interval=0), base_url=LOCAL) as client:
        before = client.get("/api").json()
        ingest = Ingest(live_db, inputs)
        try:
            during = client.get("/api").json()
        finally:
            ingest.finish()
        after = client.get("/api").json()
    assert during["counts"] == before["counts"]
    assert during["snapshot"]["partial"] is False
    assert after["counts"]["articles"] == before["counts"]["articles"] + 2


def test_a_run_whose_process_died_does_not_hold_the_store_back(
    live_db: Path, inputs: Path, snapshots: Snapshots
) -> None:
    before = _articles(snapshots)
    ingest = Ingest(live_db, inputs)
    assert snapshots.refresh() is False
    ingest.kill()  # the run row stays "running", its process is gone
    assert snapshots.refresh() is True
    assert _articles(snapshots) == before + 1  # the batch it committed before dying


def test_the_first_snapshot_of_a_store_mid_run_is_served_marked_partial(
    tmp_path: Path, inputs: Path
) -> None:
    db = tmp_path / "first.duckdb"
    ingest = Ingest(db, inputs)  # the store's first run
    try:
        with TestClient(create_app(str(db), refresh_interval=0), base_url=LOCAL) as client:
            during = client.get("/api").json()
            ingest.finish()
            after = client.get("/api").json()
    finally:
        if ingest.process.poll() is None:
            ingest.kill()
    assert during["counts"]["articles"] == 1
    assert during["snapshot"]["partial"] is True
    assert "an ingest is running" in during["snapshot"]["why_partial"]
    assert after["counts"]["articles"] == 2
    assert after["snapshot"] == {**after["snapshot"], "partial": False, "why_partial": None}


def _writer(pid: int | None, host: str | None = None) -> RunWriter:
    import socket

    return RunWriter(run=3, pid=pid, host=host or socket.gethostname())


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.parametrize(
    ("state", "why"),
    [
        (StoreState((), 0, 2), None),
        (StoreState((_writer(os.getpid()),), 0, 2), "an ingest is running (run 3"),
        (StoreState((_writer(1, "another-host"),), 0, 2), "an ingest is running"),
        (StoreState((_writer(_dead_pid()),), 12, 2), "12 merge blocks are not merged"),
        (StoreState((_writer(None),), 0, 0), "no run has finished"),
        (StoreState((_writer(_dead_pid()),), 0, 1), None),
    ],
    ids=["at-rest", "live-writer", "other-host", "crashed-mid-merge", "never-finished", "crashed"],
)
def test_store_state_says_why_a_snapshot_is_partial(state: StoreState, why: str | None) -> None:
    partial = state.partial()
    assert partial == why if why is None else partial is not None and partial.startswith(why)


def test_only_the_newest_run_can_be_in_progress(tmp_path: Path) -> None:
    with DuckDBStore(tmp_path / "runs.duckdb") as store:
        crashed = store.begin_run("ingest", {})
        store._con.execute("UPDATE runs SET host = 'another-host' WHERE id = ?", [crashed])
        # a writer on another host cannot be looked up: it counts as running ...
        assert store_state(store._con).writers() == (
            RunWriter(crashed, os.getpid(), "another-host"),
        )
        # ... until a later run starts, which only the file's next writer can do
        later = store.begin_run("ingest", {})
        state = store_state(store._con)
        assert [w.run for w in state.unfinished] == [later]
        store.finish_run(later, RunSummary())
        assert store_state(store._con).partial() is None


# -- where snapshots live ----------------------------------------------------------------
def test_snapshots_live_beside_the_store_and_go_on_close(live_db: Path) -> None:
    snaps = Snapshots(live_db, refresh_interval=0)
    root = live_db.with_name("live.duckdb.snapshots")
    assert snapshot_root(live_db) == root
    with snaps.reader() as reader:
        assert Path(reader.store.path).is_relative_to(root)
    owner = json.loads((snaps.folder / "owner.json").read_text())
    assert owner["pid"] == os.getpid()
    snaps.close()
    assert not root.exists()


def test_two_servers_of_one_store_keep_their_own_snapshots(live_db: Path) -> None:
    first = Snapshots(live_db, refresh_interval=0)
    second = Snapshots(live_db, refresh_interval=0)
    try:
        assert first.folder != second.folder
        assert first.folder.is_dir() and second.stale_removed == 0
    finally:
        first.close()
        second.close()


KILLED_SERVER = """
import os, signal, sys
from eventwire.web.snapshot import Snapshots
snapshots = Snapshots(sys.argv[1])
print(snapshots.folder, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # no close, no finalizer: as `kill -9` leaves it
"""


def test_snapshots_of_a_killed_server_are_removed_at_the_next_start(live_db: Path) -> None:
    killed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(KILLED_SERVER), str(live_db)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
        check=False,
    )
    left = Path(killed.stdout.strip())
    assert left.is_dir() and any(left.rglob("live.duckdb")), killed.stderr
    snaps = Snapshots(live_db, refresh_interval=0)
    try:
        assert not left.exists() and snaps.stale_removed == 1
    finally:
        snaps.close()
