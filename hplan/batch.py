"""Batch conversion: many files → one dataset, in-process or in parallel processes.

The unit of work is :func:`extract.pipeline.convert` on one path; its result is small
(table rows), so memory stays bounded by one document per worker however many files a
batch holds. Results are put back in input order, so ``--jobs 1``, ``--jobs N`` and the
Dask executor give the same tables.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from hplan.cache import ResultCache
from hplan.extract.pipeline import (
    OUT_OF_MEMORY,
    STAGES,
    DocResult,
    FileTimeout,
    check_order,
    convert,
    describe_error,
    extractor_of,
    failed_result,
    file_sha256,
    path_sha256,
    regular_file_error,
    unreadable_sha256,
)
from hplan.extract.settings import DEFAULT_MAX_MEMORY, Settings
from hplan.models.records import CheckRecord
from hplan.models.tables import TABLE_NAMES
from hplan.safe_text import printable

# A worker process is replaced after this many files, so a leak in a parser cannot grow
# a long batch's memory without bound.
MAX_TASKS_PER_WORKER = 50
# A worker keeps the time limit itself (SIGALRM); one stuck where no Python code runs
# is killed by the batch this long after it.
_HARD_LIMIT_GRACE_S = 10.0


# Libraries the stages import lazily (to keep `hplan --help` fast), loaded once into
# the forkserver that the conversion processes are forked from.
_PRELOAD = (
    "numpy",
    "scipy.optimize",
    "rapidfuzz",
    "spacy",
    "pdfplumber",
    "pypdfium2",
    "hplan._worker_warmup",
)


def _forkserver_preload(*extra: str) -> list[str]:
    """What the forkserver imports once: hplan's stages and the libraries they load."""
    return [
        *extra,
        "hplan.batch",
        *sorted({stage.target.split(":")[0] for stage in STAGES}),
        *_PRELOAD,
    ]


# Loaded before a worker's memory limit, also where nothing else is preloaded: OpenBLAS
# (under NumPy and SciPy's linear algebra, which scipy.optimize imports) spins instead of
# failing when it is first loaded into a process short of address space.
_BEFORE_MEMORY_LIMIT = ("numpy", "scipy.linalg")


class UserError(Exception):
    """A problem the user can fix (a missing optional dependency, say): the command
    line prints the message alone, on one line."""


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
    from hplan.extract.ingest import SUPPORTED_SUFFIXES, UNREADABLE_SUFFIXES

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
                # Links are kept even when dangling, and FIFOs and devices too: they fail
                # alone, with a reason (never opened).
                if p.is_dir() or any(part.startswith(".") for part in p.relative_to(path).parts):
                    continue
                if inside_output(p.parent):
                    continue
                # Formats hplan knows but cannot read (.doc) fail with what to do instead.
                if p.suffix.lower() not in SUPPORTED_SUFFIXES.keys() | UNREADABLE_SUFFIXES.keys():
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


ProgressCallback = Callable[[DocResult], None]


def _set_memory_limit(max_memory: int | None) -> None:
    if not max_memory or max_memory <= 0:
        return
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY and hard < max_memory:
        max_memory = hard
    resource.setrlimit(resource.RLIMIT_AS, (max_memory, hard))


def convert_and_store(path: Path, settings: Settings, cache: ResultCache | None) -> DocResult:
    """Convert one file (a miss: the batch has looked it up already) and store the result
    in ``cache``."""
    result = convert(path, settings)
    if cache is not None:
        cache.put(result)
    return result


