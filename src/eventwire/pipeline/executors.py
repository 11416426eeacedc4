"""Executors: where shards are processed. One interface, two engines.

    LocalExecutor(workers=N)          processes on this machine (concurrent.futures)
    DaskExecutor(workers=N)           a local Dask cluster of N single-threaded workers
    DaskExecutor(scheduler=ADDRESS)   an existing Dask cluster (tcp://host:8786, ...)

``executor.run(fn, shards)`` yields ``(shard, marker)`` as shards finish, in any order, or
``(shard, error)`` for a shard that failed on every try. A worker that dies (killed, out
of memory) costs its shard one try; the shard runs again elsewhere. Each worker process
loads the NLP model once, before its first shard, and keeps it for all of them. Workers
never outlive this process (:mod:`eventwire.processes`); ``close(wait=False)`` ends them
at once, running shards and all (an interrupt).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from eventwire.errors import EventwireError
from eventwire.pipeline.shards import Shard
from eventwire.processes import stop_pool, worker_started

__all__ = ["DaskExecutor", "Executor", "LocalExecutor", "ShardFailed", "make_executor"]

ShardFn = Callable[[Shard], dict[str, Any]]
Outcome = tuple[Shard, "dict[str, Any] | ShardFailed"]

# Tries of one shard before it is given up (and its files go to the dead-letter table).
TRIES = 3
DASK_INSTALL = "pip install 'dask[distributed]'  (or: pip install 'eventwire[dask]')"


class ShardFailed(Exception):
    """A shard that failed on every try: why, and how many tries it had."""

    def __init__(self, reason: str, tries: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.tries = tries


class Executor(Protocol):
    name: str

    @property
    def workers(self) -> int: ...
    def run(self, fn: ShardFn, shards: Sequence[Shard]) -> Iterator[Outcome]: ...
    def close(self, *, wait: bool = True) -> None: ...


def _start_worker(parent: int, warm: bool) -> None:
    """A local worker's start-up: it dies with ``parent`` (the driver, see
    :mod:`eventwire.processes`) and, if ``warm``, loads the model now."""
    worker_started(parent)
    if warm:
        _warm()


def _warm() -> None:
    """Worker start-up: one thread for the numeric libraries, and the model loaded once."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from eventwire.extract import default_extractor
    from eventwire.records import Article, Origin

    # one short article through every stage: the model, the dictionaries and the
    # gazetteer index are all loaded before the first shard
    text = "Russian warplanes struck rebel positions near Homs on Monday, officials said."
    default_extractor().extract_articles([Article(id="warm-up", text=text, origin=Origin("-"))])


def _reason(exc: BaseException) -> str:
    """One short line: a shard's dead letter is a row of `eventwire problems`."""
    from eventwire.pipeline.steps import short_reason

    return short_reason(exc)


class LocalExecutor:
    """Shards on ``workers`` processes of this machine.

    If a worker process dies, ``concurrent.futures`` breaks the whole pool: the pool is
    started again and every shard that was running counts one try (which one killed it
    cannot be known).
    """

    name = "local"

    def __init__(self, workers: int = 1, *, tries: int = TRIES, warm: bool = True) -> None:
        self._workers = max(1, workers)
        self.tries = tries
        self.warm = warm
        self._pool: ProcessPoolExecutor | None = None

    @property
    def workers(self) -> int:
        return self._workers

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers,
                initializer=_start_worker,
                initargs=(os.getpid(), self.warm),
            )
        return self._pool

    def run(self, fn: ShardFn, shards: Sequence[Shard]) -> Iterator[Outcome]:
        tries = {s.id: 0 for s in shards}
        queue = deque(shards)
        running: dict[Future[dict[str, Any]], Shard] = {}
        window = self._workers * 2  # a few queued per worker; memory stays flat
        while queue or running:
            pool = self._start()
            while queue and len(running) < window:
                shard = queue.popleft()
                tries[shard.id] += 1
                running[pool.submit(fn, shard)] = shard
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for future in finished:
                shard = running.pop(future)
                try:
                    yield shard, future.result()
                except BrokenProcessPool:
                    broken = True
                    yield from self._again(shard, tries, queue, "a worker process died")
                except Exception as exc:
                    yield from self._again(shard, tries, queue, _reason(exc))
            if broken:  # the others that were running died with the pool
                for future, shard in list(running.items()):
                    running.pop(future)
                    yield from self._again(shard, tries, queue, "a worker process died")
                assert self._pool is not None
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def _again(
        self, shard: Shard, tries: dict[str, int], queue: deque[Shard], reason: str
    ) -> Iterator[Outcome]:
        if tries[shard.id] >= self.tries:
            yield shard, ShardFailed(reason, tries[shard.id])
        else:
            queue.appendleft(shard)

    def close(self, *, wait: bool = True) -> None:
        """Shut the workers down; ``wait=False`` (an interrupt) kills running shards."""
        if self._pool is not None:
            if wait:
                self._pool.shutdown(cancel_futures=True)
            else:
                stop_pool(self._pool)
            self._pool = None


