"""tiltak_links: within-plan links of 000, cross-document evaluation, scorer edge cases.

Labelled data in ``hplan/data/links/`` (see its ``pairs.json``):

* ``000_within.json`` -- every row of 000's "Tiltaksoversikt fra handlingsplan 2024"
  tables, linked to the 2025 tiltak by reading the dump;
* two HP2024 text dumps written as fixtures (Rindal og Holtålen from 000's status tables,
  Indre Namdal from 001's tiltak) with reworded, renumbered, reordered, merged, split and
  dropped tiltak, and the expected cross-document links in ``<pair>_expected.csv``.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from hplan.extract.pipeline import DocResult, convert
from hplan.models.records import (
    CheckRecord,
    DelmalRecord,
    DocumentRecord,
    PreviousTiltakRecord,
    TiltakActorRecord,
    TiltakLinkRecord,
    TiltakRecord,
)
from hplan.normalize import matcher
from hplan.normalize.matcher import (
    DEFAULT_SETTINGS,
    MatchSettings,
    link_batch,
    link_between,
    link_within,
    title_similarity,
)
from hplan.normalize.text import content_lemmas
from hplan.normalize.vocab import LINK_TYPES

from hplan.eval_links import evaluate, run_eval

ROOT = Path(__file__).resolve().parent.parent
LINKS = ROOT / "hplan" / "data" / "links"


def _corpus(prefix: str) -> Path:
    (path,) = sorted((ROOT / "data" / "raw").glob(f"{prefix}_*.txt"))
    return path


@cache
def _doc(name: str) -> DocResult:
    path = _corpus(name) if name.isdigit() else LINKS / name
    return convert(path)


def _triples(links: list[TiltakLinkRecord]) -> set[tuple[str, str, str]]:
    return {(x.from_tiltak_key or "", x.to_tiltak_key or "", x.link) for x in links}


# ---------------------------------------------------------------------------------------
# Within one plan: 000's status tables
# ---------------------------------------------------------------------------------------


def _expected_000() -> set[tuple[str, str, str]]:
    data = json.loads((LINKS / "000_within.json").read_text(encoding="utf-8"))
    return {(a or "", b or "", c) for a, b, c in data["links"]}


def test_within_000_exactly() -> None:
    links, checks = link_within(_doc("000"))
    assert _triples(links) == _expected_000()
    assert len(links) == len(_expected_000())  # no duplicates
    doc = _doc("000").document
    for link in links:
        assert link.from_doc_id == link.to_doc_id == doc.doc_id
        assert (link.from_year, link.to_year) == (2024, 2025)
        assert link.evidence
        assert not link.review  # the plan's own statements are sure links
        assert 0 <= link.score <= 100
        assert (link.to_tiltak_key is None) == (link.link in ("ended", "dropped"))
        assert (link.from_tiltak_key is None) == (link.link == "new")
    # Delmål 5 has a status caption but no rows ("alle tiltak fortsetter"): no links, one
    # info check saying so.
    assert not any((link.from_tiltak_key or link.to_tiltak_key).startswith("5.") for link in links)
    assert [c.check for c in checks] == ["tiltak_link_no_status"]
    assert "delmål 5" in checks[0].message and checks[0].severity == "info"


def test_within_000_every_previous_row_is_linked() -> None:
    result = _doc("000")
    links, _ = link_within(result)
    from_keys = {x.from_tiltak_key for x in links}
    rows = result.tables["previous_tiltak"]
    assert len(rows) == 26
    for row in rows:
        assert f"{row.delmal_no}.{row.tiltak_no}" in from_keys
        mine = [x for x in links if x.from_tiltak_key == f"{row.delmal_no}.{row.tiltak_no}"]
        assert {x.link for x in mine} == {row.status}


def test_within_evidence_names_the_statement() -> None:
    links, _ = link_within(_doc("000"))
    by_pair = {(x.from_tiltak_key, x.to_tiltak_key): x for x in links}
    assert "'Overføres til tiltak 1' names tiltak 1" in by_pair["1.3", "1.1"].evidence
    assert "'Slås sammen med tiltak 3' names tiltak 3" in by_pair["3.4", "3.3"].evidence
    assert "status 'Utgår'" in by_pair["2.3", None].evidence
    assert "status table of delmål 2" in by_pair[None, "2.5"].evidence


def test_plan_without_status_table_gets_no_within_links() -> None:
    assert link_within(_doc("001")) == ([], [])


# ---------------------------------------------------------------------------------------
# Fixtures parse like real plans
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pilot", "n_delmal", "n_tiltak"),
    [
        ("rindal_holtalen_hp2024.txt", "Rindal og Holtålen", 8, 29),
        ("indre_namdal_hp2024.txt", "Indre Namdal", 7, 23),
    ],
)
def test_fixture_plans_parse(name: str, pilot: str, n_delmal: int, n_tiltak: int) -> None:
    result = _doc(name)
    doc = result.document
    assert (doc.doc_type, doc.pilot, doc.plan_year, doc.status) == (
        "handlingsplan",
        pilot,
        2024,
        "ok",
    )
    assert len(result.tables["delmal"]) == n_delmal
    tiltak = result.tables["tiltak"]
    assert len(tiltak) == n_tiltak
    # Every tiltak has a table row (not only a body heading) and a section text.
    assert all("table row" in (t.evidence or "") for t in tiltak)
    assert all(result.tiltak_words.get(t.tiltak_key) for t in tiltak)
    assert not [c for c in result.tables["checks"] if c.severity != "info"]


# ---------------------------------------------------------------------------------------
# Across documents: the evaluation
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def evaluation() -> tuple[str, dict]:
    return run_eval()


def test_cross_document_eval_at_least_095_per_link_type(evaluation: tuple[str, dict]) -> None:
    table, results = evaluation
    assert "cross_document" in results
    for name in ("rindal_holtalen", "indre_namdal", "cross_document"):
        for link, (precision, recall, _n) in results[name].items():
            assert precision >= 0.95, (name, link, table)
            assert recall >= 0.95, (name, link, table)
    # Every link type is exercised by the pooled pairs.
    pooled = results["cross_document"]
    assert all(pooled[t][2] > 0 for t in LINK_TYPES)
    assert results["000_within"]["all"] == (1.0, 1.0, 31)


def test_eval_links_errors_lists_wrong_and_missed_links() -> None:
    from typer.testing import CliRunner

    from hplan.cli import app

    result = CliRunner().invoke(
        app, ["eval-links", str(ROOT / "tests" / "fixtures" / "links_blind_e"), "--errors"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # Set E (development since its one held-out measurement): Rindal og Holtålen's
    # 1.4 is labelled ended but joins 2.1 as a merge -- a wrong link with its evidence,
    # and the ended label as missed, both with titles.
    wrong = [x for x in lines if x.startswith("rindal_holtalen: WRONG  merged    1.4 → 2.1")]
    assert len(wrong) == 1 and "Boligtiltak i Distriktene" in wrong[0]
    assert "joins its best of 3 candidates" in wrong[0]
    assert any(x.startswith("rindal_holtalen: MISSED ended     1.4 → -") for x in lines)
    n_errors = sum(1 for x in lines if ": WRONG " in x or ": MISSED " in x)
    table = [x.split() for x in lines if x.startswith("cross_document")]
    assert ["cross_document", "all", "0.95", "0.95", "57"] in table and n_errors == 6


def test_eval_table_is_printable(evaluation: tuple[str, dict]) -> None:
    table, _ = evaluation
    assert table.splitlines()[0].split() == ["set", "link", "precision", "recall", "n"]
    assert "cross_document" in table


def test_cross_document_links_carry_evidence_and_years() -> None:
    links, checks = link_between(_doc("indre_namdal_hp2024.txt"), _doc("001"))
    assert links
    for link in links:
        assert link.evidence
        assert (link.from_year, link.to_year) == (2024, 2025)
        assert link.from_doc_id == _doc("indre_namdal_hp2024.txt").document.doc_id
        assert link.to_doc_id == _doc("001").document.doc_id
    # Delmål numbers differ between the years: matching went by theme.
    by_pair = {(x.from_tiltak_key, x.to_tiltak_key): x for x in links}
    assert "theme bolig" in by_pair["1.2", "4.2"].evidence
    # Each review link has its check, on the document and line of the tiltak.
    reviews = [x for x in links if x.review]
    review_checks = [c for c in checks if c.check == "tiltak_link_review"]
    assert len(reviews) == len(review_checks) > 0
    assert all(c.severity == "warning" and c.line for c in review_checks)


def test_status_table_is_the_strongest_evidence_across_documents() -> None:
    links, _ = link_between(_doc("rindal_holtalen_hp2024.txt"), _doc("000"))
    by_pair = {(x.from_tiltak_key, x.to_tiltak_key): x for x in links}
    # 4.4 "Forbedre buss- og togtilbudet" → 4.2 "Arbeide for et best mulig kollektivtilbud":
    # titles barely alike, no shared body words; the status row says "Slås sammen med
    # tiltak 2".
    merged = by_pair["4.4", "4.2"]
    assert merged.link == "merged" and not merged.review
    assert "names tiltak 2" in merged.evidence and "status table row 4.4" in merged.evidence
    # 2024's delmål 2 (rekruttering) is 2025's delmål 3: the status row of 2025 delmål 3
    # is matched to the 2024 tiltak of the same theme.
    assert by_pair["2.4", "3.3"].link == "merged"


# ---------------------------------------------------------------------------------------
# Scorer edge cases and thresholds (synthetic plans)
# ---------------------------------------------------------------------------------------


def _plan(
    doc_id: str,
    year: int,
    tiltak: list[tuple],
    *,
    rows: tuple = (),
    themes: dict[str, str] | None = None,
) -> DocResult:
    """A tiny plan: tiltak = (key, title, body, actors); one delmål per number, of theme
    ``themes[number]`` (default bolig)."""
    document = DocumentRecord(
        doc_id,
        f"{doc_id}.txt",
        doc_id * 4,
        "handlingsplan",
        "Testpilot",
        year,
        "nb",
        1,
        "text",
        "ok",
        None,
    )
    delmal = {k.split(".")[0] for k, *_ in tiltak}
    tables: dict[str, list] = {
        "delmal": [
            DelmalRecord(doc_id, d, "Delmål", (themes or {}).get(d, "bolig"), 1, 1)
            for d in sorted(delmal)
        ],
        "tiltak": [],
        "tiltak_actors": [],
        "previous_tiltak": list(rows),
    }
    texts = {}
    for i, (key, title, body, actors) in enumerate(tiltak):
        dno, tno = key.split(".")
        tables["tiltak"].append(
            TiltakRecord(
                doc_id,
                key,
                dno,
                tno,
                title,
                None,
                None,
                None,
                None,
                None,
                None,
                False,
                1,
                10 + i,
                None,
            )
        )
        for actor in actors:
            tables["tiltak_actors"].append(
                TiltakActorRecord(doc_id, key, "samarbeidspart", actor, actor)
            )
        texts[key] = content_lemmas(body)
    return DocResult(document, tables, texts)


FILLER = [
    ("1.8", "Mulighetsdialog om arealbruk", "Dialog med Statsforvalteren om arealplaner.", ()),
    ("1.9", "Taxitilbud på kveld og helg", "Kartlegging av drosjetilbudet i distriktene.", ()),
]


def _link(older: DocResult, newer: DocResult, settings: MatchSettings | None = None):
    links, checks = link_between(older, newer, settings)
    return {(x.from_tiltak_key, x.to_tiltak_key): x for x in links}, checks


def test_containment_scorers_saturate_but_the_blend_does_not() -> None:
    from hplan.normalize.text import normalize_title
    from rapidfuzz import fuzz

    a, b = normalize_title("Boligstrategi"), normalize_title("Boligstrategi og tomtepolitikk")
    assert fuzz.token_set_ratio(a, b) == 100
    assert fuzz.partial_ratio(a, b) == 100
    blended = title_similarity("Boligstrategi", "Boligstrategi og tomtepolitikk")
    assert 70 < blended < 100
    assert title_similarity("Boligstrategi", "Boligstrategi") == 100
    # Years in titles do not count against a match.
    assert title_similarity("Bygdevekstkonferanse 2024", "Bygdevekstkonferanse 2025") == 100


def test_containing_title_alone_is_not_a_sure_match() -> None:
    old = _plan("aaaaaaaaaaaa", 2024, [("1.1", "Boligstrategi", "", ()), *FILLER])
    # Different number, nothing else in common: under ``lower``, but the only open pair of
    # its theme and far above the null -- a relative match, for review.
    new = _plan("bbbbbbbbbbbb", 2025, [("1.3", "Boligstrategi og tomtepolitikk", "", ()), *FILLER])
    by_pair, checks = _link(old, new)
    link = by_pair["1.1", "1.3"]
    assert DEFAULT_SETTINGS.rel_floor <= link.score < DEFAULT_SETTINGS.lower
    assert link.link == "revised" and link.review
    assert "relative match: mutual best of 1 rival candidates" in link.evidence
    assert any("relative match" in c.message for c in checks if c.check == "tiltak_link_review")
    # Two newer tiltak that both prefer it are not rivals but the parts of a split: the
    # better one is a relative match, the other joins it; both for review.
    new = _plan(
        "dddddddddddd",
        2025,
        [
            ("1.3", "Boligstrategi og tomtepolitikk", "", ()),
            ("1.4", "Boligstrategi og boligpolitikk", "", ()),
            *FILLER,
        ],
    )
    by_pair, _ = _link(old, new)
    split = [by_pair["1.1", "1.3"], by_pair["1.1", "1.4"]]
    assert [x.link for x in split] == ["revised", "revised"] and all(x.review for x in split)
    assert "1.4 of 2025 prefers 1.1 too" in split[0].evidence
    assert "split into 1.3, 1.4; joins its best of 3 candidates" in split[1].evidence
    # Same number: a link, but for review, with a check.
    new = _plan("cccccccccccc", 2025, [("1.1", "Boligstrategi og tomtepolitikk", "", ()), *FILLER])
    by_pair, checks = _link(old, new)
    link = by_pair["1.1", "1.1"]
    assert link.review and DEFAULT_SETTINGS.lower <= link.score < DEFAULT_SETTINGS.upper
    # The old title recurs word for word, extended: continued (as 000's own status table
    # calls "Omdømmebygging" → "Omdømmebygging og rekrutteringsdialog" "Videreføres").
    assert link.link == "continued"
    assert "recurs word for word" in link.evidence
    assert any(c.check == "tiltak_link_review" and "1.1" in c.message for c in checks)


def _one_to_one(old_key: str, old_title: str, new_key: str, new_title: str):
    body = "Kommunene lager en plan for boligtomter, utleieboliger og private utbyggere."
    old = _plan("aaaaaaaaaaaa", 2024, [(old_key, old_title, body, ("Husbanken",)), *FILLER])
    new = _plan("cccccccccccc", 2025, [(new_key, new_title, body, ("Husbanken",)), *FILLER])
    return _link(old, new)[0][old_key, new_key]


def test_continued_keeps_key_phase_and_wording() -> None:
    # A subtitle dropped: one wording recurs whole in the other -- lightly edited.
    link = _one_to_one("1.1", "Boligstrategi og tomtepolitikk", "1.1", "Boligstrategi")
    assert link.link == "continued" and "recurs word for word" in link.evidence
    # Reworded beyond that: revised.
    link = _one_to_one("1.1", "Boligstrategi og tomtepolitikk", "1.1", "Plan for boligtomter")
    assert link.link == "revised"
    # The same words in another phase: revised, and the evidence names the phases.
    link = _one_to_one("1.1", "Forprosjekt boligstrategi", "1.1", "Boligstrategi")
    assert link.link == "revised" and "phase forprosjekt → -" in link.evidence
    link = _one_to_one(
        "1.1", "Søknad om forsøk med boligstrategi", "1.1", "Forsøk med boligstrategi"
    )
    assert link.link == "revised" and "phase forsøk, søknad → forsøk" in link.evidence
    # The same title in a delmål of another number: the key changed, so revised.
    link = _one_to_one("1.1", "Boligstrategi", "3.1", "Boligstrategi")
    assert link.link == "revised" and "moved from delmål 1 to 3" in link.evidence
    # Renumbered within the delmål: revised.
    assert _one_to_one("1.1", "Boligstrategi", "1.2", "Boligstrategi").link == "revised"
    assert _one_to_one("1.1", "Boligstrategi", "1.1", "Boligstrategi").link == "continued"


def test_body_and_actors_make_a_sure_link() -> None:
    body_old = (
        "Kommunene utarbeider en boligstrategi med måltall for boligtilførsel, "
        "tomtereserve, leiligheter for utleie og samarbeid med private utbyggere."
    )
    body_new = (
        "Boligstrategien får måltall for boligtilførsel og en tomtepolitikk: "
        "tomtereserve, leiligheter for utleie og avtaler med private utbyggere."
    )
    old = _plan("aaaaaaaaaaaa", 2024, [("1.1", "Boligstrategi", body_old, ("Husbanken",)), *FILLER])
    new = _plan(
        "bbbbbbbbbbbb",
        2025,
        [("1.1", "Boligstrategi og tomtepolitikk", body_new, ("Husbanken",)), *FILLER],
    )
    by_pair, checks = _link(old, new)
    link = by_pair["1.1", "1.1"]
    assert link.score >= DEFAULT_SETTINGS.upper and not link.review
    assert "body" in link.evidence and "Husbanken" in link.evidence
    assert not [c for c in checks if "1.1" in c.message]


def test_identical_title_same_number_is_continued() -> None:
    old = _plan("aaaaaaaaaaaa", 2024, [("1.1", "Dialogmøte utdanning", "", ()), *FILLER])
    new = _plan("bbbbbbbbbbbb", 2025, [("1.1", "Dialogmøte utdanning", "", ()), *FILLER])
    by_pair, _ = _link(old, new)
    link = by_pair["1.1", "1.1"]
    assert link.link == "continued" and not link.review
    assert link.score == DEFAULT_SETTINGS.w_title + DEFAULT_SETTINGS.w_number


def test_thresholds_decide_link_review_or_nothing() -> None:
    old = _plan("aaaaaaaaaaaa", 2024, [("1.1", "Boligstrategi", "", ()), *FILLER])
    new = _plan("cccccccccccc", 2025, [("1.1", "Boligstrategi og tomtepolitikk", "", ()), *FILLER])
    score = _link(old, new)[0]["1.1", "1.1"].score
    # Moving the thresholds around the same score: sure, review, no link.
    sure = dataclasses.replace(DEFAULT_SETTINGS, upper=score - 1, lower=score - 2)
    assert not _link(old, new, sure)[0]["1.1", "1.1"].review
    review = dataclasses.replace(DEFAULT_SETTINGS, upper=score + 1, lower=score - 1)
    assert _link(old, new, review)[0]["1.1", "1.1"].review
    # Under ``lower`` the relative rule still links it (the only open pair) ...
    relative = dataclasses.replace(DEFAULT_SETTINGS, upper=score + 2, lower=score + 1)
    assert "relative match" in _link(old, new, relative)[0]["1.1", "1.1"].evidence
    # ... unless the score is under its floor, or the margin it needs is larger.
    for floor in ("rel_floor", "rel_margin"):
        none = dataclasses.replace(relative, **{floor: score + 1})
        assert ("1.1", "1.1") not in _link(old, new, none)[0]


def test_merge_and_split_by_score() -> None:
    outside = (
        "Arbeidsinkludering: NAV og oppfølgingstjenesten samler aktører som hindrer "
        "utenforskap til dialogmøte om restarbeidskraft og arbeidstrening."
    )
    refugees = (
        "Arbeidsinkludering: flyktningetjenesten og NAV gir språkpraksis og "
        "arbeidstrening i lokalt næringsliv."
    )
    merged = (
        "Arbeidsinkludering: NAV, oppfølgingstjenesten og flyktningetjenesten samler "
        "aktører mot utenforskap til dialogmøte om språkpraksis og arbeidstrening."
    )
    parts = [
        ("1.1", "Arbeidsinkludering av personer utenfor arbeidsstyrken", outside, ("NAV",)),
        ("1.2", "Arbeidsinkludering av flyktninger", refugees, ("NAV",)),
    ]
    whole = [("1.1", "Arbeidsinkludering", merged, ("NAV",))]
    by_pair, _ = _link(
        _plan("aaaaaaaaaaaa", 2024, [*parts, *FILLER]),
        _plan("bbbbbbbbbbbb", 2025, [*whole, *FILLER]),
    )
    assert by_pair["1.1", "1.1"].link == by_pair["1.2", "1.1"].link == "merged"
    assert "2 tiltak of 2024 go into 1.1" in by_pair["1.2", "1.1"].evidence
    # The reverse direction is a split: "revised" for each part.
    by_pair, _ = _link(
        _plan("dddddddddddd", 2024, [*whole, *FILLER]),
        _plan("eeeeeeeeeeee", 2025, [*parts, *FILLER]),
    )
    assert by_pair["1.1", "1.1"].link == by_pair["1.1", "1.2"].link == "revised"
    assert "split into 1.1, 1.2" in by_pair["1.1", "1.2"].evidence


# A 2024 delmål "studie- og kontorfellesskap" (2) is dissolved in 2025; its hospitering
# tiltak moves to rekruttering (1), next to an unrelated new tiltak that shares one partner.
MOVED_OLD = [
    ("1.1", "Omdømmebygging og synlighet", "Historier om folk som har flyttet hit.", ()),
    (
        "2.1",
        "Hospitering for statsansatte i kontorfellesskapet",
        "Ansatte i statlige etater hospiterer i kommunene og får arbeidsplass i "
        "kontorfellesskapet; departementet koordinerer ordningen med etatene.",
        ("Kommunal- og distriktsdepartementet", "Pilotkommunene"),
    ),
]
MOVED_THEMES = {"1": "rekruttering", "2": "studie_kontorfellesskap"}
MOVED_NEW = [
    ("1.1", "Omdømmebygging og synlighet", "Historier om folk som har flyttet hit.", ()),
    (
        "1.2",
        "Hospiteringsordning for statlige etater",
        "Departementet koordinerer en ordning der ansatte i statlige etater hospiterer i "
        "kommunene i en periode.",
        ("Kommunal- og distriktsdepartementet",),
    ),
    (
        "1.3",
        "Sommerjobb for studenter",
        "Studenter får sommerjobb i kommunene og i næringslivet.",
        ("Pilotkommunene",),
    ),
]


def test_a_tiltak_moved_to_a_delmal_of_another_theme_is_followed() -> None:
    by_pair, _ = _link(
        _plan("aaaaaaaaaaaa", 2024, MOVED_OLD, themes=MOVED_THEMES),
        _plan("bbbbbbbbbbbb", 2025, MOVED_NEW, themes={"1": "rekruttering"}),
    )
    moved = by_pair["2.1", "1.2"]
    assert moved.link == "revised" and moved.review
    assert "moved across themes: studie_kontorfellesskap → rekruttering" in moved.evidence
    assert "relative match across themes" in moved.evidence
    # Not ended + new, and the unrelated tiltak (one shared partner) is not a split part.
    assert ("2.1", None) not in by_pair and (None, "1.2") not in by_pair
    assert by_pair[None, "1.3"].link == "new" and ("2.1", "1.3") not in by_pair
    # With the cross-theme rule off the move is lost, but never as a sure ended/new.
    off = dataclasses.replace(DEFAULT_SETTINGS, cross_floor=1000)
    by_pair, _ = _link(
        _plan("aaaaaaaaaaaa", 2024, MOVED_OLD, themes=MOVED_THEMES),
        _plan("bbbbbbbbbbbb", 2025, MOVED_NEW, themes={"1": "rekruttering"}),
        off,
    )
    assert by_pair["2.1", None].link == "ended" and by_pair[None, "1.2"].link == "new"
    assert "best in another theme: 1.2 (rekruttering)" in by_pair["2.1", None].evidence


def test_a_close_candidate_in_another_theme_sends_ended_and_new_to_review() -> None:
    # The titles share a compound part and nothing else does: one kind of evidence, so
    # no link across themes, but neither tiltak is surely without a counterpart.
    old = [*MOVED_OLD[:1], ("2.1", "Markedsføring", "Annonser for ledige kontorplasser.", ())]
    new = [*MOVED_NEW[:1], ("1.2", "Bostedsmarkedsføring", "Kampanje i sosiale medier.", ())]
    by_pair, checks = _link(
        _plan("aaaaaaaaaaaa", 2024, old, themes=MOVED_THEMES),
        _plan("bbbbbbbbbbbb", 2025, new, themes={"1": "rekruttering"}),
    )
    ended, added = by_pair["2.1", None], by_pair[None, "1.2"]
    assert ended.link == "ended" and added.link == "new"
    assert ended.review and added.review
    assert "only one kind of evidence (title)" in ended.evidence
    assert any("a candidate in another theme reached content" in c.message for c in checks)


def test_a_join_needs_more_than_a_shared_actor() -> None:
    # 1.2 and the new 1.1 share a partner only they name (full actor credit) and a little
    # body text: content above join_floor, but title and body under join_text_floor.
    old = [
        ("1.1", "Boligstrategi", "Strategi for boligbygging og tomter i sentrum.", ("Husbanken",)),
        (
            "1.2",
            "Utleieboliger for sesongarbeidere",
            "Kommunen leier ut boliger til sesongarbeidere i landbruket om sommeren.",
            ("Husbanken", "Distriktssenteret"),
        ),
    ]
    new = [
        (
            "1.1",
            "Boligstrategi",
            "Strategi for boligbygging og tomter i sentrum, med boliger for unge.",
            ("Husbanken", "Distriktssenteret"),
        )
    ]
    a = _plan("aaaaaaaaaaaa", 2024, [*old, *FILLER])
    b = _plan("bbbbbbbbbbbb", 2025, [*new, *FILLER])
    by_pair, _ = _link(a, b)
    context = matcher._Context(matcher._items(a) + matcher._items(b), DEFAULT_SETTINGS)
    pair = context.pair(matcher._items(a)[1], matcher._items(b)[0])
    assert pair.content >= DEFAULT_SETTINGS.join_floor
    assert pair.text < DEFAULT_SETTINGS.join_text_floor
    assert by_pair["1.1", "1.1"].link == "continued"
    assert by_pair["1.2", None].link == "ended"
    loose = dataclasses.replace(DEFAULT_SETTINGS, join_text_floor=0)
    assert _link(a, b, loose)[0]["1.2", "1.1"].link == "merged"


def test_status_row_with_missing_target_falls_back_to_review() -> None:
    row = PreviousTiltakRecord(
        "aaaaaaaaaaaa",
        "1",
        2024,
        "2",
        "Boligbyggerdialog",
        "Overføres til tiltak 7",
        "merged",
        "",
        "7",
        1,
        5,
    )
    tiltak = [("1.1", "Boligbyggerdialog", "", ()), *FILLER]
    links, checks = link_within(_plan("aaaaaaaaaaaa", 2025, tiltak, rows=(row,)))
    by_pair = {(x.from_tiltak_key, x.to_tiltak_key): x for x in links}
    assert by_pair["1.2", "1.1"].link == "merged" and by_pair["1.2", "1.1"].review
    assert "names no tiltak that exists this year" in by_pair["1.2", "1.1"].evidence
    assert {c.check for c in checks} >= {"tiltak_link_target_missing", "tiltak_link_review"}
    # The fallback target is not "new"; the tiltak nothing leads to are.
    assert (None, "1.1") not in by_pair and (None, "1.8") in by_pair
    # A title that does not match well enough: no link, a check instead.
    tiltak = [("1.1", "Boligbyggerdialog og boligarrangement", "", ()), *FILLER]
    links, checks = link_within(_plan("aaaaaaaaaaaa", 2025, tiltak, rows=(row,)))
    assert not [x for x in links if x.from_tiltak_key == "1.2"]
    assert "tiltak_link_unresolved" in {c.check for c in checks}


# ---------------------------------------------------------------------------------------
# Status rows of the newer plan: which older tiltak they mean, and split-offs
# ---------------------------------------------------------------------------------------


def _row(no: str, title: str, raw: str, status: str, successors: str) -> PreviousTiltakRecord:
    return PreviousTiltakRecord(
        "bbbbbbbbbbbb", "1", 2024, no, title, raw, status, "", successors, 1, 4 + int(no)
    )


# A 2025 status table whose numbers are not those of the 2024 plan it reports on: row 3
# is the 2024 plan's 1.2 by its title, row 2 its 1.3 (the pattern of the blind fixture of
# Rindal og Holtålen).
BOLIG_ROWS = (
    _row(
        "1",
        "Kompetansehevende tiltak på Husbankens økonomiske virkemidler",
        "Revideres og videreføres",
        "revised",
        "1",
    ),
    _row(
        "2",
        "Legge til rette for realisering av prosjekter fra private utbyggere",
        "Videreføres",
        "continued",
        "2",
    ),
    _row(
        "3", "Kompetansehevende tiltak - boligplanlegging", "Overføres til tiltak 1", "merged", "1"
    ),
)
BOLIG_2024 = [
    ("1.1", "Kurs i Husbankens økonomiske virkemidler", "", ()),
    ("1.2", "Kompetanseløft i boligplanlegging", "", ()),
    ("1.3", "Tilrettelegging for private boligutbyggere", "", ()),
]
BOLIG_2025 = [
    ("1.1", "Strategi for bruk av virkemidler i lokal boligutvikling", "", ()),
    ("1.2", "Boligbyggerdialog og gjennomføring av lokalt boligarrangement", "", ()),
    *FILLER,
]


def test_status_row_title_wins_over_its_number() -> None:
    older = _plan("aaaaaaaaaaaa", 2024, BOLIG_2024)
    newer = _plan("bbbbbbbbbbbb", 2025, BOLIG_2025, rows=BOLIG_ROWS)
    by_pair, checks = _link(older, newer)
    # Same number and a fitting title: sure.
    assert by_pair["1.1", "1.1"].link == "revised" and not by_pair["1.1", "1.1"].review
    # Row 3 "Kompetansehevende tiltak - boligplanlegging" is 2024's 1.2 "Kompetanseløft i
    # boligplanlegging" (title 81), not 2024's 1.3 (title 39): the title wins, for review.
    merged = by_pair["1.2", "1.1"]
    assert merged.link == "merged" and merged.review
    assert "row 1.3 of 2025 = this tiltak (number 3≠2, but the title points here" in (
        merged.evidence
    )
    # Row 2's title is weak for every 2024 tiltak (42 at best), but the table has as many
    # rows as 2024 has tiltak: 1.3 is the only reading left, for review.
    continued = by_pair["1.3", "1.2"]
    assert continued.link == "continued" and continued.review
    assert "the only reading left" in continued.evidence
    assert ("1.2", "1.2") not in by_pair and ("1.3", "1.1") not in by_pair
    assert [c.check for c in checks] == ["tiltak_link_review", "tiltak_link_review"]


def test_status_row_against_its_number_needs_a_title_or_a_complete_table() -> None:
    # Two more 2024 tiltak that no row mentions: the table is no longer complete, so row 2
    # (weak title, number pointing at the tiltak row 3 took) identifies nothing.
    older = _plan("aaaaaaaaaaaa", 2024, [*BOLIG_2024, *FILLER])
    newer = _plan("bbbbbbbbbbbb", 2025, BOLIG_2025, rows=BOLIG_ROWS)
    by_pair, checks = _link(older, newer)
    assert by_pair["1.2", "1.1"].link == "merged"  # row 3, by its title, as above
    assert by_pair["1.3", None].link == "ended"
    assert by_pair[None, "1.2"].link == "new"
    unmatched = [c for c in checks if c.check == "tiltak_link_status_row_unmatched"]
    assert len(unmatched) == 1 and "row 1.2" in unmatched[0].message


def test_part_split_off_a_tiltak_the_table_carries_on() -> None:
    row = _row(
        "1", "Mulighetsdialog om arealbruk og spredt bosetting", "Videreføres", "continued", "1"
    )
    old_body = (
        "Mulighetsdialog med befaring i hver kommune. Temaene er spredt boligbygging, tomme "
        "hus og småbruk som kan tas i bruk igjen, og rammer og kriterier for spredt bosetting."
    )
    older = _plan(
        "aaaaaaaaaaaa",
        2024,
        [("1.1", row.title, old_body, ("Distriktssenteret",)), *FILLER],
    )
    dialog = "Mulighetsdialog med befaring i hver kommune etter samme modell."
    frame = (
        "Kommunene lager rammer og kriterier for spredt boligbygging og strategier for tomme "
        "hus og småbruk som kan tas i bruk igjen."
    )
    newer = _plan(
        "bbbbbbbbbbbb",
        2025,
        [
            ("1.1", "Mulighetsdialog", dialog, ("Distriktssenteret",)),
            ("1.2", "Rammer og strategier for spredt bosetting", frame, ()),
            *FILLER,
        ],
        rows=(row,),
    )
    by_pair, checks = _link(older, newer)
    # The row's own statement, as stated...
    assert by_pair["1.1", "1.1"].link == "continued" and not by_pair["1.1", "1.1"].review
    # ... and the part no row leads to, which the 2024 text shows came from 1.1.
    split = by_pair["1.1", "1.2"]
    assert split.link == "revised" and split.review
    assert split.score >= DEFAULT_SETTINGS.lower
    assert "split off 1.1, which its status row carries on as 1.1" in split.evidence
    assert (None, "1.2") not in by_pair
    assert any("split off" in c.message for c in checks if c.check == "tiltak_link_review")


def test_blind_fixture_rows_follow_titles_not_numbers() -> None:
    """The blind 2024 file of Rindal og Holtålen numbers its bolig tiltak unlike 000's table."""
    older = convert(ROOT / "tests" / "fixtures" / "links_blind" / "rindal_holtalen_hp2024_b.txt")
    links, _ = link_between(older, _doc("000"))
    by_pair = {(x.from_tiltak_key, x.to_tiltak_key): x for x in links}
    # 000's row 3 "Kompetansehevende tiltak - boligplanlegging" (Overføres til tiltak 1) is
    # the blind 2.2 "Kompetanseløft i boligplanlegging"; row 2 (Videreføres) its 2.3.
    assert by_pair["2.2", "1.1"].link == "merged" and by_pair["2.2", "1.1"].review
    assert by_pair["2.3", "1.2"].link == "continued" and by_pair["2.3", "1.2"].review
    assert by_pair["2.1", "1.1"].link == "revised" and not by_pair["2.1", "1.1"].review


