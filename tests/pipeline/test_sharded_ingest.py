"""Sharded ingest (--executor local|dask): the same store as a plain ingest, and crashes
of workers or of the driver lose nothing and duplicate nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from eventwire import Settings
from eventwire.pipeline.executors import LocalExecutor
from eventwire.pipeline.ingest import ingest
from eventwire.pipeline.sharded import ingest_sharded
from eventwire.pipeline.shards import Shard
from eventwire.pipeline.worker import MARKER, process_shard
from eventwire.store import DuckDBStore

# Short wire items we wrote: who did what to whom, with a place and a day.
ACTS = [
    "Russian warplanes struck rebel positions near Hama on {day}, the defence ministry said.",
    "Turkey summoned the Russian ambassador in Ankara on {day} over an airspace violation.",
    "NATO foreign ministers met in Brussels on {day} and called for a political solution.",
    "Syrian government troops attacked rebel-held villages north of Homs on {day}.",
    "Iran sent military advisers to Damascus on {day}, officials in Tehran said.",
    "The United States ended its programme to train Syrian rebels on {day}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def _write_corpus(root: Path, files: int = 18) -> Path:
    """``files`` small text files plus one JSONL file (with one bad line)."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        lines = [ACTS[(i + k) % len(ACTS)].format(day=DAYS[(i + k) % len(DAYS)]) for k in range(3)]
        (root / f"{i:02d}-wire.txt").write_text(
            f"Item {i} from the wire desk.\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8"
        )
    with (root / "feed.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(12):
            text = ACTS[i % len(ACTS)].format(day=DAYS[(i + 2) % len(DAYS)])
            fh.write(json.dumps({"id": f"feed-{i}", "text": f"Desk note {i}. {text}"}) + "\n")
            if i == 5:
                fh.write('{"id": "feed-bad", "text": \n')
    return root


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_corpus(tmp_path_factory.mktemp("sharded") / "corpus")


SETTINGS = Settings(db=":memory:", shard_bytes=700, batch_size=8)


def snapshot(store: DuckDBStore) -> dict[str, list[tuple[Any, ...]]]:
    """What a user reads from the store (run ids and ingestion times left out)."""
    con = store._con
    queries = {
        "articles": "SELECT id, content_hash, path, line, duplicate_of, similarity, story_id "
        "FROM articles ORDER BY id",
        "mentions": "SELECT id, article_id, event_id, record FROM mentions ORDER BY id",
        "events": "SELECT id, record FROM events ORDER BY id",
        "stories": "SELECT id, num_articles, title FROM stories ORDER BY id",
        "dead_letters": "SELECT path, line, kind, reason FROM dead_letters ORDER BY path, line",
    }
    return {name: con.execute(sql).fetchall() for name, sql in queries.items()}


def plain(paths: list[str], settings: Settings = SETTINGS) -> dict[str, list[tuple[Any, ...]]]:
    with DuckDBStore(":memory:") as store:
        ingest(paths, store, settings=settings)
        return snapshot(store)


@pytest.fixture(scope="module")
def local() -> Iterator[LocalExecutor]:
    executor = LocalExecutor(2)
    yield executor
    executor.close()


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[Any]:
    """A local Dask cluster of two worker processes, shared by this module's tests."""
    pytest.importorskip("distributed")
    from eventwire.pipeline.executors import DaskExecutor

    executor = DaskExecutor(workers=2)
    yield executor
    executor.close()


# -- what workers run in the crash tests (module-level: workers import them) -------------


def die_once(shard: Shard, *, flags: str, **kwargs: Any) -> dict[str, Any]:
    """Kill the worker process the first time it gets the second shard."""
    flag = Path(flags) / shard.id
    if shard.index == 1 and not flag.exists():
        flag.touch()
        os._exit(1)
    return process_shard(shard, **kwargs)


def poisoned(shard: Shard, **kwargs: Any) -> dict[str, Any]:
    """Kill the worker process every time it gets a shard with a 'poison' file."""
    if any(Path(path).name == "poison.txt" for path in shard.paths):
        os._exit(1)
    return process_shard(shard, **kwargs)


# -- the same store -----------------------------------------------------------------------


def test_local_executor_gives_the_store_a_plain_ingest_gives(
    corpus_dir: Path, local: LocalExecutor, tmp_path: Path
) -> None:
    settings = Settings(db=":memory:", shard_bytes=6_000)
    with DuckDBStore(":memory:") as store:
        summary = ingest_sharded(
            [str(corpus_dir)], store, local, settings=settings, shards_dir=str(tmp_path)
        )
        sharded = snapshot(store)
    assert summary.shards >= 4 and summary.shards_failed == 0
    expected = plain([str(corpus_dir)], settings)
    assert len(expected["articles"]) == 13 and len(expected["events"]) > 50
    assert sharded == expected


def test_a_dask_cluster_gives_the_store_the_local_executor_gives(
    corpus_dir: Path, local: LocalExecutor, dask_cluster: Any, tmp_path: Path
) -> None:
    settings = Settings(db=":memory:", shard_bytes=6_000)
    results = []
    for name, executor in [("local", local), ("dask", dask_cluster)]:
        with DuckDBStore(":memory:") as store:
            summary = ingest_sharded(
                [str(corpus_dir)],
                store,
                executor,
                settings=settings,
                shards_dir=str(tmp_path / name),
            )
            assert summary.shards_failed == 0 and summary.new == 13
            results.append(snapshot(store))
    assert results[0] == results[1]


def test_the_synthetic_corpus_reads_the_same_sharded_and_plain(
    corpus: Path, local: LocalExecutor, tmp_path: Path
) -> None:
    with DuckDBStore(":memory:") as store:
        summary = ingest_sharded(
            [str(corpus)], store, local, settings=SETTINGS, shards_dir=str(tmp_path)
        )
        got = snapshot(store)
    assert summary.shards > 5
    assert summary.new == 30 and summary.failed == 1
    assert got == plain([str(corpus)])
    assert got["dead_letters"][0][:2] == (str(corpus / "feed.jsonl"), 7)


# -- re-runs and crashes --------------------------------------------------------------------


def test_a_rerun_skips_every_loaded_shard_and_adds_nothing(
    corpus: Path, local: LocalExecutor, tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    out = str(tmp_path / "shards")
    with DuckDBStore(db) as store:
        first = ingest_sharded([str(corpus)], store, local, settings=SETTINGS, shards_dir=out)
        before = snapshot(store)
        again = ingest_sharded([str(corpus)], store, local, settings=SETTINGS, shards_dir=out)
        assert snapshot(store) == before
    assert again.shards_skipped == again.shards == first.shards
    assert (again.new, again.updated, again.events) == (0, 0, 0)
    # loaded shards' Parquet files are gone; their markers stay as a record
    folders = [p for p in Path(out).iterdir() if not p.name.startswith(".")]
    assert len(folders) == first.shards
    assert all([f.name for f in p.iterdir()] == [MARKER] for p in folders)


def test_a_driver_crash_mid_run_loses_nothing_and_duplicates_nothing(
    corpus: Path, local: LocalExecutor, tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    out = str(tmp_path / "shards")

    def crash(done: int, failed: int) -> None:
        if done >= 10:
            raise RuntimeError("the driver died")

    with DuckDBStore(db) as store:
        with pytest.raises(RuntimeError, match="the driver died"):
            ingest_sharded(
                [str(corpus)], store, local, settings=SETTINGS, shards_dir=out, on_progress=crash
            )
        assert 0 < store.count_articles() < 30
        status = store.runs()[-1]["status"]
        resumed = ingest_sharded([str(corpus)], store, local, settings=SETTINGS, shards_dir=out)
        got = snapshot(store)
    assert status == "interrupted"
    # the shards loaded before the crash are skipped; those finished but not loaded reused
    assert resumed.shards_skipped >= 1
    assert resumed.shards_skipped + resumed.shards_reused > 1
    assert got == plain([str(corpus)])


@pytest.mark.slow
def test_a_killed_driver_is_finished_by_running_the_same_command_again(
    corpus: Path, tmp_path: Path
) -> None:
    """SIGKILL to the driver and its workers mid-run, then the same command again."""
    db = tmp_path / "store.duckdb"
    command = [
        sys.executable, "-m", "eventwire", "ingest", str(corpus), "--db", str(db),
        "--executor", "local", "--workers", "1", "--shard-bytes", "600", "--batch-size", "4",
        "--quiet",
    ]  # fmt: skip
    shards = Path(f"{db}.shards")
    proc = subprocess.Popen(command, start_new_session=True, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if shards.is_dir() and len(list(shards.glob(f"*/{MARKER}"))) >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 3, rerun.stderr  # read, but for the corpus's one bad line
    assert "finished earlier" in rerun.stdout
    with DuckDBStore(db) as store:
        got = snapshot(store)
        runs = store.runs()
    assert [r["status"] for r in runs] == ["running", "done"]  # the killed one never finished
    assert got == plain([str(corpus)], Settings(db=":memory:", batch_size=4))


def test_a_killed_worker_s_shard_is_tried_again(
    corpus: Path, tmp_path: Path, dask_cluster: Any
) -> None:
    expected = plain([str(corpus)])
    for name, executor in [("local", LocalExecutor(2)), ("dask", dask_cluster)]:
        flags = tmp_path / f"flags-{name}"
        flags.mkdir()
        with DuckDBStore(":memory:") as store:
            summary = ingest_sharded(
                [str(corpus)], store, executor, settings=SETTINGS,
                shards_dir=str(tmp_path / name), process=partial(die_once, flags=str(flags)),
            )  # fmt: skip
            got = snapshot(store)
        if name == "local":
            executor.close()
        assert len(list(flags.iterdir())) == 1, f"{name}: the worker was not killed"
        assert summary.shards_failed == 0, name
        assert got == expected, name


def test_a_poisoned_shard_ends_in_the_dead_letter_table_while_the_rest_completes(
    tmp_path: Path, dask_cluster: Any
) -> None:
    corpus = _write_corpus(tmp_path / "corpus", files=6)
    bad = tmp_path / "corpus" / "zz-bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    # text in another charset is read (and stored with a warning); JSON Lines must be UTF-8
    latin1 = (
        "Caf\xe9 talks in Gen\xe8ve\n\nThe owners of caf\xe9s in Gen\xe8ve met the mayor on "
        "Tuesday to talk about the new rules for terraces, the city said after the meeting.\n"
    )
    (bad / "latin1.txt").write_bytes(latin1.encode("latin-1"))
    (bad / "latin1.jsonl").write_bytes('{"text": "Caf\xe9 talks in Gen\xe8ve"}\n'.encode("latin-1"))
    (bad / "cut.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    # larger than a shard: a shard of its own
    (corpus / "poison.txt").write_text("Rebels shelled a market in Aleppo. " * 10, encoding="utf-8")
    with DuckDBStore(":memory:") as store:
        summary = ingest_sharded(
            [str(corpus)], store, dask_cluster, settings=Settings(db=":memory:", shard_bytes=300),
            shards_dir=str(tmp_path / "shards"), process=poisoned,
        )  # fmt: skip
        letters = {(p.path, p.kind): p.reason for p in store.dead_letters()}
        stored = store.count_articles()
    assert summary.shards_failed == 1
    assert stored == 6 + 12 + 1  # every good article, in every other shard, and latin1.txt
    killer = letters[(str(corpus / "poison.txt"), "shard")]
    assert "failed after 3 tries" in killer and "poison.txt" in killer
    for name in ("binary.txt", "latin1.jsonl", "cut.jsonl.gz"):
        assert (str(bad / name), "input") in letters, name
    assert "not valid UTF-8" in letters[(str(bad / "latin1.jsonl"), "input")]
    assert "decoded as cp1252" in letters[(str(bad / "latin1.txt"), "warning")]


def test_loaded_shards_are_parquet_tables_anyone_can_read(
    corpus: Path, local: LocalExecutor, tmp_path: Path
) -> None:
    import duckdb

    out = tmp_path / "shards"
    with DuckDBStore(":memory:") as store:
        summary = ingest_sharded(
            [str(corpus)], store, local, settings=SETTINGS, shards_dir=str(out), keep_shards=True
        )
    markers = [json.loads(p.read_text()) for p in sorted(out.glob(f"*/{MARKER}"))]
    assert len(markers) == summary.shards
    con = duckdb.connect()
    articles = con.execute(f"SELECT count(*) FROM read_parquet('{out}/*/articles.parquet')")
    assert articles.fetchone() == (sum(m["articles"] for m in markers),)
    events = con.execute(f"SELECT count(*) FROM read_parquet('{out}/*/events.parquet')")
    assert events.fetchone() == (sum(m["events"] for m in markers),) != (0,)
    assert {"worker", "worker_rss_mb", "seconds", "paths"} <= set(markers[0])


# -- the command line and the Python API ----------------------------------------------------


def test_the_cli_runs_a_sharded_ingest_and_says_what_the_shards_did(
    corpus: Path, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from eventwire.cli import cli

    db = str(tmp_path / "cli.duckdb")
    args = ["ingest", str(corpus), "--db", db, "--executor", "local", "--workers", "2"]
    first = CliRunner().invoke(cli, [*args, "--shard-bytes", "700", "--quiet"])
    assert first.exit_code == 3, first.output  # some input failed: the one bad line
    assert "30 new" in first.output and "1 failed" in first.output
    shards = int(first.output.split("; ")[1].split()[0])
    assert f"{shards} processed, 0 finished earlier, 0 loaded earlier, 0 failed" in first.output
    again = CliRunner().invoke(cli, [*args, "--shard-bytes", "700", "--quiet"])
    assert f"0 processed, 0 finished earlier, {shards} loaded earlier" in again.output
    assert "0 new, 0 updated, 30 unchanged" not in again.output  # skipped, not even read


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --executor dask"),
        (["--shards-dir", "/tmp/x"], "need --executor"),
        (["--executor", "local", "--scheduler", "tcp://x:1"], "--scheduler needs --executor dask"),
    ],
)
def test_the_cli_refuses_executor_options_that_do_not_fit(
    corpus: Path, extra: list[str], message: str
) -> None:
    from click.testing import CliRunner

    from eventwire.cli import cli

    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", ":memory:", *extra])
    assert result.exit_code == 2 and message in result.output


def test_the_python_api_takes_an_executor(corpus: Path, tmp_path: Path) -> None:
    import eventwire

    db = str(tmp_path / "api.duckdb")
    summary = eventwire.ingest(
        [str(corpus)], db=db, executor="local", workers=2, settings=Settings(db=db, shard_bytes=700)
    )
    assert (summary.new, summary.shards_failed) == (30, 0) and summary.shards > 5
    assert Path(f"{db}.shards").is_dir()


class InProcess:
    """The executor interface, run in this process (fsspec's memory:// is per process)."""

    name = "in-process"
    workers = 1

    def run(self, fn: Any, shards: list[Shard]) -> Iterator[tuple[Shard, dict[str, Any]]]:
        for shard in shards:
            yield shard, fn(shard)

    def close(self) -> None:
        pass


def test_shards_can_live_in_object_storage_through_fsspec(corpus: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    settings = Settings(db=":memory:", shard_bytes=700, batch_size=8, extract=False)
    with DuckDBStore(":memory:") as store:
        summary = ingest_sharded(
            [str(corpus)], store, InProcess(), settings=settings, shards_dir="memory://run1",
            keep_shards=True,
        )  # fmt: skip
        assert (summary.new, summary.failed) == (30, 1)
        markers = fs.glob(f"/run1/*/{MARKER}")
        assert len(markers) == summary.shards
        again = ingest_sharded(
            [str(corpus)], store, InProcess(), settings=settings, shards_dir="memory://run1"
        )
        assert again.shards_skipped == summary.shards
    with DuckDBStore(":memory:") as fresh:  # a new store: finished shards are reused
        reused = ingest_sharded(
            [str(corpus)], fresh, InProcess(), settings=settings, shards_dir="memory://run1"
        )
        assert (reused.shards_reused, reused.new) == (summary.shards, 30)
    assert fs.glob("/run1/*/articles.parquet") == []  # loaded, then removed
    fs.rm("/run1", recursive=True)
