"""The ``eventwire`` command: thin commands over the Python API.

Only this module prints and exits; everything it calls raises
:class:`~eventwire.errors.EventwireError` with a message that names the remedy.
"""

from __future__ import annotations

import json
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from eventwire import __version__
from eventwire.config import SETTINGS, Settings, load_settings
from eventwire.errors import EventwireError
from eventwire.exports import FORMATS as EXPORT_FORMATS
from eventwire.output import FORMATS, write_rows
from eventwire.query import FACTUALITIES, SORTS, EventQuery
from eventwire.records import Article, Event, Problem

if TYPE_CHECKING:
    from eventwire.store.base import RunSummary

F = TypeVar("F", bound=Callable[..., Any])

ARTICLE_COLUMNS = ("id", "published", "source", "language", "title", "duplicate_of")

# Exit statuses, documented in the README ("Exit codes") and in `eventwire --help`.
# 1 and 2 are click's own (ClickException, UsageError); 130 is 128 + SIGINT, what a
# shell reports for a Ctrl-C.
EXIT_OK = 0  # every input read
EXIT_ERROR = 1  # the command could not do its work (message on standard error)
EXIT_USAGE = 2  # bad options or arguments
EXIT_SOME_FAILED = 3  # some inputs failed (listed; see `eventwire problems`), the rest read
EXIT_NOTHING_READ = 4  # no article could be read: every input failed, or there was none
EXIT_INTERRUPTED = 130  # Ctrl-C or SIGTERM: what was written before it is kept
EXIT_CODES_HELP = """\b
Exit status:
  0    every input was read
  1    error: the command could not do its work (the message says why)
  2    usage error: bad options or arguments
  3    some inputs failed (each reported; `eventwire problems`), the rest were read
  4    nothing could be read: every input failed, or none was found
  130  interrupted (Ctrl-C or SIGTERM); for ingest, what was written is kept
"""


def read_status(articles: int, failed: int) -> int:
    """The exit status of a command that read ``articles`` and met ``failed`` problems."""
    if articles == 0:
        return EXIT_NOTHING_READ
    return EXIT_SOME_FAILED if failed else EXIT_OK


@contextmanager
def stop_signals() -> Iterator[None]:
    """Ctrl-C and SIGTERM (``kill``, a service manager, a container stop) stop the command
    the same way: a clean stop, the same exit status. A library that turns the interrupt
    into an error of its own (DuckDB raises ``RuntimeError: Query interrupted`` when the
    signal lands inside a query) has still been interrupted: that error counts as the
    interrupt, so the command exits 130 and says how to resume, not 1 with a traceback."""
    asked = False

    def interrupt(signum: int, frame: object) -> None:
        nonlocal asked
        asked = True
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    except Exception as exc:
        if asked:
            raise KeyboardInterrupt from exc
        raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def article_row(article: Article, *, full: bool = True) -> dict[str, Any]:
    """An article as a flat row (the JSON Lines shape of ``eventwire articles``)."""
    row: dict[str, Any] = {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "published": article.published,
        "language": article.language,
        "path": article.path,
        "line": article.origin.line,
        "format": article.format,
        "duplicate_of": article.duplicate_of,
        "similarity": article.similarity,
    }
    if full:
        row["text"] = article.text
    return row


def db_option(func: F) -> F:
    return click.option(
        "--db",
        default=None,
        metavar="PATH",
        help="DuckDB file of the store [default: eventwire.duckdb, or EVENTWIRE_DB].",
    )(func)


def format_option(func: F, *, default: str = "table") -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=default,
        show_default=True,
        help="Output format.",
    )(func)


def jsonl_option(func: F) -> F:
    """``--format``, JSON Lines by default: for commands whose output feeds programs."""
    return format_option(func, default="jsonl")


def _settings(ctx: click.Context, **overrides: Any) -> Settings:
    try:
        return load_settings(
            config_file=ctx.obj.get("config") if ctx.obj else None, overrides=overrides
        )
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc


