"""The ``hplan`` command line: a thin layer over the library.

Heavy libraries (pdfplumber, spaCy, pandas, pyarrow, duckdb) are imported inside the
commands, never at module level, so ``hplan --help`` answers at once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

DEFAULT_INPUT = Path("data/raw")
DEFAULT_OUT = Path("data/processed")

# Exit codes (README "Exit codes"): 0 at least one file converted (and, with --strict,
# none failed), 1 none converted, 2 usage error, 3 a file failed under --strict,
# 4 the run could not finish for a reason the user can fix (output folder not writable,
# disk full, a missing optional dependency), 70 an internal error (a bug).
EXIT_NOTHING_CONVERTED = 1
EXIT_USAGE = 2
EXIT_STRICT_FAILED = 3
EXIT_ENVIRONMENT = 4
EXIT_INTERNAL = 70

app = typer.Typer(
    name="hplan",
    help=(
        "Turn bygdevekst handlingsplaner (PDFs and text dumps) into clean, linked tables.\n\n"
        "Exit codes: 0 when at least one file converted, 1 when none did, 2 for usage errors, "
        "3 when a file failed under --strict, 4 when the output cannot be written or an "
        "optional dependency is missing, 70 for an internal error."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@app.callback()
def _group() -> None:
    """Turn bygdevekst handlingsplaner into clean, linked tables."""


@app.command()
def run(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders to convert (.txt text dumps, .pdf). Default: data/raw.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Output folder for the tables.")
    ] = DEFAULT_OUT,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Documents converted in parallel processes.")
    ] = 1,
    max_size_mb: Annotated[
        float,
        typer.Option("--max-size", min=0.001, help="Largest input file accepted, in MB."),
    ] = 200.0,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.0, help="Time limit per file in seconds (0: none)."),
    ] = 300.0,
    executor: Annotated[
        str,
        typer.Option(
            "--executor", help="local (processes on this machine) or dask (a Dask cluster)."
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Dask scheduler address; without it --executor dask starts a LocalCluster.",
        ),
    ] = None,
    use_cache: Annotated[
        bool,
        typer.Option(
            "--cache/--no-cache",
            help="Reuse the results of unchanged files from OUT/.hplan-cache.",
        ),
    ] = True,
    pdf_text: Annotated[
        str,
        typer.Option(
            "--pdf-text",
            help="How PDF pages without ruled tables are read: fast (PDFium, the default) "
            "or pdfplumber (every page; slower, for comparing).",
        ),
    ] = "fast",
    max_memory_mb: Annotated[
        float,
        typer.Option(
            "--max-memory",
            min=0.0,
            help="Memory limit per file in MB (address space of its converting process; 0: none).",
        ),
    ] = 2048.0,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Exit with 3 when any file failed (for scripts)."),
    ] = False,
    ocr: Annotated[
        bool,
        typer.Option(
            "--ocr",
            help="Read PDF pages without a text layer (scans) with Tesseract's Norwegian "
            "model (Debian: tesseract-ocr tesseract-ocr-nor).",
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")
    ] = False,
) -> None:
    """Convert handlingsplaner into the contract tables (CSV, Parquet, DuckDB).

    Writes every table of the output contract into OUT as <table>.csv and
    <table>.parquet, plus all of them in handlingsplaner.duckdb. A file that cannot be
    converted gets a 'failed' row in documents with a one-line error, a row in checks
    and a line on stderr; the rest of the batch goes on.

    Exit codes: 0 when at least one file converted, 1 when none did, 2 for usage errors,
    3 when a file failed under --strict, 4 when the output cannot be written.
    """
    if executor not in ("local", "dask"):
        raise typer.BadParameter("must be 'local' or 'dask'", param_hint="--executor")
    if scheduler and executor != "dask":
        raise typer.BadParameter("only with --executor dask", param_hint="--scheduler")
    if pdf_text not in ("fast", "pdfplumber"):
        raise typer.BadParameter("must be 'fast' or 'pdfplumber'", param_hint="--pdf-text")

    from hplan.batch import UserError, collect_inputs, failure_line, print_error, run_batch
    from hplan.cache import ResultCache
    from hplan.extract.settings import MB, Settings
    from hplan.output import write_tables
    from hplan.safe_text import printable

    given = inputs or [DEFAULT_INPUT]
    if not inputs and not DEFAULT_INPUT.is_dir():
        typer.echo(f"hplan: no inputs given and {DEFAULT_INPUT}/ does not exist", err=True)
        raise typer.Exit(2)
    skipped: list[Path] = []
    paths = collect_inputs(given, exclude=out, skipped=skipped)
    if not paths:
        others = f" ({_skipped(skipped)})" if skipped else ""
        typer.echo(f"hplan: no files found in {', '.join(map(str, given))}{others}", err=True)
        raise typer.Exit(2)
    settings = Settings(
        max_file_bytes=int(max_size_mb * MB),
        per_file_timeout_s=timeout,
        pdf_text_engine=pdf_text,
        ocr=ocr,
    )
    _check_writable(out)

    show_progress = not quiet and sys.stderr.isatty()
    progress = None
    task = None
    if show_progress:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=True,
        )
        progress.start()
        task = progress.add_task("converting", total=len(paths))

    def on_result(result) -> None:  # type: ignore[no-untyped-def]
        if result.document.status == "failed":
            if progress is not None:
                progress.console.print(
                    failure_line(result),
                    markup=False,
                    highlight=False,
                )
            else:
                print_error(result)
        if progress is not None:
            progress.advance(task)

    try:
        cache = ResultCache(out, settings) if use_cache else None
        batch = run_batch(
            paths,
            settings,
            jobs=jobs,
            executor=executor,
            scheduler=scheduler,
            on_result=on_result,
            cache=cache,
            max_memory=int(max_memory_mb * MB) or None,
        )
    except UserError as err:
        typer.echo(f"hplan: {err}", err=True)
        raise typer.Exit(EXIT_ENVIRONMENT) from None
    finally:
        if progress is not None:
            progress.stop()
    try:
        counts = write_tables(out, batch.tables)
    except OSError as err:
        # Nothing was switched into place: the previous dataset in OUT is intact.
        reason = err.strerror or str(err)
        typer.echo(f"hplan: cannot write the tables to {printable(str(out))}: {reason}", err=True)
        raise typer.Exit(EXIT_ENVIRONMENT) from None
    if not quiet:
        typer.echo(
            f"{len(batch.results)} files: {batch.count('ok')} ok, "
            f"{batch.count('partial')} partial, {batch.count('failed')} failed → {out}/"
            + (f" ({cache.hits} unchanged, reused)" if cache is not None and cache.hits else "")
            + (f" ({_skipped(skipped)})" if skipped else "")
        )
        typer.echo("rows: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    if not batch.n_converted:
        raise typer.Exit(EXIT_NOTHING_CONVERTED)
    raise typer.Exit(EXIT_STRICT_FAILED if strict and batch.count("failed") else 0)


def _check_writable(out: Path) -> None:
    """Fail at once, in one line, when OUT cannot take the tables (not after converting
    the whole batch)."""
    import tempfile

    from hplan.safe_text import printable

    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as err:
        reason = err.strerror or str(err)
        typer.echo(f"hplan: cannot write to {printable(str(out))}: {reason}", err=True)
        raise typer.Exit(EXIT_ENVIRONMENT) from None


def _skipped(skipped: list[Path]) -> str:
    n = len(skipped)
    return f"{n} other file{'s' if n != 1 else ''} skipped"


@app.command()
def report(
    data: Annotated[
        Path, typer.Option("--data", "-d", help="Dataset folder written by 'hplan run'.")
    ] = DEFAULT_OUT,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder for the HTML pages. Default: DATA/report."),
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", help="nb (Norwegian bokmål, the default) or en (English).")
    ] = "nb",
) -> None:
    """Write a self-contained HTML review page per document, and an index page.

    A plan's page opens with KDD's requirements and their verdicts (Oppfylt / Ikke
    oppfylt / Må vurderes), each linked to the source lines it rests on; then the plan's
    own inconsistencies; then, smaller, where hplan is unsure of what it read; then the
    changes since last year, the tiltak, the budget tables and the source text. The index
    lists the plans with their verdict counts. No network access is needed to view them.
    """
    if lang not in ("nb", "en"):
        raise typer.BadParameter("must be 'nb' or 'en'", param_hint="--lang")
    if not (data / "documents.parquet").exists() and not (data / "documents.csv").exists():
        typer.echo(
            f"hplan: {data}/ holds no dataset (run 'hplan run --out {data}' first)", err=True
        )
        raise typer.Exit(2)
    from hplan.output import recover
    from hplan.report import write_report

    recover(data)  # finish a switch of the tables a killed run committed to
    target = out or data / "report"
    paths = write_report(data, target, lang=lang)
    typer.echo(f"{len(paths)} pages → {target}/index.html")


@app.command("eval-links")
def eval_links(
    fixtures: Annotated[
        Path | None,
        typer.Argument(
            help="Folder of labelled plan pairs (pairs.json). Default: tests/fixtures/links.",
            show_default=False,
        ),
    ] = None,
    errors: Annotated[
        bool,
        typer.Option(
            "--errors",
            help="Also list every wrong and missed link with both titles and the evidence.",
        ),
    ] = False,
) -> None:
    """Rerun the labelled evaluation of year-over-year links.

    Converts the labelled plans, links them and prints precision and recall per link
    type (continued, revised, merged, ended, dropped, new) for each labelled set.
    """
    from hplan.eval_links import run_eval

    if fixtures is not None and not fixtures.is_dir():
        typer.echo(f"hplan: {fixtures} is not a folder", err=True)
        raise typer.Exit(2)
    found: list[str] | None = [] if errors else None
    table, _scores = run_eval(fixtures, found)
    typer.echo(table)
    if found:
        typer.echo("")
        typer.echo("\n".join(found))


@app.command("eval-realworld")
def eval_realworld(
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="Folder of <name>.txt texts with <name>.meta.json answer keys. "
            "Default: tests/fixtures/realworld.",
            show_default=False,
        ),
    ] = None,
    errors: Annotated[
        bool, typer.Option("--errors", help="Also list every missed and falsely found item.")
    ] = False,
) -> None:
    """Score amounts, contents entries and explicit measures against answer keys.

    Converts every text of the folder and prints recall and precision per field, pooled
    over the folder.
    """
    from hplan.eval_realworld import run_eval

    if folder is not None and not folder.is_dir():
        typer.echo(f"hplan: {folder} is not a folder", err=True)
        raise typer.Exit(2)
    try:
        typer.echo(run_eval(folder, errors))
    except ValueError as err:
        typer.echo(f"hplan: {err}", err=True)
        raise typer.Exit(2) from None


@app.command()
def dictionary() -> None:
    """Print the data dictionary (Markdown) generated from the table schemas."""
    from hplan.models.dictionary import render_markdown

    typer.echo(render_markdown(), nl=False)


def main() -> None:
    """Entry point: an unexpected exception is a bug, reported in one line with its own
    exit code (``HPLAN_DEBUG=1`` shows the traceback)."""
    try:
        app()
    except KeyboardInterrupt:
        print("hplan: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as err:
        if os.environ.get("HPLAN_DEBUG"):
            raise
        from hplan.safe_text import printable

        message = printable(str(err))[:300]
        print(
            f"hplan: internal error: {type(err).__name__}: {message} "
            "(a bug; HPLAN_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
