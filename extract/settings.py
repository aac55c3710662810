"""Pipeline settings, kept in one dataclass (like pdfplumber's TableSettings)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MB = 1024 * 1024


def _default_table_settings() -> dict[str, Any]:
    # Ruled tables: the plans' tiltak and budget tables are drawn with lines, so
    # pdfplumber's "lines" strategy finds their grid; text alignment would invent
    # columns in ordinary prose.
    return {
        "vertical_strategy": "lines",
        "horizontal_strategy": "lines",
        "snap_tolerance": 3,
        "join_tolerance": 3,
        "intersection_tolerance": 3,
    }


@dataclass(frozen=True)
class Settings:
    max_file_bytes: int = 200 * MB
    # A file whose conversion takes longer fails alone (enforced by the batch runner).
    per_file_timeout_s: float = 300.0
    table_settings: dict[str, Any] = field(default_factory=_default_table_settings)
    # Lines shorter than this many characters of text per page mark a PDF page as
    # having no text layer (scanned).
    min_chars_per_pdf: int = 20
    # A .txt file with more than this share of control characters is binary, not text.
    max_control_share: float = 0.01
    # How PDF text is read: "fast" (PDFium for the pages that cannot hold a ruled table,
    # pdfplumber for the others) or "pdfplumber" (every page; the slower baseline).
    pdf_text_engine: str = "fast"
    # Read PDF pages without a text layer (scans) with Tesseract OCR (--ocr).
    ocr: bool = False
    ocr_language: str = "nor"
    ocr_dpi: int = 300
