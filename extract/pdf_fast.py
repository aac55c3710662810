"""Fast PDF page reading with pypdfium2: pdfplumber's lines and ruled tables without pdfminer.

pdfplumber (pdfminer.six underneath) spends 60–160 ms on a page of a plan, most of it
interpreting the content stream in Python; PDFium reads the same page's characters and
drawn paths in a few milliseconds. This module reads a page with PDFium and rebuilds
exactly the lines pdfplumber's ``extract_text_lines`` would give and the tables its
``find_tables`` would find, so :mod:`extract.ingest` needs pdfplumber only for the pages
this does not restate. Per page:

1. :func:`read_page` turns the page's **path objects** (recursively inside form XObjects)
   into the lines, rectangles and curves pdfminer's ``paint_path`` makes of them
   (:func:`_page_shapes`; coordinates read back as the decimals written in the PDF, see
   :func:`_decimal`). A ruled table needs at least two horizontal and two vertical edges
   as long as the settings' ``edge_min_length_prefilter``; on a page with that many
   (``FastPage.ruled``), pdfplumber's own ``TableFinder`` runs over the edges pdfplumber
   would make of those shapes and the characters below (:func:`_find_tables`), and its
   ``Table`` objects are what ingest reads cells from. A rotated page, a page box not at
   the origin, a path built in a way not restated, skewed, rotated or mirrored text, and
   table settings other than the ``lines`` strategies leave the page to pdfplumber
   (``FastPage.lines is None``, ``reason`` says why).
2. The characters come from PDFium's text page: the generated ones (the spaces and line
   breaks PDFium infers) are skipped, so what is left is the characters of the content
   stream, the ones pdfminer reports, in the same order; several characters PDFium
   makes of one glyph (a ligature, a surrogate pair: one origin) are one again. Their
   boxes are pdfminer's: x0 the glyph origin, x1 the origin plus the advance width (the
   right edge of PDFium's loose box, which is the advance unless the ink reaches
   further, as for an italic f: then the font's width for the character), bottom the
   baseline plus the font's descent as pdfminer reads it (:func:`font_descents`), top
   the bottom less one font size (all scaled by the text matrix); ``top`` counts from
   the MediaBox height, as in pdfplumber 0.11. PDFium marks a hyphen it takes for a
   line-end hyphenation (U+0002/U+FFFE): it is read back as "-"; a glyph without Unicode
   is "(cid:N)", as pdfminer writes it.
3. :func:`chars_to_lines` is pdfplumber's own algorithm (``WordExtractor`` with
   x/y tolerance 3 and ``TextMap`` without layout) restated over tuples: characters
   clustered into lines by ``top``, sorted by ``x0``, split into words at blanks and gaps
   over 3 pt, words clustered into text lines by ``top``; a line's text is its words
   joined by one space and its bbox the union of its characters.

Steps 2 and 3 run in bulk (:func:`_page_text`, :func:`text_to_lines`): the page's text
in one call; per character, whether PDFium generated it, its origin and its text object;
per text object its matrix, size and font; per font and character (where it first occurs)
the edges of its boxes; and boxes, rows, words and lines as numpy columns. The questions
asked per character, object or glyph go to PDFium from the C loop of
``extract/_text_columns.c`` (one call per page and question; PDFium has no call for a
range of characters, and a ctypes call per character cost more than PDFium's own reading
of the page). That module is built at install where a C compiler is found; without it the
same columns come through ctypes, driven by ``map`` (no Python loop per character), with
each character's text object found from the ends of each stretch between PDFium's own
characters (an object's characters lie together in the text page, unless right-to-left
text is reordered: then every character is asked). Either way the page reads exactly as
the per-character reading does (:func:`_page_chars`, :func:`chars_to_lines`, kept for
pages with control characters, a surrogate pair, or a glyph read as a blank or a
ligature and more).

tests/test_pdfium_tables.py checks lines, words and tables against pdfplumber on every
fixture PDF (the Word layouts LibreOffice made, and the rendered corpus plans): texts,
cells and grid positions are identical, coordinates agree to 1e-3 pt. Known differences
from pdfplumber, none of which occurs there: coordinates are PDFium's single-precision
floats, rounded to 1e-4 pt (a value written with more than eight significant digits
comes back rounded, so two rulings a hair apart can both read as one line); PDFium keeps
glyph widths in whole 1/1000 em, so along a run of a font with fractional /Widths
(TeX's) positions drift by hundredths of a point, which can move a word break where
pdfplumber's gap is that close to 3 pt; a line-end *soft* hyphen (U+00AD) reads as "-";
PDFium drops the copy of a text object drawn twice on the same spot (fake bold), which
pdfminer keeps as doubled letters.
"""

from __future__ import annotations

import contextlib
import ctypes
import re
import struct
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from ctypes import POINTER, byref, c_double, c_float, c_int, c_uint, c_ulong, c_ushort, c_void_p
from dataclasses import dataclass, field
from itertools import compress, pairwise, repeat
from operator import itemgetter
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from hplan.models.document import Word

X_TOLERANCE = 3.0  # pdfplumber's DEFAULT_X_TOLERANCE
Y_TOLERANCE = 3.0  # pdfplumber's DEFAULT_Y_TOLERANCE

# pdfplumber's LIGATURES (expand_ligatures=True).
LIGATURES = {
    "ﬀ": "ff",
    "ﬃ": "ffi",
    "ﬄ": "ffl",
    "ﬁ": "fi",
    "ﬂ": "fl",
    "ﬆ": "st",
    "ﬅ": "st",
}

# A segment within this much of axis-parallel counts as horizontal/vertical (pdfminer
# compares exactly; PDFium hands back single-precision floats).
_AXIS_EPS = 0.01
# Ink within this much of the loose box's right edge counts as reaching it.
_INK_EPS = 0.001
_MAX_FORM_DEPTH = 15

# PDFium is not thread-safe; pypdfium2 does not lock. Conversions in threads (a Dask
# worker with several threads) take turns on it.
PDFIUM_LOCK = threading.RLock()


class PdfOpenError(Exception):
    """PDFium cannot open the file; ``password`` tells whether a password is needed."""

    def __init__(self, message: str, password: bool) -> None:
        super().__init__(message)
        self.password = password


# --- direct entry points ------------------------------------------------------------
# pypdfium2's bindings take typed pointers; calling the same symbols with plain c_void_p
# handles and returning ints (not pointer objects) halves the cost of the per-character
# calls, which is most of the time spent on a page.


def _proto(name: str, restype: object, *argtypes: object):  # -> ctypes function
    """PDFium's ``name`` with our own signature (the same symbol pypdfium2 binds).

    Called with the GIL held (``PYFUNCTYPE``): a page takes thousands of calls of a
    microsecond each, and releasing the GIL around each one lets any other thread of the
    process (a Dask worker's event loop, say) take it every time, which made a page
    twice as slow in a Dask worker. Holding it also keeps PDFium, which is not
    thread-safe, to one thread at a time."""
    return ctypes.PYFUNCTYPE(restype, *argtypes)(_address(name))


def _address(name: str) -> int:
    """The address of PDFium's function ``name`` in the library pypdfium2 loaded."""
    return ctypes.cast(getattr(pdfium_c, name), c_void_p).value or 0


