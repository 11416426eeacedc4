"""Steps and pipelines: one record type flows through an ordered list of steps.

Each step declares the article fields it ``requires`` and ``provides``, so a pipeline can
be checked before it runs (``eventwire pipeline --check``): a step that needs a field no
earlier step (or the reader) provides is an error at build time, not a crash mid-run.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

from eventwire.errors import PipelineError
from eventwire.records import Article

__all__ = ["READER_PROVIDES", "Pipeline", "Step"]

# What every reader fills in.
READER_PROVIDES = frozenset({"id", "origin", "format", "original"})


class Step(ABC):
    """One stage over articles. Subclasses set the three class attributes and ``apply``."""

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]]
    provides: ClassVar[frozenset[str]]

    @abstractmethod
    def apply(self, article: Article) -> Article:
        """The article with this step's fields filled; raise to reject it."""

    def describe(self) -> str:
        return f"{self.name}: requires {', '.join(sorted(self.requires))}; provides {', '.join(sorted(self.provides))}"


class Pipeline:
    """Steps run in order on each article."""

    def __init__(
        self,
        steps: Sequence[Step],
        *,
        batch_steps: Sequence[Step] = (),
        available: frozenset[str] = READER_PROVIDES,
    ) -> None:
        """``steps`` run on each article; ``batch_steps`` run after them on whole batches
        (extraction parses a batch with one spaCy call) and are checked the same way."""
        self.steps = tuple(steps)
        self.batch_steps = tuple(batch_steps)
        self.available = available

    def check(self) -> list[str]:
        """The fields each step gets; raises :class:`PipelineError` if one is missing."""
        have = set(self.available)
        lines = [f"reader: provides {', '.join(sorted(self.available))}"]
        for step in (*self.steps, *self.batch_steps):
            missing = step.requires - have
            if missing:
                raise PipelineError(
                    f"step {step.name!r} requires {', '.join(sorted(missing))}, which no earlier step "
                    f"provides; add a step that provides it before {step.name!r}"
                )
            have |= step.provides
            lines.append(step.describe())
        return lines

    def apply(self, article: Article) -> Article:
        for step in self.steps:
            article = step.apply(article)
        return article
