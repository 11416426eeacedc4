"""Sharded ingest: workers process shards anywhere, one driver writes the store.

    plan_shards(paths) ─▶ skip shards the store has loaded ─▶ reuse shards already finished
        ─▶ executor.run(process_shard)   workers: read, clean, sign, extract -> Parquet + marker
        ─▶ load finished shards in input order ─▶ Writer (near-duplicates, store, stories)
        ─▶ record each shard as loaded once all its articles are committed
    end of run: merge mentions into events; delete loaded shards' Parquet (--keep-shards keeps)

Shards are loaded in input order and written in batches of ``batch_size`` across shard
boundaries, exactly as a plain ingest writes the same input: the store ends up the same.

Crashes:
- a worker dies: its shard is tried again (see :mod:`eventwire.pipeline.executors`);
- a shard fails on every try: each of its files gets a dead-letter entry, the rest of the
  run goes on, and the next run tries the shard again;
- the driver dies: finished shards stay on disk and loaded ones are in the ``shards``
  table; running the same command again loads what is finished, computes the rest, and
  re-writes at most the batch in flight (writes are upserts by content id: nothing is
  duplicated, nothing is lost).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.config import Settings
from eventwire.merge.near_duplicates import Signature
from eventwire.pipeline.executors import Executor, ShardFailed
from eventwire.pipeline.ingest import (
    ProblemCallback,
    ProgressCallback,
    Writer,
    changed_articles,
)
from eventwire.pipeline.shards import Shard, plan_shards
from eventwire.pipeline.worker import ShardFiles, process_shard, sql_path
from eventwire.records import Article, Event, Problem
from eventwire.serialize import event_from_dict
from eventwire.store.base import RunSummary, Store
from eventwire.store.duckdb import READ_COLUMNS, article_from_row

__all__ = ["default_shards_dir", "ingest_sharded", "read_shard"]

Item = tuple[Article, Signature] | Problem
LoadedShard = tuple[list[Item], dict[str, list[Event]]]


def default_shards_dir(db: str) -> str | None:
    """``<db>.shards`` beside a store file; ``None`` (a temporary folder) for ``:memory:``."""
    return None if db == ":memory:" else f"{db}.shards"


def read_shard(folder: Path) -> LoadedShard:
    """A finished shard's articles (with signatures) and problems in input order, and the
    events of its articles."""
    import duckdb

    def table(name: str) -> str:
        return f"read_parquet({sql_path(folder / f'{name}.parquet')})"

    # the store's read columns; a shard has no near-duplicate marks yet
    columns = READ_COLUMNS.replace("duplicate_of, similarity", "NULL, NULL")
    con = duckdb.connect()
    try:
        article_rows = con.sql(
            f"SELECT seq, minhash, {columns} FROM {table('articles')}"
        ).fetchall()
        problem_rows = con.sql(
            f"SELECT seq, path, line, kind, reason FROM {table('problems')}"
        ).fetchall()
        event_rows = con.sql(
            f"SELECT article_id, event FROM {table('events')} ORDER BY seq"
        ).fetchall()
    finally:
        con.close()
    items: list[tuple[int, int, Item]] = []
    for seq, minhash, *row in article_rows:
        signature = np.asarray(minhash, dtype=np.uint32)
        items.append((seq, 0, (article_from_row(row), signature)))
    for i, (seq, path, line, kind, reason) in enumerate(problem_rows):
        items.append((seq, 1 + i, Problem(path, reason, line=line, kind=kind)))
    items.sort(key=lambda t: (t[0], t[1]))
    events: dict[str, list[Event]] = {}
    for aid, record in event_rows:
        events.setdefault(aid, []).append(event_from_dict(json.loads(record)))
    return [item for _, _, item in items], events


def _failed(shard: Shard, error: ShardFailed) -> list[Item]:
    reason = (
        f"shard {shard.id} ({shard.describe()}) failed after {error.tries} "
        f"{'try' if error.tries == 1 else 'tries'}: {error.reason}"
    )
    return [Problem(path, reason, kind="shard") for path in shard.paths]


def ingest_sharded(
    paths: Sequence[str],
    store: Store,
    executor: Executor,
    *,
    settings: Settings | None = None,
    shards_dir: str | None = None,
    keep_shards: bool = False,
    on_progress: ProgressCallback | None = None,
    on_problem: ProblemCallback | None = None,
    process: Callable[..., dict[str, Any]] = process_shard,
) -> RunSummary:
    """Read ``paths`` into ``store`` through ``executor``; return the run's counts.

    ``shards_dir`` (a folder or an fsspec URL that every worker and this process can
    reach) holds the workers' Parquet shards; by default a temporary folder, which only
    works for workers on this machine. ``process`` is what a worker runs on a shard
    (``process_shard``; the tests swap in ones that crash).
    """
    settings = settings or Settings()
    started = time.perf_counter()
    summary = RunSummary()
    temporary = None
    if shards_dir is None:
        temporary = tempfile.TemporaryDirectory(prefix="eventwire-shards-")
        shards_dir = temporary.name
    files = ShardFiles(shards_dir)
    shards, planning = plan_shards(paths, settings)
    run_id = store.begin_run(
        "ingest",
        {
            "paths": list(paths),
            "executor": executor.name,
            "workers": executor.workers,
            "shards": len(shards),
            "shards_dir": shards_dir,
        },
    )
    summary.shards = len(shards)
    summary.files = len({p for s in shards for p in s.paths})
    loaded_ids: list[str] = []
    try:
        writer = Writer(
            store, settings, run_id, summary, on_progress=on_progress, on_problem=on_problem
        )
        if planning:
            writer.write(planning)
        done = store.loaded_shards([s.id for s in shards])
        todo = [s for s in shards if s.id not in done]
        summary.shards_skipped = len(shards) - len(todo)
        outcomes: dict[str, dict[str, Any] | ShardFailed] = dict(files.finished(s.id for s in todo))
        summary.shards_reused = len(outcomes)
        compute = [s for s in todo if s.id not in outcomes]
        results = executor.run(partial(process, settings=settings, out=shards_dir), compute)
        buffer: list[Item] = []
        events: dict[str, list[Event]] = {}
        waiting: list[tuple[int, dict[str, Any]]] = []  # (items before its end, marker)
        flushed = 0  # items written so far

        def events_for(
            rows: Sequence[tuple[Article, Signature | None]], problems: list[Problem]
        ) -> dict[str, list[Event]]:
            return {a.id: events.pop(a.id, []) for a in changed_articles(store, rows)}

        def mark_loaded() -> None:
            finished = [m for end, m in waiting if end <= flushed]
            if finished:
                store.mark_shards_loaded(finished, run_id)
                loaded_ids.extend(m["id"] for m in finished)
                waiting[:] = [(end, m) for end, m in waiting if end > flushed]

        def flush(upto: int) -> None:
            """Write whole batches while ``upto`` items wait (1: write what is left)."""
            nonlocal buffer, flushed
            while buffer and len(buffer) >= upto:
                batch, buffer = buffer[: settings.batch_size], buffer[settings.batch_size :]
                writer.write(batch, events_for)
                flushed += len(batch)
                for article in (i[0] for i in batch if not isinstance(i, Problem)):
                    events.pop(article.id, None)
                mark_loaded()
            mark_loaded()  # shards with nothing in them

        for shard in todo:
            outcome = _next_outcome(shard, outcomes, results)
            if isinstance(outcome, ShardFailed):
                summary.shards_failed += 1
                buffer.extend(_failed(shard, outcome))
            else:
                with files.fetch(shard.id) as folder:
                    items, shard_events = read_shard(folder)
                buffer.extend(items)
                events.update(shard_events)
                waiting.append((flushed + len(buffer), outcome))
            flush(settings.batch_size)
        flush(1)
        writer.finish()
        if not keep_shards:
            for shard_id in loaded_ids:
                files.remove(shard_id)
    except BaseException:
        summary.status = "interrupted"
        raise
    finally:
        summary.seconds = time.perf_counter() - started
        store.finish_run(run_id, summary)
        if temporary is not None:
            temporary.cleanup()
    return summary


def _next_outcome(
    shard: Shard,
    outcomes: dict[str, dict[str, Any] | ShardFailed],
    results: Iterator[tuple[Shard, dict[str, Any] | ShardFailed]],
) -> dict[str, Any] | ShardFailed:
    """``shard``'s outcome, waiting for the executor's results until it is among them."""
    while shard.id not in outcomes:
        finished, outcome = next(results)
        outcomes[finished.id] = outcome
    return outcomes.pop(shard.id)
