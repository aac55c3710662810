"""Metadata stage: doc_type, pilot, plan_year, language and agreement period.

Rules, in the order a reader would apply them:

* **doc_type** — the document's own form words decide. A letter signs off ("Med hilsen",
  "Med venleg helsing") and has an address list; a case document (saksframlegg) has a
  recommendation ("innstilling", "framlegg/forslag til vedtak", "Vurdering", "Vedlegg:");
  a handlingsplan has the title "Handlingsplan <year>" and delmål sections. A case
  document *about* a plan (004) is a saksframlegg, so case markers beat the plan title.
* **pilot** — only from the title phrase "Bygdevekstavtale(n/a) for <pilot>": documents
  that concern several pilots (a county case, KDD's letter) name none in a title and get
  an empty pilot. Spelling variants are folded through :data:`PILOT_ALIASES`.
* **plan_year** — the year in the title line that names the handlingsplan.
* **language** — nynorsk vs bokmål marker words counted over the whole text.
"""

from __future__ import annotations

import re
from collections import Counter

from hplan.extract.settings import MetadataSettings, Settings
from hplan.models.document import Document
from hplan.normalize.years import find_agreement_period

# Canonical pilot names (the pilots in KDD's 2025 allocation letter plus the Trøndelag
# pilots), with the written variants that should fold into them. Extend freely.
PILOT_ALIASES: dict[str, str] = {
    "rindal og holtålen": "Rindal og Holtålen",
    "rindal/holtålen": "Rindal og Holtålen",
    "indre namdal": "Indre Namdal",
    "bygdevekst indre namdal": "Indre Namdal",
    "vest-telemark": "Vest-Telemark",
    "nord-troms": "Nord-Troms",
    "smøla og aure": "Smøla og Aure",
    "solund og fedje": "Solund og Fedje",
    "sør-østerdalen": "Sør-Østerdalen",
}

DOC_TYPE_MARKERS: dict[str, list[tuple[str, str]]] = {
    # (a word the marker cannot match without, the marker) on the lowercased text: the
    # word is looked for first with ``in``, which is ~50x cheaper than a regex scan of
    # a whole document, and most markers are absent from most documents.
    "brev": [
        ("hilsen", r"^[ \t]*med (vennlig )?hilsen[ \t]*$"),
        ("helsing", r"^[ \t]*med venleg helsing[ \t]*$"),
        ("adresseliste", r"^[ \t]*adresseliste[ \t]*$"),
        ("vår ref", r"\bvår ref\b"),
        ("dykkar ref", r"\bdykkar ref\b"),
        ("deres ref", r"\bderes ref\b"),
        ("kopi", r"^[ \t]*kopi[ \t]*$"),
        ("dette brevet", r"\bdette brevet\b"),
    ],
    "saksframlegg": [
        ("innstilling", r"\binnstilling\s*:"),
        ("til vedtak", r"\b(framlegg|forslag) til vedtak\b"),
        ("saksframlegg", r"^[ \t]*saksframlegg\b"),
        ("vurdering", r"^[ \t]*vurdering[ \t]*:?[ \t]*$"),
        ("vedlegg", r"^[ \t]*vedlegg[ \t]*:[ \t]*$"),
        ("sammendrag", r"^[ \t]*sammendrag[ \t]*$"),
        ("bakgrunn", r"^[ \t]*bakgrunn[ \t]*:?[ \t]*$"),
        ("saksbehandler", r"\bsaksbehandler\b"),
    ],
}

# Marker words that only one written standard uses (lowercase whole words).
NYNORSK_WORDS = frozenset(
    [
        "ikkje",
        "kva",
        "eit",
        "ein",
        "frå",
        "dei",
        "kommunane",
        "korleis",
        "fleire",
        "meir",
        "berre",
        "mykje",
        "difor",
        "vore",
        "vart",
        "blir",
        "òg",
        "ho",
        "me",
        "desse",
        "sjølv",
        "heile",
        "avtala",
        "saka",
        "tiltaka",
        "ynskje",
        "kvar",
    ]
)
BOKMAL_WORDS = frozenset(
    [
        "ikke",
        "hva",
        "et",
        "en",
        "fra",
        "de",
        "kommunene",
        "hvordan",
        "flere",
        "mer",
        "bare",
        "mye",
        "derfor",
        "vært",
        "ble",
        "også",
        "hun",
        "vi",
        "disse",
        "selv",
        "hele",
        "avtalen",
        "saken",
        "tiltakene",
        "ønske",
        "hver",
    ]
)

