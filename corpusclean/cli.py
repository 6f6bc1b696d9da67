"""The ``corpusclean`` command line: a thin layer that parses options and calls the library.

Only this module prints to the terminal and turns errors into exit codes:
0 = every input was read; 1 = the run finished but some inputs could not be read or a
stage failed on some document (all of them are in ``rejected.jsonl``); 2 = bad usage
(missing input, unwritable output, bad config); 130 = interrupted.
"""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .config import RunConfig, load_config
from .errors import CorpuscleanError, InputError, OutputError
from .executors import make_executor
from .filter.gates import with_gates
from .io.inputs import InputFile
from .io.writers import prepare_output
from .job import CleanResult
from .job import clean as clean_job
from .version import __version__

app = typer.Typer(
    name="corpusclean",
    help="Turn messy scraped documents into a clean, deduplicated, tagged text corpus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True, highlight=False)


class StdinFormat(str, Enum):
    """What ``-`` reads from standard input."""

    jsonl = "jsonl"
    text = "text"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"corpusclean {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Turn messy scraped documents into a clean, deduplicated, tagged text corpus."""


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn the library's user-facing errors into one line on stderr and exit code 2."""
    try:
        yield
    except CorpuscleanError as exc:
        label = "interrupted" if exc.exit_code == 130 else "error"
        err.print(f"[bold red]{label}:[/] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/]: no output was written")
        raise typer.Exit(130) from None


@app.command()
def clean(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT...",
            help="Files or folders (read recursively) of .txt, .html, .jsonl, optionally .gz "
            "or .zst compressed; '-' reads JSONL from standard input.",
            show_default=False,
        ),
    ],
    out: Annotated[
        str,
        typer.Option(
            "--out",
            "-o",
            help="Output folder for corpus.jsonl, rejected.jsonl and "
            "report.json; '-' streams the corpus as JSONL to standard output.",
            show_default=False,
        ),
    ],
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="TOML file with \\[run] settings and \\[\\[stages]].",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=0,
            help="Worker processes \\[default: all cores].",
            show_default=False,
        ),
    ] = None,
    executor: Annotated[
        str | None,
        typer.Option(
            "--executor",
            help="Where to run: local (process pool), serial (this "
            "process) or ray (a Ray cluster) \\[default: local].",
            show_default=False,
        ),
    ] = None,
    text_field: Annotated[
        str, typer.Option("--text-field", help="Field holding the text in JSONL input.")
    ] = "text",
    rejected: Annotated[
        Path | None,
        typer.Option(
            "--rejected",
            help="Where to write rejected documents when the corpus "
            "goes to standard output (-o -).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")
    ] = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Corpus format: jsonl, jsonl.gz, jsonl.zst, parquet (needs the parquet "
            "extra) or txt (one file per document). rejected.jsonl stays JSONL.",
        ),
    ] = "jsonl",
    shard_size: Annotated[
        int,
        typer.Option(
            "--shard-size",
            min=0,
            help="Documents per corpus file (corpus-00000.jsonl, ...); 0 = one file.",
        ),
    ] = 0,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Continue an interrupted run into the same OUT, redoing only unfinished "
            "work (refused if the inputs or config changed).",
        ),
    ] = False,
    stdin_format: Annotated[
        StdinFormat,
        typer.Option(
            "--stdin-format",
            help="What '-' reads from standard input: JSONL records or one plain text.",
        ),
    ] = StdinFormat.jsonl,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Keep only these languages, e.g. en,fr (others rejected as lang:<code>).",
            show_default=False,
        ),
    ] = None,
    fast: Annotated[
        bool,
        typer.Option(
            "--fast",
            help="Extract pages with the fast lexbor-based parser (extract.html mode = "
            '"fast"): several times faster, a little less accurate on news pages.',
        ),
    ] = False,
    quality: Annotated[
        str | None,
        typer.Option(
            "--quality",
            help="Reject documents that break a quality rule set: gopher, c4, fineweb "
            "(comma-separated; reasons name the rule, e.g. quality:gopher_word_count).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Clean, deduplicate and tag documents into a corpus.

    Every input document ends up in exactly one of corpus.jsonl (kept) and
    rejected.jsonl (with the reason it was dropped). Example:

        corpusclean clean seeds/ -o out/
    """
    with _user_errors():
        run = load_config(config) if config else RunConfig()
        if workers is not None:
            run.workers = workers
        if executor is not None:
            run.executor = executor
        run.stages = with_gates(run.stages, _csv(lang), _csv(quality))
        if fast:
            run.stages = [
                {**s, "mode": "fast"} if s["use"] == "extract.html" else s for s in run.stages
            ]
        stages = run.build_stages()
        to_stdout = out == "-"
        if rejected is not None:
            prepare_output(rejected.parent if str(rejected.parent) else ".")
        if to_stdout and fmt != "jsonl":
            raise OutputError(f"-o - streams JSONL only; write {fmt} to a folder with -o OUT")
        show = not quiet and err.is_terminal
        with ExitStack() as stack:
            folder = stack.enter_context(tempfile.TemporaryDirectory()) if to_stdout else out
            if "-" in inputs:
                spool = stack.enter_context(tempfile.TemporaryDirectory(prefix="corpusclean-"))
            paths = [_spool_stdin(spool, stdin_format.value) if i == "-" else i for i in inputs]
            progress = stack.enter_context(_progress(show))
            result = clean_job(
                paths,
                folder,
                stages,
                executor=make_executor(run.executor, run.workers),
                fmt=fmt,
                shard_size=shard_size,
                rejected=rejected,
                text_field=text_field,
                batch_size=run.batch_size,
                shard_bytes=run.shard_bytes,
                resume=resume,
                progress=progress,
                run_config={"run": {"executor": run.executor}},
            )
            if to_stdout:
                with result.layout.corpus().open("rb") as fh:
                    shutil.copyfileobj(fh, sys.stdout.buffer)
                sys.stdout.buffer.flush()
        if not quiet:
            _print_summary(result, show_files=not to_stdout)
        if to_stdout and rejected is None and result.stats.n_rejected and not quiet:
            err.print(
                f"[yellow]{result.stats.n_rejected} rejected document(s) were not written: "
                "pass --rejected FILE to keep them[/]"
            )
        if result.failed:
            err.print(
                f"[yellow]{result.failed} input(s) could not be read or processed; "
                "their reasons are in the rejected file[/]"
            )
            raise typer.Exit(1)


def _spool_stdin(folder: str, stdin_format: str) -> InputFile:
    """Standard input, saved as a temporary file so that workers can read it like any
    other input (a pipe can be read once, by one process)."""
    suffix = {"jsonl": ".jsonl", "text": ".txt"}[stdin_format]
    path = Path(folder) / f"stdin{suffix}"
    with path.open("wb") as fh:
        shutil.copyfileobj(sys.stdin.buffer, fh)
    return InputFile(path, "stdin")


@app.command()
def repair(
    file: Annotated[
        str,
        typer.Argument(
            metavar="[FILE|-]", help="A text file to repair; '-' or nothing reads standard input."
        ),
    ] = "-",
    diff: Annotated[
        bool, typer.Option("--diff", help="Print a unified diff of what changed, not the text.")
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="TOML file whose repair.* \\[\\[stages]] (and their options) are used.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Repair one text (tag and entity debris, encoding, spacing) and print it.

    The same repairs as the repair stages of `clean`, for shell pipes. Examples:

        corpusclean repair page.txt > page.clean.txt

        curl -s URL | corpusclean repair --diff
    """
    from .io.decode import decode_bytes
    from .repair.api import PREFIX, Repairer

    with _user_errors():
        if file == "-":
            data = sys.stdin.buffer.read()
        else:
            try:
                data = Path(file).read_bytes()
            except OSError as exc:
                raise InputError(f"cannot read {file}: {exc.strerror or exc}") from None
        decoded = decode_bytes(data)
        if decoded.text is None:
            raise InputError(f"{file} is not text (binary data or an unknown encoding)")
        stages = None
        if config is not None:
            stages = [s for s in load_config(config).build_stages() if s.name.startswith(PREFIX)]
        result = Repairer(stages)(decoded.text)
        if not diff:
            sys.stdout.write(result.text + ("\n" if result.text else ""))
            return
        name = "stdin" if file == "-" else file
        if decoded.encoding not in (None, "utf-8"):
            name = f"{name} (read as {decoded.encoding})"
        lines = difflib.unified_diff(
            decoded.text.splitlines(keepends=True),
            (result.text + ("\n" if decoded.text.endswith("\n") else "")).splitlines(keepends=True),
            fromfile=name,
            tofile=f"{name} (repaired)",
        )
        sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in lines)


@contextmanager
def _progress(show: bool) -> Iterator[Callable[[str, int, int, int], None] | None]:
    """A rich progress bar on a terminal (stderr): each pass with its share of the input
    bytes done, documents per second and the time left; nothing when piped or quiet."""
    if not show:
        yield None
        return
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns: list[Any] = [
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[docs]:,} docs, {task.fields[rate]:,.0f}/s"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, Any] = {}
        started: dict[str, tuple[float, int]] = {}

        def update(phase: str, done: int, total: int, docs: int) -> None:
            now = time.perf_counter()
            if phase not in tasks:
                tasks[phase] = bar.add_task(escape(phase), total=total or None, docs=0, rate=0.0)
                started[phase] = (now, docs)
            begin, first = started[phase]
            rate = (docs - first) / (now - begin) if now > begin else 0.0
            bar.update(tasks[phase], completed=done, docs=docs, rate=rate)

        yield update


def _csv(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _print_summary(result: CleanResult, show_files: bool) -> None:
    stats = result.stats
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("documents in", f"{stats.docs_in:,}")
    table.add_row("kept", f"{stats.kept:,}")
    for reason, n in stats.rejected.most_common():
        table.add_row(f"rejected: {escape(reason)}", f"{n:,}")
    langs = ", ".join(f"{lang} {n:,}" for lang, n in stats.languages.most_common(8))
    table.add_row("languages", langs or "-")
    rate = stats.docs_in / stats.wall_seconds if stats.wall_seconds else 0.0
    table.add_row("time", f"{stats.wall_seconds:.1f} s ({rate:,.0f} docs/s)")
    if show_files and result.uploaded:
        where = result.uploaded[0].rsplit("/", 1)[0]
        table.add_row("output", escape(f"{where}/ ({len(result.uploaded)} files uploaded)"))
    elif show_files:
        layout = result.layout
        written = [*result.corpus_files, layout.rejected, layout.changes]
        written += [layout.report, layout.report_html]
        table.add_row("output", escape(", ".join(_shown(p) for p in _collapsed(written))))
    err.print(table)


def _shown(path: Path) -> str:
    return f"{path}/" if path.is_dir() else str(path)


def _collapsed(paths: list[Path]) -> list[Path]:
    """Many corpus shards are named by their first and last."""
    corpus = [p for p in paths if p.name.startswith("corpus")]
    if len(corpus) <= 3:
        return paths
    return [corpus[0], Path(f"... {len(corpus) - 2} more ..."), corpus[-1], *paths[len(corpus) :]]


@app.command("config")
def config_command(
    show: Annotated[
        bool,
        typer.Option("--show", help="Print the default configuration as a TOML file."),
    ] = False,
) -> None:
    """Print the default pipeline as a TOML file to start a config from.

    corpusclean config --show > my.toml
    corpusclean clean seeds/ -o out/ --config my.toml
    """
    if not show:
        err.print("nothing to do: pass --show to print the default configuration")
        raise typer.Exit(2)
    from .config.template import default_config_toml

    typer.echo(default_config_toml(), nl=False)


@app.command()
def report(
    out: Annotated[
        Path,
        typer.Argument(
            help="Output folder of a clean run (holding report.json).", show_default=False
        ),
    ],
) -> None:
    """Summarise a run in the terminal and redraw OUT/report.html from OUT/report.json."""
    from .report import load_report, summary_rows, write_html

    with _user_errors():
        data = load_report(out)
        table = Table(title=f"corpusclean report: {out}", show_header=False, box=None)
        table.add_column(style="bold")
        table.add_column()
        for label, value in summary_rows(data):
            table.add_row(label, value)
        console = Console(highlight=False)
        console.print(table)
        for title, rows in _detail_tables(data):
            detail = Table(title=title, title_justify="left", box=None, show_header=False)
            detail.add_column()
            detail.add_column(justify="right")
            for name, value in rows:
                detail.add_row(name, value)
            console.print(detail)
        folder = out if out.is_dir() else out.parent
        page = write_html(folder, data)
        console.print(f"report page: {page}")


def _detail_tables(data: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The per-kind figures the page charts, as tables (largest first, 15 at most)."""
    tables = []
    for key, title in (("edits", "edits per kind"), ("removals", "removed per rule")):
        counts = sorted(data.get(key, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        if counts:
            tables.append((title, [(k, f"{v:,}") for k, v in counts[:15]]))
    seconds = data.get("timings", {}).get("stage_seconds", {})
    if seconds:
        ordered = sorted(seconds.items(), key=lambda kv: -kv[1])
        tables.append(("seconds per stage", [(k, f"{v:.3f}") for k, v in ordered]))
    return tables


@app.command()
def explain(
    out: Annotated[str, typer.Argument(help="Output folder of a 'clean' run.", show_default=False)],
    doc_id: Annotated[
        str, typer.Argument(help="The document's id (its 'id' field).", show_default=False)
    ],
) -> None:
    """Show what was removed from or repaired in one document, and by which rule.

    Example:

        corpusclean explain out/ 280e8e8cff00f910   (seeds/003_1c2b97edc1211e53.txt)
    """
    from rich.markup import escape

    from .explain import explain as explain_doc

    with _user_errors():
        found = explain_doc(out, doc_id)
    console = Console(highlight=False, soft_wrap=True)
    colour = "green" if found.status == "kept" else "red"
    console.print(f"[bold]{found.id}[/]  {escape(found.source)}  [{colour}]{found.status}[/]")
    if "url" in found.meta:
        console.print(f"  url: {escape(str(found.meta['url']))}")
    for key, value in found.notes.items():
        console.print(f"  [yellow]{key}[/]: {escape(str(value))}")
    console.print(f"[bold]removed lines[/] ({len(found.removed)})")
    for stage, reason, text in found.removed:
        console.print(f"  [magenta]{stage}.{reason}[/]  [dim red]{escape(text)}[/]")
    console.print(f"[bold]repairs and edits[/] ({len(found.edits)})")
    for key, count in found.edits:
        console.print(f"  [cyan]{key}[/]  {count}")


def main() -> None:
    """Console-script entry point: usage errors become one line on stderr and exit code 2."""
    try:
        code = app(standalone_mode=False, prog_name="corpusclean")
    except typer.Abort:
        err.print("[yellow]interrupted[/]")
        sys.exit(130)
    except Exception as exc:
        if not _is_usage_error(exc):
            raise
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else "corpusclean"
        message = exc.format_message()  # type: ignore[attr-defined]
        if message:  # empty when the help was shown because no arguments were given
            err.print(
                f"[bold red]error:[/] {escape(message)} (see '{escape(where)} --help')",
                soft_wrap=True,
            )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


def _is_usage_error(exc: Exception) -> bool:
    """Click's usage errors (unknown option, missing argument, bad value), recognised by
    shape: typer vendors its own copy of click in recent releases, the click package in
    older ones, so neither class can be imported for every supported version."""
    return any(cls.__name__ == "UsageError" for cls in type(exc).__mro__) and callable(
        getattr(exc, "format_message", None)
    )


if __name__ == "__main__":
    main()
