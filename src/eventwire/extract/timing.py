"""When an event happened: the date expression attached to its trigger, resolved against
the article's publication date by :mod:`eventwire.resolve.dates`.

Stages (first that gives a date wins):

1. A date mention attached to the trigger: inside its subtree, or hanging from the verb
   of its clause when the trigger is a noun ("launched airstrikes on Wednesday" dates
   "airstrikes"), without crossing into another clause ("said on Thursday that ..."
   does not date what is said). The nearest in the tree wins.
2. Else the only dated mention of the sentence (one distinct value), leaving out mentions
   in a relative clause or on a verb of saying.
3. Else the publication date, with precision ``published``.

Mentions that date nothing are skipped throughout: background ranges ("since 2011"),
vague references ("recently"), expressions that could not be resolved. A coarse mention
dates the event by its first day, with its precision ("last week" -> the Monday, "week").
An article with no publication date gets no date at all: nothing is invented.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from eventwire.parse import Sentence
from eventwire.resolve.dates import DateMention, find_dates

__all__ = ["resolve_event_date"]

# Dependencies that open another clause: a date below one of them belongs to that clause.
_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "csubj", "parataxis", "conj"})
# Verbs of saying: a date on one dates the statement, not the event it reports ("Erdogan
# apologised ..., the Kremlin said on Monday"; tests/extract/cases.tsv, "Dates").
_SAYING = frozenset({"say", "tell", "announce", "report", "claim", "add", "state", "confirm"})
# How many heads a noun trigger may climb to reach its clause's verb ("strikes" in
# "launched 18 strikes": one; "strikes against the IS" under a preposition: two or three).
_MAX_CLIMB = 3


@lru_cache(maxsize=256)
def _dating_mentions(sent: Sentence, published: date) -> tuple[DateMention, ...]:
    """The mentions of one sentence that can date an event (cached: a sentence often
    carries several triggers)."""
    return tuple(
        m
        for m in find_dates([sent], published=published)
        if m.range_start is not None and not m.background and m.precision != "ref"
    )


def _top(sent: Sentence, mention: DateMention) -> int | None:
    """The token that heads the mention in the parse (its head lies outside the span)."""
    inside = [t.i for t in sent.tokens if t.start < mention.end and t.end > mention.start]
    for i in inside:
        if sent.tokens[i].head not in inside or sent.tokens[i].head == i:
            return i
    return None


def _distance(sent: Sentence, start: int, target: int) -> int | None:
    """Heads climbed from ``start`` to ``target``, or ``None`` when the path leaves
    ``target``'s clause (or never reaches it)."""
    i, hops = start, 0
    while i != target:
        tok = sent.tokens[i]
        if tok.dep in _CLAUSE_DEPS or tok.head == i:
            return None
        i, hops = tok.head, hops + 1
    return hops


def _clause_verb(sent: Sentence, trigger: int) -> int:
    """The verb of the trigger's clause (the trigger itself when it is a verb)."""
    i = trigger
    for _ in range(_MAX_CLIMB):
        tok = sent.tokens[i]
        if tok.pos in {"VERB", "AUX"} or tok.dep in _CLAUSE_DEPS or tok.head == i:
            break
        i = tok.head
    return i if sent.tokens[i].pos in {"VERB", "AUX"} else trigger


def _attached(sent: Sentence, trigger: int, mentions: tuple[DateMention, ...]) -> list[DateMention]:
    verb = _clause_verb(sent, trigger)
    ranked = []
    for mention in mentions:
        top = _top(sent, mention)
        if top is None:
            continue
        hops = _distance(sent, top, trigger)
        if hops is None and verb != trigger:
            hops = _distance(sent, top, verb)
        if hops is not None:
            ranked.append((hops, mention.start, mention))
    return [m for _hops, _start, m in sorted(ranked, key=lambda r: (r[0], r[1]))]


def _dates_the_sentence(sent: Sentence, mention: DateMention) -> bool:
    """Whether a mention may date any event of its sentence: not when it sits in a relative
    clause ("the rebels, who were shelled overnight, withdrew") or on a verb of saying."""
    i = _top(sent, mention)
    while i is not None:
        tok = sent.tokens[i]
        if tok.dep == "relcl":
            return False
        if tok.pos in {"VERB", "AUX"} and tok.i != _top(sent, mention):
            return tok.lemma not in _SAYING
        i = None if tok.head == i else tok.head
    return True


def resolve_event_date(
    sent: Sentence, trigger: int, published: datetime | None
) -> tuple[str | None, str | None]:
    """The event's date (ISO, the first day it covers) and its precision, or the
    publication date with precision ``published``; ``(None, None)`` with no publication
    date."""
    if published is None:
        return None, None
    day = published.date() if isinstance(published, datetime) else published
    mentions = _dating_mentions(sent, day)
    chosen = _attached(sent, trigger, mentions)
    if not chosen:
        free = [m for m in mentions if _dates_the_sentence(sent, m)]
        chosen = free if len({m.value for m in free}) == 1 else []
    if chosen and chosen[0].range_start is not None:
        return chosen[0].range_start.isoformat(), chosen[0].precision
    return day.isoformat(), "published"