_LoadPage = _proto("FPDF_LoadPage", c_void_p, c_void_p, c_int)
_ClosePage = _proto("FPDF_ClosePage", None, c_void_p)
_GetRotation = _proto("FPDFPage_GetRotation", c_int, c_void_p)
_GetMediaBox = _proto(
    "FPDFPage_GetMediaBox",
    c_int,
    c_void_p,
    POINTER(c_float),
    POINTER(c_float),
    POINTER(c_float),
    POINTER(c_float),
)
_GetBoundingBox = _proto("FPDF_GetPageBoundingBox", c_int, c_void_p, POINTER(pdfium_c.FS_RECTF))
_CountObjects = _proto("FPDFPage_CountObjects", c_int, c_void_p)
_GetObject = _proto("FPDFPage_GetObject", c_void_p, c_void_p, c_int)
_FormCountObjects = _proto("FPDFFormObj_CountObjects", c_int, c_void_p)
_FormGetObject = _proto("FPDFFormObj_GetObject", c_void_p, c_void_p, c_ulong)
_ObjType = _proto("FPDFPageObj_GetType", c_int, c_void_p)
_ObjMatrix = _proto("FPDFPageObj_GetMatrix", c_int, c_void_p, POINTER(pdfium_c.FS_MATRIX))
_CountSegments = _proto("FPDFPath_CountSegments", c_int, c_void_p)
_GetSegment = _proto("FPDFPath_GetPathSegment", c_void_p, c_void_p, c_int)
_SegPoint = _proto("FPDFPathSegment_GetPoint", c_int, c_void_p, POINTER(c_float), POINTER(c_float))
_SegType = _proto("FPDFPathSegment_GetType", c_int, c_void_p)
_SegClose = _proto("FPDFPathSegment_GetClose", c_int, c_void_p)
_TextLoad = _proto("FPDFText_LoadPage", c_void_p, c_void_p)
_TextClose = _proto("FPDFText_ClosePage", None, c_void_p)
_CountChars = _proto("FPDFText_CountChars", c_int, c_void_p)
_GetText = _proto("FPDFText_GetText", c_int, c_void_p, c_int, c_int, POINTER(c_ushort))
# The same, the text written to an address given as an integer (a numpy array's).
_GetTextAt = _proto("FPDFText_GetText", c_int, c_void_p, c_int, c_int, c_void_p)
_GetUnicode = _proto("FPDFText_GetUnicode", c_uint, c_void_p, c_int)
_IsGenerated = _proto("FPDFText_IsGenerated", c_int, c_void_p, c_int)
_TextObject = _proto("FPDFText_GetTextObject", c_void_p, c_void_p, c_int)
_UnicodeMapError = _proto("FPDFText_HasUnicodeMapError", c_int, c_void_p, c_int)
_TextObjFont = _proto("FPDFTextObj_GetFont", c_void_p, c_void_p)
_FontDescent = _proto("FPDFFont_GetDescent", c_int, c_void_p, c_float, POINTER(c_float))
_FontName = _proto("FPDFFont_GetBaseFontName", c_ulong, c_void_p, ctypes.c_char_p, c_ulong)
_GlyphWidth = _proto("FPDFFont_GetGlyphWidth", c_int, c_void_p, c_uint, c_float, POINTER(c_float))
_CharBox = _proto(
    "FPDFText_GetCharBox",
    c_int,
    c_void_p,
    c_int,
    POINTER(c_double),
    POINTER(c_double),
    POINTER(c_double),
    POINTER(c_double),
)
_LooseBox = _proto("FPDFText_GetLooseCharBox", c_int, c_void_p, c_int, POINTER(pdfium_c.FS_RECTF))
_CharMatrix = _proto("FPDFText_GetMatrix", c_int, c_void_p, c_int, POINTER(pdfium_c.FS_MATRIX))
_FontSize = _proto("FPDFText_GetFontSize", c_double, c_void_p, c_int)
_Origin = _proto(
    "FPDFText_GetCharOrigin", c_int, c_void_p, c_int, POINTER(c_double), POINTER(c_double)
)
# The same, the origin written to two addresses given as integers (a map over the page).
_OriginAt = _proto("FPDFText_GetCharOrigin", c_int, c_void_p, c_int, c_void_p, c_void_p)

# The C loop over a text page's characters (extract/_text_columns.c), built at install
# when a C compiler is there; without it the same columns come through ctypes.
try:
    from hplan.extract import _text_columns
except ImportError:  # pragma: no cover - built on every machine with a compiler
    _text_columns = None
_C_FUNCTIONS = tuple(
    map(_address, ("FPDFText_IsGenerated", "FPDFText_GetCharOrigin", "FPDFText_GetTextObject"))
)
_C_OBJECT_FUNCTIONS = tuple(
    map(_address, ("FPDFText_GetMatrix", "FPDFText_GetFontSize", "FPDFTextObj_GetFont"))
)
_C_BOX_FUNCTIONS = tuple(map(_address, ("FPDFText_GetLooseCharBox", "FPDFText_GetCharBox")))


@contextlib.contextmanager
def without_c_loop() -> Iterator[None]:
    """Read pages through ctypes meanwhile, as an install without a C compiler does (to
    compare the two readings)."""
    global _text_columns
    built = _text_columns
    _text_columns = None
    try:
        yield
    finally:
        _text_columns = built


_PATH = pdfium_c.FPDF_PAGEOBJ_PATH
_IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE
_FORM = pdfium_c.FPDF_PAGEOBJ_FORM
_MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO
_LINETO = pdfium_c.FPDF_SEGMENT_LINETO
_BEZIERTO = pdfium_c.FPDF_SEGMENT_BEZIERTO
# The only characters PDFium generates (as well as reads from the content).
_MAYBE_GENERATED = frozenset(" \r\n")
_HYPHEN_MARKS = frozenset("\x02\ufffe")


# --- documents ----------------------------------------------------------------------


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open PDF bytes with PDFium; raises :class:`PdfOpenError`."""
    with PDFIUM_LOCK:
        try:
            return pdfium.PdfDocument(data)
        except pdfium.PdfiumError as err:
            text = str(err)
            password = "password" in text.lower() or "security" in text.lower()
            raise PdfOpenError(text, password) from err


def close_pdf(pdf: pdfium.PdfDocument) -> None:
    with PDFIUM_LOCK:
        pdf.close()


def _handle(obj: object) -> int:
    return ctypes.cast(getattr(obj, "raw", obj), c_void_p).value or 0


# --- pages --------------------------------------------------------------------------


@dataclass(slots=True)
class FastLine:
    text: str
    bbox: tuple[float, float, float, float]
    words: list[Word]


@dataclass(slots=True)
class FastPage:
    """One page read by PDFium. ``lines is None``: pdfplumber must read it (``reason``).

    ``tables`` are pdfplumber ``Table`` objects found by pdfplumber's own table finder on
    PDFium's edges and characters; ``ruled``: the page's drawn edges could make a ruled
    table, so the finder ran."""

    width: float
    height: float
    lines: list[FastLine] | None
    reason: str | None
    n_chars: int = 0
    n_images: int = 0
    tables: list[Any] = field(default_factory=list)
    ruled: bool = False


def rulings_decide(table_settings: dict) -> bool:
    """Whether drawn edges alone make the tables for these settings (only pdfplumber's
    ``lines``/``lines_strict`` strategies, no explicit lines): then a page without
    enough edges holds no table, and the others' tables come from their edges."""
    return (
        table_settings.get("vertical_strategy", "lines") in ("lines", "lines_strict")
        and table_settings.get("horizontal_strategy", "lines") in ("lines", "lines_strict")
        and not table_settings.get("explicit_vertical_lines")
        and not table_settings.get("explicit_horizontal_lines")
    )


