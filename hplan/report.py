"""HTML review report over a dataset written by ``hplan run``: the officer's first pass.

:func:`write_report` reads the tables of a dataset folder (the Parquet files, or the CSVs
when a Parquet file is missing) and writes into an output folder:

* ``<doc_id>.html`` per document. A handlingsplan's page opens with KDD's requirements and
  their verdicts (``requirements``), each linked to the source lines it rests on (its
  ``refs`` column); then the plan's own inconsistencies; then, apart and smaller, where
  hplan is unsure of what it read. The two groups of ``checks`` are told apart by check
  name only (:data:`CHECK_GROUPS`). Then "Endringer fra i fjor" from ``tiltak_links``, the
  tiltak per delmål, last year's tiltak, the budget tables, every amount, and the source
  text with line anchors (``#L123``; ``#P5-L12`` for PDFs, whose lines restart per page)
  and every amount ``<mark>``-ed.
* ``index.html``: the plans with their verdict counts, then the other documents.

The pages are built from Jinja2 templates (``hplan/templates``) with the CSS in
``hplan/static/report.css``, inlined so each page is self-contained; the words come from
one message catalogue (``hplan/messages.toml``), bokmål by default and English with
``lang="en"``. Provenance comes from the tables' page and line columns; the source file is
re-read only to show its text. The same dataset gives byte-identical pages.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from hplan.models.tables import TABLES

LANGS = ("nb", "en")
VERDICT_ORDER = ("not_met", "unclear", "met")

# Every check name, in one of two groups: "plan" — the plan disagrees with itself or is
# malformed (an officer asks the pilot); "reading" — hplan could not read something with
# certainty (an officer checks hplan's figure against the plan). Names not listed count as
# "reading". docs/checks.md explains each check; a test keeps both lists in step.
CHECK_GROUPS: dict[str, str] = {
    "delmal_count_mismatch": "plan",
    "toc_missing_in_body": "plan",
    "toc_page_mismatch": "plan",
    "toc_title_mismatch": "plan",
    "heading_missing_in_toc": "plan",
    "tiltak_repeated_row": "plan",
    "tiltak_budget_conflict": "plan",
    "garbled_amount": "plan",
    "budget_row_sum": "plan",
    "budget_column_sum": "plan",
    "allocation_row_sum": "plan",
    "allocation_column_sum": "plan",
    "overview_total": "plan",
    "budget_period_vs_year": "plan",
    "tiltak_vs_budget": "plan",
    "tiltak_link_target_missing": "plan",
    "table_unit_mismatch": "plan",
    "ingest": "reading",
    "page_without_text": "reading",
    "ocr_pages": "reading",
    "stage": "reading",
    "duplicate_input": "reading",
    "cache_entry_ignored": "reading",
    "table_unread": "reading",
    "table_unit_from_header": "reading",
    "table_unit_inferred": "reading",
    "tiltak_row": "reading",
    "tiltak_number": "reading",
    "tiltak_only_in_body": "reading",
    "status_row": "reading",
    "status_unknown": "reading",
    "budget_placement": "reading",
    "budget_memo_row": "reading",
    "tiltak_link_review": "reading",
    "tiltak_link_no_status": "reading",
    "tiltak_link_unresolved": "reading",
    "tiltak_link_status_row_unmatched": "reading",
    "tiltak_link_years": "reading",
    "tiltak_link_theme": "reading",
    "tiltak_link_duplicate_plan": "reading",
    "tiltak_link_year_gap": "reading",
}
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


# --- reading the dataset -------------------------------------------------------------


def _convert(value: Any, dtype: str | None) -> Any:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if dtype == "int":
        return int(float(value))
    if dtype == "float":
        return float(value)
    if dtype == "bool":
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)
    if dtype == "str":
        return str(value)
    return value.item() if hasattr(value, "item") else value


def read_table(data_dir: Path, name: str) -> pd.DataFrame:
    """One table of a dataset as a DataFrame (Parquet, else CSV, else empty)."""
    spec = TABLES.get(name)
    columns = spec.column_names if spec else []
    parquet = data_dir / f"{name}.parquet"
    csv = data_dir / f"{name}.csv"
    if parquet.is_file():
        df = pd.read_parquet(parquet)
    elif csv.is_file():
        df = pd.read_csv(csv, dtype=str, keep_default_na=False, na_values=[""])
    else:
        df = pd.DataFrame(columns=columns)
    for col in columns:
        if col not in df.columns:
            df[col] = None
    return df


def records(df: pd.DataFrame, name: str) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values (None for null), typed by the table spec."""
    spec = TABLES.get(name)
    dtypes = {c.name: c.dtype for c in spec.columns} if spec else {}
    cols = list(df.columns)
    return [
        {c: _convert(v, dtypes.get(c)) for c, v in zip(cols, row, strict=True)}
        for row in df.astype(object).itertuples(index=False, name=None)
    ]


