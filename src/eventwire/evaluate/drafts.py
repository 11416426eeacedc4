"""Drafts -> corpus: resolve an annotator's quotes into character offsets (issue 14).

A draft (``training/drafts/*.jsonl``, format in ``training/README.md``) names spans by
quoting the text; the corpus (``training/corpus/*.jsonl``) gives them as ``[start, end]``
offsets. :func:`compile_drafts` does the resolution and fails loudly, listing every quote
that is missing or ambiguous with its file, line and event; :func:`write_corpus` writes
the records in files under the corpus's size limit. Everything else about a record
(codes, dates, actor codes) is checked afterwards by :func:`eventwire.evaluate.corpus.check`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluate.corpus import MAX_FILE_BYTES, Defect, Span, json_lines

__all__ = ["DraftError", "compile_drafts", "write_corpus"]


class DraftError(InputError):
    """Quotes of a draft that cannot be resolved; ``problems`` lists every one found."""

    def __init__(self, problems: list[Defect]) -> None:
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first.path, f"{str(first).split(': ', 1)[1]}{more}", line=first.line)


def _occurrences(text: str, quote: str) -> list[Span]:
    """Every whole-word occurrence of ``quote``: "it" does not match inside "with"."""
    pattern = (r"(?<!\w)" if quote[:1].isalnum() else "") + re.escape(quote)
    pattern += r"(?!\w)" if quote[-1:].isalnum() else ""
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def _gap(a: Span, b: Span) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


class _Resolver:
    """Turns one draft's quotes into spans, collecting every problem."""

    def __init__(self, path: str, line: int, text: str) -> None:
        self.path, self.line, self.text = path, line, text
        self.problems: list[Defect] = []

    def fail(self, event: int | None, reason: str) -> None:
        self.problems.append(Defect(self.path, self.line, reason, event))

    def quote(self, event: int, what: str, quote: Any, nth: Any, *, near: Span | None) -> Span:
        if not isinstance(quote, str) or not quote.strip():
            self.fail(event, f"{what}: expected a non-empty quote, got {quote!r}")
            return (0, 0)
        found = _occurrences(self.text, quote)
        if not found:
            self.fail(event, f"{what} {quote!r} not found in the text")
            return (0, 0)
        if nth is not None:
            if not isinstance(nth, int) or not 0 <= nth < len(found):
                self.fail(event, f"{what} {quote!r}: nth={nth!r} but it occurs {len(found)}x")
                return (0, 0)
            return found[nth]
        if len(found) == 1:
            return found[0]
        if near is None:
            self.fail(event, f"{what} {quote!r} occurs {len(found)}x: give its nth (0-based)")
            return (0, 0)
        ranked = sorted(found, key=lambda span: _gap(span, near))
        if _gap(ranked[0], near) == _gap(ranked[1], near):
            self.fail(event, f"{what} {quote!r}: two occurrences equally near the trigger")
        return ranked[0]

    def antecedent(self, event: int, quote: Any, before: Span) -> list[int] | None:
        if quote is None:
            return None
        found = (
            [s for s in _occurrences(self.text, quote) if s[1] <= before[0]]
            if (isinstance(quote, str) and quote)
            else []
        )
        if not found:
            self.fail(event, f"antecedent {quote!r} not found before its pronoun")
            return None
        return list(found[-1])

    def actor(self, event: int, what: str, value: Any, near: Span) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(event, f"{what}: expected an object or null")
            return None
        span = self.quote(event, what, value.get("text"), value.get("nth"), near=near)
        result: dict[str, Any] = {"span": list(span), "code": value.get("code")}
        if what != "claimant":
            result["antecedent"] = self.antecedent(event, value.get("antecedent"), span)
        return result


_DRAFT_EVENT_KEYS = frozenset(
    {
        "trigger",
        "trigger_nth",
        "cameo",
        "plover",
        "factuality",
        "source",
        "target",
        "date",
        "date_precision",
        "place",
        "quantities",
        "claimant",
        "note",
    }
)


