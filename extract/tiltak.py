"""Tiltak: this year's tiltak tables, last year's status tables, body sections (two stages).

Output: ``doc.tiltak_tables`` and ``doc.previous_tiltak`` (the tables), ``doc.tiltak`` and
``doc.tiltak_actors`` (the merge), and ``checks``.

**Finding the tables.** A tiltak table starts at its header line (Tiltak / Hovedansvarlig /
Samarbeidsparter / Tidsramme, bokmål or nynorsk), a status table at Tiltak / Status /
Kommentar; the caption above ("Tiltaksoversikt fra handlingsplan 2024") gives the
previous year. A table ends at the next section heading, table header or caption, or a
line that opens body prose ("Overordnet beskrivelse …"). A row starts at a line that
begins with a small number ("1 Strategi for bruk av", "T1 …"), numbers rising.

**Reading a flattened row (text dumps).** The dump lost the grid: a row's cells follow
each other line by line, two cells can share a line ("Rindal/Holtålen - TRFK 2025"),
and after a page break a cell can continue below a later column. The row is cut into
*pieces* — at runs of two or more spaces (a column gap), before a bullet ("- TRFK"), and
before a trailing year expression — and the pieces are read left to right by a small
state machine over the columns, using what is known about each column:

* the **title** runs until an organisation starts (spaCy EntityRuler over the actor
  alias table, ``normalize.actors.find_organisations``) that is not governed by a
  preposition ("… kollektivtrafikk i Trøndelag" is still title), a bullet, a column gap,
  or a time expression; in a single-spaced table a blank line also ends a cell;
* **hovedansvarlig** is the first actor cell; it continues over lines that end in a comma
  or a connector ("og", "felles med") or that start in lower case, and ends at a gap, a
  bullet, a blank line (single-spaced tables) or a second organisation on the same line
  ("KDD Bygdevekst IN");
* **samarbeidsparter** is the next actor cell (bulleted items in 000's style);
* **tidsramme** is the cell with years or time words ("Hele avtaleperioden", "Ferdig mars
  2025", "Kontinuerlig"); actor-like text after a page break goes back to
  samarbeidsparter (001, delmål 1, row 1).

Where a boundary rests on a weak signal only, or a row comes out with an empty column
that should not be empty, a ``checks`` row says so instead of guessing silently.

**PDFs.** pdfplumber's ruled tables are used directly: header names are mapped to
columns whatever their order, and a table continued on the next page (same header
repeated, or no header and the same number of columns) is joined.

**Merging with the body.** Table rows are matched to the body's tiltak sections
(structure stage) by number and title similarity (rapidfuzz, one-to-one assignment):
001 numbers its table rows differently from its body headings in delmål 2. The body
heading's wording is the title; the table's wording goes to ``evidence``. A tiltak with
only a body section gets a row too, ``ended`` when its text or last year's status says
it is ended, dropped or merged.

**Stages.** :func:`find_tables` (the ``tiltak_tables`` stage) reads the tables, before the
amounts stage; :func:`run` (the ``tiltak`` stage) merges their rows with the body, after it.

**Budget.** ``budget_nok`` is the amount the tiltak's financing paragraph sets aside, from
the figures the amounts stage found there (``doc.money``; this module parses no money): an
amount marked as the total, else the single budget amount, else the sum of the amounts in
sentences that set money aside. Without one, the plan's overview table of tiltak and
amounts (001) gives it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from itertools import pairwise

from hplan.extract.settings import Settings, TiltakSettings
from hplan.extract.tables import (
    JoinedTable,
    column_of,
    grid_tables,
    interpret_header,
    read_rows,
)
from hplan.models.document import (
    Cell,
    Document,
    Line,
    MoneyFigure,
    Section,
    Table,
    TableSpan,
)
from hplan.models.records import PreviousTiltakRecord, TiltakActorRecord, TiltakRecord
from hplan.normalize.actors import (
    canonical_actors,
    find_organisations,
    is_known_actor,
    split_actors,
)
from hplan.normalize.status import STATUS_PHRASES, find_successors, normalize_status
from hplan.normalize.text import normalize_whitespace
from hplan.normalize.years import parse_tidsramme

# --- vocabularies --------------------------------------------------------------------

TILTAK_HEADER = re.compile(
    r"^\s*Tiltak\s+Hov[eu]dansvarl\w*\s+Samarbeids\w*\s+Tidsramme\s*$", re.IGNORECASE
)
STATUS_HEADER = re.compile(r"^\s*Tiltak\s+Status\s+Kommentar\s*$", re.IGNORECASE)
PREVIOUS_CAPTION = re.compile(
    r"^\s*(?:Tiltaksoversikt|Status|Oversikt)\s+(?:fra|frå|over)\s+.*?handlingsplan\w*\s+"
    r"(?:for\s+)?(?P<year>20\d\d)",
    re.IGNORECASE,
)
YEAR_CAPTION = re.compile(r"^\s*Handlingsplan\s+(?:for\s+)?20\d\d\s*:\s*$", re.IGNORECASE)
# Lines that open body prose after a table.
PROSE_OPENERS = re.compile(
    r"^\s*(Overordnet beskrivelse|Beskriv\b|Ønsket fremtidsbilde|Problemstillinger|"
    r"Roller og forpliktelser|I \d{4} vil følgende tiltak)",
    re.IGNORECASE,
)
ROW_START = re.compile(r"^\s*(?P<no>T?\d{1,2})\.?\s+(?P<rest>\S.*)$")

# Words after which an organisation name is part of the title, not the next column.
GOVERNING_WORDS = frozenset(
    [
        "i",
        "for",
        "av",
        "om",
        "med",
        "mellom",
        "og",
        "til",
        "på",
        "fra",
        "frå",
        "ved",
        "hos",
        "under",
        "innen",
        "innan",
        "rundt",
        "gjennom",
        "etter",
        "mot",
        "blant",
        "hele",
        "heile",
    ]
)
MONTHS = (
    "januar|jan|februar|feb|mars|april|apr|mai|juni|jun|juli|jul|august|aug|september|sept|"
    "sep|oktober|okt|november|nov|desember|des"
)
TIME_START = re.compile(
    rf"^\s*(?:hele|heile|kontinuerlig\w*|løpende|fortløpende|ferdig\w*|innen|innan|når|"
    rf"fra|frå|{MONTHS}|vår\w*|høst\w*|sommer\w*|første|andre|tredje|fjerde|kvartal|årlig|"
    rf"årleg|uke|veke|ila|i løpet)\b\.?",
    re.IGNORECASE,
)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
TRAILING_TIME = re.compile(
    rf"\s(?P<time>(?:(?:{MONTHS})\.?\s+)?(?:19|20)\d\d(?:\s*[-–,]\s*(?:(?:19|20)\d\d)?)*)\s*$",
    re.IGNORECASE,
)
BULLET_SPLIT = re.compile(r"\s[-–•▪]\s+(?=[A-ZÆØÅ])")
BULLET_START = re.compile(r"^\s*[-–•▪](?:\s+|$)")
GAP = re.compile(r"\s{2,}")
URL_LINE = re.compile(r"^\s*(https?://|www\.)\S+\s*$")

_STATUS_WORDS = sorted(
    {p for phrases in STATUS_PHRASES.values() for p in phrases} | {"påbegynt og videreføres"},
    key=len,
    reverse=True,
)
STATUS_START = re.compile(
    r"(?<![\wæøå])(?:"
    + "|".join(r"\s+".join(map(re.escape, p.split())) for p in _STATUS_WORDS)
    + r")(?![\wæøå])"
    # "… med tiltak 3" / "Overføres til tiltak 1": the reference belongs to the status.
    + r"(?:(?:(?<=\stil)|(?<=\si)|\s+(?:med|til)(?=\s))"
    + r"\s+(?:nytt\s+)?tiltak\s+\d+(?:\s*(?:,|og)\s*\d+)*(?=\s|$))?",
    re.IGNORECASE,
)
# Sentences of a financing paragraph that set money aside for the tiltak.
BUDGET_VERBS = re.compile(
    r"budsjett|settes\s+av|setjast\s+av|sett\s+av|avsett|avsatt|settes\s+det\s+av|"
    r"til\s+(?:tiltaket|arbeidet|formålet)|ramme",
    re.IGNORECASE,
)
TOTAL_WORDS = re.compile(r"\btotalt\b|\btil\s+sammen\b|\bi\s+alt\b|\bsamla?\b", re.IGNORECASE)
# Where a financing paragraph's sentences end: before a capital after . ! or ?.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
FINANCING_HEADING = re.compile(
    r"^\s*(Plan for finansiering|Finansiering|Økonomi|Budsjett|Beskriv kort økonomisk)",
    re.IGNORECASE,
)


# --- data ---------------------------------------------------------------------------


@dataclass
class RowLine:
    index: int
    text: str
    page: int | None
    blank_before: bool
    page_break_before: bool


@dataclass
class Piece:
    text: str
    line: RowLine
    first_on_line: bool
    gap_before: bool = False
    bullet: bool = False


@dataclass
class TableRow:
    """One reconstructed row of a tiltak or status table."""

    number: str
    first_line: int  # doc line index of the row start
    cells: dict[str, str] = field(default_factory=dict)
    doubts: list[str] = field(default_factory=list)
    anchor: str = ""  # grid tables: the first line of the row's tiltak cell, to find its line
    grid_line: int | None = None  # grid tables: the line of the row's first cell, if known


@dataclass
class TiltakTables:
    """This year's tiltak table rows of a document, by the delmål they belong to."""

    rows: dict[str | None, list[TableRow]] = field(default_factory=dict)


