"""Money written the ways documents beyond the bundled plans write it (texts written here).

Each rule of normalize/amounts.py and the amounts stage's table units is tried on
sentences and tables written for these tests, in bokmål and nynorsk, with the look-alikes
that must stay out.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hplan.extract.pipeline import convert
from hplan.normalize.amounts import find_amounts, find_header_units, find_table_cells


def _found(text: str) -> list[tuple[str, int | None, str | None]]:
    return [(m.raw, m.amount_nok, m.qualifier) for m in find_amounts(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kommunen får åtte millioner kroner i omstillingsmidler.",
            [("åtte millioner kroner", 8_000_000, None)],
        ),
        (
            "Fylket har løyvd seks millionar kroner til næringsfondet.",
            [("seks millionar kroner", 6_000_000, None)],
        ),
        (
            "Regionrådet gir ein halv million kroner til forstudien.",
            [("ein halv million kroner", 500_000, None)],
        ),
        (
            "Over statsbudsjettet er det fordelt tolv milliarder kroner.",
            [("tolv milliarder kroner", 12_000_000_000, None)],
        ),
        (
            "Hver kommune kan søke om inntil tre millioner til forprosjekt.",
            [("tre millioner", 3_000_000, "inntil")],
        ),
        (
            "Stortinget har bevilget femten millioner til ordningen i 2026.",
            [("femten millioner", 15_000_000, None)],
        ),
    ],
)
def test_number_words(text: str, expected: list) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Det bor to millioner mennesker i landsdelen, og tre tusen deltakere kom.",
        "To ting er viktig: bolig og arbeid. Regionen har fem kommuner.",
        "Byen har 1,2 millioner innbyggere og 3 millioner besøkende hvert år.",
        "Nettsiden ble vist 4 millioner ganger i fjor.",
        "Lokal pakke på 75 millioner til næringslivet",  # no money word, no kroner elsewhere
    ],
)
def test_counts_and_bare_scales_without_money_stay_out(text: str) -> None:
    assert _found(text) == []


def test_scale_without_currency_in_a_money_sentence() -> None:
    text = "Prosjektet har en økonomisk ramme på 12 mill, hvorav om lag 7 mill er tiltaksmidler."
    assert _found(text) == [("12 mill", 12_000_000, None), ("7 mill", 7_000_000, "ca")]


def test_currency_carried_over_a_coordination() -> None:
    text = "Fylket bidrar med kr 40,5 mill og Fjellvik kommune med 12 mill."
    assert _found(text) == [("kr 40,5 mill", 40_500_000, None), ("12 mill.", 12_000_000, None)]
    nn = "Tilskotet aukar med 2 millionar, til om lag 16,5 millionar kroner."
    assert _found(nn) == [
        ("2 millionar", 2_000_000, None),
        ("16,5 millionar kroner", 16_500_000, "ca"),
    ]


def test_a_heading_repeating_a_figure_of_the_text() -> None:
    text = (
        "Pakke på 75 millioner til næringslivet\n\n"
        "Kommunen setter av 75 millioner kroner til pakken."
    )
    assert [m[1] for m in _found(text)] == [75_000_000, 75_000_000]


def test_unit_on_the_next_line_and_short_forms() -> None:
    text = "Til kurs er det satt av 2,5 mill.\nkroner fra fondet."
    assert _found(text) == [("2,5 mill. kroner", 2_500_000, None)]
    forms = "Rammen er 5 MNOK, av dette kr 5,8 mill. til drift og NOK 3 mill. til lønn."
    assert [m[1] for m in _found(forms)] == [5_000_000, 5_800_000, 3_000_000]


def test_currency_alone_on_the_next_line() -> None:
    # As a PDF line break leaves it (the nynorsk layout plan, p. 28): the figure ends one
    # line, its currency opens the next.
    text = "Prosesskostnader estimeres til 200.000\nkroner. I tillegg 150 000\nkroner."
    assert _found(text) == [("200.000 kroner", 200_000, None), ("150 000 kroner", 150_000, None)]
    # A currency that opens the next figure is that figure's, not a suffix of a year.
    assert _found("Budsjett for 2025\nkr 100 000 til kurs.") == [("kr 100 000", 100_000, None)]


def test_references_dates_phones_and_percentages_stay_out() -> None:
    text = (
        "Bevilgningen over kap. 553 post 66 i Prop. 1 S (2023–2024) økte med 34 prosent "
        "fra 30. september 2022. Tlf. 90012345."
    )
    assert _found(text) == []


def test_header_units_and_cells() -> None:
    units = {u.raw: u.factor for u in find_header_units("Tabell 2. Alle beløp i 1000-kroner")}
    assert units == {"i 1000-kroner": 1_000}
    assert [u.factor for u in find_header_units("Beløp i mill. kroner (NOK 1000)")] == [
        1_000_000,
        1_000,
    ]
    # A figure's own unit is no header unit.
    assert find_header_units("Budsjettet er på 2 150 mill.kr. i år") == []
    cells = find_table_cells("Oppvekst 120 450 Helse 2 823,6 Teknisk 2026 Sum 312 000")
    assert [(c.raw, c.label) for c in cells] == [
        ("120 450", "Oppvekst"),
        ("2 823,6", "Helse"),
        ("312 000", "Teknisk 2026 Sum"),
    ]


def _convert(tmp_path: Path, text: str):
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return convert(path).tables


def _amounts(tables) -> list[tuple[str, int | None, str, bool]]:
    return [(a.raw, a.amount_nok, a.kind, a.in_table) for a in tables["amounts"]]


def _checks(tables) -> list[tuple[str, str]]:
    return [(c.check, c.severity) for c in tables["checks"] if c.check.startswith("table_unit")]


def test_table_unit_from_its_caption_line(tmp_path: Path) -> None:
    tables = _convert(
        tmp_path,
        "Økonomiplan 2025-2028 for Fjellvik kommune\n\n"
        "Kommunen har et driftsbudsjett på 312 mill. kr for 2025.\n\n"
        "Tabell 3: Driftsbudsjett per sektor. Alle beløp i 1000-kroner\n"
        "Oppvekst 120 450 Helse og omsorg 141 200 Teknisk 50 350 Sum driftsbudsjett 312 000\n",
    )
    assert _amounts(tables) == [
        ("312 mill. kr", 312_000_000, "other", False),
        ("120 450", 120_450_000, "budget", True),
        ("141 200", 141_200_000, "budget", True),
        ("50 350", 50_350_000, "budget", True),
        ("312 000", 312_000_000, "total", True),
    ]
    assert _checks(tables) == [("table_unit_from_header", "info")]


def test_table_unit_from_a_caption_paragraph(tmp_path: Path) -> None:
    tables = _convert(
        tmp_path,
        "Budsjett for tiltaka (i 1000 kr)\n\nKompetanseløft 450 Rekruttering 300 Bustad 250 "
        "Sum 1 000\n",
    )
    assert [a.amount_nok for a in tables["amounts"]] == [450_000, 300_000, 250_000, 1_000_000]
    assert _checks(tables) == [("table_unit_from_header", "info")]


def test_header_unit_contradicted_by_the_total(tmp_path: Path) -> None:
    tables = _convert(
        tmp_path,
        "Fylkeskommunen legg opp til eit driftsbudsjett på 2 150 mill.kr. for 2026.\n\n"
        "Fordeling av driftsutgifter 2026: mill.kr. A01 – Administrasjon 150 200 "
        "A02 – Opplæring 1 200 300 A03 – Samferdsel 799 500 Sum driftsutgifter 2 150 000\n",
    )
    assert [a.amount_nok for a in tables["amounts"]] == [
        2_150_000_000,
        150_200_000,
        1_200_300_000,
        799_500_000,
        2_150_000_000,
    ]
    assert _checks(tables) == [("table_unit_mismatch", "warning")]
    (check,) = [c for c in tables["checks"] if c.check == "table_unit_mismatch"]
    assert "'mill.kr.'" in check.message and "1 000 kr" in check.message


def test_table_without_unit_inferred_from_its_total(tmp_path: Path) -> None:
    tables = _convert(
        tmp_path,
        "Driftsinntektene er budsjetterte til 1 940 mill. kr.\n\n"
        "Inntekter 2026 Rammetilskot 1 000,5 Skatt 800,0 Andre inntekter 139,5 "
        "Brutto driftsinntekter 1 940,0\n",
    )
    assert [a.amount_nok for a in tables["amounts"]] == [
        1_940_000_000,
        1_000_500_000,
        800_000_000,
        139_500_000,
        1_940_000_000,
    ]
    assert _checks(tables) == [("table_unit_inferred", "info")]


def test_tables_of_counts_are_not_money(tmp_path: Path) -> None:
    tables = _convert(
        tmp_path,
        "Folketal per 1. januar\n\nFjellvik 4 120 Dalen 2 300 Nes 1 010 Sum 7 430\n\n"
        "Kommunen har 3 skoler, 2 barnehager og 1 sykehjem.\n",
    )
    assert tables["amounts"] == []


def test_hundreds_and_accented_one() -> None:
    assert _found("Regjeringen har bevilget to hundre millioner kroner til ordningen.") == [
        ("to hundre millioner kroner", 200_000_000, None)
    ]
    assert _found("Fondet fikk én million kroner.") == [("én million kroner", 1_000_000, None)]


def test_decimal_scaled_figures_and_count_nouns() -> None:
    assert _found("Rammen for 2026 er 45,6 mill., mot 40,1 mill. i 2025.") == [
        ("45,6 mill.", 45_600_000, None),
        ("40,1 mill.", 40_100_000, None),
    ]
    assert _found("Fondet forvalter om lag 1,1 mrd. og har 12 ansatte.") == [
        ("1,1 mrd.", 1_100_000_000, "ca")
    ]
    text = "Over 1,5 millioner nordmenn har besøkt parken, som kostet 200 millioner å bygge."
    assert _found(text) == [("200 millioner", 200_000_000, None)]
    assert _found("Det var 2 millioner færre passasjerer i 2020 enn budsjettert.") == []


def test_text_dump_table_with_columns_under_a_caption(tmp_path: Path) -> None:
    tables = _convert(
        tmp_path,
        "Tabell 2: Driftsbudsjett (i 1000 kr)\n"
        "Post                     2025      2026\n"
        "Lønn                    1 200     1 350\n"
        "Drift                     450       500\n"
        "Sum                     1 650     1 850\n",
    )
    assert [a.amount_nok for a in tables["amounts"]] == [
        1_200_000,
        1_350_000,
        450_000,
        500_000,
        1_650_000,
        1_850_000,
    ]
    assert all(a.in_table for a in tables["amounts"])


def test_money_words_inside_compounds() -> None:
    text = "Prosjektet har en totalkostnad på 4,5 millioner, der staten dekker halvparten."
    assert _found(text) == [("4,5 millioner", 4_500_000, None)]
    assert _found("Investeringsbudsjettet er 40 mill.") == [("40 mill.", 40_000_000, None)]
    # "gjelder" (applies) is no "gjeld" (debt).
    assert _found("Dette gjelder 3 millioner husstander og 2 millioner andre.") == []
