"""Every plan of the layout corpus (tests/fixtures/layouts, see its manifest.json), as
.docx and as PDF, reads like the text dump it was written from: the same tiltak,
tiltak_actors, previous_tiltak, budget_rows and toc_entries (keys, titles, actors, time
frames, statuses, successors, amounts, labels, ToC titles and kinds; provenance and page
numbers may differ)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from hplan.extract.pipeline import process

# Converts every layout file (.docx and PDF): outside the fast subset.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
MANIFEST = json.loads((LAYOUTS / "manifest.json").read_text(encoding="utf-8"))

Summary = dict[str, list[tuple[object, ...]]]


@cache
def summary(path: Path) -> Summary:
    doc, result = process(path)
    assert doc is not None, f"{path.name}: {result.document.error}"
    t = result.tables
    return {
        "tiltak": sorted(
            (
                r.tiltak_key,
                r.title,
                r.hovedansvarlig,
                r.samarbeidsparter,
                r.tidsramme,
                r.start_year,
                r.end_year,
                r.ended,
                r.budget_nok,
            )
            for r in t["tiltak"]
        ),
        "tiltak_actors": sorted(
            (r.tiltak_key, r.role, r.actor_raw, r.actor) for r in t["tiltak_actors"]
        ),
        "previous_tiltak": sorted(
            (r.delmal_no, r.year, r.tiltak_no, r.title, r.status_raw, r.status, r.successors)
            for r in t["previous_tiltak"]
        ),
        "budget_rows": sorted(
            (r.table, r.delmal_no or "", r.label, r.column, r.amount_nok) for r in t["budget_rows"]
        ),
        "toc_entries": [(r.seq, r.level, r.number, r.kind, r.title) for r in t["toc_entries"]],
    }


TABLES = ["tiltak", "tiltak_actors", "previous_tiltak", "budget_rows", "toc_entries"]
KNOWN_GAPS = {
    line.strip()
    for line in (LAYOUTS / "known_gaps.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
}
GAP = pytest.mark.xfail(strict=True, reason="known gap, tests/fixtures/layouts/known_gaps.txt")
CASES = [
    pytest.param(
        table,
        name,
        ext,
        id=f"{table}-{name}{ext}",
        marks=[GAP] if f"{table}-{name}{ext}" in KNOWN_GAPS else [],
    )
    for name in sorted(MANIFEST["files"])
    for ext in (".docx", ".pdf")
    if (LAYOUTS / f"{name}{ext}").exists()
    for table in TABLES
]


@pytest.mark.parametrize(("table", "name", "ext"), CASES)
def test_layout_reads_like_the_text_dump(name: str, ext: str, table: str) -> None:
    info = MANIFEST["files"][name]
    expected = summary(ROOT / info["source"])[table]
    got = summary(LAYOUTS / f"{name}{ext}")[table]
    if table == "tiltak":
        assert expected, "the text dump gives no tiltak"
    assert got == expected


def test_manifest_covers_the_layout_corpus() -> None:
    assert len(CASES) >= 4 * len(TABLES)
    assert len(KNOWN_GAPS) < len(CASES) / 4  # most layouts read right
    assert all((ROOT / info["source"]).exists() for info in MANIFEST["files"].values())
