"""CAMEO 1.1b3 event codes: lookup, hierarchy, quad and penta classes, Goldstein weights.

CAMEO codes are strings, never numbers: ``"010"`` (make statement) and ``"10"``
(demand) are different codes, and the hierarchy is carried by the digits themselves.
Every code begins with its two-digit root (``"01"`` .. ``"20"``); a three-digit code
refines its root and a four-digit code refines its three-digit parent, so
``"0211"`` < ``"021"`` < ``"02"`` and ``"195"`` < ``"19"``. Ancestry is therefore a
string prefix, which is what :func:`is_more_specific` and :func:`compatible` rely on.

The codes, their names and Goldstein weights live in ``data/codebook/cameo.tsv`` (see
its header for sources). Every function here accepts only codes that the 1.1b3
codebook defines and raises :class:`UnknownCodeError` otherwise: a silently accepted
typo (``"10"`` for ``"010"``) would turn a statement into a demand.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from eventwire.codebook._tsv import data_path, read_table
from eventwire.errors import EventwireError, InputError

__all__ = [
    "CameoCode",
    "UnknownCodeError",
    "cameo",
    "cameo_codes",
    "compatible",
    "goldstein",
    "is_more_specific",
    "penta_class",
    "quad_class",
    "root_of",
]

_FILE = "cameo.tsv"
# A root 01..20 followed by up to two more digits.
_CODE_SHAPE = re.compile(r"(?:0[1-9]|1[0-9]|20)[0-9]{0,2}")
_EXAMPLES = "e.g. '01', '010', '0211', '19', '195'"


class UnknownCodeError(EventwireError, KeyError):
    """A value that is not a CAMEO 1.1b3 event code.

    It is also a :class:`KeyError` because looking a code up is a mapping lookup:
    callers that treat the codebook as a dictionary can keep catching ``KeyError``.
    """

    def __init__(self, code: object) -> None:
        self.code = code
        self.message = _unknown_message(code)
        super().__init__(self.message)

    def __str__(self) -> str:
        # KeyError would show the repr of its argument (a quoted message); show it plainly.
        return self.message


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code as the codebook defines it.

    ``quad_class`` is GDELT's quad class of the code's root (see :func:`quad_class`).
    """

    code: str
    name: str
    root: str
    goldstein: float
    quad_class: int

    @property
    def parent(self) -> str | None:
        """The code this one refines: ``"0211"`` -> ``"021"``, ``"195"`` -> ``"19"``,
        and ``None`` for a root."""
        if len(self.code) == 2:
            return None
        return self.code[:-1] if len(self.code) == 4 else self.code[:2]


def cameo(code: str) -> CameoCode:
    """The codebook entry of ``code``; :class:`UnknownCodeError` if there is none."""
    try:
        return _table()[code]
    except (KeyError, TypeError):  # TypeError: an unhashable non-string
        raise UnknownCodeError(code) from None


def cameo_codes() -> tuple[CameoCode, ...]:
    """Every code of the codebook, in codebook order (each root before its children)."""
    return tuple(_table().values())


def root_of(code: str) -> str:
    """The two-digit root of ``code``: ``"195"`` -> ``"19"``, ``"0211"`` -> ``"02"``."""
    return cameo(code).root


def quad_class(code_or_root: str) -> int:
    """GDELT's quad class of a code (the class of its root).

    1. verbal cooperation: roots 01-05 (statement, appeal, intent, consult, diplomacy)
    2. material cooperation: roots 06-09 (cooperate, aid, yield, investigate)
    3. verbal conflict: roots 10-14 (demand, disapprove, reject, threaten, protest)
    4. material conflict: roots 15-20 (force posture .. mass violence)

    This is GDELT's definition, chosen so that our counts line up with GDELT's
    ``QuadClass`` column. Other definitions exist (PLOVER, for one, counts protest as
    material conflict), so check which one a data set uses before comparing its quad
    classes with these.
    """
    return cameo(code_or_root).quad_class


