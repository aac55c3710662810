"""parse_tidsramme / find_agreement_period on the real Tidsramme cells of the corpus.

Cells are copied from the text dumps with their line breaks; each is also checked to stand
in its file, so the expectations cannot drift from the documents.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hplan.normalize.years import YEAR_RE, find_agreement_period, parse_tidsramme

RAW = Path(__file__).parent.parent / "data/raw"
AGREEMENT = (2024, 2027)  # both 000 and 001: "skal gjelde i perioden 2024 – 2027"


def _raw(prefix: str) -> str:
    (path,) = sorted(RAW.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# (file, line, cell as in the dump, expected (start, end)); plan year 2025 for both plans.
CORPUS_CELLS = [
    ("000", 377, "2025", (2025, 2025)),  # delmål 1 tiltak 1
    ("000", 411, "2025-2027", (2025, 2027)),  # delmål 1 tiltak 5
    ("000", 773, "2025-2026", (2025, 2026)),  # delmål 2 tiltak 5
    ("000", 1918, "Når begge \ngrunnlagene \nforeligger", (None, None)),  # delmål 6 tiltak 2
    ("001", 230, "Hele \navtaleperioden, \nmen med ulike \nfaser i arbeidet", AGREEMENT),
    ("001", 299, "Ferdig mars \n2025", (None, 2025)),  # deadline, no start stated
    ("001", 310, "Ferdig juni 2026", (None, 2026)),
    ("001", 318, "Okt 2025", (2025, 2025)),
    ("001", 810, "Kontinuerlig", (None, None)),
    ("001", 818, "Desember 2025", (2025, 2025)),
    ("001", 1217, "2024, 2025, \n2026", (2024, 2026)),
    ("001", 1231, "2024 - 2027", (2024, 2027)),
    ("001", 1507, "Hele året, som \n\nforberedelse til \nseinere år", (2025, 2025)),
    ("001", 1675, "April 2025", (2025, 2025)),
    ("001", 1685, "Juni 2025, \n\netablert 1 jan \n2026", (2025, 2026)),
    ("001", 2066, "November 2025.", (2025, 2025)),
    ("001", 2080, "Juni 2025", (2025, 2025)),
]


@pytest.mark.parametrize(("doc", "line", "cell", "expected"), CORPUS_CELLS)
def test_corpus_tidsramme(doc: str, line: int, cell: str, expected: tuple) -> None:
    assert _flat(cell) in _flat(_raw(doc)), f"cell not found in {doc} near line {line}"
    assert parse_tidsramme(cell, plan_year=2025, agreement=AGREEMENT) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-2027", (2025, 2027)),
        ("2025", (2025, 2025)),
        ("2024, 2025, 2026", (2024, 2026)),
        ("Juni 2025, etablert 1 jan 2026", (2025, 2026)),
        ("Okt 2025", (2025, 2025)),
        ("2024 – 2027", (2024, 2027)),  # en dash with spaces
        ("2025–27", (2025, 2027)),  # short range end
        ("innen 2026", (None, 2026)),
        ("innan 2026", (None, 2026)),  # nynorsk
        ("frist 2026", (None, 2026)),
        ("2025 →", (2025, None)),
        ("2025 og videre", (2025, None)),
        ("fra 2025", (2025, None)),
        ("frå 2025", (2025, None)),
        ("HP25", (None, None)),  # plan abbreviation, not a year
        ("Mars 25", (None, None)),  # two digits are never a year on their own
        ("", (None, None)),
    ],
)
def test_tidsramme_forms(text: str, expected: tuple) -> None:
    assert parse_tidsramme(text, plan_year=2025, agreement=AGREEMENT) == expected


def test_whole_period_and_year_need_context() -> None:
    assert parse_tidsramme("hele perioden", agreement=(2025, 2028)) == (2025, 2028)
    # A deadline at the period's end states no start.
    assert parse_tidsramme("innen utgangen av avtaleperioden", agreement=AGREEMENT) == (
        None,
        2027,
    )
    # Without the agreement tuple / plan year nothing is guessed.
    assert parse_tidsramme("Hele avtaleperioden") == (None, None)
    assert parse_tidsramme("Hele året") == (None, None)
    assert parse_tidsramme("Hele året", plan_year=2026) == (2026, 2026)


def test_year_re_ignores_amounts_and_abbreviations() -> None:
    assert YEAR_RE.findall("HP2025 og 2024-2027, kr 120.000,-, HP25") == ["2025", "2024", "2027"]
    assert YEAR_RE.findall("1 800 000 kr") == []


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ("000", (2024, 2027)),  # line 200: "skal gjelde i perioden 2024 – 2027."
        ("001", (2024, 2027)),  # lines 36-37: "skal gjelde i perioden \n2024 – 2027."
        ("004", (2025, 2028)),  # line 20: "Avtaleperioden går frå 2025-2028." (nynorsk)
        # 002 names only "Verdiskapingsstrategi ... for perioden 2022-2025" (line 51) and
        # 003 only a budget column "Totalt for perioden 2023-2025" (line 39): no agreement.
        ("002", None),
        ("003", None),
    ],
)
def test_find_agreement_period_in_corpus(doc: str, expected: tuple | None) -> None:
    assert find_agreement_period(_raw(doc)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "skal gjelde i perioden 2024 – 2027",
        "avtaleperioden 2024-2027",
        "for perioden 2024–2027",
        "Avtalen gjelder for perioden 2024 - 2027.",
        "skal gjelde i perioden\n2024 –\n2027",
    ],
)
def test_find_agreement_period_forms(text: str) -> None:
    assert find_agreement_period(text) == (2024, 2027)
