"""Structure stage: table of contents, delmål, section tree, on the corpus and snippets.

Expected values were written by reading the corpus files, not by running the stage.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hplan.extract import metadata, structure
from hplan.extract.ingest import load_document
from hplan.models.document import Document

RAW = Path(__file__).parent.parent / "data/raw"


def _load(prefix: str) -> Document:
    (path,) = sorted(RAW.glob(f"{prefix}_*.txt"))
    doc = load_document(path)
    metadata.run(doc)
    structure.run(doc)
    return doc


STRUCTURE_CHECKS = {
    "delmal_count_mismatch",
    "toc_missing_in_body",
    "toc_page_mismatch",
    "toc_title_mismatch",
    "heading_missing_in_toc",
}


@pytest.fixture(scope="module")
def doc000(corpus_docs: dict[str, Document]) -> Document:
    return corpus_docs["000"]


@pytest.fixture(scope="module")
def doc001(corpus_docs: dict[str, Document]) -> Document:
    return corpus_docs["001"]


@pytest.fixture(scope="module")
def doc002(corpus_docs: dict[str, Document]) -> Document:
    return corpus_docs["002"]


@pytest.fixture(scope="module")
def doc003(corpus_docs: dict[str, Document]) -> Document:
    return corpus_docs["003"]


@pytest.fixture(scope="module")
def doc004(corpus_docs: dict[str, Document]) -> Document:
    return corpus_docs["004"]


def _structure_checks(doc: Document) -> list:
    """The structure stage's checks (the shared corpus documents ran every stage)."""
    return [c for c in doc.checks if c.check in STRUCTURE_CHECKS]


def _index(line_no: int) -> int:
    """Index into doc.lines of a 1-based file line (text dumps keep file line numbers)."""
    return line_no - 1


def _tiltak(doc: Document) -> list[tuple[str | None, str | None, str]]:
    return [(s.delmal_no, s.tiltak_no, s.title) for s in doc.sections if s.kind == "tiltak"]


