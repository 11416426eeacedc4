"""Loading the learned coder: its files are checked against the model card, and a missing
or changed file is an error that names it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.errors import ModelError
from eventwire.model.coder import LearnedCoder, default_model_dir, sha256, tokenizer_path


def _card(folder: Path, **files: str) -> None:
    card = {
        "labels": {"codes": ["190"]},
        "settings": {"max_length": 96},
        "calibration": {"temperature": 1.0},
        "files": {"model.onnx": "0" * 64, "tokenizer.json": sha256(tokenizer_path())} | files,
    }
    (folder / "card.json").write_text(json.dumps(card), encoding="utf-8")


def test_learned_coder_names_a_missing_card(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"card\.json: missing"):
        LearnedCoder(tmp_path)


def test_learned_coder_names_a_missing_model(tmp_path: Path) -> None:
    _card(tmp_path)
    with pytest.raises(ModelError, match=r"model\.onnx: missing"):
        LearnedCoder(tmp_path)


def test_learned_coder_refuses_a_model_the_card_does_not_name(tmp_path: Path) -> None:
    _card(tmp_path)
    (tmp_path / "model.onnx").write_bytes(b"not the model")
    with pytest.raises(ModelError, match=r"model\.onnx: SHA-256 differs"):
        LearnedCoder(tmp_path)


def test_learned_coder_refuses_a_damaged_card(tmp_path: Path) -> None:
    (tmp_path / "card.json").write_text('{"labels": {}}', encoding="utf-8")
    with pytest.raises(ModelError, match="not a model card"):
        LearnedCoder(tmp_path)


def test_model_folder_can_be_chosen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_MODEL", str(tmp_path))
    assert default_model_dir() == tmp_path
    with pytest.raises(ModelError, match=str(tmp_path / "card.json")):
        LearnedCoder()
