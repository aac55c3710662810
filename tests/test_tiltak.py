"""Tiltak stage on the corpus: every tiltak of 000 and 001, every status row of 000.

Expected values were written by reading the text dumps (line numbers in the rows).
"""

from __future__ import annotations

import re

import pytest
from helpers import corpus_path
from hplan.extract import tiltak
from hplan.extract.ingest import load_document
from hplan.extract.pipeline import run_stages, stages_through

# (tiltak_key, title, hovedansvarlig, samarbeidsparter, tidsramme, start, end, budget_nok,
#  ended, line)
TILTAK_000 = [
    (
        "1.1",
        "Strategi for bruk av virkemidler i lokal boligutvikling",
        "Rindal/Holtålen",
        "Husbanken; TRFK",
        "2025",
        2025,
        2025,
        120000,
        False,
        367,
    ),
    (
        "1.2",
        "Boligbyggerdialog og gjennomføring av lokalt boligarrangement",
        "Rindal/Holtålen",
        "Husbanken",
        "2025-2027",
        2025,
        2027,
        200000,
        False,
        379,
    ),
    (
        "1.4",
        "Boligtiltak i Distriktene – midler fra Husbanken",
        "Rindal/Holtålen; Indre Namdal",
        "Husbanken; TRFK; Distriktssenteret",
        "2025",
        2025,
        2025,
        100000,
        False,
        387,
    ),
    (
        "1.5",
        "Etablere verktøy for lokal boligutvikling",
        "Rindal/Holtålen",
        "KDD; TRFK",
        "2025-2027",
        2025,
        2027,
        200000,
        False,
        403,
    ),
    (
        "1.3",
        "Kompetansehevende tiltak – boligplanlegging",
        None,
        None,
        None,
        None,
        None,
        None,
        True,
        533,
    ),
    (
        "1.6",
        "Utlånsforskriften som ledd i boligutvikling i distriktet",
        None,
        None,
        None,
        None,
        None,
        None,
        True,
        690,
    ),
    (
        "2.2",
        "Mulighetsdialog",
        "Rindal/Holtålen",
        "TRFK; SF Trøndelag; Distriktssenteret",
        "2025",
        2025,
        2025,
        80000,
        False,
        755,
    ),
    (
        "2.5",
        "Lokale rammer og strategier for spredt bosetting",
        "Rindal/Holtålen",
        "TRFK; SF Trøndelag",
        "2025-2026",
        2025,
        2026,
        300000,
        False,
        763,
    ),
    (
        "2.1",
        "Presentasjon av eksisterende arealverktøy – kunnskapsbygging",
        None,
        None,
        None,
        None,
        None,
        None,
        True,
        777,
    ),
    (
        "2.3",
        "Områdekartlegging som grunnlag for naturregnskap og arealplanlegging",
        None,
        None,
        None,
        None,
        None,
        None,
        True,
        859,
    ),
    (
        "2.4",
        "Areal- og naturregnskap for praktisk bruk i distriktet",
        None,
        None,
        None,
        None,
        None,
        None,
        True,
        873,
    ),
    (
        "3.1",
        "Kompetansekartlegging",
        "Rindal/Holtålen",
        "TRFK",
        "2025",
        2025,
        2025,
        100000,
        False,
        1005,
    ),
    (
        "3.2",
        "Omdømmebygging og rekrutteringsdialog",
        "Rindal/Holtålen",
        None,
        "2025-2027",
        2025,
        2027,
        600000,
        False,
        1007,
    ),
    (
        "3.3",
        "Arbeidsinkludering",
        "Rindal/Holtålen",
        "TRFK; NAV ROH; Indre Nordmøre Opplæringskontor",
        "2025",
        2025,
        2025,
        60000,
        False,
        1012,
    ),
    (
        "3.5",
        "Samarbeid skole-næringsliv",
        "Rindal/Holtålen",
        "TRFK",
        "2025-2026",
        2025,
        2026,
        500000,
        False,
        1020,
    ),
    (
        "3.6",
        "Plattform for rekruttering",
        "Rindal/Holtålen",
        "TRFK",
        "2025-2026",
        2025,
        2026,
        300000,
        False,
        1025,
    ),
    ("3.4", "Arbeidsinkludering av flyktninger", None, None, None, None, None, None, True, 1140),
    (
        "4.1",
        "Følge opp Taxi-tilbudet og hvordan dette fungerer etter vedtak av drosjemeldinga",
        "Rindal/Holtålen felles med Namdalspiloten",
        "TRFK; AtB",
        "2025",
        2025,
        2025,
        50000,
        False,
        1316,
    ),
    (
        "4.2",
        "Arbeide for et best mulig kollektivtilbud i regionene",
        "Rindal/Holtålen felles med Namdalspiloten",
        "TRFK; AtB",
        "2025",
        2025,
        2025,
        50000,
        False,
        1330,
    ),
    (
        "4.3",
        "Utvikle nye og fremtidsrettede løsninger for bestillingstransport",
        "Rindal/Holtålen felles med Namdalspiloten",
        "TRFK; AtB",
        "2025",
        2025,
        2025,
        500000,
        False,
        1343,
    ),
    (
        "5.1",
        "Vedta lokale retningslinjer for kommunens praktisering av jord- og konsesjonslov",
        "Rindal/Holtålen",
        "SF Trøndelag; TRFK",
        "2025",
        2025,
        2025,
        80000,
        False,
        1549,
    ),
    (
        "5.2",
        "Utvikle lokale tiltak for mer ferie og fritid og bedre tilgang på avløsere",
        "Rindal/Holtålen",
        "SF Trøndelag; TRFK",
        "2025-2027",
        2025,
        2027,
        200000,
        False,
        1559,
    ),
    (
        "5.3",
        "Utvikle lokale tiltak for å etablere langsiktig økonomisk grunnlag for bevaring av gårdsbruk i drift",
        "Rindal/Holtålen",
        "SF Trøndelag; TRFK",
        "2025-2027",
        2025,
        2027,
        200000,
        False,
        1569,
    ),
    (
        "5.4",
        "Formidle inntekts- og utviklingsmuligheter som ligger i eksisterende ordninger regionalt og nasjonalt",
        "Rindal/Holtålen",
        "SF Trøndelag; TRFK",
        "2025-2027",
        2025,
        2027,
        100000,
        False,
        1580,
    ),
    (
        "6.2",
        "Kompetansekartlegging",
        "Rindal/Holtålen",
        None,
        "Når begge grunnlagene foreligger",
        None,
        None,
        20000,
        False,
        1915,
    ),
    (
        "6.3",
        "Dialogmøte utdanning",
        "Rindal/Holtålen",
        "TRFK",
        "2025",
        2025,
        2025,
        50000,
        False,
        1922,
    ),
    ("6.4", "Markedsføring", "Rindal/Holtålen", None, "2025", 2025, 2025, None, False, 1924),
    (
        "6.1",
        "Bygge kunnskapsgrunnlag utdanningstilbud",
        None,
        None,
        None,
        None,
        None,
        None,
        True,
        1946,
    ),
    (
        "7.1",
        "Utforme rammene for hospiteringsordning",
        "KDD",
        "Rindal kommune; Holtålen kommune",
        "2025",
        2025,
        2025,
        None,
        False,
        2072,
    ),
    (
        "7.2",
        "Kartlegge kontorfellesskap",
        "Rindal/Holtålen",
        None,
        "2025",
        2025,
        2025,
        100000,
        False,
        2080,
    ),
    (
        "T.1",
        "Forarbeid til, og arbeid med ferdigstilling av handlingsplaner",
        "Rindal/Holtålen",
        "KDD; TRFK",
        "2025-2027",
        2025,
        2027,
        None,
        False,
        2216,
    ),
    (
        "T.2",
        "Prosjektledelse, forankring og deltagelse i arbeidsgrupper på tvers av delmål",
        "Rindal/Holtålen",
        None,
        "2025-2027",
        2025,
        2027,
        None,
        False,
        2230,
    ),
    (
        "T.3",
        "Fellestiltak for samhandling",
        "Rindal/Holtålen",
        "Distriktssenteret; TRFK; KDD",
        "2025",
        2025,
        2025,
        150000,
        False,
        2238,
    ),
]

