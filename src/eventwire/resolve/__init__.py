"""Resolution of what the extractor found: actors to CAMEO codes (``actors``).

    phrase ("Russia's air force") --ActorResolver.resolve(when, memory, context)-->
    Actor(code="RUSMIL", country="RUS", sector="MIL", kind="state")

The dictionaries behind it are data files in ``eventwire/data/actors/``.
"""

from __future__ import annotations

from eventwire.resolve.actors import ActorMemory, ActorResolver

__all__ = ["ActorMemory", "ActorResolver"]
