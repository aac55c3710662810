"""Ingest stage: a file on disk becomes a :class:`models.Document`.

Two paths share one model:

* **Text dumps** (``.txt``): decoded as UTF-8, falling back to cp1252/latin-1 only when
  the result still reads as Norwegian; odd spaces, soft hyphens, ligatures and dash
  variants are normalized *within* each line so line numbers stay those of the file.
  Pages are recovered from form feeds when the dump has them, otherwise from the
  dump's page-break pattern (see :func:`page_breaks`).
* **.docx**: :mod:`extract.docx`; **scanned PDFs** with ``Settings.ocr``: :mod:`extract.ocr`.
* **PDFs**: lines with bbox and words, and the ruled tables pdfplumber finds, per page.
  With ``Settings.pdf_text_engine == "fast"`` (the default) PDFium reads every page that
  cannot hold a ruled table (:mod:`extract.pdf_fast`, same lines as pdfplumber) and
  pdfplumber only the others; with ``"pdfplumber"`` pdfplumber reads every page. Either
  way pdfplumber reads one page at a time, each page closed in a ``finally`` (pdfplumber
  0.11's ``PDF.close()`` does not release pages already used).

Every way a file can be unusable raises :class:`IngestError` with a one-line message.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

from hplan.extract.settings import Settings
from hplan.models.document import Cell, Document, Line, Page, Source, Table, Word

SUPPORTED_SUFFIXES = {".txt": "text", ".pdf": "pdf", ".docx": "docx"}
# Formats we recognise but cannot read, with what the user can do instead.
UNREADABLE_SUFFIXES = {
    ".doc": "old binary Word file .doc: save it as .docx or PDF",
}


class IngestError(Exception):
    """A file cannot be converted; ``str(err)`` is a one-line reason for the user."""


class NoTextLayer(IngestError):
    """A PDF of page images (a scan): readable only by OCR (``--ocr``)."""


# --- text normalization -------------------------------------------------------------

# Character-for-character replacements; none of them adds or removes a line break.
_CHAR_MAP = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",  # figure space
    "\u2009": " ",  # thin space
    "\u200a": " ",  # hair space
    "\u202f": " ",  # narrow no-break space (used as thousands separator)
    "\u2002": " ",
    "\u2003": " ",
    "\u3000": " ",
    "\u00ad": "",  # soft hyphen: an invisible break opportunity, never text
    "\u200b": "",  # zero-width space
    "\ufeff": "",  # stray BOM
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2043": "-",
    "\u2212": "-",
    "\u2014": "–",  # em dash → en dash: one dash for ranges and title separators
    "\u2015": "–",
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    # Word's bullets in the Symbol/Wingdings fonts come out of PDFs as private-use code
    # points; they are bullets.
    "\uf0b7": "•",
    "\uf0a7": "▪",
    "\uf076": "•",
    "\uf0d8": "•",
    "\t": " ",
    "\r": "",
}
_TRANSLATE = str.maketrans(_CHAR_MAP)


def normalize_line(text: str) -> str:
    """Normalize odd characters inside one line (NFC, spaces, hyphens, ligatures)."""
    return unicodedata.normalize("NFC", text).translate(_TRANSLATE)


_NORWEGIAN = re.compile("[æøåÆØÅ]")
_MOJIBAKE = re.compile("Ã[¦¸¥†˜…]")


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text dump; returns (text, encoding)."""
    try:
        text = data.decode("utf-8-sig")
        # UTF-8 that was decoded as cp1252 once and saved again ("Ã¸" for "ø").
        if _MOJIBAKE.search(text):
            try:
                return text.encode("cp1252").decode("utf-8"), "utf-8 (repaired mojibake)"
            except UnicodeError:
                pass
        return text, "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # The check: a legacy-encoded Norwegian file has æ/ø/å; a file that is neither
        # UTF-8 nor Norwegian is more likely some other encoding we would garble.
        if _NORWEGIAN.search(text) or all(b < 0x80 for b in data):
            return text, encoding
    raise IngestError(
        f"not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}) "
        "and not recognisable as cp1252/latin-1 Norwegian text"
    )