def _cache_hits(
    paths: Sequence[Path], cache: ResultCache | None, on_result: ProgressCallback | None
) -> tuple[list[DocResult | None], list[int], dict[int, str]]:
    """Look every file up in ``cache`` here, before any worker starts, so a re-run whose
    files are all cached only links and writes: (the results, hits filled in; the indexes
    still to convert; why an entry was ignored, by index). Only regular files are hashed,
    so nothing here can block (a FIFO, say, goes to a worker and its time limit)."""
    results: list[DocResult | None] = [None] * len(paths)
    if cache is None:
        return results, list(range(len(paths))), {}
    todo: list[int] = []
    ignored: dict[int, str] = {}
    for i, path in enumerate(paths):
        hit = None
        if regular_file_error(path) is None:
            sha = file_sha256(Path(path))
            if sha:
                hit, why = cache.lookup(sha, Path(path))
                if why:
                    ignored[i] = why
        if hit is None:
            todo.append(i)
            continue
        results[i] = hit
        if on_result:
            on_result(hit)
    return results, todo, ignored


def _note_ignored_entry(result: DocResult, why: str) -> None:
    result.tables.setdefault("checks", []).append(
        CheckRecord(result.document.doc_id, "cache_entry_ignored", "info", why, None, None)
    )


def _worker_main(
    conn: Connection, settings: Settings, cache: ResultCache | None, max_memory: int | None
) -> None:
    """A conversion process: (index, path) in; ("done", index, DocResult) or ("failed",
    index, reason) out, until None. After running out of memory it sends a prepared
    message and exits, so a fresh process takes the next file."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle
    try:
        if max_memory and max_memory > 0:
            for module in _BEFORE_MEMORY_LIMIT:  # already there in a forkserver's worker
                importlib.import_module(module)
        _set_memory_limit(max_memory)
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):
                break
            if task is None:
                break
            index, path = task
            try:
                reply: tuple[str, int, Any] = (
                    "done",
                    index,
                    convert_and_store(path, settings, cache),
                )
            except MemoryError:
                reply = ("failed", index, OUT_OF_MEMORY)
            except Exception as err:  # convert itself failed: still one row for this file
                reply = ("failed", index, f"converter crashed: {describe_error(err)}")
            conn.send(reply)
            error = reply[2] if reply[0] == "failed" else reply[2].document.error
            if error == OUT_OF_MEMORY:
                break  # a reader's state may be half-built: a fresh process goes on
    except BaseException:  # out of memory while replying, say
        os._exit(3)  # the batch sees the death and fails the file; no clean-up that hangs
    os._exit(0)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: int | None = None
    started: float = 0.0
    done: int = 0

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        self.process.join(timeout=None if kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _death_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        how = f"killed by {name}"
    else:
        how = f"exit code {exitcode}"
    return f"the converter process died ({how}): out of memory (--max-memory) or a reader crash"


@contextlib.contextmanager
def _caller_script_hidden() -> Iterator[None]:
    """Start workers without multiprocessing's re-run of the caller's main module in them.

    A worker needs hplan alone. Left alone, multiprocessing runs the caller's script again
    in every new worker, so ``hplan.convert_batch`` at the top of a script without an
    ``if __name__ == "__main__"`` guard would convert the batch again from inside each
    worker, and from ``python -`` (main module ``<stdin>``) every worker fails to start.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved = {key: main.__dict__[key] for key in ("__file__", "__spec__") if key in main.__dict__}
    main.__dict__.pop("__file__", None)
    main.__spec__ = None
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)


