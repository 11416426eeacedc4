"""Event triggers: which verbs and event nouns signal which CAMEO event.

The dictionary is data, ``eventwire/data/triggers.tsv`` (its header gives the columns,
the sources and the coding choices); this module loads it once, checks it, indexes it
by lemma and answers two questions for the extractor:

* :func:`match_verb` -- a verb with its particle, direct object and prepositions
  ("carried out 27 airstrikes on rebel positions");
* :func:`match_noun` -- an event noun with its prepositions ("incursions into Turkish
  airspace", "talks with Kerry").

Both return a :class:`TriggerMatch` (the code, the row that matched, how specific it
is and where the target sits) or ``None`` when nothing in the dictionary applies.
:func:`is_light_verb` and :func:`is_reporting_verb` classify verbs for the extractor.

How a lookup runs, in stages:

1. Normalise: lower case, ``-`` and ``_`` read as spaces ("cease-fire" = "cease fire").
2. Back off compounds: "car bomb attack" is tried whole, then as "bomb attack", then
   as "attack"; the first form with a matching row answers. A compound row is more
   specific than its head word by definition, so it must be tried first.
3. Match every row of the lemma: particle, object and preposition conditions.
   A light row ("launch" + any object) matches only when its object is itself an
   event noun, and takes that noun's code: "launched an offensive" is the noun
   "offensive" (190); "launched a satellite" is nothing.
4. Pick the most specific row (ties: the earlier row in the file). A row whose code
   is ``---`` wins like any other and then means "no event" ("hit a record high").

Specificity is a count of the conditions a row sets (see the file header); it lets a
reader predict which row wins without running the code, and lets the extractor compare
triggers across a sentence (a plain statement, 010, scores 0 so that it is used only
when nothing else is said).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from types import MappingProxyType
from typing import Literal, TypeAlias

from eventwire.codebook import UnknownCodeError, cameo
from eventwire.codebook._tsv import parse_table
from eventwire.errors import InputError

__all__ = [
    "BLOCK",
    "PrepCondition",
    "TriggerMatch",
    "TriggerRow",
    "Words",
    "is_light_verb",
    "is_reporting_verb",
    "match_noun",
    "match_verb",
    "parse_triggers",
    "trigger_rows",
]

_FILE = "triggers.tsv"
_SOURCE = f"eventwire/data/{_FILE}"
_COLUMNS = (
    "kind",
    "lemma",
    "particle",
    "dobj",
    "prep",
    "code",
    "target_prep",
    "target_is_object",
    "light",
)

BLOCK = "---"
"""The code column's "no event": a row that wins like any other and then matches nothing."""

_STATEMENT = "010"

# Specificity weights: one per condition a row sets, so that verb+particle+object+prep >
# verb+object > verb. A listed object outweighs "any object" and a particle because it
# says more about the event; a word of a matched compound counts like a listed object
# ("hunger strike" must beat "strike" + "for:*"). The file header restates these.
_BASE = 1
_BASE_STATEMENT = 0
_PARTICLE = 2
_DOBJ_ANY = 1
_DOBJ_LISTED = 3
_PREP_ANY = 2
_PREP_LISTED = 3
_COMPOUND_WORD = 3

# Verbs that introduce reported speech ("said", "told", "according to"). A closed
# grammatical class the extractor uses for attribution, not dictionary data: only
# say/state/announce/tell/declare are triggers (010, the fallback), in triggers.tsv.
# spaCy lemmatises "according" (to) as "accord".
_REPORTING_VERBS = frozenset(
    {
        "according",
        "accord",
        "add",
        "announce",
        "assert",
        "claim",
        "comment",
        "confirm",
        "declare",
        "explain",
        "insist",
        "note",
        "quote",
        "reiterate",
        "remark",
        "report",
        "say",
        "state",
        "stress",
        "tell",
        "write",
    }
)

