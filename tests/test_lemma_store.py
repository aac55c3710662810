"""The compact lemma store answers exactly as the tables it is built from."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from hplan.normalize.lemmas import (
    MemoryLemmaStore,
    SqliteLemmaStore,
    _read_source,
    _source_path,
    open_store,
)

# Forms chosen to cover every kind of lookup: a noun form, a verb-only form, a form that is
# both noun and verb ("kroner"), lemma-only words, non-alphabetic forms, unknown words.
SAMPLE = [
    "kommunene",
    "kroner",
    "planlegge",
    "planlegging",
    "boligene",
    "forsøk",
    "utdanning",
    "nettverk",
    "dialogmøte",
    "møtene",
    "bygde",
    "hus",
    "xqzv",
    "mobilitetstjenester",
    "2024",
    "næringsliv",
    "fordi",
    "opp",
    "følging",
]


@pytest.fixture(scope="module")
def tables() -> dict[str, dict[str, list[str]]]:
    return _read_source(_source_path())


@pytest.mark.slow
def test_store_answers_as_the_tables(tmp_path: Path, tables: dict) -> None:
    built = open_store(cache_dir=tmp_path)
    assert isinstance(built, SqliteLemmaStore)
    memory = MemoryLemmaStore(tables)
    for word in SAMPLE:
        assert built.lemma(word) == memory.lemma(word), word
        assert built.is_lemma(word) == memory.is_lemma(word), word
        assert built.is_word(word) == memory.is_word(word), word
    # Noun readings win over verb readings.
    assert built.lemma("kroner") == tables["noun"]["kroner"][0] == "krone"
    assert built.lemma("kommunene") == "kommune"
    assert built.is_word("forsøk") and not built.is_word("xqzv")


@pytest.mark.slow
def test_store_is_built_once_and_reused(tmp_path: Path) -> None:
    open_store(cache_dir=tmp_path)
    stores = list(tmp_path.glob("nb-lemmas-*.sqlite"))
    assert len(stores) == 1
    stamp = stores[0].stat().st_mtime_ns
    open_store(cache_dir=tmp_path).lemma("kommunene")
    assert stores[0].stat().st_mtime_ns == stamp
    assert not list(tmp_path.glob(".lemmas-*"))  # no temporary file left behind


def test_new_tables_give_a_new_store(tmp_path: Path) -> None:
    source = tmp_path / "nb_lemma_exc.json.gz"
    with gzip.open(source, "wt", encoding="utf-8") as fh:
        json.dump({"noun": {"hytter": ["hytte"]}, "verb": {"hytter": ["hytte_v"]}}, fh)
    store = open_store(source, cache_dir=tmp_path / "c")
    assert store.lemma("hytter") == "hytte"
    with gzip.open(source, "wt", encoding="utf-8") as fh:
        json.dump({"noun": {"hytter": ["hytta"]}}, fh)
    os.utime(source, ns=(1, 1))
    assert open_store(source, cache_dir=tmp_path / "c").lemma("hytter") == "hytta"


@pytest.mark.slow
def test_unwritable_cache_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = open_store(cache_dir=blocker / "sub")
    assert isinstance(store, MemoryLemmaStore)
    assert store.lemma("kommunene") == "kommune"
