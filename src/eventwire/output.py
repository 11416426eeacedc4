"""Rows out as a table, CSV or JSON Lines: one formatter for every listing command."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TextIO

__all__ = ["FORMATS", "write_rows"]

FORMATS = ("table", "csv", "jsonl")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _cell(value: Any, width: int) -> str:
    if value is None:
        return ""
    text = value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def write_rows(
    rows: Iterable[Mapping[str, Any]],
    out: TextIO,
    *,
    fmt: str = "table",
    columns: Sequence[str],
    widths: Mapping[str, int] | None = None,
) -> int:
    """Write ``rows`` in ``fmt``; return how many were written.

    JSON Lines carries every field of each row; table and CSV show ``columns`` only.
    Tables truncate cells to ``widths`` (default 40 characters).
    """
    count = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(dict(row), ensure_ascii=False, default=_json_default) + "\n")
            count += 1
        return count
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(
                [
                    ""
                    if row.get(c) is None
                    else _json_default(row[c])
                    if isinstance(row.get(c), datetime)
                    else row.get(c)
                    for c in columns
                ]
            )
            count += 1
        return count
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    widths = widths or {}
    cells = [[_cell(row.get(c), widths.get(c, 40)) for c in columns] for row in rows]
    sizes = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    out.write("  ".join(c.ljust(sizes[i]) for i, c in enumerate(columns)).rstrip() + "\n")
    out.write("  ".join("-" * s for s in sizes) + "\n")
    for r in cells:
        out.write("  ".join(v.ljust(sizes[i]) for i, v in enumerate(r)).rstrip() + "\n")
    return len(cells)