@dataclass
class Region:
    kind: str  # "tiltak" | "status"
    header: int  # doc line index of the header line
    first: int  # first line after the header
    last: int  # inclusive
    delmal_no: str | None
    year: int | None = None


# --- small text helpers ---------------------------------------------------------------

SHORT_WORDS = frozenset(
    [
        "i",
        "og",
        "på",
        "av",
        "til",
        "om",
        "en",
        "et",
        "ei",
        "å",
        "se",
        "nå",
        "ny",
        "for",
        "med",
        "år",
    ]
)


def join_wrapped(parts: list[str]) -> str:
    """Join lines of one cell: de-hyphenate "kunnskaps-/grunnlag", keep "studie- og"."""
    out = ""
    for raw in parts:
        part = raw.strip()
        if not part:
            continue
        if not out:
            out = part
            continue
        first = part.split()[0]
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and part[0].islower():
            out = f"{out} {part}" if first in ("og", "eller") else out[:-1] + part
        elif (
            out[-1].isalpha() and part[0].islower() and len(first) <= 2 and first not in SHORT_WORDS
        ):
            # A word broken without a hyphen: "Landbrukskontore" + "ne i kommunene".
            out += part
        else:
            out += " " + part
    return normalize_whitespace(out)


def _last_word(text: str) -> str:
    words = re.findall(r"[\wæøåÆØÅ/-]+", text)
    return words[-1].casefold() if words else ""


def is_time_piece(text: str) -> bool:
    return bool(YEAR.search(text) or TIME_START.match(text))


def _leading_actor_end(text: str) -> int | None:
    """End offset of a known actor at the very start of a cell text, if any.

    The EntityRuler finds names in running text but leaves out generic words such as
    "Kommunene" there; at the start of a table cell they are actors, so the alias table
    is asked directly about the first words too.
    """
    ends = [e for s, e, _ in find_organisations(text) if s == 0]
    words = list(re.finditer(r"\S+", text))
    for n in range(min(len(words), 5), 0, -1):
        end = words[n - 1].end()
        if is_known_actor(text[:end].rstrip(",;")):
            ends.append(end if not text[:end].endswith((",", ";")) else end - 1)
            break
    return max(ends) if ends else None


def _org_starts(text: str) -> list[int]:
    starts = {start for start, _end, _name in find_organisations(text)}
    if _leading_actor_end(text) is not None:
        starts.add(0)
    return sorted(starts)


def _title_boundary(text: str, preceding: str) -> int | None:
    """Offset in ``text`` where an organisation starts a new column, if any."""
    for start in _org_starts(text):
        before = text[:start]
        word = _last_word(before) if before.strip() else _last_word(preceding)
        if word in GOVERNING_WORDS:
            continue
        return start
    return None


