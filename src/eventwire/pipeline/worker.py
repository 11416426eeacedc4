"""What a worker does with one shard: read, clean, sign, extract; write Parquet; mark done.

    Shard ──read_source──▶ prepare (clean) ──▶ MinHash signature ──▶ extract (batches)
          ──▶ <out>/<shard id>/articles.parquet, events.parquet, problems.parquet
          ──▶ <out>/<shard id>/_SUCCESS.json     (last: the shard is finished)

A worker never touches the store: DuckDB has one writer, the driver, which loads finished
shards (see :mod:`eventwire.pipeline.sharded`). Everything a worker makes is a pure
function of the shard's input and the settings, so running a shard twice (a retry, a
re-run) writes the same files. Files go to a temporary folder first and are moved into
place whole, so a worker killed halfway leaves nothing that looks finished.

The Parquet files are plain tables that any Parquet reader opens:

    articles  seq, id, title, source, url, published, language, format, id_given,
              path, line, byte_offset, member, text, original, offsets (JSON),
              minhash (UINTEGER[])
    events    seq (of the article), article_id, event (the event record as JSON)
    problems  seq, path, line, kind, reason
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.config import Settings
from eventwire.ingest import read_source
from eventwire.ingest.sources import is_url
from eventwire.merge.near_duplicates import NearDuplicateIndex, Signature
from eventwire.pipeline.ingest import default_pipeline
from eventwire.pipeline.shards import Shard
from eventwire.pipeline.steps import extract_events, prepare, warnings_of
from eventwire.records import Article, Problem
from eventwire.serialize import event_to_dict

__all__ = ["MARKER", "ShardFiles", "process_shard", "sql_path"]

MARKER = "_SUCCESS.json"
TABLES = ("articles", "events", "problems")
PARQUET = tuple(f"{t}.parquet" for t in TABLES)

_ARTICLE_COLUMNS = {
    "seq": "INTEGER", "id": "VARCHAR", "title": "VARCHAR", "source": "VARCHAR",
    "url": "VARCHAR", "published": "TIMESTAMP", "language": "VARCHAR", "format": "VARCHAR",
    "id_given": "BOOLEAN", "path": "VARCHAR", "line": "INTEGER", "byte_offset": "BIGINT",
    "member": "VARCHAR", "text": "VARCHAR", "original": "VARCHAR", "offsets": "VARCHAR",
    "minhash": "UINTEGER[]",
}  # fmt: skip
_EVENT_COLUMNS = {"seq": "INTEGER", "article_id": "VARCHAR", "event": "VARCHAR"}
_PROBLEM_COLUMNS = {
    "seq": "INTEGER", "path": "VARCHAR", "line": "INTEGER", "kind": "VARCHAR", "reason": "VARCHAR",
}  # fmt: skip
COLUMNS = {"articles": _ARTICLE_COLUMNS, "events": _EVENT_COLUMNS, "problems": _PROBLEM_COLUMNS}

# Articles of this process so far (a worker runs many shards): memory is reported
# against it, to show that a long-running worker does not grow.
_processed = 0


def _rss_mb() -> float:
    try:
        import psutil

        return round(float(psutil.Process().memory_info().rss) / 1e6, 1)
    except ImportError:  # pragma: no cover - psutil comes with dask[distributed]
        with open("/proc/self/statm") as fh:
            return round(int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6, 1)


def _article_row(seq: int, article: Article, signature: Signature) -> dict[str, Any]:
    o = article.origin
    return {
        "seq": seq, "id": article.id, "title": article.title, "source": article.source,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language, "format": article.format, "id_given": article.id_given,
        "path": o.path, "line": o.line, "byte_offset": o.offset, "member": o.member,
        "text": article.text, "original": article.original,
        "offsets": json.dumps(article.offsets.to_json()), "minhash": signature.tolist(),
    }  # fmt: skip


def _write_parquet(folder: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Each table's rows (JSON lines first, then one DuckDB COPY) as ``<table>.parquet``."""
    import duckdb

    con = duckdb.connect()
    try:
        for table in TABLES:
            source = folder / f"{table}.jsonl"
            with source.open("w", encoding="utf-8") as fh:
                for row in rows[table]:
                    fh.write(json.dumps(row, ensure_ascii=False))
                    fh.write("\n")
            columns = ", ".join(f"'{k}': '{v}'" for k, v in COLUMNS[table].items())
            target = sql_path(folder / f"{table}.parquet")
            con.execute(
                f"COPY (SELECT * FROM read_json({sql_path(source)}, format='newline_delimited', "
                f"columns={{{columns}}}) ORDER BY seq) TO {target} "
                "(FORMAT parquet, COMPRESSION zstd)"
            )
            source.unlink()
    finally:
        con.close()


