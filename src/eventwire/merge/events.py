"""One record per real event: mentions merged across sentences, articles and sources.

    mentions (one per sentence trigger, eventwire.extract)
      --block_key--> blocks: (source country, CAMEO root, factuality class)
      --cluster----> groups of compatible mentions (deterministic, order-free)
      --merge------> Event(num_mentions, num_articles, num_sources, claims, evidence ...)

Two mentions are the same event when all of these hold (:func:`compatible`):

1. the same block: the source's country (or non-state root: ``IGO``, ``IMG``), the CAMEO
   root, and the factuality class (asserted and reported together: both say it happened;
   a threat, an intention, a denial or a hypothesis is a different event from the act);
2. compatible actors: source sectors equal or one unknown; targets absent on one side, or
   the same country with compatible sectors;
3. compatible codes: equal, or one is the root's general code ("190") or a prefix of the
   other ("195" and "1951");
4. compatible dates: the days each date may mean overlap, widened by one day (a strike
   "overnight" is dated the day before by one outlet and the day after by another); a
   date of precision ``published`` may mean the publication day or the two before it;
   a mention without any date (its article has no publication date) merges with
   undated ones, or with a dated one whose article is in the same story (the story's
   time window is then the only clue to when it happened);
5. compatible places: one unknown, or the same country and, when both name a division or
   a city, the same first-level division.

Clustering is greedy over the block's mentions sorted by (first possible day, id): a
mention joins the first cluster whose *anchor* (first mention) it is compatible with,
else opens one. The result depends only on the set of mentions, never on the order they
arrived in, so ingesting articles one by one or all at once gives the same events, and
re-merging a block after new mentions arrive (what the store does) is exact. Anchoring on
the first mention (rather than chaining through any member) keeps a string of daily
strikes from collapsing into one event.

The merged event takes its actors and code from its most confident mention (the most
specific code among those of that root), its date from the most precise mention, its
place from the most precise one, and keeps every mention's evidence and every figure as
a :class:`~eventwire.records.Claim`. Near-duplicate copies count as one source:
``num_sources`` counts distinct outlets among the canonical articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from eventwire.records import Claim, Event, Location, content_id

__all__ = [
    "ArticleInfo",
    "MergeResult",
    "block_key",
    "claims_of",
    "cluster",
    "compatible",
    "merge_block",
    "merge_mentions",
]

# Factuality classes: what may be merged with what.
_HAPPENED = frozenset({"asserted", "reported"})
# How far apart two day-precise dates of one event may be: outlets date an overnight
# strike by either day, and a report of "Thursday" may mean the day before publication.
_DAY_SLACK = 1
# A mention dated only by its article's publication day happened that day or shortly
# before (news reports events of the last day or two).
_PUBLISHED_REACH = 2
# Precision order, finest first: the merged event's date and place come from the finest.
_DATE_RANK = {"day": 0, "weekend": 1, "week": 2, "published": 3, "month": 4}
_PLACE_RANK = {"city": 0, "admin2": 1, "admin1": 2, "water": 3, "region": 4, "country": 5}
# A merged event's confidence: independent sources make it surer; a hedged one is not.
_HEDGED_FACTOR = 0.8


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What merging needs to know of a mention's article: its outlet, the canonical
    article it copies (itself when it is no copy), and when it was published."""

    source: str | None
    canonical: str
    published: datetime | None = None
    story: str | None = None


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The merged events of some blocks, and which event each mention went to."""

    events: list[Event]
    assignment: dict[str, str]  # mention id -> event id


def _factuality_class(event: Event) -> str:
    return "happened" if event.factuality in _HAPPENED else event.factuality


def block_key(event: Event) -> str:
    """The block a mention is merged within: source country, root, factuality class."""
    code = event.source.code or ""
    country = event.source.country or (code[:3] if len(code) >= 3 else "") or "?"
    return f"{country}|{event.cameo.root}|{_factuality_class(event)}"


def _days(event: Event) -> tuple[date, date] | None:
    """The days a mention's date may mean, or None when it has no date."""
    if event.date is None:
        return None
    day = date.fromisoformat(event.date)
    precision = event.date_precision or "day"
    if precision == "published":
        return day - timedelta(days=_PUBLISHED_REACH), day
    if precision == "weekend":
        return day, day + timedelta(days=1)
    if precision == "week":
        return day, day + timedelta(days=6)
    if precision == "month":
        nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return day, nxt - timedelta(days=1)
    if precision in {"quarter", "season", "half", "year", "decade", "century"}:
        return day, date(day.year, 12, 31)
    return day, day


