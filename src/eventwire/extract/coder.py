"""Events from parsed sentences: triggers, their arguments, and everything around them.

For each sentence, in stages:

1. triggers: every verb (with its particle, object and prepositions) and every event
   noun is looked up in the trigger dictionary (:mod:`.triggers`); a light verb
   ("launched", "expressed") takes the code of its event-noun object, which is then not
   a trigger of its own;
2. arguments from the dependency parse: the source is the subject (the passive agent;
   a shared subject up a chain of ``conj``/``xcomp``; the head noun of a relative or
   participial clause; a possessive or adjective of a nominal trigger: "Russian air
   strikes"); the target is the object, the object of the trigger's target preposition
   ("against", "on", "with"), or an actor modifying the object ("27 IS targets");
   coordination ("Russia and Syria") gives one event per actor;
3. actors are resolved to codes (:mod:`eventwire.resolve.actors`), pronouns and short
   names through a per-article memory; an event without a resolved source is dropped;
4. attribution, factuality, figures, date and place are read around the trigger;
5. a plain statement (01, "X said ...") is kept only when the sentence has no other
   event, so that "X said Y did Z" yields Y-Z attributed to X.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from eventwire.codebook import cameo as cameo_code
from eventwire.codebook import to_plover
from eventwire.extract.attribution import REPORTING, ReportFrame, find_frame
from eventwire.extract.factuality import GOVERNING_NOUNS, factuality, governors
from eventwire.extract.placing import locate_event
from eventwire.extract.quantities import figures_near
from eventwire.extract.timing import resolve_event_date
from eventwire.extract.triggers import TriggerMatch, match_noun, match_verb
from eventwire.parse import Sentence
from eventwire.records import (
    Actor,
    Attribution,
    CameoCoding,
    Event,
    Evidence,
    Location,
    OffsetMap,
    PlaceMention,
    PloverCoding,
    content_id,
)
from eventwire.resolve.actors import ActorMemory, ActorResolver
from eventwire.resolve.places import country_of_place

__all__ = ["ArticleContext", "SentenceCoder", "code_sentence"]

_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_OBJECTS = {"dobj", "obj", "attr", "dative"}
# Clause parts that are not part of an actor's name.
_NOT_NAME = frozenset(
    {"relcl", "acl", "advcl", "punct", "prep", "cc", "conj", "appos", "parataxis", "det"}
)
_PRONOUNS = {
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "him",
    "her",
    "them",
    "us",
    "who",
    "which",
    "that",
}
_AIR = {
    "air",
    "airstrike",
    "strike",
    "jet",
    "warplane",
    "plane",
    "aircraft",
    "bomber",
    "sortie",
    "missile",
    "helicopter",
    "drone",
    "bomb",
    "bombing",
    "raid",
}
# Verbs whose object is the subject of their infinitive ("asked Russia to help").
_OBJECT_CONTROL = {
    "ask",
    "urge",
    "call",
    "tell",
    "invite",
    "encourage",
    "force",
    "allow",
    "order",
    "persuade",
    "press",
    "help",
}
_STATE_SECTORS = {"MIL", "GOV", "COP"}
# Prepositions that lead to whom an act reaches, tried when the dictionary names none.
_REACH_PREPS = ("to", "for", "against", "on", "with", "into", "toward", "towards", "at")
# An actor's own readiness to cooperate is coded as intent (CAMEO 03): to meet or
# negotiate 036, to cooperate diplomatically 032, materially 031, to give aid 033, to
# yield 034. Plans and schedules the journalist reports keep the act's code instead.
_INTENT_CODES = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "034"}
# The same for conflict: an announced coercive or violent act is a threat (CAMEO 13):
# sanctions 131, repression 137, military force 138.
_THREAT_CODES = {"16": "131", "17": "137", "18": "138", "19": "138", "20": "138"}
_INTENT_EXPRESSIONS = {
    "ready",
    "willing",
    "prepared",
    "offer",
    "pledge",
    "promise",
    "agree",
    "commit",
    "eager",
    "open",
}
# A negated cooperative act is a refusal (CAMEO 12: "reject"): not yielding is 124
# "refuse to yield", not agreeing, supporting, cooperating or aiding is 120 "reject".
_REFUSABLE = {"08": "124", "03": "120", "05": "120", "06": "120", "07": "120"}
# Acts that coordinated participants do with each other: agree, consult, cooperate.
_SYMMETRIC_ROOTS = {"03", "04", "05", "06"}
# Prepositions after an event noun that name whom it is aimed at or comes from.
_AIMED_PREPS = frozenset({"against", "on", "to", "with", "from", "by", "toward", "towards"})
_PLACE_PREPS = {"in", "near", "over", "across", "around", "outside", "inside", "at", "into"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass
class ArticleContext:
    """What the coder knows of the article a sentence comes from."""

    article_id: str = ""
    source: str | None = None
    published: datetime | None = None
    offsets: OffsetMap | None = None  # maps evidence spans to the text the input gave
    memory: ActorMemory = field(default_factory=ActorMemory)
    focus_country: str | None = None
    last_person: Actor | None = None  # for "he"/"she"
    last_group: Actor | None = None  # for "it"/"they"
    places: list[PlaceMention] = field(default_factory=list)  # the current sentence's
    article_location: Location | None = None  # where the article is set
    text: str = ""  # the parsed text (for its dateline)

    @property
    def when(self) -> date | None:
        return self.published.date() if self.published else None


@dataclass(frozen=True, slots=True)
class _Trigger:
    i: int
    match: TriggerMatch
    noun: int | None  # the event noun, for light verbs and nominal triggers
    nominal: bool = False


def _children(sent: Sentence, i: int, deps: set[str]) -> list[int]:
    return [c for c in sent.children(i) if sent.tokens[c].dep in deps]


def _first(sent: Sentence, i: int, deps: set[str]) -> int | None:
    found = _children(sent, i, deps)
    return found[0] if found else None


def _object(sent: Sentence, i: int) -> int | None:
    """The object of verb ``i``: the direct object before an indirect one ("gave Tanzania
    a grant": the grant is given, Tanzania receives it)."""
    for deps in ({"dobj", "obj"}, {"attr"}, {"dative"}):
        found = _first(sent, i, deps)
        if found is not None:
            return found
    return None


def _preps(sent: Sentence, i: int) -> list[tuple[str, int | None]]:
    out = []
    for p in _children(sent, i, {"prep", "agent"}):
        pobj = _first(sent, p, {"pobj", "pcomp"})
        out.append((sent.tokens[p].lemma, pobj))
    return out


# Nouns that only count or group the event noun after "of": "dozens of strikes".
_QUANTIFIERS = {
    "dozen",
    "dozens",
    "hundred",
    "hundreds",
    "wave",
    "series",
    "number",
    "string",
    "spate",
    "round",
    "barrage",
    "volley",
    "salvo",
    "couple",
    "lot",
    "total",
    # measures of what is given or seized: "25,000 tons of food aid"
    "ton",
    "tonne",
    "shipment",
    "consignment",
    "batch",
    "cargo",
    "convoy",
}


# Nouns that only count or gather the actor after "of": "a group of diplomats".
_GROUP_NOUNS = _QUANTIFIERS | {
    "group",
    "ten",
    "thousand",
    "thousands",
    "million",
    "some",
    "crowd",
    "band",
    "contingent",
    "delegation",
    "team",
    "party",
    "detachment",
}


def _event_noun(sent: Sentence, i: int | None) -> int | None:
    """The noun that carries the event: through quantifiers ("a wave of attacks")."""
    if i is None:
        return None
    if sent.tokens[i].lemma in _QUANTIFIERS:
        for p, pobj in _preps(sent, i):
            if p == "of" and pobj is not None:
                return pobj
    return i


def _lemma(sent: Sentence, i: int | None) -> str | None:
    """The lemma, with a compound modifier when there is one ("car bomb", "hunger strike")."""
    if i is None:
        return None
    tok = sent.tokens[i]
    compound = [c for c in sent.children(i) if sent.tokens[c].dep == "compound" and c == i - 1]
    if compound and tok.pos == "NOUN":
        return f"{sent.tokens[compound[0]].lemma} {tok.lemma}"
    return tok.lemma


def _is_passive(sent: Sentence, verb: int) -> bool:
    return bool(_children(sent, verb, {"nsubjpass", "auxpass"}))


def find_triggers(sent: Sentence) -> list[_Trigger]:
    triggers: list[_Trigger] = []
    consumed: set[int] = set()
    for tok in sent.tokens:
        if tok.pos != "VERB":
            continue
        particle = _first(sent, tok.i, {"prt"})
        obj = _event_noun(sent, _object(sent, tok.i))
        if obj is None and _is_passive(sent, tok.i):
            obj = _first(sent, tok.i, {"nsubjpass"})
        preps = _preps(sent, tok.i)
        match = match_verb(
            tok.lemma,
            particle=_lemma(sent, particle),
            dobj=_lemma(sent, obj),
            preps=[(p, _lemma(sent, o)) for p, o in preps],
        )
        if match is None:
            continue
        noun = obj if match.light_verb else None
        if noun is not None:
            consumed.add(noun)
        triggers.append(_Trigger(tok.i, match, noun))
    for tok in sent.tokens:
        if tok.pos != "NOUN" or tok.i in consumed:
            continue
        match = match_noun(
            _lemma(sent, tok.i) or tok.lemma,
            preps=[(p, _lemma(sent, o)) for p, o in _preps(sent, tok.i)],
        )
        if match is not None:
            triggers.append(_Trigger(tok.i, match, tok.i, nominal=True))
    return triggers


# -- arguments ----------------------------------------------------------------------------


def _coordinated(sent: Sentence, i: int) -> list[int]:
    """``i`` and the heads coordinated with it ("Russia and Syria")."""
    out = [i]
    stack = [i]
    while stack:
        for c in _children(sent, stack.pop(), {"conj"}):
            if sent.tokens[c].pos in {"NOUN", "PROPN", "PRON"}:
                out.append(c)
                stack.append(c)
    return out


def _subject_head(sent: Sentence, verb: int) -> int | None:
    """The subject of ``verb``, looking up through shared-subject constructions."""
    cur = verb
    for _ in range(5):
        if _is_passive(sent, cur):
            agent = _first(sent, cur, {"agent"})
            if agent is not None:
                return _first(sent, agent, {"pobj"})
            return None
        subj = _first(sent, cur, {"nsubj", "csubj"})
        if subj is None:  # the parser sometimes hangs the subject on the auxiliary
            for aux in _children(sent, cur, {"aux"}):
                subj = _first(sent, aux, {"nsubj"})
                if subj is not None:
                    break
        if subj is not None:
            return subj
        tok = sent.tokens[cur]
        if tok.head == cur:
            return None
        head = sent.tokens[tok.head]
        if tok.dep == "xcomp" and head.lemma in _OBJECT_CONTROL:
            obj = _object(sent, head.i)
            if obj is not None:
                return obj
        if tok.dep in {"relcl", "acl"}:
            # "aircraft bombing militants": the noun acts; "people killed": it is acted on
            return None if tok.tag == "VBN" else head.i
        if tok.dep not in {"conj", "xcomp", "advcl", "ccomp", "pcomp", "prep", "pobj"}:
            return None
        cur = tok.head
    return None


def _actor_modifiers(sent: Sentence, noun: int) -> list[int]:
    """Tokens inside a noun phrase that may name an actor: "27 IS targets", "Russian air strikes"."""
    return [
        c
        for c in sent.children(noun)
        if sent.tokens[c].dep in {"poss", "compound", "amod", "nmod"}
        and (sent.tokens[c].pos in {"PROPN", "ADJ", "NOUN"})
    ]


def _phrase(sent: Sentence, head: int) -> str:
    indices = sent.subtree(head, skip_deps=_NOT_NAME)
    appos = _first(sent, head, {"appos"})
    if appos is not None:  # "Syria's army chief, General Ayoub": the name helps resolve
        indices = sorted(set(indices) | set(sent.subtree(appos, skip_deps=_NOT_NAME)))
        return sent.span_text(indices)
    return sent.span_text(indices)


class SentenceCoder:
    """Codes the events of sentences; one instance per process (it holds the dictionaries)."""

    def __init__(
        self, resolver: ActorResolver | None = None, *, require_source: bool = True
    ) -> None:
        """``require_source=False`` keeps events whose source could not be coded, with an
        uncoded source actor (``code=None``): sentence-level evaluation wants the event
        class and argument spans even when the actor dictionary does not know the actor."""
        self.resolver = resolver or ActorResolver()
        self.require_source = require_source
        self._codes: dict[int, str] = {}  # the current sentence's triggers and codes

    def countries_of(self, sent: Sentence) -> list[tuple[str, int]]:
        """Countries a sentence mentions, weighted by how surely they say where it is set:
        3 for a place under a place preposition ("in northern Syria"), 2 for another
        place name, 1 for a nationality."""
        out = []
        for start, end, label in sent.ents:
            if label not in _PLACE_LABELS and label != "NORP":
                continue
            text = sent.span_text(list(range(start, end)))
            country = country_of_place(text) if label in _PLACE_LABELS else None
            if country is None:
                actor = self.resolver.resolve(text)
                country = actor.country if actor is not None else None
            if not country:
                continue
            weight = 1
            if label in _PLACE_LABELS:
                weight = 2
                for i in range(start, end):  # the entity hangs under "in"/"near"/...?
                    tok = sent.tokens[i]
                    head = sent.tokens[tok.head]
                    if tok.dep == "pobj" and head.lemma in _PLACE_PREPS:
                        weight = 3
                        break
            out.append((country, weight))
        return out

    def actor(
        self,
        sent: Sentence,
        head: int | None,
        ctx: ArticleContext,
        *,
        seen: frozenset[int] = frozenset(),
    ) -> Actor | None:
        """The actor a noun phrase names; ``seen``: heads already being resolved (a
        pronoun and a group noun may point at each other: "some of them ... they")."""
        if head is None or head in seen:
            return None
        seen = seen | {head}
        tok = sent.tokens[head]
        if tok.lemma in _PRONOUNS or tok.pos == "PRON":
            if tok.lemma in {"he", "she", "him", "her"}:
                return ctx.last_person
            if tok.lemma in {"it", "they", "them"}:
                # "China believes ... and it calls for": the subject named before the
                # pronoun in the same sentence, before any earlier sentence's actor
                for j in range(head - 1, -1, -1):
                    prior = sent.tokens[j]
                    if prior.dep in {"nsubj", "nsubjpass"} and prior.pos in {"PROPN", "NOUN"}:
                        found = self.actor(sent, j, ctx, seen=seen)
                        if found is not None and not found.person:
                            return found
            return ctx.last_group
        if tok.lemma in _GROUP_NOUNS:
            # "a group of Moroccan diplomats", "tens of thousands of students": the
            # members act
            for p, pobj in _preps(sent, head):
                if p == "of" and pobj is not None and pobj != head:
                    return self.actor(sent, pobj, ctx, seen=seen)
        phrase = _phrase(sent, head)
        actor = self.resolver.resolve(
            phrase, when=ctx.when, memory=ctx.memory, context_country=ctx.focus_country
        )
        compounds = [c for c in sent.children(head) if sent.tokens[c].dep == "compound"]
        if actor is None and compounds:
            # "NATO defense ministers meeting": the parser may take the last noun for the
            # head; the words before it still name the actor.
            modifier = sent.span_text(sent.subtree(compounds[0]) + compounds[1:])
            actor = self.resolver.resolve(
                modifier, when=ctx.when, memory=ctx.memory, context_country=ctx.focus_country
            )
        if actor is None and phrase != tok.text:
            actor = self.resolver.resolve(
                tok.text, when=ctx.when, memory=ctx.memory, context_country=ctx.focus_country
            )
        if actor is not None:
            ctx.memory.remember(actor, phrase)
            if actor.person:
                ctx.last_person = actor
            else:
                ctx.last_group = actor
        return actor

    def target_actor(self, sent: Sentence, head: int | None, ctx: ArticleContext) -> Actor | None:
        """The actor at ``head``; a place the act is aimed at stands for its country
        ("threatened to shell Haifa" targets Israel), as CAMEO coders code it."""
        actor = self.actor(sent, head, ctx)
        if actor is not None or head is None or sent.tokens[head].ent_type != "GPE":
            return actor
        ent = sent.ent_of(head)
        name = sent.span_text(list(range(ent[0], ent[1]))) if ent else sent.tokens[head].text
        country = country_of_place(name)
        if country is None:
            return None
        return Actor(name=name, code=country, country=country, kind="state")

    def _targets(self, sent: Sentence, trig: _Trigger) -> list[int]:
        m = trig.match
        verb = trig.i
        if trig.nominal or m.light_verb:
            noun = trig.noun if trig.noun is not None else verb
            for p, pobj in _preps(sent, noun):
                if pobj is not None and p == m.target_prep:
                    return _coordinated(sent, pobj)
            dative = _first(sent, verb, {"dative"})
            if m.light_verb and dative is not None and sent.tokens[dative].pos != "ADP":
                return _coordinated(sent, dative)  # "gave Tanzania a grant"
            if m.light_verb:  # "launched strikes against X" may attach to the verb
                for p, pobj in _preps(sent, verb):
                    if pobj is not None and p == (m.target_prep or p) and p not in _PLACE_PREPS:
                        return _coordinated(sent, pobj)
            return []
        if _is_passive(sent, verb):
            subj = _first(sent, verb, {"nsubjpass"})
            return _coordinated(sent, subj) if subj is not None else []
        obj = _object(sent, verb)
        dative = _first(sent, verb, {"dative"})
        if dative is not None and m.target_prep == "to" and sent.tokens[dative].pos != "ADP":
            return _coordinated(sent, dative)  # "gave Jordan a grant"
        if m.target_prep:
            for p, pobj in _preps(sent, verb):
                if p == m.target_prep and pobj is not None:
                    return _coordinated(sent, pobj)
        if obj is not None:
            if m.target_is_object:
                return _coordinated(sent, obj)
            mods = _actor_modifiers(sent, obj)
            if mods:
                return mods
            for p, pobj in _preps(sent, obj):  # "positions of the rebels"
                if p == "of" and pobj is not None:
                    return [pobj]
        return []

    def _speaker_country(
        self, sent: Sentence, ctx: ArticleContext, attribution: Attribution | None
    ) -> str | None:
        """The country of whoever speaks in the sentence: the claimant, else the subject
        of a reporting verb."""
        if attribution is not None and attribution.claimant.country is not None:
            return attribution.claimant.country
        for tok in sent.tokens:
            if tok.lemma in REPORTING and tok.pos == "VERB":
                subj = _first(sent, tok.i, {"nsubj"})
                speaker = self.actor(sent, subj, ctx) if subj is not None else None
                if speaker is not None and speaker.country is not None:
                    return speaker.country
        return None

    @staticmethod
    def _reached(sent: Sentence, trig: _Trigger) -> list[int]:
        heads = [trig.i] + ([trig.noun] if trig.noun is not None and trig.noun != trig.i else [])
        obj = _object(sent, trig.i)
        out: list[int] = []
        if obj is not None:
            heads.append(obj)
        for head in heads:
            out += [
                pobj for p, pobj in _preps(sent, head) if p in _REACH_PREPS and pobj is not None
            ]
        return out

    @staticmethod
    def _further_targets(sent: Sentence, trig: _Trigger) -> list[int]:
        """Whom the act is aimed at when its frame names no one, looking further:

        1. through verbs it controls: "threatened to shell Haifa", "agreed to lay down
           their weapons" (at most two steps, as annotators do);
        2. through the phrases of its object noun: "opened investigations against
           hundreds of banks", "rejected accusations by the US", "lifted sanctions
           imposed on China", "donations to Palestinians".
        """
        verbs = [trig.i]
        for _ in range(2):
            nxt = [c for c in _children(sent, verbs[-1], {"xcomp"}) if sent.tokens[c].pos == "VERB"]
            if not nxt:
                break
            verbs.append(nxt[0])
        for verb in verbs[1:]:
            obj = _object(sent, verb)
            if obj is not None and sent.tokens[obj].pos in {"PROPN", "NOUN"}:
                return _coordinated(sent, obj)
            for p, pobj in _preps(sent, verb):
                if p in _REACH_PREPS and p not in _PLACE_PREPS and pobj is not None:
                    return _coordinated(sent, pobj)
        noun = trig.noun if trig.noun is not None else _object(sent, trig.i)
        if noun is None:
            return []
        holders = [noun, *_children(sent, noun, {"acl"})]
        for holder in holders:
            for p, pobj in _preps(sent, holder):
                if pobj is not None and p in _AIMED_PREPS:
                    return _coordinated(sent, pobj)
        return []

    @staticmethod
    def _owners(sent: Sentence, noun: int) -> list[int]:
        """Who a thing belongs to: its possessor, an actor-like modifier, "of X"."""
        out = [
            c
            for c in _actor_modifiers(sent, noun)
            if sent.tokens[c].dep in {"poss", "amod", "compound"}
        ]
        out += [pobj for p, pobj in _preps(sent, noun) if p == "of" and pobj is not None]
        return out

    def _sources(self, sent: Sentence, trig: _Trigger) -> list[int]:
        if trig.nominal:
            # "car bomb": a compound that is part of the trigger is not an actor
            in_trigger = len(trig.match.pattern.split()) > 1
            mods = [
                m
                for m in _actor_modifiers(sent, trig.i)
                if sent.tokens[m].dep in {"poss", "amod", "compound"}
                and not (in_trigger and m == trig.i - 1 and sent.tokens[m].dep == "compound")
            ]
            if mods:
                return mods
            # "the strikes by Russia"
            for p, pobj in _preps(sent, trig.i):
                if p == "by" and pobj is not None:
                    return [pobj]
            return []
        subj = _subject_head(sent, trig.i)
        return _coordinated(sent, subj) if subj is not None else []

    def focus(
        self, sent: Sentence, ctx: ArticleContext, places: list[tuple[str, int]] | None
    ) -> str | None:
        """Set the country role nouns ("rebels", "government forces") take for this
        sentence: the one it places them in, else the article's (a place in the sentence
        outranks a nationality). Returns the article's, to restore afterwards."""
        places = sorted(
            self.countries_of(sent) if places is None else places, key=lambda cw: -cw[1]
        )
        article_focus = ctx.focus_country
        if places and places[0][1] >= 2:
            ctx.focus_country = places[0][0]
        return article_focus

    def code(
        self, sent: Sentence, ctx: ArticleContext, *, places: list[tuple[str, int]] | None = None
    ) -> list[Event]:
        """The sentence's events; ``places`` is :meth:`countries_of` when already known."""
        triggers = find_triggers(sent)
        if not triggers:
            return []
        self._codes = {t.i: t.match.code for t in triggers}
        article_focus = self.focus(sent, ctx, places)
        events: list[Event] = []
        statements: list[Event] = []
        for trig in triggers:
            frame = find_frame(sent, trig.i)
            source_heads = self._sources(sent, trig)
            sources: list[tuple[int | None, Actor]] = [
                (h, a) for h in source_heads if (a := self.actor(sent, h, ctx))
            ]
            if not sources and not self.require_source:
                head = source_heads[0] if source_heads else None
                name = _phrase(sent, head) if head is not None else ""
                sources = [(head, Actor(name=name, kind="unresolved"))]
            if not sources:
                continue
            target_heads = self._targets(sent, trig)
            targets: list[tuple[int | None, Actor | None]] = [
                (h, a) for h in target_heads if (a := self.target_actor(sent, h, ctx))
            ]
            reached = False
            if not targets:
                # Whom else the act reaches, if it names an actor: the object ("asked
                # Moscow for help"), "to"/"for"/"against"... ("supplied weapons to the
                # Syrian government"), or the owner of what was acted on ("condemned
                # Russia's strikes").
                owners = self._reached(sent, trig) + [
                    m for h in target_heads for m in self._owners(sent, h)
                ]
                for owner in owners:
                    if (found := self.actor(sent, owner, ctx)) is not None:
                        targets, reached = [(owner, found)], True
                        break
            if not targets and not target_heads:
                target_heads = self._further_targets(sent, trig)
                targets = [
                    (h, a) for h in target_heads[:1] if (a := self.target_actor(sent, h, ctx))
                ]
                reached = True
            if not targets:
                targets = [(target_heads[0] if target_heads else None, None)]
            symmetric = (
                len(sources) > 1
                and targets[0][1] is None
                and trig.match.code[:2] in _SYMMETRIC_ROOTS
            )
            for source_head, source in sources:
                if symmetric:  # "Kerry and Lavrov met": each met the other
                    targets = [(h, a) for h, a in sources if a is not source]
                for target_head, target in targets:
                    if target is not None and target.code == source.code and not symmetric:
                        target, target_head = None, None
                    args = (_argument_span(sent, source_head), _argument_span(sent, target_head))
                    event = self._event(
                        sent, trig, source, target, frame, ctx, args, sure_target=not reached
                    )
                    if event is None:
                        continue
                    # A plain statement ("X said ..."), not a coded verbal act such as 015
                    # "claimed responsibility", which is an event of its own.
                    is_statement = event.cameo.code == "010"
                    (statements if is_statement else events).append(event)
        ctx.focus_country = article_focus
        return events or statements[:1]

    def _event(
        self,
        sent: Sentence,
        trig: _Trigger,
        source: Actor,
        target: Actor | None,
        frame: ReportFrame | None,
        ctx: ArticleContext,
        args: tuple[tuple[int, int] | None, tuple[int, int] | None] = (None, None),
        *,
        sure_target: bool = True,
    ) -> Event | None:
        code = trig.match.code
        if code == "130":
            # "threatened to shell Haifa": the threatened act says which threat (13x)
            for inner in _children(sent, trig.i, {"xcomp"}):
                root = self._codes.get(inner, "")[:2]
                if root in _THREAT_CODES:
                    code = _THREAT_CODES[root]
        words = {sent.tokens[trig.i].lemma}
        if trig.noun is not None:
            words.add(sent.tokens[trig.noun].lemma)
            words.update(sent.tokens[c].lemma for c in sent.children(trig.noun))
        words.update(w.lower() for w in source.name.replace("'s", " ").split())
        if code == "190" and source.sector == "MIL" and words & _AIR:
            code = "195"  # conventional force from the air: aerial weapons
        try:
            entry = cameo_code(code)
        except KeyError:
            return None
        attribution = self.attribution(sent, trig.i, frame, ctx)
        hedged = frame is not None and frame.verb != trig.i and frame.hedged
        source = self.speaker_state(sent, source, attribution, ctx)
        fact = factuality(sent, trig.i, hedged=hedged)
        govs = governors(sent, trig.i)
        if (
            fact == "intended"
            and entry.root in _INTENT_CODES
            and govs
            and sent.tokens[govs[0]].lemma in _INTENT_EXPRESSIONS
        ):
            # "Russia is ready to hold talks": the expression of intent is the event (03x)
            entry = cameo_code(_INTENT_CODES[entry.root])
            fact = "asserted"
        if (
            fact in {"intended", "hypothetical"}
            and _announces_own_act(sent, trig.i)
            and (entry.root in _INTENT_CODES or entry.root in _THREAT_CODES)
        ):
            # "Hungary said it will support the resolution", "the rebels said they would
            # attack": an actor announcing its own act has expressed an intent (03x) or
            # made a threat (13x), and that did happen.
            intent = _INTENT_CODES.get(entry.root) or _THREAT_CODES[entry.root]
            entry = cameo_code(intent)
            fact = "asserted"
        if fact == "negated" and entry.root in _REFUSABLE:
            # "will not lift the sanctions" is a refusal (12x), which did happen
            entry = cameo_code(_REFUSABLE[entry.root])
            fact = "asserted"
        # The main event of a sentence is the trigger nearest the root of the parse: an
        # event noun or clause under another trigger is usually what that one is about.
        depth = _depth(sent, trig.i)
        confidence = 0.5 + 0.05 * min(trig.match.specificity, 4) - 0.06 * min(depth, 5)
        confidence -= 0.08 if trig.nominal else 0.0
        confidence -= 0.1 if source.code is None else 0.0
        # A target the trigger's frame names makes the reading surer; one found by
        # looking further (prepositions, owners) does not.
        confidence += 0.15 if target is not None and sure_target else 0.0
        confidence -= 0.2 if entry.code.startswith("01") else 0.0
        confidence *= 1.0 if fact == "asserted" else 0.8
        return self.assemble(
            sent,
            trig.i,
            trig.noun,
            source,
            target,
            entry.code,
            fact,
            attribution,
            ctx,
            args,
            confidence=round(min(max(confidence, 0.05), 0.99), 3),
            pattern=trig.match.pattern,
        )

    def attribution(
        self, sent: Sentence, trigger: int, frame: ReportFrame | None, ctx: ArticleContext
    ) -> Attribution | None:
        """Who the sentence says reported the act at ``trigger`` ("..., police said")."""
        if frame is None or frame.verb == trigger:
            return None
        claimant = self.actor(sent, frame.claimant, ctx)
        if claimant is None:
            return None
        via = _phrase(sent, frame.via) if frame.via is not None else None
        return Attribution(claimant=claimant, via=via, verb=sent.tokens[frame.verb].lemma)

    def speaker_state(
        self, sent: Sentence, source: Actor, attribution: Attribution | None, ctx: ArticleContext
    ) -> Actor:
        """ "Syria's army chief said the military had launched ...": an official speaks of
        his own state's forces when he names no other country."""
        if source.country is not None or source.sector not in _STATE_SECTORS:
            return source
        country = self._speaker_country(sent, ctx, attribution)
        if country is None:
            return source
        return replace(source, country=country, code=f"{country}{source.sector}")

    def assemble(
        self,
        sent: Sentence,
        trigger: int,
        noun: int | None,
        source: Actor,
        target: Actor | None,
        code: str,
        fact: str,
        attribution: Attribution | None,
        ctx: ArticleContext,
        args: tuple[tuple[int, int] | None, tuple[int, int] | None],
        *,
        confidence: float,
        pattern: str,
    ) -> Event:
        """The event record of a coded trigger: figures, date and place read around it,
        evidence spans mapped to the input's text. Shared by the rule and learned coders."""
        entry = cameo_code(code)
        event_type, mode = to_plover(entry.code)
        heads = (
            [trigger] + ([noun] if noun is not None else []) + _children(sent, trigger, _OBJECTS)
        )
        quantities = tuple(figures_near(sent, heads))
        when, precision = resolve_event_date(sent, trigger, ctx.published)
        location = locate_event(sent, heads, ctx.places, actors=args, article=ctx.article_location)
        offsets = ctx.offsets

        def original(span: tuple[int, int] | None) -> tuple[int | None, int | None]:
            if span is None:
                return None, None
            if isinstance(offsets, OffsetMap):
                return offsets.span_to_original(*span)
            return span

        start, end = original((sent.start, sent.end))
        t_start, t_end = original((sent.tokens[trigger].start, sent.tokens[trigger].end))
        s_start, s_end = original(args[0])
        g_start, g_end = original(args[1])
        evidence = Evidence(
            article_id=ctx.article_id,
            sentence=sent.text,
            start=start if start is not None else sent.start,
            end=end if end is not None else sent.end,
            source=ctx.source,
            published=ctx.published,
            trigger_start=t_start,
            trigger_end=t_end,
            source_start=s_start,
            source_end=s_end,
            target_start=g_start,
            target_end=g_end,
        )
        return Event(
            id=content_id(
                ctx.article_id,
                str(sent.start),
                str(trigger),
                source.code,
                target.code if target else None,
                entry.code,
            ),
            source=source,
            target=target,
            cameo=CameoCoding(
                entry.code, entry.root, entry.quad_class, entry.goldstein, entry.name
            ),
            plover=PloverCoding(event_type, mode),
            factuality=fact,
            evidence=(evidence,),
            date=when,
            date_precision=precision,
            location=location,
            quantities=quantities,
            attribution=attribution,
            confidence=confidence,
            trigger=pattern,
        )


# What an argument phrase leaves out: relative and adverbial clauses, coordinated
# siblings (their own arguments). Appositions stay: "Bahrain's Prime Minister, Prince
# Khalifa" is one argument, as annotators mark it.
_NOT_ARGUMENT = frozenset({"relcl", "advcl", "parataxis", "cc", "conj"})
# Prepositions whose phrase identifies the argument rather than adds to it.
_IDENTIFYING_PREPS = frozenset({"of", "in", "from"})


_FUTURE = frozenset({"will", "would", "shall", "'ll", "'d"})
_SELF = frozenset({"it", "they", "we", "he", "she", "i"})


def _announces_own_act(sent: Sentence, trigger: int) -> bool:
    """``trigger`` is a future act its own actor announces: "X said it will ...",
    "X says they would ..." (a pronoun subject under a reporting verb)."""
    tok = sent.tokens[trigger]
    if tok.dep != "ccomp" or sent.tokens[tok.head].lemma not in REPORTING:
        return False
    if not _has_aux(sent, trigger, _FUTURE):
        return False
    subj = _first(sent, trigger, {"nsubj"})
    return subj is not None and sent.tokens[subj].text.lower() in _SELF


def _has_aux(sent: Sentence, i: int, lemmas: frozenset[str]) -> bool:
    return any(
        sent.tokens[c].dep == "aux" and sent.tokens[c].text.lower() in lemmas
        for c in sent.children(i)
    )


def _depth(sent: Sentence, i: int) -> int:
    """How many heads lie between token ``i`` and the root, reporting verbs not counted."""
    depth = 0
    while sent.tokens[i].head != i and depth < 20:
        i = sent.tokens[i].head
        if sent.tokens[i].lemma not in REPORTING:
            depth += 1
    return depth


def _argument_span(sent: Sentence, head: int | None) -> tuple[int, int] | None:
    """Character span of the argument phrase headed by ``head`` (in the parsed text).

    An actor found as a modifier of a noun ("27 IS targets") spans the whole noun phrase,
    as annotators mark arguments.
    """
    if head is None:
        return None
    tok = sent.tokens[head]
    if tok.dep in {"compound", "amod", "poss", "nmod"} and tok.head != head:
        head = tok.head
    elif tok.dep == "pobj" and sent.tokens[tok.head].lemma == "of":
        # "the ambassador of Syria" as "Syria's ambassador": the owner's whole phrase
        owned = sent.tokens[tok.head].head
        if sent.tokens[owned].pos == "NOUN" and sent.tokens[owned].lemma not in _GROUP_NOUNS:
            head = owned
    # Time phrases ("on Tuesday", "this month") say when, not who.
    timed = {
        c
        for i in sent.subtree(head)
        for c in sent.children(i)
        if sent.tokens[c].dep in {"prep", "npadvmod"}
        and any(sent.tokens[g].ent_type in {"DATE", "TIME"} for g in sent.subtree(c))
    }
    # Clauses and prepositional phrases that say what the argument wants or does ("offer
    # to mediate", "request for revocation", "decisions taken at the meeting") are not
    # part of it; those that say which one it is ("the Republic of San Marino", "diplomats
    # from Poland", "the embassy in Athens") are.
    trimmed = {
        j
        for c in sent.children(head)
        if sent.tokens[c].dep in {"acl", "relcl"}
        or (
            sent.tokens[c].dep == "prep"
            and (
                sent.tokens[c].lemma not in _IDENTIFYING_PREPS
                or sent.tokens[head].lemma in GOVERNING_NOUNS  # "offer of a ceasefire"
            )
        )
        for j in sent.subtree(c)
    }
    indices = sorted(
        set(sent.subtree(head, skip_deps=_NOT_ARGUMENT))
        - {j for c in timed for j in sent.subtree(c)}
        - trimmed
    )
    opened = any(sent.tokens[i].text == "(" for i in indices)
    while (
        len(indices) > 1
        and sent.tokens[indices[-1]].pos == "PUNCT"
        and not (opened and sent.tokens[indices[-1]].text == ")")
    ):
        indices.pop()
    while len(indices) > 1 and sent.tokens[indices[0]].pos == "PUNCT":
        indices.pop(0)
    first, last = sent.tokens[indices[0]], sent.tokens[indices[-1]]
    return first.start, last.end


def code_sentence(sentence: Sentence, ctx: ArticleContext | None = None) -> list[Event]:
    """Events of one sentence (a convenience over :class:`SentenceCoder`)."""
    return SentenceCoder().code(sentence, ctx or ArticleContext())
