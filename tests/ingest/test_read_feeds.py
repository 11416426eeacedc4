"""RSS and Atom reader: each item is one article, from its content, else its summary."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

import eventwire
from eventwire.ingest.feeds import fragment_text
from eventwire.records import Article, Problem

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Test Wire World</title>
<link>https://wire.test/</link>
<description>World news</description>
<item>
<title>Russia says jets hit 12 targets</title>
<link>https://wire.test/russia-jets</link>
<guid>https://wire.test/russia-jets</guid>
<pubDate>Sat, 03 Oct 2015 14:20:00 GMT</pubDate>
<description>Short summary only.</description>
<content:encoded><![CDATA[<p>Russia said its jets hit 12 targets in Syria on Saturday.</p>
<p>The defence ministry said the raids destroyed a command post near Raqqa.</p>]]></content:encoded>
</item>
<item>
<title>Kerry meets Lavrov at the United Nations</title>
<link>https://wire.test/kerry-lavrov</link>
<pubDate>Thu, 01 Oct 2015 22:00:00 +0200</pubDate>
<description>&lt;p&gt;Kerry and Lavrov met again in New York on Thursday.&lt;/p&gt;</description>
</item>
<item>
<title>Headline with no text</title>
<link>https://wire.test/empty</link>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Test Atom Desk</title>
<id>urn:test:desk</id>
<updated>2015-10-09T10:00:00Z</updated>
<entry>
<title>NATO defence ministers meet in Brussels</title>
<link href="https://atom.test/nato"/>
<id>urn:test:1</id>
<published>2015-10-08T16:30:00Z</published>
<updated>2015-10-08T17:00:00Z</updated>
<summary>Ministers met.</summary>
<content type="html">&lt;p&gt;NATO defence ministers met in Brussels on Thursday.&lt;/p&gt;</content>
</entry>
<entry>
<title>Iranian general killed near Aleppo</title>
<link href="https://atom.test/aleppo"/>
<id>urn:test:2</id>
<updated>2015-10-09T08:00:00Z</updated>
<summary>Iran said a Revolutionary Guards general was killed near Aleppo.</summary>
</entry>
</feed>
"""


def _read(path: Path) -> list[Article | Problem]:
    return list(eventwire.read([str(path)]))


def test_rss_items_become_articles_content_before_summary(tmp_path: Path) -> None:
    path = tmp_path / "world.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second, empty = _read(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.text == (
        "Russia said its jets hit 12 targets in Syria on Saturday.\n\n"
        "The defence ministry said the raids destroyed a command post near Raqqa."
    )
    assert (first.title, first.source, first.url) == (
        "Russia says jets hit 12 targets",
        "Test Wire World",
        "https://wire.test/russia-jets",
    )
    assert (first.format, first.origin.member) == ("feed", "https://wire.test/russia-jets")
    assert first.published == datetime(2015, 10, 3, 14, 20)
    assert second.text == "Kerry and Lavrov met again in New York on Thursday."
    assert second.published == datetime(2015, 10, 1, 20, 0)  # +02:00 -> UTC
    assert isinstance(empty, Problem)
    assert empty.path == str(path) and "https://wire.test/empty" in empty.reason


def test_atom_entries_use_content_else_summary_and_published_else_updated(
    tmp_path: Path,
) -> None:
    path = tmp_path / "desk.atom"
    path.write_text(ATOM, encoding="utf-8")
    with_content, summary_only = _read(path)
    assert isinstance(with_content, Article) and isinstance(summary_only, Article)
    assert with_content.text == "NATO defence ministers met in Brussels on Thursday."
    assert with_content.published == datetime(2015, 10, 8, 16, 30)
    assert summary_only.text == "Iran said a Revolutionary Guards general was killed near Aleppo."
    assert summary_only.published == datetime(2015, 10, 9, 8, 0)
    assert {with_content.source, summary_only.source} == {"Test Atom Desk"}


def test_feed_item_ids_are_stable_and_distinct(tmp_path: Path) -> None:
    path = tmp_path / "world.rss"
    path.write_text(RSS, encoding="utf-8")
    ids = [i.id for i in _read(path) if isinstance(i, Article)]
    assert ids == [i.id for i in _read(path) if isinstance(i, Article)]
    assert len(set(ids)) == len(ids) == 2


@pytest.mark.parametrize("name", ["world.xml", "world.rss.gz"])
def test_feed_is_recognised_by_name_or_gzip(tmp_path: Path, name: str) -> None:
    import gzip

    path = tmp_path / name
    data = RSS.encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    assert sum(isinstance(i, Article) for i in _read(path)) == 2


def test_unreadable_feed_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "world.xml"
    path.write_text("this is no feed at all", encoding="utf-8")
    (problem,) = _read(path)
    assert isinstance(problem, Problem)
    assert problem.path == str(path)
    assert "not a readable RSS/Atom feed" in problem.reason


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("Plain words only.", "Plain words only."),
        ("<p>First.</p><p>Second.</p>", "First.\n\nSecond."),
        ("<div>One<br>Two</div>", "One\n\nTwo"),
        ("<p>Spaced   out\n words.</p>", "Spaced out words."),
        ("<ul><li>Hama</li><li>Homs</li></ul>", "Hama\n\nHoms"),
        ("", ""),
    ],
)
def test_fragment_text_keeps_paragraph_breaks(fragment: str, text: str) -> None:
    assert fragment_text(fragment) == text