def read_page(
    pdf: pdfium.PdfDocument,
    index: int,
    table_settings: dict,
    descents: dict[str, float] | None = None,
) -> FastPage:
    """Read page ``index`` (0-based); see the module docstring. ``descents``: pdfminer's
    descent per font (:func:`font_descents`). Raises PdfiumError when PDFium cannot
    load the page."""
    with PDFIUM_LOCK:
        page = _LoadPage(_handle(pdf), index)
        if not page:
            raise pdfium.PdfiumError(f"Failed to load page {index + 1}")
        try:
            return _read_page(page, table_settings, descents or {})
        finally:
            _ClosePage(page)


def _page_size(page: int) -> tuple[float, float, bool]:
    """(width, height, whether the MediaBox starts at 0, 0)."""
    left, bottom, right, top = c_float(), c_float(), c_float(), c_float()
    if _GetMediaBox(page, byref(left), byref(bottom), byref(right), byref(top)):
        width = round(abs(right.value - left.value), 4)
        height = round(abs(top.value - bottom.value), 4)
        return width, height, min(left.value, right.value, top.value, bottom.value) == 0
    # A MediaBox inherited from the page tree: PDFium's page box (the CropBox, which
    # nearly always is the MediaBox) is the best we have.
    rect = pdfium_c.FS_RECTF()
    _GetBoundingBox(page, byref(rect))
    width, height = round(abs(rect.right - rect.left), 4), round(abs(rect.top - rect.bottom), 4)
    return width, height, min(rect.left, rect.right, rect.top, rect.bottom) == 0


def _read_page(page: int, table_settings: dict, descents: dict[str, float]) -> FastPage:
    width, height, at_origin = _page_size(page)
    if _GetRotation(page) != 0:
        return FastPage(width, height, None, "rotated")
    if not at_origin:
        # pdfminer moves coordinates by the MediaBox's corner and pdfplumber moves x
        # back; not restated here for a page box no plan uses.
        return FastPage(width, height, None, "mediabox")
    if not rulings_decide(table_settings):
        # Tables made from text alignment or given lines: any page may hold one.
        return FastPage(width, height, None, "settings")
    n_images, shapes = _page_shapes(page)
    if shapes is None:
        return FastPage(width, height, None, "paths", n_images=n_images)
    min_len = float(table_settings.get("edge_min_length_prefilter", 1))
    ruled = _may_hold_table(shapes, height, min_len)
    textpage = _TextLoad(page)
    if not textpage:
        return FastPage(width, height, None, "layout", n_images=n_images, ruled=ruled)
    try:
        text = _page_text(textpage, height, descents)
        if text is _BY_CHARACTER:
            chars = _page_chars(textpage, height, descents)
            if chars is None:
                return FastPage(width, height, None, "layout", n_images=n_images, ruled=ruled)
            lines = chars_to_lines(chars)
        elif text is None:
            return FastPage(width, height, None, "layout", n_images=n_images, ruled=ruled)
        else:
            chars = text.chars() if ruled else []
            lines = text_to_lines(text)
    finally:
        _TextClose(textpage)
    tables = _find_tables(chars, shapes, width, height, table_settings) if ruled else []
    n_chars = len(chars) if text is _BY_CHARACTER else len(text)  # type: ignore[arg-type]
    return FastPage(width, height, lines, None, n_chars, n_images, tables, ruled)


# --- drawn paths as pdfminer's lines, rectangles and curves ---------------------------

# A shape as pdfminer's PDFLayoutAnalyzer.paint_path makes it of one subpath: "line",
# "rect" or "curve", with its points in PDF user space (y up).
Shape = tuple[str, list[tuple[float, float]]]

_F32 = struct.Struct("f")
_DECIMALS: dict[float, float] = {}


def _decimal(v: float) -> float:
    """The shortest decimal that reads back as the single-precision ``v``: the number
    written in the PDF, which pdfminer reads in double precision, where it has at most
    seven or eight significant digits (as nearly every producer writes them)."""
    d = _DECIMALS.get(v)
    if d is None:
        d = v
        for digits in (6, 7, 8):
            candidate = float(f"{v:.{digits}g}")
            if _F32.unpack(_F32.pack(candidate))[0] == v:
                d = candidate
                break
        if len(_DECIMALS) < 65536:
            _DECIMALS[v] = d
    return d


