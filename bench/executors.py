"""The local executor against Dask's on one machine: ``hplan run --jobs 2`` on 80 realistic
PDFs, runs interleaved (local, dask, dask, local, ...), wall and CPU of the whole process
tree (the conversion workers included, sampled with psutil), that CPU by process (main,
forkserver, each worker) and each Dask run against the local run beside it.

    python bench/executors.py [--rounds 2] [--files 80] [--set DIR]

The set: byte-distinct copies of the 15 plan PDFs LibreOffice made from Word layouts
(``tests/fixtures/layouts/``: p000_*, p001_*, nn_*), each with ``%copy N`` appended, in a
temporary folder (or ``--set DIR``). Prints Markdown; nothing here is asserted by tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
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
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hplan-executors-") as tmp_name:
        tmp = Path(tmp_name)
        pdfs = make_set(args.set or tmp / "pdfs", args.files)
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
        pairs = list(zip(results["local"], results["dask"], strict=True))
        for what in ("cpu", "wall"):
            ratios = [d[what] / loc[what] for loc, d in pairs]
            print(
                f"{what}: Dask / local run beside it, median {statistics.median(ratios):.3f} "
                f"({', '.join(f'{r:.2f}' for r in ratios)})"
            )
        print(f"load average at the end: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
