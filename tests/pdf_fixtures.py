"""Real PDFs of Norwegian handlingsplaner for tests and benchmarks.

Renders plan content with fpdf2 into PDFs whose tables are **ruled** (every cell border is
a drawn line), so pdfplumber's ``find_tables`` with the ``"lines"`` strategies finds the
grid, and makes the broken PDFs used to test bad input.

* :func:`write_plan_pdf` renders a list of blocks: ``str`` (paragraph lines, ``"# "`` =
  bold heading, :data:`PAGE_BREAK` = new page) and :class:`TableSpec` (a ruled table; a
  table that reaches the page end continues on the next page with its header repeated,
  split between rows; only a row taller than a whole page is split inside the row).
* The ``*_000*`` functions hold the real content of tables of ``data/raw/000_*.txt``;
  :func:`sample_plan_pdf` puts them into a small plan.
* :func:`plan_blocks_from_text` / :func:`plan_pdf_from_text` turn a whole corpus text dump
  into blocks / a PDF, one dump page per PDF page, with the tables it can reconstruct
  ruled and the rest kept as text (see :func:`plan_blocks_from_text`).
* :func:`encrypted_pdf`, :func:`scanned_pdf`, :func:`truncated_pdf`, :func:`corrupt_pdf`.

Output is deterministic: a fixed creation date, producer and creator, and the file /ID is
fpdf2's hash of the content, so the same call gives the same bytes on the same machine.

Font: DejaVu Sans (regular + bold) when found: the ``HPLAN_PDF_FONT`` environment variable
(a ``.ttf`` path, or ``core``), the usual system locations (Debian/Ubuntu
``fonts-dejavu-core``, Fedora, Arch, macOS), matplotlib's bundled copy, then ``fc-match``.
Without one, fpdf2's core Helvetica (latin-1) is used: it covers æ ø å Æ Ø Å « », and the
characters latin-1 lacks are mapped (– — • → "-", ’ ‘ → "'", “ ” → '"', … → "..."). The
bytes, and where lines wrap, depend on which font was found.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from itertools import combinations, pairwise
from pathlib import Path

from fpdf import FPDF

__all__ = [
    "PAGE_BREAK",
    "TILTAK_HEADER",
    "USER_PASSWORD",
    "TableSpec",
    "all_tiltak_000",
    "auto_col_widths",
    "budget_period_table_000",
    "budget_year_table_000",
    "corrupt_pdf",
    "encrypted_pdf",
    "font_info",
    "plan_blocks_from_text",
    "plan_pdf_from_text",
    "raw_path",
    "sample_plan_blocks",
    "sample_plan_pdf",
    "scanned_pdf",
    "status_table_000_delmal1",
    "tiltak_table_000_delmal1",
    "truncated_pdf",
    "write_plan_pdf",
]

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"

#: A block that starts a new page.
PAGE_BREAK = "\f"

FIXED_DATE = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)
PRODUCER = "hplan tests/pdf_fixtures (fpdf2)"
USER_PASSWORD = "secret"
OWNER_PASSWORD = "eier-hplan"

PT = 25.4 / 72  # mm per point
MARGIN = 18.0  # mm, all four sides of an A4 page
CONTENT_WIDTH = 210.0 - 2 * MARGIN
BODY_SIZE = 9.5  # pt
TABLE_SIZE = 8.5  # pt
HEADING_SIZE = 11.5  # pt
TITLE_SIZE = 17.0  # pt
CELL_PAD_X = 1.4  # mm
CELL_PAD_Y = 1.1  # mm


# --------------------------------------------------------------------------------- tables


@dataclass
class TableSpec:
    """One ruled table. Cell text may contain ``"\\n"`` for a multi-line cell."""

    header: list[str]
    rows: list[list[str]]
    col_widths: list[float] | None = None  # mm; None = equal split of the page width
    font_size: float | None = None  # pt; None = TABLE_SIZE
    title: str = field(default="", compare=False)  # a label for humans, never rendered

    def __post_init__(self) -> None:
        n = len(self.header)
        if n == 0:
            raise ValueError("a table needs at least one column")
        for i, row in enumerate(self.rows):
            if len(row) != n:
                raise ValueError(f"row {i} has {len(row)} cells, the header {n}")
        if self.col_widths is not None and len(self.col_widths) != n:
            raise ValueError(f"{len(self.col_widths)} column widths for {n} columns")

    def widths(self) -> list[float]:
        return (
            list(self.col_widths)
            if self.col_widths
            else [CONTENT_WIDTH / len(self.header)] * len(self.header)
        )


# ----------------------------------------------------------------------------------- font

_LATIN1_MAP = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "‑": "-",
        "•": "-",
        "▪": "-",
        "\uf0b7": "-",  # Symbol-font bullet from Word
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)

_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Debian/Ubuntu fonts-dejavu-core
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",  # Fedora
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",  # Arch
    "/usr/local/share/fonts/DejaVuSans.ttf",
    "/Library/Fonts/DejaVuSans.ttf",
    os.path.expanduser("~/Library/Fonts/DejaVuSans.ttf"),
)


@dataclass(frozen=True)
class _Font:
    family: str
    regular: str | None  # None = fpdf2 core font
    bold: str | None

    @property
    def unicode(self) -> bool:
        return self.regular is not None

    def clean(self, text: str) -> str:
        if self.unicode:
            return text
        return text.translate(_LATIN1_MAP).encode("latin-1", "replace").decode("latin-1")

    def register(self, pdf: FPDF) -> None:
        if self.regular:
            pdf.add_font(self.family, "", self.regular)
            pdf.add_font(self.family, "B", self.bold or self.regular)


def raw_pdf(objects: list[bytes]) -> bytes:
    """A hand-built PDF with a valid cross-reference table around ``objects`` (object 1 is
    the root): for broken and hostile files that no PDF writer would produce."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    return out + f"startxref\n{xref}\n%%EOF\n".encode()


def _bold_beside(regular: Path) -> str:
    for name in (regular.stem + "-Bold.ttf", regular.stem + "Bold.ttf"):
        if (regular.parent / name).is_file():
            return str(regular.parent / name)
    return str(regular)


