"""A batch of one file: its worker is a fresh interpreter (not a fork of the preloaded
server), light enough for a short text, and still keeps the batch's guarantees: the time
limit, the hard limit for a reader where no Python runs, the memory limit, and a failed
row (not a lost run) when the worker process dies."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import corpus_path, run_with_sigalrm_blocked
from hplan.extract.pipeline import OUT_OF_MEMORY, no_room_to_load
from hplan.extract.settings import MB, Settings

from hplan.batch import run_batch

HPLAN = [sys.executable, "-m", "hplan.cli"]
# The target for a one-file run of a short text, every process.
ONE_FILE_PEAK_MB = 150


@pytest.fixture(scope="module")
def long_text(tmp_path_factory) -> Path:
    """000 forty times over (4 MB): seconds to convert, some hundred MB to hold."""
    path = tmp_path_factory.mktemp("long") / "long.txt"
    path.write_text(corpus_path("000").read_text(encoding="utf-8") * 40, encoding="utf-8")
    return path


def _only(batch) -> tuple[str, str | None]:
    [result] = batch.results
    return result.document.status, result.document.error


def test_a_short_text_run_peaks_under_150_mb_in_every_process(tmp_path: Path) -> None:
    # wait4's high-water mark covers the run and every child it reaped: the conversion
    # worker (a child of the run's process for a single file) and the resource tracker.
    # Taken by a small launcher: a process forked from this large test process keeps
    # the parent's high-water mark through exec.
    launcher = (
        "import os, sys, subprocess\n"
        "proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "_pid, status, usage = os.wait4(proc.pid, 0)\n"
        "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n"
    )
    run = [*HPLAN, "run", str(corpus_path("004")), "--out", str(tmp_path / "out"), "-q"]
    done = subprocess.run(
        [sys.executable, "-c", launcher, *run], capture_output=True, text=True, timeout=120
    )
    exit_code, maxrss_kb = map(int, done.stdout.split())
    assert exit_code == 0, done.stderr
    peak_mb = maxrss_kb / 1024  # Linux: kilobytes
    assert peak_mb < ONE_FILE_PEAK_MB, f"peak RSS {peak_mb:.0f} MB"
    rows = (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 2 and ",ok," in rows[1]


def test_one_file_over_the_time_limit_fails_with_the_reason(long_text: Path) -> None:
    batch = run_batch([long_text], Settings(per_file_timeout_s=1.0))
    assert _only(batch) == ("failed", "took longer than the 1 s time limit per file (--timeout)")


@pytest.mark.slow
def test_one_file_stuck_where_no_python_runs_is_killed_at_the_hard_limit(
    tmp_path: Path, long_text: Path
) -> None:
    # A worker that blocks SIGALRM (the mask is inherited through the fresh interpreter's
    # fork and exec) stands for a reader stuck in C: the batch kills it after the grace.
    start = time.monotonic()
    done = run_with_sigalrm_blocked(tmp_path, [long_text])
    assert done.returncode == 0, done.stderr
    assert "[('failed', 'took longer than the 1 s time limit per file (--timeout)')]" in (
        done.stdout
    )
    assert time.monotonic() - start < 30  # killed at 1 s + the grace, not converted


def test_one_file_over_the_memory_limit_fails_alone_and_quickly(long_text: Path) -> None:
    # 300 MB of address space: enough for the worker to start and read a short text,
    # not to convert 4 MB. Before SciPy's OpenBLAS was loaded ahead of the limit, its
    # lazy import under such a limit spun until the time limit (60 s) instead.
    start = time.monotonic()
    batch = run_batch([long_text], Settings(per_file_timeout_s=60.0), max_memory=300 * MB)
    assert _only(batch) == ("failed", OUT_OF_MEMORY)
    assert time.monotonic() - start < 30
    small = run_batch([corpus_path("004")], Settings(), max_memory=300 * MB)
    assert _only(small) == ("ok", None)


def test_one_file_whose_worker_dies_gets_a_failed_row(long_text: Path) -> None:
    results = []

    def convert() -> None:
        results.append(run_batch([long_text], Settings(per_file_timeout_s=0)))

    runner = threading.Thread(target=convert)
    runner.start()
    deadline = time.monotonic() + 60
    workers: list = []
    while not workers and time.monotonic() < deadline:
        workers = [p for p in multiprocessing.active_children() if p.name == "hplan-worker"]
        time.sleep(0.05)
    assert workers, "no worker process seen"
    time.sleep(0.5)  # inside the conversion
    os.kill(workers[0].pid, signal.SIGKILL)
    runner.join(60)
    assert not runner.is_alive()
    status, error = _only(results[0])
    assert status == "failed"
    assert error is not None and "the converter process died (killed by SIGKILL)" in error


def test_a_library_the_loader_cannot_map_is_out_of_memory_not_a_crash() -> None:
    # Under the limit above, a lazily imported extension module can fail to be mapped
    # before any Python allocation fails: the same file, the same reason.
    unmappable = ImportError(
        "/x/matcher.cpython-311-x86_64-linux-gnu.so: failed to map segment from shared object"
    )
    assert no_room_to_load(unmappable)
    assert not no_room_to_load(ImportError("No module named 'spacy'"))
    assert not no_room_to_load(MemoryError())
