"""The network: MiniLM-L6 (BERT, 6 layers, 384 wide; the all-MiniLM-L6-v2 weights) with
one head per label of ``eventwire.model.labels``. Written out in plain torch so that the
training extra needs torch and safetensors only, and the ONNX graph holds nothing else.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch
from safetensors.torch import load_file
from torch import nn

from eventwire.model.labels import ARG_TAGS, FACTUALITY, ROOTS, TRIGGER_TAGS


class Layer(nn.Module):
    def __init__(self, width: int, heads: int, inner: int, dropout: float) -> None:
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(width, width)
        self.key = nn.Linear(width, width)
        self.value = nn.Linear(width, width)
        self.attn_out = nn.Linear(width, width)
        self.attn_norm = nn.LayerNorm(width, eps=1e-12)
        self.inner = nn.Linear(width, inner)
        self.outer = nn.Linear(inner, width)
        self.out_norm = nn.LayerNorm(width, eps=1e-12)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, n, w = x.shape
        h = self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, h, w // h).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(w // h) + bias
        att = self.drop(att.softmax(-1))
        ctx = (att @ v).transpose(1, 2).reshape(b, n, w)
        x = self.attn_norm(x + self.drop(self.attn_out(ctx)))
        y = self.outer(nn.functional.gelu(self.inner(x)))
        return self.out_norm(x + self.drop(y))


class Encoder(nn.Module):
    def __init__(self, config: dict[str, int | float], dropout: float = 0.1) -> None:
        super().__init__()
        w = int(config["hidden_size"])
        self.words = nn.Embedding(int(config["vocab_size"]), w)
        self.positions = nn.Embedding(int(config["max_position_embeddings"]), w)
        self.types = nn.Embedding(int(config["type_vocab_size"]), w)
        self.norm = nn.LayerNorm(w, eps=1e-12)
        self.drop = nn.Dropout(dropout)
        self.layers = nn.ModuleList(
            Layer(w, int(config["num_attention_heads"]), int(config["intermediate_size"]), dropout)
            for _ in range(int(config["num_hidden_layers"]))
        )

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        n = ids.shape[1]
        pos = torch.arange(n, device=ids.device).unsqueeze(0)
        x = self.words(ids) + self.positions(pos) + self.types(torch.zeros_like(ids))
        x = self.drop(self.norm(x))
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -1e4
        for layer in self.layers:
            x = layer(x, bias)
        return x

    def load_minilm(self, folder: Path) -> None:
        """Copy the pretrained weights (safetensors, BERT names) into this encoder."""
        weights = load_file(str(folder / "model.safetensors"))
        own = {
            "words.weight": "embeddings.word_embeddings.weight",
            "positions.weight": "embeddings.position_embeddings.weight",
            "types.weight": "embeddings.token_type_embeddings.weight",
            "norm.weight": "embeddings.LayerNorm.weight",
            "norm.bias": "embeddings.LayerNorm.bias",
        }
        parts = {
            "query": "attention.self.query",
            "key": "attention.self.key",
            "value": "attention.self.value",
            "attn_out": "attention.output.dense",
            "attn_norm": "attention.output.LayerNorm",
            "inner": "intermediate.dense",
            "outer": "output.dense",
            "out_norm": "output.LayerNorm",
        }
        for i in range(len(self.layers)):
            for mine, theirs in parts.items():
                for p in ("weight", "bias"):
                    own[f"layers.{i}.{mine}.{p}"] = f"encoder.layer.{i}.{theirs}.{p}"
        state = {mine: weights[theirs] for mine, theirs in own.items()}
        self.load_state_dict(state, strict=True)


class Biaffine(nn.Module):
    """Scores every (trigger piece, argument piece) pair for each argument tag."""

    def __init__(self, width: int, inner: int, labels: int) -> None:
        super().__init__()
        self.trigger = nn.Sequential(nn.Linear(width, inner), nn.GELU())
        self.argument = nn.Sequential(nn.Linear(width, inner), nn.GELU())
        self.weight = nn.Parameter(torch.zeros(labels, inner + 1, inner + 1))
        self.distance = nn.Embedding(2 * 128 + 1, labels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        t = self.trigger(x)
        a = self.argument(x)
        ones = torch.ones_like(t[..., :1])
        t = torch.cat([t, ones], -1)
        a = torch.cat([a, ones], -1)
        scores = torch.einsum("bix,cxy,bjy->bijc", t, self.weight, a)
        n = x.shape[1]
        idx = torch.arange(n, device=x.device)
        rel = (idx[None, :] - idx[:, None]).clamp(-128, 128) + 128
        return scores + self.distance(rel)[None]


class Coder(nn.Module):
    def __init__(self, config: dict[str, int | float], n_codes: int, dropout: float = 0.1) -> None:
        super().__init__()
        w = int(config["hidden_size"])
        self.encoder = Encoder(config, dropout)
        self.drop = nn.Dropout(dropout)
        self.trigger = nn.Linear(w, len(TRIGGER_TAGS))
        self.root = nn.Linear(w, len(ROOTS))
        self.code = nn.Linear(w, n_codes)
        self.factuality = nn.Linear(w, len(FACTUALITY))
        self.args = Biaffine(w, 128, len(ARG_TAGS))

    def forward(
        self, ids: torch.Tensor, mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        x = self.drop(self.encoder(ids, mask))
        return self.trigger(x), self.root(x), self.code(x), self.factuality(x), self.args(x)


def minilm_config(folder: Path) -> dict[str, int | float]:
    config: dict[str, int | float] = json.loads((folder / "config.json").read_text())
    return config
