"""Evaluation of ``tiltak_links`` against labelled links (``hplan eval-links``).

The default labelled set ships inside the package (``hplan/data/links/``, found through
:mod:`importlib.resources`, so ``hplan eval-links`` works from an installed wheel) and is
listed in its ``pairs.json``; the other sets are in ``tests/fixtures/``:

* ``within``: a plan whose previous-year status tables were read by hand
  (``000_within.json``: corpus plan 000, every row of its 2024 status tables);
* ``pairs``: an older plan written as a test fixture (a HP2024 text dump in the corpus
  format, with reworded, reordered, renumbered, merged, split and dropped tiltak) and the
  real newer plan (data/raw/000 and 001); expected links in ``<pair>_expected.csv``.

A link is compared as the triple (from_tiltak_key, to_tiltak_key, link); ``review`` and
``score`` do not count. Per link type: precision = predicted links of that type that are
expected / predicted links of that type; recall = expected links of that type that were
predicted / expected links of that type. With nothing predicted (or nothing expected)
the ratio is vacuous and reported as 1.0; ``n`` says how many were expected.
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from hplan.normalize.vocab import LINK_TYPES

# Sets outside the package may name corpus files relative to a source checkout's root.
ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def default_fixtures() -> Iterator[Path]:
    """The labelled set shipped with hplan, as a folder on disk for as long as needed."""
    with resources.as_file(resources.files("hplan") / "data" / "links") as folder:
        yield Path(folder)


Triple = tuple[str, str, str]
Scores = dict[str, tuple[float, float, int]]


def _get(row: Any, name: str) -> Any:
    if isinstance(row, Mapping):
        return row.get(name)
    if isinstance(row, (tuple, list)):
        fields = ("from_tiltak_key", "to_tiltak_key", "link")
        return row[fields.index(name)] if name in fields else None
    return getattr(row, name, None)


def _triple(row: Any) -> Triple:
    return (_get(row, "from_tiltak_key") or "", _get(row, "to_tiltak_key") or "", _get(row, "link"))


def _triples(rows: Iterable[Any]) -> set[Triple]:
    return {_triple(r) for r in rows}


def evaluate(expected_rows: Iterable[Any], predicted_links: Iterable[Any]) -> Scores:
    """link type → (precision, recall, n expected); plus ``"all"`` over every type.

    Rows may be TiltakLinkRecords, dicts with from_tiltak_key / to_tiltak_key / link,
    or (from, to, link) tuples; an empty key and None are the same.
    """
    expected = _triples(expected_rows)
    predicted = _triples(predicted_links)
    out: Scores = {}
    types = [t for t in LINK_TYPES if any(x[2] == t for x in expected | predicted)]
    types += sorted({x[2] for x in expected | predicted} - set(LINK_TYPES))
    for link in [*types, "all"]:
        exp = {x for x in expected if link in ("all", x[2])}
        pred = {x for x in predicted if link in ("all", x[2])}
        hit = len(exp & pred)
        precision = hit / len(pred) if pred else 1.0
        recall = hit / len(exp) if exp else 1.0
        out[link] = (round(precision, 4), round(recall, 4), len(exp))
    return out


def _resolve(base: Path, name: str) -> Path:
    path = base / name
    return path if path.exists() else ROOT / name


def _read_expected(path: Path) -> list[Triple]:
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return [(a or "", b or "", c) for a, b, c in data["links"]]
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (r["from_tiltak_key"] or "", r["to_tiltak_key"] or "", r["link"])
            for r in csv.DictReader(fh)
        ]


def format_table(results: Mapping[str, Scores]) -> str:
    lines = [f"{'set':<18} {'link':<10} {'precision':>9} {'recall':>7} {'n':>4}"]
    for name, scores in results.items():
        for link, (p, r, n) in scores.items():
            lines.append(f"{name:<18} {link:<10} {p:>9.2f} {r:>7.2f} {n:>4}")
    return "\n".join(lines)


def format_errors(
    name: str, expected: Iterable[Triple], links: Iterable[Any], titles: Mapping[str, str]
) -> list[str]:
    """One line per wrong (predicted, not expected) and missed (expected, not predicted)
    link, with the titles of both tiltak and, for a wrong link, its score and evidence.

    ``titles`` maps "old:<key>" and "new:<key>" to tiltak titles.
    """
    exp = set(expected)
    predicted = {_triple(r): r for r in links}

    def label(a: str, b: str) -> str:
        old, new = titles.get("old:" + a, ""), titles.get("new:" + b, "")
        return f"{a or '-'} → {b or '-'}  [{old} | {new}]"

    out = []
    for t in sorted(set(predicted) - exp):
        row = predicted[t]
        why = f"score {_get(row, 'score')}: {_get(row, 'evidence')}"
        out.append(f"{name}: WRONG  {t[2]:<9} {label(t[0], t[1])}  {why}")
    for t in sorted(exp - set(predicted)):
        out.append(f"{name}: MISSED {t[2]:<9} {label(t[0], t[1])}")
    return out


def run_eval(
    fixtures_dir: Path | None = None, errors: list[str] | None = None
) -> tuple[str, dict[str, Scores]]:
    """Convert and link every labelled set; (printable table, set → scores).

    Sets: each ``within`` plan, each cross-document pair, and ``cross_document`` (all
    pairs pooled), which is the figure the ≥ 0.95 target refers to. When ``errors`` is a
    list, the wrong and missed links of every set are appended to it
    (:func:`format_errors`).
    """
    from hplan.extract.pipeline import convert
    from hplan.normalize.matcher import link_between, link_within

    if fixtures_dir is None:
        with default_fixtures() as folder:
            return run_eval(folder, errors)
    base = Path(fixtures_dir)
    manifest = json.loads((base / "pairs.json").read_text(encoding="utf-8"))
    results: dict[str, Scores] = {}
    for item in manifest.get("within", []):
        doc = convert(_resolve(base, item["doc"]))
        links, _ = link_within(doc)
        expected = _read_expected(base / item["expected"])
        results[item["name"]] = evaluate(expected, links)
        if errors is not None:
            errors += format_errors(item["name"], expected, links, _titles(doc, doc))
    pooled_exp: list[Triple] = []
    pooled_pred: list[Triple] = []
    for item in manifest.get("pairs", []):
        older = convert(_resolve(base, item["older"]))
        newer = convert(_resolve(base, item["newer"]))
        links, _ = link_between(older, newer)
        expected = _read_expected(base / item["expected"])
        results[item["name"]] = evaluate(expected, links)
        if errors is not None:
            errors += format_errors(item["name"], expected, links, _titles(older, newer))
        # Keys are only unique within a pair: prefix them for the pooled figure.
        pooled_exp += [(f"{item['name']}:{a}", f"{item['name']}:{b}", c) for a, b, c in expected]
        pooled_pred += [
            (f"{item['name']}:{a}", f"{item['name']}:{b}", c) for a, b, c in _triples(links)
        ]
    if manifest.get("pairs"):
        results["cross_document"] = evaluate(pooled_exp, pooled_pred)
    return format_table(results), results


def _titles(older: Any, newer: Any) -> dict[str, str]:
    out = {}
    for side, result in (("old", older), ("new", newer)):
        for t in result.tables.get("tiltak", []):
            out[f"{side}:{t.tiltak_key}"] = t.title
    if older is newer:  # within one plan the older side is the status table's rows
        for r in older.tables.get("previous_tiltak", []):
            out[f"old:{r.delmal_no}.{r.tiltak_no}"] = r.title
    return out


def main(fixtures_dir: Path | None = None) -> str:
    """The evaluation table as text (what ``hplan eval-links`` prints)."""
    table, _ = run_eval(fixtures_dir)
    return table


if __name__ == "__main__":  # pragma: no cover
    print(main())
