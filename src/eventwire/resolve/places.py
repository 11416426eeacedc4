"""Place names to countries: which country is a place name in? ("Idlib" -> SYR).

The extractor uses it to find the country an article (or sentence) is set in, so that
role nouns such as "rebels" or "government forces" get a country. It reads the
geoparser's gazetteer (:mod:`eventwire.resolve.gazetteer`): the name's most prominent
place, as the gazetteer ranks its candidates (countries and divisions, then cities by
population). Countries as actors are the actor resolver's business.
"""

from __future__ import annotations

from eventwire.resolve.gazetteer import gazetteer

__all__ = ["country_of_place"]


def country_of_place(name: str) -> str | None:
    """ISO alpha-3 country of a place name, or ``None`` when it is not known (or names a
    sea or a region across borders)."""
    index = gazetteer()
    found = index.candidates(name)
    if not found:  # "al-Raqqa" as "Raqqa"
        lowered = name.lower()
        for prefix in ("al-", "al "):
            if lowered.startswith(prefix):
                found = index.candidates(name[len(prefix) :])
                break
    return found[0].country or None if found else None
