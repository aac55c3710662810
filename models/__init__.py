"""The document model and the output contract's records and table schemas."""

from hplan.models.document import (
    Document,
    DocumentMeta,
    Line,
    Page,
    PdfTable,
    Section,
    Source,
    TableSpan,
    Word,
)
from hplan.models.tables import TABLE_NAMES, TABLES, Column, TableSpec

__all__ = [
    "TABLES",
    "TABLE_NAMES",
    "Column",
    "Document",
    "DocumentMeta",
    "Line",
    "Page",
    "PdfTable",
    "Section",
    "Source",
    "TableSpan",
    "TableSpec",
    "Word",
]
