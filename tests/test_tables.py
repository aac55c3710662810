"""The table layer: the header interpreter, and one plan in many table layouts.

The sample plan (000's delmål 1 status and tiltak tables, the long table of all tiltak
continued over pages, both budget tables) is written in several layouts, as a ruled PDF
(fpdf2) and as a Word ``.docx`` (python-docx): the number in its own column under an
empty header cell, under a header cell merged over number and title, columns reordered,
nynorsk headers, partners as commas or line breaks, a header word hyphenated in a narrow
column. Every layout must give the tables the plain layout gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hplan.extract.ingest import load_document
from hplan.extract.pipeline import process
from hplan.extract.tables import column_of, grid_tables, header_key, read_rows, split_number
from hplan.models.document import Cell, Table
from hplan.normalize.actors import is_definite_noun, name_is_complete, opens_name

pytest.importorskip("fpdf")
from pdf_fixtures import TableSpec, sample_plan_blocks, write_plan_pdf

LAYOUT_CORPUS = Path(__file__).resolve().parent / "fixtures" / "layouts"

# --- the header interpreter ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("Tiltak", "tiltak"),
        ("Aktivitet", "tiltak"),
        ("Milepæl", "tiltak"),
        ("Hovedansvarlig", "hovedansvarlig"),
        ("Hovudansvarleg", "hovedansvarlig"),
        ("Hovud-\nansvarleg", "hovedansvarlig"),
        ("Ansvar", "hovedansvarlig"),
        ("Samarbeids-\nparter", "samarbeidsparter"),
        ("Samarbeidspartar", "samarbeidsparter"),
        ("Partnere", "samarbeidsparter"),
        ("Involverte", "samarbeidsparter"),
        ("Tidsrom", "tidsramme"),
        ("Periode", "tidsramme"),
        ("Når", "tidsramme"),
        ("Merknad", "kommentar"),
        ("Kostnad", "budsjett"),
        ("Nr.", "nr"),
        ("Tiltaksoversikt fra handlingsplan 2024", None),
        ("", None),
    ],
)
def test_column_synonyms(text: str, column: str | None) -> None:
    assert column_of(text) == column


def test_header_key_joins_a_hyphenated_word() -> None:
    assert header_key("Totalbudsj-\nett") == "totalbudsjett"


@pytest.mark.parametrize(
    ("text", "number", "rest"),
    [
        ("1 Strategi for bruk", "1", "Strategi for bruk"),
        ("1.3 Kompetansehevende tiltak", "3", "Kompetansehevende tiltak"),
        ("T1 Forarbeid", "1", "Forarbeid"),
        ("Tiltak 3: Boligstrategi", "3", "Boligstrategi"),
        ("12. Markedsføring", "12", "Markedsføring"),
        ("2025 Strategi", None, "2025 Strategi"),
        ("Strategi 1", None, "Strategi 1"),
    ],
)
def test_split_number(text: str, number: str | None, rest: str) -> None:
    assert split_number(text) == (number, rest)


def _table(rows: list[list[str | None]], merged_first: bool = False) -> Table:
    cells = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is None:
                continue
            span = 2 if merged_first and r == 0 and c == 0 else 1
            cells.append(Cell(text=text, row=r, col=c, col_span=span))
    return Table(0, None, cells, len(rows), len(rows[0]), source="docx")


def test_number_column_under_an_empty_header_cell() -> None:
    from hplan.extract.tables import interpret_header

    table = _table(
        [
            ["", "Tiltak", "Hovedansvarlig", "Samarbeidsparter", "Tidsramme"],
            ["1", "Strategi", "Rindal/Holtålen", "- Husbanken", "2025"],
            ["2", "Boligbyggerdialog", "Rindal/Holtålen", "- TRFK", "2025-2027"],
        ]
    )
    header = interpret_header(table)
    assert header is not None and header.kind == "tiltak"
    assert header.columns["nr"] == 0 and header.columns["tiltak"] == 1


def test_number_column_under_a_merged_header_cell() -> None:
    from hplan.extract.tables import interpret_header

    table = _table(
        [
            ["Tiltak", None, "Status", "Merknad"],
            ["1.1", "Kompetansehevende tiltak", "Videreføres", "Går inn i tiltak 1"],
        ],
        merged_first=True,
    )
    header = interpret_header(table)
    assert header is not None and header.kind == "status"
    assert header.columns == {"tiltak": 1, "status": 2, "kommentar": 3, "nr": 0}


# --- one plan, many layouts -----------------------------------------------------------

NYNORSK = {
    "Hovedansvarlig": "Hovudansvarleg",
    "Samarbeidsparter": "Samarbeidspartar",
    "Tidsramme": "Tidsrom",
    "Kommentar": "Merknad",
}


def _number_column(spec: TableSpec) -> TableSpec:
    """The number out of the title cell into its own narrow column (empty header)."""
    k = spec.header.index("Tiltak")
    rows = []
    for row in spec.rows:
        m = re.match(r"(T?\d{1,2})\s+(.*)", row[k], re.S)
        number, title = (m.group(1), m.group(2)) if m else ("", row[k])
        rows.append([*row[:k], number, title, *row[k + 1 :]])
    widths = spec.widths()
    widths = [*widths[:k], 9.0, widths[k] - 9.0, *widths[k + 1 :]]
    return TableSpec([*spec.header[:k], "", *spec.header[k:]], rows, widths, spec.font_size)


def _reorder(spec: TableSpec) -> TableSpec:
    """Tidsramme right after the title, Samarbeidsparter before Hovedansvarlig."""
    want = ["Delmål", "", "Tiltak", "Tidsramme", "Samarbeidsparter", "Hovedansvarlig"]
    order = [spec.header.index(h) for h in want if h in spec.header]
    widths = spec.widths()
    return TableSpec(
        [spec.header[i] for i in order],
        [[row[i] for i in order] for row in spec.rows],
        [widths[i] for i in order],
        spec.font_size,
    )


def _commas(spec: TableSpec) -> TableSpec:
    k = spec.header.index("Samarbeidsparter")
    rows = [
        [
            ", ".join(" ".join(p.strip(" -").split()) for p in cell.split("\n- "))
            if j == k
            else cell
            for j, cell in enumerate(row)
        ]
        for row in spec.rows
    ]
    return TableSpec(spec.header, rows, spec.col_widths, spec.font_size)


def _nynorsk(spec: TableSpec) -> TableSpec:
    header = [NYNORSK.get(h, h) for h in spec.header]
    return TableSpec(header, spec.rows, spec.col_widths, spec.font_size)


def _is_tiltak(spec: TableSpec) -> bool:
    return "Hovedansvarlig" in spec.header or "Status" in spec.header


LAYOUTS: dict[str, list[Callable[[TableSpec], TableSpec]]] = {
    "number_column": [_number_column],
    "number_column_reordered_commas": [_number_column, _reorder, _commas],
    "nynorsk_number_column": [_number_column, _nynorsk],
    "nynorsk_commas": [_commas, _nynorsk],
}


def _blocks(layout: str) -> list[str | TableSpec]:
    out: list[str | TableSpec] = []
    for block in sample_plan_blocks():
        if isinstance(block, TableSpec) and _is_tiltak(block):
            for change in LAYOUTS[layout]:
                if change is _commas and "Samarbeidsparter" not in block.header:
                    continue
                if change is _reorder and "Hovedansvarlig" not in block.header:
                    continue
                block = change(block)
        out.append(block)
    return out


def write_docx(blocks: list[str | TableSpec], path: Path, merged_header: bool = False) -> Path:
    """The blocks as a Word document: "# " headings as Heading 2, tables as Word tables
    (a page break as a Word page break)."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    for block in blocks:
        if isinstance(block, TableSpec):
            table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
            table.style = "Table Grid"
            for j, text in enumerate(block.header):
                table.cell(0, j).text = text
            for i, row in enumerate(block.rows, 1):
                for j, text in enumerate(row):
                    cell = table.cell(i, j)
                    lines = text.split("\n")
                    cell.text = lines[0]
                    for line in lines[1:]:
                        cell.add_paragraph(line)
            if merged_header and block.header[:2] == ["", "Tiltak"]:
                merged = table.cell(0, 0).merge(table.cell(0, 1))
                merged.text = "Tiltak"
        elif block == "\f":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif block.startswith("# "):
            document.add_heading(block[2:], level=2)
        else:
            for line in block.split("\n"):
                document.add_paragraph(line)
    document.save(path)
    return path


