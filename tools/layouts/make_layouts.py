"""Build the layout corpus: plans as .docx in several Word layouts, their PDFs, one scan.

    python tools/layouts/make_layouts.py            # everything into tests/fixtures/layouts
    python tools/layouts/make_layouts.py --no-pdf   # only the .docx files

Each plan's content comes from its text dump as hplan reads it (plan_content.py); each
layout (layouts.py) decides how Word prints it. PDFs are made by LibreOffice headless
(``soffice``), twice per file: the second run puts the rendered page of every heading
into the table of contents. The .docx files are byte-for-byte deterministic; the PDFs
differ only in LibreOffice's creation date and document id.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

import pdfplumber
from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from hplan.extract.ingest import load_document
from hplan.normalize.amounts import find_amounts
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

from layouts import LAYOUTS, Layout
from plan_content import (
    Block,
    BudgetCell,
    BudgetTable,
    Heading,
    Paragraph,
    PlanContent,
    StatusTable,
    TiltakTable,
    Toc,
    read_plan,
)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fixtures" / "layouts"
# (plan name, text dump) — the plan name is the prefix of every output file.
PLANS = [
    ("p000", ROOT / "data" / "raw" / "000_a81cf50d29995201.txt"),
    ("p001", ROOT / "data" / "raw" / "001_9dab5956d4a367ec.txt"),
    ("nn", OUT / "source" / "nn_plan.txt"),
]
MANIFEST_ABOUT = (
    "Layout corpus built by tools/layouts/make_layouts.py (see its README). layouts: each "
    "layout's settings and summary. files: per <plan>_<layout>, the source text dump, the "
    "rows of each tiltak table and status table in document order, the rows of the period "
    "and plan-year budget tables, the ToC entries, the PDF's pages, landscape pages and the "
    "pages where a ruled table continues from the page before (with or without its header "
    "row repeated). scan: the image-only PDF, its pages' text lines and kroner "
    "figures, and the plan-year budget cells on it. mixed: a PDF of text-layer pages with "
    "the scan's first page in its place (source_pages: the pages of made_from[0] it holds)."
)
FIXED_TIME = datetime(2026, 1, 1)
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
SCAN_DPI = 300
# Share of the page height at the bottom that holds the footer (page number).
FOOTER_SHARE = 0.08
# JPEG quality of the scanned pages: a scanner's default-ish, and keeps the file small.
SCAN_JPEG_QUALITY = 50
# Narrowest amount column a fitted budget table gets (cm).
MIN_AMOUNT_CM = 1.4
# The scan is made of the first layout's PDF of this plan: the page holding this heading.
SCAN_PLAN = "nn"
SCAN_LAYOUT = "numcol"
# The scanned page holds a financing sentence: an amount in kroner set aside for a tiltak.
SCAN_PAGE_RE = re.compile(r"\d{3}\s000\s+kroner\s+til\s+tiltaket")


# ---------------------------------------------------------------------------------------
# Small docx helpers
# ---------------------------------------------------------------------------------------
def _set_font(style, name: str, size: float | None = None) -> None:
    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    if size:
        style.font.size = Pt(size)


def _field(paragraph, instr: str, cached: str = "") -> None:
    """A complete field (begin, instruction, cached result, end) in one paragraph."""
    _fld_begin(paragraph, instr)
    paragraph.add_run(cached)
    _fld_char(paragraph, "end")


def _fld_char(paragraph, kind: str) -> None:
    run = paragraph.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    run._r.append(el)


def _fld_begin(paragraph, instr: str) -> None:
    _fld_char(paragraph, "begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run._r.append(text)
    _fld_char(paragraph, "separate")


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _set_widths(table: Table, widths_cm: list[float]) -> None:
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=False):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def _write(cell: _Cell, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold


def _write_items(cell: _Cell, items: list[str], style: str) -> None:
    """Actors in one cell: a comma list, one per line (line breaks) or bullet paragraphs."""
    if not items:
        return
    if style == "commas":
        _write(cell, ", ".join(items))
    elif style == "lines":
        paragraph = cell.paragraphs[0]
        for k, item in enumerate(items):
            run = paragraph.add_run(item)
            if k < len(items) - 1:
                run.add_break(WD_BREAK.LINE)
    else:
        first = cell.paragraphs[0]
        first.style = "List Bullet"
        first.add_run(items[0])
        for item in items[1:]:
            cell.add_paragraph(item, style="List Bullet")


def _number_text(style: str, delmal_no: str | None, number: str) -> str:
    if style == "title_dotted":
        return f"T{number}" if delmal_no == "T" else f"{delmal_no}.{number}"
    if style == "title_tiltak":
        return f"Tiltak {number}"
    return number


def _amount(cell: BudgetCell | None, fmt: str) -> str:
    if cell is None:
        return ""
    if cell.dash:
        return fmt.format("-")
    if cell.garbled or cell.amount_nok is None:
        text = cell.raw
    else:
        text = f"{cell.amount_nok:,}".replace(",", " ")
    if cell.paren:
        return f"({text})"
    return fmt.format(text)


# ---------------------------------------------------------------------------------------
# Writer
# ---------------------------------------------------------------------------------------
class Writer:
    def __init__(self, content: PlanContent, layout: Layout, toc_pages: dict[str, int]):
        self.content = content
        self.layout = layout
        self.toc_pages = toc_pages
        self.doc: DocxDocument = new_docx()
        self.landscape = False
        self._setup()

    # -- document set-up ------------------------------------------------------------------
    def _setup(self) -> None:
        lay = self.layout
        styles = self.doc.styles
        _set_font(styles["Normal"], lay.font, lay.size_pt)
        for level in (1, 2, 3):
            style = styles[f"Heading {level}"]
            _set_font(style, lay.heading_font, lay.size_pt + (5 - level * 1.5))
            style.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
        _set_font(styles["List Bullet"], lay.font, lay.size_pt)
        for level in (1, 2):
            name = f"toc {level}"
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.paragraph_format.left_indent = Cm(0.5 * (level - 1))
            style.paragraph_format.space_after = Pt(3)
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(lay.margins_cm))
        footer = section.footer.paragraphs[0]
        footer.alignment = 1
        _field(footer, "PAGE", "1")
        props = self.doc.core_properties
        props.author = "hplan layout corpus"
        props.title = f"{self.content.name} ({lay.name})"
        props.created = props.modified = props.last_printed = FIXED_TIME
        props.revision = 1
        props.last_modified_by = "hplan layout corpus"

    @property
    def text_width_cm(self) -> float:
        section = self.doc.sections[-1]
        return (section.page_width - section.left_margin - section.right_margin) / 360000

    def _orientation(self, landscape: bool) -> None:
        if landscape == self.landscape:
            return
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        long, short = Cm(29.7), Cm(21.0)
        section.page_width, section.page_height = (long, short) if landscape else (short, long)
        self.landscape = landscape

    # -- blocks ----------------------------------------------------------------------------
    def build(self) -> bytes:
        blocks = self.content.blocks
        for k, block in enumerate(blocks):
            self._block(block)
            if (
                isinstance(block, BudgetTable)
                and self.layout.budget_landscape
                and not any(isinstance(b, BudgetTable) for b in blocks[k + 1 : k + 8])
            ):
                self._orientation(False)
        return self._save()

    def _block(self, block: Block) -> None:
        if isinstance(block, Heading):
            if self.layout.budget_landscape and self.landscape:
                pass
            paragraph = self.doc.add_heading(block.text, block.level)
            if block.kind == "delmal" and self.layout.page_break_before_delmal:
                paragraph.paragraph_format.page_break_before = True
        elif isinstance(block, Paragraph):
            self.doc.add_paragraph(block.text, style="List Bullet" if block.bullet else None)
        elif isinstance(block, Toc):
            self._toc(block)
        elif isinstance(block, TiltakTable):
            self._tiltak(block)
        elif isinstance(block, StatusTable):
            self._status(block)
        elif isinstance(block, BudgetTable):
            if self.layout.budget_landscape:
                self._orientation(True)
            self._budget(block)
            self.doc.add_paragraph()

    def _toc(self, toc: Toc) -> None:
        title = self.doc.add_paragraph()
        title.add_run(toc.title).bold = True
        tab = self.text_width_cm
        page = 1
        paragraphs = []
        for entry in toc.entries:
            page = self.toc_pages.get(entry.heading or "", entry.page or page)
            paragraph = self.doc.add_paragraph(style=f"toc {min(entry.level, 2)}")
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                Cm(tab), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
            paragraphs.append((paragraph, entry.text, page))
        for k, (paragraph, text, page) in enumerate(paragraphs):
            if k == 0 and self.layout.toc_field:
                _fld_begin(paragraph, 'TOC \\o "1-2" \\h \\z \\u')
            paragraph.add_run(f"{text}\t{page}")
            if k == len(paragraphs) - 1 and self.layout.toc_field:
                _fld_char(paragraph, "end")
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _table(self, n_rows: int, n_cols: int) -> Table:
        table = self.doc.add_table(rows=n_rows, cols=n_cols)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        return table

    def _header_row(self, table: Table) -> None:
        if self.layout.repeat_header:
            _repeat_header(table.rows[0])

    def _number_column(self) -> bool:
        return self.layout.number_style.startswith("column")

    def _tiltak(self, block: TiltakTable) -> None:
        lay = self.layout
        own = self._number_column()
        cols = list(lay.tiltak_columns)
        table = self._table(len(block.rows) + 1, len(cols) + own)
        header = table.rows[0].cells
        if own:
            _write(header[0], "Nr." if lay.number_style == "column_nr" else "", bold=True)
        for j, role in enumerate(cols):
            _write(header[j + own], lay.headers[role], bold=True)
        self._header_row(table)
        for r, row in enumerate(block.rows, start=1):
            cells = table.rows[r].cells
            if own:
                _write(cells[0], row.number)
            for j, role in enumerate(cols):
                cell = cells[j + own]
                if role == "tiltak":
                    title = row.title
                    if not own:
                        title = (
                            f"{_number_text(lay.number_style, block.delmal_no, row.number)} {title}"
                        )
                    _write(cell, title)
                elif role == "hovedansvarlig":
                    _write_items(cell, row.hovedansvarlig, lay.partners)
                elif role == "samarbeidsparter":
                    _write_items(cell, row.samarbeidsparter, lay.partners)
                else:
                    _write(cell, row.tidsramme)
        _set_widths(table, list(lay.tiltak_widths))
        self._table_font(table)
        self.doc.add_paragraph()

    def _status(self, block: StatusTable) -> None:
        lay = self.layout
        own = self._number_column()
        cols = ["tiltak", "status", "kommentar"]
        table = self._table(len(block.rows) + 1 + bool(block.note), len(cols) + own)
        header = table.rows[0].cells
        if own:
            _write(header[0], "Nr." if lay.number_style == "column_nr" else "", bold=True)
        for j, role in enumerate(cols):
            _write(header[j + own], lay.headers[role], bold=True)
        self._header_row(table)
        if block.note:
            # No rows, only a remark: one cell merged across the table, as Word users do.
            cells = table.rows[1].cells
            _write(cells[0].merge(cells[-1]), block.note)
        for r, row in enumerate(block.rows, start=1):
            cells = table.rows[r].cells
            title = row.title
            if own:
                _write(cells[0], row.number)
            else:
                title = f"{_number_text(lay.number_style, block.delmal_no, row.number)} {title}"
            _write(cells[own], title)
            _write(cells[own + 1], row.status)
            _write(cells[own + 2], row.comment)
        total = sum(lay.tiltak_widths)
        widths = [1.0] if own else []
        rest = total - sum(widths)
        widths += [rest * 0.38, rest * 0.22, rest * 0.40]
        _set_widths(table, widths)
        self._table_font(table)
        self.doc.add_paragraph()

    def _budget(self, block: BudgetTable) -> None:
        lay = self.layout
        columns = list(block.columns)
        if lay.budget_total_last and columns and columns[0] == "Totalbudsjett":
            columns = [*columns[1:], columns[0]]
        numbered = lay.budget_number_column and any(r.number for r in block.rows)
        n_label = 2 if numbered else 1
        merged = lay.budget_merged_header and len(columns) > 2
        n_head = 2 if merged else 1
        table = self._table(len(block.rows) + n_head, n_label + len(columns))

        def head(col: str) -> str:
            return lay.budget_headers.get(col, col)

        top = table.rows[0].cells
        if merged:
            group = [j for j, c in enumerate(columns) if c != "Totalbudsjett"]
            total_at = [j for j, c in enumerate(columns) if c == "Totalbudsjett"]
            label_cell = top[0].merge(table.rows[1].cells[n_label - 1]) if n_label else top[0]
            _write(label_cell, "Delmål", bold=True)
            for j in total_at:
                cell = top[n_label + j].merge(table.rows[1].cells[n_label + j])
                _write(cell, head("Totalbudsjett"), bold=True)
            span = top[n_label + group[0]].merge(top[n_label + group[-1]])
            _write(
                span,
                "Finansieringskilder" if block.kind == "year" else "Fordeling per år",
                bold=True,
            )
            for j in group:
                _write(table.rows[1].cells[n_label + j], head(columns[j]), bold=True)
        else:
            if numbered:
                _write(top[1], "Delmål", bold=True)
            else:
                _write(top[0], "Delmål", bold=True)
            for j, col in enumerate(columns):
                _write(top[n_label + j], head(col), bold=True)
        if lay.repeat_header:
            for k in range(n_head):
                _repeat_header(table.rows[k])
        for r, row in enumerate(block.rows, start=n_head):
            cells = table.rows[r].cells
            if numbered:
                if row.is_sum and merged:
                    _write(cells[0].merge(cells[1]), row.label, bold=True)
                else:
                    _write(cells[0], row.number or "")
                    _write(cells[1], row.bare_label if row.number else row.label)
            else:
                _write(cells[0], row.label, bold=row.is_sum)
            for j, col in enumerate(columns):
                text = _amount(row.cells.get(col), lay.budget_amount_format)
                if text:
                    _write(cells[n_label + j], text, bold=row.is_sum)
                    cells[n_label + j].paragraphs[0].alignment = 2
        if lay.budget_widths_cm:
            number_w, label_w, total_w, other_w = lay.budget_widths_cm
            widths = ([number_w] if numbered else []) + [label_w]
            widths += [total_w if c == "Totalbudsjett" else other_w for c in columns]
        else:
            widths = self._fit_widths(table, n_label, n_head, numbered)
        _set_widths(table, widths)
        self._table_font(table)

    def _fit_widths(self, table: Table, n_label: int, n_head: int, numbered: bool) -> list[float]:
        """Amount columns as wide as their longest figure or header word; the label gets
        the rest. Where the page is too narrow for that, every column shrinks alike."""
        size = self.layout.table_size_pt
        # Rough glyph width of a sans/serif at this size, in cm, plus the cell padding.
        char_cm, pad_cm = size * 0.62 * 0.0353, 0.5
        width = self.text_width_cm
        n_cols = len(table.columns)
        need = [0.0] * n_cols
        for r, row in enumerate(table.rows):
            for j, cell in enumerate(row.cells):
                if r < n_head or j < n_label or cell._tc.grid_span > 1:
                    continue  # labels take the rest; a spanning heading fits anyway
                # A figure should not wrap; a header may wrap anywhere.
                if any(ch.isdigit() for ch in cell.text):
                    need[j] = max(need[j], len(cell.text) * char_cm + pad_cm)
        need = [max(n, MIN_AMOUNT_CM) for n in need]
        number_w = 0.8 if numbered else 0.0
        amounts = need[n_label:]
        label_w = max(3.0, min(7.0, width - number_w - sum(amounts)))
        spare = width - number_w - label_w
        if sum(amounts) > spare:
            amounts = [a * spare / sum(amounts) for a in amounts]
        return ([number_w] if numbered else []) + [label_w] + amounts

    def _table_font(self, table: Table) -> None:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(self.layout.table_size_pt)

    # -- saving ----------------------------------------------------------------------------
    def _save(self) -> bytes:
        raw = io.BytesIO()
        self.doc.save(raw)
        # Rewrite the zip with fixed timestamps so the same input gives the same bytes.
        out = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
        ):
            for info in src.infolist():
                fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
                fixed.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(fixed, src.read(info.filename))
        return out.getvalue()


# ---------------------------------------------------------------------------------------
# PDF, page lookup, scan
# ---------------------------------------------------------------------------------------
def to_pdf(docx_path: Path, out_dir: Path, profile: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("make_layouts: soffice not found (apt install libreoffice-writer-nogui)")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out_dir / (docx_path.stem + ".pdf")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def heading_pages(pdf_path: Path, content: PlanContent) -> dict[str, int]:
    """The rendered page of each body heading a ToC entry points at."""
    toc = next((b for b in content.blocks if isinstance(b, Toc)), None)
    if toc is None:
        return {}
    # hplan's own PDF reader: its lines are pdfplumber's (tests/test_pdfium_tables.py) and
    # it reads the pages about ten times faster.
    doc = load_document(pdf_path)
    pages = [[_norm(ln.text) for ln in doc.page_lines(n)] for n in range(1, doc.n_pages + 1)]
    # Skip the ToC's own pages: start looking after the page that holds its last entry.
    start = 0
    last_entry = _norm(toc.entries[-1].text)[:25]
    for k, lines in enumerate(pages):
        if any(ln.startswith(last_entry) for ln in lines):
            start = k + 1
            break
    found: dict[str, int] = {}
    cursor = start
    for entry in toc.entries:
        if not entry.heading:
            continue
        needle = _norm(entry.heading)[:30]
        for k in range(cursor, len(pages)):
            if any(ln.startswith(needle) for ln in pages[k]):
                found[entry.heading] = k + 1
                cursor = k
                break
    return found


def scan_pages(pdf_path: Path, content: PlanContent) -> list[int]:
    """The first page holding both a ruled table and a financing sentence in kroner, and
    the page holding the plan-year budget table's SUM row."""
    year = next(b for b in content.blocks if isinstance(b, BudgetTable) and b.kind == "year")
    total = next(r for r in year.rows if r.is_sum).cells["Totalbudsjett"].amount_nok
    total_text = f"{total:,}".replace(",", " ")
    pages: list[int] = []
    with pdfplumber.open(pdf_path) as pdf:
        texts = [p.extract_text() or "" for p in pdf.pages]
        for k, page in enumerate(pdf.pages):
            if page.find_tables() and SCAN_PAGE_RE.search(texts[k]):
                pages.append(k + 1)
                break
    pages += [k + 1 for k, text in enumerate(texts) if total_text in text][-1:]
    if len(pages) != 2:
        raise SystemExit(f"make_layouts: {pdf_path}: no page fit for the scan ({pages})")
    return pages


