"""Near-duplicates: reprints are marked ``duplicate_of`` the earliest-published copy.

The canonical article of a group does not depend on the order copies arrive in.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

import eventwire
from eventwire.merge.near_duplicates import DedupEntry, Match, NearDuplicateIndex
from eventwire.store import DuckDBStore, MemoryStore

REPRINT = "2015-10-08-caspian-missiles-reprint.txt"

STORY = (
    "Russian warships in the Caspian Sea fired cruise missiles at targets in Syria on "
    "Wednesday, the defence minister said, the first time Moscow has used its navy in the "
    "campaign. The missiles flew over Iran and Iraq and hit eleven targets, he said."
)
EDITED = STORY.replace("fired cruise missiles", "launched cruise missiles").replace(
    "he said.", "he told state television."
)
OTHER = (
    "Turkey summoned the Russian ambassador in Ankara on Monday after a Russian jet crossed "
    "into Turkish airspace near the Syrian border, the foreign ministry said."
)
EARLY, LATE = datetime(2015, 10, 7, 11, 30), datetime(2015, 10, 8, 9, 12)


@pytest.fixture
def index() -> NearDuplicateIndex:
    return NearDuplicateIndex(threshold=0.5, num_perm=128, shingle_size=3)


def test_signature_is_deterministic_across_indexes(index: NearDuplicateIndex) -> None:
    other = NearDuplicateIndex(threshold=0.5, num_perm=128, shingle_size=3)
    assert (index.signature(STORY) == other.signature(STORY)).all()
    assert len(index.signature(STORY)) == 128


@pytest.mark.parametrize(
    ("left", "right", "low", "high"),
    [
        (STORY, STORY, 1.0, 1.0),
        (STORY, STORY.upper(), 1.0, 1.0),  # shingles are case-insensitive
        (STORY, EDITED, 0.5, 0.99),
        (STORY, OTHER, 0.0, 0.1),
    ],
    ids=["identical", "case", "edited", "unrelated"],
)
def test_similarity_estimates_shingle_overlap(
    index: NearDuplicateIndex, left: str, right: str, low: float, high: float
) -> None:
    similarity = index.similarity(index.signature(left), index.signature(right))
    assert low <= similarity <= high


def test_shingles_of_a_short_text_are_the_whole_text(index: NearDuplicateIndex) -> None:
    assert index.shingles("Hama") == [b"hama"]
    assert index.shingles("Russian jets struck Hama") == [
        b"russian jets struck",
        b"jets struck hama",
    ]


def test_add_marks_a_copy_of_an_earlier_article(index: NearDuplicateIndex) -> None:
    assert index.add("orig", EARLY, index.signature(STORY)) == (Match(None, None), [])
    match, repoints = index.add("copy", LATE, index.signature(STORY))
    assert match == Match("orig", 1.0)
    assert repoints == []
    assert index.add("other", LATE, index.signature(OTHER)) == (Match(None, None), [])
    assert len(index) == 3 and "copy" in index


def test_add_repoints_the_group_when_an_earlier_copy_arrives(index: NearDuplicateIndex) -> None:
    index.add("late", LATE, index.signature(STORY))
    index.add("later-copy", datetime(2015, 10, 9), index.signature(STORY))
    match, repoints = index.add("early", EARLY, index.signature(EDITED))
    assert match == Match(None, None)
    assert {(r.id, r.duplicate_of, r.newly_marked) for r in repoints} == {
        ("late", "early", True),
        ("later-copy", "early", False),
    }


@pytest.mark.parametrize(
    ("first", "second", "canonical"),
    [
        (("b", EARLY), ("a", EARLY), "a"),  # same date: the smaller id
        (("a", None), ("b", LATE), "b"),  # an unknown date sorts last
        (("a", LATE), ("b", EARLY), "b"),
    ],
    ids=["tie-by-id", "unknown-date-last", "earliest"],
)
def test_canonical_is_earliest_published_then_smallest_id(
    index: NearDuplicateIndex,
    first: tuple[str, datetime | None],
    second: tuple[str, datetime | None],
    canonical: str,
) -> None:
    index.add(*first, index.signature(STORY))
    match, repoints = index.add(*second, index.signature(STORY))
    marks = {r.id: r.duplicate_of for r in repoints}
    if match.duplicate_of:
        marks[second[0]] = match.duplicate_of
    copy = ({first[0], second[0]} - {canonical}).pop()
    assert marks == {copy: canonical}


def test_re_adding_a_known_article_keeps_its_mark(index: NearDuplicateIndex) -> None:
    index.add("orig", EARLY, index.signature(STORY))
    index.add("copy", LATE, index.signature(STORY))
    assert index.add("copy", LATE, index.signature(STORY)) == (Match("orig", 1.0), [])
    assert index.add("orig", EARLY, index.signature(STORY)) == (Match(None, None), [])


def test_load_restores_stored_groups(index: NearDuplicateIndex) -> None:
    signature = index.signature(STORY)
    index.load(
        [
            DedupEntry("orig", EARLY, None, signature),
            DedupEntry("copy", LATE, "orig", signature),
        ]
    )
    match, _ = index.add("third", datetime(2015, 10, 10), signature)
    assert match == Match("orig", 1.0)


# -- through ingest, on the example corpus -----------------------------------------------


@pytest.fixture(scope="module")
def corpus_store(corpus_dir: Path) -> Iterator[DuckDBStore]:
    store = MemoryStore()
    summary = eventwire.ingest([str(corpus_dir)], store=store)
    assert (summary.near_duplicates, summary.duplicates) == (1, 0)
    yield store
    store.close()


def _marks(store: DuckDBStore) -> dict[str, str]:
    return {Path(a.path).name: a.duplicate_of for a in store.articles() if a.duplicate_of}


def test_corpus_reprint_is_marked_duplicate_of_wire_0003(corpus_store: DuckDBStore) -> None:
    (reprint,) = [a for a in corpus_store.articles() if a.path.endswith(REPRINT)]
    assert reprint.duplicate_of == "wire-0003"
    assert reprint.similarity is not None and 0.5 <= reprint.similarity < 1.0


def test_corpus_unrelated_articles_are_not_marked(corpus_store: DuckDBStore) -> None:
    assert _marks(corpus_store) == {REPRINT: "wire-0003"}
    original = corpus_store.article("wire-0003")
    assert original is not None and original.similarity is None


def test_exact_copy_from_another_outlet_has_similarity_one(
    tmp_path: Path, corpus_dir: Path, store: DuckDBStore
) -> None:
    name = "2015-10-09-us-ends-rebel-training.txt"
    raw = (corpus_dir / name).read_text(encoding="utf-8")
    (tmp_path / name).write_text(raw, encoding="utf-8")
    copy = raw.replace("ATLANTIC LEDGER", "PACIFIC COURIER", 1)
    assert copy != raw
    (tmp_path / "pacific-courier-copy.txt").write_text(copy, encoding="utf-8")
    summary = eventwire.ingest([str(tmp_path)], store=store)
    assert (summary.new, summary.duplicates, summary.near_duplicates) == (2, 1, 0)
    first, second = sorted(store.articles(), key=lambda a: a.id)
    assert {first.source, second.source} == {"Atlantic Ledger", "Pacific Courier"}
    # Same publication time: the smaller id is the canonical copy.
    assert (first.duplicate_of, second.duplicate_of) == (None, first.id)
    assert second.similarity == 1.0


@pytest.mark.parametrize(
    "runs",
    [
        [[REPRINT, "wires.jsonl"]],
        [[REPRINT], ["wires.jsonl"]],
        [["wires.jsonl"], [REPRINT]],
    ],
    ids=["one-run", "reprint-first", "original-first"],
)
def test_duplicate_marks_do_not_depend_on_arrival_order(
    tmp_path: Path, corpus_dir: Path, store: DuckDBStore, runs: list[list[str]]
) -> None:
    for name in (REPRINT, "wires.jsonl"):
        shutil.copy(corpus_dir / name, tmp_path / name)
    summaries = [
        eventwire.ingest([str(tmp_path / n) for n in names], store=store) for names in runs
    ]
    assert _marks(store) == {REPRINT: "wire-0003"}
    assert sum(s.near_duplicates for s in summaries) == 1  # counted once, whenever marked
    (reprint,) = [a for a in store.articles() if a.path.endswith(REPRINT)]
    assert reprint.similarity is not None and 0.5 <= reprint.similarity < 1.0