def _size_of(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0  # it fails in its worker, with the reason


def _run_isolated(
    paths: Sequence[Path],
    settings: Settings,
    jobs: int,
    on_result: ProgressCallback | None,
    cache: ResultCache | None,
    max_memory: int | None,
) -> list[DocResult]:
    """Convert every file in a worker process (also with one job), so a file that
    crashes its reader, runs out of memory or hangs costs that file alone."""
    import multiprocessing
    from multiprocessing.connection import wait

    # One OpenBLAS thread per worker process: the workers are the parallelism.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if len(paths) == 1:
        # One file, one worker, never replaced: a fresh interpreter that imports only
        # what this file's reader and stages use (a short text needs neither spaCy nor
        # SciPy) instead of a fork of a server that has loaded everything (~155 MB).
        context: Any = multiprocessing.get_context("spawn")
    else:
        # forkserver: workers start from a clean interpreter (no inherited locks or file
        # handles); the stage modules are preloaded there, so a new worker starts at once.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_forkserver_preload())
    results: list[DocResult | None] = [None] * len(paths)
    # Largest files first: the batch ends when its last file does, and a large file
    # started last leaves the other workers idle meanwhile.
    pending = deque(sorted(range(len(paths)), key=lambda i: -_size_of(paths[i])))
    workers: list[_Worker] = []
    timeout = settings.per_file_timeout_s
    hard_limit = timeout + max(_HARD_LIMIT_GRACE_S, timeout / 10) if timeout else None

    def start() -> _Worker:
        parent, child = context.Pipe()
        process = context.Process(
            target=_worker_main,
            args=(child, settings, cache, max_memory),
            name="hplan-worker",
            daemon=True,
        )
        with _caller_script_hidden():
            process.start()
        child.close()
        worker = _Worker(process, parent)
        workers.append(worker)
        return worker

    def finish(worker: _Worker, result: DocResult) -> None:
        assert worker.task is not None
        results[worker.task] = result
        worker.task = None
        worker.done += 1
        if on_result:
            on_result(result)

    def retire(worker: _Worker, kill: bool) -> None:
        worker.stop(kill=kill)
        workers.remove(worker)

    try:
        while pending or any(w.task is not None for w in workers):
            for worker in list(workers):
                if worker.task is None and worker.done >= MAX_TASKS_PER_WORKER:
                    retire(worker, kill=False)
            while pending and sum(w.task is not None for w in workers) < jobs:
                idle = [w for w in workers if w.task is None]
                worker = idle[0] if idle else start()
                index = pending.popleft()
                try:
                    worker.conn.send((index, paths[index]))
                except OSError:  # the worker died idle: start another and retry
                    pending.appendleft(index)
                    retire(worker, kill=True)
                    continue
                worker.task, worker.started = index, time.monotonic()
            busy = [w for w in workers if w.task is not None]
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=1.0)
            now = time.monotonic()
            for worker in busy:
                assert worker.task is not None
                path = paths[worker.task]
                if worker.conn.poll():
                    try:
                        outcome, _index, payload = worker.conn.recv()
                        result = (
                            payload
                            if outcome == "done"
                            else failed_result(path, payload, extractor_of(path))
                        )
                    except (EOFError, OSError):
                        worker.process.join(5)
                        result = failed_result(path, _death_reason(worker.process.exitcode))
                        finish(worker, result)
                        retire(worker, kill=True)
                        continue
                    finish(worker, result)
                    if result.document.error == OUT_OF_MEMORY:
                        retire(worker, kill=False)  # it exits after such a file
                elif not worker.process.is_alive():
                    finish(worker, failed_result(path, _death_reason(worker.process.exitcode)))
                    retire(worker, kill=True)
                elif hard_limit and now - worker.started > hard_limit:
                    retire(worker, kill=True)
                    message = f"took longer than the {timeout:g} s time limit per file (--timeout)"
                    finish(worker, failed_result(path, message, extractor_of(path)))
    finally:
        for worker in list(workers):
            retire(worker, kill=worker.task is not None)
    return results  # type: ignore[return-value]


def _convert_on_dask(path: str, settings: Settings) -> DocResult:
    """One file on a Dask worker, with the per-file time limit kept by a watchdog thread.

    Module-level, so a task names it instead of carrying its code; a worker imports it
    with hplan (a worker hplan starts has it from the forkserver already).
    """
    import ctypes
    import threading

    seconds = settings.per_file_timeout_s
    if not seconds or seconds <= 0 or threading.current_thread() is threading.main_thread():
        return convert(path, settings)  # no limit, or convert's SIGALRM keeps it
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
            return convert(path, settings)
        finally:
            stop()
    except Expired:  # raised after convert's own handler: same failed row
        return failed_result(path, message, extractor_of(path))
    finally:
        stop()
        set_async_exc(thread_id, None)  # one raised just as convert returned


