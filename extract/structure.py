"""Structure stage: table of contents, delmål and the section tree.

Three outputs, all on the :class:`~models.document.Document`:

* ``doc.toc_entries`` — one :class:`TocEntryRecord` per entry of the table of contents,
  matched against the headings of the body;
* ``doc.delmal`` — one :class:`DelmalRecord` per delmål headed in the body (or, in a case
  document about a plan, per prioritised delmål listed as bullets);
* ``doc.sections`` — the section tree (chapters, delmål, tiltak) that later stages query
  with :meth:`Document.place` to learn which delmål/tiltak a line belongs to.

Rules
=====

Table of contents
-----------------
* The ToC starts at a line that is only "Innholdsfortegnelse", "Innhold", "Innhald" or
  "Innholdsbeskrivelse"
  (and a few spelling variants, :data:`TOC_HEADERS`) and is followed by at least two entries.
* An entry is a line that ends in a page number behind a dot leader ("..... 5", "....11",
  " .22": a single dot counts when a space precedes it) or behind two or more spaces.
* A line without a page number whose next non-blank line is an entry is the first half
  of a wrapped entry (000 lines 150-151); both halves are joined with one space.
* The ToC ends at the first non-blank line that is neither an entry nor the first half of
  one (000: the body heading "1. Introduksjon").
* The page may also follow "side"/"s" ("Innledning side 3", ". . . s 7"), be glued to a
  final full stop ("… kommune.2"), or follow one space in a numbered entry ("1. Mål 3").
* A contents list whose first entry has no page is read as a list without pages: each
  entry is a numbered line ("2.1 Prosessbeskrivelse") or a line in capitals, on
  consecutive lines (a blank line ends it).
* Number and kind come from the entry's start: "Delmål N" → delmal; "Tverrgående tiltak"
  → delmal without number; "d.n" / "d.n." / "Tn" / "Tiltak N" → tiltak (level 2);
  "N." / "N" → chapter (number printed without its list dot); "Kapittel N", "Del B" →
  chapter; "1.1.1" → chapter at the depth of its number; anything else → other. An entry's
  kind comes from the document's own structure: "d.n" is a tiltak only when the contents
  list delmål; in a kommuneplan or a report it is a chapter of level 2.

Contents run together on one line (transcripts of PDFs)
-------------------------------------------------------
When no contents header stands alone, a line that starts with one (after the page marker
a transcript puts first: "2 INNHOLD Innledning side 3 Planarbeidet side 7 …") holds the
whole list. The page's own number (a trailing number equal to the leading marker), its
folio ("Side 2 av 28") and a running footer (text that stands before "Side N" on at least
two pages) are dropped first. Then, in this order:

* **entries in capitals among mixed-case sub-entries** (at least three runs of capitals
  and mixed-case words between them): each run of capitals is an entry, with a number
  printed before it ("1.", "PROGRAM 1.", "DEL A."); a section name that stands alone
  ("VEDLEGG", "FORORD", :data:`STANDALONE_SECTIONS`) starts an entry of its own, and the
  mixed-case sub-entries, which cannot be split without guessing, are left out;
* **numbered entries** ("1. Forord 2. Innledning 2.1 Prosessbeskrivelse …"): a number
  starts an entry when it can follow the one before (next sibling, first child, or next
  of a parent) and does not stand behind a leader (there it is a page); the list goes on
  on the next page's line when its first number follows the last one;
* **entries with pages** behind a leader, "side" or "s" ("Innledning... 3 Formål... 4");
  after the last page, entries that lost their page are split at capitalised words
  ("Ressurser Næringsfond Tiltaksplan").

The headings of such a transcript are run together too, so one ``toc_missing_in_body``
check covers all its entries that have no heading of their own.

Body headings (one pass over the lines after the ToC, with state)
----------------------------------------------------------------
Skipped: the ToC, and overview tables that run from a "Delmål Tiltak Beløp" header to
their "Total"/"Sum" row (001 lines 105-167).

"Followed by a blank line" means an empty line in a text dump and, for PDFs (whose lines
never are empty), a vertical gap of more than half a line height
(``settings.structure.pdf_blank_gap``).

* **Delmål**: "Delmål N Title" / "Delmål N: Title" with a capitalised title, followed by a
  blank line, N larger than the previous delmål's. A colon followed by three or more
  spaces is a table column gap, not a heading ("Delmål 1:      Rekruttering ...").
  "Tverrgående tiltak" / "Tverrgåande tiltak" alone on its line is delmål "T".
* **Tiltak**: only inside a delmål section, the title capitalised, followed by a blank
  line, and numbered increasingly within the delmål:
  "d.n Title" / "d.n. Title" where d is the enclosing delmål's number; "Tn Title" under
  "Tverrgående tiltak"; "Tiltak N Title" / "Tiltak N: Title" (delmål = the enclosing one).
  Rows of the tiltak tables ("1 Strategi for bruk av") have a bare number and are never
  headings; neither is prose such as "Tiltak 2 dreier seg om ..." (lowercase after N).
* **Chapters** "N. Title" are told from enumerated lists by following the numbering:
  each numbered line either continues the open list (its number is the list's last + 1
  and it stands at most ``list_gap`` lines after the previous item), or is the next
  chapter (number 1 for the first chapter, afterwards one or two above the last chapter,
  a short capitalised title without final punctuation, not right after a line ending in
  ":" (which announces a list), and no item numbered one above/below within
  ``tight_run`` non-blank lines), or starts a new list. So the
  intro's "1. Øke boligbygging ..." list (000 lines 205-211), "1. Sammenfatte hva vi vet"
  (001 line 620) and 001's "4. Overordnet kommuneplanlegging" (item 4 of a list, line 1878)
  are list items, while "4. Organisering" (000) and "4. Overordnet organisering" (001)
  continue the chapters. Numbered lines with a lowercase title ("1. oktober 2023") are
  sentence wraps and ignored.
* A heading whose next non-blank line (at most one blank line away) starts in lowercase,
  is short and is followed by a blank line continues onto that line ("5.3 ... bevaring av
  / gårdsbruk i drift"); where the ToC has the entry, the ToC title decides the join.
* Every ToC entry that the rules above did not find is looked up by its full text
  ("Handlingsplanen er godkjent av") and, when found as a line of its own, becomes a
  heading too (unnumbered entries become chapter-level sections).

Sections
--------
A chapter runs to the next chapter; a delmål to the next delmål or chapter; a tiltak to
the next tiltak, delmål or chapter (each up to the line before it; the last to the end).

Case documents
--------------
A saksframlegg that lists its prioritised delmål as bullets after "prioritert tre delmål"
(004) gets delmål "1", "2", ... in bullet order (no sections: it has no delmål chapters).

Checks
------
``toc_missing_in_body`` (an entry without body heading), ``heading_missing_in_toc`` (a
delmål/tiltak heading the ToC lacks; only when there is a ToC), ``toc_page_mismatch``
(printed page ≠ page of the heading), ``toc_title_mismatch`` (same number, other wording)
and ``delmal_count_mismatch`` (a case says "tre delmål" but lists another number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hplan.extract.settings import Settings, StructureSettings
from hplan.models.document import Document, Line, Section
from hplan.models.records import DelmalRecord, TocEntryRecord

# ---------------------------------------------------------------------------------------
# Vocabularies and thresholds (extend here)
# ---------------------------------------------------------------------------------------

TOC_HEADERS: frozenset[str] = frozenset(
    {
        "innholdsfortegnelse",
        "innhaldsliste",
        "innholdsliste",
        "innhold",
        "innhald",
        "innholdsoversikt",
        "innhaldsoversikt",
        "innholdsbeskrivelse",
    }
)

NUMBER_WORDS: dict[str, int] = {
    "to": 2,
    "tre": 3,
    "fire": 4,
    "fem": 5,
    "seks": 6,
    "sju": 7,
    "syv": 7,
    "åtte": 8,
    "ni": 9,
    "ti": 10,
}

# ---------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------

# Page number behind a dot leader (two or more dots, or one dot after a space: 000 has
# "drosjemeldinga .22") or behind a gap of two or more spaces.
_TOC_ENTRY = re.compile(
    r"^(?P<body>.*?\S)(?:\s*\.{2,}|\s+\.+|\s*…+|\s{2,})\s*(?P<page>\d{1,3})\s*$"
)
# Other ways an entry's page is printed: "Innledning side 3", ". . . s 7", "kommune.2"
# (glued to a final full stop), and "1. Title 3" (a numbered entry, one space).
_TOC_ENTRY_MORE = (
    re.compile(
        r"^(?P<body>.*?[^\W\d_)])(?:\s+(?:side|s\.?)|(?:\s*\.){2,}\s*(?:s\.?)?)\s*"
        r"(?P<page>\d{1,3})\s*$",
        re.I,
    ),
    re.compile(r"^(?P<body>.*?[^\W\d_])\.(?P<page>\d{1,3})\s*$"),
    re.compile(r"^(?P<body>\d{1,2}(?:\.\d{1,2}){0,2}\.?\s+\S.*?[^\W\d_)])\s(?P<page>\d{1,3})\s*$"),
)
# The last line of a wrapped entry when the leader itself went to a new line: ". . . 15".
_TOC_LEADER_ONLY = re.compile(r"^\s*(?:(?:\.\s?){2,}|…+)\s*(?P<page>\d{1,3})\s*$")
# An entry printed without a page: numbered ("2.1 Prosessbeskrivelse") or in capitals.
_TOC_PAGELESS = re.compile(
    r"^\s*(?P<body>\d{1,2}(?:\.\d{1,2}){0,2}\.?\s+[A-ZÆØÅ].*?|[^a-zæøå]*[A-ZÆØÅ]{3}[^a-zæøå]*)\s*$"
)
_TOC_KAPITTEL = re.compile(
    r"^(?P<num>(?:Kapittel|Kap\.|Del)\s+(?:\d{1,2}|[A-ZÆØÅ]|[IVX]{1,4}))[.:]?\s+"
    r"(?P<title>\S.*)$"
)
_TOC_SECTION = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,2})\.?\s+(?P<title>\S.*)$")

_DELMAL = re.compile(
    r"^\s*(?P<word>Delm[åa]l)\s+(?P<no>\d{1,2})(?P<colon>\s*:)?(?P<gap>\s+)(?P<title>\S.*?)\s*$"
)
_TVERRGAENDE = re.compile(r"^\s*(?P<title>tverrg(?:å|aa)(?:e|a)nde\s+tiltak)\s*:?\s*$", re.I)
_TILTAK_DN = re.compile(r"^\s*(?P<num>(?P<d>\d{1,2})\.(?P<n>\d{1,2})\.?)\s+(?P<title>\S.*?)\s*$")
_TILTAK_T = re.compile(r"^\s*(?P<num>T(?P<n>\d{1,2}))\.?\s+(?P<title>\S.*?)\s*$")
_TILTAK_WORD = re.compile(
    r"^\s*(?P<num>Tiltak\s+(?P<n>\d{1,2}))(?:\s*:\s*|\s+)(?P<title>\S.*?)\s*$"
)
_NUMBERED = re.compile(r"^\s*(?P<n>\d{1,2})\.\s+(?P<title>\S.*?)\s*$")
_TOC_CHAPTER = re.compile(r"^(?P<n>\d{1,2})\.?\s+(?P<title>\S.*)$")

_OVERVIEW_HEADER = re.compile(r"^\s*Delm[åa]l\s+Tiltak\b", re.I)
_OVERVIEW_END = re.compile(r"^\s*(?:Total|Sum)\b", re.I)
_OVERVIEW_SUBTOTAL = re.compile(r"^\s*Til\s+sammen\b", re.I)
_OVERVIEW_ROW = re.compile(r"^\s*(?:Delm[åa]l\s+\d|(?:Total|Sum)\b)", re.I)
_MONEY = re.compile(r"\d[\d .]*\s*(?:kr\b|kroner\b|,-)", re.I)

_PRIORITISED = re.compile(
    r"\bprioriter\w*\s+(?:(?P<count>\d+|" + "|".join(NUMBER_WORDS) + r")\s+)?delm[åa]l\b",
    re.I,
)
# A dash or star is a bullet only with a space after it ("-2025" is not a list item).
_BULLET = re.compile(r"^\s*(?:[•▪◦●]\s*|[·\-–*]\s+)(?P<text>\S.*?)\s*$")


# ---------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------


def _ws(text: str) -> str:
    return " ".join(text.split())


def _norm(text: str) -> str:
    """Comparison key of a heading: casefolded, one dash, one space, no end punctuation."""
    text = text.replace("–", "-").replace("—", "-")
    return _ws(text).casefold().rstrip(" .:")


def _capitalised(title: str) -> bool:
    first = title.lstrip("«\"'(")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def _next_nonblank(lines: list[Line], i: int, limit: int | None = None) -> int | None:
    """Index of the first non-blank line after ``i`` (at most ``limit`` lines on)."""
    stop = len(lines) if limit is None else min(len(lines), i + 1 + limit)
    for j in range(i + 1, stop):
        if not lines[j].is_blank:
            return j
    return None


def _followed_by_blank(lines: list[Line], i: int, chosen: StructureSettings) -> bool:
    """Whether line ``i`` ends a block: an empty line (text dumps) or a gap (PDFs) follows.

    In the text dumps a heading stands alone: the line after it is empty (or the end).
    """
    if i + 1 >= len(lines) or lines[i + 1].is_blank:
        return True
    here, nxt = lines[i], lines[i + 1]
    if here.bbox is None or nxt.bbox is None:
        return False
    if nxt.page != here.page:
        return True
    height = here.bbox[3] - here.bbox[1]
    # A heading set larger than the text under it ends its block even without a gap.
    if height > chosen.pdf_heading_size * (nxt.bbox[3] - nxt.bbox[1]):
        return True
    return nxt.bbox[1] - here.bbox[3] > chosen.pdf_blank_gap * height


# ---------------------------------------------------------------------------------------
# Table of contents
# ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _TocItem:
    seq: int
    level: int
    number: str | None
    kind: str
    title: str
    page: int | None
    index: int  # line index of the entry (its last line when wrapped)
    first_index: int  # line index of its first line
    key: tuple[str, ...] | None  # matching key against body headings

    @property
    def full_text(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


def _classify_toc(
    body: str, current_delmal: str | None
) -> tuple[int, str | None, str, str, tuple[str, ...] | None]:
    """(level, number, kind, title, key) of a ToC entry's text without its page number."""
    body = _ws(body)
    if m := _DELMAL.match(body):
        no = m.group("no")
        return 1, f"{m.group('word')} {no}", "delmal", m.group("title"), ("delmal", no)
    if m := _TVERRGAENDE.match(body):
        return 1, None, "delmal", body, ("delmal", "T")
    if m := _TILTAK_DN.match(body):
        return 2, m.group("num"), "tiltak", m.group("title"), ("tiltak", m.group("d"), m.group("n"))
    if m := _TILTAK_T.match(body):
        return 2, m.group("num"), "tiltak", m.group("title"), ("tiltak", "T", m.group("n"))
    if m := _TILTAK_WORD.match(body):
        num = _ws(m.group("num"))
        key = ("tiltak", current_delmal, m.group("n")) if current_delmal else None
        return 2, num, "tiltak", m.group("title"), key
    if m := _TOC_CHAPTER.match(body):
        return 1, m.group("n"), "chapter", m.group("title"), ("chapter", m.group("n"))
    if m := _TOC_KAPITTEL.match(body):
        return 1, _ws(m.group("num")), "chapter", m.group("title"), None
    if m := _TOC_SECTION.match(body):
        num = m.group("num")
        return num.count(".") + 1, num, "chapter", m.group("title"), None
    return 1, None, "other", body, None


