"""The one header interpreter: what each column of a table means, for every source.

A plan's tables arrive in many layouts: the number in its own narrow column (often under
an empty or merged header cell) or at the start of the title ("1", "1.3", "T1",
"Tiltak 3"), columns in any order, bokmål or nynorsk headers, a header word split over
two lines or hyphenated in a narrow column ("Totalbudsj-ett"), a table continued on the
next page with or without its header row repeated. This module turns a
:class:`~hplan.models.document.Table` (PDF grid, Word table, or a table rebuilt from a
text dump) into rows of named cells. Every stage that reads a tiltak or status table
reads it through :func:`grid_tables` and :func:`read_rows`; the budget stage uses
:func:`header_key` and :data:`BUDGET_COLUMNS` for its headers.

The column vocabulary is :data:`COLUMN_SYNONYMS` (extend it there, and only there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from hplan.models.document import Cell, Document, Table, Word
from hplan.normalize.actors import (
    CONTINUING_WORDS,
    is_known_actor,
    name_is_complete,
    opens_name,
)

# Column name → header words (compared after :func:`header_key`: lower case, white space
# and hyphens removed). A word ending in "*" matches as a prefix.
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "nr": ("nr", "nr.", "nummer", "#", "no."),
    "delmal": ("delmål", "delmal"),
    "tiltak": (
        "tiltak",
        "tiltaket",
        "tiltaksnavn",
        "namnpåtiltak",
        "navnpåtiltak",
        "aktivitet",
        "aktiviteter",
        "milepæl",
        "milepælar",
        "milepæler",
        "prosjekt",
    ),
    "hovedansvarlig": (
        "hovedansvar*",
        "hovudansvar*",
        "ansvar",
        "ansvarlig",
        "ansvarleg",
        "ansvarlege",
        "ansvarlige",
    ),
    "samarbeidsparter": (
        "samarbeidspar*",
        "samarbeidspartn*",
        "samarbeidspartar",
        "partnere",
        "partnarar",
        "involverte",
    ),
    "tidsramme": ("tidsramme*", "tidsrom", "periode", "når", "når?", "tid", "tidsplan"),
    "status": ("status",),
    "kommentar": ("kommentar*", "merknad*"),
    "budsjett": ("budsjett", "kostnad", "kostnader", "beløp", "beløpkr", "beløp(kr)"),
}

# Budget tables: canonical column names and the header text naming them (regexes on
# :func:`header_key` text). The order within a header decides the column order, except
# that the total comes first.
TOTAL_COLUMN = "Totalbudsjett"
KDD_COLUMN = "KDD"
BUDGET_COLUMNS: list[tuple[str, str]] = [
    (TOTAL_COLUMN, r"totalbudsj(?:ett)?"),
    (KDD_COLUMN, r"kdd(?:13\.?50)?(?:post66)?|kap\.?553(?:post66)?|bygdevekstmidl\w*"),
    ("Kommunal egenandel", r"kommunal(?:e)?egenandel|kommunaleigendel|egenandel"),
    ("Fylkeskommunen", r"trfk|fylkeskommun(?:en)?|fylkeskommunal\w*"),
    ("Statsforvalter", r"statsforva(?:lter|ter)?(?:en)?"),
    ("Offentlige tilskuddsordninger", r"offentlig(?:e)?(?:tilskudd)?|offentleg\w*"),
    ("Annet", r"annet|anna|andre(?:kjelder|kilder)?"),
]

# A tiltak number as a cell of its own or at the start of the title cell: "1", "1.",
# "1.3" (delmål.tiltak), "T1", "Tiltak 3", "Tiltak 3:".
NUMBER_CELL = re.compile(r"^\s*(?:Tiltak\s+)?(?:\d{1,2}\.)?(?P<no>T?\d{1,2})\.?:?\s*$", re.I)
NUMBER_START = re.compile(
    r"^\s*(?:Tiltak\s+(?=\d))?(?:(?P<d>\d{1,2})\.(?=\d))?(?P<no>T?\d{1,2})(?:\.|:)?"
    r"(?:\s+|$)(?P<rest>.*)$",
    re.I | re.S,
)

# Which columns make a table a tiltak table or a status table.
TILTAK_KIND = (
    frozenset({"tiltak", "hovedansvarlig"}),
    frozenset({"tiltak", "samarbeidsparter", "tidsramme"}),
)
STATUS_KIND = (frozenset({"tiltak", "status"}),)


def header_key(text: str | None) -> str:
    """A header cell as a lookup key: a word hyphenated or wrapped in a narrow cell
    ("Totalbudsj-\\nett", "Hovudansvar\\nleg") becomes one word."""
    return re.sub(r"[\s\-\u00ad]+", "", (text or "")).casefold().rstrip(":")


def column_of(text: str | None) -> str | None:
    """The column a header cell names, or None."""
    key = header_key(text)
    if not key:
        return None
    for name, words in COLUMN_SYNONYMS.items():
        for word in words:
            if word.endswith("*"):
                if key.startswith(word[:-1]):
                    return name
            elif key == word:
                return name
    return None


@dataclass
class Header:
    """What the columns of a table mean: column name → grid column."""

    kind: str | None  # "tiltak" | "status" | None
    columns: dict[str, int]
    rows: int = 1  # header rows at the top of the table

    def same_as(self, other: Header) -> bool:
        return self.columns == other.columns


def interpret_header(table: Table) -> Header | None:
    """The header of ``table``, when its first row (or first two, for a header split
    over two rows) names the columns of a tiltak or status table."""
    grid = table.rows
    for n_rows in (1, 2):
        if len(grid) < n_rows:
            break
        columns: dict[str, int] = {}
        for col in range(table.n_cols):
            texts = []
            for r in range(n_rows):
                cell = table.cell_at(r, col)
                if cell is not None and cell.col == col and cell.text:
                    texts.append(cell.text)
            name = column_of(" ".join(texts)) or column_of("".join(texts))
            if name and name not in columns:
                columns[name] = col
        kind = _kind(columns)
        if kind is not None:
            header = Header(kind, columns, n_rows)
            _number_column(table, header)
            return header
    return None


def _kind(columns: dict[str, int]) -> str | None:
    names = set(columns)
    if any(need <= names for need in TILTAK_KIND):
        return "tiltak"
    if any(need <= names for need in STATUS_KIND):
        return "status"
    return None


def _number_column(table: Table, header: Header) -> None:
    """Find a separate number column: under an empty first header cell, under "Nr", or
    under a header cell merged over the number and the title columns."""
    grid = table.rows[header.rows :]
    if not grid:
        return
    title = header.columns["tiltak"]
    candidates = [c for c in range(table.n_cols) if c not in header.columns.values()]
    if "nr" in header.columns:
        candidates.insert(0, header.columns.pop("nr"))
    title_cell = table.cell_at(0, title)
    if title_cell is not None and title_cell.col_span > 1:
        # "Tiltak" over the number and the title: the numbers are in the first column.
        candidates.insert(0, title)
    for col in candidates:
        values = [(row[col] or "").strip() for row in grid if col < len(row)]
        filled = [v for v in values if v]
        if filled and all(NUMBER_CELL.match(v) for v in filled):
            header.columns["nr"] = col
            if col == title:
                header.columns["tiltak"] = col + 1
            return


@dataclass
class GridRow:
    """One row of a tiltak or status table, cells by column name."""

    number: str
    cells: dict[str, str]
    table_id: int
    line: int | None  # doc line index of the row's first cell text
    anchor: str  # the row's first line of title text, to find it on the page


def split_number(text: str) -> tuple[str | None, str]:
    """(tiltak number, rest) of a title cell that starts with its number."""
    m = NUMBER_START.match(text)
    if not m or not m.group("rest").strip():
        return None, text
    return m.group("no").upper().lstrip("T"), m.group("rest")


@dataclass
class JoinedTable:
    """A table with its continuations on the following pages; ``words``: the words of the
    pages they stand on (PDFs), by page number, to read list cells line by line."""

    header: Header
    tables: list[Table] = field(default_factory=list)
    words: dict[int, list[Word]] = field(default_factory=dict)

    @property
    def first_line(self) -> int | None:
        return next((t.first_line for t in self.tables if t.first_line is not None), None)

    @property
    def last_line(self) -> int | None:
        lasts = [t.last_line for t in self.tables if t.last_line is not None]
        return max(lasts) if lasts else None


def grid_tables(doc: Document) -> list[JoinedTable]:
    """The tiltak and status tables of ``doc``, each joined with its continuations."""
    out: list[JoinedTable] = []
    for table in doc.tables:
        if not table.cells or table.source == "text":
            continue  # a text dump's tables are read by the tiltak stage's sequence reader
        header = interpret_header(table)
        previous = out[-1] if out else None
        if previous is not None and _continues(doc, previous, table, header):
            previous.tables.append(table)
        elif header is not None:
            out.append(JoinedTable(header, [table]))
        else:
            continue
        if table.bbox is not None and table.page is not None:
            page = doc.pages[table.page - 1]
            lines = doc.lines[page.first_line : page.last_line + 1]
            out[-1].words[table.page] = [w for ln in lines for w in (ln.words or [])]
    return out


def _continues(doc: Document, previous: JoinedTable, table: Table, header: Header | None) -> bool:
    last = previous.tables[-1]
    if table.bbox is None or last.bbox is None:
        return False  # a Word table runs over its page breaks as one table
    if table.page is None or last.page is None or table.page != last.page + 1:
        return False
    if table.n_cols != last.n_cols:
        return False
    if header is not None and not header.same_as(previous.header):
        return False
    return _is_page_bottom(doc, last) and _is_page_top(doc, table)


def _is_page_bottom(doc: Document, table: Table) -> bool:
    """No body text between the table and the bottom of its page: a table followed by a
    heading and prose ("Delmål 6 …") ends there, and the next page's table is another."""
    if table.page is None or table.bbox is None:
        return True
    page = doc.pages[table.page - 1]
    for line in doc.lines[page.first_line : page.last_line + 1]:
        below = (
            line.table_id is None
            and line.bbox
            and line.bbox[1] > table.bbox[3]
            and not line.stripped.isdigit()  # the page number
        )
        # Running footers are short; body text below the table ends it.
        if below and (len(line.stripped) >= 40 or NUMBER_START.match(line.stripped)):
            return False
    return True


