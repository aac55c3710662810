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
    "stage": "error",
    "duplicate_input": "info",
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
