"""Records as JSON-ready dicts: the public field names of the event contract."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from eventwire.records import Actor, Event, Location

__all__ = ["actor_to_dict", "event_from_dict", "event_to_dict"]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def actor_to_dict(actor: Actor | None) -> dict[str, Any] | None:
    return None if actor is None else _plain(asdict(actor))


def event_to_dict(event: Event) -> dict[str, Any]:
    """The event record: ``id, date, date_precision, source, target, cameo, plover,
    factuality, location, quantities, attribution, confidence, evidence, num_mentions,
    num_sources, num_articles`` (plus ``trigger``)."""
    data = _plain(asdict(event))
    order = [
        "id", "date", "date_precision", "source", "target", "cameo", "plover", "factuality",
        "location", "quantities", "attribution", "confidence", "evidence", "num_mentions",
        "num_sources", "num_articles", "trigger",
    ]  # fmt: skip
    return {key: data[key] for key in order}


def event_from_dict(data: dict[str, Any]) -> Event:
    """The inverse of :func:`event_to_dict` (the store keeps events as JSON)."""
    from eventwire.records import (
        Attribution,
        CameoCoding,
        Evidence,
        PloverCoding,
        Quantity,
    )

    def actor(d: dict[str, Any] | None) -> Actor | None:
        return Actor(**d) if d else None

    def evidence(d: dict[str, Any]) -> Evidence:
        published = d.get("published")
        return Evidence(
            **{**d, "published": datetime.fromisoformat(published) if published else None}
        )

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
    )


def _location(data: dict[str, Any] | None) -> Location | None:
    if not data:
        return None
    return Location(**{**data, "places": tuple(data.get("places", ()))})
