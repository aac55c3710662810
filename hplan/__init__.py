"""hplan: Norwegian bygdevekst handlingsplaner (text dumps and PDFs) → clean, linked tables.

``hplan.convert(path)`` converts one file, ``hplan.convert_batch(paths)`` a batch with links
across years; both give the contract's tables as pandas DataFrames (see :mod:`hplan.api`).
The API is imported on first use, so ``import hplan`` (and ``hplan --help``) stay fast.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("hplan")
except PackageNotFoundError:  # pragma: no cover - running from an uninstalled checkout
    __version__ = "0+unknown"

if TYPE_CHECKING:  # pragma: no cover - typing only
    from hplan.api import Dataset, Result, convert, convert_batch
    from hplan.extract.settings import Settings

_LAZY = {
    "convert": "hplan.api",
    "convert_batch": "hplan.api",
    "Result": "hplan.api",
    "Dataset": "hplan.api",
    "Settings": "hplan.extract.settings",
}

__all__ = ["Dataset", "Result", "Settings", "__version__", "convert", "convert_batch"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'hplan' has no attribute {name!r}")
