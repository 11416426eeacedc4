"""Who says an event happened: reporting frames around a trigger.

    "X hit Y, the Interfax news agency quoted the Russian defence ministry as saying"
        -> claimant: the Russian defence ministry, via: the Interfax news agency
    "Russia's defence ministry said X hit Y"              -> claimant: the ministry
    "X hit Y, according to the state news agency SANA"   -> claimant: SANA
    "X hit Y, media reports said" / "X reportedly hit Y" -> hedged (factuality "reported")

A frame is a reporting verb that governs the trigger's clause (the trigger is its ``ccomp``
or the reporting verb is a ``parataxis``/``advcl`` of the trigger), or an "according to"
phrase in the trigger's clause.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.parse import Sentence

__all__ = ["REPORTING", "ReportFrame", "find_frame"]

REPORTING = {
    "say", "tell", "state", "add", "announce", "report", "claim", "allege", "quote",
    "confirm", "declare", "insist", "stress", "note", "write", "assert", "acknowledge",
    "admit", "explain", "reiterate", "maintain", "indicate", "show", "suggest",
}  # fmt: skip
_HEDGE_VERBS = {"claim", "allege"}
_UNNAMED = {
    "report",
    "reports",
    "source",
    "sources",
    "rumor",
    "rumour",
    "witness",
    "witnesses",
    "activist",
    "activists",
    "media",
}


@dataclass(frozen=True, slots=True)
class ReportFrame:
    verb: int  # the reporting verb (or "according")
    claimant: int | None  # head of who claims
    via: int | None  # head of who relays the claim (the quoting agency)
    hedged: bool


def _subject(sent: Sentence, verb: int) -> int | None:
    for c in sent.children(verb):
        if sent.tokens[c].dep in {"nsubj", "nsubjpass"}:
            return c
    return None


def _frame_for_verb(sent: Sentence, verb: int) -> ReportFrame:
    tok = sent.tokens[verb]
    subject = _subject(sent, verb)
    claimant, via = subject, None
    if tok.lemma == "quote":  # "Interfax quoted the ministry as saying"
        obj = next((c for c in sent.children(verb) if sent.tokens[c].dep == "dobj"), None)
        if obj is not None:
            claimant, via = obj, subject
    hedged = tok.lemma in _HEDGE_VERBS or (
        claimant is not None
        and sent.tokens[claimant].lemma in _UNNAMED
        and not _has_named_modifier(sent, claimant)
    )
    return ReportFrame(verb, claimant, via, hedged)


def _has_named_modifier(sent: Sentence, i: int) -> bool:
    return any(sent.tokens[c].pos == "PROPN" or sent.tokens[c].ent_type for c in sent.children(i))


def find_frame(sent: Sentence, trigger: int) -> ReportFrame | None:
    """The reporting frame that attributes the event at ``trigger``, if any."""
    # Walk up from the trigger through clause links to a reporting verb.
    cur = trigger
    for _ in range(4):
        tok = sent.tokens[cur]
        # The reporting verb hangs under the trigger: "X hit Y, the ministry said"
        for c in sent.children(cur):
            ct = sent.tokens[c]
            if ct.dep in {"parataxis", "advcl", "ccomp"} and ct.lemma in REPORTING and c != trigger:
                return _frame_for_verb(sent, c)
            if ct.dep == "prep" and ct.lemma == "accord":  # "according to X"
                to = next((g for g in sent.children(c) if sent.tokens[g].dep == "prep"), None)
                pobj = (
                    next((g for g in sent.children(to) if sent.tokens[g].dep == "pobj"), None)
                    if to is not None
                    else None
                )
                if pobj is not None:
                    unnamed = sent.tokens[pobj].lemma in _UNNAMED and not _has_named_modifier(
                        sent, pobj
                    )
                    return ReportFrame(c, pobj, None, unnamed)
        if tok.head == cur or tok.dep not in {
            "ccomp",
            "xcomp",
            "conj",
            "advcl",
            "pcomp",
            "pobj",
            "prep",
        }:
            break
        cur = tok.head
        if sent.tokens[cur].lemma in REPORTING and sent.tokens[cur].pos in {"VERB", "AUX"}:
            # "as saying" under "quoted": the frame is the quoting verb
            if sent.tokens[cur].lemma == "say" and sent.tokens[cur].dep == "pcomp":
                quote = sent.tokens[sent.tokens[cur].head].head
                if sent.tokens[quote].lemma == "quote":
                    return _frame_for_verb(sent, quote)
            return _frame_for_verb(sent, cur)
    return None