# (delmal_no, tiltak_no, year, title, status_raw, status, successors, line)
PREVIOUS_000 = [
    (
        "1",
        "1",
        2024,
        "Kompetansehevende tiltak på Husbankens økonomiske virkemidler",
        "Revideres og videreføres",
        "revised",
        "1",
        277,
    ),
    (
        "1",
        "2",
        2024,
        "Legge til rette for realisering av prosjekter fra private utbyggere. Kompetansehevende tiltak",
        "Videreføres",
        "continued",
        "2",
        293,
    ),
    (
        "1",
        "3",
        2024,
        "Kompetansehevende tiltak - boligplanlegging",
        "Overføres til tiltak 1",
        "merged",
        "1",
        305,
    ),
    (
        "1",
        "4",
        2024,
        "Boligtiltak i distriktene - nye søknader og oppfølging",
        "Revideres og videreføres",
        "revised",
        "4",
        321,
    ),
    (
        "1",
        "5",
        2024,
        "Utvikle nye virkemidler for å øke tilgangen til egnede boliger i distriktet",
        "Revideres og videreføres",
        "revised",
        "5",
        337,
    ),
    (
        "1",
        "6",
        2024,
        "Utlånsforskriften som ledd i boligutvikling i distriktet",
        "Avsluttes",
        "ended",
        None,
        353,
    ),
    (
        "2",
        "1",
        2024,
        "Presentasjon av eksisterende arealverktøy - kunnskapsbygging",
        "Avsluttes",
        "ended",
        None,
        707,
    ),
    (
        "2",
        "2",
        2024,
        "Mulighetsdialog om arealbruk, boligbygging og tettstedsutvikling i distriktet",
        "Videreføres",
        "continued",
        "2",
        719,
    ),
    (
        "2",
        "3",
        2024,
        "Områdekartlegging som grunnlag for naturregnskap og arealplanlegging",
        "Utgår",
        "dropped",
        None,
        729,
    ),
    (
        "2",
        "4",
        2024,
        "Areal- og naturregnskap for praktisk bruk i distriktet",
        "Utgår",
        "dropped",
        None,
        741,
    ),
    ("3", "1", 2024, "Kompetansekartlegging", "Videreføres", "continued", "1", 971),
    ("3", "2", 2024, "Omdømmebygging", "Videreføres", "continued", "2", 975),
    (
        "3",
        "3",
        2024,
        "Arbeidsinkludering av personer utenfor arbeidsstyrken",
        "Videreføres",
        "continued",
        "3",
        979,
    ),
    (
        "3",
        "4",
        2024,
        "Arbeidsinkludering av flyktninger",
        "Slås sammen med tiltak 3",
        "merged",
        "3",
        986,
    ),
    ("3", "5", 2024, "Trappa (arbeidstittel)", "Videreføres", "continued", "5", 996),
    (
        "4",
        "1",
        2024,
        "Kartlegge taxi-tilbud og hvordan dette fungerer",
        "Videreføres",
        "continued",
        "1",
        1263,
    ),
    (
        "4",
        "2",
        2024,
        "Utarbeide et kunnskapsgrunnlag for kollektivtrafikk i regionene",
        "Videreføres",
        "continued",
        "2",
        1270,
    ),
    (
        "4",
        "3",
        2024,
        "Utvikle nye og fremtidsrettede løsninger for bestillingstransport i utvidet forstand",
        "Videreføres",
        "continued",
        "3",
        1279,
    ),
    (
        "4",
        "4",
        2024,
        "Forbedre buss- og togtilbudet",
        "Slås sammen med tiltak 2",
        "merged",
        "2",
        1288,
    ),
    (
        "4",
        "5",
        2024,
        "Nye og/eller økte mobilitetstjenester for en attraktiv bo- og arbeidsmarkedsregion",
        "Slås sammen med tiltak 3",
        "merged",
        "3",
        1298,
    ),
    ("6", "1", 2024, "Bygge kunnskapsgrunnlag utdanningstilbud", "Avsluttes", "ended", None, 1892),
    ("6", "2", 2024, "Sammenstille kunnskapsgrunnlag", "Videreføres", "continued", "2", 1899),
    ("6", "3", 2024, "Dialogmøte utdanning", "Videreføres", "continued", "3", 1906),
    (
        "7",
        "1",
        2024,
        "Utforme rammene for hospiteringsordning",
        "Påbegynt og videreføres",
        "continued",
        "1",
        2056,
    ),
    (
        "T",
        "1",
        2024,
        "Forarbeid til, og arbeid med ferdigstilling av handlingsplaner",
        "Videreføres",
        "continued",
        "1",
        2189,
    ),
    (
        "T",
        "2",
        2024,
        "Prosjektledelse, forankring og deltagelse i arbeidsgrupper på tvers av delmål",
        "Videreføres",
        "continued",
        "2",
        2201,
    ),
]