def _is_page_top(doc: Document, table: Table) -> bool:
    """No body text between the top of the page and the table."""
    if table.page is None or table.bbox is None:
        return True
    page = doc.pages[table.page - 1]
    for line in doc.lines[page.first_line : page.last_line + 1]:
        if line.table_id == table.table_id:
            return True
        if line.bbox and line.bbox[1] < table.bbox[1] and line.stripped:
            # Running headers are short; body text above the table means a new table.
            return len(line.stripped) < 40 and not NUMBER_START.match(line.stripped)
    return True


def read_rows(joined: JoinedTable) -> list[GridRow]:
    """Rows of a joined table by column name. A repeated header row is skipped; a row
    without a number continues the row before it (a row split over a page break)."""
    header = joined.header
    rows: list[GridRow] = []
    bullets: dict[str, bool] = {}  # list columns whose cells in the row above had bullets
    number_col = header.columns.get("nr")
    for table in joined.tables:
        own = interpret_header(table)
        start = own.rows if own is not None and own.same_as(header) else 0
        for r in range(start, table.n_rows):
            values: dict[str, str] = {}
            continuing: set[str] = set()  # list cells whose first line goes on from above
            cell_bullets: dict[str, bool] = {}  # list cells of this row with bullets
            first_line: int | None = None
            for name, col in header.columns.items():
                if name == "nr":
                    continue
                cell = table.cell_at(r, col)
                # A merged cell spanning rows belongs to its first row only.
                text = ""
                if cell is not None and cell.row == r:
                    words = joined.words.get(table.page or 0)
                    # A text dump's reader already cut its list cells into items.
                    if name in LIST_COLUMNS and table.source != "text":
                        text, bulleted = _list_items(cell, words)
                        # A first line without the bullet the items carry (in this
                        # cell, or above the page break) goes on from above.
                        if bulleted is False or (bulleted is None and bullets.get(name)):
                            continuing.add(name)
                        if bulleted is not None:
                            cell_bullets[name] = True
                    else:
                        text = _cell_text(cell, words)
                values[name] = text or ""
                if cell is not None and cell.row == r and cell.line is not None:
                    first_line = cell.line if first_line is None else min(first_line, cell.line)
            number: str | None = None
            title = values.get("tiltak", "").strip()
            if number_col is not None:
                cell = table.cell_at(r, number_col)
                raw = (cell.text or "") if cell is not None and cell.row == r else ""
                m = NUMBER_CELL.match(raw)
                if m:
                    number = m.group("no").upper().lstrip("T")
                    if cell is not None and cell.line is not None:
                        first_line = cell.line if first_line is None else min(first_line, cell.line)
            if number is None and title:
                number, rest = split_number(title)
                if number is not None:
                    values["tiltak"] = rest
            if not any(v.strip() for v in values.values()) and number is None:
                continue
            if number is not None:
                anchor = " ".join((title.split("\n")[0]).split())
                rows.append(GridRow(number, values, table.table_id, first_line, anchor))
                bullets = cell_bullets
            elif rows:
                for name, value in values.items():
                    if value.strip():
                        above = rows[-1].cells.get(name, "")
                        rows[-1].cells[name] = _continued(name, above, value, continuing)
    return rows