def _snippet(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "snippet.txt"
    path.write_text(text, encoding="utf-8")
    doc = load_document(path)
    metadata.run(doc)
    structure.run(doc)
    return doc


# --- 000: the plan with a table of contents ---------------------------------------------

# (level, number, kind, title, printed page), in ToC order (000 lines 90-190).
TOC_000 = [
    (1, "1", "chapter", "Introduksjon", 3),
    (1, "2", "chapter", "Rammer for handlingsplanen", 4),
    (1, "3", "chapter", "Handlingsplan 2025 per delmål", 4),
    (1, "Delmål 1", "delmal", "Øke boligbygging og utvikle nye boligtilbud", 5),
    (2, "1.1", "tiltak", "Strategi for bruk av virkemidler i lokal boligutvikling", 6),
    (2, "1.2", "tiltak", "Boligbyggerdialog og gjennomføring av lokalt boligarrangement", 7),
    (2, "1.3", "tiltak", "Kompetansehevende tiltak – boligplanlegging", 8),
    (2, "1.4", "tiltak", "Boligtiltak i Distriktene – midler fra Husbanken", 8),
    (2, "1.5", "tiltak", "Etablere verktøy for lokal boligutvikling", 9),
    (2, "1.6", "tiltak", "Utlånsforskriften som ledd i boligutvikling i distriktet", 10),
    (1, "Delmål 2", "delmal", "Øke samarbeid om samfunnsutvikling og planlegging", 11),
    (2, "2.1", "tiltak", "Presentasjon av eksisterende arealverktøy – kunnskapsbygging", 11),
    (2, "2.2", "tiltak", "Mulighetsdialog", 11),
    (
        2,
        "2.3",
        "tiltak",
        "Områdekartlegging som grunnlag for naturregnskap og arealplanlegging",
        13,
    ),
    (2, "2.4", "tiltak", "Areal- og naturregnskap for praktisk bruk i distriktet", 13),
    (2, "2.5", "tiltak", "Lokale rammer og strategier for spredt bosetting", 13),
    (1, "Delmål 3", "delmal", "Øke rekruttering av relevant arbeidskraft", 15),
    (2, "3.1", "tiltak", "Kompetansekartlegging", 16),
    (2, "3.2", "tiltak", "Omdømmebygging og rekrutteringsdialog", 16),
    (2, "3.3", "tiltak", "Arbeidsinkludering", 17),
    (2, "3.4", "tiltak", "Arbeidsinkludering av flyktninger", 17),
    (2, "3.5", "tiltak", "Samarbeid skole-næringsliv", 18),
    (2, "3.6", "tiltak", "Plattform for rekruttering", 19),
    (1, "Delmål 4", "delmal", "Øke mobilitet for innbyggere og tilreisende", 20),
    (
        2,
        "4.1",
        "tiltak",
        "Følge opp Taxi-tilbudet og hvordan dette fungerer etter vedtak av drosjemeldinga",
        22,
    ),
    (2, "4.2", "tiltak", "Arbeide for et best mulig kollektivtilbud i regionene", 22),
    (2, "4.3", "tiltak", "Utvikle nye og fremtidsrettede løsninger for bestillingstransport", 23),
    (1, "Delmål 5", "delmal", "Styrke landbruksnæringene i Rindal og Holtålen", 24),
    (
        2,
        "5.1",
        "tiltak",
        "Vedta lokale retningslinjer for kommunens praktisering av jord- og konsesjonslov",
        25,
    ),
    (
        2,
        "5.2",
        "tiltak",
        "Utvikle lokale tiltak for mer ferie og fritid og bedre tilgang på avløsere",
        25,
    ),
    # Wrapped over lines 150-151 of the ToC.
    (
        2,
        "5.3",
        "tiltak",
        "Utvikle lokale tiltak for å etablere langsiktig økonomisk grunnlag for bevaring av "
        "gårdsbruk i drift",
        27,
    ),
    # Wrapped over lines 155-156 of the ToC.
    (
        2,
        "5.4",
        "tiltak",
        "Formidle inntekts- og utviklingsmuligheter som ligger i eksisterende ordninger "
        "regionalt og nasjonalt",
        28,
    ),
    (
        1,
        "Delmål 6",
        "delmal",
        "Øke tilgang til og bruk av fleksibel og desentralisert utdanning",
        30,
    ),
    (2, "6.1", "tiltak", "Bygge kunnskapsgrunnlag utdanningstilbud", 31),
    (2, "6.2", "tiltak", "Kompetansekartlegging", 31),
    (2, "6.3", "tiltak", "Dialogmøte utdanning", 31),
    (2, "6.4.", "tiltak", "Markedsføring", 32),
    (1, "Delmål 7", "delmal", "Utvikle lokale studie- og kontorfellesskap", 33),
    (2, "7.1", "tiltak", "Utforme rammene for hospiteringsordning", 33),
    (2, "7.2", "tiltak", "Kartlegge kontorfellesskap", 33),
    (1, None, "delmal", "Tverrgående tiltak", 35),
    (2, "T1", "tiltak", "Forarbeid til, og arbeid med ferdigstilling av handlingsplaner", 35),
    (
        2,
        "T2",
        "tiltak",
        "Prosjektledelse, forankring og deltagelse i arbeidsgrupper på tvers av delmål",
        36,
    ),
    (2, "T3", "tiltak", "Fellestiltak for samhandling", 36),
    (1, "4", "chapter", "Organisering", 37),
    (1, "5", "chapter", "Lokal og regional forankring", 37),
    (
        1,
        "6",
        "chapter",
        "Fordeling av budsjett for hele avtaleperioden (statlig medfinansiering)",
        38,
    ),
    (1, "7", "chapter", "Samlet budsjett og finansiering for 2025", 39),
    (1, None, "other", "Handlingsplanen er godkjent av", 40),
]

# File line of each entry's heading in the body, in ToC order.
BODY_LINES_000 = [
    195, 227, 255,
    271, 415, 478, 533, 540, 589, 690,
    701, 777, 786, 859, 873, 883,
    965, 1035, 1066, 1108, 1140, 1149, 1204,
    1257, 1435, 1467, 1499,
    1533, 1603, 1648, 1718, 1793,
    1886, 1946, 1953, 1975, 2001,
    2050, 2088, 2111,
    2183, 2252, 2280, 2305,
    2330, 2366, 2383, 2420, 2476,
]  # fmt: skip


def test_toc_000_every_entry(doc000: Document) -> None:
    got = [(t.level, t.number, t.kind, t.title, t.page) for t in doc000.toc_entries]
    assert got == TOC_000
    assert [t.seq for t in doc000.toc_entries] == list(range(1, len(TOC_000) + 1))
    assert {t.doc_id for t in doc000.toc_entries} == {doc000.doc_id}


def test_toc_000_lines_of_entries(doc000: Document) -> None:
    lines = {t.number: t.line for t in doc000.toc_entries if t.number}
    assert lines["1"] == 90
    assert lines["Delmål 1"] == 96
    # A wrapped entry is placed on its first line.
    assert lines["5.3"] == 150
    assert lines["5.4"] == 155
    assert doc000.toc_entries[-1].line == 190


def test_toc_000_every_entry_found_on_its_printed_page(doc000: Document) -> None:
    assert all(t.found_in_body for t in doc000.toc_entries)
    assert [t.body_line for t in doc000.toc_entries] == BODY_LINES_000
    # Ingestion recovers the pages; the ToC's printed pages must agree everywhere.
    assert [t.body_page for t in doc000.toc_entries] == [t.page for t in doc000.toc_entries]
    assert _structure_checks(doc000) == []


def test_delmal_000_with_themes(doc000: Document) -> None:
    got = [(d.delmal_no, d.title, d.theme, d.page, d.line) for d in doc000.delmal]
    assert got == [
        ("1", "Øke boligbygging og utvikle nye boligtilbud", "bolig", 5, 271),
        ("2", "Øke samarbeid om samfunnsutvikling og planlegging", "samfunnsutvikling", 11, 701),
        ("3", "Øke rekruttering av relevant arbeidskraft", "rekruttering", 15, 965),
        ("4", "Øke mobilitet for innbyggere og tilreisende", "mobilitet", 20, 1257),
        ("5", "Styrke landbruksnæringene i Rindal og Holtålen", "landbruk", 24, 1533),
        (
            "6",
            "Øke tilgang til og bruk av fleksibel og desentralisert utdanning",
            "utdanning",
            30,
            1886,
        ),
        ("7", "Utvikle lokale studie- og kontorfellesskap", "studie_kontorfellesskap", 33, 2050),
        ("T", "Tverrgående tiltak", "tverrgaende", 35, 2183),
    ]
    assert all(d.theme_evidence for d in doc000.delmal)


def test_tiltak_sections_000_follow_the_toc(doc000: Document) -> None:
    expected = []
    for _level, number, kind, title, _page in TOC_000:
        if kind == "tiltak":
            assert number is not None
            delmal_no, tiltak_no = (
                ("T", number[1:]) if number.startswith("T") else number.rstrip(".").split(".")
            )
            expected.append((delmal_no, tiltak_no, title))
    assert _tiltak(doc000) == expected
    assert len(expected) == 33


def test_chapters_000(doc000: Document) -> None:
    chapters = [(s.number, s.title) for s in doc000.sections if s.kind == "chapter"]
    assert chapters == [
        ("1", "Introduksjon"),
        ("2", "Rammer for handlingsplanen"),
        ("3", "Handlingsplan 2025 per delmål"),
        ("4", "Organisering"),
        ("5", "Lokal og regional forankring"),
        ("6", "Fordeling av budsjett for hele avtaleperioden (statlig medfinansiering)"),
        ("7", "Samlet budsjett og finansiering for 2025"),
        (None, "Handlingsplanen er godkjent av"),
    ]


def test_intro_list_000_is_not_delmal(doc000: Document) -> None:
    # Lines 205-211 list the seven delmål ("1. Øke boligbygging ..."): a list, not headings.
    intro = range(_index(205), _index(211) + 1)
    assert not [s for s in doc000.sections if s.first_line in intro]
    assert doc000.place(_index(205)) == (None, None)
    # The delmål sections start at their body headings.
    starts = [doc000.lines[s.first_line].line for s in doc000.sections if s.kind == "delmal"]
    assert starts == [271, 701, 965, 1257, 1533, 1886, 2050, 2183]


def test_place_000(doc000: Document) -> None:
    assert doc000.lines[_index(475)].stripped.endswith(
        "Det budsjetteres med 120.000,- totalt til tiltaket."
    )
    assert doc000.place(_index(475)) == ("1", "1.1")
    # The tiltak tables at the top of a delmål belong to the delmål, not to a tiltak.
    assert doc000.place(_index(367)) == ("1", None)
    # The last tiltak of a delmål runs up to the next delmål heading.
    assert doc000.place(_index(700)) == ("1", "1.6")
    assert doc000.place(_index(701)) == ("2", None)
    # The wrapped heading's second line is part of its tiltak.
    assert doc000.place(_index(1720)) == ("5", "5.3")
    assert doc000.place(_index(2325)) == ("T", "T.3")
    # Chapters after the delmål end the last delmål section.
    assert doc000.place(_index(2396)) == (None, None)


# --- 001: the plan without a table of contents ------------------------------------------


def test_delmal_001_with_themes(doc001: Document) -> None:
    got = [(d.delmal_no, d.title, d.theme, d.line) for d in doc001.delmal]
    assert got == [
        ("1", "Øke rekruttering av relevant arbeidskraft", "rekruttering", 187),
        ("2", "Tilgang på fleksible og desentralisert utdanning", "utdanning", 747),
        ("3", "Lokale studie- og arbeidsfellesskap", "studie_kontorfellesskap", 998),
        ("4", "Øke Boligbyggingen", "bolig", 1117),
        ("5", "Øke mobilitet for innbyggerne og tilreisende", "mobilitet", 1427),
        ("6", "Øke samarbeidet om samfunnsutvikling og planlegging", "samfunnsutvikling", 1602),
        ("7", "Styrke landbruksnæringen i Indre Namdal", "landbruk", 2021),
    ]


def test_tiltak_sections_001(doc001: Document) -> None:
    assert _tiltak(doc001) == [
        ("1", "1", "Omdømmebygging"),
        ("1", "2", "Test: Flere i arbeid"),
        ("1", "3", "Brobygger – kobling mellom unge og Indre Namdal"),
        ("1", "4", "Kompetansestrategi"),
        ("1", "5", "Møteplasser"),
        ("1", "6", "Bygdekonferanse"),
        # Wrapped: "... næringsliv og videregående" / "skole" (lines 829-830).
        ("2", "1", "Karriereveiledning - samhandling mellom næringsliv og videregående skole"),
        ("2", "2", "Bidra til attraktive trainee-løp"),
        ("2", "3", "Felles kompetanseutvikling i Bygdevekstpiloten"),
        ("2", "4", "Støtte opp og bruke Namdal Studiesenter"),
        ("3", "1", "Etablere lokale studie – og kontorfellesskap"),
        ("3", "2", "Hospiteringsordning Staten"),
        # Wrapped over a blank line (lines 1260-1262).
        (
            "4",
            "1",
            "Kompetansehevende tiltak på Husbankens økonomiske virkemidler – økt bruk av "
            "virkemidler fra Husbanken",
        ),
        ("4", "2", "Boligtiltak i distriktene – nye søknader og oppfølging"),
        (
            "4",
            "3",
            "Utvikle og teste nye virkemidler for å øke tilgangen til egnede boliger i "
            "distriktskommuner",
        ),
        ("4", "4", "Utvikle risikoreduserende tiltak"),
        ("5", "1", "Utvikle behovsstyrt fritidskjøring for unge"),
        ("5", "2", "Gjennomføre 2 workshop"),
        ("5", "3", "Følge opp anbudsprosessen om kollektivtrafikk i Trøndelag"),
        ("6", "1", "Etablere felles dynamisk utviklingsmiljø Indre Namdal"),
        ("6", "2", "Interkommunal strategisk plan for Indre Namdal"),
        ("6", "3", "Forsøk felles legetjeneste Indre Namdal"),
        ("7", "1", "Mulighetsmøter innen plan – og arealforvaltning"),
        ("7", "2", "Kartleggingssamtaler med husdyrprodusenter"),
    ]
    numbers = [s.number for s in doc001.sections if s.kind == "tiltak"]
    assert numbers[:3] == ["Tiltak 1", "Tiltak 2", "Tiltak 3"]


def test_chapters_001_skip_lists(doc001: Document) -> None:
    chapters = [(s.number, s.title) for s in doc001.sections if s.kind == "chapter"]
    # "1. Sammenfatte hva vi vet ..." (line 620) and the in-tiltak list 1784-1887 (whose
    # "4. Overordnet kommuneplanlegging" could pass for chapter 4) are list items.
    assert chapters == [
        ("1", "Introduksjon"),
        ("2", "Rammer for handlingsplanen"),
        ("3", "Handlingsplan per delmål"),
        ("4", "Overordnet organisering"),
        ("6", "Fordeling av budsjett for hele avtaleperioden (statlig medfinansiering)"),
        ("7", "Samlet budsjett og finansiering 2025"),
    ]
    assert doc001.place(_index(620)) == ("1", "1.4")
    assert doc001.place(_index(1878)) == ("6", "6.1")


def test_overview_table_001_is_not_delmal(doc001: Document) -> None:
    # "Delmål 1:                    Rekruttering og omdømme" (line 106) is a table row.
    table = range(_index(105), _index(167) + 1)
    assert not [s for s in doc001.sections if s.first_line in table]
    assert doc001.place(_index(106)) == (None, None)


def test_no_toc_001(doc001: Document) -> None:
    assert doc001.toc_entries == []
    # Without a ToC there is nothing to miss from it.
    assert _structure_checks(doc001) == []


def test_place_001(doc001: Document) -> None:
    assert "500 000 kr" in doc001.lines[_index(387)].text
    assert doc001.place(_index(387)) == ("1", "1.1")
    assert doc001.place(_index(1111)) == ("3", "3.2")
    assert doc001.place(_index(2131)) == ("7", "7.2")


# --- 002-004: case documents and a letter ------------------------------------------------


@pytest.mark.parametrize("name", ["doc002", "doc003"])
def test_letter_and_county_case_have_no_plan_structure(
    name: str, request: pytest.FixtureRequest
) -> None:
    doc: Document = request.getfixturevalue(name)
    assert doc.delmal == []
    assert [s for s in doc.sections if s.kind in ("delmal", "tiltak")] == []
    # Their numbered paragraphs (vedtak points, attachments) are not chapters either.
    assert doc.sections == []
    assert doc.toc_entries == []


def test_case_004_prioritised_delmal(doc004: Document) -> None:
    got = [(d.delmal_no, d.title, d.theme, d.page, d.line) for d in doc004.delmal]
    assert got == [
        ("1", "Fleire eigna bustader i Vest-Telemark", "bolig", 1, 31),
        ("2", "Korleis få fleire arbeidsplassar i privat sektor", "naeringsutvikling", 1, 32),
        ("3", "Meir kompetanse innan helse og oppvekst", "kompetanse", 1, 33),
    ]
    # The "Vedlegg:" list and the vedtak points are not chapters.
    assert doc004.sections == []
    assert _structure_checks(doc004) == []


# --- snippets ----------------------------------------------------------------------------

NYNORSK = """Handlingsplan 2025 for Vest-Telemark

Innhald

1. Innleiing .................................... 2
Delmål 1 Fleire eigna bustader .................. 2
1.1 Kartlegging av tomter ....................... 2
1.2 Bustadbygging i samarbeid med private utbyggjarar og
kommunane ....................................... 2
Delmål 2: Korleis få fleire arbeidsplassar i privat sektor .... 3
2.1 Næringsareal ................................ 3
Tverrgåande tiltak .............................. 3
T1 Prosjektleiing ............................... 3
2. Budsjett for 2025 ............................ 3
\f1. Innleiing

Avtala har tre delmål:
1. Fleire eigna bustader
2. Fleire arbeidsplassar
3. Meir kompetanse

Delmål 1 Fleire eigna bustader

1.1 Kartlegging av tomter

Me skal kartleggje ledige tomter. Det er sett av 100 000 kr.

1.2 Bustadbygging i samarbeid med private utbyggjarar og

kommunane

Kommunane skal møte utbyggjarar.
\fDelmål 2: Korleis få fleire arbeidsplassar i privat sektor

2.1 Næringsareal

Tiltak 2 handlar om areal.

Tverrgåande tiltak

T1 Prosjektleiing

Prosjektleiar i 100 % stilling.

2. Budsjett for 2025

Sjå tabell.
"""


def test_nynorsk_snippet(tmp_path: Path) -> None:
    doc = _snippet(tmp_path, NYNORSK)
    assert [(t.number, t.kind, t.title, t.page, t.found_in_body) for t in doc.toc_entries] == [
        ("1", "chapter", "Innleiing", 2, True),
        ("Delmål 1", "delmal", "Fleire eigna bustader", 2, True),
        ("1.1", "tiltak", "Kartlegging av tomter", 2, True),
        (
            "1.2",
            "tiltak",
            "Bustadbygging i samarbeid med private utbyggjarar og kommunane",
            2,
            True,
        ),
        ("Delmål 2", "delmal", "Korleis få fleire arbeidsplassar i privat sektor", 3, True),
        ("2.1", "tiltak", "Næringsareal", 3, True),
        (None, "delmal", "Tverrgåande tiltak", 3, True),
        ("T1", "tiltak", "Prosjektleiing", 3, True),
        ("2", "chapter", "Budsjett for 2025", 3, True),
    ]
    assert [(d.delmal_no, d.title, d.theme) for d in doc.delmal] == [
        ("1", "Fleire eigna bustader", "bolig"),
        ("2", "Korleis få fleire arbeidsplassar i privat sektor", "naeringsutvikling"),
        ("T", "Tverrgåande tiltak", "tverrgaende"),
    ]
    assert _tiltak(doc) == [
        ("1", "1", "Kartlegging av tomter"),
        ("1", "2", "Bustadbygging i samarbeid med private utbyggjarar og kommunane"),
        ("2", "1", "Næringsareal"),
        ("T", "1", "Prosjektleiing"),
    ]
    line = next(ln for ln in doc.lines if "100 000 kr" in ln.text)
    assert doc.place(line.index) == ("1", "1.1")
    assert doc.checks == []


CHECKS_SNIPPET = """Innholdsfortegnelse

Delmål 1 Bustader ......... 1
1.1 Tomter ................ 1
1.2 Finst ikkje ........... 1
Delmål 2 Arbeidsplassar ... 1

Delmål 1 Bustader

1.1 Tomter

Tekst.
\fDelmål 2 Arbeidsplassar

2.1 Ekstra tiltak

Tekst.
"""


def test_checks_for_toc_disagreements(tmp_path: Path) -> None:
    doc = _snippet(tmp_path, CHECKS_SNIPPET)
    found = {t.number: (t.found_in_body, t.body_page) for t in doc.toc_entries}
    assert found == {
        "Delmål 1": (True, 1),
        "1.1": (True, 1),
        "1.2": (False, None),
        "Delmål 2": (True, 2),
    }
    got = sorted((c.check, c.severity, c.line) for c in doc.checks)
    assert got == [
        ("heading_missing_in_toc", "warning", 15),  # 2.1 Ekstra tiltak
        ("toc_missing_in_body", "warning", 5),  # 1.2 Finst ikkje
        ("toc_page_mismatch", "warning", 6),  # Delmål 2: printed 1, stands on 2
    ]
    mismatch = next(c for c in doc.checks if c.check == "toc_page_mismatch")
    assert "page 2" in mismatch.message and "(page 1)" in mismatch.message


# A long entry as a narrow page prints it: the leader and page alone on the next line, or
# the title filling the line so the page is glued to its last word.
WRAPPED_LEADER_SNIPPET = """Innholdsfortegnelse

Delmål 1 Bustader ........................ 1
1.1 Områdekartlegging som grunnlag for naturrekneskap og arealplanlegging
.................................................................. 1
1.2 Vedta lokale retningslinjer for praktisering av jord- og konsesjonslov1
1.3 Tomter ................................ 2

Delmål 1 Bustader

1.1 Områdekartlegging som grunnlag for naturrekneskap og arealplanlegging

Tekst.

1.2 Vedta lokale retningslinjer for praktisering av jord- og konsesjonslov

Tekst.
\f1.3 Tomter

Tekst.
"""


def test_toc_entries_wrapped_by_a_narrow_page(tmp_path: Path) -> None:
    doc = _snippet(tmp_path, WRAPPED_LEADER_SNIPPET)
    assert [(t.number, t.title, t.page, t.found_in_body) for t in doc.toc_entries] == [
        ("Delmål 1", "Bustader", 1, True),
        (
            "1.1",
            "Områdekartlegging som grunnlag for naturrekneskap og arealplanlegging",
            1,
            True,
        ),
        (
            "1.2",
            "Vedta lokale retningslinjer for praktisering av jord- og konsesjonslov",
            1,
            True,
        ),
        ("1.3", "Tomter", 2, True),
    ]


def test_tiltak_headings_need_their_delmal(tmp_path: Path) -> None:
    # "2.1" under delmål 1 is a cross-reference, not a heading; numbers must increase.
    text = (
        "Delmål 1 Bustader\n\n1.1 Tomter\n\nTekst.\n\n2.1 Feil delmål\n\n"
        "1.1 Tomter igjen\n\nTekst.\n\n1.2 Hus\n\nTekst.\n"
    )
    doc = _snippet(tmp_path, text)
    assert _tiltak(doc) == [("1", "1", "Tomter"), ("1", "2", "Hus")]


def test_pdf_headings_are_told_by_vertical_gaps(tmp_path: Path) -> None:
    # PDF lines are never empty: the space after a heading stands in for the empty line.
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)  # core font: latin-1 covers æ, ø, å
    for block in [
        "Delmål 1 Flere egnede boliger",
        "1.1 Kartlegging av tomter",
        "Vi skal kartlegge ledige tomter.\nDet er satt av 100 000 kr til dette.",
        "1.2 Boligbygging",
        "Tekst om boligbygging.",
    ]:
        pdf.multi_cell(0, 5, block)
        pdf.ln(4)
    path = tmp_path / "plan.pdf"
    pdf.output(str(path))
    doc = load_document(path)
    structure.run(doc)
    assert [(d.delmal_no, d.title, d.page, d.line) for d in doc.delmal] == [
        ("1", "Flere egnede boliger", 1, 1)
    ]
    assert _tiltak(doc) == [("1", "1", "Kartlegging av tomter"), ("1", "2", "Boligbygging")]
    # The paragraph's second line sits close under the first: same tiltak, no heading.
    line = next(ln for ln in doc.lines if "100 000 kr" in ln.text)
    assert doc.place(line.index) == ("1", "1.1")


