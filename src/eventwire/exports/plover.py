"""Events as PLOVER records, one JSON object a line, named as the PLOVER manual names them.

Field names follow the current PLOVER manual's JSON description (``openeventdata/PLOVER``,
``PLOVER_MANUAL.tex``, draft 0.8; summarised in ``../shared/reference/
event-data-anchors.md`` section 0.3), which POLECAT uses: ``actor``/``recipient`` (the
manual's renaming of source/target; lists, so compound actors make one record),
``event``, ``mode``, ``context``, ``event_text``, ``text``, ``text_info``, ``event_loc``,
``cite_info``. The 2016 gold-standard file (``../shared/data/plover_gsr``) predates the
renaming (``source``, ``eventText``, ``textInfo``); we follow the manual.

What each field holds here:

    id, date        the event id; its date (YYYY-MM-DD, null when unknown)
    actor           [entity]; entity = {code, sector, entity_text} as the manual names them:
                    ``code`` the country (ISO alpha-3) or the non-state root (IGO, IMG, NGO,
                    MNC ...), ``entity_text`` the name as read; plus ``cameo_code`` (the
                    full CAMEO actor code, an eventwire addition)
    recipient       [entity], empty when the event has no target
    event, mode     the PLOVER type and mode (mode null when none)
    context         [] - eventwire does not code PLOVER contexts
    quad_code       1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
                    (the event's CAMEO QuadClass)
    event_text      the trigger as written in the first evidence sentence
    text            the first evidence sentence
    text_info       {start, end}: the sentence's character span in its article as the
                    input gave it, plus ``article_id``
    event_loc       Mordecai-3-style place: extracted_place, resolved_place, geonameid, lat,
                    lon, city, province, country, country_code (ISO alpha-3), resolution
                    (4 city, 3 district, 2 province, 1 country; null otherwise)
    cite_info       {url, title, publication, language} of the first evidence article
    coder, codebook "eventwire", "PLOVER"

Events with no PLOVER event type are left out, since ``event`` is required in PLOVER: those
coded CAMEO 01 (make public statement: PLOVER drops CAMEO's comment categories; see
``data/codebook/cameo_to_plover.tsv``). They are not silently lost: :func:`write_plover`
counts them by reason in ``left_out`` (``eventwire export`` prints the count on stderr),
and the csv, jsonl and parquet exports hold them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from eventwire.codebook import UnknownCodeError, cameo
from eventwire.exports._common import NON_STATE_ROOTS, ArticleCache, countries
from eventwire.records import Actor, Article, Event, Location

__all__ = ["left_out_reason", "plover_record", "write_plover"]

_RESOLUTION = {"city": 4, "admin2": 3, "admin1": 2, "country": 1}


def _entity(actor: Actor) -> dict[str, Any]:
    code = actor.country
    if code is None and actor.code and actor.code[:3] in NON_STATE_ROOTS:
        code = actor.code[:3]
    return {
        "code": code,
        "sector": actor.sector,
        "entity_text": actor.name,
        "cameo_code": actor.code,
    }


def _event_loc(loc: Location) -> dict[str, Any]:
    country = countries().get(loc.country or "")
    return {
        "extracted_place": ", ".join(loc.places) if loc.places else loc.name,
        "resolved_place": loc.name,
        "geonameid": loc.geonameid,
        "lat": loc.lat,
        "lon": loc.lon,
        "city": loc.name if loc.feature == "city" else None,
        "province": loc.admin1,
        "country": country.name if country else None,
        "country_code": loc.country or None,
        "resolution": _RESOLUTION.get(loc.feature or ""),
    }


def plover_record(event: Event, *, article: Article | None = None) -> dict[str, Any] | None:
    """The PLOVER record of ``event`` (``None`` when it has no PLOVER event type);
    ``article`` is its first evidence's article, for ``cite_info``."""
    if event.plover.event_type is None:
        return None
    first = event.evidence[0] if event.evidence else None
    event_text = event.trigger or None
    if first is not None and first.trigger_start is not None and first.trigger_end is not None:
        written = first.sentence[
            first.trigger_start - first.start : first.trigger_end - first.start
        ]
        event_text = written or event_text
    return {
        "id": event.id,
        "date": event.date,
        "actor": [_entity(event.source)],
        "recipient": [_entity(event.target)] if event.target else [],
        "event": event.plover.event_type,
        "mode": event.plover.mode,
        "context": [],
        "quad_code": event.cameo.quad_class,
        "event_text": event_text,
        "text": first.sentence if first else None,
        "text_info": {"start": first.start, "end": first.end, "article_id": first.article_id}
        if first
        else None,
        "event_loc": _event_loc(event.location) if event.location else None,
        "cite_info": {
            "url": article.url if article else None,
            "title": article.title if article else None,
            "publication": first.source if first else None,
            "language": article.language if article else None,
        },
        "coder": "eventwire",
        "codebook": "PLOVER",
    }


def left_out_reason(event: Event) -> str:
    """Why ``event`` has no PLOVER record: its CAMEO root has no PLOVER event type."""
    root = event.cameo.root
    try:
        name = cameo(root).name.lower()
    except UnknownCodeError:  # a root the codebook does not know: say the code alone
        name = "unknown root"
    return f"CAMEO {root} ({name}) has no PLOVER event type"


def write_plover(
    events: Iterable[Event],
    out: TextIO,
    *,
    articles: Callable[[str], Article | None] | None = None,
    left_out: Counter[str] | None = None,
) -> int:
    """One PLOVER record a line; returns how many were written. Events without a PLOVER
    type are skipped and, when ``left_out`` is given, counted there by reason
    (:func:`left_out_reason`). ``articles`` looks up evidence articles for ``cite_info``."""
    lookup = ArticleCache(articles) if articles is not None else None
    count = 0
    for event in events:
        first = event.evidence[0] if event.evidence else None
        article = lookup(first.article_id) if lookup and first else None
        record = plover_record(event, article=article)
        if record is None:
            if left_out is not None:
                left_out[left_out_reason(event)] += 1
            continue
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