def _summary(path: Path) -> dict[str, list[tuple[object, ...]]]:
    doc, result = process(path)
    assert doc is not None, result.document.error
    t = result.tables
    return {
        "tiltak": sorted(
            (r.tiltak_key, r.title, r.hovedansvarlig, r.samarbeidsparter, r.tidsramme, r.ended)
            for r in t["tiltak"]
        ),
        "tiltak_actors": sorted((r.tiltak_key, r.role, r.actor) for r in t["tiltak_actors"]),
        "previous_tiltak": sorted(
            (r.delmal_no, r.tiltak_no, r.title, r.status, r.successors)
            for r in t["previous_tiltak"]
        ),
        "budget_rows": sorted(
            (r.table, r.delmal_no or "", r.label, r.column, r.amount_nok or 0)
            for r in t["budget_rows"]
        ),
    }


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[object, ...]]]:
    path = write_plan_pdf(tmp_path_factory.mktemp("plain") / "plain.pdf", sample_plan_blocks())
    summary = _summary(path)
    assert len(summary["tiltak"]) >= 4 and len(summary["previous_tiltak"]) == 6
    assert len(summary["budget_rows"]) >= 40
    return summary


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_pdf_layout_reads_like_the_plain_layout(
    layout: str, plain: dict[str, list[tuple[object, ...]]], tmp_path: Path
) -> None:
    path = write_plan_pdf(tmp_path / f"{layout}.pdf", _blocks(layout))
    assert _summary(path) == plain


