"""The document model every stage reads and adds to.

An input (text dump, PDF, scanned PDF read by OCR, or Word .docx) becomes a
:class:`Document`: its :class:`Source`, its pages, its tables, and its lines in reading
order with page/line (and for PDFs bbox/words) provenance.
Stages then attach what they find (metadata, structure, tiltak, amounts, checks ...)
to the same object, the way spaCy's pipeline components annotate one ``Doc``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hplan.models.records import (
    AmountRecord,
    BudgetRowRecord,
    CheckRecord,
    DelmalRecord,
    PreviousTiltakRecord,
    RequirementRecord,
    TiltakActorRecord,
    TiltakRecord,
    TocEntryRecord,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    from hplan.extract.budget import ParsedTable
    from hplan.extract.tiltak import TiltakTables


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class Line:
    """One line of text with its provenance.

    ``line`` is the contract's line number: the 1-based line of the source file for
    text dumps, the 1-based line within its page for PDFs. ``index`` is the 0-based
    position in :attr:`Document.lines`, the handle stages use to point at a line.
    """

    text: str
    page: int | None
    line: int
    index: int
    bbox: tuple[float, float, float, float] | None = None
    words: list[Word] | None = None
    # Set by ingestion when the line lies inside a table of the source (a PDF's ruled
    # table, a Word table).
    table_id: int | None = None
    # The paragraph style of a .docx line ("Heading 2", "TOC 1"): a structure hint.
    style: str | None = None

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class Cell:
    """One cell of a :class:`Table`: its text and its place in the grid.

    ``row``/``col`` are the 0-based grid position of the cell's top-left corner; a merged
    cell covers ``row_span`` rows and ``col_span`` columns. ``line`` is the index (into
    :attr:`Document.lines`) of the cell's first line of text, when the cell has one.
    """

    text: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    bbox: tuple[float, float, float, float] | None = None
    line: int | None = None
    # PDFs: the line breaks (k: between the cell's lines k-1 and k) where the text only
    # wrapped because the next word did not fit, as opposed to a break the author made.
    soft_breaks: tuple[int, ...] = ()
    # Text dumps: how the table builder gave the cell its column ("header", "arithmetic",
    # "ambiguous"); None where the source's grid placed it.
    placement: str | None = None


@dataclass(slots=True)
class Table:
    """A table of a document, whatever the source: a PDF's ruled grid (pdfplumber), a
    Word table (``.docx``), or a table rebuilt from the flattened lines of a text dump.

    Provenance: ``page`` (None where the source has no pages), ``bbox`` for PDFs, and
    ``first_line``/``last_line``, the indexes of the first and last line of
    :attr:`Document.lines` inside the table. ``source`` is "pdf", "docx", "ocr" or "text".
    """

    table_id: int
    page: int | None
    cells: list[Cell]
    n_rows: int
    n_cols: int
    source: str = "pdf"
    bbox: tuple[float, float, float, float] | None = None
    first_line: int | None = None
    last_line: int | None = None

    @property
    def rows(self) -> list[list[str | None]]:
        """The grid as rows of text; a position covered by a merged cell (other than its
        top-left corner) is None, as in pdfplumber's ``Table.extract()``."""
        grid: list[list[str | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            if cell.row < self.n_rows and cell.col < self.n_cols:
                grid[cell.row][cell.col] = cell.text
        return grid

    def cell_at(self, row: int, col: int) -> Cell | None:
        """The cell covering grid position (row, col), merged cells included."""
        for cell in self.cells:
            if (
                cell.row <= row < cell.row + cell.row_span
                and cell.col <= col < cell.col + cell.col_span
            ):
                return cell
        return None


@dataclass(slots=True)
class Page:
    number: int
    first_line: int  # index into Document.lines
    last_line: int  # inclusive; first_line - 1 for an empty page
    width: float | None = None
    height: float | None = None
    tables: list[Table] = field(default_factory=list)


@dataclass(slots=True)
class Source:
    path: str
    sha256: str
    doc_id: str
    extractor: str  # "text" | "pdf" | "docx" | "ocr"
    size: int
    encoding: str | None = None


@dataclass(slots=True)
class DocumentMeta:
    doc_type: str = "other"
    pilot: str | None = None
    plan_year: int | None = None
    language: str | None = None
    title: str | None = None
    agreement_start: int | None = None
    agreement_end: int | None = None


@dataclass(slots=True)
class Section:
    """A span of lines belonging to a chapter, delmål or tiltak (the section tree)."""

    kind: str  # "chapter" | "delmal" | "tiltak"
    number: str | None  # as printed
    title: str
    first_line: int  # index into Document.lines (the heading line)
    last_line: int  # inclusive
    delmal_no: str | None = None
    tiltak_no: str | None = None

    @property
    def tiltak_key(self) -> str | None:
        if self.delmal_no is None or self.tiltak_no is None:
            return None
        return f"{self.delmal_no}.{self.tiltak_no}"


@dataclass(slots=True)
class TableSpan:
    """Lines a stage recognised as one table in the text (flattened in text dumps).

    kind: "tiltak" (this year's tiltak table), "status" (last year's status table),
    "overview" (tiltak and amounts overview), "budget_period", "budget_year",
    "allocation" (e.g. KDD's per-pilot allocation table), "other".
    """

    kind: str
    first_line: int  # index into Document.lines
    last_line: int  # inclusive
    delmal_no: str | None = None
    pdf_table_ids: list[int] = field(default_factory=list)


@dataclass(slots=True)
class MoneyFigure:
    """One money figure of the amounts stage's scan (the one place money is read from the
    text): where it stands, as line indexes and the offset in its first line, and its row of
    the ``amounts`` table."""

    first_line: int  # index into Document.lines
    last_line: int  # inclusive: a figure may be split over two lines
    start: int  # offset of the figure in its first line
    amount: AmountRecord


@dataclass
class Document:
    source: Source
    lines: list[Line]
    pages: list[Page]
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    # Stage outputs. Each stage appends to these; none rewrites another stage's output.
    toc_entries: list[TocEntryRecord] = field(default_factory=list)
    delmal: list[DelmalRecord] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tiltak: list[TiltakRecord] = field(default_factory=list)
    tiltak_actors: list[TiltakActorRecord] = field(default_factory=list)
    previous_tiltak: list[PreviousTiltakRecord] = field(default_factory=list)
    amounts: list[AmountRecord] = field(default_factory=list)
    budget_rows: list[BudgetRowRecord] = field(default_factory=list)
    checks: list[CheckRecord] = field(default_factory=list)
    requirements: list[RequirementRecord] = field(default_factory=list)
    table_spans: list[TableSpan] = field(default_factory=list)
    # Every table the source holds, in reading order (ingest fills it for every source).
    tables: list[Table] = field(default_factory=list)
    # The budget, overview and allocation tables, parsed (the budget_tables stage).
    budget_tables: list[ParsedTable] = field(default_factory=list)
    # This year's tiltak table rows by delmål (the tiltak_tables stage).
    tiltak_tables: TiltakTables | None = None
    # Every money figure with its line indexes (the amounts stage); ``amounts`` holds the
    # same figures as contract rows.
    money: list[MoneyFigure] = field(default_factory=list)
    # What ingestion notes for the record about how it read the source (the PDF pages
    # pdfplumber read); stages hand data on through the typed fields above.
    annotations: dict[str, Any] = field(default_factory=dict)
    # Line indexes of sections and table_spans (see _line_index); not part of the model.
    _indexes: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def doc_id(self) -> str:
        return self.source.doc_id

    @property
    def n_pages(self) -> int:
        return len(self.pages)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def page_lines(self, number: int) -> list[Line]:
        page = self.pages[number - 1]
        return self.lines[page.first_line : page.last_line + 1]

    def add_check(
        self,
        check: str,
        severity: str,
        message: str,
        line: Line | None = None,
    ) -> CheckRecord:
        record = CheckRecord(
            doc_id=self.doc_id,
            check=check,
            severity=severity,
            message=message,
            page=line.page if line else None,
            line=line.line if line else None,
        )
        self.checks.append(record)
        return record

    def _line_index(self, name: str, items: list[Any], kind: str | None) -> list[Any]:
        """Per line, the item of ``items`` (of ``kind``) that ``section_of``/``in_table``
        give: built once, so a lookup costs O(1) however many spans a document has.

        Stages only append to ``sections`` and ``table_spans``; the index is rebuilt
        whenever the list grew or was replaced, and lookups check the item they return.
        """
        key = (name, kind)
        cached = self._indexes.get(key)
        # The list itself (not its id, which a new list may reuse) and its length.
        if cached is not None and cached[0] is items and cached[1] == len(items):
            return cached[2]
        chosen = [c for c in items if kind is None or c.kind == kind]
        size = min(len(self.lines), max((c.last_line + 1 for c in chosen), default=0))
        per_line: list[Any] = [None] * max(size, 0)
        if kind is None:
            # in_table: the first span in list order wins, so fill in reverse order.
            order = list(reversed(chosen))
        else:
            # section_of: the innermost (latest first line; on a tie the later one) wins.
            order = sorted(enumerate(chosen), key=lambda p: (p[1].first_line, p[0]))
            order = [c for _, c in order]
        for item in order:
            for i in range(max(0, item.first_line), min(size - 1, item.last_line) + 1):
                per_line[i] = item
        self._indexes[key] = (items, len(items), per_line)
        return per_line

    def _lookup(self, name: str, items: list[Any], kind: str | None, index: int) -> Any:
        # Called for every line by several stages: the index's own check inlined.
        cached = self._indexes.get((name, kind))
        if cached is not None and cached[0] is items and cached[1] == len(items):
            per_line = cached[2]
        else:
            per_line = self._line_index(name, items, kind)
        if 0 <= index < len(per_line):
            found = per_line[index]
            if found is None or found.first_line <= index <= found.last_line:
                return found
            self._indexes.clear()  # an item was changed in place: rebuild
            return self._lookup(name, items, kind, index)
        if index < len(self.lines) and index >= 0:
            return None  # past every item's last line
        # Outside the document's lines (never asked by the stages): look through all.
        hits = [
            c
            for c in items
            if (kind is None or c.kind == kind) and c.first_line <= index <= c.last_line
        ]
        if not hits:
            return None
        if kind is None:
            return hits[0]
        return max(enumerate(hits), key=lambda p: (p[1].first_line, p[0]))[1]

    def section_of(self, index: int, kind: str) -> Section | None:
        """The innermost section of ``kind`` containing line ``index``."""
        return self._lookup("sections", self.sections, kind, index)

    def in_table(self, index: int) -> TableSpan | None:
        """The recognised table span containing line ``index``, if any."""
        return self._lookup("table_spans", self.table_spans, None, index)

    def place(self, index: int) -> tuple[str | None, str | None]:
        """(delmal_no, tiltak_key) of the sections containing line ``index``."""
        tiltak = self.section_of(index, "tiltak")
        if tiltak is not None:
            return tiltak.delmal_no, tiltak.tiltak_key
        delmal = self.section_of(index, "delmal")
        return (delmal.delmal_no if delmal else None), None
