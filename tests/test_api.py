"""The Python API (hplan.convert, hplan.convert_batch) and the golden tables of the corpus."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, update_golden_requested
from helpers import RAW, ROOT, corpus_path
from hplan.models.tables import TABLES

import hplan
from hplan import batch
from hplan.output import csv_bytes, sorted_rows

GOLDEN = ROOT / "tests" / "golden"


def test_version_is_the_installed_distributions() -> None:
    from importlib.metadata import version

    assert hplan.__version__ == version("hplan")


def test_import_hplan_stays_light() -> None:
    code = "import sys, hplan; hplan.__version__; print('pdfplumber' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "False", proc.stderr


def test_convert_gives_the_document_and_typed_frames() -> None:
    result = hplan.convert(corpus_path("000"))
    assert result.status == "ok" and result.error is None
    assert result.document is not None and result.document.meta.pilot == "Rindal og Holtålen"
    assert list(result.tables) == list(TABLES)
    for name, spec in TABLES.items():
        frame = result.tables[name]
        assert list(frame.columns) == spec.column_names, name
    tiltak = result.tables["tiltak"]
    assert str(tiltak["budget_nok"].dtype) == "Int64" and str(tiltak["ended"].dtype) == "boolean"
    assert str(tiltak["title"].dtype) == "string"
    assert len(tiltak) == 33 and tiltak["budget_nok"].isna().sum() < len(tiltak)
    # The plan's own status tables give its links, as a batch of this file alone does.
    assert len(result.tables["tiltak_links"]) == 31
    row = result.tables["tiltak"].set_index("tiltak_key").loc["1.1"]
    assert row["title"] == "Strategi for bruk av virkemidler i lokal boligutvikling"


def test_convert_takes_settings_by_name(tmp_path: Path) -> None:
    small = hplan.convert(corpus_path("000"), max_file_bytes=50_000)
    assert small.status == "failed" and small.document is None
    assert "over the 48.8 kB size limit" in (small.error or "")
    assert small.tables["checks"]["check"].tolist() == ["ingest"]
    with pytest.raises(TypeError, match="unknown setting 'colour'"):
        hplan.convert(corpus_path("000"), colour="red")


def test_convert_never_raises_for_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = hplan.convert(path)
    assert (result.status, result.error) == ("failed", "empty file (0 bytes)")
    assert len(result.tables["documents"]) == 1 and result.tables["tiltak"].empty


def test_dataset_tables_include_links(corpus_dataset) -> None:
    tables = corpus_dataset.tables
    assert len(tables["documents"]) == 5 and len(tables["tiltak_links"]) == 31
    assert corpus_dataset.summary()["ok"] == 5


@pytest.mark.slow
def test_dataset_write_equals_hplan_run(corpus_dataset, corpus_out: Path, tmp_path: Path) -> None:
    import duckdb

    out = tmp_path / "api"
    counts = corpus_dataset.write(out)
    assert counts["tiltak"] == 57
    for name in TABLES:
        for suffix in (".csv", ".parquet"):
            a = (out / f"{name}{suffix}").read_bytes()
            b = (corpus_out / f"{name}{suffix}").read_bytes()
            assert a == b, name + suffix
    # DuckDB files carry their own page layout; their tables are the same.
    mine = duckdb.connect(str(out / "handlingsplaner.duckdb"), read_only=True)
    cli = duckdb.connect(str(corpus_out / "handlingsplaner.duckdb"), read_only=True)
    try:
        for name in TABLES:
            query = f'SELECT * FROM "{name}" ORDER BY ALL'
            assert mine.execute(query).fetchall() == cli.execute(query).fetchall(), name
    finally:
        mine.close()
        cli.close()


@pytest.mark.slow
def test_dataset_report(corpus_dataset, tmp_path: Path) -> None:
    pages = corpus_dataset.report(tmp_path / "report")
    assert pages[0].name == "index.html" and len(pages) == 6
    assert "Rindal og Holtålen" in pages[0].read_text(encoding="utf-8")


def test_convert_batch_with_a_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for prefix in ("002", "004"):
        (folder / corpus_path(prefix).name).write_bytes(corpus_path(prefix).read_bytes())
    first = hplan.convert_batch(folder, cache_dir=tmp_path / "cache")

    def no_worker(*args: object, **kwargs: object) -> None:
        raise AssertionError("a fully cached batch started conversion workers")

    # Every file is looked up before any worker starts: the re-run only links and writes.
    monkeypatch.setattr(batch, "_run_isolated", no_worker)
    again = hplan.convert_batch([folder], cache_dir=tmp_path / "cache")
    assert (first.cache_hits, again.cache_hits) == (0, 2)
    assert (tmp_path / "cache" / ".hplan-cache").is_dir()
    for name in TABLES:
        assert first.tables[name].equals(again.tables[name]), name
    with pytest.raises(ValueError, match="executor"):
        hplan.convert_batch(folder, executor="spark")


def test_packaged_link_fixtures_are_the_corpus_plans() -> None:
    from hplan.eval_links import default_fixtures

    with default_fixtures() as folder:
        for prefix in ("000", "001"):
            packaged = folder / corpus_path(prefix).name
            assert packaged.read_bytes() == corpus_path(prefix).read_bytes()


# --- golden tables: every table of every corpus document ---------------------------------


def _golden_tables(dataset) -> dict[tuple[str, str], bytes]:
    """(prefix, table) → the CSV bytes of that document's rows, with its source relative
    to the repository (so the files do not depend on where the checkout is)."""
    prefix_of = {r.document.doc_id: Path(r.document.source).name[:3] for r in dataset.results}
    out = {}
    for name, spec in TABLES.items():
        key = "to_doc_id" if name == "tiltak_links" else "doc_id"
        rows = sorted_rows(spec, dataset.records[name])
        if name == "documents":
            rows = [
                dataclasses.replace(r, source=Path(r.source).relative_to(ROOT).as_posix())
                for r in rows
            ]
        for doc_id, prefix in prefix_of.items():
            mine = [r for r in rows if getattr(r, key) == doc_id]
            out[(prefix, name)] = csv_bytes(spec, mine)
    return out


def test_golden_tables(corpus_dataset, update_golden: bool) -> None:
    assert [Path(r.document.source).name[:3] for r in corpus_dataset.results] == list(CORPUS)
    assert all(Path(r.document.source).parent == RAW for r in corpus_dataset.results)
    tables = _golden_tables(corpus_dataset)
    if update_golden:
        for (prefix, name), data in tables.items():
            path = GOLDEN / prefix / f"{name}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        pytest.skip("golden tables rewritten; review them with git diff tests/golden/")
    differ = [
        f"{prefix}/{name}.csv"
        for (prefix, name), data in tables.items()
        if not (GOLDEN / prefix / f"{name}.csv").exists()
        or (GOLDEN / prefix / f"{name}.csv").read_bytes() != data
    ]
    assert not differ, (
        "tables differ from tests/golden/ (if the change is intended, rerun with "
        f"--update-golden and review the diff): {', '.join(differ)}"
    )


def test_golden_update_is_never_on_in_ci(request: pytest.FixtureRequest) -> None:
    if os.environ.get("CI", "").lower() == "true":
        assert not update_golden_requested(request.config), (
            "--update-golden / HPLAN_UPDATE_GOLDEN is on in CI: golden tables would be "
            "rewritten instead of checked"
        )


@pytest.mark.slow
def test_the_ci_guard_fails_when_the_flag_is_on(tmp_path: Path) -> None:
    env = {**os.environ, "CI": "true", "HPLAN_UPDATE_GOLDEN": "1"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{Path(__file__)}::test_golden_update_is_never_on_in_ci",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 1 and "is on in CI" in proc.stdout


@pytest.mark.slow
def test_convert_batch_from_a_script_without_a_main_guard_and_from_stdin(tmp_path: Path) -> None:
    """Workers never run the caller's script again: a notebook-style script that calls
    convert_batch at top level converts its batch once, and so does ``python -``."""
    script = tmp_path / "analysis.py"
    script.write_text(
        "import hplan\n"
        f"data = hplan.convert_batch([{str(corpus_path('004'))!r}], jobs=2)\n"
        "print('converted', data.count('ok'), data.count('failed'))\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["converted 1 0"]
    piped = subprocess.run(
        [sys.executable, "-"],
        input=script.read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.splitlines() == ["converted 1 0"] and "Traceback" not in piped.stderr
    pytest.importorskip("dask.distributed")
    on_dask = tmp_path / "on_dask.py"
    on_dask.write_text(
        script.read_text(encoding="utf-8").replace("jobs=2)", "jobs=1, executor='dask')"),
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, str(on_dask)], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["converted 1 0"]
