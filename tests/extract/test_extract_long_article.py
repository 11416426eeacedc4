"""An article longer than spaCy's limit (1,000,000 characters; eventwire reads articles up to
5 MB) is coded like any other, by every entry point, with offsets into the whole text; and
the files after it still get their events."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import eventwire
from eventwire import parse as parse_module
from eventwire.cli import cli
from eventwire.config import Settings
from eventwire.extract import extract
from eventwire.parse import load_nlp
from eventwire.pipeline.ingest import ingest
from eventwire.pipeline.sharded import ingest_sharded
from eventwire.pipeline.shards import Shard
from eventwire.store import DuckDBStore

SPACY_LIMIT = 1_000_000  # spaCy's nlp.max_length: longer texts raise its error E088

# Sentences we wrote: two with no event, then one meeting (TURGOV consults IGOWSTNAT).
FILLER = (
    "Temperatures across the northern provinces remained unseasonably comfortable "
    "throughout the afternoon. Shopkeepers downtown reopened their establishments after "
    "the extended holiday weekend. "
)
MEETING = (
    "Turkish Prime Minister Ahmet Davutoglu met NATO Secretary-General Jens Stoltenberg "
    "in Brussels on Thursday."
)
SHORT = "Russian warplanes struck 12 targets near Palmyra on Wednesday, the ministry said.\n"


def run_on(length: int) -> str:
    """One paragraph (no blank line) of more than ``length`` characters ending in MEETING."""
    return FILLER * (length // len(FILLER) + 1) + MEETING


def assert_meeting_found_at_the_end(text: str, evidence: list[dict[str, Any]]) -> None:
    """The meeting's event points, in ``text``, at the meeting's own words."""
    (ev,) = evidence
    at = text.rindex(MEETING)
    assert (ev["start"], ev["end"]) == (at, at + len(MEETING))
    assert text[ev["start"] : ev["end"]] == ev["sentence"] == MEETING
    assert text[ev["trigger_start"] : ev["trigger_end"]] == "met"
    assert text[ev["source_start"] : ev["source_end"]] == "Turkish Prime Minister Ahmet Davutoglu"
    assert text[ev["target_start"] : ev["target_end"]].startswith("NATO Secretary-General")


def meetings(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        ev
        for e in events
        if e["cameo"]["root"] == "04" and e["source"]["code"] == "TURGOV"
        for ev in e["evidence"]
    ]


# -- the real limit (slow: a million characters through the model) ----------------------


@pytest.mark.slow
def test_extract_codes_an_article_over_spacys_limit() -> None:
    text = run_on(SPACY_LIMIT)
    assert len(text) > SPACY_LIMIT and "\n\n" not in text
    events = [eventwire.serialize.event_to_dict(e) for e in extract(text)]
    assert_meeting_found_at_the_end(text, meetings(events))


@pytest.mark.slow
def test_cli_extract_goes_on_to_the_next_file_after_one_over_spacys_limit(
    tmp_path: Path,
) -> None:
    big, short = tmp_path / "a-long.txt", tmp_path / "b-short.txt"
    big.write_text(run_on(SPACY_LIMIT), encoding="utf-8")
    short.write_text(SHORT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(big), str(short)])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert_meeting_found_at_the_end(big.read_text(encoding="utf-8"), meetings(events))
    strikes = [e for e in events if e["cameo"]["root"] == "19"]
    assert [e["evidence"][0]["sentence"] for e in strikes] == [SHORT.strip()]


# -- the same, scaled down, through every entry point ------------------------------------
# The model's limit is lowered to 1,000 characters, run-on paragraphs to 800 and pieces to
# 400: an article of 3,000 characters is then what a 3 MB one is with the real limits.


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(parse_module, "LONG_PARAGRAPH", 800)
    monkeypatch.setattr(parse_module, "MAX_PIECE", 400)
    monkeypatch.setattr(load_nlp(), "max_length", 1000)
    return run_on(3000)


class InProcess:
    """The executor interface, run in this process (so the lowered limits hold)."""

    name = "in-process"
    workers = 1

    def run(self, fn: Any, shards: list[Shard]) -> Iterator[tuple[Shard, dict[str, Any]]]:
        for shard in shards:
            yield shard, fn(shard)

    def close(self) -> None:
        pass


def _by_api(text: str, tmp_path: Path) -> list[dict[str, Any]]:
    return [eventwire.serialize.event_to_dict(e) for e in extract(text)]


def _by_cli(text: str, tmp_path: Path) -> list[dict[str, Any]]:
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "long.txt")])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def _stored(text: str, tmp_path: Path, run: Callable[..., Any]) -> list[dict[str, Any]]:
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    with DuckDBStore(":memory:") as store:
        summary = run([str(tmp_path / "long.txt")], store, settings=Settings(db=":memory:"))
        assert summary.failed == 0, store.dead_letters()
        return [eventwire.serialize.event_to_dict(e) for e in store.mentions()]


def _by_ingest(text: str, tmp_path: Path) -> list[dict[str, Any]]:
    return _stored(text, tmp_path, ingest)


def _by_sharded_ingest(text: str, tmp_path: Path) -> list[dict[str, Any]]:
    def sharded(paths: list[str], store: DuckDBStore, *, settings: Settings) -> Any:
        return ingest_sharded(paths, store, InProcess(), settings=settings)

    return _stored(text, tmp_path, sharded)


@pytest.mark.parametrize("entry", [_by_api, _by_cli, _by_ingest, _by_sharded_ingest])
def test_every_entry_point_parses_a_paragraph_over_the_limit_in_pieces(
    entry: Callable[[str, Path], list[dict[str, Any]]], small_limits: str, tmp_path: Path
) -> None:
    assert len(small_limits) > load_nlp().max_length
    assert_meeting_found_at_the_end(small_limits, meetings(entry(small_limits, tmp_path)))
