"""eventwire: turn news into political event data.

The public surface, mirrored by the ``eventwire`` command::

    import eventwire
    articles = list(eventwire.read(["examples/corpus"]))     # readers + cleaning, no store
    summary = eventwire.ingest(["examples/corpus"], db="eventwire.duckdb")
    events = eventwire.extract("Russian jets struck targets near Hama.", published=when)
"""

from __future__ import annotations

__version__ = "0.1.0"

from collections.abc import Iterator, Sequence

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
from eventwire.records import Article, Event, OffsetMap, Origin, Problem
from eventwire.store import DuckDBStore, MemoryStore, RunSummary, Store, open_store

__all__ = [
    "Article",
    "ConfigError",
    "DuckDBStore",
    "EvaluationError",
    "Event",
    "EventwireError",
    "InputError",
    "MemoryStore",
    "OffsetMap",
    "Origin",
    "PipelineError",
    "Problem",
    "RunSummary",
    "Settings",
    "Store",
    "StoreError",
    "__version__",
    "extract",
    "ingest",
    "load_settings",
    "open_store",
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
) -> RunSummary:
    """Read ``paths`` into a store (``store``, or the DuckDB file ``db``) and count the run."""
    settings = settings or load_settings(overrides={"db": db})
    if store is not None:
        return _ingest_pipeline.ingest(list(paths), store, settings=settings)
    with open_store(settings.db) as opened:
        return _ingest_pipeline.ingest(list(paths), opened, settings=settings)