TILTAK_001 = [
    (
        "1.1",
        "Omdømmebygging",
        "Bygdevekst IN; utviklingsmiljøene i Indre Namdal",
        "Trøndelag Fylkeskommune; Statsforvalteren; Namdal Regionråd; Namdal næringsforening",
        "Hele avtaleperioden, men med ulike faser i arbeidet",
        2024,
        2027,
        500000,
        False,
        220,
    ),
    (
        "1.2",
        "Test: Flere i arbeid",
        "Bygdevekst IN; Trøndelag Fylkeskommune; LOS-prosjektet ved Grong videregående skole",
        "Statsforvalteren; Nav; Namdal næringsforening",
        "Hele avtaleperioden, men med ulike faser i arbeidet",
        2024,
        2027,
        500000,
        False,
        241,
    ),
    (
        "1.3",
        "Brobygger – kobling mellom unge og Indre Namdal",
        "Bygdevekst IN; utviklingsmiljøene i Indre Namdal",
        "Trøndelag Fylkeskommune; Statsforvalteren; Distriktssentret",
        "Hele avtaleperioden, men med ulike faser i arbeidet",
        2024,
        2027,
        None,
        False,
        257,
    ),
    (
        "1.4",
        "Kompetansestrategi",
        "Bygdevekst IN; Trøndelag Fylkeskommune",
        "Statsforvalteren i Trøndelag; Namdal Regionråd",
        "Ferdig mars 2025",
        None,
        2025,
        100000,
        False,
        277,
    ),
    (
        "1.5",
        "Møteplasser",
        "Bygdevekst IN; Trøndelag Fylkeskommune",
        "Doga; Distriktssentret",
        "Ferdig juni 2026",
        None,
        2026,
        200000,
        False,
        303,
    ),
    (
        "1.6",
        "Bygdekonferanse",
        "Bygdevekst IN",
        "Trøndelag Fylkeskommune; Statsforvalteren; Distriktssentret; næringslivet",
        "Okt 2025",
        2025,
        2025,
        500000,
        False,
        312,
    ),
    (
        "2.1",
        "Karriereveiledning - samhandling mellom næringsliv og videregående skole",
        "Bygdevekst IN; Grong videregåendeskole",
        "Trøndelag Fylkeskommune; Statsforvalteren; utviklingsmiljøene i Indre Namdal",
        "Kontinuerlig",
        None,
        None,
        300000,
        False,
        796,
    ),
    (
        "2.2",
        "Bidra til attraktive trainee-løp",
        "Bygdevekst IN",
        "Næringslivet i regionen; INam",
        "Desember 2025",
        2025,
        2025,
        100000,
        False,
        812,
    ),
    (
        "2.4",
        "Støtte opp og bruke Namdal Studiesenter",
        "Bygdevekst IN",
        None,
        None,
        None,
        None,
        None,
        False,
        820,
    ),
    (
        "2.3",
        "Felles kompetanseutvikling i Bygdevekstpiloten",
        None,
        None,
        None,
        None,
        None,
        200000,
        False,
        912,
    ),
    (
        "3.1",
        "Etablere lokale studie – og kontorfellesskap",
        "Bygdevekst IN",
        "Trøndelag Fylkeskommune; Statsforvalteren",
        "2025",
        2025,
        2025,
        1300000,
        False,
        1042,
    ),
    (
        "3.2",
        "Hospiteringsordning Staten",
        "KDD",
        "Bygdevekst IN",
        "2025",
        2025,
        2025,
        None,
        False,
        1053,
    ),
    (
        "4.1",
        "Kompetansehevende tiltak på Husbankens økonomiske virkemidler – økt bruk av virkemidler fra Husbanken",
        "Husbanken; kommunene",
        "Trøndelag Fylkeskommune",
        "2024, 2025, 2026",
        2024,
        2026,
        None,
        False,
        1205,
    ),
    (
        "4.2",
        "Boligtiltak i distriktene – nye søknader og oppfølging",
        "Husbanken; kommunene",
        "Trøndelag Fylkeskommune",
        "2024 - 2027",
        2024,
        2027,
        None,
        False,
        1220,
    ),
    (
        "4.3",
        "Utvikle og teste nye virkemidler for å øke tilgangen til egnede boliger i distriktskommuner",
        "Husbanken; kommunene",
        "Trøndelag Fylkeskommune",
        None,
        None,
        None,
        None,
        False,
        1233,
    ),
    (
        "4.4",
        "Utvikle risikoreduserende tiltak",
        "Kommunene i pilotene",
        "Bygdevekstpilotene i Trøndelag",
        "2024 - 2027",
        2024,
        2027,
        200000,
        False,
        1248,
    ),
    (
        "5.1",
        "Utvikle behovsstyrt fritidskjøring for unge",
        "AtB; TFK; kommunene",
        None,
        "Hele året, som forberedelse til seinere år",
        2025,
        2025,
        500000,
        False,
        1499,
    ),
    (
        "5.2",
        "Gjennomføre 2 workshop",
        "Bygdevekst IN",
        "Namdal Regionråd; AtB; Trøndelag Fylkeskommune",
        "2025",
        2025,
        2025,
        None,
        False,
        1512,
    ),
    (
        "5.3",
        "Følge opp anbudsprosessen om kollektivtrafikk i Trøndelag",
        "Bygdevekst IN",
        None,
        "2025",
        2025,
        2025,
        None,
        False,
        1525,
    ),
    (
        "6.1",
        "Etablere felles dynamisk utviklingsmiljø Indre Namdal",
        "Bygdevekst IN",
        "Statsforvalteren; Trøndelag Fylkeskommune",
        "2025",
        2025,
        2025,
        1360000,
        False,
        1651,
    ),
    (
        "6.2",
        "Interkommunal strategisk plan for Indre Namdal",
        "Bygdevekst IN; kommunene",
        "Statsforvalteren; Trøndelag Fylkeskommune; Distriktssentret",
        "April 2025",
        2025,
        2025,
        100000,
        False,
        1660,
    ),
    (
        "6.3",
        "Forsøk felles legetjeneste Indre Namdal",
        "Bygdevekst IN; kommunene",
        None,
        "Juni 2025, etablert 1 jan 2026",
        2025,
        2026,
        None,
        False,
        1677,
    ),
    (
        "7.1",
        "Mulighetsmøter innen plan – og arealforvaltning",
        "Bygdevekst IN",
        "Statsforvalteren; Trøndelag Fylkeskommune",
        "November 2025.",
        2025,
        2025,
        50000,
        False,
        2057,
    ),
    (
        "7.2",
        "Kartleggingssamtaler med husdyrprodusenter",
        "Bygdevekst IN",
        "Statsforvalteren; Trøndelag Fylkeskommune; faglagene i landbruket; Landbrukskontorene i kommunene",
        "Juni 2025",
        2025,
        2025,
        200000,
        False,
        2068,
    ),
]


