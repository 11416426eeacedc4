"""TimeML documents (TimeBank / AQUAINT, TempEval-3 release) -> :class:`TimexDocument`.

A ``.tml`` file has a document creation time, ``<DCT><TIMEX3 value="1998-01-08"
functionInDocument="CREATION_TIME">``, and a ``<TEXT>`` element whose temporal
expressions are marked ``<TIMEX3 tid type="DATE|TIME|DURATION|SET" value="...">``. The
document text is the text content of ``<TEXT>`` with all markup removed; timex offsets are
character offsets into it. A gold path may be one ``.tml`` file or a folder (searched
recursively, files in sorted order).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from eventwire.errors import EvaluationError

__all__ = ["GoldTimex", "TimexDocument", "load_timex"]


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimexDocument:
    id: str
    text: str
    dct: date
    timexes: tuple[GoldTimex, ...]


def _flatten(element: etree._Element) -> tuple[str, list[GoldTimex]]:
    """The element's text without markup, and the TIMEX3 spans inside it."""
    parts: list[str] = []
    found: list[tuple[int, int, str, str]] = []
    position = 0

    def walk(node: etree._Element) -> None:
        nonlocal position
        if node.text:
            parts.append(node.text)
            position += len(node.text)
        for child in node:
            start = position
            walk(child)
            if child.tag == "TIMEX3":
                found.append((start, position, child.get("type", ""), child.get("value", "")))
            if child.tail:
                parts.append(child.tail)
                position += len(child.tail)

    walk(element)
    text = "".join(parts)
    return text, [GoldTimex(s, e, text[s:e], kind, value) for s, e, kind, value in found]


def _read(path: Path) -> TimexDocument:
    try:
        root = etree.parse(str(path)).getroot()
    except etree.XMLSyntaxError as exc:
        raise EvaluationError(f"{path}: not well-formed TimeML ({exc})") from exc
    dct_node = root.find("DCT/TIMEX3")
    body = root.find("TEXT")
    if dct_node is None or body is None:
        raise EvaluationError(f"{path}: TimeML needs <DCT><TIMEX3 value=...> and <TEXT>")
    try:
        dct = date.fromisoformat(dct_node.get("value", "")[:10])
    except ValueError as exc:
        raise EvaluationError(f"{path}: document creation time is not a date ({exc})") from exc
    text, timexes = _flatten(body)
    return TimexDocument(root.findtext("DOCID") or path.stem, text, dct, tuple(timexes))


def load_timex(path: Path) -> list[TimexDocument]:
    """Documents from a ``.tml`` file or every ``.tml`` file under a folder."""
    files = sorted(path.rglob("*.tml")) if path.is_dir() else [path]
    if not files:
        raise EvaluationError(f"{path}: no .tml files")
    return [_read(file) for file in files]
