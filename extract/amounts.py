"""Amounts stage: every money figure of a document, in prose and in tables.

All parsing goes through :mod:`normalize.amounts` (the one money parser); this stage only
decides *which* text is scanned in which mode and adds the provenance columns.

* **Prose vs table.** A line is table text when it lies in a span of ``doc.table_spans``
  (registered by the stages before this one: the tiltak tables, and the budget, overview
  and allocation tables of the ``budget_tables`` stage) or, in a PDF, inside a ruled table
  (``Line.table_id``). Runs of
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
* **Units for a whole table.** A paragraph of bare figures after labels (a table flattened
  into text, or rows of a text-dump table) is money in the unit stated once before its
  first figure or in a short caption paragraph above ("Alle beløp i 1000-kroner", "(i 1000
  kr)", "NOK 1000", "mill. kr"): every figure is scaled (``table_unit_from_header``, info).
  Its total row read in that unit must be a money figure of the text when one matches in
  another unit; if only the other does ("Sum 4 025 635" under "mill.kr." beside "4 025
  mill.kr."), that unit is used and ``table_unit_mismatch`` (warning) says so. A table that
  states no unit is money only when its total, in some unit, is a money figure of the text
  (``table_unit_inferred``, info). See :func:`_unit_tables`.
* **Garbled figures** ("(717 00)" in 001's budget table) are kept with an empty
  ``amount_nok`` and a ``garbled_amount`` warning, so nothing written as money is lost.
* ``context`` is the line (both lines for a split figure), white space collapsed, cut to at
  most ``settings.amounts.context_chars`` characters around the figure.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from decimal import ROUND_HALF_UP, Decimal

from hplan.extract.budget import cell_kind
from hplan.extract.settings import AmountsSettings, Settings
from hplan.models.document import Document, MoneyFigure
from hplan.models.records import AmountRecord
from hplan.normalize.amounts import (
    HeaderUnit,
    MoneyMatch,
    TableCell,
    find_amounts_in_lines,
    find_header_units,
    find_table_cells,
)

# Raw characters either side of a figure that its context is cut from, in multiples of the
# context's length: the work per figure stays bounded however long the line (a dump with
# every figure on one line).
CONTEXT_WINDOW_FACTOR = 8

# Units tried when a table states none, or when its total contradicts the stated one.
TABLE_UNITS: tuple[int, ...] = (1_000_000_000, 1_000_000, 1_000)
# Words that label a table's total row ("Sum driftsutgifter", "Brutto driftsinntekter").
TOTAL_ROW_WORDS = r"sum|totalt?|brutto|netto|til\s+sammen|tilsaman|i\s+alt|samla|samlet"
_TOTAL_WORD = re.compile(rf"(?<![^\W\d_])(?:{TOTAL_ROW_WORDS})(?![^\W\d_])", re.IGNORECASE)
_BARE_FIGURE = re.compile(r"[\d \u00a0\u202f\u2009\u2007.]+(?:,\d+)?")
# A cell is the total when its label (the text since the previous cell) has a total word.
_TOTAL_LABEL = re.compile(rf"(?:^|\s)(?:{TOTAL_ROW_WORDS})\b[^\d]*$", re.IGNORECASE)


def _context(text: str, raw: str, at: int | None, limit: int) -> str:
    """``text`` whitespace-collapsed, at most ``limit`` characters, keeping ``raw`` (at
    offset ``at`` of ``text``, when known) in view."""
    window = CONTEXT_WINDOW_FACTOR * limit
    if at is not None and len(text) > 2 * window + len(raw):
        lo, hi = max(0, at - window), min(len(text), at + len(raw) + window)
        inner = _context(text[lo:hi], raw, None, limit)
        if lo > 0 and not inner.startswith("…"):
            inner = "…" + inner
        if hi < len(text) and not inner.endswith("…"):
            inner += "…"
        return inner
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    at = flat.find(" ".join(raw.split()))
    if at < 0:
        return flat[: limit - 1].rstrip() + "…"
    # Centre the window on the figure, cut at word boundaries; the ellipses say the line
    # went on (two characters of the budget are kept for them).
    room = limit - 2
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
    chosen = (settings or Settings()).amounts
    kinds: dict[tuple[int, int], str] = {}
    for table in doc.budget_tables:
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

    table_cells = _unit_tables(doc, found, chosen)
    in_table = {(f, st) for f, _la, st, _m in table_cells}
    # A bare table figure the scan read in kroner is read again in its table's unit.
    found = [x for x in found if (x[0], x[2]) not in in_table]
    found.extend(table_cells)
    found.sort(key=lambda x: (x[0], x[2]))
    for seq, (first, last, start, m) in enumerate(found, 1):
        line = doc.lines[first]
        delmal_no, tiltak_key = doc.place(first)
        text = line.text if first == last else f"{line.text} {doc.lines[last].text}"
        kind = kinds.get((first, start), m.kind)
        record = AmountRecord(
            doc_id=doc.doc_id,
            seq=seq,
            amount_nok=None if m.garbled else m.amount_nok,
            raw=m.raw,
            kind=kind,
            qualifier=m.qualifier,
            delmal_no=delmal_no,
            tiltak_key=tiltak_key,
            in_table=flags[first] or (first, start) in in_table,
            page=line.page,
            line=line.line,
            context=_context(text, m.raw, start, chosen.context_chars),
        )
        doc.amounts.append(record)
        doc.money.append(MoneyFigure(first, last, start, record))
        if m.garbled or m.amount_nok is None:
            doc.add_check(
                "garbled_amount",
                "warning",
                f"garbled money figure '{m.raw}': not a well-formed amount, kept without a value",
                line,
            )


# ---------------------------------------------------------------------------------------
# Tables whose unit is stated once, in a header or caption, or only implied by a total
# ---------------------------------------------------------------------------------------
Found = tuple[int, int, int, MoneyMatch]


def _paragraphs(doc: Document) -> list[tuple[int, int]]:
    """(first, last) line indexes of each run of non-blank lines."""
    runs: list[tuple[int, int]] = []
    first: int | None = None
    for i, line in enumerate(doc.lines):
        if line.is_blank:
            if first is not None:
                runs.append((first, i - 1))
            first = None
        elif first is None:
            first = i
    if first is not None:
        runs.append((first, len(doc.lines) - 1))
    return runs


def _kr(unit: int) -> str:
    return f"{unit:,} kr".replace(",", " ")


def _scaled(value: Decimal, factor: int) -> int:
    return int((value * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _matching_unit(
    total: Decimal, prose: list[int], units: tuple[int, ...], share: float
) -> int | None:
    """The first unit that makes the table's total one of the prose's money figures
    (``prose`` sorted: only the figures near the total are compared, not all of a long
    document's for each of its tables)."""
    margin = Decimal(str(share))
    for unit in units:
        value = total * unit
        # |value - f| <= f * share holds only for f in [value / (1 + share),
        # value / (1 - share)]; one more on each side against rounding, then exact.
        low = bisect_left(prose, value / (1 + margin) - 1)
        high = bisect_right(prose, value / (1 - margin) + 1) if margin < 1 else len(prose)
        if any(abs(value - f) <= Decimal(f) * margin for f in prose[low:high]):
            return unit
    return None


def _unit_tables(doc: Document, found: list[Found], chosen: AmountsSettings) -> list[Found]:
    """Cells of tables whose money unit stands only in a header or caption, or nowhere.

    A paragraph with bare figures after labels ("D01 – Fellesutgifter 34 356 …", rows of a
    text-dump table) is a table of money when a unit for the whole table stands before its
    first figure or in a short caption paragraph just above ("Alle beløp i 1000-kroner",
    "(i 1000 kr)", "mill. kr"): every figure is scaled by it (an ``info`` check says the unit
    came from the header). When the table's total row ("Sum …", "Brutto …", "Totalt") read
    in that unit is no figure of the prose but read in another unit it is ("Sum 4 025 635"
    under "mill.kr." beside "4 025 mill.kr." in the text), the other unit is used and a
    ``warning`` says the header contradicts the figures. A table that states no unit is
    money only when its total, in some unit, is a money figure of the prose (an ``info``
    check says so). Figures that carry their own currency are left to the main scan.
    """
    lines = doc.lines
    taken: dict[int, list[tuple[int, int]]] = {}
    for first, last, start, m in found:
        if (
            first == last
            and m.raw == doc.lines[first].text[start : m.end]
            and (_BARE_FIGURE.fullmatch(m.raw))
        ):
            continue  # a bare figure: its table's unit may apply (run() replaces it)
        taken.setdefault(first, []).append((start, m.end if first == last else 10**9))
    prose_values = sorted(m.amount_nok for _f, _l, _s, m in found if m.amount_nok and not m.garbled)
    out: list[Found] = []
    paragraphs = _paragraphs(doc)
    joined = ["\n".join(lines[i].text for i in range(a, b + 1)) for a, b in paragraphs]
    for k, (first, last) in enumerate(paragraphs):
        text = joined[k]
        # Only a table with a stated unit (here or in the caption above) or a total row can
        # be read; other paragraphs are not searched for cells at all.
        if not (
            _TOTAL_WORD.search(text)
            or find_header_units(text)
            or (k > 0 and find_header_units(joined[k - 1]))
        ):
            continue
        starts = [0]
        for i in range(first, last):
            starts.append(starts[-1] + len(lines[i].text) + 1)
        cells: list[tuple[int, int, TableCell]] = []
        for cell in find_table_cells(text):
            idx = bisect_right(starts, cell.start) - 1
            local = cell.start - starts[idx]
            spans = taken.get(first + idx, [])
            if any(a < local + len(cell.raw) and local < b for a, b in spans):
                continue
            cells.append((first + idx, local, cell))
        if len(cells) < chosen.min_header_unit_cells:
            continue
        first_cell = cells[0][2].start
        units = [u for u in find_header_units(text) if u.end <= first_cell]
        unit: HeaderUnit | None = units[-1] if units else None
        unit_line = first + bisect_right(starts, unit.start) - 1 if unit else first
        if unit is None and k > 0:
            c_first, c_last = paragraphs[k - 1]
            caption = "\n".join(lines[i].text for i in range(c_first, c_last + 1))
            if c_last - c_first < chosen.caption_lines and not find_table_cells(caption):
                found_units = find_header_units(caption)
                unit = found_units[-1] if found_units else None
                unit_line = c_first
        totals = [c for c in cells if _TOTAL_LABEL.search(c[2].label)]
        total = totals[-1][2].value if totals else None
        others = prose_values
        where = lines[unit_line]
        if unit is not None:
            factor = unit.factor
            share = chosen.total_match_share
            if total is not None and _matching_unit(total, others, (factor,), share) is None:
                alt = _matching_unit(
                    total, others, tuple(u for u in TABLE_UNITS if u != factor), share
                )
                if alt is not None:
                    factor = alt
                    doc.add_check(
                        "table_unit_mismatch",
                        "warning",
                        f"the table's header says '{unit.raw}' but its total "
                        f"{totals[-1][2].raw} only matches a figure of the text in units of "
                        f"{_kr(alt)}; its {len(cells)} figures are read in {_kr(alt)}",
                        where,
                    )
            if factor == unit.factor:
                doc.add_check(
                    "table_unit_from_header",
                    "info",
                    f"{len(cells)} figures without a unit of their own are read in the unit "
                    f"'{unit.raw}' stated for the whole table",
                    where,
                )
        else:
            if total is None or len(cells) < chosen.min_inferred_unit_cells:
                continue
            inferred = _matching_unit(total, others, TABLE_UNITS, chosen.total_match_share)
            if inferred is None:
                continue
            factor = inferred
            doc.add_check(
                "table_unit_inferred",
                "info",
                f"a table without a unit: its total {totals[-1][2].raw} matches a money "
                f"figure of the text in units of {_kr(factor)}, so its {len(cells)} figures "
                "are read so",
                lines[cells[0][0]],
            )
        for line_idx, local, cell in cells:
            is_total = any(cell is t[2] for t in totals)
            m = MoneyMatch(
                start=local,
                end=local + len(cell.raw),
                raw=cell.raw,
                amount_nok=_scaled(cell.value, factor),
                qualifier=None,
                kind="total" if is_total else "budget",
            )
            out.append((line_idx, line_idx, local, m))
    return out
