"""PLOVER event types and the CAMEO -> PLOVER correspondence.

PLOVER keeps only CAMEO's 2-digit level as sixteen event types and moves the detail
of the 3- and 4-digit codes into an optional ``mode`` (how the event was carried out:
an ASSAULT by ``aerial`` attack, a PROTEST by ``riot``). eventwire codes in CAMEO and
reports PLOVER too, so every CAMEO code needs a PLOVER reading.

The types live in ``data/codebook/plover.tsv`` and the correspondence in
``data/codebook/cameo_to_plover.tsv``; the headers of those files give the sources and
every choice made where the sources disagree. The correspondence is written
sparsely: a code without a row of its own takes the row of its nearest ancestor, so
a row only appears where the reading changes. Both files are checked when first
loaded (every event type and mode must be one PLOVER defines, every code one CAMEO
defines, every root must have a row), so a typo fails at load time, not as a
silently wrong label.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from eventwire.codebook._tsv import data_path, read_table
from eventwire.codebook.cameo import UnknownCodeError, cameo, cameo_codes
from eventwire.errors import InputError

__all__ = ["PloverType", "plover_types", "to_plover"]

_TYPES_FILE = "plover.tsv"
_MAP_FILE = "cameo_to_plover.tsv"


@dataclass(frozen=True, slots=True)
class PloverType:
    """One PLOVER event type.

    ``modes`` are the values PLOVER allows in the ``mode`` field of events of this
    type (empty when it defines none). ``quad_class_hint`` is the quad class PLOVER
    itself assigns (1 verbal cooperation .. 4 material conflict); it is a hint
    because it does not always match GDELT's class of the corresponding CAMEO root.
    """

    event_type: str
    definition: str
    modes: tuple[str, ...]
    quad_class_hint: int | None = None


def plover_types() -> tuple[PloverType, ...]:
    """The sixteen PLOVER event types in PLOVER's order: verbal cooperation first,
    material conflict last."""
    return tuple(_types().values())


def to_plover(cameo_code: str) -> tuple[str | None, str | None]:
    """The PLOVER ``(event_type, mode)`` of a CAMEO code.

    The most specific row of the correspondence wins: ``"1412"`` has no row, so it
    takes ``"141"``'s, ``("PROTEST", "demo")``. A row is taken whole, so a row with
    no mode gives ``mode=None`` even if an ancestor has one. ``(None, None)`` means
    the code is not a PLOVER event (public statements, ``01``). Raises
    :class:`~eventwire.codebook.UnknownCodeError` for a code CAMEO does not define.
    """
    code: str | None = cameo(cameo_code).code
    rows = _correspondence()
    while code is not None:
        if code in rows:
            return rows[code]
        code = cameo(code).parent
    raise AssertionError("unreachable: every root has a row")  # pragma: no cover


@functools.cache
def _types() -> Mapping[str, PloverType]:
    """Load and check ``plover.tsv`` once; read-only afterwards."""
    source = data_path(_TYPES_FILE)
    types: dict[str, PloverType] = {}
    for line, row in read_table(_TYPES_FILE, ("event_type", "quad_class_hint", "modes")):
        name = row["event_type"]
        if not name or name != name.upper() or name in types:
            raise InputError(source, f"bad or repeated event type {name!r}", line=line)
        if row["quad_class_hint"] not in {"1", "2", "3", "4"}:
            raise InputError(source, f"{name}: quad_class_hint must be 1-4", line=line)
        modes = tuple(mode.strip() for mode in row["modes"].split(",") if mode.strip())
        if len(set(modes)) != len(modes):
            raise InputError(source, f"{name}: a mode is listed twice", line=line)
        if not row.get("definition"):
            raise InputError(source, f"{name} has no definition", line=line)
        types[name] = PloverType(name, row["definition"], modes, int(row["quad_class_hint"]))
    return MappingProxyType(types)


@functools.cache
def _correspondence() -> Mapping[str, tuple[str | None, str | None]]:
    """Load and check ``cameo_to_plover.tsv`` once; read-only afterwards."""
    source = data_path(_MAP_FILE)
    types = _types()
    rows: dict[str, tuple[str | None, str | None]] = {}
    for line, row in read_table(_MAP_FILE, ("code", "event_type", "mode")):
        code = row["code"]
        try:
            cameo(code)
        except UnknownCodeError as exc:
            raise InputError(source, str(exc), line=line) from None
        if code in rows:
            raise InputError(source, f"code {code!r} has two rows", line=line)
        event_type, mode = row["event_type"] or None, row["mode"] or None
        if event_type is None:
            if mode is not None:
                raise InputError(source, f"{code}: a mode without an event type", line=line)
        elif event_type not in types:
            raise InputError(source, f"{code}: unknown PLOVER type {event_type!r}", line=line)
        elif mode is not None and mode not in types[event_type].modes:
            raise InputError(source, f"{code}: {mode!r} is not a mode of {event_type}", line=line)
        rows[code] = (event_type, mode)
    missing = [entry.code for entry in cameo_codes() if entry.parent is None]
    missing = [root for root in missing if root not in rows]
    if missing:
        raise InputError(source, f"roots {missing} have no row")
    return MappingProxyType(rows)
