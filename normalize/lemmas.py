"""The nb lemma tables as a compact on-disk store, built once and queried lazily.

spaCy's ``nb_lemma_exc`` tables ship as gzipped JSON: parsing them costs about a second of
CPU and 200 MB of memory in every process that lemmatizes. The store turns them, once per
version of the tables, into one SQLite file of three keyed tables (form → first lemma in
:data:`LEMMA_TABLE_ORDER`, the set of lemmas, the set of known words); a process then opens
it read-only and looks words up as it meets them, so a run pays for the words it reads,
not for the whole vocabulary.

Where the store cannot be written (a read-only home, no disk), the tables are built in
memory instead: same answers, the old cost.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import tempfile
from functools import cache
from pathlib import Path
from typing import Protocol

# Parts of speech of nb_lemma_exc tried in this order; the first table that knows a form
# wins. Nouns first: titles are mostly noun phrases ("Kompetansekartlegging", "Boligtiltak i
# distriktene"), so when a form is both a noun and a verb form ("kroner", "mål") the noun
# reading is the right one far more often.
LEMMA_TABLE_ORDER: tuple[str, ...] = ("noun", "verb", "adj", "adv")

# Bumped when the store's layout or what goes into it changes.
STORE_VERSION = 1

_SOURCE_NAME = "nb_lemma_exc.json.gz"
_CACHE_ENV = "HPLAN_CACHE_DIR"


def _source_path() -> Path:
    import spacy_lookups_data

    return Path(spacy_lookups_data.__file__).parent / "data" / _SOURCE_NAME


def _cache_dir() -> Path:
    configured = os.environ.get(_CACHE_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "hplan"


def _store_name(source: Path) -> str:
    stat = source.stat()
    key = f"{STORE_VERSION}|{source}|{stat.st_size}|{stat.st_mtime_ns}|{LEMMA_TABLE_ORDER}"
    return f"nb-lemmas-{hashlib.sha256(key.encode()).hexdigest()[:16]}.sqlite"


def _rows(tables: dict[str, dict[str, list[str]]]) -> tuple[dict[str, str], set[str], set[str]]:
    """(form → lemma by part-of-speech order, known lemmas, known alphabetic words)."""
    first: dict[str, str] = {}
    for pos in reversed(LEMMA_TABLE_ORDER):
        for form, lemmas in tables.get(pos, {}).items():
            if lemmas:
                first[form] = lemmas[0]
    lemmas = {lemma for table in tables.values() for found in table.values() for lemma in found}
    words = {w for w in lemmas if w.isalpha()}
    for table in tables.values():
        words.update(w for w in table if w.isalpha())
    return first, lemmas, words


def _read_source(source: Path) -> dict[str, dict[str, list[str]]]:
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        tables: dict[str, dict[str, list[str]]] = json.load(fh)
    return tables


def build_store(source: Path, target: Path) -> None:
    """Write the store for ``source`` at ``target``, atomically (temp file, then rename)."""
    first, lemmas, words = _rows(_read_source(source))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".lemmas-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        with sqlite3.connect(tmp) as db:
            db.execute("CREATE TABLE lemma (form TEXT PRIMARY KEY, lemma TEXT) WITHOUT ROWID")
            db.execute("CREATE TABLE known_lemma (word TEXT PRIMARY KEY) WITHOUT ROWID")
            db.execute("CREATE TABLE known_word (word TEXT PRIMARY KEY) WITHOUT ROWID")
            db.executemany("INSERT INTO lemma VALUES (?, ?)", sorted(first.items()))
            db.executemany("INSERT INTO known_lemma VALUES (?)", ((w,) for w in sorted(lemmas)))
            db.executemany("INSERT INTO known_word VALUES (?)", ((w,) for w in sorted(words)))
        db.close()
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class LemmaStore(Protocol):
    """Lookups in the lemma tables."""

    def lemma(self, form: str) -> str | None:
        """The first lemma of ``form`` in :data:`LEMMA_TABLE_ORDER`; None when unknown."""
        ...

    def is_lemma(self, word: str) -> bool:
        """Whether ``word`` is a lemma of any table."""
        ...

    def is_word(self, word: str) -> bool:
        """Whether ``word`` is an alphabetic form or lemma of any table."""
        ...


class SqliteLemmaStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._pid = -1
        self._db: sqlite3.Connection | None = None

    def _conn(self) -> sqlite3.Connection:
        # A connection must not cross a fork: worker processes open their own.
        if self._db is None or self._pid != os.getpid():
            self._db = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True)
            self._pid = os.getpid()
        return self._db

    def _one(self, sql: str, word: str) -> tuple[str, ...] | None:
        return self._conn().execute(sql, (word,)).fetchone()

    def lemma(self, form: str) -> str | None:
        row = self._one("SELECT lemma FROM lemma WHERE form = ?", form)
        return row[0] if row else None

    def is_lemma(self, word: str) -> bool:
        return self._one("SELECT 1 FROM known_lemma WHERE word = ?", word) is not None

    def is_word(self, word: str) -> bool:
        return self._one("SELECT 1 FROM known_word WHERE word = ?", word) is not None


class MemoryLemmaStore:
    def __init__(self, tables: dict[str, dict[str, list[str]]]) -> None:
        self._first, self._lemmas, self._words = _rows(tables)

    def lemma(self, form: str) -> str | None:
        return self._first.get(form)

    def is_lemma(self, word: str) -> bool:
        return word in self._lemmas

    def is_word(self, word: str) -> bool:
        return word in self._words


def open_store(source: Path | None = None, cache_dir: Path | None = None) -> LemmaStore:
    """The store for ``source`` (spaCy's nb tables by default), built on first use."""
    source = source or _source_path()
    target = (cache_dir or _cache_dir()) / _store_name(source)
    if not target.exists():
        try:
            build_store(source, target)
        except OSError:
            return MemoryLemmaStore(_read_source(source))
    return SqliteLemmaStore(target)


@cache
def store() -> LemmaStore:
    """The process's lemma store, opened on first use."""
    return open_store()
