"""split_actors / canonical_actors / find_organisations on the real tiltak-table cells.

Cells are rebuilt from the text dumps of 000 (Rindal og Holtålen) and 001 (Indre Namdal)
with their line breaks; in the dumps one line often holds several columns, so a cell is
the lines of its column only. Each written actor is checked to stand in the file.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hplan.normalize.actors import (
    ALIASES,
    canonical_actors,
    find_organisations,
    is_known_actor,
    split_actors,
)

RAW = Path(__file__).parent.parent / "data/raw"
ROOT = Path(__file__).parent.parent

TRFK = "Trøndelag fylkeskommune"
SF = "Statsforvalteren i Trøndelag"
KDD = "Kommunal- og distriktsdepartementet"
IN = "Indre Namdal"


def _raw(prefix: str) -> str:
    (path,) = sorted(RAW.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


def _nows(text: str) -> str:
    # Compare without whitespace: dumps break words across lines ("Bygdevekstpiloten\ne").
    return re.sub(r"\s+", "", text)


# (file, lines, cell, written actors, canonical actors of all of them)
CELLS = [
    # 000 delmål 1 tiltak 4: two pilots hold it together.
    ("000", "391-393", "Rindal/Holtålen og \n\nIndre Namdal \n",
     ["Rindal/Holtålen", "Indre Namdal"], ["Rindal kommune", "Holtålen kommune", IN]),
    ("000", "391-400", "- Husbanken \n\n- TRFK \n\n- Distriktssenteret \n",
     ["Husbanken", "TRFK", "Distriktssenteret"], ["Husbanken", TRFK, "Distriktssenteret"]),
    ("000", "761-765", "- TRFK \n\n- SF Trøndelag \n\n- Distriktssenteret \n",
     ["TRFK", "SF Trøndelag", "Distriktssenteret"], [TRFK, SF, "Distriktssenteret"]),
    # 000 delmål 3 tiltak 3: "Indre Nordmøre \n\nOpplæringskontor" is ONE actor.
    ("000", "1012-1016", "- TRFK \n- NAV ROH \n- Indre Nordmøre \n\nOpplæringskontor \n",
     ["TRFK", "NAV ROH", "Indre Nordmøre Opplæringskontor"],
     [TRFK, "NAV Røros, Os og Holtålen", "Indre Nordmøre Opplæringskontor"]),
    # 000 delmål 4: one written phrase, three canonical actors (see actors.py docstring).
    ("000", "1321-1323", "Rindal/Holtålen \nfelles med \nNamdalspiloten \n",
     ["Rindal/Holtålen felles med Namdalspiloten"], ["Rindal kommune", "Holtålen kommune", IN]),
    ("000", "1325-1326", "- TRFK \n- AtB \n", ["TRFK", "AtB"], [TRFK, "AtB"]),
    ("000", "2075-2076", "- Rindal kommune \n- Holtålen kommune \n",
     ["Rindal kommune", "Holtålen kommune"], ["Rindal kommune", "Holtålen kommune"]),
    # 000 Tverrgående tiltak 1: an empty bullet "-  " is dropped.
    ("000", "2224-2228", "- KDD \n\n- TRFK \n\n-  \n", ["KDD", "TRFK"], [KDD, TRFK]),
    # 001: comma lists wrapped over lines.
    ("001", "220-222", "Bygdevekst IN, \nutviklingsmiljøene i \nIndre Namdal \n",
     ["Bygdevekst IN", "utviklingsmiljøene i Indre Namdal"],
     [IN, "Utviklingsmiljøene i Indre Namdal"]),
    ("001", "224-228", "Trøndelag \nFylkeskommune, \nStatsforvalteren, \n\nNamdal Regionråd, \n",
     ["Trøndelag Fylkeskommune", "Statsforvalteren", "Namdal Regionråd"],
     [TRFK, "Statsforvalteren", "Namdal regionråd"]),
    ("001", "241-246",
     "Bygdevekst IN, \nTrøndelag \nFylkeskommune, \nLOS-prosjektet ved \nGrong \n"
     "videregående skole \n",
     ["Bygdevekst IN", "Trøndelag Fylkeskommune", "LOS-prosjektet ved Grong videregående skole"],
     [IN, TRFK, "LOS-prosjektet ved Grong videregående skole"]),
    ("001", "248-250", "Statsforvalteren, \nNav, Namdal \nnæringsforening \n",
     ["Statsforvalteren", "Nav", "Namdal næringsforening"],
     ["Statsforvalteren", "NAV", "Namdal næringsforening"]),
    ("001", "290-292", "Statsforvalteren i \nTrøndelag, Namdal \nRegionråd \n",
     ["Statsforvalteren i Trøndelag", "Namdal Regionråd"], [SF, "Namdal regionråd"]),
    ("001", "307-308", "Doga, \nDistriktssentret \n",
     ["Doga", "Distriktssentret"], ["Design og arkitektur Norge", "Distriktssenteret"]),
    ("001", "312-316",
     "Trøndelag \nFylkeskommune, \nStatsforvalteren, \nDistriktssentret, \nnæringslivet \n",
     ["Trøndelag Fylkeskommune", "Statsforvalteren", "Distriktssentret", "næringslivet"],
     [TRFK, "Statsforvalteren", "Distriktssenteret", "Næringslivet"]),
    ("001", "801-802", "Bygdevekst IN, Grong \nvideregåendeskole \n",
     ["Bygdevekst IN", "Grong videregåendeskole"], [IN, "Grong videregående skole"]),
    ("001", "804-808",
     "Trøndelag \nFylkeskommune, \nStatsforvalteren, \nutviklingsmiljøene \ni Indre Namdal  \n",
     ["Trøndelag Fylkeskommune", "Statsforvalteren", "utviklingsmiljøene i Indre Namdal"],
     [TRFK, "Statsforvalteren", "Utviklingsmiljøene i Indre Namdal"]),
    # "INam" is not explained anywhere in the corpus: kept as written.
    ("001", "815-816", "Næringslivet i \nregionen, INam \n",
     ["Næringslivet i regionen", "INam"], ["Næringslivet", "INam"]),
    # "og" splits only between known actors.
    ("001", "1210-1211", "Husbanken og \nkommunene  \n",
     ["Husbanken", "kommunene"], ["Husbanken", "Pilotkommunene"]),
    ("001", "1213-1215", "Trøndelag \n\nFylkeskommune \n", ["Trøndelag Fylkeskommune"], [TRFK]),
    ("001", "1253", "Kommunene i pilotene", ["Kommunene i pilotene"], ["Pilotkommunene"]),
    # A word broken over two lines without a hyphen is re-joined.
    ("001", "1253-1254", "Bygdevekstpiloten\ne i Trøndelag \n",
     ["Bygdevekstpilotene i Trøndelag"], ["Bygdevekstpilotene i Trøndelag"]),
    ("001", "1503-1505", "AtB, TFK og \n\nkommunene \n",
     ["AtB", "TFK", "kommunene"], ["AtB", TRFK, "Pilotkommunene"]),
    ("001", "1518-1521", "Namdal \nRegionråd, AtB, \nTrøndelag \nFylkeskommune \n",
     ["Namdal Regionråd", "AtB", "Trøndelag Fylkeskommune"], ["Namdal regionråd", "AtB", TRFK]),
    ("001", "1681-1683", "Bygdevekst IN og \n\nkommunene \n",
     ["Bygdevekst IN", "kommunene"], [IN, "Pilotkommunene"]),
    ("001", "2072-2078",
     "Statsforvalteren, \nTrøndelag \nFylkeskommune, \nfaglagene i \nlandbruket,  \n"
     "Landbrukskontore\nne i kommunene \n",
     ["Statsforvalteren", "Trøndelag Fylkeskommune", "faglagene i landbruket",
      "Landbrukskontorene i kommunene"],
     ["Statsforvalteren", TRFK, "Faglagene i landbruket", "Landbrukskontorene i kommunene"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("doc", "lines", "cell", "written", "canonical"), CELLS, ids=[f"{c[0]}:{c[1]}" for c in CELLS]
)
def test_real_cells(
    doc: str, lines: str, cell: str, written: list[str], canonical: list[str]
) -> None:
    text = _nows(_raw(doc))
    for actor in written:
        assert _nows(actor) in text, f"{actor!r} not in {doc} lines {lines}"
    assert split_actors(cell) == written
    got = [name for actor in written for name in canonical_actors(actor)]
    assert got == canonical


def test_signature_page_matches_table_abbreviations() -> None:
    # 000 lines 2481-2503 name in full the partners the tables abbreviate: both forms must
    # give one canonical name, or partner counts across tables and signatures split.
    pairs = [
        ("Trøndelag Fylkeskommune", "TRFK"),
        ("Statsforvalteren i Trøndelag", "SF Trøndelag"),
        ("Kommunal- og distriktsdepartementet", "KDD"),
        ("Nav Røros, Os og Holtålen", "NAV ROH"),
        ("Indre Nordmøre opplæringskontor", "Indre Nordmøre \nOpplæringskontor"),
        ("Rindal kommune", "Rindal"),
    ]
    text = _raw("000")
    for full, short in pairs:
        assert full in text
        assert canonical_actors(full) == canonical_actors(short)
    for signatory in ["Husbanken", "Distriktssenteret", "Senteret for et aldersvennlig Norge"]:
        assert signatory in text
        assert canonical_actors(signatory) == [signatory]
    # The signature cell keeps its comma-holding name whole.
    assert split_actors("Nav Røros, Os og Holtålen") == ["Nav Røros, Os og Holtålen"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("TRFK", [TRFK]),
        ("Trøndelag fylkeskommunen", [TRFK]),  # 000 line 826
        ("Trøndelag Fylkeskommune (TRFK)", [TRFK]),
        ("Statsforvaltaren i Trøndelag", [SF]),
        ("Statsforvaltaren", ["Statsforvalteren"]),
        ("Statsforvaltaren i Vestfold og Telemark", ["Statsforvalteren i Vestfold og Telemark"]),
        ("Kommunal – og distriktsdepartementet", [KDD]),  # 003 line 2 writes an en dash
        ("Rindal/Holtålen", ["Rindal kommune", "Holtålen kommune"]),
        ("Rindal og Holtålen", ["Rindal kommune", "Holtålen kommune"]),
        ("Rindal og Holtålen kommuner", ["Rindal kommune", "Holtålen kommune"]),
        ("IN-kommunene", [IN]),
        ("Rørosreginoen Næringshage", ["Rørosregionen næringshage"]),  # 000 line 1106 typo
        ("Nord Universitet", ["Nord universitet"]),
        ("Telemark fylkeskommune", ["Telemark fylkeskommune"]),
        ("Hitra kommune", ["Hitra kommune"]),
        ("Ukjent  \n Aktør AS", ["Ukjent Aktør AS"]),  # unknown: written form, normalized
        ("-  ", []),
        ("", []),
    ],
)
def test_canonical_actors(raw: str, expected: list[str]) -> None:
    assert canonical_actors(raw) == expected


def test_alias_table_is_consistent() -> None:
    for written, canonical in ALIASES.items():
        assert canonical_actors(written) == [canonical], written
        # A canonical name is itself a known written form: normalizing twice is stable.
        assert canonical_actors(canonical) == [canonical], canonical


def test_split_bullets_and_known_lines() -> None:
    assert split_actors("• Husbanken\n▪ KDD\no AtB") == ["Husbanken", "KDD", "AtB"]
    assert split_actors("Husbanken\nTRFK") == ["Husbanken", "TRFK"]
    assert split_actors("Kommunal- \nog distriktsdepartementet") == [
        "Kommunal- og distriktsdepartementet"
    ]
    assert split_actors("Trøndelag fylkes-\nkommune") == ["Trøndelag fylkeskommune"]
    assert split_actors("") == []
    assert is_known_actor("Rindal/Holtålen felles med Namdalspiloten")
    assert not is_known_actor("INam")


def test_find_organisations_in_running_text() -> None:
    # 000 lines 804-805; the county and the state administrator, one across a line break.
    text = _raw("000")
    start = text.index("tidligdialog mellom kommunene")
    passage = text[start : text.index("gir partene", start)]
    found = find_organisations(passage)
    assert [(passage[s:e], name) for s, e, name in found] == [
        ("Trøndelag Fylkeskommunen", TRFK),
        ("Statsforvalteren i \nTrøndelag", SF),
    ]


def test_find_organisations_letter_copy_list() -> None:
    # 003 lines 184-208: KDD's copy list, bokmål and nynorsk, kommuner and counties.
    text = _raw("003")
    block = text[text.index("Aure kommune") : text.index("Åmot kommune") + len("Åmot kommune")]
    names = [name for _, _, name in find_organisations(block)]
    assert names[:6] == [
        "Aure kommune",
        "Engerdal kommune",
        "Fedje kommune",
        "Fyresdal kommune",
        "Kåfjord kommune",
        "Innlandet fylkeskommune",
    ]
    assert "Statsforvalteren i Møre og Romsdal" in names  # "Statsforvaltaren i ..."
    assert "Statsforvalteren i Troms og Finnmark" in names
    assert "Møre og Romsdal fylkeskommune" in names
    assert names[-1] == "Åmot kommune"
    assert len(names) == 23  # every line of the list, nothing else


def test_find_organisations_whole_plan() -> None:
    found = find_organisations(_raw("000"))
    names = {name for _, _, name in found}
    assert {TRFK, SF, KDD, "Husbanken", "AtB", "Rindal kommune", "Holtålen kommune"} <= names
    assert "Rørosregionen næringshage" in names
    # Generic "kommunene" in prose is not an organisation name.
    assert "Pilotkommunene" not in names
    text = _raw("000")
    for start, end, _ in found:
        assert text[start:end].strip() == text[start:end]


def test_import_is_lazy() -> None:
    code = (
        "import sys, hplan.normalize.actors, hplan.normalize.text, hplan.normalize.themes, "
        "hplan.normalize.status, "
        "hplan.normalize.years; print('spacy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