@cache
def _font() -> _Font:
    core = _Font("helvetica", None, None)
    env = os.environ.get("HPLAN_PDF_FONT", "").strip()
    if env.lower() == "core":
        return core
    candidates = [env] if env else []
    candidates += _FONT_CANDIDATES
    spec = importlib.util.find_spec("matplotlib")
    if spec and spec.origin:
        candidates.append(str(Path(spec.origin).parent / "mpl-data/fonts/ttf/DejaVuSans.ttf"))
    for cand in candidates:
        path = Path(cand)
        if path.is_file() and path.suffix.lower() == ".ttf":
            return _Font(
                "DejaVuSans" if "DejaVu" in path.name else path.stem, str(path), _bold_beside(path)
            )
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}", "DejaVu Sans:style=Book"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out.lower().endswith(".ttf") and Path(out).is_file():
            return _Font(Path(out).stem, out, _bold_beside(Path(out)))
    return core


def font_info() -> dict[str, str | bool | None]:
    """Which font the fixtures use (for reports and skips)."""
    f = _font()
    return {"family": f.family, "regular": f.regular, "bold": f.bold, "unicode": f.unicode}


# --------------------------------------------------------------------------------- writer


def _norm(line: str) -> str:
    return " ".join(line.split())


class _Writer:
    """A small layout engine on top of fpdf2: a y cursor, wrapping text, ruled tables.

    With ``dry=True`` nothing is drawn and no page is added: it only measures how far the
    cursor would move (used to fit one dump page on one PDF page).
    """

    def __init__(self, pdf: FPDF | None, font: _Font, *, scale: float = 1.0, dry: bool = False):
        self.pdf = pdf if pdf is not None else _measurer()
        self.font = font
        self.scale = scale
        self.dry = dry
        self.top = MARGIN
        self.bottom = 297.0 - MARGIN
        self.left = MARGIN
        self.width = CONTENT_WIDTH
        self.y = self.top
        self.pages = 0
        self._style: tuple[str, float] | None = None
        self._width_cache: dict[tuple[str, float, str], float] = {}

    # -- primitives
    def set_style(self, bold: bool, size: float) -> None:
        key = ("B" if bold else "", size)
        if key != self._style:
            self.pdf.set_font(self.font.family, key[0], size)
            self._style = key

    def text_width(self, text: str, bold: bool, size: float) -> float:
        key = ("B" if bold else "", size, text)
        w = self._width_cache.get(key)
        if w is None:
            self.set_style(bold, size)
            w = self.pdf.get_string_width(text)
            self._width_cache[key] = w
        return w

    def wrap(self, line: str, width: float, bold: bool, size: float) -> list[str]:
        """Greedy word wrap of one line (no newlines) to ``width`` mm."""
        if self.text_width(line, bold, size) <= width:
            return [line]
        out: list[str] = []
        cur = ""
        for word in line.split(" "):
            cand = f"{cur} {word}" if cur else word
            if self.text_width(cand, bold, size) <= width:
                cur = cand
                continue
            if cur:
                out.append(cur)
            cur = word
            while len(cur) > 1 and self.text_width(cur, bold, size) > width:
                k = len(cur) - 1
                while k > 1 and self.text_width(cur[:k], bold, size) > width:
                    k -= 1
                out.append(cur[:k])
                cur = cur[k:]
        if cur:
            out.append(cur)
        return out or [""]

    def wrap_text(self, text: str, width: float, bold: bool, size: float) -> list[str]:
        lines: list[str] = []
        for raw in self.font.clean(text).split("\n"):
            lines.extend(self.wrap(_norm(raw), width, bold, size))
        return lines

    def new_page(self) -> None:
        if not self.dry:
            self.pdf.add_page()
        self.pages += 1
        self.y = self.top

    def ensure(self, height: float) -> None:
        if self.y + height > self.bottom + 1e-6 and self.y > self.top + 1e-6:
            self.new_page()

    def draw_text(self, x: float, baseline: float, text: str, bold: bool, size: float) -> None:
        if not self.dry and text:
            self.set_style(bold, size)
            self.pdf.text(x, baseline, text)

    # -- blocks
    def title(self, text: str) -> None:
        size = TITLE_SIZE * self.scale
        lh = size * PT * 1.35
        for line in self.wrap_text(text, self.width, True, size):
            self.ensure(lh)
            self.draw_text(self.left, self.y + lh * 0.78, line, True, size)
            self.y += lh
        self.y += lh * 0.5

    def paragraph(self, text: str, *, bold: bool = False, size: float = BODY_SIZE) -> None:
        size *= self.scale
        lh = size * PT * 1.32
        gap = False
        for raw in self.font.clean(text).split("\n"):
            line = _norm(raw)
            if not line:  # a run of empty lines is one small gap
                if not gap:
                    self.y = min(self.y + lh * 0.45, self.bottom)
                gap = True
                continue
            gap = False
            for piece in self.wrap(line, self.width, bold, size):
                self.ensure(lh)
                self.draw_text(self.left, self.y + lh * 0.78, piece, bold, size)
                self.y += lh

    def heading(self, text: str) -> None:
        size = HEADING_SIZE * self.scale
        lh = size * PT * 1.35
        if self.y > self.top + 1e-6:
            self.y += lh * 0.4
        # keep a heading together with at least two body lines
        self.ensure(lh + 2 * BODY_SIZE * self.scale * PT * 1.32)
        self.paragraph(text, bold=True, size=HEADING_SIZE)
        self.y += lh * 0.2

    def block(self, block: str | TableSpec) -> None:
        if isinstance(block, TableSpec):
            self.table(block)
        elif block == PAGE_BREAK:
            self.new_page()
        elif block.startswith("# "):
            self.heading(block[2:])
        else:
            self.paragraph(block)

    # -- tables
    def table(self, spec: TableSpec) -> None:
        size = (spec.font_size or TABLE_SIZE) * self.scale
        lh = size * PT * 1.28
        pad_y = CELL_PAD_Y * self.scale
        widths = spec.widths()
        if sum(widths) > self.width + 0.01:  # never draw past the right margin
            f = self.width / sum(widths)
            widths = [w * f for w in widths]

        def layout(cells: Sequence[str], bold: bool) -> list[list[str]]:
            return [
                self.wrap_text(c, w - 2 * CELL_PAD_X, bold, size)
                for c, w in zip(cells, widths, strict=True)
            ]

        def height(lines: list[list[str]]) -> float:
            return max(len(c) for c in lines) * lh + 2 * pad_y

        head = layout(spec.header, True)
        head_h = height(head)
        rows = [layout(r, False) for r in spec.rows]
        usable = self.bottom - self.top
        first_h = head_h + (height(rows[0]) if rows else 0)
        self.y += 1.0 * self.scale
        if self.y + min(first_h, usable) > self.bottom + 1e-6 and self.y > self.top + 1e-6:
            self.new_page()
        self.draw_row(head, head_h, widths, lh, pad_y, size, header=True)
        for lines in rows:
            h = height(lines)
            if self.y + h <= self.bottom + 1e-6:
                self.draw_row(lines, h, widths, lh, pad_y, size)
                continue
            if head_h + h <= usable:  # the row fits on a fresh page: split between rows
                self.new_page()
                self.draw_row(head, head_h, widths, lh, pad_y, size, header=True)
                self.draw_row(lines, h, widths, lh, pad_y, size)
                continue
            rest = lines  # a row taller than a page: split inside the row, line by line
            while rest:
                avail = int((self.bottom - self.y - 2 * pad_y + 1e-6) // lh)
                if avail < 1:
                    self.new_page()
                    self.draw_row(head, head_h, widths, lh, pad_y, size, header=True)
                    continue
                part = [c[:avail] for c in rest]
                rest = [c[avail:] for c in rest]
                if not any(rest):
                    rest = []
                self.draw_row(part, height(part), widths, lh, pad_y, size)
                if rest:
                    self.new_page()
                    self.draw_row(head, head_h, widths, lh, pad_y, size, header=True)
        self.y += 3.0 * self.scale

    def draw_row(
        self,
        lines: list[list[str]],
        h: float,
        widths: list[float],
        lh: float,
        pad_y: float,
        size: float,
        *,
        header: bool = False,
    ) -> None:
        if not self.dry:
            pdf = self.pdf
            x0, y0 = self.left, self.y
            total = sum(widths)
            if header:
                pdf.set_fill_color(225, 230, 238)
                pdf.rect(x0, y0, total, h, style="F")
            pdf.line(x0, y0, x0 + total, y0)
            pdf.line(x0, y0 + h, x0 + total, y0 + h)
            x = x0
            pdf.line(x, y0, x, y0 + h)
            for w in widths:
                x += w
                pdf.line(x, y0, x, y0 + h)
            x = x0
            for cell, w in zip(lines, widths, strict=True):
                for i, text in enumerate(cell):
                    base = y0 + pad_y + i * lh + lh * 0.78
                    self.draw_text(x + CELL_PAD_X, base, text, header, size)
                x += w
        self.y += h


def _new_pdf(font: _Font, title: str) -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer(PRODUCER)
    pdf.set_creator(PRODUCER)
    pdf.set_title(font.clean(title))
    pdf.set_lang("nb-NO")
    font.register(pdf)
    pdf.set_line_width(0.3)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_text_color(0, 0, 0)
    return pdf


@cache
def _measurer() -> FPDF:
    """An FPDF with the fonts loaded, only used to measure strings."""
    pdf = _new_pdf(_font(), "measure")
    pdf.add_page()
    return pdf


def _render(blocks: Sequence[str | TableSpec], title: str, *, show_title: bool = True) -> bytes:
    font = _font()
    pdf = _new_pdf(font, title)
    w = _Writer(pdf, font)
    w.new_page()
    if show_title and title:
        w.title(title)
    for block in blocks:
        w.block(block)
    return bytes(pdf.output())


def _write(path: str | os.PathLike[str], data: bytes) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


def write_plan_pdf(
    path: str | os.PathLike[str],
    blocks: Sequence[str | TableSpec],
    *,
    title: str = "Handlingsplan 2025",
) -> Path:
    """Render ``blocks`` below a bold ``title`` to an A4 PDF at ``path``.

    A ``str`` block is one paragraph whose ``"\\n"`` are kept as line breaks (long lines
    wrap, an empty line is a small gap); ``"# ..."`` is a bold heading; :data:`PAGE_BREAK`
    starts a new page. A :class:`TableSpec` is drawn with full cell borders and a shaded,
    bold header row that is repeated on every page the table continues on.
    """
    return _write(path, _render(blocks, title))


def auto_col_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    total: float = CONTENT_WIDTH,
    font_size: float = TABLE_SIZE,
    min_width: float = 14.0,
) -> list[float]:
    """Column widths (mm) from the longest line in each column, filling ``total``.

    Columns whose natural width fits are kept at least that wide; if the natural widths
    overflow, the widest columns are narrowed (their text then wraps).
    """
    m = _Writer(None, _font(), dry=True)
    n = len(header)
    natural = [0.0] * n
    for bold, cells_list in ((True, [header]), (False, rows)):
        for cells in cells_list:
            for j, cell in enumerate(cells):
                for line in _font().clean(cell).split("\n"):
                    w = m.text_width(_norm(line), bold, font_size) + 2 * CELL_PAD_X + 0.8
                    natural[j] = max(natural[j], w, min_width)
    if sum(natural) <= total:
        extra = (total - sum(natural)) / n
        return [round(w + extra, 2) for w in natural]
    # Water-filling: columns below the fair share keep their width, the rest share what is left.
    fixed: dict[int, float] = {}
    while True:
        free = [j for j in range(n) if j not in fixed]
        share = (total - sum(fixed.values())) / len(free)
        small = [j for j in free if natural[j] <= share]
        if not small:
            break
        for j in small:
            fixed[j] = natural[j]
        if len(fixed) == n:
            break
    free = [j for j in range(n) if j not in fixed]
    rest = total - sum(fixed.values())
    out = [0.0] * n
    for j in range(n):
        out[j] = fixed[j] if j in fixed else rest / len(free)
    return [round(w, 2) for w in out]