def _sector(code: str | None) -> str:
    return code[3:6] if code and len(code) >= 6 else ""


def _country(code: str | None) -> str:
    return code[:3] if code and len(code) >= 3 and code[:3] != "---" else ""


def _codes_compatible(a: str, b: str, root: str) -> bool:
    general = root + "0"
    return a == b or general in (a, b) or a.startswith(b) or b.startswith(a)


def _places_compatible(a: Location | None, b: Location | None) -> bool:
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    fine = {"city", "admin2", "admin1"}
    if a.feature in fine and b.feature in fine and a.admin1 and b.admin1:
        return a.admin1 == b.admin1
    return True


def compatible(a: Event, b: Event) -> bool:
    """Whether two mentions may report the same event (see the module docstring)."""
    return _Key.of(a).compatible(_Key.of(b))


def _order(event: Event) -> tuple[str, str]:
    days = _days(event)
    return (days[0].isoformat() if days else "9999", event.id)


@dataclass(frozen=True, slots=True)
class _Key:
    """What :func:`compatible` reads of a mention, computed once per mention."""

    block: str
    days: tuple[date, date] | None
    source_sector: str
    target_country: str
    target_sector: str
    has_target: bool
    code: str
    root: str
    location: Location | None
    story: str | None = None

    @property
    def last_day(self) -> date:
        """The last day the mention's date may mean (undated: never over)."""
        return self.days[1] if self.days is not None else date.max

    @classmethod
    def of(cls, event: Event, story: str | None = None) -> _Key:
        target = event.target.code if event.target else None
        return cls(
            block_key(event),
            _days(event),
            _sector(event.source.code),
            _country(target),
            _sector(target),
            event.target is not None,
            event.cameo.code,
            event.cameo.root,
            event.location,
            story,
        )

    def compatible(self, other: _Key) -> bool:
        if self.block != other.block:
            return False
        if self.days is None or other.days is None:
            if (self.days is not None or other.days is not None) and (
                self.story is None or self.story != other.story
            ):
                return False
        else:
            slack = timedelta(days=_DAY_SLACK)
            if not (
                self.days[0] - slack <= other.days[1] and other.days[0] - slack <= self.days[1]
            ):
                return False
        if self.source_sector and other.source_sector and self.source_sector != other.source_sector:
            return False
        if self.has_target and other.has_target:
            if (
                self.target_country
                and other.target_country
                and self.target_country != other.target_country
            ):
                return False
            if (
                self.target_sector
                and other.target_sector
                and self.target_sector != other.target_sector
            ):
                return False
        return _codes_compatible(self.code, other.code, self.root) and _places_compatible(
            self.location, other.location
        )


def cluster(
    mentions: Iterable[Event], stories: Mapping[str, str | None] | None = None
) -> list[list[Event]]:
    """Mentions grouped into events: greedy, anchored, order-free (see above).

    ``stories`` maps article ids to story ids (for undated mentions). Dated mentions are
    swept in date order; a cluster stops taking them once the sweep has passed its
    anchor's last possible day by more than the slack, so each mention is compared with
    the few clusters still open, not with every cluster of its block. Undated mentions
    come last and may join any cluster of their block (see :func:`compatible`).
    """
    stories = stories or {}
    clusters: list[list[Event]] = []
    every: dict[str, list[tuple[_Key, list[Event]]]] = defaultdict(list)
    open_by_block: dict[str, list[tuple[_Key, list[Event]]]] = defaultdict(list)
    slack = timedelta(days=_DAY_SLACK)
    for mention in sorted(mentions, key=_order):
        key = _Key.of(mention, stories.get(_article_of(mention)))
        if key.days is not None:
            candidates = open_by_block[key.block]
            start = key.days[0]
            # drop clusters no later dated mention can reach (anchors come in order of
            # first day; a long-ranged anchor is dropped when its own range has passed)
            candidates[:] = [(k, g) for k, g in candidates if k.last_day >= start - slack]
        else:
            candidates = every[key.block]
        for anchor, group in candidates:
            if anchor.compatible(key):
                group.append(mention)
                break
        else:
            group = [mention]
            if key.days is not None:
                candidates.append((key, group))
            every[key.block].append((key, group))
            clusters.append(group)
    return clusters