@dataclass
class Dataset:
    rows: dict[str, list[dict[str, Any]]]

    def of(self, table: str, doc_id: str, key: str = "doc_id") -> list[dict[str, Any]]:
        return [r for r in self.rows[table] if r.get(key) == doc_id]


def load_dataset(data_dir: Path) -> Dataset:
    return Dataset({name: records(read_table(data_dir, name), name) for name in TABLES})


# --- words and formatting --------------------------------------------------------------


@cache
def catalogue() -> dict[str, Any]:
    return tomllib.loads(resources.files("hplan").joinpath("messages.toml").read_text("utf-8"))


@cache
def stylesheet() -> str:
    return resources.files("hplan").joinpath("static", "report.css").read_text("utf-8")


class Words:
    """The catalogue in one language: ``words("text.review")``, with placeholders."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
        self.lang = lang

    def __call__(self, key: str, **values: Any) -> str:
        entry: Any = catalogue()
        for part in key.split("."):
            entry = entry[part]
        return entry[self.lang].format(**values)


def fmt_nok(value: Any) -> str:
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", "\u202f") + "\u00a0kr"


def num_key(value: Any) -> tuple[int, int, str]:
    text = str(value or "")
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def dotted_key(value: Any) -> tuple[tuple[int, int, str], ...]:
    return tuple(num_key(p) for p in str(value or "").split("."))


def slug(value: Any) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(value)).strip("-") or "x"


def tiltak_anchor(key: Any) -> str:
    return f"t-{slug(str(key).replace('.', '-'))}"


# --- the source text -----------------------------------------------------------------


@dataclass
class Span:
    start: int
    end: int
    seq: int | None
    first: bool  # the first (or only) part of the figure: carries the anchor
    title: str
    kind: str


@dataclass
class Source:
    """The re-read source of one document, with the amounts to mark."""

    lines: list[Any] = field(default_factory=list)  # models.document.Line
    pdf: bool = False
    problem: str | None = None  # why the source is not shown
    warning: str | None = None  # shown, but with a caveat
    by_ref: dict[tuple[int | None, int], int] = field(default_factory=dict)
    spans: dict[int, list[Span]] = field(default_factory=lambda: defaultdict(list))
    located: dict[int, bool] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return self.problem is None

    def index_of(self, page: int | None, line: int | None) -> int | None:
        if line is None or not self.available:
            return None
        return self.by_ref.get((page if self.pdf else None, line))

    def anchor(self, page: int | None, line: int | None) -> str | None:
        """The id of a source line, or None when there is no such line on the page."""
        i = self.index_of(page, line)
        if i is None:
            return None
        ln = self.lines[i]
        return f"P{ln.page}-L{ln.line}" if self.pdf else f"L{ln.line}"


def _resolve_source(source: str, data_dir: Path) -> Path | None:
    p = Path(source)
    candidates = [p] if p.is_absolute() else [p, data_dir / p, data_dir.parent / p]
    if not p.is_absolute():
        candidates += [parent / p for parent in data_dir.resolve().parents]
    return next((c for c in candidates if c.is_file()), None)


def load_source(doc: dict[str, Any], data_dir: Path) -> Source:
    source = doc.get("source")
    if not source:
        return Source(problem="the dataset names no source file for this document")
    path = _resolve_source(source, data_dir)
    if path is None:
        return Source(problem=f"the source file {source} is gone (not found)")
    from hplan.extract.ingest import IngestError, load_document  # heavy only when used

    try:
        document = load_document(path)
    except IngestError as err:
        return Source(problem=f"the source file {source} cannot be read again: {err}")
    src = Source(lines=list(document.lines), pdf=document.source.extractor == "pdf")
    for i, ln in enumerate(src.lines):
        src.by_ref[(ln.page if src.pdf else None, ln.line)] = i
    sha = doc.get("sha256")
    if sha and document.source.sha256 != sha:
        src.warning = (
            f"the source file {source} has changed since the dataset was written: "
            "line numbers and marks may be off"
        )
    return src


def _flex_pattern(raw: str) -> re.Pattern[str]:
    chars = [re.escape(c) for c in raw if not c.isspace()]
    return re.compile(r"\s*".join(chars))


def _free(spans: list[Span], start: int, end: int) -> bool:
    return all(end <= s.start or start >= s.end for s in spans)


def _find_free(text: str, raw: str, spans: list[Span]) -> tuple[int, int] | None:
    pos = 0
    while (at := text.find(raw, pos)) >= 0:
        if _free(spans, at, at + len(raw)):
            return at, at + len(raw)
        pos = at + 1
    if raw.strip():
        for m in _flex_pattern(raw).finditer(text):
            if m.end() > m.start() and _free(spans, m.start(), m.end()):
                return m.start(), m.end()
    return None


def _next_nonblank(lines: list[Any], i: int, limit: int = 3) -> int | None:
    for j in range(i + 1, min(len(lines), i + 1 + limit)):
        if lines[j].text.strip():
            return j
    return None


def mark_amounts(src: Source, amounts: list[dict[str, Any]]) -> None:
    """Find each amount's raw text in its line (or split over two lines) and keep spans."""
    if not src.available:
        return
    for a in sorted(amounts, key=lambda r: r.get("seq") or 0):
        seq, raw = a.get("seq"), a.get("raw") or ""
        i = src.index_of(a.get("page"), a.get("line"))
        title = " · ".join(
            x
            for x in (
                fmt_nok(a.get("amount_nok")) or "?",
                a.get("kind") or "",
                a.get("qualifier") or "",
                f"tiltak {a['tiltak_key']}" if a.get("tiltak_key") else "",
            )
            if x
        )
        kind = a.get("kind") or "other"
        found = False
        if i is not None and raw:
            text = src.lines[i].text
            hit = _find_free(text, raw, src.spans[i])
            if hit:
                src.spans[i].append(Span(hit[0], hit[1], seq, True, title, kind))
                found = True
            elif " " in raw:
                found = _mark_split(src, i, raw, seq, title, kind)
        if seq is not None:
            src.located[seq] = found