def _matmul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """Apply ``m`` then ``n`` (PDF row-vector matrices a b c d e f)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _page_shapes(page: int) -> tuple[int, list[Shape] | None]:
    """(image objects, the page's painted paths as pdfminer's shapes), in content order
    and recursively inside form XObjects; shapes None when a path is built in a way
    this restatement does not cover (pdfplumber then reads the page)."""
    n_images = 0
    shapes: list[Shape] = []
    matrix = pdfium_c.FS_MATRIX()
    x, y = c_float(), c_float()

    def obj_matrix(obj: int, outer: tuple[float, ...]) -> tuple[float, ...]:
        _ObjMatrix(obj, byref(matrix))
        m = tuple(_decimal(v) for v in (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f))
        return m if outer is _IDENTITY else _matmul(m, outer)

    def visit(objects: Iterable[int], outer: tuple[float, ...], depth: int) -> bool:
        nonlocal n_images
        for obj in objects:
            kind = _ObjType(obj)
            if kind == _IMAGE:
                n_images += 1
            elif kind == _PATH:
                if not _path_shapes(obj, obj_matrix(obj, outer), shapes, x, y):
                    return False
            elif kind == _FORM:
                if depth >= _MAX_FORM_DEPTH:
                    return False
                n = _FormCountObjects(obj)
                m = obj_matrix(obj, outer)
                if not visit((_FormGetObject(obj, i) for i in range(n)), m, depth + 1):
                    return False
        return True

    n = _CountObjects(page)
    ok = visit((_GetObject(page, i) for i in range(n)), _IDENTITY, 0)
    return n_images, shapes if ok else None


def _path_shapes(
    obj: int, m: tuple[float, ...], shapes: list[Shape], x: c_float, y: c_float
) -> bool:
    """Append the path's subpaths as pdfminer's paint_path shapes them; False when the
    path is one this does not cover.

    PDFium keeps a path as points (move, line, three per Bézier curve) with a "close"
    flag on the last point of a closed subpath, having added a line back to the start
    when the subpath did not already end there. pdfminer keeps one point per operator
    (a curve's end point) and "h" for the close, after dropping a line to the start
    just before it: so a closed subpath's last point, a line to the start, is pdfminer's
    "h", and a closed subpath that ends with a curve gets an "h" at its start."""
    a, b, c, d, e, f = m
    ops: list[str] = []
    pts: list[tuple[float, float]] = []
    beziers = 0
    closed = False
    for i in range(_CountSegments(obj)):
        seg = _GetSegment(obj, i)
        if not seg or not _SegPoint(seg, byref(x), byref(y)):
            return False
        kind = _SegType(seg)
        if closed and kind != _MOVETO:
            return False  # drawing on after a close without a move: not restated
        px, py = _decimal(x.value), _decimal(y.value)
        point = (a * px + c * py + e, b * px + d * py + f)
        if kind == _MOVETO:
            if beziers or (ops and not _add_subpath(ops, pts, closed, shapes)):
                return False
            ops, pts, closed = ["m"], [point], False
            continue
        if not ops:
            return False
        if kind == _BEZIERTO:
            beziers += 1
            if beziers < 3:
                continue  # control points: pdfminer keeps only the end point
            beziers = 0
            ops.append("c")
        elif kind == _LINETO and not beziers:
            ops.append("l")
        else:
            return False
        pts.append(point)
        closed = bool(_SegClose(seg))
    if beziers:
        return False
    return not ops or _add_subpath(ops, pts, closed, shapes)


def _add_subpath(
    ops: list[str], pts: list[tuple[float, float]], closed: bool, shapes: list[Shape]
) -> bool:
    if closed:
        if ops[-1] == "l" and pts[-1] == pts[0] and len(ops) > 1:
            ops[-1] = "h"
        else:
            ops.append("h")
            pts.append(pts[0])
    shape = "".join(ops)
    if shape in ("ml", "mlh"):
        shapes.append(("line", pts[:2]))
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            shapes.append(("rect", [pts[0], pts[2]]))
        else:
            shapes.append(("curve", pts))
    else:
        shapes.append(("curve", pts))
    return True


def _may_hold_table(shapes: list[Shape], height: float, min_len: float) -> bool:
    """Whether the shapes give pdfplumber's table finder at least two horizontal and two
    vertical edges as long as ``edge_min_length_prefilter`` (fewer make no cell)."""
    h = v = 0
    for kind, pts in shapes:
        if kind == "rect":
            (x0, y0), (x1, y1) = pts
            if abs(x1 - x0) >= min_len:
                h += 2
            if abs(y1 - y0) >= min_len:
                v += 2
        else:
            if kind == "line":
                (x0, y0), (x1, y1) = pts
                dx, dy = abs(x1 - x0), abs(y1 - y0)
                # pdfplumber: a line is horizontal when its top is its bottom, else vertical.
                if height - y0 == height - y1:
                    h += dx >= min_len
                else:
                    v += dy >= min_len
            else:
                for (x0, y0), (x1, y1) in pairwise(pts):
                    if x0 == x1:
                        v += abs(y1 - y0) >= min_len
                    elif y0 == y1:
                        h += abs(x1 - x0) >= min_len
        if h >= 2 and v >= 2:
            return True
    return False


class _ShimPage:
    """What pdfplumber's TableFinder and Table read of a page (lines strategies)."""

    def __init__(self, chars: list[dict], edges: list[dict], bbox: tuple) -> None:
        self.chars = chars
        self.edges = edges
        self.bbox = bbox


def _find_tables(
    chars: list[tuple[str, float, float, float, float]],
    shapes: list[Shape],
    width: float,
    height: float,
    table_settings: dict,
) -> list[Any]:
    """pdfplumber's tables of the page, found by its own TableFinder on the edges and
    characters read here, the objects made as pdfplumber makes them of pdfminer's."""
    from pdfplumber import utils
    from pdfplumber.table import TableFinder, TableSettings

    lines, rects, curves = [], [], []
    for kind, pts in shapes:
        if kind == "curve":
            coords = [(px, height - py) for px, py in pts]
            top = min(p[1] for p in coords)
            curves.append({"object_type": "curve", "pts": coords, "top": top, "doctop": top})
            continue
        (ax, ay), (bx, by) = pts
        x0, x1, y0, y1 = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
        top = height - y1
        obj = {
            "object_type": kind,
            "x0": x0,
            "y0": y0,
            "x1": x1,
            "y1": y1,
            "width": x1 - x0,
            "height": y1 - y0,
            "top": top,
            "bottom": height - y0,
            "doctop": top,
        }
        (lines if kind == "line" else rects).append(obj)
    edges = [utils.line_to_edge(obj) for obj in lines]
    for obj in rects:
        edges.extend(utils.rect_to_edges(obj))
    for obj in curves:
        edges.extend(utils.curve_to_edges(obj))
    # The lines strategies find tables from the edges alone; the characters are for
    # Table.extract, which looks through its page's characters once per row: each table
    # gets only those whose middle is inside it (each row is inside its table, so a
    # row's characters are the same).
    page = _ShimPage([], edges, (0, 0, width, height))
    tables = TableFinder(page, TableSettings.resolve(table_settings)).tables  # type: ignore[arg-type]
    for table in tables:
        x0, top, x1, bottom = table.bbox
        inside = [
            {
                "text": t,
                "x0": cx0,
                "top": ct,
                "x1": cx1,
                "bottom": cb,
                "doctop": ct,
                "upright": True,
            }
            for t, cx0, ct, cx1, cb in chars
            if x0 <= (cx0 + cx1) / 2 < x1 and top <= (ct + cb) / 2 < bottom
        ]
        table.page = _ShimPage(inside, [], table.bbox)
    return tables


# --- the characters of a page in bulk -------------------------------------------------

# _page_text reads the characters with a few calls per page and numpy over the columns,
# where _page_chars takes one character at a time (two PDFium calls and a Python loop
# each, several times PDFium's own cost of the page). It gives the same characters; a
# page with something it does not restate is read by _page_chars (_BY_CHARACTER).
_BY_CHARACTER = object()
# Scripts written right to left: PDFium reorders their characters within a line, so a
# text object's characters need not be next to each other in the text page.
_RIGHT_TO_LEFT = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF), (0x200F, 0x200F))
_RIGHT_TO_LEFT_MARKS = (0x202B, 0x202E, 0x2067)
# A run of characters this long whose first and last are of two text objects is read
# whole rather than halved again.
_SPLIT_MIN = 16


@dataclass(slots=True)
class PageText:
    """A page's characters as columns, in the text page's order (pdfminer's): ``text``
    one character each, and numpy arrays of their boxes (as :func:`_page_chars`)."""

    text: str
    x0: np.ndarray
    top: np.ndarray
    x1: np.ndarray
    bottom: np.ndarray
    # Per place: it goes on the glyph of the place before (None: no such place).
    joined: np.ndarray | None = None

    def __len__(self) -> int:
        """The characters, as _page_chars counts them (a glyph once)."""
        return len(self.text) - (0 if self.joined is None else int(self.joined.sum()))

    def chars(self) -> list[tuple[str, float, float, float, float]]:
        """The characters as _page_chars gives them."""
        places = zip(
            self.text,
            self.x0.tolist(),
            self.top.tolist(),
            self.x1.tolist(),
            self.bottom.tolist(),
            strict=True,
        )
        if self.joined is None:
            return list(places)
        chars: list[tuple[str, float, float, float, float]] = []
        for place, join in zip(places, self.joined.tolist(), strict=True):
            if join:
                chars[-1] = (chars[-1][0] + place[0], *chars[-1][1:])
            else:
                chars.append(place)
        return chars


def _empty_text() -> PageText:
    none = np.zeros(0)
    return PageText("", none, none, none, none)


