"""Numbered measures written one per line, outside bygdevekst tables (texts written here)."""

from __future__ import annotations

from pathlib import Path

from hplan.extract.pipeline import convert


def _convert(tmp_path: Path, text: str):
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return convert(path).tables


def test_tiltak_lines_under_an_innsatsomrade(tmp_path: Path) -> None:
    tables = _convert(
        tmp_path,
        "Regional næringsplan for Nordfjella\n\n"
        "Innsatsområde 2: Attraktive lokalsamfunn for unge vaksne\n\n"
        "Tiltak 1 – Etablere eit kontorfellesskap i sentrum. Driftast av næringsforeininga.\n"
        "Tiltak 2 – Kartleggje ledige bustader i bygdene\n"
        "Tiltak 3: Tilby sommarjobb til studentar\n\nKontakt: post@nordfjella.no\n",
    )
    assert [(t.tiltak_key, t.delmal_no, t.tiltak_no, t.title) for t in tables["tiltak"]] == [
        ("2.1", "2", "1", "Etablere eit kontorfellesskap i sentrum"),
        ("2.2", "2", "2", "Kartleggje ledige bustader i bygdene"),
        ("2.3", "2", "3", "Tilby sommarjobb til studentar"),
    ]
    assert "Driftast av næringsforeininga." in tables["tiltak"][0].evidence
    (goal,) = tables["delmal"]
    assert (goal.delmal_no, goal.title) == ("2", "Attraktive lokalsamfunn for unge vaksne")
    assert "Innsatsområde" in goal.theme_evidence and "read as delmål" in goal.theme_evidence


def test_prosjekt_lines_under_unnumbered_strategies(tmp_path: Path) -> None:
    tables = _convert(
        tmp_path,
        "Strategi: Styrke samarbeidet mellom skole og næringsliv\n"
        "Prosjekt 1 – Yrkesmesse for ungdom\nProsjekt 2 – Lærlingeløft i regionen\n\n"
        "Strategi: Flere folk i arbeid\nProsjekt 1 – Jobbsjanse for innvandrere\n",
    )
    assert [(t.tiltak_key, t.title) for t in tables["tiltak"]] == [
        ("1.1", "Yrkesmesse for ungdom"),
        ("1.2", "Lærlingeløft i regionen"),
        ("2.1", "Jobbsjanse for innvandrere"),
    ]
    assert [d.delmal_no for d in tables["delmal"]] == ["1", "2"]


def test_lines_that_are_no_measure_list(tmp_path: Path) -> None:
    tables = _convert(
        tmp_path,
        "Her er 3 eksempler på prosjekter som har fått støtte:\n\n"
        "1. Samisk kultur på nett (Nordland)\n2. Kystled for padlere\n\n"
        "Tiltak 4: se omtalen over.\nTiltak 7 – Gjelder bare for 2025\n",
    )
    assert tables["tiltak"] == []
    assert tables["delmal"] == []


def test_bygdevekst_plan_tiltak_are_left_to_the_tiltak_stage() -> None:
    from helpers import corpus_path
    from hplan.extract.ingest import load_document
    from hplan.extract.pipeline import STAGES, run_stages

    for prefix in ("000", "001"):
        with_stage = load_document(corpus_path(prefix))
        run_stages(with_stage)
        without = load_document(corpus_path(prefix))
        run_stages(without, [s for s in STAGES if s.name != "measures"])
        assert with_stage.tiltak == without.tiltak
        assert with_stage.delmal == without.delmal
        assert len(with_stage.tiltak) > 20


def test_numbering_running_on_across_goals_and_bullets(tmp_path: Path) -> None:
    tables = _convert(
        tmp_path,
        "Satsingsområde 1: Bolig\n• Tiltak 1 Bygge utleieboliger\n• Tiltak 2 Tomtebank\n"
        "Satsingsområde 2: Arbeid\n• Tiltak 3 Næringshage i sentrum\n",
    )
    assert [(t.tiltak_key, t.title) for t in tables["tiltak"]] == [
        ("1.1", "Bygge utleieboliger"),
        ("1.2", "Tomtebank"),
        ("2.3", "Næringshage i sentrum"),
    ]


def test_numbered_list_under_a_tiltak_heading(tmp_path: Path) -> None:
    tables = _convert(
        tmp_path,
        "Innsatsområde 1: Bulyst\n\nAktuelle tiltak:\n1. Etablere en velkomstpakke for nye "
        "innbyggere\n2) Arrangere bygdedager hvert år\n\nSlik følges planen opp:\n"
        "1. Rapport til formannskapet\n2. Evaluering etter to år\n",
    )
    assert [(t.tiltak_key, t.title) for t in tables["tiltak"]] == [
        ("1.1", "Etablere en velkomstpakke for nye innbyggere"),
        ("1.2", "Arrangere bygdedager hvert år"),
    ]
    assert tables["tiltak"][0].evidence.startswith("measure line 'item 1'")
