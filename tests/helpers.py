"""Shared test helpers: where the corpus lives and how to load a corpus document."""

from __future__ import annotations

from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
SHARED = ROOT.parent / "shared"


def corpus_path(prefix: str) -> Path:
    """The bundled corpus file whose name starts with ``prefix`` ("000" … "004")."""
    (path,) = sorted(RAW.glob(f"{prefix}_*.txt"))
    return path


@cache
def raw_lines(prefix: str) -> tuple[str, ...]:
    return tuple(corpus_path(prefix).read_text(encoding="utf-8").split("\n"))
