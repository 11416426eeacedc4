"""extract_parallel and `eventwire extract`: one article that cannot be coded costs only
itself; the articles after it, in its chunk and in later files, keep their events."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import cli
from eventwire.extract import Extractor
from eventwire.extract.parallel import extract_parallel
from eventwire.records import Article, Origin, Problem

GOOD = "Kenyan police arrested three opposition activists in Nairobi on Tuesday."
POISON = "This article breaks the coder."


@pytest.fixture
def poisoned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The extractor fails on any batch that holds the POISON article (a fault injected
    at the boundary: the real coder codes every other article)."""
    real = Extractor.extract_articles

    def extract_articles(self: Extractor, articles: list[Article]) -> list[list[object]]:
        if any(POISON in a.text for a in articles):
            raise RuntimeError("coder broke\nTraceback line two\nline three")
        return real(self, articles)  # type: ignore[return-value]

    monkeypatch.setattr(Extractor, "extract_articles", extract_articles)


def _article(n: int, text: str) -> Article:
    return Article(id=f"a{n}", text=text, origin=Origin(f"in-{n}.txt"))


@pytest.mark.usefixtures("poisoned")
def test_extract_parallel_reports_the_bad_article_and_codes_the_rest() -> None:
    articles = [_article(1, GOOD), _article(2, POISON), _article(3, GOOD)]
    out = list(extract_parallel(articles, workers=1, chunk=16))
    assert [a.id for a, _ in out] == ["a1", "a2", "a3"]
    first, bad, last = (found for _, found in out)
    assert isinstance(bad, Problem)
    assert bad.path == "in-2.txt" and bad.kind == "extract"
    assert "\n" not in bad.reason and bad.reason.startswith("extraction failed: RuntimeError")
    assert isinstance(first, list) and isinstance(last, list)
    assert first and last  # the arrest is coded in both good articles


@pytest.mark.usefixtures("poisoned")
def test_extract_command_goes_on_after_an_article_it_cannot_code(tmp_path: Path) -> None:
    (tmp_path / "1-bad.txt").write_text(POISON + "\n", encoding="utf-8")
    (tmp_path / "2-good.txt").write_text(GOOD + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["extract", str(tmp_path / "1-bad.txt"), str(tmp_path / "2-good.txt"), "--format", "jsonl"],
    )
    assert result.exit_code == 3, result.output  # some inputs failed, the rest were read
    assert "extraction failed: RuntimeError: coder broke" in result.stderr
    assert "Traceback line two" not in result.stderr
    assert '"code": "173"' in result.stdout or "173" in result.stdout
