"""The README documents every command and setting, and its CLI reference is current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from eventwire.cli import cli
from eventwire.config import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _cli_reference_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "cli_reference", ROOT / "scripts" / "cli_reference.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_opens_with_the_two_setup_commands() -> None:
    head = README[:1200]
    assert "make run" in head and "make test" in head


def test_readme_cli_reference_is_current() -> None:
    module = _cli_reference_module()
    assert module.rewrite(README) == README, "CLI reference is out of date: run `make docs`"


def test_readme_documents_every_command() -> None:
    for name in cli.commands:
        assert f"### eventwire {name}" in README, f"README lacks a section for `eventwire {name}`"


def test_readme_documents_every_setting() -> None:
    for name in SETTINGS:
        assert f"| `{name}` |" in README, f"README settings table lacks {name}"