# --- regions and rows ----------------------------------------------------------------


def _section_starts(doc: Document) -> set[int]:
    return {s.first_line for s in doc.sections}


def find_regions(doc: Document) -> list[Region]:
    starts = _section_starts(doc)
    regions: list[Region] = []
    n = len(doc.lines)
    for i, line in enumerate(doc.lines):
        kind = (
            "tiltak"
            if TILTAK_HEADER.match(line.text)
            else "status"
            if STATUS_HEADER.match(line.text)
            else None
        )
        if kind is None:
            continue
        end = i + 1
        while end < n:
            text = doc.lines[end].text
            if (
                end in starts
                or TILTAK_HEADER.match(text)
                or STATUS_HEADER.match(text)
                or PREVIOUS_CAPTION.match(text)
                or YEAR_CAPTION.match(text)
                or PROSE_OPENERS.match(text)
            ):
                break
            end += 1
        last = end - 1
        while last > i and doc.lines[last].is_blank:
            last -= 1
        year = None
        if kind == "status":
            for j in range(i - 1, max(-1, i - 6), -1):
                m = PREVIOUS_CAPTION.match(doc.lines[j].text)
                if m:
                    year = int(m.group("year"))
                    break
            if year is None and doc.meta.plan_year:
                year = doc.meta.plan_year - 1
        delmal_no, _ = doc.place(i)
        regions.append(Region(kind, i, i + 1, last, delmal_no, year))
    return regions


def _row_lines(doc: Document, first: int, last: int) -> list[RowLine]:
    out: list[RowLine] = []
    blank = False
    prev_page = None
    previous: Line | None = None
    for line in doc.lines[first : last + 1]:
        if line.is_blank:
            blank = True
            continue
        if URL_LINE.match(line.text):
            # A page's link annotation, appended by the PDF-to-text dump: not table text.
            continue
        if line.bbox and previous is not None and previous.bbox and line.page == previous.page:
            # PDF lines are never empty: a vertical gap of over half a line is the blank.
            height = line.bbox[3] - line.bbox[1]
            blank = blank or line.bbox[1] - previous.bbox[3] > 0.5 * height
        previous = line
        out.append(
            RowLine(
                index=line.index,
                text=line.text.rstrip(),
                page=line.page,
                blank_before=blank,
                page_break_before=prev_page is not None and line.page != prev_page,
            )
        )
        prev_page = line.page
        blank = False
    return out


def split_rows(lines: list[RowLine]) -> list[tuple[str, list[RowLine]]]:
    """Group a table's lines into rows by their leading numbers (rising)."""
    rows: list[tuple[str, list[RowLine]]] = []
    previous = 0
    prefix = ""
    for line in lines:
        m = ROW_START.match(line.text)
        if m and not YEAR.fullmatch(m.group("no")):
            no = m.group("no")
            this_prefix = "T" if no.startswith("T") else ""
            value = int(no.lstrip("T"))
            rising = (not rows or this_prefix == prefix) and previous < value <= previous + 6
            if rising:
                rows.append((no.lstrip("T"), [line]))
                previous = value
                prefix = this_prefix
                continue
        if rows:
            rows[-1][1].append(line)
    return rows


def _pieces(lines: list[RowLine]) -> list[Piece]:
    out: list[Piece] = []
    for li, line in enumerate(lines):
        text = line.text.strip()
        if li == 0:
            m = ROW_START.match(text)
            text = m.group("rest") if m else text
        chunks = GAP.split(text)
        for ci, chunk in enumerate(chunks):
            sub = BULLET_SPLIT.split(" " + chunk)
            # BULLET_SPLIT drops the bullet; put it back on every part after the first.
            parts = [sub[0].strip()] + [f"- {s.strip()}" for s in sub[1:]]
            for pi, part in enumerate(parts):
                if not part:
                    continue
                bullet = bool(BULLET_START.match(part)) and (
                    pi > 0 or (not (li == 0 and ci == 0) and _bullet_is_item(part))
                )
                time = TRAILING_TIME.search(part)
                pieces = [part]
                if (
                    time
                    and part[: time.start()].strip()
                    and not is_time_piece(part[: time.start()])
                ):
                    pieces = [part[: time.start()].strip(), time.group("time").strip()]
                for k, p in enumerate(pieces):
                    out.append(
                        Piece(
                            text=p,
                            line=line,
                            first_on_line=ci == 0 and pi == 0 and k == 0,
                            gap_before=(ci > 0 and pi == 0 and k == 0) or k > 0,
                            bullet=bullet and k == 0,
                        )
                    )
    return out


def _bullet_is_item(text: str) -> bool:
    """ "- TRFK" is a list item; "- midler fra Husbanken" continues a title."""
    rest = BULLET_START.sub("", text)
    return not rest or rest[0].isupper()


# --- tiltak rows (text) --------------------------------------------------------------


def _is_org_start(text: str, preceding: str) -> bool:
    boundary = _title_boundary(text, preceding)
    return boundary == 0


