"""The layout corpus (tests/fixtures/layouts) is well-formed and holds what its plans hold.

These tests check the fixtures themselves, not hplan's reading of them: the Word tables
are counted with python-docx and the PDFs with pdfplumber, against the tables hplan's text
reader finds in each plan's text dump.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from docx import Document as open_docx
from hplan.extract import tiltak as tiltak_reader
from hplan.extract.pipeline import DocResult, process

# Renders and reads every layout fixture (PDF and .docx): outside the fast subset.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "layouts"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())
FILES = sorted(MANIFEST["files"])
PLANS = sorted({entry["plan"] for entry in MANIFEST["files"].values()})
LAYOUTS = sorted(MANIFEST["layouts"])


@cache
def source(plan: str) -> tuple[list[int], DocResult]:
    """Rows per tiltak table (text reader) and the rows hplan reads from the plan's dump."""
    entry = next(e for e in MANIFEST["files"].values() if e["plan"] == plan)
    doc, result = process(ROOT / entry["source"])
    assert doc is not None
    rows = [
        len(tiltak_reader.split_rows(tiltak_reader._row_lines(doc, r.first, r.last)))
        for r in tiltak_reader.find_regions(doc)
        if r.kind == "tiltak"
    ]
    return rows, result


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u00ad", ""))


def _cells(row) -> list[str]:
    """A row's cell texts, each merged cell once."""
    seen: list = []
    for cell in row.cells:
        if not seen or cell._tc is not seen[-1]._tc:
            seen.append(cell)
    return [c.text.strip() for c in seen]


def _docx_tables(stem: str) -> dict[str, list]:
    """The Word tables by kind, told apart by their header words (layout's wording)."""
    headers = MANIFEST["layouts"][MANIFEST["files"][stem]["layout"]]["headers"]
    tables: dict[str, list] = {"tiltak": [], "status": [], "budget": []}
    for table in open_docx(FIXTURES / f"{stem}.docx").tables:
        head = " ".join(c.text for c in table.rows[0].cells)
        if headers["hovedansvarlig"] in head:
            tables["tiltak"].append(table)
        elif headers["kommentar"] in head and headers["status"] in head:
            tables["status"].append(table)
        elif "Delmål" in head:
            tables["budget"].append(table)
    return tables


def test_corpus_has_five_layouts_of_three_plans() -> None:
    assert len(LAYOUTS) >= 5
    assert PLANS == ["nn", "p000", "p001"]
    for stem in FILES:
        assert (FIXTURES / f"{stem}.docx").is_file()
        assert (FIXTURES / f"{stem}.pdf").is_file()
    assert {e["layout"] for e in MANIFEST["files"].values()} == set(LAYOUTS)
    assert len(FILES) == len(PLANS) * len(LAYOUTS)


def test_corpus_is_small() -> None:
    total = sum(p.stat().st_size for p in FIXTURES.rglob("*") if p.is_file())
    assert total < 5_000_000


@pytest.mark.parametrize("stem", FILES)
def test_docx_tiltak_tables_have_the_rows_of_the_dump(stem: str) -> None:
    plan = MANIFEST["files"][stem]["plan"]
    rows, result = source(plan)
    tables = _docx_tables(stem)["tiltak"]
    assert [len(t.rows) - 1 for t in tables] == rows
    # Every tiltak the dump's tables name is a row of some Word table, title as written.
    text = _compact(" ".join(c.text for t in tables for r in t.rows for c in r.cells))
    titled = [t for t in result.tables["tiltak"] if t.table_title]
    assert titled
    for record in titled:
        key = f"{record.delmal_no}.{record.tiltak_no}"
        assert _compact(record.table_title) in text, (stem, key)


@pytest.mark.parametrize("stem", FILES)
def test_docx_status_tables_have_the_previous_tiltak(stem: str) -> None:
    _, result = source(MANIFEST["files"][stem]["plan"])
    per_delmal = Counter(p.delmal_no for p in result.tables["previous_tiltak"])
    tables = _docx_tables(stem)["status"]
    counted = []
    for table in tables:
        # A row that is one merged cell is a remark ("alle tiltak fortsetter"), not a row.
        counted.append(sum(1 for row in table.rows[1:] if len(_cells(row)) > 1))
    assert sum(counted) == sum(per_delmal.values())
    assert [c for c in counted if c] == [n for n in per_delmal.values()]
    statuses = _compact(" ".join(c.text for t in tables for r in t.rows for c in r.cells))
    for record in result.tables["previous_tiltak"]:
        assert _compact(record.status_raw or "") in statuses