# ---------------------------------------------------------------------------------------
# Calibration, settings, batch, determinism
# ---------------------------------------------------------------------------------------


def test_thresholds_sit_above_pairs_of_different_tiltak() -> None:
    """lower/upper are calibrated on different tiltak of one delmål (000 and 001)."""
    real, same_number, titles = [], [], []
    for name in ("000", "001"):
        items = [i for i in matcher._items(_doc(name)) if not i.ended]
        context = matcher._Context(items, DEFAULT_SETTINGS)
        for a, b in itertools.combinations(items, 2):
            if a.delmal_no == b.delmal_no:
                real.append(context.pair(a, b).score)
                titles.append(context.pair(a, b).title.score)
                b2 = dataclasses.replace(b, tiltak_no=a.tiltak_no)
                same_number.append(context.pair(a, b2).score)
    assert len(real) > 60
    assert max(real) < DEFAULT_SETTINGS.lower
    assert max(same_number) < DEFAULT_SETTINGS.upper
    # A status row identified against its number needs a title no two different tiltak of
    # one delmål reach; its number is worth about their spread (median → 95th percentile).
    assert max(titles) < DEFAULT_SETTINGS.row_title_sure
    titles.sort()
    median, p95 = titles[len(titles) // 2], titles[int(0.95 * (len(titles) - 1))]
    assert abs(DEFAULT_SETTINGS.row_number_bonus - (p95 - median)) < 3


# The labelled sets. Each blind set was measured once while held out (README, "How good it
# is"), then used for development; tuning the matcher further needs a new blind set.
LABELLED = (
    "links",
    "links_blind",
    "links_blind_c",
    "links_blind_d",
    "links_blind_e",
    "links_blind_f",
    "links_blind_g",
    "links_blind_h",
    "links_blind_i",
    "links_blind_j",
)


@pytest.fixture(scope="module")
def labelled() -> dict[str, list[tuple[str, DocResult, DocResult, list]]]:
    """The labelled cross-document pairs of the three development sets, converted once."""
    from hplan.eval_links import _read_expected, _resolve

    out = {}
    for name in LABELLED:
        base = LINKS if name == "links" else ROOT / "tests" / "fixtures" / name
        manifest = json.loads((base / "pairs.json").read_text(encoding="utf-8"))
        out[name] = [
            (
                item["name"],
                convert(_resolve(base, item["older"])),
                convert(_resolve(base, item["newer"])),
                _read_expected(base / item["expected"]),
            )
            for item in manifest["pairs"]
        ]
    return out


def _pooled(pairs: list, settings: MatchSettings | None = None) -> tuple[dict, float, float]:
    """Per-type scores and pair-level (from, to) precision/recall of the pooled pairs."""
    exp, pred = [], []
    for name, older, newer, expected in pairs:
        links, _ = link_between(older, newer, settings)
        exp += [(f"{name}:{a}", f"{name}:{b}", c) for a, b, c in expected]
        pred += [
            (f"{name}:{x.from_tiltak_key or ''}", f"{name}:{x.to_tiltak_key or ''}", x.link)
            for x in links
        ]
    e, p = {x[:2] for x in exp}, {x[:2] for x in pred}
    return evaluate(exp, pred), len(e & p) / len(p), len(e & p) / len(e)


def test_blind_sets_with_the_relative_rule(labelled: dict) -> None:
    """Pooled precision/recall of the development sets, measured 2026-11-22 (session 2:
    compound parts in titles, the key and phase rules for continued, relative decisions on
    the content score, merge/split partners). Session 1 had links_blind 0.92/0.94,
    links_blind_c 0.78/0.80, links_blind_d 0.87/0.86 (then held out)."""
    scores, pair_p, pair_r = _pooled(labelled["links_blind"])
    assert scores["all"][:2] == (0.9844, 0.9844)
    assert pair_p >= 0.98 and pair_r >= 0.98
    scores, pair_p, pair_r = _pooled(labelled["links_blind_c"])
    assert scores["all"][:2] == (0.95, 0.9661)
    assert pair_p >= 0.95 and pair_r >= 0.96
    # Merges without a status table come through (recall was 0.00 before the relative rule).
    assert scores["merged"][1] == 1.0
    assert _pooled(labelled["links_blind_d"])[0]["all"][:2] == (0.9839, 0.9683)
    assert _pooled(labelled["links_blind_f"])[0]["all"][:2] == (1.0, 1.0)
    # The demanding set: bold rewording, look-alike tiltak (0.66/0.70 in session 1).
    assert _pooled(labelled["links_blind_g"])[0]["all"][:2] == (0.8333, 0.8772)
    # H, measured once held out after the last change (0.65/0.72 in session 1); 0.85/0.85
    # until merges across themes were allowed (2026-12-05): 2.3 (utdanning) and 6.1
    # (samfunnsutvikling) go into 2.1.
    scores = _pooled(labelled["links_blind_h"])[0]
    assert scores["all"][:2] == (0.8833, 0.8833)
    assert scores["merged"][:2] == (1.0, 0.5)
    # I, tiltak moved between delmål of different themes and a dissolved delmål: 0.49/0.64
    # held out (before the cross-theme pass), 0.81/0.89 with it; measured 2026-12-05 after
    # actor-only rivals were dropped and a move rests on two kinds of evidence.
    scores, pair_p, pair_r = _pooled(labelled["links_blind_i"])
    assert scores["all"][:2] == (0.931, 0.9643)
    assert scores["merged"][:2] == (1.0, 1.0)
    # J, a second pair with moves across themes (written from the issue text, labelled
    # before its first run): 0.93/0.97 held out on 2026-12-05 (the matcher of 2026-12-04:
    # 0.77/0.79); its two merges and its split across themes are right.
    scores, pair_p, pair_r = _pooled(labelled["links_blind_j"])
    assert scores["all"][:2] == (0.9333, 0.9655)
    assert scores["merged"][:2] == (1.0, 1.0)
    # The absolute rule alone (relative matches switched off) is far worse.
    off = dataclasses.replace(DEFAULT_SETTINGS, rel_floor=1000, join_floor=1000, cross_floor=1000)
    # (0.60/0.71 before the pilot's name was left out of title keys, 2026-12-05.)
    assert _pooled(labelled["links_blind_c"], off)[0]["all"][:2] == (0.6232, 0.7288)


def test_moves_across_themes_on_sets_i_and_h(labelled: dict) -> None:
    """The two moves set i lost to ended + new, and set h's merge across themes."""
    s = DEFAULT_SETTINGS
    ((_, older, newer, _),) = labelled["links_blind_i"]
    by_pair, _ = _link(older, newer)
    # "Trainee for å rekruttere unge voksne" → "Bidra til attraktive trainee-løp": its
    # margin (19.2) was blocked by 1.3 → 1.1 (content 10.3), whose only evidence is
    # Namdal regionråd -- a pair that can never be a link is no rival.
    trainee = by_pair["1.3", "2.2"]
    assert trainee.link == "revised" and trainee.review
    assert "moved across themes: rekruttering → utdanning" in trainee.evidence
    assert "sharing only actors are no rivals" in trainee.evidence
    # "Flere i jobb – inkludering og nærvær" → "Test: Flere i arbeid": the titles share no
    # word, but the bodies (NAV, sykefravær, helsesektoren, Grong videregående) and two
    # partners only these two name do -- two kinds of evidence, under join_text_floor.
    jobs = by_pair["3.1", "1.2"]
    assert jobs.link == "revised" and jobs.review
    assert "moved across themes: naeringsutvikling → rekruttering" in jobs.evidence
    olds, news = matcher._items(older), matcher._items(newer)
    context = matcher._Context(olds + news, s)
    pair = context.pair(
        next(o for o in olds if o.key == "3.1"), next(n for n in news if n.key == "1.2")
    )
    assert pair.text < s.join_text_floor and pair.kinds(s) == ["body", "actors"]
    # The trap stays new: Møteplasser shares young people and one partner with 3.2.
    assert by_pair[None, "1.5"].link == "new"
    # Set h: 2.3 (utdanning) and 6.1 (samfunnsutvikling) of 2025 go into 2.1 of 2026, a
    # merge across themes resting on the sections' words, not on a title alone.
    _, (_, older, newer, _) = labelled["links_blind_h"]
    by_pair, _ = _link(older, newer)
    assert by_pair["2.3", "2.1"].link == by_pair["6.1", "2.1"].link == "merged"
    assert "across themes, joins its best" in by_pair["2.3", "2.1"].evidence
    # Set j: the forstudie of kontorfellesskap (7.2, a dissolved delmål) and the shared
    # office in the sentrum (2.3, samfunnsutvikling) share the body and nothing else:
    # content 15.7, one kind of evidence -- not linked, but not a sure ended + new either.
    ((_, older, newer, _),) = labelled["links_blind_j"]
    by_pair, _ = _link(older, newer)
    for key in (("7.2", None), (None, "2.3")):
        assert by_pair[key].review
        assert "under the cross-theme floor 16, close: for review" in by_pair[key].evidence
    assert by_pair["3.3", "6.4"].link == by_pair["3.3", "3.2"].link == "revised"
    assert by_pair["6.4", "3.1"].link == by_pair["3.2", "3.1"].link == "merged"
    # A title containing the other ("Test: Flere i arbeid" in "Samkjøring til arbeid –
    # test av digital løsning") with bodies that share nothing is no merge across themes.
    _, (_, older, newer, _) = labelled["links_blind"]
    assert ("6.2", "1.2") not in _link(older, newer)[0]


def test_relative_links_say_why(labelled: dict) -> None:
    (_, older, newer, _), _ = labelled["links_blind_c"]
    by_pair, _ = _link(older, newer)
    # Rindal og Holtålen 2025 → 2026, no status table: 3.2 and 3.6 go into 2.1. Each
    # prefers 2.1, so they are merge partners, not rivals: 3.2 is the relative match,
    # 3.6 joins it.
    for old_key in ("3.2", "3.6"):
        assert by_pair[old_key, "2.1"].link == "merged"
        assert by_pair[old_key, "2.1"].review
    assert "3.1, 3.6 of 2025 prefer 2.1 too" in by_pair["3.2", "2.1"].evidence
    join = by_pair["3.6", "2.1"]
    assert join.score < DEFAULT_SETTINGS.lower
    assert "joins its best of 4 candidates, content 33.3 ≥ 18" in join.evidence
    # Landbruk: 5.2 and 5.3 go into 4.2 the same way (5.3 scores 22.3, 5.2 20.0: two
    # points apart, which blocked both as rivals before partners were recognised).
    assert by_pair["5.2", "4.2"].link == by_pair["5.3", "4.2"].link == "merged"
    # "Dialogmøte utdanning" → "Utdanningsnettverk for Rindal og Holtålen": only the split
    # compounds share a word (the pilot's name does not count); content 19.1, no rival --
    # a relative match, for review.
    link = by_pair["6.3", "6.1"]
    assert link.link == "revised" and link.review
    assert "mutual best of 1 rival candidates, content 19.1 ≥ 16" in link.evidence
    # "Boligtiltak i Distriktene" (1.4) has nothing close in 2026: ended, saying why.
    ended = by_pair["1.4", None]
    assert "content 9.4 under the relative floor 16" in ended.evidence


def test_relative_thresholds_against_the_cross_year_null(labelled: dict) -> None:
    """rel_floor, join_floor and rel_margin come from the scores of *different* tiltak
    across the two years in one theme group (all three development sets)."""
    null, gaps = [], []
    for pairs in labelled.values():
        for _, older, newer, expected in pairs:
            true = {(a, b) for a, b, _ in expected}
            olds = [i for i in matcher._items(older) if not i.ended]
            news = [i for i in matcher._items(newer) if not i.ended]
            context = matcher._Context(olds + news, DEFAULT_SETTINGS)
            shared = {i.theme for i in olds} & {i.theme for i in news} - {None}

            def group(theme: str | None, shared: set = shared) -> str | None:
                return theme if theme in shared else None

            for o in olds:
                wrong = sorted(
                    (
                        context.pair(o, n).content
                        for n in news
                        if group(n.theme) == group(o.theme) and (o.key, n.key) not in true
                    ),
                    reverse=True,
                )
                null += wrong
                if len(wrong) >= 2:
                    gaps.append(wrong[0] - wrong[1])
    null.sort()
    gaps.sort()

    def pct(xs: list[float], q: float) -> float:
        return xs[round(q * (len(xs) - 1))]

    s = DEFAULT_SETTINGS
    assert len(null) > 950 and len(gaps) > 290
    assert pct(null, 0.85) <= s.rel_floor <= pct(null, 0.90)
    assert pct(null, 0.90) <= s.join_floor <= pct(null, 0.95)
    assert pct(gaps, 0.75) < s.rel_margin < pct(gaps, 0.90)
    # The absolute thresholds stay where the within-plan negatives put them.
    assert s.rel_floor < s.join_floor < s.lower < s.upper


def test_cross_theme_thresholds_against_the_cross_theme_null(labelled: dict) -> None:
    """cross_floor and join_text_floor come from pairs of *different* tiltak: in different
    theme groups (cross_floor) and in one theme group (the title and body part of a join),
    over all labelled sets."""
    s = DEFAULT_SETTINGS
    same_content, same_text, cross_content = [], [], []
    for pairs in labelled.values():
        for _, older, newer, expected in pairs:
            true = {(a, b) for a, b, _ in expected}
            olds = [i for i in matcher._items(older) if not i.ended]
            news = [i for i in matcher._items(newer) if not i.ended]
            context = matcher._Context(olds + news, s)
            shared = {i.theme for i in olds} & {i.theme for i in news} - {None}
            for o in olds:
                for n in news:
                    if (o.key, n.key) in true:
                        continue
                    pair = context.pair(o, n)
                    same = (o.theme if o.theme in shared else None) == (
                        n.theme if n.theme in shared else None
                    )
                    if same:
                        same_content.append(pair.content)
                        same_text.append(pair.text)
                    else:
                        cross_content.append(pair.content)

    def pct(xs: list[float], q: float) -> float:
        return sorted(xs)[round(q * (len(xs) - 1))]

    assert len(cross_content) > 9000 and len(same_text) > 1200
    # A tiltak has 7-8 times as many candidates in other themes as in its own, so the
    # cross floor sits far up the cross null: 99th-99.7th percentile ...
    assert pct(cross_content, 0.99) <= s.cross_floor <= pct(cross_content, 0.997)
    # ... where wrong pairs clear it less often in all than wrong pairs of one theme clear
    # rel_floor (which the margin then filters).
    wrong_across = sum(c >= s.cross_floor for c in cross_content)
    wrong_within = sum(c >= s.rel_floor for c in same_content)
    assert 0 < wrong_across < wrong_within
    # A join's title and body: between the 85th and 90th percentile of one theme's null.
    assert pct(same_text, 0.85) <= s.join_text_floor <= pct(same_text, 0.90)


def test_settings_are_one_documented_dataclass() -> None:
    s = MatchSettings()
    assert s.w_title + s.w_body + s.w_number + s.w_actors == 100
    assert s.lower < s.upper
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.upper = 1  # type: ignore[misc]


def test_link_batch_does_not_bridge_a_missing_year() -> None:
    hp2024 = _doc("rindal_holtalen_hp2024.txt")
    hp2026 = convert(ROOT / "tests" / "fixtures" / "links_blind_c" / "rindal_holtalen_hp2026.txt")
    assert (hp2024.document.plan_year, hp2026.document.plan_year) == (2024, 2026)
    assert hp2024.document.pilot == hp2026.document.pilot
    links, checks = link_batch([hp2026, hp2024])
    assert all(x.from_doc_id == x.to_doc_id for x in links)  # within-plan links only
    gap = [c for c in checks if c.check == "tiltak_link_year_gap"]
    assert len(gap) == 1 and gap[0].doc_id == hp2024.document.doc_id
    assert "for 2025 in the batch: its 2024 plan is not linked to the 2026 plan" in gap[0].message
    # With the 2025 plan (000) in the batch, both steps are linked and nothing is missing.
    links, checks = link_batch([hp2026, hp2024, _doc("000")])
    steps = {(x.from_year, x.to_year) for x in links if x.from_doc_id != x.to_doc_id}
    assert steps == {(2024, 2025), (2025, 2026)}
    assert not [c for c in checks if c.check == "tiltak_link_year_gap"]


def test_link_batch_pairs_consecutive_years_of_a_pilot() -> None:
    names = ["000", "001", "rindal_holtalen_hp2024.txt", "indre_namdal_hp2024.txt", "002"]
    results = [_doc(n) for n in names]
    links, checks = link_batch(results)
    ids = {n: _doc(n).document.doc_id for n in names}
    pairs = {(x.from_doc_id, x.to_doc_id) for x in links}
    assert pairs == {
        (ids["000"], ids["000"]),
        (ids["rindal_holtalen_hp2024.txt"], ids["000"]),
        (ids["indre_namdal_hp2024.txt"], ids["001"]),
    }
    assert all(isinstance(c, CheckRecord) for c in checks)
    assert all(x.evidence for x in links)
    assert {x.link for x in links} <= set(LINK_TYPES)


def test_deterministic() -> None:
    names = ["000", "001", "rindal_holtalen_hp2024.txt", "indre_namdal_hp2024.txt"]
    results = [_doc(n) for n in names]
    first = link_batch(results)
    assert link_batch(list(reversed(results))) == first
    assert link_batch(results) == first
    # Fresh conversions give the same rows too.
    fresh = [convert(_corpus("000")), convert(LINKS / "rindal_holtalen_hp2024.txt")]
    assert link_batch(fresh)[0] == [
        x for x in first[0] if x.to_doc_id == _doc("000").document.doc_id
    ]


def test_evaluate_counts_per_type() -> None:
    expected = [("1.1", "1.1", "continued"), ("1.2", "", "ended"), ("", "1.3", "new")]
    predicted = [
        {"from_tiltak_key": "1.1", "to_tiltak_key": "1.1", "link": "continued"},
        {"from_tiltak_key": "1.2", "to_tiltak_key": "1.3", "link": "revised"},
        {"from_tiltak_key": None, "to_tiltak_key": "1.3", "link": "new"},
    ]
    scores = evaluate(expected, predicted)
    assert scores["continued"] == (1.0, 1.0, 1)
    assert scores["ended"] == (1.0, 0.0, 1)
    assert scores["revised"] == (0.0, 1.0, 0)
    assert scores["new"] == (1.0, 1.0, 1)
    assert scores["all"] == (round(2 / 3, 4), round(2 / 3, 4), 3)


def test_import_is_light() -> None:
    code = (
        "import sys, normalize.matcher, hplan.eval_links; "
        "print(sorted(m for m in ('scipy', 'spacy', 'rapidfuzz') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"


def test_table_row_wording_is_a_title_variant() -> None:
    # The tiltak stage keeps the table wording in ``table_title``. 000's 6.2 is headed
    # "Kompetansekartlegging" but its table row (line 1915) and the status table say
    # "Sammenstille kunnskapsgrunnlag".
    (t,) = [t for t in _doc("000").tables["tiltak"] if t.tiltak_key == "6.2"]
    assert matcher._title_variants(t) == ["Kompetansekartlegging", "Sammenstille kunnskapsgrunnlag"]
