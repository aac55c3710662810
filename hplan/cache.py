"""Per-document result cache: re-running over a folder converts only what changed.

A document's rows depend on its bytes and on the pipeline's code and settings, so the
cache key is the file's SHA-256 inside a folder named by a fingerprint of the code of
``extract/``, ``normalize/`` and ``models/`` plus the settings that shape the output.
Change a file and only that file is converted again; change the code and everything is.
Because a cached result is the pickled result of the same function on the same bytes, a
re-run gives byte-identical tables to a full run (tested).

Failed conversions are never cached: the reason may be transient (a time limit, a file
still being written), and they are cheap to retry.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pickle
import shutil
import tempfile
from dataclasses import asdict
from functools import cache
from pathlib import Path

from hplan.extract.pipeline import DocResult, file_sha256
from hplan.extract.settings import Settings

CACHE_DIR_NAME = ".hplan-cache"
_PACKAGES = ("hplan.extract", "hplan.normalize", "hplan.models")


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
    digest.update(repr(sorted(shaping.items())).encode())
    return digest.hexdigest()[:16]


class ResultCache:
    def __init__(self, out_dir: Path, settings: Settings) -> None:
        self.root = Path(out_dir) / CACHE_DIR_NAME
        self.folder = self.root / fingerprint(settings)
        self.hits = 0
        self._pruned = False

    def get(self, path: Path) -> DocResult | None:
        sha = file_sha256(path)
        if sha is None:
            return None
        entry = self.folder / f"{sha}.pkl"
        try:
            with open(entry, "rb") as fh:
                result: DocResult = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # missing or unreadable entry: convert again
        # The same bytes may now stand under another name.
        result.document.source = os.fspath(path)
        self.hits += 1
        return result

    def put(self, result: DocResult) -> None:
        if result.document.status == "failed":
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if not self._pruned:
            self._forget_other_fingerprints()
            self._pruned = True
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.folder / f"{result.document.sha256}.pkl")

    def _forget_other_fingerprints(self) -> None:
        # Entries made by other code versions can never be hit again.
        for other in self.root.iterdir():
            if other.is_dir() and other != self.folder:
                shutil.rmtree(other, ignore_errors=True)
