"""Whether an event happened, is denied, threatened, intended or only hypothetical.

Read from the trigger's own markers and from the verbs that govern it, in this order
(the first that applies wins):

1. negated       a negation on the trigger ("did not target", "never struck"), or a
                 governing denial ("denied striking civilians");
2. hypothetical  a conditional ("if", "unless", inverted "should Russia strike") or a
                 modal of possibility ("would", "could", "might", "may") on the trigger;
3. threatened    governed by a threat ("threatened to", "warned it would", "vowed to");
4. intended      governed by an intention or plan ("plans to", "considering asking",
                 "agreed to"), or future or obligation ("will", "should", "must" strike):
                 announced or called for, not yet done;
5. reported      a hedged claim: "reportedly", "allegedly", "claimed", "media reports said",
                 "according to reports" (see :mod:`.attribution`);
6. asserted      stated by the article, or by a named source ("the ministry said"):
                 news attributes nearly everything, and who said it is kept apart in the
                 event's ``attribution``.

Non-asserted events are kept and labelled, never counted as having happened.
"""

from __future__ import annotations

from eventwire.parse import Sentence

__all__ = ["GOVERNING_NOUNS", "factuality", "governors"]

_NEGATORS = {"not", "n't", "never", "no"}
_DENY = {"deny", "dismiss", "refute"}
_MODALS = {"would", "could", "might", "may", "'d"}
_THREAT = {"threaten", "warn", "vow", "pledge", "threat", "ultimatum"}
_INTEND = {
    "plan", "intend", "consider", "aim", "prepare", "want", "seek", "hope", "expect",
    "propose", "offer", "agree", "decide", "promise", "try", "attempt", "mull", "weigh",
    "ready", "willing", "able", "set", "going",
    # nouns whose clause is a plan, not a deed: "Russia's decision to withdraw"
    "decision", "proposal", "intention", "bid", "readiness", "willingness",
    "commitment", "request", "call", "demand", "order",
}  # fmt: skip
GOVERNING_NOUNS = _INTEND | _THREAT
_CONDITIONAL_MARKS = {"if", "unless", "whether"}
_HEDGES = {"reportedly", "allegedly", "purportedly", "apparently", "supposedly"}
# How far up the tree we look for a governing verb (deeper is another clause's business).
_MAX_CLIMB = 4


def governors(sent: Sentence, i: int) -> list[int]:
    """The verbs (and predicative adjectives) that govern token ``i``, nearest first."""
    out = []
    cur = i
    for _ in range(_MAX_CLIMB):
        tok = sent.tokens[cur]
        if (
            tok.dep
            not in {
                "xcomp",
                "ccomp",
                "pcomp",
                "advcl",
                "conj",
                "acomp",
                "prep",
                "pobj",
                "dobj",
                "acl",
            }
            or tok.head == cur
        ):
            break
        if tok.dep == "acl" and sent.tokens[tok.head].lemma not in GOVERNING_NOUNS:
            break  # "the jets flying over Syria": a description, not a plan
        cur = tok.head
        if sent.tokens[cur].pos in {"VERB", "AUX", "ADJ"} or tok.dep == "acl":
            out.append(cur)
    return out


def _has_child(sent: Sentence, i: int, deps: set[str], lemmas: set[str]) -> bool:
    return any(
        sent.tokens[c].dep in deps and sent.tokens[c].lemma in lemmas for c in sent.children(i)
    )


def factuality(sent: Sentence, trigger: int, *, hedged: bool) -> str:
    tok = sent.tokens[trigger]
    chain = [trigger, *governors(sent, trigger)]
    # 1. negation on the trigger or on an auxiliary-only head ("did not target")
    if _has_child(sent, trigger, {"neg"}, _NEGATORS) or (
        tok.dep == "xcomp"
        and _has_child(sent, tok.head, {"neg"}, _NEGATORS)
        and sent.tokens[tok.head].lemma not in _INTEND
    ):
        return "negated"
    if any(sent.tokens[g].lemma in _DENY for g in chain[1:2]):
        return "negated"
    # 2. conditionals and modals of possibility, on the trigger or its clause head
    for node in chain[:2]:
        if _has_child(sent, node, {"mark"}, _CONDITIONAL_MARKS):
            return "hypothetical"
        if _has_child(sent, node, {"aux"}, _MODALS):
            return "hypothetical"
        # "should Russia strike ...": an inverted conditional puts "should" before the subject
        for c in sent.children(node):
            ct = sent.tokens[c]
            if (
                ct.dep == "aux"
                and ct.lemma == "should"
                and any(
                    sent.tokens[s].dep in {"nsubj", "nsubjpass"} and s > c
                    for s in sent.children(node)
                )
            ):
                return "hypothetical"
    # 3-4. governed by a threat or an intention
    for g in chain[1:]:
        lemma = sent.tokens[g].lemma
        if lemma in _THREAT:
            return "threatened"
        if lemma in _INTEND:
            return "intended"
    if _has_child(sent, trigger, {"aux"}, {"will", "shall", "should", "must", "ought"}) or (
        tok.dep == "xcomp" and sent.tokens[tok.head].lemma == "go"
    ):
        return "intended"
    if hedged or _has_child(sent, trigger, {"advmod"}, _HEDGES):
        return "reported"
    return "asserted"
