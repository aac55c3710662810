"""hplan against a plain pdfplumber pass on realistic plan PDFs, in one run, interleaved.

    python bench/pdf_compare.py [--rounds 2] [--copies 1] [--profile]
    python bench/pdf_compare.py --copies 5 --jobs-compare --skip-in-process --skip-whole

The set: the plan PDFs LibreOffice made from Word layouts (``tests/fixtures/layouts/*.pdf``,
the scan left out) and the benchmark's own rendering of corpus plans 000 and 001
(``tests/pdf_fixtures.plan_pdf_from_text``), each ``--copies`` times (byte-distinct
copies, so no cache can hit). Measured, CPU (user + system) and wall:

* **whole process**: ``hplan run --jobs 1 --no-cache`` over the set against one
  process doing ``extract_text`` + ``find_tables`` on every page with pdfplumber, the
  two alternated in each round (A B, then B A) so load on the shared machine falls on
  both;
* **in process, per page**: hplan's PDF ingest (``load_document``), the pdfplumber pass
  and PDFium's floor (``get_textpage`` + ``get_text_range`` on every page), file by
  file, alternated; hplan's text pages and table pages apart;
* **text pages against PDFium's floor**: per page without a ruled table, hplan's
  ``pdf_fast.read_page`` against the floor on the same page (CPU, alternated page by
  page); with ``--text-pages-baseline FILE`` also another version of
  ``extract/pdf_fast.py`` (``git show REV:extract/pdf_fast.py > FILE``), in the same run;
* with ``--profile``: each stage's CPU over ``extract.pipeline.process`` of the set
  (ingest split into PDFium pages, pdfplumber pages and table building).

Prints Markdown; nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]

from run import plumber_pass  # noqa: E402  (bench/ is on sys.path from here on)


def floor_pass(paths: list[str]) -> int:
    """PDFium's floor: a page's text page and its text, nothing else (bench/run.py's
    floor_per_page); the pages read."""
    from run import floor_per_page

    return floor_per_page([Path(p) for p in paths])[1]


def make_set(folder: Path, copies: int) -> list[Path]:
    """The layout PDFs and the bench's 000/001 renderings, ``copies`` byte-distinct times."""
    from pdf_fixtures import plan_pdf_from_text

    masters = sorted(p for p in LAYOUTS.glob("*.pdf") if not p.name.startswith("scan"))
    for prefix in ("000", "001"):
        text = next((ROOT / "data" / "raw").glob(f"{prefix}_*.txt"))
        master = folder / "masters" / f"bench_{prefix}.pdf"
        master.parent.mkdir(parents=True, exist_ok=True)
        if not master.exists():
            plan_pdf_from_text(text, master)
        masters.append(master)
    out = []
    for k in range(copies):
        for src in masters:
            dst = folder / "set" / f"{src.stem}_{k}.pdf"
            dst.parent.mkdir(parents=True, exist_ok=True)
            # A comment after %%EOF: the same PDF, other bytes (other SHA-256).
            dst.write_bytes(src.read_bytes() + f"\n% copy {k}\n".encode())
            out.append(dst)
    return out


def run_child(cmd: list[str]) -> tuple[float, float]:
    """(CPU, wall) of a child process and its workers, which must succeed. hplan's
    conversion workers are children of a forkserver, not of ``hplan run``: their CPU
    is sampled (bench/run.py's run_measured)."""
    from run import run_measured

    result = run_measured(cmd, sample_workers=True)
    if result["rc"] != 0:
        raise SystemExit(f"{cmd[:4]} failed: {result['stderr'].strip()[-300:]}")
    return result["cpu"], result["wall"]


