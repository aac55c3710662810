"""Requirements stage: KDD's rules for a handlingsplan, judged for one plan.

The rules, the letter's words, how each is judged, the word cues and the evidence
phrases are data (``extract/data/requirements.toml``); KDD's allocation per pilot is
``extract/data/allocations.toml``. This module holds the logic only: one judge per rule
id, each reading what the earlier stages put on the :class:`Document` (tiltak, budget
rows, previous-year rows, checks) and, where a rule is about wording, the plan's own
sentences. Each judge returns a verdict and the parts of its evidence, each part with the
page and line it rests on, so the report can link every part to its source line.

Only handlingsplaner are judged; other documents get no rows. Wording alone never gives
``not_met``: a sentence that points at a forbidden use is ``unclear``, quoted for a
person to judge.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from hplan.extract.budget import (
    COLUMN_VOCAB,
    KDD_COLUMN,
    PERIOD_HEADING_RE,
    SUM_LABEL_RE,
    TOTAL_COLUMN,
    YEAR_HEADING_RE,
)
from hplan.extract.metadata import canonical_pilot
from hplan.extract.settings import Settings
from hplan.models.document import Document, Line
from hplan.models.records import BudgetRowRecord, RequirementRecord, TiltakRecord

VERDICTS = ("met", "not_met", "unclear")
QUOTE_CHARS = 180  # longest quoted sentence; longer ones are cut with "…"
MAX_PARTS = 12  # parts listed in one evidence cell; the rest are counted
EGENANDEL_COLUMN = next(name for name, _ in COLUMN_VOCAB if "egenandel" in name.lower())
_TOC_LEADERS = re.compile(r"\.{4,}|…{2,}")
_CHAPTER = re.compile(r"^\s*\d{1,2}\.\s+[A-ZÆØÅ]")
_MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
DATE_RE = re.compile(
    rf"\b\d{{1,2}}\.\s*(?:{_MONTHS})\s*\d{{4}}\b|\b\d{{1,2}}\.\d{{1,2}}\.(?:\d{{4}}|\d{{2}})\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[«\"(]?[A-ZÆØÅ0-9])")


# --- the rule data -------------------------------------------------------------------


def _data(name: str) -> dict[str, Any]:
    text = resources.files("hplan.extract").joinpath("data", name).read_text("utf-8")
    return tomllib.loads(text)


@cache
def rule_book() -> dict[str, Any]:
    """The parsed requirements.toml."""
    return _data("requirements.toml")


@cache
def allocation_table() -> dict[str, Any]:
    """The parsed allocations.toml (KDD's allocation per pilot and phase)."""
    return _data("allocations.toml")


def rules() -> list[dict[str, Any]]:
    return list(rule_book()["rule"])


@cache
def _rule(rule_id: str) -> dict[str, Any]:
    return next(r for r in rules() if r["id"] == rule_id)


@cache
def _cue_re(rule_id: str, name: str) -> re.Pattern[str]:
    return _any_re(_rule(rule_id)["cues"][name])


def _any_re(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@cache
def _prompt_re() -> re.Pattern[str]:
    return re.compile(
        "|".join(f"(?:{p})" for p in rule_book()["template"]["prompts"]), re.IGNORECASE | re.S
    )


# --- evidence --------------------------------------------------------------------------


@dataclass
class Part:
    """One piece of evidence: a phrase key of the rule's `say` table, its values, and
    the place it rests on."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    page: int | None = None
    line: int | None = None

    @classmethod
    def at(
        cls, phrase: str, place: Line | TiltakRecord | BudgetRowRecord | Any, **values: Any
    ) -> Part:
        if place is None:
            return cls(phrase, values)
        return cls(phrase, values, place.page, place.line)


def fmt_nok(value: int | None) -> str:
    return "–" if value is None else f"{value:,}".replace(",", " ")


def _where(part: Part, lang: str) -> str:
    if part.line is None:
        return ""
    page = "p." if lang == "en" else "s."
    if part.page is None:
        return f" (l. {part.line})"
    return f" ({page} {part.page}, l. {part.line})"


def render(rule_id: str, parts: list[Part], lang: str) -> str:
    say = _rule(rule_id)["say"]
    shown = parts[:MAX_PARTS]
    texts = [say[p.key][lang].format(**p.values) + _where(p, lang) for p in shown]
    if len(parts) > len(shown):
        more = len(parts) - len(shown)
        texts.append(f"and {more} more" if lang == "en" else f"og {more} til")
    return "; ".join(texts)


def quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


# --- reading the plan's sentences -----------------------------------------------------


@dataclass
class Sentence:
    text: str
    line: Line


def sentences(lines: list[Line]) -> list[Sentence]:
    """The sentences of a run of lines: paragraphs joined over line breaks, the
    template's prompts cut out, each sentence placed at the line where it starts."""
    out: list[Sentence] = []
    para: list[Line] = []

    def flush() -> None:
        if not para:
            return
        starts, chunks, pos = [], [], 0
        for ln in para:
            text = ln.text.strip()
            starts.append(pos)
            chunks.append(text)
            pos += len(text) + 1
        joined = " ".join(chunks)

        def line_at(offset: int) -> Line:
            k = 0
            while k + 1 < len(starts) and starts[k + 1] <= offset:
                k += 1
            return para[k]

        cut = 0
        pieces: list[tuple[int, str]] = []
        for m in _prompt_re().finditer(joined):
            pieces.append((cut, joined[cut : m.start()]))
            cut = m.end()
        pieces.append((cut, joined[cut:]))
        for base, piece in pieces:
            offset = 0
            for sent in _SENTENCE_END.split(piece):
                at = piece.find(sent, offset)
                offset = at + len(sent)
                stripped = sent.strip(" :")
                if len(stripped) > 3:
                    lead = len(sent) - len(sent.lstrip())
                    out.append(Sentence(stripped, line_at(base + at + lead)))
        para.clear()

    for ln in lines:
        if ln.is_blank or _TOC_LEADERS.search(ln.text):
            flush()
        else:
            para.append(ln)
    flush()
    return out


def _section_lines(doc: Document, kind: str, key: str) -> list[Line]:
    for s in doc.sections:
        if s.kind == kind and (s.tiltak_key if kind == "tiltak" else s.delmal_no) == key:
            return doc.lines[s.first_line : s.last_line + 1]
    return []


def _tiltak_sentences(doc: Document, t: TiltakRecord) -> list[Sentence]:
    return sentences(_section_lines(doc, "tiltak", t.tiltak_key)[1:])


def _live_tiltak(doc: Document) -> list[TiltakRecord]:
    return sorted(
        (t for t in doc.tiltak if not t.ended),
        key=lambda t: (t.page or 0, t.line or 0, t.tiltak_key),
    )


def _first(sents: Iterable[Sentence], pattern: re.Pattern[str]) -> Sentence | None:
    return next((s for s in sents if pattern.search(s.text)), None)


def _last(sents: list[Sentence], pattern: re.Pattern[str]) -> Sentence | None:
    """The last match: a tiltak section ends with its financing paragraph."""
    return _first(reversed(sents), pattern)


def _outside_tiltak(doc: Document) -> list[Line]:
    inside: set[int] = set()
    for s in doc.sections:
        if s.kind == "tiltak":
            inside.update(range(s.first_line, s.last_line + 1))
    return [ln for ln in doc.lines if ln.index not in inside]


# --- budget helpers --------------------------------------------------------------------


def _is_sum(row: BudgetRowRecord) -> bool:
    label = re.sub(r"^\s*\d{1,2}\.?\s*", "", row.label or "")
    return row.delmal_no is None and bool(SUM_LABEL_RE.match(label.strip()))


def _column_total(rows: list[BudgetRowRecord], column: str) -> tuple[int, BudgetRowRecord] | None:
    """A column's total: its SUM row, else the sum of its other rows."""
    cells = [r for r in rows if r.column == column and r.amount_nok is not None]
    if not cells:
        return None
    sums = [r for r in cells if _is_sum(r)]
    if sums:
        return sums[0].amount_nok or 0, sums[0]
    return sum(r.amount_nok or 0 for r in cells), cells[0]


def _heading(doc: Document, pattern: re.Pattern[str]) -> Line | None:
    return next(
        (ln for ln in doc.lines if pattern.search(ln.text) and not _TOC_LEADERS.search(ln.text)),
        None,
    )


# --- the judges ------------------------------------------------------------------------

Verdict = tuple[str, list[Part]]


def financing_per_tiltak(doc: Document) -> Verdict:
    live = _live_tiltak(doc)
    if not live:
        return "unclear", [Part("no_tiltak")]
    own_re = _cue_re("financing_per_tiltak", "own_effort")
    source_re = _cue_re("financing_per_tiltak", "source")
    own, source, none = [], [], []
    n_amount = 0
    for t in live:
        if t.budget_nok:
            n_amount += 1
            continue
        sents = _tiltak_sentences(doc, t)
        if s := _last(sents, own_re):
            own.append(Part.at("own", s.line, key=t.tiltak_key, quote=quote(s.text)))
        elif s := _last(sents, source_re):
            source.append(Part.at("source", s.line, key=t.tiltak_key, quote=quote(s.text)))
        else:
            none.append(Part.at("none", t, key=t.tiltak_key, title=quote(t.title)))
    if none:
        return "not_met", none + source + own
    if source:
        return "unclear", source + own
    summary = Part("all", {"n": len(live), "n_amount": n_amount, "n_own": len(own)})
    return "met", [summary, *own]


def cofinancing_shown(doc: Document) -> Verdict:
    year = [r for r in doc.budget_rows if r.table == "year"]
    found = []
    for column in dict.fromkeys(r.column for r in year):
        if column in (KDD_COLUMN, TOTAL_COLUMN):
            continue
        total = _column_total(year, column)
        if total and total[0] > 0:
            found.append((column, *total))
    if found:
        sources = ", ".join(f"{c} {fmt_nok(v)} kr" for c, v, _ in found)
        return "met", [Part.at("columns", found[0][2], sources=sources)]
    other = _cue_re("cofinancing_shown", "other_money")
    for a in doc.amounts:
        if a.amount_nok and a.kind != "rate" and a.context and other.search(a.context):
            return "unclear", [Part("text_only", {"quote": quote(a.context)}, a.page, a.line)]
    return "not_met", [Part("none")]


def _table_verdict(doc: Document, table: str, heading_re: re.Pattern[str]) -> Verdict:
    rows = [r for r in doc.budget_rows if r.table == table]
    delmal_rows = {r.delmal_no for r in rows if r.delmal_no is not None}
    heading = _heading(doc, heading_re)
    if not rows:
        if heading is not None:
            return "unclear", [Part.at("heading_only", heading, heading=heading.text.strip())]
        return "not_met", [Part("none")]
    first = min(rows, key=lambda r: (r.page or 0, r.line or 0))
    place = heading or first
    columns = list(dict.fromkeys(r.column for r in rows))
    if table == "period":
        years = sorted(c for c in columns if c.isdigit())
        if not years:
            return "unclear", [Part.at("no_years", place, n_rows=len(delmal_rows))]
        return "met", [Part.at("found", place, n_rows=len(delmal_rows), years=", ".join(years))]
    if KDD_COLUMN not in columns:
        return "unclear", [Part.at("no_kdd", place, columns=", ".join(columns))]
    return "met", [Part.at("found", place, n_rows=len(delmal_rows), columns=", ".join(columns))]


def budget_period_table(doc: Document) -> Verdict:
    return _table_verdict(doc, "period", PERIOD_HEADING_RE)


def budget_year_table(doc: Document) -> Verdict:
    return _table_verdict(doc, "year", YEAR_HEADING_RE)


def own_hours_shown(doc: Document) -> Verdict:
    year = [r for r in doc.budget_rows if r.table == "year"]
    parts = []
    total = _column_total(year, EGENANDEL_COLUMN)
    if total and total[0] > 0:
        parts.append(Part.at("column", total[1], amount=fmt_nok(total[0])))
    all_sents = sentences(doc.lines)
    cues = [_any_re([c]) for c in _rule("own_hours_shown")["cues"]["hours"]]
    ranked = sorted(
        (min(k for k, c in enumerate(cues) if c.search(s.text)), i, s.line.line)
        for i, s in enumerate(all_sents)
        if any(c.search(s.text) for c in cues)
    )
    for _, i, _ in ranked[:2]:
        parts.append(Part.at("hours", all_sents[i].line, quote=quote(all_sents[i].text)))
    if parts:
        return "met", parts
    effort_re = _cue_re("own_hours_shown", "effort")
    effort = [s for s in all_sents if effort_re.search(s.text)]
    if effort:
        return "unclear", [
            Part.at("words_only", effort[0].line, n=len(effort), quote=quote(effort[0].text))
        ]
    return "not_met", [Part("none")]


def _table_span(rows: list[BudgetRowRecord], table: str) -> tuple[tuple, tuple] | None:
    places = [(r.page or 0, r.line or 0) for r in rows if r.table == table]
    return (min(places), max(places)) if places else None


@cache
def _message_forms() -> list[tuple[re.Pattern[str], str]]:
    forms = _rule("sums_consistent")["message_nb"]["form"]
    return [(re.compile(f["pattern"]), f["nb"]) for f in forms]


def message_in_bokmal(message: str) -> str | None:
    """A mismatch check's English message in bokmål, rendered from its parts (the forms of
    requirements.toml); None when no form reads it or it carries a note the table does not
    know."""
    table = _rule("sums_consistent")["message_nb"]
    for pattern, nb in _message_forms():
        m = pattern.match(message)
        if m is None:
            continue
        values = m.groupdict()
        note = values.get("note")
        if note:
            if note not in table["notes"]:
                return None
            values["note"] = table["notes"][note]
        if "table" in values:
            values["table"] = table["tables"][values["table"]]
        return nb.format(**{k: v or "" for k, v in values.items()})
    return None


def message_nb(check: str, message: str) -> str:
    """:func:`message_in_bokmal`, or, for a message no form reads, the check named instead
    of its English message being quoted in the Norwegian evidence."""
    translated = message_in_bokmal(message)
    if translated is not None:
        return translated
    return _rule("sums_consistent")["message_nb"]["fallback"].format(check=check)


def sums_consistent(doc: Document) -> Verdict:
    rule = _rule("sums_consistent")
    rows = doc.budget_rows
    ambiguous = {r.table for r in rows if r.placement == "ambiguous"}
    spans = {t: _table_span(rows, t) for t in ("period", "year")}
    firm, doubtful = [], []
    for c in doc.checks:
        if c.check not in rule["mismatch_checks"]:
            continue
        if c.check in rule["placement_free_checks"]:
            tables: set[str] = set()
        elif c.check == "budget_period_vs_year":
            tables = {"period", "year"}
        elif c.check == "tiltak_vs_budget":
            tables = {"year"}
        else:
            at = (c.page or 0, c.line or 0)
            tables = {t for t, s in spans.items() if s and s[0] <= at <= s[1]}
        values = {"message": c.message, "message_nb": message_nb(c.check, c.message)}
        if tables & ambiguous:
            # A message that already names its ambiguous cell needs no second note.
            noted = c.message.endswith(tuple(rule["message_nb"]["notes"]))
            doubtful.append(Part("mismatch" if noted else "doubtful", values, c.page, c.line))
        else:
            firm.append(Part("mismatch", values, c.page, c.line))
    if firm:
        return "not_met", firm + doubtful
    if doubtful:
        return "unclear", doubtful
    if not rows:
        return "unclear", [Part("no_tables")]
    present = [t for t in ("period", "year") if spans[t]]
    names = {"en": {"period": "period table", "year": "plan-year table"}}
    first = min(rows, key=lambda r: (r.page or 0, r.line or 0))
    tables_en = " and ".join(names["en"][t] for t in present)
    part = Part.at("agree", first, tables=tables_en)
    part.values["tables_nb"] = " og ".join(
        {"period": "periodetabellen", "year": "årstabellen"}[t] for t in present
    )
    return "met", [part]


def within_allocation(doc: Document) -> Verdict:
    year_no = doc.meta.plan_year
    rows = [r for r in doc.budget_rows if r.table == "year"]
    asked = _column_total(rows, KDD_COLUMN)
    unknown = "–"
    asked_text = f"{fmt_nok(asked[0])} kr" if asked else unknown
    place = asked[1] if asked else None
    data = allocation_table()
    pilot = doc.meta.pilot
    entry = next(
        (
            p
            for p in data["pilot"]
            if pilot and canonical_pilot(p["name"]) == canonical_pilot(pilot)
        ),
        None,
    )
    if entry is None:
        names = ", ".join(p["name"] for p in data["pilot"])
        return "unclear", [
            Part.at(
                "no_pilot",
                place,
                pilot=pilot or unknown,
                pilots=names,
                year=year_no,
                asked=asked_text,
            )
        ]
    phase = next(
        (
            ph
            for ph in data["phase"]
            if year_no is not None and ph["first_year"] <= year_no <= ph["last_year"]
        ),
        None,
    )
    if phase is None:
        return "unclear", [Part.at("no_phase", place, year=year_no or unknown, asked=asked_text)]
    if asked is None:
        return "unclear", [Part("no_amount")]
    allocated = entry["amounts"][phase["name"]]
    values = {
        "year": year_no,
        "asked": fmt_nok(asked[0]),
        "pilot": entry["name"],
        "allocated": fmt_nok(allocated),
        "phase": phase["name"],
        "letter_line": entry["line"],
    }
    part = Part.at("within" if asked[0] <= allocated else "over", place, **values)
    if asked[1].placement == "ambiguous":
        return "unclear", [part]
    return ("met" if asked[0] <= allocated else "not_met"), [part]


def approved_and_signed(doc: Document) -> Verdict:
    block_re = _cue_re("approved_and_signed", "block")
    placeholder_re = _cue_re("approved_and_signed", "placeholder")
    heading = next(
        (
            ln
            for ln in doc.lines
            if block_re.search(ln.text.strip()) and not _TOC_LEADERS.search(ln.text)
        ),
        None,
    )
    parts: list[Part] = []
    signed = False
    if heading is not None:
        entries: list[Line] = []
        for ln in doc.lines[heading.index + 1 :]:
            if _CHAPTER.match(ln.text) or len(entries) >= 25:
                break
            if not ln.is_blank and not block_re.search(ln.text.strip()):
                entries.append(ln)
        title = heading.text.strip()
        dated = [ln for ln in entries if DATE_RE.search(ln.text)]
        holders = [ln for ln in entries if placeholder_re.search(ln.text)]
        if dated:
            signed = True
            listed = "; ".join(quote(ln.text) for ln in dated[:6])
            parts.append(Part.at("signed", heading, heading=title, entries=listed))
        elif entries and len(holders) == len(entries):
            sample = quote(holders[0].text)
            parts.append(Part.at("list_placeholders", heading, heading=title, placeholder=sample))
        elif entries:
            parts.append(Part.at("list_unsigned", heading, heading=title, n=len(entries)))
    decision_re = _cue_re("approved_and_signed", "decision")
    for s in sentences(_outside_tiltak(doc)):
        if (
            re.search(r"handlingsplan", s.text, re.IGNORECASE)
            and decision_re.search(s.text)
            and DATE_RE.search(s.text)
        ):
            parts.append(Part.at("decision", s.line, quote=quote(s.text)))
    if signed:
        return "met", parts
    if parts:
        return "unclear", parts
    return "not_met", [Part("none")]


def _text_timeframe(doc: Document, t: TiltakRecord) -> Sentence | None:
    """The first sentence answering the template's question about start, milestones and
    end in the tiltak's own section that names a year or a standing duration."""
    lines = _section_lines(doc, "tiltak", t.tiltak_key)
    asks = _cue_re("roles_and_timeframe", "milestones")
    start = next((i for i, ln in enumerate(lines) if asks.search(ln.text)), None)
    if start is None:
        return None
    end = next(
        (j for j in range(start + 1, len(lines)) if _prompt_re().search(lines[j].text)),
        len(lines),
    )
    says = _any_re(
        [
            *_rule("roles_and_timeframe")["cues"]["standing"],
            *_rule("roles_and_timeframe")["cues"]["year"],
        ]
    )
    return _first(sentences(lines[start + 1 : end]), says)


def roles_and_timeframe(doc: Document) -> Verdict:
    live = _live_tiltak(doc)
    if not live:
        return "unclear", [Part("no_tiltak")]
    standing = _cue_re("roles_and_timeframe", "standing")
    missing, vague, in_text = [], [], []
    for t in live:
        title = quote(t.title)
        if not (t.hovedansvarlig or "").strip():
            missing.append(Part.at("no_lead", t, key=t.tiltak_key, title=title))
        tid = (t.tidsramme or "").strip()
        if not tid and (said := _text_timeframe(doc, t)) is not None:
            in_text.append(
                Part.at(
                    "time_in_text", said.line, key=t.tiltak_key, title=title, quote=quote(said.text)
                )
            )
        elif not tid:
            missing.append(Part.at("no_time", t, key=t.tiltak_key, title=title))
        elif t.start_year is None and t.end_year is None and not standing.search(tid):
            vague.append(Part.at("vague_time", t, key=t.tiltak_key, title=title, tidsramme=tid))
    if missing:
        return "not_met", missing + vague + in_text
    if vague:
        return "unclear", vague + in_text
    return "met", [Part.at("all", live[0], n=len(live)), *in_text]


def yearly_update_explained(doc: Document) -> Verdict:
    meta = doc.meta
    if meta.plan_year is None or meta.agreement_start is None:
        return "unclear", [Part("no_year")]
    if meta.plan_year <= meta.agreement_start:
        values = {"year": meta.plan_year, "start": meta.agreement_start, "end": meta.agreement_end}
        return "met", [Part("first_year", values)]
    prose_re = _cue_re("yearly_update_explained", "prose")
    earlier_re = _cue_re("yearly_update_explained", "earlier_plan")

    def accounts(s: Sentence) -> bool:
        text = s.text
        return bool(
            prose_re.search(text) and earlier_re.search(text) and re.search(r"tiltak", text, re.I)
        )

    parts: list[Part] = []
    n_done = 0
    for d in doc.delmal:
        rows = [r for r in doc.previous_tiltak if r.delmal_no == d.delmal_no]
        if rows:
            n_done += 1
            counts = Counter(r.status or r.status_raw or "?" for r in rows)
            status_names = _rule("yearly_update_explained")["cues"]["status_names"]
            statuses = {
                lang: ", ".join(
                    f"{n} {status_names[s][lang] if s in status_names else s}"
                    for s, n in counts.most_common()
                )
                for lang in ("en", "nb")
            }
            first = min(rows, key=lambda r: (r.page or 0, r.line or 0))
            parts.append(
                Part(
                    "table",
                    {"delmal": d.delmal_no, "n": len(rows), "statuses": statuses},
                    first.page,
                    first.line,
                )
            )
            continue
        intro = _delmal_intro(doc, d.delmal_no)
        said = _first((s for s in sentences(intro) if accounts(s)), re.compile(""))
        if said:
            n_done += 1
            parts.append(Part.at("prose", said.line, delmal=d.delmal_no, quote=quote(said.text)))
        else:
            parts.append(Part.at("missing", d, delmal=d.delmal_no))
    if doc.delmal and n_done == len(doc.delmal):
        return "met", parts
    if n_done:
        return "unclear", [p for p in parts if p.key == "missing"] + [
            p for p in parts if p.key != "missing"
        ]
    general = _first(
        sentences(_outside_tiltak(doc)),
        re.compile(rf"(?=.*(?:{prose_re.pattern}))(?=.*(?:{earlier_re.pattern}))", re.I | re.S),
    )
    if general:
        return "not_met", [
            Part("none"),
            Part.at("plan_prose", general.line, quote=quote(general.text)),
        ]
    return "not_met", [Part("none")]


def _delmal_intro(doc: Document, delmal_no: str) -> list[Line]:
    """A delmål's lines before its first tiltak section: where plans say in prose what
    became of last year's tiltak."""
    for s in doc.sections:
        if s.kind == "delmal" and s.delmal_no == delmal_no:
            tiltak_starts = [
                t.first_line
                for t in doc.sections
                if t.kind == "tiltak" and s.first_line < t.first_line <= s.last_line
            ]
            end = min(tiltak_starts, default=s.last_line + 1)
            return doc.lines[s.first_line + 1 : end]
    return []


def permitted_use(doc: Document) -> Verdict:
    live = _live_tiltak(doc)
    if not live:
        return "unclear", [Part("no_tiltak")]
    cues = _rule("permitted_use")["cues"]
    names = cues["category_names"]
    covered = _cue_re("permitted_use", "covered_elsewhere")
    categories = {name: _any_re(patterns) for name, patterns in cues["categories"].items()}
    flags = []
    for t in live:
        title_line = next(iter(_section_lines(doc, "tiltak", t.tiltak_key)), None)
        sents = [Sentence(t.title, title_line)] if title_line else []
        sents += _tiltak_sentences(doc, t)
        for name, pattern in categories.items():
            s = next(
                (s for s in sents if pattern.search(s.text) and not covered.search(s.text)), None
            )
            if s is None:
                continue
            same = next((f for f in flags if f.values["sentence"] is s), None)
            if same is not None:  # one sentence, several uses: one part naming each
                same.values["category"] = {
                    lang: f"{same.values['category'][lang]}, {names[name][lang]}"
                    for lang in ("en", "nb")
                }
                continue
            part = Part.at("flag", s.line, key=t.tiltak_key, quote=quote(s.text))
            part.values["category"] = dict(names[name])
            part.values["sentence"] = s
            flags.append(part)
    if flags:
        return "unclear", flags
    return "met", [Part("none", {"n": len(live)})]


JUDGES: dict[str, Callable[[Document], Verdict]] = {
    "financing_per_tiltak": financing_per_tiltak,
    "cofinancing_shown": cofinancing_shown,
    "budget_period_table": budget_period_table,
    "budget_year_table": budget_year_table,
    "own_hours_shown": own_hours_shown,
    "sums_consistent": sums_consistent,
    "within_allocation": within_allocation,
    "approved_and_signed": approved_and_signed,
    "roles_and_timeframe": roles_and_timeframe,
    "yearly_update_explained": yearly_update_explained,
    "permitted_use": permitted_use,
}


def _localised(parts: list[Part], lang: str) -> list[Part]:
    """Values that are themselves words (a category name, table names) in ``lang``."""
    out = []
    for p in parts:
        values = dict(p.values)
        for name in ("category", "statuses"):
            if isinstance(values.get(name), dict):
                values[name] = values[name][lang]
        if "tables_nb" in values:
            values["tables"] = values["tables_nb"] if lang == "nb" else values["tables"]
        if "message_nb" in values and lang == "nb":
            values["message"] = values["message_nb"]
        out.append(Part(p.key, values, p.page, p.line))
    return out


def judge(doc: Document, rule: dict[str, Any]) -> RequirementRecord:
    verdict, parts = JUDGES[rule["id"]](doc)
    assert verdict in VERDICTS, verdict
    placed = [p for p in parts if p.line is not None]
    refs = "; ".join(f"{'' if p.page is None else p.page}:{p.line}" for p in placed)
    return RequirementRecord(
        doc_id=doc.doc_id,
        rule=rule["id"],
        requirement=rule["letter"],
        verdict=verdict,
        evidence=render(rule["id"], _localised(parts, "en"), "en"),
        page=placed[0].page if placed else None,
        line=placed[0].line if placed else None,
        evidence_nb=render(rule["id"], _localised(parts, "nb"), "nb"),
        refs=refs or None,
        letter_lines=rule.get("letter_lines"),
    )


def run(doc: Document, settings: Settings | None = None) -> None:
    if doc.meta.doc_type != "handlingsplan":
        return
    missing = [r["id"] for r in rules() if r["id"] not in JUDGES]
    if missing:
        raise ValueError(f"requirements.toml names rules without a judge: {', '.join(missing)}")
    doc.requirements.extend(judge(doc, rule) for rule in rules())
