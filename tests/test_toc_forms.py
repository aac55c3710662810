"""Tables of contents in the forms documents use (texts written here).

Own lines with "side N", one space or a page glued on, entries without pages, entries in
capitals, three-level numbers, contents run together on one line (transcripts), and the
kind of "1.1" from the document's own structure.
"""

from __future__ import annotations

from pathlib import Path

from hplan.extract.pipeline import convert


def _toc(tmp_path: Path, text: str) -> list[tuple[str | None, str, int | None, str, int]]:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    rows = convert(path).tables["toc_entries"]
    return [(e.number, e.title, e.page, e.kind, e.level) for e in rows]


def test_title_side_page_on_own_lines(tmp_path: Path) -> None:
    text = (
        "Trafikksikkerhetsplan for Fjellvik\n\nInnhold\nInnledning side 3\n"
        "Mål og strategier side 5\nTiltak og oppfølging side 9\n\nInnledning\n\nPlanen skal …\n"
    )
    assert _toc(tmp_path, text) == [
        (None, "Innledning", 3, "other", 1),
        (None, "Mål og strategier", 5, "other", 1),
        (None, "Tiltak og oppfølging", 9, "other", 1),
    ]


def test_numbered_one_space_glued_page_and_three_levels(tmp_path: Path) -> None:
    text = (
        "Kommuneplan for Dalen\n\nInnhaldsliste\n1. Innleiing 3\n1.1 Bakgrunn for planen 3\n"
        "1.1.1 Planprosessen i Dalen kommune.4\n2. Visjon og mål 6\n\n"
        "1. Innleiing\n\nDalen kommune har …\n"
    )
    assert _toc(tmp_path, text) == [
        ("1", "Innleiing", 3, "chapter", 1),
        ("1.1", "Bakgrunn for planen", 3, "chapter", 2),
        ("1.1.1", "Planprosessen i Dalen kommune", 4, "chapter", 3),
        ("2", "Visjon og mål", 6, "chapter", 1),
    ]


def test_entries_without_pages_and_in_capitals(tmp_path: Path) -> None:
    numbered = (
        "Innholdsfortegnelse\n1. Forord\n2. Innledning\n2.1 Planprosess\n3. Status\n\n"
        "Forord\n\nDette er planen.\n"
    )
    assert [(n, t, p) for n, t, p, _k, _l in _toc(tmp_path, numbered)] == [
        ("1", "Forord", None),
        ("2", "Innledning", None),
        ("2.1", "Planprosess", None),
        ("3", "Status", None),
    ]
    capitals = "INNHOLD\nFORORD\nSTRATEGISK DEL\nHANDLINGSDEL\n\nFORORD\n\nPlanen er …\n"
    assert [t for _n, t, *_ in _toc(tmp_path, capitals)] == [
        "FORORD",
        "STRATEGISK DEL",
        "HANDLINGSDEL",
    ]


def test_runon_contents_with_inline_leaders(tmp_path: Path) -> None:
    text = (
        "1 Næringsplan for Nes\n\n"
        "2 INNHALD Innleiing . . . s 3 Mål og strategiar . . . s 5 Tiltak…7 Økonomi... 9 "
        "Vedlegg Kjelder\n\n3 Innleiing Nes kommune …\n"
    )
    assert [(t, p) for _n, t, p, *_ in _toc(tmp_path, text)] == [
        ("Innleiing", 3),
        ("Mål og strategiar", 5),
        ("Tiltak", 7),
        ("Økonomi", 9),
        ("Vedlegg", None),
        ("Kjelder", None),
    ]


def test_runon_numbered_contents_continued_on_the_next_page(tmp_path: Path) -> None:
    text = (
        "3 Innhold: 1. Forord 2. Bakgrunn 2.1 Lovverk 2.2 Regionale føringer 3. Mål 3\n\n"
        "4 3.1 Hovedmål 3.2 Delmål for samfunnet 4. Arealbruk 4\n\n5 1 Forord Planen …\n"
    )
    assert [(n, t, p) for n, t, p, *_ in _toc(tmp_path, text)] == [
        ("1", "Forord", None),
        ("2", "Bakgrunn", None),
        ("2.1", "Lovverk", None),
        ("2.2", "Regionale føringer", None),
        ("3", "Mål", None),  # the trailing 3 is the page's own number
        ("3.1", "Hovedmål", None),
        ("3.2", "Delmål for samfunnet", None),
        ("4", "Arealbruk", None),
    ]