def _doc(prefix: str):
    return _doc_from(corpus_path(prefix))


def _doc_from(path):
    """A document read and taken through the stages up to tiltak."""
    doc = load_document(path)
    assert not run_stages(doc, stages_through("tiltak"))
    return doc


@pytest.fixture(scope="module")
def doc000(corpus_docs):
    return corpus_docs["000"]


@pytest.fixture(scope="module")
def doc001(corpus_docs):
    return corpus_docs["001"]


def _rows(doc):
    return [
        (
            t.tiltak_key, t.title, t.hovedansvarlig, t.samarbeidsparter, t.tidsramme,
            t.start_year, t.end_year, t.budget_nok, t.ended, t.line,
        )
        for t in doc.tiltak
    ]  # fmt: skip


@pytest.mark.parametrize("expected", TILTAK_000, ids=[r[0] for r in TILTAK_000])
def test_tiltak_000(doc000, expected) -> None:
    by_key = {r[0]: r for r in _rows(doc000)}
    assert by_key[expected[0]] == expected


@pytest.mark.parametrize("expected", TILTAK_001, ids=[r[0] for r in TILTAK_001])
def test_tiltak_001(doc001, expected) -> None:
    by_key = {r[0]: r for r in _rows(doc001)}
    assert by_key[expected[0]] == expected


