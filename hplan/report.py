"""HTML review report over a dataset written by ``hplan run``.

:func:`write_report` reads the tables of a dataset folder (the Parquet files, or the CSVs
when a Parquet file is missing) and writes, into an output folder:

* ``<doc_id>.html`` per document: the checks (grouped by severity), the table of contents,
  every delmål with its tiltak next to the source lines they came from, last year's tiltak,
  the amounts, the budget tables, the links to last year and the full source text with line
  numbers, page separators and every money figure ``<mark>``-ed (anchors ``#L123``; for
  PDFs, where line numbers restart on every page, ``#P5-L12``);
* ``index.html``: one row per document and an inline SVG chart of the budget per theme
  and pilot.

The pages are self-contained (inline CSS, inline SVG, a few lines of inline JS; no network,
no external fonts) and deterministic: the same dataset gives byte-identical files. The
HTML is built with plain string formatting; every value goes through :func:`html.escape`.
The source text is re-read with :func:`extract.ingest.load_document`; when the file is gone
(or fails to load) the page says so and shows the tables only.
"""

from __future__ import annotations

import html
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from hplan.models.tables import TABLES
from hplan.normalize.vocab import SEVERITIES, THEMES

SEVERITY_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Info"}
THEME_NAMES = THEMES
BUDGET_TABLE_TITLES = {
    "period": "Budget for the agreement period",
    "year": "Financing in the plan year",
}
# Series colours of the index chart (colour-blind safe, Okabe-Ito based).
CHART_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#8A7A00",
    "#555555",
)
EXCERPT_LINES = 9  # non-blank source lines shown per excerpt in a tiltak card
MAX_EXCERPTS = 3

_SUM_LABEL = re.compile(r"\s*(sum\b|til sammen|totalt?\b|i alt\b)", re.IGNORECASE)
_LINE_REF = re.compile(r"\((?:p(?:age)?\.?\s*(\d+),\s*)?line (\d+)\)")


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
    frames: dict[str, pd.DataFrame]
    rows: dict[str, list[dict[str, Any]]]

    def of(self, table: str, doc_id: str, key: str = "doc_id") -> list[dict[str, Any]]:
        return [r for r in self.rows[table] if r.get(key) == doc_id]


def load_dataset(data_dir: Path) -> Dataset:
    frames = {name: read_table(data_dir, name) for name in TABLES}
    return Dataset(frames, {name: records(df, name) for name, df in frames.items()})


# --- small formatting helpers --------------------------------------------------------


def esc(value: Any) -> str:
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


def fmt_nok(value: Any) -> str:
    if value is None:
        return ""
    n = round(value)
    return f"{n:,}".replace(",", "\u202f") + "\u00a0kr"


def num_key(value: Any) -> tuple[int, int, str]:
    s = "" if value is None else str(value)
    return (0, int(s), "") if s.isdigit() else (1, 0, s)


def dotted_key(value: Any) -> tuple[tuple[int, int, str], ...]:
    return tuple(num_key(p) for p in ("" if value is None else str(value)).split("."))


def slug(value: Any) -> str:
    return re.sub(r"[^0-9A-Za-z_-]+", "-", str(value)).strip("-") or "x"


def tiltak_anchor(key: Any) -> str:
    return f"t-{slug(key)}"


def theme_name(theme: Any) -> str:
    if theme is None:
        return "(no theme)"
    return THEME_NAMES.get(str(theme), str(theme))


def badge(text: Any, cls: str, title: str | None = None) -> str:
    t = f' title="{esc(title)}"' if title else ""
    return f'<span class="badge {esc(cls)}"{t}>{esc(text)}</span>'


def n_sev(n: int, severity: str) -> str:
    """'1 warning', '2 warnings', '3 info'."""
    plural = n != 1 and severity in ("error", "warning")
    return f"{n} {severity}{'s' if plural else ''}"


def sev_badge(severity: Any) -> str:
    return badge(severity, f"sev-{slug(severity)}")


def yes_no(value: Any) -> str:
    if value is None:
        return '<span class="muted">–</span>'
    return '<span class="yes">✓</span>' if value else '<span class="no">✗</span>'


def empty_note(text: str) -> str:
    return f'<p class="empty">{esc(text)}</p>'


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
    """The re-read source of one document, with the spans to mark."""

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
        key = (page if self.pdf else None, line)
        return self.by_ref.get(key)

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
    for c in candidates:
        if c.is_file():
            return c
    return None


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
    while True:
        at = text.find(raw, pos)
        if at < 0:
            break
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
                fmt_nok(a.get("amount_nok")) or "garbled figure",
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
                j = _next_nonblank(src.lines, i)
                head_text = text.rstrip()
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
                        found = True
                        break
        if seq is not None:
            src.located[seq] = found


def render_text(text: str, spans: Iterable[Span], with_ids: bool) -> str:
    out = []
    pos = 0
    for s in sorted(spans, key=lambda s: s.start):
        out.append(esc(text[pos : s.start]))
        ident = f' id="a-{s.seq}"' if with_ids and s.first and s.seq is not None else ""
        out.append(
            f'<mark class="amt k-{slug(s.kind)}"{ident} title="{esc(s.title)}">'
            f"{esc(text[s.start : s.end])}</mark>"
        )
        pos = s.end
    out.append(esc(text[pos:]))
    return "".join(out)


# --- per-document page -----------------------------------------------------------------


@dataclass
class Ctx:
    doc: dict[str, Any]
    src: Source
    doc_ids: set[str]

    def ref(self, page: Any, line: Any, label: str | None = None) -> str:
        """'p. 5 · l. 220' linked to the source line when the source is shown."""
        if line is None and page is None:
            return '<span class="muted">–</span>'
        text = label or " · ".join(
            x for x in (f"p.\u00a0{page}" if page is not None else "", f"l.\u00a0{line}") if x
        )
        if line is None:
            text = label or f"p.\u00a0{page}"
            if self.src.available and page is not None:
                return f'<a class="ref" href="#page-{esc(page)}">{esc(text)}</a>'
            return f'<span class="ref">{esc(text)}</span>'
        anchor = self.src.anchor(page, line)
        if anchor is None:
            return f'<span class="ref">{esc(text)}</span>'
        return f'<a class="ref" href="#{anchor}">{esc(text)}</a>'


def _doc_title(doc: dict[str, Any]) -> str:
    parts = [
        doc.get("pilot") or "No pilot",
        "—",
        doc.get("doc_type") or "document",
    ]
    if doc.get("plan_year") is not None:
        parts.append(str(doc["plan_year"]))
    return " ".join(parts)


def _section(ident: str, title: str, body: str, extra: str = "", open_: bool = True) -> str:
    o = " open" if open_ else ""
    return (
        f'<details class="sec" id="{ident}"{o}><summary><h2>{esc(title)}</h2>{extra}'
        f'<span class="chev" aria-hidden="true"></span></summary>'
        f'<div class="sec-body">{body}</div></details>'
    )


def _count(n: int) -> str:
    return f'<span class="count">{n}</span>'


def _checks_html(ctx: Ctx, checks: list[dict[str, Any]]) -> tuple[str, str]:
    by_sev: dict[str, list[dict[str, Any]]] = {s: [] for s in SEVERITIES}
    for c in checks:
        by_sev.setdefault(c.get("severity") or "info", []).append(c)
    pills = "".join(
        badge(n_sev(len(v), s), f"sev-{slug(s)}") for s, v in by_sev.items() if v
    ) or badge("no findings", "ok")
    if not checks:
        return empty_note("No checks raised: no mismatches or doubtful reconstructions."), pills
    parts = []
    for sev, items in by_sev.items():
        if not items:
            continue
        items = sorted(
            items,
            key=lambda c: (
                c.get("page") or 0,
                c.get("line") or 0,
                c.get("check") or "",
                c.get("message") or "",
            ),
        )
        lis = "".join(
            f'<li><div class="check-head"><code>{esc(c.get("check"))}</code>'
            f"{ctx.ref(c.get('page'), c.get('line'))}</div>"
            f'<div class="check-msg">{esc(c.get("message"))}</div></li>'
            for c in items
        )
        parts.append(
            f'<div class="sevgroup sev-{slug(sev)}"><h3>{sev_badge(sev)} '
            f'{esc(SEVERITY_TITLES.get(sev, sev))} <span class="muted">({len(items)})</span></h3>'
            f'<ul class="checks">{lis}</ul></div>'
        )
    return "".join(parts), pills


