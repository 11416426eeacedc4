"""The training corpus tooling: drafts compile to offsets, the checker catches each defect,
the test slice is fixed, the counts are right, and our real corpus is clean and original.

Every sentence here is ours, written for these tests."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eventwire.cli import cli
from eventwire.evaluate.corpus import (
    CorpusArticle,
    check,
    load,
    originality,
    sentence_spans,
    split,
    statistics,
)
from eventwire.evaluate.drafts import DraftError, compile_drafts, write_corpus

REPO = Path(__file__).resolve().parents[2]
TEXT = (
    "Police in Mombasa detained four dock workers on Monday. "
    "They had blocked the port gate, the union said. "
    "The union said it would strike again."
)


def _draft(**event: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "trigger": "detained",
        "cameo": "173",
        "plover": {"event_type": "COERCE", "mode": "arrest"},
        "factuality": "asserted",
        "source": {"text": "Police", "code": "KENCOP"},
        "target": {"text": "dock workers", "code": "KENLAB"},
        "date": "2019-03-04",
        "date_precision": "day",
        "place": {"text": "Mombasa", "name": "Mombasa", "country": "KEN"},
    }
    base.update(event)
    return {"id": "t-1", "genre": "wire", "published": "2019-03-05", "text": TEXT, "events": [base]}


def _compile(tmp_path: Path, *drafts: dict[str, Any]) -> list[dict[str, Any]]:
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in drafts), encoding="utf-8")
    return compile_drafts(path)


def _span(text: str, span: list[int]) -> str:
    return text[span[0] : span[1]]


def test_compile_drafts_resolves_quotes_to_offsets(tmp_path: Path) -> None:
    [record] = _compile(tmp_path, _draft())
    event = record["events"][0]
    assert _span(TEXT, event["trigger"]) == "detained"
    assert _span(TEXT, event["source"]["span"]) == "Police"
    assert _span(TEXT, event["target"]["span"]) == "dock workers"
    assert _span(TEXT, event["place"]["span"]) == "Mombasa"
    assert event["source"]["antecedent"] is None


def test_compile_drafts_pronoun_antecedent_is_the_nearest_before(tmp_path: Path) -> None:
    draft = _draft(
        trigger="strike",
        cameo="143",
        plover={"event_type": "PROTEST", "mode": "boycott"},
        factuality="intended",
        source={"text": "it", "code": "KENLAB", "antecedent": "union"},
        target=None,
        date=None,
        date_precision="unknown",
        place=None,
    )
    [record] = _compile(tmp_path, draft)
    source = record["events"][0]["source"]
    assert _span(TEXT, source["span"]) == "it"  # whole word: not the "it" of "with"
    # "union" occurs twice before "it"; the antecedent is the second, nearest one.
    assert source["antecedent"][0] == TEXT.rindex("union")


def test_compile_drafts_nearest_occurrence_and_nth(tmp_path: Path) -> None:
    near = _draft(trigger="blocked", source={"text": "union", "code": "KENLAB"})
    nth = _draft(trigger="strike", source={"text": "union", "nth": 0, "code": "KENLAB"})
    [first, second] = _compile(tmp_path, near, nth)
    assert first["events"][0]["source"]["span"][0] == TEXT.index("union")
    assert second["events"][0]["source"]["span"][0] == TEXT.index("union")
    nearest = _compile(tmp_path, _draft(trigger="strike", source={"text": "union", "code": "X"}))
    assert nearest[0]["events"][0]["source"]["span"][0] == TEXT.rindex("union")


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"trigger": "arrested"}, "trigger 'arrested' not found"),
        ({"trigger": "union"}, "trigger 'union' occurs 2x: give its nth"),
        ({"trigger": "union", "trigger_nth": 5}, "nth=5 but it occurs 2x"),
        ({"source": {"text": "soldiers", "code": "KENMIL"}}, "source 'soldiers' not found"),
        (
            {"source": {"text": "it", "code": "KENLAB", "antecedent": "strike"}},
            "antecedent 'strike' not found before",
        ),
        ({"place": {"text": "Lamu", "name": "Lamu", "country": "KEN"}}, "place 'Lamu' not found"),
        ({"verb": "detained"}, "unknown field(s) ['verb']"),
    ],
)
def test_compile_drafts_reports_unresolved_quotes(
    tmp_path: Path, event: dict[str, Any], message: str
) -> None:
    draft = _draft(**event)
    if "source" in event and event["source"]["text"] == "it":
        draft["events"][0]["trigger"] = "strike"
    with pytest.raises(DraftError) as caught:
        _compile(tmp_path, _draft(), draft)
    problem = caught.value.problems[0]
    assert (problem.line, problem.event) == (2, 0)
    assert message in str(problem)
    assert str(tmp_path / "batch.jsonl") in str(caught.value)


def _good(tmp_path: Path) -> dict[str, Any]:
    return _compile(tmp_path, _draft())[0]


def _set(record: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    bad = copy.deepcopy(record)
    keys = path.split(".")
    holder: Any = bad
    for key in keys[:-1]:
        holder = holder[int(key)] if key.isdigit() else holder[key]
    holder[keys[-1]] = value
    return bad


BAD = [
    ("events.0.trigger", [10, 5], "empty or outside the text"),
    ("events.0.trigger", [0, 999], "empty or outside the text"),
    ("events.0.trigger", [6, 13], "starts or ends with white space"),
    ("events.0.cameo", "19", "3- or 4-digit"),
    ("events.0.cameo", "999", "not a CAMEO 1.1b3 code"),
    ("events.0.plover", {"event_type": "ASSAULT", "mode": None}, "disagrees with CAMEO 173"),
    ("events.0.plover", {"event_type": None, "mode": None}, "not an object without an event"),
    ("events.0.factuality", "likely", "factuality 'likely'"),
    ("events.0.source.code", "KENYA", "3-letter groups"),
    ("events.0.source.code", "XYZGOV", "no ISO alpha-3 country"),
    ("events.0.source.code", "KENPOL", "unknown sector(s) ['POL']"),
    # a group code is right only where the actor dictionary uses it (Hamas PSEREBHMS)
    ("events.0.source.code", "KENREBHMS", "unknown sector(s) ['HMS']"),
    ("events.0.target.code", "---", "says nothing"),
    ("events.0.date", "2019-03-09", "after publication"),
    ("events.0.date", "2019-02-30", "not a valid date"),
    ("events.0.date", "2019-03", "does not fit precision 'day'"),
    ("events.0.date_precision", "decade", "date_precision 'decade'"),
    ("events.0.place.country", "XXK", "no ISO alpha-3"),
    ("genre", "blog", "genre 'blog'"),
    ("published", "5 March 2019", "not YYYY-MM-DD"),
]


@pytest.mark.parametrize(("path", "value", "message"), BAD)
def test_check_catches_each_defect(tmp_path: Path, path: str, value: Any, message: str) -> None:
    folder = tmp_path / "corpus"
    write_corpus([_good(tmp_path), _set(_good(tmp_path), path, value) | {"id": "t-2"}],
                 folder, stem="b")  # fmt: skip
    defects = check(folder)
    assert [d.line for d in defects] == [2], defects
    assert message in str(defects[0])


@pytest.mark.parametrize("code", ["010", "012", "013", "014"])
def test_check_refuses_root_01_comments(tmp_path: Path, code: str) -> None:
    # GUIDE.md 3.1: a comment or an option considered is no event; 011, 015-019 are
    folder = tmp_path / "corpus"
    comment = _set(_set(_good(tmp_path), "events.0.cameo", code), "events.0.plover", None)
    accord = _set(_set(_good(tmp_path), "events.0.cameo", "019"), "events.0.plover", None)
    write_corpus([comment, accord | {"id": "t-2"}], folder, stem="b")
    defects = check(folder)
    assert [d.line for d in defects] == [1], defects
    assert "a comment, not an event" in str(defects[0])


def test_check_takes_the_actor_dictionarys_own_codes(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_corpus([_set(_good(tmp_path), "events.0.source.code", "PSEREBHMS")], folder, stem="b")
    assert check(folder) == []


def test_check_future_dates_only_for_unrealised_acts(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    future = _set(_good(tmp_path), "events.0.date", "2019-03-09")
    write_corpus([_set(future, "events.0.factuality", "intended")], folder, stem="b")
    assert check(folder) == []


def test_check_catches_duplicate_ids_across_files(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_corpus([_good(tmp_path)], folder, stem="a")
    write_corpus([_good(tmp_path)], folder, stem="b")
    assert ["also at" in str(d) for d in check(folder)] == [True]


def test_check_catches_oversized_files(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    record = _good(tmp_path)
    lines = [json.dumps(record | {"id": f"t-{n}", "text": TEXT + " " * 30_000}) for n in range(70)]
    (folder / "big.jsonl").write_text("\n".join(lines), encoding="utf-8")
    assert any("limit is 2,000,000" in str(d) for d in check(folder))


def test_write_corpus_splits_files_under_the_limit(tmp_path: Path) -> None:
    record = _good(tmp_path)
    records = [record | {"id": f"t-{n}", "text": TEXT + "." * 30_000} for n in range(70)]
    written = write_corpus(records, tmp_path / "c", stem="b")
    assert [p.name for p in written] == ["b-1.jsonl", "b-2.jsonl"]
    assert all(p.stat().st_size < 2_000_000 for p in written)


@pytest.mark.parametrize(
    ("article_id", "side"),
    [("batch-000-001", "train"), ("a", "train"), ("x", "test"), ("t-7", "test")],
)
def test_split_is_fixed_by_id(article_id: str, side: str) -> None:
    assert split(article_id) == side


def test_split_puts_about_a_tenth_in_test() -> None:
    share = sum(split(f"article-{n}") == "test" for n in range(10_000)) / 10_000
    assert 0.09 < share < 0.11


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Gen. Lobo met Mr. Ortiz in the U.S. capital. They talked.", 2),
        ("'We will not go,' she said. He left! Why? Nobody knows.", 4),
        ("10:42 Police arrive\n10:50 Crowd disperses.", 2),
        ("Talks resumed on Oct. 3 in Lima. J. Ruiz attended.", 2),
        # a feed in lower case: no capital to look for
        ("police fired tear gas in dhaka. mr. rahman was held. students left.", 3),
        ("Police fired tear gas in dhaka. students left.", 1),  # a capital: sentences need one
    ],
)
def test_sentence_spans_counts(text: str, sentences: int) -> None:
    assert len(sentence_spans(text)) == sentences


def test_statistics_on_a_tiny_corpus(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_corpus(_compile(tmp_path, _draft()), folder, stem="b")
    stats = statistics(load(folder))
    assert (stats.articles, stats.sentences, stats.events) == (1, 3, 1)
    assert stats.sentences_without_events == 2
    assert stats.roots == {"17": 1} and stats.codes == {"173": 1}
    assert stats.plover == {"COERCE": 1} and stats.countries == {"KEN": 1}
    met = {t.name: t.met for t in stats.thresholds()}
    assert met["sentences without events"] and not met["articles"]


def test_statistics_counts_sentences_written_twice(tmp_path: Path) -> None:
    # the first two sentences (8 and 9 words) are in three articles, one of them in the
    # test slice ("t-7"); the third (7 words) is too short to count
    folder = tmp_path / "corpus"
    good = _compile(tmp_path, _draft())[0]
    again = [good | {"id": i} for i in ("t-1", "t-2", "t-7")]
    write_corpus(again, folder, stem="b")
    stats = statistics(load(folder))
    assert (stats.repeated_sentences, stats.repeated_across_slice) == (2, 2)
    write_corpus([good | {"id": "t-1"}, good | {"id": "t-2"}], folder, stem="b")
    assert statistics(load(folder)).repeated_across_slice == 0


def test_originality_finds_a_shared_ten_word_run(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    words = [
        "They",
        "had",
        "blocked",
        "the",
        "port",
        "gate",
        ",",
        "the",
        "union",
        "said",
        ".",
        "The",
    ]
    (shared / "gold.conll").write_text("\n".join(f"{w}\tO" for w in words) + "\n")
    # Nine shared words only: "dockers" breaks the run.
    (shared / "other.txt").write_text("Police in Mombasa detained four dockers on Monday.\n")
    article = CorpusArticle("t-1", "wire", "2019-03-05", TEXT, ())
    overlaps = originality([article], shared)
    assert [(o.words, Path(o.shared_path).name) for o in overlaps] == [
        ("they had blocked the port gate the union said the", "gold.conll")
    ]


def test_real_corpus_is_clean() -> None:
    folder = REPO / "training" / "corpus"
    assert check(folder) == []
    assert len(load(folder)) >= 23  # the first sample (batch-000)


def test_real_corpus_shares_no_ten_word_run_with_shared_data(shared_dir: Path) -> None:
    assert originality(load(REPO / "training" / "corpus"), shared_dir / "data") == []


def test_corpus_cli_check_and_stats(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_corpus(_compile(tmp_path, _draft()), folder, stem="b")
    runner = CliRunner()
    ok = runner.invoke(cli, ["corpus", "check", "--dir", str(folder)])
    assert ok.exit_code == 0 and "no defects" in ok.output
    stats = runner.invoke(cli, ["corpus", "stats", "--dir", str(folder)])
    assert stats.exit_code == 0 and "1 articles" in stats.output
    write_corpus([_set(_good(tmp_path), "genre", "blog")], folder, stem="b")
    bad = runner.invoke(cli, ["corpus", "check", "--dir", str(folder)])
    assert bad.exit_code == 1 and "genre 'blog'" in bad.output
