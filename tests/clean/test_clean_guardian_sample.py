"""The Guardian sample in ../shared (249 articles, one line each) as JSONL: none is lost.

CSV and JSONL exports put a whole article on one line; the cleaner must keep every one.
Read at test time, never copied here; skipped when ../shared is absent.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.pipeline.ingest import ingest
from eventwire.store import DuckDBStore

pytestmark = pytest.mark.shared

GUARDIAN_ARTICLES = 249  # ../shared/data/guardian_ngec_sample/README.md


def _guardian_jsonl(shared_dir: Path, target: Path) -> int:
    """The sample's CSV rows as our JSONL shape (id, published, source, text)."""
    found = shared_dir / "data" / "guardian_ngec_sample" / "Guardian_SDF_sample.csv"
    if not found.is_file():
        pytest.skip(f"{found} is absent")
    with found.open(encoding="utf-8", newline="") as fh, target.open("w", encoding="utf-8") as out:
        rows = 0
        for row in csv.DictReader(fh):
            record = {
                "id": f"guardian-{row['']}",
                "published": row["date"],
                "source": row["source"],
                "text": row["text"],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            rows += 1
    return rows


def test_clean_keeps_every_guardian_sample_article(
    shared_dir: Path, tmp_path: Path, store: DuckDBStore
) -> None:
    path = tmp_path / "guardian.jsonl"
    assert _guardian_jsonl(shared_dir, path) == GUARDIAN_ARTICLES
    summary = ingest([str(path)], store, settings=Settings(extract=False))
    assert store.dead_letters() == []
    assert (summary.new, summary.failed) == (GUARDIAN_ARTICLES, 0)
    assert store.count_articles() == GUARDIAN_ARTICLES
