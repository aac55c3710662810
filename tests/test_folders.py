"""Folders as people have them: other files beside the plans, output inside the input."""

from __future__ import annotations

from pathlib import Path

from hplan.batch import collect_inputs


def test_other_types_in_a_folder_are_skipped_and_counted(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    (folder / "2025").mkdir(parents=True)
    (folder / "a.txt").write_text("Handlingsplan 2025\n", encoding="utf-8")
    (folder / "2025" / "b.PDF").write_bytes(b"%PDF-1.4")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    (folder / "budget.xlsx").write_bytes(b"PK")
    (folder / "2025" / "README.md").write_text("notes", encoding="utf-8")
    (folder / ".hidden.txt").write_text("x", encoding="utf-8")
    skipped: list[Path] = []
    paths = collect_inputs([folder], skipped=skipped)
    assert [p.relative_to(folder).as_posix() for p in paths] == ["2025/b.PDF", "a.txt"]
    assert sorted(p.name for p in skipped) == ["README.md", "budget.xlsx", "notes.json"]


def test_a_file_named_explicitly_is_kept_to_fail_with_its_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes.json"
    notes.write_text("{}", encoding="utf-8")
    skipped: list[Path] = []
    assert collect_inputs([notes], skipped=skipped) == [notes]
    assert skipped == []


def test_output_folder_inside_the_input_is_never_read_back(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    (folder / "out").mkdir(parents=True)
    (folder / "a.txt").write_text("Handlingsplan 2025\n", encoding="utf-8")
    (folder / "out" / "tiltak.csv").write_text("doc_id\n", encoding="utf-8")
    (folder / "out" / "old.txt").write_text("a text written there earlier\n", encoding="utf-8")
    skipped: list[Path] = []
    paths = collect_inputs([folder], exclude=folder / "out", skipped=skipped)
    assert paths == [folder / "a.txt"]
    assert skipped == []