def _open(settings: Settings, *, read_only: bool = False) -> Any:
    from eventwire.store import open_store

    if read_only and settings.db != ":memory:" and not Path(settings.db).exists():
        raise click.ClickException(
            f"no store at {settings.db}; create it with `eventwire ingest PATH --db {settings.db}`"
        )
    try:
        return open_store(settings.db, read_only=read_only)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES_HELP,
)
@click.version_option(__version__, prog_name="eventwire")
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    default=None,
    help="Settings file (TOML, [eventwire] table) [default: ./eventwire.toml if present].",
)
@click.pass_context
def cli(ctx: click.Context, config: str | None) -> None:
    """eventwire: turn news into political event data.

    Who did what to whom, when and where, with the evidence for every record.
    """
    ctx.ensure_object(dict)
    ctx.obj["config"] = config


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--batch-size", type=int, default=None, help="Articles per transaction [default: 64]."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no per-problem messages.")
@click.option("--no-extract", is_flag=True, help="Store articles only; do not extract events.")
@click.option(
    "--workers",
    type=click.IntRange(1, 1024),
    default=None,
    help="Processes that extract events [default: 1]; with --executor, workers "
    "[default: one per core]. One per core on large inputs.",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default=None,
    help="Process the input in shards on worker processes of this machine (local) or on a "
    "Dask cluster (dask); this process loads finished shards into the store. "
    "[default: none: one streaming process]",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="With --executor dask: the scheduler of a running cluster (tcp://HOST:8786). "
    "Without it, a local cluster of --workers workers.",
)
@click.option(
    "--shards-dir",
    default=None,
    metavar="DIR|URL",
    help="Where workers write finished shards (Parquet + marker); every worker must reach "
    "it (a shared folder, s3://...). [default: DB.shards]",
)
@click.option(
    "--shard-bytes",
    type=click.IntRange(1, None),
    default=None,
    help="Input bytes per shard [default: 500000].",
)
@click.option(
    "--keep-shards", is_flag=True, help="Keep loaded shards' Parquet files (default: delete)."
)
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[str, ...],
    db: str | None,
    batch_size: int | None,
    quiet: bool,
    no_extract: bool,
    workers: int | None,
    executor: str | None,
    scheduler: str | None,
    shards_dir: str | None,
    shard_bytes: int | None,
    keep_shards: bool,
) -> None:
    """Read articles from PATHS into the store.

    PATHS are files (.txt, .html, .jsonl, .warc, .rss/.atom/.xml, any of them .gz),
    directories (read recursively), URLs read through fsspec (s3://, gs://, file://; with
    the matching fsspec package) or - for standard input. Re-ingesting the same input
    adds nothing. Problems are reported per file (and line) and the batch goes on.

    With --executor, workers read, clean and code shards of the input and write them as
    Parquet; this process loads them into the store. A re-run skips finished shards, so
    an interrupted run is finished by running the same command again.

    Exit status: 0 every input read, 3 some failed, 4 none could be read (and no new
    store is left behind), 130 interrupted by Ctrl-C or SIGTERM (batches written so far
    are kept; worker processes end with this one).
    """
    from eventwire.pipeline.ingest import ingest as plain_ingest

    run_ingest: Callable[..., RunSummary] = plain_ingest
    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler needs --executor dask")
    if executor is None and (shards_dir or keep_shards or shard_bytes):
        raise click.UsageError("--shards-dir, --shard-bytes and --keep-shards need --executor")
    settings = _settings(
        ctx,
        db=db,
        batch_size=batch_size,
        extract=False if no_extract else None,
        workers=None if executor else workers,
        shard_bytes=shard_bytes,
    )
    _refuse_the_store_as_input(paths, settings.db)
    engine: Any = None
    out: str | None = None
    if executor is not None:
        from eventwire.pipeline.executors import make_executor
        from eventwire.pipeline.sharded import default_shards_dir, ingest_sharded

        if settings.db == ":memory:" and scheduler:
            raise click.UsageError("a remote cluster needs --shards-dir and a store file")
        try:
            engine = make_executor(executor, workers=workers, scheduler=scheduler)
        except EventwireError as exc:
            raise click.ClickException(str(exc)) from exc
        out = shards_dir or default_shards_dir(settings.db)

        run_ingest = partial(
            ingest_sharded, executor=engine, shards_dir=out, keep_shards=keep_shards
        )

    # a run that reads nothing leaves no store behind where there was none
    fresh = _not_there(settings.db, out if shards_dir is None else None)
    store = _open(settings)
    show_progress = not quiet and sys.stderr.isatty()

    def on_problem(problem: Problem) -> None:
        if not quiet:  # a warning's article was stored; an error's was not
            label = "warning" if problem.kind == "warning" else "error"
            click.echo(f"{label}: {problem}", err=True)

    progress_bar: Any = None
    if show_progress:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        progress_bar = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True
        )
        task = progress_bar.add_task("ingesting")
        progress_bar.start()

    def on_progress(done: int, failed: int) -> None:
        if progress_bar is not None:
            progress_bar.update(task, description=f"{done} articles, {failed} problems")

    interrupted = False
    try:
        with stop_signals():
            summary = run_ingest(
                list(paths),
                store,
                settings=settings,
                on_progress=on_progress,
                on_problem=on_problem,
            )
    except KeyboardInterrupt:
        interrupted = True
        click.echo(
            "interrupted: every batch written before the interrupt is kept; run the same command again to finish.",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if progress_bar is not None:
            progress_bar.stop()
        store.close()
        if engine is not None:  # interrupted: running shards are not waited for
            engine.close(wait=not interrupted)
    read = summary.new + summary.updated + summary.unchanged
    if read == 0:
        _remove(fresh)
    shards = ""
    if executor is not None:
        shards = (
            f"; {summary.shards} shard{'' if summary.shards == 1 else 's'} on {executor}: "
            f"{summary.shards - summary.shards_skipped - summary.shards_reused - summary.shards_failed} "
            f"processed, {summary.shards_reused} finished earlier, {summary.shards_skipped} "
            f"loaded earlier, {summary.shards_failed} failed"
        )
    click.echo(
        f"{summary.files} files read: {summary.new} new, {summary.updated} updated, "
        f"{summary.unchanged} unchanged ({summary.duplicates} duplicates, "
        f"{summary.near_duplicates} near-duplicates), {summary.events} event mentions "
        f"({summary.merged} events after merging), {summary.failed} failed{_caveats(summary)} "
        f"in {summary.seconds:.1f} s{shards} -> "
        + (settings.db if read or not fresh else "no store written: nothing was read")
    )
    ctx.exit(read_status(read, summary.failed))


def _refuse_the_store_as_input(paths: Iterable[str], db: str) -> None:
    """A usage error if one of ``paths`` is the store's database or its write-ahead log
    (it would be read as an article while this run writes it)."""
    from eventwire.files import clash, store_files

    for path in paths:
        if path != "-" and "://" not in path and clash(path, store_files(db)) is not None:
            raise click.BadParameter(
                f"{path} is the store this run writes (--db {db}); give the articles to read",
                param_hint="PATHS",
            )


def _not_there(db: str, shards_dir: str | None) -> list[Path]:
    """A store that does not exist yet: its files (and its default shards folder, unless
    that exists). Nothing for a store that exists: a run never removes any of it."""
    from eventwire.files import store_files

    if db == ":memory:" or Path(db).exists():
        return []
    paths = store_files(db)
    if shards_dir is not None and "://" not in shards_dir:
        paths.append(Path(shards_dir))
    return [p for p in paths if not p.exists()]


def _remove(created: list[Path]) -> None:
    """Remove what a run that read nothing created: store files, and folders it left
    empty (a folder with anything in it stays)."""
    for path in created:
        if path.is_dir():
            with suppress(OSError):
                path.rmdir()
        else:
            path.unlink(missing_ok=True)


def _caveats(summary: RunSummary) -> str:
    """ ", 2 stored with a warning, 3 not coded (language not English: de 2, fr 1)", or
    nothing when every article was stored cleanly and coded."""
    out = ""
    if summary.warnings:
        out += f", {summary.warnings} stored with a warning"
    if summary.not_coded:
        by_language = ", ".join(f"{lang} {n}" for lang, n in sorted(summary.not_coded.items()))
        out += (
            f", {sum(summary.not_coded.values())} not coded (language not English: {by_language})"
        )
    return out


@cli.command()
@db_option
@format_option
@click.option("--limit", type=int, default=None, help="At most this many articles.")
@click.pass_context
def articles(ctx: click.Context, db: str | None, fmt: str, limit: int | None) -> None:
    """List stored articles (JSON Lines carries the text too)."""
    settings = _settings(ctx, db=db)
    with _open(settings, read_only=True) as store:
        rows = (article_row(a, full=fmt == "jsonl") for a in store.articles(limit=limit))
        write_rows(
            rows, sys.stdout, fmt=fmt, columns=ARTICLE_COLUMNS, widths={"title": 60, "source": 20}
        )


@cli.command()
@click.argument("article_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of text.")
@click.pass_context
def article(ctx: click.Context, article_id: str, db: str | None, as_json: bool) -> None:
    """Show one article: its metadata and cleaned text."""
    settings = _settings(ctx, db=db)
    with _open(settings, read_only=True) as store:
        found = store.article(article_id)
    if found is None:
        raise click.ClickException(
            f"no article {article_id!r} in {settings.db}; list ids with `eventwire articles`"
        )
    row = article_row(found)
    if as_json:
        click.echo(json.dumps(row, ensure_ascii=False, default=str, indent=2))
        return
    for key, value in row.items():
        if key != "text" and value is not None:
            click.echo(f"{key + ':':<14}{value}")
    click.echo()
    click.echo(found.text)


EVENT_COLUMNS = ("date", "source", "cameo", "target", "factuality", "location", "evidence")


def event_row(event: Event) -> dict[str, Any]:
    """An event as a flat table row (JSON Lines output carries the whole record)."""
    ev = event.evidence[0] if event.evidence else None
    return {
        "id": event.id,
        "date": event.date,
        "source": event.source.code,
        "cameo": f"{event.cameo.code} {event.cameo.name}",
        "target": event.target.code if event.target else None,
        "factuality": event.factuality,
        "location": event.location.name if event.location else None,
        "confidence": event.confidence,
        "evidence": ev.sentence if ev else None,
    }


def _write_events(events: Iterable[Event], fmt: str) -> int:
    from eventwire.serialize import event_to_dict

    if fmt == "jsonl":
        return write_rows((event_to_dict(e) for e in events), sys.stdout, fmt="jsonl", columns=())
    return write_rows(
        (event_row(e) for e in events),
        sys.stdout,
        fmt=fmt,
        columns=EVENT_COLUMNS,
        widths={"cameo": 36, "evidence": 70, "location": 16},
    )


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@jsonl_option
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes (each loads the model once; use one per core on long inputs).",
)
@click.pass_context
def extract(ctx: click.Context, paths: tuple[str, ...], fmt: str, workers: int) -> None:
    """Extract events from files (any format ingest reads), without a store.

    Problems are reported on standard error; events go to standard output. Exit status
    as for ingest: 0 every input read, 3 some failed, 4 none could be read, 130
    interrupted.
    """
    import eventwire
    from eventwire.extract.parallel import extract_parallel

    settings = _settings(ctx)
    read, failed = 0, 0

    def articles() -> Iterator[Article]:
        nonlocal read, failed
        for item in eventwire.read(list(paths), settings=settings):
            if isinstance(item, Problem):
                failed += 1
                click.echo(f"error: {item}", err=True)
            else:
                read += 1
                yield item

    def events() -> Iterator[Event]:
        nonlocal failed
        for _article, found in extract_parallel(articles(), workers=workers):
            if isinstance(found, Problem):  # this article only; the rest go on
                failed += 1
                click.echo(f"error: {found}", err=True)
            else:
                yield from found

    try:
        with stop_signals():
            _write_events(events(), fmt)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        ctx.exit(EXIT_INTERRUPTED)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    ctx.exit(read_status(read, failed))


