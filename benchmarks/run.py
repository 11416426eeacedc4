"""Benchmarks printed by `make bench` and written to benchmarks/results.json.

Inputs are the unlabelled news corpora in ../shared/data (never copied into the repo);
a benchmark whose input is missing is reported as skipped. Figures from one run on this
machine: compare ratios within a run, not absolute numbers across machines.

    ingest.read_clean   readers + cleaner in one process (articles/s, MB/s of article text)
    ingest.store        `eventwire ingest --no-extract` into a DuckDB file, near-duplicates included
    extract             bare spaCy (nlp.pipe) vs eventwire extraction on the same cleaned
                        texts (a sample; --extract-limit), and the end-to-end rate
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
        # Half from each corpus: Reuters items are short, BBC stories long.
        path = Path(tmp) / "sample.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for name, corpus in CORPORA.items():
                for i, rec in enumerate(_records(corpus)):
                    if i >= limit // 2:
                        break
                    rec["id"] = f"{name}/{rec['id']}"
                    fh.write(json.dumps(rec) + "\n")
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
        parallel_events = sum(len(e) for _, e in extract_parallel(stream, workers=2))
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


def bench_api(total: int, requests: int = 2000, concurrency: int = 20) -> dict[str, Any]:
    """p50/p95 latency of ``/api/events`` pages over ``total`` synthetic events.

    The store is filled in SQL from the example corpus's events (copied with new ids,
    dates spread over five years), served by uvicorn on loopback in this process, and
    asked ``requests`` times over ``concurrency`` connections for pages of 50 with a
    varying filter (actor, root, date range, a cursor's next page).
    """
    import threading
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    try:
        import uvicorn

        from eventwire.web import create_app
    except ImportError as exc:  # the web extra is not installed
        return {"skipped": f"{exc}"}
    import duckdb

    from eventwire import ingest

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "api.duckdb")
        ingest([str(ROOT / "examples" / "corpus")], db=db)
        started = time.perf_counter()
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
        count = con.execute("SELECT count(*) FROM events").fetchone()[0]  # type: ignore[index]
        con.execute("CHECKPOINT")
        con.close()
        fill_s = time.perf_counter() - started

        app = create_app(db)
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        base = f"http://127.0.0.1:{port}/api/events?limit=50"
        queries = ["", "&actor=RUS", "&root=19", "&since=2014-03-01&until=2014-03-31", "&quad=4"]
        urllib.request.urlopen(base, timeout=60).read()  # warm: the first snapshot

        def one(k: int) -> float:
            url = base + queries[k % len(queries)]
            begin = time.perf_counter()
            with urllib.request.urlopen(url, timeout=60) as response:
                body = json.loads(response.read())
            if k % 7 == 0 and body.get("next"):  # the next page through the cursor
                with urllib.request.urlopen(
                    url + "&cursor=" + body["next"], timeout=60
                ) as response:
                    response.read()
            return time.perf_counter() - begin

        started = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            latencies = sorted(pool.map(one, range(requests)))
        wall = time.perf_counter() - started
        server.should_exit = True
        thread.join(timeout=10)
    return {
        "events": count,
        "fill_seconds": round(fill_s, 1),
        "requests": requests,
        "concurrency": concurrency,
        "p50_ms": round(1000 * latencies[len(latencies) // 2], 1),
        "p95_ms": round(1000 * latencies[int(len(latencies) * 0.95)], 1),
        "requests_per_s": round(requests / wall, 1),
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
    args = parser.parse_args()
    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "ingest": bench_ingest(args.limit),
        "extract": bench_extract(args.extract_limit),
        "merge": bench_merge(args.merge_mentions),
        "api": bench_api(args.api_events),
    }
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
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
