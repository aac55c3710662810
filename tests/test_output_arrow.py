"""The Parquet and DuckDB writers build their Arrow columns from buffers, without pandas:
the tables equal pyarrow's own conversion of the row lists (the writer before
2026-12-05), the Parquet files are byte for byte the same, and pandas is never imported."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import corpus_path
from hplan.extract.pipeline import convert
from hplan.models.records import DocumentRecord
from hplan.models.tables import TABLES

import hplan.output as output
from hplan.output import _ARROW_TYPES, arrow_column, arrow_table, sorted_rows, write_tables
from hplan.safe_text import valid_utf8


def _valid(value: object) -> object:
    return valid_utf8(value) if isinstance(value, str) else value


def _from_lists(name: str, rows: list) -> pa.Table:
    """What the writer made before: pyarrow's conversion of the Python lists."""
    spec = TABLES[name]
    types = {c.name: getattr(pa, _ARROW_TYPES[c.dtype])() for c in spec.columns}
    schema = pa.schema([pa.field(name, arrow_type) for name, arrow_type in types.items()])
    columns = {c.name: [_valid(getattr(r, c.name)) for r in rows] for c in spec.columns}
    return pa.Table.from_pydict(columns, schema=schema)


@pytest.fixture(scope="module")
def corpus_tables() -> dict[str, list]:
    tables: dict[str, list] = {name: [] for name in TABLES}
    for prefix in ("000", "001", "003"):
        for name, rows in convert(corpus_path(prefix)).tables.items():
            tables[name].extend(rows)
    return tables


def test_every_corpus_table_equals_the_list_conversion_byte_for_byte(
    corpus_tables: dict[str, list], tmp_path: Path
) -> None:
    assert len(corpus_tables["amounts"]) > 100  # text, ints, floats and bools with nulls
    for name, spec in TABLES.items():
        rows = sorted_rows(spec, corpus_tables[name])
        ours, theirs = arrow_table(spec, rows), _from_lists(name, rows)
        ours.validate(full=True)
        assert ours.equals(theirs), name
        pq.write_table(ours, tmp_path / "ours.parquet")
        pq.write_table(theirs, tmp_path / "theirs.parquet")
        assert (tmp_path / "ours.parquet").read_bytes() == (
            tmp_path / "theirs.parquet"
        ).read_bytes(), name


@pytest.mark.parametrize(
    ("dtype", "values"),
    [
        ("str", ["tiltak", None, "", "Bu- og tenestetilbod på Ålen", "x" * 300, None]),
        ("int", [2026, None, -1, 2**62, 0]),
        ("float", [0.5, None, -0.0, 1e300, 3.0]),
        ("bool", [True, None, False, False, True, True, None, False, True]),
        ("str", []),
        ("int", [None, None]),
    ],
)
def test_a_column_equals_pyarrows_conversion_of_the_list(dtype: str, values: list) -> None:
    ours = arrow_column(dtype, values)
    ours.validate(full=True)
    assert ours.equals(pa.array(values, type=getattr(pa, _ARROW_TYPES[dtype])()))


def test_nan_stays_a_value_and_none_a_null() -> None:
    column = arrow_column("float", [float("nan"), None, 1.0])
    assert column.null_count == 1
    first, second, third = column.to_pylist()
    assert math.isnan(first) and second is None and third == 1.0


def test_text_past_the_offset_limit_is_split_into_chunks(monkeypatch, tmp_path: Path) -> None:
    # pyarrow's string offsets are 32-bit; over 2 GB the column is several arrays. The
    # limit is lowered here to see the split on a few words.
    monkeypatch.setattr(output, "_STRING_CHUNK_BYTES", 6)
    values = ["søknad", None, "ab", "cde", "", "fghij", "k"]
    column = arrow_column("str", values)
    assert isinstance(column, pa.ChunkedArray)
    assert [len(c) for c in column.chunks] == [1, 4, 2]
    assert column.to_pylist() == values
    blank = dict.fromkeys(TABLES["documents"].column_names)
    rows = [
        DocumentRecord(**{**blank, "doc_id": f"d{i}", "source": v, "status": "ok"})
        for i, v in enumerate(values)
    ]
    write_tables(tmp_path, {"documents": rows})
    read = pq.read_table(tmp_path / "documents.parquet")
    assert read.column("source").to_pylist() == values
    con = duckdb.connect(str(tmp_path / output.DUCKDB_NAME), read_only=True)
    try:
        got = con.execute("SELECT source FROM documents ORDER BY doc_id").fetchall()
    finally:
        con.close()
    assert [g[0] for g in got] == values


def test_writing_the_tables_never_imports_pandas(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from hplan.extract.pipeline import convert\n"
        "from hplan.output import load_writers, write_tables\n"
        "load_writers()\n"
        f"write_tables({str(tmp_path)!r}, convert({str(corpus_path('000'))!r}).tables)\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    assert pq.read_table(tmp_path / "amounts.parquet").num_rows > 50


@pytest.mark.parametrize(("dtype", "values"), [("int", [1, "to"]), ("str", ["en", 2])])
def test_a_value_of_another_type_is_refused_as_pyarrow_refused_it(dtype: str, values: list) -> None:
    arrow_type = getattr(pa, _ARROW_TYPES[dtype])()
    with pytest.raises((TypeError, ValueError)):
        pa.array(values, type=arrow_type)
    with pytest.raises((TypeError, ValueError)):
        arrow_column(dtype, values)