_WORD = re.compile(r"[a-z0-9'.éè]+(?: [a-z0-9'.éè]+)*")
_SEPARATORS = re.compile(r"[-_\s]+")

Kind: TypeAlias = Literal["verb", "noun"]
# Makes the InputError of the row being parsed, naming its line.
_Fail: TypeAlias = Callable[[str], InputError]


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """The dictionary's reading of one verb or event noun.

    ``pattern`` names the row that matched, with the words it matched ("launch +
    strike", "call for:conference"); a light verb shows its noun row after it
    ("launch + offensive"). ``target_prep`` is the preposition whose object is the
    target, ``target_is_object`` whether the direct object is, and ``light_verb``
    whether the event sits in the object noun ("launch strikes", "express concern").
    """

    code: str
    pattern: str
    specificity: int
    target_prep: str | None
    target_is_object: bool
    light_verb: bool


@dataclass(frozen=True, slots=True)
class Words:
    """A condition on one word: any word (``*``) or one of a list."""

    words: frozenset[str]
    any: bool = False

    def match(self, forms: Sequence[tuple[str, int]]) -> tuple[str, int] | None:
        """The first of ``forms`` (longest first, with their extra words) this accepts."""
        if self.any:
            return forms[0] if forms else None
        for form, extra in forms:
            if form in self.words:
                return form, extra
        return None

    def __str__(self) -> str:
        return "*" if self.any else "|".join(sorted(self.words))


@dataclass(frozen=True, slots=True)
class PrepCondition:
    """A prepositional child: one of ``preps`` whose object meets ``objects``.

    With ``objects.any`` the preposition alone suffices, object or not.
    """

    preps: frozenset[str]
    objects: Words


@dataclass(frozen=True, slots=True)
class TriggerRow:
    """One row of ``triggers.tsv``, checked and normalised.

    ``dobj`` and ``prep`` are ``None`` where the row sets no condition. ``code`` is
    ``None`` on a light row that takes its object noun's code, and :data:`BLOCK` on a
    row that means "no event".
    """

    line: int
    kind: Kind
    lemma: str
    particles: frozenset[str]
    dobj: Words | None
    prep: PrepCondition | None
    code: str | None
    target_preps: tuple[str, ...]
    target_is_object: bool
    light: bool
    note: str

    @property
    def inherits(self) -> bool:
        """Whether the row takes its code from the event noun in its object."""
        return self.code is None

    @property
    def specificity(self) -> int:
        """The row's own specificity (a light row adds its noun's when it matches)."""
        score = _BASE_STATEMENT if self.code == _STATEMENT else _BASE
        if self.particles:
            score += _PARTICLE
        if self.dobj is not None:
            score += _DOBJ_ANY if self.dobj.any else _DOBJ_LISTED
        if self.prep is not None:
            score += _PREP_ANY if self.prep.objects.any else _PREP_LISTED
        return score


def match_verb(
    lemma: str,
    *,
    particle: str | None = None,
    dobj: str | None = None,
    preps: Sequence[tuple[str, str | None]] = (),
) -> TriggerMatch | None:
    """The most specific trigger for a verb, or ``None``.

    ``lemma`` is the verb's lemma ("hit", "call"), ``particle`` its particle ("off"),
    ``dobj`` the lemma of its direct object's head (or a compound, "air strike") and
    ``preps`` its prepositional children as (preposition, lemma of its object).

    >>> match_verb("carry", particle="out", dobj="airstrike").code
    '195'
    >>> match_verb("launch", dobj="satellite") is None
    True
    """
    return _match("verb", lemma, particle, dobj, _prep_tuple(preps))


def match_noun(lemma: str, *, preps: Sequence[tuple[str, str | None]] = ()) -> TriggerMatch | None:
    """The most specific trigger for an event noun, or ``None``.

    ``lemma`` is the noun's lemma or compound ("incursion", "air strike") and ``preps``
    its prepositional children.

    >>> match_noun("incursion", preps=[("into", "airspace")]).code
    '150'
    """
    return _match("noun", lemma, None, None, _prep_tuple(preps))


