"""Shards: the units of work of a distributed (or multi-process) ingest.

    paths ──expand──▶ sources ──group / split──▶ Shard(index, sources, id)

A shard is a run of consecutive input files, or one part of a large uncompressed JSONL
file cut at line boundaries, of about ``shard_bytes`` bytes. Shards come in the order a
plain ingest reads its input, so loading them in index order reproduces that run.

A shard's id comes from what it reads (each file's name, size and modification time, its
byte range) and from the settings that change what a worker makes of it. The same input
gives the same ids, which is how a re-run knows which shards are finished or loaded; a
file that changed gets new ids and is read again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from eventwire.config import Settings
from eventwire.errors import InputError
from eventwire.ingest.sources import Source, expand, is_url
from eventwire.records import Problem, content_id

__all__ = ["Shard", "plan_shards", "worker_fingerprint"]

# Bytes read at a time while looking for the line boundaries of a large JSONL file.
_SCAN = 1 << 20


@dataclass(frozen=True, slots=True)
class Shard:
    """Consecutive sources read by one task; ``index`` is its place in the input order."""

    index: int
    id: str
    sources: tuple[Source, ...]
    bytes: int

    @property
    def paths(self) -> list[str]:
        return list(dict.fromkeys(s.path for s in self.sources))

    def describe(self) -> str:
        if len(self.sources) == 1 and self.sources[0].part:
            s = self.sources[0]
            return f"{s.path} (bytes {s.start}-{s.end}, from line {s.first_line})"
        if len(self.sources) == 1:
            return self.sources[0].path
        return f"{self.sources[0].path} and {len(self.sources) - 1} more files"


def worker_fingerprint(settings: Settings) -> str:
    """The settings a worker's output depends on (the rest only concern the driver)."""
    from eventwire import __version__

    return content_id(
        __version__,
        str(settings.extract),
        str(settings.max_article_bytes),
        str(settings.minhash_permutations),
        str(settings.shingle_size),
    )


def _stat(path: str) -> tuple[int, str]:
    """Size and a version stamp (modification time, or an ETag) of a file or URL."""
    if is_url(path):
        from fsspec.core import url_to_fs

        fs, root = url_to_fs(path)
        info = fs.info(root)
        stamp = next(
            (str(info[k]) for k in ("ETag", "etag", "mtime", "LastModified", "updated", "created")
             if info.get(k) is not None),
            "",
        )  # fmt: skip
        return int(info.get("size") or 0), stamp
    st = os.stat(path)
    return st.st_size, str(st.st_mtime_ns)


def _jsonl_cuts(path: str, size: int, shard_bytes: int) -> list[tuple[int, int]]:
    """``(byte offset, line number)`` where each part of a JSONL file starts.

    Each cut is just after the first newline at or past a multiple of ``shard_bytes``
    from the previous cut; counting newlines on the way gives each part's first line.
    """
    cuts = [(0, 1)]
    pos, lines, target = 0, 1, shard_bytes
    with open(path, "rb") as fh:
        while chunk := fh.read(_SCAN):
            while target < pos + len(chunk):
                i = chunk.find(b"\n", max(0, target - pos))
                if i < 0:
                    break  # the line goes on into the next chunk
                cut = pos + i + 1
                if cut >= size:
                    break
                cuts.append((cut, lines + chunk.count(b"\n", 0, i + 1)))
                target = cut + shard_bytes
            lines += chunk.count(b"\n")
            pos += len(chunk)
    return cuts


def _parts(source: Source, size: int, shard_bytes: int) -> list[Source]:
    splittable = (
        source.format == "jsonl" and not source.gzipped and not is_url(source.path)
    ) and size > shard_bytes
    if not splittable:
        return [source]
    cuts = _jsonl_cuts(source.path, size, shard_bytes)
    ends = [c[0] for c in cuts[1:]] + [size]
    return [
        Source(source.path, "jsonl", start=start, end=end, first_line=line)
        for (start, line), end in zip(cuts, ends, strict=True)
    ]


def plan_shards(
    paths: Sequence[str], settings: Settings, *, shard_bytes: int | None = None
) -> tuple[list[Shard], list[Problem]]:
    """The shards of ``paths`` in input order, and the inputs that cannot be read at all."""
    limit = shard_bytes or settings.shard_bytes
    fingerprint = worker_fingerprint(settings)
    shards: list[Shard] = []
    problems: list[Problem] = []
    group: list[tuple[Source, str]] = []
    group_bytes = 0

    def close_group() -> None:
        nonlocal group, group_bytes
        if group:
            shards.append(
                Shard(
                    index=len(shards),
                    id=content_id("shard", fingerprint, *(key for _, key in group)),
                    sources=tuple(s for s, _ in group),
                    bytes=group_bytes,
                )
            )
        group, group_bytes = [], 0

    for item in _sources(paths):
        if isinstance(item, InputError):
            problems.append(Problem(item.path, item.reason, line=item.line))
            continue
        try:
            size, stamp = _stat(item.path)
        except (OSError, ValueError, ImportError) as exc:
            problems.append(Problem(item.path, f"cannot open: {exc}"))
            continue
        for part in _parts(item, size, limit):
            part_bytes = size if part.end is None else part.end - (part.start or 0)
            key = f"{part.path}|{size}|{stamp}|{part.start}|{part.end}"
            if part.part or part_bytes >= limit:  # a part or a large file: a shard of its own
                close_group()
                group, group_bytes = [(part, key)], part_bytes
                close_group()
                continue
            if group and group_bytes + part_bytes > limit:
                close_group()
            group.append((part, key))
            group_bytes += part_bytes
    close_group()
    return shards, problems


def _sources(paths: Sequence[str]) -> Iterator[Source | InputError]:
    for item in expand(list(paths)):
        if isinstance(item, Source) and item.stdin:
            yield InputError(
                "<stdin>", "standard input cannot be sharded; give files, directories or URLs"
            )
            continue
        yield item
