"""docs/checks.md lists exactly the checks the code can emit, with their severities."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for d in ("extract", "normalize", "hplan", "models") for p in (ROOT / d).glob("*.py")]

# add_check("name", "severity", ...), ctx.check(...), CheckRecord(doc_id, "name", "severity", ...)
_EMIT = re.compile(
    r"(?:add_check|\.check|CheckRecord)\(\s*(?:[\w.\[\]]+,\s*)?"
    r"f?[\"']([a-z_{}]+)[\"']\s*,\s*[\"'](info|warning|error)[\"']"
)
# Budget grids name their sum checks after the table: _check_grid(doc, table, "budget").
_GRID_PREFIX = re.compile(r"_check_grid\(doc, table, \"([a-z]+)\"\)")


def _emitted() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in SOURCES:
        src = path.read_text(encoding="utf-8")
        prefixes = _GRID_PREFIX.findall(src)
        for name, severity in _EMIT.findall(src):
            names = [name.replace("{prefix}", p) for p in prefixes] if "{" in name else [name]
            for n in names:
                assert "{" not in n, f"{path.name}: check name {n} is built at run time"
                found[n] = severity
    return found


def _documented() -> dict[str, str]:
    rows = re.findall(
        r"^\| `([a-z_]+)` \| (info|warning|error) \|",
        (ROOT / "docs" / "checks.md").read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    return dict(rows)


def test_every_emitted_check_is_documented_with_its_severity() -> None:
    emitted, documented = _emitted(), _documented()
    assert len(emitted) >= 30  # the scan itself still finds the checks
    assert emitted == documented


def test_the_vocabulary_lists_every_check_with_its_severity() -> None:
    from hplan.normalize.vocab import CHECKS

    assert _documented() == CHECKS


def test_real_documents_only_emit_documented_checks(corpus_dataset) -> None:
    # The batch's checks: every document's and the links' across the corpus.
    names = {c.check for c in corpus_dataset.records["checks"]}
    assert names and names <= set(_documented())
