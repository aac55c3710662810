"""Word ``.docx`` input: paragraphs and tables in body order, read with python-docx.

* Each paragraph is one line (Word has no line breaks of its own; a manual line break
  inside a paragraph starts a new line). Its style name is kept on the line
  (``Line.style``: "Heading 2", "TOC 1") as a structure hint.
* Each table becomes a :class:`~hplan.models.document.Table` with its merged cells
  (``w:gridSpan`` → ``col_span``, ``w:vMerge`` → ``row_span``); its cells' paragraphs are
  also lines of the document (row by row, cell by cell), so the stages that read lines
  (amounts, sections) see the table's text, marked with ``Line.table_id``.
* The table of contents as Word prints it: an entry's page number stands after a tab
  ("1.1 Strategi …<tab>6"); the tab becomes a dot leader, as in a PDF.
* Pages: a document that records where its pages break (explicit page breaks, Word's
  ``w:lastRenderedPageBreak``) gets page numbers; one without any gets none (null).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from hplan.extract.ingest import IngestError, normalize_line, pages_from_lines
from hplan.models.document import Cell, Document, Line, Page, Source, Table

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TOC_TAB = re.compile(r"\t+\s*(?P<page>\d{1,3})\s*$")
_SPACES = re.compile(r"[ \t]+")


class _Reader:
    def __init__(self, styles: dict[str, str]) -> None:
        self.styles = styles
        self.lines: list[Line] = []
        self.line_pages: list[int] = []
        self.tables: list[Table] = []
        self.page = 1
        self.has_breaks = False

    # -- paragraphs -------------------------------------------------------------------

    def paragraph(self, p: Any, table_id: int | None = None) -> int | None:
        """Append the paragraph's lines; returns the index of its first line."""
        style_id = _style_id(p)
        style = self.styles.get(style_id or "", style_id)
        parts: list[str] = [""]
        breaks_before = 0
        for node in p.iter():
            tag = node.tag
            if tag == f"{_W}t":
                parts[-1] += node.text or ""
            elif tag == f"{_W}tab":
                parts[-1] += "\t"
            elif tag == f"{_W}br":
                kind = node.get(f"{_W}type")
                if kind == "page":
                    if parts == [""]:
                        breaks_before += 1
                    else:
                        self._flush(parts, style, table_id)
                        parts = [""]
                        self._new_page()
                else:
                    parts.append("")
            elif tag == f"{_W}lastRenderedPageBreak":
                if parts == [""]:
                    breaks_before += 1
                else:
                    self._flush(parts, style, table_id)
                    parts = [""]
                    self._new_page()
            elif tag == f"{_W}instrText":
                continue
        page_before = _page_break_before(p)
        for _ in range(max(breaks_before, 1 if page_before else 0)):
            self._new_page()
        first = len(self.lines)
        self._flush(parts, style, table_id)
        return first if len(self.lines) > first else None

    def _new_page(self) -> None:
        self.has_breaks = True
        self.page += 1

    def _flush(self, parts: list[str], style: str | None, table_id: int | None) -> None:
        toc = bool(style and style.lower().startswith("toc"))
        for part in parts:
            text = part
            if toc:
                text = _TOC_TAB.sub(lambda m: " " + "." * 8 + " " + m.group("page"), text)
            text = normalize_line(_SPACES.sub(" ", text.replace("\t", " ")).strip())
            index = len(self.lines)
            self.lines.append(
                Line(
                    text=text,
                    page=self.page,
                    line=index + 1,
                    index=index,
                    table_id=table_id,
                    style=style,
                )
            )

    # -- tables -----------------------------------------------------------------------

    def table(self, tbl: Any) -> None:
        """A Word table as a :class:`Table`; its text as lines the way a PDF prints the
        table: the k-th line of every cell of a row side by side on one line."""
        table_id = len(self.tables)
        self.tables.append(Table(table_id, self.page, [], 0, 0, source="docx"))
        first_line = len(self.lines)
        cells: list[Cell] = []
        open_cells: dict[int, Cell] = {}  # grid column → cell a vMerge continues
        n_cols = 0
        rows = [tr for tr in tbl if tr.tag == f"{_W}tr"]
        for r, tr in enumerate(rows):
            col = _grid_before(tr)
            row_cells: list[tuple[Cell, list[str]]] = []
            for tc in tr:
                if tc.tag != f"{_W}tc":
                    continue
                span, vmerge = _cell_props(tc)
                texts = self._cell_texts(tc)
                if vmerge == "continue" and col in open_cells:
                    merged = open_cells[col]
                    merged.row_span = r - merged.row + 1
                    # A continued cell's own text (rarely any) joins the merged cell.
                    if texts:
                        merged.text = "\n".join([merged.text, *texts]).strip()
                        row_cells.append((merged, texts))
                    col += span
                    continue
                cell = Cell(text="\n".join(texts), row=r, col=col, col_span=span)
                cells.append(cell)
                row_cells.append((cell, texts))
                for c in range(col, col + span):
                    open_cells.pop(c, None)
                if vmerge == "restart":
                    open_cells[col] = cell
                col += span
            n_cols = max(n_cols, col)
            depth = max((len(t) for _, t in row_cells), default=0)
            row_first = len(self.lines)
            for k in range(depth):
                parts = [t[k] for _, t in row_cells if k < len(t)]
                self._flush([" ".join(parts)], None, table_id)
            for cell, texts in row_cells:
                if texts and cell.line is None:
                    cell.line = row_first
        last_line = len(self.lines) - 1 if len(self.lines) > first_line else None
        table = self.tables[table_id]
        table.cells = cells
        table.n_rows = len(rows)
        table.n_cols = n_cols
        table.first_line = first_line if last_line is not None else None
        table.last_line = last_line

    def _cell_texts(self, tc: Any) -> list[str]:
        """The lines of a cell's paragraphs (a nested table's rows flattened in)."""
        texts: list[str] = []
        for child in tc:
            if child.tag == f"{_W}p":
                texts.extend(t for t in _paragraph_texts(child) if t.strip())
            elif child.tag == f"{_W}tbl":
                for tr in child.iter(f"{_W}tr"):
                    row = [
                        " ".join(t for p in tc2.iter(f"{_W}p") for t in _paragraph_texts(p))
                        for tc2 in tr
                        if tc2.tag == f"{_W}tc"
                    ]
                    texts.append(" ".join(x for x in row if x.strip()))
        return [t for t in texts if t.strip()]

    # -- body -------------------------------------------------------------------------

    def block(self, element: Any) -> None:
        for child in element:
            if child.tag == f"{_W}p":
                if self.paragraph(child) is not None and self.lines[-1].stripped:
                    # A paragraph ends a block, as the empty line after it in a text dump
                    # does (headings are told from prose by it).
                    self._flush([""], None, None)
            elif child.tag == f"{_W}tbl":
                self.table(child)
                self._flush([""], None, None)
            elif child.tag == f"{_W}sdt":  # content controls, Word's ToC among them
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    self.block(content)


