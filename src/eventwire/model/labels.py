"""What the learned coder predicts, and how a sentence's annotations become per-token labels
and back: shared by training (``training/learn``) and the run-time coder, so that both
read the labels the same way.

A sentence is a row of word pieces. Per piece the model gives

- a **trigger tag** (``O``, ``B`` the first piece of a trigger, ``I`` a later one);
- at a trigger's first piece, its CAMEO **root** (``01``..``20``), its **code** (one of
  the codes the training corpus uses) and its **factuality**;
- for each trigger's first piece ``i`` and every piece ``j``, an **argument tag** of ``j``
  for that trigger: ``SRC`` (a source), ``TGT`` (a target) or ``BOTH`` (an actor that is
  the source of one of the trigger's events and the target of another: the sides of
  "clashed"), each as ``B``/``I``.

A trigger's events are rebuilt from its arguments (:func:`events_of`): the sides of a
mutual act give one event per ordered pair; otherwise every source with every target (one
event per coordinated actor, GUIDE.md 4.1), a missing role as ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import permutations

__all__ = [
    "ARG_TAGS",
    "FACTUALITY",
    "IGNORE",
    "ROOTS",
    "TRIGGER_TAGS",
    "ArgumentSpans",
    "events_of",
    "spans_of_tags",
]

TRIGGER_TAGS = ("O", "B", "I")
ARG_TAGS = ("O", "B-SRC", "I-SRC", "B-TGT", "I-TGT", "B-BOTH", "I-BOTH")
ROOTS = tuple(f"{n:02d}" for n in range(1, 21))
FACTUALITY = ("asserted", "negated", "hypothetical", "intended", "threatened", "reported")
IGNORE = -100  # a label the loss skips (torch's default ignore_index)

Span = tuple[int, int]


@dataclass(frozen=True)
class ArgumentSpans:
    """A trigger's arguments, as piece-index spans (end exclusive) per role."""

    sources: tuple[Span, ...] = ()
    targets: tuple[Span, ...] = ()
    both: tuple[Span, ...] = ()


def spans_of_tags(tags: Sequence[str], prefix: str = "") -> list[tuple[str, Span]]:
    """``(role, (start, end))`` for each run of ``B-role I-role ...`` (an ``I`` with no
    ``B`` before it opens a span too: a model's tags need not be well formed). With
    ``prefix=""`` the tags are plain ``B``/``I``/``O`` and the role is ``""``."""
    found: list[tuple[str, Span]] = []
    role: str | None = None
    start = 0
    for i, tag in enumerate([*tags, "O"]):
        kind, _, name = tag.partition("-")
        if role is not None and (kind != "I" or name != role):
            found.append((role, (start, i)))
            role = None
        if kind == "B" or (kind == "I" and role is None):
            role, start = name, i
    return [(r, s) for r, s in found if not prefix or r.startswith(prefix)]


def events_of(args: ArgumentSpans) -> list[tuple[Span | None, Span | None]]:
    """The (source, target) pairs a trigger's arguments stand for."""
    if len(args.both) >= 2:
        return [(a, b) for a, b in permutations(args.both, 2)]
    sources: list[Span | None] = [*args.sources, *args.both] or [None]
    targets: list[Span | None] = list(args.targets) or [None]
    return [(s, t) for s in sources for t in targets if s is None or s != t]
