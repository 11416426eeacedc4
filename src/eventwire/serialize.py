"""Records as JSON-ready dicts: the public field names of the event contract."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import Any

from eventwire.records import Actor, Event, Location

__all__ = ["actor_to_dict", "event_from_dict", "event_to_dict"]


def _plain(value: Any) -> Any:
    """JSON-ready data from records: dataclasses to dicts, dates to ISO strings.

    (``dataclasses.asdict`` deep-copies every leaf: several times slower on events with
    many mentions, and our records hold nothing mutable to protect.)
    """
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def actor_to_dict(actor: Actor | None) -> dict[str, Any] | None:
    return None if actor is None else _plain(actor)


def event_to_dict(event: Event) -> dict[str, Any]:
    """The event record: ``id, date, date_precision, source, target, cameo, plover,
    factuality, location, quantities, attribution, confidence, evidence, num_mentions,
    num_sources, num_articles`` (plus ``trigger``, and for merged events ``claims``,
    ``mentions``, ``first_seen``, ``last_seen``, ``story_id``)."""
    data = _plain(event)
    order = [
        "id", "date", "date_precision", "source", "target", "cameo", "plover", "factuality",
        "location", "quantities", "attribution", "confidence", "evidence", "num_mentions",
        "num_sources", "num_articles", "trigger", "claims", "mentions", "first_seen",
        "last_seen", "story_id",
    ]  # fmt: skip
    return {key: data[key] for key in order}


def event_from_dict(data: dict[str, Any]) -> Event:
    """The inverse of :func:`event_to_dict` (the store keeps events as JSON)."""
    from eventwire.records import (
        Attribution,
        CameoCoding,
        Claim,
        Evidence,
        PloverCoding,
        Quantity,
    )

    def actor(d: dict[str, Any] | None) -> Actor | None:
        return Actor(**d) if d else None

    def evidence(d: dict[str, Any]) -> Evidence:
        published = d.get("published")
        return Evidence(**{**d, "published": _when(published)})

    source = actor(data["source"])
    assert source is not None
    attribution = data.get("attribution")
    return Event(
        id=data["id"],
        source=source,
        target=actor(data.get("target")),
        cameo=CameoCoding(**data["cameo"]),
        plover=PloverCoding(**data["plover"]),
        factuality=data["factuality"],
        evidence=tuple(evidence(e) for e in data["evidence"]),
        date=data.get("date"),
        date_precision=data.get("date_precision"),
        location=_location(data.get("location")),
        quantities=tuple(Quantity(**q) for q in data.get("quantities", [])),
        attribution=Attribution(
            claimant=Actor(**attribution["claimant"]),
            via=attribution.get("via"),
            verb=attribution.get("verb"),
        )
        if attribution
        else None,
        confidence=data.get("confidence", 0.5),
        trigger=data.get("trigger", ""),
        num_mentions=data.get("num_mentions", 1),
        num_sources=data.get("num_sources", 1),
        num_articles=data.get("num_articles", 1),
        claims=tuple(Claim(**c) for c in data.get("claims", [])),
        mentions=tuple(data.get("mentions", [])),
        first_seen=_when(data.get("first_seen")),
        last_seen=_when(data.get("last_seen")),
        story_id=data.get("story_id"),
    )


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _location(data: dict[str, Any] | None) -> Location | None:
    if not data:
        return None
    return Location(**{**data, "places": tuple(data.get("places", ()))})
