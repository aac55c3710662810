"""Per-document result cache: re-running over a folder converts only what changed.

A document's rows depend on its bytes, its file type and on the pipeline's code and
settings, so an entry is named by the file's SHA-256 and type inside a folder named by
a fingerprint of the code of ``extract/``, ``normalize/`` and ``models/`` plus the
settings that shape the output. Change a file and only that file is converted again;
change the code and everything is.

The cache sits in the output folder, which others may be able to write, so it holds
data only: each entry is JSON (the rows as lists of plain values, one list per
contract table), with a SHA-256 checksum of its content and the key it was written
for. Reading an entry parses JSON and checks every value against the record's column
types; nothing in it is ever executed or used to pick code. An entry that does not
parse, fails its checksum, was written for other bytes, or holds values of the wrong
shape is ignored: the file is converted again and an ``info`` check
(``cache_entry_ignored``) says why. Entries of older versions (pickles) are never read.

Failed conversions are never cached: the reason may be transient (a time limit, a file
still being written), and they are cheap to retry.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from hplan.extract.pipeline import DOC_TABLES, DocResult, extractor_of
from hplan.extract.settings import Settings
from hplan.models.records import CheckRecord, DocumentRecord, TiltakLinkRecord
from hplan.models.tables import TABLES, columns_of

CACHE_DIR_NAME = ".hplan-cache"
ENTRY_FORMAT = "hplan-cache/4"
_PACKAGES = ("hplan.extract", "hplan.normalize", "hplan.models")
_PY_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (float, int),
    "bool": (bool,),
}


@cache
def _code_digest() -> str:
    # Found through the imported packages, so the digest is the same from a source
    # checkout (folders beside hplan/) and from an installed wheel (folders inside it).
    digest = hashlib.sha256()
    for package in _PACKAGES:
        folder = Path(importlib.import_module(package).__path__[0])
        # The rule data (.toml) shapes the requirements table as much as the code does.
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".py", ".toml")):
            digest.update(f"{package}/{path.relative_to(folder).as_posix()}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(settings: Settings) -> str:
    """Code and output-shaping settings; the time limit and size limit only decide
    failures, which are not cached, so they are left out."""
    shaping = {
        k: v
        for k, v in asdict(settings).items()
        if k not in ("per_file_timeout_s", "max_file_bytes")
    }
    digest = hashlib.sha256(_code_digest().encode())
    digest.update(ENTRY_FORMAT.encode())
    digest.update(repr(sorted(shaping.items())).encode())
    return digest.hexdigest()[:16]


class BadEntry(ValueError):
    """A cache entry that cannot be trusted; the message says why."""


def _record_table(name: str) -> type:
    return CheckRecord if name == "checks" else TABLES[name].record


def _rows(record: type, rows: list[Any]) -> dict[str, Any]:
    names = [f.name for f in dataclasses.fields(record)]
    return {"columns": names, "rows": [[getattr(r, n) for n in names] for r in rows]}


def _payload(result: DocResult, key: dict[str, str]) -> dict[str, Any]:
    return {
        "key": key,
        "document": _rows(DocumentRecord, [result.document]),
        "tables": {
            name: _rows(_record_table(name), result.tables.get(name, [])) for name in DOC_TABLES
        },
        "tiltak_words": result.tiltak_words,
        "within": None
        if result.within is None
        else {
            "links": _rows(TiltakLinkRecord, result.within[0]),
            "checks": _rows(CheckRecord, result.within[1]),
        },
    }


def _canonical(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=True, sort_keys=True, separators=(",", ":")).encode()


def _build(record: type, block: Any, what: str) -> list[Any]:
    """Records from ``{"columns": [...], "rows": [[...]]}``, every value type-checked."""
    columns = columns_of(record)
    if not isinstance(block, dict) or block.get("columns") != [c.name for c in columns]:
        raise BadEntry(f"{what}: columns differ from this version's")
    rows = block.get("rows")
    if not isinstance(rows, list):
        raise BadEntry(f"{what}: no rows")
    out = []
    for row in rows:
        if not isinstance(row, list) or len(row) != len(columns):
            raise BadEntry(f"{what}: a row of the wrong length")
        for column, value in zip(columns, row, strict=True):
            allowed = _PY_TYPES[column.dtype]
            ok = (value is None and column.nullable) or (
                isinstance(value, allowed) and (column.dtype == "bool") == isinstance(value, bool)
            )
            if not ok:
                raise BadEntry(f"{what}.{column.name}: a value of the wrong type")
        out.append(record(*row))
    return out


def _result_from(payload: Any, key: dict[str, str]) -> DocResult:
    if not isinstance(payload, dict) or payload.get("key") != key:
        raise BadEntry("written for other bytes or another file type")
    documents = _build(DocumentRecord, payload.get("document"), "documents")
    if len(documents) != 1:
        raise BadEntry("documents: not one row")
    blocks = payload.get("tables")
    if not isinstance(blocks, dict) or set(blocks) != set(DOC_TABLES):
        raise BadEntry("tables differ from this version's")
    tables = {name: _build(_record_table(name), blocks[name], name) for name in DOC_TABLES}
    words = payload.get("tiltak_words")
    if not isinstance(words, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(w, str) for w in v)
        for k, v in words.items()
    ):
        raise BadEntry("tiltak_words: not lists of words")
    within = payload.get("within")
    made = None
    if within is not None:
        if not isinstance(within, dict):
            raise BadEntry("within: not links and checks")
        made = (
            _build(TiltakLinkRecord, within.get("links"), "within.links"),
            _build(CheckRecord, within.get("checks"), "within.checks"),
        )
    return DocResult(documents[0], tables, words, within=made, cached=True)


class ResultCache:
    """The cache of one output folder. Picklable (paths and the fingerprint only), so
    conversion workers look entries up and store them themselves."""

    def __init__(self, out_dir: Path, settings: Settings) -> None:
        self.root = Path(out_dir) / CACHE_DIR_NAME
        self.folder = self.root / fingerprint(settings)
        self.hits = 0

    def _entry(self, sha: str, file_type: str) -> Path:
        return self.folder / f"{sha}.{file_type}.json"

    @staticmethod
    def _key(sha: str, file_type: str) -> dict[str, str]:
        return {"sha256": sha, "file_type": file_type}

    def lookup(self, sha: str, path: Path) -> tuple[DocResult | None, str | None]:
        """(the cached rows of these bytes as this type of file, or None; why an entry
        there was ignored, or None)."""
        file_type = extractor_of(path)
        if file_type is None:
            return None, None
        entry = self._entry(sha, file_type)
        try:
            data = entry.read_bytes()
        except OSError:
            return None, None  # no entry: an ordinary miss
        key = self._key(sha, file_type)
        try:
            stored = json.loads(data)
            if not isinstance(stored, dict) or stored.get("format") != ENTRY_FORMAT:
                raise BadEntry("not an entry of this format")
            payload = stored.get("payload")
            checksum = hashlib.sha256(_canonical(payload)).hexdigest()
            if stored.get("sha256") != checksum:
                raise BadEntry("checksum mismatch")
            result = _result_from(payload, key)
        except (ValueError, TypeError, RecursionError) as err:  # JSON errors are ValueErrors
            reason = str(err) if isinstance(err, BadEntry) else "not valid JSON"
            return None, f"cache entry {entry.name} ignored ({reason}); converted again"
        # The same bytes may now stand under another name.
        result.document.source = os.fspath(path)
        return result, None

    def put(self, result: DocResult) -> None:
        doc = result.document
        file_type = extractor_of(doc.source)
        if doc.status == "failed" or file_type is None:
            return
        payload = _payload(result, self._key(doc.sha256, file_type))
        stored = {
            "format": ENTRY_FORMAT,
            "sha256": hashlib.sha256(_canonical(payload)).hexdigest(),
            "payload": payload,
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(_canonical(stored))
            os.replace(tmp, self._entry(doc.sha256, file_type))
        except OSError:
            pass  # a cache that cannot be written only costs time on the next run

    def prune(self) -> None:
        """Remove entries that can never be hit again: other code versions' folders
        (old pickles among them) and temporary files left by a killed run."""
        try:
            others = list(self.root.iterdir())
        except OSError:
            return
        for other in others:
            if other.is_dir() and not other.is_symlink() and other != self.folder:
                shutil.rmtree(other, ignore_errors=True)
            elif other != self.folder:
                other.unlink(missing_ok=True)
        if self.folder.is_dir():
            for stale in self.folder.glob("*.tmp"):
                stale.unlink(missing_ok=True)
