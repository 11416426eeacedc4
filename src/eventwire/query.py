"""The one read layer: which events a user asks for, as one query object.

``eventwire events --actor RUS --root 19 --since 2015-10-01``, the Python API
(``store.query_events(EventQuery(actor="RUS", root="19", ...))``) and, later, the HTTP
API all build an :class:`EventQuery`; it validates its fields (naming the one that is
wrong) and turns itself into SQL over the store's ``events`` table with bound
parameters only.

Filters (all optional, combined with AND):

    actor        source actor code prefix: "RUS" (any Russian actor), "RUSMIL", "IMGMUSISI"
    target       target actor code prefix, as ``actor``
    root         CAMEO root "01".."20" (a full code "195" narrows to that code and below)
    quad         QuadClass 1-4
    since/until  event dates, inclusive (events without a date are left out by either)
    place        a location: ISO alpha-3 country ("SYR") or a place name ("Hama")
    story        a story id
    factuality   asserted | negated | hypothetical | intended | threatened | reported
    article      events one of whose mentions comes from this article
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventwire.errors import EventwireError

# The place names an event's location stands for, read from its record: what the place
# filter matches besides the country and the name. The store keeps the same list as the
# column events.location_places (migration 5), which the API's index reads.
PLACES_FROM_RECORD = "CAST(record->'$.location.places' AS VARCHAR[])"

__all__ = ["FACTUALITIES", "PLACES_FROM_RECORD", "SORTS", "EventQuery", "QueryError"]

FACTUALITIES = ("asserted", "negated", "hypothetical", "intended", "threatened", "reported")
SORTS = {
    "date": "date NULLS LAST, id",
    "-date": "date DESC NULLS LAST, id",
    "confidence": "confidence DESC, id",
    "mentions": "num_mentions DESC, id",
    "goldstein": "goldstein, id",
}
_CODE = re.compile(r"^[A-Z-]{3}[A-Z]{0,9}$")
_CAMEO = re.compile(r"^(0[1-9]|1[0-9]|20)\d{0,2}$")
# The largest page a query may ask for (the HTTP API bounds pages the same way).
MAX_LIMIT = 100_000


class QueryError(EventwireError):
    """A filter value is not valid; ``field`` names the filter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True, slots=True)
class EventQuery:
    actor: str | None = None
    target: str | None = None
    root: str | None = None
    quad: int | None = None
    since: date | None = None
    until: date | None = None
    place: str | None = None
    story: str | None = None
    factuality: str | None = None
    article: str | None = None
    limit: int | None = None
    sort: str = "date"

    def __post_init__(self) -> None:
        for name in ("actor", "target"):
            value = getattr(self, name)
            if value is not None and not _CODE.match(value):
                raise QueryError(name, f"{value!r} is not a CAMEO actor code prefix (e.g. RUS)")
        if self.root is not None and not _CAMEO.match(self.root):
            raise QueryError("root", f"{self.root!r} is not a CAMEO root or code (01-20)")
        if self.quad is not None and self.quad not in (1, 2, 3, 4):
            raise QueryError("quad", f"{self.quad!r} is not a QuadClass (1-4)")
        if self.since and self.until and self.since > self.until:
            raise QueryError("since", f"{self.since} is after until {self.until}")
        if self.factuality is not None and self.factuality not in FACTUALITIES:
            raise QueryError("factuality", f"{self.factuality!r}; one of {', '.join(FACTUALITIES)}")
        if self.limit is not None and not 0 <= self.limit <= MAX_LIMIT:
            raise QueryError("limit", f"{self.limit} is not between 0 and {MAX_LIMIT}")
        if self.sort not in SORTS:
            raise QueryError("sort", f"{self.sort!r}; one of {', '.join(SORTS)}")

    def where(self) -> tuple[str, list[Any]]:
        """The SQL WHERE clause (or "") and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor is not None:
            clauses.append("source_code LIKE ?")
            params.append(self.actor + "%")
        if self.target is not None:
            clauses.append("target_code LIKE ?")
            params.append(self.target + "%")
        if self.root is not None:  # a root, or a code and the codes under it
            clauses.append("cameo_code LIKE ?")
            params.append(self.root + "%")
        if self.quad is not None:
            clauses.append("quad_class = ?")
            params.append(self.quad)
        if self.since is not None:
            clauses.append("date >= ?")
            params.append(self.since)
        if self.until is not None:
            clauses.append("date <= ?")
            params.append(self.until)
        if self.place is not None:
            clauses.append(
                "(location_country = ? OR lower(location_name) = lower(?) "
                f"OR list_contains({PLACES_FROM_RECORD}, ?))"
            )
            params += [self.place, self.place, self.place]
        if self.story is not None:
            clauses.append("story_id = ?")
            params.append(self.story)
        if self.factuality is not None:
            clauses.append("factuality = ?")
            params.append(self.factuality)
        if self.article is not None:
            clauses.append("id IN (SELECT event_id FROM mentions WHERE article_id = ?)")
            params.append(self.article)
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    def order_by(self) -> str:
        return SORTS[self.sort]
