"""Build the benchmark corpus in bench/out/ (git-ignored).

    python bench/make_corpus.py [--copies 100]

* ``bench/out/corpus/pdf/``: the corpus plans 000 and 001 rendered to PDF once each with
  ``tests/pdf_fixtures.plan_pdf_from_text`` (40 pages each; 000 has ruled tiltak, status
  and budget tables on 10 pages, 001 none), then ``--copies`` byte-distinct copies of
  each (default 100, so 200 PDFs). A copy differs only in its ``/CreationDate``
  metadata, rewritten in place with the same length (so the xref offsets stay right):
  every copy has its own SHA-256 and doc_id, and the same text and tables.
* ``bench/out/corpus/text/``: the five corpus text dumps (data/raw/*.txt).
* ``bench/out/big/000x10.pdf``: 000's 40 pages repeated ten times (400 pages), for memory
  on a very large document.

Deterministic: the same command gives the same bytes on the same machine (the fonts the
fixtures find decide where lines wrap; see tests/pdf_fixtures.py).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CORPUS = OUT / "corpus"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

DATE = b"/CreationDate (D:20250101120000Z)"


def variant(data: bytes, k: int) -> bytes:
    """``data`` with creation time 12:00:00 + k seconds (k < 43200): same length."""
    if data.count(DATE) != 1:
        raise SystemExit("the rendered PDF has no single fpdf2 /CreationDate to vary")
    hh, rest = divmod(12 * 3600 + k, 3600)
    mm, ss = divmod(rest, 60)
    new = DATE.replace(b"120000", f"{hh:02d}{mm:02d}{ss:02d}".encode())
    assert len(new) == len(DATE)
    return data.replace(DATE, new)


def repeat_pages(src: Path, dst: Path, times: int) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(src)
    out = pdfium.PdfDocument.new()
    try:
        for _ in range(times):
            out.import_pages(pdf)
        out.save(dst)
    finally:
        out.close()
        pdf.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=100, help="copies of each plan")
    args = parser.parse_args(argv)

    from pdf_fixtures import font_info, plan_pdf_from_text

    started = time.perf_counter()
    raw = ROOT / "data" / "raw"
    for sub in ("pdf", "text"):
        shutil.rmtree(CORPUS / sub, ignore_errors=True)
        (CORPUS / sub).mkdir(parents=True)
    (OUT / "big").mkdir(parents=True, exist_ok=True)
    masters = OUT / "masters"
    masters.mkdir(parents=True, exist_ok=True)
    for prefix in ("000", "001"):
        (text,) = sorted(raw.glob(f"{prefix}_*.txt"))
        master = plan_pdf_from_text(text, masters / f"{prefix}.pdf")
        data = master.read_bytes()
        for k in range(args.copies):
            (CORPUS / "pdf" / f"{prefix}_copy{k:03d}.pdf").write_bytes(variant(data, k))
    for text in sorted(raw.glob("*.txt")):
        shutil.copy(text, CORPUS / "text" / text.name)
    repeat_pages(masters / "000.pdf", OUT / "big" / "000x10.pdf", 10)

    pdfs = sorted((CORPUS / "pdf").glob("*.pdf"))
    size = sum(p.stat().st_size for p in pdfs)
    print(
        f"{len(pdfs)} PDFs ({size / 1e6:.1f} MB), "
        f"{len(list((CORPUS / 'text').glob('*.txt')))} text dumps, "
        f"big PDF {(OUT / 'big' / '000x10.pdf').stat().st_size / 1e6:.1f} MB "
        f"in {time.perf_counter() - started:.1f} s; font: {font_info()['family']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