def _mark_split(src: Source, i: int, raw: str, seq: Any, title: str, kind: str) -> bool:
    """A figure wrapped over two lines ("1 800" / "000"): mark both parts."""
    j = _next_nonblank(src.lines, i)
    head_text = src.lines[i].text.rstrip()
    for k in (m.start() for m in re.finditer(" ", raw)):
        part1, part2 = raw[:k].strip(), raw[k + 1 :].strip()
        if not part1 or not part2 or j is None or not head_text.endswith(part1):
            continue
        tail_text = src.lines[j].text
        lead = len(tail_text) - len(tail_text.lstrip())
        if not tail_text.lstrip().startswith(part2):
            continue
        s1 = (len(head_text) - len(part1), len(head_text))
        s2 = (lead, lead + len(part2))
        if _free(src.spans[i], *s1) and _free(src.spans[j], *s2):
            src.spans[i].append(Span(*s1, seq, True, title, kind))
            src.spans[j].append(Span(*s2, seq, False, title, kind))
            return True
    return False


def segments(text: str, spans: list[Span]) -> list[tuple[str, Span | None]]:
    """A line cut into plain text and marked amounts, for the template to render."""
    out: list[tuple[str, Span | None]] = []
    pos = 0
    for s in sorted(spans, key=lambda s: s.start):
        if s.start > pos:
            out.append((text[pos : s.start], None))
        out.append((text[s.start : s.end], s))
        pos = s.end
    if pos < len(text):
        out.append((text[pos:], None))
    return out


