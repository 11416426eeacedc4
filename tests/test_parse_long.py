"""Long texts: a paragraph over ``LONG_PARAGRAPH`` characters is parsed in pieces of at most
``MAX_PIECE``, every offset
still into the whole text, and the work of turning a spaCy Doc into our records grows
linearly with its length (not with sentences x entities)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from eventwire import parse as parse_module
from eventwire.parse import LONG_PARAGRAPH, MAX_PIECE, _convert, _pieces, _units, load_nlp, parse

# Sentences we wrote: two with no event, one with an event (and three named entities).
FILLER = (
    "Temperatures across the northern provinces remained unseasonably comfortable "
    "throughout the afternoon. Shopkeepers downtown reopened their establishments after "
    "the extended holiday weekend. "
)
MEETING = (
    "Turkish Prime Minister Ahmet Davutoglu met NATO Secretary-General Jens Stoltenberg "
    "in Brussels on Thursday. "
)


def run_on(length: int, *, tail: str = MEETING) -> str:
    """One paragraph of at least ``length`` characters of filler, then ``tail``."""
    return FILLER * (length // len(FILLER) + 1) + tail


@pytest.mark.parametrize(
    ("name", "para", "size", "pieces"),
    [
        # cut after the last sentence end in the second half of the window
        ("sentences", "One two. Three four. Five six. Seven.", 22, ["One two. Three four. ", "Five six. Seven."]),
        ("closing quote", 'He said "go." Then left the room now', 20, ['He said "go." ', "Then left the room ", "now"]),
        # no sentence end: the last line break, else the last space
        ("line break", "aaaa bbbb\ncccc dddd eeee", 16, ["aaaa bbbb\n", "cccc dddd eeee"]),
        ("space", "aaaa bbbb cccc dddd eeee", 16, ["aaaa bbbb cccc ", "dddd eeee"]),
        # one word longer than a piece: cut at the size
        ("one word", "x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
        ("short", "Short.", 20, ["Short."]),
    ],
)  # fmt: skip
def test_pieces_cut_at_sentence_ends_else_breaks_else_the_size(
    name: str, para: str, size: int, pieces: list[str]
) -> None:
    got = list(_pieces(100, para, size=size))
    assert [p for _, p in got] == pieces
    assert all(0 < len(p) <= size for _, p in got)
    # offsets are where each piece sits, and the pieces are the paragraph, nothing lost
    assert [o for o, _ in got] == [100 + len("".join(pieces[:i])) for i in range(len(pieces))]


def test_units_keep_every_doc_under_max_piece_and_cover_the_text() -> None:
    text = "A headline\n\n" + run_on(1_100_000) + "\n\nA last paragraph."
    units = _units(text)
    assert max(len(u) for _, u in units) <= MAX_PIECE
    assert all(text[o : o + len(u)] == u for o, u in units)
    assert sum(len(u) for _, u in units) == len(text) - 4  # all but the two blank lines
    # a normal paragraph is one unit, as before: nothing is cut that need not be
    assert units[0] == (0, "A headline") and units[-1][1] == "A last paragraph."
    news = "A headline\n\n" + run_on(LONG_PARAGRAPH - 1000)
    assert [u for _, u in _units(news)] == news.split("\n\n")


@pytest.fixture(scope="module")
def long_sentences() -> tuple[str, list[parse_module.Sentence]]:
    text = "A headline\n\n" + run_on(LONG_PARAGRAPH)
    return text, parse(text)


def test_parse_offsets_in_a_late_piece_point_into_the_whole_text(
    long_sentences: tuple[str, list[parse_module.Sentence]],
) -> None:
    text, sentences = long_sentences
    assert len(text) > LONG_PARAGRAPH >= 8 * MAX_PIECE  # eight pieces at least
    for sent in sentences:
        assert text[sent.start : sent.end] == sent.text
        for tok in sent.tokens:
            assert text[tok.start : tok.end] == tok.text
    last = sentences[-1]
    assert last.text == MEETING.strip() and last.start == len(text) - len(MEETING)
    assert [(last.tokens[a].text, last.tokens[b - 1].text, label) for a, b, label in last.ents] == [
        ("Turkish", "Turkish", "NORP"),
        ("Ahmet", "Davutoglu", "PERSON"),
        ("NATO", "NATO", "ORG"),
        ("Jens", "Stoltenberg", "PERSON"),
        ("Brussels", "Brussels", "GPE"),
        ("Thursday", "Thursday", "DATE"),
    ]


def test_parse_in_pieces_gives_the_sentences_of_a_whole_parse(
    long_sentences: tuple[str, list[parse_module.Sentence]], monkeypatch: pytest.MonkeyPatch
) -> None:
    text, pieces = long_sentences
    monkeypatch.setattr(parse_module, "LONG_PARAGRAPH", len(text))  # one Doc per paragraph
    whole = parse(text)
    assert [(s.start, s.text) for s in pieces] == [(s.start, s.text) for s in whole]


# -- linear work: entities are read once per Doc ------------------------------------------


class CountingDoc:
    """A real spaCy Doc that counts how often its entity list is built.

    spaCy builds ``Doc.ents`` afresh, walking every token, on each read, and
    ``Span.ents`` reads the whole ``Doc.ents`` (spacy/tokens/span.pyx): so each read costs
    the length of the Doc, and one read per sentence made a long text quadratic.
    """

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.ents_built = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.doc, name)

    @property
    def ents(self) -> Any:
        self.ents_built += 1
        return self.doc.ents

    @property
    def sents(self) -> Iterator[CountingSpan]:
        for sent in self.doc.sents:
            yield CountingSpan(sent, self)


class CountingSpan:
    def __init__(self, span: Any, doc: CountingDoc) -> None:
        self.span = span
        self.counting = doc

    def __getattr__(self, name: str) -> Any:
        return getattr(self.span, name)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.span)

    @property
    def ents(self) -> Any:
        self.counting.ents_built += 1  # Span.ents builds Doc.ents
        return self.span.ents


@pytest.mark.parametrize("repeats", [1, 40])
def test_convert_builds_the_entity_list_once_whatever_the_number_of_sentences(
    repeats: int,
) -> None:
    doc = load_nlp()((FILLER + MEETING) * repeats)
    counting = CountingDoc(doc)
    sentences = _convert(counting)
    assert len(sentences) == 3 * repeats
    assert counting.ents_built == 1
    # and each sentence gets exactly spaCy's own Span.ents
    spacy_ents = [
        tuple((e.start - s.start, e.end - s.start, e.label_) for e in s.ents) for s in doc.sents
    ]
    assert [s.ents for s in sentences] == spacy_ents
