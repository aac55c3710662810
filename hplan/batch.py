"""Batch conversion: many files → one dataset, in-process or in parallel processes.

The unit of work is :func:`extract.pipeline.convert` on one path; its result is small
(table rows), so memory stays bounded by one document per worker however many files a
batch holds. Results are put back in input order, so ``--jobs 1``, ``--jobs N`` and the
Dask executor give the same tables.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hplan.cache import ResultCache
from hplan.extract.pipeline import DocResult, convert, failed_result, unreadable_sha256
from hplan.extract.settings import Settings
from hplan.models.records import CheckRecord
from hplan.models.tables import TABLE_NAMES

# A worker process is replaced after this many files, so a leak in a parser cannot grow
# a long batch's memory without bound.
MAX_TASKS_PER_WORKER = 50


def collect_inputs(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    exclude: str | os.PathLike[str] | None = None,
    skipped: list[Path] | None = None,
) -> list[Path]:
    """Files given, and every non-hidden file of a type hplan reads under folders given
    (sorted, recursive).

    A folder as people have it holds notes, spreadsheets or ``.json`` beside the plans:
    files of other types found inside a folder are left out and appended to ``skipped``
    (the summary counts them), while a file named explicitly is kept whatever its type,
    so it fails with its clear error. Nothing under ``exclude`` (the output folder, which
    may lie inside an input folder) is ever read back as input.
    """
    from hplan.extract.ingest import SUPPORTED_SUFFIXES

    out: list[Path] = []
    seen: set[Path] = set()
    excluded = Path(exclude).resolve() if exclude is not None else None

    def inside_output(p: Path) -> bool:
        return excluded is not None and p.resolve().is_relative_to(excluded)

    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = []
            for p in sorted(path.rglob("*")):
                # Links are kept even when dangling: they fail alone, with a reason.
                if not (p.is_file() or p.is_symlink()) or any(
                    part.startswith(".") for part in p.relative_to(path).parts
                ):
                    continue
                if inside_output(p.parent):
                    continue
                if p.suffix.lower() not in SUPPORTED_SUFFIXES:
                    if skipped is not None:
                        skipped.append(p)
                    continue
                found.append(p)
        else:
            found = [path]
        for p in found:
            if p not in seen:
                seen.add(p)
                out.append(p)
    return out


@dataclass
class BatchResult:
    results: list[DocResult]
    tables: dict[str, list[Any]] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.document.status == status)

    @property
    def n_converted(self) -> int:
        return self.count("ok") + self.count("partial")


ProgressCallback = Callable[[DocResult], None]


def _run_local(
    paths: Sequence[Path], settings: Settings, jobs: int, on_result: ProgressCallback | None
) -> list[DocResult]:
    results: list[DocResult | None] = [None] * len(paths)
    if jobs <= 1 or len(paths) <= 1:
        for i, path in enumerate(paths):
            results[i] = convert(path, settings)
            if on_result:
                on_result(results[i])
        return results  # type: ignore[return-value]
    import multiprocessing

    # forkserver: workers start from a clean interpreter (no inherited locks or file
    # handles). Workers are replaced after MAX_TASKS_PER_WORKER files each by running
    # the pool in chunks, not with max_tasks_per_child: on Python 3.11 that option can
    # leave the executor waiting forever once workers exit (seen here on 200 PDFs).
    context = multiprocessing.get_context("forkserver")
    chunk = jobs * MAX_TASKS_PER_WORKER
    for first in range(0, len(paths), chunk):
        batch = range(first, min(first + chunk, len(paths)))
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = {pool.submit(convert, paths[i], settings): i for i in batch}
            for future in as_completed(futures):
                i = futures[future]
                try:
                    results[i] = future.result()
                except Exception as err:  # a worker killed by the OS, say
                    results[i] = failed_result(
                        paths[i], f"worker crashed: {type(err).__name__}: {err}"
                    )
                if on_result:
                    on_result(results[i])
    return results  # type: ignore[return-value]


def _run_dask(
    paths: Sequence[Path],
    settings: Settings,
    scheduler: str | None,
    jobs: int,
    on_result: ProgressCallback | None,
) -> list[DocResult]:
    """Convert on a Dask cluster (``scheduler``) or a LocalCluster of ``jobs`` workers.

    Gives the local executors' results: paths as given, the same doc_ids, a crashed task
    a ``failed`` row, and the per-file time limit, which convert's SIGALRM cannot keep in
    a Dask worker (tasks run in worker threads, not the main thread), kept by a watchdog
    thread that raises the time-out in the task's thread.
    """
    try:
        from dask.distributed import Client, LocalCluster
        from dask.distributed import as_completed as dask_completed
    except ImportError as err:
        raise RuntimeError(
            "the dask executor needs dask[distributed]: pip install 'hplan[dask]'"
        ) from err

    def convert_in_worker(path: str, settings: Settings) -> DocResult:
        # Defined here so cloudpickle ships it by value: workers need only hplan's
        # own modules importable, as for convert itself.
        import ctypes
        import threading

        from hplan.extract.pipeline import FileTimeout, extractor_of, failed_result
        from hplan.extract.pipeline import convert as convert_one

        seconds = settings.per_file_timeout_s
        if not seconds or seconds <= 0 or threading.current_thread() is threading.main_thread():
            return convert_one(path, settings)  # no limit, or convert's SIGALRM keeps it
        message = f"took longer than the {seconds:g} s time limit per file (--timeout)"

        class Expired(FileTimeout):
            def __init__(self, *args: object) -> None:
                super().__init__(message)

        thread_id = ctypes.c_ulong(threading.get_ident())
        set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
        lock = threading.Lock()
        running = [True]
        done = threading.Event()

        def watch() -> None:
            # Raise the time-out in the task's thread, and again every 0.25 s while it
            # still runs: one that lands in a finalizer or weakref callback during a
            # garbage collection is printed and dropped ("Exception ignored in ...").
            if done.wait(seconds):
                return
            while True:
                with lock:
                    if not running[0]:
                        return
                    set_async_exc(thread_id, ctypes.py_object(Expired))
                if done.wait(0.25):
                    return

        def stop() -> None:
            with lock:
                running[0] = False
            done.set()

        watchdog = threading.Thread(target=watch, name="hplan-time-limit", daemon=True)
        watchdog.start()
        try:
            try:
                # convert turns a FileTimeout raised while reading or in a stage into
                # its one-line failed row, as with SIGALRM.
                return convert_one(path, settings)
            finally:
                stop()
        except Expired:  # raised after convert's own handler: same failed row
            return failed_result(path, message, extractor_of(path))
        finally:
            stop()
            set_async_exc(thread_id, None)  # one raised just as convert returned

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        # Absolute paths: a remote worker does not share our working directory's meaning.
        sent = [str(Path(p).absolute()) for p in paths]
        futures = client.map(convert_in_worker, sent, settings=settings, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        results: list[DocResult | None] = [None] * len(paths)
        # Only as_completed holds the futures, so each result leaves the cluster's
        # memory once it is here, however many files the batch has.
        completed = dask_completed(futures)
        del futures
        for future in completed:
            i = index.pop(future.key)
            try:
                result = future.result()
            except Exception as err:  # a worker killed by the OS, say
                result = failed_result(paths[i], f"worker crashed: {type(err).__name__}: {err}")
            future.release()
            # Keep the path as the user gave it, as the local executors do ...
            given = os.fspath(paths[i])
            doc = result.document
            doc.source = given
            # ... and so the id of a file that could not be read, which is made from its
            # path (the bytes of a readable file give the same id whatever the path).
            if (
                doc.status == "failed"
                and doc.sha256 == unreadable_sha256(sent[i])
                and sent[i] != given
            ):
                sha = unreadable_sha256(given)
                for check in result.tables.get("checks", []):
                    if check.doc_id == doc.doc_id:
                        check.doc_id = sha[:12]
                doc.doc_id, doc.sha256 = sha[:12], sha
            results[i] = result
            if on_result:
                on_result(result)
        return results  # type: ignore[return-value]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dedupe(results: list[DocResult]) -> list[DocResult]:
    """One row per distinct file content: identical bytes under two names convert once."""
    first: dict[str, DocResult] = {}
    out = []
    for result in results:
        doc_id = result.document.doc_id
        if doc_id in first and result.document.status != "failed":
            kept = first[doc_id]
            kept.tables.setdefault("checks", []).append(
                CheckRecord(
                    doc_id,
                    "duplicate_input",
                    "info",
                    f"{result.document.source} has the same bytes as {kept.document.source}; "
                    "converted once",
                    None,
                    None,
                )
            )
            continue
        if doc_id not in first:
            first[doc_id] = result
        out.append(result)
    return out


def run_batch(
    paths: Sequence[Path],
    settings: Settings | None = None,
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    on_result: ProgressCallback | None = None,
    cache: ResultCache | None = None,
) -> BatchResult:
    settings = settings or Settings()
    results: list[DocResult | None] = [None] * len(paths)
    todo: list[int] = []
    for i, path in enumerate(paths):
        cached = cache.get(path) if cache is not None else None
        if cached is not None:
            results[i] = cached
            if on_result:
                on_result(cached)
        else:
            todo.append(i)
    todo_paths = [paths[i] for i in todo]
    if not todo_paths:
        converted = []  # everything came from the cache: no workers to start
    elif executor == "dask":
        converted = _run_dask(todo_paths, settings, scheduler, jobs, on_result)
    else:
        converted = _run_local(todo_paths, settings, jobs, on_result)
    for i, result in zip(todo, converted, strict=True):
        results[i] = result
        if cache is not None:
            cache.put(result)
    results = _dedupe(results)  # type: ignore[arg-type]
    tables: dict[str, list[Any]] = {name: [] for name in TABLE_NAMES}
    for result in results:
        tables["documents"].append(result.document)
        for name, rows in result.tables.items():
            tables[name].extend(rows)
    # Year-over-year links need the whole batch (consecutive plans of one pilot), so they
    # are made here, after every document is converted, and not cached per document.
    from hplan.normalize.matcher import link_batch

    links, link_checks = link_batch(results)
    tables["tiltak_links"].extend(links)
    tables["checks"].extend(link_checks)
    return BatchResult(results, tables)


def print_error(result: DocResult) -> None:
    print(f"hplan: failed: {result.document.source}: {result.document.error}", file=sys.stderr)