def make_scan(
    pdf_path: Path, pages: list[int], content: PlanContent, out_path: Path, work: Path
) -> dict:
    """An image-only PDF of some pages, as a scanner gives them (grey, 300 dpi, no text
    layer), and what is printed on them: text lines, money figures, budget cells."""
    images = []
    described = []
    for page in pages:
        stem = work / f"scan{page}"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(SCAN_DPI),
                "-gray",
                "-png",
                "-f",
                str(page),
                "-l",
                str(page),
                str(pdf_path),
                str(stem),
            ],
            check=True,
        )
        with Image.open(next(work.glob(f"scan{page}*.png"))) as image:
            images.append(image.convert("L"))
        with pdfplumber.open(pdf_path) as pdf:
            text = pdf.pages[page - 1].extract_text() or ""
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        amounts = [
            {"raw": m.raw, "amount_nok": m.amount_nok}
            for ln in lines
            for m in find_amounts(ln)
            if m.amount_nok is not None and re.search(r"kr|kroner", m.raw)
        ]
        described.append({"source_page": page, "lines": lines, "amounts_in_kroner": amounts})
    images[0].save(
        out_path,
        "PDF",
        resolution=SCAN_DPI,
        save_all=True,
        append_images=images[1:],
        quality=SCAN_JPEG_QUALITY,
    )
    year = next(b for b in content.blocks if isinstance(b, BudgetTable) and b.kind == "year")
    cells = [
        {"label": row.label, "column": col, "amount_nok": cell.amount_nok}
        for row in year.rows
        for col, cell in row.cells.items()
        if cell.amount_nok is not None
    ]
    return {
        "file": out_path.name,
        "made_from": pdf_path.name,
        "dpi": SCAN_DPI,
        "pages": described,
        "year_budget_cells_on_last_page": cells,
    }


