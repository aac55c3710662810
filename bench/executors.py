"""Parallel runs on one machine, on 80 realistic PDFs, interleaved.

    python bench/executors.py [--rounds 2] [--files 80] [--set DIR]
    python bench/executors.py --compare jobs [--rounds 4]

``--compare executors`` (the default): ``hplan run --jobs 2`` with the local executor
against Dask's (local, dask, dask, local, ...), wall and CPU of the whole process tree
(the conversion workers included, sampled with psutil), that CPU by process (main,
forkserver, each worker) and each Dask run against the local run beside it.

``--compare jobs``: ``hplan run --jobs 1`` against ``--jobs 2`` (1, 2, 2, 1, ...), wall
only (no sampler competing for the two cores), then where the time of each goes: one run
of each through the API with a time stamp per result, the forkserver's preload timed in
a fresh interpreter, and the speed-up those parts allow.

The set: byte-distinct copies of the 15 plan PDFs LibreOffice made from Word layouts
(``tests/fixtures/layouts/``: p000_*, p001_*, nn_*), each with ``%copy N`` appended, in a
temporary folder (or ``--set DIR``). Prints Markdown; nothing here is asserted by tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
PLANS = ("p000", "p001", "nn")
STYLES = ("landscape", "narrow", "numcol", "nynorsk", "titlenum")


def make_set(folder: Path, files: int) -> Path:
    """``files`` byte-distinct copies of the 15 layout PDFs, named NN_<layout>.pdf."""
    sources = [LAYOUTS / f"{plan}_{style}.pdf" for plan in PLANS for style in STYLES]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        source = sources[i % len(sources)]
        (folder / f"{i:02d}_{source.name}").write_bytes(
            source.read_bytes() + f"%copy {i}\n".encode()
        )
    return folder


def run(executor: str, pdfs: Path, out: Path, jobs: int) -> dict:
    sys.path.insert(0, str(ROOT / "bench"))
    from run import run_measured

    cmd = [
        sys.executable, "-m", "hplan.cli", "run", str(pdfs), "--out", str(out),
        "--jobs", str(jobs), "--executor", executor, "--no-cache", "--quiet",
    ]  # fmt: skip
    r = run_measured(cmd, sample_workers=True)
    if r["rc"] != 0:
        raise SystemExit(f"{executor}: exit {r['rc']}: {r['stderr'][-500:]}")
    return r


def _ratios(ones: list[dict], twos: list[dict], what: str = "wall") -> list[float]:
    """Each second run against the first run beside it (pairs 1-2, 3-4, ...): the
    speed of a shared machine drifts over minutes."""
    return [a[what] / b[what] for a, b in zip(ones, twos, strict=True)]


def compare_jobs(pdfs: Path, out: Path, rounds: int, jobs: int) -> None:
    runs: dict[int, list[dict]] = {1: [], jobs: []}
    print("| run | --jobs | wall |\n| --- | --- | --- |")
    sys.path.insert(0, str(ROOT / "bench"))
    from run import run_measured

    for i, n in enumerate([1, jobs, jobs, 1] * rounds, 1):
        cmd = [
            sys.executable, "-m", "hplan.cli", "run", str(pdfs), "--out", str(out),
            "--jobs", str(n), "--no-cache", "--quiet",
        ]  # fmt: skip
        r = run_measured(cmd)
        if r["rc"] != 0:
            raise SystemExit(f"--jobs {n}: exit {r['rc']}: {r['stderr'][-500:]}")
        runs[n].append(r)
        print(f"| {i} | {n} | {r['wall']:.2f} s |", flush=True)
    mean = {n: statistics.mean(r["wall"] for r in rs) for n, rs in runs.items()}
    pairs = _ratios(runs[1], runs[jobs])
    print(
        f"\nmean wall: --jobs 1 {mean[1]:.2f} s, --jobs {jobs} {mean[jobs]:.2f} s: "
        f"{mean[1] / mean[jobs]:.3f}×; pairs beside each other: median "
        f"{statistics.median(pairs):.3f} ({', '.join(f'{r:.2f}' for r in pairs)})"
    )
    phases = {n: _phases(pdfs, out, n) for n in (1, jobs)}
    print(
        "\n| --jobs | to the first worker | conversions | write | whole (in process) "
        "|\n| --- | --- | --- | --- | --- |"
    )
    for n, ph in phases.items():
        print(
            f"| {n} | {ph['start']:.2f} s | {ph['convert']:.2f} s | {ph['write']:.2f} s "
            f"| {ph['whole']:.2f} s |"
        )
    one, more = phases[1], phases[jobs]
    fixed = one["whole"] - one["convert"]  # the same in both: start, preload, write
    ceiling = (fixed + one["convert"]) / (fixed + one["convert"] / jobs)
    print(
        f"\nA fresh interpreter imports what the forkserver preloads in {_preload_s():.2f} s. "
        f"The conversions scale {one['convert'] / more['convert']:.2f}×; {fixed:.2f} s of "
        f"a run does not scale, so with conversions {jobs}× as fast the whole run would "
        f"be about {ceiling:.2f}× as fast."
    )
    print(f"load average at the end: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")


def _phases(pdfs: Path, out: Path, jobs: int) -> dict[str, float]:
    """One ``--jobs`` run through the API, in seconds: to the first worker started (the
    forkserver has preloaded by then), its conversions (to the last result), writing
    the tables, and the whole."""
    code = f"""
