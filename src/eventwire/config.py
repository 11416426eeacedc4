"""Settings: one table of (name, default, help), read in this order, later wins:

    defaults  <  eventwire.toml ([eventwire] table, or --config FILE)  <  EVENTWIRE_* env  <  flags

Every setting is documented here and in the README (a test checks both agree).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from eventwire.errors import ConfigError

__all__ = ["SETTINGS", "Settings", "load_settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = "eventwire.duckdb"
    batch_size: int = 64
    max_article_bytes: int = 5_000_000
    near_duplicate_threshold: float = 0.5
    minhash_permutations: int = 128
    shingle_size: int = 3
    extract: bool = True
    workers: int = 1
    shard_bytes: int = 500_000


# name -> help. The order is the order shown in the README.
SETTINGS: dict[str, str] = {
    "db": "DuckDB file of the store (':memory:' for a throwaway store).",
    "batch_size": "Articles written per transaction; an interrupted ingest loses at most one batch, never half of one.",
    "max_article_bytes": "Largest single article (a text/HTML file, a JSONL line, a feed or WARC item) read; larger input is reported, not read. 5 MB is ~100x a long news story.",
    "near_duplicate_threshold": "Estimated Jaccard similarity of word-trigram shingles from which two articles are near-duplicates. 0.5: a reprint with a new lead, a dropped paragraph and reworded verbs scores 0.70 in our example corpus, different stories on the same events at most 0.03.",
    "minhash_permutations": "MinHash permutations per article (128: Jaccard estimate error ~0.09 at 1 sigma).",
    "shingle_size": "Words per shingle for near-duplicate detection (3: robust to light rewording, still specific).",
    "extract": "Extract events while ingesting (false: store articles only, much faster; extract later).",
    "workers": "Processes that extract events (each loads the model once, ~300 MB); one per core.",
    "shard_bytes": "Input bytes per shard with --executor local|dask (~250 news articles, ~20 s of one core): files are grouped, large uncompressed JSONL files cut at line boundaries.",
}


def _coerce(name: str, value: Any) -> Any:
    kind = type(getattr(Settings(), name))
    try:
        if kind is bool and isinstance(value, str):
            return value.strip().lower() in {"1", "true", "yes", "on"}
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: cannot read {value!r} as {kind.__name__}") from exc


def load_settings(
    *,
    config_file: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Settings from defaults, then the config file, then ``EVENTWIRE_*``, then ``overrides``.

    ``overrides`` with a value of ``None`` are ignored (an unset CLI flag).
    """
    values: dict[str, Any] = {}
    path = Path(config_file) if config_file else Path("eventwire.toml")
    if config_file and not path.exists():
        raise ConfigError(f"config file {path} does not exist")
    if path.exists():
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("eventwire", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        values.update(table)
    environ = os.environ if env is None else env
    for name in SETTINGS:
        key = f"EVENTWIRE_{name.upper()}"
        if key in environ:
            values[name] = environ[key]
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(SETTINGS)}")
    return replace(Settings(), **{k: _coerce(k, v) for k, v in values.items()})
