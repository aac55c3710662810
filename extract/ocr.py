"""Scanned PDFs: pages without a text layer read with Tesseract OCR (``--ocr``).

Each page is rendered with PDFium (pypdfium2, already the fast text engine) at
``Settings.ocr_dpi`` and read by the ``tesseract`` command with the Norwegian model
(``-l nor``; Debian ``tesseract-ocr-nor``). Tesseract's TSV output gives every word with
its box; words are grouped into Tesseract's lines, and boxes are scaled back to PDF points
so OCR lines carry the same provenance (page, line, bbox, words) as text-layer lines.
The document's extractor is ``ocr``. Tables on a scan have no ruling the reader can see,
so their lines are read as text, as in a text dump.

A PDF with a text layer whose pages include scanned images (a scan put into a Word
export) gets only those pages read by OCR (:func:`read_pages_without_text`); the other
pages keep their text layer and ruled tables.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hplan.extract.ingest import IngestError, normalize_line
from hplan.extract.settings import Settings
from hplan.models.document import Document, Line, Page, Source, Word

OcrLine = tuple[str, tuple[float, float, float, float], list[Word]]

HOW_TO_ENABLE = (
    "run with --ocr (needs Tesseract with its Norwegian model: "
    "apt-get install tesseract-ocr tesseract-ocr-nor)"
)


def ocr_unavailable(settings: Settings) -> str | None:
    """Why OCR cannot run here, or None when it can."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-nor)"
    try:
        langs = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.SubprocessError) as err:
        return f"tesseract does not run ({err})"
    if settings.ocr_language not in langs:
        return (
            f"tesseract has no '{settings.ocr_language}' model (apt-get install tesseract-ocr-nor)"
        )
    return None


def _tsv_lines(tsv: str, scale: float) -> list[OcrLine]:
    """(text, bbox, words) of each line of the page, top to bottom.

    Tesseract reads a table column by column (each column is one of its blocks); a PDF's
    text layer, which the stages expect, runs across the page. So words are regrouped
    into lines by their vertical position, as pdfplumber does, each line left to right.
    """
    words: list[Word] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, top = int(row["left"]) * scale, int(row["top"]) * scale
        width, height = int(row["width"]) * scale, int(row["height"]) * scale
        words.append(Word(normalize_line(text), left, top, left + width, top + height))
    groups: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        middle = (word.top + word.bottom) / 2
        if groups:
            last = groups[-1]
            top = sum(w.top for w in last) / len(last)
            bottom = sum(w.bottom for w in last) / len(last)
            if top <= middle <= bottom:
                last.append(word)
                continue
        groups.append([word])
    out = []
    for group in groups:
        group.sort(key=lambda w: w.x0)
        bbox = (
            min(w.x0 for w in group),
            min(w.top for w in group),
            max(w.x1 for w in group),
            max(w.bottom for w in group),
        )
        out.append((" ".join(w.text for w in group), bbox, group))
    return out


# A ruling line is a run of dark pixels at least this long (in inches); no letter stroke
# is. Table rulings confuse Tesseract's layout analysis, so they are whitened first.
RULING_MIN_INCHES = 0.4
DARK = 160  # grey level below which a pixel counts as ink


def remove_rulings(image: Any, dpi: int) -> Any:
    """The page image with the long horizontal and vertical lines of tables whitened."""
    import numpy as np
    from PIL import Image
    from scipy import ndimage

    grey = np.asarray(image.convert("L"))
    dark = grey < DARK
    length = max(3, int(RULING_MIN_INCHES * dpi))
    lines = ndimage.binary_opening(dark, structure=np.ones((1, length), bool))
    lines |= ndimage.binary_opening(dark, structure=np.ones((length, 1), bool))
    lines = ndimage.binary_dilation(lines, iterations=1)
    cleaned = grey.copy()
    cleaned[lines] = 255
    return Image.fromarray(cleaned)