def _entry_match(text: str) -> tuple[str, int] | None:
    """(text without page, page) of a ToC line that ends in its page number."""
    text = text.rstrip()
    for pattern in (_TOC_ENTRY, *_TOC_ENTRY_MORE):
        m = pattern.match(text)
        if m and re.search(r"[^\W\d_]", m.group("body")):
            return m.group("body"), int(m.group("page"))
    return None


# "Innledning 3": a title and its page after one space, with nothing else to tell it from
# a sentence ending in a number; taken only where the pages rise.
_TOC_WEAK = re.compile(r"^\s*(?P<body>[A-ZÆØÅ0-9][^.!?]{0,100}?[^\W\d_)])\s(?P<page>\d{1,3})\s*$")


# "5.1 … jord- og konsesjonslov24": a numbered entry whose title filled the line, so the
# leader has no dots and the page is glued to the last word; taken only where the pages
# rise and the next entry's page is not lower.
_TOC_GLUED = re.compile(
    r"^\s*(?P<body>\d{1,2}(?:\.\d{1,2}){0,2}\.?\s+\S.*?[^\W\d_])(?P<page>\d{1,3})\s*$"
)


def _weak_entry(
    text: str, last_page: int, next_page: int | None, chosen: StructureSettings
) -> tuple[str, int] | None:
    m = _TOC_WEAK.match(text) or _TOC_GLUED.match(text)
    if m is None or len(m.group("body").split()) > chosen.max_toc_title_words:
        return None
    page = int(m.group("page"))
    if m.re is _TOC_GLUED and (next_page is None or page > next_page):
        return None
    return (m.group("body"), page) if page >= max(last_page, 1) else None