@pytest.mark.parametrize("layout", ["plain", *sorted(LAYOUTS)])
def test_docx_layout_reads_like_the_plain_pdf(
    layout: str, plain: dict[str, list[tuple[object, ...]]], tmp_path: Path
) -> None:
    blocks = sample_plan_blocks() if layout == "plain" else _blocks(layout)
    path = write_docx(blocks, tmp_path / f"{layout}.docx")
    assert _summary(path) == plain


def test_docx_merged_first_header_cell(
    plain: dict[str, list[tuple[object, ...]]], tmp_path: Path
) -> None:
    path = write_docx(_blocks("number_column"), tmp_path / "merged.docx", merged_header=True)
    assert _summary(path) == plain


def test_docx_model_tables_and_pages(tmp_path: Path) -> None:
    from hplan.extract.ingest import load_document

    doc = load_document(write_docx(_blocks("number_column"), tmp_path / "plan.docx"))
    assert doc.source.extractor == "docx"
    tiltak = next(t for t in doc.tables if t.rows[0][:3] == ["", "Tiltak", "Hovedansvarlig"])
    assert tiltak.rows[1][:2] == ["1", "Strategi for bruk av\nvirkemidler i lokal\nboligutvikling"]
    number = tiltak.cell_at(1, 0)
    assert number is not None and number.line is not None
    assert doc.lines[number.line].text.startswith("1 Strategi for bruk av Rindal/Holtålen")
    assert doc.lines[number.line].table_id == tiltak.table_id
    # The sample plan has one page break: two pages, the budget tables on the second.
    assert doc.n_pages == 2 and doc.tables[-1].page == 2
    assert any(ln.style == "Heading 2" for ln in doc.lines)


