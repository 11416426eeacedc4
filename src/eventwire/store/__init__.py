"""Where articles (and later events) live. See :mod:`.base` for the interface."""

from __future__ import annotations

from eventwire.store.base import Batch, BatchResult, RunSummary, Store
from eventwire.store.duckdb import DuckDBStore, MemoryStore

__all__ = [
    "Batch",
    "BatchResult",
    "DuckDBStore",
    "MemoryStore",
    "RunSummary",
    "Store",
    "open_store",
]


def open_store(path: str, *, read_only: bool = False) -> DuckDBStore:
    """The store at ``path`` (``:memory:`` for a throwaway one)."""
    return DuckDBStore(path, read_only=read_only)
