"""Scoring against documents hplan was not built on (``hplan eval-realworld``).

A folder in the realworld format holds ``<name>.txt`` texts, each with a
``<name>.meta.json`` answer key (``tests/fixtures/realworld/README.md``): ``amounts``,
``toc`` and ``tiltak``. Every text is converted with the ordinary pipeline and its tables
are compared with the key, per document, then pooled over the folder.

How a found row matches a key entry
-----------------------------------
* **Amounts** match by value: a found ``amount_nok`` matches one key entry of the same
  ``amount_nok`` in the same document, each used once (so the heading's "210 millioner"
  and the sentence's "210 millioner kroner" are two entries and need two finds). Pairs whose
  ``raw`` also agrees (white space and case ignored) are taken first, so the reported
  *raw agreement* counts how often the figure was cut where the key cuts it. Key entries
  without a value (a figure whose digits the source lost) expect nothing, and found figures
  without a value (garbled) are left out of precision but listed with ``--errors``.
* **Contents entries** match by title (case, white space, dot leaders and end punctuation
  ignored), each key entry used once; *page agreement* counts matched entries whose page
  (or missing page) is the key's.
* **Measures** match by number and title (the same normalisation); ``tiltak: null`` in a key
  means the text has no explicit measures, so anything found there is a false hit.

Precision is matched / found and recall matched / expected; with nothing found (or nothing
expected) the ratio is vacuous and reported as 1.0, with the counts beside it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "tests" / "fixtures" / "realworld"
FIELDS = ("amounts", "toc", "tiltak")


@dataclass
class Tally:
    """Matched, found and expected counts of one field, with what went wrong."""

    matched: int = 0
    found: int = 0
    expected: int = 0
    agree: int = 0  # matched pairs whose raw (amounts) or page (toc) agrees too
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    def add(self, other: Tally) -> None:
        self.matched += other.matched
        self.found += other.found
        self.expected += other.expected
        self.agree += other.agree
        self.misses += other.misses
        self.false_hits += other.false_hits


def _key(text: str | None) -> str:
    """Comparison form of a title or raw figure."""
    text = (text or "").replace("\u2010", "-").replace("–", "-").replace("—", "-")
    text = re.sub(r"\s*\.{2,}\s*", " ", text)
    return " ".join(text.split()).casefold().strip(" .:;,")


def score_amounts(gold: list[dict[str, Any]], found: list[Any], name: str) -> Tally:
    t = Tally()
    want = [g for g in gold if g.get("amount_nok") is not None]
    have = [a for a in found if a.amount_nok is not None]
    t.expected, t.found = len(want), len(have)
    left_w, left_h = list(range(len(want))), list(range(len(have)))
    for same_raw in (True, False):
        for wi in list(left_w):
            g = want[wi]
            for hi in left_h:
                a = have[hi]
                if a.amount_nok != g["amount_nok"]:
                    continue
                if same_raw and _key(a.raw) != _key(g["raw"]):
                    continue
                t.matched += 1
                t.agree += same_raw
                left_w.remove(wi)
                left_h.remove(hi)
                break
    t.misses = [f"{name}: amount {want[i]['amount_nok']} '{want[i]['raw']}'" for i in left_w]
    t.false_hits = [
        f"{name}: amount {have[i].amount_nok} '{have[i].raw}' (line {have[i].line})" for i in left_h
    ]
    t.false_hits += [
        f"{name}: garbled figure '{a.raw}' (line {a.line}), not scored"
        for a in found
        if a.amount_nok is None
    ]
    return t


def score_toc(gold: list[dict[str, Any]] | None, found: list[Any], name: str) -> Tally:
    t = Tally()
    want = gold or []
    t.expected, t.found = len(want), len(found)
    left = Counter(_key(e.title) for e in found)
    pages = {_key(e.title): e.page for e in found}
    for g in want:
        k = _key(g["title"])
        if left[k] > 0:
            left[k] -= 1
            t.matched += 1
            t.agree += pages.get(k) == g.get("page")
        else:
            t.misses.append(f"{name}: toc '{g['title']}' (page {g.get('page')})")
    for e in found:
        k = _key(e.title)
        if left[k] > 0:
            left[k] -= 1
            t.false_hits.append(f"{name}: toc {e.number or '-'} '{e.title}' (page {e.page})")
    return t


def score_tiltak(gold: list[dict[str, Any]] | None, found: list[Any], name: str) -> Tally:
    t = Tally()
    want = gold or []
    t.expected, t.found = len(want), len(found)
    left = Counter((str(r.tiltak_no), _key(r.title)) for r in found)
    for g in want:
        k = (str(g["number"]), _key(g["title"]))
        if left[k] > 0:
            left[k] -= 1
            t.matched += 1
        else:
            t.misses.append(f"{name}: tiltak {g['number']} '{g['title']}'")
    for r in found:
        k = (str(r.tiltak_no), _key(r.title))
        if left[k] > 0:
            left[k] -= 1
            t.false_hits.append(f"{name}: tiltak {r.tiltak_key} '{r.title}'")
    return t


PerDoc = dict[str, dict[str, Tally]]


def evaluate_dir(folder: Path | None = None) -> tuple[dict[str, Tally], PerDoc]:
    """Pooled tallies per field and per document; raises ValueError for an unusable folder."""
    from hplan.extract.pipeline import convert

    folder = folder or DEFAULT_DIR
    keys = sorted(folder.glob("*.meta.json"))
    if not keys:
        raise ValueError(f"{folder} holds no <name>.meta.json answer keys")
    pooled = {f: Tally() for f in FIELDS}
    per_doc: dict[str, dict[str, Tally]] = {}
    for key_path in keys:
        name = key_path.name.removesuffix(".meta.json")
        text = key_path.with_name(f"{name}.txt")
        if not text.is_file():
            raise ValueError(f"{key_path.name} has no text {text.name} beside it")
        gold = json.loads(key_path.read_text(encoding="utf-8"))
        tables = convert(text).tables
        doc = {
            "amounts": score_amounts(gold.get("amounts") or [], tables.get("amounts", []), name),
            "toc": score_toc(gold.get("toc"), tables.get("toc_entries", []), name),
            "tiltak": score_tiltak(gold.get("tiltak"), tables.get("tiltak", []), name),
        }
        per_doc[name] = doc
        for f in FIELDS:
            pooled[f].add(doc[f])
    return pooled, per_doc


LABELS = {"amounts": "amounts", "toc": "contents entries", "tiltak": "explicit measures"}
AGREE = {"amounts": "raw as in the key", "toc": "page as in the key", "tiltak": ""}


def render(pooled: dict[str, Tally], n_docs: int) -> str:
    rows = [f"{n_docs} documents", f"{'field':<18} {'recall':>7} {'precision':>9}  counts"]
    for f in FIELDS:
        t = pooled[f]
        extra = f", {t.agree}/{t.matched} {AGREE[f]}" if AGREE[f] else ""
        rows.append(
            f"{LABELS[f]:<18} {t.recall:7.2f} {t.precision:9.2f}  "
            f"{t.matched} matched, {t.found} found, {t.expected} expected{extra}"
        )
    return "\n".join(rows)


def error_lines(pooled: dict[str, Tally]) -> list[str]:
    out: list[str] = []
    for f in FIELDS:
        t = pooled[f]
        out += [f"missed  {m}" for m in t.misses]
        out += [f"false   {h}" for h in t.false_hits]
    return out


def run_eval(folder: Path | None = None, errors: bool = False) -> str:
    pooled, per_doc = evaluate_dir(folder)
    text = render(pooled, len(per_doc))
    if errors:
        lines = error_lines(pooled)
        text += "\n\n" + ("\n".join(lines) if lines else "no misses and no false hits")
    return text