def whole_process(paths: list[Path], rounds: int, tmp: Path) -> dict[str, list[tuple]]:
    listing = tmp / "files.txt"
    listing.write_text("\n".join(map(str, paths)))
    hplan = [
        sys.executable, "-m", "hplan.cli", "run", *map(str, paths),
        "--out", str(tmp / "out"), "--jobs", "1", "--no-cache", "--quiet",
    ]  # fmt: skip
    plumber = [sys.executable, __file__, "--plumber-pass", str(listing)]
    runs: dict[str, list[tuple]] = {"hplan": [], "plumber": []}
    for r in range(rounds):
        order = [("hplan", hplan), ("plumber", plumber)]
        for name, cmd in order if r % 2 == 0 else order[::-1]:
            runs[name].append(run_child(cmd))
    return runs


def jobs_compare(paths: list[Path], rounds: int, tmp: Path) -> dict[str, list[tuple]]:
    """``hplan run --jobs 1`` against ``--jobs 2`` (and ``--jobs 2 --executor dask`` when
    Dask is installed) on the same files, alternated: (CPU, wall) per run."""
    import importlib.util

    base = [sys.executable, "-m", "hplan.cli", "run", *map(str, paths), "--no-cache", "--quiet"]
    variants = {"1": ["--jobs", "1"], "2": ["--jobs", "2"]}
    if importlib.util.find_spec("distributed") is not None:
        variants["2 dask"] = ["--jobs", "2", "--executor", "dask"]
    runs: dict[str, list[tuple]] = {name: [] for name in variants}
    for r in range(rounds):
        order = list(variants.items())
        for name, extra in order if r % 2 == 0 else order[::-1]:
            runs[name].append(run_child([*base, "--out", str(tmp / f"jobs{r}"), *extra]))
    return runs


def in_process(paths: list[Path]) -> dict[str, float]:
    """Per file, alternating: hplan's ingest, the pdfplumber pass, PDFium's floor (CPU)."""
    from hplan.extract.ingest import load_document

    load_document(paths[0])  # imports, fonts
    totals = dict.fromkeys(("hplan", "plumber", "floor", "pages", "table_pages"), 0.0)
    plumber_pages = 0
    for k, path in enumerate(paths):
        steps = [("hplan", None), ("plumber", plumber_pass), ("floor", floor_pass)]
        for name, fn in steps if k % 2 == 0 else steps[::-1]:
            t0 = time.process_time()
            if fn is None:
                doc = load_document(path)
            else:
                fn([str(path)])
            totals[name] += time.process_time() - t0
        totals["pages"] += doc.n_pages
        totals["table_pages"] += sum(1 for p in doc.pages if p.tables)
        plumber_pages += len(doc.annotations.get("pdfplumber_pages", []))
    totals["plumber_read_pages"] = plumber_pages
    return totals


def text_pages(
    paths: list[Path], baseline: Path | None = None, without_c: bool = False
) -> dict[str, float]:
    """CPU per reader over the pages without a ruled table: ``read_page`` (and the
    baseline's; with ``without_c`` also hplan's as read without its C loop, as on an
    install without a compiler), PDFium's floor on the same page (page, text page, its
    text); the order turns page by page. Keys: the readers' seconds, ``pages``, ``bulk``
    (pages the bulk reading took)."""
    import importlib.util

    import pypdfium2 as pdfium
    from hplan.extract import pdf_fast
    from hplan.extract.settings import Settings

    readers = {"hplan": pdf_fast}
    if baseline is not None:
        spec = importlib.util.spec_from_file_location("pdf_fast_baseline", baseline)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules[module.__name__] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        readers["baseline"] = module
    if without_c:
        readers["ctypes"] = pdf_fast
    settings = Settings().table_settings
    totals = dict.fromkeys([*readers, "floor", "pages", "bulk"], 0.0)
    page_text = pdf_fast._page_text
    taken = []

    def counted(*args):
        result = page_text(*args)
        taken.append(result is not pdf_fast._BY_CHARACTER)
        return result

    pdf_fast._page_text = counted
    try:
        for path in paths:
            data = path.read_bytes()
            descents = pdf_fast.font_descents(data)
            docs = {name: module.open_pdf(data) for name, module in readers.items()}
            floor_doc = pdfium.PdfDocument(data)
            for index in range(len(floor_doc)):
                steps = [*readers, "floor"]
                if index % 2:
                    steps.reverse()
                spent, ruled = {}, False
                for name in steps:
                    t0 = time.process_time()
                    if name == "floor":
                        page = floor_doc[index]
                        textpage = page.get_textpage()
                        textpage.get_text_range()
                        textpage.close()
                        page.close()
                    else:
                        loop = pdf_fast.without_c_loop() if name == "ctypes" else nullcontext()
                        with loop:
                            fast = readers[name].read_page(docs[name], index, settings, descents)
                        ruled = ruled or fast.ruled
                    spent[name] = time.process_time() - t0
                if ruled:
                    continue
                for name, secs in spent.items():
                    totals[name] += secs
                totals["pages"] += 1
                totals["bulk"] += taken[0] if taken else 0
                taken.clear()
            floor_doc.close()
            for name, module in readers.items():
                module.close_pdf(docs[name])
    finally:
        pdf_fast._page_text = page_text
    return totals