def read_tiltak_row(number: str, lines: list[RowLine], single_spaced: bool) -> TableRow:
    row = TableRow(number=number, first_line=lines[0].index)
    pieces = _pieces(lines)
    title: list[str] = []
    hoved: list[str] = []
    samarb: list[str] = []
    tid: list[str] = []
    carried: list[str] = []  # text after the time frame on a new page
    title_blocks: list[int] = []  # where a block after a blank line starts in ``title``
    state = "title"
    k = 0
    while k < len(pieces):
        piece = pieces[k]
        text = piece.text
        if state == "title":
            preceding = title[-1] if title else ""
            starts_column = (
                (piece.bullet)
                or (piece.gap_before and title)
                or (piece.first_on_line and title and is_time_piece(text) and YEAR.search(text))
                or (piece.first_on_line and title and _is_org_start(text, preceding))
                or (piece.first_on_line and title and _partner_follows(pieces, k))
            )
            if not starts_column and single_spaced and piece.line.blank_before and title:
                starts_column = True
                row.doubts.append("title ends at a blank line (no organisation found)")
            if not starts_column:
                cut = _title_boundary(text, preceding)
                if cut is not None and cut > 0 and text[:cut].strip():
                    title.append(text[:cut].strip())
                    pieces.insert(k + 1, Piece(text[cut:].strip(), piece.line, False, True))
                    state = "actors"
                    k += 1
                    continue
                if piece.first_on_line and piece.line.blank_before and title:
                    title_blocks.append(len(title))
                title.append(text)
                k += 1
                continue
            state = "actors"
            continue
        # Actor and time columns.
        if piece.bullet:
            # Keep the bullet: split_actors uses it to tell items from wrapped lines.
            samarb.append(text if text.strip("-– ") else "")
            state = "samarb"
        elif state == "tid" and not is_time_piece(text):
            if piece.line.page_break_before or _page_break_between(pieces, k):
                samarb.append(text)
                carried.append(text)
            else:
                tid.append(text)
        elif is_time_piece(text):
            tid.append(text)
            state = "tid"
        elif state == "actors":
            head, rest = _split_two_orgs(text)
            hoved.append(head)
            state = "hoved"
            if rest:
                samarb.append(rest)
                state = "samarb"
        elif state == "hoved":
            if piece.gap_before or _new_actor_cell(hoved, piece, single_spaced):
                samarb.append(text)
                state = "samarb"
            else:
                head, rest = _split_two_orgs(text) if piece.first_on_line else (text, "")
                hoved.append(head)
                if rest:
                    samarb.append(rest)
                    state = "samarb"
        elif state == "samarb":
            samarb.append(text)
        k += 1

    if not hoved and not samarb and title_blocks:
        title, hoved, samarb = _cells_from_blocks(title, title_blocks, row)
    if carried:
        row.doubts.append(
            f"'{join_wrapped(carried)}' follows the time frame on a new page: "
            "read as the continuation of samarbeidsparter"
        )
    row.cells = {
        "tiltak": join_wrapped(title),
        "hovedansvarlig": "\n".join(hoved),
        "samarbeidsparter": "\n".join(s for s in samarb if s.strip("-– ")),
        "tidsramme": join_wrapped(tid),
    }
    if not row.cells["tiltak"]:
        row.doubts.append("no title found")
    if not hoved:
        row.doubts.append("no hovedansvarlig found")
    return row


def _cells_from_blocks(
    title: list[str], starts: list[int], row: TableRow
) -> tuple[list[str], list[str], list[str]]:
    """(title, hovedansvarlig, samarbeidsparter) of a row where nothing ended the title: no
    organisation the lists know, no bullet, no column gap. The dump writes each cell as a
    block of lines, so the blocks are the cells, and an organisation no list knows ("Indre
    Fjord" / "Regionråd") is kept as written instead of glued to the title."""
    bounds = [0, *starts, len(title)]
    blocks = [title[a:b] for a, b in pairwise(bounds)]
    doubt = "no organisation ends the title: its cells are read as the dump's blocks of lines"
    if len(blocks) > 3:
        doubt += f" ({len(blocks)} blocks for 3 cells: the last ones read as samarbeidsparter)"
    row.doubts.append(doubt)
    return blocks[0], blocks[1], [line for block in blocks[2:] for line in block]


def _partner_follows(pieces: list[Piece], k: int) -> bool:
    """A line that opens with a name followed on the same line by a partner item
    ("Halti næringshage - Nord-Troms Regionråd") is the hovedansvarlig cell, whether or
    not the organisation is on any list: a title line never carries a list item."""
    if k + 1 >= len(pieces):
        return False
    here, nxt = pieces[k], pieces[k + 1]
    return (
        nxt.line is here.line
        and nxt.bullet
        and _bullet_is_item(nxt.text)
        and here.text[:1].isupper()
        and not is_time_piece(here.text)
    )


def _page_break_between(pieces: list[Piece], k: int) -> bool:
    return any(p.line.page_break_before for p in pieces[max(0, k - 1) : k + 1])


def _split_two_orgs(text: str) -> tuple[str, str]:
    """ "KDD Bygdevekst IN" → ("KDD", "Bygdevekst IN"): two cells on one line."""
    first_end = _leading_actor_end(text)
    if first_end is None:
        return text, ""
    rest = text[first_end:]
    stripped = rest.lstrip()
    if not stripped or stripped[0] in ",;/" or stripped.split()[0].casefold() in GOVERNING_WORDS:
        # "Bygdevekst IN, Grong …" is a list in one cell; "Husbanken og" continues it.
        # Look further: a capitalised word after a non-governing lower-case word starts
        # the next cell ("Kommunene i pilotene Bygdevekstpiloten").
        m = re.search(r"(?<=\s)([a-zæøå][\wæøå-]*)\s+([A-ZÆØÅ][\wæøå-]*)", rest)
        if m and m.group(1).casefold() not in GOVERNING_WORDS and "," not in rest[: m.start()]:
            cut = first_end + m.start(2)
            return text[:cut].strip(), text[cut:].strip()
        return text, ""
    if stripped[0].isupper():
        return text[:first_end].strip(), stripped.strip()
    return text, ""


def _new_actor_cell(hoved: list[str], piece: Piece, single_spaced: bool) -> bool:
    """Whether a new line in the hovedansvarlig cell starts the next cell instead."""
    previous = hoved[-1].rstrip() if hoved else ""
    text = piece.text.strip()
    if not previous or not text:
        return False
    if previous.endswith((",", ";", "-")) or _last_word(previous) in GOVERNING_WORDS | {"felles"}:
        return False
    if text[0].islower():
        return False
    if piece.line.blank_before:
        # A new block after a complete name: the next cell (001 "Indre Namdal" / "Trøndelag").
        return True
    # "Trøndelag" + "Fylkeskommune,": one name wrapped.
    if is_known_actor(f"{previous.split(',')[-1].strip()} {text.rstrip(',')}"):
        return False
    return bool(_org_starts(text)) and 0 in _org_starts(text)


# --- status rows (text) --------------------------------------------------------------


