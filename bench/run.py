"""Measure conversion speed and memory; print a Markdown table (figure, baseline, ratio).

    python bench/make_corpus.py          # once: bench/out/corpus/, bench/out/big/
    python bench/run.py [--baseline-files N | --full-baseline] [--out bench/out/results.md]

Measured (wall clock, this machine; nothing here is asserted by the tests):

* ``hplan run`` over the corpus PDFs as a subprocess (whole process: start-up, imports,
  conversion, linking, writing CSV/Parquet/DuckDB) with ``--jobs 1`` and with two
  processes on the Dask executor, and ``--jobs 2`` against ``--jobs 1`` on 80 of the
  files (see main() for why), against a plain pdfplumber pass in one process
  (``extract_text`` and ``find_tables`` on every page, each page closed as it goes).
  The pdfplumber pass is slow, so by default it reads every 4th file (half of them
  copies of 000, half of 001, as in the corpus) and its time is scaled to the whole
  corpus; ``--full-baseline`` reads all of them.
* The floor: pypdfium2 text extraction of every page of the corpus PDFs, per page.
* Text dumps: conversion throughput in MB/s in one process after start-up (imports and
  a warm-up pass excluded), the corpus dumps converted over and over.
* Peak memory (RSS) per conversion worker: each ``--jobs 2`` worker on the corpus and
  the worker that converts one 400-page PDF (``bench/out/big/000x10.pdf``), sampled
  with psutil every 50 ms, beside the plain pdfplumber pass's high-water mark on that
  PDF; and the main process's (which links the batch and writes the tables; with
  ``--jobs 1`` it also converts): wait4's ru_maxrss, or sampled.
* ``hplan --help`` wall time (median of 5).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CORPUS = OUT / "corpus"
BIG = OUT / "big" / "000x10.pdf"

TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}


# --- worker modes (run in their own process) ------------------------------------------


def plumber_pass(paths: list[str]) -> int:
    """The plain pdfplumber pass: extract_text and find_tables on every page; the pages."""
    import pdfplumber

    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                try:
                    page.extract_text()
                    page.find_tables(TABLE_SETTINGS)
                    pages += 1
                finally:
                    page.close()
    return pages


def baseline_pass(list_file: str) -> None:
    """:func:`plumber_pass` over the files listed in ``list_file``; prints the pages."""
    print(plumber_pass(Path(list_file).read_text().splitlines()))


# --- helpers ----------------------------------------------------------------------------


def run_measured(
    cmd: list[str], sample_workers: bool = False, timeout: float | None = None
) -> dict:
    """Run ``cmd``; wall time, exit code, the RSS high-water mark of the process tree
    (wait4's ru_maxrss: the largest single process) and, with ``sample_workers``, each
    descendant's sampled peak RSS."""
    started = time.perf_counter()
    busy_before = _busy_cpu_s()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peaks: dict[int, int] = {}
    cpu: dict[int, float] = {}  # last CPU seconds seen per process of the tree
    roles: dict[int, str] = {}  # what each process of the tree is (its command line)
    stop = threading.Event()
    sampler = None
    if sample_workers:
        try:
            import psutil
        except ImportError:  # pragma: no cover - psutil is optional
            psutil = None
        if psutil is not None:

            def sample() -> None:
                try:
                    parent = psutil.Process(proc.pid)
                except psutil.Error:
                    return
                while not stop.is_set():
                    try:
                        for child in [parent, *parent.children(recursive=True)]:
                            try:
                                rss = child.memory_info().rss
                                times = child.cpu_times()
                            except psutil.Error:
                                continue
                            peaks[child.pid] = max(peaks.get(child.pid, 0), rss)
                            cpu[child.pid] = times.user + times.system
                            if child.pid not in roles:
                                with contextlib.suppress(psutil.Error):
                                    roles[child.pid] = _role(
                                        child.cmdline(), child.ppid(), proc.pid
                                    )
                    except psutil.Error:
                        pass
                    stop.wait(0.05)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
    # Read the pipes while waiting (a full pipe would block the child).
    out_chunks: list[str] = []
    err_chunks: list[str] = []
    readers = [
        threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()), daemon=True),
        threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True),
    ]
    for r in readers:
        r.start()
    timed_out = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG if timeout is not None else 0)
        if pid:
            break
        if time.perf_counter() - started > timeout:
            timed_out = True
            _kill_tree(proc.pid)
            timeout = None  # now wait for it to go
        else:
            time.sleep(0.05)
    wall = time.perf_counter() - started
    # CPU the rest of the machine used meanwhile: all busy time less our process tree's
    # (wait4's, or with sampling the sum over every process seen: a worker pool's
    # processes are not always reaped into the tree's rusage), less this sampler's.
    ours = usage.ru_utime + usage.ru_stime
    if cpu:
        ours = max(ours, sum(cpu.values()))
    other = _busy_cpu_s() - busy_before - ours - (0.02 * wall if sample_workers else 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    for r in readers:
        r.join()
    if sampler:
        sampler.join()
    return {
        "wall": wall,
        "cpu": ours,
        "rc": proc.returncode,
        "timed_out": timed_out,
        "other_cores": max(0.0, other / wall) if wall else 0.0,
        "maxrss_mb": usage.ru_maxrss / 1024,  # Linux: kilobytes
        # The main process's sampled peak, and its descendants' (workers; with
        # --jobs N also the small forkserver process), largest first.
        "main_peak_mb": peaks.get(proc.pid, 0) / 2**20,
        "worker_peaks_mb": sorted(
            (v / 2**20 for pid, v in peaks.items() if pid != proc.pid), reverse=True
        ),
        # CPU seconds by kind of process (main, forkserver, worker, ...), summed.
        "cpu_by_role": _by_role(cpu, roles, proc.pid),
        "stdout": "".join(out_chunks),
        "stderr": "".join(err_chunks),
    }


def _role(cmdline: list[str], ppid: int, main: int) -> str:
    """A short name for a process of the tree: the forkserver, a worker forked from it
    (same command line, another parent), a spawned worker, multiprocessing's resource
    tracker."""
    line = " ".join(cmdline)
    if "resource_tracker" in line:
        return "resource tracker"
    if "forkserver" in line:
        return "forkserver" if ppid == main else "forked worker"
    if "spawn_main" in line:
        return "spawned worker"
    return "other"


def _by_role(cpu: dict[int, float], roles: dict[int, str], main: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for pid, seconds in cpu.items():
        role = "main" if pid == main else roles.get(pid, "other")
        out.setdefault(role, []).append(seconds)
    return {role: sorted(values, reverse=True) for role, values in sorted(out.items())}


def _busy_cpu_s() -> float:
    """Seconds of CPU the whole machine has been busy (/proc/stat), 0 where unknown."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _kill_tree(pid: int) -> None:
    """End the process ``pid`` we started and its descendants, by their ids."""
    try:
        import psutil

        children = psutil.Process(pid).children(recursive=True)
    except Exception:
        children = []
    for child in children:
        with contextlib.suppress(Exception):
            child.kill()
    os.kill(pid, 9)


def hplan_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "hplan.cli", *args]


def hplan_run(
    inputs: list[str],
    out: Path,
    jobs: int,
    sample: bool = False,
    extra: tuple[str, ...] = (),
    timeout: float | None = None,
) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    cache = ("--no-cache",) if "--no-cache" in _run_help() else ()
    cmd = hplan_cmd("run", *inputs, "--out", str(out), "--jobs", str(jobs), "--quiet")
    result = run_measured([*cmd, *cache, *extra], sample_workers=sample, timeout=timeout)
    if result.get("timed_out"):
        result["error"] = f"killed after {timeout:.0f} s without finishing"
    elif result["rc"] != 0:
        tail = result["stderr"].strip().splitlines()[-1:] or ["(no stderr)"]
        result["error"] = f"exit {result['rc']}: {tail[0][:160]}"
    return result


_HELP: list[str] = []


def _run_help() -> str:
    if not _HELP:
        _HELP.append(
            subprocess.run(
                hplan_cmd("run", "--help"), cwd=ROOT, capture_output=True, text=True
            ).stdout
        )
    return _HELP[0]


def floor_per_page(pdfs: list[Path]) -> tuple[float, int]:
    """pypdfium2 text extraction of every page: (ms per page, pages)."""
    import pypdfium2 as pdfium

    pages = 0
    started = time.perf_counter()
    for path in pdfs:
        pdf = pdfium.PdfDocument(path)
        try:
            for i in range(len(pdf)):
                page = pdf[i]
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
                page.close()
                pages += 1
        finally:
            pdf.close()
    return (time.perf_counter() - started) / pages * 1000, pages


def fast_engine_per_page(pdfs: list[Path]) -> dict[str, float]:
    """In-process ingest (no stages) of one copy of each plan: ms per page by kind."""
    sys.path.insert(0, str(ROOT))
    from hplan.extract.ingest import load_document

    out = {}
    for path in pdfs:
        load_document(path)  # warm-up: imports, fonts
        started = time.perf_counter()
        doc = load_document(path)
        elapsed = time.perf_counter() - started
        out[path.name[:3]] = (elapsed, doc.n_pages, len(doc.annotations["pdfplumber_pages"]))
    return out


def text_throughput(seconds: float = 10.0) -> tuple[float, int, float]:
    """MB/s converting the corpus text dumps in this process after a warm-up pass."""
    sys.path.insert(0, str(ROOT))
    from hplan.extract.pipeline import convert

    files = sorted((CORPUS / "text").glob("*.txt"))
    size = sum(f.stat().st_size for f in files)
    for f in files:  # warm-up: lazy imports of the stages, regex compilation
        convert(f)
    passes = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for f in files:
            convert(f)
        passes += 1
    elapsed = time.perf_counter() - started
    return size * passes / elapsed / 1e6, passes, size / 1e6


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import pdfplumber

    try:
        from pypdfium2.version import PDFIUM_INFO, PYPDFIUM_INFO
    except ImportError:  # pragma: no cover - older pypdfium2
        PDFIUM_INFO = PYPDFIUM_INFO = "?"
    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "pdfplumber": pdfplumber.__version__,
        "pypdfium2": str(PYPDFIUM_INFO),
        "pdfium": str(PDFIUM_INFO),
    }


# --- main ---------------------------------------------------------------------------------


def fmt_ratio(ours: float, base: float, higher_is_better: bool = False) -> str:
    if not ours or not base:
        return "–"
    return f"{(ours / base if higher_is_better else base / ours):.2f}×"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline-files", type=int, default=0, help="files for pdfplumber")
    parser.add_argument("--full-baseline", action="store_true", help="pdfplumber on all files")
    parser.add_argument("--out", type=Path, default=OUT / "results.md")
    args = parser.parse_args(argv)

    pdfs = sorted((CORPUS / "pdf").glob("*.pdf"))
    if len(pdfs) < 2 or not BIG.exists():
        print("run bench/make_corpus.py first", file=sys.stderr)
        return 2
    n = len(pdfs)
    if args.full_baseline:
        sample = pdfs
    else:
        k = args.baseline_files or max(2, n // 4)
        step = max(1, n // k)
        sample = pdfs[::step][:k]
    mb = sum(p.stat().st_size for p in pdfs) / 1e6
    info = machine()
    print(f"# hplan benchmark: {n} PDFs ({mb:.1f} MB), {info['date']}", file=sys.stderr)
    started = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {msg}", file=sys.stderr, flush=True)

    rows: list[tuple[str, str, str, str, str, str]] = []
    results: dict[str, object] = {}

    # 1. hplan run on the PDFs: --jobs 1, and two processes with the Dask executor (a
    # LocalCluster of 2 workers). The local --jobs 2 executor recycles its workers with
    # ProcessPoolExecutor(max_tasks_per_child=50), which deadlocks on Python 3.11-3.13
    # once a worker reaches the limit with files still queued (CPython gh-115634): it is
    # measured on the first 40 copies of each plan (80 files, ~40 per worker), against
    # --jobs 1 on the same files, and stopped if it hangs.
    subset = [p for p in pdfs if p.name.startswith("000")][:40] + [
        p for p in pdfs if p.name.startswith("001")
    ][:40]
    sub_dir = OUT / "corpus_subset"
    shutil.rmtree(sub_dir, ignore_errors=True)
    sub_dir.mkdir(parents=True)
    for p in subset:
        os.symlink(p, sub_dir / p.name)
    log("hplan run --jobs 1")
    j1 = hplan_run([str(CORPUS / "pdf")], OUT / "run_jobs1", 1)
    log(f"  {j1['wall']:.1f} s {j1.get('error', '')}")
    log("hplan run --jobs 2 --executor dask")
    jd = hplan_run(
        [str(CORPUS / "pdf")], OUT / "run_dask2", 2, extra=("--executor", "dask"), timeout=900
    )
    log(f"  {jd['wall']:.1f} s {jd.get('error', '')}")
    log(f"hplan run --jobs 1, {len(subset)} files")
    s1 = hplan_run([str(sub_dir)], OUT / "run_sub_jobs1", 1)
    log(f"  {s1['wall']:.1f} s {s1.get('error', '')}")
    log(f"hplan run --jobs 2, {len(subset)} files")
    j2 = hplan_run([str(sub_dir)], OUT / "run_sub_jobs2", 2, sample=True, timeout=2 * s1["wall"])
    log(f"  {j2['wall']:.1f} s {j2.get('error', '')}")

    # 2. the plain pdfplumber pass
    log(f"plain pdfplumber pass over {len(sample)} of {n} PDFs")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write("\n".join(str(p) for p in sample))
        list_file = fh.name
    try:
        base = run_measured([sys.executable, __file__, "--_baseline", list_file])
    finally:
        os.unlink(list_file)
    base_wall = base["wall"] * n / len(sample)
    if base.get("other_cores", 0) >= 0.1:
        log(f"  (other processes used {base['other_cores']:.1f} cores meanwhile)")
    log(f"  {base['wall']:.1f} s for {len(sample)} → {base_wall:.1f} s for {n}")

    # 3. the floor and the fast engine's own pages
    log("pypdfium2 floor")
    floor_ms, floor_pages = floor_per_page(pdfs)
    per_doc = fast_engine_per_page([pdfs[0], pdfs[-1]])

    # 4. text dumps
    log("text dump throughput")
    text_mbs, passes, text_mb = text_throughput()

    # 5. the big PDF, in a --jobs 2 worker (with a small text file beside it, so the batch
    # has two files and runs in worker processes, not in the main process)
    log("400-page PDF: hplan run --jobs 2 (the PDF in one worker)")
    big = hplan_run(
        [str(BIG), str(sorted((CORPUS / "text").glob("*.txt"))[-1])],
        OUT / "run_big",
        2,
        sample=True,
    )
    log(f"  {big['wall']:.1f} s, workers {big['worker_peaks_mb'][:2]} MB {big.get('error', '')}")
    log("400-page PDF: plain pdfplumber pass")
    big_list = OUT / "big_list.txt"
    big_list.write_text(str(BIG))
    big_base = run_measured([sys.executable, __file__, "--_baseline", str(big_list)])
    log(f"  {big_base['wall']:.1f} s, {big_base['maxrss_mb']:.0f} MB")

    # 6. --help
    helps = [run_measured(hplan_cmd("--help"))["wall"] for _ in range(5)]
    help_s = statistics.median(helps)

    # --- the table
    def seconds(r: dict) -> str:
        note = [r["error"]] if r.get("error") else []
        if r.get("other_cores", 0) >= 0.1:
            note.append(f"other processes used {r['other_cores']:.1f} cores meanwhile")
        return f"{r['wall']:.1f} s" + (f" ({'; '.join(note)})" if note else "")

    base_note = f"{base_wall:.1f} s" + (
        ""
        if len(sample) == n
        else f" ({base['wall']:.1f} s for {len(sample)} files, ×{n / len(sample):.0f})"
    )
    if base.get("other_cores", 0) >= 0.1:
        base_note += f" (other processes used {base['other_cores']:.1f} cores meanwhile)"
    r1 = base_wall / j1["wall"]
    rd = base_wall / jd["wall"]
    rows.append(
        (
            f"`hplan run --jobs 1`, {n} PDFs, whole process",
            seconds(j1),
            f"pdfplumber pass, 1 process: {base_note}",
            f"{r1:.2f}×",
            "≥ 2.5×",
            _met(r1 >= 2.5),
        )
    )
    rows.append(
        (
            f"`hplan run --jobs 2 --executor dask`, {n} PDFs, whole process",
            seconds(jd),
            f"pdfplumber pass, 1 process: {base_note}",
            f"{rd:.2f}×",
            "–",
            "–",
        )
    )
    speedup_dask = j1["wall"] / jd["wall"]
    rows.append(
        (
            f"2 processes vs 1: Dask `--jobs 2` vs `--jobs 1`, {n} PDFs",
            f"{jd['wall']:.1f} s",
            f"{j1['wall']:.1f} s",
            f"{speedup_dask:.2f}×",
            "≥ 1.8×",
            _met(speedup_dask >= 1.8 and not jd.get("timed_out")),
        )
    )
    speedup = s1["wall"] / j2["wall"]
    rows.append(
        (
            f"`--jobs 2` vs `--jobs 1` (local executor), {len(subset)} PDFs",
            seconds(j2),
            seconds(s1),
            f"{speedup:.2f}×",
            "≥ 1.8×",
            _met(speedup >= 1.8 and not j2.get("timed_out")),
        )
    )
    pages_total = floor_pages
    ours_ms = j1["wall"] / pages_total * 1000
    rows.append(
        (
            "per page, whole process (`--jobs 1`)",
            f"{ours_ms:.1f} ms",
            f"pdfplumber pass: {base_wall / pages_total * 1000:.1f} ms",
            fmt_ratio(ours_ms, base_wall / pages_total * 1000),
            "–",
            "–",
        )
    )
    rows.append(
        (
            "pypdfium2 text extraction, every page (the floor)",
            f"{floor_ms:.2f} ms/page",
            f"{floor_pages} pages",
            "–",
            "≈ 1–3 ms",
            _met(floor_ms <= 3),
        )
    )
    for prefix, (elapsed, n_pages, plumbed) in sorted(per_doc.items()):
        rows.append(
            (
                f"ingest only, {prefix} ({n_pages} pages, {plumbed} to pdfplumber)",
                f"{elapsed * 1000 / n_pages:.1f} ms/page",
                f"floor {floor_ms:.2f} ms/page",
                f"{elapsed * 1000 / n_pages / floor_ms:.1f}× floor",
                "–",
                "–",
            )
        )
    rows.append(
        (
            "text dumps, 1 process after start-up",
            f"{text_mbs:.2f} MB/s",
            f"{passes} passes over {text_mb:.2f} MB",
            "–",
            "≥ 1 MB/s",
            _met(text_mbs >= 1),
        )
    )

    def peaks(r: dict) -> list[float]:
        # conversion workers: the forkserver (a few MB) is not one
        return [p for p in r["worker_peaks_mb"] if p > 40]

    w2 = peaks(j2)
    wbig = peaks(big)
    rows.append(
        (
            f"peak RSS per conversion worker, `--jobs 2`, {len(subset)} PDFs (sampled)",
            ", ".join(f"{p:.0f}" for p in w2) + " MB" if w2 else "n/a",
            "–",
            "–",
            "< 300 MB",
            _met(bool(w2) and max(w2) < 300),
        )
    )
    rows.append(
        (
            "peak RSS, 400-page PDF, its `--jobs 2` worker (sampled)",
            f"{max(wbig):.0f} MB" if wbig else "n/a",
            f"pdfplumber pass: {big_base['maxrss_mb']:.0f} MB",
            "–",
            "< 300 MB",
            _met(bool(wbig) and max(wbig) < 300),
        )
    )
    rows.append(
        (
            "400-page PDF, time (`--jobs 2`, whole process)",
            seconds(big),
            f"pdfplumber pass: {big_base['wall']:.1f} s",
            f"{big_base['wall'] / big['wall']:.2f}×",
            "–",
            "–",
        )
    )
    rows.append(
        (
            "peak RSS, main process (links the batch, writes the tables)",
            f"`--jobs 1` (converts too): {j1['maxrss_mb']:.0f} MB; `--jobs 2` ({len(subset)}): "
            f"{j2['main_peak_mb']:.0f} MB; 400-page run: {big['main_peak_mb']:.0f} MB",
            "–",
            "–",
            "(per worker)",
            "–",
        )
    )
    rows.append(("`hplan --help`", f"{help_s * 1000:.0f} ms", "–", "–", "< 1 s", _met(help_s < 1)))

    lines = [
        f"Machine: {info['nproc']} × {info['cpu']}; load average at start {info['load']}; "
        f"Python {info['python']}, pdfplumber {info['pdfplumber']}, pypdfium2 "
        f"{info['pypdfium2']} (PDFium {info['pdfium']}); {info['date']}.",
        f"Corpus: {n} PDFs ({mb:.1f} MB, {pages_total} pages: copies of 000 and 001 "
        "rendered by tests/pdf_fixtures), the 5 corpus text dumps, one 400-page PDF.",
        "",
        "| Measure | hplan | Baseline | Ratio | Target | Met |",
        "| --- | --- | --- | --- | --- | --- |",
        *[f"| {' | '.join(r)} |" for r in rows],
    ]
    text = "\n".join(lines)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n")
    log(f"done; table also in {args.out}")
    results["rows"] = rows
    return 0


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--_baseline":
        baseline_pass(sys.argv[2])
        raise SystemExit(0)
    raise SystemExit(main())
