"""Each stage's declared ``requires``/``assigns`` against what it really reads and adds.

Every stage is run on documents of each kind the pipeline meets (the corpus plans as text
dumps, a letter, a PDF with ruled tables) with the Document's attribute reads recorded and
its fields compared before and after, so a declaration that drifts from the code fails.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
from pathlib import Path
from typing import Any, ClassVar

import pytest
from helpers import corpus_path
from hplan.extract.ingest import load_document
from hplan.extract.pipeline import STAGES, Stage
from hplan.extract.settings import Settings
from hplan.models.document import Document, DocumentMeta

# Every stage may add checks and name the document (doc_id, from source); the line
# indexes are the Document's own cache; meta's fields are traced one by one.
_ANY_STAGE = {"checks", "_indexes", "source", "meta"}
_FIELDS = [f.name for f in dataclasses.fields(Document)]
_META = [f.name for f in dataclasses.fields(DocumentMeta)]


class _Reads:
    names: ClassVar[set[str]] = set()


class _TracedMeta(DocumentMeta):
    __slots__ = ()  # the same layout, so a DocumentMeta can take this class

    def __getattribute__(self, name: str) -> Any:
        if name in _META:
            _Reads.names.add(f"meta.{name}")
        return object.__getattribute__(self, name)


class _TracedDocument(Document):
    def __getattribute__(self, name: str) -> Any:
        if name in _FIELDS:
            _Reads.names.add(name)
        return object.__getattribute__(self, name)


def _traced(doc: Document) -> Document:
    traced = copy.copy(doc)
    traced.__class__ = _TracedDocument
    meta = copy.copy(doc.meta)
    meta.__class__ = _TracedMeta
    object.__setattr__(traced, "meta", meta)
    return traced


def _snapshot(doc: Document) -> dict[str, Any]:
    state = {
        name: copy.deepcopy(object.__getattribute__(doc, name))
        for name in _FIELDS
        if name not in ("meta", "source", "lines", "pages", "_indexes", "annotations")
    }
    meta = object.__getattribute__(doc, "meta")
    state |= {f"meta.{n}": object.__getattribute__(meta, n) for n in _META}
    return state


def _run(stage: Stage, doc: Document) -> tuple[set[str], set[str]]:
    module, func = stage.target.split(":")
    traced = _traced(doc)
    before = _snapshot(traced)
    _Reads.names = set()
    getattr(importlib.import_module(module), func)(traced, Settings())
    reads = set(_Reads.names)
    after = _snapshot(traced)
    written = {name for name in before if before[name] != after[name]}
    # Hand the document on as the real pipeline would.
    for name in _FIELDS:
        if name != "meta":
            object.__setattr__(doc, name, object.__getattribute__(traced, name))
    meta = object.__getattribute__(traced, "meta")
    for name in _META:
        setattr(doc.meta, name, object.__getattribute__(meta, name))
    return reads, written


def _documents(folder: Path) -> dict[str, Document]:
    from pdf_fixtures import sample_plan_pdf

    docs = {p: load_document(corpus_path(p)) for p in ("000", "001", "003", "004")}
    docs["pdf"] = load_document(sample_plan_pdf(folder / "plan.pdf"))
    # A regional plan whose measures are numbered lines under a goal (the measures stage).
    measures = folder / "naeringsplan.txt"
    measures.write_text(
        "Regional næringsplan for Nordfjella\n\n"
        "Innsatsområde 2: Attraktive lokalsamfunn for unge vaksne\n\n"
        "Tiltak 1 – Etablere eit kontorfellesskap i sentrum\n"
        "Tiltak 2 – Kartleggje ledige bustader i bygdene\n",
        encoding="utf-8",
    )
    docs["measures"] = load_document(measures)
    # A short plan with no budget tables: co-financing is looked for in its prose figures.
    short_plan = folder / "kortplan.txt"
    short_plan.write_text(
        "Handlingsplan 2025\nBygdevekstavtalen for Eksempelbygda\n\n"
        "Delmål 1: Flere boliger\n\n"
        "Kommunen bidrar med 200 000 kroner i egenandel, og fylkeskommunen med 100 000 kr.\n",
        encoding="utf-8",
    )
    docs["short_plan"] = load_document(short_plan)
    return docs


@pytest.fixture(scope="module")
def traces(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[set[str], set[str]]]:
    """Per stage, what it read and what it changed over all the documents."""
    reads: dict[str, set[str]] = {s.name: set() for s in STAGES}
    writes: dict[str, set[str]] = {s.name: set() for s in STAGES}
    for doc in _documents(tmp_path_factory.mktemp("stages")).values():
        for stage in STAGES:
            r, w = _run(stage, doc)
            reads[stage.name] |= r
            writes[stage.name] |= w
    return {name: (reads[name], writes[name]) for name in reads}


@pytest.mark.slow
@pytest.mark.parametrize("stage", STAGES, ids=[s.name for s in STAGES])
def test_a_stage_reads_what_it_requires_and_nothing_else(stage: Stage, traces: dict) -> None:
    reads, _ = traces[stage.name]
    declared = set(stage.requires)
    # A stage reads what it adds to as well (``doc.tiltak.append``).
    assert reads - declared - set(stage.assigns) - _ANY_STAGE == set(), "read, not required"
    assert declared - reads - _ANY_STAGE == set(), "required but never read"


@pytest.mark.slow
@pytest.mark.parametrize("stage", STAGES, ids=[s.name for s in STAGES])
def test_a_stage_adds_what_it_assigns_and_nothing_else(stage: Stage, traces: dict) -> None:
    _, written = traces[stage.name]
    declared = set(stage.assigns)
    assert written - declared - _ANY_STAGE == set(), "changed without being assigned"
    assert declared - written == set(), "assigned but never changed on any document"