# The LocalCluster hplan starts: periodic work that serves dashboards or large clusters
# only, each run waking an event loop beside the conversions, done rarely or not at all
# (defaults in brackets), and its workers started the way the local executor's are.
_DASK_LEAN_CONFIG: dict[str, Any] = {
    # each worker's statistical profiler, a stack sample every [10 ms]
    "distributed.worker.profile.enabled": False,
    # event-loop health checks in the scheduler, every nanny and every worker [20 ms];
    # a loop blocked for over 3 s is still reported
    "distributed.admin.tick.interval": "500ms",
    # psutil samples of CPU, memory, network and disk for the dashboard [500 ms], and a
    # GIL poll [1 ms] where gilknocker is installed
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.system-monitor.gil.enabled": False,
    # a worker's memory against its pause/spill/terminate thresholds [100 ms]
    "distributed.worker.memory.monitor-interval": "1s",
    # workers forked from a forkserver that has imported distributed and the stage
    # libraries once, as the local executor's are (spawned, each imports them itself)
    "distributed.worker.multiprocessing-method": "forkserver",
}


def _dask_forkserver_preload() -> None:
    """Set what the forkserver Dask's workers are forked from preloads: distributed,
    hplan's stages and their libraries.

    The first time distributed starts a worker through a forkserver it sets its own list:
    distributed and its optional packages (pandas among them), each imported into this
    process to see whether it is there. Its flag that the list is set is raised first, so
    this process loads none of them; where the flag is missing (another distributed) its
    list is made as usual, then replaced. A forkserver already running (a local batch
    earlier in this process) keeps its list: workers then import distributed themselves.
    """
    import multiprocessing

    from distributed import utils as dask_utils

    if isinstance(getattr(dask_utils, "_forkserver_preload_set", None), bool):
        dask_utils._forkserver_preload_set = True
    else:
        dask_utils.get_mp_context()
    multiprocessing.get_context("forkserver").set_forkserver_preload(
        _forkserver_preload("distributed")
    )


