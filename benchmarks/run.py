"""Benchmarks printed by `make bench` and written to benchmarks/results.json.

Inputs are the unlabelled news corpora in ../shared/data (never copied into the repo);
a benchmark whose input is missing is reported as skipped. Figures from one run on this
machine: compare ratios within a run, not absolute numbers across machines.

    ingest.read_clean   readers + cleaner in one process (articles/s, MB/s of article text)
    ingest.store        `eventwire ingest --no-extract` into a DuckDB file, near-duplicates included
    extract             bare spaCy (nlp.pipe) vs eventwire extraction on the same cleaned
                        texts (a sample; --extract-limit), and the end-to-end rate
    merge               merging 100k synthetic mentions into events
    api                 load test of /api/events over 1M events
    distributed         whole ingest on 1 and 2 local Dask workers vs the plain ingest
                        (--dask-limit), and worker memory over 100k synthetic articles
    longtext            extraction of one text without paragraph breaks of ~100, ~300 and
                        ~950 kB: seconds per 100 kB at each size, and peak memory
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("EVENTWIRE_SHARED_DATA", ROOT.parent / "shared" / "data"))
CORPORA = {
    "reuters21578": DATA / "reuters21578" / "reuters21578.jsonl.gz",
    "bbc_news": DATA / "bbc_news" / "bbc_news.jsonl",
}


def _records(path: Path) -> Iterator[dict[str, Any]]:
    """The corpus as our JSONL article shape (Reuters calls its text ``body``)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            raw = json.loads(line)
            text = raw.get("text") or raw.get("body") or ""
            if not text.strip():
                continue
            yield {
                "id": str(raw.get("id") or raw.get("newid")),
                "title": raw.get("title"),
                "text": text,
            }


def _jsonl_copy(out_dir: Path, limit: int | None) -> tuple[Path, int, int]:
    path = out_dir / "bench.jsonl"
    n = size = 0
    with path.open("w", encoding="utf-8") as fh:
        for name, corpus in CORPORA.items():
            for i, rec in enumerate(_records(corpus)):
                if limit is not None and i >= limit:
                    break
                rec["id"] = f"{name}/{rec['id']}"
                fh.write(json.dumps(rec) + "\n")
                n += 1
                size += len(rec["text"].encode("utf-8"))
    return path, n, size


def bench_ingest(limit: int | None) -> dict[str, Any]:
    from eventwire import Settings, read
    from eventwire.pipeline.ingest import ingest
    from eventwire.store import DuckDBStore

    missing = [str(p) for p in CORPORA.values() if not p.exists()]
    if missing:
        return {"skipped": f"missing input: {', '.join(missing)}"}
    with tempfile.TemporaryDirectory() as tmp:
        path, n, size = _jsonl_copy(Path(tmp), limit)
        mb = size / 1e6
        started = time.perf_counter()
        count = sum(1 for item in read([str(path)]) if hasattr(item, "text"))
        read_clean = time.perf_counter() - started
        db = str(Path(tmp) / "bench.duckdb")
        with DuckDBStore(db) as store:
            started = time.perf_counter()
            # Articles only: extraction is measured on its own below.
            summary = ingest(
                [str(path)], store, settings=Settings(db=db, batch_size=256, extract=False)
            )
            stored = time.perf_counter() - started
    return {
        "articles": n,
        "megabytes": round(mb, 2),
        "read_clean": {
            "articles": count,
            "seconds": round(read_clean, 2),
            "articles_per_s": round(count / read_clean, 1),
            "mb_per_s": round(mb / read_clean, 2),
        },
        "store": {
            "new": summary.new,
            "near_duplicates": summary.near_duplicates,
            "duplicates": summary.duplicates,
            "failed": summary.failed,
            "seconds": round(stored, 2),
            "articles_per_s": round(summary.new / stored, 1),
            "mb_per_s": round(mb / stored, 2),
        },
        "store_vs_read_clean_time": round(stored / read_clean, 2),
    }


