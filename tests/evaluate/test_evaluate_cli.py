"""``eventwire eval`` in-process, on a tiny made-up data folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.evaluate.cli import eval_command
from eventwire.evaluate.registry import TASKS

WriteFile = Callable[[str, str], Path]  # the `write` fixture (conftest.py)


PETRARCH_LINES = [
    {
        "id": "S1",
        "category": "GOLD",
        "text": "Ruritania accused Borduria of spying.",
        "codings": [{"eventcode": "112", "sourcecode": "RUR", "targetcode": "BOR"}],
    },
    {"id": "S2", "category": "AFP", "text": "Nothing happened.", "codings": [{"noevents": "True"}]},
]


@pytest.fixture
def data_dir(write: WriteFile) -> Path:
    """A data folder holding only the penta and PETRARCH gold sets (made-up sentences)."""
    write(
        "data/conflibert_cameo/cameo_class_train.tsv",
        "Jets bombed the depot.\t4\nRebels denounced the vote.\t3\nLeaders met.\t1\n",
    )
    path = write(
        "data/petrarch2_gsr_validation/PETR2_GSR_validation_dev.jsonl",
        "".join(json.dumps(x) + "\n" for x in PETRARCH_LINES),
    )
    return path.parent.parent


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(eval_command, list(args))
    return result.exit_code, result.output


def test_eval_help_lists_every_task() -> None:
    code, output = invoke("--help")
    assert code == 0
    assert all(name in output for name in [*TASKS, "all", "pin", "gate"])


def test_eval_task_prints_metrics_breakdown_and_errors(data_dir: Path) -> None:
    code, output = invoke(
        "cameo-penta",
        "--data-dir",
        str(data_dir),
        "--errors",
        "1",
        "--predictor",
        "eventwire.evaluate.baselines:MostFrequentClass",
    )
    assert code == 0, output
    assert "most-frequent-class" in output
    assert "macro_f1" in output and "4 material conflict" in output
    assert "1 worst errors (of 2)" in output
    assert "Leaders met." in output  # 1 for 3 is the farther miss


def test_eval_task_json_matches_report(data_dir: Path) -> None:
    gold = data_dir / "conflibert_cameo" / "cameo_class_train.tsv"
    code, output = invoke(
        "cameo-penta",
        "--gold",
        str(gold),
        "--json",
        "--errors",
        "5",
        "--predictor",
        "eventwire.evaluate.baselines:MostFrequentClass",
    )
    assert code == 0, output
    (report,) = json.loads(output)
    assert report["metrics"]["accuracy"] == pytest.approx(1 / 3)
    assert report["n"] == 3 and len(report["errors"]) == 2


def test_eval_task_reports_bad_predictor_without_traceback(data_dir: Path) -> None:
    code, output = invoke(
        "cameo-penta", "--data-dir", str(data_dir), "--predictor", "nowhere:Thing"
    )
    assert code == 1
    assert "Error: cannot load predictor 'nowhere:Thing'" in output


def test_eval_all_skips_missing_gold_and_writes_json(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "eval" / "scoreboard.json"
    code, output = invoke("all", "--data-dir", str(data_dir), "--out", str(out))
    assert code == 0, output
    assert "best published" in output and "not found" in output
    rows = json.loads(out.read_text())["rows"]
    status = {(r["task"], r["metric"]): r["status"] for r in rows}
    assert status["cameo-penta", "macro_f1"] == "ok"
    assert status["petrarch-gsr", "code_exact"] == "ok"
    assert status["cameo-spans", "f1"].startswith("skipped: ") and status[
        "cameo-spans", "f1"
    ].endswith("cameo_ner_train.txt not found")
    penta = next(r for r in rows if r["metric"] == "macro_f1")
    assert penta["published"] == 0.895
    assert penta["gap"] == pytest.approx(penta["ours"] - 0.895)
    assert "seconds" not in penta  # the file is reproducible


def test_eval_all_refuses_to_write_its_scoreboard_into_the_gold_data(data_dir: Path) -> None:
    gold = data_dir / "petrarch2_gsr_validation" / "PETR2_GSR_validation_dev.jsonl"
    before = gold.read_bytes()
    code, output = invoke("all", "--data-dir", str(data_dir), "--out", str(gold))
    assert code == 2 and "inside the gold data folder" in output
    assert gold.read_bytes() == before


def test_eval_pin_then_gate(data_dir: Path, tmp_path: Path) -> None:
    floors = tmp_path / "floors.json"
    code, output = invoke("pin", "--data-dir", str(data_dir), "--floors", str(floors))
    assert code == 0, output
    pinned = json.loads(floors.read_text())["floors"]
    assert {f["task"] for f in pinned} == {
        "cameo-penta",
        "petrarch-gsr",
        "events",
    }  # events: its gold ships with the repo
    code, output = invoke("gate", "--data-dir", str(data_dir), "--floors", str(floors))
    assert code == 0, output
    assert "0 failed" in output
    gold = data_dir / "conflibert_cameo" / "cameo_class_train.tsv"
    gold.write_text(gold.read_text() + "Protesters threw stones.\t4\n")
    code, output = invoke("gate", "--data-dir", str(data_dir), "--floors", str(floors))
    assert code == 1
    assert "changed" in output and "eventwire eval pin" in output


def test_eval_events_on_our_own_gold_format(write: WriteFile) -> None:
    write("gold/corpus/strike.txt", "Ruritanian jets struck rebel positions near Oldtown.")
    line = {
        "article": "corpus/strike.txt",
        "events": [{"source": "RURMIL", "target": "RURREB", "root": "19", "place": "Oldtown"}],
    }
    gold = write("gold/events.jsonl", json.dumps(line) + "\n")
    code, output = invoke(
        "events",
        "--gold",
        str(gold),
        "--errors",
        "1",
        "--predictor",
        "eventwire.evaluate.baselines:NoEvents",
    )
    assert code == 0, output
    assert "no-events" in output and "root 19" in output
    assert "missed: 19 RURMIL -> RURREB" in output
    assert "Ruritanian jets struck" in output  # the article text, read via the gold file