PLACE_COLUMNS = ("article_id", "text", "start", "end", "name", "feature", "country", "geonameid")
DATE_COLUMNS = ("article_id", "text", "start", "end", "value", "precision", "range_start")


def _read_articles(ctx: click.Context, paths: tuple[str, ...]) -> Iterator[Article]:
    """Cleaned articles from ``paths``; problems go to standard error."""
    import eventwire

    for item in eventwire.read(list(paths), settings=_settings(ctx)):
        if isinstance(item, Problem):
            click.echo(f"error: {item}", err=True)
        else:
            yield item


def _mention_rows(article: Article, mentions: Iterable[Any]) -> Iterator[dict[str, Any]]:
    from dataclasses import asdict

    for mention in mentions:
        yield {"article_id": article.id, **asdict(mention)}


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@jsonl_option
@click.pass_context
def places(ctx: click.Context, paths: tuple[str, ...], fmt: str) -> None:
    """Every place mention in the texts, resolved to a gazetteer entry (a geoparser).

    Offsets are into the text as the input gave it (for JSONL, its text field).
    """
    from eventwire.resolve.mentions import article_mentions

    rows = (
        row
        for article, found, _ in article_mentions(_read_articles(ctx, paths), dates=False)
        for row in _mention_rows(article, found)
    )
    try:
        write_rows(rows, sys.stdout, fmt=fmt, columns=PLACE_COLUMNS, widths={"text": 24})
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Resolve relative dates against this day instead of each article's own date.",
)
@jsonl_option
@click.pass_context
def dates(ctx: click.Context, paths: tuple[str, ...], published: datetime | None, fmt: str) -> None:
    """Every date expression in the texts, normalised as in TimeML ("2015-10-08",
    "2015-W41", "PRESENT_REF") against each article's publication date.

    Offsets are into the text as the input gave it (for JSONL, its text field).
    """
    from eventwire.resolve.mentions import article_mentions

    rows = (
        row
        for article, _, found in article_mentions(
            _read_articles(ctx, paths), places=False, published=published
        )
        for row in _mention_rows(article, found)
    )
    try:
        write_rows(rows, sys.stdout, fmt=fmt, columns=DATE_COLUMNS, widths={"text": 30})
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def event_filters(func: F) -> F:
    """The filters of :class:`eventwire.query.EventQuery`, as options (events, export)."""
    options = [
        click.option(
            "--actor", default=None, help="Source actor code prefix: RUS, RUSMIL, IMGMUSISI."
        ),
        click.option("--target", default=None, help="Target actor code prefix, as --actor."),
        click.option("--root", default=None, help="CAMEO root (19) or code (195)."),
        click.option("--quad", type=int, default=None, help="QuadClass 1-4."),
        click.option(
            "--since", default=None, metavar="YYYY-MM-DD", help="Events on or after this day."
        ),
        click.option(
            "--until", default=None, metavar="YYYY-MM-DD", help="Events on or before this day."
        ),
        click.option(
            "--place", default=None, help="ISO alpha-3 country (SYR) or place name (Hama)."
        ),
        click.option("--story", default=None, help="Events of this story."),
        click.option(
            "--factuality",
            type=click.Choice(FACTUALITIES),
            default=None,
            help="Only asserted, negated, ... events.",
        ),
        click.option(
            "--article", "article_id", default=None, help="Events reported by this article."
        ),
        click.option(
            "--sort",
            type=click.Choice(sorted(SORTS)),
            default="date",
            show_default=True,
            help="Order.",
        ),
        click.option("--limit", type=int, default=None, help="At most this many events."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _query(filters: dict[str, Any]) -> EventQuery:
    """The query the filter options ask for; a bad value is a usage error naming it."""
    from eventwire.query import EventQuery

    since, until = filters.pop("since", None), filters.pop("until", None)
    article = filters.pop("article_id", None)
    try:
        return EventQuery(article=article, since=_date(since), until=_date(until), **filters)
    except (EventwireError, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc


@cli.command()
@db_option
@format_option
@event_filters
@click.pass_context
def events(ctx: click.Context, /, db: str | None, fmt: str, **filters: Any) -> None:
    """List events, one per real event (merged across sentences, articles and sources).

    Filters combine with AND; JSON Lines carries the whole record.
    """
    query = _query(filters)
    settings = _settings(ctx, db=db)
    with _open(settings, read_only=True) as store:
        _write_events(store.query_events(query), fmt)


@cli.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="jsonl",
    show_default=True,
    help="csv, jsonl (our records), parquet, plover (PLOVER JSONL), gdelt (GDELT 2.0 TSV).",
)
@click.option(
    "--out",
    default=None,
    metavar="PATH",
    help="Output file (default: standard output; parquet needs a file).",
)
@click.option(
    "--mentions",
    "mentions_out",
    default=None,
    metavar="PATH",
    help="gdelt only: the mentions table [default: beside --out, NAME.mentions.tsv].",
)
@event_filters
@click.pass_context
def export(
    ctx: click.Context,
    /,
    db: str | None,
    fmt: str,
    out: str | None,
    mentions_out: str | None,
    **filters: Any,
) -> None:
    """Export events in a standard format (the filters of `eventwire events` apply)."""
    from eventwire.exports import export_events

    query = _query(filters)
    settings = _settings(ctx, db=db)
    left_out: Counter[str] = Counter()
    try:
        with _open(settings, read_only=True) as store:
            written = export_events(
                store,
                query,
                fmt,
                out if out is not None else sys.stdout,
                mentions_out=mentions_out,
                left_out=left_out,
            )
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    if out is not None:
        click.echo(f"{written} events -> {out}", err=True)
    for reason, count in sorted(left_out.items()):
        click.echo(f"{count} events left out of the {fmt} export: {reason}", err=True)


@cli.command()
@click.argument("event_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The whole record as one JSON object.")
@click.pass_context
def event(ctx: click.Context, event_id: str, db: str | None, as_json: bool) -> None:
    """One event: the record, its mentions with the evidence highlighted, who claims what."""
    from eventwire.serialize import event_to_dict

    settings = _settings(ctx, db=db)
    with _open(settings, read_only=True) as store:
        found = store.event(event_id)
    if found is None:
        raise click.ClickException(f"no event {event_id!r} in {settings.db}")
    if as_json:
        click.echo(json.dumps(event_to_dict(found), ensure_ascii=False, indent=2))
        return
    e = found
    target = e.target.code if e.target else "-"
    click.echo(f"{e.id}  {e.date or 'undated'} ({e.date_precision or '-'})")
    click.echo(f"  {e.source.code or e.source.name} -> {e.cameo.code} {e.cameo.name} -> {target}")
    click.echo(
        f"  {e.factuality}, confidence {e.confidence}, QuadClass {e.cameo.quad_class}, "
        f"Goldstein {e.cameo.goldstein}, PLOVER {e.plover.event_type}"
    )
    if e.location:
        click.echo(
            f"  where: {e.location.name} ({e.location.feature}, {e.location.country}) "
            f"{', '.join(e.location.places)}"
        )
    click.echo(
        f"  {e.num_mentions} mentions in {e.num_articles} articles from {e.num_sources} sources"
        + (f"; story {e.story_id}" if e.story_id else "")
    )
    click.echo("\nmentions:")
    for ev in e.evidence:
        sentence = ev.sentence
        if ev.trigger_start is not None and ev.trigger_end is not None:
            # the trigger in the sentence, marked (offsets are into the article)
            rel = ev.trigger_start - ev.start
            width = ev.trigger_end - ev.trigger_start
            if 0 <= rel <= len(sentence) - width:
                sentence = (
                    sentence[:rel]
                    + "["
                    + sentence[rel : rel + width]
                    + "]"
                    + sentence[rel + width :]
                )
        click.echo(f"  - {ev.source or ev.article_id} ({ev.published or 'undated'}): {sentence}")
    if e.claims:
        click.echo("\nclaims:")
        for c in e.claims:
            flag = "" if c.plausible else "  (implausible, not used)"
            who = c.claimant or "the outlet"
            via = f" via {c.via}" if c.via else ""
            click.echo(f"  {c.value:g} {c.unit}: {who}{via}, in {c.source or c.article_id}{flag}")
        ranges: dict[str, list[float]] = {}
        for c in e.claims:
            if c.plausible:
                ranges.setdefault(c.unit, []).append(c.value)
        for unit, values in sorted(ranges.items()):
            if min(values) != max(values):
                click.echo(f"  sources disagree on {unit}: {min(values):g} to {max(values):g}")


STORY_COLUMNS = ("id", "first_published", "last_published", "num_articles", "title")


@cli.command()
@db_option
@format_option
@click.option("--limit", type=int, default=None, help="At most this many stories.")
@click.pass_context
def stories(ctx: click.Context, db: str | None, fmt: str, limit: int | None) -> None:
    """List stories (articles grouped by time and content), newest first."""
    settings = _settings(ctx, db=db)
    with _open(settings, read_only=True) as store:
        rows = store.stories(limit=limit)
    write_rows(rows, sys.stdout, fmt=fmt, columns=STORY_COLUMNS, widths={"title": 60})


@cli.command()
@click.argument("story_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of text.")
@click.pass_context
def story(ctx: click.Context, story_id: str, db: str | None, as_json: bool) -> None:
    """One story: its articles and the timeline of its events."""
    from eventwire.query import EventQuery
    from eventwire.serialize import event_to_dict

    settings = _settings(ctx, db=db)
    with _open(settings, read_only=True) as store:
        found = store.story(story_id)
        timeline = list(store.query_events(EventQuery(story=story_id))) if found else []
    if found is None:
        raise click.ClickException(f"no story {story_id!r} in {settings.db}")
    if as_json:
        data = {**found, "events": [event_to_dict(e) for e in timeline]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"{found['id']}  {found['title'] or ''}")
    click.echo(
        f"  {found['num_articles']} articles, {found['first_published']} .. {found['last_published']}"
    )
    click.echo("\narticles:")
    for a in found["articles"]:
        copy = f" (copy of {a['duplicate_of']})" if a["duplicate_of"] else ""
        click.echo(
            f"  {a['published'] or 'undated'}  {a['source'] or '-'}  {a['title'] or a['id']}{copy}"
        )
    click.echo("\nevents:")
    for e in timeline:
        target = e.target.code if e.target else "-"
        click.echo(
            f"  {e.date or 'undated':10}  {e.source.code or '-'} {e.cameo.code} {target}  "
            f"{e.cameo.name} ({e.num_sources} sources)"
        )


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port."
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Another Host name to answer (repeatable); 127.0.0.1, localhost, [::1] and --host "
    "always are, others get 400.",
)
@click.option(
    "--access-log/--no-access-log",
    default=False,
    show_default=True,
    help="Log every request on standard error.",
)
@click.pass_context
def serve(
    ctx: click.Context,
    db: str | None,
    host: str,
    port: int,
    allowed_hosts: tuple[str, ...],
    access_log: bool,
) -> None:
    """Serve the store read-only over HTTP: the JSON API under /api (schema at
    /openapi.json). Reads a snapshot of the database (kept in DB.snapshots/), so
    `eventwire ingest` can keep writing to it, and serves the store as it was at the end
    of the last run; binds to 127.0.0.1 unless told otherwise."""
    from eventwire.web import serve as run_server

    settings = _settings(ctx, db=db)
    try:
        run_server(
            settings.db,
            host=host,
            port=port,
            allowed_hosts=allowed_hosts,
            access_log=access_log,
        )
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command("problems")
@db_option
@format_option
@click.pass_context
def problems_command(ctx: click.Context, db: str | None, fmt: str) -> None:
    """List input that could not be read (the dead-letter table)."""
    settings = _settings(ctx, db=db)
    with _open(settings, read_only=True) as store:
        rows = [
            {"path": p.path, "line": p.line, "kind": p.kind, "reason": p.reason}
            for p in store.dead_letters()
        ]
    write_rows(
        rows,
        sys.stdout,
        fmt=fmt,
        columns=("path", "line", "kind", "reason"),
        widths={"path": 50, "reason": 80},
    )


@cli.command()
@click.option(
    "--check", is_flag=True, help="Fail if a step requires what no earlier step provides."
)
def pipeline(check: bool) -> None:
    """Describe the pipeline's steps and what each reads and writes."""
    from eventwire.pipeline.ingest import default_pipeline

    try:
        lines = default_pipeline().check()
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in lines:
        click.echo(line)
    if check:
        click.echo("ok: every step's requirements are provided")


@cli.command()
def settings() -> None:
    """List every setting with its default and meaning."""
    defaults = Settings()
    for name, help_text in SETTINGS.items():
        click.echo(
            f"{name} = {getattr(defaults, name)!r}\n    {help_text}\n    env: EVENTWIRE_{name.upper()}"
        )


def _register_optional() -> None:
    """Commands that live with their subsystem."""
    try:
        from eventwire.evaluate.cli import corpus_command, eval_command
    except ImportError:  # pragma: no cover - the evaluate package is part of the install
        return
    cli.add_command(eval_command, "eval")
    cli.add_command(corpus_command, "corpus")


_register_optional()


def main() -> None:
    cli(prog_name="eventwire")