def read_status_row(number: str, lines: list[RowLine]) -> TableRow:
    row = TableRow(number=number, first_line=lines[0].index)
    parts = []
    for li, line in enumerate(lines):
        text = line.text.strip()
        if li == 0:
            m = ROW_START.match(text)
            text = m.group("rest") if m else text
        parts.append(text)
    # Search the status in the whole row with line breaks as spaces.
    joined = " \n".join(parts)
    flat = joined.replace("\n", " ")
    m = STATUS_START.search(flat)
    if not m:
        row.cells = {"tiltak": join_wrapped(parts), "status": "", "kommentar": ""}
        row.doubts.append("no status word found")
        return row
    title_text = joined[: m.start()]
    status_text = joined[m.start() : m.end()]
    comment_text = joined[m.end() :]
    row.cells = {
        "tiltak": join_wrapped(title_text.split("\n")),
        "status": normalize_whitespace(status_text),
        "kommentar": join_wrapped(comment_text.split("\n")),
    }
    if not row.cells["tiltak"]:
        row.doubts.append("no title found")
    return row


# --- text-dump tables --------------------------------------------------------------

# The columns of the tables the sequence reader rebuilds, as the header row of their Table.
TEXT_COLUMNS = {
    "tiltak": ("Nr", "Tiltak", "Hovedansvarlig", "Samarbeidsparter", "Tidsramme"),
    "status": ("Nr", "Tiltak", "Status", "Kommentar"),
}


def text_table(doc: Document, region: Region, rows: list[TableRow]) -> Table:
    """A table of a text dump, rebuilt by the sequence reader, as a :class:`Table`: a
    header row naming its columns, then one grid row per table row, each cell with the
    line its row starts on."""
    header = TEXT_COLUMNS[region.kind]
    names = [column_of(h) for h in header]
    cells = [Cell(h, 0, j, line=region.header) for j, h in enumerate(header)]
    for r, row in enumerate(rows, 1):
        for j, name in enumerate(names):
            text = row.number if name == "nr" else row.cells.get(name or "", "")
            cells.append(Cell(text, r, j, line=row.first_line))
    return Table(
        table_id=len(doc.tables),
        page=doc.lines[region.header].page,
        cells=cells,
        n_rows=len(rows) + 1,
        n_cols=len(header),
        source="text",
        first_line=region.header,
        last_line=region.last,
    )


def _through_table(doc: Document, region: Region, rows: list[TableRow]) -> list[TableRow]:
    """Register the rebuilt table in ``doc.tables`` and read its rows back through the
    header interpreter, as every other table is read; the reader's doubts stay with
    their rows."""
    table = text_table(doc, region, rows)
    doc.tables.append(table)
    header = interpret_header(table)
    if header is None:  # cannot happen with TEXT_COLUMNS; keep the reader's rows
        return rows
    read = read_rows(JoinedTable(header, [table]))
    doubts = {row.first_line: row.doubts for row in rows}
    return [
        TableRow(
            number=g.number,
            first_line=g.line if g.line is not None else region.header,
            cells=g.cells,
            doubts=doubts.get(g.line or -1, []),
        )
        for g in read
    ]


# --- grid tables (PDF, .docx, OCR) ---------------------------------------------------


def read_grid_rows(joined: JoinedTable) -> list[TableRow]:
    """The rows of a tiltak or status table read through the header interpreter."""
    rows: list[TableRow] = []
    for grid_row in read_rows(joined):
        row = TableRow(number=grid_row.number, first_line=grid_row.line or 0)
        row.anchor = grid_row.anchor
        row.cells = {k: v for k, v in grid_row.cells.items() if k in _GRID_COLUMNS}
        row.grid_line = grid_row.line
        rows.append(row)
    for row in rows:
        for name in ("tiltak", "tidsramme", "kommentar"):
            if name in row.cells:
                row.cells[name] = join_wrapped(row.cells[name].split("\n"))
        if "status" in row.cells:
            row.cells["status"] = normalize_whitespace(row.cells["status"])
    return rows


_GRID_COLUMNS = frozenset(
    {"delmal", "tiltak", "hovedansvarlig", "samarbeidsparter", "tidsramme", "status", "kommentar"}
)


def _grid_row_line(doc: Document, joined: JoinedTable, row: TableRow, cursor: int) -> int:
    """The doc line index where a grid row starts (for page/line provenance).

    Rows are looked up in order from ``cursor``: numbers repeat in a table that lists
    several delmål.
    """
    first = joined.first_line
    if first is None:
        return row.grid_line or 0
    last = joined.last_line if joined.last_line is not None else first
    for line in doc.lines[max(first, cursor) : last + 1]:
        if row.anchor and row.anchor in normalize_whitespace(line.text):
            return line.index
    return row.grid_line if row.grid_line is not None else max(first, cursor)


# --- body sections and budgets ---------------------------------------------------------


def _tiltak_sections(doc: Document, delmal_no: str | None) -> list[Section]:
    return [s for s in doc.sections if s.kind == "tiltak" and s.delmal_no == delmal_no]


def body_status(doc: Document, section: Section, chosen: TiltakSettings) -> tuple[str | None, str]:
    """Status the first lines of a body section state ("Arbeidet er avsluttet")."""
    title = normalize_whitespace(section.title).casefold()
    for line in doc.lines[section.first_line + 1 : section.last_line + 1]:
        text = line.stripped
        if not text or normalize_whitespace(text).casefold() in title:
            continue  # blank, or the heading wrapped onto a second line
        # Only a short lead line states the tiltak's fate; prose further down may say
        # "gjennomført" about anything.
        if STATUS_START.search(text) and len(text.split()) <= chosen.body_status_max_words:
            status = normalize_status(text)
            if status in ("ended", "dropped", "merged"):
                return status, text
        return None, ""
    return None, ""


def money_by_line(doc: Document) -> dict[int, list[MoneyFigure]]:
    """The amounts stage's money figures of the text (not of tables), by their first line."""
    out: dict[int, list[MoneyFigure]] = {}
    for figure in doc.money:
        if not figure.amount.in_table:
            out.setdefault(figure.first_line, []).append(figure)
    return out