def _continued(name: str, above: str, value: str, continuing: set[str]) -> str:
    """A cell split over a page break: its part above, then the rest. In a list cell an
    item cut by the break ("Statsforvalteren i" / "Trøndelag", or a line without the
    bullet the cell's items carry) is one item again."""
    if name in LIST_COLUMNS and above.strip():
        last = above.rstrip().rsplit("\n", 1)[-1]
        first, _, rest = value.strip().partition("\n")
        if name in continuing or _name_goes_on(last.lstrip("- "), _BULLET.sub("", first)):
            above = f"{above.rstrip()} {_BULLET.sub('', first)}"
            value = rest
    return f"{above}\n{value}".strip()


# Columns whose cells list names one per line: a soft wrap inside a name is not a new item.
LIST_COLUMNS = frozenset({"hovedansvarlig", "samarbeidsparter"})


_CONTINUES = re.compile(
    r"(?:,|-|–|\b(?:og|felles med|i|på|for|ved|hos|til|av|med|fra|frå|under|innen|innan))\s*$",
    re.IGNORECASE,
)
# A line opening with a connector continues the name before ("felles med Namdalspiloten").
_STARTS_JOINED = re.compile(r"^\s*(?:og|felles|samt|i|for|ved|med|hos)\b")
_BULLET = re.compile(r"^\s*[-–•▪]\s*")


