"""The typed records that cross eventwire's step boundaries.

One record type per boundary, frozen, with no library objects inside (no spaCy docs, no
DuckDB rows): a step receives records, returns new records (``dataclasses.replace``), and
never mutates what it was given.

    files --readers--> Article(raw text) --clean--> Article(text, title, published, offsets)
          --near-duplicates--> Article(duplicate_of, similarity) --store-->

Readers report what they could not read as :class:`Problem` records; the store keeps them
in its dead-letter table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = [
    "Actor",
    "Article",
    "Attribution",
    "CameoCoding",
    "Claim",
    "DateMention",
    "Event",
    "Evidence",
    "Location",
    "OffsetMap",
    "Origin",
    "PlaceMention",
    "PloverCoding",
    "Problem",
    "Quantity",
    "content_id",
]


def content_id(*parts: str | None, length: int = 16) -> str:
    """A stable id from content: the first ``length`` hex digits of a SHA-256.

    Parts are joined with a separator that cannot appear in text, so ``("ab", "c")`` and
    ``("a", "bc")`` get different ids.
    """
    digest = hashlib.sha256("\x1f".join(p or "" for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where in its input an article came from: a file, and the line or byte offset in it.

    ``line`` is 1-based (JSONL, feeds); ``offset`` is the byte offset of a WARC record.
    ``member`` names the record inside a container (a feed item's link, a WARC URI).
    """

    path: str
    line: int | None = None
    offset: int | None = None
    member: str | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
        if self.offset is not None:
            where += f"@{self.offset}"
        return where


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps character offsets in cleaned text back to the text the input gave.

    Cleaning keeps whole spans of the original and drops others; each kept span is one
    segment ``(clean_start, original_start, length)``. Segments are sorted and do not
    overlap, so a lookup is a binary search. Characters that cleaning inserted (the
    newlines that join kept paragraphs) map to the end of the preceding segment.
    """

    segments: tuple[tuple[int, int, int], ...] = ()

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(((0, 0, length),) if length else ())

    def to_original(self, offset: int) -> int:
        """The offset in the original text of cleaned-text ``offset``."""
        segs = self.segments
        if not segs:
            return offset
        lo, hi = 0, len(segs) - 1
        while lo < hi:  # last segment whose clean_start <= offset
            mid = (lo + hi + 1) // 2
            if segs[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        clean_start, orig_start, length = segs[lo]
        if offset < clean_start:
            return orig_start
        return orig_start + min(offset - clean_start, length)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open cleaned-text span; the end maps as the last character + 1."""
        if end <= start:
            begin = self.to_original(start)
            return begin, begin
        return self.to_original(start), self.to_original(end - 1) + 1

    def to_json(self) -> list[list[int]]:
        return [list(s) for s in self.segments]

    @classmethod
    def from_json(cls, data: Sequence[Sequence[int]] | None) -> OffsetMap:
        if not data:
            return cls()
        return cls(tuple((int(a), int(b), int(c)) for a, b, c in data))


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, as read and then cleaned.

    ``text`` is the article body after cleaning (the title is kept apart in ``title``);
    ``original`` is the text as the input gave it (a .txt file's content, a JSONL line's
    ``text`` field, the text that HTML extraction produced), and ``offsets`` maps
    positions in ``text`` back to ``original``, so evidence spans can point at the source.

    ``id`` is the id the input gave (a JSONL ``id``) or one derived from the content, so
    re-reading the same input gives the same ids.
    """

    id: str
    text: str
    origin: Origin
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: datetime | None = None
    language: str | None = None
    original: str | None = None
    offsets: OffsetMap = field(default_factory=OffsetMap)
    format: str = "text"
    id_given: bool = False
    duplicate_of: str | None = None
    similarity: float | None = None
    warnings: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return self.origin.path

    def evidence_span(self, start: int, end: int) -> tuple[int, int]:
        """A span of ``text`` as a span of ``original``."""
        return self.offsets.span_to_original(start, end)


@dataclass(frozen=True, slots=True)
class Problem:
    """Input that could not be turned into an article: which file (and line), and why.

    Problems are kept in the store's dead-letter table; the batch goes on without them.
    """

    path: str
    reason: str
    line: int | None = None
    kind: str = "input"

    @property
    def id(self) -> str:
        return content_id(self.path, str(self.line), self.reason)

    def __str__(self) -> str:
        from eventwire.errors import shown_path

        shown = shown_path(self.path)
        where = shown if self.line is None else f"{shown}:{self.line}"
        return f"{where}: {self.reason}"


# -- events -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts or is acted on, coded CAMEO-style.

    ``code`` is three characters of country (ISO 3166 alpha-3), or a non-state root
    (``IGO``, ``IMG``, ``NGO``, ``MNC``), followed by three-character role codes:
    ``RUSMIL``, ``SYRREB``, ``IGOWSTNAT`` (NATO), ``IMGMUSISI`` (Islamic State).
    ``---`` stands for a country that could not be resolved (``---REB``).
    ``person`` is the named individual the actor was resolved through, if any
    ("Sergei Lavrov" -> ``RUSGOV``).
    """

    name: str
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    kind: str = "other"  # state | igo | group | person | media | other
    person: str | None = None