def section_budget(
    doc: Document, section: Section, money: dict[int, list[MoneyFigure]]
) -> tuple[int | None, str]:
    """(amount, evidence) the section's financing paragraph sets aside.

    The figures are the amounts stage's (``money``, from :func:`money_by_line`); this only
    decides which of them the paragraph sets aside, by the sentence each stands in.
    """
    # Table lines (budget tables, a tiltak table inside the section) are not prose.
    lines = [
        ln
        for ln in doc.lines[section.first_line + 1 : section.last_line + 1]
        if ln.table_id is None and doc.in_table(ln.index) is None
    ]
    start = 0
    for i, line in enumerate(lines):
        if FINANCING_HEADING.match(line.text):
            start = i
    # The paragraph as one text, each line stripped; where each line begins in it.
    parts: list[str] = []
    offsets: list[tuple[int, int, int]] = []  # (line index, offset in text, stripped chars)
    pos = 0
    for ln in lines[start:]:
        stripped = ln.text.strip()
        offsets.append((ln.index, pos, len(ln.text) - len(ln.text.lstrip())))
        parts.append(stripped)
        pos += len(stripped) + 1
    text = " ".join(parts)
    sentence_ends = [m.start() for m in SENTENCE_BREAK.finditer(text)] + [len(text)]
    found: list[tuple[int, str, str]] = []  # (amount, raw, sentence)
    for index, at, lead in offsets:
        for figure in money.get(index, []):
            amount = figure.amount
            if amount.amount_nok is None or amount.kind in ("allocation", "rate"):
                continue
            offset = at + max(0, figure.start - lead)
            k = bisect_right(sentence_ends, offset)
            begin = sentence_ends[k - 1] if k > 0 else 0
            found.append((amount.amount_nok, amount.raw, text[begin : sentence_ends[k]]))
    if not found:
        return None, ""
    totals = [f for f in found if TOTAL_WORDS.search(f[2])]
    if len(totals) == 1:
        return totals[0][0], f"financing: '{totals[0][1]}' (total)"
    if len(found) == 1:
        return found[0][0], f"financing: '{found[0][1]}'"
    budget = [f for f in found if BUDGET_VERBS.search(f[2])]
    chosen = budget or found
    total = sum(f[0] for f in chosen)
    return total, "financing: sum of " + " + ".join(f"'{f[1]}'" for f in chosen)


# --- assembling ------------------------------------------------------------------------


def _row_section_similarity(a: str, b: str) -> float:
    """How alike a table row's title and a body heading of the same plan are, 0-100.

    Not the matcher's title score (:mod:`hplan.normalize.matcher`), on purpose: within one
    plan the same title is written twice, mostly word for word, so plain ``ratio`` (which
    rewards the same word order) counts half; across years titles are reworded, and the
    matcher compares sorted and set tokens of normalised titles instead.
    """
    from rapidfuzz import fuzz, utils

    return (
        fuzz.token_set_ratio(a, b, processor=utils.default_process) * 0.5
        + fuzz.ratio(a, b, processor=utils.default_process) * 0.5
    )


def match_rows_to_sections(
    rows: list[TableRow], sections: list[Section], chosen: TiltakSettings
) -> dict[int, int]:
    """Row index → section index, one-to-one, by number and title similarity."""
    if not rows or not sections:
        return {}
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    score = np.zeros((len(rows), len(sections)))
    for i, row in enumerate(rows):
        for j, section in enumerate(sections):
            s = _row_section_similarity(row.cells.get("tiltak", ""), section.title)
            if row.number == section.tiltak_no:
                s += chosen.same_number_bonus
            score[i, j] = s
    r_idx, c_idx = linear_sum_assignment(-score)
    return {
        int(i): int(j)
        for i, j in zip(r_idx, c_idx, strict=True)
        if score[i, j] >= chosen.min_row_section_score
    }


def _reads_tiltak(doc: Document) -> bool:
    return doc.meta.doc_type == "handlingsplan" or any(s.kind == "tiltak" for s in doc.sections)


def find_tables(doc: Document, settings: Settings | None = None) -> None:
    """The tiltak_tables stage: this year's tiltak tables and last year's status tables.

    Their lines are registered in ``doc.table_spans`` (so the amounts stage reads them as
    tables), their rows kept in ``doc.tiltak_tables`` by delmål for the tiltak stage, and
    each status row becomes a ``previous_tiltak`` record.
    """
    doc.tiltak_tables = TiltakTables()
    if not _reads_tiltak(doc):
        return
    tiltak_tables = doc.tiltak_tables.rows
    status_rows: list[tuple[Region, TableRow]] = []
    for joined in grid_tables(doc):
        kind = joined.header.kind
        rows = read_grid_rows(joined)
        first = joined.first_line or 0
        delmal_no, _ = doc.place(first)
        cursor = first
        for row in rows:
            row.first_line = _grid_row_line(doc, joined, row, cursor)
            cursor = row.first_line + 1
        last = joined.last_line if joined.last_line is not None else first
        doc.table_spans.append(
            TableSpan(kind or "other", first, last, delmal_no, [t.table_id for t in joined.tables])
        )
        if not rows:
            where = joined.tables[0]
            page = f"page {where.page}" if where.page is not None else "no page numbers"
            doc.add_check(
                "table_unread",
                "warning",
                f"{kind} table with columns {', '.join(joined.header.columns)} ({page}): "
                "recognised by its header, but none of its rows could be read",
                doc.lines[first] if doc.lines else None,
            )
        if kind == "tiltak":
            for row in rows:
                # An overview table with a Delmål column says where each row belongs.
                own = re.match(r"\s*(?:Delmål\s*)?(\d+|T)\b", row.cells.get("delmal", ""))
                tiltak_tables.setdefault(own.group(1) if own else delmal_no, []).append(row)
        else:
            year = (doc.meta.plan_year - 1) if doc.meta.plan_year else None
            for j in range(first - 1, max(-1, first - 8), -1):
                m = PREVIOUS_CAPTION.match(doc.lines[j].text)
                if m:
                    year = int(m.group("year"))
                    break
            region = Region("status", first, first, last, delmal_no, year)
            status_rows.extend((region, row) for row in rows)
    # Tables without a grid (text dumps, or a PDF whose table has no ruling) are read
    # from their flattened lines.
    for region in find_regions(doc):
        if doc.lines[region.header].table_id is not None:
            continue  # read from the PDF grid above
        lines = _row_lines(doc, region.first, region.last)
        doc.table_spans.append(TableSpan(region.kind, region.header, region.last, region.delmal_no))
        rows = split_rows(lines)
        if not rows:
            header_line = doc.lines[region.header]
            doc.add_check(
                "table_unread",
                "warning",
                f"{region.kind} table (page {header_line.page}, line {header_line.line}): "
                "recognised by its header, but none of its rows could be read",
                header_line,
            )
        if region.kind == "status":
            read = _through_table(doc, region, [read_status_row(no, ls) for no, ls in rows])
            status_rows.extend((region, row) for row in read)
            continue
        gaps = sum(1 for ln in lines[1:] if ln.blank_before)
        single_spaced = bool(lines) and gaps / max(1, len(lines) - 1) < 0.3
        tiltak_tables.setdefault(region.delmal_no, []).extend(
            _through_table(doc, region, [read_tiltak_row(no, ls, single_spaced) for no, ls in rows])
        )

    _previous(doc, status_rows)


