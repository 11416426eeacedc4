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
from eventwire.pipeline.steps import Clean, Extract
from eventwire.records import Article, Event, Problem
from eventwire.store.base import Batch, BatchResult, RunSummary, Store
from eventwire.store.duckdb import article_hash

__all__ = ["default_pipeline", "ingest"]

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
    known = store.known_hashes([a.id for a, _ in rows])
    changed = [
        a for a, _ in rows if known.get(a.id) != article_hash(a) and a.language in (None, "en")
    ]
    if not changed:
        return {}
    try:
        coded = (
            pool.extract_articles(changed) if pool is not None else Extract.extract_batch(changed)
        )
    except Exception:  # one bad article never stops a run: retry one by one to find it
        coded = []
        for article in changed:
            try:
                coded.extend(Extract.extract_batch([article]))
            except Exception as inner:
                problems.append(
                    Problem(
                        article.origin.path,
                        f"extraction failed: {type(inner).__name__}: {inner}",
                        line=article.origin.line,
                        kind="extract",
                    )
                )
                coded.append([])
    return {a.id: list(evs) for a, evs in zip(changed, coded, strict=True)}


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

    def add(
        self,
        rows: Sequence[tuple[Article, Signature | None]],
        result: BatchResult,
        events: Mapping[str, Sequence[Event]],
    ) -> None:
        fresh = set(result.new) | set(result.updated)
        items = []
        for article, _ in rows:
            if article.id not in fresh:
                continue
            found = events.get(article.id, ())
            actors = {
                code
                for e in found
                for code in (e.source.code, e.target.code if e.target else None)
                if code
            }
            places = {p for e in found if e.location for p in e.location.places}
            items.append(StoryArticle.from_article(article, actors=actors, places=places))
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


# Seconds between saves of the story clusterer's state during a run.
STATE_EVERY = 60.0


def _batches(items: Iterable[Article | Problem], size: int) -> Iterator[list[Article | Problem]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


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
    index = NearDuplicateIndex(
        threshold=settings.near_duplicate_threshold,
        num_perm=settings.minhash_permutations,
        shingle_size=settings.shingle_size,
    )
    index.load(store.dedup_entries())
    pool = WorkerPool(settings.workers) if settings.extract and settings.workers > 1 else None
    stories = _Stories(store)
    try:
        for items in _batches(read_paths(paths, settings, stats), settings.batch_size):
            rows: list[tuple[Article, Signature | None]] = []
            repoints: list[Repoint] = []
            problems: list[Problem] = []
            for item in items:
                if isinstance(item, Problem):
                    problems.append(item)
                    continue
                try:
                    article = pipeline.apply(item)
                except Exception as exc:  # one bad article never stops the run
                    problems.append(
                        Problem(
                            item.origin.path,
                            f"{type(exc).__name__}: {exc}",
                            line=item.origin.line,
                            kind="error",
                        )
                    )
                    continue
                if not article.text.strip():
                    problems.append(
                        Problem(
                            item.origin.path,
                            "no article text left after removing boilerplate",
                            line=item.origin.line,
                            kind="clean",
                        )
                    )
                    continue
                signature = index.signature(article.text)
                match, moved = index.add(article.id, article.published, signature)
                article = replace(
                    article, duplicate_of=match.duplicate_of, similarity=match.similarity
                )
                rows.append((article, signature))
                repoints.extend(moved)
            events = _extract_changed(store, rows, settings, problems, pool)
            result = store.write(Batch(rows, repoints, problems, run_id, events=events))
            stories.add(rows, result, events)
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
            summary.new += len(result.new)
            summary.updated += len(result.updated)
            summary.unchanged += len(result.unchanged)
            summary.failed += len(problems)
            if on_problem:
                for problem in problems:
                    on_problem(problem)
            if on_progress:
                on_progress(summary.new + summary.updated + summary.unchanged, summary.failed)
        # One record per real event: merge the blocks this run touched (and any an
        # interrupted run left). Deterministic: the same stored mentions, the same events.
        stories.save()
        store.merge_dirty()
        summary.merged = store.count_events()
    except BaseException:
        summary.status = "interrupted"
        raise
    finally:
        if pool is not None:
            pool.close()
        summary.files = stats.files
        summary.seconds = time.perf_counter() - started
        store.finish_run(run_id, summary)
    return summary