def test_docx_without_page_breaks_has_no_page_numbers(tmp_path: Path) -> None:
    from hplan.extract.ingest import load_document

    blocks = [b for b in sample_plan_blocks() if b != "\f"]
    doc = load_document(write_docx(blocks, tmp_path / "plan.docx"))
    assert all(ln.page is None for ln in doc.lines)
    assert all(t.page is None for t in doc.tables)


def test_docx_vertical_merge(tmp_path: Path) -> None:
    import docx
    from hplan.extract.ingest import load_document

    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for j, text in enumerate(["Delmål", "Totalbudsjett", "2025"]):
        table.cell(0, j).text = text
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Bolig"
    table.cell(1, 1).text = "kr 100 000"
    table.cell(2, 1).text = "kr 50 000"
    document.save(tmp_path / "merge.docx")
    (t,) = load_document(tmp_path / "merge.docx").tables
    cell = t.cell_at(2, 0)
    assert cell is not None and (cell.row, cell.row_span, cell.text) == (1, 2, "Bolig")
    assert t.rows[2] == [None, "kr 50 000", ""]


def test_old_doc_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    from hplan.extract.ingest import IngestError, load_document

    path = tmp_path / "plan.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(IngestError, match=r"save it as \.docx or PDF"):
        load_document(path)


def test_unreadable_table_is_a_warning(tmp_path: Path) -> None:
    blocks: list[str | TableSpec] = [
        "# Delmål 1 Øke boligbygging og utvikle nye boligtilbud",
        "Handlingsplan 2025:",
        TableSpec(
            ["Tiltak", "Hovedansvarlig", "Samarbeidsparter", "Tidsramme"],
            [["Strategi for bruk av virkemidler", "Rindal/Holtålen", "- Husbanken", "2025"]],
        ),
        "# 1.1 Strategi for bruk av virkemidler",
        "Kommunene vil utarbeide en strategi.",
    ]
    _, result = process(write_plan_pdf(tmp_path / "unread.pdf", blocks))
    warnings = [c for c in result.tables["checks"] if c.check == "table_unread"]
    assert len(warnings) == 1 and warnings[0].severity == "warning"
    assert "page 1" in warnings[0].message and "tiltak table" in warnings[0].message


# --- unknown actors: a cell is what it says ---------------------------------------------

UNKNOWN_ACTORS_DUMP = """Handlingsplan 2025

Bygdevekstavtale for Nord-Troms

Delmål 1 Styrke næringsutvikling i regionen

Handlingsplan 2025:

 Tiltak Hovedansvarlig Samarbeidsparter Tidsramme

1 Etablere næringsnettverk

for reiseliv

Halti næringshage - Nord-Troms Regionråd

- Bygdevekst Nord-Troms

2025

2 Samarbeid om

reiselivsplan

Årdal/Lærdal/Aurland - Bygdevekst Nord-Troms

- Halti næringshage

- TRFK

2026

1.1 Etablere næringsnettverk for reiseliv

Tiltaket skal samle bedriftene i regionen.

1.2 Samarbeid om reiselivsplan

Planen skrives i 2026.
"""

UNKNOWN_ACTORS = {
    ("1.1", "hovedansvarlig", "Halti næringshage"),
    ("1.1", "samarbeidspart", "Nord-Troms Regionråd"),
    ("1.1", "samarbeidspart", "Bygdevekst Nord-Troms"),
    ("1.2", "hovedansvarlig", "Årdal/Lærdal/Aurland"),
    ("1.2", "samarbeidspart", "Bygdevekst Nord-Troms"),
    ("1.2", "samarbeidspart", "Halti næringshage"),
    # Known to the alias table: its canonical name.
    ("1.2", "samarbeidspart", "Trøndelag fylkeskommune"),
}


def test_unknown_actors_in_a_text_dump(tmp_path: Path) -> None:
    path = tmp_path / "nord-troms.txt"
    path.write_text(UNKNOWN_ACTORS_DUMP, encoding="utf-8")
    _, result = process(path)
    got = {(a.tiltak_key, a.role, a.actor) for a in result.tables["tiltak_actors"]}
    assert got == UNKNOWN_ACTORS
    titles = {t.tiltak_key: t.table_title for t in result.tables["tiltak"]}
    assert titles == {
        "1.1": "Etablere næringsnettverk for reiseliv",
        "1.2": "Samarbeid om reiselivsplan",
    }


