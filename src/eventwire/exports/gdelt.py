"""Events as the GDELT 2.0 event table, and their evidence as the GDELT 2.0 mentions table.

Both are tab-separated, one record a line, **no header line** (GDELT's files have none;
:data:`EVENT_COLUMNS` and :data:`MENTION_COLUMNS` name the columns). The 61 event columns
and the 16 mentions columns are in the GDELT 2.0 codebooks' order (as listed in
``../shared/reference/event-data-anchors.md`` section 1, after
``jdrumgoole/gdelttools:gdelt_field_file.ff``). Tabs and newlines inside values are
written as spaces; an unknown value is an empty field.

How our records fill GDELT's columns, and where they cannot:

* ``GlobalEventID``: GDELT's ids are integers; ours are strings. The export writes the
  first 15 hex digits (60 bits) of SHA-256 over ``"gdelt" + US + id`` (US = the unit
  separator, as :func:`eventwire.records.content_id`) as an integer: stable across runs
  and machines, below 2**60 so any signed 64-bit reader holds it. The mentions table uses
  the same number; :func:`gdelt_event_id` computes it.
* ``Day``/``MonthYear``/``Year`` from the event date; ``FractionDate`` = year + (day of
  year - 1) / days in year, to 4 places (GDELT: "the percentage of the year completed",
  kept in 0-0.9999). Events without a date leave the four empty.
* Actors: ``Actor1Code`` is our CAMEO code without the ``---`` that stands for an
  unresolved country (CAMEO writes such actors by role alone: ``---MIL`` -> ``MIL``);
  ``Actor1Name`` the name in capitals, as GDELT writes names; ``CountryCode`` our
  ISO/CAMEO alpha-3 country. For non-state roots (IGO, IMG, NGO, MNC ...)
  ``KnownGroupCode`` is the code's last three letters (``IGOWSTNAT`` -> ``NAT``,
  ``IGOUNO`` -> ``UNO``); for country-rooted codes ``Type1Code``..``Type3Code`` are the
  three-letter role codes after the country (``SYRREBMUS`` -> ``REB``, ``MUS``). Ethnic
  and religion codes are left empty: our codes do not separate them out.
* ``IsRootEvent`` is 1 when one of the event's evidence sentences starts in its article's
  lead paragraph (the first line of the cleaned text), as GDELT marks events "from the
  lead paragraph"; else 0.
* ``EventCode`` our CAMEO code, ``EventBaseCode`` its first three digits,
  ``EventRootCode`` its root; ``QuadClass``, ``GoldsteinScale``, ``NumMentions``,
  ``NumSources``, ``NumArticles`` as stored. ``AvgTone`` is empty: eventwire has no tone.
* Geography: only ``ActionGeo_*`` is filled, from the event's location; ``Actor1Geo_*``
  and ``Actor2Geo_*`` have ``Type`` 0 and empty fields (we do not place actors). ``Type``
  is GDELT's: 1 country, 2 US state, 3 US city, 4 world city, 5 world state; our features
  map as country -> 1, admin1 -> 2 (in the USA) or 5, city and admin2 and any other point
  feature in a country -> 3 (USA) or 4, a place in no country (a sea, a region across
  borders) or no location -> 0. ``CountryCode`` is the FIPS 10-4 code GDELT uses there
  (``data/fips.tsv``, from GeoNames's countryInfo.txt). ``ADM1Code`` is the FIPS country
  code alone: GDELT appends the division's code, but our locations name their first-level
  division rather than code it. ``ADM2Code`` is empty. ``FullName`` is "place, division,
  country" as GDELT writes it. ``FeatureID`` is the FIPS code for a country (as GDELT),
  else our GeoNames id (GDELT uses GNS/GNIS ids: a different numbering).
* ``DATEADDED`` is when the event was first reported (``first_seen``) as YYYYMMDDHHMMSS;
  ``SOURCEURL`` the URL of the first evidence article, or its article id when the
  article has no URL.

Mentions: one row per evidence sentence. ``EventTimeDate`` is the event's ``DATEADDED``,
``MentionTimeDate`` the article's publication time; ``MentionType`` 1 (WEB) when the
article has a URL, else 2 (CITATIONONLY, the identifier being our article id);
``MentionSourceName`` the outlet as our readers named it (GDELT writes a web domain);
``SentenceID`` empty (the store keeps sentence offsets, not sentence numbers); the three
``CharOffset`` columns are the source, target and trigger offsets in the article as the
input gave it, -1 when unknown (as GDELT); ``InRawText`` 1; ``Confidence`` the event's
confidence as a percentage; ``MentionDocLen`` the article's length in characters;
``MentionDocTone``, ``MentionDocTranslationInfo`` and ``Extras`` empty.
"""

from __future__ import annotations

import re
from calendar import isleap
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TextIO

from eventwire.exports._common import NON_STATE_ROOTS, ArticleCache, countries
from eventwire.records import Actor, Article, Event, Evidence, Location, content_id

__all__ = [
    "EVENT_COLUMNS",
    "MENTION_COLUMNS",
    "event_row",
    "gdelt_event_id",
    "geo_type",
    "mention_row",
    "write_gdelt",
]

_ACTOR_FIELDS = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_GEO_FIELDS = (
    "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID",
)  # fmt: skip
EVENT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip
MENTION_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
)  # fmt: skip

# GDELT's ActionGeo_Type values (GDELT 2.0 event codebook).
_COUNTRY, _US_STATE, _US_CITY, _WORLD_CITY, _WORLD_STATE = 1, 2, 3, 4, 5
_WEB, _CITATION_ONLY = 1, 2  # MentionType (GDELT 2.0 mentions codebook)
_UNSAFE = re.compile(r"[\t\r\n]+")