def _page_text(textpage: int, height: float, descents: dict[str, float]) -> Any:
    """The page's characters as :class:`PageText`, as :func:`_page_chars` reads them; None
    where that gives None; ``_BY_CHARACTER`` for a page it must read: a character PDFium
    gives no Unicode for or marks as a line-end hyphen (control characters), one outside
    the Basic Multilingual Plane (a surrogate pair), or one glyph read as several
    characters (their origins coincide)."""
    n = _CountChars(textpage)
    if n <= 0:
        return _empty_text()
    units = np.empty(n + 1, dtype=np.uint16)
    if _GetTextAt(textpage, 0, n, units.ctypes.data) - 1 != n:  # pragma: no cover
        return _BY_CHARACTER  # PDFium writes one unit per character and a terminator
    all_codes = units[:n]
    columns = _columns_in_c(textpage, all_codes) if _text_columns is not None else None
    if columns is not None:
        index, all_xy, all_objs = columns
    else:
        # PDFium's own spaces and line breaks are left out, as in _page_chars.
        maybe = np.flatnonzero((all_codes == 32) | (all_codes == 13) | (all_codes == 10))
        keep = np.ones(n, dtype=bool)
        maybe_list = maybe.tolist()
        generated = map(_IsGenerated, repeat(textpage, len(maybe_list)), maybe_list)
        keep[list(compress(maybe_list, generated))] = False
        index = np.flatnonzero(keep)
    codes = all_codes[index]
    if ((codes < 32) | ((codes >= 0xD800) & (codes <= 0xDFFF))).any():
        return _BY_CHARACTER
    # PDFium's mark for a line-end hyphen, read back as "-" (as _page_chars does; its
    # other mark, U+0002, is a control character, which that page reading asks about).
    codes[codes == 0xFFFE] = 0x2D
    m = len(index)
    if m == 0:
        return _empty_text()
    if columns is not None:
        x0, y = all_xy[index, 0], all_xy[index, 1]
        objs = all_objs[index]
    else:
        indices = index.tolist()
        x0, y = _origins(textpage, indices)
        objs = _char_objects(textpage, index, indices, codes)
    same = objs[1:] == objs[:-1]
    # One glyph PDFium reads as several characters (a ligature it splits): one origin in
    # one object. _page_chars makes them one character; here they keep their places,
    # each with the glyph's box, which groups into the same words.
    joined = np.zeros(m, dtype=bool)
    joined[1:] = same & (x0[1:] == x0[:-1]) & (y[1:] == y[:-1])
    glyphs: list[tuple[int, int]] = []
    if joined.any():
        in_glyph = joined.copy()
        in_glyph[:-1] |= joined[1:]
        if _blank_or_ligature()[codes[in_glyph]].any():
            return _BY_CHARACTER  # one glyph of a blank or a ligature and more
        heads = np.flatnonzero(in_glyph & ~joined).tolist()
        tails = np.flatnonzero(in_glyph & ~np.append(joined[1:], False)).tolist()
        glyphs = [(h, t + 1) for h, t in zip(heads, tails, strict=True)]
    starts = np.concatenate(([0], np.flatnonzero(~same) + 1))
    lengths = np.diff(np.append(starts, m))
    # Per text object, read at its first character (as _page_chars keeps it per object):
    # the x scale × font size, font size × y scale, page height less descent × y scale,
    # and its font.
    first_runs, run_object = _distinct(objs[starts])
    run_objs = objs[starts[first_runs]]
    first_places = index[starts[first_runs]]
    details, object_fonts = _object_columns(textpage, first_places, run_objs)
    a, b, c, d, font_size = details.T
    if not (
        run_objs.all()
        and object_fonts.all()
        and not b.any()
        and not c.any()
        and (a > 0).all()
        and (d > 0).all()
        and (font_size > 0).all()
    ):
        return None  # rotated, skewed or mirrored text: pdfplumber
    font_sizes = list(zip(object_fonts.tolist(), font_size.tolist(), strict=True))
    descent_memo: dict[tuple[int, float], float | None] = {}
    for key in font_sizes:
        if key not in descent_memo:
            descent_memo[key] = _descent(*key, descents)
            if descent_memo[key] is None:
                return None
    descent = np.array([descent_memo[key] for key in font_sizes])
    first_fonts, object_font_ids = _distinct(object_fonts)
    handles = object_fonts[first_fonts]
    per_char = np.repeat(run_object, lengths)
    x_size = (a * font_size)[per_char]
    size = (font_size * d)[per_char]
    base = (height - descent * d)[per_char]
    font = object_font_ids[per_char]
    # Advances per font and glyph text, each taken where the glyph first occurs on the
    # page (as _page_chars caches them).
    advance = np.empty(m)
    single = np.flatnonzero(~(joined | np.append(joined[1:], False))) if glyphs else None
    keys = font.astype(np.int64) * 65536 + codes
    if single is not None:
        keys = keys[single]
    firsts, key_of = _distinct(keys)
    places = firsts if single is None else single[firsts]
    first_keys = keys[firsts]
    per_key = _advances(
        textpage, index[places], handles[first_keys >> 16], first_keys & 0xFFFF, x0[places],
        x_size[places],
    )  # fmt: skip
    per_key = per_key[key_of]
    if single is None:
        advance = per_key
    else:
        advance[single] = per_key
        font_advances: dict[int, dict[str, float]] = {}
        for h, e in glyphs:
            advance[h:e] = _cached_advance(
                textpage, int(index[h]), int(handles[font[h]]),
                codes[h:e].tobytes().decode("utf-16-le"), x0, x_size, h, font_advances,
            )  # fmt: skip
    bottom = base - y
    return PageText(
        codes.tobytes().decode("utf-16-le"),
        x0,
        bottom - size,
        x0 + advance * x_size,
        bottom,
        joined if glyphs else None,
    )