_URL_LINE = re.compile(r"^\s*(https?://|www\.)\S+\s*$")


def page_breaks(raw_lines: list[str]) -> list[int]:
    """Page number (1-based) of each line of a text dump without form feeds.

    The dumps this project receives are PDF text extractions that end every page with
    the same pattern. The rule, checked against 000's table of contents:

    * a run of **three or more empty lines** (no characters at all; a line holding a
      single space is page content) separates two pages;
    * a page's link annotations are appended as **bare URL lines after an empty line**;
      such a URL line is the last line of its page, and the empty lines after it
      belong to the separator.
    """
    pages: list[int] = []
    page = 1
    empty_run = 0
    pending_break = False
    seen_text = False
    for i, line in enumerate(raw_lines):
        if line == "":
            empty_run += 1
            pages.append(page)
            continue
        if pending_break or empty_run >= 3:
            # No break before the document's first text.
            if seen_text:
                page += 1
            pending_break = False
        if _URL_LINE.match(line) and i > 0 and raw_lines[i - 1] == "":
            pending_break = True
        empty_run = 0
        seen_text = seen_text or bool(line.strip())
        pages.append(page)
    return pages


def _check_binary(data: bytes, settings: Settings) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise IngestError(f"binary content in a text file (NUL byte at offset {nul})")
    sample = data[:65536]
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if sample and control / len(sample) > settings.max_control_share:
        raise IngestError(
            f"binary content in a text file ({control} control bytes in the first {len(sample)})"
        )


def document_from_text(data: bytes, source: Source, settings: Settings) -> Document:
    _check_binary(data, settings)
    text, encoding = decode_text(data)
    source.encoding = encoding
    if not text.strip():
        raise IngestError("no text: the file holds only white space")
    raw_lines = text.split("\n")
    # A trailing newline ends the last line; it does not start another one.
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()
    if any("\f" in line for line in raw_lines):
        line_pages = []
        page = 1
        for i, line in enumerate(raw_lines):
            page += line.count("\f") if i or not line.startswith("\f") else 0
            line_pages.append(page)
        raw_lines = [line.replace("\f", "") for line in raw_lines]
    else:
        line_pages = page_breaks(raw_lines)
    lines = [
        Line(text=normalize_line(raw), page=line_pages[i], line=i + 1, index=i)
        for i, raw in enumerate(raw_lines)
    ]
    pages = pages_from_lines(lines, line_pages[-1] if line_pages else 1)
    return Document(source=source, lines=lines, pages=pages)


def pages_from_lines(lines: list[Line], n_pages: int) -> list[Page]:
    pages = [Page(number=n, first_line=0, last_line=-1) for n in range(1, n_pages + 1)]
    seen: set[int] = set()
    for line in lines:
        assert line.page is not None
        page = pages[line.page - 1]
        if line.page not in seen:
            page.first_line = line.index
            seen.add(line.page)
        page.last_line = line.index
    for page in pages:
        if page.number not in seen:
            # An empty page sits just after the previous one (first_line > last_line).
            prev = pages[page.number - 2].last_line if page.number > 1 else -1
            page.first_line, page.last_line = prev + 1, prev
    return pages


# --- PDF ---------------------------------------------------------------------------


def _pdf_error(err: Exception) -> IngestError:
    # pdfplumber wraps pdfminer's exception (PdfminerException(PDFPasswordIncorrect())):
    # look at the wrapped one for the real reason.
    inner = [a for a in err.args if isinstance(a, BaseException)]
    if inner:
        err = inner[0]  # type: ignore[assignment]
    name = type(err).__name__
    text = f"{name}: {err}".lower()
    if "password" in text or "encrypt" in text:
        return IngestError("encrypted PDF: it needs a password to open")
    msg = str(err).strip().splitlines()[0] if str(err).strip() else name
    return IngestError(f"corrupt PDF ({name}: {msg[:120]})")