def _name_goes_on(item: str, line: str) -> bool:
    """Whether ``line``, the first below a page break, goes on with ``item`` above it: the
    item ends in a connector or comma, the line opens no name in lower case
    ("fylkeskommune"), or the two make a known actor ("Trøndelag" / "Fylkeskommune")."""
    if _CONTINUES.search(item):
        return True
    if line[:1].islower():
        return not opens_name(line)
    return not name_is_complete(item) and is_known_actor(f"{item} {line}")


def _list_items(cell: Cell, words: list[Word] | None) -> tuple[str, bool | None]:
    """A list cell's items, one per line, each marked "- ", and whether its lines carry
    bullets: True when its first line does, False when it has bullets but not on its first
    line (that line goes on from the page before), None when it has none; from the PDF's
    words and their places where the cell has them, else from its text
    (:func:`_unwrapped`)."""
    lines = _word_lines(cell, words) if words and cell.bbox else None
    if lines is None:
        return _unwrapped(cell), None
    items = _items_from_lines(cell, lines)
    bulleted = None if not any(ln.bullet for ln in lines) else bool(lines[0].bullet)
    return "\n".join(f"- {item}" for item in items), bulleted


def _cell_text(cell: Cell, words: list[Word] | None) -> str:
    """A cell's text with the words a narrow cell broke glued back ("avtaleperiod" /
    "en"), line by line, from the PDF's words where the cell has them."""
    lines = _word_lines(cell, words) if words and cell.bbox else None
    if lines is None:
        return cell.text
    _, right, _ = _text_area(cell, lines)
    return "\n".join(
        f"{ln.bullet} {ln.text}".strip() for ln in _glue_broken_words(lines, right, hyphens=False)
    )


# Bullet glyphs as a PDF gives them (Word's Symbol-font bullets are private-use points).
_BULLET_GLYPHS = frozenset("•▪◦●■-–\uf0b7\uf0a7\uf076\uf0d8")
# Words whose middles lie this close (points) vertically are on one line of a cell.
_SAME_LINE = 2.0
# A space is about this share of the text's height (a cell with one word per line).
SPACE_PER_HEIGHT = 0.25
# A broken word's first part leaves at most this many letters' width free at the right.
BROKEN_WORD_SLACK = 1.5
# A word that would end within this many points past the text area's right edge still
# fits (rounding in the PDF's glyph widths).
_FIT_TOLERANCE = 0.5


@dataclass
class _CellLine:
    """A line of a cell, or lines joined where a word was broken between them."""

    words: list[Word]  # all words, without the bullet
    bullet: str  # the bullet that starts the line, or ""
    x0: float  # where the line starts, bullet included
    last: list[Word] = field(default_factory=list)  # the words of its last printed line
    text: str = ""

    def __post_init__(self) -> None:
        from hplan.extract.ingest import normalize_line

        self.last = self.last or self.words
        self.text = self.text or normalize_line(" ".join(w.text for w in self.words))

    def glue(self, line: _CellLine) -> None:
        """Append ``line``, the rest of a word broken at this line's end."""
        self.words = self.words + line.words
        self.last = line.last
        self.text += line.text


