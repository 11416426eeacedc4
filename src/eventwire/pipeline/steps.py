"""The steps of the ingest pipeline, and how the plain and the sharded ingest run them:
``prepare`` (the per-article steps, or the problem that stops an article) and
``extract_events`` (extraction on a batch, one bad article never failing the others)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwire.clean import clean_article
from eventwire.pipeline.base import Pipeline, Step
from eventwire.records import Article, Event, Problem

if TYPE_CHECKING:
    from eventwire.extract.parallel import WorkerPool

__all__ = [
    "REASON_CHARS",
    "WARNING",
    "Clean",
    "Extract",
    "codable",
    "extract_events",
    "prepare",
    "short_reason",
    "warnings_of",
]

# Longest reason of a problem: it is one row of the dead-letter table and one line of
# `eventwire problems`, while a library's message may run to many lines, or to one line of
# 430 characters (spaCy's E088).
REASON_CHARS = 200


def short_reason(exc: BaseException, *, prefix: str = "") -> str:
    """``prefix``, the type of ``exc`` and the first line of its message, in one line of at
    most ``REASON_CHARS`` characters: whole sentences when they fit, else cut and marked."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    reason = f"{prefix}{type(exc).__name__}" + (f": {lines[0]}" if lines else "")
    if len(reason) <= REASON_CHARS:
        return reason
    head = len(prefix) + len(type(exc).__name__) + 2
    end = reason.rfind(". ", head, REASON_CHARS)
    return reason[: end + 1] if end >= 0 else reason[: REASON_CHARS - 1] + "\u2026"


class Clean(Step):
    """Boilerplate out; title, publisher, publication date and language in."""

    name = "clean"
    requires = frozenset({"original", "format"})
    provides = frozenset({"text", "offsets", "title", "source", "published", "language"})

    def apply(self, article: Article) -> Article:
        return clean_article(article)


class Extract(Step):
    """Events from the article's text (run on batches: see ``pipeline.ingest``)."""

    name = "extract"
    requires = frozenset({"id", "text", "offsets", "published", "source", "language"})
    provides = frozenset({"events"})

    def apply(self, article: Article) -> Article:
        return article  # events are not part of the article record; see extract_batch

    @staticmethod
    def extract_batch(articles: list[Article]) -> list[list[Event]]:
        from eventwire.extract import default_extractor

        return default_extractor().extract_articles(articles)


def prepare(item: Article | Problem, pipeline: Pipeline) -> Article | Problem:
    """A read article through the per-article steps, or the problem that stops it."""
    if isinstance(item, Problem):
        return item
    try:
        article: Article = pipeline.apply(item)
    except Exception as exc:  # one bad article never stops the run
        return Problem(item.origin.path, short_reason(exc), line=item.origin.line, kind="error")
    if not article.text.strip():
        return Problem(
            item.origin.path,
            "no article text left after removing boilerplate",
            line=item.origin.line,
            kind="clean",
        )
    return article


def codable(article: Article) -> bool:
    """Whether extraction codes the article: English, or a language nobody could tell
    (eventwire's dictionaries and parser are English; see ``clean.language``)."""
    return article.language in (None, "en")


# The kind of a problem that did not cost the article: it is stored, and the reason kept.
WARNING = "warning"


def warnings_of(article: Article) -> list[Problem]:
    """The article's warnings (a bad date, a guessed charset) as problems of kind
    ``warning``: the article is stored, and the dead-letter table says what was wrong."""
    origin = article.origin
    where = (
        f"record at byte {origin.offset} ({origin.member}): " if origin.offset is not None else ""
    )
    return [
        Problem(origin.path, f"{where}{reason}", line=origin.line, kind=WARNING)
        for reason in article.warnings
    ]


def extract_events(
    articles: list[Article], problems: list[Problem], pool: WorkerPool | None = None
) -> dict[str, list[Event]]:
    """Events of ``articles`` (English or unknown language), by article id.

    If the batch fails, articles are coded one by one: the one that fails becomes a
    problem and keeps no events; the others keep theirs.
    """
    todo = [a for a in articles if codable(a)]
    if not todo:
        return {}
    try:
        coded = pool.extract_articles(todo) if pool is not None else Extract.extract_batch(todo)
    except Exception:
        coded = []
        for article in todo:
            try:
                coded.extend(Extract.extract_batch([article]))
            except Exception as inner:
                problems.append(
                    Problem(
                        article.origin.path,
                        short_reason(inner, prefix="extraction failed: "),
                        line=article.origin.line,
                        kind="extract",
                    )
                )
                coded.append([])
    return {a.id: list(evs) for a, evs in zip(todo, coded, strict=True)}
