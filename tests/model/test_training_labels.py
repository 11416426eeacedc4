"""The training labels say what the corpus says: a model that predicted exactly the
labels of training/learn/data.py would, through the run-time decoder, reproduce the
corpus's events (what it cannot is counted: arguments outside their sentence)."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.evaluate.agreement import agreement
from eventwire.evaluate.corpus import load
from eventwire.model.coder import LearnedCoder, tokenizer_path
from eventwire.model.labels import ARG_TAGS, FACTUALITY, IGNORE, ROOTS, TRIGGER_TAGS

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "training"))

from learn.data import annotation, code_vocabulary, part, sentence_examples  # noqa: E402


def _one_hot(labels: list[int], width: int) -> Any:
    out = np.full((len(labels), width), -5.0)
    for i, label in enumerate(labels):
        out[i, 0 if label == IGNORE else label] = 5.0
    return out


def test_labels_decode_back_to_the_corpus_events() -> None:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path()))
    tokenizer.no_padding()
    articles = [a for a in load(REPO / "training" / "corpus") if part(a.id) == "valid"][:60]
    codes = code_vocabulary(articles, min_count=1)
    decoder = object.__new__(LearnedCoder)
    decoder.codes = tuple(codes)
    decoder.temperature = 1.0
    decoder.threshold = 0.5
    decoder._code_root = np.array([ROOTS.index(c[:2]) for c in codes])
    lost: Counter[str] = Counter()
    coded = []
    for article in articles:
        events = []
        for ex in sentence_examples(article, tokenizer, codes, max_length=96, lost=lost):
            n = len(ex.ids)
            args = np.zeros((n, n, len(ARG_TAGS)))
            args[:, :, 0] = 5.0
            for first, tags in ex.args.items():
                args[first] = _one_hot(tags, len(ARG_TAGS))
            for e in decoder._decode(
                ex.text,
                ex.offsets,
                _one_hot(ex.trigger, len(TRIGGER_TAGS)),
                _one_hot(ex.root, len(ROOTS)),
                _one_hot(ex.code, len(codes)),
                _one_hot(ex.factuality, len(FACTUALITY)),
                args,
            ):
                events.append(annotation(e, ex.offset))
        coded.append(replace(article, events=tuple(events)))
    result = agreement(articles, coded)
    assert set(lost) <= {"argument outside the sentence"}
    # the decoder keeps at most MAX_SPANS (3) actors of a role: a longer list loses events
    assert result.triggers.f1 is not None and result.triggers.f1 >= 0.97
    assert result.code.share is not None and result.code.share >= 0.99
    assert result.factuality.share == 1.0
    # an agent named in an earlier sentence is the one thing a sentence cannot carry
    assert result.source_spans_only.f1 is not None and result.source_spans_only.f1 >= 0.95
    assert result.target_spans_only.f1 is not None and result.target_spans_only.f1 >= 0.93