def test_one_row_per_tiltak(doc000, doc001) -> None:
    assert [r[0] for r in _rows(doc000)] == [r[0] for r in TILTAK_000]
    assert [r[0] for r in _rows(doc001)] == [r[0] for r in TILTAK_001]


@pytest.mark.parametrize("expected", PREVIOUS_000, ids=[f"{r[0]}.{r[1]}" for r in PREVIOUS_000])
def test_previous_tiltak_000(doc000, expected) -> None:
    rows = {
        (p.delmal_no, p.tiltak_no): (
            p.delmal_no, p.tiltak_no, p.year, p.title, p.status_raw, p.status, p.successors,
            p.line,
        )
        for p in doc000.previous_tiltak
    }  # fmt: skip
    assert rows[(expected[0], expected[1])] == expected


def test_status_prose_gives_no_rows(doc000) -> None:
    # Delmål 5 says "I delmål 5 fortsetter alle tiltak …" instead of a status table.
    assert not [p for p in doc000.previous_tiltak if p.delmal_no == "5"]
    assert len(doc000.previous_tiltak) == len(PREVIOUS_000)


def test_actors_are_canonical(doc000) -> None:
    actors = {(a.tiltak_key, a.role, a.actor_raw, a.actor) for a in doc000.tiltak_actors}
    assert ("1.1", "hovedansvarlig", "Rindal/Holtålen", "Rindal kommune") in actors
    assert ("1.1", "hovedansvarlig", "Rindal/Holtålen", "Holtålen kommune") in actors
    assert ("1.1", "samarbeidspart", "TRFK", "Trøndelag fylkeskommune") in actors
    assert ("2.2", "samarbeidspart", "SF Trøndelag", "Statsforvalteren i Trøndelag") in actors
    assert ("3.3", "samarbeidspart", "NAV ROH", "NAV Røros, Os og Holtålen") in actors
    assert ("7.1", "hovedansvarlig", "KDD", "Kommunal- og distriktsdepartementet") in actors


