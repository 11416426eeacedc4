"""Our own gold format for whole articles: JSONL, one article per line.

    {"article": "2015-10-01-russia-begins-air-strikes.txt",
     "published": "2015-10-01",
     "events": [
       {"source": "RUSMIL", "target": "SYRREB", "root": "19", "code": "195",
        "date": "2015-09-30", "place": "Homs",
        "alternatives": [{"target": "SYRINS"}]}
     ]}

Fields of an article line:

- ``article`` (required): a path relative to the gold file's folder (the evaluator reads
  the text from it) or an id the predictor knows; when no such file exists the predictor
  gets the reference alone.
- ``published`` (optional): ISO date of the article, passed to the predictor.
- ``events`` (required, may be empty): the events the article reports.

Fields of an event:

- ``source`` (required) and ``target`` (``null`` = no target): CAMEO actor codes, country
  first (``RUSMIL``, ``---REB``, ``IGOUNO``).
- ``root`` (required): the two-digit CAMEO root, ``"01"``-``"20"``.
- ``code`` (optional): the full CAMEO code; must start with ``root``.
- ``date`` (optional, ``null``): ISO date the event happened; ``place`` (optional,
  ``null``): the place name.
- ``alternatives`` (optional): other acceptable readings; a prediction matching any one
  matches the event. An alternative lists only the fields that differ from the main
  reading; the others are inherited.

How predictions are matched is documented in ``eventwire.evaluate.scorers.events``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.errors import EvaluationError

__all__ = ["ArticleGold", "GoldEvent", "load_events"]

_ROOTS = {f"{n:02d}" for n in range(1, 21)}
_FIELDS = ("source", "target", "root", "code", "date", "place")


@dataclass(frozen=True, slots=True)
class GoldEvent:
    source: str
    target: str | None
    root: str
    code: str | None = None
    date: str | None = None
    place: str | None = None
    alternatives: tuple[GoldEvent, ...] = ()

    @property
    def readings(self) -> tuple[GoldEvent, ...]:
        """The main reading, then the alternatives."""
        return (self, *self.alternatives)


@dataclass(frozen=True, slots=True)
class ArticleGold:
    article: str
    text: str | None
    published: date | None
    events: tuple[GoldEvent, ...]


def _optional_str(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key!r} must be a string or null, got {value!r}")
    return value.strip() or None


def _event(item: Any, base: GoldEvent | None = None) -> GoldEvent:
    if not isinstance(item, dict):
        raise ValueError(f"an event must be an object, got {item!r}")
    unknown = set(item) - {*_FIELDS, "alternatives"}
    if unknown:
        raise ValueError(f"unknown event field(s) {sorted(unknown)}")

    def field(key: str, inherited: str | None) -> str | None:
        # an alternative inherits what it does not say from the main reading
        return _optional_str(item, key) if base is None or key in item else inherited

    source = field("source", base.source if base else None)
    root = field("root", base.root if base else None)
    if source is None or root is None:
        raise ValueError("an event needs 'source' and 'root'")
    event = GoldEvent(
        source=source,
        target=field("target", base.target if base else None),
        root=root,
        code=field("code", base.code if base else None),
        date=field("date", base.date if base else None),
        place=field("place", base.place if base else None),
    )
    if event.root not in _ROOTS:
        raise ValueError(f"root must be '01'-'20', got {event.root!r}")
    if event.code is not None and not event.code.startswith(event.root):
        raise ValueError(f"code {event.code!r} does not start with root {event.root!r}")
    if event.date is not None:
        date.fromisoformat(event.date)  # raises ValueError with the bad value
    if base is None:
        alternatives = item.get("alternatives") or []
        if not isinstance(alternatives, list):
            raise ValueError("'alternatives' must be a list")
        event = replace(event, alternatives=tuple(_event(alt, event) for alt in alternatives))
    return event


def _article(item: Any, folder: Path) -> ArticleGold:
    if not isinstance(item, dict) or not isinstance(item.get("article"), str):
        raise ValueError("a line must be an object with an 'article' string")
    events = item.get("events")
    if not isinstance(events, list):
        raise ValueError("'events' must be a list (empty when the article has none)")
    ref = item["article"]
    candidate = folder / ref
    text = candidate.read_text(encoding="utf-8") if candidate.is_file() else None
    published = _optional_str(item, "published")
    return ArticleGold(
        article=ref,
        text=text,
        published=date.fromisoformat(published) if published else None,
        events=tuple(_event(e) for e in events),
    )


def load_events(path: Path) -> list[ArticleGold]:
    """Articles and gold events from an eventwire events JSONL file."""
    articles = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                articles.append(_article(json.loads(line), path.parent))
            except (json.JSONDecodeError, ValueError) as exc:
                raise EvaluationError(f"{path}:{number}: {exc}") from exc
    return articles
