"""Batch runs: in-process, in parallel processes and on Dask give the same tables; a bad
file or one over the time limit fails alone, with a one-line reason."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
from pathlib import Path

import pytest
from helpers import corpus_path
from hplan.extract.settings import Settings
from hplan.models.tables import TABLES

from hplan.batch import collect_inputs, run_batch
from hplan.output import write_tables

pytest.importorskip("fpdf")
from pdf_fixtures import corrupt_pdf, plan_pdf_from_text, sample_plan_pdf, write_plan_pdf

try:
    import dask.distributed  # noqa: F401

    HAVE_DASK = True
except ImportError:  # pragma: no cover - dask is an optional extra
    HAVE_DASK = False
# CI installs the dask extra (.ci/run), so there a missing Dask fails instead of skipping.
needs_dask = pytest.mark.skipif(
    not HAVE_DASK and os.environ.get("CI", "").lower() != "true",
    reason="dask.distributed is not installed (pip install -e '.[dask]')",
)

EXPECTED_FAILURES = {
    "broken.pdf": "corrupt PDF",
    "empty.txt": "empty file",
    "unreadable.txt": "cannot read",
}

# Parallel processes, a Dask cluster and 400-page PDFs: minutes, not seconds.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def batch_root(tmp_path_factory) -> Path:
    """<root>/batch: part of the corpus as text, two PDFs and three files that fail."""
    root = tmp_path_factory.mktemp("batch_root")
    folder = root / "batch"
    folder.mkdir()
    for prefix in ("001", "002", "003", "004"):
        shutil.copy(corpus_path(prefix), folder / corpus_path(prefix).name)
    sample_plan_pdf(folder / "sample.pdf")
    write_plan_pdf(
        folder / "notat.pdf",
        ["# 1. Innledning", "Et notat uten tabeller.", "\f", "# 2. Mål", "Andre side."],
    )
    corrupt_pdf(folder / "broken.pdf")
    (folder / "empty.txt").write_bytes(b"")
    os.symlink(folder / "gone.txt", folder / "unreadable.txt")
    return root


def _run(root: Path, out: Path, **kwargs):
    # Relative paths, as a user types them: the Dask executor sends absolute ones to its
    # workers and must still report (and identify) files by the path given.
    with contextlib.chdir(root):
        paths = collect_inputs([Path("batch")])
        batch = run_batch(paths, Settings(), **kwargs)
    write_tables(out, batch.tables)
    return batch


def _statuses(batch) -> dict[str, tuple[str, str | None]]:
    return {
        Path(r.document.source).name: (r.document.status, r.document.error) for r in batch.results
    }


def _assert_bad_files_fail_alone(batch) -> None:
    statuses = _statuses(batch)
    assert len(statuses) == 9
    for name, (status, error) in statuses.items():
        if name in EXPECTED_FAILURES:
            assert status == "failed", name
            assert EXPECTED_FAILURES[name] in error, (name, error)
            assert "\n" not in error
        else:
            assert status in ("ok", "partial"), (name, error)
    sources = {r.document.source for r in batch.results}
    assert os.path.join("batch", "unreadable.txt") in sources  # the path as given


def _assert_same_csvs(a: Path, b: Path) -> None:
    for name in TABLES:
        assert (a / f"{name}.csv").read_bytes() == (b / f"{name}.csv").read_bytes(), name


@pytest.fixture(scope="module")
def local_runs(batch_root: Path, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    one = _run(batch_root, out / "jobs1", jobs=1)
    two = _run(batch_root, out / "jobs2", jobs=2)
    return out, one, two


def test_jobs_1_and_jobs_2_give_the_same_tables(local_runs) -> None:
    out, one, two = local_runs
    _assert_bad_files_fail_alone(one)
    _assert_bad_files_fail_alone(two)
    _assert_same_csvs(out / "jobs1", out / "jobs2")
    assert (out / "jobs1" / "tiltak.csv").read_bytes().count(b"\n") > 10


@needs_dask
def test_dask_gives_the_same_tables(local_runs, batch_root: Path) -> None:
    out, _, _ = local_runs
    batch = _run(batch_root, out / "dask", jobs=2, executor="dask")
    _assert_bad_files_fail_alone(batch)
    _assert_same_csvs(out / "jobs1", out / "dask")


@needs_dask
def test_dask_on_a_given_scheduler_gives_the_same_tables(local_runs, batch_root: Path) -> None:
    from dask.distributed import LocalCluster

    out, _, _ = local_runs
    # A cluster the user runs: hplan only connects to it. (Its worker is a process: a
    # worker thread of this process would open the lemma store for a thread of its own.)
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        batch = _run(
            batch_root, out / "given", executor="dask", scheduler=cluster.scheduler_address
        )
    _assert_bad_files_fail_alone(batch)
    _assert_same_csvs(out / "jobs1", out / "given")


@needs_dask
def test_dask_workers_start_with_the_stages_loaded() -> None:
    """The workers of the LocalCluster hplan starts are forked from a forkserver that has
    imported the stage libraries (and built the spaCy tokenizer) once."""
    import sys

    from dask.distributed import Client, LocalCluster

    from hplan.batch import _local_dask_cluster

    def loaded() -> list[str]:
        return sorted(
            m for m in ("spacy", "pdfplumber", "hplan.extract.tiltak") if m in sys.modules
        )

    with _local_dask_cluster(LocalCluster, 1) as cluster, Client(cluster) as client:
        assert list(client.run(loaded).values()) == [
            ["hplan.extract.tiltak", "pdfplumber", "spacy"]
        ]


# --- the per-file time limit ----------------------------------------------------------


@pytest.fixture(scope="module")
def big_pdf(tmp_path_factory) -> Path:
    """000 rendered, its pages repeated ten times (400 pages): over 10 s to convert."""
    import pypdfium2 as pdfium

    folder = tmp_path_factory.mktemp("big")
    one = plan_pdf_from_text(corpus_path("000"), folder / "000.pdf")
    src = pdfium.PdfDocument(one)
    dst = pdfium.PdfDocument.new()
    try:
        for _ in range(10):
            dst.import_pages(src)
        dst.save(folder / "big.pdf")
    finally:
        dst.close()
        src.close()
    return folder / "big.pdf"


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"jobs": 1}, id="jobs1"),
        pytest.param({"jobs": 2}, id="jobs2"),
        pytest.param({"jobs": 1, "executor": "dask"}, id="dask", marks=needs_dask),
    ],
)
def test_a_file_over_the_time_limit_fails_alone(big_pdf: Path, kwargs: dict) -> None:
    # 3 s: far below the big PDF's time, far above a small text file's in a fresh worker
    # process that still has to import the stages (well under a second).
    paths = [big_pdf, corpus_path("004"), corpus_path("003")]
    # Collect what earlier tests left (dead threads of pools and Dask clients) first: a
    # SIGALRM time-out that lands in a weakref callback run by a collection is dropped
    # ("Exception ignored in WeakSet._remove"); extract.pipeline re-arms its alarm, but a
    # clean start keeps this test's timing predictable.
    gc.collect()
    batch = run_batch(paths, Settings(per_file_timeout_s=3.0), **kwargs)
    statuses = _statuses(batch)
    assert statuses["big.pdf"] == (
        "failed",
        "took longer than the 3 s time limit per file (--timeout)",
    ), statuses
    assert statuses[corpus_path("004").name][0] in ("ok", "partial"), statuses
    assert statuses[corpus_path("003").name][0] in ("ok", "partial"), statuses
    check = next(c for c in batch.tables["checks"] if c.check == "ingest")
    assert check.message == statuses["big.pdf"][1]
