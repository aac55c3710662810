"""hplan's Python API: convert files into the contract's tables as pandas DataFrames.

>>> import hplan
>>> result = hplan.convert("data/raw/000_a81cf50d29995201.txt")
>>> result.tables["tiltak"].head()               # doctest: +SKIP
>>> data = hplan.convert_batch(["data/raw"], jobs=2)
>>> data.tables["tiltak_links"]                  # doctest: +SKIP
>>> data.write("data/processed")                 # what `hplan run` writes, byte for byte

The CLI (:mod:`hplan.cli`) is a thin layer over these functions: inputs are collected,
converted (through the result cache when one is given), linked across years and written
here, so a notebook and the shell give the same tables.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hplan.extract.pipeline import DocResult, process
from hplan.extract.settings import DEFAULT_MAX_MEMORY, Settings
from hplan.models.document import Document
from hplan.models.tables import TABLE_NAMES, TABLES

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from hplan.batch import ProgressCallback

PathLike = str | os.PathLike[str]

# The contract's column types as pandas' nullable dtypes, so a missing value stays a
# missing value (not NaN in an int column turned float, not the string "None").
_PANDAS_DTYPES = {"str": "string", "int": "Int64", "float": "Float64", "bool": "boolean"}


def _settings(settings: Settings | None, options: Mapping[str, Any]) -> Settings:
    base = settings or Settings()
    return base.with_options(**options) if options else base


def frame(name: str, rows: Iterable[Any]) -> pd.DataFrame:
    """Records of contract table ``name`` as a DataFrame: the contract's columns in order,
    nullable pandas dtypes, rows in the order the CSV files have."""
    import pandas as pd

    from hplan.output import sorted_rows

    spec = TABLES[name]
    ordered = sorted_rows(spec, rows)
    data = {c.name: [getattr(r, c.name) for r in ordered] for c in spec.columns}
    return pd.DataFrame(
        {
            c.name: pd.Series(data[c.name], dtype=_PANDAS_DTYPES[c.dtype], name=c.name)
            for c in spec.columns
        }
    )


def frames(tables: Mapping[str, list[Any]]) -> dict[str, pd.DataFrame]:
    """Every contract table (missing ones empty) as a DataFrame."""
    return {name: frame(name, tables.get(name, [])) for name in TABLE_NAMES}


@dataclass
class Result:
    """One converted file: the document model and its tables.

    ``document`` is the :class:`~hplan.models.document.Document` every stage read and added
    to (``None`` when the file could not be read: ``status`` is then ``failed`` and
    ``error`` says why). ``tables`` holds every contract table as a DataFrame; its
    ``tiltak_links`` are the links inside this one plan (its status tables), as a batch of
    this file alone gives them.
    """

    document: Document | None
    rows: DocResult

    @property
    def status(self) -> str:
        return self.rows.document.status

    @property
    def error(self) -> str | None:
        return self.rows.document.error

    @cached_property
    def records(self) -> dict[str, list[Any]]:
        """The contract tables as lists of record dataclasses (links included)."""
        from hplan.normalize.matcher import link_batch

        tables: dict[str, list[Any]] = {name: [] for name in TABLE_NAMES}
        tables["documents"].append(self.rows.document)
        for name, rows in self.rows.tables.items():
            tables[name].extend(rows)
        links, link_checks = link_batch([self.rows])
        tables["tiltak_links"].extend(links)
        tables["checks"].extend(link_checks)
        return tables

    @cached_property
    def tables(self) -> dict[str, pd.DataFrame]:
        return frames(self.records)


def convert(path: PathLike, settings: Settings | None = None, **options: Any) -> Result:
    """Convert one file (.txt text dump, .pdf or .docx); never raises for a bad file.

    ``options`` replace fields of :class:`~hplan.extract.settings.Settings`
    (``convert(p, pdf_text_engine="pdfplumber")``, ``convert(p, metadata={"title_lines":
    3})``); an unknown name raises TypeError.
    """
    document, rows = process(path, _settings(settings, options))
    return Result(document, rows)


@dataclass
class Dataset:
    """A converted batch: one row per distinct input file in ``documents``, links across
    years made over the whole batch.

    ``tables`` gives every contract table as a DataFrame; ``write(out_dir)`` writes the
    files ``hplan run`` writes; ``report(out_dir)`` the HTML review pages.
    """

    results: list[DocResult]
    records: dict[str, list[Any]]
    # How many input paths were given (identical files are converted once, so this can be
    # more than the documents).
    n_inputs: int
    cache_hits: int = 0
    # Files of other types found in the folders given, left out (notes, spreadsheets).
    skipped: list[Path] = field(default_factory=list)
    _written: Path | None = field(default=None, repr=False)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.document.status == status)

    @property
    def n_converted(self) -> int:
        return self.count("ok") + self.count("partial")

    @property
    def n_duplicates(self) -> int:
        return self.n_inputs - len(self.results)

    @property
    def failures(self) -> list[tuple[str, str]]:
        """(source, error) of every file that failed."""
        return [
            (r.document.source, r.document.error or "")
            for r in self.results
            if r.document.status == "failed"
        ]

    @cached_property
    def tables(self) -> dict[str, pd.DataFrame]:
        return frames(self.records)

    def summary(self) -> dict[str, Any]:
        """Counts of the batch (what ``hplan run --json`` prints, without the rows)."""
        return {
            "files": self.n_inputs,
            "ok": self.count("ok"),
            "partial": self.count("partial"),
            "failed": self.count("failed"),
            "duplicates": self.n_duplicates,
            "reused": self.cache_hits,
            "skipped": len(self.skipped),
            "failures": [{"source": s, "error": e} for s, e in self.failures],
        }

    def write(self, out_dir: PathLike) -> dict[str, int]:
        """Write every contract table into ``out_dir`` as CSV and Parquet plus one DuckDB
        file (deterministic and atomic, see :mod:`hplan.output`); rows per table."""
        from hplan.output import write_tables

        counts = write_tables(out_dir, self.records)
        self._written = Path(out_dir)
        return counts

    def report(self, out_dir: PathLike, lang: str = "nb") -> list[Path]:
        """Write the HTML review pages (index first) into ``out_dir``, in bokmål (``lang``
        "nb") or English ("en"); the tables are read from where :meth:`write` put them,
        else written to a temporary folder first."""
        from hplan.report import write_report

        if self._written is not None:
            return write_report(self._written, Path(out_dir), lang=lang)
        with tempfile.TemporaryDirectory(prefix="hplan-report-") as tmp:
            from hplan.output import write_tables

            write_tables(tmp, self.records)
            return write_report(Path(tmp), Path(out_dir), lang=lang)


def collect(
    inputs: Iterable[PathLike],
    *,
    exclude: PathLike | None = None,
    skipped: list[Path] | None = None,
) -> list[Path]:
    """Files given, and every non-hidden file of a type hplan reads under folders given
    (sorted, recursive). Files of other types inside a folder are appended to ``skipped``;
    nothing under ``exclude`` (an output folder inside an input folder) is collected."""
    from hplan.batch import collect_inputs

    return collect_inputs(inputs, exclude=exclude, skipped=skipped)


def convert_batch(
    paths: PathLike | Sequence[PathLike],
    jobs: int = 1,
    executor: str = "local",
    cache_dir: PathLike | None = None,
    *,
    settings: Settings | None = None,
    scheduler: str | None = None,
    on_result: ProgressCallback | None = None,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
    skipped: list[Path] | None = None,
    **options: Any,
) -> Dataset:
    """Convert files and folders into one linked dataset; one bad file never stops it.

    ``paths``: files and folders (folders are searched recursively, hidden files skipped).
    ``jobs``: documents converted at once; ``executor``: "local" (processes on this
    machine) or "dask" (``scheduler`` address, or a LocalCluster of ``jobs`` workers).
    ``cache_dir``: keep each document's result in ``cache_dir/.hplan-cache`` and reuse it
    while the file, the code and the settings are unchanged (``hplan run`` uses its output
    folder). ``on_result`` is called with each document's rows as it is done.
    ``max_memory``: bytes of address space each conversion may use (local executor; None:
    no limit); a file over it fails alone. ``skipped`` collects the files of other types
    found in folders.
    ``options`` replace fields of :class:`~hplan.extract.settings.Settings`.
    """
    from hplan.batch import run_batch
    from hplan.cache import ResultCache

    if executor not in ("local", "dask"):
        raise ValueError(f"executor must be 'local' or 'dask', not {executor!r}")
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    skipped = [] if skipped is None else skipped
    files = collect(paths, exclude=cache_dir, skipped=skipped)
    chosen = _settings(settings, options)
    cache = ResultCache(Path(cache_dir), chosen) if cache_dir is not None else None
    batch = run_batch(
        files,
        chosen,
        jobs=jobs,
        executor=executor,
        scheduler=scheduler,
        on_result=on_result,
        cache=cache,
        max_memory=max_memory,
    )
    return Dataset(
        batch.results,
        batch.tables,
        n_inputs=len(files),
        cache_hits=cache.hits if cache is not None else 0,
        skipped=skipped,
    )
