"""Ruled tables read without pdfminer: PDFium's characters and drawn edges, pdfplumber's
table finder (extract.pdf_fast) against pdfplumber reading the same pages itself.

Every fixture PDF is read both ways: the Word layouts LibreOffice made
(tests/fixtures/layouts) and the PDFs tests/pdf_fixtures renders from the corpus plans
and the hand-built tables. Lines, words, tables (cell text, grid position, spans, soft
breaks) and the lines inside each table must be the same; no page may need pdfplumber.
"""

from __future__ import annotations

import ctypes
import json
import shutil
import struct
from pathlib import Path

import pytest
from helpers import corpus_path
from hplan.extract import pdf_fast
from hplan.extract.ingest import load_document
from hplan.extract.settings import Settings

pytest.importorskip("fpdf")
import pdf_fixtures as pf

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
MANIFEST = json.loads((LAYOUTS / "manifest.json").read_text(encoding="utf-8"))
# Every PDF with a text layer: the whole plans of the manifest and the mixed excerpt (its
# scanned page has no characters for either engine).
WHOLE_PLANS = {f"{stem}.pdf" for stem in MANIFEST["files"]}
LAYOUT_PDFS = sorted(LAYOUTS / name for name in sorted(WHOLE_PLANS | {MANIFEST["mixed"]["file"]}))
PLUMBER = Settings(pdf_text_engine="pdfplumber")
FAST = Settings(pdf_text_engine="fast")
# Coordinates: PDFium's are single precision (see extract.pdf_fast).
TOL = 1e-3


def _close(a, b) -> bool:
    return all(abs(x - y) <= TOL for x, y in zip(a, b, strict=True))


def _cells(table) -> list[tuple]:
    return [(c.row, c.col, c.row_span, c.col_span, c.text, c.soft_breaks) for c in table.cells]


def assert_same(fast, slow) -> None:
    assert [(ln.text, ln.page, ln.line, ln.table_id) for ln in fast.lines] == [
        (ln.text, ln.page, ln.line, ln.table_id) for ln in slow.lines
    ]
    for f, s in zip(fast.lines, slow.lines, strict=True):
        assert _close(f.bbox, s.bbox), (f.text, f.bbox, s.bbox)
        assert [w.text for w in f.words] == [w.text for w in s.words], f.text
    assert len(fast.tables) == len(slow.tables)
    for f, s in zip(fast.tables, slow.tables, strict=True):
        where = f"table {s.table_id} on page {s.page}"
        assert (f.table_id, f.page, f.n_rows, f.n_cols) == (
            s.table_id,
            s.page,
            s.n_rows,
            s.n_cols,
        ), where
        assert (f.first_line, f.last_line) == (s.first_line, s.last_line), where
        assert _close(f.bbox, s.bbox), where
        assert _cells(f) == _cells(s), where
        for fc, sc in zip(f.cells, s.cells, strict=True):
            assert _close(fc.bbox, sc.bbox), where
            assert fc.line == sc.line, where


def _read_both(path: Path):
    fast = load_document(path, FAST)
    slow = load_document(path, PLUMBER)
    return fast, slow


@pytest.mark.slow
@pytest.mark.parametrize("path", LAYOUT_PDFS, ids=lambda p: p.stem)
def test_layout_pdfs_read_the_same_without_pdfminer(path: Path) -> None:
    fast, slow = _read_both(path)
    assert_same(fast, slow)
    assert fast.annotations["pdfplumber_pages"] == []
    if path.name not in WHOLE_PLANS:
        return  # an excerpt (the mixed PDF): its two ruled tables are compared above
    # Each whole plan has its tiltak, status and budget tables on ruled pages.
    assert len(slow.tables) >= 8
    assert sum(len(t.cells) for t in slow.tables) >= 100


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("rendered")
    return {
        "000": pf.plan_pdf_from_text(corpus_path("000"), folder / "000.pdf"),
        "001": pf.plan_pdf_from_text(corpus_path("001"), folder / "001.pdf"),
        "sample": pf.sample_plan_pdf(folder / "sample.pdf"),
    }


@pytest.mark.slow
@pytest.mark.parametrize("name", ["000", "001", "sample"])
def test_rendered_plans_read_the_same_without_pdfminer(rendered, name: str) -> None:
    fast, slow = _read_both(rendered[name])
    assert_same(fast, slow)
    assert fast.annotations["pdfplumber_pages"] == []
    if name != "001":  # 001's dump has no ruled table
        assert slow.tables


