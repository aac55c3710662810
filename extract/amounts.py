"""Amounts stage: every money figure of a document, in prose and in tables.

All parsing goes through :mod:`normalize.amounts` (the one money parser); this stage only
decides *which* text is scanned in which mode and adds the provenance columns.

* **Prose vs table.** A line is table text when it lies in a span of ``doc.table_spans``
  (registered by the stages before this one, plus the budget, overview and allocation
  tables that :func:`extract.budget.find_budget_tables` registers here, since the budget
  stage runs after this one) or, in a PDF, inside a ruled table (``Line.table_id``). Runs of
  consecutive prose lines and of consecutive table lines are scanned as one text each with
  :func:`normalize.amounts.find_amounts_in_lines`, so a sentence started on an earlier line
  still gives the kind cue and a figure split over two lines is found once (``raw`` joined
  by one space). In table text a bare grouped figure ("1 620 000") is money; in prose a
  figure needs its currency ("kr", "kroner", ",-", "mill. kroner").
* **Kind.** Cells of the budget/overview/allocation tables take their kind from the table
  (:func:`extract.budget.cell_kind`): SUM / "Til sammen" / "Totalt" rows and the row-total
  column -> ``total``; KDD's per-pilot allocation cells -> ``allocation``; other budget and
  overview cells -> ``budget``. Everything else keeps the kind normalize.amounts read from
  the words around the figure.
* **Place.** ``delmal_no``/``tiltak_key`` come from the section the line stands in
  (:meth:`Document.place`), not from a budget table's row label (that is
  ``budget_rows.delmal_no``).
* **Garbled figures** ("(717 00)" in 001's budget table) are kept with an empty
  ``amount_nok`` and a ``garbled_amount`` warning, so nothing written as money is lost.
* ``context`` is the line (both lines for a split figure), white space collapsed, cut to at
  most :data:`CONTEXT_CHARS` characters around the figure.
"""

from __future__ import annotations

from hplan.extract.budget import cell_kind, find_budget_tables, parse_budget_tables
from hplan.extract.settings import Settings
from hplan.models.document import Document
from hplan.models.records import AmountRecord
from hplan.normalize.amounts import MoneyMatch, find_amounts_in_lines

CONTEXT_CHARS = 120


def _context(text: str, raw: str) -> str:
    """``text`` whitespace-collapsed, at most CONTEXT_CHARS, keeping ``raw`` in view."""
    flat = " ".join(text.split())
    if len(flat) <= CONTEXT_CHARS:
        return flat
    at = flat.find(" ".join(raw.split()))
    if at < 0:
        return flat[: CONTEXT_CHARS - 1].rstrip() + "…"
    # Centre the window on the figure, cut at word boundaries; the ellipses say the line
    # went on (two characters of the budget are kept for them).
    room = CONTEXT_CHARS - 2
    start = max(0, min(at - (room - len(raw)) // 2, len(flat) - room))
    end = start + room
    if start > 0 and flat[start - 1] != " ":
        start = flat.find(" ", start, at) + 1 or start
    if end < len(flat) and flat[end] != " ":
        cut = flat.rfind(" ", at + len(raw), end)
        end = cut if cut > 0 else end
    window = flat[start:end].strip()
    return ("…" if start > 0 else "") + window + ("…" if end < len(flat) else "")


def _table_flags(doc: Document) -> list[bool]:
    flags = [line.table_id is not None for line in doc.lines]
    for span in doc.table_spans:
        for i in range(max(0, span.first_line), min(len(flags) - 1, span.last_line) + 1):
            flags[i] = True
    return flags


def run(doc: Document, settings: Settings | None = None) -> None:
    find_budget_tables(doc)
    kinds: dict[tuple[int, int], str] = {}
    for table in parse_budget_tables(doc):
        for row, cell in table.cells():
            if not cell.dash and cell.start >= 0:
                kinds[(cell.first_line, cell.start)] = cell_kind(table, row, cell)

    flags = _table_flags(doc)
    found: list[tuple[int, int, int, MoneyMatch]] = []  # (first idx, last idx, start, match)
    i = 0
    n = len(doc.lines)
    while i < n:
        j = i
        while j + 1 < n and flags[j + 1] == flags[i]:
            j += 1
        texts = [doc.lines[k].text for k in range(i, j + 1)]
        for f, la, m in find_amounts_in_lines(texts, in_table=flags[i]):
            found.append((i + f, i + la, m.start, m))
        i = j + 1

    found.sort(key=lambda x: (x[0], x[2]))
    for seq, (first, last, start, m) in enumerate(found, 1):
        line = doc.lines[first]
        delmal_no, tiltak_key = doc.place(first)
        text = line.text if first == last else f"{line.text} {doc.lines[last].text}"
        kind = kinds.get((first, start), m.kind)
        doc.amounts.append(
            AmountRecord(
                doc_id=doc.doc_id,
                seq=seq,
                amount_nok=None if m.garbled else m.amount_nok,
                raw=m.raw,
                kind=kind,
                qualifier=m.qualifier,
                delmal_no=delmal_no,
                tiltak_key=tiltak_key,
                in_table=flags[first],
                page=line.page,
                line=line.line,
                context=_context(text, m.raw),
            )
        )
        if m.garbled or m.amount_nok is None:
            doc.add_check(
                "garbled_amount",
                "warning",
                f"garbled money figure '{m.raw}': not a well-formed amount, kept without a value",
                line,
            )
