"""One store for the web tests: the example corpus plus an article full of markup.

Built once per session (ingest loads the spaCy model: seconds), then only ever read; a
test that writes copies the file first.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import eventwire
from eventwire.store import DuckDBStore

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

# The server answers only requests that name it by a loopback name (DNS rebinding);
# TestClient's own default, http://testserver, is refused.
LOCAL = "http://127.0.0.1"

# Markup a page must never run: the dashboard escapes it, the API returns it as text.
MARKUP = (
    "Rebels shelled Aleppo on 6 October 2015, <script>alert('x')</script> officials said.\n\n"
    'Syrian troops attacked rebels near Hama. <img src=x onerror="alert(1)">\n'
)


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    root = tmp_path_factory.mktemp("web")
    extra = root / "extra"
    extra.mkdir()
    (extra / "2015-10-06-markup.txt").write_text(
        "Rebels shell Aleppo\n\n" + MARKUP, encoding="utf-8"
    )
    db = root / "eventwire.duckdb"
    eventwire.ingest([str(corpus_dir), str(extra)], db=str(db))
    return db


@pytest.fixture(scope="session")
def markup_article_id(web_db: Path) -> str:
    with DuckDBStore(web_db, read_only=True) as store:
        found = [a.id for a in store.articles() if "markup" in a.path]
    assert len(found) == 1
    return found[0]


@pytest.fixture(scope="module")
def client(web_db: Path) -> Iterator[TestClient]:
    from fastapi.testclient import TestClient

    from eventwire.web import create_app

    with TestClient(create_app(str(web_db), refresh_interval=0), base_url=LOCAL) as test_client:
        yield test_client


@pytest.fixture
def reference(web_db: Path) -> Iterator[DuckDBStore]:
    """The store itself, read-only, to check the API against (the server only copies it)."""
    with DuckDBStore(web_db, read_only=True) as store:
        yield store