def _pageless_entry(text: str, chosen: StructureSettings) -> str | None:
    """A ToC line without a page: numbered, or a title in capitals; short, no full stop."""
    m = _TOC_PAGELESS.match(text)
    if m is None:
        return None
    body = _ws(m.group("body"))
    if len(body.split()) > chosen.max_toc_title_words or body.endswith((".", ",", ";")):
        return None
    return body


def _kinds_from_structure(items: list[_TocItem]) -> None:
    """ "1.1" is a tiltak only in a plan whose contents have delmål; elsewhere a section."""
    if any(item.kind == "delmal" for item in items):
        return
    for item in items:
        if item.kind == "tiltak" and item.number and _TILTAK_DN.match(f"{item.number} x"):
            item.kind = "chapter"
            item.level = 2
            item.key = None


def _entry_follows(lines: list[Line], i: int, within: int) -> bool:
    """Whether a ToC entry line (with page number) comes within ``within`` lines."""
    j = i
    for _ in range(within):
        nxt = _next_nonblank(lines, j)
        if nxt is None:
            return False
        if _entry_match(lines[nxt].text) is not None or _TOC_LEADER_ONLY.match(lines[nxt].text):
            return True
        j = nxt
    return False


def _parse_toc(lines: list[Line], chosen: StructureSettings) -> tuple[list[_TocItem], range]:
    """ToC entries and the span of line indexes the ToC occupies (empty when none)."""
    for start, line in enumerate(lines):
        if _norm(line.text) not in TOC_HEADERS:
            continue
        items: list[_TocItem] = []
        pending: list[int] = []
        current_delmal: str | None = None
        end = start
        i = start + 1
        while i < len(lines):
            text = lines[i].text
            # A bare number is the page's footer (PDFs), never part of an entry.
            if lines[i].is_blank or text.strip().isdigit():
                if lines[i].is_blank and items and all(item.page is None for item in items):
                    break  # entries without pages stand on consecutive lines
                i += 1
                continue
            hit = _entry_match(text)
            leader = _TOC_LEADER_ONLY.match(text) if pending else None
            if hit is None and leader is not None:
                # The page of a wrapped entry on a line of its own, behind its leader.
                hit = ("", int(leader.group("page")))
            if hit is None and not pending:
                last_page = next((it.page for it in reversed(items) if it.page), 0)
                nxt = _next_nonblank(lines, i)
                following = _entry_match(lines[nxt].text) if nxt is not None else None
                hit = _weak_entry(text, last_page, following[1] if following else None, chosen)
            pageless = None
            if hit is None and not pending and all(item.page is None for item in items):
                # A contents list without pages: every entry stands alone on its line.
                pageless = _pageless_entry(text, chosen)
                if pageless is not None and _entry_follows(lines, i, 2) and not items:
                    pageless = None  # the first line of a wrapped entry with a page
            if hit is not None or pageless is not None:
                body, page = hit if hit is not None else (pageless, None)
                parts = [lines[j].text for j in pending] + [body]
                level, number, kind, title, key = _classify_toc(" ".join(parts), current_delmal)
                if kind == "delmal" and key:
                    current_delmal = key[1]
                elif kind in ("chapter", "other"):
                    current_delmal = None
                items.append(
                    _TocItem(
                        seq=len(items) + 1,
                        level=level,
                        number=number,
                        kind=kind,
                        title=_ws(title).rstrip(" .:"),
                        page=page,
                        index=i,
                        first_index=pending[0] if pending else i,
                        key=key,
                    )
                )
                pending = []
                end = i
                i += 1
                continue
            # A line without page number starts (or continues) a wrapped entry only when
            # the entry's last line, with the page number, follows within a few lines: a
            # PDF wraps a long entry over three lines where the text dump had two.
            if len(pending) < chosen.toc_max_wrapped_lines - 1 and _entry_follows(
                lines, i, chosen.toc_max_wrapped_lines - 1 - len(pending)
            ):
                pending.append(i)
                i += 1
                continue
            break
        if len(items) >= 2:
            _kinds_from_structure(items)
            return items, range(start, end + 1)
    return _parse_runon_toc(lines, chosen)