def _paragraph_texts(p: Any) -> list[str]:
    """A paragraph's text, one item per manual line break, white space collapsed."""
    parts = [""]
    for node in p.iter():
        if node.tag == f"{_W}t":
            parts[-1] += node.text or ""
        elif node.tag == f"{_W}tab":
            parts[-1] += " "
        elif node.tag == f"{_W}br":
            parts.append("")
    return [normalize_line(_SPACES.sub(" ", part).strip()) for part in parts]


def _style_id(p: Any) -> str | None:
    ppr = p.find(f"{_W}pPr")
    if ppr is None:
        return None
    style = ppr.find(f"{_W}pStyle")
    return style.get(f"{_W}val") if style is not None else None


def _page_break_before(p: Any) -> bool:
    ppr = p.find(f"{_W}pPr")
    if ppr is None:
        return False
    flag = ppr.find(f"{_W}pageBreakBefore")
    return flag is not None and flag.get(f"{_W}val", "true") not in ("0", "false")


def _grid_before(tr: Any) -> int:
    trpr = tr.find(f"{_W}trPr")
    if trpr is None:
        return 0
    before = trpr.find(f"{_W}gridBefore")
    return int(before.get(f"{_W}val", "0")) if before is not None else 0


def _cell_props(tc: Any) -> tuple[int, str | None]:
    tcpr = tc.find(f"{_W}tcPr")
    if tcpr is None:
        return 1, None
    span_el = tcpr.find(f"{_W}gridSpan")
    span = int(span_el.get(f"{_W}val", "1")) if span_el is not None else 1
    vm = tcpr.find(f"{_W}vMerge")
    vmerge = None
    if vm is not None:
        vmerge = "restart" if vm.get(f"{_W}val") == "restart" else "continue"
    return max(1, span), vmerge


def document_from_docx(data: bytes, source: Source) -> Document:
    """A ``.docx`` file as a Document (extractor ``docx``)."""
    import docx  # python-docx; imported here to keep CLI start-up light

    try:
        word = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise IngestError(f"corrupt .docx ({type(err).__name__}: {err})") from err
    except Exception as err:  # lxml and python-docx raise many types for bad packages
        raise IngestError(f"corrupt .docx ({type(err).__name__})") from err
    styles = {s.style_id: s.name for s in word.styles if s.style_id and s.name}
    reader = _Reader(styles)
    reader.block(word.element.body)
    lines = reader.lines
    if not any(ln.stripped for ln in lines):
        raise IngestError("no text in the .docx")
    if reader.has_breaks:
        for ln in lines:
            ln.page = ln.page or 1
        pages = pages_from_lines(lines, max(ln.page for ln in lines))
        # The contract's line number is the line within its page, as for PDFs.
        for page in pages:
            for k, ln in enumerate(lines[page.first_line : page.last_line + 1], 1):
                ln.line = k
    else:
        # No page breaks recorded: pages are unknown (null), lines count from the start.
        pages = [Page(number=1, first_line=0, last_line=len(lines) - 1)]
        for ln in lines:
            ln.page = None
        for table in reader.tables:
            table.page = None
    doc = Document(source=source, lines=lines, pages=pages)
    doc.tables = reader.tables
    return doc