@dataclass(frozen=True, slots=True)
class CameoCoding:
    code: str  # "195"; a string, leading zeros kept ("042")
    root: str  # "19"
    quad_class: (
        int  # GDELT's: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    )
    goldstein: float
    name: str = ""


@dataclass(frozen=True, slots=True)
class PloverCoding:
    event_type: (
        str | None
    )  # one of the 16 current PLOVER types, None when CAMEO has no PLOVER event
    mode: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure a source claims: "27 IS targets" -> 27 targets."""

    value: float
    unit: str
    text: str
    plausible: bool = True


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure one source gives for an event, and who it says gives it.

    "27 targets, says the Russian defence ministry via Interfax, in article X of outlet Y":
    a merged event keeps one claim per figure per mention, so readers see who said what.
    """

    value: float
    unit: str
    text: str
    claimant: str | None  # actor code, else the name as written, else None (the outlet's own)
    via: str | None
    article_id: str
    source: str | None  # the outlet
    plausible: bool = True


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who says the event happened, and through whom ("Interfax quoted the ministry")."""

    claimant: Actor
    via: str | None = None
    verb: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name in a text and the place it was resolved to.

    ``start``/``end`` are character offsets into the text (as for :class:`DateMention`); ``feature`` is one of
    city, admin1, admin2, country, region, water, other; ``country`` ISO alpha-3 ("" for
    seas and regions across borders); ``score`` in 0-1, how sure the choice is.
    """

    text: str
    start: int
    end: int
    name: str
    geonameid: int | None
    feature: str
    country: str
    admin1: str
    lat: float
    lon: float
    score: float
    metonym: bool = False


@dataclass(frozen=True, slots=True)
class DateMention:
    """A temporal expression: where it is written, its TimeML value and the days it covers.

    ``start``/``end`` are character offsets into the text (the parsed text inside the
    pipeline; the text as the input gave it once mapped back through cleaning); ``value`` is ``None`` when
    the expression needs a publication date that is not known (or cannot be read);
    ``range_start``/``range_end`` are the first and last day covered (a background "since
    2011" runs from 2011-01-01 to the publication date); ``background`` marks a range the
    sentence's events sit in, not when they happened.
    """

    text: str
    start: int
    end: int
    value: str | None
    range_start: date | None
    range_end: date | None
    precision: str | None
    background: bool = False


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened: a gazetteer entry, and the place names it stands for.

    ``feature`` says the precision (a city, a first-level division, a country ...);
    ``places`` names what the text said when one location stands for several ("the
    provinces of Homs, Hama and Raqqa" -> Syria, places ("Homs", "Hama", "Raqqa")).
    """

    name: str
    country: str | None = None  # ISO alpha-3
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None  # city | admin1 | admin2 | country | region | water | other
    places: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where an event was read: the article, the sentence, and the character span.

    ``start``/``end`` are offsets into the article text as the input gave it (mapped back
    through cleaning), spanning the sentence; ``trigger_*``, ``source_*`` and ``target_*``
    the trigger and the source and target argument phrases, when known.
    """

    article_id: str
    sentence: str
    start: int
    end: int
    source: str | None = None
    published: datetime | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None
    source_start: int | None = None
    source_end: int | None = None
    target_start: int | None = None
    target_end: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, when and where, with the evidence. See the README's contract."""

    id: str
    source: Actor
    target: Actor | None
    cameo: CameoCoding
    plover: PloverCoding
    factuality: str  # asserted | negated | hypothetical | intended | threatened | reported
    evidence: tuple[Evidence, ...]
    date: str | None = None  # YYYY-MM-DD
    # day | weekend | week | month | quarter | season | half | year | decade | century, or
    # published: no date in the sentence, the publication date stands in
    date_precision: str | None = None
    location: Location | None = None
    quantities: tuple[Quantity, ...] = ()
    attribution: Attribution | None = None
    confidence: float = 0.5
    trigger: str = ""
    num_mentions: int = 1
    num_sources: int = 1
    num_articles: int = 1
    # Set on merged events (eventwire.merge.events): every figure with its claimant, the
    # ids of the mentions merged, when the event was first and last reported, its story.
    claims: tuple[Claim, ...] = ()
    mentions: tuple[str, ...] = ()
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    story_id: str | None = None
