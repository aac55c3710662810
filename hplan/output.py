"""Write the contract tables: CSV + Parquet per table and one DuckDB file.

Deterministic (same rows → byte-identical CSVs: fixed column order from ``models``,
stable row order, fixed value formatting, no timestamps) and all-or-nothing: the whole
set is written into a fresh ``.hplan-tmp-*`` folder inside the output folder; then a
commit record (``.hplan-commit.json``, itself written under a temporary name and
renamed) names that folder and its files, and only then are the files renamed into
place. A run killed before the commit record exists leaves the old dataset; one killed
after it is rolled forward by :func:`recover`, which every run (and ``hplan report``)
calls first. So a reader that calls :func:`recover` always finds one complete dataset,
the old or the new, and leftover temporary folders are removed.

Text that is not valid Unicode (file names of any bytes, read with surrogateescape)
is written with each such byte as ``\\xNN``: CSV, Parquet and DuckDB hold UTF-8 only.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import math
import operator
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from hplan.models.tables import TABLES, TableSpec
from hplan.safe_text import valid_utf8

DUCKDB_NAME = "handlingsplaner.duckdb"
TMP_PREFIX = ".hplan-tmp-"
COMMIT_NAME = ".hplan-commit.json"


def dataset_files() -> list[str]:
    """The files one complete dataset consists of."""
    names = [f"{name}.{ext}" for name in TABLES for ext in ("csv", "parquet")]
    return sorted([*names, DUCKDB_NAME])


def recover(out_dir: str | os.PathLike[str]) -> None:
    """Finish a switch a killed run committed to, and remove temporary folders."""
    out = Path(out_dir)
    commit = out / COMMIT_NAME
    try:
        record = json.loads(commit.read_bytes())
    except FileNotFoundError:
        record = None
    except (OSError, ValueError):
        record = {}  # not ours to trust: no roll-forward, the old set stays
    if record is not None:
        folder = record.get("folder") if isinstance(record, dict) else None
        files = record.get("files") if isinstance(record, dict) else None
        # Only our own names: a record planted in the folder cannot move other files.
        if (
            isinstance(folder, str)
            and folder.startswith(TMP_PREFIX)
            and "/" not in folder
            and files == dataset_files()
        ):
            for name in files:
                source = out / folder / name
                if source.is_file():
                    os.replace(source, out / name)
        commit.unlink(missing_ok=True)
    for leftover in out.glob(TMP_PREFIX + "*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def _commit(out: Path, tmp_dir: Path) -> None:
    record = json.dumps({"folder": tmp_dir.name, "files": dataset_files()}).encode()
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".json", dir=out)
    with os.fdopen(fd, "wb") as fh:
        fh.write(record)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out / COMMIT_NAME)  # the commit point


def format_value(value: Any) -> str:
    """The CSV text of one cell (empty for null)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        # A fixed number of decimals: repr() of floats can differ in the last digit
        # between equivalent computations on other machines.
        return f"{value:.1f}"
    return str(value)


def _values_of(names: Sequence[str]) -> Callable[[Any], tuple]:
    """A record's values of ``names``, as a tuple also for one name."""
    value_of = operator.attrgetter(*names)
    return value_of if len(names) > 1 else lambda row: (value_of(row),)


def sorted_rows(spec: TableSpec, rows: Iterable[Any]) -> list[Any]:
    """``rows`` in the table's order: by its sort key, None first; ties keep their order
    (the sort is stable)."""
    key_of = _values_of(spec.sort_key)
    # Mixed types never meet because each column has one type.
    return sorted(
        rows, key=lambda row: tuple((v is not None, 0 if v is None else v) for v in key_of(row))
    )


def table_columns(spec: TableSpec, rows: list[Any]) -> list[list[Any]]:
    """The cells of ``rows``, column by column in the contract's order (text made valid
    UTF-8). Records hold their columns' declared types; the writers rely on it."""
    columns = spec.columns
    if not rows:
        return [[] for _ in columns]
    by_row = map(_values_of(spec.column_names), rows)
    cells = [list(column) for column in zip(*by_row, strict=True)]
    for i, column in enumerate(columns):
        if column.dtype == "str":
            cells[i] = [v if v is None or v.isascii() else valid_utf8(v) for v in cells[i]]
    return cells


def csv_bytes(spec: TableSpec, rows: list[Any], cells: list[list[Any]] | None = None) -> bytes:
    """The table's CSV file (``cells``: :func:`table_columns` of ``rows``, if at hand)."""
    if cells is None:
        cells = table_columns(spec, rows)
    # The csv module writes None as an empty cell and an int as its digits already, as
    # format_value does; floats and booleans need format_value's spelling.
    texts = [
        values if column.dtype in ("str", "int") else [format_value(v) for v in values]
        for column, values in zip(spec.columns, cells, strict=True)
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(spec.column_names)
    writer.writerows(zip(*texts, strict=True))
    return buffer.getvalue().encode("utf-8")


_ARROW_TYPES = {"str": "string", "int": "int64", "float": "float64", "bool": "bool_"}
_NUMPY_TYPES = {"int": "int64", "float": "float64", "bool": "bool"}
# pyarrow's string type counts its bytes with 32-bit offsets; a longer column is written
# as several arrays (row groups, as pyarrow does itself for such a list).
_STRING_CHUNK_BYTES = 2**31 - 1


def _validity(valid: Any) -> Any:
    """The validity bitmap of an array (None when nothing is null)."""
    import numpy as np
    import pyarrow as pa

    return None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little"))


def _string_array(encoded: list[bytes], valid: Any) -> Any:
    import numpy as np
    import pyarrow as pa

    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:], dtype=np.int32)
    return pa.Array.from_buffers(
        pa.string(),
        len(encoded),
        [_validity(valid), pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))],
        int(len(encoded) - np.count_nonzero(valid)),
    )