def test_a_table_drawn_with_rectangles_lines_and_a_form(tmp_path: Path) -> None:
    """The three ways producers draw rulings (stroked lines, cell rectangles, a filled
    rectangle per rule, and a grid inside a form XObject) give pdfplumber's cells."""
    text = (
        "BT /F1 10 Tf 80 470 Td (Tiltak) Tj ET BT /F1 10 Tf 280 470 Td (Budsjett) Tj ET "
        "BT /F1 10 Tf 80 440 Td (Kartlegge tomter) Tj ET BT /F1 10 Tf 280 440 Td (120 000) Tj ET "
    )
    cell_rects = (
        "0.5 w 72 455 200 30 re S 272 455 200 30 re S 72 425 200 30 re S 272 425 200 30 re S "
    )
    filled = (
        "72 484.75 400 0.5 re f 72 454.75 400 0.5 re f 72 424.75 400 0.5 re f "
        "71.75 425 0.5 60 re f 271.75 425 0.5 60 re f 471.75 425 0.5 60 re f "
    )
    stroked = (
        "0.5 w 72 485 m 472 485 l S 72 455 m 472 455 l h S 72 425 m 472 425 l S "
        "72 485 m 72 425 l S 272 485 m 272 425 l S 472 485 m 472 425 l S "
    )
    for name, content, form in [
        ("rects", text + cell_rects, None),
        ("filled", text + filled, None),
        ("stroked", text + stroked, None),
        ("form", text + "q 1 0 0 1 0 0 cm /X1 Do Q", stroked),
    ]:
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(_one_page_pdf(content, form))
        fast, slow = _read_both(path)
        assert_same(fast, slow)
        assert fast.annotations["pdfplumber_pages"] == [], name
        assert [c.text for c in fast.tables[0].cells] == [
            "Tiltak",
            "Budsjett",
            "Kartlegge tomter",
            "120 000",
        ], name


def test_curved_corners_and_rotated_text_are_left_to_pdfplumber(tmp_path: Path) -> None:
    """A rounded box is made of curves pdfplumber turns into edges too; text that is not
    upright is not restated: pdfplumber reads that page."""
    text = (
        "BT /F1 10 Tf 80 470 Td (Tiltak) Tj ET BT /F1 10 Tf 280 470 Td (Budsjett) Tj ET "
        "BT /F1 10 Tf 80 440 Td (Kartlegge tomter) Tj ET BT /F1 10 Tf 280 440 Td (120 000) Tj ET "
    )
    # Corners of radius 2: within pdfplumber's intersection tolerance of the straight sides.
    rounded = (
        "0.5 w 74 425 m 470 425 l 471.1 425 472 425.9 472 427 c 472 483 l "
        "472 484.1 471.1 485 470 485 c 74 485 l 72.9 485 72 484.1 72 483 c "
        "72 427 l 72 425.9 72.9 425 74 425 c h S 72 455 m 472 455 l S 272 485 m 272 425 l S "
    )
    path = tmp_path / "rounded.pdf"
    path.write_bytes(_one_page_pdf(text + rounded))
    fast, slow = _read_both(path)
    assert_same(fast, slow)
    assert fast.annotations["pdfplumber_pages"] == []
    assert [c.text for c in fast.tables[0].cells] == [
        "Tiltak",
        "Budsjett",
        "Kartlegge tomter",
        "120 000",
    ]
    rotated = "BT /F1 11 Tf 0 1 -1 0 300 300 Tm (Loddrett tekst) Tj ET "
    path.write_bytes(_one_page_pdf(text + rounded + rotated))
    fast, slow = _read_both(path)
    assert_same(fast, slow)
    assert fast.annotations["pdfplumber_pages"] == [1]


def test_page_shapes_follow_pdfminers_paths() -> None:
    """A closed subpath: PDFium's extra line back to the start is pdfminer's "h"."""
    data = _one_page_pdf("0.5 w 72 400 m 300 400 l h S 72 300 100 50 re S 72 200 m 90 250 l S")
    pdf = pdf_fast.open_pdf(data)
    try:
        with pdf_fast.PDFIUM_LOCK:
            page = pdf_fast._LoadPage(pdf_fast._handle(pdf), 0)
            try:
                _, shapes = pdf_fast._page_shapes(page)
            finally:
                pdf_fast._ClosePage(page)
    finally:
        pdf_fast.close_pdf(pdf)
    assert shapes == [
        ("line", [(72.0, 400.0), (300.0, 400.0)]),
        ("rect", [(72.0, 300.0), (172.0, 350.0)]),
        ("line", [(72.0, 200.0), (90.0, 250.0)]),
    ]