# ---------------------------------------------------------------------------------------
# Contents run together on one line (transcripts of PDFs: "2 INNHOLD Innledning side 3 …")
# ---------------------------------------------------------------------------------------

_RUNON_HEADER = re.compile(
    r"^\s*(?:(?P<marker>\d{1,3})\s+)?(?P<head>"
    + "|".join(sorted(TOC_HEADERS, key=len, reverse=True))
    + r")\s*:?\s+(?P<rest>\S.*?)\s*$",
    re.I,
)
_PAGE_MARKER = re.compile(r"^\s*(?P<marker>\d{1,3})\s+(?P<rest>\S.*?)\s*$")
# A page's own footer: "Side 2 av 28" always; "… Side 2" when a running title precedes it.
_FOLIO_OF = re.compile(r"\s+Side\s+\d{1,3}\s+av\s+\d{1,3}\s*$")
_FOLIO = re.compile(r"^(?P<before>.*?)\s+Side\s+\d{1,3}\s*$")
# Entry numbers inside a run: "2.", "2.1", "10.3", "1.1.1", before a capitalised title.
_RUNON_NUMBER = re.compile(r"(?:(?<=\s)|^)(?P<num>\d{1,2}(?:\.\d{1,2}){0,2}\.?)\s+(?=[A-ZÆØÅ])")
# A page behind a leader ("... 3", "…3", ". . . s 7"), "side 3", or glued "kommune.2".
_RUNON_PAGE = re.compile(
    r"(?:\s*(?:\.\s?){2,}\s*(?:s\.?\s*)?|\s*…+\s*|\s+(?:side|s\.?)\s+|(?<=[^\W\d_])\.)"
    r"(?P<page>\d{1,3})(?=\s|$)",
    re.I,
)
_RUNON_BARE_PAGE = re.compile(r"(?<=[^\W\d_)])\s(?P<page>\d{1,3})(?=\s+[A-ZÆØÅ]|\s*$)")
# Section names that stand alone: in a run of capitals they start an entry of their own
# ("… OG DIALOG VEDLEGG:").
STANDALONE_SECTIONS: frozenset[str] = frozenset(
    {
        "vedlegg",
        "forord",
        "innledning",
        "innleiing",
        "sammendrag",
        "samandrag",
        "referanser",
        "litteratur",
        "kilder",
        "kjelder",
    }
)
_LEADER_BEFORE = re.compile(r"(?:\.{2,}|…|\bside|\bs\.?)\s*$", re.I)