def ocr_page_lines(image_path: Path, scale: float, settings: Settings) -> list[OcrLine]:
    exe = shutil.which("tesseract") or "tesseract"
    proc = subprocess.run(
        [exe, str(image_path), "stdout", "-l", settings.ocr_language, "tsv"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        msg = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        raise IngestError(f"OCR failed: tesseract: {msg[:160]}")
    return _tsv_lines(proc.stdout, scale)


def _ocr_page(
    pdf: Any, number: int, folder: Path, settings: Settings
) -> tuple[list[OcrLine], float, float]:
    """The lines Tesseract reads on page ``number`` (1-based), and the page's size."""
    page = pdf[number - 1]
    try:
        width, height = page.get_size()
        bitmap = page.render(scale=settings.ocr_dpi / 72.0, grayscale=True)
        image_path = folder / f"page-{number}.png"
        remove_rulings(bitmap.to_pil(), settings.ocr_dpi).save(image_path)
    finally:
        page.close()
    return ocr_page_lines(image_path, 72.0 / settings.ocr_dpi, settings), width, height


def document_from_scan(data: bytes, source: Source, settings: Settings) -> Document:
    """A PDF without a text layer, read page by page with Tesseract."""
    import pypdfium2 as pdfium

    reason = ocr_unavailable(settings)
    if reason is not None:
        raise IngestError(f"scanned PDF, OCR is needed but cannot run: {reason}")
    pdf = pdfium.PdfDocument(data)
    lines: list[Line] = []
    pages: list[Page] = []
    try:
        with tempfile.TemporaryDirectory(prefix="hplan-ocr-") as tmp:
            for number in range(1, len(pdf) + 1):
                ocr_lines, width, height = _ocr_page(pdf, number, Path(tmp), settings)
                first = len(lines)
                for k, (text, bbox, words) in enumerate(ocr_lines, 1):
                    lines.append(Line(text, number, k, len(lines), bbox=bbox, words=words))
                pages.append(Page(number, first, len(lines) - 1, float(width), float(height)))
    finally:
        pdf.close()
    if not any(ln.stripped for ln in lines):
        raise IngestError(f"OCR found no text on the {len(pages)} page(s) of the scanned PDF")
    source.extractor = "ocr"
    return Document(source=source, lines=lines, pages=pages)


def _image_pages(doc: Document, data: bytes) -> list[int]:
    """Pages of a PDF with a text layer elsewhere that have no text but hold an image:
    scanned pages put between the others."""
    empty = [
        p.number
        for p in doc.pages
        if not any(ln.stripped for ln in doc.lines[p.first_line : p.last_line + 1])
    ]
    if not empty:
        return []
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(data)
    try:
        found = []
        for number in empty:
            page = pdf[number - 1]
            try:
                images = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)
                if next(iter(images), None) is not None:
                    found.append(number)
            finally:
                page.close()
        return found
    finally:
        pdf.close()


def read_pages_without_text(doc: Document, data: bytes, settings: Settings) -> Document:
    """A PDF whose text layer leaves some pages empty, those pages being images (a scan
    put into a Word export): with ``settings.ocr`` they are read by OCR and the
    document's extractor is ``ocr`` (a PDF read, in part, through OCR;
    ``doc.annotations["ocr_pages"]`` says which pages); without it each such page is a
    warning saying how to read it."""
    scanned = _image_pages(doc, data)
    doc.annotations["ocr_pages"] = []
    if not scanned:
        return doc
    reason = ocr_unavailable(settings) if settings.ocr else None
    if not settings.ocr or reason is not None:
        how = f"OCR cannot run: {reason}" if reason else HOW_TO_ENABLE
        for number in scanned:
            doc.add_check(
                "page_without_text",
                "warning",
                f"page {number} has no text layer (a scanned image): its text is not read; " + how,
            )
        return doc
    import pypdfium2 as pdfium

    read: dict[int, list[OcrLine]] = {}
    pdf = pdfium.PdfDocument(data)
    try:
        with tempfile.TemporaryDirectory(prefix="hplan-ocr-") as tmp:
            for number in scanned:
                read[number] = _ocr_page(pdf, number, Path(tmp), settings)[0]
    finally:
        pdf.close()
    _splice(doc, read)
    doc.annotations["ocr_pages"] = scanned
    doc.source.extractor = "ocr"
    pages = ", ".join(map(str, scanned))
    doc.add_check(
        "ocr_pages",
        "info",
        f"page(s) {pages} read by OCR (no text layer); the others from the PDF's text layer",
    )
    return doc


def _splice(doc: Document, read: dict[int, list[OcrLine]]) -> None:
    """Put the OCR lines of the pages in ``read`` in their place among ``doc.lines``; every
    line index the document holds (pages, tables, cells) follows."""
    lines: list[Line] = []
    moved: dict[int, int] = {}
    for page in doc.pages:
        first = len(lines)
        if page.number in read:
            for k, (text, bbox, words) in enumerate(read[page.number], 1):
                lines.append(Line(text, page.number, k, len(lines), bbox=bbox, words=words))
        else:
            for line in doc.lines[page.first_line : page.last_line + 1]:
                moved[line.index] = len(lines)
                line.index = len(lines)
                lines.append(line)
        page.first_line, page.last_line = first, len(lines) - 1
    doc.lines = lines
    for table in doc.tables:
        if table.first_line is not None:
            table.first_line = moved.get(table.first_line, table.first_line)
        if table.last_line is not None:
            table.last_line = moved.get(table.last_line, table.last_line)
        for cell in table.cells:
            if cell.line is not None:
                cell.line = moved.get(cell.line, cell.line)
