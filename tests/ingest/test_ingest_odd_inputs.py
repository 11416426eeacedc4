"""Odd inputs: special files, symlink loops, control characters in names, deep HTML,
one-line CJK articles, non-English articles. Each is read or refused for the right reason."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import eventwire
from eventwire.cli import cli
from eventwire.config import Settings
from eventwire.pipeline.ingest import ingest
from eventwire.records import Article, Problem
from eventwire.store import DuckDBStore

STORY = (
    "Russian jets strike Hama\n\nRussian warplanes struck rebel positions in northern Hama "
    "province on Tuesday, the defence ministry said in a statement.\n"
)
PARAGRAPHS = [
    "Russian warplanes struck rebel positions in northern Hama province on Tuesday, the "
    "defence ministry in Moscow said in a statement.",
    "The ministry said the aircraft flew 20 sorties overnight and destroyed a command post, "
    "two ammunition depots and a fuel store.",
]
# One line of Chinese, as a JSONL export or a scraped .txt gives it (we wrote it).
CJK = "俄罗斯国防部星期二表示，俄罗斯战机在叙利亚哈马省北部对反政府武装阵地进行了空袭，摧毁了一个指挥所和两个弹药库。"
GERMAN = (
    "Die russische Luftwaffe hat am Dienstag Stellungen der Rebellen in der Provinz Hama "
    "angegriffen, sagte das Verteidigungsministerium in Moskau in einer Erklärung."
)

needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symlinks")


def _problems(paths: list[str]) -> list[Problem]:
    items = list(eventwire.read(paths))
    assert all(isinstance(i, Problem) for i in items), items
    return [i for i in items if isinstance(i, Problem)]


@needs_posix
def test_fifo_in_a_directory_is_skipped_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "hama.txt").write_text(STORY, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would wait for a writer forever
    items = list(eventwire.read([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["Article", "Problem"]
    problem = items[1]
    assert isinstance(problem, Problem) and problem.path == str(tmp_path / "pipe.txt")
    assert problem.reason == "not a regular file but a FIFO (named pipe): skipped"


@needs_posix
def test_named_fifo_is_skipped_with_a_message(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.jsonl")
    (problem,) = _problems([str(tmp_path / "pipe.jsonl")])
    assert "FIFO" in problem.reason


@needs_posix
@pytest.mark.parametrize("named", [True, False], ids=["named", "in-directory"])
def test_symlink_loop_is_called_a_symlink_loop(tmp_path: Path, named: bool) -> None:
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (problem,) = _problems([str(tmp_path / "loop.txt") if named else str(tmp_path)])
    assert problem.path == str(tmp_path / "loop.txt")
    assert problem.reason.startswith("symlink loop")


@needs_posix
def test_broken_symlink_says_where_it_points(tmp_path: Path) -> None:
    (tmp_path / "story.txt").symlink_to("gone.txt")
    (problem,) = _problems([str(tmp_path / "story.txt")])
    assert "broken symlink" in problem.reason and "gone.txt" in problem.reason


def test_file_name_with_a_newline_cannot_forge_a_second_error_line(
    tmp_path: Path, hermetic: Path
) -> None:
    name = "a\nerror: forged.txt"
    (tmp_path / name).write_bytes(b"GIF89a\x00\x01\x00")
    result = CliRunner().invoke(
        cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--no-extract"]
    )
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert lines == [f"error: {str(tmp_path / name)!r}: binary data (NUL bytes), not text"]


def _page(depth: int) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"<html><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>"


@pytest.mark.parametrize("depth", [10, 260, 400])
def test_html_nested_deeper_than_libxml2_allows_keeps_its_text(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.html"
    path.write_text(_page(depth), encoding="utf-8")
    (article,) = eventwire.read([str(path)])
    assert isinstance(article, Article), article
    assert article.text.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize("name", ["cjk.txt", "cjk.jsonl"])
def test_one_line_cjk_article_is_kept(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    content = (
        json.dumps({"id": "zh-1", "text": CJK}, ensure_ascii=False)
        if name.endswith("jsonl")
        else CJK
    )
    path.write_text(content + "\n", encoding="utf-8")
    (article,) = eventwire.read([str(path)])
    assert isinstance(article, Article), article
    assert (article.text, article.language) == (CJK, "zh")


def test_ingest_summary_counts_articles_not_coded_by_language(
    tmp_path: Path, store: DuckDBStore
) -> None:
    path = tmp_path / "wires.jsonl"
    records = [{"id": "de-1", "text": GERMAN}, {"id": "zh-1", "text": CJK}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    summary = ingest([str(path)], store, settings=Settings())
    assert (summary.new, summary.events, summary.not_coded) == (2, 0, {"de": 1, "zh": 1})
    # With extraction off nothing is coded, and nothing is said to be left out for language.
    other = ingest([str(path)], store, settings=Settings(extract=False))
    assert other.not_coded == {}


def test_cli_says_how_many_were_not_coded_and_why(tmp_path: Path, hermetic: Path) -> None:
    path = tmp_path / "wires.jsonl"
    path.write_text(json.dumps({"id": "de-1", "text": GERMAN}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 0, result.output
    assert "1 not coded (language not English: de 1)" in result.stdout
