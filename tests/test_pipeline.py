"""The stage machinery: declared needs, the order check, settings reaching the stages."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from helpers import corpus_path
from hplan.extract.ingest import load_document
from hplan.extract.pipeline import (
    STAGES,
    PipelineOrderError,
    Stage,
    check_order,
    process,
    run_stages,
)
from hplan.extract.settings import MetadataSettings, Settings
from hplan.models.document import Document, DocumentMeta


def test_the_pipeline_order_meets_every_declared_need() -> None:
    check_order(STAGES)  # raises if not


def test_every_declared_attribute_exists_on_the_document() -> None:
    names = {f.name for f in dataclasses.fields(Document)}
    meta = {f"meta.{f.name}" for f in dataclasses.fields(DocumentMeta)}
    for stage in STAGES:
        for attr in (*stage.requires, *stage.assigns):
            assert attr in names | meta, (stage.name, attr)


def test_budget_before_tiltak_is_refused_before_anything_runs() -> None:
    by_name = {s.name: s for s in STAGES}
    order = [by_name[n] for n in ("metadata", "structure", "budget", "tiltak", "amounts")]
    doc = load_document(corpus_path("000"))
    with pytest.raises(PipelineOrderError, match=r"'budget' requires tiltak.*tiltak: run it first"):
        run_stages(doc, order)
    # Refused before running: not even metadata has run.
    assert doc.meta.doc_type == "other" and not doc.delmal


def test_structure_without_metadata_is_refused() -> None:
    with pytest.raises(PipelineOrderError, match=r"meta\.doc_type"):
        check_order([s for s in STAGES if s.name != "metadata"])


def test_a_stage_listed_twice_is_refused() -> None:
    with pytest.raises(PipelineOrderError, match="twice"):
        check_order([STAGES[0], STAGES[0]])


def test_a_custom_stage_runs_with_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Settings] = []

    def note(doc: Document, settings: Settings) -> None:
        seen.append(settings)

    import sys
    import types

    module = types.ModuleType("hplan_test_stage")
    module.note = note  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "hplan_test_stage", module)
    settings = Settings(metadata=MetadataSettings(title_lines=2))
    doc = load_document(corpus_path("000"))
    crashed = run_stages(
        doc, [STAGES[0], Stage("note", "hplan_test_stage:note", requires=("meta.pilot",))], settings
    )
    assert crashed == [] and seen == [settings]


def test_metadata_reads_its_settings() -> None:
    # 000 is a handlingsplan by its title; with no line allowed to be the title it has no
    # plan title and no form markers, so it is "other". Its agreement period 2024-2027 is
    # refused when periods may span at most 2 years.
    default, _ = process(corpus_path("000"))
    assert default is not None and default.meta.doc_type == "handlingsplan"
    strict, _ = process(corpus_path("000"), Settings(metadata=MetadataSettings(title_lines=0)))
    assert strict is not None and strict.meta.doc_type == "other"
    assert default.meta.agreement_start == 2024
    narrow = Settings(
        metadata=MetadataSettings(
            agreement=dataclasses.replace(MetadataSettings().agreement, max_years=2)
        )
    )
    doc, _ = process(corpus_path("000"), narrow)
    assert doc is not None and doc.meta.agreement_start is None  # 2024-2027 is 3 years


def test_tiltak_years_follow_the_agreement_settings() -> None:
    # 001's "Hele avtaleperioden" is 2024-2027 with the agreement period found, and no
    # years when the period is refused (it spans more than max_years); the tiltak stage
    # does not search again with other settings.
    default, _ = process(corpus_path("001"))
    narrow, _ = process(
        corpus_path("001"), Settings().with_options(metadata={"agreement": {"max_years": 2}})
    )
    assert default is not None and narrow is not None
    whole = [t for t in default.tiltak if "avtaleperiode" in (t.tidsramme or "").lower()]
    assert whole and all((t.start_year, t.end_year) == (2024, 2027) for t in whole)
    keys = {t.tiltak_key for t in whole}
    assert all(t.start_year is None for t in narrow.tiltak if t.tiltak_key in keys)


def test_amounts_and_measures_read_their_settings(tmp_path: Path) -> None:
    # 000's contexts are cut to 120 characters by default and to 40 when asked; a measure
    # list under "Tiltak:" one line further down than list_head_gap allows is not read.
    default, _ = process(corpus_path("000"))
    short, _ = process(corpus_path("000"), Settings().with_options(amounts={"context_chars": 40}))
    assert default is not None and short is not None
    assert 40 < max(len(a.context) for a in default.amounts) <= 120
    assert max(len(a.context) for a in short.amounts) <= 40
    assert [a.amount_nok for a in short.amounts] == [a.amount_nok for a in default.amounts]
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "Handlingsplan 2025 for Eksempelbygda\n\nTiltak:\n\n\n"
        "1. Etablere et boligforum\n2. Kartlegge ledige tomter\n",
        encoding="utf-8",
    )
    near, _ = process(plan, Settings().with_options(measures={"list_head_gap": 3}))
    far, _ = process(plan)
    assert near is not None and [t.title for t in near.tiltak] == [
        "Etablere et boligforum",
        "Kartlegge ledige tomter",
    ]
    assert far is not None and far.tiltak == []


def test_structure_tiltak_and_budget_read_their_settings() -> None:
    # 001 has six chapters; two of their titles are longer than three words. With no
    # title score high enough, no table row of 000 finds its body section: all 26
    # sections stand alone. A placement search cut off at once claims nothing: 000's 30
    # cells placed by arithmetic become ambiguous.
    default001, _ = process(corpus_path("001"))
    short, _ = process(
        corpus_path("001"), Settings().with_options(structure={"max_chapter_words": 3})
    )
    assert default001 is not None and short is not None
    chapters = [[s for s in d.sections if s.kind == "chapter"] for d in (default001, short)]
    assert (len(chapters[0]), len(chapters[1])) == (6, 4)
    default, _ = process(corpus_path("000"))
    strict, _ = process(
        corpus_path("000"), Settings().with_options(tiltak={"min_row_section_score": 1000})
    )
    cut, _ = process(corpus_path("000"), Settings().with_options(budget={"max_search_nodes": 0}))
    assert default is not None and strict is not None and cut is not None
    alone = [c for c in strict.checks if c.check == "tiltak_only_in_body"]
    assert (len(default.tiltak), len(strict.tiltak), len(alone)) == (33, 59, 26)
    placed = [sorted({r.placement for r in d.budget_rows}) for d in (default, cut)]
    assert placed == [["arithmetic", "header"], ["ambiguous", "header"]]


def test_with_options_replaces_nested_sections_and_refuses_unknown_names() -> None:
    s = Settings().with_options(metadata={"title_lines": 3}, per_file_timeout_s=5)
    assert s.metadata.title_lines == 3 and s.metadata.title_block_lines == 12
    assert s.per_file_timeout_s == 5
    with pytest.raises(TypeError, match="unknown setting 'colour'"):
        Settings().with_options(colour="red")
    deep = Settings().with_options(metadata={"agreement": {"max_years": 2}})
    assert deep.metadata.agreement.max_years == 2 and deep.metadata.title_lines == 4
    assert type(deep.metadata.agreement).__name__ == "AgreementSettings"
    with pytest.raises(TypeError, match="unknown setting 'max_yrs' in AgreementSettings"):
        Settings().with_options(metadata={"agreement": {"max_yrs": 2}})
    with pytest.raises(ValueError, match="pdf_text_engine"):
        Settings(pdf_text_engine="ocr")
