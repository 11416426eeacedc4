"""Events as flat rows: the csv export, and the parquet export of the same columns.

One row per merged event. In the csv export, a text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is written with a leading ``'`` so that a
spreadsheet shows it instead of running it as a formula (numeric columns are left as
numbers; parquet and jsonl hold every value as it is). Nested parts are flattened to ``<part>_<field>`` columns
(``source_code``, ``location_lat``); the evidence is represented by its first mention
(article, outlet, sentence), since a row cannot hold a list. The full record, evidence and
claims included, is in the jsonl export and in the parquet ``record`` column.

Parquet is written by DuckDB (``COPY ... TO ... (FORMAT PARQUET)`` is built into DuckDB,
no extension to download): the rows go into a typed table of a throwaway in-memory
database, which is then copied out, so the parquet columns carry SQL types (DATE,
DOUBLE, INTEGER, TIMESTAMP) rather than text.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from eventwire.records import Event
from eventwire.serialize import event_to_dict

__all__ = ["COLUMNS", "FORMULA_STARTS", "csv_text", "flat_row", "write_csv", "write_parquet"]

# (column, DuckDB type): the csv header and the parquet schema, in order.
_SCHEMA: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR"),
    ("date", "DATE"),
    ("date_precision", "VARCHAR"),
    ("source_name", "VARCHAR"),
    ("source_code", "VARCHAR"),
    ("source_country", "VARCHAR"),
    ("source_sector", "VARCHAR"),
    ("target_name", "VARCHAR"),
    ("target_code", "VARCHAR"),
    ("target_country", "VARCHAR"),
    ("target_sector", "VARCHAR"),
    ("cameo_code", "VARCHAR"),
    ("cameo_root", "VARCHAR"),
    ("cameo_name", "VARCHAR"),
    ("quad_class", "INTEGER"),
    ("goldstein", "DOUBLE"),
    ("plover_type", "VARCHAR"),
    ("plover_mode", "VARCHAR"),
    ("factuality", "VARCHAR"),
    ("location_name", "VARCHAR"),
    ("location_country", "VARCHAR"),
    ("location_admin1", "VARCHAR"),
    ("location_lat", "DOUBLE"),
    ("location_lon", "DOUBLE"),
    ("location_geonameid", "BIGINT"),
    ("location_feature", "VARCHAR"),
    ("num_mentions", "INTEGER"),
    ("num_articles", "INTEGER"),
    ("num_sources", "INTEGER"),
    ("confidence", "DOUBLE"),
    ("trigger", "VARCHAR"),
    ("first_seen", "TIMESTAMP"),
    ("last_seen", "TIMESTAMP"),
    ("story_id", "VARCHAR"),
    ("evidence_article_id", "VARCHAR"),
    ("evidence_source", "VARCHAR"),
    ("evidence_sentence", "VARCHAR"),
)
COLUMNS: tuple[str, ...] = tuple(name for name, _ in _SCHEMA)
# Rows inserted into the parquet staging table per statement: bounds the memory a
# statement's parameter lists take; any size works (2,048 is DuckDB's vector size).
_CHUNK = 2048


def flat_row(event: Event) -> dict[str, Any]:
    """The event as one flat row: :data:`COLUMNS` to Python values (``None`` if absent)."""
    src, tgt, loc = event.source, event.target, event.location
    first = event.evidence[0] if event.evidence else None
    return {
        "id": event.id,
        "date": event.date,
        "date_precision": event.date_precision,
        "source_name": src.name,
        "source_code": src.code,
        "source_country": src.country,
        "source_sector": src.sector,
        "target_name": tgt.name if tgt else None,
        "target_code": tgt.code if tgt else None,
        "target_country": tgt.country if tgt else None,
        "target_sector": tgt.sector if tgt else None,
        "cameo_code": event.cameo.code,
        "cameo_root": event.cameo.root,
        "cameo_name": event.cameo.name or None,
        "quad_class": event.cameo.quad_class,
        "goldstein": event.cameo.goldstein,
        "plover_type": event.plover.event_type,
        "plover_mode": event.plover.mode,
        "factuality": event.factuality,
        "location_name": loc.name if loc else None,
        "location_country": loc.country if loc else None,
        "location_admin1": loc.admin1 if loc else None,
        "location_lat": loc.lat if loc else None,
        "location_lon": loc.lon if loc else None,
        "location_geonameid": loc.geonameid if loc else None,
        "location_feature": loc.feature if loc else None,
        "num_mentions": event.num_mentions,
        "num_articles": event.num_articles,
        "num_sources": event.num_sources,
        "confidence": event.confidence,
        "trigger": event.trigger or None,
        "first_seen": event.first_seen,
        "last_seen": event.last_seen,
        "story_id": event.story_id,
        "evidence_article_id": first.article_id if first else None,
        "evidence_source": first.source if first else None,
        "evidence_sentence": first.sentence if first else None,
    }


# First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV
# Injection": = + - @, and tab and carriage return, which some strip before looking).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A text cell a spreadsheet shows as text: one that starts like a formula gets a
    leading single quote (``=HYPERLINK(...)`` -> ``'=HYPERLINK(...)``, ``---MIL`` ->
    ``'---MIL``), as OWASP advises; other text is unchanged."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):  # numbers (a Goldstein of -10.0) stay numbers
        return csv_text(value)
    return value


def write_csv(events: Iterable[Event], out: TextIO) -> int:
    """A header line, then one row per event; empty cells for absent values; text cells
    that start like a formula are prefixed with ``'`` (:func:`csv_text`)."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for event in events:
        row = flat_row(event)
        writer.writerow([_csv_cell(row[c]) for c in COLUMNS])
        count += 1
    return count


def write_parquet(events: Iterable[Event], path: Path) -> int:
    """The csv columns, typed, plus ``record`` (JSON text), as one parquet file."""
    import duckdb

    from eventwire.exports import ExportError

    schema = (*_SCHEMA, ("record", "VARCHAR"))
    con = duckdb.connect(":memory:")
    try:
        con.execute("CREATE TABLE export (" + ", ".join(f"{n} {t}" for n, t in schema) + ")")
        # unnest(?::T[]) gives each parameter list its column's type, also when a chunk's
        # values are all NULL (DuckDB could not infer a type from those alone).
        select = ", ".join(f"unnest(?::{t}[])" for _, t in schema)
        insert = f"INSERT INTO export SELECT * FROM (SELECT {select})"
        count = 0
        chunk: list[list[Any]] = []
        for event in events:
            row = flat_row(event)
            chunk.append(
                [*(row[c] for c in COLUMNS), json.dumps(event_to_dict(event), ensure_ascii=False)]
            )
            if len(chunk) == _CHUNK:
                con.execute(insert, [list(col) for col in zip(*chunk, strict=True)])
                count += len(chunk)
                chunk = []
        if chunk:
            con.execute(insert, [list(col) for col in zip(*chunk, strict=True)])
            count += len(chunk)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            target = str(path).replace("'", "''")  # COPY takes no bound parameter
            con.execute(f"COPY export TO '{target}' (FORMAT PARQUET)")
        except (duckdb.Error, OSError) as exc:
            raise ExportError(f"cannot write {path}: {exc}") from exc
        return count
    finally:
        con.close()