# --- what a page shows -----------------------------------------------------------------


@dataclass
class Ref:
    page: int | None
    line: int
    anchor: str | None


class PageContext:
    """Per-document helpers handed to the template."""

    def __init__(self, src: Source, words: Words) -> None:
        self.src = src
        self.words = words

    def ref(self, page: Any, line: Any) -> Ref | None:
        if line is None:
            return None
        return Ref(page, int(line), self.src.anchor(page, line))

    def ref_label(self, ref: Ref) -> str:
        if ref.page is None:
            return self.words("text.ref_line", line=ref.line)
        return self.words("text.ref", page=ref.page, line=ref.line)

    def refs(self, text: str | None) -> list[Ref]:
        """The ``refs`` column: 'page:line; page:line' (structured, not parsed prose)."""
        out = []
        for item in (text or "").split(";"):
            page, _, line = item.strip().partition(":")
            if line.strip():
                ref = self.ref(int(page) if page.strip() else None, int(line))
                if ref is not None:
                    out.append(ref)
        return out


def verdict_counts(reqs: list[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(r.get("verdict") for r in reqs)
    return {v: counts.get(v, 0) for v in ("met", "not_met", "unclear")}


def badge_of(doc: dict[str, Any], reqs: list[dict[str, Any]]) -> str:
    """not_met / unclear / met for a judged plan; else the conversion status. A plan with
    a failed requirement is never shown as read without remark."""
    if doc.get("status") == "failed":
        return "failed"
    if reqs:
        counts = verdict_counts(reqs)
        if counts["not_met"]:
            return "not_met"
        if counts["unclear"]:
            return "unclear"
        return "met"
    return "partial" if doc.get("status") == "partial" else "ok"


def _rule_names() -> dict[str, dict[str, str]]:
    from hplan.extract.requirements import rules  # the rules file names each rule

    return {r["id"]: r["name"] for r in rules()}


def split_checks(checks: list[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    ordered = sorted(
        checks,
        key=lambda c: (SEVERITY_RANK.get(c.get("severity"), 3), c.get("line") or 0, c["check"]),
    )
    plan = [c for c in ordered if CHECK_GROUPS.get(c["check"], "reading") == "plan"]
    reading = [c for c in ordered if CHECK_GROUPS.get(c["check"], "reading") != "plan"]
    return plan, reading


@dataclass
class Change:
    link: str  # the link type, or "split" for one old tiltak carried on in several
    old_key: str | None
    old_title: str | None
    old_budget: int | None
    new_key: str | None
    new_title: str | None
    new_budget: int | None
    evidence: str | None
    review: bool
    score: float | None
    # False where last year's budgets are unknown (links from the plan's own status
    # table): then no change is computed.
    old_budget_known: bool = True

    @property
    def budget_change(self) -> int | None:
        if self.old_key and not self.old_budget_known:
            return None
        if self.old_budget is None and self.new_budget is None:
            return None
        return (self.new_budget or 0) - (self.old_budget or 0)


def changes_for(doc: dict[str, Any], data: Dataset) -> tuple[str, list[Change], str | None]:
    """('across' | 'within' | 'none', the changes, the older plan's source)."""
    doc_id = doc["doc_id"]
    incoming = [r for r in data.rows["tiltak_links"] if r.get("to_doc_id") == doc_id]
    across = [r for r in incoming if r.get("from_doc_id") != doc_id]
    mode = "across" if across else ("within" if incoming else "none")
    links = across or incoming
    if not links:
        return mode, [], None
    this = {t["tiltak_key"]: t for t in data.of("tiltak", doc_id)}
    older_id = links[0]["from_doc_id"]
    if mode == "across":
        older = {t["tiltak_key"]: t for t in data.of("tiltak", older_id)}
    else:
        older = {
            f"{p['delmal_no']}.{p['tiltak_no']}": {"title": p["title"], "budget_nok": None}
            for p in data.of("previous_tiltak", doc_id)
        }
    fanout = Counter(r.get("from_tiltak_key") for r in links if r.get("to_tiltak_key"))
    out = []
    for r in links:
        old, new = r.get("from_tiltak_key"), r.get("to_tiltak_key")
        link = r["link"]
        if link == "revised" and old and fanout[old] > 1:
            link = "split"
        o, n = older.get(old or "", {}), this.get(new or "", {})
        out.append(
            Change(
                link,
                old,
                o.get("title"),
                o.get("budget_nok"),
                new,
                n.get("title"),
                n.get("budget_nok"),
                r.get("evidence"),
                bool(r.get("review")),
                r.get("score"),
                mode == "across",
            )
        )
    out.sort(key=lambda c: (dotted_key(c.new_key or c.old_key), dotted_key(c.old_key)))
    older_doc = next((d for d in data.rows["documents"] if d["doc_id"] == older_id), {})
    return mode, out, older_doc.get("source")


def budget_grid(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each budget table as a grid: its columns and one row per label."""
    grids = []
    for table in ("period", "year"):
        cells = [r for r in rows if r.get("table") == table]
        if not cells:
            continue
        columns = list(dict.fromkeys(r["column"] for r in cells))
        if table == "period":
            columns.sort(key=lambda c: (c.isdigit(), c))
        by_label: dict[tuple, dict[str, Any]] = {}
        for r in sorted(cells, key=lambda r: (r.get("page") or 0, r.get("line") or 0)):
            key = (r.get("delmal_no"), r["label"])
            row = by_label.setdefault(
                key,
                {"label": r["label"], "page": r.get("page"), "line": r.get("line"), "cells": {}},
            )
            row["cells"][r["column"]] = r
        grids.append({"table": table, "columns": columns, "rows": list(by_label.values())})
    return grids


def delmal_groups(doc_id: str, data: Dataset) -> list[dict[str, Any]]:
    delmal = {d["delmal_no"]: d for d in data.of("delmal", doc_id)}
    tiltak = sorted(data.of("tiltak", doc_id), key=lambda t: dotted_key(t["tiltak_key"]))
    groups: dict[str, dict[str, Any]] = {}
    for t in tiltak:
        no = t.get("delmal_no") or ""
        groups.setdefault(no, {"no": no, "delmal": delmal.get(no), "tiltak": []})
        groups[no]["tiltak"].append(t)
    return [groups[k] for k in sorted(groups, key=num_key)]


# --- rendering -------------------------------------------------------------------------


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("hplan", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["nok"] = fmt_nok
    env.filters["anchor"] = tiltak_anchor
    env.filters["slug"] = slug
    return env


def _doc_title(doc: dict[str, Any], words: Words) -> str:
    doc_type = doc.get("doc_type") or "other"
    kind = words(f"doc_type.{doc_type}") if doc_type in catalogue()["doc_type"] else doc_type
    parts = [doc.get("pilot") or words("text.no_pilot"), "—", kind]
    if doc.get("plan_year") is not None:
        parts.append(str(doc["plan_year"]))
    return " ".join(parts)


def render_document(
    doc: dict[str, Any], data: Dataset, src: Source, words: Words, pages: dict[str, str]
) -> str:
    doc_id = doc["doc_id"]
    reqs = data.of("requirements", doc_id)
    amounts = sorted(data.of("amounts", doc_id), key=lambda a: a.get("seq") or 0)
    mark_amounts(src, amounts)
    plan_checks, reading_checks = split_checks(data.of("checks", doc_id))
    mode, changes, older = changes_for(doc, data)
    names = _rule_names()
    source_pages: list[dict[str, Any]] = []
    if src.available:
        for i, ln in enumerate(src.lines):
            if not source_pages or source_pages[-1]["page"] != ln.page:
                source_pages.append({"page": ln.page, "lines": []})
            source_pages[-1]["lines"].append(
                {
                    "id": src.anchor(ln.page, ln.line),
                    "no": ln.line,
                    "segments": segments(ln.text, src.spans.get(i, [])),
                }
            )
    return (
        environment()
        .get_template("document.html")
        .render(
            lang=words.lang,
            t=words,
            css=stylesheet(),
            title=_doc_title(doc, words),
            doc=doc,
            status_badge=badge_of(doc, reqs),
            n_verdicts=verdict_counts(reqs),
            requirements=[
                {**r, "name": names.get(r["rule"], {}).get(words.lang, r["rule"])} for r in reqs
            ],
            plan_checks=plan_checks,
            reading_checks=reading_checks,
            change_mode=mode,
            changes=changes,
            older=older,
            delmal_groups=delmal_groups(doc_id, data),
            previous=sorted(
                data.of("previous_tiltak", doc_id),
                key=lambda p: (num_key(p.get("delmal_no")), num_key(p.get("tiltak_no"))),
            ),
            grids=budget_grid(data.of("budget_rows", doc_id)),
            amounts=amounts,
            src=src,
            source_pages=source_pages,
            ctx=PageContext(src, words),
            pages=pages,
        )
    )


def render_index(
    data: Dataset, docs: list[dict[str, Any]], pages: dict[str, str], words: Words
) -> str:
    entries = []
    for d in docs:
        reqs = data.of("requirements", d["doc_id"])
        plan, reading = split_checks(data.of("checks", d["doc_id"]))
        entries.append(
            {
                "doc": d,
                "title": _doc_title(d, words),
                "page": pages[d["doc_id"]],
                "badge": badge_of(d, reqs),
                "judged": bool(reqs),
                "counts": verdict_counts(reqs),
                "n_plan": len(plan),
                "n_reading": len(reading),
            }
        )
    return (
        environment()
        .get_template("index.html")
        .render(
            lang=words.lang,
            t=words,
            css=stylesheet(),
            title=words("text.report_title"),
            plans=[e for e in entries if e["judged"]],
            others=[e for e in entries if not e["judged"]],
        )
    )


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(text.encode("utf-8"))
    os.replace(tmp, path)


def write_report(data_dir: Path, out_dir: Path, lang: str = "nb") -> list[Path]:
    """Write ``index.html`` and one ``<doc_id>.html`` per document; return their paths.

    ``data_dir`` is a folder written by ``hplan run``; ``out_dir`` is created if needed;
    ``lang`` is ``nb`` (bokmål) or ``en``. The first path returned is the index, then the
    document pages in index order.
    """
    words = Words(lang)
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    data = load_dataset(data_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    docs: list[dict[str, Any]] = []
    seen: set[str] = set()
    for d in sorted(
        (d for d in data.rows["documents"] if d.get("doc_id")),
        key=lambda d: (d.get("source") or "", d["doc_id"]),
    ):
        if d["doc_id"] not in seen:  # the same file given twice: one page
            seen.add(d["doc_id"])
            docs.append(d)
    pages = {d["doc_id"]: f"{slug(d['doc_id'])}.html" for d in docs}
    written: list[Path] = []
    for d in docs:
        path = out_dir / pages[d["doc_id"]]
        _write(path, render_document(d, data, load_source(d, data_dir), words, pages))
        written.append(path)
    index = out_dir / "index.html"
    _write(index, render_index(data, docs, pages, words))
    return [index, *written]