def sql_path(path: Path) -> str:
    """A file name as a DuckDB string literal."""
    return "'" + str(path).replace("'", "''") + "'"


def process_shard(shard: Shard, settings: Settings, out: str) -> dict[str, Any]:
    """Read, clean and code one shard into ``out``; return its completion marker.

    A shard already finished there is not done again.
    """
    global _processed
    files = ShardFiles(out)
    done = files.marker(shard.id)
    if done is not None:
        return done
    started = time.perf_counter()
    pipeline = default_pipeline()
    index = NearDuplicateIndex(
        threshold=settings.near_duplicate_threshold,
        num_perm=settings.minhash_permutations,
        shingle_size=settings.shingle_size,
    )
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    pending: list[tuple[int, Article]] = []
    seq = 0

    def code(pending: list[tuple[int, Article]]) -> None:
        problems: list[Problem] = []
        events = extract_events([a for _, a in pending], problems) if settings.extract else {}
        for at, article in pending:
            for event in events.get(article.id, ()):
                rows["events"].append(
                    {
                        "seq": at,
                        "article_id": article.id,
                        "event": json.dumps(event_to_dict(event), ensure_ascii=False),
                    }
                )
        for problem in problems:
            rows["problems"].append(_problem_row(pending[-1][0], problem))

    for source in shard.sources:
        for item in read_source(source, settings):
            ready = prepare(item, pipeline)
            if isinstance(ready, Problem):
                rows["problems"].append(_problem_row(seq, ready))
            else:
                rows["problems"].extend(_problem_row(seq, w) for w in warnings_of(ready))
                rows["articles"].append(_article_row(seq, ready, index.signature(ready.text)))
                pending.append((seq, ready))
                if len(pending) >= settings.batch_size:
                    code(pending)
                    pending = []
            seq += 1
    if pending:
        code(pending)
    _processed += len(rows["articles"])
    marker = {
        "id": shard.id,
        "index": shard.index,
        "paths": shard.paths,
        "bytes": shard.bytes,
        "articles": len(rows["articles"]),
        "events": len(rows["events"]),
        "problems": len(rows["problems"]),
        "seconds": round(time.perf_counter() - started, 3),
        "worker": f"{socket.gethostname()}:{os.getpid()}",
        "worker_articles": _processed,
        "worker_rss_mb": _rss_mb(),
    }
    with files.staging() as folder:
        _write_parquet(folder, rows)
        files.publish(shard.id, folder, marker)
    return marker


def _problem_row(seq: int, problem: Problem) -> dict[str, Any]:
    return {
        "seq": seq,
        "path": problem.path,
        "line": problem.line,
        "kind": problem.kind,
        "reason": problem.reason,
    }


