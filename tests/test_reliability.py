"""Hostile files, crashes mid-run and a tampered cache lose nothing and run no code.

One test per failure found by fuzzing and fault injection: a reader that raises from its
own clean-up, digit runs past any amount, a line of thousands of figures, a FIFO, a file
over the memory limit, names that are not UTF-8 or hold a newline, empty files and the
same bytes under two formats, a tampered or planted cache entry, a run killed while
writing, and plain user errors at the command line. Inputs are made here.
"""

from __future__ import annotations

import json
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from helpers import corpus_path, run_with_sigalrm_blocked
from hplan.extract.pipeline import convert
from hplan.extract.settings import Settings
from hplan.models.tables import TABLES
from pdf_fixtures import raw_pdf
from typer.testing import CliRunner

from hplan import cli
from hplan.batch import collect_inputs, failure_line, run_batch
from hplan.cache import CACHE_DIR_NAME
from hplan.output import COMMIT_NAME, TMP_PREFIX, dataset_files, recover, write_tables

HPLAN = [sys.executable, "-m", "hplan.cli"]


# The page tree is the number 5: pdfplumber raises PdfminerException from `pages`, and
# again from close() in its error path, past the reader's own handler.
PAGES_NOT_A_DICT = raw_pdf([b"<< /Type /Catalog /Pages 5 >>"])
# A two-number MediaBox: pdfplumber's page raises IndexError.
SHORT_MEDIABOX = raw_pdf(
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0] >>",
    ]
)


def _status(batch, name: str) -> tuple[str, str | None]:
    [doc] = [r.document for r in batch.results if Path(r.document.source).name == name]
    return doc.status, doc.error


# --- every conversion isolated -------------------------------------------------------


@pytest.mark.parametrize("engine", ["fast", "pdfplumber"])
def test_a_reader_that_raises_fails_its_file_alone_with_one_job(
    tmp_path: Path, engine: str
) -> None:
    (tmp_path / "pages.pdf").write_bytes(PAGES_NOT_A_DICT)
    (tmp_path / "mediabox.pdf").write_bytes(SHORT_MEDIABOX)
    shutil.copy(corpus_path("004"), tmp_path / "good.txt")
    batch = run_batch(collect_inputs([tmp_path]), Settings(pdf_text_engine=engine), jobs=1)
    status, error = _status(batch, "pages.pdf")
    assert status == "failed"
    assert error == "converter crashed: PdfminerException: 5"
    assert _status(batch, "mediabox.pdf")[0] == "failed"
    assert _status(batch, "good.txt")[0] == "ok"


