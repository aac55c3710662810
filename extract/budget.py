"""Budget stage: the plan's budget tables in long format, reconciled against themselves.

A handlingsplan closes with two budget tables:

* the **period table** (``table="period"``), "Fordeling av budsjett for hele
  avtaleperioden": one row per delmål, a *Totalbudsjett* column and one column per year;
* the **plan-year table** (``table="year"``), "Samlet budsjett og finansiering <year>": one
  row per delmål, *Totalbudsjett* and one column per financing source (KDD, Kommunal
  egenandel, Fylkeskommunen, Statsforvalter, Offentlige tilskuddsordninger, Annet).

Some plans also have an **overview table** near the top ("Overordnet oversikt over tiltak og
bruk av Bygdevekstmidler": Delmål / Tiltak / Beløp with "Til sammen" rows), and KDD's letter
has an **allocation table** per pilot (Fase 1, Fase 2, Totalt). The ``budget_tables`` stage
(:func:`find_tables`, right after the structure stage) finds and parses all four kinds into
``doc.budget_tables`` and registers their line spans in ``doc.table_spans``; the tiltak and
amounts stages and this stage (:func:`run`) read them from there.

Each money cell becomes one :class:`BudgetRowRecord` (period and year tables only). Money is
parsed only by :mod:`normalize.amounts`; this module only decides which cell is which.

Reading a table out of a text dump
----------------------------------
Text dumps keep the cells of a row in reading order but lose the column alignment, so:

1. **Columns** come from the header text between the heading and the first data row, with
   all white space removed (the dumps wrap header words mid-word: "Totalbudsj"/"ett",
   "Komm"/"unal"). Header names are folded to canonical column names
   (:data:`COLUMN_VOCAB`: "TRFK"/"Fylkeskommunen" -> ``Fylkeskommunen``, "KDD 13.50 post
   66" -> ``KDD``). *Totalbudsjett* is always the first column, whatever the header order
   (000 prints the years above "Delmål Totalbudsjett"); years are sorted.
2. **Rows**: a line with words starts a row (or continues the label of a row that has no
   cells yet, as in "2" / "Samfunnsutvikling" / "og planlegging"); the cells that follow on
   the same or later lines belong to it until the next label. A label broken mid-word
   ("kontorfellesska"/"p") is joined without a space: the dumps end a line inside a word
   without a trailing blank, and a line at a word end with one (PDF lines are stripped, so
   there pieces are always joined with a space). The table ends after the SUM row's cells,
   or at running text / the next chapter heading.
3. **Cells**: every figure :func:`normalize.amounts.find_amounts_in_lines` finds (figures
   split over two lines are joined there), plus "-" / "kr -" for an empty cell. A "-" cell
   gives **no** budget row but counts as 0 in the arithmetic and occupies its column.
   A parenthesised cell ("(315 000)") marks a memo row ("of which"): its cells are kept as
   budget rows but not added into the column sums.
4. **Placement**: a row with as many cells as columns is placed in header order
   (``placement="header"``). A shorter row has lost the position of its gaps. Its first cell
   is the row total (*Totalbudsjett*; in the allocation table the total is the last cell);
   the remaining cells keep their order but may sit in any of the remaining columns. When
   the table has a **complete** SUM row (a cell or "-" in every column), every way to place
   the short rows that makes *every* column add up to the SUM row is searched for: one
   solution -> ``placement="arithmetic"``; several -> the rows placed differently across
   them are ``ambiguous``. When there is no complete SUM row or no placement adds up, the
   cells are placed left to right (``ambiguous``): we never pick a placement just because it
   hides part of a mismatch. Every ambiguous row gets a ``budget_placement`` warning. (The
   lengths of the blank runs between cells are not used: in 001 they mostly reflect the
   right alignment of figures of different widths, not empty cells.)
5. PDFs and .docx: when ingestion found a table (``doc.tables``) right after the
   heading, its grid decides the columns (``placement="grid"``); a grid continued on the
   next page without a header (or with its header row cut by the break) is appended.
   Without a grid the PDF's lines are read as text.

Rules 1-4 are the text-dump **table builder** (:func:`text_budget_table`): it rebuilds the
table as a :class:`~hplan.models.document.Table` (``source="text"``, in ``doc.tables``), a
header row of column names and each figure in its column with its line and placement; the
stage then reads that Table with the same grid reader as a PDF's or a Word file's table.

The overview table is read by its own grammar: "Delmål N: ..." opens a group, "N. ..." is
a tiltak (its amount may stand on a later line), "Til sammen" closes the group and a
"Total ..." row after the groups is the grand total. The allocation table is a header with
"Pilot Fase 1 Fase 2" and one row per pilot up to its "Totalt" row.

Delmål of a row (``delmal_no``)
-------------------------------
SUM rows: empty. Cost lines that are not a delmål ("Prosjektledelse", "Avsetning til frikjøp
...", administration): empty; 001 numbers them "8" and "9" but has no delmål 8 or 9, and 000
keeps *Prosjektledelse* as its own row next to *Tverrgående tiltak*. A row that starts with
a number that is a delmål of the document: that number (unless the label's theme points to
another delmål). Otherwise the label's theme (:func:`hplan.normalize.themes.assign_theme`,
applied alike to the label and to the delmål titles in ``doc.delmal``) picks the delmål with
that theme; the theme *tverrgående* gives ``"T"`` (000 prints "8 Tverrgående tiltak").
Without ``doc.delmal`` the numbered rows of the sibling table lend their number to a label
of the same theme.

Checks (all severity ``warning``, both numbers in the message)
-------------------------------------------------------------
``budget_row_sum`` (a row's total against its cells, SUM rows included; a garbled total
is reported with the sum of its cells), ``budget_column_sum`` (a SUM row against its column,
memo rows left out; a column with no SUM cell is not checked, and a column holding an
ambiguous cell says so), ``budget_period_vs_year`` (the
plan-year column of the period table against the year table's KDD column, per delmål and in
total), ``tiltak_vs_budget`` (the tiltak budgets of a delmål against its KDD cell),
``overview_total`` ("Til sammen" against its items, the grand total against the "Til
sammen" rows), ``allocation_row_sum`` / ``allocation_column_sum`` (KDD's allocation table),
``budget_placement`` (ambiguous cells) and ``budget_memo_row`` (info: a memo row left out of
the column sums).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from hplan.extract.settings import BudgetSettings, Settings
from hplan.extract.tables import (
    BUDGET_COLUMNS,
    KDD_COLUMN,
    TOTAL_COLUMN,
    column_of,
    header_key,
)
from hplan.models.document import Cell as TableCell
from hplan.models.document import Document, Line, Table, TableSpan
from hplan.models.records import BudgetRowRecord
from hplan.normalize.amounts import find_amounts, find_amounts_in_lines
from hplan.normalize.themes import assign_theme
from hplan.normalize.vocab import OTHER_THEME

# ---------------------------------------------------------------------------------------
# Vocabularies (extend here)
# ---------------------------------------------------------------------------------------

# Section headings that open a budget table. Anchored at the line start so prose that
# mentions the chapter ("kap. 6 «Fordeling av budsjett ...»", 003) is not a heading.
PERIOD_HEADING_RE = re.compile(
    r"^\s*(?:\d{1,2}\.?\s*)?fordeling\s+av\s+(?:budsjett(?:et)?|midl\w*)\s+for\s+hei?le\s+"
    r"(?:avtale|finansierings|prosjekt)perioden",
    re.IGNORECASE,
)
YEAR_HEADING_RE = re.compile(
    r"^\s*(?:\d{1,2}\.?\s*)?saml(?:et|a)\s+budsjett\s+og\s+finansiering", re.IGNORECASE
)
OVERVIEW_HEADING_RE = re.compile(r"^\s*overordna?e?t?\s+oversikt\s+over\s+tiltak", re.IGNORECASE)
OVERVIEW_HEADER_RE = re.compile(r"^\s*delmål\s+tiltak\s+beløp\s*$", re.IGNORECASE)
ALLOCATION_HEADER_RE = re.compile(r"^\s*pilot\s+fase\s*1\b.*\bfase\s*2\b", re.IGNORECASE)
# Table-of-contents lines carry dot leaders; they name the chapter but hold no table.
_TOC_LINE_RE = re.compile(r"\.{4,}|…{2,}")

# First line of a budget table's header region (searched after the heading).
_HEADER_START_RE = re.compile(
    r"^\s*(?:delmål|delmal|formål|tiltak)\b|^\s*(?:20\d\d\s+)+20\d\d\s*$|totalbudsj|"
    r"finansieringskild",
    re.IGNORECASE,
)

# Canonical column names and their header words: one vocabulary, in extract.tables.
COLUMN_VOCAB = BUDGET_COLUMNS
_YEAR_COLUMN_RE = re.compile(r"(?<!\d)(20\d\d)(?!\d)")

# Row labels of sum rows (tested on the label without its number).
SUM_LABEL_RE = re.compile(r"^(?:sum\b|totalt?\b|til\s*sammen\b|tilsammen\b|i\s+alt\b)", re.I)
# Rows that are cost lines of the whole plan, not a delmål.
NON_DELMAL_RE = re.compile(
    r"prosjektlei?d|prosjektleiing|administrasjon|avsetning|avsett|frikjøp|reserve|uforutsett",
    re.IGNORECASE,
)

_NUMBER_RE = re.compile(r"^\s*(?P<no>\d{1,2}|T\d{0,2})\.?(?=\s|$)\s*(?P<rest>.*)$")
_CURRENCY_WORD_RE = re.compile(r"(?<![^\W\d_])(?:kr\.?|kroner|NOK)(?![^\W\d_])")
_DASH_RE = re.compile(r"(?:(?<=\s)|^)(?P<kr>(?:kr\.?|NOK)\s+)?[-–](?=\s|$)")
_CHAPTER_RE = re.compile(r"^\s*\d{1,2}\.\s+[A-ZÆØÅ]")


# ---------------------------------------------------------------------------------------
# Parsed tables
# ---------------------------------------------------------------------------------------
@dataclass(slots=True)
class Cell:
    """One cell of a budget table: a figure or a "-"."""

    raw: str
    amount_nok: int | None  # None for "-" and for a garbled figure
    first_line: int  # index into doc.lines
    last_line: int
    start: int  # offset of raw in its first line (-1 when unknown, PDF grid)
    dash: bool = False
    garbled: bool = False
    paren: bool = False
    column: str | None = None
    placement: str | None = None

    @property
    def value(self) -> int | None:
        """The cell in arithmetic: "-" is 0, a garbled figure unknown."""
        return 0 if self.dash else self.amount_nok


@dataclass(slots=True)
class Row:
    label: str
    first_line: int  # index of the row's first line (label or first cell)
    number: str | None = None
    cells: list[Cell] = field(default_factory=list)
    is_sum: bool = False
    delmal_no: str | None = None
    # For overview tables: the "Delmål N" group the row belongs to.
    group: str | None = None

    @property
    def memo(self) -> bool:
        return bool(self.cells) and all(c.paren or c.dash for c in self.cells)

    @property
    def bare_label(self) -> str:
        m = _NUMBER_RE.match(self.label)
        return m["rest"] if m and m["rest"] else self.label


@dataclass(slots=True)
class ParsedTable:
    kind: str  # period | year | overview | allocation
    span: TableSpan
    heading_line: int | None
    columns: list[str]
    rows: list[Row]
    total_col: int = 0
    source: str = "text"  # text | grid
    year: int | None = None  # the year a plan-year table is for (from its heading)

    @property
    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.is_sum]

    @property
    def sum_row(self) -> Row | None:
        sums = [r for r in self.rows if r.is_sum]
        return sums[-1] if sums else None

    def cells(self) -> Iterator[tuple[Row, Cell]]:
        for row in self.rows:
            for cell in row.cells:
                yield row, cell


_SPAN_KIND = {
    "period": "budget_period",
    "year": "budget_year",
    "overview": "overview",
    "allocation": "allocation",
}


# ---------------------------------------------------------------------------------------
# The budget_tables stage
# ---------------------------------------------------------------------------------------
def find_tables(doc: Document, settings: Settings | None = None) -> None:
    """Find and parse the budget, overview and allocation tables into ``doc.budget_tables``
    and register their line spans in ``doc.table_spans``, for the stages after it."""
    doc.budget_tables = _parse_all(doc, (settings or Settings()).budget)
    # Run twice (a hand-made pipeline), the spans are still registered once.
    doc.table_spans.extend(t.span for t in doc.budget_tables if t.span not in doc.table_spans)


def cell_kind(table: ParsedTable, row: Row, cell: Cell) -> str:
    """Contract ``kind`` of a table cell for the amounts table.

    Sum rows and the row-total column are ``total`` (they add up other cells); the other
    cells of KDD's allocation table are ``allocation``; of budget/overview tables
    ``budget`` (money set aside per delmål/tiltak and financing source).
    """
    if row.is_sum:
        return "total"
    if (
        table.kind in ("period", "year", "allocation")
        and cell.column == table.columns[table.total_col]
    ):
        return "total"
    if table.kind == "allocation":
        return "allocation"
    return "budget"


# ---------------------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------------------
def _is_heading(line: Line, regex: re.Pattern[str]) -> bool:
    return bool(regex.search(line.text)) and not _TOC_LINE_RE.search(line.text)


def _parse_all(doc: Document, limits: BudgetSettings) -> list[ParsedTable]:
    tables: list[ParsedTable] = []
    used: set[int] = set()
    for line in doc.lines:
        kind = None
        if _is_heading(line, PERIOD_HEADING_RE):
            kind = "period"
        elif _is_heading(line, YEAR_HEADING_RE):
            kind = "year"
        if kind is not None and line.index not in used:
            table = _grid_table(doc, kind, line.index, limits) or _text_table(
                doc, kind, line.index, limits
            )
            if table is not None:
                tables.append(table)
                used.update(range(table.span.first_line, table.span.last_line + 1))
    for line in doc.lines:
        if line.index in used:
            continue
        if OVERVIEW_HEADER_RE.match(line.text) or _is_heading(line, OVERVIEW_HEADING_RE):
            table = _overview_table(doc, line.index, limits)
            if table is not None:
                tables.append(table)
                used.update(range(table.span.first_line, table.span.last_line + 1))
        elif ALLOCATION_HEADER_RE.match(line.text):
            table = _allocation_table(doc, line.index, limits)
            if table is not None:
                tables.append(table)
                used.update(range(table.span.first_line, table.span.last_line + 1))
    tables.sort(key=lambda t: t.span.first_line)
    _assign_delmal(doc, tables)
    return tables


# ---------------------------------------------------------------------------------------
# Cells and labels on text lines
# ---------------------------------------------------------------------------------------
@dataclass(slots=True)
class _LineInfo:
    index: int
    cells: list[Cell]  # cells starting on this line
    label: str  # the words left when cells and currency words are removed
    raw_text: str
    # Whether the line ends at a word end. Text dumps end a line inside a word without a
    # trailing blank ("kontorfellesska"/"p"); PDF lines are stripped, so there we cannot
    # tell and assume a word end.
    word_end: bool = True


def _scan_lines(doc: Document, first: int, last: int) -> list[_LineInfo]:
    """Cells and label text of doc.lines[first:last+1] (table mode: bare figures count)."""
    texts = [doc.lines[i].text for i in range(first, last + 1)]
    pdf = doc.source.extractor != "text"
    covered: list[list[tuple[int, int]]] = [[] for _ in texts]
    cells_by_line: list[list[Cell]] = [[] for _ in texts]
    for f, la, m in find_amounts_in_lines(texts, in_table=True):
        if f == la:
            covered[f].append((m.start, m.end))
        else:
            covered[f].append((m.start, len(texts[f])))
            covered[la].append((0, m.end))
        before = texts[f][: m.start].rstrip()
        after = texts[la][m.end :].lstrip()
        cells_by_line[f].append(
            Cell(
                raw=m.raw,
                amount_nok=m.amount_nok,
                first_line=first + f,
                last_line=first + la,
                start=m.start,
                garbled=m.garbled or m.amount_nok is None,
                paren=before.endswith("(") and after.startswith(")"),
            )
        )
    infos = []
    for k, text in enumerate(texts):
        masked = _mask(text, covered[k])
        for d in _DASH_RE.finditer(masked):
            before = masked[: d.start()]
            has_money_before = any(s < d.start() for s, _ in covered[k])
            if d["kr"] or not before.strip() or has_money_before:
                cells_by_line[k].append(
                    Cell(
                        raw=d[0].strip(),
                        amount_nok=None,
                        first_line=first + k,
                        last_line=first + k,
                        start=d.start() + (len(d[0]) - len(d[0].lstrip())),
                        dash=True,
                    )
                )
                covered[k].append(d.span())
        masked = _mask(text, covered[k])
        label = _CURRENCY_WORD_RE.sub(" ", masked)
        label = re.sub(r"\(\s*\)|[()]", " ", label)
        label = " ".join(label.split())
        cells_by_line[k].sort(key=lambda c: c.start)
        word_end = pdf or not text or not text[-1].isalpha()
        infos.append(_LineInfo(first + k, cells_by_line[k], label, text, word_end))
    return infos


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for s, e in spans:
        for i in range(max(0, s), min(len(chars), e)):
            chars[i] = " "
    return "".join(chars)


def _join_label(label: str, piece: str, prev_word_end: bool) -> str:
    """Join a wrapped label piece; a line ending inside a word has no trailing blank."""
    if not label:
        return piece
    if not prev_word_end and piece[:1].islower():
        return label + piece
    return f"{label} {piece}"


def _is_prose(label: str) -> bool:
    """A line of running text after a table (not a row label)."""
    return len(label.split()) >= 9 or bool(re.search(r"[.!?]\s*$", label) and len(label) > 40)


def _rows_from_lines(infos: list[_LineInfo]) -> tuple[list[Row], int]:
    """Group scanned lines into rows; returns (rows, index of the table's last line)."""
    rows: list[Row] = []
    cur: Row | None = None
    last_line = infos[0].index if infos else 0
    prev_word_end = True
    lines_without_cells = 0
    for info in infos:
        if info.label:
            if cur is not None and cur.is_sum and cur.cells:
                break
            if _is_prose(info.label) and any(r.cells for r in rows):
                break
            if _CHAPTER_RE.match(info.raw_text) and any(r.cells for r in rows):
                break
            m = _NUMBER_RE.match(info.label)
            starts_numbered = m is not None
            if cur is None or cur.cells or (starts_numbered and (cur.label or cur.number)):
                cur = Row(label=info.label, first_line=info.index)
                rows.append(cur)
            else:
                cur.label = _join_label(cur.label, info.label, prev_word_end)
            cur.is_sum = bool(SUM_LABEL_RE.match(cur.bare_label))
            m = _NUMBER_RE.match(cur.label)
            cur.number = m["no"] if m else None
            prev_word_end = info.word_end
            last_line = max(last_line, info.index)
        if info.cells:
            if cur is None:
                cur = Row(label="", first_line=info.index)
                rows.append(cur)
            cur.cells.extend(info.cells)
            last_line = max(last_line, max(c.last_line for c in info.cells))
            lines_without_cells = 0
        elif info.raw_text.strip():
            lines_without_cells += 1
            if lines_without_cells > 25 and any(r.cells for r in rows):
                break
    # A label after the last cells that never got cells is not part of the table.
    while rows and not rows[-1].cells:
        rows.pop()
    if rows:
        last_line = max(c.last_line for r in rows for c in r.cells)
    return rows, last_line


# ---------------------------------------------------------------------------------------
# Budget tables from text
# ---------------------------------------------------------------------------------------
def _columns_from_header(header_text: str, kind: str) -> list[str]:
    compact = re.sub(r"\s+", "", header_text).lower()
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in COLUMN_VOCAB:
        for m in re.finditer(pattern, compact):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            found.append((m.start(), name))
            taken.append(m.span())
            break
    names = [n for _, n in sorted(found)]
    if kind == "period":
        years = sorted({int(y) for y in _YEAR_COLUMN_RE.findall(header_text)})
        names = [n for n in names if n == TOTAL_COLUMN] + [str(y) for y in years]
    if TOTAL_COLUMN in names:
        names.remove(TOTAL_COLUMN)
    return [TOTAL_COLUMN, *names]


def _text_table(
    doc: Document, kind: str, heading: int, limits: BudgetSettings
) -> ParsedTable | None:
    """A text dump's budget table: built as a :class:`Table` by :func:`text_budget_table`,
    then read like a PDF's or a Word file's grid."""
    table = text_budget_table(doc, kind, heading, limits)
    if table is None:
        return None
    columns = [table.cell_at(0, j).text for j in range(1, table.n_cols)]  # type: ignore[union-attr]
    return _read_grid(doc, kind, heading, [table], columns, list(range(1, table.n_cols)))


def text_budget_table(
    doc: Document, kind: str, heading: int, limits: BudgetSettings
) -> Table | None:
    """The budget table under ``heading`` rebuilt from a text dump's lines as a
    :class:`Table` (``source="text"``, registered in ``doc.tables``): a header row with
    the column names, then one row per table row, its label in the first column and every
    figure in the column the placement rules give it (:func:`_place`), with the line it
    stands on and how it got its column (``Cell.placement``)."""
    parsed = _sequence_table(doc, kind, heading, limits)
    if parsed is None:
        return None
    cells = [TableCell("", 0, 0, line=parsed.span.first_line)]
    names = list(parsed.columns)
    # Cells no column takes ("?") get columns of their own after the named ones.
    extra = max((sum(1 for c in r.cells if c.column == "?") for r in parsed.rows), default=0)
    names += ["?"] * extra
    cells += [TableCell(name, 0, j, line=parsed.span.first_line) for j, name in enumerate(names, 1)]
    for r, row in enumerate(parsed.rows, 1):
        cells.append(TableCell(row.label, r, 0, line=row.first_line))
        overflow = len(parsed.columns) + 1
        for cell in row.cells:
            if cell.column == "?":
                col, overflow = overflow, overflow + 1
            else:
                col = parsed.columns.index(cell.column or "") + 1
            text = f"({cell.raw})" if cell.paren else cell.raw
            cells.append(TableCell(text, r, col, line=cell.first_line, placement=cell.placement))
    table = Table(
        table_id=len(doc.tables),
        page=doc.lines[parsed.span.first_line].page,
        cells=cells,
        n_rows=len(parsed.rows) + 1,
        n_cols=len(names) + 1,
        source="text",
        first_line=parsed.span.first_line,
        last_line=parsed.span.last_line,
    )
    doc.tables.append(table)
    return table


def _sequence_table(
    doc: Document, kind: str, heading: int, limits: BudgetSettings
) -> ParsedTable | None:
    """The sequence reader: the table's figures and labels in reading order, grouped into
    rows and placed in columns (rules 1-4 of the module docstring)."""
    n = len(doc.lines)
    header_start = next(
        (
            i
            for i in range(heading + 1, min(n, heading + 1 + limits.header_window))
            # A header line is short; prose under the heading may name the same words
            # ("... fordeling av eksterne finansieringskilder ...", 000 line 2424).
            if _HEADER_START_RE.search(doc.lines[i].text) and not _is_prose(doc.lines[i].stripped)
        ),
        None,
    )
    if header_start is None:
        return None
    end = min(n - 1, header_start + limits.table_window)
    # Stop before the next budget heading so two tables never share lines.
    for i in range(header_start, end + 1):
        if i > heading and (
            _is_heading(doc.lines[i], PERIOD_HEADING_RE)
            or _is_heading(doc.lines[i], YEAR_HEADING_RE)
        ):
            end = i - 1
            break
    infos = _scan_lines(doc, header_start, end)
    data_at = next(
        (
            k
            for k, info in enumerate(infos)
            if (info.cells and not all(c.dash for c in info.cells))
            or (_NUMBER_RE.match(info.label) and re.search(r"[^\W\d_]", info.label))
        ),
        None,
    )
    if data_at is None:
        return None
    header_text = " ".join(info.raw_text for info in infos[:data_at])
    columns = _columns_from_header(header_text, kind)
    rows, last_line = _rows_from_lines(infos[data_at:])
    if not any(r.cells for r in rows):
        return None
    year = None
    ym = _YEAR_COLUMN_RE.search(doc.lines[heading].text)
    if ym and kind == "year":
        year = int(ym.group(1))
    widest = max(len(r.cells) for r in rows)
    if widest > len(columns):
        # The header words were not recognised (a new wording): keep every cell, under
        # generic names, and say so rather than dropping money.
        doc.add_check(
            "budget_placement",
            "warning",
            f"{kind} table: the header names {len(columns)} column(s) ({', '.join(columns)}) "
            f"but a row has {widest} cells; the unnamed ones are called 'column N'",
            doc.lines[header_start],
        )
        columns = columns + [f"column {k}" for k in range(len(columns) + 1, widest + 1)]
    span = TableSpan(kind=_SPAN_KIND[kind], first_line=header_start, last_line=last_line)
    table = ParsedTable(kind, span, heading, columns, rows, total_col=0, year=year)
    _place(doc, table, limits)
    return table


# ---------------------------------------------------------------------------------------
# Budget tables from a PDF grid
# ---------------------------------------------------------------------------------------
def _grid_table(
    doc: Document, kind: str, heading: int, limits: BudgetSettings
) -> ParsedTable | None:
    """The budget table from the source's grid (a PDF's ruled table, a Word table), when
    the document has one after the heading."""
    page_no = doc.lines[heading].page
    candidates: list[Table] = [
        t
        for t in doc.tables
        if t.source != "text"
        and t.first_line is not None
        and t.first_line > heading
        and (
            t.first_line <= heading + limits.table_window
            if page_no is None or t.page is None
            else t.page in (page_no, page_no + 1)
        )
    ]
    candidates.sort(key=lambda t: t.table_id)
    for i, table in enumerate(candidates):
        header_rows, body = _split_grid_header(table.rows)
        columns, positions = _grid_columns(header_rows, kind)
        if len(columns) < 2:
            continue
        grid_tables = [table]
        rows = _grid_rows(doc, table, body, columns, positions)
        # A table broken by a page break continues on the next page, with its header row
        # repeated or without one.
        for nxt in candidates[i + 1 :]:
            if any(r.is_sum for r in rows):
                break
            if (
                nxt.bbox is None  # only a PDF cuts a table at a page break
                or nxt.page is None
                or grid_tables[-1].page is None
                or nxt.page != grid_tables[-1].page + 1
            ):
                break
            nh, nb = _split_grid_header(nxt.rows)
            if nh and not rows and len(nh[0]) == len(header_rows[-1]):
                # Only the header stood above the break, and its cells go on below it
                # ("Kommunal egenande" / "l"): one header row, cell by cell.
                header_rows = [*header_rows[:-1], _joined_row(header_rows[-1], nh[0]), *nh[1:]]
                columns, positions = _grid_columns(header_rows, kind)
            elif nh and _grid_columns(nh, kind) != (columns, positions):
                break
            grid_tables.append(nxt)
            rows += _grid_rows(doc, nxt, nb, columns, positions)
        parsed = _parsed(doc, kind, heading, grid_tables, columns, rows)
        if parsed is not None:
            return parsed
    return None


def _read_grid(
    doc: Document,
    kind: str,
    heading: int,
    tables: list[Table],
    columns: list[str],
    positions: list[int],
) -> ParsedTable | None:
    """A budget table from its :class:`Table` parts (the columns named, at their grid
    positions), whatever built them: a PDF, a Word file or a text dump."""
    rows: list[Row] = []
    for table in tables:
        rows += _grid_rows(doc, table, table.rows[1:], columns, positions)
    return _parsed(doc, kind, heading, tables, columns, rows)


def _parsed(
    doc: Document,
    kind: str,
    heading: int,
    tables: list[Table],
    columns: list[str],
    rows: list[Row],
) -> ParsedTable | None:
    text = tables[0].source == "text"
    if not text:
        rows = [r for r in rows if r.cells]
    if not any(r.cells for r in rows):
        return None
    first = min(t.first_line for t in tables if t.first_line is not None)
    last = max(t.last_line for t in tables if t.last_line is not None)
    span = TableSpan(
        kind=_SPAN_KIND[kind],
        first_line=first,
        last_line=last,
        pdf_table_ids=[] if text else [t.table_id for t in tables],
    )
    ym = _YEAR_COLUMN_RE.search(doc.lines[heading].text)
    year = int(ym.group(1)) if ym and kind == "year" else None
    parsed = ParsedTable(kind, span, heading, columns, rows, 0, "text" if text else "grid", year)
    if not text:
        for row in rows:
            for cell in row.cells:
                cell.placement = "grid"
    return parsed


def _joined_row(upper: list[str | None], lower: list[str | None]) -> list[str | None]:
    """A grid row cut by a page break, its cells joined again (header words compare with
    white space removed, so the line break between the parts is kept)."""
    return [
        "\n".join(part for part in (a, b) if part) or None
        for a, b in zip(upper, lower, strict=True)
    ]


def _cell_has_money(text: str | None) -> bool:
    return bool(text) and bool(find_amounts(text or "", in_table=True))


def _split_grid_header(
    rows: list[list[str | None]],
) -> tuple[list[list[str | None]], list[list[str | None]]]:
    for k, row in enumerate(rows):
        if any(_cell_has_money(c) for c in row[1:]):
            return rows[:k], rows[k:]
    return rows, []


def _grid_columns(header_rows: list[list[str | None]], kind: str) -> tuple[list[str], list[int]]:
    """Column names and their grid positions from the header cells."""
    width = max((len(r) for r in header_rows), default=0)
    names: list[str] = []
    positions: list[int] = []
    for j in range(width):
        texts = [r[j] or "" for r in header_rows if j < len(r)]
        name = None
        # The lowest header row names the column; a heading merged over several columns
        # above it ("Statleg medfinansiering" over the years) does not.
        for text in [*reversed(texts), " ".join(texts)]:
            compact = header_key(text)
            if kind == "period" and _YEAR_COLUMN_RE.fullmatch(compact):
                name = compact
            else:
                name = next(
                    (canon for canon, pattern in COLUMN_VOCAB if re.search(pattern, compact)),
                    None,
                )
            if name is not None:
                break
        if name is not None and name not in names:
            names.append(name)
            positions.append(j)
    if TOTAL_COLUMN in names:  # the total leads, as in text tables (total_col == 0)
        k = names.index(TOTAL_COLUMN)
        names.insert(0, names.pop(k))
        positions.insert(0, positions.pop(k))
    return names, positions


def _grid_rows(
    doc: Document,
    table: Table,
    body: list[list[str | None]],
    columns: list[str],
    positions: list[int],
) -> list[Row]:
    """Rows of a pdfplumber grid; each cell is tied to the figure on the page's text lines.

    The tie (line, offset) is what the amounts stage finds on the same lines, so a grid
    cell and its amount share one key. Figures are matched by value in reading order,
    from the row's first line on; a cell that cannot be tied keeps offset -1.
    """
    lines = (
        doc.lines[table.first_line : table.last_line + 1] if table.first_line is not None else []
    )
    on_lines = [
        (lines[f].index, m.start, m.amount_nok, m.raw)
        for f, _, m in find_amounts_in_lines([ln.text for ln in lines], in_table=True)
    ]
    used: set[int] = set()
    rows = []
    first_pos = min(positions) if positions else 1
    cursor = table.first_line or 0
    # A text dump's table knows the line of every label and figure; a grid knows where
    # its cells are on the page, and the lines are found from the label's words.
    text_source = table.source == "text"
    offset = table.n_rows - len(body)
    for r, grid_row in enumerate(body, offset):
        label = " ".join(" ".join((c or "").split()) for c in grid_row[:first_pos]).strip()
        label_cell = table.cell_at(r, 0)
        if text_source and label_cell is not None and label_cell.line is not None:
            row = Row(label=label_cell.text, first_line=label_cell.line)
        else:
            # The row's first line: the next line (from the previous row's) holding the
            # label's first word (a bare delmål number would match any figure).
            word = next((w for w in label.split() if re.search(r"[^\W\d_]", w)), "")
            anchor = _locate([ln for ln in lines if ln.index >= cursor], word)
            row = Row(label=label, first_line=anchor if anchor is not None else cursor)
        cursor = row.first_line
        for col_index, j in enumerate(positions):
            text = grid_row[j] if j < len(grid_row) else None
            if text is None or not text.strip():
                continue
            own = table.cell_at(r, j)
            from_line = row.first_line
            if text_source and own is not None and own.line is not None:
                from_line = own.line
            compact = " ".join(text.split())
            found = find_amounts(compact, in_table=True)
            if found:
                m = found[0]
                k = next(
                    (
                        k
                        for k, (idx, _, amount, raw) in enumerate(on_lines)
                        if k not in used
                        and idx >= from_line
                        and (amount == m.amount_nok if m.amount_nok is not None else raw == m.raw)
                    ),
                    None,
                )
                if k is not None:
                    used.add(k)
                where = on_lines[k][:2] if k is not None else (from_line, -1)
                cell = Cell(
                    raw=m.raw,
                    amount_nok=m.amount_nok,
                    first_line=where[0],
                    last_line=where[0],
                    start=where[1],
                    garbled=m.garbled or m.amount_nok is None,
                    paren=compact.startswith("(") and compact.endswith(")"),
                )
            elif re.fullmatch(r"(?:kr\.?\s*)?[-–]", compact):
                cell = Cell(compact, None, from_line, from_line, -1, dash=True)
            else:
                continue
            if own is not None:
                cell.placement = own.placement
            cell.column = columns[col_index]
            row.cells.append(cell)
        row.is_sum = bool(SUM_LABEL_RE.match(row.bare_label))
        m = _NUMBER_RE.match(row.label)
        row.number = m["no"] if m else None
        rows.append(row)
    return rows


def _locate(lines: list[Line], needle: str) -> int | None:
    """Index of the first line in ``lines`` that contains ``needle``."""
    if not needle:
        return None
    return next((line.index for line in lines if needle in line.text), None)


# ---------------------------------------------------------------------------------------
# Placement
# ---------------------------------------------------------------------------------------
def _place(doc: Document, table: ParsedTable, limits: BudgetSettings) -> None:
    """Give every cell of a text table its column (see the module docstring, rule 4)."""
    if table.source == "grid":
        return
    cols = table.columns
    n = len(cols)
    tc = table.total_col
    others = [j for j in range(n) if j != tc]
    gap_rows: list[Row] = []
    for row in table.rows:
        cells = row.cells
        if not cells:  # a label whose cells the dump lost: nothing to place
            continue
        if len(cells) >= n:
            for cell, name in zip(cells, cols, strict=False):
                cell.column, cell.placement = name, "header"
            for cell in cells[n:]:
                cell.column, cell.placement = "?", "ambiguous"
            if len(cells) > n:
                doc.add_check(
                    "budget_placement",
                    "warning",
                    f"{table.kind} table, row '{row.label}': {len(cells)} cells for "
                    f"{n} columns; the {len(cells) - n} last ones have no column",
                    doc.lines[row.first_line],
                )
            continue
        total_cell = cells[0] if tc == 0 else cells[-1]
        total_cell.column, total_cell.placement = cols[tc], "header"
        if len(cells) > 1:
            gap_rows.append(row)
    if not gap_rows:
        return

    def parts(row: Row) -> list[Cell]:
        return row.cells[1:] if tc == 0 else row.cells[:-1]

    # Memo rows are not added into the columns and a short SUM row is no target: neither
    # takes part in the search, so neither can be confirmed by it.
    searchable = [r for r in gap_rows if not r.memo and not r.is_sum]
    solutions = _search_placements(table, searchable, parts, others, limits)
    for row in gap_rows:
        k = next((i for i, r in enumerate(searchable) if r is row), None)
        options = {s[k] for s in solutions} if k is not None else set()
        if k is not None and solutions:
            chosen, how = solutions[0][k], "placed as"
        else:
            chosen, how = tuple(others[: len(parts(row))]), "placed left to right as"
        placement = "arithmetic" if len(options) == 1 else "ambiguous"
        for cell, j in zip(parts(row), chosen, strict=True):
            cell.column, cell.placement = cols[j], placement
        if placement == "arithmetic":
            continue
        if len(options) > 1:
            why = f"{len(options)} placements add up to the SUM row"
        elif row.is_sum:
            why = "the SUM row itself is short"
        elif row.memo:
            why = "a memo row is not in the column sums"
        elif not _complete_sum(table):
            why = "no complete SUM row decides it"
        else:
            why = "no placement makes the columns add up to the SUM row"
        placed = ", ".join(f"{c.column}={_fmt(c.value)}" for c in parts(row))
        doc.add_check(
            "budget_placement",
            "warning",
            f"{table.kind} table, row '{row.label}': {len(parts(row))} cell(s) for "
            f"{len(others)} columns, column alignment lost in the text and {why}; "
            f"{how} {placed}",
            doc.lines[row.first_line],
        )


def _complete_sum(table: ParsedTable) -> bool:
    s = table.sum_row
    return (
        s is not None
        and len(s.cells) == len(table.columns)
        and all(c.value is not None for c in s.cells)
    )


def _search_placements(
    table: ParsedTable,
    rows: list[Row],
    parts: Callable[[Row], list[Cell]],
    others: list[int],
    limits: BudgetSettings,
) -> list[tuple[tuple[int, ...], ...]]:
    """Placements of the short ``rows`` that make every column match the SUM row.

    Each solution gives, per row, the column indexes of its non-total cells. Depth-first
    over the rows, cells kept in order (itertools.combinations, left-packed first); a
    branch dies as soon as a column exceeds its SUM cell (amounts are not negative). At
    most ``limits.max_solutions`` are collected: two already make a row ambiguous.
    """
    if not _complete_sum(table):
        return []
    s = table.sum_row
    assert s is not None
    target = {j: s.cells[j].value for j in others}
    fixed = {j: 0 for j in others}
    searched = {id(r) for r in rows}
    for row in table.data_rows:
        if row.memo or id(row) in searched:
            continue
        if len(row.cells) >= len(table.columns):
            for j, cell in enumerate(row.cells[: len(table.columns)]):
                if j in fixed:
                    if cell.value is None:
                        return []
                    fixed[j] += cell.value
    values = [[c.value for c in parts(r)] for r in rows]
    if any(v is None for vs in values for v in vs):
        return []
    remaining = {j: target[j] - fixed[j] for j in others}
    if any(v < 0 for v in remaining.values()) or sum(remaining.values()) != sum(
        v for vs in values for v in vs
    ):
        return []
    options = [list(combinations(others, len(vs))) for vs in values]
    found: list[tuple[tuple[int, ...], ...]] = []
    chosen: list[tuple[int, ...]] = []
    nodes = 0

    def dfs(k: int) -> bool:
        nonlocal nodes
        if k == len(rows):
            if all(v == 0 for v in remaining.values()):
                found.append(tuple(chosen))
            return len(found) >= limits.max_solutions
        for opt in options[k]:
            nodes += 1
            if nodes > limits.max_search_nodes:
                return True
            if all(remaining[j] >= v for j, v in zip(opt, values[k], strict=True)):
                for j, v in zip(opt, values[k], strict=True):
                    remaining[j] -= v
                chosen.append(opt)
                stop = dfs(k + 1)
                chosen.pop()
                for j, v in zip(opt, values[k], strict=True):
                    remaining[j] += v
                if stop:
                    return True
        return False

    if dfs(0) and nodes > limits.max_search_nodes:
        return []  # too many ways to try: claim nothing
    return found


# ---------------------------------------------------------------------------------------
# Overview and allocation tables
# ---------------------------------------------------------------------------------------
_GROUP_TOTAL_RE = re.compile(r"^(?:til\s*sammen|tilsammen)\b", re.IGNORECASE)
_OVERVIEW_GROUP_RE = re.compile(r"^\s*delmål\s*(?P<no>\d{1,2}|T)\s*[:.]?", re.IGNORECASE)


def _overview_table(doc: Document, at: int, limits: BudgetSettings) -> ParsedTable | None:
    n = len(doc.lines)
    # From a heading, the header row "Delmål Tiltak Beløp" follows within a few lines.
    start = at
    if not OVERVIEW_HEADER_RE.match(doc.lines[at].text):
        start = next(
            (
                i
                for i in range(at + 1, min(n, at + limits.overview_header_window))
                if OVERVIEW_HEADER_RE.match(doc.lines[i].text)
            ),
            at,
        )
    end = min(n - 1, start + limits.table_window)
    infos = _overview_grid(doc, at, limits)
    if infos is None:
        infos = _scan_lines(doc, start + 1, end)
    rows: list[Row] = []
    group: str | None = None
    cur: Row | None = None
    last_sum_line: int | None = None
    prev_word_end = True
    for info in infos:
        label = info.label
        if label:
            g = _OVERVIEW_GROUP_RE.match(label)
            if g:
                group = g["no"].upper()
                cur = None
                prev_word_end = info.word_end
                if info.cells:  # a group line with an amount is an item of its own
                    cur = Row(label=label, first_line=info.index, group=group)
                    rows.append(cur)
                    cur.cells.extend(info.cells)
                continue
            is_sum = bool(SUM_LABEL_RE.match(label))
            if _is_prose(label) and not re.match(r"^\d{1,2}\.\s", label) and not is_sum:
                break
            item = re.match(r"^\d{1,2}\.\s", label)
            if is_sum or item or cur is None or cur.cells:
                grand = is_sum and not _GROUP_TOTAL_RE.match(label)
                # The grand total ("Total bruk av Bygdevekstmidler") belongs to no delmål.
                cur = Row(
                    label=label,
                    first_line=info.index,
                    is_sum=is_sum,
                    group=None if grand else group,
                )
                m = re.match(r"^(\d{1,2})\.", label)
                cur.number = m.group(1) if m else None
                rows.append(cur)
            else:
                cur.label = _join_label(cur.label, label, prev_word_end)
            prev_word_end = info.word_end
        if info.cells:
            if cur is None:
                cur = Row(label="", first_line=info.index, group=group)
                rows.append(cur)
            cur.cells.extend(info.cells)
            if cur.is_sum:
                last_sum_line = max(c.last_line for c in info.cells)
    if last_sum_line is None:
        return None
    rows = [r for r in rows if r.first_line <= last_sum_line]
    for row in rows:
        for cell in row.cells:
            cell.column, cell.placement = "Beløp", "header"
            row.delmal_no = row.group
    span = TableSpan(kind="overview", first_line=at, last_line=last_sum_line)
    return ParsedTable("overview", span, at, ["Beløp"], rows, total_col=0)


def _overview_grid(
    doc: Document, header_line: int, limits: BudgetSettings
) -> list[_LineInfo] | None:
    """The overview table's rows from the source's grid (PDF, .docx), one per grid row:
    a label wrapped in a narrow cell ("Til" / "sammen") stays in its row and a figure
    wrapped in a narrow cell ("1 800" / "000 kr") is read from its own cell, never
    together with the neighbour cell's figure on the same printed line."""
    # The grid whose header names Tiltak and Beløp, at or just after the heading (a header
    # wrapped in narrow cells, "Delmå" / "l", is not found as a line of text).
    first = next(
        (
            t
            for t in doc.tables
            if t.source != "text"
            and t.first_line is not None
            and header_line <= t.first_line <= header_line + limits.overview_header_window
            and t.rows
            and {"tiltak", "budsjett"} <= {column_of(text) for text in t.rows[0]}
        ),
        None,
    )
    if first is None:
        return None
    grid = [first]
    for nxt in doc.tables[doc.tables.index(first) + 1 :]:
        last = grid[-1]
        if (
            nxt.bbox is None
            or nxt.page is None
            or last.page is None
            or nxt.page != last.page + 1
            or nxt.n_cols != first.n_cols
        ):
            break
        grid.append(nxt)
    header = first.rows[0]
    money = next(
        (j for j, text in enumerate(header) if column_of(text) == "budsjett"), len(header) - 1
    )
    lines = [
        ln
        for t in grid
        if t.first_line is not None and t.last_line is not None
        for ln in doc.lines[t.first_line : t.last_line + 1]
    ]
    on_lines = [
        (lines[f].index, m.start, m.amount_nok)
        for f, _, m in find_amounts_in_lines([ln.text for ln in lines], in_table=True)
    ]
    used: set[int] = set()
    infos: list[_LineInfo] = []
    for table in grid:
        for r, row in enumerate(table.rows):
            if r == 0 and (table is first or row == header):
                continue  # the header row, repeated on a new page or not
            anchor = next(
                (
                    c.line
                    for c in table.cells
                    if c.row == r and c.line is not None and c.text.strip()
                ),
                table.first_line or header_line,
            )
            label = " ".join(
                " ".join((text or "").split()) for j, text in enumerate(row) if j != money
            ).strip()
            cells: list[Cell] = []
            compact = " ".join((row[money] or "").split()) if money < len(row) else ""
            for m in find_amounts(compact, in_table=True) if compact else []:
                k = next(
                    (
                        k
                        for k, (idx, _, amount) in enumerate(on_lines)
                        if k not in used and idx >= anchor and amount == m.amount_nok
                    ),
                    None,
                )
                if k is not None:
                    used.add(k)
                where = on_lines[k][:2] if k is not None else (anchor, -1)
                cells.append(
                    Cell(
                        raw=m.raw,
                        amount_nok=m.amount_nok,
                        first_line=where[0],
                        last_line=where[0],
                        start=where[1],
                        garbled=m.garbled or m.amount_nok is None,
                    )
                )
            if label or cells:
                infos.append(_LineInfo(anchor, cells, label, label))
    return infos


def _allocation_table(doc: Document, at: int, limits: BudgetSettings) -> ParsedTable | None:
    n = len(doc.lines)
    infos = _scan_lines(doc, at, min(n - 1, at + limits.allocation_window))
    data_at = next((k for k, info in enumerate(infos) if len(info.cells) >= 2), None)
    if data_at is None:
        return None
    header = " ".join(info.raw_text for info in infos[:data_at])
    columns = [f"Fase {m}" for m in re.findall(r"fase\s*(\d)", header, re.IGNORECASE)]
    columns.append("Totalt")
    rows: list[Row] = []
    for info in infos[data_at:]:
        if not info.cells:
            if info.label:
                break
            continue
        row = Row(label=info.label, first_line=info.index, cells=list(info.cells))
        row.is_sum = bool(SUM_LABEL_RE.match(row.label))
        rows.append(row)
        if row.is_sum:
            break
    if not rows:
        return None
    last = max(c.last_line for r in rows for c in r.cells)
    span = TableSpan(kind="allocation", first_line=at, last_line=last)
    table = ParsedTable("allocation", span, at, columns, rows, total_col=len(columns) - 1)
    _place(doc, table, limits)
    return table


# ---------------------------------------------------------------------------------------
# Row label -> delmål
# ---------------------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def label_theme(text: str) -> str | None:
    """Theme of a row label or delmål title (:func:`hplan.normalize.themes.assign_theme`,
    the one theme vocabulary), None when it names none. Cached: every table of a document
    asks again for each of its delmål titles."""
    theme, _ = assign_theme(text)
    return None if theme == OTHER_THEME else theme


def _assign_delmal(doc: Document, tables: list[ParsedTable]) -> None:
    """The delmål of every row of the period and year tables. The themes of the delmål and
    the numbered rows of all tables are gathered once per document: gathered per table,
    a dump of many plans cost the square of its tables."""
    delmal_theme: dict[str, str | None] = {}
    for d in doc.delmal:
        delmal_theme[d.delmal_no] = label_theme(d.title) or (
            d.theme if d.theme not in (None, "other") else None
        )
    by_theme: dict[str, list[str]] = {}
    for no, theme in delmal_theme.items():
        if theme:
            by_theme.setdefault(theme, []).append(no)
    # Without doc.delmal, the numbered rows of the budget tables lend their numbers.
    sibling: dict[str, str] = {}
    for other in tables:
        if other.kind in ("period", "year"):
            for row in other.data_rows:
                theme = label_theme(row.bare_label)
                if row.number and theme and not NON_DELMAL_RE.search(row.bare_label):
                    sibling.setdefault(theme, row.number)
    for table in tables:
        if table.kind in ("period", "year"):
            for row in table.rows:
                row.delmal_no = _delmal_of(row, delmal_theme, by_theme, sibling)


def _delmal_of(
    row: Row,
    delmal_theme: dict[str, str | None],
    by_theme: dict[str, list[str]],
    sibling: dict[str, str],
) -> str | None:
    if row.is_sum or NON_DELMAL_RE.search(row.bare_label):
        return None
    theme = label_theme(row.bare_label)
    number = row.number.upper() if row.number else None
    if delmal_theme:
        if number in delmal_theme and (
            theme is None or delmal_theme[number] in (None, theme) or theme not in by_theme
        ):
            return number
        if theme == "tverrgaende":
            return "T"
        if theme and len(by_theme.get(theme, [])) == 1:
            return by_theme[theme][0]
        return None
    if theme == "tverrgaende":
        return "T"
    if number:
        return number
    return sibling.get(theme) if theme else None


# ---------------------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------------------
def run(doc: Document, settings: Settings | None = None) -> None:
    tables = doc.budget_tables
    # The tables were parsed right after the structure stage; map the row labels again
    # now that every stage before this one has filled doc.delmal (measures adds some).
    _assign_delmal(doc, tables)
    for table in tables:
        if table.kind in ("period", "year"):
            _emit_rows(doc, table)
            _check_grid(doc, table, "budget")
        elif table.kind == "allocation":
            _check_grid(doc, table, "allocation")
        elif table.kind == "overview":
            _check_overview(doc, table)
    _check_period_vs_year(doc, tables)
    _check_tiltak(doc, tables)


def _emit_rows(doc: Document, table: ParsedTable) -> None:
    # Lines already given a memo-row note: looked up in a set, not by scanning the checks.
    memo_noted = {c.line for c in doc.checks if c.check == "budget_memo_row"}
    for row, cell in table.cells():
        if cell.dash:
            continue
        line = doc.lines[cell.first_line]
        doc.budget_rows.append(
            BudgetRowRecord(
                doc_id=doc.doc_id,
                table=table.kind,
                delmal_no=row.delmal_no,
                label=row.label,
                column=cell.column or "?",
                amount_nok=cell.amount_nok,
                page=line.page,
                line=line.line,
                placement=cell.placement,
            )
        )
        if cell.paren and doc.lines[row.first_line].line not in memo_noted:
            memo_noted.add(doc.lines[row.first_line].line)
            doc.add_check(
                "budget_memo_row",
                "info",
                f"{table.kind} table, row '{row.label}': figures in parentheses, read as a "
                "memo row ('of which') and left out of the column sums",
                doc.lines[row.first_line],
            )


def _fmt(value: int | None) -> str:
    if value is None:
        return "?"
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", " ")


def _column_cells(table: ParsedTable, row: Row) -> dict[str, Cell]:
    return {c.column: c for c in row.cells if c.column and c.column != "?"}


def _check_grid(doc: Document, table: ParsedTable, prefix: str) -> None:
    """Row totals against their cells, SUM row against the columns."""
    total_name = table.columns[table.total_col]
    for row in table.rows:
        cells = _column_cells(table, row)
        total = cells.get(total_name)
        parts = [c for name, c in cells.items() if name != total_name]
        if total is None or not parts:
            continue
        line = doc.lines[row.first_line]
        if any(c.value is None for c in parts):
            continue
        parts_sum = sum(c.value for c in parts if c.value is not None)
        if total.value is None:
            doc.add_check(
                f"{prefix}_row_sum",
                "warning",
                f"{table.kind} table, row '{row.label}': {total_name} '{total.raw}' is garbled;"
                f" its cells sum to {_fmt(parts_sum)}",
                line,
            )
        elif total.value != parts_sum:
            doc.add_check(
                f"{prefix}_row_sum",
                "warning",
                f"{table.kind} table, row '{row.label}': {total_name} {_fmt(total.value)} but "
                f"its cells sum to {_fmt(parts_sum)}",
                line,
            )
    sum_row = table.sum_row
    if sum_row is None:
        return
    sums = _column_cells(table, sum_row)
    for name in table.columns:
        target = sums.get(name)
        if target is None or target.value is None:
            continue
        values = []
        ambiguous = target.placement == "ambiguous"
        for row in table.data_rows:
            if row.memo:
                continue
            cell = _column_cells(table, row).get(name)
            if cell is not None:
                values.append(cell.value)
                ambiguous = ambiguous or cell.placement == "ambiguous"
        if any(v is None for v in values):
            continue
        col_sum = sum(v for v in values if v is not None)
        if col_sum != target.value:
            note = " (cell placement in this column is ambiguous)" if ambiguous else ""
            doc.add_check(
                f"{prefix}_column_sum",
                "warning",
                f"{table.kind} table, column '{name}': rows sum to {_fmt(col_sum)} but the "
                f"'{sum_row.label}' row says {_fmt(target.value)}{note}",
                doc.lines[sum_row.first_line],
            )


def _check_overview(doc: Document, table: ParsedTable) -> None:
    groups: dict[str | None, list[Row]] = {}
    for row in table.rows:
        groups.setdefault(row.group, []).append(row)
    group_totals: list[int] = []
    grand: Row | None = None
    for group, rows in groups.items():
        items: list[int] = []
        for row in rows:
            values = [c.value for c in row.cells]
            if row.is_sum:
                if any(v is None for v in values) or not values:
                    items = []
                    continue
                total = values[-1] or 0
                if _GROUP_TOTAL_RE.match(row.label):
                    group_totals.append(total)
                    if sum(items) != total:
                        doc.add_check(
                            "overview_total",
                            "warning",
                            f"overview table, delmål {group}: '{row.label}' {_fmt(total)} but "
                            f"its tiltak sum to {_fmt(sum(items))}",
                            doc.lines[row.first_line],
                        )
                else:
                    grand = row
                items = []
            else:
                items.extend(v for v in values if v is not None)
    if grand is not None and grand.cells and grand.cells[-1].value is not None:
        stated = grand.cells[-1].value
        if sum(group_totals) != stated:
            doc.add_check(
                "overview_total",
                "warning",
                f"overview table: '{grand.label}' {_fmt(stated)} but the 'Til sammen' rows sum "
                f"to {_fmt(sum(group_totals))}",
                doc.lines[grand.first_line],
            )


def _row_key(row: Row) -> str:
    if row.is_sum:
        return "SUM"
    if row.delmal_no is not None:
        return f"delmål {row.delmal_no}"
    return re.sub(r"[^a-zæøå]", "", row.bare_label.lower())


def _check_period_vs_year(doc: Document, tables: list[ParsedTable]) -> None:
    period = next((t for t in tables if t.kind == "period"), None)
    year_t = next((t for t in tables if t.kind == "year"), None)
    if period is None or year_t is None:
        return
    plan_year = doc.meta.plan_year or year_t.year
    if plan_year is None or str(plan_year) not in period.columns:
        return
    if KDD_COLUMN not in year_t.columns:
        return
    col = str(plan_year)
    year_rows = {_row_key(r): r for r in year_t.rows}
    for prow in period.rows:
        key = _row_key(prow)
        yrow = year_rows.get(key)
        if yrow is None:
            continue
        pcell = _column_cells(period, prow).get(col)
        ycell = _column_cells(year_t, yrow).get(KDD_COLUMN)
        if pcell is None and ycell is None:
            continue
        # A row present in both tables without a cell in one of them: that side is 0.
        pvalue = pcell.value if pcell is not None else 0
        yvalue = ycell.value if ycell is not None else 0
        if pvalue is None or yvalue is None or pvalue == yvalue:
            continue
        what = "in total" if prow.is_sum else f"for '{prow.label}'"
        doc.add_check(
            "budget_period_vs_year",
            "warning",
            f"{what}: the period table's {col} column says {_fmt(pvalue)} but the "
            f"{col} table's KDD column says {_fmt(yvalue)}{_ambiguity(pcell, ycell)}",
            doc.lines[prow.first_line],
        )


def _ambiguity(*cells: Cell | None) -> str:
    """A note for a check that rests on a cell whose column is not certain."""
    if any(c is not None and c.placement == "ambiguous" for c in cells):
        return " (the column of a cell compared here is ambiguous)"
    return ""


def _check_tiltak(doc: Document, tables: list[ParsedTable]) -> None:
    year_t = next((t for t in tables if t.kind == "year"), None)
    if year_t is None or KDD_COLUMN not in year_t.columns or not doc.tiltak:
        return
    budgets: dict[str, list[int]] = {}
    for t in doc.tiltak:
        if t.budget_nok is not None:
            budgets.setdefault(t.delmal_no, []).append(t.budget_nok)
    for delmal_no in sorted(budgets, key=lambda d: (not d.isdigit(), d.zfill(3))):
        tiltak_sum = sum(budgets[delmal_no])
        rows = [r for r in year_t.data_rows if r.delmal_no == delmal_no]
        kdd = [_column_cells(year_t, r).get(KDD_COLUMN) for r in rows]
        values = [c.value for c in kdd if c is not None]
        line = doc.lines[rows[0].first_line] if rows else None
        if not values:
            doc.add_check(
                "tiltak_vs_budget",
                "warning",
                f"delmål {delmal_no}: tiltak budgets sum to {_fmt(tiltak_sum)} but the "
                "plan-year table has no KDD cell for it",
                line,
            )
            continue
        if any(v is None for v in values):
            continue
        kdd_sum = sum(v for v in values if v is not None)
        if kdd_sum != tiltak_sum:
            doc.add_check(
                "tiltak_vs_budget",
                "warning",
                f"delmål {delmal_no}: tiltak budgets sum to {_fmt(tiltak_sum)} but the "
                f"plan-year table's KDD cell says {_fmt(kdd_sum)}{_ambiguity(*kdd)}",
                line,
            )
