"""The document model and the output contract's records and table schemas."""

from hplan.models.document import (
    Cell,
    Document,
    DocumentMeta,
    Line,
    Page,
    Section,
    Source,
    Table,
    TableSpan,
    Word,
)
from hplan.models.tables import TABLE_NAMES, TABLES, Column, TableSpec

__all__ = [
    "TABLES",
    "TABLE_NAMES",
    "Cell",
    "Column",
    "Document",
    "DocumentMeta",
    "Line",
    "Page",
    "Section",
    "Source",
    "Table",
    "TableSpan",
    "TableSpec",
    "Word",
]
