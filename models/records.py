"""Row records of the output contract (``../shared/CONTRACT.md``).

One dataclass per output table. The field order *is* the column order, the field
type decides the Parquet/DuckDB type, and ``metadata["doc"]`` is the column's entry
in the data dictionary (``docs/data-dictionary.md`` is generated from here, so the
documentation cannot drift from the code). Extra columns beyond the contract are
marked ``extra=True`` in their metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def col(doc: str, *, default: Any = None, extra: bool = False) -> Any:
    """A column with its data-dictionary text."""
    return field(default=default, metadata={"doc": doc, "extra": extra})


@dataclass(slots=True)
class DocumentRecord:
    """One row per input file: the index of the dataset."""

    doc_id: str = col("First 12 hex characters of the SHA-256 of the input file's bytes.")
    source: str = col("Input path as given (relative paths kept relative).")
    sha256: str = col("Full SHA-256 of the input file's bytes.")
    doc_type: str = col("handlingsplan | saksframlegg | brev | other.")
    pilot: str | None = col(
        "Bygdevekst pilot the document is about; empty when it concerns several."
    )
    plan_year: int | None = col("Year the handlingsplan (or the plan a case concerns) applies to.")
    language: str | None = col("nb (bokmål) | nn (nynorsk).")
    n_pages: int | None = col(
        "Pages: PDF pages, or pages recovered from a text dump's page breaks."
    )
    extractor: str | None = col("text | pdf: which ingestion path read the file.")
    status: str = col("ok | partial (converted, with error-severity checks) | failed.")
    error: str | None = col("One-line reason when status is failed.")
    title: str | None = col("First heading-like line of the document.", extra=True)
    agreement_start: int | None = col(
        "First year of the agreement period the document states.", extra=True
    )
    agreement_end: int | None = col(
        "Last year of the agreement period the document states.", extra=True
    )
    n_lines: int | None = col("Lines in the document model.", extra=True)


@dataclass(slots=True)
class TocEntryRecord:
    """One row per line of the table of contents."""

    doc_id: str = col("Document id.")
    seq: int = col("1-based position in the table of contents.")
    level: int = col(
        "1 for chapters and delmål, 2 for tiltak under a delmål; in other documents the "
        "depth of the number (1.1 → 2, 1.1.1 → 3)."
    )
    number: str | None = col('Number as printed: "1", "Delmål 1", "1.1", "6.4.", "T1", or empty.')
    kind: str = col(
        "chapter | delmal | tiltak | other. A number like 1.1 is a tiltak only in contents "
        "that list delmål; in a kommuneplan or report it is a chapter."
    )
    title: str = col("Entry title without dot leaders and page number; wrapped lines joined.")
    page: int | None = col("Page number printed in the table of contents.")
    found_in_body: bool = col("Whether the heading stands in the body.")
    body_page: int | None = col("Page where the heading was found in the body.", extra=True)
    body_line: int | None = col("Line where the heading was found in the body.", extra=True)
    line: int | None = col("Line of the entry in the table of contents.", extra=True)


@dataclass(slots=True)
class DelmalRecord:
    """One row per delmål (sub-goal) headed in the body.

    Plans that call their sub-goals *innsatsområde*, *strategi* or *satsingsområde* where a
    bygdevekst plan says delmål give a row too when numbered measures stand under them;
    ``theme_evidence`` names the word ("goal named 'Strategi' (read as delmål)").
    """

    doc_id: str = col("Document id.")
    delmal_no: str = col(
        'Sub-goal number as a string; "T" for Tverrgående tiltak; for an unnumbered '
        "innsatsområde/strategi, its position among the goals of that name."
    )
    title: str = col(
        "Title as headed, without the 'Delmål N' prefix; goals named innsatsområde, strategi "
        "or satsingsområde are mapped to delmål, without that word."
    )
    theme: str = col("Contract theme vocabulary (bolig, rekruttering, ...).")
    page: int | None = col("Page of the heading.")
    line: int | None = col("Line of the heading.")
    theme_evidence: str | None = col("Why the theme was chosen (matched keywords).", extra=True)


@dataclass(slots=True)
class TiltakRecord:
    """One row per tiltak (measure) of the plan year.

    Besides the bygdevekst tables and headings, numbered measure lines ("Tiltak 1: …",
    "Prosjekt 2 – …") in other plans give rows (``evidence`` starts "measure line"); their
    ``delmal_no`` is the innsatsområde/strategi above them, empty when none is.
    """

    doc_id: str = col("Document id.")
    tiltak_key: str = col('"<delmal_no>.<tiltak_no>", e.g. "1.1", "T.1".')
    delmal_no: str = col(
        "Sub-goal number (the innsatsområde/strategi above a numbered measure line, "
        "read as delmål; empty when none stands above it)."
    )
    tiltak_no: str = col("Tiltak number within its delmål ('Tiltak 2:', 'Prosjekt 2 –' → 2).")
    title: str = col("Title; the body heading's wording where there is one.")
    hovedansvarlig: str | None = col("Main responsible actors as written, '; '-joined.")
    samarbeidsparter: str | None = col("Partners as written, '; '-joined.")
    tidsramme: str | None = col("Time frame as written.")
    start_year: int | None = col("First year of the time frame.")
    end_year: int | None = col("Last year of the time frame.")
    budget_nok: int | None = col("Amount set aside for the tiltak in the plan year; empty if none.")
    ended: bool = col("True when the plan says it is ended, dropped or merged into another.")
    page: int | None = col("Page of the row or heading.")
    line: int | None = col("Line of the row or heading.")
    evidence: str | None = col("Other wordings and where each field came from.", extra=True)
    table_title: str | None = col(
        "The tiltak's wording in the plan's tiltak table, when it has a row there.", extra=True
    )
    status: str | None = col(
        "For a tiltak whose own section opens by saying it is over: ended | dropped | merged "
        "(the previous_tiltak vocabulary); empty otherwise.",
        extra=True,
    )
    status_raw: str | None = col("That opening line, as written.", extra=True)
    successors: str | None = col(
        "The tiltak_no values that line says carry it on, '; '-joined.", extra=True
    )


@dataclass(slots=True)
class TiltakActorRecord:
    """One row per actor named for a tiltak."""

    doc_id: str = col("Document id.")
    tiltak_key: str = col("Tiltak key.")
    role: str = col("hovedansvarlig | samarbeidspart.")
    actor_raw: str = col("Actor as written.")
    actor: str = col("Canonical actor name (alias table); the written form when unknown.")


@dataclass(slots=True)
class PreviousTiltakRecord:
    """One row per row of a previous-year status table."""

    doc_id: str = col("Document id.")
    delmal_no: str = col("Sub-goal number.")
    year: int | None = col("Year of the previous plan the row comes from.")
    tiltak_no: str = col("Number of the tiltak in the previous plan.")
    title: str = col("Title as written, wrapped lines joined.")
    status_raw: str | None = col("Status as written.")
    status: str | None = col("continued | revised | merged | ended | dropped.")
    comment: str | None = col("Comment column, wrapped lines joined.")
    successors: str | None = col("This year's tiltak_no values that carry it on, '; '-joined.")
    page: int | None = col("Page of the row.")
    line: int | None = col("Line of the row.")


@dataclass(slots=True)
class AmountRecord:
    """One row per money figure in the text or tables."""

    doc_id: str = col("Document id.")
    seq: int = col("1-based position of the figure in the document.")
    amount_nok: int | None = col("Amount in whole kroner; empty for a garbled figure.")
    raw: str = col("Figure as written (a figure split over two lines joined by one space).")
    kind: str = col("budget | total | allocation | rate | other.")
    qualifier: str | None = col("inntil | ca | empty.")
    delmal_no: str | None = col("Delmål whose section the figure stands in.")
    tiltak_key: str | None = col("Tiltak whose section the figure stands in.")
    in_table: bool = col("Whether the figure stands in a table.")
    page: int | None = col("Page.")
    line: int | None = col("Line.")
    context: str | None = col("Short context around the figure.")


@dataclass(slots=True)
class BudgetRowRecord:
    """One row per money cell of a budget table."""

    doc_id: str = col("Document id.")
    table: str = col("period (whole agreement period) | year (plan-year financing).")
    delmal_no: str | None = col("Sub-goal of the row; empty for sum rows.")
    label: str = col("Row label as written.")
    column: str = col("Column header: a year, 'Totalbudsjett', or a financing source.")
    amount_nok: int | None = col("Cell amount in kroner.")
    page: int | None = col("Page.")
    line: int | None = col("Line.")
    placement: str | None = col(
        "How the cell was placed: grid | header | arithmetic | ambiguous.", extra=True
    )


@dataclass(slots=True)
class TiltakLinkRecord:
    """One row per link of a tiltak to its counterpart in the other year."""

    from_doc_id: str = col("Document holding the previous-year tiltak.")
    from_year: int | None = col("Previous year.")
    from_tiltak_key: str | None = col("Previous-year tiltak key; empty for link 'new'.")
    to_doc_id: str = col("Document holding this year's tiltak.")
    to_year: int | None = col("This year.")
    to_tiltak_key: str | None = col("This year's tiltak key; empty for ended/dropped.")
    link: str = col("continued | revised | merged | ended | dropped | new.")
    score: float | None = col("Match score, 0-100.")
    evidence: str | None = col("Why the link was made, in words a reviewer can check.")
    review: bool = col(
        "True when the score lies between the two thresholds.", default=False, extra=True
    )


@dataclass(slots=True)
class CheckRecord:
    """One row per finding of a consistency or quality check."""

    doc_id: str = col("Document id.")
    check: str = col("Check name, e.g. ingest, toc_page, budget_row_sum.")
    severity: str = col("info | warning | error.")
    message: str = col("What was found, with both numbers for mismatches.")
    page: int | None = col("Page.")
    line: int | None = col("Line.")


@dataclass(slots=True)
class RequirementRecord:
    """One row per handlingsplan and rule of KDD's framework letter."""

    doc_id: str = col("Document id (a handlingsplan).")
    rule: str = col("Rule id, e.g. financing_per_tiltak (extract/data/requirements.toml).")
    requirement: str = col("The letter's words the rule rests on.")
    verdict: str = col("met | not_met | unclear (unclear: a person must judge).")
    evidence: str = col("Why, in words an officer can check, each part with page and line.")
    page: int | None = col("Page of the first place the verdict rests on.")
    line: int | None = col("Line of the first place the verdict rests on.")
    evidence_nb: str | None = col("The evidence in Norwegian (bokmål).", extra=True)
    refs: str | None = col(
        "Every place the verdict rests on as 'page:line', '; '-joined (page empty if unknown).",
        extra=True,
    )
    letter_lines: str | None = col("Lines of KDD's letter the rule quotes.", extra=True)
