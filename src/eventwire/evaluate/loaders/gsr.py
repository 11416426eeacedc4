"""Gold-standard-record sets of coded sentences: PLOVER GSR (JSON) and PETRARCH-2 GSR (JSONL).

PLOVER GSR (``plover_gsr_dev.json``): a JSON list; the first element is a ``DOCUMENT``
provenance record, skipped. Each other record is one sentence (``text``) with one event:
``event`` (PLOVER 0.5b1 category), ``source``/``target`` lists of actors ``{actorText, code
(ISO alpha-3 or IGO), sector?}``. ``target`` is sometimes ``null``, ``""`` or a stray word;
all of those mean "no coded target". Sectors carry lower-case qualifiers (``MILsrp``,
``CVLkur``) and ``***`` for unknown; we keep the three upper-case letters, or nothing.

PETRARCH-2 GSR (``PETR2_GSR_validation_dev.jsonl``): one sentence per line with ``id``,
``date`` (``YYYYMMDD``), ``category``, ``text`` and ``codings``: a list of
``{sourcecode, targetcode, eventcode}``, or ``[{"noevents": "True"}]``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import EvaluationError
from eventwire.evaluate.loaders._jsonl import read_jsonl

__all__ = [
    "PLOVER_RENAMES",
    "GoldActor",
    "GoldCoding",
    "PetrarchSentence",
    "PloverSentence",
    "load_petrarch",
    "load_plover",
    "normalise_plover",
]

# PLOVER 0.5b1 categories renamed or merged in later PLOVER versions (the current PLOVER
# has REQUEST and ACCUSE and folds FIGHT into ASSAULT). Applied to gold and predictions.
PLOVER_RENAMES: dict[str, str] = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}


def normalise_plover(event_type: str) -> str:
    """A PLOVER category in current naming (upper case; older names mapped)."""
    upper = event_type.strip().upper()
    return PLOVER_RENAMES.get(upper, upper)


@dataclass(frozen=True, slots=True)
class GoldActor:
    text: str
    country: str
    sector: str | None


@dataclass(frozen=True, slots=True)
class PloverSentence:
    id: str
    text: str
    event: str
    sources: tuple[GoldActor, ...]
    targets: tuple[GoldActor, ...]


@dataclass(frozen=True, slots=True)
class GoldCoding:
    event_code: str
    source_code: str
    target_code: str


@dataclass(frozen=True, slots=True)
class PetrarchSentence:
    """A sentence and its expected codings; an empty ``codings`` means "no events"."""

    id: str
    text: str
    date: str | None
    category: str
    codings: tuple[GoldCoding, ...]


def _sector(raw: Any) -> str | None:
    if not isinstance(raw, str):
        return None
    head = raw.strip()[:3]
    return head if len(head) == 3 and head.isalpha() and head.isupper() else None


def _actors(raw: Any) -> tuple[GoldActor, ...]:
    if not isinstance(raw, list):
        return ()  # null, "" or a stray word: no coded actor
    actors = []
    for item in raw:
        if isinstance(item, dict) and isinstance(item.get("code"), str) and item["code"]:
            actors.append(
                GoldActor(
                    str(item.get("actorText", "")),
                    item["code"].strip().upper(),
                    _sector(item.get("sector")),
                )
            )
    return tuple(actors)


def load_plover(path: Path) -> list[PloverSentence]:
    """Coded sentences from a PLOVER GSR JSON list (the DOCUMENT record skipped)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(data, list):
        raise EvaluationError(f"{path}: expected a JSON list of PLOVER records")
    records = []
    for index, item in enumerate(data):
        if not isinstance(item, dict) or item.get("event") == "DOCUMENT":
            continue
        if not isinstance(item.get("text"), str) or not isinstance(item.get("event"), str):
            raise EvaluationError(f"{path}: record {index} has no 'text' or 'event'")
        records.append(
            PloverSentence(
                id=str(item.get("id", index)),
                text=item["text"],
                event=normalise_plover(item["event"]),
                sources=_actors(item.get("source")),
                targets=_actors(item.get("target")),
            )
        )
    return records


def load_petrarch(path: Path) -> list[PetrarchSentence]:
    """Sentences and expected CAMEO codings from the PETRARCH-2 GSR JSONL."""

    def build(item: Any) -> PetrarchSentence:
        codings = tuple(
            GoldCoding(c["eventcode"], c["sourcecode"], c["targetcode"])
            for c in item["codings"]
            if "noevents" not in c
        )
        return PetrarchSentence(
            id=str(item["id"]),
            text=item["text"],
            date=item.get("date"),
            category=str(item.get("category", "")),
            codings=codings,
        )

    return read_jsonl(path, build, what="a PETRARCH GSR record")