def _number_key(num: str) -> tuple[int, ...]:
    return tuple(int(p) for p in num.rstrip(".").split("."))


def _follows(prev: tuple[int, ...] | None, cur: tuple[int, ...]) -> bool:
    """Whether section number ``cur`` can come next after ``prev`` in a contents list."""
    if prev is None:
        return cur[-1] == 1 or len(cur) == 1
    if len(cur) == len(prev) + 1:
        return cur[:-1] == prev and cur[-1] == 1
    if len(cur) <= len(prev):
        return cur[:-1] == prev[: len(cur) - 1] and cur[-1] == prev[len(cur) - 1] + 1
    return False


def _strip_footer(text: str, marker: str | None, footers: list[str]) -> str:
    """The contents text without the page's own number, folio and running footer."""
    text = _FOLIO_OF.sub("", text)
    m = _FOLIO.match(text)
    if m:
        words = m.group("before").split()
        for k in range(len(words), 1, -1):
            suffix = " ".join(words[-k:])
            if sum(f.endswith(suffix) for f in footers) >= 2:
                text = " ".join(words[:-k])
                break
    if marker is not None:
        # The folio repeats the page marker: "… 3" or "… Side 3" on page 3.
        text = re.sub(rf"\s+(?:Side\s+)?{marker}\s*$", "", text)
    return text.strip()


def _caps_entries(text: str) -> list[tuple[str | None, str, int | None]]:
    """Entries in capitals among mixed-case sub-entries that cannot be split."""
    words = text.split()

    def upper(w: str) -> bool:
        letters = [c for c in w if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)

    out: list[tuple[str | None, str, int | None]] = []
    i = 0
    while i < len(words):
        number = None
        j = i
        while j < len(words) and words[j].startswith("(") and upper(words[j]):
            j += 1  # "(RST)" closes the mixed-case entry before
        i = j
        if j >= len(words):
            break
        if re.fullmatch(r"\d{1,2}\.", words[j]) and j + 1 < len(words) and upper(words[j + 1]):
            number, j = words[j], j + 1
        elif (
            upper(words[j])
            and j + 2 < len(words)
            and re.fullmatch(r"\d{1,2}\.?|[A-ZÆØÅ]\.", words[j + 1])
            and upper(words[j + 2])
        ):
            number, j = f"{words[j]} {words[j + 1]}", j + 2  # "PROGRAM 1. KOMPETANSE"
        k = j
        while k < len(words) and upper(words[k]) and not re.fullmatch(r"[\d.]+", words[k]):
            if k > j and words[k].strip(".:,").casefold() in STANDALONE_SECTIONS:
                break
            k += 1
        run = words[j:k]
        letters = sum(c.isalpha() for c in "".join(run))
        if run and (len(run) >= 2 or letters >= 4) and not run[0].startswith("("):
            out.append((number, " ".join(run).rstrip(" .:,"), None))
            i = k
        else:
            i = max(k, i + 1)
    return out


def _split_runon(
    text: str, after: tuple[int, ...] | None, chosen: StructureSettings
) -> list[tuple[str | None, str, int | None]]:
    """(number, title, page) of each entry in a contents list run together on one line;
    ``after`` is the number of the entry before, when the list continues from a page."""
    words = text.split()
    lower = sum(1 for w in words if any(c.islower() for c in w))
    caps = _caps_entries(text)
    if len(caps) >= chosen.min_caps_entries and lower >= 3:
        return caps
    starts = []
    prev = after
    for m in _RUNON_NUMBER.finditer(text):
        if _LEADER_BEFORE.search(text, 0, m.start()):
            continue  # "Innledning... 3 Formål": a page, not an entry number
        key = _number_key(m.group("num"))
        if _follows(prev, key):
            starts.append(m)
            prev = key
    out: list[tuple[str | None, str, int | None]] = []
    if len(starts) >= 2:
        for m, nxt in zip(starts, [*starts[1:], None], strict=True):
            chunk = text[m.end() : nxt.start() if nxt else len(text)].strip()
            page = None
            pm = re.search(r"(?:" + _RUNON_PAGE.pattern + r"|\s(?P<bare>\d{1,3}))\s*$", chunk, re.I)
            if pm:
                page = int(pm.group("page") or pm.group("bare"))
                chunk = chunk[: pm.start()]
            out.append((m.group("num"), chunk.rstrip(" .:"), page))
        return out
    pos = 0
    pages = list(_RUNON_PAGE.finditer(text))
    if not pages:
        # "Innledning 3 Bakgrunn 4 Mål 7": bare pages, taken only while they rise.
        pages = []
        last = 0
        for m in _RUNON_BARE_PAGE.finditer(text):
            if int(m.group("page")) >= last:
                pages.append(m)
                last = int(m.group("page"))
        if len(pages) < chosen.min_bare_pages:
            return []
    for m in pages:
        title = text[pos : m.start()].strip()
        if re.search(r"[^\W\d_]", title):
            out.append((None, title.rstrip(" .:"), int(m.group("page"))))
        pos = m.end()
    rest = text[pos:].strip()
    if out and rest:
        # Entries whose pages were lost: each starts with a capital ("Ressurser Næringsfond").
        for part in re.split(r"\s+(?=[A-ZÆØÅ])", rest):
            if re.search(r"[^\W\d_]{2,}", part):
                out.append((None, part.rstrip(" .:"), None))
    return out


