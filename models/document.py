"""The document model every stage reads and adds to.

An input (text dump or PDF) becomes a :class:`Document`: its :class:`Source`, its pages,
and its lines in reading order with page/line (and for PDFs bbox/words) provenance.
Stages then attach what they find (metadata, structure, tiltak, amounts, checks ...)
to the same object, the way spaCy's pipeline components annotate one ``Doc``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
    # Set by ingestion for PDFs when the line lies inside a ruled table on its page.
    table_id: int | None = None

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class PdfTable:
    """A table pdfplumber found on a PDF page: rows of cells (None for a merged cell)."""

    table_id: int
    page: int
    bbox: tuple[float, float, float, float]
    rows: list[list[str | None]]
    # Line indexes (into Document.lines) of the first and last line inside the table.
    first_line: int | None = None
    last_line: int | None = None


@dataclass(slots=True)
class Page:
    number: int
    first_line: int  # index into Document.lines
    last_line: int  # inclusive; first_line - 1 for an empty page
    width: float | None = None
    height: float | None = None
    tables: list[PdfTable] = field(default_factory=list)


@dataclass(slots=True)
class Source:
    path: str
    sha256: str
    doc_id: str
    extractor: str  # "text" | "pdf"
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
    # Free-form scratch space for stages to hand data to later ones (e.g. table spans).
    annotations: dict[str, Any] = field(default_factory=dict)

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

    def section_of(self, index: int, kind: str) -> Section | None:
        """The innermost section of ``kind`` containing line ``index``."""
        best: Section | None = None
        for section in self.sections:
            if (
                section.kind == kind
                and section.first_line <= index <= section.last_line
                and (best is None or section.first_line >= best.first_line)
            ):
                best = section
        return best

    def in_table(self, index: int) -> TableSpan | None:
        """The recognised table span containing line ``index``, if any."""
        for span in self.table_spans:
            if span.first_line <= index <= span.last_line:
                return span
        return None

    def place(self, index: int) -> tuple[str | None, str | None]:
        """(delmal_no, tiltak_key) of the sections containing line ``index``."""
        tiltak = self.section_of(index, "tiltak")
        if tiltak is not None:
            return tiltak.delmal_no, tiltak.tiltak_key
        delmal = self.section_of(index, "delmal")
        return (delmal.delmal_no if delmal else None), None