def is_light_verb(lemma: str, *, particle: str | None = None) -> bool:
    """Whether the verb can take its event from an event noun in its object.

    True for "launch", "hold", "express", "carry" + "out", "step" + "up": their
    rows with no code of their own. Such a verb may still have readings of its own
    with particular objects ("take hostages", "launch missiles").
    """
    key = _norm(lemma)
    particle_key = _norm(particle) if particle else None
    return any(
        row.inherits and _particle_ok(row, particle_key) for row in _index().verbs.get(key, ())
    )


def is_reporting_verb(lemma: str) -> bool:
    """Whether the verb introduces reported speech ("say", "tell", "according to").

    Reporting verbs are no triggers of their own, except "say", "state", "announce",
    "tell" and "declare" as plain statements (010), the weakest reading there is.
    """
    return _norm(lemma) in _REPORTING_VERBS


def trigger_rows() -> tuple[TriggerRow, ...]:
    """Every row of the packaged dictionary, in file order."""
    return _rows()


def parse_triggers(text: str, *, source: str) -> tuple[TriggerRow, ...]:
    """Parse and check the text of a trigger dictionary.

    :class:`~eventwire.errors.InputError` names the line at fault: an unknown kind or
    CAMEO code, a malformed condition, a y/n column holding something else, a light
    row without an object, a row that repeats the conditions of an earlier one (it
    could never win).
    """
    rows: list[TriggerRow] = []
    seen: dict[tuple[object, ...], int] = {}
    for line, fields in parse_table(text, source, _COLUMNS):
        row = _parse_row(line, fields, source)
        key = (row.kind, row.lemma, row.particles, row.dobj, row.prep)
        if key in seen:
            raise InputError(
                source,
                f"repeats the conditions of line {seen[key]}; merge the two rows",
                line=line,
            )
        seen[key] = line
        rows.append(row)
    return tuple(rows)


# -- loading ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Index:
    verbs: Mapping[str, tuple[TriggerRow, ...]]
    nouns: Mapping[str, tuple[TriggerRow, ...]]


@functools.cache
def _rows() -> tuple[TriggerRow, ...]:
    resource = files("eventwire") / "data" / _FILE
    try:
        text = resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(_SOURCE, f"cannot be read: {exc}") from exc
    return parse_triggers(text, source=_SOURCE)


@functools.cache
def _index() -> _Index:
    """Rows grouped by kind and lemma, file order kept within each lemma."""
    verbs: dict[str, list[TriggerRow]] = {}
    nouns: dict[str, list[TriggerRow]] = {}
    for row in _rows():
        (verbs if row.kind == "verb" else nouns).setdefault(row.lemma, []).append(row)
    return _Index(
        verbs=MappingProxyType({lemma: tuple(rows) for lemma, rows in verbs.items()}),
        nouns=MappingProxyType({lemma: tuple(rows) for lemma, rows in nouns.items()}),
    )


