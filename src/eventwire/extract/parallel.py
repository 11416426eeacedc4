"""Extraction on several processes of one machine.

Each worker process loads the model and dictionaries once (the pool's initializer) and
codes whole chunks of articles, so that only articles go out and events come back: far
less to pickle than spaCy's own ``n_process``, which ships every parsed document back
to the parent. Order is kept. (The Dask executor will run the same function per shard.)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from eventwire.processes import stop_pool
from eventwire.records import Article, Event

__all__ = ["WorkerPool", "extract_parallel"]

# Articles per task: large enough to amortise the round trip, small enough to balance.
CHUNK = 16


def _init(parent: int) -> None:
    """Load the model and dictionaries once per worker, before the first chunk; the
    worker dies with ``parent``, the process that started the pool."""
    from eventwire.extract import default_extractor
    from eventwire.processes import worker_started

    worker_started(parent)

    default_extractor()


def _code(chunk: list[Article]) -> list[list[Event]]:
    from eventwire.extract import default_extractor

    return default_extractor().extract_articles(chunk)


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def extract_parallel(
    articles: Iterable[Article], *, workers: int = 2, chunk: int = CHUNK
) -> Iterator[tuple[Article, list[Event]]]:
    """Each article with its events, in order, coded by ``workers`` processes."""
    if workers <= 1:
        from eventwire.extract import default_extractor

        yield from default_extractor().extract_stream(articles)
        return
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(os.getpid(),))
    try:
        # Submit a bounded window of chunks ahead, so memory stays flat on long inputs.
        pending: list[tuple[list[Article], Future[list[list[Event]]]]] = []
        for part in _chunks(articles, chunk):
            pending.append((part, pool.submit(_code, part)))
            if len(pending) >= workers * 4:
                done_part, future = pending.pop(0)
                yield from zip(done_part, future.result(), strict=True)
        for done_part, future in pending:
            yield from zip(done_part, future.result(), strict=True)
    except BaseException:  # Ctrl-C, or the reader stopped: no chunk is worth waiting for
        stop_pool(pool)
        raise
    pool.shutdown()


class WorkerPool:
    """A pool of extraction workers kept for a whole run (ingest codes batch by batch).

    >>> with WorkerPool(2) as pool:                     # doctest: +SKIP
    ...     events = pool.extract_articles(articles)
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(
            max_workers=workers, initializer=_init, initargs=(os.getpid(),)
        )

    def extract_articles(self, articles: list[Article]) -> list[list[Event]]:
        size = max(1, min(CHUNK, -(-len(articles) // self.workers)))
        out: list[list[Event]] = []
        for coded in self._pool.map(_code, list(_chunks(articles, size))):
            out.extend(coded)
        return out

    def close(self, *, wait: bool = True) -> None:
        """Shut the workers down; ``wait=False`` (an interrupt) kills them mid-chunk."""
        if wait:
            self._pool.shutdown()
        else:
            stop_pool(self._pool)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(wait=exc[0] is None)