def run(doc: Document, settings: Settings | None = None) -> None:
    """The tiltak stage: table rows merged with body sections, budgets from doc.money."""
    if not _reads_tiltak(doc) or doc.tiltak_tables is None:
        return
    # The metadata stage read the agreement period with its settings; none found is none.
    agreement = None
    if doc.meta.agreement_start and doc.meta.agreement_end:
        agreement = (doc.meta.agreement_start, doc.meta.agreement_end)
    _assemble(doc, doc.tiltak_tables.rows, agreement, (settings or Settings()).tiltak)


def _previous(doc: Document, status_rows: list[tuple[Region, TableRow]]) -> None:
    for region, row in status_rows:
        line = doc.lines[row.first_line]
        status_raw = row.cells.get("status", "")
        comment = row.cells.get("kommentar", "")
        status = normalize_status(status_raw, comment) if status_raw or comment else None
        successors = find_successors(status_raw, comment, row.number) if status else []
        doc.previous_tiltak.append(
            PreviousTiltakRecord(
                doc_id=doc.doc_id,
                delmal_no=region.delmal_no or "",
                year=region.year,
                tiltak_no=row.number,
                title=row.cells.get("tiltak", ""),
                status_raw=status_raw or None,
                status=status,
                comment=comment or None,
                successors="; ".join(successors) or None,
                page=line.page,
                line=line.line,
            )
        )
        for doubt in row.doubts:
            doc.add_check(
                "status_row",
                "warning",
                f"status table row {region.delmal_no}.{row.number}: {doubt}",
                line,
            )
        if status is None:
            doc.add_check(
                "status_unknown",
                "warning",
                f"status of previous tiltak {region.delmal_no}.{row.number} not recognised: "
                f"'{status_raw}'",
                line,
            )


def _where(line: Line) -> str:
    """Where a line stands, for evidence a reviewer can follow: page and line."""
    return f"p. {line.page}, line {line.line}"


def _kr(amount: int) -> str:
    return f"{amount:,} kr".replace(",", " ")


def _overview_budgets(doc: Document, chosen: TiltakSettings) -> dict[str, tuple[int, str, Line]]:
    """tiltak_key → (amount, evidence, line) from an overview table of tiltak and amounts.

    The overview's item numbers are not reliable (001 numbers both delmål 7 items "1."),
    so items are matched to this delmål's tiltak sections like table rows are: by number
    and title similarity, one-to-one.
    """
    out: dict[str, tuple[int, str, Line]] = {}
    for table in doc.budget_tables:
        if table.kind != "overview":
            continue
        groups: dict[str, list[TableRow]] = {}
        for row in table.data_rows:
            amounts = [c.amount_nok for c in row.cells if c.amount_nok is not None]
            if not row.delmal_no or not amounts:
                continue
            item = TableRow(number=row.number or "", first_line=row.first_line)
            item.cells = {"tiltak": row.bare_label, "raw": " ".join(c.raw for c in row.cells)}
            item.anchor = str(sum(amounts))
            groups.setdefault(row.delmal_no, []).append(item)
        for delmal_no, items in groups.items():
            sections = _tiltak_sections(doc, delmal_no)
            for i, j in match_rows_to_sections(items, sections, chosen).items():
                item, section = items[i], sections[j]
                line = doc.lines[item.first_line]
                out[f"{delmal_no}.{section.tiltak_no}"] = (
                    int(item.anchor),
                    f"overview table: '{item.cells['tiltak']}' {item.cells['raw']} "
                    f"({_where(line)})",
                    line,
                )
    return out


def _assemble(
    doc: Document,
    tables: dict[str | None, list[TableRow]],
    agreement: tuple[int, int] | None,
    chosen: TiltakSettings,
) -> None:
    previous_by_key = {(p.delmal_no, p.tiltak_no): p for p in doc.previous_tiltak}
    # Each delmål number once, however often a document heads it (a file holding a plan
    # twice would otherwise merge and check its rows once per heading: quadratic).
    delmal_order = list(dict.fromkeys([d.delmal_no for d in doc.delmal]))
    for key in tables:
        if key not in delmal_order:
            delmal_order.append(key)  # type: ignore[arg-type]
    overview = _overview_budgets(doc, chosen)
    money = money_by_line(doc)
    for delmal_no in delmal_order:
        rows = _merge_repeated_rows(doc, delmal_no, tables.get(delmal_no, []))
        sections = _tiltak_sections(doc, delmal_no)
        matched = match_rows_to_sections(rows, sections, chosen)
        section_of_row = {i: sections[j] for i, j in matched.items()}
        row_of_section = {j: rows[i] for i, j in matched.items()}
        entries: list[tuple[int, TiltakRecord]] = []
        for i, row in enumerate(rows):
            section = section_of_row.get(i)
            entries.append(
                (
                    row.first_line,
                    _record(
                        doc, delmal_no, row, section, agreement, previous_by_key, money, chosen
                    ),
                )
            )
            for doubt in dict.fromkeys(row.doubts):
                doc.add_check(
                    "tiltak_row",
                    "warning",
                    f"tiltak table row {delmal_no}.{row.number}: {doubt}",
                    doc.lines[row.first_line],
                )
        for j, section in enumerate(sections):
            if j in row_of_section:
                continue
            entries.append(
                (
                    section.first_line,
                    _record(
                        doc, delmal_no, None, section, agreement, previous_by_key, money, chosen
                    ),
                )
            )
        for _, record in sorted(entries, key=lambda e: e[0]):
            if record.tiltak_key in overview:
                amount, evidence, line = overview[record.tiltak_key]
                if record.budget_nok is None:
                    record.budget_nok = amount
                    record.evidence = "; ".join(filter(None, [record.evidence, evidence]))
                elif record.budget_nok != amount:
                    doc.add_check(
                        "tiltak_budget_conflict",
                        "warning",
                        f"tiltak {record.tiltak_key}: the financing paragraph gives "
                        f"{_kr(record.budget_nok)}, the overview table {_kr(amount)}",
                        line,
                    )
            doc.tiltak.append(record)
            _actors(doc, record)


