"""Cost against size: ``hplan run`` on text dumps of 1, 4, 16, 64 MB and PDFs of 40, 200,
800 pages, time and peak memory (whole process, ``/usr/bin/time``).

    python bench/scale.py [--text 1 4 16 64] [--pages 40 200 800] [--nice]
    python bench/scale.py --profile 1 4      # cProfile of the conversion, in process
    python bench/scale.py --one-file 3       # a one-file run of a short text, 3 times:
                                             # peak RSS of the main process and the worker

The dumps repeat the corpus texts (data/raw, in name order) up to the size, cut at a line
end; the PDFs repeat the pages of a realistic layout PDF (tests/fixtures/layouts/
p000_nynorsk.pdf, ruled tables on about a quarter of its pages). Each file is one
document: one run per size, ``--jobs 1 --no-cache``, no memory or time limit. Prints
Markdown; nothing here is asserted by the tests. Needs psutil.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = ROOT / "tests" / "fixtures" / "layouts" / "p000_nynorsk.pdf"
MB = 1_000_000


def make_dump(path: Path, megabytes: float) -> Path:
    text = b"".join(p.read_bytes() for p in sorted((ROOT / "data" / "raw").glob("*.txt")))
    size = int(megabytes * MB)
    data = text * (size // len(text) + 1)
    path.write_bytes(data[: data.rindex(b"\n", 0, size) + 1])
    return path


def make_pdf(path: Path, pages: int) -> Path:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(LAYOUT)
    out = pdfium.PdfDocument.new()
    try:
        out.import_pages(src, pages=[i % len(src) for i in range(pages)])
        out.save(path)
    finally:
        out.close()
        src.close()
    return path


def run(path: Path, out: Path, nice: bool) -> dict[str, float | str]:
    """Whole-process wall and CPU, and the peak RSS of the largest process (sampled with
    psutil, bench/run.py's run_measured, and wait4's high-water mark: a single file's
    worker is a child of the run; a batch's are children of the forkserver)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from run import run_measured

    cmd = [
        *(["nice", "-n", "19"] if nice else []),
        sys.executable, "-m", "hplan.cli", "run", str(path), "--out", str(out),
        "--jobs", "1", "--no-cache", "--quiet", "--max-memory", "0", "--timeout", "0",
    ]  # fmt: skip
    r = run_measured(cmd, sample_workers=True)
    peak = max([r["main_peak_mb"], *r["worker_peaks_mb"], r["maxrss_mb"]])
    status = "ok" if r["rc"] == 0 else f"exit {r['rc']}"
    return {"wall": r["wall"], "cpu": r["cpu"], "rss_mb": peak, "status": status}


SHORT_TEXT = ROOT / "data" / "raw" / "004_c8cad245d7ea5ae6.txt"


def one_file(runs: int, out: Path) -> None:
    """``hplan run`` on one short text (the corpus's 004, a case of 2 kB), as a user runs
    it: the main process's and each child's sampled peak RSS, and wait4's high-water
    mark (the largest of the run and the children it reaped, exact)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from run import run_measured

    print("| run | CPU | wall | main process | other processes (sampled) | wait4 max |")
    print("| --- | --- | --- | --- | --- | --- |")
    for i in range(1, runs + 1):
        cmd = [sys.executable, "-m", "hplan.cli", "run", str(SHORT_TEXT), "--out", str(out)]
        r = run_measured([*cmd, "--no-cache", "--quiet", "--jobs", "1"], sample_workers=True)
        others = ", ".join(f"{mb:.0f}" for mb in r["worker_peaks_mb"])
        print(
            f"| {i} | {r['cpu']:.2f} s | {r['wall']:.2f} s | {r['main_peak_mb']:.0f} MB "
            f"| {others} MB | {r['maxrss_mb']:.0f} MB |",
            flush=True,
        )


def profile(paths: list[Path], top: int = 12) -> None:
    from hplan.extract.pipeline import process

    process(ROOT / "data" / "raw" / sorted(os.listdir(ROOT / "data" / "raw"))[-1])  # imports
    for path in paths:
        prof = cProfile.Profile(time.process_time)
        t0 = time.process_time()
        prof.enable()
        process(path)
        prof.disable()
        print(f"\n{path.name}: {time.process_time() - t0:.2f} s CPU (under cProfile)\n")
        pstats.Stats(prof).sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--text", type=float, nargs="*", default=[1, 4, 16, 64])
    ap.add_argument("--pages", type=int, nargs="*", default=[40, 200, 800])
    ap.add_argument("--nice", action="store_true", help="run at nice 19 (shared machines)")
    ap.add_argument("--profile", type=float, nargs="*", help="cProfile these dump sizes (MB)")
    ap.add_argument("--one-file", type=int, metavar="RUNS", help="one short text, RUNS times")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hplan-scale-") as tmp_name:
        tmp = Path(tmp_name)
        if args.one_file:
            one_file(args.one_file, tmp / "out")
            return 0
        if args.profile:
            profile([make_dump(tmp / f"dump_{mb:g}mb.txt", mb) for mb in args.profile])
            return 0
        print("| input | size | wall | CPU | peak RSS | per unit | status |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for mb in args.text:
            path = make_dump(tmp / f"dump_{mb:g}mb.txt", mb)
            r = run(path, tmp / "out", args.nice)
            size = path.stat().st_size / MB
            print(
                f"| text dump | {size:.1f} MB | {r['wall']:.1f} s | {r['cpu']:.1f} s "
                f"| {r['rss_mb']:.0f} MB | {r['cpu'] / size:.2f} s/MB | {r['status']} |",
                flush=True,
            )
        for pages in args.pages:
            path = make_pdf(tmp / f"pages_{pages}.pdf", pages)
            r = run(path, tmp / "out", args.nice)
            print(
                f"| PDF | {pages} pages | {r['wall']:.1f} s | {r['cpu']:.1f} s "
                f"| {r['rss_mb']:.0f} MB | {r['cpu'] / pages * 1000:.0f} ms/page | {r['status']} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
