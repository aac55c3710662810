"""The built wheel: one import name, and the data the commands read at run time."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_wheel_installs_one_name_with_its_data(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--wheel-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "would be ignored" not in proc.stderr + proc.stdout
    (wheel,) = tmp_path.glob("hplan-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"hplan"}
    for module in (
        "hplan/extract/pipeline.py",
        "hplan/normalize/vocab.py",
        "hplan/models/records.py",
    ):
        assert module in names
    if shutil.which("cc"):
        # The optional C loop of the PDF reader (extract/_text_columns.c) is built.
        assert any(
            n.startswith("hplan/extract/_text_columns.") and n.endswith(".so") for n in names
        ), names
    # What the report, the requirements stage and eval-links read through importlib.resources.
    for data in (
        "hplan/messages.toml",
        "hplan/templates/document.html",
        "hplan/static/report.css",
        "hplan/extract/data/requirements.toml",
        "hplan/extract/data/allocations.toml",
        "hplan/data/links/pairs.json",
    ):
        assert data in names