def _parse_row(line: int, fields: dict[str, str], source: str) -> TriggerRow:
    def fail(reason: str) -> InputError:
        return InputError(source, reason, line=line)

    kind = fields["kind"]
    if kind not in ("verb", "noun"):
        raise fail(f"kind {kind!r} is neither 'verb' nor 'noun'")
    lemma = _norm(fields["lemma"])
    if not _WORD.fullmatch(lemma):
        raise fail(f"lemma {fields['lemma']!r} is not a lower-case word or compound")
    particles = _word_list(fields["particle"], "particle", fail)
    dobj = _words(fields["dobj"], "dobj", fail) if fields["dobj"] else None
    prep = _prep_condition(fields["prep"], fail) if fields["prep"] else None
    target_preps = tuple(_ordered_words(fields["target_prep"], "target_prep", fail))
    target_is_object = _yes_no(fields["target_is_object"], "target_is_object", fail)
    light = _yes_no(fields["light"], "light", fail)
    code = _code(fields["code"], fail)
    if kind == "noun" and (particles or dobj is not None or target_is_object or light):
        raise fail("a noun row has no particle, no object, target_is_object n and light n")
    if light and dobj is None and (prep is None or prep.objects.any):
        raise fail("a light row names its event noun, as object or prepositional object")
    if code is None and not (light and dobj is not None and dobj.any):
        raise fail("an empty code is only for a light row with dobj '*' (it takes the noun's)")
    return TriggerRow(
        line=line,
        kind="verb" if kind == "verb" else "noun",
        lemma=lemma,
        particles=frozenset(particles),
        dobj=dobj,
        prep=prep,
        code=code,
        target_preps=target_preps,
        target_is_object=target_is_object,
        light=light,
        note=fields.get("note", ""),
    )


def _code(text: str, fail: _Fail) -> str | None:
    if not text:
        return None
    if text == BLOCK:
        return BLOCK
    try:
        cameo(text)
    except UnknownCodeError as exc:
        raise fail(str(exc)) from None
    return text


def _yes_no(text: str, column: str, fail: _Fail) -> bool:
    if text not in ("y", "n"):
        raise fail(f"{column} is {text!r}, not 'y' or 'n'")
    return text == "y"


def _ordered_words(text: str, column: str, fail: _Fail) -> list[str]:
    if not text:
        return []
    items = [_norm(item) for item in text.split("|")]
    for item in items:
        if not _WORD.fullmatch(item):
            raise fail(f"{column} {text!r} has a malformed item {item!r}")
    return items


def _word_list(text: str, column: str, fail: _Fail) -> frozenset[str]:
    return frozenset(_ordered_words(text, column, fail))


def _words(text: str, column: str, fail: _Fail) -> Words:
    if text == "*":
        return Words(frozenset(), any=True)
    return Words(_word_list(text, column, fail))


def _prep_condition(text: str, fail: _Fail) -> PrepCondition:
    preps, colon, objects = text.partition(":")
    if not colon or not preps or not objects:
        raise fail(f"prep {text!r} is not 'p:*' or 'p1|p2:obj1|obj2'")
    return PrepCondition(_word_list(preps, "prep", fail), _words(objects, "prep", fail))


# -- matching --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Query:
    particle: str | None
    dobj: tuple[tuple[str, int], ...]  # backed-off forms of the object, longest first
    preps: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]


@dataclass(frozen=True, slots=True)
class _Hit:
    match: TriggerMatch
    blocked: bool


# News repeats its verbs and a lookup is pure; 65536 entries of a few hundred bytes
# each stay within tens of MB.
@functools.lru_cache(maxsize=65536)
def _match(
    kind: Kind,
    lemma: str,
    particle: str | None,
    dobj: str | None,
    preps: tuple[tuple[str, str | None], ...],
) -> TriggerMatch | None:
    query = _Query(
        particle=_norm(particle) if particle else None,
        dobj=_forms(dobj) if dobj else (),
        preps=tuple((_norm(prep), _forms(obj) if obj else ()) for prep, obj in preps),
    )
    hit = _lookup(kind, lemma, query)
    return None if hit is None or hit.blocked else hit.match


def _lookup(kind: Kind, lemma: str, query: _Query) -> _Hit | None:
    index = _index()
    table = index.verbs if kind == "verb" else index.nouns
    for form, extra in _forms(lemma):
        rows = table.get(form)
        if rows:
            hit = _best(rows, query, extra)
            if hit is not None:
                return hit
    return None


def _best(rows: Sequence[TriggerRow], query: _Query, extra: int) -> _Hit | None:
    best: _Hit | None = None
    for row in rows:
        hit = _try(row, query, extra)
        # Strictly greater: on a tie the earlier row (file order) stays.
        if hit is not None and (best is None or hit.match.specificity > best.match.specificity):
            best = hit
    return best