# (label, module, function): timed per call (process CPU) by wrapping the function, so the
# figures are not inflated by cProfile's cost per Python call (which quadruples the
# PDFium path, a loop over characters). Nested entries are part of the one above.
STAGE_ROWS = [
    ("ingest (load_document)", "hplan.extract.pipeline", "load_document"),
    ("  PDFium pages (pdf_fast._read_page)", "hplan.extract.pdf_fast", "_read_page"),
    ("    characters in bulk (_page_text)", "hplan.extract.pdf_fast", "_page_text"),
    ("    lines in bulk (text_to_lines)", "hplan.extract.pdf_fast", "text_to_lines"),
    ("    characters one by one (_page_chars)", "hplan.extract.pdf_fast", "_page_chars"),
    ("    lines one by one (chars_to_lines)", "hplan.extract.pdf_fast", "chars_to_lines"),
    ("    table finding (_find_tables)", "hplan.extract.pdf_fast", "_find_tables"),
    ("  fonts' descents (pdf_fast.font_descents)", "hplan.extract.pdf_fast", "font_descents"),
    ("  pdfplumber pages (_read_plumber_page)", "hplan.extract.ingest", "_read_plumber_page"),
    ("  tables to cells (_plumber_table)", "hplan.extract.ingest", "_plumber_table"),
    *(
        (f"stage {name}", f"hplan.extract.{name}", "run")
        for name in ("metadata", "structure", "tiltak", "measures", "amounts", "budget")
    ),
    ("stage requirements", "hplan.extract.requirements", "run"),
]


