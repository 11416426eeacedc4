"""Ingest: read files, clean, mark near-duplicates, store -- in batches.

    read_paths ─▶ Pipeline(Clean) ─▶ NearDuplicateIndex ─▶ extract ─▶ store.write(batch)
        ─▶ stories (StoryClusterer)   per batch, one transaction each
    end of run: store.merge_dirty()   mentions -> one event per real event

One bad article never stops a run: it becomes a :class:`Problem` in the dead-letter table.
An interrupted run (Ctrl-C, a crash) keeps every batch written before it and none of
the batch in flight; running it again picks up where it stopped, since ids come from
content and writes are upserts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import islice

from eventwire.config import Settings
from eventwire.extract.parallel import WorkerPool
from eventwire.ingest import ReadStats, read_paths
from eventwire.merge.near_duplicates import NearDuplicateIndex, Repoint, Signature
from eventwire.merge.stories import StoryArticle, StoryClusterer
from eventwire.pipeline.base import Pipeline
from eventwire.pipeline.steps import (
    WARNING,
    Clean,
    Extract,
    codable,
    extract_events,
    prepare,
    warnings_of,
)
from eventwire.records import Article, Event, Problem
from eventwire.store.base import Batch, BatchResult, RunSummary, Store
from eventwire.store.duckdb import article_hash

__all__ = ["Writer", "changed_articles", "default_pipeline", "ingest"]

ProgressCallback = Callable[[int, int], None]  # (articles so far, problems so far)
ProblemCallback = Callable[[Problem], None]


def default_pipeline() -> Pipeline:
    return Pipeline([Clean()], batch_steps=[Extract()])


def _extract_changed(
    store: Store,
    rows: Sequence[tuple[Article, Signature | None]],
    settings: Settings,
    problems: list[Problem],
    pool: WorkerPool | None = None,
) -> dict[str, list[Event]]:
    """Events of the articles that are new or changed (unchanged ones keep theirs)."""
    if not settings.extract or not rows:
        return {}
    return extract_events(changed_articles(store, rows), problems, pool)


def changed_articles(
    store: Store, rows: Sequence[tuple[Article, Signature | None]]
) -> list[Article]:
    """The articles of ``rows`` that the store does not hold as they are."""
    known = store.known_hashes([a.id for a, _ in rows])
    return [a for a, _ in rows if known.get(a.id) != article_hash(a)]


class _Stories:
    """Puts each batch's new and changed articles into stories, as they arrive.

    The actors and places of an article's events are extra terms. Assignments are stored
    with every batch; the clusterer's state at the end of the run and at most every
    ``STATE_EVERY`` seconds on the way (serialising it costs more than clustering a
    batch). A run killed in between keeps every assignment, and the next run resumes from
    the last saved state.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        state = store.story_state()
        self.clusterer = StoryClusterer.from_state(state) if state else StoryClusterer()
        self.saved = time.monotonic()
        self.dirty = False
        self._replay()

    def _replay(self) -> None:
        """Catch up with what an interrupted run placed after its last saved state."""
        groups = self.store.story_replay()
        if not groups:
            return
        assignments = []
        for ids in groups:
            articles = [a for a in (self.store.article(i) for i in ids) if a is not None]
            events = {a.id: list(self.store.mentions(article_id=a.id)) for a in articles}
            assignments.extend(self.clusterer.add(_story_items(articles, events)))
        self.store.write_stories(assignments, self.clusterer.state())

    def add(
        self,
        rows: Sequence[tuple[Article, Signature | None]],
        result: BatchResult,
        events: Mapping[str, Sequence[Event]],
    ) -> None:
        fresh = set(result.new) | set(result.updated)
        items = _story_items([a for a, _ in rows if a.id in fresh], events)
        if not items:
            return
        assignments = self.clusterer.add(items)
        self.dirty = True
        due = time.monotonic() - self.saved >= STATE_EVERY
        self.store.write_stories(assignments, self.clusterer.state() if due else None)
        if due:
            self.saved, self.dirty = time.monotonic(), False

    def save(self) -> None:
        if self.dirty:
            self.store.write_stories([], self.clusterer.state())
            self.dirty = False


def _story_items(
    articles: Sequence[Article], events: Mapping[str, Sequence[Event]]
) -> list[StoryArticle]:
    """Articles for the story clusterer; their events' actors and places are extra terms."""
    items = []
    for article in articles:
        found = events.get(article.id, ())
        actors = {
            code
            for e in found
            for code in (e.source.code, e.target.code if e.target else None)
            if code
        }
        places = {p for e in found if e.location for p in e.location.places}
        items.append(StoryArticle.from_article(article, actors=actors, places=places))
    return items


# Seconds between saves of the story clusterer's state during a run.
STATE_EVERY = 60.0


