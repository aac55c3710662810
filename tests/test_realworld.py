"""Documents hplan was not built on: the realworld set (tests/fixtures/realworld/).

The figures are pinned: a change that loses or adds a found item fails here, and
``hplan eval-realworld --errors`` says which.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hplan.eval_realworld import DEFAULT_DIR, evaluate_dir, score_amounts

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def scores():
    return evaluate_dir(DEFAULT_DIR)


def test_set_is_in_the_repo() -> None:
    assert len(list(DEFAULT_DIR.glob("*.meta.json"))) == 14
    assert len(list(DEFAULT_DIR.glob("*.txt"))) == 14


def test_pinned_figures(scores) -> None:
    pooled, per_doc = scores
    assert len(per_doc) == 14
    got = {f: (t.matched, t.found, t.expected) for f, t in pooled.items()}
    assert got == {"amounts": (45, 45, 45), "toc": (68, 68, 68), "tiltak": (3, 3, 3)}
    assert pooled["amounts"].agree == 44  # "inntil to millioner": the key keeps the qualifier
    assert pooled["toc"].agree == 68


def test_targets_of_the_issue(scores) -> None:
    pooled, _ = scores
    assert pooled["amounts"].recall >= 0.95 and pooled["amounts"].precision >= 0.98
    assert pooled["toc"].recall >= 0.9
    assert pooled["tiltak"].recall == 1.0


def test_matching_by_value_each_key_entry_once() -> None:
    class A:
        def __init__(self, amount: int | None, raw: str) -> None:
            self.amount_nok, self.raw, self.line = amount, raw, 1

    gold = [
        {"raw": "210 millioner", "amount_nok": 210_000_000},
        {"raw": "210 millioner kroner", "amount_nok": 210_000_000},
        {"raw": "kr", "amount_nok": None},
    ]
    t = score_amounts(gold, [A(210_000_000, "210 millioner kroner"), A(5, "kr 5")], "x")
    assert (t.matched, t.found, t.expected, t.agree) == (1, 2, 2, 1)
    assert t.misses == ["x: amount 210000000 '210 millioner'"]
    assert t.false_hits == ["x: amount 5 'kr 5' (line 1)"]


def test_command_prints_the_table_and_errors(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.txt").write_text("Kommunen får tre millioner kroner i 2026.\n", encoding="utf-8")
    (folder / "a.meta.json").write_text(
        '{"amounts": [{"raw": "tre millioner kroner", "amount_nok": 3000000},'
        ' {"raw": "kr 9", "amount_nok": 9}], "tiltak": null, "toc": null}',
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "hplan.cli", "eval-realworld", str(folder), "--errors"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "amounts               0.50      1.00  1 matched, 1 found, 2 expected" in proc.stdout
    assert "missed  a: amount 9 'kr 9'" in proc.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "hplan.cli", "eval-realworld", str(empty)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2 and "no <name>.meta.json" in proc.stderr
