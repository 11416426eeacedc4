"""Extraction on several processes of one machine.

Each worker process loads the model and dictionaries once (the pool's initializer) and
codes whole chunks of articles, so that only articles go out and events come back: far
less to pickle than spaCy's own ``n_process``, which ships every parsed document back
to the parent. Order is kept. (The Dask executor will run the same function per shard.)

One article that cannot be coded costs only itself: a chunk that fails is coded again
article by article, and the article that fails comes back as a :class:`Problem` (one
short line of reason) in place of its events, so the articles after it still get theirs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from eventwire.processes import stop_pool
from eventwire.records import Article, Event, Problem

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


def _code_each(chunk: list[Article]) -> list[list[Event] | Problem]:
    """:func:`_code`, and where the chunk fails, each of its articles alone."""
    from eventwire.pipeline.steps import short_reason

    try:
        return list(_code(chunk))
    except Exception:  # one bad article must not cost the chunk: find it
        coded: list[list[Event] | Problem] = []
        for article in chunk:
            try:
                coded.extend(_code([article]))
            except Exception as exc:
                reason = short_reason(exc, prefix="extraction failed: ")
                coded.append(
                    Problem(article.origin.path, reason, line=article.origin.line, kind="extract")
                )
        return coded


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def extract_parallel(
    articles: Iterable[Article], *, workers: int = 2, chunk: int = CHUNK
) -> Iterator[tuple[Article, list[Event] | Problem]]:
    """Each article with its events (or the :class:`Problem` that stopped it being
    coded), in order, coded by ``workers`` processes."""
    if workers <= 1:
        for part in _chunks(articles, chunk):
            yield from zip(part, _code_each(part), strict=True)
        return
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(os.getpid(),))
    try:
        # Submit a bounded window of chunks ahead, so memory stays flat on long inputs.
        pending: list[tuple[list[Article], Future[list[list[Event] | Problem]]]] = []
        for part in _chunks(articles, chunk):
            pending.append((part, pool.submit(_code_each, part)))
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
