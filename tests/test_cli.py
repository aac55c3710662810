"""`hplan run` end to end: the corpus, bad inputs, determinism, the contract checker."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import RAW, ROOT, SHARED, corpus_path
from hplan.extract.pipeline import convert
from hplan.extract.settings import Settings
from hplan.models.tables import TABLES

CHECK_CONTRACT = SHARED / "tools" / "check_contract.py"


def hplan(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hplan.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_corpus_documents_rows(corpus_out: Path) -> None:
    rows = {Path(r["source"]).name[:3]: r for r in read_csv(corpus_out / "documents.csv")}
    expected = {
        "000": ("handlingsplan", "Rindal og Holtålen", "2025", "nb"),
        "001": ("handlingsplan", "Indre Namdal", "2025", "nb"),
        "002": ("saksframlegg", "", "", "nb"),
        "003": ("brev", "", "", "nb"),
        "004": ("saksframlegg", "Vest-Telemark", "2025", "nn"),
    }
    assert set(rows) == set(expected)
    for prefix, (doc_type, pilot, year, language) in expected.items():
        row = rows[prefix]
        assert (row["doc_type"], row["pilot"], row["plan_year"], row["language"]) == (
            doc_type,
            pilot,
            year,
            language,
        ), prefix
        assert row["extractor"] == "text"
        assert row["status"] in ("ok", "partial")
        assert row["doc_id"] == row["sha256"][:12]
    assert rows["000"]["n_pages"] == "40"
    assert rows["001"]["n_pages"] == "40"
    assert (rows["000"]["agreement_start"], rows["000"]["agreement_end"]) == ("2024", "2027")


def test_every_table_written_in_three_forms(corpus_out: Path) -> None:
    import duckdb
    import pyarrow.parquet as pq

    con = duckdb.connect(str(corpus_out / "handlingsplaner.duckdb"), read_only=True)
    try:
        for name, spec in TABLES.items():
            with open(corpus_out / f"{name}.csv", encoding="utf-8") as fh:
                header = fh.readline().strip().split(",")
            assert header == spec.column_names
            parquet = pq.read_table(corpus_out / f"{name}.parquet")
            assert parquet.column_names == spec.column_names
            n_csv = len(read_csv(corpus_out / f"{name}.csv"))
            assert parquet.num_rows == n_csv
            assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == n_csv
    finally:
        con.close()
    # Nothing temporary is left behind (the result cache is kept on purpose).
    assert [p.name for p in corpus_out.iterdir() if p.name.startswith(".")] == [".hplan-cache"]


@pytest.mark.skipif(not CHECK_CONTRACT.exists(), reason="../shared/tools/check_contract.py absent")
def test_contract_checker_passes(corpus_out: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(CHECK_CONTRACT), str(corpus_out)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_deterministic_csvs(corpus_out: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    # Different input order and a parallel run must not change a byte.
    inputs = [str(p) for p in sorted(RAW.glob("*.txt"), reverse=True)]
    proc = hplan("run", *inputs, "--out", str(again), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    for name in TABLES:
        first = (corpus_out / f"{name}.csv").read_bytes()
        second = (again / f"{name}.csv").read_bytes()
        if name == "documents":
            # The source column holds the paths as given; compare everything else.
            first = b"\n".join(sorted(first.splitlines()))
            second = b"\n".join(sorted(second.splitlines()))
            assert len(first) == len(second)
            continue
        assert first == second, name


@pytest.mark.slow
def test_deterministic_same_command(tmp_path: Path) -> None:
    outs = []
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        proc = hplan("run", "--out", str(out), "--quiet")
        assert proc.returncode == 0, proc.stderr
        outs.append(out)
    for name in TABLES:
        assert (outs[0] / f"{name}.csv").read_bytes() == (outs[1] / f"{name}.csv").read_bytes()


# --- bad input ---------------------------------------------------------------------


@pytest.fixture()
def bad_batch(tmp_path: Path) -> Path:
    from pdf_fixtures import corrupt_pdf, encrypted_pdf, scanned_pdf, truncated_pdf

    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(corpus_path("004"), folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"Handlingsplan\x00\x01\x02\xff" * 50)
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not a real package")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    (folder / "notes.json").write_text('{"not": "a plan"}')
    truncated_pdf(folder / "truncated.pdf")
    corrupt_pdf(folder / "corrupt.pdf")
    encrypted_pdf(folder / "encrypted.pdf")
    scanned_pdf(folder / "scanned.pdf")
    # A path that cannot be read: the tests run as root, for whom permissions do not
    # stop a read, so a dangling link stands in for an unreadable file.
    os.symlink(folder / "gone.txt", folder / "unreadable.txt")
    return folder


EXPECTED_ERRORS = {
    "empty.txt": "empty file",
    "binary.txt": "binary content in a text file",
    "notes.docx": "corrupt .docx",
    "old.doc": "save it as .docx or PDF",
    "truncated.pdf": "truncated PDF",
    "corrupt.pdf": "corrupt PDF",
    "encrypted.pdf": "encrypted PDF",
    "scanned.pdf": "OCR is needed",
    "unreadable.txt": "cannot read",
}


@pytest.mark.slow
def test_bad_inputs_fail_alone(bad_batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = hplan("run", str(bad_batch), "--out", str(out))
    assert proc.returncode == 0, proc.stderr  # one file converted
    docs = {Path(r["source"]).name: r for r in read_csv(out / "documents.csv")}
    assert docs["good.txt"]["status"] in ("ok", "partial")
    assert docs["good.txt"]["pilot"] == "Vest-Telemark"
    checks = read_csv(out / "checks.csv")
    stderr_lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("hplan: failed:")]
    assert len(stderr_lines) == len(EXPECTED_ERRORS)
    # A file of another type inside a folder is skipped and counted, not failed.
    assert "notes.json" not in docs
    assert "(1 other file skipped)" in proc.stdout
    for name, fragment in EXPECTED_ERRORS.items():
        row = docs[name]
        assert row["status"] == "failed", name
        assert fragment in row["error"], (name, row["error"])
        assert "\n" not in row["error"]
        assert any(c["doc_id"] == row["doc_id"] and c["check"] == "ingest" for c in checks), name
        assert any(name in ln and fragment in ln for ln in stderr_lines), name


@pytest.mark.slow
def test_size_limit(tmp_path: Path) -> None:
    result = convert(corpus_path("000"), Settings(max_file_bytes=50_000))
    assert result.document.status == "failed"
    assert result.document.error == "file is 98.6 kB, over the 48.8 kB size limit (--max-size)"
    out = tmp_path / "out"
    proc = hplan("run", str(RAW), "--out", str(out), "--max-size", "0.05")
    assert proc.returncode == 0
    statuses = sorted(
        (Path(r["source"]).name[:3], r["status"]) for r in read_csv(out / "documents.csv")
    )
    assert [s for _, s in statuses][:2] == ["failed", "failed"]  # 000 and 001 are over 50 KB
    assert all(s != "failed" for _, s in statuses[2:])


def test_exit_codes(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = hplan("run", str(empty), "--out", str(tmp_path / "o1"))
    assert proc.returncode == 1
    assert "empty file" in proc.stderr
    proc = hplan("run", str(tmp_path / "nothing-here"), "--out", str(tmp_path / "o2"))
    assert proc.returncode == 2  # a path given that is not there: a usage error
    assert proc.stderr.strip() == f"hplan: {tmp_path / 'nothing-here'}: no such file or folder"
    assert not (tmp_path / "o2").exists()
    (tmp_path / "emptydir").mkdir()
    proc = hplan("run", str(tmp_path / "emptydir"), "--out", str(tmp_path / "o3"))
    assert proc.returncode == 2
    proc = hplan("run", "--jobs", "0")
    assert proc.returncode == 2
    proc = hplan("run", "--executor", "spark")
    assert proc.returncode == 2


def test_help_documents_exit_codes() -> None:
    proc = hplan("run", "--help")
    assert proc.returncode == 0
    assert "Exit codes: 0 when at least one file converted, 1 when none did, 2 for usage" in (
        " ".join(proc.stdout.split())
    )


def test_report_command(corpus_out: Path, tmp_path: Path) -> None:
    proc = hplan("report", "--data", str(corpus_out), "--out", str(tmp_path / "report"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"6 pages → {tmp_path / 'report'}/index.html"
    index = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "Rindal og Holtålen" in index and "Indre Namdal" in index
    proc = hplan("report", "--data", str(tmp_path / "no-dataset"))
    assert proc.returncode == 2
    assert "holds no dataset" in proc.stderr


@pytest.mark.slow
def test_rerun_after_one_file_changed_equals_a_full_run(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for prefix in ("000", "001", "004"):
        shutil.copy(corpus_path(prefix), folder / corpus_path(prefix).name)
    out = tmp_path / "out"
    assert hplan("run", str(folder), "--out", str(out)).returncode == 0
    # One plan changes: a line of its financing text names another amount.
    changed = folder / corpus_path("000").name
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("120.000,- totalt", "130.000,- totalt"), encoding="utf-8")
    proc = hplan("run", str(folder), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "(2 unchanged, reused)" in proc.stdout
    full = tmp_path / "full"
    assert hplan("run", str(folder), "--out", str(full), "--no-cache").returncode == 0
    for name in TABLES:
        assert (out / f"{name}.csv").read_bytes() == (full / f"{name}.csv").read_bytes(), name
    budgets = {(r["title"], r["budget_nok"]) for r in read_csv(out / "tiltak.csv")}
    assert ("Strategi for bruk av virkemidler i lokal boligutvikling", "130000") in budgets


@pytest.mark.slow
def test_pdf_text_engine_flag_gives_the_same_tables(tmp_path: Path) -> None:
    from pdf_fixtures import sample_plan_pdf

    pdf = sample_plan_pdf(tmp_path / "plan.pdf")
    outs = {}
    for engine in ("fast", "pdfplumber"):
        out = tmp_path / engine
        proc = hplan("run", str(pdf), "--out", str(out), "--pdf-text", engine, "-q")
        assert proc.returncode == 0, proc.stderr
        outs[engine] = out
    for table in ("tiltak", "amounts", "budget_rows", "toc_entries"):
        fast = (outs["fast"] / f"{table}.csv").read_text(encoding="utf-8")
        slow = (outs["pdfplumber"] / f"{table}.csv").read_text(encoding="utf-8")
        assert fast == slow, table
    assert read_csv(outs["fast"] / "tiltak.csv")  # a real plan, not two empty tables
    bad = hplan("run", str(pdf), "--out", str(tmp_path / "bad"), "--pdf-text", "ocr")
    assert bad.returncode == 2 and "--pdf-text" in bad.stderr


# --- conventions: version, -h, examples, choices, JSON, console encodings ---------------


def test_version_and_short_help() -> None:
    from importlib.metadata import version

    proc = hplan("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"hplan {version('hplan')}"
    assert hplan("-h").stdout == hplan("--help").stdout
    assert "Usage: " in hplan("-h").stdout and "--version" in hplan("-h").stdout


@pytest.mark.parametrize("command", ["run", "report", "eval-links", "dictionary"])
def test_every_command_help_has_examples(command: str) -> None:
    proc = hplan(command, "-h")
    assert proc.returncode == 0
    examples = proc.stdout.split("Examples:", 1)[1]
    assert f"hplan {command}" in examples


def test_enumerated_options_are_choices() -> None:
    text = hplan("run", "-h").stdout
    assert "--executor <local|dask>" in text and "--pdf-text <fast|pdfplumber>" in text
    proc = hplan("run", "--pdf-text", "ocr")
    assert proc.returncode == 2 and "'ocr' is not one of 'fast', 'pdfplumber'" in proc.stderr


@pytest.mark.slow
def test_json_summary_and_a_cp1252_console(tmp_path: Path) -> None:
    import json

    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(corpus_path("004"), folder / "004.txt")
    shutil.copy(corpus_path("004"), folder / "004-copy.txt")
    (folder / "empty.txt").write_bytes(b"")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    proc = subprocess.run(
        [sys.executable, "-m", "hplan.cli", "run", str(folder), "--out", str(tmp_path / "a")],
        cwd=ROOT,
        capture_output=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    # The arrow is spelled "->" where the console has no "→"; the counts add up to the
    # three input files.
    summary = proc.stdout.decode("cp1252").splitlines()[0]
    assert summary == f"3 files: 1 ok, 0 partial, 1 failed, 1 duplicate -> {tmp_path / 'a'}/"
    proc = hplan("run", str(folder), "--out", str(tmp_path / "b"), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["files"], data["ok"], data["failed"], data["duplicates"]) == (3, 1, 1, 1)
    assert data["failures"] == [
        {"source": str(folder / "empty.txt"), "error": "empty file (0 bytes)"}
    ]
    assert data["rows"]["documents"] == 2 and data["rows"]["delmal"] == 3
    assert data["out"] == str(tmp_path / "b")


def test_terminal_safe_spells_what_the_console_lacks() -> None:
    from hplan.cli import terminal_safe

    assert terminal_safe("8 files → out/", "utf-8") == "8 files → out/"
    assert terminal_safe("8 files → out/", "cp1252") == "8 files -> out/"
    assert terminal_safe("Holtålen → ✓", "ascii") == "Holt?len -> ?"