@contextlib.contextmanager
def _local_dask_cluster(cluster_class: Any, jobs: int) -> Iterator[Any]:
    """A LocalCluster of ``jobs`` one-thread worker processes with the lean settings,
    held while it runs (a worker restarted after a crash starts the same way)."""
    import dask.config

    # glibc trimming the heap after every free of over 64 kB (MALLOC_TRIM_THRESHOLD_)
    # costs CPU in every conversion (80 PDFs: about 2 s of 48).
    spawn_environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
    spawn_environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    lean = {**_DASK_LEAN_CONFIG, "distributed.nanny.pre-spawn-environ": spawn_environ}
    with dask.config.set(lean):
        with _caller_script_hidden():
            _dask_forkserver_preload()
            cluster = cluster_class(
                n_workers=max(1, jobs),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
        try:
            yield cluster
        finally:
            cluster.close()


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
    except ImportError as err:
        raise UserError(
            "the dask executor needs dask[distributed]: pip install 'hplan[dask]'"
        ) from err

    with contextlib.ExitStack() as stack:
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = stack.enter_context(_local_dask_cluster(LocalCluster, jobs))
            # Each result straight from the worker that made it, not relayed (and framed
            # again) by the scheduler, which shares this process.
            client = Client(cluster, direct_to_workers=True)
        stack.callback(client.close)
        return _gather_dask(client, paths, settings, on_result)


def _gather_dask(
    client: Any, paths: Sequence[Path], settings: Settings, on_result: ProgressCallback | None
) -> list[DocResult]:
    """Run every file on ``client``'s cluster; results in input order, as given."""
    from dask.distributed import as_completed as dask_completed

    # Absolute paths: a remote worker does not share our working directory's meaning.
    sent = [str(Path(p).absolute()) for p in paths]
    futures = client.map(_convert_on_dask, sent, settings=settings, pure=False)
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
        # Keep the path as the user gave it, as the local executors do, and so the
        # id of a failed file where it is made from the path (unreadable or empty).
        given = os.fspath(paths[i])
        doc = result.document
        if doc.status == "failed" and sent[i] != given:
            known = None if doc.sha256 == unreadable_sha256(sent[i]) else doc.sha256
            result = failed_result(given, doc.error or "", doc.extractor, known)
        result.document.source = given
        results[i] = result
        if on_result:
            on_result(result)
    return results  # type: ignore[return-value]


def _reassign_doc_id(result: DocResult, doc_id: str) -> None:
    old = result.document.doc_id
    result.document.doc_id = doc_id
    result.within = None  # made under the old id: the batch's linking makes them again
    for rows in result.tables.values():
        for row in rows:
            if getattr(row, "doc_id", None) == old:
                row.doc_id = doc_id


def _dedupe(results: list[DocResult]) -> list[DocResult]:
    """One row per input, each with its own doc_id. Identical bytes under two names of
    one file type convert once (an ``info`` check names the duplicate). Where the bytes
    cannot tell inputs apart otherwise (the same bytes read as another file type, or a
    copy of a file that failed), the id made from the bytes goes to the first input
    that converted (else the first), and the others' ids are made from their paths too.
    """
    ids = [r.document.doc_id for r in results]
    owner: dict[str, DocResult] = {}
    for doc_id, result in zip(ids, results, strict=True):
        held = owner.get(doc_id)
        if held is None or (held.status == "failed" and result.status != "failed"):
            owner[doc_id] = result
    out = []
    for doc_id, result in zip(ids, results, strict=True):
        kept = owner[doc_id]
        doc = result.document
        if result is not kept:
            if (
                doc.status != "failed"
                and kept.status != "failed"
                and doc.extractor == kept.document.extractor
                and doc.sha256 == kept.document.sha256
            ):
                kept.tables.setdefault("checks", []).append(
                    CheckRecord(
                        kept.document.doc_id,
                        "duplicate_input",
                        "info",
                        f"{printable(doc.source)} has the same bytes as "
                        f"{printable(kept.document.source)}; converted once",
                        None,
                        None,
                    )
                )
                continue
            _reassign_doc_id(result, path_sha256(doc.source, doc.sha256)[:12])
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
    max_memory: int | None = DEFAULT_MAX_MEMORY,
) -> BatchResult:
    """Convert ``paths`` (in worker processes, or on Dask) and link the batch.

    ``max_memory`` bounds each conversion's address space in bytes (local executor;
    None: no limit).
    """
    settings = settings or Settings()
    # A stage list that breaks a declared need is refused here, once, not as a failure of
    # every file in the workers.
    check_order(STAGES)
    if cache is not None:
        cache.prune()
    found, todo, ignored = _cache_hits(paths, cache, on_result)
    if todo:
        misses = [paths[i] for i in todo]
        if executor == "dask":
            converted = _run_dask(misses, settings, scheduler, jobs, on_result)
            if cache is not None:  # stored here: the workers may not see this folder
                for result in converted:
                    cache.put(result)
        else:
            converted = _run_isolated(misses, settings, jobs, on_result, cache, max_memory)
        for i, result in zip(todo, converted, strict=True):
            if i in ignored:
                _note_ignored_entry(result, ignored[i])
            found[i] = result
    results = _dedupe(found)  # type: ignore[arg-type]
    # Counted over distinct files (a second copy of the same bytes is dropped above).
    if cache is not None:
        cache.hits = sum(1 for r in results if r.cached)
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


def failure_line(result: DocResult) -> str:
    """The one-line stderr message of a failed file (its name escaped)."""
    doc = result.document
    return f"hplan: failed: {printable(doc.source)}: {printable(doc.error or '')}"
