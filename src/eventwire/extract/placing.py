"""Where an event happened: the place attached to its trigger, resolved by the geoparser.

The article's place mentions come from :func:`eventwire.resolve.geoparse.geoparse_sentences`
over the sentences the extractor has already parsed. For one event, in this order:

1. attached: places inside a place phrase of the trigger, its event noun or its object
   ("hit targets ... in the Syrian provinces of Homs, Hama and Raqqa", "strikes near
   Palmyra"). Several attached places make one location: the smallest unit they share
   (their common first-level division, else their common country), with ``places``
   naming each of them and ``feature`` saying the precision. One record per event keeps
   counts honest; the names are kept for whoever wants the finer grain.
2. the sentence: its first place that is not an actor (a metonym such as "Moscow said",
   or inside the source or target phrase: "Syrian troops");
3. the article: its dateline city ("MOSCOW (Reuters) -"), else the country most of its
   places are in, with ``feature`` "country".

Nothing is located when none of these names a place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache

from eventwire.ingest.metadata import WIRE_DATELINE
from eventwire.parse import Sentence
from eventwire.records import Location, PlaceMention
from eventwire.resolve.gazetteer import GazetteerEntry, gazetteer

__all__ = ["PLACE_PREPS", "article_location", "locate_event"]

# Prepositions whose phrase says where an act happened.
PLACE_PREPS = frozenset(
    {"in", "near", "over", "across", "around", "outside", "inside", "at", "into", "on"}
)


def _location(place: PlaceMention | GazetteerEntry, names: tuple[str, ...]) -> Location:
    return Location(
        name=place.name,
        country=place.country or None,
        admin1=place.admin1 or None,
        lat=place.lat,
        lon=place.lon,
        geonameid=place.geonameid,
        feature=place.feature,
        places=names,
    )


@cache
def _admin1(name: str, country: str) -> GazetteerEntry | None:
    for entry in gazetteer().candidates(name):
        if entry.feature == "admin1" and entry.country == country:
            return entry
    return None


def _shared(places: Sequence[PlaceMention]) -> Location:
    """One location for several places: the smallest unit they all lie in."""
    names = tuple(dict.fromkeys(p.text for p in places))
    if len(names) == 1:
        return _location(places[0], (places[0].text,))
    countries = {p.country for p in places}
    if len(countries) == 1 and (country := next(iter(countries))):
        admins = {p.admin1 for p in places}
        if len(admins) == 1 and (admin := next(iter(admins))):
            entry = _admin1(admin, country)
            if entry is not None and all(p.feature != "admin1" for p in places):
                return _location(entry, names)
        entry = gazetteer().country(country)
        if entry is not None:
            return _location(entry, names)
    return _location(places[0], names)


def _inside(place: PlaceMention, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= place.start and place.end <= end for start, end in spans)


def locate_event(
    sent: Sentence,
    heads: Sequence[int],
    places: Sequence[PlaceMention],
    *,
    actors: Sequence[tuple[int, int] | None] = (),
    article: Location | None = None,
) -> Location | None:
    """The location of an event whose trigger (and event noun, object) are ``heads``.

    ``places`` are the place mentions of the sentence (offsets in the parsed text);
    ``actors`` the source and target phrases (never a location); ``article`` the
    fallback of stage 3 (:func:`article_location`).
    """
    if places:
        # the trigger's own place phrases, and those of its target ("strikes against IS
        # in Iraq": where the target was hit)
        target = actors[1] if len(actors) > 1 else None
        owners = list(heads)
        if target is not None:
            owners += [t.i for t in sent.tokens if target[0] <= t.start < target[1]]
        phrases = _place_phrases(sent, owners)
        attached = [p for p in places if _inside(p, phrases) and not p.metonym]
        if attached:
            return _shared(attached)
        # A place the sentence puts something in, that is not who acts: "Russia is making
        # the situation in Syria worse" is set in Syria, not in Russia.
        spans = [span for span in actors if span is not None]
        anywhere = _place_phrases(sent, range(len(sent.tokens)))
        free = [
            p for p in places if not p.metonym and _inside(p, anywhere) and not _inside(p, spans)
        ]
        if free:
            return _location(free[0], (free[0].text,))
    return article


def _place_phrases(sent: Sentence, heads: Iterable[int]) -> list[tuple[int, int]]:
    """Character spans of the place phrases ("in Homs", "near the border") of ``heads``."""
    phrases = []
    for head in heads:
        for child in sent.children(head):
            tok = sent.tokens[child]
            if tok.dep == "prep" and tok.lemma in PLACE_PREPS:
                indices = sent.subtree(child)
                first, last = sent.tokens[min(indices)], sent.tokens[max(indices)]
                phrases.append((first.start, last.end))
    return phrases


def article_location(text: str, places: Sequence[PlaceMention]) -> Location | None:
    """Where an article as a whole is set: the country most of its places are in, or its
    dateline city ("MOSCOW (Reuters) -") when that lies in the same country or the
    article names no place (a report filed in Moscow on strikes in Syria is set in Syria).
    """
    dateline: Location | None = None
    match = WIRE_DATELINE.match(text)
    if match is not None:
        name = match.group(0).split("(")[0].split(",")[0].split("/")[0].strip(" -–—").title()
        for entry in gazetteer().candidates(name)[:1]:
            if entry.feature == "city":
                dateline = _location(entry, (name,))
    counts = Counter(p.country for p in places if p.country and not p.metonym)
    if not counts:
        return dateline
    focus = counts.most_common(1)[0][0]
    if dateline is not None and dateline.country == focus:
        return dateline
    country = gazetteer().country(focus)
    return _location(country, ()) if country is not None else dateline
