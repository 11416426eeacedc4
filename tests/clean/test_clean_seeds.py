"""The seed articles in ../shared/seeds, cleaned: read at test time, never copied here.

Skipped when ../shared is absent.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

import eventwire
from eventwire.records import Article

pytestmark = pytest.mark.shared

EXPECTED = {
    "000": ("Russia intensifies IS strikes", date(2015, 10, 9)),
    "001": (
        "Spotlight: Russia stresses airstrikes in Syria target IS, Western fears groundless",
        date(2015, 10, 1),
    ),
    # Its only dates are 2018-2020 sidebar posts: unknown, not 2020.
    "004": (
        "Syrian troops backed by Russian Federation retake key town from Islamist rebels",
        None,
    ),
}

# A cleaned line must not be (or, for the last two, match) any of these.
BOILERPLATE = {
    "posted-in": re.compile(r"Posted in: Mid-East"),
    "disqus": re.compile(r"blog comments powered by Disqus"),
    "off-the-wire": re.compile(r"Off the wire"),
    "you-are-here": re.compile(r"You are here"),
    "font-size": re.compile(r"Adjust font size"),
    "advertisement": re.compile(r"Advertisement"),
    "dated-sidebar": re.compile(r".*\b(2018|2019|2020)\s*$"),
    "end-marker": re.compile(r".*Endite"),
}
_END_MARKER = re.compile(r"\s*Endite(m)?\s*$")


def _seed_path(shared_dir: Path, prefix: str) -> Path:
    found = sorted((shared_dir / "seeds").glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"no seed {prefix}_*.txt in {shared_dir / 'seeds'}")
    return found[0]


def _clean(path: Path) -> Article:
    (article,) = eventwire.read([str(path)])
    assert isinstance(article, Article), article
    return article


@pytest.fixture(scope="module")
def seeds(shared_dir: Path) -> dict[str, tuple[str, Article]]:
    """Seed prefix -> (raw file text, cleaned article)."""
    out = {}
    for prefix in EXPECTED:
        path = _seed_path(shared_dir, prefix)
        out[prefix] = (path.read_bytes().decode("utf-8-sig"), _clean(path))
    return out


@pytest.mark.parametrize("prefix", EXPECTED)
def test_seed_title(seeds: dict[str, tuple[str, Article]], prefix: str) -> None:
    assert seeds[prefix][1].title == EXPECTED[prefix][0]


@pytest.mark.parametrize("prefix", EXPECTED)
def test_seed_publication_date(seeds: dict[str, tuple[str, Article]], prefix: str) -> None:
    published = seeds[prefix][1].published
    assert (published.date() if published else None) == EXPECTED[prefix][1]


@pytest.mark.parametrize("rule", BOILERPLATE)
@pytest.mark.parametrize("prefix", EXPECTED)
def test_seed_boilerplate_is_removed(
    seeds: dict[str, tuple[str, Article]], prefix: str, rule: str
) -> None:
    pattern = BOILERPLATE[rule]
    left = [line for line in seeds[prefix][1].text.splitlines() if pattern.match(line.strip())]
    assert left == []


@pytest.mark.parametrize("prefix", EXPECTED)
def test_seed_every_story_sentence_is_kept(
    seeds: dict[str, tuple[str, Article]], prefix: str
) -> None:
    raw, article = seeds[prefix]
    lines = [_END_MARKER.sub("", line.strip()) for line in raw.splitlines()]
    prose = [
        line
        for line in lines
        if len(line.split()) >= 12 and line.endswith((".", '"', "”", "'", "’"))
    ]
    assert prose
    assert [line for line in prose if line not in article.text] == []


@pytest.mark.parametrize("prefix", EXPECTED)
def test_seed_offsets_point_into_the_original(
    seeds: dict[str, tuple[str, Article]], prefix: str
) -> None:
    raw, article = seeds[prefix]
    assert article.original == raw
    for clean_start, original_start, length in article.offsets.segments:
        assert (
            article.text[clean_start : clean_start + length]
            == raw[original_start : original_start + length]
        )
