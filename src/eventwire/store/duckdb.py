"""The default store: one embedded DuckDB file (or ``:memory:``).

DuckDB allows one writing process per file; readers in other processes open it
read-only. Writes are upserts by id inside one transaction per batch, so an interrupted
ingest loses at most the batch in flight and never leaves half of one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.errors import StoreError
from eventwire.merge.near_duplicates import DedupEntry
from eventwire.records import Article, Event, OffsetMap, Origin, Problem
from eventwire.serialize import event_from_dict, event_to_dict
from eventwire.store.base import Batch, BatchResult, RunSummary
from eventwire.store.schema import MIGRATIONS

__all__ = ["DuckDBStore", "MemoryStore", "article_hash"]

_ARTICLE_COLUMNS = (
    "id, source, url, title, published, language, format, path, line, byte_offset, member, "
    "text, original, offsets, id_given, content_hash, minhash, duplicate_of, similarity, "
    "first_run, ingested_at"
)
_ARTICLE_PLACEHOLDERS = "(" + ", ".join("?" * 21) + ")"
_INSERT_CHUNK = 128
_READ_COLUMNS = (
    "id, source, url, title, published, language, format, path, line, byte_offset, member, "
    "text, original, offsets, id_given, duplicate_of, similarity"
)


_EVENT_COLUMNS = (
    "id, article_id, date, date_precision, source_code, source_country, source_sector, "
    "target_code, target_country, target_sector, cameo_code, cameo_root, quad_class, goldstein, "
    "plover_type, plover_mode, factuality, confidence, location_name, location_country, record, "
    "run_id, extracted_at"
)
_EVENT_PLACEHOLDERS = "(" + ", ".join("?" * 23) + ")"


def _event_row(article_id: str, event: Event, run_id: int | None, now: datetime) -> list[Any]:
    src, tgt, loc = event.source, event.target, event.location
    return [
        event.id, article_id, event.date, event.date_precision,
        src.code, src.country, src.sector,
        tgt.code if tgt else None, tgt.country if tgt else None, tgt.sector if tgt else None,
        event.cameo.code, event.cameo.root, event.cameo.quad_class, event.cameo.goldstein,
        event.plover.event_type, event.plover.mode, event.factuality, event.confidence,
        loc.name if loc else None, loc.country if loc else None,
        json.dumps(event_to_dict(event), ensure_ascii=False), run_id, now,
    ]  # fmt: skip


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def article_hash(article: Article) -> str:
    """A digest of what is stored of an article (not of where it was read from)."""
    parts = [
        article.text,
        article.title,
        article.source,
        article.url,
        str(article.published),
        article.language,
    ]
    return hashlib.sha256("\x1f".join(p or "" for p in parts).encode("utf-8")).hexdigest()[:16]


class DuckDBStore:
    """Articles, runs and dead letters in DuckDB.

    >>> store = DuckDBStore(":memory:")
    >>> store.count_articles()
    0
    """

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False) -> None:
        import duckdb

        self.path = str(path)
        self.read_only = read_only
        try:
            if self.path != ":memory:" and not read_only:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._con = duckdb.connect(self.path, read_only=read_only)
        except (duckdb.Error, OSError) as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from exc
        if not read_only:
            self._migrate()

    # -- schema -------------------------------------------------------------------------
    def _migrate(self) -> None:
        con = self._con
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )
        done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
        for version, name, sql in MIGRATIONS:
            if version in done:
                continue
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(sql)
                con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, _now()]
                )
                con.execute("COMMIT")
            except Exception as exc:
                con.execute("ROLLBACK")
                raise StoreError(
                    f"migration {version} ({name}) failed on {self.path}: {exc}"
                ) from exc

    def migrations(self) -> list[tuple[int, str]]:
        rows = self._con.execute(
            "SELECT version, name FROM schema_migrations ORDER BY version"
        ).fetchall()
        return [(int(v), str(n)) for v, n in rows]

    # -- runs ---------------------------------------------------------------------------
    def begin_run(self, command: str, args: dict[str, Any]) -> int:
        row = self._con.execute("SELECT coalesce(max(id), 0) + 1 FROM runs").fetchone()
        run_id = int(row[0]) if row else 1
        self._con.execute(
            "INSERT INTO runs (id, command, args, started_at, status) VALUES (?, ?, ?, ?, 'running')",
            [run_id, command, json.dumps(args, default=str), _now()],
        )
        return run_id

    def finish_run(self, run_id: int, summary: RunSummary) -> None:
        s = summary
        self._con.execute(
            "UPDATE runs SET finished_at = ?, status = ?, files = ?, new = ?, updated = ?, unchanged = ?, "
            "duplicates = ?, near_duplicates = ?, failed = ?, seconds = ? WHERE id = ?",
            [
                _now(),
                s.status,
                s.files,
                s.new,
                s.updated,
                s.unchanged,
                s.duplicates,
                s.near_duplicates,
                s.failed,
                s.seconds,
                run_id,
            ],
        )

    def runs(self) -> list[dict[str, Any]]:
        cur = self._con.execute("SELECT * FROM runs ORDER BY id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    # -- writes -------------------------------------------------------------------------
    def write(self, batch: Batch) -> BatchResult:
        """Write one batch in one transaction; re-written unchanged articles are no-ops."""
        result = BatchResult()
        con = self._con
        now = _now()
        ids = [a.id for a, _ in batch.articles]
        con.execute("BEGIN TRANSACTION")
        try:
            existing = self.known_hashes(ids)  # read inside the transaction
            rows: list[list[Any]] = []
            replaced: list[str] = []
            for article, signature in batch.articles:
                digest = article_hash(article)
                if existing.get(article.id) == digest:
                    result.unchanged.append(article.id)
                    continue
                if article.id in existing:
                    replaced.append(article.id)
                    result.updated.append(article.id)
                else:
                    result.new.append(article.id)
                rows.append(self._article_row(article, signature, digest, batch.run_id, now))
                existing[article.id] = digest
            if replaced:
                con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?))", [replaced])
            # One multi-row INSERT per chunk: DuckDB runs it ~20x faster than row by row.
            for i in range(0, len(rows), _INSERT_CHUNK):
                chunk = rows[i : i + _INSERT_CHUNK]
                values = ", ".join([_ARTICLE_PLACEHOLDERS] * len(chunk))
                con.execute(
                    f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES {values}",
                    [value for row in chunk for value in row],
                )
            if batch.events:
                con.execute(
                    "DELETE FROM events WHERE article_id IN (SELECT unnest(?))",
                    [list(batch.events)],
                )
                event_rows = [
                    _event_row(article_id, event, batch.run_id, now)
                    for article_id, events in batch.events.items()
                    for event in events
                ]
                for i in range(0, len(event_rows), _INSERT_CHUNK):
                    chunk = event_rows[i : i + _INSERT_CHUNK]
                    values = ", ".join([_EVENT_PLACEHOLDERS] * len(chunk))
                    con.execute(
                        f"INSERT OR REPLACE INTO events ({_EVENT_COLUMNS}) VALUES {values}",
                        [value for row in chunk for value in row],
                    )
            for rp in batch.repoints:
                con.execute(
                    "UPDATE articles SET duplicate_of = ?, similarity = ? WHERE id = ?",
                    [rp.duplicate_of, rp.similarity, rp.id],
                )
            for problem in batch.problems:
                con.execute(
                    "INSERT INTO dead_letters (id, path, line, kind, reason, first_run, last_run) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    "last_run = excluded.last_run, seen = dead_letters.seen + 1",
                    [
                        problem.id,
                        problem.path,
                        problem.line,
                        problem.kind,
                        problem.reason,
                        batch.run_id,
                        batch.run_id,
                    ],
                )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return result

    @staticmethod
    def _article_row(
        article: Article, signature: Any, digest: str, run_id: int | None, now: datetime
    ) -> list[Any]:
        o = article.origin
        blob = np.asarray(signature, dtype=np.uint32).tobytes() if signature is not None else None
        return [
            article.id, article.source, article.url, article.title, article.published, article.language,
            article.format, o.path, o.line, o.offset, o.member, article.text, article.original,
            json.dumps(article.offsets.to_json()), article.id_given, digest, blob,
            article.duplicate_of, article.similarity, run_id, now,
        ]  # fmt: skip

    # -- reads --------------------------------------------------------------------------
    @staticmethod
    def _to_article(row: tuple[Any, ...]) -> Article:
        (aid, source, url, title, published, language, fmt, path, line, offset, member,
         text, original, offsets, id_given, duplicate_of, similarity) = row  # fmt: skip
        return Article(
            id=aid, text=text, origin=Origin(path, line=line, offset=offset, member=member),
            title=title, source=source, url=url, published=published, language=language,
            original=original, offsets=OffsetMap.from_json(json.loads(offsets) if offsets else None),
            format=fmt, id_given=bool(id_given), duplicate_of=duplicate_of, similarity=similarity,
        )  # fmt: skip

    def article(self, article_id: str) -> Article | None:
        row = self._con.execute(
            f"SELECT {_READ_COLUMNS} FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        return self._to_article(row) if row else None

    def articles(self, *, limit: int | None = None, offset: int = 0) -> Iterator[Article]:
        sql = f"SELECT {_READ_COLUMNS} FROM articles ORDER BY published NULLS LAST, id"
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [limit, offset]
        cur = self._con.cursor()
        cur.execute(sql, params)
        while rows := cur.fetchmany(256):
            yield from (self._to_article(r) for r in rows)

    def count_articles(self) -> int:
        row = self._con.execute("SELECT count(*) FROM articles").fetchone()
        return int(row[0]) if row else 0

    def dead_letters(self) -> list[Problem]:
        rows = self._con.execute(
            "SELECT path, reason, line, kind FROM dead_letters ORDER BY path, line"
        ).fetchall()
        return [Problem(path=p, reason=r, line=ln, kind=k) for p, r, ln, k in rows]

    def known_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """Stored content hashes of the articles among ``ids`` (to skip unchanged ones)."""
        if not ids:
            return {}
        rows = self._con.execute(
            "SELECT id, content_hash FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]
        ).fetchall()
        return {str(i): str(h) for i, h in rows}

    def events(self, *, limit: int | None = None, article_id: str | None = None) -> Iterator[Event]:
        sql = "SELECT record FROM events"
        params: list[Any] = []
        if article_id is not None:
            sql += " WHERE article_id = ?"
            params.append(article_id)
        sql += " ORDER BY date NULLS LAST, article_id, id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        cur = self._con.cursor()
        cur.execute(sql, params)
        while rows := cur.fetchmany(256):
            for (record,) in rows:
                yield event_from_dict(json.loads(record))

    def count_events(self) -> int:
        row = self._con.execute("SELECT count(*) FROM events").fetchone()
        return int(row[0]) if row else 0

    def dedup_entries(self) -> Iterator[DedupEntry]:
        cur = self._con.cursor()
        cur.execute(
            "SELECT id, published, duplicate_of, minhash FROM articles WHERE minhash IS NOT NULL ORDER BY id"
        )
        while rows := cur.fetchmany(1024):
            for aid, published, duplicate_of, blob in rows:
                yield DedupEntry(aid, published, duplicate_of, np.frombuffer(blob, dtype=np.uint32))

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> DuckDBStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def MemoryStore() -> DuckDBStore:
    """A throwaway in-memory store, for tests and one-off runs."""
    return DuckDBStore(":memory:")
