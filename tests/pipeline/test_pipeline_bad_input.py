"""Bad input: each bad file (or line) is one clear problem; the rest of the batch is stored."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import eventwire
from eventwire.config import Settings
from eventwire.pipeline.ingest import ingest
from eventwire.store import DuckDBStore

LIMIT = 1000  # max_article_bytes for these tests: small, so "too big" costs nothing

GOOD = {
    "hama.txt": "Russian jets hit Hama\n\nRussian warplanes struck rebel positions in northern "
    "Hama province on Tuesday, the defence ministry said.\n",
    "ankara.txt": "Turkey summons envoy\n\nTurkey summoned the Russian ambassador in Ankara on "
    "Monday after a jet crossed into its airspace.\n",
}
RECORDS = [
    {"id": "lw-1", "text": "NATO ministers met in Brussels on Thursday to discuss Russia's moves."},
    {"id": "lw-3", "text": "Iran said a Revolutionary Guards general was killed near Aleppo."},
]


@dataclass(frozen=True)
class Bad:
    """A bad input written next to the good files, and the problem it must give."""

    name: str
    write: Callable[[Path], None]
    reason: str
    line: int | None = None
    articles_in_file: int = 0  # good records in the same file (JSONL)


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _jsonl(middle: str) -> Callable[[Path], None]:
    lines = [json.dumps(RECORDS[0]), middle, json.dumps(RECORDS[1])]
    return lambda path: path.write_text("\n".join(lines) + "\n", encoding="utf-8")


CASES = [
    Bad("binary.txt", _bytes(b"GIF89a\x00\x01\x00\x00\xff\x00Hama"), "binary data (NUL bytes)"),
    Bad("empty.txt", _bytes(b""), "empty: no text to read"),
    # JSON is UTF-8 (RFC 8259); text and HTML in other charsets are decoded (test_ingest_charsets)
    Bad(
        "latin1.jsonl",
        lambda path: path.write_bytes(
            b'{"id": "lw-1", "text": "NATO ministers met in Brussels."}\n'
            + '{"id": "lw-2", "text": "Café in Damascus"}\n'.encode("latin-1")
        ),
        "not valid UTF-8 (byte 0xe9",
        line=2,
        articles_in_file=1,
    ),
    Bad(
        "wires.jsonl",
        _jsonl('{"id": "lw-2", "text": "unfinished'),
        "malformed JSON",
        line=2,
        articles_in_file=2,
    ),
    Bad(
        "notext.jsonl",
        _jsonl('{"id": "lw-2", "title": "Russia says jets hit 12 targets"}'),
        "missing or empty required field 'text'",
        line=2,
        articles_in_file=2,
    ),
    Bad(
        "longline.jsonl",
        _jsonl(json.dumps({"id": "lw-2", "text": "x" * 50_000})),
        "line longer than the 0.001 MB limit (setting max_article_bytes)",
        line=2,
        articles_in_file=2,
    ),
    Bad("unclosed.html", _bytes(b"<html><body><p>"), "HTML page has no main text"),
    Bad("garbage.html", _bytes(b"<<<>>>&&&;;</</"), "HTML page has no main text"),
    Bad("big.txt", _bytes(b"Russian jets struck Hama. " * 100), "larger than the 0.001 MB limit"),
    Bad("big.html", _bytes(b"<p>Russian jets struck Hama.</p>" * 100), "max_article_bytes"),
    Bad("truncated.txt.gz", _bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00"), "cannot read"),
    Bad("widgets.txt", _bytes(b"Advertisement\nShare this article\n"), "no article text left"),
]


def _good_files(directory: Path) -> None:
    for name, text in GOOD.items():
        (directory / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("bad", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_one_problem_naming_file_line_and_reason(
    tmp_path: Path, store: DuckDBStore, bad: Bad
) -> None:
    _good_files(tmp_path)
    bad.write(tmp_path / bad.name)
    settings = Settings(max_article_bytes=LIMIT)
    summary = ingest([str(tmp_path)], store, settings=settings)
    (problem,) = store.dead_letters()
    assert problem.path == str(tmp_path / bad.name)
    assert problem.line == bad.line
    assert bad.reason in problem.reason
    shown = str(problem)
    assert shown.startswith(
        f"{tmp_path / bad.name}:{bad.line}: " if bad.line else f"{problem.path}: "
    )
    # The rest of the batch is stored.
    assert summary.failed == 1
    assert store.count_articles() == len(GOOD) + bad.articles_in_file
    assert summary.status == "done"


def test_path_that_does_not_exist_is_one_problem(tmp_path: Path, store: DuckDBStore) -> None:
    _good_files(tmp_path)
    missing = tmp_path / "gone" / "story.txt"
    summary = ingest([str(tmp_path), str(missing)], store)
    (problem,) = store.dead_letters()
    assert (problem.path, problem.reason) == (str(missing), "no such file or directory")
    assert (summary.new, summary.failed) == (2, 1)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read a chmod 000 file"
)
def test_unreadable_file_is_one_problem(tmp_path: Path, store: DuckDBStore) -> None:
    _good_files(tmp_path)
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD["hama.txt"].replace("Tuesday", "Wednesday"), encoding="utf-8")
    locked.chmod(0)
    try:
        summary = ingest([str(tmp_path)], store)
    finally:
        locked.chmod(0o644)
    (problem,) = store.dead_letters()
    assert problem.path == str(locked) and "cannot open" in problem.reason
    assert (summary.new, summary.failed) == (2, 1)


def test_directory_of_two_thousand_small_files_is_read_whole(tmp_path: Path) -> None:
    for n in range(2000):
        folder = tmp_path / f"day-{n % 20:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"brief-{n:04d}.txt").write_text(
            f"Brief {n}\n\nA brief numbered {n} said Russian jets flew over Hama province.\n",
            encoding="utf-8",
        )
    items = list(eventwire.read([str(tmp_path)]))
    assert len(items) == 2000
    assert all(isinstance(i, eventwire.Article) for i in items)
    assert len({i.id for i in items if isinstance(i, eventwire.Article)}) == 2000
    paths = [i.path for i in items if isinstance(i, eventwire.Article)]
    assert paths == sorted(paths)  # reproducible order