# Cells written as blocks of lines, none of the names on any list, no bullet or gap:
# only the blank lines between the blocks say where the title ends.
BLOCK_CELLS_DUMP = """Handlingsplan 2025

Bygdevekstavtale for Nord-Troms

Delmål 1 Styrke næringsutvikling i regionen

Handlingsplan 2025:

 Tiltak Hovedansvarlig Samarbeidsparter Tidsramme

1 Traineeordning for
Nord-Troms

Nord-Troms
Regionråd

Halti
næringshage,
Skibotn
fiskelag

2025-2026

2 Reiselivsplan for
Kvænangen

Kvænangen
Reiselivslag

2026

1.1 Traineeordning for Nord-Troms

Tiltaket skal rekruttere unge.

1.2 Reiselivsplan for Kvænangen

Planen skrives i 2026.
"""


def test_unknown_actors_in_blocks_of_lines(tmp_path: Path) -> None:
    path = tmp_path / "blocks.txt"
    path.write_text(BLOCK_CELLS_DUMP, encoding="utf-8")
    _, result = process(path)
    rows = {
        t.tiltak_key: (t.table_title, t.hovedansvarlig, t.samarbeidsparter, t.tidsramme)
        for t in result.tables["tiltak"]
    }
    assert rows == {
        "1.1": (
            "Traineeordning for Nord-Troms",
            "Nord-Troms Regionråd",
            "Halti næringshage; Skibotn fiskelag",
            "2025-2026",
        ),
        "1.2": ("Reiselivsplan for Kvænangen", "Kvænangen Reiselivslag", None, "2026"),
    }
    # Row 1's boundaries rest on the blank lines alone: a reviewer is told.
    doubts = [c.message for c in result.tables["checks"] if c.check == "tiltak_row"]
    assert any(d.startswith("tiltak table row 1.1") and "blocks of lines" in d for d in doubts)


def test_unknown_actors_in_a_word_table(tmp_path: Path) -> None:
    blocks: list[str | TableSpec] = [
        "# Delmål 1 Styrke næringsutvikling i regionen",
        TableSpec(
            ["", "Tiltak", "Hovudansvarleg", "Samarbeidspartar", "Tidsrom"],
            [
                [
                    "1",
                    "Etablere næringsnettverk for reiseliv",
                    "Halti næringshage",
                    "Nord-Troms Regionråd\nBygdevekst Nord-Troms",
                    "2025",
                ],
                [
                    "2",
                    "Samarbeid om reiselivsplan",
                    "Årdal/Lærdal/Aurland",
                    "Bygdevekst Nord-Troms, Halti næringshage, TRFK",
                    "2026",
                ],
            ],
        ),
        "# 1.1 Etablere næringsnettverk for reiseliv",
        "Tiltaket skal samle bedriftene i regionen.",
        "# 1.2 Samarbeid om reiselivsplan",
        "Planen skrives i 2026.",
    ]
    _, result = process(write_docx(blocks, tmp_path / "nord-troms.docx"))
    got = {(a.tiltak_key, a.role, a.actor) for a in result.tables["tiltak_actors"]}
    assert got == UNKNOWN_ACTORS


# --- budget tables in narrow and broken layouts -----------------------------------------


