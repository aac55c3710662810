"""The contract's tables: names, record classes, columns, types and sort keys."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass
from typing import Any

from hplan.models.records import (
    AmountRecord,
    BudgetRowRecord,
    CheckRecord,
    DelmalRecord,
    DocumentRecord,
    PreviousTiltakRecord,
    RequirementRecord,
    TiltakActorRecord,
    TiltakLinkRecord,
    TiltakRecord,
    TocEntryRecord,
)


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # "str" | "int" | "float" | "bool"
    nullable: bool
    doc: str
    extra: bool


@dataclass(frozen=True)
class TableSpec:
    name: str
    record: type
    one_row_per: str
    # Columns that give a stable, deterministic row order across runs.
    sort_key: tuple[str, ...]

    @property
    def columns(self) -> list[Column]:
        return columns_of(self.record)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _dtype(annotation: Any) -> tuple[str, bool]:
    if isinstance(annotation, str):
        # `from __future__ import annotations` leaves strings; evaluate the simple forms.
        nullable = "None" in annotation
        base = annotation.replace("| None", "").replace("None |", "").strip()
        return {"str": "str", "int": "int", "float": "float", "bool": "bool"}[base], nullable
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _dtype(args[0])[0], True
    return {str: "str", int: "int", float: "float", bool: "bool"}[annotation], False


def columns_of(record: type) -> list[Column]:
    return list(_columns_of(record))


# Asked for every row written and every cache entry read: the fields' annotations are
# parsed once per record type.
@functools.cache
def _columns_of(record: type) -> tuple[Column, ...]:
    out = []
    for f in dataclasses.fields(record):
        dtype, nullable = _dtype(f.type)
        out.append(
            Column(
                f.name, dtype, nullable, f.metadata.get("doc", ""), f.metadata.get("extra", False)
            )
        )
    return tuple(out)


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in [
        TableSpec("documents", DocumentRecord, "input file", ("doc_id", "source")),
        TableSpec(
            "toc_entries", TocEntryRecord, "line of the table of contents", ("doc_id", "seq")
        ),
        TableSpec("delmal", DelmalRecord, "sub-goal headed in the body", ("doc_id", "line")),
        TableSpec(
            "tiltak", TiltakRecord, "measure of the plan year", ("doc_id", "line", "tiltak_key")
        ),
        TableSpec(
            "tiltak_actors",
            TiltakActorRecord,
            "actor named for a tiltak",
            ("doc_id", "tiltak_key", "role", "actor_raw"),
        ),
        TableSpec(
            "previous_tiltak",
            PreviousTiltakRecord,
            "row of a previous-year status table",
            ("doc_id", "line", "delmal_no", "tiltak_no"),
        ),
        TableSpec(
            "amounts",
            AmountRecord,
            "money figure anywhere in the text or tables",
            ("doc_id", "seq"),
        ),
        TableSpec(
            "budget_rows",
            BudgetRowRecord,
            "money cell of a budget table",
            ("doc_id", "table", "line", "label", "column"),
        ),
        TableSpec(
            "tiltak_links",
            TiltakLinkRecord,
            "link of a tiltak to its counterpart in the other year",
            ("to_doc_id", "from_doc_id", "to_tiltak_key", "from_tiltak_key", "link"),
        ),
        TableSpec(
            "checks",
            CheckRecord,
            "finding of a consistency or quality check",
            ("doc_id", "line", "check", "message"),
        ),
        TableSpec(
            "requirements",
            RequirementRecord,
            "KDD requirement judged for one handlingsplan",
            ("doc_id",),  # then the rules in the letter file's order
        ),
    ]
}

TABLE_NAMES: tuple[str, ...] = tuple(TABLES)