@dataclass(frozen=True, slots=True)
class ShardFiles:
    """The folder (a local path or an fsspec URL) where workers leave finished shards."""

    root: str

    @property
    def remote(self) -> bool:
        return is_url(self.root)

    def _fs(self) -> tuple[Any, str]:
        from fsspec.core import url_to_fs

        fs, root = url_to_fs(self.root)
        return fs, root.rstrip("/")

    def marker(self, shard_id: str) -> dict[str, Any] | None:
        """The completion marker of a finished shard, or ``None``."""
        return self.finished([shard_id], under=shard_id).get(shard_id)

    def finished(self, ids: Iterable[str], *, under: str = "") -> dict[str, dict[str, Any]]:
        """The completion markers of the finished shards among ``ids``: one listing of
        the folder (or of its subfolder ``under``), not a look per shard: a remote
        folder answers each look slowly."""
        wanted = set(ids)
        listed: dict[str, set[str]] = {}
        try:
            if self.remote:
                fs, root = self._fs()
                top = f"{root}/{under}" if under else root
                paths = [str(p) for p in fs.find(top)] if fs.exists(top) else []
            else:
                root = str(self.root)
                paths = [str(p) for p in Path(root).glob(f"{under or '*'}/*")]
        except OSError:
            return {}
        for path in paths:
            shard_id, _, name = path[len(root) :].strip("/").partition("/")
            if shard_id in wanted:
                listed.setdefault(shard_id, set()).add(name)
        done = {}
        for shard_id, names in listed.items():
            if {MARKER, *PARQUET} <= names:
                marker = self._read_marker(shard_id)
                if marker is not None:
                    done[shard_id] = marker
        return done

    def _read_marker(self, shard_id: str) -> dict[str, Any] | None:
        try:
            if self.remote:
                fs, root = self._fs()
                raw = fs.cat_file(f"{root}/{shard_id}/{MARKER}")
            else:
                raw = (Path(self.root) / shard_id / MARKER).read_bytes()
            marker: dict[str, Any] = json.loads(raw)
            return marker
        except (OSError, ValueError):  # unreadable: not finished
            return None

    @contextmanager
    def staging(self) -> Iterator[Path]:
        """A fresh local folder to write a shard's files in (removed afterwards)."""
        base = None if self.remote else Path(self.root)
        if base is not None:
            base.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=".tmp-", dir=base))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def publish(self, shard_id: str, folder: Path, marker: dict[str, Any]) -> None:
        """Move a staged shard into place; the marker goes last (local: one rename)."""
        (folder / MARKER).write_text(json.dumps(marker, indent=1), encoding="utf-8")
        if self.remote:
            fs, root = self._fs()
            for table in TABLES:
                fs.put_file(str(folder / f"{table}.parquet"), f"{root}/{shard_id}/{table}.parquet")
            fs.put_file(str(folder / MARKER), f"{root}/{shard_id}/{MARKER}")
            return
        final = Path(self.root) / shard_id
        if final.exists():  # an unfinished earlier attempt, or a loaded and cleaned one
            if self.marker(shard_id) is not None:  # another attempt finished first
                return
            stale = final.with_name(f".stale-{shard_id}-{uuid.uuid4().hex[:8]}")
            try:
                final.rename(stale)
                shutil.rmtree(stale, ignore_errors=True)
            except OSError:
                pass
        try:
            folder.rename(final)
        except OSError:
            if self.marker(shard_id) is None:  # not another attempt that finished first
                raise

    @contextmanager
    def fetch(self, shard_id: str) -> Iterator[Path]:
        """A local folder holding the shard's Parquet files (downloaded if remote)."""
        if not self.remote:
            yield Path(self.root) / shard_id
            return
        fs, root = self._fs()
        with tempfile.TemporaryDirectory(prefix="eventwire-shard-") as tmp:
            for table in TABLES:
                fs.get_file(f"{root}/{shard_id}/{table}.parquet", f"{tmp}/{table}.parquet")
            yield Path(tmp)

    def remove(self, shard_id: str) -> None:
        """Delete a loaded shard's Parquet files; the marker stays, as a record."""
        if self.remote:
            fs, root = self._fs()
            for table in TABLES:
                path = f"{root}/{shard_id}/{table}.parquet"
                if fs.exists(path):
                    fs.rm_file(path)
            return
        for table in TABLES:
            (Path(self.root) / shard_id / f"{table}.parquet").unlink(missing_ok=True)