def bench_extract(limit: int) -> dict[str, Any]:
    """eventwire's extraction time over bare spaCy's parse time on the same texts."""
    from eventwire import Article, read
    from eventwire.extract import Extractor
    from eventwire.extract.parallel import extract_parallel
    from eventwire.parse import BATCH_SIZE, load_nlp, parse_texts
    from eventwire.resolve.dates import find_dates
    from eventwire.resolve.geoparse import geoparse_sentences

    missing = [str(p) for p in CORPORA.values() if not p.exists()]
    if missing:
        return {"skipped": f"missing input: {', '.join(missing)}"}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.jsonl"
        _sample(path, limit)
        started = time.perf_counter()
        articles = [a for a in read([str(path)]) if isinstance(a, Article)]
        read_clean = time.perf_counter() - started
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    extractor = Extractor()
    extractor.extract_articles(articles[:8])  # warm up: dictionaries, caches
    started = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass
    spacy_s = time.perf_counter() - started
    started = time.perf_counter()
    events = 0
    for i in range(0, len(articles), 64):
        events += sum(len(e) for e in extractor.extract_articles(articles[i : i + 64]))
    ours_s = time.perf_counter() - started
    # Geoparsing and date resolution inside that time: the same calls the extractor makes,
    # timed alone over the same sentences (parsed once more, outside the clock).
    parsed = list(parse_texts(texts))
    started = time.perf_counter()
    mentions = 0
    for sentences, article in zip(parsed, articles, strict=True):
        mentions += len(geoparse_sentences(sentences))
        mentions += len(find_dates(sentences, published=article.published))
    places_dates_s = time.perf_counter() - started
    # End to end on both cores: read + clean here, extraction in two worker processes.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for a in articles:
                fh.write(json.dumps({"id": a.id, "text": a.original or a.text}) + "\n")
        started = time.perf_counter()
        stream = (a for a in read([str(path)]) if isinstance(a, Article))
        parallel_events = sum(
            len(e) for _, e in extract_parallel(stream, workers=2) if isinstance(e, list)
        )
        parallel_s = time.perf_counter() - started
    return {
        "parallel_end_to_end_articles_per_s": round(len(articles) / parallel_s, 1),
        "parallel_events": parallel_events,
        "articles": len(articles),
        "words": words,
        "events": events,
        "spacy_seconds": round(spacy_s, 2),
        "eventwire_seconds": round(ours_s, 2),
        "ratio_eventwire_over_spacy": round(ours_s / spacy_s, 3),
        "places_dates_seconds": round(places_dates_s, 2),
        "place_and_date_mentions": mentions,
        # what geoparsing + dates add to the rest of extraction
        "places_dates_share_of_extraction": round(places_dates_s / (ours_s - places_dates_s), 3),
        "spacy_words_per_s": round(words / spacy_s),
        "extract_articles_per_s": round(len(articles) / ours_s, 1),
        "end_to_end_articles_per_s": round(len(articles) / (ours_s + read_clean), 1),
    }


def bench_merge(total: int) -> dict[str, Any]:
    """Merging ``total`` synthetic mentions into events in the store: time and memory.

    The mentions are the example corpus's, copied with shifted dates, new ids and new
    articles (outlets cycling through 50 names), so blocks and clusters look like a real
    run's; they are written in batches like an ingest, then merged once.
    """
    import resource
    from dataclasses import replace
    from datetime import date, timedelta

    from eventwire import Article, read
    from eventwire.extract import Extractor
    from eventwire.records import Origin
    from eventwire.store import MemoryStore
    from eventwire.store.base import Batch

    articles = [a for a in read([str(ROOT / "examples" / "corpus")]) if isinstance(a, Article)]
    seeds = [e for evs in Extractor().extract_articles(articles) for e in evs]
    store = MemoryStore()
    written = 0
    copy = 0
    started = time.perf_counter()
    while written < total:
        batch_articles = []
        events: dict[str, list[Any]] = {}
        for _ in range(64):  # one batch of 64 articles, each with the corpus's mentions
            copy += 1
            shift = timedelta(days=copy % 365)
            article_id = f"synthetic-{copy}"
            article = Article(
                id=article_id,
                text=f"synthetic article {copy}",
                origin=Origin(f"{article_id}.txt"),
                source=f"outlet-{copy % 50}",
                published=datetime(2015, 1, 1) + shift,
            )
            batch_articles.append((article, None))
            picked = seeds[copy % len(seeds) :: 37][:8]
            events[article_id] = [
                replace(
                    e,
                    id=f"{e.id}-{copy}",
                    date=(date.fromisoformat(e.date) + shift).isoformat() if e.date else None,
                    evidence=tuple(replace(ev, article_id=article_id) for ev in e.evidence),
                )
                for e in picked
            ]
            written += len(events[article_id])
        store.write(Batch(batch_articles, events=events))
    write_s = time.perf_counter() - started
    blocks = len(store.dirty_blocks())
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    store.merge_dirty()
    merge_s = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "mentions": written,
        "blocks": blocks,
        "events": store.count_events(),
        "write_seconds": round(write_s, 2),
        "merge_seconds": round(merge_s, 2),
        "mentions_per_s": round(written / merge_s),
        "peak_rss_mb_before_merge": round(rss_before / 1024),
        "peak_rss_mb_after_merge": round(rss_after / 1024),
    }


