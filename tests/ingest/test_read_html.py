"""HTML reader: the main text of a page, and its title, date and outlet from its metadata."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

import eventwire
from eventwire.records import Article, Problem

PARAGRAPHS = [
    "Russian warplanes struck Islamic State positions near the ancient city of Palmyra on "
    "Sunday, the defence ministry in Moscow said in a statement.",
    "The ministry said the raids destroyed a command post and two ammunition depots, and "
    "that no civilian buildings had been hit during the operation.",
    "Syrian state media said the army was preparing a ground advance in the area, and "
    "residents reported heavy bombing overnight.",
]
TITLE = "Russian jets strike near Palmyra"
SIDEBAR = ["Grain prices ease in Chicago", "Ferry strike ends in Piraeus"]


def page(*, published: str | None = "2015-10-04T09:30:00Z", sidebar_date: str = "") -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    items = "\n".join(
        f"<li><a href='/x{i}'>{h} {sidebar_date}</a></li>" for i, h in enumerate(SIDEBAR)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{TITLE} | Test Wire</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="Test Wire">
{meta}
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>{TITLE}</h1>
{body}
<div class="ad">Advertisement</div>
</article>
<aside><h3>Most read</h3><ul>{items}</ul></aside>
<footer><p>Copyright 2015 Test Wire. All rights reserved.</p></footer>
</body></html>
"""


def _read(path: Path) -> Article:
    (item,) = eventwire.read([str(path)])
    assert isinstance(item, Article), item
    return item


def test_html_reader_takes_title_date_outlet_and_article_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "palmyra.html"
    path.write_text(page(), encoding="utf-8")
    article = _read(path)
    assert article.title == TITLE
    assert article.published == datetime(2015, 10, 4)
    assert article.source == "Test Wire"
    assert (article.format, article.language) == ("html", "en")
    assert article.text.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize(
    "boilerplate", ["Home", "World", "Sport", "Advertisement", "Most read", *SIDEBAR, "Copyright"]
)
def test_html_reader_leaves_out_navigation_ads_sidebar_and_footer(
    tmp_path: Path, boilerplate: str
) -> None:
    path = tmp_path / "palmyra.html"
    path.write_text(page(), encoding="utf-8")
    assert boilerplate not in _read(path).text


def test_html_reader_original_is_extracted_text_and_offsets_point_into_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "palmyra.html"
    path.write_text(page(), encoding="utf-8")
    article = _read(path)
    original = article.original or ""
    assert "<p>" not in original
    for paragraph in PARAGRAPHS:
        start = article.text.index(paragraph)
        begin, end = article.evidence_span(start, start + len(paragraph))
        assert original[begin:end] == paragraph


def test_html_reader_without_date_metadata_leaves_published_unknown(tmp_path: Path) -> None:
    path = tmp_path / "palmyra.html"
    path.write_text(page(published=None, sidebar_date="- November 6, 2020"), encoding="utf-8")
    assert _read(path).published is None


@pytest.mark.parametrize(
    "markup",
    ["<html><body><p>", "<html><body><div><span>", "<<<>>>&&&;;</</", "<p></p><br><br>"],
    ids=["unclosed", "nested-unclosed", "garbage", "empty-elements"],
)
def test_html_reader_reports_page_without_text(tmp_path: Path, markup: str) -> None:
    path = tmp_path / "broken.html"
    path.write_text(markup, encoding="utf-8")
    (item,) = eventwire.read([str(path)])
    assert isinstance(item, Problem)
    assert (item.path, item.reason) == (str(path), "HTML page has no main text")