def claims_of(mention: Event, info: ArticleInfo | None) -> list[Claim]:
    """The figures of one mention, each with who claims it."""
    claimant = None
    via = None
    if mention.attribution is not None:
        who = mention.attribution.claimant
        claimant = who.code or who.name or None
        via = mention.attribution.via
    article_id = mention.evidence[0].article_id if mention.evidence else ""
    source = info.source if info else (mention.evidence[0].source if mention.evidence else None)
    return [
        Claim(
            value=q.value,
            unit=q.unit,
            text=q.text,
            claimant=claimant,
            via=via,
            article_id=article_id,
            source=source,
            plausible=q.plausible,
        )
        for q in mention.quantities
    ]


def _article_of(mention: Event) -> str:
    return mention.evidence[0].article_id if mention.evidence else ""


def _merge(group: Sequence[Event], articles: Mapping[str, ArticleInfo]) -> Event:
    anchor = group[0]
    best = max(group, key=lambda e: (e.confidence, -len(e.id), e.id))
    # the most specific code among the mentions of the best one's reading
    code = max(
        (e.cameo for e in group if e.cameo.code.startswith(best.cameo.code[:2])),
        key=lambda c: (len(c.code), c.code != c.root + "0", c.code),
    )
    dated = min(group, key=lambda e: (_DATE_RANK.get(e.date_precision or "", 9), _order(e)))
    placed = [(e.location, _order(e)) for e in group if e.location is not None]
    location = (
        min(placed, key=lambda lo: (_PLACE_RANK.get(lo[0].feature or "", 9), lo[1]))[0]
        if placed
        else None
    )
    target = best.target or next((e.target for e in group if e.target is not None), None)
    infos = {_article_of(e): articles.get(_article_of(e)) for e in group}

    def outlet(article_id: str) -> str:
        """Who independently reported it: copies count as their canonical's outlet."""
        info = infos.get(article_id) or articles.get(article_id)
        if info is None:
            return article_id
        canonical = articles.get(info.canonical, info)
        return canonical.source or info.canonical

    # independent sources, each with the confidence of its best mention
    by_outlet: dict[str, float] = {}
    for e in group:
        key = outlet(_article_of(e))
        by_outlet[key] = max(by_outlet.get(key, 0.0), e.confidence)
    doubt = 1.0
    for value in by_outlet.values():
        doubt *= 1.0 - value
    confidence = 1.0 - doubt
    if any(e.factuality == "reported" for e in group) and not any(
        e.factuality == "asserted" for e in group
    ):
        confidence *= _HEDGED_FACTOR
    seen = sorted(
        (info.published for info in infos.values() if info and info.published),
    )
    factuality = "asserted" if any(e.factuality == "asserted" for e in group) else best.factuality
    ordered = sorted(group, key=_order)
    return replace(
        best,
        id=content_id("event", anchor.id),
        target=target,
        cameo=code,
        factuality=factuality,
        evidence=tuple(ev for e in ordered for ev in e.evidence),
        date=dated.date,
        date_precision=dated.date_precision,
        location=location,
        quantities=tuple(q for e in ordered for q in e.quantities),
        confidence=round(min(confidence, 0.99), 3),
        num_mentions=len(group),
        num_articles=len(infos),
        num_sources=len(by_outlet),
        claims=tuple(c for e in ordered for c in claims_of(e, infos.get(_article_of(e)))),
        mentions=tuple(e.id for e in ordered),
        first_seen=seen[0] if seen else None,
        last_seen=seen[-1] if seen else None,
    )


def merge_block(mentions: Sequence[Event], articles: Mapping[str, ArticleInfo]) -> MergeResult:
    """Merged events of a set of mentions (one or more whole blocks)."""
    events: list[Event] = []
    assignment: dict[str, str] = {}
    stories = {article_id: info.story for article_id, info in articles.items()}
    for group in cluster(mentions, stories):
        event = _merge(group, articles)
        events.append(event)
        for mention in group:
            assignment[mention.id] = event.id
    return MergeResult(events, assignment)


def merge_mentions(
    mentions: Iterable[Event], articles: Mapping[str, ArticleInfo] | None = None
) -> list[Event]:
    """One event per real event among ``mentions`` (in memory, no store)."""
    return merge_block(list(mentions), articles or {}).events