@pytest.mark.parametrize("stem", FILES)
def test_docx_budget_tables_hold_every_budget_cell(stem: str) -> None:
    _, result = source(MANIFEST["files"][stem]["plan"])
    tables = _docx_tables(stem)["budget"]
    assert len(tables) == 2
    records = [r for r in result.tables["budget_rows"] if r.amount_nok is not None]
    assert records
    for record in records:
        table = tables[0 if record.table == "period" else 1]
        label = _compact(record.label)
        matching = [
            row
            for row in table.rows
            if _compact("".join(_cells(row)[:2])).startswith(label)
            or _compact(_cells(row)[0]) == label
        ]
        assert matching, (stem, record.label)
        figures = {_compact(re.sub(r"kr|[()]", "", c)) for c in _cells(matching[0])}
        assert str(record.amount_nok) in figures, (stem, record.label, record.column)


@pytest.mark.parametrize("stem", FILES)
def test_pdf_pages_text_and_orientation(stem: str) -> None:
    entry = MANIFEST["files"][stem]
    layout = MANIFEST["layouts"][entry["layout"]]
    # PDFium: pdfplumber would parse every page's drawing only to count its characters.
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(FIXTURES / f"{stem}.pdf")
    try:
        assert len(pdf) == entry["pages"]
        landscape = []
        for i in range(len(pdf)):
            page = pdf[i]
            assert page.get_textpage().count_chars() > 0, (stem, i + 1)
            width, height = page.get_size()
            if width > height:
                landscape.append(i + 1)
    finally:
        pdf.close()
    assert bool(landscape) == layout["budget_landscape"]


@pytest.mark.parametrize("stem", FILES)
def test_pdf_tables_print_every_plan_year_budget_figure(stem: str) -> None:
    _, result = source(MANIFEST["files"][stem]["plan"])
    expected = {
        str(r.amount_nok)
        for r in result.tables["budget_rows"]
        if r.table == "year" and r.amount_nok is not None
    }
    assert expected
    printed: set[str] = set()
    with pdfplumber.open(FIXTURES / f"{stem}.pdf") as pdf:
        for page in pdf.pages[-4:]:
            for table in page.extract_tables():
                for row in table:
                    # A figure wrapped in a narrow cell ("750" / "000") is one figure.
                    printed |= {_compact(re.sub(r"kr|[()]", "", c or "")) for c in row}
    assert expected <= printed


def test_scan_is_image_only_and_lists_its_figures() -> None:
    scan = MANIFEST["scan"]
    with pdfplumber.open(FIXTURES / scan["file"]) as pdf:
        assert len(pdf.pages) == len(scan["pages"])
        for page in pdf.pages:
            assert not page.chars
            assert len(page.images) == 1
    amounts = [a["amount_nok"] for p in scan["pages"] for a in p["amounts_in_kroner"]]
    assert 150000 in amounts  # the financing sentence of tiltak 1.1
    cells = {
        (c["label"], c["column"]): c["amount_nok"] for c in scan["year_budget_cells_on_last_page"]
    }
    assert cells[("SUM", "Totalbudsjett")] == 3_800_000


def test_docx_files_are_what_the_generator_writes() -> None:
    """The committed .docx files are up to date with tools/layouts (rebuilt in memory,
    ToC page numbers taken from the committed PDFs)."""
    sys.path.insert(0, str(ROOT / "tools" / "layouts"))
    import make_layouts

    for name, path in make_layouts.PLANS:
        content = make_layouts.read_plan(path, name)
        for layout in make_layouts.LAYOUTS:
            stem = f"{name}_{layout.name}"
            pages = make_layouts.heading_pages(FIXTURES / f"{stem}.pdf", content)
            built = make_layouts.Writer(content, layout, pages).build()
            assert built == (FIXTURES / f"{stem}.docx").read_bytes(), stem