def _try(row: TriggerRow, query: _Query, extra: int) -> _Hit | None:
    if not _particle_ok(row, query.particle):
        return None
    score = row.specificity + _COMPOUND_WORD * extra
    head = f"{row.lemma} {query.particle}" if row.particles else row.lemma
    conditions: list[str] = []
    if row.dobj is not None:
        matched = row.dobj.match(query.dobj)
        if matched is None:
            return None
        if row.dobj.any:
            conditions.append("+ *")
        else:
            conditions.append(f"+ {matched[0]}")
            score += _COMPOUND_WORD * matched[1]
    if row.prep is not None:
        found = _prep_match(row.prep, query)
        if found is None:
            return None
        prep, obj, obj_extra = found
        conditions.append(f"{prep}:{obj}")
        score += _COMPOUND_WORD * obj_extra
    if row.code is None:
        return _inherit(row, query, score, head)
    match = TriggerMatch(
        code=row.code,
        pattern=" ".join([head, *conditions]),
        specificity=score,
        target_prep=_target_prep(row.target_preps, query),
        target_is_object=row.target_is_object,
        light_verb=row.light,
    )
    return _Hit(match, blocked=row.code == BLOCK)


def _inherit(row: TriggerRow, query: _Query, score: int, head: str) -> _Hit | None:
    """A light verb's reading: the event noun in its object, with the verb's preps
    (a prepositional phrase may hang on the verb or on the noun: "launched an offensive
    against Z")."""
    if not query.dobj:
        return None
    noun_query = _Query(particle=None, dobj=(), preps=query.preps)
    noun = _lookup("noun", query.dobj[0][0], noun_query)
    if noun is None or noun.blocked:
        return None
    match = TriggerMatch(
        code=noun.match.code,
        pattern=f"{head} + {noun.match.pattern}",
        specificity=score + noun.match.specificity,
        target_prep=_target_prep(row.target_preps, query) or noun.match.target_prep,
        target_is_object=row.target_is_object,
        light_verb=True,
    )
    return _Hit(match, blocked=False)


def _prep_match(condition: PrepCondition, query: _Query) -> tuple[str, str, int] | None:
    """The sentence's preposition meeting ``condition`` best: (prep, object, extra words)."""
    best: tuple[str, str, int] | None = None
    for prep, forms in query.preps:
        if prep not in condition.preps:
            continue
        if condition.objects.any:
            return prep, "*", 0
        matched = condition.objects.match(forms)
        if matched is not None and (best is None or matched[1] > best[2]):
            best = (prep, matched[0], matched[1])
    return best


def _target_prep(target_preps: Sequence[str], query: _Query) -> str | None:
    """The first listed preposition the sentence has, else the first listed."""
    present = {prep for prep, _ in query.preps}
    for prep in target_preps:
        if prep in present:
            return prep
    return target_preps[0] if target_preps else None


def _particle_ok(row: TriggerRow, particle: str | None) -> bool:
    # A row without a particle is the plain verb: "call" rows never read "call off".
    return particle in row.particles if row.particles else particle is None


def _prep_tuple(preps: Sequence[tuple[str, str | None]]) -> tuple[tuple[str, str | None], ...]:
    return tuple((prep, obj) for prep, obj in preps)


def _norm(text: str) -> str:
    return _SEPARATORS.sub(" ", text.lower()).strip()


def _forms(text: str) -> tuple[tuple[str, int], ...]:
    """A word and its backed-off forms with their extra words: "car bomb attack" ->
    ("car bomb attack", 2), ("bomb attack", 1), ("attack", 0)."""
    words = _norm(text).split(" ")
    if words == [""]:
        return ()
    return tuple((" ".join(words[i:]), len(words) - i - 1) for i in range(len(words)))