def test_budget_table_continued_under_a_repeated_header_keeps_all_rows(tmp_path: Path) -> None:
    from pdf_fixtures import budget_period_table_000

    filler = "\n".join(f"Avsnitt {k} om budsjettet og arbeidet i perioden." for k in range(40))
    blocks: list[str | TableSpec] = [
        "# 6. Fordeling av budsjett for hele avtaleperioden (statlig medfinansiering)",
        filler,
        budget_period_table_000(),
    ]
    path = write_plan_pdf(tmp_path / "broken.pdf", blocks)
    from hplan.extract.ingest import load_document

    doc = load_document(path)
    pages = {t.page for t in doc.tables}
    assert len(pages) == 2, "the table should run over a page break"
    _, result = process(path)
    rows = [r for r in result.tables["budget_rows"] if r.table == "period"]
    labels = {r.label for r in rows}
    assert {"Boligtiltak", "Tverrgående tiltak", "SUM"} <= labels
    assert len(rows) == 24  # every figure of the table, the rows after the break too
    assert not [c for c in result.tables["checks"] if c.check.startswith("budget_")]


def test_overview_table_in_narrow_cells(tmp_path: Path) -> None:
    from hplan.extract.ingest import load_document
    from hplan.extract.pipeline import run_stages

    overview = TableSpec(
        ["Delmål", "Tiltak", "Beløp"],
        [
            ["Delmål 1:", "Rekruttering og omdømme", ""],
            ["", "1. Omdømmebygging", "500 000 kr"],
            ["", "2. Test: Flere i arbeid", "500 000 kr"],
            ["", "3. Møteplasser", "800 000 kr"],
            ["Til sammen", "", "1 800 000 kr"],
            ["Delmål 2:", "Fleksibel og desentralisert utdanning", ""],
            ["", "1. Karriereveiledning", "300 000 kr"],
            ["", "2. Utvikle trainee-løp i Indre Namdal", "100 000 kr"],
            ["Til sammen", "", "400 000 kr"],
            ["Totalt", "", "2 200 000 kr"],
        ],
        # Narrow first and last columns: "Til sammen" and "1 800 000 kr" wrap.
        col_widths=[14.0, 80.0, 13.0],
    )
    blocks: list[str | TableSpec] = [
        "# Overordnet oversikt over tiltak og bruk av Bygdevekstmidler",
        overview,
    ]
    doc = load_document(write_plan_pdf(tmp_path / "overview.pdf", blocks))
    wrapped = [ln.text for ln in doc.lines if ln.table_id is not None]
    assert any(t.endswith("1 800") for t in wrapped), wrapped  # the figure does wrap
    run_stages(doc)
    (table,) = [t for t in doc.budget_tables if t.kind == "overview"]
    got = [(r.label, r.is_sum, [c.amount_nok for c in r.cells]) for r in table.rows]
    assert got == [
        ("1. Omdømmebygging", False, [500_000]),
        ("2. Test: Flere i arbeid", False, [500_000]),
        ("3. Møteplasser", False, [800_000]),
        ("Til sammen", True, [1_800_000]),
        ("1. Karriereveiledning", False, [300_000]),
        ("2. Utvikle trainee-løp i Indre Namdal", False, [100_000]),
        ("Til sammen", True, [400_000]),
        ("Totalt", True, [2_200_000]),
    ]
    assert [r.group for r in table.rows] == ["1", "1", "1", "1", "2", "2", "2", None]
    assert not [c for c in doc.checks if c.check == "overview_total"]


def test_text_dump_tables_are_tables() -> None:
    from helpers import corpus_path
    from hplan.extract.ingest import load_document
    from hplan.extract.pipeline import run_stages
    from hplan.extract.tables import interpret_header

    doc = load_document(corpus_path("000"))
    run_stages(doc)
    # The tiltak and status tables (the budget tables' headers are the budget columns).
    text = [t for t in doc.tables if t.source == "text" and interpret_header(t) is not None]
    kinds = [interpret_header(t).kind for t in text]  # type: ignore[union-attr]
    # 000: a status table and a tiltak table per delmål (delmål 5's status table is prose).
    assert kinds.count("tiltak") == 8 and kinds.count("status") == 8
    first = next(t for t in text if interpret_header(t).kind == "tiltak")  # type: ignore[union-attr]
    assert first.rows[0] == ["Nr", "Tiltak", "Hovedansvarlig", "Samarbeidsparter", "Tidsramme"]
    assert [row[0] for row in first.rows[1:]] == ["1", "2", "4", "5"]
    assert first.rows[1][1] == "Strategi for bruk av virkemidler i lokal boligutvikling"
    assert first.rows[1][2] == "Rindal/Holtålen"
    row_line = first.cell_at(1, 0).line  # type: ignore[union-attr]
    assert doc.lines[row_line].text.startswith("1 Strategi for bruk av")
    assert first.page == doc.lines[first.first_line].page  # type: ignore[index]


