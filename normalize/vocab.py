"""The contract's vocabularies, in one place.

Themes, statuses, link types, check names and the other closed value sets of the output
tables are defined here and imported by the stages, the matcher, the review report and the
data dictionary, so a value added here is known everywhere. How a value is *recognised* in
the text stays with the module that recognises it (theme stems in
:mod:`hplan.normalize.themes`, status phrases in :mod:`hplan.normalize.status`); those
modules check at import that they cover exactly these values.
"""

from __future__ import annotations

# delmal.theme -> the name a reader sees (report pages, charts). The order is the one the
# data dictionary lists; the priority order for titles that hit two themes is
# THEME_KEYWORDS' in normalize/themes.py.
THEMES: dict[str, str] = {
    "bolig": "Bolig",
    "rekruttering": "Rekruttering",
    "utdanning": "Utdanning",
    "studie_kontorfellesskap": "Studie- og kontorfellesskap",
    "mobilitet": "Mobilitet",
    "samfunnsutvikling": "Samfunnsutvikling",
    "landbruk": "Landbruk",
    "naeringsutvikling": "Næringsutvikling",
    "kompetanse": "Kompetanse",
    "tverrgaende": "Tverrgående",
    "other": "Annet",
}
# The theme of a delmål title no stem matches.
OTHER_THEME = "other"

# previous_tiltak.status: what became of last year's tiltak, in the plan's own words.
STATUSES: tuple[str, ...] = ("continued", "revised", "merged", "ended", "dropped")

# tiltak_links.link: the statuses plus "new" (a tiltak no older one leads to).
LINK_TYPES: tuple[str, ...] = (*STATUSES, "new")

# documents.status
DOCUMENT_STATUSES: tuple[str, ...] = ("ok", "partial", "failed")
DOC_TYPES: tuple[str, ...] = ("handlingsplan", "saksframlegg", "brev", "other")
LANGUAGES: dict[str, str] = {"nb": "bokmål", "nn": "nynorsk"}
# checks.severity, most severe first (the report's order).
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
AMOUNT_KINDS: tuple[str, ...] = ("budget", "total", "allocation", "rate", "other")
AMOUNT_QUALIFIERS: tuple[str, ...] = ("inntil", "ca")
BUDGET_TABLES: tuple[str, ...] = ("period", "year")
ACTOR_ROLES: tuple[str, ...] = ("hovedansvarlig", "samarbeidspart")

# checks.check -> its severity. docs/checks.md explains each one; tests/test_checks_doc.py
# keeps this list, that page and the checks the code emits in step.
CHECKS: dict[str, str] = {
    "ingest": "error",
    "page_without_text": "warning",
    "ocr_pages": "info",
    "stage": "error",
    "duplicate_input": "info",
    "cache_entry_ignored": "info",
    "table_unread": "warning",
    "table_unit_from_header": "info",
    "table_unit_inferred": "info",
    "table_unit_mismatch": "warning",
    "delmal_count_mismatch": "warning",
    "toc_missing_in_body": "warning",
    "toc_page_mismatch": "warning",
    "toc_title_mismatch": "warning",
    "heading_missing_in_toc": "warning",
    "tiltak_row": "warning",
    "tiltak_number": "info",
    "tiltak_only_in_body": "info",
    "tiltak_repeated_row": "warning",
    "tiltak_budget_conflict": "warning",
    "status_row": "warning",
    "status_unknown": "warning",
    "garbled_amount": "warning",
    "budget_placement": "warning",
    "budget_memo_row": "info",
    "budget_row_sum": "warning",
    "budget_column_sum": "warning",
    "allocation_row_sum": "warning",
    "allocation_column_sum": "warning",
    "overview_total": "warning",
    "budget_period_vs_year": "warning",
    "tiltak_vs_budget": "warning",
    "tiltak_link_review": "warning",
    "tiltak_link_no_status": "info",
    "tiltak_link_target_missing": "warning",
    "tiltak_link_unresolved": "warning",
    "tiltak_link_status_row_unmatched": "warning",
    "tiltak_link_years": "info",
    "tiltak_link_theme": "info",
    "tiltak_link_duplicate_plan": "info",
    "tiltak_link_year_gap": "info",
}

# Every check name, in one of two groups: "plan" — the plan disagrees with itself or is
# malformed (an officer asks the pilot); "reading" — hplan could not read something with
# certainty (an officer checks hplan's figure against the plan). Names not listed count as
# "reading". The review report shows the two groups apart; docs/checks.md explains each
# check; a test keeps CHECKS, CHECK_GROUPS and that page in step.
CHECK_GROUPS: dict[str, str] = {
    "delmal_count_mismatch": "plan",
    "toc_missing_in_body": "plan",
    "toc_page_mismatch": "plan",
    "toc_title_mismatch": "plan",
    "heading_missing_in_toc": "plan",
    "tiltak_repeated_row": "plan",
    "tiltak_budget_conflict": "plan",
    "garbled_amount": "plan",
    "budget_row_sum": "plan",
    "budget_column_sum": "plan",
    "allocation_row_sum": "plan",
    "allocation_column_sum": "plan",
    "overview_total": "plan",
    "budget_period_vs_year": "plan",
    "tiltak_vs_budget": "plan",
    "tiltak_link_target_missing": "plan",
    "table_unit_mismatch": "plan",
    "ingest": "reading",
    "page_without_text": "reading",
    "ocr_pages": "reading",
    "stage": "reading",
    "duplicate_input": "reading",
    "cache_entry_ignored": "reading",
    "table_unread": "reading",
    "table_unit_from_header": "reading",
    "table_unit_inferred": "reading",
    "tiltak_row": "reading",
    "tiltak_number": "reading",
    "tiltak_only_in_body": "reading",
    "status_row": "reading",
    "status_unknown": "reading",
    "budget_placement": "reading",
    "budget_memo_row": "reading",
    "tiltak_link_review": "reading",
    "tiltak_link_no_status": "reading",
    "tiltak_link_unresolved": "reading",
    "tiltak_link_status_row_unmatched": "reading",
    "tiltak_link_years": "reading",
    "tiltak_link_theme": "reading",
    "tiltak_link_duplicate_plan": "reading",
    "tiltak_link_year_gap": "reading",
}