def _reraise_if_not_the_files(err: Exception) -> None:
    """Re-raise what says nothing about the file: the per-file time limit expiring
    (extract.pipeline's FileTimeout, raised by a signal wherever the reader is) and
    running out of memory. The pipeline reports those itself. pdfplumber wraps what
    pdfminer raises (``PdfminerException(FileTimeout(...))``): the wrapped one counts."""
    pipeline = sys.modules.get("hplan.extract.pipeline")
    passing = (MemoryError, getattr(pipeline, "FileTimeout", MemoryError))
    for candidate in (err, *err.args, err.__cause__, err.__context__):
        if isinstance(candidate, passing):
            raise candidate


def _check_pdf_bytes(data: bytes) -> None:
    if not data.lstrip()[:5] == b"%PDF-":
        raise IngestError("not a PDF: the file does not start with %PDF-")
    if b"%%EOF" not in data[-2048:]:
        raise IngestError("truncated PDF: no %%EOF marker at the end of the file")


def _finish_pdf(
    source: Source,
    lines: list[Line],
    pages: list[Page],
    n_chars: int,
    n_images: int,
    settings: Settings,
) -> Document:
    if not pages:
        raise IngestError("corrupt PDF: no pages")
    if n_chars < settings.min_chars_per_pdf:
        if n_images:
            from hplan.extract.ocr import HOW_TO_ENABLE

            raise NoTextLayer(
                f"no text layer ({len(pages)} page(s) of images): scanned PDF, OCR is needed: "
                + HOW_TO_ENABLE
            )
        raise IngestError(f"no text in the PDF ({len(pages)} page(s))")
    doc = Document(source=source, lines=lines, pages=pages)
    doc.tables = [t for page in pages for t in page.tables]
    return doc


def _plumber_page(
    page: Any, number: int, lines: list[Line], table_id: int, settings: Settings
) -> tuple[Page, int, int, int]:
    """Read one pdfplumber page: its lines (appended to ``lines``) with bbox and words,
    and its ruled tables. Returns (page, chars, images, next table_id). The caller
    closes the page."""
    first = len(lines)
    n_chars = len(page.chars)
    n_images = len(page.images)
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    text_lines = page.extract_text_lines(strip=True, return_chars=False)
    for i, tl in enumerate(text_lines, 1):
        top, bottom = tl["top"], tl["bottom"]
        line_words = [
            Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"])
            for w in words
            if top - 1 <= (w["top"] + w["bottom"]) / 2 <= bottom + 1
        ]
        lines.append(
            Line(
                text=normalize_line(tl["text"]),
                page=number,
                line=i,
                index=len(lines),
                bbox=(tl["x0"], top, tl["x1"], bottom),
                words=line_words,
            )
        )
    page_tables = []
    for table in page.find_tables(settings.table_settings):
        page_words = [w for ln in lines[first:] for w in (ln.words or [])]
        page_tables.append(_plumber_table(table, table_id, number, lines[first:], page_words))
        table_id += 1
    result = Page(
        number=number,
        first_line=first,
        last_line=len(lines) - 1,
        width=float(page.width),
        height=float(page.height),
        tables=page_tables,
    )
    return result, n_chars, n_images, table_id