def _batches(items: Iterable[Article | Problem], size: int) -> Iterator[list[Article | Problem]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


EventsFor = Callable[
    [Sequence[tuple[Article, Signature | None]], list[Problem]], Mapping[str, Sequence[Event]]
]


class Writer:
    """Writes prepared articles into the store, batch by batch, and keeps the run's count.

    Each batch: near-duplicates marked against everything stored and written so far, one
    store transaction (articles, their events, problems), stories. ``finish`` merges the
    mentions into events. The plain ingest and the sharded one (``pipeline.sharded``)
    both write through it, so the same articles in the same order give the same store.
    """

    def __init__(
        self,
        store: Store,
        settings: Settings,
        run_id: int,
        summary: RunSummary,
        *,
        on_progress: ProgressCallback | None = None,
        on_problem: ProblemCallback | None = None,
    ) -> None:
        self.store = store
        self.run_id = run_id
        self.summary = summary
        self.on_progress = on_progress
        self.on_problem = on_problem
        self.index = NearDuplicateIndex(
            threshold=settings.near_duplicate_threshold,
            num_perm=settings.minhash_permutations,
            shingle_size=settings.shingle_size,
        )
        self.index.load(store.dedup_entries())
        self.extract = settings.extract
        self.stories = _Stories(store)

    def signature(self, text: str) -> Signature:
        return self.index.signature(text)

    def write(
        self,
        items: Sequence[tuple[Article, Signature] | Problem],
        events_for: EventsFor | None = None,
    ) -> BatchResult:
        """One batch: articles (each with its signature) and problems, in input order."""
        rows: list[tuple[Article, Signature | None]] = []
        repoints: list[Repoint] = []
        problems: list[Problem] = []
        for item in items:
            if isinstance(item, Problem):
                problems.append(item)
                continue
            article, signature = item
            match, moved = self.index.add(article.id, article.published, signature)
            article = replace(article, duplicate_of=match.duplicate_of, similarity=match.similarity)
            rows.append((article, signature))
            repoints.extend(moved)
        events = events_for(rows, problems) if events_for is not None and rows else {}
        result = self.store.write(Batch(rows, repoints, problems, self.run_id, events=events))
        self.stories.add(rows, result, events)
        summary = self.summary
        summary.events += sum(len(v) for v in events.values())
        # Copies marked in this run: new copies, and canonical articles that a newly
        # read earlier copy displaced. Similarity 1.0 is an exact copy.
        fresh = set(result.new) | set(result.updated)
        marked = [(a.id, a.similarity) for a, _ in rows if a.id in fresh and a.duplicate_of]
        marked += [(rp.id, rp.similarity) for rp in repoints if rp.newly_marked]
        for _, similarity in marked:
            if (similarity or 0.0) >= 1.0:
                summary.duplicates += 1
            else:
                summary.near_duplicates += 1
        if self.extract:  # stored with no events, and the summary says why
            for article, _ in rows:
                if article.id in fresh and not codable(article):
                    language = article.language or "unknown"
                    summary.not_coded[language] = summary.not_coded.get(language, 0) + 1
        summary.new += len(result.new)
        summary.updated += len(result.updated)
        summary.unchanged += len(result.unchanged)
        warned = sum(1 for p in problems if p.kind == WARNING)  # their articles are stored
        summary.warnings += warned
        summary.failed += len(problems) - warned
        if self.on_problem:
            for problem in problems:
                self.on_problem(problem)
        if self.on_progress:
            self.on_progress(summary.new + summary.updated + summary.unchanged, summary.failed)
        return result

    def finish(self) -> None:
        """One record per real event: merge the blocks this run touched (and any an
        interrupted run left). Deterministic: the same stored mentions, the same events."""
        self.stories.save()
        self.store.merge_dirty()
        self.summary.merged = self.store.count_events()


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    settings: Settings | None = None,
    pipeline: Pipeline | None = None,
    on_progress: ProgressCallback | None = None,
    on_problem: ProblemCallback | None = None,
) -> RunSummary:
    """Read ``paths`` into ``store``; return the run's counts."""
    settings = settings or Settings()
    pipeline = pipeline or default_pipeline()
    pipeline.check()
    started = time.perf_counter()
    summary = RunSummary()
    stats = ReadStats()
    run_id = store.begin_run("ingest", {"paths": list(paths)})
    pool = WorkerPool(settings.workers) if settings.extract and settings.workers > 1 else None
    try:
        writer = Writer(
            store, settings, run_id, summary, on_progress=on_progress, on_problem=on_problem
        )

        def events_for(
            rows: Sequence[tuple[Article, Signature | None]], problems: list[Problem]
        ) -> dict[str, list[Event]]:
            return _extract_changed(store, rows, settings, problems, pool)

        for items in _batches(read_paths(paths, settings, stats), settings.batch_size):
            ready: list[tuple[Article, Signature] | Problem] = []
            for item in items:
                prepared = prepare(item, pipeline)
                if isinstance(prepared, Problem):
                    ready.append(prepared)
                else:
                    ready.extend(warnings_of(prepared))
                    ready.append((prepared, writer.signature(prepared.text)))
            writer.write(ready, events_for)
        writer.finish()
    except BaseException:
        summary.status = "interrupted"
        raise
    finally:
        if pool is not None:  # interrupted: the chunks in flight are not waited for
            pool.close(wait=summary.status != "interrupted")
        summary.files = stats.files
        summary.seconds = time.perf_counter() - started
        store.finish_run(run_id, summary)
    return summary