_TITLE_PLAN = re.compile(r"\bhandlingsplan(?:en)?\b(?P<rest>.*)", re.IGNORECASE)
_YEAR = re.compile(r"\b(20\d\d)\b")
_PILOT = re.compile(
    r"bygdevekstavtal(?:e|en|a)\s+for\s+(?:bygdevekst\s+|piloten\s+)?(?P<pilot>.+?)\s*(?:20\d\d)?\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-zæøåò]+")

_DEFAULTS = MetadataSettings()


def _title_block(doc: Document, settings: MetadataSettings = _DEFAULTS) -> list[str]:
    out = []
    for line in doc.lines:
        if line.stripped:
            out.append(line.stripped)
            if len(out) >= settings.title_block_lines:
                break
    return out


def detect_language(text: str) -> str:
    counts = Counter(_WORD.findall(text.lower()))
    nn = sum(counts[w] for w in NYNORSK_WORDS)
    nb = sum(counts[w] for w in BOKMAL_WORDS)
    return "nn" if nn > nb else "nb"


# Compiled once and searched over the whole text: "^"/"$" are a line's start and end,
# and the markers use [ \t] rather than \s so that no match runs across lines.
_DOC_TYPE_RES = {
    doc_type: [(needle, re.compile(p, re.MULTILINE)) for needle, p in markers]
    for doc_type, markers in DOC_TYPE_MARKERS.items()
}


def detect_doc_type(doc: Document, settings: MetadataSettings = _DEFAULTS) -> str:
    text = doc.text.lower()
    scores = {
        doc_type: sum(1 for needle, r in markers if needle in text and r.search(text))
        for doc_type, markers in _DOC_TYPE_RES.items()
    }
    title = " ".join(_title_block(doc, settings)[: settings.title_lines])
    has_plan_title = bool(re.search(r"\bhandlingsplan\b", title, re.IGNORECASE))
    needed = settings.min_form_markers
    if scores["brev"] >= needed and scores["brev"] >= scores["saksframlegg"]:
        return "brev"
    if scores["saksframlegg"] >= needed:
        return "saksframlegg"
    if has_plan_title:
        return "handlingsplan"
    return "other"


def canonical_pilot(written: str) -> str:
    key = re.sub(r"\s+", " ", written.strip(" .,:-–")).lower()
    return PILOT_ALIASES.get(key, written.strip(" .,:-–"))


def detect_pilot_and_year(
    doc: Document, settings: MetadataSettings = _DEFAULTS
) -> tuple[str | None, int | None, str | None]:
    """(pilot, plan_year, title) from the title block."""
    block = _title_block(doc, settings)
    title = None
    year = None
    pilot = None
    for n, text in enumerate(block):
        m = _TITLE_PLAN.search(text)
        # Only the first lines can be a title; later ones are already prose.
        if m and title is None and n < settings.title_lines:
            title = text
            y = _YEAR.search(text)
            if y:
                year = int(y.group(1))
        p = _PILOT.search(text)
        if p and pilot is None:
            pilot = canonical_pilot(p.group("pilot"))
            y = _YEAR.search(text)
            if y and year is None:
                year = int(y.group(1))
    if title is None and block:
        title = block[0]
    return pilot, year, title


def run(doc: Document, settings: Settings | None = None) -> None:
    own = (settings or Settings()).metadata
    doc.meta.doc_type = detect_doc_type(doc, own)
    pilot, year, title = detect_pilot_and_year(doc, own)
    doc.meta.pilot = pilot
    doc.meta.plan_year = year
    doc.meta.title = title
    doc.meta.language = detect_language(doc.text)
    period = find_agreement_period(doc.text, own.agreement)
    if period:
        doc.meta.agreement_start, doc.meta.agreement_end = period