def penta_class(code: str) -> int:
    """The class of ``code`` in ConfliBERT's five-way (penta-class) CAMEO task.

    0. roots 01-02: statements and appeals
    1. roots 03-05: intent to cooperate, consultation, diplomatic cooperation
    2. roots 06-08: material cooperation, aid, yielding
    3. roots 09-13 and 16: investigation, demands, disapproval, rejection, threats,
       reduced relations
    4. roots 14-15 and 17-20: protest, force posture, coercion, assault, fighting,
       mass violence

    It is not a coarsening of the quad classes (16 sits with the verbal conflicts,
    14 with the material ones), which is why it has its own table; it exists so that
    model outputs can be scored against that benchmark's labels.
    """
    return _penta_of_root(root_of(code))


def goldstein(code: str) -> float:
    """The Goldstein weight of ``code``, from -10 (most conflictual) to +10."""
    return cameo(code).goldstein


def is_more_specific(general: str, specific: str) -> bool:
    """Whether ``specific`` is a strict descendant of ``general`` in the hierarchy.

    ``is_more_specific("19", "195")`` and ``is_more_specific("021", "0211")`` are true;
    a code is not more specific than itself. Both must be codebook codes.
    """
    cameo(general)
    cameo(specific)
    return len(specific) > len(general) and specific.startswith(general)


def compatible(a: str, b: str) -> bool:
    """Whether two codes can describe the same event: equal, or one an ancestor of the other.

    ``"19"``, ``"190"`` and ``"195"`` are compatible with ``"19"`` (a report coded
    only as "fight" may be the same event as one coded "employ aerial weapons"), but
    ``"190"`` and ``"195"`` are not compatible with each other: siblings are
    different kinds of event. Used when merging event records from several reports.
    """
    if a == b:
        cameo(a)  # still reject two identical unknown codes
        return True
    return is_more_specific(a, b) or is_more_specific(b, a)


def _quad_of_root(root: str) -> int:
    number = int(root)
    if number <= 5:
        return 1
    if number <= 9:
        return 2
    if number <= 14:
        return 3
    return 4


def _penta_of_root(root: str) -> int:
    number = int(root)
    if number <= 2:
        return 0
    if number <= 5:
        return 1
    if number <= 8:
        return 2
    if number <= 13 or number == 16:
        return 3
    return 4


@functools.cache
def _table() -> Mapping[str, CameoCode]:
    """Load and check ``cameo.tsv`` once; read-only afterwards."""
    source = data_path(_FILE)
    codes: dict[str, CameoCode] = {}
    for line, row in read_table(_FILE, ("code", "name", "goldstein")):
        code, name = row["code"], row["name"]
        if not _CODE_SHAPE.fullmatch(code):
            raise InputError(source, f"malformed CAMEO code {code!r}", line=line)
        if code in codes:
            raise InputError(source, f"code {code!r} appears twice", line=line)
        parent = None if len(code) == 2 else code[:-1] if len(code) == 4 else code[:2]
        if parent is not None and parent not in codes:
            raise InputError(source, f"code {code!r} comes before its parent {parent!r}", line=line)
        if not name:
            raise InputError(source, f"code {code!r} has no name", line=line)
        try:
            weight = float(row["goldstein"])
        except ValueError:
            raise InputError(
                source, f"goldstein {row['goldstein']!r} is not a number", line=line
            ) from None
        if not -10.0 <= weight <= 10.0:
            raise InputError(source, f"goldstein {weight} is outside [-10, 10]", line=line)
        root = code[:2]
        codes[code] = CameoCode(code, name, root, weight, _quad_of_root(root))
    missing = [f"{n:02d}" for n in range(1, 21) if f"{n:02d}" not in codes]
    if missing:
        raise InputError(source, f"roots {missing} are missing")
    return MappingProxyType(codes)


def _unknown_message(code: object) -> str:
    if not isinstance(code, str):
        return (
            f"unknown CAMEO event code {code!r}: codes are strings of digits with "
            f"leading zeros kept ({_EXAMPLES}), not {type(code).__name__}"
        )
    message = (
        f"unknown CAMEO event code {code!r}: not a code of the CAMEO 1.1b3 codebook "
        f"(codes are two to four digits with leading zeros kept, {_EXAMPLES})"
    )
    table = _table()
    for candidate in (code.strip(), "0" + code.strip()):
        if candidate != code and candidate in table:
            return f"{message}; did you mean {candidate!r}?"
    return message
