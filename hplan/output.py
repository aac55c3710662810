"""Write the contract tables: CSV + Parquet per table and one DuckDB file.

Deterministic (same rows → byte-identical CSVs: fixed column order from ``models``,
stable row order, fixed value formatting, no timestamps) and atomic (every file is
written under a temporary name in the output folder and renamed into place, so a crash
never leaves a half-written table).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from hplan.models.tables import TABLES, TableSpec

DUCKDB_NAME = "handlingsplaner.duckdb"


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


def _sort_key(spec: TableSpec, row: Any, position: int) -> tuple:
    key = []
    for name in spec.sort_key:
        value = getattr(row, name)
        # None sorts first; mixed types never meet because each column has one type.
        key.append((value is not None, value if value is not None else 0))
    key.append(position)
    return tuple(key)


def sorted_rows(spec: TableSpec, rows: Iterable[Any]) -> list[Any]:
    indexed = list(enumerate(rows))
    indexed.sort(key=lambda pair: _sort_key(spec, pair[1], pair[0]))
    return [row for _, row in indexed]


def csv_bytes(spec: TableSpec, rows: list[Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(spec.column_names)
    for row in rows:
        writer.writerow([format_value(getattr(row, c)) for c in spec.column_names])
    return buffer.getvalue().encode("utf-8")


_ARROW_TYPES = {"str": "string", "int": "int64", "float": "float64", "bool": "bool_"}


def arrow_table(spec: TableSpec, rows: list[Any]) -> Any:
    import pyarrow as pa

    fields = [
        pa.field(c.name, getattr(pa, _ARROW_TYPES[c.dtype])(), nullable=True) for c in spec.columns
    ]
    schema = pa.schema(fields)
    columns = {c.name: [getattr(r, c.name) for r in rows] for c in spec.columns}
    return pa.Table.from_pydict(columns, schema=schema)


def write_tables(
    out_dir: str | os.PathLike[str], tables: Mapping[str, list[Any]]
) -> dict[str, int]:
    """Write every contract table (missing ones empty) into ``out_dir``; rows per table."""
    import duckdb
    import pyarrow.parquet as pq

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    tmp_dir = Path(tempfile.mkdtemp(prefix=".hplan-tmp-", dir=out))
    try:
        arrow_tables = {}
        for name, spec in TABLES.items():
            rows = sorted_rows(spec, tables.get(name, []))
            for row in rows:
                if not dataclasses.is_dataclass(row) or type(row) is not spec.record:
                    raise TypeError(f"{name}: expected {spec.record.__name__}, got {type(row)}")
            counts[name] = len(rows)
            (tmp_dir / f"{name}.csv").write_bytes(csv_bytes(spec, rows))
            table = arrow_table(spec, rows)
            arrow_tables[name] = table
            pq.write_table(table, tmp_dir / f"{name}.parquet")
        db_path = tmp_dir / DUCKDB_NAME
        con = duckdb.connect(str(db_path))
        try:
            for name, table in arrow_tables.items():
                con.register("incoming", table)
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
                con.unregister("incoming")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        # Rename into place: each replace is atomic on one file system.
        for path in sorted(tmp_dir.iterdir()):
            os.replace(path, out / path.name)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
    return counts
