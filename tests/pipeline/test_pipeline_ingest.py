"""Ingest runs: batches in transactions, re-runs that add nothing, interrupted runs resumed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import ClassVar

import pytest

import eventwire
from eventwire.config import Settings
from eventwire.pipeline.base import Pipeline, Step
from eventwire.pipeline.ingest import ingest
from eventwire.pipeline.steps import Clean
from eventwire.records import Article, Problem
from eventwire.store import Batch, BatchResult, DuckDBStore

# Seven unrelated one-paragraph wire stories (no two are near-duplicates).
STORIES = [
    "Russian warplanes struck rebel positions in northern Hama province on Tuesday, the "
    "defence ministry in Moscow said.",
    "Turkey summoned the Russian ambassador in Ankara on Monday after a Russian jet crossed "
    "into Turkish airspace near Yayladagi.",
    "NATO defence ministers met in Brussels on Thursday and said the alliance was ready to "
    "send forces to defend Turkey.",
    "China's foreign ministry called on Thursday for a political settlement of the war and "
    "said Beijing had no plan to send warplanes.",
    "The Pentagon said on Friday it would stop training new Syrian rebel units and supply "
    "weapons to vetted commanders instead.",
    "Iran's Revolutionary Guards said a senior commander had been killed by Islamic State "
    "fighters on the outskirts of Aleppo.",
    "Islamic State fighters seized several villages north of Aleppo from rival rebel groups "
    "on Friday, a monitoring group said.",
]


def _wires(path: Path, count: int = len(STORIES)) -> Path:
    path.write_text(
        "".join(
            json.dumps({"id": f"wire-{n:02d}", "text": text}) + "\n"
            for n, text in enumerate(STORIES[:count], start=1)
        ),
        encoding="utf-8",
    )
    return path


def test_ingest_counts_a_run(tmp_path: Path, store: DuckDBStore) -> None:
    summary = ingest([str(_wires(tmp_path / "w.jsonl"))], store, settings=Settings(batch_size=3))
    assert (summary.files, summary.new, summary.unchanged, summary.failed) == (1, 7, 0, 0)
    assert summary.status == "done" and summary.seconds > 0
    (run,) = store.runs()
    assert (run["status"], run["new"], run["files"]) == ("done", 7, 1)


def test_reingesting_the_same_paths_adds_nothing(
    tmp_path: Path, corpus_dir: Path, store: DuckDBStore
) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(corpus_dir, inputs)
    (inputs / "broken.jsonl").write_text('{"id": "x", "text": \n', encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    first = eventwire.ingest([str(inputs)], store=store)
    second = eventwire.ingest([str(inputs)], store=store)
    assert (first.new, first.failed) == (13, 2)
    assert (second.new, second.updated, second.unchanged) == (0, 0, 13)
    assert (second.near_duplicates, second.duplicates) == (0, 0)
    assert store.count_articles() == 13
    assert len(store.dead_letters()) == 2  # the same bad files: one row each, not two
    assert [r["status"] for r in store.runs()] == ["done", "done"]


def test_reingest_after_an_edit_updates_only_the_edited_article(
    tmp_path: Path, store: DuckDBStore
) -> None:
    path = _wires(tmp_path / "w.jsonl")
    ingest([str(path)], store)
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[2])
    record["title"] = "NATO ready to defend Turkey"
    lines[2] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = ingest([str(path)], store)
    assert (summary.new, summary.updated, summary.unchanged) == (0, 1, 6)
    edited = store.article("wire-03")
    assert edited is not None and edited.title == "NATO ready to defend Turkey"


class FailingStore(DuckDBStore):
    """An in-memory store whose ``fail_on``-th write fails, in one of two ways.

    ``before-write``: the write raises before touching the database (a crash between
    batches). ``inside-transaction``: Ctrl-C arrives after the batch's first article row
    is inserted, inside the batch's transaction.
    """

    def __init__(self, mode: str, fail_on: int = 3) -> None:
        super().__init__(":memory:")
        self.mode = mode
        self.fail_on = fail_on
        self.writes = 0
        self.rows = 0

    def write(self, batch: Batch) -> BatchResult:
        self.writes += 1
        self.rows = 0
        if self.writes == self.fail_on and self.mode == "before-write":
            raise RuntimeError("disk full")
        return super().write(batch)

    def _article_row(self, *args: object) -> list[object]:  # type: ignore[override]
        self.rows += 1
        if self.writes == self.fail_on and self.mode == "inside-transaction" and self.rows == 2:
            raise KeyboardInterrupt
        return DuckDBStore._article_row(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("mode", "error"),
    [("before-write", RuntimeError), ("inside-transaction", KeyboardInterrupt)],
)
def test_interrupted_ingest_keeps_whole_batches_and_resumes(
    tmp_path: Path, mode: str, error: type[BaseException]
) -> None:
    path = _wires(tmp_path / "w.jsonl")
    settings = Settings(batch_size=2)
    store = FailingStore(mode)
    with pytest.raises(error):
        ingest([str(path)], store, settings=settings)
    # Batches 1 and 2 are stored; nothing of batch 3 (wire-05, wire-06).
    assert sorted(a.id for a in store.articles()) == ["wire-01", "wire-02", "wire-03", "wire-04"]
    (run,) = store.runs()
    assert (run["status"], run["new"]) == ("interrupted", 4)

    store.fail_on = 0  # the trouble is over: the same command again
    summary = ingest([str(path)], store, settings=settings)
    assert (summary.status, summary.new, summary.unchanged) == ("done", 3, 4)
    assert store.count_articles() == 7
    assert [r["status"] for r in store.runs()] == ["interrupted", "done"]
    store.close()


def test_progress_and_problem_callbacks(tmp_path: Path, store: DuckDBStore) -> None:
    path = _wires(tmp_path / "w.jsonl", count=3)
    (tmp_path / "empty.txt").write_bytes(b"")
    progress: list[tuple[int, int]] = []
    problems: list[Problem] = []
    ingest(
        [str(path), str(tmp_path / "empty.txt")],
        store,
        settings=Settings(batch_size=2),
        on_progress=lambda done, failed: progress.append((done, failed)),
        on_problem=problems.append,
    )
    assert progress == [(2, 0), (3, 1)]
    assert [p.path for p in problems] == [str(tmp_path / "empty.txt")]


def test_article_with_only_boilerplate_is_a_problem(tmp_path: Path, store: DuckDBStore) -> None:
    path = tmp_path / "widgets.txt"
    path.write_text("Advertisement\nShare this article\nblog comments powered by Disqus\n")
    summary = ingest([str(path)], store)
    assert (summary.new, summary.failed) == (0, 1)
    (problem,) = store.dead_letters()
    assert (problem.path, problem.kind) == (str(path), "clean")
    assert "no article text left" in problem.reason


class Explode(Step):
    """A step that rejects one article."""

    name = "explode"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    provides: ClassVar[frozenset[str]] = frozenset()

    def apply(self, article: Article) -> Article:
        if "Ankara" in article.text:
            raise ValueError("cannot code this one")
        return article


def test_a_step_that_raises_rejects_one_article_not_the_run(
    tmp_path: Path, store: DuckDBStore
) -> None:
    path = _wires(tmp_path / "w.jsonl")
    summary = ingest([str(path)], store, pipeline=Pipeline([Clean(), Explode()]))
    assert (summary.new, summary.failed, summary.status) == (6, 1, "done")
    (problem,) = store.dead_letters()
    assert (problem.path, problem.line, problem.kind) == (str(path), 2, "error")
    assert problem.reason == "ValueError: cannot code this one"


def _stories(store: DuckDBStore) -> list[tuple[str, str | None]]:
    rows = store._con.execute("SELECT id, story_id FROM articles ORDER BY id").fetchall()
    return [(str(a), s) for a, s in rows]


class StoriesFail(DuckDBStore):
    """Ctrl-C when the ``fail_at``-th batch is placed in stories, after it was written."""

    def __init__(self, fail_at: int | None) -> None:
        super().__init__(":memory:")
        self.fail_at = fail_at
        self.placed = 0

    def write_stories(self, assignments, state):  # type: ignore[no-untyped-def]
        if assignments:
            self.placed += 1
            if self.placed == self.fail_at:
                raise KeyboardInterrupt
        super().write_stories(assignments, state)


@pytest.mark.parametrize(
    ("where", "fail_at"), [("after a placed batch", None), ("between a write and its stories", 3)]
)
def test_an_interrupted_ingest_resumes_into_the_stories_of_an_uninterrupted_one(
    corpus_dir: Path, where: str, fail_at: int | None
) -> None:
    settings = Settings(batch_size=2, extract=False)
    with DuckDBStore(":memory:") as clean:
        ingest([str(corpus_dir)], clean, settings=settings)
        expected = _stories(clean)
    assert len({s for _, s in expected}) < len(expected)  # some articles share a story

    def crash(done: int, failed: int) -> None:
        if done >= 6:
            raise KeyboardInterrupt

    store = StoriesFail(fail_at)
    with pytest.raises(KeyboardInterrupt):
        ingest([str(corpus_dir)], store, settings=settings, on_progress=crash)
    assert store.story_replay(), where  # what the saved state has not seen yet
    store.fail_at = None
    ingest([str(corpus_dir)], store, settings=settings)
    assert store.story_replay() == []
    assert _stories(store) == expected
    store.close()