def arrow_column(dtype: str, values: list[Any]) -> Any:
    """One column as a pyarrow array of the contract's type, None as null.

    Assembled from its buffers (validity bitmap, values; offsets and UTF-8 bytes for
    text): pyarrow imports pandas (about 45 MB) the first time it is handed a Python
    list or a NumPy array, to ask whether it is a pandas object, and nothing else here
    needs pandas. The arrays equal ``pa.array(values, type)``'s (a float NaN stays NaN;
    only None is null), so the Parquet files are byte for byte what that gave.
    """
    import numpy as np
    import pyarrow as pa

    valid = np.fromiter((v is not None for v in values), dtype=bool, count=len(values))
    if dtype == "str":
        encoded = [b"" if v is None else str.encode(v, "utf-8") for v in values]
        bounds, size = [0], 0
        for i, data in enumerate(encoded):
            if size and size + len(data) > _STRING_CHUNK_BYTES:
                bounds.append(i)
                size = 0
            size += len(data)
        bounds.append(len(encoded))
        chunks = [_string_array(encoded[a:b], valid[a:b]) for a, b in itertools.pairwise(bounds)]
        return chunks[0] if len(chunks) == 1 else pa.chunked_array(chunks, type=pa.string())
    data = np.array([0 if v is None else v for v in values], dtype=_NUMPY_TYPES[dtype])
    if dtype == "bool":
        data = np.packbits(data, bitorder="little")  # Arrow's booleans are bits
    return pa.Array.from_buffers(
        getattr(pa, _ARROW_TYPES[dtype])(),
        len(values),
        [_validity(valid), pa.py_buffer(data)],
        int(len(values) - np.count_nonzero(valid)),
    )


def arrow_table(spec: TableSpec, rows: list[Any], cells: list[list[Any]] | None = None) -> Any:
    """The table as a pyarrow Table (``cells``: :func:`table_columns` of ``rows``, if at
    hand)."""
    import pyarrow as pa

    if cells is None:
        cells = table_columns(spec, rows)
    fields = [
        pa.field(c.name, getattr(pa, _ARROW_TYPES[c.dtype])(), nullable=True) for c in spec.columns
    ]
    columns = [arrow_column(c.dtype, values) for c, values in zip(spec.columns, cells, strict=True)]
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


def load_writers() -> None:
    """Import what :func:`write_tables` needs (DuckDB, pyarrow, NumPy): about 0.3 s that
    ``hplan run`` spends in a thread while the conversion workers start, instead of after
    the last document. Not pandas: the writers never hand pyarrow a Python list."""
    import duckdb  # noqa: F401
    import numpy  # noqa: F401
    import pyarrow.parquet  # noqa: F401


def write_tables(
    out_dir: str | os.PathLike[str], tables: Mapping[str, list[Any]]
) -> dict[str, int]:
    """Write every contract table (missing ones empty) into ``out_dir``; rows per table."""
    import duckdb
    import pyarrow.parquet as pq

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    recover(out)
    counts: dict[str, int] = {}
    tmp_dir = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=out))
    try:
        arrow_tables = {}
        for name, spec in TABLES.items():
            rows = sorted_rows(spec, tables.get(name, []))
            wrong = next((row for row in rows if type(row) is not spec.record), None)
            if wrong is not None:
                raise TypeError(f"{name}: expected {spec.record.__name__}, got {type(wrong)}")
            counts[name] = len(rows)
            cells = table_columns(spec, rows)
            (tmp_dir / f"{name}.csv").write_bytes(csv_bytes(spec, rows, cells))
            table = arrow_table(spec, rows, cells)
            arrow_tables[name] = table
            pq.write_table(table, tmp_dir / f"{name}.parquet")
        db_path = tmp_dir / DUCKDB_NAME
        try:
            con = duckdb.connect(str(db_path))
            try:
                for name, table in arrow_tables.items():
                    con.register("incoming", table)
                    con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
                    con.unregister("incoming")
                con.execute("CHECKPOINT")
            finally:
                con.close()
        except duckdb.Error as err:
            # DuckDB reports a full disk or a file-size limit in its own exception types;
            # to the caller it is the same failed write as any other (OSError).
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise OSError(f"DuckDB could not write {DUCKDB_NAME}: {first}") from err
        assert sorted(p.name for p in tmp_dir.iterdir()) == dataset_files()
        _commit(out, tmp_dir)
    except BaseException:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise
    # Committed: from here on the new set is the dataset, whatever happens.
    with contextlib.suppress(FileNotFoundError):
        recover(out)
    return counts