def test_text_dump_budget_tables_are_tables() -> None:
    """000's budget tables, rebuilt from the dump by the sequence reader, are Tables the
    budget stage reads like a grid: header row of column names, labels in the first
    column, each figure in its column with its line and how it got there."""
    from helpers import corpus_path
    from hplan.extract.ingest import load_document
    from hplan.extract.pipeline import run_stages

    doc = load_document(corpus_path("000"))
    run_stages(doc)
    spans = {s.first_line: s.kind for s in doc.table_spans if s.kind.startswith("budget_")}
    budget = [t for t in doc.tables if t.source == "text" and t.first_line in spans]
    assert [spans[t.first_line] for t in budget] == ["budget_period", "budget_year"]
    period, year = budget
    assert period.rows[0] == ["", "Totalbudsjett", "2025", "2026", "2027"]
    assert year.rows[0][:3] == ["", "Totalbudsjett", "KDD"]
    # Every budget row of the tables is a cell of these Tables, on its line.
    for table, kind in ((period, "period"), (year, "year")):
        rows = [r for r in doc.budget_rows if r.table == kind]
        placed = {
            (c.text.replace(" ", ""), doc.lines[c.line].line, c.placement)
            for c in table.cells
            if c.row > 0 and c.col > 0 and c.placement is not None
        }
        for r in rows:
            assert (f"{r.amount_nok}", r.line, r.placement) in {
                (t.replace(".", "").replace("kr", ""), line, p) for t, line, p in placed
            }, r
    # 000's plan-year table: row 3's 450 000 lands under Statsforvalter by arithmetic.
    cell = next(c for c in year.cells if " ".join(c.text.split()) == "kr 450 000")
    assert year.cell_at(cell.row, 0).text == "3 Rekruttering"  # type: ignore[union-attr]
    assert year.cell_at(0, cell.col).text == "Statsforvalter"  # type: ignore[union-attr]
    assert cell.placement == "arithmetic"


# --- list cells of a PDF: a wrapped name or a new partner --------------------------------


def test_list_cell_names_from_the_pdf_lines() -> None:
    """nn_numcol.pdf prints partners one per line in a narrow cell: "Fjordheim" /
    "næringshage" / "Sparebanken Indre" / "Fjord" is two names, none on any list."""
    doc = load_document(LAYOUT_CORPUS / "nn_numcol.pdf")
    cells = {}
    for joined in grid_tables(doc):
        for row in read_rows(joined):
            for name in ("hovedansvarlig", "samarbeidsparter"):
                cells.setdefault(row.cells.get(name, ""), None)
    assert "- Husbanken\n- Fjordheim næringshage\n- Sparebanken Indre Fjord" in cells
    assert "- Nav Fjordheim\n- Frivilligsentralen i Nordvik" in cells
    assert "- Indre Fjord Regionråd\n- Vestland fylkeskommune\n- Nav Fjordheim" in cells
    assert "- Distriktssenteret\n- Bygdevekst Indre Fjord" in cells


def test_names_in_a_list_cell() -> None:
    assert is_definite_noun("Frivilligsentralen") and is_definite_noun("LOS-prosjektet")
    assert not is_definite_noun("Regionråd") and not is_definite_noun("fylkeskommune")
    assert name_is_complete("Fjordheim næringshage") and name_is_complete("Husbanken")
    assert name_is_complete("Indre Fjord Regionråd")
    assert not name_is_complete("Indre Nordmøre") and not name_is_complete("Grong")
    assert opens_name("utviklingsmiljøene i") and not opens_name("skole")
