"""Specification of the codebook's data files and of the reader they share."""

from __future__ import annotations

from importlib.resources import files

import pytest

from eventwire.codebook._tsv import parse_table
from eventwire.errors import InputError

DATA_FILES = ["cameo.tsv", "plover.tsv", "cameo_to_plover.tsv"]


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_opens_with_a_comment_naming_its_sources(name: str) -> None:
    text = (files("eventwire") / "data" / "codebook" / name).read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert text.startswith("#")
    assert any("Source" in line for line in header)


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_fields_have_no_stray_blanks(name: str) -> None:
    # The reader forgives them, but a diff should not show invisible changes.
    text = (files("eventwire") / "data" / "codebook" / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            assert fields == [field.strip() for field in fields], line


def test_parse_table_skips_comments_and_pads_optional_columns() -> None:
    text = "# source: here\n\ncode\tname\tnote\n01\tfirst\n# in between\n02\tsecond\tsee x\n"
    rows = parse_table(text, "t.tsv", ("code", "name"))
    assert rows == (
        (4, {"code": "01", "name": "first", "note": ""}),
        (6, {"code": "02", "name": "second", "note": "see x"}),
    )


def test_parse_table_strips_blanks_around_fields() -> None:
    rows = parse_table("code\tname\n 01 \tfirst \n", "t.tsv", ("code",))
    assert rows == ((2, {"code": "01", "name": "first"}),)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("code\tname\n01\ta\tb\n", r"t\.tsv:2: 3 fields but the header names 2"),
        ("name\n01\n", r"lacks column\(s\) \['code'\]"),
        ("code\tcode\n", "repeats a column"),
        ("# only comments\n", "no header line"),
    ],
)
def test_parse_table_rejects_malformed_files(text: str, complaint: str) -> None:
    with pytest.raises(InputError, match=complaint):
        parse_table(text, "t.tsv", ("code",))
