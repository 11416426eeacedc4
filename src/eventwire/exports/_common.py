"""What several export formats share: the country table and a cache of article lookups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from eventwire.codebook._tsv import parse_table
from eventwire.errors import InputError
from eventwire.records import Article

__all__ = ["NON_STATE_ROOTS", "ArticleCache", "Country", "countries"]

# Roots of CAMEO actor codes that are not countries (CAMEO manual, actor codebook; the
# PLOVER manual lists the same roots for non-state actors).
NON_STATE_ROOTS = ("IGO", "IMG", "NGO", "MNC", "ISM", "UNO", "EUR")
_FIPS_FILE = "eventwire/data/fips.tsv"


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    fips: str  # FIPS 10-4, as GDELT's *Geo_CountryCode columns write it
    name: str


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """ISO 3166 alpha-3 -> country, from ``data/fips.tsv`` (see its header for the source)."""
    try:
        text = (files("eventwire") / "data" / "fips.tsv").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(_FIPS_FILE, f"cannot be read: {exc}") from exc
    table: dict[str, Country] = {}
    for line, row in parse_table(text, _FIPS_FILE, ("iso3", "fips", "name")):
        iso3, fips = row["iso3"], row["fips"]
        if len(iso3) != 3 or len(fips) != 2:
            raise InputError(_FIPS_FILE, f"bad row {iso3!r} -> {fips!r}", line=line)
        if iso3 in table:
            raise InputError(_FIPS_FILE, f"{iso3} is listed twice", line=line)
        table[iso3] = Country(iso3, fips, row["name"])
    return table


class ArticleCache:
    """Looks articles up once each: an event's mentions often share an article.

    Holds at most ``size`` articles (the least recently used go first), since an export
    reads events in date order and an article's events mostly come together.
    """

    def __init__(self, lookup: Callable[[str], Article | None], *, size: int = 1024) -> None:
        self._lookup = lookup
        self._size = size
        self._seen: dict[str, Article | None] = {}

    def __call__(self, article_id: str) -> Article | None:
        if article_id in self._seen:
            article = self._seen.pop(article_id)
        else:
            article = self._lookup(article_id)
            if len(self._seen) >= self._size:
                del self._seen[next(iter(self._seen))]
        self._seen[article_id] = article
        return article