class DaskExecutor:
    """Shards as tasks on a Dask distributed cluster.

    With ``scheduler`` it connects to a running cluster; otherwise it starts a local one
    of ``workers`` single-threaded worker processes (the GIL makes threads useless for
    parsing). A task that raises is tried again (``retries``); a task whose worker dies is
    re-run by the scheduler on another worker, up to Dask's
    ``distributed.scheduler.allowed-failures`` (set to ``tries - 1`` for the local cluster).
    """

    name = "dask"

    def __init__(
        self,
        *,
        scheduler: str | None = None,
        workers: int | None = None,
        tries: int = TRIES,
        warm: bool = True,
    ) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise EventwireError(f"--executor dask needs Dask: {DASK_INSTALL}") from exc
        self.tries = tries
        self._cluster: Any = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="30s")
            except (OSError, TimeoutError) as exc:
                raise EventwireError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
        else:
            # A worker holds only the shard it runs (saturation 1.0): when it dies, no
            # innocent queued shard is counted as a suspect along with it.
            # Dask's sampling profiler looks at the worker's stack every 10 ms: with
            # one busy thread per process that is pure overhead, so it is off.
            config = {
                "distributed.scheduler.allowed-failures": tries - 1,
                "distributed.scheduler.worker-saturation": 1.0,
                "distributed.worker.profile.enabled": False,
            }
            with dask.config.set(config):
                self._cluster = LocalCluster(
                    n_workers=max(1, workers or 1),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    env={"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"},
                )
            self.client = Client(self._cluster)
        if warm:
            self.client.run(_warm)  # each worker loads the model now, not mid-shard

    @property
    def workers(self) -> int:
        info = self.client.scheduler_info()
        return sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()) or 1

    def run(self, fn: ShardFn, shards: Sequence[Shard]) -> Iterator[Outcome]:
        from distributed import as_completed

        if not shards:
            return
        queue = iter(shards)
        futures: dict[Any, Shard] = {}

        def submit() -> Any:
            shard = next(queue, None)
            if shard is None:
                return None
            future = self.client.submit(
                fn, shard, key=f"eventwire-shard-{shard.id}", retries=self.tries - 1, pure=False
            )
            futures[future] = shard
            return future

        # A window of tasks ahead of the workers, topped up as shards finish: the
        # scheduler never holds a million tasks, and workers never wait for one.
        window = max(64, 4 * self.workers)
        pending = as_completed([f for f in (submit() for _ in range(window)) if f is not None])
        for future in pending:
            shard = futures.pop(future)
            try:
                yield shard, future.result()
            except Exception as exc:
                yield shard, ShardFailed(_reason(exc), self.tries)
            finally:
                future.release()
            following = submit()
            if following is not None:
                pending.add(following)

    def close(self, *, wait: bool = True) -> None:
        """Disconnect, and stop the local cluster (its worker processes also end by
        themselves when this process dies: Dask's nanny watches its parent)."""
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(
    name: str, *, workers: int | None = None, scheduler: str | None = None
) -> LocalExecutor | DaskExecutor:
    if name == "local":
        if scheduler:
            raise EventwireError("--scheduler is for --executor dask")
        return LocalExecutor(workers or os.cpu_count() or 1)
    if name == "dask":
        if scheduler and workers:
            raise EventwireError(
                "give --scheduler (an existing cluster) or --workers (a local one), not both"
            )
        return DaskExecutor(scheduler=scheduler, workers=workers or os.cpu_count() or 1)
    raise EventwireError(f"unknown executor {name!r}; use local or dask")