def _toc_html(ctx: Ctx, entries: list[dict[str, Any]]) -> str:
    if not entries:
        return empty_note("No table of contents was found in this document.")
    rows = []
    for e in sorted(entries, key=lambda r: r.get("seq") or 0):
        found = e.get("found_in_body")
        page, body_page = e.get("page"), e.get("body_page")
        differs = page is not None and body_page is not None and page != body_page
        body = (
            ctx.ref(body_page, e.get("body_line"), f"p.\u00a0{body_page}")
            if body_page is not None
            else '<span class="muted">–</span>'
        )
        body_td = (
            '<td class="num differs" title="printed page differs from body page">'
            if differs
            else '<td class="num">'
        )
        cls = [f"lvl-{e.get('level') or 1}"]
        if not found:
            cls.append("missing")
        rows.append(
            f'<tr class="{" ".join(cls)}"><td class="num">{esc(e.get("seq"))}</td>'
            f'<td class="nowrap">{esc(e.get("number"))}</td>'
            f'<td class="toc-title">{esc(e.get("title"))}</td>'
            f"<td>{badge(e.get('kind'), 'kind')}</td>"
            f'<td class="num">{esc(page)}</td>'
            f"{body_td}{body}</td>"
            f'<td class="center">{yes_no(found)}</td></tr>'
        )
    n_found = sum(1 for e in entries if e.get("found_in_body"))
    n_diff = sum(
        1
        for e in entries
        if e.get("page") is not None
        and e.get("body_page") is not None
        and e["page"] != e["body_page"]
    )
    summary = (
        f'<p class="lead">{n_found} of {len(entries)} entries found in the body'
        + (f"; {n_diff} with a printed page that differs from the body page" if n_diff else "")
        + ".</p>"
    )
    return (
        summary + '<div class="tablewrap"><table class="grid toc"><thead><tr><th>#</th>'
        "<th>Number</th><th>Title</th><th>Kind</th><th>Printed page</th><th>Body page</th>"
        f"<th>Found</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


@dataclass(frozen=True)
class EvidenceRef:
    """A '(line N)' in an evidence text, resolved to a source line where possible."""

    start: int  # span of the reference in the evidence text
    end: int
    line: int
    what: str  # the clause's name: "table row 1", "body heading", ...
    index: int | None  # the source line (index into Source.lines), None if not found


_QUOTE = re.compile(r"'([^']+)'")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _has_words(quote: str, text: str) -> bool:
    head = _words(quote)[:3]
    return bool(head) and " ".join(head) in " ".join(_words(text))


def evidence_refs(src: Source, evidence: str | None, page: Any) -> list[EvidenceRef]:
    """The line references of an evidence text.

    Text dumps number lines through the file, so '(line N)' is enough. PDFs number them per
    page: a reference without a page is looked up on the tiltak's page and the next few,
    and taken where the line holds the first words of the clause's quoted title.
    """
    if not evidence:
        return []
    out = []
    for m in _LINE_REF.finditer(evidence):
        start = evidence.rfind("; ", 0, m.start())
        start = 0 if start < 0 else start + 2
        colon = evidence.find(":", start, m.start())
        what = evidence[start:colon].strip() if colon > 0 else ""
        line = int(m.group(2))
        index = None
        if m.group(1) or not src.pdf:
            index = src.index_of(int(m.group(1)) if m.group(1) else page, line)
        elif page is not None and src.available:
            quote = _QUOTE.search(evidence, start, m.start())
            for p in (page, page + 1, page + 2, page + 3, page - 1):
                i = src.index_of(p, line)
                if i is not None and (
                    quote is None or _has_words(quote.group(1), src.lines[i].text)
                ):
                    index = i
                    break
        out.append(EvidenceRef(m.start(), m.end(), line, what, index))
    return out


def _evidence_html(ctx: Ctx, evidence: str | None, page: Any) -> str:
    if not evidence:
        return '<span class="muted">–</span>'
    out, pos = [], 0
    for ref in evidence_refs(ctx.src, evidence, page):
        out.append(esc(evidence[pos : ref.start]))
        inner = esc(evidence[ref.start + 1 : ref.end - 1])
        if ref.index is not None:
            anchor = ctx.src.anchor(ctx.src.lines[ref.index].page, ctx.src.lines[ref.index].line)
            out.append(f'(<a class="ref" href="#{anchor}">{inner}</a>)')
        else:
            out.append(f"({inner})")
        pos = ref.end
    out.append(esc(evidence[pos:]))
    # One clause per line: the evidence is '; '-joined.
    return "".join(out).replace("; ", ";<br>")


def _tiltak_lines(src: Source, t: dict[str, Any]) -> list[tuple[int, str]]:
    """(source line index, what) of a tiltak's own line and the lines its evidence names."""
    refs = evidence_refs(src, t.get("evidence"), t.get("page"))
    out: list[tuple[int, str]] = []
    own = src.index_of(t.get("page"), t.get("line"))
    if own is not None:
        out.append((own, next((r.what for r in refs if r.index == own), "")))
    for r in refs:
        if r.index is not None and all(r.index != i for i, _ in out):
            out.append((r.index, r.what))
    return out


def _excerpt(
    ctx: Ctx, focus: int, stops: set[int], caption: str, limit: int = EXCERPT_LINES
) -> str:
    """Source lines from the one before ``focus`` on, blank lines left out."""
    lines = ctx.src.lines
    picked: list[int] = []
    for j in range(focus - 1, max(-1, focus - 4), -1):
        if lines[j].text.strip():
            picked.append(j)
            break
    shown = 0
    j = focus
    while j < len(lines) and shown < limit:
        if j != focus and j in stops:
            break
        if lines[j].text.strip():
            picked.append(j)
            shown += 1
        j += 1
    rows = []
    prev = None
    for k in picked:
        ln = lines[k]
        if prev is not None and lines[prev].page != ln.page:
            rows.append(f'<div class="x-page">page {esc(ln.page)}</div>')
        elif prev is not None and k - prev > 2:
            rows.append('<div class="x-gap"></div>')
        anchor = ctx.src.anchor(ln.page, ln.line)
        cls = "x-line focus" if k == focus else ("x-line before" if k < focus else "x-line")
        rows.append(
            f'<div class="{cls}"><a class="n" href="#{anchor}">{esc(ln.line)}</a>'
            f'<span class="t">{render_text(ln.text, ctx.src.spans.get(k, []), False)}</span></div>'
        )
        prev = k
    return (
        f'<figure class="excerpt"><figcaption>{esc(caption)}</figcaption>'
        f'<div class="code">{"".join(rows)}</div></figure>'
    )


def _tiltak_card(
    ctx: Ctx,
    t: dict[str, Any],
    stops: set[int],
    amounts: list[dict[str, Any]],
    predecessors: list[dict[str, Any]],
) -> str:
    key = t.get("tiltak_key")
    ended = bool(t.get("ended"))
    years = ""
    if t.get("start_year") is not None or t.get("end_year") is not None:
        sy, ey = t.get("start_year"), t.get("end_year")
        years = str(sy) if sy == ey else f"{sy or '?'}–{ey or '?'}"
    fields = [
        ("Hovedansvarlig", esc(t.get("hovedansvarlig")).replace("; ", "<br>")),
        ("Samarbeidsparter", esc(t.get("samarbeidsparter")).replace("; ", "<br>")),
        ("Tidsramme", esc(t.get("tidsramme"))),
        ("Years", esc(years)),
        (
            "Budget",
            f'<strong class="money">{esc(fmt_nok(t.get("budget_nok")))}</strong>'
            if t.get("budget_nok") is not None
            else "",
        ),
        ("Ended", '<span class="no">yes</span>' if ended else "no"),
        ("Where", ctx.ref(t.get("page"), t.get("line"))),
    ]
    if predecessors:
        fields.append(
            (
                "From last year",
                "<br>".join(
                    f'<a class="ref" href="#prev-{esc(p["_ident"])}">'
                    f"{esc(p.get('year') or '')} · "
                    f"{esc(p.get('delmal_no'))}.{esc(p.get('tiltak_no'))}</a> "
                    f"{badge(p.get('status') or '?', 'st-' + slug(p.get('status') or 'none'))}"
                    for p in predecessors
                ),
            )
        )
    if amounts:
        chips = []
        for a in amounts:
            label = esc(a.get("raw"))
            if ctx.src.available and ctx.src.located.get(a.get("seq")):
                chips.append(
                    f'<a class="chip k-{slug(a.get("kind"))}" '
                    f'href="#a-{esc(a.get("seq"))}">{label}</a>'
                )
            else:
                chips.append(f'<span class="chip k-{slug(a.get("kind"))}">{label}</span>')
        fields.append(("Amounts", " ".join(chips)))
    fields.append(
        (
            "Evidence",
            '<span class="evidence">'
            f"{_evidence_html(ctx, t.get('evidence'), t.get('page'))}</span>",
        )
    )
    dl = "".join(
        f"<dt>{esc(k)}</dt><dd>{v if v else '<span class=muted>–</span>'}</dd>" for k, v in fields
    )
    excerpts = ""
    if ctx.src.available:
        refs = _tiltak_lines(ctx.src, t)
        # The line the budget figure stands on (from the amounts table).
        budget_line = None
        if t.get("budget_nok") is not None:
            same = [a for a in amounts if a.get("amount_nok") == t["budget_nok"]]
            if same:
                budget_line = (same[0].get("page"), same[0].get("line"))
        shown: list[int] = []
        for i, what in refs:
            if len(shown) >= MAX_EXCERPTS - (budget_line is not None):
                break
            shown.append(i)
            ln = ctx.src.lines[i]
            caption = f"{what or 'source'} · page {ln.page}, line {ln.line}"
            excerpts += _excerpt(ctx, i, stops, caption)
        if budget_line is not None:
            i = ctx.src.index_of(*budget_line)
            if i is not None and i not in shown:
                caption = f"financing · page {ctx.src.lines[i].page}, line {budget_line[1]}"
                excerpts += _excerpt(ctx, i, stops, caption, limit=3)
        if not excerpts:
            excerpts = empty_note("No source line recorded for this tiltak.")
    else:
        excerpts = empty_note("Source not available.")
    head_badges = ""
    if t.get("budget_nok") is not None:
        head_badges += f'<span class="money-pill">{esc(fmt_nok(t["budget_nok"]))}</span>'
    if ended:
        head_badges += badge("ended", "ended")
    return (
        f'<article class="tiltak{" is-ended" if ended else ""}" id="{tiltak_anchor(key)}">'
        f'<header><span class="key">{esc(key)}</span><h4>{esc(t.get("title"))}</h4>'
        f'<span class="head-badges">{head_badges}</span></header>'
        f'<div class="cols"><dl class="fields">{dl}</dl>'
        f'<div class="excerpts">{excerpts}</div></div>'
        "</article>"
    )


def _plan_html(
    ctx: Ctx,
    delmal: list[dict[str, Any]],
    tiltak: list[dict[str, Any]],
    amounts: list[dict[str, Any]],
    previous: list[dict[str, Any]],
) -> tuple[str, list[tuple[str, str, list[tuple[str, str]]]]]:
    """The plan section and the navigation entries (anchor, label, tiltak links)."""
    if not delmal and not tiltak:
        return empty_note("No delmål or tiltak were found in this document."), []
    # Lines where another tiltak or delmål starts: an excerpt stops before them.
    stops: set[int] = set()
    for t in tiltak:
        stops.update(i for i, _ in _tiltak_lines(ctx.src, t))
    for d in delmal:
        i = ctx.src.index_of(d.get("page"), d.get("line"))
        if i is not None:
            stops.add(i)
    amounts_by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in sorted(amounts, key=lambda r: r.get("seq") or 0):
        if a.get("tiltak_key"):
            amounts_by_key[a["tiltak_key"]].append(a)
    preds: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for p in previous:
        for s in (p.get("successors") or "").split(";"):
            if s.strip():
                preds[(str(p.get("delmal_no")), s.strip())].append(p)

    groups: list[tuple[dict[str, Any] | None, list[dict[str, Any]]]] = []
    known = set()
    for d in sorted(
        delmal, key=lambda r: (r.get("page") or 0, r.get("line") or 0, num_key(r.get("delmal_no")))
    ):
        no = d.get("delmal_no")
        known.add(no)
        ts = [t for t in tiltak if t.get("delmal_no") == no]
        groups.append((d, ts))
    orphans = [t for t in tiltak if t.get("delmal_no") not in known]
    if orphans:
        groups.append((None, orphans))

    parts, nav = [], []
    for d, ts in groups:
        ts = sorted(ts, key=lambda t: (num_key(t.get("tiltak_no")), t.get("line") or 0))
        no = d.get("delmal_no") if d else None
        ident = f"d-{slug(no)}" if d else "d-other"
        total = sum(t["budget_nok"] for t in ts if t.get("budget_nok") is not None)
        cards = "".join(
            _tiltak_card(
                ctx,
                t,
                stops,
                amounts_by_key.get(t.get("tiltak_key") or "", []),
                preds.get((str(t.get("delmal_no")), str(t.get("tiltak_no"))), []),
            )
            for t in ts
        ) or empty_note("No tiltak were extracted for this delmål.")
        if d:
            label = "Tverrgående tiltak" if no == "T" else f"Delmål {no}"
            head = (
                f'<span class="dno">{esc(label)}</span>'
                f'<span class="dtitle">{esc(d.get("title"))}</span>'
                f"{badge(theme_name(d.get('theme')), 'theme th-' + slug(d.get('theme') or 'none'))}"
            )
            budgeted = f"<span>budgeted {esc(fmt_nok(total))}</span>" if total else ""
            evidence = d.get("theme_evidence")
            theme_ev = f'<span class="muted">theme: {esc(evidence)}</span>' if evidence else ""
            meta = (
                f'<div class="dmeta">{ctx.ref(d.get("page"), d.get("line"))}'
                f"<span>{len(ts)} tiltak</span>{budgeted}{theme_ev}</div>"
            )
        else:
            label = "Other tiltak"
            head = (
                f'<span class="dno">{esc(label)}</span>'
                '<span class="dtitle">tiltak of a delmål without a heading</span>'
            )
            meta = ""
        parts.append(
            f'<details class="delmal" id="{ident}" open><summary>{head}</summary>'
            f"{meta}{cards}</details>"
        )
        nav.append(
            (
                ident,
                label,
                [(tiltak_anchor(t.get("tiltak_key")), str(t.get("tiltak_key"))) for t in ts],
            )
        )
    return "".join(parts), nav


def _previous_html(
    ctx: Ctx,
    previous: list[dict[str, Any]],
    tiltak_keys: set[str],
    delmal_titles: dict[str, str],
) -> str:
    if not previous:
        return empty_note("No status table for last year's tiltak was found in this document.")
    rows = []
    group = None
    for p in previous:
        dno = p.get("delmal_no")
        if dno != group:
            group = dno
            label = "Tverrgående tiltak" if dno == "T" else f"Delmål {dno}"
            title = delmal_titles.get(str(dno), "")
            rows.append(
                f'<tr class="group"><th colspan="6">{esc(label)}'
                f"{f' <span>{esc(title)}</span>' if title else ''}</th></tr>"
            )
        succ = []
        for s in (p.get("successors") or "").split(";"):
            s = s.strip()
            if not s:
                continue
            key = f"{dno}.{s}"
            succ.append(
                f'<a class="ref" href="#{tiltak_anchor(key)}">{esc(key)}</a>'
                if key in tiltak_keys
                else esc(key)
            )
        status = p.get("status")
        year = p.get("year")
        rows.append(
            f'<tr id="prev-{esc(p["_ident"])}">'
            f'<td class="nowrap"><span class="key-sm">{esc(dno)}.{esc(p.get("tiltak_no"))}</span>'
            f"{f'<div class=raw>{esc(year)}</div>' if year is not None else ''}</td>"
            f'<td class="title-cell">{esc(p.get("title"))}</td>'
            f"<td>{badge(status or 'unknown', 'st-' + slug(status or 'none'))}"
            f'<div class="raw">{esc(p.get("status_raw"))}</div></td>'
            f'<td class="comment">{esc(p.get("comment"))}</td>'
            f'<td class="nowrap">{", ".join(succ) or "<span class=muted>–</span>"}</td>'
            f'<td class="nowrap">{ctx.ref(p.get("page"), p.get("line"))}</td></tr>'
        )
    counts: dict[str, int] = defaultdict(int)
    for p in previous:
        counts[p.get("status") or "unknown"] += 1
    summary = " ".join(badge(f"{n} {s}", "st-" + slug(s)) for s, n in sorted(counts.items()))
    return (
        f'<p class="lead">{summary}</p><div class="tablewrap"><table class="grid prev">'
        "<thead><tr><th>Tiltak</th><th>Title</th><th>Status</th>"
        "<th>Comment</th><th>Carried on by</th><th>Where</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _context_html(context: str | None, raw: str | None) -> str:
    """The context with the figure in it marked (white space collapsed in both)."""
    if not context:
        return ""
    flat = " ".join(raw.split()) if raw else ""
    at = context.find(flat) if flat else -1
    if at < 0:
        return esc(context)
    return (
        f'{esc(context[:at])}<mark class="ctx">{esc(flat)}</mark>{esc(context[at + len(flat) :])}'
    )


def _amounts_html(ctx: Ctx, amounts: list[dict[str, Any]]) -> str:
    if not amounts:
        return empty_note("No money figures for this document in the amounts table.")
    rows = []
    for a in sorted(amounts, key=lambda r: r.get("seq") or 0):
        seq = a.get("seq")
        located = ctx.src.available and ctx.src.located.get(seq)
        where = ctx.ref(a.get("page"), a.get("line"))
        if located:
            where = (
                f'<a class="ref" href="#a-{esc(seq)}">'
                f"p.\u00a0{esc(a.get('page'))} · l.\u00a0{esc(a.get('line'))}</a>"
            )
        elif ctx.src.available:
            where += ' <span class="warn" title="figure not found in its source line">⚠</span>'
        key = a.get("tiltak_key")
        place = (
            f'<a class="ref" href="#{tiltak_anchor(key)}">tiltak {esc(key)}</a>'
            if key
            else (f"delmål {esc(a.get('delmal_no'))}" if a.get("delmal_no") else "")
        )
        kind = badge(a.get("kind"), "k-" + slug(a.get("kind")))
        if a.get("qualifier"):
            kind += f' <span class="raw">{esc(a["qualifier"])}</span>'
        amount = esc(fmt_nok(a.get("amount_nok"))) or '<span class="no">garbled</span>'
        source_kind = '<span class="tag-sm">table</span>' if a.get("in_table") else ""
        rows.append(
            f'<tr><td class="num muted">{esc(seq)}</td><td class="num money">{amount}</td>'
            f'<td class="nowrap">{kind}</td><td class="nowrap">{place}</td>'
            f'<td class="nowrap">{where}</td>'
            f'<td class="context">{source_kind}{_context_html(a.get("context"), a.get("raw"))}</td>'
            "</tr>"
        )
    return (
        '<p class="lead">Every money figure the amounts table holds; each is also marked in the '
        "source text below. Hover a mark for its reading.</p>"
        '<div class="tablewrap"><table class="grid amounts"><thead><tr><th>#</th>'
        '<th class="num">Amount</th><th>Kind</th><th>Place</th><th>Where</th>'
        "<th>Figure in its context</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _budget_html(ctx: Ctx, rows: list[dict[str, Any]]) -> str:
    if not rows:
        return empty_note("No budget tables for this document in the budget_rows table.")
    parts = []
    kinds = sorted(
        {r.get("table") or "" for r in rows}, key=lambda k: (k not in BUDGET_TABLE_TITLES, k)
    )
    for kind in kinds:
        cells = sorted(
            (r for r in rows if (r.get("table") or "") == kind),
            key=lambda r: (r.get("page") or 0, r.get("line") or 0),
        )
        columns: list[str] = []
        table_rows: list[dict[str, Any]] = []
        index: dict[tuple[Any, Any], dict[str, Any]] = {}
        for c in cells:
            col = c.get("column") or ""
            if col not in columns:
                columns.append(col)
            rk = (c.get("label"), c.get("delmal_no"))
            row = index.get(rk)
            if row is None or col in row["cells"]:
                row = {
                    "label": c.get("label"),
                    "delmal_no": c.get("delmal_no"),
                    "page": c.get("page"),
                    "line": c.get("line"),
                    "cells": {},
                }
                index[rk] = row
                table_rows.append(row)
            row["cells"][col] = c
        body = []
        for row in table_rows:
            tds = []
            for col in columns:
                c = row["cells"].get(col)
                if c is None:
                    tds.append('<td class="num muted">·</td>')
                    continue
                placement = c.get("placement")
                cls = "num money"
                title = f"placement: {placement}" if placement else ""
                if placement == "ambiguous":
                    cls += " ambiguous"
                link = ctx.ref(c.get("page"), c.get("line"), fmt_nok(c.get("amount_nok")) or "–")
                link = link.replace('class="ref"', 'class="cell"', 1)
                t_attr = f' title="{esc(title)}"' if title else ""
                tds.append(f'<td class="{cls}"{t_attr}>{link}</td>')
            is_sum = bool(_SUM_LABEL.match(row["label"] or ""))
            body.append(
                f'<tr class="{"sumrow" if is_sum else ""}"><th scope="row">{esc(row["label"])}</th>'
                f'<td class="center">{esc(row["delmal_no"])}</td>{"".join(tds)}</tr>'
            )
        head = "".join(f'<th class="num">{esc(c)}</th>' for c in columns)
        parts.append(
            f"<h3>{esc(BUDGET_TABLE_TITLES.get(kind, kind or 'Budget table'))}</h3>"
            '<div class="tablewrap"><table class="grid budget"><thead><tr><th>Row</th>'
            f"<th>Delmål</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )
    return "".join(parts)


def _links_html(
    ctx: Ctx,
    links: list[dict[str, Any]],
    doc_id: str,
    tiltak_keys: set[str],
    previous: list[dict[str, Any]],
) -> str:
    if not links:
        return empty_note("No links to last year for this document in the tiltak_links table.")
    prev_ident = {}
    for p in previous:
        prev_ident.setdefault(f"{p.get('delmal_no')}.{p.get('tiltak_no')}", p["_ident"])

    def side(doc: Any, year: Any, key: Any, is_from: bool) -> str:
        if key is None:
            return '<span class="muted">–</span>'
        label = esc(f"{year or '?'} · {key}")
        if doc == doc_id:
            # This year's tiltak card, or a row of last year's status table in this plan.
            this_year = not is_from or year == ctx.doc.get("plan_year")
            if this_year and key in tiltak_keys:
                return f'<a class="ref" href="#{tiltak_anchor(key)}">{label}</a>'
            if is_from and key in prev_ident:
                return f'<a class="ref" href="#prev-{esc(prev_ident[key])}">{label}</a>'
            return label
        other = f' <span class="muted">({esc(doc)})</span>'
        if doc in ctx.doc_ids:
            href = f"{esc(slug(doc))}.html#{tiltak_anchor(key)}"
            return f'<a class="ref" href="{href}">{label}</a>{other}'
        return label + other

    rows = []
    for link in sorted(
        links,
        key=lambda r: (
            dotted_key(r.get("to_tiltak_key")),
            dotted_key(r.get("from_tiltak_key")),
            r.get("link") or "",
            r.get("from_doc_id") or "",
            r.get("to_doc_id") or "",
        ),
    ):
        score = link.get("score")
        bar = (
            '<span class="score">'
            f'<span style="width:{min(100.0, max(0.0, score)):.0f}%"></span></span>'
            f'<span class="num">{score:.0f}</span>'
            if score is not None
            else '<span class="muted">–</span>'
        )
        from_side = side(
            link.get("from_doc_id"), link.get("from_year"), link.get("from_tiltak_key"), True
        )
        to_side = side(link.get("to_doc_id"), link.get("to_year"), link.get("to_tiltak_key"), False)
        review = (
            badge("⚑ review", "review", "score between the thresholds: check by hand")
            if link.get("review")
            else ""
        )
        rows.append(
            f'<tr class="{"needs-review" if link.get("review") else ""}">'
            f"<td>{badge(link.get('link'), 'st-' + slug(link.get('link') or 'none'))}</td>"
            f'<td class="nowrap">{from_side}</td><td class="nowrap">{to_side}</td>'
            f'<td class="nowrap">{bar}</td><td>{review}</td>'
            f'<td class="context">{esc(link.get("evidence"))}</td></tr>'
        )
    n_review = sum(1 for r in links if r.get("review"))
    lead = (
        f'<p class="lead">{len(links)} links'
        f"{f', {n_review} flagged for review' if n_review else ''}.</p>"
    )
    return (
        lead + '<div class="tablewrap"><table class="grid"><thead><tr><th>Link</th><th>From</th>'
        "<th>To</th><th>Score</th><th>Review</th><th>Evidence</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _source_html(
    ctx: Ctx,
    tags: dict[int, list[tuple[str, str]]],
    check_sev: dict[int, str],
) -> str:
    src = ctx.src
    if not src.available:
        return f'<div class="alert sev-error">{esc(src.problem)}: only the tables are shown.</div>'
    out = []
    if src.warning:
        out.append(f'<div class="alert sev-warning">{esc(src.warning)}.</div>')
    current_page = object()
    open_block = False
    for i, ln in enumerate(src.lines):
        if ln.page != current_page:
            if open_block:
                out.append("</div>")
            current_page = ln.page
            out.append(
                f'<div class="pagebreak" id="page-{esc(ln.page)}">'
                f"<span>Page {esc(ln.page)}</span></div>"
                '<div class="code source">'
            )
            open_block = True
        anchor = src.anchor(ln.page, ln.line)
        cls = ["l"]
        if i in check_sev:
            cls.append(f"chk-{check_sev[i]}")
        if not ln.text.strip():
            cls.append("blank")
        tag_html = "".join(
            f'<a class="tag {esc(c)}" href="#{esc(h)}">{esc(label)}</a>'
            if h
            else f'<span class="tag {esc(c)}">{esc(label)}</span>'
            for label, c, h in tags.get(i, [])
        )
        out.append(
            f'<div class="{" ".join(cls)}" id="{anchor}">'
            f'<a class="n" href="#{anchor}">{esc(ln.line)}</a>'
            f'<span class="t">{render_text(ln.text, src.spans.get(i, []), True)}</span>'
            f"{tag_html}</div>"
        )
    if open_block:
        out.append("</div>")
    return "".join(out)


def render_document(doc: dict[str, Any], data: Dataset, src: Source, doc_ids: set[str]) -> str:
    doc_id = doc["doc_id"]
    ctx = Ctx(doc, src, doc_ids)
    checks = data.of("checks", doc_id)
    toc = data.of("toc_entries", doc_id)
    delmal = data.of("delmal", doc_id)
    tiltak = data.of("tiltak", doc_id)
    previous = sorted(
        data.of("previous_tiltak", doc_id),
        key=lambda r: (
            r.get("page") or 0,
            r.get("line") or 0,
            num_key(r.get("delmal_no")),
            num_key(r.get("tiltak_no")),
        ),
    )
    for n, p in enumerate(previous, 1):
        p["_ident"] = f"{slug(p.get('delmal_no'))}-{slug(p.get('tiltak_no'))}-{n}"
    amounts = data.of("amounts", doc_id)
    budget_rows = data.of("budget_rows", doc_id)
    links = [
        r
        for r in data.rows["tiltak_links"]
        if r.get("to_doc_id") == doc_id or r.get("from_doc_id") == doc_id
    ]
    tiltak_keys = {str(t.get("tiltak_key")) for t in tiltak}
    delmal_titles = {str(d.get("delmal_no")): d.get("title") or "" for d in delmal}
    mark_amounts(src, amounts)

    # Tags and check markers for the source view.
    tags: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    check_sev: dict[int, str] = {}
    rank = {s: n for n, s in enumerate(SEVERITIES)}
    if src.available:
        for d in delmal:
            i = src.index_of(d.get("page"), d.get("line"))
            if i is not None:
                tags[i].append(
                    (f"delmål {d.get('delmal_no')}", "tg-delmal", f"d-{slug(d.get('delmal_no'))}")
                )
        for t in sorted(tiltak, key=lambda t: dotted_key(t.get("tiltak_key"))):
            key = t.get("tiltak_key")
            for i, _ in _tiltak_lines(src, t):
                tags[i].append((f"tiltak {key}", "tg-tiltak", tiltak_anchor(key)))
        for p in previous:
            i = src.index_of(p.get("page"), p.get("line"))
            if i is not None:
                tags[i].append(
                    (
                        f"{p.get('year') or 'prev'} · {p.get('delmal_no')}.{p.get('tiltak_no')}",
                        "tg-prev",
                        f"prev-{p['_ident']}",
                    )
                )
        for c in checks:
            i = src.index_of(c.get("page"), c.get("line"))
            if i is None:
                continue
            sev = c.get("severity") or "info"
            if i not in check_sev or rank.get(sev, 9) < rank.get(check_sev[i], 9):
                check_sev[i] = sev
            tags[i].append((c.get("check") or "check", f"tg-sev sev-{slug(sev)}", "checks"))

    checks_body, check_pills = _checks_html(ctx, checks)
    kinds: dict[str, int] = defaultdict(int)
    for a in amounts:
        kinds[a.get("kind") or "other"] += 1
    amount_pills = "".join(badge(f"{n} {k}", "k-" + slug(k)) for k, n in sorted(kinds.items()))
    n_unlocated = sum(1 for a in amounts if src.available and not src.located.get(a.get("seq")))
    if n_unlocated:
        amount_pills += badge(f"{n_unlocated} not found in their line", "sev-warning")
    n_missing = sum(1 for e in toc if not e.get("found_in_body"))
    n_moved = sum(
        1
        for e in toc
        if e.get("page") is not None
        and e.get("body_page") is not None
        and e["page"] != e["body_page"]
    )
    # A clean table of contents starts collapsed: nothing in it needs the reviewer's eye.
    toc_clean = bool(toc) and not n_missing and not n_moved
    toc_pills = _count(len(toc))
    if n_missing:
        toc_pills += badge(f"{n_missing} not found", "sev-error")
    if n_moved:
        toc_pills += badge(f"{n_moved} page differs", "sev-warning")
    if toc_clean:
        toc_pills += badge("all found, pages match", "ok")
    plan_body, plan_nav = _plan_html(ctx, delmal, tiltak, amounts, previous)
    doc_sev = {s: sum(1 for c in checks if c.get("severity") == s) for s in SEVERITIES}

    sections = [
        _section("checks", "Checks", checks_body, check_pills),
        _section("toc", "Table of contents", _toc_html(ctx, toc), toc_pills, open_=not toc_clean),
        _section("plan", "Delmål and tiltak", plan_body, _count(len(tiltak))),
        _section(
            "previous",
            "Last year's tiltak",
            _previous_html(ctx, previous, tiltak_keys, delmal_titles),
            _count(len(previous)),
        ),
        _section(
            "amounts",
            "Amounts",
            _amounts_html(ctx, amounts),
            _count(len(amounts)) + amount_pills,
            open_=False,
        ),
        _section(
            "budget", "Budget tables", _budget_html(ctx, budget_rows), _count(len(budget_rows))
        ),
        _section(
            "links",
            "Links to last year",
            _links_html(ctx, links, doc_id, tiltak_keys, previous),
            _count(len(links)),
        ),
        _section(
            "source",
            "Source text",
            _source_html(ctx, tags, check_sev),
            _count(len(src.lines)) if src.available else badge("not available", "sev-error"),
        ),
    ]

    # Navigation.
    sev_nav = "".join(
        f'<span class="dot sev-{s}" title="{esc(n_sev(n, s))}">{esc(n)}</span>'
        for s, n in doc_sev.items()
        if n
    )
    plan_items = "".join(
        f'<li><a href="#{esc(ident)}">{esc(label)}</a>'
        + (
            '<div class="tk">'
            + "".join(f'<a href="#{esc(a)}">{esc(k)}</a>' for a, k in tks)
            + "</div>"
            if tks
            else ""
        )
        + "</li>"
        for ident, label, tks in plan_nav
    )
    nav = (
        '<nav class="side" aria-label="Sections">'
        '<a class="back" href="index.html">← All documents</a>'
        f'<div class="nav-title">{esc(doc.get("pilot") or "No pilot")}</div>'
        f'<div class="nav-sub">{esc(doc.get("doc_type"))} {esc(doc.get("plan_year"))}</div>'
        "<ul>"
        f'<li><a href="#checks">Checks {sev_nav}</a></li>'
        f'<li><a href="#toc">Table of contents</a></li>'
        f'<li><a href="#plan">Delmål and tiltak</a><ul class="sub">{plan_items}</ul></li>'
        f'<li><a href="#previous">Last year\'s tiltak</a></li>'
        f'<li><a href="#amounts">Amounts</a></li>'
        f'<li><a href="#budget">Budget tables</a></li>'
        f'<li><a href="#links">Links to last year</a></li>'
        f'<li><a href="#source">Source text</a></li>'
        "</ul>"
        '<div class="nav-tools"><button type="button" data-act="open">Expand all</button>'
        '<button type="button" data-act="close">Collapse all</button></div>'
        "</nav>"
    )

    meta_items = [
        ("Type", doc.get("doc_type")),
        ("Plan year", doc.get("plan_year")),
        (
            "Agreement",
            f"{doc.get('agreement_start')}–{doc.get('agreement_end')}"
            if doc.get("agreement_start") is not None
            else None,
        ),
        ("Language", doc.get("language")),
        ("Pages", doc.get("n_pages")),
        ("Extractor", doc.get("extractor")),
        ("Doc id", doc_id),
    ]
    meta = "".join(
        f'<div><span class="k">{esc(k)}</span><span class="v">{esc(v)}</span></div>'
        for k, v in meta_items
        if v is not None
    )
    status = doc.get("status") or "ok"
    status_cls = {"ok": "ok", "partial": "sev-warning", "failed": "sev-error"}.get(status, "kind")
    alerts = ""
    if doc.get("error"):
        alerts += (
            '<div class="alert sev-error"><strong>Conversion failed:</strong> '
            f"{esc(doc['error'])}</div>"
        )
    if not src.available:
        alerts += (
            f'<div class="alert sev-warning">{esc(src.problem)}: '
            "the page shows the extracted tables only.</div>"
        )
    elif src.warning:
        alerts += f'<div class="alert sev-warning">{esc(src.warning)}.</div>'
    subtitle = f'<p class="subtitle">{esc(doc["title"])}</p>' if doc.get("title") else ""
    header = (
        '<header class="dochead">'
        f'<div class="eyebrow">Handlingsplan review · <code>{esc(doc.get("source"))}</code></div>'
        f"<h1>{esc(_doc_title(doc))}</h1>"
        f"{subtitle}"
        f'<div class="meta">{meta}<div><span class="k">Status</span>'
        f'<span class="v">{badge(status, status_cls)}</span></div></div>'
        f"{alerts}</header>"
    )
    body = f'<div class="layout">{nav}<main>{header}{"".join(sections)}</main></div>'
    return _page(_doc_title(doc), body)


# --- index page ------------------------------------------------------------------------


def budget_by_theme(data: Dataset) -> pd.DataFrame:
    """Sum of tiltak.budget_nok per pilot and theme (delmål theme), with the plan years."""
    t = data.frames["tiltak"][["doc_id", "delmal_no", "budget_nok"]].copy()
    t["budget_nok"] = pd.to_numeric(t["budget_nok"], errors="coerce")
    t = t[t["budget_nok"].notna()]
    if t.empty:
        return pd.DataFrame(columns=["pilot", "theme", "budget_nok", "years"])
    d = data.frames["delmal"][["doc_id", "delmal_no", "theme"]].astype(object)
    d = d.drop_duplicates(["doc_id", "delmal_no"])
    docs = data.frames["documents"][["doc_id", "pilot", "plan_year"]].astype(object)
    t = t.astype({"doc_id": object, "delmal_no": object})
    merged = t.merge(d, on=["doc_id", "delmal_no"], how="left").merge(docs, on="doc_id", how="left")
    merged["pilot"] = merged["pilot"].where(merged["pilot"].notna(), "(no pilot)")
    merged["theme"] = merged["theme"].where(merged["theme"].notna(), "(no delmål)")
    merged["plan_year"] = pd.to_numeric(merged["plan_year"], errors="coerce")
    grouped = (
        merged.groupby(["pilot", "theme"], sort=True)
        .agg(budget_nok=("budget_nok", "sum"))
        .reset_index()
    )
    years = (
        merged.dropna(subset=["plan_year"])
        .groupby("pilot")["plan_year"]
        .apply(lambda s: ", ".join(str(int(y)) for y in sorted(set(s))))
    )
    grouped["years"] = grouped["pilot"].map(years).fillna("")
    return grouped.sort_values(["pilot", "theme"]).reset_index(drop=True)


def budget_chart_svg(frame: pd.DataFrame) -> str:
    """Horizontal grouped bar chart: one group per theme, one bar per pilot."""
    pilots = sorted(frame["pilot"].unique())
    totals = frame.groupby("theme")["budget_nok"].sum()
    themes = sorted(totals.index, key=lambda th: (-totals[th], str(th)))
    values = {(r.pilot, r.theme): float(r.budget_nok) for r in frame.itertuples()}
    years = {r.pilot: r.years for r in frame.itertuples()}
    vmax = max(values.values()) if values else 1.0
    colours = {p: CHART_COLOURS[n % len(CHART_COLOURS)] for n, p in enumerate(pilots)}

    width, label_w, right_pad = 1120, 230, 120
    bar_h, bar_gap, group_gap = 18, 4, 16
    legend_h = 28 + 22 * ((len(pilots) + 2) // 3)
    plot_w = width - label_w - right_pad
    group_h = len(pilots) * (bar_h + bar_gap) - bar_gap
    height = legend_h + len(themes) * (group_h + group_gap) + 30

    # Nice grid step.
    step = 1.0
    for s in (1e4, 2.5e4, 5e4, 1e5, 2.5e5, 5e5, 1e6, 2.5e6, 5e6, 1e7, 2.5e7, 5e7, 1e8):
        step = s
        if vmax / s <= 6:
            break
    top = step * max(1, -(-vmax // step))

    def x(v: float) -> float:
        return label_w + plot_w * v / top

    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="chart-title">'
        '<title id="chart-title">Budget per theme and pilot (sum of tiltak budgets)</title>'
    ]
    # Legend.
    for n, p in enumerate(pilots):
        lx = label_w + (n % 3) * (plot_w + right_pad) / 3
        ly = 10 + 22 * (n // 3)
        label = f"{p} ({years[p]})" if years.get(p) else p
        out.append(
            f'<rect x="{lx:.1f}" y="{ly}" width="14" height="14" rx="3" fill="{colours[p]}"/>'
            f'<text x="{lx + 20:.1f}" y="{ly + 11}" class="legend">{esc(label)}</text>'
        )
    y0 = legend_h
    y_end = height - 24
    # Grid lines and axis labels.
    k = 0
    while k * step <= top + 1e-9:
        gx = x(k * step)
        out.append(
            f'<line x1="{gx:.1f}" y1="{y0 - 6}" x2="{gx:.1f}" y2="{y_end}" class="grid"/>'
            f'<text x="{gx:.1f}" y="{y_end + 16}" class="axis" text-anchor="middle">'
            f"{esc(_short_nok(k * step))}</text>"
        )
        k += 1
    for g, theme in enumerate(themes):
        gy = y0 + g * (group_h + group_gap)
        out.append(
            f'<text x="{label_w - 12}" y="{gy + group_h / 2 + 5:.1f}" class="label" '
            'text-anchor="end">'
            f"{esc(theme_name(theme) if theme in THEME_NAMES else theme)}</text>"
        )
        for n, p in enumerate(pilots):
            v = values.get((p, theme))
            by = gy + n * (bar_h + bar_gap)
            if v is None:
                continue
            w = max(1.0, x(v) - label_w)
            out.append(
                f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="{bar_h}" rx="3" '
                f'fill="{colours[p]}">'
                f"<title>{esc(p)} · {esc(theme_name(theme))}: {esc(fmt_nok(v))}</title></rect>"
                f'<text x="{label_w + w + 6:.1f}" y="{by + bar_h - 5}" class="value">'
                f"{esc(fmt_nok(v))}</text>"
            )
    out.append(
        f'<line x1="{label_w}" y1="{y0 - 6}" x2="{label_w}" y2="{y_end}" class="axisline"/></svg>'
    )
    return "".join(out)


def _short_nok(v: float) -> str:
    """Axis label: '0', '250 000', '1,5 mill.'."""
    if v >= 1e6:
        s = f"{v / 1e6:.2f}".rstrip("0").rstrip(".")
        return f"{s.replace('.', ',')} mill."
    return f"{round(v):,}".replace(",", "\u202f")


def render_index(data: Dataset, docs: list[dict[str, Any]], pages: dict[str, str]) -> str:
    sev_counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in data.rows["checks"]:
        sev_counts[c.get("doc_id")][c.get("severity") or "info"] += 1
    n_tiltak: dict[str, int] = defaultdict(int)
    budget: dict[str, float] = defaultdict(float)
    for t in data.rows["tiltak"]:
        n_tiltak[t.get("doc_id")] += 1
        if t.get("budget_nok") is not None:
            budget[t.get("doc_id")] += t["budget_nok"]
    rows = []
    for d in docs:
        doc_id = d["doc_id"]
        counts = sev_counts.get(doc_id, {})
        sev = " ".join(
            badge(n_sev(counts[s], s), "sev-" + s) for s in SEVERITIES if counts.get(s)
        ) or badge("none", "ok")
        status = d.get("status") or "ok"
        status_cls = {"ok": "ok", "partial": "sev-warning", "failed": "sev-error"}.get(
            status, "kind"
        )
        source = d.get("source") or ""
        name = source.replace("\\", "/").rsplit("/", 1)[-1]
        href = esc(pages[doc_id])
        pilot = esc(d.get("pilot")) or '<span class="muted">–</span>'
        money = esc(fmt_nok(budget[doc_id])) if doc_id in budget else '<span class="muted">–</span>'
        rows.append(
            f'<tr><td><a class="doclink" href="{href}">{esc(name)}</a>'
            f'<div class="muted small">{esc(d.get("title"))}</div></td>'
            f'<td>{esc(d.get("doc_type"))}</td><td class="nowrap">{pilot}</td>'
            f'<td class="num">{esc(d.get("plan_year"))}</td>'
            f'<td class="center">{esc(d.get("language"))}</td>'
            f"<td>{badge(status, status_cls, d.get('error'))}</td><td>{sev}</td>"
            f'<td class="num">{n_tiltak.get(doc_id, 0)}</td>'
            f'<td class="num money">{money}</td>'
            f'<td><a class="open" href="{href}">Open&nbsp;→</a></td></tr>'
        )
    table = (
        '<div class="tablewrap"><table class="grid docs"><thead><tr><th>Source</th><th>Type</th>'
        "<th>Pilot</th><th>Plan year</th><th>Lang.</th><th>Status</th><th>Checks</th>"
        '<th class="num">Tiltak</th><th class="num">Budget</th><th></th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        if docs
        else empty_note("The dataset has no documents.")
    )
    frame = budget_by_theme(data)
    if frame.empty:
        chart = empty_note("No tiltak budgets in the dataset: nothing to chart.")
    else:
        chart = (
            '<p class="lead">Sum of <code>tiltak.budget_nok</code> per delmål theme, by pilot '
            "(all plan years of a pilot together; the years are in the legend).</p>"
            f'<div class="chartwrap">{budget_chart_svg(frame)}</div>'
        )
    total_checks = {s: sum(c.get(s, 0) for c in sev_counts.values()) for s in SEVERITIES}
    card_items = [
        ("", len(docs), "documents"),
        ("", len(data.rows["tiltak"]), "tiltak"),
        ("", len(data.rows["amounts"]), "amounts"),
        *((f" sev-{s}", total_checks[s], SEVERITY_TITLES[s].lower()) for s in SEVERITIES),
    ]
    cards = (
        '<div class="cards">'
        + "".join(
            f'<div class="card{cls}"><div class="big">{n}</div><div>{esc(label)}</div></div>'
            for cls, n, label in card_items
        )
        + "</div>"
    )
    body = (
        '<div class="layout single"><main>'
        '<header class="dochead"><div class="eyebrow">Bygdevekst · handlingsplaner</div>'
        "<h1>Review report</h1>"
        '<p class="subtitle">One page per submitted document: checks, table of contents, '
        "delmål and tiltak next to their source lines, amounts and budgets.</p>"
        f"{cards}</header>"
        + _section("documents", "Documents", table, _count(len(docs)))
        + _section("chart", "Budget per theme and pilot", chart)
        + "</main></div>"
    )
    return _page("Handlingsplaner — review report", body)


# --- page shell ------------------------------------------------------------------------

CSS = """
:root {
  --bg:#f4f5f7;
  --surface:#fff;
  --text:#1c2430;
  --muted:#667085;
  --line:#e3e6ea;
  --accent:#1f4e99;
  --accent-soft:#e8eef9;
  --err:#b42318;
  --err-bg:#fef0ee;
  --warn:#a15c07;
  --warn-bg:#fff6e0;
  --info:#175cd3;
  --info-bg:#eaf2ff;
  --ok:#067647;
  --ok-bg:#e6f6ed;
  --mono:ui-monospace,"SFMono-Regular","DejaVu Sans Mono",Menlo,Consolas,monospace;
  --sans:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif;
}
* { box-sizing:border-box }
body {
  margin:0;
  background:var(--bg);
  color:var(--text);
  font:15px/1.55 var(--sans);
  -webkit-font-smoothing:antialiased;
}
a { color:var(--accent); text-decoration:none }
a:hover { text-decoration:underline }
code {
  font-family:var(--mono);
  font-size:.88em;
  background:#f0f2f5;
  padding:.05em .35em;
  border-radius:4px;
}
h1 { font-size:1.75rem; line-height:1.25; margin:.15rem 0 .25rem; letter-spacing:-.01em }
h2 { font-size:1.15rem; margin:0; display:inline }
h3 { font-size:1rem; margin:1.1rem 0 .5rem }
h4 { font-size:1rem; margin:0; line-height:1.35 }
.layout { display:grid; grid-template-columns:250px minmax(0,1fr); min-height:100vh }
.layout.single { grid-template-columns:minmax(0,1fr) }
.layout.single main { max-width:1240px; margin:0 auto; width:100% }
main { padding:24px 32px 80px; min-width:0 }
nav.side {
  position:sticky;
  top:0;
  height:100vh;
  overflow:auto;
  background:#18243a;
  color:#d0d7e2;
  padding:20px 14px 24px;
  font-size:.9rem;
}
nav.side a { color:#d0d7e2 }
nav.side a:hover { color:#fff; text-decoration:none }
nav.side .back { display:inline-block; margin-bottom:14px; color:#9fb3d1; font-size:.85rem }
.nav-title { font-weight:650; color:#fff; font-size:1.02rem; line-height:1.3 }
.nav-sub { color:#9fb3d1; margin-bottom:14px }
nav.side ul { list-style:none; margin:0; padding:0 }
nav.side>ul>li>a { display:block; padding:5px 8px; border-radius:6px }
nav.side>ul>li>a.active, nav.side>ul>li>a:hover { background:rgba(255,255,255,.09); color:#fff }
nav.side ul.sub { margin:2px 0 6px 10px; border-left:1px solid #33445f; padding-left:8px }
nav.side ul.sub li>a { display:block; padding:2px 4px; color:#b7c4d8; font-size:.86rem }
nav.side .tk { display:flex; flex-wrap:wrap; gap:3px; padding:2px 4px 4px }
nav.side .tk a {
  font-family:var(--mono);
  font-size:.72rem;
  background:#24344f;
  border-radius:4px;
  padding:0 5px;
}
nav.side .dot {
  display:inline-block;
  min-width:20px;
  text-align:center;
  border-radius:10px;
  font-size:.72rem;
  padding:0 5px;
  margin-left:4px;
  font-weight:650;
}
.dot.sev-error { background:var(--err); color:#fff }
.dot.sev-warning { background:#f0b429; color:#3b2a00 }
.dot.sev-info { background:#5b8def; color:#fff }
.nav-tools { margin-top:18px; display:flex; gap:6px }
.nav-tools button {
  flex:1;
  font:inherit;
  font-size:.78rem;
  background:#24344f;
  color:#d0d7e2;
  border:1px solid #33445f;
  border-radius:6px;
  padding:4px 6px;
  cursor:pointer;
}
.nav-tools button:hover { background:#2e4266; color:#fff }
.dochead {
  background:var(--surface);
  border:1px solid var(--line);
  border-top:4px solid var(--accent);
  border-radius:10px;
  padding:18px 22px;
  margin-bottom:18px;
}
.eyebrow {
  color:var(--muted);
  font-size:.82rem;
  text-transform:uppercase;
  letter-spacing:.06em;
}
.eyebrow code { text-transform:none; letter-spacing:0 }
.subtitle { color:var(--muted); margin:0 0 .6rem }
.meta { display:flex; flex-wrap:wrap; gap:8px 26px; margin-top:10px }
.meta>div { display:flex; flex-direction:column }
.meta .k {
  font-size:.72rem;
  text-transform:uppercase;
  letter-spacing:.05em;
  color:var(--muted);
}
.meta .v { font-weight:600 }
details.sec {
  background:var(--surface);
  border:1px solid var(--line);
  border-radius:10px;
  margin:0 0 16px;
  box-shadow:0 1px 2px rgba(16,24,40,.04);
}
details.sec>summary {
  list-style:none;
  cursor:pointer;
  display:flex;
  align-items:center;
  gap:10px;
  flex-wrap:wrap;
  padding:14px 20px;
  border-radius:10px;
}
details.sec>summary::-webkit-details-marker, details.delmal>summary::-webkit-details-marker {
  display:none;
}
details.sec[open]>summary { border-bottom:1px solid var(--line); border-radius:10px 10px 0 0 }
details.sec>summary:hover { background:#fafbfc }
.chev {
  margin-left:auto;
  width:9px;
  height:9px;
  border-right:2px solid var(--muted);
  border-bottom:2px solid var(--muted);
  transform:rotate(-45deg);
  transition:transform .15s;
}
details[open]>summary .chev { transform:rotate(45deg) }
.sec-body { padding:14px 20px 18px }
.count {
  background:#eef0f3;
  color:#475467;
  border-radius:10px;
  padding:0 8px;
  font-size:.8rem;
  font-weight:600;
}
.badge {
  display:inline-block;
  border-radius:999px;
  padding:1px 9px;
  font-size:.76rem;
  font-weight:600;
  line-height:1.6;
  white-space:nowrap;
  background:#eef0f3;
  color:#344054;
  vertical-align:middle;
}
.badge.sev-error { background:var(--err-bg); color:var(--err) }
.badge.sev-warning { background:var(--warn-bg); color:var(--warn) }
.badge.sev-info { background:var(--info-bg); color:var(--info) }
.badge.ok { background:var(--ok-bg); color:var(--ok) }
.badge.theme { background:var(--accent-soft); color:var(--accent) }
.badge.ended { background:#f2f4f7; color:#667085; border:1px solid #d0d5dd }
.badge.review { background:#fdf0ff; color:#9c2fae }
.st-continued, .st-new { background:var(--ok-bg)!important; color:var(--ok)!important }
.st-revised { background:var(--info-bg)!important; color:var(--info)!important }
.st-merged { background:#f4ebff!important; color:#6941c6!important }
.st-ended { background:#f2f4f7!important; color:#475467!important }
.st-dropped { background:var(--err-bg)!important; color:var(--err)!important }
.k-budget { background:#e6f6ed; color:#05603a }
.k-total { background:#e8eef9; color:#1f4e99 }
.k-allocation { background:#fff6e0; color:#8a4b00 }
.k-rate { background:#f4ebff; color:#6941c6 }
.k-other { background:#f2f4f7; color:#475467 }
.muted { color:var(--muted) }
.small { font-size:.82rem }
.lead { margin:0 0 12px; color:#344054 }
.empty { margin:0; color:var(--muted); font-style:italic }
.yes { color:var(--ok); font-weight:700 }
.no { color:var(--err); font-weight:700 }
.warn { color:var(--warn); font-size:.8rem; white-space:nowrap }
.alert { border-radius:8px; padding:10px 14px; margin:12px 0 0; border:1px solid }
.alert.sev-error { background:var(--err-bg); color:var(--err); border-color:#fecdca }
.alert.sev-warning { background:var(--warn-bg); color:var(--warn); border-color:#fedf89 }
.sevgroup { border-left:4px solid; border-radius:6px; padding:4px 0 4px 14px; margin:0 0 14px }
.sevgroup h3 { margin:.2rem 0 .4rem; font-size:.98rem }
.sevgroup.sev-error { border-color:var(--err) }
.sevgroup.sev-warning { border-color:#f0b429 }
.sevgroup.sev-info { border-color:#5b8def }
ul.checks { list-style:none; margin:0; padding:0 }
ul.checks li { padding:8px 0; border-top:1px solid var(--line) }
ul.checks li:first-child { border-top:0 }
.check-head { display:flex; gap:12px; align-items:baseline; font-size:.85rem }
.check-msg { margin-top:2px }
a.ref, span.ref { font-size:.84rem; white-space:nowrap; font-variant-numeric:tabular-nums }
a.ref { border-bottom:1px dotted currentColor }
a.ref:hover { text-decoration:none; border-bottom-style:solid }
.tablewrap { overflow-x:auto }
table.grid { border-collapse:collapse; width:100%; font-size:.9rem }
table.grid th {
  text-align:left;
  font-size:.75rem;
  text-transform:uppercase;
  letter-spacing:.04em;
  color:var(--muted);
  font-weight:650;
  background:#f8f9fb;
  border-bottom:1px solid var(--line);
  padding:7px 10px;
  white-space:nowrap;
}
table.grid td { border-bottom:1px solid #eef0f3; padding:7px 10px; vertical-align:top }
table.grid tbody tr:hover td { background:#fafbfd }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums }
td.center { text-align:center }
.nowrap { white-space:nowrap }
td.differs { background:var(--warn-bg)!important }
table.toc tr.lvl-2 .toc-title { padding-left:28px; color:#344054 }
table.toc tr.missing td { background:#fff8f7 }
td.title-cell { min-width:200px }
mark.ctx { background:#fff1a8; border-radius:3px; padding:0 2px }
.tag-sm {
  font-size:.68rem;
  text-transform:uppercase;
  letter-spacing:.04em;
  color:var(--muted);
  border:1px solid var(--line);
  border-radius:4px;
  padding:0 4px;
  margin-right:6px;
}
td.comment, td.context { color:#475467; font-size:.86rem; min-width:200px }
table.grid tr.group th {
  background:var(--accent-soft);
  color:var(--accent);
  text-transform:none;
  letter-spacing:0;
  font-size:.86rem;
  padding:6px 10px;
}
table.grid tr.group th span { color:#344054; font-weight:500; margin-left:6px }
.key-sm {
  font-family:var(--mono);
  font-weight:700;
  font-size:.82rem;
  background:#eef2fa;
  color:var(--accent);
  border-radius:4px;
  padding:0 5px;
}
.raw { color:var(--muted); font-size:.78rem; margin-top:2px }
.money { font-variant-numeric:tabular-nums; white-space:nowrap }
table.budget tbody th {
  text-transform:none;
  letter-spacing:0;
  font-size:.9rem;
  color:var(--text);
  background:none;
  font-weight:500;
  white-space:normal;
  border-bottom:1px solid #eef0f3;
}
table.budget tr.sumrow td, table.budget tr.sumrow th { font-weight:700; background:#f8f9fb }
a.cell, span.cell { color:inherit; white-space:nowrap }
a.cell:hover { color:var(--accent); text-decoration:underline }
td.ambiguous { background:#fff6e0!important }
tr.needs-review td { background:#fdf7ff }
.score {
  display:inline-block;
  width:60px;
  height:6px;
  background:#eef0f3;
  border-radius:3px;
  margin-right:6px;
  vertical-align:middle;
  overflow:hidden;
}
.score span { display:block; height:100%; background:var(--accent) }
details.delmal {
  border:1px solid var(--line);
  border-radius:10px;
  margin:0 0 14px;
  background:#fbfcfd;
}
details.delmal>summary {
  list-style:none;
  cursor:pointer;
  display:flex;
  flex-wrap:wrap;
  gap:6px 12px;
  align-items:center;
  padding:12px 16px;
  background:var(--accent-soft);
  border-radius:10px;
}
details.delmal[open]>summary { border-radius:10px 10px 0 0 }
.dno { font-weight:700; color:var(--accent); white-space:nowrap }
.dtitle { font-weight:650; font-size:1.04rem }
.dmeta {
  display:flex;
  flex-wrap:wrap;
  gap:4px 18px;
  padding:8px 16px 0;
  font-size:.84rem;
  color:#475467;
}
article.tiltak {
  background:var(--surface);
  border:1px solid var(--line);
  border-radius:8px;
  margin:12px 14px;
  scroll-margin-top:12px;
}
article.tiltak>header {
  display:flex;
  gap:10px;
  align-items:baseline;
  padding:10px 14px;
  border-bottom:1px solid #eef0f3;
}
article.tiltak .key {
  font-family:var(--mono);
  font-weight:700;
  color:#fff;
  background:var(--accent);
  border-radius:5px;
  padding:0 7px;
  font-size:.85rem;
}
article.tiltak.is-ended .key { background:#98a2b3 }
article.tiltak.is-ended h4 { color:#475467 }
.head-badges { margin-left:auto; display:flex; gap:6px; align-items:center }
.money-pill {
  font-variant-numeric:tabular-nums;
  font-weight:650;
  color:#05603a;
  background:var(--ok-bg);
  border-radius:999px;
  padding:0 9px;
  font-size:.82rem;
  white-space:nowrap;
}
.cols {
  display:grid;
  grid-template-columns:minmax(0,5fr) minmax(0,6fr);
  gap:14px;
  padding:12px 14px;
  align-items:start;
}
dl.fields {
  display:grid;
  grid-template-columns:130px minmax(0,1fr);
  align-content:start;
  gap:5px 12px;
  margin:0;
  font-size:.88rem;
}
dl.fields dt {
  color:var(--muted);
  font-size:.78rem;
  text-transform:uppercase;
  letter-spacing:.03em;
  padding-top:2px;
}
dl.fields dd { margin:0; overflow-wrap:anywhere }
.evidence { font-size:.82rem; color:#475467 }
.chip {
  display:inline-block;
  font-family:var(--mono);
  font-size:.78rem;
  border-radius:5px;
  padding:0 6px;
  margin:1px 0;
}
figure.excerpt { margin:0 0 10px }
figure.excerpt figcaption {
  font-size:.72rem;
  text-transform:uppercase;
  letter-spacing:.05em;
  color:var(--muted);
  margin-bottom:3px;
}
.code {
  font-family:var(--mono);
  font-size:12.5px;
  line-height:1.55;
  background:#fbfbfc;
  border:1px solid #eceef2;
  border-radius:6px;
  overflow-x:auto;
}
.excerpt .code { background:#f7f8fa }
.x-line, .l { display:flex; align-items:flex-start; min-height:19px }
.x-line .n, .l .n {
  flex:none;
  width:52px;
  text-align:right;
  padding-right:10px;
  color:#98a2b3;
  user-select:none;
  border-right:1px solid #eceef2;
  margin-right:10px;
}
.x-line .t, .l .t { white-space:pre-wrap; overflow-wrap:anywhere; flex:1; min-width:0 }
.x-line.before { opacity:.55 }
.x-line.focus { background:#fff8db }
.x-line.focus .n { color:var(--warn); font-weight:700 }
.x-gap { height:6px; border-top:1px dashed #e3e6ea; margin:2px 0 2px 62px }
.x-page {
  font-size:.7rem;
  color:var(--muted);
  padding:1px 0 1px 62px;
  border-top:1px solid #e3e6ea;
}
mark.amt {
  border-radius:3px;
  padding:0 2px;
  box-shadow:inset 0 -2px 0 rgba(0,0,0,.15);
  font-weight:600;
}
mark.amt.k-budget { background:#c8f0d8; color:#05603a }
mark.amt.k-total { background:#d4e2fb; color:#1f4e99 }
mark.amt.k-allocation { background:#ffe6a8; color:#7a3e00 }
mark.amt.k-rate { background:#eadcff; color:#5b34a8 }
mark.amt.k-other { background:#fff1a8; color:#4d3b00 }
.pagebreak {
  display:flex;
  align-items:center;
  gap:10px;
  margin:16px 0 6px;
  color:var(--muted);
  font-size:.75rem;
  text-transform:uppercase;
  letter-spacing:.08em;
  scroll-margin-top:12px;
}
.pagebreak::before, .pagebreak::after { content:""; flex:1; border-top:1px dashed #cfd4dc }
.l { scroll-margin-top:40vh }
.l.blank { min-height:0; height:6px; overflow:hidden }
.l.blank .n { font-size:0 }
.l:target, .l.flash {
  background:#fff3b0!important;
  outline:2px solid #f0b429;
  outline-offset:-2px;
}
mark.amt:target { outline:2px solid var(--accent) }
.l.chk-error { background:var(--err-bg) }
.l.chk-warning { background:var(--warn-bg) }
.l.chk-info { background:#f3f7ff }
.l.chk-error .n { border-right:3px solid var(--err) }
.l.chk-warning .n { border-right:3px solid #f0b429 }
.l.chk-info .n { border-right:3px solid #5b8def }
.tag {
  flex:none;
  margin:1px 6px 0 8px;
  font-family:var(--sans);
  font-size:.68rem;
  font-weight:650;
  border-radius:4px;
  padding:0 6px;
  line-height:1.5;
  white-space:nowrap;
  background:#eef0f3;
  color:#475467;
}
a.tag:hover { text-decoration:none; filter:brightness(.95) }
.tag.tg-tiltak { background:var(--accent); color:#fff }
.tag.tg-delmal { background:#18243a; color:#fff }
.tag.tg-prev { background:#f4ebff; color:#6941c6 }
.tag.sev-error { background:var(--err); color:#fff }
.tag.sev-warning { background:#f0b429; color:#3b2a00 }
.tag.sev-info { background:#5b8def; color:#fff }
.cards { display:flex; flex-wrap:wrap; gap:12px; margin-top:14px }
.card {
  flex:1;
  min-width:120px;
  border:1px solid var(--line);
  border-radius:8px;
  padding:10px 14px;
  background:#fbfcfd;
}
.card .big {
  font-size:1.6rem;
  font-weight:700;
  line-height:1.2;
  font-variant-numeric:tabular-nums;
}
.card.sev-error .big { color:var(--err) }
.card.sev-warning .big { color:var(--warn) }
.card.sev-info .big { color:var(--info) }
a.doclink { font-weight:650 }
a.open { white-space:nowrap; font-weight:600 }
.chartwrap { overflow-x:auto }
svg.chart { max-width:100%; height:auto; font-family:var(--sans) }
svg.chart .legend { font-size:13px; fill:#344054 }
svg.chart .label { font-size:13px; fill:#1c2430; font-weight:600 }
svg.chart .value { font-size:12px; fill:#475467 }
svg.chart .axis { font-size:11px; fill:#667085 }
svg.chart .grid { stroke:#eef0f3; stroke-width:1 }
svg.chart .axisline { stroke:#98a2b3; stroke-width:1 }
@media (max-width:1000px) {
  .layout { grid-template-columns:1fr }
  nav.side { position:static; height:auto }
  .cols { grid-template-columns:1fr }
  main { padding:16px }
}
@media print {
  nav.side { display:none }
  .layout { display:block }
  details.sec, article.tiltak { break-inside:avoid-page }
}
"""

JS = """
(function () {
  function reveal(id) {
    var el = document.getElementById(id);
    if (!el) return;
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") p.open = true;
    }
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest('a[href^="#"]');
    if (a) reveal(decodeURIComponent(a.getAttribute("href").slice(1)));
  });
  window.addEventListener("hashchange", function () {
    reveal(decodeURIComponent(location.hash.slice(1)));
  });
  if (location.hash) {
    var id = decodeURIComponent(location.hash.slice(1));
    reveal(id);
    var target = document.getElementById(id);
    if (target) target.scrollIntoView();
  }
  document.querySelectorAll(".nav-tools button").forEach(function (b) {
    b.addEventListener("click", function () {
      var open = b.getAttribute("data-act") === "open";
      document.querySelectorAll("details").forEach(function (d) { d.open = open; });
    });
  });
  var links = {};
  document.querySelectorAll("nav.side > ul > li > a").forEach(function (a) {
    links[a.getAttribute("href").slice(1)] = a;
  });
  if ("IntersectionObserver" in window) {
    var obs = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting && links[e.target.id]) {
          for (var k in links) links[k].classList.remove("active");
          links[e.target.id].classList.add("active");
        }
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    document.querySelectorAll("details.sec").forEach(function (s) { obs.observe(s); });
  }
})();
"""


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="nb">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="hplan report">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n{body}\n<script>{JS}</script>\n</body>\n</html>\n"
    )


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(text.encode("utf-8"))
    os.replace(tmp, path)


# --- entry point -----------------------------------------------------------------------


def write_report(data_dir: Path, out_dir: Path) -> list[Path]:
    """Write ``index.html`` and one ``<doc_id>.html`` per document; return their paths.

    ``data_dir`` is a folder written by ``hplan run``; ``out_dir`` is created if needed.
    The first path returned is the index, then the document pages in index order.
    """
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    data = load_dataset(data_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    docs = []
    seen: set[str] = set()
    for d in sorted(
        (d for d in data.rows["documents"] if d.get("doc_id")),
        key=lambda d: (d.get("source") or "", d["doc_id"]),
    ):
        if d["doc_id"] not in seen:  # the same file given twice: one page
            seen.add(d["doc_id"])
            docs.append(d)
    doc_ids = {d["doc_id"] for d in docs}
    pages = {d["doc_id"]: f"{slug(d['doc_id'])}.html" for d in docs}
    written: list[Path] = []
    for d in docs:
        src = load_source(d, data_dir)
        path = out_dir / pages[d["doc_id"]]
        _write(path, render_document(d, data, src, doc_ids))
        written.append(path)
    index = out_dir / "index.html"
    _write(index, render_index(data, docs, pages))
    return [index, *written]
