"""Shards: how an input is cut into units of work, and that the cut loses nothing."""

from __future__ import annotations

import json
import os
from itertools import pairwise
from pathlib import Path

import pytest

from eventwire import Settings
from eventwire.ingest import read_paths, read_source
from eventwire.pipeline.shards import Shard, plan_shards
from eventwire.records import Article, Problem


def _jsonl(path: Path, n: int, *, bad: frozenset[int] = frozenset()) -> Path:
    """``n`` lines of short articles; the lines numbered in ``bad`` are broken JSON."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(1, n + 1):
            if i in bad:
                fh.write('{"id": "broken", "text": \n')
                continue
            text = f"Item {i}: the ministry said talks on the ceasefire would resume on day {i}."
            fh.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")
    return path


def _read(shards: list[Shard], settings: Settings) -> list[Article | Problem]:
    return [item for shard in shards for s in shard.sources for item in read_source(s, settings)]


def _key(item: Article | Problem) -> tuple[str, int | None, str]:
    if isinstance(item, Problem):
        return ("problem", item.line, item.reason)
    return (item.id, item.origin.line, item.text)


def test_a_large_jsonl_file_is_cut_at_line_boundaries_and_reads_as_the_whole(
    tmp_path: Path,
) -> None:
    path = _jsonl(tmp_path / "big.jsonl", 200, bad=frozenset({7, 120}))
    settings = Settings(shard_bytes=2_000)
    shards, problems = plan_shards([str(path)], settings)
    assert problems == []
    assert len(shards) > 5
    # every part starts on a line and they tile the file
    parts = [s.sources[0] for s in shards]
    assert parts[0].start == 0 and parts[-1].end == path.stat().st_size
    for a, b in pairwise(parts):
        assert a.end == b.start
    data = path.read_bytes()
    assert all(data[p.start - 1 : p.start] == b"\n" for p in parts[1:] if p.start)
    # read part by part: the same articles and problems, with the file's line numbers
    whole = list(read_paths([str(path)], settings))
    assert [_key(i) for i in _read(shards, settings)] == [_key(i) for i in whole]
    bad_lines = [i.line for i in _read(shards, settings) if isinstance(i, Problem)]
    assert bad_lines == [7, 120]


def test_small_files_are_grouped_in_input_order(tmp_path: Path) -> None:
    for i in range(12):
        (tmp_path / f"{i:02d}.txt").write_text(
            f"Story {i:02d}. Officials met in Vienna on Friday.\n" * 20, encoding="utf-8"
        )
    size = (tmp_path / "00.txt").stat().st_size
    shards, _ = plan_shards([str(tmp_path)], Settings(shard_bytes=size * 4))
    assert [len(s.sources) for s in shards] == [4, 4, 4]
    assert [s.index for s in shards] == [0, 1, 2]
    paths = [src.path for s in shards for src in s.sources]
    assert paths == sorted(paths)
    assert shards[0].describe().endswith("and 3 more files")


def test_shard_ids_are_stable_and_change_with_the_input_or_the_workers_settings(
    tmp_path: Path,
) -> None:
    path = _jsonl(tmp_path / "news.jsonl", 50)
    settings = Settings(shard_bytes=1_500)
    first = [s.id for s in plan_shards([str(path)], settings)[0]]
    assert first == [s.id for s in plan_shards([str(path)], settings)[0]]
    assert len(set(first)) == len(first)
    # the workers' output depends on extraction: another setting, other shards
    assert set(first).isdisjoint(
        s.id for s in plan_shards([str(path)], Settings(shard_bytes=1_500, extract=False))[0]
    )
    # the driver's batch size does not change what workers make
    assert first == [
        s.id for s in plan_shards([str(path)], Settings(shard_bytes=1_500, batch_size=7))[0]
    ]
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert set(first).isdisjoint(s.id for s in plan_shards([str(path)], settings)[0])


def test_gzipped_jsonl_is_one_shard_since_it_cannot_be_cut(tmp_path: Path) -> None:
    import gzip

    raw = _jsonl(tmp_path / "news.jsonl", 100).read_bytes()
    (tmp_path / "news.jsonl").unlink()
    gz = tmp_path / "news.jsonl.gz"
    gz.write_bytes(gzip.compress(raw))
    shards, _ = plan_shards([str(gz)], Settings(shard_bytes=100))
    assert len(shards) == 1 and shards[0].sources[0].gzipped


def test_unreadable_inputs_are_problems_of_the_plan_and_stdin_is_refused(tmp_path: Path) -> None:
    shards, problems = plan_shards([str(tmp_path / "missing.jsonl"), "-"], Settings())
    assert shards == []
    assert [(p.path, p.reason) for p in problems] == [
        (str(tmp_path / "missing.jsonl"), "no such file or directory"),
        ("<stdin>", "standard input cannot be sharded; give files, directories or URLs"),
    ]


def test_fsspec_urls_are_inputs_like_paths(tmp_path: Path) -> None:
    pytest.importorskip("fsspec")
    (tmp_path / "feed").mkdir()
    _jsonl(tmp_path / "feed" / "a.jsonl", 3)
    (tmp_path / "feed" / "b.txt").write_text("Talks resumed in Geneva.", encoding="utf-8")
    (tmp_path / "feed" / ".hidden.txt").write_text("not read", encoding="utf-8")
    url = (tmp_path / "feed").as_uri()
    settings = Settings()
    from_url = [_key(i) for i in read_paths([url], settings)]
    from_path = [_key(i) for i in read_paths([str(tmp_path / "feed")], settings)]
    assert [k[2] for k in from_url] == [k[2] for k in from_path]
    assert len(from_url) == 4
    shards, problems = plan_shards([url], settings)
    assert problems == [] and all(s.paths[0].startswith("file://") for s in shards)
    missing = list(read_paths([(tmp_path / "nope.jsonl").as_uri()], settings))
    assert isinstance(missing[0], Problem) and missing[0].reason == "no such file or directory"
