"""Render the data dictionary (``docs/data-dictionary.md``) from the record classes.

Regenerate with ``hplan dictionary > docs/data-dictionary.md``; a test fails when the
committed file differs from what the code says, so the two cannot drift apart.
"""

from __future__ import annotations

import inspect

from hplan.models.tables import TABLES
from hplan.normalize import vocab


def _values(values: tuple[str, ...] | dict[str, str] | list[str]) -> str:
    return " | ".join(values)


VOCABULARIES = {
    "doc_type": _values(vocab.DOC_TYPES),
    "language": _values([f"{code} ({name})" for code, name in vocab.LANGUAGES.items()]),
    "status (documents)": _values(vocab.DOCUMENT_STATUSES),
    "status (previous_tiltak)": _values(vocab.STATUSES),
    "kind (amounts)": _values(vocab.AMOUNT_KINDS),
    "qualifier (amounts)": _values([*vocab.AMOUNT_QUALIFIERS, "empty"]),
    "theme (delmal)": _values(vocab.THEMES),
    "link (tiltak_links)": _values(vocab.LINK_TYPES),
    "severity (checks)": _values(tuple(reversed(vocab.SEVERITIES))),
    "check (checks)": "see docs/checks.md (" + str(len(vocab.CHECKS)) + " checks)",
    "table (budget_rows)": _values(vocab.BUDGET_TABLES),
    "role (tiltak_actors)": _values(vocab.ACTOR_ROLES),
}


def _cell(text: str) -> str:
    # A bare "|" would end the Markdown table cell.
    return text.replace("|", "\\|")


def render_markdown() -> str:
    out = [
        "# Data dictionary",
        "",
        "Generated from `models/records.py` by `hplan dictionary`; do not edit by hand.",
        "The contract is `../shared/CONTRACT.md`; columns marked *extra* are hplan's own",
        "additions. Every table is written as `<table>.csv`, `<table>.parquet` and as a",
        "table in `handlingsplaner.duckdb`. Lists inside a cell are joined with `; `.",
        "",
        "Keys: `doc_id` is the first 12 hex characters of the SHA-256 of the input file;",
        '`tiltak_key` is `"<delmal_no>.<tiltak_no>"` (`"T.1"` for tverrgående tiltak 1).',
        "`page` is the 1-based page; `line` is the 1-based line of the source text file",
        "(text dumps) or the 1-based line within the page's extracted text (PDFs).",
        "",
        "## Vocabularies",
        "",
        "| column | values |",
        "|---|---|",
    ]
    out += [f"| {name} | {_cell(values)} |" for name, values in VOCABULARIES.items()]
    out.append("")
    for name, spec in TABLES.items():
        doc = inspect.getdoc(spec.record) or ""
        out += [
            f"## `{name}`",
            "",
            doc.splitlines()[0] if doc else f"One row per {spec.one_row_per}.",
            "",
            "| column | type | description |",
            "|---|---|---|",
        ]
        for column in spec.columns:
            dtype = column.dtype + (" (nullable)" if column.nullable else "")
            extra = " *extra*" if column.extra else ""
            out.append(f"| `{column.name}`{extra} | {dtype} | {_cell(column.doc)} |")
        out.append("")
    return "\n".join(out)