def profile(paths: list[Path], use_cprofile: bool = False) -> list[tuple[str, float]]:
    """CPU per stage over the set (after a warm-up file); with ``use_cprofile`` also
    print cProfile's top functions by own time."""
    import importlib

    from hplan.extract.pipeline import process

    process(paths[0])  # imports, regexes, lemma store
    spent: dict[str, float] = {}
    undo = []
    for label, module_name, name in STAGE_ROWS:
        module = importlib.import_module(module_name)
        fn = getattr(module, name, None)
        if fn is None:
            continue

        def timed(*args, _fn=fn, _label=label, **kwargs):
            t0 = time.process_time()
            try:
                return _fn(*args, **kwargs)
            finally:
                spent[_label] = spent.get(_label, 0.0) + time.process_time() - t0

        setattr(module, name, timed)
        undo.append((module, name, fn))
    prof = cProfile.Profile(time.process_time) if use_cprofile else None
    t0 = time.process_time()
    try:
        if prof:
            prof.enable()
        for path in paths:
            process(path)
        if prof:
            prof.disable()
    finally:
        for module, name, fn in undo:
            setattr(module, name, fn)
    rows = [("total (process)", time.process_time() - t0)]
    rows += [(label, spent.get(label, 0.0)) for label, _, _ in STAGE_ROWS]
    if prof:
        pstats.Stats(prof).sort_stats("tottime").print_stats(15)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--profile", action="store_true", help="CPU per stage")
    ap.add_argument("--cprofile", action="store_true", help="and cProfile's top functions")
    ap.add_argument("--skip-whole", action="store_true")
    ap.add_argument("--skip-in-process", action="store_true")
    ap.add_argument(
        "--jobs-compare", action="store_true", help="--jobs 2 (and Dask) against --jobs 1"
    )
    ap.add_argument(
        "--text-pages-baseline",
        type=Path,
        help="another extract/pdf_fast.py to time on the text pages in the same run",
    )
    ap.add_argument(
        "--text-pages-without-c",
        action="store_true",
        help="also time the text pages read through ctypes instead of the C loop",
    )
    ap.add_argument("--plumber-pass", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.plumber_pass:
        print(plumber_pass(Path(args.plumber_pass).read_text().splitlines()))
        return 0
    with tempfile.TemporaryDirectory(prefix="hplan-bench-") as tmp_name:
        tmp = Path(tmp_name)
        paths = make_set(tmp, args.copies)
        print(f"Set: {len(paths)} PDFs ({sum(p.stat().st_size for p in paths) / 1e6:.1f} MB)")
        if args.profile:
            rows = profile(paths, args.cprofile)
            print("\n| stage (CPU, timed per call) | s |\n| --- | --- |")
            for label, secs in rows:
                print(f"| {label} | {secs:.2f} |")
        if args.jobs_compare:
            runs = jobs_compare(paths, args.rounds, tmp)
            print("\n| run | CPU, wall per round | speed-up over --jobs 1 (wall) |")
            print("| --- | --- | --- |")
            for name, results in runs.items():
                cells = "; ".join(f"{c:.1f} s, {w:.1f} s" for c, w in results)
                ups = ", ".join(
                    f"{w1 / w:.2f}×" for (_, w1), (_, w) in zip(runs["1"], results, strict=True)
                )
                print(f"| --jobs {name} | {cells} | {ups} |")
        if args.skip_in_process:
            return 0
        tp = text_pages(paths, args.text_pages_baseline, args.text_pages_without_c)
        n = tp["pages"]
        print(
            f"\nText pages (no ruled table), {n:.0f} pages, {tp['bulk']:.0f} read in bulk, "
            "CPU per page:\n"
        )
        print("| reader | ms/page | vs PDFium's floor |\n| --- | --- | --- |")
        for name in ("baseline", "ctypes", "hplan", "floor"):
            if name in tp:
                label = {
                    "baseline": "baseline read_page",
                    "ctypes": "hplan read_page without its C loop",
                    "hplan": "hplan read_page",
                }.get(name, "PDFium floor")
                ratio = tp[name] / tp["floor"]
                print(f"| {label} | {tp[name] / n * 1000:.2f} | {ratio:.2f}× |")
        t = in_process(paths)
        n = t["pages"]
        print(
            f"\nIn process, {n:.0f} pages ({t['table_pages']:.0f} with tables; "
            f"{t['plumber_read_pages']} read by pdfplumber), CPU:\n"
        )
        print("| reader | s | ms/page | vs hplan |\n| --- | --- | --- | --- |")
        for name in ("hplan", "plumber", "floor"):
            label = {
                "hplan": "hplan ingest",
                "plumber": "pdfplumber pass",
                "floor": "PDFium floor",
            }[name]
            ratio = t[name] / t["hplan"]
            print(f"| {label} | {t[name]:.2f} | {t[name] / n * 1000:.1f} | {ratio:.2f}× |")
        if not args.skip_whole:
            runs = whole_process(paths, args.rounds, tmp)
            print("\nWhole process, alternated:\n")
            print(
                "| round | hplan run --jobs 1: CPU, wall | pdfplumber pass: CPU, wall | CPU ratio |"
            )
            print("| --- | --- | --- | --- |")
            for r, ((hc, hw), (pc, pw)) in enumerate(
                zip(runs["hplan"], runs["plumber"], strict=True), 1
            ):
                print(f"| {r} | {hc:.1f} s, {hw:.1f} s | {pc:.1f} s, {pw:.1f} s | {pc / hc:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