import json, threading, time
t0 = time.monotonic()
import hplan
from hplan.output import load_writers
from multiprocessing import popen_forkserver
threading.Thread(target=load_writers, daemon=True).start()  # as hplan run does
started = []
launch = popen_forkserver.Popen._launch
def stamped(self, process):
    launch(self, process)
    started.append(time.monotonic())
popen_forkserver.Popen._launch = stamped
stamps = []
data = hplan.convert_batch({str(pdfs)!r}, jobs={jobs},
                           on_result=lambda r: stamps.append(time.monotonic()))
t1 = time.monotonic()
data.write({str(out)!r})
t2 = time.monotonic()
print(json.dumps({{"start": started[0] - t0, "convert": stamps[-1] - started[0],
                  "write": t2 - t1, "whole": t2 - t0}}))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _preload_s() -> float:
    """Seconds a fresh interpreter takes to import what the forkserver preloads."""
    code = """
import importlib, time
t0 = time.monotonic()
import hplan.batch as batch
for name in batch._forkserver_preload():
    importlib.import_module(name)
print(time.monotonic() - t0)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout)


def _breakdown(by_role: dict[str, list[float]]) -> str:
    """CPU seconds by kind of process: ``main 3.1; forked worker 2 × 17.0`` (each
    process's own figure where there are a few)."""
    parts = []
    for role, values in by_role.items():
        each = (
            " + ".join(f"{v:.1f}" for v in values)
            if len(values) <= 4
            else f"{len(values)} = {sum(values):.1f}"
        )
        parts.append(f"{role} {each}")
    return "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=2, help="pairs of runs per executor")
    ap.add_argument("--files", type=int, default=80)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--set", type=Path, help="folder for the PDF set (kept)")
    ap.add_argument("--compare", choices=("executors", "jobs"), default="executors")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hplan-executors-") as tmp_name:
        tmp = Path(tmp_name)
        pdfs = make_set(args.set or tmp / "pdfs", args.files)
        if args.compare == "jobs":
            compare_jobs(pdfs, tmp / "out", args.rounds, args.jobs)
            return 0
        order = ["local", "dask", "dask", "local"] * args.rounds
        results: dict[str, list[dict]] = {"local": [], "dask": []}
        print(
            "| run | executor | wall | CPU (all processes) | other work on the machine "
            "| CPU by process |"
        )
        print("| --- | --- | --- | --- | --- | --- |")
        for i, executor in enumerate(order, 1):
            r = run(executor, pdfs, tmp / "out", args.jobs)
            results[executor].append(r)
            print(
                f"| {i} | {executor} | {r['wall']:.2f} s | {r['cpu']:.1f} s "
                f"| {r['other_cores']:.2f} cores | {_breakdown(r['cpu_by_role'])} |",
                flush=True,
            )
        local = statistics.mean(r["wall"] for r in results["local"])
        dask = statistics.mean(r["wall"] for r in results["dask"])
        local_cpu = statistics.mean(r["cpu"] for r in results["local"])
        dask_cpu = statistics.mean(r["cpu"] for r in results["dask"])
        print(
            f"\nmean wall: local {local:.2f} s, Dask {dask:.2f} s: Dask / local = "
            f"{dask / local:.3f} (target ≤ 1.10); CPU {local_cpu:.1f} s against {dask_cpu:.1f} s"
        )
        # The speed of a shared machine drifts over minutes, so also each Dask run against
        # the local run beside it (the pairs 1-2, 3-4, ...): the median of those ratios.
        for what in ("cpu", "wall"):
            ratios = _ratios(results["dask"], results["local"], what)
            print(
                f"{what}: Dask / local run beside it, median {statistics.median(ratios):.3f} "
                f"({', '.join(f'{r:.2f}' for r in ratios)})"
            )
        print(f"load average at the end: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