@pytest.mark.slow
def test_a_fifo_is_refused_before_anything_waits_on_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    shutil.copy(corpus_path("004"), tmp_path / "good.txt")
    # No time limit at all, and the cache on (it hashes): only the up-front refusal
    # keeps this from blocking, so it runs in a subprocess with a limit of its own.
    done = subprocess.run(
        [*HPLAN, "run", str(tmp_path), "--out", str(tmp_path / "out"), "--timeout", "0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "pipe.txt: not a regular file: a FIFO (named pipe)" in done.stderr
    assert "2 files: 1 ok, 0 partial, 1 failed" in done.stdout


@pytest.mark.slow
def test_a_file_over_the_memory_limit_fails_alone(tmp_path: Path) -> None:
    # 20 MB of plan text needs gigabytes to convert; the worker starts near 420 MB of
    # address space (libraries), so a 500 MB limit is crossed early, while reading.
    (tmp_path / "huge.txt").write_text(corpus_path("000").read_text() * 200)
    shutil.copy(corpus_path("004"), tmp_path / "small.txt")
    args = ["--out", str(tmp_path / "out"), "--max-memory", "500", "--timeout", "60"]
    start = time.monotonic()
    done = subprocess.run(
        [*HPLAN, "run", str(tmp_path / "huge.txt"), str(tmp_path / "small.txt"), *args],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert "huge.txt: out of memory while converting (--max-memory)" in done.stderr
    assert "1 ok, 0 partial, 1 failed" in done.stdout
    assert time.monotonic() - start < 60  # the memory limit fired, not the time limit


@pytest.mark.slow
def test_the_time_limit_covers_a_reader_that_never_returns(tmp_path: Path) -> None:
    # A reader stuck where no Python runs ignores SIGALRM; the batch kills its process.
    # Simulated with a worker that blocks SIGALRM: the hard limit still ends the file.
    (tmp_path / "big.txt").write_text(corpus_path("000").read_text() * 20)
    done = run_with_sigalrm_blocked(tmp_path, [tmp_path / "big.txt", corpus_path("004")])
    assert done.returncode == 0, done.stderr
    assert "('failed', 'took longer than the 1 s time limit per file (--timeout)')" in (done.stdout)


# --- no stage crashed by a value; cost linear -----------------------------------------


def test_digit_runs_past_any_amount_are_kept_garbled(tmp_path: Path) -> None:
    nines = "9" * 29
    text = corpus_path("004").read_text() + (
        f"\nTiltaket har en ramme på kr {nines} i planperioden.\n"
        f"Finansiering: kr {nines},- fra KDD og {nines} kroner egeninnsats.\n"
        f"Sum | {nines} | 1 000 000 | {nines}\n"
    )
    (tmp_path / "nines.txt").write_text(text)
    result = convert(tmp_path / "nines.txt")
    assert result.document.status == "ok", result.tables["checks"]
    garbled = [a for a in result.tables["amounts"] if nines in a.raw]
    assert garbled and all(a.amount_nok is None for a in garbled)
    messages = [c.message for c in result.tables["checks"] if c.check == "garbled_amount"]
    assert any(nines in m for m in messages)


@pytest.mark.slow
def test_thousands_of_figures_on_one_line_cost_linear_time(tmp_path: Path) -> None:
    from hplan.extract.amounts import _context
    from hplan.extract.settings import AmountsSettings

    # 20 000 figures on one line: with the context cut from the whole line per figure
    # this took minutes (5 000 took 3.2 s); now each figure's work is bounded.
    line = " ".join(f"tiltak {i} får kr {100 + i % 800} 000" for i in range(20_000))
    (tmp_path / "line.txt").write_text("Handlingsplan 2025\n" + line + "\n")
    start = time.monotonic()
    result = convert(tmp_path / "line.txt")
    assert time.monotonic() - start < 30
    assert len(result.tables["amounts"]) == 20_000
    middle = result.tables["amounts"][10_000]
    assert middle.raw in middle.context and len(middle.context) <= AmountsSettings().context_chars
    # Cut from a window, the context of a figure far from the line's ends is the same.
    raw = f"kr {100 + 10_000 % 800} 000"
    at = line.index(raw, line.index("tiltak 10000 "))
    limit = AmountsSettings().context_chars
    assert _context(line, raw, at, limit) == _context(line[at - 2000 : at + 2000], raw, None, limit)


def test_section_and_table_lookups_are_indexed_and_follow_changes() -> None:
    from hplan.extract.ingest import load_document

    doc = load_document(corpus_path("000"))
    from hplan.extract.pipeline import run_stages

    run_stages(doc)
    assert doc.sections and doc.table_spans

    def naive_table(i: int):
        return next((s for s in doc.table_spans if s.first_line <= i <= s.last_line), None)

    def naive_section(i: int, kind: str):
        best = None
        for s in doc.sections:
            inside = s.kind == kind and s.first_line <= i <= s.last_line
            if inside and (best is None or s.first_line >= best.first_line):
                best = s
        return best

    for i in range(-1, len(doc.lines) + 2):
        assert doc.in_table(i) is naive_table(i)
        for kind in ("chapter", "delmal", "tiltak"):
            assert doc.section_of(i, kind) is naive_section(i, kind)
    # A span appended later is seen; so is one changed in place.
    from hplan.models.document import TableSpan

    free = next(i for i in range(len(doc.lines)) if naive_table(i) is None)
    doc.table_spans.append(TableSpan("other", free, free))
    assert doc.in_table(free) is doc.table_spans[-1]
    doc.table_spans[-1].last_line = free - 1
    assert doc.in_table(free) is None


# --- ids, names and messages ----------------------------------------------------------


def test_every_input_keeps_its_row_with_a_unique_id(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty1.txt").write_bytes(b"")
    (folder / "empty2.txt").write_bytes(b"")
    data = corpus_path("004").read_bytes()
    (folder / "a.txt").write_bytes(data)
    (folder / "a.pdf").write_bytes(data)  # the same bytes, read as a PDF: fails
    (folder / "copy.txt").write_bytes(data)  # the same bytes and type: converted once
    batch = run_batch(collect_inputs([folder]), Settings(), jobs=1)
    docs = {Path(r.document.source).name: r.document for r in batch.results}
    assert set(docs) == {"empty1.txt", "empty2.txt", "a.txt", "a.pdf"}
    ids = [d.doc_id for d in docs.values()]
    assert len(set(ids)) == len(ids)
    assert docs["a.txt"].doc_id == docs["a.txt"].sha256[:12]
    assert docs["a.pdf"].sha256 == docs["a.txt"].sha256 and docs["a.pdf"].status == "failed"
    assert {c.doc_id for c in batch.tables["checks"] if c.check == "ingest"} == {
        docs["a.pdf"].doc_id,
        docs["empty1.txt"].doc_id,
        docs["empty2.txt"].doc_id,
    }
    assert any(c.check == "duplicate_input" for c in batch.tables["checks"])


def test_names_of_any_bytes_are_written_and_printed_on_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.fsdecode(b"plan \xff\xfe 2025.txt")
    with_newline = "plan\nto linjer.txt"
    shutil.copy(corpus_path("004"), folder / odd)
    (folder / with_newline).write_bytes(b"")
    batch = run_batch(collect_inputs([folder]), Settings(), jobs=1)
    out = tmp_path / "out"
    write_tables(out, batch.tables)
    sources = {r.document.source for r in batch.results}
    assert os.path.join(str(folder), odd) in sources
    csv_text = (out / "documents.csv").read_text(encoding="utf-8")
    assert "plan \\xff\\xfe 2025.txt" in csv_text
    parquet = pq.read_table(out / "documents.parquet").column("source").to_pylist()
    assert any(s.endswith("plan \\xff\\xfe 2025.txt") for s in parquet)
    with duckdb.connect(str(out / "handlingsplaner.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (2,)
    [failed] = [r for r in batch.results if r.document.status == "failed"]
    line = failure_line(failed)
    assert "\n" not in line and line.endswith("plan\\nto linjer.txt: empty file (0 bytes)")


# --- the cache holds data only ---------------------------------------------------------


def _cache_entries(out: Path) -> list[Path]:
    return sorted((out / CACHE_DIR_NAME).glob("*/*.json"))


def _cli_run(inputs: list[Path], out: Path, *extra: str):
    return CliRunner().invoke(cli.app, ["run", *map(str, inputs), "--out", str(out), "-q", *extra])


def _csvs(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.csv").read_bytes() for name in TABLES}


def test_a_tampered_swapped_or_planted_cache_entry_is_never_trusted(tmp_path: Path) -> None:
    inputs = [corpus_path("003"), corpus_path("004")]
    clean = tmp_path / "clean"
    assert _cli_run(inputs, clean, "--no-cache").exit_code == 0
    out = tmp_path / "out"
    assert _cli_run(inputs, out).exit_code == 0
    first, second = _cache_entries(out)
    # 1. A valid entry (its checksum right) copied over another file's entry: a swap.
    second.write_bytes(first.read_bytes())
    # 2. A hand-edited value, the checksum left as it was.
    entry = json.loads(first.read_bytes())
    entry["payload"]["document"]["rows"][0][4] = "Tampered"  # pilot
    first.write_text(json.dumps(entry))
    result = _cli_run(inputs, out)
    assert result.exit_code == 0
    checks = (out / "checks.csv").read_text()
    assert "checksum mismatch" in checks
    assert "written for other bytes or another file type" in checks
    # Once recomputed, the entries are good again and the tables as a clean run's.
    assert _cli_run(inputs, out).exit_code == 0
    assert _csvs(out) == _csvs(clean)

    # 3. Pickles, which the cache used to load, planted as entries: never executed.
    marker = tmp_path / "executed"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    for path in _cache_entries(out):
        path.write_bytes(pickle.dumps(Payload()))
        path.with_suffix(".pkl").write_bytes(pickle.dumps(Payload()))
    (out / CACHE_DIR_NAME / "0123456789abcdef").mkdir()
    (out / CACHE_DIR_NAME / "0123456789abcdef" / "x.pkl").write_bytes(pickle.dumps(Payload()))
    assert _cli_run(inputs, out).exit_code == 0
    assert not marker.exists()
    assert "not valid JSON" in (out / "checks.csv").read_text()
    assert not (out / CACHE_DIR_NAME / "0123456789abcdef").exists()
    assert _cli_run(inputs, out).exit_code == 0
    assert _csvs(out) == _csvs(clean)


# --- all-or-nothing writes ---------------------------------------------------------------


def test_a_commit_interrupted_after_its_record_is_rolled_forward(tmp_path: Path) -> None:
    old = run_batch([corpus_path("004")], Settings(), jobs=1).tables
    new = run_batch([corpus_path("003"), corpus_path("004")], Settings(), jobs=1).tables
    out, reference = tmp_path / "out", tmp_path / "reference"
    write_tables(reference, new)
    write_tables(out, old)
    # Write the new set as write_tables does, and stop after the commit record and the
    # first rename: the state a kill at that moment leaves.
    staged = tmp_path / "staged"
    write_tables(staged, new)
    tmp = out / (TMP_PREFIX + "killed")
    tmp.mkdir()
    for name in dataset_files():
        shutil.copy(staged / name, tmp / name)
    (out / COMMIT_NAME).write_text(json.dumps({"folder": tmp.name, "files": dataset_files()}))
    os.replace(tmp / "amounts.csv", out / "amounts.csv")
    (out / (TMP_PREFIX + "older")).mkdir()  # left by an earlier kill before its commit
    recover(out)
    assert _csvs(out) == _csvs(reference)
    assert not list(out.glob(TMP_PREFIX + "*")) and not (out / COMMIT_NAME).exists()


@pytest.mark.slow
def test_a_run_killed_at_random_moments_leaves_a_complete_dataset(tmp_path: Path) -> None:
    inputs = [str(corpus_path(n)) for n in ("000", "002", "004")]
    clean = tmp_path / "clean"
    subprocess.run([*HPLAN, "run", *inputs, "--out", str(clean), "-q"], check=True)
    old = tmp_path / "old"
    subprocess.run([*HPLAN, "run", inputs[2], "--out", str(old), "-q"], check=True)
    out = tmp_path / "out"
    shutil.copytree(old, out)
    rng = random.Random(14)
    for attempt in range(6):
        proc = subprocess.Popen([*HPLAN, "run", *inputs, "--out", str(out), "-q"])
        time.sleep(rng.uniform(0.5, 6.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        recover(out)
        tables = _csvs(out)
        assert tables in (_csvs(old), _csvs(clean)), attempt
        if tables == _csvs(clean):
            shutil.rmtree(out)
            shutil.copytree(old, out)
    done = subprocess.run([*HPLAN, "run", *inputs, "--out", str(out), "-q"])
    assert done.returncode == 0
    assert _csvs(out) == _csvs(clean)
    assert not list(out.glob(TMP_PREFIX + "*"))


# --- clear exits -----------------------------------------------------------------------


def test_an_unwritable_output_is_one_line_and_exit_4(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(
        cli.app, ["run", str(corpus_path("004")), "--out", str(blocker / "out")]
    )
    assert result.exit_code == cli.EXIT_ENVIRONMENT
    assert result.output.strip().count("\n") == 0
    assert "cannot write to" in result.output and "Not a directory" in result.output


def test_a_full_disk_is_one_line_and_exit_4(tmp_path: Path, monkeypatch) -> None:
    import errno

    import hplan.output

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(hplan.output, "write_tables", full)
    result = CliRunner().invoke(
        cli.app, ["run", str(corpus_path("004")), "--out", str(tmp_path), "-q"]
    )
    assert result.exit_code == cli.EXIT_ENVIRONMENT
    assert result.output.strip() == (
        f"hplan: cannot write the tables to {tmp_path}: No space left on device"
    )


def test_a_missing_dask_is_one_line_and_exit_4(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    result = CliRunner().invoke(
        cli.app,
        ["run", str(corpus_path("004")), "--out", str(tmp_path), "--executor", "dask", "-q"],
    )
    assert result.exit_code == cli.EXIT_ENVIRONMENT
    assert result.output.strip() == (
        "hplan: the dask executor needs dask[distributed]: pip install 'hplan[dask]'"
    )


def test_an_internal_error_has_its_own_exit_code(tmp_path: Path, monkeypatch, capsys) -> None:
    import hplan.batch

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(hplan.batch, "run_batch", broken)
    monkeypatch.setattr(sys, "argv", ["hplan", "run", str(corpus_path("004")), "-o", str(tmp_path)])
    monkeypatch.delenv("HPLAN_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == cli.EXIT_INTERNAL
    err = capsys.readouterr().err.strip()
    assert err.startswith("hplan: internal error: KeyError: 'a bug'") and "\n" not in err


def test_strict_makes_a_failed_file_an_error_exit(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    inputs = [corpus_path("004"), tmp_path / "empty.txt"]
    assert _cli_run(inputs, tmp_path / "a").exit_code == 0
    assert _cli_run(inputs, tmp_path / "b", "--strict").exit_code == cli.EXIT_STRICT_FAILED
    assert _cli_run([corpus_path("004")], tmp_path / "c", "--strict").exit_code == 0
    assert _cli_run([tmp_path / "empty.txt"], tmp_path / "d").exit_code == 1


@pytest.mark.slow
def test_a_file_size_limit_hit_by_duckdb_is_a_failed_write(tmp_path: Path) -> None:
    """DuckDB's own error for a file it cannot grow is the write failure it is: exit 4 with
    one line, the tables of the earlier run left in place (not an internal error, 70)."""
    import resource

    out = tmp_path / "out"
    first = subprocess.run(
        [sys.executable, "-m", "hplan.cli", "run", str(corpus_path("004")), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr
    before = (out / "documents.csv").read_bytes()

    def small_files() -> None:  # ~2 MB: the CSV and Parquet files fit, DuckDB's does not
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_000_000, 2_000_000))

    proc = subprocess.run(
        [sys.executable, "-m", "hplan.cli", "run", str(corpus_path("000")), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=small_files,
    )
    assert proc.returncode == 4, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith(f"hplan: cannot write the tables to {out}: DuckDB could not write")
    assert (out / "documents.csv").read_bytes() == before
