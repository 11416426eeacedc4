"""The corpus as training examples: one sentence, its word pieces and per-piece labels.

Labels follow ``eventwire.model.labels``. Sentences are cut with the corpus's own splitter
(``evaluate.corpus.sentence_spans``). An argument outside its trigger's sentence (an agent
named in an earlier sentence) cannot be marked in this one: it is left out, and counted.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tokenizers import Tokenizer

from eventwire.codebook import to_plover
from eventwire.evaluate.corpus import ActorSpan, Annotation, CorpusArticle, sentence_spans, split
from eventwire.model.coder import SentenceEvent
from eventwire.model.labels import ARG_TAGS, FACTUALITY, IGNORE, ROOTS, TRIGGER_TAGS

Span = tuple[int, int]


def part(article_id: str) -> str:
    """``test`` (the corpus test slice, never read here), ``valid`` (about 10% of the rest,
    for early stopping and calibration), or ``train``; by id hash, like the test slice."""
    if split(article_id) == "test":
        return "test"
    byte = hashlib.sha1(f"valid:{article_id}".encode()).digest()[0]
    return "valid" if byte < 26 else "train"


@dataclass
class Example:
    article: str
    offset: int  # of the sentence in the article
    text: str
    ids: list[int]
    offsets: list[tuple[int, int]]
    trigger: list[int]
    root: list[int]
    code: list[int]
    factuality: list[int]
    # trigger start piece -> one argument tag per piece
    args: dict[int, list[int]] = field(default_factory=dict)


def _pieces(offsets: Sequence[tuple[int, int]], span: Span) -> list[int]:
    """Indices of the pieces that overlap ``span`` (special tokens have empty offsets)."""
    return [i for i, (s, e) in enumerate(offsets) if e > s and s < span[1] and e > span[0]]


def sentence_examples(
    article: CorpusArticle,
    tokenizer: Tokenizer,
    codes: Sequence[str],
    *,
    max_length: int,
    lost: Counter[str] | None = None,
) -> list[Example]:
    lost = lost if lost is not None else Counter()
    code_index = {c: i for i, c in enumerate(codes)}
    out = []
    for start, end in sentence_spans(article.text):
        text = article.text[start:end]
        enc = tokenizer.encode(text)
        ids = enc.ids[:max_length]
        offsets = enc.offsets[:max_length]
        n = len(ids)
        ex = Example(
            article=article.id,
            offset=start,
            text=text,
            ids=list(ids),
            offsets=list(offsets),
            trigger=[0] * n,
            root=[IGNORE] * n,
            code=[IGNORE] * n,
            factuality=[IGNORE] * n,
        )
        by_trigger: dict[Span, list[Annotation]] = {}
        for event in article.events:
            if start <= event.trigger[0] < end:
                by_trigger.setdefault(event.trigger, []).append(event)
        for trigger, events in sorted(by_trigger.items()):
            local = (trigger[0] - start, trigger[1] - start)
            pieces = _pieces(offsets, local)
            if not pieces:
                lost["trigger past max_length"] += len(events)
                continue
            first = pieces[0]
            if ex.trigger[first] != 0:
                lost["trigger overlapping another"] += len(events)
                continue
            ex.trigger[first] = TRIGGER_TAGS.index("B")
            for p in pieces[1:]:
                ex.trigger[p] = TRIGGER_TAGS.index("I")
            head = events[0]
            ex.root[first] = ROOTS.index(head.cameo[:2])
            known = [
                c for c in (head.cameo, head.cameo[:3], head.cameo[:2] + "0") if c in code_index
            ]
            ex.code[first] = code_index[known[0]]
            ex.factuality[first] = FACTUALITY.index(head.factuality)
            sources = {e.source.span for e in events if e.source is not None}
            targets = {e.target.span for e in events if e.target is not None}
            tags = [0] * n
            for role, spans in (
                ("SRC", sources - targets),
                ("TGT", targets - sources),
                ("BOTH", sources & targets),
            ):
                for span in sorted(spans):
                    if not (start <= span[0] and span[1] <= end):
                        lost["argument outside the sentence"] += 1
                        continue
                    covered = _pieces(offsets, (span[0] - start, span[1] - start))
                    if not covered:
                        lost["argument past max_length"] += 1
                        continue
                    tags[covered[0]] = ARG_TAGS.index(f"B-{role}")
                    for p in covered[1:]:
                        tags[p] = ARG_TAGS.index(f"I-{role}")
            ex.args[first] = tags
        out.append(ex)
    return out


def code_vocabulary(articles: Iterable[CorpusArticle], *, min_count: int = 3) -> list[str]:
    """Codes seen at least ``min_count`` times in training, and every root's base code (a
    rarer code is learned as its 3-digit parent, or failing that its root's base code)."""
    counts = Counter(e.cameo for a in articles for e in a.events)
    return sorted({c for c, n in counts.items() if n >= min_count} | {f"{r}0" for r in ROOTS})


def annotation(e: SentenceEvent, start: int) -> Annotation:
    """A model reading of the sentence at ``start`` as a corpus annotation (actors
    uncoded)."""

    def actor(span: tuple[int, int] | None) -> ActorSpan | None:
        return None if span is None else ActorSpan((span[0] + start, span[1] + start), "---")

    return Annotation(
        trigger=(e.trigger[0] + start, e.trigger[1] + start),
        cameo=e.cameo,
        plover=to_plover(e.cameo),
        factuality=e.factuality,
        source=actor(e.source),
        target=actor(e.target),
        date=None,
        date_precision="unknown",
        place=None,
    )