def _merge_repeated_rows(
    doc: Document, delmal_no: str | None, rows: list[TableRow]
) -> list[TableRow]:
    """One row per tiltak number: a plan may list a tiltak in two tables (a delmål's own
    table and an overview of all tiltak). The first keeps its cells; a later row only
    fills cells the first left empty, and a disagreement is reported."""
    by_number: dict[str, TableRow] = {}
    out: list[TableRow] = []
    for row in rows:
        kept = by_number.get(row.number)
        if kept is None:
            # A copy: the rows are the tiltak_tables stage's output, not to be changed here.
            kept = by_number[row.number] = replace(row, cells=dict(row.cells))
            out.append(kept)
            continue
        for name, value in row.cells.items():
            mine = kept.cells.get(name, "")
            if not mine.strip() and value.strip():
                kept.cells[name] = value
            elif value.strip() and normalize_whitespace(value) != normalize_whitespace(mine):
                doc.add_check(
                    "tiltak_repeated_row",
                    "warning",
                    f"tiltak {delmal_no}.{row.number} stands in two tables with different "
                    f"{name}: '{normalize_whitespace(mine)}' and '{normalize_whitespace(value)}'",
                    doc.lines[row.first_line],
                )
    return out


def _record(
    doc: Document,
    delmal_no: str | None,
    row: TableRow | None,
    section: Section | None,
    agreement: tuple[int, int] | None,
    previous_by_key: dict[tuple[str, str], PreviousTiltakRecord],
    money: dict[int, list[MoneyFigure]],
    chosen: TiltakSettings,
) -> TiltakRecord:
    dno = delmal_no or ""
    number = section.tiltak_no if section is not None else row.number  # type: ignore[union-attr]
    assert number is not None
    evidence: list[str] = []
    title = section.title if section is not None else row.cells.get("tiltak", "")  # type: ignore[union-attr]
    anchor = doc.lines[row.first_line] if row is not None else doc.lines[section.first_line]  # type: ignore[union-attr]
    hoved = samarb = tidsramme = None
    start_year = end_year = None
    if row is not None:
        row_line = doc.lines[row.first_line]
        evidence.append(
            f"table row {row.number}: '{row.cells.get('tiltak', '')}' ({_where(row_line)})"
        )
        if section is not None and row.number != section.tiltak_no:
            doc.add_check(
                "tiltak_number",
                "info",
                f"tiltak table row {dno}.{row.number} '{row.cells.get('tiltak', '')}' matches "
                f"body section {dno}.{section.tiltak_no} '{section.title}'",
                row_line,
            )
        hoved = "; ".join(split_actors(row.cells.get("hovedansvarlig", ""))) or None
        samarb = "; ".join(split_actors(row.cells.get("samarbeidsparter", ""))) or None
        tidsramme = row.cells.get("tidsramme") or None
        if tidsramme:
            start_year, end_year = parse_tidsramme(
                tidsramme, plan_year=doc.meta.plan_year, agreement=agreement
            )
    if section is not None:
        evidence.append(
            f"body heading: '{section.title}' ({_where(doc.lines[section.first_line])})"
        )
    ended = False
    status, status_raw, successors = None, None, None
    if section is not None:
        status, text = body_status(doc, section, chosen)
        if status:
            ended = True
            status_raw = text
            successors = "; ".join(find_successors(text, "", number)) or None
            evidence.append(f"body says: '{text}'")
    if row is None and not ended:
        prev = previous_by_key.get((dno, number))
        if prev is not None and prev.status in ("ended", "dropped", "merged"):
            ended = True
            evidence.append(f"last year's status: '{prev.status_raw}'")
        else:
            doc.add_check(
                "tiltak_only_in_body",
                "info",
                f"tiltak {dno}.{number} '{title}' has a body section but no row in a tiltak table",
                anchor,
            )
    budget = None
    if section is not None:
        budget, how = section_budget(doc, section, money)
        if how:
            evidence.append(how)
    return TiltakRecord(
        doc_id=doc.doc_id,
        tiltak_key=f"{dno}.{number}",
        delmal_no=dno,
        tiltak_no=number,
        title=title,
        hovedansvarlig=hoved,
        samarbeidsparter=samarb,
        tidsramme=tidsramme,
        start_year=start_year,
        end_year=end_year,
        budget_nok=budget,
        ended=ended,
        page=anchor.page,
        line=anchor.line,
        evidence="; ".join(evidence) or None,
        table_title=(row.cells.get("tiltak") or None) if row is not None else None,
        status=status,
        status_raw=status_raw,
        successors=successors,
    )


def _actors(doc: Document, record: TiltakRecord) -> None:
    for role, cell in (
        ("hovedansvarlig", record.hovedansvarlig),
        ("samarbeidspart", record.samarbeidsparter),
    ):
        if not cell:
            continue
        for raw in cell.split("; "):
            for actor in canonical_actors(raw):
                doc.tiltak_actors.append(
                    TiltakActorRecord(doc.doc_id, record.tiltak_key, role, raw, actor)
                )
