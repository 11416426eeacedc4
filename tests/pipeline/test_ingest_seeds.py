"""The reference articles in ../shared/seeds, ingested: events merged, one story.

Real third-party articles, read at test time and never copied here; skipped when
../shared is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.pipeline.ingest import ingest
from eventwire.query import EventQuery
from eventwire.store import DuckDBStore, MemoryStore


@pytest.fixture(scope="module")
def seeds(shared_dir: Path) -> DuckDBStore:
    store = MemoryStore()
    ingest([str(shared_dir / "seeds")], store, settings=Settings(db=":memory:"))
    return store


def _article(store: DuckDBStore, prefix: str) -> str:
    return next(a.id for a in store.articles() if Path(a.path).name.startswith(prefix))


def test_seed_articles_form_one_story(seeds: DuckDBStore) -> None:
    stories = seeds.stories()
    assert [s["num_articles"] for s in stories] == [3], stories


def test_seed_strikes_on_different_days_stay_separate_events(seeds: DuckDBStore) -> None:
    strikes = list(seeds.query_events(EventQuery(actor="RUSMIL", root="19", factuality="asserted")))
    by_article: dict[str, set[str]] = {}
    for event in strikes:
        for ev in event.evidence:
            by_article.setdefault(ev.article_id, set()).add(event.id)
    first, second = _article(seeds, "000"), _article(seeds, "001")
    dated = {e.id: e.date for e in strikes}
    # 001's strikes of 30 September and 000's of 7/8 October are different events
    sept = {i for i in by_article.get(second, set()) if dated[i] == "2015-09-30"}
    octo = {i for i in by_article.get(first, set()) if dated[i] in {"2015-10-07", "2015-10-08"}}
    assert sept and octo and not sept & octo


def test_seed_reports_of_the_same_strikes_are_merged(seeds: DuckDBStore) -> None:
    merged = [e for e in seeds.events() if e.num_articles > 1]
    assert merged, "no event is reported by more than one seed article"
    for event in merged:
        assert event.num_mentions >= event.num_articles
        assert len({ev.article_id for ev in event.evidence}) == event.num_articles