def test_runon_capitals_among_mixed_sub_entries(tmp_path: Path) -> None:
    text = (
        "2 INNHOLD 1. INNLEDNING Bakgrunn Formål med planen DEL A. STRATEGIER Nye mål "
        "Samarbeid med regionen...8 DEL B. TILTAK Tiltak for næring Tiltak for bolig...12 "
        "OPPFØLGING OG RAPPORTERING VEDLEGG\n"
    )
    assert [(n, t) for n, t, *_ in _toc(tmp_path, text)] == [
        ("1", "INNLEDNING"),
        ("DEL A", "STRATEGIER"),
        ("DEL B", "TILTAK"),
        (None, "OPPFØLGING OG RAPPORTERING"),
        (None, "VEDLEGG"),
    ]


def test_kind_of_numbered_entries_follows_the_document(tmp_path: Path) -> None:
    plan = (
        "Innholdsfortegnelse\nDelmål 1 Flere boliger ........ 3\n1.1 Boligstrategi ........ 4\n"
        "Delmål 2 Flere jobber ........ 6\n2.1 Næringshage ........ 7\n\nBody\n"
    )
    assert [(n, k) for n, _t, _p, k, _l in _toc(tmp_path, plan)] == [
        ("Delmål 1", "delmal"),
        ("1.1", "tiltak"),
        ("Delmål 2", "delmal"),
        ("2.1", "tiltak"),
    ]
    report = "Innholdsfortegnelse\n1 Innledning ..... 3\n1.1 Bakgrunn ..... 3\n2 Status ..... 5\n"
    assert [(n, k) for n, _t, _p, k, _l in _toc(tmp_path, report)] == [
        ("1", "chapter"),
        ("1.1", "chapter"),
        ("2", "chapter"),
    ]


def test_prose_starting_with_the_header_word_is_no_contents(tmp_path: Path) -> None:
    text = "Innhold i planen er drøftet med næringslivet i 2024 og 2025.\n\nMer tekst.\n"
    assert _toc(tmp_path, text) == []


def test_chapter_words_as_numbers(tmp_path: Path) -> None:
    text = (
        "Innhold\nKapittel 1 Innledning ....... 3\nKapittel 2: Mål og strategier ....... 6\n"
        "Del B Handlingsdel ....... 10\n\nKapittel 1 Innledning\n\nTekst.\n"
    )
    assert [(n, t, p, k) for n, t, p, k, _l in _toc(tmp_path, text)] == [
        ("Kapittel 1", "Innledning", 3, "chapter"),
        ("Kapittel 2", "Mål og strategier", 6, "chapter"),
        ("Del B", "Handlingsdel", 10, "chapter"),
    ]


def test_bare_pages_after_one_space_rising(tmp_path: Path) -> None:
    lines = "Innhold\nInnledning 3\nMål for planperioden 5\nØkonomi 11\nKilder til planen\n"
    assert [(t, p) for _n, t, p, *_ in _toc(tmp_path, lines + "\nInnledning\n\nTekst.\n")] == [
        ("Innledning", 3),
        ("Mål for planperioden", 5),
        ("Økonomi", 11),
    ]
    runon = "2 Innhald Innleiing 3 Mål for planperioden 5 Økonomi 11 Vedlegg 14\n"
    assert [(t, p) for _n, t, p, *_ in _toc(tmp_path, runon)] == [
        ("Innleiing", 3),
        ("Mål for planperioden", 5),
        ("Økonomi", 11),
        ("Vedlegg", 14),
    ]
    # Falling numbers are no pages: the line is prose, not contents.
    prose = "Innhold Kommunen hadde 12 skoler i 1990 og har 7 Skoler nå\n"
    assert _toc(tmp_path, prose) == []


def test_runon_numbered_in_capitals_with_the_pages_own_folio(tmp_path: Path) -> None:
    text = "3 INNHALD 1. INNLEIING... 3 2. MÅL OG STRATEGIAR... 5 3. TILTAK... 8 Side 3\n"
    assert [(n, t, p) for n, t, p, *_ in _toc(tmp_path, text)] == [
        ("1", "INNLEIING", 3),
        ("2", "MÅL OG STRATEGIAR", 5),
        ("3", "TILTAK", 8),
    ]
