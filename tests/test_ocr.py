"""Scanned PDFs: OCR with Tesseract's Norwegian model (``--ocr``).

The scan is made here by rasterizing the budget page of the sample plan PDF (ruled
tables, kroner figures) into an image-only PDF; OCR must give back its text lines and
every amount.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hplan.extract.ingest import IngestError, load_document
from hplan.extract.ocr import ocr_unavailable
from hplan.extract.settings import Settings
from hplan.normalize.amounts import find_amounts

pytest.importorskip("fpdf")
from pdf_fixtures import sample_plan_pdf

# Runs Tesseract on rasterised pages: outside the fast subset.
pytestmark = pytest.mark.slow

OCR = Settings(ocr=True)
REASON = ocr_unavailable(OCR)


def _scan(src: Path, out: Path, page: int, dpi: int = 200) -> Path:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    try:
        image = pdf[page].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()
    image.save(out, resolution=dpi)
    return out


@pytest.fixture(scope="module")
def scan_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("scan")
    src = sample_plan_pdf(folder / "plan.pdf")
    last = len(load_document(src).pages) - 1
    return src, _scan(src, folder / "scan.pdf", last)


def test_scan_without_ocr_says_how_to_enable(scan_pair: tuple[Path, Path]) -> None:
    with pytest.raises(IngestError, match=r"OCR is needed: run with --ocr"):
        load_document(scan_pair[1])


@pytest.mark.skipif(REASON is not None, reason=f"OCR cannot run here: {REASON}")
def test_ocr_reads_lines_and_amounts(scan_pair: tuple[Path, Path]) -> None:
    src, scan = scan_pair
    text_layer = load_document(src)
    page = text_layer.pages[-1]
    expected = [ln.text for ln in text_layer.page_lines(page.number)]
    doc = load_document(scan, OCR)
    assert doc.source.extractor == "ocr"
    got = [ln.text for ln in doc.lines]
    assert len(got) == len(expected)

    def amounts(lines: list[str]) -> list[int | None]:
        return [m.amount_nok for text in lines for m in find_amounts(text, in_table=True)]

    # Every kroner figure of both budget tables, in reading order.
    assert amounts(got) == amounts(expected)
    assert len(amounts(expected)) >= 40
    # Lines: the same words, apart from a row number Tesseract may drop in a narrow cell.
    same = sum(1 for a, b in zip(got, expected, strict=True) if a == b)
    assert same >= 0.7 * len(expected), list(zip(got, expected, strict=True))
    assert "Samlet budsjett og finansiering 2025" in got or any(
        "Samlet budsjett og finansiering" in g for g in got
    )
    assert doc.lines[0].bbox is not None and doc.lines[0].words


@pytest.mark.skipif(REASON is not None, reason=f"OCR cannot run here: {REASON}")
def test_ocr_document_runs_the_pipeline(scan_pair: tuple[Path, Path]) -> None:
    from hplan.extract.pipeline import process

    _, result = process(scan_pair[1], OCR)
    assert result.document.extractor == "ocr"
    assert result.document.status in ("ok", "partial")
    figures = {a.amount_nok for a in result.tables["amounts"]}
    assert {1_120_000, 7_670_000, 5_610_000} <= figures


# --- a PDF that mixes text-layer pages and a scanned page -------------------------------

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"
MIXED = LAYOUTS / "mixed_nn.pdf"  # nn_numcol.pdf pages 1-5 with page 3 as a scan


def test_mixed_pdf_without_ocr_warns_about_the_scanned_page() -> None:
    doc = load_document(MIXED)
    assert doc.source.extractor == "pdf"
    assert [(c.check, c.severity) for c in doc.checks] == [("page_without_text", "warning")]
    assert doc.checks[0].message.startswith("page 3 has no text layer")
    assert "--ocr" in doc.checks[0].message
    assert not any(ln.stripped for ln in doc.page_lines(3))


@pytest.mark.skipif(REASON is not None, reason=f"OCR cannot run here: {REASON}")
def test_mixed_pdf_reads_only_the_scanned_page_by_ocr() -> None:
    source = load_document(LAYOUTS / "nn_numcol.pdf")
    doc = load_document(MIXED, OCR)
    assert doc.source.extractor == "ocr"  # read, in part, through OCR
    assert doc.annotations["ocr_pages"] == [3]
    assert [c.check for c in doc.checks] == ["ocr_pages"]
    # The text-layer pages are exactly the source's, their ruled tables too.
    for mixed_page, source_page in ((1, 1), (2, 2), (4, 4), (5, 5)):
        assert [ln.text for ln in doc.page_lines(mixed_page)] == [
            ln.text for ln in source.page_lines(source_page)
        ]
    kept = [t for t in source.tables if t.page in (1, 2, 4, 5)]
    assert kept and [t.rows for t in doc.tables] == [t.rows for t in kept]
    # Every line index still points at its own line.
    assert [ln.index for ln in doc.lines] == list(range(len(doc.lines)))
    for table in doc.tables:
        assert doc.lines[table.first_line].page == table.page
    # The scanned page: its lines in reading order and its kroner figure.
    ocr_text = [ln.text for ln in doc.page_lines(3)]
    printed = [ln.text for ln in source.page_lines(3)]
    assert ocr_text[:3] == printed[:3]
    assert sum(1 for a, b in zip(ocr_text, printed, strict=False) if a == b) >= 0.7 * len(printed)
    figures = [m.amount_nok for text in ocr_text for m in find_amounts(text)]
    assert 150_000 in figures
    assert all(ln.words and ln.bbox for ln in doc.page_lines(3))
