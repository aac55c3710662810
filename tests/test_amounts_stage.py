"""Amounts stage on the corpus: every money figure, with its place, kind and provenance.

Expected values were read off the corpus dumps by hand (line numbers are file lines).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import corpus_path
from hplan.extract import amounts, budget, metadata
from hplan.extract.ingest import load_document
from hplan.extract.pipeline import STAGES, run_stages
from hplan.models.document import Document


def _load(prefix: str) -> Document:
    """The document after the stages the amounts stage needs, and no others (no tiltak)."""
    doc = load_document(corpus_path(prefix))
    needed = ("metadata", "structure", "budget_tables", "amounts")
    run_stages(doc, [stage for stage in STAGES if stage.name in needed])
    return doc


@pytest.fixture(scope="module")
def docs(corpus_docs: dict[str, Document]) -> dict[str, Document]:
    return corpus_docs


def _stretch(doc: Document, first: int, last: int) -> list[tuple]:
    return [
        (a.amount_nok, a.line, a.tiltak_key, a.kind, a.qualifier)
        for a in doc.amounts
        if first <= a.line <= last
    ]


# 000, delmål 1-3 (lines 271-1256): the financing paragraphs of the tiltak.
STRETCH_000 = [
    (120_000, 475, "1.1", "budget", None),  # "Det budsjetteres med 120.000,- totalt"
    (200_000, 530, "1.2", "budget", None),  # "Gjennomføring av boligarrangement ...: 200.000,-."
    (100_000, 583, "1.4", "budget", None),  # "budsjetteres med kroner 100.000,-"
    (200_000, 686, "1.5", "budget", None),
    (80_000, 856, "2.2", "budget", None),  # "Gjennomføring av mulighetsdialog: 80.000,-"
    (300_000, 952, "2.5", "budget", None),
    (100_000, 1063, "3.1", "budget", "inntil"),  # "settes av inntil kroner 100.000,-"
    (450_000, 1102, "3.2", "allocation", None),  # "fått innvilget kroner 450.000,-"
    (600_000, 1105, "3.2", "budget", None),  # "budsjetteres det med 600.000 fra bygdevekstmidlene"
    (60_000, 1135, "3.3", "budget", "inntil"),  # "inntil kroner 60 000,-"
    (500_000, 1194, "3.5", "budget", "inntil"),
    (300_000, 1237, "3.6", "budget", None),
]


def test_000_delmal_1_to_3(docs: dict[str, Document]) -> None:
    doc = docs["000"]
    assert _stretch(doc, 271, 1256) == STRETCH_000
    assert all(
        a.delmal_no == a.tiltak_key.split(".")[0] for a in doc.amounts if 271 <= a.line <= 1256
    )
    assert not any(a.in_table for a in doc.amounts if a.line <= 1256)


def test_000_no_years_or_dates_in_front_matter(docs: dict[str, Document]) -> None:
    # Lines 1-270: title page, version table with dates ("August 2023"), ToC with page
    # numbers, "kap. 553 post 66"-style references, years: no money at all.
    assert [a for a in docs["000"].amounts if a.line <= 270] == []


def test_000_raw_and_qualifier_forms(docs: dict[str, Document]) -> None:
    by_line = {a.line: a for a in docs["000"].amounts}
    assert by_line[1496].raw == "kroner kr. 50.000,-"
    assert (by_line[1496].amount_nok, by_line[1496].qualifier) == (50_000, "inntil")
    assert (by_line[1655].raw, by_line[1655].amount_nok) == ("5,8 mill. kroner", 5_800_000)
    assert by_line[2131].raw == "kr. 100.000,-"


def test_000_budget_tables(docs: dict[str, Document]) -> None:
    doc = docs["000"]
    cells = [a for a in doc.amounts if 2392 <= a.line <= 2472 and a.in_table]
    # Period table: 24 figures (9 rows + SUM, "kr -" is no figure); year table: 31.
    assert len(cells) == 24 + 31
    sums = [(a.amount_nok, a.kind) for a in cells if a.line == 2472]
    assert sums == [
        (7_670_000, "total"),
        (5_610_000, "total"),
        (1_610_000, "total"),
        (450_000, "total"),
    ]
    bolig = [(a.amount_nok, a.kind) for a in cells if a.line == 2444]
    # Row total -> total; the KDD and Kommunal egenandel cells -> budget.
    assert bolig == [(1_120_000, "total"), (620_000, "budget"), (500_000, "budget")]
    # Prose above the tables is not table text: "BV-midler2024 (6.000.000,-)".
    prose = [(a.amount_nok, a.in_table) for a in doc.amounts if a.line == 2385]
    assert prose == [(6_000_000, False), (5_000_000, False), (730_000, False)]
    assert all(a.delmal_no is None and a.tiltak_key is None for a in cells)


def test_000_counts_and_order(docs: dict[str, Document]) -> None:
    doc = docs["000"]
    # 25 in the tiltak text (lines 475-2325), 3 + 2 in the prose above the tables, 55 cells.
    assert len(doc.amounts) == 85
    assert [a.seq for a in doc.amounts] == list(range(1, 86))
    assert [(a.line) for a in doc.amounts] == sorted(a.line for a in doc.amounts)
    assert all(a.context and len(a.context) <= 120 for a in doc.amounts)
    assert all(a.doc_id == doc.doc_id for a in doc.amounts)


# 001 overview table (lines 103-167): Delmål / Tiltak / Beløp with "Til sammen" rows.
OVERVIEW_001 = [
    (500_000, 107, "budget"),
    (500_000, 108, "budget"),
    (100_000, 110, "budget"),
    (200_000, 111, "budget"),
    (500_000, 112, "budget"),
    (1_800_000, 113, "total"),  # Til sammen
    (300_000, 118, "budget"),  # on its own line after the wrapped tiltak title
    (100_000, 120, "budget"),
    (200_000, 121, "budget"),
    (600_000, 123, "total"),
    (1_300_000, 125, "budget"),
    (1_300_000, 127, "total"),  # "1 300 000kr"
    (200_000, 136, "budget"),
    (200_000, 137, "total"),
    (500_000, 139, "budget"),
    (500_000, 146, "total"),
    (1_400_000, 148, "budget"),
    (100_000, 154, "budget"),
    (1_500_000, 157, "total"),
    (50_000, 163, "budget"),
    (200_000, 165, "budget"),
    (250_000, 166, "total"),
    (6_150_000, 167, "total"),  # Total bruk av Bygdevekstmidler i 2025
]


def test_001_overview_table(docs: dict[str, Document]) -> None:
    doc = docs["001"]
    got = [(a.amount_nok, a.line, a.kind) for a in doc.amounts if 100 <= a.line <= 170]
    assert got == OVERVIEW_001
    assert all(a.in_table for a in doc.amounts if 100 <= a.line <= 170)


# 001 delmål 1 (lines 187-746).
DELMAL1_001 = [
    (1_800_000, 213, None, "total", None),  # "Til sammen settes det av 1 800 000 kr"
    (500_000, 387, "1.1", "budget", None),
    (500_000, 523, "1.2", "budget", None),
    (100_000, 657, "1.4", "budget", None),
    (200_000, 696, "1.5", "budget", None),
    (500_000, 736, "1.6", "budget", None),
]


def test_001_delmal_1(docs: dict[str, Document]) -> None:
    doc = docs["001"]
    assert _stretch(doc, 187, 746) == DELMAL1_001
    assert {a.delmal_no for a in doc.amounts if 187 <= a.line <= 746} == {"1"}


def test_001_split_figures_and_garbled(docs: dict[str, Document]) -> None:
    doc = docs["001"]
    by_line: dict[int, list] = {}
    for a in doc.amounts:
        by_line.setdefault(a.line, []).append(a)
    # "5 205 000  1 800" / "000": the split figure is one amount, raw joined by one space.
    assert [(a.raw, a.amount_nok, a.kind) for a in by_line[2327]] == [
        ("5 205 000", 5_205_000, "total"),
        ("1 800 000", 1_800_000, "budget"),
    ]
    assert 2328 not in by_line
    garbled = by_line[2264][0]
    assert (garbled.raw, garbled.amount_nok, garbled.in_table) == ("717 00", None, True)
    checks = [c for c in doc.checks if c.check == "garbled_amount"]
    assert [(c.line, c.page, c.severity) for c in checks] == [(2264, 38, "warning")]
    assert "717 00" in checks[0].message


def test_001_counts(docs: dict[str, Document]) -> None:
    doc = docs["001"]
    # 23 overview + 24 prose in delmål sections + 38 period cells + 38 year cells + 4 after.
    assert len(doc.amounts) == 127
    assert sum(a.in_table for a in doc.amounts) == 23 + 38 + 38
    rate = [a for a in doc.amounts if a.kind == "rate"]
    assert [(a.line, a.amount_nok, a.raw) for a in rate] == [(2422, 500, "500 kr")]


def test_004_two_amounts(docs: dict[str, Document]) -> None:
    doc = docs["004"]
    got = [(a.line, a.amount_nok, a.raw, a.in_table) for a in doc.amounts]
    assert got == [
        (38, 2_000_000, "2 millionar kroner", False),
        (39, 18_000_000, "18 millionar kroner", False),
    ]
    assert doc.amounts[1].kind == "allocation"  # "er det løyvd ytterlegare 18 millionar"


def test_003_prose_and_table(docs: dict[str, Document]) -> None:
    doc = docs["003"]
    assert len(doc.amounts) == 19
    first = doc.amounts[0]
    assert (first.line, first.amount_nok, first.kind, first.in_table) == (
        19,
        74_000_000,
        "allocation",
        False,
    )
    nord_troms = [(a.amount_nok, a.kind) for a in doc.amounts if a.line == 41]
    assert nord_troms == [
        (2_000_000, "allocation"),
        (16_000_000, "allocation"),
        (18_000_000, "total"),
    ]


def test_002_one_amount(docs: dict[str, Document]) -> None:
    got = [(a.line, a.amount_nok, a.qualifier) for a in docs["002"].amounts]
    assert got == [(136, 2_000_000, "inntil")]


def test_budget_tables_registered_once_however_often_found() -> None:
    doc = _load("001")
    n_spans = len(doc.table_spans)
    budget.find_tables(doc)
    budget.run(doc)
    assert len(doc.table_spans) == n_spans
    kinds = sorted(
        s.kind for s in doc.table_spans if s.kind in ("overview", "budget_period", "budget_year")
    )
    assert kinds == ["budget_period", "budget_year", "overview"]


def test_pdf_table_cells(tmp_path: Path) -> None:
    pdf_fixtures = pytest.importorskip("pdf_fixtures")
    doc = load_document(pdf_fixtures.sample_plan_pdf(tmp_path / "plan.pdf"))
    metadata.run(doc)
    budget.find_tables(doc)
    amounts.run(doc)
    # One prose figure (the financing paragraph), then the 24 + 31 cells of the two
    # budget tables (the ruled grids), in_table from the PDF's table ids.
    assert [(a.amount_nok, a.in_table) for a in doc.amounts[:1]] == [(120_000, False)]
    cells = doc.amounts[1:]
    assert len(cells) == 24 + 31
    assert all(a.in_table and a.page == 4 for a in cells)
    year_sum = [(a.amount_nok, a.kind) for a in cells if a.context.startswith("SUM kr 7 670")]
    assert year_sum == [
        (7_670_000, "total"),
        (5_610_000, "total"),
        (1_610_000, "total"),
        (450_000, "total"),
    ]
    rekruttering = [a for a in cells if a.context.startswith("3 Rekruttering")]
    assert [(a.amount_nok, a.kind) for a in rekruttering] == [
        (2_110_000, "total"),
        (1_110_000, "budget"),
        (550_000, "budget"),
        (450_000, "budget"),
    ]
