"""The README's example queries run against a dataset of the bundled corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import ROOT


@pytest.fixture(scope="module")
def con(corpus_out: Path):
    import duckdb

    connection = duckdb.connect(str(corpus_out / "handlingsplaner.duckdb"), read_only=True)
    yield connection
    connection.close()


def readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sql\n(.*?)```", text, re.DOTALL)


def test_readme_has_three_queries() -> None:
    assert len(readme_queries()) == 3


def test_budget_per_theme_per_pilot(con) -> None:
    rows = con.execute(readme_queries()[0]).fetchall()
    got = {(pilot, year, theme): budget for pilot, year, theme, budget in rows}
    # 000: delmål 1's running tiltak 1.1, 1.2, 1.4, 1.5 = 120 000 + 200 000 + 100 000 +
    # 200 000; 001: delmål 1's overview "Til sammen 1 800 000 kr".
    assert got[("Rindal og Holtålen", 2025, "bolig")] == 620_000
    assert got[("Indre Namdal", 2025, "rekruttering")] == 1_800_000


def test_links_per_pilot(con) -> None:
    rows = con.execute(readme_queries()[1]).fetchall()
    got = {(pilot, year, link): n for pilot, year, link, n in rows}
    # 000's status tables: e.g. delmål 3 tiltak 6 and delmål 7 tiltak 2 are new in 2025.
    assert got[("Rindal og Holtålen", 2025, "new")] >= 2
    assert got[("Rindal og Holtålen", 2025, "merged")] >= 4


def test_partners_named_most_often(con) -> None:
    rows = con.execute(readme_queries()[2]).fetchall()
    assert rows[0][0] == "Trøndelag fylkeskommune"
    assert rows[0][2] == 2  # named in both plans
