"""The ``corpusclean`` command line: a thin layer that parses options and calls the library.

Only this module prints to the terminal and turns errors into exit codes:
0 = every input was read; 1 = the run finished but some inputs could not be read or a
stage failed on some document (all of them are in ``rejected.jsonl``); 2 = bad usage
(missing input, unwritable output, bad config); 130 = interrupted.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .config import RunConfig, load_config
from .errors import CorpuscleanError, InputError
from .executors import make_executor
from .io import CorpusWriter, discover, prepare_output, read
from .io.readers import UNREADABLE, file_format
from .pipeline import Pipeline, RunStats
from .report import build_report, write_report

app = typer.Typer(
    name="corpusclean",
    help="Turn messy scraped documents into a clean, deduplicated, tagged text corpus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True, highlight=False)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"corpusclean {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Turn messy scraped documents into a clean, deduplicated, tagged text corpus."""


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn the library's user-facing errors into one line on stderr and exit code 2."""
    try:
        yield
    except CorpuscleanError as exc:
        err.print(f"[bold red]error:[/] {exc}", soft_wrap=True)
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
            help="TOML file with [run] settings and [[stages]].",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=0,
            help="Worker processes [default: all cores].",
            show_default=False,
        ),
    ] = None,
    executor: Annotated[
        str | None,
        typer.Option(
            "--executor",
            help="Where to run: local (process pool), serial (this "
            "process) or ray (a Ray cluster) [default: local].",
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
        pipeline = Pipeline(
            run.build_stages(),
            executor=make_executor(run.executor, run.workers),
            batch_size=run.batch_size,
        )
        files = discover(i for i in inputs if i != "-")
        to_stdout = out == "-"
        out_dir = None if to_stdout else prepare_output(out)
        if rejected is not None:
            prepare_output(rejected.parent if str(rejected.parent) else ".")
        streamed = "-" in inputs or any(file_format(f.path)[0] == "jsonl" for f in files)
        total = None if streamed else len(files)
        show = not quiet and err.is_terminal
        with CorpusWriter(out_dir, rejected) as writer, _progress(show, total) as progress:
            for doc in pipeline.run(read(inputs, text_field), progress=progress):
                writer.write(doc)
        stats = pipeline.stats
        config_record = {
            "run": {
                "executor": run.executor,
                "workers": pipeline.executor.workers,
                "batch_size": run.batch_size,
            },
            "stages": pipeline.config(),
        }
        if out_dir is not None:
            write_report(out_dir, build_report(stats, config_record, list(inputs)))
        if not quiet:
            _print_summary(stats, out, rejected_kept=out_dir is not None or rejected is not None)
        failed = sum(n for r, n in stats.rejected.items() if r.startswith((UNREADABLE, "error:")))
        if failed:
            err.print(
                f"[yellow]{failed} input(s) could not be read or processed; "
                "their reasons are in the rejected file[/]"
            )
            raise typer.Exit(1)


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
            help="TOML file whose repair.* [[stages]] (and their options) are used.",
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
def _progress(show: bool, total: int | None) -> Iterator[Callable[[str, int], None] | None]:
    """A rich progress bar on a terminal (stderr); nothing when piped or quiet."""
    if not show:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns: list[Any] = [
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("docs"),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(phase: str, done: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done)

        yield update


def _print_summary(stats: RunStats, out: str, rejected_kept: bool) -> None:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("documents in", f"{stats.docs_in:,}")
    table.add_row("kept", f"{stats.kept:,}")
    for reason, n in stats.rejected.most_common():
        table.add_row(f"rejected: {reason}", f"{n:,}")
    langs = ", ".join(f"{lang} {n:,}" for lang, n in stats.languages.most_common(8))
    table.add_row("languages", langs or "-")
    rate = stats.docs_in / stats.wall_seconds if stats.wall_seconds else 0.0
    table.add_row("time", f"{stats.wall_seconds:.1f} s ({rate:,.0f} docs/s)")
    if out != "-":
        table.add_row("output", f"{out.rstrip('/')}/corpus.jsonl, rejected.jsonl, report.json")
    err.print(table)
    if not rejected_kept and stats.n_rejected:
        err.print(
            f"[yellow]{stats.n_rejected} rejected document(s) were not written: "
            "pass --rejected FILE to keep them[/]"
        )


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