def _columns_in_c(textpage: int, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The places of the characters PDFium did not generate, and every place's origin
    (rows of x, y) and text object, read by the C loop of ``_text_columns``."""
    n = len(codes)
    generated = np.empty(n, dtype=np.uint8)
    xy = np.empty((n, 2))
    objs = np.empty(n, dtype=np.int64)
    _text_columns.char_columns(*_C_FUNCTIONS, textpage, codes, generated, xy, objs)
    return np.flatnonzero(generated == 0), xy, objs


def _distinct(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first place of each distinct key (int64), and per place the number of its
    key in that list."""
    if _text_columns is None:
        _, firsts, inverse = np.unique(keys, return_index=True, return_inverse=True)
        return firsts, inverse.reshape(-1)
    first_of = np.empty(len(keys), dtype=np.int64)
    _text_columns.first_places(np.ascontiguousarray(keys, dtype=np.int64), first_of)
    firsts = np.flatnonzero(first_of == np.arange(len(keys)))
    number = np.empty(len(keys), dtype=np.int64)
    number[firsts] = np.arange(len(firsts))
    return firsts, number[first_of]


def _object_columns(
    textpage: int, places: np.ndarray, objs: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each text object ``objs[k]``, read at its character ``places[k]``: the rows
    (a, b, c, d of the character's matrix, its font size) and the object's font."""
    k = len(objs)
    details = np.zeros((k, 5))
    fonts = np.zeros(k, dtype=np.int64)
    places32 = places.astype(np.int32)
    if _text_columns is not None:
        _text_columns.object_columns(*_C_OBJECT_FUNCTIONS, textpage, places32, objs, details, fonts)
        return details, fonts
    matrix = pdfium_c.FS_MATRIX()
    for j, (i, obj) in enumerate(zip(places32.tolist(), objs.tolist(), strict=True)):
        _CharMatrix(textpage, i, byref(matrix))
        details[j] = matrix.a, matrix.b, matrix.c, matrix.d, _FontSize(textpage, i)
        fonts[j] = (_TextObjFont(obj) or 0) if obj else 0
    return details, fonts


def _advances(
    textpage: int,
    places: np.ndarray,
    fonts: np.ndarray,
    codes: np.ndarray,
    x0: np.ndarray,
    x_size: np.ndarray,
) -> np.ndarray:
    """Advance widths per unit of (x scale × font size) of the characters at ``places``
    (text page indices): font handles ``fonts``, character codes ``codes`` (-1 for a
    glyph PDFium reads as several characters), origins ``x0``, x scale × font size
    ``x_size``.

    PDFium's loose box runs from the origin to the advance, widened to the glyph's ink;
    where the ink does not reach past the advance (nearly always) its right edge is the
    advance. For a glyph whose ink overhangs (an italic f, say) the font's width for
    the character is used, if PDFium can map the character back to its code. Both
    edges of every box are read at once, the font's width only where the ink overhangs."""
    k = len(places)
    rights = np.zeros((k, 2))
    places32 = places.astype(np.int32)
    if _text_columns is not None:
        _text_columns.right_edges(*_C_BOX_FUNCTIONS, textpage, places32, rights)
    else:
        for j, i in enumerate(places32.tolist()):
            _LooseBox(textpage, i, _LOOSE_REF)
            _CharBox(textpage, i, *_CHAR_BOX_REFS)
            rights[j] = _LOOSE.right, _CHAR_BOX[1].value
    loose, ink = rights.T
    scaled = x_size > 0
    advance = np.where(scaled, (loose - x0) / np.where(scaled, x_size, 1.0), 0.0)
    width = c_float()
    for j in np.flatnonzero(scaled & ~(ink < loose - _INK_EPS)).tolist():
        code = int(codes[j])
        if (
            code >= 0
            and _GlyphWidth(int(fonts[j]), code, 1000.0, byref(width))
            and 0 < width.value / 1000 * x_size[j] <= loose[j] - x0[j] + _INK_EPS
        ):
            advance[j] = width.value / 1000
    return advance


def _origins(textpage: int, indices: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The origins (x, y) of the characters at ``indices``, each ctypes call writing
    into its own slot of one array."""
    m = len(indices)
    origins = (c_double * (2 * m))()
    at = ctypes.addressof(origins)
    deque(
        map(
            _OriginAt,
            repeat(textpage, m),
            indices,
            range(at, at + 16 * m, 16),
            range(at + 8, at + 16 * m, 16),
        ),
        maxlen=0,
    )
    xy = np.frombuffer(origins, dtype=np.float64).reshape(m, 2)
    return xy[:, 0].copy(), xy[:, 1].copy()


def _cached_advance(
    textpage: int,
    i: int,
    font: int,
    text: str,
    x0: np.ndarray,
    x_size: np.ndarray,
    place: int,
    font_advances: dict[int, dict[str, float]],
) -> float:
    advances = font_advances.setdefault(font, {})
    value = advances.get(text)
    if value is None:
        value = advances[text] = _advance(
            textpage, i, font, text, float(x0[place]), float(x_size[place])
        )
    return value


def _char_objects(textpage: int, index: np.ndarray, indices: list[int], codes: Any) -> Any:
    """The text object of each character (``indices``: their places in the text page).

    PDFium lays out one text object's characters one after the other, so between two
    characters of one object there is only that object: a stretch between PDFium's own
    characters whose ends share an object is that object throughout, and one whose ends
    differ is halved until they agree. Right-to-left text is reordered within its line:
    there every character is asked."""
    m = len(indices)
    rtl = (codes >= 0x0590) & (codes <= 0x08FF)
    for lo, hi in _RIGHT_TO_LEFT[1:]:
        rtl |= (codes >= lo) & (codes <= hi)
    if rtl.any() or np.isin(codes, _RIGHT_TO_LEFT_MARKS).any():
        return np.array([o or 0 for o in map(_TextObject, repeat(textpage, m), indices)])
    objs = np.zeros(m, dtype=np.int64)
    # Stretches between PDFium's own characters (the text page's indices jump there).
    cuts = (np.flatnonzero(np.diff(index) != 1) + 1).tolist()
    bounds = list(zip([0, *cuts], [*cuts, m], strict=True))
    ends = [indices[a] for a, _ in bounds] + [indices[b - 1] for _, b in bounds]
    found = [o or 0 for o in map(_TextObject, repeat(textpage, len(ends)), ends)]
    k = len(bounds)
    todo = [(a, b, found[j], found[k + j]) for j, (a, b) in enumerate(bounds)]
    while todo:
        a, b, first, last = todo.pop()
        if first == last:
            objs[a:b] = first
        elif b - a <= _SPLIT_MIN:
            objs[a:b] = [o or 0 for o in map(_TextObject, repeat(textpage, b - a), indices[a:b])]
        else:
            mid = (a + b) // 2
            middle = _TextObject(textpage, indices[mid]) or 0
            todo.append((a, mid + 1, first, middle))
            todo.append((mid, b, middle, last))
    return objs


def _page_chars(
    textpage: int, height: float, descents: dict[str, float]
) -> list[tuple[str, float, float, float, float]] | None:
    """The page's characters as (text, x0, top, x1, bottom), one at a time, or None when
    one of them is not upright, unscaled-skew text (pdfplumber then reads the page)."""
    n = _CountChars(textpage)
    if n <= 0:
        return []
    buf = (c_ushort * (n + 1))()
    written = _GetText(textpage, 0, n, buf)
    if written - 1 == n:
        units = bytes(buf)[: 2 * n].decode("utf-16-le", "surrogatepass")
    else:  # pragma: no cover - PDFium always writes one unit per character
        units = "".join(chr(_GetUnicode(textpage, i)) for i in range(n))
    matrix = pdfium_c.FS_MATRIX()
    ox, oy = c_double(), c_double()
    ox_ref, oy_ref = byref(ox), byref(oy)
    # Per text object: (x scale × font size, font size × y scale, the page height
    # less descent × y scale, font handle, the font's advances: per character, the
    # advance per unit of x scale × size).
    objects: dict[int, _ObjectInfo] = {}
    font_advances: dict[int, dict[str, float]] = {}
    descent_memo: dict[tuple[int, float], float | None] = {}
    chars: list[tuple[str, float, float, float, float]] = []
    append = chars.append
    maybe_generated, hyphen_marks = _MAYBE_GENERATED, _HYPHEN_MARKS
    text_object, origin, get_info = _TextObject, _Origin, objects.get
    # The glyph being read (PDFium may read one glyph as several characters): its
    # text (or its characters, ``more``), origin, object's info, first index.
    gtext: str | None = None
    more: list[str] | None = None
    gx = gy = 0.0
    ginfo: _ObjectInfo | None = None
    gi = 0
    # One pass more than there are characters: the last one flushes the last glyph.
    for i in range(n + 1):
        if i < n:
            text = units[i]
            # PDFium generates the spaces and line breaks it infers from the layout;
            # pdfminer (and so pdfplumber) reads only the content's characters.
            if text in maybe_generated and _IsGenerated(textpage, i):
                continue
            if text < " " and _UnicodeMapError(textpage, i):
                # No Unicode for the glyph: PDFium hands back the code, pdfminer
                # "(cid:N)".
                text = f"(cid:{ord(text)})"
            obj = text_object(textpage, i)
            info = get_info(obj)
            if info is None:
                info = _object_info(
                    textpage, i, obj, matrix, height, descents, font_advances, descent_memo
                )
                if info is None:
                    return None  # rotated, skewed or mirrored text: pdfplumber
                objects[obj] = info
            origin(textpage, i, ox_ref, oy_ref)
            x0, y = ox.value, oy.value
            # One glyph PDFium reads as several characters (a ligature, a surrogate
            # pair) gives them one origin: it is one character for pdfminer.
            if x0 == gx and y == gy and info is ginfo and gtext is not None:
                more = [gtext, text] if more is None else [*more, text]
                continue
        if gtext is not None:
            # pdfminer's box: origin to origin + advance, descent to descent + size.
            x_size, size, base, font, advances = ginfo  # type: ignore[misc]
            if more is not None:
                gtext, more = _glyph_text(more), None
            if gtext in hyphen_marks:  # PDFium's marks for a line-end hyphen
                gtext = "-"
            advance = advances.get(gtext)
            if advance is None:
                advance = advances[gtext] = _advance(textpage, gi, font, gtext, gx, x_size)
            bottom = base - gy
            append((gtext, gx, bottom - size, gx + advance * x_size, bottom))
        if i < n:
            gtext, gx, gy, ginfo, gi = text, x0, y, info, i
    return chars


_ObjectInfo = tuple[float, float, float, int, dict[str, float]]


def _object_info(
    textpage: int,
    i: int,
    obj: int,
    matrix: Any,
    height: float,
    descents: dict[str, float],
    font_advances: dict[int, dict[str, float]],
    descent_memo: dict[tuple[int, float], float | None],
) -> _ObjectInfo | None:
    """What the boxes of the text object character ``i`` belongs to need (see
    :func:`_page_chars`); None when its text is not upright and unskewed.
    ``descent_memo``: the page's descents by font and size so far."""
    if not obj:
        return None
    _CharMatrix(textpage, i, byref(matrix))
    font_size = _FontSize(textpage, i)
    if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0 or font_size <= 0:
        return None
    font = _TextObjFont(obj)
    if not font:
        return None
    key = (font, font_size)
    if key in descent_memo:
        descent = descent_memo[key]
    else:
        descent = descent_memo[key] = _descent(font, font_size, descents)
    if descent is None:
        return None
    advances = font_advances.setdefault(font, {})
    return (matrix.a * font_size, font_size * matrix.d, height - descent * matrix.d, font, advances)


def _glyph_text(parts: list[str]) -> str:
    text = "".join(parts)
    if "\ud800" <= text[0] <= "\udbff":  # a surrogate pair
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def font_descents(data: bytes) -> dict[str, float]:
    """pdfminer's descent (per unit of font size) of each font the pages and their forms
    use, by base name without the subset tag; a name two fonts with other descents
    share is left out.

    pdfminer takes the descent from the font descriptor (or the core fonts' metrics);
    PDFium replaces a descriptor's 0 (LibreOffice writes Ascent 0 and Descent 0) by
    the glyph outlines' and truncates to whole units, which moves a box by up to a
    fifth of the font size, and with it which table cell a character's middle is in.
    Only the document's structure is read (no page content), once per file. Raises
    what pdfminer raises on a file it cannot read (the caller then keeps PDFium's)."""
    from io import BytesIO

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1

    found: dict[str, set[float]] = {}
    manager = PDFResourceManager()
    seen: set[int] = set()

    def visit(resources: object, depth: int) -> None:
        resources = resolve1(resources)
        if not isinstance(resources, dict) or depth > _MAX_FORM_DEPTH:
            return
        fonts = resolve1(resources.get("Font"))
        for ref in (fonts or {}).values() if isinstance(fonts, dict) else ():
            objid = getattr(ref, "objid", None)
            if objid is not None and objid in seen:
                continue
            if objid is not None:
                seen.add(objid)
            spec = resolve1(ref)
            if not isinstance(spec, dict):
                continue
            name = getattr(resolve1(spec.get("BaseFont")), "name", None)
            if not isinstance(name, str):
                continue
            font = manager.get_font(objid, spec)
            if font.is_vertical() or type(font).__name__ == "PDFType3Font":
                descent = float("nan")  # not restated: never matches
            else:
                descent = float(font.get_descent())
            found.setdefault(_SUBSET_TAG.sub("", name), set()).add(descent)
        xobjects = resolve1(resources.get("XObject"))
        for ref in (xobjects or {}).values() if isinstance(xobjects, dict) else ():
            objid = getattr(ref, "objid", None)
            if objid is not None and objid in seen:
                continue
            if objid is not None:
                seen.add(objid)
            xobj = resolve1(ref)
            if isinstance(xobj, PDFStream) and getattr(xobj.get("Subtype"), "name", "") == "Form":
                visit(xobj.get("Resources"), depth + 1)

    document = PDFDocument(PDFParser(BytesIO(data)))
    for page in PDFPage.create_pages(document):
        visit(page.resources, 0)
    return {
        name: next(iter(values))
        for name, values in found.items()
        if len(values) == 1 and next(iter(values)) == next(iter(values))  # not NaN
    }


_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def _descent(font: int, font_size: float, descents: dict[str, float]) -> float | None:
    """pdfminer's descent for ``font`` at ``font_size`` where :func:`font_descents` knows
    the font, else PDFium's."""
    if descents:
        name = _font_name(font)
        if name in descents:
            return descents[name] * font_size
    descent = c_float()
    if not _FontDescent(font, font_size, byref(descent)):
        return None
    return descent.value


def _font_name(font: int) -> str:
    n = _FontName(font, None, 0)
    buf = ctypes.create_string_buffer(max(n, 1))
    _FontName(font, buf, n)
    return _SUBSET_TAG.sub("", buf.value.decode("utf-8", "replace"))


# _advances' out-parameters without the C loop, made once (PDFium is called under
# PDFIUM_LOCK).
_LOOSE = pdfium_c.FS_RECTF()
_LOOSE_REF = byref(_LOOSE)
_CHAR_BOX = (c_double(), c_double(), c_double(), c_double())
_CHAR_BOX_REFS = tuple(byref(v) for v in _CHAR_BOX)


def _advance(textpage: int, i: int, font: int, text: str, x0: float, x_size: float) -> float:
    """:func:`_advances` of character ``i`` alone (``text``: what PDFium reads for its
    glyph)."""
    advance = _advances(
        textpage,
        np.array([i]),
        np.array([font], dtype=np.int64),
        np.array([ord(text) if len(text) == 1 else -1], dtype=np.int64),
        np.array([x0]),
        np.array([x_size]),
    )
    return float(advance[0])


# --- pdfplumber's text lines over tuples --------------------------------------------


def _cluster_ids(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's make_cluster_dict: sorted distinct values, chained within tolerance."""
    ids: dict[float, int] = {}
    cluster = -1
    last = None
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            cluster += 1
        ids[v] = cluster
        last = v
    return ids


def chars_to_lines(chars: list[tuple[str, float, float, float, float]]) -> list[FastLine]:
    """pdfplumber 0.11's ``extract_text_lines(strip=True)`` and ``extract_words()`` (default
    tolerances, upright text) over (text, x0, top, x1, bottom) tuples in content order;
    each line gets the words whose middle lies within its top/bottom ± 1, as ingest
    assigns them. Coordinates are rounded to 1e-4 pt (PDFium's are single precision)."""
    if not chars:
        return []
    # WordExtractor.iter_chars_to_lines: cluster by top, content order within a cluster,
    # each cluster sorted by x0 (a stable sort, as pdfplumber's).
    cid = _cluster_ids({ch[2] for ch in chars}, Y_TOLERANCE)
    rows: dict[int, list[tuple[str, float, float, float, float]]] = {}
    for ch in chars:
        key = cid[ch[2]]
        row = rows.get(key)
        if row is None:
            rows[key] = [ch]
        else:
            row.append(ch)
    words: list[tuple[str, float, float, float, float]] = []
    add_word = words.append
    lig = LIGATURES
    by_x0 = itemgetter(1)  # a character's x0
    for key in sorted(rows):
        text_parts: list[str] = []
        x0 = top = x1 = bottom = 0.0
        prev_x0 = prev_x1 = prev_top = 0.0
        for text, cx0, ctop, cx1, cbottom in sorted(rows[key], key=by_x0):
            if text.isspace():
                if text_parts:
                    add_word((_join(text_parts), x0, top, x1, bottom))
                    text_parts = []
                continue
            if text_parts and (
                cx0 < prev_x0 or cx0 > prev_x1 + X_TOLERANCE or abs(ctop - prev_top) > Y_TOLERANCE
            ):
                add_word((_join(text_parts), x0, top, x1, bottom))
                text_parts = []
            if text_parts:
                text_parts.append(lig.get(text, text))
                if ctop < top:
                    top = ctop
                if cx1 > x1:
                    x1 = cx1
                if cbottom > bottom:
                    bottom = cbottom
            else:
                text_parts = [lig.get(text, text)]
                x0, top, x1, bottom = cx0, ctop, cx1, cbottom
            prev_x0, prev_x1, prev_top = cx0, cx1, ctop
        if text_parts:
            add_word((_join(text_parts), x0, top, x1, bottom))
    if not words:
        return []
    texts, *columns = zip(*words, strict=True)
    return _words_to_lines(list(texts), *(np.array(c, dtype=np.float64) for c in columns))


def _top_clusters(top: np.ndarray) -> np.ndarray:
    """Per value, its cluster as :func:`_cluster_ids` makes them: the sorted distinct
    values, a new cluster where one is over ``Y_TOLERANCE`` above the one before."""
    ordered = np.sort(top)
    distinct = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]
    cluster = np.zeros(len(distinct), dtype=np.int64)
    cluster[1:] = np.cumsum(distinct[1:] > distinct[:-1] + Y_TOLERANCE)
    return cluster[np.searchsorted(distinct, top)]


def text_to_lines(text: PageText) -> list[FastLine]:
    """:func:`chars_to_lines` over the columns of :func:`_page_text` (one character per
    place in ``text.text``), with numpy: the same lines, words and coordinates."""
    m = len(text.text)
    if not m:
        return []
    rows = _top_clusters(text.top)
    # By row, then by x0, content order kept among equals (lexsort is stable); most
    # pages come in that order already.
    codes = np.frombuffer(text.text.encode("utf-16-le"), dtype=np.uint16)
    x0, top, x1, bottom = text.x0, text.top, text.x1, text.bottom
    step = rows[1:] - rows[:-1]
    if (step < 0).any() or ((step == 0) & (x0[1:] < x0[:-1])).any():
        order = np.lexsort((x0, rows))
        codes, rows, x0, top = codes[order], rows[order], x0[order], top[order]
        x1, bottom = x1[order], bottom[order]
    space = _whitespace()[codes]
    # A word starts after a blank, on a new row, after a gap over the x tolerance or a
    # jump in top over the y tolerance (sorted, x0 never goes back within a row).
    new = np.ones(m, dtype=bool)
    new[1:] = (
        space[:-1]
        | (rows[1:] != rows[:-1])
        | (x0[1:] > x1[:-1] + X_TOLERANCE)
        | (np.abs(top[1:] - top[:-1]) > Y_TOLERANCE)
    )
    starts = np.flatnonzero(new & ~space)
    edges = np.append(np.flatnonzero(new | space), m)
    ends = edges[np.searchsorted(edges, starts, side="right")]
    bounds = np.empty(2 * len(starts), dtype=np.int64)
    bounds[0::2], bounds[1::2] = starts, ends
    bounds = bounds[bounds < m]  # reduceat runs the last word to the end of the array
    ordered = codes.tobytes().decode("utf-16-le")
    texts = list(map(ordered.__getitem__, map(slice, starts.tolist(), ends.tolist())))
    if _LIGATURE_CODES_RE.search(ordered):
        texts = [t.translate(_LIGATURE_TABLE) for t in texts]
    return _words_to_lines(
        texts,
        x0[starts],
        np.minimum.reduceat(top, bounds)[0::2],
        np.maximum.reduceat(x1, bounds)[0::2],
        np.maximum.reduceat(bottom, bounds)[0::2],
    )


_LIGATURE_TABLE = str.maketrans(LIGATURES)
_LIGATURE_CODES = np.array([ord(k) for k in LIGATURES])
_LIGATURE_CODES_RE = re.compile(f"[{''.join(LIGATURES)}]")
_WHITESPACE: list[np.ndarray] = []


def _whitespace() -> np.ndarray:
    """Per code point of the Basic Multilingual Plane: whether ``str.isspace`` takes it."""
    if not _WHITESPACE:
        # re's \s is str.isspace for str patterns (both Py_UNICODE_ISSPACE).
        plane = "".join(map(chr, range(0x10000)))
        table = np.zeros(0x10000, dtype=bool)
        table[[m.start() for m in re.finditer(r"\s", plane)]] = True
        _WHITESPACE.append(table)
    return _WHITESPACE[0]


def _blank_or_ligature() -> np.ndarray:
    """Per code point of the Basic Multilingual Plane: a blank or one of ``LIGATURES``."""
    if not _BLANK_OR_LIGATURE:
        table = _whitespace().copy()
        table[_LIGATURE_CODES] = True
        _BLANK_OR_LIGATURE.append(table)
    return _BLANK_OR_LIGATURE[0]


_BLANK_OR_LIGATURE: list[np.ndarray] = []


def _words_to_lines(
    texts: list[str], x0: np.ndarray, top: np.ndarray, x1: np.ndarray, bottom: np.ndarray
) -> list[FastLine]:
    """pdfplumber's lines of words in row order (their texts and boxes as columns)."""
    if not texts:
        return []
    # WordMap.to_textmap(presorted=True): consecutive words in one top cluster form a line.
    ids = _top_clusters(top)
    starts = np.concatenate(([0], np.flatnonzero(ids[1:] != ids[:-1]) + 1))
    line_top = np.minimum.reduceat(top, starts)
    line_bottom = np.maximum.reduceat(bottom, starts)
    # Ingest gives each line the words whose vertical middle lies within it (± 1 pt).
    mids = (top + bottom) / 2
    by_mid = np.argsort(mids, kind="stable")
    sorted_mids = mids[by_mid]
    lo = np.searchsorted(sorted_mids, line_top - 1, side="left").tolist()
    hi = np.searchsorted(sorted_mids, line_bottom + 1, side="right").tolist()
    by_mid_list = by_mid.tolist()
    words = list(map(Word, texts, _rounded(x0), _rounded(top), _rounded(x1), _rounded(bottom)))
    ends = [*starts.tolist()[1:], len(texts)]
    boxes = zip(
        _rounded(np.minimum.reduceat(x0, starts)),
        _rounded(line_top),
        _rounded(np.maximum.reduceat(x1, starts)),
        _rounded(line_bottom),
        strict=True,
    )
    lines: list[FastLine] = []
    for k, (a, b, bbox) in enumerate(zip(starts.tolist(), ends, boxes, strict=True)):
        members = by_mid_list[lo[k] : hi[k]]
        members.sort()
        lines.append(FastLine(" ".join(texts[a:b]), bbox, [words[j] for j in members]))
    return lines


def _r(v: float) -> float:
    # PDFium's coordinates are single precision: 51.02 comes back as 51.0200004577.
    return round(v, 4)


def _rounded(values: np.ndarray) -> list[float]:
    """``[_r(v) for v in values]``, exactly (Python's round is correctly rounded; numpy's
    is not), without its cost per value.

    ``rint(v × 10⁴) / 10⁴`` is the double nearest to the integer over 10⁴ (one correctly
    rounded division), so it is ``round(v, 4)`` whenever the integer is the right one:
    unless the exact ``v × 10⁴`` lies within the product's rounding error of halfway
    between two integers. Those few values (and any out of the range where the error is
    that small) are left to ``round``."""
    scaled = values * 10000.0
    out = np.rint(scaled) / 10000.0
    doubtful = ~(np.abs(values) < _ROUND_RANGE) | (
        np.abs(scaled - np.floor(scaled) - 0.5) < _ROUND_SLACK
    )
    result = out.tolist()
    for i in np.flatnonzero(doubtful).tolist():
        result[i] = round(float(values[i]), 4)
    return result


# Below 1e5, v × 10⁴ < 1e9, whose double spacing is 1.2e-7: the product is within 6e-8 of
# the exact one, far inside the slack.
_ROUND_RANGE = 1e5
_ROUND_SLACK = 1e-6


_join = "".join