def _word_lines(cell: Cell, words: list[Word]) -> list[_CellLine] | None:
    """The cell's lines from the page's words inside its box; None when they do not
    give the cell's text (the cell's words cannot be told apart)."""
    from hplan.extract.ingest import normalize_line

    box = cell.bbox
    assert box is not None
    inside = [
        w
        for w in words
        if box[0] - 1 <= (w.x0 + w.x1) / 2 <= box[2] + 1
        and box[1] - 1 <= (w.top + w.bottom) / 2 <= box[3] + 1
    ]
    rows: list[list[Word]] = []
    for w in sorted(inside, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        middle = (w.top + w.bottom) / 2
        if rows and abs((rows[-1][0].top + rows[-1][0].bottom) / 2 - middle) <= _SAME_LINE:
            rows[-1].append(w)
        else:
            rows.append([w])
    lines: list[_CellLine] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        bullet = normalize_line(row[0].text) if row[0].text in _BULLET_GLYPHS else ""
        lines.append(_CellLine(row[1:] if bullet else row, bullet, row[0].x0))
    flat = re.sub(r"[\s•▪◦●■\-–]+", "", cell.text)
    mine = re.sub(r"[\s•▪◦●■\-–]+", "", normalize_line("".join(w.text for w in inside)))
    return lines if lines and mine == flat else None


def _items_from_lines(cell: Cell, lines: list[_CellLine]) -> list[str]:
    """Items of a list cell, told from the geometry of its lines.

    A bullet starts an item, and in a bulleted cell a line without one continues the item
    above. Otherwise a line break is a *wrap* when the next line's first word would not
    have fitted after the line (the text area is the cell less its padding; the space is
    measured between the cell's own words), else the author's. A word too wide for any line
    of the cell is broken inside it ("Statsforvalter" / "en") and glued back. At a wrap, a
    line that opens a name ("Frivilligsentralen i", a known actor) or follows a complete
    one ("Fjordheim næringshage", "Indre Fjord Regionråd") is a new item; a lower-case
    line that opens none ("fylkeskommune") and any other wrap continue the item.
    """
    _, right, space = _text_area(cell, lines)
    lines = _glue_broken_words(lines, right)
    bulleted = any(ln.bullet for ln in lines)
    items: list[str] = []
    for k, line in enumerate(lines):
        text = line.text
        if not items or not line.words or line.bullet:
            items.append(text)
            continue
        if bulleted:
            # The bullets mark the items: a line without one continues the item above.
            items[-1] = f"{items[-1]} {text}"
            continue
        previous = lines[k - 1]
        joined = _CONTINUES.search(items[-1]) or _STARTS_JOINED.match(text)
        first = line.words[0]
        wrap = previous.last[-1].x1 + space + (first.x1 - first.x0) > right + _FIT_TOLERANCE
        if joined or (wrap and not _starts_new_name(items[-1], text)):
            items[-1] = f"{items[-1]} {text}"
        else:
            items.append(text)
    return [item.strip() for item in items if item.strip()]


def _text_area(cell: Cell, lines: list[_CellLine]) -> tuple[float, float, float]:
    """(left padding, right edge of the text, width of a space) of a cell: the padding is
    what its left-most line leaves on the left (a bullet's hanging indent is not padding),
    the right padding the same; the space is the median gap between the cell's words."""
    box = cell.bbox
    assert box is not None
    pad = min(ln.x0 for ln in lines) - box[0]
    gaps = sorted(b.x0 - a.x1 for ln in lines for a, b in pairwise(ln.words) if b.x0 > a.x1)
    heights = [w.bottom - w.top for ln in lines for w in ln.words]
    space = gaps[len(gaps) // 2] if gaps else SPACE_PER_HEIGHT * max(heights, default=10.0)
    return pad, box[2] - pad, space


def _glue_broken_words(
    lines: list[_CellLine], right: float, hyphens: bool = True
) -> list[_CellLine]:
    """The lines with every word broken over two of them glued back ("Statsforvalter" /
    "en"; with ``hyphens`` "LOS-" / "prosjektet" too: a name keeps its hyphen, while prose
    drops it, which :func:`~hplan.extract.tiltak.join_wrapped` decides later)."""
    out: list[_CellLine] = []
    for line in lines:
        if out and not line.bullet and _broken_word(out[-1], line, right, hyphens):
            out[-1].glue(line)
        else:
            out.append(line)
    return out


def _broken_word(previous: _CellLine, line: _CellLine, right: float, hyphens: bool) -> bool:
    """A word broken inside a narrow cell: the previous line ends in that word's first part
    and reaches the right edge of the text area (less than one more letter would fit), the
    next line goes on in lower case with no word of its own ("felles", "i"), and the whole
    word would be wider than any line of the cell, so the renderer had to break it. A word
    hyphenated at the line's end ("LOS-" / "prosjektet") or broken after a slash ("Rindal/" /
    "Holtålen") is one too."""
    if not previous.last or not line.words:
        return False
    fragment, rest = previous.last[-1], line.words[0]
    if fragment.text.endswith("/") and rest.text[:1].isalpha():
        return True  # "Rindal/" / "Holtålen": a slash joins without a space
    if rest.text.casefold() in CONTINUING_WORDS or not rest.text[:1].islower():
        return False
    if fragment.text.endswith("-"):
        return hyphens and len(fragment.text) > 1 and fragment.text[-2].isalpha()
    if len(previous.last) != 1 or not fragment.text[-1:].isalpha():
        return False
    if _both_words(fragment.text, rest.text):
        return False  # "seinere" / "år": a wrap at a space
    letter = (fragment.x1 - fragment.x0) / max(1, len(fragment.text))
    left = min(fragment.x0, rest.x0)
    return (
        right - fragment.x1 <= BROKEN_WORD_SLACK * letter
        and (fragment.x1 - fragment.x0) + (rest.x1 - rest.x0) > right - left - _FIT_TOLERANCE
    )


def _both_words(fragment: str, rest: str) -> bool:
    from hplan.normalize.lemmas import store

    return all(store().is_word(w.casefold()) for w in (fragment, rest))


def _starts_new_name(item: str, line: str) -> bool:
    """At a wrap: whether ``line`` starts another name rather than continuing ``item``."""
    if line[:1].islower() and not opens_name(line):
        return False
    last = re.split(r"\s*[,;]\s*", item.strip())[-1]
    if not name_is_complete(last) and is_known_actor(f"{last} {line}".strip()):
        return False  # "Trøndelag" / "Fylkeskommune"
    return opens_name(line) or name_is_complete(item)


def _unwrapped(cell: Cell) -> str:
    """A list cell's items, one per line, each marked as an item ("- ").

    A line the author started (a paragraph in Word, a hard break in a PDF) is an item:
    "Nord-Troms Regionråd" / "Bygdevekst Nord-Troms" are two names whatever the list of
    known organisations says. A PDF's soft wrap (the next word did not fit) continues the
    line before: "Indre Nordmøre" / "Opplæringskontor" is one name. A line after one that
    ends in a comma or connector ("Rindal/Holtålen og") continues it too. A line that
    starts in lower case is still an item ("utviklingsmiljøene i Indre Namdal").
    """
    lines = [ln for ln in cell.text.split("\n") if ln.strip()]
    if len(lines) < 2:
        return cell.text
    items = [lines[0]]
    for k in range(1, len(lines)):
        line = lines[k]
        bulleted = bool(_BULLET.match(line))
        soft = (
            k in cell.soft_breaks
            # A long next word makes a wrap and a new paragraph look alike; a line, or
            # an item so far, that is an organisation of its own ("Distriktssenteret",
            # "Bygdevekst IN") is a new item.
            and not is_known_actor(line)
            and not is_known_actor(items[-1])
        )
        joined = _CONTINUES.search(items[-1]) or _STARTS_JOINED.match(line)
        if not bulleted and (soft or joined):
            items[-1] = f"{items[-1]} {line}"
        else:
            items.append(line)
    if not any(_BULLET.match(item) for item in items):
        items = [f"- {item}" for item in items]
    return "\n".join(items)


def unread_tables(joined_tables: list[JoinedTable], rows_of: dict[int, int]) -> list[JoinedTable]:
    """Tables recognised by their header whose body gave no row (``rows_of``: the id of a
    joined table's first table → rows read)."""
    return [
        j
        for j in joined_tables
        if rows_of.get(j.tables[0].table_id, 0) == 0
        and any(t.n_rows > j.header.rows for t in j.tables)
    ]