# --------------------------------------------------------- real tables of data/raw/000

TILTAK_HEADER = ("Tiltak", "Hovedansvarlig", "Samarbeidsparter", "Tidsramme")


def tiltak_table_000_delmal1() -> TableSpec:
    """000 (Rindal/Holtålen), delmål 1, "Handlingsplan 2025:" (dump lines 363-411).

    The tiltak numbers are 1, 2, 4, 5: tiltak 3 of 2024 went into tiltak 1.
    """
    return TableSpec(
        header=list(TILTAK_HEADER),
        rows=[
            [
                "1 Strategi for bruk av\nvirkemidler i lokal\nboligutvikling",
                "Rindal/Holtålen",
                "- Husbanken\n- TRFK",
                "2025",
            ],
            [
                "2 Boligbyggerdialog og\ngjennomføring av lokalt\nboligarrangement",
                "Rindal/Holtålen",
                "- Husbanken",
                "2025-2027",
            ],
            [
                "4 Boligtiltak i distriktene\n- midler fra Husbanken",
                "Rindal/Holtålen og\nIndre Namdal",
                "- Husbanken\n- TRFK\n- Distriktssenteret",
                "2025",
            ],
            [
                "5 Etablere verktøy for lokal\nboligutvikling",
                "Rindal/Holtålen",
                "- KDD\n- TRFK",
                "2025-2027",
            ],
        ],
        col_widths=[56.0, 42.0, 44.0, 32.0],
        title="000 delmål 1: Handlingsplan 2025",
    )