def _parse_runon_toc(lines: list[Line], chosen: StructureSettings) -> tuple[list[_TocItem], range]:
    """A contents list run together after its header on one line, continued on the next
    page's line when the numbering continues there."""
    footers = [m.group("before") for line in lines if (m := _FOLIO.match(line.text.rstrip()))]
    for start, line in enumerate(lines):
        head = _RUNON_HEADER.match(line.text)
        if head is None:
            continue
        chunks = [(start, _strip_footer(head.group("rest"), head.group("marker"), footers))]
        found = _split_runon(chunks[0][1], None, chosen)
        if len(found) < 2:
            continue
        end = start
        nxt = _next_nonblank(lines, start, limit=2)
        while found[-1][0] and nxt is not None:
            m = _PAGE_MARKER.match(lines[nxt].text)
            text = _strip_footer(m.group("rest"), m.group("marker"), footers) if m else ""
            more = _split_runon(text, _number_key(found[-1][0]), chosen) if text else []
            if (
                not more
                or not more[0][0]
                or not _follows(_number_key(found[-1][0]), _number_key(more[0][0]))
            ):
                break
            found += more
            end = nxt
            nxt = _next_nonblank(lines, nxt, limit=2)
        items = []
        for seq, (number, title, page) in enumerate(found, 1):
            body = f"{number} {title}" if number and number[0].isdigit() else title
            level, num, kind, _title, key = _classify_toc(body, None)
            if number and not number[0].isdigit():
                num, kind, key = number.rstrip("."), "chapter", None
            items.append(_TocItem(seq, level, num, kind, _ws(title), page, start, start, key))
        _kinds_from_structure(items)
        return items, range(start, end + 1)
    return [], range(0)


# ---------------------------------------------------------------------------------------
# Body headings
# ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Heading:
    kind: str  # chapter | delmal | tiltak
    index: int  # first line of the heading
    end: int  # last line of the heading (a wrapped title spans two)
    number: str | None
    title: str
    delmal_no: str | None = None
    tiltak_no: str | None = None

    @property
    def key(self) -> tuple[str, ...] | None:
        if self.kind == "delmal":
            return ("delmal", self.delmal_no or "")
        if self.kind == "tiltak":
            return ("tiltak", self.delmal_no or "", self.tiltak_no or "")
        if self.kind == "chapter" and self.number:
            return ("chapter", self.number)
        return None


def _overview_zones(lines: list[Line]) -> set[int]:
    """Line indexes inside overview tables ("Delmål Tiltak Beløp" ... "Total")."""
    zone: set[int] = set()
    for start, line in enumerate(lines):
        if not _OVERVIEW_HEADER.match(line.text):
            continue
        end = min(len(lines) - 1, start + 300)
        for j in range(start + 1, min(len(lines), start + 301)):
            text = lines[j].text
            if _OVERVIEW_END.match(text):
                end = j
                break
            if _OVERVIEW_SUBTOTAL.match(text):
                nxt = _next_nonblank(lines, j)
                # A bare number between two rows is the page's footer (PDFs).
                while nxt is not None and lines[nxt].text.strip().isdigit():
                    nxt = _next_nonblank(lines, nxt)
                if nxt is None or not _OVERVIEW_ROW.match(lines[nxt].text):
                    end = j
                    break
        zone.update(range(start, end + 1))
    return zone


def _join_wrapped(
    lines: list[Line], i: int, title: str, toc_title: str | None, chosen: StructureSettings
) -> tuple[str, int]:
    """The heading's full title and its last line, joining a wrapped second line."""
    if toc_title is not None:
        # The ToC is the document's own statement of the title: join while it agrees.
        want = _norm(toc_title)
        end = i
        while _norm(title) != want and want.startswith(_norm(title)):
            j = _next_nonblank(lines, end, limit=2)
            if j is None:
                break
            joined = f"{title} {lines[j].stripped}"
            if not want.startswith(_norm(joined)):
                break
            title, end = joined, j
        if end != i:
            return _ws(title), end
    end = _heading_font_block(lines, i, chosen)
    if end > i:
        rest = " ".join(lines[k].stripped for k in range(i + 1, end + 1))
        return _ws(f"{title} {rest}"), end
    if title.rstrip().endswith((".", "!", "?", ":", ";")):
        return title, i
    j = _next_nonblank(lines, i, limit=2)
    if j is None:
        return title, i
    cont = lines[j].stripped
    if (
        cont[:1].islower()
        and len(cont.split()) <= chosen.max_wrap_words
        and not cont.endswith(":")
        and _followed_by_blank(lines, j, chosen)
    ):
        return _ws(f"{title} {cont}"), j
    return title, i


def _heading_font_block(lines: list[Line], i: int, chosen: StructureSettings) -> int:
    """The last line of a PDF heading that starts at line ``i`` and wraps over lines set in
    its own larger font ("Tiltak 1 Etablere felles dynamisk utviklingsmiljø Indre" /
    "Namdal"), when the text after it is set smaller; else ``i``. Text dumps have no
    sizes: there the wrapped line's case and the blank line decide."""
    here = lines[i]
    if here.bbox is None:
        return i
    height = here.bbox[3] - here.bbox[1]
    end = i
    for k in range(i + 1, min(len(lines), i + chosen.max_heading_lines)):
        prev, nxt = lines[k - 1], lines[k]
        if nxt.bbox is None or prev.bbox is None or nxt.page != here.page:
            break
        if abs((nxt.bbox[3] - nxt.bbox[1]) - height) > chosen.same_size * height:
            break
        if nxt.bbox[1] - prev.bbox[3] > chosen.pdf_blank_gap * height:
            break
        end = k
    after = end + 1
    if end == i or after >= len(lines) or lines[after].bbox is None:
        return i
    below = lines[after].bbox[3] - lines[after].bbox[1]  # type: ignore[index]
    return end if height > chosen.pdf_heading_size * below else i


def _chapter_shaped(title: str, chosen: StructureSettings) -> bool:
    return (
        _capitalised(title)
        and len(title.split()) <= chosen.max_chapter_words
        and not title.endswith((".", ",", ";", ":"))
        and not _MONEY.search(title)
    )


def _in_tight_run(lines: list[Line], i: int, n: int, chosen: StructureSettings) -> bool:
    """Whether an item numbered n-1 or n+1 stands within ``chosen.tight_run`` non-blank lines."""
    neighbours = {n - 1, n + 1}
    for step in (-1, 1):
        seen = 0
        j = i + step
        while 0 <= j < len(lines) and seen < chosen.tight_run:
            if not lines[j].is_blank:
                seen += 1
                m = _NUMBERED.match(lines[j].text)
                if m and int(m.group("n")) in neighbours:
                    return True
                # Below a chapter heading, a line ending in ":" or an item "1." opens a
                # list of its own ("1. Innleiing / Avtala har tre delmål: / 1. ... 2. ...").
                if step == 1 and (lines[j].text.rstrip().endswith(":") or (m and m["n"] == "1")):
                    break
            j += step
    return False