def test_doubtful_reconstructions_are_checked(doc001) -> None:
    messages = [(c.check, c.line, c.message) for c in doc001.checks]
    # The samarbeidsparter cell of row 1.1 continues after a page break (lines 238-239).
    assert (
        "tiltak_row",
        220,
        "tiltak table row 1.1: 'Namdal næringsforening' follows the time frame on a new page: "
        "read as the continuation of samarbeidsparter",
    ) in messages
    # Table row 3 of delmål 2 is body section 4; section 3 has no table row.
    assert any(c == "tiltak_number" and ln == 820 for c, ln, _ in messages)
    assert any(c == "tiltak_only_in_body" and ln == 912 for c, ln, _ in messages)


def test_documents_that_are_not_plans_get_no_tiltak(corpus_docs) -> None:
    for prefix in ("002", "003", "004"):
        doc = corpus_docs[prefix]
        assert doc.tiltak == [] and doc.previous_tiltak == []


# --- the same plans as generated PDFs with ruled tables --------------------------------


@pytest.fixture(scope="module")
def pdf_docs(tmp_path_factory):
    from pdf_fixtures import plan_pdf_from_text

    out = tmp_path_factory.mktemp("pdf")
    return {
        prefix: _doc_from(plan_pdf_from_text(corpus_path(prefix), out / f"{prefix}.pdf"))
        for prefix in ("000", "001")
    }


def _without_line(rows):
    return [r[:-1] for r in rows]


@pytest.mark.slow
@pytest.mark.parametrize("prefix", ["000", "001"])
def test_pdf_gives_the_same_tiltak_as_the_text(pdf_docs, doc000, doc001, prefix) -> None:
    text_doc = {"000": doc000, "001": doc001}[prefix]
    pdf_doc = pdf_docs[prefix]
    assert pdf_doc.source.extractor == "pdf"
    # Line numbers differ by design (file line vs line within the PDF page); pages agree.
    assert _without_line(_rows(pdf_doc)) == _without_line(_rows(text_doc))
    assert [t.page for t in pdf_doc.tiltak] == [t.page for t in text_doc.tiltak]


@pytest.mark.slow
def test_pdf_status_tables_come_from_the_grid(pdf_docs, doc000) -> None:
    pdf_doc = pdf_docs["000"]
    # 000's status and tiltak tables are ruled in the generated PDF: read from the grid.
    assert {s.kind for s in pdf_doc.table_spans if s.pdf_table_ids} >= {"status", "tiltak"}

    def prev(doc):
        return [
            (p.delmal_no, p.tiltak_no, p.title, p.status_raw, p.status, p.successors, p.page)
            for p in doc.previous_tiltak
        ]

    assert prev(pdf_doc) == prev(doc000)


