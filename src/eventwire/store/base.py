"""The store interface: what the pipeline writes and the read layer reads.

:class:`~eventwire.store.duckdb.DuckDBStore` is the default (a file, or ``:memory:``
for tests). Every write of a batch is one transaction: all of it lands, or none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from eventwire.merge.near_duplicates import DedupEntry, Repoint, Signature
from eventwire.records import Article, Event, Problem

if TYPE_CHECKING:
    from eventwire.merge.stories import StoryAssignment
    from eventwire.query import EventQuery

__all__ = ["Batch", "BatchResult", "RunSummary", "Store"]


@dataclass(frozen=True, slots=True)
class Batch:
    """What one transaction writes."""

    articles: Sequence[tuple[Article, Signature | None]] = ()
    repoints: Sequence[Repoint] = ()
    problems: Sequence[Problem] = ()
    run_id: int | None = None
    # Events of the batch's new or changed articles, by article id: they replace whatever
    # the store held for those articles.
    events: Mapping[str, Sequence[Event]] = field(default_factory=dict)


@dataclass(slots=True)
class BatchResult:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RunSummary:
    """The closing count of an ingest run."""

    files: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    events: int = 0  # event mentions extracted in this run
    merged: int = 0  # events in the store after merging
    duplicates: int = 0
    near_duplicates: int = 0
    failed: int = 0
    warnings: int = 0  # problems whose article was stored anyway (a bad date, a guessed charset)
    # new or changed articles not coded because eventwire codes English only, by language
    not_coded: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    status: str = "done"
    # sharded ingest (--executor local|dask)
    shards: int = 0
    shards_skipped: int = 0  # loaded by an earlier run
    shards_reused: int = 0  # finished by an earlier run's workers, loaded now
    shards_failed: int = 0  # failed on every try: their files are in the dead-letter table

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


class Store(Protocol):
    def write(self, batch: Batch) -> BatchResult: ...
    def begin_run(self, command: str, args: dict[str, Any]) -> int: ...
    def finish_run(self, run_id: int, summary: RunSummary) -> None: ...
    def article(self, article_id: str) -> Article | None: ...
    def articles(self, *, limit: int | None = None, offset: int = 0) -> Iterator[Article]: ...
    def count_articles(self) -> int: ...
    def dead_letters(self) -> list[Problem]: ...
    def dedup_entries(self) -> Iterator[DedupEntry]: ...
    def known_hashes(self, ids: Sequence[str]) -> dict[str, str]: ...
    def events(
        self, *, limit: int | None = None, article_id: str | None = None
    ) -> Iterator[Event]: ...
    def count_events(self) -> int: ...
    def mentions(
        self, *, limit: int | None = None, article_id: str | None = None
    ) -> Iterator[Event]: ...
    def count_mentions(self) -> int: ...
    def event(self, event_id: str) -> Event | None: ...
    def query_events(self, query: EventQuery) -> Iterator[Event]: ...
    def dirty_blocks(self) -> list[str]: ...
    def merge_dirty(self, *, on_block: Callable[[str], None] | None = None) -> int: ...
    def story_state(self) -> dict[str, Any] | None: ...
    def write_stories(
        self, assignments: Sequence[StoryAssignment], state: dict[str, Any] | None
    ) -> None: ...
    def story_replay(self) -> list[list[str]]: ...
    def stories(self, *, limit: int | None = None) -> list[dict[str, Any]]: ...
    def story(self, story_id: str) -> dict[str, Any] | None: ...
    def loaded_shards(self, ids: Sequence[str]) -> set[str]: ...
    def mark_shards_loaded(
        self, markers: Sequence[Mapping[str, Any]], run_id: int | None
    ) -> None: ...
    def close(self) -> None: ...