def status_table_000_delmal1() -> TableSpec:
    """000, delmål 1, "Tiltaksoversikt fra handlingsplan 2024:" (dump lines 273-360)."""
    return TableSpec(
        header=["Tiltak", "Status", "Kommentar"],
        rows=[
            [
                "1 Kompetansehevende tiltak\npå Husbankens\nøkonomiske virkemidler",
                "Revideres og\nvidereføres",
                "Tiltaket revideres med bakgrunn i arbeidet som er\n"
                "gjennomført i HP24. Ny beskrivelse for tiltaket går\n"
                "inn i nytt tiltak 1 i HP25.",
            ],
            [
                "2 Legge til rette for\nrealisering av prosjekter\nfra private utbyggere.\n"
                "Kompetansehevende tiltak",
                "Videreføres",
                "Tiltaket videreføres i HP25 og endres med\n"
                "bakgrunn i erfaringene fra arbeidet i HP24.",
            ],
            [
                "3 Kompetansehevende tiltak\n- boligplanlegging",
                "Overføres til\ntiltak 1",
                "Tiltaket revideres med bakgrunn i arbeidet som er\n"
                "gjennomført i HP24. Tiltaket slås sammen med\n"
                "tiltak 1, og revidert beskrivelse for tiltaket går inn i\n"
                "nytt tiltak 1 i HP25.",
            ],
            [
                "4 Boligtiltak i distriktene\n- nye søknader og\noppfølging",
                "Revideres og\nvidereføres",
                "Tiltaket revideres med bakgrunn i tildelte\n"
                "prosjektmidler og gjennomføringsplan for\n"
                "prosjektarbeidet.",
            ],
            [
                "5 Utvikle nye virkemidler for\nå øke tilgangen til egnede\nboliger i distriktet",
                "Revideres og\nvidereføres",
                "Tiltaket videreføres i HP25, men tiltaket endres\n"
                "med bakgrunn i erfaringene fra arbeidet i HP24.\n"
                "Revidert beskrivelse i HP25.",
            ],
            [
                "6 Utlånsforskriften som ledd\ni boligutvikling i distriktet",
                "Avsluttes",
                "Dialog gjennomført. Ny forskrift blir vedtatt i 2024\n"
                "og det er naturlig å avslutte arbeidet.",
            ],
        ],
        col_widths=[55.0, 26.0, 93.0],
        title="000 delmål 1: Tiltaksoversikt fra handlingsplan 2024",
    )


def budget_period_table_000() -> TableSpec:
    """000, "6. Fordeling av budsjett for hele avtaleperioden" (dump lines 2383-2416).

    The dump shows the header as "2025 2026 2027" and "Delmål Totalbudsjett": there is
    no 2024 column (the text says the table gets 2024 figures once the 2024 accounts are
    ready). Amounts fill from the left; that reading is confirmed by the SUM row (every
    column adds up), and the 2027 column is empty except "kr -" in SUM.
    """
    rows = [
        ("Boligtiltak", "1 620 000", "620 000", "1 000 000"),
        ("Samfunnsutvikling og planlegging", "380 000", "380 000", ""),
        ("Rekruttering", "1 510 000", "1 110 000", "400 000"),
        ("Mobilitet", "600 000", "600 000", ""),
        ("Landbruk", "580 000", "580 000", ""),
        ("Fleksibel og desentralisert utdanning", "70 000", "70 000", ""),
        ("Lokale studie- og kontorfellesskap", "100 000", "100 000", ""),
        ("Prosjektledelse", "3 000 000", "2 000 000", "1 000 000"),
        ("Tverrgående tiltak", "150 000", "150 000", ""),
    ]

    def kr(v: str) -> str:
        return f"kr {v}" if v else ""

    body = [[label, kr(t), kr(a), kr(b), ""] for label, t, a, b in rows]
    body.append(["SUM", "kr 8 010 000", "kr 5 610 000", "kr 2 400 000", "kr -"])
    return TableSpec(
        header=["Delmål", "Totalbudsjett", "2025", "2026", "2027"],
        rows=body,
        col_widths=[62.0, 28.0, 28.0, 28.0, 28.0],
        title="000: 6. Fordeling av budsjett for hele avtaleperioden",
    )


def budget_year_table_000() -> TableSpec:
    """000, "7. Samlet budsjett og finansiering for 2025" (dump lines 2420-2472).

    The delmål number is its own column (its header is empty; "Prosjektledelse" and "SUM"
    have none). The "Finansieringskilder" band over the six financing columns is left out
    (one header row). Rekruttering's 450 000 is under Statsforvalter, not TRFK: the SUM
    row (TRFK "kr -", Statsforvalter "kr 450 000") says so.
    """
    header = [
        "",
        "Delmål",
        "Totalbudsjett",
        "KDD 13.50\npost 66",
        "Kommunal\negenandel",
        "TRFK",
        "Statsforvalter",
        "Offentlige\ntilskudds-\nordninger",
        "Annet",
    ]
    # nr, delmål, total, KDD, kommunal, TRFK, statsforvalter, offentlige, annet
    # total | KDD | kommunal | TRFK | statsforvalter | offentlige | annet
    data = [
        ("1", "Boligtiltak", "1 120 000|620 000|500 000||||"),
        ("2", "Samfunnsutvikling\nog planlegging", "530 000|380 000|150 000||||"),
        ("3", "Rekruttering", "2 110 000|1 110 000|550 000||450 000||"),
        ("4", "Mobilitet", "650 000|600 000|50 000||||"),
        ("5", "Landbruk", "880 000|580 000|300 000||||"),
        ("6", "Fleksibel og\ndesentralisert\nutdanning", "90 000|70 000|20 000||||"),
        ("7", "Lokale studie- og\nkontorfellesskap", "120 000|100 000|20 000||||"),
        ("", "Prosjektledelse", "2 000 000|2 000 000|||||"),
        ("8", "Tverrgående tiltak", "170 000|150 000|20 000||||"),
        ("", "SUM", "7 670 000|5 610 000|1 610 000|-|450 000|-|-"),
    ]
    rows = [
        [nr, label, *(f"kr {v}" if v else "" for v in amounts.split("|"))]
        for nr, label, amounts in data
    ]
    return TableSpec(
        header=header,
        rows=rows,
        col_widths=[6.0, 27.0, 23.0, 20.0, 20.0, 13.0, 24.0, 22.0, 19.0],
        font_size=7.0,
        title="000: 7. Samlet budsjett og finansiering for 2025",
    )


