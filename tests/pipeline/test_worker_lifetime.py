"""Worker processes never outlive their driver, and SIGTERM stops a run as Ctrl-C does.

Each test starts ``eventwire ingest`` as a real process on a corpus we write, waits until
it is mid-run (its first batch, with a bad line in it, has been written: the problem is
printed), finds its worker processes in /proc, and then kills or terminates the driver
alone, as the out-of-memory killer or a service manager would.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventwire.store import DuckDBStore

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds processes through /proc"
)

# Wire items we wrote; every article differs (a number, a place, a day).
ACTS = [
    "Russian warplanes struck rebel positions near {place} on {day}, the ministry said.",
    "Turkey summoned the Russian ambassador on {day} over a violation near {place}.",
    "Syrian government troops attacked rebel-held villages north of {place} on {day}.",
    "Iran sent military advisers to {place} on {day}, officials in Tehran said.",
]
PLACES = ["Hama", "Homs", "Aleppo", "Idlib", "Latakia", "Damascus", "Raqqa", "Palmyra"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ARTICLES = 64  # far from done when its first batch (of 4) is written
MODES = {
    "plain": ["--workers", "2"],
    "local": ["--executor", "local", "--workers", "2", "--shard-bytes", "1500"],
    "dask": ["--executor", "dask", "--workers", "2", "--shard-bytes", "1500"],
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``ARTICLES`` articles in JSONL files; the first file has a bad line up front."""
    root = tmp_path_factory.mktemp("lifetime") / "corpus"
    root.mkdir()
    for part in range(8):
        with (root / f"{part:02d}-wire.jsonl").open("w", encoding="utf-8") as fh:
            if part == 0:
                fh.write('{"id": "cut-off", "text": \n')
            for k in range(ARTICLES // 8):
                i = part * 100 + k
                text = " ".join(
                    ACTS[(i + n) % 4].format(place=PLACES[(i + 3 * n) % 8], day=DAYS[(i + n) % 7])
                    for n in range(3)
                )
                fh.write(json.dumps({"id": f"wire-{i}", "text": f"Item {i}. {text}"}) + "\n")
    return root


def children(pid: int) -> set[int]:
    """The live child processes of ``pid``, from /proc/*/stat (ppid is field 4)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # the command name (field 2) may hold spaces: split after its ')'
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; only its parent's wait is missing


def assert_gone_within(pids: set[int], seconds: float, what: str) -> None:
    """Fail if any of ``pids`` is alive after ``seconds`` (and end it: a failing test
    leaves no orphans behind either)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.1)
    survivors = {p for p in pids if alive(p)}
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors, f"{what}: workers {sorted(survivors)} outlived the driver"


def start_mid_run(command: list[str], log: Path) -> tuple[subprocess.Popen[bytes], set[int]]:
    """Start ``command``; return once it is mid-run, with its worker processes."""
    with log.open("wb") as err:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if "error:" in log.read_text(encoding="utf-8", errors="replace"):
            break
        time.sleep(0.05)
    workers = children(proc.pid)
    if proc.poll() is not None:
        pytest.fail(f"the run ended before it could be stopped:\n{log.read_text()}")
    assert len(workers) >= 2, "no worker processes found"
    return proc, workers


def ingest_command(corpus: Path, db: Path, mode: str) -> list[str]:
    args = ["ingest", str(corpus), "--db", str(db), "--batch-size", "4", *MODES[mode]]
    return [sys.executable, "-m", "eventwire", *args]


@pytest.mark.slow
@pytest.mark.parametrize("mode", list(MODES))
def test_workers_die_when_their_driver_is_killed(corpus: Path, tmp_path: Path, mode: str) -> None:
    if mode == "dask":
        pytest.importorskip("distributed")
    command = ingest_command(corpus, tmp_path / "store.duckdb", mode)
    proc, workers = start_mid_run(command, tmp_path / "stderr")
    os.kill(proc.pid, signal.SIGKILL)  # the driver alone, as the OOM killer would
    proc.wait()
    assert_gone_within(workers, 10, mode)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["plain", "local"])
def test_sigterm_stops_a_run_as_ctrl_c_does_and_a_rerun_finishes_it(
    corpus: Path, tmp_path: Path, mode: str
) -> None:
    db = tmp_path / "store.duckdb"
    command = ingest_command(corpus, db, mode)
    proc, workers = start_mid_run(command, tmp_path / "stderr")
    os.kill(proc.pid, signal.SIGTERM)
    assert proc.wait(timeout=60) == 130
    assert "interrupted: every batch written" in (tmp_path / "stderr").read_text()
    assert_gone_within(workers, 10, mode)
    with DuckDBStore(db, read_only=True) as store:
        assert [r["status"] for r in store.runs()] == ["interrupted"]
        assert 0 < store.count_articles() < ARTICLES
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 3, rerun.stderr  # all read, but for the one bad line
    with DuckDBStore(db, read_only=True) as store:
        assert [r["status"] for r in store.runs()] == ["interrupted", "done"]
        assert store.count_articles() == ARTICLES
        assert [p.line for p in store.dead_letters()] == [1]


def test_the_parent_watch_ends_an_orphaned_worker(tmp_path: Path) -> None:
    """Where the kernel cannot watch the parent (not Linux), a thread does: a worker
    started by a process that is then killed ends within a poll or two."""
    script = (
        "import os, subprocess, sys, time\n"
        "code = ('import os, time; from eventwire.processes import die_with_parent; '\n"
        "        'die_with_parent(os.getppid(), kernel=False); time.sleep(60)')\n"
        "worker = subprocess.Popen([sys.executable, '-c', code])\n"
        "print(worker.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    time.sleep(1)  # the worker is up and watching
    assert alive(worker)
    parent.kill()
    parent.wait()
    assert_gone_within({worker}, 5, "the watched worker")
