"""assign_theme on every delmål title of 000, 001 and 004 (bokmål and nynorsk)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hplan.normalize.themes import THEME_KEYWORDS, THEMES, assign_theme

RAW = Path(__file__).parent.parent / "data/raw"


def _flat_raw(prefix: str) -> str:
    (path,) = sorted(RAW.glob(f"{prefix}_*.txt"))
    return re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))


# (file, line, title as written, theme)
TITLES = [
    # 000 Rindal og Holtålen: body headings (lines 271-2183) ...
    ("000", 271, "Øke boligbygging og utvikle nye boligtilbud", "bolig"),
    ("000", 701, "Øke samarbeid om samfunnsutvikling og planlegging", "samfunnsutvikling"),
    ("000", 965, "Øke rekruttering av relevant arbeidskraft", "rekruttering"),
    ("000", 1257, "Øke mobilitet for innbyggere og tilreisende", "mobilitet"),
    ("000", 1533, "Styrke landbruksnæringene i Rindal og Holtålen", "landbruk"),
    ("000", 1886, "Øke tilgang til og bruk av fleksibel og desentralisert utdanning", "utdanning"),
    ("000", 2050, "Utvikle lokale studie- og kontorfellesskap", "studie_kontorfellesskap"),
    ("000", 2183, "Tverrgående tiltak", "tverrgaende"),
    # ... and the one wording that differs in the introduction's list (line 209).
    ("000", 209, "Styrke landbruksnæringa i Rindal og Holtålen", "landbruk"),
    # 001 Indre Namdal: overview table (lines 106-158) ...
    ("001", 106, "Rekruttering og omdømme", "rekruttering"),
    ("001", 114, "Fleksibel og desentralisert utdanning", "utdanning"),
    ("001", 124, "Lokale studie – og arbeidsfellesskap", "studie_kontorfellesskap"),
    ("001", 128, "Øke Boligbyggingen", "bolig"),
    ("001", 138, "Økt mobilitet", "mobilitet"),
    ("001", 147, "Samarbeid om samfunnsutvikling og planlegging", "samfunnsutvikling"),
    ("001", 158, "Styrke landbruksnæringen", "landbruk"),
    # ... body headings (lines 187-2021) ...
    ("001", 187, "Øke rekruttering av relevant arbeidskraft", "rekruttering"),
    ("001", 747, "Tilgang på fleksible og desentralisert utdanning", "utdanning"),
    ("001", 998, "Lokale studie- og arbeidsfellesskap", "studie_kontorfellesskap"),
    ("001", 1427, "Øke mobilitet for innbyggerne og tilreisende", "mobilitet"),
    ("001", 1602, "Øke samarbeidet om samfunnsutvikling og planlegging", "samfunnsutvikling"),
    ("001", 2021, "Styrke landbruksnæringen i Indre Namdal", "landbruk"),
    # ... and the agreement's list in the introduction (lines 43-50).
    ("001", 45, "Øke tilgang til og bruk av fleksibel og desentralisert utdanning", "utdanning"),
    ("001", 46, "Utvikle lokale studie- og kontorfellesskap", "studie_kontorfellesskap"),
    ("001", 47, "Øke boligbygging og utvikle nye boligtilbud", "bolig"),
    ("001", 50, "Styrke landbruksnæringen i Indre Namdal", "landbruk"),
    # 004 Vest-Telemark, nynorsk (lines 31-33)
    ("004", 31, "Fleire eigna bustader i Vest-Telemark", "bolig"),
    ("004", 32, "Korleis få fleire arbeidsplassar i privat sektor", "naeringsutvikling"),
    ("004", 33, "Meir kompetanse innan helse og oppvekst", "kompetanse"),
]


@pytest.mark.parametrize(("doc", "line", "title", "theme"), TITLES)
def test_delmal_titles(doc: str, line: int, title: str, theme: str) -> None:
    assert title in _flat_raw(doc), f"title not in {doc} near line {line}"
    got, evidence = assign_theme(title)
    assert got == theme, evidence
    assert evidence.startswith(f"{theme}: ")


def test_every_theme_but_other_is_reached_by_the_corpus() -> None:
    assert {theme for *_, theme in TITLES} == set(THEME_KEYWORDS)
    assert THEMES[-1] == "other"


def test_evidence_names_keywords_and_tokens() -> None:
    theme, evidence = assign_theme("Øke boligbygging og utvikle nye boligtilbud")
    assert theme == "bolig"
    assert evidence == "bolig: 'bolig' in 'boligbygging'; 'bolig' in 'boligtilbud'"
    _, evidence = assign_theme("Fleire eigna bustader i Vest-Telemark")
    assert evidence == "bolig: 'bustad' in 'bustader'"


@pytest.mark.parametrize(
    ("title", "theme"),
    [
        # Priority order for titles that hit two themes (documented in themes.py):
        # kompetanse qualifies the domain it serves (001 line 1615, a list item in delmål 6).
        ("Øke ressurser og kompetanse til å drive samfunnsutvikling og planlegging",
         "samfunnsutvikling"),
        ("Kompetanse og desentralisert utdanning innan helse", "utdanning"),
        # 002 lines 186-190: the county's own list of focus areas (I lag).
        ("Rekruttering og kompetanseutvikling", "rekruttering"),
        ("Plan- og utviklingsprosesser", "samfunnsutvikling"),  # "=plan" whole word
        ("Boliger og bomiljø", "bolig"),
        ("Næringsutvikling", "naeringsutvikling"),
        # "landbruksnæring" must not fall to naeringsutvikling through "næring".
        ("Styrke landbruksnæringa og anna næring", "landbruk"),
        # "studie-" in "studie- og kontorfellesskap" is not education.
        ("Etablere lokale studie – og kontorfellesskap i alle kommunene",
         "studie_kontorfellesskap"),
        ("Forskning og innovasjon", "other"),  # 002 line 188: no contract theme fits
        ("", "other"),
    ],
)  # fmt: skip
def test_priority_and_edge_cases(title: str, theme: str) -> None:
    assert assign_theme(title)[0] == theme


def test_handlingsplan_is_not_plan() -> None:
    # "=plan" is whole-word only: a title merely containing "handlingsplan" is not planning.
    assert assign_theme("Forarbeid til, og arbeid med ferdigstilling av handlingsplaner")[0] == (
        "other"
    )