# Sizes of the single-paragraph texts of the long-text benchmark (characters, ~bytes).
LONGTEXT_SIZES = (100_000, 300_000, 950_000)


def _longtext_one(text: str, warm_up: str) -> dict[str, Any]:
    """Extraction of one long text in this (fresh) process: wall and CPU seconds, and how
    far the peak resident memory rose above what the loaded model and dictionaries took."""
    from eventwire.extract import extract

    extract(warm_up)  # the model, dictionaries and caches, as a running ingest has them
    # VmHWM (see _peak_rss_mb) rather than ru_maxrss, which a spawned child inherits from
    # its parent across exec: a long `make bench` once made every child report 2,273 MB
    rss_before = _peak_rss_mb(os.getpid()) or 0.0
    started, cpu = time.perf_counter(), time.process_time()
    events = extract(text)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "events": len(events),
        "rss_mb_before": rss_before,
        "peak_rss_mb": _peak_rss_mb(os.getpid()) or 0.0,
    }


def bench_longtext() -> dict[str, Any]:
    """One text without paragraph breaks of ~100 kB, ~300 kB and ~950 kB (the example
    corpus's sentences, repeated): extraction time and peak memory, each in a fresh process.
    Linear work gives the same seconds per 100 kB at every size (ratio ~1.0). CPU seconds
    are compared: on a shared machine the wall clock also counts the other processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from eventwire import Article, read

    articles = [a for a in read([str(ROOT / "examples" / "corpus")]) if isinstance(a, Article)]
    body = " ".join(" ".join(p.split()) for a in articles for p in a.text.split("\n\n"))
    sizes = []
    for size in LONGTEXT_SIZES:
        text = " ".join([body] * (size // len(body) + 1))
        text = text[: text.rfind(". ", 0, size) + 1]  # end on a sentence end
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            run = pool.submit(_longtext_one, text, "\n\n".join(a.text for a in articles))
            done = run.result()
        kb = len(text.encode("utf-8")) / 1000
        sizes.append(
            {
                "kb": round(kb),
                "seconds": round(done["seconds"], 2),
                "cpu_seconds": round(done["cpu_seconds"], 2),
                "cpu_seconds_per_100_kb": round(done["cpu_seconds"] / kb * 100, 2),
                "seconds_per_100_kb": round(done["seconds"] / kb * 100, 2),
                "events": done["events"],
                "rss_mb_before": done["rss_mb_before"],
                "peak_rss_mb": done["peak_rss_mb"],
                "rss_growth_mb": round(done["peak_rss_mb"] - done["rss_mb_before"], 1),
            }
        )
    per_kb = [s["cpu_seconds_per_100_kb"] for s in sizes]
    return {
        "sizes": sizes,
        "ratio_largest_over_smallest_cpu_seconds_per_kb": round(per_kb[-1] / per_kb[0], 2),
    }


def _sample(path: Path, limit: int) -> int:
    """Half of ``limit`` from each corpus (Reuters items are short, BBC stories long)."""
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for name, corpus in CORPORA.items():
            for i, rec in enumerate(_records(corpus)):
                if i >= limit // 2:
                    break
                rec["id"] = f"{name}/{rec['id']}"
                fh.write(json.dumps(rec) + "\n")
                n += 1
    return n


def _synthetic(path: Path, total: int) -> int:
    """``total`` short articles, each a sentence of a corpus article and a word from
    another (so that no two are the same text)."""
    import random
    import re

    sentences = [
        s.strip()
        for corpus in CORPORA.values()
        for rec in _records(corpus)
        for s in re.split(r"(?<=[.!?])\s+", rec["text"].replace("\n", " "))
        if 40 <= len(s.strip()) <= 300
    ]
    rng = random.Random(2015)
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(total):
            text = f"{rng.choice(sentences)} ({rng.choice(rng.choice(sentences).split())})"
            line = json.dumps({"id": f"synthetic/{i}", "text": text}) + "\n"
            fh.write(line)
            size += len(line)
    return size


# Shard size for the scaling run: ~16 shards of the 1,000-article sample, so that two
# workers get even loads (the default, 500 kB, sizes shards for large inputs).
SCALING_SHARD_BYTES = 128_000


def bench_distributed(limit: int, memory_articles: int) -> dict[str, Any]:
    """Sharded ingest on 1 and 2 local Dask workers against the plain ingest, and worker
    memory over a long synthetic corpus.

    Every run is a whole ingest of the same sample into a fresh in-memory store,
    extraction included: read, clean, near-duplicates, extract, store, stories, merge.
    Cluster start-up (worker processes, one model load each) is timed apart, as a
    long-lived cluster pays it once. The memory run has the workers alone process
    ``memory_articles`` short articles shard after shard (the driver, whose
    near-duplicate index grows with the store by design, is left out), and reads each
    worker's resident memory from the completion markers.
    """

    from eventwire import Settings
    from eventwire.pipeline.executors import DaskExecutor
    from eventwire.pipeline.ingest import ingest
    from eventwire.pipeline.sharded import ingest_sharded
    from eventwire.pipeline.shards import plan_shards
    from eventwire.store import MemoryStore

    missing = [str(p) for p in CORPORA.values() if not p.exists()]
    if missing:
        return {"skipped": f"missing input: {', '.join(missing)}"}
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.jsonl"
        n = _sample(path, limit)
        settings = Settings(db=":memory:", shard_bytes=SCALING_SHARD_BYTES)
        out["articles"] = n
        out["shards"] = len(plan_shards([str(path)], settings)[0])
        out["shard_bytes"] = SCALING_SHARD_BYTES
        runs: dict[str, float] = {}
        for workers in (1, 2):
            started = time.perf_counter()
            plain_settings = Settings(db=":memory:", workers=workers)
            ingest([str(path)], MemoryStore(), settings=plain_settings)
            runs[f"plain_{workers}"] = time.perf_counter() - started
        for workers in (1, 2):
            started = time.perf_counter()
            executor = DaskExecutor(workers=workers)
            out[f"dask_{workers}_startup_seconds"] = round(time.perf_counter() - started, 2)
            try:
                started = time.perf_counter()
                summary = ingest_sharded(
                    [str(path)], MemoryStore(), executor, settings=settings,
                    shards_dir=str(Path(tmp) / f"shards-{workers}"),
                )  # fmt: skip
                runs[f"dask_{workers}"] = time.perf_counter() - started
                assert summary.shards_failed == 0 and summary.new + summary.failed >= n - 5
            finally:
                executor.close()
        for name, seconds in runs.items():
            out[f"{name}_seconds"] = round(seconds, 2)
            out[f"{name}_articles_per_s"] = round(n / seconds, 1)
        out["scaling_efficiency_1_to_2"] = round(runs["dask_1"] / (2 * runs["dask_2"]), 3)
        out["dask_1_over_plain_1_time"] = round(runs["dask_1"] / runs["plain_1"], 3)
        out["dask_2_over_plain_2_workers_time"] = round(runs["dask_2"] / runs["plain_2"], 3)
        out["articles_per_s_per_worker_2"] = round(n / runs["dask_2"] / 2, 1)
    if memory_articles:
        out["memory"] = _worker_memory(memory_articles)
    return out


def _worker_memory(total: int) -> dict[str, Any]:
    """Workers alone over ``total`` synthetic articles; their memory from the markers."""
    from functools import partial

    from eventwire import Settings
    from eventwire.pipeline.executors import DaskExecutor
    from eventwire.pipeline.shards import plan_shards
    from eventwire.pipeline.worker import ShardFiles, process_shard

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.jsonl"
        size = _synthetic(path, total)
        settings = Settings(db=":memory:")
        shards, _ = plan_shards([str(path)], settings)
        out_dir = str(Path(tmp) / "shards")
        files = ShardFiles(out_dir)
        executor = DaskExecutor(workers=2)
        markers = []
        started = time.perf_counter()
        try:
            work = partial(process_shard, settings=settings, out=out_dir)
            for shard, marker in executor.run(work, shards):
                assert isinstance(marker, dict), f"shard {shard.id} failed: {marker}"
                markers.append(marker)
                files.remove(shard.id)
        finally:
            executor.close()
        seconds = time.perf_counter() - started
    by_worker: dict[str, list[tuple[int, float]]] = {}
    for m in markers:
        by_worker.setdefault(m["worker"], []).append((m["worker_articles"], m["worker_rss_mb"]))
    workers = []
    for points in by_worker.values():
        points.sort()
        tenth = next((rss for done, rss in points if done >= points[-1][0] * 0.1), points[0][1])
        workers.append(
            {
                "articles": points[-1][0],
                "shards": len(points),
                "rss_mb_after_first_shard": points[0][1],
                "rss_mb_at_10_percent": tenth,
                "rss_mb_at_end": points[-1][1],
                "rss_mb_max": max(r for _, r in points),
                "growth_mb_from_10_percent_to_end": round(points[-1][1] - tenth, 1),
                "trace": points,
            }
        )
    return {
        "articles": total,
        "megabytes": round(size / 1e6, 1),
        "shards": len(shards),
        "seconds": round(seconds, 1),
        "articles_per_s": round(total / seconds, 1),
        "workers": workers,
    }


# The dashboard's default page and each single filter, as /api/events query strings.
API_FILTERS = {
    "default": "",
    "actor": "&actor=RUS",
    "target": "&target=SYR",
    "root": "&root=19",
    "quad": "&quad=4",
    "date range": "&since=2014-03-01&until=2014-03-31",
    "place": "&place=SYR",
}


def _fill_events(db: str, total: int) -> int:
    """Fill the store ``db`` with ``total`` events made in SQL from the example corpus's
    (copied with new ids, dates spread over five years); how many events it then holds."""
    import duckdb

    from eventwire import ingest

    ingest([str(ROOT / "examples" / "corpus")], db=db)
    con = duckdb.connect(db)
    con.execute("SET enable_progress_bar = false")
    columns = [r[0] for r in con.execute("DESCRIBE events").fetchall()]
    seeds = con.execute("SELECT count(*) FROM events").fetchone()[0]  # type: ignore[index]
    select = ", ".join(
        {
            "id": "printf('%016x', s.i)",
            "date": "DATE '2013-01-01' + CAST(s.i % 1826 AS INTEGER)",
            "record": "replace(CAST(e.record AS VARCHAR), e.id, printf('%016x', s.i))",
        }.get(c, f"e.{c}")
        for c in columns
    )
    con.execute(
        f"INSERT INTO events SELECT {select} FROM range({total}) s(i) "
        f"JOIN (SELECT *, row_number() OVER (ORDER BY id) - 1 AS k FROM events) e "
        f"ON e.k = s.i % {seeds}"
    )
    con.execute("DELETE FROM events WHERE length(id) <> 16 OR id NOT SIMILAR TO '[0-9a-f]+'")
    count = int(con.execute("SELECT count(*) FROM events").fetchone()[0])  # type: ignore[index]
    con.execute("CHECKPOINT")
    con.close()
    return count


def _peak_rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def _cold_page_ms(index: Any, con: Any, query_string: str) -> float:
    """Milliseconds for a first page of 50 from the index with nothing kept from before
    (its filter, count, order and the 50 records read anew), in this process, alone:
    the median of 5."""
    from urllib.parse import parse_qsl

    from eventwire.query import EventQuery

    filters: dict[str, Any] = {}
    for name, value in parse_qsl(query_string.lstrip("&")):
        filters[name] = (
            int(value)
            if name == "quad"
            else datetime.strptime(value, "%Y-%m-%d").date()
            if name in ("since", "until")
            else value
        )
    query = EventQuery(**filters)
    times = []
    for _ in range(5):
        index.forget()
        begin = time.perf_counter()
        mask, _ = index.select(con, query)
        rows = index.page(query.sort, mask, limit=51, after=None)
        index.records(con, rows[:50])
        times.append(time.perf_counter() - begin)
    return round(1000 * sorted(times)[2], 1)


def bench_api(total: int, requests: int = 2100, concurrency: int = 20) -> dict[str, Any]:
    """p50/p95 latency of ``/api/events`` pages over ``total`` synthetic events.

    The store is filled in SQL (:func:`_fill_events`) and served by ``eventwire serve``
    in a process of its own (so this load generator does not share its interpreter);
    ``requests`` first pages of 50, the filters of :data:`API_FILTERS` in turn, are
    asked over ``concurrency`` keep-alive connections, and every 7th also asks for the
    next page through its cursor. Latency per filter, and of the cursor pages; the
    snapshot's in-memory index is built here too, to time it and size it.
    """
    import http.client
    import socket
    import subprocess
    import threading
    from concurrent.futures import ThreadPoolExecutor

    try:
        import uvicorn  # noqa: F401

        from eventwire.web.index import EventIndex
        from eventwire.web.reads import KEYSET
    except ImportError as exc:  # the web extra is not installed
        return {"skipped": f"{exc}"}
    import duckdb

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "api.duckdb")
        started = time.perf_counter()
        count = _fill_events(db, total)
        fill_s = time.perf_counter() - started
        con = duckdb.connect(db, read_only=True)
        index = EventIndex.build(con, keyset=KEYSET)
        index_s, index_mb = index.build_seconds, index.nbytes / 2**20
        cold = {name: _cold_page_ms(index, con, query) for name, query in API_FILTERS.items()}
        del index
        con.close()

        with socket.socket() as probe:  # a free port for the server
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "eventwire", "serve", "--db", db, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        local = threading.local()

        def get(path: str) -> tuple[int, bytes]:
            conn = getattr(local, "conn", None)
            if conn is None:
                conn = local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read()

        try:
            deadline = time.monotonic() + 60
            while True:  # the server is up when it answers
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        return {"skipped": "eventwire serve did not start"}
                    time.sleep(0.2)
            base = "/api/events?limit=50"
            begin = time.perf_counter()
            status, _ = get(base)  # the first: copies the snapshot and builds its index
            first_s = time.perf_counter() - begin
            if status != 200:
                return {"skipped": f"/api/events answered {status}"}
            for query in API_FILTERS.values():  # each filter once, the index now built
                get(base + query)
            names = list(API_FILTERS)
            pages: dict[str, list[float]] = {name: [] for name in [*names, "next page"]}

            def one(k: int) -> None:
                name = names[k % len(names)]
                url = base + API_FILTERS[name]
                begin = time.perf_counter()
                status, body = get(url)
                pages[name].append(time.perf_counter() - begin)
                assert status == 200, (url, status)
                if k % 7 == 3:  # the next page through the cursor (k % 7 == 0 is one filter)
                    following = json.loads(body)["next"]
                    if following:
                        begin = time.perf_counter()
                        status, _ = get(url + "&cursor=" + following)
                        pages["next page"].append(time.perf_counter() - begin)
                        assert status == 200, (url, status)

            started = time.perf_counter()
            with ThreadPoolExecutor(concurrency) as pool:
                list(pool.map(one, range(requests)))
            wall = time.perf_counter() - started
            server_rss = _peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)

    def ms(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return round(1000 * ordered[min(len(ordered) - 1, int(len(ordered) * q))], 1)

    everything = [t for times in pages.values() for t in times]
    return {
        "events": count,
        "fill_seconds": round(fill_s, 1),
        "server": "eventwire serve, its own process (1 uvicorn worker)",
        "index_build_seconds": round(index_s, 2),
        "index_mb": round(index_mb, 1),
        "first_request_seconds": round(first_s, 2),
        "server_peak_rss_mb": server_rss,
        "requests": len(everything),
        "concurrency": concurrency,
        "p50_ms": ms(everything, 0.5),
        "p95_ms": ms(everything, 0.95),
        "requests_per_s": round(len(everything) / wall, 1),
        "by_filter": {
            name: {
                "requests": len(t),
                "p50_ms": ms(t, 0.5),
                "p95_ms": ms(t, 0.95),
                **({"cold_page_ms": cold[name]} if name in cold else {}),
            }
            for name, t in pages.items()
            if t
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    parser.add_argument(
        "--limit", type=int, default=None, help="At most this many articles per corpus."
    )
    parser.add_argument(
        "--extract-limit", type=int, default=1000, help="Articles in the extraction sample."
    )
    parser.add_argument(
        "--merge-mentions", type=int, default=100_000, help="Mentions in the merge benchmark."
    )
    parser.add_argument(
        "--api-events", type=int, default=1_000_000, help="Events in the API load test."
    )
    parser.add_argument(
        "--dask-limit", type=int, default=1000, help="Articles in the Dask scaling sample."
    )
    parser.add_argument(
        "--memory-articles",
        type=int,
        default=100_000,
        help="Synthetic articles in the worker memory run (0: skip it).",
    )
    parser.add_argument(
        "--only",
        choices=["ingest", "extract", "merge", "api", "distributed", "longtext"],
        action="append",
        help="Run only these benchmarks (repeatable); results.json keeps the others' figures.",
    )
    args = parser.parse_args()
    benches = {
        "ingest": lambda: bench_ingest(args.limit),
        "extract": lambda: bench_extract(args.extract_limit),
        "merge": lambda: bench_merge(args.merge_mentions),
        "api": lambda: bench_api(args.api_events),
        "distributed": lambda: bench_distributed(args.dask_limit, args.memory_articles),
        "longtext": bench_longtext,
    }
    previous = Path(args.out)
    results: dict[str, Any] = (
        json.loads(previous.read_text(encoding="utf-8")) if args.only and previous.exists() else {}
    )
    results["machine"] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
    }
    for name, bench in benches.items():
        if not args.only or name in args.only:
            results[name] = bench()
    for name in benches:
        results.setdefault(name, {"skipped": "not run"})
    ing = results["ingest"]
    if "skipped" in ing:
        print(f"ingest: skipped ({ing['skipped']})")
    else:
        rc, st = ing["read_clean"], ing["store"]
        print(
            f"ingest  {ing['articles']} articles, {ing['megabytes']} MB (reuters21578 + bbc_news)"
        )
        print(
            f"  read+clean      {rc['articles_per_s']:>8} articles/s  {rc['mb_per_s']:>6} MB/s  ({rc['seconds']} s)"
        )
        print(
            f"  full ingest     {st['articles_per_s']:>8} articles/s  {st['mb_per_s']:>6} MB/s  ({st['seconds']} s; "
            f"{st['near_duplicates']} near-duplicates, {st['duplicates']} duplicates, {st['failed']} failed)"
        )
        print(f"  full ingest / read+clean time: {ing['store_vs_read_clean_time']}x")
    ex = results["extract"]
    if "skipped" in ex:
        print(f"extract: skipped ({ex['skipped']})")
    else:
        print(
            f"extract {ex['articles']} articles, {ex['words']} words, {ex['events']} events (1 process)"
        )
        print(
            f"  bare spaCy nlp.pipe   {ex['spacy_seconds']:>7} s  ({ex['spacy_words_per_s']} words/s)"
        )
        print(
            f"  eventwire extraction  {ex['eventwire_seconds']:>7} s  ({ex['extract_articles_per_s']} articles/s)"
        )
        print(f"  eventwire / spaCy time: {ex['ratio_eventwire_over_spacy']}")
        print(
            f"  of which places + dates: {ex['places_dates_seconds']} s, adding "
            f"{ex['places_dates_share_of_extraction']:.1%} to the rest of extraction"
        )
        print(
            f"  end to end (read + clean + extract): {ex['end_to_end_articles_per_s']} articles/s"
        )
        print(
            f"  end to end, 2 worker processes: {ex['parallel_end_to_end_articles_per_s']} articles/s"
        )
    mg = results["merge"]
    if "skipped" in mg:
        print(f"merge: skipped ({mg['skipped']})")
    else:
        print(
            f"merge   {mg['mentions']} mentions in {mg['blocks']} blocks -> {mg['events']} events "
            f"in {mg['merge_seconds']} s ({mg['mentions_per_s']} mentions/s); peak memory "
            f"{mg['peak_rss_mb_before_merge']} MB before merging, {mg['peak_rss_mb_after_merge']} MB after"
        )
    api = results["api"]
    if "skipped" in api:
        print(f"api: skipped ({api['skipped']})")
    else:
        print(
            f"api     {api['requests']} requests to /api/events over {api['concurrency']} "
            f"connections, {api['events']} events: p50 {api['p50_ms']} ms, "
            f"p95 {api['p95_ms']} ms ({api['requests_per_s']} requests/s)"
        )
        if "by_filter" in api:
            print(
                f"  index: built in {api['index_build_seconds']} s, {api['index_mb']} MB; "
                f"first request (snapshot + index) {api['first_request_seconds']} s; "
                f"server peak RSS {api['server_peak_rss_mb']} MB"
            )
            for name, figures in api["by_filter"].items():
                cold = (
                    f"; a cold page alone {figures['cold_page_ms']} ms"
                    if "cold_page_ms" in figures
                    else ""
                )
                print(
                    f"  {name:<12} p50 {figures['p50_ms']:>7} ms  p95 {figures['p95_ms']:>7} ms"
                    f"  ({figures['requests']} requests{cold})"
                )
    ds = results["distributed"]
    if "skipped" in ds:
        print(f"distributed: skipped ({ds['skipped']})")
    else:
        print(
            f"distributed {ds['articles']} articles in {ds['shards']} shards of "
            f"{ds['shard_bytes'] // 1000} kB (whole ingest, extraction included)"
        )
        for name, label in [
            ("plain_1", "plain ingest, 1 process"),
            ("plain_2", "plain ingest, --workers 2"),
            ("dask_1", "dask, 1 worker"),
            ("dask_2", "dask, 2 workers"),
        ]:
            print(
                f"  {label:<28} {ds[name + '_articles_per_s']:>6} articles/s  ({ds[name + '_seconds']} s)"
            )
        print(
            f"  scaling efficiency 1 -> 2 workers: {ds['scaling_efficiency_1_to_2']}; "
            f"dask 1 worker / plain 1 process time: {ds['dask_1_over_plain_1_time']}; "
            f"dask 2 / plain --workers 2: {ds['dask_2_over_plain_2_workers_time']}"
        )
        print(
            f"  cluster start-up (model loaded on each worker): 1 worker "
            f"{ds['dask_1_startup_seconds']} s, 2 workers {ds['dask_2_startup_seconds']} s"
        )
        mem = ds.get("memory")
        if mem:
            print(
                f"  worker memory over {mem['articles']} synthetic articles ({mem['shards']} shards, "
                f"{mem['articles_per_s']} articles/s on 2 workers):"
            )
            for w in mem["workers"]:
                print(
                    f"    {w['articles']} articles: {w['rss_mb_after_first_shard']} MB after its "
                    f"first shard, {w['rss_mb_at_10_percent']} MB at 10%, {w['rss_mb_at_end']} MB "
                    f"at the end (max {w['rss_mb_max']} MB)"
                )
    lt = results["longtext"]
    if "skipped" in lt:
        print(f"longtext: skipped ({lt['skipped']})")
    else:
        print("longtext  one text without paragraph breaks, extraction in a fresh process")
        for size in lt["sizes"]:
            print(
                f"  {size['kb']:>5} kB  {size['cpu_seconds']:>7} s CPU ({size['cpu_seconds_per_100_kb']} s "
                f"per 100 kB; wall {size['seconds']} s)  peak memory {size['peak_rss_mb']} MB "
                f"(+{size['rss_growth_mb']} MB over the loaded model)"
            )
        print(
            "  largest / smallest CPU time per kB: "
            f"{lt['ratio_largest_over_smallest_cpu_seconds_per_kb']}"
        )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