def _one_page_pdf(content: str, form: str | None = None) -> bytes:
    from test_ingest_pdf import raw_pdf

    return raw_pdf(content, form=form)


def test_font_descents_are_pdfminers_where_pdfium_substitutes_its_own() -> None:
    """LibreOffice writes /Descent 0 in its font descriptors; pdfminer keeps 0, PDFium
    takes the glyphs' (about a fifth of the size): the boxes follow pdfminer's."""
    path = LAYOUTS / "nn_landscape.pdf"
    descents = pdf_fast.font_descents(path.read_bytes())
    assert descents == dict.fromkeys(
        ("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSans-Bold", "OpenSymbol"), 0.0
    )
    pdf = pdf_fast.open_pdf(path.read_bytes())
    try:
        with pdf_fast.PDFIUM_LOCK:
            page = pdf_fast._LoadPage(pdf_fast._handle(pdf), 0)
            textpage = pdf_fast._TextLoad(page)
            try:
                font = pdf_fast._TextObjFont(pdf_fast._TextObject(textpage, 0))
                assert pdf_fast._font_name(font) in descents
                pdfium_own = ctypes.c_float()
                pdf_fast._FontDescent(font, 10.0, ctypes.byref(pdfium_own))
                assert pdfium_own.value < -1.0  # PDFium's: below the baseline
                assert (
                    pdf_fast._descent(font, 10.0, descents)
                    == 10.0 * descents[pdf_fast._font_name(font)]
                )
            finally:
                pdf_fast._TextClose(textpage)
                pdf_fast._ClosePage(page)
    finally:
        pdf_fast.close_pdf(pdf)


def test_single_precision_reads_back_as_the_decimal_written() -> None:
    f32 = struct.Struct("f")
    for written in (841.89, 520.45, 0.1, 56.7, 453.6, 1e-3):
        stored = f32.unpack(f32.pack(written))[0]  # what PDFium hands back
        assert stored != written
        assert pdf_fast._decimal(stored) == written


# --- the bulk reading of a page's characters against the one-at-a-time reading ---------


def _bulk_through_ctypes(textpage: int, height: float, descents: dict) -> object:
    """The bulk reading with the C loop's columns taken through ctypes instead (as on an
    install without a C compiler)."""
    with pdf_fast.without_c_loop():
        return pdf_fast._page_text(textpage, height, descents)


def _same_page_text(a: object, b: object) -> bool:
    if not isinstance(a, pdf_fast.PageText) or not isinstance(b, pdf_fast.PageText):
        return a is b
    return a.chars() == b.chars() and len(a) == len(b)


def _both_readings(data: bytes) -> list[tuple[object, list | None]]:
    """Per page: (what the bulk reading gives, what the per-character reading gives);
    the bulk reading through ctypes is checked to be the C loop's on the way."""
    descents = pdf_fast.font_descents(data)
    pdf = pdf_fast.open_pdf(data)
    out = []
    try:
        with pdf_fast.PDFIUM_LOCK:
            for index in range(len(pdf)):
                page = pdf_fast._LoadPage(pdf_fast._handle(pdf), index)
                textpage = pdf_fast._TextLoad(page)
                try:
                    height = pdf_fast._page_size(page)[1]
                    bulk = pdf_fast._page_text(textpage, height, descents)
                    through_ctypes = _bulk_through_ctypes(textpage, height, descents)
                    assert _same_page_text(bulk, through_ctypes), index + 1
                    out.append((bulk, pdf_fast._page_chars(textpage, height, descents)))
                finally:
                    pdf_fast._TextClose(textpage)
                    pdf_fast._ClosePage(page)
    finally:
        pdf_fast.close_pdf(pdf)
    return out


def assert_bulk_reads_as_per_character(data: bytes) -> int:
    """Characters (exactly), lines and words of the two readings are the same on every
    page the bulk reading takes; the pages it leaves to the other."""
    left = 0
    for page, (bulk, chars) in enumerate(_both_readings(data), 1):
        if bulk is pdf_fast._BY_CHARACTER:
            left += 1
            continue
        if chars is None:
            assert bulk is None, page
            continue
        assert bulk.chars() == chars, page
        assert len(bulk) == len(chars), page
        assert pdf_fast.text_to_lines(bulk) == pdf_fast.chars_to_lines(chars), page
    return left


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler to build it with")
def test_the_c_loop_is_built_where_a_compiler_is() -> None:
    # Optional at install, so a failed build would pass unseen: the slower ctypes
    # columns would be read instead.
    assert pdf_fast._text_columns is not None