# ------------------------------------------------------------------------- sample plan

_SAMPLE_TEXT_1 = """\
Overordnet beskrivelse, inkl. mulig overføringsverdi til andre kommuner
Gjennom arbeidet med HP24 har kommunene fått ny og utvidet kunnskap om mulighetene
rundt statlige midler og tilskuddsordninger. Kommunene erkjenner at eksisterende ordninger
har potensial for bedre utnyttelse.

I HP25 skal kommunene Rindal og Holtålen etablere lokale løsninger som muliggjør bedre
praksis og bedre utnyttelse av statlige boligutviklingsmidler. Kommunene utarbeider i
felleskap en strategi for bruk av statlige boligutviklingsmidler i lokal boligutvikling."""

_SAMPLE_TEXT_2 = """\
Plan for finansiering fordelt på aktiviteter (jf krav til rapportering), herunder bruk av ulike
tilskuddsordninger og planlagt egeninnsats
Igangsetting av ny praksis bør kunne gjøres innenfor ordinære driftsrammer i hver kommune,
men, det er knyttet usikkerhet til kostnadsbildet forbundet med utarbeidelse av strategier og
forarbeid til eventuelt planmateriale.
Det budsjetteres med 120.000,- totalt til tiltaket."""

_SAMPLE_TEXT_3 = """\
Tiltakene gjelder for piloten Rindal/Holtålen – «Bygdevekstavtalen» følges opp av
Kommunal- og distriktsdepartementet (KDD), Trøndelag fylkeskommune (TRFK) og Husbanken.
• Tabellen under samler alle tiltak i handlingsplan 2025, for alle delmål.
Æ Ø Å æ ø å – « » •"""


def all_tiltak_000() -> TableSpec:
    """Every "Handlingsplan 2025:" tiltak of 000 in one long table (a Delmål column added).

    Built from :func:`plan_blocks_from_text` on the 000 dump, whose delmål 1 table the
    tests check against :func:`tiltak_table_000_delmal1`.
    """
    rows: list[list[str]] = []
    delmal = 0
    for block in plan_blocks_from_text(raw_path("000").read_text(encoding="utf-8")):
        if isinstance(block, TableSpec) and block.header == list(TILTAK_HEADER):
            delmal += 1
            rows.extend([str(delmal), *row] for row in block.rows)
    return TableSpec(
        header=["Delmål", *TILTAK_HEADER],
        rows=rows,
        col_widths=[15.0, 50.0, 38.0, 42.0, 29.0],
        title="000: alle tiltak 2025",
    )


def sample_plan_blocks() -> list[str | TableSpec]:
    """The blocks of :func:`sample_plan_pdf`."""
    return [
        "Bygdevekstavtalen for piloten Rindal/Holtålen\nVedtatt av kommunestyrene desember 2024",
        "# Delmål 1 Øke boligbygging og utvikle nye boligtilbud",
        "Tiltaksoversikt fra handlingsplan 2024:",
        status_table_000_delmal1(),
        "Handlingsplan 2025:",
        tiltak_table_000_delmal1(),
        "# 1.1 Strategi for bruk av virkemidler i lokal boligutvikling",
        _SAMPLE_TEXT_1,
        "",
        _SAMPLE_TEXT_2,
        "# Samlet tiltaksoversikt 2025",
        _SAMPLE_TEXT_3,
        all_tiltak_000(),
        PAGE_BREAK,
        "# 6. Fordeling av budsjett for hele avtaleperioden (statlig medfinansiering)",
        "Tabellen vil bli oppdatert med tall for 2024 når regnskapsrapport for 2024 foreligger.",
        budget_period_table_000(),
        "# 7. Samlet budsjett og finansiering for 2025",
        budget_year_table_000(),
    ]


def sample_plan_pdf(path: str | os.PathLike[str]) -> Path:
    """A 4-page plan: status + tiltak tables of delmål 1, text, a table continued over
    pages 2-3 (header repeated), and the two budget tables on the last page."""
    return write_plan_pdf(path, sample_plan_blocks(), title="Handlingsplan 2025 Rindal/Holtålen")


# ------------------------------------------------------------ text dump -> blocks / PDF


def raw_path(prefix: str) -> Path:
    """The corpus dump ``data/raw/<prefix>_*.txt``."""
    (path,) = sorted(RAW.glob(f"{prefix}_*.txt"))
    return path


_URL_LINE = re.compile(r"^\s*(https?://|www\.)\S+\s*$")


def _page_numbers(raw_lines: list[str]) -> list[int]:
    """Page of each dump line; the rule of ``extract.ingest.page_breaks`` (kept here so the
    fixtures do not depend on the code under test): >= 3 empty lines end a page, and a
    bare URL line after an empty line (a link annotation) is the last line of its page."""
    pages: list[int] = []
    page = 1
    empty = 0
    pending = False
    seen_text = False
    for i, line in enumerate(raw_lines):
        if line == "":
            empty += 1
            pages.append(page)
            continue
        if (pending or empty >= 3) and seen_text:
            page += 1
        pending = False
        if _URL_LINE.match(line) and i > 0 and raw_lines[i - 1] == "":
            pending = True
        empty = 0
        seen_text = seen_text or bool(line.strip())
        pages.append(page)
    return pages


def _dump_pages(text: str) -> list[list[str]]:
    """The dump as pages of lines (right-stripped; link-annotation URL lines dropped; the
    empty lines that separate pages dropped)."""
    raw = text.replace("\r\n", "\n").replace("\f", "\n\n\n\n").split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    numbers = _page_numbers(raw)
    pages: list[list[str]] = [[] for _ in range(numbers[-1] if numbers else 1)]
    for i, line in enumerate(raw):
        if _URL_LINE.match(line) and i > 0 and raw[i - 1] == "":
            continue
        pages[numbers[i] - 1].append(line.rstrip())
    for lines in pages:
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
    return pages


