"""eventwire: turn news into political event data.

The public surface, mirrored by the ``eventwire`` command::

    import eventwire
    articles = list(eventwire.read(["examples/corpus"]))     # readers + cleaning, no store
    summary = eventwire.ingest(["examples/corpus"], db="eventwire.duckdb")
    events = eventwire.extract("Russian jets struck targets near Hama.", published=when)
    eventwire.places("Jets struck targets in the province of Hama.")  # [PlaceMention]
    eventwire.dates("The talks ended on Thursday.", published=when)     # [DateMention]
"""

from __future__ import annotations

__version__ = "0.1.0"

from collections.abc import Iterator, Sequence
from datetime import date, datetime

# Subpackages first: the functions below (and `extract`) share names with subpackages
# and must win.
import eventwire.ingest as _ingest_package
import eventwire.pipeline.ingest as _ingest_pipeline
from eventwire.clean import clean_article
from eventwire.config import Settings, load_settings
from eventwire.errors import (
    ConfigError,
    EvaluationError,
    EventwireError,
    InputError,
    PipelineError,
    StoreError,
)
from eventwire.extract import extract
from eventwire.records import Article, DateMention, Event, OffsetMap, Origin, PlaceMention, Problem
from eventwire.resolve.dates import find_dates_in_text
from eventwire.resolve.geoparse import geoparse
from eventwire.store import DuckDBStore, MemoryStore, RunSummary, Store, open_store

__all__ = [
    "Article",
    "ConfigError",
    "DateMention",
    "DuckDBStore",
    "EvaluationError",
    "Event",
    "EventwireError",
    "InputError",
    "MemoryStore",
    "OffsetMap",
    "Origin",
    "PipelineError",
    "PlaceMention",
    "Problem",
    "RunSummary",
    "Settings",
    "Store",
    "StoreError",
    "__version__",
    "dates",
    "extract",
    "ingest",
    "load_settings",
    "open_store",
    "places",
    "read",
]


def read(paths: Sequence[str], *, settings: Settings | None = None) -> Iterator[Article | Problem]:
    """Cleaned articles (and problems) from files, without a store."""
    settings = settings or Settings()
    for item in _ingest_package.read_paths(paths, settings):
        yield clean_article(item) if isinstance(item, Article) else item


def ingest(
    paths: Sequence[str],
    *,
    db: str | None = None,
    store: Store | None = None,
    settings: Settings | None = None,
    executor: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    shards_dir: str | None = None,
) -> RunSummary:
    """Read ``paths`` into a store (``store``, or the DuckDB file ``db``) and count the run.

    ``executor="local"`` (processes of this machine) or ``"dask"`` (a local Dask cluster
    of ``workers``, or the cluster at ``scheduler``) process the input in shards, written
    to ``shards_dir`` (default: ``<db>.shards``) and loaded into the store by this process.
    """
    settings = settings or load_settings(overrides={"db": db})

    def run(target: Store) -> RunSummary:
        if executor is None:
            return _ingest_pipeline.ingest(list(paths), target, settings=settings)
        from eventwire.pipeline.executors import make_executor
        from eventwire.pipeline.sharded import default_shards_dir, ingest_sharded

        engine = make_executor(executor, workers=workers, scheduler=scheduler)
        try:
            return ingest_sharded(
                list(paths),
                target,
                engine,
                settings=settings,
                shards_dir=shards_dir or default_shards_dir(getattr(target, "path", ":memory:")),
            )
        finally:
            engine.close()

    if store is not None:
        return run(store)
    with open_store(settings.db) as opened:
        return run(opened)


def places(text: str) -> list[PlaceMention]:
    """Every place mention of ``text``, resolved to a gazetteer entry; offsets into ``text``."""
    return geoparse(text)


def dates(text: str, *, published: date | datetime | None = None) -> list[DateMention]:
    """Every date expression of ``text`` with its TimeML value, resolved against
    ``published`` (relative expressions get no value without it)."""
    return find_dates_in_text(text, published=published)
