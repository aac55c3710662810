"""PDF ingestion: the fast engine (PDFium, with pdfplumber's table finder on PDFium's
edges) against pdfplumber.

The fast engine must give the lines pdfplumber gives (text, page, line number, bbox,
words) and pdfplumber's tables, send to pdfplumber only the pages it does not restate
(rotated pages, text that is not upright, other table strategies), and fail on bad PDFs
with the same one-line errors. tests/test_pdfium_tables.py compares every fixture PDF.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from helpers import corpus_path
from hplan.extract import ingest, pdf_fast
from hplan.extract.ingest import IngestError, load_document
from hplan.extract.settings import Settings

pytest.importorskip("fpdf")
from pdf_fixtures import (
    PAGE_BREAK,
    corrupt_pdf,
    encrypted_pdf,
    plan_pdf_from_text,
    scanned_pdf,
    tiltak_table_000_delmal1,
    truncated_pdf,
    write_plan_pdf,
)

PLUMBER = Settings(pdf_text_engine="pdfplumber")
FAST = Settings(pdf_text_engine="fast")


def _lines(doc):
    return [(ln.text, ln.page, ln.line) for ln in doc.lines]


def _close(a, b, tol=1e-3):
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def assert_same_document(fast, slow) -> None:
    assert _lines(fast) == _lines(slow)
    for f, s in zip(fast.lines, slow.lines, strict=True):
        assert _close(f.bbox, s.bbox), (f.text, f.bbox, s.bbox)
        assert [w.text for w in f.words] == [w.text for w in s.words], f.text
        for fw, sw in zip(f.words, s.words, strict=True):
            assert _close((fw.x0, fw.top, fw.x1, fw.bottom), (sw.x0, sw.top, sw.x1, sw.bottom))
        assert f.table_id == s.table_id, f.text
    assert [(p.number, p.first_line, p.last_line) for p in fast.pages] == [
        (p.number, p.first_line, p.last_line) for p in slow.pages
    ]
    for fp, sp in zip(fast.pages, slow.pages, strict=True):
        assert _close((fp.width, fp.height), (sp.width, sp.height))
        assert [(t.table_id, t.rows, t.first_line, t.last_line) for t in fp.tables] == [
            (t.table_id, t.rows, t.first_line, t.last_line) for t in sp.tables
        ]
        for ft, st in zip(fp.tables, sp.tables, strict=True):
            assert _close(ft.bbox, st.bbox), (ft.bbox, st.bbox)


# --- a corpus plan rendered to PDF --------------------------------------------------------


@pytest.fixture(scope="module")
def plan_000(tmp_path_factory) -> Path:
    return plan_pdf_from_text(corpus_path("000"), tmp_path_factory.mktemp("pdf") / "000.pdf")


@pytest.mark.slow
def test_fast_engine_gives_pdfplumbers_lines_and_tables(plan_000: Path) -> None:
    slow = load_document(plan_000, PLUMBER)
    fast = load_document(plan_000, FAST)
    assert len(fast.lines) > 1000
    assert_same_document(fast, slow)
    # The pages with ruled tables too were read without pdfplumber.
    table_pages = [p.number for p in slow.pages if p.tables]
    assert len(table_pages) >= 5
    assert [p.number for p in fast.pages if p.tables] == table_pages
    assert fast.annotations["pdfplumber_pages"] == []
    assert "pdfplumber_pages" not in slow.annotations


def test_pages_with_rulings_need_no_pdfplumber(tmp_path: Path, monkeypatch) -> None:
    path = write_plan_pdf(
        tmp_path / "mixed.pdf",
        [
            "# 1. Innledning",
            "Handlingsplanen beskriver tiltakene for 2025.\nDen bygger på avtalen.",
            PAGE_BREAK,
            "# Delmål 1 Øke boligbygging",
            tiltak_table_000_delmal1(),
            PAGE_BREAK,
            "# 3. Budsjett",
            "Det er satt av 1 200 000 kr til tiltakene.",
        ],
    )
    calls: list[int] = []
    real = ingest._plumber_page

    def counting(page, number, *args, **kwargs):
        calls.append(number)
        return real(page, number, *args, **kwargs)

    monkeypatch.setattr(ingest, "_plumber_page", counting)
    fast = load_document(path, FAST)
    assert calls == []
    assert fast.annotations["pdfplumber_pages"] == []
    assert [len(p.tables) for p in fast.pages] == [0, 1, 0]
    calls.clear()
    slow = load_document(path, PLUMBER)
    assert calls == [1, 2, 3]
    assert_same_document(fast, slow)


def test_a_pdf_without_rulings_never_opens_pdfplumber(tmp_path: Path, monkeypatch) -> None:
    path = write_plan_pdf(
        tmp_path / "text.pdf",
        ["# 1. Innledning", "Første side.", PAGE_BREAK, "# 2. Mål", "Andre side.\nTredje linje."],
    )

    def fail(path):
        raise AssertionError("pdfplumber opened")

    monkeypatch.setattr(ingest, "_open_plumber", fail)
    doc = load_document(path, FAST)
    assert doc.annotations["pdfplumber_pages"] == []
    assert [(ln.text, ln.page, ln.line) for ln in doc.lines] == [
        ("Handlingsplan 2025", 1, 1),
        ("1. Innledning", 1, 2),
        ("Første side.", 1, 3),
        ("2. Mål", 2, 1),
        ("Andre side.", 2, 2),
        ("Tredje linje.", 2, 3),
    ]


# --- which pages pdfplumber gets ------------------------------------------------------


def raw_pdf(
    content: str, *, page_extra: str = "", form: str | None = None, mediabox: str = "0 0 612 792"
) -> bytes:
    """A one-page US-letter PDF with Helvetica as /F1 and, if given, a form XObject /X1."""
    resources = "/Font << /F1 5 0 R >>" + (" /XObject << /X1 6 0 R >>" if form else "")
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [{mediabox}] {page_extra}"
        f" /Resources << {resources} >> /Contents 4 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    if form:
        objects.append(
            f"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Length {len(form)} >>\n"
            f"stream\n{form}\nendstream"
        )
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return out


TEXT = (
    "BT /F1 11 Tf 72 700 Td (Delmal 1 Flere boliger i kommunen) Tj ET "
    "BT /F1 11 Tf 72 640 Td (Tiltaket skal kartlegge ledige tomter.) Tj ET "
)
GRID = "0.5 w 72 500 m 540 500 l S 72 450 m 540 450 l S 72 500 m 72 450 l S 540 500 m 540 450 l S "


def _reason(tmp_path: Path, data: bytes, settings: Settings = FAST) -> tuple[str | None, bool]:
    """(why pdfplumber must read the page or None, whether its edges could make a table)."""
    path = tmp_path / "page.pdf"
    path.write_bytes(data)
    pdf = pdf_fast.open_pdf(data)
    try:
        page = pdf_fast.read_page(pdf, 0, settings.table_settings)
    finally:
        pdf_fast.close_pdf(pdf)
    fast = load_document(path, settings)
    slow = load_document(path, PLUMBER)
    assert _lines(fast) == _lines(slow)
    assert [len(p.tables) for p in fast.pages] == [len(p.tables) for p in slow.pages]
    return page.reason, page.ruled


@pytest.mark.parametrize(
    ("name", "content", "kwargs", "reason"),
    [
        ("text only", TEXT, {}, (None, False)),
        (
            "underline rules",
            TEXT + "0.5 w 72 690 m 540 690 l S 72 630 m 540 630 l S",
            {},
            (None, False),
        ),
        ("one vertical bar", TEXT + "2 w 60 600 m 60 720 l S", {}, (None, False)),
        ("a ruled grid", TEXT + GRID, {}, (None, True)),
        ("a drawn box", TEXT + "72 400 200 60 re S", {}, (None, True)),
        ("a grid in a form", TEXT + "q /X1 Do Q", {"form": GRID}, (None, True)),
        ("a rotated page", TEXT, {"page_extra": "/Rotate 90"}, ("rotated", False)),
        ("a shifted page box", TEXT, {"mediabox": "0 -10 612 782"}, ("mediabox", False)),
        (
            "rotated text",
            "BT /F1 11 Tf 0 1 -1 0 300 300 Tm (Loddrett tekst her) Tj ET " + TEXT,
            {},
            ("layout", False),
        ),
        (
            "rotated text on a ruled page",
            "BT /F1 11 Tf 0 1 -1 0 300 300 Tm (Loddrett tekst her) Tj ET " + TEXT + GRID,
            {},
            ("layout", True),
        ),
    ],
)
def test_page_routing(tmp_path: Path, name: str, content: str, kwargs: dict, reason) -> None:
    assert _reason(tmp_path, raw_pdf(content, **kwargs)) == reason, name


def test_other_table_strategies_send_every_page_to_pdfplumber(tmp_path: Path) -> None:
    settings = Settings(
        table_settings={"vertical_strategy": "text", "horizontal_strategy": "lines"},
        pdf_text_engine="fast",
    )
    assert _reason(tmp_path, raw_pdf(TEXT), settings) == ("settings", False)


def test_text_inside_a_form_and_scaled_text(tmp_path: Path) -> None:
    form = "BT /F1 10 Tf 72 500 Td (Tekst i et skjema som gjenbrukes) Tj ET"
    scaled = "q 1.5 0 0 1.5 0 0 cm BT /F1 8 Tf 48 300 Td (Skalert tekst med cm) Tj ET Q "
    stretched = "BT /F1 12 Tf 150 Tz 72 200 Td (Strukket tekst) Tj ET "
    content = TEXT + scaled + stretched + "q /X1 Do Q"
    assert _reason(tmp_path, raw_pdf(content, form=form)) == (None, False)
    doc = load_document(tmp_path / "page.pdf", FAST)
    assert [ln.text for ln in doc.lines] == [
        "Delmal 1 Flere boliger i kommunen",
        "Tiltaket skal kartlegge ledige tomter.",
        "Tekst i et skjema som gjenbrukes",
        "Skalert tekst med cm",
        "Strukket tekst",
    ]
    slow = load_document(tmp_path / "page.pdf", PLUMBER)
    for f, s in zip(doc.lines, slow.lines, strict=True):
        # Helvetica is not embedded: the descent is pdfminer's (its metrics of the core
        # fonts, pdf_fast.font_descents), not that of PDFium's stand-in font.
        assert _close(f.bbox, s.bbox), (f.text, f.bbox, s.bbox)


# --- bad PDFs --------------------------------------------------------------------------

BAD = {
    "corrupt.pdf": (corrupt_pdf, "corrupt PDF"),
    "truncated.pdf": (truncated_pdf, "truncated PDF"),
    "encrypted.pdf": (encrypted_pdf, "encrypted PDF"),
    "scanned.pdf": (scanned_pdf, "OCR is needed"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_pdfs_fail_with_the_same_one_line_error(tmp_path: Path, name: str) -> None:
    make, fragment = BAD[name]
    path = make(tmp_path / name)
    errors = []
    for settings in (FAST, PLUMBER):
        with pytest.raises(IngestError) as info:
            load_document(path, settings)
        errors.append(str(info.value))
    assert errors[0] == errors[1]
    assert fragment in errors[0]
    assert "\n" not in errors[0]


def test_unknown_engine_is_a_programming_error(plan_000: Path) -> None:
    with pytest.raises(ValueError, match="pdf_text_engine"):
        load_document(plan_000, Settings(pdf_text_engine="pdfminer"))


# --- the line builder against pdfplumber's own ------------------------------------------


def _random_chars(rng: random.Random) -> list[dict]:
    chars = []
    y = 50.0
    for _ in range(rng.randint(1, 12)):
        size = rng.choice([8.0, 9.5, 11.0, 14.0])
        y += rng.choice([0.0, 1.5, 2.9, 3.1, 6.0, size * 1.3, size * 2.2])
        x = 50.0 + rng.random() * 20
        for _ in range(rng.randint(1, 40)):
            text = rng.choice("aeøå ﬁ-.,TJf1 ")
            width = size * rng.choice([0.25, 0.5, 0.6])
            top = y + rng.choice([0.0, 0.0, 0.0, 0.5, -1.0, 3.5])
            chars.append(
                {
                    "text": text,
                    "x0": x,
                    "x1": x + width,
                    "top": top,
                    "bottom": top + size,
                    "doctop": top,
                    "upright": True,
                    "height": size,
                    "width": width,
                    "size": size,
                }
            )
            x += width + rng.choice([0.0, 0.0, 0.0, 0.3, 2.9, 3.2, 8.0, -width])
    if rng.random() < 0.5:
        rng.shuffle(chars)
    return chars


def test_chars_to_lines_is_pdfplumbers_algorithm() -> None:
    from pdfplumber.utils import extract_words
    from pdfplumber.utils.text import chars_to_textmap

    rng = random.Random(7)
    for _ in range(300):
        chars = _random_chars(rng)
        expected = chars_to_textmap(chars, layout=False).extract_text_lines(
            strip=True, return_chars=False
        )
        words = extract_words(chars)
        got = pdf_fast.chars_to_lines(
            [(c["text"], c["x0"], c["top"], c["x1"], c["bottom"]) for c in chars]
        )
        assert [g.text for g in got] == [e["text"] for e in expected]
        for g, e in zip(got, expected, strict=True):
            assert _close(g.bbox, (e["x0"], e["top"], e["x1"], e["bottom"]))
            line_words = [
                w["text"]
                for w in words
                if e["top"] - 1 <= (w["top"] + w["bottom"]) / 2 <= e["bottom"] + 1
            ]
            assert [w.text for w in g.words] == line_words


@pytest.mark.parametrize("engine", [FAST, PLUMBER])
def test_a_time_out_inside_pdfplumber_is_not_a_corrupt_pdf(tmp_path: Path, monkeypatch, engine):
    # The per-file time limit raises FileTimeout wherever the reader is; pdfplumber
    # wraps what pdfminer raises. It must reach the pipeline as a time-out.
    from hplan.extract.pipeline import FileTimeout
    from pdfplumber.utils.exceptions import PdfminerException

    path = write_plan_pdf(tmp_path / "t.pdf", ["# Delmål 1 Boliger", tiltak_table_000_delmal1()])

    def expire(*args, **kwargs):
        raise PdfminerException(FileTimeout("took longer than the 1 s time limit"))

    monkeypatch.setattr(ingest, "_plumber_page", expire)
    if engine is FAST:  # it reads the fonts' descents with pdfminer (font_descents)
        monkeypatch.setattr("pdfminer.pdfdocument.PDFDocument.__init__", expire)
    with pytest.raises(FileTimeout, match="time limit"):
        load_document(path, engine)
