"""The committed data dictionary is exactly what the code generates."""

from __future__ import annotations

from helpers import ROOT
from hplan.models.dictionary import render_markdown
from hplan.models.tables import TABLES


def test_data_dictionary_is_current() -> None:
    committed = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), "run: hplan dictionary > docs/data-dictionary.md"


def test_every_column_is_documented() -> None:
    for spec in TABLES.values():
        for column in spec.columns:
            assert column.doc, f"{spec.name}.{column.name} has no description"