def _compile_event(resolver: _Resolver, index: int, draft: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(draft) - _DRAFT_EVENT_KEYS)
    if unknown:
        resolver.fail(index, f"unknown field(s) {unknown}")
    trigger = resolver.quote(
        index, "trigger", draft.get("trigger"), draft.get("trigger_nth"), near=None
    )
    event: dict[str, Any] = {
        "trigger": list(trigger),
        "cameo": draft.get("cameo"),
        "plover": draft.get("plover"),
        "factuality": draft.get("factuality"),
        "source": resolver.actor(index, "source", draft.get("source"), trigger),
        "target": resolver.actor(index, "target", draft.get("target"), trigger),
        "date": draft.get("date"),
        "date_precision": draft.get("date_precision"),
        "place": None,
    }
    place = draft.get("place")
    if isinstance(place, dict):
        span = resolver.quote(index, "place", place.get("text"), place.get("nth"), near=trigger)
        event["place"] = {
            "span": list(span),
            "name": place.get("name"),
            "country": place.get("country"),
        }
    elif place is not None:
        resolver.fail(index, "place: expected an object or null")
    if draft.get("claimant") is not None:
        event["claimant"] = resolver.actor(index, "claimant", draft["claimant"], trigger)
    if draft.get("quantities"):
        event["quantities"] = [
            {
                "span": list(
                    resolver.quote(index, "quantity", q.get("text"), q.get("nth"), near=trigger)
                ),
                "value": q.get("value"),
                "unit": q.get("unit"),
            }
            for q in draft["quantities"]
        ]
    return event


def compile_drafts(path: Path) -> list[dict[str, Any]]:
    """Compile one draft file (one article per line) into corpus records.

    Quotes resolve as GUIDE.md and training/README.md say: a trigger must be unique unless
    ``trigger_nth`` picks an occurrence; source, target, place, claimant and quantity
    quotes without ``nth`` take the occurrence nearest the trigger; an antecedent is the
    nearest occurrence ending before its pronoun. Matches are whole words. Raises
    :class:`DraftError` listing every quote that does not resolve (file, line, event).
    Codes, dates and the rest are checked afterwards by :func:`check`.
    """
    records: list[dict[str, Any]] = []
    problems: list[Defect] = []
    for number, draft in json_lines(path, problems):
        text = draft.get("text") if isinstance(draft, dict) else None
        if not isinstance(text, str):
            problems.append(Defect(str(path), number, "no text"))
            continue
        resolver = _Resolver(str(path), number, text)
        events = [_compile_event(resolver, i, e) for i, e in enumerate(draft.get("events", []))]
        problems.extend(resolver.problems)
        records.append(
            {key: draft.get(key) for key in ("id", "genre", "published", "text")}
            | {"events": events}
        )
    if problems:
        raise DraftError(problems)
    return records


def write_corpus(records: list[dict[str, Any]], out: Path, *, stem: str) -> list[Path]:
    """Write records as ``out/STEM.jsonl``, or ``STEM-1.jsonl``, ``STEM-2.jsonl``, ...
    when they would pass :data:`MAX_FILE_BYTES`. Returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    parts: list[list[str]] = [[]]
    size = 0
    for record in records:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        if size + len(line.encode("utf-8")) > MAX_FILE_BYTES and parts[-1]:
            parts.append([])
            size = 0
        parts[-1].append(line)
        size += len(line.encode("utf-8"))
    for old in out.glob(f"{stem}.jsonl"):
        old.unlink()
    for old in out.glob(f"{stem}-*.jsonl"):
        old.unlink()
    names = (
        [f"{stem}.jsonl"]
        if len(parts) == 1
        else [f"{stem}-{n}.jsonl" for n in range(1, len(parts) + 1)]
    )
    written = []
    for name, lines in zip(names, parts, strict=True):
        (out / name).write_text("".join(lines), encoding="utf-8")
        written.append(out / name)
    return written