def _introduced_by_colon(lines: list[Line], i: int) -> bool:
    # "Vedlegg:", "Avtalen inkluderer 7 delmål:" announce a list; a chapter never follows
    # a colon.
    for j in range(i - 1, -1, -1):
        if not lines[j].is_blank:
            return lines[j].text.rstrip().endswith(":")
    return False


def _detect_headings(
    lines: list[Line],
    skip: set[int],
    toc_titles: dict[tuple[str, ...], str],
    chosen: StructureSettings,
) -> list[_Heading]:
    headings: list[_Heading] = []
    chapter_last = 0
    list_last: int | None = None
    list_at = -chosen.list_gap - 1
    delmal_cur: str | None = None
    delmal_last = 0
    tiltak_last = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        # A line inside a table of the source (PDF grid, Word table) is never a heading.
        if i in skip or line.is_blank or line.table_id is not None:
            i += 1
            continue
        text = line.text

        m = _DELMAL.match(text)
        if m and _capitalised(m.group("title")):
            no = int(m.group("no"))
            table_gap = bool(m.group("colon")) and len(m.group("gap")) >= 3
            title, end = _join_wrapped(
                lines, i, m.group("title"), toc_titles.get(("delmal", str(no))), chosen
            )
            if not table_gap and no > delmal_last and _followed_by_blank(lines, end, chosen):
                headings.append(
                    _Heading("delmal", i, end, f"{m.group('word')} {no}", _ws(title), str(no))
                )
                delmal_cur, delmal_last, tiltak_last = str(no), no, 0
                i = end + 1
                continue

        m = _TVERRGAENDE.match(text)
        if m and _followed_by_blank(lines, i, chosen):
            headings.append(_Heading("delmal", i, i, None, _ws(m.group("title")), "T"))
            delmal_cur, tiltak_last = "T", 0
            i += 1
            continue

        if delmal_cur is not None:
            found = _match_tiltak(text, delmal_cur)
            if found is not None:
                number, n, title = found
                if n > tiltak_last and _capitalised(title):
                    toc_title = toc_titles.get(("tiltak", delmal_cur, str(n)))
                    title, end = _join_wrapped(lines, i, title, toc_title, chosen)
                    if _followed_by_blank(lines, end, chosen):
                        headings.append(
                            _Heading("tiltak", i, end, number, _ws(title), delmal_cur, str(n))
                        )
                        tiltak_last = n
                        i = end + 1
                        continue

        m = _NUMBERED.match(text)
        if m and _capitalised(m.group("title")):
            n = int(m.group("n"))
            title = m.group("title")
            if list_last is not None and n == list_last + 1 and i - list_at <= chosen.list_gap:
                list_last, list_at = n, i
            elif (
                _chapter_shaped(title, chosen)
                and (n == 1 if chapter_last == 0 else chapter_last < n <= chapter_last + 2)
                and not _in_tight_run(lines, i, n, chosen)
                and not _introduced_by_colon(lines, i)
            ):
                title, end = _join_wrapped(
                    lines, i, title, toc_titles.get(("chapter", str(n))), chosen
                )
                headings.append(_Heading("chapter", i, end, str(n), _ws(title)))
                chapter_last = n
                delmal_cur = None
                i = end + 1
                continue
            else:
                list_last, list_at = n, i
        i += 1
    return headings


def _match_tiltak(text: str, delmal_cur: str) -> tuple[str, int, str] | None:
    """(number as printed, tiltak number, title) of a tiltak heading under ``delmal_cur``."""
    if m := _TILTAK_DN.match(text):
        if m.group("d").lstrip("0") == delmal_cur:
            return m.group("num"), int(m.group("n")), m.group("title")
        return None
    if m := _TILTAK_T.match(text):
        if delmal_cur == "T":
            return m.group("num"), int(m.group("n")), m.group("title")
        return None
    if m := _TILTAK_WORD.match(text):
        return _ws(m.group("num")), int(m.group("n")), m.group("title")
    return None


def _find_by_text(lines: list[Line], start: int, item: _TocItem) -> _Heading | None:
    """A body line (or two, wrapped) that reads exactly like the ToC entry."""
    # A chapter's number is stored without its list dot; the body prints "4. Organisering".
    wants = {_norm(item.full_text)}
    if item.kind == "chapter" and item.number:
        wants.add(_norm(f"{item.number}. {item.title}"))
    for i in range(start, len(lines)):
        have = _norm(lines[i].text)
        want = next((w for w in wants if have and w.startswith(have)), None)
        if want is None:
            continue
        end = i
        while have != want:
            j = _next_nonblank(lines, end, limit=2)
            if j is None:
                break
            joined = _norm(f"{have} {lines[j].text}")
            if not want.startswith(joined):
                break
            have, end = joined, j
        if have != want:
            continue
        if item.kind == "delmal":
            no = item.key[1] if item.key else None
            return _Heading("delmal", i, end, item.number, item.title, no)
        if item.kind == "tiltak" and item.key:
            return _Heading("tiltak", i, end, item.number, item.title, item.key[1], item.key[2])
        return _Heading(
            "chapter", i, end, item.number if item.kind == "chapter" else None, item.title
        )
    return None


# ---------------------------------------------------------------------------------------
# Case documents: prioritised delmål as bullets (004)
# ---------------------------------------------------------------------------------------