Cell = str | int | float | None


def gdelt_event_id(event_id: str) -> int:
    """The integer GlobalEventID of our event ``event_id`` (stable, below 2**60)."""
    return int(content_id("gdelt", event_id, length=15), 16)


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else repr(value)
    return _UNSAFE.sub(" ", str(value))


def _stamp(when: datetime | None) -> str | None:
    return when.strftime("%Y%m%d%H%M%S") if when else None


def _actor(actor: Actor | None) -> list[Cell]:
    if actor is None:
        return [None] * len(_ACTOR_FIELDS)
    code = actor.code or ""
    known: str | None = None
    types: list[str] = []
    root, rest = code[:3], code[3:]
    if root in NON_STATE_ROOTS:
        known = code[-3:] if len(code) > 3 else None
    else:
        types = [rest[i : i + 3] for i in range(0, len(rest), 3)][:3]
    if code.startswith("---"):
        code = rest
    return [
        code or None,
        actor.name.upper(),
        actor.country,
        known,
        None,
        None,
        None,
        *(types + [None] * (3 - len(types))),
    ]


def geo_type(location: Location | None) -> int:
    """GDELT's Geo_Type of our location (see the module docstring); 0 for none."""
    if location is None or not location.country or location.country not in countries():
        return 0
    us = location.country == "USA"
    if location.feature == "country":
        return _COUNTRY
    if location.feature == "admin1":
        return _US_STATE if us else _WORLD_STATE
    return _US_CITY if us else _WORLD_CITY


def _geo(location: Location | None) -> list[Cell]:
    kind = geo_type(location)
    if location is None or kind == 0:
        return [0] + [None] * (len(_GEO_FIELDS) - 1)
    country = countries()[location.country or ""]
    parts = [location.name]
    if kind != _COUNTRY:
        if location.admin1 and location.admin1 != location.name:
            parts.append(location.admin1)
        parts.append(country.name)
    feature: Cell = country.fips if kind == _COUNTRY else location.geonameid
    return [
        kind,
        ", ".join(parts),
        country.fips,
        country.fips,
        None,
        location.lat,
        location.lon,
        feature,
    ]


def _date_cells(text: str | None) -> list[Cell]:
    if not text:
        return [None] * 4
    day = date.fromisoformat(text)
    fraction = (day.timetuple().tm_yday - 1) / (366 if isleap(day.year) else 365)
    return [
        day.strftime("%Y%m%d"),
        day.strftime("%Y%m"),
        day.year,
        f"{day.year + fraction:.4f}",
    ]


def _lead_end(article: Article) -> int:
    """Where the lead paragraph (the first line of the cleaned text) ends, as an offset in
    the text the input gave (the evidence offsets' frame)."""
    text = article.text
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    return article.offsets.to_original(len(text) if end < 0 else end)


def _identifier(evidence: Evidence, article: Article | None) -> str:
    return article.url if article and article.url else evidence.article_id


def event_row(event: Event, articles: Callable[[str], Article | None]) -> list[str]:
    """The 61 GDELT event fields of ``event``; ``articles`` looks its evidence up."""
    ordered = sorted(event.evidence, key=lambda e: (e.published or datetime.max, e.article_id))
    root = 0
    for evidence in ordered:
        article = articles(evidence.article_id)
        if article is not None and evidence.start < _lead_end(article):
            root = 1
            break
    first = ordered[0] if ordered else None
    source_url = _identifier(first, articles(first.article_id)) if first else None
    cells: list[Cell] = [
        gdelt_event_id(event.id),
        *_date_cells(event.date),
        *_actor(event.source),
        *_actor(event.target),
        root,
        event.cameo.code,
        event.cameo.code[:3],
        event.cameo.root,
        event.cameo.quad_class,
        event.cameo.goldstein,
        event.num_mentions,
        event.num_sources,
        event.num_articles,
        None,  # AvgTone
        *_geo(None),
        *_geo(None),
        *_geo(event.location),
        _stamp(event.first_seen),
        source_url,
    ]
    return [_cell(c) for c in cells]


def mention_row(event: Event, evidence: Evidence, article: Article | None) -> list[str]:
    """The 16 GDELT mentions fields of one evidence sentence of ``event``."""

    def offset(value: int | None) -> int:
        return -1 if value is None else value

    doc = article.original if article and article.original is not None else None
    cells: list[Cell] = [
        gdelt_event_id(event.id),
        _stamp(event.first_seen),
        _stamp(evidence.published),
        _WEB if article and article.url else _CITATION_ONLY,
        evidence.source,
        _identifier(evidence, article),
        None,  # SentenceID
        offset(evidence.source_start),
        offset(evidence.target_start),
        offset(evidence.trigger_start),
        1,
        round(event.confidence * 100),
        len(doc) if doc is not None else (len(article.text) if article else None),
        None,
        None,
        None,
    ]
    return [_cell(c) for c in cells]


def write_gdelt(
    events: Iterable[Event],
    out: TextIO,
    *,
    mentions: TextIO | None,
    articles: Callable[[str], Article | None],
) -> int:
    """Write the event table to ``out`` and, when given, the mentions table to
    ``mentions``; return how many events were written."""
    lookup = ArticleCache(articles)
    count = 0
    for event in events:
        out.write("\t".join(event_row(event, lookup)) + "\n")
        if mentions is not None:
            for evidence in event.evidence:
                row = mention_row(event, evidence, lookup(evidence.article_id))
                mentions.write("\t".join(row) + "\n")
        count += 1
    return count
