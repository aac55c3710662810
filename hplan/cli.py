"""The ``hplan`` command line: a thin layer over the library (:mod:`hplan.api`).

Heavy libraries (pdfplumber, spaCy, pandas, pyarrow, duckdb) are imported inside the
commands, never at module level, so ``hplan --help`` answers at once. What the commands
print goes through :func:`echo`, which never fails on a console whose encoding lacks a
character (a cp1252 console and "→").
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hplan.extract.settings import DEFAULT_MAX_MEMORY, MB, Settings

if TYPE_CHECKING:  # pragma: no cover - typing only
    from hplan.extract.pipeline import DocResult

DEFAULT_INPUT = Path("data/raw")
# The options' defaults are the library's.
_DEFAULTS = Settings()
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
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Executor(StrEnum):
    local = "local"
    dask = "dask"


class PdfText(StrEnum):
    fast = "fast"
    pdfplumber = "pdfplumber"


class Lang(StrEnum):
    nb = "nb"
    en = "en"


# Characters the summaries use that legacy consoles (cp1252, latin-1, ascii) may lack.
_FALLBACKS = {"→": "->", "…": "...", "–": "-", "≥": ">="}


def terminal_safe(text: str, encoding: str | None) -> str:
    """``text`` as the console can print it: known symbols spelled in ASCII, anything
    else the encoding lacks replaced, so a summary never crashes the run."""
    encoding = encoding or "utf-8"
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        pass
    for char, ascii_form in _FALLBACKS.items():
        text = text.replace(char, ascii_form)
    try:
        return text.encode(encoding, errors="replace").decode(encoding)
    except LookupError:
        return text.encode("ascii", errors="replace").decode("ascii")


def echo(text: str = "", err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    typer.echo(terminal_safe(text, getattr(stream, "encoding", None)), err=err)


def _version(value: bool) -> None:
    if value:
        from hplan import __version__

        echo(f"hplan {__version__}")
        raise typer.Exit()


@app.callback()
def _group(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_version,
            is_eager=True,
            help="Print hplan's version and exit.",
        ),
    ] = False,
) -> None:
    """Turn bygdevekst handlingsplaner into clean, linked tables."""


class _Progress:
    """A progress bar on stderr while converting, when stderr is a terminal.

    Failure lines are printed above the bar through rich's console with markup off, so a
    path or error is printed as written. The bar counts input files, as the summary does.
    """

    def __init__(self, total: int, enabled: bool) -> None:
        self.bar: Any = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        console = Console(stderr=True)
        if not console.is_terminal:
            return
        self.bar = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.bar.add_task("converting", total=total)
        self.bar.start()

    def __call__(self, result: DocResult) -> None:
        if result.document.status == "failed":
            from hplan.batch import failure_line

            line = failure_line(result)
            if self.bar is not None:
                encoding = self.bar.console.encoding
                self.bar.console.print(terminal_safe(line, encoding), markup=False, highlight=False)
            else:
                echo(line, err=True)
        if self.bar is not None:
            self.bar.advance(self.task)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command(
    epilog=(
        "\b\nExamples:\n"
        "  hplan run                                 # data/raw -> data/processed\n"
        "  hplan run plans/ extra.pdf --out out/     # files and folders, .txt and .pdf\n"
        "  hplan run plans/ --jobs 2                 # two processes\n"
        "  hplan run plans/ --executor dask --jobs 4 # a Dask LocalCluster of 4 workers\n"
        "  hplan run plans/ --json > summary.json    # machine-readable summary"
    )
)
def run(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders to convert (.txt text dumps, .pdf, .docx). Default: data/raw.",
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
    ] = _DEFAULTS.max_file_bytes / MB,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.0, help="Time limit per file in seconds (0: none)."),
    ] = _DEFAULTS.per_file_timeout_s,
    executor: Annotated[
        Executor,
        typer.Option(
            "--executor", help="local (processes on this machine) or dask (a Dask cluster)."
        ),
    ] = Executor.local,
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
        PdfText,
        typer.Option(
            "--pdf-text",
            help="How PDF pages without ruled tables are read: fast (PDFium, the default) "
            "or pdfplumber (every page; slower, for comparing).",
        ),
    ] = PdfText.fast,
    max_memory_mb: Annotated[
        float,
        typer.Option(
            "--max-memory",
            min=0.0,
            help="Memory limit per file in MB (address space of its converting process; 0: none).",
        ),
    ] = DEFAULT_MAX_MEMORY / MB,
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
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the summary as one JSON object on stdout (files, statuses, "
            "failures, rows per table, output folder) instead of text.",
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
    if scheduler and executor is not Executor.dask:
        raise typer.BadParameter("only with --executor dask", param_hint="--scheduler")

    from hplan.api import collect, convert_batch
    from hplan.batch import UserError
    from hplan.safe_text import printable

    if not inputs and not DEFAULT_INPUT.is_dir():
        echo(f"hplan: no inputs given and {DEFAULT_INPUT}/ does not exist", err=True)
        raise typer.Exit(EXIT_USAGE)
    given = inputs or [DEFAULT_INPUT]
    # A path given on the command line that is not there is a usage error (a typo), told
    # as such; a dangling link inside a folder is a file that fails alone.
    missing = [p for p in given if not os.path.lexists(p)]
    if missing:
        for path in missing:
            echo(f"hplan: {printable(str(path))}: no such file or folder", err=True)
        raise typer.Exit(EXIT_USAGE)
    skipped: list[Path] = []
    paths = collect(given, exclude=out, skipped=skipped)
    if not paths:
        others = f" ({_skipped(skipped)})" if skipped else ""
        echo(f"hplan: no files found in {', '.join(map(str, given))}{others}", err=True)
        raise typer.Exit(EXIT_USAGE)
    settings = Settings(
        max_file_bytes=int(max_size_mb * MB),
        per_file_timeout_s=timeout,
        pdf_text_engine=pdf_text.value,
        ocr=ocr,
    )
    _check_writable(out)
    import threading

    from hplan.output import load_writers

    threading.Thread(target=load_writers, name="hplan-load-writers", daemon=True).start()
    progress = _Progress(len(paths), enabled=not quiet and not as_json)
    try:
        dataset = convert_batch(
            paths,
            jobs=jobs,
            executor=executor.value,
            cache_dir=out if use_cache else None,
            settings=settings,
            scheduler=scheduler,
            on_result=progress,
            max_memory=int(max_memory_mb * MB) or None,
            skipped=skipped,
        )
    except UserError as err:
        echo(f"hplan: {err}", err=True)
        raise typer.Exit(EXIT_ENVIRONMENT) from None
    finally:
        progress.stop()
    try:
        counts = dataset.write(out)
    except OSError as err:
        # Nothing was switched into place: the previous dataset in OUT is intact.
        reason = err.strerror or str(err)
        echo(f"hplan: cannot write the tables to {printable(str(out))}: {reason}", err=True)
        raise typer.Exit(EXIT_ENVIRONMENT) from None
    if as_json:
        summary = {**dataset.summary(), "out": str(out), "rows": counts}
        # ensure_ascii: one line that any console and any JSON reader takes.
        echo(json.dumps(summary, ensure_ascii=True, sort_keys=False))
    elif not quiet:
        parts = [
            f"{dataset.count('ok')} ok",
            f"{dataset.count('partial')} partial",
            f"{dataset.count('failed')} failed",
        ]
        if dataset.n_duplicates:
            parts.append(f"{dataset.n_duplicates} duplicate")
        notes = []
        if dataset.cache_hits:
            notes.append(f" ({dataset.cache_hits} unchanged, reused)")
        if dataset.skipped:
            notes.append(f" ({_skipped(dataset.skipped)})")
        echo(f"{dataset.n_inputs} files: {', '.join(parts)} → {out}/{''.join(notes)}")
        echo("rows: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    if not dataset.n_converted:
        raise typer.Exit(EXIT_NOTHING_CONVERTED)
    raise typer.Exit(EXIT_STRICT_FAILED if strict and dataset.count("failed") else 0)


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
        echo(f"hplan: cannot write to {printable(str(out))}: {reason}", err=True)
        raise typer.Exit(EXIT_ENVIRONMENT) from None


def _skipped(skipped: list[Path]) -> str:
    n = len(skipped)
    return f"{n} other file{'s' if n != 1 else ''} skipped"


@app.command(
    epilog=(
        "\b\nExamples:\n"
        "  hplan report                              # data/processed -> data/processed/report\n"
        "  hplan report --data out/ --out review/"
    )
)
def report(
    data: Annotated[
        Path, typer.Option("--data", "-d", help="Dataset folder written by 'hplan run'.")
    ] = DEFAULT_OUT,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder for the HTML pages. Default: DATA/report."),
    ] = None,
    lang: Annotated[
        Lang, typer.Option("--lang", help="nb (Norwegian bokmål, the default) or en (English).")
    ] = Lang.nb,
) -> None:
    """Write a self-contained HTML review page per document, and an index page.

    A plan's page opens with KDD's requirements and their verdicts (Oppfylt / Ikke
    oppfylt / Må vurderes), each linked to the source lines it rests on; then the plan's
    own inconsistencies; then, smaller, where hplan is unsure of what it read; then the
    changes since last year, the tiltak, the budget tables and the source text. The index
    lists the plans with their verdict counts. No network access is needed to view them.
    """
    if not (data / "documents.parquet").exists() and not (data / "documents.csv").exists():
        echo(f"hplan: {data}/ holds no dataset (run 'hplan run --out {data}' first)", err=True)
        raise typer.Exit(2)
    from hplan.output import recover
    from hplan.report import write_report

    recover(data)  # finish a switch of the tables a killed run committed to
    target = out or data / "report"
    paths = write_report(data, target, lang=lang.value)
    echo(f"{len(paths)} pages → {target}/index.html")


@app.command(
    "eval-links",
    epilog=(
        "\b\nExamples:\n"
        "  hplan eval-links                          # the labelled sets shipped with hplan\n"
        "  hplan eval-links my_labels/ --errors      # another set, listing every error"
    ),
)
def eval_links(
    fixtures: Annotated[
        Path | None,
        typer.Argument(
            help="Folder of labelled plan pairs (pairs.json). Default: the labelled sets "
            "shipped with hplan (hplan/data/links).",
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
        echo(f"hplan: {fixtures} is not a folder", err=True)
        raise typer.Exit(2)
    found: list[str] | None = [] if errors else None
    table, _scores = run_eval(fixtures, found)
    echo(table)
    if found:
        echo("")
        echo("\n".join(found))


@app.command(
    "eval-realworld",
    epilog="\b\nExamples:\n  hplan eval-realworld\n  hplan eval-realworld my_texts/ --errors",
)
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
        echo(f"hplan: {folder} is not a folder", err=True)
        raise typer.Exit(2)
    try:
        echo(run_eval(folder, errors))
    except ValueError as err:
        echo(f"hplan: {err}", err=True)
        raise typer.Exit(2) from None


@app.command(
    epilog=("\b\nExamples:\n  hplan dictionary > docs/data-dictionary.md"),
)
def dictionary() -> None:
    """Print the data dictionary (Markdown) generated from the table schemas."""
    from hplan.models.dictionary import render_markdown

    text = render_markdown()
    sys.stdout.write(terminal_safe(text, sys.stdout.encoding))


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
