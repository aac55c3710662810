"""A plan's content as blocks, read from its text dump with hplan itself.

The layout corpus renders the *same* content in several Word layouts, so the content is
taken from what hplan reads in the text dump: the section tree gives the headings, the
table of contents gives the ToC entries, the tiltak/status/budget readers give the table
rows and cells, and every other line becomes body text. Tables hplan does not read as
tables (the tiltak overview, the version log, the signature list) stay lines of text, as
they are in the dump.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from hplan.extract import tiltak as tiltak_reader
from hplan.extract.budget import ParsedTable
from hplan.extract.pipeline import DocResult, process
from hplan.models.document import Document
from hplan.models.records import TiltakRecord, TocEntryRecord

# A text-dump line at least this long was wrapped by the PDF's line width, so the next line
# continues its paragraph; a shorter one ends it (a heading, a label, the last line).
WRAPPED_LINE_MIN = 75
BULLET_RE = re.compile(r"^\s*[•●▪◦·]\s*")
LEADER_RE = re.compile(r"\s*(?:\.{3,}|…{2,}).*$")


@dataclass
class Heading:
    level: int  # 1 chapter/delmål, 2 tiltak
    text: str
    kind: str  # chapter | delmal | tiltak


@dataclass
class Paragraph:
    text: str
    bullet: bool = False


@dataclass
class TocLine:
    level: int
    text: str  # as printed: number and title
    kind: str
    page: int | None
    heading: str | None  # the body heading it points at (to find its rendered page)


@dataclass
class Toc:
    title: str
    entries: list[TocLine]


@dataclass
class TiltakRow:
    number: str
    title: str
    hovedansvarlig: list[str]
    samarbeidsparter: list[str]
    tidsramme: str


@dataclass
class TiltakTable:
    delmal_no: str | None
    rows: list[TiltakRow]


@dataclass
class StatusRow:
    number: str
    title: str
    status: str
    comment: str


@dataclass
class StatusTable:
    delmal_no: str | None
    rows: list[StatusRow]
    # Prose standing where the rows should be ("alle tiltak fortsetter"), when there are none.
    note: str = ""


@dataclass
class BudgetCell:
    amount_nok: int | None
    raw: str
    dash: bool = False
    paren: bool = False
    garbled: bool = False


@dataclass
class BudgetRow:
    number: str | None
    label: str  # as the text reader labels it (number included where printed)
    bare_label: str
    is_sum: bool
    cells: dict[str, BudgetCell] = field(default_factory=dict)


@dataclass
class BudgetTable:
    kind: str  # period | year
    columns: list[str]  # canonical, Totalbudsjett first
    rows: list[BudgetRow]


Block = Heading | Paragraph | Toc | TiltakTable | StatusTable | BudgetTable


@dataclass
class PlanContent:
    name: str
    language: str | None
    blocks: list[Block]
    result: DocResult

    def tables(self, kind: type) -> list:
        return [b for b in self.blocks if isinstance(b, kind)]


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _printed(line_text: str, title: str) -> str:
    """Number prefix as printed on the line, then the full (possibly wrapped) title."""
    text = LEADER_RE.sub("", line_text).strip()
    head = title[: min(len(title), 12)]
    at = text.find(head)
    prefix = text[:at].strip() if at > 0 else ""
    return f"{prefix} {title}".strip()


def _split_actors(value: str | None) -> list[str]:
    return [a for a in (value or "").split("; ") if a]


def _cell_lines(cell: str) -> list[str]:
    """A cell of the text reader whose items start with '- ' (the dump's bullets)."""
    items = [re.sub(r"^[-–•]\s*", "", x).strip() for x in cell.split("\n")]
    return [x for x in items if x]


def _toc(doc: Document, result: DocResult) -> tuple[Toc | None, range]:
    entries: list[TocEntryRecord] = result.tables["toc_entries"]
    if not entries:
        return None, range(0)
    first = min(e.line for e in entries if e.line) - 1
    last = max(e.line for e in entries if e.line) - 1
    start = first
    for j in range(first - 1, max(-1, first - 10), -1):
        if re.match(r"\s*(innhald|innhold)", doc.lines[j].text, re.I):
            start = j
            break
    title = doc.lines[start].text.strip() if start != first else "Innholdsfortegnelse"
    # A wrapped last entry continues on the following line(s) up to its leader.
    end = last
    while (
        end + 1 < len(doc.lines)
        and not LEADER_RE.search(doc.lines[end].text)
        and not doc.lines[end + 1].is_blank
    ):
        end += 1
    lines = []
    for e in entries:
        text = _printed(doc.lines[e.line - 1].text, e.title) if e.line else e.title
        heading = None
        if e.found_in_body and e.body_line:
            heading = doc.lines[e.body_line - 1].text.strip()
        lines.append(TocLine(e.level, text, e.kind, e.page, heading))
    return Toc(title, lines), range(start, end + 1)


def _tiltak_table(
    doc: Document,
    region: tiltak_reader.Region,
    by_line: dict[int, TiltakRecord],
) -> TiltakTable:
    row_lines = tiltak_reader._row_lines(doc, region.first, region.last)
    single = len(row_lines) > 1 and (
        sum(1 for ln in row_lines[1:] if ln.blank_before) / (len(row_lines) - 1) < 0.3
    )
    rows = []
    for number, lines in tiltak_reader.split_rows(row_lines):
        row = tiltak_reader.read_tiltak_row(number, lines, single)
        record = by_line.get(doc.lines[row.first_line].line)
        cells = row.cells
        if record is not None:
            hoved = _split_actors(record.hovedansvarlig)
            partners = _split_actors(record.samarbeidsparter)
            tidsramme = record.tidsramme or _clean(cells.get("tidsramme", ""))
        else:
            hoved = _cell_lines(cells.get("hovedansvarlig", ""))
            partners = _cell_lines(cells.get("samarbeidsparter", ""))
            tidsramme = _clean(cells.get("tidsramme", ""))
        title = record.table_title if record and record.table_title else cells.get("tiltak", "")
        rows.append(TiltakRow(row.number, _clean(title), hoved, partners, tidsramme))
    return TiltakTable(region.delmal_no, rows)


def _status_table(doc: Document, region: tiltak_reader.Region) -> StatusTable:
    row_lines = tiltak_reader._row_lines(doc, region.first, region.last)
    rows = []
    for number, lines in tiltak_reader.split_rows(row_lines):
        row = tiltak_reader.read_status_row(number, lines)
        rows.append(
            StatusRow(
                row.number,
                _clean(row.cells.get("tiltak", "")),
                _clean(row.cells.get("status", "")),
                _clean(row.cells.get("kommentar", "")),
            )
        )
    note = "" if rows else _clean(" ".join(ln.text for ln in row_lines))
    return StatusTable(region.delmal_no, rows, note)


def _budget_table(table: ParsedTable) -> BudgetTable:
    rows = []
    for row in table.rows:
        cells = {
            c.column: BudgetCell(c.amount_nok, _clean(c.raw), c.dash, c.paren, c.garbled)
            for c in row.cells
            if c.column
        }
        rows.append(
            BudgetRow(row.number, _clean(row.label), _clean(row.bare_label), row.is_sum, cells)
        )
    return BudgetTable(table.kind, list(table.columns), rows)


def read_plan(path: Path, name: str) -> PlanContent:
    """The plan's blocks, as hplan reads them from the text dump at ``path``."""
    doc, result = process(path)
    if doc is None:
        raise SystemExit(f"make_layouts: {path}: {result.document.error}")
    lines = doc.lines
    toc, toc_range = _toc(doc, result)

    by_line = {t.line: t for t in result.tables["tiltak"] if t.table_title is not None and t.line}
    starts: dict[int, tuple[int, Block]] = {}  # first line -> (last line, block)
    for region in tiltak_reader.find_regions(doc):
        block: Block = (
            _tiltak_table(doc, region, by_line)
            if region.kind == "tiltak"
            else _status_table(doc, region)
        )
        starts[region.header] = (region.last, block)
    for table in doc.budget_tables:
        if table.kind in ("period", "year"):
            starts[table.span.first_line] = (table.span.last_line, _budget_table(table))

    headings = {s.first_line: s for s in doc.sections}
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            text = _clean(" ".join(para))
            bullet = bool(BULLET_RE.match(para[0]))
            blocks.append(Paragraph(BULLET_RE.sub("", text) if bullet else text, bullet))
            para.clear()

    i = 0
    while i < len(lines):
        if i in toc_range:
            flush()
            if toc is not None:
                blocks.append(toc)
            i = toc_range.stop
            continue
        if i in starts:
            flush()
            last, block = starts[i]
            blocks.append(block)
            i = last + 1
            continue
        if i in headings:
            flush()
            section = headings[i]
            text = _printed(lines[i].text, section.title)
            level = 2 if section.kind == "tiltak" else 1
            blocks.append(Heading(level, text, section.kind))
            # A heading wrapped in the dump: skip the lines the rest of its title took.
            rest = _clean(section.title)
            taken = _clean(lines[i].text)
            j = i + 1
            while j < len(lines) and j <= i + 4 and not taken.endswith(rest):
                piece = _clean(lines[j].text)
                if piece and not rest.endswith(piece) and piece not in rest:
                    break
                if piece:
                    taken += " " + piece
                    i = j
                j += 1
            i += 1
            continue
        line = lines[i]
        if line.is_blank:
            flush()
        else:
            if para and BULLET_RE.match(line.text):
                flush()
            para.append(line.text.strip())
            if len(line.text.rstrip()) < WRAPPED_LINE_MIN:
                flush()
        i += 1
    flush()
    return PlanContent(name, doc.meta.language, blocks, result)