def test_pdf_table_continued_over_a_page_break(tmp_path) -> None:
    from pdf_fixtures import sample_plan_pdf

    doc = _doc_from(sample_plan_pdf(tmp_path / "sample.pdf"))
    by_key = {t.tiltak_key: t for t in doc.tiltak}
    # 26 tiltak: the overview of all tiltak runs from page 2 onto page 3, and delmål 1's
    # rows, which also stand in its own table on page 1, are not doubled.
    assert len(doc.tiltak) == 26
    assert (by_key["5.2"].page, by_key["5.3"].page) == (2, 3)
    assert by_key["1.1"].samarbeidsparter == "Husbanken; TRFK"
    assert by_key["1.1"].budget_nok == 120_000
    assert by_key["6.2"].tidsramme == "Når begge grunnlagene foreligger"
    assert by_key["3.3"].samarbeidsparter == "TRFK; NAV ROH; Indre Nordmøre Opplæringskontor"
    assert [p.tiltak_no for p in doc.previous_tiltak] == ["1", "2", "3", "4", "5", "6"]


def test_budget_conflict_between_body_and_overview(doc001) -> None:
    # 001 line 1907-1908: 560 000 + 800 000 for tiltak 6.1; its overview row (line 148)
    # says 1 400 000. Both numbers are reported, the financing paragraph's sum is kept.
    assert {t.tiltak_key: t.budget_nok for t in doc001.tiltak}["6.1"] == 1_360_000
    conflicts = [c for c in doc001.checks if c.check == "tiltak_budget_conflict"]
    assert [(c.line, c.message) for c in conflicts] == [
        (
            148,
            "tiltak 6.1: the financing paragraph gives 1 360 000 kr, "
            "the overview table 1 400 000 kr",
        )
    ]


def test_budget_from_overview_when_the_body_names_none(tmp_path) -> None:
    # Drop tiltak 1.4's financing sentence (001 line 657): the overview row
    # "4. Felles kompetansestrategi for Indre Namdal. 100 000 kr" (line 110) gives it.
    lines = corpus_path("001").read_text(encoding="utf-8").split("\n")
    assert lines[656].startswith("Det budsjetteres med 100 000 kr i 2025")
    lines[656] = "Det legges opp til egen arbeidstid."
    path = tmp_path / "001_without_financing.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    doc = _doc_from(path)
    record = {t.tiltak_key: t for t in doc.tiltak}["1.4"]
    assert record.budget_nok == 100_000
    assert "overview table: 'Felles kompetansestrategi for Indre Namdal.'" in record.evidence


def test_ended_sections_carry_their_status_for_the_matcher(doc000) -> None:
    """000's sections that open by saying the tiltak is over keep that line, its status and
    its successors on the tiltak row; the matcher reads them there."""
    said = {t.tiltak_key: (t.status, t.successors, t.status_raw) for t in doc000.tiltak if t.status}
    assert said == {
        "1.3": (
            "merged",
            "1",
            "Tiltaket er overført/sammenslått til tiltak 1 fra og med handlingsplan 2025",
        ),
        "1.6": ("ended", None, "Arbeidet er avsluttet"),
        "2.1": ("ended", None, "Arbeidet er avsluttet"),
        "2.3": ("dropped", None, "Tiltaket utgår og arbeidet avsluttes"),
        "2.4": ("dropped", None, "Tiltaket utgår og arbeidet avsluttes"),
        "3.4": ("dropped", None, "Tiltaket utgår og arbeidet avsluttes"),
        "6.1": ("ended", None, "Arbeidet er avsluttet"),
    }
    assert all(t.ended for t in doc000.tiltak if t.status)


def test_budgets_are_read_from_the_amounts_stage_not_the_text(monkeypatch) -> None:
    """One money scan: the tiltak stage parses no money itself; each budget it states is a
    figure of the amounts table in the tiltak's own section."""
    import hplan.normalize.amounts as money_parser

    doc = load_document(corpus_path("000"))
    assert not run_stages(doc, stages_through("amounts"))
    scans: list[str] = []
    real_scan = money_parser._scan
    monkeypatch.setattr(
        money_parser, "_scan", lambda text, **kw: scans.append(text) or real_scan(text, **kw)
    )
    tiltak.run(doc)
    assert scans == []
    with_budget = [t for t in doc.tiltak if t.budget_nok is not None]
    assert len(with_budget) >= 20
    by_section = {(a.tiltak_key, a.raw) for a in doc.amounts if not a.in_table}
    for record in with_budget:
        raws = re.findall(r"'([^']+)'", record.evidence.split("financing: ")[-1])
        if "overview table" not in record.evidence:
            assert raws and all((record.tiltak_key, raw) in by_section for raw in raws)