def make_mixed(pdf_path: Path, scan_path: Path, scan_info: dict, out_path: Path) -> dict:
    """A PDF whose pages mix a text layer and a scan, as when a scanned page is put into a
    Word export: the pages of ``pdf_path`` up to the scan's first source page and the two
    after it (ruled tables on the text-layer pages), with that page replaced by the
    scan's first (image-only) page."""
    import pypdfium2 as pdfium

    scanned = scan_info["pages"][0]["source_page"]
    pages = [*range(1, scanned), scanned, scanned + 1, scanned + 2]
    mixed = pdfium.PdfDocument.new()
    src = pdfium.PdfDocument(pdf_path)
    scan = pdfium.PdfDocument(scan_path)
    try:
        for number in pages:
            if number == scanned:
                mixed.import_pages(scan, [0])
            else:
                mixed.import_pages(src, [number - 1])
        mixed.save(out_path)
    finally:
        for pdf in (mixed, src, scan):
            pdf.close()
    return {
        "file": out_path.name,
        "made_from": [pdf_path.name, scan_path.name],
        "source_pages": pages,
        "scanned_pages": [pages.index(scanned) + 1],
    }


def pdf_summary(pdf_path: Path) -> dict:
    """Pages, landscape pages, and the tables that run over a page break: a page whose
    first thing is a ruled table while the page before ends with one (above its footer)."""
    continued = []
    with pdfplumber.open(pdf_path) as pdf:
        landscape = [p.page_number for p in pdf.pages if p.width > p.height]
        ending: list | None = None  # first row of the table the previous page ends with
        for page in pdf.pages:
            tables = page.find_tables()
            footer_top = page.height * (1 - FOOTER_SHARE)
            body = [c for c in page.chars if c["top"] < footer_top]
            if tables and ending is not None:
                first = tables[0]
                if not [c for c in body if c["bottom"] <= first.bbox[1]]:
                    rows = first.extract()
                    continued.append(
                        {
                            "page": page.page_number,
                            "header_repeated": bool(rows) and rows[0] == ending,
                        }
                    )
            ending = None
            if tables and not [c for c in body if c["top"] >= tables[-1].bbox[3]]:
                rows = tables[-1].extract()
                ending = rows[0] if rows else []
    return {
        "pages": len(pdf.pages),
        "landscape_pages": landscape,
        "tables_over_page_break": continued,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-pdf", action="store_true", help="write only the .docx files")
    parser.add_argument("--plans", nargs="*", help="plan names to build (default: all)")
    parser.add_argument("--layouts", nargs="*", help="layout names to build (default: all)")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    manifest["about"] = MANIFEST_ABOUT
    manifest.setdefault("layouts", {})
    manifest.setdefault("files", {})
    plans = [(n, p) for n, p in PLANS if not args.plans or n in args.plans]
    layouts = [lay for lay in LAYOUTS if not args.layouts or lay.name in args.layouts]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        profile = work / "lo-profile"
        for name, source in plans:
            content = read_plan(source, name)
            for layout in layouts:
                manifest["layouts"][layout.name] = layout.describe()
                stem = f"{name}_{layout.name}"
                docx_path = out / f"{stem}.docx"
                docx_path.write_bytes(Writer(content, layout, {}).build())
                entry = _file_entry(content, layout, source)
                if not args.no_pdf:
                    pdf = to_pdf(docx_path, work, profile)
                    pages = heading_pages(pdf, content)
                    if pages:
                        docx_path.write_bytes(Writer(content, layout, pages).build())
                        pdf = to_pdf(docx_path, work, profile)
                    shutil.copyfile(pdf, out / f"{stem}.pdf")
                    entry.update(pdf_summary(out / f"{stem}.pdf"))
                manifest["files"][stem] = entry
                print(f"{stem}: ok", flush=True)
                if (name, layout.name) == (SCAN_PLAN, SCAN_LAYOUT) and not args.no_pdf:
                    pdf_path = out / f"{stem}.pdf"
                    scan = out / f"scan_{name}.pdf"
                    pages = scan_pages(pdf_path, content)
                    manifest["scan"] = make_scan(pdf_path, pages, content, scan, work)
                    print(f"{scan.name}: ok", flush=True)
                    mixed = out / f"mixed_{name}.pdf"
                    manifest["mixed"] = make_mixed(pdf_path, scan, manifest["scan"], mixed)
                    print(f"{mixed.name}: ok", flush=True)
    manifest_path.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )
    return 0


def _file_entry(content: PlanContent, layout: Layout, source: Path) -> dict:
    tiltak = content.tables(TiltakTable)
    status = content.tables(StatusTable)
    budget = content.tables(BudgetTable)
    return {
        "plan": content.name,
        "layout": layout.name,
        "source": str(source.relative_to(ROOT)),
        "tiltak_tables": [len(t.rows) for t in tiltak],
        "status_tables": [len(t.rows) for t in status],
        "budget_tables": {t.kind: len(t.rows) for t in budget},
        "toc_entries": sum(len(t.entries) for t in content.tables(Toc)),
    }


if __name__ == "__main__":
    sys.exit(main())
