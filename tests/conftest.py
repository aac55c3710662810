"""Shared fixtures: the bundled corpus converted once per test run.

Converting the corpus is the expensive part of most tests, so it is done here, once per
session, and shared: ``corpus_docs`` (each corpus file taken through every stage, as the
``Document`` the stages built), ``corpus_out`` (``hplan run`` over the corpus, the real CLI
in a subprocess) and ``corpus_dataset`` (``hplan.convert_batch`` over the corpus). Tests must
not change these objects; a test that edits a document loads its own.

``--update-golden`` (or ``HPLAN_UPDATE_GOLDEN=1``) rewrites the golden tables in
``tests/golden/`` from the current code instead of comparing against them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import RAW, ROOT, corpus_path

CORPUS = ("000", "001", "002", "003", "004")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/ from the current code instead of comparing with it.",
    )


def update_golden_requested(config: pytest.Config) -> bool:
    return bool(config.getoption("--update-golden")) or os.environ.get(
        "HPLAN_UPDATE_GOLDEN", ""
    ).lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return update_golden_requested(request.config)


@pytest.fixture(scope="session")
def corpus_docs() -> dict[str, object]:
    """Prefix ("000" … "004") → the corpus file's Document after every stage."""
    from hplan.extract.pipeline import process

    out = {}
    for prefix in CORPUS:
        doc, result = process(corpus_path(prefix))
        assert doc is not None, result.document.error
        out[prefix] = doc
    return out


@pytest.fixture(scope="session")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder ``hplan run data/raw --out DIR`` wrote (with its result cache)."""
    out = tmp_path_factory.mktemp("corpus_out")
    proc = subprocess.run(
        [sys.executable, "-m", "hplan.cli", "run", str(RAW), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="session")
def corpus_dataset() -> Iterator[object]:
    """``hplan.convert_batch`` over the corpus folder, as ``hplan run`` is given it."""
    import hplan

    yield hplan.convert_batch([RAW])
