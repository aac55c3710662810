"""The Word layouts of the corpus: each a set of choices a pilot's Word document makes.

Every layout renders the same content (tools/layouts/plan_content.py); only what a reader
of the table has to cope with changes. ``describe()`` is what goes into manifest.json.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Header wordings of the tiltak and status tables, by role.
BOKMAL_HEADERS = {
    "tiltak": "Tiltak",
    "hovedansvarlig": "Hovedansvarlig",
    "samarbeidsparter": "Samarbeidsparter",
    "tidsramme": "Tidsramme",
    "status": "Status",
    "kommentar": "Kommentar",
}
NYNORSK_HEADERS = {
    "tiltak": "Tiltak",
    "hovedansvarlig": "Hovudansvarleg",
    "samarbeidsparter": "Samarbeidspartar",
    "tidsramme": "Tidsrom",
    "status": "Status",
    "kommentar": "Merknad",
}
SYNONYM_HEADERS = {
    "tiltak": "Aktivitet",
    "hovedansvarlig": "Ansvar",
    "samarbeidsparter": "Partnere",
    "tidsramme": "Periode",
    "status": "Status",
    "kommentar": "Kommentar",
}
SYNONYM_NN_HEADERS = {
    "tiltak": "Tiltak",
    "hovedansvarlig": "Ansvarleg",
    "samarbeidsparter": "Involverte",
    "tidsramme": "Når",
    "status": "Status",
    "kommentar": "Merknad",
}

# Budget column headers by canonical column (hplan's COLUMN_VOCAB names); years as printed.
BUDGET_HEADERS_NB = {
    "Totalbudsjett": "Totalbudsjett",
    "KDD": "KDD 13.50 post 66",
    "Kommunal egenandel": "Kommunal egenandel",
    "Fylkeskommunen": "Fylkeskommunen",
    "Statsforvalter": "Statsforvalter",
    "Offentlige tilskuddsordninger": "Offentlige tilskuddsordninger",
    "Annet": "Annet",
}
BUDGET_HEADERS_NN = {
    "Totalbudsjett": "Totalbudsjett",
    "KDD": "Bygdevekstmidlar (KDD)",
    "Kommunal egenandel": "Kommunal eigendel",
    "Fylkeskommunen": "Fylkeskommunen",
    "Statsforvalter": "Statsforvaltaren",
    "Offentlige tilskuddsordninger": "Offentlege tilskotsordningar",
    "Annet": "Anna",
}
# A soft hyphen: Word and LibreOffice break the word there in a narrow cell and print "-".
SHY = "\u00ad"
BUDGET_HEADERS_NARROW = {
    "Totalbudsjett": f"Totalbudsj{SHY}ett",
    "KDD": "KDD",
    "Kommunal egenandel": f"Kommunal egen{SHY}andel",
    "Fylkeskommunen": f"Fylkes{SHY}kommunen",
    "Statsforvalter": f"Stats{SHY}forvalter",
    "Offentlige tilskuddsordninger": f"Offentlige tilskudds{SHY}ordninger",
    "Annet": "Annet",
}


@dataclass(frozen=True)
class Layout:
    name: str
    summary: str
    font: str
    size_pt: float
    table_size_pt: float
    heading_font: str
    # tiltak/status tables
    number_style: str  # column | title_dotted (1.3) | title_tiltak (Tiltak 3) | title_bare (3)
    tiltak_columns: tuple[str, ...]
    headers: dict[str, str]
    partners: str  # bullets | commas | lines
    repeat_header: bool
    # Column widths in cm for the tiltak table (number column first when separate).
    tiltak_widths: tuple[float, ...]
    # budget tables
    budget_headers: dict[str, str]
    budget_number_column: bool  # "1" | "Boligtiltak" in two cells
    budget_total_last: bool
    budget_merged_header: bool  # a spanning heading row over the years / sources
    budget_landscape: bool
    budget_amount_format: str  # "kr {}" | "{}" | "{} kr"
    # Fixed budget column widths in cm: number, label, Totalbudsjett, every other column.
    budget_widths_cm: tuple[float, float, float, float] | None
    page_break_before_delmal: bool
    toc_field: bool
    margins_cm: float = 2.5
    notes: list[str] = field(default_factory=list)

    def describe(self) -> dict:
        data = asdict(self)
        data["headers"] = dict(self.headers)
        data["budget_headers"] = {k: v.replace(SHY, "") for k, v in self.budget_headers.items()}
        return data


LAYOUTS: list[Layout] = [
    Layout(
        name="numcol",
        summary=(
            "KDD template look: tiltak number in a narrow first column with an empty first "
            "header cell; partners one per line (line breaks in one paragraph); header row "
            "repeated on each page; budget tables in portrait with a merged heading row "
            "('Finansieringskilder' / 'Statleg medfinansiering' spanning the amount "
            "columns, 'Delmål' and 'Totalbudsjett' merged down over both header rows); "
            "budget number in its own column; bare amounts ('620 000'); a real TOC field; "
            "each delmål on a new page."
        ),
        font="Liberation Sans",
        size_pt=11,
        table_size_pt=9,
        heading_font="Liberation Sans",
        number_style="column",
        tiltak_columns=("tiltak", "hovedansvarlig", "samarbeidsparter", "tidsramme"),
        headers=BOKMAL_HEADERS,
        partners="lines",
        repeat_header=True,
        tiltak_widths=(1.0, 5.0, 3.5, 3.5, 3.0),
        budget_headers=BUDGET_HEADERS_NB,
        budget_number_column=True,
        budget_total_last=False,
        budget_merged_header=True,
        budget_landscape=False,
        budget_amount_format="{}",
        budget_widths_cm=None,
        page_break_before_delmal=True,
        toc_field=True,
        margins_cm=2.0,
    ),
    Layout(
        name="titlenum",
        summary=(
            "Number at the start of the title cell as '<delmål>.<tiltak>' ('1.3'); column "
            "order Tiltak | Tidsramme | Hovedansvarlig | Samarbeidsparter; partners as a "
            "comma list; serif 12 pt so tables run over page breaks WITHOUT repeated "
            "header rows (rows may split over the break); budget amounts as '1 620 000' "
            "with Totalbudsjett as the last column; ToC as plain paragraphs with dot "
            "leaders (no field)."
        ),
        font="Liberation Serif",
        size_pt=12,
        table_size_pt=11,
        heading_font="Liberation Serif",
        number_style="title_dotted",
        tiltak_columns=("tiltak", "tidsramme", "hovedansvarlig", "samarbeidsparter"),
        headers=BOKMAL_HEADERS,
        partners="commas",
        repeat_header=False,
        tiltak_widths=(5.5, 2.5, 4.0, 4.0),
        budget_headers=BUDGET_HEADERS_NB,
        budget_number_column=False,
        budget_total_last=True,
        budget_merged_header=False,
        budget_landscape=False,
        budget_amount_format="{}",
        budget_widths_cm=None,
        page_break_before_delmal=False,
        toc_field=False,
    ),
    Layout(
        name="nynorsk",
        summary=(
            "Nynorsk headers (Hovudansvarleg, Samarbeidspartar, Tidsrom, Merknad; budget: "
            "Bygdevekstmidlar (KDD), Kommunal eigendel, Statsforvaltaren, Offentlege "
            "tilskotsordningar, Anna); number in the title cell as 'Tiltak 3'; partners "
            "as bullet paragraphs (List Bullet) in the cell; header row repeated; budget "
            "tables in a landscape section with amounts as '1 620 000 kr'; sans 10 pt."
        ),
        font="DejaVu Sans",
        size_pt=10,
        table_size_pt=9,
        heading_font="DejaVu Sans",
        number_style="title_tiltak",
        tiltak_columns=("tiltak", "hovedansvarlig", "samarbeidsparter", "tidsramme"),
        headers=NYNORSK_HEADERS,
        partners="bullets",
        repeat_header=True,
        tiltak_widths=(5.5, 3.5, 4.5, 2.5),
        budget_headers=BUDGET_HEADERS_NN,
        budget_number_column=False,
        budget_total_last=False,
        budget_merged_header=False,
        budget_landscape=True,
        budget_amount_format="{} kr",
        budget_widths_cm=None,
        page_break_before_delmal=False,
        toc_field=True,
    ),
    Layout(
        name="narrow",
        summary=(
            "Narrow columns: synonyms Aktivitet | Periode | Ansvar | Partnere; number at "
            "the start of the title cell as a bare '3'; partners one per line; tiltak "
            "table columns so narrow that words wrap; budget tables with fixed narrow "
            "columns so headers break at soft hyphens ('Totalbudsj-ett') and figures wrap "
            "inside the cell ('1 800' / '000'); header rows repeated; number in its own "
            "budget column; 9 pt condensed font."
        ),
        font="Liberation Sans Narrow",
        size_pt=9,
        table_size_pt=8,
        heading_font="Liberation Sans",
        number_style="title_bare",
        tiltak_columns=("tiltak", "tidsramme", "hovedansvarlig", "samarbeidsparter"),
        headers=SYNONYM_HEADERS,
        partners="lines",
        repeat_header=True,
        tiltak_widths=(3.2, 1.6, 2.2, 2.4),
        budget_headers=BUDGET_HEADERS_NARROW,
        budget_number_column=True,
        budget_total_last=False,
        budget_merged_header=False,
        budget_landscape=False,
        budget_amount_format="{}",
        budget_widths_cm=(0.6, 2.6, 1.9, 1.15),
        page_break_before_delmal=False,
        toc_field=False,
        margins_cm=3.0,
    ),
    Layout(
        name="landscape",
        summary=(
            "Number in its own first column with the header cell 'Nr.'; nynorsk synonyms "
            "(Tiltak | Ansvarleg | Involverte | Når); partners as bullets; header row NOT "
            "repeated and rows allowed to split across pages; budget tables in a "
            "landscape section with a merged heading row and merged 'SUM' label across "
            "the number and label columns; amounts 'kr 1 620 000'; serif 11 pt; TOC "
            "field."
        ),
        font="DejaVu Serif",
        size_pt=11,
        table_size_pt=10,
        heading_font="DejaVu Sans",
        number_style="column_nr",
        tiltak_columns=("tiltak", "hovedansvarlig", "samarbeidsparter", "tidsramme"),
        headers=SYNONYM_NN_HEADERS,
        partners="bullets",
        repeat_header=False,
        tiltak_widths=(1.2, 5.0, 3.3, 3.5, 3.0),
        budget_headers=BUDGET_HEADERS_NB,
        budget_number_column=True,
        budget_total_last=False,
        budget_merged_header=True,
        budget_landscape=True,
        budget_amount_format="kr {}",
        budget_widths_cm=None,
        page_break_before_delmal=True,
        toc_field=True,
    ),
]
