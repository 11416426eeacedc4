"""Figures a source claims: "27 IS targets" -> 27 targets, "in 64 sorties" -> 64 sorties.

A figure is a number modifying a noun (``nummod``) near the event: the trigger, its
object, the objects of its prepositions. Units are the noun's lemma. A figure that cannot
be physically true for its unit is kept and flagged (``plausible=False``), never used
silently: "a distance of 500 thousand kilometers" for a cruise missile.
"""

from __future__ import annotations

import re

from eventwire.parse import Sentence
from eventwire.records import Quantity

__all__ = ["figures_near", "parse_number"]

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24, "hundreds": 200,
    "thousands": 2000,
}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "m": 1e6, "bn": 1e9, "k": 1e3}
# Largest physically sensible value per unit. Sources: Earth's circumference is ~40,075 km
# (no weapon range or flight exceeds it); the deadliest single events of modern wars are
# below a million dead; a day has 24 hours.
_MAX = {
    "kilometer": 40_075, "kilometre": 40_075, "km": 40_075, "mile": 24_901,
    "hour": 10_000, "sortie": 10_000, "missile": 100_000, "target": 100_000,
    "strike": 100_000, "airstrike": 100_000, "people": 5_000_000, "civilian": 1_000_000,
    "soldier": 5_000_000, "fighter": 1_000_000, "militant": 1_000_000,
}  # fmt: skip
_NUMBER = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


def parse_number(text: str) -> float | None:
    """A number written as digits ("1,200", "27") or words ("twenty", "dozens")."""
    low = text.lower().replace("$", "")
    if _NUMBER.match(low):
        return float(low.replace(",", ""))
    return float(_WORDS[low]) if low in _WORDS else None


def _value(sent: Sentence, num: int) -> tuple[float, list[int]] | None:
    """The value of a number token with its scale words ("500 thousand", "$500m")."""
    tok = sent.tokens[num]
    used = [num]
    if tok.text.lower() in _SCALES:  # "500 thousand": the scale word heads the number
        digits = next(
            (c for c in sent.children(num) if parse_number(sent.tokens[c].text) is not None), None
        )
        if digits is None:
            return None
        base = parse_number(sent.tokens[digits].text)
        assert base is not None
        return base * _SCALES[tok.text.lower()], sorted([num, digits])
    value = parse_number(tok.text)
    if value is None:
        return None
    for child in sent.children(num):
        scale = _SCALES.get(sent.tokens[child].text.lower())
        if scale:
            value *= scale
            used.append(child)
    # "500 thousand": spaCy may attach the scale word as the head's compound instead.
    nxt = num + 1
    if nxt < len(sent.tokens) and sent.tokens[nxt].text.lower() in _SCALES and nxt not in used:
        value *= _SCALES[sent.tokens[nxt].text.lower()]
        used.append(nxt)
    return value, used


def figures_near(sent: Sentence, heads: list[int]) -> list[Quantity]:
    """Figures attached to the nouns in ``heads`` (and to nouns under their prepositions)."""
    nouns: list[int] = []
    for head in heads:
        nouns.append(head)
        for child in sent.children(head):
            if sent.tokens[child].dep == "prep":
                nouns.extend(g for g in sent.children(child) if sent.tokens[g].dep == "pobj")
    out: list[Quantity] = []
    seen: set[int] = set()
    for noun in nouns:
        tok = sent.tokens[noun]
        if tok.pos not in {"NOUN", "PROPN"}:
            continue
        for child in sent.children(noun):
            if sent.tokens[child].dep != "nummod" or child in seen:
                continue
            parsed = _value(sent, child)
            if parsed is None:
                continue
            value, used = parsed
            seen.update(used)
            unit = tok.lemma
            text = sent.span_text([*used, noun])
            out.append(
                Quantity(
                    value=value,
                    unit=unit,
                    text=text,
                    plausible=value <= _MAX.get(unit, float("inf")),
                )
            )
    return out
