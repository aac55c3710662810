"""normalize_status / find_successors on every row of 000's previous-year status tables.

000 (Rindal og Holtålen, plan 2025) has a "Tiltaksoversikt fra handlingsplan 2024" table
(Tiltak / Status / Kommentar) under each delmål. Each row below is copied from the dump
with its line breaks; the expected status and successors were written by reading the row
and the plan-2025 table that follows it. Every status and comment is also checked to stand
in the file, so the data cannot drift from the document.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hplan.normalize.status import STATUSES, find_successors, normalize_status

RAW = Path(__file__).parent.parent / "data/raw"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _raw000() -> str:
    (path,) = sorted(RAW.glob("000_*.txt"))
    return path.read_text(encoding="utf-8")


# (delmål, tiltak_no, line of the status cell, status as in the dump, comment, status,
#  successors)
ROWS_000 = [
    # Delmål 1 (lines 273-360)
    ("1", "1", 283, "Revideres og \n\nvidereføres",
     "Tiltaket revideres med bakgrunn i arbeidet som er \n\ngjennomført i HP24. Ny beskrivelse "
     "for tiltaket går \n\ninn i nytt tiltak 1 i HP25.",
     "revised", ["1"]),
    ("1", "2", 301, "Videreføres",
     "Tiltaket videreføres i HP25 og endres med \n\nbakgrunn i erfaringene fra arbeidet i HP24.",
     "continued", ["2"]),
    # Status names the target; the comment agrees ("slås sammen med tiltak 1").
    ("1", "3", 309, "Overføres til \n\ntiltak 1",
     "Tiltaket revideres med bakgrunn i arbeidet som er \n\ngjennomført i HP24. Tiltaket slås "
     "sammen med \n\ntiltak 1, og revidert beskrivelse for tiltaket går inn i \n\nnytt tiltak 1 "
     "i HP25.",
     "merged", ["1"]),
    ("1", "4", 327, "Revideres og \n\nvidereføres",
     "Tiltaket revideres med bakgrunn i tildelte \n\nprosjektmidler og gjennomføringsplan for "
     "\n\nprosjektarbeidet.",
     "revised", ["4"]),
    ("1", "5", 343, "Revideres og \n\nvidereføres",
     "Tiltaket videreføres i HP25, men tiltaket endres \n\nmed bakgrunn i erfaringene fra "
     "arbeidet i HP24. \n\nRevidert beskrivelse i HP25.",
     "revised", ["5"]),
    ("1", "6", 357, "Avsluttes",
     "Dialog gjennomført. Ny forskrift blir vedtatt i 2024 \n\nog det er naturlig å avslutte "
     "arbeidet.",
     "ended", []),
    # Delmål 2 (lines 703-750)
    ("2", "1", 713, "Avsluttes",
     "Tiltaket er gjennomført. Videre kunnskapsbygging \n\nom arealverktøy gjøres gjennom "
     "eksisterende \n\nordninger og dialog.",
     "ended", []),
    ("2", "2", 725, "Videreføres",
     "Tiltaket videreføres i HP25 og tilpasses med \n\nbakgrunn i erfaringene fra arbeidet i "
     "HP24.",
     "continued", ["2"]),
    ("2", "3", 737, "Utgår",
     "Tiltaket utgår fra handlingsplanen, til fordel for \n\nprioritering av andre tiltak "
     "innenfor delmålet.",
     "dropped", []),
    ("2", "4", 745, "Utgår",
     "Tiltaket utgår fra handlingsplanen, til fordel for \n\nprioritering av andre tiltak "
     "innenfor delmålet.",
     "dropped", []),
    # Delmål 3 (lines 967-998)
    ("3", "1", 971, "Videreføres",
     "Arbeidet startet i HP2024 som et samarbeid \nmed Rørosregionen næringshage. Tiltaket "
     "\nvidereføres som beskrevet.",
     "continued", ["1"]),
    # The comment mentions "gjennomført", but the status column decides.
    ("3", "2", 975, "Videreføres",
     "Flere aktiviteter gjennomført i HP2024. \nTiltaket utvides med flere aktiviteter og "
     "\nvidereføres i HP2025. Overskrift endres.",
     "continued", ["2"]),
    # "Tiltak 3 og 4 slås sammen": row 3 (Videreføres) carries the pair on under its number.
    ("3", "3", 983, "Videreføres",
     "Tiltak 3 og 4 slås sammen og videreutvikles i \nHP2025.",
     "continued", ["3"]),
    ("3", "4", 989, "Slås \nsammen \nmed tiltak 3",
     "Tiltak 3 og 4 slås sammen og videreutvikles i \nHP2025.",
     "merged", ["3"]),
    ("3", "5", 996, "Videreføres",
     "Tiltaket endrer tittel, videreføres og utvides i \nHP2025-",
     "continued", ["5"]),
    # Delmål 4 (lines 1259-1310)
    ("4", "1", 1266, "Videreføres",
     "Det er gjennomført kartlegging, og det er \nsendt høringsuttalelse til drosjemeldingen. "
     "\nArbeidet følges opp videre i HP2025.",
     "continued", ["1"]),
    ("4", "2", 1274, "Videreføres",
     "Deltatt på workshop i regi av AtB. \nAtB legger frem kunnskapsgrunnlag for TRFK \ni mars "
     "2025. Piloten følger arbeidet tett \nframover.",
     "continued", ["2"]),
    ("4", "3", 1284, "Videreføres",
     "Gjennomført workshop og jevnlige møter \nmed AtB og TRFK om hvordan nye løsninger \nkan "
     "rigges og gjennomføres.",
     "continued", ["3"]),
    ("4", "4", 1291, "Slås \nsammen \nmed tiltak 2",
     "Tiltaket går inn i tiltak 2, og arbeidet fortsetter \ni HP2025",
     "merged", ["2"]),
    ("4", "5", 1303, "Slås \nsammen \nmed tiltak 3",
     "Tiltaket går inn i tiltak 3, og arbeidet fortsetter \ni HP2025",
     "merged", ["3"]),
    # Delmål 5 (line 1539) has no rows: one sentence stands in the table; see test below.
    # Delmål 6 (lines 1888-1910)
    ("6", "1", 1896, "Avsluttes",
     "Kunnskapsgrunnlaget ligger tilgjengelig på: \nwww.kompetanseforumtrondelag.no",
     "ended", []),
    # "delmål 3 tiltak 1" and "tiltak 1 i dette delmålet" are inputs, not successors.
    ("6", "2", 1902, "Videreføres",
     "Kompetansekartlegginga i delmål 3 tiltak 1 \nsammenstilles opp mot kunnskapsgrunnlaget "
     "\ni tiltak 1 i dette delmålet.",
     "continued", ["2"]),
    ("6", "3", 1906, "Videreføres",
     "Resultat fra møtet vil avdekke hvilke tiltak \nsom settes i verk videre.",
     "continued", ["3"]),
    # Delmål 7 (lines 2052-2066)
    ("7", "1", 2059, "Påbegynt og \nvidereføres",
     "KDD har utarbeidet grunnleggende rammer \nfor hospiteringsordninger. Arbeidet fortsetter "
     "\ni HP2025.",
     "continued", ["1"]),
    # Tverrgående tiltak (lines 2185-2211). Row 1's comment is copied from delmål 2 row 1
    # ("Tiltaket er gjennomført ...") and contradicts its status: the status decides.
    ("T", "1", 2195, "Videreføres",
     "Tiltaket er gjennomført. Videre kunnskapsbygging \n\nom arealverktøy gjøres gjennom "
     "eksisterende \n\nordninger og dialog.",
     "continued", ["1"]),
    ("T", "2", 2207, "Videreføres",
     "Tiltaket videreføres i HP25 og tilpasses med \n\nbakgrunn i erfaringene fra arbeidet i "
     "HP24.",
     "continued", ["2"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("delmal", "no", "line", "status_raw", "comment", "status", "successors"),
    ROWS_000,
    ids=[f"D{r[0]}-{r[1]}" for r in ROWS_000],
)
def test_every_status_row_of_000(
    delmal: str,
    no: str,
    line: int,
    status_raw: str,
    comment: str,
    status: str,
    successors: list[str],
) -> None:
    text = _flat(_raw000())
    assert _flat(status_raw) in text, f"status of {delmal}.{no} not at line {line}"
    assert _flat(comment) in text, f"comment of {delmal}.{no} not near line {line}"
    assert normalize_status(status_raw, comment) == status
    assert find_successors(status_raw, comment, no) == successors


def test_all_rows_counted() -> None:
    # 6 + 4 + 5 + 5 + 0 + 3 + 1 + 2 rows in delmål 1, 2, 3, 4, 5, 6, 7, T.
    assert len(ROWS_000) == 26
    assert {r[5] for r in ROWS_000} == set(STATUSES)  # every status occurs in the corpus


def test_delmal_5_sentence_instead_of_rows() -> None:
    # 000 line 1539: the table holds one sentence; with no status word the comment decides.
    sentence = "I delmål 5 fortsetter alle tiltak på lik måte som i handlingsplan for 2024."
    assert sentence in _flat(_raw000())
    assert normalize_status("", sentence) == "continued"


@pytest.mark.parametrize(
    ("line", "text", "status", "successors"),
    [
        # Body notes under the ended/merged tiltak headings of 000.
        (535, "Tiltaket er overført/sammenslått til tiltak 1 fra og med handlingsplan 2025",
         "merged", ["1"]),
        (692, "Arbeidet er avsluttet", "ended", []),
        (861, "Tiltaket utgår og arbeidet avsluttes", "dropped", []),
    ],
)  # fmt: skip
def test_body_notes_of_000(line: int, text: str, status: str, successors: list[str]) -> None:
    assert text in _raw000()
    assert normalize_status(text) == status
    assert find_successors(text, "", "3") == successors


@pytest.mark.parametrize(
    ("status_raw", "expected"),
    [
        ("Vidareførast", "continued"),
        ("Vidareført", "continued"),
        ("Held fram", "continued"),
        ("Fortsetter", "continued"),
        ("Endres og \nvidereføres", "revised"),
        ("Revidert", "revised"),
        ("Slått saman med tiltak 2", "merged"),
        ("Slåast saman med tiltak 2", "merged"),
        ("Overført til tiltak 2", "merged"),
        ("Avslutta", "ended"),
        ("Avsluttast", "ended"),
        ("Gjennomført", "ended"),
        ("Ferdig", "ended"),
        ("Går ut", "dropped"),
        ("Utgått", "dropped"),
        ("Hovedprosjekt", None),  # 001's "Status: Hovedprosjekt" labels are not outcomes
        ("", None),
    ],
)
def test_vocabulary_forms(status_raw: str, expected: str | None) -> None:
    assert normalize_status(status_raw) == expected


def test_status_column_decides_comment_breaks_ties() -> None:
    assert normalize_status("Videreføres", "Tiltaket er gjennomført.") == "continued"
    assert normalize_status("", "Tiltaket er gjennomført.") == "ended"
    # "går ut på" means "is about", not "is dropped".
    assert normalize_status("", "Beskriv hva tiltaket går ut på") is None


@pytest.mark.parametrize(
    ("status_raw", "comment", "own", "expected"),
    [
        ("Overføres til tiltak 1", "", "3", ["1"]),
        ("Slås sammen med tiltak 3", "", "4", ["3"]),
        ("Revideres og videreføres", "går inn i nytt tiltak 1", "1", ["1"]),
        ("Slås sammen", "Tiltaket går inn i tiltak 2", "4", ["2"]),
        ("Overført til tiltak 1 og 2", "", "5", ["1", "2"]),
        ("Videreføres", "", "4", ["4"]),
        ("Revideres", "", "T2", ["2"]),
        ("Utgår", "går inn i tiltak 2", "4", []),
        ("Slås sammen", "", "4", []),  # merged, target unknown
        ("Videreføres", "videreført fra HP25", "2", ["2"]),  # "HP25" is no tiltak number
    ],
)
def test_find_successors_forms(
    status_raw: str, comment: str, own: str, expected: list[str]
) -> None:
    assert find_successors(status_raw, comment, own) == expected