def _prioritised_delmal(doc: Document) -> list[tuple[Line, str]]:
    lines = doc.lines
    for i, line in enumerate(lines):
        m = _PRIORITISED.search(line.text)
        if not m:
            continue
        bullets: list[tuple[Line, str]] = []
        j = _next_nonblank(lines, i, limit=3)
        while j is not None:
            b = _BULLET.match(lines[j].text)
            if not b:
                break
            text = b.group("text")
            k = j + 1
            # A bullet wrapped onto a lowercase line without its own bullet mark.
            while k < len(lines) and not lines[k].is_blank and not _BULLET.match(lines[k].text):
                if not lines[k].stripped[:1].islower():
                    break
                text = f"{text} {lines[k].stripped}"
                k += 1
            bullets.append((lines[j], _ws(text)))
            j = _next_nonblank(lines, k - 1, limit=2)
        if not bullets:
            continue
        count = m.group("count")
        if count:
            stated = int(count) if count.isdigit() else NUMBER_WORDS[count.lower()]
            if stated != len(bullets):
                doc.add_check(
                    "delmal_count_mismatch",
                    "warning",
                    f"the text says {stated} prioritised delmål but lists {len(bullets)}",
                    line,
                )
        return bullets
    return []


# ---------------------------------------------------------------------------------------
# Stage
# ---------------------------------------------------------------------------------------


def _sections(headings: list[_Heading], n_lines: int) -> list[Section]:
    stops = {
        "chapter": {"chapter"},
        "delmal": {"chapter", "delmal"},
        "tiltak": {"chapter", "delmal", "tiltak"},
    }
    out = []
    for k, h in enumerate(headings):
        nxt = next((o.index for o in headings[k + 1 :] if o.kind in stops[h.kind]), n_lines)
        out.append(
            Section(
                kind=h.kind,
                number=h.number,
                title=h.title,
                first_line=h.index,
                last_line=nxt - 1,
                delmal_no=h.delmal_no,
                tiltak_no=h.tiltak_no,
            )
        )
    return out


def _theme(title: str, delmal_no: str) -> tuple[str, str | None]:
    if delmal_no == "T":
        # The heading itself names the category; no keyword guess is needed.
        return "tverrgaende", "heading 'Tverrgående tiltak'"
    from hplan.normalize.themes import assign_theme  # written alongside; imported at use

    return assign_theme(title)


def run(doc: Document, settings: Settings | None = None) -> None:
    lines = doc.lines
    chosen = (settings or Settings()).structure
    toc, toc_span = _parse_toc(lines, chosen)
    # The title without its number is what _join_wrapped compares a heading against.
    toc_titles = {item.key: item.title for item in toc if item.key}

    skip = set(toc_span) | _overview_zones(lines)
    headings = _detect_headings(lines, skip, toc_titles, chosen)

    # Match every ToC entry to a body heading: by number first, then by its full text.
    by_key: dict[tuple[str, ...], _Heading] = {}
    for h in headings:
        if h.key is not None:
            by_key.setdefault(h.key, h)
    body_start = toc_span.stop if toc else 0
    matched: dict[int, _Heading] = {}
    for item in toc:
        h = by_key.get(item.key) if item.key else None
        if h is None:
            h = _find_by_text(lines, body_start, item)
            if h is not None:
                # A line the rules already made a heading keeps that heading (one per line).
                same = next((o for o in headings if o.index == h.index), None)
                if same is not None:
                    h = same
                else:
                    headings.append(h)
                    if h.key is not None:
                        by_key.setdefault(h.key, h)
        if h is not None:
            matched[item.seq] = h
    headings.sort(key=lambda h: h.index)

    doc.sections.extend(_sections(headings, len(lines)))

    for h in headings:
        if h.kind != "delmal" or h.delmal_no is None:
            continue
        theme, evidence = _theme(h.title, h.delmal_no)
        head = lines[h.index]
        doc.delmal.append(
            DelmalRecord(doc.doc_id, h.delmal_no, h.title, theme, head.page, head.line, evidence)
        )
    if not any(h.kind == "delmal" for h in headings) and doc.meta.doc_type == "saksframlegg":
        for no, (line, title) in enumerate(_prioritised_delmal(doc), 1):
            theme, evidence = _theme(title, str(no))
            doc.delmal.append(
                DelmalRecord(doc.doc_id, str(no), title, theme, line.page, line.line, evidence)
            )

    # A contents list run together on one line comes from a transcript whose headings are
    # run together too: one check for all its missing entries, not one per entry.
    runon = len({item.first_index for item in toc}) < len(toc)
    missing: list[_TocItem] = []
    for item in toc:
        entry_line = lines[item.first_index]
        h = matched.get(item.seq)
        head = lines[h.index] if h is not None else None
        doc.toc_entries.append(
            TocEntryRecord(
                doc_id=doc.doc_id,
                seq=item.seq,
                level=item.level,
                number=item.number,
                kind=item.kind,
                title=item.title,
                page=item.page,
                found_in_body=head is not None,
                body_page=head.page if head else None,
                body_line=head.line if head else None,
                line=entry_line.line,
            )
        )
        label = f"ToC entry '{item.full_text}' (page {item.page})"
        if (h is None or head is None) and runon:
            missing.append(item)
            continue
        if h is None or head is None:
            doc.add_check(
                "toc_missing_in_body", "warning", f"{label} has no heading in the body", entry_line
            )
            continue
        if item.page is not None and head.page is not None and head.page != item.page:
            doc.add_check(
                "toc_page_mismatch",
                "warning",
                f"{label}: heading found on page {head.page} (line {head.line})",
                entry_line,
            )
        if _norm(h.title) != _norm(item.title):
            doc.add_check(
                "toc_title_mismatch",
                "warning",
                f"{label}: the body heads it '{h.title}' (line {head.line})",
                entry_line,
            )

    if missing:
        names = ", ".join(f"'{item.full_text}'" for item in missing[:3])
        names += ", …" if len(missing) > 3 else ""
        doc.add_check(
            "toc_missing_in_body",
            "warning",
            f"{len(missing)} of {len(toc)} entries of a contents list run together on one line "
            f"have no heading of their own in the body ({names})",
            lines[missing[0].first_index],
        )
    if toc:
        in_toc = {id(h) for h in matched.values()}
        for h in headings:
            if h.kind in ("delmal", "tiltak") and id(h) not in in_toc:
                label = f"{h.number} {h.title}" if h.number else h.title
                doc.add_check(
                    "heading_missing_in_toc",
                    "warning",
                    f"{h.kind} heading '{label}' is not in the table of contents",
                    lines[h.index],
                )
