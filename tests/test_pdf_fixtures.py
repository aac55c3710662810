"""The PDF fixture library: ruled tables pdfplumber can find, real 000 content, bad PDFs."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pdf_fixtures as pf
import pdfplumber
import pytest
from pdf_fixtures import PAGE_BREAK, TableSpec

LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
TILTAK_HEADER = ["Tiltak", "Hovedansvarlig", "Samarbeidsparter", "Tidsramme"]


def _tables(path: Path) -> list[tuple[int, list[list[str | None]]]]:
    """(page number, extracted rows) of every ruled table in the PDF."""
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            if page.lines or page.rects:  # no drawn lines: no "lines" table
                out.extend((page.page_number, t.extract()) for t in page.find_tables(LINES))
            page.close()
    return out


def _grid(spec: TableSpec) -> list[list[str]]:
    return [spec.header, *spec.rows]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return pf.sample_plan_pdf(tmp_path_factory.mktemp("pdf") / "sample.pdf")


@pytest.fixture(scope="module")
def sample_tables(sample) -> list[tuple[int, list[list[str | None]]]]:
    return _tables(sample)


@pytest.fixture(scope="module")
def plan000(tmp_path_factory) -> tuple[Path, float]:
    out = tmp_path_factory.mktemp("pdf") / "000.pdf"
    t0 = time.perf_counter()
    pf.plan_pdf_from_text(pf.raw_path("000"), out)
    return out, time.perf_counter() - t0


# ---------------------------------------------------------------------------- sample plan


def test_sample_has_the_tiltak_table_with_multiline_cells(sample_tables) -> None:
    found = [rows for _, rows in sample_tables if rows[0] == TILTAK_HEADER]
    assert found, [rows[0] for _, rows in sample_tables]
    rows = found[0]
    assert rows[1] == [
        "1 Strategi for bruk av\nvirkemidler i lokal\nboligutvikling",
        "Rindal/Holtålen",
        "- Husbanken\n- TRFK",
        "2025",
    ]
    assert [r[0].split()[0] for r in rows[1:]] == ["1", "2", "4", "5"]  # no 3: real


@pytest.mark.parametrize(
    "make",
    [
        pf.tiltak_table_000_delmal1,
        pf.status_table_000_delmal1,
        pf.budget_period_table_000,
        pf.budget_year_table_000,
    ],
)
def test_sample_tables_come_back_cell_for_cell(sample_tables, make) -> None:
    # The column widths are chosen so no cell wraps: pdfplumber returns the spec exactly.
    assert _grid(make()) in [rows for _, rows in sample_tables]


def test_long_table_continues_on_the_next_page_with_its_header(sample_tables) -> None:
    spec = pf.all_tiltak_000()
    parts = [(page, rows) for page, rows in sample_tables if rows[0] == spec.header]
    assert len(parts) == 2
    (p1, rows1), (p2, rows2) = parts
    assert p2 == p1 + 1
    assert len(rows1) > 2 and len(rows2) > 2
    # split between rows: nothing lost, nothing doubled
    assert rows1[1:] + rows2[1:] == spec.rows


def test_norwegian_letters_survive_extract_text(sample) -> None:
    with pdfplumber.open(sample) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Delmål 1 Øke boligbygging og utvikle nye boligtilbud" in text
    assert "Det budsjetteres med 120.000,- totalt til tiltaket." in text
    for ch in "æøåÆØÅ«»":
        assert ch in text
    if pf.font_info()["unicode"]:
        assert "Rindal/Holtålen – «Bygdevekstavtalen»" in text
        assert "•" in text


def test_sample_is_deterministic(tmp_path) -> None:
    a = pf.sample_plan_pdf(tmp_path / "a.pdf").read_bytes()
    b = pf.sample_plan_pdf(tmp_path / "b.pdf").read_bytes()
    assert hashlib.sha256(a).digest() == hashlib.sha256(b).digest()
    assert b"D:20250101120000Z" in a


def test_core_font_fallback_maps_what_latin1_lacks(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HPLAN_PDF_FONT", "core")
    pf._font.cache_clear()
    pf._measurer.cache_clear()
    try:
        assert pf.font_info()["unicode"] is False
        out = pf.sample_plan_pdf(tmp_path / "core.pdf")
        tables = [rows for _, rows in _tables(out)]
        assert _grid(pf.tiltak_table_000_delmal1()) in tables
        with pdfplumber.open(out) as pdf:
            text = "\n".join(page.extract_text() for page in pdf.pages)
        assert "Æ Ø Å æ ø å - « » -" in text
    finally:
        monkeypatch.delenv("HPLAN_PDF_FONT")
        pf._font.cache_clear()
        pf._measurer.cache_clear()


# -------------------------------------------------------------------------- write_plan_pdf


def test_a_row_taller_than_a_page_is_split_inside_the_row(tmp_path) -> None:
    tall = "\n".join(f"linje {i}" for i in range(90))
    spec = TableSpec(["A", "B"], [["kort", "kort"], [tall, "x"], ["etter", "y"]])
    out = pf.write_plan_pdf(tmp_path / "tall.pdf", ["# Lang celle", spec], title="Test")
    tables = _tables(out)
    assert len({page for page, _ in tables}) >= 2
    assert all(rows[0] == ["A", "B"] for _, rows in tables)
    cells = "\n".join(rows[i][0] for _, rows in tables for i in range(1, len(rows)))
    assert "linje 0" in cells and "linje 89" in cells and "etter" in cells


def test_table_spec_checks_its_shape() -> None:
    with pytest.raises(ValueError, match="cells"):
        TableSpec(["A", "B"], [["1"]])
    with pytest.raises(ValueError, match="widths"):
        TableSpec(["A", "B"], [], col_widths=[10.0])


# ----------------------------------------------------------------------- text dump -> PDF


def test_dump_tables_are_the_hand_built_ones() -> None:
    blocks = pf.plan_blocks_from_text(pf.raw_path("000").read_text(encoding="utf-8"))
    grids = [_grid(b) for b in blocks if isinstance(b, TableSpec)]
    for make in (
        pf.status_table_000_delmal1,
        pf.tiltak_table_000_delmal1,
        pf.budget_period_table_000,
        pf.budget_year_table_000,
    ):
        assert _grid(make()) in grids, make.__name__
    assert len(grids) == 17  # 8 tiltak, 7 status (delmål 5 has prose), 2 budget
    assert blocks.count(PAGE_BREAK) + 1 == 40  # the dump's pages (extract.ingest agrees)


@pytest.mark.slow
def test_plan_pdf_from_text_000(plan000) -> None:
    path, seconds = plan000
    with pdfplumber.open(path) as pdf:
        n_pages = len(pdf.pages)
        text = pdf.pages[4].extract_text()
    assert n_pages >= 30
    assert n_pages == 40  # one PDF page per dump page
    assert "Delmål 1 Øke boligbygging og utvikle nye boligtilbud" in text
    tables = _tables(path)
    assert len(tables) >= 5
    assert sum(rows[0] == TILTAK_HEADER for _, rows in tables) == 8
    assert _grid(pf.tiltak_table_000_delmal1()) in [rows for _, rows in tables]
    assert seconds < 10, seconds  # ~0.3 s here; the benchmark needs < 2 s


@pytest.mark.slow
def test_plan_pdf_from_text_is_deterministic_and_fast(tmp_path, plan000) -> None:
    t0 = time.perf_counter()
    again = pf.plan_pdf_from_text(pf.raw_path("000"), tmp_path / "again.pdf")
    assert time.perf_counter() - t0 < 10
    assert again.read_bytes() == plan000[0].read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("prefix", ["001", "002", "003", "004"])
def test_plan_pdf_from_text_other_dumps(tmp_path, prefix) -> None:
    t0 = time.perf_counter()
    out = pf.plan_pdf_from_text(pf.raw_path(prefix), tmp_path / f"{prefix}.pdf")
    assert time.perf_counter() - t0 < 10
    n_dump_pages = len(pf._dump_pages(pf.raw_path(prefix).read_text(encoding="utf-8")))
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) >= n_dump_pages
        assert pdf.pages[0].extract_text().strip()


# ------------------------------------------------------------------------------- bad PDFs


def test_encrypted_pdf_needs_the_password(tmp_path) -> None:
    path = pf.encrypted_pdf(tmp_path / "enc.pdf")
    with pytest.raises(Exception), pdfplumber.open(path) as pdf:  # noqa: B017
        _ = pdf.pages[0].extract_text()
    with pdfplumber.open(path, password=pf.USER_PASSWORD) as pdf:
        assert "Tiltak" in pdf.pages[0].extract_text()
        assert pdf.pages[0].find_tables(LINES)
    assert pf.encrypted_pdf(tmp_path / "enc2.pdf").read_bytes() == path.read_bytes()


def test_scanned_pdf_is_an_image_without_text(tmp_path) -> None:
    path = pf.scanned_pdf(tmp_path / "scan.pdf")
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert len(page.chars) == 0
        assert len(page.images) >= 1
    assert pf.scanned_pdf(tmp_path / "scan2.pdf").read_bytes() == path.read_bytes()


def test_truncated_pdf_is_cut(tmp_path, sample) -> None:
    data = pf.truncated_pdf(tmp_path / "cut.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert not data.rstrip().endswith(b"%%EOF")
    assert b"%%EOF" not in data
    assert len(data) == int(len(sample.read_bytes()) * 0.6)
    with pytest.raises(Exception), pdfplumber.open(tmp_path / "cut.pdf") as pdf:  # noqa: B017
        _ = [p.extract_text() for p in pdf.pages]


def test_corrupt_pdf_has_header_and_eof_but_garbage_inside(tmp_path) -> None:
    data = pf.corrupt_pdf(tmp_path / "bad.pdf").read_bytes()
    assert data.startswith(b"%PDF-1.7")
    assert data.rstrip().endswith(b"%%EOF")
    with pytest.raises(Exception), pdfplumber.open(tmp_path / "bad.pdf") as pdf:  # noqa: B017
        _ = [p.extract_text() for p in pdf.pages]
