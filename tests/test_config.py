"""Settings: defaults < eventwire.toml < EVENTWIRE_* env < flags; bad input is a ConfigError."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from eventwire.config import SETTINGS, Settings, load_settings
from eventwire.errors import ConfigError, EventwireError

pytestmark = pytest.mark.usefixtures("hermetic")


def _toml(path: Path, body: str) -> Path:
    path.write_text(f"[eventwire]\n{body}\n", encoding="utf-8")
    return path


def test_settings_table_documents_every_setting_in_order() -> None:
    assert list(SETTINGS) == [f.name for f in fields(Settings)]
    assert all(help_text.strip() for help_text in SETTINGS.values())


def test_load_settings_without_file_env_or_flags_gives_defaults() -> None:
    assert load_settings() == Settings()


@pytest.mark.parametrize(
    ("in_file", "in_env", "flag", "expected"),
    [
        (None, None, None, 64),
        (10, None, None, 10),
        (None, "20", None, 20),
        (10, "20", None, 20),
        (10, None, 30, 30),
        (None, "20", 30, 30),
        (10, "20", 30, 30),
    ],
    ids=[
        "default",
        "file",
        "env",
        "env-over-file",
        "flag-over-file",
        "flag-over-env",
        "flag-over-all",
    ],
)
def test_load_settings_precedence(
    tmp_path: Path, in_file: int | None, in_env: str | None, flag: int | None, expected: int
) -> None:
    config = _toml(tmp_path / "settings.toml", f"batch_size = {in_file}" if in_file else "")
    env = {"EVENTWIRE_BATCH_SIZE": in_env} if in_env else {}
    settings = load_settings(config_file=config, env=env, overrides={"batch_size": flag})
    assert settings.batch_size == expected


def test_load_settings_reads_eventwire_toml_in_working_directory(hermetic: Path) -> None:
    _toml(hermetic / "eventwire.toml", 'db = "wires.duckdb"\nshingle_size = 4')
    settings = load_settings(env={})
    assert (settings.db, settings.shingle_size) == ("wires.duckdb", 4)


def test_load_settings_reads_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_NEAR_DUPLICATE_THRESHOLD", "0.8")
    assert load_settings().near_duplicate_threshold == 0.8


def test_load_settings_ignores_unset_flags() -> None:
    assert load_settings(env={}, overrides={"db": None, "batch_size": None}) == Settings()


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [
        ("batch_size", "8", 8),
        ("max_article_bytes", "1000", 1000),
        ("near_duplicate_threshold", "0.75", 0.75),
        ("db", ":memory:", ":memory:"),
    ],
)
def test_load_settings_converts_env_strings_to_the_setting_type(
    name: str, raw: str, value: Any
) -> None:
    settings = load_settings(env={f"EVENTWIRE_{name.upper()}": raw})
    assert getattr(settings, name) == value
    assert type(getattr(settings, name)) is type(value)


@pytest.mark.parametrize("where", ["file", "flag"])
def test_load_settings_rejects_unknown_setting_by_name(tmp_path: Path, where: str) -> None:
    config = _toml(tmp_path / "settings.toml", "batchsize = 3" if where == "file" else "")
    overrides = {"max_bytes": 3} if where == "flag" else {}
    with pytest.raises(ConfigError, match="batchsize" if where == "file" else "max_bytes"):
        load_settings(config_file=config, env={}, overrides=overrides)


@pytest.mark.parametrize(
    ("file_body", "env", "overrides", "name"),
    [
        ("", {"EVENTWIRE_BATCH_SIZE": "many"}, {}, "batch_size"),
        ('minhash_permutations = "lots"', {}, {}, "minhash_permutations"),
        ("", {}, {"near_duplicate_threshold": "high"}, "near_duplicate_threshold"),
    ],
    ids=["env", "file", "flag"],
)
def test_load_settings_rejects_bad_value_naming_the_setting(
    tmp_path: Path, file_body: str, env: dict[str, str], overrides: dict[str, Any], name: str
) -> None:
    config = _toml(tmp_path / "settings.toml", file_body)
    with pytest.raises(ConfigError, match=name):
        load_settings(config_file=config, env=env, overrides=overrides)


def test_load_settings_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(config_file=tmp_path / "nowhere.toml", env={})


def test_load_settings_invalid_toml_names_the_file(tmp_path: Path) -> None:
    config = tmp_path / "broken.toml"
    config.write_text("[eventwire\nbatch_size = ", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.toml"):
        load_settings(config_file=config, env={})


def test_config_error_is_an_eventwire_error() -> None:
    assert issubclass(ConfigError, EventwireError)
