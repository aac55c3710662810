"""Pipeline settings: one :class:`Settings` object, nested per stage.

Every threshold is documented where it is defined, here: what it decides and what data it
was set on. ``hplan.convert(path, **settings)`` and the CLI build a ``Settings``; the
pipeline hands it to every stage (``run(doc, settings)``), and each stage reads its own
section (``settings.metadata``, ...). The matcher's weights and thresholds are in
:class:`hplan.normalize.matcher.MatchSettings`, documented the same way.

Settings are frozen dataclasses: they pickle to workers and fingerprint the result cache
(:mod:`hplan.cache`), so changing one gives a fresh cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

MB = 1024 * 1024

PDF_TEXT_ENGINES = ("fast", "pdfplumber")

# Default per-file memory limit of a batch (address space of the converting process,
# ``--max-memory``): far over what a plan needs (a worker converting a 400-page PDF peaks
# near 150 MB resident) and well under the machine.
DEFAULT_MAX_MEMORY = 2048 * MB


def _default_table_settings() -> dict[str, Any]:
    # Ruled tables: the plans' tiltak and budget tables are drawn with lines, so
    # pdfplumber's "lines" strategy finds their grid; text alignment would invent
    # columns in ordinary prose.
    return {
        "vertical_strategy": "lines",
        "horizontal_strategy": "lines",
        "snap_tolerance": 3,
        "join_tolerance": 3,
        "intersection_tolerance": 3,
    }


@dataclass(frozen=True)
class AgreementSettings:
    """How the agreement period is found in the text (:mod:`hplan.normalize.years`)."""

    # How far back (characters) the sentence of the weakest pattern ("for perioden
    # 2024-2027") is looked for; 200 covers the longest sentence of the corpus
    # introductions without reaching into the paragraph before.
    context_chars: int = 200
    # Longest span an agreement period can plausibly have: bygdevekstavtaler run 3-4
    # years, so a wider range is a strategy or economic plan, not the agreement.
    max_years: int = 10


@dataclass(frozen=True)
class MetadataSettings:
    """doc_type, pilot, plan_year and language (:mod:`hplan.extract.metadata`)."""

    # Lines with text that make up the title block: the corpus titles (plan name, pilot,
    # year, "Bygdevekstavtalen for ...") all lie within the first 12 such lines.
    title_block_lines: int = 12
    # Of the title block, only the first lines can hold the plan's title; by the fifth
    # line the corpus documents are in prose that may mention "handlingsplan" in passing.
    title_lines: int = 4
    # Form markers (letter sign-off, address list; case recommendation, "Vurdering") a
    # document needs for its type: one alone occurs in plans too ("Vedlegg:").
    min_form_markers: int = 2
    agreement: AgreementSettings = field(default_factory=AgreementSettings)


@dataclass(frozen=True)
class MeasuresSettings:
    """Numbered measure lines outside tiltak tables (:mod:`hplan.extract.measures`)."""

    # Lines looked at above a list of measures for the goal ("Delmål 2: …",
    # "Innsatsområde …") it belongs to: the realworld texts put at most a short
    # introduction paragraph between the goal line and its list.
    goal_lookback: int = 12
    # A goal line this close above a list lets the list start at another number than 1
    # (numbering that runs on across goals).
    goal_ahead: int = 3
    # A plain numbered list starts within this many lines below its "Tiltak:" heading.
    list_head_gap: int = 2


@dataclass(frozen=True)
class AmountsSettings:
    """Money figures in prose and in tables (:mod:`hplan.extract.amounts`)."""

    # Longest ``amounts.context``, in characters: a line of the plan's prose as an officer
    # reads it, centred on the figure.
    context_chars: int = 120
    # A table whose unit its header states ("Alle beløp i 1000 kr") needs this many bare
    # figures to be scaled; one whose unit is inferred from its total needs more, since the
    # inference rests on one coincidence.
    min_header_unit_cells: int = 2
    min_inferred_unit_cells: int = 3
    # A table's total matches a figure of the prose when they differ by at most this
    # share: the prose rounds ("4 025 mill.kr." for a total of 4 025 635 in thousands).
    total_match_share: float = 0.001
    # A caption above a table (its own short paragraph) is at most this many lines.
    caption_lines: int = 2


@dataclass(frozen=True)
class StructureSettings:
    """Table of contents, headings and the section tree (:mod:`hplan.extract.structure`)."""

    # --- headings ---
    # A numbered line continues an open list only this many file lines after the previous
    # item. 001's in-tiltak list has 45 lines between items 3 and 4; chapters that could be
    # mistaken for the next item are hundreds of lines after the last list item.
    list_gap: int = 60
    # Non-blank lines looked at on each side of a numbered line for a neighbouring item
    # (n-1 or n+1): such a line belongs to a tight enumerated run, not the chapter chain.
    tight_run: int = 3
    # Longest chapter title in words ("Fordeling av budsjett for hele avtaleperioden
    # (statlig medfinansiering)" has 8); list items are sentences.
    max_chapter_words: int = 10
    # Longest continuation line of a wrapped heading, in words.
    max_wrap_words: int = 8
    # --- PDF lines (they carry no empty lines; paragraphs are separated by space) ---
    # A vertical gap wider than this share of the line's height counts as an empty line.
    pdf_blank_gap: float = 0.5
    # A line this many times as tall as the next is set in a larger (heading) font.
    pdf_heading_size: float = 1.15
    # A PDF heading wraps over at most this many lines, all set in one size: their heights
    # differ by at most this share.
    max_heading_lines: int = 3
    same_size: float = 0.05
    # --- table of contents ---
    # Longest title, in words, of a contents entry read without a dot leader or without a
    # page number: a longer line is prose.
    max_toc_title_words: int = 14
    # Lines one contents entry may wrap over: a PDF wraps a long entry over three lines
    # where the text dump had two.
    toc_max_wrapped_lines: int = 3
    # A contents list run together on one line: read as entries in capitals when at least
    # this many are found, and by bare page numbers only when this many rise in turn.
    min_caps_entries: int = 3
    min_bare_pages: int = 3


@dataclass(frozen=True)
class TiltakSettings:
    """Table rows merged with body sections (:mod:`hplan.extract.tiltak`)."""

    # A body section's lead line states the tiltak's fate ("Arbeidet er avsluttet") only
    # when it is this short: prose further down may say "gjennomført" about anything.
    body_status_max_words: int = 13
    # Which table row is which body section: rapidfuzz title similarity (0-100, half
    # token-set, half plain ratio) plus this bonus when row and heading carry the same
    # number. 001 numbers its table rows differently from its body headings in delmål 2,
    # so the number must not decide alone; a pair under the minimum stays unmatched.
    same_number_bonus: float = 35.0
    min_row_section_score: float = 45.0


@dataclass(frozen=True)
class BudgetSettings:
    """Budget, overview and allocation tables (:mod:`hplan.extract.budget`)."""

    # Lines after a budget table's heading its header may start in (text dumps put the
    # caption and a unit line between), and lines a table may run; an overview table's
    # header follows its heading at once.
    header_window: int = 40
    overview_header_window: int = 8
    table_window: int = 220
    # Lines an allocation table (KDD's per-pilot table: pilots × phases) is read over
    # from its header.
    allocation_window: int = 60
    # The search that places a flattened row's figures in columns so that the columns add
    # up to the SUM row: it collects at most this many solutions (two already make a row
    # ambiguous) and gives up after this many search nodes, claiming nothing (a guard
    # against odd tables).
    max_search_nodes: int = 200_000
    max_solutions: int = 50


@dataclass(frozen=True)
class Settings:
    """Everything that shapes a conversion; the defaults convert the bundled corpus."""

    # --- ingestion (:mod:`hplan.extract.ingest`) ---
    # A larger file fails alone with a one-line error (``--max-size``).
    max_file_bytes: int = 200 * MB
    # A file whose conversion takes longer fails alone (``--timeout``; enforced by the
    # pipeline in the main thread and by the batch runner in Dask workers).
    per_file_timeout_s: float = 300.0
    table_settings: dict[str, Any] = field(default_factory=_default_table_settings)
    # Fewer characters of text than this over a whole PDF mark it as having no text layer
    # (scanned): a page number and a header alone come to less.
    min_chars_per_pdf: int = 20
    # A .txt file with more than this share of control characters is binary, not text.
    max_control_share: float = 0.01
    # How PDF text is read: "fast" (PDFium for the pages that cannot hold a ruled table,
    # pdfplumber for the others) or "pdfplumber" (every page; the slower baseline).
    pdf_text_engine: str = "fast"
    # Read PDF pages without a text layer (scans) with Tesseract OCR (--ocr).
    ocr: bool = False
    ocr_language: str = "nor"
    ocr_dpi: int = 300
    # --- stages ---
    metadata: MetadataSettings = field(default_factory=MetadataSettings)
    structure: StructureSettings = field(default_factory=StructureSettings)
    tiltak: TiltakSettings = field(default_factory=TiltakSettings)
    measures: MeasuresSettings = field(default_factory=MeasuresSettings)
    budget: BudgetSettings = field(default_factory=BudgetSettings)
    amounts: AmountsSettings = field(default_factory=AmountsSettings)

    def __post_init__(self) -> None:
        if self.pdf_text_engine not in PDF_TEXT_ENGINES:
            raise ValueError(
                f"pdf_text_engine must be one of {', '.join(PDF_TEXT_ENGINES)}, "
                f"not {self.pdf_text_engine!r}"
            )

    def with_options(self, **options: Any) -> Settings:
        """A copy with ``options`` replaced; a nested section is given as a dict or as
        its dataclass (``metadata={"title_lines": 3}``, ``metadata={"agreement":
        {"max_years": 2}}``). Unknown names raise TypeError, at any depth."""
        return _replaced(self, options)


def _replaced(section: Any, options: dict[str, Any]) -> Any:
    known = {f.name for f in fields(section)}
    changes: dict[str, Any] = {}
    for name, value in options.items():
        if name not in known:
            where = type(section).__name__
            raise TypeError(
                f"unknown setting {name!r} in {where}; known: {', '.join(sorted(known))}"
            )
        current = getattr(section, name)
        if is_dataclass(current) and isinstance(value, dict):
            value = _replaced(current, value)
        changes[name] = value
    return replace(section, **changes)