_YEARS = r"20\d\d(?:\s*[-–]\s*20\d\d)?"
_TID_LINE = re.compile(rf"^{_YEARS}$")
_TID_TAIL = re.compile(rf"^(.*\S)\s+({_YEARS})$")
_ROW_START = re.compile(r"^\d{1,2}\s+\S")
_TILTAK_HEADER = re.compile(r"^Tiltak\s+Hovedansvarlig\s+Samarbeidsparter\s+Tidsramme$")
_STATUS_HEADER = re.compile(r"^Tiltak\s+Status\s+Kommentar$")
_STOP = re.compile(
    r"^(?:\d+\.\d+\.?\s|\d+\.\s+[A-ZÆØÅ]|T\d+\s|Delmål\s+\d|Handlingsplan\s+20\d\d"
    r"|Tiltaksoversikt|Overordnet\b|Beskriv\b)"
)
_HOVED = re.compile(
    r"Rindal/Holtålen|\bKDD\b|Bygdevekst IN\b|Husbanken og|Kommunene\b|AtB\b|Distriktssenteret\b"
)
_STATUS_WORD = re.compile(
    r"(?:^|\s)(Revideres og|Påbegynt og|Overføres til|Slås|Videreføres|Avsluttes|Utgår)(?=\s|$)"
)
_STATUS_FULL = re.compile(
    r"(Revideres og\s*\n\s*videreføres|Påbegynt og\s*\n\s*videreføres"
    r"|Overføres til\s*\n\s*tiltak \d+|Slås\s*\n\s*sammen\s*\n\s*med tiltak \d+"
    r"|Videreføres|Avsluttes|Utgår)[ \t]*(?:\n|$|[ \t]+)"
)
_HEADING = re.compile(r"^(?:Delmål\s+\d+\b|\d{1,2}\.(?:\d{1,2}\.?)?\s+[A-ZÆØÅ«]|T\d+\s+[A-ZÆØÅ])")


def _row_blocks(lines: list[str], start: int) -> tuple[list[list[tuple[int, str]]], int]:
    """Rows of a tiltak/status table body from ``lines[start]``: each row starts with a
    "N text" line and runs to the next such line or a line that ends the table. Each row
    is a list of (line index, stripped text); the second value is the index after the
    last row line."""
    rows: list[list[tuple[int, str]]] = []
    i = start
    n = len(lines)
    last = start
    while i < n:
        s = lines[i].strip()
        if s:
            if _ROW_START.match(s) and not _STOP.match(s):
                rows.append([(i, s)])
            elif rows and not _STOP.match(s):
                rows[-1].append((i, s))
            else:
                break
            last = i + 1
        i += 1
    return rows, last


def _lines_text(lines: list[str]) -> str:
    return "\n".join(_norm(x) for x in lines if _norm(x))


def _first_match(row: list[str], pattern: re.Pattern[str]) -> tuple[int, re.Match[str]] | None:
    for k, line in enumerate(row):
        m = pattern.search(line)
        if m:
            return k, m
    return None


def _split_tiltak_row(row: list[str]) -> tuple[list[str], int] | None:
    """The four cells of a tiltak row and how many of its lines they use (a row ends
    with its Tidsramme year; lines after it are not part of the table)."""
    found = _first_match(row, _HOVED)
    if found is None:
        return None
    k, m = found
    line = row[k]
    tiltak = row[:k] + ([line[: m.start()]] if line[: m.start()].strip() else [])
    if not tiltak:
        return None
    cells: dict[str, list[str]] = {"H": [], "S": [], "T": []}
    state = "H"
    year_done = False
    used = len(row)
    for li, text in enumerate([line[m.start() :], *row[k + 1 :]]):
        if year_done:
            used = k + li
            break
        for si, seg in enumerate(re.split(r"\s{2,}", text.strip())):
            if not seg or year_done:
                if year_done:
                    return None  # text after the year on the same line
                continue
            if si > 0:  # two or more spaces: a cell boundary
                state = "S" if state == "H" and seg.startswith("- ") else "T"
            if state == "H" and (seg.startswith("- ") or seg == "-"):
                state = "S"
            elif state == "H" and si == 0 and li == 0 and " - " in seg:
                h, rest = seg.split(" - ", 1)
                cells["H"].append(h)
                seg = "- " + rest
                state = "S"
            if _TID_LINE.match(seg) and (state != "T" or not cells["T"]):
                cells["T"].append(seg)
                state, year_done = "T", True
                continue
            if state != "T" and (seg.startswith("- ") or li == 0):
                tm = _TID_TAIL.match(seg)
                if tm:
                    cells[state].append(tm.group(1))
                    cells["T"].append(tm.group(2))
                    state, year_done = "T", True
                    continue
            cells[state].append(seg)
    hoved, samarb, tid = (_lines_text(cells[c]) for c in "HST")
    if not hoved or not tid or len(cells["H"]) > 4:
        return None
    if samarb and not samarb.startswith("-"):
        return None
    return [_lines_text(tiltak), hoved, samarb, tid], used


def _parse_tiltak(lines: list[str], i: int) -> tuple[TableSpec, int] | None:
    rows, end = _row_blocks(lines, i + 1)
    good: list[list[str]] = []
    for r, row in enumerate(rows):
        split = _split_tiltak_row([s for _, s in row])
        if split is None:
            return None
        cells, used = split
        if used < len(row):
            if r < len(rows) - 1:
                return None
            end = row[used][0]  # the table ends here; the rest is text
        good.append(cells)
    if not good or not any(p[2] for p in good):  # no dash-list Samarbeidsparter: not 000's style
        return None
    header = list(TILTAK_HEADER)
    return TableSpec(header, good, auto_col_widths(header, good)), end


def _split_status_row(row: list[str]) -> list[str] | None:
    found = _first_match(row, _STATUS_WORD)
    if found is None:
        return None
    k, m = found
    line = row[k]
    start = m.start(1)
    tiltak = row[:k] + ([line[:start]] if line[:start].strip() else [])
    rest = "\n".join([line[start:], *row[k + 1 :]])
    sm = _STATUS_FULL.match(rest)
    if not tiltak or not sm:
        return None
    status = _lines_text(sm.group(1).split("\n"))
    comment = _lines_text(rest[sm.end() :].split("\n"))
    if not comment:
        return None
    return [_lines_text(tiltak), status, comment]


def _parse_status(lines: list[str], i: int) -> tuple[TableSpec, int] | None:
    rows, end = _row_blocks(lines, i + 1)
    parsed = [_split_status_row([s for _, s in r]) for r in rows]
    if not parsed or any(p is None for p in parsed):
        return None
    good = [p for p in parsed if p is not None]
    header = ["Tiltak", "Status", "Kommentar"]
    return TableSpec(header, good, auto_col_widths(header, good)), end


# -- budget tables