def _boundaries(values: list[float], tolerance: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _nearest(bounds: list[float], v: float) -> int:
    return min(range(len(bounds)), key=lambda k: abs(bounds[k] - v))


# A word broken inside a narrow cell (no room for it on one line) stands alone on its line
# and fills at least this share of the cell's width.
BROKEN_WORD_FILL = 0.75
# Words that stand on their own: a line starting with one continues after a space.
_FREE_WORDS = frozenset(
    {"og", "i", "av", "for", "til", "med", "på", "som", "er", "at", "det", "en", "et"}
    | {"ei", "de", "å", "om", "fra", "frå", "ved", "eller", "men", "innen"}
)


def _cell_lines(
    text: str, box: tuple[float, float, float, float], words: list[Word]
) -> tuple[str, tuple[int, ...]]:
    """The cell's text with words that a narrow cell broke mid-word joined again
    ("Boligbyggerd" / "ialog" → "Boligbyggerdialog", "Rindal/" / "Holtålen"), and the
    line breaks that are soft wraps (the next word would not have fitted)."""
    parts = text.split("\n")
    if len(parts) < 2:
        return text, ()
    inside = [
        w
        for w in words
        if box[0] - 1 <= (w.x0 + w.x1) / 2 <= box[2] + 1
        and box[1] - 1 <= (w.top + w.bottom) / 2 <= box[3] + 1
    ]
    rows: list[list[Word]] = []
    for w in sorted(inside, key=lambda w: (round(w.top), w.x0)):
        if rows and abs(rows[-1][0].top - w.top) <= 2:
            rows[-1].append(w)
        else:
            rows.append([w])
    known = len(rows) == len(parts)
    pad = min((r[0].x0 for r in rows), default=box[0]) - box[0]
    out = [parts[0]]
    soft: list[int] = []
    for k in range(1, len(parts)):
        prev, part = out[-1].strip(), parts[k].strip()
        wrapped = False
        broken = False
        if known and prev and part:
            last, nxt = rows[k - 1], rows[k][0]
            char = sum(w.x1 - w.x0 for w in last) / max(1, sum(len(w.text) for w in last))
            # The next line's first word would not have fitted after this line.
            wrapped = last[-1].x1 + 0.3 * char + (nxt.x1 - nxt.x0) > box[2] - pad + 1
            if wrapped and len(last) == 1 and prev[-1:].isalpha() and part[:1].islower():
                word = last[0]
                # The word reaches the right edge of the cell's text area (the cell's
                # padding is what its left-most line leaves on the left).
                slack = (box[2] - word.x1) - pad
                broken = (
                    word.x1 - word.x0 >= BROKEN_WORD_FILL * (box[2] - word.x0 - pad)
                    and slack <= 1.2 * char
                    and part.split()[0].casefold() not in _FREE_WORDS
                    and not _both_words(prev, part.split()[0])
                )
        if broken or (prev.endswith("/") and part[:1].isalpha()):
            out[-1] = out[-1] + part
            continue
        if wrapped:
            soft.append(len(out))
        out.append(part)
    return "\n".join(out), tuple(soft)


def _both_words(fragment: str, continuation: str) -> bool:
    """Both pieces are words of their own (lemma tables): a wrap at a space, not a
    broken word ("grunnlagene" / "foreligger")."""
    from hplan.normalize.lemmas import store

    return all(store().is_word(w.casefold()) for w in (fragment, continuation))


def _plumber_table(
    table: Any, table_id: int, number: int, page_lines: list[Line], words: list[Word]
) -> Table:
    """pdfplumber's ruled table as a :class:`Table`: each cell's grid position and span
    come from its bbox against the table's column and row edges."""
    texts = table.extract()
    boxes = [row.cells for row in table.rows]
    xs = _boundaries([v for row in boxes for c in row if c for v in (c[0], c[2])])
    ys = _boundaries([v for row in boxes for c in row if c for v in (c[1], c[3])])
    cells: list[Cell] = []
    for r, row in enumerate(boxes):
        for k, box in enumerate(row):
            if box is None:
                continue
            text = texts[r][k] if r < len(texts) and k < len(texts[r]) else None
            c0, c1 = _nearest(xs, box[0]), _nearest(xs, box[2])
            r0, r1 = _nearest(ys, box[1]), _nearest(ys, box[3])
            line = next(
                (
                    ln.index
                    for ln in page_lines
                    if ln.bbox
                    and box[1] - 1 <= (ln.bbox[1] + ln.bbox[3]) / 2 <= box[3] + 1
                    and any(box[0] - 1 <= (w.x0 + w.x1) / 2 <= box[2] + 1 for w in (ln.words or []))
                ),
                None,
            )
            bbox = (float(box[0]), float(box[1]), float(box[2]), float(box[3]))
            cell_text, soft = _cell_lines(normalize_line(text), bbox, words) if text else ("", ())
            cells.append(
                Cell(
                    text=cell_text,
                    soft_breaks=soft,
                    row=r0,
                    col=c0,
                    row_span=max(1, r1 - r0),
                    col_span=max(1, c1 - c0),
                    bbox=bbox,
                    line=line,
                )
            )
    x0, t0, x1, b0 = table.bbox
    inside = [
        ln for ln in page_lines if ln.bbox and t0 - 1 <= (ln.bbox[1] + ln.bbox[3]) / 2 <= b0 + 1
    ]
    for ln in inside:
        ln.table_id = table_id
    return Table(
        table_id=table_id,
        page=number,
        cells=cells,
        n_rows=max(1, len(ys) - 1),
        n_cols=max(1, len(xs) - 1),
        source="pdf",
        bbox=(float(x0), float(t0), float(x1), float(b0)),
        first_line=inside[0].index if inside else None,
        last_line=inside[-1].index if inside else None,
    )


def _open_plumber(path: Path) -> tuple[Any, list[Any]]:
    import pdfplumber  # heavy import kept out of CLI start-up

    try:
        pdf = pdfplumber.open(path)
    except Exception as err:  # pdfminer raises many unrelated types for bad files
        _reraise_if_not_the_files(err)
        raise _pdf_error(err) from err
    try:
        return pdf, pdf.pages
    except Exception as err:
        pdf.close()
        _reraise_if_not_the_files(err)
        raise _pdf_error(err) from err


def _read_plumber_page(
    pdf_pages: list[Any], number: int, lines: list[Line], table_id: int, settings: Settings
) -> tuple[Page, int, int, int]:
    page = pdf_pages[number - 1]
    try:
        return _plumber_page(page, number, lines, table_id, settings)
    except IngestError:
        raise
    except Exception as err:
        _reraise_if_not_the_files(err)
        raise _pdf_error(err) from err
    finally:
        page.close()


def document_from_pdf(path: Path, data: bytes, source: Source, settings: Settings) -> Document:
    """A PDF as a Document, with the engine ``settings.pdf_text_engine`` names."""
    _check_pdf_bytes(data)
    engine = settings.pdf_text_engine
    if engine not in ("fast", "pdfplumber"):
        raise ValueError(f"unknown pdf_text_engine {engine!r}: expected 'fast' or 'pdfplumber'")
    from hplan.extract.ocr import document_from_scan, read_pages_without_text

    try:
        if engine == "fast":
            doc = _document_from_pdf_fast(path, data, source, settings)
        else:
            doc = _document_from_pdf_plumber(path, source, settings)
    except NoTextLayer:
        if not settings.ocr:
            raise
        return document_from_scan(data, source, settings)
    return read_pages_without_text(doc, data, settings)


def _document_from_pdf_plumber(path: Path, source: Source, settings: Settings) -> Document:
    """pdfplumber, page by page, each page closed in a ``finally`` inside the loop
    (pdfplumber 0.11's ``PDF.close()`` does not release pages already used)."""
    lines: list[Line] = []
    pages: list[Page] = []
    n_chars = 0
    n_images = 0
    table_id = 0
    pdf, pdf_pages = _open_plumber(path)
    try:
        for number in range(1, len(pdf_pages) + 1):
            page, chars, images, table_id = _read_plumber_page(
                pdf_pages, number, lines, table_id, settings
            )
            n_chars += chars
            n_images += images
            pages.append(page)
    finally:
        pdf.close()
    return _finish_pdf(source, lines, pages, n_chars, n_images, settings)


def _document_from_pdf_fast(
    path: Path, data: bytes, source: Source, settings: Settings
) -> Document:
    """PDFium for the pages that cannot hold a ruled table, pdfplumber (as in
    :func:`_document_from_pdf_plumber`) for the others; see :mod:`extract.pdf_fast`.

    A file PDFium cannot open is handed to pdfplumber whole, so a broken file fails
    with pdfminer's reason, exactly as with the pdfplumber engine. The page numbers
    pdfplumber read are left in ``doc.annotations["pdfplumber_pages"]``.
    """
    from hplan.extract import pdf_fast

    try:
        pdf = pdf_fast.open_pdf(data)
    except pdf_fast.PdfOpenError as err:
        if err.password:
            raise IngestError("encrypted PDF: it needs a password to open") from err
        return _document_from_pdf_plumber(path, source, settings)
    if len(pdf) == 0:  # PDFium found no page: let pdfminer give its reason
        pdf_fast.close_pdf(pdf)
        return _document_from_pdf_plumber(path, source, settings)
    lines: list[Line] = []
    pages: list[Page] = []
    plumber_pages: list[int] = []
    n_chars = 0
    n_images = 0
    table_id = 0
    plumber: tuple[Any, list[Any]] | None = None
    try:
        descents = pdf_fast.font_descents(data)
    except Exception as err:  # pdfminer's many error types: PDFium's descents serve then
        _reraise_if_not_the_files(err)
        descents = {}
    try:
        n_pages = len(pdf)
        for number in range(1, n_pages + 1):
            try:
                fast = pdf_fast.read_page(pdf, number - 1, settings.table_settings, descents)
            except pdf_fast.pdfium.PdfiumError:
                fast = None
            if fast is None or fast.lines is None:
                if plumber is None:
                    plumber = _open_plumber(path)
                if number > len(plumber[1]):
                    raise IngestError(
                        f"corrupt PDF (page {number} of {n_pages} not found by pdfminer)"
                    )
                page, chars, images, table_id = _read_plumber_page(
                    plumber[1], number, lines, table_id, settings
                )
                plumber_pages.append(number)
            else:
                first = len(lines)
                for i, fl in enumerate(fast.lines, 1):
                    lines.append(
                        Line(
                            text=normalize_line(fl.text),
                            page=number,
                            line=i,
                            index=len(lines),
                            bbox=fl.bbox,
                            words=fl.words,
                        )
                    )
                page_lines = lines[first:]
                page_words = [w for ln in page_lines for w in (ln.words or [])]
                page_tables = []
                for table in fast.tables:
                    page_tables.append(
                        _plumber_table(table, table_id, number, page_lines, page_words)
                    )
                    table_id += 1
                page = Page(
                    number=number,
                    first_line=first,
                    last_line=len(lines) - 1,
                    width=fast.width,
                    height=fast.height,
                    tables=page_tables,
                )
                chars, images = fast.n_chars, fast.n_images
            n_chars += chars
            n_images += images
            pages.append(page)
    finally:
        if plumber is not None:
            plumber[0].close()
        pdf_fast.close_pdf(pdf)
    doc = _finish_pdf(source, lines, pages, n_chars, n_images, settings)
    doc.annotations["pdfplumber_pages"] = plumber_pages
    return doc


# --- entry point -------------------------------------------------------------------


def describe_size(n: int) -> str:
    """A file size as people say it: MB with one decimal, kB below 0.1 MB ("48.8 kB", not
    "0.0 MB")."""
    if n < 102_400:
        return f"{n / 1024:.1f} kB"
    return f"{n / (1024 * 1024):.1f} MB"


def read_source(path: Path, settings: Settings) -> tuple[bytes, Source]:
    suffix = path.suffix.lower()
    extractor = SUPPORTED_SUFFIXES.get(suffix)
    if suffix in UNREADABLE_SUFFIXES:
        raise IngestError(UNREADABLE_SUFFIXES[suffix])
    if extractor is None:
        shown = suffix or "(no extension)"
        raise IngestError(f"unsupported file type {shown}: expected .txt, .pdf or .docx")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise IngestError("cannot read: no such file") from None
    except OSError as err:
        raise IngestError(f"cannot read: {err.strerror or err}") from None
    if path.is_dir():
        raise IngestError("cannot read: it is a folder")
    if size > settings.max_file_bytes:
        raise IngestError(
            f"file is {describe_size(size)}, over the {describe_size(settings.max_file_bytes)}"
            " size limit (--max-size)"
        )
    if size == 0:
        raise IngestError("empty file (0 bytes)")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(f"cannot read: {err.strerror or err}") from None
    sha = hashlib.sha256(data).hexdigest()
    source = Source(
        path=os.fspath(path), sha256=sha, doc_id=sha[:12], extractor=extractor, size=size
    )
    return data, source


def load_document(path: str | os.PathLike[str], settings: Settings | None = None) -> Document:
    """Read one file into the document model, or raise :class:`IngestError`."""
    settings = settings or Settings()
    path = Path(path)
    data, source = read_source(path, settings)
    if source.extractor == "pdf":
        return document_from_pdf(path, data, source, settings)
    if source.extractor == "docx":
        from hplan.extract.docx import document_from_docx

        return document_from_docx(data, source)
    return document_from_text(data, source, settings)
