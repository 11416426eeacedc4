"""ConfliBERT CAMEO sentence sets: penta classes (TSV) and actor spans (CoNLL).

- ``cameo_class_*.tsv``: ``sentence<TAB>label`` per line, label 0-4 the penta class of the
  sentence's main event (see :func:`eventwire.codebook.penta_class`).
- ``cameo_ner_*.txt``: one ``token<space>tag`` per line, a blank line between sentences;
  tags ``B-S/I-S`` (source actor), ``B-T/I-T`` (target actor), ``O``. The files also carry
  ``B-R/I-R``, not named in the upstream README: one span holding both sides of a
  reciprocal event ("Trump and King Abdullah" met). We keep it as label ``R``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import EvaluationError

__all__ = ["PentaSentence", "SpanSentence", "bio_spans", "load_penta", "load_spans"]


@dataclass(frozen=True, slots=True)
class PentaSentence:
    id: str
    text: str
    label: int


@dataclass(frozen=True, slots=True)
class SpanSentence:
    """A tokenised sentence and its gold spans ``(start, end, label)``, token offsets, end exclusive."""

    id: str
    tokens: tuple[str, ...]
    spans: tuple[tuple[int, int, str], ...]

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def load_penta(path: Path) -> list[PentaSentence]:
    """Sentences and penta labels from a ConfliBERT ``cameo_class`` TSV."""
    records: list[PentaSentence] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                continue
            text, sep, label = line.rpartition("\t")
            if not sep or label.strip() not in {"0", "1", "2", "3", "4"}:
                raise EvaluationError(
                    f"{path}:{number}: expected 'sentence<TAB>label' with label 0-4, got {line[:60]!r}"
                )
            records.append(PentaSentence(f"{path.stem}:{number}", text.strip(), int(label)))
    return records


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Spans from BIO tags; an ``I-X`` without a preceding ``B-X`` starts a span (as conlleval)."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        kind, _, name = tag.partition("-")
        continues = kind == "I" and name == label and start >= 0
        if start >= 0 and not continues:
            spans.append((start, i, label))
            start, label = -1, ""
        if kind in {"B", "I"} and not continues:
            start, label = i, name
    return spans


def load_spans(path: Path) -> list[SpanSentence]:
    """Tokenised sentences and their actor spans from a ConfliBERT ``cameo_ner`` CoNLL file."""
    records: list[SpanSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    first_line = 1

    def flush() -> None:
        if tokens:
            records.append(
                SpanSentence(f"{path.stem}:{first_line}", tuple(tokens), tuple(bio_spans(tags)))
            )
        tokens.clear()
        tags.clear()

    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                flush()
                first_line = number + 1
                continue
            token, _, tag = line.rpartition(" ")
            if not token or not (tag == "O" or tag[:2] in {"B-", "I-"}):
                raise EvaluationError(f"{path}:{number}: expected 'token TAG', got {line[:60]!r}")
            tokens.append(token)
            tags.append(tag)
    flush()
    return records