_AMT = re.compile(r"kr\s*(?:\d{1,3}(?: \d{3})*|-)|\d{1,3}(?: \d{3})+")
_AMTS_ONLY = re.compile(rf"^(?:\s*(?:{_AMT.pattern}))+\s*$")
_BUDGET_HEAD = re.compile(
    r"^(?:Delmål(?:\s+Totalbudsjett\b.*)?|(?:20\d\d\s+)+20\d\d|Finansieringskilder)$"
)
# Financing columns of section 7, as the dump spells them (normalised) -> cell text.
_FIN_COLUMNS = (
    ("Totalbudsjett", "Totalbudsjett"),
    ("KDD 13.50 post 66", "KDD 13.50\npost 66"),
    ("Kommunal egenandel", "Kommunal\negenandel"),
    ("TRFK", "TRFK"),
    ("Fylkeskommunen", "Fylkeskommunen"),
    ("Statsforvalter", "Statsforvalter"),
    ("Offentlige tilskuddsordninger", "Offentlige\ntilskudds-\nordninger"),
    ("Annet", "Annet"),
)


def _amount_split(s: str) -> tuple[str, list[str]] | None:
    for m in _AMT.finditer(s):
        if _AMTS_ONLY.match(s[m.start() :]):
            return s[: m.start()].strip(), [_norm(a) for a in _AMT.findall(s[m.start() :])]
    return None


def _amount_value(a: str) -> int:
    digits = re.sub(r"\D", "", a)
    return int(digits) if digits else 0


def _place(
    values: list[list[int]], targets: list[int], limit: int = 200_000
) -> list[tuple[int, ...]] | None:
    """Column positions of each row's amounts so that every column adds up to ``targets``
    (the SUM row). A row's first amount is the total (column 0); the others keep their
    order; leftmost placements are tried first. None if no placement (or too many tries)."""
    n = len(targets)
    sums = [0] * n
    out: list[tuple[int, ...]] = []
    tries = 0

    def dfs(r: int) -> bool:
        nonlocal tries
        if r == len(values):
            return sums == targets
        k = len(values[r])
        for rest in combinations(range(1, n), k - 1):
            tries += 1
            if tries > limit:
                return False
            pos = (0, *rest)
            for p, v in zip(pos, values[r], strict=True):
                sums[p] += v
            if all(s <= t for s, t in zip(sums, targets, strict=True)):
                out.append(pos)
                if dfs(r + 1):
                    return True
                out.pop()
            for p, v in zip(pos, values[r], strict=True):
                sums[p] -= v
        return False

    return out if dfs(0) else None


def _parse_budget(lines: list[str], i: int) -> tuple[TableSpec, int] | None:
    head: list[str] = []
    j = i
    n = len(lines)
    while j < n and len(head) < 20:
        s = _norm(lines[j])
        if s and _amount_split(s):
            break
        if s:
            head.append(s)
        j += 1
    head_text = " ".join(head)
    if "Delmål" not in head_text or "Totalbudsjett" not in head_text:
        return None
    years = re.findall(r"\b20\d\d\b", head_text)
    if years and not any(name in head_text for name, _ in _FIN_COLUMNS[1:]):
        columns = ["Totalbudsjett", *years]
    else:
        rest = head_text.replace("Finansieringskilder", " ").replace("Delmål", " ")
        columns = []
        for name, cell in _FIN_COLUMNS:
            if name in rest:
                columns.append((rest.index(name), cell))
                rest = rest.replace(name, " ", 1)
        if rest.strip():  # words we cannot place (e.g. "Totalbudsj ett" cut by the dump)
            return None
        columns = [cell for _, cell in sorted(columns)]
        if not columns or columns[0] != "Totalbudsjett":
            return None
    rows: list[tuple[str, list[str]]] = []
    label: list[str] = []
    while j < n:
        s = _norm(lines[j])
        j += 1
        if not s:
            continue
        split = _amount_split(s)
        if split is None:
            label.append(s)
            if len(label) > 5 or re.search(r"\d{3}", s):
                return None
            continue
        text, amounts = split
        if text:
            label.append(text)
        if not label:
            return None
        rows.append(("\n".join(label), amounts))
        label = []
        if re.match(r"^(?:\d+\s+)?SUM\b", rows[-1][0]):
            break
    else:
        return None
    if len(rows) < 2 or any(len(a) > len(columns) for _, a in rows):
        return None
    targets = [_amount_value(a) for a in rows[-1][1]]
    targets += [0] * (len(columns) - len(targets))
    placed = _place([[_amount_value(a) for a in am] for _, am in rows[:-1]], targets)
    if placed is None:
        return None
    placed.append(tuple(range(len(rows[-1][1]))))
    numbered = any(re.match(r"^\d+(?:\s|$)", lab) for lab, _ in rows)
    body: list[list[str]] = []
    for (lab, amounts), pos in zip(rows, placed, strict=True):
        cells = [""] * len(columns)
        for p, a in zip(pos, amounts, strict=True):
            cells[p] = a
        if numbered:
            m = re.match(r"^(\d+)(?:\s+|\n|$)", lab)
            nr, lab = (m.group(1), lab[m.end() :].strip()) if m else ("", lab)
            body.append([nr, lab, *cells])
        else:
            body.append([lab, *cells])
    header = (["", "Delmål"] if numbered else ["Delmål"]) + columns
    size = TABLE_SIZE if len(header) <= 6 else 7.0
    widths = auto_col_widths(header, body, font_size=size, min_width=6.0)
    return TableSpec(header, body, widths, font_size=size), j


def plan_blocks_from_text(text: str) -> list[str | TableSpec]:
    """A corpus text dump as blocks for :func:`write_plan_pdf`, one dump page per
    :data:`PAGE_BREAK`-separated run of blocks.

    Reconstructed as ruled tables:

    * tiltak tables (header "Tiltak Hovedansvarlig Samarbeidsparter Tidsramme") whose
      rows read as "N tiltak… / a known Hovedansvarlig (Rindal/Holtålen, KDD, …) / a dash
      list of Samarbeidsparter / a year or year span" (000's style);
    * status tables ("Tiltak Status Kommentar") whose rows carry a known status
      (Videreføres, Revideres og videreføres, Avsluttes, Utgår, Overføres til tiltak N,
      Slås sammen med tiltak N, Påbegynt og videreføres);
    * budget tables (header "Delmål … Totalbudsjett …" and rows of amounts up to SUM)
      when the amounts can be put in columns so that every column adds up to SUM.

    Anything else, and any table that does not fit these rules (e.g. 001's tiltak tables,
    whose columns the dump interleaves), stays text. Lines like "1.1 …", "3. …",
    "Delmål N …" become bold headings; the rest keeps the dump's lines.
    """
    blocks: list[str | TableSpec] = []
    for pno, lines in enumerate(_dump_pages(text)):
        if pno:
            blocks.append(PAGE_BREAK)
        buf: list[str] = []

        def flush(buf: list[str] = buf) -> None:
            if buf:
                blocks.append("\n".join(buf))
                buf.clear()

        i = 0
        while i < len(lines):
            s = _norm(lines[i])
            parsed = None
            if _TILTAK_HEADER.match(s):
                parsed = _parse_tiltak(lines, i)
            elif _STATUS_HEADER.match(s):
                parsed = _parse_status(lines, i)
            elif _BUDGET_HEAD.match(s):
                parsed = _parse_budget(lines, i)
            if parsed:
                flush()
                blocks.append(parsed[0])
                i = parsed[1]
                continue
            if (
                _HEADING.match(s)
                and not lines[i][:1].isspace()
                and not re.search(r"\.{2,}", s)
                and len(s) <= 90
                and not re.search(r"[,;]|\.$", s)
                and not re.search(r"\d{3}\s*kr\b|\bkr\s*$", s)
            ):
                flush()
                blocks.append("# " + s)
            else:
                buf.append(s)
            i += 1
        flush()
    return blocks


