"""The ``hplan`` command line: a thin layer over the library.

Heavy libraries (pdfplumber, spaCy, pandas, pyarrow, duckdb) are imported inside the
commands, never at module level, so ``hplan --help`` answers at once.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

DEFAULT_INPUT = Path("data/raw")
DEFAULT_OUT = Path("data/processed")

app = typer.Typer(
    name="hplan",
    help=(
        "Turn bygdevekst handlingsplaner (PDFs and text dumps) into clean, linked tables.\n\n"
        "Exit codes: 0 when at least one file converted, 1 when none did, 2 for usage errors."
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
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")
    ] = False,
) -> None:
    """Convert handlingsplaner into the contract tables (CSV, Parquet, DuckDB).

    Writes every table of the output contract into OUT as <table>.csv and
    <table>.parquet, plus all of them in handlingsplaner.duckdb. A file that cannot be
    converted gets a 'failed' row in documents with a one-line error, a row in checks
    and a line on stderr; the rest of the batch goes on.

    Exit codes: 0 when at least one file converted, 1 when none did, 2 for usage errors.
    """
    if executor not in ("local", "dask"):
        raise typer.BadParameter("must be 'local' or 'dask'", param_hint="--executor")
    if scheduler and executor != "dask":
        raise typer.BadParameter("only with --executor dask", param_hint="--scheduler")
    if pdf_text not in ("fast", "pdfplumber"):
        raise typer.BadParameter("must be 'fast' or 'pdfplumber'", param_hint="--pdf-text")

    from hplan.batch import collect_inputs, print_error, run_batch
    from hplan.cache import ResultCache
    from hplan.extract.settings import MB, Settings
    from hplan.output import write_tables

    given = inputs or [DEFAULT_INPUT]
    if not inputs and not DEFAULT_INPUT.is_dir():
        typer.echo(f"hplan: no inputs given and {DEFAULT_INPUT}/ does not exist", err=True)
        raise typer.Exit(2)
    paths = collect_inputs(given)
    if not paths:
        typer.echo(f"hplan: no files found in {', '.join(map(str, given))}", err=True)
        raise typer.Exit(2)
    settings = Settings(
        max_file_bytes=int(max_size_mb * MB),
        per_file_timeout_s=timeout,
        pdf_text_engine=pdf_text,
    )

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
                    f"hplan: failed: {result.document.source}: {result.document.error}",
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
        )
    finally:
        if progress is not None:
            progress.stop()
    counts = write_tables(out, batch.tables)
    if not quiet:
        typer.echo(
            f"{len(batch.results)} files: {batch.count('ok')} ok, "
            f"{batch.count('partial')} partial, {batch.count('failed')} failed → {out}/"
            + (f" ({cache.hits} unchanged, reused)" if cache is not None and cache.hits else "")
        )
        typer.echo("rows: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    raise typer.Exit(0 if batch.n_converted else 1)


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
    from hplan.report import write_report

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


@app.command()
def dictionary() -> None:
    """Print the data dictionary (Markdown) generated from the table schemas."""
    from hplan.models.dictionary import render_markdown

    typer.echo(render_markdown(), nl=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
