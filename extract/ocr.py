"""Scanned PDFs: pages without a text layer read with Tesseract OCR (``--ocr``).

Each page is rendered with PDFium (pypdfium2, already the fast text engine) at
``Settings.ocr_dpi`` and read by the ``tesseract`` command with the Norwegian model
(``-l nor``; Debian ``tesseract-ocr-nor``). Tesseract's TSV output gives every word with
its box; words are grouped into Tesseract's lines, and boxes are scaled back to PDF points
so OCR lines carry the same provenance (page, line, bbox, words) as text-layer lines.
The document's extractor is ``ocr``. Tables on a scan have no ruling the reader can see,
so their lines are read as text, as in a text dump.
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


def document_from_scan(data: bytes, source: Source, settings: Settings) -> Document:
    """A PDF without a text layer, read page by page with Tesseract."""
    import pypdfium2 as pdfium

    reason = ocr_unavailable(settings)
    if reason is not None:
        raise IngestError(f"scanned PDF, OCR is needed but cannot run: {reason}")
    pdf = pdfium.PdfDocument(data)
    lines: list[Line] = []
    pages: list[Page] = []
    scale = 72.0 / settings.ocr_dpi
    try:
        with tempfile.TemporaryDirectory(prefix="hplan-ocr-") as tmp:
            for number in range(1, len(pdf) + 1):
                page = pdf[number - 1]
                try:
                    width, height = page.get_size()
                    bitmap = page.render(scale=settings.ocr_dpi / 72.0, grayscale=True)
                    image_path = Path(tmp) / f"page-{number}.png"
                    remove_rulings(bitmap.to_pil(), settings.ocr_dpi).save(image_path)
                finally:
                    page.close()
                first = len(lines)
                for k, (text, bbox, words) in enumerate(
                    ocr_page_lines(image_path, scale, settings), 1
                ):
                    lines.append(Line(text, number, k, len(lines), bbox=bbox, words=words))
                pages.append(Page(number, first, len(lines) - 1, float(width), float(height)))
    finally:
        pdf.close()
    if not any(ln.stripped for ln in lines):
        raise IngestError(f"OCR found no text on the {len(pages)} page(s) of the scanned PDF")
    source.extractor = "ocr"
    return Document(source=source, lines=lines, pages=pages)