def _fits(blocks: Sequence[str | TableSpec], scale: float) -> bool:
    w = _Writer(None, _font(), scale=scale, dry=True)
    for b in blocks:
        w.block(b)
    return w.pages == 0


def plan_pdf_from_text(text_path: str | os.PathLike[str], pdf_path: str | os.PathLike[str]) -> Path:
    """Render a whole corpus text dump to a PDF (see :func:`plan_blocks_from_text`).

    Each dump page goes on one PDF page: a page whose content is too long is set smaller
    (down to 50 %); only if it still does not fit does it run onto an extra page.
    """
    text = Path(text_path).read_text(encoding="utf-8")
    blocks = plan_blocks_from_text(text)
    title = next((_norm(x) for x in text.split("\n") if x.strip()), "Handlingsplan")
    font = _font()
    pdf = _new_pdf(font, title)
    pages: list[list[str | TableSpec]] = [[]]
    for b in blocks:
        if b == PAGE_BREAK:
            pages.append([])
        else:
            pages[-1].append(b)
    for page_blocks in pages:
        scale = next((s for s in (1.0, 0.9, 0.8, 0.7, 0.6) if _fits(page_blocks, s)), 0.5)
        w = _Writer(pdf, font, scale=scale)
        w.new_page()
        for b in page_blocks:
            w.block(b)
    return _write(pdf_path, bytes(pdf.output()))


# ----------------------------------------------------------------------------- bad PDFs


def encrypted_pdf(path: str | os.PathLike[str]) -> Path:
    """A one-page plan that needs the user password :data:`USER_PASSWORD` ("secret")."""
    font = _font()
    pdf = _new_pdf(font, "Handlingsplan 2025 (kryptert)")
    w = _Writer(pdf, font)
    w.new_page()
    w.title("Handlingsplan 2025")
    w.heading("Delmål 1 Øke boligbygging og utvikle nye boligtilbud")
    w.table(tiltak_table_000_delmal1())
    pdf.set_encryption(owner_password=OWNER_PASSWORD, user_password=USER_PASSWORD)
    return _write(path, bytes(pdf.output()))


def _scan_image():  # -> PIL.Image.Image
    """A grey A4 page at 100 dpi that looks like a scanned plan page: a title bar, text
    lines as grey strokes, a ruled table; deterministic (no noise source)."""
    from PIL import Image, ImageDraw, ImageFont  # Pillow comes with fpdf2

    img = Image.new("L", (827, 1169), 250)
    d = ImageDraw.Draw(img)
    try:
        font = ImageFont.load_default(size=22)
    except TypeError:  # Pillow < 10.1
        font = ImageFont.load_default()
    d.text((70, 70), "Handlingsplan 2025 - skannet side", fill=20, font=font)
    y = 130
    for i in range(12):
        d.rectangle((70, y, 70 + 560 + (i * 37) % 120, y + 7), fill=90)
        y += 22
    x_cols = (70, 300, 470, 640, 757)
    y_rows = (y + 20, y + 60, y + 140, y + 220, y + 300)
    for x in x_cols:
        d.line((x, y_rows[0], x, y_rows[-1]), fill=0, width=2)
    for yy in y_rows:
        d.line((x_cols[0], yy, x_cols[-1], yy), fill=0, width=2)
    for r, top in enumerate(y_rows[:-1]):
        for c, (xa, xb) in enumerate(pairwise(x_cols)):
            for k in range(1 if r == 0 else 3):
                x_end = xa + 8 + (xb - xa - 30) * (1 + (r + c + k) % 3) // 3
                d.rectangle((xa + 8, top + 10 + 18 * k, x_end, top + 17 + 18 * k), fill=110)
    # a faint deterministic dither, so the image is not a flat drawing
    px = img.load()
    for yy in range(0, 1169, 3):
        for xx in range((yy * 7) % 5, 827, 5):
            px[xx, yy] = max(0, px[xx, yy] - 12)
    return img


def scanned_pdf(path: str | os.PathLike[str]) -> Path:
    """One page that is a single raster image: no text layer at all."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer(PRODUCER)
    pdf.set_creator(PRODUCER)
    pdf.add_page()
    pdf.image(_scan_image(), x=0, y=0, w=210, h=297)
    return _write(path, bytes(pdf.output()))


def truncated_pdf(path: str | os.PathLike[str]) -> Path:
    """The sample plan cut to 60 % of its bytes (no xref, no trailer, no ``%%EOF``)."""
    data = _render(sample_plan_blocks(), "Handlingsplan 2025 Rindal/Holtålen")
    return _write(path, data[: int(len(data) * 0.6)])


def corrupt_pdf(path: str | os.PathLike[str]) -> Path:
    """Starts with ``%PDF-1.7`` and ends with ``%%EOF``; in between, broken objects,
    deterministic garbage bytes, an xref table of nonsense and a startxref that points
    nowhere."""
    garbage = bytearray()
    seed = b"hplan-corrupt"
    while len(garbage) < 6000:
        seed = hashlib.sha256(seed).digest()
        garbage += seed
    parts = [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n",  # never closed
        bytes(garbage[:3000]),
        b"\n2 0 obj\n<< /Type /Pages /Kids [3 0 R /Count 1 >>\nendobj\n",
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>\nstream\n",
        bytes(garbage[3000:]),
        b"\nxref\n0 5\nzzzzzzzzzz 65535 f \n00000000q9 00000 n \nGARBAGE\n",
        b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n987654321\n%%EOF\n",
    ]
    return _write(path, b"".join(parts))
