"""The example corpus, read and cleaned, against what ``examples/corpus/README.md`` says.

The tables below restate the README (a test checks they agree with it): for every article
its title, publication date (None where the README says "unknown") and outlet; for every
plain-text file the lines the README lists as boilerplate and the crossheads it lists as
body.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest

import eventwire
from eventwire.records import Article

# (file, JSONL id or None) -> (title, published, outlet)
EXPECTED: dict[tuple[str, str | None], tuple[str, date | None, str]] = {
    ("2015-10-01-russia-begins-air-strikes.txt", None): (
        "Russia launches first air strikes in Syria, U.S. says targets were not Islamic State",
        date(2015, 10, 1),
        "Global Desk News",
    ),
    ("2015-10-05-turkey-airspace-nato.txt", None): (
        "Turkey protests to Moscow over airspace violation, NATO condemns Russian incursions",
        date(2015, 10, 5),
        "Bosphorus Ledger",
    ),
    ("2015-10-08-caspian-missiles-reprint.txt", None): (
        "Moscow uses Caspian Flotilla for first time as missiles hit Syria",
        date(2015, 10, 8),
        "Caspian Daily",
    ),
    ("2015-10-08-china-political-solution.txt", None): (
        "China calls for political settlement of Syria crisis",
        date(2015, 10, 8),
        "Eastbridge News Agency",
    ),
    ("2015-10-09-us-ends-rebel-training.txt", None): (
        "US abandons $500 million programme to train Syrian rebels",
        date(2015, 10, 9),
        "Atlantic Ledger",
    ),
    ("hama-ground-offensive-undated.txt", None): (
        "Syrian army launches ground offensive in Hama under Russian air cover",
        None,
        "Northgate Times",
    ),
    ("2015-10-01-lavrov-kerry-new-york.html", None): (
        "Lavrov and Kerry agree on urgent military talks to avoid clashes over Syria",
        date(2015, 10, 1),
        "Harbourline News",
    ),
    ("2015-10-08-nato-ministers-brussels.html", None): (
        "NATO ready to defend Turkey, Stoltenberg says as ministers meet in Brussels",
        date(2015, 10, 8),
        "Continental Review",
    ),
    ("2015-10-09-iranian-general-killed-aleppo.html", None): (
        "Senior Iranian Revolutionary Guards general killed near Aleppo",
        date(2015, 10, 9),
        "Gulf Meridian",
    ),
    ("wires.jsonl", "wire-0001"): (
        "Seven governments urge Russia to halt strikes on Syrian opposition",
        date(2015, 10, 2),
        "Levant Wire",
    ),
    ("wires.jsonl", "wire-0002"): (
        "Russia ready to discuss US proposals on Syria air safety, defence ministry says",
        date(2015, 10, 6),
        "Levant Wire",
    ),
    ("wires.jsonl", "wire-0003"): (
        "Russian warships in Caspian Sea fire 26 cruise missiles at targets in Syria",
        date(2015, 10, 7),
        "Levant Wire",
    ),
    ("wires.jsonl", "wire-0004"): (
        "Islamic State seizes villages north of Aleppo as coalition keeps up air strikes",
        date(2015, 10, 9),
        "Global Desk News",
    ),
}

# Plain-text file -> the lines of it that are boilerplate (README "boilerplate:" lists).
BOILERPLATE_LINES: dict[str, list[str]] = {
    "2015-10-01-russia-begins-air-strikes.txt": [
        "Skip to main content",
        "Home > World > Middle East",
        "Thursday, October 1, 2015 | 07:48 GMT",
        "By Lena Varga and Owen Farrant",
        "Share this article",
        "(Reporting by Lena Varga in Moscow and Owen Farrant in Washington; "
        "Editing by Ruth Calloway)",
        "Related stories",
        "Explainer: Who is fighting whom in Syria",
        "Oil edges higher as U.S. stockpiles fall",
        "Ukraine leaders to meet in Paris on Friday",
    ],
    "2015-10-05-turkey-airspace-nato.txt": [
        "Bosphorus Ledger | World | Region | Economy | Sport",
        "Source:Agencies Published: 2015-10-5 16:40:22",
        "Advertisement",
        "Related stories",
        "Lira steadies ahead of central bank meeting",
        "New ferry timetable for Bosphorus crossings",
        "Galatasaray coach defends squad rotation",
    ],
    "2015-10-08-caspian-missiles-reprint.txt": [
        "CASPIAN DAILY",
        "You are here: Home",
        "Posted in: Mid-East",
        "Published: Thursday, 08 October 2015 09:12",
        "Written by Caspian Daily staff",
        "Tags: Russia, Syria, Caspian Sea, navy",
        "blog comments powered by Disqus",
    ],
    "2015-10-08-china-political-solution.txt": [
        "Home >> World >> Middle East",
        "Eastbridge News Agency, October 8, 2015 Adjust font size:",
    ],
    "2015-10-09-us-ends-rebel-training.txt": [
        "ATLANTIC LEDGER",
        "News > World > Middle East",
        "By Jonah Wexley in Washington",
        "Friday 9 October 2015 19:05 BST",
        "Filed under: Americas, Middle East",
        "(Additional reporting by Priya Okafor; Editing by Marcus Delgrange)",
        "Share this article",
        "More from World",
        "Hurricane clean-up continues in the Bahamas",
        "Portugal's president to begin talks on new government",
    ],
    "hama-ground-offensive-undated.txt": [
        "NORTHGATE TIMES",
        "Middle East | Europe | Americas | Business | Opinion",
        "By Selin Aktan",
        "Share this article",
        "Advertisement",
        "Off the wire",
        "Most read",
        "-",
        "(c) Northgate Times. All rights reserved.",
    ],
}

# HTML file -> text from its navigation, header, ads, aside and footer.
HTML_BOILERPLATE: dict[str, list[str]] = {
    "2015-10-01-lavrov-kerry-new-york.html": [
        "Independent news from every shore",
        "By Marta Quillan",
        "Advertisement",
        "Most read",
        "Hurricane Joaquin strengthens near the Bahamas",
        "Subscribe for unlimited access",
        "All rights reserved",
        "Privacy",
    ],
    "2015-10-08-nato-ministers-brussels.html": [
        "Europe edition",
        "Pieter Vandamme, Brussels",
        "Advertisement",
        "Also in Europe",
        "Volkswagen executive to face questions in Washington",
        "Book your winter break today",
        "All rights reserved",
    ],
    "2015-10-09-iranian-general-killed-aleppo.html": [
        "By Rana Khoury-Bell",
        "Advertisement",
        "Trending",
        "Dubai airport passenger numbers climb again",
        "Your brand here",
        "All rights reserved",
    ],
}

# Short lines inside a story (crossheads) that the README counts as body.
CROSSHEADS = {
    "2015-10-05-turkey-airspace-nato.txt": ["NATO warns"],
    "2015-10-09-us-ends-rebel-training.txt": ["Few fighters", "Russian strikes"],
    "hama-ground-offensive-undated.txt": ["Few Islamic State fighters"],
}

# Outlets the cleaner does not find yet (a known gap, not a wrong expectation).
OUTLET_GAPS = {
    "2015-10-05-turkey-airspace-nato.txt": "the page names its outlet only in the nav line; "
    "'Source:Agencies' gives 'Agencies'",
    "2015-10-09-iranian-general-killed-aleppo.html": "no og:site_name; trafilatura falls back "
    "to the host name 'gulf-meridian.test'",
}

_END_MARKER = re.compile(r"\s*Endite(m)?\s*$")


def _key(article: Article) -> tuple[str, str | None]:
    return Path(article.path).name, article.id if article.format == "jsonl" else None


@pytest.fixture(scope="module")
def corpus(corpus_dir: Path) -> dict[tuple[str, str | None], Article]:
    items = list(eventwire.read([str(corpus_dir)]))
    articles = {_key(a): a for a in items if isinstance(a, Article)}
    assert len(articles) == len(items), [i for i in items if not isinstance(i, Article)]
    return articles


def _is_prose(line: str) -> bool:
    """A story sentence: at least 12 words, ending with a full stop or a closing quote."""
    return len(line.split()) >= 12 and line.rstrip().endswith((".", '"', "”", "'"))


def test_corpus_has_thirteen_articles_in_ten_files(
    corpus: dict[tuple[str, str | None], Article],
) -> None:
    assert set(corpus) == set(EXPECTED)
    assert len({name for name, _ in corpus}) == 10


def test_expected_table_restates_the_corpus_readme(corpus_dir: Path) -> None:
    readme = (corpus_dir / "README.md").read_text(encoding="utf-8")
    entries = re.findall(
        r'`([^`]+)` - .*?title "([^"]+)"; published (\d{4}-\d\d-\d\d|unknown)', readme
    )
    stated = {
        name: (title, None if when == "unknown" else date.fromisoformat(when))
        for name, title, when in entries
    }
    ours = {(key[1] or key[0]): (title, day) for key, (title, day, _) in EXPECTED.items()}
    assert stated == ours


@pytest.mark.parametrize("key", EXPECTED, ids=[k[1] or k[0] for k in EXPECTED])
def test_corpus_article_title_and_date(
    corpus: dict[tuple[str, str | None], Article], key: tuple[str, str | None]
) -> None:
    title, published, _ = EXPECTED[key]
    article = corpus[key]
    assert article.title == title
    assert (article.published.date() if article.published else None) == published


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(
            key,
            id=key[1] or key[0],
            marks=[pytest.mark.xfail(strict=True, reason=OUTLET_GAPS[key[0]])]
            if key[0] in OUTLET_GAPS
            else [],
        )
        for key in EXPECTED
    ],
)
def test_corpus_article_outlet(
    corpus: dict[tuple[str, str | None], Article], key: tuple[str, str | None]
) -> None:
    assert corpus[key].source == EXPECTED[key][2]


@pytest.mark.parametrize(
    ("name", "line"), [(name, line) for name, lines in BOILERPLATE_LINES.items() for line in lines]
)
def test_corpus_boilerplate_line_is_removed(
    corpus: dict[tuple[str, str | None], Article], name: str, line: str
) -> None:
    text = corpus[name, None].text
    assert line not in text.split("\n\n")
    assert line not in text.splitlines()


def test_corpus_undated_sidebar_headlines_are_removed(
    corpus: dict[tuple[str, str | None], Article],
) -> None:
    text = corpus["hama-ground-offensive-undated.txt", None].text
    assert "2020" not in text
    assert "•" not in text
    assert "Rupee firms" not in text


@pytest.mark.parametrize(
    ("name", "snippet"),
    [(name, s) for name, snippets in HTML_BOILERPLATE.items() for s in snippets],
)
def test_corpus_html_boilerplate_is_removed(
    corpus: dict[tuple[str, str | None], Article], name: str, snippet: str
) -> None:
    assert snippet not in corpus[name, None].text


@pytest.mark.parametrize(
    ("name", "crosshead"), [(name, c) for name, heads in CROSSHEADS.items() for c in heads]
)
def test_corpus_crosshead_stays_in_the_body(
    corpus: dict[tuple[str, str | None], Article], name: str, crosshead: str
) -> None:
    assert crosshead in corpus[name, None].text.split("\n\n")


@pytest.mark.parametrize("name", sorted({name for name, _ in EXPECTED}))
def test_corpus_every_story_sentence_is_kept(
    corpus_dir: Path, corpus: dict[tuple[str, str | None], Article], name: str
) -> None:
    raw = (corpus_dir / name).read_text(encoding="utf-8")
    if name.endswith(".jsonl"):
        expected = {
            record["id"]: record["text"].split("\n\n")
            for record in map(json.loads, raw.splitlines())
        }
        for record_id, paragraphs in expected.items():
            kept = corpus[name, record_id].text
            assert [p for p in paragraphs if p not in kept] == []
        return
    if name.endswith(".html"):
        lines = [html.unescape(p) for p in re.findall(r"<p>([^<]+)</p>", raw)]
    else:
        lines = [_END_MARKER.sub("", line.strip()) for line in raw.splitlines()]
    prose = [line for line in lines if _is_prose(line)]
    assert prose, "the file has story sentences"
    kept = corpus[name, None].text
    assert [line for line in prose if line not in kept] == []


@pytest.mark.parametrize("key", EXPECTED, ids=[k[1] or k[0] for k in EXPECTED])
def test_corpus_offsets_point_into_the_original(
    corpus: dict[tuple[str, str | None], Article], key: tuple[str, str | None]
) -> None:
    article = corpus[key]
    original = article.original or ""
    for clean_start, original_start, length in article.offsets.segments:
        assert (
            article.text[clean_start : clean_start + length]
            == original[original_start : original_start + length]
        )