@pytest.mark.slow
@pytest.mark.parametrize("path", LAYOUT_PDFS, ids=lambda p: p.stem)
def test_layout_pages_read_in_bulk_as_character_by_character(path: Path) -> None:
    assert assert_bulk_reads_as_per_character(path.read_bytes()) == 0


@pytest.mark.slow
@pytest.mark.parametrize("name", ["000", "001", "sample"])
def test_rendered_pages_read_in_bulk_as_character_by_character(rendered, name: str) -> None:
    assert assert_bulk_reads_as_per_character(rendered[name].read_bytes()) == 0


# Text set in ways a plan's producer may use: kerning inside a word (a gap over pdfplumber's
# 3 pt tolerance, small steps either way, a step back over earlier letters), letter
# spacing, a superscript and a smaller font on one line, words written out of order and
# over one another, and one word in two text objects with no space between.
ODD_TEXT = (
    "BT /F1 11 Tf 72 700 Td [(Kart) -400 (legge) 12 (tom) -9 (ter) 2000 (igjen)] TJ ET "
    "BT /F1 11 Tf 72 680 Td [(Tilt) 900 (ak) -30 (et)] TJ ET "
    "BT /F1 11 Tf 4 Tc 72 660 Td (SPERRET) Tj 0 Tc ET "
    "BT /F1 11 Tf 72 640 Td (Areal m) Tj 5 Ts (2) Tj 0 Ts /F1 7 Tf ( og mer) Tj ET "
    "BT /F1 11 Tf 300 620 Td (til slutt) Tj ET BT /F1 11 Tf 72 620 Td (Forst) Tj ET "
    "BT /F1 11 Tf 150 620 Td (midt) Tj ET BT /F1 11 Tf 152 620.5 Td (over) Tj ET "
    "BT /F1 11 Tf 72 600 Td (Bygde) Tj ET BT /F1 11 Tf 104.4 600 Td (vekst) Tj ET "
)
# A soft hyphen at a line's end: PDFium marks it as a line-end hyphen (U+FFFE), read back
# as "-" (pdfplumber keeps U+00AD: a known difference, see extract.pdf_fast).
HYPHENATED = "BT /F1 11 Tf 72 580 Td (Bolig\\255) Tj ET BT /F1 11 Tf 72 566 Td (bygging) Tj ET "


def test_odd_text_reads_the_same_in_bulk_as_character_by_character() -> None:
    data = _one_page_pdf(ODD_TEXT + HYPHENATED)
    assert assert_bulk_reads_as_per_character(data) == 0
    bulk = _both_readings(data)[0][0]
    lines = pdf_fast.text_to_lines(bulk)
    texts = [ln.text for ln in lines]
    # Over 3 pt apart, letters are words of their own; small kerning joins them.
    assert texts[0].startswith("Kart leggetom")
    assert "S P E R R E T" in texts
    assert "Bygdevekst" in texts
    assert "Bolig-" in texts


def test_odd_text_reads_as_pdfplumber_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "odd.pdf"
    path.write_bytes(_one_page_pdf(ODD_TEXT))
    fast, slow = _read_both(path)
    assert_same(fast, slow)
    assert fast.annotations["pdfplumber_pages"] == []


def test_rounding_of_many_values_is_pythons() -> None:
    """The vectorised rounding to 1e-4 pt is ``round(v, 4)`` to the bit, ties and values
    a hair from a tie included."""
    import numpy as np

    rng = np.random.default_rng(16)
    values = np.concatenate(
        [
            rng.uniform(-50, 900, 20000),
            np.float32(rng.uniform(0, 900, 20000)).astype(np.float64),  # PDFium's floats
            np.array([0.00005, 1.23455, 2.00015, -0.00005, -1e-9, 0.0, 841.88995, 1e6 + 0.12345]),
            np.nextafter(np.arange(0, 100, 0.0001) + 0.00005, np.inf),
            np.nextafter(np.arange(0, 100, 0.0001) + 0.00005, -np.inf),
        ]
    )
    got = pdf_fast._rounded(values)
    want = [round(v, 4) for v in values.tolist()]
    assert [struct.pack("d", v) for v in got] == [struct.pack("d", v) for v in want]


def test_blanks_table_is_str_isspace() -> None:
    table = pdf_fast._whitespace()
    assert [c for c in range(0x10000) if table[c]] == [
        c for c in range(0x10000) if chr(c).isspace()
    ]
