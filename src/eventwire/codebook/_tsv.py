"""Reading the codebook's data files.

The codebook ships as plain tab-separated text (``src/eventwire/data/codebook/*.tsv``)
rather than as Python literals so that a reviewer can diff a change against its source
and a domain expert can correct a value without touching code. This module is the one
place that knows the shape those files share:

* lines starting with ``#`` (and blank lines) are comments: each file opens with a
  header saying where its facts come from and which choices were made;
* the first other line names the columns;
* every row has at most that many tab-separated fields; missing trailing fields are
  empty, so an optional last column (a note) can be left off.

Errors are :class:`eventwire.errors.InputError` with the file and line, because a bad
row is a data bug that should point at the line to fix.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TypeAlias

from eventwire.errors import InputError

__all__ = ["Row", "data_path", "parse_table", "read_table"]

# One data row: its 1-based line number in the file, and its fields by column name.
Row: TypeAlias = tuple[int, dict[str, str]]


def data_path(name: str) -> str:
    """The path of a codebook data file, as shown in error messages."""
    return f"eventwire/data/codebook/{name}"


def parse_table(text: str, source: str, required: tuple[str, ...]) -> tuple[Row, ...]:
    """Split TSV ``text`` into rows keyed by the header's column names.

    ``required`` names the columns the caller reads; a header without one of them is
    an error here rather than a ``KeyError`` somewhere later. Fields are stripped of
    surrounding blanks so that an editor's trailing space cannot change a code.
    """
    header: list[str] | None = None
    rows: list[Row] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in raw.split("\t")]
        if header is None:
            header = fields
            missing = [column for column in required if column not in header]
            if missing:
                raise InputError(source, f"header lacks column(s) {missing}", line=number)
            if len(set(header)) != len(header):
                raise InputError(source, f"header repeats a column: {header}", line=number)
            continue
        if len(fields) > len(header):
            raise InputError(
                source,
                f"{len(fields)} fields but the header names {len(header)} columns",
                line=number,
            )
        fields += [""] * (len(header) - len(fields))
        rows.append((number, dict(zip(header, fields, strict=True))))
    if header is None:
        raise InputError(source, "no header line (the file is empty or all comments)")
    return tuple(rows)


def read_table(name: str, required: tuple[str, ...]) -> tuple[Row, ...]:
    """Read and parse the packaged data file ``name`` (e.g. ``"cameo.tsv"``)."""
    resource = files("eventwire") / "data" / "codebook" / name
    try:
        text = resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(data_path(name), f"cannot be read: {exc}") from exc
    return parse_table(text, data_path(name), required)