TOC_CONFIRMS = """Innhold

1. Innleiing ......... 1
Delmål 1 Bustader .... 1
1.1 Tomter ........... 1
2. Fordeling av budsjett for hele perioden med statlig og kommunal finansiering ... 1
Vedlegg .............. 1

1. Innleiing
Tekst.

Delmål 1 Bustader

1.1 Tomter
Tekst om tomter.

2. Fordeling av budsjett for hele perioden med statlig og kommunal finansiering

Tabell.

Vedlegg

Liste.
"""


def test_toc_confirms_headings_the_rules_reject(tmp_path: Path) -> None:
    # "1.1 Tomter" has no empty line after it and chapter 2's title is too long for the
    # chapter rule; both stand in the ToC, found verbatim in the body, so both are headings.
    doc = _snippet(tmp_path, TOC_CONFIRMS)
    assert all(t.found_in_body for t in doc.toc_entries)
    assert [(s.kind, s.number) for s in doc.sections] == [
        ("chapter", "1"),
        ("delmal", "Delmål 1"),
        ("tiltak", "1.1"),
        ("chapter", "2"),
        ("chapter", None),  # "Vedlegg": unnumbered ToC entry of kind other
    ]
    text = {ln.stripped: ln.index for ln in doc.lines}
    assert doc.place(text["Tekst om tomter."]) == ("1", "1.1")
    assert doc.place(text["Tabell."]) == (None, None)
    assert doc.checks == []
