"""When an event happened: the date expression attached to its trigger, resolved against
the article's publication date.

This is the simple first version (the places-and-dates work replaces it): a DATE entity
under the trigger ("on Wednesday", "on September 30", "7 October") or, failing that, the
only DATE entity of the sentence, read by dateparser with the publication date as the
base; "overnight" is the night before publication. Background ranges ("since 2011") and
spans that dateparser cannot read give no date. With no date in the sentence, the
event takes the publication date with precision ``published``; an article with no
publication date gets no invented date.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import lru_cache

from eventwire.parse import Sentence

__all__ = ["resolve_event_date"]

_BACKGROUND = re.compile(r"^(since|for|until|from|over|during|throughout)\b", re.IGNORECASE)
_WEEKDAY = re.compile(
    r"^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def _parse(expression: str, base: datetime) -> tuple[str, str] | None:
    import dateparser

    text = expression.strip().lower()
    text = re.sub(
        r"^(on|last|this|early|late|on the)\s+(?=\w)",
        lambda m: "last " if m.group(1) == "last" else "",
        text,
    )
    if _WEEKDAY.match(text):
        # the most recent such weekday, the publication day itself allowed
        target = [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ].index(text)
        delta = (base.weekday() - target) % 7
        return (base - timedelta(days=delta)).date().isoformat(), "day"
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": []}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    precision = "day"
    if re.fullmatch(r"(\w+\s+)?\d{4}", text) or text in {"last year", "this year"}:
        precision = "year"
    elif re.search(r"\b(week)\b", text):
        precision = "week"
    elif re.search(r"\bmonth\b", text) or re.fullmatch(r"[a-z]+\s+\d{4}", text):
        precision = "month"
    return parsed.date().isoformat(), precision


def _date_ents(sent: Sentence) -> list[tuple[int, int, str]]:
    return [e for e in sent.ents if e[2] in {"DATE", "TIME"}]


def resolve_event_date(
    sent: Sentence, trigger: int, published: datetime | None
) -> tuple[str | None, str | None]:
    if published is None:
        return None, None
    base = published.replace(hour=12, minute=0, second=0, microsecond=0, tzinfo=None)
    ents = _date_ents(sent)
    under = set(sent.subtree(trigger))
    attached = [e for e in ents if any(i in under for i in range(e[0], e[1]))]
    candidates = attached or (ents if len(ents) == 1 else [])
    if not candidates and any(sent.tokens[i].text.lower() == "overnight" for i in under):
        return (base - timedelta(days=1)).date().isoformat(), "day"
    for start, end, _label in candidates:
        text = sent.span_text(list(range(start, end)))
        if _BACKGROUND.match(text) or (
            start > 0 and _BACKGROUND.match(sent.tokens[start - 1].text)
        ):
            continue
        if text.lower() in {"overnight", "last night", "the night"}:
            return (base - timedelta(days=1)).date().isoformat(), "day"
        resolved = _parse(text, base)
        if resolved is not None:
            return resolved
    return base.date().isoformat(), "published"
